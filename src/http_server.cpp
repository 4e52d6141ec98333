#include "http_server.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <thread>

#include "text.h"

namespace magchat {

namespace {

// Writes one access-log line to stderr with a single write(2), so lines from concurrent requests never interleave
// and no lock is held. Why not std::cerr: its FILE lock is held across the write system call, and at 16-64
// connections the request threads queued on it (measured: three quarters of the server's futex calls).
void write_log_line(const std::string& line) {
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to log to; the request itself is unaffected
    done += static_cast<size_t>(n);
  }
}

constexpr const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

std::string mime_for(const std::string& ext) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"},
      {".png", "image/png"}, {".ico", "image/x-icon"}, {".json", "application/json"}};
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}


thread_local std::chrono::steady_clock::time_point t_request_start;
thread_local const char* t_reply_type = nullptr;
thread_local bool t_counted = false;  // this thread's request is counted in in_flight_

bool limited_route(const httplib::Request& req) {
  return req.method == "POST" ? (req.path == "/api/chat" || req.path == "/v1/chat/completions")
                              : req.path == "/api/search";
}

}  // namespace

void note_reply_type(const char* type) { t_reply_type = type; }

namespace {
// Whether the request's Origin is the server itself as the browser reached it (the chat and curation pages): the
// scheme and the Host header the request was sent to.
bool is_same_origin(const httplib::Request& req) {
  const std::string origin = req.get_header_value("Origin"), host = req.get_header_value("Host");
  return !host.empty() && (origin == "http://" + host || origin == "https://" + host);
}
}  // namespace

void send_json(httplib::Response& res, const nlohmann::json& body, int status) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  // One shape for every error, which is also the OpenAI API's: {"error": {"code", "message", "type", "param"}}.
  const char* type = status == 401   ? "authentication_error"
                     : status == 403 ? "permission_error"
                     : status == 404 ? "not_found_error"
                     : status == 429 ? "rate_limit_error"
                     : status >= 500 ? "server_error"
                                     : "invalid_request_error";
  send_error(res, status, code, message, type, nullptr);
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const char* type, const char* param) {
  send_json(res,
            {{"error",
              {{"code", code}, {"message", message}, {"type", type},
               {"param", param ? nlohmann::json(param) : nlohmann::json(nullptr)}}}},
            status);
}

void send_too_many_streams(httplib::Response& res) {
  res.set_header("Retry-After", "1");
  send_error(res, 503, "too_many_streams", "Too many open streams; try again shortly or ask without streaming.");
}

void send_event_stream(httplib::Response& res, StreamSlot& slot, std::vector<std::string> frames, int delay_ms) {
  StreamSlots* slots = slot.hand_over();
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  auto shared = std::make_shared<std::vector<std::string>>(std::move(frames));
  auto next = std::make_shared<size_t>(0);
  res.set_chunked_content_provider(
      "text/event-stream",
      [shared, next, delay_ms](size_t, httplib::DataSink& sink) {
        if (*next >= shared->size()) {
          sink.done();
          return true;
        }
        if (*next > 0 && delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        const std::string& frame = (*shared)[(*next)++];
        return sink.write(frame.data(), frame.size());
      },
      [slots](bool) { slots->release(); });
}

std::vector<std::string> split_for_streaming(const std::string& text, size_t words_per_piece) {
  std::vector<std::string> pieces;
  std::string current;
  size_t words = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    current += text[i];
    bool boundary = (text[i] == ' ' || text[i] == '\n') && (i + 1 == text.size() || (text[i + 1] != ' ' && text[i + 1] != '\n'));
    if (boundary && ++words >= words_per_piece) {
      pieces.push_back(current);
      current.clear();
      words = 0;
    }
  }
  if (!current.empty()) pieces.push_back(current);
  return pieces;
}

std::optional<nlohmann::json> parse_json_body(const httplib::Request& req, httplib::Response& res) {
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded()) {
    send_error(res, 400, "invalid_json", "The request body is not valid JSON.");
    return std::nullopt;
  }
  if (!body.is_object()) {
    send_error(res, 400, "invalid_json", "The request body must be a JSON object.");
    return std::nullopt;
  }
  return body;
}

HttpServer::HttpServer(App& app)
    : app_(app),
      rate_limiter_(app.config().rate_limit_per_minute, app.config().rate_limit_burst),
      streams_(app.config().max_streams) {
  configure();
  load_web_files();
  register_routes();
}

