#pragma once
// Every sentence the shifts capability says, in one place.
#include <cstdint>
#include <string>

namespace dutybot::shifts::texts {

inline std::string pre_start(const std::string& name, const std::string& when, const std::string& checklist,
                             const std::string& phones) {
  return name + ", через 15 минут ваша смена (" + when + ").\n" + checklist + "\nОбщие номера компании: " + phones;
}
inline std::string announcement(const std::string& end, const std::string& name) {
  return "Дежурю " + end + " — " + name + ", по графику.";
}
inline std::string confirm_reminder(const std::string& end) {
  return "Смена началась: я отметил вас дежурным " + end +
         " в «Эксперты - общение». Подтвердите, пожалуйста, — напишите там «Дежурю до …».";
}
inline std::string pre_end(const std::string& name, const std::string& end, const std::string& checklist,
                           const std::string& waits) {
  return name + ", смена заканчивается " + end + ".\n" + checklist + "\n" + waits;
}
inline std::string nobody_next(const std::string& at) { return "⚠️ С " + at + " никто не дежурит: следующей смены нет."; }
inline std::string refused() { return "Менять график может только руководитель."; }
inline std::string shift_usage() {
  return "Не понял смену. Пример: «/смена u-anna 28.11 09:00-21:00», отмена: «/смена отмена u-anna 28.11 09:00».";
}
inline std::string gap_warning(const std::string& from, const std::string& to, const std::string& in) {
  return "⚠️ В графике пусто: " + from + " — " + to + " никто не дежурит (начало через " + in + ").";
}

// ---- breaches and their evidence (the report and the deduction message) ----
inline std::string call_late(const std::string& call, const std::string& deadline, const std::string& returned,
                             const std::string& late_by) {
  return "звонок " + call + ": перезвонили в " + returned + ", срок был " + deadline + " — позже на " + late_by;
}
inline std::string call_missed(const std::string& call, const std::string& deadline) {
  return "звонок " + call + ": не перезвонили (срок был " + deadline + ")";
}
inline std::string request_late(const std::string& request, const std::string& due, const std::string& called,
                                const std::string& late_by) {
  return "заявка " + request + ": позвонить нужно было до " + due + ", статус сменили в " + called + " — позже на " +
         late_by;
}
inline std::string request_missed(const std::string& request, const std::string& due) {
  return "заявка " + request + ": позвонить нужно было до " + due + ", так и не позвонили";
}
inline std::string question_unanswered(const std::string& request, const std::string& client, const std::string& why,
                                       const std::string& since) {
  return "сообщение эксперту в заявке " + request + " (" + client + ", " + why + ") с " + since +
         " осталось без ответа";
}
inline std::string note_missing(const std::string& request) {
  return "заявка " + request + ": «Напоминание» так и не заполнено";
}
inline std::string chat_unanswered(const std::string& chat, const std::string& client, const std::string& since) {
  return "чат «" + chat + "»: " + client + " ждёт ответа с " + since;
}
inline std::string rub(std::int64_t v) { return std::to_string(v) + " ₽"; }

}  // namespace dutybot::shifts::texts
