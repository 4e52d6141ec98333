// The knowledge base in SQLite: entries, their revisions, and the FTS5 index of published passages.
// Contract: every method runs on the given writer connection; callers serialise writers (one writer thread
// or a mutex). A change to an entry and to its index happen in one transaction.
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
};

class KbStore {
 public:
  explicit KbStore(Database& db) : db_(db) { ensure_schema(db_); }

  // Imports entries (from files): new ids are added, changed ones updated (each with a revision by
  // `author`), identical ones left alone, so importing the same files twice writes nothing.
  ImportReport import_entries(const std::vector<Entry>& entries, const std::string& author);

  // Stores an entry (insert or replace) with a revision, and re-indexes it, in one transaction.
  // Returns the new version number.
  long long save_entry(const Entry& entry, const std::string& author, const std::string& note);

  std::optional<Entry> get_entry(const std::string& id);
  std::vector<Entry> all_entries();
  // Passages of published entries, in rowid order.
  std::vector<PassageRow> published_passages();
  long long entry_count();

 private:
  void index_entry(const Entry& entry);
  void unindex_entry(const std::string& id);
  Database& db_;
};

}  // namespace magchat
