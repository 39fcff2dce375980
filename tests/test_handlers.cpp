// Duty and who-is-on-duty through the engine: real SQLite, real router, a simulated clock.
#include <catch2/catch.hpp>

#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::testing;
using Catch::Contains;

TEST_CASE("staff declare a duty in the staff chat and get a reply naming name, time, weekday and date") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));  // Friday
  auto id = bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK(out[0].chat_id == std::optional<std::string>("staff"));
  CHECK(out[0].reply_to == std::optional<std::string>(id));
  CHECK_THAT(out[0].text, Contains("Анна") && Contains("до 20:00") && Contains("пт 27.11"));
  auto duty = bot.store->duty_of("u-anna", bot.clock.now());
  REQUIRE(duty);
  CHECK(duty->ends_at == msk(2026, 11, 27, 20, 0));
}

TEST_CASE("a time already passed today means tomorrow") {
  BotHarness bot(msk(2026, 11, 27, 21, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("до 20:00 завтра, сб 28.11"));
  CHECK(bot.store->duty_of("u-anna", bot.clock.now())->ends_at == msk(2026, 11, 28, 20, 0));
}

TEST_CASE("who is on duty: everyone on duty with end and time left, or nobody") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  auto q0 = bot.say(boris(), staff_chat(), "кто дежурит?");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK(out[0].reply_to == std::optional<std::string>(q0));
  CHECK(out[0].text == "Сейчас никто не дежурит.");

  bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  bot.say(oleg(), staff_chat(), "дежурю до 23:30");
  bot.sent();
  bot.clock.advance(std::chrono::minutes(45));
  for (const char* q : {"Кто сейчас дежурит", "кто на дежурстве?", "/дежурный", "/duty", "Коллеги, кто дежурит?"}) {
    INFO(q);
    auto qid = bot.say(boris(), staff_chat(), q);
    auto r = bot.sent();
    REQUIRE(r.size() == 1);
    CHECK(r[0].reply_to == std::optional<std::string>(qid));
    CHECK_THAT(r[0].text, Contains("Анна — до 20:00, пт 27.11 (ещё 4 ч 15 мин)"));
    CHECK_THAT(r[0].text, Contains("Олег — до 23:30, пт 27.11 (ещё 7 ч 45 мин)"));
  }
  // After the end, the expired duty is not listed.
  bot.clock.set(msk(2026, 11, 27, 20, 0));
  bot.say(boris(), staff_chat(), "кто дежурит?");
  auto r = bot.sent();
  REQUIRE(r.size() == 1);
  CHECK_THAT(r[0].text, Contains("Олег") && !Contains("Анна"));
}

TEST_CASE("a client's «Дежурю до 20:00» changes nothing and gets no reply in a country chat") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(ivan(), turkey(), "Дежурю до 20:00");
  CHECK(bot.sent().empty());
  CHECK(bot.store->active_duties(bot.clock.now()).empty());
  // A client's question about duty is not answered either; a staff member in a country chat neither.
  bot.say(ivan(), turkey(), "кто дежурит?");
  bot.say(anna(), turkey(), "Дежурю до 20:00");
  CHECK(bot.sent().empty());
  CHECK(bot.store->active_duties(bot.clock.now()).empty());
}

TEST_CASE("a client in a direct chat is told politely that duty is for staff") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(ivan(), dm(ivan()), "Дежурю до 20:00");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("только сотрудники"));
  CHECK(bot.store->active_duties(bot.clock.now()).empty());
}

TEST_CASE("a duty declared in a direct chat is confirmed there and announced in the staff chat") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), dm(anna()), "дежурю до 21");
  auto out = bot.sent();
  REQUIRE(out.size() == 2);
  CHECK(out[0].chat_id == std::optional<std::string>("dm:u-anna"));
  CHECK_THAT(out[0].text, Contains("до 21:00, пт 27.11"));
  CHECK(out[1].chat_id == std::optional<std::string>("staff"));
  CHECK_THAT(out[1].text, Contains("Анна дежурит до 21:00"));
}

TEST_CASE("the bot never answers its own messages or another bot's") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(the_bot(), staff_chat(), "кто дежурит?");
  bot.say(proto::User{"other-bot", "Другой", proto::Role::bot}, staff_chat(), "Дежурю до 20:00");
  CHECK(bot.sent().empty());
  CHECK(bot.store->active_duties(bot.clock.now()).empty());
}

