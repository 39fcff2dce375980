#pragma once
// The bot's durable state in one SQLite file: seq cursor, seen events, people, chats, duties, timers, outbox.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/protocol.h"
#include "storage/changes.h"
#include "storage/database.h"
#include "storage/open_wait_index.h"

namespace dutybot::storage {

struct Duty {
  std::string user_id;
  std::string name;
  TimePoint since;
  TimePoint ends_at;
  std::string declared_in_chat;
  std::string declared_message_id;
};

struct Wait {
  std::int64_t id = 0;
  std::string chat_id;
  std::string chat_title;
  std::string client_id;
  std::string client_name;
  std::string first_text;
  TimePoint started_at;
  std::optional<TimePoint> nudged_at;
  std::optional<TimePoint> escalated_at;
};

struct Shift {
  std::string user_id;
  std::string name;
  TimePoint start;
  TimePoint end;
  std::int64_t id = 0;        // stays with the shift while its end changes (the calendar event's UID)
  std::int64_t revision = 0;  // how many times its end changed (the event's SEQUENCE)
};

// Who said «беру» about a waiting client, and until when the others' nudges leave it out.
struct WaitClaim {
  std::string user_id;
  std::string name;
  TimePoint until;
};
// A claimed client in a report: where, who took it, who answered (empty: nobody yet).
struct ClaimRecord {
  std::string chat_title;
  std::string client_name;
  std::string claimed_by;
  std::string answered_by;
};

// What a shift's reminder said: to whom, and the hours it named.
struct ShiftReminder {
  std::string user_id;
  TimePoint start;
  TimePoint end;
};
std::string_view to_string(CoverStatus status);

// Whose shifts a calendar link shows: the person's own, or (supervisors') the whole team's.
enum class CalendarScope { own, team };
std::string_view to_string(CalendarScope scope);
struct CalendarFeed {
  std::string user_id;
  CalendarScope scope = CalendarScope::own;
};

// What a shift report counts over a window.
struct WaitStats {
  std::int64_t received = 0;                               // waits opened in the window
  std::int64_t answered = 0;                               // of those, answered by the window's end
  std::vector<std::chrono::milliseconds> first_responses;  // of those answered, ascending
  // The same, per person who gave the first answer.
  std::map<std::string, std::vector<std::chrono::milliseconds>> by_answerer;
};

// A request as the bot tracks it: the latest snapshot and the moments its rules hang on.
struct TrackedRequest {
  proto::Request request;
  TimePoint created_at;
  std::optional<TimePoint> call_due;
  std::optional<TimePoint> called_at;
  std::optional<TimePoint> escalated_at;
  std::optional<TimePoint> note_reminded_at;
  std::optional<TimePoint> order_reminded_at;  // named in «Сначала новые запросы» (once)
};

// A client question as the history pages count it: when it came, and the first answer's delay if any.
struct WaitOutcome {
  TimePoint started_at;
  std::optional<std::chrono::milliseconds> first_response;
  bool open = false;  // still waiting now
};

// Who a console session or login code belongs to.
struct ConsoleUser {
  proto::User user;
  TimePoint expires_at;
};

struct DueTimer {
  std::int64_t id = 0;
  std::string kind;
  std::string key;
  TimePoint due;
  std::string payload;
};

struct OutboxMessage {
  std::int64_t id = 0;
  proto::Send send;
};

// Everything one event or one due timer changes, committed atomically.
struct Batch {
  std::optional<std::int64_t> seq;             // moves the cursor when set
  std::optional<std::string> event_id;         // remembered for dedupe when set
  std::optional<std::int64_t> fired_timer_id;  // deleted when set
  std::vector<Change> changes;
  std::vector<proto::Send> outgoing;  // appended to the outbox (a known req_id is skipped)
  // req_id → a secret inside that message's text (a login link): masked in the stored row once the gateway has
  // confirmed or refused the send, so it does not stay at rest.
  std::map<std::string, std::string> secrets;
  // req_id → the waits that message lists (a nudge), so a reply to it can name them.
  std::map<std::string, std::vector<std::int64_t>> listed_waits;
  // req_id → what that message is about (a cover request's post), so a reply to it can be routed there.
  std::map<std::string, std::string> topics;
};

class BotStore {
public:
  explicit BotStore(const std::string& path);

