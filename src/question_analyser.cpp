#include "question_analyser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "amounts_and_ages.h"
#include "follow_up.h"
#include "long_message.h"
#include "other_language.h"
#include "question_form.h"
#include "text.h"
#include "word_set.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

bool is_medicine(const std::string& concept_id) {
  static const WordSet kMedicines = {"medicines",       "ppi",           "diuretics",
                                     "antibiotics",     "aminoglycosides", "bisphosphonates",
                                     "levothyroxine",   "cancer-drugs"};
  return kMedicines.count(concept_id) > 0;
}

bool is_cause_of_low_magnesium(const std::string& concept_id) {
  static const WordSet kCausesNotMedicines = {"alcohol", "diabetes", "gut-disorders", "stomach-bug"};
  return (is_medicine(concept_id) && concept_id != "medicines"sv) || kCausesNotMedicines.count(concept_id) > 0;
}

bool tells_kidney_disease(const std::vector<std::string>& words) {
  static const WordSet kKidney = {"kidney", "kidneys", "renal", "ckd", "dialysis", "haemodialysis", "hemodialysis"};
  // (Not "bad" or "problems": "is magnesium bad for my kidneys?" asks, and tells nothing.)
  static const WordSet kDisease = {"disease", "failure", "failing", "ckd", "dialysis", "stage", "insufficiency",
                                   "transplant", "haemodialysis", "hemodialysis", "impairment", "impaired"};
  // An eGFR under 60 told is kidney disease: "my eGFR is 22", "gfr 18" (safety review, 2026-12-01).
  static const WordSet kFiltration = {"egfr", "gfr"};
  static const WordSet kSomeone = {"i",  "im",  "ive", "my",  "he",  "she", "hes", "shes", "his",
                                   "her", "has", "have", "we", "our", "mum", "mom", "dad", "wife", "husband"};
  // (Not denied: "no kidney disease", "I don't have kidney disease": a negation within three words before it.)
  static const WordSet kDenies = {"no", "not", "dont", "doesnt", "without", "never", "havent", "hasnt", "isnt"};
  bool kidney = false, disease = false;
  for (size_t i = 0; i < words.size(); ++i) {
    // (The number that is the eGFR, within five words: "my egfr has been around 30", not "went up 5 points to 95",
    // "1 of the best", "in 3 tests".)
    bool low_filtration = false;
    if (kFiltration.count(words[i]))
      for (size_t k = i + 1; k < std::min(words.size(), i + 6); ++k) {
        static const WordSet kNotTheValue = {"points", "point", "percent", "of", "tests", "test", "times", "years",
                                             "months", "weeks", "days", "yo", "yrs", "year"};
        static const WordSet kNotBefore = {"in", "by", "im", "age", "aged", "turned", "am"};
        if (!is_number(words[k]) || (k + 1 < words.size() && kNotTheValue.count(words[k + 1])) ||
            kNotBefore.count(words[k - 1]))
          continue;
        low_filtration = std::atof(words[k].c_str()) < 60;
        break;
      }
    // (a value told is someone's: "gfr 18"; not one said to be fine: "my egfr is normal")
    static const WordSet kFineValue = {"normal", "fine", "healthy", "good", "great"};
    if (low_filtration &&
        std::none_of(words.begin(), words.end(), [](const std::string& w) { return kFineValue.count(w) > 0; }))
      return true;
    // ("problems" or "issues" only told as had, right after the kidneys: "my dad is 78, has kidney problems", "I live
    // with kidney issues"; not "can magnesium cause kidney problems?". Blind set b482.)
    // (Only told: "has"/"had", or "have" after I/we/they, and no "if", "whether", "do" or "mean" just before -
    // not "could high magnesium mean I have kidney problems?", "help with kidney issues". Review 2026-12-01.)
    static const WordSet kProblems = {"problems", "problem", "issues", "issue", "trouble"};
    static const WordSet kWhoHave = {"i", "we", "they"};
    static const WordSet kSupposes = {"if", "whether", "do", "does", "could", "can", "might", "may", "would",
                                      "will", "mean", "means", "cause", "causes", "get", "give"};
    const auto told_problems_at = [&](size_t at) {
      if (at < 2 || !kProblems.count(words[at]) || !kKidney.count(words[at - 1])) return false;
      const std::string& verb = words[at - 2];
      if (verb == "have"sv ? !(at >= 3 && kWhoHave.count(words[at - 3])) : verb != "has"sv && verb != "had"sv) return false;
      for (size_t k = at >= 6 ? at - 6 : 0; k + 2 < at; ++k)
        if (kSupposes.count(words[k])) return false;
      return true;
    };
    const bool told_problems = told_problems_at(i);
    const bool is_kidney = kKidney.count(words[i]) > 0, is_disease = kDisease.count(words[i]) > 0 || told_problems;
    if (!is_kidney && !is_disease) continue;
    bool denied = false;
    for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) denied = denied || kDenies.count(words[k]) > 0;
    // (A denied word only: "stage 5 CKD, not on dialysis yet" still tells kidney disease, safety review 2026-12-01,
    // third; "I don't have kidney disease" denies both its words.)
    if (denied) continue;
    kidney = kidney || is_kidney;
    disease = disease || is_disease;
  }
  static const WordSet kFine = {"healthy", "normal", "fine"};
  return kidney && disease &&
         std::any_of(words.begin(), words.end(), [](const std::string& w) { return kSomeone.count(w) > 0; }) &&
         std::none_of(words.begin(), words.end(), [](const std::string& w) { return kFine.count(w) > 0; });
}

namespace {

// "stop", "quit", "come off": the message is about no longer taking something.
// See Analysis::asks_what_to_do_after_swallowing.
bool asks_what_to_do_after_swallowing(const std::vector<std::string>& words, bool previous_names_product,
                                      bool previous_about_child, const ConceptIndex& concepts) {
  auto any_of_words = [&](const WordSet& set) {
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return set.count(w) > 0; });
  };
  // (Not a pet: "my dog ate a magnesium tablet... are they safe for kids?" - unless a person is named too: "my dog...
  // no sorry, my son (5) swallowed a few of my magnesium tablets", safety review 2026-12-01, third.)
  static const WordSet kPets = {"dog", "dogs", "cat", "cats", "pet", "pets", "puppy", "kitten"};
  static const WordSet kPerson = {"son", "daughter", "child", "kid", "toddler", "baby", "resident", "patient", "mum",
                                  "mom", "dad", "husband", "wife", "grandma", "grandpa", "grandson", "granddaughter"};
  if (any_of_words(kPets) && !any_of_words(kPerson)) return false;
  // Verbs of swallowing something, told as done ("ate", "chewed"), or in the present ("eats", "drink"). The present
  // is a habit or a plan unless it is supposed ("what happens if a child swallows..."): "my daughter drinks
  // magnesium citrate for constipation" and "my kid eats magnesium gummies every day" tell no accident (re-check of
  // 2026-12-02).
  // ("ingested", "drunk": a third re-check of 2026-12-02, "a customer's child has just ingested an unknown number of
  // magnesium oxide 400 mg tablets", "ive just drunk about 300ml of magnesium citrate solution")
  static const WordSet kSwallowedPast = {"swallowed", "ate",    "eaten",   "drank",  "drunk",
                                         "gulped",    "downed", "chugged", "chewed", "popped", "ingested"};
  static const WordSet kSwallowingNow = {"swallow", "swallows", "eat", "eats", "drink", "drinks", "chews"};
  // (Not a verb denied: "what should I do if my child won't swallow her magnesium pill", re-check of 2026-12-02.)
  const auto denied_at = [&](size_t i) { return verb_denied_at(words, i); };
  const auto told_at = [&](const WordSet& verbs) {
    for (size_t i = 0; i < words.size(); ++i)
      if (verbs.count(words[i]) && !denied_at(i)) return true;
    return false;
  };
  // (Supposed: "if", "in case", "suppose", "supposing", "when a kid swallows..."; re-check of 2026-12-02.)
  static const WordSet kSupposing = {"if", "case", "suppose", "supposing", "when", "whenever"};
  auto swallowed_or_supposed = [&] {
    return told_at(kSwallowedPast) || (told_at(kSwallowingNow) && any_of_words(kSupposing));
  };
  static const WordSet kOverdosed = {"overdose", "overdoses", "overdosed"};
  const auto swallows_at = [&](size_t i) {
    return kSwallowedPast.count(words[i]) || kSwallowingNow.count(words[i]) || kOverdosed.count(words[i]);
  };
  static const WordSet kProducts = {"epsom", "pills", "pill", "tablets", "tablet", "gummies", "gummy", "supplements",
                                    "supplement", "laxative", "laxatives", "antacid", "antacids", "magnesia", "bottle",
                                    "capsules", "capsule", "citrate", "oxide"};
  static const WordSet kMagnesium = {"magnesium", "mag"};
  // ("my toddler just ate 5 of them" after a question about supplements: the product is the one asked about.)
  // (Only some of them counted: "ate 5 of them", not "what if I drink it".)
  static const WordSet kPointers = {"them", "those", "these"};
  bool counts_of_pointer = false;
  for (size_t i = 0; i + 2 < words.size(); ++i)
    counts_of_pointer = counts_of_pointer || ((is_number(words[i]) || words[i] == "all"sv || words[i] == "few"sv ||
                                               words[i] == "bunch"sv || words[i] == "handful"sv || words[i] == "some"sv) &&
                                              words[i + 1] == "of"sv && kPointers.count(words[i + 2]));
  const bool names_product = any_of_words(kProducts) || any_of_words(kMagnesium) ||
                             ((previous_names_product || previous_about_child) && counts_of_pointer);
  bool swallows = contains_phrase(words, {"too", "much"}) || contains_phrase(words, {"too", "many"});
  for (size_t i = 0; i < words.size() && !swallows; ++i) swallows = swallows_at(i);
  // (Asking what to do needs what was swallowed to be the product: the first word after the verb, past amounts and
  // containers, names it or points to it. "what do I do, I drank a bottle of magnesium citrate", "I think I took too
  // much magnesium, what should I do", not "what should I do if my kids drink too little milk, are they low in
  // magnesium", "I drank milk with my magnesium tablet", "my kids eat too much chocolate, is the magnesium too much"
  // nor "i can't swallow magnesium tablets, they're too big"; blind probe and re-check of 2026-12-02.)
  // (Of a child, what was swallowed may be named anywhere after it: "what do I do? my 2 year old swallowed a load of
  // the stuff from my bedside drawer, it's magnesium".)
  static const WordSet kAmountOrContainer = {
      "a",      "an",     "the",   "some",    "of",     "my",     "his",     "her",    "their",  "our",
      "your",   "too",    "much",  "many",    "lot",    "lots",   "loads",   "load",   "whole",  "half",
      "bottle", "bottles", "packet", "packets", "box",  "tub",    "jar",     "few",    "several", "handful",
      "bunch",  "all",    "couple", "extra",  "more",   "entire", "like",    "about",  "maybe",  "around",
      "on",     "x",      "mg",    "full",    "container", "pack", "sachet", "sachets", "spoonful", "bag",
      "bags",   "bowl",   "bowls", "tin",     "can",    "plate",  "plates",   "slice",  "slices", "piece",
      "pieces", "cup",    "cups",  "glass",   "glasses", "big",   "large",   "small",
      // ("all of this week's magnesium tablets")
      "this",   "week",   "weeks", "month",   "months", "worth",  "supply",  "heap",   "heaps",  "ton",
      "tons",   "pile",   "piles"};
  static const WordSet kTakingVerbs = {"took", "taken", "had", "take", "taking"};
  const auto names_what_was_swallowed = [&](size_t k) {
    const std::string& w = words[k];
    // (Not a food or water rich in it: "drank a whole bottle of magnesium-rich mineral water".)
    if (kMagnesium.count(w) && k + 1 < words.size() && words[k + 1] == "rich"sv) return false;
    return kProducts.count(w) || kMagnesium.count(w) || kPointers.count(w) || w == "it"sv || w == "stuff"sv ||
           w == "thing"sv || (w == "milk"sv && k + 2 < words.size() && words[k + 2] == "magnesia"sv);
  };
  // The first word after a verb at i past amounts and containers: what was swallowed or taken.
  const auto object_after = [&](size_t i) {
    size_t k = i + 1;
    // (An amount with its unit too: "drunk about 300ml of magnesium citrate".)
    while (k < words.size() && (kAmountOrContainer.count(words[k]) || is_number(words[k]) ||
                                std::isdigit(static_cast<unsigned char>(words[k][0])) || words[k] == "ml"sv))
      ++k;
    return k;
  };
  // (A food swallowed, which names no product: "my son ate a whole bag of cashews, is that too much magnesium?" is
  // about food, even with magnesium named after it; re-check of 2026-12-02.)
  const auto is_food = [&](const std::string& w) {
    if (kProducts.count(w) || kMagnesium.count(w)) return false;
    const auto found = concepts.find(std::vector<std::string>{w});
    return std::find(found.begin(), found.end(), "foods") != found.end();
  };
  // (Or a food after one word that says which: "a whole bowl of black beans", "brown rice"; fifth blind probe of
  // 2026-12-02, s38.)
  const auto food_at = [&](size_t k) {
    return k < words.size() &&
           (is_food(words[k]) || (k + 1 < words.size() && !kProducts.count(words[k]) && !kMagnesium.count(words[k]) &&
                                  is_food(words[k + 1])));
  };
  bool swallowed_food = false;
  for (size_t i = 0; i < words.size() && !swallowed_food; ++i)
    if (swallows_at(i) || kTakingVerbs.count(words[i])) swallowed_food = food_at(object_after(i));
  auto swallowed_the_product = [&](bool of_a_child) {
    for (size_t i = 0; i < words.size(); ++i) {
      const bool past = kSwallowedPast.count(words[i]) > 0;
      const bool too_much_after = i + 2 < words.size() && words[i + 1] == "too"sv &&
                                  (words[i + 2] == "much"sv || words[i + 2] == "many"sv);
      if (!swallows_at(i) && !(kTakingVerbs.count(words[i]) && too_much_after)) continue;
      if (denied_at(i)) continue;
      const size_t k = object_after(i);
      if (k < words.size() && names_what_was_swallowed(k)) return true;
      // (A product swallowed with the food: "ate a whole bag of cashews and like 10 magnesium pills".)
      if (food_at(k))
        for (size_t m = k + 1; m < words.size() && m <= k + 5; ++m)
          if (words[m] == "and"sv || words[m] == "plus"sv) {
            const size_t after = object_after(m);
            if (after < words.size() && kProducts.count(words[after])) return true;
            if (after + 1 < words.size() && kMagnesium.count(words[after]) && kProducts.count(words[after + 1]))
              return true;
          }
      // ("I think I took too much, what should I do?": nothing named after it, so it is what the message names.)
      if (too_much_after && (k == words.size() || is_stopword(words[k]))) return true;
      // (After a food swallowed, only a product named: not the magnesium the food has.)
      if (of_a_child && past)
        for (size_t m = k; m < words.size(); ++m)
          if (swallowed_food ? kProducts.count(words[m]) > 0 : names_what_was_swallowed(m)) return true;
    }
    return false;
  };
  // (A child who took or had someone's tablets: "my 2 year old took a few of my magnesium tablets", "got into the
  // bottle and had a few".)
  static const WordSet kSomeonesSupply = {"few", "several", "handful", "bunch", "whole", "all"};
  // ("got into the magnesium bottle, maybe 5 or 6 gone", "a few are missing")
  static const WordSet kGone = {"gone", "missing"};
  const bool took_a_supply = ((any_of_words(kSwallowedPast) || contains(words, std::string("took")) ||
                               contains(words, std::string("had"))) &&
                              (any_of_words(kSomeonesSupply) || contains_phrase(words, {"of", "my"}) ||
                               contains_phrase(words, {"got", "into"}) || contains_phrase(words, {"some", "of"}))) ||
                             (contains_phrase(words, {"got", "into"}) && any_of_words(kGone));
  // (Taken by mistake, or many at once: "i took 2000mg of magnesium by mistake", "took 8 magnesium oxide 400mg
  // tablets at once".)
  // (Only a large amount: 1000 mg or more, or three or more tablets. Not a dose taken twice, nor two things taken
  // together: "I accidentally took my doxycycline together with my magnesium".)
  auto large_amount_told = [&] {
    for (size_t i = 0; i < words.size(); ++i) {
      const std::string& w = words[i];
      size_t digits = 0;
      while (digits < w.size() && std::isdigit(static_cast<unsigned char>(w[digits]))) ++digits;
      if (digits == 0 || digits > 6) continue;
      const long n = std::stol(w.substr(0, digits));
      const std::string unit = digits < w.size() ? w.substr(digits) : (i + 1 < words.size() ? words[i + 1] : "");
      const bool in_mg = unit == "mg"sv || unit == "milligrams"sv;
      // (1000 mg of magnesium or of a product named within three words: not "1000 mg of vitamin C".)
      if (n >= 1000 && in_mg)
        for (size_t k = i + 1; k < words.size() && k <= i + 4; ++k)
          if (kProducts.count(words[k]) || kMagnesium.count(words[k])) return true;
      // (A count of five or more tablets, not an amount in mg: "a 250mg tablet", nor a label's 3-capsule serving.)
      if (n >= 5 && n < 1000 && !in_mg && unit != "g"sv)
        for (size_t k = i + 1; k < words.size() && k <= i + 5; ++k)
          if (kProducts.count(words[k]) && words[k] != "citrate"sv && words[k] != "oxide"sv) return true;
    }
    // (All of someone's tablets, or a load of them: "Mum took all her week's tablets in one go", "took a load of
    // laxatives with magnesium in them"; re-check of 2026-12-02.)
    static const WordSet kCounted = {"tablets", "pills", "capsules", "gummies", "laxatives", "antacids", "supplements"};
    static const WordSet kAllOrLoad = {"all", "load", "loads", "lots", "lot", "bunch", "handful", "heap", "heaps",
                                       "ton", "tons", "pile"};
    // (Not all of a day's: "I just took all my tablets for today".)
    static const WordSet kRoutine = {"today", "tonight", "daily", "morning", "evening", "usual", "normal", "regular",
                                     "routine", "prescribed", "todays", "tonights", "mornings", "evenings"};
    const bool routine = any_of_words(kRoutine);
    // (Three or more on top: "swallowed his tablet whole and then took seven more"; re-check of 2026-12-02.)
    for (size_t i = 0; i + 1 < words.size(); ++i)
      if (is_number(words[i]) && std::atof(words[i].c_str()) >= 3 && words[i + 1] == "more"sv) return true;
    // ("all of this week's magnesium tablets"; or a load of magnesium itself: "my husband took a lot of magnesium
    // oxide tonight"; re-check of 2026-12-02)
    for (size_t i = 0; i < words.size(); ++i)
      if (kAllOrLoad.count(words[i]) && !(routine && words[i] == "all"sv)) {
        for (size_t k = i + 1; k < words.size() && k <= i + 6; ++k)
          if (kCounted.count(words[k])) return true;
        if (words[i] != "all"sv && i + 2 < words.size() && words[i + 1] == "of"sv &&
            (kMagnesium.count(words[i + 2]) || kProducts.count(words[i + 2])))
          return true;
      }
    return false;
  };
  // (Only taken: "is it ok to take all my magnesium tablets at once instead of twice a day?" asks how to take them;
  // third blind probe of 2026-12-02, s38.)
  static const WordSet kTakenPast = {"took", "taken", "had"};
  // (A schedule asked: "instead of twice a day", "or split them"; not "can i take 8 magnesium tablets at once?",
  // which still gets the poison-control line.)
  static const WordSet kSchedule = {"spread", "split", "separately", "twice", "divide", "divided"};
  const bool asks_how_to_take = !any_of_words(kTakenPast) && !any_of_words(kSwallowedPast) &&
                                (contains_phrase(words, {"instead", "of"}) || any_of_words(kSchedule));
  const bool took_by_mistake =
      !asks_how_to_take && (any_of_words(kTakingVerbs) || any_of_words(kSwallowedPast)) &&
      (contains_phrase(words, {"by", "mistake"}) || contains_phrase(words, {"by", "accident"}) ||
       contains(words, std::string("accidentally")) || contains_phrase(words, {"at", "once"}) ||
       // (or just now: "I took 2000mg about an hour ago", "i just took 8 tablets"; not "1000 mg a day for years")
       contains(words, std::string("ago")) || contains(words, std::string("just")) ||
       contains_phrase(words, {"in", "one", "go"})) &&
      large_amount_told();
  // (Anything taken by accident, of a child: below. Taken, not bought or spilled: "accidentally bought the oxide for
  // my daughter", "my son accidentally spilled epsom salt in the bath"; re-check of 2026-12-02.)
  // (Or given: "accidentally gave my 2 year old the adult dose of milk of magnesia".)
  static const WordSet kTakenIn = {"take", "takes", "took", "taken", "taking", "had", "has", "got", "gave", "given"};
  const bool by_accident = (contains(words, std::string("accidentally")) ||
                            contains(words, std::string("accidently")) || contains_phrase(words, {"by", "accident"}) ||
                            contains_phrase(words, {"by", "mistake"})) &&
                           (any_of_words(kTakenIn) || told_at(kSwallowedPast) || told_at(kSwallowingNow));
  // (Or taken, of anyone, when the amount is large: "granddad took 5 magnesium hydroxide tablets, what should we do",
  // "my teen took a load of laxatives with magnesium in them, maybe 20"; not a routine: "I took 5 tablets a day",
  // "took lots of supplements during pregnancy", nor a bowel preparation taken as told. Re-check of 2026-12-02.)
  static const WordSet kAsDirected = {"prep",      "colonoscopy", "prescribed", "instructed", "directed", "procedure",
                                      "advice",    "advised",     "recommended"};
  // (A week's supply is no habit: "Mum's taken all of this week's magnesium tablets".)
  static const WordSet kHabit = {"day",    "daily",  "every",  "each",   "per",    "weekly", "nightly",
                                 "during", "usually", "always", "normally", "regularly", "years", "months",
                                 "days",   "year"};
  // (Or long ago: "took a lot of magnesium when i was training for the marathon".)
  const bool told_as_habit = any_of_words(kHabit) || contains_phrase(words, {"when", "i", "was"}) ||
                             contains_phrase(words, {"back", "when"}) || contains_phrase(words, {"a", "week"}) ||
                             contains_phrase(words, {"a", "month"}) || contains_phrase(words, {"for", "weeks"}) ||
                             contains_phrase(words, {"the", "week"}) || contains_phrase(words, {"the", "month"});
  bool took_a_large_amount = false;
  if (!told_as_habit && !any_of_words(kAsDirected))
    for (size_t i = 0; i < words.size() && !took_a_large_amount; ++i)
      if ((words[i] == "took"sv || words[i] == "taken"sv) && !denied_at(i)) {
        const size_t k = object_after(i);
        took_a_large_amount = k < words.size() && names_what_was_swallowed(k) && large_amount_told();
      }
  // (Already seen to: "My sister swallowed a bunch of magnesium tablets on Saturday. They treated her at the hospital
  // and she's fine now.")
  // (Unless said not to be: "she still hasn't recovered"; nor discharged before it happened again: "was discharged
  // yesterday but today she took loads of magnesium tablets again". Re-check of 2026-12-02.)
  static const WordSet kSeenTo = {"treated", "recovered", "discharged"};
  for (size_t i = 0; i < words.size(); ++i)
    if (((kSeenTo.count(words[i]) &&
          (words[i] != "discharged"sv ||
           std::none_of(words.begin() + static_cast<long>(i), words.end(), [&](const std::string& w) {
             return kSwallowedPast.count(w) || w == "took"sv || w == "taken"sv;
           }))) ||
         (words[i] == "fine"sv && i + 1 < words.size() && words[i + 1] == "now"sv) ||
         (words[i] == "sent"sv && i + 2 < words.size() && (words[i + 1] == "home"sv || words[i + 2] == "home"sv))) &&
        !said_not_so_at(words, i))
      return false;
  // (How a tablet went down, not how many: "my son swallowed his magnesium tablet whole without water", "swallowed
  // her pills whole instead of crushing them". Not when more followed: "swallowed his tablet whole then took another
  // eight"; re-check of 2026-12-02.)
  static const WordSet kHowItWentDown = {"without", "instead", "rather", "will", "still", "by", "is", "does"};
  static const WordSet kMoreTaken = {"another", "more", "rest", "others", "then", "plus", "also"};
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if ((kProducts.count(words[i]) || kMagnesium.count(words[i]) || words[i] == "it"sv || words[i] == "them"sv ||
         words[i] == "chewable"sv) &&
        words[i + 1] == "whole"sv && (i + 2 == words.size() || kHowItWentDown.count(words[i + 2])) &&
        !any_of_words(kMoreTaken) && !large_amount_told())
      return false;
  if (!(swallows || contains_phrase(words, {"got", "into"}) || took_a_supply ||
        took_by_mistake || by_accident || took_a_large_amount) ||
      !names_product)
    return false;
  if (took_by_mistake) return true;
  const bool asks_what_to_do = contains_phrase(words, {"what", "do", "i", "do"}) ||
                               contains_phrase(words, {"what", "should", "i", "do"}) ||
                               contains_phrase(words, {"what", "do", "we", "do"}) ||
                               contains_phrase(words, {"what", "should", "we", "do"}) ||
                               contains_phrase(words, {"what", "do", "you", "do"}) ||
                               contains_phrase(words, {"what", "to", "do"});
  // (A child who swallowed a product, asked about or told: "what happens if a child swallows a lot of epsom salt",
  // "my daughter drank some epsom salt bath water". Not a child's food or dose: "can my son overdose on magnesium
  // from eating too many nuts?", "my toddler ate a lot of spinach, how much magnesium is in it?")
  static const WordSet kChild = {"child", "childs", "kid", "kids", "toddler", "baby", "son", "daughter",
                                 "grandson", "granddaughter", "boy", "girl", "infant", "yo", "1yo", "2yo", "3yo",
                                 "4yo", "5yo", "6yo"};
  // (Or the child the last turn was about: "is magnesium safe for kids?" - "what if my kid ate a bunch of them",
  // "...for my 3 year old?" - "what if she swallowed a few of my tablets?"; safety review 2026-12-01.)
  static const WordSet kThatChild = {"she", "he", "her", "him", "they", "them"};
  const bool names_child = any_of_words(kChild) || contains_phrase(words, {"year", "old"}) ||
                           contains_phrase(words, {"yr", "old"}) || contains_phrase(words, {"years", "old"}) ||
                           (previous_about_child && any_of_words(kThatChild));
  const bool product_named = any_of_words(kProducts) || (previous_names_product && any_of_words(kPointers)) ||
                             (previous_about_child && counts_of_pointer);  // (of the magnesium asked about for them)
  // (Or taken by accident, whatever the amount: "what happens if a child accidentally takes an adult magnesium
  // tablet", blind set b502.)
  const bool child_swallowed =
      names_child && (((swallowed_or_supposed() || took_a_supply || by_accident) && product_named) ||
                      (took_a_supply && names_product && !swallowed_food));
  // (A large quantity swallowed, told calmly, of anyone: "a resident with dementia found and ate a packet of epsom
  // salts", "I think I swallowed too much milk of magnesia, like half the bottle"; safety review 2026-12-01, third.
  // Not a bowel preparation drunk as told: "drank the bottle of magnesium citrate for my colonoscopy".)
  static const WordSet kQuantity = {"packet", "packets", "bottle", "bottles", "tub", "box", "jar", "container", "bag"};
  // (A product named, not magnesium alone: "I ate a whole bag of almonds lol, can that give me too much magnesium?")
  // (What was swallowed is the product: not "I drank a whole bottle of mineral water that's high in magnesium"; third
  // re-check of 2026-12-02.)
  const bool swallowed_a_large_quantity =
      any_of_words(kSwallowedPast) && any_of_words(kProducts) && swallowed_the_product(false) &&
      (any_of_words(kQuantity) || contains_phrase(words, {"too", "much"}) || contains_phrase(words, {"too", "many"}) ||
       large_amount_told()) &&  // ("my nan swallowed 6 milk of magnesia tablets thinking they were mints")
      !any_of_words(kAsDirected);
  // (Or a child who got into it: "my kid got into my magnesium, what do i do"; re-check of 2026-12-02.)
  const bool child_got_into = names_child && contains_phrase(words, {"got", "into"});
  return (asks_what_to_do && (swallowed_the_product(names_child) || took_a_supply || child_got_into)) ||
         child_swallowed || swallowed_a_large_quantity || took_a_large_amount;
}

// Words naming the magnesium someone takes, right before what it is taken for ("glycinate for sleep"),
// or stopped ("should I stop my magnesium supplement").
const WordSet kMagnesiumTaken = {"magnesium", "mag",      "mg",         "glycinate",  "citrate",
                                 "oxide",     "chloride", "threonate",  "supplement", "supplements"};

// Whether "stop" at `i` keeps something from happening rather than ending a medicine: "can magnesium stop my Fosamax
// from working properly?", "will it stop the levothyroxine working" (blind set b502). Not "stop taking it from
// Monday".
bool stops_from_happening(const std::vector<std::string>& words, size_t i) {
  if (i + 1 < words.size() && (words[i + 1] == "taking"sv || words[i + 1] == "using"sv)) return false;
  for (size_t k = i + 1; k < words.size() && k <= i + 5; ++k) {
    if (words[k] == "working"sv) return true;
    if (k + 1 < words.size() && words[k] == "from"sv && words[k + 1].size() > 4 &&
        words[k + 1].compare(words[k + 1].size() - 3, 3, "ing") == 0)
      return true;
  }
  return false;
}

bool asks_to_stop(const std::vector<std::string>& words) {
  static const WordSet kStop = {"stop",    "stopping", "stopped",  "quit",        "quitting",
                                "skip",    "skipping", "discontinue", "discontinuing", "cease"};
  // (A heart that skips beats skips no medicine: "my heart has been skipping beats all afternoon ... I'm on
  // omeprazole".)
  auto skips_a_beat = [&](size_t i) {
    const size_t next = i + 1 < words.size() && words[i + 1] == "a"sv ? i + 2 : i + 1;
    return words[i].rfind("skip", 0) == 0 && next < words.size() && (words[next] == "beat"sv || words[next] == "beats"sv);
  };
  // (Magnesium stopped is no medicine: "should I stop my magnesium supplement while on doxycycline", blind set b502.)
  static const WordSet kWhoseOrTaking = {"my", "the", "taking", "using", "his", "her", "their", "your", "this", "that"};
  auto stops_magnesium = [&](size_t i) {
    size_t k = i + 1;
    while (k < words.size() && k <= i + 3 && kWhoseOrTaking.count(words[k])) ++k;
    return k < words.size() && kMagnesiumTaken.count(words[k]) > 0;
  };
  for (size_t i = 0; i < words.size(); ++i) {
    if (kStop.count(words[i]) && !skips_a_beat(i) && !stops_from_happening(words, i) && !stops_magnesium(i))
      return true;
    if (i + 1 < words.size() && words[i + 1] == "off"sv &&
        (words[i] == "come"sv || words[i] == "coming"sv || words[i] == "get"sv || words[i] == "go"sv || words[i] == "going"sv))
      return true;
  }
  return false;
}

// Words that ask whether something is a problem ("is that a problem?", "is it ok?", "any issue?"): said of a
// medicine and magnesium together, they ask how the two interact.
const WordSet& whether_trouble_words() {
  static const WordSet kWords = {"problem", "problems", "issue", "issues", "ok",      "okay",
                                 "safe",    "fine",     "concern", "conflict", "clash"};
  return kWords;
}

// "can she take a magnesium supplement?", "should I add magnesium?", "could he have his magnesium tablets": asks
// whether it may be taken (a "can", "could", "should" or "may" with "take", "have", "add", "start" or "use" at most
// three words after it).
bool asks_whether_one_may_take(const std::vector<std::string>& words) {
  static const WordSet kMay = {"can", "could", "should", "may"};
  static const WordSet kTake = {"take", "have", "add", "start", "use"};
  for (size_t i = 0; i < words.size(); ++i)
    if (kMay.count(words[i]))
      for (size_t k = i + 1; k < words.size() && k <= i + 3; ++k)
        if (kTake.count(words[k])) return true;
  return false;
}

// True when `word` names a prescription medicine by its usual ending or a common brand ("lisinopril", "metoprolol",
// "amlodipine", "lasix"), so that asking to stop or swap it gets the warning even when the knowledge base has no
// entry on it (safety review, 2026-12-01).
bool is_medicine_name(const std::string& word) {
  static constexpr std::string_view kEndings[] = {"pril",  "olol",   "dipine",  "sartan", "statin", "prazole", "floxacin",
                                   "cycline", "mycin", "cillin", "formin", "thiazide", "semide", "tidine",
                                   "xaban", "farin",  "gliptin", "lactone", "ainide", "darone", "tilide", "afenone",
                                   // (benzodiazepines, triptans, stimulants: seventh safety review, finding 7)
                                   "azepam", "azolam", "triptan", "phenidate", "piramate",
                                   // (alpha blockers, antidepressants, antifungals, diabetes and steroid medicines,
                                   // anti-epileptics and pain relievers that people list beside covered ones:
                                   // "ciprofloxacin, milk of magnesia, and tamsulosin", seventh safety review)
                                   "osin", "oxetine", "triptyline", "azole", "gliflozin", "glutide", "parin",
                                   "lukast", "olone", "isone", "asone", "setron", "azepine", "iracetam", "trigine",
                                   "profen", "fenac", "codone", "purinol"};
  static const WordSet kBrands = {"lasix",   "cipro",   "nexium",  "prilosec", "synthroid", "eliquis", "xarelto",
                                  "coumadin", "zestril", "norvasc", "lopressor", "toprol",  "lipitor", "crestor",
                                  "zocor",   "glucophage", "digoxin", "lanoxin", "bumex", "aldactone", "warfarin",
                                  "levothyroxine", "ppi", "ppis", "bisoprolol", "carvedilol", "statin", "statins",
                                  "sertraline", "gabapentin", "prednisone", "insulin", "tambocor", "multaq",
                                  "cordarone", "rythmol", "sotalol", "jardiance", "ozempic", "entresto", "tegretol",
                                  "lamictal", "plaquenil", "brilinta", "farxiga", "plavix", "januvia", "trulicity",
                                  "mounjaro", "wegovy", "zoloft", "prozac", "lexapro", "wellbutrin", "keppra",
                                  "depakote", "lithium", "aricept", "singulair", "metoprolol",
                                  "ritalin", "adderall", "concerta", "vyvanse", "xanax", "valium", "ativan", "klonopin",
                                  "topamax", "imitrex", "antidepressant", "antidepressants", "ssri", "ssris",
                                  "seroquel", "abilify", "effexor", "cymbalta", "paxil", "citalopram",
                                  // (antacid brands the knowledge base does not name: "Gaviscon and Maalox", safety
                                  // review 2026-12-01, third)
                                  "gaviscon", "rennie", "rennies", "tums", "pepto", "zantac", "pepcid"};
  if (word.size() < 7) return kBrands.count(word) > 0;
  // (The endings by their last two letters, so a word is compared only with the few that end as it does: this is
  // asked of most words of every message.)
  static const auto kByLastTwo = [] {
    std::array<std::vector<std::string_view>, 26 * 26> table;
    for (const std::string_view ending : kEndings)
      table[static_cast<size_t>((ending[ending.size() - 1] - 'a') * 26 + (ending[ending.size() - 2] - 'a'))]
          .push_back(ending);
    return table;
  }();
  const char last = word[word.size() - 1], before = word[word.size() - 2];
  if (last >= 'a' && last <= 'z' && before >= 'a' && before <= 'z')
    for (const std::string_view ending : kByLastTwo[static_cast<size_t>((last - 'a') * 26 + (before - 'a'))])
      if (ends_with(word, ending)) return true;
  return kBrands.count(word) > 0;
}

// True when the words name a prescribed medicine in everyday words: "my blood pressure tablets", "my heart meds".
bool names_prescribed_medicine(const std::vector<std::string>& words) {
  static const WordSet kPills = {"pills", "pill", "tablets", "tablet", "meds", "med", "medicine", "medicines",
                                 "medication", "medications", "blocker", "blockers", "thinner", "thinners"};
  static const WordSet kFor = {"pressure", "bp", "heart", "beta", "prescription", "prescribed", "cholesterol", "blood"};
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if (kFor.count(words[i]) && kPills.count(words[i + 1])) return true;
  return std::any_of(words.begin(), words.end(), [](const std::string& w) { return is_medicine_name(w); });
}

// True when the words ask to change how much of a medicine is taken, or to switch to another one: "should I reduce
// my diuretic dose because of cramps", "should I switch to a different acid reducer to protect my magnesium". (Not
// a level changed: "does omeprazole lower magnesium?")
bool asks_to_change_medicine(const std::vector<std::string>& words) {
  static const WordSet kChange = {"reduce", "lower", "cut", "halve", "decrease", "increase", "double", "change",
                                  "adjust", "switch", "swap", "replace"};
  static const WordSet kWhatIsChanged = {"dose", "dosage", "doses", "medicine", "medication", "meds", "pill",
                                         "pills", "tablets", "different", "another", "something", "other"};
  for (size_t i = 0; i < words.size(); ++i) {
    if (!kChange.count(words[i])) continue;
    // (Not the magnesium itself: "can I switch my magnesium to another form?", "switch to another magnesium
    // supplement".)
    static const WordSet kMagnesiumTakenWords = {"magnesium", "mag", "supplement", "supplements", "form", "forms",
                                                 "citrate", "glycinate", "oxide"};
    bool names_what_is_changed = false, names_magnesium_taken = false;
    // ("can I replace my blood pressure pills with magnesium": the medicine is four words on.)
    for (size_t k = i + 1; k < words.size() && k <= i + 4; ++k) {
      // ("can I swap lasix for magnesium", "if I double the cipro": a medicine named right after, before any
      // magnesium; not "does magnesium cut the absorption of levothyroxine?")
      if (!names_magnesium_taken && k <= i + 2 && is_medicine_name(words[k])) return true;
      names_magnesium_taken = names_magnesium_taken || kMagnesiumTakenWords.count(words[k]) > 0;
      names_what_is_changed = names_what_is_changed || kWhatIsChanged.count(words[k]) > 0;
    }
    if (names_what_is_changed && !names_magnesium_taken) return true;
  }
  return false;
}

// True when `told` says something was prescribed and `asked` asks to change how much of it is taken, or to choose
// between two ways of taking it: "My doctor prescribed 800 mg magnesium oxide twice a day. Should I cut it to 400
// on my own?", "my dr prescribed 800mg mag oxide, should I take 400 twice a day or all 800 at once?"
bool asks_to_change_prescribed_dose(const std::vector<std::string>& told, const std::vector<std::string>& asked) {
  static const WordSet kChangeDose = {"cut",    "halve", "lower", "reduce", "change", "increase",
                                      "double", "adjust", "skip", "stop", "split", "raise",
                                      "bump",   "upping"};
  // ("My doctor put me on 400 mg magnesium oxide twice a day" was prescribed too.)
  // (So was what a doctor said to take or give: "my doctor said take 2 tablets a day", "the pediatrician said give
  // magnesium", "my doctor told me to take 400 mg".)
  static const WordSet kWhoPrescribes = {"doctor", "doctors", "dr", "doc", "gp", "pediatrician", "paediatrician",
                                         "cardiologist", "nephrologist", "specialist", "consultant", "physician"};
  static const WordSet kSaidTo = {"said", "says", "told", "tells", "wants", "recommended", "advised", "instructed"};
  // (Said to take or give something: "hospital doc said my low magnesium is from the drinking" prescribes nothing.)
  static const WordSet kTakeOrGive = {"take", "taking", "give", "giving", "use", "start", "starting"};
  bool told_by_doctor = false;
  for (size_t i = 0; i + 2 < told.size() && !told_by_doctor; ++i)
    if (kWhoPrescribes.count(told[i]) && kSaidTo.count(told[i + 1]))
      for (size_t k = i + 2; k < told.size() && k <= i + 4 && !told_by_doctor; ++k)
        told_by_doctor = kTakeOrGive.count(told[k]) > 0;
  const bool prescribed = contains(told, std::string("prescribed")) || contains(told, std::string("prescribes")) ||
                          contains_phrase(told, {"put", "me", "on"}) || contains_phrase(told, {"has", "me", "on"}) ||
                          contains_phrase(told, {"started", "me", "on"}) || told_by_doctor;
  if (!prescribed) return false;
  const bool chooses_between_amounts =
      contains(asked, std::string("or")) && std::count_if(asked.begin(), asked.end(), is_number) >= 2;
  // Another amount than the one prescribed, to take: "...take 2 tablets a day, can I take 4", "...told me to take
  // 400 mg but I think I'll do 1000, is that ok".
  static const WordSet kTakeAmount = {"take", "do", "give", "try", "go", "have", "use", "taking", "doing", "giving"};
  std::string prescribed_amount;
  for (const auto& w : told)
    if (is_number(w)) {
      prescribed_amount = w;
      break;
    }
  bool takes_other_amount = false;
  for (size_t j = 1; j < asked.size() && !takes_other_amount && !prescribed_amount.empty(); ++j)
    takes_other_amount = is_number(asked[j]) && asked[j] != prescribed_amount &&
                         (kTakeAmount.count(asked[j - 1]) || (j >= 2 && asked[j - 1] == "to"sv && kTakeAmount.count(asked[j - 2])));
  // ("...250mg twice a day, should I make it 3 times for better effect?")
  // (A level lowered or raised is no dose changed: "...put me on omeprazole, can that lower my magnesium?")
  static const WordSet kLevels = {"magnesium", "mag", "level", "levels", "potassium", "calcium"};
  const auto changes_dose = [&](size_t i) {
    // ("...2 mag oxide tablets a day. can i just up it to 4 myself?": "up" as a verb, after who does it; not a
    // phrasal verb's "up", "could it mess up my magnesium levels?", "will it use up my magnesium?")
    static const WordSet kWhatIsUpped = {"it", "my", "the", "that", "this"};
    static const WordSet kWhoUps = {"i", "just", "can", "should", "could", "to", "we", "you", "ill", "will", "me"};
    const bool ups_dose = asked[i] == "up"sv && i > 0 && kWhoUps.count(asked[i - 1]) && i + 1 < asked.size() &&
                          kWhatIsUpped.count(asked[i + 1]);
    if (!ups_dose && !kChangeDose.count(asked[i])) return false;
    // (What the magnesium is taken for is no change: "...told me to take magnesium to stop my leg cramps", "...take
    // it to lower my blood pressure"; "is it ok to stop" and "i want to stop" still are.)
    static const WordSet kTaken = {"magnesium", "mag", "it", "them", "supplement", "supplements", "tablets", "pills"};
    if (i >= 2 && asked[i - 1] == "to"sv && kTaken.count(asked[i - 2])) return false;
    for (size_t k = i + 1; k < asked.size() && k <= i + (ups_dose ? 3 : 2); ++k)
      if (kLevels.count(asked[k])) return false;
    return true;
  };
  bool asks_change = false;
  for (size_t i = 0; i < asked.size(); ++i) asks_change = asks_change || changes_dose(i);
  return chooses_between_amounts || takes_other_amount || contains_phrase(asked, {"make", "it"}) || asks_change;
}

// "magnesium" (or a form of it) followed within a few words by a verb of benefit: "is magnesium good for",
// "can magnesium help", "does magnesium citrate relieve", "does magnesium lower blood pressure". The order
// matters: "can PPIs lower magnesium" is about what lowers magnesium.
// Verbs of benefit ("can magnesium help", "does it relieve").
const WordSet kBenefit = {"help",     "helps",   "good",     "benefit", "benefits", "improve",
                          "improves", "relieve", "relieves", "cure",    "cures",    "treat",
                          "treats",   "prevent", "prevents", "lower",   "lowers",   "reduce",
                          "reduces",  "boost",   "boosts",   "ease",    "eases",    "fix",
                          "fixes",    "cured"};

bool asks_benefit(const std::vector<std::string>& words) {
  static const WordSet kSubject = {"magnesium", "mag",   "citrate", "glycinate", "oxide", "supplement",
                                   "supplements", "epsom", "salts", "bath",   "baths", "soak",
                                   "soaks",     "oil",   "spray",   "lotion"};
  auto in = [](const std::string& w, const WordSet& list) { return list.count(w) > 0; };
  // "Is magnesium good for you?" asks what it does in general (its role), and "more magnesium than is good for
  // you" asks about too much: neither names something it would be good for.
  auto general_good = [&](size_t j) {
    if (words[j - 1] == "than"sv) return true;
    // ("Bananas are loaded with magnesium. Are they a good source?" asks about a food, and "is magnesium sulfate a
    // good supplement form for absorption?" about a form; "magnesium good food list pls" asks for foods.)
    // (Not a food good for something: "is magnesium good food for the brain" claims a benefit.)
    static const WordSet kGoodWhat = {"source", "sources", "amount", "amounts", "form",
                                      "forms",  "type",    "food",   "foods",   "list"};
    size_t what = j + 1;
    if (what < words.size() && (words[what] == "supplement"sv || words[what] == "supplemental"sv)) ++what;
    if (words[j] == "good"sv && what < words.size() && kGoodWhat.count(words[what]) &&
        !(what + 1 < words.size() && words[what + 1] == "for"sv))
      return true;
    if (words[j] != "good"sv || (j + 1 < words.size() && words[j + 1] != "for"sv)) return false;
    std::string rest;  // the words after "good for" ("" for "is magnesium good?")
    for (size_t k = j + 2; k < words.size(); ++k) rest += (rest.empty() ? "" : " ") + words[k];
    static const WordSet kGeneral = {"",          "you",         "me",        "us",          "people",
                                     "health",    "the body",    "your body", "my body",     "our body",
                                     "your health", "my health", "everyone",  "everybody"};
    return kGeneral.count(rest) > 0;
  };
  // "Does magnesium help our cells make energy?", "how does magnesium help the nerves work?", "how does magnesium
  // help muscles and nerves work?" ask what it does in the body (its role), not for a benefit beyond it.
  auto helps_body_work = [&](size_t j) {
    static const WordSet kOwner = {"the", "our", "your", "my", "all", "its"};
    static const WordSet kBodyParts = {"cells", "cell", "nerves", "nerve", "enzymes", "enzyme", "dna"};
    // (Muscles, the heart or bones only when their working is named: "help muscles and nerves work", not "help
    // muscle cramps", which claims a benefit.)
    static const WordSet kOrgans = {"muscles", "muscle", "heart", "bones", "bone"};
    static const WordSet kWorking = {"work", "working", "function", "functioning"};
    size_t what = j + 1;
    if (what < words.size() && kOwner.count(words[what])) ++what;
    if (what >= words.size()) return false;
    if (kBodyParts.count(words[what])) return true;
    // ("How does magnesium help turn food into energy?", "help make energy", "help the body turn food into energy")
    if (words[what] == "body"sv && what + 1 < words.size()) ++what;
    if ((words[what] == "turn"sv || words[what] == "make"sv || words[what] == "produce"sv) &&
        std::find(words.begin() + static_cast<long>(what), words.end(), "energy") != words.end())
      return true;
    if (!kOrgans.count(words[what])) return false;
    for (size_t k = what + 1; k < words.size() && k <= what + 3; ++k)
      if (kWorking.count(words[k])) return true;
    return false;
  };
  for (size_t i = 0; i < words.size(); ++i)
    if (in(words[i], kSubject))
      for (size_t j = i + 1; j < words.size() && j <= i + 4; ++j) {
        // ("Is the max supplement amount lower for little kids than for adults?" compares two amounts: "lower for"
        // or "lower than" is no benefit.)
        const bool compares = (words[j] == "lower"sv || words[j] == "higher"sv) && j + 1 < words.size() &&
                              (words[j + 1] == "for"sv || words[j + 1] == "than"sv || words[j + 1] == "in"sv);
        if (in(words[j], kBenefit) && !general_good(j) && !helps_body_work(j) && !compares) return true;
        if ((words[j] == "bring"sv || words[j] == "brings"sv) && j + 1 < words.size() && words[j + 1] == "down"sv) return true;
        // "Does magnesium work for anxiety?" claims a benefit; "does glycinate work for kids?" asks whom it suits.
        static const WordSet kWorkFor = {"work", "works", "working", "worked"};
        static const WordSet kWhomItSuits = {"kids", "children", "child", "adults", "me", "you",
                                             "everyone", "everybody", "women", "men", "elderly",
                                             "seniors", "teens", "teenagers", "babies", "people"};
        static const WordSet kFamily = {"son", "daughter", "kid", "baby", "mom", "mum", "dad", "wife",
                                        "husband", "family", "parents", "grandma", "grandpa", "adults"};
        // ("work for my son?" asks whom it suits; "work for my anxiety?" claims a benefit.)
        const size_t whom = j + 2 < words.size() && (words[j + 2] == "my"sv || words[j + 2] == "older"sv) ? j + 3 : j + 2;
        if (kWorkFor.count(words[j]) && j + 2 < words.size() && words[j + 1] == "for"sv &&
            !(whom < words.size() && (kWhomItSuits.count(words[whom]) || kFamily.count(words[whom]))))
          return true;
      }
  return false;
}

}  // namespace

void set_aside_concept(Analysis& a, const std::string& concept_id) {
  for (auto* list : {&a.topics, &a.aspects, &a.inherited})
    list->erase(std::remove(list->begin(), list->end(), concept_id), list->end());
  std::vector<std::string> its_stems = content_stems(words_of(concept_id));
  for (const auto& t : a.terms)
    if (t.concept_id == concept_id) its_stems.push_back(t.stem);
  a.terms.erase(std::remove_if(a.terms.begin(), a.terms.end(),
                               [&](const QueryTerm& t) { return t.concept_id == concept_id; }),
                a.terms.end());
  a.stems.erase(std::remove_if(a.stems.begin(), a.stems.end(),
                               [&](const std::string& stem) { return contains(its_stems, stem); }),
                a.stems.end());
}

// The stems that mark a request for one person's dose (scope.yaml lists "exact dose" as not covered): an answer
// must mention them, which no entry does, so the request is declined (Analysis::asks_personal_dose).
const std::vector<std::string>& personal_dose_stems() {
  static const std::vector<std::string> kStems = content_stems({"exact", "dose"});
  return kStems;
}

const std::vector<std::string>& groups_of_people() {
  static const std::vector<std::string> kGroups = {"adults", "children", "pregnancy", "older-adults"};
  return kGroups;
}

bool is_group_of_people(const std::string& id) { return contains(groups_of_people(), id); }

bool is_specific_topic(const std::string& id) { return id != "magnesium"sv; }

bool is_related_mineral(const std::string& id) {
  return id == "calcium"sv || id == "potassium"sv || id == "zinc"sv || id == "vitamin-d"sv;
}

// "my kidneys are healthy", "kidney function is normal", "kidneys are fine": no kidney disease told.
bool kidneys_said_to_be_fine(const std::vector<std::string>& words) {
  for (size_t i = 0; i < words.size(); ++i) {
    if (words[i] != "kidneys"sv && words[i] != "kidney"sv && words[i] != "function"sv) continue;
    for (size_t k = i + 1; k < words.size() && k <= i + 3; ++k)
      if (words[k] == "healthy"sv || words[k] == "normal"sv || words[k] == "fine"sv || words[k] == "good"sv ||
          words[k] == "ok"sv || words[k] == "okay"sv)
        return true;
  }
  return contains(words, "healthy") && (contains(words, "kidneys") || contains(words, "kidney"));
}

ConversationContext Analysis::context() const {
  ConversationContext c;
  if (kept_context) {
    c = *kept_context;
  } else {
    c.topics = topics;
    c.aspects = aspects;
    c.in_scope = in_scope;
    for (const auto& stem : stems)
      if (std::none_of(inherited.begin(), inherited.end(), [&](const std::string& id) {
            return contains(content_stems(words_of(id)), stem);
          }))
        c.stems.push_back(stem);
  }
  c.not_covered = not_covered_subjects;
  if (!kept_context && !result_condition.empty() && !contains(c.topics, result_condition) &&
      std::none_of(c.topics.begin(), c.topics.end(), is_condition))
    c.topics.push_back(result_condition);
  // (Kidneys said to be fine are no subject to carry on: "my doctor said my kidneys are fine" - "and how much is too
  // much?" asks the limit, not how the kidneys regulate magnesium; blind set b499.)
  if (!kept_context && kidneys_said_to_be_fine(words))
    c.topics.erase(std::remove(c.topics.begin(), c.topics.end(), "kidney"), c.topics.end());
  c.emergency = kind == MessageKind::Emergency ? emergency_rule : std::string();
  if (!kept_context && kind == MessageKind::AboutThePerson)
    c.aspects.erase(std::remove(c.aspects.begin(), c.aspects.end(), "symptoms"), c.aspects.end());
  return c;
}

bool is_magnesium_product(const std::string& id) { return id == "supplements"sv || id == "magnesium-forms"sv; }

bool has_own_kidney_advice(const std::string& id) {
  return (is_medicine(id) && id != "medicines"sv) || id == "antacids"sv || id == "laxatives"sv || id == "epsom-salt"sv;
}

bool is_condition(const std::string& id) { return id == "hypomagnesemia"sv || id == "hypermagnesemia"sv; }

bool names_only_conditions(const std::vector<std::string>& topics) {
  return std::any_of(topics.begin(), topics.end(), is_specific_topic) &&
         std::all_of(topics.begin(), topics.end(),
                     [](const std::string& t) { return !is_specific_topic(t) || is_condition(t); });
}

namespace {

// "Thanks, that's exactly what I needed for ward round.": thanks followed by words that ask nothing (no question
// mark, no asking word) and name no subject of the knowledge base is thanks, however it goes on. (Short
// messages made only of small-talk phrases are read by LanguageRules::small_talk; this is for the rest.)
bool is_closing_thanks(const std::string& message, const std::vector<std::string>& raw_words, const KnowledgeIndex& kb) {
  static const WordSet kAskingWords = {"can", "could", "should", "how", "why", "which", "where", "does",
                                       "do", "would", "will", "also", "but"};
  if (!starts_with_thanks(raw_words) || message.find('?') != std::string::npos) return false;
  // ("I'll show it to my mom" tells: "will" after the one who will is no question.)
  static const WordSet kWhoWill = {"i", "we", "he", "she", "they"};
  for (size_t i = 0; i < raw_words.size(); ++i)
    if (kAskingWords.count(raw_words[i]) && !(raw_words[i] == "will"sv && i > 0 && kWhoWill.count(raw_words[i - 1])))
      return false;
  // (Whom the answer is for is no subject: "thanks so much, that really helped, I'll show it to my mom", blind set
  // b499.)
  const auto concepts = kb.concepts().find(raw_words);
  return !kb.rules().mentions_in_scope(raw_words) &&
         std::all_of(concepts.begin(), concepts.end(), [](const std::string& c) { return is_group_of_people(c); });
}

// A word the knowledge base does not know, misspelt by one vowel, as the one dictionary word it then is ("seperate":
// "separate", blind set b499; "definately": "definitely"). Nothing when no such word or more than one exists.
std::optional<std::string> one_vowel_respelled(const std::string& word, const KnowledgeIndex& kb) {
  // (Not a medicine's name, which the dictionary may hold a person's name like: "Rennie" is no "Ronnie".)
  if (word.size() < 5 || !kb.has_dictionary() || is_medicine_name(word)) return std::nullopt;
  static constexpr std::string_view kVowels = "aeiou";
  std::optional<std::string> found;
  std::string candidate = word;
  for (size_t i = 0; i < word.size(); ++i) {
    if (kVowels.find(word[i]) == std::string_view::npos) continue;
    for (char v : kVowels) {
      if (v == word[i]) continue;
      candidate[i] = v;
      if (kb.is_dictionary_word(candidate)) {
        if (found && *found != candidate) return std::nullopt;
        found = candidate;
      }
    }
    candidate[i] = word[i];
  }
  return found;
}

// The message's words as understood, in a.words, with a.corrections and a.corrected_query: chat shorthand and
// numbers spelled out read as their words, letters held for emphasis cut, and spelling corrected - but only for
// words that are neither in the knowledge base nor in the dictionary.
void read_words(Analysis& a, const std::vector<std::string>& raw_words, const KnowledgeIndex& kb) {
  a.words = raw_words;
  // Words typed without spaces ("whatcauseslowmagnesiuminthebody") are read as the words they run together, when
  // known words make up the whole run.
  const auto known = [&](const std::string& w) {
    return is_stopword(w) || kb.speller().knows(w) || kb.is_dictionary_word(w);
  };
  const auto rank = [&](const std::string& w) {
    return kb.speller().knows(w) ? 2 : is_stopword(w) || kb.is_dictionary_word(w) ? 1 : 0;
  };
  // (Two words of the knowledge base run together make a shorter run: "magnesium bloodtest normal levels", blind set
  // b502. Only those two, each of three letters or more: "overdoses" is no "over doses".)
  constexpr size_t kShortRun = 8;
  constexpr size_t kLongRun = 12;
  const auto is_pair_of_kb_words = [&](const std::vector<std::string>& parts) {
    return parts.size() == 2 && std::all_of(parts.begin(), parts.end(), [&](const std::string& p) {
             return p.size() >= 3 && rank(p) == 2;
           });
  };
  if (std::any_of(a.words.begin(), a.words.end(),
                  [&](const std::string& w) { return w.size() >= kShortRun && !known(w); })) {
    std::vector<std::string> split;
    for (const auto& w : a.words) {
      // (A long word misspelled, "hypermagnesimia", is corrected below instead.)
      auto parts = w.size() >= kShortRun && !known(w) && !kb.speller().correct(w) ? split_run_together(w, rank)
                                                                                  : std::vector<std::string>{};
      if (w.size() < kLongRun && !is_pair_of_kb_words(parts)) parts.clear();
      if (parts.empty()) {
        split.push_back(w);
        continue;
      }
      a.corrections.emplace_back(w, join(parts, " "));
      split.insert(split.end(), parts.begin(), parts.end());
    }
    a.words = std::move(split);
  }
  // One word of the knowledge base typed as two after a prefix ("magnesium over dose signs", "in take", "hypo
  // magnesemia": blind set b502): joined when the joined word names a subject the two words apart do not ("over dose"
  // names a dose, "overdose" too much magnesium). Only after these prefixes: "work out" is no workout.
  static const WordSet kPrefixes = {"over", "in", "multi", "hypo", "hyper", "under"};
  // (Not "over" after a verb it belongs to, "my doctor went over dose options", nor "in take-away coffee".)
  static const WordSet kGoesOver = {"went", "go", "goes", "going", "gone", "looked", "look", "talked", "talk", "read"};
  for (size_t i = 0; i + 1 < a.words.size(); ++i) {
    if (!kPrefixes.count(a.words[i]) || (i >= 1 && kGoesOver.count(a.words[i - 1])) ||
        (i + 2 < a.words.size() && (a.words[i + 2] == "away"sv || a.words[i + 2] == "out"sv)))
      continue;
    std::string joined = a.words[i] + a.words[i + 1];
    if (is_stopword(joined) || !kb.speller().knows(joined)) continue;
    auto named = kb.concepts().find({joined});
    // (Or named in the singular: "multi vitamins".)
    if (named.empty() && joined.size() > 4 && joined.back() == 's')
      named = kb.concepts().find({joined.substr(0, joined.size() - 1)});
    const auto named_apart = kb.concepts().find({a.words[i], a.words[i + 1]});
    if (std::all_of(named.begin(), named.end(), [&](const std::string& id) { return contains(named_apart, id); }))
      continue;
    a.corrections.emplace_back(a.words[i] + " " + a.words[i + 1], joined);
    a.words[i] = std::move(joined);
    a.words.erase(a.words.begin() + static_cast<long>(i) + 1);
  }
  // "the runs" is diarrhoea, the word the entries use ("now i've got the runs constantly, is it the magnesium?" was
  // searched for "run" and got the entry on taking supplements with food; blind set b502).
  for (size_t i = 1; i < a.words.size(); ++i)
    if (a.words[i] == "runs"sv && a.words[i - 1] == "the"sv) a.words[i] = "diarrhea";
  // "how dose magnesium affect calcium?": "dose" right after "how", "why", "where" or "when" is "does", a real word
  // typed for another (but "what dose is safe?" and "which dose" ask for a dose).
  static const WordSet kQuestionWords = {"how", "why", "where", "when"};
  // So is "hi" before a level, past the first word ("is hi magnesium common?"): "high". (First, it greets.)
  // ("foods hi in magnesium": "high in".)
  static const WordSet kLevelOf = {"magnesium", "mag", "mg", "levels", "level", "calcium", "potassium",
                                   "in"};
  // "magnesium from normal food": food of every day is food; "normal" there is no normal range.
  static const WordSet kEverydayOf = {"normal", "regular", "ordinary", "everyday", "real"};
  static const WordSet kFood = {"food", "foods", "meal", "meals", "diet"};
  for (size_t i = 0; i + 1 < a.words.size(); ++i)
    if (kEverydayOf.count(a.words[i]) && kFood.count(a.words[i + 1])) a.words.erase(a.words.begin() + i);
  for (size_t i = 1; i < a.words.size(); ++i) {
    if (a.words[i] == "dose"sv && kQuestionWords.count(a.words[i - 1])) {
      a.corrections.emplace_back("dose", "does");
      a.words[i] = "does";
    } else if (a.words[i] == "hi"sv && i + 1 < a.words.size() && kLevelOf.count(a.words[i + 1])) {
      a.corrections.emplace_back("hi", "high");
      a.words[i] = "high";
    }
  }
  for (auto& w : a.words) {
    if (const char* full = texting_shorthand(w)) {
      a.corrections.emplace_back(w, full);
      w = full;
      continue;
    }
    if (is_stopword(w) || kb.speller().knows(w) || kb.is_dictionary_word(w)) continue;
    // Letters held for emphasis ("sooo tired", "pleeease"): the word with the run cut to two letters ("good"),
    // or else to one ("so").
    if (const std::string two = without_letter_runs(w, 2); two != w) {
      const std::string one = without_letter_runs(w, 1);
      const std::string& plain = kb.is_dictionary_word(two) || kb.speller().knows(two) ? two : one;
      a.corrections.emplace_back(w, plain);
      w = plain;
      continue;
    }
    if (auto fixed = kb.speller().correct(w)) {
      a.corrections.emplace_back(w, *fixed);
      w = *fixed;
    } else if (auto respelled = one_vowel_respelled(w, kb)) {
      a.corrections.emplace_back(w, *respelled);
      w = *respelled;
    }
  }
  if (!a.corrections.empty()) a.corrected_query = join(a.words, " ");
  kb.rules().drop_idioms(a.words);  // (after the corrected query, which shows what was typed)
  // "a separate one", "a separate supplement": another product, not doses kept apart ("separate them by 2 hours"),
  // which the entries on timing medicines are found by ("does a normal multivitamin have magnesium in it or do i need
  // a seperate one" got the bisphosphonates entry; blind set b499).
  for (size_t i = 1; i < a.words.size(); ++i)
    if (a.words[i] == "separate"sv && (a.words[i - 1] == "a"sv || a.words[i - 1] == "another"sv)) {
      a.words.erase(a.words.begin() + static_cast<long>(i));
      break;
    }
  // A greeting of a few words before a question is no part of it: "hiya, what foods have magnesium" searched
  // for "hiya", "morning, can you help me understand magnesium" for the entries on timing (blind probe of
  // 2026-12-02). Only before a word that starts a question or a request: "morning or night for magnesium?" asks when.
  static const WordSet kStartsQuestion = {"can",   "could", "would", "what", "whats", "how",  "why",   "when",
                                          "where", "which", "who",   "is",   "are",   "do",   "does",  "did",
                                          "i",     "im",    "ive",   "my",   "quick", "just", "please", "tell",
                                          "help",  "should", "will",  "any",  "hope",  "so",   "ok",    "okay"};
  const auto greets = [&](const std::vector<std::string>& words) {
    return kb.rules().small_talk(words) == LanguageRules::SmallTalk::Greeting;
  };
  // (Up to five: "hi nice to meet you, what foods have magnesium?")
  for (size_t n : {size_t{5}, size_t{4}, size_t{3}, size_t{2}, size_t{1}})
    if (a.words.size() > n && kStartsQuestion.count(a.words[n]) &&
        greets(std::vector<std::string>(a.words.begin(), a.words.begin() + static_cast<long>(n)))) {
      a.words.erase(a.words.begin(), a.words.begin() + static_cast<long>(n));
      break;
    }
}

// True when "should I/we take" (or give, use, have, personally take) comes in `words` at `from` or after it.
bool asks_what_to_take(const std::vector<std::string>& words, std::vector<std::string>::const_iterator from) {
  static const WordSet kWho = {"i", "we"};
  static const WordSet kTaking = {"take", "give", "use", "have", "personally"};
  // (Or "should I be taking": "how many mg exactly should i be taking?")
  static const WordSet kBeTaking = {"taking", "giving", "using"};
  for (auto it = from; it != words.end() && it + 2 < words.end(); ++it) {
    if (*it != "should"sv || !kWho.count(*(it + 1))) continue;
    if (kTaking.count(*(it + 2))) return true;
    if (*(it + 2) == "be"sv && it + 3 < words.end() && kBeTaking.count(*(it + 3))) return true;
  }
  return false;
}

// True when the words ask "how much" or "how many" of something taken, not of a time ("how many hours apart").
bool asks_how_many_of_it(const std::vector<std::string>& words) {
  static const WordSet kTimes = {"hours", "hour", "minutes", "days", "weeks", "times", "hrs", "mins"};
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if (words[i] == "how"sv && (words[i + 1] == "much"sv || words[i + 1] == "many"sv) &&
        !(i + 2 < words.size() && kTimes.count(words[i + 2])))
      return true;
  return false;
}

// True when "exactly" comes before "should I/we take", "can I take" or "I should take" in `words` ("Exactly how many
// mg can I take each day?" asks for one person's dose as much as "should I take" does).
// (Also of someone else: "exactly how many mg should he take?", "...should my dad take each night?".)
bool asks_exact_personal_amount(const std::vector<std::string>& words) {
  // "Just tell me how many mg to take, im 40 with leg cramps every night": a number demanded for oneself.
  // ("take" within ten words of "just tell me")
  for (size_t i = 0; i + 4 < words.size(); ++i) {
    if (words[i] != "just"sv || (words[i + 1] != "tell"sv && words[i + 1] != "give"sv) || words[i + 2] != "me"sv) continue;
    const auto from = words.begin() + static_cast<long>(i + 3);
    const auto to = words.begin() + static_cast<long>(std::min(words.size(), i + 13));
    if (std::find(from, to, "take") != to) return true;
  }
  const auto exactly = std::find(words.begin(), words.end(), "exactly");
  if (asks_what_to_take(words, exactly)) return true;
  static const WordSet kMay = {"should", "can", "could", "may", "must"};
  static const WordSet kWho = {"i", "we", "he", "she", "they"};
  static const WordSet kWhose = {"my", "his", "her", "our", "their"};
  static const WordSet kTaking = {"take", "give", "use", "have"};
  const auto taking_at = [&](std::vector<std::string>::const_iterator at) {
    return at < words.end() && kTaking.count(*at) > 0;
  };
  for (auto it = exactly; it != words.end() && it + 1 < words.end(); ++it) {
    if (!kMay.count(*it)) continue;
    // (Or told as a statement: "just tell me exactly how many mg of magnesium i should take".)
    if (it != words.begin() && kWho.count(*(it - 1)) && taking_at(it + 1)) return true;
    if (it + 2 >= words.end()) continue;
    if (kWho.count(*(it + 1)) && taking_at(it + 2)) return true;
    // (whose, then one or two words naming the person: "my dad", "my elderly mother")
    if (kWhose.count(*(it + 1)) && (taking_at(it + 3) || taking_at(it + 4))) return true;
  }
  return false;
}

// True when the words ask how much to take or give in order to treat something, or for a body weight told: "how
// much magnesium should I give my 6 year old for his constipation?", "how many mg do I need to take to fix it?",
// "what dose should I give my 4 year old for her constipation?", "how many mg should my husband, who is 70 kg and
// on dialysis, take?". That is a dose for one person, which no general amount answers. (Not for whom: "how much
// should I give my 2 year old?", "...for my age?".)
bool asks_dose_for_a_purpose(const std::vector<std::string>& words) {
  // (Or the right dose asked for: "whats the right dose of magnesium for my leg cramps", "best dose of magnesium for
  // my muscle cramps", "how many mg of magnesium for my constipation"; blind probe of 2026-12-02.)
  static const WordSet kWhichDose = {"what", "whats", "right", "best", "correct", "ideal", "proper", "optimal"};
  bool asks_which_dose = contains_phrase(words, {"how", "many", "mg"}) || contains_phrase(words, {"how", "much", "mg"});
  for (size_t i = 1; i < words.size() && !asks_which_dose; ++i)
    asks_which_dose = (words[i] == "dose"sv || words[i] == "dosage"sv || words[i] == "amount"sv ||
                       words[i] == "strength"sv) &&
                      (kWhichDose.count(words[i - 1]) || (i >= 2 && kWhichDose.count(words[i - 2])));
  const bool asks_amount = asks_how_many_of_it(words) || asks_which_dose || contains_phrase(words, {"what", "amount"});
  if (!asks_amount) return false;
  // ("...cramps every single night and on a water pill - what amount of magnesium glycinate would sort it out?",
  // "...how many mg should I be taking every day to get it back up?")
  if (contains_phrase(words, {"sort", "it", "out"}) || contains_phrase(words, {"sort", "this", "out"}) ||
      contains_phrase(words, {"would", "fix", "it"}) || contains_phrase(words, {"will", "fix", "it"}) ||
      contains_phrase(words, {"get", "it", "back"}) || contains_phrase(words, {"bring", "it", "up"}) ||
      contains_phrase(words, {"get", "my", "levels", "up"}) || contains_phrase(words, {"get", "my", "level", "up"}))
    return true;
  static const WordSet kWhose = {"my", "his", "her", "their", "our"};
  static const WordSet kTaking = {"take", "give", "use", "have"};
  bool asks_what_to_give = asks_what_to_take(words, words.begin()) || asks_which_dose ||
                           contains_phrase(words, {"need", "to", "take"}) ||
                           contains_phrase(words, {"do", "i", "need"}) ||
                           contains_phrase(words, {"should", "he", "take"}) ||
                           contains_phrase(words, {"should", "she", "take"}) ||
                           contains_phrase(words, {"should", "they", "take"});
  // ("should my husband, who is 70 kg and on dialysis, take...": whose, then the taking within a few words.)
  for (size_t i = 0; !asks_what_to_give && i + 1 < words.size(); ++i)
    if (words[i] == "should"sv && kWhose.count(words[i + 1]))
      for (size_t k = i + 2; k < words.size() && k <= i + 12; ++k)
        asks_what_to_give = asks_what_to_give || kTaking.count(words[k]) > 0;
  if (!asks_what_to_give) return false;
  static const WordSet kTreat = {"fix",   "treat", "cure",  "correct", "stop", "relieve",
                                 "ease",  "raise", "boost", "increase"};
  static const WordSet kNotAPurpose = {
      "age",      "weight",  "size",     "height",  "sex",      "gender",    "body",    "bones",   "bone",
      "health",   "diet",    "baby",     "babies",  "son",      "daughter",  "kid",     "kids",    "child",
      "children", "toddler", "boy",      "girl",    "teen",     "teenager",  "husband", "wife",    "partner",
      "mom",      "mum",     "mother",   "dad",     "father",   "parents",   "grandma", "grandpa", "grandmother",
      "grandfather", "family", "pregnancy", "patient", "patients", "elderly", "old",   "older",   "year",
      "years",    "yo",      "infant",   "newborn", "twins",    "students",  "team",    "athletes"};
  // ("I have atrial fibrillation, how many mg should I take for it?": "it" is what the person has. Not "for it to
  // work".)
  const bool tells_what_they_have = contains_phrase(words, {"i", "have"}) || contains_phrase(words, {"ive", "got"}) ||
                                    contains_phrase(words, {"he", "has"}) || contains_phrase(words, {"she", "has"});
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] == "to"sv && kTreat.count(words[i + 1])) return true;
    // ("I'm 34 female 60kg, what dose of magnesium glycinate is right for me")
    if (i > 0 && words[i] == "for"sv && words[i + 1] == "me"sv &&
        (words[i - 1] == "right"sv || words[i - 1] == "best"sv || words[i - 1] == "suitable"sv))
      return true;
    if (tells_what_they_have && words[i] == "for"sv &&
        (words[i + 1] == "it"sv || words[i + 1] == "that"sv || words[i + 1] == "this"sv) &&
        (i + 2 == words.size() || words[i + 2] != "to"sv))
      return true;
    if (words[i] == "for"sv && kWhose.count(words[i + 1]) && i + 2 < words.size() && !is_number(words[i + 2]) &&
        !kNotAPurpose.count(words[i + 2]))
      return true;
  }
  // ("70 kg", or typed as one word: "im 52kg how many mg shud i take")
  for (size_t i = 0; i < words.size(); ++i)
    if (is_body_weight_at(words, i)) return true;
  return false;
}

// True when the words ask how much to give someone, or to take against a complaint they name: "how much milk of
// magnesia can i give my 8yo", "my 14 year old son has leg cramps, how much magnesium to give him", "she has
// constipation, how much magnesium citrate can she have?", "how much mag oxide to fix constipation". That too is a
// dose for one person. (Not the amounts for an age: "how much magnesium should I give my 6 year old?", nor what a
// product holds: "how much magnesium is in milk of magnesia?".) `names_laxative`: the message names a laxative or
// constipation, which an amount given is then for.
bool asks_amount_against_complaint(const std::vector<std::string>& words, bool names_laxative) {
  // (An amount, not a time: "how many hours before sleep should i take it for cramps?"; nor what is used in
  // general: "what dose is used to treat migraines?")
  const bool asks_amount = asks_how_many_of_it(words) || contains_phrase(words, {"what", "dose"}) ||
                           contains_phrase(words, {"what", "dosage"});
  if (!asks_amount || contains(words, std::string("used"))) return false;
  static const WordSet kComplaints = {"constipation", "constipated", "cramps", "cramp", "cramping", "twitching",
                                      "twitches", "spasms", "sleep", "insomnia", "headache", "headaches",
                                      "migraine", "migraines", "anxiety", "restless", "aches", "pain", "tired",
                                      "fatigue", "tiredness",
                                      // ("my legs won't stop jumping at night", blind set b497)
                                      "jumping", "jumpy", "jerking", "jerks", "twitch", "twitchy", "spasm",
                                      "tingling", "numbness", "palpitations"};
  static const WordSet kTreat = {"fix", "treat", "cure", "relieve", "ease", "help"};
  // (Not "you": "how much magnesium do you take for leg cramps?" asks what people take.)
  // (Or whom: "how many mg should my 8 yr old take for leg cramps")
  static const WordSet kWho = {"i",   "he",  "she", "they",     "we",   "to",      "old",  "yo",    "son",
                               "daughter", "kid", "child", "boy", "girl", "toddler", "teen", "husband", "wife",
                               "mom", "mum", "dad"};
  static const WordSet kTakes = {"take", "have", "use", "drink"};
  // (A complaint told as over is not treated: "...and his leg cramps are gone. How much should he have?")
  static const WordSet kOver = {"gone", "better", "stopped", "disappeared", "resolved", "cleared"};
  const bool names_complaint =
      (names_laxative || std::any_of(words.begin(), words.end(), [](const std::string& w) { return kComplaints.count(w) > 0; })) &&
      std::none_of(words.begin(), words.end(), [](const std::string& w) { return kOver.count(w) > 0; });
  bool gives = false, takes = false, to_treat = false;
  for (size_t i = 0; i < words.size(); ++i) {
    gives = gives || words[i] == "give"sv || words[i] == "giving"sv;
    takes = takes || (i > 0 && kTakes.count(words[i]) && kWho.count(words[i - 1]));
    to_treat = to_treat || (i + 1 < words.size() && words[i] == "to"sv && kTreat.count(words[i + 1]) && names_complaint);
  }
  return names_complaint && (gives || takes || to_treat);
}

// True when the words ask how much to take for a level or a kidney disease the person tells as their own: "my
// magnesium is low, how many mg do I take?", "I have kidney disease, how much magnesium can I take?". That is a
// dose worked out for one person. (Not "how much magnesium should I take to prevent a deficiency?", which tells
// nothing of the person's own.)
bool asks_dose_for_own_condition(const std::vector<std::string>& words, const std::vector<std::string>& topics) {
  if (!asks_how_many_of_it(words)) return false;
  static const std::vector<std::vector<std::string>> kTakes = {
      {"i", "take"}, {"i", "have"}, {"i", "use"}, {"i", "need"}, {"should", "i"}, {"to", "take"}};
  if (std::none_of(kTakes.begin(), kTakes.end(), [&](const auto& p) { return contains_phrase(words, p); })) return false;
  const bool names_condition = std::any_of(topics.begin(), topics.end(), [](const std::string& t) {
    return t == "hypomagnesemia"sv || t == "hypermagnesemia"sv || t == "kidney"sv || t == "blood-test"sv;
  });
  // (Not a condition said to be fine: "my kidneys are healthy, how much magnesium can i take?")
  static const WordSet kFine = {"healthy", "normal", "fine", "ok", "okay", "good"};
  if (std::any_of(words.begin(), words.end(), [](const std::string& w) { return kFine.count(w) > 0; })) return false;
  static const std::vector<std::vector<std::string>> kOwn = {
      {"my", "magnesium"}, {"my", "mag"},  {"my", "level"}, {"my", "levels"}, {"im", "low"},      {"i", "am", "low"},
      {"i", "have", "low"}, {"my", "kidneys"}, {"my", "kidney"}, {"have", "kidney"}, {"have", "chronic", "kidney"},
      {"have", "ckd"}, {"have", "stage"},
      {"im", "on", "dialysis"}, {"i", "am", "on", "dialysis"}, {"my", "result"}, {"my", "results"},
      {"my", "blood", "test"}, {"my", "bloodwork"}, {"my", "labs"}, {"my", "lab"}};
  return names_condition && std::any_of(kOwn.begin(), kOwn.end(), [&](const auto& p) { return contains_phrase(words, p); });
}

// True when the words ask leave to give someone else a named amount: "so can I give her 110mg a day?", "should I
// give him 240mg pills?", "can i give my son 200mg of magnesium". Approving one person's dose is a doctor's or
// pharmacist's matter. (Taking an amount oneself, "can I take 400mg a day?", is answered with the upper limit.)
bool asks_leave_to_give_amount(const std::vector<std::string>& words) {
  static const WordSet kReceiver = {"her", "him", "them", "my", "our", "the"};
  for (size_t i = 0; i + 2 < words.size(); ++i) {
    if (!((words[i] == "can"sv || words[i] == "should"sv || words[i] == "could"sv) && words[i + 1] == "i"sv &&
          words[i + 2] == "give"sv))
      continue;
    if (i + 3 >= words.size() || !kReceiver.count(words[i + 3])) continue;
    // (An amount in milligrams, not an age: "should I give my 5 month old baby a magnesium supplement?")
    for (size_t k = i + 4; k < words.size() && k <= i + 8; ++k)
      if ((is_number(words[k]) && k + 1 < words.size() && is_mass_unit(words[k + 1])) ||
          (words[k].size() > 2 && std::isdigit(static_cast<unsigned char>(words[k][0])) && ends_with(words[k], "mg")))
        return true;
  }
  return false;
}

// Whose something is, between "for" and what it is for ("for my migraines").
const WordSet kWhose = {"my", "his", "her", "their", "our", "the"};
// Words that open a yes-or-no question ("should I take...", "is it ok?").
const WordSet kAsksWhether = {"should", "can",  "could", "would", "will", "do",   "does",
                              "is",     "are",  "may",   "must",  "shall"};
// Words that set a subject aside ("forget brands", "besides the brand"); "never mind" is two words.
const WordSet kSetAside = {"forget", "nevermind", "ignore", "skip", "besides", "except"};

// Words that say something is taken ("already on calcium", "I take calcium + D").
const WordSet kTakingWords = {"on", "taking", "take", "takes", "took", "with"};

// Whether `aspects` ask only the signs of a condition or which foods have magnesium (and maybe what it is, or how
// much): a gut disease named beside them tells why the person asks, not what.
bool asks_only_signs_or_foods(const std::vector<std::string>& aspects) {
  return std::any_of(aspects.begin(), aspects.end(),
                     [](const std::string& asp) { return asp == "symptoms"sv || asp == "foods"sv; }) &&
         std::all_of(aspects.begin(), aspects.end(), [](const std::string& asp) {
           return asp == "symptoms"sv || asp == "foods"sv || asp == "definition"sv || asp == "intake"sv;
         });
}

// Whether `aspects` ask only something of magnesium itself (how much, which foods, who runs low), and nothing of
// what affects it or how it goes with something else ("does taking high dose zinc affect magnesium?").
bool asks_of_magnesium_itself(const std::vector<std::string>& aspects) {
  static const WordSet kAsksOfMagnesium = {"intake", "foods", "risk-groups"};
  return std::any_of(aspects.begin(), aspects.end(),
                     [](const std::string& asp) { return kAsksOfMagnesium.count(asp) > 0; }) &&
         std::all_of(aspects.begin(), aspects.end(), [](const std::string& asp) {
           return kAsksOfMagnesium.count(asp) > 0 || asp == "definition"sv;
         });
}

// "How do the two of them work together?", "foods with both": the words ask of two things together.
// (So do words that ask whether one changes what is needed of the other: "I take vitamin D every day. Does that
// change how much magnesium my body needs?", "does taking calcium increase my magnesium requirement?")
bool asks_of_two_together(const std::vector<std::string>& words) {
  if (contains(words, std::string("together")) || contains(words, std::string("both"))) return true;
  static const WordSet kChanges = {"change", "changes", "affect", "affects", "alter", "alters",
                                   "increase", "increases", "raise", "raises", "boost", "boosts"};
  static const WordSet kNeed = {"need", "needs", "needed", "requirement", "requirements", "much"};
  for (size_t i = 0; i < words.size(); ++i)
    if (kChanges.count(words[i]))
      for (size_t k = i + 1; k < words.size() && k <= i + 5; ++k)
        if (kNeed.count(words[k])) return true;
  return false;
}

// Where what magnesium is said to be taken for is named in `words`: [from, to) spans of the few words after
// "<magnesium> for" or "<magnesium> for my/his/her...", or after "to help" in a sentence that names it.
std::vector<std::pair<size_t, size_t>> reason_spans(const std::vector<std::string>& words) {
  std::vector<std::pair<size_t, size_t>> spans;
  // (And "to help me sleep", "to help with my cramps", "I heard it might help me sleep" in a sentence that names it.)
  static const WordSet kBeforeHelp = {"to", "might", "would", "could", "can", "may", "will", "it"};
  const bool names_it =
      std::any_of(words.begin(), words.end(), [](const std::string& w) { return kMagnesiumTaken.count(w) > 0; });
  for (size_t i = 1; i < words.size(); ++i) {
    const bool for_it = words[i] == "for"sv && kMagnesiumTaken.count(words[i - 1]);
    const bool to_help = names_it && (words[i] == "help"sv || words[i] == "helps"sv) && kBeforeHelp.count(words[i - 1]);
    if (!for_it && !to_help) continue;
    size_t from = i + 1;
    if (to_help && from < words.size() && (words[from] == "me"sv || words[from] == "with"sv)) ++from;
    if (from < words.size() && kWhose.count(words[from])) ++from;
    spans.emplace_back(from, std::min(words.size(), from + 3));
  }
  return spans;
}

// The content stems of the few words after "<magnesium> for" or "<magnesium> for my/his/her..." in `words`: what
// magnesium is said to be taken for ("my neighbour swears by magnesium supplements for sleep" -> sleep).
std::vector<std::string> reasons_for_magnesium(const std::vector<std::string>& words) {
  std::vector<std::string> stems;
  for (const auto& [from, to] : reason_spans(words)) {
    const auto found = content_stems({words.begin() + static_cast<long>(from), words.begin() + static_cast<long>(to)});
    stems.insert(stems.end(), found.begin(), found.end());
  }
  return stems;
}

// What magnesium is said to be taken for in the sentences of `message` that only tell, when another sentence asks
// ("I started magnesium glycinate for sleep. Can it cause diarrhea?" -> sleep): that is not what is asked.
// Nothing when a question asks whether it works or helps ("My friend takes magnesium for migraines. Does it work?"):
// then what it is taken for is the question.
std::vector<std::string> reasons_told_beside_question(const std::string& message) {
  static const WordSet kWorks = {"work",   "works",  "working",   "worked",
                                 "helping", "helped", "effective", "worth"};
  std::vector<std::string> reasons;
  if (message.find('?') == std::string::npos) return reasons;  // (most messages: no need to split them)
  // (A clause that tells, before a comma and a question word, counts as a sentence of its own: "I want to try
  // magnesium to help me sleep, which type gets absorbed the best?")
  static const WordSet kOpensQuestion = {"which", "what", "whats", "how", "is", "are", "does",
                                         "do",    "can",  "should", "when", "where"};
  std::vector<std::string> sentences;
  for (auto& sentence : sentences_of(message)) {
    const size_t comma = sentence.rfind(", ");
    const auto after = comma == std::string::npos ? std::vector<std::string>{} : words_of(sentence.substr(comma + 2));
    if (sentence.find('?') != std::string::npos && !after.empty() && kOpensQuestion.count(after[0])) {
      sentences.push_back(sentence.substr(0, comma) + ".");
      sentences.push_back(sentence.substr(comma + 2));
    } else {
      sentences.push_back(std::move(sentence));
    }
  }
  const auto asks = [](const std::string& sentence) { return sentence.find('?') != std::string::npos; };
  if (sentences.size() < 2 || std::none_of(sentences.begin(), sentences.end(), asks)) return reasons;
  for (const auto& sentence : sentences)
    if (asks(sentence))
      for (const auto& w : words_of(sentence))
        if (kWorks.count(w) || kBenefit.count(w)) return reasons;
  for (const auto& sentence : sentences)
    if (!asks(sentence))
      for (auto& stem : reasons_for_magnesium(words_of(sentence))) reasons.push_back(std::move(stem));
  return reasons;
}

// "...living on ramen and energy drinks, my eyelid wont stop twitching. could that be low magnesium", "started
// taking magnesium before bed and now I have diarrhea. is that the magnesium?": the words of the sentences before a
// last one that asks whether what they told comes from magnesium, less the words of that last one; else empty.
std::vector<std::string> words_told_before_asking_if_magnesium(const std::string& message) {
  const auto sentences = sentences_of(message);
  if (sentences.size() < 2) return {};
  const auto asked = words_of(sentences.back());
  static const WordSet kWhether = {"could", "can", "is", "would", "might", "may", "does", "do", "are"};
  static const WordSet kPointer = {"that", "this", "it", "these", "those", "they"};
  static const WordSet kMagnesium = {"magnesium", "mag", "low", "deficiency", "deficient", "supplement", "supplements"};
  auto any = [&](const WordSet& set) {
    return std::any_of(asked.begin(), asked.end(), [&](const std::string& w) { return set.count(w) > 0; });
  };
  // (The pointer right after: "could that be...", "is this from...". Not "can I take magnesium with it?", which asks
  // about what was told.)
  static const WordSet kTaking = {"take", "taking", "with", "give", "use", "mix", "combine"};
  if (asked.size() < 3 || asked.size() > 8 || !kWhether.count(asked[0]) || !kPointer.count(asked[1]) ||
      !any(kMagnesium) || any(kTaking))
    return {};
  std::vector<std::string> told;
  for (size_t i = 0; i + 1 < sentences.size(); ++i)
    for (auto& w : words_of(sentences[i]))
      if (!contains(asked, w)) told.push_back(std::move(w));
  return told;
}

// The stems an answer must mention (Analysis::not_covered_stems): subjects scope.yaml lists as not covered, and
// words nothing knows. The first kind are also added to `listed_subjects`.
// `told_reasons`: what magnesium is said to be taken for in sentences of the message that only tell
// (reasons_told_beside_question). `story_names_medicine`: a story told before the question in the same message
// named a medicine ("I take levothyroxine first thing in the morning. When is the best time for my magnesium?").
// `told_only`: words of sentences that only tell, before a last one that asks whether what they told comes from
// magnesium (words_told_before_asking_if_magnesium); subjects and unknown words said only there are not asked about.
std::vector<std::string> stems_to_mention(const std::vector<std::string>& words,
                                          const std::vector<std::string>& own_topics, const KnowledgeIndex& kb,
                                          const std::vector<std::string>& told_reasons, bool story_names_medicine,
                                          std::vector<std::string>* listed_subjects,
                                          const std::vector<std::string>& told_only = {},
                                          std::vector<std::string>* uncovered_medicines = nullptr) {
  auto only_told = [&](const std::vector<std::string>& subject) {
    return !told_only.empty() && std::all_of(subject.begin(), subject.end(), [&](const std::string& w) {
      return contains(told_only, w);
    });
  };
  const auto& rules = kb.rules();
  std::vector<std::string> out;
  // "I'm on doxycycline for acne", "I take zinc for my immune system": what a named medicine or supplement is taken
  // for only says why the person takes it; the question is about what is taken, so an answer need not mention acne.
  const bool names_something_taken = std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
    return is_medicine(t) || is_related_mineral(t) || t == "supplements"sv;
  });
  // But "should I take magnesium for my migraines?" asks whether magnesium helps with them: when only magnesium is
  // taken and the message asks whether to take it, what it would be taken for is the question.
  // ("Medicines" in general, "instead of my meds", names nothing taken beside it.)
  const bool names_only_magnesium_taken = std::none_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
    return (is_medicine(t) && t != "medicines"sv) || is_related_mineral(t);
  });
  static const WordSet kTaking = {"take", "use", "try", "start", "give"};
  bool asks_whether_to_take = false;
  if (!words.empty() && kAsksWhether.count(words[0]))
    for (size_t i = 1; i < words.size() && i <= 3; ++i)
      asks_whether_to_take = asks_whether_to_take || kTaking.count(words[i]) > 0;
  // So does "best magnesium for anxiety?", "glycinate for sleep": magnesium named right before what it is for
  // (kMagnesiumTaken).
  auto is_reason_for_medicine = [&](const std::vector<std::string>& subject) {
    const auto stems = content_stems(subject);
    if (!stems.empty() && std::all_of(stems.begin(), stems.end(), [&](const std::string& stem) {
          return contains(told_reasons, stem);
        }))
      return true;
    if (!names_something_taken || (names_only_magnesium_taken && asks_whether_to_take)) return false;
    for (size_t i = 1; i + subject.size() <= words.size(); ++i) {
      if (!std::equal(subject.begin(), subject.end(), words.begin() + static_cast<long>(i))) continue;
      // Where "for" is: right before the subject, or before "my", "his"... ("for my migraines").
      size_t for_at = words.size();
      if (words[i - 1] == "for"sv)
        for_at = i - 1;
      else if (i > 1 && words[i - 2] == "for"sv && kWhose.count(words[i - 1]))
        for_at = i - 2;
      // (Or its name right after a plainer word for it: "taking calcium for my bones (osteopenia)".)
      else if (i > 2 && words[i - 3] == "for"sv && kWhose.count(words[i - 2]))
        for_at = i - 3;
      if (for_at == words.size()) continue;
      return !(names_only_magnesium_taken && for_at > 0 && kMagnesiumTaken.count(words[for_at - 1]));
    }
    return false;
  };
  // A not-covered word inside a longer phrase the knowledge base knows is that phrase ("respiratory depression" is
  // not depression, "charlie horses" are cramps, not horses).
  std::vector<bool> in_known_phrase(words.size(), false);
  std::set<std::string> concept_words;  // words that alone name a concept ("egfr" is the kidneys')
  for (const auto& found : kb.concepts().find_with_positions(words)) {
    if (found.length > 1)
      for (size_t k = 0; k < found.length; ++k) in_known_phrase[found.start + k] = true;
    if (found.length == 1) concept_words.insert(words[found.start]);
  }
  auto inside_known_phrase = [&](const std::vector<std::string>& subject) {
    bool seen = false;
    for (size_t i = 0; i + subject.size() <= words.size(); ++i)
      if (std::equal(subject.begin(), subject.end(), words.begin() + static_cast<long>(i))) {
        if (!std::all_of(in_known_phrase.begin() + static_cast<long>(i),
                         in_known_phrase.begin() + static_cast<long>(i + subject.size()), [](bool b) { return b; }))
          return false;
        seen = true;
      }
    return seen;
  };
  // "I take magnesium before bed. How should I space it from my doxycycline?": when a medicine is named, the time of
  // day something is taken is part of how the two are timed, which the medicine's entry answers.
  auto is_time_of_day = [&](const std::vector<std::string>& subject) {
    // (Fasting sets the times too: "fasting for ramadan, can i take my magnesium at suhoor with my doxycycline",
    // "im doing intermittent fasting, does magnesium interact with ciprofloxacin"; seventh safety review.)
    static const WordSet kWhen = {"bed",     "bedtime", "morning", "night",  "evening", "before",    "at",
                                  "in",      "the",     "or",      "time",   "of",      "day",       "fasting",
                                  "fast",    "ramadan", "suhoor",  "sehri",  "iftar",   "intermittent", "breakfast",
                                  "lunch",   "dinner",  "for",     "doing"};
    const bool names_medicine =
        story_names_medicine || std::any_of(own_topics.begin(), own_topics.end(), is_medicine);
    return names_medicine && std::all_of(subject.begin(), subject.end(), [](const std::string& w) {
             return kWhen.count(w) > 0;
           });
  };
  // "Fine, forget brands. Which forms are absorbed better?": a subject set aside is not asked about.
  auto is_set_aside = [&](const std::vector<std::string>& subject) {
    for (size_t i = 1; i + subject.size() <= words.size(); ++i) {
      if (!std::equal(subject.begin(), subject.end(), words.begin() + static_cast<long>(i))) continue;
      size_t before = i - 1;
      if (before > 0 && (words[before] == "about"sv || words[before] == "the"sv || kWhose.count(words[before]))) --before;
      if (kSetAside.count(words[before]) || (before > 0 && words[before - 1] == "never"sv && words[before] == "mind"sv))
        return true;
    }
    return false;
  };
  // (A medicine name beside a medicine the knowledge base covers is set apart: Analysis::uncovered_medicines.)
  // (Or an antacid or laxative it covers: "my dad on dialysis has been taking Rennie and milk of magnesia".)
  const bool names_covered_medicine = std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
    return (is_medicine(t) && t != "medicines"sv) || t == "antacids"sv || t == "laxatives"sv;
  });
  auto set_apart_as_medicine = [&](const std::vector<std::string>& subject) {
    if (!uncovered_medicines || !names_covered_medicine || subject.size() != 1 || !is_medicine_name(subject[0]))
      return false;
    if (!contains(*uncovered_medicines, subject[0])) uncovered_medicines->push_back(subject[0]);
    return true;
  };
  // "my father has dementia and takes milk of magnesia every day ... his kidney function is low. ok?": a condition of
  // memory named as who the person is, not asked whether magnesium helps it, is not what is asked (safety review
  // 2026-12-01, fourth). ("Can magnesium help dementia?" still asks it.)
  auto is_who_the_person_is = [&](const std::vector<std::string>& subject) {
    static const WordSet kMemoryConditions = {"dementia", "alzheimer", "alzheimers", "parkinson", "parkinsons"};
    static const WordSet kAsksOfIt = {"help",    "helps",    "helping", "prevent", "prevents", "improve",
                                      "improves", "good",     "benefit", "benefits", "slow",    "slows",
                                      "treat",   "treats",   "cure",    "cures",   "boost",   "boosts",
                                      "protect", "protects", "risk",    "cause",   "causes",  "linked",
                                      "link",    "reverse",  "delay",   "better",  "worse"};
    return std::all_of(subject.begin(), subject.end(), [](const std::string& w) { return kMemoryConditions.count(w) > 0; }) &&
           !kAsksOfIt.contains_any(words);
  };
  // "I use laxatives every day to lose weight ... can it affect magnesium?": why laxatives are used is not what is
  // asked (safety review 2026-12-01, fourth).
  auto is_why_laxatives_are_used = [&](const std::vector<std::string>& subject) {
    static const WordSet kLaxatives = {"laxative", "laxatives", "dulcolax", "senna", "purging", "purge"};
    return kLaxatives.contains_any(words) &&
           (subject == std::vector<std::string>{"lose", "weight"} || subject == std::vector<std::string>{"weight", "loss"});
  };
  for (const auto& subject : rules.not_covered_subjects(words))
    if (!is_reason_for_medicine(subject) && !inside_known_phrase(subject) && !is_time_of_day(subject) &&
        !is_set_aside(subject) && !only_told(subject) && !set_apart_as_medicine(subject) &&
        !is_who_the_person_is(subject) && !is_why_laxatives_are_used(subject))
      for (const auto& stem : content_stems(subject)) {
        out.push_back(stem);
        listed_subjects->push_back(stem);
      }
  // "Exactly how many mg of magnesium glycinate should I take?" asks for one person's exact dose, which scope.yaml
  // lists as not covered ("exact dose", "exact amount"); here "exactly" stands several words before the ask, so no
  // phrase can match it. (Without "exactly", "how much should I take?" gets the general amounts.)
  // "Should I take 250 mg or 500 mg for my cramps?" asks to choose one person's dose just as much.
  auto chooses_between_amounts = [&] {
    if (!asks_what_to_take(words, words.begin())) return false;
    size_t amounts = 0;
    bool joined_by_or = false;
    for (size_t i = 0; i < words.size(); ++i)
      if ((i + 1 < words.size() && is_number(words[i]) && is_mass_unit(words[i + 1])) || is_amount_word(words[i])) {
        joined_by_or = joined_by_or || (amounts > 0 && i > 0 && (words[i - 1] == "or"sv || words[i - 1] == "vs"sv));
        ++amounts;
      }
    return amounts >= 2 && joined_by_or;
  };
  if (asks_exact_personal_amount(words) || chooses_between_amounts() || asks_dose_for_a_purpose(words) ||
      asks_amount_against_complaint(words, contains(own_topics, std::string("laxatives"))) ||
      asks_dose_for_own_condition(words, own_topics) || asks_leave_to_give_amount(words))
    for (const auto& stem : personal_dose_stems()) {
      out.push_back(stem);
      listed_subjects->push_back(stem);
    }
  // A word that neither the knowledge base, nor the dictionary, nor the spelling corrector knows is most often a
  // name the knowledge base has nothing on ("statins", "metformin"): an answer must then actually mention it.
  // (Without a dictionary every ordinary word would look unknown, so then the rule is off.) Not what a named medicine
  // is taken for, as above: "I take doxycycline for my rosacea and a magnesium pill at night" asks about the two.
  for (const auto& w : words)
    // (Not an adverb: "mechanistically", "chronically" say how, not what is asked.)
    if (kb.has_dictionary() && w.size() >= 4 && !ends_with(w, "ly") &&
        std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }) && !is_stopword(w) &&
        !rules.is_filler_word(w) && !kb.speller().knows(w) && !kb.is_dictionary_word(w) && !concept_words.count(w) &&
        !is_reason_for_medicine({w}) && !only_told({w}) && !is_time_of_day({w})) {
      if (set_apart_as_medicine({w})) continue;
      for (const auto& stem : content_stems({w})) out.push_back(stem);
    }
  return out;
}

// Whether the words give an amount of another mineral: "50 mg of zinc", "1000mg calcium", "600 mg of calcium and
// vitamin D" (the amount, then that mineral within three words).
bool names_dose_of_other_mineral(const std::vector<std::string>& words) {
  static const WordSet kOtherMinerals = {"zinc", "calcium", "potassium", "vitamin", "iron"};
  for (size_t i = 0; i < words.size(); ++i) {
    const bool amount = is_amount_word(words[i]) ||
                        (is_number(words[i]) && i + 1 < words.size() && is_mass_unit(words[i + 1]));
    if (!amount) continue;
    for (size_t k = i + 1; k < words.size() && k <= i + 3; ++k)
      if (kOtherMinerals.count(words[k])) return true;
  }
  return false;
}

// A story and the question it ends with: the question is analysed on its own, and who or what the story is about
// (a group, a medicine, a disease) is kept as if said in an earlier turn ("a child his age" is the 8-year-old).
// Not what it merely mentions ("without buying supplements").
Analysis analyse_story(const StoryAndQuestion& told, const ConversationContext& conversation, const KnowledgeIndex& kb) {
  // The story and the question are read without an emergency of the previous turn: whether the message goes on
  // with it is decided for the whole message (analyse_in_context), not for a question that alone names nothing.
  ConversationContext previous = conversation;
  previous.emergency.clear();
  static const WordSet kMentionedOnly = {"magnesium", "supplements", "magnesium-forms", "medicines",
                                         "electrolytes"};
  ConversationContext context = previous;
  context.told_in_same_message = true;
  // What the question asks on its own, for the minerals below (read only when a story tells a mineral taken:
  // most stories do not, and reading the question twice would cost every long message).
  std::optional<bool> asks_of_magnesium_alone;
  auto question_asks_of_magnesium = [&] {
    if (!asks_of_magnesium_alone) {
      const Analysis alone = analyse_question(told.question, previous, kb);
      asks_of_magnesium_alone = asks_of_magnesium_itself(alone.aspects) && contains(alone.topics, "magnesium") &&
                                !asks_of_two_together(alone.words) &&
                                std::none_of(alone.topics.begin(), alone.topics.end(), is_related_mineral);
    }
    return *asks_of_magnesium_alone;
  };
  // A claim of a benefit in the story ("I read that magnesium L-threonate boosts memory. Does it work for older
  // adults?", "...has ADHD and a forum recommended magnesium. Does it improve focus?") is what the question asks
  // about: the subjects the knowledge base does not cover, named in the story, must then be in the answer.
  bool story_claims_benefit = false;
  bool story_names_magnesium = false;
  std::vector<std::string> story_not_covered;
  std::vector<std::string> story_uncovered_medicines;  // (Analysis::uncovered_medicines of the story's sentences)
  std::vector<QueryTerm> story_signs;  // the words of the signs the story tells ("pins and needles")
  std::vector<std::string> story_causes;  // causes of low magnesium the story names ("i have crohns")
  bool last_sentence_names_magnesium = false;  // (the story's last sentence, right before the question)
  std::vector<std::string> story_words;  // every word of the story, as read
  bool story_tells_starting_magnesium = false;  // "I started magnesium oxide about two weeks ago..."
  // A result outside every range told in the story ("Mg 0.45 mmol/l, doctor hasn't called back. how much magnesium
  // should I take to fix it"): the advice to contact the clinic today comes first whatever is asked after it
  // (safety review 2026-12-01, fourth).
  bool story_result_outside_ranges = false;
  bool story_result_outside_some_ranges = false;
  const auto question_words = words_of(told.question);
  // (Only a question what it is or does: "can I just stop taking it?" after "put me on mag oxide" asks about
  // changing a prescription, which the form's entry does not answer.)
  // (Nor how much magnesium a label's numbers actually give: "label ... says magnesium glycinate 500 mg, elemental
  // magnesium 100 mg. which number is how much magnesium I'm actually getting?")
  const bool asks_how_much_it_gives =
      contains(question_words, std::string("number")) || contains(question_words, std::string("label")) ||
      contains(question_words, std::string("elemental")) ||
      (contains(question_words, std::string("actually")) && contains(question_words, std::string("getting")));
  const bool question_points_at_it =
      asks_how_much_it_gives ||
      (!question_words.empty() && (question_words[0] == "what"sv || question_words[0] == "whats"sv) &&
       (contains(question_words, std::string("it")) || contains(question_words, std::string("this")) ||
        contains(question_words, std::string("that"))));
  for (const auto& sentence : told.story) {  // (each one sentence: not split again)
    const Analysis told_here = analyse_question(sentence, previous, kb);
    story_words.insert(story_words.end(), told_here.words.begin(), told_here.words.end());
    story_claims_benefit = story_claims_benefit || told_here.asks_benefit;
    story_result_outside_ranges = story_result_outside_ranges || told_here.result_outside_ranges;
    story_result_outside_some_ranges = story_result_outside_some_ranges || told_here.result_outside_some_ranges;
    story_names_magnesium = story_names_magnesium || told_here.names_magnesium;
    last_sentence_names_magnesium = told_here.names_magnesium;
    for (const auto& t : told_here.topics)
      if (is_cause_of_low_magnesium(t) && !contains(story_causes, t)) story_causes.push_back(t);
    {
      // ("started" said of magnesium, within two words: not "I started getting pins and needles")
      static const WordSet kStarted = {"started", "starting", "began", "begun", "switched"};
      static const WordSet kWhatStarted = {"magnesium", "mag",     "taking",  "supplement", "supplements",
                                           "citrate",   "oxide",   "glycinate", "chloride", "to"};
      const auto& w = told_here.words;
      for (size_t i = 0; told_here.names_magnesium && i < w.size(); ++i)
        if (kStarted.count(w[i]) && ((i + 1 < w.size() && kWhatStarted.count(w[i + 1])) ||
                                     (i + 2 < w.size() && kWhatStarted.count(w[i + 2]))))
          story_tells_starting_magnesium = true;
    }
    story_not_covered.insert(story_not_covered.end(), told_here.not_covered_stems.begin(),
                             told_here.not_covered_stems.end());
    for (const auto& medicine : told_here.uncovered_medicines)
      if (!contains(story_uncovered_medicines, medicine)) story_uncovered_medicines.push_back(medicine);
    // ("I take lithium for bipolar disorder. Is it okay to add a magnesium supplement to it?": "it" is lithium.)
    // But what magnesium is taken for in the story is not what a question about it asks ("My neighbour swears by
    // magnesium for sleep. Is it safe with my kidney disease?"); a question whether it works for that takes the
    // story's subjects through story_not_covered below.
    // (Only the sentence right before the question says what "it" is: in a long story, "I take adderall for ADHD and
    // birth control. ... What does magnesium do and why is it important?" asks nothing of birth control.)
    const auto reasons = reasons_for_magnesium(told_here.words);
    context.not_covered = previous.not_covered;
    for (const auto& subject : told_here.not_covered_subjects)
      if (!contains(reasons, subject)) context.not_covered.push_back(subject);
    // (Nor what magnesium is taken for: "...told him to take magnesium for his leg cramps. Is that safe for him?"
    // asks about magnesium and his kidneys, not about cramps.)
    // (Nor the heart or bones a medicine is taken for: "my dad is 70 and takes furosemide water pills for his heart.
    // should we worry about his magnesium" asks about the water pills, blind set b481. Only those two: a kidney
    // disease or diabetes told is part of what is asked.)
    std::vector<std::string> only_reasons;
    {
      static const WordSet kOnlyWhatMedicineIsFor = {"heart", "bone"};
      const auto spans = reason_spans(told_here.words);
      const auto found = kb.concepts().find_with_positions(told_here.words);
      std::vector<std::pair<size_t, size_t>> medicine_spans;  // the few words after "<medicine> for [his...]"
      for (const auto& f : found) {
        size_t from = f.start + f.length + 1;
        if (!is_medicine(f.id) || from > told_here.words.size() || told_here.words[from - 1] != "for"sv) continue;
        if (from < told_here.words.size() && kWhose.count(told_here.words[from])) ++from;
        medicine_spans.emplace_back(from, std::min(told_here.words.size(), from + 3));
      }
      std::map<std::string, bool> outside;  // concept id -> named outside every reason
      for (const auto& f : found) {
        const auto within = [&](const auto& span) { return f.start >= span.first && f.start + f.length <= span.second; };
        const bool inside = std::any_of(spans.begin(), spans.end(), within) ||
                            (kOnlyWhatMedicineIsFor.count(f.id) &&
                             std::any_of(medicine_spans.begin(), medicine_spans.end(), within));
        outside[f.id] = outside[f.id] || !inside;
      }
      for (const auto& [id, named_outside] : outside)
        if (!named_outside) only_reasons.push_back(id);
    }
    // (Nor a mineral the story says is taken, when the question asks how much magnesium, which foods or who runs
    // low: "How much magnesium do I need? I'm a 45 year old woman already on calcium and vitamin D.")
    const bool tells_taking = std::any_of(told_here.words.begin(), told_here.words.end(),
                                          [](const std::string& w) { return kTakingWords.count(w) > 0; });
    // (Medicines named by what they are, not by the word "medicine", are what the story is about: "I'm on
    // cyclosporine after my kidney transplant. Anything about magnesium I should know?")
    static const WordSet kNamesAMedicine = {"cyclosporine", "cyclosporin", "ciclosporin",
                                            "immunosuppressant", "immunosuppressants", "transplant"};
    const bool names_a_medicine = std::any_of(told_here.words.begin(), told_here.words.end(),
                                              [](const std::string& w) { return kNamesAMedicine.count(w) > 0; });
    // (A form of magnesium named right before a question about "it" is what it asks about: "Pharmacist gave me
    // magnesium oxide for heartburn but now im reading scary stuff. What is it actually used for?")
    const bool form_is_it = &sentence == &told.story.back() && question_points_at_it;
    for (const auto& t : told_here.topics)
      if (!contains(context.topics, t) &&
          (!kMentionedOnly.count(t) || (t == "medicines"sv && names_a_medicine) ||
           (t == "magnesium-forms"sv && form_is_it)) &&
          !contains(only_reasons, t) &&
          !(tells_taking && is_related_mineral(t) && question_asks_of_magnesium()))
        context.topics.push_back(t);
    // (And what it tells about, "I eat a lot of white bread...", for a question that asks nothing of its own:
    // "... Does that matter for magnesium?")
    // (A symptom told in the same message is what "can low magnesium do that?" asks about.)
    // (Nor the amount of another mineral the story tells: "I take 50 mg of zinc every day and my magnesium came back
    // low. Could the zinc be doing it?" asks what zinc does to magnesium, not how much of either to take.)
    const bool tells_dose_of_other_mineral = names_dose_of_other_mineral(told_here.words);
    for (const auto& asp : told_here.aspects)
      if (!contains(context.aspects, asp) && !(asp == "intake"sv && tells_dose_of_other_mineral))
        context.aspects.push_back(asp);
    for (const auto& term : told_here.terms)
      if (term.concept_id == "symptoms"sv || term.concept_id == "muscles"sv) story_signs.push_back(term);
    // (A sentence read as a question outside magnesium still tells whom the story is about: "I'm a 15-year-old
    // guy who lifts weights after school." names a teenager.)
    context.in_scope = context.in_scope || told_here.in_scope ||
                       std::any_of(told_here.topics.begin(), told_here.topics.end(), is_group_of_people);
  }
  Analysis asked = analyse_question(told.question, context, kb);
  bool asks_of_last_sentence = false;  // (below: the question was read with the sentence before it)
  // A question that only points at what the sentence before it says ("Her sister keeps saying breastfeeding 'drains
  // your magnesium'. Is that actually a real thing or an old wives tale?") asks about that sentence: read alone it
  // names nothing and would be out of scope (blind set b497). (Not "it", which "is it safe to take melatonin?" uses
  // of nothing before it.)
  if (!asked.in_scope && asked.kind == MessageKind::Question && !told.story.empty() &&
      std::any_of(question_words.begin(), question_words.end(),
                  [](const std::string& w) { return w == "that"sv || w == "this"sv; })) {
    if (last_sentence_names_magnesium) {
      // (Without the rest of the story, whose signs are not what the claim is about.)
      asked = analyse_question(told.story.back() + " " + told.question, previous, kb);
      asks_of_last_sentence = true;
    }
  }
  // "My doctor keeps finding my potassium low on bloodwork even though I've been on potassium pills... A nurse friend
  // said something about magnesium?? Is there a link": the link asked is between the minerals, not the blood test
  // that found it (blind sets b493, b498).
  static const WordSet kLink = {"link", "linked", "connection", "connected", "related", "relationship"};
  if (asked.kind == MessageKind::Question && kLink.contains_any(question_words) &&
      std::any_of(asked.topics.begin(), asked.topics.end(), is_related_mineral) &&
      contains(asked.topics, std::string("blood-test")))
    set_aside_concept(asked, "blood-test");
  if (story_result_outside_ranges && asked.kind == MessageKind::Question) asked.result_outside_ranges = true;
  if (story_result_outside_some_ranges && asked.kind == MessageKind::Question && !asked.result_outside_ranges)
    asked.result_outside_some_ranges = true;
  // "...her doctor put her on a water pill, and she takes a pill for heartburn. My sister read online it could be her
  // magnesium. Could her medicines really do that?": whether medicines lower magnesium, not the signs told.
  if (asked.kind == MessageKind::Question && story_names_magnesium && contains(asked.topics, std::string("medicines")) &&
      !contains(asked.inherited, std::string("medicines")) &&
      (contains_phrase(asked.words, {"do", "that"}) || contains_phrase(asked.words, {"do", "this"}) ||
       contains_phrase(asked.words, {"cause", "that"}) || contains_phrase(asked.words, {"cause", "this"}) ||
       contains_phrase(asked.words, {"cause", "it"})) &&
      kb.concepts().get("causes") && kb.concepts().get("hypomagnesemia")) {
    set_aside_concept(asked, "symptoms");
    asked.aspects = {"causes"};
    if (!contains(asked.topics, std::string("hypomagnesemia"))) asked.topics.push_back("hypomagnesemia");
  }
  // "I've been on omeprazole for two years and get cramps. Should I think about magnesium?" asks about magnesium
  // and the medicine told, not about magnesium itself.
  if (std::any_of(context.topics.begin(), context.topics.end(), is_medicine)) asked.about_magnesium_itself = false;
  // (Only when the question asks nothing else: "...to help her sleep. What are the warning signs of magnesium
  // toxicity?" asks the signs.)
  const bool asks_own_aspect = std::any_of(asked.aspects.begin(), asked.aspects.end(), [&](const std::string& asp) {
    return asp != "definition"sv && !contains(asked.inherited, asp);
  });
  // So does a question what to take after a story that told a condition: "I'm 45 with insomnia. How many mg of
  // glycinate should I take at night?" asks a dose for the insomnia, as "...for my insomnia?" does.
  // (An amount: "how far apart should I take magnesium and doxycycline?" asks a timing, not a dose.)
  // ("...my magnesium is low. how many mg do I take?" asks it too.)
  const bool asks_dose_for_story =
      (asks_what_to_take(asked.words, asked.words.begin()) ||
       (asks_how_many_of_it(asked.words) &&
        (contains_phrase(asked.words, {"i", "take"}) || contains_phrase(asked.words, {"i", "need", "to", "take"})))) &&
      (contains(asked.aspects, std::string("intake")) || contains(asked.aspects, std::string("upper-limit")) ||
       asks_how_many_of_it(asked.words) || contains(asked.words, std::string("dose")));
  const bool asks_of_story_benefit = asked.asks_benefit || (story_claims_benefit && !asks_own_aspect);
  // "Pins and needles in my hands and feet lately.. could magnesium be involved?": whether magnesium causes the signs
  // the story told is a question about its signs, searched with them (not "what causes low magnesium", nor by
  // "involved" alone).
  // (So does "could low magnesium be the reason": low magnesium is what may cause them, not what is caused, as in
  // "why would my magnesium be low?".)
  const bool names_low_magnesium_as_cause =
      contains_phrase(asked.words, {"be", "the", "reason"}) || contains_phrase(asked.words, {"be", "the", "cause"}) ||
      contains_phrase(asked.words, {"be", "behind"}) || contains_phrase(asked.words, {"be", "causing"}) ||
      contains_phrase(asked.words, {"to", "blame"});
  const bool asks_only_whether_it_causes =
      asked.aspects.size() == 1 && asked.aspects[0] == "causes"sv && !contains(asked.inherited, std::string("causes")) &&
      std::none_of(asked.topics.begin(), asked.topics.end(), [&](const std::string& t) {
        return is_specific_topic(t) && !contains(asked.inherited, t) &&
               !(t == "hypomagnesemia"sv && names_low_magnesium_as_cause);
      });
  // (Whether the signs told come from magnesium asks nothing of what the story says it is taken for, or of what the
  // person eats: "...living on ramen and energy drinks, my eyelid wont stop twitching. could that be low magnesium")
  // But "i have crohns and im always exhausted and crampy. is my magnesium low because of it" asks whether the cause
  // the story named ("it") lowers magnesium: the entry on that cause answers, not the signs (blind set b493).
  static const std::vector<std::vector<std::string>> kBecauseOfIt = {
      {"because", "of", "it"}, {"because", "of", "that"}, {"because", "of", "this"}, {"due", "to", "it"},
      {"due", "to", "that"},   {"caused", "by", "it"},    {"caused", "by", "that"},   {"from", "it"}};
  const bool asks_whether_story_cause_lowers_it =
      asked.kind == MessageKind::Question && !story_causes.empty() &&
      (contains(asked.topics, std::string("hypomagnesemia")) || asks_only_whether_it_causes) &&
      std::any_of(kBecauseOfIt.begin(), kBecauseOfIt.end(),
                  [&](const auto& phrase) { return contains_phrase(asked.words, phrase); });
  // (Nor one asked of the claim in the sentence before it: "Her sister keeps saying breastfeeding 'drains your
  // magnesium'. Is that actually a real thing...?" after her cramps asks about breastfeeding.)
  const bool asks_whether_story_signs_come_from_it =
      asked.kind == MessageKind::Question && asks_only_whether_it_causes && !story_signs.empty() &&
      !asks_whether_story_cause_lowers_it && !asks_of_last_sentence;
  if (asks_whether_story_cause_lowers_it) {
    asked.aspects = {"causes"};
    for (const auto& t : story_causes)
      if (!contains(asked.topics, t)) asked.topics.push_back(t);
    if (!contains(asked.topics, std::string("hypomagnesemia"))) asked.topics.push_back("hypomagnesemia");
  }
  if (asks_whether_story_signs_come_from_it) {
    // (Signs that came after starting magnesium ask whether it causes them: "I started magnesium oxide two weeks
    // ago and since then I've had loose stools. Is that a known thing with magnesium?" asks its side effects.)
    asked.aspects = {story_tells_starting_magnesium ? "side-effects" : "symptoms"};
    asked.terms.erase(std::remove_if(asked.terms.begin(), asked.terms.end(),
                                     [](const QueryTerm& t) { return t.concept_id == "causes"sv; }),
                      asked.terms.end());
    for (const auto& term : story_signs)
      if (!contains(asked.stems, term.stem)) {
        asked.stems.push_back(term.stem);
        asked.terms.push_back(term);
      }
  }
  // "I take furosemide, lisinopril, metformin and levothyroxine every day. Any problem if I add a magnesium
  // supplement?", "my mum is 80 and takes levothyroxine, furosemide and omeprazole. can she take a magnesium
  // supplement?" (fifth safety review, finding 9: it got the entry on older adults, without the timing): medicines
  // the story named, and a question whether magnesium is a problem or may be taken, ask how they interact, as the two
  // in one sentence do.
  // (So does taking them "all together": "I'm 78, I take furosemide, omeprazole, alendronate... My daughter bought
  // me magnesium glycinate. Is it ok to take them all together in the morning?", whose "ok" reads as a limit and
  // whose daughter is only the buyer; safety review 2026-12-01.)
  const bool asks_all_together =
      contains(question_words, std::string("together")) && contains(question_words, std::string("them")) &&
      std::all_of(asked.aspects.begin(), asked.aspects.end(),
                  [](const std::string& asp) { return asp == "upper-limit"sv || asp == "intake"sv || asp == "definition"sv; });
  if (asked.kind == MessageKind::Question && (asked.aspects.empty() || asks_all_together) &&
      std::any_of(asked.topics.begin(), asked.topics.end(),
                  [&](const std::string& t) { return is_medicine(t) && t != "medicines"sv && contains(asked.inherited, t); }) &&
      (asks_all_together || asks_whether_one_may_take(question_words) ||
       std::any_of(question_words.begin(), question_words.end(),
                   [](const std::string& w) { return whether_trouble_words().count(w) > 0; })) &&
      (asked.names_magnesium || story_names_magnesium ||
       std::any_of(asked.topics.begin(), asked.topics.end(), is_magnesium_product)) &&
      kb.concepts().get("interactions")) {
    asked.aspects = {"interactions"};
    for (const auto& group : groups_of_people())
      if (contains(asked.inherited, group)) set_aside_concept(asked, group);
  }
  // "...my hands tingle... My coworker said it might be my magnesium. Is that actually a thing, and what should I do
  // about it?" asks two things: whether low magnesium gives such signs, and what is done about it.
  static const std::vector<std::vector<std::string>> kIsClaimTrue = {
      {"a", "thing"},    {"that", "true"}, {"it", "true"},    {"that", "real"},  {"that", "right"},
      {"he", "right"},   {"she", "right"}, {"they", "right"}, {"that", "possible"}, {"it", "possible"}, {"real", "thing"}};
  if (asked.kind == MessageKind::Question && story_names_magnesium && !story_signs.empty() &&
      contains(asked.aspects, std::string("treatment")) && !contains(asked.aspects, std::string("symptoms")) &&
      std::any_of(kIsClaimTrue.begin(), kIsClaimTrue.end(),
                  [&](const auto& phrase) { return contains_phrase(asked.words, phrase); })) {
    asked.aspects.insert(asked.aspects.begin(), "symptoms");
    // (Signs blamed on magnesium are asked of its lack, as "could it be low magnesium?" asks.)
    if (!contains(asked.topics, std::string("hypermagnesemia")) && !contains(asked.topics, std::string("hypomagnesemia")))
      asked.topics.push_back("hypomagnesemia");
    for (const auto& term : story_signs)
      if (!contains(asked.stems, term.stem)) {
        asked.stems.push_back(term.stem);
        asked.terms.push_back(term);
      }
  }
  // "My mom has been on water pills for ten years. Lately she is always tired and her hands twitch. Her friend said it
  // might be her magnesium. Is that a real thing or just internet stuff?" asks whether the medicine can lower
  // magnesium enough to give such signs: what the medicine does to magnesium is the answer, not a list of signs.
  const bool story_names_medicine = std::any_of(asked.inherited.begin(), asked.inherited.end(), [](const std::string& t) {
    return is_medicine(t) && t != "medicines"sv;
  });
  if (asked.kind == MessageKind::Question && story_names_magnesium && !story_signs.empty() && story_names_medicine &&
      std::all_of(asked.aspects.begin(), asked.aspects.end(), [](const std::string& asp) { return asp == "symptoms"sv; }) &&
      kb.concepts().get("causes") &&
      std::any_of(kIsClaimTrue.begin(), kIsClaimTrue.end(),
                  [&](const auto& phrase) { return contains_phrase(asked.words, phrase); })) {
    asked.aspects = {"causes"};
    if (!contains(asked.topics, std::string("hypomagnesemia"))) asked.topics.push_back("hypomagnesemia");
  }
  // (A gut disease the story told only says why the person asks about signs, as in one sentence: "Crohn's patient
  // here, getting leg cramps at night... could this be a magnesium thing?" asks the signs of low magnesium.)
  if (asked.kind == MessageKind::Question && asks_only_signs_or_foods(asked.aspects) &&
      contains(asked.inherited, std::string("gut-disorders")))
    set_aside_concept(asked, "gut-disorders");
  // (So does a blood test the story told, when the question asks about another mineral: "...my last magnesium test
  // was low. Could the zinc explain it?" asks what zinc does to magnesium.)
  const bool question_names_mineral = std::any_of(asked.topics.begin(), asked.topics.end(), [&](const std::string& t) {
    return is_related_mineral(t) && !contains(asked.inherited, t);
  });
  if (asked.kind == MessageKind::Question && question_names_mineral &&
      contains(asked.inherited, std::string("blood-test")))
    set_aside_concept(asked, "blood-test");
  // (And when the question asks only whether magnesium has a part in a mineral the story told: "my potassium keeps
  // coming back low on bloodwork even tho im taking potassium pills. could magnesium be involved somehow?" asks how
  // the two are tied, not what causes low magnesium, nor about the test.)
  const bool story_names_mineral = std::any_of(asked.inherited.begin(), asked.inherited.end(), is_related_mineral);
  if (asked.kind == MessageKind::Question && story_names_mineral && asks_only_whether_it_causes &&
      asked.names_magnesium && story_signs.empty()) {
    set_aside_concept(asked, "causes");
    if (contains(asked.inherited, std::string("blood-test"))) set_aside_concept(asked, "blood-test");
  }
  // (And a blood test or a condition the story told, when the question asks only how much someone of an age needs:
  // "My 15 yr old son's blood test showed low magnesium. How much should a boy his age be getting?" asks the amounts
  // for his age. A dose to treat it is declined as a personal dose before this.)
  if (asked.kind == MessageKind::Question && asked.aspects == std::vector<std::string>{"intake"} &&
      std::any_of(asked.topics.begin(), asked.topics.end(), is_group_of_people))
    for (const char* told_only : {"blood-test", "hypomagnesemia", "hypermagnesemia"})
      if (contains(asked.inherited, std::string(told_only))) set_aside_concept(asked, told_only);
  // (A dose the story says was prescribed is what "should I cut it to 400 on my own?" asks to change.)
  if (asked.kind == MessageKind::Question && asks_to_change_prescribed_dose(story_words, asked.words))
    asked.asks_to_stop_medicine = true;
  // "My dad has stage 4 kidney disease. He read that magnesium helps sleep and wants to buy some. Should he?": whether
  // someone whose story told kidney disease should take magnesium is who must be careful with it, whatever it would be
  // taken for (as in one sentence: "My dad has CKD, is magnesium ok for his leg cramps?"). A dose asked for it is
  // still declined, with the same caution (Answerer).
  const bool asks_whether_to_take_it =
      !asked.words.empty() &&
      (asked.asks_permission || asks_whether_someone_should_take(asked.words) ||
       ((asked.words[0] == "should"sv || asked.words[0] == "can"sv || asked.words[0] == "could"sv ||
         asked.words[0] == "is"sv || asked.words[0] == "would"sv) &&
        asked.words.size() <= 4) ||
       contains(asked.words, std::string("safe")) || contains(asked.words, std::string("ok")) ||
       contains(asked.words, std::string("okay")));
  const bool asks_only_whether_amount_is_ok =
      !asked.aspects.empty() &&
      std::any_of(asked.words.begin(), asked.words.end(),
                  [](const std::string& w) { return !w.empty() && std::isdigit(static_cast<unsigned char>(w[0])); }) &&
      !contains_phrase(asked.words, {"how", "much"}) &&
      !contains_phrase(asked.words, {"how", "many"}) &&
      std::all_of(asked.aspects.begin(), asked.aspects.end(),
                  [](const std::string& asp) { return asp == "upper-limit"sv || asp == "intake"sv || asp == "caution"sv; });
  const bool story_tells_kidney_disease =
      contains(context.topics, std::string("kidney")) &&
      std::none_of(context.topics.begin(), context.topics.end(), has_own_kidney_advice) &&
      (std::any_of(story_words.begin(), story_words.end(), [](const std::string& w) {
        static const WordSet kDisease = {"disease", "failure", "ckd", "dialysis", "insufficiency", "stage"};
        return kDisease.count(w) > 0;
      }) ||
      tells_kidney_disease(story_words));  // (also "my mother has kidney problems")
  const bool kidney_caution_is_the_answer = asked.kind == MessageKind::Question && story_tells_kidney_disease &&
                                            (story_names_magnesium || asked.names_magnesium) &&
                                            (asks_dose_for_story || (!asks_own_aspect && asks_whether_to_take_it) ||
                                             (asks_whether_to_take_it && asks_only_whether_amount_is_ok)) &&
                                            kb.concepts().get("caution");
  if (kidney_caution_is_the_answer && !asks_dose_for_story) {
    asked.aspects = {"caution"};
    asked.asks_benefit = false;  // (taken "for her cramps": the caution answers whatever it is for)
    // (Nor is a concept named as what it would be taken for searched: "...can she take magnesium tablets for her
    // cramps?" would find the entry on side effects, which names cramps. Blind set b481.)
    for (const auto& f : kb.concepts().find_with_positions(asked.words)) {
      size_t before = f.start;
      if (before > 0 && kWhose.count(asked.words[before - 1])) --before;
      if (before == 0 || asked.words[before - 1] != "for"sv || f.id == "kidney"sv || is_group_of_people(f.id) ||
          kb.concepts().is_aspect(f.id))
        continue;
      set_aside_concept(asked, f.id);
    }
    // (What it would be taken for is not what is asked: "...is it ok to take 300mg glycinate for sleep?")
    const auto& dose_stems = personal_dose_stems();
    auto not_dose = [&](const std::string& stem) { return !contains(dose_stems, stem); };
    asked.not_covered_stems.erase(
        std::remove_if(asked.not_covered_stems.begin(), asked.not_covered_stems.end(), not_dose),
        asked.not_covered_stems.end());
    asked.not_covered_subjects.erase(
        std::remove_if(asked.not_covered_subjects.begin(), asked.not_covered_subjects.end(), not_dose),
        asked.not_covered_subjects.end());
  }
  if (kidney_caution_is_the_answer && asks_dose_for_story && !asked.asks_personal_dose) {
    for (const auto& stem : personal_dose_stems()) {
      asked.not_covered_stems.push_back(stem);
      asked.not_covered_subjects.push_back(stem);
    }
    asked.asks_personal_dose = true;
  }
  if (asked.kind == MessageKind::Question && (asks_of_story_benefit || asks_dose_for_story) &&
      !(asks_whether_story_signs_come_from_it && !asks_dose_for_story) &&
      !kidney_caution_is_the_answer) {
    asked.asks_benefit = asked.asks_benefit || asks_of_story_benefit;
    asked.not_covered_stems.insert(asked.not_covered_stems.end(), story_not_covered.begin(), story_not_covered.end());
  }
  // (A dose asked to treat a low or high level the story told is one person's dose: "my 6 year old's magnesium was
  // low on her bloodwork. how many mg should I give her?")
  const bool story_tells_level = std::any_of(context.topics.begin(), context.topics.end(), [&](const std::string& t) {
    return (t == "hypomagnesemia"sv || t == "hypermagnesemia"sv) && !contains(previous.topics, t);
  });
  // (So does a dose asked after a magnesium result the story gave: "result: Mg 0.62 mmol/L. I'm 72 and on omeprazole
  // and furosemide. What supplement dose should I take?", safety review 2026-12-01.)
  const bool story_tells_result =
      contains(context.topics, std::string("blood-test")) &&
      std::any_of(story_words.begin(), story_words.end(), [](const std::string& w) { return is_number(w); });
  // ("My mag was 1.5 mg/dL. The lab range says 1.6-2.6. Should I start a supplement and how much?")
  static const WordSet kTaking = {"take", "start", "supplement", "supplements", "need", "dose", "dosage"};
  // (Of oneself: "how much do adults need?" after a result asks the general amounts.)
  static const WordSet kOwn = {"i", "me", "my", "we"};
  const bool asks_amount_after_result =
      story_tells_result && (asks_how_many_of_it(asked.words) || contains(asked.words, std::string("dose"))) &&
      std::any_of(asked.words.begin(), asked.words.end(), [](const std::string& w) { return kOwn.count(w) > 0; }) &&
      std::any_of(asked.words.begin(), asked.words.end(), [](const std::string& w) { return kTaking.count(w) > 0; });
  if (asked.kind == MessageKind::Question &&
      ((asks_dose_for_story && (story_tells_level || story_tells_result)) || asks_amount_after_result) &&
      !asked.asks_personal_dose) {
    for (const auto& stem : personal_dose_stems()) {
      asked.not_covered_stems.push_back(stem);
      asked.not_covered_subjects.push_back(stem);
    }
    asked.asks_personal_dose = true;
  }
  // "I have type 2 diabetes and bad muscle cramps. How many mg of magnesium should I take?": an amount asked against
  // a complaint the story told is that person's dose, as it is when both are in one sentence.
  if (asked.kind == MessageKind::Question && asks_dose_for_story && !asked.asks_personal_dose &&
      !kidney_caution_is_the_answer) {
    std::vector<std::string> story_and_question_words = story_words;
    story_and_question_words.insert(story_and_question_words.end(), asked.words.begin(), asked.words.end());
    if (asks_amount_against_complaint(story_and_question_words, false)) {
      for (const auto& stem : personal_dose_stems()) {
        asked.not_covered_stems.push_back(stem);
        asked.not_covered_subjects.push_back(stem);
      }
      asked.asks_personal_dose = true;
    }
  }
  // (Kidneys the story says are healthy are no condition to weigh: "My kidneys are healthy. How much magnesium should
  // I take to stay healthy?" asks the general amounts.)
  static const WordSet kFine = {"healthy", "normal", "fine"};
  if (contains(asked.inherited, std::string("kidney")) && !tells_kidney_disease(story_words) &&
      std::any_of(story_words.begin(), story_words.end(), [](const std::string& w) { return kFine.count(w) > 0; }))
    set_aside_concept(asked, "kidney");
  asked.story_names_magnesium = story_names_magnesium;
  asked.story_causes = story_causes;
  for (const auto& medicine : story_uncovered_medicines)
    if (!contains(asked.uncovered_medicines, medicine)) asked.uncovered_medicines.push_back(medicine);
  return asked;
}

}  // namespace

namespace {

// After an emergency reply, whether the next message (read as `a`) goes on telling the same emergency: it asks what to
// do ("what do i do", "will he be ok"), tells more of what was taken ("i think he ate like 10 of them", "i already
// swallowed them all"), or asks nothing new about magnesium itself (a message that names magnesium is a question of
// its own: "how much magnesium does a 3 year old need?", also when a story before the question names it: "I take 50
// mg of zinc every day and my magnesium came back low. Could the zinc be doing it?"). Not when it says the danger is
// over ("he's fine now", "false alarm") or that nothing was taken.
bool continues_emergency(const Analysis& a, const std::vector<std::string>& raw_words) {
  if (a.kind != MessageKind::Question && a.kind != MessageKind::AboutThePerson) return false;
  static const std::vector<std::vector<std::string>> kOver = {
      {"im", "ok"},       {"i'm", "ok"},      {"i", "am", "ok"},    {"im", "okay"},      {"i'm", "okay"},
      {"im", "fine"},     {"i'm", "fine"},    {"i", "am", "fine"},  {"hes", "fine"},     {"he's", "fine"},
      {"shes", "fine"},   {"she's", "fine"},  {"hes", "ok"},        {"he's", "ok"},      {"shes", "ok"},
      {"she's", "ok"},    {"fine", "now"},    {"ok", "now"},        {"okay", "now"},     {"better", "now"},
      {"false", "alarm"}, {"kidding"},        {"joking"},           {"never", "mind"},   {"nevermind"},
      {"just", "asking"}, {"hypothetically"}, {"hypothetical"},     {"all", "good"},     {"didnt", "take"},
      {"didn't", "take"}, {"did", "not", "take"}, {"didnt", "swallow"}, {"didn't", "swallow"}, {"spat"},
      {"spit", "out"},    {"not", "serious"}};
  for (const auto& phrase : kOver)
    if (contains_phrase(raw_words, phrase)) return false;
  static const WordSet kTaking = {"ate",   "eaten",    "swallowed", "swallow", "took",  "taken",
                                  "drank", "downed",   "overdosed", "chewed",  "pills", "tablets",
                                  "tabs",  "capsules", "bottle",    "all"};
  static const std::vector<std::vector<std::string>> kAsksWhatToDo = {
      {"what", "do", "i", "do"},   {"what", "should", "i", "do"}, {"what", "do", "we", "do"},
      {"what", "should", "we", "do"}, {"what", "now"},            {"now", "what"},
      {"what", "can", "i", "do"},  {"help"},                      {"hurry"},
      {"be", "ok"},                {"be", "okay"},                {"be", "alright"},
      {"going", "to", "die"},      {"gonna", "die"},              {"should", "i", "call"},
      {"should", "i", "go"},       {"do", "i", "need", "to"}};
  const bool tells_taking = std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) {
    return kTaking.count(w) > 0;
  });
  const bool asks_what_to_do = std::any_of(kAsksWhatToDo.begin(), kAsksWhatToDo.end(), [&](const auto& phrase) {
    return contains_phrase(raw_words, phrase);
  });
  return tells_taking || asks_what_to_do || !(a.names_magnesium || a.story_names_magnesium);
}

// Reads the message itself (analyse_in_context adds what an emergency in the previous turn means for it).
Analysis analyse_message(const std::string& message, const ConversationContext& previous, const KnowledgeIndex& kb);

// The context an earlier question of the conversation leaves (what was answered so far stays the conversation's).
ConversationContext context_of(const EarlierSubject& subject, const ConversationContext& previous) {
  ConversationContext c;
  c.topics = subject.topics;
  c.aspects = subject.aspects;
  c.stems = subject.stems;
  c.in_scope = subject.in_scope;
  c.answered = previous.answered;
  c.gone_back_to = true;
  return c;
}

// Which question "going back to ..." returns to: "for the first question" to the first one kept; "back to zinc"
// to the first one kept that names what the message names (where it was asked: a follow-up that named nothing
// of its own carried it on); otherwise ("going back, can kids get seizures from it?") to the one before the last.
// (Only the subject that points back chooses: "what about a toddler, for the first question?" goes to the first
// question, whatever else named a child.)
ConversationContext context_gone_back_to(const ConversationContext& previous, const LanguageRules::BackReference& back,
                                         const std::vector<std::string>& words, const KnowledgeIndex& kb) {
  if (back.to_first) return context_of(previous.earlier.back(), previous);
  std::vector<std::string> named;
  for (const auto& id : kb.concepts().find(words))
    if (id != "magnesium"sv && !kb.concepts().is_aspect(id)) named.push_back(id);
  for (auto subject = previous.earlier.rbegin(); subject != previous.earlier.rend(); ++subject)
    if (std::any_of(named.begin(), named.end(), [&](const std::string& id) { return contains(subject->topics, id); }))
      return context_of(*subject, previous);
  return context_of(previous.earlier.front(), previous);
}

// The message without the words that went back: "the first thing" stands for "it" ("can supplements fix the first
// problem?"), "going back to" says nothing. (Its words are rejoined, so this is for messages short enough to be one
// question; a longer one keeps its own text.)
std::string without_going_back(const std::string& message, const std::vector<std::string>& words,
                               const LanguageRules::BackReference& back) {
  static constexpr size_t kMaxRejoinedWords = 30;
  if (words.size() > kMaxRejoinedWords) return message;
  std::string out;
  const auto append = [&](const std::string& word) {
    if (!out.empty()) out += ' ';
    out += word;
  };
  // ("And for the first question, ..." drops "for" too: the question is only asked again, and "for it, can X cause
  // it?" would read as asking about symptoms.)
  size_t i = 0;
  for (const auto& phrase : back.phrases) {
    const bool after_for = phrase.start > 0 && words[phrase.start - 1] == "for"sv;
    for (; i + (after_for ? 1 : 0) < phrase.start; ++i) append(words[i]);
    if (phrase.to_first && !after_for) append("it");
    i = phrase.start + phrase.length;
  }
  for (; i < words.size(); ++i) append(words[i]);
  if (message.find('?') != std::string::npos) out += '?';
  return out;
}

// Reads the message in the context it continues, with what an emergency in the previous turn means for it.
Analysis analyse_in_context(const std::string& message, const ConversationContext& previous, const KnowledgeIndex& kb) {
  Analysis a = analyse_message(message, previous, kb);
  if (previous.emergency.empty() || a.kind == MessageKind::Emergency) return a;
  const EmergencyRule* rule = kb.rules().emergency_rule_named(previous.emergency);
  const bool after_crisis = rule && rule->reply == "crisis"sv;
  const auto raw_words_read = shared_words_of(message);
  const auto& raw_words = *raw_words_read;
  // After thoughts of ending one's life, "I'm fine, just tell me the max dose" is not reassurance: an amount asked
  // next is answered with the crisis lines again, and anything else with a reminder of them first (Answerer).
  static const WordSet kAmount = {"max", "maximum", "dose", "dosage", "lethal", "limit", "overdose", "deadly", "fatal"};
  const bool asks_an_amount = std::any_of(raw_words.begin(), raw_words.end(),
                                          [](const std::string& w) { return kAmount.count(w) > 0; });
  if (!(continues_emergency(a, raw_words) || (after_crisis && asks_an_amount))) {
    a.follows_crisis = after_crisis;
    a.follows_emergency = rule && rule->reply == "emergency"sv;
    return a;
  }
  a.kind = MessageKind::Emergency;
  a.emergency_rule = previous.emergency;
  a.emergency_reply = rule ? rule->reply : "emergency";
  a.in_scope = true;
  return a;
}

}  // namespace

namespace {
// An amount asked for someone with kidney disease, on dialysis or with heart failure is that person's dose: the
// table for their age would read as one, and weak kidneys cannot clear the extra ("my husband has CKD stage 4" -
// "how much can he take?", "how much magnesium should my dad on dialysis take"). It is declined like any personal
// dose (its stems are ones no entry mentions). (Not asked of anyone: "how much magnesium is safe with kidney
// disease?" is answered by the entry on who must be careful.)

void decline_amount_for_serious_condition(Analysis& a, const ConversationContext& previous) {
  static const WordSet kSomeone = {"i",   "im",  "me",   "my", "he",  "she", "him", "her",
                                   "his", "hes", "shes", "we", "our", "mum", "mom", "dad"};
  // (How much, asked in words: "is it safe to take magnesium if i have kidney disease?" asks whether, which the
  // entry on who must be careful answers; "my kidneys are healthy, how much can i take?" tells no condition.)
  // (Or a dose asked: "what dose of magnesium should my mum take, she has heart failure" got the Epsom salt entry;
  // first blind probe of 2026-12-02, s38.)
  const bool amount_asked =
      (contains(a.aspects, std::string("intake")) || contains(a.aspects, std::string("upper-limit"))) &&
      (contains_phrase(a.words, {"how", "much"}) || contains_phrase(a.words, {"how", "many"}) ||
       contains_phrase(a.words, {"what", "dose"}) || contains_phrase(a.words, {"what", "dosage"}) ||
       contains_phrase(a.words, {"which", "dose"}) || contains_phrase(a.words, {"what", "amount"}));
  const bool said_healthy = contains(a.words, std::string("healthy")) || contains(a.words, std::string("normal"));
  // (So is a low or high level that a test showed, told in the same sentence as the amount asked: "my husband takes
  // furosemide and his blood test showed low magnesium, how many mg should he take" wants a treatment dose, which
  // the daily amounts are not (it got the table of daily amounts). Told in sentences of their own, analyse_story
  // declines it.)
  static const WordSet kTested = {"test", "tests", "tested", "result", "results", "labs", "lab", "bloodwork", "showed",
                                  "shows", "diagnosed"};
  static const WordSet kOutOfRange = {"low", "high", "deficient", "deficiency", "hypomagnesemia", "hypermagnesemia"};
  const bool level_tested = kTested.contains_any(a.words) && kOutOfRange.contains_any(a.words) &&
                            contains(a.words, std::string("magnesium")) &&
                            // (to take or give: "bloodwork showed low magnesium. how much does a child her age need
                            // each day" asks the daily amounts)
                            (contains(a.words, std::string("take")) || contains(a.words, std::string("give")) ||
                             contains(a.words, std::string("dose")) || contains(a.words, std::string("dosage")));
  // (And a cause of low magnesium told of oneself, a medicine or drinking: "I drink and take a water pill. how much
  // magnesium should I take?" wants what that person should take, which depends on what the medicine does to their
  // level; sixth safety review, finding 9.)
  const bool cause_told = std::any_of(a.topics.begin(), a.topics.end(), [&](const std::string& t) {
    return is_cause_of_low_magnesium(t) && (!contains(a.inherited, t) || previous.told_in_same_message);
  }) && a.names_magnesium;  // (of magnesium: "how much insulin should I take before dinner?" is no such question)
  const bool serious_condition = (contains(a.topics, std::string("kidney")) ||
                                  contains_phrase(a.words, {"heart", "failure"}) || level_tested || cause_told) &&
                                 !said_healthy;
  // Kidney disease told in an earlier turn makes a later "how much?", "what dose for him?" or "could she take
  // 400mg?" that person's dose too (safety review, 2026-12-01); the conversation already says whom it is for.
  static const WordSet kTake = {"take", "have", "give", "use"};
  const bool amount_named_to_take =
      a.names_amount && std::any_of(a.words.begin(), a.words.end(), [](const std::string& w) { return kTake.count(w) > 0; });
  const bool dose_asked = contains(a.words, std::string("dose")) || contains(a.words, std::string("dosage"));
  const bool told_before = !said_healthy && previous.kidney_disease_told &&
                           (amount_asked || amount_named_to_take || dose_asked);
  // (And the amounts asked a turn before, of someone with kidney disease told now: "how much magnesium do men over
  // 70 need" - "what about for my wife, she's 68 and has kidney disease".)
  const bool amount_carried_over = contains(a.inherited, std::string("intake")) && contains(a.aspects, std::string("intake"));
  // (And an amount of a laxative, or for constipation, asked for a child: "my toddler (2) hasnt pooped in 4 days, how
  // much magnesium citrate can I give him", "how much milk of magnesia for a 5 year old" got the children's daily
  // amounts, a number to aim at with a laxative; seventh safety review, finding 9.)
  static const WordSet kChild = {"toddler", "toddlers", "kid", "kids", "child", "children", "son", "daughter", "baby",
                                 "infant", "grandson", "granddaughter", "boy", "girl"};
  static const WordSet kBowels = {"constipated", "constipation", "pooped", "poop", "pooping", "poo", "bowel", "bowels",
                                  "laxative", "laxatives", "citrate", "epsom", "stool", "stools"};
  const std::optional<int> age = age_named(a.words);
  const bool child_laxative_amount =
      (kChild.contains_any(a.words) || (age && *age <= 12)) &&
      (kBowels.contains_any(a.words) || contains_phrase(a.words, {"milk", "of", "magnesia"})) &&
      (contains_phrase(a.words, {"how", "much"}) || contains_phrase(a.words, {"how", "many"}));
  if (a.kind != MessageKind::Question || !a.in_scope || a.asks_personal_dose) return;
  if (!told_before && !child_laxative_amount &&
      (!(amount_asked || amount_carried_over) || !serious_condition ||
       std::none_of(a.words.begin(), a.words.end(), [](const std::string& w) { return kSomeone.count(w) > 0; })))
    return;
  // (The reply then cites the kidney caution, as for kidney disease told in the question itself.)
  if (told_before && !contains(a.topics, std::string("kidney"))) a.topics.push_back("kidney");
  for (const auto& stem : personal_dose_stems()) {
    a.not_covered_stems.push_back(stem);
    a.not_covered_subjects.push_back(stem);
  }
  a.asks_personal_dose = true;
}
}  // namespace

// Whether the words tell drinking heavily (every day, for years, a bottle), of oneself or someone, not stopped long
// ago ("Im three weeks sober after heavy drinking", "I drank heavily for years (3 months sober now!)"). Kept in the
// conversation (ConversationContext::heavy_drinking_told).
bool tells_heavy_drinking(const std::vector<std::string>& words) {
  static const WordSet kSelf = {"i", "im", "ive", "my", "she", "he", "shes", "hes", "her", "his"};
  static const WordSet kDrinking = {"drinking", "drink", "drinks", "drinker", "alcohol", "alcoholic", "booze",
                                    "vodka", "whiskey", "wine", "beer", "beers"};
  static const WordSet kLongAgo = {"weeks", "month", "months", "sober"};
  // ("a fifth of whiskey a day": safety re-check of the seventh review)
  static const WordSet kHeavy = {"every", "daily", "heavily", "heavy", "years", "alcoholic", "bottle", "bottles",
                                 "shake", "shaking", "shakes", "sweats", "sweating", "fifth", "handle"};
  return kSelf.contains_any(words) && kDrinking.contains_any(words) && kHeavy.contains_any(words) &&
         !kLongAgo.contains_any(words) && !contains_phrase(words, {"years", "ago"}) &&
         !contains_phrase(words, {"year", "ago"});
}

bool tells_of_baby(const std::vector<std::string>& words) {
  static const WordSet kBaby = {"baby", "babys", "infant", "infants", "newborn", "newborns", "bub"};
  // ("my baby girl is 14 now": a child of that age, not a baby)
  for (size_t i = 0; i < words.size(); ++i)
    if (const AgeAt age = age_at(words, i); age.words && age.years >= 1) return false;
  static const WordSet kNotABaby = {"spinach", "aspirin", "carrots", "carrot", "brother", "sister", "bump", "shower",
                                    "weight", "oil", "food", "foods", "corn", "steps", "teeth", "pregnant", "pregnancy",
                                    "weeks", "trimester", "due", "expecting"};
  // ("my 4 week old", "6 weeks old": a baby, though "weeks" is also a pregnancy's; safety re-check of the seventh
  // review)
  const bool weeks_or_months_old = contains_phrase(words, {"week", "old"}) || contains_phrase(words, {"weeks", "old"}) ||
                                   contains_phrase(words, {"month", "old"}) || contains_phrase(words, {"months", "old"});
  if (weeks_or_months_old && !contains(words, std::string_view("pregnant"))) return true;
  if (kNotABaby.contains_any(words)) return false;
  if (kBaby.contains_any(words)) return true;
  for (size_t i = 0; i < words.size(); ++i)
    if (const AgeAt age = age_at(words, i); age.words && age.years == 0) return true;  // ("my 3 month old")
  return false;
}

bool tells_own_kidney_disease(const std::vector<std::string>& words) {
  static const WordSet kMe = {"i", "im", "ive", "me"};
  static const WordSet kSomeoneElse = {"dad", "mom", "mum", "father", "mother", "husband", "wife", "son", "daughter",
                                       "he", "she", "his", "her", "hes", "shes", "grandma", "grandpa", "grandmother",
                                       "grandfather", "cat", "dog", "aunt", "uncle", "brother", "sister", "friend",
                                       "patient", "client", "partner", "nan", "gran", "papa", "mama"};
  return tells_kidney_disease(words) && kMe.contains_any(words) && !kSomeoneElse.contains_any(words);
}

bool tells_own_pregnancy(const std::vector<std::string>& words) {
  static const WordSet kMe = {"im", "i", "ive"};
  static const WordSet kSomeoneElse = {"sister", "wife", "daughter", "friend", "partner", "girlfriend", "if",
                                       "planning", "trying", "whether"};
  static const WordSet kCarried = {"baby", "second", "first", "third", "twins", "bump"};
  bool weeks_with_baby = false;
  for (size_t i = 0; i + 3 < words.size(); ++i)
    weeks_with_baby = weeks_with_baby || (words[i] == "weeks"sv && words[i + 1] == "with"sv && words[i + 2] == "my"sv &&
                                          kCarried.count(words[i + 3]));
  const bool pregnant = contains(words, std::string("pregnant")) || contains_phrase(words, {"weeks", "along"}) ||
                        weeks_with_baby;
  return pregnant && std::any_of(words.begin(), words.end(), [](const std::string& w) { return kMe.count(w) > 0; }) &&
         std::none_of(words.begin(), words.end(), [](const std::string& w) { return kSomeoneElse.count(w) > 0; });
}

namespace {
// "can i stop my flecainide if i take magnesium", "should I stop taking amiodarone": a medicine named right after
// "stop my" or "stop taking", whether or not the knowledge base knows it (by its name's ending: is_medicine_name;
// not any word a dictionary lacks, which as often names a symptom: "can magnesium stop my bruxism").
bool asks_to_stop_any_medicine(const std::vector<std::string>& words) {
  // (Swapped or replaced too, and someone else's: "can I stop his ritalin and give magnesium instead", "can magnesium
  // replace my sumatriptan", "swap my lithium for magnesium"; seventh safety review, finding 7.)
  static const WordSet kStop = {"stop",   "stopping", "quit",     "quitting", "discontinue", "ditch",    "ditching",
                                "swap",   "swapping", "switch",   "replace",  "replacing",   "come",     "coming",
                                "get",    "getting",  "wean"};
  static const WordSet kWhoseOrTaking = {"my", "taking", "the", "his", "her", "their", "off"};
  for (size_t i = 0; i + 2 < words.size(); ++i) {
    if (!kStop.count(words[i]) || !kWhoseOrTaking.count(words[i + 1]) || stops_from_happening(words, i)) continue;
    // ("come off", "get off" and "wean off" only with "off": "come my" is no stop)
    const bool off_only = words[i] == "come"sv || words[i] == "coming"sv || words[i] == "get"sv ||
                          words[i] == "getting"sv || words[i] == "wean"sv;
    if (off_only && words[i + 1] != "off"sv) continue;
    size_t name = i + 2;
    if (words[i + 1] == "off"sv && name < words.size() && (words[name] == "my"sv || words[name] == "his"sv ||
                                                           words[name] == "her"sv || words[name] == "the"sv))
      ++name;
    if (name < words.size() && is_medicine_name(words[name])) return true;
  }
  // A medicine named, then stopped as "it" ("my doctor put me on hydrochlorothiazide ... im thinking of stopping it
  // and taking magnesium instead"), or magnesium taken instead of, or rather than, prescribed pills ("I'd rather take
  // magnesium than my blood pressure pills"; safety review 2026-12-01, fourth).
  const bool names_a_medicine =
      std::any_of(words.begin(), words.end(), [](const std::string& w) { return is_medicine_name(w); });
  // (Pills or tablets someone's own: "instead of my blood pressure pills", not "rather eat my magnesium than take
  // pills", which are the magnesium ones.)
  static const WordSet kPrescribed = {"meds", "medicine", "medication", "medications", "prescription", "thinner",
                                      "thinners", "inhaler"};
  static const WordSet kPills = {"pills", "pill", "tablets"};
  static const WordSet kPossessive = {"my", "his", "her", "their"};
  static const WordSet kMagnesiumProducts = {"magnesium", "mag", "supplement", "supplements", "citrate", "glycinate",
                                          "oxide", "vitamins", "vitamin"};
  // (The medicine the nearest named before "it": not "i take lisinopril. the magnesium oxide upsets my stomach, can i
  // just stop it")
  auto it_is_the_medicine = [&](size_t stop_at) {
    // (Magnesium as a level is no product stopped: "i read it causes low magnesium. im thinking of stopping it")
    static const WordSet kLevel = {"low", "lower", "lowers", "lowering", "deplete", "depletes", "depleting", "drop",
                                   "drops", "my", "your", "blood"};
    for (size_t k = stop_at; k-- > 0;) {
      if (is_medicine_name(words[k])) return true;
      if (kMagnesiumProducts.count(words[k]) && !(k > 0 && kLevel.count(words[k - 1]))) return false;
    }
    return false;
  };
  // (Pills someone's own that are named as prescribed ones: "my blood pressure pills"; bare "my tablets" after
  // magnesium is named are the magnesium ones: "magnesium spray instead of my tablets")
  static const WordSet kWhichPills = {"blood", "pressure", "bp", "heart", "water", "thyroid", "diabetes", "cholesterol",
                                      "prescription", "prescribed", "thinner", "thinners"};
  // (Or only "rather" magnesium, beside a medicine named as needed: "My doctor says I need furosemide but I'd rather
  // take magnesium. Does magnesium work as a water pill?", sixth safety review, finding 3.)
  static const WordSet kTakeInstead = {"take", "use", "try", "have"};
  for (size_t i = 0; names_a_medicine && i + 2 < words.size(); ++i)
    if (words[i] == "rather"sv && kTakeInstead.count(words[i + 1]) && kMagnesiumProducts.count(words[i + 2])) return true;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    // ("want to come off it", "swap it for magnesium")
    const size_t it_at = i + 1 < words.size() && words[i + 1] == "off"sv ? i + 2 : i + 1;
    if (names_a_medicine && kStop.count(words[i]) && it_at < words.size() &&
        (words[it_at] == "it"sv || words[it_at] == "them"sv) && it_is_the_medicine(i) &&
        !stops_from_happening(words, i))
      return true;
    const bool instead_of = words[i] == "instead"sv && words[i + 1] == "of"sv;
    const bool rather_than = words[i] == "than"sv && i >= 3 &&
                             std::find(words.begin() + static_cast<long>(i >= 6 ? i - 6 : 0),
                                       words.begin() + static_cast<long>(i), "rather") != words.begin() + static_cast<long>(i);
    if (!instead_of && !rather_than) continue;
    bool whose = false;
    for (size_t k = i + 1; k < words.size() && k <= i + 5; ++k) {
      if (kMagnesiumProducts.count(words[k])) break;
      whose = whose || kPossessive.count(words[k]) > 0;
      const bool named_pills = whose && kPills.count(words[k]) &&
                               (kWhichPills.count(words[k - 1]) ||
                                std::none_of(words.begin(), words.begin() + static_cast<long>(i), [&](const std::string& w) {
                                  return kMagnesiumProducts.count(w) > 0 || w == "spray"sv || w == "oil"sv || w == "food"sv;
                                }));
      if (is_medicine_name(words[k]) || kPrescribed.count(words[k]) || named_pills) return true;
    }
  }
  return false;
}

// Whether a message asks to take more than now: "should I take more magnesium", "should i up my mag", "should I double my dose",
// "do I need to take extra magnesium" (of magnesium, not of a medicine: asks_to_stop_medicine covers those).
bool asks_whether_to_take_more(const std::vector<std::string>& words) {
  // (The ask, then magnesium or a medicine within four words: "should i take more magnesium", "should i up my mag
  // dose", "should i take more of my blood pressure pills"; not "should i take more magnesium rich foods", "increase
  // my magnesium intake through diet", "should i double check", "more zinc", "more mg of potassium".)
  static const std::vector<std::vector<std::string>> kAsks = {
      {"should", "i", "take", "more"}, {"should", "i", "take", "extra"},     {"should", "i", "be", "taking", "more"},
      {"should", "i", "increase"},     {"should", "i", "up"},               {"should", "i", "double"},
      {"do", "i", "need", "to", "take", "more"}, {"should", "she", "take", "more"}, {"should", "he", "take", "more"},
      {"should", "i", "give", "more"}, {"should", "we", "give", "more"}};
  static const WordSet kMagnesium = {"magnesium", "mag", "glycinate", "citrate", "oxide", "dose", "dosage"};
  static const WordSet kFoodOrChecking = {"rich", "foods", "food", "diet", "intake", "eating", "check", "water",
                                          "fiber", "fibre"};
  static const WordSet kOtherMineral = {"zinc", "calcium", "potassium", "vitamin", "iron"};
  if (std::any_of(words.begin(), words.end(), [](const std::string& w) { return kFoodOrChecking.count(w) > 0; }))
    return false;
  for (const auto& phrase : kAsks)
    for (size_t i = 0; i + phrase.size() < words.size(); ++i)
      if (std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<long>(i))) {
        const size_t after = i + phrase.size();
        for (size_t k = after; k < words.size() && k < after + 4; ++k) {
          if (kOtherMineral.count(words[k])) break;  // ("more mg of potassium": another mineral first)
          if (kMagnesium.count(words[k]) || is_medicine_name(words[k]) ||
              (k + 1 < words.size() && names_prescribed_medicine({words[k], words[k + 1]})))
            return true;
        }
      }
  return false;
}

// "how much magnesium glycinate should I take", "whats the dose of magnesium glycinate", "what's magnesium
// glycinate" - "how much should i take of it": how much of a form to take asks the amounts of magnesium, which the
// knowledge base gives as magnesium itself, whatever the form (the intake entries), not what the forms are or what
// oxide is used for (blind probe of 2026-12-02). (Not how much magnesium a form holds: "how much magnesium is in
// magnesium oxide", "how much elemental magnesium in 500 mg of citrate".)
void read_form_amount_as_magnesium_amount(Analysis& a, const std::vector<std::string>& words) {
  if (a.kind != MessageKind::Question || a.asks_personal_dose || !contains(a.topics, "magnesium-forms") ||
      !contains(a.aspects, "intake"))
    return;
  static const WordSet kToTake = {"take", "taking", "having", "dose", "dosage", "daily", "day"};
  static const WordSet kHeld = {"in", "elemental", "contain", "contains", "percent", "percentage", "label", "vs",
                                "versus", "or", "better", "best", "compare", "difference", "laxative", "constipation"};
  // (Asked, not told: "I take 200 mg of magnesium glycinate at night" is answered on the form's own amounts.)
  const bool asks_amount = contains_phrase(words, {"how", "much"}) || contains_phrase(words, {"how", "many"}) ||
                           contains(words, std::string("dose")) || contains(words, std::string("dosage"));
  if (!asks_amount || !kToTake.contains_any(words) || kHeld.contains_any(words)) return;
  set_aside_concept(a, "magnesium-forms");
  if (!contains(a.topics, "magnesium")) a.topics.push_back("magnesium");
  a.aspects.erase(std::remove(a.aspects.begin(), a.aspects.end(), "definition"), a.aspects.end());
}

// Sets Analysis::asks_to_take_more, or asks_to_stop_medicine when what would be taken more of is a prescribed
// medicine and not magnesium ("should i take more of my blood pressure pills"; but "should i take more magnesium
// since my omeprazole lowers it?" asks about magnesium), for the whole message as typed.
void note_asks_to_take_more(Analysis& a, const std::vector<std::string>& words) {
  if (a.kind != MessageKind::Question ||
      (!contains(words, std::string("should")) && !contains(words, std::string("need"))) ||
      !asks_whether_to_take_more(words))
    return;
  static const WordSet kMagnesium = {"magnesium", "mag", "glycinate", "citrate", "oxide", "supplement", "supplements"};
  const bool of_magnesium =
      std::any_of(words.begin(), words.end(), [](const std::string& w) { return kMagnesium.count(w) > 0; });
  if (!of_magnesium && names_prescribed_medicine(words))
    a.asks_to_stop_medicine = true;
  else
    a.asks_to_take_more = true;
}

// "my potassium keeps coming back low... the nurse mentioned magnesium, whats the connection": "what's" beside
// magnesium and a mineral tied to it, both named in the message, asks how the two are tied, not what magnesium is.
// (Also beside low or high magnesium when a word asks for the tie: "her potassium kept coming back low... her magnesium
// was low too... What's the connection between the two?", blind set b487.)
void read_definition_as_tie(Analysis& a, const std::vector<std::string>& words) {
  if (a.kind != MessageKind::Question || a.aspects != std::vector<std::string>{"definition"}) return;
  static const WordSet kTie = {"connection", "connected", "link", "linked", "relationship", "relation", "tie", "tied"};
  const bool asks_the_tie = kTie.contains_any(words) && (contains(a.topics, "hypomagnesemia") ||
                                                         contains(a.topics, "hypermagnesemia"));
  if (!asks_the_tie &&
      (!contains(a.topics, "magnesium") || std::any_of(a.topics.begin(), a.topics.end(), is_condition)))
    return;
  const bool names_mineral = std::any_of(a.topics.begin(), a.topics.end(), [&](const std::string& t) {
    return is_related_mineral(t) && contains(words, words_of(t).front());
  });
  if (names_mineral) set_aside_concept(a, "definition");
}

// "i have the stomach flu, can i take magnesium citrate?", "I've had diarrhea for 5 days and now my legs keep cramping.
// should I take magnesium?": whether to take magnesium while having diarrhoea asks about its laxative effect, which
// can make it worse (the laxative entry; safety review 2026-12-01, fourth). Not what the diarrhoea does to magnesium
// ("can diarrhea make you lose magnesium?"), nor a laxative asked for constipation.
void read_diarrhoea_as_laxative_question(Analysis& a, const std::vector<std::string>& words, const KnowledgeIndex& kb) {
  if (a.kind != MessageKind::Question || !kb.concepts().get("laxatives") || !kb.concepts().get("side-effects")) return;
  // ("the runs", not "my son runs cross country"; not "my gastro said")
  static const WordSet kDiarrhoea = {"diarrhea", "diarrhoea", "gastroenteritis", "squits"};
  const bool has_diarrhoea = kDiarrhoea.contains_any(words) || contains_phrase(words, {"the", "runs"}) ||
                             contains_phrase(words, {"stomach", "flu"}) ||
                             contains_phrase(words, {"stomach", "bug"}) || contains_phrase(words, {"loose", "stools"});
  static const WordSet kWhether = {"should", "can", "could", "ok", "okay", "safe"};
  static const WordSet kTake = {"take", "taking", "use", "try"};
  bool asks_to_take = false;
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if (kWhether.count(words[i]))
      for (size_t k = i + 1; k < words.size() && k <= i + 3; ++k) asks_to_take = asks_to_take || kTake.count(words[k]) > 0;
  static const WordSet kOtherWay = {"constipation", "constipated", "cause", "causes", "caused", "lose", "losing",
                                    "lost", "deplete", "depletes", "kidney", "kidneys", "dialysis", "ckd", "last",
                                    "gone", "over", "better", "ago", "colonoscopy"};
  if (!has_diarrhoea || !asks_to_take || kOtherWay.contains_any(words) ||
      !(contains(words, std::string_view("magnesium")) || contains(words, std::string_view("mag")))) return;
  a.topics = {"magnesium", "laxatives"};
  a.aspects = {"side-effects"};
  for (const char* id : {"laxatives", "side-effects"})
    if (std::none_of(a.terms.begin(), a.terms.end(), [&](const QueryTerm& t) { return t.concept_id == id; }))
      a.terms.push_back({light_stem(normalize_text(id)), id});
}

// Words of diarrhoea or vomiting, ways of losing magnesium ("throwing" as in "throwing up").
const WordSet& fluid_loss_words() {
  static const WordSet kLoss = {"diarrhea", "diarrhoea", "vomiting", "vomitting", "vomited", "throwing",
                                "puking", "gastroenteritis", "gastro", "norovirus"};
  return kLoss;
}

// "feeling a little numb around my lips and fingers tingle after diarrhea all week, is that magnesium": diarrhoea
// someone has had, with no magnesium taken, is a way of losing magnesium, not a supplement's side effect (it got the
// entry on supplements' side effects; seventh safety review, finding 14). The signs are asked of low magnesium, whose
// entry on vomiting and diarrhoea answers.
void read_diarrhoea_as_loss(Analysis& a, const std::vector<std::string>& words, const KnowledgeIndex& kb) {
  if (a.kind != MessageKind::Question || !contains(a.aspects, "side-effects")) return;
  const WordSet& kDiarrhoea = fluid_loss_words();
  static const WordSet kTaken = {"take",   "taking",   "took",  "taken", "supplement", "supplements", "pill",
                                 "pills",  "citrate",  "glycinate", "oxide", "dose", "started", "laxative",
                                 "laxatives", "magnesia", "epsom", "tablets", "tablet", "capsules"};
  // (Told of someone: "does magnesium cause diarrhea?" asks the side effect.)
  static const WordSet kTold = {"i", "ive", "im", "my", "he", "she", "hes", "shes", "had", "having", "after"};
  static const WordSet kAsksEffect = {"cause", "causes", "give", "gives", "make", "makes", "side", "effect", "effects"};
  if (!kDiarrhoea.contains_any(words) || kTaken.contains_any(words) || !a.names_magnesium ||
      !kTold.contains_any(words) || kAsksEffect.contains_any(words))
    return;
  // (Only the aspect: the diarrhoea stays a word the answer is found by, and the stomach bug its subject.)
  a.aspects.erase(std::remove(a.aspects.begin(), a.aspects.end(), "side-effects"), a.aspects.end());
  if (!contains(a.topics, "hypomagnesemia") && !contains(a.topics, "hypermagnesemia"))
    a.topics.push_back("hypomagnesemia");
  if (!contains(a.topics, "stomach-bug") && kb.concepts().get("stomach-bug")) a.topics.push_back("stomach-bug");
  if (!contains(a.aspects, "symptoms")) a.aspects.push_back("symptoms");
}

// "my mom takes furosemide for her heart failure" - "should she be worried about her magnesium?": with a medicine
// that lowers magnesium in the conversation, a worry about someone's magnesium, no condition named, is about it
// running low (not "Is high magnesium dangerous?"); the signs asked next are then those of low magnesium.
void read_worry_as_low_magnesium(Analysis& a, const std::vector<std::string>& words, const ConversationContext& previous,
                                 const KnowledgeIndex& kb) {
  if (previous.told_in_same_message) return;  // (the question of a story: the story named the medicine)
  static const WordSet kLowers = {"diuretics", "ppi", "aminoglycosides", "cancer-drugs"};
  static const WordSet kWorry = {"worried", "worry", "worrying", "concerned", "concern", "dangerous", "danger", "risk"};
  // (Only a medicine told in an earlier turn: one named beside the worry has its own entry, which says so.)
  if (a.kind != MessageKind::Question || std::any_of(a.topics.begin(), a.topics.end(), is_condition) ||
      std::none_of(a.topics.begin(), a.topics.end(),
                   [&](const std::string& t) { return kLowers.count(t) > 0 && contains(a.inherited, t); }) ||
      std::none_of(words.begin(), words.end(), [](const std::string& w) { return kWorry.count(w) > 0; }) ||
      !contains(words, std::string("magnesium")))
    return;
  for (const auto& id : kb.concepts().find(words))
    if (kLowers.count(id)) return;  // (named in this message, story included)
  a.topics.push_back("hypomagnesemia");
}

// "What are the warning signs I should watch for if they give it anyway?" after a magnesium laxative, antacid or
// supplement for someone with kidney disease asks the signs of too much magnesium, which weak kidneys let build up
// (safety review 2026-12-01, third: it got the causes of high magnesium).
void read_signs_as_high_magnesium(Analysis& a, const ConversationContext& previous) {
  static const WordSet kProducts = {"laxatives", "antacids", "supplements", "magnesium-forms", "epsom-salt"};
  const auto names_product = [](const std::vector<std::string>& topics) {
    return std::any_of(topics.begin(), topics.end(), [](const std::string& t) { return kProducts.count(t) > 0; });
  };
  if (a.kind != MessageKind::Question || !contains(a.aspects, "symptoms") ||
      std::any_of(a.topics.begin(), a.topics.end(), is_condition) ||
      !(previous.kidney_disease_told || contains(previous.topics, "kidney") || contains(a.topics, "kidney")) ||
      !(names_product(a.topics) || names_product(previous.topics)))
    return;
  // (Only what is asked: the products and the kidneys carried over would rank their own entries first; the kidney
  // caution still opens the answer, as kidney disease was told.)
  a.topics = {"hypermagnesemia"};
  a.aspects = {"symptoms"};
  a.inherited.clear();
}

// Substances other than magnesium whose amounts people tell ("1000 mg calcium", "I upped my vitamin D to ...").
const WordSet& other_substance_words() {
  static const WordSet kOtherSubstance = {"calcium", "zinc", "potassium", "vitamin", "iron", "omega", "fish",
                                          "melatonin", "ashwagandha", "caffeine", "sodium", "salt", "b12", "c", "d3"};
  return kOtherSubstance;
}

// The amount in mg someone says they raised a dose to ("my doctor has me on 400mg but I bumped it to 900mg myself",
// "I upped my magnesium to 800 mg", "doubled it to 700mg"): a verb of raising, then within a few words "to" and the
// amount. The seventh safety review's open findings 11E and 12B (two amounts told, and neither was flagged).
const WordSet& raising_verbs() {
  static const WordSet kRaised = {"bumped", "upped", "increased", "raised", "doubled", "tripled", "boosted", "pushed"};
  return kRaised;
}

std::optional<double> amount_raised_to(const std::vector<std::string>& words) {
  const WordSet& kRaised = raising_verbs();
  // ("I went up to 800 mg", "took my magnesium up to 750 mg": these only with "up")
  static const WordSet kWentUp = {"went", "gone", "took", "moved", "stepped", "go", "going"};
  // Not a dose a clinician raised or advised ("my doctor increased my dose to 600 mg", "the hospital increased...",
  // "... on my doctor's advice": theirs to have weighed), not someone else's, not a weekly amount, not one since
  // lowered or stopped ("upped it to 800 mg in 2019 but stopped"), not another medicine's ("I bumped my metformin
  // up to 1500mg"). Re-check of 2026-12-02.
  static const WordSet kClinician = {"doctor", "doctors", "doc", "dr", "gp", "physician", "nephrologist",
                                     "cardiologist", "neurologist", "endocrinologist", "gastroenterologist",
                                     "psychiatrist", "rheumatologist", "oncologist", "dietitian", "dietician",
                                     "specialist", "nurse", "midwife", "pharmacist", "consultant", "hospital", "clinic",
                                     "team", "he", "she", "they", "someone", "somebody"};
  static const WordSet kUndone = {"stopped", "cut", "reduced", "lowered", "dropped", "quit"};
  const WordSet& kOtherSubstance = other_substance_words();
  if (contains_phrase(words, {"a", "week"}) || contains_phrase(words, {"per", "week"}) ||
      contains(words, std::string_view("weekly")) || contains_phrase(words, {"a", "month"}))
    return std::nullopt;
  for (size_t i = 0; i < words.size(); ++i) {
    const bool went_up = kWentUp.count(words[i]) > 0;
    if ((!kRaised.count(words[i]) && !went_up) || (i >= 1 && kClinician.count(words[i - 1])) ||
        (i >= 2 && kClinician.count(words[i - 2])))
      continue;
    for (size_t j = i + 1; j + 1 < words.size() && j <= i + 5; ++j) {
      if (words[j] != "to"sv) continue;
      if (went_up && words[j - 1] != "up"sv) break;
      std::optional<double> mg;
      size_t end = j + 2;
      if (is_amount_word(words[j + 1])) {
        mg = std::atof(words[j + 1].c_str());
      } else if (is_number(words[j + 1]) && j + 2 < words.size() && is_mass_unit(words[j + 2])) {
        mg = std::atof(words[j + 1].c_str());
        end = j + 3;
      }
      if (!mg) break;
      for (size_t k = i >= 3 ? i - 3 : 0; k < end; ++k)
        if (is_medicine_name(words[k]) || kOtherSubstance.count(words[k])) return std::nullopt;
      for (size_t k = i + 1; k < words.size(); ++k)
        if (kClinician.count(words[k]) || kUndone.count(words[k])) return std::nullopt;
      return mg;
    }
  }
  return std::nullopt;
}

// Analysis::child_amount: one child's age from 1 to 8 and an amount in mg, told in the same message of a question.
// (Not several ages: "my kids are 3 and 7" leaves unclear whose amount it is.)
// Or, age 9 and older (the limit for everyone from 9 on, pregnancy included), an amount a pregnant woman asks about,
// or one asked whether ok, safe or too much ("told me to just take 500mg every night. is that ok for me to do?").
void note_child_amount(Analysis& a, const std::vector<std::string>& words, const ConversationContext& previous) {
  // (Most messages name no number: nothing else is looked at then, unless an amount was asked about just before.)
  if (previous.amount_told <= 0 && std::none_of(words.begin(), words.end(), [](const std::string& w) {
        return !w.empty() && std::isdigit(static_cast<unsigned char>(w[0]));
      }))
    return;
  // Only an amount of magnesium taken each day from supplements, asked about now (review of 2026-12-01): not food
  // ("my diet gives me 500 mg", "a smoothie"), not another substance's amount ("1000 mg calcium", "500mg
  // metformin"), not a dose a doctor prescribed or one taken in the past, not a weekly one, not a sum of several.
  static const WordSet kFood = {"food", "foods", "diet", "eat", "eating", "meal", "meals", "smoothie", "smoothies",
                                "snack", "breakfast", "lunch", "dinner", "almonds", "spinach", "nuts"};
  static const WordSet kNotOwnChoice = {"prescribed", "prescribes", "prescription", "recommended", "ordered"};
  static const WordSet kPastOrWeekly = {"ago", "used", "last", "week", "weekly", "swallowed", "ate", "drank",
                                        "chewed", "month", "monthly"};
  const WordSet& kOtherSubstance = other_substance_words();
  // (A daily amount taken for a week or a month is still daily: "my son is 2 and he's been having 100mg magnesium
  // every day for a month"; seventh safety review, finding 9.)
  // (Every night is daily too: "I lift weights 5 days a week and take 1000 mg magnesium every night", where the week
  // is the lifting's; finding 11B.)
  const bool daily = contains_phrase(words, {"every", "day"}) || contains(words, std::string_view("daily")) ||
                     contains_phrase(words, {"a", "day"}) || contains_phrase(words, {"each", "day"}) ||
                     contains_phrase(words, {"per", "day"}) || contains_phrase(words, {"every", "night"}) ||
                     contains_phrase(words, {"each", "night"}) || contains(words, std::string_view("nightly")) ||
                     contains_phrase(words, {"every", "morning"}) || contains_phrase(words, {"every", "evening"});
  const bool past_or_weekly = std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return kPastOrWeekly.count(w) && !(daily && (w == "week"sv || w == "month"sv));
  });
  // (A dose raised on one's own is told, not asked, and is the person's choice beside what a doctor prescribed, even
  // when it was raised last week.)
  const std::optional<double> raised_to = amount_raised_to(words);
  // (An amount one means to take is told, not asked, and is over the limit all the same: "ill take 420 mg in pills
  // every day"; fortieth session.)
  const bool tells_intent = contains_phrase(words, {"ill", "take"}) || contains_phrase(words, {"i", "will", "take"}) ||
                            contains_phrase(words, {"planning", "to", "take"}) ||
                            contains_phrase(words, {"going", "to", "take"}) || contains_phrase(words, {"gonna", "take"});
  if ((a.kind != MessageKind::Question && !raised_to && !tells_intent) || ages_named(words) > 1 || contains(a.aspects, "foods") ||
      kFood.contains_any(words) || (kNotOwnChoice.contains_any(words) && !raised_to) ||
      (past_or_weekly && !raised_to) || kOtherSubstance.contains_any(words) || names_dose_of_other_mineral(words))
    return;
  // (A medicine's own amount is not magnesium's: "500mg metformin", "hydrochlorothiazide 25mg". A medicine named
  // apart from the amount is only what the person takes beside it: "I take Nexium. Is 600 mg of magnesium a day ok?"
  // is over the limit all the same; sixth safety review, finding 7.)
  for (size_t i = 0; i < words.size(); ++i)
    if (is_number(words[i]) || is_amount_word(words[i]))
      for (size_t j = i >= 1 ? i - 1 : 0; j < words.size() && j <= i + 2; ++j)
        if (is_medicine_name(words[j])) return;
  // (Nor a medicine's dose raised: "I upped my ibuprofen to 800 mg, is magnesium ok with it?"; re-check of
  // 2026-12-02.)
  for (size_t i = 0; i < words.size(); ++i)
    if (raising_verbs().count(words[i]))
      for (size_t j = i + 1; j < words.size() && j <= i + 3; ++j)
        if (is_medicine_name(words[j])) return;
  // (A bare number a day goes on from an answer on amounts in mg: "so i can take 500 a day?" after the upper limit;
  // fortieth session.)
  const bool after_amounts =
      a.follow_up && (contains(previous.aspects, "upper-limit") || contains(previous.aspects, "intake"));
  const auto is_bare_daily_amount_at = [&](size_t i) {
    if (!after_amounts || !is_number(words[i]) || i + 1 >= words.size()) return false;
    const double value = std::atof(words[i].c_str());
    const std::string_view next = words[i + 1];
    const bool a_day = next == "daily"sv || next == "nightly"sv ||
                       (i + 2 < words.size() && (next == "a"sv || next == "per"sv || next == "every"sv ||
                                                 next == "each"sv) &&
                        (words[i + 2] == "day"sv || words[i + 2] == "night"sv));
    return a_day && value >= 50 && value <= 5000;
  };
  size_t amounts = 0;
  double sum_mg = 0;
  std::optional<double> bare_daily_mg;
  bool joined_by_or = false;  // ("should I take 250 mg or 500 mg?" chooses one)
  for (size_t i = 0; i < words.size(); ++i)
    if (is_amount_word(words[i]) || (is_number(words[i]) && i + 1 < words.size() && is_mass_unit(words[i + 1])) ||
        is_bare_amount_at(words, i) || is_bare_daily_amount_at(i)) {
      ++amounts;
      sum_mg += std::atof(words[i].c_str());
      if (is_bare_daily_amount_at(i)) bare_daily_mg = std::atof(words[i].c_str());
    } else if (amounts > 0 && (words[i] == "or"sv || words[i] == "vs"sv || words[i] == "versus"sv || words[i] == "than"sv)) {
      joined_by_or = true;
    }
  std::optional<double> mg = largest_amount_mg(words);
  if (!mg) mg = bare_daily_mg;
  // (The amount the message just before asked about, asked again of someone named now: "what about my daughter, she's
  // 6" after "is 300 mg magnesium glycinate a day fine for me?")
  if (amounts == 0 && previous.amount_told > 0 && a.follow_up) {
    mg = previous.amount_told;
    amounts = 1;
  }
  if (raised_to) {
    mg = raised_to;
    amounts = 1;
    joined_by_or = false;
  }
  // Several products' amounts asked about together ("a multivitamin with 100 mg magnesium, a sleep gummy with 150 mg
  // magnesium glycinate, and 250 mg magnesium citrate at night. Is that total safe?"): the limit is for all of them
  // together, so their sum is the amount (safety review 2026-12-01, fourth).
  // (Not one amount inside another, two people's, or two days': "500 mg citrate and 80 mg elemental", "i take 400 mg
  // and my 10 year old takes 100 mg", "200 mg yesterday and 200 mg today".)
  // ("one supplement with 250mg and another with 200mg, too much?" takes both; fortieth session)
  static const WordSet kTogether = {"total", "altogether", "combined", "together", "plus", "another", "both"};
  static const WordSet kApart = {"elemental", "yesterday", "today", "monday", "tuesday", "wednesday", "thursday",
                                 "friday", "saturday", "sunday", "husband", "wife", "friend", "takes", "partner",
                                 "brother", "sister", "mom", "mum", "dad"};
  if (amounts >= 2 && !joined_by_or && kTogether.contains_any(words) && !kApart.contains_any(words) && sum_mg > 0)
    mg = sum_mg;
  else if (amounts != 1) return;
  if (!mg) return;
  // Whose amount: a child's age told, unless the person says they take it themselves ("I'm breastfeeding my 3 year
  // old and take 400mg"); a baby, or a child without an age (here or in an earlier turn), has no line.
  static const WordSet kChild = {"baby", "babies", "infant", "toddler", "child", "kid", "kids", "son", "daughter",
                                 "newborn", "grandson", "granddaughter"};
  const bool own_dose = contains_phrase(words, {"i", "take"}) || contains_phrase(words, {"im", "taking"}) ||
                        contains_phrase(words, {"i", "am", "taking"}) || contains_phrase(words, {"ive", "been", "taking"}) ||
                        contains(words, std::string("breastfeeding")) || contains(a.topics, "pregnancy");
  // (An age told in an earlier turn, when this message speaks of someone else and not of the asker: "what about my 3
  // year old?" - "so 400 would be fine for him?")
  static const WordSet kSomeoneElse = {"he", "she", "him", "her", "his", "hes", "shes", "they", "them"};
  static const WordSet kAsker = {"i", "im", "me", "myself", "ive", "id", "my"};
  // (The asker who gives it to the child speaks of the child: "can I give her a 100 mg supplement?" after "how much
  // magnesium does a 2 year old need"; second blind probe of 2026-12-02, s38.)
  const bool gives_to_someone_else =
      contains_phrase(words, {"give", "her"}) || contains_phrase(words, {"give", "him"}) ||
      contains_phrase(words, {"give", "them"}) || contains_phrase(words, {"for", "her"}) ||
      contains_phrase(words, {"for", "him"});
  std::optional<int> age = age_named(words);
  if (!age && previous.age_told > 0 && kSomeoneElse.contains_any(words) &&
      (!kAsker.contains_any(words) || gives_to_someone_else))
    age = previous.age_told;
  if (age && *age >= 1 && *age <= 8 && !own_dose) {
    a.child_amount = Analysis::ChildAmount{*age, *mg};
    return;
  }
  // (A child whose age is known, from 9 on, is past the children's limits: "is 500mg a day ok for my 15 year old
  // son?" gets the line as "...for my 15 year old?" does.)
  if ((age && *age < 9 && !own_dose) ||
      (!age && !own_dose && (kChild.contains_any(words) || contains(previous.topics, "children"))))
    return;
  // (Not a dose asked for, which is declined without a number: "how many 400mg tablets exactly should I take?"; nor
  // "is 100 mg too low?")
  static const WordSet kAsksOk = {"ok", "okay", "safe", "fine", "alright"};
  // ("im 15, can i take my mom's magnesium pills for period cramps? they are 400mg": asks leave to take them)
  const bool asks_ok = kAsksOk.contains_any(words) || contains_phrase(words, {"yes", "or", "no"}) ||
                       contains_phrase(words, {"too", "much"}) || contains_phrase(words, {"too", "high"}) ||
                       contains_phrase(words, {"too", "many"}) || contains_phrase(words, {"can", "i", "take"}) ||
                       contains_phrase(words, {"i", "can", "take"}) ||
                       contains_phrase(words, {"can", "he", "take"}) || contains_phrase(words, {"can", "she", "take"});
  const bool asks_amount = contains_phrase(words, {"how", "much"}) || contains_phrase(words, {"how", "many"});
  // (Or an amount told as one's own, not asked about: "I take 800mg a day of magnesium oxide for my heart
  // palpitations", "i'm 16 and take 600 mg magnesium for muscle recovery", "planning to take 1000mg magnesium
  // tonight"; seventh safety review, finding 11.)
  const bool tells_own_amount =
      own_dose || raised_to || tells_intent || contains_phrase(words, {"i", "use"}) ||
      contains_phrase(words, {"i", "double", "up"}) || contains_phrase(words, {"i", "upped"}) ||
      (kAsker.contains_any(words) && contains_phrase(words, {"and", "take"})) ||
      (kAsker.contains_any(words) &&
       (contains_phrase(words, {"started", "taking"}) || contains_phrase(words, {"been", "taking"})));
  if ((asks_ok || tells_own_amount || contains(a.topics, "pregnancy")) && !asks_amount && !a.asks_personal_dose)
    a.child_amount = Analysis::ChildAmount{age && *age >= 9 ? *age : 0, *mg};
}

// Analysis::buildup_signs_with_kidney_disease: kidney disease told (now or earlier in the conversation), magnesium
// taken (a supplement, an antacid, a laxative, Epsom salt), and a sign of its building up told of someone, not asked
// about in general ("what are the signs of too much magnesium in kidney disease?" tells no one's).
bool tells_buildup_signs_with_kidney_disease(const std::vector<std::string>& words, const ConversationContext& previous) {
  static const WordSet kTaken = {"magnesium", "mag", "magnesia", "epsom", "antacid", "antacids", "laxative",
                                 "laxatives", "maalox", "mylanta", "citrate", "oxide", "glycinate", "supplement",
                                 "supplements"};
  // ("confused" only when it is not the writer being unsure: "I'm confused about whether magnesium is bad for my
  // kidneys" is no sign; "dad is confused and sleepy" is.)
  static const WordSet kSigns = {"weak", "weakness", "sleepy", "drowsy", "drowsiness", "lethargic", "lethargy",
                                 "reflexes", "floppy", "groggy", "confused", "confusion"};
  static const WordSet kUnsure = {"about", "by", "whether", "if", "on", "as", "with", "im", "i", "am", "so", "bit",
                                  "little", "kinda", "really", "totally", "abit"};
  // (Taken now, not wondered about: "would a magnesium supplement help my energy?")
  static const WordSet kTaking = {"take", "takes", "taking", "took", "using", "uses", "used", "on", "been", "having"};
  // (Kidneys without disease: stones, one kidney after donating.)
  static const WordSet kNotDisease = {"stone", "stones", "donated", "donor", "donating"};
  static const WordSet kSomeone = {"i",   "im",   "ive", "my",  "he",      "she",   "hes", "shes", "his",
                                   "her", "him",  "mum", "mom", "dad",     "wife",  "husband", "grandma",
                                   "grandpa", "father", "mother", "patient"};
  static const WordSet kGeneral = {"signs", "symptoms", "symptom", "if"};
  // (Any word for the kidneys, beside the rest: "his kidneys aren't great" tells enough here.)
  static const WordSet kKidneys = {"kidney", "kidneys", "renal", "ckd", "dialysis", "haemodialysis", "hemodialysis"};
  // (A sign, not the kidneys' own weakness: "he has weak kidneys", "my kidneys are weak".)
  bool sign_told = false;
  for (size_t i = 0; i < words.size(); ++i) {
    if (!kSigns.count(words[i])) continue;
    if (words[i] == "confused"sv && ((i + 1 < words.size() && kUnsure.count(words[i + 1])) ||
                                   (i > 0 && kUnsure.count(words[i - 1]))))
      continue;
    bool of_kidneys = false;
    for (size_t k = i >= 2 ? i - 2 : 0; k <= i + 1 && k < words.size(); ++k) of_kidneys = of_kidneys || kKidneys.count(words[k]);
    sign_told = sign_told || !of_kidneys;
  }
  // (Or the signs of too much magnesium just listed, told of someone with a pointer: "signs of high magnesium?" -
  // "my grandpa has those and he takes milk of magnesia daily, his kidneys are bad"; seventh safety review, finding 5.)
  // (Or a high magnesium result: "my mom is on hemodialysis and her magnesium came back high, she takes mag oxide
  // her friend gave her"; seventh safety review, finding 12.)
  sign_told = sign_told || contains_phrase(words, {"came", "back", "high"}) ||
              contains_phrase(words, {"magnesium", "was", "high"}) || contains_phrase(words, {"magnesium", "is", "high"}) ||
              contains_phrase(words, {"high", "magnesium", "level"}) ||
              contains_phrase(words, {"magnesium", "level", "is", "high"}) ||
              contains_phrase(words, {"magnesium", "level", "was", "high"});
  static const WordSet kPointers = {"those", "these", "them", "that"};
  static const WordSet kHas = {"has", "have", "having", "got", "shows", "showing"};
  if (!sign_told && contains(previous.topics, "hypermagnesemia") && contains(previous.aspects, "symptoms"))
    for (size_t i = 0; i + 1 < words.size(); ++i)
      sign_told = sign_told || (kHas.count(words[i]) && (kPointers.count(words[i + 1]) ||
                                                        (words[i + 1] == "all"sv && i + 2 < words.size() &&
                                                         kPointers.count(words[i + 2]))));
  // (Not kidney disease denied: "I feel tired and weak lately, no kidney disease, I take magnesium 200mg"; safety
  // re-check of the seventh review.)
  if (contains_phrase(words, {"no", "kidney"}) || contains_phrase(words, {"dont", "have", "kidney"}) ||
      contains_phrase(words, {"not", "have", "kidney"}) || contains_phrase(words, {"without", "kidney"}) ||
      kidneys_said_to_be_fine(words))
    return false;
  return (previous.kidney_disease_told || (kKidneys.contains_any(words) && !kNotDisease.contains_any(words))) &&
         kTaken.contains_any(words) && kTaking.contains_any(words) && sign_told &&
         kSomeone.contains_any(words) && !kGeneral.contains_any(words);
}

// Analysis::heart_signs_today: a faint, or a heartbeat that races, flutters, skips or is irregular, told of someone
// (the writer, a client, a parent) as happening today, since yesterday or for some days now ("had a bit of a faint episode this morning,
// feel ok now", "my heart has been skipping beats all afternoon", "his heart flutters, on and off since yesterday").
// Told calmly, it is no emergency rule's, but it needs a doctor the same day (safety review 2026-12-01, third,
// finding 7). Not a question of what low magnesium does ("can low magnesium cause palpitations?": nothing told
// today), nor a sign denied ("no palpitations today").
bool tells_heart_signs_today(const std::vector<std::string>& words) {
  static const WordSet kAlwaysSigns = {"palpitations", "palpitation", "palpitating", "fainted", "fainting"};
  // ("a faint", "felt faint": not "a faint line on my pregnancy test", "a faint chalky taste", "so faint i cant read")
  static const WordSet kBeforeFaint = {"a", "felt", "feel", "feeling", "feels", "went", "go", "going", "bit", "little",
                                       "very"};
  static const WordSet kNotFaintness = {"line", "lines", "taste", "smell", "writing", "print", "glow", "trace", "hint",
                                        "sound", "memory", "hope", "chalky"};
  // (Of the heart only: "my eye keeps fluttering", "skipped breakfast", "racing thoughts".)
  // (And slow: "My heart's been beating slowly since I started magnesium last week", sixth safety review, finding 4;
  // a slow heartbeat is a sign of too much magnesium.)
  static const WordSet kHeartSigns = {"flutter", "flutters", "fluttering", "fluttery", "skipping", "skipped", "skips",
                                      "irregular", "racing", "races", "pounding", "erratic", "slowly", "slow"};
  static const WordSet kHeart = {"heart", "heartbeat", "heartbeats", "beat", "beats", "pulse", "hearts"};
  static const WordSet kDenied = {"no", "not", "never", "without", "havent", "hasnt", "didnt", "dont", "doesnt",
                                  "nor", "any"};
  static const WordSet kToday = {"today", "tonight", "yesterday", "earlier"};
  // (Read or studied about, not felt: "i read today that low magnesium causes palpitations", "studying for my
  // cardiology exam tonight".)
  static const WordSet kAbout = {"read", "reading", "studying", "study", "exam", "article", "video", "lol"};
  if (kAbout.contains_any(words)) return false;
  // ("I passed out twice this week", sixth safety review, finding 4)
  static const WordSet kPartOfDay = {"morning", "afternoon", "evening", "day", "week"};
  static const WordSet kThis = {"this", "all", "since"};
  static const WordSet kSomeone = {"i",       "im",     "ive",    "my",     "me",      "he",      "she",   "hes",
                                   "shes",    "his",    "her",    "him",    "mum",     "mom",     "dad",   "wife",
                                   "husband", "client", "patient", "resident", "father", "mother", "son", "daughter"};
  bool sign_told = contains_phrase(words, {"passed", "out"}) || contains_phrase(words, {"blacked", "out"});
  for (size_t i = 0; i < words.size() && !sign_told; ++i) {
    // ("my heart keeps doing this skipping thing": the heart up to six words before)
    const bool heart_word_near = [&] {
      for (size_t k = i >= 6 ? i - 6 : 0; k <= i + 2 && k < words.size(); ++k)
        if (kHeart.count(words[k])) return true;
      return false;
    }();
    const bool faintness = words[i] == "faint"sv && i > 0 && kBeforeFaint.count(words[i - 1]) &&
                           !(i + 1 < words.size() && kNotFaintness.count(words[i + 1]));
    // (Not the idiom: "my heart skipped a beat when I saw the price")
    const bool idiom = i + 3 < words.size() && words[i + 1] == "a"sv && words[i + 2] == "beat"sv && words[i + 3] == "when"sv;
    if (idiom || (!kAlwaysSigns.count(words[i]) && !faintness && !(kHeartSigns.count(words[i]) && heart_word_near)))
      continue;
    bool denied = false;
    for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) denied = denied || kDenied.count(words[k]) > 0;
    sign_told = !denied;
  }
  if (!sign_told || !kSomeone.contains_any(words)) return false;
  if (kToday.contains_any(words) || contains_phrase(words, {"last", "night"}) || contains_phrase(words, {"right", "now"}) ||
      contains_phrase(words, {"hours", "ago"}) || contains_phrase(words, {"since", "i", "started"}) ||
      contains_phrase(words, {"since", "starting"}) ||
      // (felt now, after a dose: "i feel my heart skipping after taking magnesium"; fortieth session)
      contains_phrase(words, {"i", "feel"}) || contains_phrase(words, {"after", "taking"}) ||
      contains_phrase(words, {"after", "i", "took"}))
    return true;
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if (kThis.count(words[i]) && kPartOfDay.count(words[i + 1])) return true;
  // Going on for days is no less urgent ("my heart has been skipping beats for 4 days since I started magnesium, I'm
  // 71 and on digoxin"; safety review 2026-12-01, fifth, finding 6): "for 3 days", "the past few days", "a couple
  // of days", "for days".
  static const WordSet kFewDays = {"few", "couple", "several", "two", "three", "four", "five", "some", "for", "of"};
  for (size_t i = 1; i < words.size(); ++i)
    if ((words[i] == "days"sv || words[i] == "week"sv) && (is_number(words[i - 1]) || kFewDays.count(words[i - 1])) &&
        !(i + 1 < words.size() && words[i + 1] == "ago"sv))
      return true;
  return false;
}

// Verbs of giving something to someone else to swallow, or putting it in their food or drink.
const WordSet& giving_verbs() {
  static const WordSet kGive = {"give", "giving", "gave", "given", "put", "putting", "add", "adding", "mix", "mixing",
                                "sprinkle", "dissolve", "feed", "feeding", "rub"};
  return kGive;
}

// Analysis::product_for_young_child: the age, 1 to 8, of a child told in this message, beside a product that holds
// magnesium (milk of magnesia, a magnesium supplement or powder, an antacid like Maalox) given or to be given to the
// child, or asked about as ok, safe or helpful for them. Not an Epsom bath (not swallowed), not the parent's own, not
// several children. Open findings 9C and 9D of the seventh safety review.
int young_child_given_magnesium(const std::vector<std::string>& words, const ConversationContext& previous) {
  // (Magnesium itself only as a product or something given: "How much magnesium should a 6 year old have each day?"
  // asks what a child needs, food included, and "can magnesium help my 7 yo son with ADHD?" names no product.)
  static const WordSet kProduct = {"magnesia", "maalox", "mylanta", "epsom"};
  static const WordSet kMagnesium = {"magnesium", "mag"};
  static const WordSet kForm = {"supplement", "supplements", "pill", "pills", "gummy", "gummies", "powder",
                                "tablet", "tablets", "capsule", "capsules", "citrate", "glycinate", "oxide", "drops",
                                "vitamin", "vitamins", "multivitamin", "chewable", "chewables", "liquid"};
  const WordSet& kGive = giving_verbs();
  if (!(kProduct.contains_any(words) ||
        (kMagnesium.contains_any(words) && (kForm.contains_any(words) || kGive.contains_any(words)))) ||
      ages_named(words) > 1)
    return 0;
  // (Not what to feed a child, nor several children: "What foods give my 3 year old enough magnesium?", "My kids are 3
  // and 7"; re-check of 2026-12-02.)
  // ("sons" and "daughters" only as "sons are": "my daughter's 5" is read as "my daughters 5".)
  static const WordSet kFoodOrSeveral = {"food", "foods", "eat", "eating", "diet", "meal", "meals", "snack", "snacks",
                                         "kids", "children", "twins", "grandkids", "grandchildren", "boys", "girls"};
  if (kFoodOrSeveral.contains_any(words) || contains_phrase(words, {"sons", "are"}) ||
      contains_phrase(words, {"daughters", "are"}))
    return 0;
  std::optional<int> age = age_named(words);
  // (Or the child's age told in an earlier turn, and the product given to "him" or "her" now: "my son is 4" - "can I
  // give him some magnesium gummies?")
  if (!age && previous.age_told >= 1 && previous.age_told <= 8 &&
      (contains_phrase(words, {"give", "him"}) || contains_phrase(words, {"give", "her"}) ||
       contains_phrase(words, {"for", "him"}) || contains_phrase(words, {"for", "her"}) ||
       contains_phrase(words, {"can", "he"}) || contains_phrase(words, {"can", "she"})))
    age = previous.age_told;
  if (!age || *age < 1 || *age > 8) return 0;
  static const WordSet kNotSwallowed = {"bath", "baths", "soak", "soaking", "tub", "foot", "lotion", "spray", "oil",
                                        "cream", "gel"};
  static const WordSet kDrunk = {"drink", "drank", "swallowed", "mouth", "bottle", "cup", "juice"};
  if (kNotSwallowed.contains_any(words) && !kDrunk.contains_any(words)) return 0;
  static const WordSet kAsked = {"ok",   "okay",  "safe", "fine", "alright", "help", "helps", "helpful",
                                 "suitable", "good", "have", "take", "use",  "dose"};
  if (!kGive.contains_any(words) && !kAsked.contains_any(words)) return 0;
  // (The parent's own: "can I take magnesium, my son is 4?", "I take milk of magnesia, I have a 3 year old")
  if (contains_phrase(words, {"can", "i", "take"}) ||
                       contains_phrase(words, {"i", "can", "take"}) || contains_phrase(words, {"i", "take"}) ||
      contains_phrase(words, {"im", "taking"}) || contains_phrase(words, {"should", "i", "take"}) ||
      contains_phrase(words, {"for", "me"}) || contains(words, std::string_view("myself")))
    return 0;
  return *age;
}

// Analysis::supplement_for_baby: a baby told now or earlier, and magnesium, a supplement or a remedy to be given to
// it or put in its bottle ("could I give her a bit of my magnesium powder in her bottle", "can i give the baby some
// directly for colic"), or a small amount pressed for after that ("just a pinch, surely that's fine?"). Not the
// parent's own magnesium ("can I take magnesium while breastfeeding?"), nor a question of how much a baby needs.
bool asks_to_give_baby_a_supplement(const std::vector<std::string>& words, const ConversationContext& previous) {
  const bool baby_here = tells_of_baby(words);
  if (!previous.baby_told && !baby_here) return false;
  // (Given to someone else, or food: "my 10 year old son", "my husband", "my smoothie", "for me", "mashed avocado".)
  for (size_t i = 0; i < words.size(); ++i)
    if (const AgeAt age = age_at(words, i); age.words && age.years >= 1) return false;
  static const WordSet kSomeoneElse = {"husband", "wife", "partner", "myself", "me", "smoothie", "bath", "brother",
                                       "sister", "toddler", "avocado", "yogurt", "yoghurt", "banana", "bananas",
                                       "spinach", "chocolate", "food", "foods", "eat", "eating", "puree", "cereal"};
  const WordSet& kGive = giving_verbs();
  // (A bath given to the baby is the baby's: "can I give my 3 month old epsom salt bath for constipation", "can I put
  // epsom salts in my 6 month old's bath"; seventh safety review, finding 16. The parent's own is not: "I take epsom
  // baths, is that ok while breastfeeding my baby?")
  for (const auto& w : words)
    if (kSomeoneElse.count(w) && !(baby_here && w == "bath"sv && kGive.contains_any(words))) return false;
  static const WordSet kWhat = {"magnesium", "mag", "powder", "supplement", "supplements", "drops", "gummy", "gummies",
                                "pill", "tablet", "tablets", "epsom", "some", "bit", "pinch", "remedy", "capsule",
                                "citrate", "glycinate", "oxide", "flakes", "magnesia", "oil", "spray", "gel", "gels"};
  static const WordSet kBottle = {"bottle", "bottles", "formula", "milk"};
  static const WordSet kSmallAmount = {"pinch", "dash", "sprinkle", "smidge", "smidgen", "teaspoon", "spoonful",
                                       "drop", "bit", "little"};
  static const WordSet kOwn = {"i", "im", "me"};  // ("can I take", "should I be taking": the parent's own)
  // (Not a giving denied: "just curious, not planning to give him anything".)
  static const WordSet kNot = {"not", "dont", "wont", "never", "without", "didnt"};
  bool gives = false;
  for (size_t i = 0; i < words.size() && !gives; ++i) {
    if (!kGive.count(words[i])) continue;
    bool denied = false;
    for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) denied = denied || kNot.count(words[k]) > 0;
    gives = !denied;
  }
  gives = gives && kWhat.contains_any(words);
  // (Put in the bottle or the formula, not fed on it: "he is 4 months old and formula fed".)
  bool in_bottle = false;
  for (size_t i = 0; i + 1 < words.size(); ++i)
    for (size_t k = i + 1; k <= i + 2 && k < words.size(); ++k)
      in_bottle = in_bottle || ((words[i] == "in"sv || words[i] == "into"sv || words[i] == "to"sv) && kBottle.count(words[k]));
  in_bottle = in_bottle && kWhat.contains_any(words);
  const bool presses_small_amount = previous.baby_told && kSmallAmount.contains_any(words) && words.size() <= 12;
  // (Had or taken by the baby: "is it ok for my 3 month old to have magnesium drops", "should my baby take magnesium?",
  // and after a baby was told "is a magnesium supplement ok for him?")
  static const WordSet kHave = {"have", "take", "taking", "use"};
  // (Or asked whether it helps the baby or is safe: "my 11 month old has colic, will magnesium drops help him sleep",
  // "teething baby 10 months, someone said magnesium gel on gums helps, safe?")
  static const WordSet kHelpsOrSafe = {"help", "helps", "safe", "ok", "okay", "recommended", "suggested", "recommend"};
  static const WordSet kMothersOwn = {"breastfeeding", "nursing", "breastfeed", "pregnant", "i", "im", "me", "while"};
  const bool baby_has = (baby_here && kWhat.contains_any(words) &&
                         (kHave.contains_any(words) ||
                          (kHelpsOrSafe.contains_any(words) && !kMothersOwn.contains_any(words)))) ||
                        (previous.baby_told && kWhat.contains_any(words) &&
                         (contains_phrase(words, {"for", "him"}) || contains_phrase(words, {"for", "her"})));
  const bool takes_own = !gives && (contains_phrase(words, {"can", "i", "take"}) ||
                       contains_phrase(words, {"i", "can", "take"}) ||
                                    contains_phrase(words, {"should", "i", "take"}) ||
                                    contains_phrase(words, {"i", "take"}) ||
                                    contains_phrase(words, {"im", "taking"})) &&
                         kOwn.contains_any(words);
  return (gives || in_bottle || presses_small_amount || baby_has) && !takes_own;
}

// The signs told that need a doctor the same day, set on the analysis of a question (both readers above).
// Making weight by losing water or not eating, told: "wrestler here, cutting 8 lbs this week. I'm doing sauna sessions,
// taking water pills and magnesium citrate to flush", "I take laxatives every day to stay light for my jockey weight"
// (safety review, 2026-12-01, fifth). A weight to make and a way of losing water, bowel contents or food.
bool cuts_weight_by_losing_water(const std::vector<std::string>& words) {
  const bool makes_weight =
      contains_phrase(words, {"make", "weight"}) || contains_phrase(words, {"making", "weight"}) ||
      contains_phrase(words, {"cutting", "weight"}) || contains_phrase(words, {"cut", "weight"}) ||
      contains_phrase(words, {"cutting", "for"}) || contains_phrase(words, {"weigh", "in"}) ||
      contains_phrase(words, {"weigh", "ins"}) || contains(words, std::string_view("weighin")) ||
      contains_phrase(words, {"stay", "light"}) || contains_phrase(words, {"water", "weight"}) ||
      contains_phrase(words, {"lose", "weight", "fast"}) || contains_phrase(words, {"cutting", "water"}) ||
      // ("need to drop 6 lbs by tomorrow": safety re-check of the seventh review)
      (contains(words, std::string_view("drop")) &&
       (contains(words, std::string_view("lbs")) || contains(words, std::string_view("pounds")) ||
        contains(words, std::string_view("kg")) || contains(words, std::string_view("kilos"))));
  // (Not "to flush" alone: "I take magnesium citrate to flush my bowels before a colonoscopy" makes no weight.)
  static const WordSet kLosesWater = {"laxative", "laxatives", "diuretic", "diuretics", "lasix", "furosemide",
                                      "sauna", "saunas", "spitting", "dandelion", "dulcolax", "senna", "epsom"};
  const bool loses_water = kLosesWater.contains_any(words) || contains_phrase(words, {"water", "pills"}) ||
                           contains_phrase(words, {"water", "pill"}) || contains_phrase(words, {"havent", "eaten"}) ||
                           contains_phrase(words, {"not", "eating"}) || contains_phrase(words, {"magnesium", "citrate"});
  return makes_weight && loses_water;
}

// Analysis::stops_heavy_drinking: heavy drinking told, here or earlier in the conversation, and stopping it now.
// (Sixth safety review, finding 8: "I've been drinking every day for years and I'm stopping cold turkey today. Should
// I take magnesium to help?" got "no answer"; "I'm an alcoholic trying to quit, my hands shake" got the daily
// amounts. Seventh, finding 15: "I drink a bottle of vodka a day" - "I want to stop cold turkey tomorrow and take
// magnesium to help" lost the drinking told a turn before.) Not asked in general ("does quitting alcohol raise
// magnesium?").
bool tells_stopping_heavy_drinking(const std::vector<std::string>& words, const ConversationContext& previous) {
  static const WordSet kSelf = {"i", "im", "ive", "my", "she", "he", "shes", "hes", "her", "his"};
  static const WordSet kStopping = {"stopping", "quitting", "quit", "stopped", "detox", "detoxing", "withdrawal",
                                    "withdrawals", "stop"};
  static const WordSet kStopNow = {"stop", "stopping", "quit", "quitting", "detox", "detoxing"};
  static const WordSet kLongAgo = {"weeks", "month", "months", "sober"};
  const bool stops = kStopping.contains_any(words) || contains_phrase(words, {"cold", "turkey"});
  if (tells_heavy_drinking(words)) return stops;
  return previous.heavy_drinking_told && kSelf.contains_any(words) &&
         (kStopNow.contains_any(words) || contains_phrase(words, {"cold", "turkey"})) && !kLongAgo.contains_any(words);
}

// Whether the words tell purging, laxatives used to lose or keep weight down, an eating disorder, or eating very
// little, of oneself or someone (Analysis::tells_disordered_eating); not asked in general ("does bulimia lower
// magnesium?", "can laxatives make you lose weight?" name no one).
// (Seventh safety review, findings 4 and 10: "I take milk of magnesia every day to lose weight", "i use magnesium
// citrate laxative 3 times a week to keep my weight down", "my girlfriend is bulimic and uses laxatives every day",
// "after I binge I throw up", "I purge daily", "i only eat once every two days to lose weight" got no banner.)
// "eating 500 calories a day": fewer than 1,000 a day, far below any ordinary diet (not "1800 calories a day to lose
// weight": safety re-check of the seventh review).
bool eats_very_few_calories(const std::vector<std::string>& words) {
  for (size_t i = 0; i + 1 < words.size(); ++i)
    if ((words[i + 1] == "calories"sv || words[i + 1] == "kcal"sv || words[i + 1] == "cals"sv) && is_number(words[i]) &&
        std::atof(words[i].c_str()) < 1000)
      return true;
  return false;
}

bool tells_disordered_eating(const std::vector<std::string>& words) {
  static const WordSet kSelf = {"i", "im", "ive", "my", "she", "he", "shes", "hes", "her", "his", "we"};
  static const WordSet kLaxatives = {"laxative", "laxatives", "dulcolax", "senna", "bisacodyl", "exlax",
                                     "miralax", "citrate"};
  const bool laxative = kLaxatives.contains_any(words) || contains_phrase(words, {"milk", "of", "magnesia"}) ||
                        contains_phrase(words, {"ex", "lax"});
  const bool weight = contains_phrase(words, {"lose", "weight"}) || contains_phrase(words, {"losing", "weight"}) ||
                      contains_phrase(words, {"weight", "loss"}) || contains_phrase(words, {"to", "stay", "thin"}) ||
                      contains_phrase(words, {"weight", "down"}) || contains_phrase(words, {"water", "weight"}) ||
                      contains_phrase(words, {"weigh", "in"}) || contains(words, std::string_view("weighin")) ||
                      contains_phrase(words, {"lost", "a", "lot", "of", "weight"}) ||
                      contains_phrase(words, {"to", "be", "thin"}) ||
                      contains_phrase(words, {"stay", "skinny"}) || contains_phrase(words, {"get", "thin"}) ||
                      contains_phrase(words, {"stay", "under"}) || contains_phrase(words, {"drop", "weight"});
  static const WordSet kDisorders = {"bulimic", "bulimia", "anorexic", "anorexia", "purging", "purge", "purges",
                                     "purged"};
  // (Laxatives for weight, even asked in general: "whats the best magnesium laxative for flushing out water weight
  // before a weigh in".)
  if (laxative && weight) return true;
  // (Or to be rid of food just eaten: "I take 10 dulcolax at once to get the food out after I eat".)
  if (laxative && (contains_phrase(words, {"food", "out"}) || contains_phrase(words, {"after", "i", "eat"}) ||
                   contains_phrase(words, {"after", "eating"}) || contains_phrase(words, {"after", "i", "binge"})))
    return true;
  // (Making weight by losing water, told by someone who names no one: "wrestler here, need to drop 6 lbs by
  // tomorrow, thinking epsom salt drink plus sauna".)
  if (cuts_weight_by_losing_water(words)) return true;
  if (!kSelf.contains_any(words)) return false;
  return kDisorders.contains_any(words) ||
         contains_phrase(words, {"make", "myself", "throw", "up"}) || contains_phrase(words, {"made", "myself", "throw", "up"}) ||
         contains_phrase(words, {"make", "myself", "sick"}) || contains_phrase(words, {"makes", "herself", "throw", "up"}) ||
         contains_phrase(words, {"makes", "himself", "throw", "up"}) || contains_phrase(words, {"make", "myself", "vomit"}) ||
         (contains(words, std::string_view("binge")) && contains_phrase(words, {"throw", "up"})) ||
         contains_phrase(words, {"barely", "eating"}) || contains_phrase(words, {"barely", "eat"}) ||
         contains_phrase(words, {"hardly", "eat"}) || contains_phrase(words, {"hardly", "eating"}) ||
         contains_phrase(words, {"starving", "myself"}) || contains_phrase(words, {"stopped", "eating"}) ||
         (weight && (contains_phrase(words, {"only", "eat"}) || eats_very_few_calories(words) ||
                     contains_phrase(words, {"havent", "eaten"}) || contains_phrase(words, {"skipping", "meals"}) ||
                     contains_phrase(words, {"not", "eating"})));
}

void note_signs_for_a_doctor_today(Analysis& a, const std::vector<std::string>& words,
                                   const ConversationContext& previous) {
  if (a.kind != MessageKind::Question) return;
  a.buildup_signs_with_kidney_disease = tells_buildup_signs_with_kidney_disease(words, previous);
  a.heart_signs_today = !a.buildup_signs_with_kidney_disease && tells_heart_signs_today(words);
}
}  // namespace

// The message without a sentence the person sets aside as not the question ("We're also trying to figure out if she
// needs iron pills but that's another story."), when another sentence is left.
std::string without_set_aside_sentences(const std::string& message) {
  // (Most messages have none of the words: not split into sentences at all.)
  const std::string lower = ascii_lowercase(message);
  const auto mentions = [&](std::string_view word) { return lower.find(word) != std::string::npos; };
  if (!mentions("story") && !mentions("question") && !mentions("another")) return message;
  static const std::vector<std::vector<std::string>> kAside = {
      {"another", "story"}, {"different", "story"}, {"another", "question", "for"}, {"separate", "question"},
      {"for", "another", "day"}, {"for", "another", "time"}};
  const auto sentences = sentences_of(message);
  if (sentences.size() < 2) return message;
  std::string kept;
  bool dropped = false;
  for (const auto& sentence : sentences) {
    const auto words = words_of(sentence);
    if (std::any_of(kAside.begin(), kAside.end(), [&](const auto& phrase) { return contains_phrase(words, phrase); })) {
      dropped = true;
      continue;
    }
    kept += (kept.empty() ? "" : " ") + sentence;
  }
  return dropped && !kept.empty() ? kept : message;
}

Analysis analyse_question(const std::string& typed, const ConversationContext& previous, const KnowledgeIndex& kb) {
  const std::string whole = without_sign_off(typed);
  std::string message = without_set_aside_sentences(whole);
  // (A sentence set aside may still tell an emergency, or be all the message tells: then the whole is read.)
  if (message != whole) {
    const Analysis read_whole = analyse_in_context(whole, previous, kb);
    if (read_whole.kind != MessageKind::Question) message = whole;
  }
  if (!previous.earlier.empty()) {
    const auto words_read = shared_words_of(message);
    const auto& words = *words_read;
    if (const auto back = kb.rules().back_reference(words)) {
      Analysis a = analyse_in_context(without_going_back(message, words, *back),
                                      context_gone_back_to(previous, *back, words, kb), kb);
      decline_amount_for_serious_condition(a, previous);
      note_signs_for_a_doctor_today(a, words, previous);
      note_asks_to_take_more(a, words);
      note_child_amount(a, words, previous);
      read_form_amount_as_magnesium_amount(a, words);
      return a;
    }
  }
  Analysis a = analyse_in_context(message, previous, kb);
  decline_amount_for_serious_condition(a, previous);
  const auto words_read = shared_words_of(message);
  const auto& words = *words_read;
  note_signs_for_a_doctor_today(a, words, previous);
  // (Also of a medicine the knowledge base has nothing on, whose reply is "no information" or "only magnesium":
  // stopping it on one's own is the danger, safety review 2026-12-01.)
  if (a.kind == MessageKind::Question && asks_to_stop_any_medicine(words)) a.asks_to_stop_medicine = true;
  note_asks_to_take_more(a, words);
  note_child_amount(a, words, previous);
  read_form_amount_as_magnesium_amount(a, words);
  // More swallowed on top of what the last message told was swallowed: "she swallowed her magnesium tablet whole" -
  // "and then 6 more from the pot" (re-check of 2026-12-02).
  if (a.kind == MessageKind::Question && !a.asks_what_to_do_after_swallowing &&
      (contains(previous.stems, std::string("swallow")) || contains(previous.stems, std::string("took")) ||
       contains(previous.stems, std::string("ate"))))
    for (size_t i = 0; i + 1 < words.size(); ++i)
      if (is_number(words[i]) && std::atof(words[i].c_str()) >= 3 && words[i + 1] == "more"sv)
        a.asks_what_to_do_after_swallowing = true;
  // An extra dose by mistake for someone with kidney disease, told calmly ("my grandad took his magnesium twice today
  // by mistake, he has kidney disease. he seems fine"): weak kidneys cannot clear it, so poison control or the doctor
  // today comes first (safety review 2026-12-01, third).
  // (Kidney disease named at all: "he seems fine" is said of the dose, not of his kidneys.)
  static const WordSet kKidneys = {"kidney", "kidneys", "renal", "ckd", "dialysis"};
  static const WordSet kKidneyTrouble = {"disease", "failure", "problems", "problem", "issues", "ckd", "dialysis",
                                         "stage"};
  if (a.kind == MessageKind::Question && !a.asks_what_to_do_after_swallowing &&
      (previous.kidney_disease_told || (kKidneys.contains_any(words) && kKidneyTrouble.contains_any(words)))) {
    static const WordSet kExtra = {"twice", "double", "extra", "doubled", "2", "two"};
    static const WordSet kByMistake = {"mistake", "accidentally", "accident", "instead"};
    static const WordSet kTaken = {"took", "taken", "given", "gave", "had"};
    // (Of magnesium: not "took his furosemide twice by mistake".)
    static const WordSet kMagnesiumTaken = {"magnesium", "mag",   "citrate",  "oxide",    "glycinate", "chloride",
                                            "epsom",     "magnesia", "antacid", "antacids", "laxative", "laxatives",
                                            "maalox"};
    if (kExtra.contains_any(words) && kByMistake.contains_any(words) && kTaken.contains_any(words) &&
        (kMagnesiumTaken.contains_any(words) || contains(previous.topics, "supplements")) &&
        std::none_of(words.begin(), words.end(), [](const std::string& w) { return is_medicine_name(w); }))
      a.asks_what_to_do_after_swallowing = true;
  }
  // Epsom salt swallowed or gargled, and early signs of too much magnesium told now ("gargled with epsom salt water...
  // swallowed some. Feel nauseous and flushed now", "took 2 packets of epsom salt... a bit dizzy and my blood pressure
  // was 85/50"): poison control first (safety review 2026-12-01, third; facts: nausea, flushing and low blood pressure
  // are the early signs).
  if (a.kind == MessageKind::Question && !a.asks_what_to_do_after_swallowing &&
      contains(words, std::string_view("epsom"))) {
    // (Told as done, not asked of: "can drinking epsom salt make you nauseous" asks.)
    static const WordSet kByMouth = {"swallowed", "drank", "gargled", "took", "taken", "ate"};
    static const WordSet kEarlySigns = {"nauseous", "nausea", "nauseated", "flushed", "flushing", "dizzy", "woozy",
                                        "lightheaded", "vomiting", "vomited", "weak", "faint", "drowsy"};
    static const WordSet kBath = {"bath", "baths", "soak", "soaked", "soaking", "tub", "foot"};
    if ((kByMouth.contains_any(words) || contains_phrase(words, {"been", "drinking"}) ||
         contains_phrase(words, {"been", "gargling"})) &&
        kEarlySigns.contains_any(words) &&
        (!kBath.contains_any(words) || contains(words, std::string_view("swallowed"))))
      a.asks_what_to_do_after_swallowing = true;
  }
  // (A young child's magnesium product, read as no question, is answered by the entry on the limits for supplements:
  // "Maalox for a 4 yr old, is that ok?")
  if ((a.kind == MessageKind::Question || a.kind == MessageKind::AboutThePerson) && !a.asks_personal_dose)
    if (const int age = young_child_given_magnesium(words, previous)) {
      a.product_for_young_child = age;
      if (!a.in_scope || a.kind != MessageKind::Question) {
        a.kind = MessageKind::Question;
        a.in_scope = true;
        for (const char* topic : {"magnesium", "supplements", "children"})
          if (!contains(a.topics, std::string(topic))) a.topics.push_back(topic);
        a.aspects = {"upper-limit"};
      }
    }
  // (A message read as no question about magnesium is answered by the entry on the limits for supplements, which says
  // where a baby's magnesium comes from: "just a pinch, surely that's fine?" names no subject at all.)
  if ((a.kind == MessageKind::Question || a.kind == MessageKind::AboutThePerson) &&
      asks_to_give_baby_a_supplement(words, previous)) {
    a.supplement_for_baby = true;
    if (a.kind != MessageKind::Question || !a.in_scope) {
      a.kind = MessageKind::Question;
      a.in_scope = true;
      for (const char* topic : {"magnesium", "supplements", "children"})
        if (!contains(a.topics, std::string(topic))) a.topics.push_back(topic);
      a.aspects = {"upper-limit"};
    }
  }
  // "my magnesium keeps coming back low" - "my doctor says keep taking 800mg but you said the limit is 350 - which is
  // right?": a question of the limit itself asks it of supplements taken, whatever condition came before; the entry on
  // the limit says doctors may prescribe more (safety review 2026-12-01, third, finding 12).
  if (a.kind == MessageKind::Question && a.aspects == std::vector<std::string>{"upper-limit"})
    for (const char* condition : {"hypomagnesemia", "hypermagnesemia"})
      if (contains(a.inherited, std::string(condition))) set_aside_concept(a, condition);
  read_diarrhoea_as_laxative_question(a, words, kb);
  read_diarrhoea_as_loss(a, words, kb);
  // (Told of oneself or someone; not asked about in general: "does bulimia lower magnesium?" asks.)
  if (a.kind == MessageKind::Question) a.tells_disordered_eating = tells_disordered_eating(words);
  // (Told in words the scope does not know, it is still ours to answer with that advice: "I take 10 dulcolax at once
  // to get the food out after I eat" was "out of scope"; safety re-check of the seventh review.)
  if (a.tells_disordered_eating && !a.in_scope) {
    a.in_scope = true;
    if (kb.concepts().get("laxatives") && !contains(a.topics, "laxatives")) a.topics.push_back("laxatives");
  }
  if (a.kind == MessageKind::Question) a.stops_heavy_drinking = tells_stopping_heavy_drinking(words, previous);
  read_definition_as_tie(a, words);
  read_worry_as_low_magnesium(a, words, previous, kb);
  read_signs_as_high_magnesium(a, previous);
  // What a whole bottle would do, asked ("what happens if someone takes a whole bottle of magnesium?"): the person
  // asking may be beside someone who just did, so the poison-control line comes first (third probe of 2026-12-03).
  static const std::vector<std::vector<std::string>> kWhatHappensIf = {
      {"what", "happens", "if"}, {"what", "would", "happen", "if"}, {"what", "happens", "when"}};
  static const std::vector<std::vector<std::string>> kWholeSupply = {
      {"whole", "bottle"}, {"entire", "bottle"}, {"whole", "pack"}, {"whole", "box"}, {"whole", "tub"},
      {"a", "handful"}, {"all", "the", "pills"}, {"all", "the", "tablets"}, {"whole", "packet"}};
  const auto has_any = [&](const std::vector<std::vector<std::string>>& phrases) {
    return std::any_of(phrases.begin(), phrases.end(), [&](const auto& p) { return contains_phrase(words, p); });
  };
  if (a.kind == MessageKind::Question && has_any(kWhatHappensIf) && has_any(kWholeSupply) &&
      (a.names_magnesium || contains(a.topics, "laxatives") || contains(a.topics, "antacids") ||
       contains(a.topics, "epsom-salt")))
    a.asks_what_to_do_after_swallowing = true;
  // (How much, not whether: "Should I give my 5 month old baby a magnesium supplement?")
  static const std::vector<std::vector<std::string>> kDoseAsked = {
      {"what", "dose"}, {"which", "dose"}, {"what", "dosage"}, {"whats", "the", "dose"}, {"how", "much", "to", "take"},
      {"how", "much", "to", "give"}, {"how", "many", "mg", "to", "take"}, {"how", "many", "to", "take"},
      {"should", "she", "take"}, {"should", "he", "take"}, {"should", "they", "take"}, {"exactly", "how", "many"},
      {"exactly", "how", "much"}};
  a.asks_amount_to_take =
      a.kind == MessageKind::Question &&
      ((asks_what_to_take(words, words.begin()) &&
        (contains_phrase(words, {"how", "much"}) || contains_phrase(words, {"how", "many"}))) ||
       has_any(kDoseAsked));
  // "ok i'll take 350 a day then" after the upper limit: an amount chosen from the figures just given is a dose, which
  // a doctor or pharmacist decides (fortieth session; probe case pC186 of 2026-12-03).
  static const std::vector<std::vector<std::string>> kMeansToTake = {
      {"ill", "take"}, {"i", "will", "take"}, {"im", "going", "to", "take"}, {"gonna", "take"}, {"ill", "give"},
      {"i", "will", "give"}};
  if (a.follow_up && (contains(previous.aspects, "upper-limit") || contains(previous.aspects, "intake")) &&
      has_any(kMeansToTake) && std::any_of(words.begin(), words.end(), [](const std::string& w) {
        return is_number(w) || is_amount_word(w);
      }))
    a.asks_amount_to_take = true;
  // A most or a limit asked of a daily amount is the limit, not how much is needed: "max dose of magnesium per day for
  // adults" got the recommended amounts for adults, whose group the limit's entry does not name (first probe of
  // 2026-12-03).
  // (Not when the amount needed is asked too: "How much does a 45 year old woman need per day? And what's the most I
  // can safely take from pills?")
  static const WordSet kNeeded = {"need", "needs", "recommended", "rda", "require", "required"};
  if (a.kind == MessageKind::Question && !a.follow_up && contains(a.aspects, "upper-limit") &&
      contains(a.aspects, "intake") && contains(a.topics, "adults") && !kNeeded.contains_any(words))
    a.aspects.erase(std::remove(a.aspects.begin(), a.aspects.end(), "intake"), a.aspects.end());
  return a;
}

namespace {

// Whether the words tell that signs just spoken of are present now: a pointer to them ("those", "these") and a word
// of the present ("right now", "currently"), not a question of what would happen nor a denial.
bool tells_listed_signs_now(const std::vector<std::string>& words) {
  // (Only pointers to several signs: "thanks, that is all for now" closes the conversation.)
  static const WordSet kPointers = {"those", "these", "them"};
  static const WordSet kPresent = {"now", "currently", "tonight", "today"};
  // (A question of what to do is still a report: "she is showing those right now, what should i do?")
  static const WordSet kAsksWhatIf = {"if", "would", "might", "whether"};
  // (nor denied: "thanks, I don't have any of those right now")
  static const WordSet kDenies = {"dont", "doesnt", "not", "no", "none", "havent", "hasnt", "isnt", "arent",
                                  "never", "without", "nothing", "neither", "nor"};
  return std::any_of(words.begin(), words.end(), [](const std::string& w) { return kPointers.count(w) > 0; }) &&
         std::none_of(words.begin(), words.end(), [](const std::string& w) { return kDenies.count(w) > 0; }) &&
         (std::any_of(words.begin(), words.end(), [](const std::string& w) { return kPresent.count(w) > 0; }) ||
          contains_phrase(words, {"at", "the", "moment"})) &&
         std::none_of(words.begin(), words.end(), [](const std::string& w) { return kAsksWhatIf.count(w) > 0; });
}

Analysis analyse_message(const std::string& message, const ConversationContext& previous, const KnowledgeIndex& kb) {
  Analysis a;
  const auto raw_words_read = shared_words_of(message);
  const auto& raw_words = *raw_words_read;
  const auto& rules = kb.rules();
  a.other_language = reads_as_other_language(raw_words);

  // Emergencies first: they are answered before anything else, whatever else the message says.
  const EmergencyRule* emergency = rules.emergency_rule(raw_words);

  read_words(a, raw_words, kb);
  // (The corrected words again, when reading changed them: the rule is a function of the words alone.)
  if (!emergency && a.words != raw_words) emergency = rules.emergency_rule(a.words);
  // A report with its subject left out is the writer's own: "overdosed on magnesium citrate", "took too much
  // magnesium citrate", "OD'd on mag tablets" read as if they began with "I" (blind probe of 2026-12-02), so the
  // rules that need to know who took it (and their `unless` lists) read them as told.
  static const WordSet kReportedDone = {"overdosed", "odd", "took", "taken", "swallowed", "ate", "drank",
                                        "downed", "chugged", "accidentally", "accidently"};
  // ("odd" only as "OD'd on": not "odd question but does magnesium help sleep")
  if (!emergency && !raw_words.empty() && kReportedDone.count(raw_words.front()) &&
      (raw_words.front() != "odd"sv || (raw_words.size() > 1 && raw_words[1] == "on"sv))) {
    std::vector<std::string> told = {"i"};
    told.insert(told.end(), a.words.begin(), a.words.end());
    emergency = rules.emergency_rule(told);
  }
  // A message told beside what the conversation is about is read with it: "I already drank 3 tablespoons in water an
  // hour ago" after a question about Epsom salt names no product of its own. (The subjects are added as words at
  // the end, so that the rules' lists of products and of magnesium match them.)
  // (Only the products a rule may need to know, after a separator no phrase contains, and on the corrected words too.)
  // (Supplements only when the message counts some of them: "my toddler just ate 5 of them" after a question about
  // supplements; not "my daughter drank a glass of milk" after one.)
  // (Or "a few of mine": "is magnesium glycinate good for kids?" - "my 4yo just chewed up a few of mine".)
  static const WordSet kPlural = {"them", "those", "these", "mine"};
  static const WordSet kSome = {"all", "few", "some", "several", "bunch", "handful", "couple"};
  bool counts_some_of_them = false;
  for (size_t i = 0; i + 2 < raw_words.size(); ++i)
    counts_some_of_them = counts_some_of_them || ((is_number(raw_words[i]) || kSome.count(raw_words[i])) &&
                                                  raw_words[i + 1] == "of"sv && kPlural.count(raw_words[i + 2]));
  static const WordSet kProductsAndSupplements = {"epsom-salt", "laxatives", "antacids", "supplements",
                                                 "magnesium-forms"};
  static const WordSet kProductsOnly = {"epsom-salt", "laxatives", "antacids"};
  const WordSet& products = counts_some_of_them ? kProductsAndSupplements : kProductsOnly;
  // A young child the last turn was about is whom "she" or "he" means: "How much magnesium can a 2 year old have
  // from supplements?" - "she just ate 5 of my 250mg magnesium tablets" (safety review, 2026-12-01).
  // (Only a message told of that child: "she ..."/"he ...", not "I took 2 magnesium tablets today", "my wife and I took
  // our supplements", nor a question "can he chew the tablets?".)
  static const WordSet kThatChild = {"she", "he", "shes", "hes", "they"};
  static const WordSet kAsksFirst = {"can",  "could", "should", "is",  "are", "does", "do",
                                     "what", "how",   "will",   "would", "may", "why"};
  static const WordSet kSomeoneElse = {"i", "im", "ive", "we", "wife", "husband", "mom", "mum", "dad"};
  const bool about_a_child =
      contains(previous.topics, "children") && !contains(previous.topics, "adults") && !raw_words.empty() &&
      !kAsksFirst.count(raw_words.front()) &&
      std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kThatChild.count(w) > 0; }) &&
      std::none_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kSomeoneElse.count(w) > 0; });
  // A pregnancy the person told of themselves in an earlier turn is still told: "i'm 34 weeks pregnant" - "my hands and face have gone really
  // puffy today and i have a pounding headache" are the warning signs of pre-eclampsia (safety review, 2026-12-01).
  // (Only the person's own, told: not "is magnesium safe during pregnancy?" nor "my sister is pregnant".)
  const bool pregnancy_told = previous.pregnancy_told;
  for (const std::vector<std::string>* words : {&raw_words, static_cast<const std::vector<std::string>*>(&a.words)}) {
    if (emergency || (!about_a_child && !pregnancy_told &&
                      std::none_of(previous.topics.begin(), previous.topics.end(),
                                   [&](const std::string& t) { return products.count(t) > 0; })))
      break;
    std::vector<std::string> with_subjects = *words;
    with_subjects.push_back("|");
    for (std::string topic : previous.topics) {
      if (!products.count(topic)) continue;
      // (A form named is a supplement: the rules list the products, not each salt.)
      if (topic == "magnesium-forms"sv) topic = "supplements";
      std::replace(topic.begin(), topic.end(), '-', ' ');
      for (auto& w : split_words(topic)) with_subjects.push_back(std::move(w));
    }
    if (about_a_child) with_subjects.push_back("child");
    if (pregnancy_told) with_subjects.push_back("pregnant");
    emergency = rules.emergency_rule(with_subjects);
  }
  if (emergency) {
    a.kind = MessageKind::Emergency;
    a.emergency_rule = emergency->name;
    a.emergency_reply = emergency->reply;
    a.in_scope = true;
    return a;
  }
  // The signs of an overdose the last answer listed, told as happening now ("my grandmother is showing those right
  // now, she's on dialysis"): an overdose in progress, whatever words the signs would have been told in.
  if (contains(previous.topics, "hypermagnesemia") && contains(previous.aspects, "symptoms") &&
      tells_listed_signs_now(raw_words)) {
    a.kind = MessageKind::Emergency;
    a.emergency_rule = "the overdose signs just listed, happening now";
    a.emergency_reply = "emergency";
    a.in_scope = true;
    return a;
  }
  // Every sign of low magnesium the last answer listed (its later ones are seizures and an abnormal heart rhythm),
  // told as someone's now: "my mom is 79, on furosemide and omeprazole, and she has all of them plus her heart is
  // irregular" (safety review, 2026-12-01). MedlinePlus calls severe low magnesium a possible emergency.
  static const WordSet kDenies = {"dont",  "doesnt", "not",   "no",     "none",    "havent", "hasnt",
                                  "never", "if",     "would", "thanks", "thank",   "covered", "listed"};
  if (contains(previous.topics, "hypomagnesemia") && contains(previous.aspects, "symptoms") &&
      (contains_phrase(raw_words, {"all", "of", "them"}) || contains_phrase(raw_words, {"all", "of", "those"}) ||
       contains_phrase(raw_words, {"all", "of", "these"}) || contains_phrase(raw_words, {"all", "those"}) ||
       contains_phrase(raw_words, {"every", "one", "of", "them"})) &&
      // (Told of someone, not asked of people: "do people usually have all of them?")
      (contains(raw_words, std::string("has")) || contains_phrase(raw_words, {"i", "have"}) ||
       contains_phrase(raw_words, {"ive", "got"}) || contains_phrase(raw_words, {"im", "having"}) ||
       contains_phrase(raw_words, {"is", "having"}) || contains_phrase(raw_words, {"we", "have"})) &&
      !raw_words.empty() && !kAsksFirst.count(raw_words.front()) &&
      std::none_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kDenies.count(w) > 0; })) {
    a.kind = MessageKind::Emergency;
    a.emergency_rule = "every sign of low magnesium just listed, happening now";
    a.emergency_reply = "emergency";
    a.in_scope = true;
    return a;
  }
  // A story's words would drown its question: the question is analysed on its own, with the story as its context
  // (analyse_story). (The whole message was checked for an emergency above.)
  // (Not a message that only asks about magchat, in two sentences: "where does your info come from? is this from real
  // medical sources or is it just made up", blind set b486.)
  auto small_talk = rules.small_talk(raw_words);
  // (A message short enough for one check has been read whole; only a longer one is read sentence by sentence.)
  if (small_talk == LanguageRules::SmallTalk::None && raw_words.size() > LanguageRules::kMaxSmallTalkWords)
    small_talk = small_talk_in_sentences(message, rules);
  // (Thanks that go on to tell are no story: "thanks so much, that really helped, I'll show it to my mom".)
  const bool closing_thanks =
      small_talk == LanguageRules::SmallTalk::None && is_closing_thanks(message, raw_words, kb);
  if (small_talk != LanguageRules::SmallTalk::AboutMe && !closing_thanks)
    if (auto told = story_and_question(message, raw_words.size(), rules)) return analyse_story(*told, previous, kb);
  if (closing_thanks) small_talk = LanguageRules::SmallTalk::Thanks;
  // "Is it ok?", "is that okay?" ask whether something is safe; "ok" alone acknowledges.
  if (small_talk == LanguageRules::SmallTalk::Thanks && !raw_words.empty() && kAsksWhether.count(raw_words[0]) &&
      message.find('?') != std::string::npos)
    small_talk = LanguageRules::SmallTalk::None;
  // "ok", "thanks" or "hmm" between two questions does not end the conversation: "what is hypermagnesemia?" -
  // "ok" - "who gets it usually?" still asks about hypermagnesemia.
  if ((small_talk == LanguageRules::SmallTalk::Greeting || small_talk == LanguageRules::SmallTalk::Thanks) &&
      !previous.empty())
    a.kept_context = previous;  // (with what was already answered: no answer is added to it here)
  // "Hi, I have a question about magnesium" - "What does it do?": a greeting that names magnesium at the start of a
  // conversation says what "it" will be.
  if (small_talk == LanguageRules::SmallTalk::Greeting && previous.empty() && rules.mentions_in_scope(raw_words)) {
    a.topics = {"magnesium"};
    a.in_scope = true;
  }
  switch (small_talk) {
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
  static const WordSet kUnitsNotOfBlood = {
      "litre", "litres", "liter",  "liters", "ml",    "cup",    "cups",  "glass", "glasses", "kg",
      "kgs",   "kilos", "lb",     "lbs",    "pounds", "stone", "hours",  "hour",  "hrs",   "hr",      "years",
      "yrs",   "days",  "weeks",  "months", "km",     "miles", "times",  "g",     "grams", "oz",      "ounces",
      "percent", "servings", "bottles", "tablespoons", "tbsp", "tsp", "teaspoons", "cm",  "ft",      "feet"};
  bool names_amount = false, names_test_result = false;
  // A result read as its condition, asked what to do ("0.55 mmol/L, what should I do?" asks how low magnesium is
  // treated): the words that say it came from a blood test are then not searched either, or an entry that mentions
  // testing (the one on PPIs) outranks the one on treatment.
  bool result_read_as_condition = false;
  // A value told without its unit that is outside the normal range in every unit (safety review, 2026-12-01: "a
  // magnesium of 5" was read as low magnesium, and "1.3" got no advice to call the doctor).
  bool unitless_outside_ranges = false;
  std::vector<std::string> words_before_amounts;  // the word right before each amount ("hctz" in "hctz 25mg")
  TestResult::Reading result_reading = TestResult::Reading::Unknown;
  bool result_outside_some = false;  // (TestResult::outside_some_range)
  for (size_t i = 0; i < a.words.size(); ++i) {
    const std::string& w = a.words[i];
    if (rules.is_filler_word(w)) continue;
    if (const TestResult result = test_result_at(a.words, i); result.words) {
      names_test_result = true;  // "magnesium 1.2 mg/dL (L)": the value and its unit are not searched for
      if (result.reading != TestResult::Reading::Unknown) result_reading = result.reading;
      result_outside_some = result_outside_some || result.outside_some_range;
      i += result.words - 1;
    } else if (const size_t n = age_at(a.words, i).words) {
      i += n - 1;  // an age: the group it names is noted below
    } else if (is_number(w) && i + 1 < a.words.size() && is_mass_unit(a.words[i + 1])) {
      names_amount = true;
      words_before_amounts.push_back(i > 0 ? a.words[i - 1] : std::string());
      ++i;
    } else if (is_amount_word(w)) {
      names_amount = true;
      words_before_amounts.push_back(i > 0 ? a.words[i - 1] : std::string());
    } else if (is_number(w) && i + 1 < a.words.size() && (a.words[i + 1] == "mmol"sv || a.words[i + 1] == "meq"sv)) {
      // "prescribed magnesium 15 mmol a day" (test_result_at leaves amounts a day): an amount taken, no blood test.
      names_amount = true;
      words_before_amounts.push_back(i > 0 ? a.words[i - 1] : std::string());
      ++i;
    } else if (is_number(w) && w.find('.') != std::string::npos &&
               !(i + 1 < a.words.size() && kUnitsNotOfBlood.count(a.words[i + 1]))) {
      // "My magnesium is 1.2, is that bad?": a decimal without a unit is a test result (mg/dL or mmol/L); amounts
      // taken are whole milligrams with their unit. (Not "1.5 litres of mineral water", "2.5 hours of hot yoga".)
      names_test_result = true;
      // ("half a magnesium tablet, 0.5 of one": a part, not a level.)
      const bool a_part = i + 1 < a.words.size() && a.words[i + 1] == "of"sv;
      unitless_outside_ranges =
          unitless_outside_ranges || (!a_part && outside_every_unitless_range(std::atof(w.c_str())));
    } else if (is_unitless_level_at(a.words, i)) {
      // "what does a magnesium of 5 mean", "his magnesium is 5": a whole number said to be the level.
      names_test_result = true;
      unitless_outside_ranges = unitless_outside_ranges || outside_every_unitless_range(std::atof(w.c_str()));
    } else {
      meaningful.push_back(spelled_out(w));
    }
  }
  std::vector<std::string> own_topics, own_aspects;
  std::vector<std::string> concept_of_word(meaningful.size());
  std::map<std::string, size_t> first_position;  // where each concept is first named
  const auto concepts_found = kb.concepts().find_with_positions(meaningful);
  for (const auto& found : concepts_found) {
    auto& list = kb.concepts().is_aspect(found.id) ? own_aspects : own_topics;
    if (!contains(list, found.id)) list.push_back(found.id);
    first_position.emplace(found.id, found.start);
    for (size_t k = 0; k < found.length; ++k) concept_of_word[found.start + k] = found.id;
    // A phrase of an aspect may name a condition in its words, or with the words after it: "worry about low
    // magnesium" (who is at risk), "avoid running low", "not get low in magnesium" (prevention) name low magnesium
    // too, but the matcher gives each word to one phrase, so that "should I worry about low magnesium if I have heart
    // disease?" got "Is high magnesium dangerous?" (blind probes and re-checks of 2026-12-02). Only in phrases of being at risk of or preventing something: those of foods, amounts and limits
    // compare amounts ("foods high magnesium", "need more magnesium than younger people", "a lower limit").
    static const WordSet kAspectsOfAState = {"risk-groups", "prevention"};
    if (list == own_aspects && kAspectsOfAState.count(found.id))
      for (const auto& inner : kb.concepts().find_overlapping_in(meaningful, found.start, found.length))
        if (is_condition(inner) && !contains(own_topics, inner)) {
          own_topics.push_back(inner);
          first_position.emplace(inner, found.start);
        }
  }
  // A phrase with a filler word in it ("keep an eye on", "what's his number", "type of magnesium") cannot be found
  // among the meaningful words: such phrases are looked for in the words as typed (only when the message has a
  // filler word, so most messages are not matched twice).
  // ("mag" is read as "magnesium" there too: "what type of mag gets absorbed the most?")
  if (without_fillers.size() < a.words.size()) {
    std::vector<std::string> spelled;
    spelled.reserve(a.words.size());
    for (const auto& w : a.words) spelled.push_back(spelled_out(w));
    for (const auto& found : kb.concepts().find_with_positions(spelled)) {
      bool has_filler = false;
      for (size_t k = 0; k < found.length; ++k)
        has_filler = has_filler || rules.is_filler_word(a.words[found.start + k]);
      if (!has_filler) continue;
      auto& list = kb.concepts().is_aspect(found.id) ? own_aspects : own_topics;
      if (!contains(list, found.id)) list.push_back(found.id);
    }
  }
  // "healthy magnesium level" means "healthy level": phrases are also looked for with the subject word left out.
  std::vector<std::string> without_subject;
  for (const auto& w : meaningful)
    if (w != "magnesium"sv && w != "mg"sv && w != "mag"sv) without_subject.push_back(w);
  for (const auto& id : kb.concepts().find(without_subject)) {
    auto& list = kb.concepts().is_aspect(id) ? own_aspects : own_topics;
    if (!contains(list, id)) list.push_back(id);
  }
  // "Drinking" right before a drink without alcohol, as typed, is not alcohol: "he's been drinking milk of magnesia
  // every day", "drinking epsom salt water" (blind set b482). (Not "after a night of drinking, juice or magnesium?",
  // nor "the drinking shakes"; "drinking water" still names foods.)
  static const WordSet kDrinkWithoutAlcohol = {"milk", "water", "juice",    "tea",       "coffee", "epsom",
                                               "soda", "pop",   "smoothie", "smoothies", "broth",  "cola",
                                               "coke", "kombucha", "coconut", "gatorade"};
  if (contains(own_topics, "alcohol")) {
    std::string typed = message;
    std::transform(typed.begin(), typed.end(), typed.begin(), [](unsigned char c) { return std::tolower(c); });
    bool only_such_drinking = true;
    for (const auto& found : kb.concepts().find_with_positions(meaningful))
      if (found.id == "alcohol"sv)
        only_such_drinking = only_such_drinking && found.length == 1 && meaningful[found.start] == "drinking"sv &&
                             found.start + 1 < meaningful.size() &&
                             kDrinkWithoutAlcohol.count(meaningful[found.start + 1]) &&
                             typed.find("drinking " + meaningful[found.start + 1]) != std::string::npos;
    if (only_such_drinking) own_topics.erase(std::find(own_topics.begin(), own_topics.end(), "alcohol"));
  }
  // A cause or circumstance the person says is not theirs ("I'm not diabetic", "I don't drink alcohol though", "no
  // diuretics", "she isn't pregnant") is ruled out, not asked about: its topic and its words are left out, so that
  // "i don't drink alcohol though" after the causes of low magnesium is not answered "Yes, heavy long-term drinking is
  // a well-known cause" (second blind probe of 2026-12-02). Only a statement: the negation starts the message or
  // follows a teller ("i", "she's", "is"...), and "no" stands right before the words ("no diabetes"); not "does not
  // drinking help?" nor "can you be low if you don't drink?".
  std::vector<size_t> ruled_out_at;
  std::vector<std::string> ruled_out_topics;  // (not inherited from the turn before either: below)
  {
    static const WordSet kRuledOutTopics = {"ppi",           "diuretics",     "aminoglycosides", "antibiotics",
                                            "bisphosphonates", "levothyroxine", "antacids",      "laxatives",
                                            "cancer-drugs",  "pregnancy",     "alcohol",         "diabetes",
                                            "gut-disorders", "stomach-bug",   "exercise"};
    static const WordSet kNot = {"not", "dont", "doesnt", "isnt", "arent", "wasnt", "havent", "hasnt", "didnt", "no"};
    static const WordSet kTeller = {"i",  "im",  "ive", "am", "he",  "hes", "she", "shes", "is",   "we",
                                    "they", "are", "and", "but", "also", "so", "ok", "okay", "though", "well"};
    // ("I don't drink": the verb alone names alcohol when it is denied, unless a drink without alcohol follows.)
    std::vector<ConceptIndex::Found> candidates = concepts_found;
    static const WordSet kDrink = {"drink", "drinker", "drinking"};
    for (size_t i = 0; i < meaningful.size(); ++i)
      if (kDrink.count(meaningful[i]) && concept_of_word[i].empty() &&
          !(i + 1 < meaningful.size() && kDrinkWithoutAlcohol.count(meaningful[i + 1])))
        candidates.push_back({"alcohol", i, 1});
    std::vector<std::string> denied_ids, told_ids;
    for (const auto& found : candidates) {
      if (!kRuledOutTopics.count(found.id)) continue;
      size_t denied_from = found.start;  // the negation ("dont" of "i dont drink alcohol"), when denied
      for (size_t n = found.start >= 3 ? found.start - 3 : 0; n < found.start && denied_from == found.start; ++n) {
        if (!kNot.count(meaningful[n])) continue;
        const bool denied = meaningful[n] == "no"sv ? n + 1 == found.start
                                                    : n == 0 || kTeller.count(meaningful[n - 1]) ||
                                                          (n >= 2 && kTeller.count(meaningful[n - 2]));
        if (denied) denied_from = n;
      }
      if (denied_from == found.start) {
        told_ids.push_back(found.id);
        continue;
      }
      denied_ids.push_back(found.id);
      // (The words between are the denied verb, not searched either: "drink" of "i don't drink alcohol".)
      for (size_t k = denied_from; k < found.start + found.length; ++k) ruled_out_at.push_back(k);
    }
    // (Unless also named and not denied: "I'm not on diuretics but my mum takes diuretics".)
    for (const auto& id : denied_ids)
      if (!contains(told_ids, id)) {
        own_topics.erase(std::remove(own_topics.begin(), own_topics.end(), id), own_topics.end());
        ruled_out_topics.push_back(id);
      }
  }
  // "Who gets hypermagnesemia?", "who can get low magnesium?": a message that starts by asking who gets something
  // asks who is at risk (not "what happens to a kid who gets too much", where "who" starts no question).
  static const WordSet kWhoGets = {"gets", "get", "can", "usually", "typically", "tends", "is", "are"};
  if (meaningful.size() > 2 && meaningful[0] == "who"sv && kWhoGets.count(meaningful[1]) &&
      (meaningful[1] == "gets"sv || meaningful[1] == "get"sv || meaningful[2] == "get"sv || meaningful[2] == "gets"sv) &&
      kb.concepts().get("risk-groups") && !contains(own_aspects, std::string("risk-groups")))
    own_aspects.push_back("risk-groups");
  // "Pregnant and worried about low magnesium - how much do I need a day?": worry told beside another question
  // is how the person feels, not a question about when to see a doctor.
  if (own_aspects.size() > 1 && contains(own_aspects, std::string("see-doctor"))) {
    static const WordSet kWorry = {"worried", "worry", "worrying", "concerned", "about", "im", "i", "am"};
    bool only_worry = true;
    for (size_t k = 0; k < meaningful.size(); ++k)
      if (concept_of_word[k] == "see-doctor"sv && !kWorry.count(meaningful[k])) only_worry = false;
    if (only_worry) own_aspects.erase(std::remove(own_aspects.begin(), own_aspects.end(), "see-doctor"), own_aspects.end());
  }
  // "My daughter was just diagnosed with celiac. Does that affect magnesium?": a diagnosis told is part of the
  // story, not a question how something is diagnosed ("how is low magnesium diagnosed?").
  // (Nor is the word searched: entries on tests would match it.)
  std::vector<size_t> diagnosis_told_at;
  if (contains(own_aspects, std::string("tests"))) {
    static const WordSet kToldBefore = {"was", "were", "been", "just", "got", "recently", "newly",
                                        "being", "later", "eventually", "finally"};
    bool only_told = true;
    for (size_t k = 0; k < meaningful.size() && only_told; ++k)
      if (concept_of_word[k] == "tests"sv) {
        only_told = meaningful[k] == "diagnosed"sv && k > 0 && kToldBefore.count(meaningful[k - 1]) > 0;
        diagnosis_told_at.push_back(k);
      }
    if (only_told && !diagnosis_told_at.empty())
      own_aspects.erase(std::remove(own_aspects.begin(), own_aspects.end(), "tests"), own_aspects.end());
    else
      diagnosis_told_at.clear();
  }
  // "Is white bread low in magnesium?", "why is processed food low in magnesium?": a food low in magnesium is what
  // the food holds, not low magnesium in the body.
  if (contains(own_aspects, std::string("foods")) && contains(own_topics, std::string("hypomagnesemia"))) {
    // (Not a person low in it: "I'm low in magnesium, what should I eat?")
    static const WordSet kPersonOrBody = {
        "i",   "im",   "am",   "we",     "were",   "you",    "your", "body", "level", "levels", "he",  "she",
        "hes", "shes", "they", "was",    "mom",    "mum",    "dad",  "mother", "father", "son", "daughter",
        "wife", "husband", "kid", "child", "baby", "magnesium", "be", "someone", "somebody", "anyone", "people",
        "person", "get", "getting", "run", "running", "go", "going"};
    bool food_is_low = false, body_is_low = false;
    for (size_t k = 0; k < a.words.size(); ++k) {
      const std::string& w = a.words[k];
      if (w == "low"sv && k > 0 && k + 1 < a.words.size() && a.words[k + 1] == "in"sv &&
          !kPersonOrBody.count(a.words[k - 1]) && !(k > 1 && kPersonOrBody.count(a.words[k - 2])))
        food_is_low = true;
      else if (w == "deficient"sv || w == "deficiency"sv || starts_with(w, "hypomagnes") ||
               (w == "low"sv && k + 1 < a.words.size() && a.words[k + 1] != "in"sv))
        body_is_low = true;
    }
    if (food_is_low && !body_is_low)
      own_topics.erase(std::remove(own_topics.begin(), own_topics.end(), "hypomagnesemia"), own_topics.end());
  }
  // "Are bananas a good source of magnesium, or is that just potassium?": a mineral offered as the other answer
  // ("or is that just", "or is it only") is not what is asked about; magnesium is.
  for (size_t i = 0; i + 1 < meaningful.size(); ++i) {
    if (meaningful[i] != "or"sv) continue;
    size_t k = i + 1;
    while (k < meaningful.size() && k <= i + 3 && (meaningful[k] == "is"sv || meaningful[k] == "that"sv ||
                                                   meaningful[k] == "it"sv || meaningful[k] == "thats"sv))
      ++k;
    // ("or is that just potassium?", and without "just" once "is that" has said it: "or is that potassium?")
    const bool said_is_that = k > i + 1;
    if (k < meaningful.size() && (meaningful[k] == "just"sv || meaningful[k] == "only"sv || meaningful[k] == "mostly"sv))
      ++k;
    else if (!said_is_that)
      continue;
    // ("or is that just a potassium thing people mix up?")
    if (k < meaningful.size() && (meaningful[k] == "a"sv || meaningful[k] == "an"sv || meaningful[k] == "the"sv)) ++k;
    if (k >= meaningful.size() || concept_of_word[k].empty() || !is_related_mineral(concept_of_word[k])) continue;
    const std::string other = concept_of_word[k];
    if (rules.mentions_in_scope(std::vector<std::string>(meaningful.begin(), meaningful.begin() + static_cast<long>(i))))
      own_topics.erase(std::remove(own_topics.begin(), own_topics.end(), other), own_topics.end());
  }
  // A result given without saying what is asked about it ("is that bad?", "is that ok?") asks how it compares
  // with the normal range; "is that high?" names a condition and asks about that.
  bool result_asked_low_or_high = false;  // (below: in scope as the condition it offered would have made it)
  if (names_test_result) {
    // (Only a result of magnesium alone: "creatinine 1.1 mg/dL" or a potassium beside it is another test's.)
    static const WordSet kOtherTests = {"creatinine", "potassium", "calcium",   "sodium", "glucose", "sugar",
                                          "vitamin",    "iron",      "zinc",      "phosphate", "phosphorus", "egfr",
                                          "gfr",        "urea",      "bun",       "a1c",     "cholesterol", "k",
                                          "ca",         "na",        "cl",        "phos",    "cr",          "ago",
                                          "previously"};
    // (Unless every number told is magnesium's: "my potassium is low and my magnesium is 1.4 mg/dL" tells magnesium's
    // result beside another test named without one; safety review 2026-12-01, fourth.)
    auto number_is_magnesiums = [&](size_t i) {
      for (size_t k = i; k-- > 0 && k + 4 > i;) {
        if (kOtherTests.count(a.words[k])) return false;
        if (a.words[k] == "magnesium"sv || a.words[k] == "mg"sv || a.words[k] == "mag"sv) return true;
      }
      return false;
    };
    bool every_number_is_magnesiums = false;
    for (size_t i = 0; i < a.words.size(); ++i) {
      if (!is_number(a.words[i])) continue;
      if (!number_is_magnesiums(i)) {
        every_number_is_magnesiums = false;
        break;
      }
      every_number_is_magnesiums = true;
    }
    const bool names_other_test = !every_number_is_magnesiums &&
                                  std::any_of(a.words.begin(), a.words.end(),
                                              [](const std::string& w) { return kOtherTests.count(w) > 0; });
    if (result_reading != TestResult::Reading::Unknown) {
      a.result_condition = result_reading == TestResult::Reading::Low ? "hypomagnesemia" : "hypermagnesemia";
      a.result_outside_ranges = !names_other_test;
    }
    // (Without its unit only the advice: which condition it is, the person's own lab report tells.)
    // (Nor a result of long ago: "my magnesium was 0.4 last year and I needed a drip".)
    static const std::vector<std::vector<std::string>> kPast = {
        {"last", "year"}, {"last", "month"}, {"last", "week"}, {"last", "summer"}, {"last", "winter"},
        {"last", "time"}, {"years", "back"}, {"used", "to"}};
    // (or a year: "my magnesium was 0.5 in 2019")
    bool names_a_year = false;  // ("in 2019", "back in 2021"; not "2000 steps")
    for (size_t i = 1; i < a.words.size(); ++i) {
      const std::string& w = a.words[i];
      names_a_year = names_a_year || (w.size() == 4 && is_number(w) && (w.rfind("19", 0) == 0 || w.rfind("20", 0) == 0) &&
                                      (a.words[i - 1] == "in"sv || a.words[i - 1] == "since"sv || a.words[i - 1] == "from"sv));
    }
    const bool told_of_the_past = names_a_year || std::any_of(kPast.begin(), kPast.end(), [&](const auto& phrase) {
                                    return contains_phrase(a.words, phrase);
                                  });
    if (result_reading == TestResult::Reading::Unknown && unitless_outside_ranges && !names_other_test &&
        !told_of_the_past &&
        // (or after a question about the magnesium test: "what's the normal range for magnesium in blood" - "mine
        // was 1.3, is that high?"; blind probe of 2026-12-02)
        (contains(a.words, std::string("magnesium")) || contains(a.words, std::string("mag")) ||
         contains(previous.topics, "blood-test") || contains(previous.aspects, "normal-range")))
      a.result_outside_ranges = true;
    a.result_outside_some_ranges = result_reading == TestResult::Reading::Unknown && result_outside_some &&
                                   !a.result_outside_ranges && !names_other_test && !told_of_the_past;
    if (kb.concepts().get("blood-test") && !contains(own_topics, "blood-test")) own_topics.push_back("blood-test");
    // (The test is done: "my lab says 0.7 mmol/L, is that low?" asks about its value, not how to test.)
    own_aspects.erase(std::remove(own_aspects.begin(), own_aspects.end(), "tests"), own_aspects.end());
    // ("My magnesium is 1.9 mg/dL, what does that mean?" asks the same.)
    if (own_aspects == std::vector<std::string>{"definition"} && result_reading == TestResult::Reading::Unknown &&
        std::none_of(own_topics.begin(), own_topics.end(), is_condition))
      own_aspects.clear();
    // "My son's magnesium is 1.2 mg/dL (L). What symptoms should we look out for?" asks about low magnesium: a
    // result the lab flagged, or one outside every range the knowledge base cites, names its condition when
    // something else than the result itself is asked or named ("on omeprazole for 3 years and my magnesium came
    // back 1.4 mg/dL, could the omeprazole do that?"), its meaning included. (Whether it is bad or normal is the
    // normal range's answer: read it against your own lab's range.)
    static const WordSet kAboutTheResult = {"normal-range", "danger"};
    const bool asks_beyond_the_result = std::any_of(own_aspects.begin(), own_aspects.end(), [](const std::string& id) {
      return kAboutTheResult.count(id) == 0;
    });
    const bool names_other_subject = std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& id) {
      return id != "magnesium"sv && id != "blood-test"sv && !is_group_of_people(id);
    });
    // (The test is then only how it is known: the question is about the condition, not about blood tests; except
    // for what causes it, which the entries on a low or high result answer.)
    if (result_reading != TestResult::Reading::Unknown && (asks_beyond_the_result || names_other_subject) &&
        !contains(own_aspects, "normal-range") &&
        std::none_of(own_topics.begin(), own_topics.end(), is_condition)) {
      const char* condition = result_reading == TestResult::Reading::Low ? "hypomagnesemia" : "hypermagnesemia";
      own_topics.push_back(condition);
      if (!contains(own_aspects, "causes"))
        own_topics.erase(std::remove(own_topics.begin(), own_topics.end(), "blood-test"), own_topics.end());
      first_position.emplace(condition, 0);  // (told before the question: "what symptoms does that cause?")
      result_read_as_condition = !contains(own_topics, "blood-test");
    }
    // ("2.6 mg/dL, is that high or normal?": a result inside the ranges the knowledge base cites, asked whether it is
    // normal, is read against the normal range, whatever condition the question offers as the other choice.)
    if (result_reading == TestResult::Reading::Unknown && contains(meaningful, std::string("normal")) &&
        own_aspects.empty())
      own_topics.erase(std::remove_if(own_topics.begin(), own_topics.end(), is_condition), own_topics.end());
    // (So is one asked only whether it is low or high: "my blood test says 1.6 mg/dL, is that low?" opened with the
    // causes of a low result; fortieth session. The condition it offers said the result is magnesium's, which stays
    // the subject.)
    // (Not one outside every range the knowledge base cites, "my magnesium was 2.8 is that high": that is the
    // condition it offers.)
    if (result_reading == TestResult::Reading::Unknown && !a.result_outside_ranges && own_aspects.empty() &&
        std::any_of(own_topics.begin(), own_topics.end(), is_condition) && kb.concepts().get("magnesium")) {
      own_topics.erase(std::remove_if(own_topics.begin(), own_topics.end(), is_condition), own_topics.end());
      if (!contains(own_topics, std::string("magnesium"))) own_topics.push_back("magnesium");
      result_asked_low_or_high = true;
    }
    if (kb.concepts().get("normal-range") && own_aspects.empty() &&
        std::none_of(own_topics.begin(), own_topics.end(), is_condition))
      own_aspects.push_back("normal-range");
  }
  // "what should i eat to bring my magnesium up after a low test result": a test told beside a question what to eat
  // only says why the person asks; the foods are the question.
  if (contains(own_aspects, "foods") && contains(own_topics, "blood-test") && !names_test_result &&
      own_aspects.size() <= 2 && !contains(own_aspects, "tests") && !contains(own_aspects, "normal-range"))
    own_topics.erase(std::remove(own_topics.begin(), own_topics.end(), "blood-test"), own_topics.end());
  // "Which foods should a pregnant vegetarian lean on to get enough magnesium?" asks for foods: "get enough" says
  // why, not how much. (An amount asked beside foods keeps both: "how much do I need, and from which foods?")
  if (contains(own_aspects, "foods") && contains(own_aspects, "intake")) {
    static const WordSet kAmountWords = {"much", "many", "mg", "milligrams", "rda", "daily", "day",
                                         "amount", "amounts", "dose", "dosage", "requirement",
                                         "recommended", "allowance", "intake", "need", "needs", "dv",
                                         "oz", "ounce", "serving", "percent", "provide", "provides",
                                         "contain", "contains"};
    static const WordSet kAsksWhichFoods = {"which", "what", "best", "good", "snacks", "snack"};
    auto any_in = [&](const WordSet& set) {
      return std::any_of(a.words.begin(), a.words.end(), [&](const std::string& w) { return set.count(w) > 0; });
    };
    // ("What snacks have a good amount of magnesium?" asks which foods have much, not how much.)
    static const WordSet kMuch = {"good", "decent", "high", "big", "fair", "large"};
    auto asks_an_amount = [&]() {
      for (size_t i = 0; i < a.words.size(); ++i)
        if (kAmountWords.count(a.words[i]) &&
            !((a.words[i] == "amount"sv || a.words[i] == "amounts"sv) && i > 0 && kMuch.count(a.words[i - 1])))
          return true;
      return false;
    };
    // ("Which groups don't eat enough magnesium?" asks who, not what to eat.)
    static const WordSet kAsksWho = {"groups", "group", "who", "people", "americans", "population"};
    if (any_in(kAsksWhichFoods) && !asks_an_amount() && !any_in(kAsksWho))
      own_aspects.erase(std::remove(own_aspects.begin(), own_aspects.end(), "intake"), own_aspects.end());
  }
  // A result told in words ("the lab flagged my magnesium as high. What causes that?") is a test already done too:
  // what else the message asks is the question, not how to test.
  {
    static const WordSet kResultTold = {"flagged", "came", "showed", "shows", "result", "results", "says", "said"};
    const bool result_told = std::any_of(a.words.begin(), a.words.end(), [](const std::string& w) { return kResultTold.count(w) > 0; });
    if (result_told && contains(own_aspects, "tests") && own_aspects.size() > 1 &&
        std::any_of(own_topics.begin(), own_topics.end(), is_condition))
      own_aspects.erase(std::remove(own_aspects.begin(), own_aspects.end(), "tests"), own_aspects.end());
  }
  // An age says which group of people is asked about: "my 6 year old", "a 45-year-old man", "I'm 72 years old".
  // For how much to take, everyone from 19 is an adult: the adult amounts go by age bands up to "31 and older"
  // ("how much magnesium does a 75 year old man need?" is answered by them, not by why older adults run low).
  if (auto age = age_named(a.words)) {
    const bool asks_amount = contains(own_aspects, "intake") || contains(own_aspects, "upper-limit");
    const char* group = *age < 19 ? "children" : (*age >= 65 && !asks_amount) ? "older-adults" : "adults";
    // (A pregnant or breastfeeding woman's age says which row of the pregnancy amounts applies, not "adults".)
    const bool pregnant_adult = contains(own_topics, "pregnancy") && std::string(group) == "adults"sv;
    if (kb.concepts().get(group) && !contains(own_topics, group) && !pregnant_adult) own_topics.push_back(group);
    // A single age decides between child and adult: "a 15 yr old guy" is a teenager, "my son is 25" an adult.
    // (With two ages, "I'm 35 and my son is 8", each word keeps its group. An older adult is still an adult.)
    auto drop = [&](const char* other) {
      own_topics.erase(std::remove(own_topics.begin(), own_topics.end(), other), own_topics.end());
    };
    if (ages_named(a.words) == 1) {
      if (*age < 19) {
        drop("adults");
        drop("older-adults");
      } else {
        drop("children");
      }
    }
  }
  // "I've been on omeprazole for two years. Should I be worried about my magnesium?" asks what the medicine does to
  // it, which the medicine's entry says, not when to see a doctor in general.
  // (Also when the medicine was named just before: "I've been on omeprazole for two years. Should I be worried...")
  if (own_aspects.size() == 1 && own_aspects[0] == "see-doctor"sv &&
      (std::any_of(own_topics.begin(), own_topics.end(), is_medicine) ||
       std::any_of(previous.topics.begin(), previous.topics.end(), is_medicine)))
    own_aspects.clear();
  // A pregnant or breastfeeding woman's amounts are the pregnancy amounts, whatever her age ("What's the RDA for a
  // pregnant woman aged 35?").
  if (contains(own_topics, "pregnancy"))
    own_topics.erase(std::remove_if(own_topics.begin(), own_topics.end(),
                                    [](const std::string& t) { return t == "adults"sv || t == "older-adults"sv; }),
                     own_topics.end());
  // "I'm on cisplatin. Is low magnesium a known side effect?": a side effect of a medicine that is a condition is
  // what the medicine causes.
  if (contains(own_aspects, "side-effects") && std::any_of(own_topics.begin(), own_topics.end(), is_medicine) &&
      std::any_of(own_topics.begin(), own_topics.end(), is_condition) && !contains(own_aspects, "causes"))
    *std::find(own_aspects.begin(), own_aspects.end(), "side-effects") = "causes";
  // "Pumpkin seeds versus chia seeds?", "how much is in bone versus serum?" compare foods or places, not low and
  // high magnesium: without a condition named, a comparison beside another aspect is that aspect's.
  // ("What's the difference between citrate and oxide?" still compares: "what is" asks nothing else.)
  const bool asks_another_aspect = std::any_of(own_aspects.begin(), own_aspects.end(), [](const std::string& asp) {
    return asp != "comparison"sv && asp != "definition"sv;
  });
  // (Its words, "vs", are then not searched for either: "what decides how much you keep vs pee out?")
  // (But forms of magnesium asked apart - "whats the difference between magnesium citrate and oxide, which one gives
  // you the runs" - are two asks, the comparison of the forms and the other: blind set b481.)
  // (Asked as "what's the difference between...", at the start: not "any difference in side effects between...", nor
  // "does it make a difference if...". Review 2026-12-01.)
  const auto difference_at = std::find(raw_words.begin(), raw_words.end(), "difference");
  const bool asks_difference_of_forms =
      contains(own_topics, "magnesium-forms") && difference_at != raw_words.end() &&
      difference_at - raw_words.begin() <= 3 && difference_at + 1 != raw_words.end() && difference_at[1] == "between"sv;
  bool comparison_set_aside = false;
  if (contains(own_aspects, "comparison") && asks_another_aspect && !asks_difference_of_forms &&
      std::none_of(own_topics.begin(), own_topics.end(), is_condition)) {
    own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "comparison"));
    comparison_set_aside = true;
  }
  // "Men vs women, who needs more?", "Crohn's vs celiac", "magnesium vs calcium", "Maalox vs milk of magnesia"
  // compare two groups, disorders, minerals or medicines: the entries on those answer, not the one comparing low and
  // high magnesium, unless the question names both conditions ("low vs high magnesium in older adults"). (Forms of
  // magnesium compared, "citrate vs oxide", keep the comparison: the entry comparing forms answers them.)
  const bool names_both_conditions = contains(own_topics, "hypomagnesemia") && contains(own_topics, "hypermagnesemia");
  const bool names_another_subject = std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
    return is_specific_topic(t) && !is_condition(t) && !is_magnesium_product(t) && t != "blood-test"sv;
  });
  if (contains(own_aspects, "comparison") && names_another_subject && !names_both_conditions)
    own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "comparison"));
  // "Early vs late manifestations of Mg toxicity", "mild versus severe low magnesium": two stages of one condition
  // compared are that condition's signs by stage, not low against high magnesium.
  static const WordSet kStages = {"early", "late", "later", "mild", "severe", "moderate", "first",
                                  "advanced"};
  // (Its words, "vs", are then not searched for either: below.)
  const bool compares_stages =
      contains(own_aspects, "comparison") && !names_both_conditions &&
      std::any_of(own_topics.begin(), own_topics.end(), is_condition) &&
      std::count_if(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kStages.count(w) > 0; }) >= 2;
  if (compares_stages) own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "comparison"));
  // "Can low magnesium cause tiredness?" names the cause itself, before "cause": it asks what the condition does
  // (symptoms). "What causes high magnesium, and what are the symptoms?" asks both.
  auto position = [&](const std::string& id) {
    auto it = first_position.find(id);
    return it == first_position.end() ? meaningful.size() : it->second;
  };
  const size_t condition_at = std::min(position("hypomagnesemia"), position("hypermagnesemia"));
  // The word of causing then says nothing to search by: "What causes high magnesium?" is not a better answer to
  // "does high magnesium cause low blood pressure?" for sharing "cause".
  std::vector<bool> said_nothing_to_search(meaningful.size(), false);
  for (const size_t k : diagnosis_told_at) said_nothing_to_search[k] = true;
  for (const size_t k : ruled_out_at) said_nothing_to_search[k] = true;
  if (compares_stages || comparison_set_aside)
    for (size_t i = 0; i < meaningful.size(); ++i)
      if (concept_of_word[i] == "comparison"sv) said_nothing_to_search[i] = true;
  // "What about food instead?": "instead" there only says the food takes the place of what came before (but "instead
  // of pills" names what is set aside, and is read with it).
  for (size_t i = 0; i < meaningful.size(); ++i)
    if (meaningful[i] == "instead"sv && (i + 1 == meaningful.size() || meaningful[i + 1] != "of"sv))
      said_nothing_to_search[i] = true;
  auto drop_causes_for_symptoms = [&] {
    own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "causes"));
    if (!contains(own_aspects, "symptoms")) own_aspects.push_back("symptoms");
    for (size_t i = 0; i < meaningful.size(); ++i)
      if (concept_of_word[i] == "causes"sv) said_nothing_to_search[i] = true;
  };
  // "Does spironolactone raise magnesium?" asks what a medicine does to the level (the entry on the medicine), not
  // how to raise a low one: "raise" there is no treatment.
  const bool names_a_medicine = std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
    return is_medicine(t) && t != "medicines"sv;
  });
  if (contains(own_aspects, "treatment") && !meaningful.empty() && kAsksWhether.count(meaningful[0]) &&
      names_a_medicine) {
    static const WordSet kRaising = {"raise", "increase", "up", "get", "my", "magnesium"};
    bool only_raising = true;
    for (size_t i = 0; i < meaningful.size(); ++i)
      if (concept_of_word[i] == "treatment"sv && !kRaising.count(meaningful[i])) only_raising = false;
    if (only_raising) own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "treatment"));
  }
  // "How do I raise my magnesium if I'm on a diuretic?", "trying to fix my magnesium with food": a level to be raised
  // or fixed is low (not the treatment of a high one, which the diuretic's name would otherwise pick). (Not "can
  // antacids raise magnesium?", which asks whether they make it high.)
  if (contains(own_aspects, "treatment") && std::none_of(own_topics.begin(), own_topics.end(), is_condition) &&
      !meaningful.empty() && !kAsksWhether.count(meaningful[0]) &&
      kb.concepts().get("hypomagnesemia")) {
    static const WordSet kRaise = {"raise", "increase", "boost"};
    // (To fix or restore something else is no level raised: "how do I fix my wifi?", "pills don't fix it".)
    static const WordSet kFix = {"fix", "restore", "replenish"};
    const auto fixes_magnesium = [&](size_t i) {
      if (!kFix.count(meaningful[i])) return false;
      for (size_t k = i + 1; k < meaningful.size() && k <= i + 2; ++k)
        if (meaningful[k] == "magnesium"sv) return true;
      return false;
    };
    for (size_t i = 0; i < meaningful.size(); ++i)
      if (concept_of_word[i] == "treatment"sv && (kRaise.count(meaningful[i]) || fixes_magnesium(i))) {
        own_topics.push_back("hypomagnesemia");
        first_position.emplace("hypomagnesemia", i);
        break;
      }
  }
  // But a second ask joined after the condition asks for its causes: "what are the symptoms of high magnesium and
  // what causes it?", "symptoms of low magnesium and the causes".
  const bool causes_asked_apart = [&] {
    static const WordSet kJoins = {"and", "also", "plus"};
    static const WordSet kAsks = {"what", "whats", "which", "how", "why", "who", "where", "when",
                                  "is",   "are",   "does",  "do",  "can", "the", "its"};
    const size_t cause_at = position("causes");
    for (size_t k = condition_at; k + 1 < meaningful.size() && k < cause_at; ++k)
      if (kJoins.count(meaningful[k]) && (kAsks.count(meaningful[k + 1]) || k + 1 == cause_at)) return true;
    return false;
  }();
  if (condition_at < position("causes") && position("causes") < meaningful.size() && contains(own_aspects, "symptoms") &&
      !causes_asked_apart)
    drop_causes_for_symptoms();
  // So does "does low magnesium mess with your mood?", where what it may cause is not a word of symptoms: a
  // condition, then a word of causing, then what is caused. Not when what follows only points back ("low
  // magnesium, what causes it?") or names the agent ("caused by PPIs"), nor for "why" or "because".
  const bool condition_causes_something = [&] {
    const size_t cause_at = position("causes");
    if (!(condition_at < cause_at && cause_at < meaningful.size()) || contains(own_aspects, "symptoms")) return false;
    // (What low magnesium does to another mineral is the entry on the two: "does low magnesium cause low potassium?")
    if (std::any_of(own_topics.begin(), own_topics.end(),
                    [](const std::string& t) { return is_related_mineral(t) || t == "electrolytes"sv; }))
      return false;
    static const WordSet kAsksWhy = {"why", "reason", "reasons", "because", "due"};
    if (kAsksWhy.count(meaningful[cause_at])) return false;
    size_t after = cause_at;
    while (after < meaningful.size() && concept_of_word[after] == "causes"sv) ++after;
    if (after < meaningful.size() && meaningful[after] == "by"sv) return false;
    // ("is low magnesium common with coeliac disease?": the condition is common with a cause named after it.)
    if (std::find(meaningful.begin() + static_cast<std::ptrdiff_t>(cause_at),
                  meaningful.begin() + static_cast<std::ptrdiff_t>(after), "common") !=
        meaningful.begin() + static_cast<std::ptrdiff_t>(after))
      return false;
    // ("hypomagnesemia causes list": a list of the causes.)
    static const WordSet kNothingCaused = {"it",    "its",  "this", "that", "them",
                                           "these", "those", "list", "pls", "please"};
    // (What is caused may be the condition itself, or the result that showed it, told before: "my magnesium was low.
    // what causes low magnesium?", "...said my magnesium was low on my bloodwork. what usually causes a low result?"
    // ask its causes.)
    static const WordSet kResult = {"result", "results", "reading", "readings"};
    const auto names_condition_or_result = [&](size_t i) {
      return is_condition(concept_of_word[i]) || concept_of_word[i] == "blood-test"sv || kResult.count(meaningful[i]);
    };
    for (size_t i = after; i < meaningful.size(); ++i)
      if (!is_stopword(meaningful[i]) && !kNothingCaused.count(meaningful[i])) {
        // (The first word named says what is caused: "does low mag cause seizures?? my daughter's bloodwork showed
        // low magnesium" asks about seizures.)
        if (names_condition_or_result(i)) return false;
        static const WordSet kLevel = {"low", "high", "abnormal", "bad"};  // ("a low result")
        if (kLevel.count(meaningful[i]) && i + 1 < meaningful.size() && names_condition_or_result(i + 1)) return false;
        return true;
      }
    // (After a story, "that" points at what the story told: "Brain fog, feeling anxious lately. Does low magnesium
    // cause that kind of thing?")
    static const WordSet kPointsBack = {"that", "this", "these", "those", "them"};
    if (previous.told_in_same_message && after < meaningful.size() && kPointsBack.count(meaningful[after]))
      return true;
    // ("What does low magnesium cause?": what is caused is what "what" asks.)
    static const WordSet kMay = {"does", "do", "can", "could", "will", "would", "might", "may"};
    return after == meaningful.size() && meaningful.size() > 2 && meaningful[0] == "what"sv && kMay.count(meaningful[1]);
  }();
  if (condition_causes_something && !causes_asked_apart) drop_causes_for_symptoms();
  // The same asked the other way round: "could my exhaustion and weakness be from low magnesium?", "are my cramps
  // due to low magnesium?" name what is caused, then the condition after the word of causing. Not when what stands
  // before it is a topic of its own ("could my low magnesium be caused by omeprazole?" has the condition first).
  const bool caused_by_condition = [&] {
    const size_t cause_at = position("causes");
    if (!(cause_at < condition_at && condition_at < meaningful.size()) || contains(own_aspects, "symptoms"))
      return false;
    // (Only a word of being caused: "be from", "due to", "because of", "caused by"; not "the most common causes
    // of hypomagnesemia".)
    size_t after = cause_at;
    while (after < meaningful.size() && concept_of_word[after] == "causes"sv) ++after;
    const std::string& last = meaningful[after - 1];
    const bool is_caused = last == "from"sv || last == "to"sv ||
                           (last == "of"sv && after - cause_at >= 2 && meaningful[after - 2] == "because"sv) ||
                           (after < meaningful.size() && meaningful[after] == "by"sv);
    if (!is_caused) return false;
    if (std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
          return is_medicine(t) || is_related_mineral(t) || t == "electrolytes"sv;
        }))
      return false;
    static const WordSet kNothingNamed = {"could", "can", "might", "may", "would", "will", "is",
                                          "are",   "my",  "his",   "her", "their", "it", "that",
                                          "this",  "these", "those", "be", "all", "so"};
    // (A sign may be a word of a concept: "cramps", "palpitations".)
    static const WordSet kSigns = {"muscles", "symptoms", "heart"};
    for (size_t i = 0; i < cause_at; ++i)
      if ((concept_of_word[i].empty() || kSigns.count(concept_of_word[i])) && !is_stopword(meaningful[i]) &&
          !kNothingNamed.count(meaningful[i]))
        return true;
    return false;
  }();
  if (caused_by_condition && !causes_asked_apart) drop_causes_for_symptoms();
  // "Why am I always tired, could it be magnesium?" asks whether a symptom comes from magnesium (symptoms), not
  // what causes a magnesium problem: "why" alone does not ask for causes next to a symptom, unless a condition
  // is named ("why is my magnesium low?").
  const bool cause_only_from_why = [&] {
    bool any = false;
    for (size_t i = 0; i < meaningful.size(); ++i)
      if (concept_of_word[i] == "causes"sv) {
        if (meaningful[i] != "why"sv) return false;
        any = true;
      }
    return any;
  }();
  if (cause_only_from_why && contains(own_aspects, "symptoms") && condition_at == meaningful.size())
    own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "causes"));
  // Nor of magnesium alone: "what exactly is magnesium and why do people talk about it so much?" asks what it is.
  else if (cause_only_from_why && condition_at == meaningful.size() && contains(own_topics, "magnesium") &&
           std::none_of(own_topics.begin(), own_topics.end(), is_specific_topic) && own_aspects.size() >= 2)
    own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "causes"));
  // "What else can it cause?" after a question about low magnesium: the "it" before "cause" is the condition, so
  // what is asked is what the condition does (symptoms), as in "can low magnesium cause cramps?" - not what
  // causes it ("what causes it?").
  if (contains(own_aspects, "causes") && condition_at == meaningful.size() &&
      std::count_if(previous.topics.begin(), previous.topics.end(), is_condition) == 1) {
    auto first_of = [&](auto&& matches) {
      return std::find_if(a.words.begin(), a.words.end(), matches) - a.words.begin();
    };
    const auto pronoun_at = first_of([](const std::string& w) { return w == "it"sv || w == "that"sv || w == "this"sv; });
    const auto cause_at = first_of([](const std::string& w) { return w == "cause"sv || w == "causes"sv; });
    // (Not when "it" is what is caused: "what about medicines that cause it?" asks for causes, and its "that" is
    // the medicines.)
    const bool condition_is_caused =
        cause_at < static_cast<long>(a.words.size()) &&
        std::any_of(a.words.begin() + cause_at + 1, a.words.end(), [](const std::string& w) { return w == "it"sv; });
    if (pronoun_at < cause_at && cause_at < static_cast<long>(a.words.size()) && !condition_is_caused) {
      own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "causes"));
      if (!contains(own_aspects, "symptoms")) own_aspects.push_back("symptoms");
    }
  }
  // "Can magnesium make problem with antibiotic?", "can magnesium cause issues with my antibiotics": trouble with a
  // named medicine is how the two interact, which the entry on that medicine answers, not something magnesium
  // causes. (Not "problems with my kidneys": an organ is not something taken.)
  {
    static const WordSet kTrouble = {"problem", "problems", "issue", "issues", "trouble"};
    bool trouble_with = false;
    for (size_t i = 0; i + 1 < raw_words.size(); ++i)
      trouble_with = trouble_with || (kTrouble.count(raw_words[i]) && raw_words[i + 1] == "with"sv);
    const bool names_medicine_taken = std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
      return is_medicine(t) && t != "medicines"sv;
    });
    if (trouble_with && names_medicine_taken && !contains(own_aspects, "interactions")) {
      if (contains(own_aspects, "causes")) own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "causes"));
      own_aspects.push_back("interactions");
    }
  }
  // "Does low or high magnesium cause an irregular heartbeat?", "is that from too little or too much?": one of the
  // two conditions, asked which, is answered by the entry that sets them side by side.
  if (contains(own_topics, "hypomagnesemia") && contains(own_topics, "hypermagnesemia") &&
      contains(raw_words, std::string("or")) && !contains(own_aspects, "comparison"))
    own_aspects.push_back("comparison");
  // "Can vomiting and diarrhoea make you lose magnesium?": diarrhea that lowers magnesium is a cause, not a side
  // effect of something taken (as in "can magnesium citrate give you diarrhea?").
  if (contains(own_aspects, "side-effects") && contains(own_aspects, "causes") &&
      contains(own_topics, "hypomagnesemia") &&
      std::none_of(own_topics.begin(), own_topics.end(),
                   [](const std::string& t) { return is_medicine(t) || is_magnesium_product(t); }))
    own_aspects.erase(std::find(own_aspects.begin(), own_aspects.end(), "side-effects"));
  // "Is 500 mg too much?" asks about amounts; "I take 200 mg, should I take it with food?" asks about food.
  // (Not the dose of a medicine named right before it: "hctz 25mg every day for like 5 years... should i be worried
  // about my mg" asks what the medicine does to magnesium.)
  const bool amounts_are_medicine_doses =
      !words_before_amounts.empty() &&
      std::all_of(words_before_amounts.begin(), words_before_amounts.end(), [&](const std::string& before) {
        if (before.empty()) return false;
        const auto found = kb.concepts().find_with_positions(std::vector<std::string>{before});
        return std::any_of(found.begin(), found.end(), [](const auto& f) { return is_medicine(f.id); });
      });
  if (names_amount && own_aspects.empty() && !amounts_are_medicine_doses) own_aspects.push_back("intake");
  // "cashews magnesium per ounce", "edamame magnesium?", "does soymilk have any magnesium in it?", "black beans good
  // for magnesium?": one food named by name, with magnesium, asks how much of it that food has (an amount the food
  // list gives), not which foods have it. (Not "what foods besides nuts...": a kind of food asks for a list.)
  // (kFoodsWithAmounts: the foods kb/faq/food-magnesium-amounts.md lists; a food it does not list gets the list of
  // rich foods, as before.)
  // (Only of magnesium alone: "my toddler drinks a lot of milk, does it have much magnesium?" is about what a child
  // needs, "do I need a pill or can I just eat almonds?" about supplements.)
  if (own_aspects == std::vector<std::string>{"foods"} && own_topics == std::vector<std::string>{"magnesium"}) {
    static const WordSet kFoodsWithAmounts = {
        "cashews", "cashew",  "edamame", "soymilk", "almonds", "almond",   "peanuts", "peanut", "spinach",
        "potato",  "potatoes", "yogurt", "oatmeal", "banana",  "bananas", "salmon",  "halibut", "raisins",
        "chia",    "pumpkin", "rice",    "beans"};
    static const WordSet kAsksForList = {"food", "foods", "which", "what", "list", "best", "top",
                                         "most", "sources", "source", "besides", "other", "else"};
    const bool names_a_food = std::any_of(meaningful.begin(), meaningful.end(),
                                          [](const std::string& w) { return kFoodsWithAmounts.count(w) > 0; });
    const bool asks_for_list = std::any_of(raw_words.begin(), raw_words.end(),
                                           [](const std::string& w) { return kAsksForList.count(w) > 0; });
    if (names_a_food && !asks_for_list && kb.concepts().get("intake")) own_aspects.push_back("intake");
  }
  // "What if I don't get enough?", "and if my magnesium is high?": a condition supposed, and nothing else asked of
  // it, asks what it does (symptoms) - not what the last question asked ("what does magnesium do for the muscles?").
  const auto begins_with = [&](std::initializer_list<const char*> opening) {
    if (meaningful.size() < opening.size()) return false;
    return std::equal(opening.begin(), opening.end(), meaningful.begin(),
                      [](const char* o, const std::string& w) { return w == o; });
  };
  const bool supposes_condition =
      begins_with({"what", "if"}) || begins_with({"and", "what", "if"}) || begins_with({"and", "if"});
  if (own_aspects.empty() && supposes_condition && condition_at < meaningful.size())
    own_aspects.push_back("symptoms");
  // "My calves cramp up at night, could I be low on magnesium?": whether one has the condition is told by its signs,
  // when a sign is all the message tells (not a cause: "I've had diarrhea for weeks, could I be low?").
  static const WordSet kSigns = {"muscles", "heart"};
  const bool offers_other_mineral =
      contains_phrase(a.words, {"or", "low"}) || contains_phrase(a.words, {"or", "high"});
  const bool tells_only_signs =
      std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) { return kSigns.count(t) > 0; }) &&
      std::all_of(own_topics.begin(), own_topics.end(), [offers_other_mineral](const std::string& t) {
        // (Whose signs they are is no subject of its own: "my 8 year old wakes up crying with leg cramps at night";
        // nor another mineral offered as the other cause: "leg cramps all the time - is that low magnesium or low
        // potassium??")
        return kSigns.count(t) > 0 || is_condition(t) || !is_specific_topic(t) || is_group_of_people(t) ||
               (is_related_mineral(t) && offers_other_mineral);
      });
  if (own_aspects.empty() && tells_only_signs && std::any_of(own_topics.begin(), own_topics.end(), is_condition) &&
      (contains_phrase(a.words, {"could", "i", "be"}) || contains_phrase(a.words, {"might", "i", "be"}) ||
       contains_phrase(a.words, {"am", "i"}) || contains_phrase(a.words, {"could", "i", "have"}) ||
       contains_phrase(a.words, {"do", "i", "have"}) || contains_phrase(a.words, {"will", "i", "get"}) ||
       contains_phrase(a.words, {"would", "i", "get"}) || contains_phrase(a.words, {"do", "you", "get"}) ||
       // ("...could low magnesium be part of it?", "...be behind it?", "...play a role?")
       contains_phrase(a.words, {"be", "part", "of"}) || contains_phrase(a.words, {"be", "behind"}) ||
       contains_phrase(a.words, {"be", "involved"}) || contains_phrase(a.words, {"play", "a", "part"}) ||
       contains_phrase(a.words, {"play", "a", "role"}) || contains_phrase(a.words, {"be", "a", "factor"}) ||
       contains_phrase(a.words, {"be", "the", "cause"}) || contains_phrase(a.words, {"be", "causing"})))
    own_aspects.push_back("symptoms");  // (and "so if im low will i get cramps?")
  // "leg cramps magnesium?", "waking up with leg cramps every night... magnesium?": a muscle sign named beside magnesium,
  // and nothing asked of it, asks whether the sign comes from magnesium (its signs), not what supplements do.
  // (Not one that asks whether magnesium is safe: "24 weeks pregnant with bad leg cramps, is magnesium safe in
  // pregnancy?")
  if (own_aspects.empty() && tells_only_signs && contains(own_topics, "muscles") && contains(own_topics, "magnesium") &&
      !contains(raw_words, std::string("safe")) &&
      !asks_benefit(a.words))
    own_aspects.push_back("symptoms");
  // "Can I take 1000 mg a day?" already says how much: it asks whether that amount is safe, which the upper
  // limit answers, not how much is recommended.
  const QuestionForm form = form_of_question(raw_words);
  const bool asks_leave_to_take = form.asks_leave_to_take;
  a.asks_permission = form.asks_permission;
  if (names_amount && asks_leave_to_take && contains(own_aspects, "intake") && !contains(own_aspects, "upper-limit"))
    *std::find(own_aspects.begin(), own_aspects.end(), "intake") = "upper-limit";
  // "how much magnesium can she take a day from supplements?", "im 15, how much can i take in pills": how much may be
  // taken as pills is the supplement limit (65 mg at 1 to 3 years, 110 mg at 4 to 8, 350 mg from 9), not the
  // recommended amount, which counts food too and for some ages is above the limit.
  static const WordSet kCanTake = {"can", "could", "may"};
  static const WordSet kPillWords = {"pills", "pill", "tablets", "tablet", "supplements", "supplement", "capsules",
                                     "gummies", "tabs"};
  // (The "can" within six words after "how much": far from it, in a question of its own, the limit is asked beside
  // the recommended amount - "How much magnesium does a 45 year old woman need per day? And what's the most I can
  // safely take from pills?", blind set b486 - and both are answered.)
  bool asks_how_much_may_be_taken_as_pills = false, asked_beside_amount = false;
  size_t how_at = raw_words.size();
  for (size_t i = 0; i + 1 < raw_words.size() && how_at == raw_words.size(); ++i)
    if (raw_words[i] == "how"sv && (raw_words[i + 1] == "much"sv || raw_words[i + 1] == "many"sv)) how_at = i;
  if (how_at < raw_words.size())
    for (size_t i = 0; i + 2 < raw_words.size(); ++i)
      for (size_t k = i + 2; kCanTake.count(raw_words[i]) && k < raw_words.size() && k <= i + 5; ++k)
        if ((raw_words[k] == "take"sv || raw_words[k] == "have"sv || raw_words[k] == "give"sv) &&
            std::any_of(raw_words.begin() + static_cast<long>(k), raw_words.end(),
                        [](const std::string& w) { return kPillWords.count(w) > 0; })) {
          const bool near = i > how_at && i - how_at <= 6;
          asks_how_much_may_be_taken_as_pills = asks_how_much_may_be_taken_as_pills || near;
          asked_beside_amount = asked_beside_amount || !near;
        }
  if (asks_how_much_may_be_taken_as_pills && contains(own_aspects, "intake") && !contains(own_aspects, "upper-limit"))
    *std::find(own_aspects.begin(), own_aspects.end(), "intake") = "upper-limit";
  else if (asked_beside_amount && contains(own_aspects, "intake") && !contains(own_aspects, "upper-limit"))
    own_aspects.push_back("upper-limit");
  // So does "is that too much?" about supplements taken ("...electrolyte tabs with magnesium AND a separate mag
  // supplement is that too much?"): the limit for supplements answers. (Not about a blood result: "my blood
  // magnesium came back 2.9 mg/dl, is that too much?" asks about a high level.)
  const bool asks_if_taken_is_too_much =
      (contains_phrase(raw_words, {"that", "too", "much"}) || contains_phrase(raw_words, {"it", "too", "much"}) ||
       contains_phrase(raw_words, {"this", "too", "much"})) &&
      contains(own_topics, "supplements") && !contains(own_topics, "blood-test") &&
      std::none_of(raw_words.begin(), raw_words.end(),
                   [](const std::string& w) { return w == "blood"sv || w == "level"sv || w == "levels"sv || w == "result"sv; });
  if (asks_if_taken_is_too_much && !contains(own_aspects, "upper-limit")) own_aspects.push_back("upper-limit");
  // So does a child's "how much is too much?" ("my 6 year old gets tummy aches from her magnesium gummies, how much is
  // too much?"): the limits by age answer it, not an entry that gives only the adults' limit (safety review,
  // 2026-12-01, fifth).
  const bool asks_childs_limit =
      contains(own_topics, "children") &&
      (contains_phrase(raw_words, {"how", "much", "is", "too", "much"}) ||
       contains_phrase(raw_words, {"whats", "too", "much"}) || contains_phrase(raw_words, {"what", "is", "too", "much"}) ||
       contains_phrase(raw_words, {"how", "many", "is", "too", "many"}) ||
       contains_phrase(raw_words, {"how", "much", "is", "safe"}));
  // (The limit alone: the effects told in the story are why it is asked, not a second question.)
  if (asks_childs_limit) own_aspects = {"upper-limit"};
  // "is 1000mg of magnesium glycinate too much", "im breastfeeding and taking 600mg magnesium a day, is that ok for
  // baby": an amount named and asked whether it is too much or all right is answered by the upper limit, not by what
  // high magnesium is or how the recommended amounts run (safety review, 2026-12-01).
  static const WordSet kAllRight = {"ok", "okay", "safe", "fine", "alright", "excessive", "overkill", "dangerous"};
  const bool asks_if_amount_is_too_much =
      names_amount && !names_test_result &&
      (contains_phrase(raw_words, {"too", "much"}) || contains_phrase(raw_words, {"too", "high"}) ||
       contains_phrase(raw_words, {"too", "many"}) ||
       std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kAllRight.count(w) > 0; })) &&
      !contains_phrase(raw_words, {"how", "much"}) && !contains_phrase(raw_words, {"how", "many"});
  // (An amount of a product: the limit for supplements, not whether food can give too much. "Is 500 mg of
  // magnesium too much?" is already answered by the limit, through high magnesium and the amount.)
  const bool names_product = std::any_of(own_topics.begin(), own_topics.end(), is_magnesium_product);
  if (asks_if_amount_is_too_much && (own_aspects.empty() || own_aspects == std::vector<std::string>{"intake"}) &&
      (names_product || !contains(own_topics, "hypermagnesemia"))) {
    own_aspects = {"upper-limit"};
    own_topics.erase(std::remove(own_topics.begin(), own_topics.end(), "hypermagnesemia"), own_topics.end());
    // (Kidneys said to be fine only tell the limit applies: "...1500mg three times a day. I'm 55 with normal kidneys.
    // Is that fine?" asks about the limit, not about kidneys and food.)
    static const WordSet kFine = {"normal", "healthy", "fine", "good"};
    const bool kidneys_fine =
        std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kFine.count(w) > 0; }) &&
        (contains(raw_words, std::string("kidneys")) || contains(raw_words, std::string("kidney")));
    if (kidneys_fine) own_topics.erase(std::remove(own_topics.begin(), own_topics.end(), "kidney"), own_topics.end());
  }
  // (So do they when the limit is asked in other words: "so if my kidneys are fine, can I take as much as I want?";
  // second blind probe of 2026-12-02.)
  if (contains(own_aspects, "upper-limit") && contains(own_topics, "kidney") &&
      (contains_phrase(raw_words, {"kidneys", "are", "fine"}) || contains_phrase(raw_words, {"kidneys", "are", "ok"}) ||
       contains_phrase(raw_words, {"kidneys", "are", "normal"}) ||
       contains_phrase(raw_words, {"kidneys", "are", "healthy"})))
    own_topics.erase(std::remove(own_topics.begin(), own_topics.end(), "kidney"), own_topics.end());
  // "pt on doxycycline is also taking milk of magnesia - problem?", "Taking cipro. I take magnesium citrate at
  // night, is that a problem?": a medicine and a magnesium product named together, and asked whether that is a
  // problem, ask how the two interact.
  const auto magnesium_product = [](const std::string& t) {
    return is_magnesium_product(t) || t == "laxatives"sv || t == "antacids"sv;
  };
  // (So does asking whether magnesium may be taken beside them: "my mum takes levothyroxine and furosemide, can she
  // take a magnesium supplement?" must bring the levothyroxine timing; fifth safety review, finding 9.)
  const bool asks_whether_to_take_it = asks_whether_one_may_take(raw_words);
  // (So does taking them "all together", whose "ok" reads as a limit: "I take furosemide, omeprazole, alendronate...
  // My daughter bought me magnesium glycinate. Is it ok to take them all together in the morning?")
  // (Or a magnesium product taken together with them: "mum takes risedronate, levothyroxine and magnesium glycinate
  // together at 7am"; safety re-check of the seventh review.)
  const bool asks_all_together =
      contains(raw_words, std::string("together")) &&
      (contains(raw_words, std::string("them")) || std::any_of(own_topics.begin(), own_topics.end(), magnesium_product)) &&
      std::all_of(own_aspects.begin(), own_aspects.end(),
                  [](const std::string& asp) { return asp == "upper-limit"sv || asp == "intake"sv || asp == "definition"sv; });
  // (Magnesium itself counts as the product when the message only asks whether it may be added or is safe beside
  // two or more of them (one alone is asked as before: "can i take my magnesium with doxycycline?"): "I take
  // furosemide, lisinopril and levothyroxine. Can I add magnesium?", "... Is it safe to take magnesium?" got "no
  // answer"; sixth safety review, finding 11. Not a question about an amount, which the limit answers: "I take Nexium.
  // Is 600 mg of magnesium a day ok?")
  const bool asks_only_whether_safe =
      own_aspects == std::vector<std::string>{"upper-limit"} && !names_amount &&
      (contains(raw_words, std::string("safe")) || contains(raw_words, std::string("ok")) ||
       contains(raw_words, std::string("okay")));
  if ((own_aspects.empty() || asks_all_together || asks_only_whether_safe) &&
      std::any_of(own_topics.begin(), own_topics.end(),
                  [](const std::string& t) { return is_medicine(t) && t != "medicines"sv; }) &&
      (std::any_of(own_topics.begin(), own_topics.end(), magnesium_product) ||
       (asks_all_together && contains(raw_words, std::string("magnesium"))) ||
       ((asks_whether_to_take_it || asks_only_whether_safe) && contains(raw_words, std::string("magnesium")) &&
        std::count_if(own_topics.begin(), own_topics.end(),
                       [](const std::string& t) { return is_medicine(t) && t != "medicines"sv; }) >= 2)) &&
      (asks_all_together || asks_whether_to_take_it ||
       std::any_of(raw_words.begin(), raw_words.end(),
                   [](const std::string& w) { return whether_trouble_words().count(w) > 0; })) &&
      kb.concepts().get("interactions"))
    own_aspects = {"interactions"};
  // "My dad (81) is on alendronate once a week ... he also takes a calcium-magnesium tablet every day. Anything he
  // should watch out for?": what to watch for when a named medicine and a magnesium product are taken together is
  // how the two interact, not the signs of too much magnesium (blind set b494).
  {
    static const WordSet kWatch = {"watch", "look"};
    bool watch_for = false;
    for (size_t i = 0; i + 1 < raw_words.size(); ++i)
      watch_for = watch_for || (kWatch.count(raw_words[i]) && (raw_words[i + 1] == "out"sv || raw_words[i + 1] == "for"sv));
    if (watch_for && !own_aspects.empty() &&
        std::all_of(own_aspects.begin(), own_aspects.end(),
                    [](const std::string& asp) { return asp == "symptoms"sv || asp == "risk-groups"sv; }) &&
        std::any_of(own_topics.begin(), own_topics.end(),
                    [](const std::string& t) { return is_medicine(t) && t != "medicines"sv; }) &&
        std::any_of(own_topics.begin(), own_topics.end(), magnesium_product) && kb.concepts().get("interactions"))
      own_aspects = {"interactions"};
  }
  // "Is magnesium citrate safe for kids?", "can my 6 year old take magnesium glycinate?": whether a supplement is
  // safe for a group of people (not adults in general) is answered by the upper limits by age, not by what the
  // form does.
  const bool asks_safe = contains(raw_words, std::string("safe")) || contains(raw_words, std::string("ok")) ||
                         contains(raw_words, std::string("okay")) || asks_leave_to_take;
  // (Only when it names nothing else: "my daughter has kidney disease, is it ok to give her magnesium?" asks
  // about the kidneys.)
  const auto young_group = [](const std::string& t) { return is_group_of_people(t) && t != "adults"sv; };
  if (own_aspects.empty() && asks_safe && std::any_of(own_topics.begin(), own_topics.end(), young_group) &&
      std::any_of(own_topics.begin(), own_topics.end(), is_magnesium_product) &&
      std::all_of(own_topics.begin(), own_topics.end(), [&](const std::string& t) {
        return t == "magnesium"sv || is_magnesium_product(t) || young_group(t);
      }))
    own_aspects.push_back("upper-limit");
  // "24 weeks pregnant with bad leg cramps, is magnesium safe in pregnancy?": whether it is safe in pregnancy, what
  // it would be taken for aside, is the pregnancy amounts and their limit.
  if (own_aspects.empty() && asks_safe && contains(own_topics, "pregnancy") && contains(own_topics, "muscles") &&
      contains(raw_words, std::string("magnesium")))
    own_aspects.push_back("intake");
  // "My dad has CKD, is magnesium ok for his leg cramps?", "kidney disease - is mag citrate fine?": whether magnesium
  // is safe with kidney disease is who must be careful with it, whatever it would be taken for.
  // (Not of a named medicine or product, whose own entry says what kidney disease changes: "stage 4 kidney disease
  // and heartburn - are antacids with magnesium ok?")
  bool asks_kidney_caution = false;
  // (Also when an amount is named: "I have kidney failure, is it ok to take 300mg for sleep?", "my gfr is 25, is
  // 350 mg magnesium ok" ask whether, not how much; "how much can I take?" is declined as that person's dose.)
  const bool names_a_number = std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) {
    return !w.empty() && std::isdigit(static_cast<unsigned char>(w[0]));
  });
  const bool asks_whether_amount_is_ok =
      !own_aspects.empty() && names_a_number && (asks_safe || form.asks_permission) &&
      !contains_phrase(raw_words, {"how", "much"}) && !contains_phrase(raw_words, {"how", "many"}) &&
      std::all_of(own_aspects.begin(), own_aspects.end(),
                  [](const std::string& asp) { return asp == "upper-limit"sv || asp == "intake"sv; });
  // (Not kidneys said to be fine: "my kidneys are healthy, is 400 mg of magnesium ok".)
  static const WordSet kFine = {"healthy", "normal", "fine", "good"};
  const bool kidneys_fine = std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) {
    return kFine.count(w) > 0;
  }) && (contains(raw_words, std::string("kidneys")) || contains(raw_words, std::string("kidney")));
  // (Also of the asker's own kidney disease told in an earlier turn, asked by the same person: "I'm 45 and I have
  // chronic kidney disease." - "can I take magnesium supplements to help me sleep?", blind set b492; not "My dad has
  // kidney failure." - "Can I take magnesium for sleep?".)
  static const WordSet kAsker = {"i", "im", "me", "my"};
  static const WordSet kOther = {"he", "she", "him", "her", "his", "son", "daughter", "dad", "mom", "mum", "husband",
                                 "wife", "healthy", "cat", "dog"};
  const bool own_kidney_disease_before = previous.own_kidney_disease_told &&
                                         std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kAsker.count(w) > 0; }) &&
                                         std::none_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kOther.count(w) > 0; });
  // (And someone else's told before, asked of "he" or "she" and not of the asker: "my husband has stage 4 kidney
  // disease" - "can he take magnesium to help him sleep?" got "no answer"; blind set b501.)
  static const WordSet kThirdPerson = {"he", "she", "him", "her", "his", "hes", "shes"};
  const bool others_kidney_disease_before =
      previous.kidney_disease_told && !previous.own_kidney_disease_told && kThirdPerson.contains_any(raw_words) &&
      !kAsker.contains_any(raw_words);
  if ((own_aspects.empty() || asks_whether_amount_is_ok) &&
      (contains(own_topics, "kidney") || own_kidney_disease_before || others_kidney_disease_before) && !kidneys_fine &&
      std::none_of(own_topics.begin(), own_topics.end(), has_own_kidney_advice) &&
      (std::any_of(own_topics.begin(), own_topics.end(),
                   [](const std::string& t) { return t == "magnesium"sv || is_magnesium_product(t); }) ||
       contains(raw_words, std::string("magnesium"))) &&
      (asks_safe || form.asks_permission || asks_whether_someone_should_take(raw_words) ||
       std::any_of(raw_words.begin(), raw_words.end(),
                   [](const std::string& w) { return whether_trouble_words().count(w) > 0; })) &&
      kb.concepts().get("caution")) {
    own_aspects = {"caution"};
    asks_kidney_caution = true;
  }
  // "what's the upper limit for magnesium supplements for adults" - "ok and my dad is on dialysis, same limit for
  // him?": the limit asked of someone with kidney disease is who must be careful, not the healthy limit (safety
  // review 2026-12-01, fourth).
  if (!asks_kidney_caution && own_aspects == std::vector<std::string>{"upper-limit"} && tells_kidney_disease(raw_words) &&
      std::none_of(own_topics.begin(), own_topics.end(), has_own_kidney_advice) && kb.concepts().get("caution")) {
    own_aspects = {"caution"};
    asks_kidney_caution = true;
  }
  // "How much magnesium do I need if I'm already on calcium?": a mineral the person says they take is what they
  // already do, not what they ask about, when they ask how much magnesium they need, which foods have it or who
  // runs low (not how the two go together).
  // (Only in a message that names magnesium: "I've been taking 150 mg of zinc a day" is about the zinc.)
  // So is one named beside foods only: "bananas are known for potassium, but do they have magnesium too?", "which
  // foods are good for both magnesium and potassium?" (the knowledge base lists foods for magnesium only).
  const bool asks_only_foods = own_aspects == std::vector<std::string>{"foods"};
  if (asks_of_magnesium_itself(own_aspects) && contains(own_topics, "magnesium") &&
      (asks_only_foods || !asks_of_two_together(raw_words)))
    own_topics.erase(std::remove_if(own_topics.begin(), own_topics.end(),
                                    [&](const std::string& t) {
                                      if (!is_related_mineral(t)) return false;
                                      const size_t at = position(t);
                                      bool taken = asks_only_foods;
                                      for (size_t back = 1; back <= 3 && back <= at && at < meaningful.size(); ++back)
                                        taken = taken || kTakingWords.count(meaningful[at - back]) > 0;
                                      // (Its words are then not searched for either.)
                                      for (size_t i = at; taken && i < meaningful.size() && concept_of_word[i] == t; ++i)
                                        said_nothing_to_search[i] = true;
                                      return taken;
                                    }),
                     own_topics.end());
  // A concept the message only tells as context is no topic or aspect of it, and its words are not searched for;
  // `and_after` also sets aside the words right after each of its own that are in that set.
  auto set_aside_own = [&](const std::string& id, const WordSet& and_after) {
    for (auto* list : {&own_topics, &own_aspects}) list->erase(std::remove(list->begin(), list->end(), id), list->end());
    for (size_t i = 0; i < meaningful.size(); ++i)
      if (concept_of_word[i] == id)
        for (size_t k = i; k < meaningful.size() && (k == i || and_after.count(meaningful[k])); ++k)
          said_nothing_to_search[k] = true;
  };
  // "Is magnesium a vitamin or a mineral? my kid asked", "my son asked me what magnesium does in the body": the
  // person who asked is not whom the question is about (unless the message speaks of them again: "my son asked
  // whether he can take it").
  {
    static const WordSet kAsked = {"asked", "asks", "asking", "wondered", "wondering", "wants",
                                   "wanted", "quizzed"};
    static const WordSet kBetween = {"was", "is", "keeps", "kept", "has", "had", "just", "been"};
    static const WordSet kOfThem = {"he", "she", "him", "her", "his", "they", "them", "their", "hes",
                                    "shes", "theyre"};
    const bool names_them_again = std::any_of(a.words.begin(), a.words.end(),
                                              [](const std::string& w) { return kOfThem.count(w) > 0; });
    if (!names_them_again &&
        std::any_of(a.words.begin(), a.words.end(), [](const std::string& w) { return kAsked.count(w) > 0; }))
      for (const auto& found : kb.concepts().find_with_positions(a.words)) {
        // (Someone else, named as "my son", "our kids": "I'm pregnant, wondering how much I need" asks of herself.)
        static const WordSet kWhoseOther = {"my", "our", "his", "her", "their"};
        if (!is_group_of_people(found.id) || !contains(own_topics, found.id)) continue;
        if (!kWhoseOther.count(a.words[found.start]) &&
            !(found.start > 0 && kWhoseOther.count(a.words[found.start - 1])))
          continue;
        size_t k = found.start + found.length;
        while (k < a.words.size() && kBetween.count(a.words[k])) ++k;
        if (k >= a.words.size() || !kAsked.count(a.words[k])) continue;
        // ("wants to know", not "wants to take")
        if ((a.words[k] == "wants"sv || a.words[k] == "wanted"sv) &&
            !(k + 2 < a.words.size() && a.words[k + 1] == "to"sv && a.words[k + 2] == "know"sv))
          continue;
        set_aside_own(found.id, {});
      }
  }
  // "My gran is 84 and has taken magnesium for years, which foods have it?": asked which foods, what the person has
  // been taking, and for how long, only tells who asks; those words are not searched (they matched the entry on
  // taking supplements with food).
  if (own_aspects == std::vector<std::string>{"foods"} &&
      (contains_phrase(raw_words, {"which", "foods"}) || contains_phrase(raw_words, {"what", "foods"}))) {
    static const WordSet kTold = {"taken", "taking", "took", "years", "year", "months", "ages"};
    for (size_t i = 0; i < meaningful.size(); ++i)
      if (kTold.count(meaningful[i])) said_nothing_to_search[i] = true;
  }
  // "How is magnesium deficiency treated, pills or an IV?", "how is low magnesium treated if pills aren't enough?":
  // pills named as a way of treating low magnesium are part of how it is treated, not a question about supplements.
  // (Not beside a medicine: "been on Nexium 3 years, can it lower my magnesium and will a supplement fix it?" asks
  // about the medicine's low magnesium, which its own entry answers.)
  if (own_aspects == std::vector<std::string>{"treatment"} && contains(own_topics, "hypomagnesemia") &&
      contains(own_topics, "supplements") &&
      std::none_of(own_topics.begin(), own_topics.end(), [](const std::string& t) { return is_medicine(t); }))
    set_aside_own("supplements", {});
  // "What are the signs my magnesium is low? I have ulcerative colitis", "Crohn's patient here, leg cramps at night...
  // could this be a magnesium thing?": the signs are asked; the gut disease the person has only tells why they ask
  // (the entries that name it are on who runs low, not on the signs).
  // (So is it beside foods: "celiac and gluten free, what gluten free foods have a lot of magnesium?")
  if (asks_only_signs_or_foods(own_aspects) && contains(own_topics, "gut-disorders") &&
      (contains(own_aspects, "foods") || std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
         return t == "magnesium"sv || is_condition(t);
       }))) {
    set_aside_own("gut-disorders", {"disease", "diseases"});  // ("celiac disease")
  }
  // (So does diabetes, when the signs alone are asked: "Im diabetic and get tingling in my fingers, can low magnesium
  // do that?" asks whether tingling is a sign of low magnesium.)
  // (Only diabetes told of the person: "is magnesium loss common with diabetes?" asks about diabetes.)
  const bool tells_is_diabetic = contains_phrase(raw_words, {"im", "diabetic"}) ||
                                 contains_phrase(raw_words, {"i'm", "diabetic"}) ||
                                 contains_phrase(raw_words, {"am", "diabetic"}) ||
                                 contains_phrase(raw_words, {"i", "have", "diabetes"}) ||
                                 contains_phrase(raw_words, {"a", "diabetic"}) ||
                                 // (of someone else: "My mother is diabetic and has tingling and numb feet")
                                 contains_phrase(raw_words, {"is", "diabetic"}) ||
                                 contains_phrase(raw_words, {"has", "diabetes"}) ||
                                 contains_phrase(raw_words, {"hes", "diabetic"}) ||
                                 contains_phrase(raw_words, {"shes", "diabetic"});
  if (own_aspects == std::vector<std::string>{"symptoms"} && contains(own_topics, "diabetes") && tells_is_diabetic &&
      std::any_of(own_topics.begin(), own_topics.end(), is_condition))
    set_aside_own("diabetes", {});
  // "What should I eat to get more magnesium, my legs keep cramping": which foods give magnesium is asked; the
  // cramps only tell why (no entry ties foods to a sign, and the entries on the signs do not list foods).
  if (own_aspects == std::vector<std::string>{"foods"} && tells_only_signs && contains(raw_words, std::string("magnesium")))
    for (const auto& sign : kSigns) set_aside_own(sign, {});
  // "Can I just eat a banana a day?", "which foods should I eat daily?": how often one eats a food asks which foods,
  // not how much magnesium is recommended (that takes "how much", an amount or a unit).
  // (Only when a food or eating is named: "who should get more magnesium each day?" asks an amount.)
  static const WordSet kHowOften = {"a", "day", "daily", "per", "each", "every"};
  static const WordSet kEating = {"eat", "eating", "ate", "food", "foods", "diet"};
  const bool names_eating = std::any_of(meaningful.begin(), meaningful.end(), [&](const std::string& w) {
    return kEating.count(w) > 0 || kb.is_food_name(light_stem(w));
  });
  if (contains(own_aspects, "foods") && contains(own_aspects, "intake") && names_eating) {
    bool says_how_often = false, says_more = false;
    for (size_t i = 0; i < meaningful.size(); ++i)
      if (concept_of_word[i] == "intake"sv) (kHowOften.count(meaningful[i]) ? says_how_often : says_more) = true;
    if (says_how_often && !says_more) set_aside_own("intake", {});
  }
  // "Can I take 800 mg of magnesium glycinate every night?" asks whether the amount is safe: the form only says
  // which magnesium, and the upper limit, the same for every form, answers (not the entries on forms). So does "I
  // take 300 mg of magnesium glycinate, is that over the limit?".
  if (names_amount && own_aspects == std::vector<std::string>{"upper-limit"} &&
      contains(own_topics, "magnesium-forms"))
    set_aside_own("magnesium-forms", {});
  // "Trying to fix my magnesium with food instead of pills", "can I get enough without supplements?", "ok forget
  // pills, what about food?", "my mother cant swallow any more pills": the pills set aside are not what is asked
  // about, the food is. (Pills within four words after a word that puts them aside.)
  if (contains(own_aspects, "foods") && contains(own_topics, "supplements")) {
    static const WordSet kPills = {"pills", "pill", "supplements", "supplement", "tablets", "capsules"};
    static const WordSet kPutOff = {"stop", "quit", "cant", "can't", "cannot", "hate", "rather"};
    bool pills_set_aside = false;
    for (size_t i = 0; i < raw_words.size(); ++i) {
      const bool puts_aside = (raw_words[i] == "of"sv && i > 0 && raw_words[i - 1] == "instead"sv) ||
                              (raw_words[i] == "than"sv && i > 0 && raw_words[i - 1] == "rather"sv) ||
                              raw_words[i] == "without"sv || kSetAside.count(raw_words[i]) > 0 ||
                              kPutOff.count(raw_words[i]) > 0;
      for (size_t k = i + 1; puts_aside && k < raw_words.size() && k <= i + 4; ++k)
        pills_set_aside = pills_set_aside || kPills.count(raw_words[k]) > 0;
    }
    if (pills_set_aside) {
      set_aside_own("supplements", {});
      // (So are the words that put them aside: "i hate swallowing pills" searched "hate" and "swallow".)
      static const WordSet kPuttingAside = {"hate",   "stop",  "quit",    "swallow", "swallowing",
                                            "taking", "buying", "stand", "rather", "add",
                                            "another", "pile"};
      for (size_t i = 0; i < meaningful.size(); ++i)
        if (kPuttingAside.count(meaningful[i])) said_nothing_to_search[i] = true;
    }
  }
  // "Can I take magnesium glycinate with my levothyroxine?", "...citrate with my doxycycline?": the form is only the
  // magnesium taken; the medicine it is taken with is the subject (its entry says how to time the two).
  const bool names_specific_medicine = std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
    return is_medicine(t) && t != "medicines"sv && t != "antacids"sv && t != "laxatives"sv;
  });
  if (names_specific_medicine && contains(own_topics, "magnesium-forms") && contains(raw_words, std::string("with")))
    own_topics.erase(std::find(own_topics.begin(), own_topics.end(), "magnesium-forms"));
  // "My son takes high dose zinc. Will that mess with his magnesium?": a dose named beside another mineral is that
  // mineral's, not an amount of magnesium asked, when something else is asked.
  const bool asks_besides_amount = std::any_of(own_aspects.begin(), own_aspects.end(), [](const std::string& asp) {
    return asp != "intake"sv && asp != "definition"sv;
  });
  if (contains(own_aspects, "intake") && asks_besides_amount) {
    const size_t dose_at = position("intake");
    const bool dose_of_other_mineral =
        dose_at < meaningful.size() && std::any_of(own_topics.begin(), own_topics.end(), [&](const std::string& t) {
          const size_t at = position(t);
          return is_related_mineral(t) && at < meaningful.size() && at > dose_at && at - dose_at <= 2;
        });
    if (dose_of_other_mineral) set_aside_own("intake", {});
  }
  // "Blood test says low magnesium, low calcium AND low potassium. How are they connected?": how magnesium ties to
  // the other minerals is asked; the test that found them only tells how the person knows.
  static const WordSet kAsksTie = {"connected", "connection", "linked", "link", "related",
                                   "relationship", "relate", "tied", "coincidence"};
  // ("calcium came back low and magnesium came back low too. does one cause the other?")
  bool asks_which_causes_which = false;
  for (const char* causing : {"cause", "causes", "causing"})
    asks_which_causes_which = asks_which_causes_which || contains_phrase(raw_words, {"one", causing, "the", "other"});
  const bool asks_tie_of_minerals =
      (std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kAsksTie.count(w) > 0; }) ||
       asks_which_causes_which) &&
      std::any_of(own_topics.begin(), own_topics.end(),
                  [](const std::string& t) { return t == "magnesium"sv || is_condition(t); }) &&
      std::any_of(own_topics.begin(), own_topics.end(), is_related_mineral);
  // (With the words that tell what it showed: "my bloodwork came back with...")
  static const WordSet kWhatTheTestShowed = {"came", "comes", "come",   "back",
                                             "says", "said",  "showed", "shows"};
  // (So does it for the signs of the condition it found: "Low magnesium result came back. I feel tired all the time,
  // is that from the magnesium?" asks whether the tiredness is a sign of low magnesium.)
  // (Not beside a cause named: "...magnesium high. I use milk of magnesia every day, could that be why?")
  const bool asks_signs_of_condition =
      own_aspects == std::vector<std::string>{"symptoms"} &&
      std::any_of(own_topics.begin(), own_topics.end(), is_condition) &&
      std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
        return !is_specific_topic(t) || is_condition(t) || t == "blood-test"sv || t == "muscles"sv || t == "heart"sv ||
               is_group_of_people(t);  // ("...my daughter's bloodwork showed low magnesium")
      });
  // ("Can you explain how magnesium and calcium are connected?": "explain" asks the tie, not what either is.)
  if (asks_tie_of_minerals && contains(own_aspects, "definition")) set_aside_own("definition", {});
  // (So does it beside a medicine the person takes: "my doc put me on furosemide last month and now my bloodwork
  // shows low mag. related?" asks whether the medicine lowered it, which the entry on that medicine answers.)
  const bool asks_if_medicine_explains_result =
      contains(own_topics, "blood-test") && std::any_of(own_topics.begin(), own_topics.end(), is_condition) &&
      std::any_of(own_topics.begin(), own_topics.end(),
                  [](const std::string& t) { return is_medicine(t) && t != "medicines"sv; }) &&
      std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
        return !is_specific_topic(t) || is_condition(t) || t == "blood-test"sv || is_medicine(t) || is_group_of_people(t);
      }) &&
      std::all_of(own_aspects.begin(), own_aspects.end(),
                  [](const std::string& asp) { return asp == "symptoms"sv || asp == "causes"sv || asp == "interactions"sv; }) &&
      // (Asked whether the one explains the other: not "came back 0.68 mmol/L, I'm on lansoprazole. is that low?")
      (!own_aspects.empty() || contains(raw_words, std::string("why")) ||
       std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kAsksTie.count(w) > 0; }));
  if ((asks_tie_of_minerals || asks_signs_of_condition || asks_if_medicine_explains_result) &&
      contains(own_topics, "blood-test"))
    set_aside_own("blood-test", kWhatTheTestShowed);
  // (Which of the two causes the other is how they are tied, not what causes low magnesium.)
  if (asks_tie_of_minerals && asks_which_causes_which) {
    if (contains(own_aspects, "causes")) set_aside_own("causes", {});
    for (size_t i = 0; i < meaningful.size(); ++i)  // (nor how the results were told: "came back low")
      if (kWhatTheTestShowed.count(meaningful[i])) said_nothing_to_search[i] = true;
  }
  // (And with the condition it found, when only how much someone of an age needs is asked: "my 15 yr old son's blood
  // test showed low magnesium. how much should a boy his age be getting" asks the amounts for his age.)
  // (A result told without naming the test counts too: "my son is 15 and his magnesium came back low on labs. how
  // much does a teenage boy need daily")
  // (Also "15 yo son, labs show borderline low mag. how much does a boy his age need per day", where "labs" reads
  // as a question about tests, and "whats the RDA for a woman my age", where "RDA" asks what it is.)
  static const WordSet kTellsResult = {"showed", "show", "shows", "labs", "lab", "bloodwork",
                                       "results", "result"};
  const bool tells_result = contains(own_topics, "blood-test") || contains_phrase(raw_words, {"came", "back"}) ||
                            contains_phrase(raw_words, {"comes", "back"}) ||
                            std::any_of(raw_words.begin(), raw_words.end(),
                                        [](const std::string& w) { return kTellsResult.count(w) > 0; });
  const bool asks_only_intake =
      contains(own_aspects, "intake") && std::all_of(own_aspects.begin(), own_aspects.end(), [](const std::string& asp) {
        return asp == "intake"sv || asp == "tests"sv || asp == "definition"sv;
      });
  // (And a deficiency named only as what the amount should avoid: "how much magnesium should adults get to avoid
  // deficiency" asks the amounts for adults, not how common a low intake is.)
  const bool names_deficiency_as_purpose = [&] {
    for (size_t i = 0; i + 1 < raw_words.size(); ++i)
      if ((raw_words[i] == "avoid"sv || raw_words[i] == "prevent"sv) &&
          (raw_words[i + 1] == "deficiency"sv || (i + 2 < raw_words.size() && raw_words[i + 2] == "deficiency"sv)))
        return true;
    return false;
  }();
  if (asks_only_intake && names_deficiency_as_purpose && contains(own_topics, "hypomagnesemia") &&
      std::any_of(own_topics.begin(), own_topics.end(), is_group_of_people))
    set_aside_own("hypomagnesemia", {});
  if (asks_only_intake && tells_result && std::any_of(own_topics.begin(), own_topics.end(), is_group_of_people)) {
    set_aside_own("blood-test", kWhatTheTestShowed);
    set_aside_own("tests", kWhatTheTestShowed);
    set_aside_own("hypomagnesemia", {});
    set_aside_own("hypermagnesemia", {});
  }
  // Every concept named is a term of its own, even when spelled with function words ("too much magnesium").
  for (const auto& id : own_topics)
    if (is_specific_topic(id)) a.terms.push_back({light_stem(normalize_text(id)), id});
  for (const auto& id : own_aspects)
    if (id != "definition"sv) a.terms.push_back({light_stem(normalize_text(id)), id});
  // Content words the knowledge base never uses (neither their stem nor the word itself; "untreated" is known
  // through "treated"): they say whether a message still continues the conversation (below).
  auto known = [&](const std::string& w, const std::string& stem) {
    return kb.key_id(stem) != kNoKey || kb.speller().knows(w);
  };
  std::vector<std::string> unknown_stems;
  for (size_t i = 0; i < meaningful.size(); ++i) {
    const std::string& w = meaningful[i];
    auto stems = content_stems({w});
    if (stems.empty() || said_nothing_to_search[i]) continue;
    a.stems.push_back(stems[0]);
    a.terms.push_back({stems[0], concept_of_word[i]});
    // (A word of a concept's phrase is known even when no entry uses it: "breakfast" asks about foods.)
    if (known(w, stems[0]) || !concept_of_word[i].empty()) continue;
    bool negation_known = false;
    for (const std::string prefix : {"un", "non"})
      if (starts_with(w, prefix) && w.size() > prefix.size() + 3) {
        const std::string rest = w.substr(prefix.size());
        const auto rest_stems = content_stems({rest});
        negation_known = negation_known || rest_stems.empty() || known(rest, rest_stems[0]);
      }
    if (!negation_known && !ends_with(w, "ly")) unknown_stems.push_back(stems[0]);  // ("chemically" says how)
  }
  const bool has_specific_topic = std::any_of(own_topics.begin(), own_topics.end(), is_specific_topic);
  // "mg" is also the unit: next to another subject ("how many mg of iron?") it does not name magnesium.
  const bool names_other_subject = rules.mentions_out_of_scope(a.words);
  auto names_magnesium_besides_units = [&](bool only_after_amounts) {
    static const WordSet kBeforeUnit = {"in", "many", "of", "per"};
    // (Beside another subject, "deficient in" and "what mineral" are said of that subject: "am I deficient in iron?")
    static const WordSet kOfAnySubject = {"deficient", "lacking", "deficiency", "mineral", "minerals"};
    std::vector<std::string> without_units;
    for (size_t i = 0; i < a.words.size(); ++i) {
      const std::string& w = a.words[i];
      if (!only_after_amounts && kOfAnySubject.count(w)) continue;
      const bool unit_here = is_amount_word(w) ||
                             (is_mass_unit(w) && (!only_after_amounts || (i > 0 && (is_number(a.words[i - 1]) ||
                                                                                     kBeforeUnit.count(a.words[i - 1])))));
      if (!unit_here) without_units.push_back(w);
    }
    return rules.mentions_in_scope(without_units);
  };
  // (Beside a related mineral only where it follows an amount or "in": "what's the daily zinc intake for men in
  // mg?", but "low mg calcium" names magnesium.)
  const bool names_magnesium_word = names_other_subject               ? names_magnesium_besides_units(false)
                                    : rules.mentions_related(a.words) ? names_magnesium_besides_units(true)
                                                                      : rules.mentions_in_scope(a.words) || names_amount;
  // (Beside another subject and without magnesium's own word, a medicine or product does not bring magnesium in:
  // "Does iron tablet cause constipation?" asks about iron, "Should I be taking iodine for an underactive thyroid?"
  // about iodine, not about laxatives or levothyroxine with magnesium.)
  // (Nor does the topic "magnesium" when the only word for it was a unit: "the daily zinc intake for men in mg".)
  const bool names_in_scope_topic =
      std::any_of(own_topics.begin(), own_topics.end(), [&](const std::string& id) {
        return rules.is_in_scope_topic(id) && (id != "magnesium"sv || names_magnesium_word);
      });
  const bool names_related = rules.mentions_related(a.words);
  // "Can I avoid being deficient just by eating right?": a deficiency named alone, in a chat about magnesium, is
  // magnesium's (not beside another subject: "am I deficient in iron?", "is low vitamin D a deficiency?").
  const bool names_only_a_deficiency =
      contains(own_topics, "hypomagnesemia") && !names_other_subject && !names_related;
  const bool names_scope =
      names_magnesium_word || ((names_in_scope_topic || names_only_a_deficiency) && !names_other_subject);
  a.names_magnesium = names_scope;
  a.about_magnesium_itself = only_asks_about_magnesium(without_fillers);
  a.names_amount = names_amount;
  a.asks_open_question = form.asks_open_question;
  a.asks_in_no_words = form.asks_in_no_words;
  const bool asks_a_question = form.asks_a_question;
  const bool names_medicine = std::any_of(own_topics.begin(), own_topics.end(), is_medicine);
  a.asks_what_to_do_after_swallowing = asks_what_to_do_after_swallowing(
      a.words,
      std::any_of(previous.topics.begin(), previous.topics.end(),
                  [](const std::string& t) {
                    return is_magnesium_product(t) || t == "epsom-salt"sv || t == "laxatives"sv || t == "antacids"sv;
                  }),
      contains(previous.topics, "children") && !contains(previous.topics, "adults"), kb.concepts());
  // (Also a medicine the knowledge base has no entry on, and taking it less often: "can I take my PPI every other
  // day instead?")
  // (Of the medicine, not of magnesium: "take it every other day", not "take my magnesium every other day".)
  bool takes_it_less_often = false;
  for (size_t i = 1; i + 2 < a.words.size(); ++i)
    takes_it_less_often = takes_it_less_often ||
                          (a.words[i] == "every"sv && a.words[i + 1] == "other"sv && a.words[i + 2] == "day"sv &&
                           (a.words[i - 1] == "it"sv || a.words[i - 1] == "them"sv || is_medicine_name(a.words[i - 1])));
  // (A medicine the knowledge base has no entry on is stopped only when named right after the word: "stop my
  // lisinopril", not "can magnesium stop my leg cramps? I'm on lisinopril".)
  auto stops_named_medicine = [&] {
    static const WordSet kStop = {"stop", "stopping", "quit", "quitting", "skip", "skipping", "discontinue", "off"};
    for (size_t i = 0; i < a.words.size(); ++i) {
      if (!kStop.count(a.words[i]) || stops_from_happening(a.words, i)) continue;
      for (size_t k = i + 1; k < a.words.size() && k <= i + 4; ++k)
        if (is_medicine_name(a.words[k]) || names_prescribed_medicine({a.words[k - 1], a.words[k]})) return true;
    }
    return false;
  };
  a.asks_to_stop_medicine =
      (names_medicine && (asks_to_stop(a.words) || asks_to_change_medicine(a.words) || takes_it_less_often)) ||
      (names_prescribed_medicine(a.words) && (stops_named_medicine() || asks_to_change_medicine(a.words) ||
                                              takes_it_less_often)) ||
                            ((message.find('?') != std::string::npos || asks_a_question) &&
                             asks_to_change_prescribed_dose(a.words, a.words));
  // (Supplements that "fix" low magnesium treat the deficiency itself, which the knowledge base covers; so does
  // "will magnesium supplements fix it?" after a medicine that lowers it: "does taking Nexium for years affect
  // minerals?")
  const bool previous_lowers_magnesium =
      contains(previous.topics, "hypomagnesemia") ||
      std::any_of(previous.topics.begin(), previous.topics.end(), is_medicine);
  a.asks_benefit = asks_benefit(a.words) && !contains(own_topics, "hypomagnesemia") &&
                   !(previous_lowers_magnesium && rules.has_follow_up_marker(raw_words));
  a.not_covered_stems =
      stems_to_mention(a.words, own_topics, kb, reasons_told_beside_question(message),
                       previous.told_in_same_message &&
                           std::any_of(previous.topics.begin(), previous.topics.end(), is_medicine),
                       &a.not_covered_subjects, words_told_before_asking_if_magnesium(message),
                       &a.uncovered_medicines);
  // "my eGFR is 22" tells kidney disease (tells_kidney_disease), which the knowledge base covers, though what an eGFR
  // is it does not (scope.yaml lists it as not covered).
  if (tells_kidney_disease(a.words)) {
    static const std::vector<std::string> kFiltrationStems = content_stems({"egfr", "gfr"});
    auto is_filtration = [&](const std::string& stem) { return contains(kFiltrationStems, stem); };
    a.not_covered_stems.erase(std::remove_if(a.not_covered_stems.begin(), a.not_covered_stems.end(), is_filtration),
                              a.not_covered_stems.end());
    a.not_covered_subjects.erase(
        std::remove_if(a.not_covered_subjects.begin(), a.not_covered_subjects.end(), is_filtration),
        a.not_covered_subjects.end());
  }
  // (What it would be taken for is not what is asked then: "My dad has stage 4 kidney disease. He read that magnesium
  // helps sleep and wants to buy some. Should he?" A dose asked for stays declined.)
  if (asks_kidney_caution && !rules.asks_personal_dose(a.words)) {
    const auto& dose_stems = personal_dose_stems();
    auto not_dose = [&](const std::string& stem) { return !contains(dose_stems, stem); };
    a.not_covered_stems.erase(std::remove_if(a.not_covered_stems.begin(), a.not_covered_stems.end(), not_dose),
                              a.not_covered_stems.end());
    a.not_covered_subjects.erase(
        std::remove_if(a.not_covered_subjects.begin(), a.not_covered_subjects.end(), not_dose),
        a.not_covered_subjects.end());
  }
  // "my 3 year old is constipated, is magnesium citrate a laxative?" - "how much can i give her": an amount given
  // against the constipation the last turn told is that child's dose.
  if (contains(previous.topics, "laxatives") && !contains(own_topics, "laxatives") &&
      std::none_of(own_topics.begin(), own_topics.end(), is_specific_topic) &&
      (contains(a.words, std::string("give")) || contains(a.words, std::string("giving"))) &&
      asks_amount_against_complaint(a.words, true) && !rules.asks_personal_dose(a.words))
    for (const auto& stem : personal_dose_stems()) {
      if (!contains(a.not_covered_stems, stem)) a.not_covered_stems.push_back(stem);
      if (!contains(a.not_covered_subjects, stem)) a.not_covered_subjects.push_back(stem);
    }
  const bool changes_subject = names_other_subject && !names_scope && !names_related;
  // (A dose of something else is a question outside magnesium: "how much iron should I take for my anemia?")
  const std::vector<std::string>& kDoseStems = personal_dose_stems();
  a.asks_personal_dose =
      !changes_subject &&
      (rules.asks_personal_dose(a.words) || std::all_of(kDoseStems.begin(), kDoseStems.end(), [&](const std::string& s) {
         return contains(a.not_covered_subjects, s);
       }));
  // "How much do I need a day? I'm a 40 year old man" names no mineral, but in a magnesium chat an amount asked
  // for a group of people can only mean magnesium.
  // (Not when another mineral is named: "the daily zinc intake for men in mg" asks about zinc.)
  const bool asks_amount_for_group =
      !changes_subject && !(names_related && !names_scope) &&
      (contains(own_aspects, "intake") || contains(own_aspects, "upper-limit")) &&
      std::any_of(own_topics.begin(), own_topics.end(), is_group_of_people);
  // So can a lab's range or units asked of with no mineral named: "My lab report says normal is 1.7-2.2 but a website
  // says 0.75 to 0.95. Which one is wrong??", "my lab report uses mmol/L but the chart uses mg/dL".
  // (Told by two limits of magnesium's reference ranges the knowledge base cites, or by both its units and no
  // result at all: a glucose of 5.5 mmol/L or a creatinine of 1.1 mg/dL is another analyte's, and stays outside.)
  static const WordSet kMagnesiumLimits = {"1.7", "2.2", "0.75", "0.95", "0.85", "1.10", "1.46", "2.68"};
  const auto limits_named = std::count_if(raw_words.begin(), raw_words.end(),
                                          [](const std::string& w) { return kMagnesiumLimits.count(w) > 0; });
  const bool names_both_units_only =
      std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return w == "mmol/l"sv || w == "mmol"sv; }) &&
      contains(raw_words, std::string("mg/dl")) &&
      std::none_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return is_number(w); });
  const bool asks_lab_range = !changes_subject && !names_related && contains(own_topics, "blood-test") &&
                              (limits_named >= 2 || names_both_units_only);

  // A follow-up continues an in-scope conversation: it refers back ("it", "and", "what about") or asks only
  // for an aspect ("who is at risk?"), and does not move to a subject outside the knowledge base.
  // "I have type 2 diabetes." - "Does that affect my magnesium?": a message that names magnesium and refers back
  // also continues a conversation whose previous message was not about magnesium, but named something the
  // knowledge base knows (its topics were kept).
  // (So does a question after a story in the same message that told only a symptom: "I keep getting pins and
  // needles. Can a lack of magnesium do that?")
  // (And a question that names only low or high magnesium continues a story told before it in the same message,
  // whose subject it asks about: "I've had the runs for weeks with my Crohn's. Could I be losing magnesium?")
  const bool refers_back_to_it = rules.has_follow_up_marker(raw_words);
  // (Signs told just before count too: "I've been feeling anxious and down for months" - "can magnesium deficiency
  // cause that?")
  const bool previous_told_signs = contains(previous.aspects, std::string("symptoms"));
  const bool brings_in_magnesium =
      names_scope && ((!previous.topics.empty() || previous_told_signs || previous.told_in_same_message) &&
                      (refers_back_to_it || (previous.told_in_same_message && names_only_conditions(own_topics))));
  // Without a word that refers back, a message using words the knowledge base never uses ("how to fix a flat
  // tire", "tell me a joke") has left the conversation rather than continued it. (Words of the phrase lists, such
  // as "else" in "what else?", are known: the spelling corrector knows them.)
  const bool uses_unknown_words = !unknown_stems.empty();
  // "Also, how do I fix a leaky kitchen faucet?", "Unrelated, but can you recommend a running shoe?": several words
  // the knowledge base never uses, or a word that says so, and nothing it knows has left the conversation even
  // after "also" or "and".
  // But a word that points back at the subject keeps it, whatever else is said: "And if nobody catches it and it
  // gets worse?", "What easy snacks could help them?", "I'm allergic to tree nuts. What else works?".
  static const WordSet kChangesSubject = {"unrelated", "offtopic", "random"};
  static const WordSet kPointsBack = {"it", "its", "they", "them", "their", "else"};
  auto any_of_words = [&](const WordSet& set) {
    return std::any_of(raw_words.begin(), raw_words.end(), [&](const std::string& w) { return set.count(w) > 0; });
  };
  // ("Any other options? My kids hate vegetables": asking for more of the same stays, whatever else it says.)
  const bool asks_more_of_same = rules.asks_for_more(raw_words);
  // (Nor does one about the person the conversation is about, asking for something the knowledge base knows: "what
  // foods should I stock in her fridge? she can't chew nuts very well".)
  static const WordSet kOtherPerson = {"he", "she", "him", "her", "his", "hes", "shes"};
  const bool asks_of_same_person = !own_aspects.empty() && any_of_words(kOtherPerson);
  // (Nor does one that presses for an amount of what was being discussed: "just give me a rough amount, a
  // teaspoon?" after Epsom salt by mouth on dialysis; safety review 2026-12-01, third, finding 11.)
  static const WordSet kAmountWords = {"amount", "dose", "dosage", "teaspoon", "teaspoons", "tablespoon", "spoonful",
                                       "scoop", "milligrams"};
  const bool presses_for_amount = any_of_words(kAmountWords);
  const bool leaves_conversation =
      !has_specific_topic && !names_scope &&
      ((unknown_stems.size() >= 2 && !any_of_words(kPointsBack) && !asks_more_of_same && !asks_of_same_person &&
        !presses_for_amount) ||
       any_of_words(kChangesSubject));
  // "What are the symptoms of low magnesium?" - "In children?": a message that names only a group of people
  // asks the previous question of that group, so the previous subject stays (but not a previous group), however
  // long it is ("Why are older adults at risk?").
  const bool names_only_groups =
      has_specific_topic && std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
        return !is_specific_topic(t) || is_group_of_people(t);
      });
  // A question complete in itself stands alone: it names magnesium in words, asks a kind of question of its own,
  // opens with a question word and points back at nothing. "Is high magnesium dangerous?" - "Which foods are rich
  // in magnesium?" asks for the foods, not for too much magnesium from food; "What is Epsom salt?" - "What is the
  // upper limit for magnesium supplements?" asks the limit; "how much magnesium do kids need?" asks the amounts for
  // children, whatever came before.
  // (Asked of oneself it may be asked of what was told: "I'm 34 and pregnant." - "how much magnesium do I need?")
  static const WordSet kAboutThePersonTold = {"i", "im", "me", "my", "we", "our", "us", "ive", "id", "mine"};
  static const WordSet kOpensQuestion = {"what", "whats", "which", "how", "why", "who", "where", "when",
                                         "is", "are", "can", "could", "does", "do", "should"};
  // (Not after something told, which the question is asked of: "I have kidney disease." - "Is magnesium safe to
  // take?"; nor a question of spacing or interactions, which needs the other thing: "Does magnesium interact with
  // levothyroxine?" - "How many hours apart should magnesium be taken?")
  // (Asked of oneself after a question about another mineral, nothing told of the person: "does zinc affect
  // magnesium" - "so how much magnesium should I take?" asks the amounts, not the zinc entry again; blind probe of
  // 2026-12-02. A leading "so", "ok" or "right" opens nothing.)
  const bool previous_only_minerals =
      !previous.topics.empty() && std::all_of(previous.topics.begin(), previous.topics.end(), [](const std::string& t) {
        return t == "magnesium"sv || is_related_mineral(t);
      });
  static const WordSet kLeadIn = {"so", "ok", "okay", "right", "well"};
  const size_t opening = !raw_words.empty() && kLeadIn.count(raw_words[0]) && raw_words.size() > 1 ? 1 : 0;
  const bool complete_question = names_magnesium_word && !own_aspects.empty() && !refers_back_to_it &&
                                 !previous.aspects.empty() && !contains(own_aspects, std::string("interactions")) &&
                                 !previous.told_in_same_message && !asks_more_of_same && !raw_words.empty() &&
                                 kOpensQuestion.count(raw_words[opening]) > 0 && !any_of_words(kPointsBack) &&
                                 !any_of_words(kOtherPerson) &&
                                 (!any_of_words(kAboutThePersonTold) || previous_only_minerals);
  a.follow_up = (previous.in_scope || brings_in_magnesium) && !changes_subject && !leaves_conversation &&
                !complete_question &&
                (rules.has_follow_up_marker(raw_words) || previous.told_in_same_message || asks_more_of_same ||
                 (presses_for_amount && !has_specific_topic && !names_scope) ||
                 (!uses_unknown_words && (!has_specific_topic || names_only_groups || a.stems.size() <= 3)) ||
                 // ("Which drug classes should I suspect?" after medicines: one word it never uses, and a subject
                 // it knows; "Any breakfast ideas?" after foods: one such word, and what is asked.)
                 (unknown_stems.size() == 1 && !names_scope &&
                  ((has_specific_topic && !a.asks_in_no_words) ||
                   (!own_aspects.empty() && a.stems.size() <= 3 &&
                    (asks_a_question || message.find('?') != std::string::npos)))));
  // "Can magnesium help with cramps?" (no answer) - "what about leg cramps at night?" asks the same benefit.
  if (a.follow_up && previous.asked_benefit && raw_words.size() >= 2 &&
      (raw_words[0] == "and"sv || ((raw_words[0] == "what"sv || raw_words[0] == "how"sv) && raw_words[1] == "about"sv)))
    a.asks_benefit = true;
  // "Is it contagious?", "is it hereditary?": a short follow-up whose own word the knowledge base never uses asks
  // exactly that, so an answer must mention it (else no_answer, not the previous entry again). One that asks for an
  // amount asks that ("how many milligrams should he aim for?": "aim" is not the point). A question after a story
  // in the same message asks about the story ("... Any magnesium concerns with that combination?").
  const bool asks_an_amount = contains(own_aspects, "intake") || contains(own_aspects, "upper-limit") ||
                              contains(own_aspects, "normal-range");
  // (Not one that names what it asks besides: "any breakfast ideas?" after foods asks for foods.)
  if (a.follow_up && !has_specific_topic && !asks_an_amount && !previous.told_in_same_message && a.stems.size() <= 3 &&
      !(own_aspects.size() == 1 && unknown_stems.size() == 1 && own_aspects[0] == "foods"sv))
    a.not_covered_stems.insert(a.not_covered_stems.end(), unknown_stems.begin(), unknown_stems.end());
  // "I'm on warfarin." - "Does magnesium interact with it?": "it" is what the last message named and the knowledge
  // base does not cover, so an answer must mention that (else the honest no_answer, not an entry on other medicines).
  // (Magnesium products are what is asked about it: "Would taking magnesium prevent them?", "Is glycinate better
  // than threonate for that?")
  const bool names_own_subject = std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
    return is_specific_topic(t) && !is_magnesium_product(t);
  });
  // (Or names it again: "I've had kidney stones twice. Will taking magnesium stop new stones from forming?")
  // (But not to set it aside: "What's the best brand?" - "Fine, forget brands. Which forms are absorbed better?")
  const bool sets_something_aside = any_of_words(kSetAside) || contains_phrase(raw_words, {"never", "mind"});
  const bool names_it_again = !sets_something_aside &&
                              std::any_of(previous.not_covered.begin(), previous.not_covered.end(),
                                          [&](const std::string& stem) { return contains(a.stems, stem); });
  // ("him", "her", "he" and "she" too: "My 12-year-old labrador has arthritis. Can I give him some of my magnesium
  // supplement?", "My dog is 8 years old." - "Can I give him my magnesium supplement?")
  static const WordSet kPointsAtIt = {"it",    "its", "they", "them", "their", "those",
                                      "him",   "her", "he",   "she",  "hes",   "shes"};
  // (Not when the earlier message also named a medicine the knowledge base knows: "I'm 38 with hypothyroidism and
  // take levothyroxine... How far apart should I take them?" asks about the medicine.)
  const bool previous_names_medicine = std::any_of(previous.topics.begin(), previous.topics.end(), is_medicine);
  // (A message that corrects what was told replaces it: "I take my magnesium with coffee." - "actually no I take it
  // at night on an empty stomach. does that matter?" is no longer about coffee, unless it names it again.)
  const auto first_two_words = raw_words.begin() + static_cast<long>(std::min<size_t>(raw_words.size(), 2));
  const bool corrects_what_was_told = std::count(raw_words.begin(), first_two_words, "actually") > 0;
  // (Nor when "it" is a sign told before, asked whether magnesium is behind it: "i cramp in the pool almost every
  // swim session. could it be magnesium?" asks about the cramps, not the pool.)
  const bool asks_whether_sign_is_magnesium =
      contains_phrase(raw_words, {"it", "be"}) && names_magnesium_word &&
      std::any_of(previous.topics.begin(), previous.topics.end(),
                  [](const std::string& t) { return t == "muscles"sv || t == "heart"sv || t == "symptoms"sv; });
  // (What has "it" is magnesium: "does magnesium help anxiety?" - "ok, what foods have it then?")
  if (!previous.not_covered.empty() && !names_own_subject && !previous_names_medicine &&
      !asks_whether_sign_is_magnesium &&
      !contains(own_aspects, std::string("foods")) &&
      (names_it_again ||
       (!corrects_what_was_told &&
        (any_of_words(kPointsAtIt) || (!raw_words.empty() && raw_words.back() == "that"sv)))))
    for (const auto& stem : previous.not_covered) {
      // ("i take magnesium citrate every night before bed" - "my stomach has been loose, could that be from it":
      // "it" is the magnesium taken, not the time it is taken at.)
      static const std::vector<std::string> kTimeOfDay =
          content_stems(words_of("bed bedtime morning night evening time day"));
      const bool previous_names_product =
          std::any_of(previous.topics.begin(), previous.topics.end(), is_magnesium_product);
      if (previous_names_product && contains(kTimeOfDay, stem)) continue;
      if (!contains(a.not_covered_stems, stem)) a.not_covered_stems.push_back(stem);
    }
  a.topics = own_topics;
  a.aspects = own_aspects;
  // Someone told to call poison control who asks what to do (treatment) asks what is done about too much magnesium,
  // when no level is named: "my kid got into my magnesium, what do i do" got the food list under the poison-control
  // line (re-check of 2026-12-02).
  if (a.asks_what_to_do_after_swallowing && contains(a.aspects, "treatment") &&
      std::none_of(a.topics.begin(), a.topics.end(), is_condition) && kb.concepts().get("hypermagnesemia"))
    a.topics.push_back("hypermagnesemia");
  if (result_read_as_condition && !contains(a.topics, "blood-test") && contains(a.aspects, "treatment"))
    set_aside_concept(a, "blood-test");
  // Epsom salt to be taken by mouth, whatever for ("doing a liver flush tonight with epsom salts and olive oil, 4 doses
  // of 1 tbsp", "can i give my 5 year old a little epsom salt in juice for constipation"): its entry says taking large
  // amounts by mouth is not safe, which is what the person must hear, not "no information" nor a dose table
  // (safety review, 2026-12-01). Not a bath or a soak.
  static const WordSet kByMouth = {"drink",    "drinking", "drank",   "tbsp",  "tablespoon", "tablespoons",
                                   "teaspoon", "teaspoons", "tsp",    "juice", "flush",      "cleanse",
                                   "swallow",  "mouth",     "orally", "oral",  "internally"};
  static const WordSet kOnTheSkin = {"bath", "baths", "soak", "soaking", "foot", "feet", "skin", "tub", "bathwater"};
  if (contains(a.topics, "epsom-salt") && kByMouth.contains_any(a.words) && !kOnTheSkin.contains_any(a.words)) {
    a.not_covered_stems.clear();
    a.not_covered_subjects.clear();
    a.terms.erase(std::remove_if(a.terms.begin(), a.terms.end(),
                                 [](const QueryTerm& t) { return t.concept_id != "epsom-salt"sv; }),
                  a.terms.end());
    a.stems.clear();
    for (const auto& t : a.terms)
      if (!contains(a.stems, t.stem)) a.stems.push_back(t.stem);
    a.topics = {"epsom-salt"};
    a.aspects.clear();
  }
  // "my potassium keeps coming back low on my bloodwork even tho im taking potassium pills. my doc mentioned checking
  // magnesium, why would that matter": a low potassium or calcium that sends the doctor to test magnesium asks how
  // the two are tied; the blood tests only say how both are found.
  const bool names_low_partner_mineral =
      (contains(a.topics, "potassium") || contains(a.topics, "calcium")) && contains(a.words, std::string("low"));
  // (Not a question about the test itself: "my potassium is low, which blood test shows magnesium and is it accurate?")
  if (names_low_partner_mineral && contains(a.topics, "blood-test") && !names_test_result && a.names_magnesium &&
      std::all_of(a.aspects.begin(), a.aspects.end(), [](const std::string& asp) { return asp == "causes"sv; }))
    set_aside_concept(a, "blood-test");
  // "Tell me more", "what else?": nothing is asked but more of the same, so the message's own words ("tell",
  // "else") are not terms an answer must match; the inherited subject is.
  a.asks_for_more = a.follow_up && !has_specific_topic && own_aspects.empty() && rules.asks_for_more(raw_words);
  const bool asks_only_definition =
      std::all_of(own_aspects.begin(), own_aspects.end(), [](const std::string& asp) { return asp == "definition"sv; });
  // A message about the last answer itself (where it comes from, or it in fewer words) keeps the conversation as
  // it was; the answerer answers from the entries that gave it.
  auto about_the_last_answer = [&](bool Analysis::*asks) {
    a.*asks = true;
    a.follow_up = true;
    a.in_scope = true;
    a.kept_context = previous;
    a.kept_context->answered.clear();  // (the answerer adds what was answered)
    return a;
  };
  // (Not at the end of a story: "...I keep reading that low magnesium causes heart rhythm problems. Is that
  // true?" asks about the claim just told.)
  // ("Are you sure? A website told me 800 mg": a first sentence that only asks that asks it, when what follows
  // only tells something; not "Are you sure? What about women?")
  const bool opens_asking_source = [&] {
    const size_t mark = message.find('?');
    if (mark == std::string::npos || previous.answered.empty() ||
        !rules.only_asks_source(words_of(message.substr(0, mark))))
      return false;
    const std::string rest = message.substr(mark + 1);
    const auto rest_words = words_of(rest);
    return !rest_words.empty() && rest.find('?') == std::string::npos && !form_of_question(rest_words).asks_a_question;
  }();
  if ((rules.only_asks_source(raw_words) || opens_asking_source) && !previous.told_in_same_message) {
    if (!previous.answered.empty()) return about_the_last_answer(&Analysis::asks_source);
    // With no answer before it, "source?" asks where the assistant's answers come from (prompts/about_me.md).
    a.kind = MessageKind::AboutMe;
    if (!previous.empty()) a.kept_context = previous;
    return a;
  }
  if (!previous.answered.empty() && !has_specific_topic && asks_only_definition && !a.asks_for_more &&
      rules.asks_shorter(raw_words))
    return about_the_last_answer(&Analysis::asks_shorter);
  if (a.asks_for_more) {
    a.stems.clear();
    a.terms.clear();
  }
  if (a.follow_up) {
    inherit_from_previous(a, {raw_words, own_topics, own_aspects, has_specific_topic, names_only_groups, names_scope},
                          previous, kb);
    // (A cause ruled out now is not the subject carried over: "does diabetes affect magnesium" - "I'm not diabetic but
    // I pee a lot, does that matter?"; re-check of the blind probes of 2026-12-02, s38.)
    // (Nor the words that named it in the turn before: "diabet" of "does diabetes affect magnesium".)
    for (const auto& id : ruled_out_topics) set_aside_concept(a, id);
  }
  // "Tell me more" with nothing before it (a new conversation, a reloaded page) has no subject to say more about:
  // it is answered like a greeting, with what can be asked, not as a question outside magnesium.
  if (!a.follow_up && previous.answered.empty() && !names_scope && !names_related && !has_specific_topic &&
      own_aspects.empty() && rules.asks_for_more(raw_words)) {
    a.kind = MessageKind::MoreWithoutSubject;
    return a;
  }
  // "I've had diarrhoea for a week and now my lips are numb and my hands keep cramping": the same signs told after
  // days of diarrhoea or vomiting, without a disease named, are about the magnesium lost (the seventh safety
  // review's re-check: it was "out of scope"). Days or weeks of it, not one bout ("diarrhea yesterday, legs cramp").
  // (Told, not asked, it is answered all the same, not kept as something about the person: "been throwing up for 3
  // days and my legs keep cramping" got "Thanks, I'll keep that in mind". Not denied: "numbness for a week, no
  // diarrhea or vomiting"; not once.)
  const WordSet& kLoss = fluid_loss_words();
  static const WordSet kLongSpell = {"days", "week", "weeks", "month", "months", "chronic", "constant", "ongoing"};
  static const WordSet kSignOfLoss = {"numb", "numbness", "tingling", "tingly", "tingle", "tingles", "cramp", "cramps",
                                      "cramping", "cramped", "twitch", "twitches", "twitching", "spasm", "spasms"};
  static const WordSet kDenied = {"no", "not", "without", "never"};
  bool tells_loss = false;
  for (size_t i = 0; i < raw_words.size() && !tells_loss; ++i) {
    const bool loss = kLoss.count(raw_words[i]) > 0 ||
                      (raw_words[i] == "runs"sv && i >= 1 && raw_words[i - 1] == "the"sv) ||
                      (raw_words[i] == "bug"sv && i >= 1 &&
                       (raw_words[i - 1] == "stomach"sv || raw_words[i - 1] == "tummy"sv)) ||
                      (raw_words[i] == "poisoning"sv && i >= 1 && raw_words[i - 1] == "food"sv);
    bool denied = false;
    for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) denied = denied || kDenied.count(raw_words[k]) > 0;
    tells_loss = loss && !denied;
  }
  const bool tells_signs_after_losses =
      !names_magnesium_word && !changes_subject && !contains(own_aspects, "causes") && tells_loss &&
      kLongSpell.contains_any(raw_words) && kSignOfLoss.contains_any(raw_words) &&
      !contains(raw_words, std::string_view("once")) && kb.concepts().get("stomach-bug");
  // "My son is 15", "I'm pregnant with my second baby", "I have kidney disease": no question, nothing outside
  // magnesium, but something the knowledge base knows about the person (a group, a condition, what they eat).
  // It speaks of the person ("I", "my"), and asks for nothing, not even in keywords ("symptoms of diabetes",
  // "tell me more about supplements", "and for kids?").
  static const WordSet kPerson = {"i", "im", "ive", "id", "my", "me", "we", "our", "mine"};
  const bool speaks_of_person = std::any_of(raw_words.begin(), raw_words.end(),
                                            [](const std::string& w) { return kPerson.count(w) > 0; });
  // (A symptom told is part of the story: "I'm a 70 year old man with a poor appetite".)
  const bool names_known_subject = has_specific_topic || contains(own_aspects, "foods");
  const bool asks_an_aspect = std::any_of(own_aspects.begin(), own_aspects.end(),
                                          [](const std::string& id) { return id != "foods"sv && id != "symptoms"sv; });
  // ("Teenage girls" alone says whom the questions after it are about, as "my daughter is 15" does; "best cricket
  // bat for a 12 year old" asks for something the knowledge base never speaks of.)
  const bool only_names_people = names_only_groups && own_aspects.empty() && a.stems.size() <= 3 &&
                                 message.find('?') == std::string::npos && !uses_unknown_words;
  // "my leg cramps hurt so bad at night": signs that low magnesium gives, told of oneself in a magnesium chat, ask
  // whether they may come from it, which the entry on its signs answers (fortieth session; it got "I'll keep that in
  // mind"). (Not with a sign of a stroke or another emergency beside them, nor with another subject told, such as
  // running or a day of diarrhea: other rules read those.)
  static const WordSet kSignsOfLow = {"cramp", "cramps", "cramping", "twitch", "twitching", "twitches",
                                      "spasm", "spasms", "tingling", "tingly", "tremor", "tremors"};
  static const WordSet kNotOnlyThat = {"sudden", "suddenly", "face", "chest", "speech", "slurred", "vision",
                                       "faint", "fainted", "seizure", "breathing", "breath", "period", "periods",
                                       "pregnant", "injury", "injured", "sprain", "sprained", "pulled",
                                       // (signs that are over: "My leg cramps are gone now.")
                                       "gone", "stopped", "better", "away", "anymore", "no", "not", "never",
                                       "dont", "didnt", "used",
                                       // (nor of a baby or a toddler, whose twitching may be a fit)
                                       "baby", "babies", "infant", "newborn", "toddler"};
  const bool tells_signs_of_low = speaks_of_person && !names_scope && !names_related && !changes_subject &&
                                  a.not_covered_stems.empty() && kSignsOfLow.contains_any(raw_words) &&
                                  !kNotOnlyThat.contains_any(raw_words) && !uses_unknown_words && !tells_loss &&
                                  std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
                                    return t == "muscles"sv || is_group_of_people(t) || !is_specific_topic(t);
                                  }) &&
                                  kb.concepts().get("hypomagnesemia") != nullptr;
  // (A question mark asks, whatever the words: "tips to stop my 3 year old throwing food on the floor??")
  if (!a.follow_up && !asks_a_question && message.find('?') == std::string::npos && !tells_signs_of_low &&
      (speaks_of_person || only_names_people) && !names_scope && !names_related && !changes_subject &&
      a.not_covered_stems.empty() && names_known_subject && !asks_an_aspect && !rules.asks_for_more(raw_words) &&
      !tells_signs_after_losses) {
    a.kind = MessageKind::AboutThePerson;
    a.in_scope = true;
    return a;  // (what it tells is kept for the next question: Analysis::context)
  }
  // "Hello, I'm a second-year pharmacy student", "Good evening from Lagos": a greeting with who or where the person
  // is, and nothing asked.
  if (!raw_words.empty() && !asks_a_question && (speaks_of_person || raw_words.size() <= 6) && !names_scope &&
      !names_related && !changes_subject &&
      (rules.small_talk({raw_words[0]}) == LanguageRules::SmallTalk::Greeting ||
       (raw_words.size() > 1 && rules.small_talk({raw_words[0], raw_words[1]}) == LanguageRules::SmallTalk::Greeting))) {
    a.kind = MessageKind::SmallTalk;
    return a;
  }
  // (And so can drinking told beside signs that low magnesium gives: "I drink like 6 beers most nights. could that be
  // why my legs cramp up at night?" - alcohol is a known cause of low magnesium, whose signs those are.)
  static const WordSet kSignWords = {"cramp", "cramps", "cramping", "crampy", "twitch", "twitching",
                                     "twitches", "spasm", "spasms", "tingling", "numb", "numbness"};
  const bool asks_whether_drinking_gives_signs =
      !changes_subject && contains(own_topics, "alcohol") &&
      (contains(own_aspects, "symptoms") ||
       std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kSignWords.count(w) > 0; }));
  // So does one asking when to see a doctor about such signs ("when should I see a doctor about cramps and
  // twitching? been going on for weeks"): the knowledge base's answer names them among the reasons to go.
  // (Only the signs magnesium is known for, and nothing that may be a stroke or another emergency: "when
  // should i see a doctor about sudden numbness in my face and arm" is not a magnesium question.)
  static const WordSet kRedFlags = {"sudden", "suddenly", "face", "facial", "confusion", "confused",
                                    "slurred", "speech", "chest", "breathing", "breath", "seizure",
                                    "seizures", "faint", "fainted", "fainting", "collapse",
                                    "collapsed", "paralysis", "paralyzed", "vision", "numbness", "numb"};
  const bool asks_when_to_see_doctor_about_signs =
      !changes_subject && contains(own_aspects, "see-doctor") &&
      std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kSignWords.count(w) > 0; }) &&
      std::none_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kRedFlags.count(w) > 0; });
  // "crohns flare, diarrhea for days and now my fingers are tingling and my calves cramp": signs low magnesium
  // gives, told beside a gut disease that lowers it, are about magnesium without its name (second safety review).
  const bool tells_signs_beside_gut_disease =
      contains(own_topics, "gut-disorders") &&
      (contains(own_topics, "muscles") || contains(own_aspects, "symptoms")) && !changes_subject &&
      !contains(own_aspects, "causes");  // ("does crohns cause leg cramps" asks about the disease itself)
  // (They ask whether they are low magnesium's signs: not a supplement's side effects, nor an amount a day.)
  if ((tells_signs_beside_gut_disease || tells_signs_after_losses || tells_signs_of_low) && !names_magnesium_word &&
      kb.concepts().get("hypomagnesemia")) {
    if (tells_signs_of_low) a.kind = MessageKind::Question;
    a.aspects = {"symptoms"};
    if (!contains(a.topics, std::string("hypomagnesemia"))) a.topics.push_back("hypomagnesemia");
    if (tells_signs_after_losses && !contains(a.topics, std::string("stomach-bug"))) a.topics.push_back("stomach-bug");
  }
  // "Teen athlete here, heavy training in heat, only drinking water, legs twitching and feel weak. normal?": twitching
  // or weakness told beside heavy exercise or sweating is about the magnesium sweat takes away (safety review
  // 2026-12-01, fourth; the entry on sweating answers).
  const bool tells_signs_beside_sweating =
      !names_scope && contains(own_topics, "exercise") && contains(own_topics, "muscles") && !changes_subject &&
      kb.concepts().get("exercise") &&
      std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) {
        return starts_with(w, "twitch") || starts_with(w, "cramp") || starts_with(w, "spasm") || w == "weak"sv ||
               w == "weakness"sv || starts_with(w, "tingl");
      }) &&
      std::none_of(raw_words.begin(), raw_words.end(), [](const std::string& w) {
        static const WordSet kInjury = {"pulled", "strain", "strained", "sprain", "sprained", "tore", "torn", "sore",
                                        "ache", "aches", "recovery", "injury", "injured"};
        return kInjury.count(w) > 0;
      });
  if (tells_signs_beside_sweating) a.aspects = {"causes"};
  // So can the upper limit asked of with nothing else named ("what's the upper limit for supplements?", "what's the
  // max dose?"): in a magnesium chat it is magnesium's (fortieth session; it got "I can only answer questions about
  // magnesium"). (Not with a word the knowledge base never uses: "what's the upper limit on my credit card".)
  const bool asks_limit_alone =
      !changes_subject && !names_related && !uses_unknown_words && contains(own_aspects, "upper-limit") &&
      std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) { return t == "supplements"sv; });
  a.in_scope = names_scope || names_related || asks_amount_for_group || asks_lab_range || tells_signs_beside_sweating ||
               asks_limit_alone || result_asked_low_or_high || tells_signs_of_low ||
               asks_whether_drinking_gives_signs || asks_when_to_see_doctor_about_signs || tells_signs_beside_gut_disease ||
               tells_signs_after_losses ||
               (a.follow_up && !a.inherited.empty());
  // A follow-up that turns to a related mineral and asks about that mineral itself ("how much magnesium does a
  // pregnant woman need?" - "and calcium?", "how much zinc is safe per day?") asks a question of its own about
  // it, which only an entry on that mineral answers (not one that mentions calcium gluconate).
  static const WordSet kAboutTheMineralItself = {"intake", "upper-limit", "foods", "normal-range",
                                                 "side-effects", "storage"};
  const auto asks_of_the_mineral_itself = [](const std::vector<std::string>& aspects) {
    return std::any_of(aspects.begin(), aspects.end(),
                       [](const std::string& asp) { return kAboutTheMineralItself.count(asp) > 0; });
  };
  const bool asks_about_the_mineral_itself = asks_of_the_mineral_itself(a.aspects);
  // (Nor does one that goes on about the mineral the answer before spoke of beside magnesium: after "low magnesium
  // and low potassium together", "why wont the potassium come up with pills alone" asks about the two.)
  const bool previous_spoke_of_magnesium = contains(previous.topics, "hypomagnesemia") ||
                                           contains(previous.topics, "hypermagnesemia") ||
                                           contains(previous.topics, "magnesium");
  // (Only a message whose subjects are that mineral and what is taken: "what causes hyperkalemia in kidney
  // disease?" asks something new.)
  const bool goes_on_with_previous_mineral =
      previous_spoke_of_magnesium && !asks_about_the_mineral_itself &&
      std::any_of(own_topics.begin(), own_topics.end(), is_related_mineral) &&
      std::all_of(own_topics.begin(), own_topics.end(), [&](const std::string& t) {
        return is_related_mineral(t) ? contains(previous.topics, t) : (t == "supplements"sv || !is_specific_topic(t));
      });
  // (Nor does a follow-up that turns from one mineral beside magnesium to another: after "I take calcium supplements
  // and drink lots of milk. does that mess with my magnesium?", "and vitamin D? I take that too" asks the same of
  // vitamin D.)
  const bool previous_asked_of_mineral_beside_magnesium =
      previous_spoke_of_magnesium && std::any_of(previous.topics.begin(), previous.topics.end(), is_related_mineral);
  // (But "does magnesium affect vitamin D?" - "how much vitamin D should I take?" asks, in words of its own, about
  // vitamin D itself.)
  // (Nor does "what about the zinc in food tho" after "do zinc supplements mess with magnesium": "the zinc in food"
  // says where the mineral comes from, so it asks the same of the zinc food brings, not which foods have zinc.)
  const bool names_mineral_from_food = [&] {
    static const WordSet kMineralWords = {"zinc", "calcium", "potassium", "d"};
    static const WordSet kFood = {"food", "foods", "diet", "meals"};
    for (size_t i = 0; i + 2 < raw_words.size(); ++i)
      if (kMineralWords.count(raw_words[i]) && (raw_words[i + 1] == "in"sv || raw_words[i + 1] == "from"sv) &&
          kFood.count(raw_words[i + 2]))
        return true;
    return false;
  }();
  const bool asks_own_of_the_mineral_itself = asks_of_the_mineral_itself(own_aspects);
  const bool asks_same_of_mineral_from_food =
      a.follow_up && names_mineral_from_food && own_aspects == std::vector<std::string>{"foods"} &&
      std::any_of(own_topics.begin(), own_topics.end(),
                  [&](const std::string& t) { return is_related_mineral(t) && contains(previous.topics, t); });
  a.related_only =
      names_related && !names_scope &&
      (!a.follow_up || (asks_about_the_mineral_itself &&
                        (!previous_asked_of_mineral_beside_magnesium || asks_own_of_the_mineral_itself))) &&
      !goes_on_with_previous_mineral && !asks_same_of_mineral_from_food;
  // (With another subject beside the medicine, such as pregnancy or alcohol; not a sign magnesium may explain:
  // "why am I getting muscle cramps since starting water pills?" asks about magnesium.)
  static const WordSet kSignTopics = {"muscles", "heart", "symptoms"};
  const bool names_sign = std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
    return kSignTopics.count(t) > 0;
  }) || contains(own_aspects, std::string("symptoms"));
  const bool names_other_than_medicine = std::any_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
    return is_specific_topic(t) && !is_medicine(t) && !is_condition(t) && !is_magnesium_product(t);
  });
  a.only_medicine_in_scope = names_scope && !names_magnesium_word && !names_related && !a.follow_up &&
                             (asks_a_question || message.find('?') != std::string::npos) && names_other_than_medicine &&
                             !names_sign && std::none_of(own_topics.begin(), own_topics.end(), is_condition) &&
                             std::none_of(own_topics.begin(), own_topics.end(), is_magnesium_product);
  if (a.follow_up && !a.in_scope && previous.in_scope && !changes_subject) a.in_scope = true;
  // "What's a normal blood magnesium level?" - "Why might a blood test miss a deficiency?": a new question in a
  // magnesium conversation that names only subjects the knowledge base knows is about magnesium too.
  if (!a.in_scope && previous.in_scope && !changes_subject && has_specific_topic && !uses_unknown_words)
    a.in_scope = true;
  if (!a.in_scope && !asks_a_question && previous.in_scope && !previous.told_in_same_message) {
    a.kept_context = previous;
    a.kept_context->answered.clear();  // (the answerer adds what was answered)
  }
  return a;
}

}  // namespace

}  // namespace magchat
