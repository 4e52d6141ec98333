// Counters for GET /metrics (Prometheus text format): requests by route and status, a latency histogram,
// replies by type. Thread-safe.
#pragma once
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace magchat {

class Metrics {
 public:
  void observe_request(const std::string& route, int status, double seconds);
  void observe_reply(const std::string& type);
  // The exposition text; `gauges` are extra current values (name -> value), e.g. entries indexed.
  std::string render(const std::map<std::string, double>& gauges) const;

  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.0};

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, unsigned long long> requests_;
  std::map<std::string, std::array<unsigned long long, kBuckets.size() + 1>> latency_;  // per route; last = +Inf
  std::map<std::string, double> latency_sum_;
  std::map<std::string, unsigned long long> replies_;
};

// The route label for a request path: the route pattern, never the raw path (ids would explode the labels).
std::string route_label(const std::string& method, const std::string& path);

}  // namespace magchat
