#pragma once
// Every sentence the requests capability says, in one place.
#include <string>
#include <string_view>

#include "core/protocol.h"

namespace dutybot::requests::texts {

inline std::string status_label(std::string_view status) {
  if (status == "new") return "«новая»";
  if (status == "in_progress") return "«в работе»";
  if (status == "waiting_client") return "«ждём клиента»";
  if (status == "booked") return "«забронирована»";
  if (status == "closed") return "«закрыта»";
  return "«" + std::string(status) + "»";
}
inline std::string new_site_request(const std::string& line, const std::string& quote, const std::string& until,
                                    const std::string& advice) {
  return "📝 Новая заявка с сайта " + line + ":\n«" + quote + "»\nПозвоните клиенту до " + until +
         ", узнайте, что ему нужно, и запишите это в «Напоминание».\n" + advice;
}
inline std::string new_site_request_nobody(const std::string& line, const std::string& quote) {
  return "⚠️ Новая заявка с сайта " + line + ", а дежурного нет. Клиенту нужно позвонить:\n«" +
         quote + "»";
}
inline std::string still_new(const std::string& line, const std::string& waited) {
  return "⏰ Заявка " + line + " всё ещё в статусе «новая» — прошло " + waited + ". Позвоните клиенту и смените статус.";
}
inline std::string escalate(const std::string& line, const std::string& waited, const std::string& on_duty) {
  return "⚠️ Заявке с сайта " + line + " уже " + waited +
         ", а клиенту так и не позвонили (статус «новая»). " + on_duty;
}
inline std::string note_empty(const std::string& line, const std::string& status) {
  return "✍️ Заявка " + line + " в статусе " + status +
         ", а в «Напоминании» ничего не написано. Запишите, что узнали от клиента и какой следующий шаг "
         "(«+» вместо пояснений ставить нельзя).";
}
// "заявка r-7, клиент Иван → эксперт Борис" (names stay in the nominative: no declension guesses)
inline std::string question_line(const std::string& request_id, const std::string& client, const std::string& expert) {
  return "заявка " + request_id + ", клиент " + client + " → эксперт " + expert;
}
inline std::string expert_topic(const std::string& line, const std::string& reasons, const std::string& quote) {
  return "💬 Сообщение эксперту: " + line + " (" + reasons + "):\n«" + quote +
         "»\nТакие вопросы — дежурному: ответьте клиенту в заявке.";
}
inline std::string expert_silent(const std::string& line, const std::string& waited, const std::string& quote) {
  return "💬 Сообщение эксперту: " + line + " — эксперт не отвечает " + waited + ":\n«" + quote +
         "»\nОтветьте клиенту в заявке.";
}
inline std::string expert_nobody(const std::string& client, const std::string& request_id, const std::string& quote) {
  return "⚠️ Сообщение клиента эксперту ждёт ответа, а дежурного "
         "нет: " +
         client + ", заявка " + request_id + ":\n«" + quote + "»";
}
// The handbook's prohibition 3, to the supervisors at once and as the report's evidence (the role noun
// «дежурный» carries the verb's gender, so no guess about the person's is needed).
inline std::string self_assigned(const std::string& line, const std::string& at) {
  return "заявку " + line + " в " + at + " дежурный передал себе как эксперту";
}
inline std::string self_assigned_alert(const std::string& name, const std::string& line, const std::string& at) {
  return "⚠️ Самоназначение на дежурстве: заявку " + line + " в " + at +
         " дежурный передал себе как эксперту (" + name + "). Правила это запрещают; в отчёте смены это нарушение.";
}
// Prohibition 1, as far as the bot can see it: a request moved forward while older new ones wait.
inline std::string new_ones_first(const std::string& waiting) {
  return "Сначала новые запросы: " + waiting +
         ". Пока они ждут, подбором тура другому клиенту не занимайтесь — позвоните этим клиентам.";
}
inline std::string out_of_order(const std::string& line, const std::string& status, const std::string& at,
                                const std::string& waiting) {
  return "заявка " + line + " переведена в " + status + " в " + at + ", когда ждали новые: " + waiting;
}
inline std::string suggest_service(const std::string& why) {
  return "Предложите услугу «Подбор отдыха» (предоплата 3000 ₽): " + why +
         ".";
}
inline std::string skip_service(const std::string& why) {
  return "Услугу «Подбор отдыха» не предлагайте: " + why + ".";
}

}  // namespace dutybot::requests::texts
