#pragma once
// Answers «кто дежурит?», «/дежурный», «/duty» from staff with everyone on duty now.
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class WhoIsOnDutyHandler final : public Handler {
public:
  std::string_view name() const override { return "who-is-on-duty"; }
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
};

bool is_who_is_on_duty_question(std::string_view message);

// The list of people on duty now, as the bot says it (shared with other capabilities).
std::string describe_duties(const std::vector<storage::Duty>& duties, TimePoint now, const date::time_zone* zone);

}  // namespace dutybot::handlers
