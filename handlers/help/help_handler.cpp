#include "handlers/help/help_handler.h"

#include "handlers/common/text_util.h"

namespace dutybot::handlers {

bool HelpHandler::on_message(const proto::MessageEvent& m, const Context&, Effects& fx) {
  if (m.edited_ts || m.chat.kind == proto::ChatKind::country) return false;
  auto cmd = text::command(m.text);
  const bool asked = cmd && (cmd->name == "/помощь" || cmd->name == "/help" || cmd->name == "/start");
  // In the staff chat only «/помощь» is answered; in a direct chat, anything nobody else took.
  if (m.chat.kind == proto::ChatKind::staff && !(asked && proto::is_staff(m.from.role))) return false;
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
           "• /ожидают или «что ждёт ответа?» — клиенты, которым ещё не ответили\n"
           "• «беру» в ответ на напоминание или «беру Турцию» — взять клиентов себе (дежурный)\n"
           "• /звонки — пропущенные звонки, на которые ещё не перезвонили\n"
           "• /заявки — новые заявки и сообщения клиентов экспертам, которые ждут дежурного\n"
           "• /график — смены на сегодня и завтра\n"
           "• /календарь — ваши смены в календаре телефона (личная ссылка; «/календарь новый» заменит её)\n"
           "• /смена u-anna 28.11 09:00-21:00, /смена отмена u-anna 28.11 09:00 — изменить график (руководитель)\n"
           "• /правила — правила дежурства и штрафы\n"
           "• /запреты — что ассистенту нельзя\n"
           "• /обязанности — обязательные действия\n"
           "• /эксперт — кому нужна услуга «Подбор отдыха» (3000 ₽)\n"
           "• /чеклист — проверки в начале и в конце смены\n"
           "• /панель — ссылка для входа в веб-панель дежурств (руководитель)\n"
           "• /помощь — этот список");
  return true;
}

}  // namespace dutybot::handlers
