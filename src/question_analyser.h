// Understands one message in its conversation: small talk, emergencies, spelling, concepts, scope, and
// what a follow-up inherits from earlier turns. Pure: no I/O, no database.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "knowledge_index.h"

namespace magchat {

// What earlier turns of a conversation were about (stored with each turn).
// What one earlier question of a conversation was about (ConversationContext::earlier).
struct EarlierSubject {
  std::vector<std::string> topics, aspects, stems;
  bool in_scope = false;
};

struct ConversationContext {
  std::vector<std::string> topics;   // concept ids
  std::vector<std::string> aspects;  // concept ids
  bool in_scope = false;
  // What was already given as answers in the conversation, oldest first (at most kMaxAnswered): FAQ entry ids,
  // and "entry-id#Section heading" for an article's sections. "Tell me more" is answered with something not yet said.
  std::vector<std::string> answered;
  static constexpr size_t kMaxAnswered = 12;
  // How many of `answered`, at its end, the last answer gave (its parts: 1 or 2; 0 when the last reply was not an
  // answer): "where did you get that?" asks about them.
  size_t last_answer_parts = 0;
  // Set only while a long message's question is analysed: the context is the story told before it in the same
  // message, which the question always continues. (Never stored.)
  bool told_in_same_message = false;
  // Set only while a message that goes back to an earlier question ("for the first question, ...") is analysed:
  // the context is that question's, whose own words the message asks about again. (Never stored.)
  bool gone_back_to = false;
  // Subjects the last message named that the knowledge base does not cover ("I'm on warfarin."), when it was not
  // answered: "Does magnesium interact with it?" after it asks about them, and gets the honest no_answer, not an
  // entry on other medicines.
  std::vector<std::string> not_covered;
  // The emergency rule (its name) that answered the last message, if one did: the next message may go on telling
  // the same emergency ("my 3 year old got into my magnesium pills" - "what do I do"), and is then answered the same
  // way (analyse_question).
  std::string emergency;
  // The content stems of the last question's own words: "how much in one?" after "are bananas a good source of
  // magnesium?" asks how much a banana has (follow_up.cpp).
  std::vector<std::string> stems;
  // The subjects of the questions before the last one, the most recent first (at most kMaxEarlier): "going back
  // to the zinc, ..." or "and for the first question?" is read in one of them (analyse_question).
  std::vector<EarlierSubject> earlier;
  static constexpr size_t kMaxEarlier = 4;
  // The last message asked what magnesium is good for and got no answer ("can magnesium help with cramps?"):
  // "what about leg cramps at night?" asks the same of them, and gets the same honest no_answer.
  bool asked_benefit = false;
  // Someone in the conversation was said to have kidney disease ("I have kidney disease stage 3", "my wife ... has
  // kidney disease"): kept for the rest of the conversation, so that a later "how much?" or "could she take 400mg?"
  // is declined as that person's dose, with the kidney caution (safety review, 2026-12-01).
  bool kidney_disease_told = false;
  // The kidney disease told was the asker's own ("I have chronic kidney disease", not "my dad has kidney failure"):
  // only then does a later "can I take magnesium for sleep?" ask who must be careful (review of 2026-12-01).
  bool own_kidney_disease_told = false;
  // The person said they are pregnant ("i'm 34 weeks pregnant"): kept for the rest of the conversation, so that
  // swelling with a pounding headache told later is read as the warning signs of pre-eclampsia (safety review,
  // 2026-12-01). Not a question about pregnancy, nor someone else's.
  bool pregnancy_told = false;
  // Someone in the conversation was said to drink heavily ("I drink a bottle of vodka a day"): a later "I want to stop
  // cold turkey tomorrow" is stopping heavy drinking (seventh safety review, finding 15).
  bool heavy_drinking_told = false;
  // The age the last message that named one age gave (0: none yet): "what about my 3 year old?" - "so 400 would be
  // fine for him?" is an amount for a 3-year-old (Analysis::child_amount), when the later message speaks of someone
  // else ("him", "she") and not of the asker.
  int age_told = 0;
  // A baby was told of ("my baby is 5 months old", "im breastfeeding my 3 month old"): kept for the rest of the
  // conversation, so that "could I give her a bit of my magnesium powder in her bottle" or "just a pinch, surely
  // that's fine?" is read as giving a supplement to a baby (Analysis::supplement_for_baby; safety review
  // 2026-12-01, third, finding 9).
  bool baby_told = false;
  // The amount in mg the last message asked about (Analysis::child_amount; 0: none): "I'm 25 and take 200mg magnesium
  // for sleep. fine?" - "and my little brother is 5, can he take one of mine?" asks it of a 5-year-old (safety
  // review 2026-12-01, fourth). Only the message just before: an amount is not carried further.
  double amount_told = 0;
  bool empty() const { return topics.empty() && aspects.empty(); }
};

// MoreWithoutSubject: "tell me more" with no earlier answer in the conversation to say more about.
// AboutMe: a question about the assistant itself ("are you a doctor?", "where do you get your information?").
// AboutThePerson: a statement that tells something about the person and asks nothing ("my son is 15", "I'm
// pregnant", "I have kidney disease"): it is acknowledged, and what it names is kept for the questions after it.
enum class MessageKind { Question, SmallTalk, Thanks, AboutMe, MoreWithoutSubject, AboutThePerson, Emergency };

// One meaningful word of a question: its stem, and the concept it helped name (empty if none). A passage covers
// the term when it contains the stem or is about the concept ("hypo" in "hypo magnesium" is covered by any
// passage about hypomagnesemia).
struct QueryTerm {
  std::string stem;
  std::string concept_id;
};

struct Analysis {
  MessageKind kind = MessageKind::Question;
  std::string emergency_rule;                                  // set for Emergency: the rule's name
  std::string emergency_reply;                                 // set for Emergency: the prompt that answers it
  bool follows_crisis = false;  // the previous turn was answered with the crisis lines (reply: crisis); this one is not
  // The previous turn was answered with the emergency reply (prompts/emergency.md); this one is not: "could
  // it be my magnesium?" right after "I suddenly have numbness ... going to pass out" (prompts/emergency_reminder.md).
  bool follows_emergency = false;
  std::vector<std::pair<std::string, std::string>> corrections;  // (typed, understood)
  std::string corrected_query;                                 // the message as understood; "" when unchanged
  std::vector<std::string> words;                              // normalized words after correction
  std::vector<std::string> stems;                              // content stems of `words`
  std::vector<QueryTerm> terms;                                // the same, with the concept each helped name
  std::vector<std::string> topics;                             // topics of this message and inherited ones
  std::vector<std::string> aspects;
  std::vector<std::string> inherited;                          // which of topics/aspects came from context
  bool in_scope = false;
  bool names_magnesium = false;   // the message itself names magnesium (not only a related mineral)
  // A story told before the question in the same message names magnesium ("...and my magnesium came back low.
  // Could the zinc be doing it?"): the message as a whole asks something of its own about magnesium.
  bool story_names_magnesium = false;
  // Causes of low magnesium (is_cause_of_low_magnesium) that a story told before the question names ("I have type 2
  // diabetes and high blood pressure. How many mg should I take for my condition?"): a declined dose brings their
  // entries.
  std::vector<std::string> story_causes;
  bool names_amount = false;      // the message names an amount ("500 mg", "400mg")
  // The message asks what magnesium does for something ("is magnesium good for cramps?", "can magnesium help
  // me sleep?", "does magnesium lower blood pressure?"): a benefit, which only an entry written for that
  // question may answer.
  bool asks_benefit = false;
  bool related_only = false;      // names a related mineral (calcium, zinc...) but not magnesium, without context
  // A question about magnesium only because it names a medicine whose tie to magnesium the knowledge base covers
  // and another subject ("Is Cipro safe to take while pregnant?", "can I drink beer while on doxycycline?"): it
  // may ask about the medicine and not magnesium at all, so only an entry phrased for it, or on everything it
  // names, answers it.
  bool only_medicine_in_scope = false;
  bool follow_up = false;
  // A follow-up that asks only for more on what was being discussed ("tell me more", "what else?"): it is
  // answered with the best entry on the conversation's subject not yet given (ConversationContext::answered).
  bool asks_for_more = false;
  // A follow-up that asks only for the last answer in fewer words ("ok just one line pls", "tl;dr"): it is answered
  // with the opening of the entry that gave the last answer (ConversationContext::answered), and keeps the context.
  bool asks_shorter = false;
  // "Where did you get that?", "are you sure?" right after an answer: where that answer comes from.
  bool asks_source = false;
  // The message asks whether to stop a medicine ("should I stop taking my omeprazole?", "can I come off lasix?"), or
  // to change a prescribed dose ("My doctor prescribed 800 mg... Should I cut it to 400 on my own?"):
  // whatever the knowledge base says about it, the reply first says not to do that without the prescriber.
  bool asks_to_stop_medicine = false;
  // The message asks what to do if someone swallows too much magnesium ("what do I do if my child swallows
  // magnesium pills", "what should I do if someone overdoses on magnesium"), or tells of a child who swallowed some
  // ("my daughter drank some epsom salt bath water"): not an emergency told as happening now, yet whatever the
  // knowledge base says, the reply first says whom to call (prompts/overdose_first.md).
  bool asks_what_to_do_after_swallowing = false;
  // The message asks for a dose worked out for one person ("just tell me my dose", "how much should I give my 6
  // year old for his constipation?"): unanswered, the reply says why no dose can be given (prompts/personal_dose.md).
  bool asks_personal_dose = false;
  // The message asks how much someone should take or be given, without a purpose that makes it a personal dose ("how
  // much magnesium should I take?", "how much should I give my 12 year old?", "what dose for my 5 year old?"): the
  // general figures answer, after a lead that a doctor or pharmacist who knows the person decides.
  bool asks_amount_to_take = false;
  // The message reads as another language (reads_as_other_language): if it cannot be answered, the reply gives the
  // emergency numbers first and says that magchat reads English (prompts/other_language.md), never "ask again with
  // the word magnesium".
  bool other_language = false;
  // The message asks for leave ("can I take...", "can I still take...", "is it ok to...", "is it safe..."): a reply
  // that opens with "Yes" must be answering exactly that.
  bool asks_permission = false;
  // The message starts with a question word, and so cannot be answered "yes" or "no" ("what about X?", a
  // follow-up that means "and X?", can).
  bool asks_open_question = false;
  // The message has neither a question word nor a verb that asks: keywords ("too much glycinate side effects") or
  // a statement ("I take lasix"). As a first message it asks no yes-or-no question; as a follow-up ("and PPIs?")
  // it asks the previous question again, which may be one.
  bool asks_in_no_words = false;
  // The message asks about magnesium itself and nothing more ("what can you tell me about magnesium?").
  bool about_magnesium_itself = false;
  // Stems of subjects the knowledge base is known not to cover (scope.yaml), and of words nothing knows
  // (a name such as "statins"): an answer must mention them.
  std::vector<std::string> not_covered_stems;
  // Those of them that scope.yaml lists as not covered ("warfarin", "migraines"), which the next message may ask
  // about as "it" (ConversationContext::not_covered); not unknown words, which are often just words ("hospitalised").
  std::vector<std::string> not_covered_subjects;
  // Medicine names the knowledge base has no entry on, listed beside medicines it covers ("I take furosemide,
  // lisinopril and levothyroxine"): instead of making the whole question unanswerable, the answer covers the others
  // and says plainly that it has nothing on these (prompts/uncovered_medicines.md). As typed, in message order.
  std::vector<std::string> uncovered_medicines;
  // The condition a blood result told in the message shows ("my mg level was 0.6, flagged low": hypomagnesemia),
  // when its reading is known; kept for the next turn even when this one is answered by the normal range, so that
  // "is that dangerous?" asks about low magnesium.
  std::string result_condition;
  // A test result told lies outside every reference range the knowledge base cites (TestResult::Reading): the
  // reply says first to contact the doctor who ordered the test (prompts/result_outside_ranges.md).
  bool result_outside_ranges = false;
  // A result inside every range the knowledge base cites but outside one of them ("1.6 mg/dL": under MedlinePlus's
  // 1.7): the reply says first that ranges differ and the doctor who ordered the test can say what it means
  // (prompts/result_outside_some_ranges.md).
  bool result_outside_some_ranges = false;
  // Signs of magnesium building up (weak, drowsy, slow reflexes...) told of someone with kidney disease who takes
  // magnesium ("my dad has kidney failure and has been using milk of magnesia every day... he's been weak and his
  // reflexes are slow"): the reply says first to contact their doctor today (prompts/buildup_signs.md).
  bool buildup_signs_with_kidney_disease = false;
  // A faint, or a racing, fluttering, skipping or irregular heartbeat, told of someone as happening today or since
  // yesterday, calmly ("had a bit of a faint episode this morning, feel ok now"): the reply says first to contact a
  // doctor today (prompts/heart_signs_today.md). Not set with the signs above, whose advice says the same.
  bool heart_signs_today = false;
  // Asks about giving a baby magnesium, a supplement or a remedy, or adding it to a bottle ("can i give the baby some
  // directly for colic", "just a pinch, surely that's fine?" after a baby was told): the reply says first that a
  // baby's magnesium comes only from breast milk, formula or food (prompts/baby_supplement.md), and the entry on the
  // limits for supplements, which says so, answers.
  bool supplement_for_baby = false;
  // The age (1 to 8) of a young child a magnesium laxative, antacid or supplement is to be given to, or was given, and
  // asked about ("is milk of magnesia ok for a 1 year old?", "I gave my 4 year old some magnesium citrate powder for
  // constipation, is that ok?"): its upper limit and "ask the child's doctor" come first. 0 when none.
  int product_for_young_child = 0;
  // Tells purging, laxatives used to lose weight, or starving oneself ("i make myself throw up after meals", "I use
  // laxatives every day to lose weight"): the reply says first to tell a doctor (prompts/eating_disorder.md).
  bool tells_disordered_eating = false;
  // Tells that someone who drinks heavily every day is stopping now or just stopped, or shakes while quitting ("I've
  // been drinking every day for years and I'm stopping cold turkey today"): the reply says first that withdrawal
  // belongs with a doctor today (prompts/stopping_heavy_drinking.md).
  bool stops_heavy_drinking = false;
  // Asks whether to take more magnesium than now ("should i take more magnesium to fix my low potassium"): whether
  // is that person's doctor's decision, said before what the knowledge base has (prompts/take_more.md).
  bool asks_to_take_more = false;
  // A child's age (1 to 8) and an amount in mg told together ("can my 3 year old have 400mg of magnesium"): the
  // answerer compares the amount with that age's upper limit, read from the knowledge base's entry on the limits,
  // and says so first when it is more (prompts/amount_over_child_limit.md).
  // (Also from age 9 on, when the limit is everyone's: age 0 then means an age not told.)
  struct ChildAmount {
    int age = 0;
    double mg = 0;
  };
  std::optional<ChildAmount> child_amount;

