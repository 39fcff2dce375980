#pragma once
// Missed calls (the telephony webhook): who must call back and by when; supervisors when nobody did; «/звонки».
#include "handlers/common/handler.h"

namespace dutybot::handlers {

class CallsHandler final : public Handler {
public:
  static constexpr const char* kAnnounceTimer = "call.announce";  // missed while nobody was paged
  static constexpr const char* kOwnerTimer = "call.owner";
  static constexpr const char* kDeadlineTimer = "call.deadline";

  std::string_view name() const override { return "calls"; }
  void on_call(const CallHook& call, const Context& ctx, Effects& fx) override;
  bool on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) override;
  bool handles_timer(std::string_view kind) const override {
    return kind == kAnnounceTimer || kind == kOwnerTimer || kind == kDeadlineTimer;
  }
  void on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) override;

private:
  void announce(const storage::MissedCall& c, const Context& ctx, Effects& fx);
};

// Lines named z-… belong to nobody: office and technical lines.
bool is_office_line(std::string_view line);

}  // namespace dutybot::handlers
