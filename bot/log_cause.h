#pragma once
// The cause the engine is handling (an event, a call, a timer), for the log lines written meanwhile: the JSON log
// (--log-format json) adds it to each line as the fields seq, cause and type.
#include <cstdint>
#include <string_view>

namespace dutybot {

// What is being handled; the views must outlive the LogCauseScope that holds them.
struct LogCause {
  std::int64_t seq = 0;   // an event's seq; 0 for calls and timers
  std::string_view id;    // the event id, the call's dedupe id, or the timer's kind:key
  std::string_view type;  // "message", "request", …, "call", "timer"
};

// Makes `cause` this thread's current one while alive; the previous one (if any) comes back after.
class LogCauseScope {
public:
  explicit LogCauseScope(const LogCause& cause);
  ~LogCauseScope();
  LogCauseScope(const LogCauseScope&) = delete;
  LogCauseScope& operator=(const LogCauseScope&) = delete;

private:
  const LogCause* previous_;
};

// This thread's current cause; nullptr outside any handling.
const LogCause* current_log_cause();

}  // namespace dutybot
