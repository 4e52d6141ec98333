#include "searcher.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <set>

#include "fts_query.h"
#include "text.h"
#include "word_set.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

namespace {

constexpr size_t kPhrasesPerConcept = 8;

// Aspects that actually say what is asked: "what is" only counts when nothing more specific is there.
std::vector<std::string> effective_aspects(const Analysis& q) {
  std::vector<std::string> out;
  for (const auto& a : q.aspects)
    if (a != "definition"sv) out.push_back(a);
  if (out.empty() && std::find(q.aspects.begin(), q.aspects.end(), "definition") != q.aspects.end())
    out.push_back("definition");
  return out;
}

std::vector<std::string> specific_topics(const Analysis& q) {
  std::vector<std::string> out;
  for (const auto& t : q.topics)
    if (t != "magnesium"sv) out.push_back(t);
  return out;
}

// The question in interned keys, computed once and compared against every candidate.
struct QuestionKeys {
  struct Term {
    KeyId stem;
    KeyId concept_id;  // kNoKey when the word named no concept (or a concept no passage uses)
    bool named;        // the word named a concept, known to the index or not
    double idf;
  };
  std::vector<Term> terms;       // each distinct stem once
  double total_idf = 0;
  std::vector<KeyId> phrasing;   // the question's phrasing keys known to the index
  double phrasing_weight = 0;    // weight of all its phrasing keys, known or not
  std::vector<KeyId> topics;     // specific topics (kNoKey: no passage is about it)
  std::vector<KeyId> groups;     // groups of people named beside another topic (then not in `topics`)
  std::vector<KeyId> aspects;
  // Low and high magnesium are opposite conditions: when the question asks about exactly one of them, the
  // asked one and its opposite (kNoKey otherwise, or when no passage names them).
  KeyId asked_condition = kNoKey, opposite_condition = kNoKey;
  // Groups of people the question does not name: an entry declared for one of them ("in pregnancy") answers a
  // narrower question than the one asked.
  std::vector<KeyId> unasked_groups;
  bool names_a_group = false;  // the question names a group of people other than adults
  bool asks_amount = false;     // the question asks how much (intake) or the most (upper limit)
  KeyId foods = kNoKey;  // the foods aspect, when the question asks which foods (no amount) for a group of people
  KeyId intake = kNoKey;
  std::vector<KeyId> related_minerals;  // calcium, potassium, zinc, vitamin D named by the question itself
  KeyId interacting_medicine = kNoKey;  // the one medicine a question about interactions names itself
  KeyId comparison = kNoKey;  // the comparison aspect, and whether the question asks for one
  bool asks_comparison = false;
  // A follow-up that asks something new about the condition being discussed (below, in question_keys_of).
  bool new_aspect_of_condition = false;
};

QuestionKeys question_keys_of(const Analysis& q, const KnowledgeIndex& kb) {
  QuestionKeys out;
  // A follow-up that asks something new about the conversation's condition ("what should I eat?" after a question
  // about cramps and low magnesium, "what are the signs?" after "I drink a lot" and "could that affect my
  // magnesium?") says what it wants by its aspect and the condition: the aspect weighs what a topic weighs
  // otherwise (search_passages). The other topics it carries over (cramps, alcohol) may only have led to the
  // condition: then they are not words or topics an answer must have, so the entry on the aspect of the
  // condition is not outranked by one that merely mentions alcohol. (Without a condition carried over, the
  // carried topic is what says which entry answers.)
  const auto asked = effective_aspects(q);
  const bool carries_one_condition = std::count_if(q.topics.begin(), q.topics.end(), is_condition) == 1;
  out.new_aspect_of_condition =
      !q.inherited.empty() && carries_one_condition && !asked.empty() &&
      std::all_of(q.topics.begin(), q.topics.end(), [&](const std::string& t) { return t == "magnesium"sv || contains(q.inherited, t); }) &&
      std::none_of(q.aspects.begin(), q.aspects.end(), [&](const std::string& asp) { return contains(q.inherited, asp); });
  // Only where the answer is the same whatever led to the condition: its signs, dangers, tests, foods. Why it
  // happens and what to do depend on the subject ("why?" after "can low magnesium cause low potassium?"; "what
  // should I do?" after omeprazole, which the PPI entry answers).
  static const std::vector<std::string> kAboutTheConditionItself = {"symptoms", "danger", "foods", "prevention",
                                                                   "tests", "normal-range", "definition"};
  const bool subject_is_context =
      out.new_aspect_of_condition && std::all_of(asked.begin(), asked.end(), [](const std::string& asp) {
        return contains(kAboutTheConditionItself, asp);
      });
  // So is what to eat, or what magnesium does, whatever led to it: "I'm three weeks sober... what should I be
  // eating?", "I'm a personal trainer... what roles does it play in the body?" are answered by the entries on foods
  // and on magnesium's role.
  const bool asks_only_foods_of_carried =
      !q.inherited.empty() && asked.size() == 1 && (asked[0] == "foods"sv || asked[0] == "role"sv) &&
      !contains(q.inherited, asked[0]) &&
      std::all_of(q.topics.begin(), q.topics.end(),
                  [&](const std::string& t) { return t == "magnesium"sv || contains(q.inherited, t); });
  auto carried_subject = [&](const std::string& concept_id) {
    return (subject_is_context || asks_only_foods_of_carried) && !concept_id.empty() && concept_id != "magnesium"sv &&
           !is_condition(concept_id) && contains(q.inherited, concept_id);
  };
  std::vector<std::string> specific;
  for (const auto& t : specific_topics(q))
    if (!carried_subject(t)) specific.push_back(t);
  // A group of people qualifies what is asked of it: another topic ("symptoms of low magnesium in children"), or
  // an aspect ("signs my kid is low", "why do children need magnesium?") is what the question is about. But how
  // much a group needs, what affects it and whether it is at risk are answered by the group's own entries.
  const bool asks_aspect_beside_group = std::any_of(asked.begin(), asked.end(), [](const std::string& a) {
    return a != "intake"sv && a != "upper-limit"sv && a != "causes"sv && a != "risk-groups"sv && a != "definition"sv;
  });
  // How much a group needs is asked of the group even beside another topic ("female triathlete, 34: what's my
  // RDA?"): the group's amounts answer, the topic is only why the person asks.
  const bool asks_amount_for_group =
      (contains(asked, "intake") || contains(asked, "upper-limit")) && !asks_aspect_beside_group &&
      std::any_of(specific.begin(), specific.end(), [](const std::string& t) { return is_group_of_people(t); });
  const bool has_subject =
      (std::any_of(specific.begin(), specific.end(), [](const std::string& t) { return !is_group_of_people(t); }) &&
       !asks_amount_for_group) ||
      asks_aspect_beside_group;
  // Each distinct stem once, with the concept it named (if any) and its weight. Words naming a group of people
  // beside another topic ("in women") are weighed as the group (below), not as words an answer must contain.
  std::map<std::string, std::string> terms;
  for (const auto& t : q.terms)
    if (!carried_subject(t.concept_id)) terms.emplace(t.stem, t.concept_id);
  for (const auto& [stem, concept_id] : terms) {
    if (has_subject && is_group_of_people(concept_id)) continue;
    const KeyId id = kb.key_id(stem);
    const double w = kb.idf(id);
    // A food named by its name ("raisins", "peanut butter") is a word to find, not only the foods aspect, which
    // every entry about food would cover: only passages that use the word itself cover it. ("Food", "eat" or
    // "diet", which many passages use, keep the aspect's credit.)
    const int using_it = kb.passages_using(id);
    const bool names_a_food = concept_id == "foods"sv && kb.is_food_name(stem) && using_it > 0 &&
                              static_cast<size_t>(using_it) * 20 <= kb.passages().size();
    out.terms.push_back(
        {id, concept_id.empty() ? kNoKey : kb.key_id(concept_id), !concept_id.empty() && !names_a_food, w});
    out.total_idf += w;
  }
  // The question's phrasing keys: the concept a word named, or its stem (compare phrasing_keys()).
  std::set<std::string> keys;
  for (const auto& t : q.terms) {
    if (!t.concept_id.empty() && t.concept_id != "magnesium"sv && t.concept_id != "definition"sv) keys.insert(t.concept_id);
    if (t.concept_id.empty() || light_stem(normalize_text(t.concept_id)) != t.stem) keys.insert(t.stem);
  }
  for (const auto& key : keys) {
    out.phrasing_weight += kb.key_weight(key);
    if (KeyId id = kb.key_id(key); id != kNoKey) out.phrasing.push_back(id);
  }
  bool asks_low = false, asks_high = false;
  // A group of people qualifies what is asked ("symptoms of low magnesium in children"): when the question has
  // another topic, the group is weighed on its own (below), so that without an entry for that group the
  // general entry on the topic still answers.
  for (const auto& t : specific) {
    (has_subject && is_group_of_people(t) ? out.groups : out.topics).push_back(kb.key_id(t));
    asks_low = asks_low || t == "hypomagnesemia"sv;
    asks_high = asks_high || t == "hypermagnesemia"sv;
  }
  if (asks_low != asks_high) {
    out.asked_condition = kb.key_id(asks_low ? "hypomagnesemia" : "hypermagnesemia");
    out.opposite_condition = kb.key_id(asks_low ? "hypermagnesemia" : "hypomagnesemia");
  }
  for (const auto& a : effective_aspects(q)) out.aspects.push_back(kb.key_id(a));
  out.comparison = kb.key_id("comparison");
  out.asks_comparison = std::find(q.aspects.begin(), q.aspects.end(), "comparison") != q.aspects.end();
  // (A statement such as "I take Prevacid daily" names "daily" without asking how much, and an amount carried
  // over from "I'm on Nexium 40mg" is not asked again by "how long before it affects my magnesium?".)
  auto asks_own = [&](const char* aspect) { return contains(asked, aspect) && !contains(q.inherited, aspect); };
  out.asks_amount = (asks_own("intake") || asks_own("upper-limit")) && !q.asks_in_no_words;
  // (Not beside "electrolytes": "is magnesium an electrolyte like potassium?" names potassium as an example.)
  for (const auto& mineral : q.topics)
    if (is_related_mineral(mineral) && !contains(q.inherited, mineral) && !contains(q.topics, "electrolytes"))
      if (KeyId id = kb.key_id(mineral); id != kNoKey) out.related_minerals.push_back(id);
  // "Taking cipro. I take magnesium citrate at night, is that a problem?": how magnesium and one named medicine
  // interact is answered by the entry on that medicine.
  if (asks_own("interactions")) {
    std::vector<std::string> medicines;
    for (const auto& t : q.topics)
      if (is_medicine(t) && t != "medicines"sv && !contains(q.inherited, t)) medicines.push_back(t);
    if (medicines.size() == 1) out.interacting_medicine = kb.key_id(medicines[0]);
  }
  // (Adults are who a general entry is written for, so naming no group is not a reason to rank them lower. But
  // naming adults, "a woman in her 40s", is naming a group: entries for pregnancy are further from it.)
  for (const auto& group : groups_of_people()) {
    if (group == "adults"sv) {
      if (contains(q.topics, group) && !contains(q.inherited, group)) out.names_a_group = true;
      continue;
    }
    if (std::find(q.topics.begin(), q.topics.end(), group) == q.topics.end()) {
      if (KeyId id = kb.key_id(group); id != kNoKey) out.unasked_groups.push_back(id);
    } else {
      out.names_a_group = true;
    }
  }
  if (out.names_a_group && asks_own("foods") && !out.asks_amount) out.foods = kb.key_id("foods");
  // An amount asked of a food named by its name ("how much magnesium in pumpkin seeds, my kids eat them by the
  // handful", "does yogurt have much magnesium? its my kids fave snack") is the amount in that food: the group
  // named is only who eats it. (Not "how much magnesium should a breastfeeding mom get, i eat lots of spinach",
  // which asks the group's need.)
  const auto amount_in_named_food = [&] {
    const auto& w = q.words;
    static const WordSet kHas = {"have", "has", "contain", "contains", "got"};
    for (size_t i = 0; i < w.size(); ++i) {
      if (!kb.is_food_name(light_stem(w[i]))) continue;
      for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k)
        if (w[k] == "in"sv) return true;
      for (size_t k = i + 1; k < w.size() && k <= i + 2; ++k)
        if (kHas.count(w[k])) return true;
    }
    return false;
  };
  if (out.asks_amount && !out.groups.empty() && amount_in_named_food()) out.groups.clear();
  out.intake = kb.key_id("intake");
  return out;
}

