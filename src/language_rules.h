// Curated rules about the conversation itself (kb/scope.yaml, kb/emergency.yaml): what is in scope,
// small talk, follow-up words, and emergencies. Code only evaluates them; curators own the wording.
#pragma once
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "concepts.h"
#include "word_set.h"

namespace magchat {

// A rule's phrase groups are numbered; their phrases are all in one PhraseMatcher (LanguageRules), registered
// with their group's number, so a message is scanned once for every rule.
struct EmergencyRule {
  std::string name;
  std::vector<int> all;  // groups that must each match
  // `several`: phrases of which at least `at_least` different ones must occur (each phrase is its own group), for
  // signs that say little alone but together describe someone in danger ("dizzy and sweaty, fluttering in my chest").
  std::vector<int> several;
  int at_least = 0;
  int unless = -1;       // a group none of whose phrases may match, or -1
  // `set_aside_by` / `unless_named`: a group that sets the rule aside only when no phrase of the second group is
  // named too - food, unless a product is named as well ("my kid ate a whole tub of pumpkin seeds" is no overdose;
  // "I swallowed 30 mag glycinate caps with peanut butter" is). -1 when the rule has none.
  int set_aside_by = -1;
  int unless_named = -1;
  std::string reply = "emergency";  // the prompt that answers it (prompts/<reply>.md)
};

// A sign told in words no list can foresee: one of `subject` ("breathing", "chest", "heart") within `within`
// words of one of `state` ("weird", "squeezing", "not be able"), in either order, neither denied ("no trouble
// breathing", "not having any chest pain"). A rule's phrase group lists it as "<name>" (kb/emergency.yaml `near_signs`).
struct NearSign {
  std::string name;
  size_t within = 3;        // words allowed between the two
  std::vector<int> groups;  // the rule groups that list it
  bool counts = false;      // `state` lists "#many": a count of ten or more ("took 40") is a state too
  // `state_after: true`: the state only after the subject ("pulse 38", not "I'm 38, pulse"), and not a number followed
  // by a unit ("heart rate 30 minutes after").
  bool state_after = false;
};

// The spellings of one emergency phrase that people write as often as the curator's: "can't" as "cannot",
// "can not", "unable to" or "not able to"; "won't", "isn't", "doesn't", "don't" in full; "my", "his", "her" and "their" for one
// another, and "he" and "she". The phrase itself comes first. (Curators write each sign once.)
std::vector<std::string> emergency_phrase_variants(const std::string& phrase);

class LanguageRules {
 public:
  // Contract: throws std::runtime_error "file:line: message" when a file is malformed.
  static LanguageRules load(const std::string& scope_path, const std::string& emergency_path);
  static LanguageRules from_yaml_text(const std::string& scope_yaml, const std::string& emergency_yaml);

