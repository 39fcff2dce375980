#include "storage/database.h"

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace dutybot::storage {

bool DbError::busy() const { return (code_ & 0xff) == SQLITE_BUSY || (code_ & 0xff) == SQLITE_LOCKED; }
bool DbError::read_only() const { return (code_ & 0xff) == SQLITE_READONLY || (code_ & 0xff) == SQLITE_CANTOPEN; }
bool DbError::full() const { return (code_ & 0xff) == SQLITE_FULL; }

Statement::~Statement() {
  if (!stmt_) return;
  if (in_use_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}
Statement::Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_), in_use_(o.in_use_) {
  o.stmt_ = nullptr;
  o.in_use_ = nullptr;
}

Statement& Statement::bind(int index, std::int64_t v) {
  sqlite3_bind_int64(stmt_, index, v);
  return *this;
}
Statement& Statement::bind(int index, std::string_view v) {
  sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind(int index, const std::optional<std::string>& v) {
  return v ? bind(index, std::string_view(*v)) : bind_null(index);
}
Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  if (!sqlite3_stmt_busy(stmt_)) db_->count_statement();
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  int ext = sqlite3_extended_errcode(db_->handle());
  sqlite3_reset(stmt_);
  db_->fail("step", ext ? ext : rc);
}
void Statement::run() {
  while (step()) {
  }
  reset();
}
void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
std::string Statement::text(int col) const {
  auto p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col)) : std::string();
}
std::optional<std::string> Statement::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

// What a WAL file is cut back to when it is rewound: without a limit it keeps the size of its largest moment.
constexpr std::int64_t kWalSizeLimitBytes = 4 << 20;

// Checkpoints a WAL database from its own connection once a second while the owner writes (PASSIVE: it never
// blocks the writer and never waits for readers). The owner's connection has automatic checkpoints turned off.
// SQLite rewinds the WAL only when a writer starts just as every frame has been copied back; so that a bot
// committing many times a second cannot keep it growing, once the WAL holds more than kTruncateFrames the
// checkpointer waits for the writer's current transaction (the busy timeout) and TRUNCATEs: everything copied
// back and the file emptied, a few milliseconds of pause for the writer.
class Checkpointer {
public:
  explicit Checkpointer(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      sqlite3_close(db_);
      db_ = nullptr;
      return;  // the owner checkpoints on close; nothing is lost without this thread
    }
    sqlite3_busy_timeout(db_, 100);
    // A connection learns that a database is in WAL mode only when it first reads it; until then every checkpoint
    // is a no-op that reports success with -1 frames (found by the soak test: the thread had never checkpointed,
    // and the WAL grew for the process's whole life).
    sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    sqlite3_exec(db_, ("PRAGMA journal_size_limit=" + std::to_string(kWalSizeLimitBytes)).c_str(), nullptr, nullptr,
                 nullptr);
    thread_ = std::thread([this] { run(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
    sqlite3_close_v2(db_);
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

private:
  void run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) {
      lock.unlock();
      int frames = 0;
      int copied = 0;
      sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
      if (frames > kTruncateFrames)
        sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
      lock.lock();
    }
  }

  static constexpr int kTruncateFrames = 1024;  // 4 MiB of 4 KiB pages

  sqlite3* db_ = nullptr;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
};

Database::Database(const std::string& path) : path_(path) {
  // No allocation statistics: they take a global mutex on every malloc and free inside SQLite. Only possible before
  // SQLite initialises, so it is done once, before the first connection of the process.
  static const bool configured = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
  (void)configured;
  int rc =
      sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError("cannot open database '" + path + "': " + msg, rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 2000);
  exec("PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
  // Statement journals (and temp tables) in memory: spilled to /var/tmp they cost two thirds of the writes of a
  // large transaction, and they are not needed after a crash.
  exec("PRAGMA temp_store=MEMORY");
  if (path != ":memory:") {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA wal_autocheckpoint=0");
    exec("PRAGMA journal_size_limit=" + std::to_string(kWalSizeLimitBytes));  // a rewound WAL shrinks back to this
    checkpointer_ = std::make_unique<Checkpointer>(path);
  }
}

Database::~Database() {
  checkpointer_.reset();
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached->stmt);
  sqlite3_close_v2(db_);  // the last connection to close checkpoints what is left
}

Statement Database::prepare(std::string_view sql) {
  auto found = cache_.find(std::string(sql));
  if (found != cache_.end() && !found->second->in_use) {
    found->second->in_use = true;
    return {*this, found->second->stmt, &found->second->in_use};
  }
  const bool keep = found == cache_.end();
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), keep ? SQLITE_PREPARE_PERSISTENT : 0,
                              &stmt, nullptr);
  if (rc != SQLITE_OK) fail("prepare '" + std::string(sql.substr(0, 60)) + "'", rc);
  if (!keep) return {*this, stmt, nullptr};
  auto& cached = cache_.emplace(std::string(sql), std::make_unique<Cached>()).first->second;
  cached->stmt = stmt;
  cached->in_use = true;
  return {*this, stmt, &cached->in_use};
}

void Database::fail(const std::string& what, int code) {
  throw DbError(
      "SQLite " + what + " on '" + path_ + "': " + sqlite3_errmsg(db_) + " (code " + std::to_string(code) + ")", code);
}

void Database::exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    throw DbError("SQLite exec '" + s.substr(0, 60) + "' on '" + path_ + "': " + msg, sqlite3_extended_errcode(db_));
  }
}

int Database::schema_version() {
  auto st = prepare("PRAGMA user_version");
  st.step();
  return static_cast<int>(st.int64(0));
}

std::int64_t Database::changes() { return sqlite3_changes64(db_); }

void Database::migrate(const std::vector<std::string_view>& migrations) {
  int version = schema_version();
  if (version > static_cast<int>(migrations.size()))
    throw DbError("database schema version " + std::to_string(version) + " is newer than this program knows (" +
                      std::to_string(migrations.size()) + "); refusing to touch it",
                  SQLITE_MISMATCH);
  for (int i = version; i < static_cast<int>(migrations.size()); ++i) {
    Transaction tx(*this);
    exec(migrations[i]);
    exec("PRAGMA user_version=" + std::to_string(i + 1));
    tx.commit();
  }
}

Transaction::Transaction(Database& db) : db_(db), nested_(db.open_transactions_ > 0) {
  if (!nested_) {
    // SQLite still in a transaction no Transaction owns (a COMMIT or ROLLBACK that failed on a full disk): left
    // open, it would swallow every later one as "nested" and never commit. It is rolled back before a new one.
    if (sqlite3_get_autocommit(db_.handle()) == 0) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    db_.prepare("BEGIN IMMEDIATE").run();
  }
  ++db_.open_transactions_;
}
Transaction::~Transaction() {
  --db_.open_transactions_;
  if (!done_ && !nested_) {
    try {
      db_.prepare("ROLLBACK").run();
    } catch (...) {
    }
  }
}
void Transaction::commit() {
  if (!nested_) db_.prepare("COMMIT").run();
  done_ = true;
}

void Database::copy_into(const std::string& path) {
  auto st = prepare("VACUUM INTO ?");
  st.bind(1, path).run();
}

std::string Database::integrity_check() {
  auto st = prepare("PRAGMA integrity_check");
  std::string out;
  while (st.step()) out += (out.empty() ? "" : "\n") + st.text(0);
  return out;
}

}  // namespace dutybot::storage
