#pragma once
// Time types used everywhere, and the injectable clock that timer logic reads "now" from.
#include <chrono>
#include <optional>
#include <string>

namespace dutybot {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// Source of the current time; production reads the system clock, tests move a manual one.
class Clock {
public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// The wall clock.
class SystemClock final : public Clock {
public:
  TimePoint now() const override;
};

// A clock that only moves when told: every timer rule is tested with it.
class ManualClock final : public Clock {
public:
  explicit ManualClock(TimePoint start) : now_(start) {}
  TimePoint now() const override { return now_; }
  void set(TimePoint t) { now_ = t; }
  void advance(milliseconds d) { now_ += d; }

private:
  TimePoint now_;
};

// RFC 3339 UTC with milliseconds, e.g. 2026-11-27T11:00:00.123Z.
std::string format_utc(TimePoint t);
// Parses RFC 3339 / ISO-8601 with 'Z' or a numeric offset; nullopt when malformed.
std::optional<TimePoint> parse_utc(std::string_view text);

inline std::int64_t to_unix_ms(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint from_unix_ms(std::int64_t ms) { return TimePoint{milliseconds{ms}}; }

}  // namespace dutybot
