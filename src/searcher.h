// Finds and ranks passages for an analysed question: FTS5 retrieves candidates, then a transparent score in
// [0, 1] ranks them by how well they cover the question's words, topics and aspect.
#pragma once
#include <string>
#include <vector>

#include "database.h"
#include "knowledge_index.h"
#include "question_analyser.h"

namespace magchat {

struct Hit {
  const PassageInfo* passage = nullptr;
  double score = 0;        // 0..1, comparable across questions (used as confidence)
  double rank_key = 0;     // the unclamped score used for ordering
  double bm25 = 0;         // FTS5's own rank (lower is better), for --explain
  double header_coverage = 0, phrasing_similarity = 0, text_coverage = 0, topic_match = 0, aspect_match = 0, conflict = 0;
  std::string snippet;     // FTS5 snippet with matches in **bold** (only when asked for)
};

struct SearchOptions {
  int limit = 10;
  int candidates = 40;     // rows taken from FTS5 before re-ranking
  bool snippets = false;
};

// Contract: `db` is a connection for the calling thread over the same database the index was built from.
// User text reaches FTS5 only through fts5_quote. Hits whose passage is not in `kb` (written after the
// index was built) are skipped. Sorted by score, best first.
std::vector<Hit> search_passages(const Analysis& question, const KnowledgeIndex& kb, Database& db,
                                 const SearchOptions& options);

// The FTS5 expression used for a question (exposed for tests and --explain).
std::string build_match_expression(const Analysis& question, const KnowledgeIndex& kb);

}  // namespace magchat