TEST_CASE("an unreadable end gets a reply saying what was wrong and records nothing") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Дежурю до вечера");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("Не записал") && Contains("Дежурю до 21:00"));
  CHECK(bot.store->active_duties(bot.clock.now()).empty());
}

TEST_CASE("a new declaration moves the end; «Сдаю дежурство» ends it now") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  bot.sent();
  bot.say(anna(), staff_chat(), "Дежурю до 22:00");
  auto moved = bot.sent();
  REQUIRE(moved.size() == 1);
  CHECK_THAT(moved[0].text, Contains("до 22:00") && Contains("было до 20:00"));
  CHECK(bot.store->duty_of("u-anna", bot.clock.now())->ends_at == msk(2026, 11, 27, 22, 0));
  bot.clock.advance(std::chrono::hours(1));
  auto bye = bot.say(anna(), staff_chat(), "Сдаю дежурство");
  auto ended = bot.sent();
  REQUIRE(ended.size() >= 2);  // the reply, the shift report (and supervisors told nobody is next)
  CHECK(ended[0].reply_to == std::optional<std::string>(bye));
  CHECK_THAT(ended[0].text, Contains("закрыто в 16:00"));
  CHECK_THAT(ended[1].text, Contains("Итоги дежурства: Анна"));
  CHECK_FALSE(bot.store->duty_of("u-anna", bot.clock.now()));
}

TEST_CASE("an event delivered twice is handled once: by seq, and by event_id after the gateway renumbers") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  auto frame = bot.last_frame;
  CHECK(bot.sent().size() == 1);
  // Same seq again: a duplicate.
  CHECK(bot.engine->on_event(frame) == Engine::Outcome::duplicate);
  // The gateway lost its state: the same event under a new seq after hello says 0.
  bot.hello(0);
  CHECK(bot.store->last_seq() == 0);
  frame.seq = 1;
  CHECK(bot.engine->on_event(frame) == Engine::Outcome::duplicate);
  CHECK(bot.sent().empty());
  CHECK(bot.store->last_seq() == 1);
}

TEST_CASE("a seq gap is refused so the caller resumes from the last good seq") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  proto::MessageEvent m{"m-x", "", staff_chat(), boris(), "кто дежурит?", std::nullopt, std::nullopt};
  CHECK(bot.engine->on_event(proto::EventFrame{5, proto::Event{"e-x", m}}) == Engine::Outcome::out_of_order);
  CHECK(bot.store->last_seq() == 0);
  CHECK(bot.sent().empty());
  // After the server's gap op, its oldest seq is accepted.
  bot.engine->on_gap(proto::Gap{5});
  CHECK(bot.engine->on_event(proto::EventFrame{5, proto::Event{"e-x", m}}) == Engine::Outcome::handled);
  CHECK(bot.sent().size() == 1);
}

TEST_CASE("after a restart the duty is still there and the req_ids of replies are the same") {
  TempDir dir;
  BotHarness bot(msk(2026, 11, 27, 15, 0), dir.file("bot.db"));
  bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  auto first = bot.store->pending_outbox(10);
  REQUIRE(first.size() == 1);
  bot.restart();  // crashed before the reply was confirmed
  auto still = bot.store->pending_outbox(10);
  REQUIRE(still.size() == 1);
  CHECK(still[0].send.req_id == first[0].send.req_id);
  CHECK(bot.store->duty_of("u-anna", bot.clock.now()));
  CHECK(first[0].send.req_id == "e:e-1/duty.declared");
}

TEST_CASE("the bot learns chats and people from events") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  proto::Chat maldives{"c-maldives", proto::ChatKind::country, "Мальдивы"};
  bot.deliver(proto::Event{"e-chat", proto::ChatEvent{maldives}});
  CHECK(bot.store->chat("c-maldives"));
  bot.deliver(proto::Event{"e-member", proto::MemberEvent{{"u-new", "Нина", proto::Role::assistant}}});
  CHECK(bot.store->person("u-new")->name == "Нина");
  // An unknown event type is recorded as handled without effects.
  CHECK(bot.deliver(proto::Event{"e-unknown", proto::UnknownEvent{"reaction"}}) == Engine::Outcome::handled);
}

