#pragma once
// The bot database's schema, one migration per version; append only, never edit a shipped one.
#include <string_view>
#include <vector>

namespace dutybot::storage {

inline const std::vector<std::string_view>& bot_migrations() {
  static const std::vector<std::string_view> migrations = {
      // v1: walking skeleton
      R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta(key, value) VALUES ('last_seq', '0');
CREATE TABLE processed_events (event_id TEXT PRIMARY KEY, seq INTEGER, handled_at INTEGER NOT NULL);
CREATE INDEX processed_events_by_time ON processed_events(handled_at);
CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, timezone TEXT);
CREATE TABLE chats (id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL);
CREATE TABLE duties (
  user_id TEXT PRIMARY KEY,
  since INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  declared_in_chat TEXT NOT NULL,
  declared_message_id TEXT NOT NULL
);
CREATE INDEX duties_by_end ON duties(ends_at);
CREATE INDEX duties_by_message ON duties(declared_message_id);
CREATE TABLE timers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  payload TEXT NOT NULL DEFAULT '',
  UNIQUE(kind, key)
);
CREATE INDEX timers_by_due ON timers(due_at);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  req_id TEXT NOT NULL UNIQUE,
  chat_id TEXT,
  to_user TEXT,
  text TEXT NOT NULL,
  reply_to TEXT,
  status TEXT NOT NULL DEFAULT 'pending',
  message_id TEXT,
  error TEXT,
  created_at INTEGER NOT NULL,
  done_at INTEGER
);
CREATE INDEX outbox_pending ON outbox(status, id);
)sql",
      // v2: unanswered client messages and the notifications about them
      R"sql(
CREATE TABLE waits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_id TEXT NOT NULL,
  chat_title TEXT NOT NULL,
  client_id TEXT NOT NULL,
  client_name TEXT NOT NULL,
  first_text TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  nudged_at INTEGER,
  escalated_at INTEGER,
  answered_at INTEGER,
  answered_by TEXT
);
CREATE UNIQUE INDEX waits_one_open_per_client ON waits(chat_id, client_id) WHERE status = 'open';
CREATE INDEX waits_by_status_start ON waits(status, started_at);
CREATE INDEX waits_by_answer ON waits(answered_at);
CREATE TABLE wait_messages (message_id TEXT PRIMARY KEY, wait_id INTEGER NOT NULL REFERENCES waits(id));
CREATE INDEX wait_messages_by_wait ON wait_messages(wait_id);
CREATE TABLE notify_marks (recipient TEXT PRIMARY KEY, last_sent_at INTEGER NOT NULL);
CREATE TABLE notify_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sent_at INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  kind TEXT NOT NULL,
  waits INTEGER NOT NULL
);
CREATE INDEX notify_log_by_time ON notify_log(sent_at);
)sql",
      // v3: the planned schedule
      R"sql(
CREATE TABLE shifts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE(user_id, start_at)
);
CREATE INDEX shifts_by_start ON shifts(start_at);
CREATE INDEX shifts_by_end ON shifts(end_at);
)sql",
      // v4: missed calls to return
      R"sql(
CREATE TABLE calls (
  call_id TEXT PRIMARY KEY,
  from_number TEXT NOT NULL,
  to_line TEXT NOT NULL,
  to_user TEXT,
  missed_at INTEGER NOT NULL,
  stage TEXT NOT NULL,
  deadline_at INTEGER,
  status TEXT NOT NULL DEFAULT 'open',
  returned_at INTEGER,
  returned_how TEXT,
  escalated_at INTEGER
);
CREATE INDEX calls_open_by_number ON calls(from_number) WHERE status = 'open';
CREATE INDEX calls_by_status_time ON calls(status, missed_at);
)sql",
      // v5: requests (заявки) and clients' messages to experts
      R"sql(
CREATE TABLE requests (
  request_id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  call_due_at INTEGER,
  called_at INTEGER,
  escalated_at INTEGER,
  note_reminded_at INTEGER
);
CREATE INDEX requests_by_status_created ON requests(status, created_at);
CREATE INDEX requests_by_call_due ON requests(call_due_at) WHERE call_due_at IS NOT NULL;
CREATE INDEX requests_by_note_reminded ON requests(note_reminded_at) WHERE note_reminded_at IS NOT NULL;
CREATE TABLE expert_questions (
  message_id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL,
  client_name TEXT NOT NULL,
  expert_id TEXT NOT NULL,
  text TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  handed_at INTEGER,
  answered_at INTEGER,
  answered_by TEXT
);
CREATE INDEX expert_questions_open_by_request ON expert_questions(request_id) WHERE answered_at IS NULL;
CREATE INDEX expert_questions_by_handed ON expert_questions(handed_at) WHERE handed_at IS NOT NULL;
)sql",
      // The shift report's windows read waits by start and calls by deadline: indexes, not scans of all history.
      // No query reads waits by answer time: that index only cost every answer a B-tree write.
      R"sql(
DROP INDEX IF EXISTS waits_by_answer;
CREATE INDEX waits_by_start ON waits(started_at);
CREATE INDEX calls_by_deadline ON calls(deadline_at) WHERE deadline_at IS NOT NULL;
)sql",
      // Tables looked up only by their text key keep their rows in that key's B-tree (WITHOUT ROWID): every event
      // and every client message wrote two B-trees where one holds the same.
      R"sql(
