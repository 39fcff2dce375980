#pragma once
// A duty's life, written once for every way it starts and ends: a duty always has its end timer, and its
// end always writes the report (whether it ends at its time, by «Сдаю дежурство», or by the schedule).
#include <string>

#include "handlers/common/handler.h"

namespace dutybot::handlers::duties {

// The timer that ends a person's duty (key: the user id; due: the duty's end).
inline constexpr const char* kDutyEnd = "duty.end";

// Starts a duty, or moves the end of the current one: the duty row and its end timer.
void begin(const std::string& user_id, TimePoint end, const std::string& chat_id, const std::string& declared_by,
           Effects& fx);
// Withdraws the duty a message declared (the message was deleted or edited away): no report.
void withdraw(const std::string& declared_by, const std::string& user_id, Effects& fx);
// Ends `duty` now («Сдаю дежурство»): the row ended, its timer cancelled, the report written.
void end_now(const storage::Duty& duty, const Context& ctx, Effects& fx);
// The end timer fired: ends the duty and writes the report, unless it was moved or ended since.
void on_end_timer(const storage::DueTimer& t, const Context& ctx, Effects& fx);
// Someone who has just declared a duty hears at once what is already waiting in the country chats.
void hand_over_waits(const std::string& user_id, const Context& ctx, Effects& fx);

}  // namespace dutybot::handlers::duties
