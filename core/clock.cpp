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

namespace {

// The protocol's own form, "2026-11-27T11:00:00Z" or "…:00.123Z", read without a stream: every event carries one,
// and the stream-based reader below cost more than the rest of decoding. Anything else: nullopt, and the general
// reader decides.
std::optional<TimePoint> parse_protocol_utc(std::string_view s) {
  if (s.size() != 20 && s.size() != 24) return std::nullopt;
  auto digits = [&](std::size_t at, std::size_t n) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s.back() != 'Z')
    return std::nullopt;
  const int year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  const int hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  int millis = 0;
  if (s.size() == 24) {
    if (s[19] != '.') return std::nullopt;
    millis = digits(20, 3);
  }
  if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 ||
      second > 59 || millis < 0)
    return std::nullopt;
  const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                 date::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  return TimePoint{date::sys_days{ymd}} + hours{hour} + minutes{minute} + seconds{second} + milliseconds{millis};
}

}  // namespace

std::optional<TimePoint> parse_utc(std::string_view text) {
  if (auto t = parse_protocol_utc(text)) return t;
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
