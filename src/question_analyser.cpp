#include "question_analyser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <optional>

#include "text.h"

namespace magchat {

namespace {

// True when `phrase` occurs as consecutive words of `words`.
bool contains_phrase(const std::vector<std::string>& words, const std::vector<std::string>& phrase) {
  return std::search(words.begin(), words.end(), phrase.begin(), phrase.end()) != words.end();
}

// "magnesium" names the subject of the whole knowledge base: it does not make a message about a topic.
bool is_specific_topic(const std::string& id) { return id != "magnesium"; }

bool is_number(const std::string& w) {
  return !w.empty() && std::isdigit(static_cast<unsigned char>(w[0])) &&
         w.find_first_not_of("0123456789.") == std::string::npos;
}

bool is_mass_unit(const std::string& w) { return w == "mg" || w == "mgs" || w == "milligram" || w == "milligrams"; }

// One word that is an amount with its unit: "400mg", "250mgs".
bool is_amount_word(const std::string& w) {
  const size_t digits = w.find_first_not_of("0123456789.");
  return digits != std::string::npos && digits > 0 && is_mass_unit(w.substr(digits));
}

// An age a message names, and how many words spell it.
struct AgeAt {
  int years = 0;
  size_t words = 0;  // 0: no age here
};

// The age spelled from words[i]: "6 year old" ("45-year-old", "72 years old"), "30 yo", "7yo" ("10yrs"),
// "6 month old" (0 years), and a bare number after "I'm", "she's", "age", "turned"... ("im 22 female") or after
// a person, with or without "is" ("my dad is 75", "im a girl, 15").
AgeAt age_at(const std::vector<std::string>& words, size_t i) {
  const std::string& w = words[i];
  const size_t digits = w.find_first_not_of("0123456789");
  if (digits == 0 || w.empty() || std::min(digits, w.size()) > 3) return {};
  const int number = std::stoi(w.substr(0, digits));
  if (digits != std::string::npos) {
    static const std::set<std::string> kYearsOld = {"yo", "yr", "yrs", "yro", "yos"};
    return kYearsOld.count(w.substr(digits)) ? AgeAt{number, 1} : AgeAt{};
  }
  static const std::set<std::string> kSaysAge = {"im", "am", "age", "aged", "shes", "hes", "turned", "turning"};
  static const std::set<std::string> kPeople = {"dad", "mom", "mum", "father", "mother", "son", "daughter",
                                                "kid", "child", "baby", "wife", "husband", "grandma", "grandpa",
                                                "grandmother", "grandfather", "brother", "sister", "he", "she",
                                                "partner", "friend", "boy", "girl"};
  const bool says_age_before = i > 0 && (kSaysAge.count(words[i - 1]) > 0 || kPeople.count(words[i - 1]) > 0 ||
                                         (words[i - 1] == "is" && i > 1 && kPeople.count(words[i - 2]) > 0));
  if (i + 1 >= words.size()) return says_age_before ? AgeAt{number, 1} : AgeAt{};
  const std::string& next = words[i + 1];
  const bool old_follows = i + 2 < words.size() && words[i + 2] == "old";
  if ((next == "year" || next == "years" || next == "yr" || next == "yrs") && old_follows) return {number, 3};
  if ((next == "month" || next == "months") && old_follows) return {0, 3};
  if (next == "yo") return {number, 2};
  return says_age_before && !is_mass_unit(next) ? AgeAt{number, 1} : AgeAt{};
}

// The first age a message names, or nothing.
std::optional<int> age_named(const std::vector<std::string>& words) {
  for (size_t i = 0; i < words.size(); ++i)
    if (const AgeAt age = age_at(words, i); age.words) return age.years;
  return std::nullopt;
}

// The tags of the entry that gave the conversation's last answer (what that entry declares it is about).
std::vector<std::string> tags_of_last_answer(const ConversationContext& previous, const KnowledgeIndex& kb) {
  if (previous.answered.empty()) return {};
  const std::string& last = previous.answered.back();  // "entry-id" or "entry-id#heading"
  const PassageInfo* p = kb.first_passage_of(last.substr(0, last.find('#')));
  return p ? split_words(p->row.tags) : std::vector<std::string>{};
}

// Prescription medicines the knowledge base names (synonyms.yaml), and "medicine" itself. Not supplements,
// antacids or laxatives, which people start and stop on their own.
bool is_medicine(const std::string& concept_id) {
  static const std::set<std::string> kMedicines = {"medicines", "ppi", "diuretics", "antibiotics", "bisphosphonates",
                                                   "levothyroxine"};
  return kMedicines.count(concept_id) > 0;
}

// "stop", "quit", "come off": the message is about no longer taking something.
bool asks_to_stop(const std::vector<std::string>& words) {
  static const std::set<std::string> kStop = {"stop",    "stopping", "stopped",  "quit",        "quitting",
                                              "skip",    "skipping", "discontinue", "discontinuing", "cease"};
  for (size_t i = 0; i < words.size(); ++i) {
    if (kStop.count(words[i])) return true;
    if (i + 1 < words.size() && words[i + 1] == "off" &&
        (words[i] == "come" || words[i] == "coming" || words[i] == "get" || words[i] == "go" || words[i] == "going"))
      return true;
  }
  return false;
}

// "magnesium" (or a form of it) followed within a few words by a verb of benefit: "is magnesium good for",
// "can magnesium help", "does magnesium citrate relieve", "does magnesium lower blood pressure". The order
// matters: "can PPIs lower magnesium" is about what lowers magnesium.
bool asks_benefit(const std::vector<std::string>& words) {
  static const char* kSubject[] = {"magnesium", "mag", "citrate", "glycinate", "oxide", "supplement", "supplements"};
  static const char* kBenefit[] = {"help", "helps", "good", "benefit", "benefits", "improve", "improves", "relieve",
                                   "relieves", "cure", "cures", "treat", "treats", "prevent", "prevents", "lower",
                                   "lowers", "reduce", "reduces", "boost", "boosts", "ease", "eases", "fix", "fixes"};
  auto in = [](const std::string& w, const auto& list) {
    return std::any_of(std::begin(list), std::end(list), [&](const char* x) { return w == x; });
  };
  // "Is magnesium good for you?" asks what it does in general (its role), and "more magnesium than is good for
  // you" asks about too much: neither names something it would be good for.
  auto general_good = [&](size_t j) {
    if (words[j - 1] == "than") return true;
    if (words[j] != "good" || (j + 1 < words.size() && words[j + 1] != "for")) return false;
    std::string rest;  // the words after "good for" ("" for "is magnesium good?")
    for (size_t k = j + 2; k < words.size(); ++k) rest += (rest.empty() ? "" : " ") + words[k];
    static const std::set<std::string> kGeneral = {"",          "you",         "me",        "us",          "people",
                                                   "health",    "the body",    "your body", "my body",     "our body",
                                                   "your health", "my health", "everyone",  "everybody"};
    return kGeneral.count(rest) > 0;
  };
  for (size_t i = 0; i < words.size(); ++i)
    if (in(words[i], kSubject))
      for (size_t j = i + 1; j < words.size() && j <= i + 4; ++j)
        if (in(words[j], kBenefit) && !general_good(j)) return true;
  return false;
}

}  // namespace

const std::vector<std::string>& groups_of_people() {
  static const std::vector<std::string> kGroups = {"adults", "children", "pregnancy", "older-adults"};
  return kGroups;
}

bool is_group_of_people(const std::string& id) { return contains(groups_of_people(), id); }

bool is_condition(const std::string& id) { return id == "hypomagnesemia" || id == "hypermagnesemia"; }

// A long message that tells a story and asks at the end ("I'm a 35-year-old guy who lifts weights... How much
// magnesium should a man my age get per day?"): the story, and the last sentence that asks (if none has a
// question mark, the last one that is not small talk: "... I would like to know how much... Thank you kindly.").
// Nothing for a message of 12 words or fewer, or of one sentence; and for one of 30 words or fewer, nothing
// unless it asks in one sentence that names magnesium ("Is it true that magnesium is in the bones? My mother
// says so", but not "Why does my label say 'elemental'? What does that mean?").
struct StoryAndQuestion {
  std::vector<std::string> story;  // its sentences
  std::string question;
};
std::optional<StoryAndQuestion> story_and_question(const std::string& message, size_t word_count,
                                                   const LanguageRules& rules) {
  if (word_count <= 12) return std::nullopt;
  std::vector<std::string> sentences;
  std::string current;
  for (size_t i = 0; i < message.size(); ++i) {
    current += message[i];
    const char c = message[i];
    const bool ends = (c == '.' || c == '?' || c == '!' || c == '\n') &&
                      (i + 1 == message.size() || std::isspace(static_cast<unsigned char>(message[i + 1])));
    if (ends) {
      if (words_of(current).size() > 0) sentences.push_back(current);
      current.clear();
    }
  }
  if (words_of(current).size() > 0) sentences.push_back(current);
  if (sentences.size() < 2) return std::nullopt;
  size_t asked = sentences.size();
  for (size_t i = sentences.size(); i-- > 0 && asked == sentences.size();)
    if (sentences[i].find('?') != std::string::npos) asked = i;
  for (size_t i = sentences.size(); i-- > 0 && asked == sentences.size();)
    if (rules.small_talk(words_of(sentences[i])) == LanguageRules::SmallTalk::None) asked = i;
  if (asked == sentences.size()) return std::nullopt;
  const auto question_words = words_of(sentences[asked]);
  if (question_words.size() < 3) return std::nullopt;
  if (word_count <= 30) {
    const auto asking = std::count_if(sentences.begin(), sentences.end(),
                                      [](const std::string& s) { return s.find('?') != std::string::npos; });
    // (A short question that points back into the story, "could I overdose that way?", is read with it.)
    static const std::set<std::string> kPointsBack = {"those", "these", "them", "they", "way", "like"};
    const bool points_back = std::any_of(question_words.begin(), question_words.end(),
                                         [](const std::string& w) { return kPointsBack.count(w) > 0; });
    if (asking > 1 || points_back || !rules.mentions_in_scope(question_words)) return std::nullopt;
  }
  StoryAndQuestion out;
  for (size_t i = 0; i < sentences.size(); ++i)
    if (i == asked)
      out.question = sentences[i];
    else
      out.story.push_back(sentences[i]);
  return out;
}

Analysis analyse_question(const std::string& message, const ConversationContext& previous, const KnowledgeIndex& kb) {
  Analysis a;
  const auto raw_words = words_of(message);
  const auto& rules = kb.rules();

  // Emergencies first: they are answered before anything else, whatever else the message says.
  const EmergencyRule* emergency = rules.emergency_rule(raw_words);

  // Spelling: only words that are neither in the knowledge base nor in the dictionary are corrected.
  a.words = raw_words;
  for (auto& w : a.words) {
    if (const char* full = texting_shorthand(w)) {
      a.corrections.emplace_back(w, full);
      w = full;
      continue;
    }
    if (is_stopword(w) || kb.speller().knows(w) || kb.is_dictionary_word(w)) continue;
    if (auto fixed = kb.speller().correct(w)) {
      a.corrections.emplace_back(w, *fixed);
      w = *fixed;
    }
  }
  if (!a.corrections.empty()) a.corrected_query = join(a.words, " ");
  if (!emergency) emergency = rules.emergency_rule(a.words);
  if (emergency) {
    a.kind = MessageKind::Emergency;
    a.emergency_rule = emergency->name;
    a.emergency_reply = emergency->reply;
    a.in_scope = true;
    return a;
  }
  // A story's words would drown its question: the question is analysed on its own, and who or what the story is
  // about (a group, a medicine, a disease) is kept as if said in an earlier turn ("a child his age" is the
  // 8-year-old). Not what it merely mentions ("without buying supplements"). (The whole message was checked for
  // an emergency above.)
  if (auto told = story_and_question(message, raw_words.size(), rules)) {
    static const std::set<std::string> kMentionedOnly = {"magnesium", "supplements", "magnesium-forms", "medicines",
                                                         "electrolytes"};
    ConversationContext context = previous;
    context.told_in_same_message = true;
    for (const auto& sentence : told->story) {  // (each one sentence: not split again)
      const Analysis told_here = analyse_question(sentence, previous, kb);
      for (const auto& t : told_here.topics)
        if (!contains(context.topics, t) && !kMentionedOnly.count(t)) context.topics.push_back(t);
      context.in_scope = context.in_scope || told_here.in_scope;
    }
    return analyse_question(told->question, context, kb);
  }
  switch (rules.small_talk(raw_words)) {
    case LanguageRules::SmallTalk::None: break;
    case LanguageRules::SmallTalk::Greeting: a.kind = MessageKind::SmallTalk; return a;
    case LanguageRules::SmallTalk::Thanks: a.kind = MessageKind::Thanks; return a;
    case LanguageRules::SmallTalk::AboutMe: a.kind = MessageKind::AboutMe; return a;
  }

  // Filler words ("actually", "ur") would only blur matching, and so would an amount ("500 mg", "400mg"): no
  // entry is about a number. An amount is noted instead (below: it may say what is asked).
  std::vector<std::string> meaningful, without_fillers;
  for (const auto& w : a.words)
    if (!rules.is_filler_word(w)) without_fillers.push_back(w);
  bool names_amount = false, names_test_result = false;
  for (size_t i = 0; i < a.words.size(); ++i) {
    const std::string& w = a.words[i];
    if (rules.is_filler_word(w)) continue;
    if (const size_t n = age_at(a.words, i).words) {
      i += n - 1;  // an age: the group it names is noted below
    } else if (is_number(w) && i + 1 < a.words.size() && is_mass_unit(a.words[i + 1])) {
      names_amount = true;
      ++i;
    } else if (is_amount_word(w)) {
      names_amount = true;
    } else if (is_number(w) && w.find('.') != std::string::npos) {
      // "My magnesium is 1.2, is that bad?": a decimal without a unit is a test result (mg/dL or mmol/L); amounts
      // taken are whole milligrams with their unit.
      names_test_result = true;
    } else {
      meaningful.push_back(spelled_out(w));
    }
  }
  std::vector<std::string> own_topics, own_aspects;
  std::vector<std::string> concept_of_word(meaningful.size());
  std::map<std::string, size_t> first_position;  // where each concept is first named
  for (const auto& found : kb.concepts().find_with_positions(meaningful)) {
    auto& list = kb.concepts().is_aspect(found.id) ? own_aspects : own_topics;
    if (!contains(list, found.id)) list.push_back(found.id);
    first_position.emplace(found.id, found.start);
    for (size_t k = 0; k < found.length; ++k) concept_of_word[found.start + k] = found.id;
  }
  // "healthy magnesium level" means "healthy level": phrases are also looked for with the subject word left out.
  std::vector<std::string> without_subject;
  for (const auto& w : meaningful)
    if (w != "magnesium" && w != "mg" && w != "mag") without_subject.push_back(w);
  for (const auto& id : kb.concepts().find(without_subject)) {
    auto& list = kb.concepts().is_aspect(id) ? own_aspects : own_topics;
    if (!contains(list, id)) list.push_back(id);
  }
  // A result given without saying what is asked about it ("is that bad?", "is that ok?") asks how it compares
  // with the normal range; "is that high?" names a condition and asks about that.
  if (names_test_result) {
    if (kb.concepts().get("blood-test") && !contains(own_topics, "blood-test")) own_topics.push_back("blood-test");
    if (kb.concepts().get("normal-range") && own_aspects.empty() &&
        std::none_of(own_topics.begin(), own_topics.end(), is_condition))
      own_aspects.push_back("normal-range");
  }
  // An age says which group of people is asked about: "my 6 year old", "a 45-year-old man", "I'm 72 years old".
  // For how much to take, everyone from 19 is an adult: the adult amounts go by age bands up to "31 and older"
  // ("how much magnesium does a 75 year old man need?" is answered by them, not by why older adults run low).
  if (auto age = age_named(a.words)) {
    const bool asks_amount = contains(own_aspects, "intake") || contains(own_aspects, "upper-limit");
    const char* group = *age < 19 ? "children" : (*age >= 65 && !asks_amount) ? "older-adults" : "adults";
    if (kb.concepts().get(group) && !contains(own_topics, group)) own_topics.push_back(group);
  }
  // "Can low magnesium cause tiredness?" names the cause itself, before "cause": it asks what the condition does
  // (symptoms). "What causes high magnesium, and what are the symptoms?" asks both.
  auto position = [&](const std::string& id) {
    auto it = first_position.find(id);
    return it == first_position.end() ? meaningful.size() : it->second;
  };
  const size_t condition_at = std::min(position("hypomagnesemia"), position("hypermagnesemia"));
  if (condition_at < position("causes") && position("causes") < meaningful.size() && contains(own_aspects, "symptoms"))
    own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "causes"));
  // "Why am I always tired, could it be magnesium?" asks whether a symptom comes from magnesium (symptoms), not
  // what causes a magnesium problem: "why" alone does not ask for causes next to a symptom, unless a condition
  // is named ("why is my magnesium low?").
  const bool cause_only_from_why = [&] {
    bool any = false;
    for (size_t i = 0; i < meaningful.size(); ++i)
      if (concept_of_word[i] == "causes") {
        if (meaningful[i] != "why") return false;
        any = true;
      }
    return any;
  }();
  if (cause_only_from_why && contains(own_aspects, "symptoms") && condition_at == meaningful.size())
    own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "causes"));
  // "What else can it cause?" after a question about low magnesium: the "it" before "cause" is the condition, so
  // what is asked is what the condition does (symptoms), as in "can low magnesium cause cramps?" - not what
  // causes it ("what causes it?").
  if (contains(own_aspects, "causes") && condition_at == meaningful.size() &&
      std::count_if(previous.topics.begin(), previous.topics.end(), is_condition) == 1) {
    auto first_of = [&](auto&& matches) {
      return std::find_if(a.words.begin(), a.words.end(), matches) - a.words.begin();
    };
    const auto pronoun_at = first_of([](const std::string& w) { return w == "it" || w == "that" || w == "this"; });
    const auto cause_at = first_of([](const std::string& w) { return w == "cause" || w == "causes"; });
    if (pronoun_at < cause_at && cause_at < static_cast<long>(a.words.size())) {
      own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "causes"));
      if (!contains(own_aspects, "symptoms")) own_aspects.push_back("symptoms");
    }
  }
  // "Is 500 mg too much?" asks about amounts; "I take 200 mg, should I take it with food?" asks about food.
  if (names_amount && own_aspects.empty()) own_aspects.push_back("intake");
  // "Can I take 1000 mg a day?" already says how much: it asks whether that amount is safe, which the upper
  // limit answers, not how much is recommended.
  const bool asks_leave_to_take = contains_phrase(raw_words, {"can", "i", "take"}) ||
                                  contains_phrase(raw_words, {"could", "i", "take"}) ||
                                  contains_phrase(raw_words, {"ok", "to", "take"}) ||
                                  contains_phrase(raw_words, {"okay", "to", "take"});
  a.asks_permission = asks_leave_to_take || contains_phrase(raw_words, {"can", "i", "still"}) ||
                      contains_phrase(raw_words, {"can", "i", "keep"}) || contains_phrase(raw_words, {"is", "it", "ok"}) ||
                      contains_phrase(raw_words, {"is", "it", "okay"}) || contains_phrase(raw_words, {"is", "it", "safe"}) ||
                      contains_phrase(raw_words, {"safe", "to", "take"}) || contains_phrase(raw_words, {"should", "i", "take"});
  if (names_amount && asks_leave_to_take && contains(own_aspects, "intake") && !contains(own_aspects, "upper-limit"))
    *std::find(own_aspects.begin(), own_aspects.end(), "intake") = "upper-limit";
  // Every concept named is a term of its own, even when spelled with function words ("too much magnesium").
  for (const auto& id : own_topics)
    if (is_specific_topic(id)) a.terms.push_back({light_stem(normalize_text(id)), id});
  for (const auto& id : own_aspects)
    if (id != "definition") a.terms.push_back({light_stem(normalize_text(id)), id});
  // Content words the knowledge base never uses (neither their stem nor the word itself; "untreated" is known
  // through "treated"): they say whether a message still continues the conversation (below).
  auto known = [&](const std::string& w, const std::string& stem) {
    return kb.key_id(stem) != kNoKey || kb.speller().knows(w);
  };
  std::vector<std::string> unknown_stems;
  for (size_t i = 0; i < meaningful.size(); ++i) {
    const std::string& w = meaningful[i];
    auto stems = content_stems({w});
    if (stems.empty()) continue;
    a.stems.push_back(stems[0]);
    a.terms.push_back({stems[0], concept_of_word[i]});
    if (known(w, stems[0])) continue;
    bool negation_known = false;
    for (const std::string prefix : {"un", "non"})
      if (starts_with(w, prefix) && w.size() > prefix.size() + 3) {
        const std::string rest = w.substr(prefix.size());
        const auto rest_stems = content_stems({rest});
        negation_known = negation_known || rest_stems.empty() || known(rest, rest_stems[0]);
      }
    if (!negation_known) unknown_stems.push_back(stems[0]);
  }
  const bool has_specific_topic = std::any_of(own_topics.begin(), own_topics.end(), is_specific_topic);
  // "mg" is also the unit: next to another subject ("how many mg of iron?") it does not name magnesium.
  const bool names_other_subject = rules.mentions_out_of_scope(a.words);
  auto names_magnesium_besides_units = [&] {
    std::vector<std::string> without_units;
    for (const auto& w : a.words)
      if (!is_mass_unit(w) && !is_amount_word(w)) without_units.push_back(w);
    return rules.mentions_in_scope(without_units);
  };
  const bool names_scope = (names_other_subject ? names_magnesium_besides_units()
                                                : rules.mentions_in_scope(a.words) || names_amount) ||
                           std::any_of(own_topics.begin(), own_topics.end(),
                                       [&](const std::string& id) { return rules.is_in_scope_topic(id); });
  const bool names_related = rules.mentions_related(a.words);
  a.names_magnesium = names_scope;
  a.about_magnesium_itself = only_asks_about_magnesium(without_fillers);
  a.names_amount = names_amount;
  static const std::set<std::string> kQuestionWords = {"how", "what", "whats", "which", "when", "where", "why", "who"};
  static const std::set<std::string> kAskingWords = {
      "how",   "what",  "whats", "which",  "when",  "where",  "why",    "who",    "is",      "are",    "am",
      "was",   "were",  "can",   "could",  "do",    "does",   "did",    "should", "shall",   "will",   "would",
      "may",   "might", "must",  "has",    "have",  "had",    "isnt",   "arent",  "cant",    "doesnt", "dont",
      "didnt", "wont",  "wouldnt", "shouldnt", "couldnt", "whether", "if",     "tell",   "explain", "describe",
      "list",  "define"};
  const auto first_asking = std::find_if(raw_words.begin(), raw_words.end(),
                                         [](const std::string& w) { return kAskingWords.count(w) > 0; });
  // (A question word after a word or two still opens the question: "at what level...", "so how much...".)
  a.asks_open_question = first_asking != raw_words.end() && first_asking - raw_words.begin() < 3 &&
                         kQuestionWords.count(*first_asking) > 0 &&
                         !(first_asking + 1 != raw_words.end() && first_asking[1] == "about");
  a.asks_in_no_words = first_asking == raw_words.end();
  // A statement may use the same verbs ("my son is 15", "I have kidney disease"); a question starts with one, has
  // a question word, or puts one before its subject ("I'm pregnant, is it safe?").
  static const std::set<std::string> kSubjects = {"i",  "you",  "he",   "she", "it",  "we",       "they",     "this",
                                                  "that", "there", "my", "your", "his", "her", "magnesium", "mag"};
  bool asks_a_question = !a.asks_in_no_words && kAskingWords.count(raw_words[0]) > 0;
  for (size_t i = 0; i < raw_words.size() && !asks_a_question; ++i)
    asks_a_question = kQuestionWords.count(raw_words[i]) > 0 ||
                      (kAskingWords.count(raw_words[i]) > 0 && i + 1 < raw_words.size() && kSubjects.count(raw_words[i + 1]) > 0);
  const bool names_medicine = std::any_of(own_topics.begin(), own_topics.end(), is_medicine);
  a.asks_to_stop_medicine = names_medicine && asks_to_stop(a.words);
  // (Supplements that "fix" low magnesium treat the deficiency itself, which the knowledge base covers.)
  a.asks_benefit = asks_benefit(a.words) && !contains(own_topics, "hypomagnesemia") &&
                   !(contains(previous.topics, "hypomagnesemia") && rules.has_follow_up_marker(raw_words));
  // "I'm on doxycycline for acne": what a named medicine is taken for only says why the person takes it; the
  // question is about the medicine, so an answer need not mention acne.
  auto is_reason_for_medicine = [&](const std::vector<std::string>& subject) {
    if (!names_medicine) return false;
    for (size_t i = 1; i + subject.size() <= a.words.size(); ++i)
      if (a.words[i - 1] == "for" && std::equal(subject.begin(), subject.end(), a.words.begin() + static_cast<long>(i)))
        return true;
    return false;
  };
  for (const auto& subject : rules.not_covered_subjects(a.words))
    if (!is_reason_for_medicine(subject))
      for (const auto& stem : content_stems(subject)) a.not_covered_stems.push_back(stem);
  // A word that neither the knowledge base, nor the dictionary, nor the spelling corrector knows is most often a
  // name the knowledge base has nothing on ("statins", "metformin"): an answer must then actually mention it.
  // (Without a dictionary every ordinary word would look unknown, so then the rule is off.)
  for (const auto& w : a.words)
    if (kb.has_dictionary() && w.size() >= 4 &&
        std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }) && !is_stopword(w) &&
        !rules.is_filler_word(w) && !kb.speller().knows(w) && !kb.is_dictionary_word(w))
      for (const auto& stem : content_stems({w})) a.not_covered_stems.push_back(stem);
  const bool changes_subject = names_other_subject && !names_scope && !names_related;
  // "How much do I need a day? I'm a 40 year old man" names no mineral, but in a magnesium chat an amount asked
  // for a group of people can only mean magnesium.
  const bool asks_amount_for_group =
      !changes_subject && (contains(own_aspects, "intake") || contains(own_aspects, "upper-limit")) &&
      std::any_of(own_topics.begin(), own_topics.end(), is_group_of_people);

  // A follow-up continues an in-scope conversation: it refers back ("it", "and", "what about") or asks only
  // for an aspect ("who is at risk?"), and does not move to a subject outside the knowledge base.
  // "I have type 2 diabetes." - "Does that affect my magnesium?": a message that names magnesium and refers back
  // also continues a conversation whose previous message was not about magnesium, but named something the
  // knowledge base knows (its topics were kept).
  const bool brings_in_magnesium = names_scope && !previous.topics.empty() && rules.has_follow_up_marker(raw_words);
  // Without a word that refers back, a message using words the knowledge base never uses ("how to fix a flat
  // tire", "tell me a joke") has left the conversation rather than continued it. (Words of the phrase lists, such
  // as "else" in "what else?", are known: the spelling corrector knows them.)
  const bool uses_unknown_words = !unknown_stems.empty();
  // "What are the symptoms of low magnesium?" - "In children?": a message that names only a group of people
  // asks the previous question of that group, so the previous subject stays (but not a previous group), however
  // long it is ("Why are older adults at risk?").
  const bool names_only_groups =
      has_specific_topic && std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
        return !is_specific_topic(t) || is_group_of_people(t);
      });
  a.follow_up = (previous.in_scope || brings_in_magnesium) && !changes_subject &&
                (rules.has_follow_up_marker(raw_words) || previous.told_in_same_message ||
                 (!uses_unknown_words && (!has_specific_topic || names_only_groups || a.stems.size() <= 3)));
  // "Is it contagious?", "is it hereditary?": a short follow-up whose own word the knowledge base never uses asks
  // exactly that, so an answer must mention it (else no_answer, not the previous entry again).
  if (a.follow_up && !has_specific_topic && a.stems.size() <= 3)
    a.not_covered_stems.insert(a.not_covered_stems.end(), unknown_stems.begin(), unknown_stems.end());
  a.topics = own_topics;
  a.aspects = own_aspects;
  // "Tell me more", "what else?": nothing is asked but more of the same, so the message's own words ("tell",
  // "else") are not terms an answer must match; the inherited subject is.
  a.asks_for_more = a.follow_up && !has_specific_topic && own_aspects.empty() && rules.asks_for_more(raw_words);
  if (a.asks_for_more) {
    a.stems.clear();
    a.terms.clear();
  }
  if (a.follow_up) {
    const bool refers_back = rules.has_follow_up_marker(raw_words);
    // "I was just put on furosemide." - "Can it lower my magnesium?": a message that refers back and names only
    // a condition says what it asks about the previous subject, which it keeps (but not a previous condition:
    // "what about high magnesium?" after low magnesium changes the condition).
    const bool names_only_conditions =
        has_specific_topic && std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
          return !is_specific_topic(t) || is_condition(t);
        });
    // "What is the upper limit for supplements?" - "Does that include food?": a message that asks whether the last
    // answer covers something asks the previous question again, with that something in it.
    static const std::set<std::string> kCovers = {"include", "includes", "including", "included", "apply",
                                                  "applies", "count",   "counts",    "cover",    "covers"};
    const bool asks_what_answer_covers =
        refers_back && std::any_of(raw_words.begin(), raw_words.end(),
                                   [](const std::string& w) { return kCovers.count(w) > 0; });
    // "I'm taking doxycycline." - "Can I keep taking my magnesium supplement with it?": what is taken "with it"
    // is taken with the previous subject, which stays, and the question is how the two go together ("how
    // should she time the two?").
    const bool with_previous_subject =
        refers_back && (contains_phrase(raw_words, {"with", "it"}) || contains_phrase(raw_words, {"with", "that"}) ||
                        contains_phrase(raw_words, {"with", "them"}) || contains_phrase(raw_words, {"with", "this"}) ||
                        contains_phrase(raw_words, {"with", "those"}) || contains_phrase(raw_words, {"with", "these"}) ||
                        contains_phrase(raw_words, {"the", "two"}) || contains_phrase(raw_words, {"them", "both"}));
    // "My PPI made my magnesium low." - "Will a magnesium supplement fix it?": "it" is what was being discussed;
    // a supplement or a form of magnesium named beside it is what is asked about, not a new subject.
    static const std::set<std::string> kNotASubject = {"supplements", "magnesium-forms"};
    const bool names_only_supplements =
        has_specific_topic && std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
          return !is_specific_topic(t) || kNotASubject.count(t) > 0;
        });
    const bool keeps_topics = !has_specific_topic || names_only_groups || asks_what_answer_covers ||
                              with_previous_subject || (refers_back && names_only_supplements) ||
                              (refers_back && own_aspects.size() > 0 && !names_scope);
    const bool keeps_subject = refers_back && names_only_conditions;
    // "I'm pregnant." - "I'm 34, how much do I need?": a pregnant woman's age says which pregnancy row applies;
    // she is still pregnant (the age alone would name adults).
    const bool pregnant_and_adult = contains(previous.topics, "pregnancy") && contains(a.topics, "adults") &&
                                    !contains(a.topics, "children") && !contains(a.topics, "older-adults");
    if (pregnant_and_adult) a.topics.erase(std::find(a.topics.begin(), a.topics.end(), "adults"));
    for (const auto& t : previous.topics)
      if ((keeps_topics || (keeps_subject && !is_condition(t))) && !contains(a.topics, t) &&
          !(names_only_groups && is_group_of_people(t) &&  // "and children?" after pregnancy asks of children
            !(pregnant_and_adult && t == "pregnancy"))) {
        a.topics.push_back(t);
        a.inherited.push_back(t);
      }
    // "I take Lasix." - "What symptoms should I look for?": an aspect asked of a subject (a medicine, a disease)
    // that the last answer tied to one condition (its entry is tagged low magnesium) is asked of that condition,
    // not of either. Only of such a subject: after "how do I test my magnesium?", "what is normal?" is not asked
    // of low magnesium although the tests entry is tagged with it.
    const bool names_condition = std::any_of(a.topics.begin(), a.topics.end(), is_condition);
    const bool previous_subject = std::any_of(previous.topics.begin(), previous.topics.end(), [](const std::string& t) {
      return is_specific_topic(t) && !is_condition(t);
    });
    if (keeps_topics && previous_subject && !own_aspects.empty() && !names_condition && !previous.answered.empty()) {
      std::vector<std::string> conditions;
      for (const auto& tag : tags_of_last_answer(previous, kb))
        if (is_condition(tag) && !contains(conditions, tag)) conditions.push_back(tag);
      if (conditions.size() == 1) {
        a.topics.push_back(conditions[0]);
        a.inherited.push_back(conditions[0]);
      }
    }
    // Taking something "with it" asks how the two go together.
    if (with_previous_subject && own_aspects.empty() && kb.concepts().get("interactions")) {
      own_aspects.push_back("interactions");
      a.aspects.push_back("interactions");
    }
    // "Does low magnesium affect calcium?" - "Why?": why the two are tied, which the entry on them explains (the
    // parathyroid hormone), not what causes low magnesium.
    // So is "why that number?" after an amount: why the amount is what it is, which its entry says.
    static const std::set<std::string> kRelatedMinerals = {"calcium", "potassium", "zinc", "vitamin-d"};
    static const std::set<std::string> kAmounts = {"intake", "upper-limit", "normal-range"};
    const bool asks_why_of_tie =
        own_aspects.size() == 1 && own_aspects[0] == "causes" && !has_specific_topic && a.stems.size() <= 2 &&
        contains(raw_words, std::string("why")) &&
        (std::any_of(previous.topics.begin(), previous.topics.end(),
                     [](const std::string& t) { return kRelatedMinerals.count(t) > 0; }) ||
         std::any_of(previous.aspects.begin(), previous.aspects.end(),
                     [](const std::string& asp) { return kAmounts.count(asp) > 0; }));
    if (asks_why_of_tie) {
      a.aspects.erase(std::find(a.aspects.begin(), a.aspects.end(), "causes"));
      a.terms.erase(std::remove_if(a.terms.begin(), a.terms.end(),
                                   [](const QueryTerm& t) { return t.concept_id == "causes"; }),
                    a.terms.end());
    }
    // "Do bananas have magnesium?" - "How much?": how much of it that food has.
    const bool asks_amount_in_food = own_aspects.size() == 1 && own_aspects[0] == "intake" && !has_specific_topic &&
                                     a.stems.size() <= 2 && contains(previous.aspects, "foods");
    if (asks_amount_in_food && !contains(a.aspects, "foods")) {
      a.aspects.push_back("foods");
      a.inherited.push_back("foods");
    }
    // "Tell me about calcium" - "and potassium?": what was asked carries over, but "tell me about" (definition)
    // only says the person wants to know something, so it does not.
    if (own_aspects.empty() || asks_what_answer_covers || asks_why_of_tie) {
      for (const auto& asp : previous.aspects)
        if (!contains(a.aspects, asp) && asp != "definition") {
          a.aspects.push_back(asp);
          a.inherited.push_back(asp);
        }
    }
  }
  // Inherited concepts join the question's words, so ranking weighs them like words the person typed.
  for (const auto& id : a.inherited)
    for (const auto& stem : content_stems(words_of(id))) {
      a.stems.push_back(stem);
      a.terms.push_back({stem, id});
    }
  // "Tell me more" after an answer whose question named nothing to search by ("what can you tell me about
  // magnesium?"): the subject is what the last answer's entry declares it is about (its tags).
  if (a.asks_for_more && a.terms.empty() && !previous.answered.empty()) {
    for (const auto& tag : tags_of_last_answer(previous, kb)) {
      const Concept* c = kb.concepts().get(tag);
      if (!c || tag == "magnesium" || tag == "definition") continue;
      auto& list = c->kind == ConceptKind::Aspect ? a.aspects : a.topics;
      if (!contains(list, tag)) list.push_back(tag);
      a.terms.push_back({light_stem(normalize_text(tag)), tag});
    }
  }
  // "Tell me more" with nothing before it (a new conversation, a reloaded page) has no subject to say more about:
  // it is answered like a greeting, with what can be asked, not as a question outside magnesium.
  if (!a.follow_up && previous.answered.empty() && !names_scope && !names_related && !has_specific_topic &&
      own_aspects.empty() && rules.asks_for_more(raw_words)) {
    a.kind = MessageKind::MoreWithoutSubject;
    return a;
  }
  // "My son is 15", "I'm pregnant with my second baby", "I have kidney disease": no question, nothing outside
  // magnesium, but something the knowledge base knows about the person (a group, a condition, what they eat).
  // It speaks of the person ("I", "my"), and asks for nothing, not even in keywords ("symptoms of diabetes",
  // "tell me more about supplements", "and for kids?").
  static const std::set<std::string> kPerson = {"i", "im", "ive", "id", "my", "me", "we", "our", "mine"};
  const bool speaks_of_person = std::any_of(raw_words.begin(), raw_words.end(),
                                            [](const std::string& w) { return kPerson.count(w) > 0; });
  const bool names_known_subject = has_specific_topic || contains(own_aspects, "foods");
  const bool asks_an_aspect = std::any_of(own_aspects.begin(), own_aspects.end(),
                                          [](const std::string& id) { return id != "foods"; });
  if (!a.follow_up && !asks_a_question && speaks_of_person && !names_scope && !names_related &&
      !changes_subject && a.not_covered_stems.empty() && names_known_subject && !asks_an_aspect &&
      !rules.asks_for_more(raw_words)) {
    a.kind = MessageKind::AboutThePerson;
    a.in_scope = true;
    return a;
  }
  a.in_scope = names_scope || names_related || asks_amount_for_group || (a.follow_up && !a.inherited.empty());
  a.related_only = names_related && !names_scope && !a.follow_up;
  if (a.follow_up && !a.in_scope && previous.in_scope && !changes_subject) a.in_scope = true;
  return a;
}

}  // namespace magchat
