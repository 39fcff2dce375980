// Reading the end of a duty: «Дежурю до …» → an instant, or why it cannot be read.
#include <filesystem>

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <fstream>
#include <set>
#include <sstream>

#include "handlers/common/text_util.h"
#include "handlers/duty/duty_time.h"
#include "handlers/duty/duty_zones.h"
#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::duty;
using dutybot::testing::msk;
using dutybot::testing::read_file;
using dutybot::testing::TempDir;
using dutybot::testing::write_file;

namespace {
const date::time_zone* moscow() { return date::locate_zone("Europe/Moscow"); }

struct Case {
  const char* text;
  TimePoint expected;
};

void check_cases(TimePoint now, const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    INFO(c.text);
    auto r = read_duty_end(c.text, now, moscow());
    if (auto* e = std::get_if<DutyTimeError>(&r)) FAIL("not read: " << e->reason);
    CHECK(std::get<DutyEnd>(r).end == c.expected);
  }
}

void check_refused(TimePoint now, const std::vector<std::pair<const char*, DutyTimeError::Kind>>& cases) {
  for (const auto& [text, kind] : cases) {
    INFO(text);
    auto r = read_duty_end(text, now, moscow());
    REQUIRE(std::holds_alternative<DutyTimeError>(r));
    CHECK(std::get<DutyTimeError>(r).kind == kind);
    CHECK_FALSE(std::get<DutyTimeError>(r).reason.empty());
  }
}
}  // namespace

TEST_CASE("declarations are first-person «дежурю» only") {
  CHECK(classify_duty_message("Дежурю до 20:00") == Intent::declaration);
  CHECK(classify_duty_message("Всем привет! Я дежурю сегодня до 21 🙂") ==
        Intent::declaration);
  CHECK(classify_duty_message("ДЕЖУРЮ ДО 20") == Intent::declaration);
  CHECK(classify_duty_message("кто дежурит до 20?") == Intent::none);
  CHECK(classify_duty_message("Анна дежурит до 20") == Intent::none);
  CHECK(classify_duty_message("Я сегодня не дежурю до 20") == Intent::none);
  CHECK(classify_duty_message("Привет, как дела?") == Intent::none);
  CHECK(classify_duty_message("Дежурю!") == Intent::no_end);
}

