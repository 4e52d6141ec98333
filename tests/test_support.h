// Helpers shared by the tests: temporary folders and an App over the repository's real kb/ and prompts/.
#pragma once
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "app.h"

#ifndef MAGCHAT_SOURCE_DIR
#error "MAGCHAT_SOURCE_DIR must point at the repository root"
#endif

namespace magchat::test {

// A fresh directory under the system temp dir, removed with everything in it when destroyed.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / ("magchat-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline std::string repo(const std::string& rel) { return std::string(MAGCHAT_SOURCE_DIR) + "/" + rel; }

inline Config test_config(const TempDir& dir) {
  Config c;
  c.db_path = dir.file("magchat.db");
  c.kb_dir = repo("kb");
  c.prompts_dir = repo("prompts");
  c.web_dir = repo("web");
  c.access_log = false;
  c.threads = 8;
  c.rate_limit_per_minute = 0;  // tests send bursts from one address; the limiter has its own test
  return c;
}

// One App over the shipped knowledge base for every test of a binary (building it takes a few ms).
inline App& shared_app() {
  static TempDir dir;
  static App app(test_config(dir));
  return app;
}

}  // namespace magchat::test
