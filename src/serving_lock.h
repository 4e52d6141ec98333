// One server per database: `magchat serve` holds DB-serve.lock (flock) for its whole life.
//
// Why: each server numbers a conversation's turns from what it knows (its own turn journal, then SQLite). Two
// servers on one database, with a conversation's turns going to both (round-robin behind a load balancer), would
// give two turns the same index, and the later copy would not be stored. SQLite allows one writer anyway, so a
// second process brings no throughput; it is refused at start-up with a clear message instead.
#pragma once
#include <optional>
#include <string>

namespace magchat {

class ServingLock {
 public:
  // Takes the lock for `db_path`. nullopt when another process holds it (a server is running on that database).
  // A database that is not a file (":memory:", a "file:" URI) needs no lock and always gets one.
  static std::optional<ServingLock> take(const std::string& db_path);
  ~ServingLock();
  ServingLock(ServingLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  ServingLock& operator=(ServingLock&&) = delete;
  ServingLock(const ServingLock&) = delete;
  ServingLock& operator=(const ServingLock&) = delete;

  static std::string path_for(const std::string& db_path) { return db_path + "-serve.lock"; }

 private:
  explicit ServingLock(int fd) : fd_(fd) {}
  int fd_ = -1;  // -1: nothing held
};

}  // namespace magchat
