#pragma once
// How a waiting client and the people on duty are written in every list the bot posts (nudges, escalations,
// the end-of-shift check, handovers): one line format for all of them.
#include <string>
#include <vector>

#include "handlers/common/text_util.h"
#include "storage/bot_store.h"

namespace dutybot::handlers {

// At most this many waits are named in one message.
inline constexpr int kWaitsListed = 50;

// The ids of the waits a message named, to mark them as told.
inline std::vector<std::int64_t> wait_ids(const std::vector<storage::Wait>& waits) {
  std::vector<std::int64_t> ids;
  ids.reserve(waits.size());
  for (const auto& w : waits) ids.push_back(w.id);
  return ids;
}

// "• Турция — Иван, ждёт 12 мин: «Здравствуйте, сколько стоит…»"
inline std::string wait_line(const storage::Wait& w, TimePoint now) {
  std::string first = w.first_text;
  for (auto& c : first)
    if (c == '\n') c = ' ';
  const std::string cut = text::excerpt(first, 60);
  return "• " + w.chat_title + " — " + w.client_name + ", ждёт " + text::duration_ru(now - w.started_at) + ": «" + cut +
         "»";
}

inline std::string lines(const std::vector<storage::Wait>& waits, TimePoint now) {
  std::string out;
  for (const auto& w : waits) out += "\n" + wait_line(w, now);
  return out;
}

inline std::string on_duty_line(const std::vector<std::string>& names) {
  if (names.empty()) return "Сейчас никто не дежурит.";
  std::string s = names.size() == 1 ? "Дежурит: " : "Дежурят: ";
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s + ".";
}

// To someone who has just taken a duty: what is already waiting.
inline std::string waits_handover(const std::vector<storage::Wait>& waits, TimePoint now) {
  return "Вы заступили на дежурство. Уже ждут ответа:" + lines(waits, now);
}

}  // namespace dutybot::handlers
