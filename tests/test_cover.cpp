// Cover requests in the chat («Подмените меня 05.12» → «беру»), on a simulated clock: hand-overs, splits, refusals,
// approval, withdrawal, escalation, history, and the reminders that follow the new owner.
#include <catch2/catch.hpp>

#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::testing;
using namespace std::chrono_literals;
using Catch::Contains;

namespace {

// The id the harness's gateway gave a message the bot sent: what a person replies to.
std::string id_of(const proto::Send& s) { return "m-sent-" + s.req_id; }

// The bot's post asking for cover, among the messages sent.
proto::Send cover_post(const std::vector<proto::Send>& sent) {
  for (const auto& s : sent)
    if (s.text.find("ищет замену") != std::string::npos) return s;
  FAIL("no cover request was posted");
  return {};
}

proto::User nina() { return {"u-nina", "Нина", proto::Role::assistant}; }

}  // namespace

TEST_CASE("a whole shift covered by a reply «беру»: schedule, messages, later takers, history, reminder") {
  BotHarness bot(msk(2026, 12, 2, 12, 0));  // Wednesday noon
  bot.say(sveta(), staff_chat(), "/смена u-anna 03.12 09:00-21:00");
  bot.advance(1s);
  bot.sent();
  const auto planned = bot.store->shift_at("u-anna", msk(2026, 12, 3, 9, 0));
  REQUIRE(planned);

  const auto ask = bot.say(anna(), staff_chat(), "Кто подменит меня завтра?");
  const auto sent = bot.sent();
  const auto post = cover_post(sent);
  CHECK(post.text == "🔁 Анна ищет замену: чт 03.12 09:00–21:00. Кто возьмёт — ответьте «беру» на это сообщение.");
  CHECK(post.chat_id == std::optional<std::string>("staff"));
  CHECK(post.reply_to == std::optional<std::string>(ask));

  // Who may not take it, and «беру» that is not a reply to the post.
  bot.say(boris(), staff_chat(), "беру", id_of(post));
  CHECK(only_text(bot.sent()) == "Подменять смену может ассистент или руководитель.");
  bot.say(anna(), staff_chat(), "беру", id_of(post));
  CHECK(only_text(bot.sent()) == "Это ваша же смена.");
  bot.say(oleg(), staff_chat(), "беру");
  CHECK(bot.sent().empty());
  CHECK(bot.store->shift_at("u-anna", msk(2026, 12, 3, 9, 0)));

  bot.say(oleg(), staff_chat(), "Я возьму!", id_of(post));
  const auto done = bot.sent();
  CHECK(only_text(in_chat(done, "staff")) == "✅ Замена: Анна → Олег, чт 03.12 09:00–21:00. График обновил.");
  CHECK(only_text(to(done, "u-anna")) == "Вас подменяет Олег: чт 03.12 09:00–21:00.");
  CHECK(only_text(to(done, "u-oleg")) == "Смена чт 03.12 09:00–21:00 теперь ваша — спасибо, что подменяете!");
  CHECK(only_text(to(done, "u-sveta")) == "Замена в графике: Анна → Олег, чт 03.12 09:00–21:00.");
  CHECK_FALSE(bot.store->shift_at("u-anna", msk(2026, 12, 3, 9, 0)));
  const auto moved = bot.store->shift_at("u-oleg", msk(2026, 12, 3, 9, 0));
  REQUIRE(moved);
  CHECK(moved->id == planned->id);  // the same calendar event, now Oleg's
  CHECK(moved->end == msk(2026, 12, 3, 21, 0));

  bot.say(sveta(), staff_chat(), "могу", id_of(post));
  CHECK(only_text(bot.sent()) == "Уже подменяет Олег, спасибо.");

  bot.say(boris(), staff_chat(), "/график");
  CHECK_THAT(only_text(bot.sent()), Contains("Завтра, чт 03.12:\n• Олег 09:00–21:00"));
  bot.say(sveta(), dm(sveta()), "/график история 03.12");
  CHECK(only_text(bot.sent()) ==
        "Изменения графика на чт 03.12:\n"
        "• 02.12 12:00, Светлана: добавлена смена: Анна 09:00–21:00\n"
        "• 02.12 12:00, Олег: замена: Анна → Олег 09:00–21:00");
  bot.say(sveta(), dm(sveta()), "/график история 04.12");
  CHECK(only_text(bot.sent()) == "В графике на пт 04.12 изменений не было.");

  // The evening before, the reminder goes to the new owner only, once across a restart.
  bot.advance_to(msk(2026, 12, 2, 18, 0));
  const auto evening = bot.sent();
  CHECK(only_text(to(evening, "u-oleg")) == "Завтра у вас смена 09:00–21:00 (чт 03.12).");
  CHECK(to(evening, "u-anna").empty());
  bot.restart();
  bot.advance_to(msk(2026, 12, 2, 19, 0));
  CHECK(bot.sent().empty());
  // The shift starts as Oleg's.
  bot.advance_to(msk(2026, 12, 3, 9, 0));
  CHECK_THAT(only_text(in_chat(bot.sent(), "staff")), Contains("— Олег, по графику"));
}

