// Parses one knowledge-base file (Markdown with YAML front matter) into an Entry.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "entry.h"

namespace magchat {

struct ParsedEntry {
  std::optional<Entry> entry;             // set when the front matter could be read (it may still be invalid)
  std::vector<Problem> problems;          // malformed front matter and field validation, with file lines
  std::map<std::string, int> field_lines; // field name -> 1-based line in the file
};

// Contract: never throws; every problem is reported with a 1-based line of `text`.
// `expected_id` (the file name without .md) is checked against the id field when not empty.
ParsedEntry parse_entry(const std::string& text, const std::string& expected_id = "");

// Splits an article body into sections at "## " headings; text before the first heading becomes "Overview".
std::vector<Section> split_sections(const std::string& body, int first_body_line);

}  // namespace magchat
