#include "spelling.h"

#include <cctype>
#include <cstdlib>
#include <cstring>

#include "text.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

void SpellingCorrector::add_word(const std::string& word, int count, bool key) {
  if (word.empty()) return;
  auto [it, inserted] = counts_.emplace(word, 0);
  it->second += count;
  if (key) key_words_.insert(word);
  if (inserted) by_length_[word.size()].push_back(word);
}

std::optional<std::string> SpellingCorrector::correct(const std::string& word) const {
  if (word.size() < 4 || knows(word)) return std::nullopt;
  for (char c : word)
    if (!std::isalpha(static_cast<unsigned char>(c))) return std::nullopt;
  // Endings spelled as they sound ("constipashun", "dehydrashun"): more letters differ than the edit distance
  // allows, but the word is plain once the ending is spelled out.
  static const std::pair<const char*, const char*> kSpokenEndings[] = {{"shun", "tion"}, {"shen", "tion"}};
  for (const auto& [spoken, written] : kSpokenEndings) {
    const std::string ending = spoken;
    if (word.size() > ending.size() + 2 && word.compare(word.size() - ending.size(), ending.size(), ending) == 0) {
      const std::string respelled = word.substr(0, word.size() - ending.size()) + written;
      if (knows(respelled)) return respelled;
    }
  }
  const int limit = word.size() <= 5 ? 1 : 2;
  // Vowels are what people most often get wrong ("suger", "calcuim"): between candidates as close, one with the
  // same consonants in the same order ("sugar", not "super") counts as ten times as frequent (so a much more
  // common word still wins: "mutch" is "much", not "match").
  const auto consonants = [](const std::string& w) {
    std::string out;
    for (char c : w)
      if (!std::strchr("aeiouy", c)) out += c;
    return out;
  };
  const std::string word_consonants = consonants(word);
  std::optional<std::string> best;
  int best_distance = limit + 1;
  long best_weight = -1;
  for (size_t len = word.size() - static_cast<size_t>(limit); len <= word.size() + static_cast<size_t>(limit); ++len) {
    auto bucket = by_length_.find(len);
    if (bucket == by_length_.end()) continue;
    for (const auto& candidate : bucket->second) {
      if (candidate.size() < 4) continue;
      // Same first letter, except for a swap of the first two: keeps "mag" words from turning into others.
      if (candidate[0] != word[0] && !(candidate[0] == word[1] && candidate[1] == word[0])) continue;
      int d = edit_distance(word, candidate, best_distance);
      if (d >= 2 && !key_words_.count(candidate)) continue;
      if (d > best_distance || d > limit) continue;  // (no contender: nothing more to weigh)
      const long weight = long{counts_.at(candidate)} * (consonants(candidate) == word_consonants ? 10 : 1);
      if (d < best_distance || weight > best_weight) {
        best_distance = d;
        best_weight = weight;
        best = candidate;
      }
    }
  }
  if (best_distance > limit) return std::nullopt;
  return best;
}

std::vector<std::string> split_run_together(const std::string& run,
                                            const std::function<int(const std::string&)>& rank) {
  const size_t n = run.size();
  if (n < 2 || n > 60) return {};
  // A piece costs 1e6, less 1e4 when the knowledge base uses it, less its length squared: summed over a split, the
  // count of pieces decides first, then the pieces the knowledge base uses, then long pieces over short ones (each
  // term is bounded below the step of the one before for runs of 60 letters).
  constexpr long long kNone = -1;
  std::vector<long long> best(n + 1, kNone);
  std::vector<size_t> from(n + 1, 0), pieces(n + 1, 0);
  best[0] = 0;
  for (size_t end = 1; end <= n; ++end)
    for (size_t start = 0; start < end; ++start) {
      if (best[start] == kNone) continue;
      const std::string piece = run.substr(start, end - start);
      if (piece.size() < 2 && piece != "a"sv && piece != "i"sv) continue;
      const int r = rank(piece);
      if (r <= 0) continue;
      const long long len = static_cast<long long>(piece.size());
      const long long cost = best[start] + 1000000 - (r >= 2 ? 10000 : 0) - len * len;
      if (best[end] == kNone || cost < best[end]) {
        best[end] = cost;
        from[end] = start;
        pieces[end] = pieces[start] + 1;
      }
    }
  if (best[n] == kNone || pieces[n] < 2) return {};
  std::vector<std::string> words(pieces[n]);
  for (size_t end = n, k = words.size(); k > 0; end = from[end]) words[--k] = run.substr(from[end], end - from[end]);
  return words;
}

}  // namespace magchat