void HttpServer::configure() {
  const auto& c = app_.config();
  // Every open connection holds a worker for its life: enough workers, short keep-alive, bounded requests.
  const int threads = c.threads;
  server_.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server_.set_tcp_nodelay(true);
  // Reconnecting clients are costly (and overflow the library's listen backlog): keep connections for many
  // requests, but only briefly idle, so idle clients do not hold workers.
  server_.set_keep_alive_max_count(10000);
  server_.set_socket_options([this](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof yes);
    listen_socket_ = sock;
  });
  server_.set_keep_alive_timeout(2);
  server_.set_read_timeout(5, 0);
  server_.set_write_timeout(5, 0);
  server_.set_idle_interval(0, 100000);
  server_.set_payload_max_length(c.max_body_bytes);

  // Before routing: refuse request encodings that cpp-httplib 0.11.4 cannot bound (chunked bodies bypass the
  // size limit; compressed bodies can explode), so no handler ever sees them.
  const std::vector<std::string> cors_allowed = app_.config().cors_origins;
  server_.set_pre_routing_handler([this, cors_allowed](const httplib::Request& req, httplib::Response& res) {
    // A valid Range is ignored, as HTTP allows (RFC 9110 14.2): cpp-httplib 0.11.4 would otherwise cut every reply
    // to the range asked, a JSON reply included, still with status 200 (or send 416 with no body). The pages and
    // replies are small, so whole ones are always sent. (A Range it cannot parse, "bytes=abc", it answers 416
    // itself before this handler runs.) The request is a local of cpp-httplib's, handed over as const.
    const_cast<httplib::Request&>(req).ranges.clear();
    t_request_start = std::chrono::steady_clock::now();
    t_reply_type = nullptr;
    ++in_flight_;
    t_counted = true;
    if (draining_) {
      res.set_header("Connection", "close");
      res.set_header("Retry-After", "1");
      send_error(res, 503, "shutting_down", "The server is restarting; try again in a moment.");
      return httplib::Server::HandlerResponse::Handled;
    }
    // A write from a page on another site is refused: browsers send such a POST without asking first when its
    // type is text/plain or a form, so closed CORS alone would not stop a page elsewhere from adding turns or
    // ratings. The chat page's own requests carry its own origin; tools such as curl send no Origin at all.
    if (req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS" && req.has_header("Origin") &&
        !is_same_origin(req) && std::find(cors_allowed.begin(), cors_allowed.end(), req.get_header_value("Origin")) == cors_allowed.end()) {
      send_error(res, 403, "cross_origin_refused",
                 "Requests from pages on other sites are refused; allow the site with --cors-origins.");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Transfer-Encoding")) {
      send_error(res, 411, "length_required", "Chunked or encoded request bodies are not accepted; send Content-Length.");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Content-Encoding")) {
      send_error(res, 415, "unsupported_encoding", "Compressed request bodies are not accepted.");
      return httplib::Server::HandlerResponse::Handled;
    }
    // Rate limits apply per client address as seen on the socket; headers such as X-Forwarded-For are
    // never trusted for it.
    const bool loopback = req.remote_addr == "127.0.0.1" || req.remote_addr == "::1" ||
                          req.remote_addr.rfind("::ffff:127.", 0) == 0;
    if (limited_route(req) && (!loopback || app_.config().rate_limit_loopback)) {
      if (int wait = rate_limiter_.acquire(req.remote_addr)) {
        res.set_header("Retry-After", std::to_string(wait));
        send_error(res, 429, "rate_limited", "Too many requests; try again in " + std::to_string(wait) + " s.");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  const bool log = c.access_log;
  const std::vector<std::string> cors = c.cors_origins;
  server_.set_post_routing_handler([cors](const httplib::Request& req, httplib::Response& res) {
    // CORS is closed unless the request's origin is in the configured allowlist.
    const std::string origin = req.get_header_value("Origin");
    // (Vary on every response once CORS is open, so that a shared cache never serves one origin's reply to another.)
    if (!cors.empty()) res.set_header("Vary", "Origin");
    if (!origin.empty() && std::find(cors.begin(), cors.end(), origin) != cors.end()) {
      res.set_header("Access-Control-Allow-Origin", origin);
      // The headers a preflight asks for are allowed to an allowed origin: the official OpenAI JavaScript client
      // sends its own (X-Stainless-...) with every request. (Only header-name characters are echoed.)
      std::string asked = req.get_header_value("Access-Control-Request-Headers");
      const bool header_names_only = asked.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_, ") == std::string::npos;
      res.set_header("Access-Control-Allow-Headers",
                     !asked.empty() && header_names_only && asked.size() <= 1000 ? asked
                                                                                 : "Content-Type, Authorization, If-Match");
      res.set_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
      res.set_header("Access-Control-Expose-Headers", "ETag, Retry-After");
      res.set_header("Access-Control-Max-Age", "600");
    }
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    // Replies, conversations and curation data are someone's health questions, or change with every request: no
    // shared cache (a proxy's) may keep them, and a browser must ask again before reusing one. ("no-store" would also
    // keep Chromium from handing a reply's body to its developer tools, which the browser tests read.) The pages set
    // their own policy.
    if ((req.path.rfind("/api/", 0) == 0 || req.path.rfind("/v1/", 0) == 0) && !res.has_header("Cache-Control"))
      res.set_header("Cache-Control", "private, no-cache");
    if (res.get_header_value("Content-Type").rfind("text/html", 0) == 0) {
      res.set_header("Content-Security-Policy", kCsp);
      res.set_header("X-Frame-Options", "DENY");
    }
  });
  server_.set_logger([this, log](const httplib::Request& req, const httplib::Response& res) {
    // A request cpp-httplib could not read (a bad method, a line too long) is answered before the pre-routing
    // handler runs: this thread's start time and reply type are then an earlier request's, so it is logged with
    // no duration and no reply type rather than with theirs.
    const bool routed = t_counted;
    const double seconds =
        routed ? std::chrono::duration<double>(std::chrono::steady_clock::now() - t_request_start).count() : 0.0;
    if (!routed) t_reply_type = nullptr;
    if (t_counted) {
      --in_flight_;
      t_counted = false;
    }
    metrics_.observe_request(route_label(req.method, req.path), res.status, seconds);
    if (t_reply_type) metrics_.observe_reply(t_reply_type);
    if (!log) return;
    nlohmann::json line = {{"time", utc_timestamp()},       {"method", req.method}, {"path", req.path},
                           {"status", res.status},    {"duration_ms", std::round(seconds * 1e5) / 100},
                           {"remote", req.remote_addr}};
    if (t_reply_type) line["reply_type"] = t_reply_type;
    write_log_line(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
  });
  // Unmatched routes and errors without a body get the JSON error shape too.
  server_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 404: send_error(res, 404, "not_found", "No such resource."); break;
      case 413: send_error(res, 413, "payload_too_large", "The request body is too large."); break;
      case 400: send_error(res, 400, "bad_request", "The request could not be read."); break;
      case 405: send_error(res, 405, "method_not_allowed", "This method is not allowed here."); break;
      default:
        send_error(res, res.status, res.status >= 500 ? "internal_error" : "bad_request",
                   res.status >= 500 ? "Something went wrong on our side." : "The request was not accepted.");
    }
  });
  server_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << nlohmann::json({{"time", utc_timestamp()}, {"level", "error"}, {"path", req.path}, {"error", what}})
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
    send_error(res, 500, "internal_error", "Something went wrong on our side.");
  });
}

