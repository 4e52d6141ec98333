// Chat and search under concurrent load while a curator keeps changing the knowledge base: every request
// must succeed, and every answer must come from one consistent version of the index.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "http_server.h"
#include "kb_store.h"
#include "live_server.h"
#include "test_support.h"

using namespace magchat;
using namespace magchat::test;
using nlohmann::json;

TEST_CASE("concurrent chats and searches stay correct while entries are written") {
  LiveServer live([](Config& c) { c.threads = 24; });
  App& app = live.app;
  const int port = live.port;

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failures{0}, inconsistent{0}, writes{0};
  const char* questions[] = {"What are the symptoms of magnesium deficiency?", "Which foods contain magnesium?",
                             "Do PPIs lower magnesium?", "How much magnesium do teenagers need?",
                             "Does magnesium help with hiccups?"};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(10, 0);
      for (int i = 0; !stop; ++i) {
        const std::string q = questions[(t + i) % 5];
        httplib::Result r = (i % 3 == 2) ? c.Get(("/api/search?q=" + std::string("magnesium%20foods")).c_str())
                                         : c.Post("/api/chat", json({{"message", q}}).dump(), "application/json");
        if (!r || r->status != 200) {
          ++failures;
          continue;
        }
        ++ok;
        auto j = json::parse(r->body, nullptr, false);
        // The hiccups entry is being published and unpublished: its answer must be the entry or no answer,
        // never a mixture (sources from one version and text from another).
        if (q.find("hiccups") != std::string::npos && j.contains("type")) {
          bool answered = j["type"] == "answer";
          bool cites_it = answered && j["sources"][0]["entry_id"] == "magnesium-hiccups";
          bool text_is_it = j["answer"].get<std::string>().find("hiccup") != std::string::npos;
          if (answered && (cites_it != text_is_it)) ++inconsistent;
        }
      }
    });
  }
  std::thread curator([&] {
    Entry e;
    e.id = "magnesium-hiccups";
    e.question = "Does magnesium help with hiccups?";
    e.tags = {"magnesium"};
    e.sources = {{"Magnesium fact sheet", "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/"}};
    e.reviewed = "2026-11-25";
    for (int i = 0; i < 40; ++i) {
      e.answer = "Version " + std::to_string(i) + ": the knowledge base has no evidence about hiccups.";
      e.status = i % 2 ? "draft" : "published";
      app.with_writer([&](Database& db) { return KbStore(db).save_entry(e, "test", "concurrency"); });
      app.rebuild_index();
      ++writes;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  curator.join();
  stop = true;
  for (auto& c : clients) c.join();

  INFO(ok << " requests ok, " << failures << " failed, " << writes << " writes");
  CHECK(writes == 40);
  CHECK(ok > 200);
  CHECK(failures == 0);
  CHECK(inconsistent == 0);
}
