#include "handlers/shifts/shifts_handler.h"

#include <sstream>

#include "core/zone_time.h"
#include "handlers/common/duty_lifecycle.h"
#include "handlers/common/handbook.h"
#include "handlers/common/request_work.h"
#include "handlers/common/text_util.h"
#include "handlers/common/wait_lines.h"
#include "handlers/shifts/reminders.h"
#include "handlers/shifts/schedule.h"
#include "handlers/shifts/shift_texts.h"

namespace dutybot::handlers {
namespace {

using date::local_days;

std::optional<proto::User> find_person(const Context& ctx, const std::string& who) {
  if (auto p = ctx.store.person(who)) return p;
  const std::string folded = text::fold(who);
  for (const auto& p : ctx.store.people())
    if (text::fold(p.name) == folded && proto::is_staff(p.role)) return p;
  return std::nullopt;
}

using shifts::at;
using shifts::span;

// «09:00–21:00» and «пт 05.12» of a shift, as a reminder names them.
std::string hours(const storage::Shift& s, const date::time_zone* zone) { return shifts::hours(s.start, s.end, zone); }
std::string day_of(const storage::Shift& s, const date::time_zone* zone) { return shifts::day(s.start, zone); }
// «пн 08.12 21:00»: where a gap in the schedule begins or ends.
std::string moment(TimePoint t, const date::time_zone* zone) {
  return shifts::day(t, zone) + " " + text::hh_mm(t, zone);
}

// The reminder ahead of a shift (kind kRemind, or kRemindPlan right after it was planned or changed): once per shift,
// then only a correction when its end or its person changed since.
void remind(const storage::DueTimer& t, const Context& ctx, Effects& fx) {
  auto parsed = shifts::parse_shift_key(t.key);
  if (!parsed) return;
  auto shift = ctx.store.shift_at(parsed->first, parsed->second);
  if (!shift || shift->end <= ctx.now) return;  // removed (told then) or over
  const auto* zone = ctx.zone_of(shift->user_id);
  const storage::RecordShiftReminder told_now{shift->id, shift->user_id, shift->start, shift->end};
  // A shift handed to someone else after its reminder: the new person has heard nothing yet, so they get the
  // reminder itself below (the previous one was told of the hand-over then).
  if (auto told = ctx.store.shift_reminder(shift->id); told && told->user_id == shift->user_id) {
    if (told->start == shift->start && told->end == shift->end) return;  // nothing new to tell
    fx.direct("shift.remind.changed", shift->user_id,
              shifts::texts::reminder_changed(hours(*shift, zone), day_of(*shift, zone)));
    fx.changes.emplace_back(told_now);
    return;
  }
  const auto& settings = ctx.settings.shifts;
  if (t.kind == shifts::kRemindPlan && settings.week_digest_at)  // a schedule in use gets its weekly digest
    fx.changes.emplace_back(storage::ArmTimer{
        shifts::kWeekDigest, "all", shifts::next_weekly(ctx.now, ctx.settings.zone, *settings.week_digest_at), ""});
  const auto due = shifts::reminder_moment(shift->start, zone, settings);
  if (!due) return;  // reminders are off
  if (t.kind == shifts::kRemindPlan && *due > ctx.now) {
    fx.changes.emplace_back(storage::ArmTimer{shifts::kRemind, t.key, *due, ""});
    return;
  }
  // Due (or planned after its moment): only while the shift is far enough ahead; nearer, the pre-shift check does.
  if (shift->start - ctx.now <= shifts::kLateReminderLead) return;
  fx.direct("shift.remind", shift->user_id,
            shifts::texts::reminder(shifts::near_day_word(shift->start, ctx.now, zone), hours(*shift, zone),
                                    day_of(*shift, zone)));
  fx.changes.emplace_back(told_now);
}

// Once a week: each assistant's shifts of the next week, and its gaps to the supervisors.
void week_digest(const Context& ctx, Effects& fx) {
  const auto& at = ctx.settings.shifts.week_digest_at;
  if (!at) return;
  const auto* zone = ctx.settings.zone;
  const auto [from, to] = shifts::week_after(ctx.now, zone);
  const std::string week = text::dd_mm(from, zone) + "–" + text::dd_mm(to - std::chrono::hours(1), zone);
  for (const auto& a : ctx.store.people_with_role(proto::Role::assistant)) {
    std::string lines;
    for (const auto& s : ctx.store.shifts_of(a.id, from, to)) lines += "\n• " + span(s.start, s.end, ctx.zone_of(a.id));
    fx.direct("shift.week." + a.id, a.id, shifts::texts::week_shifts(week, lines));
  }
  std::string gaps;
  for (const auto& [start, end] : shifts::schedule_gaps(ctx.store, ctx.settings.coverage, zone, from, to))
    gaps += "\n• " + moment(start, zone) + " — " + moment(end, zone);
  for (const auto& sup : ctx.store.people_with_role(proto::Role::supervisor))
    fx.direct("shift.week_gaps." + sup.id, sup.id, shifts::texts::week_gaps(week, gaps));
  fx.changes.emplace_back(storage::ArmTimer{shifts::kWeekDigest, "all", shifts::next_weekly(ctx.now, zone, *at), ""});
}

void list_schedule(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  const auto* zone = ctx.settings.zone;
  const local_days today = local_day(ctx.now, zone);
  std::string out = "График:";
  for (int i = 0; i < 2; ++i) {
    const TimePoint from = at(today + date::days{i}, std::chrono::minutes(0), zone);
    const TimePoint to = at(today + date::days{i + 1}, std::chrono::minutes(0), zone);
    out += std::string("\n") + (i == 0 ? "Сегодня, " : "Завтра, ") + text::weekday_short(from, zone) + " " +
           text::dd_mm(from, zone) + ":";
    auto shifts = ctx.store.shifts_between(from, to);
    if (shifts.empty()) out += " смен нет";
    for (const auto& s : shifts)
      out += "\n• " + s.name + " " + text::hh_mm(s.start, zone) + "–" + text::hh_mm(s.end, zone) +
             (s.end > to ? " (до " + text::dd_mm(s.end, zone) + ")" : "");
  }
  fx.reply(m, "shifts.list", out);
}

// «/график история 05.12»: every change to that day's shifts, with who made it and when.
void schedule_history(const proto::MessageEvent& m, const std::string& day_word, const Context& ctx, Effects& fx) {
  const auto* zone = ctx.settings.zone;
  auto day = day_word.empty() ? std::optional(local_day(ctx.now, zone)) : shifts::parse_day(day_word, ctx.now, zone);
  if (!day) {
    fx.reply(m, "shifts.history.usage", shifts::texts::history_usage());
    return;
  }
  const TimePoint from = at(*day, std::chrono::minutes(0), zone);
  const TimePoint to = at(*day + date::days{1}, std::chrono::minutes(0), zone);
  auto name = [&](const std::string& id) { return id == shifts::kImportedBy ? "импорт графика" : ctx.name_of(id); };
  std::string lines;
  for (const auto& c : ctx.store.schedule_changes(from, to)) {
    const std::string when = text::dd_mm(c.at, zone) + " " + text::hh_mm(c.at, zone);
    lines += "\n• " + when + ", " + name(c.by_user_id) + ": " +
             shifts::texts::history_change(c.kind, name(c.user_id), name(c.previous_user_id),
                                           shifts::hours(c.start, c.end, zone));
  }
  fx.reply(m, "shifts.history", shifts::texts::history(shifts::day(from, zone), lines));
}

void change_schedule(const proto::MessageEvent& m, const std::string& args, const Context& ctx, Effects& fx) {
  if (m.from.role != proto::Role::supervisor) {
    fx.reply(m, "shifts.refused", shifts::texts::refused());
    return;
  }
  std::istringstream in(args);
  std::vector<std::string> parts;
  for (std::string p; in >> p;) parts.push_back(p);
  const bool cancel = !parts.empty() && text::fold(parts[0]) == "отмена";
  if (cancel) parts.erase(parts.begin());
  if (parts.size() != 3) {
    fx.reply(m, "shifts.usage", shifts::texts::shift_usage());
    return;
  }
  const auto* zone = ctx.settings.zone;
  auto person = find_person(ctx, parts[0]);
  if (!person) {
    fx.reply(m, "shifts.unknown", "Не знаю сотрудника «" + parts[0] + "». " + shifts::texts::shift_usage());
    return;
  }
  auto day = shifts::parse_day(parts[1], ctx.now, zone);
  auto dash = parts[2].find('-');
  auto from = shifts::parse_time_of_day(parts[2].substr(0, dash));
  std::optional<std::chrono::minutes> to;
  if (dash != std::string::npos) to = shifts::parse_time_of_day(parts[2].substr(dash + 1));
  if (!day || !from || (!cancel && !to)) {
    fx.reply(m, "shifts.usage", shifts::texts::shift_usage());
    return;
  }
  const TimePoint start = at(*day, *from, zone);
  if (cancel) {
    auto existing = ctx.store.shift_at(person->id, start);
    if (!existing) {
      fx.reply(
          m, "shifts.none",
          "Такой смены нет: " + person->name + ", " + text::dd_mm(start, zone) + " " + text::hh_mm(start, zone) + ".");
      return;
    }
    // A person already reminded of the shift hears that it is off.
    if (ctx.store.shift_reminder(existing->id)) {
      const auto* own_zone = ctx.zone_of(existing->user_id);
      fx.direct("shifts.removed.told", existing->user_id,
                shifts::texts::reminder_cancelled(hours(*existing, own_zone), day_of(*existing, own_zone)));
    }
    for (auto& c : shifts::remove_shift(person->id, start)) fx.changes.push_back(std::move(c));
    fx.changes.emplace_back(storage::RecordScheduleChange{storage::ScheduleChange{
        storage::ScheduleChangeKind::removed, person->id, "", existing->start, existing->end, m.from.id, {}}});
    fx.reply(m, "shifts.removed",
             "Убрал смену: " + person->name + ", " + span(existing->start, existing->end, zone) + ".");
    return;
  }
  // An end at or before the start means the next day: «21:00-09:00» is a night shift.
  TimePoint end = at(*day + (*to <= *from ? date::days{1} : date::days{0}), *to, zone);
  if (end <= ctx.now) {
    fx.reply(m, "shifts.past", "Эта смена уже прошла. " + shifts::texts::shift_usage());
    return;
  }
  if (auto problem = shifts::shift_problem(ctx.store, person->id, start, end)) {
    fx.reply(m, "shifts.problem", "Не добавил смену: " + *problem + ".");
    return;
  }
  const bool changed = ctx.store.shift_at(person->id, start).has_value();
  for (auto& c : shifts::put_shift(person->id, start, end, ctx.now, ctx.settings.shifts))
    fx.changes.push_back(std::move(c));
  fx.changes.emplace_back(storage::RecordScheduleChange{
      storage::ScheduleChange{changed ? storage::ScheduleChangeKind::changed : storage::ScheduleChangeKind::added,
                              person->id,
                              "",
                              start,
                              end,
                              m.from.id,
                              {}}});
  fx.reply(m, "shifts.added",
           std::string(changed ? "Изменил смену: " : "Добавил смену: ") + person->name + ", " + span(start, end, zone) +
               ".");
}

}  // namespace

bool ShiftsHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  if (m.edited_ts || m.chat.kind == proto::ChatKind::country) return false;
  auto cmd = text::command(m.text);
  if (!cmd || (cmd->name != "/смена" && cmd->name != "/график")) return false;
  if (!proto::is_staff(m.from.role)) {
    if (m.chat.kind != proto::ChatKind::direct) return false;
    fx.reply(m, "shifts.client", "Эта команда — для сотрудников OnlineTur.");
    return true;
  }
  if (cmd->name == "/график") {
    std::istringstream args(cmd->args);
    std::string first, day;
    args >> first >> day;
    if (text::fold(first) == "история")
      schedule_history(m, day, ctx, fx);
    else
      list_schedule(m, ctx, fx);
  } else {
    change_schedule(m, cmd->args, ctx, fx);
  }
  return true;
}

