#include "concepts.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <stdexcept>

#include "text.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

void PhraseMatcher::add(const std::string& phrase, int value) {
  auto words = words_of(phrase);
  if (words.empty()) return;
  first_word_signatures_.set(quick_signature(words.front()));
  Bucket& bucket = by_first_word_[words.front()];
  if (words.size() == 1) {
    bucket.single.push_back(Phrase{std::move(words), value});
    return;
  }
  // Longest first, and in the order added among phrases of one length: inserted after the last phrase at least as
  // long.
  auto& list = bucket.by_second[words[1]];
  const auto place = std::upper_bound(list.begin(), list.end(), words.size(),
                                      [](size_t length, const Phrase& p) { return length > p.words.size(); });
  list.insert(place, Phrase{std::move(words), value});
}

size_t PhraseMatcher::quick_signature(const std::string& word) {
  // Length, the first two and the last byte: enough to tell most words apart, read without walking the word.
  uint32_t h = static_cast<uint32_t>(word.size());
  if (!word.empty()) {
    h = h * 131u + static_cast<unsigned char>(word[0]);
    h = h * 131u + static_cast<unsigned char>(word[word.size() > 1 ? 1 : 0]);
    h = h * 131u + static_cast<unsigned char>(word.back());
  }
  static_assert(kSignatureBits == size_t{1} << 12, "the shift below keeps 12 bits");
  return (h * 2654435761u) >> (32 - 12);
}

template <typename Visit>
bool PhraseMatcher::visit_at(const std::vector<std::string>& words, size_t i, Visit visit) const {
  auto it = first_word_signatures_.test(quick_signature(words[i])) ? by_first_word_.find(words[i])
                                                                     : by_first_word_.end();
  if (it == by_first_word_.end()) {
    // A reading such as "160/105" (normalize_text keeps a slash between digits) is also its first number, which a
    // phrase such as "160/" (normalized to "160") names: "my blood pressure was 160/105" (sixth safety review).
    const size_t slash = words[i].find('/');
    if (slash == std::string::npos || slash == 0 || !std::isdigit(static_cast<unsigned char>(words[i][0]))) return true;
    const std::string number = words[i].substr(0, slash);
    if (!first_word_signatures_.test(quick_signature(number))) return true;
    it = by_first_word_.find(number);
    if (it == by_first_word_.end()) return true;
  }
  const Bucket& bucket = it->second;
  if (i + 1 < words.size() && !bucket.by_second.empty()) {
    auto second = bucket.by_second.find(words[i + 1]);
    if (second != bucket.by_second.end())
      for (const auto& p : second->second)
        if (i + p.words.size() <= words.size() &&
            std::equal(p.words.begin() + 2, p.words.end(), words.begin() + static_cast<long>(i + 2)) && !visit(p))
          return false;
  }
  for (const auto& p : bucket.single)
    if (!visit(p)) return false;
  return true;
}

std::vector<PhraseMatcher::Match> PhraseMatcher::find_all(const std::vector<std::string>& words) const {
  std::vector<Match> matches;
  size_t i = 0;
  while (i < words.size()) {
    size_t advance = 1;
    visit_at(words, i, [&](const Phrase& p) {
      matches.push_back({p.value, i, p.words.size()});
      advance = p.words.size();
      return false;  // the longest phrase here is the match
    });
    i += advance;
  }
  return matches;
}

void PhraseMatcher::find_overlapping(const std::vector<std::string>& words, std::vector<Match>& matches) const {
  matches.clear();
  for (size_t i = 0; i < words.size(); ++i)
    visit_at(words, i, [&](const Phrase& p) {
      matches.push_back({p.value, i, p.words.size()});
      return true;
    });
}

bool PhraseMatcher::contains_any(const std::vector<std::string>& words) const {
  for (size_t i = 0; i < words.size(); ++i)
    if (!visit_at(words, i, [](const Phrase&) { return false; })) return true;
  return false;
}

ConceptIndex ConceptIndex::load(const std::string& path) {
  auto text = read_file(path);
  if (!text) throw std::runtime_error(path + ":0: cannot read the file");
  return from_yaml_text(*text, path);
}

ConceptIndex ConceptIndex::from_yaml_text(const std::string& text, const std::string& name) {
  ConceptIndex index;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& ex) {
    throw std::runtime_error(name + ":" + std::to_string(ex.mark.line + 1) + ": malformed YAML: " + ex.msg);
  }
  const YAML::Node list = root["concepts"];
  if (!list || !list.IsSequence()) throw std::runtime_error(name + ":1: expected a 'concepts:' list");
  for (const auto& node : list) {
    const int line = static_cast<int>(node.Mark().line) + 1;
    auto fail = [&](const std::string& msg) { throw std::runtime_error(name + ":" + std::to_string(line) + ": " + msg); };
    if (!node.IsMap() || !node["id"] || !node["kind"] || !node["phrases"] || !node["phrases"].IsSequence())
      fail("a concept needs 'id', 'kind' (topic or aspect) and a 'phrases' list");
    Concept c;
    c.id = node["id"].as<std::string>();
    std::string kind = node["kind"].as<std::string>();
    if (kind == "topic"sv)
      c.kind = ConceptKind::Topic;
    else if (kind == "aspect"sv)
      c.kind = ConceptKind::Aspect;
    else
      fail("kind must be 'topic' or 'aspect', not '" + kind + "'");
    if (index.by_id_.count(c.id)) fail("duplicate concept id '" + c.id + "'");
    for (const auto& p : node["phrases"]) c.phrases.push_back(p.as<std::string>());
    c.phrases.push_back(c.id);  // the id itself ("vitamin-d" -> "vitamin d") is a phrase too
    index.by_id_[c.id] = index.concepts_.size();
    index.concepts_.push_back(std::move(c));
  }
  for (size_t i = 0; i < index.concepts_.size(); ++i)
    for (const auto& p : index.concepts_[i].phrases) index.matcher_.add(p, static_cast<int>(i));
  return index;
}

std::vector<std::string> ConceptIndex::find(const std::vector<std::string>& words) const {
  std::vector<std::string> ids;
  for (const auto& m : matcher_.find_all(words)) {
    const std::string& id = concepts_[static_cast<size_t>(m.value)].id;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

std::vector<ConceptIndex::Found> ConceptIndex::find_with_positions(const std::vector<std::string>& words) const {
  std::vector<Found> out;
  for (const auto& m : matcher_.find_all(words)) out.push_back({concepts_[static_cast<size_t>(m.value)].id, m.start, m.length});
  return out;
}

std::vector<std::string> ConceptIndex::find_overlapping_in(const std::vector<std::string>& words, size_t start,
                                                          size_t length) const {
  std::vector<PhraseMatcher::Match> matches;
  matcher_.find_overlapping(words, matches);
  std::vector<std::string> ids;
  for (const auto& m : matches) {
    const bool overlaps = m.start < start + length && m.start + m.length > start;
    const bool is_the_span = m.start == start && m.length == length;
    const std::string& id = concepts_[static_cast<size_t>(m.value)].id;
    if (overlaps && !is_the_span && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

const Concept* ConceptIndex::get(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &concepts_[it->second];
}

bool ConceptIndex::is_aspect(const std::string& id) const {
  const Concept* c = get(id);
  return c && c->kind == ConceptKind::Aspect;
}

}  // namespace magchat
