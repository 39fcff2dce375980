#include "handlers/shifts/shift_report.h"

#include <cmath>

#include "handlers/shifts/shift_texts.h"
#include "handlers/text_util.h"

namespace dutybot::shifts {

std::optional<std::chrono::milliseconds> percentile(const std::vector<std::chrono::milliseconds>& sorted, double q) {
  if (sorted.empty()) return std::nullopt;
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

ShiftFigures shift_figures(const storage::BotStore& store, const std::string& user_id, TimePoint since,
                           TimePoint until) {
  ShiftFigures f;
  f.duration = until - since;
  auto stats = store.wait_stats(since, until);
  f.received = stats.received;
  f.answered = stats.answered;
  f.median = percentile(stats.first_responses, 0.5);
  f.p90 = percentile(stats.first_responses, 0.9);
  if (!stats.first_responses.empty()) f.max = stats.first_responses.back();
  f.waiting_now = static_cast<std::int64_t>(store.open_waits(1000).size());
  f.nudges = store.notifications(user_id, "nudge", since, until);
  f.escalations = store.notifications("staff-chat", "escalation", since, until);
  f.calls = store.call_stats(since, until);
  return f;
}

namespace {
std::string dur(std::optional<std::chrono::milliseconds> d) { return d ? text::duration_ru(*d) : "—"; }
}  // namespace

void report_end_of_duty(const storage::Duty& duty, const handlers::Context& ctx, handlers::Effects& fx) {
  const auto* zone = ctx.settings.zone;
  const TimePoint now = ctx.now;
  const ShiftFigures f = shift_figures(ctx.store, duty.user_id, duty.since, now);
  std::string report = "Итоги дежурства: " + duty.name + ", " + text::hh_mm(duty.since, zone) + "–" +
                       text::hh_mm(now, zone) + " (" + text::duration_ru(f.duration) + ")\n" +
                       "• Вопросов клиентов: " + std::to_string(f.received) + ", отвечено: " +
                       std::to_string(f.answered) + "\n" + "• Первый ответ: медиана " + dur(f.median) + ", 90% — " +
                       dur(f.p90) + ", максимум " + dur(f.max) + "\n" + "• Без ответа сейчас: " +
                       std::to_string(f.waiting_now) + "\n" + "• Напоминаний: " + std::to_string(f.nudges) +
                       ", эскалаций: " + std::to_string(f.escalations) + "\n" +
                       "• Пропущенные звонки: перезвонили вовремя " + std::to_string(f.calls.in_time) +
                       ", с опозданием " + std::to_string(f.calls.late) + ", не перезвонили " +
                       std::to_string(f.calls.not_returned);

  // Handover: who is on duty from now, or who the schedule brings now.
  std::vector<std::string> next;
  for (const auto& d : ctx.store.active_duties(now))
    if (d.user_id != duty.user_id) next.push_back(d.name + " (" + text::end_phrase(d.ends_at, now, zone) + ")");
  if (next.empty())
    for (const auto& s : ctx.store.shifts_between(now, now + std::chrono::minutes(1)))
      if (s.user_id != duty.user_id) next.push_back(s.name + " (по графику, " + text::end_phrase(s.end, now, zone) + ")");
  if (!next.empty()) {
    report += "\nДальше дежурит: ";
    for (std::size_t i = 0; i < next.size(); ++i) report += (i ? ", " : "") + next[i];
    report += ".";
  } else {
    report += "\nДальше никто не дежурит — руководитель предупреждён.";
  }
  if (auto staff = ctx.staff_chat_id()) fx.post("shift.report", *staff, report);
  if (next.empty())
    for (const auto& sup : ctx.store.people_with_role(proto::Role::supervisor))
      fx.direct("shift.nobody." + sup.id, sup.id, texts::nobody_next(text::hh_mm(now, zone)));
}

}  // namespace dutybot::shifts
