#pragma once
// Every sentence the unanswered-messages capability says, in one place.
#include <string>
#include <vector>

#include "handlers/common/wait_lines.h"

namespace dutybot::unanswered::texts {

using handlers::lines;
using handlers::on_duty_line;

// At most this many waits are listed in one answer to «/ожидают» (over as many messages as it takes).
inline constexpr int kWaitsInList = 200;

// `claimed`: the waits someone else took with «беру», and who.
inline handlers::FittedWaits nudge(const std::vector<storage::Wait>& waits, std::int64_t total, TimePoint now,
                                   const std::map<std::int64_t, std::string>* claimed = nullptr) {
  return handlers::fit_waits("Клиенты ждут ответа в чатах стран:", waits, total, now,
                             "\nОтветьте, пожалуйста. Берёте клиента — ответьте «беру» на это сообщение.", claimed);
}

inline std::string claimed_note(const std::string& name) { return " — взял(а) " + name; }
inline std::string claim_taken(const std::vector<std::string>& chats, std::chrono::seconds claim) {
  std::string s = "Записал за вами: ";
  for (std::size_t i = 0; i < chats.size(); ++i) s += (i ? ", " : "") + chats[i];
  return s + ". Другим дежурным я не напоминаю о них " + text::duration_ru(claim) +
         "; клиенты ждут, пока вы не ответите в чате.";
}
inline std::string claim_already(const std::vector<std::string>& taken) {
  std::string s = "Уже взяли: ";
  for (std::size_t i = 0; i < taken.size(); ++i) s += (i ? "; " : "") + taken[i];
  return s + ".";
}
inline constexpr const char* kClaimNothing = "Брать некого: этим клиентам уже ответили.";
inline constexpr const char* kClaimNoChat =
    "Не понял, каких клиентов вы берёте. Ответьте «беру» на моё напоминание "
    "или напишите, например, «беру Турцию».";
inline constexpr const char* kClaimNotOnDuty =
    "Брать клиентов может только дежурный: сначала напишите «Дежурю до …» в «Эксперты - общение».";

inline handlers::FittedWaits escalation(const std::vector<storage::Wait>& waits, std::int64_t total, TimePoint now,
                                        const std::string& on_duty) {
  return handlers::fit_waits("⚠️ Клиенты долго ждут ответа:", waits, total, now,
                             "\n" + on_duty);
}

inline handlers::FittedWaits digest(const std::vector<storage::Wait>& waits, std::int64_t total, TimePoint now) {
  return handlers::fit_waits(
      "Пока никто не дежурил, без ответа остались вопросы клиентов (" + std::to_string(total) + "):", waits, total,
      now);
}

// The answer to «/ожидают»: every wait up to kWaitsInList, oldest first; the engine splits it between lines into as
// many messages as it takes.
inline std::string list(const std::vector<storage::Wait>& waits, std::int64_t total, TimePoint now) {
  if (waits.empty()) return "Все клиенты получили ответ — ничего не ждёт.";
  return "Ждут ответа (" + std::to_string(total) + "), дольше всех — первые:" + lines(waits, now) +
         text::more_newest(total - static_cast<std::int64_t>(waits.size()));
}

}  // namespace dutybot::unanswered::texts
