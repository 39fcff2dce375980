#pragma once
// Every sentence the duty capability says, in one place.
#include <string>

namespace dutybot::duty::texts {

inline std::string declared(const std::string& name, const std::string& end) {
  return name + ", записал: вы дежурите " + end + ".";
}
inline std::string moved(const std::string& name, const std::string& end, const std::string& old_end) {
  return name + ", перенёс конец дежурства: теперь " + end + " (было " + old_end + ").";
}
inline std::string announced_from_direct(const std::string& name, const std::string& end) {
  return name + " дежурит " + end + ".";
}
inline std::string not_read(const std::string& reason, std::string_view example) {
  return "Не записал дежурство: " + reason + ". Напишите, например, " + std::string(example) + ".";
}
inline std::string ask_end(std::string_view example) {
  return "До какого времени вы дежурите? Напишите, например, " + std::string(example) + ".";
}
inline std::string ended(const std::string& name, const std::string& at) {
  return name + ", дежурство закрыто в " + at + ". Спасибо!";
}
inline std::string not_on_duty(const std::string& name) { return name + ", вы сейчас не дежурите — закрывать нечего."; }
inline std::string edit_updated(const std::string& name, const std::string& end) {
  return name + ", сообщение изменено — теперь вы дежурите " + end + ".";
}
inline std::string edit_cancelled(const std::string& name) {
  return name + ", в исправленном сообщении нет «Дежурю до …» — дежурство отменено.";
}
inline std::string deleted_cancelled(const std::string& name) {
  return name + ", вы удалили «Дежурю до …» — дежурство отменено.";
}
inline std::string clients_cannot_declare() { return "Записывать дежурства могут только сотрудники OnlineTur."; }
// After the time of a duty in another zone than the team's: « по Самаре (19:00 мск)».
inline std::string other_zone(const std::string& named_as, const std::string& team_time,
                              const std::string& team_label) {
  return " по " + named_as + " (" + team_time + " " + team_label + ")";
}

}  // namespace dutybot::duty::texts
