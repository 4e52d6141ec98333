// The form of a question, from its words as typed: whether it asks for leave ("can I take...?"), opens with a
// question word, asks in no words at all (keywords, a statement), or asks a question. Pure: no I/O.
#pragma once
#include <string>
#include <vector>

namespace magchat {

struct QuestionForm {
  bool asks_leave_to_take = false;  // "can I take...", "is it ok to take...", "can my 12 year old take...?"
  bool asks_permission = false;     // that, or "can I still...", "is it safe...", "should I give..."
  bool asks_open_question = false;  // a question word opens it ("at what level...", "... how does it work")
  bool asks_in_no_words = false;    // no question word and no asking verb: keywords or a statement
  // It asks something: it starts with an asking word, has a question word, or puts an asking verb before its
  // subject ("I'm pregnant, is it safe?"); a statement may use the same verbs ("my son is 15").
  bool asks_a_question = false;
};

QuestionForm form_of_question(const std::vector<std::string>& raw_words);

// True when the words ask whether someone should be taking something: "should she be taking it?", "should he take
// it?", "should my mom be on it?" (after "should", one word for the person).
bool asks_whether_someone_should_take(const std::vector<std::string>& words);

}  // namespace magchat
