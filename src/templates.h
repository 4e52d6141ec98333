// Response wording that is not knowledge-base content lives in prompts/*.md as editable templates.
// A template is text with {{name}} placeholders; unknown placeholders render as empty text.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace magchat {

class Templates {
 public:
  // Loads every *.md file of `dir` (name = file name without .md). Throws std::runtime_error naming the
  // missing file when one of the templates the answerer needs is absent or empty.
  static Templates load(const std::string& dir);
  static Templates from_map(std::map<std::string, std::string> texts);

  // Templates are split into literal text and placeholders once, at load; rendering only concatenates.
  std::string render(const std::string& name, const std::map<std::string, std::string>& values = {}) const;
  bool has(const std::string& name) const { return parsed_.count(name) != 0; }

 private:
  struct Segment {
    bool placeholder;  // `text` is a placeholder name (trimmed) rather than literal text
    std::string text;
  };
  struct Parsed {
    std::vector<Segment> segments;
    std::string rendered_without_values;  // the render with no values, served as is when none are given
  };
  std::map<std::string, Parsed> parsed_;
};

// The templates the answerer uses; load() requires all of them.
extern const char* const kRequiredTemplates[];

}  // namespace magchat