bool ShiftsHandler::handles_timer(std::string_view kind) const {
  return kind == shifts::kPreStart || kind == shifts::kStart || kind == shifts::kPreEnd || kind == shifts::kGapDay ||
         kind == shifts::kGapHour || kind == shifts::kGapScan || kind == shifts::kRemindPlan ||
         kind == shifts::kRemind || kind == shifts::kWeekDigest;
}

void ShiftsHandler::on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) {
  const auto* zone = ctx.settings.zone;
  const TimePoint now = ctx.now;

  if (t.kind == shifts::kRemindPlan || t.kind == shifts::kRemind) {
    remind(t, ctx, fx);
    return;
  }
  if (t.kind == shifts::kWeekDigest) {
    week_digest(ctx, fx);
    return;
  }
  if (t.kind == shifts::kGapScan) {
    for (auto& c : shifts::arm_gap_warnings(ctx.store, ctx.settings, now)) fx.changes.push_back(std::move(c));
    if (!ctx.store.shifts_between(now, now + shifts::kGapHorizon).empty())
      fx.changes.emplace_back(storage::ArmTimer{shifts::kGapScan, "all", now + std::chrono::hours(12), ""});
    return;
  }
  if (t.kind == shifts::kGapDay || t.kind == shifts::kGapHour) {
    const TimePoint start = from_unix_ms(std::stoll(t.key));
    auto gaps = shifts::schedule_gaps(ctx.store, ctx.settings.coverage, zone, start, start + shifts::kGapHorizon);
    if (gaps.empty() || gaps.front().first != start) return;  // the schedule has changed since: no gap there
    const TimePoint end = gaps.front().second;
    for (const auto& sup : ctx.store.people_with_role(proto::Role::supervisor))
      fx.direct("gap." + sup.id, sup.id,
                shifts::texts::gap_warning(moment(start, zone), moment(end, zone), text::duration_ru(start - now)));
    return;
  }

  auto parsed = shifts::parse_shift_key(t.key);
  if (!parsed) return;
  auto shift = ctx.store.shift_at(parsed->first, parsed->second);
  if (!shift) return;  // removed since
  const std::string end_text = text::end_phrase(shift->end, now, zone);

  const std::string phones = handbook::phones_line(ctx.handbook());
  const std::string phone_topic = std::string(shifts::kPhoneTopic) + t.key;
  if (t.kind == shifts::kPreStart) {
    // It asks for the phone check; a reply to it is the answer (PhoneCheckHandler).
    fx.direct("shift.pre_start", shift->user_id,
              shifts::texts::pre_start(shift->name, span(shift->start, shift->end, zone),
                                       ctx.handbook().checklist_start, phones))
        .topic = phone_topic;
    fx.changes.emplace_back(
        storage::AskPhoneCheck{storage::PhoneCheck{t.key, shift->user_id, shift->start, shift->end, now}});
  } else if (t.kind == shifts::kStart) {
    // No answer to the phone check by the start: one reminder.
    if (auto check = ctx.store.phone_check(t.key);
        check && check->status == storage::PhoneCheckStatus::asked && !check->reminded_at) {
      fx.changes.emplace_back(storage::MarkPhoneCheckReminded{t.key, now});
      fx.direct("shift.phone_reminder", shift->user_id, shifts::texts::phone_reminder(phones)).topic = phone_topic;
    }
    if (ctx.store.duty_of(shift->user_id, now)) return;  // declared already: nothing more to post
    auto staff = ctx.staff_chat_id();
    duties::begin(shift->user_id, shift->end, staff.value_or(""), "schedule:" + t.key, fx);
    if (staff) fx.post("shift.announce", *staff, shifts::texts::announcement(end_text, shift->name));
    fx.direct("shift.confirm", shift->user_id, shifts::texts::confirm_reminder(end_text));
  } else if (t.kind == shifts::kPreEnd) {
    auto waits = ctx.store.open_waits(kWaitsListed);
    std::string live = waits.empty() ? "Сейчас в чатах стран всем ответили." : "Ещё ждут ответа:" + lines(waits, now);
    if (waits.size() == static_cast<std::size_t>(kWaitsListed))
      if (const auto hidden = ctx.store.open_wait_count() - kWaitsListed; hidden > 0) live += more_line(hidden);
    auto calls = ctx.store.open_calls(text::kItemsInList);
    if (calls.empty()) {
      live += "\nПропущенных звонков без ответа нет.";
    } else {
      live += "\nНе перезвонили:";
      for (const auto& c : calls)
        live += "\n• " + c.from_number + (c.to_line.empty() ? "" : " (" + c.to_line + ")") + ", звонок в " +
                text::hh_mm(c.missed_at, zone);
      if (calls.size() == static_cast<std::size_t>(text::kItemsInList))
        live += text::more_newest(ctx.store.open_call_count() - text::kItemsInList);
    }
    const auto work = open_request_work(ctx);
    live += work.fresh.empty() ? "\nЗаявок в статусе «новая» нет." : "\nЗаявки в статусе «новая»:" + work.fresh;
    if (!work.questions.empty()) live += "\nСообщения экспертам ждут вашего ответа:" + work.questions;
    fx.direct("shift.pre_end", shift->user_id,
              shifts::texts::pre_end(shift->name, end_text, ctx.handbook().checklist_end, live));
  }
}

}  // namespace dutybot::handlers
