// Spelling correction against the knowledge base's own vocabulary.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "word_set.h"

namespace magchat {

class SpellingCorrector {
 public:
  // Adds a known word (normalized); `count` is how often it occurs, used to break ties. A `key` word (from a
  // question, heading or concept phrase) may be reached with two edits; other words (from answer bodies) only
  // with one, since a two-edit jump to an ordinary word changes meaning ("statins" is not "starting").
  void add_word(const std::string& word, int count = 1, bool key = false);
  bool knows(const std::string& word) const { return counts_.count(word) != 0; }
  // The closest known word for an unknown word of 4+ letters: edit distance 1 for words up to 5 letters,
  // 2 for longer ones (to key words only); a tie goes to the most frequent, where a word with the same consonants in
  // the same order counts ten times (a vowel mistyped: "suger" is "sugar", not "super"). Nullopt when the word is known, too short, numeric, or
  // nothing is close enough.
  std::optional<std::string> correct(const std::string& word) const;
  size_t size() const { return counts_.size(); }

 private:
  std::unordered_map<std::string, int, WordHash> counts_;
  std::unordered_set<std::string, WordHash> key_words_;  // words that two edits may reach
  std::unordered_map<size_t, std::vector<std::string>> by_length_;
};

// The words of a run typed without spaces ("whatcauseslowmagnesiuminthebody" -> what causes low magnesium in the
// body). `rank` says how well a piece is known: 0 not a word, 1 a word, 2 a word the knowledge base uses. The split
// has the fewest pieces, each ranked 1 or 2 and of two or more letters (or "a", "i"); among those, the most pieces
// the knowledge base uses, then the longest pieces ("causes low", not "cause slow"). Empty when no split covers
// the whole run, or when it would be one word. Runs longer than 60 letters are not split (the search is quadratic).
std::vector<std::string> split_run_together(const std::string& run,
                                            const std::function<int(const std::string&)>& rank);

}  // namespace magchat
