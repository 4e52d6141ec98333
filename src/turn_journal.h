// The turn journal: chat turns that have been acknowledged but are not yet in SQLite.
//
// Why: storing a turn through a SQLite transaction made every chat request wait for a group commit (a sleep and
// a wake-up per request, and SQLite's single writer), which cost more server time than answering the question.
// Instead, a chat request appends its turn to a log file with one write() and is acknowledged; a background
// thread moves the logged turns into SQLite in large transactions every few milliseconds.
//
// Durability contract: append() returns once the record is in the kernel (write() has returned), so an
// acknowledged turn survives the process being killed, exactly as a SQLite commit does with the database's
// WAL + synchronous=NORMAL setting (neither calls fsync per write; both can lose the last writes to a power cut,
// never to a crash of the process). On start, files left by a killed process are replayed into SQLite before
// anything is served. A record cut short by the kill (never acknowledged) is detected by its checksum and skipped.
//
// Read-your-writes: until a turn is in SQLite the journal keeps, per conversation, the next turn index and the
// latest turn's context, so a follow-up question sees its earlier turns at once; readers that need the stored
// rows themselves (conversation history, feedback, curators' insights) call flush() first.
//
// Files, beside the database: DB-turns.lock (held with flock by the one process that journals for DB) and
// DB-turns-N.log, one per interval; N is recorded in SQLite (turn_journal_state) in the same transaction as
// that file's turns, so a file is applied exactly once even if the process dies before deleting it.
#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "database.h"
#include "question_analyser.h"

namespace magchat {

// One acknowledged chat turn, with everything needed to store it.
struct JournaledTurn {
  std::string conversation_id;
  int turn_index = 0;
  std::string message;
  std::string reply_json;    // the reply exactly as sent (without answer_html)
  std::string type;          // reply type name
  std::string context_json;  // ConversationContext as JSON
  std::string created_at;
  std::string unanswered_reason;  // empty, or why the question also goes to the curators' unanswered list
  std::string normalized;         // normalize_text(message) when unanswered_reason is set
};

// The record format (all integers little-endian): "MCT1", u32 payload size, u32 CRC-32 of the payload, payload.
// The payload is i32 turn_index then the eight strings of JournaledTurn, each as u32 size + bytes.
std::string encode_journal_record(const JournaledTurn& turn);
// Every intact record in `bytes`, in order. A damaged or cut-short record is skipped: reading resumes at the next
// place where an intact record starts.
std::vector<JournaledTurn> decode_journal_records(const std::string& bytes);

class TurnJournal {
 public:
  // Runs `fn` with the writer connection, serialised with the application's other writes.
  using WriteFn = std::function<void(const std::function<void(Database&)>&)>;
  // Stores one turn (its conversation row, turn row and unanswered row) inside the caller's transaction.
  using StoreFn = std::function<void(Database&, const JournaledTurn&)>;

  // Takes the journal of `db_path`, replays what a previous process left in it, and starts the background thread.
  // Returns nullptr when another process (or another App in this one) already journals for the same database,
  // or the database is not a file; the caller then stores turns synchronously. Throws when replay fails.
  static std::unique_ptr<TurnJournal> open(const std::string& db_path, WriteFn write, StoreFn store,
                                           int interval_ms);
  // Moves every remaining turn into SQLite, then stops the thread and releases the lock.
  ~TurnJournal();
  TurnJournal(const TurnJournal&) = delete;
  TurnJournal& operator=(const TurnJournal&) = delete;

