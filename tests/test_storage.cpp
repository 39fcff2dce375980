// The bot's SQLite store on real files: schema, one-transaction batches, outbox, dedupe, persistence.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "storage/bot_store.h"
#include "storage/migrations.h"
#include "support/process.h"

using namespace dutybot;
using namespace dutybot::storage;
using dutybot::testing::TempDir;

namespace {
TimePoint at(std::int64_t minutes) {
  return TimePoint{std::chrono::minutes{minutes}} + std::chrono::hours{24 * 365 * 56};
}
proto::Send send(const std::string& req_id, const std::string& text) {
  proto::Send s;
  s.req_id = req_id;
  s.chat_id = "staff";
  s.text = text;
  return s;
}
}  // namespace

TEST_CASE("a new database is migrated to the current schema and starts at seq 0") {
  TempDir dir;
  BotStore store(dir.file("bot.db"));
  CHECK(store.last_seq() == 0);
  CHECK(store.db().schema_version() >= 1);
}

TEST_CASE("upgrading keeps what an older schema stored: handled events stay duplicates, waits keep their messages") {
  TempDir dir;
  const std::string path = dir.file("bot.db");
  const auto& all = bot_migrations();
  {
    // A database as the release before the last migration left it, with a handled event and an open wait.
    Database old(path);
    old.migrate(std::vector<std::string_view>(all.begin(), all.end() - 1));
    old.exec("INSERT INTO processed_events(event_id, seq, handled_at) VALUES ('e-old', 7, 0)");
    old.exec(
        "INSERT INTO waits(chat_id, chat_title, client_id, client_name, first_text, started_at) "
        "VALUES ('c-tr', 'Турция', 'u-ivan', 'Иван', 'Есть туры?', 0)");
    old.exec("INSERT INTO wait_messages(message_id, wait_id) VALUES ('m-5', last_insert_rowid())");
  }
  BotStore store(path);
  CHECK(store.db().schema_version() == static_cast<int>(all.size()));
  CHECK(store.event_seen("e-old"));
  {
    Transaction tx(store.db());
    CHECK_FALSE(store.claim_event("e-old", 8, at(1)));  // handled before the upgrade: a duplicate
    CHECK(store.claim_event("e-new", 8, at(1)));
    tx.commit();
  }
  CHECK(store.event_seen("e-new"));
  auto wait = store.open_wait_of_message("m-5");
  REQUIRE(wait);
  CHECK(wait->client_name == "Иван");
  CHECK(store.open_wait_count() == 1);
}

TEST_CASE("a batch commits effects, outbox and seq together, and survives reopening") {
  TempDir dir;
  const std::string path = dir.file("bot.db");
  {
    BotStore store(path);
    Batch b;
    b.seq = 1;
    b.event_id = "e-1";
    b.changes.emplace_back(UpsertPerson{{"u-anna", "Анна", proto::Role::assistant}});
    b.changes.emplace_back(SetDuty{"u-anna", at(600), "staff", "m-1"});
    b.outgoing.push_back(send("e:e-1/duty.declared", "записал"));
    store.apply(b, at(0));
  }
  BotStore again(path);
  CHECK(again.last_seq() == 1);
  CHECK(again.event_seen("e-1"));
  CHECK_FALSE(again.event_seen("e-2"));
  auto duties = again.active_duties(at(1));
  REQUIRE(duties.size() == 1);
  CHECK(duties[0].name == "Анна");
  CHECK(duties[0].ends_at == at(600));
  CHECK(again.active_duties(at(600)).empty());  // ended exactly at its end
  auto pending = again.pending_outbox(10);
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].send.text == "записал");
}

TEST_CASE("a transaction SQLite left open (a COMMIT that failed on a full disk) does not swallow the next ones") {
  TempDir dir;
  const std::string path = dir.file("leak.db");
  Database db(path);
  db.exec("CREATE TABLE t (v INTEGER)");
  db.exec("BEGIN");  // what a failed COMMIT and a failed ROLLBACK leave behind
  db.exec("INSERT INTO t VALUES (1)");
  {
    Transaction tx(db);
    CHECK_FALSE(tx.nested());
    db.exec("INSERT INTO t VALUES (2)");
    tx.commit();
  }
  Database other(path);  // committed means another connection sees it: the leaked row is gone, the new one stays
  auto st = other.prepare("SELECT group_concat(v) FROM t");
  REQUIRE(st.step());
  CHECK(st.text(0) == "2");
}

