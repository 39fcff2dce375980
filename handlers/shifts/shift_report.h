#pragma once
// The end of a duty: the report in the staff chat and the handover (who is next, or a warning to supervisors).
#include "handlers/handler.h"

namespace dutybot::shifts {

// Figures of a shift, computed from what the store recorded between since and until.
struct ShiftFigures {
  std::chrono::milliseconds duration{0};
  std::int64_t received = 0;
  std::int64_t answered = 0;
  std::optional<std::chrono::milliseconds> median, p90, max;
  std::int64_t waiting_now = 0;
  std::int64_t nudges = 0;
  std::int64_t escalations = 0;
  storage::BotStore::CallStats calls;
};

ShiftFigures shift_figures(const storage::BotStore& store, const std::string& user_id, TimePoint since,
                           TimePoint until);
// Nearest-rank percentile of an ascending list; nullopt for an empty one.
std::optional<std::chrono::milliseconds> percentile(const std::vector<std::chrono::milliseconds>& sorted, double q);

// Adds the report and the handover for `duty` ending at ctx.now.
void report_end_of_duty(const storage::Duty& duty, const handlers::Context& ctx, handlers::Effects& fx);

}  // namespace dutybot::shifts
