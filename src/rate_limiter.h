// Per-client token buckets: each client address may make `burst` requests at once and then
// `per_minute` requests a minute. Thread-safe; memory is bounded by forgetting idle clients.
#pragma once
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace magchat {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // per_minute == 0 disables limiting (every request is allowed).
  RateLimiter(double per_minute, double burst) : per_second_(per_minute / 60.0), burst_(burst) {}

  // Takes one token for `client`. Returns 0 when allowed, otherwise the whole seconds to wait (>= 1).
  int acquire(const std::string& client, Clock::time_point now = Clock::now());
  bool enabled() const { return per_second_ > 0; }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  double per_second_, burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace magchat
