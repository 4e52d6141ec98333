// Turns ranked passages into a short, cited Markdown answer.
#pragma once
#include <string>
#include <vector>

#include "knowledge_index.h"
#include "reply.h"

namespace magchat {

// Joins hard-wrapped lines of paragraphs and list items, so that each paragraph and item is one line.
std::string unwrap_markdown(const std::string& markdown);

// Adds " [n]" to the end of every paragraph and list item of Markdown text.
std::string cite_markdown(const std::string& markdown, int marker);

// The most relevant sentences and list items of a passage for the question's stems, in their original
// order, at most about `max_words` words, each cited with `marker`. Short passages are returned whole.
std::string extract_relevant(const std::string& markdown, const std::vector<std::string>& stems, int marker,
                             size_t max_words);

// A plain-text start of Markdown (markers, emphasis and list signs removed), at most `max_words` words.
std::string plain_snippet(const std::string& markdown, size_t max_words);

// A source card for a passage.
SourceRef source_ref(const PassageRow& passage, int id);

}  // namespace magchat
