#include "question_form.h"

#include <algorithm>
#include <set>

#include "text.h"
#include "word_set.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

QuestionForm form_of_question(const std::vector<std::string>& raw_words) {
  QuestionForm f;
  auto has = [&](std::initializer_list<std::string_view> phrase) { return contains_phrase(raw_words, phrase); };
  // "Can I take 1000 mg a day?" already says how much: it asks whether that amount is safe. So does "can my 12
  // year old take 400 mg?".
  f.asks_leave_to_take = has({"can", "i", "take"}) || has({"could", "i", "take"}) || has({"ok", "to", "take"}) ||
                         has({"okay", "to", "take"}) ||
                         (!raw_words.empty() && (raw_words[0] == "can"sv || raw_words[0] == "could"sv) &&
                          contains(raw_words, std::string("take")));
  f.asks_permission = f.asks_leave_to_take || has({"can", "i", "still"}) || has({"can", "i", "keep"}) ||
                      has({"is", "it", "ok"}) || has({"is", "it", "okay"}) || has({"is", "it", "safe"}) ||
                      has({"safe", "to", "take"}) || has({"should", "i", "take"}) || has({"should", "i", "give"}) ||
                      has({"can", "i", "give"}) || has({"should", "we", "give"});

  static const WordSet kQuestionWords = {"how", "what", "whats", "which", "when", "where", "why", "who"};
  static const WordSet kAskingWords = {
      "how",   "what",  "whats",   "which",    "when",    "where",   "why",  "who",  "is",      "are",      "am",
      "was",   "were",  "can",     "could",    "do",      "does",    "did",  "should", "shall", "will",     "would",
      "may",   "might", "must",    "has",      "have",    "had",     "isnt", "arent", "cant",   "doesnt",   "dont",
      "didnt", "wont",  "wouldnt", "shouldnt", "couldnt", "whether", "if",   "tell",  "explain", "describe",
      "list",  "define", "remind", "recap", "repeat"};
  const auto first_asking = std::find_if(raw_words.begin(), raw_words.end(),
                                         [](const std::string& w) { return kAskingWords.count(w) > 0; });
  // (A question word after a word or two still opens the question: "at what level...", "so how much...". Further on,
  // only one that asks, with an asking word or "much", "many", "long", "far", "one" after it: "magnesium citrate laxative how does it work",
  // "cipro and magnesium how many hours apart", which an entry's "Yes." does not answer (blind probe of 2026-12-02);
  // not a relative word in a statement: "I read a review where someone had a seizure".)
  static const WordSet kHowMuch = {"much", "many", "long", "often", "soon", "far", "one", "ones"};
  const bool asks_from_there =
      first_asking != raw_words.end() &&
      (first_asking - raw_words.begin() < 3 ||
       (first_asking + 1 != raw_words.end() &&
        (kAskingWords.count(first_asking[1]) > 0 || kHowMuch.count(first_asking[1]) > 0)));
  f.asks_open_question = asks_from_there && kQuestionWords.count(*first_asking) > 0 &&
                         !(first_asking + 1 != raw_words.end() && first_asking[1] == "about"sv);
  f.asks_in_no_words = first_asking == raw_words.end();

  static const WordSet kSubjects = {"i",    "you",   "he", "she",  "it",  "we",  "they",      "this",
                                    "that", "there", "my", "your", "his", "her", "magnesium", "mag"};
  f.asks_a_question = !f.asks_in_no_words && kAskingWords.count(raw_words[0]) > 0;
  for (size_t i = 0; i < raw_words.size() && !f.asks_a_question; ++i)
    f.asks_a_question = kQuestionWords.count(raw_words[i]) > 0 ||
                        (kAskingWords.count(raw_words[i]) > 0 && i + 1 < raw_words.size() &&
                         kSubjects.count(raw_words[i + 1]) > 0);
  // Saying one does not understand asks for an explanation: "results say 0.8 mmol/L but the chart online is in
  // mg/dL and im so confused", "the units make no sense to me". (Only of oneself or of what was read: "my mom has
  // been confused lately" tells a sign.)
  static const WordSet kSoFar = {"so", "really", "very", "bit", "little", "a", "totally", "kinda",
                                 "quite", "just", "all", "super", "pretty", "kind", "of"};
  for (size_t i = 0; i < raw_words.size() && !f.asks_a_question; ++i) {
    const std::string& w = raw_words[i];
    if (w == "confusing"sv || w == "baffled"sv || w == "puzzled"sv || w == "lost"sv) {
      f.asks_a_question = w == "confusing"sv || (i > 0 && (raw_words[i - 1] == "im"sv || raw_words[i - 1] == "am"sv));
      continue;
    }
    if (w == "confused"sv) {
      size_t j = i;
      while (j > 0 && kSoFar.count(raw_words[j - 1])) --j;
      f.asks_a_question = j > 0 && (raw_words[j - 1] == "im"sv || raw_words[j - 1] == "am"sv ||
                                    raw_words[j - 1] == "me"sv);
    }
  }
  f.asks_a_question = f.asks_a_question || has({"dont", "understand"}) || has({"do", "not", "understand"}) ||
                      has({"makes", "no", "sense"}) || has({"make", "no", "sense"}) || has({"dont", "get", "it"});
  return f;
}

// True when the words ask whether someone should be taking something: "should she be taking it?", "should he take
// it?", "should my mom be on it?".
bool asks_whether_someone_should_take(const std::vector<std::string>& words) {
  static const WordSet kWho = {"i", "we", "he", "she", "they", "mom", "mum", "dad", "husband", "wife"};
  static const WordSet kTaking = {"take", "taking", "use", "using", "have", "on"};
  // ("He wants to buy some. Should he?": the question ends at whom, after what is said of taking or buying.)
  static const WordSet kToldTaking = {"take", "taking", "buy", "buying", "start", "starting", "try", "trying", "use"};
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != "should"sv) continue;
    size_t k = i + 1;
    if (words[k] == "my"sv || words[k] == "our"sv || words[k] == "his"sv || words[k] == "her"sv) ++k;
    if (k >= words.size() || !kWho.count(words[k])) continue;
    if (k + 1 == words.size())
      return std::any_of(words.begin(), words.begin() + static_cast<long>(i),
                         [](const std::string& w) { return kToldTaking.count(w) > 0; });
    ++k;
    if (words[k] == "be"sv && k + 1 < words.size()) ++k;
    if (kTaking.count(words[k])) return true;
  }
  return false;
}

}  // namespace magchat
