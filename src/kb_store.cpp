#include "kb_store.h"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "text.h"

namespace magchat {

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
-- The entry as last imported from its file: a file unchanged since is not imported again, so edits made
-- through curation survive restarts (see KbStore::import_entries).
CREATE TABLE IF NOT EXISTS kb_import_base (
  id TEXT PRIMARY KEY,
  data TEXT NOT NULL
);
-- Questions from `unanswered` that a curator turned into a draft entry.
CREATE TABLE IF NOT EXISTS insight_drafts (
  normalized TEXT PRIMARY KEY,
  entry_id TEXT NOT NULL
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

long long KbStore::head_version(const std::string& id) {
  // The entry's own version covers databases written before revisions were numbered per id.
  auto& q = db_.prepare(
      "SELECT max(coalesce((SELECT max(version) FROM revisions WHERE entry_id = ?1), 0), "
      "coalesce((SELECT version FROM entries WHERE id = ?1), 0))");
  q.bind(1, id);
  q.step();
  long long v = q.integer(0);
  q.reset();
  return v;
}

long long KbStore::write_locked(const Entry& e, long long version, const std::string& author, const std::string& note) {
  std::string data = entry_to_json(e).dump();
  std::string at = utc_timestamp();
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
  if (version > 1) unindex_entry(e.id);  // version 1: the id never existed, so it has nothing indexed
  index_entry(e);
  return version;
}

long long KbStore::save_entry(const Entry& e, const std::string& author, const std::string& note) {
  Transaction tx(db_);
  long long version = write_locked(e, head_version(e.id) + 1, author, note);
  tx.commit();
  return version;
}

std::optional<long long> KbStore::save_entry_if(const Entry& e, long long expected_version, const std::string& author,
                                                const std::string& note) {
  Transaction tx(db_);
  const long long head = head_version(e.id);
  if (expected_version == kMustNotExist) {
    auto& q = db_.prepare("SELECT 1 FROM entries WHERE id = ?").bind(1, e.id);
    bool exists = q.step();
    q.reset();
    if (exists) return std::nullopt;
  } else if (head != expected_version) {
    return std::nullopt;
  }
  long long version = write_locked(e, head + 1, author, note);
  tx.commit();
  return version;
}

std::optional<long long> KbStore::delete_entry_if(const std::string& id, long long expected_version,
                                                  const std::string& author, const std::string& note) {
  Transaction tx(db_);
  auto& q = db_.prepare("SELECT version FROM entries WHERE id = ?").bind(1, id);
  if (!q.step()) {
    q.reset();
    return std::nullopt;
  }
  long long current = q.integer(0);
  q.reset();
  if (current != expected_version) return std::nullopt;
  long long version = head_version(id) + 1;
  unindex_entry(id);
  db_.prepare("DELETE FROM entries WHERE id = ?").bind(1, id).run();
  db_.prepare("INSERT INTO revisions(entry_id, version, author, at, note, data) VALUES (?, ?, ?, ?, ?, NULL)")
      .bind(1, id)
      .bind(2, version)
      .bind(3, author)
      .bind(4, utc_timestamp())
      .bind(5, note)
      .run();
  tx.commit();
  return version;
}

ImportReport KbStore::import_entries(const std::vector<Entry>& entries, const std::string& author) {
  ImportReport report;
  Transaction tx(db_);
  for (const auto& e : entries) {
    std::string data = entry_to_json(e).dump();
    auto& b = db_.prepare("SELECT data FROM kb_import_base WHERE id = ?").bind(1, e.id);
    bool has_base = b.step();
    std::string base = has_base ? b.text(0) : "";
    b.reset();
    auto& q = db_.prepare("SELECT data FROM entries WHERE id = ?").bind(1, e.id);
    bool exists = q.step();
    std::string current = exists ? q.text(0) : "";
    q.reset();
    if (exists && current == data) {
      ++report.unchanged;
    } else if (has_base && base == data) {
      // The file has not changed since it was last imported; the database was edited since: keep that.
      ++report.kept;
      continue;
    } else {
      write_locked(e, head_version(e.id) + 1, author, exists ? "updated by import" : "imported");
      ++(exists ? report.updated : report.added);
    }
    if (!has_base || base != data)
      db_.prepare("INSERT INTO kb_import_base(id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data")
          .bind(1, e.id)
          .bind(2, data)
          .run();
  }
  tx.commit();
  return report;
}

std::optional<std::string> KbStore::import_base(const std::string& id) {
  auto& b = db_.prepare("SELECT data FROM kb_import_base WHERE id = ?").bind(1, id);
  std::optional<std::string> out;
  if (b.step()) out = b.text(0);
  b.reset();
  return out;
}

long long KbStore::newest_revision() {
  auto& q = db_.prepare("SELECT coalesce(max(id), 0) FROM revisions");
  const long long newest = q.step() ? q.integer(0) : 0;
  q.reset();
  return newest;
}

void KbStore::set_import_bases(const std::vector<Entry>& entries) {
  Transaction tx(db_);
  for (const auto& e : entries)
    db_.prepare("INSERT INTO kb_import_base(id, data) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data")
        .bind(1, e.id)
        .bind(2, entry_to_json(e).dump())
        .run();
  tx.commit();
}

namespace {
Entry entry_from_stored_json(const std::string& data) {
  std::vector<Problem> ignored;  // stored data was validated when it was written
  return entry_from_json(nlohmann::json::parse(data), ignored);
}
}  // namespace

std::optional<Entry> KbStore::get_entry(const std::string& id) {
  auto stored = get_stored(id);
  if (!stored) return std::nullopt;
  return std::move(stored->entry);
}

std::optional<StoredEntry> KbStore::get_stored(const std::string& id) {
  auto& q = db_.prepare("SELECT data, version, updated_at FROM entries WHERE id = ?").bind(1, id);
  if (!q.step()) return std::nullopt;
  StoredEntry s{entry_from_stored_json(q.text(0)), q.integer(1), q.text(2)};
  q.reset();
  return s;
}

std::vector<Entry> KbStore::all_entries() {
  std::vector<Entry> out;
  for (auto& s : all_stored()) out.push_back(std::move(s.entry));
  return out;
}

std::vector<StoredEntry> KbStore::all_stored() {
  std::vector<StoredEntry> out;
  auto& q = db_.prepare("SELECT data, version, updated_at FROM entries ORDER BY id");
  while (q.step()) out.push_back({entry_from_stored_json(q.text(0)), q.integer(1), q.text(2)});
  return out;
}

std::vector<Revision> KbStore::revisions(const std::string& id) {
  std::vector<Revision> out;
  auto& q = db_.prepare("SELECT version, author, at, note, data FROM revisions WHERE entry_id = ? ORDER BY version, id")
                .bind(1, id);
  while (q.step()) {
    Revision r{q.integer(0), q.text(1), q.text(2), q.text(3), std::nullopt};
    if (!q.is_null(4)) r.entry = entry_from_stored_json(q.text(4));
    out.push_back(std::move(r));
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
