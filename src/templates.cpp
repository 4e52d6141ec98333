#include "templates.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "text.h"

namespace magchat {

const char* const kRequiredTemplates[] = {"disclaimer", "greeting", "thanks", "no_answer", "out_of_scope",
                                          "emergency", "caution", "clarify", "answer", nullptr};

Templates Templates::load(const std::string& dir) {
  std::map<std::string, std::string> texts;
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec)) {
    if (f.path().extension() != ".md") continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    // A leading HTML comment documents the template for curators; it is not part of the reply.
    if (starts_with(text, "<!--")) {
      size_t end = text.find("-->");
      if (end != std::string::npos) text = text.substr(end + 3);
    }
    texts[f.path().stem().string()] = trim(text);
  }
  if (ec) throw std::runtime_error(dir + ": cannot read the prompts folder: " + ec.message());
  for (const char* const* name = kRequiredTemplates; *name; ++name)
    if (texts[*name].empty()) throw std::runtime_error(dir + "/" + *name + ".md: missing or empty template");
  return from_map(std::move(texts));
}

Templates Templates::from_map(std::map<std::string, std::string> texts) {
  Templates t;
  t.texts_ = std::move(texts);
  return t;
}

std::string Templates::render(const std::string& name, const std::map<std::string, std::string>& values) const {
  auto it = texts_.find(name);
  if (it == texts_.end()) return "";
  const std::string& tpl = it->second;
  std::string out;
  size_t i = 0;
  while (i < tpl.size()) {
    size_t open = tpl.find("{{", i);
    if (open == std::string::npos) {
      out += tpl.substr(i);
      break;
    }
    size_t close = tpl.find("}}", open + 2);
    if (close == std::string::npos) {
      out += tpl.substr(i);
      break;
    }
    out += tpl.substr(i, open - i);
    auto v = values.find(trim(tpl.substr(open + 2, close - open - 2)));
    if (v != values.end()) out += v->second;
    i = close + 2;
  }
  // Collapse the blank lines an empty placeholder leaves behind.
  std::string collapsed;
  int newlines = 0;
  for (char c : out) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2) collapsed += c;
  }
  return trim(collapsed);
}

}  // namespace magchat
