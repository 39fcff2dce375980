// Shifts from a schedule, the shift report and the handbook on call — on a simulated clock.
#include <sys/wait.h>
#include <catch2/catch.hpp>

#include "handlers/common/duty_report.h"
#include "handlers/common/handbook.h"
#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::testing;
using namespace std::chrono_literals;
using Catch::Contains;

TEST_CASE("a whole day of a shift: pre-shift check, announcement, nudges, pre-end check, report, handover") {
  BotHarness bot(msk(2026, 11, 27, 8, 0));  // Friday
  bot.say(sveta(), staff_chat(), "/смена u-anna 27.11 09:00-21:00");
  CHECK_THAT(only_text(bot.sent()), Contains("Добавил смену: Анна, пт 27.11 09:00–21:00"));

  bot.advance_to(msk(2026, 11, 27, 8, 44));
  CHECK(bot.sent().empty());
  bot.advance_to(msk(2026, 11, 27, 8, 45));
  auto pre = to(bot.sent(), "u-anna");
  REQUIRE(pre.size() == 1);
  CHECK_THAT(pre[0].text, Contains("Позвоните на общий номер") && Contains("SMS") && Contains("+7-495-740-40-50") &&
                              Contains("Дежурю до"));

  bot.advance_to(msk(2026, 11, 27, 9, 0));
  auto start = bot.sent();
  CHECK_THAT(only_text(in_chat(start, "staff")), Contains("Дежурю до 21:00, пт 27.11 — Анна, по графику."));
  CHECK_THAT(only_text(to(start, "u-anna")), Contains("Подтвердите"));
  REQUIRE(bot.store->duty_of("u-anna", bot.clock.now()));

  // The day: three questions, answered after 2, 4 and 12 minutes; one left open.
  auto q1 = bot.say(ivan(), turkey(), "Вопрос 1");
  bot.advance(2min);
  bot.say(anna(), turkey(), "Ответ", q1);
  bot.advance_to(msk(2026, 11, 27, 12, 0));
  bot.say(maria(), egypt(), "Вопрос 2");
  bot.advance(4min);
  bot.say(anna(), egypt(), "Ответ 2");
  bot.advance_to(msk(2026, 11, 27, 15, 0));
  bot.say(ivan(), turkey(), "Вопрос 3");
  bot.advance(12min);  // nudged at 5 minutes
  bot.say(anna(), turkey(), "Ответ 3");
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 20, 40));
  bot.say(maria(), egypt(), "Вопрос под конец смены");
  bot.advance_to(msk(2026, 11, 27, 20, 45));
  auto pre_end = to(bot.sent(), "u-anna");
  REQUIRE(pre_end.size() == 2);  // the nudge and the end-of-shift check
  std::string check = text_with(pre_end, "Перед окончанием");
  CHECK_THAT(check, Contains("Пропущенные звонки") && Contains("Ещё ждут ответа") && Contains("Египет — Мария"));

  bot.advance_to(msk(2026, 11, 27, 21, 0));
  auto end = bot.sent();
  std::string report = text_with(in_chat(end, "staff"), "Итоги дежурства");
  CHECK_THAT(report, Contains("Анна, 09:00–21:00 (12 ч)"));
  CHECK_THAT(report, Contains("Вопросов клиентов: 4, отвечено: 3"));
  CHECK_THAT(report, Contains("медиана 4 мин, 90% — 12 мин, максимум 12 мин"));
  CHECK_THAT(report, Contains("Без ответа сейчас: 1"));
  CHECK_THAT(report, Contains("Напоминаний: 2"));
  CHECK_THAT(report, Contains("Дальше никто не дежурит"));
  // (Мария's question, now with nobody on duty, is escalated to her as well)
  CHECK_FALSE(text_with(to(end, "u-sveta"), "С 21:00 никто не дежурит").empty());
  CHECK_FALSE(bot.store->duty_of("u-anna", bot.clock.now()));
}

