#include "bot/web_routes.h"

#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "bot/engine.h"
#include "core/url.h"
#include "handlers/calendar/calendar_feed.h"
#include "handlers/console/console_pages.h"

namespace dutybot {

namespace {

constexpr std::size_t kSessionTokenBytes = 32;

// The console's own script: draws the history charts from the page's JSON with Chart.js (no inline script, so the
// pages run under a strict Content-Security-Policy).
constexpr const char* kConsoleJs = R"js('use strict';
(function () {
  var el = document.getElementById('history-data');
  if (!el || typeof Chart === 'undefined') return;
  var d = JSON.parse(el.textContent);
  Chart.defaults.font.family = '"DejaVu Sans", sans-serif';
  Chart.defaults.animation = false;
  function chart(id, type, datasets, yTitle) {
    var c = document.getElementById(id);
    if (!c) return;
    new Chart(c, {type: type, data: {labels: d.days, datasets: datasets},
      options: {maintainAspectRatio: false, interaction: {mode: 'index', intersect: false},
        scales: {y: {beginAtZero: true, title: {display: true, text: yTitle}}}}});
  }
  chart('chart-questions', 'bar', [
    {label: 'Вопросов клиентов', data: d.questions, backgroundColor: '#457b9d'},
    {label: 'Остались без ответа', data: d.unanswered, backgroundColor: '#e63946'}], 'вопросов');
  chart('chart-response', 'line', [
    {label: 'Первый ответ, медиана', data: d.median, borderColor: '#2a9d8f', backgroundColor: '#2a9d8f', spanGaps: true},
    {label: 'Первый ответ, 90%', data: d.p90, borderColor: '#e9c46a', backgroundColor: '#e9c46a', spanGaps: true}],
    'минут');
  chart('chart-breaches', 'bar', [{label: 'Нарушений', data: d.breaches, backgroundColor: '#c1121f'}], 'нарушений');
  document.body.setAttribute('data-charts', 'drawn');
})();
)js";

constexpr const char* kHtml = "text/html; charset=utf-8";
constexpr const char* kPageSecurity =
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'";

HttpReply text_reply(int status, std::string body) {
  return HttpReply{status, "text/plain; charset=utf-8", body + "\n", {}};
}

HttpReply page(int status, std::string html) {
  HttpReply r{status, kHtml, std::move(html), {}};
  r.headers = {{"Content-Security-Policy", kPageSecurity},
               {"X-Content-Type-Options", "nosniff"},
               {"Referrer-Policy", "no-referrer"},
               {"Cache-Control", "no-store"}};
  return r;
}

HttpReply redirect(const std::string& to) {
  HttpReply r{303, "text/plain; charset=utf-8", "", {{"Location", to}, {"Cache-Control", "no-store"}}};
  return r;
}

// The value of one cookie in a Cookie header, or empty.
std::string cookie_value(const std::map<std::string, std::string>& headers, std::string_view name) {
  auto it = headers.find("cookie");
  if (it == headers.end()) return {};
  std::string_view rest = it->second;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view pair = rest.substr(0, semi);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return {};
}

std::optional<std::string> param(const std::map<std::string, std::string>& q, const char* name) {
  auto it = q.find(name);
  if (it == q.end()) return std::nullopt;
  return it->second;
}

bool secure_cookies(const handlers::Settings& settings) {
  return settings.console.public_url.rfind("https://", 0) == 0;
}

}  // namespace

WebRoutes::WebRoutes(WebServices services) : s_(std::move(services)) {}

std::string WebRoutes::fresh_token() const { return secret_source_or_system(s_.secrets).fresh(kSessionTokenBytes); }

std::optional<storage::ConsoleUser> WebRoutes::session_of(const HttpRequest& request) const {
  const std::string token = cookie_value(request.headers, kSessionCookie);
  if (token.empty() || token.size() > 128) return std::nullopt;
  return s_.store.console_session(secret_hash(token), s_.engine.clock().now());
}

