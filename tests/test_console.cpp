// The supervisors' console without a browser: «/панель», the one-time code, sessions, the pages' figures, the CSV,
// /metrics and the health checks — real SQLite, the real router and routes, a simulated clock.
#include <catch2/catch.hpp>

#include "bot/web_routes.h"
#include "handlers/calendar/calendar_feed.h"
#include "handlers/console/console_pages.h"
#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::testing;
using Catch::Contains;
using Catch::StartsWith;

namespace {

// Secrets the test can predict: code-1, code-2, …
class CountingSecrets final : public SecretSource {
public:
  std::string fresh(std::size_t) const override { return "secret-" + std::to_string(++n_); }

private:
  mutable int n_ = 0;
};

std::string header(const HttpReply& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

HttpRequest get(const std::string& target, const std::string& cookie = {}) {
  HttpRequest r{"GET", target, {}, {}};
  if (!cookie.empty()) r.headers["cookie"] = cookie;
  return r;
}

HttpRequest post(const std::string& target, const std::string& body, const std::string& cookie = {}) {
  HttpRequest r{"POST", target, {{"content-type", "application/x-www-form-urlencoded"}}, body};
  if (!cookie.empty()) r.headers["cookie"] = cookie;
  return r;
}

// The bot, its routes, and the secrets both draw from.
struct Console {
  explicit Console(TimePoint start) : bot(start) { wire(); }
  // After a change of settings: the engine and the routes take them anew, as a restart would.
  void reopen() {
    bot.restart();
    wire();
  }
  void wire() {
    bot.engine->set_secret_source(&secrets);
    routes = std::make_unique<WebRoutes>(WebServices{*bot.engine, *bot.store, bot.settings, "hook-secret",
                                                     [](const CallHook&) { return true; }, [this] { return connected; },
                                                     &secrets});
  }
  // «/панель» from the person in a direct chat; the code in the link they got, or "".
  std::string ask_link(const proto::User& who) {
    bot.say(who, dm(who), "/панель");
    const std::string text = text_with(bot.sent(), "/login?code=");
    const auto at = text.find("code=");
    if (at == std::string::npos) return {};
    return text.substr(at + 5, text.find_first_of(" \n", at) - at - 5);
  }
  // Logs in with the code; the session cookie ("dutybot_session=…") or "".
  std::string login(const std::string& code) {
    auto r = routes->handle(post("/login", "code=" + code));
    if (r.status != 303) return {};
    const std::string cookie = header(r, "Set-Cookie");
    return cookie.substr(0, cookie.find(';'));
  }

  CountingSecrets secrets;
  BotHarness bot;
  bool connected = true;
  std::unique_ptr<WebRoutes> routes;
};

}  // namespace

TEST_CASE("a supervisor's «/панель» gets a one-time link in the direct chat; the code is never stored in plain") {
  Console c(msk(2026, 12, 3, 10, 0));
  auto id = c.bot.say(sveta(), staff_chat(), "/панель");
  auto out = c.bot.store->pending_outbox(10);
  REQUIRE(out.size() == 2);
  // The link goes to the direct chat only; the staff chat hears where it went.
  const auto link = to(c.bot.sent(), "u-sveta");
  REQUIRE(link.size() == 1);
  CHECK_THAT(link[0].text, Contains("http://127.0.0.1:8081/login?code=secret-1") && Contains("10 мин"));
  CHECK(!link[0].chat_id);
  // Once the gateway confirmed the send (sent() marks it), the stored text keeps no code.
  auto stored = c.bot.store->outbox_text(link[0].req_id);
  REQUIRE(stored);
  CHECK_THAT(*stored, !Contains("secret-1") && Contains("code=•••"));
  // The code's hash is what the store knows; the plain code finds nothing by itself.
  CHECK(c.bot.store->login_code_owner(secret_hash("secret-1"), c.bot.clock.now()));
  CHECK(!c.bot.store->login_code_owner("secret-1", c.bot.clock.now()));
  (void)id;
}

TEST_CASE("an outgoing link the gateway refused keeps no code at rest either") {
  Console c(msk(2026, 12, 3, 10, 0));
  c.bot.say(sveta(), dm(sveta()), "/панель");
  auto rows = c.bot.store->pending_outbox(10);
  REQUIRE(rows.size() == 1);
  CHECK_THAT(*c.bot.store->outbox_text(rows[0].send.req_id), Contains("secret-1"));  // until the gateway answers
  c.bot.store->mark_failed(rows[0].send.req_id, "forbidden", c.bot.clock.now());
  CHECK_THAT(*c.bot.store->outbox_text(rows[0].send.req_id), !Contains("secret-1"));
}

TEST_CASE("anyone but a supervisor who writes «/панель» gets a short refusal and no code") {
  Console c(msk(2026, 12, 3, 10, 0));
  for (const auto& who : {anna(), boris()}) {
    c.bot.say(who, dm(who), "/панель");
    auto out = c.bot.sent();
    REQUIRE(out.size() == 1);
    CHECK(out[0].text == "Панель дежурств доступна только руководителям.");
  }
  c.bot.say(ivan(), dm(ivan()), "/панель");
  CHECK_THAT(text_with(c.bot.sent(), "руководител"), Contains("только руководителям"));
  // Nobody got a code: no secret was even drawn.
  CHECK(c.ask_link(sveta()) == "secret-1");
}

TEST_CASE("the login page does not spend the code; the button does, once; the cookie is HttpOnly and Strict") {
  Console c(msk(2026, 12, 3, 10, 0));
  const std::string code = c.ask_link(sveta());
  // A link preview (GET) twice: the button both times, nothing spent.
  for (int i = 0; i < 2; ++i) {
    auto page = c.routes->handle(get("/login?code=" + code));
    CHECK(page.status == 200);
    CHECK_THAT(page.body, Contains("Войти") && Contains("value=\"" + code + "\""));
  }
  auto r = c.routes->handle(post("/login", "code=" + code));
  REQUIRE(r.status == 303);
  CHECK(header(r, "Location") == "/");
  const std::string cookie = header(r, "Set-Cookie");
  CHECK_THAT(cookie, StartsWith("dutybot_session=secret-2;") && Contains("HttpOnly") && Contains("SameSite=Strict") &&
                         Contains("Max-Age=43200") && !Contains("Secure"));
  const std::string session = cookie.substr(0, cookie.find(';'));
  CHECK(c.routes->handle(get("/", session)).status == 200);
  // The session's token is stored hashed too.
  CHECK(c.bot.store->console_session(secret_hash("secret-2"), c.bot.clock.now()));
  CHECK(!c.bot.store->console_session("secret-2", c.bot.clock.now()));

  // The same link again: refused, on the page and on the button.
  CHECK(c.routes->handle(get("/login?code=" + code)).status == 403);
  auto again = c.routes->handle(post("/login", "code=" + code));
  CHECK(again.status == 403);
  CHECK(header(again, "Set-Cookie").empty());
  CHECK_THAT(again.body, Contains("недействительна"));
}

TEST_CASE("a link lives 10 minutes and a session 12 hours") {
  Console c(msk(2026, 12, 3, 10, 0));
  const std::string late = c.ask_link(sveta());
  c.bot.clock.advance(std::chrono::minutes(10) + std::chrono::seconds(1));
  CHECK(c.routes->handle(get("/login?code=" + late)).status == 403);
  CHECK(c.login(late).empty());

  const std::string code = c.ask_link(sveta());
  c.bot.clock.advance(std::chrono::minutes(9));
  const std::string session = c.login(code);
  REQUIRE(!session.empty());
  c.bot.clock.advance(std::chrono::hours(12) - std::chrono::seconds(1));
  CHECK(c.routes->handle(get("/schedule", session)).status == 200);
  c.bot.clock.advance(std::chrono::seconds(2));
  auto expired = c.routes->handle(get("/schedule", session));
  CHECK(expired.status == 401);
  CHECK_THAT(expired.body, Contains("/панель") && !Contains("График на 7 дней"));
}

TEST_CASE("with public_url on https the session cookie is Secure") {
  Console c(msk(2026, 12, 3, 10, 0));
  c.bot.settings.console.public_url = "https://duty.example.ru/";
  c.reopen();  // the engine and the routes take the settings anew
  c.bot.say(sveta(), dm(sveta()), "/панель");
  CHECK_THAT(text_with(c.bot.sent(), "code="), Contains("https://duty.example.ru/login?code=secret-1"));
  auto r = c.routes->handle(post("/login", "code=secret-1"));
  REQUIRE(r.status == 303);
  CHECK_THAT(header(r, "Set-Cookie"), Contains("; Secure"));
}

TEST_CASE("a forged, empty or oversized cookie sees the way in and no data; every page needs a session") {
  Console c(msk(2026, 12, 3, 10, 0));
  c.bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  for (const char* path : {"/", "/schedule", "/history", "/history.csv?from=2026-12-01&to=2026-12-03"})
    for (const std::string& cookie :
         {std::string(), std::string("dutybot_session=forged"),
          std::string("dutybot_session=") + std::string(4000, 'x'), std::string("other=1; dutybot_session=")}) {
      INFO(path << " " << cookie.substr(0, 40));
      auto r = c.routes->handle(get(path, cookie));
      CHECK(r.status == 401);
      CHECK_THAT(r.body, Contains("/панель") && !Contains("Анна"));
    }
}

TEST_CASE("a supervisor who stops being one loses the console at once, even if it changed while the bot was away") {
  Console c(msk(2026, 12, 3, 10, 0));
  const std::string session = c.login(c.ask_link(sveta()));
  const std::string unused = c.ask_link(sveta());
  REQUIRE(c.routes->handle(get("/", session)).status == 200);
  proto::User demoted = sveta();
  demoted.role = proto::Role::expert;
  c.bot.deliver(proto::Event{"e-member-1", proto::MemberEvent{demoted}});
  CHECK(c.routes->handle(get("/", session)).status == 401);
  CHECK(c.login(unused).empty());
  // Back as a supervisor: the old session stays ended.
  c.bot.deliver(proto::Event{"e-member-2", proto::MemberEvent{sveta()}});
  CHECK(c.routes->handle(get("/", session)).status == 401);

  // A role changed while the bot was away: the store learns it from hello, and the session ends there.
  const std::string second = c.login(c.ask_link(sveta()));
  REQUIRE(c.routes->handle(get("/", second)).status == 200);
  proto::Hello h;
  h.me = the_bot();
  h.last_acked_seq = c.bot.store->last_seq();
  h.staff = {anna(), demoted};
  c.bot.engine->on_hello(h);
  CHECK(c.routes->handle(get("/", second)).status == 401);
  c.bot.engine->on_hello([&] {
    h.staff = {anna(), sveta()};
    return h;
  }());
  CHECK(c.routes->handle(get("/", second)).status == 401);
}

TEST_CASE("logging out ends the session in the store, not only in the browser") {
  Console c(msk(2026, 12, 3, 10, 0));
  const std::string session = c.login(c.ask_link(sveta()));
  auto out = c.routes->handle(post("/logout", "", session));
  CHECK(out.status == 303);
  CHECK_THAT(header(out, "Set-Cookie"), Contains("Max-Age=0"));
  CHECK(c.routes->handle(get("/", session)).status == 401);
}

TEST_CASE("«Now» shows who is on duty until when, who is next, the waits per chat, and the link's state") {
  Console c(msk(2026, 12, 3, 10, 0));
  c.bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  c.bot.say(ivan(), turkey(), "Здравствуйте, какие документы нужны для визы <b>в Турцию</b>?");
  c.bot.sent();
  c.bot.store->apply(storage::Batch{std::nullopt,
                                    std::nullopt,
                                    std::nullopt,
                                    {storage::PutShift{"u-oleg", msk(2026, 12, 3, 20, 0), msk(2026, 12, 4, 8, 0)}},
                                    {},
                                    {}},
                     c.bot.clock.now());
  c.bot.clock.advance(std::chrono::minutes(7));
  const std::string session = c.login(c.ask_link(sveta()));
  auto page = c.routes->handle(get("/", session));
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body,
             Contains("<td>Анна</td><td>20:00</td>") && Contains("Олег") && Contains("чт 03.12 20:00–08:00"));
  CHECK_THAT(page.body, Contains("<td>Турция</td><td>Иван</td><td>7 мин</td>"));
  // Client text is escaped, never markup.
  CHECK_THAT(page.body, Contains("&lt;b&gt;в Турцию&lt;/b&gt;") && !Contains("<b>в Турцию"));
  CHECK_THAT(page.body, Contains("http-equiv=\"refresh\" content=\"30\"") && Contains("Связь с мессенджером"));
  CHECK_THAT(header(page, "Content-Security-Policy"), Contains("default-src 'self'"));
  c.connected = false;
  CHECK_THAT(c.routes->handle(get("/", session)).body, Contains("нет — бот переподключается"));
}

