// Benchmark: the cost of handling a client message and of a scheduler tick, as the number of chats and the
// history of answered waits grow. Prints figures; asserts nothing (performance is read, not unit-tested).
#include <chrono>
#include <cstdio>

#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::testing;
using Steady = std::chrono::steady_clock;

namespace {

void populate(storage::BotStore& store, int chats, int history_per_chat, TimePoint now) {
  auto& db = store.db();
  storage::Transaction tx(db);
  auto chat = db.prepare("INSERT INTO chats(id, kind, title) VALUES (?, 'country', ?)");
  auto wait = db.prepare(
      "INSERT INTO waits(chat_id, chat_title, client_id, client_name, first_text, started_at, status, answered_at, "
      "answered_by) VALUES (?, ?, ?, 'Клиент', 'вопрос', ?, 'answered', ?, 'u-anna')");
  for (int c = 0; c < chats; ++c) {
    std::string id = "c-" + std::to_string(c);
    chat.bind(1, id).bind(2, "Страна " + std::to_string(c)).run();
    for (int h = 0; h < history_per_chat; ++h) {
      std::int64_t start = to_unix_ms(now) - (h + 1) * std::int64_t{3600000};
      wait.bind(1, id)
          .bind(2, "Страна")
          .bind(3, "u-client-" + std::to_string(h))
          .bind(4, start)
          .bind(5, start + std::int64_t{60000})
          .run();
    }
  }
  tx.commit();
}

// One tick ten minutes on: fires what is due; returns its time in µs and whether it posted anything.
std::pair<double, bool> tick(BotHarness& bot) {
  bot.clock.advance(std::chrono::minutes(10));
  const auto t0 = Steady::now();
  bot.engine->run_due();
  const double us = std::chrono::duration<double, std::micro>(Steady::now() - t0).count();
  return {us, !bot.sent().empty()};
}

}  // namespace

int main() {
  std::printf("%8s %10s %14s %14s\n", "chats", "history", "message µs", "tick µs");
  for (int chats : {100, 1000, 10000, 100000}) {
    TempDir dir;
    BotHarness bot(msk(2026, 11, 27, 15, 0), dir.file("bench.db"));
    bot.say(anna(), staff_chat(), "Дежурю до 21:00");
    bot.sent();
    populate(*bot.store, chats, 3, bot.clock.now());

    // Client messages spread over chats: each opens a wait (an indexed insert, no scan).
    constexpr int kMessages = 300;
    auto t0 = Steady::now();
    for (int i = 0; i < kMessages; ++i) {
      proto::Chat c{"c-" + std::to_string(i * 7919 % chats), proto::ChatKind::country, "Страна"};
      proto::User client{"u-b" + std::to_string(i), "Клиент", proto::Role::client};
      bot.say(client, c, "Вопрос номер " + std::to_string(i));
    }
    auto message_us = std::chrono::duration<double, std::micro>(Steady::now() - t0).count() / kMessages;

    // Ticks: the check timer fires, nudges, re-arms.
    constexpr int kTicks = 50;
    double tick_total = 0;
    for (int i = 0; i < kTicks; ++i) tick_total += tick(bot).first;
    std::printf("%8d %10d %14.1f %14.1f\n", chats, chats * 3, message_us, tick_total / kTicks);
  }

  // The nudge tick against open waits: every tick nudges (the repeat is due) and escalates, naming what fits.
  std::printf("\n%8s %10s %14s %14s\n", "chats", "open waits", "nudge tick µs", "first tick µs");
  for (auto [chats, waits] : {std::pair{100, 100}, std::pair{1000, 10000}}) {
    TempDir dir;
    BotHarness bot(msk(2026, 11, 27, 15, 0), dir.file("bench.db"));
    bot.say(anna(), staff_chat(), "Дежурю до 21:00");
    for (int i = 0; i < waits; ++i) {
      proto::Chat c{"c-" + std::to_string(i % chats), proto::ChatKind::country, "Страна"};
      proto::User client{"u-w" + std::to_string(i / chats), "Клиент", proto::Role::client};
      bot.say(client, c, "Подскажите, пожалуйста, нужна ли виза?");
    }
    bot.sent();
    // One tick first: it loads the open waits' index from the file once (as the first tick after a start would).
    const double first_us = tick(bot).first;
    constexpr int kTicks = 50;
    double tick_total = 0;
    for (int i = 0; i < kTicks; ++i) {
      auto [us, posted] = tick(bot);
      tick_total += us;
      if (!posted) std::printf("(a tick sent nothing: the measurement is not of a nudge)\n");
    }
    std::printf("%8d %10d %14.1f %14.1f\n", chats, waits, tick_total / kTicks, first_us);
  }
  return 0;
}
