#include "handlers/calendar/calendar_handler.h"

#include "handlers/calendar/calendar_feed.h"
#include "handlers/calendar/calendar_texts.h"
#include "handlers/common/text_util.h"

namespace dutybot::handlers {

namespace {

bool is_calendar_command(const text::Command& cmd) {
  return cmd.name == "/календарь" || cmd.name == "/calendar" || cmd.name == "/ics";
}

bool asks_for_new(const std::string& args) {
  const std::string a = text::fold(args);
  return a == "новый" || a == "новая" || a == "new" || a == "заново";
}

}  // namespace

bool CalendarHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  if (m.edited_ts || m.chat.kind == proto::ChatKind::country) return false;
  auto cmd = text::command(m.text);
  if (!cmd || !is_calendar_command(*cmd)) return false;
  if (!proto::is_staff(m.from.role)) {
    fx.reply(m, "calendar.refused", texts::kCalendarOnlyStaff);
    return true;
  }
  const bool renew = asks_for_new(cmd->args);
  // A link is kept (so asking again shows the same one) until the person asks for a new one.
  auto link_of = [&](storage::CalendarScope scope) {
    auto secret = renew ? std::nullopt : ctx.store.calendar_secret(m.from.id, scope);
    if (!secret) {
      secret = ctx.fresh_secret(kCalendarSecretBytes);
      fx.changes.emplace_back(storage::PutCalendarFeed{m.from.id, std::string(to_string(scope)), *secret});
    }
    return *secret;
  };
  const std::string own = link_of(storage::CalendarScope::own);
  fx.messages.push_back(Outgoing{
      "calendar.own", std::nullopt, m.from.id,
      texts::calendar_own_link(calendar::feed_url(ctx.settings.console.public_url, own), renew), std::nullopt, own});
  if (m.from.role == proto::Role::supervisor) {
    const std::string team = link_of(storage::CalendarScope::team);
    fx.messages.push_back(Outgoing{"calendar.team", std::nullopt, m.from.id,
                                   texts::calendar_team_link(calendar::feed_url(ctx.settings.console.public_url, team)),
                                   std::nullopt, team});
  }
  if (m.chat.kind != proto::ChatKind::direct) fx.reply(m, "calendar.sent", texts::kCalendarLinkSent);
  return true;
}

}  // namespace dutybot::handlers
