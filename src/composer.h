// Turns ranked passages into a short, cited Markdown answer.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "knowledge_index.h"
#include "reply.h"

namespace magchat {

// Joins hard-wrapped lines of paragraphs and list items, so that each paragraph and item is one line.
std::string unwrap_markdown(const std::string& markdown);

// What composing an answer needs of a passage body, independent of the question: worked out once per passage.
struct BodyParts {
  size_t words = 0;                // count_words of the body
  std::vector<std::string> lines;  // the unwrapped body: one line per paragraph, list item or heading
  std::vector<bool> line_cited;    // lines that end a paragraph or are list items: they get the marker
  std::vector<std::vector<std::string>> line_stems;  // content stems of each bulleted list item line (else empty)
  std::vector<std::string> prose_stems;  // content stems of the lines that are not bulleted items (sorted, unique)
  struct Unit {                    // a sentence of a paragraph, or a list item
    std::string text;
    bool list_item;
    std::vector<std::string> stems;  // content stems, for scoring against a question
    size_t words;
  };
  std::vector<Unit> units;
  std::string snippet;             // plain_snippet of the body, for the source card
};
BodyParts body_parts(const std::string& markdown);
// The passage's parts, computed on first use and cached in the passage (thread-safe).
std::shared_ptr<const BodyParts> parts_of(const PassageInfo& passage);

// Adds " [n]" to the end of every paragraph and list item of Markdown text.
std::string cite_markdown(const std::string& markdown, int marker);
std::string cite_markdown(const BodyParts& body, int marker);

// The most relevant sentences and list items of a passage for the question's stems, at most about `max_words` words,
// each cited with `marker`; short passages are returned whole. The order is the passage's, except that in a bulleted
// list of four or more items that all read "what: how much" (a list to look something up in), the items that name
// something asked which few of the items name (at most a third) and the passage's other lines do not, come first:
// "how much magnesium is in a banana" opens the list of foods with the banana. (Lists of signs, from mild to severe,
// and numbered lists keep their order.)
std::string extract_relevant(const std::string& markdown, const std::vector<std::string>& stems, int marker,
                             size_t max_words);
std::string extract_relevant(const BodyParts& body, const std::vector<std::string>& stems, int marker,
                             size_t max_words);

// The answer's Markdown with the one bulleted row of a table by age that holds `age_years` in bold: "- **4 to 8 years:
// 130 mg** [1]" for a 6-year-old. Rows read "- N to M years..." or "- N years and older..."; the text is returned
// unchanged when no row, or more than one, holds the age.
std::string with_age_row_in_bold(const std::string& markdown, int age_years);

// A plain-text start of Markdown (markers, emphasis and list signs removed), at most `max_words` words.
std::string plain_snippet(const std::string& markdown, size_t max_words);

// A source card for a passage (its snippet from the passage's cached parts).
SourceRef source_ref(const PassageInfo& passage, int id);

}  // namespace magchat