TEST_CASE("clock forms on a Friday afternoon") {
  const TimePoint now = msk(2026, 11, 27, 15, 10);
  check_cases(now, {
                       {"Дежурю до 20:00", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20.00", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20-00", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20 00", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20ч", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20 ч.", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20ч30", msk(2026, 11, 27, 20, 30)},
                       {"Дежурю до 20 часов", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20 часов 30 минут", msk(2026, 11, 27, 20, 30)},
                       {"Дежурю до 9", msk(2026, 11, 27, 21)},
                       {"Дежурю до 9ти", msk(2026, 11, 27, 21)},
                       {"Дежурю до 9-ти", msk(2026, 11, 27, 21)},
                       {"Дежурю до девяти", msk(2026, 11, 27, 21)},
                       {"Дежурю до восьми", msk(2026, 11, 27, 20)},
                       {"Дежурю до полуночи", msk(2026, 11, 28, 0)},
                       {"Дежурю до 24:00", msk(2026, 11, 28, 0)},
                       {"Дежурю до 00:00", msk(2026, 11, 28, 0)},
                       {"Дежурю до конца дня", msk(2026, 11, 28, 0)},
                       {"Дежурю до пол десятого", msk(2026, 11, 27, 21, 30)},
                       {"Дежурю до половины десятого", msk(2026, 11, 27, 21, 30)},
                       {"Дежурю до без четверти девять", msk(2026, 11, 27, 20, 45)},
                       {"Дежурю до без 15 девять", msk(2026, 11, 27, 20, 45)},
                       {"Дежурю до 9:00", msk(2026, 11, 28, 9)},
                       {"Дежурю до 15:00", msk(2026, 11, 28, 15)},
                   });
}

TEST_CASE("parts of day, days and zones") {
  const TimePoint now = msk(2026, 11, 27, 15, 10);  // Friday
  check_cases(now, {
                       {"Дежурю до 9 вечера", msk(2026, 11, 27, 21)},
                       {"Дежурю до 9 утра", msk(2026, 11, 28, 9)},
                       {"Дежурю до 5 дня", msk(2026, 11, 27, 17)},
                       {"Дежурю до 11 ночи", msk(2026, 11, 27, 23)},
                       {"Дежурю до 2 ночи", msk(2026, 11, 28, 2)},
                       {"Дежурю до 9 завтра", msk(2026, 11, 28, 9)},
                       {"Дежурю до завтра 9:00", msk(2026, 11, 28, 9)},
                       {"Дежурю сегодня до 21", msk(2026, 11, 27, 21)},
                       {"Дежурю до 20:00 послезавтра", msk(2026, 11, 29, 20)},
                       {"Дежурю до понедельника 9:00", msk(2026, 11, 30, 9)},
                       {"Дежурю до 18:00 пн", msk(2026, 11, 30, 18)},
                       {"Дежурю до пятницы 18:00", msk(2026, 11, 27, 18)},
                       {"Дежурю до пятницы 14:00", msk(2026, 12, 4, 14)},
                       {"Дежурю до 28.11 10:00", msk(2026, 11, 28, 10)},
                       {"Дежурю до 10:00 28.11.2026", msk(2026, 11, 28, 10)},
                       {"Дежурю до 28 ноября 10:00", msk(2026, 11, 28, 10)},
                       {"Дежурю до 20:00 мск", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20:00 (МСК)", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20:00 по Москве", msk(2026, 11, 27, 20)},
                   });
}

TEST_CASE("the author's zone is used unless Moscow is named") {
  const TimePoint now = msk(2026, 11, 27, 15, 10);
  auto r = read_duty_end("Дежурю до 20:00", now, date::locate_zone("Asia/Yekaterinburg"));  // UTC+5
  REQUIRE(std::holds_alternative<DutyEnd>(r));
  CHECK(std::get<DutyEnd>(r).end == msk(2026, 11, 27, 18));
  auto named = read_duty_end("Дежурю до 20:00 по мск", now, date::locate_zone("Asia/Yekaterinburg"));
  CHECK(std::get<DutyEnd>(named).end == msk(2026, 11, 27, 20));
  CHECK(std::get<DutyEnd>(named).zone_named);
}

TEST_CASE("what is not a declaration gets a reason") {
  const TimePoint now = msk(2026, 11, 27, 15, 10);
  using K = DutyTimeError::Kind;
  check_refused(now, {
                         {"Дежурю до вечера", K::vague},
                         {"Дежурю до утра", K::vague},
                         {"Дежурю до понедельника", K::day_without_time},
                         {"Дежурю до завтра", K::day_without_time},
                         {"Дежурю до 25:00", K::impossible},
                         {"Дежурю до 20:75", K::impossible},
                         {"Дежурю сегодня до 9:00", K::past},
                         {"Дежурю до 10:00 15.12", K::too_far},
                         {"Дежурю до победы", K::not_understood},
                     });
}

namespace {

struct Row {
  std::string now_text;
  TimePoint now;
  std::string text;
  std::string expected;                          // "YYYY-MM-DD HH:MM" in Moscow, or error:<kind>
  const date::time_zone* author_zone = nullptr;  // the fourth column (the author's people_timezones), else Moscow
};

std::vector<Row> load_rows() {
  std::ifstream in(DUTY_PHRASINGS);
  REQUIRE(in);
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    Row r;
    std::getline(ss, r.now_text, '\t');
    std::getline(ss, r.text, '\t');
    std::getline(ss, r.expected, '\t');
    std::string zone;
    std::getline(ss, zone, '\t');
    r.author_zone = zone.empty() ? moscow() : date::locate_zone(zone);
    auto now = parse_utc(r.now_text);
    REQUIRE(now);
    r.now = *now;
    rows.push_back(std::move(r));
  }
  return rows;
}

const char* kind_name(DutyTimeError::Kind k) {
  switch (k) {
    case DutyTimeError::Kind::no_time:
      return "no_time";
    case DutyTimeError::Kind::vague:
      return "vague";
    case DutyTimeError::Kind::day_without_time:
      return "day_without_time";
    case DutyTimeError::Kind::impossible:
      return "impossible";
    case DutyTimeError::Kind::past:
      return "past";
    case DutyTimeError::Kind::too_far:
      return "too_far";
    case DutyTimeError::Kind::not_understood:
      return "not_understood";
  }
  return "?";
}

std::string describe(const DutyTimeReading& r) {
  if (auto* e = std::get_if<DutyTimeError>(&r)) return std::string("error:") + kind_name(e->kind);
  auto local = date::make_zoned(moscow(), std::chrono::time_point_cast<std::chrono::minutes>(std::get<DutyEnd>(r).end));
  return date::format("%Y-%m-%d %H:%M", local);
}

}  // namespace

