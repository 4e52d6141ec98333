#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace magchat {

int RateLimiter::acquire(const std::string& client, Clock::time_point now) {
  if (per_second_ <= 0) return 0;
  std::lock_guard<std::mutex> lock(mutex_);
  // Forget clients whose bucket has refilled: they would start full again anyway.
  if (now - last_sweep_ > std::chrono::seconds(60) && buckets_.size() > 1000) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double idle = std::chrono::duration<double>(now - it->second.updated).count();
      it = it->second.tokens + idle * per_second_ >= burst_ ? buckets_.erase(it) : std::next(it);
    }
    last_sweep_ = now;
  }
  auto [it, fresh] = buckets_.try_emplace(client, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
    b.updated = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_second_)));
}

}  // namespace magchat