CREATE TABLE processed_events_by_id (event_id TEXT PRIMARY KEY, seq INTEGER, handled_at INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO processed_events_by_id SELECT event_id, seq, handled_at FROM processed_events;
DROP TABLE processed_events;
ALTER TABLE processed_events_by_id RENAME TO processed_events;
CREATE INDEX processed_events_by_time ON processed_events(handled_at);
CREATE TABLE wait_messages_by_id (message_id TEXT PRIMARY KEY, wait_id INTEGER NOT NULL REFERENCES waits(id))
  WITHOUT ROWID;
INSERT INTO wait_messages_by_id SELECT message_id, wait_id FROM wait_messages;
DROP TABLE wait_messages;
ALTER TABLE wait_messages_by_id RENAME TO wait_messages;
CREATE INDEX wait_messages_by_wait ON wait_messages(wait_id);
)sql",
      // Clients' messages handed to the assistant and not yet answered, listed and counted without reading
      // every question ever handed.
      R"sql(
CREATE INDEX expert_questions_open_handed ON expert_questions(handed_at)
  WHERE handed_at IS NOT NULL AND answered_at IS NULL;
)sql",
      // The supervisors' console: one-time login codes and sessions, kept only as SHA-256 hashes; every ended
      // duty's figures for the history pages; the outbox row's secret (masked once the message is sent).
      R"sql(
CREATE TABLE console_codes (
  code_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
) WITHOUT ROWID;
CREATE TABLE console_sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX console_sessions_by_user ON console_sessions(user_id);
CREATE TABLE duty_reports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  since INTEGER NOT NULL,
  ended_at INTEGER NOT NULL,
  received INTEGER NOT NULL,
  answered INTEGER NOT NULL,
  median_ms INTEGER,
  p90_ms INTEGER,
  answered_by_them TEXT NOT NULL,
  nudges INTEGER NOT NULL,
  escalations INTEGER NOT NULL,
  breaches INTEGER NOT NULL,
  unanswered_at_end INTEGER NOT NULL,
  deduction_rub INTEGER,
  evidence TEXT NOT NULL
);
CREATE INDEX duty_reports_by_end ON duty_reports(ended_at);
ALTER TABLE outbox ADD COLUMN secret TEXT;
-- The history pages read every question of a month by its start: the index by start carries what they read, so a
-- month of questions is one index range (small enough for SQLite's page cache), not a table lookup per question.
DROP INDEX IF EXISTS waits_by_start;
CREATE INDEX waits_by_start ON waits(started_at, status, answered_at);
)sql",
      // v10: calendar feeds (a private link per person, and a team link per supervisor); a shift's revision, the
      // iCalendar SEQUENCE of its event; the reminders sent ahead of shifts; claims («беру») on waiting clients
      R"sql(
CREATE TABLE calendar_feeds (
  secret TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE(user_id, scope)
);
ALTER TABLE shifts ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
-- What the evening-before reminder told a shift's person, so a later change gets a correction and nothing repeats.
-- «беру»: a claimed client, and the waits each nudge listed (so a reply to the nudge can name them).
CREATE TABLE wait_claims (
  wait_id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  until_at INTEGER NOT NULL
);
CREATE INDEX wait_claims_by_time ON wait_claims(claimed_at);
CREATE TABLE message_waits (
  req_id TEXT NOT NULL,
  wait_id INTEGER NOT NULL,
  message_id TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY(req_id, wait_id)
);
CREATE INDEX message_waits_by_message ON message_waits(message_id);
CREATE INDEX message_waits_by_time ON message_waits(created_at);
CREATE TABLE shift_reminders (
  shift_id INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  end_at INTEGER NOT NULL,
  sent_at INTEGER NOT NULL
);
)sql",
      // v11: cover requests from the chat, what the bot's own messages are about (a reply to a cover's post takes
      // it), the schedule's history, and the start a shift's reminder named (a cover can move a shift's start)
      R"sql(
CREATE TABLE covers (
  key TEXT PRIMARY KEY,
  requester_id TEXT NOT NULL,
  shift_id INTEGER NOT NULL,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  taker_id TEXT NOT NULL DEFAULT '',
  decided_by TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX covers_pending_by_requester ON covers(requester_id, created_at)
  WHERE status IN ('open', 'awaiting_approval');
CREATE TABLE message_topics (
  req_id TEXT PRIMARY KEY,
  topic TEXT NOT NULL,
  message_id TEXT,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX message_topics_by_message ON message_topics(message_id);
CREATE INDEX message_topics_by_time ON message_topics(created_at);
CREATE TABLE schedule_changes (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  user_id TEXT NOT NULL,
  previous_user_id TEXT NOT NULL,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  by_user_id TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX schedule_changes_by_start ON schedule_changes(start_at);
ALTER TABLE shift_reminders ADD COLUMN start_at INTEGER;
)sql",
      // v12: the handbook's request rules the bot sees (issue 18): a self-assignment on duty (a breach) and a
      // request moved forward while older ones waited (a remark), with their evidence; a new request named in
      // «Сначала новые запросы» once
      R"sql(
CREATE TABLE request_remarks (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  request_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  evidence TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX request_remarks_by_time ON request_remarks(at);
ALTER TABLE requests ADD COLUMN order_reminded_at INTEGER;
)sql",
      // v13: the phone check before a shift (issue 18): asked with the pre-shift message, answered «ок» or with a
      // problem, reminded once at the start
      R"sql(
CREATE TABLE phone_checks (
  shift_key TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  shift_start INTEGER NOT NULL,
  shift_end INTEGER NOT NULL,
  asked_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  answered_at INTEGER,
  words TEXT NOT NULL DEFAULT '',
  reminded_at INTEGER
) WITHOUT ROWID;
CREATE INDEX phone_checks_by_user ON phone_checks(user_id, shift_start);
)sql",
  };
  return migrations;
}

}  // namespace dutybot::storage
