// The HTTP layer: cpp-httplib configured defensively, one route table, one JSON error shape.
// Handlers only translate between HTTP and App calls.
#pragma once
#include <httplib.h>

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "app.h"

namespace magchat {

// Sends {"error": {"code", "message"}} with `status`.
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message);
void send_json(httplib::Response& res, const nlohmann::json& body, int status = 200);

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
  bool is_running() const { return server_.is_running(); }

 private:
  void configure();
  void register_routes();
  void load_web_files();
  httplib::Server server_;
  App& app_;
  struct StaticFile {
    std::string body, mime;
  };
  std::map<std::string, StaticFile> web_files_;  // URL path -> file, read once at start-up
};

// Route groups, one file each (http_*_routes.cpp).
void register_chat_routes(httplib::Server& server, App& app);
void register_curation_routes(httplib::Server& server, App& app);

}  // namespace magchat