  // ---- reads (the view handlers get) ----
  std::int64_t last_seq() const;  // kept in memory, in step with the store
  bool event_seen(const std::string& event_id) const;
  // Records an event as handled, in the caller's transaction; false when it was already (a duplicate). One statement
  // where a lookup and an insert were two: the event's effects must commit in the same transaction.
  bool claim_event(const std::string& event_id, std::optional<std::int64_t> seq, TimePoint now);
  std::optional<proto::User> person(const std::string& id) const;  // from memory, in step with the store
  std::vector<proto::User> people() const;
  std::optional<proto::Chat> chat(const std::string& id) const;  // from memory, in step with the store
  std::optional<std::string> first_chat_of_kind(proto::ChatKind kind) const;
  std::vector<Duty> active_duties(TimePoint now) const;  // ends_at > now, soonest end first
  std::optional<Duty> duty_of(const std::string& user_id, TimePoint now) const;
  std::optional<Duty> duty_declared_by(const std::string& message_id) const;

  std::vector<proto::User> people_with_role(proto::Role role) const;

  // ---- waits ----
  std::vector<Wait> open_waits(int limit) const;  // oldest first
  // How many waits are open (that started at or before `started_by`, when given).
  std::int64_t open_wait_count(std::optional<TimePoint> started_by = std::nullopt) const;
  std::optional<Wait> open_wait_of_message(const std::string& message_id) const;
  std::optional<TimePoint> last_notified(const std::string& recipient) const;
  std::optional<TimePoint> timer_due(const std::string& kind, const std::string& key) const;

  // ---- duty rows, whether or not they have ended ----
  std::optional<Duty> duty_row(const std::string& user_id) const;

  // ---- schedule ----
  std::vector<Shift> shifts_between(TimePoint from, TimePoint to) const;  // overlapping [from, to), by start
  std::optional<Shift> shift_at(const std::string& user_id, TimePoint start) const;
  std::vector<Shift> shifts_of(const std::string& user_id, TimePoint from, TimePoint to) const;
  std::optional<Shift> shift_by_id(std::int64_t id) const;
  std::optional<ShiftReminder> shift_reminder(std::int64_t shift_id) const;
  // Changes to shifts overlapping [from, to), oldest first.
  std::vector<ScheduleChange> schedule_changes(TimePoint from, TimePoint to) const;

  // ---- cover requests ----
  std::optional<Cover> cover(const std::string& key) const;
  // The person's cover requests still open or awaiting approval, newest first.
  std::vector<Cover> pending_covers_of(const std::string& requester_id) const;
  // What a message the bot posted is about ("cover:<key>", …), once the gateway confirmed it.
  std::optional<std::string> topic_of(const std::string& message_id) const;
  // ---- claims («беру») ----
  // The waits a message the bot posted lists (by the gateway's message id), once the gateway confirmed it.
  std::vector<std::int64_t> waits_listed_in(const std::string& message_id) const;
  // The unexpired claims among these waits.
  std::map<std::int64_t, WaitClaim> wait_claims(const std::vector<std::int64_t>& wait_ids, TimePoint now) const;
  // Claims made in [from, to), by time, with who answered each client.
  std::vector<ClaimRecord> claims_between(TimePoint from, TimePoint to) const;

  // ---- report figures ----
  WaitStats wait_stats(TimePoint from, TimePoint to) const;
  std::int64_t notifications(const std::string& recipient, const std::string& kind, TimePoint from, TimePoint to) const;

  // ---- calls ----
  std::vector<MissedCall> open_calls(int limit) const;  // oldest first
  std::int64_t open_call_count() const;
  std::optional<MissedCall> open_call(const std::string& call_id) const;
  std::vector<MissedCall> open_calls_from(const std::string& number) const;
  // Calls whose callback deadline fell in [from, to], with when (if ever) they were returned.
  std::vector<MissedCall> calls_due_between(TimePoint from, TimePoint to) const;

  // ---- requests ----
  std::optional<TrackedRequest> request(const std::string& id) const;
  std::vector<TrackedRequest> requests_in_status(const std::string& status, int limit) const;  // oldest first
  std::int64_t request_count_in_status(const std::string& status) const;
  // Site requests whose call was due in [from, to].
  std::vector<TrackedRequest> requests_due_between(TimePoint from, TimePoint to) const;
  // Requests whose «Напоминание» reminder went out in [from, to].
  std::vector<TrackedRequest> requests_note_reminded_between(TimePoint from, TimePoint to) const;
  // The phone check of a shift, by its shift key.
  std::optional<PhoneCheck> phone_check(const std::string& shift_key) const;
  // The person's latest phone check for a shift that has not ended by `now` (a direct message may answer it).
  std::optional<PhoneCheck> current_phone_check(const std::string& user_id, TimePoint now) const;
  // The person's latest phone check for a shift starting in [from, to] (the report's line).
  std::optional<PhoneCheck> phone_check_between(const std::string& user_id, TimePoint from, TimePoint to) const;
  // What the person did against the request rules in [from, to], oldest first.
  std::vector<RequestRemark> request_remarks_between(const std::string& user_id, TimePoint from, TimePoint to) const;
  std::optional<ExpertQuestion> open_expert_question(const std::string& message_id) const;
  std::vector<ExpertQuestion> open_expert_questions(const std::string& request_id) const;
  // Questions handed to the assistant and not answered yet; oldest first.
  std::vector<ExpertQuestion> open_handed_questions(int limit) const;
  std::int64_t open_handed_question_count() const;
  // Questions handed to the assistant in [from, to], answered or not; oldest first.
  std::vector<ExpertQuestion> questions_handed_between(TimePoint from, TimePoint to) const;

