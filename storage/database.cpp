#include "storage/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
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

namespace {

constexpr std::chrono::milliseconds kBusyTimeout{2000};

// The owner connection's busy handler. SQLite's own sleeps 1, 2, 5, 10, 15… ms between tries, so a commit that
// meets a lock held for 5 ms waits 18 (seen in the benchmark behind the checkpointer's TRUNCATE); this one tries
// again every 100 µs for the first 20 ms, then every 2 ms, and gives up (SQLITE_BUSY) after kBusyTimeout.
int retry_soon(void* busy_since, int tries) {
  using Clock = std::chrono::steady_clock;
  auto& since = *static_cast<Clock::time_point*>(busy_since);
  const auto now = Clock::now();
  if (tries == 0) since = now;
  const auto waited = now - since;
  if (waited >= kBusyTimeout) return 0;
  std::this_thread::sleep_for(waited < std::chrono::milliseconds(20) ? std::chrono::microseconds(100)
                                                                     : std::chrono::microseconds(2000));
  return 1;
}

}  // namespace

// What a WAL file is cut back to when it is rewound: without a limit it keeps the size of its largest moment. Above
// what the WAL reaches between two checkpoints (kCheckpointFrames and a second's writes), so that only a burst's
// WAL is cut, not every one.
constexpr std::int64_t kWalSizeLimitBytes = 16 << 20;

// Copies a WAL database's frames back into it from its own connection, on its own thread (PASSIVE: it never blocks
// the writer and never waits for readers, and its fsync is not on the owner's thread). The owner's connection has
// SQLite's automatic checkpoints turned off. Looks once a second; checkpoints when the WAL holds kCheckpointFrames
// (SQLite's own default for automatic checkpoints) and frames not yet copied. Not more often: the
// owner's first write after a complete checkpoint starts the WAL again from its beginning and must fsync its new
// header (SQLite's rule under synchronous=NORMAL), and the benchmark saw that fsync put 4–10 ms into an answer when
// it came every second, on a disk busy with another process's checkpoint. For a WAL that cannot be rewound, see
// Database::after_commit.
class Checkpointer {
public:
  Checkpointer(const std::string& path, const std::atomic<int>& wal_frames) : wal_frames_(wal_frames) {
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
  static constexpr int kCheckpointFrames = 1000;

  void run() {
    int frames_copied = 0;  // the WAL's length when it was last checkpointed
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) {
      const int frames = wal_frames_.load(std::memory_order_relaxed);
      if (frames < frames_copied) frames_copied = 0;  // rewound since
      if (frames < kCheckpointFrames || frames == frames_copied) continue;
      lock.unlock();
      int copied = 0;
      sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, &copied);
      frames_copied = std::max(copied, 0);
      lock.lock();
    }
  }

  const std::atomic<int>& wal_frames_;  // the owner's WAL length after its last commit
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
  sqlite3_busy_handler(db_, retry_soon, &busy_since_);
  exec("PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
  // Statement journals (and temp tables) in memory: spilled to /var/tmp they cost two thirds of the writes of a
  // large transaction, and they are not needed after a crash.
  exec("PRAGMA temp_store=MEMORY");
  if (path != ":memory:") {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA wal_autocheckpoint=0");
    exec("PRAGMA journal_size_limit=" + std::to_string(kWalSizeLimitBytes));  // a rewound WAL shrinks back to this
    // After the pragma above (which installs SQLite's own hook): the WAL's length after every commit.
    sqlite3_wal_hook(
        db_,
        [](void* frames, sqlite3*, const char*, int n) {
          static_cast<std::atomic<int>*>(frames)->store(n, std::memory_order_relaxed);
          return SQLITE_OK;
        },
        &wal_frames_);
    checkpointer_ = std::make_unique<Checkpointer>(path, wal_frames_);
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
  if (!nested_) db_.after_commit();
}

// The WAL is rewound by the first write after a checkpoint that copied every frame back. A writer that commits
// back to back (a long catch-up) starts its next transaction before any checkpoint ends level with it, so the WAL
// would grow without bound. Taking the write lock from the checkpointer's thread does not help: such a writer
// re-takes it first (a test wrote 2 GB of WAL that way), and a TRUNCATE tried there on every check past 4 MiB put
// 20–150 ms pauses into the answers after a catch-up. So the owner itself empties the WAL between two of its
// transactions, and only when it has not been rewound for kWalStalledFor or passes kWalHardLimitFrames.
void Database::after_commit() {
  if (!checkpointer_) return;
  const auto now = std::chrono::steady_clock::now();
  const int frames = wal_frames_.load(std::memory_order_relaxed);
  if (frames < wal_frames_before_ || frames <= kWalStalledFrames) wal_growing_since_ = now;
  wal_frames_before_ = frames;
  if (now - wal_growing_since_ < kWalStalledFor && frames <= kWalHardLimitFrames) return;
  // Not while a statement of this connection is still reading: the checkpoint would wait for it.
  for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st; st = sqlite3_next_stmt(db_, st))
    if (sqlite3_stmt_busy(st)) return;
  // No waiting for another process's reader (a backup can read for seconds): SQLITE_BUSY then, and another try
  // after the next commit.
  sqlite3_busy_handler(db_, nullptr, nullptr);
  if (sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr) == SQLITE_OK) {
    wal_frames_.store(0, std::memory_order_relaxed);
    wal_frames_before_ = 0;
    wal_growing_since_ = now;
  }
  sqlite3_busy_handler(db_, retry_soon, &busy_since_);
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
