// A fixed set of words, built once from a list and then only looked up (and WordMap, a fixed map on the same
// table; and WordHash, the hash of short words for the answering path's own hash tables).
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
#include <cstring>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace magchat {

// Reads at most the first and the last 8 bytes, whole (no byte-at-a-time chain of multiplications), and mixes them
// with the length; defined here so that WordSet's lookups inline it.
inline uint64_t short_word_hash(std::string_view word) {
  const size_t n = word.size();
  uint64_t v = 0;
  if (n >= 8) {
    uint64_t head, tail;
    std::memcpy(&head, word.data(), 8);
    std::memcpy(&tail, word.data() + n - 8, 8);
    v = head ^ ((tail << 29) | (tail >> 35));
  } else {
    for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(word[i])) << (8 * i);
  }
  return (v ^ (n * 0x9E3779B97F4A7C15ull)) * 0xBF58476D1CE4E5B9ull;
}

// The hash of a word for the hash tables of words the answering path looks up (the analyser's phrase tables, the
// knowledge index's keys, the spelling corrector's counts): words of up to 16 bytes are hashed from their first and
// last 8 bytes in a few instructions, where std::hash runs a general-purpose hash in a library call; longer text
// (whole question phrasings) goes to std::hash, whose every byte counts.
struct WordHash {
  size_t operator()(std::string_view word) const {
    return word.size() <= 16 ? short_word_hash(word) : std::hash<std::string_view>{}(word);
  }
};

class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words);
  template <typename Iterator>
  WordSet(Iterator first, Iterator last) : words_(first, last) { build(); }

  // 1 when `word` is in the set, else 0 (the std::set spelling, so call sites read as before).
  size_t count(std::string_view word) const { return contains(word) ? 1 : 0; }
  bool contains(std::string_view word) const { return index_of(word) != kNotFound; }
  // Whether any of `words` is in the set.
  bool contains_any(const std::vector<std::string>& words) const {
    for (const auto& w : words)
      if (contains(w)) return true;
    return false;
  }

  // Where `word` is in the sorted order of begin()..end(), or kNotFound. Inline: the analyser looks words up
  // a few thousand times per question, so the call and a byte-at-a-time hash were a tenth of answering.
  static constexpr size_t kNotFound = static_cast<size_t>(-1);
  size_t index_of(std::string_view word) const {
    const uint32_t h = hash(word);
    for (uint32_t slot = h & mask_;; slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.index == 0) return kNotFound;
      if (s.hash != h) continue;  // most collisions end here, without touching the word
      const std::string& candidate = words_[s.index - 1];
      if (candidate.size() == word.size() && std::memcmp(candidate.data(), word.data(), word.size()) == 0)
        return s.index - 1;
    }
  }

  // The words in sorted order.
  std::vector<std::string>::const_iterator begin() const { return words_.begin(); }
  std::vector<std::string>::const_iterator end() const { return words_.end(); }
  size_t size() const { return words_.size(); }
  bool empty() const { return words_.empty(); }

 private:
  void build();
  // (A set's words are single words; a collision of longer ones costs only a comparison of the stored hashes.)
  static uint32_t hash(std::string_view word) { return static_cast<uint32_t>(short_word_hash(word) >> 32); }

  struct Slot {
    uint32_t hash = 0;
    uint32_t index = 0;  // into words_ + 1, or 0 for an empty slot
  };
  std::vector<std::string> words_;  // sorted, unique
  std::vector<Slot> slots_;         // open addressing, at most half full
  uint32_t mask_ = 0;               // slots_.size() - 1 (a power of two)
};

// A fixed map from words to values, built once and then only looked up: a WordSet of the keys and the values in
// the keys' sorted order. Contract: find() answers as std::unordered_map::find would; when a key is given twice,
// the first value stays (as the initializer-list constructor of std::unordered_map keeps it).
template <typename Value>
class WordMap {
 public:
  WordMap(std::initializer_list<std::pair<std::string_view, Value>> pairs) : keys_(keys_of(pairs)) {
    values_.resize(keys_.size());
    std::vector<bool> set(keys_.size(), false);
    for (const auto& [key, value] : pairs) {
      const size_t at = keys_.index_of(key);
      if (!set[at]) values_[at] = value, set[at] = true;
    }
  }
  // The value of `word`, or nullptr when it is not a key.
  const Value* find(std::string_view word) const {
    const size_t at = keys_.index_of(word);
    return at == WordSet::kNotFound ? nullptr : &values_[at];
  }

 private:
  static WordSet keys_of(std::initializer_list<std::pair<std::string_view, Value>> pairs) {
    std::vector<std::string_view> keys;
    for (const auto& p : pairs) keys.push_back(p.first);
    return WordSet(keys.begin(), keys.end());
  }
  WordSet keys_;
  std::vector<Value> values_;
};

}  // namespace magchat