TEST_CASE("«Schedule» marks every stretch of coverage that nobody covers, and only those") {
  Console c(msk(2026, 12, 3, 8, 0));  // Thursday
  c.bot.settings.coverage = handlers::Coverage::from_spec({{"daily", {"09:00-21:00"}}}, {});
  c.reopen();  // the engine and the routes take the settings anew
  // Anna declared until 15:00 today; Oleg is planned 15:00–21:00 today and every later day 09:00–21:00 except
  // Saturday.
  c.bot.say(anna(), staff_chat(), "Дежурю до 15:00");
  storage::Batch plan;
  plan.changes.emplace_back(storage::PutShift{"u-oleg", msk(2026, 12, 3, 15, 0), msk(2026, 12, 3, 21, 0)});
  for (unsigned d : {4u, 6u, 7u, 8u, 9u})
    plan.changes.emplace_back(storage::PutShift{"u-oleg", msk(2026, 12, d, 9, 0), msk(2026, 12, d, 21, 0)});
  c.bot.store->apply(plan, c.bot.clock.now());
  const std::string session = c.login(c.ask_link(sveta()));
  auto page = c.routes->handle(get("/schedule", session));
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Contains("Дыры в графике: 1") && Contains("<li class=\"gap\">сб 05.12 09:00 – 05.12 21:00"));
  CHECK_THAT(page.body, Contains("class=\"duty\"") && Contains("class=\"shift\"") && Contains("class=\"gapbar\""));
}