HttpReply WebRoutes::calendar(const std::string& path) {
  // /calendar/<secret>.ics: the secret is the only credential (calendar apps send no cookies), so an unknown or
  // revoked one, or a person no longer staff, gets the same 404 as a path that never existed.
  constexpr std::string_view prefix = "/calendar/", suffix = ".ics";
  const std::string_view rest = std::string_view(path).substr(prefix.size());
  const std::string secret(rest.ends_with(suffix) ? rest.substr(0, rest.size() - suffix.size()) : std::string_view{});
  std::optional<storage::CalendarFeed> feed;
  if (!secret.empty() && secret.size() <= 128) feed = s_.store.calendar_feed(secret);
  if (!feed) return text_reply(404, "no such calendar (a link replaced by «/календарь новый» stops working)");
  const TimePoint now = s_.engine.clock().now();
  const TimePoint from = now - handlers::calendar::kFeedPast, to = now + handlers::calendar::kFeedAhead;
  const bool team = feed->scope == storage::CalendarScope::team;
  const auto person = s_.store.person(feed->user_id);
  handlers::calendar::FeedInfo info{
      team ? "Смены команды OnlineTur" : "Смены — " + (person ? person->name : feed->user_id),
      s_.settings.zone ? std::string(s_.settings.zone->name()) : "UTC",
      handlers::calendar::uid_domain(s_.settings.console.public_url), team};
  HttpReply reply;
  reply.content_type = "text/calendar; charset=utf-8";
  reply.body = handlers::calendar::shifts_ics(
      team ? s_.store.shifts_between(from, to) : s_.store.shifts_of(feed->user_id, from, to), info, now);
  reply.headers.emplace_back("Cache-Control", "private, max-age=300");
  return reply;
}

HttpReply WebRoutes::handle(const HttpRequest& request) {
  const Target target = split_target(request.target);
  const auto query = parse_form(target.query);
  if (!query) return text_reply(400, "malformed query string");
  const std::string& path = target.path;
  const bool get = request.method == "GET" || request.method == "HEAD";

  if (path == "/hooks/calls") return webhook(request);
  if (path == "/healthz") return get ? text_reply(200, "ok") : text_reply(405, "GET only");
  if (path == "/readyz") return get ? ready() : text_reply(405, "GET only");
  if (path == "/metrics") return get ? metrics() : text_reply(405, "GET only");
  if (path == "/static/chart.js" || path == "/static/console.js")
    return get ? static_file(path) : text_reply(405, "GET only");
  if (path == "/login") {
    if (request.method == "POST") return login(request);
    return get ? login_form(*query) : text_reply(405, "GET or POST");
  }
  if (path == "/logout") return request.method == "POST" ? logout(request) : text_reply(405, "POST only");
  if (path.starts_with("/calendar/")) return get ? calendar(path) : text_reply(405, "GET only");
  if (path == "/" || path == "/schedule" || path == "/history" || path == "/history.csv") {
    if (!get) return text_reply(405, "GET only");
    auto viewer = session_of(request);
    // No data without a session: how to get a link, nothing else.
    if (!viewer) return page(401, console::login_page(console::LoginState::no_code));
    return console(path, *query, *viewer);
  }
  return page(404, console::message_page("Нет такой страницы", "Откройте панель: /"));
}

HttpReply WebRoutes::webhook(const HttpRequest& request) {
  auto counted = [&](HttpReply r) {
    ++webhook_counts_[r.status];
    return r;
  };
  if (s_.hook_secret.empty()) return counted(text_reply(404, "the calls webhook is off: its secret is not set"));
  if (request.method != "POST") return counted(text_reply(405, "POST only"));
  auto header = [&](const char* name) -> std::string_view {
    auto it = request.headers.find(name);
    return it == request.headers.end() ? std::string_view{} : std::string_view{it->second};
  };
  if (auto refusal = refuse_call_hook(s_.hook_secret, request.body, header("x-timestamp"), header("x-signature"),
                                      s_.engine.clock().now()))
    return counted(text_reply(401, *refusal));
  std::string why;
  auto hook = decode_call_hook(request.body, &why);
  if (!hook) return counted(text_reply(400, why));
  if (!s_.on_call(*hook)) return counted(text_reply(503, "not stored; try again"));
  return counted(text_reply(200, "ok"));
}

HttpReply WebRoutes::login_form(const std::map<std::string, std::string>& query) {
  auto code = param(query, "code");
  if (!code || code->empty()) return page(200, console::login_page(console::LoginState::no_code));
  // Only looked at, not spent: a link preview that opens the page leaves the code usable.
  const bool live = code->size() <= 128 && s_.store.login_code_owner(secret_hash(*code), s_.engine.clock().now());
  if (!live) return page(403, console::login_page(console::LoginState::dead_code));
  return page(200, console::login_page(console::LoginState::live_code, *code));
}

