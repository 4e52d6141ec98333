#include "word_set.h"

#include <algorithm>
#include <cstring>

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
  slots_.assign(size, 0);
  mask_ = static_cast<uint32_t>(size - 1);
  for (size_t i = 0; i < words_.size(); ++i) {
    uint32_t slot = hash(words_[i]) & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = static_cast<uint32_t>(i + 1);
  }
}

uint32_t WordSet::hash(std::string_view word) {
  uint32_t h = 2166136261u;  // FNV-1a: words are short, so a byte-at-a-time hash is cheap enough
  for (unsigned char c : word) h = (h ^ c) * 16777619u;
  return h ^ (h >> 15);
}

bool WordSet::contains(std::string_view word) const {
  for (uint32_t slot = hash(word) & mask_;; slot = (slot + 1) & mask_) {
    const uint32_t index = slots_[slot];
    if (index == 0) return false;
    const std::string& candidate = words_[index - 1];
    if (candidate.size() == word.size() && std::memcmp(candidate.data(), word.data(), word.size()) == 0)
      return true;
  }
}

}  // namespace magchat
