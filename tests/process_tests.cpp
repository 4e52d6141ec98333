// The real binary under signals, crashes and restarts.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>

#include "database.h"
#include "process_support.h"
#include "test_support.h"

using namespace magchat;
using namespace magchat::test;
using nlohmann::json;

namespace {
void require_intact(const std::string& db_path) {
  Database db(db_path);
  auto& q = db.prepare("PRAGMA integrity_check");
  REQUIRE(q.step());
  CHECK(q.text(0) == "ok");
  q.reset();
  CHECK_NOTHROW(db.exec("INSERT INTO passage_fts(passage_fts) VALUES('integrity-check')"));
}
}  // namespace

TEST_CASE("SIGTERM and SIGINT stop the server cleanly, after requests in flight") {
  for (int sig : {SIGTERM, SIGINT}) {
    TempDir dir;
    ServerProcess server(dir.file("m.db"), {"--rate-limit", "0"});
    std::atomic<int> status{0};
    std::thread in_flight([&] {
      auto c = server.client();
      c.set_keep_alive(false);
      auto r = c.Post("/v1/chat/completions",
                      R"({"model":"magchat","stream":true,"messages":[{"role":"user","content":"What causes low magnesium?"}]})",
                      "application/json");
      status = r ? r->status : -1;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(30));  // the stream is being written (15 ms a piece)
    server.signal(sig);
    INFO("signal " << sig);
    CHECK(server.wait_exit(std::chrono::seconds(5)) == 0);
    in_flight.join();
    CHECK(status == 200);
    require_intact(dir.file("m.db"));
  }
}

TEST_CASE("every acknowledged write survives kill -9 in the middle of a burst") {
  // Turns journaled and moved into SQLite every 10 ms (the default), journaled only (the move never comes before
  // the kill: every turn is replayed from the journal on restart), and committed one group at a time.
  const std::string journal_ms = GENERATE(as<std::string>{}, "10", "600000", "0");
  INFO("--turn-journal-ms " << journal_ms);
  TempDir dir;
  const std::string db = dir.file("m.db");
  std::set<std::string> acknowledged;
  std::mutex mutex;
  {
    ServerProcess server(db, {"--rate-limit", "0", "--turn-journal-ms", journal_ms});
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        auto c = server.client();
        for (int i = 0; !stop; ++i) {
          json body = {{"message", "What causes low magnesium? writer " + std::to_string(w) + " #" + std::to_string(i)}};
          auto r = c.Post("/api/chat", body.dump(), "application/json");
          if (!r || r->status != 200) break;  // the server is gone
          std::lock_guard<std::mutex> lock(mutex);
          acknowledged.insert(json::parse(r->body)["conversation_id"].get<std::string>());
        }
      });
    }
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      std::lock_guard<std::mutex> lock(mutex);
      if (acknowledged.size() >= 150) break;
    }
    server.signal(SIGKILL);
    CHECK(server.wait_exit(std::chrono::seconds(5)) == 128 + SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
  }
  REQUIRE(acknowledged.size() >= 150);
  require_intact(db);
  ServerProcess restarted(db, {"--rate-limit", "0"});
  auto c = restarted.client();
  size_t found = 0;
  for (const auto& id : acknowledged) {
    auto r = c.Get(("/api/conversations/" + id).c_str());
    if (r && r->status == 200 && json::parse(r->body)["turns"].size() == 1) ++found;
  }
  INFO(found << " of " << acknowledged.size() << " acknowledged writes found after kill -9");
  CHECK(found == acknowledged.size());
}

TEST_CASE("every acknowledged curation write survives kill -9 in the middle of a burst") {
  TempDir dir;
  const std::string db = dir.file("m.db");
  const std::string token = "process-test-curator-token-42";
  setenv("MAGCHAT_CURATOR_TOKEN", token.c_str(), 1);
  std::set<std::string> acknowledged;
  std::mutex mutex;
  std::atomic<int> attempted{0};
  {
    ServerProcess server(db, {"--rate-limit", "0"});
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 4; ++w) {
      writers.emplace_back([&, w] {
        auto c = server.client();
        httplib::Headers auth = {{"Authorization", "Bearer " + token}};
        for (int i = 0; !stop; ++i) {
          const std::string id = "burst-" + std::to_string(w) + "-" + std::to_string(i);
          json entry = {{"id", id},
                        {"kind", "faq"},
                        {"question", "Burst question " + std::to_string(w) + " number " + std::to_string(i) + "?"},
                        {"answer", "A test answer written during a burst."},
                        {"tags", {"magnesium"}},
                        {"sources", {{{"title", "Magnesium fact sheet"}, {"url", "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/"}}}},
                        {"reviewed", "2026-11-25"},
                        {"status", "published"}};
          ++attempted;
          auto r = c.Post("/api/kb/entries", auth, entry.dump(), "application/json");
          if (!r) break;  // the server is gone
          if (r->status != 201) continue;
          std::lock_guard<std::mutex> lock(mutex);
          acknowledged.insert(id);
        }
      });
    }
    while (true) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      std::lock_guard<std::mutex> lock(mutex);
      if (acknowledged.size() >= 100) break;
    }
    server.signal(SIGKILL);
    CHECK(server.wait_exit(std::chrono::seconds(5)) == 128 + SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
  }
  unsetenv("MAGCHAT_CURATOR_TOKEN");
  REQUIRE(acknowledged.size() >= 100);
  require_intact(db);
  ServerProcess restarted(db, {"--rate-limit", "0"});
  auto c = restarted.client();
  size_t found = 0;
  for (const auto& id : acknowledged) {
    auto r = c.Get(("/api/kb/entries/" + id).c_str());
    if (r && r->status == 200) ++found;
  }
  // Printed for the record: how many writes were attempted, acknowledged and found after the crash.
  WARN(attempted.load() << " curation writes attempted, " << acknowledged.size() << " acknowledged, " << found
                        << " found after kill -9 and restart");
  CHECK(found == acknowledged.size());
  // The index holds them too: a search finds the last acknowledged entry's question.
  auto search = c.Get("/api/search?q=burst%20question&limit=5");
  REQUIRE(search);
  CHECK(json::parse(search->body)["results"].size() >= 1);
}

