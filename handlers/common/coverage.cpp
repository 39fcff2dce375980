#include "handlers/common/coverage.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "core/zone_time.h"

namespace dutybot::handlers {
namespace {

std::chrono::minutes parse_clock(const std::string& s, const std::string& whole) {
  int h = -1, m = -1;
  char colon = 0;
  std::istringstream in(s);
  in >> h >> colon >> m;
  if (in.fail() || colon != ':' || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0))
    throw std::runtime_error("coverage.hours: '" + whole + "' is not HH:MM-HH:MM");
  return std::chrono::hours(h) + std::chrono::minutes(m);
}

int weekday_index(const std::string& key) {
  static const char* names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  for (int i = 0; i < 7; ++i)
    if (key == names[i]) return i;
  return -1;
}

}  // namespace

Coverage Coverage::from_spec(const std::map<std::string, std::vector<std::string>>& hours,
                             const std::vector<std::string>& holidays) {
  Coverage c;
  c.always_ = hours.empty();
  std::array<bool, 7> named{};
  std::vector<std::pair<std::chrono::minutes, std::chrono::minutes>> daily;
  for (const auto& [key, ranges] : hours) {
    int wd = key == "daily" ? 7 : weekday_index(key);
    if (wd < 0) throw std::runtime_error("coverage.hours: unknown day '" + key + "' (use mon…sun or daily)");
    auto& into = wd == 7 ? daily : c.ranges_[wd];
    if (wd < 7) named[wd] = true;
    for (const auto& r : ranges) {
      auto dash = r.find('-');
      if (dash == std::string::npos) throw std::runtime_error("coverage.hours: '" + r + "' is not HH:MM-HH:MM");
      auto from = parse_clock(r.substr(0, dash), r), to = parse_clock(r.substr(dash + 1), r);
      if (to <= from) throw std::runtime_error("coverage.hours: '" + r + "' ends before it starts");
      into.emplace_back(from, to);
    }
  }
  for (int d = 0; d < 7; ++d)  // "daily" fills the weekdays not named on their own
    if (!named[d]) c.ranges_[d] = daily;
  for (const auto& h : holidays) {
    std::istringstream in(h);
    date::local_days day;
    in >> date::parse("%F", day);
    if (in.fail()) throw std::runtime_error("coverage.holidays: '" + h + "' is not YYYY-MM-DD");
    c.holidays_.insert(day);
  }
  if (c.always_ && !c.holidays_.empty()) {
    // Holidays on an always-covered schedule: every other day is covered all day.
    c.always_ = false;
    for (auto& r : c.ranges_) r = {{std::chrono::minutes(0), std::chrono::hours(24)}};
  }
  return c;
}

bool Coverage::covers(TimePoint t, const date::time_zone* zone) const {
  if (always_) return true;
  auto local = to_local(t, zone);
  auto day = date::floor<date::days>(local);
  if (holidays_.count(day)) return false;
  auto since_midnight = std::chrono::duration_cast<std::chrono::minutes>(local - day);
  for (const auto& [from, to] : ranges_[date::weekday(day).c_encoding()])
    if (since_midnight >= from && since_midnight < to) return true;
  return false;
}

std::optional<TimePoint> Coverage::next_start(TimePoint t, const date::time_zone* zone) const {
  if (covers(t, zone)) return t;
  auto local = to_local(t, zone);
  auto day = date::floor<date::days>(local);
  for (int i = 0; i < 15; ++i, day += date::days{1}) {
    if (holidays_.count(day)) continue;
    std::optional<date::local_seconds> best;
    for (const auto& [from, to] : ranges_[date::weekday(day).c_encoding()]) {
      date::local_seconds start = day + from;
      if (start > local && (!best || start < *best)) best = start;
    }
    if (best) return from_local(*best, zone);
  }
  return std::nullopt;
}

}  // namespace dutybot::handlers

namespace dutybot::handlers {

std::vector<std::pair<TimePoint, TimePoint>> Coverage::windows(TimePoint from, TimePoint to,
                                                               const date::time_zone* zone) const {
  std::vector<std::pair<TimePoint, TimePoint>> out;
  if (from >= to) return out;
  if (always_) return {{from, to}};
  for (auto day = local_day(from, zone); day <= local_day(to, zone); day += date::days{1}) {
    if (holidays_.count(day)) continue;
    auto ranges = ranges_[date::weekday(day).c_encoding()];
    std::sort(ranges.begin(), ranges.end());
    for (const auto& [a, b] : ranges) {
      TimePoint start = std::max(from, from_local(day + a, zone)), end = std::min(to, from_local(day + b, zone));
      if (start >= end) continue;
      if (!out.empty() && out.back().second >= start)
        out.back().second = std::max(out.back().second, end);
      else
        out.emplace_back(start, end);
    }
  }
  return out;
}

std::vector<std::pair<TimePoint, TimePoint>> Coverage::gaps(
    TimePoint from, TimePoint to, const date::time_zone* zone,
    const std::vector<std::pair<TimePoint, TimePoint>>& busy) const {
  std::vector<std::pair<TimePoint, TimePoint>> out;
  for (auto [a, b] : windows(from, to, zone)) {
    TimePoint cursor = a;
    for (const auto& [start, end] : busy) {  // by start
      if (end <= cursor || start >= b) continue;
      if (start > cursor) out.emplace_back(cursor, start);
      cursor = std::max(cursor, end);
      if (cursor >= b) break;
    }
    if (cursor < b) out.emplace_back(cursor, b);
  }
  return out;
}

}  // namespace dutybot::handlers
