#include "concepts.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>

#include "text.h"

namespace magchat {

void PhraseMatcher::add(const std::string& phrase, int value) {
  auto words = words_of(phrase);
  if (words.empty()) return;
  auto& bucket = by_first_word_[words.front()];
  bucket.push_back({words, value});
  std::stable_sort(bucket.begin(), bucket.end(),
                   [](const Phrase& a, const Phrase& b) { return a.words.size() > b.words.size(); });
}

std::vector<PhraseMatcher::Match> PhraseMatcher::find_all(const std::vector<std::string>& words) const {
  std::vector<Match> matches;
  size_t i = 0;
  while (i < words.size()) {
    size_t advance = 1;
    auto it = by_first_word_.find(words[i]);
    if (it != by_first_word_.end()) {
      for (const auto& p : it->second) {
        if (i + p.words.size() > words.size()) continue;
        if (std::equal(p.words.begin(), p.words.end(), words.begin() + static_cast<long>(i))) {
          matches.push_back({p.value, i, p.words.size()});
          advance = p.words.size();
          break;
        }
      }
    }
    i += advance;
  }
  return matches;
}

template <typename Visit>
bool PhraseMatcher::visit_occurrences(const std::vector<std::string>& words, Visit visit) const {
  for (size_t i = 0; i < words.size(); ++i) {
    auto it = by_first_word_.find(words[i]);
    if (it == by_first_word_.end()) continue;
    for (const auto& p : it->second)
      if (i + p.words.size() <= words.size() &&
          std::equal(p.words.begin(), p.words.end(), words.begin() + static_cast<long>(i)) && !visit(p.value))
        return true;
  }
  return false;
}

std::vector<PhraseMatcher::Match> PhraseMatcher::find_overlapping(const std::vector<std::string>& words) const {
  std::vector<Match> matches;
  for (size_t i = 0; i < words.size(); ++i) {
    auto it = by_first_word_.find(words[i]);
    if (it == by_first_word_.end()) continue;
    for (const auto& p : it->second)
      if (i + p.words.size() <= words.size() &&
          std::equal(p.words.begin(), p.words.end(), words.begin() + static_cast<long>(i)))
        matches.push_back({p.value, i, p.words.size()});
  }
  return matches;
}

bool PhraseMatcher::contains_any(const std::vector<std::string>& words) const {
  return visit_occurrences(words, [](int) { return false; });
}

void PhraseMatcher::mark_present(const std::vector<std::string>& words, std::vector<char>& present) const {
  visit_occurrences(words, [&](int value) {
    present[static_cast<size_t>(value)] = 1;
    return true;
  });
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
    if (kind == "topic")
      c.kind = ConceptKind::Topic;
    else if (kind == "aspect")
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

const Concept* ConceptIndex::get(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &concepts_[it->second];
}

bool ConceptIndex::is_aspect(const std::string& id) const {
  const Concept* c = get(id);
  return c && c->kind == ConceptKind::Aspect;
}

}  // namespace magchat
