#pragma once
// Requests as every capability shows them: a request's line, whether its «Напоминание» says something, why a
// client's message became the assistant's, and what the assistant still owes (for «/заявки», the end-of-shift
// check and the report).
#include <string>
#include <string_view>

#include "handlers/common/handler.h"

namespace dutybot::handlers {

// The client as the bot names them: the name, or the id when there is none.
const std::string& client_name(const proto::Request& r);
// "r-1042 (Иван, +7-916-000-00-00)"
std::string request_line(const proto::Request& r);
// What the assistant on duty still owes in requests: site requests still new, clients' messages to experts
// handed to the assistant and unanswered. One line per item (oldest first, up to text::kItemsInList), each
// starting with "\n• ", then «…и ещё N, самые новые» for the rest; empty when nothing.
struct OpenRequestWork {
  std::string fresh;      // requests still new
  std::string questions;  // handed questions
};
OpenRequestWork open_request_work(const Context& ctx);
// Whether «Напоминание» says something: the handbook forbids a bare «+» in place of an explanation, so a
// note without a letter or a digit counts as empty.
bool note_written(std::string_view reminder);
// Why a question became the assistant's, for people: "срочно, оплата" or "эксперт не ответил вовремя".
std::string reasons_label(const std::string& keys);

}  // namespace dutybot::handlers
