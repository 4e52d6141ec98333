// A small RAII wrapper over one SQLite connection and its prepared statements.
// Contract: a Database is used by one thread at a time; errors throw DbError with SQLite's message.
#pragma once
#include <sqlite3.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace magchat {

struct DbError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement& bind(int index, const std::string& value);
  Statement& bind(int index, const char* value) { return bind(index, std::string(value)); }
  Statement& bind(int index, long long value);
  Statement& bind(int index, int value) { return bind(index, static_cast<long long>(value)); }
  Statement& bind(int index, double value);
  Statement& bind_null(int index);
  // Advances to the next row; false when done. Throws DbError on failure.
  bool step();
  // Runs to completion (for INSERT/UPDATE/DELETE).
  void run();
  std::string text(int col) const;
  long long integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  // Resets for reuse; called automatically when a cached statement is fetched again.
  void reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // Opens (creating if `create`) the file; enables WAL, synchronous=NORMAL, foreign keys, busy timeout.
  explicit Database(const std::string& path, bool read_only = false);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const std::string& sql);
  // A cached prepared statement, reset and ready to bind. Valid until the Database is destroyed.
  Statement& prepare(const std::string& sql);
  long long last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() const { return db_; }
  // Copies the whole database into `target_path` with SQLite's online backup API: a consistent snapshot,
  // taken while other connections keep reading and writing. Throws DbError on failure.
  void backup_to(const std::string& target_path);
  const std::string& path() const { return path_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, std::pair<sqlite3_stmt*, std::unique_ptr<Statement>>> cache_;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back if destroyed without commit(). Inside an open transaction it is a
// SAVEPOINT instead, so that functions which write atomically compose (see App::write_grouped).
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool nested_;
  bool done_ = false;
};

}  // namespace magchat
