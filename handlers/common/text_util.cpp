#include "handlers/common/text_util.h"

#include <array>
#include <unordered_map>

#include "core/protocol.h"
#include "core/utf8.h"
#include "core/zone_time.h"

namespace dutybot::text {

namespace {
std::vector<std::string> split_words(std::string_view folded) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < folded.size();) {
    const auto [cp, n] = utf8::next(folded, i);
    if (utf8::is_letter_or_digit(cp)) {
      cur.append(folded.substr(i, n));
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
    i += n;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}
}  // namespace

// Every handler asks about the same message in turn (is it a closer, a duty, a question about waits, …), each
// with the words of the same folded text: the last answer is kept, so a message is split once, not per question.
std::vector<std::string> words(std::string_view folded) {
  thread_local std::string last_text;
  thread_local std::vector<std::string> last_words;
  if (folded != last_text) {
    last_words = split_words(folded);
    last_text.assign(folded);
  }
  return last_words;
}

Phrase phrase(std::string_view pattern) {
  Phrase out;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    std::size_t end = pattern.find(' ', pos);
    if (end == std::string_view::npos) end = pattern.size();
    std::string_view token = pattern.substr(pos, end - pos);
    pos = end + 1;
    const bool star = !token.empty() && token.back() == '*';
    if (star) token.remove_suffix(1);
    auto parts = words(fold(token));
    for (std::size_t i = 0; i < parts.size(); ++i) out.push_back({parts[i], star && i + 1 == parts.size()});
  }
  return out;
}

bool contains(const std::vector<std::string>& ws, const Phrase& p) {
  if (p.empty() || p.size() > ws.size()) return false;
  auto matches = [](const PhraseWord& pw, const std::string& w) {
    return pw.prefix ? w.starts_with(pw.text) : w == pw.text;
  };
  for (std::size_t i = 0; i + p.size() <= ws.size(); ++i) {
    std::size_t k = 0;
    while (k < p.size() && matches(p[k], ws[i + k])) ++k;
    if (k == p.size()) return true;
  }
  return false;
}

bool has_phrase(std::string_view folded, std::string_view p) {
  // The phrases asked about are the code's own constants: each is folded and split once.
  thread_local std::unordered_map<std::string, Phrase> phrases;
  auto found = phrases.find(std::string(p));
  if (found == phrases.end()) found = phrases.emplace(std::string(p), phrase(p)).first;
  return contains(words(folded), found->second);
}

std::string excerpt(std::string_view text, std::size_t max_chars) {
  std::string cut = utf8::truncate(text, max_chars);
  return cut.size() < text.size() ? cut + "…" : cut;
}

std::string more_newest(std::int64_t left_out) {
  return left_out > 0 ? "\n…и ещё " + std::to_string(left_out) + ", самые новые" : "";
}

std::optional<Command> command(std::string_view message) {
  std::size_t i = 0;
  while (i < message.size() && (message[i] == ' ' || message[i] == '\n' || message[i] == '\t')) ++i;
  if (i >= message.size() || message[i] != '/') return std::nullopt;
  std::size_t end = message.find_first_of(" \n\t", i);
  std::string name = fold(message.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
  if (auto at = name.find('@'); at != std::string::npos) name.resize(at);
  while (!name.empty() && (name.back() == '?' || name.back() == '!' || name.back() == '.')) name.pop_back();
  if (name.size() < 2) return std::nullopt;
  std::string args;
  if (end != std::string_view::npos) {
    args = std::string(message.substr(end));
    auto b = args.find_first_not_of(" \n\t");
    args = b == std::string::npos ? "" : args.substr(b);
    while (!args.empty() && (args.back() == ' ' || args.back() == '\n')) args.pop_back();
  }
  return Command{name, args};
}

std::string hh_mm(TimePoint t, const date::time_zone* zone) { return date::format("%H:%M", to_local(t, zone)); }

std::string weekday_short(date::local_days day) {
  static const std::array<const char*, 7> names = {"вс", "пн", "вт", "ср", "чт", "пт", "сб"};
  return names[date::weekday(day).c_encoding()];
}

std::string weekday_short(TimePoint t, const date::time_zone* zone) { return weekday_short(local_day(t, zone)); }

std::string dd_mm(TimePoint t, const date::time_zone* zone) { return date::format("%d.%m", to_local(t, zone)); }

std::string end_phrase(TimePoint end, TimePoint now, const date::time_zone* zone, std::string_view after_time) {
  auto end_day = local_day(end, zone);
  auto today = local_day(now, zone);
  // 00:00 is the end of the previous day; name the day people think of.
  std::string when = hh_mm(end, zone);
  auto days_ahead = (end_day - today).count();
  std::string day_word;
  if (when == "00:00" && days_ahead >= 1) {
    when = "24:00";
    --days_ahead;
    end_day -= date::days{1};
  }
  if (days_ahead == 1)
    day_word = " завтра";
  else if (days_ahead == 2)
    day_word = " послезавтра";
  return "до " + when + day_word + std::string(after_time) + ", " + weekday_short(end_day) + " " +
         date::format("%d.%m", end_day);
}

std::string duration_ru(std::chrono::milliseconds d) {
  auto total_min = std::chrono::duration_cast<std::chrono::minutes>(d).count();
  if (total_min < 1) return "меньше минуты";
  auto h = total_min / 60, m = total_min % 60;
  if (h == 0) return std::to_string(m) + " мин";
  if (m == 0) return std::to_string(h) + " ч";
  return std::to_string(h) + " ч " + std::to_string(m) + " мин";
}

int weekday_of(std::string_view w) {
  struct Form {
    const char* stem;
    int wd;
  };
  static const std::array<Form, 7> stems = {
      {{"понедельн", 1}, {"вторник", 2}, {"сред", 3}, {"четверг", 4}, {"пятниц", 5}, {"суббот", 6}, {"воскресен", 0}}};
  static const std::array<Form, 13> shorts = {{{"пн", 1},
                                               {"вт", 2},
                                               {"ср", 3},
                                               {"чт", 4},
                                               {"пт", 5},
                                               {"сб", 6},
                                               {"вс", 0},
                                               {"пон", 1},
                                               {"втр", 2},
                                               {"чтв", 4},
                                               {"птн", 5},
                                               {"суб", 6},
                                               {"вскр", 0}}};
  for (const auto& s : shorts)
    if (w == s.stem) return s.wd;
  for (const auto& s : stems)
    if (w.starts_with(s.stem)) return s.wd;
  return -1;
}

}  // namespace dutybot::text
