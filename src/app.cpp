#include "app.h"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <future>
#include <map>
#include <thread>

#include "conversation_store.h"
#include "text.h"

namespace magchat {

namespace {
std::atomic<int> next_instance{1};

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}
}  // namespace

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string item = trim(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

Config config_from_environment() {
  Config c;
  c.host = env_or("MAGCHAT_HOST", c.host);
  c.port = std::atoi(env_or("MAGCHAT_PORT", std::to_string(c.port)).c_str());
  c.db_path = env_or("MAGCHAT_DB", c.db_path);
  c.kb_dir = env_or("MAGCHAT_KB_DIR", c.kb_dir);
  c.prompts_dir = env_or("MAGCHAT_PROMPTS_DIR", c.prompts_dir);
  c.web_dir = env_or("MAGCHAT_WEB_DIR", c.web_dir);
  c.dictionary_path = env_or("MAGCHAT_DICTIONARY", c.dictionary_path);
  c.threads = std::atoi(env_or("MAGCHAT_THREADS", std::to_string(c.threads)).c_str());
  if (c.threads < 2) c.threads = 2;
  c.rate_limit_per_minute = std::atof(env_or("MAGCHAT_RATE_LIMIT", std::to_string(c.rate_limit_per_minute)).c_str());
  c.rate_limit_burst = std::atof(env_or("MAGCHAT_RATE_BURST", std::to_string(c.rate_limit_burst)).c_str());
  c.rate_limit_loopback = env_or("MAGCHAT_RATE_LIMIT_LOOPBACK", "0") == "1";
  c.max_streams = std::atoi(env_or("MAGCHAT_MAX_STREAMS", std::to_string(c.max_streams)).c_str());
  c.stream_delay_ms = std::atoi(env_or("MAGCHAT_STREAM_DELAY_MS", std::to_string(c.stream_delay_ms)).c_str());
  c.cors_origins = split_list(env_or("MAGCHAT_CORS_ORIGINS", ""));
  c.curator_token = env_or("MAGCHAT_CURATOR_TOKEN", c.curator_token);
  c.tokens_file = env_or("MAGCHAT_TOKENS_FILE", c.tokens_file);
  c.turn_journal_ms = std::atoi(env_or("MAGCHAT_TURN_JOURNAL_MS", std::to_string(c.turn_journal_ms)).c_str());
  c.max_answering = std::atoi(env_or("MAGCHAT_MAX_ANSWERING", std::to_string(c.max_answering)).c_str());
  c.answer_threshold = std::atof(env_or("MAGCHAT_ANSWER_THRESHOLD", std::to_string(c.answer_threshold)).c_str());
  return c;
}

namespace {
int answering_slots(int configured) {
  if (configured > 0) return configured;
  const unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(cores ? cores : 2) + 1;
}
}  // namespace

App::App(Config config)
    : config_(std::move(config)), answering_gate_(answering_slots(config_.max_answering)), instance_(next_instance++) {
  namespace fs = std::filesystem;
  for (const auto& [what, dir] : {std::pair<const char*, std::string>{"knowledge base", config_.kb_dir},
                                  {"prompts", config_.prompts_dir}})
    if (!fs::is_directory(dir))
      throw std::runtime_error(std::string("the ") + what + " folder '" + dir +
                               "' does not exist (run from the repository root, or set it with a flag)");
  writer_ = std::make_unique<Database>(config_.db_path);
  KbStore store(*writer_);
  // Reading the language rules (scope.yaml, emergency.yaml) is about half of start-up, nearly all of it YAML
  // parsing: it runs on a second thread while this one reads the concepts and imports the folder. (get() below
  // rethrows its errors; if this thread throws first, the future's destructor waits for the other.)
  auto rules_loading = std::async(std::launch::async, [dir = config_.kb_dir] {
    return std::make_shared<LanguageRules>(LanguageRules::load(dir + "/scope.yaml", dir + "/emergency.yaml"));
  });
  concepts_ = std::make_shared<ConceptIndex>(ConceptIndex::load(config_.kb_dir + "/synonyms.yaml"));
  dictionary_ = Dictionary::load(config_.dictionary_path);
  if (config_.import_on_start) {
    // (The rule files were loaded above; their own checks are added below, once the second thread has them.)
    KbFolder folder = read_kb_entries(config_.kb_dir, concepts_.get());
    kb_problems_ = folder.problems;
    // Entries with problems are not imported: a broken file must not replace a good stored version.
    std::map<std::string, bool> broken;
    for (const auto& p : folder.problems)
      for (size_t i = 0; i < folder.files.size(); ++i)
        if (folder.files[i] == p.file) broken[folder.entries[i].id] = true;
    std::vector<Entry> good;
    for (const auto& e : folder.entries)
      if (!broken.count(e.id)) good.push_back(e);
    last_import_ = store.import_entries(good, "kb-import");
  }
  rules_ = rules_loading.get();
  if (config_.import_on_start)
    for (auto& p : kb_rule_problems(config_.kb_dir, *rules_, concepts_.get())) kb_problems_.push_back(std::move(p));
  AnswerSettings settings;
  settings.answer_threshold = config_.answer_threshold;
  answerer_ = std::make_unique<Answerer>(build_index(), Templates::load(config_.prompts_dir), settings);
  if (config_.turn_journal_ms > 0)
    journal_ = TurnJournal::open(
        config_.db_path,
        // Storing a batch takes a slot of the answering gate, so that under load the journal's thread gets its
        // share of the cores instead of one share among dozens of answering threads (its queue would grow).
        [this](const std::function<void(Database&)>& fn) {
          FifoGate::Hold slot(answering_gate_);
          with_writer(fn);
        },
        [](Database& db, const JournaledTurn& t) {
          ConversationStore::store_turn(db, t);
          if (!t.unanswered_reason.empty()) insert_unanswered(db, t.normalized, t.message, t.unanswered_reason.c_str());
        },
        config_.turn_journal_ms);
  if (config_.kb_watch_ms > 0)
    kb_watch_ = std::thread([this] {
      // Its own connection: one cheap query a second, never waiting for the writer. (Opened inside the try: a
      // failure is tried again at the next look, never an exception out of the thread.)
      std::unique_ptr<Database> db;
      std::unique_lock<std::mutex> lock(kb_watch_mutex_);
      while (!kb_watch_wake_.wait_for(lock, std::chrono::milliseconds(config_.kb_watch_ms),
                                      [this] { return kb_watch_stop_; })) {
        lock.unlock();
        try {
          if (!db) db = std::make_unique<Database>(config_.db_path, true);
          if (KbStore::reader(*db).newest_revision() > index_revision_.load()) rebuild_index();
        } catch (const std::exception&) {
          // (A busy or locked database is tried again at the next look.)
        }
        lock.lock();
      }
    });
  ready_ = true;
}

App::~App() {
  {
    std::lock_guard<std::mutex> lock(kb_watch_mutex_);
    kb_watch_stop_ = true;
  }
  kb_watch_wake_.notify_all();
  if (kb_watch_.joinable()) kb_watch_.join();
}

std::shared_ptr<const KnowledgeIndex> App::build_index() {
  // (The passages and the newest revision are read together, so a write committed between them is not missed.)
  long long revision = 0;
  auto passages = with_writer([&](Database& db) {
    KbStore store(db);
    revision = store.newest_revision();
    return store.published_passages();
  });
  // (Recorded once the index is built: a build that throws leaves the watcher to try again.)
  auto index = KnowledgeIndex::build(std::move(passages), concepts_, rules_, dictionary_);
  index_revision_ = revision;
  return index;
}

std::shared_ptr<const KnowledgeIndex> App::index_for(std::vector<PassageRow> passages) const {
  return KnowledgeIndex::build(std::move(passages), concepts_, rules_, dictionary_);
}

void App::rebuild_index() {
  std::lock_guard<std::mutex> lock(rebuild_mutex_);
  answerer_->replace_index(build_index());
}

Database& App::reader() {
  thread_local std::map<int, std::unique_ptr<Database>> readers;
  auto& slot = readers[instance_];
  if (!slot || slot->path() != config_.db_path) slot = std::make_unique<Database>(config_.db_path, true);
  return *slot;
}

AnswerResult App::preview(const std::string& message, const ConversationContext& context) {
  FifoGate::Hold slot(answering_gate_);
  return answerer_->answer(message, context, reader());
}

namespace {
// Why a question also goes to the curators' unanswered list, or nullptr.
const char* unanswered_reason_for(const AnswerResult& result) {
  const Reply& reply = result.reply;
  // "Tell me more" says nothing curators could write an entry for.
  if (result.analysis.asks_for_more) return nullptr;
  if (reply.type == ReplyType::NoAnswer) return "no_answer";
  if (reply.type == ReplyType::Answer && reply.confidence < 0.55) return "low_confidence";
  return nullptr;
}
}  // namespace

Reply App::chat(const ChatRequest& request, std::string* reply_json) {
  if (!journal_) return chat_committed(request, reply_json);
  // A slot of the answering gate until the turn is ready to append; not while appending, which may wait for the
  // journal's thread, and that thread stores its batches holding a slot of the same gate.
  std::optional<FifoGate::Hold> slot(std::in_place, answering_gate_);
  const std::string id = request.conversation_id ? *request.conversation_id : new_conversation_id();
  ConversationContext context;
  int stored_next = 0;
  uint64_t epoch = 0;
  // Where the conversation stands: in the journal while some of its turns are not yet in SQLite, else there.
  auto read_state = [&] {
    if (auto p = journal_->pending(id, &epoch)) {
      context = p->context;
    } else if (auto ctx = ConversationStore::latest_context(reader(), id, &stored_next)) {
      context = *ctx;
    }
  };
  if (request.conversation_id) read_state();
  AnswerResult result = answerer_->answer(request.message, context, reader());
  const ConversationContext& turn_context = result.context;
  std::optional<int> index;
  while (!(index = journal_->reserve(id, stored_next, epoch, turn_context, !request.conversation_id))) read_state();
  result.reply.conversation_id = id;
  result.reply.turn_index = *index;
  JournaledTurn turn;
  turn.conversation_id = id;
  turn.turn_index = *index;
  turn.message = request.message;
  turn.reply_json = reply_json_text(result.reply);
  turn.type = reply_type_name(result.reply.type);
  turn.context_json = context_to_json(turn_context);
  turn.created_at = utc_timestamp();
  if (const char* reason = unanswered_reason_for(result)) {
    turn.unanswered_reason = reason;
    turn.normalized = normalize_text(request.message);
  }
  if (reply_json) *reply_json = turn.reply_json;
  slot.reset();
  try {
    journal_->append(std::move(turn));
  } catch (...) {
    journal_->cancel(id);
    throw;
  }
  return result.reply;
}

bool App::flush_turns() { return !journal_ || journal_->flush(); }

std::optional<nlohmann::json> App::conversation(const std::string& id) {
  flush_turns();
  return ConversationStore::get(reader(), id);
}

Reply App::chat_committed(const ChatRequest& request, std::string* reply_json) {
  ConversationContext context;
  std::string id;
  int expected_index = 0;  // the turn's index as far as the reader can tell; the writer checks it
  if (request.conversation_id) {
    id = *request.conversation_id;
    if (auto ctx = ConversationStore::latest_context(reader(), id, &expected_index)) context = *ctx;
  } else {
    id = new_conversation_id();
  }
  AnswerResult result = [&] {
    FifoGate::Hold slot(answering_gate_);  // not held while waiting for the commit
    return answerer_->answer(request.message, context, reader());
  }();
  result.reply.conversation_id = id;
  // Serialised here, in parallel with other requests, rather than by the thread that writes a whole group.
  result.reply.turn_index = expected_index;
  std::string json = reply_json_text(result.reply);
  // A question without a good answer is also collected for curators, in the same grouped write as the turn.
  const char* unanswered_reason = unanswered_reason_for(result);
  const std::string normalized = unanswered_reason ? normalize_text(request.message) : std::string();
  write_grouped([&](Database& db) {
    const int index = ConversationStore::append_turn(db, id, request.message, result.reply,
                                                     result.context, !request.conversation_id, &json);
    if (unanswered_reason) insert_unanswered(db, normalized, request.message, unanswered_reason);
    result.reply.turn_index = index;  // last: a job that throws leaves the reply as it was
  });
  if (reply_json) *reply_json = std::move(json);
  return result.reply;
}

App::FeedbackResult App::record_feedback(const std::string& conversation_id, int turn_index, bool thumbs_up,
                                         const std::string& comment, long long* feedback_id) {
  flush_turns();  // the turn may have been acknowledged a moment ago
  std::string message;
  bool first_thumbs_down = false;
  bool found = with_writer([&](Database& db) {
    auto& q = db.prepare("SELECT message FROM turns WHERE conversation_id = ? AND turn_index = ?")
                  .bind(1, conversation_id)
                  .bind(2, turn_index);
    if (!q.step()) return false;
    message = q.text(0);
    q.reset();
    // (The page sends a rating again with its comment: one turn rated down is one question for the curators.)
    if (!thumbs_up) {
      auto& d = db.prepare("SELECT 1 FROM feedback WHERE conversation_id = ? AND turn_index = ? AND rating = 'down'")
                    .bind(1, conversation_id)
                    .bind(2, turn_index);
      first_thumbs_down = !d.step();
      d.reset();
    }
    db.prepare("INSERT INTO feedback(conversation_id, turn_index, rating, comment, created_at) "
               "VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))")
        .bind(1, conversation_id)
        .bind(2, turn_index)
        .bind(3, thumbs_up ? "up" : "down")
        .bind(4, comment)
        .run();
    if (feedback_id) *feedback_id = db.last_insert_rowid();
    return true;
  });
  if (!found) return FeedbackResult::NoSuchTurn;
  if (first_thumbs_down) record_unanswered(message, "thumbs_down");
  return FeedbackResult::Stored;
}

void App::write_grouped(const std::function<void(Database&)>& job) {
  GroupedJob mine;
  mine.job = &job;
  bool leading;
  {
    std::lock_guard<std::mutex> lock(group_mutex_);
    group_queue_.push_back(&mine);
    leading = !group_leader_active_;
    group_leader_active_ = true;
  }
  if (!leading) {
    // Wait on this job's own condition variable: only its leader wakes it, once, when the job is committed
    // (Done) or when it is to lead the next group (Leading).
    std::unique_lock<std::mutex> lock(mine.mutex);
    mine.wake.wait(lock, [&] { return mine.state != GroupedJob::State::Queued; });
    if (mine.state == GroupedJob::State::Done) {
      if (mine.error) std::rethrow_exception(mine.error);
      return;
    }
  }

  // This thread leads one group: every job queued now, its own included.
  std::vector<GroupedJob*> batch;
  {
    std::lock_guard<std::mutex> lock(group_mutex_);
    batch.swap(group_queue_);
  }
  std::exception_ptr batch_error;
  try {
    with_writer([&](Database& db) {
      Transaction tx(db);
      for (GroupedJob* j : batch) {
        try {
          Transaction one(db);  // a savepoint: a failing job leaves the others' changes intact
          (*j->job)(db);
          one.commit();
        } catch (...) {
          j->error = std::current_exception();
        }
      }
      tx.commit();
    });
  } catch (...) {
    batch_error = std::current_exception();  // the commit itself failed: every job of the batch failed
  }

  // Hand over first, so that the next group is written while this one's threads wake up: the oldest waiting
  // job leads it (nobody leads when nothing waits; the next job to arrive then does).
  GroupedJob* next = nullptr;
  {
    std::lock_guard<std::mutex> lock(group_mutex_);
    if (group_queue_.empty())
      group_leader_active_ = false;
    else
      next = group_queue_.front();
  }
  if (next) {
    std::lock_guard<std::mutex> lock(next->mutex);
    next->state = GroupedJob::State::Leading;
    next->wake.notify_one();
  }
  for (GroupedJob* j : batch) {
    if (batch_error) j->error = batch_error;
    if (j == &mine) continue;
    // Notified under its mutex: the waiting thread cannot return (and destroy the job) before this is done.
    std::lock_guard<std::mutex> lock(j->mutex);
    j->state = GroupedJob::State::Done;
    j->wake.notify_one();
  }
  if (mine.error) std::rethrow_exception(mine.error);
}

void App::insert_unanswered(Database& db, const std::string& normalized, const std::string& message,
                            const char* reason) {
  const std::string at = utc_timestamp();
  db.prepare("INSERT INTO unanswered(normalized, example, reason, count, first_asked, last_asked) "
             "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT(normalized) DO UPDATE SET count = count + 1, "
             "last_asked = excluded.last_asked, example = excluded.example")
      .bind(1, normalized)
      .bind(2, message)
      .bind(3, reason)
      .bind(4, at)
      .bind(5, at)
      .run();
}

void App::record_unanswered(const std::string& message, const char* reason) {
  const std::string key = normalize_text(message);
  write_grouped([&](Database& db) { insert_unanswered(db, key, message, reason); });
}

}  // namespace magchat