  // Where a conversation stands when some of its turns are not yet in SQLite.
  struct PendingConversation {
    int next_index = 0;
    ConversationContext context;  // of the latest turn reserved
    int unstored = 0;             // turns reserved and not yet in SQLite
  };
  // The conversation's pending state, or nullopt when all its turns are in SQLite (read them there). `epoch`
  // is set either way; pass it to reserve(). When the state came from here, reserve() succeeds only while the
  // journal still holds the conversation (otherwise read again: its turns are in SQLite by then).
  std::optional<PendingConversation> pending(const std::string& id, uint64_t* epoch);
  // Reserves the conversation's next turn index and records `context` as its latest. `stored_next_index` is the
  // next index as read from SQLite after pending() returned nullopt with `epoch`. Returns nullopt when turns of
  // the conversation were moved into SQLite since that read: read again (pending(), then SQLite) and retry.
  // `fresh`: the id was just issued by this server, so nothing about it can be stored yet.
  std::optional<int> reserve(const std::string& id, int stored_next_index, uint64_t epoch,
                             const ConversationContext& context, bool fresh);
  // Appends a reserved turn to the log; durable (see above) when it returns. Throws std::runtime_error when the
  // file cannot be written; the caller then calls cancel() and reports an error.
  void append(JournaledTurn turn);
  // Gives back a reservation whose turn was not appended.
  void cancel(const std::string& id);
  // Waits until every turn appended before this call is in SQLite. False when that took longer than `timeout`
  // (SQLite failing; the turns stay in the log and are retried).
  bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  // One log file. Appenders count themselves in `writers` while they write to it, so that the background
  // thread, having made the next file current, knows when every record of this one is in the queue.
  struct LogFile {
    int fd = -1;
    uint64_t seq = 0;
    std::atomic<int> writers{0};
  };
  // A conversation's entry in `pending_`, which is split into shards so that requests of different
  // conversations rarely wait for each other (a waiting thread is a thread switch; a preempted lock holder
  // makes every other thread wait for it).
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, PendingConversation> conversations;
  };

  // The epoch pending() gives when it found the conversation: never equal to epoch_.
  static constexpr uint64_t kReadFromJournal = UINT64_MAX;

  TurnJournal(std::string db_path, WriteFn write, StoreFn store, int interval_ms, int lock_fd);
  std::string file_for(uint64_t seq) const;
  Shard& shard_for(const std::string& id);
  void replay_leftovers();
  // Stores `turns` and records that every file up to `through_file` is applied, in one transaction.
  void store_batch(const std::vector<JournaledTurn>& turns, uint64_t through_file);
  int open_file(uint64_t seq) const;
  void run();
  bool ingest_once();

  const std::string db_path_;
  const WriteFn write_;
  const StoreFn store_;
  const std::chrono::milliseconds interval_;
  const int lock_fd_;

  // The current file is one of two slots, used in turn: a slot is reused only after its writers have left, and an
  // appender re-checks after counting itself in that the slot it counted itself in is still the current one.
  LogFile files_[2];
  std::atomic<LogFile*> current_{nullptr};

  std::array<Shard, 32> shards_;
  std::atomic<uint64_t> epoch_{0};  // counts the batches moved into SQLite; raised before their entries go

  // A batch is stored early when the queue reaches kEarlyBatch turns; appenders wait at kMaxQueued (memory).
  static constexpr size_t kEarlyBatch = 256, kMaxQueued = 1024;
  std::atomic<size_t> queued_{0};  // queue_.size(), readable without the mutex

  std::mutex mutex_;                 // guards everything below
  std::condition_variable room_;     // appenders waiting for the queue to shrink
  std::condition_variable wake_;     // the background thread: work, a flush, or stop
  std::condition_variable flushed_;  // flush() callers
  // A turn appended, not yet taken by the background thread: the number of the file its record went to, and its
  // own number in the order turns were queued (1, 2, ...: appended_ when it was queued).
  struct QueuedTurn {
    uint64_t file_seq = 0;
    uint64_t number = 0;
    JournaledTurn turn;
  };
  std::vector<QueuedTurn> queue_;
  std::vector<uint64_t> retired_files_;  // files whose turns are taken but not yet committed
  uint64_t appended_ = 0;  // turns appended so far
  uint64_t stored_ = 0;    // every turn numbered up to this one (QueuedTurn::number) is in SQLite
  bool flush_requested_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace magchat