bool in(const KeySet& set, KeyId key) { return key != kNoKey && set.contains(key); }

// An entry about the opposite condition of the one asked about is the wrong answer.
double conflict_of(const QuestionKeys& q, const PassageInfo& p) {
  return in(p.header_concepts, q.opposite_condition) && !in(p.header_concepts, q.asked_condition) ? 1 : 0;
}

}  // namespace

std::string build_match_expression(const Analysis& q, const KnowledgeIndex& kb) {
  std::vector<std::string> terms;
  for (const auto& w : q.words)
    if (!is_stopword(w)) terms.push_back(w);
  for (const auto& id : q.topics) {
    if (id == "magnesium"sv) continue;
    const Concept* c = kb.concepts().get(id);
    if (!c) continue;
    terms.push_back(id);
    for (size_t i = 0; i < c->phrases.size() && i < kPhrasesPerConcept; ++i) terms.push_back(c->phrases[i]);
  }
  for (const auto& id : q.aspects) {
    terms.push_back(id);
    if (const Concept* c = kb.concepts().get(id))
      for (size_t i = 0; i < c->phrases.size() && i < kPhrasesPerConcept; ++i) terms.push_back(c->phrases[i]);
  }
  if (terms.empty() && q.names_magnesium) terms.push_back("magnesium");  // "what is magnesium?"
  // Replace '-' so that concept ids like "vitamin-d" become the phrase "vitamin d", never an operator.
  for (auto& t : terms) std::replace(t.begin(), t.end(), '-', ' ');
  return fts5_any_of(terms);
}

