#include "handlers/common/duty_report.h"

#include <cmath>

#include "handlers/common/on_duty.h"
#include "handlers/common/report_texts.h"
#include "handlers/common/request_work.h"
#include "handlers/common/text_util.h"

namespace dutybot::report {

inline constexpr std::int64_t kRubPerBreach = 100;

std::optional<std::chrono::milliseconds> percentile(const std::vector<std::chrono::milliseconds>& sorted, double q) {
  if (sorted.empty()) return std::nullopt;
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

namespace {

std::string when(TimePoint t, TimePoint until, const date::time_zone* zone) {
  // A moment on another day than the shift's end carries its date.
  return text::dd_mm(t, zone) == text::dd_mm(until, zone) ? text::hh_mm(t, zone)
                                                          : text::dd_mm(t, zone) + " " + text::hh_mm(t, zone);
}

void count_calls(const storage::BotStore& store, TimePoint since, TimePoint until, const date::time_zone* zone,
                 ShiftFigures& f) {
  for (const auto& c : store.calls_due_between(since, until)) {
    const TimePoint deadline = *c.deadline;
    const std::string call =
        c.from_number + (c.to_line.empty() ? "" : " на " + c.to_line) + " в " + when(c.missed_at, until, zone);
    if (c.returned_at && *c.returned_at <= deadline) {
      ++f.calls.in_time;
    } else if (c.returned_at && *c.returned_at <= until) {
      ++f.calls.late;
      f.breaches.push_back(texts::call_late(call, when(deadline, until, zone), when(*c.returned_at, until, zone),
                                            text::duration_ru(*c.returned_at - deadline)));
    } else {
      ++f.calls.missed;
      f.breaches.push_back(texts::call_missed(call, when(deadline, until, zone)));
    }
  }
}

void count_requests(const storage::BotStore& store, TimePoint since, TimePoint until, const date::time_zone* zone,
                    ShiftFigures& f) {
  for (const auto& r : store.requests_due_between(since, until)) {
    const TimePoint due = *r.call_due;
    if (r.called_at && *r.called_at <= due) {
      ++f.requests.in_time;
    } else if (r.called_at && *r.called_at <= until) {
      ++f.requests.late;
      f.breaches.push_back(texts::request_late(handlers::request_line(r.request), when(due, until, zone),
                                               when(*r.called_at, until, zone), text::duration_ru(*r.called_at - due)));
    } else {
      ++f.requests.missed;
      f.breaches.push_back(texts::request_missed(handlers::request_line(r.request), when(due, until, zone)));
    }
  }
  for (const auto& q : store.questions_handed_between(since, until))
    if (!q.answered_at || *q.answered_at > until)
      f.breaches.push_back(texts::question_unanswered(q.request_id, q.client_name, handlers::reasons_label(q.reason),
                                                      when(*q.handed_at, until, zone)));
  for (const auto& r : store.requests_note_reminded_between(since, until))
    if (!handlers::note_written(r.request.reminder))
      f.breaches.push_back(texts::note_missing(handlers::request_line(r.request)));
}

}  // namespace

ShiftFigures shift_figures(const storage::BotStore& store, const std::string& user_id, TimePoint since, TimePoint until,
                           const date::time_zone* zone) {
  ShiftFigures f;
  f.duration = until - since;
  auto stats = store.wait_stats(since, until);
  f.received = stats.received;
  f.answered = stats.answered;
  f.median = percentile(stats.first_responses, 0.5);
  f.p90 = percentile(stats.first_responses, 0.9);
  if (!stats.first_responses.empty()) f.max = stats.first_responses.back();
  if (auto mine = stats.by_answerer.find(user_id); mine != stats.by_answerer.end()) f.answered_by_them = mine->second;
  const auto waiting = store.open_waits(1000);
  f.waiting_now = static_cast<std::int64_t>(waiting.size());
  for (const auto& w : waiting)
    if (w.started_at < until)
      f.unanswered_at_end.push_back(
          texts::chat_unanswered(w.chat_title, w.client_name, when(w.started_at, until, zone)));
  for (const auto& c : store.claims_between(since, until))
    f.claims.push_back(texts::claim_line(c.chat_title, c.client_name, c.claimed_by, c.answered_by));
  f.nudges = store.notifications(user_id, "nudge", since, until);
  f.escalations = store.notifications("staff-chat", "escalation", since, until);
  count_calls(store, since, until, zone, f);
  count_requests(store, since, until, zone, f);
  // The check of a shift that started around this duty (a duty declared early starts before its shift).
  if (auto check = store.phone_check_between(user_id, since - std::chrono::hours(2), until)) {
    switch (check->status) {
      case storage::PhoneCheckStatus::ok:
        f.phone = texts::phone_checked(when(*check->answered_at, until, zone));
        break;
      case storage::PhoneCheckStatus::problem:
        f.phone = texts::phone_problem(when(*check->answered_at, until, zone), check->words);
        break;
      case storage::PhoneCheckStatus::asked:
        f.phone = texts::phone_unconfirmed();
        break;
    }
  }
  for (const auto& r : store.request_remarks_between(user_id, since, until))
    (r.kind == storage::RequestRemarkKind::self_assigned ? f.breaches : f.remarks).push_back(r.evidence);
  return f;
}

Deduction deduction(std::int64_t reward_rub, std::size_t breaches, bool unanswered_at_end) {
  Deduction d;
  d.per_breaches = static_cast<std::int64_t>(breaches) * kRubPerBreach;
  d.cap = reward_rub / 2;
  d.chats_rule = unanswered_at_end;
  d.total = unanswered_at_end ? d.cap : std::min(d.per_breaches, d.cap);
  return d;
}

namespace {

std::string dur(std::optional<std::chrono::milliseconds> d) { return d ? text::duration_ru(*d) : "—"; }

std::string on_time_line(const char* what, const char* done, const OnTime& t) {
  return std::string("\n• ") + what + ": " + done + " вовремя " + std::to_string(t.in_time) + ", с опозданием " +
         std::to_string(t.late) + ", не " + done + " " + std::to_string(t.missed);
}

std::string bullet_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += "\n  – " + i;
  return out;
}

// The supervisors' message: every figure with how it was reached.
std::string deduction_message(const std::string& who, const std::string& span, std::int64_t reward,
                              const ShiftFigures& f) {
  const Deduction d = deduction(reward, f.breaches.size(), !f.unanswered_at_end.empty());
  std::string out = "Удержание за дежурство: " + who + ", " + span + ". Вознаграждение " + texts::rub(reward) + ".";
  out += "\nНарушений: " + std::to_string(f.breaches.size()) + bullet_list(f.breaches);
  out += "\nПо " + texts::rub(kRubPerBreach) + " за нарушение: " + std::to_string(f.breaches.size()) + " × " +
         texts::rub(kRubPerBreach) + " = " + texts::rub(d.per_breaches) + ", но не больше половины вознаграждения (" +
         texts::rub(reward) + " / 2 = " + texts::rub(d.cap) + ").";
  if (d.chats_rule)
    out += "\nВопросы клиентов в чатах стран без ответа к концу смены:" + bullet_list(f.unanswered_at_end) +
           "\nЗа это вознаграждение снижается на 50%: " + texts::rub(d.cap) + ".";
  out +=
      "\nИтого удержать: " + texts::rub(d.total) +
      (d.chats_rule ? " — половина вознаграждения за вопросы без ответа; больше половины за дежурство не удерживается."
                    : (d.per_breaches > d.cap ? " — не больше половины вознаграждения." : "."));
  return out;
}

}  // namespace

storage::DutyReport duty_record(const storage::Duty& duty, TimePoint ended_at, const ShiftFigures& f,
                                std::int64_t reward_rub) {
  storage::DutyReport r;
  r.user_id = duty.user_id;
  r.name = duty.name;
  r.since = duty.since;
  r.ended_at = ended_at;
  r.received = f.received;
  r.answered = f.answered;
  r.median = f.median;
  r.p90 = f.p90;
  r.answered_by_them = f.answered_by_them;
  r.nudges = f.nudges;
  r.escalations = f.escalations;
  r.breaches = f.breaches;
  r.unanswered_at_end = f.unanswered_at_end;
  if (reward_rub > 0) r.deduction_rub = deduction(reward_rub, f.breaches.size(), !f.unanswered_at_end.empty()).total;
  return r;
}

void report_end_of_duty(const storage::Duty& duty, const handlers::Context& ctx, handlers::Effects& fx) {
  const auto* zone = ctx.settings.zone;
  const TimePoint now = ctx.now;
  const ShiftFigures f = shift_figures(ctx.store, duty.user_id, duty.since, now, zone);
  const std::string span = text::hh_mm(duty.since, zone) + "–" + text::hh_mm(now, zone);
  std::string report =
      "Итоги дежурства: " + duty.name + ", " + span + " (" + text::duration_ru(f.duration) + ")\n" +
      "• Вопросов клиентов: " + std::to_string(f.received) + ", отвечено: " + std::to_string(f.answered) + "\n" +
      "• Первый ответ: медиана " + dur(f.median) + ", 90% — " + dur(f.p90) + ", максимум " + dur(f.max) + "\n" +
      "• Без ответа сейчас: " + std::to_string(f.waiting_now) + "\n" + "• Напоминаний: " + std::to_string(f.nudges) +
      ", эскалаций: " + std::to_string(f.escalations) + on_time_line("Пропущенные звонки", "перезвонили", f.calls) +
      on_time_line("Заявки с сайта", "позвонили", f.requests);
  if (f.phone) report += "\n• " + *f.phone;
  if (!f.claims.empty()) report += "\n• Взятые клиенты («беру»):" + bullet_list(f.claims);
  if (f.breaches.empty() && f.unanswered_at_end.empty()) {
    report += "\n• Нарушений нет.";
  } else {
    if (!f.breaches.empty())
      report += "\n• Нарушения (" + std::to_string(f.breaches.size()) + "):" + bullet_list(f.breaches);
    if (!f.unanswered_at_end.empty()) report += "\n• Без ответа к концу смены:" + bullet_list(f.unanswered_at_end);
  }
  if (!f.remarks.empty())
    report += "\n• Замечания (" + std::to_string(f.remarks.size()) + "):" + bullet_list(f.remarks);

  // Handover: who is on duty from now, or who the schedule brings now.
  std::vector<std::string> next;
  for (const auto& d : ctx.store.active_duties(now))
    if (d.user_id != duty.user_id) next.push_back(d.name + " (" + text::end_phrase(d.ends_at, now, zone) + ")");
  if (next.empty())
    for (const auto& s : ctx.store.shifts_between(now, now + std::chrono::minutes(1)))
      if (s.user_id != duty.user_id)
        next.push_back(s.name + " (по графику, " + text::end_phrase(s.end, now, zone) + ")");
  if (!next.empty()) {
    report += "\nДальше дежурит: ";
    for (std::size_t i = 0; i < next.size(); ++i) report += (i ? ", " : "") + next[i];
    report += ".";
  } else {
    report += "\nДальше никто не дежурит — руководитель предупреждён.";
  }
  if (auto staff = ctx.staff_chat_id()) fx.post("shift.report", *staff, report);
  fx.changes.emplace_back(storage::RecordDutyReport{duty_record(duty, now, f, ctx.settings.shifts.reward_rub)});
  if (ctx.settings.shifts.reward_rub > 0)
    handlers::tell_supervisors(
        "shift.deduction",
        deduction_message(duty.name, text::dd_mm(now, zone) + " " + span, ctx.settings.shifts.reward_rub, f), ctx, fx);
  if (next.empty()) handlers::tell_supervisors("shift.nobody", texts::nobody_next(text::hh_mm(now, zone)), ctx, fx);
}

}  // namespace dutybot::report
