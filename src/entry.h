// The knowledge-base entry model: what a curator writes in one file under kb/.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace magchat {

struct Source {
  std::string title;
  std::string url;
};

struct Section {
  std::string heading;  // "Overview" for an article's opening text
  std::string body;     // Markdown
  int line = 0;         // line of the heading in the file (0 when not from a file)
};

enum class EntryKind { Faq, Article };

// One entry. FAQ entries use question/alternate_questions/answer; articles use title/sections.
struct Entry {
  std::string id;
  EntryKind kind = EntryKind::Faq;
  std::string question;                      // FAQ
  std::vector<std::string> alternate_questions;  // FAQ
  std::string answer;                        // FAQ, Markdown
  std::string title;                         // article
  std::vector<Section> sections;             // article
  std::vector<std::string> tags;
  std::vector<Source> sources;
  std::string status = "published";          // published | draft
  std::string reviewed;                      // YYYY-MM-DD

  // The heading people see for this entry: the question of a FAQ, the title of an article.
  const std::string& display_title() const { return kind == EntryKind::Faq ? question : title; }
};

const char* kind_name(EntryKind kind);
std::optional<EntryKind> kind_from_name(const std::string& name);

// One validation problem, with the 1-based line it refers to (0 when it is about the whole file).
struct Problem {
  int line = 0;
  std::string field;
  std::string message;
};

// Validates an entry's fields (the rules `kb lint`, import and the curation API share).
// `line_of` maps a field name to a line for messages; pass nullptr when the entry is not from a file.
std::vector<Problem> validate_entry(const Entry& entry, int (*line_of)(const void* ctx, const std::string& field),
                                    const void* ctx);

}  // namespace magchat

#include <nlohmann/json_fwd.hpp>
namespace magchat {
// The JSON shape of an entry used by the store and the curation API (same field names as the files).
nlohmann::json entry_to_json(const Entry& entry);
// Reads the JSON shape; missing optional fields take their defaults. Type errors are reported as Problems
// (field + reason) instead of exceptions, so that the API can answer 422.
Entry entry_from_json(const nlohmann::json& json, std::vector<Problem>& problems);
}  // namespace magchat
