// Markdown -> HTML for answers, with md4c. Raw HTML in the input is escaped, never passed through.
#pragma once
#include <string>

namespace magchat {
std::string markdown_to_html(const std::string& markdown);
}