TEST_CASE("a part of a shift covered: the shift splits, touching shifts are no overlap, overlapping ones are") {
  BotHarness bot(msk(2026, 12, 3, 12, 0));  // Thursday noon
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена u-oleg 04.12 21:00-23:00");   // touches the covered part's end
  bot.say(sveta(), staff_chat(), "/смена u-sveta 04.12 14:00-16:00");  // overlaps it
  bot.advance_to(msk(2026, 12, 3, 18, 0));
  CHECK(only_text(to(bot.sent(), "u-anna")) == "Завтра у вас смена 09:00–21:00 (пт 04.12).");

  bot.say(anna(), dm(anna()), "Ищу замену на пятницу 15:00–21:00");
  const auto sent = bot.sent();
  const auto post = cover_post(sent);
  CHECK(post.chat_id == std::optional<std::string>("staff"));
  CHECK_THAT(post.text, Contains("пт 04.12 15:00–21:00"));
  CHECK(only_text(in_chat(sent, "dm:u-anna")) ==
        "Попросил замену в общем чате сотрудников: пт 04.12 15:00–21:00. Напишу, когда кто-то возьмёт.");

  bot.say(sveta(), staff_chat(), "беру", id_of(post));
  CHECK(only_text(bot.sent()) == "У вас в это время своя смена (пт 04.12 14:00–16:00) — взять не получится.");
  bot.say(oleg(), staff_chat(), "могу", id_of(post));
  const auto done = bot.sent();
  CHECK(only_text(to(done, "u-anna")) ==
        "Вас подменяет Олег: пт 04.12 15:00–21:00. Ваша смена в этот день теперь 09:00–15:00.");
  const auto kept = bot.store->shift_at("u-anna", msk(2026, 12, 4, 9, 0));
  REQUIRE(kept);
  CHECK(kept->end == msk(2026, 12, 4, 15, 0));
  const auto taken = bot.store->shift_at("u-oleg", msk(2026, 12, 4, 15, 0));
  REQUIRE(taken);
  CHECK(taken->end == msk(2026, 12, 4, 21, 0));
  CHECK(taken->id != kept->id);

  // Reminded already: Anna gets the correction, Oleg the reminder of his new shift.
  bot.advance(1s);
  const auto after = bot.sent();
  CHECK(only_text(to(after, "u-anna")) == "Изменение в графике: ваша смена пт 04.12 теперь 09:00–15:00.");
  CHECK(text_with(to(after, "u-oleg"), "15:00") == "Завтра у вас смена 15:00–21:00 (пт 04.12).");

  // Her shift now ends at 15:00: the end-of-shift check moved with it.
  bot.advance_to(msk(2026, 12, 4, 14, 45));
  CHECK_THAT(text_with(to(bot.sent(), "u-anna"), "заканчивается"), Contains("смена заканчивается"));
}

