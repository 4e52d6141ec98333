#include "long_message.h"

#include "question_form.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "text.h"
#include "word_set.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

namespace {
// The length of a spaced dash (" - ", " – ", " — ") starting at message[i], when a question word follows it, else 0.
// (Not a dash inside a list or a range: "side effects - diarrhea, cramps".)
size_t dash_before_question(const std::string& message, size_t i) {
  // (Most characters start no dash: tested before the three dashes are compared.)
  if (message[i] != ' ' || i + 1 >= message.size() ||
      (message[i + 1] != '-' && static_cast<unsigned char>(message[i + 1]) != 0xE2))
    return 0;
  size_t length = 0;
  for (const char* dash : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "})
    if (message.compare(i, std::char_traits<char>::length(dash), dash) == 0) length = std::char_traits<char>::length(dash);
  if (length == 0) return 0;
  static const WordSet kAsks = {"what", "whats", "which", "how", "why", "when", "where", "who", "is", "are", "can",
                                "could", "should", "does", "do", "will", "would", "any"};
  size_t end = i + length;
  while (end < message.size() && std::isalpha(static_cast<unsigned char>(message[end]))) ++end;
  std::string word = message.substr(i + length, end - i - length);
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
  return kAsks.count(word) ? length : 0;
}

// Where a comma at `i` sets a last question apart from what is told before it ("im doing keto and keep getting leg
// cramps and feel wiped out all the time, which keto friendly foods are high in magnesium?", blind set b493): the
// number of characters to skip (", "), or 0. Only "which" or "what" after it, in a last clause that ends with a
// question mark. (Not "how": "my 12 yr old gets leg cramps at night, how much magnesium to give her?" is read whole,
// as a dose asked against a complaint.)
size_t comma_before_last_question(const std::string& message, size_t i) {
  if (message[i] != ',' || i + 2 >= message.size() || message[i + 1] != ' ') return 0;
  size_t end = i + 2;
  while (end < message.size() && std::isalpha(static_cast<unsigned char>(message[end]))) ++end;
  std::string word = message.substr(i + 2, end - i - 2);
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
  if (word != "which"sv && word != "what"sv) return 0;
  const size_t last = message.find_last_not_of(" \t\n");
  if (last == std::string::npos || message[last] != '?') return 0;
  // (The last clause: no other sentence ends after the comma.)
  if (message.find_first_of(".?!\n", i + 2) != last) return 0;
  return 2;
}

// Whether the words before such a dash tell something of their own, so that the dash ends a sentence: at least six
// words that do not ask ("trying to eat better to cope with stress at work - what foods..."). A few words name
// what the question is about and are read with it ("Pregnant at 17 - does a teen mom need more...", "low potassium
// AND low magnesium - do you need to fix the magnesium first?"), and so is a comparison ("brown rice vs white
// rice... - does it make a difference?").
// Whether `text` has a word (words_of is not empty): an ASCII letter or digit always starts one, so only text without
// any is normalized to tell (reason: sentences_of asks this at every sentence end).
bool has_a_word(const std::string& text) {
  if (std::any_of(text.begin(), text.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }))
    return true;
  return !words_of(text).empty();
}

bool tells_before_dash(const std::string& before) {
  const auto words = words_of(before);
  return words.size() >= 6 && !form_of_question(words).asks_a_question &&
         std::none_of(words.begin(), words.end(), [](const std::string& w) { return w == "vs"sv || w == "versus"sv; });
}
}  // namespace

std::vector<std::string> sentences_of(const std::string& message) {
  // The analyser asks for one message's sentences several times (the story, the reasons told beside the question,
  // what was told before asking), and splitting reads every word: the last answer is kept per thread. (Pure, so the
  // memo is invisible; reason: 6% of answering in callgrind.)
  thread_local std::string memo_message;
  thread_local std::vector<std::string> memo_sentences;
  thread_local bool memo_valid = false;
  if (memo_valid && message == memo_message) return memo_sentences;
  std::vector<std::string> sentences;
  std::string current;
  for (size_t i = 0; i < message.size(); ++i) {
    size_t dash = dash_before_question(message, i);
    if (dash == 0) dash = comma_before_last_question(message, i);
    if (dash > 0 && tells_before_dash(current)) {
      sentences.push_back(current);
      current.clear();
      i += dash - 1;
      continue;
    }
    current += message[i];
    const char c = message[i];
    const bool ends = (c == '.' || c == '?' || c == '!' || c == '\n') &&
                      (i + 1 == message.size() || std::isspace(static_cast<unsigned char>(message[i + 1])));
    if (ends) {
      if (has_a_word(current)) sentences.push_back(current);
      current.clear();
    }
  }
  if (has_a_word(current)) sentences.push_back(current);
  memo_valid = false;  // (until both are written: a copy that throws leaves no stale memo)
  memo_message = message;
  memo_sentences = sentences;
  memo_valid = true;
  return sentences;
}

