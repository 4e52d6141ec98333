#include "metrics.h"

#include <sstream>

#include "text.h"

namespace magchat {

void Metrics::observe_request(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, status}];
  auto& buckets = latency_[route];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  ++buckets[i];
  latency_sum_[route] += seconds;
}

void Metrics::observe_reply(const std::string& type) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++replies_[type];
}


std::string Metrics::render(const std::map<std::string, double>& gauges) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream out;
  out << "# HELP magchat_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE magchat_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "magchat_http_requests_total{route=\"" << backslash_escaped(key.first) << "\",status=\"" << key.second << "\"} " << n << "\n";
  out << "# HELP magchat_http_request_duration_seconds Time to handle a request.\n"
      << "# TYPE magchat_http_request_duration_seconds histogram\n";
  for (const auto& [route, buckets] : latency_) {
    unsigned long long cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += buckets[i];
      out << "magchat_http_request_duration_seconds_bucket{route=\"" << backslash_escaped(route) << "\",le=\"" << kBuckets[i] << "\"} "
          << cumulative << "\n";
    }
    cumulative += buckets[kBuckets.size()];
    out << "magchat_http_request_duration_seconds_bucket{route=\"" << backslash_escaped(route) << "\",le=\"+Inf\"} " << cumulative << "\n";
    out << "magchat_http_request_duration_seconds_sum{route=\"" << backslash_escaped(route) << "\"} " << latency_sum_.at(route) << "\n";
    out << "magchat_http_request_duration_seconds_count{route=\"" << backslash_escaped(route) << "\"} " << cumulative << "\n";
  }
  out << "# HELP magchat_replies_total Chat replies by type.\n# TYPE magchat_replies_total counter\n";
  for (const auto& [type, n] : replies_) out << "magchat_replies_total{type=\"" << backslash_escaped(type) << "\"} " << n << "\n";
  for (const auto& [name, value] : gauges) out << "# TYPE " << name << " gauge\n" << name << " " << value << "\n";
  return out.str();
}

std::string route_label(const std::string& raw_method, const std::string& path) {
  // Only the methods HTTP defines make labels of their own: a client can send any token as a method, and each
  // would add series that are never removed.
  static const char* kMethods[] = {"GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"};
  std::string method = "OTHER";
  for (const char* m : kMethods)
    if (raw_method == m) method = m;
  static const char* kExact[] = {"/api/chat", "/api/search", "/api/feedback", "/healthz", "/metrics",
                                 "/v1/chat/completions", "/v1/models", "/api/kb/entries", "/api/kb/insights",
                                 "/api/kb/insights/draft", "/api/kb/preview"};
  for (const char* p : kExact)
    if (path == p) return method + " " + p;
  if (path.rfind("/api/conversations/", 0) == 0) return method + " /api/conversations/{id}";
  if (path.rfind("/api/kb/entries/", 0) == 0)
    return method + (path.find("/revisions") != std::string::npos ? " /api/kb/entries/{id}/revisions..." : " /api/kb/entries/{id}");
  if (path.rfind("/api/", 0) == 0 || path.rfind("/v1/", 0) == 0) return method + " other";
  return method + " static";
}

}  // namespace magchat