void HttpServer::load_web_files() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path root = app_.config().web_dir;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file()) continue;
    std::string url = "/" + fs::relative(it->path(), root).generic_string();
    web_files_[url] = {read_file(it->path().string()).value_or(""), mime_for(it->path().extension().string())};
  }
  if (web_files_.count("/index.html")) web_files_["/"] = web_files_["/index.html"];
  if (web_files_.count("/curate.html")) web_files_["/curate"] = web_files_["/curate.html"];
}

void HttpServer::register_routes() {
  // ---- The one route table -----------------------------------------------------------------------------
  server_.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    if (app_.ready())
      send_json(res, {{"status", "ok"}});
    else
      send_error(res, 503, "starting", "The index is being built.");
  });
  server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    auto kb = app_.answerer().index();
    res.set_content(metrics_.render({{"magchat_entries_indexed", static_cast<double>(kb->entry_count())},
                                     {"magchat_passages_indexed", static_cast<double>(kb->passages().size())},
                                     {"magchat_open_streams", static_cast<double>(streams_.open())}}),
                    "text/plain; version=0.0.4");
  });
  server_.Options(".*", [](const httplib::Request&, httplib::Response& res) { res.status = 204; });
  register_chat_routes(server_, app_, streams_);
  register_openai_routes(server_, app_, streams_);
  register_curation_routes(server_, app_);
  // Static pages: only files that were in web/ at start-up can be served, so no path can escape it.
  server_.Get("/.*", [this](const httplib::Request& req, httplib::Response& res) {
    auto it = web_files_.find(req.path);
    if (it == web_files_.end()) return send_error(res, 404, "not_found", "No such page.");
    res.set_header("Cache-Control", "no-cache");
    res.set_content(it->second.body, it->second.mime.c_str());
  });
}

void HttpServer::shutdown_gracefully(std::chrono::milliseconds timeout) {
  draining_ = true;
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (in_flight_ > 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  server_.stop();
}

int HttpServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? server_.bind_to_any_port(host.c_str()) : (server_.bind_to_port(host.c_str(), port) ? port : -1);
  // Debian's cpp-httplib listens with a backlog of 5; under bursts of new connections the kernel then drops
  // SYNs and clients wait a second to retry. Listening again on the bound socket raises the backlog.
  if (bound > 0 && listen_socket_ >= 0) ::listen(listen_socket_, SOMAXCONN);
  return bound;
}

bool HttpServer::listen() { return server_.listen_after_bind(); }

}  // namespace magchat
