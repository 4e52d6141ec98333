// The HTTP layer: cpp-httplib configured defensively, one route table, one JSON error shape.
// Handlers only translate between HTTP and App calls.
#pragma once
#include <httplib.h>

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "app.h"
#include "metrics.h"
#include "rate_limiter.h"

namespace magchat {

// The longest question (in characters) a person may ask: /api/chat's message, /v1's last message, a feedback comment.
constexpr size_t kMaxMessageChars = 2000;

// Sends {"error": {"code", "message"}} with `status`.
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message);
void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200);

// Handlers call this with the reply type they sent, for the access log and the metrics.
void note_reply_type(const char* type);

// Streams (Server-Sent Events) each hold a worker thread for their whole life; this caps how many are open so
// that plain requests always find a worker. acquire() is false when the cap is reached.
class StreamSlots {
 public:
  explicit StreamSlots(int max) : max_(max) {}
  bool acquire() {
    int n = open_.load();
    while (n < max_)
      if (open_.compare_exchange_weak(n, n + 1)) return true;
    return false;
  }
  void release() { --open_; }
  int open() const { return open_.load(); }

 private:
  int max_;
  std::atomic<int> open_{0};
};

// The same with an explicit OpenAI error type and parameter name.
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const char* type, const char* param);

// One stream slot, taken before the work is done (so a refused stream costs nothing and stores nothing) and
// released when the guard dies unless handed to send_event_stream.
class StreamSlot {
 public:
  // Takes a slot only when `wanted` (a streamed request); a plain request holds none.
  StreamSlot(StreamSlots& slots, bool wanted) : slots_(&slots), held_(wanted && slots.acquire()) {}
  ~StreamSlot() {
    if (held_) slots_->release();
  }
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;
  bool held() const { return held_; }
  StreamSlots* hand_over() {
    held_ = false;
    return slots_;
  }

 private:
  StreamSlots* slots_;
  bool held_;
};

// The 503 for a stream refused because every slot is taken.
void send_too_many_streams(httplib::Response& res);

// Sends Server-Sent Events frames (each a complete "event/data ...\n\n" text), pausing `delay_ms` between
// them; the held `slot` is released when the stream ends.
void send_event_stream(httplib::Response& res, StreamSlot& slot, std::vector<std::string> frames, int delay_ms);

// Splits text into pieces of about `words_per_piece` words; concatenating them gives the text back.
std::vector<std::string> split_for_streaming(const std::string& text, size_t words_per_piece);

// Parses a JSON object body; on failure sends the 4xx error itself and returns nullopt.
std::optional<nlohmann::json> parse_json_body(const httplib::Request& req, httplib::Response& res);

class HttpServer {
 public:
  explicit HttpServer(App& app);
  // Binds to host:port (port 0 = any free port); returns the bound port or -1.
  int bind(const std::string& host, int port);
  // Serves until stop() is called. Returns when the listener has closed and requests in flight are done.
  bool listen();
  void stop() { server_.stop(); }
  // Graceful shutdown: new requests get 503 while the ones in flight (streams included) finish, for at most
  // `timeout`; then the listener stops and listen() returns.
  void shutdown_gracefully(std::chrono::milliseconds timeout);
  bool is_running() const { return server_.is_running(); }

 private:
  void configure();
  void register_routes();
  void load_web_files();
  httplib::Server server_;
  App& app_;
  Metrics metrics_;
  RateLimiter rate_limiter_;
  StreamSlots streams_;
  std::atomic<bool> draining_{false};
  int listen_socket_ = -1;  // captured when cpp-httplib creates it, to raise the listen backlog
  std::atomic<int> in_flight_{0};
  struct StaticFile {
    std::string body, mime;
  };
  std::map<std::string, StaticFile> web_files_;  // URL path -> file, read once at start-up
};

// Route groups, one file each (http_*_routes.cpp).
void register_chat_routes(httplib::Server& server, App& app, StreamSlots& streams);
void register_openai_routes(httplib::Server& server, App& app, StreamSlots& streams);
void register_curation_routes(httplib::Server& server, App& app);

}  // namespace magchat