  // ---- history (the console) ----
  // Duty reports of duties that ended in [from, to), by end.
  std::vector<DutyReport> duty_reports_between(TimePoint from, TimePoint to) const;
  // Client questions that started in [from, to) (withdrawn ones left out), by start.
  std::vector<WaitOutcome> waits_started_between(TimePoint from, TimePoint to) const;

  // ---- the console's login (written by the HTTP edge, each call its own transaction) ----
  // Whether a login code is unused, unexpired and its person still a supervisor (the code's hash is given).
  std::optional<ConsoleUser> login_code_owner(const std::string& code_hash, TimePoint now) const;
  // Spends the code and opens a session under token_hash valid for `ttl`, in one transaction: nullopt (and
  // nothing written) when the code is spent, expired, unknown or its person is no longer a supervisor.
  std::optional<ConsoleUser> redeem_login_code(const std::string& code_hash, const std::string& token_hash,
                                               TimePoint now, std::chrono::milliseconds ttl);
  // The supervisor a session belongs to, while it is unexpired and the person is still a supervisor.
  std::optional<ConsoleUser> console_session(const std::string& token_hash, TimePoint now) const;
  void end_console_session(const std::string& token_hash);

  // ---- calendar feeds ----
  // The secret of a person's link of that scope, if they asked for one.
  std::optional<std::string> calendar_secret(const std::string& user_id, CalendarScope scope) const;
  // Whose link a secret is, while its person is still staff (a team link: still a supervisor).
  std::optional<CalendarFeed> calendar_feed(const std::string& secret) const;

  // ---- writes ----
  void apply(const Batch& batch, TimePoint now);
  void set_last_seq(std::int64_t seq);  // follows a gateway that restarted its numbering

  // ---- scheduler ----
  std::optional<TimePoint> next_due() const;
  std::vector<DueTimer> due_timers(TimePoint now, int limit) const;

  // ---- outbox ----
  std::vector<OutboxMessage> pending_outbox(int limit) const;
  std::int64_t pending_outbox_count() const;
  // The text of the outbox row with this req_id as it is stored now (tests and diagnostics).
  std::optional<std::string> outbox_text(const std::string& req_id) const;
  void mark_sent(const std::string& req_id, const std::string& message_id, TimePoint now);
  void mark_failed(const std::string& req_id, const std::string& error, TimePoint now);
  // Which req_ids the outbox has ever held (tests and diagnostics).
  std::int64_t outbox_total() const;

  // Drops dedupe and outbox history older than the horizon.
  void prune(TimePoint older_than);

  // Whether the database takes a write now (a write lock and a row written, then rolled back); `why` when not.
  bool writable(std::string& why);

  Database& db() const { return *db_; }
  // After a rollback: what is kept in memory is read again from the file on next use.
  void forget_cached_state();
  // Writes the seq cursor that applies inside an outer transaction (a group commit) left in memory; the owner of
  // that transaction calls it before committing. apply() on its own writes the cursor itself.
  void write_cursor();

private:
  void apply_change(const Change& c, TimePoint now);
  void apply_in_transaction(const Batch& batch, TimePoint now);
  void record_duty_report(const DutyReport& report);
  void load_directory() const;
  std::unique_ptr<Database> db_;
  mutable std::optional<std::int64_t> last_seq_;  // the cursor, as committed or as written in the open transaction
  bool cursor_unwritten_ = false;                 // last_seq_ is ahead of the meta row (inside a group commit)
  // People and chats, read on every event: loaded once, then changed with the rows they mirror.
  struct Directory {
    std::unordered_map<std::string, proto::User> people;
    std::unordered_map<std::string, proto::Chat> chats;
  };
  mutable std::optional<Directory> directory_;
  mutable std::optional<OpenWaitIndex> open_waits_;  // loaded on first count, then changed with the waits' rows
  // Messages listing waits or having a topic whose gateway message id is not known yet: only their confirmation
  // writes it, so the common confirmation (a reply) costs no extra statement.
  std::set<std::string> unconfirmed_refs_;
};

}  // namespace dutybot::storage