TEST_CASE("magchat backup makes a consistent copy while the server is writing") {
  TempDir dir;
  ServerProcess server(dir.file("m.db"), {"--rate-limit", "0"});
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    auto c = server.client();
    while (!stop) c.Post("/api/chat", R"({"message": "Which foods contain magnesium?"})", "application/json");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const std::string cmd = std::string(MAGCHAT_BIN) + " backup " + dir.file("copy.db") + " --db " + dir.file("m.db") + " >/dev/null";
  CHECK(std::system(cmd.c_str()) == 0);
  stop = true;
  writer.join();
  require_intact(dir.file("copy.db"));
  Database copy(dir.file("copy.db"));
  auto& q = copy.prepare("SELECT count(*) FROM entries");
  REQUIRE(q.step());
  CHECK(q.integer(0) >= 41);
}

namespace {
// Runs a shell command whose output goes to `output_file`; returns its exit code (-1 if it did not exit) and what it
// wrote there.
std::pair<int, std::string> run_with_output(const std::string& command, const std::string& output_file) {
  const int rc = std::system(command.c_str());
  std::ifstream in(output_file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, text};
}
}  // namespace

TEST_CASE("a misspelt option is refused with a message, and --help prints the usage, before anything starts") {
  TempDir dir;
  // (Were the misspelt flag ignored, serve would start and only `timeout` would end it, with exit code 124.)
  const std::string bin = MAGCHAT_BIN;
  const auto [misspelt_rc, message] = run_with_output(
      "timeout 10 " + bin + " serve --prot 1 --db " + dir.file("m.db") + " 2>" + dir.file("err.txt") + " >/dev/null",
      dir.file("err.txt"));
  CHECK(misspelt_rc == 2);
  CHECK(message.find("unknown option --prot") != std::string::npos);
  CHECK_FALSE(std::ifstream(dir.file("m.db")).good());  // nothing was created

  const auto [help_rc, usage] =
      run_with_output("timeout 10 " + bin + " serve --help >" + dir.file("out.txt"), dir.file("out.txt"));
  CHECK(help_rc == 0);
  CHECK(usage.find("magchat serve [--port N]") != std::string::npos);
}

// Two servers on one database would number a conversation's turns each on their own, and one of two turns given
// the same index would not be stored: the second is refused, and the first goes on serving.
TEST_CASE("a second server on the same database is refused with a message, and the first keeps serving") {
  TempDir dir;
  ServerProcess first(dir.file("m.db"), {"--rate-limit", "0"});
  const std::string bin = MAGCHAT_BIN;
  const auto [rc, message] = run_with_output("cd " + std::string(MAGCHAT_SOURCE_DIR) + " && timeout 20 " + bin +
                                                 " serve --port 0 --db " + dir.file("m.db") + " 2>" +
                                                 dir.file("err.txt") + " >/dev/null",
                                             dir.file("err.txt"));
  CHECK(rc == 1);  // (were it started, only `timeout` would end it, with 124)
  CHECK(message.find("another magchat server is already using the database") != std::string::npos);
  auto c = first.client();
  auto r = c.Post("/api/chat", R"({"message": "Which foods contain magnesium?"})", "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  // With the first one stopped, the database is free again.
  first.signal(SIGTERM);
  REQUIRE(first.wait_exit(std::chrono::seconds(10)) == 0);
  ServerProcess second(dir.file("m.db"), {"--rate-limit", "0"});
  auto r2 = second.client().Get("/healthz");
  REQUIRE(r2);
  CHECK(r2->status == 200);
}

// A curator's usual loop: edit the files, `magchat kb import` them while the server runs. The server sees the
// import (another process's commit) and answers from the new text within a few seconds, without a restart.
TEST_CASE("kb import beside a running server reaches its answers without a restart") {
  namespace fs = std::filesystem;
  TempDir dir;
  const fs::path kb = dir.path / "kb";
  fs::copy(repo("kb"), kb, fs::copy_options::recursive);
  ServerProcess server(dir.file("m.db"), {"--rate-limit", "0", "--kb", kb.string()});
  auto answer = [&] {
    auto r = server.client().Post("/api/chat", R"({"message": "Is Epsom salt safe to take by mouth?"})",
                                  "application/json");
    return r ? json::parse(r->body).value("answer", "") : std::string();
  };
  REQUIRE(answer().find("Imported while serving.") == std::string::npos);

  const fs::path file = kb / "faq" / "epsom-salt.md";
  std::string text;
  {
    std::ifstream in(file);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::ofstream(file, std::ios::trunc) << text << "\nImported while serving.\n";
  const std::string cmd = std::string(MAGCHAT_BIN) + " kb import " + kb.string() + " --db " + dir.file("m.db") +
                          " --kb " + kb.string() + " >/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  bool seen = false;
  for (int i = 0; i < 50 && !seen; ++i) {
    seen = answer().find("Imported while serving.") != std::string::npos;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(seen);
}
