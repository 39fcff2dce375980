#pragma once
// Shifts as an iCalendar feed (RFC 5545): what a phone's calendar subscribes to from a «/календарь» link.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "storage/bot_store.h"

namespace dutybot::handlers::calendar {

// The feed covers the last 30 days and the next 90.
inline constexpr std::chrono::days kFeedPast{30};
inline constexpr std::chrono::days kFeedAhead{90};

// What the feed says about itself.
struct FeedInfo {
  std::string name;         // X-WR-CALNAME: «Смены — Анна», «Смены команды OnlineTur»
  std::string zone;         // X-WR-TIMEZONE: the team's IANA zone (times themselves are UTC)
  std::string uid_domain;   // UIDs are shift-<id>@<uid_domain>
  bool with_names = false;  // the team's feed names the person in each event
};

// One VEVENT per shift, with a UID that stays while the shift's end changes and SEQUENCE = its revision; lines
// end in CRLF and are folded at 75 octets without splitting a character.
std::string shifts_ics(const std::vector<storage::Shift>& shifts, const FeedInfo& info, TimePoint now);

// RFC 5545 TEXT escaping (backslash, semicolon, comma, newline).
std::string ics_text(std::string_view text);
// A content line folded at 75 octets (continuations start with a space), ending in CRLF.
std::string ics_line(std::string_view line);

// The link's address: <public_url>/calendar/<secret>.ics
std::string feed_url(std::string_view public_url, std::string_view secret);
// The host of public_url ("https://duty.example.ru:8443/x" → "duty.example.ru"), or "dutybot".
std::string uid_domain(std::string_view public_url);

}  // namespace dutybot::handlers::calendar
