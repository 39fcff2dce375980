// Unanswered client messages: waits, nudges, escalations, coverage — every timer rule on a simulated clock.
#include <catch2/catch.hpp>
#include <set>
#include <sstream>

#include "core/utf8.h"
#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::testing;
using namespace std::chrono_literals;
using Catch::Contains;

namespace {

// Anna on duty until 21:00 on Friday, from 15:00.
BotHarness friday_with_anna_on_duty() {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  return bot;
}

}  // namespace

TEST_CASE("a client's question is nudged to the assistant on duty at 5 minutes, not before") {
  auto bot = friday_with_anna_on_duty();
  bot.say(ivan(), turkey(), "Здравствуйте! Сколько стоит тур в Анталью на майские?");
  CHECK(bot.sent().empty());
  bot.advance(4min + 59s);
  CHECK(bot.sent().empty());
  bot.advance(1s);
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK(out[0].to_user == std::optional<std::string>("u-anna"));
  CHECK_THAT(out[0].text,
             Contains("Турция — Иван, ждёт 5 мин: «Здравствуйте! Сколько стоит тур в Анталью на майские?»"));
}

TEST_CASE("several messages in a row are one wait, timed from the first; closers start none") {
  auto bot = friday_with_anna_on_duty();
  bot.say(ivan(), turkey(), "Добрый день");
  bot.advance(2min);
  bot.say(ivan(), turkey(), "Хотели бы уточнить про визу");
  bot.say(maria(), egypt(), "Спасибо!");
  bot.say(maria(), egypt(), "👍");
  bot.say(maria(), egypt(), "ок, понятно");
  bot.advance(3min);
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("Иван, ждёт 5 мин: «Добрый день»"));
  CHECK_THAT(out[0].text, !Contains("Египет"));
  CHECK(bot.store->open_waits(10).size() == 1);
}

TEST_CASE("one nudge per person covers every wait due; it repeats every repeat_s while anything waits") {
  auto bot = friday_with_anna_on_duty();
  bot.say(oleg(), staff_chat(), "Дежурю до 20:00");
  bot.sent();
  bot.say(ivan(), turkey(), "Вопрос про отель");
  bot.advance(1min);
  bot.say(maria(), egypt(), "А трансфер включён?");
  bot.advance(4min);  // Иван due
  auto first = bot.sent();
  CHECK(to(first, "u-anna").size() == 1);
  CHECK(to(first, "u-oleg").size() == 1);
  CHECK_THAT(to(first, "u-anna")[0].text, Contains("Турция") && !Contains("Египет"));
  bot.advance(1min);  // Мария due, but Anna was nudged a minute ago
  CHECK(bot.sent().empty());
  bot.advance(9min);  // 10 minutes after the first nudge: one message with both
  auto second = bot.sent();
  REQUIRE(to(second, "u-anna").size() == 1);
  CHECK_THAT(to(second, "u-anna")[0].text,
             Contains("Турция — Иван, ждёт 15 мин") && Contains("Египет — Мария, ждёт 14 мин"));
  bot.advance(9min);
  CHECK(bot.sent().empty());
  bot.advance(1min);
  CHECK(to(bot.sent(), "u-anna").size() == 1);
}

TEST_CASE("staff answers: a reply answers its author's wait; a plain message answers the whole chat") {
  auto bot = friday_with_anna_on_duty();
  auto ivan_q = bot.say(ivan(), turkey(), "Есть ли туры на 10 ночей?");
  bot.say(maria(), turkey(), "А на 7 ночей?");
  bot.advance(1min);
  bot.say(anna(), turkey(), "Иван, да, есть, пришлю варианты", ivan_q);
  auto waits = bot.store->open_waits(10);
  REQUIRE(waits.size() == 1);
  CHECK(waits[0].client_name == "Мария");
  bot.advance(4min);
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("Мария") && !Contains("Иван"));
  bot.say(boris(), turkey(), "Мария, на 7 ночей тоже есть");
  CHECK(bot.store->open_waits(10).empty());
  bot.advance(30min);
  CHECK(bot.sent().empty());  // nothing is sent about answered waits

  // The first-response time and who answered are recorded for the shift report.
  auto st = bot.store->db().prepare(
      "SELECT client_name, answered_by, answered_at - started_at FROM waits WHERE status = 'answered' ORDER BY id");
  REQUIRE(st.step());
  CHECK(st.text(0) == "Иван");
  CHECK(st.text(1) == "u-anna");
  CHECK(st.int64(2) == 60000);
  REQUIRE(st.step());
  CHECK(st.text(1) == "u-boris");
  CHECK(st.int64(2) == std::int64_t{5} * 60000);
}

