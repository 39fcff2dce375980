#include "handlers/shifts/cover_handler.h"

#include <algorithm>
#include <array>

#include "core/zone_time.h"
#include "handlers/common/text_util.h"
#include "handlers/shifts/cover_texts.h"
#include "handlers/shifts/reminders.h"
#include "handlers/shifts/schedule.h"

namespace dutybot::handlers {
namespace {

namespace texts = shifts::cover_texts;
using storage::Cover;
using storage::CoverStatus;

constexpr const char* kEscalateTimer = "cover.escalate";
constexpr std::string_view kPostTopic = "cover:";               // the request's post in the staff chat
constexpr std::string_view kApprovalTopic = "cover-approval:";  // a supervisor's direct message asking to approve

// What a message asks of the cover capability.
enum class Intent { none, ask, cancel };

// The message's words as written, without the punctuation around them, dashes made one: «15:00–21:00,» →
// «15:00-21:00»; dots and colons stay (dates and times).
std::vector<std::string> tokens(std::string_view message) {
  std::string s = text::fold(message);
  for (std::string_view dash : {"–", "—"})
    for (auto at = s.find(dash); at != std::string::npos; at = s.find(dash, at)) s.replace(at, dash.size(), "-");
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto end = std::min(s.find_first_of(" \t\n", pos), s.size());
    std::string t = s.substr(pos, end - pos);
    pos = end + 1;
    const auto first = t.find_first_not_of(",.!?;:()\"«»");
    if (first == std::string::npos) {
      if (t == "-") out.push_back(t);
      continue;
    }
    t = t.substr(first, t.find_last_not_of(",.!?;:()\"«»") - first + 1);
    out.push_back(t);
  }
  return out;
}

Intent intent_of(const proto::MessageEvent& m) {
  const std::string folded = text::fold(m.text);
  if (auto cmd = text::command(m.text); cmd && cmd->name == "/замена")
    return text::fold(cmd->args).starts_with("отмена") ? Intent::cancel : Intent::ask;
  if (text::has_phrase(folded, "отмена замены") || text::has_phrase(folded, "отменяю замену") ||
      text::has_phrase(folded, "замена не нужна"))
    return Intent::cancel;
  const auto words = text::words(folded);
  const bool me = std::find(words.begin(), words.end(), "меня") != words.end();
  const bool cover_verb = std::any_of(words.begin(), words.end(), [](const std::string& w) {
    return w.starts_with("подмен") || w == "замените" || w == "заменит" || w == "заменить";
  });
  if (me && cover_verb) return Intent::ask;
  for (const char* p : {"ищу замену", "нужна замена", "ищу подмену", "нужна подмена", "ищу замену на"})
    if (text::has_phrase(folded, p)) return Intent::ask;
  return Intent::none;
}

// «беру», «возьму», «могу», «я возьму», «могу подменить»: a short yes to a cover request.
bool is_taking(std::string_view message) {
  const auto words = text::words(text::fold(message));
  if (words.empty() || words.size() > 4) return false;
  static const std::array<std::string_view, 4> yes = {"беру", "возьму", "могу", "подменю"};
  auto is_yes = [](const std::string& w) { return std::find(yes.begin(), yes.end(), w) != yes.end(); };
  return is_yes(words[0]) || (words[0] == "я" && words.size() > 1 && is_yes(words[1]));
}

// A supervisor's answer to an approval request: true «согласовано», false «нет», nullopt neither.
std::optional<bool> approval_of(std::string_view message) {
  const std::string folded = text::fold(message);
  const auto words = text::words(folded);
  if (words.empty() || words.size() > 4) return std::nullopt;
  if (words[0] == "нет" || words[0] == "отклоняю" || words[0] == "отказ" ||
      (words[0] == "не" && words.size() > 1 && words[1].starts_with("соглас")))
    return false;
  if (words[0].starts_with("согласов") || words[0] == "да" || words[0] == "одобряю" || words[0] == "ок" ||
      words[0] == "согласен" || words[0] == "согласна")
    return true;
  return std::nullopt;
}

// The day and the hours a request names.
struct Asked {
  std::optional<date::local_days> day;
  std::optional<std::pair<std::chrono::minutes, std::chrono::minutes>> hours;
  bool bad_hours = false;
};

Asked read_ask(std::string_view message, const Context& ctx) {
  Asked out;
  std::vector<std::chrono::minutes> times;
  for (const std::string& t : tokens(message)) {
    if (auto dash = t.find('-'); dash != std::string::npos && dash > 0 && dash + 1 < t.size()) {
      auto a = shifts::parse_time_of_day(t.substr(0, dash));
      auto b = shifts::parse_time_of_day(t.substr(dash + 1));
      if (a && b) {
        out.hours = {{*a, *b}};
        continue;
      }
    }
    if (t.find(':') != std::string::npos) {
      if (auto at = shifts::parse_time_of_day(t))
        times.push_back(*at);
      else
        out.bad_hours = true;
      continue;
    }
    if (!out.day)
      if (auto day = shifts::parse_day(t, ctx.now, ctx.settings.zone)) out.day = day;
  }
  // «15:00–21:00», «15-21», «с 15:00 до 21:00»: one range, or exactly two times.
  if (!out.hours && times.size() == 2)
    out.hours = {{times[0], times[1]}};
  else if (!times.empty())
    out.bad_hours = true;
  return out;
}

const date::time_zone* zone(const Context& ctx) { return ctx.settings.zone; }

std::string hours_of(TimePoint a, TimePoint b, const Context& ctx) { return shifts::hours(a, b, zone(ctx)); }
// «пт 05.12 15:00–21:00»
std::string part_of(TimePoint a, TimePoint b, const Context& ctx) { return shifts::span(a, b, zone(ctx)); }
std::string part_of(const Cover& c, const Context& ctx) { return part_of(c.start, c.end, ctx); }

TimePoint at(date::local_days day, std::chrono::minutes t, const Context& ctx) { return shifts::at(day, t, zone(ctx)); }

void tell_supervisors(const std::string& purpose, const std::string& text, const Context& ctx, Effects& fx) {
  for (const auto& s : ctx.store.people_with_role(proto::Role::supervisor)) fx.direct(purpose + "." + s.id, s.id, text);
}

// A new request: the shift it names is found, checked and posted in the staff chat.
void ask(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  auto cmd = text::command(m.text);
  const Asked asked = read_ask(cmd ? cmd->args : m.text, ctx);
  if (asked.bad_hours) {
    fx.reply(m, "cover.usage", texts::bad_hours());
    return;
  }
  if (!asked.day) {
    fx.reply(m, "cover.usage", texts::usage());
    return;
  }
  const TimePoint day_start = at(*asked.day, std::chrono::minutes(0), ctx);
  const TimePoint day_end = at(*asked.day + date::days{1}, std::chrono::minutes(0), ctx);
  const std::string day_text = shifts::day(day_start, zone(ctx));
  // The person's shift that starts that day (else one running into it).
  auto shifts = ctx.store.shifts_of(m.from.id, day_start, day_end);
  std::stable_partition(shifts.begin(), shifts.end(), [&](const auto& s) { return s.start >= day_start; });
  std::optional<storage::Shift> shift;
  TimePoint from, to;
  if (asked.hours) {
    from = at(*asked.day, asked.hours->first, ctx);
    to = at(*asked.day + (asked.hours->second <= asked.hours->first ? date::days{1} : date::days{0}),
            asked.hours->second, ctx);
    for (const auto& s : shifts)
      if (s.start <= from && to <= s.end) shift = s;
    if (!shift && !shifts.empty()) {
      fx.reply(m, "cover.outside",
               texts::outside_shift(part_of(shifts.front().start, shifts.front().end, ctx), hours_of(from, to, ctx)));
      return;
    }
  } else if (!shifts.empty()) {
    shift = shifts.front();
    from = shift->start;
    to = shift->end;
  }
  if (!shift) {
    fx.reply(m, "cover.no_shift", texts::no_shift(day_text));
    return;
  }
  if (shift->end <= ctx.now) {
    fx.reply(m, "cover.over", texts::over());
    return;
  }
  // A shift under way stays with its person: their duty runs already, and moving it is a supervisor's call.
  if (shift->start <= ctx.now) {
    fx.reply(m, "cover.under_way", texts::under_way());
    return;
  }
  for (const auto& c : ctx.store.pending_covers_of(m.from.id))
    if (c.start < to && from < c.end) {
      fx.reply(m, "cover.already", texts::already_asked(part_of(c, ctx)));
      return;
    }
  const auto staff = ctx.staff_chat_id();
  if (!staff) {
    fx.reply(m, "cover.no_staff_chat", texts::no_staff_chat());
    return;
  }
  Cover cover{m.id, m.from.id, shift->id, from, to, ctx.now, CoverStatus::open, "", ""};
  fx.changes.emplace_back(storage::OpenCover{cover});
  const std::string part = part_of(cover, ctx);
  Outgoing& post = m.chat.id == *staff ? fx.reply(m, "cover.post", texts::posted(m.from.name, part))
                                       : fx.post("cover.post", *staff, texts::posted(m.from.name, part));
  post.topic = std::string(kPostTopic) + cover.key;
  if (m.chat.id != *staff) fx.reply(m, "cover.asked", texts::asked_in_staff_chat(part));
  // Nobody took it by cover_escalate before the start: the supervisors hear (at once when that moment has passed).
  const TimePoint escalate_at = from - ctx.settings.shifts.cover_escalate;
  if (escalate_at > ctx.now)
    fx.changes.emplace_back(storage::ArmTimer{kEscalateTimer, cover.key, escalate_at, ""});
  else
    tell_supervisors("cover.unclaimed", texts::unclaimed(m.from.name, part, text::duration_ru(from - ctx.now)), ctx,
                     fx);
}

// Why the cover cannot go to `taker` now, or nullopt; `shift` is its shift as the schedule has it.
std::optional<std::string> taking_problem(const Cover& c, const std::optional<storage::Shift>& shift,
                                          const std::string& taker, const Context& ctx) {
  if (!shift || shift->user_id != c.requester_id || c.start < shift->start || shift->end < c.end)
    return texts::shift_gone();
  if (c.start <= ctx.now) return texts::too_late();
  for (const auto& s : ctx.store.shifts_of(taker, c.start, c.end))  // touching shifts are not returned
    return texts::taker_busy(part_of(s.start, s.end, ctx));
  return std::nullopt;
}

// The cover takes effect: the schedule changes and everyone concerned hears, in this one transaction.
void settle(const Cover& c, const storage::Shift& shift, const proto::User& taker_user, const std::string& decided_by,
            const Context& ctx, Effects& fx) {
  const std::string& taker = taker_user.id;
  for (auto& change : shifts::hand_over(shift, c.start, c.end, taker, ctx.now, ctx.settings.shifts))
    fx.changes.push_back(std::move(change));
  fx.changes.emplace_back(storage::SetCoverStatus{c.key, CoverStatus::taken, taker, decided_by});
  fx.changes.emplace_back(storage::CancelTimer{kEscalateTimer, c.key});
  fx.changes.emplace_back(storage::RecordScheduleChange{storage::ScheduleChange{storage::ScheduleChangeKind::covered,
                                                                                taker,
                                                                                c.requester_id,
                                                                                c.start,
                                                                                c.end,
                                                                                decided_by.empty() ? taker : decided_by,
                                                                                {}}});
  const std::string part = part_of(c, ctx), requester = ctx.name_of(c.requester_id), taker_name = taker_user.name;
  std::string kept;  // what the requester keeps of that shift
  if (shift.start < c.start) kept = hours_of(shift.start, c.start, ctx);
  if (c.end < shift.end) kept += (kept.empty() ? "" : " и ") + hours_of(c.end, shift.end, ctx);
  if (auto staff = ctx.staff_chat_id()) fx.post("cover.done", *staff, texts::done_in_chat(requester, taker_name, part));
  fx.direct("cover.done.requester", c.requester_id, texts::done_to_requester(taker_name, part, kept));
  fx.direct("cover.done.taker", taker, texts::done_to_taker(part));
  tell_supervisors("cover.done", texts::done_to_supervisor(requester, taker_name, part), ctx, fx);
}

// «беру» in reply to a request's post.
void take(const proto::MessageEvent& m, const Cover& c, const Context& ctx, Effects& fx) {
  switch (c.status) {
    case CoverStatus::taken:
      fx.reply(m, "cover.taken", texts::taken_already(ctx.name_of(c.taker_id)));
      return;
    case CoverStatus::awaiting_approval:
      fx.reply(m, "cover.taken", texts::awaiting_already(ctx.name_of(c.taker_id)));
      return;
    case CoverStatus::cancelled:
      fx.reply(m, "cover.closed", texts::not_needed());
      return;
    case CoverStatus::declined:
      fx.reply(m, "cover.closed", texts::declined_already());
      return;
    case CoverStatus::open:
      break;
  }
  if (m.from.id == c.requester_id) {
    fx.reply(m, "cover.own", texts::own_shift());
    return;
  }
  if (m.from.role != proto::Role::assistant && m.from.role != proto::Role::supervisor) {
    fx.reply(m, "cover.role", texts::taker_role());
    return;
  }
  const auto shift = ctx.store.shift_by_id(c.shift_id);
  if (auto problem = taking_problem(c, shift, m.from.id, ctx)) {
    fx.reply(m, "cover.refused", *problem);
    if (*problem == texts::shift_gone())
      fx.changes.emplace_back(storage::SetCoverStatus{c.key, CoverStatus::cancelled, "", ""});
    return;
  }
  if (!ctx.settings.shifts.cover_approval) {
    settle(c, *shift, m.from, "", ctx, fx);
    return;
  }
  fx.changes.emplace_back(storage::SetCoverStatus{c.key, CoverStatus::awaiting_approval, m.from.id, ""});
  fx.reply(m, "cover.awaiting", texts::awaiting_approval(m.from.name));
  const std::string text = texts::approval_request(ctx.name_of(c.requester_id), part_of(c, ctx), m.from.name);
  for (const auto& s : ctx.store.people_with_role(proto::Role::supervisor))
    fx.direct("cover.approval." + s.id, s.id, text).topic = std::string(kApprovalTopic) + c.key;
}

// «согласовано» or «нет» in reply to an approval request.
void decide(const proto::MessageEvent& m, const Cover& c, const Context& ctx, Effects& fx) {
  if (m.from.role != proto::Role::supervisor) {
    fx.reply(m, "cover.approval.role", texts::approval_only_supervisor());
    return;
  }
  const auto yes = approval_of(m.text);
  if (!yes) {
    fx.reply(m, "cover.approval.usage", texts::approval_usage());
    return;
  }
  if (c.status != CoverStatus::awaiting_approval) {
    fx.reply(m, "cover.approval.done",
             c.status == CoverStatus::cancelled ? texts::not_needed() : texts::decided_already());
    return;
  }
  const std::string part = part_of(c, ctx);
  if (*yes) {
    const auto shift = ctx.store.shift_by_id(c.shift_id);
    if (auto problem = taking_problem(c, shift, c.taker_id, ctx)) {
      fx.reply(m, "cover.approval.refused", *problem);
      return;
    }
    settle(c, *shift, proto::User{c.taker_id, ctx.name_of(c.taker_id), proto::Role::assistant}, m.from.id, ctx, fx);
    fx.reply(m, "cover.approval.yes", texts::approved_reply());
    return;
  }
  fx.changes.emplace_back(storage::SetCoverStatus{c.key, CoverStatus::declined, c.taker_id, m.from.id});
  fx.changes.emplace_back(storage::CancelTimer{kEscalateTimer, c.key});
  fx.reply(m, "cover.approval.no", texts::declined_reply());
  if (auto staff = ctx.staff_chat_id())
    fx.post("cover.declined", *staff, texts::declined_in_chat(ctx.name_of(c.requester_id), part));
  fx.direct("cover.declined.requester", c.requester_id, texts::declined_to_requester(part));
  fx.direct("cover.declined.taker", c.taker_id, texts::declined_to_taker(part));
}

// «отмена замены»: the request replied to, else the person's latest pending one.
void cancel(const proto::MessageEvent& m, const std::optional<Cover>& replied, const Context& ctx, Effects& fx) {
  std::optional<Cover> c = replied;
  if (!c) {
    auto mine = ctx.store.pending_covers_of(m.from.id);
    if (!mine.empty()) c = mine.front();
  }
  if (!c) {
    fx.reply(m, "cover.cancel.none", texts::nothing_to_cancel());
    return;
  }
  if (c->requester_id != m.from.id && m.from.role != proto::Role::supervisor) {
    fx.reply(m, "cover.cancel.not_yours", texts::cancel_not_yours());
    return;
  }
  if (c->status == CoverStatus::taken) {
    fx.reply(m, "cover.cancel.late", texts::cancel_too_late());
    return;
  }
  if (c->status != CoverStatus::open && c->status != CoverStatus::awaiting_approval) {
    fx.reply(m, "cover.cancel.none", texts::nothing_to_cancel());
    return;
  }
  fx.changes.emplace_back(storage::SetCoverStatus{c->key, CoverStatus::cancelled, c->taker_id, ""});
  fx.changes.emplace_back(storage::CancelTimer{kEscalateTimer, c->key});
  const std::string part = part_of(*c, ctx);
  fx.reply(m, "cover.cancelled", texts::cancelled_reply(part));
  const auto staff = ctx.staff_chat_id();
  if (staff && m.chat.id != *staff)
    fx.post("cover.cancelled.chat", *staff, texts::cancelled_in_chat(ctx.name_of(c->requester_id), part));
  if (!c->taker_id.empty()) fx.direct("cover.cancelled.taker", c->taker_id, texts::not_needed());
}

// The cover a reply names through the bot's message it answers: (the cover, whether it is an approval request).
std::optional<std::pair<Cover, bool>> replied_cover(const proto::MessageEvent& m, const Context& ctx) {
  if (!m.reply_to) return std::nullopt;
  auto topic = ctx.store.topic_of(*m.reply_to);
  if (!topic) return std::nullopt;
  const bool approval = topic->starts_with(kApprovalTopic);
  if (!approval && !topic->starts_with(kPostTopic)) return std::nullopt;
  auto c = ctx.store.cover(topic->substr(approval ? kApprovalTopic.size() : kPostTopic.size()));
  if (!c) return std::nullopt;
  return std::make_pair(*c, approval);
}

}  // namespace

