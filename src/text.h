// Text utilities shared by the knowledge base, the search and the answering code.
// Contract: every function is pure and thread-safe; input is UTF-8 (invalid bytes are treated as separators).
#pragma once
#include <optional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace magchat {

// Lowercases ASCII letters and turns every character that is not a letter, digit, '%', '/' or '.' inside a
// number into a single space. Non-ASCII UTF-8 letters are kept as they are.
std::string normalize_text(std::string_view text);

// The text with ASCII letters lowercased and every other byte as it is (for case-blind searches of raw text).
std::string ascii_lowercase(std::string_view text);
// Splits normalized text into words (runs of non-space characters).
std::vector<std::string> split_words(std::string_view normalized);

// Words of a normalized phrase, with ' ' joining: convenience for tokenising user input in one step.
std::vector<std::string> words_of(std::string_view text);
// words_of(text), shared: the last few texts read on this thread keep their words, so the places that answering
// one message reads its words in (the analyser, the answerer, the composer) split it once. The words stay valid
// while the pointer is held, whatever is read after.
std::shared_ptr<const std::vector<std::string>> shared_words_of(std::string_view text);

// True for English function words and question words that carry no topic ("what", "the", "is", ...).
bool is_stopword(std::string_view word);
// Whether the verb at words[i] is denied or refused by one of the two words before it ("can't swallow", "won't ever
// eat", "didn't swallow", "refuses to swallow", "unable to take"): an act said not to happen.
bool verb_denied_at(const std::vector<std::string>& words, size_t i);
// Whether the word right before words[i] says what follows is not so ("hasn't recovered", "isn't fine", "never
// discharged"): a state said not to hold, so it sets no rule aside.
bool said_not_so_at(const std::vector<std::string>& words, size_t i);
// The word a shortening stands for when concepts are matched: "mag" -> "magnesium" ("my mag is low" says what
// "my magnesium is low" says, so synonyms.yaml spells phrases out once). Other words are returned unchanged.
std::string spelled_out(std::string word);
// The word a chat shorthand stands for ("wat" -> "what", "u" -> "you", "shud" -> "should"), or nullptr. These
// are too short or too far from their word for the spelling corrector, and left as they are they count as
// words no entry contains, which sinks the confidence of "wat foods hav magnesium". (Shorthand for words that
// say nothing, such as "thru" or "tho", is listed with the filler words of scope.yaml instead.)
const char* texting_shorthand(std::string_view word);

// A number from two to nineteen, or a multiple of ten up to ninety, spelled as a word, in digits ("seven" -> "7"),
// as the knowledge base writes numbers ("from seven months on?"); nullptr otherwise. Not "one", which is mostly a
// pronoun ("which one?"). texting_shorthand reads these too.
const char* digits_of_number_word(std::string_view word);
// True when normalized words ask about magnesium itself and nothing more: "magnesium", "what is magnesium?",
// "what can you tell me about magnesium?". Only magnesium's names and generic asking words ("what", "tell",
// "know", "explain"); a single other word ("level", "body", "normal") makes it a different question.
bool only_asks_about_magnesium(const std::vector<std::string>& words);

// A light, deterministic English stemmer (plural and common verb endings) used to compare words:
// "symptoms" -> "symptom", "causes" -> "caus", "prevented" -> "prevent". Not Porter; good enough for overlap.
std::string light_stem(std::string_view word);

// Splits prose into sentences at '.', '!' or '?' followed by a space and an upper-case letter or digit.
std::vector<std::string> split_sentences(std::string_view prose);

// True when the bytes are valid UTF-8 without NUL bytes.
bool is_valid_utf8(std::string_view bytes);

// Counts characters (UTF-8 code points), not bytes.
size_t utf8_length(std::string_view text);

// Counts words separated by whitespace.
size_t count_words(std::string_view text);

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (or, with date_only, "YYYY-MM-DD"): the one timestamp format
// of the database, the API and the logs.
std::string utc_timestamp(bool date_only = false);

// The whole file as bytes, or nullopt when it cannot be opened.
std::optional<std::string> read_file(const std::string& path);

std::string trim(std::string_view s);
// `s` with backslash, double quote and line feed escaped as "\\", "\"" and "\n": what goes between double quotes
// in a YAML scalar and in a Prometheus label value alike.
std::string backslash_escaped(std::string_view s);
// True when the text has nothing but spaces: ASCII white space and the Unicode spaces (no-break, em, ideographic...)
// and invisible joiners (zero-width space, byte order mark) that a message of "nothing" can be typed with.
bool is_blank(std::string_view text);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// `word` with every run of three or more equal letters cut to `keep` letters ("sooo" -> "so" or "soo"); digits
// stay as typed ("1000mg").
std::string without_letter_runs(std::string_view word, size_t keep);

// True when `x` is one of `list`.
bool contains(const std::vector<std::string>& list, std::string_view x);  // (a view: no string built for a literal)
// True when `phrase` occurs as consecutive words of `words`.
bool contains_phrase(const std::vector<std::string>& words, const std::vector<std::string>& phrase);
// The same for a phrase written in place, contains_phrase(words, {"side", "effects"}), without building a vector of
// strings on every call (reason: those temporaries were a measurable share of answering in callgrind).
bool contains_phrase(const std::vector<std::string>& words, std::initializer_list<std::string_view> phrase);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);

// Damerau-Levenshtein (optimal string alignment) distance, giving up early once it exceeds `limit`
// (returns limit + 1 then).
int edit_distance(std::string_view a, std::string_view b, int limit);

}  // namespace magchat
