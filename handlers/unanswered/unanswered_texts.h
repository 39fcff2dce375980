#pragma once
// Every sentence the unanswered-messages capability says, in one place.
#include <string>
#include <vector>

#include "handlers/common/wait_lines.h"

namespace dutybot::unanswered::texts {

using handlers::lines;
using handlers::on_duty_line;

inline std::string nudge(const std::vector<storage::Wait>& waits, TimePoint now) {
  return "Клиенты ждут ответа в чатах стран:" + lines(waits, now) + "\nОтветьте, пожалуйста.";
}

inline std::string escalation(const std::vector<storage::Wait>& waits, TimePoint now, const std::string& on_duty) {
  return "⚠️ Клиенты долго ждут ответа:" + lines(waits, now) + "\n" + on_duty;
}

inline std::string digest(const std::vector<storage::Wait>& waits, TimePoint now) {
  return "Пока никто не дежурил, без ответа остались вопросы клиентов (" + std::to_string(waits.size()) +
         "):" + lines(waits, now);
}

inline std::string list(const std::vector<storage::Wait>& waits, TimePoint now) {
  if (waits.empty()) return "Все клиенты получили ответ — ничего не ждёт.";
  return "Ждут ответа (" + std::to_string(waits.size()) + "), дольше всех — первые:" + lines(waits, now);
}

}  // namespace dutybot::unanswered::texts