TEST_CASE("the phrasing table: at least 150 ways staff write the end of a duty, at five moments") {
  auto rows = load_rows();
  CHECK(rows.size() >= 150);
  std::set<std::string> nows;
  int wrong = 0;
  for (const auto& r : rows) {
    nows.insert(r.now_text);
    std::string got = describe(read_duty_end(r.text, r.now, r.author_zone));
    if (got != r.expected) {
      ++wrong;
      UNSCOPED_INFO("now " << r.now_text << " «" << r.text << "»: expected " << r.expected << ", got " << got);
    }
  }
  CHECK(wrong == 0);
  CHECK(nows.size() >= 5);
}

TEST_CASE("property: every accepted end is after now and at most 7 days ahead") {
  for (const auto& r : load_rows()) {
    auto reading = read_duty_end(r.text, r.now, r.author_zone);
    if (auto* end = std::get_if<DutyEnd>(&reading)) {
      INFO(r.text);
      CHECK(end->end > r.now);
      CHECK(end->end - r.now <= kMaxDutyAhead);
    }
  }
  // And over a sweep of times of day: the nearest-future rules never produce the past.
  const char* texts[] = {"Дежурю до 9",     "Дежурю до 12",           "Дежурю до полуночи",      "Дежурю до 9 утра",
                         "Дежурю до 00:00", "Дежурю до пол десятого", "Дежурю до пятницы 18:00", "Дежурю до 23:59"};
  for (int minute = 0; minute < 24 * 60; minute += 7) {
    TimePoint now = msk(2026, 11, 27, 0) + std::chrono::minutes(minute);
    for (const char* t : texts) {
      INFO(t << " at minute " << minute);
      auto reading = read_duty_end(t, now, moscow());
      REQUIRE(std::holds_alternative<DutyEnd>(reading));
      CHECK(std::get<DutyEnd>(reading).end > now);
      CHECK(std::get<DutyEnd>(reading).end - now <= kMaxDutyAhead);
    }
  }
}

TEST_CASE("property: text around a declaration never changes its reading") {
  const std::pair<const char*, const char*> wraps[] = {
      {"Всем привет! ", ""},
      {"", " 🙂"},
      {"Коллеги, добрый вечер. ", ". Если что — пишите в личку"},
      {"", "\nЗавтра с 9 дежурит Олег"},
      {"Ок, ", "!!!"},
      {"Напоминаю: ", ", по всем вопросам ко мне"},
  };
  for (const auto& r : load_rows()) {
    const std::string base = describe(read_duty_end(r.text, r.now, r.author_zone));
    for (const auto& [before, after] : wraps) {
      std::string wrapped = std::string(before) + r.text + after;
      INFO("«" << wrapped << "»");
      CHECK(describe(read_duty_end(wrapped, r.now, r.author_zone)) == base);
    }
  }
}

