#pragma once
// Text helpers for reading Russian chat messages and writing the bot's replies.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "core/clock.h"
#include "core/utf8.h"

namespace dutybot::text {

// Case-folds and writes ё as е, so matching ignores case and е/ё (core/utf8.h).
using utf8::fold;

// Splits folded text into words: runs of letters/digits; everything else separates.
std::vector<std::string> words(std::string_view folded);
// A folded word naming a weekday («пятницу», «пт», «птн») as c_encoding (0 = Sunday); -1 when it names none.
int weekday_of(std::string_view word);

// A phrase to look for: words in order, each a whole word or (written with a trailing *) a word's beginning.
struct PhraseWord {
  std::string text;
  bool prefix = false;
};
using Phrase = std::vector<PhraseWord>;
// «оплат* картой» → {оплат*, картой}, folded and split as messages are («что-то» is two words).
Phrase phrase(std::string_view pattern);
// Whether the phrase occurs in the words (of a folded message) as consecutive words.
bool contains(const std::vector<std::string>& words, const Phrase& phrase);

// True when the folded text contains the phrase as whole words (phrase words separated by single spaces).
bool has_phrase(std::string_view folded, std::string_view phrase);

// A slash command at the start of a message: «/смена u-anna 28.11 09:00-21:00» → {"/смена", "u-anna 28.11
// 09:00-21:00"}. The name is folded (lower case, е for ё) and loses a «@botname» suffix; nullopt when the message is no
// command.
struct Command {
  std::string name;
  std::string args;
};
std::optional<Command> command(std::string_view message);

// The text cut to at most max_chars characters, with «…» when something was cut.
std::string excerpt(std::string_view text, std::size_t max_chars);

// The closing line of a list capped at its oldest items: «…и ещё 10, самые новые» (empty when nothing was left out).
std::string more_newest(std::int64_t left_out);
// The most items a list names («/звонки», «/заявки», the end-of-shift check); the engine splits a long text
// between lines into several messages, and more_newest counts the rest.
inline constexpr int kItemsInList = 200;

// "21:00", "пт 27.11", "через 2 ч 15 мин" and friends, in the given zone.
std::string hh_mm(TimePoint t, const date::time_zone* zone);
std::string weekday_short(TimePoint t, const date::time_zone* zone);  // пн … вс
std::string weekday_short(date::local_days day);                      // the same, of a calendar day
std::string dd_mm(TimePoint t, const date::time_zone* zone);          // 27.11
// "до 21:00, пт 27.11" or "до 09:00 завтра, сб 28.11" relative to now; `after_time` goes before the comma
// (" по Самаре (19:00 мск)").
std::string end_phrase(TimePoint end, TimePoint now, const date::time_zone* zone, std::string_view after_time = {});
// "2 ч 15 мин", "40 мин", "меньше минуты".
std::string duration_ru(std::chrono::milliseconds d);

}  // namespace dutybot::text
