// Requests (заявки): the word list on realistic messages, the «Подбор отдыха» advice, every timer rule on a
// simulated clock, the end-of-shift check, the report's breaches and the supervisors' deduction.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "core/utf8.h"
#include "handlers/common/duty_report.h"
#include "handlers/common/request_words.h"
#include "handlers/requests/requests_handler.h"
#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::testing;
using namespace std::chrono_literals;
using Catch::Contains;

namespace {

proto::Request site_request(const std::string& id, TimePoint created, const std::string& text) {
  proto::Request r;
  r.id = id;
  r.client = {"u-ivan", "Иван"};
  r.client_phone = "+7-916-000-00-00";
  r.source = "site";
  r.expert = proto::PersonRef{"u-boris", "Борис"};
  r.text = text;
  r.status = "new";
  r.created_ts = r.updated_ts = format_utc(created);
  return r;
}

proto::Request with_status(proto::Request r, const std::string& status, const std::string& reminder = "") {
  r.status = status;
  r.reminder = reminder;
  return r;
}

const proto::PersonRef kBoris{"u-boris", "Борис"};

std::string topics_of(const requests::WordList& words, const std::string& text) {
  std::string out;
  for (auto t : words.assistant_topics(text)) out += (out.empty() ? "" : ",") + std::string(requests::key_of(t));
  return out.empty() ? "-" : out;
}

}  // namespace

TEST_CASE("the word list sorts realistic clients' messages to experts: urgent, flight documents, payment, or none") {
  std::ifstream in(EXPERT_MESSAGES);
  REQUIRE(in);
  const auto& words = requests::WordList::builtin();
  std::string line;
  int total = 0, handed = 0, kept = 0;
  std::vector<std::string> wrong;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    const std::string expected = line.substr(0, tab), text = line.substr(tab + 1);
    ++total;
    (expected == "-" ? kept : handed) += 1;
    const std::string got = topics_of(words, text);
    if (got != expected) wrong.push_back(text + " → " + got + " (expected " + expected + ")");
  }
  CHECK(total >= 60);
  CHECK(handed >= 30);
  CHECK(kept >= 20);  // messages the expert keeps matter as much: a false alarm wastes the assistant's time
  for (const auto& w : wrong) UNSCOPED_INFO(w);
  CHECK(wrong.empty());
}

TEST_CASE("a replacement word list is read from data and checked, with the reason for a bad one") {
  TempDir dir;
  const std::string good = dir.file("words.json");
  std::ofstream(good)
      << R"({"urgent":{"match":["пожар*"]},"documents":{"match":["бумаг*"]},"payment":{"match":["деньг*"]},
    "more_options":{"match":["еще"]},"general_info":{"match":["виза"]}})";
  auto list = requests::WordList::load(good);
  CHECK(list.in_topic(requests::Topic::urgent, "У нас ПОЖАР!"));
  CHECK_FALSE(list.in_topic(requests::Topic::urgent, "срочно"));
  CHECK_THROWS_WITH(requests::WordList::parse(R"({"urgent":{"match":[]}})", "w.json"), Contains("urgent"));
  CHECK_THROWS_WITH(requests::WordList::parse(R"({"urgnt":{"match":["x"]}})", "w.json"),
                    Contains("unknown topic 'urgnt'"));
  CHECK_THROWS_WITH(requests::WordList::parse("[1]", "w.json"), Contains("not a JSON object"));
}

TEST_CASE("the «Подбор отдыха» advice follows the handbook") {
  const auto& words = requests::WordList::builtin();
  proto::Request r = site_request("r-1", msk(2026, 11, 27, 10, 0), "Хотим в Турцию в мае, двое взрослых и ребёнок");
  auto a = handlers::expert_service_advice(r, words);
  CHECK(a.suggest);  // an individual tour, not from the search
  r.from_search = true;
  r.text = "Отель хороший, но сомневаюсь — подберите ещё варианты";
  CHECK(handlers::expert_service_advice(r, words).suggest);  // doubts a tour from the search, asks for more
  r.text = "Что входит в стоимость этого тура? Какие полётные данные?";
  CHECK_FALSE(handlers::expert_service_advice(r, words).suggest);  // questions about the chosen tour
  r.from_search = false;
  r.text = "Нужна ли виза в Египет?";
  auto general = handlers::expert_service_advice(r, words);
  CHECK_FALSE(general.suggest);
  CHECK_THAT(general.why, Contains("общего характера"));
  r.from_search = true;
  r.prepaid_rub = 15000;
  r.text = "Забронируйте, пожалуйста, другие варианты не нужны";
  auto paid = handlers::expert_service_advice(r, words);
  CHECK_FALSE(paid.suggest);  // chose the tour and paid the prepayment
  CHECK_THAT(paid.why, Contains("15000 ₽"));
}

