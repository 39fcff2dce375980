#pragma once
// The end of a duty: the report in the staff chat, the deduction for supervisors, and the handover.
#include "handlers/common/handler.h"

namespace dutybot::report {

// How many of a kind of task were done within their deadline, late, or not at all by the shift's end.
struct OnTime {
  std::int64_t in_time = 0;
  std::int64_t late = 0;
  std::int64_t missed = 0;
};

// Figures of a shift, computed from what the store recorded between since and until.
struct ShiftFigures {
  std::chrono::milliseconds duration{0};
  std::int64_t received = 0;
  std::int64_t answered = 0;
  std::optional<std::chrono::milliseconds> median, p90, max;
  std::vector<std::chrono::milliseconds> answered_by_them;  // first responses the person on duty gave, ascending
  std::int64_t waiting_now = 0;
  std::int64_t nudges = 0;
  std::int64_t escalations = 0;
  OnTime calls;     // callback deadlines that fell in the shift
  OnTime requests;  // site requests whose call fell due in the shift
  // The handbook's rule breaches (100 ₽ each), one line of evidence per breach.
  std::vector<std::string> breaches;
  // Client questions in country chats still unanswered at the end (the 50% rule), one line each.
  std::vector<std::string> unanswered_at_end;
  // Clients taken with «беру» during the shift: who took each, who answered.
  std::vector<std::string> claims;
  // The phone check before the shift, when one was asked: «телефон проверен в 08:52», …
  std::optional<std::string> phone;
  // What the bot can only point out, not judge (a request moved forward while older new ones waited), one line each.
  std::vector<std::string> remarks;
};

ShiftFigures shift_figures(const storage::BotStore& store, const std::string& user_id, TimePoint since, TimePoint until,
                           const date::time_zone* zone);
// Nearest-rank percentile of an ascending list; nullopt for an empty one.
std::optional<std::chrono::milliseconds> percentile(const std::vector<std::chrono::milliseconds>& sorted, double q);

// The handbook's deduction: 100 ₽ per breach up to half the reward; half the reward when a client question
// in a country chat was unanswered at the end.
struct Deduction {
  std::int64_t per_breaches = 0;  // breaches × 100
  std::int64_t cap = 0;           // half the reward
  bool chats_rule = false;        // the 50% rule applied
  std::int64_t total = 0;
};
Deduction deduction(std::int64_t reward_rub, std::size_t breaches, bool unanswered_at_end);

// What the console keeps of a duty that ended: its figures and evidence.
storage::DutyReport duty_record(const storage::Duty& duty, TimePoint ended_at, const ShiftFigures& f,
                                std::int64_t reward_rub);

// Adds the report, the deduction message (with shifts.reward_rub set) and the handover for `duty` ending at ctx.now.
void report_end_of_duty(const storage::Duty& duty, const handlers::Context& ctx, handlers::Effects& fx);

}  // namespace dutybot::report
