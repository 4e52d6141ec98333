// Response wording that is not knowledge-base content lives in prompts/*.md as editable templates.
// A template is text with {{name}} placeholders; unknown placeholders render as empty text.
#pragma once
#include <map>
#include <string>

namespace magchat {

class Templates {
 public:
  // Loads every *.md file of `dir` (name = file name without .md). Throws std::runtime_error naming the
  // missing file when one of the templates the answerer needs is absent or empty.
  static Templates load(const std::string& dir);
  static Templates from_map(std::map<std::string, std::string> texts);

  std::string render(const std::string& name, const std::map<std::string, std::string>& values = {}) const;
  bool has(const std::string& name) const { return texts_.count(name) != 0; }

 private:
  std::map<std::string, std::string> texts_;
};

// The templates the answerer uses; load() requires all of them.
extern const char* const kRequiredTemplates[];

}  // namespace magchat
