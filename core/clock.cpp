#include "core/clock.h"

#include <sstream>

#include <date/date.h>

#include "core/zone_time.h"

namespace dutybot {

TimePoint SystemClock::now() const {
  return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
}

std::string format_utc(TimePoint t) { return date::format("%FT%TZ", t); }

// date::parse trips GCC 12's -Wmaybe-uninitialized inside <chrono> (a known false positive on date.h's
// `long double S`): silenced here, where it arises, for the two readers below and nowhere else.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

std::optional<TimePoint> parse_utc(std::string_view text) {
  for (const char* fmt : {"%FT%T%Ez", "%FT%TZ", "%FT%T%z"}) {
    std::istringstream in{std::string(text)};
    TimePoint t;
    in >> date::parse(fmt, t);
    if (!in.fail()) {
      in.peek();
      if (in.eof()) return t;
    }
  }
  return std::nullopt;
}

std::optional<TimePoint> parse_local(std::string_view text, const date::time_zone* zone) {
  std::string t(text);
  if (t.size() > 10 && t[10] == ' ') t[10] = 'T';
  for (const char* fmt : {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"}) {
    std::istringstream in(t);
    date::local_seconds local;
    in >> date::parse(fmt, local);
    if (!in.fail() && (in.peek(), in.eof())) return from_local(local, zone);
  }
  return std::nullopt;
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace dutybot
