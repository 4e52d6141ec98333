#include "kb_store.h"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "text.h"

namespace magchat {

namespace {
std::string now_iso() {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
}  // namespace

void ensure_schema(Database& db) {
  db.exec(R"SQL(
CREATE TABLE IF NOT EXISTS entries (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  data TEXT NOT NULL,            -- the entry as JSON (entry_to_json)
  version INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS revisions (
  id INTEGER PRIMARY KEY,
  entry_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  author TEXT NOT NULL,
  at TEXT NOT NULL,
  note TEXT NOT NULL,
  data TEXT                      -- NULL when the revision deleted the entry
);
CREATE INDEX IF NOT EXISTS revisions_by_entry ON revisions(entry_id, version);
CREATE TABLE IF NOT EXISTS passages (
  rowid INTEGER PRIMARY KEY,
  entry_id TEXT NOT NULL,
  section_index INTEGER NOT NULL,
  heading TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_by_entry ON passages(entry_id);
CREATE VIRTUAL TABLE IF NOT EXISTS passage_fts USING fts5(
  title, alternates, tags, body,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS turns (
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  turn_index INTEGER NOT NULL,
  message TEXT NOT NULL,
  reply TEXT NOT NULL,           -- the reply JSON as sent
  type TEXT NOT NULL,
  context TEXT NOT NULL,         -- topics and aspects the turn was understood to be about (JSON)
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, turn_index)
);
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  turn_index INTEGER NOT NULL,
  rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
  comment TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS unanswered (
  normalized TEXT PRIMARY KEY,
  example TEXT NOT NULL,
  reason TEXT NOT NULL,          -- no_answer | low_confidence | thumbs_down
  count INTEGER NOT NULL,
  first_asked TEXT NOT NULL,
  last_asked TEXT NOT NULL
);
)SQL");
}

void KbStore::index_entry(const Entry& e) {
  if (e.status != "published") return;
  auto add = [&](int section_index, const std::string& heading, const std::string& title,
                 const std::string& alternates, const std::string& body) {
    db_.prepare("INSERT INTO passages(entry_id, section_index, heading) VALUES (?, ?, ?)")
        .bind(1, e.id)
        .bind(2, section_index)
        .bind(3, heading)
        .run();
    long long rowid = db_.last_insert_rowid();
    db_.prepare("INSERT INTO passage_fts(rowid, title, alternates, tags, body) VALUES (?, ?, ?, ?, ?)")
        .bind(1, rowid)
        .bind(2, title)
        .bind(3, alternates)
        .bind(4, join(e.tags, " "))
        .bind(5, body)
        .run();
  };
  if (e.kind == EntryKind::Faq) {
    add(0, "", e.question, join(e.alternate_questions, "\n"), e.answer);
  } else {
    for (size_t i = 0; i < e.sections.size(); ++i)
      add(static_cast<int>(i), e.sections[i].heading, e.sections[i].heading, e.title, e.sections[i].body);
  }
}

void KbStore::unindex_entry(const std::string& id) {
  db_.prepare("DELETE FROM passage_fts WHERE rowid IN (SELECT rowid FROM passages WHERE entry_id = ?)").bind(1, id).run();
  db_.prepare("DELETE FROM passages WHERE entry_id = ?").bind(1, id).run();
}

long long KbStore::save_entry(const Entry& e, const std::string& author, const std::string& note) {
  Transaction tx(db_);
  long long version = 1;
  auto& q = db_.prepare("SELECT version FROM entries WHERE id = ?").bind(1, e.id);
  if (q.step()) version = q.integer(0) + 1;
  q.reset();
  std::string data = entry_to_json(e).dump();
  std::string at = now_iso();
  db_.prepare(
         "INSERT INTO entries(id, kind, status, data, version, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
         "ON CONFLICT(id) DO UPDATE SET kind=excluded.kind, status=excluded.status, data=excluded.data, "
         "version=excluded.version, updated_at=excluded.updated_at")
      .bind(1, e.id)
      .bind(2, kind_name(e.kind))
      .bind(3, e.status)
      .bind(4, data)
      .bind(5, version)
      .bind(6, at)
      .run();
  db_.prepare("INSERT INTO revisions(entry_id, version, author, at, note, data) VALUES (?, ?, ?, ?, ?, ?)")
      .bind(1, e.id)
      .bind(2, version)
      .bind(3, author)
      .bind(4, at)
      .bind(5, note)
      .bind(6, data)
      .run();
  unindex_entry(e.id);
  index_entry(e);
  tx.commit();
  return version;
}

ImportReport KbStore::import_entries(const std::vector<Entry>& entries, const std::string& author) {
  ImportReport report;
  for (const auto& e : entries) {
    std::string data = entry_to_json(e).dump();
    auto& q = db_.prepare("SELECT data FROM entries WHERE id = ?").bind(1, e.id);
    bool exists = q.step();
    std::string old = exists ? q.text(0) : "";
    q.reset();
    if (exists && old == data) {
      ++report.unchanged;
      continue;
    }
    save_entry(e, author, exists ? "updated by import" : "imported");
    ++(exists ? report.updated : report.added);
  }
  return report;
}

std::optional<Entry> KbStore::get_entry(const std::string& id) {
  auto& q = db_.prepare("SELECT data FROM entries WHERE id = ?").bind(1, id);
  if (!q.step()) return std::nullopt;
  std::vector<Problem> ignored;
  Entry e = entry_from_json(nlohmann::json::parse(q.text(0)), ignored);
  q.reset();
  return e;
}

std::vector<Entry> KbStore::all_entries() {
  std::vector<Entry> out;
  auto& q = db_.prepare("SELECT data FROM entries ORDER BY id");
  while (q.step()) {
    std::vector<Problem> ignored;
    out.push_back(entry_from_json(nlohmann::json::parse(q.text(0)), ignored));
  }
  return out;
}

long long KbStore::entry_count() {
  auto& q = db_.prepare("SELECT count(*) FROM entries");
  q.step();
  long long n = q.integer(0);
  q.reset();
  return n;
}

std::vector<PassageRow> KbStore::published_passages() {
  std::vector<PassageRow> out;
  auto& q = db_.prepare(
      "SELECT p.rowid, p.entry_id, p.heading, f.alternates, f.tags, f.body, e.data "
      "FROM passages p JOIN passage_fts f ON f.rowid = p.rowid JOIN entries e ON e.id = p.entry_id "
      "ORDER BY p.rowid");
  std::string last_id;
  Entry last;
  while (q.step()) {
    PassageRow r;
    r.rowid = q.integer(0);
    r.entry_id = q.text(1);
    r.heading = q.text(2);
    r.alternates = q.text(3);
    r.tags = q.text(4);
    r.body = q.text(5);
    if (r.entry_id != last_id) {
      std::vector<Problem> ignored;
      last = entry_from_json(nlohmann::json::parse(q.text(6)), ignored);
      last_id = r.entry_id;
    }
    r.kind = last.kind;
    r.entry_title = last.display_title();
    r.sources = last.sources;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace magchat