TEST_CASE("a site request: the assistant on duty at once, again at 15 minutes, supervisors at 30") {
  BotHarness bot(msk(2026, 11, 27, 10, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  bot.request(site_request("r-1042", bot.clock.now(), "Хотим тур в Турцию на майские, двое взрослых"));
  auto first = to(bot.sent(), "u-anna");
  REQUIRE(first.size() == 1);
  CHECK_THAT(first[0].text, Contains("r-1042 (Иван, +7-916-000-00-00)") &&
                                Contains("«Хотим тур в Турцию на майские, двое взрослых»") && Contains("до 10:15") &&
                                Contains("«Напоминание»") && Contains("Предложите услугу «Подбор отдыха»") &&
                                Contains("3000 ₽"));
  bot.advance_to(msk(2026, 11, 27, 10, 14, 59));
  CHECK(bot.sent().empty());
  bot.advance_to(msk(2026, 11, 27, 10, 15));
  auto again = bot.sent();
  REQUIRE(to(again, "u-anna").size() == 1);
  CHECK_THAT(to(again, "u-anna")[0].text, Contains("всё ещё в статусе «новая»") && Contains("15 мин"));
  CHECK(to(again, "u-sveta").empty());
  bot.advance_to(msk(2026, 11, 27, 10, 30));
  auto late = bot.sent();
  REQUIRE(to(late, "u-sveta").size() == 1);
  CHECK_THAT(to(late, "u-sveta")[0].text, Contains("r-1042") && Contains("30 мин") && Contains("Дежурит: Анна"));
  CHECK(to(late, "u-anna").empty());
  bot.advance(2h);
  CHECK(bot.sent().empty());  // said once each
}

TEST_CASE("a status change in time stops the nudges; an empty «Напоминание» gets one reminder, a written one none") {
  BotHarness bot(msk(2026, 11, 27, 10, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  auto r = site_request("r-1", bot.clock.now(), "Нужен тур");
  bot.request(r);
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 10, 9));
  bot.request(with_status(r, "in_progress"));  // called: status changed, nothing written yet
  CHECK(bot.sent().empty());
  bot.advance_to(msk(2026, 11, 27, 10, 18, 59));
  CHECK(bot.sent().empty());  // neither «again» at 10:15 nor the note before 10 minutes
  bot.advance_to(msk(2026, 11, 27, 10, 19));
  auto note = to(bot.sent(), "u-anna");
  REQUIRE(note.size() == 1);
  CHECK_THAT(note[0].text, Contains("в «Напоминании» ничего не написано") && Contains("«в работе»"));
  bot.advance(3h);
  CHECK(bot.sent().empty());  // one reminder, and no escalation: the call was in time

  // A second request written up in time: no reminder at all.
  auto r2 = site_request("r-2", bot.clock.now(), "Хотим на Кипр");
  bot.request(r2);
  bot.sent();
  bot.advance(5min);
  bot.request(with_status(r2, "waiting_client"));
  bot.advance(2min);
  bot.request(with_status(r2, "waiting_client", "Двое взрослых, июль, бюджет 250 тыс."));
  bot.advance(1h);
  CHECK(bot.sent().empty());
  // A bare «+» is no note (the handbook forbids it in place of an explanation).
  auto r4 = site_request("r-4", bot.clock.now(), "Хотим на Байкал");
  bot.request(r4);
  bot.sent();
  bot.request(with_status(r4, "in_progress", " + "));
  bot.advance(10min);
  CHECK_THAT(text_with(to(bot.sent(), "u-anna"), "r-4"), Contains("«+» вместо пояснений ставить нельзя"));
  // The request's own assistant is the one reminded, when it has one.
  auto r3 = site_request("r-3", bot.clock.now(), "Хотим в Грузию");
  r3.assistant = proto::PersonRef{"u-oleg", "Олег"};
  bot.request(r3);
  bot.sent();
  bot.request(with_status(r3, "in_progress"));
  bot.advance(10min);
  auto own = bot.sent();
  CHECK(to(own, "u-oleg").size() == 1);
  CHECK(to(own, "u-anna").empty());
}

TEST_CASE("only site requests seen as new are called back; a repeated snapshot is no new request") {
  BotHarness bot(msk(2026, 11, 27, 10, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  auto app = site_request("r-app", bot.clock.now(), "Из приложения");
  app.source = "app";
  bot.request(app);
  auto old = with_status(site_request("r-old", bot.clock.now(), "Давняя"), "in_progress");
  bot.request(old);
  auto r = site_request("r-1", bot.clock.now(), "Тур в Сочи");
  bot.request(r);
  bot.request(r);  // the same fields again, in a new event
  CHECK(to(bot.sent(), "u-anna").size() == 1);
  bot.advance(2h);
  auto later = bot.sent();
  CHECK(text_with(later, "r-app").empty());
  CHECK(text_with(later, "r-old").empty());
}

TEST_CASE("a site request's first message (its own text, to the expert) is not a second task") {
  BotHarness bot(msk(2026, 11, 27, 10, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  auto r = site_request("r-1", bot.clock.now(), "Срочно нужен тур на завтра, оплатим сразу");
  bot.request(r);
  bot.request_message(ivan(), "r-1", kBoris, r.text);
  auto now = to(bot.sent(), "u-anna");
  REQUIRE(now.size() == 1);  // the site-request message only, not also «Сообщение эксперту»
  CHECK_THAT(now[0].text, Contains("Новая заявка"));
  bot.request(with_status(r, "in_progress", "Двое, завтра, Турция"));
  bot.advance(3h);
  CHECK(bot.sent().empty());
  // A later message from the client to the expert is one.
  bot.request_message(ivan(), "r-1", kBoris, "Срочно: пришлите счёт");
  CHECK(to(bot.sent(), "u-anna").size() == 1);
}

TEST_CASE("with nobody on duty a new site request goes to supervisors at once") {
  BotHarness bot(msk(2026, 11, 27, 10, 0));
  bot.request(site_request("r-1", bot.clock.now(), "Тур в Египет"));
  auto out = bot.sent();
  REQUIRE(to(out, "u-sveta").size() == 1);
  CHECK_THAT(to(out, "u-sveta")[0].text, Contains("дежурного нет") && Contains("+7-916-000-00-00"));
}

TEST_CASE(
    "outside coverage hours with nobody on duty nobody is paged: the request's clock starts when coverage begins") {
  BotHarness bot(msk(2026, 11, 27, 2, 0));  // a Friday night
  bot.settings.coverage = handlers::Coverage::from_spec({{"daily", {"09:00-21:00"}}}, {});
  bot.restart();
  bot.request(site_request("r-night", bot.clock.now(), "Хотим в Египет на Новый год"));
  bot.request_message(ivan(), "r-other", kBoris, "Срочно! Не пришли билеты");
  CHECK(bot.sent().empty());
  bot.advance_to(msk(2026, 11, 27, 8, 59));
  CHECK(bot.sent().empty());
  bot.advance_to(msk(2026, 11, 27, 9, 0));  // coverage begins, still nobody on duty: supervisors
  auto morning = to(bot.sent(), "u-sveta");
  CHECK_FALSE(text_with(morning, "r-night").empty());
  CHECK_FALSE(text_with(morning, "r-other").empty());
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 9, 15));  // 15 minutes from coverage's start, not from 02:00
  CHECK_FALSE(text_with(to(bot.sent(), "u-anna"), "всё ещё в статусе «новая»").empty());
  bot.advance_to(msk(2026, 11, 27, 9, 30));
  CHECK_FALSE(text_with(to(bot.sent(), "u-sveta"), "r-night").empty());
}

TEST_CASE("«/заявки»: staff see the requests still new and the messages to experts waiting for the assistant") {
  BotHarness bot(msk(2026, 11, 27, 10, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  auto q0 = bot.say(boris(), staff_chat(), "/заявки");
  CHECK_THAT(text_with(bot.sent(), "Заявок"), Contains("Заявок в статусе «новая» нет."));
  bot.request(site_request("r-1", bot.clock.now(), "Тур"));
  bot.request_message(ivan(), "r-2", kBoris, "Как оплатить картой?");
  bot.sent();
  auto q = bot.say(anna(), dm(anna()), "/заявки");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK(out[0].reply_to == std::optional<std::string>(q));
  CHECK_THAT(out[0].text,
             Contains("• r-1 (Иван, +7-916-000-00-00), с 10:00") && Contains("• заявка r-2, Иван (оплата), с 10:00"));
  bot.say(ivan(), turkey(), "/заявки");  // a client's slash text in a country chat is a question, not a command
  CHECK(text_with(bot.sent(), "Заявки в статусе").empty());
  (void)q0;
}

namespace {
// Every line starting with "• " of the messages, in order.
std::vector<std::string> bullet_lines(const std::vector<proto::Send>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) {
    CHECK(utf8::length(m.text) <= proto::kMaxTextChars);
    std::istringstream in(m.text);
    for (std::string line; std::getline(in, line);)
      if (line.rfind("• ", 0) == 0) out.push_back(line);
  }
  return out;
}
std::string joined(const std::vector<proto::Send>& messages) {
  std::string all;
  for (const auto& m : messages) all += m.text + "\n";
  return all;
}
std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("«/заявки» with 210 new requests: 200 listed oldest first within the message limit, the rest counted") {
  BotHarness bot(msk(2026, 11, 27, 9, 0));
  for (int i = 0; i < 210; ++i) {
    bot.advance(1s);
    bot.request(site_request("r-" + std::to_string(1000 + i), bot.clock.now(), "Тур"));
  }
  bot.sent();
  bot.say(boris(), staff_chat(), "/заявки");
  auto answers = in_chat(bot.sent(), "staff");
  REQUIRE(answers.size() > 1);  // split between lines by the engine
  auto lines = bullet_lines(answers);
  REQUIRE(lines.size() == 200);
  for (std::size_t i = 0; i < lines.size(); ++i) CHECK_THAT(lines[i], Contains("r-" + std::to_string(1000 + i)));
  CHECK_THAT(answers.back().text, Catch::EndsWith("…и ещё 10, самые новые"));
}

TEST_CASE("the end-of-shift check counts what it does not list: 210 open calls, 210 new requests") {
  BotHarness bot(msk(2026, 11, 27, 8, 0));
  bot.say(sveta(), staff_chat(), "/смена u-anna 27.11 09:00-12:00");
  for (int i = 0; i < 210; ++i) {
    bot.engine->on_call(CallHook{CallHook::Kind::missed, "c-" + std::to_string(i),
                                 msk(2026, 11, 27, 8, 0) + std::chrono::seconds(i),
                                 "+7-916-" + std::to_string(1000 + i), "z-office-1", std::nullopt});
    bot.request(
        site_request("r-" + std::to_string(1000 + i), msk(2026, 11, 27, 8, 0) + std::chrono::seconds(i), "Тур"));
  }
  bot.advance_to(msk(2026, 11, 27, 11, 44));
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 11, 45));
  const auto check = to(bot.sent(), "u-anna");
  const std::string all = joined(check);
  REQUIRE_THAT(all,
               Contains("Перед окончанием") && Contains("Не перезвонили:") && Contains("Заявки в статусе «новая»:"));
  CHECK(bullet_lines(check).size() == 400);
  CHECK(occurrences(all, "…и ещё 10, самые новые") == 2);
}

TEST_CASE("a client's message to an expert: urgent topics to the assistant at once, others after the expert's hour") {
  BotHarness bot(msk(2026, 11, 27, 10, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  bot.request_message(ivan(), "r-7", kBoris, "Срочно: с карты списали деньги дважды");
  auto urgent = to(bot.sent(), "u-anna");
  REQUIRE(urgent.size() == 1);
  CHECK_THAT(urgent[0].text, Contains("Иван") && Contains("Борис") && Contains("r-7") && Contains("срочно, оплата") &&
                                 Contains("«Срочно: с карты списали деньги дважды»"));

  bot.request_message(ivan(), "r-8", kBoris, "Какой отель посоветуете для семьи с ребёнком?");
  CHECK(bot.sent().empty());
  bot.advance(59min);
  CHECK(bot.sent().empty());
  bot.advance(1min);
  auto silent = to(bot.sent(), "u-anna");
  REQUIRE(silent.size() == 1);
  CHECK_THAT(silent[0].text, Contains("не отвечает 1 ч") && Contains("r-8"));

  // An answer in the request by any staff member ends it: the expert answered within the hour.
  bot.request_message(ivan(), "r-9", kBoris, "Есть ли в отеле аквапарк?");
  bot.advance(20min);
  bot.request_message(boris(), "r-9", proto::PersonRef{"u-ivan", "Иван"}, "Да, есть, и горки для детей");
  bot.advance(2h);
  CHECK(bot.sent().empty());
  CHECK(bot.store->open_expert_questions("r-9").empty());
  // The assistant's answer ends an urgent one too.
  bot.request_message(anna(), "r-7", proto::PersonRef{"u-ivan", "Иван"}, "Проверила, второй платёж вернётся");
  CHECK(bot.store->open_expert_questions("r-7").empty());
}

TEST_CASE("request timers survive a restart and fire once") {
  TempDir dir;
  const std::string db = dir.file("bot.db");
  BotHarness bot(msk(2026, 11, 27, 10, 0), db);
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.request(site_request("r-1", bot.clock.now(), "Тур"));
  bot.request_message(ivan(), "r-2", kBoris, "Что взять с собой в Египет?");
  bot.sent();
  bot.restart();
  bot.advance_to(msk(2026, 11, 27, 10, 15));
  CHECK(to(bot.sent(), "u-anna").size() == 1);
  bot.restart();
  bot.advance_to(msk(2026, 11, 27, 11, 0));
  auto out = bot.sent();
  CHECK(to(out, "u-sveta").size() == 1);               // the 30-minute escalation
  CHECK_FALSE(text_with(out, "не отвечает").empty());  // the expert's hour
  bot.restart();
  bot.advance(3h);
  CHECK(bot.sent().empty());
}

TEST_CASE("the end-of-shift check lists new requests; the report counts calls to requests and lists breaches") {
  BotHarness bot(msk(2026, 11, 27, 8, 0));
  bot.say(sveta(), staff_chat(), "/смена u-anna 27.11 09:00-21:00");
  bot.advance_to(msk(2026, 11, 27, 10, 0));
  auto in_time = site_request("r-1", bot.clock.now(), "Тур в Турцию");
  bot.request(in_time);
  bot.advance(10min);
  bot.request(with_status(in_time, "in_progress", "Двое, июнь"));
  bot.advance_to(msk(2026, 11, 27, 12, 0));
  auto late = site_request("r-2", bot.clock.now(), "Тур в Грецию");
  bot.request(late);
  bot.advance(40min);
  bot.request(with_status(late, "in_progress", "Семья, август"));
  bot.advance_to(msk(2026, 11, 27, 15, 0));
  auto unwritten = site_request("r-4", bot.clock.now(), "Тур в Абхазию");
  bot.request(unwritten);
  bot.advance(5min);
  bot.request(with_status(unwritten, "in_progress"));  // called, «Напоминание» never written
  bot.advance_to(msk(2026, 11, 27, 16, 0));
  bot.request_message(ivan(), "r-5", kBoris, "Когда будут документы на вылет?");  // handed, never answered
  bot.advance_to(msk(2026, 11, 27, 20, 0));
  bot.request(site_request("r-3", bot.clock.now(), "Тур в ОАЭ"));  // never called
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 20, 45));
  std::string check = text_with(to(bot.sent(), "u-anna"), "Перед окончанием");
  CHECK_THAT(check, Contains("Заявки в статусе «новая»:\n• r-3 (Иван, +7-916-000-00-00), с 20:00"));
  CHECK_THAT(check,
             Contains("Сообщения экспертам ждут вашего ответа:\n• заявка r-5, Иван (полётные документы), с 16:00"));
  bot.advance_to(msk(2026, 11, 27, 21, 0));
  auto end = bot.sent();
  std::string report = text_with(in_chat(end, "staff"), "Итоги");
  CHECK_THAT(report, Contains("Заявки с сайта: позвонили вовремя 2, с опозданием 1, не позвонили 1"));
  CHECK_THAT(report, Contains("Нарушения (4)"));
  CHECK_THAT(report,
             Contains("сообщение эксперту в заявке r-5 (Иван, полётные документы) с 16:00 осталось без ответа"));
  CHECK_THAT(report, Contains("заявка r-4 (Иван, +7-916-000-00-00): «Напоминание» так и не заполнено"));
  CHECK_THAT(report, Contains("заявка r-2 (Иван, +7-916-000-00-00): позвонить нужно было до 12:15, статус сменили в "
                              "12:40 — позже на 25 мин"));
  CHECK_THAT(report,
             Contains("заявка r-3 (Иван, +7-916-000-00-00): позвонить нужно было до 20:15, так и не позвонили"));
  CHECK(text_with(to(end, "u-sveta"), "Удержание").empty());  // no reward configured: no deduction message
}

TEST_CASE("the deduction: 100 ₽ per breach up to half the reward; half when a chat question was left unanswered") {
  auto d = report::deduction(3000, 3, false);
  CHECK(d.per_breaches == 300);
  CHECK(d.cap == 1500);
  CHECK(d.total == 300);
  CHECK(report::deduction(3000, 20, false).total == 1500);
  CHECK(report::deduction(3000, 0, true).total == 1500);
  CHECK(report::deduction(3000, 0, false).total == 0);

  BotHarness bot(msk(2026, 11, 27, 8, 0));
  bot.settings.shifts.reward_rub = 3000;
  bot.restart();  // the engine takes the settings
  bot.say(sveta(), staff_chat(), "/смена u-anna 27.11 09:00-21:00");
  bot.advance_to(msk(2026, 11, 27, 10, 0));
  bot.request(site_request("r-1", bot.clock.now(), "Тур в Турцию"));  // never called: one breach
  bot.advance_to(msk(2026, 11, 27, 20, 30));
  bot.say(ivan(), turkey(), "Подскажите, нужна ли виза?");  // unanswered at the end: the 50% rule
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 21, 0));
  auto to_sveta = to(bot.sent(), "u-sveta");
  std::string msg = text_with(to_sveta, "Удержание");
  CHECK_THAT(msg, Contains("Анна") && Contains("Вознаграждение 3000 ₽"));
  CHECK_THAT(msg, Contains("Нарушений: 1") && Contains("заявка r-1"));
  CHECK_THAT(msg, Contains("1 × 100 ₽ = 100 ₽") && Contains("3000 ₽ / 2 = 1500 ₽"));
  CHECK_THAT(msg, Contains("чат «Турция»: Иван ждёт ответа с 20:30"));
  CHECK_THAT(msg, Contains("Итого удержать: 1500 ₽"));
  // Supervisors only, in a direct message: the staff chat gets the report without money.
  CHECK(text_with(in_chat(bot.sent(), "staff"), "₽").empty());
}

TEST_CASE("no self-assignment: the person on duty making themselves a request's expert is a breach, told at once") {
  BotHarness bot(msk(2026, 11, 27, 9, 0));
  bot.settings.shifts.reward_rub = 3000;
  bot.restart();                                      // the engine takes the settings
  bot.say(boris(), staff_chat(), "Дежурю до 21:00");  // an expert takes the duty, as the handbook's experts do
  bot.sent();
  const proto::PersonRef ivan_ref{"u-ivan", "Иван"}, vera{"u-vera", "Вера"}, sveta_ref{"u-sveta", "Светлана"};
  auto r7 = site_request("r-7", bot.clock.now(), "Тур в Египет");
  r7.expert = vera;
  bot.request(r7, ivan_ref);  // created by the client
  bot.sent();
  bot.advance(5min);
  auto mine = with_status(r7, "in_progress", "Двое, март");
  mine.expert = kBoris;
  bot.request(mine, kBoris);
  auto out = bot.sent();
  CHECK_THAT(text_with(to(out, "u-sveta"), "Самоназначение"),
             Contains("заявку r-7 (Иван, +7-916-000-00-00) в 09:05 дежурный передал себе как эксперту (Борис)"));
  CHECK(text_with(to(out, "u-boris"), "Самоназначение").empty());
  // The same request changed again by him, still his: no second breach.
  bot.advance(1min);
  bot.request(with_status(mine, "waiting_client", "Двое, март, до 200 тыс."), kBoris);
  CHECK(text_with(to(bot.sent(), "u-sveta"), "Самоназначение").empty());
  // A supervisor assigning him is no breach; nor a change whose author the gateway does not say.
  auto r8 = site_request("r-8", bot.clock.now(), "Тур в Грецию");
  r8.expert = vera;
  bot.request(r8, ivan_ref);
  r8.expert = kBoris;
  bot.request(r8, sveta_ref);
  auto r9 = site_request("r-9", bot.clock.now(), "Тур в ОАЭ");
  bot.request(r9);
  r9.expert = vera;
  bot.request(r9);
  r9.expert = kBoris;
  bot.request(r9);
  CHECK(text_with(to(bot.sent(), "u-sveta"), "Самоназначение").empty());

  // The report lists it among the breaches, with its evidence, and the deduction counts it.
  bot.advance_to(msk(2026, 11, 27, 21, 0));
  auto end = bot.sent();
  const std::string report = text_with(in_chat(end, "staff"), "Итоги");
  CHECK_THAT(report, Contains("Нарушения (3)") &&
                         Contains("заявку r-7 (Иван, +7-916-000-00-00) в 09:05 дежурный передал себе как эксперту"));
  const std::string deduction = text_with(to(end, "u-sveta"), "Удержание");
  CHECK_THAT(deduction, Contains("Нарушений: 3") && Contains("дежурный передал себе как эксперту"));
  // Off duty, the same change is his own business.
  bot.advance(1h);
  auto r10 = site_request("r-10", bot.clock.now(), "Тур в Тунис");
  r10.expert = vera;
  bot.request(r10, ivan_ref);
  r10.expert = kBoris;
  bot.request(r10, kBoris);
  CHECK(text_with(to(bot.sent(), "u-sveta"), "Самоназначение").empty());
}

TEST_CASE("requests in order: moving one forward while an older site request waits gets one reminder per waiting one") {
  BotHarness bot(msk(2026, 11, 27, 9, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  const proto::PersonRef kAnna{"u-anna", "Анна"}, sveta_ref{"u-sveta", "Светлана"};
  auto r1 = site_request("r-1", bot.clock.now(), "Тур в Турцию");
  bot.request(r1, r1.client);
  bot.advance(2min);
  auto r2 = site_request("r-2", bot.clock.now(), "Тур в Грецию");
  r2.client = {"u-maria", "Мария"};
  bot.request(r2, r2.client);
  bot.advance(1min);
  auto r3 = site_request("r-3", bot.clock.now(), "Тур в ОАЭ");
  r3.client = {"u-petr", "Пётр"};
  bot.request(r3, r3.client);
  bot.sent();
  // r-1 has waited 3 minutes, within requests.order_grace_s (300): taking r-3 first is fine.
  bot.request(with_status(r3, "in_progress", "Двое, апрель"), kAnna);
  CHECK(text_with(to(bot.sent(), "u-anna"), "Сначала новые").empty());
  // At 09:14 she moves r-2 forward while r-1 has waited 14 minutes.
  bot.advance_to(msk(2026, 11, 27, 9, 14));
  bot.request(with_status(r2, "in_progress", "Семья, август"), kAnna);
  CHECK(text_with(to(bot.sent(), "u-anna"), "Сначала новые") ==
        "Сначала новые запросы: r-1 (Иван, 14 мин). Пока они ждут, подбором тура другому клиенту не занимайтесь — "
        "позвоните этим клиентам.");
  // r-1 was named once: moving r-2 on does not repeat it; a supervisor's change and an unknown author say nothing.
  bot.advance(1min);
  bot.request(with_status(r2, "waiting_client", "Семья, август"), kAnna);
  auto r4 = site_request("r-4", msk(2026, 11, 27, 9, 1), "Тур в Абхазию");
  bot.request(r4, r4.client);
  bot.request(with_status(r3, "booked", "Двое, апрель"), sveta_ref);
  bot.request(with_status(r3, "closed", "Двое, апрель"));
  CHECK(text_with(to(bot.sent(), "u-anna"), "Сначала новые").empty());
  // r-4, just as old, is named when she next moves another one.
  bot.request(with_status(r2, "booked", "Семья, август"), kAnna);
  CHECK_THAT(text_with(to(bot.sent(), "u-anna"), "Сначала новые"), Contains("r-4 (Иван, 14 мин)"));

  // The report lists them as remarks, not breaches.
  bot.advance_to(msk(2026, 11, 27, 21, 0));
  const std::string report = text_with(in_chat(bot.sent(), "staff"), "Итоги");
  CHECK_THAT(report, Contains("Замечания (2):\n  – заявка r-2 (Мария, +7-916-000-00-00) переведена в «в работе» в "
                              "09:14, когда ждали новые: r-1 (Иван, 14 мин)"));
  CHECK(report.find("Нарушения (") < report.find("Замечания ("));
  CHECK(report.find("переведена в «в работе»") > report.find("Замечания ("));
}
