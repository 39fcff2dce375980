#include "storage/bot_store.h"

#include "core/overloaded.h"

#include "storage/migrations.h"

#include <algorithm>
#include <charconv>

#include <sqlite3.h>
#include <nlohmann/json.hpp>

namespace dutybot::storage {
namespace {

std::optional<TimePoint> opt_time(const Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return from_unix_ms(st.int64(col));
}
void bind_time(Statement& st, int index, std::optional<TimePoint> t) {
  if (t)
    st.bind(index, to_unix_ms(*t));
  else
    st.bind_null(index);
}
// Every row of a statement, each read by `read`.
template <class Read>
auto read_all(Statement& st, Read read) {
  std::vector<decltype(read(st))> out;
  while (st.step()) out.push_back(read(st));
  return out;
}
// The first row, read by `read`, or nullopt when there is none.
template <class Read>
auto read_one(Statement& st, Read read) -> std::optional<decltype(read(st))> {
  if (!st.step()) return std::nullopt;
  return read(st);
}

proto::User read_person(const Statement& st) {
  proto::User u;
  u.id = st.text(0);
  u.name = st.text(1);
  u.role = proto::role_from_string(st.text(2)).value_or(proto::Role::client);
  return u;
}
TimePoint read_time(const Statement& st) { return from_unix_ms(st.int64(0)); }

Duty read_duty(const Statement& st) {
  Duty d;
  d.user_id = st.text(0);
  d.name = st.text(1);
  d.since = from_unix_ms(st.int64(2));
  d.ends_at = from_unix_ms(st.int64(3));
  d.declared_in_chat = st.text(4);
  d.declared_message_id = st.text(5);
  return d;
}

constexpr const char* kDutySelect =
    "SELECT d.user_id, COALESCE(p.name, d.user_id), d.since, d.ends_at, d.declared_in_chat, d.declared_message_id "
    "FROM duties d LEFT JOIN people p ON p.id = d.user_id ";

}  // namespace

BotStore::BotStore(const std::string& path) : db_(std::make_unique<Database>(path)) {
  db_->migrate(bot_migrations());
  auto st = db_->prepare(
      "SELECT req_id FROM message_waits WHERE message_id IS NULL UNION SELECT req_id FROM message_topics WHERE "
      "message_id IS NULL");
  while (st.step()) unconfirmed_refs_.insert(st.text(0));
}

std::int64_t BotStore::last_seq() const {
  if (!last_seq_) {
    auto st = db_->prepare("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_seq'");
    last_seq_ = st.step() ? st.int64(0) : 0;
  }
  return *last_seq_;
}

void BotStore::forget_cached_state() {
  last_seq_.reset();
  cursor_unwritten_ = false;
  directory_.reset();
  open_waits_.reset();
}

void BotStore::load_directory() const {
  if (directory_) return;
  Directory d;
  for (auto& u : people()) d.people.emplace(u.id, std::move(u));
  auto st = db_->prepare("SELECT id, kind, title FROM chats");
  while (st.step())
    d.chats.emplace(st.text(0),
                    proto::Chat{st.text(0), proto::chat_kind_from_string(st.text(1)).value_or(proto::ChatKind::country),
                                st.text(2)});
  directory_ = std::move(d);
}

bool BotStore::event_seen(const std::string& event_id) const {
  auto st = db_->prepare("SELECT 1 FROM processed_events WHERE event_id = ?");
  st.bind(1, event_id);
  return st.step();
}

bool BotStore::claim_event(const std::string& event_id, std::optional<std::int64_t> seq, TimePoint now) {
  auto st = db_->prepare("INSERT OR IGNORE INTO processed_events(event_id, seq, handled_at) VALUES (?, ?, ?)");
  st.bind(1, event_id);
  if (seq)
    st.bind(2, *seq);
  else
    st.bind_null(2);
  st.bind(3, to_unix_ms(now)).run();
  return db_->changes() > 0;
}

std::optional<proto::User> BotStore::person(const std::string& id) const {
  load_directory();
  auto found = directory_->people.find(id);
  if (found == directory_->people.end()) return std::nullopt;
  return found->second;
}

std::vector<proto::User> BotStore::people() const {
  auto st = db_->prepare("SELECT id, name, role FROM people ORDER BY id");
  return read_all(st, read_person);
}

std::optional<proto::Chat> BotStore::chat(const std::string& id) const {
  load_directory();
  auto found = directory_->chats.find(id);
  if (found == directory_->chats.end()) return std::nullopt;
  return found->second;
}

std::optional<std::string> BotStore::first_chat_of_kind(proto::ChatKind kind) const {
  auto st = db_->prepare("SELECT id FROM chats WHERE kind = ? ORDER BY rowid LIMIT 1");
  st.bind(1, proto::to_string(kind));
  if (!st.step()) return std::nullopt;
  return st.text(0);
}

std::vector<Duty> BotStore::active_duties(TimePoint now) const {
  auto st = db_->prepare(std::string(kDutySelect) + "WHERE d.ends_at > ? ORDER BY d.ends_at, d.user_id");
  st.bind(1, to_unix_ms(now));
  return read_all(st, read_duty);
}

std::optional<Duty> BotStore::duty_of(const std::string& user_id, TimePoint now) const {
  auto st = db_->prepare(std::string(kDutySelect) + "WHERE d.user_id = ? AND d.ends_at > ?");
  st.bind(1, user_id).bind(2, to_unix_ms(now));
  return read_one(st, read_duty);
}

std::optional<Duty> BotStore::duty_declared_by(const std::string& message_id) const {
  auto st = db_->prepare(std::string(kDutySelect) + "WHERE d.declared_message_id = ?");
  st.bind(1, message_id);
  return read_one(st, read_duty);
}

std::vector<proto::User> BotStore::people_with_role(proto::Role role) const {
  auto st = db_->prepare("SELECT id, name, role FROM people WHERE role = ? ORDER BY id");
  st.bind(1, proto::to_string(role));
  return read_all(st, read_person);
}

namespace {
constexpr const char* kWaitSelect =
    "SELECT id, chat_id, chat_title, client_id, client_name, first_text, started_at, nudged_at, escalated_at "
    "FROM waits ";
Wait read_wait(const Statement& st) {
  Wait w;
  w.id = st.int64(0);
  w.chat_id = st.text(1);
  w.chat_title = st.text(2);
  w.client_id = st.text(3);
  w.client_name = st.text(4);
  w.first_text = st.text(5);
  w.started_at = from_unix_ms(st.int64(6));
  w.nudged_at = opt_time(st, 7);
  w.escalated_at = opt_time(st, 8);
  return w;
}
}  // namespace

std::vector<Wait> BotStore::open_waits(int limit) const {
  auto st = db_->prepare(std::string(kWaitSelect) + "WHERE status = 'open' ORDER BY started_at, id LIMIT ?");
  st.bind(1, limit);
  return read_all(st, read_wait);
}

std::int64_t BotStore::open_wait_count(std::optional<TimePoint> started_by) const {
  if (!open_waits_) {
    OpenWaitIndex index;
    auto st = db_->prepare("SELECT id, started_at FROM waits WHERE status = 'open'");
    while (st.step()) index.add(st.int64(0), from_unix_ms(st.int64(1)));
    open_waits_ = std::move(index);
  }
  return started_by ? open_waits_->count_started_by(*started_by) : open_waits_->size();
}

std::optional<Wait> BotStore::open_wait_of_message(const std::string& message_id) const {
  auto st = db_->prepare(std::string(kWaitSelect) +
                         "WHERE status = 'open' AND id = (SELECT wait_id FROM wait_messages WHERE message_id = ?)");
  st.bind(1, message_id);
  return read_one(st, read_wait);
}

std::optional<TimePoint> BotStore::last_notified(const std::string& recipient) const {
  auto st = db_->prepare("SELECT last_sent_at FROM notify_marks WHERE recipient = ?");
  st.bind(1, recipient);
  return read_one(st, read_time);
}

std::optional<TimePoint> BotStore::timer_due(const std::string& kind, const std::string& key) const {
  auto st = db_->prepare("SELECT due_at FROM timers WHERE kind = ? AND key = ?");
  st.bind(1, kind).bind(2, key);
  return read_one(st, read_time);
}

std::optional<Duty> BotStore::duty_row(const std::string& user_id) const {
  auto st = db_->prepare(std::string(kDutySelect) + "WHERE d.user_id = ?");
  st.bind(1, user_id);
  return read_one(st, read_duty);
}

namespace {
constexpr const char* kShiftSelect =
    "SELECT s.user_id, COALESCE(p.name, s.user_id), s.start_at, s.end_at, s.id, s.revision FROM shifts s "
    "LEFT JOIN people p ON p.id = s.user_id ";
Shift read_shift(const Statement& st) {
  return Shift{st.text(0), st.text(1), from_unix_ms(st.int64(2)), from_unix_ms(st.int64(3)), st.int64(4), st.int64(5)};
}
}  // namespace

std::vector<Shift> BotStore::shifts_between(TimePoint from, TimePoint to) const {
  auto st =
      db_->prepare(std::string(kShiftSelect) + "WHERE s.end_at > ? AND s.start_at < ? ORDER BY s.start_at, s.user_id");
  st.bind(1, to_unix_ms(from)).bind(2, to_unix_ms(to));
  return read_all(st, read_shift);
}

std::optional<Shift> BotStore::shift_at(const std::string& user_id, TimePoint start) const {
  auto st = db_->prepare(std::string(kShiftSelect) + "WHERE s.user_id = ? AND s.start_at = ?");
  st.bind(1, user_id).bind(2, to_unix_ms(start));
  return read_one(st, read_shift);
}

std::vector<Shift> BotStore::shifts_of(const std::string& user_id, TimePoint from, TimePoint to) const {
  auto st = db_->prepare(std::string(kShiftSelect) +
                         "WHERE s.user_id = ? AND s.end_at > ? AND s.start_at < ? ORDER BY s.start_at");
  st.bind(1, user_id).bind(2, to_unix_ms(from)).bind(3, to_unix_ms(to));
  return read_all(st, read_shift);
}

std::optional<Shift> BotStore::shift_by_id(std::int64_t id) const {
  auto st = db_->prepare(std::string(kShiftSelect) + "WHERE s.id = ?");
  st.bind(1, id);
  return read_one(st, read_shift);
}

std::optional<ShiftReminder> BotStore::shift_reminder(std::int64_t shift_id) const {
  // A reminder recorded before the start was kept names no start: it is taken as the shift's own.
  auto st = db_->prepare(
      "SELECT r.user_id, COALESCE(r.start_at, s.start_at, 0), r.end_at FROM shift_reminders r "
      "LEFT JOIN shifts s ON s.id = r.shift_id WHERE r.shift_id = ?");
  st.bind(1, shift_id);
  return read_one(st, [](const Statement& row) {
    return ShiftReminder{row.text(0), from_unix_ms(row.int64(1)), from_unix_ms(row.int64(2))};
  });
}

namespace {
constexpr std::pair<ScheduleChangeKind, std::string_view> kScheduleChangeKinds[] = {
    {ScheduleChangeKind::added, "added"},
    {ScheduleChangeKind::changed, "changed"},
    {ScheduleChangeKind::removed, "removed"},
    {ScheduleChangeKind::covered, "covered"}};
constexpr std::pair<CoverStatus, std::string_view> kCoverStatuses[] = {
    {CoverStatus::open, "open"},
    {CoverStatus::awaiting_approval, "awaiting_approval"},
    {CoverStatus::taken, "taken"},
    {CoverStatus::declined, "declined"},
    {CoverStatus::cancelled, "cancelled"}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::pair<Enum, std::string_view> (&names)[N], Enum value) {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return names[0].second;
}
template <class Enum, std::size_t N>
Enum value_of(const std::pair<Enum, std::string_view> (&names)[N], std::string_view name) {
  for (const auto& [v, n] : names)
    if (n == name) return v;
  throw DbError("unknown value in the database: " + std::string(name), SQLITE_CORRUPT);
}

constexpr const char* kCoverSelect =
    "SELECT key, requester_id, shift_id, start_at, end_at, created_at, status, taker_id, decided_by FROM covers ";
Cover read_cover(const Statement& st) {
  Cover c;
  c.key = st.text(0);
  c.requester_id = st.text(1);
  c.shift_id = st.int64(2);
  c.start = from_unix_ms(st.int64(3));
  c.end = from_unix_ms(st.int64(4));
  c.created_at = from_unix_ms(st.int64(5));
  c.status = value_of(kCoverStatuses, st.text(6));
  c.taker_id = st.text(7);
  c.decided_by = st.text(8);
  return c;
}
}  // namespace

std::string_view to_string(CoverStatus status) { return name_of(kCoverStatuses, status); }

std::vector<ScheduleChange> BotStore::schedule_changes(TimePoint from, TimePoint to) const {
  // Shifts are shorter than two days, so the index range on the start is bounded below too.
  auto st = db_->prepare(
      "SELECT kind, user_id, previous_user_id, start_at, end_at, by_user_id, at FROM schedule_changes "
      "WHERE start_at >= ? AND start_at < ? AND end_at > ? ORDER BY at, id");
  st.bind(1, to_unix_ms(from - std::chrono::hours(48))).bind(2, to_unix_ms(to)).bind(3, to_unix_ms(from));
  return read_all(st, [](const Statement& row) {
    return ScheduleChange{value_of(kScheduleChangeKinds, row.text(0)),
                          row.text(1),
                          row.text(2),
                          from_unix_ms(row.int64(3)),
                          from_unix_ms(row.int64(4)),
                          row.text(5),
                          from_unix_ms(row.int64(6))};
  });
}

std::optional<Cover> BotStore::cover(const std::string& key) const {
  auto st = db_->prepare(std::string(kCoverSelect) + "WHERE key = ?");
  st.bind(1, key);
  return read_one(st, read_cover);
}

std::vector<Cover> BotStore::pending_covers_of(const std::string& requester_id) const {
  auto st = db_->prepare(std::string(kCoverSelect) +
                         "WHERE requester_id = ? AND status IN ('open', 'awaiting_approval') ORDER BY created_at DESC");
  st.bind(1, requester_id);
  return read_all(st, read_cover);
}

std::optional<std::string> BotStore::topic_of(const std::string& message_id) const {
  auto st = db_->prepare("SELECT topic FROM message_topics WHERE message_id = ?");
  st.bind(1, message_id);
  return read_one(st, [](const Statement& row) { return row.text(0); });
}

std::vector<std::int64_t> BotStore::waits_listed_in(const std::string& message_id) const {
  auto st = db_->prepare("SELECT wait_id FROM message_waits WHERE message_id = ? ORDER BY wait_id");
  st.bind(1, message_id);
  return read_all(st, [](const Statement& row) { return row.int64(0); });
}

std::map<std::int64_t, WaitClaim> BotStore::wait_claims(const std::vector<std::int64_t>& wait_ids,
                                                        TimePoint now) const {
  std::map<std::int64_t, WaitClaim> out;
  if (wait_ids.empty()) return out;
  auto st = db_->prepare("SELECT user_id, name, until_at FROM wait_claims WHERE wait_id = ? AND until_at > ?");
  for (auto id : wait_ids) {
    st.bind(1, id).bind(2, to_unix_ms(now));
    if (st.step()) out.emplace(id, WaitClaim{st.text(0), st.text(1), from_unix_ms(st.int64(2))});
    st.reset();
  }
  return out;
}

std::vector<ClaimRecord> BotStore::claims_between(TimePoint from, TimePoint to) const {
  auto st = db_->prepare(
      "SELECT w.chat_title, w.client_name, c.name, COALESCE(p.name, w.answered_by, '') FROM wait_claims c "
      "JOIN waits w ON w.id = c.wait_id LEFT JOIN people p ON p.id = w.answered_by "
      "WHERE c.claimed_at >= ? AND c.claimed_at < ? ORDER BY c.claimed_at, c.wait_id");
  st.bind(1, to_unix_ms(from)).bind(2, to_unix_ms(to));
  return read_all(st, [](const Statement& row) {
    return ClaimRecord{row.text(0), row.text(1), row.text(2), row.text(3)};
  });
}

WaitStats BotStore::wait_stats(TimePoint from, TimePoint to) const {
  WaitStats stats;
  auto st = db_->prepare(
      "SELECT CASE WHEN answered_at IS NOT NULL AND answered_at <= ?2 THEN answered_at - started_at END, answered_by "
      "FROM waits WHERE started_at >= ?1 AND started_at < ?2 AND status <> 'withdrawn'");
  st.bind(1, to_unix_ms(from)).bind(2, to_unix_ms(to));
  while (st.step()) {
    ++stats.received;
    if (!st.is_null(0)) {
      ++stats.answered;
      stats.first_responses.emplace_back(st.int64(0));
      if (!st.is_null(1)) stats.by_answerer[st.text(1)].emplace_back(st.int64(0));
    }
  }
  std::sort(stats.first_responses.begin(), stats.first_responses.end());
  for (auto& [who, list] : stats.by_answerer) std::sort(list.begin(), list.end());
  return stats;
}

std::int64_t BotStore::notifications(const std::string& recipient, const std::string& kind, TimePoint from,
                                     TimePoint to) const {
  auto st = db_->prepare(
      "SELECT COUNT(*) FROM notify_log WHERE recipient = ? AND kind = ? AND sent_at >= ? AND sent_at <= ?");
  st.bind(1, recipient).bind(2, kind).bind(3, to_unix_ms(from)).bind(4, to_unix_ms(to));
  st.step();
  return st.int64(0);
}

namespace {
constexpr const char* kCallSelect =
    "SELECT call_id, from_number, to_line, to_user, missed_at, stage, deadline_at, returned_at FROM calls ";
MissedCall read_call(const Statement& st) {
  MissedCall c;
  c.call_id = st.text(0);
  c.from_number = st.text(1);
  c.to_line = st.text(2);
  c.to_user = st.opt_text(3);
  c.missed_at = from_unix_ms(st.int64(4));
  c.stage = st.text(5);
  c.deadline = opt_time(st, 6);
  c.returned_at = opt_time(st, 7);
  return c;
}

constexpr const char* kRequestSelect =
    "SELECT body, created_at, call_due_at, called_at, escalated_at, note_reminded_at, order_reminded_at FROM requests ";
TrackedRequest read_request(const Statement& st) {
  TrackedRequest r;
  std::string why;
  auto parsed = proto::decode_request(st.text(0), &why);
  if (!parsed) throw std::runtime_error("stored request unreadable: " + why);
  r.request = std::move(*parsed);
  r.created_at = from_unix_ms(st.int64(1));
  r.call_due = opt_time(st, 2);
  r.called_at = opt_time(st, 3);
  r.escalated_at = opt_time(st, 4);
  r.note_reminded_at = opt_time(st, 5);
  r.order_reminded_at = opt_time(st, 6);
  return r;
}

constexpr const char* kQuestionSelect =
    "SELECT message_id, request_id, client_name, expert_id, text, received_at, reason, handed_at, answered_at "
    "FROM expert_questions ";
ExpertQuestion read_question(const Statement& st) {
  ExpertQuestion q;
  q.message_id = st.text(0);
  q.request_id = st.text(1);
  q.client_name = st.text(2);
  q.expert_id = st.text(3);
  q.text = st.text(4);
  q.received_at = from_unix_ms(st.int64(5));
  q.reason = st.text(6);
  q.handed_at = opt_time(st, 7);
  q.answered_at = opt_time(st, 8);
  return q;
}
}  // namespace

std::vector<MissedCall> BotStore::open_calls(int limit) const {
  auto st = db_->prepare(std::string(kCallSelect) + "WHERE status = 'open' ORDER BY missed_at, call_id LIMIT ?");
  st.bind(1, limit);
  return read_all(st, read_call);
}

std::int64_t BotStore::open_call_count() const {
  auto st = db_->prepare("SELECT COUNT(*) FROM calls WHERE status = 'open'");
  st.step();
  return st.int64(0);
}

std::optional<MissedCall> BotStore::open_call(const std::string& call_id) const {
  auto st = db_->prepare(std::string(kCallSelect) + "WHERE status = 'open' AND call_id = ?");
  st.bind(1, call_id);
  return read_one(st, read_call);
}

std::vector<MissedCall> BotStore::open_calls_from(const std::string& number) const {
  auto st = db_->prepare(std::string(kCallSelect) + "WHERE status = 'open' AND from_number = ? ORDER BY missed_at");
  st.bind(1, number);
  return read_all(st, read_call);
}

std::vector<MissedCall> BotStore::calls_due_between(TimePoint from, TimePoint to) const {
  auto st = db_->prepare(std::string(kCallSelect) + "WHERE deadline_at >= ? AND deadline_at <= ? ORDER BY deadline_at");
  st.bind(1, to_unix_ms(from)).bind(2, to_unix_ms(to));
  return read_all(st, read_call);
}

std::optional<TrackedRequest> BotStore::request(const std::string& id) const {
  auto st = db_->prepare(std::string(kRequestSelect) + "WHERE request_id = ?");
  st.bind(1, id);
  return read_one(st, read_request);
}

std::vector<TrackedRequest> BotStore::requests_in_status(const std::string& status, int limit) const {
  auto st = db_->prepare(std::string(kRequestSelect) + "WHERE status = ? ORDER BY created_at, request_id LIMIT ?");
  st.bind(1, status).bind(2, limit);
  return read_all(st, read_request);
}

std::int64_t BotStore::request_count_in_status(const std::string& status) const {
  auto st = db_->prepare("SELECT COUNT(*) FROM requests WHERE status = ?");
  st.bind(1, status);
  st.step();
  return st.int64(0);
}

std::vector<TrackedRequest> BotStore::requests_due_between(TimePoint from, TimePoint to) const {
  auto st =
      db_->prepare(std::string(kRequestSelect) +
                   "WHERE call_due_at IS NOT NULL AND call_due_at >= ? AND call_due_at <= ? ORDER BY call_due_at");
  st.bind(1, to_unix_ms(from)).bind(2, to_unix_ms(to));
  return read_all(st, read_request);
}

std::vector<TrackedRequest> BotStore::requests_note_reminded_between(TimePoint from, TimePoint to) const {
  auto st = db_->prepare(std::string(kRequestSelect) +
                         "WHERE note_reminded_at IS NOT NULL AND note_reminded_at >= ? AND note_reminded_at <= ? "
                         "ORDER BY note_reminded_at");
  st.bind(1, to_unix_ms(from)).bind(2, to_unix_ms(to));
  return read_all(st, read_request);
}

namespace {
constexpr const char* kPhoneCheckSelect =
    "SELECT shift_key, user_id, shift_start, shift_end, asked_at, status, answered_at, words, reminded_at "
    "FROM phone_checks ";
const char* remark_kind_name(RequestRemarkKind k) {
  switch (k) {
    case RequestRemarkKind::self_assigned:
      return "self_assigned";
    case RequestRemarkKind::out_of_order:
      return "out_of_order";
  }
  return "out_of_order";
}
const char* phone_status_name(PhoneCheckStatus s) {
  switch (s) {
    case PhoneCheckStatus::asked:
      return "asked";
    case PhoneCheckStatus::ok:
      return "ok";
    case PhoneCheckStatus::problem:
      return "problem";
  }
  return "asked";
}
PhoneCheck read_phone_check(const Statement& st) {
  PhoneCheck c;
  c.shift_key = st.text(0);
  c.user_id = st.text(1);
  c.shift_start = from_unix_ms(st.int64(2));
  c.shift_end = from_unix_ms(st.int64(3));
  c.asked_at = from_unix_ms(st.int64(4));
  const std::string status = st.text(5);
  for (auto s : {PhoneCheckStatus::asked, PhoneCheckStatus::ok, PhoneCheckStatus::problem})
    if (status == phone_status_name(s)) c.status = s;
  c.answered_at = opt_time(st, 6);
  c.words = st.text(7);
  c.reminded_at = opt_time(st, 8);
  return c;
}
}  // namespace

std::optional<PhoneCheck> BotStore::phone_check(const std::string& shift_key) const {
  auto st = db_->prepare(std::string(kPhoneCheckSelect) + "WHERE shift_key = ?");
  st.bind(1, shift_key);
  return read_one(st, read_phone_check);
}

std::optional<PhoneCheck> BotStore::current_phone_check(const std::string& user_id, TimePoint now) const {
  auto st = db_->prepare(std::string(kPhoneCheckSelect) +
                         "WHERE user_id = ? AND shift_end > ? ORDER BY shift_start DESC LIMIT 1");
  st.bind(1, user_id).bind(2, to_unix_ms(now));
  return read_one(st, read_phone_check);
}

std::optional<PhoneCheck> BotStore::phone_check_between(const std::string& user_id, TimePoint from,
                                                        TimePoint to) const {
  auto st = db_->prepare(std::string(kPhoneCheckSelect) +
                         "WHERE user_id = ? AND shift_start >= ? AND shift_start <= ? ORDER BY shift_start DESC "
                         "LIMIT 1");
  st.bind(1, user_id).bind(2, to_unix_ms(from)).bind(3, to_unix_ms(to));
  return read_one(st, read_phone_check);
}

std::vector<RequestRemark> BotStore::request_remarks_between(const std::string& user_id, TimePoint from,
                                                             TimePoint to) const {
  auto st = db_->prepare(
      "SELECT kind, request_id, user_id, evidence, at FROM request_remarks WHERE at >= ? AND at <= ? AND user_id = ? "
      "ORDER BY at, id");
  st.bind(1, to_unix_ms(from)).bind(2, to_unix_ms(to)).bind(3, user_id);
  return read_all(st, [](const Statement& row) {
    RequestRemark r{RequestRemarkKind::out_of_order, row.text(1), row.text(2), row.text(3), from_unix_ms(row.int64(4))};
    for (auto k : {RequestRemarkKind::self_assigned, RequestRemarkKind::out_of_order})
      if (row.text(0) == remark_kind_name(k)) r.kind = k;
    return r;
  });
}

std::optional<ExpertQuestion> BotStore::open_expert_question(const std::string& message_id) const {
  auto st = db_->prepare(std::string(kQuestionSelect) + "WHERE message_id = ? AND answered_at IS NULL");
  st.bind(1, message_id);
  return read_one(st, read_question);
}

std::vector<ExpertQuestion> BotStore::open_expert_questions(const std::string& request_id) const {
  auto st =
      db_->prepare(std::string(kQuestionSelect) + "WHERE request_id = ? AND answered_at IS NULL ORDER BY received_at");
  st.bind(1, request_id);
  return read_all(st, read_question);
}

std::vector<ExpertQuestion> BotStore::open_handed_questions(int limit) const {
  auto st = db_->prepare(std::string(kQuestionSelect) +
                         "WHERE handed_at IS NOT NULL AND answered_at IS NULL ORDER BY handed_at LIMIT ?");
  st.bind(1, limit);
  return read_all(st, read_question);
}

std::int64_t BotStore::open_handed_question_count() const {
  auto st = db_->prepare("SELECT COUNT(*) FROM expert_questions WHERE handed_at IS NOT NULL AND answered_at IS NULL");
  st.step();
  return st.int64(0);
}

std::vector<ExpertQuestion> BotStore::questions_handed_between(TimePoint from, TimePoint to) const {
  auto st = db_->prepare(std::string(kQuestionSelect) +
                         "WHERE handed_at IS NOT NULL AND handed_at >= ? AND handed_at <= ? ORDER BY handed_at");
  st.bind(1, to_unix_ms(from)).bind(2, to_unix_ms(to));
  return read_all(st, read_question);
}

void BotStore::apply_change(const Change& change, TimePoint now) {
  // Every Change is named here: a new one fails to compile until it is stored.
  std::visit(
      Overloaded{
          [&](const UpsertPerson& c) {
            auto st = db_->prepare(
                "INSERT INTO people(id, name, role) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role");
            st.bind(1, c.user.id).bind(2, c.user.name).bind(3, proto::to_string(c.user.role)).run();
            if (directory_) directory_->people[c.user.id] = c.user;
          },
          [&](const UpsertChat& c) {
            auto st = db_->prepare(
                "INSERT INTO chats(id, kind, title) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, title = excluded.title");
            st.bind(1, c.chat.id).bind(2, proto::to_string(c.chat.kind)).bind(3, c.chat.title).run();
            if (directory_) directory_->chats[c.chat.id] = c.chat;
          },
          [&](const SetDuty& c) {
            // An expired row is replaced whole; a live one keeps its start and moves its end.
            auto st = db_->prepare(
                "INSERT INTO duties(user_id, since, ends_at, declared_in_chat, declared_message_id) "
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(user_id) DO UPDATE SET "
                "since = CASE WHEN duties.ends_at > ?2 THEN duties.since ELSE excluded.since END, "
                "ends_at = excluded.ends_at, declared_in_chat = excluded.declared_in_chat, "
                "declared_message_id = excluded.declared_message_id");
            st.bind(1, c.user_id)
                .bind(2, to_unix_ms(now))
                .bind(3, to_unix_ms(c.ends_at))
                .bind(4, c.declared_in_chat)
                .bind(5, c.declared_message_id)
                .run();
          },
          [&](const EndDuty& c) {
            auto st = db_->prepare("DELETE FROM duties WHERE user_id = ?");
            st.bind(1, c.user_id).run();
          },
          [&](const CancelDutyDeclaredBy& c) {
            auto st = db_->prepare("DELETE FROM duties WHERE declared_message_id = ?");
            st.bind(1, c.message_id).run();
          },
          [&](const ArmTimer& c) {
            auto st = db_->prepare(
                "INSERT INTO timers(kind, key, due_at, payload) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(kind, key) DO UPDATE SET due_at = excluded.due_at, payload = excluded.payload");
            st.bind(1, c.kind).bind(2, c.key).bind(3, to_unix_ms(c.due)).bind(4, c.payload).run();
          },
          [&](const CancelTimer& c) {
            auto st = db_->prepare("DELETE FROM timers WHERE kind = ? AND key = ?");
            st.bind(1, c.kind).bind(2, c.key).run();
          },
          [&](const OpenWait& c) {
            auto open = db_->prepare(
                "INSERT INTO waits(chat_id, chat_title, client_id, client_name, first_text, started_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(chat_id, client_id) WHERE status = 'open' DO NOTHING "
                "RETURNING id");
            open.bind(1, c.chat_id).bind(2, c.chat_title).bind(3, c.client_id).bind(4, c.client_name).bind(5, c.text);
            open.bind(6, to_unix_ms(c.started_at));
            while (open.step())
              if (open_waits_) open_waits_->add(open.int64(0), c.started_at);
            auto link = db_->prepare(
                "INSERT OR IGNORE INTO wait_messages(message_id, wait_id) "
                "SELECT ?, id FROM waits WHERE chat_id = ? AND client_id = ? AND status = 'open'");
            link.bind(1, c.message_id).bind(2, c.chat_id).bind(3, c.client_id).run();
          },
          [&](const AnswerWaits& c) {
            // Through the open waits' index on (chat_id, client_id), named so the planner cannot fall back to
            // scanning every open wait of every chat (which it did: `?4 IS NULL OR …` hides the index).
            auto st = db_->prepare(c.client_id
                                       ? "UPDATE waits INDEXED BY waits_one_open_per_client SET status = 'answered', "
                                         "answered_at = ?1, answered_by = ?2 WHERE chat_id = ?3 AND client_id = ?4 AND "
                                         "status = 'open' RETURNING id, started_at"
                                       : "UPDATE waits INDEXED BY waits_one_open_per_client SET status = 'answered', "
                                         "answered_at = ?1, answered_by = ?2 WHERE chat_id = ?3 AND status = 'open' "
                                         "RETURNING id, started_at");
            st.bind(1, to_unix_ms(c.at)).bind(2, c.answered_by).bind(3, c.chat_id);
            if (c.client_id) st.bind(4, *c.client_id);
            while (st.step())
              if (open_waits_) open_waits_->remove(st.int64(0), from_unix_ms(st.int64(1)));
          },
          [&](const DropWaitMessage& c) {
            auto find = db_->prepare("SELECT wait_id FROM wait_messages WHERE message_id = ?");
            find.bind(1, c.message_id);
            if (!find.step()) return;
            const std::int64_t wait_id = find.int64(0);
            find.reset();
            auto drop = db_->prepare("DELETE FROM wait_messages WHERE message_id = ?");
            drop.bind(1, c.message_id).run();
            auto withdraw = db_->prepare(
                "UPDATE waits SET status = 'withdrawn' WHERE id = ?1 AND status = 'open' AND "
                "NOT EXISTS (SELECT 1 FROM wait_messages WHERE wait_id = ?1) RETURNING id, started_at");
            withdraw.bind(1, wait_id);
            while (withdraw.step())
              if (open_waits_) open_waits_->remove(withdraw.int64(0), from_unix_ms(withdraw.int64(1)));
          },
          [&](const MarkWaitsNotified& c) {
            auto st =
                db_->prepare(c.escalated ? "UPDATE waits SET escalated_at = COALESCE(escalated_at, ?) WHERE id = ?"
                                         : "UPDATE waits SET nudged_at = COALESCE(nudged_at, ?) WHERE id = ?");
            for (auto id : c.wait_ids) st.bind(1, to_unix_ms(c.at)).bind(2, id).run();
          },
          [&](const PutShift& c) {
            auto st = db_->prepare(
                "INSERT INTO shifts(user_id, start_at, end_at, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(user_id, start_at) DO UPDATE SET end_at = excluded.end_at, "
                "revision = revision + (end_at <> excluded.end_at)");
            st.bind(1, c.user_id)
                .bind(2, to_unix_ms(c.start))
                .bind(3, to_unix_ms(c.end))
                .bind(4, to_unix_ms(now))
                .run();
          },
          [&](const MoveShift& c) {
            auto st = db_->prepare(
                "UPDATE shifts SET user_id = ?, start_at = ?, end_at = ?, revision = revision + 1 WHERE id = ?");
            st.bind(1, c.user_id).bind(2, to_unix_ms(c.start)).bind(3, to_unix_ms(c.end)).bind(4, c.shift_id).run();
          },
          [&](const RecordScheduleChange& c) {
            auto st = db_->prepare(
                "INSERT INTO schedule_changes(kind, user_id, previous_user_id, start_at, end_at, by_user_id, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)");
            const ScheduleChange& h = c.change;
            st.bind(1, name_of(kScheduleChangeKinds, h.kind)).bind(2, h.user_id).bind(3, h.previous_user_id);
            st.bind(4, to_unix_ms(h.start)).bind(5, to_unix_ms(h.end)).bind(6, h.by_user_id).bind(7, to_unix_ms(now));
            st.run();
          },
          [&](const OpenCover& c) {
            auto st = db_->prepare(
                "INSERT OR IGNORE INTO covers(key, requester_id, shift_id, start_at, end_at, created_at, status, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            const Cover& v = c.cover;
            st.bind(1, v.key).bind(2, v.requester_id).bind(3, v.shift_id).bind(4, to_unix_ms(v.start));
            st.bind(5, to_unix_ms(v.end)).bind(6, to_unix_ms(v.created_at)).bind(7, to_string(v.status));
            st.bind(8, to_unix_ms(now)).run();
          },
          [&](const SetCoverStatus& c) {
            auto st = db_->prepare(
                "UPDATE covers SET status = ?, taker_id = ?, decided_by = ?, updated_at = ? WHERE key = ?");
            st.bind(1, to_string(c.status)).bind(2, c.taker_id).bind(3, c.decided_by).bind(4, to_unix_ms(now));
            st.bind(5, c.key).run();
          },
          [&](const RemoveShift& c) {
            auto forget = db_->prepare(
                "DELETE FROM shift_reminders WHERE shift_id IN (SELECT id FROM shifts WHERE user_id = ? AND start_at = "
                "?)");
            forget.bind(1, c.user_id).bind(2, to_unix_ms(c.start)).run();
            auto st = db_->prepare("DELETE FROM shifts WHERE user_id = ? AND start_at = ?");
            st.bind(1, c.user_id).bind(2, to_unix_ms(c.start)).run();
          },
          [&](const OpenCall& c) {
            auto st = db_->prepare(
                "INSERT OR IGNORE INTO calls(call_id, from_number, to_line, to_user, missed_at, stage, deadline_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)");
            const MissedCall& m = c.call;
            st.bind(1, m.call_id).bind(2, m.from_number).bind(3, m.to_line).bind(4, m.to_user);
            st.bind(5, to_unix_ms(m.missed_at)).bind(6, m.stage);
            bind_time(st, 7, m.deadline);
            st.run();
          },
          [&](const HandCallToAssistant& c) {
            auto st = db_->prepare(
                "UPDATE calls SET stage = 'assistant', deadline_at = ? WHERE call_id = ? AND status = 'open'");
            st.bind(1, to_unix_ms(c.deadline)).bind(2, c.call_id).run();
          },
          [&](const ReturnCalls& c) {
            auto st = db_->prepare(
                "UPDATE calls SET status = 'returned', returned_at = ?, returned_how = ? "
                "WHERE status = 'open' AND from_number = ?");
            st.bind(1, to_unix_ms(c.at)).bind(2, c.how).bind(3, c.from_number).run();
          },
          [&](const MarkCallEscalated& c) {
            auto st = db_->prepare("UPDATE calls SET escalated_at = COALESCE(escalated_at, ?) WHERE call_id = ?");
            st.bind(1, to_unix_ms(c.at)).bind(2, c.call_id).run();
          },
          [&](const SaveRequest& c) {
            auto st = db_->prepare(
                "INSERT INTO requests(request_id, status, body, created_at, call_due_at, called_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(request_id) DO UPDATE SET status = excluded.status, "
                "body = excluded.body, called_at = COALESCE(requests.called_at, excluded.called_at)");
            st.bind(1, c.request.id).bind(2, c.request.status).bind(3, proto::encode_request(c.request));
            st.bind(4, to_unix_ms(c.created_at));
            bind_time(st, 5, c.call_due);
            bind_time(st, 6, c.called_at);
            st.run();
          },
          [&](const MarkRequest& c) {
            const char* sql = nullptr;
            switch (c.mark) {
              case RequestMark::escalated:
                sql = "UPDATE requests SET escalated_at = COALESCE(escalated_at, ?) WHERE request_id = ?";
                break;
              case RequestMark::note_reminded:
                sql = "UPDATE requests SET note_reminded_at = COALESCE(note_reminded_at, ?) WHERE request_id = ?";
                break;
              case RequestMark::order_reminded:
                sql = "UPDATE requests SET order_reminded_at = COALESCE(order_reminded_at, ?) WHERE request_id = ?";
                break;
            }
            auto st = db_->prepare(sql);
            st.bind(1, to_unix_ms(c.at)).bind(2, c.request_id).run();
          },
          [&](const RecordRequestRemark& c) {
            const RequestRemark& r = c.remark;
            auto st = db_->prepare(
                "INSERT INTO request_remarks(kind, request_id, user_id, evidence, at) VALUES (?, ?, ?, ?, ?)");
            st.bind(1, remark_kind_name(r.kind));
            st.bind(2, r.request_id).bind(3, r.user_id).bind(4, r.evidence).bind(5, to_unix_ms(r.at)).run();
          },
          [&](const OpenExpertQuestion& c) {
            const ExpertQuestion& q = c.question;
            auto st = db_->prepare(
                "INSERT OR IGNORE INTO expert_questions(message_id, request_id, client_name, expert_id, text, "
                "received_at, reason, handed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            st.bind(1, q.message_id).bind(2, q.request_id).bind(3, q.client_name).bind(4, q.expert_id).bind(5, q.text);
            st.bind(6, to_unix_ms(q.received_at)).bind(7, q.reason);
            bind_time(st, 8, q.handed_at);
            st.run();
          },
          [&](const HandExpertQuestion& c) {
            auto st = db_->prepare(
                "UPDATE expert_questions SET reason = ?, handed_at = ? "
                "WHERE message_id = ? AND handed_at IS NULL AND answered_at IS NULL");
            st.bind(1, c.reason).bind(2, to_unix_ms(c.at)).bind(3, c.message_id).run();
          },
          [&](const AnswerExpertQuestions& c) {
            auto st = db_->prepare(
                "UPDATE expert_questions SET answered_at = ?, answered_by = ? WHERE request_id = ? AND answered_at IS "
                "NULL");
            st.bind(1, to_unix_ms(c.at)).bind(2, c.answered_by).bind(3, c.request_id).run();
          },
          [&](const Notified& c) {
            auto mark = db_->prepare(
                "INSERT INTO notify_marks(recipient, last_sent_at) VALUES (?, ?) "
                "ON CONFLICT(recipient) DO UPDATE SET last_sent_at = excluded.last_sent_at");
            mark.bind(1, c.recipient).bind(2, to_unix_ms(c.at)).run();
            auto log = db_->prepare("INSERT INTO notify_log(sent_at, recipient, kind, waits) VALUES (?, ?, ?, ?)");
            log.bind(1, to_unix_ms(c.at))
                .bind(2, c.recipient)
                .bind(3, c.kind)
                .bind(4, static_cast<std::int64_t>(c.waits));
            log.run();
          },
          [&](const RecordDutyReport& c) { record_duty_report(c.report); },
          [&](const IssueLoginCode& c) {
            auto st = db_->prepare(
                "INSERT INTO console_codes(code_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(code_hash) DO NOTHING");
            st.bind(1, c.code_hash).bind(2, c.user_id).bind(3, to_unix_ms(now)).bind(4, to_unix_ms(c.expires_at));
            st.run();
          },
          [&](const EndConsoleAccess& c) {
            if (c.user_id) {
              auto sessions = db_->prepare("DELETE FROM console_sessions WHERE user_id = ?");
              sessions.bind(1, *c.user_id).run();
              auto codes = db_->prepare("DELETE FROM console_codes WHERE user_id = ? AND used_at IS NULL");
              codes.bind(1, *c.user_id).run();
              return;
            }
            db_->prepare(
                   "DELETE FROM console_sessions WHERE user_id NOT IN (SELECT id FROM people WHERE role = "
                   "'supervisor')")
                .run();
            db_->prepare(
                   "DELETE FROM console_codes WHERE used_at IS NULL AND user_id NOT IN (SELECT id FROM people WHERE "
                   "role = 'supervisor')")
                .run();
          },
          [&](const PutCalendarFeed& c) {
            auto st = db_->prepare(
                "INSERT INTO calendar_feeds(secret, user_id, scope, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(user_id, scope) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at");
            st.bind(1, c.secret).bind(2, c.user_id).bind(3, c.scope).bind(4, to_unix_ms(now)).run();
          },
          [&](const ClaimWaits& c) {
            auto st = db_->prepare(
                "INSERT INTO wait_claims(wait_id, user_id, name, claimed_at, until_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(wait_id) DO UPDATE SET user_id = excluded.user_id, name = excluded.name, "
                "claimed_at = excluded.claimed_at, until_at = excluded.until_at");
            for (auto id : c.wait_ids)
              st.bind(1, id)
                  .bind(2, c.user_id)
                  .bind(3, c.name)
                  .bind(4, to_unix_ms(now))
                  .bind(5, to_unix_ms(c.until))
                  .run();
          },
          [&](const AskPhoneCheck& c) {
            const PhoneCheck& p = c.check;
            auto st = db_->prepare(
                "INSERT INTO phone_checks(shift_key, user_id, shift_start, shift_end, asked_at, status) "
                "VALUES (?, ?, ?, ?, ?, 'asked') ON CONFLICT(shift_key) DO UPDATE SET user_id = excluded.user_id, "
                "shift_end = excluded.shift_end");
            st.bind(1, p.shift_key).bind(2, p.user_id).bind(3, to_unix_ms(p.shift_start));
            st.bind(4, to_unix_ms(p.shift_end)).bind(5, to_unix_ms(p.asked_at)).run();
          },
          [&](const AnswerPhoneCheck& c) {
            auto st = db_->prepare(
                "UPDATE phone_checks SET status = ?, words = ?, answered_at = ? "
                "WHERE shift_key = ? AND (status = 'asked' OR (status = 'ok' AND ? = 'problem'))");
            st.bind(1, phone_status_name(c.status)).bind(2, c.words).bind(3, to_unix_ms(c.at)).bind(4, c.shift_key);
            st.bind(5, phone_status_name(c.status)).run();
          },
          [&](const MarkPhoneCheckReminded& c) {
            auto st =
                db_->prepare("UPDATE phone_checks SET reminded_at = COALESCE(reminded_at, ?) WHERE shift_key = ?");
            st.bind(1, to_unix_ms(c.at)).bind(2, c.shift_key).run();
          },
          [&](const RecordShiftReminder& c) {
            auto st = db_->prepare(
                "INSERT OR REPLACE INTO shift_reminders(shift_id, user_id, start_at, end_at, sent_at) "
                "VALUES (?, ?, ?, ?, ?)");
            st.bind(1, c.shift_id).bind(2, c.user_id).bind(3, to_unix_ms(c.start)).bind(4, to_unix_ms(c.end));
            st.bind(5, to_unix_ms(now)).run();
          },

      },
      change);
}

namespace {

std::string join_ms(const std::vector<std::chrono::milliseconds>& list) {
  std::string out;
  for (const auto& d : list) {
    if (!out.empty()) out += ',';
    out += std::to_string(d.count());
  }
  return out;
}

std::vector<std::chrono::milliseconds> split_ms(std::string_view text) {
  std::vector<std::chrono::milliseconds> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    std::int64_t v = 0;
    if (std::from_chars(item.data(), item.data() + item.size(), v).ec == std::errc{}) out.emplace_back(v);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<std::chrono::milliseconds> opt_ms(const Statement& st, int col) {
  if (st.is_null(col)) return std::nullopt;
  return std::chrono::milliseconds{st.int64(col)};
}

void bind_ms(Statement& st, int index, std::optional<std::chrono::milliseconds> d) {
  if (d)
    st.bind(index, static_cast<std::int64_t>(d->count()));
  else
    st.bind_null(index);
}

}  // namespace

void BotStore::record_duty_report(const DutyReport& r) {
  auto st = db_->prepare(
      "INSERT INTO duty_reports(user_id, name, since, ended_at, received, answered, median_ms, p90_ms, "
      "answered_by_them, nudges, escalations, breaches, unanswered_at_end, deduction_rub, evidence) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, r.user_id).bind(2, r.name).bind(3, to_unix_ms(r.since)).bind(4, to_unix_ms(r.ended_at));
  st.bind(5, r.received).bind(6, r.answered);
  bind_ms(st, 7, r.median);
  bind_ms(st, 8, r.p90);
  st.bind(9, join_ms(r.answered_by_them)).bind(10, r.nudges).bind(11, r.escalations);
  st.bind(12, static_cast<std::int64_t>(r.breaches.size()));
  st.bind(13, static_cast<std::int64_t>(r.unanswered_at_end.size()));
  if (r.deduction_rub)
    st.bind(14, *r.deduction_rub);
  else
    st.bind_null(14);
  st.bind(15, nlohmann::json{{"breaches", r.breaches}, {"unanswered", r.unanswered_at_end}}.dump());
  st.run();
}

std::vector<DutyReport> BotStore::duty_reports_between(TimePoint from, TimePoint to) const {
  auto st = db_->prepare(
      "SELECT user_id, name, since, ended_at, received, answered, median_ms, p90_ms, answered_by_them, nudges, "
      "escalations, deduction_rub, evidence FROM duty_reports WHERE ended_at >= ? AND ended_at < ? "
      "ORDER BY ended_at, id");
  st.bind(1, to_unix_ms(from)).bind(2, to_unix_ms(to));
  return read_all(st, [](const Statement& row) {
    DutyReport r;
    r.user_id = row.text(0);
    r.name = row.text(1);
    r.since = from_unix_ms(row.int64(2));
    r.ended_at = from_unix_ms(row.int64(3));
    r.received = row.int64(4);
    r.answered = row.int64(5);
    r.median = opt_ms(row, 6);
    r.p90 = opt_ms(row, 7);
    r.answered_by_them = split_ms(row.text(8));
    r.nudges = row.int64(9);
    r.escalations = row.int64(10);
    if (!row.is_null(11)) r.deduction_rub = row.int64(11);
    auto evidence = nlohmann::json::parse(row.text(12), nullptr, false);
    if (evidence.is_object()) {
      r.breaches = evidence.value("breaches", std::vector<std::string>{});
      r.unanswered_at_end = evidence.value("unanswered", std::vector<std::string>{});
    }
    return r;
  });
}

std::vector<WaitOutcome> BotStore::waits_started_between(TimePoint from, TimePoint to) const {
  auto st = db_->prepare(
      "SELECT started_at, answered_at - started_at, status = 'open' FROM waits "
      "WHERE started_at >= ? AND started_at < ? AND status <> 'withdrawn' ORDER BY started_at");
  st.bind(1, to_unix_ms(from)).bind(2, to_unix_ms(to));
  return read_all(st, [](const Statement& row) {
    return WaitOutcome{from_unix_ms(row.int64(0)), opt_ms(row, 1), row.int64(2) != 0};
  });
}

namespace {
// The console user behind a hashed code or session, with the role checked now (a supervisor, nobody else).
constexpr const char* kConsoleUserSelect =
    "SELECT p.id, p.name, p.role, c.expires_at FROM %s c JOIN people p ON p.id = c.user_id "
    "WHERE c.%s = ? AND c.expires_at > ? AND p.role = 'supervisor'";

std::string console_user_sql(const char* table, const char* key, const char* extra) {
  std::string sql = kConsoleUserSelect;
  sql.replace(sql.find("%s"), 2, table);
  sql.replace(sql.find("%s"), 2, key);
  return sql + extra;
}

ConsoleUser read_console_user(const Statement& st) { return ConsoleUser{read_person(st), from_unix_ms(st.int64(3))}; }
}  // namespace

std::optional<ConsoleUser> BotStore::login_code_owner(const std::string& code_hash, TimePoint now) const {
  static const std::string sql = console_user_sql("console_codes", "code_hash", " AND c.used_at IS NULL");
  auto st = db_->prepare(sql);
  st.bind(1, code_hash).bind(2, to_unix_ms(now));
  return read_one(st, read_console_user);
}

std::optional<ConsoleUser> BotStore::redeem_login_code(const std::string& code_hash, const std::string& token_hash,
                                                       TimePoint now, std::chrono::milliseconds ttl) {
  try {
    Transaction tx(*db_);
    auto owner = login_code_owner(code_hash, now);
    if (!owner) return std::nullopt;
    auto spend = db_->prepare("UPDATE console_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL");
    spend.bind(1, to_unix_ms(now)).bind(2, code_hash).run();
    auto open =
        db_->prepare("INSERT INTO console_sessions(token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)");
    open.bind(1, token_hash).bind(2, owner->user.id).bind(3, to_unix_ms(now)).bind(4, to_unix_ms(now + ttl));
    open.run();
    tx.commit();
    return ConsoleUser{owner->user, now + ttl};
  } catch (...) {
    forget_cached_state();
    throw;
  }
}

std::optional<ConsoleUser> BotStore::console_session(const std::string& token_hash, TimePoint now) const {
  static const std::string sql = console_user_sql("console_sessions", "token_hash", "");
  auto st = db_->prepare(sql);
  st.bind(1, token_hash).bind(2, to_unix_ms(now));
  return read_one(st, read_console_user);
}

void BotStore::end_console_session(const std::string& token_hash) {
  auto st = db_->prepare("DELETE FROM console_sessions WHERE token_hash = ?");
  st.bind(1, token_hash).run();
}

std::string_view to_string(CalendarScope scope) { return scope == CalendarScope::team ? "team" : "own"; }

std::optional<std::string> BotStore::calendar_secret(const std::string& user_id, CalendarScope scope) const {
  auto st = db_->prepare("SELECT secret FROM calendar_feeds WHERE user_id = ? AND scope = ?");
  st.bind(1, user_id).bind(2, to_string(scope));
  return read_one(st, [](const Statement& row) { return row.text(0); });
}

std::optional<CalendarFeed> BotStore::calendar_feed(const std::string& secret) const {
  auto st = db_->prepare(
      "SELECT f.user_id, f.scope FROM calendar_feeds f JOIN people p ON p.id = f.user_id WHERE f.secret = ? "
      "AND p.role IN ('assistant', 'expert', 'supervisor') AND (f.scope = 'own' OR p.role = 'supervisor')");
  st.bind(1, secret);
  return read_one(st, [](const Statement& row) {
    return CalendarFeed{row.text(0), row.text(1) == "team" ? CalendarScope::team : CalendarScope::own};
  });
}

void BotStore::apply(const Batch& batch, TimePoint now) {
  try {
    apply_in_transaction(batch, now);
  } catch (...) {
    forget_cached_state();  // rolled back: what memory holds may be what was not committed
    throw;
  }
}

void BotStore::apply_in_transaction(const Batch& batch, TimePoint now) {
  Transaction tx(*db_);
  if (batch.fired_timer_id) {
    auto st = db_->prepare("DELETE FROM timers WHERE id = ?");
    st.bind(1, *batch.fired_timer_id).run();
  }
  for (const auto& c : batch.changes) apply_change(c, now);
  if (!batch.outgoing.empty()) {
    auto st = db_->prepare(
        "INSERT INTO outbox(req_id, chat_id, to_user, text, reply_to, created_at, secret) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(req_id) DO NOTHING");
    for (const auto& s : batch.outgoing) {
      st.bind(1, s.req_id).bind(2, s.chat_id).bind(3, s.to_user).bind(4, s.text).bind(5, s.reply_to);
      st.bind(6, to_unix_ms(now));
      const auto secret = batch.secrets.find(s.req_id);
      if (secret != batch.secrets.end())
        st.bind(7, secret->second);
      else
        st.bind_null(7);
      st.run();
    }
  }
  if (!batch.listed_waits.empty()) {
    auto st = db_->prepare("INSERT OR IGNORE INTO message_waits(req_id, wait_id, created_at) VALUES (?, ?, ?)");
    for (const auto& [req_id, ids] : batch.listed_waits) {
      for (auto id : ids) st.bind(1, req_id).bind(2, id).bind(3, to_unix_ms(now)).run();
      unconfirmed_refs_.insert(req_id);  // harmless if the transaction rolls back: the update finds no row
    }
  }
  if (!batch.topics.empty()) {
    auto st = db_->prepare("INSERT OR IGNORE INTO message_topics(req_id, topic, created_at) VALUES (?, ?, ?)");
    for (const auto& [req_id, topic] : batch.topics) {
      st.bind(1, req_id).bind(2, topic).bind(3, to_unix_ms(now)).run();
      unconfirmed_refs_.insert(req_id);
    }
  }
  if (batch.event_id) claim_event(*batch.event_id, batch.seq, now);
  if (batch.seq) {
    last_seq_ = *batch.seq;
    cursor_unwritten_ = true;
  }
  if (!tx.nested()) write_cursor();  // inside a group commit, once for the batch, by its owner
  tx.commit();
}

void BotStore::write_cursor() {
  if (!cursor_unwritten_) return;
  auto st = db_->prepare("UPDATE meta SET value = ? WHERE key = 'last_seq'");
  st.bind(1, std::to_string(*last_seq_)).run();
  cursor_unwritten_ = false;
}

void BotStore::set_last_seq(std::int64_t seq) {
  Batch cursor_only;
  cursor_only.seq = seq;
  apply(cursor_only, TimePoint{});  // nothing in it is stamped with a time
}

std::optional<TimePoint> BotStore::next_due() const {
  auto st = db_->prepare("SELECT due_at FROM timers ORDER BY due_at LIMIT 1");
  return read_one(st, read_time);
}

std::vector<DueTimer> BotStore::due_timers(TimePoint now, int limit) const {
  auto st =
      db_->prepare("SELECT id, kind, key, due_at, payload FROM timers WHERE due_at <= ? ORDER BY due_at, id LIMIT ?");
  st.bind(1, to_unix_ms(now)).bind(2, limit);
  std::vector<DueTimer> out;
  while (st.step()) out.push_back(DueTimer{st.int64(0), st.text(1), st.text(2), from_unix_ms(st.int64(3)), st.text(4)});
  return out;
}

std::vector<OutboxMessage> BotStore::pending_outbox(int limit) const {
  auto st = db_->prepare(
      "SELECT id, req_id, chat_id, to_user, text, reply_to FROM outbox WHERE status = 'pending' ORDER BY id LIMIT ?");
  st.bind(1, limit);
  std::vector<OutboxMessage> out;
  while (st.step()) {
    OutboxMessage m;
    m.id = st.int64(0);
    m.send.req_id = st.text(1);
    m.send.chat_id = st.opt_text(2);
    m.send.to_user = st.opt_text(3);
    m.send.text = st.text(4);
    m.send.reply_to = st.opt_text(5);
    out.push_back(std::move(m));
  }
  return out;
}

std::int64_t BotStore::pending_outbox_count() const {
  auto st = db_->prepare("SELECT COUNT(*) FROM outbox WHERE status = 'pending'");
  st.step();
  return st.int64(0);
}

std::int64_t BotStore::outbox_total() const {
  auto st = db_->prepare("SELECT COUNT(*) FROM outbox");
  st.step();
  return st.int64(0);
}

namespace {
// A sent or refused message keeps no secret at rest: the secret inside its text becomes «•••».
std::string outbox_done_sql(std::string_view set) {
  return "UPDATE outbox SET " + std::string(set) +
         ", text = CASE WHEN secret IS NULL THEN text ELSE replace(text, secret, '•••') END, secret = NULL "
         "WHERE req_id = ?";
}
}  // namespace

void BotStore::mark_sent(const std::string& req_id, const std::string& message_id, TimePoint now) {
  static const std::string sql = outbox_done_sql("status = 'sent', message_id = ?, done_at = ?");
  auto st = db_->prepare(sql);
  st.bind(1, message_id).bind(2, to_unix_ms(now)).bind(3, req_id).run();
  if (auto ref = unconfirmed_refs_.find(req_id); ref != unconfirmed_refs_.end()) {
    auto named = db_->prepare("UPDATE message_waits SET message_id = ? WHERE req_id = ?");
    named.bind(1, message_id).bind(2, req_id).run();
    auto topic = db_->prepare("UPDATE message_topics SET message_id = ? WHERE req_id = ?");
    topic.bind(1, message_id).bind(2, req_id).run();
    unconfirmed_refs_.erase(ref);
  }
}

void BotStore::mark_failed(const std::string& req_id, const std::string& error, TimePoint now) {
  static const std::string sql = outbox_done_sql("status = 'failed', error = ?, done_at = ?");
  auto st = db_->prepare(sql);
  st.bind(1, error).bind(2, to_unix_ms(now)).bind(3, req_id).run();
  unconfirmed_refs_.erase(req_id);  // never posted: no reply can name it
}

std::optional<std::string> BotStore::outbox_text(const std::string& req_id) const {
  auto st = db_->prepare("SELECT text FROM outbox WHERE req_id = ?");
  st.bind(1, req_id);
  return read_one(st, [](const Statement& row) { return row.text(0); });
}

bool BotStore::writable(std::string& why) {
  try {
    Transaction tx(*db_);  // rolled back when it leaves: nothing changes
    db_->prepare("UPDATE meta SET value = value WHERE key = 'last_seq'").run();
    return true;
  } catch (const DbError& e) {
    why = e.what();
    return false;
  }
}

void BotStore::prune(TimePoint older_than) {
  Transaction tx(*db_);
  auto a = db_->prepare("DELETE FROM processed_events WHERE handled_at < ?");
  a.bind(1, to_unix_ms(older_than)).run();
  auto b = db_->prepare("DELETE FROM outbox WHERE status <> 'pending' AND done_at < ?");
  b.bind(1, to_unix_ms(older_than)).run();
  auto c = db_->prepare("DELETE FROM duties WHERE ends_at < ?");
  c.bind(1, to_unix_ms(older_than)).run();
  // Login codes and sessions are worth nothing once expired; duty reports stay (they are the history).
  auto d = db_->prepare("DELETE FROM console_codes WHERE expires_at < ?");
  d.bind(1, to_unix_ms(older_than)).run();
  auto e = db_->prepare("DELETE FROM console_sessions WHERE expires_at < ?");
  e.bind(1, to_unix_ms(older_than)).run();
  auto f = db_->prepare("DELETE FROM message_waits WHERE created_at < ?");
  f.bind(1, to_unix_ms(older_than)).run();
  auto g = db_->prepare("DELETE FROM message_topics WHERE created_at < ?");
  g.bind(1, to_unix_ms(older_than)).run();
  tx.commit();
}

}  // namespace dutybot::storage
