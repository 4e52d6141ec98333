// The dictionary of correctly spelled English words (/usr/share/dict/words, about 104,000 lines): the spelling
// corrector never "corrects" a word in it, and a word outside it and the knowledge base may be a medicine's name.
//
// Why not std::unordered_set<std::string>: reading the list into one took about 150 ms of a 290 ms start-up on the
// two-core machine (a heap node and a library hash call per word); this keeps every word in one buffer and an
// open-addressed table of offsets, built in one pass over the file, and looks a word up with WordHash inline.
//
// Contract: contains(w) is true exactly when some line of the file, lowercased (ASCII letters) and without its
// apostrophes ("aren't" -> "arent", as messages are normalised), equals w. Immutable after load(), so safe to share
// between threads.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace magchat {

class Dictionary {
 public:
  // Reads a word list, one word per line; an empty dictionary when the file is missing or unreadable.
  static std::shared_ptr<const Dictionary> load(const std::string& path);
  // A dictionary of the given words (normalised as load() normalises lines): for tests.
  static std::shared_ptr<const Dictionary> of(const std::vector<std::string>& words);

  bool contains(std::string_view word) const;
  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

 private:
  static std::shared_ptr<const Dictionary> from_text(std::string text);
  struct Slot {
    uint32_t hash = 0;
    uint32_t offset = 0;  // into words_
    uint32_t length = 0;  // 0 for an empty slot (no word is empty)
  };
  std::string words_;       // the distinct words, back to back
  std::vector<Slot> slots_;  // open addressing, at most half full
  uint32_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace magchat
