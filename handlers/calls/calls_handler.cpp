#include "handlers/calls/calls_handler.h"

#include "handlers/calls/calls_texts.h"
#include "handlers/common/on_duty.h"
#include "handlers/common/text_util.h"

namespace dutybot::handlers {
namespace {

std::string describe(const storage::MissedCall& c, const Context& ctx) {
  return calls::texts::call_line(c.from_number, c.to_line, text::hh_mm(c.missed_at, ctx.settings.zone));
}

}  // namespace

bool is_office_line(std::string_view line) { return line.starts_with("z-"); }

void CallsHandler::on_call(const CallHook& call, const Context& ctx, Effects& fx) {
  // Timers run from the call's time, or from the webhook's arrival when the time lies ahead.
  const TimePoint at = std::min(call.ts, ctx.now);
  if (call.kind != CallHook::Kind::missed) {
    auto open = ctx.store.open_calls_from(call.from);
    if (open.empty()) return;
    fx.changes.emplace_back(storage::ReturnCalls{call.from, at, std::string(to_string(call.kind))});
    for (const auto& c : open) {
      fx.changes.emplace_back(storage::CancelTimer{kOwnerTimer, c.call_id});
      fx.changes.emplace_back(storage::CancelTimer{kDeadlineTimer, c.call_id});
    }
    return;
  }
  if (ctx.store.open_call(call.call_id)) return;
  storage::MissedCall c{call.call_id, call.from, call.to_line, call.to_user, at, "assistant", std::nullopt};
  const bool personal = call.to_user && !is_office_line(call.to_line) && ctx.store.person(*call.to_user);
  if (personal) {
    c.stage = "owner";
    fx.changes.emplace_back(storage::OpenCall{c});
    fx.changes.emplace_back(storage::ArmTimer{kOwnerTimer, c.call_id, at + ctx.settings.calls.owner_grace, ""});
    fx.direct("call.owner", *call.to_user, calls::texts::to_owner(describe(c, ctx)));
    return;
  }
  // Outside coverage hours with nobody on duty nobody is paged: the 15 minutes start when coverage begins.
  const auto quiet = quiet_until(ctx);
  const TimePoint deadline = (quiet ? *quiet : at) + ctx.settings.calls.callback;
  c.deadline = deadline;
  fx.changes.emplace_back(storage::OpenCall{c});
  fx.changes.emplace_back(storage::ArmTimer{kDeadlineTimer, c.call_id, deadline, ""});
  if (quiet)
    fx.changes.emplace_back(storage::ArmTimer{kAnnounceTimer, c.call_id, *quiet, ""});
  else
    announce(c, ctx, fx);
}

void CallsHandler::announce(const storage::MissedCall& c, const Context& ctx, Effects& fx) {
  tell_on_duty("call.missed", calls::texts::to_assistant(describe(c, ctx), text::hh_mm(*c.deadline, ctx.settings.zone)),
               calls::texts::nobody_on_duty(describe(c, ctx)), ctx, fx);
}

void CallsHandler::on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) {
  auto c = ctx.store.open_call(t.key);
  if (!c) return;                             // returned since
  if (wait_for_coverage(t, ctx, fx)) return;  // nobody to page before coverage begins
  if (t.kind == kAnnounceTimer) {
    announce(*c, ctx, fx);
    return;
  }
  if (t.kind == kOwnerTimer) {
    if (c->stage != "owner") return;
    const TimePoint deadline = ctx.now + ctx.settings.calls.callback;
    fx.changes.emplace_back(storage::HandCallToAssistant{c->call_id, deadline});
    fx.changes.emplace_back(storage::ArmTimer{kDeadlineTimer, c->call_id, deadline, ""});
    auto owner = c->to_user ? ctx.store.person(*c->to_user) : std::nullopt;
    const std::string who = owner ? owner->name : "Адресат";
    tell_on_duty("call.handed",
                 calls::texts::owner_missed(who, describe(*c, ctx), text::hh_mm(deadline, ctx.settings.zone)),
                 calls::texts::nobody_on_duty(describe(*c, ctx)), ctx, fx);
    return;
  }
  // The deadline passed with no callback: supervisors are told, once.
  tell_supervisors("call.late", calls::texts::late(describe(*c, ctx), on_duty_now(ctx)), ctx, fx);
  fx.changes.emplace_back(storage::MarkCallEscalated{c->call_id, ctx.now});
}

bool CallsHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  if (m.edited_ts || m.chat.kind == proto::ChatKind::country || !proto::is_staff(m.from.role)) return false;
  auto cmd = text::command(m.text);
  if (!cmd || cmd->name != "/звонки") return false;
  // Up to kItemsInList lines, which the engine splits between lines into as many messages as it takes; the count
  // is of every open call, and those not listed are said to be there.
  auto open = ctx.store.open_calls(text::kItemsInList);
  if (open.empty()) {
    fx.reply(m, "calls.list", "Пропущенных звонков без ответа нет.");
    return true;
  }
  const std::int64_t total = ctx.store.open_call_count();
  std::string out = "Пропущенные звонки без ответа (" + std::to_string(total) + "), первые — самые давние:";
  for (const auto& c : open) {
    out += "\n• " + describe(c, ctx) + ", ждёт " + text::duration_ru(ctx.now - c.missed_at);
    if (c.stage == "owner" && c.to_user) out += " (звонили: " + ctx.name_of(*c.to_user) + ")";
  }
  out += text::more_newest(total - static_cast<std::int64_t>(open.size()));
  fx.reply(m, "calls.list", out);
  return true;
}

}  // namespace dutybot::handlers
