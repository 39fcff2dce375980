#pragma once
// Every sentence of cover requests («Подмените меня 05.12»), in one place. Names stay in the nominative («Анна →
// Ольга») and verbs in the present, so no sentence needs to know a person's gender or decline a name.
#include <string>

namespace dutybot::shifts::cover_texts {

// `part`: «пт 05.12 15:00–21:00».
inline std::string posted(const std::string& requester, const std::string& part) {
  return "🔁 " + requester + " ищет замену: " + part + ". Кто возьмёт — ответьте «беру» на это сообщение.";
}
inline std::string asked_in_staff_chat(const std::string& part) {
  return "Попросил замену в общем чате сотрудников: " + part + ". Напишу, когда кто-то возьмёт.";
}
inline std::string usage() {
  return "На какой день нужна замена? Например: «Подмените меня 05.12», «Ищу замену на пятницу 15:00–21:00» или "
         "«/замена 05.12 15:00-21:00».";
}
inline std::string bad_hours() {
  return "Не понял часы. Напишите так: «/замена 05.12 15:00-21:00» (или без часов — вся смена).";
}
inline std::string no_shift(const std::string& day) { return "У вас нет смены на " + day + " — подменять нечего."; }
inline std::string outside_shift(const std::string& shift, const std::string& hours) {
  return "Ваша смена — " + shift + ", часы " + hours + " выходят за неё.";
}
inline std::string over() { return "Эта смена уже прошла."; }
inline std::string under_way() { return "Эта смена уже идёт — замену на неё ищет руководитель, напишите ему."; }
inline std::string already_asked(const std::string& part) {
  return "Вы уже ищете замену на " + part + " — жду, кто возьмёт.";
}
inline std::string no_staff_chat() { return "Не нашёл общий чат сотрудников, где попросить замену."; }
inline std::string for_staff_only() { return "Замены — для сотрудников OnlineTur."; }

inline std::string taken_already(const std::string& taker) { return "Уже подменяет " + taker + ", спасибо."; }
inline std::string awaiting_already(const std::string& taker) {
  return "Эту смену уже берёт " + taker + ", ждём согласования руководителя. Спасибо!";
}
inline std::string not_needed() { return "Эта замена уже не нужна, спасибо."; }
inline std::string declined_already() { return "Эту замену руководитель не согласовал."; }
inline std::string own_shift() { return "Это ваша же смена."; }
inline std::string taker_role() { return "Подменять смену может ассистент или руководитель."; }
inline std::string taker_busy(const std::string& their) {
  return "У вас в это время своя смена (" + their + ") — взять не получится.";
}
inline std::string shift_gone() { return "Этой смены в графике уже нет — замена закрыта."; }
inline std::string too_late() { return "Смена уже началась — менять её поздно, напишите руководителю."; }

inline std::string awaiting_approval(const std::string& taker) {
  return "Спасибо, " + taker + "! Жду согласования руководителя.";
}
inline std::string approval_request(const std::string& requester, const std::string& part, const std::string& taker) {
  return "Замена в графике: " + requester + " → " + taker + ", " + part +
         ". Ответьте на это сообщение «согласовано» или «нет».";
}
inline std::string approval_usage() { return "Ответьте «согласовано» или «нет»."; }
inline std::string decided_already() { return "По этой замене уже решено."; }
inline std::string approval_only_supervisor() { return "Согласовывает замены руководитель."; }

// Done: to the staff chat, the requester, the taker and each supervisor.
inline std::string done_in_chat(const std::string& requester, const std::string& taker, const std::string& part) {
  return "✅ Замена: " + requester + " → " + taker + ", " + part + ". График обновил.";
}
inline std::string done_to_requester(const std::string& taker, const std::string& part, const std::string& kept) {
  return "Вас подменяет " + taker + ": " + part + "." +
         (kept.empty() ? std::string() : " Ваша смена в этот день теперь " + kept + ".");
}
inline std::string done_to_taker(const std::string& part) {
  return "Смена " + part + " теперь ваша — спасибо, что подменяете!";
}
inline std::string done_to_supervisor(const std::string& requester, const std::string& taker, const std::string& part) {
  return "Замена в графике: " + requester + " → " + taker + ", " + part + ".";
}
inline std::string approved_reply() { return "Согласовано, график обновил."; }

inline std::string declined_reply() { return "Отклонил замену."; }
inline std::string declined_in_chat(const std::string& requester, const std::string& part) {
  return "Замену не согласовали: " + requester + ", " + part + ".";
}
inline std::string declined_to_requester(const std::string& part) {
  return "Руководитель не согласовал замену на " + part + " — смена остаётся за вами.";
}
inline std::string declined_to_taker(const std::string& part) {
  return "Руководитель не согласовал замену на " + part + ". Спасибо, что откликнулись!";
}

inline std::string cancelled_reply(const std::string& part) { return "Отменил просьбу о замене: " + part + "."; }
inline std::string cancelled_in_chat(const std::string& requester, const std::string& part) {
  return "Замена больше не нужна: " + requester + ", " + part + ".";
}
inline std::string nothing_to_cancel() { return "Открытых просьб о замене у вас нет."; }
inline std::string cancel_not_yours() { return "Отменить замену может тот, кто её просил, или руководитель."; }
inline std::string cancel_too_late() { return "Замена уже состоялась — поменять график может руководитель."; }

inline std::string unclaimed(const std::string& requester, const std::string& part, const std::string& in) {
  return "⚠️ Замену пока никто не взял: " + requester + ", " + part + " (начало через " + in +
         ").";
}

}  // namespace dutybot::shifts::cover_texts
