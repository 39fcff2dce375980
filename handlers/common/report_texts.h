#pragma once
// Every sentence of a duty's report and of the supervisors' deduction message, in one place.
#include <cstdint>
#include <string>

namespace dutybot::report::texts {

// The phone check before the shift, as the report says it.
inline std::string phone_checked(const std::string& at) { return "Телефон проверен в " + at + "."; }
inline std::string phone_problem(const std::string& at, const std::string& words) {
  return "Проблема с телефоном в " + at + " — передано руководителю: «" + words + "».";
}
inline std::string phone_unconfirmed() { return "Проверка телефона не подтверждена."; }
inline std::string nobody_next(const std::string& at) {
  return "⚠️ С " + at + " никто не дежурит: следующей смены нет.";
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
inline std::string claim_line(const std::string& chat, const std::string& client, const std::string& claimed_by,
                              const std::string& answered_by) {
  return chat + " — " + client + ": взял(а) " + claimed_by +
         (answered_by.empty() ? ", пока без ответа" : ", ответил(а) " + answered_by);
}
inline std::string rub(std::int64_t v) { return std::to_string(v) + " ₽"; }

}  // namespace dutybot::report::texts