LanguageRules::SmallTalk small_talk_in_sentences(const std::string& message, const LanguageRules& rules) {
  const auto sentences = sentences_of(message);
  if (sentences.size() < 2) return LanguageRules::SmallTalk::None;
  bool thanks = false, about_me = false;
  for (const auto& sentence : sentences) {
    const auto kind = rules.small_talk(words_of(sentence));
    if (kind == LanguageRules::SmallTalk::None) return LanguageRules::SmallTalk::None;
    thanks = thanks || kind == LanguageRules::SmallTalk::Thanks;
    about_me = about_me || kind == LanguageRules::SmallTalk::AboutMe;
  }
  if (about_me) return LanguageRules::SmallTalk::AboutMe;
  return thanks ? LanguageRules::SmallTalk::Thanks : LanguageRules::SmallTalk::Greeting;
}

bool starts_with_thanks(const std::vector<std::string>& words) {
  static const WordSet kThankWords = {"thanks", "thank", "thx", "ty", "thanx", "thnx", "thnks", "tnx",
                                      "thankyou", "cheers", "merci", "gracias", "danke"};
  return !words.empty() && kThankWords.count(words[0]) > 0;
}

namespace {
// Whether one of `pointers` comes right after an asking word ("does that matter?", "is that enough?", "by how
// much?" aside) within the first `within` words: the question asks about what was said before it.
bool asks_of_what_came_before(const std::vector<std::string>& words, const WordSet& pointers,
                              size_t within) {
  static const WordSet kAsks = {"does", "is", "would", "could", "can", "will", "did", "was", "by"};
  for (size_t i = 1; i < words.size() && i <= within; ++i)
    if (pointers.count(words[i]) && kAsks.count(words[i - 1])) return true;
  return false;
}
}  // namespace