TEST_CASE("a shift whose assistant declared already is not announced again; the next one takes over") {
  BotHarness bot(msk(2026, 11, 27, 8, 0));
  bot.say(sveta(), staff_chat(), "/смена u-anna 27.11 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена Олег 27.11 21:00-09:00");  // by name, overnight
  auto added = bot.sent();
  CHECK_THAT(added[1].text, Contains("Олег, пт 27.11 21:00–09:00"));
  bot.advance_to(msk(2026, 11, 27, 8, 55));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 9, 0));
  CHECK(in_chat(bot.sent(), "staff").empty());
  bot.advance_to(msk(2026, 11, 27, 21, 0));
  auto out = bot.sent();
  std::string report = text_with(in_chat(out, "staff"), "Итоги");
  CHECK_THAT(report, Contains("Дальше дежурит: Олег"));
  CHECK(to(out, "u-sveta").empty());
}

TEST_CASE("«Сдаю дежурство» reports at once, and the planned end reports nothing more") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  bot.advance(2h);
  bot.say(anna(), staff_chat(), "Сдаю дежурство");
  auto out = bot.sent();
  REQUIRE(out.size() >= 2);
  CHECK_FALSE(text_with(out, "Итоги дежурства: Анна, 15:00–17:00 (2 ч)").empty());
  bot.advance_to(msk(2026, 11, 27, 21, 0));
  CHECK(bot.sent().empty());
}

TEST_CASE("report figures: nearest-rank median and 90th percentile") {
  using std::chrono::minutes;
  std::vector<std::chrono::milliseconds> v = {minutes(1), minutes(2), minutes(3), minutes(4), minutes(10)};
  CHECK(report::percentile(v, 0.5) == std::chrono::milliseconds(minutes(3)));
  CHECK(report::percentile(v, 0.9) == std::chrono::milliseconds(minutes(10)));
  CHECK_FALSE(report::percentile({}, 0.5));
  std::vector<std::chrono::milliseconds> one = {minutes(7)};
  CHECK(report::percentile(one, 0.9) == std::chrono::milliseconds(minutes(7)));
}

TEST_CASE("only supervisors change the schedule; anyone on staff reads it") {
  BotHarness bot(msk(2026, 11, 27, 8, 0));
  bot.say(anna(), staff_chat(), "/смена u-anna 27.11 09:00-21:00");
  CHECK_THAT(only_text(bot.sent()), Contains("только руководитель"));
  bot.say(ivan(), dm(ivan()), "/смена u-anna 27.11 09:00-21:00");
  CHECK_THAT(only_text(bot.sent()), Contains("для сотрудников"));
  CHECK(bot.store->shifts_between(bot.clock.now(), bot.clock.now() + 48h).empty());

  bot.say(sveta(), staff_chat(), "/смена u-anna 27.11 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена u-oleg завтра 10:00-22:00");
  bot.say(sveta(), staff_chat(), "/смена u-anna 27.11 20:00-23:00");
  bot.say(sveta(), staff_chat(), "/смена u-nobody 27.11 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена u-anna вчера");
  auto replies = bot.sent();
  REQUIRE(replies.size() == 5);
  CHECK_THAT(replies[2].text, Contains("пересекается"));
  CHECK_THAT(replies[3].text, Contains("Не знаю сотрудника"));
  CHECK_THAT(replies[4].text, Contains("Пример"));

  bot.say(boris(), staff_chat(), "/график");
  auto list = only_text(bot.sent());
  CHECK_THAT(list, Contains("Сегодня, пт 27.11:\n• Анна 09:00–21:00"));
  CHECK_THAT(list, Contains("Завтра, сб 28.11:\n• Олег 10:00–22:00"));

  bot.say(sveta(), staff_chat(), "/смена отмена u-oleg 28.11 10:00");
  CHECK_THAT(only_text(bot.sent()), Contains("Убрал смену: Олег"));
  bot.say(boris(), staff_chat(), "/график");
  CHECK_THAT(only_text(bot.sent()), Contains("Завтра, сб 28.11: смен нет"));
}