  bool mentions_in_scope(const std::vector<std::string>& words) const { return in_scope_.contains_any(words); }
  bool mentions_related(const std::vector<std::string>& words) const { return related_.contains_any(words); }
  // Concept ids (synonyms.yaml) whose tie to magnesium the knowledge base covers, such as medicines that lower
  // it: a message naming one ("I was just put on furosemide") is about magnesium without saying the word.
  bool is_in_scope_topic(const std::string& concept_id) const;
  struct InScopeTopic {
    std::string concept_id;
    int line;  // in scope.yaml, for kb lint's messages
  };
  const std::vector<InScopeTopic>& in_scope_topics() const { return in_scope_topics_; }
  bool is_filler_word(const std::string& word) const { return filler_words_.count(word) > 0; }
  // The not-covered subjects a message names, as lists of words (see scope.yaml): not_covered and personal_dose.
  std::vector<std::vector<std::string>> not_covered_subjects(const std::vector<std::string>& words) const;
  // "just tell me my dose", "exact dose", "mg per kg": the message asks for a dose worked out for one person
  // (scope.yaml personal_dose).
  bool asks_personal_dose(const std::vector<std::string>& words) const { return personal_dose_.contains_any(words); }
  // (A word inside a related subject's name is not another subject: "vitamin" in "how does Mg affect vitamin D?")
  bool mentions_out_of_scope(const std::vector<std::string>& words) const;
  // ("that" joining a clause, "the signs that my magnesium is high", "I heard that...", does not refer back.)
  bool has_follow_up_marker(const std::vector<std::string>& words) const;
  // "tell me more", "what else", "go on": the message asks to hear more on the conversation's subject.
  bool asks_for_more(const std::vector<std::string>& words) const { return more_.contains_any(words); }
  // "one line please", "tl;dr": the message asks for the last answer in fewer words.
  bool asks_shorter(const std::vector<std::string>& words) const { return shorter_.contains_any(words); }
  // "where did you get that?", "source?", "are you sure?": the message asks only where the last answer comes from
  // (scope.yaml asks_source; every other word is a filler or one such as "that", "about").
  bool only_asks_source(const std::vector<std::string>& words) const;
  // Where a message goes back past the last question (scope.yaml back_to_first / back_to_earlier): "for the first
  // question", "going back to the zinc". Empty when it does not.
  struct BackReference {
    bool to_first = false;  // a back_to_first phrase is among them
    struct Span {
      bool to_first;  // back_to_first: the phrase stands for "it"; back_to_earlier: it is dropped
      size_t start, length;
    };
    std::vector<Span> phrases;  // in message order
  };
  std::optional<BackReference> back_reference(const std::vector<std::string>& words) const;
  // Removes scope.yaml `idioms` from `words` ("dying to know", "killing me"): phrases whose danger words mean none.
  void drop_idioms(std::vector<std::string>& words) const;
  // What a message made only of small-talk phrases (and fillers) is: a greeting, thanks, or a question about the
  // assistant itself ("are you a doctor?", scope.yaml `about_me`); None for any other message.
  enum class SmallTalk { None, Greeting, Thanks, AboutMe };
  // Longer messages are never small talk as a whole (long_message.cpp reads them sentence by sentence).
  static constexpr size_t kMaxSmallTalkWords = 16;
  SmallTalk small_talk(const std::vector<std::string>& words) const;
  // The first emergency rule that matches, or null.
  const EmergencyRule* emergency_rule(const std::vector<std::string>& words) const;
  // The rule of that name, or null (a conversation may name a rule that a later emergency.yaml no longer has).
  const EmergencyRule* emergency_rule_named(const std::string& name) const;
  // Every emergency rule, in file order (for checks such as "each reply names a prompt").
  const std::vector<EmergencyRule>& emergency_rules() const { return emergency_; }
  // Every phrase word of the rules: they are vocabulary the spelling corrector must not "fix".
  const std::vector<std::string>& vocabulary() const { return vocabulary_; }

 private:
  PhraseMatcher in_scope_, related_, not_covered_, personal_dose_, out_of_scope_, greetings_, thanks_, about_me_, fillers_, follow_up_,
      more_, shorter_, asks_source_, back_to_first_, back_to_earlier_, idioms_;
  // Single words (a set, not a PhraseMatcher: it is asked about one word at a time, for every word of a message).
  std::unordered_set<std::string, WordHash> filler_words_;
  std::vector<InScopeTopic> in_scope_topics_;
  std::vector<EmergencyRule> emergency_;
  PhraseMatcher emergency_phrases_;  // every spelling of every phrase of the rules, with its index in:
  std::vector<std::vector<int>> emergency_phrase_groups_;  // the groups that list that spelling
  int emergency_groups_ = 0;
  std::vector<char> denial_tolerant_;  // by group: 1 for an `unless` group, whose phrases count after "no" too
  std::vector<NearSign> near_signs_;
  PhraseMatcher near_sign_words_;  // value: 2 x sign + 0 for a subject, + 1 for a state
  void mark_near_signs(const std::vector<std::string>& words, std::vector<char>& present) const;
  std::vector<std::string> vocabulary_;
};

}  // namespace magchat
