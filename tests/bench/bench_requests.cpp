// Benchmark: the cost of a request event, a client's message to an expert, a staff answer in a request,
// and a shift's end report, as the history of requests grows. Prints figures; asserts nothing.
#include <chrono>
#include <cstdio>

#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::testing;
using Steady = std::chrono::steady_clock;

namespace {

// Closed requests and answered questions, as months of work leave them.
void populate(storage::BotStore& store, int requests, TimePoint now) {
  auto& db = store.db();
  storage::Transaction tx(db);
  auto req = db.prepare(
      "INSERT INTO requests(request_id, status, body, created_at, call_due_at, called_at) VALUES (?, 'closed', ?, ?, "
      "?, ?)");
  auto question = db.prepare(
      "INSERT INTO expert_questions(message_id, request_id, client_name, expert_id, text, received_at, reason, "
      "handed_at, answered_at, answered_by) VALUES (?, ?, 'Клиент', 'u-boris', 'вопрос', ?, 'payment', ?, ?, "
      "'u-anna')");
  for (int i = 0; i < requests; ++i) {
    const std::string id = "r-old-" + std::to_string(i);
    const std::int64_t created = to_unix_ms(now) - (i + 1) * std::int64_t{600000};
    proto::Request r;
    r.id = id;
    r.client = {"u-c" + std::to_string(i), "Клиент"};
    r.source = "site";
    r.text = "Тур";
    r.status = "closed";
    r.reminder = "записано";
    req.bind(1, id).bind(2, proto::encode_request(r)).bind(3, created).bind(4, created + 900000);
    req.bind(5, created + 300000).run();
    question.bind(1, "rm-old-" + std::to_string(i))
        .bind(2, id)
        .bind(3, created)
        .bind(4, created)
        .bind(5, created + 60000);
    question.run();
  }
  tx.commit();
}

double micros_since(Steady::time_point t0, int n) {
  return std::chrono::duration<double, std::micro>(Steady::now() - t0).count() / n;
}

}  // namespace

int main() {
  std::printf("%10s %12s %12s %12s %12s %12s\n", "requests", "new µs", "status µs", "to expert µs", "answer µs",
              "report ms");
  for (int history : {1000, 10000, 100000}) {
    TempDir dir;
    BotHarness bot(msk(2026, 11, 27, 9, 0), dir.file("bench.db"));
    bot.say(anna(), staff_chat(), "Дежурю до 21:00");
    populate(*bot.store, history, bot.clock.now());
    bot.sent();

    constexpr int kEach = 300;
    std::vector<proto::Request> fresh;
    auto t0 = Steady::now();
    for (int i = 0; i < kEach; ++i) {
      proto::Request r;
      r.id = "r-" + std::to_string(i);
      r.client = {"u-n" + std::to_string(i), "Клиент"};
      r.client_phone = "+7-900-000-00-00";
      r.source = "site";
      r.text = "Хотим тур в Турцию на майские";
      r.status = "new";
      r.created_ts = format_utc(bot.clock.now());
      bot.request(r);
      fresh.push_back(r);
    }
    const double new_us = micros_since(t0, kEach);
    t0 = Steady::now();
    for (auto& r : fresh) {
      r.status = "in_progress";
      r.reminder = "Двое взрослых, май";
      bot.request(r);
    }
    const double status_us = micros_since(t0, kEach);
    const proto::PersonRef boris_ref{"u-boris", "Борис"};
    t0 = Steady::now();
    for (int i = 0; i < kEach; ++i)
      bot.request_message({"u-n" + std::to_string(i), "Клиент", proto::Role::client}, fresh[i].id, boris_ref,
                          i % 2 ? "Срочно: как оплатить?" : "Какой отель посоветуете?");
    const double expert_us = micros_since(t0, kEach);
    t0 = Steady::now();
    for (int i = 0; i < kEach; ++i)
      bot.request_message(boris(), fresh[i].id, proto::PersonRef{"u-n" + std::to_string(i), "Клиент"}, "Отвечаю");
    const double answer_us = micros_since(t0, kEach);
    bot.sent();
    // The duty ends at 21:00: the report reads the shift's window of calls, requests and questions.
    t0 = Steady::now();
    bot.advance_to(msk(2026, 11, 27, 21, 0));
    const double report_ms = micros_since(t0, 1) / 1000.0;
    std::printf("%10d %12.0f %12.0f %12.0f %12.0f %12.1f\n", history, new_us, status_us, expert_us, answer_us,
                report_ms);
  }
  return 0;
}
