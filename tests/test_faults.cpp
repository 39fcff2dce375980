// Faults on real processes and sockets: crashes, a dead or hostile gateway, a locked database.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "support/live_setup.h"

using namespace dutybot;
using namespace dutybot::testing;
using namespace std::chrono_literals;
using Catch::Contains;

namespace {

// Posts every text, retrying what the gateway rate-limits; returns the message ids.
std::vector<std::string> post_all(sandbox::PersonClient& who, const std::string& chat, int count,
                                  const std::string& text) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) {
    for (int attempt = 0;; ++attempt) {
      auto r = who.post(chat, text);
      if (r.ok) {
        ids.push_back(r.message_id);
        break;
      }
      REQUIRE(r.error);
      REQUIRE(r.error->code == "rate_limited");
      REQUIRE(attempt < 50);
      std::this_thread::sleep_for(r.error->retry_after.value_or(100ms));
    }
  }
  return ids;
}

// Reads the whole history as a staff observer: bot replies counted per message they answer.
std::map<std::string, int> replies_by_question(LiveSandbox& sandbox, std::chrono::milliseconds quiet = 1500ms) {
  auto observer = sandbox.person("t-sveta", 0);
  std::map<std::string, int> replies;
  while (auto e = observer->next_event(quiet)) {
    if (auto* m = std::get_if<proto::MessageEvent>(&e->event.body);
        m && m->from.role == proto::Role::bot && m->reply_to)
      ++replies[*m->reply_to];
  }
  return replies;
}

// Waits until every question has a reply (or the patience runs out); then checks each has exactly one.
void expect_one_reply_each(LiveSandbox& sandbox, const std::vector<std::string>& questions,
                           std::chrono::seconds patience) {
  auto deadline = std::chrono::steady_clock::now() + patience;
  std::map<std::string, int> replies;
  for (;;) {
    replies = replies_by_question(sandbox, 800ms);
    std::size_t answered = 0;
    for (const auto& q : questions) answered += replies.count(q);
    if (answered == questions.size() || std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(500ms);
  }
  int missing = 0, doubled = 0;
  for (const auto& q : questions) {
    if (!replies.count(q))
      ++missing;
    else if (replies[q] != 1)
      ++doubled;
  }
  CHECK(missing == 0);
  CHECK(doubled == 0);
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

bool wait_for_log(LiveBot& bot, const std::string& needle, std::chrono::seconds patience) {
  auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    if (bot.log().find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

}  // namespace

TEST_CASE("kill -9 of the bot in the middle of a burst of 200 questions: each has exactly one reply") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  auto boris = sandbox.person("t-boris");
  REQUIRE(wait_for_log(bot, "connected as", 10s));
  auto first = post_all(*boris, "staff", 80, "кто дежурит?");
  std::this_thread::sleep_for(1500ms);  // some replies out, some in the outbox, some events unread
  bot.process().signal(SIGKILL);
  bot.process().wait(5s);
  auto second = post_all(*boris, "staff", 120, "кто дежурит?");
  bot.start();
  first.insert(first.end(), second.begin(), second.end());
  REQUIRE(first.size() == 200);
  expect_one_reply_each(sandbox, first, 60s);
}

TEST_CASE("dutybot backup in the middle of a burst: a sound copy; the bot restored from it posts nothing twice") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  auto boris = sandbox.person("t-boris");
  REQUIRE(wait_for_log(bot, "connected as", 10s));
  auto questions = post_all(*boris, "staff", 60, "кто дежурит?");
  std::this_thread::sleep_for(800ms);  // replies going out at the rate limit, most still in the outbox
  const std::string copy = dir.file("copy.db");
  const std::string backup = std::string(DUTYBOT_BIN) + " backup " + copy + " --config " + dir.file("bot.json");
  REQUIRE(std::system((backup + " > " + dir.file("backup.txt") + " 2>&1").c_str()) == 0);
  CHECK_THAT(read_file(dir.file("backup.txt")), Contains("integrity ok"));
  // A second backup to the same file is refused; the first stays as it was.
  CHECK(std::system((backup + " > " + dir.file("again.txt") + " 2>&1").c_str()) != 0);
  CHECK_THAT(read_file(dir.file("again.txt")), Contains("never overwrites"));

  // SQLite's own check of the copy, and the seq it holds.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(copy.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  auto one_text = [&](const char* sql) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK);
    std::string out = sqlite3_step(st) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) : "";
    sqlite3_finalize(st);
    return out;
  };
  CHECK(one_text("PRAGMA integrity_check") == "ok");
  const std::string copy_seq = one_text("SELECT value FROM meta WHERE key = 'last_seq'");
  sqlite3_close(db);
  CHECK(std::stoll(copy_seq) > 0);

  // More traffic, then the live database is lost: restored from the copy (README: stop, replace, start).
  auto more = post_all(*boris, "staff", 30, "кто дежурит?");
  std::this_thread::sleep_for(500ms);
  bot.process().signal(SIGKILL);
  bot.process().wait(5s);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(dir.file("bot.db") + suffix);
  std::filesystem::copy_file(copy, dir.file("bot.db"));
  bot.start();
  REQUIRE(wait_for_log(bot, "resuming after seq " + copy_seq, 10s));
  questions.insert(questions.end(), more.begin(), more.end());
  expect_one_reply_each(sandbox, questions, 60s);
}