TEST_CASE("escalation at 30 minutes: every supervisor and the staff chat, naming who is on duty") {
  auto bot = friday_with_anna_on_duty();
  bot.say(ivan(), turkey(), "Срочно! Не пришёл ваучер");
  bot.advance(29min);
  auto before = bot.sent();
  CHECK(to(before, "u-sveta").empty());
  CHECK(in_chat(before, "staff").empty());
  bot.advance(1min);
  auto out = bot.sent();
  REQUIRE(to(out, "u-sveta").size() == 1);
  CHECK_THAT(to(out, "u-sveta")[0].text,
             Contains("Иван, ждёт 30 мин") && Contains("Дежурит: Анна (до 21:00, пт 27.11)"));
  REQUIRE(in_chat(out, "staff").size() == 1);
  // Supervisors too get at most one message per repeat_s.
  bot.advance(5min);
  CHECK(to(bot.sent(), "u-sveta").empty());
  bot.advance(5min);
  CHECK(to(bot.sent(), "u-sveta").size() == 1);
}

TEST_CASE("with nobody on duty, supervisors are told at once at 5 minutes") {
  BotHarness bot(msk(2026, 11, 27, 15, 0));
  bot.say(ivan(), turkey(), "Здравствуйте, вы тут?");
  bot.advance(5min);
  auto out = bot.sent();
  REQUIRE(to(out, "u-sveta").size() == 1);
  CHECK_THAT(to(out, "u-sveta")[0].text, Contains("Сейчас никто не дежурит"));
  CHECK(in_chat(out, "staff").size() == 1);
}

TEST_CASE("when the last wait a nudge named is answered, nudges stop") {
  auto bot = friday_with_anna_on_duty();
  bot.say(ivan(), turkey(), "Вопрос");
  bot.advance(5min);
  CHECK(bot.sent().size() == 1);
  bot.say(anna(), turkey(), "Отвечаю");
  for (int i = 0; i < 12; ++i) bot.advance(5min);
  CHECK(bot.sent().empty());
  CHECK_FALSE(bot.store->timer_due("unanswered.check", "next"));  // and no timer is kept for nothing
}

TEST_CASE("deleting every waiting message ends the wait; an edit keeps it") {
  auto bot = friday_with_anna_on_duty();
  auto a = bot.say(ivan(), turkey(), "Первый вопрос");
  auto b = bot.say(ivan(), turkey(), "Второй вопрос");
  bot.edit(a, ivan(), turkey(), "Первый вопрос (исправлено)");
  CHECK(bot.store->open_waits(10).size() == 1);
  bot.remove(a, turkey());
  CHECK(bot.store->open_waits(10).size() == 1);
  bot.remove(b, turkey());
  CHECK(bot.store->open_waits(10).empty());
  bot.advance(10min);
  CHECK(bot.sent().empty());
}

TEST_CASE("a new country chat is watched without any configuration") {
  auto bot = friday_with_anna_on_duty();
  proto::Chat cuba{"c-cuba", proto::ChatKind::country, "Куба"};
  bot.say(ivan(), cuba, "Есть ли прямые рейсы на Кубу?");
  bot.advance(5min);
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK_THAT(out[0].text, Contains("Куба — Иван"));
}

