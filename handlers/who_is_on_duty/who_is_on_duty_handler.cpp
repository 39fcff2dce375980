#include "handlers/who_is_on_duty/who_is_on_duty_handler.h"

#include "handlers/common/text_util.h"

namespace dutybot::handlers {

bool is_who_is_on_duty_question(std::string_view message) {
  if (auto cmd = text::command(message))
    return cmd->name == "/дежурный" || cmd->name == "/дежурные" || cmd->name == "/duty" || cmd->name == "/кто";
  auto f = text::fold(message);
  for (const char* p :
       {"кто дежурит", "кто сейчас дежурит", "кто сегодня дежурит", "кто на дежурстве", "кто сейчас на дежурстве",
        "кто дежурный", "кто сейчас дежурный", "кто дежурная", "кто у нас дежурит", "кто щас дежурит"})
    if (text::has_phrase(f, p)) return true;
  return false;
}

std::string describe_duties(const std::vector<storage::Duty>& duties, TimePoint now, const date::time_zone* zone) {
  if (duties.empty()) return "Сейчас никто не дежурит.";
  auto line = [&](const storage::Duty& d) {
    return d.name + " — " + text::end_phrase(d.ends_at, now, zone) + " (ещё " + text::duration_ru(d.ends_at - now) +
           ")";
  };
  if (duties.size() == 1) return "Сейчас дежурит " + line(duties.front()) + ".";
  std::string out = "Сейчас дежурят:";
  for (const auto& d : duties) out += "\n• " + line(d);
  return out;
}

bool WhoIsOnDutyHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  if (!proto::is_staff(m.from.role)) return false;
  if (m.chat.kind == proto::ChatKind::country) return false;  // clients read country chats
  if (m.edited_ts) return false;                              // an edited question was answered already
  if (!is_who_is_on_duty_question(m.text)) return false;
  fx.reply(m, "who.answer", describe_duties(ctx.store.active_duties(ctx.now), ctx.now, ctx.zone_of(m.from.id)));
  return true;
}

}  // namespace dutybot::handlers
