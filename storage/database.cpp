#include "storage/database.h"

#include <sqlite3.h>

#include <chrono>

namespace dutybot::storage {

bool DbError::busy() const { return (code_ & 0xff) == SQLITE_BUSY || (code_ & 0xff) == SQLITE_LOCKED; }
bool DbError::read_only() const { return (code_ & 0xff) == SQLITE_READONLY || (code_ & 0xff) == SQLITE_CANTOPEN; }
bool DbError::full() const { return (code_ & 0xff) == SQLITE_FULL; }

Statement::Statement(Database& db, std::string_view sql) : db_(&db) {
  int rc = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) db.fail("prepare '" + std::string(sql.substr(0, 60)) + "'", rc);
}
Statement::~Statement() { sqlite3_finalize(stmt_); }
Statement::Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }

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

Database::Database(const std::string& path) : path_(path) {
  int rc =
      sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError("cannot open database '" + path + "': " + msg, rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 2000);
  if (path != ":memory:") exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
  exec("PRAGMA foreign_keys=ON");
}

Database::~Database() { sqlite3_close_v2(db_); }

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

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec("ROLLBACK");
    } catch (...) {
    }
  }
}
void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace dutybot::storage
