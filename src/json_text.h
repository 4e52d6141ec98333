// Writing JSON text directly into a string, for the hot path of every chat reply: the same bytes nlohmann::json's
// dump() writes for a string, without building a json value first (which costs allocations and a byte-by-byte
// UTF-8 decoder; together about 8% of the server's time under chat load).
#pragma once
#include <string>
#include <string_view>

namespace magchat {

// Appends `text` as a JSON string literal (quotes included), escaped exactly as nlohmann::json::dump() does
// without ensure_ascii: ", \ and control characters; other bytes as they are. Text that is not valid UTF-8 is
// left to nlohmann: with `replace_invalid` the bad bytes become U+FFFD, otherwise nlohmann's type_error is thrown.
void append_json_string(std::string& out, std::string_view text, bool replace_invalid = false);

// Writes one JSON object into `out`, member by member, in the order called (commas and key quoting done here).
class JsonObjectWriter {
 public:
  explicit JsonObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  JsonObjectWriter& string(const char* key, std::string_view value);
  JsonObjectWriter& string_or_null(const char* key, std::string_view value);  // empty -> null
  JsonObjectWriter& raw(const char* key, std::string_view json);              // already JSON text
  void close() { out_ += '}'; }

 private:
  void key(const char* name);
  std::string& out_;
  bool first_ = true;
};

}  // namespace magchat
