#include "bot/log_cause.h"

namespace dutybot {
namespace {

thread_local const LogCause* current = nullptr;

}  // namespace

LogCauseScope::LogCauseScope(const LogCause& cause) : previous_(current) { current = &cause; }

LogCauseScope::~LogCauseScope() { current = previous_; }

const LogCause* current_log_cause() { return current; }

}  // namespace dutybot
