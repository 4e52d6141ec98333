// Builds FTS5 MATCH expressions from words and phrases, safely.
#pragma once
#include <string>
#include <vector>

namespace magchat {

// Quotes one term or phrase for FTS5: wraps it in double quotes and doubles any quote inside, so that
// operators (AND OR NOT NEAR), column filters (title:), prefixes (*), ^, +, -, parentheses and quotes in
// user text are matched as plain text and never change the query. Returns "" for text with no letters/digits.
std::string fts5_quote(const std::string& text);

// "a" OR "b c" OR ... over the non-empty quoted alternatives (each at most once). "" when none.
std::string fts5_any_of(const std::vector<std::string>& terms);

}  // namespace magchat
