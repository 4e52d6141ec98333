// What a follow-up takes from the turns before it: "and for children?" keeps the subject and asks of children,
// "why?" after the tie to calcium asks why the two are tied, "tell me more" says more of the last answer's subject.
// Pure: no I/O, no database.
#pragma once
#include <string>
#include <vector>

#include "knowledge_index.h"
#include "question_analyser.h"

namespace magchat {

// What the message's own words say, as analyse_question read them before anything is inherited.
struct OwnReading {
  const std::vector<std::string>& raw_words;  // the words as typed (normalized, before spelling correction)
  const std::vector<std::string>& topics;     // the concepts the message itself names
  const std::vector<std::string>& aspects;
  bool has_specific_topic;  // it names a topic other than magnesium itself
  bool names_only_groups;   // its only specific topics are groups of people ("in children?")
  bool names_scope;         // it names magnesium, or a topic of the knowledge base's scope, itself
};

// For a message analyse_question has found to be a follow-up (`a.follow_up`): adds to `a` the topics and aspects
// it inherits from `previous` (listed again in `a.inherited`, and added to `a.stems` and `a.terms` so that ranking
// weighs them like typed words), and drops what the message's words only seem to ask ("why?" after a tie between
// two minerals does not ask for causes).
void inherit_from_previous(Analysis& a, const OwnReading& own, const ConversationContext& previous,
                           const KnowledgeIndex& kb);

}  // namespace magchat