TEST_CASE("a writer that never pauses cannot grow the WAL without bound") {
  // A catch-up commits back to back, so no checkpoint ever ends level with the writer and SQLite never rewinds the
  // WAL by itself; the checkpointer must empty it anyway. Each transaction writes 64 KiB and deletes the last row,
  // so the database stays small and only the WAL could grow.
  TempDir dir;
  const std::string path = dir.file("busy.db");
  Database db(path);
  db.exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
  auto wal_bytes = [&] {
    struct stat st {};
    return ::stat((path + "-wal").c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_size) : 0;
  };
  const auto start = std::chrono::steady_clock::now();
  std::int64_t written = 0;
  std::int64_t largest = 0;
  std::int64_t before = 0;
  int shrank = 0;
  for (std::int64_t id = 1; std::chrono::steady_clock::now() - start < std::chrono::seconds(4); ++id) {
    {
      Transaction tx(db);
      db.prepare("INSERT INTO blobs (id, data) VALUES (?, zeroblob(65536))").bind(1, id).run();
      db.prepare("DELETE FROM blobs WHERE id = ?").bind(1, id - 1).run();
      tx.commit();
    }
    written += 65536;
    const std::int64_t now_bytes = wal_bytes();
    if (now_bytes < before) ++shrank;
    before = now_bytes;
    largest = std::max(largest, now_bytes);
  }
  INFO("written " << written / (1 << 20) << " MiB, the WAL at most " << largest / (1 << 20) << " MiB, emptied "
                  << shrank << " times");
  REQUIRE(written > (64 << 20));  // enough to pass the checkpointer's hard limit of 32 MiB
  CHECK(shrank >= 1);
  CHECK(largest < written / 2);
}