TEST_CASE("kill -9 of the sandbox in the middle of traffic, restarted on the same port: nothing lost") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  REQUIRE(wait_for_log(bot, "connected as", 10s));
  std::vector<std::string> questions;
  {
    auto boris = sandbox.person("t-boris");
    questions = post_all(*boris, "staff", 30, "кто дежурит?");
  }
  sandbox.kill9();
  sandbox.restart_same_port();
  auto boris = sandbox.person("t-boris");
  auto more = post_all(*boris, "staff", 10, "кто дежурит?");
  questions.insert(questions.end(), more.begin(), more.end());
  expect_one_reply_each(sandbox, questions, 30s);
}

TEST_CASE("a gateway that stops answering heartbeats: the bot notices within two intervals and reconnects") {
  TempDir dir;
  LiveSandbox sandbox(dir, {"--chaos", "no-heartbeat-ack", "--heartbeat-ms", "400"});
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  REQUIRE(wait_for_log(bot, "connected as", 10s));
  auto connected_at = std::chrono::steady_clock::now();
  REQUIRE(wait_for_log(bot, "heartbeat not acknowledged", 5s));
  // First heartbeat at 400 ms, dead at 400 + 2 × 400 ms: well under two seconds.
  CHECK(std::chrono::steady_clock::now() - connected_at < 2500ms);
  std::this_thread::sleep_for(2s);
  CHECK(count(bot.log(), "connected as") >= 2);
  auto boris = sandbox.person("t-boris");
  auto q = post_all(*boris, "staff", 3, "кто дежурит?");
  expect_one_reply_each(sandbox, q, 20s);
}

TEST_CASE("a gateway that sends garbage: logged once per kind, and the bot goes on") {
  TempDir dir;
  LiveSandbox sandbox(dir, {"--chaos", "garbage"});
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  auto boris = sandbox.person("t-boris");
  REQUIRE(wait_for_log(bot, "connected as", 10s));
  auto q = post_all(*boris, "staff", 12, "кто дежурит?");
  expect_one_reply_each(sandbox, q, 20s);
  auto log = bot.log();
  CHECK(count(log, "not valid JSON") == 1);
  CHECK(count(log, "unknown op 'mystery'") == 1);
  CHECK(count(log, "connected as") == 1);  // garbage never drops the link
}

TEST_CASE("a gateway that rate-limits every second send: every reply still arrives, once") {
  TempDir dir;
  LiveSandbox sandbox(dir, {"--chaos", "rate-limit-odd"});
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  auto boris = sandbox.person("t-boris");
  REQUIRE(wait_for_log(bot, "connected as", 10s));
  auto q = post_all(*boris, "staff", 15, "кто дежурит?");
  expect_one_reply_each(sandbox, q, 30s);
  CHECK_THAT(bot.log(), Contains("rate-limited"));
}

TEST_CASE("a gateway that replays old seqs and skips some: nothing handled twice, nothing lost") {
  TempDir dir;
  LiveSandbox sandbox(dir, {"--chaos", "replay-skip"});
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  auto boris = sandbox.person("t-boris");
  REQUIRE(wait_for_log(bot, "connected as", 10s));
  auto q = post_all(*boris, "staff", 20, "кто дежурит?");
  expect_one_reply_each(sandbox, q, 40s);
  CHECK_THAT(bot.log(), Contains("does not follow"));
}

TEST_CASE("a locked database: a clear error, the event is not acked, and it is handled once the lock goes") {
  TempDir dir;
  LiveSandbox sandbox(dir);
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  auto boris = sandbox.person("t-boris");
  REQUIRE(wait_for_log(bot, "connected as", 10s));
  auto warmup = post_all(*boris, "staff", 1, "кто дежурит?");
  expect_one_reply_each(sandbox, warmup, 10s);

  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(dir.file("bot.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto q = post_all(*boris, "staff", 1, "кто дежурит?");
  REQUIRE(wait_for_log(bot, "database error", 10s));
  CHECK_THAT(bot.log(), Contains("locked") && Contains("not acknowledged"));
  std::this_thread::sleep_for(1s);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  expect_one_reply_each(sandbox, q, 20s);
}

TEST_CASE("«reconnect» from the server reconnects at once; a frame over 64 KiB drops the link, then work goes on") {
  TempDir dir;
  LiveSandbox sandbox(dir, {"--chaos", "reconnect,oversize"});
  LiveBot bot(dir, sandbox.url("/bot/v1"));
  auto boris = sandbox.person("t-boris");
  REQUIRE(wait_for_log(bot, "a frame over 64 KiB", 10s));
  auto q = post_all(*boris, "staff", 6, "кто дежурит?");
  expect_one_reply_each(sandbox, q, 20s);
  CHECK_THAT(bot.log(), Contains("server asked: chaos: maintenance; reconnecting in 0 ms"));
}

TEST_CASE("an unreachable server is retried with backoff, calmly, for as long as it takes") {
  TempDir dir;
  // A port nobody listens on: bind, note it, close.
  LiveSandbox probe(dir);
  const std::string url = probe.url("/bot/v1");
  probe.kill9();
  LiveBot bot(dir, url);
  std::this_thread::sleep_for(3s);
  CHECK(bot.process().running());
  auto log = bot.log();
  CHECK(count(log, "[warning] cannot connect") == 1);  // the first failure warns
  CHECK(count(log, "again; reconnecting in") >= 2);    // the rest are info lines
  probe.restart_same_port();
  auto boris = probe.person("t-boris");
  auto q = post_all(*boris, "staff", 1, "кто дежурит?");
  expect_one_reply_each(probe, q, 15s);
}
