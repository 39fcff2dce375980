#pragma once
// Who is told about a task: the people on duty now, or the supervisors when nobody is on duty.
#include <optional>
#include <string>
#include <vector>

#include "handlers/common/handler.h"

namespace dutybot::handlers {

// Sends `body` to everyone on duty (purpose.<user id>); with nobody on duty, `fallback` to every supervisor.
void tell_on_duty(const std::string& purpose, const std::string& body, const std::string& fallback, const Context& ctx,
                  Effects& fx);
// Sends `body` to every supervisor in a direct message (purpose.<user id>).
void tell_supervisors(const std::string& purpose, const std::string& body, const Context& ctx, Effects& fx);
// Outside coverage hours with nobody on duty nobody is paged: when paging may resume (coverage's next start);
// nullopt when paging is due now (someone is on duty, coverage is on, or coverage never begins again).
std::optional<TimePoint> quiet_until(const Context& ctx);
// For a due timer whose rule pages someone: when nobody may be paged now, re-arms the timer for when coverage
// begins and returns true.
bool wait_for_coverage(const storage::DueTimer& t, const Context& ctx, Effects& fx);
// «Дежурит: Анна.» or «Сейчас никто не дежурит.», for escalations.
std::string on_duty_now(const Context& ctx);

}  // namespace dutybot::handlers