TEST_CASE("a gap in the schedule is told to supervisors a day ahead and an hour before") {
  BotHarness bot(msk(2026, 11, 26, 8, 0));  // Thursday
  bot.settings.coverage = handlers::Coverage::from_spec({{"daily", {"09:00-21:00"}}}, {});
  bot.restart();
  bot.say(sveta(), staff_chat(), "/смена u-anna 27.11 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена u-oleg 29.11 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена u-anna 26.11 09:00-21:00");
  bot.sent();
  bot.engine->run_due();
  bot.advance_to(msk(2026, 11, 27, 8, 59));
  for (const auto& s : to(bot.sent(), "u-sveta")) CHECK_THAT(s.text, !Contains("В графике пусто"));
  bot.advance_to(msk(2026, 11, 27, 9, 0));  // a day before Saturday 09:00
  auto day = to(bot.sent(), "u-sveta");
  REQUIRE(day.size() == 1);
  CHECK_THAT(day[0].text, Contains("В графике пусто: сб 28.11 09:00 — сб 28.11 21:00"));
  bot.advance_to(msk(2026, 11, 28, 8, 0));
  auto hour = to(bot.sent(), "u-sveta");
  CHECK_FALSE(text_with(hour, "В графике пусто: сб 28.11 09:00").empty());
  // Filled in time, the warning is not sent.
  bot.say(sveta(), staff_chat(), "/смена u-oleg 30.11 09:00-21:00");
  bot.sent();
  bot.engine->run_due();
  bot.advance_to(msk(2026, 11, 29, 20, 0));
  CHECK(text_with(to(bot.sent(), "u-sveta"), "пн 30.11 09:00").empty());
}

TEST_CASE("the handbook on call, in the staff chat and in direct chats") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  struct Q {
    const char* cmd;
    const char* expect;
  };
  for (auto q : {Q{"/правила", "не более 50%"}, Q{"/запреты", "Ставить «+»"}, Q{"/обязанности", "в течение 15 минут"},
                 Q{"/эксперт", "3000 ₽"}, Q{"/чеклист", "Перед окончанием"}, Q{"/помощь", "/эксперт"}}) {
    INFO(q.cmd);
    bot.say(boris(), staff_chat(), q.cmd);
    CHECK_THAT(only_text(bot.sent()), Contains(q.expect));
    bot.say(anna(), dm(anna()), q.cmd);
    CHECK_THAT(only_text(bot.sent()), Contains(q.expect));
  }
  bot.say(ivan(), turkey(), "/правила");
  CHECK(bot.sent().empty());
}

TEST_CASE("a replacement handbook is checked on load with a clear error") {
  CHECK_THROWS_WITH(handbook::parse("{}", "h.json"), Contains("'rules'"));
  CHECK_THROWS_WITH(handbook::parse("not json", "h.json"), Contains("not a JSON object"));
  auto good = handbook::builtin();
  CHECK_FALSE(good.rules.empty());
  CHECK(good.company_phones.size() == 3);
}

TEST_CASE("dutybot schedule import: good rows added or changed, bad rows rejected with the reason") {
  TempDir dir;
  { BotHarness bot(msk(2026, 11, 27, 8, 0), dir.file("bot.db")); }  // the bot has met its staff
  write_file(dir.file("bot.json"), R"({"db": ")" + dir.file("bot.db") + "\"}");
  write_file(dir.file("plan.csv"),
             "user_id,start,end\n"
             "u-anna,2031-11-28T09:00,2031-11-28T21:00\n"
             "u-oleg,2031-11-28T21:00:00,2031-11-29T09:00:00\n"
             "u-who,2031-11-28T09:00,2031-11-28T21:00\n"
             "u-anna,2031-11-29T21:00,2031-11-29T09:00\n"
             "u-anna,2031-11-28T20:00,2031-11-28T23:00\n"
             "u-anna,28.11.2031 09:00,2031-11-28T21:00\n");
  const std::string out = dir.file("out.txt");
  auto run = [&](const std::string& args) {
    return WEXITSTATUS(std::system(
        (std::string(DUTYBOT_BIN) + " schedule " + args + " --config " + dir.file("bot.json") + " > " + out + " 2>&1")
            .c_str()));
  };
  CHECK(run("import " + dir.file("plan.csv")) == 1);
  auto text = read_file(out);
  CHECK_THAT(text, Contains("added     2031-11-28 09:00 – 2031-11-28 21:00  u-anna"));
  CHECK_THAT(text, Contains("added     2031-11-28 21:00 – 2031-11-29 09:00  u-oleg"));
  CHECK_THAT(text, Contains("rejected line 4: unknown person 'u-who'"));
  CHECK_THAT(text, Contains("rejected line 5: end before start"));
  CHECK_THAT(text, Contains("rejected line 6: overlap with another shift of u-anna in this file"));
  CHECK_THAT(text, Contains("rejected line 7: times must look like"));
  CHECK_THAT(text, Contains("2 added, 0 changed, 0 unchanged, 4 rejected"));

  write_file(dir.file("plan2.csv"), "user_id,start,end\nu-anna,2031-11-28T09:00,2031-11-28T22:00\n");
  CHECK(run("import " + dir.file("plan2.csv")) == 0);
  CHECK_THAT(read_file(out),
             Contains("changed   2031-11-28 09:00 – 2031-11-28 22:00  u-anna  (was until 2031-11-28 21:00)"));
  CHECK(run("list") == 0);
  CHECK(read_file(out) == "nothing planned\n");  // the planned shifts are years ahead: list shows the next 60 days
  write_file(dir.file("bad.csv"), "who,when\n");
  CHECK(run("import " + dir.file("bad.csv")) == 2);
  CHECK_THAT(read_file(out), Contains("user_id,start,end"));
}