TEST_CASE("a direct message nobody else answers gets help") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), dm(anna()), "/помощь");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("Дежурю до 21:00") && Contains("кто дежурит"));
}

TEST_CASE("an edited declaration updates the duty; an edit without it, or a deletion, cancels it") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  auto id = bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  bot.sent();
  bot.edit(id, anna(), staff_chat(), "Дежурю до 21:30");
  auto upd = bot.sent();
  REQUIRE(upd.size() == 1);
  CHECK_THAT(upd[0].text, Contains("теперь вы дежурите до 21:30, пт 27.11"));
  CHECK(bot.store->duty_of("u-anna", bot.clock.now())->ends_at == msk(2026, 11, 27, 21, 30));

  bot.edit(id, anna(), staff_chat(), "Привет всем");
  auto cancel = bot.sent();
  REQUIRE(cancel.size() == 1);
  CHECK_THAT(cancel[0].text, Contains("отменено"));
  CHECK_FALSE(bot.store->duty_of("u-anna", bot.clock.now()));

  auto id2 = bot.say(oleg(), staff_chat(), "Дежурю до 22:00");
  bot.sent();
  bot.remove(id2, staff_chat());
  auto del = bot.sent();
  REQUIRE(del.size() == 1);
  CHECK_THAT(del[0].text, Contains("Олег") && Contains("отменено"));
  CHECK(del[0].chat_id == std::optional<std::string>("staff"));
  CHECK(bot.store->active_duties(bot.clock.now()).empty());
  // Deleting an unrelated message says nothing.
  auto other = bot.say(boris(), staff_chat(), "просто сообщение");
  bot.remove(other, staff_chat());
  CHECK(bot.sent().empty());
}

TEST_CASE("an edit that still cannot be read leaves the old duty and says why") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  auto id = bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  bot.sent();
  bot.edit(id, anna(), staff_chat(), "Дежурю до вечера");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("Не записал"));
  CHECK(bot.store->duty_of("u-anna", bot.clock.now())->ends_at == msk(2026, 11, 27, 20, 0));
}

TEST_CASE("several people can be on duty at once; each ends their own") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  bot.say(oleg(), staff_chat(), "Я дежурю до 9 вечера");
  bot.sent();
  CHECK(bot.store->active_duties(bot.clock.now()).size() == 2);
  bot.say(oleg(), staff_chat(), "Закончил дежурство");
  bot.sent();
  auto left = bot.store->active_duties(bot.clock.now());
  REQUIRE(left.size() == 1);
  CHECK(left[0].user_id == "u-anna");
  bot.say(oleg(), staff_chat(), "Дежурство окончено");
  auto again = bot.sent();
  REQUIRE(again.size() == 1);
  CHECK_THAT(again[0].text, Contains("не дежурите"));
}

TEST_CASE("the confirmation names the zone when it is not the team's") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.settings.zone = date::locate_zone("Asia/Yekaterinburg");
  bot.restart();
  bot.say(anna(), staff_chat(), "Дежурю до 20:00 по мск");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("до 20:00 по Москве (22:00 по Екатеринбургу), пт 27.11"));
  bot.say(oleg(), staff_chat(), "Дежурю до 20:00");
  auto own = bot.sent();
  REQUIRE(own.size() == 1);
  CHECK_THAT(own[0].text, Contains("до 20:00, пт 27.11.") && !Contains("МСК"));
  CHECK(bot.store->duty_of("u-oleg", bot.clock.now())->ends_at == msk(2026, 11, 27, 18, 0));
}

TEST_CASE("other ways to declare a duty are recorded: «заступила на дежурство», a length, a mixed keyboard") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Заступила на дежурство до 21:00");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("Анна, записал: вы дежурите до 21:00"));
  CHECK(bot.store->duty_of("u-anna", bot.clock.now())->ends_at == msk(2026, 11, 27, 21, 0));
  bot.say(oleg(), staff_chat(), "Дежурю ещё 2 часа");
  REQUIRE(bot.sent().size() == 1);
  CHECK(bot.store->duty_of("u-oleg", bot.clock.now())->ends_at == msk(2026, 11, 27, 17, 0));
  bot.say(oleg(), staff_chat(), "Дeжурю до 20:00");  // a Latin «e»: the bot moves the end
  CHECK_THAT(bot.sent().at(0).text, Contains("до 20:00"));
  CHECK(bot.store->duty_of("u-oleg", bot.clock.now())->ends_at == msk(2026, 11, 27, 20, 0));
}

