#include "turn_journal.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/file.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "text.h"

namespace magchat {

namespace {

constexpr char kMagic[4] = {'M', 'C', 'T', '1'};
constexpr size_t kHeaderSize = 12;
constexpr uint32_t kMaxPayload = 64u << 20;  // far above any turn; a larger size means a damaged header

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
uint32_t get_u32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
void put_string(std::string& out, const std::string& s) {
  put_u32(out, static_cast<uint32_t>(s.size()));
  out += s;
}
uint32_t crc_of(const char* data, size_t size) {
  return static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(data), static_cast<uInt>(size)));
}

// Reads the payload of one record; false when it does not have the expected shape.
bool parse_payload(const char* p, size_t size, JournaledTurn& t) {
  size_t at = 0;
  auto u32 = [&](uint32_t& v) {
    if (size - at < 4) return false;
    v = get_u32(p + at);
    at += 4;
    return true;
  };
  auto str = [&](std::string& s) {
    uint32_t n;
    if (!u32(n) || size - at < n) return false;
    s.assign(p + at, n);
    at += n;
    return true;
  };
  uint32_t index;
  if (!u32(index)) return false;
  t.turn_index = static_cast<int>(index);
  return str(t.conversation_id) && str(t.message) && str(t.reply_json) && str(t.type) && str(t.context_json) &&
         str(t.created_at) && str(t.unanswered_reason) && str(t.normalized) && at == size;
}

void log_line(const std::string& text) { std::cerr << "{\"level\":\"error\",\"turn_journal\":\"" << text << "\"}\n"; }

}  // namespace

std::string encode_journal_record(const JournaledTurn& t) {
  std::string payload;
  payload.reserve(64 + t.conversation_id.size() + t.message.size() + t.reply_json.size() + t.context_json.size() +
                  t.normalized.size());
  put_u32(payload, static_cast<uint32_t>(t.turn_index));
  for (const std::string* s : {&t.conversation_id, &t.message, &t.reply_json, &t.type, &t.context_json,
                               &t.created_at, &t.unanswered_reason, &t.normalized})
    put_string(payload, *s);
  std::string record(kMagic, 4);
  put_u32(record, static_cast<uint32_t>(payload.size()));
  put_u32(record, crc_of(payload.data(), payload.size()));
  record += payload;
  return record;
}

std::vector<JournaledTurn> decode_journal_records(const std::string& bytes) {
  std::vector<JournaledTurn> out;
  size_t at = 0;
  while (at + kHeaderSize <= bytes.size()) {
    const char* p = bytes.data() + at;
    const uint32_t size = get_u32(p + 4);
    JournaledTurn t;
    if (std::memcmp(p, kMagic, 4) == 0 && size <= kMaxPayload && bytes.size() - at - kHeaderSize >= size &&
        crc_of(p + kHeaderSize, size) == get_u32(p + 8) && parse_payload(p + kHeaderSize, size, t)) {
      out.push_back(std::move(t));
      at += kHeaderSize + size;
      continue;
    }
    // Damaged here: resume at the next magic.
    size_t next = bytes.find(std::string(kMagic, 4), at + 1);
    if (next == std::string::npos) break;
    at = next;
  }
  return out;
}

std::unique_ptr<TurnJournal> TurnJournal::open(const std::string& db_path, WriteFn write, StoreFn store,
                                               int interval_ms) {
  if (db_path.empty() || db_path == ":memory:" || db_path.rfind("file:", 0) == 0) return nullptr;
  const std::string lock_path = db_path + "-turns.lock";
  int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) return nullptr;
  if (flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd);
    return nullptr;
  }
  std::unique_ptr<TurnJournal> journal;
  try {
    journal.reset(new TurnJournal(db_path, std::move(write), std::move(store), interval_ms, lock_fd));
  } catch (...) {
    ::close(lock_fd);  // the constructor did not finish, so the destructor does not run
    throw;
  }
  return journal;
}

TurnJournal::TurnJournal(std::string db_path, WriteFn write, StoreFn store, int interval_ms, int lock_fd)
    : db_path_(std::move(db_path)),
      write_(std::move(write)),
      store_(std::move(store)),
      interval_(std::max(1, interval_ms)),
      lock_fd_(lock_fd) {
  replay_leftovers();  // sets files_[0].seq to the last file number seen
  files_[0].seq += 1;
  files_[0].fd = open_file(files_[0].seq);
  current_.store(&files_[0]);
  thread_ = std::thread([this] { run(); });
}

TurnJournal::~TurnJournal() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  room_.notify_all();
  if (thread_.joinable()) thread_.join();
  LogFile* file = current_.load();
  ::close(file->fd);
  // Nothing is left in the current file once the thread has stopped cleanly; otherwise keep it for replay.
  std::error_code ec;  // (a destructor must not throw)
  if (queue_.empty() && retired_files_.empty()) std::filesystem::remove(file_for(file->seq), ec);
  ::close(lock_fd_);
}

