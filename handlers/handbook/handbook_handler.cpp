#include "handlers/handbook/handbook_handler.h"

#include "handlers/common/handbook.h"
#include "handlers/common/text_util.h"

namespace dutybot::handlers {

bool HandbookHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  if (m.edited_ts || m.chat.kind == proto::ChatKind::country) return false;
  auto cmd = text::command(m.text);
  if (!cmd) return false;
  const handbook::Handbook& hb = ctx.handbook();
  std::string answer;
  if (cmd->name == "/правила")
    answer = hb.rules;
  else if (cmd->name == "/запреты")
    answer = hb.prohibitions;
  else if (cmd->name == "/обязанности")
    answer = hb.duties;
  else if (cmd->name == "/эксперт")
    answer = hb.expert;
  else if (cmd->name == "/чеклист")
    answer = hb.checklist_start + "\n\n" + hb.checklist_end;
  else
    return false;
  if (!proto::is_staff(m.from.role)) {
    if (m.chat.kind != proto::ChatKind::direct) return false;
    fx.reply(m, "handbook.client", "Эта команда — для сотрудников OnlineTur.");
    return true;
  }
  fx.reply(m, "handbook.answer", answer);
  return true;
}

}  // namespace dutybot::handlers
