#include "serving_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace magchat {

std::optional<ServingLock> ServingLock::take(const std::string& db_path) {
  if (db_path.empty() || db_path == ":memory:" || db_path.rfind("file:", 0) == 0) return ServingLock(-1);
  const int fd = ::open(path_for(db_path).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  // (A folder where no lock file can be made cannot hold the database either: opening it fails next, clearly.)
  if (fd < 0) return ServingLock(-1);
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  return ServingLock(fd);
}

ServingLock::~ServingLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace magchat