std::string TurnJournal::file_for(uint64_t seq) const { return db_path_ + "-turns-" + std::to_string(seq) + ".log"; }

TurnJournal::Shard& TurnJournal::shard_for(const std::string& id) {
  return shards_[std::hash<std::string>()(id) % shards_.size()];
}

void TurnJournal::replay_leftovers() {
  namespace fs = std::filesystem;
  uint64_t applied = 0;
  write_([&](Database& db) {
    db.exec("CREATE TABLE IF NOT EXISTS turn_journal_state (id INTEGER PRIMARY KEY CHECK (id = 1), "
            "applied_file INTEGER NOT NULL)");
    auto& q = db.prepare("SELECT applied_file FROM turn_journal_state WHERE id = 1");
    if (q.step()) applied = static_cast<uint64_t>(q.integer(0));
    q.reset();
  });
  // The journal files of this database: DB-turns-N.log in the database's folder.
  const fs::path db_file(db_path_);
  const fs::path dir = db_file.has_parent_path() ? db_file.parent_path() : fs::path(".");
  const std::string prefix = db_file.filename().string() + "-turns-";
  std::vector<uint64_t> found;
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(dir, ec)) {
    const std::string name = item.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || name.size() <= prefix.size() + 4 || name.substr(name.size() - 4) != ".log")
      continue;
    const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - 4);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 18)
      continue;
    found.push_back(std::stoull(digits));
  }
  std::sort(found.begin(), found.end());
  uint64_t last = applied;
  for (uint64_t seq : found) {
    last = std::max(last, seq);
    if (seq <= applied) continue;
    store_batch(decode_journal_records(read_file(file_for(seq)).value_or("")), seq);
    applied = seq;
  }
  for (uint64_t seq : found) std::filesystem::remove(file_for(seq), ec);
  files_[0].seq = last;
}

void TurnJournal::store_batch(const std::vector<JournaledTurn>& turns, uint64_t through_file) {
  write_([&](Database& db) {
    Transaction tx(db);
    for (const auto& t : turns) store_(db, t);
    db.prepare("INSERT INTO turn_journal_state(id, applied_file) VALUES (1, ?) "
               "ON CONFLICT(id) DO UPDATE SET applied_file = excluded.applied_file")
        .bind(1, static_cast<long long>(through_file))
        .run();
    tx.commit();
  });
}

int TurnJournal::open_file(uint64_t seq) const {
  const std::string path = file_for(seq);
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open the turn journal " + path + ": " + std::strerror(errno));
  return fd;
}

std::optional<TurnJournal::PendingConversation> TurnJournal::pending(const std::string& id, uint64_t* epoch) {
  *epoch = epoch_.load();  // before the look-up: an entry removed after it leaves the epoch changed
  Shard& shard = shard_for(id);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.conversations.find(id);
  if (it == shard.conversations.end()) return std::nullopt;
  // Found: the caller knows the conversation from here, not from SQLite, so reserve() must find the entry too.
  // The epoch read above cannot promise that: ingest_once() raises it before it removes entries, so a look-up
  // between the two reads the new epoch and still finds the entry.
  *epoch = kReadFromJournal;
  return it->second;
}

std::optional<int> TurnJournal::reserve(const std::string& id, int stored_next_index, uint64_t epoch,
                                        const ConversationContext& context, bool fresh) {
  Shard& shard = shard_for(id);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.conversations.find(id);
  if (it != shard.conversations.end()) {
    it->second.context = context;
    ++it->second.unstored;
    return it->second.next_index++;
  }
  // A batch of this conversation may have been stored after the caller read SQLite: its index could be stale.
  if (!fresh && epoch != epoch_.load()) return std::nullopt;
  PendingConversation p;
  p.next_index = stored_next_index + 1;
  p.context = context;
  p.unstored = 1;
  shard.conversations.emplace(id, std::move(p));
  return stored_next_index;
}

void TurnJournal::cancel(const std::string& id) {
  Shard& shard = shard_for(id);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.conversations.find(id);
  if (it != shard.conversations.end() && --it->second.unstored <= 0) shard.conversations.erase(it);
}

void TurnJournal::append(JournaledTurn turn) {
  const std::string record = encode_journal_record(turn);
  if (queued_.load() >= kMaxQueued) {
    // The background thread is behind: wait for it rather than let the queue (memory) grow without bound.
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.notify_one();
    // Bounded: when SQLite keeps failing the turn is still appended (and durable) after this pause.
    room_.wait_for(lock, std::chrono::seconds(2), [&] { return queue_.size() < kMaxQueued || stopping_; });
  }
  LogFile* file;
  while (true) {
    file = current_.load();
    file->writers.fetch_add(1);
    if (current_.load() == file) break;
    file->writers.fetch_sub(1);  // the file was switched meanwhile: count in on the new one
  }
  // One write() per record: with O_APPEND the kernel places it whole at the end of the file, between the
  // records of other threads. A short write leaves a damaged record, which replay skips.
  const ssize_t n = ::write(file->fd, record.data(), record.size());
  if (n == static_cast<ssize_t>(record.size())) {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back({file->seq, ++appended_, std::move(turn)});
    queued_.store(queue_.size());
    // The first turn of an interval starts the background thread's clock (it sleeps while the queue is empty),
    // and a long queue is stored early.
    if (queue_.size() == 1 || queue_.size() == kEarlyBatch) wake_.notify_one();
  }
  file->writers.fetch_sub(1);
  if (n != static_cast<ssize_t>(record.size()))
    throw std::runtime_error(std::string("cannot write the turn journal: ") +
                             (n < 0 ? std::strerror(errno) : "short write"));
}