// ---- reminders ahead of shifts (issue 16, part 2) ----

TEST_CASE("the evening before a shift its person is reminded, once, even across a restart") {
  BotHarness bot(msk(2026, 12, 2, 12, 0));  // Wednesday
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-21:00");
  bot.advance(1s);
  bot.sent();
  bot.advance_to(msk(2026, 12, 3, 17, 59));
  CHECK(to(bot.sent(), "u-anna").empty());
  bot.advance_to(msk(2026, 12, 3, 18, 0));
  CHECK(only_text(to(bot.sent(), "u-anna")) == "Завтра у вас смена 09:00–21:00 (пт 04.12).");
  bot.restart();
  bot.advance_to(msk(2026, 12, 3, 19, 0));
  CHECK(to(bot.sent(), "u-anna").empty());

  // A change after the reminder is told as a correction, once; a removal too.
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-18:00");
  bot.advance(1s);
  CHECK(only_text(to(bot.sent(), "u-anna")) == "Изменение в графике: ваша смена пт 04.12 теперь 09:00–18:00.");
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-18:00");  // the same again: nothing new to tell
  bot.advance(1s);
  CHECK(to(bot.sent(), "u-anna").empty());
  bot.say(sveta(), staff_chat(), "/смена отмена u-anna 04.12 09:00");
  CHECK_THAT(only_text(to(bot.sent(), "u-anna")), Contains("смену пт 04.12 09:00–18:00 отменили"));
}

TEST_CASE("a shift planned after its reminder moment is reminded at once, unless it starts within the hour") {
  BotHarness bot(msk(2026, 12, 3, 20, 0));  // Thursday evening, after 18:00
  bot.say(sveta(), staff_chat(), "/смена u-anna 04.12 09:00-21:00");
  bot.advance(1s);
  CHECK(only_text(to(bot.sent(), "u-anna")) == "Завтра у вас смена 09:00–21:00 (пт 04.12).");
  bot.say(sveta(), staff_chat(), "/смена u-oleg 03.12 20:30-23:00");  // half an hour ahead: the pre-shift check will do
  bot.advance(1s);
  CHECK(to(bot.sent(), "u-oleg").empty());
  bot.say(sveta(), staff_chat(), "/смена u-oleg 10.12 09:00-21:00");  // a week ahead: reminded on the 9th
  bot.advance(1s);
  CHECK(to(bot.sent(), "u-oleg").empty());
  bot.advance_to(msk(2026, 12, 9, 18, 0));
  CHECK(text_with(to(bot.sent(), "u-oleg"), "у вас смена") == "Завтра у вас смена 09:00–21:00 (чт 10.12).");
}

TEST_CASE("reminders follow the person's own zone, and null turns them off") {
  BotHarness bot(msk(2026, 12, 2, 12, 0));
  bot.settings.people_zones["u-oleg"] = date::locate_zone("Asia/Yekaterinburg");  // MSK+2
  bot.settings.shifts.week_digest_at.reset();
  bot.restart();
  bot.say(sveta(), staff_chat(), "/смена u-oleg 04.12 09:00-21:00");
  bot.advance(1s);
  bot.sent();
  bot.advance_to(msk(2026, 12, 3, 15, 59));
  CHECK(to(bot.sent(), "u-oleg").empty());
  bot.advance_to(msk(2026, 12, 3, 16, 0));  // 18:00 in Yekaterinburg; the shift's times in his zone too
  CHECK(only_text(to(bot.sent(), "u-oleg")) == "Завтра у вас смена 11:00–23:00 (пт 04.12).");

  bot.settings.shifts.remind_day_before_at.reset();
  bot.restart();
  bot.say(sveta(), staff_chat(), "/смена u-anna 05.12 09:00-21:00");
  bot.advance(1s);
  bot.advance_to(msk(2026, 12, 4, 23, 0));
  CHECK(text_with(to(bot.sent(), "u-anna"), "у вас смена").empty());
}

