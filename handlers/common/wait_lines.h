#pragma once
// How a waiting client and the people on duty are written in every list the bot posts (nudges, escalations,
// the end-of-shift check, handovers): one line format for all of them.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/protocol.h"
#include "core/utf8.h"

#include "handlers/common/text_util.h"
#include "storage/bot_store.h"

namespace dutybot::handlers {

// At most this many waits are named in one message.
inline constexpr int kWaitsListed = 50;

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

// «…и ещё 12 — /ожидают»: the waits a list had no room for.
inline std::string more_line(std::int64_t hidden) { return "\n…и ещё " + std::to_string(hidden) + " — /ожидают"; }

// A list of waits that fits one message: header, as many lines as fit (oldest first), «…и ещё N — /ожидают» for
// the rest of `total`, footer. Only the waits shown are in `shown`: only they count as told.
struct FittedWaits {
  std::string text;
  std::vector<std::int64_t> shown;
};
// `notes`: a wait's id → what follows its line («, взял(а) Анна»).
inline FittedWaits fit_waits(const std::string& header, const std::vector<storage::Wait>& waits, std::int64_t total,
                             TimePoint now, const std::string& footer = "",
                             const std::map<std::int64_t, std::string>* notes = nullptr) {
  total = std::max<std::int64_t>(total, static_cast<std::int64_t>(waits.size()));
  // Room for the header, the footer and the longest «…и ещё N» line.
  const std::size_t fixed = utf8::length(header) + utf8::length(footer) + utf8::length(more_line(total));
  FittedWaits out;
  out.text = header;
  std::size_t used = fixed;
  for (const auto& w : waits) {
    std::string line = "\n" + wait_line(w, now);
    if (notes)
      if (auto note = notes->find(w.id); note != notes->end()) line += note->second;
    const std::size_t chars = utf8::length(line);
    if (used + chars > proto::kMaxTextChars) break;
    out.text += line;
    used += chars;
    out.shown.push_back(w.id);
  }
  const auto hidden = total - static_cast<std::int64_t>(out.shown.size());
  if (hidden > 0) out.text += more_line(hidden);
  out.text += footer;
  return out;
}

inline std::string on_duty_line(const std::vector<std::string>& names) {
  if (names.empty()) return "Сейчас никто не дежурит.";
  std::string s = names.size() == 1 ? "Дежурит: " : "Дежурят: ";
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s + ".";
}

// To someone who has just taken a duty: what is already waiting.
inline FittedWaits waits_handover(const std::vector<storage::Wait>& waits, std::int64_t total, TimePoint now) {
  return fit_waits("Вы заступили на дежурство. Уже ждут ответа:", waits, total, now);
}

}  // namespace dutybot::handlers