TEST_CASE("a cover request of a middle part leaves its person two pieces") {
  BotHarness bot(msk(2026, 12, 3, 12, 0));
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-21:00");
  bot.say(anna(), staff_chat(), "/замена 04.12 12:00-15:00");
  const auto post = cover_post(bot.sent());
  bot.say(oleg(), staff_chat(), "беру", id_of(post));
  CHECK(only_text(to(bot.sent(), "u-anna")) ==
        "Вас подменяет Олег: пт 04.12 12:00–15:00. Ваша смена в этот день теперь 09:00–12:00 и 15:00–21:00.");
  const auto shifts = bot.store->shifts_between(msk(2026, 12, 4, 0, 0), msk(2026, 12, 5, 0, 0));
  REQUIRE(shifts.size() == 3);
  CHECK((shifts[0].user_id == "u-anna" && shifts[0].end == msk(2026, 12, 4, 12, 0)));
  CHECK((shifts[1].user_id == "u-oleg" && shifts[1].end == msk(2026, 12, 4, 15, 0)));
  CHECK((shifts[2].user_id == "u-anna" && shifts[2].start == msk(2026, 12, 4, 15, 0)));
}

TEST_CASE("cover requests that cannot be: no shift, over, under way, hours outside, no day, twice, a client") {
  BotHarness bot(msk(2026, 12, 3, 12, 0));  // Thursday noon
  bot.say(sveta(), staff_chat(), "/смена u-anna 03.12 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-21:00");
  bot.sent();

  bot.say(anna(), staff_chat(), "Подмените меня 05.12");
  CHECK(only_text(bot.sent()) == "У вас нет смены на сб 05.12 — подменять нечего.");
  bot.say(oleg(), staff_chat(), "Подмените меня завтра");
  CHECK(only_text(bot.sent()) == "У вас нет смены на пт 04.12 — подменять нечего.");
  bot.say(anna(), staff_chat(), "Подмените меня сегодня");
  CHECK_THAT(only_text(bot.sent()), Contains("уже идёт"));
  bot.say(anna(), staff_chat(), "/замена 04.12 08:00-12:00");
  CHECK(only_text(bot.sent()) == "Ваша смена — пт 04.12 09:00–21:00, часы 08:00–12:00 выходят за неё.");
  bot.say(anna(), staff_chat(), "Подмените меня, пожалуйста");
  CHECK_THAT(only_text(bot.sent()), Contains("На какой день нужна замена?"));
  bot.say(anna(), staff_chat(), "/замена 04.12 15:00");
  CHECK_THAT(only_text(bot.sent()), Contains("Не понял часы"));
  bot.say(ivan(), dm(ivan()), "Подмените меня завтра");
  CHECK(only_text(bot.sent()) == "Замены — для сотрудников OnlineTur.");

  bot.say(anna(), staff_chat(), "Подмените меня 04.12");
  cover_post(bot.sent());
  bot.say(anna(), staff_chat(), "/замена пт 15:00-21:00");
  CHECK(only_text(bot.sent()) == "Вы уже ищете замену на пт 04.12 09:00–21:00 — жду, кто возьмёт.");
  // Ordinary talk in the staff chat is not a request.
  bot.say(oleg(), staff_chat(), "Коллеги, кто может помочь с визой?");
  CHECK(bot.sent().empty());

  // The request's shift is over by the time someone answers.
  bot.advance_to(msk(2026, 12, 4, 22, 0));
  bot.sent();
  bot.say(anna(), staff_chat(), "/замена 04.12");
  CHECK(only_text(bot.sent()) == "Эта смена уже прошла.");
}

