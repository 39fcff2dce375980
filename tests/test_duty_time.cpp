// Reading the end of a duty: «Дежурю до …» → an instant, or why it cannot be read.
#include <catch2/catch.hpp>

#include "handlers/duty/duty_time.h"
#include "support/bot_harness.h"

using namespace dutybot;
using namespace dutybot::duty;
using dutybot::testing::msk;

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
  CHECK(classify_duty_message("Всем привет! Я дежурю сегодня до 21 🙂") == Intent::declaration);
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
