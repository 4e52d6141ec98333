#include "database.h"

namespace magchat {

Statement& Statement::bind(int i, const std::string& v) {
  if (sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    throw DbError(sqlite3_errmsg(db_));
  return *this;
}
Statement& Statement::bind(int i, long long v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) throw DbError(sqlite3_errmsg(db_));
  return *this;
}
Statement& Statement::bind(int i, double v) {
  if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) throw DbError(sqlite3_errmsg(db_));
  return *this;
}
Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}
bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string msg = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw DbError(msg);
}
void Statement::run() {
  while (step()) {
  }
}
std::string Statement::text(int col) const {
  const unsigned char* t = sqlite3_column_text(stmt_, col);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}
void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Database::Database(const std::string& path, bool read_only) : path_(path) {
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError("cannot open database " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  if (!read_only) {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
  }
  exec("PRAGMA foreign_keys=ON");
  // Readers (one per worker thread) only look up conversations: a small page cache each is plenty.
  if (read_only) exec("PRAGMA cache_size=-256");
}

Database::~Database() {
  for (auto& kv : cache_) sqlite3_finalize(kv.second.first);
  if (db_) sqlite3_close_v2(db_);
}

void Database::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw DbError(msg + " (in: " + sql.substr(0, 80) + ")");
  }
}

Statement& Database::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second.second->reset();
    return *it->second.second;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
    throw DbError(std::string(sqlite3_errmsg(db_)) + " (in: " + sql.substr(0, 80) + ")");
  auto& slot = cache_[sql];
  slot.first = stmt;
  slot.second = std::make_unique<Statement>(db_, stmt);
  return *slot.second;
}

void Database::backup_to(const std::string& target_path) {
  sqlite3* target = nullptr;
  if (sqlite3_open(target_path.c_str(), &target) != SQLITE_OK) {
    std::string msg = target ? sqlite3_errmsg(target) : "out of memory";
    sqlite3_close(target);
    throw DbError("cannot open backup file " + target_path + ": " + msg);
  }
  sqlite3_backup* b = sqlite3_backup_init(target, "main", db_, "main");
  if (!b) {
    std::string msg = sqlite3_errmsg(target);
    sqlite3_close(target);
    throw DbError("cannot start backup: " + msg);
  }
  int rc;
  // Copy in steps so that writers are only briefly blocked; restart transparently if the source changes.
  while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    sqlite3_sleep(rc == SQLITE_OK ? 0 : 5);
  sqlite3_backup_finish(b);
  std::string msg = sqlite3_errmsg(target);
  sqlite3_close(target);
  if (rc != SQLITE_DONE) throw DbError("backup failed: " + msg);
}

// The statements that begin and end transactions are prepared once per connection (the statement cache), not
// parsed again for every transaction and savepoint as sqlite3_exec would.
Transaction::Transaction(Database& db) : db_(db), nested_(sqlite3_get_autocommit(db.handle()) == 0) {
  db_.prepare(nested_ ? "SAVEPOINT nested" : "BEGIN IMMEDIATE").run();
}
Transaction::~Transaction() {
  if (!done_) {
    try {
      db_.exec(nested_ ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK");
    } catch (...) {
    }
  }
}
void Transaction::commit() {
  db_.prepare(nested_ ? "RELEASE nested" : "COMMIT").run();
  done_ = true;
}

}  // namespace magchat
