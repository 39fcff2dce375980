#include "handlers/help/help_handler.h"

#include "handlers/text_util.h"

namespace dutybot::handlers {

bool HelpHandler::on_message(const proto::MessageEvent& m, const Context&, Effects& fx) {
  if (m.chat.kind != proto::ChatKind::direct || m.edited_ts) return false;
  if (!proto::is_staff(m.from.role)) {
    fx.reply(m, "help.client",
             "Здравствуйте! Я служебный бот сотрудников OnlineTur. С вопросом о туре напишите, пожалуйста, в чат "
             "вашей страны — вам ответит дежурный ассистент.");
    return true;
  }
  fx.reply(m, "help.staff",
           "Я дежурный бот. Что я понимаю:\n"
           "• «Дежурю до 21:00» — записываю дежурство (здесь или в «Эксперты - общение»)\n"
           "• «Сдаю дежурство» — закрываю его\n"
           "• «кто дежурит?» или /дежурный — кто сейчас на дежурстве\n"
           "• /ожидают или «что ждёт ответа?» — клиенты, которым ещё не ответили");
  return true;
}

}  // namespace dutybot::handlers