std::optional<StoryAndQuestion> story_and_question(const std::string& message, size_t word_count,
                                                   const LanguageRules& rules) {
  if (word_count <= 8) return std::nullopt;
  const std::vector<std::string> sentences = sentences_of(message);
  if (sentences.size() < 2) return std::nullopt;
  size_t asked = sentences.size();
  for (size_t i = sentences.size(); i-- > 0 && asked == sentences.size();)
    if (sentences[i].find('?') != std::string::npos) asked = i;
  for (size_t i = sentences.size(); i-- > 0 && asked == sentences.size();)
    if (const auto words = words_of(sentences[i]);
        rules.small_talk(words) == LanguageRules::SmallTalk::None && !starts_with_thanks(words))
      asked = i;
  if (asked == sentences.size()) return std::nullopt;
  // A short message is read whole ("I'm on cisplatin chemo. Is low magnesium a known side effect?"), unless it asks
  // first and then only tells ("is magnesium an electrolyte? hospital keeps checking grandpas electrolytes"): the
  // question is whole on its own, and what follows is its story. (Not a question whether it is safe or right for
  // the person, which what follows decides: "is magnesium ok for me? i'm on warfarin after a clot".)
  static const WordSet kAsksWhetherRightForThem = {"safe", "ok",        "okay",  "fine",    "alright",
                                                   "me",   "dangerous", "risky", "harmful", "bad"};
  const auto asks_whether_right_for_them = [&] {
    const auto first_words = words_of(sentences[0]);
    return std::any_of(first_words.begin(), first_words.end(),
                       [](const std::string& w) { return kAsksWhetherRightForThem.count(w) > 0; });
  };
  if (word_count <= 12 &&
      (asked != 0 || asks_whether_right_for_them() ||
       std::any_of(sentences.begin() + 1, sentences.end(), [](const std::string& sentence) {
         return form_of_question(words_of(sentence)).asks_a_question;
       })))
    return std::nullopt;
  // A sentence after the one with the question mark that asks too, joined to it ("what happens if your magnesium is
  // low? and how do doctors fix it"), makes the message two questions, not a story and its question. (Not one that
  // only goes on: "...could this be low magnesium? should i be worried" is read as before.)
  static const WordSet kJoins = {"and", "also", "so", "but", "plus"};
  for (size_t i = asked + 1; i < sentences.size(); ++i) {
    const auto words = words_of(sentences[i]);
    size_t first = 0;
    while (first < words.size() && kJoins.count(words[first])) ++first;
    if (first > 0 && form_of_question({words.begin() + static_cast<long>(first), words.end()}).asks_a_question)
      return std::nullopt;
  }
  // A question mark on a sentence that only tells ("my sister said it might be the pills??"), before a question typed
  // without one ("can acid reflux tablets mess with your magnesium"): the later sentence is the question.
  // (Not one that asks about the sentence before it: "my coworker says its low magnesium?? can that actually cause
  // cramps like that" asks about what the coworker says.)
  static const WordSet kPointsAtEarlier = {"that", "this", "it", "thats", "its"};
  if (!form_of_question(words_of(sentences[asked])).asks_a_question)
    for (size_t i = sentences.size(); i-- > asked + 1;)
      if (const auto later = words_of(sentences[i]); form_of_question(later).asks_a_question) {
        // ("that" after the thing it qualifies points nowhere: "what are the signs that you're actually low on
        // magnesium", blind set b496.)
        static const WordSet kQualified = {"signs", "sign",  "symptoms", "symptom", "foods", "food",  "things",
                                           "thing", "ways",  "way",      "drinks",  "tests", "forms", "kinds",
                                           "types", "supplements", "medicines", "meds"};
        bool points_at_earlier = false;
        for (size_t k = 0; k < later.size(); ++k)
          points_at_earlier = points_at_earlier || (kPointsAtEarlier.count(later[k]) &&
                                                    !(later[k] == "that"sv && k > 0 && kQualified.count(later[k - 1])));
        if (!points_at_earlier) asked = i;
        break;
      }
  const auto question_words = words_of(sentences[asked]);
  if (question_words.size() < 3) return std::nullopt;
  // So does a last question joined to an earlier one ("...Which foods are the best sources of magnesium? Also are
  // bananas really good for it or is that just a potassium thing?"): the earlier one is asked, not told.
  if (kJoins.count(question_words[0]) && std::any_of(sentences.begin(), sentences.begin() + static_cast<long>(asked),
                                                     [](const std::string& s) { return s.find('?') != std::string::npos; }))
    return std::nullopt;
  // A question that only asks whether the story's claim holds ("My mom insists bananas are THE best source of
  // magnesium. Is she right or are there better foods?", "...says the body barely absorbs oxide. who's right?")
  // asks about the claim: the message is read as one.
  static const std::vector<std::vector<std::string>> kChecksClaim = {
      {"is", "she", "right"}, {"is", "he", "right"},   {"are", "they", "right"}, {"is", "that", "right"},
      {"is", "she", "correct"}, {"is", "he", "correct"}, {"is", "that", "true"}, {"is", "this", "true"},
      {"is", "it", "true"},   {"whos", "right"},        {"who", "is", "right"},  {"who", "right"}};
  if (word_count <= 40 && std::any_of(kChecksClaim.begin(), kChecksClaim.end(), [&](const auto& phrase) {
        // (Only the check itself, maybe with "or ...": "Is it true that older people absorb less?" asks its own.)
        return question_words.size() >= phrase.size() &&
               std::equal(phrase.begin(), phrase.end(), question_words.begin()) &&
               (question_words.size() == phrase.size() || question_words[phrase.size()] == "or"sv);
      }))
    return std::nullopt;
  // (In a longer message too, a last question that points back at the question right before it is asked with it:
  // "...How much magnesium is recommended during pregnancy? Does that change once I'm breastfeeding?")
  // (Not "it", which is often no pointer at all: "Is it safe to...")
  if (asked > 0 && sentences[asked - 1].find('?') != std::string::npos &&
      asks_of_what_came_before(question_words, {"that", "this", "those", "these", "them"}, 3))
    return std::nullopt;
  if (word_count <= 30) {
    const auto asking = std::count_if(sentences.begin(), sentences.end(),
                                      [](const std::string& s) { return s.find('?') != std::string::npos; });
    // (A short question that points back into the story, "could I overdose that way?", "does that matter?", is read
    // with it.)
    static const WordSet kPointsBack = {"those", "these", "them", "they", "way", "like"};
    // (Not "in them" closing the question, which points at what the question itself named: "what foods have a lot
    // of magnesium in them?")
    bool names_pointer = false;
    for (size_t i = 0; i < question_words.size(); ++i)
      names_pointer = names_pointer || (kPointsBack.count(question_words[i]) &&
                                        !(i + 1 == question_words.size() && i > 0 && question_words[i - 1] == "in"sv));
    const bool points_back = names_pointer ||
                             // "does that matter?", "is that enough?"
                             asks_of_what_came_before(question_words, {"that"}, question_words.size());
    // A question that asks about "it" after a story that named magnesium ("My GP mentioned hypomagnesaemia after my
    // bloods came back. What sort of symptoms does it give?") is the story's question, like one naming magnesium.
    std::vector<std::string> story_words;
    for (size_t i = 0; i < sentences.size(); ++i)
      if (i != asked)
        for (auto& w : words_of(sentences[i])) story_words.push_back(std::move(w));
    // So is one that asks what to eat after a story that named magnesium ("...want to rebuild my magnesium. What
    // foods should I eat?"), or how what the story told is linked ("My potassium keeps coming back low. Nurse
    // mentioned magnesium. What's the link?").
    // (And what the story's magnesium is taken as: "The bottle says 500 mg magnesium. Is there an upper limit for
    // adults from supplements?")
    static const WordSet kAsksOfIt = {"it",         "eat",          "eating", "foods",     "food",
                                      "link",       "connection",   "relationship", "linked", "connected",
                                      "supplement", "supplements", "limit"};
    const bool asks_of_it_after_magnesium =
        rules.mentions_in_scope(story_words) &&
        std::any_of(question_words.begin(), question_words.end(),
                    [](const std::string& w) { return kAsksOfIt.count(w) > 0; });
    // (Nor one followed by a question typed without its question mark: "is magnesium just a wellness trend? what
    // does it really do in the body" asks the second as much as the first. Only one with a question word: "is
    // there a test or do you just guess..." goes on asking the same.)
    const bool asks_after = std::any_of(sentences.begin() + static_cast<long>(asked) + 1, sentences.end(),
                                        [](const std::string& s) { return form_of_question(words_of(s)).asks_open_question; });
    if (asking > 1 || points_back || asks_after ||
        !(rules.mentions_in_scope(question_words) || asks_of_it_after_magnesium))
      return std::nullopt;
  }
  StoryAndQuestion out;
  for (size_t i = 0; i < sentences.size(); ++i)
    if (i == asked)
      out.question = sentences[i];
    else
      out.story.push_back(sentences[i]);
  return out;
}

std::string without_sign_off(const std::string& message) {
  static const char* const kSignOffs[] = {"yours faithfully", "yours sincerely", "yours truly", "kind regards",
                                          "best regards",     "warm regards",     "warmest regards", "regards,",
                                          "best wishes",      "sincerely,",       "respectfully,"};
  const std::string lower = ascii_lowercase(message);
  size_t cut = std::string::npos;
  for (const char* sign_off : kSignOffs) {
    // The last occurrence, found forwards: find() skips to candidate first letters with memchr, where rfind()
    // compares at every position (this ran for every question and cost 5% of answering on long messages).
    size_t at = std::string::npos;
    for (size_t from = lower.find(sign_off); from != std::string::npos; from = lower.find(sign_off, from + 1))
      at = from;
    if (at == std::string::npos || at == 0 || (cut != std::string::npos && at >= cut)) continue;
    const std::string rest = message.substr(at + std::char_traits<char>::length(sign_off));
    if (rest.find('?') == std::string::npos && words_of(rest).size() <= 4) cut = at;
  }
  if (cut == std::string::npos || words_of(message.substr(0, cut)).empty()) return message;
  return message.substr(0, cut);
}

}  // namespace magchat
