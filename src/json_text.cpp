#include "json_text.h"

#include <nlohmann/json.hpp>

#include "text.h"

namespace magchat {

void append_json_string(std::string& out, std::string_view text, bool replace_invalid) {
  bool ascii = true;
  for (unsigned char c : text)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (!ascii && !is_valid_utf8(text)) {
    out += nlohmann::json(std::string(text))
               .dump(-1, ' ', false,
                     replace_invalid ? nlohmann::json::error_handler_t::replace : nlohmann::json::error_handler_t::strict);
    return;
  }
  static const char* hex = "0123456789abcdef";
  out.reserve(out.size() + text.size() + 2);
  out += '"';
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void JsonObjectWriter::key(const char* name) {
  if (!first_) out_ += ',';
  first_ = false;
  out_ += '"';
  out_ += name;  // keys are our own identifiers: nothing to escape
  out_ += "\":";
}

JsonObjectWriter& JsonObjectWriter::string(const char* name, std::string_view value) {
  key(name);
  append_json_string(out_, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::string_or_null(const char* name, std::string_view value) {
  if (value.empty()) return raw(name, "null");
  return string(name, value);
}

JsonObjectWriter& JsonObjectWriter::raw(const char* name, std::string_view json) {
  key(name);
  out_ += json;
  return *this;
}

}  // namespace magchat