TEST_CASE("property: an unknown qualifier right after the time is refused with it quoted, never read as a time") {
  // Inserted where the end phrase ends: before a comma and space, a dash, «!», «(», or a final dot; else at the end.
  const std::pair<const char*, const char*> qualifiers[] = {
      {" по Урюпинску", "по урюпинску"},          // a city the table does not know
      {" EKT", "ekt"},                            // a zone abbreviation it does not know
      {" послепослезавтра", "послепослезавтра"},  // a date-like word it does not know
      {" по сахалинскому", "по сахалинскому"},
  };
  int tried = 0;
  for (const auto& r : load_rows()) {
    if (describe(read_duty_end(r.text, r.now, r.author_zone)).starts_with("error:")) continue;
    const std::string folded = text::fold(r.text);
    // After «до» when there is one (not in «дежурю 9-18», «ещё 2 часа»), else after the declaring words.
    auto declared = folded.find("дежурю");
    if (declared == std::string::npos) declared = 0;
    const auto end_word = folded.find(" до", declared);
    const auto from = end_word == std::string::npos ? declared : end_word;
    auto at = folded.ends_with(".") ? folded.size() - 1 : folded.size();
    for (const char* boundary : {", ", "!", "(", ";", "?", "\n", " —", " –"})
      at = std::min(at, folded.find(boundary, from));
    for (const auto& [qualifier, quoted] : qualifiers) {
      const std::string text = folded.substr(0, at) + qualifier + folded.substr(at);
      INFO("«" << text << "»");
      auto reading = read_duty_end(text, r.now, r.author_zone);
      REQUIRE(std::holds_alternative<DutyTimeError>(reading));
      const auto& err = std::get<DutyTimeError>(reading);
      CHECK(err.kind == DutyTimeError::Kind::not_understood);
      CHECK_THAT(err.reason, Catch::Contains(std::string("«") + quoted + "»"));
      ++tried;
    }
  }
  CHECK(tried >= 4 * 150);
}