TEST_CASE("the history's period: the last 7 days by default, and a clear refusal for a bad one") {
  const auto* zone = date::locate_zone("Europe/Moscow");
  const TimePoint now = msk(2026, 12, 3, 0, 30);
  std::string why;
  auto p = console::period_from(std::nullopt, std::nullopt, now, zone, why);
  REQUIRE(p);
  CHECK(p->from == msk(2026, 11, 27, 0, 0));
  CHECK(p->to == msk(2026, 12, 4, 0, 0));
  p = console::period_from("2026-11-01", "2026-11-30", now, zone, why);
  REQUIRE(p);
  CHECK(p->to - p->from == std::chrono::days(30));
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{{"2026-13-01", ""},
                                                                          {"2026-02-30", ""},
                                                                          {"01.12.2026", ""},
                                                                          {"2026-12-03", "2026-12-01"},
                                                                          {"2026-01-01", "2026-12-01"},
                                                                          {"2026-12-01'; DROP TABLE", ""}}) {
    INFO(from << " " << to);
    why.clear();
    CHECK(!console::period_from(from, to, now, zone, why));
    CHECK(!why.empty());
  }
  Console c(now);
  const std::string session = c.login(c.ask_link(sveta()));
  auto bad = c.routes->handle(get("/history?from=2026-12-05&to=2026-12-01", session));
  CHECK(bad.status == 400);
  CHECK_THAT(bad.body, Contains("начало периода позже конца"));
  CHECK(c.routes->handle(get("/history?from=%zz", session)).status == 400);
}

