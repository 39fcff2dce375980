#pragma once
// What the bot says about the web console, in one place.
#include <string>

namespace dutybot::handlers::texts {

inline std::string console_link(const std::string& url, long long minutes) {
  return "Вход в панель дежурств: " + url + "\nСсылка одноразовая и действует " + std::to_string(minutes) +
         " мин. Не пересылайте её: по ней входят от вашего имени.";
}
inline constexpr const char* kConsoleOnlySupervisors = "Панель дежурств доступна только руководителям.";
inline constexpr const char* kConsoleLinkSent = "Отправил ссылку для входа вам в личные сообщения.";

}  // namespace dutybot::handlers::texts