TEST_CASE("a taker answering after the shift has started, or after the shift was removed, is refused") {
  BotHarness bot(msk(2026, 12, 3, 12, 0));
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-21:00");
  bot.say(anna(), staff_chat(), "Подмените меня 04.12");
  const auto post = cover_post(bot.sent());
  bot.advance_to(msk(2026, 12, 4, 9, 30));
  bot.sent();
  bot.say(oleg(), staff_chat(), "беру", id_of(post));
  CHECK(only_text(bot.sent()) == "Смена уже началась — менять её поздно, напишите руководителю.");

  bot.say(sveta(), staff_chat(), "/смена u-anna 05.12 09:00-21:00");
  bot.say(anna(), staff_chat(), "Подмените меня 05.12");
  const auto second = cover_post(bot.sent());
  bot.say(sveta(), staff_chat(), "/смена отмена u-anna 05.12 09:00");
  bot.sent();
  bot.say(oleg(), staff_chat(), "беру", id_of(second));
  CHECK(only_text(bot.sent()) == "Этой смены в графике уже нет — замена закрыта.");
  bot.say(oleg(), staff_chat(), "беру", id_of(second));
  CHECK(only_text(bot.sent()) == "Эта замена уже не нужна, спасибо.");
}

TEST_CASE("with cover_approval a supervisor's «согласовано» makes it happen, «нет» keeps the schedule") {
  BotHarness bot(msk(2026, 12, 3, 12, 0));
  bot.settings.shifts.cover_approval = true;
  bot.restart();  // the engine takes its settings at start
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-21:00");
  bot.say(anna(), staff_chat(), "Подмените меня 04.12");
  const auto post = cover_post(bot.sent());
  bot.say(oleg(), staff_chat(), "беру", id_of(post));
  const auto asked = bot.sent();
  CHECK(only_text(in_chat(asked, "staff")) == "Спасибо, Олег! Жду согласования руководителя.");
  const auto approval = to(asked, "u-sveta");
  REQUIRE(approval.size() == 1);
  CHECK(approval[0].text ==
        "Замена в графике: Анна → Олег, пт 04.12 09:00–21:00. Ответьте на это сообщение «согласовано» или «нет».");
  CHECK(bot.store->shift_at("u-anna", msk(2026, 12, 4, 9, 0)));  // nothing changes before the word

  bot.say(sveta(), staff_chat(), "беру", id_of(post));
  CHECK(only_text(bot.sent()) == "Эту смену уже берёт Олег, ждём согласования руководителя. Спасибо!");
  bot.say(sveta(), dm(sveta()), "подумаю", id_of(approval[0]));
  CHECK(only_text(bot.sent()) == "Ответьте «согласовано» или «нет».");
  bot.say(sveta(), dm(sveta()), "Согласовано", id_of(approval[0]));
  const auto done = bot.sent();
  CHECK(only_text(in_chat(done, "dm:u-sveta")) == "Согласовано, график обновил.");
  CHECK(only_text(in_chat(done, "staff")) == "✅ Замена: Анна → Олег, пт 04.12 09:00–21:00. График обновил.");
  CHECK(bot.store->shift_at("u-oleg", msk(2026, 12, 4, 9, 0)));
  bot.say(sveta(), dm(sveta()), "нет", id_of(approval[0]));
  CHECK(only_text(bot.sent()) == "По этой замене уже решено.");
  bot.say(sveta(), dm(sveta()), "/график история 04.12");
  CHECK_THAT(only_text(bot.sent()), Contains("Светлана: замена: Анна → Олег 09:00–21:00"));

  // Declined: the schedule stays, everyone concerned hears.
  bot.say(sveta(), staff_chat(), "/смена u-anna 05.12 09:00-21:00");
  bot.say(anna(), staff_chat(), "Подмените меня 05.12");
  const auto second = cover_post(bot.sent());
  bot.say(oleg(), staff_chat(), "беру", id_of(second));
  const auto second_approval = to(bot.sent(), "u-sveta");
  REQUIRE(second_approval.size() == 1);
  bot.say(sveta(), dm(sveta()), "нет", id_of(second_approval[0]));
  const auto declined = bot.sent();
  CHECK(only_text(in_chat(declined, "dm:u-sveta")) == "Отклонил замену.");
  CHECK(only_text(to(declined, "u-anna")) ==
        "Руководитель не согласовал замену на сб 05.12 09:00–21:00 — смена остаётся за вами.");
  CHECK_THAT(only_text(to(declined, "u-oleg")), Contains("не согласовал"));
  CHECK(bot.store->shift_at("u-anna", msk(2026, 12, 5, 9, 0)));
}

