#include "handlers/shifts/phone_check_handler.h"

#include "handlers/common/handbook.h"
#include "handlers/common/on_duty.h"
#include "handlers/common/text_util.h"
#include "handlers/shifts/schedule.h"
#include "handlers/shifts/shift_texts.h"

namespace dutybot::handlers {
namespace {

constexpr std::size_t kQuoteChars = 300;

}  // namespace

bool PhoneCheckHandler::on_message(const proto::MessageEvent& m, const Context& ctx, Effects& fx) {
  if (m.edited_ts || !proto::is_staff(m.from.role)) return false;
  // A reply to the pre-shift message (or the reminder) answers that shift's check, while the shift lasts.
  std::optional<storage::PhoneCheck> check;
  bool replied = false;
  if (m.reply_to)
    if (auto topic = ctx.store.topic_of(*m.reply_to); topic && topic->starts_with(shifts::kPhoneTopic)) {
      check = ctx.store.phone_check(topic->substr(shifts::kPhoneTopic.size()));
      replied = check && check->user_id == m.from.id && check->shift_end > ctx.now;
      if (!replied) check.reset();
    }
  // A plain direct message answers the person's open check (one not answered yet).
  if (!check && !m.reply_to && m.chat.kind == proto::ChatKind::direct)
    if (auto open = ctx.store.current_phone_check(m.from.id, ctx.now);
        open && open->status == storage::PhoneCheckStatus::asked)
      check = open;
  if (!check) return false;

  const auto* zone = ctx.zone_of(m.from.id);
  switch (handbook::phone_answer(ctx.handbook(), m.text)) {
    case handbook::PhoneAnswer::none:
      if (!replied) return false;  // a direct message about something else: the other capabilities' to answer
      fx.reply(m, "shift.phone_unclear", shifts::texts::phone_unclear());
      return true;
    case handbook::PhoneAnswer::ok:
      if (check->status != storage::PhoneCheckStatus::asked) {
        fx.reply(m, "shift.phone_ok", shifts::texts::phone_already(text::hh_mm(*check->answered_at, zone)));
        return true;
      }
      fx.changes.emplace_back(storage::AnswerPhoneCheck{check->shift_key, storage::PhoneCheckStatus::ok, "", ctx.now});
      fx.reply(m, "shift.phone_ok", shifts::texts::phone_checked(text::hh_mm(ctx.now, zone)));
      return true;
    case handbook::PhoneAnswer::problem: {
      const std::string words = text::excerpt(m.text, kQuoteChars);
      fx.changes.emplace_back(
          storage::AnswerPhoneCheck{check->shift_key, storage::PhoneCheckStatus::problem, words, ctx.now});
      tell_supervisors("shift.phone_problem",
                       shifts::texts::phone_problem_alert(ctx.name_of(m.from.id),
                                                          shifts::span(check->shift_start, check->shift_end, zone),
                                                          words, handbook::phones_line(ctx.handbook())),
                       ctx, fx);
      fx.reply(m, "shift.phone_passed", shifts::texts::phone_passed_on(words));
      return true;
    }
  }
  return false;
}

}  // namespace dutybot::handlers
