#pragma once
// Every sentence the unanswered-messages capability says, in one place.
#include <string>
#include <vector>

#include "handlers/text_util.h"
#include "storage/bot_store.h"

namespace dutybot::unanswered::texts {

// "• Турция — Иван, ждёт 12 мин: «Здравствуйте, сколько стоит…»"
inline std::string wait_line(const storage::Wait& w, TimePoint now) {
  std::string first = w.first_text;
  for (auto& c : first)
    if (c == '\n') c = ' ';
  const std::string cut = text::excerpt(first, 60);
  return "• " + w.chat_title + " — " + w.client_name + ", ждёт " + text::duration_ru(now - w.started_at) + ": «" +
         cut + "»";
}

inline std::string lines(const std::vector<storage::Wait>& waits, TimePoint now) {
  std::string out;
  for (const auto& w : waits) out += "\n" + wait_line(w, now);
  return out;
}

inline std::string nudge(const std::vector<storage::Wait>& waits, TimePoint now) {
  return "Клиенты ждут ответа в чатах стран:" + lines(waits, now) + "\nОтветьте, пожалуйста.";
}

inline std::string escalation(const std::vector<storage::Wait>& waits, TimePoint now, const std::string& on_duty) {
  return "⚠️ Клиенты долго ждут ответа:" + lines(waits, now) + "\n" + on_duty;
}

inline std::string on_duty_line(const std::vector<std::string>& names) {
  if (names.empty()) return "Сейчас никто не дежурит.";
  std::string s = names.size() == 1 ? "Дежурит: " : "Дежурят: ";
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s + ".";
}

inline std::string digest(const std::vector<storage::Wait>& waits, TimePoint now) {
  return "Пока никто не дежурил, без ответа остались вопросы клиентов (" + std::to_string(waits.size()) +
         "):" + lines(waits, now);
}

inline std::string handover(const std::vector<storage::Wait>& waits, TimePoint now) {
  return "Вы заступили на дежурство. Уже ждут ответа:" + lines(waits, now);
}

inline std::string list(const std::vector<storage::Wait>& waits, TimePoint now) {
  if (waits.empty()) return "Все клиенты получили ответ — ничего не ждёт.";
  return "Ждут ответа (" + std::to_string(waits.size()) + "), дольше всех — первые:" + lines(waits, now);
}

}  // namespace dutybot::unanswered::texts