TEST_CASE("the people table and its CSV count the duties that ended in the period, figures as plain numbers") {
  Console c(msk(2026, 12, 3, 9, 0));
  c.bot.settings.shifts.reward_rub = 2000;
  c.reopen();  // the engine and the routes take the settings anew
  // Anna: 09:00–13:00, answers two clients after 2 and 4 minutes; Ivan's question in Egypt is answered by Oleg.
  c.bot.say(anna(), staff_chat(), "Дежурю до 13:00");
  c.bot.clock.advance(std::chrono::minutes(10));
  c.bot.say(ivan(), turkey(), "Сколько стоит тур в Анталью?");
  c.bot.say(maria(), egypt(), "А виза в Египет нужна?");
  c.bot.clock.advance(std::chrono::minutes(2));
  c.bot.say(anna(), turkey(), "Иван, от 80 000 ₽.");
  c.bot.clock.advance(std::chrono::minutes(2));
  c.bot.say(anna(), egypt(), "Мария, нет, виза по прилёте.");
  c.bot.advance_to(msk(2026, 12, 3, 13, 0));
  // Oleg: 13:00–14:30, Ivan asks again and waits; Oleg hands over with it unanswered.
  c.bot.say(oleg(), staff_chat(), "Дежурю до 18:00");
  c.bot.say(ivan(), turkey(), "А на майские что есть?");
  for (int minute = 0; minute < 90; ++minute) c.bot.advance(std::chrono::minutes(1));
  c.bot.say(oleg(), staff_chat(), "Сдаю дежурство");
  c.bot.sent();

  const std::string session = c.login(c.ask_link(sveta()));
  auto csv = c.routes->handle(get("/history.csv?from=2026-12-03&to=2026-12-03", session));
  REQUIRE(csv.status == 200);
  CHECK_THAT(csv.content_type, StartsWith("text/csv; charset=utf-8"));
  CHECK_THAT(header(csv, "Content-Disposition"), Contains("dutybot-2026-12-03-2026-12-03.csv"));
  CHECK(csv.body ==
        "user_id,name,duties,hours,answered,median_first_response_min,nudges,escalations,breaches,deduction_rub\r\n"
        "u-anna,Анна,1,4.00,2,2.0,0,0,0,0\r\n"
        "u-oleg,Олег,1,1.50,0,,9,7,0,1000\r\n");  // nudged at 5, 15, …, 85 min; escalated at 30, 40, …, 90
  // The day before has no ended duty: a header only.
  auto empty = c.routes->handle(get("/history.csv?from=2026-12-02&to=2026-12-02", session));
  CHECK(empty.body ==
        "user_id,name,duties,hours,answered,median_first_response_min,nudges,escalations,breaches,deduction_rub\r\n");

  auto page = c.routes->handle(get("/history?from=2026-12-03&to=2026-12-03", session));
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Contains("<td>Анна</td><td class=\"num\">1</td><td class=\"num\">4.00</td>"));
  CHECK_THAT(page.body, Contains("Без ответа к концу смены: чат «Турция»: Иван ждёт ответа с 13:00") &&
                            Contains("Удержание: 1000 ₽"));
  CHECK_THAT(page.body, Contains("src=\"/static/chart.js\"") && Contains("id=\"history-data\""));
}

