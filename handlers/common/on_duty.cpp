#include "handlers/common/on_duty.h"

#include "handlers/common/wait_lines.h"

namespace dutybot::handlers {

void tell_on_duty(const std::string& purpose, const std::string& body, const std::string& fallback, const Context& ctx,
                  Effects& fx) {
  auto duties = ctx.store.active_duties(ctx.now);
  for (const auto& d : duties) fx.direct(purpose + "." + d.user_id, d.user_id, body);
  if (duties.empty()) tell_supervisors(purpose + ".sup", fallback, ctx, fx);
}

void tell_supervisors(const std::string& purpose, const std::string& body, const Context& ctx, Effects& fx) {
  for (const auto& s : ctx.store.people_with_role(proto::Role::supervisor)) fx.direct(purpose + "." + s.id, s.id, body);
}

std::optional<TimePoint> quiet_until(const Context& ctx) {
  const auto& coverage = ctx.settings.coverage;
  if (coverage.covers(ctx.now, ctx.settings.zone) || !ctx.store.active_duties(ctx.now).empty()) return std::nullopt;
  return coverage.next_start(ctx.now, ctx.settings.zone);
}

bool wait_for_coverage(const storage::DueTimer& t, const Context& ctx, Effects& fx) {
  auto quiet = quiet_until(ctx);
  if (quiet) fx.changes.emplace_back(storage::ArmTimer{t.kind, t.key, *quiet, t.payload});
  return quiet.has_value();
}

std::string on_duty_now(const Context& ctx) {
  std::vector<std::string> names;
  for (const auto& d : ctx.store.active_duties(ctx.now)) names.push_back(d.name);
  return on_duty_line(names);
}

}  // namespace dutybot::handlers
