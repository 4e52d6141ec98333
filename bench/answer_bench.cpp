// answer_bench: times answering in-process (no HTTP), the regression guard of bench/README.md.
//
// Builds an App over a knowledge-base folder with a fresh temporary database, then times
//   - App::preview (analyse + search + compose, nothing stored) over every turn of the question set, and
//   - App::chat (the same plus storing the turn and, for weak answers, the unanswered-question row),
// and prints median / p99 / mean microseconds per question for each.
//
// Multi-turn questions are asked as conversations: preview passes the previous turn's context, chat passes the
// conversation id it got back, so follow-ups are measured the way people send them.
//
// Exit status: 0 when the preview median is at most --max-median-us (default 1000, the issue's target on the
// shipped knowledge base; 0 disables the check), 1 when it is above, 2 on a usage or set-up error.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <numeric>
#include <string>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include "app.h"

namespace {

using Clock = std::chrono::steady_clock;

const char* kUsage = R"(usage: answer_bench [--kb DIR] [--prompts DIR] [--questions FILE.jsonl] [--dictionary FILE]
                    [--db FILE [--no-import]] [--rounds N] [--warmup-rounds N] [--chat-rounds N]
                    [--max-median-us US] [--json]
Run from the repository root (the defaults are kb, prompts, tests/eval/questions.jsonl).
  --db FILE           use (and keep) this database instead of a fresh temporary one
  --no-import         do not import the folder at start-up (with --db over an imported database: for profiling)
  --rounds N          timed passes over the question set for preview (default 20)
  --warmup-rounds N   untimed passes before them (default 1: statement cache, reader connection, page cache)
  --chat-rounds N     timed passes for chat (default 5; every pass stores new conversations)
  --max-median-us US  fail (exit 1) when the preview median is above US microseconds (default 1000; 0 = off)
  --json              also print one JSON line with every figure (for bench/run.sh)
)";

struct Stats {
  size_t n = 0;
  double median = 0, p99 = 0, mean = 0, min = 0, max = 0;
};

// Percentile by nearest rank over sorted samples (microseconds).
Stats stats_of(std::vector<double> us) {
  Stats s;
  if (us.empty()) return s;
  std::sort(us.begin(), us.end());
  auto rank = [&](double p) {
    size_t i = static_cast<size_t>(p / 100.0 * static_cast<double>(us.size()) + 0.999999);
    return us[std::min(us.size() - 1, i == 0 ? 0 : i - 1)];
  };
  s.n = us.size();
  s.median = rank(50);
  s.p99 = rank(99);
  s.mean = std::accumulate(us.begin(), us.end(), 0.0) / static_cast<double>(us.size());
  s.min = us.front();
  s.max = us.back();
  return s;
}

double micros_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

// A temporary database path, removed (with its WAL files) on exit.
struct TempDb {
  std::string path;
  TempDb() {
    char tmpl[] = "/tmp/magchat-bench-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd >= 0) close(fd);
    path = tmpl;
  }
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  }
};

// Every conversation of the question set: a list of turns (one message each).
std::vector<std::vector<std::string>> load_conversations(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read question set " + path);
  std::vector<std::vector<std::string>> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("turns") || !j["turns"].is_array())
      throw std::runtime_error(path + ":" + std::to_string(n) + ": expected a JSON object with \"turns\"");
    std::vector<std::string> turns;
    for (const auto& t : j["turns"])
      if (t.is_string()) turns.push_back(t.get<std::string>());
    if (!turns.empty()) out.push_back(std::move(turns));
  }
  if (out.empty()) throw std::runtime_error("no questions in " + path);
  return out;
}

void print_row(const char* name, const Stats& s) {
  std::printf("%-10s %8zu %10.1f %10.1f %10.1f %10.1f %10.1f\n", name, s.n, s.median, s.p99, s.mean, s.min, s.max);
}

