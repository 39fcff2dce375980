#include "handlers/common/duty_lifecycle.h"

#include "handlers/common/duty_report.h"
#include "handlers/common/wait_lines.h"

namespace dutybot::handlers::duties {

void begin(const std::string& user_id, TimePoint end, const std::string& chat_id, const std::string& declared_by,
           Effects& fx) {
  fx.changes.emplace_back(storage::SetDuty{user_id, end, chat_id, declared_by});
  fx.changes.emplace_back(storage::ArmTimer{kDutyEnd, user_id, end, ""});
}

void withdraw(const std::string& declared_by, const std::string& user_id, Effects& fx) {
  fx.changes.emplace_back(storage::CancelDutyDeclaredBy{declared_by});
  fx.changes.emplace_back(storage::CancelTimer{kDutyEnd, user_id});
}

void end_now(const storage::Duty& duty, const Context& ctx, Effects& fx) {
  fx.changes.emplace_back(storage::EndDuty{duty.user_id});
  fx.changes.emplace_back(storage::CancelTimer{kDutyEnd, duty.user_id});
  report::report_end_of_duty(duty, ctx, fx);
}

void on_end_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) {
  auto duty = ctx.store.duty_row(t.key);
  if (!duty || duty->ends_at != t.due) return;  // moved or ended since
  fx.changes.emplace_back(storage::EndDuty{duty->user_id});
  report::report_end_of_duty(*duty, ctx, fx);
}

void hand_over_waits(const std::string& user_id, const Context& ctx, Effects& fx) {
  auto waits = ctx.store.open_waits(kWaitsListed);
  if (waits.empty()) return;
  FittedWaits handover = waits_handover(waits, ctx.store.open_wait_count(), ctx.now);
  fx.direct("waits.handover", user_id, std::move(handover.text));
  fx.messages.back().waits = handover.shown;  // a «беру» in reply to it takes the clients it lists, as for a nudge
  fx.changes.emplace_back(storage::Notified{user_id, "handover", handover.shown.size(), ctx.now});
  fx.changes.emplace_back(storage::MarkWaitsNotified{std::move(handover.shown), false, ctx.now});
}

}  // namespace dutybot::handlers::duties