bool TurnJournal::flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  const uint64_t wanted = appended_;
  if (stored_ >= wanted) return true;
  flush_requested_ = true;
  wake_.notify_one();
  return flushed_.wait_for(lock, timeout, [&] { return stored_ >= wanted; });
}

void TurnJournal::run() {
  pthread_setname_np(pthread_self(), "turn-journal");  // for top and perf
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty() || !retired_files_.empty(); });
    if (!stopping_ && !flush_requested_) {
      // Gather turns for one interval, so that one transaction stores many; a flush or a stop cuts it short.
      wake_.wait_for(lock, interval_, [&] { return stopping_ || flush_requested_ || queue_.size() >= kEarlyBatch; });
    }
    if (queue_.empty() && retired_files_.empty()) {
      if (stopping_) return;
      continue;
    }
    lock.unlock();
    const bool ok = ingest_once();
    lock.lock();
    if (!ok) {
      if (stopping_) return;  // the turns stay in their files and are replayed on the next start
      wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_; });
    }
  }
}

bool TurnJournal::ingest_once() {
  // Switch to the next file (opened first, so appenders never wait for the file system), then wait for the
  // appenders still writing to the old one: after that, every record of the old file is in the queue.
  LogFile* old = current_.load();
  LogFile* next = old == &files_[0] ? &files_[1] : &files_[0];
  try {
    next->fd = open_file(old->seq + 1);
  } catch (const std::exception& e) {
    // Store nothing yet: a turn stored while its record stays in the current file would be replayed twice.
    log_line(e.what());
    return false;
  }
  next->seq = old->seq + 1;
  current_.store(next);
  while (old->writers.load() != 0) std::this_thread::sleep_for(std::chrono::microseconds(20));
  ::close(old->fd);
  std::vector<JournaledTurn> batch;
  std::vector<uint64_t> batch_numbers;  // their QueuedTurn::number, to queue them again if storing fails
  std::vector<uint64_t> files;
  uint64_t through = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    retired_files_.push_back(old->seq);
    // Only the turns of the retired files: the commit records them as applied. A turn already appended to the
    // new file waits for the next batch (taken now, it would be stored again when a killed process's files are
    // replayed, and a question without an answer would be counted twice for the curators).
    std::vector<QueuedTurn> later;
    for (auto& q : queue_) {
      if (q.file_seq <= old->seq) {
        batch.push_back(std::move(q.turn));
        batch_numbers.push_back(q.number);
      } else {
        later.push_back(std::move(q));
      }
    }
    queue_.swap(later);
    queued_.store(queue_.size());
    files = retired_files_;
    // flush() waits for every turn appended before it: once this batch is stored, those are all turns numbered
    // below the lowest still queued (a turn of the new file may be numbered below one of the old, whose writer
    // was slower to queue it).
    through = appended_;
    for (const auto& q : queue_) through = std::min(through, q.number - 1);
    flush_requested_ = flush_requested_ && !queue_.empty();
  }
  room_.notify_all();
  try {
    store_batch(batch, files.back());
  } catch (const std::exception& e) {
    log_line(std::string("storing turns failed, will retry: ") + e.what());
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<QueuedTurn> again;
    for (size_t i = 0; i < batch.size(); ++i) again.push_back({files.back(), batch_numbers[i], std::move(batch[i])});
    queue_.insert(queue_.begin(), std::make_move_iterator(again.begin()), std::make_move_iterator(again.end()));
    queued_.store(queue_.size());
    return false;
  }
  std::error_code ec;
  for (uint64_t seq : files) std::filesystem::remove(file_for(seq), ec);
  // Raise the epoch before removing entries: a request that finds an entry gone also finds the epoch changed,
  // and so reads SQLite, where the turns now are, again.
  epoch_.fetch_add(1);
  for (const auto& t : batch) {
    Shard& shard = shard_for(t.conversation_id);
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = shard.conversations.find(t.conversation_id);
    if (it != shard.conversations.end() && --it->second.unstored <= 0) shard.conversations.erase(it);
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    retired_files_.erase(retired_files_.begin(), retired_files_.begin() + static_cast<long>(files.size()));
    stored_ = std::max(stored_, through);
  }
  flushed_.notify_all();
  return true;
}

}  // namespace magchat