TEST_CASE("the end phrase ends where a new clause starts: chatter there is ignored, a qualifier before it is not") {
  const TimePoint now = msk(2026, 11, 27, 15, 10);
  check_cases(now, {
                       {"Дежурю до 20:00, если что — пишите в личку", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20:00 — если что, пишите", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20:00 и завтра с 9, если Олег заболеет", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20:00, по всем вопросам — в личку", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20:00. Урюпинск передаёт привет", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20:00 а потом Олег", msk(2026, 11, 27, 20)},
                       {"Дежурю до 21:00 в субботу включительно", msk(2026, 11, 28, 21)},
                   });
  using K = DutyTimeError::Kind;
  check_refused(now, {
                         {"Дежурю до 20:00 по Урюпинску", K::not_understood},
                         {"Дежурю до 20:00, по Урюпинску", K::not_understood},
                         {"Дежурю до 20:00 EKT", K::not_understood},
                         {"Дежурю до 20:00 пишите если что", K::not_understood},
                         {"Дежурю до 20:00 или 21:00", K::not_understood},
                         {"Дежурю до 20:00 примерно", K::not_understood},
                         {"Дежурю до 20:00 по Ереване", K::not_understood},  // a typo of «по Еревану»
                     });
  auto unknown = std::get<DutyTimeError>(read_duty_end("Дежурю до 20:00 по Урюпинску", now, moscow()));
  CHECK(unknown.reason == "не знаю, что за время «по урюпинску»");
  CHECK_THAT(unknown.example, Catch::Contains("по Самаре"));
}

TEST_CASE("zones by city: «по <city>» in the dative and the short forms people type") {
  const TimePoint now = msk(2026, 11, 27, 15, 10);
  check_cases(now, {
                       {"Дежурю до 20:00 по Самаре", msk(2026, 11, 27, 19)},             // UTC+4
                       {"Дежурю до 20:00 по нск", msk(2026, 11, 27, 16)},                // UTC+7
                       {"Дежурю до 20:00 нск", msk(2026, 11, 27, 16)},                   // a short form alone
                       {"Дежурю до 20:00 по спб", msk(2026, 11, 27, 20)},                // Moscow time
                       {"Дежурю до 20:00 по Питеру", msk(2026, 11, 27, 20)},             // Moscow time
                       {"Дежурю до 20:00 по Алма-Ате", msk(2026, 11, 27, 18)},           // UTC+5
                       {"Дежурю до 20:00 по Алматы", msk(2026, 11, 27, 18)},             // UTC+5
                       {"Дежурю до 20:00 по Нижнему Новгороду", msk(2026, 11, 27, 20)},  // two words
                       {"Дежурю до 20:00 по Владивостоку", msk(2026, 11, 28, 13)},  // UTC+10: 20:00 there has passed
                       {"Дежурю до 9 вечера по Екатеринбургу", msk(2026, 11, 27, 19)},
                       {"Дежурю до 23:00 по Калининграду", msk(2026, 11, 28, 0)},  // UTC+2
                       {"Дежурю до 20:00 по Стамбулу", msk(2026, 11, 27, 20)},     // UTC+3
                       {"Дежурю до 22:00 по Бангкоку", msk(2026, 11, 27, 18)},     // UTC+7
                       {"Дежурю до 20:00 по Минску", msk(2026, 11, 27, 20)},
                       {"Дежурю до 20:00 по Киеву", msk(2026, 11, 27, 21)},  // UTC+2 in winter
                   });
}

TEST_CASE("zones by city: the confirmation's name, «по местному», and the table checked") {
  const TimePoint now = msk(2026, 11, 27, 15, 10);
  auto samara = std::get<DutyEnd>(read_duty_end("Дежурю до 20:00 по Самаре", now, moscow()));
  CHECK(samara.zone->name() == "Europe/Samara");
  CHECK(samara.zone_named);
  CHECK(samara.zone_named_as == "Самаре");
  const auto* yekaterinburg = date::locate_zone("Asia/Yekaterinburg");
  auto local = std::get<DutyEnd>(read_duty_end("Дежурю до 20:00 по местному времени", now, yekaterinburg));
  CHECK(local.end == msk(2026, 11, 27, 18));
  CHECK(local.zone == yekaterinburg);
  CHECK_FALSE(local.zone_named);
  const auto& table = ZoneNames::builtin();
  CHECK(table.size() >= 150);
  CHECK(table.name_of(moscow()) == "Москве");
  CHECK(table.find("самаре")->zone->name() == "Europe/Samara");
  CHECK_FALSE(table.find("урюпинску"));
  CHECK_THROWS_WITH(ZoneNames::parse("# comment\nурюпинску\tEurope/Urupinsk\tУрюпинску\n"),
                    Catch::Contains("line 2") && Catch::Contains("Europe/Urupinsk"));
  CHECK_THROWS_WITH(ZoneNames::parse("самаре\tEurope/Samara\n"), Catch::Contains("line 1"));
  CHECK_THROWS_WITH(ZoneNames::parse("самаре\tEurope/Samara\tСамаре\nсамаре\tEurope/Samara\tСамаре\n"),
                    Catch::Contains("already"));
}

TEST_CASE("every refusal quotes what it did not understand, and every example it gives is read") {
  const TimePoint example_now = msk(2026, 11, 27, 15, 10);
  int refusals = 0;
  for (const auto& r : load_rows()) {
    auto reading = read_duty_end(r.text, r.now, r.author_zone);
    const auto* err = std::get_if<DutyTimeError>(&reading);
    if (!err) continue;
    ++refusals;
    INFO("«" << r.text << "»: " << err->reason);
    CHECK_THAT(err->reason, Catch::Contains("«") && Catch::Contains("»"));
    // Each «…» of the example is a declaration the reader accepts.
    std::size_t at = 0;
    int examples = 0;
    while ((at = err->example.find("«", at)) != std::string::npos) {
      const auto close = err->example.find("»", at);
      REQUIRE(close != std::string::npos);
      const std::string example = err->example.substr(at + 2, close - at - 2);  // «» are two bytes each
      INFO("example «" << example << "»");
      CHECK(std::holds_alternative<DutyEnd>(read_duty_end(example, example_now, moscow())));
      ++examples;
      at = close;
    }
    CHECK(examples >= 1);
  }
  CHECK(refusals >= 30);
}

TEST_CASE("dutybot parse-duty reads one phrasing or a file of them") {
  TempDir dir;
  const std::string out = dir.file("out.txt");
  std::string cmd =
      std::string(DUTYBOT_BIN) + " parse-duty --now 2026-11-27T15:10:00+03:00 'Дежурю до 9 вечера' > " + out;
  CHECK(std::system(cmd.c_str()) == 0);
  CHECK(read_file(out) == "2026-11-27T21:00:00+03:00\n");
  cmd = std::string(DUTYBOT_BIN) + " parse-duty --now 2026-11-27T15:10:00+03:00 'Дежурю до вечера' > " + out;
  CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 1);
  CHECK_THAT(read_file(out), Catch::StartsWith("error: "));
  write_file(dir.file("in.txt"), "Дежурю до 20:00\nДежурю до 25:00\nДежурю до 9 утра завтра\n");
  cmd = std::string(DUTYBOT_BIN) + " parse-duty --now 2026-11-27T15:10:00+03:00 --tz Europe/Moscow < " +
        dir.file("in.txt") + " > " + out;
  CHECK(std::system(cmd.c_str()) == 0);
  auto lines = read_file(out);
  CHECK_THAT(lines, Catch::StartsWith("2026-11-27T20:00:00+03:00\nerror: "));
  CHECK_THAT(lines, Catch::EndsWith("\n2026-11-28T09:00:00+03:00\n"));
}

