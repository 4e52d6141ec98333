// The magchat service: configuration, the database connections, the knowledge index and the answerer,
// wired together. HTTP handlers and CLI commands call these methods; nothing here knows about sockets.
#pragma once
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "answerer.h"
#include "database.h"
#include "fifo_gate.h"
#include "kb_lint.h"
#include "kb_store.h"
#include "turn_journal.h"

namespace magchat {

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string db_path = "magchat.db";
  std::string kb_dir = "kb";
  std::string prompts_dir = "prompts";
  std::string web_dir = "web";
  std::string dictionary_path = "/usr/share/dict/words";
  int threads = 16;                 // HTTP worker threads
  size_t max_body_bytes = 64 * 1024;
  bool import_on_start = true;
  bool access_log = true;
  double rate_limit_per_minute = 300;  // per client address on chat and search; 0 turns limiting off
  double rate_limit_burst = 60;
  // Requests from this machine (127.0.0.1, ::1) are not limited unless this is set: local tools and checks
  // should not be throttled. Set it when a reverse proxy on the same machine forwards public traffic.
  bool rate_limit_loopback = false;
  std::vector<std::string> cors_origins;  // origins allowed to call the API from a browser; none by default
  int max_streams = 8;                    // open event streams at once (each holds a worker thread)
  int stream_delay_ms = 15;               // pause between streamed pieces, so text arrives as it is read
  double answer_threshold = 0.38;   // confidence below which the reply is no_answer
  std::string curator_token;        // MAGCHAT_CURATOR_TOKEN: one curation token, named "curator" (empty: none)
  std::string tokens_file;          // --tokens, MAGCHAT_TOKENS_FILE: curation tokens, lines "name:sha256hex"
  // Chat turns are acknowledged once in the turn journal and moved into SQLite every this many milliseconds
  // (see turn_journal.h). 0 stores each turn in SQLite before acknowledging it (group commit), as does an App
  // whose database another App or process already journals for.
  int turn_journal_ms = 10;
  // Questions answered at once (fifo_gate.h); the others wait their turn. 0: one more than the number
  // of cores (fifo_gate.h says why).
  int max_answering = 0;
  // How often the server looks for knowledge-base changes another process committed to the database (`magchat
  // kb import` beside a running server), and rebuilds its index when there are some. 0: never.
  int kb_watch_ms = 1000;
};

// "a, b,c" -> {"a", "b", "c"} (empty items dropped).
std::vector<std::string> split_list(const std::string& text);

// Fills a Config from MAGCHAT_* environment variables (each flag's twin), over the defaults.
Config config_from_environment();

struct ChatRequest {
  std::string message;
  std::optional<std::string> conversation_id;
};