namespace {

// The first pass without SQL: every passage sharing a word or concept with the question gets the summed
// weight of what it shares (header matches count three times), and the best `limit` go on to re-ranking.
std::vector<std::pair<const PassageInfo*, std::pair<double, std::string>>> postings_candidates(
    const Analysis& q, const KnowledgeIndex& kb, size_t limit) {
  std::set<std::string> keys;
  for (const auto& t : q.terms) {
    keys.insert(t.stem);
    if (!t.concept_id.empty() && t.concept_id != "definition"sv) keys.insert(t.concept_id);
  }
  for (const auto& id : q.topics) keys.insert(id);
  for (const auto& id : q.aspects) keys.insert(id);
  keys.erase("magnesium");  // names every passage
  if (keys.empty() && q.names_magnesium) keys.insert("magnesium");
  // Scores accumulate in a per-thread array indexed by passage (no hashing); only touched slots are reset.
  thread_local std::vector<double> score;
  thread_local std::vector<uint32_t> touched;
  if (score.size() < kb.passages().size()) score.assign(kb.passages().size(), 0.0);
  touched.clear();
  for (const auto& key : keys) {
    const double w = kb.key_weight(key);
    for (const auto& posting : kb.postings(key)) {
      if (score[posting.passage] == 0.0) touched.push_back(posting.passage);
      score[posting.passage] += w * posting.weight;
    }
  }
  std::vector<std::pair<double, uint32_t>> ranked;
  ranked.reserve(touched.size());
  for (uint32_t passage : touched) {
    ranked.emplace_back(score[passage], passage);
    score[passage] = 0.0;
  }
  // Best first; ties go to the earlier passage, so the order is total and the same on every run. When n is most
  // of the list (a small knowledge base), selecting the best n and sorting only those is cheaper than a heap;
  // when the list is long (thousands of passages share a word), partial_sort's heap rejects most of it at once.
  const size_t n = std::min(limit, ranked.size());
  const auto better = [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); };
  if (n * 4 >= ranked.size()) {
    if (n < ranked.size()) std::nth_element(ranked.begin(), ranked.begin() + static_cast<long>(n), ranked.end(), better);
    std::sort(ranked.begin(), ranked.begin() + static_cast<long>(n), better);
  } else {
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<long>(n), ranked.end(), better);
  }
  std::vector<std::pair<const PassageInfo*, std::pair<double, std::string>>> out;
  for (size_t i = 0; i < n; ++i) out.push_back({&kb.passages()[ranked[i].second], {-ranked[i].first, ""}});
  return out;
}

}  // namespace