TEST_CASE("both programs answer --help on every command, and refuse a bad command line with exit 2") {
  TempDir dir;
  const std::string out = dir.file("help.txt");
  auto run = [&](const std::string& program, const std::string& args) {
    return WEXITSTATUS(std::system((program + " " + args + " > " + out + " 2>&1").c_str()));
  };
  // Each command's help names the command itself in its usage line.
  const std::vector<std::pair<std::string, std::string>> commands = {{DUTYBOT_BIN, ""},
                                                                     {DUTYBOT_BIN, "schedule"},
                                                                     {DUTYBOT_BIN, "schedule import"},
                                                                     {DUTYBOT_BIN, "schedule list"},
                                                                     {DUTYBOT_BIN, "parse-duty"},
                                                                     {SANDBOX_BIN, ""},
                                                                     {SANDBOX_BIN, "say"},
                                                                     {SANDBOX_BIN, "tail"},
                                                                     {SANDBOX_BIN, "request"},
                                                                     {SANDBOX_BIN, "request-say"},
                                                                     {SANDBOX_BIN, "request-update"}};
  for (const auto& [program, command] : commands) {
    const std::string name = std::filesystem::path(program).filename().string();
    INFO(name << " " << command << " --help");
    CHECK(run(program, command + " --help") == 0);
    CHECK_THAT(read_file(out), Catch::Contains("Usage: " + name + (command.empty() ? "" : " " + command) + " "));
  }
  CHECK(run(DUTYBOT_BIN, "bogus") == 2);
  CHECK_THAT(read_file(out), Catch::Contains("bogus"));
  CHECK(run(DUTYBOT_BIN, "--log-level loud") == 2);
  CHECK(run(DUTYBOT_BIN, "parse-duty 'Дежурю до 20'") == 2);  // --now is required
  CHECK_THAT(read_file(out), Catch::Contains("--now"));
  CHECK(run(SANDBOX_BIN, "say --token x") == 2);                              // no TEXT
  CHECK(run(SANDBOX_BIN, "say --token x --chat staff --to u-anna hi") == 2);  // two places to post
}
