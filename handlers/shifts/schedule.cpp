#include "handlers/shifts/schedule.h"

#include <algorithm>

#include <sstream>

#include "core/zone_time.h"
#include "handlers/common/text_util.h"
#include "handlers/shifts/reminders.h"

namespace dutybot::shifts {

std::optional<date::local_days> parse_day(std::string_view word, TimePoint now, const date::time_zone* zone) {
  const date::local_days today = local_day(now, zone);
  const std::string w = text::fold(word);
  if (w == "сегодня") return today;
  if (w == "завтра") return today + date::days{1};
  if (w == "послезавтра") return today + date::days{2};
  if (const int wd = text::weekday_of(w); wd >= 0)
    return today + (date::weekday{static_cast<unsigned>(wd)} - date::weekday{today});
  int d = 0, m = 0, y = 0;
  char dot1 = 0, dot2 = 0;
  std::istringstream in(w);
  in >> d >> dot1 >> m;
  if (in.fail() || dot1 != '.' || d <= 0 || m <= 0) return std::nullopt;
  if (in >> dot2 >> y) {
    if (dot2 != '.') return std::nullopt;
    if (y < 100) y += 2000;
  }
  in >> std::ws;
  if (!in.eof()) return std::nullopt;
  const bool year_named = y != 0;
  if (!year_named) y = int(date::year_month_day(today).year());
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  // «05.01» written in December is next January's.
  if (!year_named && date::local_days(ymd) < today - date::days{60}) ymd = ymd + date::years{1};
  if (!ymd.ok()) return std::nullopt;
  return date::local_days(ymd);
}

TimePoint at(date::local_days day, std::chrono::minutes time, const date::time_zone* zone) {
  return from_local(date::local_seconds(day) + time, zone);
}

std::string hours(TimePoint from, TimePoint to, const date::time_zone* zone) {
  return text::hh_mm(from, zone) + "–" + text::hh_mm(to, zone);
}

std::string day(TimePoint t, const date::time_zone* zone) {
  return text::weekday_short(t, zone) + " " + text::dd_mm(t, zone);
}

std::string span(TimePoint from, TimePoint to, const date::time_zone* zone) {
  return day(from, zone) + " " + hours(from, to, zone);
}

std::string shift_key(const std::string& user_id, TimePoint start) {
  return user_id + "@" + std::to_string(to_unix_ms(start));
}

std::optional<std::pair<std::string, TimePoint>> parse_shift_key(const std::string& key) {
  auto at = key.rfind('@');
  if (at == std::string::npos) return std::nullopt;
  try {
    return std::make_pair(key.substr(0, at), from_unix_ms(std::stoll(key.substr(at + 1))));
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<std::string> shift_problem(const storage::BotStore& store, const std::string& user_id, TimePoint start,
                                         TimePoint end) {
  if (end <= start) return "конец смены не позже начала";
  for (const auto& s : store.shifts_of(user_id, start, end))
    if (s.start != start) return "пересекается с другой сменой этого сотрудника";
  return std::nullopt;
}

namespace {

// Arms (or, when already past, cancels) the timers of a shift planned as (user_id, start) ending at `end`.
void arm_timers(const std::string& user_id, TimePoint start, TimePoint end, TimePoint now,
                const handlers::ShiftSettings& s, std::vector<storage::Change>& out) {
  const std::string key = shift_key(user_id, start);
  const std::string payload = std::to_string(to_unix_ms(end));
  auto arm = [&](const char* kind, TimePoint due) {
    if (due > now)
      out.emplace_back(storage::ArmTimer{kind, key, due, payload});
    else
      out.emplace_back(storage::CancelTimer{kind, key});
  };
  arm(kPreStart, start - s.pre_start);
  arm(kStart, std::max(start, now + std::chrono::milliseconds(1)));  // a shift already under way starts now
  if (end <= now) out.back() = storage::CancelTimer{kStart, key};
  arm(kPreEnd, end - s.pre_end);
  out.emplace_back(storage::ArmTimer{kGapScan, "all", now, ""});   // runs once this change is stored
  out.emplace_back(storage::ArmTimer{kRemindPlan, key, now, ""});  // the reminder ahead, or its correction
}

void cancel_timers(const std::string& user_id, TimePoint start, std::vector<storage::Change>& out) {
  const std::string key = shift_key(user_id, start);
  for (const char* kind : {kPreStart, kStart, kPreEnd, kRemindPlan, kRemind})
    out.emplace_back(storage::CancelTimer{kind, key});
}

}  // namespace

std::vector<storage::Change> put_shift(const std::string& user_id, TimePoint start, TimePoint end, TimePoint now,
                                       const handlers::ShiftSettings& s) {
  std::vector<storage::Change> out{storage::PutShift{user_id, start, end}};
  arm_timers(user_id, start, end, now, s, out);
  return out;
}

std::vector<storage::Change> remove_shift(const std::string& user_id, TimePoint start) {
  std::vector<storage::Change> out{storage::RemoveShift{user_id, start}};
  cancel_timers(user_id, start, out);
  out.emplace_back(storage::ArmTimer{kGapScan, "all", TimePoint{}, ""});
  return out;
}

std::vector<storage::Change> hand_over(const storage::Shift& shift, TimePoint from, TimePoint to,
                                       const std::string& taker, TimePoint now, const handlers::ShiftSettings& s) {
  std::vector<storage::Change> out;
  cancel_timers(shift.user_id, shift.start, out);
  if (from <= shift.start && to >= shift.end) {
    out.emplace_back(storage::MoveShift{shift.id, taker, shift.start, shift.end});
    arm_timers(taker, shift.start, shift.end, now, s, out);
    return out;
  }
  std::vector<std::pair<TimePoint, TimePoint>> kept;  // what its person keeps: before and after the part
  if (shift.start < from) kept.emplace_back(shift.start, from);
  if (to < shift.end) kept.emplace_back(to, shift.end);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const auto [start, end] = kept[i];
    if (i == 0)
      out.emplace_back(storage::MoveShift{shift.id, shift.user_id, start, end});
    else
      out.emplace_back(storage::PutShift{shift.user_id, start, end});
    arm_timers(shift.user_id, start, end, now, s, out);
  }
  out.emplace_back(storage::PutShift{taker, from, to});
  arm_timers(taker, from, to, now, s, out);
  return out;
}

std::vector<std::pair<TimePoint, TimePoint>> schedule_gaps(const storage::BotStore& store,
                                                           const handlers::Coverage& coverage,
                                                           const date::time_zone* zone, TimePoint from, TimePoint to) {
  std::vector<std::pair<TimePoint, TimePoint>> planned;
  for (const auto& s : store.shifts_between(from, to)) planned.emplace_back(s.start, s.end);  // by start
  return coverage.gaps(from, to, zone, planned);
}

std::vector<storage::Change> arm_gap_warnings(const storage::BotStore& store, const handlers::Settings& settings,
                                              TimePoint now) {
  std::vector<storage::Change> out;
  for (auto [start, end] : schedule_gaps(store, settings.coverage, settings.zone, now, now + kGapHorizon)) {
    if (start <= now || end - start < std::chrono::minutes(1)) continue;
    const std::string key = std::to_string(to_unix_ms(start));
    const std::string payload = std::to_string(to_unix_ms(end));
    if (start - std::chrono::hours(24) > now)
      out.emplace_back(storage::ArmTimer{kGapDay, key, start - std::chrono::hours(24), payload});
    if (start - std::chrono::hours(1) > now)
      out.emplace_back(storage::ArmTimer{kGapHour, key, start - std::chrono::hours(1), payload});
  }
  return out;
}

}  // namespace dutybot::shifts