nlohmann::json to_json(const Stats& s) {
  return {{"n", s.n}, {"median_us", s.median}, {"p99_us", s.p99}, {"mean_us", s.mean}, {"min_us", s.min},
          {"max_us", s.max}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string questions_path = "tests/eval/questions.jsonl";
  int rounds = 20, warmup_rounds = 1, chat_rounds = 5;
  double max_median_us = 1000;
  bool json = false;
  std::string db_path;
  magchat::Config config;
  config.access_log = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << "answer_bench: " << a << " needs a value\n" << kUsage;
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--kb") config.kb_dir = value();
    else if (a == "--prompts") config.prompts_dir = value();
    else if (a == "--db") db_path = value();
    else if (a == "--no-import") config.import_on_start = false;
    else if (a == "--questions") questions_path = value();
    else if (a == "--dictionary") config.dictionary_path = value();
    else if (a == "--rounds") rounds = std::max(1, std::atoi(value().c_str()));
    else if (a == "--warmup-rounds") warmup_rounds = std::max(0, std::atoi(value().c_str()));
    else if (a == "--chat-rounds") chat_rounds = std::max(0, std::atoi(value().c_str()));
    else if (a == "--max-median-us") max_median_us = std::atof(value().c_str());
    else if (a == "--json") json = true;
    else {
      std::cerr << kUsage;
      return a == "--help" ? 0 : 2;
    }
  }

  try {
    const auto conversations = load_conversations(questions_path);
    size_t turns = 0;
    for (const auto& c : conversations) turns += c.size();

    TempDb db;
    config.db_path = db_path.empty() ? db.path : db_path;
    const auto t0 = Clock::now();
    magchat::App app(config);
    const double startup_ms = micros_since(t0) / 1000.0;
    const size_t passages = app.answerer().index()->passages().size();

    // preview: warm-up passes (statement cache, reader connection, page cache), then timed passes.
    std::vector<double> preview_us;
    preview_us.reserve(turns * static_cast<size_t>(rounds));
    std::map<std::string, size_t> reply_types;
    for (int round = -warmup_rounds; round < rounds; ++round) {
      for (const auto& conv : conversations) {
        magchat::ConversationContext ctx;
        for (const auto& msg : conv) {
          const auto t = Clock::now();
          magchat::AnswerResult r = app.preview(msg, ctx);
          const double us = micros_since(t);
          ctx = r.analysis.context();
          if (round >= 0) preview_us.push_back(us);
          if (round == 0) ++reply_types[magchat::reply_type_name(r.reply.type)];
        }
      }
    }

    // chat: stores every turn, so each pass adds conversations to the database like real traffic does.
    std::vector<double> chat_us;
    for (int round = 0; round < chat_rounds; ++round) {
      for (const auto& conv : conversations) {
        magchat::ChatRequest req;
        for (const auto& msg : conv) {
          req.message = msg;
          const auto t = Clock::now();
          magchat::Reply reply = app.chat(req);
          chat_us.push_back(micros_since(t));
          req.conversation_id = reply.conversation_id;
        }
      }
    }

    const Stats p = stats_of(preview_us), c = stats_of(chat_us);
    std::printf("answer_bench: %zu entries (%zu passages) from %s, %zu questions (%zu conversations) from %s\n",
                app.answerer().index()->entry_count(), passages, config.kb_dir.c_str(), turns, conversations.size(),
                questions_path.c_str());
    std::printf("App start-up (%s): %.1f ms\n",
                !config.import_on_start ? "index only" : db_path.empty() ? "fresh database: import + index" : "import + index",
                startup_ms);
    std::printf("reply types:");
    for (const auto& [type, n] : reply_types) std::printf(" %s=%zu", type.c_str(), n);
    std::printf("\n\n%-10s %8s %10s %10s %10s %10s %10s   (microseconds per question)\n", "call", "samples",
                "median", "p99", "mean", "min", "max");
    print_row("preview", p);
    if (chat_rounds > 0) print_row("chat", c);

    const bool pass = max_median_us <= 0 || p.median <= max_median_us;
    if (max_median_us > 0)
      std::printf("\npreview median %.1f us %s the %.0f us limit: %s\n", p.median, pass ? "is within" : "EXCEEDS",
                  max_median_us, pass ? "PASS" : "FAIL");
    if (json) {
      nlohmann::json out = {{"entries", app.answerer().index()->entry_count()},
                            {"passages", passages},
                            {"questions", turns},
                            {"startup_ms", startup_ms},
                            {"preview", to_json(p)},
                            {"chat", to_json(c)},
                            {"pass", pass}};
      std::printf("JSON %s\n", out.dump().c_str());
    }
    return pass ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "answer_bench: " << e.what() << "\n";
    return 2;
  }
}