TEST_CASE("«/ожидают» lists the waits, longest first") {
  auto bot = friday_with_anna_on_duty();
  bot.say(maria(), egypt(), "Когда вылет?");
  bot.advance(3min);
  bot.say(ivan(), turkey(), "Какая погода?");
  bot.advance(1min);
  auto q = bot.say(boris(), staff_chat(), "/ожидают");
  auto out = bot.sent();
  REQUIRE(out.size() == 1);
  CHECK(out[0].reply_to == std::optional<std::string>(q));
  auto eg = out[0].text.find("Египет — Мария, ждёт 4 мин");
  auto tr = out[0].text.find("Турция — Иван, ждёт 1 мин");
  REQUIRE(eg != std::string::npos);
  REQUIRE(tr != std::string::npos);
  CHECK(eg < tr);
  bot.say(boris(), staff_chat(), "Коллеги, что ждёт ответа?");
  CHECK(bot.sent().size() == 1);
  // Clients cannot run it.
  bot.say(ivan(), dm(ivan()), "/ожидают");
  auto c = bot.sent();
  REQUIRE(c.size() == 1);
  CHECK_THAT(c[0].text, !Contains("Египет"));
}

TEST_CASE(
    "outside coverage nobody is paged; supervisors get one digest when it begins; the next duty gets a handover") {
  BotHarness bot(msk(2026, 11, 27, 22, 0));
  bot.settings.coverage = handlers::Coverage::from_spec({{"daily", {"09:00-21:00"}}}, {});
  bot.restart();
  bot.say(ivan(), turkey(), "Ночью вопрос: где мой ваучер?");
  bot.advance(1h);
  bot.say(maria(), egypt(), "И у меня вопрос");
  for (int i = 0; i < 18; ++i) bot.advance(30min);  // the night: until 08:00
  auto night = bot.sent();
  for (const auto& s : night) UNSCOPED_INFO(s.to_user.value_or(s.chat_id.value_or("?")) << ": " << s.text);
  CHECK(night.empty());
  bot.advance_to(msk(2026, 11, 28, 9, 0));
  auto digest = bot.sent();
  REQUIRE(to(digest, "u-sveta").size() == 1);
  CHECK_THAT(to(digest, "u-sveta")[0].text, Contains("Пока никто не дежурил") && Contains("Иван") && Contains("Мария"));
  bot.advance(2min);
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  auto handover = to(bot.sent(), "u-anna");
  REQUIRE(handover.size() == 1);
  CHECK_THAT(handover[0].text, Contains("Вы заступили") && Contains("Иван") && Contains("Мария"));
  // «беру» in reply to the handover list takes the clients it named, as a reply to a nudge does.
  bot.say(anna(), dm(anna()), "беру", "m-sent-" + handover[0].req_id);
  CHECK_THAT(only_text(bot.sent()), Contains("Записал за вами") && Contains("Иван") && Contains("Мария"));
}

TEST_CASE("holidays are outside coverage") {
  BotHarness bot(msk(2026, 12, 31, 12, 0));
  bot.settings.coverage = handlers::Coverage::from_spec({}, {"2026-12-31"});
  bot.restart();
  bot.say(ivan(), turkey(), "С наступающим! Вопрос по туру");
  bot.advance(2h);
  CHECK(bot.sent().empty());
  bot.advance_to(msk(2027, 1, 1, 0, 0));
  CHECK(to(bot.sent(), "u-sveta").size() == 1);
}

TEST_CASE("after a restart timers continue from the stored start; a nudge is never sent twice") {
  TempDir dir;
  BotHarness bot(msk(2026, 11, 27, 15, 0), dir.file("bot.db"));
  bot.say(anna(), staff_chat(), "Дежурю до 21:00");
  bot.sent();
  bot.say(ivan(), turkey(), "Вопрос до рестарта");
  bot.advance(3min);
  bot.restart();
  bot.advance(1min + 59s);
  CHECK(bot.sent().empty());
  bot.advance(1s);
  CHECK(bot.sent().size() == 1);
  bot.restart();
  bot.advance(1s);
  CHECK(bot.sent().empty());  // already sent before the restart

  // Down for 20 minutes across the repeat: the due nudge is sent once on start, not once per missed repeat.
  bot.restart();
  bot.clock.advance(20min);
  bot.engine->run_due();
  auto out = bot.sent();
  CHECK(to(out, "u-anna").size() == 1);
}

