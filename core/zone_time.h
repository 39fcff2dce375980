#pragma once
// Instants and the wall clock of a time zone, both ways: the one conversion every capability uses.
#include <optional>
#include <string_view>

#include <date/tz.h>

#include "core/clock.h"

namespace dutybot {

// The wall-clock time at t in the zone, to the second.
inline date::local_seconds to_local(TimePoint t, const date::time_zone* zone) {
  return date::make_zoned(zone, std::chrono::time_point_cast<std::chrono::seconds>(t)).get_local_time();
}

// The calendar day at t in the zone.
inline date::local_days local_day(TimePoint t, const date::time_zone* zone) {
  return date::floor<date::days>(to_local(t, zone));
}

// The instant of a wall-clock time in the zone; a time a clock change skips or repeats resolves to the
// earliest instant.
inline TimePoint from_local(date::local_seconds local, const date::time_zone* zone) {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(
      date::make_zoned(zone, local, date::choose::earliest).get_sys_time());
}

// "2026-11-28T09:00[:00]" (or with a space for the T), a wall-clock time in the zone → its instant; nullopt when
// malformed.
std::optional<TimePoint> parse_local(std::string_view text, const date::time_zone* zone);

}  // namespace dutybot