TEST_CASE("the last 30 days are counted per day in the team's zone") {
  Console c(msk(2026, 12, 3, 23, 50));
  c.bot.say(ivan(), turkey(), "Вопрос в 23:50?");
  c.bot.clock.advance(std::chrono::minutes(20));  // 00:10 the next day, Moscow time
  c.bot.say(maria(), egypt(), "Вопрос в 00:10?");
  c.bot.clock.advance(std::chrono::minutes(5));
  c.bot.say(anna(), egypt(), "Ответ Марии");
  auto days = console::last_days(*c.bot.store, c.bot.clock.now(), c.bot.settings.zone);
  REQUIRE(days.size() == 30);
  CHECK(days.back().day == date::local_days{date::year{2026} / 12 / 4});
  CHECK(days.back().questions == 1);
  CHECK(days.back().unanswered == 0);
  CHECK(days.back().median == std::chrono::minutes(5));
  CHECK(days[28].questions == 1);
  CHECK(days[28].unanswered == 1);
  CHECK(!days[28].median);
}

TEST_CASE("/metrics, /healthz and /readyz answer without a session; /readyz says why it is not ready") {
  Console c(msk(2026, 12, 3, 10, 0));
  c.bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  c.bot.say(ivan(), turkey(), "Есть туры в Турцию?");
  c.bot.clock.advance(std::chrono::minutes(3));
  auto m = c.routes->handle(get("/metrics"));
  REQUIRE(m.status == 200);
  CHECK_THAT(m.content_type, StartsWith("text/plain; version=0.0.4"));
  CHECK_THAT(m.body, Contains("dutybot_events_total{type=\"message\"} 2\n") && Contains("dutybot_open_waits 1\n") &&
                         Contains("dutybot_oldest_wait_seconds 180\n") && Contains("dutybot_on_duty 1\n") &&
                         Contains("dutybot_last_event_age_seconds 180\n") && Contains("dutybot_gateway_connected 1\n"));
  CHECK_THAT(m.body, Contains("dutybot_event_handle_seconds_bucket{le=\"+Inf\"} 2\n") &&
                         Contains("dutybot_event_handle_seconds_count 2\n"));
  CHECK(c.routes->handle(get("/healthz")).status == 200);
  CHECK(c.routes->handle(get("/readyz")).status == 200);
  c.connected = false;
  auto not_ready = c.routes->handle(get("/readyz"));
  CHECK(not_ready.status == 503);
  CHECK_THAT(not_ready.body, Contains("gateway"));
  CHECK_THAT(c.routes->handle(get("/metrics")).body, Contains("dutybot_gateway_connected 0\n"));
  CHECK(c.routes->handle(post("/metrics", "")).status == 405);
}