  // A statement outside magnesium in the middle of a conversation ("I'm a 16-year-old girl." - "I'm trying to eat
  // healthier this year." - "How much magnesium should I get?") keeps what the conversation was about: set to it.
  std::optional<ConversationContext> kept_context;

  // The concepts this turn was about, to store for the next turn (without `answered`: the answerer adds it). A
  // statement about the person asked nothing, so the symptoms it tells are not asked again by the next question
  // ("I have a poor appetite." - "Do I need more magnesium at my age?"); a question later in the same message
  // ("...pins and needles. Can a lack of magnesium do that?") reads them from `aspects`.
  ConversationContext context() const;
};

Analysis analyse_question(const std::string& message, const ConversationContext& previous, const KnowledgeIndex& kb);

// Takes a concept the message only told as context out of `a` ("...came back low on my bloodwork": the test;
// "Crohn's patient here...": the disease): its topic or aspect, and the terms and stems that would search for it.
void set_aside_concept(Analysis& a, const std::string& concept_id);

// The concepts (synonyms.yaml ids) that name a group of people: adults, children, pregnancy, older-adults.
const std::vector<std::string>& groups_of_people();
bool is_group_of_people(const std::string& concept_id);
// Every topic but magnesium: "magnesium" names the subject of the whole knowledge base, so it does not make a
// message about a topic.
bool is_specific_topic(const std::string& concept_id);
// Calcium, potassium, zinc and vitamin D: the minerals whose ties to magnesium the knowledge base covers.
bool is_related_mineral(const std::string& concept_id);
// Low and high magnesium, the two conditions: what a question can ask about any other subject.
bool is_condition(const std::string& concept_id);
// True when the topics name low or high magnesium and nothing else besides magnesium itself.
bool names_only_conditions(const std::vector<std::string>& topics);
// Supplements and forms of magnesium: what is taken, named beside a subject rather than being one ("Would taking
// magnesium prevent them?", "Will a magnesium supplement fix it?").
bool is_magnesium_product(const std::string& concept_id);
// Prescription medicines the knowledge base names (synonyms.yaml), and "medicine" itself. Not supplements,
// antacids or laxatives, which people start and stop on their own.
bool is_medicine(const std::string& concept_id);
// True for a concept named as a cause of low magnesium that has entries of its own: a medicine by kind ("diuretics",
// not "medicines" in general), alcohol, diabetes, gut disorders, a stomach bug.
bool is_cause_of_low_magnesium(const std::string& concept_id);
// True when `words` (of a whole message) tell that someone has kidney disease or is on dialysis, not only ask
// about the kidneys: "I have CKD stage 3", "my dad is on dialysis", not "what does kidney disease do to magnesium?".
bool tells_kidney_disease(const std::vector<std::string>& words);
// Whether `words` tell kidney disease of the person writing: tells_kidney_disease, in the first person, and no one
// else named ("I'm 45 and I have chronic kidney disease"; not "my dad has kidney failure").
bool tells_own_kidney_disease(const std::vector<std::string>& words);

// Whether the words tell that the person writing is pregnant: "i'm 34 weeks pregnant", "I'm pregnant with my second",
// "30 weeks with my second baby" (ConversationContext::pregnancy_told). Not "is it safe in pregnancy?", "my sister
// is pregnant", "if I get pregnant".
bool tells_own_pregnancy(const std::vector<std::string>& words);
// Whether the words tell of a baby: "my baby is 5 months old", "my 3 month old", "our newborn"
// (ConversationContext::baby_told). Not "baby spinach", "baby aspirin", "pregnant with my first baby".
bool tells_of_baby(const std::vector<std::string>& words);
// "my kidneys are healthy", "kidney function is normal", "kidneys are fine": no kidney disease told.
bool kidneys_said_to_be_fine(const std::vector<std::string>& words);
// Drinking heavily told of oneself or someone, not stopped long ago ("I drink a bottle of vodka a day").
bool tells_heavy_drinking(const std::vector<std::string>& words);
// A medicine or product with an entry of its own that says what weak kidneys change (a named medicine, antacids,
// laxatives, Epsom salt): asked beside kidney disease, that entry answers, not the general caution.
bool has_own_kidney_advice(const std::string& concept_id);

}  // namespace magchat
