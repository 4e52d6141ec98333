// Concepts (kb/synonyms.yaml) and the whole-word phrase matcher they share with the language rules.
#pragma once
#include <bitset>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "word_set.h"

namespace magchat {

// Finds phrases in a list of normalized words, longest match first, without overlaps.
// Thread-safe for lookups once built.
class PhraseMatcher {
 public:
  struct Match {
    int value;    // what was registered with the phrase
    size_t start; // first word
    size_t length;
  };
  // Registers a phrase (any text; it is normalized) with a value.
  void add(const std::string& phrase, int value);
  std::vector<Match> find_all(const std::vector<std::string>& words) const;
  // Every occurrence of every phrase, overlapping or not (find_all keeps only the longest at each place and skips
  // the words it covered), in order of their first word, into `out` (cleared first: callers reuse one buffer per
  // thread).
  void find_overlapping(const std::vector<std::string>& words, std::vector<Match>& out) const;
  // True when some phrase occurs in `words` (stops at the first; no allocation).
  bool contains_any(const std::vector<std::string>& words) const;
  bool empty() const { return by_first_word_.empty(); }

 private:
  struct Phrase {
    std::vector<std::string> words;
    int value;
  };
  // Calls visit(phrase) for the phrases that occur at words[i], longest first, until visit returns false; returns
  // false when it stopped early.
  template <typename Visit>
  bool visit_at(const std::vector<std::string>& words, size_t i, Visit visit) const;
  // The phrases that start with one word: that word alone, and the longer ones by their second word (so a message
  // word is compared only with phrases that can still match; a common first word such as "my" starts hundreds).
  struct Bucket {
    std::vector<Phrase> single;
    std::unordered_map<std::string, std::vector<Phrase>, WordHash> by_second;  // each list longest first, then as added
  };
  std::unordered_map<std::string, Bucket, WordHash> by_first_word_;
  // A cheap filter in front of by_first_word_: one bit per quick_signature() of a first word. A message word whose
  // bit is clear starts no phrase, so it is passed over without hashing it. Most words of a message start no phrase
  // of a given matcher, and the language rules run dozens of matchers over every message (reason: the hash
  // look-ups were the largest single cost of answering in perf).
  static constexpr size_t kSignatureBits = 4096;
  static size_t quick_signature(const std::string& word);
  std::bitset<kSignatureBits> first_word_signatures_;
};

enum class ConceptKind { Topic, Aspect };

struct Concept {
  std::string id;
  ConceptKind kind = ConceptKind::Topic;
  std::vector<std::string> phrases;  // as written by the curator
};

// Contract: load() throws std::runtime_error with "file:line: message" on a malformed file.
class ConceptIndex {
 public:
  static ConceptIndex load(const std::string& path);
  static ConceptIndex from_yaml_text(const std::string& text, const std::string& name);

  // Concept ids found in normalized words, in order of first appearance, each once.
  std::vector<std::string> find(const std::vector<std::string>& words) const;
  struct Found {
    std::string id;
    size_t start, length;  // the words that named it
  };
  std::vector<Found> find_with_positions(const std::vector<std::string>& words) const;
  // The concepts of every other phrase that shares a word with words[start, start + length): what a phrase found
  // there also names in its words, or with the words after it ("worry about low magnesium", "not get low in
  // magnesium" -> hypomagnesemia).
  std::vector<std::string> find_overlapping_in(const std::vector<std::string>& words, size_t start,
                                               size_t length) const;
  const Concept* get(const std::string& id) const;
  bool is_aspect(const std::string& id) const;
  const std::vector<Concept>& all() const { return concepts_; }

 private:
  std::vector<Concept> concepts_;
  std::map<std::string, size_t> by_id_;
  PhraseMatcher matcher_;
};

}  // namespace magchat
