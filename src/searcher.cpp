#include "searcher.h"

#include <algorithm>
#include <set>

#include "fts_query.h"
#include "text.h"

namespace magchat {

namespace {

constexpr size_t kPhrasesPerConcept = 8;

// Aspects that actually say what is asked: "what is" only counts when nothing more specific is there.
std::vector<std::string> effective_aspects(const Analysis& q) {
  std::vector<std::string> out;
  for (const auto& a : q.aspects)
    if (a != "definition") out.push_back(a);
  if (out.empty() && std::find(q.aspects.begin(), q.aspects.end(), "definition") != q.aspects.end())
    out.push_back("definition");
  return out;
}

std::vector<std::string> specific_topics(const Analysis& q) {
  std::vector<std::string> out;
  for (const auto& t : q.topics)
    if (t != "magnesium") out.push_back(t);
  return out;
}

bool has(const std::set<std::string>& s, const std::string& x) { return s.count(x) != 0; }

// Low and high magnesium are opposite conditions: an entry about one is the wrong answer for the other.
double conflict_of(const std::vector<std::string>& topics, const PassageInfo& p) {
  static const std::pair<const char*, const char*> kOpposites[] = {{"hypomagnesemia", "hypermagnesemia"},
                                                                   {"hypermagnesemia", "hypomagnesemia"}};
  double conflict = 0;
  for (const auto& [asked, opposite] : kOpposites) {
    if (std::find(topics.begin(), topics.end(), asked) == topics.end()) continue;
    if (std::find(topics.begin(), topics.end(), opposite) != topics.end()) continue;
    if (has(p.header_concepts, opposite) && !has(p.header_concepts, asked)) conflict = 1;
  }
  return conflict;
}

}  // namespace

std::string build_match_expression(const Analysis& q, const KnowledgeIndex& kb) {
  std::vector<std::string> terms;
  for (const auto& w : q.words)
    if (!is_stopword(w)) terms.push_back(w);
  for (const auto& id : q.topics) {
    if (id == "magnesium") continue;
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
  // Replace '-' so that concept ids like "vitamin-d" become the phrase "vitamin d", never an operator.
  for (auto& t : terms) std::replace(t.begin(), t.end(), '-', ' ');
  return fts5_any_of(terms);
}

std::vector<Hit> search_passages(const Analysis& q, const KnowledgeIndex& kb, Database& db, const SearchOptions& opt) {
  std::vector<Hit> hits;
  const std::string expr = build_match_expression(q, kb);
  if (expr.empty()) return hits;
  auto& stmt = db.prepare(
      opt.snippets
          ? "SELECT rowid, bm25(passage_fts, 10.0, 4.0, 3.0, 1.0), "
            "snippet(passage_fts, 3, '**', '**', '...', 24) FROM passage_fts WHERE passage_fts MATCH ? "
            "ORDER BY bm25(passage_fts, 10.0, 4.0, 3.0, 1.0) LIMIT ?"
          : "SELECT rowid, bm25(passage_fts, 10.0, 4.0, 3.0, 1.0), '' FROM passage_fts WHERE passage_fts MATCH ? "
            "ORDER BY bm25(passage_fts, 10.0, 4.0, 3.0, 1.0) LIMIT ?");
  stmt.bind(1, expr).bind(2, opt.candidates);

  const auto topics = specific_topics(q);
  const auto aspects = effective_aspects(q);
  std::set<std::string> unique_stems(q.stems.begin(), q.stems.end());
  double total_idf = 0;
  for (const auto& s : unique_stems) total_idf += kb.idf(s);

  int position = 0;
  while (stmt.step()) {
    const PassageInfo* p = kb.by_rowid(stmt.integer(0));
    ++position;
    if (!p) continue;
    Hit h;
    h.passage = p;
    h.bm25 = stmt.real(1);
    h.snippet = stmt.text(2);
    double header = 0, text = 0;
    for (const auto& s : unique_stems) {
      double w = kb.idf(s);
      if (p->header_stems.count(s)) header += w;
      if (p->all_stems.count(s)) text += w;
    }
    h.header_coverage = total_idf > 0 ? header / total_idf : 0;
    // How closely one of the entry's own phrasings says the same as the question (Dice over idf weights):
    // extra words on either side lower it, so "early signs of X" is not as good a match as "signs of X".
    for (const auto& phrasing : p->phrasings) {
      double shared = 0, own = 0;
      for (const auto& s : phrasing) {
        double w = kb.idf(s);
        own += w;
        if (unique_stems.count(s)) shared += w;
      }
      if (total_idf + own > 0) h.phrasing_similarity = std::max(h.phrasing_similarity, 2 * shared / (total_idf + own));
    }
    h.text_coverage = total_idf > 0 ? text / total_idf : 0;
    if (!topics.empty()) {
      double m = 0;
      for (const auto& t : topics) m += has(p->header_concepts, t) ? 1.0 : has(p->body_concepts, t) ? 0.5 : 0.0;
      h.topic_match = m / static_cast<double>(topics.size());
    }
    if (!aspects.empty()) {
      for (const auto& a : aspects)
        h.aspect_match = std::max(h.aspect_match, has(p->header_concepts, a) ? 1.0 : has(p->body_concepts, a) ? 0.4 : 0.0);
    }
    h.conflict = conflict_of(topics, *p);
    double weight = 0.15 + 0.20 + 0.15,
           score = 0.15 * h.header_coverage + 0.20 * h.phrasing_similarity + 0.15 * h.text_coverage;
    if (!topics.empty()) {
      weight += 0.25;
      score += 0.25 * h.topic_match;
    }
    if (!aspects.empty()) {
      weight += 0.25;
      score += 0.25 * h.aspect_match;
    }
    score = score / weight - 0.35 * h.conflict + 0.03 * (1.0 - position / static_cast<double>(opt.candidates));
    h.score = std::clamp(score, 0.0, 1.0);
    h.rank_key = score;
    hits.push_back(std::move(h));
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.rank_key > b.rank_key; });
  if (static_cast<int>(hits.size()) > opt.limit) hits.resize(static_cast<size_t>(opt.limit));
  return hits;
}

}  // namespace magchat