TEST_CASE("a failing batch changes nothing") {
  TempDir dir;
  BotStore store(dir.file("bot.db"));
  Batch ok;
  ok.seq = 1;
  ok.changes.emplace_back(SetDuty{"u-anna", at(600), "staff", "m-1"});
  store.apply(ok, at(0));
  store.db().exec("CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
  Batch bad;
  bad.seq = 2;
  bad.event_id = "e-2";
  bad.changes.emplace_back(EndDuty{"u-anna"});
  bad.outgoing.push_back(send("r-2", "x"));
  CHECK_THROWS_AS(store.apply(bad, at(1)), DbError);
  CHECK(store.last_seq() == 1);
  CHECK_FALSE(store.event_seen("e-2"));
  CHECK(store.active_duties(at(1)).size() == 1);
}

TEST_CASE("the outbox keeps one row per req_id, so a replayed cause never queues twice") {
  TempDir dir;
  BotStore store(dir.file("bot.db"));
  Batch b;
  b.outgoing.push_back(send("r-1", "первый"));
  store.apply(b, at(0));
  store.apply(b, at(1));
  CHECK(store.outbox_total() == 1);
  store.mark_sent("r-1", "m-9", at(2));
  CHECK(store.pending_outbox(10).empty());
  store.apply(b, at(3));
  CHECK(store.pending_outbox(10).empty());  // already sent: not queued again
}

TEST_CASE("a moved duty keeps its start; an expired one starts afresh") {
  TempDir dir;
  BotStore store(dir.file("bot.db"));
  Batch first;
  first.changes.emplace_back(SetDuty{"u-anna", at(600), "staff", "m-1"});
  store.apply(first, at(0));
  Batch moved;
  moved.changes.emplace_back(SetDuty{"u-anna", at(700), "staff", "m-2"});
  store.apply(moved, at(100));
  auto d = store.duty_of("u-anna", at(101));
  REQUIRE(d);
  CHECK(d->since == at(0));
  CHECK(d->ends_at == at(700));
  Batch later;
  later.changes.emplace_back(SetDuty{"u-anna", at(2000), "staff", "m-3"});
  store.apply(later, at(1000));
  CHECK(store.duty_of("u-anna", at(1001))->since == at(1000));
  // Cancelling by the declaring message.
  Batch cancel;
  cancel.changes.emplace_back(CancelDutyDeclaredBy{"m-3"});
  store.apply(cancel, at(1002));
  CHECK_FALSE(store.duty_of("u-anna", at(1003)));
}

TEST_CASE("timers come back in due order from an index, and fire once") {
  TempDir dir;
  BotStore store(dir.file("bot.db"));
  Batch b;
  b.changes.emplace_back(ArmTimer{"k", "b", at(20), ""});
  b.changes.emplace_back(ArmTimer{"k", "a", at(10), "p"});
  b.changes.emplace_back(ArmTimer{"k", "c", at(30), ""});
  store.apply(b, at(0));
  CHECK(store.next_due() == at(10));
  auto due = store.due_timers(at(25), 10);
  REQUIRE(due.size() == 2);
  CHECK(due[0].key == "a");
  CHECK(due[0].payload == "p");
  Batch fired;
  fired.fired_timer_id = due[0].id;
  store.apply(fired, at(25));
  CHECK(store.due_timers(at(25), 10).size() == 1);
  // Re-arming moves a timer rather than adding one.
  Batch moved;
  moved.changes.emplace_back(ArmTimer{"k", "c", at(5), ""});
  store.apply(moved, at(25));
  CHECK(store.due_timers(at(25), 10).size() == 2);
}

TEST_CASE("a database from a newer program is refused with a clear error") {
  TempDir dir;
  {
    BotStore store(dir.file("bot.db"));
    store.db().exec("PRAGMA user_version=99");
  }
  try {
    BotStore again(dir.file("bot.db"));
    FAIL("opened a newer schema");
  } catch (const DbError& e) {
    CHECK_THAT(e.what(), Catch::Contains("newer"));
  }
}

TEST_CASE("a read-only database gives a clear error on write and loses nothing") {
  if (geteuid() == 0) {
    // root ignores file modes; use SQLite's own read-only switch instead
    TempDir dir;
    BotStore store(dir.file("bot.db"));
    Batch b;
    b.seq = 1;
    store.apply(b, at(0));
    store.db().exec("PRAGMA query_only=ON");
    Batch next;
    next.seq = 2;
    try {
      store.apply(next, at(1));
      FAIL("wrote to a read-only database");
    } catch (const DbError& e) {
      CHECK(e.read_only());
    }
    store.db().exec("PRAGMA query_only=OFF");
    CHECK(store.last_seq() == 1);
  } else {
    TempDir dir;
    { BotStore store(dir.file("bot.db")); }
    chmod(dir.file("bot.db").c_str(), 0444);
    CHECK_THROWS_AS(BotStore(dir.file("bot.db")), DbError);
  }
}

TEST_CASE("a full database gives a clear error and keeps what was stored") {
  TempDir dir;
  BotStore store(dir.file("bot.db"));
  Batch first;
  first.seq = 1;
  first.changes.emplace_back(SetDuty{"u-anna", at(600), "staff", "m-1"});
  store.apply(first, at(0));
  auto pages = store.db().prepare("PRAGMA page_count");
  pages.step();
  store.db().exec("PRAGMA max_page_count = " + std::to_string(pages.int64(0) + 1));
  Batch big;
  big.seq = 2;
  for (int i = 0; i < 50; ++i) big.outgoing.push_back(send("r-" + std::to_string(i), std::string(4000, 'x')));
  try {
    store.apply(big, at(1));
    FAIL("wrote past the size limit");
  } catch (const DbError& e) {
    CHECK(e.full());
  }
  CHECK(store.last_seq() == 1);
  CHECK(store.duty_of("u-anna", at(1)));
}

TEST_CASE("an older database is migrated forward on open, keeping its data") {
  TempDir dir;
  {
    Database db(dir.file("bot.db"));
    db.migrate({bot_migrations()[0]});  // as the first release left it
    db.exec(
        "INSERT INTO duties(user_id, since, ends_at, declared_in_chat, declared_message_id) "
        "VALUES ('u-anna', 0, 9999999999999, 'staff', 'm-1')");
    CHECK(db.schema_version() == 1);
  }
  BotStore store(dir.file("bot.db"));
  CHECK(store.db().schema_version() == static_cast<int>(bot_migrations().size()));
  CHECK(store.duty_row("u-anna"));
  CHECK(store.open_waits(10).empty());  // v2 tables are there
}
