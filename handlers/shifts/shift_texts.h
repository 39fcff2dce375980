#pragma once
// Every sentence the shifts capability says, in one place.
#include <optional>
#include <string>

#include "storage/changes.h"

namespace dutybot::shifts::texts {

inline std::string pre_start(const std::string& name, const std::string& when, const std::string& checklist,
                             const std::string& phones) {
  return name + ", через 15 минут ваша смена (" + when + ").\n" + checklist + "\nОбщие номера компании: " + phones +
         "\nПроверив телефон, ответьте на это сообщение: «ок» — или что не работает.";
}
// The phone check (the handbook's first pre-shift step): its answers and the reminder at the start.
inline std::string phone_checked(const std::string& at) { return "Спасибо! Записал: телефон проверен в " + at + "."; }
inline std::string phone_passed_on(const std::string& words) {
  return "Передал руководителю: «" + words + "». Пока телефон не работает, держите связь через чат.";
}
inline std::string phone_problem_alert(const std::string& name, const std::string& when, const std::string& words,
                                       const std::string& phones) {
  return "📵 Проблема с телефоном перед сменой: " + name + " (" + when + ") пишет: «" + words +
         "». Общие номера компании: " + phones + ".";
}
inline std::string phone_unclear() {
  return "Не понял ответ про телефон. Если звонок и SMS проходят — ответьте «ок»; если нет — напишите, что не так.";
}
inline std::string phone_already(const std::string& at) { return "Уже записал: телефон проверен в " + at + "."; }
inline std::string phone_reminder(const std::string& phones) {
  return "Смена начинается, а проверки телефона от вас нет. Позвоните на общий номер (" + phones +
         ") и отправьте SMS с рабочего на личный, затем ответьте на это сообщение: «ок» — или что не работает.";
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
inline std::string refused() { return "Менять график может только руководитель."; }
inline std::string shift_usage() {
  return "Не понял смену. Пример: «/смена u-anna 28.11 09:00-21:00», отмена: «/смена отмена u-anna 28.11 09:00».";
}
// The reminder ahead: «Завтра у вас смена 09:00–21:00 (пт 05.12).»; further ahead «У вас смена пн 08.12, 09:00–21:00.»
inline std::string reminder(const std::optional<std::string>& near_day, const std::string& hours,
                            const std::string& day) {
  return near_day ? *near_day + " у вас смена " + hours + " (" + day + ")." : "У вас смена " + day + ", " + hours + ".";
}
inline std::string reminder_changed(const std::string& hours, const std::string& day) {
  return "Изменение в графике: ваша смена " + day + " теперь " + hours + ".";
}
inline std::string reminder_cancelled(const std::string& hours, const std::string& day) {
  return "Изменение в графике: смену " + day + " " + hours + " отменили, в этот день вы не дежурите.";
}
inline std::string week_shifts(const std::string& week, const std::string& lines) {
  return lines.empty() ? "На неделе " + week + " смен у вас нет." : "Ваши смены на неделю " + week + ":" + lines;
}
inline std::string week_gaps(const std::string& week, const std::string& lines) {
  return lines.empty() ? "График на неделю " + week + " закрыт: в рабочие часы дежурят всегда."
                       : "⚠️ Пробелы в графике на неделю " + week +
                             " (в рабочие часы никто не дежурит):" + lines;
}
inline std::string history_usage() { return "Не понял дату. Пример: «/график история 05.12»."; }
// One change in «/график история»: «добавлена смена: Анна 09:00–21:00», «замена: Анна → Ольга 15:00–21:00».
inline std::string history_change(storage::ScheduleChangeKind kind, const std::string& person,
                                  const std::string& previous, const std::string& hours) {
  switch (kind) {
    case storage::ScheduleChangeKind::added:
      return "добавлена смена: " + person + " " + hours;
    case storage::ScheduleChangeKind::changed:
      return "изменена смена: " + person + ", теперь " + hours;
    case storage::ScheduleChangeKind::removed:
      return "убрана смена: " + person + " " + hours;
    case storage::ScheduleChangeKind::covered:
      return "замена: " + previous + " → " + person + " " + hours;
  }
  return hours;
}
inline std::string history(const std::string& day, const std::string& lines) {
  return lines.empty() ? "В графике на " + day + " изменений не было." : "Изменения графика на " + day + ":" + lines;
}
inline std::string gap_warning(const std::string& from, const std::string& to, const std::string& in) {
  return "⚠️ В графике пусто: " + from + " — " + to + " никто не дежурит (начало через " + in + ").";
}

}  // namespace dutybot::shifts::texts
