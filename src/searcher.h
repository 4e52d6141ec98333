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
  double bm25 = 0;         // first-pass rank, lower is better: FTS5's bm25, or minus the postings score
  double header_coverage = 0, phrasing_similarity = 0, text_coverage = 0, topic_match = 0, aspect_match = 0, conflict = 0;
  std::string snippet;     // FTS5 snippet with matches in **bold** (only when asked for)
};

struct SearchOptions {
  int limit = 10;
  int candidates = 30;     // passages kept by the first, cheap pass before re-ranking
  // Where candidates come from: false = the in-memory postings of the KnowledgeIndex (chat: no SQL on the hot
  // path); true = the FTS5 table with bm25 column weights and highlighted snippets (GET /api/search).
  bool use_fts = false;
  bool snippets = false;   // with use_fts
};

// Contract: `db` is a connection for the calling thread over the same database the index was built from.
// User text reaches FTS5 only through fts5_quote. Hits whose passage is not in `kb` (written after the
// index was built) are skipped. Sorted by score, best first.
std::vector<Hit> search_passages(const Analysis& question, const KnowledgeIndex& kb, Database& db,
                                 const SearchOptions& options);

// The FTS5 expression used for a question (exposed for tests and --explain).
std::string build_match_expression(const Analysis& question, const KnowledgeIndex& kb);

}  // namespace magchat
