// Long messages that tell a story before they ask ("My mother is 82 and takes furosemide... What should we
// watch for?"): the question is read on its own, with the story as its context. Pure: no I/O.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "language_rules.h"

namespace magchat {

// The sentences of a message, as typed: each ends at '.', '?', '!' or a line break followed by a space (or the end).
std::vector<std::string> sentences_of(const std::string& message);

// A long message that tells a story and asks at the end ("I'm a 35-year-old guy who lifts weights... How much
// magnesium should a man my age get per day?"): the story, and the last sentence that asks (if none has a
// question mark, the last one that is not small talk: "... I would like to know how much... Thank you kindly.").
// Nothing for a message of 12 words or fewer, or of one sentence; and for one of 30 words or fewer, nothing
// unless it asks in one sentence that names magnesium ("Is it true that magnesium is in the bones? My mother
// says so", but not "Why does my label say 'elemental'? What does that mean?").
struct StoryAndQuestion {
  std::vector<std::string> story;  // its sentences, in order, without the question
  std::string question;            // the sentence that asks
};
// True when the words begin with a word of thanks ("thanks", "thank", "thx", "cheers", ...): a sentence that does and
// asks nothing is a closing, not a question ("Thank you kindly.").
bool starts_with_thanks(const std::vector<std::string>& words);
// `word_count`: the number of words of `message` (words_of), which the caller has already counted.
std::optional<StoryAndQuestion> story_and_question(const std::string& message, size_t word_count,
                                                   const LanguageRules& rules);

// The message without a letter's closing and signature at its end ("...for your reply.\n\nYours faithfully,\nH.
// Okonkwo"): from a sign-off ("yours faithfully", "kind regards", "best wishes"...) followed by at most four words
// and no question mark. The message itself when it has none, or when nothing would be left before it. (Reason: the
// name signed is a word nothing knows, which an answer would otherwise have to mention.)
std::string without_sign_off(const std::string& message);

// Several sentences of nothing but greetings and thanks ("Thanks a lot, that was exactly what I needed. Take
// care!"): Thanks when any of them thanks, else Greeting; AboutMe when any of them asks about magchat ("where does
// your info come from? is this from real medical sources or is it just made up"); None otherwise (also for a single
// sentence, which LanguageRules::small_talk reads).
LanguageRules::SmallTalk small_talk_in_sentences(const std::string& message, const LanguageRules& rules);

}  // namespace magchat
