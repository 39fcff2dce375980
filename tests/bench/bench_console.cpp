// Benchmark: each console page, served through the real routes from a real SQLite file holding 90 days of history
// at 50 duties and 2,000 client questions a day (the load), next to a reference in the same run: one plain
// scan of every question ever stored, the cost a page that scanned all history would pay at least. Prints figures;
// asserts nothing (issue 14 asks every page under 50 ms).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "bot/web_routes.h"
#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::testing;
using Steady = std::chrono::steady_clock;

namespace {

constexpr int kDays = 90;
constexpr int kQuestionsPerDay = 2000;
constexpr int kDutiesPerDay = 50;

// 90 days of questions (each answered within minutes but for 1 in 50), duty reports and notifications, written
// straight into the tables the handlers fill; then what a live day shows: open waits, duties, shifts, calls.
void populate(storage::BotStore& store, TimePoint now) {
  auto& db = store.db();
  storage::Transaction tx(db);
  auto wait = db.prepare(
      "INSERT INTO waits(chat_id, chat_title, client_id, client_name, first_text, started_at, status, answered_at, "
      "answered_by) VALUES (?, ?, ?, 'Клиент', 'Здравствуйте, подскажите по туру', ?, ?, ?, ?)");
  const char* chats[] = {"c-turkey", "c-egypt", "c-uae", "c-thailand", "c-vietnam", "c-maldives"};
  const char* titles[] = {"Турция", "Египет", "ОАЭ", "Таиланд", "Вьетнам", "Мальдивы"};
  const TimePoint start = now - std::chrono::days(kDays);
  std::int64_t n = 0;
  for (int day = 0; day < kDays; ++day)
    for (int q = 0; q < kQuestionsPerDay; ++q, ++n) {
      const TimePoint at = start + std::chrono::days(day) + std::chrono::milliseconds(q * 43200);
      const bool answered = q % 50 != 0;
      wait.bind(1, chats[n % 6]).bind(2, titles[n % 6]).bind(3, "u-c" + std::to_string(n)).bind(4, to_unix_ms(at));
      wait.bind(5, answered ? "answered" : "closed");
      if (answered) {
        wait.bind(6, to_unix_ms(at + std::chrono::seconds(60 + (n * 37) % 900)));
        wait.bind(7, "u-a" + std::to_string(n % kDutiesPerDay));
      } else {
        wait.bind_null(6).bind_null(7);
      }
      wait.run();
    }
  storage::Batch batch;
  for (int day = 0; day < kDays; ++day)
    for (int d = 0; d < kDutiesPerDay; ++d) {
      storage::DutyReport r;
      r.user_id = "u-a" + std::to_string(d);
      r.name = "Ассистент " + std::to_string(d);
      r.since = start + std::chrono::days(day) + std::chrono::minutes(d * 20);
      r.ended_at = r.since + std::chrono::hours(8);
      r.received = 700;
      r.answered = 690;
      r.median = std::chrono::minutes(4);
      r.p90 = std::chrono::minutes(12);
      for (int k = 0; k < 40; ++k) r.answered_by_them.emplace_back(60000 + k * 9000);
      r.nudges = d % 3;
      r.escalations = d % 5 == 0 ? 1 : 0;
      if (d % 7 == 0) r.breaches = {"звонок +7-916-000-00-00 в 10:05: перезвонили в 10:40, на 20 мин позже срока"};
      r.deduction_rub = static_cast<std::int64_t>(r.breaches.size()) * 100;
      batch.changes.emplace_back(storage::RecordDutyReport{r});
    }
  for (int i = 0; i < 30; ++i)
    batch.changes.emplace_back(storage::OpenWait{chats[i % 6], titles[i % 6], "u-live" + std::to_string(i),
                                                 "Клиент " + std::to_string(i), "m-live-" + std::to_string(i),
                                                 "Когда будет ответ по визе?", now - std::chrono::minutes(i)});
  for (int i = 0; i < 7 * kDutiesPerDay; ++i) {
    const TimePoint s = now + std::chrono::minutes(i * 29);
    batch.changes.emplace_back(
        storage::PutShift{"u-a" + std::to_string(i % kDutiesPerDay), s, s + std::chrono::hours(8)});
  }
  for (int i = 0; i < 20; ++i) {
    storage::MissedCall c{"call-" + std::to_string(i),
                          "+7-916-000-00-" + std::to_string(10 + i),
                          "office",
                          std::nullopt,
                          now - std::chrono::minutes(i),
                          "assistant",
                          now + std::chrono::minutes(15 - i),
                          std::nullopt};
    batch.changes.emplace_back(storage::OpenCall{c});
  }
  store.apply(batch, now);
  tx.commit();
}

struct Figures {
  double median_ms, max_ms;
  std::size_t bytes;
};

template <class Fn>
Figures time_it(Fn fn, int runs = 30) {
  std::vector<double> ms;
  std::size_t bytes = 0;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Steady::now();
    bytes = fn();
    ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.back(), bytes};
}

}  // namespace

int main() {
  TempDir dir;
  BotHarness bot(msk(2026, 12, 3, 12, 0), dir.file("bench.db"));
  const auto t0 = Steady::now();
  populate(*bot.store, bot.clock.now());
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  std::printf("history: %d days × %d questions and %d duty reports a day, written in %.1f s\n", kDays, kQuestionsPerDay,
              kDutiesPerDay, std::chrono::duration<double>(Steady::now() - t0).count());

  WebRoutes routes(WebServices{*bot.engine, *bot.store, bot.settings, "", [](const CallHook&) { return true; },
                               [] { return true; }, nullptr});
  // A supervisor's session, as the browser holds it.
  bot.say(sveta(), dm(sveta()), "/панель");
  const std::string link = text_with(bot.sent(), "code=");
  const std::string code = link.substr(link.find("code=") + 5, 43);
  auto login = routes.handle(HttpRequest{"POST", "/login", {}, "code=" + code});
  std::string cookie;
  for (const auto& [k, v] : login.headers)
    if (k == "Set-Cookie") cookie = v.substr(0, v.find(';'));
  if (cookie.empty()) {
    std::fprintf(stderr, "login failed: %d\n", login.status);
    return 1;
  }

  std::printf("%-36s %10s %10s %10s\n", "page", "median ms", "max ms", "KiB");
  for (const char* target : {"/", "/schedule", "/history", "/history?from=2026-11-04&to=2026-12-03", "/history.csv",
                             "/history.csv?from=2026-09-05&to=2026-12-03", "/metrics"}) {
    HttpRequest req{"GET", target, {{"cookie", cookie}}, {}};
    auto f = time_it([&] {
      auto r = routes.handle(req);
      if (r.status != 200) std::fprintf(stderr, "%s answered %d\n", target, r.status);
      return r.body.size();
    });
    std::printf("%-36s %10.2f %10.2f %10.1f\n", target, f.median_ms, f.max_ms, static_cast<double>(f.bytes) / 1024);
  }
  // The reference: one pass over every question stored, reading what the history charts need.
  auto scan = time_it([&] {
    auto st = bot.store->db().prepare("SELECT COUNT(*), SUM(answered_at - started_at) FROM waits");
    st.step();
    return static_cast<std::size_t>(st.int64(0));
  });
  std::printf("%-36s %10.2f %10.2f %10s\n", "reference: scan of all questions", scan.median_ms, scan.max_ms, "-");
  return 0;
}
