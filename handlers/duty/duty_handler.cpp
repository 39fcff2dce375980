#include "handlers/duty/duty_handler.h"

#include "handlers/common/duty_lifecycle.h"
#include "handlers/common/text_util.h"
#include "handlers/duty/duty_texts.h"
#include "handlers/duty/duty_time.h"
#include "handlers/duty/duty_zones.h"

namespace dutybot::handlers {
namespace {

// The end as the author wrote it; in another zone than the team's, named as they named it and with the team's time
// beside it: «до 20:00 по Самаре (19:00 мск), пт 27.11».
std::string end_text(const duty::DutyEnd& e, const Context& ctx) {
  if (e.zone == ctx.settings.zone) return text::end_phrase(e.end, ctx.now, e.zone);
  const auto& names = duty::ZoneNames::builtin();
  const date::time_zone* team = ctx.settings.zone;
  const std::string team_label =
      team->name() == "Europe/Moscow" ? "мск" : "по " + names.name_of(team).value_or(team->name());
  // Named in the message as the author named it; their own zone (from the directory) by the table's name.
  const std::string named_as =
      e.zone_named_as.empty() ? names.name_of(e.zone).value_or(e.zone->name()) : e.zone_named_as;
  return text::end_phrase(e.end, ctx.now, e.zone,
                          duty::texts::other_zone(named_as, text::hh_mm(e.end, team), team_label));
}

bool may_declare_here(const proto::MessageEvent& m) {
  return m.chat.kind == proto::ChatKind::staff || m.chat.kind == proto::ChatKind::direct;
}

}  // namespace

DutyHandler::DutyHandler() { (void)duty::ZoneNames::builtin(); }

bool is_duty_end_phrase(std::string_view message) {
  auto f = text::fold(message);
  for (const char* p : {"сдаю дежурство", "сдал дежурство", "сдала дежурство", "закончил дежурство",
                        "закончила дежурство", "заканчиваю дежурство", "дежурство окончено", "дежурство закончено",
                        "дежурство завершено", "завершаю дежурство"})
    if (text::has_phrase(f, p)) return true;
  return false;
}

void DutyHandler::on_event(const proto::Event& e, const Context& ctx, Effects& fx) {
  const auto* del = std::get_if<proto::MessageDeletedEvent>(&e.body);
  if (!del) return;
  auto d = ctx.store.duty_declared_by(del->id);
  if (!d || d->ends_at <= ctx.now) return;
  duties::withdraw(del->id, d->user_id, fx);
  fx.post("duty.deleted", d->declared_in_chat, duty::texts::deleted_cancelled(d->name));
}

bool DutyHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  const bool edited = m.edited_ts.has_value();
  const auto intent = duty::classify_duty_message(m.text);
  const bool ending = is_duty_end_phrase(m.text);
  const auto declared_here = edited ? ctx.store.duty_declared_by(m.id) : std::nullopt;

  if (intent == duty::Intent::none && !ending) {
    // An edit that took «Дежурю до …» out of a message cancels the duty it declared.
    if (declared_here && declared_here->ends_at > ctx.now) {
      duties::withdraw(m.id, declared_here->user_id, fx);
      fx.reply(m, "duty.edit-cancel", duty::texts::edit_cancelled(m.from.name));
      return true;
    }
    return false;
  }
  if (!proto::is_staff(m.from.role)) {
    // Clients never change duty; in a country chat the bot stays silent, in a direct chat it explains.
    if (m.chat.kind == proto::ChatKind::direct) {
      fx.reply(m, "duty.client", duty::texts::clients_cannot_declare());
      return true;
    }
    return false;
  }
  if (!may_declare_here(m)) return false;

  if (ending && intent == duty::Intent::none) {
    auto current = ctx.store.duty_of(m.from.id, ctx.now);
    if (!current) {
      fx.reply(m, "duty.not-on-duty", duty::texts::not_on_duty(m.from.name));
      return true;
    }
    fx.reply(m, "duty.ended", duty::texts::ended(m.from.name, text::hh_mm(ctx.now, ctx.zone_of(m.from.id))));
    duties::end_now(*current, ctx, fx);
    return true;
  }
  if (intent == duty::Intent::no_end) {
    fx.reply(m, "duty.ask-end", duty::texts::ask_end(duty::duty_example()));
    return true;
  }

  auto reading = duty::read_duty_end(m.text, ctx.now, ctx.zone_of(m.from.id));
  if (const auto* err = std::get_if<duty::DutyTimeError>(&reading)) {
    fx.reply(m, "duty.error", duty::texts::not_read(err->reason, err->example));
    return true;
  }
  const auto& end = std::get<duty::DutyEnd>(reading);
  auto current = ctx.store.duty_of(m.from.id, ctx.now);
  duties::begin(m.from.id, end.end, m.chat.id, m.id, fx);
  const std::string when = end_text(end, ctx);
  if (edited && declared_here) {
    fx.reply(m, "duty.edit-update", duty::texts::edit_updated(m.from.name, when));
  } else if (current && current->ends_at != end.end) {
    fx.reply(m, "duty.moved",
             duty::texts::moved(m.from.name, when, text::end_phrase(current->ends_at, ctx.now, end.zone)));
  } else {
    fx.reply(m, "duty.declared", duty::texts::declared(m.from.name, when));
  }
  // Declared in a direct chat: the staff chat is told, as the handbook wants everyone to know.
  if (m.chat.kind == proto::ChatKind::direct) {
    if (auto staff = ctx.staff_chat_id())
      fx.post("duty.announce", *staff, duty::texts::announced_from_direct(m.from.name, when));
  }
  // Handover: someone taking a duty hears at once what is already waiting.
  if (!edited && !current) duties::hand_over_waits(m.from.id, ctx, fx);
  return true;
}

bool DutyHandler::handles_timer(std::string_view kind) const { return kind == duties::kDutyEnd; }

void DutyHandler::on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) {
  duties::on_end_timer(t, ctx, fx);
}

}  // namespace dutybot::handlers
