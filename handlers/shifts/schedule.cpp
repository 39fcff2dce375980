#include "handlers/shifts/schedule.h"

#include <algorithm>

#include "handlers/shifts/reminders.h"

namespace dutybot::shifts {

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

std::vector<storage::Change> put_shift(const std::string& user_id, TimePoint start, TimePoint end, TimePoint now,
                                       const handlers::ShiftSettings& s) {
  std::vector<storage::Change> out{storage::PutShift{user_id, start, end}};
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
  return out;
}

std::vector<storage::Change> remove_shift(const std::string& user_id, TimePoint start) {
  const std::string key = shift_key(user_id, start);
  return {storage::RemoveShift{user_id, start},
          storage::CancelTimer{kPreStart, key},
          storage::CancelTimer{kStart, key},
          storage::CancelTimer{kPreEnd, key},
          storage::CancelTimer{kRemindPlan, key},
          storage::CancelTimer{kRemind, key},
          storage::ArmTimer{kGapScan, "all", TimePoint{}, ""}};
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
