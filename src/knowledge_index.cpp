#include "knowledge_index.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "text.h"
#include "word_set.h"

namespace magchat {

namespace {
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(line);
  return out;
}
}  // namespace

std::vector<std::string> content_stems(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const auto& w : words) {
    // Numbers ("45", "0.68") say which value is asked about, not which entry answers it.
    const bool numeric = w.find_first_not_of("0123456789.,%/") == std::string::npos;
    if (!is_stopword(w) && !numeric) out.push_back(light_stem(w));
  }
  return out;
}

std::vector<std::string> phrasing_keys(const std::vector<std::string>& words, const ConceptIndex& concepts) {
  std::vector<std::string> keys;
  std::vector<bool> named(words.size(), false);
  for (const auto& found : concepts.find_with_positions(words)) {
    if (found.id == "magnesium" || found.id == "definition") continue;
    keys.push_back(found.id);
    for (size_t i = 0; i < found.length; ++i) named[found.start + i] = true;
  }
  // Words keep their own stems too: the concept bridges synonyms, the stem keeps what is specific ("mineral
  // water" is about foods, but about water in particular).
  (void)named;
  for (auto& stem : content_stems(words)) keys.push_back(stem);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

void KeySet::seal() {
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  keys_.shrink_to_fit();
  for (KeyId k : keys_) {
    const uint32_t bit = signature_bit(k);
    signature_[bit >> 6] |= uint64_t{1} << (bit & 63);
  }
}

bool KeySet::contains_sorted(KeyId k) const {
  // Branch-free bisection: ranking calls this a thousand times per question with unpredictable outcomes, and
  // a conditional move per step costs less than the mispredicted branches of std::binary_search or std::find.
  const KeyId* base = keys_.data();
  size_t n = keys_.size();
  if (n == 0) return false;
  while (n > 1) {
    const size_t half = n / 2;
    base = base[half] <= k ? base + half : base;
    n -= half;
  }
  return *base == k;
}

KeyId KnowledgeIndex::intern(const std::string& key) {
  auto [it, added] = key_ids_.emplace(key, static_cast<KeyId>(key_names_.size()));
  if (added) {
    key_names_.push_back(key);
    stem_df_.push_back(0);
  }
  return it->second;
}

KeyId KnowledgeIndex::key_id(const std::string& key) const {
  auto it = key_ids_.find(key);
  return it == key_ids_.end() ? kNoKey : it->second;
}

std::shared_ptr<const KnowledgeIndex> KnowledgeIndex::build(
    std::vector<PassageRow> rows, std::shared_ptr<const ConceptIndex> concepts,
    std::shared_ptr<const LanguageRules> rules, std::shared_ptr<const Dictionary> dictionary) {
  auto k = std::make_shared<KnowledgeIndex>();
  k->concepts_ = std::move(concepts);
  k->rules_ = std::move(rules);
  k->dictionary_ = std::move(dictionary);
  std::unordered_set<std::string> entry_ids;
  std::vector<std::vector<std::vector<std::string>>> phrasing_keys_of(rows.size());
  k->passages_.reserve(rows.size());
  for (auto& row : rows) {
    PassageInfo p;
    entry_ids.insert(row.entry_id);
    std::string header_text = row.kind == EntryKind::Faq ? row.entry_title + " \n " + row.alternates : row.heading;
    auto header_words = words_of(header_text);
    auto body_words = words_of(row.body + " " + (row.kind == EntryKind::Article ? row.entry_title : ""));
    for (auto& s : content_stems(header_words)) p.header_stems.insert(k->intern(s));
    std::vector<std::string> phrasing_texts{row.kind == EntryKind::Faq ? row.entry_title : row.heading};
    if (row.kind == EntryKind::Faq)
      for (auto& alt : split_lines(row.alternates)) phrasing_texts.push_back(alt);
    for (const auto& text : phrasing_texts)
      if (row.kind == EntryKind::Faq) k->by_phrasing_.emplace(normalize_text(text), k->passages_.size());
    for (const auto& text : phrasing_texts) {
      // Filler words are left out on both sides: a question's ("how is X related to Y?") and the entry's own.
      std::vector<std::string> words;
      for (auto& w : words_of(text))
        if (!k->rules_->is_filler_word(w)) words.push_back(spelled_out(std::move(w)));
      auto keys = phrasing_keys(words, *k->concepts_);
      const auto index = static_cast<uint32_t>(k->passages_.size());
      if (row.kind == EntryKind::Faq && only_asks_about_magnesium(words) &&
          (k->about_magnesium_itself_.empty() || k->about_magnesium_itself_.back() != index))
        k->about_magnesium_itself_.push_back(index);
      if (!keys.empty()) phrasing_keys_of[k->passages_.size()].push_back(std::move(keys));
    }
    p.header_stems.seal();
    p.all_stems = p.header_stems;
    for (auto& s : content_stems(body_words)) p.all_stems.insert(k->intern(s));
    for (auto& s : content_stems(words_of(row.tags))) p.all_stems.insert(k->intern(s));
    p.all_stems.seal();
    // What the curator declares the passage is about: an FAQ's tags, a section's heading.
    const auto header_concepts = k->concepts_->find(header_words);
    const auto declared = row.kind == EntryKind::Faq ? split_words(row.tags) : header_concepts;
    for (const auto& c : header_concepts) p.header_concepts.insert(k->intern(c));
    for (const auto& c : declared) {
      p.header_concepts.insert(k->intern(c));
      p.declared_concepts.insert(k->intern(c));
    }
    p.declared_concepts.seal();
    for (auto& c : k->concepts_->find(body_words)) p.body_concepts.insert(k->intern(c));
    if (row.kind == EntryKind::Article)
      for (auto& t : split_words(row.tags)) p.body_concepts.insert(k->intern(t));
    p.header_concepts.seal();
    p.body_concepts.seal();
    for (KeyId s : p.all_stems.keys()) ++k->stem_df_[s];
    for (const auto& w : header_words) k->speller_.add_word(w, 3, true);
    for (const auto& w : body_words) k->speller_.add_word(w, 1);
    p.row = std::move(row);
    k->by_rowid_[p.row.rowid] = k->passages_.size();
    k->by_entry_.emplace(p.row.entry_id, k->passages_.size());
    k->passages_.push_back(std::move(p));
  }
  // Food names: phrases of one or two words, none of them a stop word, magnesium itself or a word about food in
  // general or what it does ("foods fix", "food label", "good sources").
  static const WordSet kNotAFood = {"magnesium", "food", "foods",  "eat",    "eating", "fix",
                                    "treat",     "cure", "label",  "labels", "facts",  "nutrition",
                                    "source",    "sources", "best", "good",  "rich",   "high"};
  if (const Concept* foods = k->concepts_->get("foods"))
    for (const auto& phrase : foods->phrases) {
      const auto words = words_of(phrase);
      if (words.empty() || words.size() > 2 || std::any_of(words.begin(), words.end(), [](const std::string& w) {
            return is_stopword(w) || kNotAFood.count(w) > 0;
          }))
        continue;
      for (const auto& w : words) k->food_name_stems_.insert(light_stem(w));
    }
  // Each concept's weight, once every document frequency is known: key_weight() is asked for every key of every
  // question.
  for (const auto& c : k->concepts_->all()) k->concept_weights_[c.id] = k->idf(light_stem(normalize_text(c.id)));
  // Phrasing keys with their weights (which need every passage's document frequencies), computed once.
  std::unordered_map<std::string, double> weights;
  for (size_t i = 0; i < k->passages_.size(); ++i)
    for (const auto& keys : phrasing_keys_of[i]) {
      Phrasing phrasing;
      for (const auto& key : keys) {
        auto w = weights.find(key);
        if (w == weights.end()) w = weights.emplace(key, k->key_weight(key)).first;
        phrasing.keys.emplace_back(k->intern(key), w->second);
        phrasing.weight += w->second;
        phrasing.signature |= uint64_t{1} << (KeySet::signature_bit(phrasing.keys.back().first) & 63);
      }
      k->passages_[i].phrasings.push_back(std::move(phrasing));
    }
  // Postings for the in-memory candidate search.
  k->postings_.resize(k->key_names_.size());
  for (size_t i = 0; i < k->passages_.size(); ++i) {
    const PassageInfo& p = k->passages_[i];
    std::unordered_map<KeyId, float> keys;
    for (KeyId s : p.all_stems.keys()) keys[s] = 1.0f;
    for (KeyId c : p.body_concepts.keys()) keys[c] = 1.0f;
    for (KeyId s : p.header_stems.keys()) keys[s] = 3.0f;
    for (KeyId c : p.header_concepts.keys()) keys[c] = 3.0f;
    for (const auto& [key, weight] : keys) k->postings_[key].push_back({static_cast<uint32_t>(i), weight});
  }
  for (const auto& c : k->concepts_->all())
    for (const auto& phrase : c.phrases)
      for (const auto& w : words_of(phrase)) k->speller_.add_word(w, 2, true);
  for (const auto& w : k->rules_->vocabulary()) k->speller_.add_word(w, 1);
  k->entry_count_ = entry_ids.size();
  return k;
}

const PassageInfo* KnowledgeIndex::by_rowid(long long rowid) const {
  auto it = by_rowid_.find(rowid);
  return it == by_rowid_.end() ? nullptr : &passages_[it->second];
}

const PassageInfo* KnowledgeIndex::first_passage_of(const std::string& entry_id) const {
  auto it = by_entry_.find(entry_id);
  return it == by_entry_.end() ? nullptr : &passages_[it->second];
}

const PassageInfo* KnowledgeIndex::exact_phrasing(const std::string& normalized) const {
  auto it = by_phrasing_.find(normalized);
  return it == by_phrasing_.end() ? nullptr : &passages_[it->second];
}

double KnowledgeIndex::key_weight(const std::string& key) const {
  // A concept weighs what its id weighs as a word (ids are the tags, so they are counted like words).
  const auto concept_weight = concept_weights_.find(key);
  return concept_weight != concept_weights_.end() ? concept_weight->second : idf(key);
}

const std::vector<KnowledgeIndex::Posting>& KnowledgeIndex::postings(const std::string& key) const {
  static const std::vector<Posting> kNone;
  const KeyId id = key_id(key);
  return id == kNoKey ? kNone : postings_[id];
}

double KnowledgeIndex::idf(const std::string& stem) const { return idf(key_id(stem)); }

double KnowledgeIndex::idf(KeyId stem) const {
  double n = static_cast<double>(passages_.size());
  const int found = stem == kNoKey ? 0 : stem_df_[stem];
  // A word the knowledge base never uses is weighted like a rare word, not infinitely: people paraphrase with
  // ordinary words ("bother", "hospitals") that should not sink an otherwise good match.
  double df = found == 0 ? 1.5 : found;
  return std::log((n + 1.0) / (df + 0.5));
}

}  // namespace magchat
