#include "entry_parser.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>

#include "text.h"

namespace magchat {

namespace {

int line_from_map(const void* ctx, const std::string& field) {
  const auto& lines = *static_cast<const std::map<std::string, int>*>(ctx);
  auto it = lines.find(field);
  if (it != lines.end()) return it->second;
  auto top = lines.find("");
  return top == lines.end() ? 1 : top->second;
}

// Reads a scalar as a string; reports a problem when the node is a list or map.
std::string scalar(const YAML::Node& node, const std::string& field, int line, std::vector<Problem>& problems) {
  if (!node || node.IsNull()) return "";
  if (!node.IsScalar()) {
    problems.push_back({line, field, "'" + field + "' must be a single value"});
    return "";
  }
  return trim(node.as<std::string>());
}

std::vector<std::string> string_list(const YAML::Node& node, const std::string& field, int line,
                                     std::vector<Problem>& problems) {
  std::vector<std::string> out;
  if (!node || node.IsNull()) return out;
  if (!node.IsSequence()) {
    problems.push_back({line, field, "'" + field + "' must be a list"});
    return out;
  }
  for (const auto& item : node) {
    if (!item.IsScalar()) {
      problems.push_back({static_cast<int>(item.Mark().line) + 2, field, "every item of '" + field + "' must be text"});
      continue;
    }
    out.push_back(trim(item.as<std::string>()));
  }
  return out;
}

}  // namespace

std::vector<Section> split_sections(const std::string& body, int first_body_line) {
  std::vector<Section> sections;
  Section current{"Overview", "", first_body_line};
  std::istringstream in(body);
  std::string line;
  int line_no = first_body_line;
  auto flush = [&]() {
    current.body = trim(current.body);
    if (!current.body.empty() || current.heading != "Overview") sections.push_back(current);
  };
  while (std::getline(in, line)) {
    if (starts_with(line, "## ")) {
      flush();
      current = Section{trim(line.substr(3)), "", line_no};
    } else if (starts_with(line, "# ") && sections.empty() && trim(current.body).empty()) {
      // A top-level title line repeats the front matter title: skip it.
    } else {
      current.body += line;
      current.body += '\n';
    }
    ++line_no;
  }
  flush();
  return sections;
}

ParsedEntry parse_entry(const std::string& raw, const std::string& expected_id) {
  ParsedEntry result;
  auto& problems = result.problems;
  std::string text = raw;
  if (!is_valid_utf8(text)) {
    problems.push_back({1, "", "the file is not valid UTF-8 text"});
    return result;
  }
  // Normalise Windows line endings so that lines and bodies compare equal everywhere.
  std::string unix_text;
  unix_text.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i)
    if (!(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) unix_text.push_back(text[i]);
  text.swap(unix_text);

  if (!starts_with(text, "---\n")) {
    problems.push_back({1, "", "the file must start with a '---' line opening the YAML front matter"});
    return result;
  }
  size_t close = text.find("\n---\n", 3);
  bool ends_at_eof = false;
  if (close == std::string::npos) {
    if (ends_with(text, "\n---")) {
      close = text.size() - 4;
      ends_at_eof = true;
    } else {
      problems.push_back({1, "", "the front matter is not closed by a '---' line"});
      return result;
    }
  }
  std::string yaml_text = text.substr(4, close - 3);
  std::string body = ends_at_eof ? "" : text.substr(close + 5);
  int front_lines = 1 + static_cast<int>(std::count(yaml_text.begin(), yaml_text.end(), '\n'));
  int body_first_line = front_lines + 2;

  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& ex) {
    problems.push_back({static_cast<int>(ex.mark.line) + 2, "", "malformed front matter: " + ex.msg});
    return result;
  }
  if (!root.IsMap()) {
    problems.push_back({2, "", "the front matter must be a set of 'field: value' lines"});
    return result;
  }
  auto& lines = result.field_lines;
  lines[""] = 1;
  static const char* kKnown[] = {"id", "kind", "question", "alternate_questions", "title", "tags",
                                 "sources", "reviewed", "status"};
  for (const auto& kv : root) {
    std::string key = kv.first.IsScalar() ? kv.first.as<std::string>() : "";
    int line = static_cast<int>(kv.first.Mark().line) + 2;
    lines[key] = line;
    bool known = false;
    for (const char* k : kKnown) known = known || key == k;
    if (!known) problems.push_back({line, key, "unknown field '" + key + "'"});
  }
  lines["answer"] = body_first_line;
  lines["sections"] = body_first_line;
  auto line_of = [&](const std::string& f) { return line_from_map(&lines, f); };

  Entry e;
  try {
    e.id = scalar(root["id"], "id", line_of("id"), problems);
    std::string kind = scalar(root["kind"], "kind", line_of("kind"), problems);
    if (kind.empty()) {
      problems.push_back({line_of("kind"), "kind", "missing required field 'kind' (faq or article)"});
    } else if (auto k = kind_from_name(kind)) {
      e.kind = *k;
    } else {
      problems.push_back({line_of("kind"), "kind", "kind must be 'faq' or 'article', not '" + kind + "'"});
    }
    e.question = scalar(root["question"], "question", line_of("question"), problems);
    e.title = scalar(root["title"], "title", line_of("title"), problems);
    e.alternate_questions =
        string_list(root["alternate_questions"], "alternate_questions", line_of("alternate_questions"), problems);
    e.tags = string_list(root["tags"], "tags", line_of("tags"), problems);
    e.reviewed = scalar(root["reviewed"], "reviewed", line_of("reviewed"), problems);
    std::string status = scalar(root["status"], "status", line_of("status"), problems);
    if (!status.empty()) e.status = status;
    const YAML::Node sources = root["sources"];
    if (sources && !sources.IsNull()) {
      if (!sources.IsSequence()) {
        problems.push_back({line_of("sources"), "sources", "'sources' must be a list of {title, url}"});
      } else {
        for (const auto& s : sources) {
          int sline = static_cast<int>(s.Mark().line) + 2;
          if (!s.IsMap()) {
            problems.push_back({sline, "sources", "a source must have 'title' and 'url'"});
            continue;
          }
          e.sources.push_back({scalar(s["title"], "title", sline, problems), scalar(s["url"], "url", sline, problems)});
        }
      }
    }
  } catch (const YAML::Exception& ex) {
    problems.push_back({static_cast<int>(ex.mark.line) + 2, "", "malformed front matter: " + ex.msg});
    return result;
  }
  if (e.kind == EntryKind::Faq) {
    e.answer = trim(body);
    if (!e.title.empty()) problems.push_back({line_of("title"), "title", "a faq entry has a question, not a title"});
  } else {
    e.sections = split_sections(body, body_first_line);
    if (!e.question.empty())
      problems.push_back({line_of("question"), "question", "an article has a title, not a question"});
  }
  if (!expected_id.empty() && !e.id.empty() && e.id != expected_id)
    problems.push_back({line_of("id"), "id", "id '" + e.id + "' does not match the file name '" + expected_id + ".md'"});
  auto field_problems = validate_entry(e, &line_from_map, &lines);
  if (e.kind == EntryKind::Article)
    for (auto& p : field_problems)
      if (p.field == "sections")
        for (const auto& s : e.sections)
          if (p.message.find("'" + s.heading + "'") != std::string::npos) p.line = s.line;
  problems.insert(problems.end(), field_problems.begin(), field_problems.end());
  result.entry = std::move(e);
  return result;
}

}  // namespace magchat
