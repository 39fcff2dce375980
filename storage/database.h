#pragma once
// A thin RAII layer over SQLite: prepared statements, transactions, WAL, versioned migrations.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
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

// One prepared statement; bind by position (1-based), step, read columns.
class Statement {
public:
  Statement(Database& db, std::string_view sql);
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
  Database* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// An open SQLite database; ":memory:" for an in-memory one.
class Database {
public:
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return {*this, sql}; }
  sqlite3* handle() { return db_; }
  [[noreturn]] void fail(const std::string& what, int code);

  // Applies each migration whose index is at or above PRAGMA user_version, each in its own transaction.
  void migrate(const std::vector<std::string_view>& migrations);
  int schema_version();
  std::int64_t changes();

private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

// BEGIN IMMEDIATE … COMMIT; rolls back when destroyed without commit().
class Transaction {
public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();

private:
  Database& db_;
  bool done_ = false;
};

}  // namespace dutybot::storage
