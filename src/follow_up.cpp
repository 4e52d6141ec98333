#include "follow_up.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "amounts_and_ages.h"
#include "question_form.h"
#include "text.h"
#include "word_set.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

namespace {

// The tags of the entry that gave the conversation's last answer (what that entry declares it is about).
std::vector<std::string> tags_of_last_answer(const ConversationContext& previous, const KnowledgeIndex& kb) {
  if (previous.answered.empty()) return {};
  const std::string& last = previous.answered.back();  // "entry-id" or "entry-id#heading"
  const PassageInfo* p = kb.first_passage_of(last.substr(0, last.find('#')));
  return p ? split_words(p->row.tags) : std::vector<std::string>{};
}

// What the last answer's entry declares it is about, as concepts to search by (not magnesium itself, nor
// "definition", which only says the person wanted to know something).
std::vector<std::string> subject_of_last_answer(const ConversationContext& previous, const KnowledgeIndex& kb) {
  std::vector<std::string> out;
  for (const auto& tag : tags_of_last_answer(previous, kb))
    if (kb.concepts().get(tag) && tag != "magnesium"sv && tag != "definition"sv) out.push_back(tag);
  return out;
}

// Adds a concept to the analysis's topics or aspects, by its kind; false when it was already there.
bool add_concept(Analysis& a, const std::string& id, const KnowledgeIndex& kb) {
  auto& list = kb.concepts().is_aspect(id) ? a.aspects : a.topics;
  if (contains(list, id)) return false;
  list.push_back(id);
  return true;
}

}  // namespace