bool CoverHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  if (m.edited_ts || m.chat.kind == proto::ChatKind::country) return false;
  const Intent intent = intent_of(m);
  if (!proto::is_staff(m.from.role)) {
    if (intent == Intent::none || m.chat.kind != proto::ChatKind::direct) return false;
    fx.reply(m, "cover.client", texts::for_staff_only());
    return true;
  }
  const auto replied = replied_cover(m, ctx);  // a lookup only for staff replies
  if (intent == Intent::cancel) {
    cancel(m, replied ? std::optional(replied->first) : std::nullopt, ctx, fx);
    return true;
  }
  if (replied && replied->second) {
    decide(m, replied->first, ctx, fx);
    return true;
  }
  if (replied && is_taking(m.text)) {
    take(m, replied->first, ctx, fx);
    return true;
  }
  if (intent == Intent::ask) {
    ask(m, ctx, fx);
    return true;
  }
  return false;
}

bool CoverHandler::handles_timer(std::string_view kind) const { return kind == kEscalateTimer; }

void CoverHandler::on_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx) {
  auto c = ctx.store.cover(t.key);
  if (!c || c->status != CoverStatus::open || c->start <= ctx.now) return;  // taken, withdrawn or too late
  tell_supervisors(
      "cover.unclaimed",
      texts::unclaimed(ctx.name_of(c->requester_id), part_of(*c, ctx), text::duration_ru(c->start - ctx.now)), ctx, fx);
}

}  // namespace dutybot::handlers
