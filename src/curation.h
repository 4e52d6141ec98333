// Curation: creating, updating, deleting and restoring knowledge-base entries with revisions and optimistic
// concurrency; who may do it (curator tokens); what people asked that had no good answer (insights); a preview
// of how a question would be answered with an unsaved entry; and writing the database back out as kb/ files.
//
// Nothing here knows about sockets: http_curation_routes.cpp translates HTTP to these calls and back.
// Validation follows `kb lint` (validate_entry, tags that are concepts, questions no other entry asks) plus
// what only an API can get wrong (fields of the other kind, text that would not survive the file format).
#pragma once
#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "app.h"
#include "entry.h"
#include "kb_store.h"

namespace magchat {

// ---- Access ------------------------------------------------------------------------------------------------

// SHA-256 of `data` as 64 lowercase hex digits (FIPS 180-4; checked against its test vectors).
std::string sha256_hex(std::string_view data);

// Curator tokens, kept only as SHA-256 hashes. A presented token is hashed and compared with every stored hash
// in constant time, so neither the comparison nor the number of tokens tried leaks how much of it matched.
class CuratorTokens {
 public:
  // From the configuration: `plain_token` (MAGCHAT_CURATOR_TOKEN) is named "curator"; `tokens_file` holds lines
  // "name:sha256hex" ('#' comments and blank lines allowed). Throws std::runtime_error naming the file and line
  // for a malformed line or an unreadable file, and for a plain token shorter than kMinTokenLength.
  static CuratorTokens load(const std::string& plain_token, const std::string& tokens_file);
  static constexpr size_t kMinTokenLength = 16;

  void add_token(const std::string& name, const std::string& token);
  // `hex` is 64 hex digits (either case); returns false (and adds nothing) otherwise.
  bool add_hash(const std::string& name, const std::string& hex);
  bool empty() const { return tokens_.empty(); }
  // The name of the token that matches, or nullopt.
  std::optional<std::string> match(const std::string& token) const;

 private:
  struct Stored {
    std::string name;
    std::array<unsigned char, 32> hash;
  };
  std::vector<Stored> tokens_;
};

// What an Authorization header grants.
struct Access {
  enum Kind { Granted, Missing, Wrong, Disabled } kind = Missing;
  std::string name;  // the token's name when Granted (recorded as the author of revisions)
};

// ---- Requests ----------------------------------------------------------------------------------------------

// An entry as sent to the API, read at the edge. Problems are type errors, unknown fields and fields that
// belong to the other kind; they are reported together with the validation problems (422).
struct EntryInput {
  Entry entry;
  std::vector<Problem> problems;
  std::optional<long long> version;  // "version" in the body
  std::optional<std::string> note;   // "note" in the body
  bool version_malformed = false;    // "version" present but not a positive whole number
};
EntryInput entry_input_from_json(const nlohmann::json& body);

// The version a writer says it edited, from If-Match and/or the body's "version".
struct Precondition {
  enum Kind { Missing, Version, Unmatchable } kind = Missing;
  long long version = 0;
};
// If-Match `"3"`, `W/"3"` or `3` names version 3; anything else (including `*`, which would allow blind
// overwrites) can never match. When both are given they must agree.
Precondition precondition_from(const std::optional<std::string>& if_match, std::optional<long long> body_version);

// Who makes a change and why (the revision's author and note).
struct Change {
  std::string author;
  std::string note;
};

// ---- Domain rules (pure) -----------------------------------------------------------------------------------

// Trims text fields the way the file parser does, so that what is stored is what a file would give back.
void normalize_entry(Entry& entry);
// Every problem of an entry, as `kb lint` reports it, against the other entries (those with another id):
// field rules, unknown tags, questions another entry (or this one twice) asks; and for an entry being
// published, the placeholder text of a draft made from a question; and text that the kb/ file format would
// not give back unchanged.
std::vector<Problem> check_entry(const Entry& entry, const ConceptIndex& concepts, const std::vector<Entry>& others);
// The names of the fields whose values differ (id, kind, question, ..., reviewed); a missing side counts as
// every field of the other.
std::vector<std::string> changed_fields(const std::optional<Entry>& before, const std::optional<Entry>& after);
// A readable id from a question or title: lowercase ASCII words without stopwords, joined by '-', at most
// 60 characters; "entry" when nothing is left.
std::string slug_for(const std::string& text);

// The placeholders of a draft made from a question; an entry cannot be published while it has them.
extern const char* const kPlaceholderAnswer;
extern const char* const kPlaceholderSourceTitle;
// The largest entry file (write_entry) that curation saves and kb lint accepts: a curator must be able to edit it
// in /curate (requests are limited to 64 KiB), and answers are meant to be 40 to 120 words.
extern const size_t kMaxEntryFileBytes;
// What keeps an entry from reaching people, the same for curation and kb lint: a published entry that still holds
// the draft's placeholder answer or source, and a file (`file_bytes`, as write_entry or the disk has it) over
// kMaxEntryFileBytes. Problems name their field ("answer", "sources", or "file" for the size); line 0.
std::vector<Problem> publishing_problems(const Entry& entry, size_t file_bytes);
extern const char* const kPlaceholderSourceUrl;

// JSON of a stored entry: the file fields plus "version" and "updated_at".
nlohmann::json stored_entry_to_json(const StoredEntry& stored);

// ---- Results -----------------------------------------------------------------------------------------------

enum class Outcome {
  Ok,
  NotFound,         // no such entry (or revision), or a draft asked for without a token
  IdTaken,          // create with the id of an existing entry
  VersionRequired,  // no If-Match and no "version"
  VersionStale,     // the entry is at another version than the writer edited
  Invalid,          // validation problems
  NotRestorable,    // the revision deleted the entry: there is nothing to restore
};

struct WriteResult {
  Outcome outcome = Outcome::Ok;
  std::string message;                 // a failure in one sentence a curator can act on
  std::vector<Problem> problems;       // Invalid: every problem, field by field
  std::optional<StoredEntry> entry;    // Ok: the entry as stored now (nullopt after a delete)
  long long version = 0;               // Ok: the version now; VersionStale: the current version
  std::vector<std::string> changed;    // Ok: fields changed (empty: nothing changed, no revision written)
};

struct EntryFilter {
  std::optional<EntryKind> kind;
  std::string tag;     // entries with this tag
  std::string status;  // "published" / "draft" / "" for both
  std::string text;    // every word appears in the id, question/title, alternates, answer or sections
};

struct RevisionView {
  Revision revision;
  std::string action;                // created | updated | deleted
  std::vector<std::string> changed;  // against the revision before
};

struct History {
  std::string entry_id;
  long long current_version = 0;  // the If-Match a restore needs
  bool deleted = false;           // the latest revision deleted the entry
  std::vector<RevisionView> revisions;  // newest first
};

struct Insight {
  std::string normalized, example, reason;
  long long count = 0;
  std::string first_asked, last_asked;
  std::string entry_id;      // the entry drafted from it, if any
  std::string entry_status;  // that entry's status now ("" when it has gone)
};

struct PreviewResult {
  Outcome outcome = Outcome::Ok;  // Ok or Invalid
  std::vector<Problem> problems;
  std::string entry_id;  // the id the entry was previewed under
  AnswerResult answer;
  bool cites_entry = false;  // the answer cites the previewed entry
};

struct ExportReport {
  int written = 0, unchanged = 0;
  std::vector<std::string> removed;  // files of entries deleted in the database
  std::vector<std::string> unknown;  // entry files the database has never heard of (left alone)
  std::vector<std::string> edited_on_disk;  // files changed by hand since their last import or export (left alone)
};

// Writes every stored entry (drafts too) as DIR/faq/<id>.md or DIR/articles/<id>.md in the canonical format
// (write_entry), rewriting only files whose bytes differ, and removes the files of entries whose latest
// revision deleted them, and an entry's file left in the other kind's folder (its kind changed). Throws
// std::runtime_error when a file cannot be written.
// `is_import_folder`: DIR is the folder the server imports at start (--kb). Then each entry whose file now holds
// it is also recorded as imported (KbStore::set_import_bases), so that a curated edit made after the export is
// not undone by the next start-up, which would otherwise take the exported file for one changed on disk since
// its import. (Not for another folder: its files say nothing about what the server's folder holds; nor for an
// entry whose file could not be written.) Needs a writer store.
// In the import folder, a file edited by hand since it was last imported or exported (it no longer holds what
// was recorded then, or no longer parses) is not overwritten: the edit would be lost. It is listed in
// `edited_on_disk`, to be imported (or its edit discarded) first; `force` overwrites it all the same.
ExportReport export_entries(KbStore& store, const std::string& dir, bool is_import_folder = false, bool force = false);

// ---- The service -------------------------------------------------------------------------------------------

// Contract: thread-safe. Reads use the App's per-thread read connection; writes run on its writer (serialised),
// each in one transaction with its revision and index change, and are in the next answer when they return.
class Curation {
 public:
  Curation(App& app, CuratorTokens tokens);

