#pragma once
// A thin RAII layer over SQLite: prepared statements (prepared once per connection and reused), transactions,
// WAL, versioned migrations.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace dutybot::storage {

// Thrown for any SQLite failure; what() names the operation and SQLite's message.
class DbError : public std::runtime_error {
public:
  DbError(const std::string& what, int code) : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }
  bool busy() const;       // locked by another writer
  bool read_only() const;  // file or directory not writable
  bool full() const;       // disk or quota full

private:
  int code_;
};

class Database;

// One prepared statement; bind by position (1-based), step, read columns. Borrowed from the connection's cache
// (Database::prepare) and handed back, reset, when it goes out of scope.
class Statement {
public:
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& o) noexcept;

  Statement& bind(int index, std::int64_t v);
  Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
  Statement& bind(int index, std::string_view v);
  Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
  Statement& bind(int index, const std::optional<std::string>& v);
  Statement& bind_null(int index);

  bool step();  // true while a row is available
  void run();   // step to completion, for statements without rows
  void reset();

  std::int64_t int64(int col) const;
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  bool is_null(int col) const;

private:
  friend class Database;
  Statement(Database& db, sqlite3_stmt* stmt, bool* in_use) : db_(&db), stmt_(stmt), in_use_(in_use) {}

  Database* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool* in_use_ = nullptr;  // the cache's flag for a borrowed statement; null for one this object owns
};

class Checkpointer;

// An open SQLite database; ":memory:" for an in-memory one. One connection, used by one thread (opened without
// SQLite's own mutex). Statements are prepared once (SQLITE_PREPARE_PERSISTENT) and kept per SQL text. A file
// database's WAL is checkpointed by a background thread on its own connection, so no commit on the caller's thread
// waits for a checkpoint's fsync (with synchronous=NORMAL a commit itself never syncs).
class Database {
public:
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  // The cached statement for this SQL (prepared on first use). A statement already borrowed (a query run inside
  // another's loop) gets a fresh one that is finalized after use.
  Statement prepare(std::string_view sql);
  sqlite3* handle() { return db_; }
  // How many statements were started (each step from the first row): the SQL work done, for benchmarks and logs.
  std::int64_t statements_run() const { return statements_run_; }
  void count_statement() { ++statements_run_; }
  [[noreturn]] void fail(const std::string& what, int code);

  // Applies each migration whose index is at or above PRAGMA user_version, each in its own transaction.
  void migrate(const std::vector<std::string_view>& migrations);
  int schema_version();
  std::int64_t changes();
  // A consistent, compacted copy of the whole database into a new file (`VACUUM INTO`: one read transaction, so a
  // writer in another process goes on meanwhile). Fails when the file exists and is not empty.
  void copy_into(const std::string& path);
  // SQLite's own check of every page and index: "ok", or its list of problems.
  std::string integrity_check();

private:
  // After the outermost transaction's COMMIT: empties the WAL when it has stopped being rewound or grown too long.
  void after_commit();

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<Cached>> cache_;
  std::int64_t statements_run_ = 0;
  std::chrono::steady_clock::time_point busy_since_;  // when the current wait for a lock began (retry_soon)
  // The WAL's length in frames after the last commit (SQLite's WAL hook; the checkpointer's thread reads it), and
  // since when it has not been rewound.
  std::atomic<int> wal_frames_{0};
  int wal_frames_before_ = 0;
  std::chrono::steady_clock::time_point wal_growing_since_ = std::chrono::steady_clock::now();
  static constexpr int kWalStalledFrames = 4096;  // 16 MiB of 4 KiB pages: four checkpoints' worth
  static constexpr std::chrono::seconds kWalStalledFor{5};
  static constexpr int kWalHardLimitFrames = 8192;  // 32 MiB: emptied after the next commit whatever the writer does
  int open_transactions_ = 0;  // Transaction objects alive; the outermost one begins and ends SQLite's
  friend class Transaction;
  std::unique_ptr<Checkpointer> checkpointer_;  // a file database's WAL checkpoints, off the caller's thread
};

// BEGIN IMMEDIATE … COMMIT; rolls back when destroyed without commit(). Opened inside another transaction it is
// part of that one: it neither commits nor rolls back, and the outer transaction decides (group commit).
class Transaction {
public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();
  bool nested() const { return nested_; }

private:
  Database& db_;
  bool nested_ = false;
  bool done_ = false;
};

}  // namespace dutybot::storage