std::vector<Hit> search_passages(const Analysis& q, const KnowledgeIndex& kb, Database& db, const SearchOptions& opt) {
  std::vector<Hit> hits;
  const std::string expr = opt.use_fts ? build_match_expression(q, kb) : std::string();
  Statement* stmt = !opt.use_fts ? nullptr : &db.prepare(
      opt.snippets
          ? "SELECT rowid, bm25(passage_fts, 10.0, 4.0, 3.0, 1.0), "
            "snippet(passage_fts, 3, '**', '**', '...', 24) FROM passage_fts WHERE passage_fts MATCH ? "
            "ORDER BY bm25(passage_fts, 10.0, 4.0, 3.0, 1.0) LIMIT ?"
          : "SELECT rowid, bm25(passage_fts, 10.0, 4.0, 3.0, 1.0), '' FROM passage_fts WHERE passage_fts MATCH ? "
            "ORDER BY bm25(passage_fts, 10.0, 4.0, 3.0, 1.0) LIMIT ?");

  const QuestionKeys qk = question_keys_of(q, kb);
  // The question's phrasing keys as flags by key id, for constant-time tests in the loop over candidates
  // (per thread, cleared again before returning).
  thread_local std::vector<uint8_t> in_question;
  if (in_question.size() < kb.key_count()) in_question.assign(kb.key_count(), 0);
  uint64_t question_signature = 0;  // compare Phrasing::signature
  for (KeyId k : qk.phrasing) {
    in_question[k] = 1;
    question_signature |= uint64_t{1} << (KeySet::signature_bit(k) & 63);
  }
  struct Clear {
    std::vector<uint8_t>& flags;
    const std::vector<KeyId>& keys;
    ~Clear() {
      for (KeyId k : keys) flags[k] = 0;
    }
  } clear{in_question, qk.phrasing};

  // A question asked exactly as an entry phrases it is that entry, whatever the words' weights say.
  const PassageInfo* exact = kb.exact_phrasing(join(q.words, " "));
  std::vector<std::pair<const PassageInfo*, std::pair<double, std::string>>> candidates;
  bool exact_seen = false;
  if (opt.use_fts) {
    if (!expr.empty()) stmt->bind(1, expr).bind(2, opt.candidates);
    while (!expr.empty() && stmt->step()) {
      const PassageInfo* p = kb.by_rowid(stmt->integer(0));
      if (p) candidates.push_back({p, {stmt->real(1), stmt->text(2)}});
    }
  } else {
    candidates = postings_candidates(q, kb, static_cast<size_t>(opt.candidates));
  }
  for (const auto& c : candidates) exact_seen = exact_seen || c.first == exact;
  if (exact && !exact_seen) candidates.push_back({exact, {0.0, ""}});
  // A question about magnesium itself ("what can you tell me about magnesium?") has no words to find its entry
  // by; the entries phrased for that are candidates, and their phrasing is the question's.
  if (q.about_magnesium_itself)
    for (uint32_t i : kb.about_magnesium_itself()) {
      const PassageInfo* p = &kb.passages()[i];
      if (std::none_of(candidates.begin(), candidates.end(), [&](const auto& c) { return c.first == p; }))
        candidates.push_back({p, {0.0, ""}});
    }
  // There the aspect weighs what a topic weighs otherwise (see QuestionKeys::new_aspect_of_condition).
  const bool asks_new_aspect_of_condition = qk.new_aspect_of_condition;
  const double topic_weight = asks_new_aspect_of_condition ? 0.20 : 0.35;
  const double aspect_weight = asks_new_aspect_of_condition ? 0.35 : 0.20;
  for (const auto& [p, rank] : candidates) {
    Hit h;
    h.passage = p;
    h.bm25 = rank.first;
    h.snippet = rank.second;
    double header = 0, text = 0;
    for (const auto& t : qk.terms) {
      const bool header_concept = t.named && in(p->header_concepts, t.concept_id);
      if (in(p->header_stems, t.stem) || header_concept) header += t.idf;
      if (in(p->all_stems, t.stem) || header_concept || (t.named && in(p->body_concepts, t.concept_id))) text += t.idf;
    }
    h.header_coverage = qk.total_idf > 0 ? header / qk.total_idf : 0;
    h.text_coverage = qk.total_idf > 0 ? text / qk.total_idf : 0;
    // How closely one of the entry's own phrasings says the same as the question (Dice over idf weights):
    // extra words on either side lower it, so "early signs of X" is not as good a match as "signs of X".
    for (const auto& phrasing : p->phrasings) {
      if ((phrasing.signature & question_signature) == 0) continue;  // shares no key: similarity 0
      double shared = 0;
      for (const auto& [key, w] : phrasing.keys)
        if (in_question[key]) shared += w;
      if (qk.phrasing_weight + phrasing.weight > 0)
        h.phrasing_similarity = std::max(h.phrasing_similarity, 2 * shared / (qk.phrasing_weight + phrasing.weight));
    }
    if (!qk.topics.empty()) {
      double m = 0;
      for (KeyId t : qk.topics)
        m += in(p->declared_concepts, t) ? 1.0 : in(p->header_concepts, t) ? 0.75 : in(p->body_concepts, t) ? 0.5 : 0.0;
      h.topic_match = m / static_cast<double>(qk.topics.size());
    }
    // The aspect an entry declares (its tags) is what it answers; one its alternates merely mention ("which age
    // groups eat too little?" mentions food) counts for less, and one its body mentions for less again.
    for (KeyId a : qk.aspects)
      h.aspect_match = std::max(h.aspect_match, in(p->declared_concepts, a)   ? 1.0
                                                : in(p->header_concepts, a) ? 0.7
                                                : in(p->body_concepts, a)   ? 0.4
                                                                            : 0.0);
    h.conflict = conflict_of(qk, *p);
    double weight = 0.10 + 0.25 + 0.15,
           score = 0.10 * h.header_coverage + 0.25 * h.phrasing_similarity + 0.15 * h.text_coverage;
    // The topic says what the question is about: an entry on another topic is a wrong answer, while an entry
    // on the right topic that answers a neighbouring aspect is still partly right. Hence 0.35 against 0.20.
    if (!qk.topics.empty()) {
      weight += topic_weight;
      score += topic_weight * h.topic_match;
    }
    if (!qk.aspects.empty()) {
      weight += aspect_weight;
      score += aspect_weight * h.aspect_match;
    }
    if (!qk.groups.empty()) {
      double g = 0;
      for (KeyId t : qk.groups)
        g += in(p->declared_concepts, t) ? 1.0 : in(p->header_concepts, t) ? 0.75 : in(p->body_concepts, t) ? 0.5 : 0.0;
      weight += 0.10;
      score += 0.10 * g / static_cast<double>(qk.groups.size());
    }
    // A passage that leaves much of the question uncovered (words the knowledge base never uses, like
    // "migraine" or "dog") cannot be a confident answer, however well the rest matches.
    score = score / weight * (0.55 + 0.45 * h.text_coverage) - 0.5 * h.conflict;
    // An entry about none of the topics the question names answers a different question ("does alcohol affect
    // magnesium absorption?" is not answered by the levothyroxine entry, however well "absorption" matches).
    if (!qk.topics.empty() && h.topic_match == 0) score *= 0.75;
    // An amount asked ("what's my RDA? I'm a triathlete") is answered by an entry on amounts, not by one on the
    // topic beside it that gives none.
    if (qk.asks_amount && h.aspect_match == 0) score *= 0.85;
    // So are foods asked for a group of people ("vegetarian teen, best foods for magnesium?"): by an entry on foods,
    // not by the group's amounts, which only mention food.
    if (qk.foods != kNoKey && !in(p->declared_concepts, qk.foods) && in(p->declared_concepts, qk.intake)) score *= 0.85;
    // How magnesium interacts with the one medicine a question names ("Taking cipro... is that a problem?") is
    // answered by the entry on that medicine.
    if (qk.interacting_medicine != kNoKey && !in(p->declared_concepts, qk.interacting_medicine)) score *= 0.85;
    // A mineral named beside magnesium is what the question is about ("can low magnesium cause low calcium? how?"):
    // an entry written about it answers, not one that mentions it among other things.
    for (KeyId m : qk.related_minerals)
      if (!in(p->declared_concepts, m)) score *= 0.85;
    // An entry for a group of people the question does not name is less likely its answer, and unlikely when the
    // question names another group ("how much does a 15 year old need?" is not answered by the pregnancy amounts).
    for (KeyId g : qk.unasked_groups)
      if (in(p->declared_concepts, g)) score *= qk.names_a_group ? 0.85 : 0.92;
    // A comparison ("low vs high") answers a question that compares, not one about either side.
    if (!qk.asks_comparison && in(p->declared_concepts, qk.comparison)) score *= 0.9;
    // (Not when the question, or what was said before it, names a subject the entry is not about: "I'm on
    // hydrochlorothiazide. Anything about magnesium I should know?" asks about the water pill. A question asked
    // exactly as an entry phrases it is still that entry, below.)
    const bool names_other_subject = !qk.topics.empty() && h.topic_match == 0;
    if (q.about_magnesium_itself && !names_other_subject &&
        std::binary_search(kb.about_magnesium_itself().begin(), kb.about_magnesium_itself().end(),
                           static_cast<uint32_t>(p - kb.passages().data()))) {
      h.phrasing_similarity = 1.0;
      score = std::max(score, 0.95);
    }
    if (p == exact) {
      h.phrasing_similarity = 1.0;
      score = std::max(score, 0.95);
    }
    // Small preferences that decide near-ties: a curated FAQ answer over an article excerpt.
    if (p->row.kind == EntryKind::Faq) score += 0.02;
    h.score = std::clamp(score, 0.0, 1.0);
    h.rank_key = score;
    hits.push_back(std::move(h));
  }
  // FTS5's bm25, relative to the best candidate, breaks near-ties: it knows how strongly each column matched
  // (the question column weighs 10, alternates 4, tags 3, body 1).
  double best_bm25 = 0;
  for (const auto& h : hits) best_bm25 = std::min(best_bm25, h.bm25);
  for (auto& h : hits) {
    if (best_bm25 < 0) h.rank_key += 0.06 * (h.bm25 / best_bm25);
    h.score = std::clamp(h.rank_key, 0.0, 1.0);
  }
  // Best first, ties in candidate order (as a stable sort would leave them); only the first `limit` are kept,
  // so the order is worked out on (key, position) pairs and just those hits are moved.
  std::vector<std::pair<double, size_t>> order;
  order.reserve(hits.size());
  for (size_t i = 0; i < hits.size(); ++i) order.emplace_back(hits[i].rank_key, i);
  const size_t kept = std::min(hits.size(), static_cast<size_t>(std::max(opt.limit, 0)));
  std::partial_sort(order.begin(), order.begin() + static_cast<long>(kept), order.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
  std::vector<Hit> best;
  best.reserve(kept);
  for (size_t i = 0; i < kept; ++i) best.push_back(std::move(hits[order[i].second]));
  return best;
}

}  // namespace magchat
