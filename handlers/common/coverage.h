#pragma once
// When someone must be on duty: hours per weekday in the team's zone, minus holidays. Default: always.
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <date/tz.h>

#include "core/clock.h"

namespace dutybot::handlers {

class Coverage {
public:
  Coverage() = default;  // always
  // hours: weekday ("mon".."sun", or "daily") → ranges "HH:MM-HH:MM" (24:00 allowed as an end);
  // a weekday absent when hours are given is not covered. holidays: "YYYY-MM-DD". Throws with the reason.
  static Coverage from_spec(const std::map<std::string, std::vector<std::string>>& hours,
                            const std::vector<std::string>& holidays);

  bool always() const { return always_; }
  bool covers(TimePoint t, const date::time_zone* zone) const;
  // The first moment at or after t when coverage begins (t itself if covered); nullopt when never in 14 days.
  std::optional<TimePoint> next_start(TimePoint t, const date::time_zone* zone) const;
  // The covered stretches of [from, to), in order.
  std::vector<std::pair<TimePoint, TimePoint>> windows(TimePoint from, TimePoint to, const date::time_zone* zone) const;
  // The covered stretches of [from, to) that none of `busy` (stretches sorted by start) covers, in order.
  std::vector<std::pair<TimePoint, TimePoint>> gaps(TimePoint from, TimePoint to, const date::time_zone* zone,
                                                    const std::vector<std::pair<TimePoint, TimePoint>>& busy) const;

private:
  bool always_ = true;
  std::array<std::vector<std::pair<std::chrono::minutes, std::chrono::minutes>>, 7> ranges_;  // by c_encoding
  std::set<date::local_days> holidays_;
};

}  // namespace dutybot::handlers
