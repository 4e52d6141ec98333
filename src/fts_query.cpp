#include "fts_query.h"

#include <algorithm>
#include <cctype>

namespace magchat {

std::string fts5_quote(const std::string& text) {
  bool has_token = std::any_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80);
  });
  if (!has_token) return "";
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string fts5_any_of(const std::vector<std::string>& terms) {
  std::vector<std::string> quoted;
  for (const auto& t : terms) {
    std::string q = fts5_quote(t);
    if (!q.empty() && std::find(quoted.begin(), quoted.end(), q) == quoted.end()) quoted.push_back(q);
  }
  std::string out;
  for (size_t i = 0; i < quoted.size(); ++i) out += (i ? " OR " : "") + quoted[i];
  return out;
}

}  // namespace magchat
