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

inline handlers::FittedWaits nudge(const std::vector<storage::Wait>& waits, std::int64_t total, TimePoint now) {
  return handlers::fit_waits("Клиенты ждут ответа в чатах стран:", waits, total, now, "\nОтветьте, пожалуйста.");
}

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