class App {
 public:
  // Opens (creating) the database, imports the knowledge-base folder when configured, builds the index.
  // Throws std::runtime_error with a readable message when something needed is missing or malformed.
  explicit App(Config config);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  const Config& config() const { return config_; }
  // Answers a chat message within its conversation (stored), creating a conversation when none is given.
  // The turn and, for a no_answer or low-confidence reply, the question's row in `unanswered` are stored
  // together (both or neither); returns once they are durable: appended to the turn journal, or committed to
  // SQLite when there is no journal. `reply_json`, when given, is set to the reply's JSON exactly as stored
  // (reply_json_text(reply), without answer_html).
  Reply chat(const ChatRequest& request, std::string* reply_json = nullptr);
  // Waits until every chat turn acknowledged so far is in SQLite, for readers of the stored turns and of
  // `unanswered`. False when that did not happen within 10 s (the turns are kept and retried).
  bool flush_turns();
  // A stored conversation (ConversationStore::get), including every turn acknowledged before the call.
  std::optional<nlohmann::json> conversation(const std::string& id);
  enum class FeedbackResult { Stored, NoSuchTurn };
  // Stores a thumbs up/down on a turn; a thumbs-down also adds the question to the curators' insights.
  FeedbackResult record_feedback(const std::string& conversation_id, int turn_index, bool thumbs_up,
                                 const std::string& comment, long long* feedback_id);
  // Answers without storing anything (curator preview, eval, ask).
  AnswerResult preview(const std::string& message, const ConversationContext& context = {});
  // A read connection owned by the calling thread.
  Database& reader();
  // Runs `fn` with the single writer connection, serialised with every other write.
  template <typename Fn>
  auto with_writer(Fn&& fn) {
    std::lock_guard<std::mutex> lock(writer_mutex_);
    return fn(*writer_);
  }
  // Runs `job` in a transaction shared with the jobs other threads submit meanwhile (group commit): one commit
  // for many chat turns. Returns once that transaction has committed, so the write is as durable as its own
  // transaction would be; rethrows the job's exception (its own changes are rolled back, the others' kept).
  // The jobs queued while a group is written form the next group, led by the oldest of their threads; each
  // leader writes one group, then wakes only the threads whose jobs it committed.
  void write_grouped(const std::function<void(Database&)>& job);
  // Re-reads published passages and swaps in a new index (after a knowledge-base change).
  void rebuild_index();
  // Builds an index over `passages` with the App's concepts, language rules and dictionary, without
  // touching the live one (curator preview of an unsaved entry).
  std::shared_ptr<const KnowledgeIndex> index_for(std::vector<PassageRow> passages) const;
  const Answerer& answerer() const { return *answerer_; }
  const ImportReport& last_import() const { return last_import_; }
  const std::vector<LintMessage>& kb_problems() const { return kb_problems_; }
  bool ready() const { return ready_.load(); }

 private:
  std::shared_ptr<const KnowledgeIndex> build_index();
  // chat() without a journal: the turn is written in a group commit before the reply is returned.
  Reply chat_committed(const ChatRequest& request, std::string* reply_json);
  void record_unanswered(const std::string& message, const char* reason);
  // Adds one asking of `message` (whose normalize_text is `normalized`) to the curators' unanswered questions.
  static void insert_unanswered(Database& db, const std::string& normalized, const std::string& message,
                                const char* reason);

  Config config_;
  std::unique_ptr<Database> writer_;
  std::mutex writer_mutex_;
  std::mutex rebuild_mutex_;  // one rebuild at a time, so the last one always sees every committed write
  // A write_grouped call waiting in the queue, on its caller's stack.
  struct GroupedJob {
    enum class State { Queued, Leading, Done };
    const std::function<void(Database&)>* job = nullptr;
    std::exception_ptr error;  // set by the leader before Done
    State state = State::Queued;  // guarded by `mutex`
    std::mutex mutex;
    std::condition_variable wake;
  };
  std::mutex group_mutex_;                // guards group_queue_ and group_leader_active_
  std::vector<GroupedJob*> group_queue_;  // jobs for the next group
  bool group_leader_active_ = false;      // a thread is writing a group, or has been chosen to write the next
  std::shared_ptr<const ConceptIndex> concepts_;
  std::shared_ptr<const LanguageRules> rules_;
  std::shared_ptr<const Dictionary> dictionary_;
  std::unique_ptr<Answerer> answerer_;
  FifoGate answering_gate_;  // bounds the threads answering at once (Config::max_answering)
  ImportReport last_import_;
  std::vector<LintMessage> kb_problems_;
  std::atomic<bool> ready_{false};
  // The newest knowledge-base revision the live index was built from (its row id); the watcher rebuilds when the
  // database holds a newer one that this App did not write (another process imported).
  std::atomic<long long> index_revision_{0};
  std::mutex kb_watch_mutex_;
  std::condition_variable kb_watch_wake_;
  bool kb_watch_stop_ = false;  // guarded by kb_watch_mutex_
  std::thread kb_watch_;
  const int instance_;  // distinguishes thread-local reader connections of several Apps in one process
  // Last member, so it is destroyed first: its thread stores the remaining turns through the writer.
  std::unique_ptr<TurnJournal> journal_;
};

}  // namespace magchat