namespace {

// 200 clients, each waiting in one of 20 country chats with a long question.
void two_hundred_waits(BotHarness& bot) {
  for (int i = 0; i < 200; ++i) {
    proto::User client{"u-c" + std::to_string(i), "Клиент " + std::to_string(i), proto::Role::client};
    proto::Chat chat{"c-" + std::to_string(i % 20), proto::ChatKind::country, "Страна номер " + std::to_string(i % 20)};
    bot.say(client, chat,
            "Здравствуйте! Подскажите, пожалуйста, сколько стоит тур на двоих в мае, вопрос " + std::to_string(i));
  }
}

// The lines of a list that name a wait: each must be whole, from «• » to the closing quote.
std::vector<std::string> bullet_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("• ", 0) == 0) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("a nudge about 200 waits fits one message of whole lines, counts the rest, and marks only what it showed") {
  auto bot = friday_with_anna_on_duty();
  two_hundred_waits(bot);
  bot.advance(5min);
  auto nudges = to(bot.sent(), "u-anna");
  REQUIRE(nudges.size() == 1);
  const std::string& text = nudges[0].text;
  CHECK(utf8::length(text) <= proto::kMaxTextChars);
  const auto shown = bullet_lines(text);
  REQUIRE(!shown.empty());
  for (const auto& line : shown) CHECK_THAT(line, Catch::EndsWith("»"));
  CHECK_THAT(text, Contains("…и ещё " + std::to_string(200 - shown.size()) + " — /ожидают"));
  CHECK_THAT(text, Catch::EndsWith("Ответьте, пожалуйста. Берёте клиента — ответьте «беру» на это сообщение."));
  auto nudged = bot.store->db().prepare("SELECT COUNT(*) FROM waits WHERE nudged_at IS NOT NULL");
  nudged.step();
  CHECK(nudged.int64(0) == static_cast<std::int64_t>(shown.size()));  // the rest were never shown to anyone

  // The escalation at 30 minutes follows the same rule.
  bot.advance(25min);
  auto escalations = to(bot.sent(), "u-sveta");
  REQUIRE(escalations.size() == 1);
  CHECK(utf8::length(escalations[0].text) <= proto::kMaxTextChars);
  const auto escalated_lines = bullet_lines(escalations[0].text);
  CHECK_THAT(escalations[0].text, Contains("…и ещё " + std::to_string(200 - escalated_lines.size()) + " — /ожидают"));
  auto escalated = bot.store->db().prepare("SELECT COUNT(*) FROM waits WHERE escalated_at IS NOT NULL");
  escalated.step();
  CHECK(escalated.int64(0) == static_cast<std::int64_t>(escalated_lines.size()));
}

TEST_CASE("«/ожидают» with 200 waits: every wait, in messages split between lines, none over the limit") {
  auto bot = friday_with_anna_on_duty();
  two_hundred_waits(bot);
  bot.sent();
  bot.say(anna(), staff_chat(), "/ожидают");
  auto answers = in_chat(bot.sent(), "staff");
  REQUIRE(answers.size() > 1);
  CHECK_THAT(answers[0].text, Catch::StartsWith("Ждут ответа (200)"));
  std::set<std::string> clients;
  std::size_t lines = 0;
  for (const auto& a : answers) {
    CHECK(utf8::length(a.text) <= proto::kMaxTextChars);
    CHECK(a.reply_to == answers[0].reply_to);
    for (const auto& line : bullet_lines(a.text)) {
      CHECK_THAT(line, Catch::EndsWith("»"));
      clients.insert(line.substr(line.find("Клиент "), line.find(',') - line.find("Клиент ")));
      ++lines;
    }
  }
  CHECK(lines == 200);
  CHECK(clients.size() == 200);  // each client once, none lost
  // The parts have distinct, stable req_ids: a replay posts none of them twice.
  std::set<std::string> ids;
  for (const auto& a : answers) ids.insert(a.req_id);
  CHECK(ids.size() == answers.size());
}

// ---- «беру»: a person on duty claims clients (issue 16, part 4) ----

