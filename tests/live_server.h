// The real HTTP server in the test process: bound to a free port over a temporary database, serving on its
// own thread until the fixture is destroyed.
#pragma once
#include <chrono>
#include <functional>
#include <thread>

#include "http_server.h"
#include "test_support.h"

namespace magchat::test {

struct LiveServer {
  TempDir dir;
  App app;
  HttpServer server{app};
  int port = server.bind("127.0.0.1", 0);
  std::thread thread{[this] { server.listen(); }};

  // `adjust` may change the test configuration (a curator token, rate limits...) before the App starts.
  explicit LiveServer(const std::function<void(Config&)>& adjust = {}) : app([&] {
    Config c = test_config(dir);
    if (adjust) adjust(c);
    return c;
  }()) {
    httplib::Client c("127.0.0.1", port);
    for (int i = 0; i < 200; ++i) {
      if (auto r = c.Get("/healthz"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~LiveServer() {
    server.stop();
    thread.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10, 0);
    return c;
  }
};

}  // namespace magchat::test
