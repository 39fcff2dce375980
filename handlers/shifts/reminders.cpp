#include "handlers/shifts/reminders.h"

#include <array>
#include <sstream>

#include "core/zone_time.h"
#include "handlers/common/text_util.h"

namespace dutybot::shifts {

std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text) {
  int h = -1, m = 0;
  char colon = 0;
  std::istringstream in{std::string(text)};
  in >> h;
  if (in.fail()) return std::nullopt;
  if (in >> colon) {
    if (colon != ':' || !(in >> m)) return std::nullopt;
  }
  if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m)) return std::nullopt;
  return std::chrono::hours(h) + std::chrono::minutes(m);
}

std::optional<handlers::WeeklyMoment> parse_weekly_moment(std::string_view text) {
  static const std::array<std::pair<std::string_view, unsigned>, 14> days = {{{"sun", 0},
                                                                              {"mon", 1},
                                                                              {"tue", 2},
                                                                              {"wed", 3},
                                                                              {"thu", 4},
                                                                              {"fri", 5},
                                                                              {"sat", 6},
                                                                              {"вс", 0},
                                                                              {"пн", 1},
                                                                              {"вт", 2},
                                                                              {"ср", 3},
                                                                              {"чт", 4},
                                                                              {"пт", 5},
                                                                              {"сб", 6}}};
  const auto space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string day = text::fold(text.substr(0, space));
  auto time = parse_time_of_day(text.substr(space + 1));
  if (!time) return std::nullopt;
  for (const auto& [name, index] : days)
    if (day == name) return handlers::WeeklyMoment{date::weekday{index}, *time};
  return std::nullopt;
}

std::optional<TimePoint> reminder_moment(TimePoint start, const date::time_zone* zone,
                                         const handlers::ShiftSettings& settings) {
  if (!settings.remind_day_before_at) return std::nullopt;
  const date::local_days day_before = local_day(start, zone) - date::days{1};
  return from_local(date::local_seconds{day_before} + *settings.remind_day_before_at, zone);
}

TimePoint next_weekly(TimePoint now, const date::time_zone* zone, handlers::WeeklyMoment moment) {
  const date::local_days today = local_day(now, zone);
  for (int ahead = 0; ahead <= 7; ++ahead) {
    const date::local_days day = today + date::days{ahead};
    if (date::weekday{day} != moment.day) continue;
    const TimePoint at = from_local(date::local_seconds{day} + moment.time, zone);
    if (at > now) return at;
  }
  return from_local(date::local_seconds{today + date::days{7}} + moment.time, zone);  // not reached
}

std::pair<TimePoint, TimePoint> week_after(TimePoint at, const date::time_zone* zone) {
  date::local_days day = local_day(at, zone) + date::days{1};
  while (date::weekday{day} != date::Monday) day += date::days{1};
  return {from_local(date::local_seconds{day}, zone), from_local(date::local_seconds{day + date::days{7}}, zone)};
}

std::optional<std::string> near_day_word(TimePoint start, TimePoint now, const date::time_zone* zone) {
  const auto days = (local_day(start, zone) - local_day(now, zone)).count();
  if (days == 0) return "Сегодня";
  if (days == 1) return "Завтра";
  if (days == 2) return "Послезавтра";
  return std::nullopt;
}

}  // namespace dutybot::shifts
