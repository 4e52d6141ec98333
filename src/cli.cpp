#include "cli.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <thread>
#include <unistd.h>

#include "app.h"
#include "curation.h"
#include "entry_writer.h"
#include "eval_runner.h"
#include "http_server.h"
#include "kb_lint.h"
#include "kb_store.h"
#include "serving_lock.h"
#include "text.h"

#include <map>
#include <set>

namespace magchat {

namespace {

const char* kUsage = R"(usage:
  magchat serve [--port N] [--host H] [--db FILE] [--kb DIR] [--prompts DIR] [--web DIR]
                [--threads N] [--dictionary FILE] [--no-import] [--rate-limit PER_MINUTE]
                [--rate-burst N] [--rate-limit-loopback] [--cors-origins URL,URL] [--max-streams N]
                [--turn-journal-ms N]  (how often acknowledged chat turns move into SQLite; 0: commit each)
                [--max-answering N]    (questions answered at once, first come first served; 0: cores + 1)
                [--tokens FILE]        (curator tokens, lines "name:sha256hex"; or MAGCHAT_CURATOR_TOKEN)
  magchat kb lint [DIR]                 check knowledge-base files (default kb/)
  magchat kb import DIR [--db FILE]     import files into the database (idempotent; files unchanged
                                        since the last import keep the database's curated version)
  magchat kb export DIR [--db FILE] [--force]
                                        write the database's entries as files (and remove the files of
                                        entries deleted through curation); in the import folder, files
                                        edited by hand since their last import are left alone (exit 1)
                                        unless --force
  magchat ask "question" ["follow-up" ...] [--explain] [--db FILE]
                                        (several questions are one conversation, answered in order)
  magchat eval FILE.jsonl [--min SHARE] [--verbose] [--db FILE]
  magchat backup FILE [--db FILE]       consistent copy of the database, safe while serving
Every flag has an environment twin: MAGCHAT_PORT, MAGCHAT_HOST, MAGCHAT_DB, MAGCHAT_KB_DIR,
MAGCHAT_PROMPTS_DIR, MAGCHAT_WEB_DIR, MAGCHAT_THREADS, MAGCHAT_DICTIONARY, MAGCHAT_RATE_LIMIT,
MAGCHAT_RATE_BURST, MAGCHAT_RATE_LIMIT_LOOPBACK=1, MAGCHAT_CORS_ORIGINS, MAGCHAT_MAX_STREAMS, MAGCHAT_ANSWER_THRESHOLD.
)";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;  // --name value, or --name -> "1" for switches
};

Args parse_args(const std::vector<std::string>& args, size_t from) {
  static const std::set<std::string> kSwitches = {"--explain", "--verbose", "--no-import", "--help",
                                                  "--rate-limit-loopback", "--force"};
  Args out;
  for (size_t i = from; i < args.size(); ++i) {
    if (starts_with(args[i], "--")) {
      if (kSwitches.count(args[i]) || i + 1 >= args.size())
        out.flags[args[i]] = "1";
      else {
        const std::string& name = args[i];  // (assignment evaluates its right side first: no args[++i] here)
        out.flags[name] = args[i + 1];
        ++i;
      }
    } else {
      out.positional.push_back(args[i]);
    }
  }
  return out;
}

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

// A throwaway database for commands that only read (ask, eval), removed on exit.
struct TempDb {
  std::string path;
  TempDb() {
    char tmpl[] = "/tmp/magchat-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd >= 0) close(fd);
    path = tmpl;
  }
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm", "-turns.lock"}) std::remove((path + suffix).c_str());
  }
};

Config config_with_flags(const Args& a) {
  Config c = config_from_environment();
  auto flag = [&](const char* name, std::string& target) {
    auto it = a.flags.find(name);
    if (it != a.flags.end()) target = it->second;
  };
  std::string port = std::to_string(c.port), threads = std::to_string(c.threads);
  flag("--port", port);
  flag("--threads", threads);
  flag("--host", c.host);
  flag("--db", c.db_path);
  flag("--kb", c.kb_dir);
  flag("--prompts", c.prompts_dir);
  flag("--web", c.web_dir);
  flag("--dictionary", c.dictionary_path);
  flag("--tokens", c.tokens_file);
  std::string rate = std::to_string(c.rate_limit_per_minute), burst = std::to_string(c.rate_limit_burst),
              streams = std::to_string(c.max_streams), cors, journal_ms = std::to_string(c.turn_journal_ms),
              answering = std::to_string(c.max_answering);
  flag("--rate-limit", rate);
  flag("--rate-burst", burst);
  flag("--max-streams", streams);
  flag("--cors-origins", cors);
  flag("--turn-journal-ms", journal_ms);
  flag("--max-answering", answering);
  c.rate_limit_per_minute = std::atof(rate.c_str());
  c.rate_limit_burst = std::atof(burst.c_str());
  c.max_streams = std::max(1, std::atoi(streams.c_str()));
  c.turn_journal_ms = std::max(0, std::atoi(journal_ms.c_str()));
  c.max_answering = std::max(0, std::atoi(answering.c_str()));
  if (!cors.empty()) c.cors_origins = split_list(cors);
  c.port = std::atoi(port.c_str());
  c.threads = std::max(2, std::atoi(threads.c_str()));
  if (a.flags.count("--no-import")) c.import_on_start = false;
  if (a.flags.count("--rate-limit-loopback")) c.rate_limit_loopback = true;
  return c;
}

