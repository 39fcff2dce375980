#pragma once
// Every sentence the calls capability says, in one place.
#include <string>

namespace dutybot::calls::texts {

inline std::string call_line(const std::string& number, const std::string& line, const std::string& at) {
  return number + (line.empty() ? "" : " на линию " + line) + " в " + at;
}
inline std::string to_assistant(const std::string& call, const std::string& until) {
  return "📞 Пропущенный звонок: " + call + ". Перезвоните, пожалуйста, до " + until + ".";
}
inline std::string to_owner(const std::string& call) {
  return "📞 Вам звонили: " + call + ". Если не перезвоните в течение часа, звонок передам дежурному.";
}
inline std::string owner_missed(const std::string& owner, const std::string& call, const std::string& until) {
  return "📞 " + owner + " не перезвонил(а) за час: " + call + ". Перезвоните, пожалуйста, до " + until + ".";
}
inline std::string late(const std::string& call, const std::string& on_duty) {
  return "⚠️ Не перезвонили вовремя: " + call + ". " + on_duty;
}
inline std::string nobody_on_duty(const std::string& call) {
  return "⚠️ Пропущенный звонок, а дежурного нет: " + call + ".";
}

}  // namespace dutybot::calls::texts