TEST_CASE("/readyz is 503 with the reason while the database takes no write") {
  TempDir dir;
  const std::string path = dir.file("bot.db");
  BotHarness bot(msk(2026, 12, 3, 10, 0), path);
  WebRoutes routes(WebServices{*bot.engine, *bot.store, bot.settings, "", [](const CallHook&) { return true; },
                               [] { return true; }, nullptr});
  CHECK(routes.handle(get("/readyz")).status == 200);
  {
    // Another process holds the write lock (a stuck backup, a manual sqlite3 session): the bot cannot commit.
    storage::Database other(path);
    other.exec("BEGIN EXCLUSIVE");
    auto r = routes.handle(get("/readyz"));
    CHECK(r.status == 503);
    CHECK_THAT(r.body, Contains("database") && Contains("locked"));
    CHECK(routes.handle(get("/healthz")).status == 200);
    other.exec("ROLLBACK");
  }
  CHECK(routes.handle(get("/readyz")).status == 200);
}

TEST_CASE("the webhook takes a call signed within five minutes and refuses an older one, saying why") {
  Console c(msk(2026, 12, 3, 10, 0));
  const std::string body = R"({"event":"missed","call_id":"c-9","ts":"2026-12-03T06:59:00Z","from":"+7-916-000-00-00",)"
                           R"("to_line":"z-office-1","to_user":null})";
  auto call = [&](TimePoint signed_at) {
    const CallHookSignature sig = sign_call_hook("hook-secret", body, signed_at);
    return c.routes->handle(
        HttpRequest{"POST", "/hooks/calls", {{"x-timestamp", sig.timestamp}, {"x-signature", sig.signature}}, body});
  };
  const TimePoint now = c.bot.clock.now();
  CHECK(call(now).status == 200);
  CHECK(call(now - std::chrono::minutes(4)).status ==
        200);  // a recent repeat: taken, and the dedupe table does nothing twice
  const HttpReply replay = call(now - std::chrono::minutes(6));
  CHECK(replay.status == 401);
  CHECK(replay.body ==
        "X-Timestamp is 360 s behind the bot's clock, more than 300 s: refused as a possible replay; "
        "sign the current time\n");
  CHECK(call(now + std::chrono::minutes(6)).status == 401);
  HttpRequest unsigned_time{
      "POST", "/hooks/calls", {{"x-signature", sign_call_hook("hook-secret", body, now).signature}}, body};
  const HttpReply no_time = c.routes->handle(unsigned_time);
  CHECK(no_time.status == 401);
  CHECK_THAT(no_time.body, Contains("X-Timestamp"));
  CHECK(c.routes->webhook_counts().at(200) == 2);
  CHECK(c.routes->webhook_counts().at(401) == 3);
}

TEST_CASE("the webhook's answers are counted by code, and it is off (404) without a secret") {
  Console c(msk(2026, 12, 3, 10, 0));
  HttpRequest hook{"POST", "/hooks/calls", {{"x-signature", "sha256=00"}}, "{}"};
  CHECK(c.routes->handle(hook).status == 401);
  CHECK(c.routes->webhook_counts().at(401) == 1);
  WebRoutes off(WebServices{*c.bot.engine, *c.bot.store, c.bot.settings, "", [](const CallHook&) { return true; },
                            [] { return true; }, nullptr});
  CHECK(off.handle(hook).status == 404);
  CHECK_THAT(off.handle(get("/metrics")).body, Contains("dutybot_webhook_requests_total{code=\"404\"} 1\n"));
  // The console still answers with the webhook off.
  CHECK(off.handle(get("/login")).status == 200);
}