int cmd_serve(const Args& a) {
  Config c = config_with_flags(a);
  auto t0 = std::chrono::steady_clock::now();
  const auto serving = ServingLock::take(c.db_path);
  if (!serving) {
    std::cerr << "magchat: another magchat server is already using the database " << c.db_path << " ("
              << ServingLock::path_for(c.db_path)
              << " is locked). Two servers on one database would number the same conversation's turns each on "
                 "their own; stop the other one, or give this one its own --db.\n";
    return 1;
  }
  App app(c);
  for (const auto& p : app.kb_problems()) std::cerr << p.to_string() << "\n";
  HttpServer server(app);
  int port = server.bind(c.host, c.port);
  if (port < 0) {
    std::cerr << "magchat: cannot listen on " << c.host << ":" << c.port << "\n";
    return 1;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  std::cerr << "magchat: serving http://" << c.host << ":" << port << "/ (" << app.last_import().added << " added, "
            << app.last_import().updated << " updated, " << app.last_import().unchanged << " unchanged, "
            << app.last_import().kept << " kept; ready in "
            << ms << " ms)" << std::endl;
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  // Graceful shutdown: the signal only sets a flag; this thread stops the listener, listen() returns once
  // requests in flight are done, then the App (and its database connections) close normally.
  std::thread watcher([&server] {
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server.shutdown_gracefully(std::chrono::seconds(4));
  });
  bool ok = server.listen();
  g_stop = true;
  watcher.join();
  std::cerr << "magchat: stopped" << std::endl;
  return ok || g_stop ? 0 : 1;
}

int cmd_kb_lint(const Args& a) {
  std::string dir = a.positional.empty() ? "kb" : a.positional[0];
  KbFolder folder = read_kb_folder(dir);
  for (const auto& p : folder.problems) std::cout << p.to_string() << "\n";
  std::cout << folder.entries.size() << " entries, " << folder.problems.size() << " problems\n";
  return folder.problems.empty() ? 0 : 1;
}

int cmd_kb_import(const Args& a) {
  if (a.positional.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  KbFolder folder = read_kb_folder(a.positional[0]);
  for (const auto& p : folder.problems) std::cerr << p.to_string() << "\n";
  if (!folder.problems.empty()) {
    std::cerr << "magchat: not imported: fix the problems above first\n";
    return 1;
  }
  Config c = config_with_flags(a);
  Database db(c.db_path);
  KbStore store(db);
  auto r = store.import_entries(folder.entries, "kb-import");
  std::cout << r.added << " added, " << r.updated << " updated, " << r.unchanged << " unchanged";
  if (r.kept) std::cout << ", " << r.kept << " kept (edited through curation since the last import)";
  std::cout << "\n";
  return 0;
}

int cmd_kb_export(const Args& a) {
  if (a.positional.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  Config c = config_with_flags(a);
  Database db(c.db_path);
  KbStore store(db);
  std::error_code ec;  // (a folder that does not exist yet is not the import folder)
  const bool is_import_folder = std::filesystem::equivalent(a.positional[0], c.kb_dir, ec);
  ExportReport r = export_entries(store, a.positional[0], is_import_folder, a.flags.count("--force") > 0);
  for (const auto& f : r.removed) std::cout << "removed " << f << " (deleted through curation)\n";
  for (const auto& f : r.edited_on_disk)
    std::cerr << "magchat: " << f << " was edited by hand since it was last imported or exported: left as it is "
              << "(run `magchat kb import` to keep the edit, or `kb export --force` to replace it)\n";
  for (const auto& f : r.unknown) std::cerr << "magchat: " << f << " is not in the database (left alone)\n";
  std::cout << r.written << " written, " << r.unchanged << " unchanged, " << r.removed.size() << " removed";
  if (!r.edited_on_disk.empty()) std::cout << ", " << r.edited_on_disk.size() << " left alone (edited by hand)";
  std::cout << " in " << a.positional[0] << "\n";
  return r.edited_on_disk.empty() ? 0 : 1;
}

int cmd_backup(const Args& a) {
  if (a.positional.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  Config c = config_with_flags(a);
  if (!std::filesystem::exists(c.db_path)) {
    std::cerr << "magchat: no database at " << c.db_path << "\n";
    return 1;
  }
  Database db(c.db_path, true);
  db.backup_to(a.positional[0]);
  std::cout << "backed up " << c.db_path << " to " << a.positional[0] << "\n";
  return 0;
}

// The configuration of commands that only read (ask, eval): a throwaway database unless one is named.
Config config_for_reading(const Args& a, const TempDb& tmp) {
  Config c = config_with_flags(a);
  if (!a.flags.count("--db") && !std::getenv("MAGCHAT_DB")) c.db_path = tmp.path;
  return c;
}

// One reply as `magchat ask` prints it; with `explain`, the analysis (the emergency rule that matched, if any)
// and the ranking of candidate passages.
void print_reply(const Reply& r, const Analysis& analysis, bool explain) {
  std::cout << "type: " << reply_type_name(r.type) << "   confidence: " << std::fixed << std::setprecision(2)
            << r.confidence << "\n";
  if (!r.corrected_query.empty()) std::cout << "understood as: " << r.corrected_query << "\n";
  std::cout << "\n" << r.answer << "\n\n";
  for (const auto& s : r.sources)
    std::cout << "[" << s.id << "] " << s.title << (s.section.empty() ? "" : " - " + s.section) << " <" << s.url << ">\n";
  if (!r.suggestions.empty()) {
    std::cout << "\nsuggestions:\n";
    for (const auto& s : r.suggestions) std::cout << "  - " << s << "\n";
  }
  std::cout << "\n" << r.disclaimer << "\n";
  if (explain) {
    if (!analysis.emergency_rule.empty()) std::cout << "\nemergency rule: " << analysis.emergency_rule << "\n";
    std::cout << "\ntopics: " << join(r.topics, ", ") << "   aspects: " << join(r.aspects, ", ") << "\n";
    std::cout << "searched words: " << join(analysis.stems, ", ") << "\n";
    if (!analysis.not_covered_stems.empty())
      std::cout << "an answer must mention: " << join(analysis.not_covered_stems, ", ") << "\n";
    std::cout << "score  bm25    head  phr   text  topic aspect conflict  entry [section]\n";
    for (const auto& e : r.explain)
      std::cout << std::setprecision(3) << e.score << "  " << std::setprecision(2) << e.bm25 << "  "
                << e.header_coverage << "  " << e.phrasing_similarity << "  " << e.text_coverage << "  " << e.topic_match
                << "  " << e.aspect_match << "   " << e.conflict << "      " << e.entry_id << (e.section.empty() ? "" : " [" + e.section + "]") << "\n";
  }
}

int cmd_ask(const Args& a) {
  if (a.positional.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  TempDb tmp;
  App app(config_for_reading(a, tmp));
  ConversationContext context;
  for (size_t turn = 0; turn < a.positional.size(); ++turn) {
    if (a.positional.size() > 1) std::cout << (turn ? "\n" : "") << "=== " << a.positional[turn] << "\n";
    auto result = app.preview(a.positional[turn], context);
    context = result.context;
    print_reply(result.reply, result.analysis, a.flags.count("--explain") > 0);
  }
  return 0;
}

int cmd_eval(const Args& a) {
  if (a.positional.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  TempDb tmp;
  App app(config_for_reading(a, tmp));
  auto summary = run_eval_file(a.positional[0], app.answerer(), app.reader(), std::cout, a.flags.count("--verbose") > 0);
  double min = a.flags.count("--min") ? std::atof(a.flags.at("--min").c_str()) : 1.0;
  return summary.share() + 1e-9 >= min ? 0 : 1;
}

}  // namespace

int run_cli(const std::vector<std::string>& args) {
  try {
    if (args.empty() || args[0] == "--help" || args[0] == "help") {
      std::cout << kUsage;
      return args.empty() ? 2 : 0;
    }
    const std::string& cmd = args[0];
    // Every command's flags are checked before it runs: "--help" prints the usage, and a misspelt flag ("--prot")
    // is refused rather than silently ignored (a server started on the default port would surprise its operator).
    const size_t first_flag = cmd == "kb" ? 2 : 1;
    for (size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "--help" || args[i] == "-h") {
        std::cout << kUsage;
        return 0;
      }
    }
    static const std::set<std::string> kKnownFlags = {
        "--port",       "--host",        "--db",         "--kb",          "--prompts",          "--web",
        "--threads",    "--dictionary",  "--no-import",  "--rate-limit",  "--rate-burst",       "--rate-limit-loopback",
        "--cors-origins", "--max-streams", "--turn-journal-ms", "--max-answering", "--tokens", "--explain",
        "--verbose",    "--min"};
    for (const auto& [name, value] : parse_args(args, first_flag).flags)
      if (!kKnownFlags.count(name)) {
        std::cerr << "magchat: unknown option " << name << " (magchat --help lists them)\n";
        return 2;
      }
    if (cmd == "serve") return cmd_serve(parse_args(args, 1));
    if (cmd == "ask") return cmd_ask(parse_args(args, 1));
    if (cmd == "eval") return cmd_eval(parse_args(args, 1));
    if (cmd == "backup") return cmd_backup(parse_args(args, 1));
    if (cmd == "kb" && args.size() >= 2) {
      if (args[1] == "lint") return cmd_kb_lint(parse_args(args, 2));
      if (args[1] == "import") return cmd_kb_import(parse_args(args, 2));
      if (args[1] == "export") return cmd_kb_export(parse_args(args, 2));
    }
    std::cerr << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "magchat: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace magchat