TEST_CASE("the weekly digest: each assistant's next week, and its gaps to the supervisors") {
  BotHarness bot(msk(2026, 12, 3, 12, 0));  // Thursday; the digest is on Sunday 06.12 at 18:00
  bot.settings.coverage = handlers::Coverage::from_spec({{"daily", {"09:00-21:00"}}}, {});
  bot.restart();
  for (const char* day : {"07.12", "08.12", "09.12", "10.12", "11.12", "12.12"})
    bot.say(sveta(), staff_chat(), std::string("/смена u-anna ") + day + " 09:00-21:00");
  bot.advance(1s);
  bot.sent();
  bot.advance_to(msk(2026, 12, 6, 17, 59));
  bot.sent();
  bot.advance_to(msk(2026, 12, 6, 18, 0));
  const auto out = bot.sent();
  const std::string anna_week = text_with(to(out, "u-anna"), "неделю");
  CHECK_THAT(anna_week, Contains("Ваши смены на неделю 07.12–13.12:") && Contains("• пн 07.12 09:00–21:00") &&
                            Contains("• сб 12.12 09:00–21:00"));
  CHECK(text_with(to(out, "u-oleg"), "неделе") == "На неделе 07.12–13.12 смен у вас нет.");
  CHECK_THAT(text_with(to(out, "u-sveta"), "Пробелы"), Contains("• вс 13.12 09:00 — вс 13.12 21:00"));
  // Once a week, across a restart.
  bot.restart();
  bot.advance_to(msk(2026, 12, 13, 17, 0));
  CHECK(text_with(bot.sent(), "на неделю").empty());
  bot.advance_to(msk(2026, 12, 13, 18, 0));
  CHECK_THAT(text_with(to(bot.sent(), "u-anna"), "неделе"), Contains("На неделе 14.12–20.12 смен у вас нет."));
}