TEST_CASE("the histogram's buckets are cumulative in the exposition") {
  EngineStats stats;
  stats.handle_seconds.observe(0.0001);
  stats.handle_seconds.observe(0.003);
  stats.handle_seconds.observe(2.0);
  const std::string text = render_metrics(stats, MetricsGauges{}, {});
  CHECK_THAT(text, Contains("dutybot_event_handle_seconds_bucket{le=\"0.0005\"} 1\n") &&
                       Contains("dutybot_event_handle_seconds_bucket{le=\"0.005\"} 2\n") &&
                       Contains("dutybot_event_handle_seconds_bucket{le=\"1\"} 2\n") &&
                       Contains("dutybot_event_handle_seconds_bucket{le=\"+Inf\"} 3\n") &&
                       Contains("dutybot_event_handle_seconds_count 3\n"));
  CHECK_THAT(text, Contains("dutybot_last_event_age_seconds -1\n"));
}

// ---- «/календарь»: the shifts as an iCalendar feed ----

namespace {

// The feed's secret in the link a person got, or "".
std::string calendar_secret_in(const std::string& text) {
  const auto at = text.find("/calendar/");
  if (at == std::string::npos) return {};
  const auto end = text.find(".ics", at);
  return text.substr(at + 10, end - at - 10);
}

std::vector<std::string> ics_values(const std::string& ics, const std::string& key) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = ics.find("\r\n" + key + ":", at)) != std::string::npos) {
    at += key.size() + 3;
    out.push_back(ics.substr(at, ics.find("\r\n", at) - at));
  }
  return out;
}

}  // namespace

