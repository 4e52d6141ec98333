// A fixed set of words, built once from a list and then only looked up.
//
// Why not std::set<std::string>: the question analyser keeps about 150 word lists ("which words ask for a
// cause", "which words name a medicine"...) and consults them a few thousand times per question; a lookup in a
// red-black tree of strings costs several string comparisons, each a library call. This set hashes the word
// once and compares it with at most a few candidates of the same length.
//
// Contract: the same answers as std::set<std::string> for count() and iteration (words in sorted order,
// duplicates kept once); immutable after construction, so safe to share between threads (function-local
// statics are initialised once, thread-safely).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace magchat {

class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words);
  template <typename Iterator>
  WordSet(Iterator first, Iterator last) : words_(first, last) { build(); }

  // 1 when `word` is in the set, else 0 (the std::set spelling, so call sites read as before).
  size_t count(std::string_view word) const { return contains(word) ? 1 : 0; }
  bool contains(std::string_view word) const;
  // Whether any of `words` is in the set.
  bool contains_any(const std::vector<std::string>& words) const {
    for (const auto& w : words)
      if (contains(w)) return true;
    return false;
  }

  // The words in sorted order.
  std::vector<std::string>::const_iterator begin() const { return words_.begin(); }
  std::vector<std::string>::const_iterator end() const { return words_.end(); }
  size_t size() const { return words_.size(); }
  bool empty() const { return words_.empty(); }

 private:
  void build();
  static uint32_t hash(std::string_view word);

  std::vector<std::string> words_;  // sorted, unique
  std::vector<uint32_t> slots_;     // open addressing: index into words_ + 1, or 0 for an empty slot
  uint32_t mask_ = 0;               // slots_.size() - 1 (a power of two)
};

}  // namespace magchat
