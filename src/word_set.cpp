#include "word_set.h"

#include <algorithm>

namespace magchat {

WordSet::WordSet(std::initializer_list<std::string_view> words) {
  words_.reserve(words.size());
  for (std::string_view w : words) words_.emplace_back(w);
  build();
}

void WordSet::build() {
  std::sort(words_.begin(), words_.end());
  words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
  // At most half full, so a miss usually ends at the first empty slot.
  size_t size = 8;
  while (size < 2 * words_.size()) size *= 2;
  slots_.assign(size, Slot{});
  mask_ = static_cast<uint32_t>(size - 1);
  for (size_t i = 0; i < words_.size(); ++i) {
    const uint32_t h = hash(words_[i]);
    uint32_t slot = h & mask_;
    while (slots_[slot].index != 0) slot = (slot + 1) & mask_;
    slots_[slot] = Slot{h, static_cast<uint32_t>(i + 1)};
  }
}

}  // namespace magchat
