#pragma once
// The state changes handlers ask for, as plain values; BotStore applies them inside one transaction.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/protocol.h"

namespace dutybot::storage {

struct UpsertPerson {
  proto::User user;
};
struct UpsertChat {
  proto::Chat chat;
};
// Puts a person on duty until ends_at (moves the end if already on duty).
struct SetDuty {
  std::string user_id;
  TimePoint ends_at;
  std::string declared_in_chat;
  std::string declared_message_id;
};
// Ends a person's duty now, whatever its planned end.
struct EndDuty {
  std::string user_id;
};
// Cancels the duty that one message declared (the message was deleted).
struct CancelDutyDeclaredBy {
  std::string message_id;
};
// Schedules a timed action; (kind, key) is unique, arming again moves it.
struct ArmTimer {
  std::string kind;
  std::string key;
  TimePoint due;
  std::string payload;
};
struct CancelTimer {
  std::string kind;
  std::string key;
};

// A client's message that asks something: opens a wait for (chat, client), or joins the open one.
struct OpenWait {
  std::string chat_id;
  std::string chat_title;
  std::string client_id;
  std::string client_name;
  std::string message_id;
  std::string text;
  TimePoint started_at;
};
// Staff answered in a chat: the client's wait, or every wait in the chat when client_id is empty.
struct AnswerWaits {
  std::string chat_id;
  std::optional<std::string> client_id;
  std::string answered_by;
  TimePoint at;
};
// A waiting message was deleted; a wait left with no message is withdrawn.
struct DropWaitMessage {
  std::string message_id;
};
// Waits named in a nudge (escalated = false) or an escalation (true).
struct MarkWaitsNotified {
  std::vector<std::int64_t> wait_ids;
  bool escalated = false;
  TimePoint at;
};
// A notification went to a recipient (a user id, or "staff-chat"): paces repeats and feeds the report.
struct Notified {
  std::string recipient;
  std::string kind;  // nudge, escalation, digest, handover
  std::size_t waits = 0;
  TimePoint at;
};

// A planned shift; (user_id, start) identifies it, so putting it again changes its end.
struct PutShift {
  std::string user_id;
  TimePoint start;
  TimePoint end;
};
struct RemoveShift {
  std::string user_id;
  TimePoint start;
};
// A planned shift keeps its id (its calendar event) while its person, start or end change: a hand-over or the part
// of a shift its person keeps after a cover.
struct MoveShift {
  std::int64_t shift_id = 0;
  std::string user_id;
  TimePoint start;
  TimePoint end;
};
// One line of the schedule's history («/график история DD.MM»): what changed, whose, and who changed it.
enum class ScheduleChangeKind { added, changed, removed, covered };
struct ScheduleChange {
  ScheduleChangeKind kind = ScheduleChangeKind::added;
  std::string user_id;           // whose shift it is after the change
  std::string previous_user_id;  // covered: whose it was
  TimePoint start;
  TimePoint end;
  std::string by_user_id;  // who made it (a supervisor, the taker, "import")
  TimePoint at;            // read back only: when
};
struct RecordScheduleChange {
  ScheduleChange change;
};

// A request to cover a planned shift or a part of it, posted in the staff chat. Open until someone takes it or its
// person withdraws it; with shifts.cover_approval a taker waits for a supervisor's word.
enum class CoverStatus { open, awaiting_approval, taken, declined, cancelled };
struct Cover {
  std::string key;  // the asking message's id: its timers and the bot's messages about it name it
  std::string requester_id;
  std::int64_t shift_id = 0;
  TimePoint start;  // the part to cover
  TimePoint end;
  TimePoint created_at;
  CoverStatus status = CoverStatus::open;
  std::string taker_id;    // who offered or took it; empty while open
  std::string decided_by;  // the supervisor who approved or declined it
};
struct OpenCover {
  Cover cover;
};
struct SetCoverStatus {
  std::string key;
  CoverStatus status = CoverStatus::open;
  std::string taker_id;
  std::string decided_by;
};

// A missed call to return; stage "owner" (its person has the first hour) or "assistant" (15 minutes).
struct MissedCall {
  std::string call_id;
  std::string from_number;
  std::string to_line;
  std::optional<std::string> to_user;
  TimePoint missed_at;
  std::string stage;
  std::optional<TimePoint> deadline;
  std::optional<TimePoint> returned_at;  // read back only
};
struct OpenCall {
  MissedCall call;
};
// The call moved to the assistant on duty, with a new deadline.
struct HandCallToAssistant {
  std::string call_id;
  TimePoint deadline;
};
// A callback or a later answered call from the number: every open missed call from it is returned.
struct ReturnCalls {
  std::string from_number;
  TimePoint at;
  std::string how;  // callback, answered
};
struct MarkCallEscalated {
  std::string call_id;
  TimePoint at;
};

// The latest snapshot of a request. created_at and call_due are kept from the first save; called_at (when it
// first left 'new') is kept once set.
struct SaveRequest {
  proto::Request request;
  TimePoint created_at;
  std::optional<TimePoint> call_due;  // site requests: when it must be out of 'new'
  std::optional<TimePoint> called_at;
};
enum class RequestMark { escalated, note_reminded, order_reminded };
struct MarkRequest {
  std::string request_id;
  RequestMark mark;
  TimePoint at;
};
// What the person on duty did with requests that the handbook forbids (a breach) or the bot can only point out
// (a remark), with the line of evidence the report shows.
enum class RequestRemarkKind { self_assigned, out_of_order };
struct RequestRemark {
  RequestRemarkKind kind;
  std::string request_id;
  std::string user_id;
  std::string evidence;
  TimePoint at;
};
struct RecordRequestRemark {
  RequestRemark remark;
};
// A client's message to an expert inside a request (the handbook's «мигающее сообщение»).
struct ExpertQuestion {
  std::string message_id;
  std::string request_id;
  std::string client_name;
  std::string expert_id;
  std::string text;
  TimePoint received_at;
  std::string reason;                    // urgent, documents, payment, silence; empty until handed
  std::optional<TimePoint> handed_at;    // when the assistant on duty was told
  std::optional<TimePoint> answered_at;  // read back only
};
struct OpenExpertQuestion {
  ExpertQuestion question;
};
// The question became the assistant's (an urgent topic at once, or the expert's silence).
struct HandExpertQuestion {
  std::string message_id;
  std::string reason;
  TimePoint at;
};
// A staff member wrote in the request: every open question in it is answered.
struct AnswerExpertQuestions {
  std::string request_id;
  std::string answered_by;
  TimePoint at;
};

// The figures of a duty that ended, kept for the console's history (the report message is their text).
struct DutyReport {
  std::string user_id;
  std::string name;
  TimePoint since;
  TimePoint ended_at;
  std::int64_t received = 0;  // client questions in the duty's window
  std::int64_t answered = 0;
  std::optional<std::chrono::milliseconds> median, p90;
  std::vector<std::chrono::milliseconds> answered_by_them;  // first responses this person gave, ascending
  std::int64_t nudges = 0;
  std::int64_t escalations = 0;
  std::vector<std::string> breaches;           // one line of evidence each
  std::vector<std::string> unanswered_at_end;  // client questions left in country chats, one line each
  std::optional<std::int64_t> deduction_rub;   // with shifts.reward_rub set
};
struct RecordDutyReport {
  DutyReport report;
};
// A one-time console login code for a supervisor, stored as its hash.
struct IssueLoginCode {
  std::string code_hash;
  std::string user_id;
  TimePoint expires_at;
};
// The person is no longer a supervisor: their console sessions and unused codes end at once. Without a user id:
// everyone's who is not a supervisor now (after the directory was read again from hello).
struct EndConsoleAccess {
  std::optional<std::string> user_id;
};

// A person's calendar link of a scope, new or replacing the old one (which stops working).
struct PutCalendarFeed {
  std::string user_id;
  std::string scope;  // "own" or "team"
  std::string secret;
};

// The reminder ahead of a shift went to its person, telling its end: a later change is told as a correction
// (removing the shift forgets it).
struct RecordShiftReminder {
  std::int64_t shift_id = 0;
  std::string user_id;
  TimePoint start;
  TimePoint end;
};

// The phone check before a shift (the handbook's first pre-shift step): asked, then «ок» or a problem.
enum class PhoneCheckStatus { asked, ok, problem };
struct PhoneCheck {
  std::string shift_key;
  std::string user_id;
  TimePoint shift_start;
  TimePoint shift_end;
  TimePoint asked_at;
  PhoneCheckStatus status = PhoneCheckStatus::asked;
  std::optional<TimePoint> answered_at;
  std::string words;  // the person's own words, for a problem
  std::optional<TimePoint> reminded_at;
};
struct AskPhoneCheck {
  PhoneCheck check;
};
// An answer: asked → ok or problem, ok → problem; a problem stays (it was passed on).
struct AnswerPhoneCheck {
  std::string shift_key;
  PhoneCheckStatus status;
  std::string words;
  TimePoint at;
};
struct MarkPhoneCheckReminded {
  std::string shift_key;
  TimePoint at;
};

// «беру»: these waits are the person's until `until` (the others' nudges leave them out; still open until answered).
struct ClaimWaits {
  std::vector<std::int64_t> wait_ids;
  std::string user_id;
  std::string name;
  TimePoint until;
};

using Change = std::variant<UpsertPerson, UpsertChat, SetDuty, EndDuty, CancelDutyDeclaredBy, ArmTimer, CancelTimer,
                            OpenWait, AnswerWaits, DropWaitMessage, MarkWaitsNotified, Notified, PutShift, RemoveShift,
                            MoveShift, RecordScheduleChange, OpenCover, SetCoverStatus, OpenCall, HandCallToAssistant,
                            ReturnCalls, MarkCallEscalated, SaveRequest, MarkRequest, RecordRequestRemark,
                            OpenExpertQuestion, HandExpertQuestion, AnswerExpertQuestions, RecordDutyReport,
                            IssueLoginCode, EndConsoleAccess, PutCalendarFeed, RecordShiftReminder, ClaimWaits,
                            AskPhoneCheck, AnswerPhoneCheck, MarkPhoneCheckReminded>;

}  // namespace dutybot::storage
