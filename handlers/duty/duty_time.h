#pragma once
// Reads the end of a duty from a «Дежурю до …» message: text, now, zone → end time or why it can't be read.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <date/tz.h>

#include "core/clock.h"

namespace dutybot::duty {

inline constexpr auto kMaxDutyAhead = std::chrono::days{7};

// What the message says about duty, before any time is read.
enum class Intent {
  none,         // not a first-person declaration
  declaration,  // «дежурю до …»
  no_end,       // «дежурю» with no «до …»
};

struct DutyEnd {
  TimePoint end;
  const date::time_zone* zone = nullptr;
  bool zone_named = false;    // the message named the zone («мск», «по Самаре»)
  std::string zone_named_as;  // how the bot names it back after «по»: «Самаре»; empty when not named
};

struct DutyTimeError {
  enum class Kind { no_time, vague, day_without_time, impossible, past, too_far, not_understood };
  Kind kind;
  std::string reason;   // Russian, shown to the author: what was not understood, quoted
  std::string example;  // a form that would have worked
};

using DutyTimeReading = std::variant<DutyEnd, DutyTimeError>;

// Finds a declaration in a whole message (any case, е/ё alike, words around it).
Intent classify_duty_message(std::string_view message);

// Reads the end of a duty from a whole message that classify_duty_message calls a declaration.
// `zone` is the author's zone (the default, and what «по местному» names); «по Самаре», «мск» name others
// (handlers/duty/zones.ru.tsv). Every word of the end phrase is understood, or the reading is an error.
DutyTimeReading read_duty_end(std::string_view message, TimePoint now, const date::time_zone* zone);

// The example of a readable form, shown with every error.
std::string_view duty_example();

}  // namespace dutybot::duty