  // `authorization` is the Authorization header's value (nullopt when absent): "Bearer <token>".
  Access authenticate(const std::optional<std::string>& authorization) const;
  bool enabled() const { return !tokens_.empty(); }

  // Entries sorted by id; drafts only when `include_drafts`.
  std::vector<StoredEntry> list(const EntryFilter& filter, bool include_drafts);
  std::optional<StoredEntry> get(const std::string& id, bool include_drafts);
  // nullopt when the id was never written.
  std::optional<History> history(const std::string& id);

  // Creates an entry; without an id, one is made from the question or title (unique among ids ever used).
  WriteResult create(const EntryInput& input, const Change& change);
  // Replaces an entry (every field; the kind and id cannot change). Nothing changed: Ok without a revision.
  WriteResult update(const std::string& id, const EntryInput& input, const Precondition& pre, const Change& change);
  WriteResult remove(const std::string& id, const Precondition& pre, const Change& change);
  // Writes revision `number`'s content as a new revision (also bringing back a deleted entry). `pre` names the
  // current version (History::current_version).
  WriteResult restore(const std::string& id, long long number, const Precondition& pre, const Change& change);

  // What people asked without a good answer, most asked first, then most recent.
  std::vector<Insight> insights(int limit);
  // Creates a draft FAQ for `question` (placeholders for answer and source, tag "magnesium") and links the
  // insight to it.
  WriteResult draft_from_question(const std::string& question, const Change& change);

  // Answers `question` as if `input` were saved and published, without saving anything.
  PreviewResult preview(const EntryInput& input, const std::string& question);

 private:
  std::vector<Problem> problems_of(const EntryInput& input, const Entry& entry, KbStore& store);
  std::string unique_id(const std::string& text, KbStore& store);
  void after_write(const WriteResult& result);

  App& app_;
  CuratorTokens tokens_;
  std::mutex rebuild_mutex_;  // index rebuilds run one at a time, so the last one sees every committed write
};

// Checks an entry id against the file-name rule (lowercase letters, digits and '-').
bool is_valid_entry_id(const std::string& id);

}  // namespace magchat
