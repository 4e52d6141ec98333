#include "dictionary.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include "word_set.h"

namespace magchat {

namespace {
uint32_t hash_of(std::string_view word) { return static_cast<uint32_t>(WordHash{}(word) >> 32); }
}  // namespace

std::shared_ptr<const Dictionary> Dictionary::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return from_text("");
  std::ostringstream text;
  text << in.rdbuf();
  return from_text(std::move(text).str());
}

std::shared_ptr<const Dictionary> Dictionary::of(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& w : words) text += w + "\n";
  return from_text(std::move(text));
}

std::shared_ptr<const Dictionary> Dictionary::from_text(std::string text) {
  auto dict = std::make_shared<Dictionary>();
  // Each line is normalised in place and moved down over what the earlier lines gave up (apostrophes, line ends,
  // duplicates), so that `text` itself becomes the buffer of words.
  size_t lines = 1;
  for (char c : text) lines += c == '\n';
  uint32_t slot_count = 16;
  while (slot_count < 2 * lines) slot_count *= 2;
  dict->slots_.resize(slot_count);
  dict->mask_ = slot_count - 1;
  size_t kept = 0;  // end of the words kept so far
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const size_t start = kept;
    for (size_t i = at; i < end; ++i) {
      char c = text[i];
      if (c == '\'' || c == '\r') continue;
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      text[kept++] = c;
    }
    at = end + 1;
    const std::string_view word(text.data() + start, kept - start);
    if (word.empty()) continue;
    const uint32_t h = hash_of(word);
    for (uint32_t slot = h & dict->mask_;; slot = (slot + 1) & dict->mask_) {
      Slot& s = dict->slots_[slot];
      if (s.length == 0) {
        s = {h, static_cast<uint32_t>(start), static_cast<uint32_t>(word.size())};
        ++dict->count_;
        break;
      }
      if (s.hash == h && std::string_view(text.data() + s.offset, s.length) == word) {
        kept = start;  // a duplicate: give its bytes back
        break;
      }
    }
  }
  text.resize(kept);
  text.shrink_to_fit();
  dict->words_ = std::move(text);
  return dict;
}

bool Dictionary::contains(std::string_view word) const {
  if (word.empty() || slots_.empty()) return false;
  const uint32_t h = hash_of(word);
  for (uint32_t slot = h & mask_;; slot = (slot + 1) & mask_) {
    const Slot& s = slots_[slot];
    if (s.length == 0) return false;
    if (s.hash == h && s.length == word.size() && std::string_view(words_.data() + s.offset, s.length) == word)
      return true;
  }
}

}  // namespace magchat
