#include "handlers/console/console_pages.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "core/zone_time.h"
#include "handlers/common/duty_report.h"
#include "handlers/common/request_work.h"
#include "handlers/common/text_util.h"

namespace dutybot::console {

namespace {

using Stretch = std::pair<TimePoint, TimePoint>;
constexpr int kMaxPeriodDays = 92;

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string ymd(date::local_days d) { return date::format("%F", d); }
std::string dd_mm(date::local_days d) { return date::format("%d.%m", d); }

// "27.11 09:00", or "09:00" when on `day`.
std::string moment(TimePoint t, const date::time_zone* zone, std::optional<date::local_days> day = std::nullopt) {
  if (day && local_day(t, zone) == *day) return text::hh_mm(t, zone);
  return text::dd_mm(t, zone) + " " + text::hh_mm(t, zone);
}

std::string minutes_text(std::optional<std::chrono::milliseconds> d) {
  return d ? text::duration_ru(*d) : std::string("—");
}

constexpr const char* kStyle = R"css(
body{font-family:"DejaVu Sans",sans-serif;margin:0;color:#1d2733;background:#f4f6f8}
header{background:#1d3557;color:#fff;padding:10px 20px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none;padding:4px 8px;border-radius:4px}
header a.active{background:#457b9d}
header .who{margin-left:auto;font-size:90%}
main{padding:16px 20px;max-width:1200px}
section{background:#fff;border-radius:6px;padding:12px 16px;margin-bottom:16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 12px}h2{font-size:17px;margin:0 0 8px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e3e7eb;
vertical-align:top}th{font-weight:600;background:#f0f3f6}
td.num,th.num{text-align:right}
.bad{color:#c1121f;font-weight:600}.ok{color:#2a9d8f;font-weight:600}.muted{color:#6c7a89}
.gap{color:#c1121f}
.login{max-width:480px;margin:60px auto;text-align:center}
button,input[type=submit]{font-size:16px;padding:8px 24px;background:#1d3557;color:#fff;border:0;border-radius:4px;
cursor:pointer}
.chart{position:relative;height:260px}
.report{border-top:1px solid #e3e7eb;padding:8px 0}
.legend span{display:inline-block;margin-right:16px}
.sw{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle}
)css";

std::string layout(const PageContext& ctx, std::string_view title, std::string_view active, const std::string& body,
                   const std::string& head_extra = {}) {
  auto tab = [&](const char* href, const char* label, const char* id) {
    return std::string("<a href=\"") + href + "\"" + (active == id ? " class=\"active\"" : "") + ">" + label + "</a>";
  };
  std::string out;
  out.reserve(body.size() + 4096);
  out += R"(<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>)";
  out += esc(title);
  out += " — дежурства OnlineTur</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += "<style>";
  out += kStyle;
  out += "</style>";
  out += head_extra;
  out += "</head><body><header><strong>Дежурства OnlineTur</strong>";
  out += tab("/", "Сейчас", "now") + tab("/schedule", "График", "schedule") + tab("/history", "История", "history");
  out += "<span class=\"who\">" + esc(ctx.viewer) +
         " · <form method=\"post\" action=\"/logout\" style=\"display:inline\"><button type=\"submit\" "
         "style=\"padding:2px 10px;font-size:13px;background:#457b9d\">Выйти</button></form></span></header><main>";
  out += body;
  out += "</main></body></html>";
  return out;
}

std::string more_line(std::int64_t shown, std::int64_t total) {
  if (total <= shown) return {};
  return "<p class=\"muted\">" + esc(text::more_newest(total - shown)) + "</p>";
}

// ---- Now ----

std::string duties_section(const PageContext& ctx) {
  const auto* zone = ctx.settings.zone;
  std::string out = "<section id=\"on-duty\"><h2>Дежурят сейчас</h2>";
  const auto duties = ctx.store.active_duties(ctx.now);
  if (duties.empty()) {
    out += "<p class=\"bad\">Сейчас никто не дежурит.</p>";
  } else {
    out += "<table><tr><th>Кто</th><th>До</th><th>Осталось</th><th>С</th></tr>";
    for (const auto& d : duties)
      out += "<tr><td>" + esc(d.name) + "</td><td>" + moment(d.ends_at, zone, local_day(ctx.now, zone)) + "</td><td>" +
             text::duration_ru(d.ends_at - ctx.now) + "</td><td>" + moment(d.since, zone, local_day(ctx.now, zone)) +
             "</td></tr>";
    out += "</table>";
  }
  // Next: the planned shifts that start after now, the nearest first.
  std::vector<storage::Shift> next;
  for (auto& s : ctx.store.shifts_between(ctx.now, ctx.now + std::chrono::days(7)))
    if (s.start > ctx.now) next.push_back(std::move(s));
  out += "<h2 style=\"margin-top:12px\">Дальше по графику</h2>";
  if (next.empty()) {
    out += "<p class=\"muted\">На ближайшие 7 дней смен не запланировано.</p>";
  } else {
    out += "<table><tr><th>Кто</th><th>Смена</th><th>Через</th></tr>";
    const std::size_t shown = std::min<std::size_t>(next.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& s = next[i];
      out += "<tr><td>" + esc(s.name) + "</td><td>" + text::weekday_short(s.start, zone) + " " + moment(s.start, zone) +
             "–" + text::hh_mm(s.end, zone) + "</td><td>" + text::duration_ru(s.start - ctx.now) + "</td></tr>";
    }
    out += "</table>";
  }
  return out + "</section>";
}

std::string waits_section(const PageContext& ctx) {
  const auto waits = ctx.store.open_waits(text::kItemsInList);
  const std::int64_t total = ctx.store.open_wait_count();
  std::string out = "<section id=\"waits\"><h2>Ждут ответа в чатах стран: " + std::to_string(total) + "</h2>";
  if (waits.empty()) return out + "<p class=\"ok\">Все клиенты получили ответ.</p></section>";
  // Per country chat, the chats in the order of their oldest wait.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const storage::Wait*>> by_chat;
  for (const auto& w : waits) {
    auto& list = by_chat[w.chat_title];
    if (list.empty()) order.push_back(w.chat_title);
    list.push_back(&w);
  }
  out += "<table><tr><th>Чат</th><th>Клиент</th><th>Ждёт</th><th>Первые слова</th><th></th></tr>";
  for (const auto& chat : order)
    for (const auto* w : by_chat[chat]) {
      const auto waited = ctx.now - w->started_at;
      const bool long_wait = waited >= ctx.settings.unanswered.escalate;
      out += "<tr class=\"wait\"><td>" + esc(chat) + "</td><td>" + esc(w->client_name) + "</td><td" +
             (long_wait ? " class=\"bad\"" : "") + ">" + text::duration_ru(waited) + "</td><td>" +
             esc(text::excerpt(w->first_text, 80)) + "</td><td class=\"muted\">" +
             (w->escalated_at ? "эскалация" : (w->nudged_at ? "напомнили" : "")) + "</td></tr>";
    }
  out += "</table>" + more_line(static_cast<std::int64_t>(waits.size()), total);
  return out + "</section>";
}

std::string calls_and_requests_section(const PageContext& ctx) {
  const auto* zone = ctx.settings.zone;
  const auto today = local_day(ctx.now, zone);
  const auto calls = ctx.store.open_calls(text::kItemsInList);
  const std::int64_t call_total = ctx.store.open_call_count();
  std::string out = "<section id=\"calls\"><h2>Пропущенные звонки без ответа: " + std::to_string(call_total) + "</h2>";
  if (calls.empty()) {
    out += "<p class=\"ok\">Перезвонили всем.</p>";
  } else {
    out += "<table><tr><th>Номер</th><th>Линия</th><th>Пропущен</th><th>Перезвонить до</th></tr>";
    for (const auto& c : calls) {
      const bool late = c.deadline && *c.deadline < ctx.now;
      out += "<tr><td>" + esc(c.from_number) + "</td><td>" + esc(c.to_line) + "</td><td>" +
             moment(c.missed_at, zone, today) + "</td><td" + (late ? " class=\"bad\"" : "") + ">" +
             (c.deadline ? moment(*c.deadline, zone, today) : std::string("—")) + "</td></tr>";
    }
    out += "</table>" + more_line(static_cast<std::int64_t>(calls.size()), call_total);
  }
  out += "</section>";

  const auto requests = ctx.store.requests_in_status("new", text::kItemsInList);
  const std::int64_t request_total = ctx.store.request_count_in_status("new");
  const auto questions = ctx.store.open_handed_questions(text::kItemsInList);
  const std::int64_t question_total = ctx.store.open_handed_question_count();
  out += "<section id=\"requests\"><h2>Новые заявки: " + std::to_string(request_total) + "</h2>";
  if (requests.empty()) {
    out += "<p class=\"ok\">Новых заявок нет.</p>";
  } else {
    out += "<table><tr><th>Заявка</th><th>Поступила</th><th>Позвонить до</th></tr>";
    for (const auto& r : requests) {
      const bool late = r.call_due && *r.call_due < ctx.now;
      out += "<tr><td>" + esc(handlers::request_line(r.request)) + "</td><td>" + moment(r.created_at, zone, today) +
             "</td><td" + (late ? " class=\"bad\"" : "") + ">" +
             (r.call_due ? moment(*r.call_due, zone, today) : std::string("—")) + "</td></tr>";
    }
    out += "</table>" + more_line(static_cast<std::int64_t>(requests.size()), request_total);
  }
  out += "<h2 style=\"margin-top:12px\">Сообщения клиентов экспертам, переданные дежурному: " +
         std::to_string(question_total) + "</h2>";
  if (questions.empty()) {
    out += "<p class=\"ok\">Ничего не ждёт.</p>";
  } else {
    out += "<table><tr><th>Заявка</th><th>Клиент</th><th>Почему</th><th>Передано</th><th>Текст</th></tr>";
    for (const auto& q : questions)
      out += "<tr><td>" + esc(q.request_id) + "</td><td>" + esc(q.client_name) + "</td><td>" +
             esc(handlers::reasons_label(q.reason)) + "</td><td>" + moment(*q.handed_at, zone, today) + "</td><td>" +
             esc(text::excerpt(q.text, 80)) + "</td></tr>";
    out += "</table>" + more_line(static_cast<std::int64_t>(questions.size()), question_total);
  }
  return out + "</section>";
}

// ---- Schedule ----

constexpr int kDayWidth = 960;  // px for 24 h
constexpr int kLane = 22;

double x_of(TimePoint t, TimePoint day_start) {
  const double hours = std::chrono::duration<double, std::ratio<3600>>(t - day_start).count();
  return std::clamp(hours, 0.0, 24.0) * kDayWidth / 24.0;
}

std::string rect(double x0, double x1, int y, int h, const char* cls, const std::string& title) {
  char buf[160];
  std::snprintf(buf, sizeof buf, R"(<rect class="%s" x="%.1f" y="%d" width="%.1f" height="%d" rx="2">)", cls, x0, y,
                std::max(1.0, x1 - x0), h);
  return std::string(buf) + "<title>" + esc(title) + "</title></rect>";
}

// Clips [a, b) to the day and returns false when nothing is left.
bool clip(Stretch& s, TimePoint day_start, TimePoint day_end) {
  s.first = std::max(s.first, day_start);
  s.second = std::min(s.second, day_end);
  return s.first < s.second;
}

}  // namespace

std::string now_page(const PageContext& ctx) {
  std::string body = "<h1>Сейчас, " + text::weekday_short(ctx.now, ctx.settings.zone) + " " +
                     text::dd_mm(ctx.now, ctx.settings.zone) + " " + text::hh_mm(ctx.now, ctx.settings.zone) + "</h1>";
  body += std::string("<p id=\"gateway\">Связь с мессенджером: ") +
          (ctx.gateway_connected ? "<span class=\"ok\">есть</span>"
                                 : "<span class=\"bad\">нет — бот переподключается</span>") +
          " <span class=\"muted\">· страница обновляется каждые 30 с</span></p>";
  body += duties_section(ctx) + waits_section(ctx) + calls_and_requests_section(ctx);
  return layout(ctx, "Сейчас", "now", body, R"(<meta http-equiv="refresh" content="30">)");
}

std::string schedule_page(const PageContext& ctx) {
  const auto* zone = ctx.settings.zone;
  const auto today = local_day(ctx.now, zone);
  const TimePoint horizon_start = from_local(date::local_seconds(today), zone);
  const TimePoint horizon_end = from_local(date::local_seconds(today + date::days(7)), zone);
  const auto shifts = ctx.store.shifts_between(horizon_start, horizon_end);
  const auto duties = ctx.store.active_duties(ctx.now);
  std::vector<Stretch> busy;
  busy.reserve(shifts.size() + duties.size());
  for (const auto& s : shifts) busy.emplace_back(s.start, s.end);
  for (const auto& d : duties) busy.emplace_back(d.since, d.ends_at);
  std::sort(busy.begin(), busy.end());
  const auto gaps = ctx.settings.coverage.gaps(ctx.now, horizon_end, zone, busy);

  std::string body = "<h1>График на 7 дней</h1>";
  body +=
      "<p class=\"legend\"><span><i class=\"sw\" style=\"background:#dfe7ee\"></i>часы покрытия</span>"
      "<span><i class=\"sw\" style=\"background:#457b9d\"></i>смена по графику</span>"
      "<span><i class=\"sw\" style=\"background:#2a9d8f\"></i>объявленное дежурство</span>"
      "<span><i class=\"sw\" style=\"background:#e63946\"></i>никого нет</span></p>";
  body += "<section id=\"gaps\"><h2>Дыры в графике: " + std::to_string(gaps.size()) + "</h2>";
  if (gaps.empty()) {
    body += "<p class=\"ok\">Все часы покрытия закрыты сменами или дежурствами.</p>";
  } else {
    body += "<ul>";
    for (const auto& [a, b] : gaps)
      body += "<li class=\"gap\">" + text::weekday_short(a, zone) + " " + moment(a, zone) + " – " + moment(b, zone) +
              " (" + text::duration_ru(b - a) + ")</li>";
    body += "</ul>";
  }
  body += "</section>";

  for (int i = 0; i < 7; ++i) {
    const auto day = today + date::days(i);
    const TimePoint day_start = from_local(date::local_seconds(day), zone);
    const TimePoint day_end = from_local(date::local_seconds(day + date::days(1)), zone);
    // One lane per person who has a shift or a duty that day, under the coverage lane.
    std::vector<std::string> people;
    std::map<std::string, std::string> names;
    for (const auto& s : shifts)
      if (s.start < day_end && s.end > day_start && !names.count(s.user_id)) {
        people.push_back(s.user_id);
        names[s.user_id] = s.name;
      }
    for (const auto& d : duties)
      if (d.since < day_end && d.ends_at > day_start && !names.count(d.user_id)) {
        people.push_back(d.user_id);
        names[d.user_id] = d.name;
      }
    const int height = kLane * static_cast<int>(people.size() + 1) + 18;
    std::string svg = R"(<svg class="day" viewBox="0 0 )" + std::to_string(kDayWidth + 160) + " " +
                      std::to_string(height) + R"(" width="100%" role="img" aria-label=")" + text::weekday_short(day) +
                      " " + dd_mm(day) +
                      "\"><style>.cov{fill:#dfe7ee}.gapbar{fill:#e63946}.shift{fill:#457b9d}"
                      ".duty{fill:#2a9d8f}text{font:12px 'DejaVu Sans',sans-serif;fill:#1d2733}"
                      ".hour{stroke:#e3e7eb}</style><g transform=\"translate(150,0)\">";
    for (int h = 0; h <= 24; h += 3) {
      const int x = h * kDayWidth / 24;
      svg += R"(<line class="hour" x1=")" + std::to_string(x) + R"(" y1="0" x2=")" + std::to_string(x) + "\" y2=\"" +
             std::to_string(height - 16) + "\"/><text x=\"" + std::to_string(std::max(0, x - 14)) + "\" y=\"" +
             std::to_string(height - 3) + "\">" + (h < 10 ? "0" : "") + std::to_string(h) + ":00</text>";
    }
    for (auto w : ctx.settings.coverage.windows(day_start, day_end, zone))
      if (clip(w, day_start, day_end))
        svg += rect(x_of(w.first, day_start), x_of(w.second, day_start), 2, kLane - 6, "cov",
                    "Покрытие " + text::hh_mm(w.first, zone) + "–" + text::hh_mm(w.second, zone));
    for (auto g : gaps)
      if (clip(g, day_start, day_end))
        svg += rect(x_of(g.first, day_start), x_of(g.second, day_start), 2, kLane - 6, "gapbar",
                    "Никого нет " + text::hh_mm(g.first, zone) + "–" + text::hh_mm(g.second, zone));
    for (std::size_t lane = 0; lane < people.size(); ++lane) {
      const int y = kLane * static_cast<int>(lane + 1) + 2;
      for (const auto& s : shifts) {
        Stretch st{s.start, s.end};
        if (s.user_id == people[lane] && clip(st, day_start, day_end))
          svg += rect(x_of(st.first, day_start), x_of(st.second, day_start), y, (kLane - 6) / 2, "shift",
                      s.name + ": смена " + moment(s.start, zone) + "–" + moment(s.end, zone));
      }
      for (const auto& d : duties) {
        Stretch st{d.since, d.ends_at};
        if (d.user_id == people[lane] && clip(st, day_start, day_end))
          svg += rect(x_of(st.first, day_start), x_of(st.second, day_start), y + (kLane - 6) / 2, (kLane - 6) / 2,
                      "duty", d.name + ": дежурит до " + moment(d.ends_at, zone));
      }
    }
    svg += "</g><text x=\"0\" y=\"15\">Покрытие</text>";
    for (std::size_t lane = 0; lane < people.size(); ++lane)
      svg += R"(<text x="0" y=")" + std::to_string(kLane * static_cast<int>(lane + 1) + 15) + "\">" +
             esc(text::excerpt(names[people[lane]], 20)) + "</text>";
    svg += "</svg>";
    body += "<section class=\"schedule-day\"><h2>" + text::weekday_short(day) + " " + dd_mm(day) +
            (i == 0 ? ", сегодня" : "") + "</h2>" + svg + "</section>";
  }
  return layout(ctx, "График", "schedule", body);
}

std::optional<Period> period_from(const std::optional<std::string>& from, const std::optional<std::string>& to,
                                  TimePoint now, const date::time_zone* zone, std::string& why) {
  auto read_day = [&](const std::optional<std::string>& text,
                      date::local_days fallback) -> std::optional<date::local_days> {
    if (!text || text->empty()) return fallback;
    // YYYY-MM-DD, a real calendar day.
    const std::string& t = *text;
    auto digits = [&](std::size_t at, std::size_t n) {
      int v = 0;
      for (std::size_t i = at; i < at + n; ++i) {
        if (t[i] < '0' || t[i] > '9') return -1;
        v = v * 10 + (t[i] - '0');
      }
      return v;
    };
    if (t.size() == 10 && t[4] == '-' && t[7] == '-') {
      const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
      const date::year_month_day ymd{date::year{y}, date::month(static_cast<unsigned>(m)),
                                     date::day(static_cast<unsigned>(d))};
      if (y >= 2000 && m > 0 && d > 0 && ymd.ok()) return date::local_days(ymd);
    }
    why = "дата «" + t + "» не в виде ГГГГ-ММ-ДД";
    return std::nullopt;
  };
  const auto today = local_day(now, zone);
  auto last = read_day(to, today);
  if (!last) return std::nullopt;
  auto first = read_day(from, *last - date::days(6));
  if (!first) return std::nullopt;
  if (*first > *last) {
    why = "начало периода позже конца";
    return std::nullopt;
  }
  if ((*last - *first).count() >= kMaxPeriodDays) {
    why = "период длиннее " + std::to_string(kMaxPeriodDays) + " дней";
    return std::nullopt;
  }
  return Period{*first, *last, from_local(date::local_seconds(*first), zone),
                from_local(date::local_seconds(*last + date::days(1)), zone)};
}

std::vector<PersonFigures> people_figures(const std::vector<storage::DutyReport>& reports_in_period) {
  std::map<std::string, PersonFigures> by_user;
  std::map<std::string, std::vector<std::chrono::milliseconds>> responses;
  std::vector<std::string> order;
  for (const auto& r : reports_in_period) {
    auto [it, added] = by_user.try_emplace(r.user_id);
    auto& p = it->second;
    if (added) {
      p.user_id = r.user_id;
      order.push_back(r.user_id);
    }
    p.name = r.name;
    ++p.duties;
    p.on_duty += r.ended_at - r.since;
    p.answered += static_cast<std::int64_t>(r.answered_by_them.size());
    auto& mine = responses[r.user_id];
    mine.insert(mine.end(), r.answered_by_them.begin(), r.answered_by_them.end());
    p.nudges += r.nudges;
    p.escalations += r.escalations;
    p.breaches += static_cast<std::int64_t>(r.breaches.size());
    if (r.deduction_rub) p.deduction_rub = p.deduction_rub.value_or(0) + *r.deduction_rub;
  }
  std::vector<PersonFigures> out;
  for (const auto& id : order) {
    auto& p = by_user[id];
    auto& mine = responses[id];
    std::sort(mine.begin(), mine.end());
    p.median_first_response = report::percentile(mine, 0.5);
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::vector<DayFigures> last_days(const storage::BotStore& store, TimePoint now, const date::time_zone* zone,
                                  int days) {
  const auto today = local_day(now, zone);
  const auto first = today - date::days(days - 1);
  const TimePoint from = from_local(date::local_seconds(first), zone);
  const TimePoint to = from_local(date::local_seconds(today + date::days(1)), zone);
  std::vector<DayFigures> out(static_cast<std::size_t>(days));
  std::vector<std::vector<std::chrono::milliseconds>> responses(out.size());
  for (int i = 0; i < days; ++i) out[static_cast<std::size_t>(i)].day = first + date::days(i);
  auto index_of = [&](TimePoint t) -> std::optional<std::size_t> {
    const auto i = (local_day(t, zone) - first).count();
    if (i < 0 || i >= days) return std::nullopt;
    return static_cast<std::size_t>(i);
  };
  // Day boundaries are computed once per day, not per question: the questions come by start.
  std::size_t day = 0;
  TimePoint next_day = from_local(date::local_seconds(first + date::days(1)), zone);
  for (const auto& w : store.waits_started_between(from, to)) {
    while (w.started_at >= next_day && day + 1 < out.size()) {
      ++day;
      next_day = from_local(date::local_seconds(first + date::days(static_cast<int>(day) + 1)), zone);
    }
    auto& d = out[day];
    ++d.questions;
    if (w.first_response)
      responses[day].push_back(*w.first_response);
    else
      ++d.unanswered;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::sort(responses[i].begin(), responses[i].end());
    out[i].median = report::percentile(responses[i], 0.5);
    out[i].p90 = report::percentile(responses[i], 0.9);
  }
  for (const auto& r : store.duty_reports_between(from, to))
    if (auto i = index_of(r.ended_at)) out[*i].breaches += static_cast<std::int64_t>(r.breaches.size());
  return out;
}

namespace {

std::string hours_text(std::chrono::milliseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::chrono::duration<double, std::ratio<3600>>(d).count());
  return buf;
}

std::string minutes_number(std::optional<std::chrono::milliseconds> d) {
  if (!d) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::chrono::duration<double, std::ratio<60>>(*d).count());
  return buf;
}

std::string history_charts(const std::vector<DayFigures>& days) {
  nlohmann::json data = nlohmann::json::object();
  for (const auto& d : days) {
    data["days"].push_back(dd_mm(d.day));
    data["questions"].push_back(d.questions);
    data["unanswered"].push_back(d.unanswered);
    data["breaches"].push_back(d.breaches);
    auto minutes = [](std::optional<std::chrono::milliseconds> v) -> nlohmann::json {
      if (!v) return nullptr;
      return std::round(std::chrono::duration<double, std::ratio<60>>(*v).count() * 10) / 10;
    };
    data["median"].push_back(minutes(d.median));
    data["p90"].push_back(minutes(d.p90));
  }
  // The data for console.js, as JSON that cannot close the script element.
  std::string json = data.dump();
  std::string safe;
  for (char c : json) safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
  std::string out = "<section id=\"days\"><h2>Последние " + std::to_string(days.size()) + " дней</h2>";
  out +=
      "<div class=\"chart\"><canvas id=\"chart-questions\" aria-label=\"Вопросы клиентов по дням\"></canvas></div>"
      "<div class=\"chart\"><canvas id=\"chart-response\" aria-label=\"Первый ответ по дням\"></canvas></div>"
      "<div class=\"chart\"><canvas id=\"chart-breaches\" aria-label=\"Нарушения по дням\"></canvas></div>";
  out += R"(<script type="application/json" id="history-data">)" + safe + "</script>";
  out +=
      "<details><summary>Таблица по дням</summary><table id=\"days-table\"><tr><th>День</th><th "
      "class=\"num\">Вопросов</th><th class=\"num\">Медиана ответа</th><th class=\"num\">90%</th><th "
      "class=\"num\">Без ответа</th><th class=\"num\">Нарушений</th></tr>";
  for (std::size_t i = days.size(); i-- > 0;) {  // the newest day first
    const DayFigures& day = days[i];
    out += "<tr><td>" + text::weekday_short(day.day) + " " + dd_mm(day.day) + "</td><td class=\"num\">" +
           std::to_string(day.questions) + "</td><td class=\"num\">" + minutes_text(day.median) +
           "</td><td class=\"num\">" + minutes_text(day.p90) + "</td><td class=\"num\">" +
           std::to_string(day.unanswered) + "</td><td class=\"num\">" + std::to_string(day.breaches) + "</td></tr>";
  }
  out += "</table></details></section>";
  return out;
}

std::string people_section(const PageContext& ctx, const Period& period, const std::vector<PersonFigures>& people) {
  const bool with_deduction = ctx.settings.shifts.reward_rub > 0;
  const std::string range = "from=" + ymd(period.first) + "&amp;to=" + ymd(period.last);
  std::string out = "<section id=\"people\"><h2>По сотрудникам: дежурства, закончившиеся " + dd_mm(period.first) + "–" +
                    dd_mm(period.last) + "</h2>";
  out += "<form method=\"get\" action=\"/history\">с <input type=\"date\" name=\"from\" value=\"" + ymd(period.first) +
         "\"> по <input type=\"date\" name=\"to\" value=\"" + ymd(period.last) +
         "\"> <input type=\"submit\" value=\"Показать\"> · <a id=\"csv\" href=\"/history.csv?" + range +
         "\">Скачать CSV</a></form>";
  if (people.empty()) return out + "<p class=\"muted\">В этом периоде дежурства не заканчивались.</p></section>";
  out +=
      "<table id=\"people-table\"><tr><th>Сотрудник</th><th class=\"num\">Дежурств</th><th class=\"num\">Часов</th>"
      "<th class=\"num\">Ответил на вопросов</th><th class=\"num\">Медиана первого ответа</th><th "
      "class=\"num\">Напоминаний</th><th class=\"num\">Эскалаций</th><th class=\"num\">Нарушений</th>";
  if (with_deduction) out += "<th class=\"num\">Удержание, ₽</th>";
  out += "</tr>";
  for (const auto& p : people) {
    out += "<tr><td>" + esc(p.name) + "</td><td class=\"num\">" + std::to_string(p.duties) + "</td><td class=\"num\">" +
           hours_text(p.on_duty) + "</td><td class=\"num\">" + std::to_string(p.answered) + "</td><td class=\"num\">" +
           minutes_text(p.median_first_response) + "</td><td class=\"num\">" + std::to_string(p.nudges) +
           "</td><td class=\"num\">" + std::to_string(p.escalations) + "</td><td class=\"num" +
           (p.breaches ? " bad" : "") + "\">" + std::to_string(p.breaches) + "</td>";
    if (with_deduction) out += "<td class=\"num\">" + std::to_string(p.deduction_rub.value_or(0)) + "</td>";
    out += "</tr>";
  }
  return out + "</table></section>";
}

std::string reports_section(const PageContext& ctx, const std::vector<storage::DutyReport>& reports) {
  const auto* zone = ctx.settings.zone;
  std::string out = "<section id=\"reports\"><h2>Отчёты о дежурствах: " + std::to_string(reports.size()) + "</h2>";
  if (reports.empty()) return out + "<p class=\"muted\">Нет отчётов за период.</p></section>";
  const std::size_t shown = std::min<std::size_t>(reports.size(), text::kItemsInList);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& r = reports[reports.size() - 1 - i];  // the newest first
    out += "<div class=\"report\"><strong>" + esc(r.name) + "</strong>, " + text::weekday_short(r.since, zone) + " " +
           moment(r.since, zone) + " – " + moment(r.ended_at, zone, local_day(r.since, zone)) + " (" +
           text::duration_ru(r.ended_at - r.since) + "). Вопросов " + std::to_string(r.received) + ", отвечено " +
           std::to_string(r.answered) + "; первый ответ: медиана " + minutes_text(r.median) + ", 90% — " +
           minutes_text(r.p90) + "; напоминаний " + std::to_string(r.nudges) + ", эскалаций " +
           std::to_string(r.escalations) + ".";
    if (r.deduction_rub) out += " Удержание: " + std::to_string(*r.deduction_rub) + " ₽.";
    if (r.breaches.empty() && r.unanswered_at_end.empty()) {
      out += " <span class=\"ok\">Нарушений нет.</span>";
    } else {
      out += "<ul>";
      for (const auto& b : r.breaches) out += "<li class=\"bad\">" + esc(b) + "</li>";
      for (const auto& u : r.unanswered_at_end)
        out += "<li class=\"bad\">Без ответа к концу смены: " + esc(u) + "</li>";
      out += "</ul>";
    }
    out += "</div>";
  }
  return out + more_line(static_cast<std::int64_t>(shown), static_cast<std::int64_t>(reports.size())) + "</section>";
}

}  // namespace

std::string history_page(const PageContext& ctx, const Period& period) {
  const auto days = last_days(ctx.store, ctx.now, ctx.settings.zone);
  std::string body = "<h1>История</h1>";
  body += history_charts(days);
  const auto reports = ctx.store.duty_reports_between(period.from, period.to);
  body += people_section(ctx, period, people_figures(reports));
  body += reports_section(ctx, reports);
  return layout(ctx, "История", "history", body,
                R"(<script src="/static/chart.js" defer></script><script src="/static/console.js" defer></script>)");
}

std::string people_csv(const PageContext& ctx, const Period& period) {
  auto cell = [](const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out =
      "user_id,name,duties,hours,answered,median_first_response_min,nudges,escalations,breaches,deduction_rub\r\n";
  for (const auto& p : people_figures(ctx.store.duty_reports_between(period.from, period.to)))
    out += cell(p.user_id) + "," + cell(p.name) + "," + std::to_string(p.duties) + "," + hours_text(p.on_duty) + "," +
           std::to_string(p.answered) + "," + minutes_number(p.median_first_response) + "," + std::to_string(p.nudges) +
           "," + std::to_string(p.escalations) + "," + std::to_string(p.breaches) + "," +
           (p.deduction_rub ? std::to_string(*p.deduction_rub) : std::string()) + "\r\n";
  return out;
}

std::string message_page(const std::string& title, const std::string& text) {
  return R"(<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>)" + esc(title) +
         R"(</title><meta name="viewport" content="width=device-width, initial-scale=1"><style>)" + kStyle +
         "</style></head><body><div class=\"login\"><section><h1>" + esc(title) + "</h1><p>" + esc(text) +
         "</p></section></div></body></html>";
}

std::string login_page(LoginState state, const std::string& code) {
  const std::string how =
      "Напишите боту в мессенджере «/панель» (в личный чат или в «Эксперты - общение») — он пришлёт одноразовую "
      "ссылку для входа. Панель доступна руководителям.";
  switch (state) {
    case LoginState::no_code:
      return message_page("Вход в панель дежурств", how);
    case LoginState::dead_code:
      return message_page(
          "Ссылка недействительна",
          "Ссылка уже использована или истекла (она действует 10 минут и открывается один раз). " + how);
    case LoginState::live_code:
      break;
  }
  return "<!doctype html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Вход в панель дежурств</title>"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" "
         "content=\"no-referrer\"><style>" +
         std::string(kStyle) +
         "</style></head><body><div class=\"login\"><section><h1>Вход в панель дежурств</h1>"
         "<p>Нажмите «Войти», чтобы открыть панель. Ссылка сработает один раз.</p>"
         "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"code\" value=\"" +
         esc(code) + "\"><button type=\"submit\" id=\"login\">Войти</button></form></section></div></body></html>";
}

}  // namespace dutybot::console
