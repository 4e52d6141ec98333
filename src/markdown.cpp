#include "markdown.h"

#include <md4c-html.h>

#include <regex>

namespace magchat {

namespace {
void append(const MD_CHAR* text, MD_SIZE size, void* out) { static_cast<std::string*>(out)->append(text, size); }
}  // namespace

std::string markdown_to_html(const std::string& markdown) {
  std::string html;
  // MD_FLAG_NOHTML: "<script>" in any text is escaped as text, so no answer can inject markup.
  md_html(markdown.data(), static_cast<MD_SIZE>(markdown.size()), append, &html, MD_FLAG_NOHTML, 0);
  // Markdown links and images are still markup: keep only http(s) links, and no images at all.
  static const std::regex kImage("<img[^>]*>");
  static const std::regex kUnsafeHref("href=\"(?!https?://)[^\"]*\"", std::regex::ECMAScript);
  // (Only run the expressions when there is something to filter: std::regex is slow on the hot path.)
  if (html.find("<img") != std::string::npos) html = std::regex_replace(html, kImage, "");
  if (html.find("href=") != std::string::npos) html = std::regex_replace(html, kUnsafeHref, "href=\"#\"");
  return html;
}

}  // namespace magchat