HttpReply WebRoutes::login(const HttpRequest& request) {
  auto form = parse_form(request.body);
  auto code = form ? param(*form, "code") : std::nullopt;
  if (!code || code->empty() || code->size() > 128) return page(400, console::login_page(console::LoginState::no_code));
  const std::string token = fresh_token();
  const TimePoint now = s_.engine.clock().now();
  std::optional<storage::ConsoleUser> user;
  try {
    user = s_.store.redeem_login_code(secret_hash(*code), secret_hash(token), now, s_.settings.console.session_ttl);
  } catch (const storage::DbError& e) {
    spdlog::error("console login not stored: {}", e.what());
    return page(503, console::message_page("Вход не удался", "База данных недоступна. Попробуйте через минуту."));
  }
  if (!user) return page(403, console::login_page(console::LoginState::dead_code));
  spdlog::info("console: {} logged in", user->user.id);
  HttpReply r = redirect("/");
  std::string cookie = std::string(kSessionCookie) + "=" + token +
                       "; Path=/; Max-Age=" + std::to_string(s_.settings.console.session_ttl.count()) +
                       "; HttpOnly; SameSite=Strict";
  if (secure_cookies(s_.settings)) cookie += "; Secure";
  r.headers.emplace_back("Set-Cookie", cookie);
  return r;
}

HttpReply WebRoutes::logout(const HttpRequest& request) {
  const std::string token = cookie_value(request.headers, kSessionCookie);
  if (!token.empty() && token.size() <= 128) {
    try {
      s_.store.end_console_session(secret_hash(token));
    } catch (const storage::DbError& e) {
      spdlog::error("console logout not stored: {}", e.what());
    }
  }
  HttpReply r = redirect("/login");
  r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
                                           (secure_cookies(s_.settings) ? "; Secure" : ""));
  return r;
}

HttpReply WebRoutes::metrics() {
  const TimePoint now = s_.engine.clock().now();
  MetricsGauges g;
  try {
    g.gateway_connected = s_.gateway_connected && s_.gateway_connected();
    g.outbox_pending = s_.store.pending_outbox_count();
    g.open_waits = s_.store.open_wait_count();
    if (auto oldest = s_.store.open_waits(1); !oldest.empty()) g.oldest_wait = now - oldest.front().started_at;
    g.on_duty = static_cast<std::int64_t>(s_.store.active_duties(now).size());
  } catch (const storage::DbError& e) {
    return text_reply(503, std::string("database error: ") + e.what());
  }
  if (const auto& last = s_.engine.stats().last_event_at) g.last_event_age = now - *last;
  return HttpReply{
      200, "text/plain; version=0.0.4; charset=utf-8", render_metrics(s_.engine.stats(), g, webhook_counts_), {}};
}

HttpReply WebRoutes::ready() {
  if (!(s_.gateway_connected && s_.gateway_connected()))
    return text_reply(503, "not ready: the gateway is not connected");
  std::string why;
  if (!s_.store.writable(why)) return text_reply(503, "not ready: the database is not writable: " + why);
  return text_reply(200, "ready");
}

HttpReply WebRoutes::static_file(const std::string& path) {
  HttpReply r{200,
              "text/javascript; charset=utf-8",
              "",
              {{"Cache-Control", "max-age=3600"}, {"X-Content-Type-Options", "nosniff"}}};
  if (path == "/static/console.js") {
    r.body = kConsoleJs;
    return r;
  }
  if (!chart_js_) {
    std::ifstream in(s_.chart_js, std::ios::binary);
    if (!in) {
      spdlog::warn("console: cannot read {} (install libjs-chart.js): the history charts stay empty", s_.chart_js);
      return text_reply(404, "chart.js is not installed (Debian package libjs-chart.js)");
    }
    std::ostringstream all;
    all << in.rdbuf();
    chart_js_ = all.str();
  }
  r.body = *chart_js_;
  return r;
}

HttpReply WebRoutes::console(const std::string& path, const std::map<std::string, std::string>& query,
                             const storage::ConsoleUser& viewer) {
  try {
    console::PageContext ctx{s_.engine.clock().now(), s_.store, s_.settings,
                             s_.gateway_connected && s_.gateway_connected(), viewer.user.name};
    if (path == "/") return page(200, console::now_page(ctx));
    if (path == "/schedule") return page(200, console::schedule_page(ctx));
    std::string why;
    auto period = console::period_from(param(query, "from"), param(query, "to"), ctx.now, s_.settings.zone, why);
    if (!period) return page(400, console::message_page("Неверный период", why));
    if (path == "/history") return page(200, console::history_page(ctx, *period));
    HttpReply csv{200, "text/csv; charset=utf-8", console::people_csv(ctx, *period), {}};
    csv.headers = {{"Content-Disposition", "attachment; filename=\"dutybot-" + date::format("%F", period->first) + "-" +
                                               date::format("%F", period->last) + ".csv\""},
                   {"Cache-Control", "no-store"},
                   {"X-Content-Type-Options", "nosniff"}};
    return csv;
  } catch (const storage::DbError& e) {
    spdlog::error("console page {} failed: {}", path, e.what());
    return page(503, console::message_page("Страница недоступна", "База данных не ответила. Обновите страницу."));
  }
}

}  // namespace dutybot
