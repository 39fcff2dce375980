#pragma once
// The reminders ahead of shifts, as pure functions of time: the evening before a shift (config
// "shifts.remind_day_before_at", in the person's zone) and the weekly digest ("shifts.week_digest_at").
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/clock.h"
#include "handlers/common/settings.h"

namespace dutybot::shifts {

inline constexpr const char* kRemindPlan = "shift.remind_plan";  // after a shift is planned or changed: decide
inline constexpr const char* kRemind = "shift.remind";           // the evening before
inline constexpr const char* kWeekDigest = "shift.week_digest";  // once a week
// A shift planned after its reminder moment still gets one at once, when it starts later than this.
inline constexpr auto kLateReminderLead = std::chrono::hours{1};

// "18:00", "9:30", "9" → the time of day ("24:00" is the end of a day); nullopt when it is none.
std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text);
// "sun 18:00" (mon … sun, or пн … вс) → the moment; nullopt when it is not one.
std::optional<handlers::WeeklyMoment> parse_weekly_moment(std::string_view text);

// When the reminder for a shift starting at `start` is due: the day before, at the configured time, in `zone`;
// nullopt when reminders are off.
std::optional<TimePoint> reminder_moment(TimePoint start, const date::time_zone* zone,
                                         const handlers::ShiftSettings& settings);
// The first occurrence of `moment` in `zone` strictly after `now`.
TimePoint next_weekly(TimePoint now, const date::time_zone* zone, handlers::WeeklyMoment moment);
// The calendar week (Monday to Monday, in `zone`) after the day of `at`.
std::pair<TimePoint, TimePoint> week_after(TimePoint at, const date::time_zone* zone);
// «Сегодня», «Завтра» or «Послезавтра» for a shift that starts then (in `zone`), else nullopt.
std::optional<std::string> near_day_word(TimePoint start, TimePoint now, const date::time_zone* zone);

}  // namespace dutybot::shifts