void inherit_from_previous(Analysis& a, const OwnReading& own, const ConversationContext& previous,
                           const KnowledgeIndex& kb) {
  const std::vector<std::string>& raw_words = own.raw_words;
  const std::vector<std::string>& own_topics = own.topics;
  std::vector<std::string> own_aspects = own.aspects;  // (taking something "with it" adds one, below)
  const bool has_specific_topic = own.has_specific_topic;
  const bool names_only_groups = own.names_only_groups;
  const bool names_scope = own.names_scope;
  const bool refers_back = kb.rules().has_follow_up_marker(raw_words);
  // "I was just put on furosemide." - "Can it lower my magnesium?": a message that refers back and names only
  // a condition says what it asks about the previous subject, which it keeps (but not a previous condition:
  // "what about high magnesium?" after low magnesium changes the condition).
  const bool names_only_condition = names_only_conditions(own_topics);
  // "What is the upper limit for supplements?" - "Does that include food?": a message that asks whether the last
  // answer covers something asks the previous question again, with that something in it.
  static const WordSet kCovers = {"include", "includes", "including", "included", "apply",
                                  "applies", "count",   "counts",    "cover",    "covers"};
  // (Also without a word that refers back, when it names nothing else: "The UL" - "Does food count?")
  const bool asks_what_answer_covers =
      (refers_back || (!has_specific_topic && a.stems.size() <= 4)) &&
      std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kCovers.count(w) > 0; });
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
  // (So is a laxative or an antacid asked of a form named before: "What's magnesium oxide used for?" - "Is it a
  // laxative?")
  static const WordSet kProducts = {"antacids", "laxatives", "epsom-salt"};
  const bool names_only_supplements =
      has_specific_topic && std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
        return !is_specific_topic(t) || is_magnesium_product(t) || kProducts.count(t) > 0;
      });
  // "What is low magnesium?" - "Which antibiotics can cause it?", "what is high magnesium?" - "can antacids cause
  // it?": "it" is the condition talked about, which a message naming only medicines or products keeps.
  const bool names_only_medicines =
      has_specific_topic && std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
        return !is_specific_topic(t) || is_medicine(t) || kProducts.count(t) > 0;
      });
  // (Also a short "any antibiotics?" after "what medicines can cause it?": which of them cause the condition.)
  const bool names_more_of_the_causes =
      own_aspects.empty() && raw_words.size() <= 4 && contains(previous.aspects, std::string("causes"));
  const bool medicines_of_previous_condition = (refers_back || names_more_of_the_causes) && names_only_medicines;
  // "What is magnesium citrate used for?" - "Can it hurt my kidneys if I use it every day?", "What is
  // hypermagnesemia?" - "What does it do to the heart?": an organ named beside "it" is where the previous subject
  // does what is asked. (Not kidneys that are diseased: "is it safe if I have kidney disease?" asks who must be
  // careful, which the kidney caution answers.)
  static const WordSet kOrgans = {"kidney", "heart", "muscles", "bone"};
  static const WordSet kDiseased = {"disease", "diseases", "failure", "failing", "ckd", "dialysis",
                                    "problem", "problems", "weak", "issues", "issue", "trouble",
                                    "impaired", "insufficiency", "bad", "poorly", "stage"};
  // (Nor kidneys the conversation was already about: "my mother has stage 4 kidney disease" - ... - "is that safe
  // for her with her kidneys?")
  const bool names_diseased_kidneys =
      contains(own_topics, std::string("kidney")) &&
      (contains(previous.topics, std::string("kidney")) ||
       std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kDiseased.count(w) > 0; }));
  const bool names_only_organs =
      has_specific_topic && !names_diseased_kidneys &&
      std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
        return !is_specific_topic(t) || kOrgans.count(t) > 0;
      });
  // "I take pantoprazole every morning." - "Could that be why my magnesium came back low?": whether what was told
  // causes what the message names, so the subject told stays beside it.
  const bool asks_whether_it_is_why =
      contains_phrase(raw_words, {"that", "be", "why"}) || contains_phrase(raw_words, {"it", "be", "why"}) ||
      contains_phrase(raw_words, {"this", "be", "why"}) || contains_phrase(raw_words, {"is", "that", "why"}) ||
      contains_phrase(raw_words, {"is", "this", "why"}) || contains_phrase(raw_words, {"that", "be", "the", "reason"}) ||
      contains_phrase(raw_words, {"that", "be", "causing"}) || contains_phrase(raw_words, {"it", "be", "causing"}) ||
      // ("...even tho im on potassium pills. could low magnesium be the reason?")
      contains_phrase(raw_words, {"be", "the", "reason"}) || contains_phrase(raw_words, {"be", "the", "culprit"}) ||
      contains_phrase(raw_words, {"be", "to", "blame"}) || contains_phrase(raw_words, {"be", "behind", "it"}) ||
      contains_phrase(raw_words, {"be", "behind", "this"}) || contains_phrase(raw_words, {"be", "behind", "that"});
  // "Can I take epsom salt by mouth for constipation? I'm healthy" - "what about my grandma, she has kidney failure and
  // dementia": the same asked of someone whose kidney disease is told, so the subject stays, beside the kidneys
  // (safety review 2026-12-01, fourth).
  const bool asks_same_of_someone_with_kidney_disease =
      !raw_words.empty() && (raw_words[0] == "and"sv || contains_phrase(raw_words, {"what", "about"}) ||
                             contains_phrase(raw_words, {"how", "about"})) &&
      tells_kidney_disease(raw_words) && !previous.topics.empty() &&
      std::all_of(own_topics.begin(), own_topics.end(), [](const std::string& t) {
        return t == "kidney"sv || !is_specific_topic(t) || is_group_of_people(t);
      });
  const bool keeps_topics = !has_specific_topic || names_only_groups || asks_what_answer_covers ||
                            asks_same_of_someone_with_kidney_disease ||
                            asks_whether_it_is_why ||
                            with_previous_subject || (refers_back && names_only_supplements) ||
                            (refers_back && own_aspects.size() > 0 && !names_scope) ||
                            (refers_back && names_only_organs && !previous.topics.empty());
  // So does a question that names only a condition and asks nothing more of it, after a story told in the same
  // message: "I run marathons and only drink water. Could I be losing magnesium?" asks about the running (but "My
  // aunt is on dialysis... What are the warning signs of magnesium toxicity?" asks the signs).
  // (Or asks only who is at risk or what causes it: "I have Crohn's disease... Am I at higher risk of low
  // magnesium?" asks about the Crohn's.)
  static const WordSet kAsksOfTheStory = {"risk-groups", "causes"};
  const bool asks_only_of_story = std::all_of(own_aspects.begin(), own_aspects.end(),
                                              [](const std::string& asp) { return kAsksOfTheStory.count(asp) > 0; });
  const bool keeps_subject =
      (refers_back || (previous.told_in_same_message && asks_only_of_story)) && names_only_condition;
  // A medicine told in the same message is what a question about taking a supplement is asked beside: "I take
  // levothyroxine every morning. How long should I wait before taking a magnesium supplement?" (Not any subject of
  // the story: "...? I already get runner's gut." only tells why the person asks.)
  // So is a medicine named in the last message, when the question asks how to time or combine the two: "I take
  // Fosamax once a week." - "How long should I wait before taking magnesium?"
  // (So does asking to go on with it: "I'm on ciprofloxacin for a UTI" - "can I keep taking my magnesium
  // supplement?" asks whether the two go together.)
  static const WordSet kGoOn = {"keep", "still", "continue", "carry"};
  const bool asks_to_go_on =
      std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kGoOn.count(w) > 0; });
  const bool asks_how_to_combine = contains(own_aspects, std::string("interactions")) || asks_to_go_on;
  // Carries over the previous topics that `which` accepts, as inherited ones.
  const auto inherit_topics = [&](auto which) {
    for (const auto& t : previous.topics)
      if (which(t) && !contains(a.topics, t)) {
        a.topics.push_back(t);
        a.inherited.push_back(t);
      }
  };
  if (!keeps_topics && (previous.told_in_same_message || asks_how_to_combine) && names_only_supplements)
    inherit_topics(is_medicine);
  // (And "is that alright / safe?" right after a story in the same message asks about what the story says is
  // taken, medicine or magnesium product: "...her neighbour gave her a bottle of milk of magnesia and told her to
  // have a good swig every night. Is that alright for someone whose kidneys are as bad as hers?")
  static const WordSet kSafe = {"alright", "ok", "okay", "safe", "fine", "dangerous", "risky"};
  static const WordSet kMagnesiumProducts = {"laxatives", "antacids", "epsom-salt"};
  const bool asks_if_what_story_told_is_safe =
      previous.told_in_same_message && raw_words.size() >= 3 && raw_words[0] == "is"sv &&
      (raw_words[1] == "that"sv || raw_words[1] == "this"sv || raw_words[1] == "it"sv) && kSafe.count(raw_words[2]) > 0;
  if (!keeps_topics && asks_if_what_story_told_is_safe)
    inherit_topics([](const std::string& t) { return is_medicine(t) || kMagnesiumProducts.count(t) > 0; });
  if (!keeps_topics && medicines_of_previous_condition) inherit_topics(is_condition);
  // "My mom has kidney disease (CKD) and I bought her magnesium because I take it. Should she be taking it?": whether
  // to take magnesium, asked right after a story of kidney disease, asks who must be careful with it.
  // (Not when the story names a medicine or a magnesium product, whose own entry says what weak kidneys change: "her
  // neighbour gave her milk of magnesia... Is that alright for someone whose kidneys are as bad as hers?")
  const bool story_names_product =
      std::any_of(previous.topics.begin(), previous.topics.end(), has_own_kidney_advice);
  if (previous.told_in_same_message && own_aspects.empty() && contains(previous.topics, std::string("kidney")) &&
      !story_names_product &&
      (asks_if_what_story_told_is_safe || asks_whether_someone_should_take(raw_words)) && kb.concepts().get("caution")) {
    inherit_topics([](const std::string& t) { return t == "kidney"sv; });
    own_aspects.push_back("caution");
    a.aspects.push_back("caution");
  }
  // So is whether an amount is all right after "I have kidney failure" in an earlier turn: "is it ok to take 300mg
  // magnesium glycinate for sleep?" (what it would be taken for is not what is asked; a dose asked stays declined).
  static const WordSet kTaking = {"take", "taking", "use", "using", "start", "starting", "try", "have", "buy"};
  const bool asks_if_ok_to_take =
      asks_whether_someone_should_take(raw_words) ||
      (std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kSafe.count(w) > 0; }) &&
       std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kTaking.count(w) > 0; }));
  const bool asks_only_amounts = std::all_of(own_aspects.begin(), own_aspects.end(), [](const std::string& asp) {
    return asp == "upper-limit"sv || asp == "intake"sv;
  }) && std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) {
    return !w.empty() && std::isdigit(static_cast<unsigned char>(w[0]));
  });
  if (!previous.told_in_same_message && contains(previous.topics, std::string("kidney")) && !story_names_product &&
      !contains(a.aspects, std::string("caution")) && asks_only_amounts && asks_if_ok_to_take &&
      !contains_phrase(raw_words, {"how", "much"}) && !contains_phrase(raw_words, {"how", "many"}) &&
      std::none_of(own_topics.begin(), own_topics.end(), has_own_kidney_advice) && !kb.rules().asks_personal_dose(a.words) &&
      kb.concepts().get("caution")) {
    inherit_topics([](const std::string& t) { return t == "kidney"sv; });
    for (const auto& asp : own_aspects) a.aspects.erase(std::remove(a.aspects.begin(), a.aspects.end(), asp), a.aspects.end());
    own_aspects = {"caution"};
    a.aspects.push_back("caution");
    a.not_covered_stems.clear();
    a.not_covered_subjects.clear();
  }
  // "I'm pregnant." - "I'm 34, how much do I need?": a pregnant woman's age says which pregnancy row applies;
  // she is still pregnant (the age alone would name adults).
  const bool pregnant_and_adult = contains(previous.topics, "pregnancy") && contains(a.topics, "adults") &&
                                  !contains(a.topics, "children") && !contains(a.topics, "older-adults");
  if (pregnant_and_adult) a.topics.erase(std::find(a.topics.begin(), a.topics.end(), "adults"));
  // "I'm a 16 yo girl..." - "how much should someone my age get?" - "what about if I was a guy?": the other sex at
  // the same age is still a teenager (the word "guy" alone reads as an adult).
  static const WordSet kSexWords = {"guy", "man", "male", "boy", "dude", "bloke", "girl", "woman",
                                    "female", "lady", "gal"};
  const bool changes_only_sex =
      own_topics == std::vector<std::string>{"adults"} &&
      std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kSexWords.count(w) > 0; }) &&
      std::none_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return is_number(w); }) &&
      (contains(previous.topics, std::string("children")) || contains(previous.topics, std::string("older-adults")));
  if (changes_only_sex) {
    a.topics.erase(std::find(a.topics.begin(), a.topics.end(), "adults"));
    inherit_topics([](const std::string& t) { return t == "children"sv || t == "older-adults"sv; });
  }
  // (A related mineral is not the subject a condition's own question is asked of: "is it the same as low
  // potassium?" - "how is low magnesium treated then?" asks the treatment of low magnesium.)
  const auto kept_as_subject = [&](const std::string& t) {
    return !is_condition(t) && !(is_related_mineral(t) && !own_aspects.empty());
  };
  // (The normal range is everyone's, whatever condition came before: "how is low magnesium diagnosed?" - "whats a
  // normal range tho" asks the range, not about low magnesium.)
  const bool asks_normal_range = contains(own_aspects, std::string("normal-range")) &&
                                 std::all_of(own_aspects.begin(), own_aspects.end(), [](const std::string& asp) {
                                   return asp == "normal-range"sv || asp == "definition"sv;
                                 });
  // (What to do about a result asks how its condition is treated, not about the test: "my blood test says magnesium
  // 0.7 mmol/L" - "is that low?" - "what should I do about it?" got the entry on PPIs, which names both; second
  // probe of the fortieth session.)
  const bool asks_treatment_of_condition =
      contains(own_aspects, std::string("treatment")) &&
      std::any_of(previous.topics.begin(), previous.topics.end(), [](const std::string& t) { return is_condition(t); });
  for (const auto& t : previous.topics)
    if ((keeps_topics || (keeps_subject && kept_as_subject(t))) && !contains(a.topics, t) &&
        !(asks_normal_range && is_condition(t)) && !(asks_treatment_of_condition && t == "blood-test"sv) &&
        !(names_only_groups && is_group_of_people(t) &&  // "and children?" after pregnancy asks of children
          !(pregnant_and_adult && t == "pregnancy"sv))) {
      a.topics.push_back(t);
      a.inherited.push_back(t);
    }
  // "I take Lasix." - "What symptoms should I look for?": an aspect asked of a subject (a medicine, a disease)
  // that the last answer tied to one condition (its entry is tagged low magnesium) is asked of that condition,
  // not of either. Only of such a subject: after "how do I test my magnesium?", "what is normal?" is not asked
  // of low magnesium although the tests entry is tagged with it.
  const bool names_condition = std::any_of(a.topics.begin(), a.topics.end(), is_condition);
  // (A group of people is who asks, not a subject tied to a condition: "I'm 68" - "how much do I need?" - "and the
  // most from supplements?" asks the upper limit, not of low magnesium.)
  // Nor is a blood test: "my doctor ordered a magnesium blood test" - "what's a normal result?" asks the normal range
  // of anyone's test, not of low magnesium.
  const bool previous_subject = std::any_of(previous.topics.begin(), previous.topics.end(), [](const std::string& t) {
    return is_specific_topic(t) && !is_condition(t) && !is_group_of_people(t) && t != "blood-test"sv;
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
  // So is "why that number?" after an amount, and "why?" after any answer to what to do or how much ("should I take
  // magnesium with food?" - "why?"): why the answer is what it is, which its entry says. After what something is,
  // what causes it or what it does, "why?" asks for causes.
  static const WordSet kWhyAsksForCauses = {"definition", "causes", "symptoms", "risk-groups"};
  // ("How does that work?", "how so?" ask the same.)
  const bool asks_how_it_works =
      own_aspects.empty() &&
      (contains_phrase(raw_words, {"how", "does", "that", "work"}) ||
       contains_phrase(raw_words, {"how", "does", "it", "work"}) ||
       contains_phrase(raw_words, {"how", "does", "this", "work"}) || contains_phrase(raw_words, {"how", "so"}));
  const bool asks_why_of_tie =
      ((own_aspects.size() == 1 && own_aspects[0] == "causes"sv && contains(raw_words, std::string("why"))) ||
       asks_how_it_works) &&
      !has_specific_topic && a.stems.size() <= 2 &&
      (std::any_of(previous.topics.begin(), previous.topics.end(),
                   [](const std::string& t) { return is_related_mineral(t); }) ||
       std::any_of(previous.aspects.begin(), previous.aspects.end(),
                   [](const std::string& asp) { return kWhyAsksForCauses.count(asp) == 0; }));
  // ("Why does that happen?" asks the same: "happen" names nothing to search by. Nor does it when "why does it
  // happen?" asks for causes: the symptoms entry's "what happens when..." would match it.)
  // (Nor "work" in "how does that work?".)
  static const std::string happen = light_stem("happen");
  static const std::string work = light_stem("work");
  const auto drop_happen = [&](bool and_causes) {
    auto said_nothing = [&](const std::string& stem) { return stem == happen || (asks_how_it_works && stem == work); };
    a.terms.erase(std::remove_if(a.terms.begin(), a.terms.end(),
                                 [&](const QueryTerm& t) {
                                   return (and_causes && t.concept_id == "causes"sv) || said_nothing(t.stem);
                                 }),
                  a.terms.end());
    a.stems.erase(std::remove_if(a.stems.begin(), a.stems.end(), said_nothing), a.stems.end());
  };
  if (!asks_why_of_tie && contains(a.aspects, std::string("causes")) && contains(raw_words, std::string("why")))
    drop_happen(false);
  if (asks_why_of_tie) {
    a.aspects.erase(std::remove(a.aspects.begin(), a.aspects.end(), "causes"), a.aspects.end());
    drop_happen(true);
    // The answer given says why: what its entry declares it is about is asked again ("Should I take magnesium with
    // meals?" - "Why?" is answered by the entry on taking it with food, not by the one on foods).
    for (const auto& id : subject_of_last_answer(previous, kb))
      if (add_concept(a, id, kb)) a.inherited.push_back(id);
  }
  // "Do bananas have magnesium?" - "How much?": how much of it that food has.
  const bool asks_amount_in_food = own_aspects.size() == 1 && own_aspects[0] == "intake"sv && !has_specific_topic &&
                                   a.stems.size() <= 2 && contains(previous.aspects, "foods");
  if (asks_amount_in_food && !contains(a.aspects, "foods")) {
    a.aspects.push_back("foods");
    a.inherited.push_back("foods");
  }
  // (Whatever condition the conversation began with, how much a food has is the food's: "trying to fix my
  // magnesium with food" - "are pumpkin seeds good?" - "how much do they have?" asks the amount in pumpkin seeds.)
  if (asks_amount_in_food)
    for (const char* condition : {"hypomagnesemia", "hypermagnesemia"})
      if (contains(a.inherited, std::string(condition))) set_aside_concept(a, condition);
  // "What happens if you get too much magnesium?" - "ok and what happens if you're low on it?": a condition named
  // takes the place of the opposite one the conversation was on ("it" is magnesium), unless both are compared.
  for (const auto& [named, opposite] : {std::pair<const char*, const char*>{"hypomagnesemia", "hypermagnesemia"},
                                        std::pair<const char*, const char*>{"hypermagnesemia", "hypomagnesemia"}})
    if (contains(own_topics, std::string(named)) && contains(a.inherited, std::string(opposite)) &&
        !contains(a.aspects, std::string("comparison")))
      set_aside_concept(a, opposite);
  // "Which supplement is absorbed best?" - "what about getting it from food instead?": food in place of pills asks
  // which foods have magnesium, not about the supplements the conversation was on.
  static const WordSet kInPlace = {"instead", "forget", "rather", "skip", "ditch"};
  const bool asks_food_in_place =
      contains(own_aspects, std::string("foods")) &&
      std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kInPlace.count(w) > 0; });
  if (asks_food_in_place)
    for (const char* taken : {"supplements", "magnesium-forms"})
      if (contains(a.inherited, std::string(taken))) set_aside_concept(a, taken);
  // "is magnesium citrate ok to take as a supplement" - "and how much is too much?": the limit for supplements is one
  // for every form, so the form the conversation was on does not lead the search (its laxative entry would).
  // (Also "whats the max i can take": "whats" reads as a definition asked; and "how much is too much" reads as an
  // amount of too much magnesium.)
  const bool asks_only_limit =
      (contains(own_aspects, std::string("upper-limit")) ||
       (contains(own_aspects, std::string("intake")) && contains(own_topics, std::string("hypermagnesemia")))) &&
      std::all_of(own_aspects.begin(), own_aspects.end(), [](const std::string& asp) {
        return asp == "upper-limit"sv || asp == "intake"sv || asp == "definition"sv;
      });
  if (asks_only_limit && contains(a.inherited, std::string("magnesium-forms")) &&
      !contains(own_topics, std::string("magnesium-forms")))
    set_aside_concept(a, "magnesium-forms");
  // (And the food itself: "how much in one?" after bananas is answered by the line on bananas; and the earlier
  // question a message goes back to is asked again with its own words: "the European limit" - "and the US one?"
  // - "so the first one, who does it apply to?".)
  // (Not the words that named a subject carried over below: "zinc" is searched for once.)
  const auto names_previous_topic = [&](const std::string& stem) {
    return std::any_of(previous.topics.begin(), previous.topics.end(),
                       [&](const std::string& id) { return contains(content_stems(words_of(id)), stem); });
  };
  // "Is white bread a good source of magnesium?" - "Why not?": a bare "why" after a question about a food (and
  // nothing else: not a supplement taken "with food") asks why that food is as it is, so the earlier question's
  // own words are searched again (the line on refined grains answers it). (After other questions the entry that
  // answered says why: asks_why_of_tie above.)
  static const WordSet kBareWhy = {"why", "not", "so", "is", "that", "then", "but", "ok", "okay"};
  const bool asks_bare_why =
      contains(raw_words, std::string("why")) && own_topics.empty() && contains(previous.aspects, "foods") &&
      previous.topics == std::vector<std::string>{"magnesium"} &&
      std::all_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kBareWhy.count(w) > 0; });
  if (asks_amount_in_food || previous.gone_back_to || asks_bare_why)
    for (const auto& stem : previous.stems)
      if (!contains(a.stems, stem) && !(previous.gone_back_to && names_previous_topic(stem))) {
        a.stems.push_back(stem);
        a.terms.push_back({stem, ""});
      }
  // "Tell me about calcium" - "and potassium?": what was asked carries over, but "tell me about" (definition)
  // only says the person wants to know something, so it does not. So does it when the follow-up names only what
  // was already asked: "how much magnesium in almonds?" - "and an ounce of cashews?" (a food) still asks how much.
  // (Only a short "and ...?" that asks nothing in words of its own: "which foods could he like?" asks for foods.)
  static const WordSet kAsking = {"what", "which", "how", "why", "when", "where", "who", "can",
                                  "could", "does", "do", "is", "are", "should", "would", "will"};
  // ("What about cashews?" and "how about cashews?" ask the same as "and cashews?": "what" and "how" before
  // "about" ask nothing of their own.)
  const auto asks_in_own_words = [&] {
    for (size_t i = 0; i < raw_words.size(); ++i)
      if (kAsking.count(raw_words[i]) &&
          !((raw_words[i] == "what"sv || raw_words[i] == "how"sv) && i + 1 < raw_words.size() &&
            raw_words[i + 1] == "about"sv))
        return true;
    return false;
  };
  const bool names_only_what_was_asked =
      refers_back && !previous.told_in_same_message && raw_words.size() <= 6 && !own_aspects.empty() &&
      !asks_in_own_words() &&
      std::all_of(own_aspects.begin(), own_aspects.end(), [&](const std::string& asp) {
        return contains(previous.aspects, asp);
      });
  // "...asked to check my magnesium too. How are magnesium and calcium connected?": a message that names its own
  // subject and asks how it ties to magnesium asks that tie, not what was asked before (the test).
  static const WordSet kTie = {"connected", "connection", "linked", "link", "related", "relationship",
                               "relate", "tied", "tie"};
  // ("What happens if my magnesium is low?" - "and what does that do to my calcium?" asks what the one does to the
  // other mineral: the tie, of the condition talked about.)
  static const WordSet kDoesTo = {"affect", "affects", "effect", "impact"};
  const bool asks_what_it_does_to_mineral =
      std::any_of(own_topics.begin(), own_topics.end(), is_related_mineral) &&
      (contains_phrase(raw_words, {"do", "to"}) || contains_phrase(raw_words, {"does", "to"}) ||
       std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kDoesTo.count(w) > 0; }));
  const bool asks_tie_of_own_subject =
      has_specific_topic && own_aspects.empty() &&
      (asks_what_it_does_to_mineral ||
       std::any_of(raw_words.begin(), raw_words.end(), [](const std::string& w) { return kTie.count(w) > 0; }));
  if (asks_what_it_does_to_mineral && own_aspects.empty() && refers_back) inherit_topics(is_condition);
  // ("What does magnesium do?" - "and calcium?": what calcium does is not in the knowledge base, how it goes with
  // magnesium is, so what magnesium does in the body does not carry over to a mineral named next.)
  const bool moves_to_mineral = std::any_of(own_topics.begin(), own_topics.end(), [&](const std::string& t) {
    return is_related_mineral(t) && !contains(previous.topics, t);
  });
  if ((own_aspects.empty() && !asks_tie_of_own_subject) || asks_what_answer_covers || asks_why_of_tie ||
      names_only_what_was_asked) {
    for (const auto& asp : previous.aspects)
      if (!contains(a.aspects, asp) && asp != "definition"sv && !(asp == "role"sv && moves_to_mineral)) {
        a.aspects.push_back(asp);
        a.inherited.push_back(asp);
      }
  }
  // "What are the symptoms of hypomagnesemia?" - "And how is the opposite condition treated?": the other one.
  static const WordSet kOpposite = {"opposite", "reverse", "converse"};
  const bool asks_opposite = std::none_of(own_topics.begin(), own_topics.end(), is_condition) &&
                             std::any_of(raw_words.begin(), raw_words.end(),
                                         [](const std::string& w) { return kOpposite.count(w) > 0; });
  if (asks_opposite && std::count_if(a.topics.begin(), a.topics.end(), is_condition) == 1) {
    auto carried = std::find_if(a.topics.begin(), a.topics.end(), is_condition);
    const std::string other = *carried == "hypomagnesemia"sv ? "hypermagnesemia" : "hypomagnesemia";
    std::replace(a.inherited.begin(), a.inherited.end(), *carried, other);
    *carried = other;
    // ("Opposite" itself names nothing to search by: the diuretics entry's "do the opposite" is no answer.)
    const auto names_opposite = [](const std::string& stem) {
      for (const auto& w : kOpposite)
        if (stem == light_stem(w)) return true;
      return false;
    };
    a.stems.erase(std::remove_if(a.stems.begin(), a.stems.end(), names_opposite), a.stems.end());
    a.terms.erase(std::remove_if(a.terms.begin(), a.terms.end(),
                                 [&](const QueryTerm& t) { return t.concept_id.empty() && names_opposite(t.stem); }),
                  a.terms.end());
  }
  // (The blood test then only says how the person knows: "could that be why my magnesium came back low on my
  // bloodwork?" after a medicine asks about the medicine, not about tests.)
  if (asks_whether_it_is_why && contains(a.topics, std::string("blood-test")) &&
      std::any_of(a.inherited.begin(), a.inherited.end(), is_medicine))
    set_aside_concept(a, "blood-test");
  // "I've been feeling anxious and down for months" - "I read magnesium deficiency can cause that, is that true?":
  // whether the condition causes the signs told just before asks the condition's signs, searched with the words
  // that told them (as a story told in the same message is read: question_analyser.cpp, analyse_story).
  const bool asks_whether_it_causes_those_signs =
      refers_back && own_aspects == std::vector<std::string>{"causes"} && names_only_condition &&
      contains(previous.aspects, "symptoms") && !contains(previous.aspects, "causes");
  if (asks_whether_it_causes_those_signs) {
    std::replace(a.aspects.begin(), a.aspects.end(), std::string("causes"), std::string("symptoms"));
    a.terms.erase(std::remove_if(a.terms.begin(), a.terms.end(),
                                 [](const QueryTerm& t) { return t.concept_id == "causes"sv; }),
                  a.terms.end());
    for (const auto& stem : previous.stems)
      if (!contains(a.stems, stem)) {
        a.stems.push_back(stem);
        a.terms.push_back({stem, ""});
      }
  }
  // "How much magnesium do adults need?" - "can I get that from food alone?": the amount just given, asked of food,
  // asks whether food gives enough of it, not whether it gives too much, so "enough" joins the words searched
  // (fortieth session: it got the entry on too much from food). (Not after the upper limit, which food does not
  // count, nor with "too" or "much": "can I get too much of that from food?")
  static const WordSet kFood = {"food", "foods", "diet", "eating", "meals"};
  const bool asks_amount_from_food = refers_back && contains(previous.aspects, "intake") &&
                                     !contains(previous.aspects, "upper-limit") && kFood.contains_any(raw_words) &&
                                     contains(raw_words, std::string("get")) &&
                                     !contains(raw_words, std::string("too")) && !contains(raw_words, std::string("much"));
  if (asks_amount_from_food)
    for (const auto& stem : content_stems({"enough"}))
      if (!contains(a.stems, stem)) {
        a.stems.push_back(stem);
        a.terms.push_back({stem, ""});
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
    for (const auto& id : subject_of_last_answer(previous, kb)) {
      add_concept(a, id, kb);
      a.terms.push_back({light_stem(normalize_text(id)), id});
    }
  }
}

}  // namespace magchat
