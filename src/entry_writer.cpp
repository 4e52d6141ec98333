#include "entry_writer.h"

#include <cctype>
#include <cstring>

#include "text.h"

namespace magchat {

std::string yaml_scalar(const std::string& v) {
  bool needs_quotes = v.empty() || std::isspace(static_cast<unsigned char>(v.front())) ||
                      std::isspace(static_cast<unsigned char>(v.back())) ||
                      std::strchr("!&*-?{}[],#|>@`\"'%:", v.front()) != nullptr ||
                      v.find(": ") != std::string::npos || v.find(" #") != std::string::npos ||
                      v.find('\n') != std::string::npos || v.back() == ':';
  static const char* kSpecial[] = {"true", "false", "yes", "no", "null", "on", "off", "~", "True", "False",
                                   "Yes", "No", "Null", "TRUE", "FALSE", "NULL"};
  for (const char* s : kSpecial) needs_quotes = needs_quotes || v == s;
  bool numeric = !v.empty() && v.find_first_not_of("0123456789.-+eE") == std::string::npos;
  if (!needs_quotes && !numeric) return v;
  return "\"" + backslash_escaped(v) + "\"";
}

std::string write_entry(const Entry& e) {
  std::string out = "---\n";
  out += "id: " + yaml_scalar(e.id) + "\n";
  out += std::string("kind: ") + kind_name(e.kind) + "\n";
  if (e.kind == EntryKind::Faq) {
    out += "question: " + yaml_scalar(e.question) + "\n";
    if (!e.alternate_questions.empty()) {
      out += "alternate_questions:\n";
      for (const auto& a : e.alternate_questions) out += "  - " + yaml_scalar(a) + "\n";
    }
  } else {
    out += "title: " + yaml_scalar(e.title) + "\n";
  }
  out += "tags: [";
  for (size_t i = 0; i < e.tags.size(); ++i) out += (i ? ", " : "") + yaml_scalar(e.tags[i]);
  out += "]\n";
  out += "sources:\n";
  for (const auto& s : e.sources) {
    out += "  - title: " + yaml_scalar(s.title) + "\n";
    out += "    url: " + yaml_scalar(s.url) + "\n";
  }
  out += "reviewed: " + e.reviewed + "\n";
  out += "status: " + e.status + "\n";
  out += "---\n";
  if (e.kind == EntryKind::Faq) {
    out += e.answer + "\n";
  } else {
    bool first = true;
    for (const auto& s : e.sections) {
      if (!first) out += "\n";
      if (!(first && s.heading == "Overview")) out += "## " + s.heading + "\n";
      out += s.body + "\n";
      first = false;
    }
  }
  return out;
}

}  // namespace magchat
