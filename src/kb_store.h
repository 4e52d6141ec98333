// The knowledge base in SQLite: entries, their revisions, and the FTS5 index of published passages.
// Contract: every method runs on the given connection; callers serialise writers (one writer thread or a
// mutex). A change to an entry, its revision and its index happen in one transaction.
//
// Versions: every write of an id (create, update, restore, delete) adds a revision numbered one above the
// id's latest revision, so version numbers keep growing across a deletion and re-creation. An existing
// entry's `version` is the number of the revision that wrote it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "entry.h"

namespace magchat {

// Creates every table magchat uses if missing (idempotent).
void ensure_schema(Database& db);

// One searchable unit: a FAQ entry, or one section of an article.
struct PassageRow {
  long long rowid = 0;
  std::string entry_id;
  EntryKind kind = EntryKind::Faq;
  std::string entry_title;  // the FAQ question or article title
  std::string heading;      // article section heading; empty for a FAQ
  std::string alternates;   // FAQ alternate questions, one per line
  std::string tags;         // space separated
  std::string body;         // Markdown
  std::vector<Source> sources;
};

struct ImportReport {
  int added = 0, updated = 0, unchanged = 0;
  // Files unchanged since the last import whose entry was since edited or deleted in the database (through
  // curation): the database's version is kept.
  int kept = 0;
};

// An entry as stored, with its version and the time of its latest write (UTC, ISO 8601).
struct StoredEntry {
  Entry entry;
  long long version = 0;
  std::string updated_at;
};

// One revision of an id: who wrote what, when, and why.
struct Revision {
  long long version = 0;
  std::string author;
  std::string at;
  std::string note;
  std::optional<Entry> entry;  // the entry as written; nullopt when this revision deleted it
};

// Precondition for save_entry_if: no entry with the id may exist now (a create).
constexpr long long kMustNotExist = 0;

class KbStore {
 public:
  // Makes sure the schema exists (the connection must be writable).
  explicit KbStore(Database& db) : db_(db) { ensure_schema(db_); }
  // A store for reading only, over a connection (possibly read-only) whose schema already exists.
  static KbStore reader(Database& db) { return KbStore(db, 0); }

  // Imports entries read from files, in one transaction. An entry whose file is unchanged since the last
  // import is left alone, so edits and deletions made through curation survive restarts; a new or changed
  // file is stored (with a revision by `author`) unless the database already holds exactly that entry.
  // Importing the same files twice therefore writes nothing.
  ImportReport import_entries(const std::vector<Entry>& entries, const std::string& author);
  // Records each entry as what its file held when last imported (what an export just wrote there), in one
  // transaction: a later start-up finds those files unchanged and keeps whatever the database holds by then.
  void set_import_bases(const std::vector<Entry>& entries);
  // What the entry's file held when it was last imported or exported (entry_to_json), or nullopt if never.
  std::optional<std::string> import_base(const std::string& id);
  // The newest revision's row id (0 for none): it grows with every entry written, by any process.
  long long newest_revision();

  // Stores an entry (insert or replace) with a revision, and re-indexes it, in one transaction.
  // Returns the new version number.
  long long save_entry(const Entry& entry, const std::string& author, const std::string& note);
  // The same, only when the id is where the writer expects it: `expected_version` kMustNotExist means no
  // entry with this id exists now; any other value must equal head_version(id) (the existing entry's version,
  // or the revision that deleted it). Returns the new version, or nullopt (nothing written) otherwise.
  std::optional<long long> save_entry_if(const Entry& entry, long long expected_version, const std::string& author,
                                         const std::string& note);
  // Deletes an existing entry whose version is `expected_version`, writing a revision without data and
  // removing its passages, in one transaction. Returns the deletion's version, or nullopt (nothing written).
  std::optional<long long> delete_entry_if(const std::string& id, long long expected_version, const std::string& author,
                                           const std::string& note);

  std::optional<Entry> get_entry(const std::string& id);
  std::optional<StoredEntry> get_stored(const std::string& id);
  std::vector<Entry> all_entries();  // sorted by id
  std::vector<StoredEntry> all_stored();  // sorted by id
  // The latest revision number of an id, also after a deletion; 0 when the id was never written.
  long long head_version(const std::string& id);
  // Every revision of an id, oldest first (empty when the id was never written).
  std::vector<Revision> revisions(const std::string& id);
  // Passages of published entries, in rowid order.
  std::vector<PassageRow> published_passages();
  long long entry_count();

 private:
  KbStore(Database& db, int /*no schema*/) : db_(db) {}
  long long write_locked(const Entry& entry, long long version, const std::string& author, const std::string& note);
  void index_entry(const Entry& entry);
  void unindex_entry(const std::string& id);
  Database& db_;
};

}  // namespace magchat
