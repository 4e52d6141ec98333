// The turn journal: record format, read-your-writes before turns reach SQLite, replay after a crash, and the
// first-come-first-served gate that bounds the threads answering at once. Real SQLite in a temporary folder.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "app.h"
#include "fifo_gate.h"
#include "test_support.h"
#include "turn_journal.h"

using namespace magchat;
using namespace magchat::test;

namespace {

JournaledTurn sample_turn(const std::string& id, int index, const std::string& message) {
  JournaledTurn t;
  t.conversation_id = id;
  t.turn_index = index;
  t.message = message;
  t.reply_json = R"({"type":"no_answer","turn_index":)" + std::to_string(index) + "}";
  t.type = "no_answer";
  t.context_json = R"({"topics":[],"aspects":[],"in_scope":true})";
  t.created_at = "2026-11-28T10:00:00Z";
  t.unanswered_reason = "no_answer";
  t.normalized = message;
  return t;
}

long long count_rows(App& app, const std::string& sql) {
  return app.with_writer([&](Database& db) {
    auto& q = db.prepare(sql);
    q.step();
    long long n = q.integer(0);
    q.reset();
    return n;
  });
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

Config journaling_every(const TempDir& dir, int ms) {
  Config c = test_config(dir);
  c.turn_journal_ms = ms;
  return c;
}

}  // namespace

TEST_CASE("journal records read back intact, and a damaged record costs only itself") {
  const JournaledTurn a = sample_turn("aaaa0000aaaa0000", 0, "first question"),
                      b = sample_turn("bbbb0000bbbb0000", 3, "second question ü"),
                      c = sample_turn("cccc0000cccc0000", 1, std::string("with \0 byte", 11));
  const std::string ra = encode_journal_record(a), rb = encode_journal_record(b), rc = encode_journal_record(c);

  auto all = decode_journal_records(ra + rb + rc);
  REQUIRE(all.size() == 3);
  CHECK(all[1].conversation_id == b.conversation_id);
  CHECK(all[1].turn_index == 3);
  CHECK(all[1].message == b.message);
  CHECK(all[1].reply_json == b.reply_json);
  CHECK(all[2].message == c.message);
  CHECK(all[0].unanswered_reason == "no_answer");

  std::string damaged = rb;
  damaged[damaged.size() / 2] ^= 0x55;  // the checksum no longer matches
  auto survivors = decode_journal_records(ra + damaged + rc);
  REQUIRE(survivors.size() == 2);
  CHECK(survivors[0].message == a.message);
  CHECK(survivors[1].message == c.message);

  // A record cut short by a crash (never acknowledged) at the end of the file is ignored.
  auto cut = decode_journal_records(ra + rb.substr(0, rb.size() - 7));
  REQUIRE(cut.size() == 1);
  CHECK(cut[0].message == a.message);
  CHECK(decode_journal_records("").empty());
  CHECK(decode_journal_records("MCT1 garbage that is not a record").empty());
}

TEST_CASE("an acknowledged turn is in the journal before SQLite, and follow-ups see it at once") {
  TempDir dir;
  App app(journaling_every(dir, 60000));  // nothing moves to SQLite on its own during this test
  Reply first = app.chat({"Tell me about low magnesium.", std::nullopt});
  CHECK(count_rows(app, "SELECT count(*) FROM turns") == 0);
  CHECK(std::filesystem::file_size(dir.file("magchat.db") + "-turns-1.log") > first.answer.size());

  // The follow-up gets the next index and inherits the topic from the turn still in the journal.
  Reply second = app.chat({"What medications cause it?", first.conversation_id});
  CHECK(second.turn_index == 1);
  REQUIRE(second.type == ReplyType::Answer);
  CHECK(second.sources.at(0).entry_id == "medicines-that-lower-magnesium");
  CHECK(count_rows(app, "SELECT count(*) FROM turns") == 0);

  // Reading the history moves the journal into SQLite first.
  auto conv = app.conversation(first.conversation_id);
  REQUIRE(conv);
  REQUIRE((*conv)["turns"].size() == 2);
  CHECK((*conv)["turns"][1]["message"] == "What medications cause it?");
  CHECK(count_rows(app, "SELECT count(*) FROM turns") == 2);
  // A third turn after the move reads its index from SQLite.
  CHECK(app.chat({"And which foods help?", first.conversation_id}).turn_index == 2);
}

// Under light traffic too: a turn reaches SQLite within about one interval without anyone asking for it (a backup
// taken while serving, or any other reader of the database, sees it).
TEST_CASE("a single turn moves into SQLite on its own within the journal's interval") {
  TempDir dir;
  App app(journaling_every(dir, 10));
  app.chat({"Tell me about low magnesium.", std::nullopt});
  long long stored = 0;
  for (int i = 0; i < 200 && stored == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stored = count_rows(app, "SELECT count(*) FROM turns");  // SQLite itself: no flush()
  }
  CHECK(stored == 1);
}

TEST_CASE("turns left in the journal by a killed process are stored once on the next start") {
  TempDir dir;
  const std::string db = dir.file("magchat.db");
  { App first(test_config(dir)); }  // creates the database; a clean stop leaves no journal file
  CHECK_FALSE(std::filesystem::exists(db + "-turns-1.log"));

  // What a killed process leaves: a file with two acknowledged turns and one cut short.
  const std::string cut = encode_journal_record(sample_turn("dddd0000dddd0000", 0, "cut short"));
  write_file(db + "-turns-7.log", encode_journal_record(sample_turn("aaaa0000aaaa0000", 0, "first question")) +
                                      encode_journal_record(sample_turn("aaaa0000aaaa0000", 1, "second question")) +
                                      cut.substr(0, cut.size() / 2));
  {
    App restarted(test_config(dir));
    CHECK(count_rows(restarted, "SELECT count(*) FROM turns WHERE conversation_id = 'aaaa0000aaaa0000'") == 2);
    CHECK(count_rows(restarted, "SELECT count(*) FROM turns WHERE conversation_id = 'dddd0000dddd0000'") == 0);
    CHECK(count_rows(restarted, "SELECT count FROM unanswered WHERE normalized = 'first question'") == 1);
    CHECK_FALSE(std::filesystem::exists(db + "-turns-7.log"));
    // New turns continue after the replayed ones, in a file numbered after the replayed one.
    CHECK(restarted.chat({"And nuts?", std::string("aaaa0000aaaa0000")}).turn_index == 2);
    CHECK(std::filesystem::exists(db + "-turns-8.log"));
  }
  // A file already applied (the process died before deleting it) is not applied a second time.
  write_file(db + "-turns-7.log", encode_journal_record(sample_turn("eeee0000eeee0000", 0, "first question")));
  App again(test_config(dir));
  CHECK(count_rows(again, "SELECT count(*) FROM turns WHERE conversation_id = 'eeee0000eeee0000'") == 0);
  CHECK(count_rows(again, "SELECT count FROM unanswered WHERE normalized = 'first question'") == 1);
  CHECK_FALSE(std::filesystem::exists(db + "-turns-7.log"));
}

TEST_CASE("a second App on the same database commits its turns itself instead of sharing the journal") {
  TempDir dir;
  App first(journaling_every(dir, 60000));
  App second(test_config(dir));
  Reply r = second.chat({"Which foods contain magnesium?", std::nullopt});
  // Committed before chat() returned: visible at once, with no flush.
  CHECK(count_rows(second, "SELECT count(*) FROM turns WHERE conversation_id = '" + r.conversation_id + "'") == 1);
  first.chat({"Which foods contain magnesium?", std::nullopt});
  CHECK(count_rows(second, "SELECT count(*) FROM turns") == 1);  // the first App's turn is still in its journal
}

TEST_CASE("the answering gate lets in its number of threads at once, and no more") {
  FifoGate gate(3);
  std::atomic<int> inside{0};
  std::atomic<bool> release{false}, fourth_in{false};
  auto wait_until = [](auto condition) {
    for (int i = 0; i < 5000 && !condition(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return condition();
  };
  std::vector<std::thread> holders;
  for (int t = 0; t < 3; ++t)
    holders.emplace_back([&] {
      FifoGate::Hold slot(gate);
      ++inside;
      wait_until([&] { return release.load(); });
    });
  REQUIRE(wait_until([&] { return inside == 3; }));  // three at once
  std::thread fourth([&] {
    FifoGate::Hold slot(gate);
    fourth_in = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(fourth_in);  // the fourth waits while three are inside
  release = true;
  for (auto& th : holders) th.join();
  fourth.join();
  CHECK(fourth_in);

  // Under contention the bound holds and every thread gets through.
  std::atomic<int> most{0}, done{0};
  inside = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        FifoGate::Hold slot(gate);
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
      }
      ++done;
    });
  for (auto& th : threads) th.join();
  CHECK(done == 16);
  CHECK(most <= 3);
}