TEST_CASE("a duty declared in another city's time is confirmed in it, with the team's time beside it") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 20:00 по Самаре");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK(out[0].text == "Анна, записал: вы дежурите до 20:00 по Самаре (19:00 мск), пт 27.11.");
  CHECK(bot.store->duty_of("u-anna", bot.clock.now())->ends_at == msk(2026, 11, 27, 19, 0));
  bot.say(oleg(), staff_chat(), "Дежурю до 20:00 по Урюпинску");
  auto refused = bot.sent();
  REQUIRE(refused.size() == 1);
  CHECK_THAT(refused[0].text, Contains("«по урюпинску»") && Contains("по Самаре"));
  CHECK_FALSE(bot.store->duty_of("u-oleg", bot.clock.now()));
}

TEST_CASE("«Дежурю» without an end is answered with a question") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Дежурю!");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("До какого времени"));
  CHECK(bot.store->active_duties(bot.clock.now()).empty());
}

TEST_CASE("a person with a zone of their own is read and answered in it") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.settings.people_zones["u-oleg"] = date::locate_zone("Asia/Yekaterinburg");
  bot.restart();
  bot.say(oleg(), staff_chat(), "Дежурю до 20:00");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("до 20:00 по Екатеринбургу (18:00 мск), пт 27.11"));
  CHECK(bot.store->duty_of("u-oleg", bot.clock.now())->ends_at == msk(2026, 11, 27, 18, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 20:00");
  CHECK_THAT(bot.sent().at(0).text, Contains("до 20:00, пт 27.11.") && !Contains("("));
}

TEST_CASE("group commit: a store failure inside a batch commits the events before it, loses and repeats none") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  const std::int64_t before = bot.store->last_seq();
  std::vector<proto::EventFrame> batch;
  batch.reserve(5);
  for (int i = 0; i < 5; ++i) batch.push_back(bot.message_frame(boris(), staff_chat(), "кто дежурит?"));

  // The store refuses the third event (a trigger on the connection stands in for a full disk or an I/O error).
  bot.store->db().exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON processed_events WHEN NEW.event_id = '" +
                       batch[2].event.event_id + "' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  auto first = bot.engine->on_events(batch);
  CHECK(first.done == 2);
  CHECK(first.stop == Engine::Outcome::store_failed);
  CHECK_THAT(bot.engine->last_store_error(), Contains("injected failure"));
  CHECK(bot.store->last_seq() == before + 2);  // what is acked now: the two before the failure
  CHECK(bot.sent().size() == 2);               // and exactly their replies

  // The gateway replays from the failed one; once the store works again, the rest go through, each once.
  bot.store->db().exec("DROP TRIGGER refuse");
  auto replay = std::vector<proto::EventFrame>(batch.begin() + 2, batch.end());
  auto second = bot.engine->on_events(replay);
  CHECK(second.done == 3);
  CHECK(bot.store->last_seq() == before + 5);
  CHECK(bot.sent().size() == 3);
  // A replay of the whole batch (acks lost) is all duplicates: nothing posted again.
  auto again = bot.engine->on_events(batch);
  CHECK(again.done == 5);
  CHECK(bot.sent().empty());
  CHECK(bot.store->outbox_total() == 1 + 5);  // the declaration's reply and one answer per question
}

TEST_CASE("group commit: a batch of events is one transaction, and every event in it gets its reply") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  std::vector<proto::EventFrame> batch;
  batch.reserve(3);
  for (int i = 0; i < 3; ++i) batch.push_back(bot.message_frame(boris(), staff_chat(), "кто дежурит?"));
  const auto batches_before = bot.engine->stats().batches;
  auto out = bot.engine->on_events(batch);
  CHECK(out.done == 3);
  CHECK(bot.engine->stats().batches == batches_before + 1);  // one transaction, one ack for all three
  CHECK(bot.sent().size() == 3);
}
