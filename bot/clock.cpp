#include "bot/clock.h"

#include <date/date.h>

#include <sstream>

namespace dutybot {

TimePoint SystemClock::now() const {
  return std::chrono::time_point_cast<milliseconds>(std::chrono::system_clock::now());
}

std::string format_utc(TimePoint t) { return date::format("%FT%TZ", t); }

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

}  // namespace dutybot