TEST_CASE("«беру» in reply to a nudge: the others are not nudged about that client, the claimer is, and it expires") {
  auto bot = friday_with_anna_on_duty();
  bot.settings.unanswered.claim = 20min;
  bot.restart();
  bot.say(oleg(), staff_chat(), "Дежурю до 20:00");
  bot.sent();
  bot.say(ivan(), turkey(), "Вопрос про отель в Кемере");
  bot.advance(5min);  // 15:05
  auto out = bot.sent();
  const auto anna_nudge = to(out, "u-anna");
  REQUIRE(anna_nudge.size() == 1);
  REQUIRE(to(out, "u-oleg").size() == 1);
  CHECK_THAT(anna_nudge[0].text, Contains("ответьте «беру» на это сообщение"));

  // 15:06: Анна takes it by replying to her nudge (the gateway's message id for it).
  bot.advance(1min);
  bot.say(anna(), dm(anna()), "Беру", "m-sent-" + anna_nudge[0].req_id);
  CHECK_THAT(only_text(bot.sent()), Contains("Записал за вами: Турция — Иван") && Contains("20 мин"));

  // 15:15, the repeat: Олег hears nothing about Иван; Анна is nudged as before (a claim is not an answer).
  bot.advance_to(msk(2026, 11, 27, 15, 15));
  out = bot.sent();
  CHECK(to(out, "u-oleg").empty());
  CHECK(to(out, "u-anna").size() == 1);
  // Мария asks in «Египет»: at 15:20 Олег's nudge names her, and Иван marked as Анна's.
  bot.say(maria(), egypt(), "Нужна ли виза в Египет?");
  bot.advance_to(msk(2026, 11, 27, 15, 20));
  out = bot.sent();
  const std::string oleg_nudge = text_with(to(out, "u-oleg"), "Египет");
  CHECK_THAT(oleg_nudge, Contains("Турция — Иван") && Contains("» — взял(а) Анна") && Contains("Египет — Мария"));
  CHECK_THAT(oleg_nudge, Contains("«Нужна ли виза в Египет?»\n") || Catch::EndsWith("«Нужна ли виза в Египет?»"));

  // The escalation still comes at 30 minutes while nobody answered Иван.
  bot.advance_to(msk(2026, 11, 27, 15, 30));
  CHECK_THAT(text_with(bot.sent(), "долго ждут"), Contains("Турция — Иван"));

  // The answer closes it; the report names who took and who answered.
  bot.say(oleg(), turkey(), "Иван, в Кемере отель 4*, пришлю подборку.");
  bot.say(anna(), staff_chat(), "Сдаю дежурство");
  CHECK_THAT(text_with(bot.sent(), "Итоги дежурства"),
             Contains("Взятые клиенты («беру»)") && Contains("Турция — Иван: взял(а) Анна, ответил(а) Олег"));

  // Claims run out: once Иван's claim is over, Олег would be told about a new Иван question again.
  bot.say(ivan(), turkey(), "И ещё: есть ли аквапарк?");
  bot.advance_to(msk(2026, 11, 27, 15, 40));
  CHECK_THAT(text_with(to(bot.sent(), "u-oleg"), "аквапарк"), Contains("Турция — Иван") && !Contains("взял(а)"));
}

TEST_CASE("«беру Турцию» names the chat; a claim by someone else stands; only people on duty take clients") {
  auto bot = friday_with_anna_on_duty();
  bot.say(oleg(), staff_chat(), "Дежурю до 20:00");
  bot.sent();
  bot.say(ivan(), turkey(), "Сколько стоит Анталья?");
  bot.say(maria(), egypt(), "А Хургада?");
  bot.say(anna(), dm(anna()), "беру Турцию");
  CHECK_THAT(only_text(bot.sent()), Contains("Записал за вами: Турция — Иван") && !Contains("Египет"));
  bot.say(oleg(), dm(oleg()), "я возьму Турцию");
  CHECK_THAT(only_text(bot.sent()), Contains("Уже взяли: Турция — Иван у Анна") && !Contains("Записал"));
  bot.say(oleg(), staff_chat(), "беру Египет");
  CHECK_THAT(only_text(bot.sent()), Contains("Записал за вами: Египет — Мария"));
  bot.say(oleg(), dm(oleg()), "беру Мальдивы");
  CHECK(only_text(bot.sent()) ==
        "Не понял, каких клиентов вы берёте. Ответьте «беру» на моё напоминание или напишите, "
        "например, «беру Турцию».");
  bot.say(boris(), dm(boris()), "беру Турцию");
  CHECK_THAT(only_text(bot.sent()), Contains("только дежурный"));
  // A plain «могу» in the staff chat is not about clients: nobody answers it here.
  bot.say(oleg(), staff_chat(), "могу");
  CHECK(bot.sent().empty());
}
