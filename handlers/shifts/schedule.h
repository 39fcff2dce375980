#pragma once
// The planned schedule's rules, shared by the chat commands and `dutybot schedule import`: what a shift's
// addition or removal changes (timers included), overlaps, and the gaps the schedule leaves.
#include <optional>
#include <string>
#include <vector>

#include "handlers/common/handler.h"

namespace dutybot::shifts {

inline constexpr const char* kPreStart = "shift.pre_start";
inline constexpr const char* kStart = "shift.start";
inline constexpr const char* kPreEnd = "shift.pre_end";
inline constexpr const char* kGapDay = "gap.day";
inline constexpr const char* kGapHour = "gap.hour";
inline constexpr const char* kGapScan = "gap.scan";  // after a schedule change, and twice a day
inline constexpr auto kGapHorizon = std::chrono::days{8};
inline constexpr const char* kImportedBy = "import";
// The topic of the pre-shift message and of the phone reminder: a reply to either answers that shift's phone check.
inline constexpr std::string_view kPhoneTopic = "phone:";  // who changed the schedule: `dutybot schedule import`

// A day named in a message, in `zone`: «сегодня», «завтра», «послезавтра», «05.12», «05.12.26», or a weekday
// («пятницу», «пт»: the nearest one from today on); nullopt when the word names none.
std::optional<date::local_days> parse_day(std::string_view word, TimePoint now, const date::time_zone* zone);

// The moment a local time of a day is, in `zone`.
TimePoint at(date::local_days day, std::chrono::minutes time, const date::time_zone* zone);
// «пт 05.12»: the day of a moment; «15:00–21:00» and «пт 05.12 15:00–21:00»: how the bot names a stretch of a shift.
std::string day(TimePoint t, const date::time_zone* zone);
std::string hours(TimePoint from, TimePoint to, const date::time_zone* zone);
std::string span(TimePoint from, TimePoint to, const date::time_zone* zone);

std::string shift_key(const std::string& user_id, TimePoint start);
// Parses a shift_key back; nullopt when malformed.
std::optional<std::pair<std::string, TimePoint>> parse_shift_key(const std::string& key);

// Why a shift cannot be planned, or nullopt: end not after start, or an overlap with the same person's shift.
std::optional<std::string> shift_problem(const storage::BotStore& store, const std::string& user_id, TimePoint start,
                                         TimePoint end);

// The changes that plan a shift (or change its end) and arm its checklist timers.
std::vector<storage::Change> put_shift(const std::string& user_id, TimePoint start, TimePoint end, TimePoint now,
                                       const handlers::ShiftSettings& s);
std::vector<storage::Change> remove_shift(const std::string& user_id, TimePoint start);
// Hands [from, to) of a planned shift to `taker` (the bounds inside the shift). The whole shift keeps its id (its
// calendar event) and only changes person; a part splits it: its person keeps the rest (the first piece keeps the
// id), the taker gets a new shift. Timers move with every piece; reminders follow as corrections.
std::vector<storage::Change> hand_over(const storage::Shift& shift, TimePoint from, TimePoint to,
                                       const std::string& taker, TimePoint now, const handlers::ShiftSettings& s);

// Stretches within coverage, between from and to, that no planned shift covers.
std::vector<std::pair<TimePoint, TimePoint>> schedule_gaps(const storage::BotStore& store,
                                                           const handlers::Coverage& coverage,
                                                           const date::time_zone* zone, TimePoint from, TimePoint to);
// Arms the supervisors' warnings (a day and an hour ahead) for the gaps of the next 8 days.
std::vector<storage::Change> arm_gap_warnings(const storage::BotStore& store, const handlers::Settings& settings,
                                              TimePoint now);

}  // namespace dutybot::shifts
