#pragma once
// Shifts from the schedule: «/смена», «/график», and the timed steps of each shift — the pre-shift check,
// the announcement at the start, the end-of-shift check, the report and handover at the end of every duty,
// and warnings about gaps in the schedule.
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class ShiftsHandler final : public Handler {
public:
  std::string_view name() const override { return "shifts"; }
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
  bool handles_timer(std::string_view kind) const override;
  void on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) override;
};

}  // namespace dutybot::handlers