TEST_CASE("«/календарь»: a private link to one's own shifts, the same until «/календарь новый» replaces it") {
  Console c(msk(2026, 11, 19, 10, 0));
  c.bot.say(sveta(), staff_chat(), "/смена u-anna 20.11 09:00-21:00");  // two weeks before the feed is read
  c.bot.say(sveta(), staff_chat(), "/смена u-anna 05.12 09:00-21:00");
  c.bot.say(sveta(), staff_chat(), "/смена u-oleg 06.12 09:00-21:00");
  c.bot.say(sveta(), staff_chat(), "/смена u-anna 10.03.2027 09:00-21:00");  // over 90 days ahead: not in the feed
  REQUIRE(c.bot.store->shifts_of("u-anna", msk(2026, 1, 1, 0), msk(2028, 1, 1, 0)).size() == 3);
  c.bot.clock.set(msk(2026, 12, 3, 10, 0));
  c.bot.sent();

  c.bot.say(anna(), staff_chat(), "/календарь");
  auto out = c.bot.sent();
  CHECK_THAT(in_chat(out, "staff").at(0).text, Contains("в личные сообщения"));
  const std::string link = text_with(to(out, "u-anna"), "/calendar/");
  CHECK_THAT(link, Contains("http://127.0.0.1:8081/calendar/secret-1.ics") && Contains("подписк"));
  CHECK(text_with(out, "Смены всей команды").empty());  // an assistant has no team feed
  // Once sent, the stored message keeps no secret.
  CHECK_THAT(*c.bot.store->outbox_text(to(out, "u-anna").at(0).req_id), !Contains("secret-1"));

  const HttpReply feed = c.routes->handle(get("/calendar/secret-1.ics"));
  REQUIRE(feed.status == 200);
  CHECK(feed.content_type == "text/calendar; charset=utf-8");
  CHECK_THAT(feed.body, StartsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") && Contains("X-WR-CALNAME:Смены — Анна"));
  // Her two shifts in the window, in UTC (09:00 MSK is 06:00Z), and nobody else's.
  CHECK(ics_values(feed.body, "DTSTART") == std::vector<std::string>{"20261120T060000Z", "20261205T060000Z"});
  CHECK(ics_values(feed.body, "DTEND") == std::vector<std::string>{"20261120T180000Z", "20261205T180000Z"});
  const auto uids = ics_values(feed.body, "UID");
  REQUIRE(uids.size() == 2);
  CHECK(ics_values(feed.body, "SEQUENCE") == std::vector<std::string>{"0", "0"});

  // A changed end keeps the event's UID and raises its SEQUENCE.
  c.bot.say(sveta(), staff_chat(), "/смена u-anna 05.12 09:00-18:00");
  const HttpReply changed = c.routes->handle(get("/calendar/secret-1.ics"));
  CHECK(ics_values(changed.body, "UID") == uids);
  CHECK(ics_values(changed.body, "DTEND").at(1) == "20261205T150000Z");
  CHECK(ics_values(changed.body, "SEQUENCE") == std::vector<std::string>{"0", "1"});

  // Asking again shows the same link; «новый» replaces it and the old one is gone.
  c.bot.say(anna(), dm(anna()), "/календарь");
  CHECK_THAT(text_with(c.bot.sent(), "/calendar/"), Contains("secret-1.ics"));
  c.bot.say(anna(), dm(anna()), "/календарь новый");
  const std::string renewed = text_with(c.bot.sent(), "/calendar/");
  CHECK_THAT(renewed, Contains("secret-2.ics") && Contains("Старая ссылка больше не работает"));
  CHECK(c.routes->handle(get("/calendar/secret-1.ics")).status == 404);
  CHECK(c.routes->handle(get("/calendar/secret-2.ics")).status == 200);
  CHECK(c.routes->handle(get("/calendar/nothing.ics")).status == 404);
  CHECK(c.routes->handle(get("/calendar/secret-2")).status == 404);
  CHECK(c.routes->handle(HttpRequest{"POST", "/calendar/secret-2.ics", {}, {}}).status == 405);
}

TEST_CASE("«/календарь» for a supervisor adds the team's feed; clients are refused; a demoted person's links die") {
  Console c(msk(2026, 12, 3, 10, 0));
  c.bot.say(sveta(), staff_chat(), "/смена u-anna 05.12 09:00-21:00");
  c.bot.say(sveta(), staff_chat(), "/смена u-oleg 06.12 09:00-21:00");
  c.bot.sent();
  c.bot.say(sveta(), dm(sveta()), "/календарь");
  const auto out = c.bot.sent();
  const std::string team_link = text_with(out, "Смены всей команды");
  REQUIRE_FALSE(team_link.empty());
  const std::string team = calendar_secret_in(team_link);
  const HttpReply feed = c.routes->handle(get("/calendar/" + team + ".ics"));
  REQUIRE(feed.status == 200);
  CHECK(ics_values(feed.body, "SUMMARY") == std::vector<std::string>{"Смена: Анна", "Смена: Олег"});
  const std::string own = calendar_secret_in(text_with(out, "Ваши смены"));
  CHECK(own != team);
  CHECK(ics_values(c.routes->handle(get("/calendar/" + own + ".ics")).body, "UID").empty());  // she has no shifts

  c.bot.say(ivan(), dm(ivan()), "/календарь");
  CHECK(c.bot.sent().at(0).text == "Календарь смен доступен только сотрудникам OnlineTur.");

  // Светлана is a supervisor no more: the team feed stops at once, her own feed goes on (she is still staff).
  c.bot.deliver(proto::Event{"e-member-cal", proto::MemberEvent{{"u-sveta", "Светлана", proto::Role::assistant}}});
  CHECK(c.routes->handle(get("/calendar/" + team + ".ics")).status == 404);
  CHECK(c.routes->handle(get("/calendar/" + own + ".ics")).status == 200);
}

TEST_CASE("iCalendar text: escaping and folding at 75 octets without splitting a character") {
  using handlers::calendar::ics_line;
  using handlers::calendar::ics_text;
  CHECK(ics_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne");
  const std::string long_line = "DESCRIPTION:" + std::string(100, 'x');
  const std::string folded = ics_line(long_line);
  CHECK(folded.substr(0, 77) == long_line.substr(0, 75) + "\r\n");
  CHECK(folded.substr(77, 1) == " ");
  std::string cyrillic = "SUMMARY:";
  for (int i = 0; i < 60; ++i) cyrillic += "ё";  // two octets each
  const std::string out = ics_line(cyrillic);
  std::size_t start = 0;
  std::string joined;
  while (start < out.size()) {
    const auto end = out.find("\r\n", start);
    const std::string piece = out.substr(start, end - start);
    CHECK(piece.size() <= 75);
    joined += start == 0 ? piece : piece.substr(1);
    start = end + 2;
  }
  CHECK(joined == cyrillic);  // unfolding gives the line back: no character was cut in two
  CHECK(handlers::calendar::uid_domain("https://duty.example.ru:8443/x") == "duty.example.ru");
  CHECK(handlers::calendar::uid_domain("") == "dutybot");
}