TEST_CASE("«отмена замены»: by reply or the latest; only its person or a supervisor; not once taken") {
  BotHarness bot(msk(2026, 12, 3, 12, 0));
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена u-anna 05.12 09:00-21:00");
  bot.say(anna(), staff_chat(), "Подмените меня 04.12");
  const auto first = cover_post(bot.sent());
  bot.say(anna(), dm(anna()), "Подмените меня 05.12");
  const auto second = cover_post(bot.sent());

  bot.say(oleg(), staff_chat(), "отмена замены", id_of(first));
  CHECK(only_text(bot.sent()) == "Отменить замену может тот, кто её просил, или руководитель.");
  bot.say(anna(), dm(anna()), "отмена замены");  // the latest: 05.12
  const auto cancelled = bot.sent();
  CHECK(only_text(in_chat(cancelled, "dm:u-anna")) == "Отменил просьбу о замене: сб 05.12 09:00–21:00.");
  CHECK(only_text(in_chat(cancelled, "staff")) == "Замена больше не нужна: Анна, сб 05.12 09:00–21:00.");
  bot.say(oleg(), staff_chat(), "беру", id_of(second));
  CHECK(only_text(bot.sent()) == "Эта замена уже не нужна, спасибо.");

  bot.say(oleg(), staff_chat(), "беру", id_of(first));
  bot.sent();
  bot.say(anna(), staff_chat(), "отмена замены", id_of(first));
  CHECK(only_text(bot.sent()) == "Замена уже состоялась — поменять график может руководитель.");
  bot.say(anna(), staff_chat(), "отмена замены");
  CHECK(only_text(bot.sent()) == "Открытых просьб о замене у вас нет.");
}

TEST_CASE("nobody took a cover by cover_escalate_s before the start: supervisors hear, at once when asked late") {
  BotHarness bot(msk(2026, 12, 1, 12, 0));  // Tuesday
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена u-anna 05.12 09:00-21:00");
  bot.say(anna(), staff_chat(), "Подмените меня 04.12");
  bot.say(anna(), staff_chat(), "Подмените меня 05.12");
  const auto posts = bot.sent();
  CHECK(to(posts, "u-sveta").empty());
  bot.say(anna(), staff_chat(), "отмена замены");  // withdraws 05.12: no warning for it
  bot.sent();

  bot.advance_to(msk(2026, 12, 3, 8, 59));
  CHECK(to(bot.sent(), "u-sveta").empty());
  bot.advance_to(msk(2026, 12, 3, 9, 0));
  const std::string unclaimed = "⚠️ Замену пока никто не взял: ";
  CHECK(only_text(to(bot.sent(), "u-sveta")) == unclaimed + "Анна, пт 04.12 09:00–21:00 (начало через 24 ч).");
  bot.advance_to(msk(2026, 12, 6, 0, 0));
  CHECK(text_with(to(bot.sent(), "u-sveta"), "Замену").empty());  // 05.12 was withdrawn

  // Asked later than that: at once.
  bot.say(sveta(), staff_chat(), "/смена u-anna 06.12 18:00-23:00");
  bot.sent();
  bot.say(anna(), staff_chat(), "Подмените меня 06.12");
  CHECK(only_text(to(bot.sent(), "u-sveta")) == unclaimed + "Анна, вс 06.12 18:00–23:00 (начало через 18 ч).");
}

TEST_CASE("a new assistant from the directory can take a cover, and the store keeps it across a restart") {
  BotHarness bot(msk(2026, 12, 3, 12, 0));
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-21:00");
  bot.say(anna(), staff_chat(), "Подмените меня 04.12");
  const auto post = cover_post(bot.sent());
  bot.restart();  // the request and its post survive
  bot.say(nina(), staff_chat(), "беру", id_of(post));
  CHECK_THAT(text_with(in_chat(bot.sent(), "staff"), "Замена"), Contains("Анна → Нина"));
  CHECK(bot.store->shift_at("u-nina", msk(2026, 12, 4, 9, 0)));
}
