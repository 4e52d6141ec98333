// An immutable, in-memory view of the published knowledge base used to analyse questions and rank passages:
// concepts, language rules, spelling vocabulary, and per-passage word and concept sets.
// Contract: built once per knowledge-base version and shared read-only between threads (shared_ptr);
// a curation write builds a new one and swaps it in.
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "concepts.h"
#include "dictionary.h"
#include "kb_store.h"
#include "language_rules.h"
#include "spelling.h"
#include "word_set.h"

namespace magchat {

// Stems and concept ids are interned into one key space when the index is built, so that ranking compares
// small integers instead of hashing strings. A key the knowledge base never uses has no id (kNoKey).
using KeyId = uint32_t;
constexpr KeyId kNoKey = 0xFFFFFFFFu;

// A sorted, duplicate-free set of keys: small, contiguous, searched by bisection.
class KeySet {
 public:
  void insert(KeyId k) { keys_.push_back(k); }
  void seal();  // sorts and deduplicates after the inserts
  bool contains(KeyId k) const {
    // Most look-ups while ranking are misses; the signature rejects nearly all of them without the bisection.
    const uint32_t bit = signature_bit(k);
    return (signature_[bit >> 6] >> (bit & 63) & 1) != 0 && contains_sorted(k);
  }
  const std::vector<KeyId>& keys() const { return keys_; }

  // Which of 256 signature bits a key sets (a multiplicative hash: interned ids are consecutive numbers).
  static uint32_t signature_bit(KeyId k) { return (k * 0x9E3779B1u) >> 24; }

 private:
  bool contains_sorted(KeyId k) const;
  std::vector<KeyId> keys_;
  uint64_t signature_[4] = {0, 0, 0, 0};  // bit signature_bit(k) set for every key k in the set
};

// One way an entry phrases its question: the phrasing keys (see phrasing_keys()) with their weights, and the
// sum of those weights, computed once at build time.
struct Phrasing {
  std::vector<std::pair<KeyId, double>> keys;
  double weight = 0;
  uint64_t signature = 0;  // bit (KeySet::signature_bit(key) & 63) of each key: no shared bit, no shared key
};

struct BodyParts;  // composer.h: what composing needs of a passage body

struct PassageInfo {
  PassageRow row;
  // Worked out on first use by the composer (parts_of() in composer.h) and then shared: read and written
  // only with std::atomic_load / std::atomic_store, since the index itself is shared between threads.
  mutable std::shared_ptr<const BodyParts> body_parts;
  KeySet header_stems;              // question + alternates (FAQ) or heading (section)
  std::vector<Phrasing> phrasings;  // each question / the heading
  KeySet all_stems;                 // everything searchable
  KeySet header_concepts;           // tags + concepts named in the header
  KeySet declared_concepts;         // what the curator says the passage is about: an FAQ's tags, a section's heading
  KeySet body_concepts;             // concepts named in the body
};

class KnowledgeIndex {
 public:
  // `dictionary` lists correctly spelled English words that must never be "corrected" (may be empty).
  static std::shared_ptr<const KnowledgeIndex> build(std::vector<PassageRow> passages,
                                                     std::shared_ptr<const ConceptIndex> concepts,
                                                     std::shared_ptr<const LanguageRules> rules,
                                                     std::shared_ptr<const Dictionary> dictionary);

  const ConceptIndex& concepts() const { return *concepts_; }
  const LanguageRules& rules() const { return *rules_; }
  const SpellingCorrector& speller() const { return speller_; }
  bool is_dictionary_word(const std::string& w) const { return dictionary_ && dictionary_->contains(w); }
  bool has_dictionary() const { return dictionary_ && !dictionary_->empty(); }
  const std::vector<PassageInfo>& passages() const { return passages_; }
  const PassageInfo* by_rowid(long long rowid) const;
  // Passages containing a key (a stem or a concept id), each with 3 when it is in the passage's header
  // (question, alternates, heading, tags) and 1 when only in its body. Empty when the key is unknown.
  struct Posting {
    uint32_t passage;  // index into passages()
    float weight;
  };
  const std::vector<Posting>& postings(const std::string& key) const;
  // The first passage of an entry (an FAQ's only passage), or nullptr when the entry is not published.
  const PassageInfo* first_passage_of(const std::string& entry_id) const;
  // The FAQ passage whose question or an alternate is exactly this normalized text, or nullptr.
  const PassageInfo* exact_phrasing(const std::string& normalized) const;
  // FAQ passages with a phrasing that asks about magnesium itself ("magnesium", "tell me about magnesium"; see
  // only_asks_about_magnesium): the answers to such a question, however worded. Sorted.
  const std::vector<uint32_t>& about_magnesium_itself() const { return about_magnesium_itself_; }
  // The interned id of a stem or concept id, or kNoKey when no passage uses it.
  KeyId key_id(const std::string& key) const;
  size_t key_count() const { return key_names_.size(); }  // ids are 0 .. key_count() - 1
  // Inverse document frequency of a stem over passages; unknown stems get the highest value.
  double idf(const std::string& stem) const;
  double idf(KeyId stem) const;  // the same for an interned stem (kNoKey: unknown)
  // How many passages use the stem (kNoKey: none).
  int passages_using(KeyId stem) const { return stem == kNoKey ? 0 : stem_df_[stem]; }
  // True for the stem of a word that names a food in kb/synonyms.yaml's `foods` phrases ("raisins", "peanut
  // butter", "halibut"), as opposed to phrases about food in general ("packed with", "high in magnesium").
  bool is_food_name(const std::string& stem) const { return food_name_stems_.count(stem) > 0; }
  // The weight of a phrasing key: a concept id or a stem.
  double key_weight(const std::string& key) const;
  size_t entry_count() const { return entry_count_; }

 private:
  std::shared_ptr<const ConceptIndex> concepts_;
  std::shared_ptr<const LanguageRules> rules_;
  std::shared_ptr<const Dictionary> dictionary_;
  SpellingCorrector speller_;
  std::vector<PassageInfo> passages_;
  std::unordered_map<long long, size_t> by_rowid_;
  std::unordered_map<std::string, size_t> by_phrasing_;
  std::unordered_map<std::string, size_t> by_entry_;  // entry id -> its first passage
  std::vector<uint32_t> about_magnesium_itself_;
  std::vector<std::vector<Posting>> postings_;  // by KeyId
  std::unordered_map<std::string, KeyId, WordHash> key_ids_;
  std::vector<std::string> key_names_;  // by KeyId
  std::vector<int> stem_df_;            // by KeyId: passages whose searchable stems include the key
  std::unordered_map<std::string, double, WordHash> concept_weights_;  // by concept id: what key_weight() gives it
  std::unordered_set<std::string, WordHash> food_name_stems_;          // is_food_name()
  KeyId intern(const std::string& key);
  size_t entry_count_ = 0;
};

// What a phrasing says, for comparing phrasings: the concepts it names (ids; "drain" and "lower" both give
// "causes") and the stems of its content words. Sorted, unique.
std::vector<std::string> phrasing_keys(const std::vector<std::string>& words, const ConceptIndex& concepts);

// Content stems of normalized words: stopwords dropped, light_stem applied.
std::vector<std::string> content_stems(const std::vector<std::string>& words);

}  // namespace magchat
