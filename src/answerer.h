// answer(question, context) -> Reply: the whole answering pipeline in plain C++, without sockets.
#pragma once
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "database.h"
#include "knowledge_index.h"
#include "question_analyser.h"
#include "reply.h"
#include "templates.h"

namespace magchat {

struct AnswerSettings {
  double answer_threshold = 0.38;   // below: no_answer (calibrated on tests/eval questions)
  double ambiguity_margin = 0.015;  // two entries this close: offer both
  size_t max_answer_words = 150;
  double closest_question_below = 0.6;  // phrasing similarity under which the answered question is named
  std::string caution_entry = "supplements-kidney-caution";
  // The supplement limits by age, cited when a laxative for a child is declined.
  // (Also where the limit for a child's age is read, when an amount for the child is told: child_limit_in.)
  std::string child_limit_entry = "upper-limit-supplements";
};

struct AnswerResult {
  Reply reply;
  Analysis analysis;
  ConversationContext context;  // what the conversation's next turn is answered in (store it with this turn)
  // The line on an amount over the limit or a young child's limit that the reply may open with (limit_line_read_first,
  // worked out once per question), or "": what cite_limit_line looks for in the reply.
  std::string limit_line;
};

class Answerer {
 public:
  Answerer(std::shared_ptr<const KnowledgeIndex> kb, Templates templates, AnswerSettings settings = {});

  // Contract: `reader` is a connection for the calling thread over the database the index was built from.
  // Never throws for any message text; the reply always has a non-empty disclaimer.
  AnswerResult answer(const std::string& message, const ConversationContext& previous, Database& reader) const;

  // Swaps in a rebuilt index after a knowledge-base change; answers in progress keep the one they started with.
  void replace_index(std::shared_ptr<const KnowledgeIndex> kb) { std::atomic_store(&kb_, std::move(kb)); }
  std::shared_ptr<const KnowledgeIndex> index() const { return std::atomic_load(&kb_); }
  const Templates& templates() const { return templates_; }
  const AnswerSettings& settings() const { return settings_; }

 private:
  // The first words of a reply when an amount told is over the limit for the person's age (Analysis::child_amount;
  // prompts/amount_over_child_limit.md, amount_over_limit.md), or else when a magnesium product is given to a young
  // child (Analysis::product_for_young_child; prompts/child_magnesium_product.md, with the child's limit); or "" (no
  // amount, no age, a limit not found or not passed).
  std::string limit_line_read_first(const Analysis& a, const KnowledgeIndex& kb) const;
  // Cites the limits entry for the line put in the reply (AnswerResult::limit_line): a marker after the line, and the
  // entry among the sources (added last, when the reply does not already cite it). Nothing when the reply has no such
  // line (none applied, or a reply that leaves it out).
  void cite_limit_line(AnswerResult& result) const;

  // What a reply says before anything else, most urgent first, each followed by a blank line ("" when nothing is):
  // signs that need a doctor today, a test result outside every range, what to do after swallowing too much, an
  // amount over the limit (`over_limit`, from limit_line_read_first), and for an answer (`answered`) "ask before
  // taking more", then "don't stop a prescribed medicine on your own".
  std::string lines_read_first(const Analysis& a, const std::string& over_limit,
                               bool answered) const;

  // The reply and analysis; answer() adds the context for the next turn.
  AnswerResult compose(const std::string& message, const ConversationContext& previous, Database& reader) const;

  std::shared_ptr<const KnowledgeIndex> kb_;
  Templates templates_;
  AnswerSettings settings_;
};

}  // namespace magchat
