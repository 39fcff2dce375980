// libFuzzer target: the duty-time reader never crashes, and every end it accepts is after now, within 7 days.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "handlers/duty/duty_time.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace dutybot;
  static const date::time_zone* zone = date::locate_zone("Europe/Moscow");
  if (size < 2) return 0;
  // The first two bytes pick "now" within a year, so readings are checked at many moments.
  const auto minutes = std::chrono::minutes((data[0] << 8 | data[1]) * 8);
  const TimePoint now = TimePoint{std::chrono::hours(24 * 20785)} + minutes;  // from 2026-11-27
  std::string text = "Дежурю до ";
  text.append(reinterpret_cast<const char*>(data + 2), size - 2);
  (void)duty::classify_duty_message(text);
  auto r = duty::read_duty_end(text, now, zone);
  if (auto* end = std::get_if<duty::DutyEnd>(&r)) {
    if (end->end <= now || end->end - now > duty::kMaxDutyAhead) std::abort();
  } else if (std::get<duty::DutyTimeError>(r).reason.empty()) {
    std::abort();
  }
  return 0;
}