TEST_CASE("the phone check before a shift: «ок» recorded with its time, a problem passed on at once, one reminder") {
  BotHarness bot(msk(2026, 11, 27, 8, 0));
  bot.say(sveta(), staff_chat(), "/смена u-anna 27.11 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена u-oleg 28.11 09:00-21:00");
  bot.say(sveta(), staff_chat(), "/смена u-anna 29.11 09:00-21:00");
  bot.sent();
  bot.advance_to(msk(2026, 11, 27, 8, 45));
  auto pre = to(bot.sent(), "u-anna");
  REQUIRE(pre.size() == 1);
  CHECK_THAT(pre[0].text, Contains("ответьте на это сообщение: «ок» — или что не работает"));
  const std::string asked = "m-sent-" + pre[0].req_id;

  // A direct message about something else is not an answer; «Проверила, всё работает» in reply is.
  bot.advance_to(msk(2026, 11, 27, 8, 50));
  bot.say(anna(), dm(anna()), "/правила");
  CHECK_THAT(only_text(bot.sent()), Contains("Правила дежурства"));
  bot.advance_to(msk(2026, 11, 27, 8, 52));
  bot.say(anna(), dm(anna()), "Проверила, всё работает", asked);
  CHECK(only_text(bot.sent()) == "Спасибо! Записал: телефон проверен в 08:52.");
  bot.say(anna(), dm(anna()), "+", asked);
  CHECK(only_text(bot.sent()) == "Уже записал: телефон проверен в 08:52.");
  bot.advance_to(msk(2026, 11, 27, 9, 0));
  CHECK(text_with(to(bot.sent(), "u-anna"), "проверки телефона").empty());  // answered: no reminder
  bot.advance_to(msk(2026, 11, 27, 21, 0));
  CHECK_THAT(text_with(in_chat(bot.sent(), "staff"), "Итоги"), Contains("• Телефон проверен в 08:52."));

  // Олег: no answer by the start → one reminder; then a problem in a plain direct message → the supervisors at once.
  bot.advance_to(msk(2026, 11, 28, 8, 45));
  bot.sent();
  bot.advance_to(msk(2026, 11, 28, 9, 0));
  auto reminder = text_with(to(bot.sent(), "u-oleg"), "проверки телефона от вас нет");
  CHECK_THAT(reminder, Contains("+7-495-740-40-50") && Contains("«ок»"));
  bot.advance_to(msk(2026, 11, 28, 9, 3));
  bot.say(oleg(), dm(oleg()), "Звонок на рабочий не приходит, смс тоже");
  auto out = bot.sent();
  CHECK(only_text(in_chat(out, dm(oleg()).id)) ==
        "Передал руководителю: «Звонок на рабочий не приходит, смс тоже». Пока телефон не работает, держите связь "
        "через чат.");
  CHECK_THAT(only_text(to(out, "u-sveta")),
             Contains("📵 Проблема с телефоном перед сменой: Олег (сб 28.11 09:00–21:00) пишет: «Звонок на рабочий не "
                      "приходит, смс тоже». Общие номера компании: +7-495-740-40-50"));
  bot.advance_to(msk(2026, 11, 28, 9, 30));
  CHECK(bot.sent().empty());  // one reminder only
  bot.advance_to(msk(2026, 11, 28, 21, 0));
  CHECK_THAT(text_with(in_chat(bot.sent(), "staff"), "Итоги"),
             Contains("• Проблема с телефоном в 09:03 — передано руководителю: «Звонок на рабочий не приходит, смс "
                      "тоже»."));

  // Анна, next day: never answers; an unclear reply is asked again; the report says it was not confirmed.
  bot.advance_to(msk(2026, 11, 29, 8, 45));
  const std::string asked_again = "m-sent-" + to(bot.sent(), "u-anna").at(0).req_id;
  bot.say(anna(), dm(anna()), "сейчас", asked_again);
  CHECK_THAT(only_text(bot.sent()), Contains("Не понял ответ про телефон"));
  bot.advance_to(msk(2026, 11, 29, 9, 0));
  CHECK_FALSE(text_with(to(bot.sent(), "u-anna"), "проверки телефона от вас нет").empty());
  bot.advance_to(msk(2026, 11, 29, 21, 0));
  CHECK_THAT(text_with(in_chat(bot.sent(), "staff"), "Итоги"), Contains("• Проверка телефона не подтверждена."));
}

TEST_CASE("the phone check's phrases are data: a replacement handbook may bring its own, or keep the built-in ones") {
  const auto& h = handbook::builtin();
  using handbook::PhoneAnswer;
  CHECK(handbook::phone_answer(h, "ок") == PhoneAnswer::ok);
  CHECK(handbook::phone_answer(h, "+") == PhoneAnswer::ok);
  CHECK(handbook::phone_answer(h, "Всё в порядке, проверила") == PhoneAnswer::ok);
  CHECK(handbook::phone_answer(h, "Проверила — смс не уходит") == PhoneAnswer::problem);
  CHECK(handbook::phone_answer(h, "проблема с телефоном") == PhoneAnswer::problem);
  CHECK(handbook::phone_answer(h, "сейчас проверю") == PhoneAnswer::none);
  CHECK(handbook::phone_answer(h, "+7-916-000-00-00") == PhoneAnswer::none);  // a number is no «+»
  const std::string base = R"({"rules":"r","prohibitions":"p","duties":"d","expert":"e","checklist_start":"s",
    "checklist_end":"e","company_phones":["+7-495-740-40-50"])";
  auto own = handbook::parse(base + R"(, "phone_check": {"ok": ["годится"], "problem": ["беда*"]}})", "h.json");
  CHECK(handbook::phone_answer(own, "годится") == PhoneAnswer::ok);
  CHECK(handbook::phone_answer(own, "ок") == PhoneAnswer::none);
  CHECK(handbook::phone_answer(own, "Беда со связью") == PhoneAnswer::problem);
  CHECK(handbook::phone_answer(handbook::parse(base + "}", "h.json"), "ок") == PhoneAnswer::ok);
  CHECK_THROWS_WITH(handbook::parse(base + R"(, "phone_check": {"ok": []}})", "h.json"), Contains("phone_check.ok"));
  CHECK_THROWS_WITH(
      handbook::parse(base + R"(, "phone_check": {"ok": ["ок"], "problem": ["x"], "maybe": []}})", "h.json"),
      Contains("phone_check.maybe"));
}
