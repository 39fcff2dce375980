#pragma once
// What «/календарь» answers, in Russian.
#include <string>

namespace dutybot::handlers::texts {

inline constexpr const char* kCalendarOnlyStaff = "Календарь смен доступен только сотрудникам OnlineTur.";
inline constexpr const char* kCalendarLinkSent = "Отправил ссылку на календарь вам в личные сообщения.";

inline std::string calendar_own_link(const std::string& url, bool renewed) {
  return "Ваши смены для календаря в телефоне: " + url +
         "\nДобавьте её как подписку: в Google Календаре «Другие календари → Добавить по URL», на iPhone «Календари → "
         "Добавить календарь-подписку». Ссылка личная, не пересылайте её." +
         (renewed ? " Старая ссылка больше не работает." : " Если она попала к чужим, «/календарь новый» заменит её.");
}

inline std::string calendar_team_link(const std::string& url) { return "Смены всей команды: " + url; }

}  // namespace dutybot::handlers::texts
