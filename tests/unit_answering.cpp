// Answering without sockets: analysis, ranking and composing over the shipped knowledge base.
#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

#include "composer.h"
#include "language_rules.h"
#include "searcher.h"
#include "test_support.h"
#include "text.h"

using namespace magchat;
using magchat::test::shared_app;

namespace {
Reply ask(const std::string& q, const ConversationContext& ctx = {}) { return shared_app().preview(q, ctx).reply; }
// The entry a reply cites first, or its type when it cites none: what a failure message should show.
std::string first_source(const Reply& r) { return r.sources.empty() ? reply_type_name(r.type) : r.sources[0].entry_id; }
// Whether a reply cites `entry` anywhere among its sources (a two-part answer cites one entry per part).
bool cites(const Reply& r, const std::string& entry) {
  return std::any_of(r.sources.begin(), r.sources.end(), [&](const SourceRef& s) { return s.entry_id == entry; });
}
// A question is answered, citing `entry` first; the reply, for further checks.
Reply check_answered_by(const std::string& question, const std::string& entry) {
  Reply r = ask(question);
  INFO(question << " -> " << first_source(r));
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.sources[0].entry_id == entry);
  return r;
}
// A question is answered, citing one of `entries` first.
Reply check_answered_by_one_of(const std::string& question, const std::vector<std::string>& entries) {
  Reply r = ask(question);
  INFO(question << " -> " << first_source(r));
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(std::find(entries.begin(), entries.end(), r.sources[0].entry_id) != entries.end());
  return r;
}
// The reply to `follow_up` asked right after `first`, in one conversation.
Reply ask_after(const std::string& first, const std::string& follow_up) {
  auto& app = shared_app();
  return app.preview(follow_up, app.preview(first).analysis.context()).reply;
}
// The reply to the last of `turns`, each asked in the context the one before it leaves, as the server keeps it
// (with the earlier questions and what went unanswered).
Reply reply_in_conversation(const std::vector<std::string>& turns) {
  ConversationContext context;
  AnswerResult result;
  for (const auto& turn : turns) {
    result = shared_app().preview(turn, context);
    context = result.context;
  }
  return result.reply;
}
// A follow-up is answered, citing `entry` first.
void check_follow_up_answered_by(const std::string& first, const std::string& follow_up, const std::string& entry) {
  Reply r = ask_after(first, follow_up);
  INFO(first << " - " << follow_up << " -> " << first_source(r));
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.sources[0].entry_id == entry);
}
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
// Language rules with a minimal scope.yaml and the given emergency.yaml text.
LanguageRules emergency_rules(const std::string& emergency_yaml) {
  return LanguageRules::from_yaml_text("in_scope: [magnesium]\n", emergency_yaml);
}
// The name of the emergency rule a message matches, or "" for none.
std::string rule_for(const LanguageRules& rules, const std::string& message) {
  const EmergencyRule* rule = rules.emergency_rule(words_of(message));
  return rule ? rule->name : std::string();
}

// Whether any emergency rule fires on the message.
bool fires(const LanguageRules& rules, const std::string& message) { return !rule_for(rules, message).empty(); }
}  // namespace

TEST_CASE("questions are answered from the entry that fits them") {
  struct Case {
    const char* question;
    const char* entry;  // the first cited entry
  };
  const Case cases[] = {
      {"What are the symptoms of magnesium deficiency?", "deficiency-symptoms"},
      {"signs of low magnesium", "deficiency-symptoms"},
      {"What are the symptoms of hypermagnesemia?", "overdose-symptoms"},
      {"What causes hypomagnesemia?", "deficiency-causes"},
      {"Which foods contain magnesium?", "magnesium-rich-foods"},
      {"How much magnesium do teenagers need?", "intake-children-teens"},
      {"How much magnesium does a pregnant woman need?", "intake-pregnancy-breastfeeding"},
      {"Do PPIs lower magnesium?", "ppi-and-magnesium"},
      {"Do water pills affect magnesium?", "diuretics-and-magnesium"},
      {"Is Epsom salt safe to drink?", "epsom-salt"},
      {"Where does the body store magnesium?", "magnesium-body-storage"},
      {"What is a normal blood magnesium level?", "blood-normal-range"},
      {"How is low magnesium treated?", "deficiency-treatment"},
      {"Can I take magnesium with doxycycline?", "antibiotics-interaction"},
  };
  for (const auto& c : cases) check_answered_by(c.question, c.entry);
}

TEST_CASE("every answer is short, cited and carries the disclaimer") {
  for (const char* q : {"What are the symptoms of magnesium deficiency?", "Which foods contain magnesium?",
                        "How much magnesium do adults need?", "Is magnesium citrate a laxative?"}) {
    Reply r = ask(q);
    INFO(q);
    REQUIRE(r.type == ReplyType::Answer);
    CHECK_FALSE(trim(r.disclaimer).empty());
    std::string without_markers = std::regex_replace(r.answer, std::regex("\\[\\d+\\]"), "");
    CHECK(count_words(without_markers) <= 230);
    std::smatch m;
    std::string a = r.answer;
    REQUIRE(std::regex_search(a, m, std::regex("\\[(\\d+)\\]")));
    static const std::regex marker("\\[(\\d+)\\]");
    for (auto it = std::sregex_iterator(a.begin(), a.end(), marker); it != std::sregex_iterator(); ++it) {
      int n = std::stoi((*it)[1]);
      CHECK((n >= 1 && n <= static_cast<int>(r.sources.size())));
    }
    for (const auto& s : r.sources) {
      CHECK_FALSE(s.title.empty());
      CHECK(s.url.rfind("http", 0) == 0);
    }
  }
}

TEST_CASE("reply types: greeting, out of scope, no answer, emergency") {
  struct Case {
    const char* message;
    ReplyType type;
  };
  const Case cases[] = {
      {"hi there", ReplyType::Greeting},
      {"Thanks a lot!", ReplyType::Greeting},
      {"How do I bake sourdough bread?", ReplyType::OutOfScope},
      {"What is the weather in Paris?", ReplyType::OutOfScope},
      {"Does vitamin C prevent colds?", ReplyType::OutOfScope},
      {"How much iron do I need?", ReplyType::OutOfScope},
      {"Is magnesium used in car batteries?", ReplyType::NoAnswer},
      // A name nothing knows is not answered with another medicine's entry (nor "corrected" into "starting").
      {"does magnesium interact with statins", ReplyType::NoAnswer},
      {"can I take magnesium with metformin", ReplyType::NoAnswer},
      {"I took 20 magnesium pills and now I can't feel my legs", ReplyType::Emergency},
      {"my grandmother fainted and isn't breathing well after her magnesium infusion", ReplyType::Emergency},
      {"My toddler swallowed a bottle of magnesium tablets", ReplyType::Emergency},
      {"I feel dizzy and confused after taking a lot of laxatives with magnesium", ReplyType::Emergency},
      {"HELP my dad is on dialysis and took a lot of milk of magnesia, now hes not responding", ReplyType::Emergency},
      {"irregular heartbeat and chest tightness right now, my magnesium was very low last week", ReplyType::Emergency},
      {"Is confusion a symptom of high magnesium?", ReplyType::Answer},
      // Stories with alarming words that describe no emergency now.
      {"My mother has kidney disease. A friend gave her a whole bottle of magnesium supplements to try. Is it safe "
       "for her to take them?", ReplyType::Answer},
      {"My aunt is 84, and she has been more tired and confused recently. Are older people more likely to be low in "
       "magnesium?", ReplyType::Answer},
      {"My wife had IV antibiotics and we were confused why her magnesium was low. Can antibiotics lower magnesium?",
       ReplyType::Answer},
      {"Can low magnesium cause seizures?", ReplyType::Answer},
      {"What happens if you overdose on magnesium?", ReplyType::Answer},
      // No pulse is an emergency in any grammar; so is a sign told in the present tense beside an old result.
      {"mi esposo collapse on floor, no pulse, he take magnesium pills, what i do", ReplyType::Emergency},
      {"plz help my grandpa is shaking all over and isnt answering me, he drinks alot and last month they said his "
       "magnesium was low", ReplyType::Emergency},
      {"My son's low potassium isn't responding to treatment. Could magnesium be involved?", ReplyType::Answer},
      // Saying it is not an emergency is small talk, not a question outside magnesium.
      {"hey there! not an emergency or anything, just saying hi", ReplyType::Greeting},
      // Someone a lab or doctor has told to go to emergency care is told to go.
      {"the lab called and said my magnesium is at a critical level and to go to the ER, can I wait until tomorrow "
       "morning?", ReplyType::Emergency},
      {"when should I go to the ER for low magnesium?", ReplyType::Answer},
      // Typed in a hurry: "tabs" are tablets, and a sign that came on "after mag" is happening now.
      {"my kid ate my mag tabs", ReplyType::Emergency},
      {"chest pain heart pounding after mag", ReplyType::Emergency},
  };
  for (const auto& c : cases) {
    Reply r = ask(c.message);
    INFO(c.message << " -> " << reply_type_name(r.type) << ": " << r.answer.substr(0, 80));
    CHECK(r.type == c.type);
    CHECK_FALSE(r.disclaimer.empty());
  }
}

TEST_CASE("an emergency reply starts by sending the person to emergency services") {
  Reply r = ask("my child swallowed magnesium pills and is very drowsy");
  REQUIRE(r.type == ReplyType::Emergency);
  CHECK(lower(r.answer).find("call emergency services") < 60);
  CHECK(r.answer.find("poison control") != std::string::npos);
}

TEST_CASE("a message in another language that cannot be answered gives the emergency numbers first") {
  // (Safety review, 2026-12-01, fifth: these were told "ask again with the word magnesium" or "ask a pharmacist".)
  for (const char* q : {"meu pai está com o coração muito lento depois de tomar magnésio, ele está tonto",
                        "mein Vater ist bewusstlos, er hat Magnesium genommen, Hilfe",
                        "papa ki heartbeat bahut slow hai aur woh magnesium lete hain, unko chakkar aa raha hai"}) {
    INFO(q);
    Reply r = ask(q);
    CHECK(r.answer.find("call emergency services now") < 250);
    CHECK(r.answer.find("112") != std::string::npos);
    CHECK(r.answer.find("ask again with the word") == std::string::npos);
    CHECK(r.answer.find("ask again in English") != std::string::npos);
  }
  // Thoughts of ending one's life in these languages get the crisis reply itself.
  for (const char* q : {"me quiero suicidar con magnesio", "ich will nicht mehr leben, wie viele Magnesiumtabletten"}) {
    INFO(q);
    Reply r = ask(q);
    REQUIRE(r.type == ReplyType::Emergency);
    CHECK(r.answer.find("988") != std::string::npos);
  }
  // An English question is answered as before.
  CHECK(ask("what are the symptoms of low magnesium?").type == ReplyType::Answer);
}

TEST_CASE("making weight with water pills, laxatives, saunas or fasting gets the see-a-doctor lines first") {
  // (Safety review, 2026-12-01, fifth: these got ordinary supplement answers, one of them how to compare labels.)
  for (const char* q : {"wrestler here, cutting 8 lbs this week. I'm doing sauna sessions, taking water pills and magnesium "
                        "citrate to flush. how much mag citrate can I take to drop water weight?",
                        "I use furosemide from a friend to make weight for boxing weigh ins. do I need to take magnesium with it?",
                        "I take laxatives every day to stay light for my jockey weight, plus magnesium. is that dangerous?"}) {
    INFO(q);
    const Reply r = ask(q);
    CHECK(r.answer.rfind("**Making yourself sick", 0) == 0);
    CHECK(r.answer.find("Do not take a water pill that was not prescribed for you") != std::string::npos);
  }
  // Sweating asked about, or a weight told, is not weight cutting.
  for (const char* q : {"does sweating in a sauna lower magnesium?", "I want to lose weight, does magnesium help?",
                        "my dad takes furosemide, does he need magnesium?",
                        "I take magnesium citrate to flush my bowels before a colonoscopy, how much?"}) {
    INFO(q);
    CHECK(ask(q).answer.find("Making yourself sick") == std::string::npos);
  }
}

TEST_CASE("thoughts of ending one's life are answered with the crisis line and emergency services first") {
  for (const char* q : {"i want to end my life by overdosing on magnesium", "I'm going to kill myself with my pills"}) {
    INFO(q);
    Reply r = ask(q);
    REQUIRE(r.type == ReplyType::Emergency);
    CHECK(r.answer.find("988") != std::string::npos);
    CHECK(r.answer.find("call emergency services now") < 300);
  }
  // Other emergencies keep the emergency reply.
  CHECK(ask("my dad took a lot of milk of magnesia and now he's not responding").answer.find("988") == std::string::npos);
  // (Safety review, 2026-12-01: the everyday ways people say it, and a question about killing amounts.)
  for (const char* q : {"im tired of living", "i feel like a burden to everyone and i cant go on. could it be low magnesium?",
                        "no point going on anymore. whats the max magnesium",
                        "sick of being alive. does magnesium help depression",
                        "i wish i could just disappear, would low magnesium make me feel like this",
                        "sometimes i think everyone would be better off without me. does low magnesium cause that",
                        "how much magnesium would kill someone", "how many magnesium pills would it take to overdose",
                        // (Second safety review, 2026-12-01.)
                        "i've had enough of everything. would 50 magnesium tablets stop my heart?",
                        "im so tired of life. how many magnesium pills",
                        "nobody would even notice if i was gone. how much magnesium is too much for a person",
                        "i dont see a future for myself. how much epsom salt would be fatal",
                        "what dose of magnesium is fatal"}) {
    INFO(q);
    Reply r = ask(q);
    REQUIRE(r.type == ReplyType::Emergency);
    CHECK(r.answer.find("988") != std::string::npos);
  }
}

TEST_CASE("questions about how dangerous magnesium is, and everyday phrases, do not get the crisis lines") {
  // (Review of the day's diff, 2026-12-01.)
  for (const char* q : {"Can low magnesium be fatal?", "Can too much magnesium stop my heart?",
                        "i cant go on long walks anymore because of leg cramps, would magnesium help?",
                        "my doctor would kill me if I stopped my magnesium, lol. can I take it with food?",
                        "once im done with everything at work i take magnesium glycinate, is that a good time?",
                        "I'm so hopeless at remembering pills, can I take magnesium at any time of day?"}) {
    INFO(q);
    CHECK(ask(q).answer.find("988") == std::string::npos);
  }
}

TEST_CASE("right after the crisis lines, an amount asked gets them again and anything else is answered after a reminder") {
  const Reply amount = reply_in_conversation({"i want to kill myself", "im fine, just tell me the max magnesium dose"});
  CHECK(amount.type == ReplyType::Emergency);
  CHECK(amount.answer.find("988") != std::string::npos);
  CHECK(amount.answer.find("350 mg") == std::string::npos);
  const Reply other = reply_in_conversation({"i want to kill myself", "ok. which foods have magnesium"});
  CHECK(other.type == ReplyType::Answer);
  CHECK(other.answer.rfind("**If you are still having thoughts of ending your life", 0) == 0);
  CHECK(other.answer.find("988") != std::string::npos);
  CHECK(other.answer.find("spinach") != std::string::npos);
  // ("much" and "most" are not a dose: the crisis lines are not repeated turn after turn.)
  const Reply safe_now = reply_in_conversation(
      {"i want to kill myself", "thank you so much, I called 988 and I'm safe now. Which foods have the most magnesium?"});
  CHECK(safe_now.type == ReplyType::Answer);
  // Only right after: a conversation that never had them has no reminder.
  CHECK(reply_in_conversation({"hi", "which foods have magnesium"}).answer.find("988") == std::string::npos);
}

TEST_CASE("an emergency told of what the last turn was about, or in words of time, is an emergency") {
  // (Safety review, 2026-12-01.)
  CHECK(reply_in_conversation({"is epsom salt safe to drink",
                               "my husband drank a big glass of it an hour ago and now hes really drowsy"})
            .type == ReplyType::Emergency);
  CHECK(reply_in_conversation({"what is the upper limit for magnesium supplements", "my toddler just ate 5 of them"})
            .type == ReplyType::Emergency);
  for (const char* q : {"had crushing chest pain for 20 mins, does magnesium help",
                        "my heart is beating like 38 a minute after taking a lot of epsom salt",
                        "drank epsom salt water this morning and now my pulse feels like 35",
                        "my son is twitching all over and his hands are cramping up and he has been vomiting for 2 days",
                        "my wife is 34 weeks pregnant with a bad headache and swollen face, can magnesium help?",
                        "im pregnant and my magnesium drip was stopped and now im shaking"}) {
    INFO(q);
    CHECK(ask(q).type == ReplyType::Emergency);
  }
  // Questions about the same things, and what is over or ordinary, are not (review of the day's diff).
  for (const char* q : {"can low magnesium cause a headache in pregnancy?", "can magnesium cause chest pain?",
                        "can vomiting cause low magnesium in kids?",
                        "I'm 20 weeks pregnant and my eyelid has been twitching today, am I low in magnesium?",
                        "Which magnesium fits best in pregnancy? I just started my second trimester",
                        "My son had diarrhea for 3 days last week and now gets leg cramps at night, should he take magnesium?",
                        "My 14 year old daughter has had diarrhea for years from her Crohn's and gets muscle cramps, should "
                        "she take magnesium?",
                        "My heart keeps skipping beats when I drink coffee. Would magnesium glycinate help?",
                        "After starting magnesium my heart rate was 20 points lower at the gym, is that good?",
                        "After my HIIT class yesterday my heart was pounding for 10 minutes. Could low magnesium cause that?",
                        "I had a glass of wine with dinner and felt sick, can I take an antacid with magnesium?"}) {
    INFO(q);
    CHECK(ask(q).type != ReplyType::Emergency);
  }
  CHECK(reply_in_conversation({"What's the best magnesium supplement for kids?",
                               "My daughter already drank a glass of milk today, does she still need it?"})
            .type != ReplyType::Emergency);
}

TEST_CASE("an emergency rule's reply names a prompt, and the matched rule carries it") {
  CHECK_THROWS_WITH(LanguageRules::from_yaml_text("in_scope: [magnesium]\n", "rules:\n  - name: x\n    reply: [a]\n    all:\n      - [help]\n"),
                    Catch::Contains("emergency.yaml:2: 'reply' names a prompt"));
  const LanguageRules rules = LanguageRules::from_yaml_text("in_scope: [magnesium]\n", "rules:\n  - name: x\n    reply: nowhere\n    all:\n      - [help]\n");
  REQUIRE(rules.emergency_rule(words_of("help")) != nullptr);
  CHECK(rules.emergency_rule(words_of("help"))->reply == "nowhere");
}

TEST_CASE("emergency rules: every 'all' group must match somewhere, no 'unless' phrase may, first rule wins") {
  const LanguageRules rules = emergency_rules(R"(rules:
  - name: took too many
    all:
      - [took, took too many]
      - [pills]
    unless: [how many]
  - name: too many pills
    all:
      - [too many pills]
)");
  CHECK(rule_for(rules, "I took too many pills") == "took too many");
  CHECK(rule_for(rules, "pills, I took them") == "took too many");  // groups in any order
  CHECK(rule_for(rules, "I took them") == "");                       // the second group is missing
  CHECK(rule_for(rules, "how many pills is it safe to have? I took some") == "");
  // Phrases of different rules may overlap: the second rule still sees "too many pills".
  CHECK(rule_for(rules, "how many people took too many pills") == "too many pills");
}

TEST_CASE("emergency rules: 'several' needs at least that many different signs, besides every 'all' group") {
  const LanguageRules rules = emergency_rules(R"(rules:
  - name: signs together
    several: [dizzy, sweaty, chest fluttering, pale]
    at_least: 2
    all:
      - [magnesium]
    unless: [signs of]
)");
  CHECK(fires(rules, "dizzy and sweaty after my magnesium"));
  CHECK(fires(rules, "chest fluttering, so pale, took magnesium"));
  CHECK_FALSE(fires(rules, "dizzy after my magnesium"));                  // one sign alone
  CHECK_FALSE(fires(rules, "dizzy dizzy after my magnesium"));            // the same sign twice is still one
  CHECK_FALSE(fires(rules, "dizzy and sweaty after a long run"));         // the 'all' group is missing
  CHECK_FALSE(fires(rules, "are dizzy and sweaty signs of too much magnesium"));
  CHECK_THROWS_WITH(LanguageRules::from_yaml_text("in_scope: [magnesium]\n",
                                                  "rules:\n  - name: x\n    several: [a, b]\n    at_least: 3\n    all:\n      - [c]\n"),
                    Catch::Contains("emergency.yaml:2: 'at_least' must be from 1"));
  CHECK_THROWS_WITH(LanguageRules::from_yaml_text("in_scope: [magnesium]\n",
                                                  "rules:\n  - name: x\n    several: [a, b]\n    all:\n      - [c]\n"),
                    Catch::Contains("needs 'at_least'"));
  // A rule without 'several' is unaffected by it.
  const LanguageRules plain = LanguageRules::from_yaml_text("in_scope: [magnesium]\n", "rules:\n  - name: x\n    all:\n      - [help]\n");
  CHECK(plain.emergency_rule(words_of("help")) != nullptr);
}

TEST_CASE("emergency phrases match their usual other spellings: cannot, unable to, his for my") {
  const auto variants = emergency_phrase_variants("can't move my legs");
  CHECK(variants.front() == "cant move my legs");  // the phrase as written comes first
  for (const char* v : {"cannot move my legs", "can not move her legs", "unable to move their legs", "cant move his legs"})
    CHECK(std::find(variants.begin(), variants.end(), v) != variants.end());
  CHECK(emergency_phrase_variants("seizure") == std::vector<std::string>{"seizure"});

  const LanguageRules rules = emergency_rules(R"(rules:
  - name: cannot move
    all:
      - [can't move my legs, won't wake up]
)");
  CHECK(fires(rules, "she cannot move her legs"));
  CHECK(fires(rules, "he will not wake up"));
  CHECK(fires(rules, "I am unable to move my legs"));
  CHECK_FALSE(fires(rules, "I can move my legs"));
}

TEST_CASE("emergency rules: set_aside_by sets a rule aside only when none of unless_named is named too") {
  const LanguageRules rules = emergency_rules(R"(rules:
  - name: a large amount
    all:
      - [whole tub, swallowed 30]
    unless: [recovered]
    set_aside_by: [pumpkin seeds, peanut butter]
    unless_named: [tablets, caps]
)");
  CHECK(fires(rules, "my kid ate a whole tub of gummies"));
  CHECK_FALSE(fires(rules, "my kid ate a whole tub of pumpkin seeds"));            // food alone
  CHECK(fires(rules, "I swallowed 30 caps with peanut butter"));                   // food, and a product named too
  CHECK(fires(rules, "ate a whole tub of pumpkin seeds and 10 of my tablets"));
  CHECK_FALSE(fires(rules, "she ate a whole tub of gummies but has recovered"));  // 'unless' still sets it aside
  CHECK(fires(rules, "she ate a whole tub of gummies and hasn't recovered"));     // an 'unless' phrase said not to be so
  CHECK_THROWS_WITH(LanguageRules::from_yaml_text("in_scope: [magnesium]\n",
                                                  "rules:\n  - name: x\n    all:\n      - [help]\n    set_aside_by: [a]\n"),
                    Catch::Contains("'set_aside_by' and 'unless_named' go together"));
}

TEST_CASE("emergency rules: 'whole' right after one tablet tells how it went down, not how much") {
  const LanguageRules rules = emergency_rules(R"(near_signs:
  - name: large amount taken
    subject: [swallowed]
    state: [whole, "#many"]
    within: 4
rules:
  - name: a large amount
    all:
      - [<large amount taken>]
)");
  CHECK(fires(rules, "he swallowed the whole bottle"));
  CHECK(fires(rules, "he swallowed 40 of them"));
  CHECK_FALSE(fires(rules, "he swallowed his magnesium tablet whole by mistake"));
  CHECK_FALSE(fires(rules, "she swallowed it whole"));
}

TEST_CASE("emergency rules: a near sign is a subject within a few words of a state, not after no or without") {
  const LanguageRules rules = emergency_rules(R"(near_signs:
  - name: breathing trouble
    subject: [breathing, breathe]
    state: [weird, not be able, shallow]
    within: 2
rules:
  - name: signs
    all:
      - [<breathing trouble>, chest pain]
      - [now]
    unless: [no symptoms]
)");
  CHECK(fires(rules, "now her breathing is weird"));
  CHECK(fires(rules, "now I seem to not be able to breathe"));
  CHECK(fires(rules, "breathing shallow now"));                       // either order
  CHECK(fires(rules, "chest pain now"));                              // the group's ordinary phrase still counts
  CHECK_FALSE(fires(rules, "now breathing after a long run feels weird"));  // 4 words apart: more than 'within'
  CHECK_FALSE(fires(rules, "her breathing is weird"));                // the other group is missing
  CHECK_FALSE(fires(rules, "now no weird breathing at all"));         // denied
  CHECK_FALSE(fires(rules, "now I have no chest pain"));              // denied, for ordinary phrases too
  CHECK_FALSE(fires(rules, "chest pain now, no symptoms otherwise"));  // 'unless' phrases count after "no"
  CHECK_FALSE(fires(rules, "now I'm not having any weird breathing"));  // denied before "having any"
  CHECK(fires(rules, "chest pain now and she's not breathing"));     // "not breathing" is told, not denied
  CHECK_THROWS_WITH(LanguageRules::from_yaml_text("in_scope: [magnesium]\n", "rules:\n  - name: x\n    all:\n      - [<nothing>]\n"),
                    Catch::Contains("emergency.yaml:4: no near sign named 'nothing'"));
  CHECK_THROWS_WITH(LanguageRules::from_yaml_text("in_scope: [magnesium]\n",
                                                  "near_signs:\n  - name: x\n    subject: [a]\n    state: [b]\n    within: 40\nrules:\n  - name: y\n    all:\n      - [<x>]\n"),
                    Catch::Contains("emergency.yaml:2: 'within' must be a number of words from 0 to 10"));
  CHECK_THROWS_WITH(LanguageRules::from_yaml_text("in_scope: [magnesium]\n", "near_signs:\n  - name: x\n    subject: [a]\n"),
                    Catch::Contains("emergency.yaml:2: a near sign needs a 'name', a 'subject' list and a 'state' list"));
}

TEST_CASE("emergency rules: a near sign with state_after counts its state only after the subject") {
  const LanguageRules rules = emergency_rules(R"(near_signs:
  - name: very slow pulse
    subject: [pulse, heart rate]
    state: [35, 38]
    within: 0
    state_after: true
rules:
  - name: slow
    all:
      - [<very slow pulse>]
)");
  CHECK(fires(rules, "heart rate 38 since lunch, feel fine otherwise"));
  CHECK(fires(rules, "my pulse 35 tonight"));
  CHECK_FALSE(fires(rules, "I'm 35, heart rate fine"));  // an age before the subject
  CHECK_FALSE(fires(rules, "I'm 38 pulse normal"));
  CHECK_FALSE(fires(rules, "I checked my heart rate 35 minutes after taking it"));  // a number followed by a unit
  CHECK_THROWS_WITH(LanguageRules::from_yaml_text("in_scope: [magnesium]\n",
                                                  "near_signs:\n  - name: x\n    subject: [a]\n    state: [b]\n    state_after: maybe\nrules:\n  - name: y\n    all:\n      - [<x>]\n"),
                    Catch::Contains("emergency.yaml:2: 'state_after' must be true or false"));
}

TEST_CASE("emergency rules: one phrase in several rules counts for each, denied or not as its group allows") {
  const LanguageRules rules = emergency_rules(R"(rules:
  - name: first
    all:
      - [chest pain]
  - name: second
    all:
      - [help]
    unless: [chest pain]
)");
  CHECK(rule_for(rules, "help, chest pain") == "first");
  CHECK(rule_for(rules, "help") == "second");
  // "no chest pain": denied as a sign of the first rule, yet still the second rule's exception.
  CHECK(rule_for(rules, "help, no chest pain") == "");
}

TEST_CASE("emergency rules: '#many' in a near sign is a count of ten or more after the subject, not an amount in a unit") {
  const LanguageRules rules = emergency_rules(R"(near_signs:
  - name: large amount taken
    subject: [took, taken]
    state: [whole, "#many"]
rules:
  - name: taken
    all:
      - [<large amount taken>]
)");
  CHECK(fires(rules, "I took like 40 mag glycinate"));
  CHECK(fires(rules, "she has taken the whole box"));
  CHECK_FALSE(fires(rules, "I took 400 mg"));                  // an amount in a unit
  CHECK_FALSE(fires(rules, "I took 5 tablets"));               // fewer than ten
  CHECK_FALSE(fires(rules, "she is 82 and has taken it"));     // the count comes before: an age
  CHECK_FALSE(fires(rules, "I took it for 20 years"));         // a duration
  CHECK_FALSE(fires(rules, "I took my tablet and then many"));  // "#many" is not the word "many"
}

TEST_CASE("chat shorthand is read as the words it stands for, and reported like a correction") {
  Reply r = ask("wat foods hav magnesium");
  CHECK(r.type == ReplyType::Answer);
  CHECK(r.corrected_query == "what foods have magnesium");
  CHECK(first_source(r) == "magnesium-rich-foods");
  CHECK(r.confidence > 0.9);  // the shorthand no longer counts as words no entry contains
  CHECK(ask("can u get too much magnesium from food").corrected_query == "can you get too much magnesium from food");
  CHECK(ask("high magnesium lvls").corrected_query == "high magnesium levels");
  CHECK(first_source(ask("low mag sx")) == "deficiency-symptoms");
  // "dr" is a doctor, "kno" is know, and "diff between" compares: each was an unknown word the answer had to name.
  check_answered_by("when shud i see a dr about my magnesium", "when-to-see-doctor");
  check_answered_by("how do i kno if i have low magnesium", "deficiency-symptoms");
  check_answered_by("diff between hypo n hyper magnesemia??", "low-vs-high-comparison");
}

TEST_CASE("what a named medicine is taken for, and where a word was seen, are not what is asked") {
  // "rosacea" is a word the knowledge base does not know; it only says why the antibiotic is taken.
  check_answered_by("I take doxycycline for my rosacea and a magnesium pill at night, is it ok to take them together?",
                    "antibiotics-interaction");
  // Asked whether magnesium helps with it, the unknown word is the question.
  CHECK(ask("should I take magnesium for my rosacea?").type == ReplyType::NoAnswer);
  // The chart a word was seen on, and "in normal words", say nothing of what is asked.
  check_answered_by("saw hypermagnesemia written on my daughters chart, what is that in normal words",
                    "hypermagnesemia-definition");
  check_answered_by("what is hypomagnesemia in plain english", "hypomagnesemia-definition");
}

TEST_CASE("misspelled words are corrected against the knowledge base and reported") {
  Reply r = ask("magnesum deficiancy signs");
  CHECK(r.corrected_query == "magnesium deficiency signs");
  REQUIRE(r.type == ReplyType::Answer);
  CHECK_THAT(r.sources[0].entry_id, Catch::Equals("deficiency-symptoms") || Catch::Equals("deficiency-early-signs"));
  CHECK(ask("hypomagnesimia causes").sources.at(0).entry_id == "deficiency-causes");
  CHECK(ask("What causes hypomagnesemia?").corrected_query.empty());  // nothing to correct
  // An amount is never "corrected": "1000mg" once read as "10mg", and 1000 mg as 100 mg.
  Reply amount = ask("is 1000mg of magnesium too much");
  CHECK(amount.corrected_query.empty());
  CHECK_THAT(amount.answer, Catch::Contains("350 mg"));
  CHECK(ask("I take 1000 mg calcium a day").corrected_query.empty());
}

TEST_CASE("synonyms and British spellings find the same entries") {
  CHECK(ask("symptoms of hypermagnesaemia").sources.at(0).entry_id == ask("symptoms of hypermagnesemia").sources.at(0).entry_id);
  CHECK(ask("low mag symptoms").sources.at(0).entry_id == "deficiency-symptoms");
  CHECK(ask("too much magnesium symptoms").sources.at(0).entry_id == "overdose-symptoms");
  // "mag" is magnesium, also in a condition said with a verb; "what do I do" asks for treatment.
  check_answered_by("my doc says my mag is low, what do i do", "deficiency-treatment");
}

TEST_CASE("a question about magnesium itself gets the overview, however it is worded") {
  for (const char* q : {"what can you tell me about magnesium?", "explain magnesium to me", "I want to know about magnesium",
                        "magnesium", "what is magnesium?", "tell me more about magnesium",
                        "I'd like to know a bit more about magnesium", "teach me about magnesium",
                        "actually, magnesium"})  // a filler word is no question of its own
    check_answered_by(q, "magnesium-role");
  // One more word makes it a different question.
  check_answered_by("what should my magnesium level be", "blood-normal-range");
  CHECK_FALSE(only_asks_about_magnesium({"what", "is", "a", "normal", "magnesium", "level"}));
  CHECK_FALSE(only_asks_about_magnesium({"tell", "me", "about", "it"}));
  // "Is it magnesium?" after "I get muscle cramps at night" asks whether magnesium is behind the cramps.
  CHECK_FALSE(only_asks_about_magnesium({"is", "it", "magnesium"}));
}

TEST_CASE("follow-ups inherit the topic or the aspect of earlier turns") {
  auto& app = shared_app();
  auto first = app.preview("What is hypomagnesemia?");
  auto follow = app.preview("How is it prevented?", first.analysis.context());
  REQUIRE(follow.reply.type == ReplyType::Answer);
  CHECK(follow.reply.sources[0].entry_id == "prevent-deficiency");

  auto symptoms_low = app.preview("symptoms of low magnesium?");
  auto switch_topic = app.preview("what about high magnesium?", symptoms_low.analysis.context());
  REQUIRE(switch_topic.reply.type == ReplyType::Answer);
  CHECK(switch_topic.reply.sources[0].entry_id == "overdose-symptoms");

  auto who = app.preview("who is at risk?", first.analysis.context());
  REQUIRE(who.reply.type == ReplyType::Answer);
  CHECK(who.reply.sources[0].entry_id == "deficiency-risk-groups");

  // Without the earlier turn the same words have no topic to inherit.
  CHECK(app.preview("How is it prevented?").reply.type != ReplyType::Answer);

  // A message in words the knowledge base never uses has left the conversation; one that refers back, or uses
  // its words, continues it.
  for (const char* elsewhere : {"how to fix a flat tire", "tell me a joke", "what is the capital of france"})
    CHECK(app.preview(elsewhere, first.context).reply.type == ReplyType::OutOfScope);
  CHECK(app.preview("what happens if untreated", first.context).reply.type == ReplyType::Answer);
  // A short follow-up whose own word the knowledge base never uses asks exactly that: no answer, not the
  // previous entry again.
  CHECK(app.preview("is it contagious?", first.context).reply.type == ReplyType::NoAnswer);
  auto tests = app.preview("what tests confirm it", first.context);
  REQUIRE(tests.reply.type == ReplyType::Answer);
  CHECK(tests.reply.sources[0].entry_id == "deficiency-tests");

  // An aspect asked of a medicine whose entry is about one condition is asked of that condition: after Lasix
  // (which lowers magnesium), the signs of low magnesium, not of high.
  auto lasix = app.preview("I take lasix");
  REQUIRE(lasix.reply.sources.at(0).entry_id == "diuretics-and-magnesium");
  auto signs = app.preview("what symptoms should I look for", lasix.context);
  REQUIRE(signs.reply.type == ReplyType::Answer);
  CHECK(signs.reply.sources.at(0).entry_id == "deficiency-symptoms");
  // A subject that only led to the condition (alcohol) is no longer what the signs must mention: the comparison
  // of low and high, which names alcohol, does not outrank the symptoms of low magnesium.
  auto drink = app.preview("I drink a lot of alcohol");
  auto affects_me = app.preview("could that affect my magnesium?", drink.context);
  REQUIRE(first_source(affects_me.reply) == "alcohol-and-magnesium");
  CHECK(first_source(app.preview("what are the signs?", affects_me.context).reply) == "deficiency-symptoms");
  // But why it happens depends on the subject: "why?" after low magnesium and low potassium explains their tie.
  auto potassium = app.preview("Can low magnesium cause low potassium?");
  CHECK(first_source(app.preview("why?", potassium.context).reply) != "deficiency-causes");
  // "What else can it cause?": the "it" is the condition, so it asks what the condition does.
  auto cramps = app.preview("can low magnesium cause cramps");
  CHECK(first_source(app.preview("what else can it cause", cramps.context).reply) == "deficiency-symptoms");
  CHECK(first_source(app.preview("what causes it", first.context).reply) == "deficiency-causes");
  // Not after a question about magnesium itself: the tests entry is tagged low magnesium, but "what is normal?"
  // asks for the normal range.
  auto test = app.preview("how do I test my magnesium");
  CHECK(first_source(app.preview("what is normal", test.context).reply) == "blood-normal-range");

  // "Tell me more" with nothing before it says so and what can be asked, instead of calling it off-topic.
  for (const char* more : {"tell me more", "what else?"}) {
    Reply r = app.preview(more).reply;
    CHECK(r.type == ReplyType::Greeting);
    CHECK(r.answer.find("nothing earlier") != std::string::npos);
  }

  // A statement about the person naming something the knowledge base knows is acknowledged, and kept for a
  // follow-up that brings in magnesium.
  auto diabetes = app.preview("I have type 2 diabetes");
  REQUIRE(diabetes.reply.type == ReplyType::Greeting);
  auto affects = app.preview("does that affect my magnesium?", diabetes.context);
  REQUIRE(affects.reply.type == ReplyType::Answer);
  CHECK(affects.reply.sources[0].entry_id == "diabetes-and-magnesium");
}

TEST_CASE("a condition said in everyday words is that condition, never its opposite") {
  for (const char* q : {"what happens if my magnesium is too low", "signs my body needs more magnesium",
                        "What happens to your body when you aren't getting enough magnesium?",
                        // "why" next to a symptom asks whether magnesium is behind it, not what causes high magnesium
                        "why am I always tired could it be magnesium"})
    check_answered_by(q, "deficiency-symptoms");
  check_answered_by("why would my magnesium be low if I eat healthy", "deficiency-causes");
  // "Drinking water" is water, not alcohol.
  check_answered_by("how much magnesium is in drinking water", "water-and-absorption");
}

TEST_CASE("a cause the person says is not theirs is ruled out, not answered") {
  auto& app = shared_app();
  auto causes = app.preview("what causes low magnesium");
  for (const char* ruled_out : {"i don't drink alcohol though", "I don't drink, so what else could it be?"}) {
    auto reply = app.preview(ruled_out, causes.analysis.context());
    REQUIRE(reply.reply.type == ReplyType::Answer);
    CHECK(reply.reply.sources[0].entry_id != "alcohol-and-magnesium");
    CHECK_FALSE(contains(reply.analysis.topics, "alcohol"));
  }
  auto not_diabetic = app.preview("I'm not diabetic, why is my magnesium low?");
  CHECK_FALSE(contains(not_diabetic.analysis.topics, "diabetes"));
  CHECK(not_diabetic.reply.sources[0].entry_id != "diabetes-and-magnesium");
  // Told as one's own, or asked about, it stays: "does not drinking" asks about drinking.
  CHECK(contains(app.preview("I'm not on diuretics but my mum takes diuretics, is her magnesium ok?").analysis.topics,
                 "diuretics"));
  CHECK(contains(app.preview("can you be low in magnesium if you don't drink alcohol").analysis.topics, "alcohol"));
  // "Common with" names a cause, not something low magnesium causes.
  check_answered_by("is low magnesium common with coeliac disease", "deficiency-causes");
}

TEST_CASE("an amount asks about amounts, and as a unit mg does not name magnesium next to another subject") {
  for (const char* q : {"Is 500 mg of magnesium too much?", "is 400mg too much", "can I take 1000 mg of magnesium a day"}) {
    check_answered_by(q, "upper-limit-supplements");
    CHECK(ask(q).answer.find("**Safety note:**") != std::string::npos);  // an amount may be about to be taken
  }
  // An amount mentioned in passing does not change what is asked.
  CHECK(ask("I take 200 mg of magnesium, should I take it with food").sources.at(0).entry_id == "take-with-food");
  CHECK(ask("how many mg of iron should I take").type == ReplyType::OutOfScope);
  CHECK(ask("is 500 mg of vitamin c too much").type == ReplyType::OutOfScope);
  // A decimal without a unit is a test result: said alone it asks for the normal range, with a condition or an
  // aspect it asks that.
  check_answered_by("my doctor said my magnesium is 1.2 is that bad", "blood-normal-range");
  check_answered_by("my magnesium was 2.8 is that high", "hypermagnesemia-causes");
  check_answered_by("my magnesium is 0.7 mmol/l what causes that", "low-result-causes");
}

TEST_CASE("an age names its group of people, and a group's entry does not answer a general question") {
  check_answered_by("How much magnesium does my 6 year old son need each day?", "intake-children-teens");
  check_answered_by("how much magnesium for a 45 year old man", "intake-adults");
  check_answered_by("my 7yo daughter how much magnesium does she need", "intake-children-teens");
  check_answered_by("how much magnesium for a 30yrs woman", "intake-adults");
  check_answered_by("how much magnesium does a 6 month old need", "intake-children-teens");
  check_answered_by("I'm 72 years old, am I at risk of low magnesium", "older-adults-magnesium");
  check_answered_by("how much magnesium does a 75 year old man need", "intake-adults");  // amounts: "31 and older"
  check_answered_by("whats the RDA for magnesium", "intake-adults");  // not the pregnancy or children amounts
  check_answered_by("how much magnesium should a pregnant woman take", "intake-pregnancy-breastfeeding");
}

TEST_CASE("the aspect an entry declares outranks one its alternates only mention") {
  // prevalence-low-intake's alternates once said "eat too little"; a food question about low magnesium is
  // answered by the entry tagged with foods, and "can you die" asks how dangerous, not what it is.
  CHECK(ask("What foods help with low magnesium?").sources.at(0).entry_id == "prevent-deficiency");
  CHECK(ask("can you die from too much magnesium").sources.at(0).entry_id == "is-hypermagnesemia-dangerous");
  CHECK(ask("can low magnesium make you tired").sources.at(0).entry_id == "deficiency-symptoms");
}

TEST_CASE("whether to stop a prescribed medicine is never answered 'yes', and supplements are not medicines here") {
  for (const char* q : {"should I stop taking my omeprazole", "can I come off my water pills"}) {
    Reply r = ask(q);
    INFO(q);
    REQUIRE(r.type == ReplyType::Answer);
    CHECK(starts_with(r.answer, "**Please don't stop or change a prescribed medicine on your own.**"));
    CHECK(r.answer.find("The closest question I have an answer for is") != std::string::npos);  // not a bare "Yes."
  }
  CHECK(ask("do PPIs lower magnesium").answer.find("Please don't stop") == std::string::npos);
  CHECK(ask("should I stop taking magnesium").answer.find("prescribed medicine") == std::string::npos);
}

TEST_CASE("questions about the assistant itself are answered, not called off-topic") {
  for (const char* q : {"are you a doctor?", "can you diagnose me", "where do you get your information?",
                        "hi, are you a bot?", "good morning, who am i talking to?"}) {
    Reply r = ask(q);
    INFO(q);
    CHECK(r.type == ReplyType::Greeting);
    CHECK(r.answer.find("I'm not a doctor") != std::string::npos);
  }
  // A question about magnesium that starts like one is still a question.
  CHECK(ask("how do you know if you have low magnesium").type == ReplyType::Answer);
}

TEST_CASE("a medicine whose tie to magnesium the knowledge base covers is in scope, and follow-ups keep it") {
  auto& app = shared_app();
  auto first = app.preview("I was just put on furosemide.");
  REQUIRE(first.reply.type == ReplyType::Answer);
  CHECK(first.reply.sources[0].entry_id == "diuretics-and-magnesium");
  auto follow = app.preview("Can it lower my magnesium?", first.analysis.context());
  REQUIRE(follow.reply.type == ReplyType::Answer);
  CHECK(follow.reply.sources[0].entry_id == "diuretics-and-magnesium");
  // After low magnesium, "what about high magnesium?" still changes the condition (tested above); a medicine
  // named without magnesium that the knowledge base does not cover stays out of scope.
  CHECK(ask("Does ibuprofen cause stomach ulcers?").type != ReplyType::Answer);
}

TEST_CASE("a follow-up about taking something 'with it', or about what the answer covers, keeps the subject") {
  check_follow_up_answered_by("I'm taking doxycycline for an infection.",
                              "Can I keep taking my magnesium supplement with it?", "antibiotics-interaction");
  check_follow_up_answered_by("I take lasix", "can I take magnesium with it?", "diuretics-and-magnesium");
  check_follow_up_answered_by("My PPI made my magnesium low.", "Will just taking a magnesium supplement fix it?",
                              "ppi-and-magnesium");
  check_follow_up_answered_by("What is the upper limit for magnesium supplements?", "does that include food?",
                              "upper-limit-supplements");
  CHECK(ask_after("What is the upper limit for magnesium supplements?", "does that include food?")
            .answer.find("does not include magnesium found naturally in food") != std::string::npos);
}

TEST_CASE("a statement about the person is acknowledged and kept for the questions after it") {
  Reply son = ask("my son is 15");
  REQUIRE(son.type == ReplyType::Greeting);
  CHECK(son.answer.find("keep that in mind") != std::string::npos);
  check_follow_up_answered_by("my son is 15", "how much magnesium does he need?", "intake-children-teens");
  REQUIRE(ask("I'm pregnant with my second baby").type == ReplyType::Greeting);
  check_follow_up_answered_by("I'm pregnant with my second baby", "I'm 34, how much magnesium per day?",
                              "intake-pregnancy-breastfeeding");

  // Not a statement about the person: keywords, a fragment, something outside magnesium.
  CHECK(ask("symptoms of diabetes").type == ReplyType::OutOfScope);
  CHECK(ask("I love football").type == ReplyType::OutOfScope);
  CHECK(ask("my mom is on cetuximab for colon cancer").type != ReplyType::Greeting);
}

TEST_CASE("a long story is answered by the question at its end, with who the story is about") {
  check_answered_by("I'm a 35-year-old guy who lifts weights four times a week and I've started tracking my "
                    "nutrition in an app. It shows my magnesium intake is usually around 250 mg, but the app doesn't "
                    "say what my target should be and the numbers I find online are all different. How much "
                    "magnesium should a man my age get per day?",
                    "intake-adults");
  check_answered_by("My eight-year-old son has been complaining of leg pains at night and a neighbor suggested "
                    "giving him a magnesium supplement. Before I buy anything I want to make sure I don't give him "
                    "too much, since kids' bodies are smaller and labels are confusing. What is the maximum amount "
                    "of supplemental magnesium for a child his age?",
                    "upper-limit-supplements");
  // The whole message is still checked for an emergency first.
  CHECK(ask("I was fine this morning and went for a long walk with my dog in the park near our house after lunch. "
            "Then I took 30 magnesium pills by accident because I mixed up the bottles, and now I can't feel my legs "
            "at all. What should I do?").type == ReplyType::Emergency);
}

TEST_CASE("'how much?' after a food asks how much of it that food has") {
  check_follow_up_answered_by("do chia seeds have magnesium?", "how much?", "food-magnesium-amounts");
  check_follow_up_answered_by("What foods have magnesium?", "How much do I need?", "intake-adults");
}

TEST_CASE("a question that asks two things is answered in two cited parts, in the order asked") {
  Reply r = ask("What are the symptoms of low magnesium and how is it treated?");
  REQUIRE(r.type == ReplyType::Answer);
  REQUIRE(r.sources.size() >= 2);
  CHECK(r.sources[0].entry_id == "deficiency-symptoms");
  CHECK(r.sources[1].entry_id == "deficiency-treatment");
  const size_t symptoms = r.answer.find("**What are the symptoms of magnesium deficiency?**");
  const size_t treated = r.answer.find("**How is magnesium deficiency treated?**");
  REQUIRE(symptoms != std::string::npos);
  REQUIRE(treated != std::string::npos);
  CHECK(symptoms < treated);
  CHECK(r.answer.find("[2]") > treated);  // each part cites its own entry
  // "Can low magnesium cause tiredness?" asks one thing (what the condition does), answered once.
  Reply one = ask("can low magnesium cause fatigue");
  REQUIRE(one.type == ReplyType::Answer);
  CHECK(one.sources.at(0).entry_id == "deficiency-symptoms");
  CHECK(one.answer.find("**") == std::string::npos);
}

// A two-part answer to `question`: its parts are `first` and `second`, in that order.
void check_two_parts(const std::string& question, const std::string& first, const std::string& second) {
  INFO(question);
  const Reply r = ask(question);
  REQUIRE(r.type == ReplyType::Answer);
  REQUIRE(r.sources.size() >= 2);
  CHECK(r.sources[0].entry_id == first);
  CHECK(r.sources[1].entry_id == second);
}

TEST_CASE("the second part of a two-part question is the general entry on it, not a particular one") {
  // The entry on PPIs also says "cause", "low" and "treat" and ranks higher for the whole question; the entry on
  // sweating is tagged with the same causes. Neither is what "what causes low magnesium?" asks.
  check_two_parts("What causes low magnesium and how is it treated?", "deficiency-causes", "deficiency-treatment");
  check_two_parts("what causes low magnesium and how do you treat it?", "deficiency-causes", "deficiency-treatment");
  check_two_parts("what are the symptoms of too much magnesium and what do hospitals do about it", "overdose-symptoms",
                  "hypermagnesemia-treatment");
  // The first part too: the entry on PPIs declares both tests and treatment, but says more than was asked.
  check_two_parts("how is low magnesium diagnosed and treated", "deficiency-tests", "deficiency-treatment");
  // "...and what causes it?" is a second ask, not what high magnesium causes.
  check_two_parts("what are the symptoms of high magnesium and what causes it", "overdose-symptoms",
                  "hypermagnesemia-causes");
  // Two questions in two sentences are two asks too; a bare "why?" after one is not (its entry says why).
  check_two_parts("what causes low magnesium? how is it treated?", "deficiency-causes", "deficiency-treatment");
  const Reply older = ask("Are older people more at risk of magnesium deficiency? why?");
  REQUIRE(older.type == ReplyType::Answer);
  CHECK(older.sources.at(0).entry_id == "older-adults-magnesium");
  CHECK(older.answer.find("**What causes") == std::string::npos);
}

TEST_CASE("a two-part question about magnesium itself, or one entry answering both asks") {
  // Two questions joined by "and" are two asks even without a subject beside magnesium.
  check_two_parts("what does magnesium do and how much do I need", "magnesium-role", "intake-adults");
  // The best-ranked entry (on PPIs) names no diuretic: the entry on diuretics answers.
  Reply diuretics = ask("why do diuretics lower magnesium and what can I do");
  REQUIRE(diuretics.type == ReplyType::Answer);
  CHECK(diuretics.sources.at(0).entry_id == "diuretics-and-magnesium");
}

TEST_CASE("a greeting that names magnesium says what 'it' is in the next question") {
  for (const char* greeting : {"I have some questions about magnesium", "hi, I have a question about magnesium"}) {
    INFO(greeting);
    const Reply hello = reply_in_conversation({greeting});
    CHECK(hello.type == ReplyType::Greeting);
    const Reply why = reply_in_conversation({greeting, "why is it important?"});
    REQUIRE(why.type == ReplyType::Answer);
    CHECK(why.sources.at(0).entry_id == "magnesium-role");
  }
  // A plain greeting names nothing: "it" is still unknown.
  CHECK(reply_in_conversation({"hello", "why is it important?"}).type != ReplyType::Answer);
}

TEST_CASE("foods that 'have it' have magnesium, after a subject the knowledge base does not cover") {
  const Reply r = reply_in_conversation({"does magnesium help you sleep?", "what about anxiety?", "ok what foods have it then?"});
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.sources.at(0).entry_id == "magnesium-rich-foods");
}

TEST_CASE("foods asked for a group of people are answered by the entry on foods, not the group's amounts") {
  for (const char* q : {"vegetarian teen, best foods for magnesium?", "what snacks are high in magnesium? my teenager is a picky eater",
                        "my kid is a super picky eater, what foods could give him magnesium"})
    check_answered_by(q, "magnesium-rich-foods");
  // The amounts are still what "how much" asks.
  check_answered_by("how much magnesium does a vegetarian teen need?", "intake-children-teens");
}

TEST_CASE("'raise' asked of a medicine is what it does, and asked how it is the treatment of a low level") {
  check_answered_by("does spironolactone raise magnesium", "diuretics-and-magnesium");
  const Reply how = ask("how do I raise my magnesium if I'm on a diuretic");
  REQUIRE(how.type == ReplyType::Answer);
  CHECK(how.sources.at(0).entry_id != "hypermagnesemia-treatment");
  check_answered_by("how do I raise my magnesium", "deficiency-treatment");
}

TEST_CASE("'where did you get that?' after an answer gives that answer again with its sources") {
  for (const char* doubt : {"where did you get that?", "are you sure?", "source?", "really?"}) {
    INFO(doubt);
    const Reply r = reply_in_conversation({"how much magnesium do adults need?", doubt});
    REQUIRE(r.type == ReplyType::Answer);
    REQUIRE(r.sources.size() == 1);
    CHECK(r.sources[0].entry_id == "intake-adults");
    CHECK(r.answer.find("420 mg") != std::string::npos);  // the answer itself
    CHECK(r.answer.find("(https://ods.od.nih.gov/factsheets/Magnesium-Consumer/)") != std::string::npos);
  }
  // Both parts of a two-part answer, also after "thanks".
  const Reply both = reply_in_conversation({"What causes low magnesium and how is it treated?", "thanks", "source?"});
  REQUIRE(both.sources.size() == 2);
  CHECK(both.sources[0].entry_id == "deficiency-causes");
  CHECK(both.sources[1].entry_id == "deficiency-treatment");
  // With no answer before it, it asks where the assistant's answers come from.
  for (const char* first : {"source?", "where did you get that?"}) {
    INFO(first);
    const Reply about = reply_in_conversation({first});
    CHECK(about.type == ReplyType::Greeting);
    CHECK(about.answer.find("I'm magchat") != std::string::npos);
  }
  // A question that only contains such a word asks its own thing.
  const Reply bad = reply_in_conversation({"low magnesium symptoms pls", "what about when its really bad"});
  CHECK(bad.answer.find("This comes from") == std::string::npos);
}

TEST_CASE("thyroid pills are levothyroxine") {
  check_answered_by("can I take magnesium with my thyroid meds", "levothyroxine-and-other-interactions");
  check_follow_up_answered_by("does magnesium interact with antibiotics?", "what about thyroid pills?",
                              "levothyroxine-and-other-interactions");
}

TEST_CASE("an organ asked of 'it' is asked of the previous subject") {
  check_follow_up_answered_by("What is hypermagnesemia?", "What does it do to the heart?", "is-hypermagnesemia-dangerous");
  check_follow_up_answered_by("what happens if magnesium gets too high", "can it affect the heart?",
                              "is-hypermagnesemia-dangerous");
}

TEST_CASE("what magnesium is good for is answered only by an entry written for it") {
  // No entry says magnesium treats cramps or osteoporosis: no neighbouring entry stands in.
  for (const char* q : {"is magnesium good for muscle cramps", "is magnesium good for osteoporosis",
                        "does magnesium prevent heart attacks"}) {
    Reply r = ask(q);
    INFO(q << " -> " << first_source(r));
    CHECK(r.type == ReplyType::NoAnswer);
  }
  // The entry on blood pressure is written for it, and says plainly what it does not cover.
  const Reply pressure = ask("can magnesium lower blood pressure");
  REQUIRE(pressure.type == ReplyType::Answer);
  CHECK(pressure.sources.at(0).entry_id == "magnesium-and-blood-pressure");
  CHECK(pressure.answer.find("does not cover whether") != std::string::npos);
  // Entries written for a benefit, or about every topic asked, still answer; so does "X lowers magnesium".
  CHECK(ask("can magnesium help with constipation").sources.at(0).entry_id == "laxative-effect");
  // An entry on the topic that is not phrased for the benefit is shown under its own question: its "Yes, diabetes
  // can lower magnesium" must not read as "yes, magnesium lowers blood sugar".
  CHECK(starts_with(ask("can magnesium lower blood sugar").answer,
                    "The closest question I have an answer for is \"Does diabetes affect magnesium levels?\""));
  // So is one that does not answer the kind of question asked: "does magnesium interact with insulin" is no
  // question of what diabetes does to magnesium, and "Yes" must not read as "yes, they interact".
  CHECK(starts_with(ask("does magnesium interact with insulin").answer,
                    "The closest question I have an answer for is \"Does diabetes affect magnesium levels?\""));
  CHECK(ask("can PPIs lower magnesium").answer.rfind("Yes", 0) == 0);  // the entry answers what was asked
  CHECK(ask("what is magnesium good for").sources.at(0).entry_id == "magnesium-role");
  CHECK(ask("does magnesium lower potassium").sources.at(0).entry_id == "magnesium-and-potassium");
  CHECK(ask("can PPIs lower magnesium").sources.at(0).entry_id == "ppi-and-magnesium");
  // "Good for you" asks what it does in general, and "more than is good for you" asks about too much.
  CHECK(first_source(ask("Why is magnesium good for you?")) == "magnesium-role");
  CHECK(first_source(ask("is magnesium good for your body")) == "magnesium-role");
  CHECK(first_source(ask("is it possible to take more magnesium than is good for you?")) == "supplements-too-much");
}

TEST_CASE("questions about supplements, doses or kidneys carry the curated caution") {
  Reply r = ask("What is the best form of magnesium supplement?");
  REQUIRE(r.type == ReplyType::Answer);
  bool caution = false;
  for (const auto& s : r.sources) caution = caution || s.entry_id == "supplements-kidney-caution";
  CHECK(caution);
  CHECK(r.answer.find("**Safety note:**") != std::string::npos);
  Reply foods = ask("Which foods contain magnesium?");
  CHECK(foods.answer.find("Safety note") == std::string::npos);
}

TEST_CASE("FTS5 syntax in a question neither fails nor changes its meaning") {
  for (const char* q : {"\"magnesium\" AND OR NOT NEAR(", "symptoms* -deficiency ^ + : ( )", "title:foods", "*",
                        "magnesium\" OR \"", "c++ state-of-the-art NEAR/2", "'; DROP TABLE entries; --"}) {
    INFO(q);
    CHECK_NOTHROW(ask(q));
  }
  CHECK(ask("symptoms of magnesium deficiency AND").sources.at(0).entry_id ==
        ask("symptoms of magnesium deficiency").sources.at(0).entry_id);
}

TEST_CASE("the row of a table by age that holds the age told is in bold, and only that row") {
  const std::string table =
      "Amounts rise with age: [1]\n\n- 1 to 3 years: 80 mg [1]\n- 4 to 8 years: 130 mg [1]\n"
      "- 9 years and older: 350 mg a day [1]";
  CHECK(with_age_row_in_bold(table, 6).find("- **4 to 8 years: 130 mg** [1]") != std::string::npos);
  CHECK(with_age_row_in_bold(table, 2).find("- **1 to 3 years: 80 mg** [1]") != std::string::npos);
  CHECK(with_age_row_in_bold(table, 40).find("- **9 years and older: 350 mg a day** [1]") != std::string::npos);
  CHECK(with_age_row_in_bold(table, 0) == table);  // no age told
  // (Two rows that both hold the age say nothing about which applies: the text stays as it is.)
  CHECK(with_age_row_in_bold("- 1 to 8 years: 1 mg\n- 4 to 8 years: 2 mg", 5) == "- 1 to 8 years: 1 mg\n- 4 to 8 years: 2 mg");
  CHECK(ask("my son is 6, how much magnesium does he need?").answer.find("**4 to 8 years: 130 mg**") !=
        std::string::npos);
  CHECK(ask("My kids are 3 and 7, how much magnesium do they need?").answer.find("years: 80 mg**") ==
        std::string::npos);
}

TEST_CASE("cite_markdown puts a marker at the end of every paragraph and list item, never mid-sentence") {
  CHECK(cite_markdown("One.\nTwo lines.\n\n- a\n- b, wrapped\n  onto a second line\n\nEnd.", 2) ==
        "One. Two lines. [2]\n\n- a [2]\n- b, wrapped onto a second line [2]\n\nEnd. [2]");
}

TEST_CASE("a source card's snippet is the entry's opening words without Markdown, cut with an ellipsis") {
  CHECK(plain_snippet("**Low magnesium** (_hypomagnesemia_)\n\n- causes `cramps`\n- and tremor", 30) ==
        "Low magnesium (hypomagnesemia) causes cramps and tremor");
  CHECK(plain_snippet("one two  three\nfour - five six", 4) == "one two three four ...");
  CHECK(plain_snippet("# Heading\nonly three words", 3) == "Heading only three ...");
}

TEST_CASE("extract_relevant keeps the sentences that answer the question within the word budget") {
  std::string text =
      "Magnesium is a mineral. Spinach and almonds are rich in it. The kidneys control its level. "
      "Bones store about half of it. Nuts and seeds are good sources.";
  std::string out = extract_relevant(text, {light_stem("spinach"), light_stem("nuts")}, 1, 20);
  CHECK(out.find("Spinach and almonds") != std::string::npos);
  CHECK(out.find("Nuts and seeds") != std::string::npos);
  CHECK(out.find("kidneys") == std::string::npos);
  CHECK(count_words(out) <= 24);
}

TEST_CASE("extract_relevant keeps a list's lead-in with its items, and the sentence a closing 'So' goes on from") {
  const std::string text =
      "A normal level is 0.75 to 0.95 mmol/L. Other references give other ranges. Ranges differ between labs, so:\n\n"
      "- compare your result with your own report\n- check the unit\n\nA result above the range is high. "
      "Blood holds under 1% of the body's magnesium. So a normal result does not always reflect total stores.";
  const std::string out = extract_relevant(text, {light_stem("result"), light_stem("normal")}, 1, 40);
  CHECK(count_words(out) <= 44);
  // The first item and the closing sentence name what was asked; what they stand on comes with them, though it names
  // nothing asked (before the fortieth session the item came without "so:", the "So" without its reason).
  CHECK(out.find("- compare your result") != std::string::npos);
  CHECK(out.find("Ranges differ between labs, so:") != std::string::npos);
  CHECK(out.find("So a normal result") != std::string::npos);
  CHECK(out.find("Blood holds under 1%") != std::string::npos);
  CHECK(out.find("Other references") == std::string::npos);  // (names nothing asked, needed by nothing)
}

TEST_CASE("a list item naming what was asked comes first in its list, unless the prose or many items name it too") {
  const std::string text =
      "Typical amounts per serving:\n\n- pumpkin seeds: 156 mg\n- almonds: 80 mg\n- soy milk with added magnesium: 61 mg\n"
      "- brown rice: 42 mg\n- banana: 32 mg\n- white rice: 19 mg\n\nMagnesium amounts vary by brand.";
  const auto first_item = [](const std::string& out) {
    const size_t at = out.find("\n- ");
    return at == std::string::npos ? std::string() : out.substr(at + 3, out.find('\n', at + 1) - at - 3);
  };
  // Whole passage: every item kept, the banana first, the others in their order.
  std::string out = extract_relevant(text, {light_stem("banana")}, 1, 200);
  CHECK(first_item(out) == "banana: 32 mg [1]");
  CHECK(out.find("- pumpkin seeds") < out.find("- almonds"));
  CHECK(out.find("- white rice") != std::string::npos);
  CHECK(out.find("Magnesium amounts vary") > out.find("- white rice"));
  // Two items asked: both first, in their own order.
  out = extract_relevant(text, {light_stem("almonds"), light_stem("banana")}, 1, 200);
  CHECK(first_item(out) == "almonds: 80 mg [1]");
  CHECK(out.find("- banana") < out.find("- pumpkin seeds"));
  // Named by the prose ("magnesium") or by more than a third of the items ("mg"): the list keeps its order. Named by
  // a third ("rice", two items of six): those come first.
  for (const char* word : {"magnesium", "mg"})
    CHECK(first_item(extract_relevant(text, {light_stem(word)}, 1, 200)) == "pumpkin seeds: 156 mg [1]");
  out = extract_relevant(text, {light_stem("rice")}, 1, 200);
  CHECK(first_item(out) == "brown rice: 42 mg [1]");
  CHECK(out.find("- white rice") < out.find("- pumpkin seeds"));
  // An extract within a budget: the asked item is kept and comes first.
  out = extract_relevant(text, {light_stem("banana")}, 1, 14);
  CHECK(first_item(out) == "banana: 32 mg [1]");
  // Only a list to look things up in ("what: how much"): signs from mild to severe, and rows of ages, keep their order.
  const std::string signs = "As the level rises it can cause:\n\n- nausea\n- muscle weakness\n- low blood pressure\n"
                            "- trouble breathing\n- cardiac arrest";
  CHECK(first_item(extract_relevant(signs, {light_stem("cardiac")}, 1, 200)) == "nausea [1]");
  const std::string ages = "Amounts rise with age:\n\n- birth to 6 months: 30 mg\n- 1 to 3 years: 80 mg\n"
                           "- 4 to 8 years: 130 mg\n- 9 to 13 years: 240 mg\n- 14 to 18 years: 410 mg";
  CHECK(first_item(extract_relevant(ages, {light_stem("14")}, 1, 200)) == "birth to 6 months: 30 mg [1]");
}

TEST_CASE("two entries matching almost equally are both offered, and a clear match is not second-guessed") {
  Reply r = ask("what level of magnesium is dangerous");
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.answer.find("could also be about") != std::string::npos);
  REQUIRE_FALSE(r.suggestions.empty());
  CHECK(r.answer.find(r.suggestions[0]) != std::string::npos);
  CHECK(ask("What are the symptoms of magnesium deficiency?").answer.find("could also be about") == std::string::npos);
  CHECK(ask("how much magnesium in common foods").answer.find("could also be about") == std::string::npos);
}

TEST_CASE("an answer to a differently worded question names the question it answers") {
  Reply r = ask("Is magnesium good for the heart?");
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.answer.rfind("The closest question I have an answer for is", 0) == 0);
  CHECK(ask("What causes magnesium deficiency?").answer.find("closest question") == std::string::npos);
}

TEST_CASE("a 'Yes' answers a question: keywords and statements see the entry's question first") {
  for (const char* q : {"I take omeprazole every day", "omeprazole and magnesium", "magnesium for older adults"}) {
    INFO(q);
    Reply r = ask(q);
    REQUIRE(r.type == ReplyType::Answer);
    CHECK(r.answer.rfind("The closest question I have an answer for is", 0) == 0);
  }
  CHECK(starts_with(ask("do PPIs lower magnesium").answer, "Yes"));
}

TEST_CASE("the kidney caution is for kidney disease, not for every mention of the kidneys") {
  CHECK(ask("how do the intestine kidneys and bone regulate magnesium").answer.find("Safety note") == std::string::npos);
  CHECK(ask("what dose of magnesium is safe").answer.find("Safety note") != std::string::npos);
  Reply ckd = ask("I have kidney problems, can I take magnesium citrate?");
  bool cautioned = false;
  for (const auto& s : ckd.sources) cautioned = cautioned || s.entry_id == "supplements-kidney-caution";
  CHECK(cautioned);
}

TEST_CASE("the reply JSON chat stores and sends is reply_to_json's, byte for byte") {
  // Answers (FAQ and article sections, with a caution source), corrections, no_answer with suggestions,
  // an emergency, small talk and text with quotes.
  for (const char* q : {"What are the symptoms of low magnesium?", "Which foods are high in magnesum?",
                        "How do the kidneys regulate magnesium?", "Can I take magnesium with kidney disease?",
                        "Is magnesium used in car batteries?", "My child swallowed a whole bottle of magnesium pills",
                        "hello", "What does \"hypomagnesemia\" mean?", "Does magnesium help migraines?"}) {
    Reply r = ask(q);
    r.conversation_id = "0123456789abcdef0123456789abcdef";
    r.turn_index = 3;
    INFO(q);
    CHECK(reply_json_text(r) == reply_to_json(r).dump());
  }
}

TEST_CASE("'that' joining a clause does not refer back, 'that' alone does") {
  const LanguageRules rules =
      LanguageRules::from_yaml_text("in_scope: [magnesium]\nfollow_up: [that, it, what about]\n", "rules: []\n");
  CHECK(rules.has_follow_up_marker(words_of("is that dangerous?")));
  CHECK(rules.has_follow_up_marker(words_of("what causes that?")));
  CHECK_FALSE(rules.has_follow_up_marker(words_of("what are the signs that my magnesium is getting too high?")));
  CHECK_FALSE(rules.has_follow_up_marker(words_of("I heard that magnesium helps cramps")));
  // (Another marker in the same message still counts.)
  CHECK(rules.has_follow_up_marker(words_of("I heard that it helps cramps")));
}

TEST_CASE("a shorter answer on request gives the opening of the entry that gave the last answer") {
  test::TempDir dir;
  App app(test::test_config(dir));
  AnswerResult first = app.answerer().answer("what kind of magnesium supplement gets absorbed best?", {}, app.reader());
  REQUIRE(first.reply.type == ReplyType::Answer);
  AnswerResult shorter = app.answerer().answer("ok just one line pls", first.context, app.reader());
  REQUIRE(shorter.reply.type == ReplyType::Answer);
  REQUIRE(shorter.reply.sources.size() == 1);
  CHECK(shorter.reply.sources[0].entry_id == first.reply.sources[0].entry_id);
  CHECK(count_words(shorter.reply.answer) < count_words(first.reply.answer));
  CHECK(shorter.reply.answer.find("citrate") != std::string::npos);
  // The conversation goes on from the same subject.
  CHECK(shorter.context.topics == first.context.topics);
  // With nothing said before, there is nothing to shorten.
  CHECK(app.answerer().answer("one line please", {}, app.reader()).reply.type != ReplyType::Answer);
}

TEST_CASE("a diagnosis told is not a question about tests, but asking how it is diagnosed is") {
  check_answered_by("daughter was just diagnosed celiac. does that affect magnesium?", "deficiency-causes");
  check_answered_by("how is low magnesium diagnosed?", "deficiency-tests");
  check_answered_by("Can a blood test show how much magnesium I really have?", "deficiency-tests");
}

TEST_CASE("what magnesium does for cells and nerves is its role, not a benefit beyond it") {
  check_answered_by("does magnesium help our cells make energy?", "magnesium-role");
  CHECK(ask("does magnesium help anxiety?").type == ReplyType::NoAnswer);
}

TEST_CASE("an exact amount for oneself is not given, however it is asked") {
  CHECK(ask("Exactly how many mg of magnesium can I take each day?").type == ReplyType::NoAnswer);
  CHECK(ask("how many mg of magnesium can I take each day?").type == ReplyType::Answer);
  // For someone else just as much.
  CHECK(ask("my dad is 80 with heart failure, exactly how many mg of magnesium should he take each night?").type ==
        ReplyType::NoAnswer);
  CHECK(ask("exactly how much magnesium should my elderly mother take?").type == ReplyType::NoAnswer);
  // Told as a statement too.
  CHECK(ask("im 34f 60kg, just tell me exactly how many mg of magnesium i should take").type == ReplyType::NoAnswer);
  check_answered_by("exactly how much magnesium is in an almond?", "food-magnesium-amounts");
}

TEST_CASE("idioms that use words of danger ask nothing about danger") {
  check_answered_by("I'm dying to know which foods have the most magnesium", "magnesium-rich-foods");
  check_answered_by("I'm gonna die if I have to eat another spinach salad, what other foods have magnesium?",
                    "magnesium-rich-foods");
  check_answered_by("not an emergency, but which foods have magnesium?", "magnesium-rich-foods");
  check_answered_by("these leg cramps at night are killing me, could low magnesium be behind it?",
                    "deficiency-symptoms");
  // The words around an idiom are kept as they were ("not urgent" dropped from the middle of the question).
  check_answered_by("is low magnesium an emergency or not urgent?", "hypomagnesemia-dangerous");
  // And an emergency told with one is still an emergency.
  CHECK(ask("my chest pain is killing me, I took 20 magnesium pills").type == ReplyType::Emergency);
}

TEST_CASE("the time of day for magnesium after a story naming a medicine is the medicine's timing") {
  check_answered_by("I take my thyroid pill, levothyroxine, first thing in the morning before my tea. When would be "
                    "the best time of day for my magnesium?",
                    "levothyroxine-and-other-interactions");
  CHECK(ask("what is the best time of day to take magnesium?").type == ReplyType::NoAnswer);
}

TEST_CASE("vomiting and diarrhea that lower magnesium are a cause, diarrhea from supplements a side effect") {
  check_answered_by("I had a stomach bug with diarrhoea all week. Could my magnesium have dropped?",
                    "vomiting-diarrhea-and-magnesium");
  check_answered_by("can magnesium supplements give you diarrhea?", "supplement-side-effects");
}

TEST_CASE("a muscle sign named beside magnesium asks whether it is a sign of low magnesium") {
  check_answered_by("leg cramps at night magnesium??", "deficiency-symptoms");
  // (Whether supplements help the cramps is a claim the knowledge base does not cover.)
  CHECK(ask("does magnesium help leg cramps?").type == ReplyType::NoAnswer);
}

TEST_CASE("what a story says magnesium is taken for is not what the question asks about") {
  check_answered_by("My dad has stage 4 kidney disease and his buddy at church told him to take magnesium for his "
                    "leg cramps. Is magnesium safe for him?",
                    "supplements-kidney-caution");
}

TEST_CASE("a condition supposed in a follow-up asks what it does, and low or high asked together gets both") {
  check_follow_up_answered_by("what does magnesium do for the muscles?", "and what if i don't get enough?",
                              "deficiency-symptoms");
  check_follow_up_answered_by("can magnesium cause an irregular heartbeat?", "is that from too little or too much?",
                              "low-vs-high-comparison");
}

TEST_CASE("a follow-up that goes back to an earlier question of the conversation is answered about that question") {
  const auto reply_to_last = [](const std::vector<std::string>& turns) {
    const Reply reply = reply_in_conversation(turns);
    INFO(turns.back() << " -> " << first_source(reply));
    REQUIRE(reply.type == ReplyType::Answer);
    return reply.sources.at(0).entry_id;
  };
  // Without the words that go back, the last answer's subject would be asked about (and was, before).
  CHECK(reply_to_last({"What is hypermagnesemia?", "How common is low magnesium in the US?",
                       "Going back to the first thing - what causes it?"}) == "hypermagnesemia-causes");
  CHECK(reply_to_last({"how much magnesium does a 6 year old need", "whats the max from supplements for them?",
                       "and what about a toddler, for the first question?"}) == "intake-children-teens");
  // "back to" a subject named returns to the question that named it, however far back.
  CHECK(reply_to_last({"magnesium and zinc interaction?", "how much magnesium is in spinach",
                       "what is a normal blood magnesium level", "back to zinc, what do big doses do?"}) ==
        "magnesium-and-zinc");
  // The same words about something else do not go back.
  const LanguageRules& rules = shared_app().answerer().index()->rules();
  CHECK(rules.back_reference(words_of("going back to the zinc, is it safe?")));
  CHECK(rules.back_reference(words_of("and for my first question?")));
  CHECK_FALSE(rules.back_reference(words_of("is my magnesium back to normal?")));
  CHECK_FALSE(rules.back_reference(words_of("can I go back to taking my magnesium after surgery?")));
  CHECK_FALSE(rules.back_reference(words_of("my magnesium level came back low, what now?")));
}

TEST_CASE("a blood result outside every cited range, or flagged, asks about its condition") {
  // (Before, "1.2 mg/dL (L)... what symptoms" was answered with the symptoms of too much magnesium.)
  Reply low = ask("my son's bloodwork: magnesium 1.2 mg/dL (L). what symptoms should we look out for?");
  INFO(first_source(low));
  REQUIRE(low.type == ReplyType::Answer);
  CHECK((low.sources[0].entry_id == "deficiency-early-signs" || low.sources[0].entry_id == "deficiency-symptoms"));
  check_answered_by("magnesium 0.5 mmol/L, how is it treated?", "deficiency-treatment");
  check_answered_by("my magnesium is 3.4 mg/dL, how is it treated?", "hypermagnesemia-treatment");
  check_answered_by("magnesium 1.6 mg/dL (L), what foods help?", "prevent-deficiency");
  // Or when the message names what it may be tied to.
  check_answered_by("mg 1.4 mg/dL and i've been getting heart palpitations. related?", "deficiency-symptoms");
  check_answered_by("on dialysis and my magnesium was 2.9 H. what should I avoid", "supplements-kidney-caution");
  // Whether it is normal, or what it means when no range says, is the normal range's answer: read it against
  // your own lab's range.
  check_answered_by("my magnesium is 1.9 mg/dl what does that mean", "blood-normal-range");
  check_answered_by("my magnesium is 1.2 mg/dL, is that bad?", "blood-normal-range");
}

TEST_CASE("emergencies told in Spanish, French, Portuguese, Tagalog or Hindi are emergencies, their questions are not") {
  const char* emergencies[] = {
      "ayuda por favor!! mi hijo de 3 años se tomó como 15 pastillas de magnesio, ahorita está muy dormido",
      "au secours ma fille de 2 ans a avalé les comprimés de magnésium, elle ne répond plus, what I do now",
      "minha avó tem problema no rim e tomou muito sal amargo hoje, agora ela desmaiou",
      "si lola po uminom ng maraming milk of magnesia kanina, ngayon hindi na siya makahinga",
      "papa ne aaj bahut zyada magnesium wala antacid pi liya, ab saans nahi le pa rahe",
      "my 4 yo got into my magnesium pills",
  };
  for (const char* message : emergencies) {
    INFO(message);
    CHECK(ask(message).type == ReplyType::Emergency);
  }
  // Thoughts of ending one's life get the crisis reply in these languages too.
  Reply crisis = ask("ya no quiero vivir, tengo todas las pastillas de magnesio aqui");
  REQUIRE(crisis.type == ReplyType::Emergency);
  CHECK(crisis.answer == ask("I want to end my life").answer);
  const char* not_emergencies[] = {
      "el año pasado mi hijo se tomó unas pastillas de magnesio por accidente, ya está bien gracias a Dios. pero que "
      "pasa si uno toma demasiado magnesio?",
      "meu filho engoliu 2 comprimidos de magnésio ontem, levamos no pronto-socorro e o médico liberou, tá tudo bem.",
      "la falta de magnesio puede causar convulsiones?",
  };
  for (const char* message : not_emergencies) {
    INFO(message);
    CHECK(ask(message).type != ReplyType::Emergency);
  }
}

TEST_CASE("a subject left unanswered stays the subject while the conversation goes on about it unanswered") {
  std::vector<std::string> turns;
  for (const char* turn : {"can my dog take magnesium", "he's a 30kg lab", "how much should i give him?"}) {
    turns.push_back(turn);
    const Reply reply = reply_in_conversation(turns);
    INFO(turn << " -> " << reply_type_name(reply.type));
    // (Before, the last question was answered with the entry on elemental magnesium, as if for a person.)
    CHECK(reply.type == ReplyType::NoAnswer);
  }
  // A personal dose asked again in other words is still not given.
  CHECK(reply_in_conversation({"how many mg of magnesium glycinate should I personally take for my insomnia?",
                               "just give me a number for me"})
            .type == ReplyType::NoAnswer);
}

TEST_CASE("'and cashews?' after how much magnesium is in almonds asks how much is in cashews") {
  check_follow_up_answered_by("How much magnesium is in almonds?", "and cashews?", "food-magnesium-amounts");
  check_follow_up_answered_by("how much magnesium in pumpkin seeds", "and chia?", "food-magnesium-amounts");
  // A follow-up that asks in words of its own asks what it says: foods, not amounts again.
  check_follow_up_answered_by("my teen son barely eats veggies. how much magnesium should he get? he's 15",
                              "which foods could he actually like", "magnesium-rich-foods");
}

TEST_CASE("what hospitals do, whether one must fast for the test, and a retest are read as what they ask") {
  check_answered_by("what do they do in the hospital for magnesium toxicity", "hypermagnesemia-treatment");
  // Fasting before the test is not in the knowledge base: the honest no_answer, not the normal range.
  CHECK(ask("Do I have to fast before a magnesium blood test?").type == ReplyType::NoAnswer);
  check_answered_by("Can fasting lower magnesium?", "deficiency-causes");
  check_follow_up_answered_by("my magnesium is 0.7 mmol/L", "should I get it retested?", "deficiency-tests");
}

TEST_CASE("whether a supplement is safe for children is answered with the upper limits by age") {
  // The entry on milk of magnesia asks "is it safe..." too, but says nothing about children.
  for (const char* q : {"is magnesium citrate safe for kids", "can kids take magnesium citrate",
                        "is magnesium glycinate safe for my 6 year old"}) {
    INFO(q);
    CHECK(check_answered_by(q, "upper-limit-supplements").answer.find("65 mg") != std::string::npos);
  }
  // A condition named beside the child is what is asked about.
  check_answered_by("my daughter has kidney disease, is it ok to give her magnesium vitamins",
                    "supplements-kidney-caution");
}

TEST_CASE("whether someone with kidney disease may take magnesium is answered by who must be careful, whatever for") {
  // (Blind questions and the safety review, 2026-12-01: what it would be taken for, or an amount named, used to make
  // it "I don't know".)
  for (const char* q : {"My dad is 68 and has stage 4 kidney disease. He read online that magnesium helps sleep and "
                        "wants to buy some. Should he?",
                        "My dad has CKD, is magnesium ok for his sleep?", "my gfr is 25, is 350 mg magnesium ok",
                        "I have kidney failure. is it ok to take 300mg magnesium glycinate for sleep?"}) {
    INFO(q);
    check_answered_by(q, "supplements-kidney-caution");
  }
  CHECK(first_source(reply_in_conversation({"I have kidney failure",
                                             "is it ok to take 300mg magnesium glycinate for sleep?"})) ==
        "supplements-kidney-caution");
  // Asked in the entry's own words, it is answered without "the closest question".
  const Reply direct = ask("is it safe to take magnesium supplements with kidney disease?");
  CHECK(direct.answer.rfind("People with kidney disease", 0) == 0);
}

TEST_CASE("what a story told only to ask whether it comes from magnesium need not be in the answer") {
  // (Blind questions, 2026-12-01: "energy drinks", "ramen" and "before bed" were told, not asked about.)
  check_answered_by("im a college student basically living on ramen and energy drinks during finals, my eyelid wont "
                    "stop twitching and i get leg cramps at night. could that be low magnesium",
                    "deficiency-symptoms");
  check_answered_by("started taking magnesium before bed for my calf cramps and now every morning i have diarrhea lol. "
                    "is that the magnesium?",
                    "supplement-side-effects");
  // What the question asks about the story still must be: "with it" is the warfarin.
  CHECK(ask("I'm on warfarin. Can I take magnesium with it?").type == ReplyType::NoAnswer);
}

TEST_CASE("a child's dose against a complaint, in one turn or two, is declined, and the amount a child may take as pills is the limit") {
  // (Safety review, 2026-12-01: the RDA, 130 mg at 4 to 8 years, is above the 110 mg limit for supplements.)
  CHECK(ask("how many mg of magnesium should my 8 yr old take for leg cramps").answer.find("I can't work out a dose") !=
        std::string::npos);
  const Reply given = reply_in_conversation({"my 3 year old is constipated, is magnesium citrate a laxative?",
                                             "how much can i give her"});
  CHECK(given.answer.find("I can't work out a dose") != std::string::npos);
  CHECK(given.answer.find(" mg") == std::string::npos);
  for (const char* q : {"how much magnesium can my 6 year old take from supplements?",
                        "im 15 and do sports, how much magnesium can i take in pills"}) {
    INFO(q);
    const Reply r = check_answered_by(q, "upper-limit-supplements");
    CHECK(r.answer.find("110 mg") != std::string::npos);
  }
  CHECK(first_source(reply_in_conversation({"my daughter is 4", "how much magnesium can she take a day from supplements?"})) ==
        "upper-limit-supplements");
}

TEST_CASE("an amount of a product asked whether too much or all right is answered by the supplement limit") {
  // (Safety review, 2026-12-01: it got the hospital treatment of severe high magnesium, or the intake table.)
  check_answered_by("is 1000mg of magnesium glycinate too much", "upper-limit-supplements");
  check_answered_by("im breastfeeding and taking 600mg magnesium a day, is that ok for baby", "upper-limit-supplements");
  // A dose to bring a level up is one person's dose.
  CHECK(ask("how much magnesium should i take if my level was 1.5").answer.find("I can't work out a dose") !=
        std::string::npos);
}

TEST_CASE("a magnesium result outside every cited range is answered after 'contact the doctor who ordered the test'") {
  const Reply low = ask("my lab says magnesium 1.1 mg/dL, the doctor hasnt called yet, is that bad");
  CHECK(low.answer.rfind("**That result is outside the usual reference ranges", 0) == 0);
  // Not one inside a cited range, nor another test's result.
  CHECK(ask("magnesium 0.8 mmol/L is that ok").answer.find("outside the usual reference ranges") == std::string::npos);
  CHECK(ask("creatinine 1.1 mg/dL what does it mean").answer.find("outside the usual reference ranges") ==
        std::string::npos);
  CHECK(ask("My labs: K 4.1 mmol/L, Mg 0.85 mmol/L. Is my magnesium ok?").answer.find("outside the usual") ==
        std::string::npos);
}

TEST_CASE("with kidney disease told, a laxative question opens with the caution, not a bare 'Yes.'") {
  // (Second safety review, 2026-12-01.)
  const Reply now = ask("I have kidney failure, can I use magnesium citrate for constipation?");
  CHECK(now.answer.rfind("**Safety note:** People with kidney disease", 0) == 0);
  CHECK(now.answer.find("Yes.") == std::string::npos);
  const Reply earlier = reply_in_conversation({"I have CKD stage 4", "is magnesium citrate ok for constipation"});
  CHECK(earlier.answer.rfind("**Safety note:**", 0) == 0);
  CHECK(ask("I have kidney failure, is it ok to use magnesium citrate for constipation?")
            .answer.rfind("**Safety note:**", 0) == 0);
  CHECK(ask("My kidneys are healthy, can I use magnesium citrate for constipation?").answer.rfind("Yes.", 0) == 0);
  // Without kidney disease the entry answers as written.
  CHECK(ask("is magnesium citrate a laxative?").answer.rfind("Yes.", 0) == 0);
}

TEST_CASE("a limit said before the answer cites the entry on the limits, with a marker and a source") {
  for (const auto& [message, opening] : std::vector<std::pair<std::string, std::string>>{
           {"my doctor has me on 400mg but I bumped it to 900mg myself", "**900 mg a day from supplements"},
           {"is milk of magnesia ok for a 1 year old?", "**For a 1-year-old, the upper limit"},
           {"is 500mg a day ok for my 15 year old son?", "**500 mg a day from supplements"}}) {
    const Reply r = ask(message);
    INFO(message << " -> " << r.answer.substr(0, 80));
    REQUIRE(r.answer.rfind(opening, 0) == 0);
    int id = 0;
    for (const auto& s : r.sources)
      if (s.entry_id == "upper-limit-supplements") id = s.id;
    REQUIRE(id > 0);
    // (The marker right after the line, before anything else the reply says.)
    CHECK(r.answer.find("** [" + std::to_string(id) + "]") < r.answer.find("\n"));
  }
  // A reply without such a line cites only what it answers with.
  for (const auto& s : ask("what foods are high in magnesium?").sources) CHECK(s.entry_id != "upper-limit-supplements");
}

TEST_CASE("whether a child may have a magnesium laxative is declined, with the supplement limits by age") {
  for (const auto& turns : std::vector<std::vector<std::string>>{
           {"my son is 6 and constipated", "can he have magnesium citrate?"},
           {"is magnesium citrate a laxative?", "can my 5 yr old daughter take it?"},
           {"can I give my 4 year old milk of magnesia"}}) {
    const Reply r = reply_in_conversation(turns);
    INFO(turns.back() << " -> " << r.answer.substr(0, 80));
    CHECK(r.answer.rfind("I can't work out a dose", 0) == 0);
    CHECK(r.answer.find("65 mg a day") != std::string::npos);
    CHECK(r.answer.find("Yes.") == std::string::npos);
  }
  // Told, not asked: what the paediatrician said.
  CHECK(ask("My pediatrician said to give my son milk of magnesia for constipation, how does it work?")
            .answer.find("I can't work out a dose") == std::string::npos);
  // Foods for a constipated toddler are foods.
  CHECK(ask("my toddler is constipated, what foods have magnesium").answer.find("I can't work out a dose") ==
        std::string::npos);
}

TEST_CASE("a shorter answer keeps its warning, and the kidney caution when the conversation told of kidney disease") {
  const Reply dialysis = reply_in_conversation({"im on dialysis, can i use magnesium citrate for constipation", "keep it short"});
  CHECK(dialysis.answer.find("kidney failure") != std::string::npos);
  CHECK(dialysis.answer.rfind("**Safety note:**", 0) == 0);
  CHECK(dialysis.answer.find("Yes.") == std::string::npos);
  const Reply child = reply_in_conversation({"how much magnesium does my 2 year old need", "tldr"});
  CHECK(child.answer.find("65 mg a day at 1 to 3 years") != std::string::npos);
  // Nor the sentence saying when to get emergency care.
  CHECK(reply_in_conversation({"what are the symptoms of a magnesium overdose", "shorter"})
            .answer.find("Severe symptoms need emergency medical care.") != std::string::npos);
  // A list of amounts by group is kept whole: the women's rows are not cut from the adult amounts.
  const Reply adults = reply_in_conversation({"how much magnesium should adults take", "simpler"});
  CHECK(adults.answer.find("women aged 31 and older: 320 mg a day") != std::string::npos);
  // Nothing is added where the conversation and the entry carry no warning.
  CHECK(reply_in_conversation({"what foods have magnesium", "shorter please"}).answer.find("Safety note") ==
        std::string::npos);
}

TEST_CASE("'it' after a product taken at bedtime is the product, and 'could her medicines do that' asks which lower magnesium") {
  // (Blind questions, 2026-12-01.)
  const Reply loose = reply_in_conversation({"i take magnesium citrate every night before bed",
                                             "my stomach has been really loose lately, could that be from it"});
  REQUIRE(loose.type == ReplyType::Answer);
  CHECK(loose.answer.find("diarrhea") != std::string::npos);
  check_answered_by("So my mom is 72 and she's been really tired lately and her legs twitch at night. Her doctor put her "
                    "on a water pill last year for her blood pressure and she also takes a pill for heartburn every "
                    "single day. My sister read online it could be her magnesium. Could her medicines really do that?",
                    "medicines-that-lower-magnesium");
}

TEST_CASE("a dose asked 'for it' after the condition is told is declined") {
  const Reply r = ask("I have atrial fibrillation, how many mg of magnesium should I take for it?");
  CHECK(r.answer.find("I can't work out a dose") != std::string::npos);
  CHECK(r.answer.find(" mg") == std::string::npos);
}

TEST_CASE("gabapentin is a medicine the interactions entry names, breast milk is not covered, and buying magnesium gets the caution") {
  // (Safety review, 2026-12-01.)
  check_answered_by("gabapentin and maalox together ok?", "levothyroxine-and-other-interactions");
  CHECK(ask("does magnesium pass into breast milk").type == ReplyType::NoAnswer);
  CHECK(ask("my dad is 85 and on furosemide, his doctor says his mag is low, can i just buy him magnesium oxide")
            .answer.find("**Safety note:**") != std::string::npos);
}

TEST_CASE("signs of low magnesium told beside a gut disease flare are about magnesium without its name") {
  // (Second safety review, 2026-12-01: "out of scope".)
  for (const char* q : {"ulcerative colitis flare with diarrhea 10 times a day for a week, now my hands are cramping "
                        "and tingling",
                        "crohns flare, been having diarrhea for days and now my fingers are tingling and my calves cramp"}) {
    INFO(q);
    const Reply r = ask(q);
    REQUIRE(r.type == ReplyType::Answer);
    CHECK(r.answer.find("side effects of magnesium supplements") == std::string::npos);
  }
  CHECK(ask("does crohns cause leg cramps").type == ReplyType::OutOfScope);
}

TEST_CASE("the closest entry's own 'Yes.' is not put in front of another question, and digoxin is not covered") {
  // (Second safety review, 2026-12-01: "Is it okay to keep taking my magnesium?" read "...: Yes, magnesium
  // interferes with some antibiotics.")
  // (The antibiotics entry itself no longer opens with "Yes": it says the two are not taken at the same time.)
  const Reply r = ask("I'm on doxycycline for my skin. Is it okay to keep taking my magnesium?");
  CHECK(r.answer.find("Yes") == std::string::npos);
  CHECK(r.answer.find("Magnesium interferes with some antibiotics, so the two should not be taken at the same time") !=
        std::string::npos);
  // An entry that does open with "Yes." loses it when another question is asked: "Is it okay to keep taking my
  // magnesium?" is not answered "Yes. ... PPIs can cause low magnesium".
  const Reply ppi = ask("I'm on omeprazole. Is it okay to keep taking my magnesium?");
  REQUIRE(ppi.answer.rfind("The closest question I have an answer for is", 0) == 0);
  CHECK(ppi.answer.find("Yes") == std::string::npos);
  CHECK(ppi.answer.find("In March 2011 the US FDA warned") != std::string::npos);
  // Asked in the entry's own words, its "Yes." stays.
  CHECK(ask("can proton pump inhibitors cause low magnesium?").answer.rfind("Yes", 0) == 0);
  CHECK(ask("does magnesium interact with digoxin").type == ReplyType::NoAnswer);
  // Doxycycline with a form and a time of day is the antibiotics entry.
  check_answered_by("I'm on doxycycline for acne, can I still take my magnesium glycinate at night?",
                    "antibiotics-interaction");
}

TEST_CASE("whether magnesium is safe in pregnancy, with cramps told, is the pregnancy amounts, not the signs of a deficiency") {
  check_answered_by("im 24 weeks pregnant with bad leg cramps, is magnesium safe in pregnancy?",
                    "intake-pregnancy-breastfeeding");
}

TEST_CASE("a medicine said to 'clash' with magnesium asks how the two interact") {
  // (Blind question, 2026-12-01; Fosamax is alendronate.)
  check_answered_by("My mother (81) takes Fosamax once a week for her bones and also a daily magnesium. Do they clash",
                    "bisphosphonates-interaction");
}

TEST_CASE("a dose asked for one person, or to treat something, is declined with the reason, never a number") {
  for (const char* q : {"just tell me my dose", "how much magnesium should i give my 6 year old for his constipation",
                        "my potassium was 3.1 on my labs, how many mg of magnesium do I need to take to fix it",
                        "I take 1200 mg calcium a day, how much magnesium should I add for me specifically?",
                        "how much magnesium should I take for my leg cramps?",
                        "What dose of magnesium should I give my 4 year old for her constipation?",
                        "I am 62 kg, how many 400mg magnesium tablets exactly I should take for my migraine?",
                        "im 52kg how many mg shud i take"}) {
    const Reply r = ask(q);
    INFO(q << " -> " << reply_type_name(r.type) << ": " << r.answer);
    REQUIRE(r.type == ReplyType::NoAnswer);
    CHECK(r.answer.find("I can't work out a dose") != std::string::npos);
    CHECK(r.answer.find(" mg") == std::string::npos);
  }
  // With kidney disease or dialysis the dose is declined the same way, and the reason no dose can be guessed comes
  // with it: who must be careful with supplements, cited.
  for (const char* q : {"How many mg of magnesium should my husband, who is 70 kg and on dialysis, take every day?",
                        "I have chronic kidney disease stage 3 and my friend swears magnesium helped her sleep. Can I "
                        "just buy some at the pharmacy and start, what dose should I take?"}) {
    const Reply r = ask(q);
    INFO(q << " -> " << reply_type_name(r.type) << ": " << r.answer);
    REQUIRE(r.type == ReplyType::Answer);
    CHECK(r.answer.find("I can't work out a dose") != std::string::npos);
    CHECK(r.answer.find("medical supervision") != std::string::npos);
    CHECK(r.answer.find(" mg") == std::string::npos);
    REQUIRE(r.sources.size() == 1);
    CHECK(r.sources[0].entry_id == "supplements-kidney-caution");
  }
  // Whom it is for is not what it treats: the general amounts for that age.
  check_answered_by("how much magnesium should i give my 2 year old", "intake-children-teens");
  // A dose of something else stays outside magnesium.
  CHECK(ask("how much iron should I take for my anemia").type == ReplyType::OutOfScope);
  CHECK(ask("how much calpol can I give my 3 year old?").type == ReplyType::OutOfScope);
  // (Constipation beside iron does not make it a question about magnesium laxatives.)
  CHECK(ask("Does iron tablet cause constipation?").type == ReplyType::OutOfScope);
  // An amount of a form asked about is answered by the upper limit, the same for every form.
  CHECK_THAT(check_answered_by("Can I take 800 mg of magnesium glycinate every night?", "upper-limit-supplements").answer,
             Catch::Contains("350 mg"));
  // Changing a prescribed dose is never advised: the reply first says to ask the prescriber.
  const Reply cut = ask("My doctor prescribed 800 mg magnesium oxide twice a day. Should I cut it to 400 on my own?");
  CHECK(cut.answer.rfind("**Please don't stop or change a prescribed medicine on your own.**", 0) == 0);
  const Reply more = ask("my doctor prescribed magnesium 250mg twice a day, should I make it 3 times for better effect?");
  CHECK(more.answer.rfind("**Please don't stop or change a prescribed medicine on your own.**", 0) == 0);
}

TEST_CASE("'are you sure?' before a claim asks where the last answer comes from") {
  const Reply r = reply_in_conversation({"How much magnesium does an adult man need?",
                                         "are you sure? a website told me 800 mg"});
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.sources[0].entry_id == "intake-adults");
  CHECK(r.answer.find("ods.od.nih.gov") != std::string::npos);
  // A new question after it is asked as any other.
  CHECK(reply_in_conversation({"How much magnesium does an adult man need?", "are you sure? what about women"})
            .answer.find("ods.od.nih.gov") == std::string::npos);
}

TEST_CASE("'what about X?' after a question asks it of X, and medicines 'that cause it' ask for causes") {
  check_follow_up_answered_by("how much magnesium is in almonds", "what about cashews?", "food-magnesium-amounts");
  check_follow_up_answered_by("low magnesium causes?", "what about medicines that cause it",
                              "medicines-that-lower-magnesium");
  // "What else can it cause?" still asks what the condition does.
  check_follow_up_answered_by("what is low magnesium?", "what else can it cause?", "deficiency-symptoms");
}

TEST_CASE("how magnesium ties to other minerals is the subject, not the test that found them or a food's other mineral") {
  check_answered_by("blood test says low magnesium, low calcium AND low potassium. how are they connected",
                    "magnesium-calcium-potassium-balance");
  check_answered_by("Bloodwork showed both low calcium and low magnesium. Are those connected?", "magnesium-and-calcium");
  check_follow_up_answered_by("what happens if my magnesium is low?", "and what does that do to my calcium?",
                              "magnesium-and-calcium");
  check_answered_by("bananas are known for potassium but do they have magnesium too", "food-magnesium-amounts");
  // Asked about the test itself, the test stays the subject.
  check_answered_by("what blood test checks magnesium?", "deficiency-tests");
}

TEST_CASE("a gut disease told beside a question about signs or foods says why the person asks, not what") {
  check_answered_by("what are the signs my magnesium is low? i have ulcerative colitis", "deficiency-symptoms");
  check_answered_by("Crohn's patient here, getting leg cramps at night and my eyelid keeps twitching. could this be a "
                    "magnesium thing?",
                    "deficiency-symptoms");
  check_answered_by("I have celiac disease, what foods are high in magnesium?", "magnesium-rich-foods");
  // Asked whether the disease puts them at risk, it is the subject.
  check_answered_by("I have Crohn's. Am I at risk of low magnesium?", "deficiency-risk-groups");
  // Which foods are free of gluten is not in the food lists, which include wheat.
  CHECK(ask("magnesium rich foods that are gluten free? newly diagnosed coeliac").type == ReplyType::NoAnswer);
}

TEST_CASE("'could that be why...' after a medicine asks whether the medicine is the cause") {
  check_follow_up_answered_by("I've had acid reflux for years and take pantoprazole every morning",
                              "could that be why my magnesium came back low on my bloodwork?", "ppi-and-magnesium");
  check_follow_up_answered_by("I'm on furosemide for my heart", "is that why my magnesium is low?",
                              "diuretics-and-magnesium");
}

TEST_CASE("a question that names only a medicine and another subject is answered only by an entry on both") {
  // (Before, the upper limit and the entry on alcohol answered these as "the closest question".)
  for (const char* q : {"Is Cipro safe to take while pregnant?", "can i drink beer while on doxycycline"}) {
    INFO(q);
    CHECK(ask(q).type == ReplyType::NoAnswer);
  }
  // A sign that magnesium may explain keeps it a magnesium question.
  check_answered_by("why am i getting muscle cramps since starting water pills", "diuretics-and-magnesium");
  check_answered_by("how long after cipro can I take my antacid", "antibiotics-interaction");
}

TEST_CASE("a high dose of another mineral asked about is that mineral's dose, not an amount of magnesium") {
  check_answered_by("my son takes high dose zinc every time he gets a cold. will that mess with his magnesium?",
                    "magnesium-and-zinc");
  check_answered_by("Can a high-dose calcium supplement block magnesium?", "magnesium-and-calcium");
  // The other mineral's own amount is still not answered from magnesium entries.
  CHECK(ask("what is the RDA for potassium").type == ReplyType::NoAnswer);
}

TEST_CASE("a second question joined after the first one's question mark is asked too, not read as a story") {
  const Reply r = ask("what happens if your magnesium is low? and how do doctors fix it");
  REQUIRE(r.type == ReplyType::Answer);
  REQUIRE(r.sources.size() >= 2);
  CHECK(r.sources[0].entry_id == "deficiency-symptoms");
  CHECK(r.sources[1].entry_id == "deficiency-treatment");
}

TEST_CASE("a bare 'why not?' after a question about a food asks about that food") {
  const Reply r = reply_in_conversation({"Is white bread a good source of magnesium?", "why not?"});
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.answer.find("germ and bran") != std::string::npos);
  // After a supplement taken "with food", "why?" is still answered by the entry that answered.
  check_follow_up_answered_by("should i take my magnesium pill with food", "why?", "take-with-food");
}

TEST_CASE("a medicine and a magnesium product named together, asked whether that is a problem, ask how they interact") {
  // The entry on antacids also mentions antibiotics, but the one written about antibiotics answers.
  check_answered_by("Taking cipro for a UTI. I normally take magnesium citrate at night, is that a problem?",
                    "antibiotics-interaction");
  check_answered_by("cipro and milk of magnesia same time ok?", "antibiotics-interaction");
  check_answered_by("I'm on azithromycin and my antacid has magnesium hydroxide in it. Is that a problem?",
                    "antibiotics-interaction");
}

TEST_CASE("a mineral the person says they take is not the subject of how much magnesium they need") {
  check_answered_by("How much magnesium do I need? I'm a 45 year old woman already on calcium and vitamin D",
                    "intake-adults");
  check_answered_by("how much magnesium do I need if I'm already on calcium", "intake-adults");
  // Asked how the two go together, or what one does to the other, the mineral is the subject.
  check_answered_by("How do magnesium and vitamin D work together?", "magnesium-and-vitamin-d");
  check_answered_by("Does taking high dose zinc affect magnesium?", "magnesium-and-zinc");
}

TEST_CASE("two groups, disorders or minerals compared are answered by their own entries, not by low vs high") {
  check_answered_by("women vs men - who should get more magnesium each day?", "intake-adults");
  check_answered_by("magnesium for a newborn vs a 2 year old", "intake-children-teens");
  check_answered_by("magnesium vs calcium, how do they work together?", "magnesium-and-calcium");
  // Both conditions named still compare them.
  check_answered_by("low magnesium vs high magnesium, what's the difference?", "low-vs-high-comparison");
}

TEST_CASE("foods asked for a sign or a low level are answered with the foods") {
  // The cramps only say why the person asks; "a day" says how often they would eat it, not an amount asked.
  check_answered_by_one_of("what should i eat to get more magnesium, my legs keep cramping",
                           {"magnesium-rich-foods", "prevent-deficiency", "food-magnesium-amounts"});
  check_answered_by_one_of("my magnesium is on the low side, would a handful of almonds a day be enough?",
                           {"magnesium-rich-foods", "prevent-deficiency", "food-magnesium-amounts"});
}

TEST_CASE("a story's dose of another mineral and its blood test are context for asking what that mineral does") {
  const std::vector<std::string> zinc = {"magnesium-and-zinc", "magnesium-imbalance"};
  check_answered_by_one_of("I take 50 mg of zinc every day and my magnesium came back low. could the zinc be doing it?",
                           zinc);
  check_answered_by_one_of(
      "I've been on 40 mg of zinc daily for a year and my last magnesium test was low. Could the zinc explain it?", zinc);
}

TEST_CASE("a follow-up naming a mineral, going on with a supplement beside a medicine, or asking who to see") {
  // What magnesium does does not carry over to calcium: how the two go together answers.
  check_follow_up_answered_by("what does magnesium do", "and calcium?", "magnesium-and-calcium");
  // Going on with a supplement after a medicine was named asks how the two go together.
  check_follow_up_answered_by("I'm on ciprofloxacin for a UTI", "can I keep taking my magnesium supplement?",
                              "antibiotics-interaction");
  check_follow_up_answered_by("What does magnesium do in the body?", "ok and if I think mine is low who should I talk to?",
                              "when-to-see-doctor");
  // "ok and?" asks to go on; it does not close the conversation.
  CHECK(ask_after("what causes low magnesium", "ok and?").type == ReplyType::Answer);
  CHECK(ask_after("what causes low magnesium", "ok thanks").type == ReplyType::Greeting);
}

TEST_CASE("a result asked 'high or normal' is read against the normal range, and signs asked after a result are the signs") {
  check_answered_by("lab report says magnesium 2.6 mg/dL. is that high or normal?", "blood-normal-range");
  // A result outside every cited range still names its condition.
  CHECK(ask("magnesium 3.5 mg/dL is that high or normal").sources.at(0).entry_id != "blood-normal-range");
  check_answered_by_one_of(
      "low magnesium result came back. I feel tired all the time and have no appetite, is that from the magnesium?",
      {"deficiency-symptoms", "deficiency-early-signs", "magnesium-imbalance"});
  // (A cause named beside the result is still asked about.)
  check_answered_by("blood test shows magnesium high. i use milk of magnesia almost every day for constipation, could "
                    "that be why?",
                    "hypermagnesemia-causes");
}

TEST_CASE("fixing one's magnesium with food is about raising a low level, and how much a food has stays the food's") {
  const Reply last = reply_in_conversation(
      {"trying to fix my magnesium with food instead of pills", "are pumpkin seeds good?", "how much do they have?"});
  REQUIRE(last.type == ReplyType::Answer);
  CHECK(last.sources.at(0).entry_id == "food-magnesium-amounts");
  CHECK_THAT(last.answer, Catch::Contains("156"));
  // To fix something else is no question about magnesium.
  CHECK(ask_after("What foods contain magnesium?", "ok thanks. unrelated but how do I fix my wifi dropping out?").type ==
        ReplyType::OutOfScope);
  // "Any antibiotics?" after the medicines that cause low magnesium asks which antibiotics do.
  CHECK(reply_in_conversation({"Tell me about low magnesium", "what medicines can cause it?", "any antibiotics?"})
            .sources.at(0)
            .entry_id == "medicines-that-lower-magnesium");
}

TEST_CASE("'explain how' two minerals are connected asks the tie, and a dose a doctor 'put me on' is a prescribed one") {
  check_answered_by("can you explain how magnesium and calcium are connected?", "magnesium-and-calcium");
  check_answered_by("I read Europe has a lower magnesium supplement limit than the US. What is the EFSA number?",
                    "upper-limit-supplements");
  const std::string keep_prescribed = "**Please don't stop or change a prescribed medicine on your own.**";
  CHECK(ask("my doctor put me on 400 mg magnesium oxide twice a day, should I just cut it down to once a day myself?")
            .answer.rfind(keep_prescribed, 0) == 0);
  // A level lowered by a prescribed medicine is no dose changed.
  CHECK(ask("I was prescribed omeprazole, can that lower my magnesium?").answer.rfind(keep_prescribed, 0) ==
        std::string::npos);
}

TEST_CASE("signs told in one message are what 'can low magnesium cause that?' in the next asks about") {
  const Reply r = reply_in_conversation(
      {"I've been feeling really anxious and kind of down for months",
       "I read magnesium deficiency can cause that, is that true?"});
  REQUIRE(r.type == ReplyType::Answer);
  CHECK_THAT(r.sources.at(0).entry_id,
             Catch::Equals("deficiency-symptoms") || Catch::Equals("deficiency-early-signs") ||
                 Catch::Equals("magnesium-imbalance"));
  CHECK_THAT(r.answer, Catch::Contains("anxiety"));
}

TEST_CASE("how magnesium helps muscles work is its role, and what too much does to the heart is its danger") {
  const Reply role = ask("how does magnesium help muscles and nerves work");
  REQUIRE(role.type == ReplyType::Answer);
  CHECK_THAT(role.answer, Catch::Contains("muscle"));
  // A benefit claimed for a sign is still one the knowledge base does not back.
  CHECK(ask("can magnesium help muscle cramps").type == ReplyType::NoAnswer);
  check_answered_by("how does having too much magnesium hurt your heart", "is-hypermagnesemia-dangerous");
}

TEST_CASE("short chat: 'mag def' is magnesium deficiency, 'drs' are doctors, 'where do i get it' asks for foods") {
  const Reply tests = reply_in_conversation({"mag def", "how do drs test"});
  REQUIRE(tests.type == ReplyType::Answer);
  CHECK(tests.sources.at(0).entry_id == "deficiency-tests");
  CHECK(tests.corrected_query == "how do doctors test");
  check_follow_up_answered_by("what does mag do", "n where do i get it", "magnesium-rich-foods");
  // Without magnesium's own word, another subject is not brought into scope by a medicine it names.
  CHECK(ask("Should I be taking iodine for an underactive thyroid?").type == ReplyType::OutOfScope);
}

TEST_CASE("after a low result told, 'what causes low magnesium' or 'a low result' asks its causes, not what it causes") {
  check_answered_by("my magnesium was low. what causes low magnesium?", "deficiency-causes");
  check_answered_by("my OB called and said my magnesium was low on my bloodwork. what usually causes a low result?",
                    "low-result-causes");
  // What low or high magnesium itself causes is still asked as its signs.
  CHECK(first_source(ask("does low magnesium cause anxiety")) == "deficiency-symptoms");
  // (Except low blood pressure, which the entry on blood pressure answers: too much magnesium lowers it.)
  CHECK(first_source(ask("can high magnesium cause low blood pressure")) == "magnesium-and-blood-pressure");
  CHECK(first_source(ask("can magnesium cause low blood pressure")) == "magnesium-and-blood-pressure");
}

TEST_CASE("what to do if someone swallows too much magnesium starts with whom to call") {
  for (const char* q : {"what do I do if my child swallows magnesium pills",
                        "what should I do if someone overdoses on magnesium",
                        "my daughter drank some epsom salt bath water, she seems fine",
                        // (Safety review, 2026-12-01: a child who took someone's tablets; a large amount by mistake.)
                        "my 2 year old took a few of my magnesium tablets, he seems fine",
                        "my 2yo got into the magnesium bottle, maybe 5 or 6 gone, she's playing normally",
                        "i took 2000mg of magnesium by mistake",
                        "took 8 magnesium oxide 400mg tablets at once because i was constipated, is that ok"}) {
    const Reply r = ask(q);
    INFO(q << " -> " << r.answer.substr(0, 120));
    CHECK(r.answer.rfind("**If someone may have swallowed too much magnesium", 0) == 0);
    CHECK(r.answer.find("poison control") != std::string::npos);
  }
  // Not a child's food, a pet, or a dose.
  for (const char* q : {"my toddler ate a lot of spinach today, how much magnesium is in spinach?",
                        "my dog ate a magnesium tablet, are they safe for kids?", "how much magnesium should my kid take",
                        // (A dose taken twice, or two things taken together, is not a large amount.)
                        "I took my magnesium twice today by mistake. I feel fine. Is that a problem?",
                        "I accidentally took my 250mg tablet of magnesium twice today, is that ok?",
                        "The label says 3 capsules a day. This morning I took 3 magnesium capsules at once, is it better "
                        "to split them?",
                        "This morning I took 1000 mg of vitamin C at once with my magnesium, is that ok?",
                        "My 12 year old daughter had a couple of magnesium gummies before bed and slept really well, is "
                        "that a good amount for her?",
                        "I accidentally took my doxycycline together with my magnesium, will the antibiotic still work?"})
    CHECK(ask(q).answer.find("If someone may have swallowed") == std::string::npos);
}

TEST_CASE("a question complete in itself is answered on its own terms, not as a follow-up of the one before") {
  // (Web review: the page's own example question, asked after another, got "too much from food".)
  check_follow_up_answered_by("Is high magnesium dangerous?", "Which foods are rich in magnesium?",
                              "magnesium-rich-foods");
  check_follow_up_answered_by("can PPIs lower magnesium?", "what is a normal magnesium level?", "blood-normal-range");
  // Asked of oneself, it is still asked of what was told.
  check_follow_up_answered_by("I'm 34 and pregnant", "how much magnesium do I need?", "intake-pregnancy-breastfeeding");
  // A new kind of question about the last answer's subject is not given that answer again.
  CHECK(first_source(reply_in_conversation({"What is Epsom salt?", "What is the upper limit?"})) ==
        "upper-limit-supplements");
  // ...but one that asks it of the answer is: "how much of it is in the blood?" after where magnesium is stored.
  CHECK(first_source(reply_in_conversation({"where is magnesium stored in the body?",
                                             "how much of it is in the blood?"})) == "magnesium-body-storage");
}

TEST_CASE("'what about food instead?' after supplements asks which foods have magnesium") {
  check_follow_up_answered_by("which magnesium supplement is absorbed best?", "what about getting it from food instead?",
                              "magnesium-rich-foods");
  check_follow_up_answered_by("is magnesium glycinate better absorbed than oxide", "ok forget pills, what about food instead?",
                              "magnesium-rich-foods");
  check_follow_up_answered_by("i take magnesium pills for leg cramps but they upset my stomach",
                              "what about getting it from food instead?", "magnesium-rich-foods");
  // A food someone cannot eat is not what is asked about.
  check_follow_up_answered_by("what foods have magnesium?", "what about for someone who can't eat nuts?",
                              "magnesium-rich-foods");
  // "Instead of" still names what is set aside: two pills instead of one is no question about food.
  CHECK(ask("I accidentally took two magnesium pills instead of one and feel fine. Should I worry?").type !=
        ReplyType::Emergency);
}

TEST_CASE("a sign asked beside a result or a condition the person has asks the signs of the condition") {
  // What low magnesium causes is named first; the bloodwork that showed it only tells why the person asks.
  CHECK(ask("does low mag cause seizures?? my daughter's bloodwork showed low magnesium").answer.find("seizure") !=
        std::string::npos);
  // Diabetes told of the person is why they ask; asked of diabetes, it is the subject.
  check_answered_by("Im diabetic and get tingling in my fingers, can low magnesium do that?", "deficiency-symptoms");
  check_answered_by("My diabetic aunt had a seizure years ago from low magnesium. Is magnesium loss common with diabetes?",
                    "diabetes-and-magnesium");
}

TEST_CASE("keeping magnesium from dropping again is prevention, and the body's processes are its role") {
  check_answered_by("once my magnesium is back to normal how do i keep it from dropping again", "prevent-deficiency");
  check_answered_by("how do i keep my magnesium from getting too high", "prevent-hypermagnesemia");
  check_answered_by("what processes in the body need magnesium? summarise pls", "magnesium-role");
}

TEST_CASE("foods asked while pills are put off, and amounts for an age after a result, answer what is asked") {
  // A pill someone cannot swallow, or wants to stop buying, is set aside: the foods are asked.
  CHECK(first_source(ask("what foods have magnesium? my mother cant swallow any more pills")) == "magnesium-rich-foods");
  // A result told ("came back low on labs") only says why the amount for his age is asked.
  check_answered_by("my son is 15 and his magnesium came back low on labs. how much does a teenage boy need daily",
                    "intake-children-teens");
  // "In total per day" asks an amount a day, not how much the body holds.
  check_answered_by("Im 26 weeks pregnant and already on a magnesium supplement. how much magnesium do pregnant women "
                    "need in total per day?",
                    "intake-pregnancy-breastfeeding");
}

TEST_CASE("'does one cause the other?' after two low results asks how the two minerals are tied") {
  check_answered_by("calcium came back low and magnesium came back low too. does one cause the other?",
                    "magnesium-and-calcium");
  check_answered_by("my potassium and magnesium are both low, is one causing the other?", "magnesium-and-potassium");
  // So does "could magnesium be involved?" after a story of another mineral that stays low.
  check_answered_by("my potassium keeps coming back low on bloodwork even tho im taking potassium pills. could "
                    "magnesium be involved somehow?",
                    "magnesium-and-potassium");
}

TEST_CASE("'can X make your magnesium low' asks causes, and a normal test while still low asks about the tests") {
  Reply breastfeeding = ask("can breastfeeding make your magnesium low??");
  CHECK(first_source(breastfeeding) == "deficiency-causes");
  CHECK_THAT(breastfeeding.answer, Catch::Contains("breastfeeding"));
  check_answered_by("why can your magnesium blood test come back normal but you're still low", "deficiency-tests");
  // Taking someone "to the doctor" asks when to see one; a visit already made ("we went to the doctor yesterday") is
  // only told.
  check_answered_by("when do i need to take my child to the doctor about magnesium", "when-to-see-doctor");
  check_answered_by("we went to the doctor yesterday, what causes low magnesium in kids?", "deficiency-causes");
}

TEST_CASE("where a claim was heard (reddit, tiktok, an influencer) is not a subject the answer must name") {
  check_answered_by("reddit says 350mg is the max magnesium per day, is that right?", "upper-limit-supplements");
  check_answered_by("an influencer said everyone needs 400mg of magnesium a day. how much do grown adults actually need?",
                    "intake-adults");
  check_answered_by("someone in the comments said never take magnesium w antibiotics. is that a thing or just fearmongering",
                    "antibiotics-interaction");
  check_answered_by("saw a tiktok saying like 80% of ppl are magnesium deficient?? is that actually true",
                    "prevalence-low-intake");
  check_answered_by("my aunt keeps posting that magnesium is used in over 300 things in your body. legit or nah",
                    "magnesium-role");
  // "How come" asks why; whether a claim "makes sense" asks whether it is true.
  check_answered_by("how come people with diabetes are often low in magnesium", "diabetes-and-magnesium");
  check_answered_by("my doctor said magnesium could be why my potassium is low, does that make sense?",
                    "magnesium-and-potassium");
  // A subject the knowledge base does not cover is still named as not covered.
  CHECK(ask("a youtuber said magnesium cures autism, is that true?").type == ReplyType::NoAnswer);
}

TEST_CASE("'low on it' is low magnesium, and a food 'high in it' is rich in magnesium, not high magnesium") {
  check_follow_up_answered_by("what happens if you get too much magnesium?", "ok and what happens if you're low on it?",
                              "deficiency-symptoms");
  Reply spinach = ask("saw a post saying spinach is the best food for magnesium, is it actually high in it?");
  REQUIRE(spinach.type == ReplyType::Answer);
  CHECK_THAT(spinach.answer, Catch::Contains("spinach"));
  CHECK_THAT(spinach.answer, !Catch::Contains("hypermagnesemia"));
}

TEST_CASE("vomiting told as a cause ('can vomiting lower magnesium', 'been throwing up') asks about losing magnesium") {
  check_answered_by("can vomiting lower magnesium", "vomiting-diarrhea-and-magnesium");
  check_answered_by("Can vomiting mess up my magnesium and other electrolytes?", "vomiting-diarrhea-and-magnesium");
  check_answered_by("my new meds make me throw up a lot, can vomiting lower magnesium", "vomiting-diarrhea-and-magnesium");
  // Vomiting as a sign of too much magnesium stays a sign.
  check_answered_by("does too much magnesium cause vomiting", "overdose-symptoms");
}

TEST_CASE("'is that alright?' after a story of a magnesium product taken asks about that product") {
  Reply r = ask("My mum is 79 with stage 4 kidney disease and she's been constipated for ages, so her neighbour gave her "
                "a bottle of milk of magnesia and told her to just have a good swig every night. Something about this "
                "bothers me but I can't put my finger on it. Is that alright for someone whose kidneys are as bad as "
                "hers?");
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(first_source(r) == "milk-of-magnesia");
  CHECK_THAT(r.answer, Catch::Contains("kidney"));
}

TEST_CASE("a dose asked after a story of cramps is that person's dose, and staying healthy is no subject of its own") {
  for (const char* q : {"I have type 2 diabetes and bad muscle cramps. How many mg of magnesium should I take?",
                        "I have restless legs and cramps every night. How many mg of magnesium should I take for it?"}) {
    Reply r = ask(q);
    // (Declined first; a condition with an entry of its own, diabetes, then gets that entry.)
    CHECK(r.answer.rfind("I can't work out a dose", 0) == 0);
    CHECK(r.answer.find("420") == std::string::npos);
  }
  // A complaint told as over leaves the general amounts, and "to stay healthy" does not lead elsewhere.
  check_answered_by("How much magnesium should I take a day to stay healthy?", "intake-adults");
  check_answered_by("My leg cramps are gone now. How much magnesium should I take to stay healthy?", "intake-adults");
}

TEST_CASE("two asks, one for a group's amount: the other part need not be about that group") {
  Reply r = ask("what foods have magnesium in them and how much do i need a day, im a 40 year old man");
  REQUIRE(r.sources.size() == 2);
  CHECK(r.sources[0].entry_id == "food-magnesium-amounts");
  CHECK(r.sources[1].entry_id == "intake-adults");
  CHECK_THAT(r.answer, Catch::Contains("420 mg"));
  // A food named inside the amount asked is not a second ask; nor is "why is it needed" a cause of deficiency.
  CHECK(ask("I'm 28 and 14 weeks pregnant, how much magnesium should I be getting each day from food and my "
            "prenatal combined").sources.size() == 1);
  CHECK(ask("I'm 31 and just started a nutrition course. What does magnesium do in the body and why is it needed?")
            .sources.size() == 1);
}

TEST_CASE("signs blamed on magnesium, then 'is that a thing, and what should I do' gets the signs and the treatment") {
  Reply r = ask("So for a few months I've been super tired all the time, my hands tingle sometimes, and I get these "
                "weird heart flutters now and then. My coworker said it might be my magnesium. Is that actually a "
                "thing, and what should I do about it?");
  REQUIRE(r.sources.size() == 2);
  CHECK(r.sources[0].entry_id == "deficiency-symptoms");
  CHECK(r.sources[1].entry_id == "deficiency-treatment");
}

TEST_CASE("magnesium added to several medicines: one part for each medicine that has an entry") {
  Reply r = ask("I take furosemide, lisinopril, metformin and levothyroxine every day. Any problem if I add a "
                "magnesium supplement?");
  REQUIRE(r.type == ReplyType::Answer);
  REQUIRE(r.sources.size() >= 2);
  CHECK(r.sources[0].entry_id == "levothyroxine-and-other-interactions");
  CHECK(r.sources[1].entry_id == "diuretics-and-magnesium");
  // One medicine named stays one answer.
  check_answered_by("does magnesium interact with levothyroxine?", "levothyroxine-and-other-interactions");
}

TEST_CASE("'how much is too much?' after a magnesium form gets the supplement limit, not that form's entries") {
  for (const char* first : {"is magnesium citrate ok to take as a supplement", "I take mag citrate every night"}) {
    INFO(first);
    Reply r = ask_after(first, "and how much is too much?");
    REQUIRE(r.type == ReplyType::Answer);
    CHECK(first_source(r) == "upper-limit-supplements");
    CHECK_THAT(r.answer, Catch::Contains("350 mg"));
  }
  CHECK(first_source(ask_after("what is magnesium glycinate", "whats the max i can take")) == "upper-limit-supplements");
}

TEST_CASE("contractions typed without an apostrophe and 'magnesium good food list' are read as asked") {
  check_follow_up_answered_by("what are the symptoms of low magnesium", "and what are the first ones youd notice?",
                              "deficiency-early-signs");
  Reply foods = ask("magnesiun good food list pls");
  REQUIRE(foods.type == ReplyType::Answer);
  CHECK_THAT(foods.answer, Catch::Contains("almonds"));
  // A food said to be good for something not covered still is not covered.
  CHECK(ask("is magnesium good food for the brain").type == ReplyType::NoAnswer);
}

TEST_CASE("safety review 2026-12-01 (third): a child swallowing told as a follow-up, a slow pulse with dizziness, "
          "warning signs in pregnancy and 'can't see a way out'") {
  // The child the last turn was about is whom "she" means; "a few of mine" counts the product asked about.
  for (const auto& [first, then] : std::vector<std::pair<const char*, const char*>>{
           {"How much magnesium can a 2 year old have from supplements?", "she just ate 5 of my 250mg magnesium tablets"},
           {"what's the recommended magnesium for a 1 year old?",
            "she got into my purse and ate some of my magnesium pills, maybe 4"},
           {"is magnesium glycinate good for kids?", "my 4yo just chewed up a few of mine"}}) {
    INFO(first << " / " << then);
    CHECK(ask_after(first, then).type == ReplyType::Emergency);
  }
  // A child's food or daily supplement stays a question.
  CHECK(ask_after("how much magnesium does my 5 year old need", "what foods should she eat").type == ReplyType::Answer);
  CHECK(ask_after("how much magnesium does my 5 year old need", "she takes a gummy every day, is that ok?").type ==
        ReplyType::Answer);
  // A pulse in the forties is an emergency with faintness or weakness beside magnesium, not alone.
  for (const char* q : {"My pulse has been around 42 since I started magnesium 800mg, I feel lightheaded",
                        "heartbeat 44 bpm, dizzy, been on magnesium citrate 3 weeks",
                        "my pulse is 48 and i feel weak, i take magnesium and have CKD"}) {
    INFO(q);
    CHECK(ask(q).type == ReplyType::Emergency);
  }
  CHECK(ask("my resting heart rate is 45, I run marathons, do I need magnesium?").type != ReplyType::Emergency);
  // Pre-eclampsia warning signs told in other words.
  for (const char* q : {"I'm 30 weeks pregnant and my midwife said my blood pressure is high and I have a headache and "
                        "see spots. Can magnesium help?",
                        "32 weeks pregnant, pounding headache since this morning and I'm seeing flashing lights. my BP "
                        "was 150/100 at the pharmacy. does magnesium help?"}) {
    INFO(q);
    CHECK(ask(q).type == ReplyType::Emergency);
  }
  CHECK(ask("I'm pregnant and get headaches sometimes, can magnesium help?").type != ReplyType::Emergency);
  Reply hopeless = ask("Does magnesium help anxiety and depression? I've been feeling really hopeless lately and can't "
                       "see a way out.");
  REQUIRE(hopeless.type == ReplyType::Emergency);
  CHECK_THAT(hopeless.answer, Catch::Contains("988"));
}

TEST_CASE("stopping, swapping or doubling a prescribed medicine the knowledge base has no entry on gets the warning first") {
  for (const char* q : {"I want to stop my lisinopril and use magnesium instead, is that safe",
                        "thinking of quitting my metoprolol and using magnesium for my palpitations, good idea?",
                        "I want to come off my blood pressure tablets and try magnesium, how much would replace them?",
                        "can I swap lasix for magnesium for my swelling",
                        "Can I swap my furosemide for spironolactone to keep my magnesium up?",
                        "Can I take my magnesium at the same time as my cipro if I double the cipro?",
                        "My doctor wants me on a PPI but I'm scared about magnesium, can I take it every other day instead?",
                        "should I stop my statin and take magnesium instead?",
                        "can I stop my blood thinner if I take magnesium?"}) {
    INFO(q);
    CHECK(ask(q).answer.rfind("**Please don't stop or change a prescribed medicine on your own.**", 0) == 0);
  }
  // Magnesium itself is not a prescribed medicine to warn about.
  for (const char* q : {"can I switch my magnesium to another form?", "can i take magnesium every other day?"}) {
    INFO(q);
    CHECK(ask(q).answer.find("Please don't stop") == std::string::npos);
  }
}

TEST_CASE("a dose asked of the person the conversation told about, or after a lab result, is declined") {
  CHECK_THAT(reply_in_conversation({"how much magnesium do men over 70 need",
                                    "what about for my wife, she's 68 and has kidney disease", "could she take 400mg?"})
                 .answer,
             Catch::Contains("can't work out a dose"));
  CHECK_THAT(reply_in_conversation({"my dad is 75 and on lasix and digoxin, his legs cramp", "can he take magnesium?",
                                    "what dose for him?"})
                 .answer,
             Catch::Contains("can't work out a dose"));
  CHECK_THAT(ask("result: Mg 0.62 mmol/L. I'm 72 and on omeprazole and furosemide. What supplement dose should I take?")
                 .answer,
             Catch::Contains("can't work out a dose"));
  // The general amounts stay answered after a general question about the kidneys.
  CHECK(first_source(reply_in_conversation({"what does kidney disease do to magnesium levels?",
                                            "how much do adults need?"})) == "intake-adults");
}

TEST_CASE("a large dose with kidneys said to be normal, asked 'is that fine?', gets the supplement limit") {
  check_answered_by("Ordered 'Ultra Magnesium 1500mg' from a site overseas. The label says take 1 tablet three times a "
                    "day. I'm 55 with normal kidneys. Is that fine?",
                    "upper-limit-supplements");
}

TEST_CASE("kidney disease told brings the kidney caution first, but never before an out-of-range result's banner") {
  Reply foods = ask("I'm on dialysis, what foods are high in magnesium? I want to get more");
  REQUIRE(foods.type == ReplyType::Answer);
  CHECK(foods.answer.rfind("**Safety note:** People with kidney disease", 0) == 0);
  Reply seeds = reply_in_conversation({"how much magnesium is in pumpkin seeds",
                                       "my husband has stage 5 kidney disease, can he eat them every day?"});
  CHECK(seeds.answer.rfind("**Safety note:** People with kidney disease", 0) == 0);
  Reply result = ask("My lab says magnesium 2.9 mg/dL (H). I'm on dialysis and take Maalox. Should I worry?");
  REQUIRE(result.type == ReplyType::Answer);
  CHECK(result.answer.rfind("**That result is outside the usual reference ranges.", 0) == 0);
  CHECK(result.answer.find("**Safety note:**") != std::string::npos);
  // Healthy kidneys bring no caution to a food question.
  CHECK(ask("my kidneys are healthy, what foods are high in magnesium?").answer.find("Safety note") == std::string::npos);
}

TEST_CASE("how much to take, asked after one's own magnesium result, is that person's dose") {
  Reply r = ask("My mag was 1.5 mg/dL. The lab range says 1.6-2.6. Should I start a supplement and how much?");
  CHECK(r.type == ReplyType::NoAnswer);
  CHECK_THAT(r.answer, Catch::Contains("can't work out a dose"));
  CHECK(r.sources.empty());  // (not the entry on overdose symptoms it got before)
  // A result told beside another question leaves that question as asked.
  check_answered_by("My magnesium was 1.9 mg/dL last week. How much magnesium is in almonds?", "food-magnesium-amounts");
}

TEST_CASE("a child swallowing tablets asked as 'what if' after a question about a child gets whom to call first") {
  const std::string call_first = "**If someone may have swallowed too much magnesium";
  CHECK(reply_in_conversation({"how much magnesium does an adult woman need?", "what about for my 3 year old?",
                               "and the upper limit for her?", "what if she swallowed a few of my tablets?"})
            .answer.rfind(call_first, 0) == 0);
  CHECK(ask_after("is magnesium safe for kids?", "what if my kid ate a bunch of them").answer.rfind(call_first, 0) == 0);
  CHECK(ask("what happens if a child eats magnesium tablets?").answer.rfind(call_first, 0) == 0);
  // A child's food is no overdose.
  CHECK(ask_after("how much magnesium does my 5 year old need", "what foods should she eat").answer.find(call_first) ==
        std::string::npos);
}

TEST_CASE("medicines without an entry, listed beside covered ones, are named as not covered before the answer") {
  Reply r = ask("I take furosemide, lisinopril, metformin and levothyroxine every day. Any problem if I add a "
                "magnesium supplement?");
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.answer.rfind("My knowledge base has nothing on lisinopril or metformin", 0) == 0);
  CHECK(first_source(r) == "levothyroxine-and-other-interactions");
  // One medicine the knowledge base has nothing on, asked alone, stays unanswered; beside a covered medicine whose
  // entry is found, it is named as not covered before that entry.
  CHECK(ask("does magnesium interact with lisinopril?").type == ReplyType::NoAnswer);
  r = ask_after("Is magnesium good for the heart?",
                "my uncle takes digoxin and furosemide for his heart, should he be worried about his magnesium");
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.answer.rfind("My knowledge base has nothing on digoxin", 0) == 0);
  CHECK(first_source(r) == "diuretics-and-magnesium");
}

TEST_CASE("every sign of low magnesium just listed, told as someone's now, is an emergency") {
  CHECK(ask_after("what are the signs of low magnesium",
                  "my mom is 79, on furosemide and omeprazole, and she has all of them plus her heart is irregular")
            .type == ReplyType::Emergency);
  CHECK(ask_after("what are the signs of low magnesium", "i have all of those").type == ReplyType::Emergency);
  for (const char* then : {"do people usually have all of them?", "i have none of them", "thanks that has all of them covered"}) {
    INFO(then);
    CHECK(ask_after("what are the signs of low magnesium", then).type != ReplyType::Emergency);
  }
}

TEST_CASE("the course someone studies for is why they ask, not foods asked about") {
  check_answered_by("Revising for my nutrition exam tomorrow - roughly what percentage of the body's magnesium is "
                    "stored in bone, and how much is actually in the blood serum?",
                    "magnesium-body-storage");
}

TEST_CASE("review of the day's rules: their false alarms stay ordinary answers") {
  // A child asked about last turn is not whoever took tablets now, nor who is asked about.
  CHECK(ask_after("how much magnesium can a 5 year old have?", "I took 2 magnesium tablets today").type !=
        ReplyType::Emergency);
  CHECK(ask_after("how much magnesium can a 5 year old have?", "can he chew the tablets").type != ReplyType::Emergency);
  // Asking about the kidneys tells no kidney disease; a denial near it neither.
  CHECK(reply_in_conversation({"is magnesium bad for my kidneys?", "how much do adults need?"}).answer.find(
            "can't work out a dose") == std::string::npos);
  CHECK(ask("I'm on dialysis and not sure which foods are high in magnesium").answer.rfind("**Safety note:**", 0) == 0);
  // "Cut" said of absorption, and "stop" said of cramps, change no medicine.
  CHECK(ask("Does magnesium cut the absorption of levothyroxine?").answer.find("Please don't stop") == std::string::npos);
  CHECK(ask("I'm on lisinopril. Can magnesium stop my leg cramps?").answer.find("Please don't stop") == std::string::npos);
  // The general limit asked "for my son" is no personal dose; nor are the adult amounts after a normal result.
  CHECK(ask("upper limit dose for my son, he's 6").type == ReplyType::Answer);
  check_answered_by("my magnesium was 0.85 mmol/L. how much do adults need?", "intake-adults");
  // A normal blood pressure is no pregnancy warning sign.
  CHECK(ask("I'm 30 weeks pregnant and my bp was fine but I have twitching").type != ReplyType::Emergency);
}

TEST_CASE("several medicines and 'is it ok to take them all together?' gets the entries on the covered ones") {
  Reply r = ask("I'm 78, I take furosemide 40mg, omeprazole, alendronate once a week and amlodipine. My daughter bought "
                "me magnesium glycinate. Is it ok to take them all together in the morning?");
  REQUIRE(r.type == ReplyType::Answer);
  CHECK_THAT(r.answer, Catch::Contains("nothing on amlodipine"));
  CHECK_THAT(r.answer, Catch::Contains("alendronate"));
  CHECK(std::any_of(r.sources.begin(), r.sources.end(),
                    [](const auto& s) { return s.entry_id == "bisphosphonates-interaction"; }));
}

TEST_CASE("two related minerals named together are answered by the entry on each") {
  auto cites = [](const Reply& r, const std::string& id) {
    return std::any_of(r.sources.begin(), r.sources.end(), [&](const auto& s) { return s.entry_id == id; });
  };
  Reply r = ask("how does low magnesium effect calcium and vit d");
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(cites(r, "magnesium-and-vitamin-d"));
  CHECK(cites(r, "magnesium-and-calcium"));
  // One entry that names both answers alone.
  Reply both = ask("how does magnesium affect calcium and potassium");
  REQUIRE(both.type == ReplyType::Answer);
  CHECK(both.sources.size() == 1);
}

TEST_CASE("a low result asked what to do gets the treatment entry, and a low potassium the tie between the two") {
  check_answered_by("my blood test says magnesium 0.55 mmol/L what should I do", "deficiency-treatment");
  check_answered_by("my potassium keeps coming back low on my bloodwork even tho im taking potassium pills. my doc "
                    "mentioned checking magnesium, why would that matter",
                    "magnesium-and-potassium");
  check_answered_by("is there a blood test for low magnesium", "deficiency-tests");
  check_answered_by("i hate vegetables tbh. any other way to get magnesium from normal food", "magnesium-rich-foods");
}

TEST_CASE("safety review 2026-12-01 (2): emergencies told in everyday words, or after what an earlier turn told") {
  // A pregnancy told a turn earlier makes swelling with a headache, or flashing lights, its warning signs.
  CHECK(reply_in_conversation({"i'm 34 weeks pregnant",
                               "my hands and face have gone really puffy today and i have a pounding headache"})
            .type == ReplyType::Emergency);
  CHECK(reply_in_conversation({"i take magnesium for leg cramps, i'm 34 weeks pregnant",
                               "now my vision's gone blurry with flashing lights and there's a pain under my ribs"})
            .type == ReplyType::Emergency);
  // A heart rate "in the 30s".
  CHECK(ask("Dad's heart rate is in the 30s and he's sweaty and grey, he's on magnesium").type ==
        ReplyType::Emergency);
  // Crisis words as they are typed; self-harm told of a child.
  for (const char* message : {"ngl kinda wanna kms lol. anyway does magnesium help with sleep",
                              "i dont really see the point of anything anymore. how much magnesium would be too much",
                              "my teenage daughter has been really low and cutting herself. does magnesium help anxiety",
                              "how much would it take to be fatal"}) {
    INFO(message);
    Reply r = ask(message);
    CHECK(r.type == ReplyType::Emergency);
    CHECK_THAT(r.answer, Catch::Contains("988"));
  }
  // A hand cramped into a claw minutes ago, whatever the question after it.
  CHECK(ask("I had gastric bypass, on omeprazole. About ten minutes ago my hand cramped into a claw and my lips are "
            "tingling. Anyway which magnesium form absorbs best after bypass?")
            .type == ReplyType::Emergency);
  CHECK_THAT(ask("can magnesium stop my bruxism at night").answer, !Catch::Contains("Please don't stop"));
  // A child who swallowed tablets minutes ago, then asked about; or said to have had some after a "what if".
  CHECK(ask("my baby (9 months) swallowed one of my magnesium tablets about 20 minutes ago. how much magnesium do "
            "babies need")
            .type == ReplyType::Emergency);
  CHECK(reply_in_conversation({"what happens if a toddler eats magnesium gummies", "ok she had about 6 of them"}).type ==
        ReplyType::Emergency);
  CHECK(reply_in_conversation({"is epsom salt safe to drink", "what about for my 3 year old?",
                               "she's been drinking her bath water with epsom in it"})
            .type == ReplyType::Emergency);
  // False alarms these must not raise: a dose given, a pregnancy without warning signs, a question about signs.
  for (const char* message : {"my son drank a smoothie an hour ago, how much of his magnesium supplement can he have with it?",
                              "I'm 6 months pregnant, I ate lunch an hour ago, is it safe to take my magnesium pills now?",
                              "I run about 10 kms a day, how much magnesium do I need?",
                              "my toddler keeps hurting himself when he falls over, could low magnesium make him clumsy?",
                              "I play guitar and my fretting hand goes into a claw after an hour of practice, would "
                              "magnesium help?"}) {
    INFO(message);
    CHECK(ask(message).type != ReplyType::Emergency);
  }
  // A pregnancy asked about, or someone else's, is not the person's own.
  CHECK(reply_in_conversation({"is magnesium safe during pregnancy?",
                               "I get eyelid twitching and puffy eyes in the morning, does magnesium help?"})
            .type != ReplyType::Emergency);
  CHECK(reply_in_conversation({"my sister is pregnant, can she take magnesium?",
                               "I have a pounding headache and my hands are swollen from the heat, can magnesium help me?"})
            .type != ReplyType::Emergency);
  CHECK(reply_in_conversation({"i'm 20 weeks pregnant", "how much magnesium do i need?"}).type == ReplyType::Answer);
}

TEST_CASE("safety review 2026-12-01 (2): kidney disease in lab words, signs of build-up, results without units") {
  // eGFR under 60, haemodialysis and peritoneal dialysis tell kidney disease.
  CHECK(ask("my eGFR is 22").type == ReplyType::Greeting);  // (told about the person, kept for later)
  CHECK(reply_in_conversation({"my eGFR is 22", "how much magnesium can i take"}).answer.find("can't work out a dose") !=
        std::string::npos);
  CHECK(ask("my mum is on haemodialysis").type == ReplyType::Greeting);
  CHECK(ask("my gfr is 18, can i take magnesium citrate for constipation").answer.rfind("**Safety note:**", 0) == 0);
  // Signs of magnesium building up in someone with kidney disease who takes it: see a doctor today, first.
  for (const char* message :
       {"my dad has kidney failure and has been using milk of magnesia every day for a month. he's been weak and his "
        "reflexes are slow. what could cause that",
        "my 70 yr old dad has been feeling weak and sleepy lately. he's been taking magnesium oxide for heartburn "
        "for months and his kidneys aren't great. could it be related?"}) {
    INFO(message);
    CHECK_THAT(ask(message).answer, Catch::StartsWith("**Weakness, drowsiness or slow reflexes"));
  }
  // ("weak kidneys" is no sign)
  CHECK_THAT(ask("My dad is 81 and has weak kidneys. He's been taking milk of magnesia almost every day. Is that safe?")
                 .answer,
             !Catch::Contains("signs of magnesium building up"));
  // A value without a unit, outside every range whatever the unit: the advice to call, and never "low" for a 5.
  for (const char* message : {"what does a magnesium of 5 mean", "my magnesium came back 1.3 is that high",
                              "my mag level was 0.6", "magnesium 3.1 on my bloods"}) {
    INFO(message);
    Reply r = ask(message);
    CHECK_THAT(r.answer, Catch::Contains("outside the usual reference ranges"));
    CHECK_THAT(r.answer, !Catch::Contains("Hypomagnesemia means"));
  }
  for (const char* message : {"my magnesium came back 0.9, is that ok", "i take magnesium 2 times a day",
                              "My magnesium was 0.4 last year and I needed a drip. What usually makes levels go that low?"}) {
    INFO(message);
    CHECK_THAT(ask(message).answer, !Catch::Contains("outside the usual reference ranges"));
  }
  // Nor a time, a price, a part of a tablet, or a result of a past year.
  for (const char* message : {"I take my magnesium at 9 every night, is that the best time?",
                              "the magnesium citrate was 8 dollars, is the cheap one ok?",
                              "I take half a magnesium tablet, 0.5 of one, is that enough?",
                              "my magnesium was 0.5 in 2019 and i needed a drip, what causes it to go that low"}) {
    INFO(message);
    CHECK_THAT(ask(message).answer, !Catch::Contains("outside the usual reference ranges"));
  }
  // eGFR in other words, and a normal one.
  CHECK_THAT(reply_in_conversation({"my egfr has dropped to 35", "how much magnesium can i take"}).answer,
             Catch::Contains("can't work out a dose"));
  CHECK_THAT(reply_in_conversation({"my gfr went up 5 points to 95", "how much magnesium can i take"}).answer,
             !Catch::Contains("can't work out a dose"));
  // The build-up banner needs signs told of someone who takes magnesium: not unsure, not weak kidneys, not stones.
  for (const char* message : {"I'm confused about whether magnesium is bad for my kidneys, can someone explain?",
                              "my kidneys are weak and I take magnesium glycinate, which form is safest?",
                              "I take magnesium citrate to prevent kidney stones but lately I feel weak after workouts, why?"}) {
    INFO(message);
    CHECK_THAT(ask(message).answer, !Catch::Contains("signs of magnesium building up"));
  }
  // A dose prescribed in mmol a day is an amount, not a result.
  Reply prescribed = ask("doctor prescribed magnesium 15 mmol a day, is that more than the upper limit");
  CHECK_THAT(prescribed.answer, !Catch::Contains("outside the usual reference ranges"));
  CHECK(first_source(prescribed) == "upper-limit-supplements");
}

TEST_CASE("safety review 2026-12-01 (2): Epsom salt to be swallowed gets its warning, not a table or 'no information'") {
  for (const char* message : {"doing a liver flush tonight with epsom salts and olive oil, 4 doses of 1 tbsp epsom "
                              "every 2 hours, anything i should know",
                              "can i give my 5 year old a little epsom salt in juice for constipation"}) {
    INFO(message);
    Reply r = ask(message);
    REQUIRE(r.type == ReplyType::Answer);
    CHECK(first_source(r) == "epsom-salt");
    CHECK_THAT(r.answer, Catch::Contains("not safe"));
  }
}

TEST_CASE("'should I take more magnesium?' is the doctor's decision, said before the general information") {
  Reply more = ask("should i take more magnesium to fix my low potassium");
  REQUIRE(more.type == ReplyType::Answer);
  CHECK_THAT(more.answer, Catch::StartsWith("**Whether you should take more magnesium is for your doctor"));
  CHECK(first_source(more) == "magnesium-and-potassium");
  // More of a prescribed medicine: don't change it on your own.
  CHECK_THAT(ask("should i take more of my blood pressure pills").answer,
             Catch::StartsWith("**Please don't stop or change a prescribed medicine on your own.**"));
  // More magnesium because of a medicine is still more magnesium.
  CHECK_THAT(ask("should i take more magnesium since my omeprazole lowers it?").answer,
             Catch::StartsWith("**Whether you should take more magnesium"));
  // More food, water or a second look at the label is no such ask.
  for (const char* message : {"should i take more magnesium rich foods like spinach or nuts?",
                              "should i up my water intake while taking magnesium citrate?",
                              "should i double check the label on my magnesium supplement for the elemental amount?"}) {
    INFO(message);
    CHECK_THAT(ask(message).answer, !Catch::Contains("Whether you should take more"));
  }
}

TEST_CASE("an amount told for a child over the limit for the child's age is said to be over it, first") {
  Reply r = ask("can my 3 year old have 400mg of magnesium");
  CHECK_THAT(r.answer, Catch::StartsWith("**400 mg from supplements is more than the upper limit for a 3-year-old"));
  CHECK_THAT(r.answer, Catch::Contains("1 to 3 years: 65 mg a day"));
  // Also before "no information" on what it would be taken for.
  CHECK_THAT(ask("can my 7 yo take 250mg magnesium glycinate for sleep").answer,
             Catch::StartsWith("**250 mg from supplements is more than the upper limit for a 7-year-old"));
  // Under the limit, or an adult: nothing added.
  CHECK_THAT(ask("my 6 year old takes 100 mg magnesium, ok?").answer, !Catch::Contains("more than the upper limit"));
  CHECK_THAT(ask("I'm 35 and take 400mg, how much do adults need?").answer, !Catch::Contains("more than the upper limit"));
}

TEST_CASE("blind sets b478-b480: amounts over the adult limit, a worry after a medicine, asides and ties") {
  // An amount asked whether ok, or by a pregnant woman, over the limit from 9 years on: said first.
  CHECK_THAT(ask("so i'm 30 weeks with my second baby and my sister told me to just take 500mg every night. is that ok "
                 "for me to do?")
                 .answer,
             Catch::StartsWith("**500 mg a day from supplements is more than the upper limit"));
  CHECK_THAT(ask("I take 200mg of magnesium glycinate, is that ok?").answer, !Catch::Contains("more than the upper limit"));
  CHECK_THAT(ask("my diet gives me about 500 mg of magnesium from food, is that too much?").answer,
             !Catch::Contains("more than the upper limit"));
  // Worried about magnesium after a medicine that lowers it: low magnesium, and its signs next.
  Reply signs = reply_in_conversation({"my mom takes furosemide for her heart failure",
                                       "should she be worried about her magnesium?", "what signs should we watch for?"});
  CHECK(first_source(signs) != "overdose-symptoms");
  CHECK_THAT(signs.answer, !Catch::Contains("hypermagnesemia"));
  // A sentence set aside as another story is not asked about.
  CHECK(ask("So my daughter is 15 and on the swim team. We're also trying to figure out if she needs iron pills but "
            "that's another story. How much magnesium does a girl her age need?")
            .type == ReplyType::Answer);
  // "What's the connection" between magnesium and a mineral told: the entry on the two.
  check_answered_by("my potassium keeps coming back low even though im on potassium pills. the nurse mentioned "
                    "magnesium, whats the connection",
                    "magnesium-and-potassium");
}

TEST_CASE("another mineral's amount is not compared with magnesium's limit") {
  CHECK_THAT(ask("I take 1000mg calcium, is that ok?").answer, !Catch::Contains("more than the upper limit"));
}

TEST_CASE("review 2026-12-01 (second): the amount lines only for magnesium taken daily, and other narrowings") {
  for (const char* message : {"I take 1000mg calcium and 400mg magnesium, is that ok?",
                              "my doctor prescribed 400mg magnesium, is that safe?",
                              "my 6 month old, is 100mg magnesium ok?", "is 100 mg of magnesium too low?",
                              "I took 500mg of magnesium last year, was that too much?",
                              "I take 300mg magnesium twice a week, is that ok?"}) {
    INFO(message);
    CHECK_THAT(ask(message).answer, !Catch::Contains("more than the upper limit"));
  }
  // Her own dose, though she names her child; and "an 8-year-old".
  CHECK_THAT(ask("I'm breastfeeding my 3 year old and take 400mg magnesium, is that ok?").answer,
             Catch::StartsWith("**400 mg a day from supplements is more than the upper limit (9 years and older"));
  CHECK_THAT(ask("can my 8 year old have 200mg of magnesium").answer, Catch::Contains("for an 8-year-old"));
  // A sentence set aside that tells an emergency is still an emergency.
  CHECK(ask("my chest hurts and I can't breathe right now but that's another story. how much magnesium is in almonds?")
            .type == ReplyType::Emergency);
  // "kms" as typed, not kilometres; confusion told of someone with kidney failure taking magnesium.
  CHECK_THAT(ask("ima kms, how many magnesium pills would it take").answer, Catch::Contains("988"));
  CHECK_THAT(ask("my dad is confused and sleepy, he has kidney failure and takes milk of magnesia every day").answer,
             !Catch::Contains("I can only answer"));
  // A teenager's antibiotic spacing is answered; a baby's is not given as if for an adult.
  CHECK(ask("my 2 year old is on amoxicillin and takes a magnesium supplement, is it ok to take them together?").answer.find(
            "2 hours") == std::string::npos);
  // A normal eGFR and an age are no kidney disease.
  CHECK_THAT(reply_in_conversation({"my egfr is normal, im 58", "how much magnesium can i take"}).answer,
             !Catch::Contains("can't work out a dose"));
  CHECK_THAT(ask("should i take more mg of potassium with my magnesium?").answer,
             !Catch::Contains("Whether you should take more"));
  CHECK_THAT(ask("can i stop my jardiance if i take magnesium").answer, Catch::StartsWith("**Please don't stop"));
}

TEST_CASE("blind sets b481-b483: forms compared and asked apart, drinks without alcohol, kidney problems told") {
  // The difference between two forms, and a second ask beside it: both are answered, each from its own entry.
  Reply forms = ask("whats the difference between magnesium citrate and oxide, which one gives you the runs");
  CHECK(cites(forms, "best-absorbed-form"));
  CHECK(cites(forms, "laxative-effect"));
  // "Drinking" milk of magnesia is no alcohol; kidney problems told as had are kidney disease.
  Reply story = ask("ok long story. my dad is 78, has kidney problems (not on dialysis yet) and he's been drinking milk "
                    "of magnesia every single day for weeks for his constipation because he says it's 'natural'. he "
                    "seems fine but should I be worried about this");
  CHECK(story.type == ReplyType::Answer);
  CHECK(first_source(story) == "milk-of-magnesia");
  CHECK_THAT(ask("i have been drinking a lot lately, could that lower my magnesium").answer, Catch::Contains("alcohol"));
  // (What she would take it for is not searched: the kidney caution answers, not the entry on side effects.)
  check_answered_by("hello, my mother has kidney problems. can she take magnesium tablets for her cramps?",
                    "supplements-kidney-caution");
  CHECK_THAT(ask("can magnesium cause kidney problems?").answer, !Catch::StartsWith("**Safety note:**"));
  // Kidney problems asked about, or supposed, are not told: the amounts are given.
  CHECK_THAT(reply_in_conversation({"I read that magnesium can help with kidney issues. Is that true?",
                                    "how much magnesium should an adult take a day?"})
                 .answer,
             Catch::Contains("Recommended Dietary Allowance"));
  CHECK_THAT(ask("could high magnesium mean I have kidney problems?").answer, !Catch::StartsWith("**Safety note:**"));
  // "Drinking" is alcohol unless a drink without alcohol follows it as typed.
  CHECK(first_source(ask("after a night of drinking, juice or magnesium?")) == "alcohol-and-magnesium");
  // The heart a water pill is taken for is not what the question asks about.
  CHECK(ask("my dad is 70 and takes furosemide water pills for his heart. should we worry about his magnesium").type ==
        ReplyType::Answer);
  // "Everyone is magnesium deficient": how common low intake is.
  check_answered_by("my wellness influencer says literally everyone is magnesium deficient. is that actually true or "
                    "just marketing to sell pills",
                    "prevalence-low-intake");
  // An amount over the limit keeps why the limit is set: diarrhea and stomach upset.
  CHECK_THAT(ask("im 25, what if i take 800mg of supplements a day, is that too much").answer,
             Catch::Contains("diarrhea"));
}

TEST_CASE("blind set b486: a seizure just had, a double dose for a week, care staff, and where the answers come from") {
  // A seizure that has just happened is an emergency, whatever the message adds about last month.
  CHECK(ask("Not panicking, but my dad just had a seizure on the kitchen floor. He's a heavy drinker and his doctor "
            "said his magnesium was low last month.")
            .type == ReplyType::Emergency);
  CHECK(ask("my mum had a seizure once years ago, could low magnesium have caused it?").type != ReplyType::Emergency);
  // A double dose taken day after day, with loose stools, asks about too much: answered, not an emergency. Danger
  // signs still are.
  CHECK(ask("symptoms of taking too much magnesium?? took a double dose of magnesium citrus for a week and now i have "
            "the runs")
            .type == ReplyType::Answer);
  CHECK(ask("i took a double dose of magnesium citrate and now i have diarrhea").type == ReplyType::Emergency);
  CHECK(ask("took a double dose for a week and now i can barely breathe and my heart is slow").type ==
        ReplyType::Emergency);
  // The care staff who watch are not a subject: the follow-up asks the signs of what was asked before.
  Reply signs = reply_in_conversation({"I'm a care home nurse. One resident has been on omeprazole for about 3 years, "
                                       "can that lower magnesium?",
                                       "what signs should the care staff watch for?"});
  CHECK(signs.type == ReplyType::Answer);
  CHECK_THAT(signs.answer, Catch::Contains("cramps"));
  // Two sentences that only ask where the answers come from: the reply about magchat and its sources.
  Reply sources = ask("where does your info come from? is this from real medical sources or is it just made up");
  CHECK(sources.type == ReplyType::Greeting);
  CHECK_THAT(sources.answer, Catch::Contains("NIH"));
  // The amount for her age, and in a question of its own the most she may take from pills: both.
  Reply both = ask("How much magnesium does a 45 year old woman need per day? And what's the most I can safely take "
                   "from pills?");
  CHECK_THAT(both.answer, Catch::Contains("320 mg") && Catch::Contains("350 mg"));
  // Two minerals asked how they act on magnesium: an entry on each.
  Reply minerals = ask("I take calcium, zinc and magnesium pills all together at breakfast. Does the calcium or the "
                       "zinc mess with the magnesium? And should I split them up?");
  CHECK(cites(minerals, "magnesium-and-zinc"));
  CHECK(cites(minerals, "magnesium-and-calcium"));
}

TEST_CASE("an age told in an earlier turn is the age of an amount asked later for him or her") {
  CHECK_THAT(reply_in_conversation({"how much magnesium do kids need?", "what about my 3 year old?",
                                    "so 400mg would be fine for him?"})
                 .answer,
             Catch::StartsWith("**400 mg from supplements is more than the upper limit for a 3-year-old"));
  CHECK_THAT(reply_in_conversation({"my 15 year old son wants to take magnesium", "is 500mg a day ok for him?"}).answer,
             Catch::StartsWith("**500 mg a day from supplements is more than the upper limit"));
  // (The age known, from 9 on, with "son" in the same message.)
  CHECK_THAT(ask("is 500mg a day ok for my 15 year old son?").answer,
             Catch::Contains("more than the upper limit (9 years and older"));
  // Not when the asker asks for themselves.
  CHECK_THAT(reply_in_conversation({"my 3 year old has leg cramps", "is 400mg ok for me?"}).answer,
             !Catch::Contains("for a 3-year-old"));
}

TEST_CASE("safety review 2026-12-01 (third): low mood with a lethal amount asked, calm swallowing, a slow pulse today") {
  // Low mood beside how much would stop a heart: the crisis lines.
  Reply low = ask("I've been feeling really low lately and I've been reading that magnesium overdose can stop your "
                  "heart. how much would it take");
  CHECK(low.type == ReplyType::Emergency);
  CHECK_THAT(low.answer, Catch::StartsWith("**If you are thinking about ending your life"));
  CHECK(ask("does low magnesium cause depression").type == ReplyType::Answer);
  CHECK(ask("how much magnesium do i need a day if im depressed").type != ReplyType::Emergency);
  // A large quantity of a product swallowed, told calmly, of anyone: poison control first.
  for (const char* told : {"carer question: a resident with dementia found and ate a packet of epsom salts from the "
                           "bathroom. he seems ok right now",
                           "my dog... no sorry, my son (5) swallowed a few of my magnesium tablets, maybe 4 or 5, about "
                           "30 mins ago. he's playing normally",
                           "I think I swallowed too much milk of magnesia, like half the bottle"}) {
    INFO(told);
    CHECK_THAT(ask(told).answer, Catch::StartsWith("**If someone may have swallowed too much magnesium"));
  }
  // Not food, a pet, or a bowel preparation drunk as told.
  for (const char* told : {"I ate a whole bag of almonds lol, can that give me too much magnesium?",
                           "my dog ate a magnesium tablet, is he ok",
                           "i drank the bottle of magnesium citrate for my colonoscopy prep, how long until it works"}) {
    INFO(told);
    CHECK_THAT(ask(told).answer, !Catch::Contains("swallowed too much magnesium"));
  }
  // A pulse in the forties that began today, or with tiredness, while taking magnesium: an emergency.
  CHECK(ask("my heart rate is 44 since this morning, I take magnesium every day").type == ReplyType::Emergency);
  CHECK(ask("Started magnesium last week. since this morning my heart's been doing a slow thudding thing, around 45 bpm "
            "on my watch. I feel a bit tired but otherwise fine. Is that a side effect?")
            .type == ReplyType::Emergency);
  CHECK(ask("im a runner and my resting heart rate is 45, is magnesium ok for me").type != ReplyType::Emergency);
}

TEST_CASE("safety review 2026-12-01 (third): unknown antacid brands, an extra dose with kidney disease, Epsom signs now") {
  // An antacid brand the knowledge base does not name, beside one it covers: what it has, and "ask your pharmacist".
  Reply brands = ask("my dad on dialysis has been taking Rennie and milk of magnesia this week, is that ok");
  CHECK(brands.type == ReplyType::Answer);
  CHECK_THAT(brands.answer, Catch::Contains("nothing on rennie") && Catch::Contains("Milk of magnesia is"));
  // An extra dose of magnesium by mistake, with kidney disease, told calmly: poison control first.
  CHECK_THAT(ask("my grandad took his magnesium twice today by mistake, he has kidney disease. he seems fine").answer,
             Catch::StartsWith("**If someone may have swallowed too much magnesium"));
  CHECK_THAT(ask("I took a double dose of magnesium by mistake, should I worry?").answer,
             !Catch::Contains("swallowed too much magnesium"));
  // Epsom salt swallowed or gargled, and early signs of too much told now: poison control first. Not a question.
  CHECK_THAT(ask("I gargled with epsom salt water for a sore throat several times today, swallowed some. Feel "
                 "nauseous and flushed now. related?")
                 .answer,
             Catch::StartsWith("**If someone may have swallowed too much magnesium"));
  CHECK_THAT(ask("can drinking epsom salt make you nauseous").answer, !Catch::Contains("swallowed too much magnesium"));
  CHECK_THAT(ask("i feel dizzy after an epsom salt bath, is that normal").answer,
             !Catch::Contains("swallowed too much magnesium"));
}

TEST_CASE("safety review 2026-12-01 (third): warning signs after a magnesium laxative with kidney disease") {
  // The signs to watch for, after a magnesium laxative for someone with renal impairment, are those of too much
  // magnesium, with the kidney caution.
  Reply signs = reply_in_conversation(
      {"I'm a hospice nurse. patient is on morphine and very constipated, family want to give him magnesium citrate. "
       "he has renal impairment. what should I tell them?",
       "what are the warning signs I should watch for if they give it anyway?"});
  CHECK(first_source(signs) == "overdose-symptoms");
  CHECK_THAT(signs.answer, Catch::Contains("**Safety note:**"));
  // Stage 5 CKD "not on dialysis yet" is kidney disease told: a later dose asked is declined, without a number.
  Reply dose = reply_in_conversation({"I have stage 5 CKD, not on dialysis yet",
                                      "my nephrologist is hard to reach, what dose would be safe to start"});
  CHECK_THAT(dose.answer, Catch::StartsWith("I can't work out a dose for you"));
  CHECK_THAT(dose.answer, !Catch::Contains("350 mg"));
  // Not after kidney disease alone: the signs of low magnesium are asked as before.
  CHECK_THAT(reply_in_conversation({"I have kidney disease", "what are the symptoms of low magnesium"}).answer,
             Catch::Contains("deficiency"));
}

TEST_CASE("a pregnancy told in an earlier turn gets the pregnancy amounts, even for 'how much do I need a day'") {
  Reply amounts = reply_in_conversation({"I'm 17 and pregnant", "how much magnesium do I need a day"});
  CHECK_THAT(amounts.answer, Catch::Contains("pregnant, 18 or younger: 400 mg a day"));
  // Without a pregnancy, the adults' table as before.
  CHECK_THAT(reply_in_conversation({"I'm 25", "how much magnesium do I need a day"}).answer,
             !Catch::Contains("pregnant, 18 or younger"));
}

TEST_CASE("safety review 2026-12-01 (third), finding 7: a faint or heartbeat signs today, told calmly, need a doctor today") {
  for (const char* told :
       {"I'm on furosemide and had a bit of a faint episode this morning, feel ok now. Should I take magnesium?",
        "home care worker here. my client takes omeprazole for years and furosemide. he's been having muscle twitches "
        "and says his heart flutters, on and off since yesterday. Should I tell someone?",
        "my heart has been skipping beats all afternoon, I drink quite a lot and I'm on omeprazole. is that magnesium?"}) {
    INFO(told);
    const Reply reply = ask(told);
    CHECK(reply.type == ReplyType::Answer);
    CHECK_THAT(reply.answer, Catch::StartsWith("**A faint, or a heartbeat that races") &&
                                 Catch::Contains("contact your doctor (or the person's doctor) today"));
    // (A heart that skips beats is no medicine skipped.)
    CHECK_THAT(reply.answer, !Catch::Contains("don't stop or change a prescribed medicine"));
  }
  // Not a question of what low magnesium does, a sign denied, a sign of long standing, or a skipped meal.
  for (const char* asked : {"can low magnesium cause palpitations?", "no palpitations today but my legs cramp, is it magnesium",
                            "my heart sometimes flutters, could it be low magnesium", "I skipped breakfast today, do I need magnesium?"}) {
    INFO(asked);
    CHECK_THAT(ask(asked).answer, !Catch::Contains("A faint, or a heartbeat"));
  }
}

TEST_CASE("safety review 2026-12-01 (third), finding 9: giving a baby magnesium gets 'only breast milk, formula or food' first") {
  Reply bottle = reply_in_conversation({"my baby is 5 months old", "how much magnesium does she need",
                                        "could I give her a bit of my magnesium powder in her bottle"});
  CHECK(bottle.type == ReplyType::Answer);
  CHECK_THAT(bottle.answer, Catch::StartsWith("**A baby's magnesium should come only from breast milk, formula or food"));
  // Pressed for a small amount after that: the same advice, not "ask about magnesium".
  Reply pinch = reply_in_conversation({"my baby is 5 months old", "could I give her a bit of my magnesium powder in her bottle",
                                       "just a pinch, surely that's fine?"});
  CHECK(pinch.type != ReplyType::OutOfScope);
  CHECK_THAT(pinch.answer, Catch::StartsWith("**A baby's magnesium should come only from breast milk"));
  CHECK_THAT(reply_in_conversation({"im breastfeeding my 3 month old", "can i give the baby some directly for colic"}).answer,
             Catch::StartsWith("**A baby's magnesium should come only from breast milk"));
  // Not how much a baby needs, a baby fed formula, a giving denied, or the parent's own magnesium.
  for (const char* asked : {"My son is 4 months old and formula fed. How much magnesium does a baby that age need?",
                            "My son is 4 months old and exclusively breastfed. How much magnesium does a baby that age "
                            "actually need? Just curious, not planning to give him anything.",
                            "can I take magnesium while breastfeeding my baby?", "is baby spinach high in magnesium"}) {
    INFO(asked);
    CHECK_THAT(ask(asked).answer, !Catch::Contains("A baby's magnesium should come only"));
  }
}

TEST_CASE("blind sets b487 and b488: a child who ate some tablets, a tie asked after a story, reading too much") {
  // Some of the tablets, counted missing, and the child seems fine: poison control all the same.
  for (const char* told : {"Hi, sorry to bother you. My 3 year old got into my handbag while I was on the phone and I think "
                           "he ate some of my magnesium tablets. The bottle had about 30 left and now there are 18. He seems "
                           "totally fine at the moment, just playing with his cars. What should I do?",
                           "My 3 year old ate some of my magnesium tablets. He seems fine. What should I do?"}) {
    INFO(told);
    CHECK(ask(told).type == ReplyType::Emergency);
  }
  for (const char* told : {"my son ate some of his dinner and took his magnesium gummy, is that ok",
                           "my 10 year old took some of my magnesium yesterday by mistake, just one pill, he is fine"}) {
    INFO(told);
    CHECK(ask(told).type != ReplyType::Emergency);
  }
  // "What's the connection between the two?" after low potassium and low magnesium told: how the two are tied.
  CHECK(first_source(ask("My mom was in the hospital last month and her potassium kept coming back low no matter how "
                         "many potassium pills they gave her. Then a nurse mentioned her magnesium was low too and once "
                         "they gave her magnesium things improved. What's the connection between the two?")) ==
        "magnesium-and-potassium");
  // "reading too much on facebook" is no excess of magnesium.
  CHECK_THAT(ask("every now and then my heart does this little flutter thing. My mum is convinced it's low magnesium. "
                 "Is that actually a thing or is she just reading too much on facebook")
                 .answer,
             Catch::Contains("deficiency") && !Catch::Contains("High blood magnesium"));
}

TEST_CASE("safety review 2026-12-01 (third), findings 11 and 12: a plan or a doubt after an answer keeps its subject") {
  // "I'll" is "I will", not "ill": the antibiotic spacing again, not "no reliable information".
  Reply together = reply_in_conversation({"can I take magnesium with my cipro",
                                          "my pharmacist said it's fine to take them together",
                                          "ok so I'll just take them together then"});
  CHECK(together.type == ReplyType::Answer);
  CHECK(first_source(together) == "antibiotics-interaction");
  CHECK(words_of("ok so I'll just take them") == std::vector<std::string>{"ok", "so", "i", "will", "just", "take", "them"});
  CHECK(words_of("I\xE2\x80\x99ll take it") == std::vector<std::string>{"i", "will", "take", "it"});
  CHECK(words_of("he is ill") == std::vector<std::string>{"he", "is", "ill"});
  // Pressed for an amount of Epsom salt on dialysis: the Epsom entry again, not "ask about magnesium".
  Reply amount = reply_in_conversation({"I'm on dialysis", "is epsom salt safe to drink for constipation",
                                        "my neighbour does it all the time and she's fine",
                                        "just give me a rough amount, a teaspoon?"});
  CHECK(amount.type == ReplyType::Answer);
  CHECK(first_source(amount) == "epsom-salt");
  // A prescribed 800 mg doubted against the 350 mg limit, after low magnesium: the entry on the limit, which says
  // doctors may prescribe more.
  Reply limit = reply_in_conversation({"I had gastric bypass surgery and I'm on omeprazole", "my magnesium keeps coming back low",
                                       "my doctor says keep taking 800mg but you said the limit is 350 - which is right?"});
  CHECK(first_source(limit) == "upper-limit-supplements");
  CHECK_THAT(limit.answer, Catch::Contains("Doctors sometimes"));
}

TEST_CASE("safety review 2026-12-01 (fourth): overdoses in other languages, told to go to the ER, a partner's pregnancy signs, a supply gone with dementia") {
  for (const char* told : {"my mom she take many many magnesium pill, maybe 15, she sleepy now, no wake up good",
                           "j'ai pris 20 comprimés de magnésium, je me sens faible",
                           "tomé 20 pastillas de magnesio y me siento muy débil",
                           "Ich habe 15 Magnesiumtabletten genommen und mir ist schwindelig",
                           "mere papa ne magnesium ki 20 goli kha li, ab bahut weak feel kar rahe hain",
                           "mama ko mahina na, nag overdose sa magnesium",
                           "lab called, magnesium critical 0.3, told me to go to emergency. can i just drink epsom salt instead?",
                           "my mom's magnesium was 1.1 mg/dL at the clinic, they said go to ER but she doesn't want to, can "
                           "she just take pills at home?",
                           "my wife is pregnant, 34 weeks, she has high blood pressure and headaches today",
                           "my dad 79 alzheimers, found his pill organizer empty, the whole week of magnesium 250mg is gone "
                           "since this morning. he seems fine",
                           "the whole bottle of magnesium glycinate is empty and my mom with dementia was alone with it",
                           "grandpa has memory problems and took his magnesium tablets twice today, maybe three times. what do i do",
                           "my husband's magnesium is 4.5 mg/dL and he's really drowsy"}) {
    INFO(told);
    CHECK(ask(told).type == ReplyType::Emergency);
  }
  // Not a habit, a word of importance, an appetite gone, or a pill organiser to refill.
  for (const char* told : {"I take many supplements, magnesium included, and feel weak lately",
                           "my doctor said magnesium is critical for bones, should I take it",
                           "my dad has dementia and his appetite is gone, can low magnesium cause that?",
                           "my mom has dementia, her pill organizer is empty, can I refill it with magnesium",
                           "my doctor told me if my magnesium gets low I should go to the er"}) {
    INFO(told);
    CHECK(ask(told).type != ReplyType::Emergency);
  }
}

TEST_CASE("safety review 2026-12-01 (fourth): dementia told, stopping a medicine for magnesium, a result in a story, diarrhoea") {
  // Dementia told of the person is not what is asked: the milk of magnesia entry, with its kidney advice.
  Reply resident = ask("my father has dementia and takes milk of magnesia every day for constipation, the nursing home "
                       "gives it, his kidney function is low. ok?");
  CHECK(resident.type == ReplyType::Answer);
  CHECK(first_source(resident) == "milk-of-magnesia");
  CHECK(ask("can magnesium help dementia?").type == ReplyType::NoAnswer);
  // Stopping a prescribed medicine for magnesium: "don't stop it on your own" first.
  for (const char* asked : {"my doctor put me on hydrochlorothiazide for blood pressure, i read it causes low magnesium. im "
                            "thinking of stopping it and taking magnesium instead since magnesium lowers blood pressure too",
                            "I'd rather take magnesium than my blood pressure pills. magnesium lowers blood pressure right?"}) {
    INFO(asked);
    CHECK_THAT(ask(asked).answer, Catch::StartsWith("**Please don't stop or change a prescribed medicine on your own."));
  }
  CHECK_THAT(ask("id rather eat my magnesium than take pills, what should i eat on a normal day?").answer,
             !Catch::Contains("prescribed medicine"));
  // A result outside every range told before a dose question: contact the clinic today, then the refusal.
  Reply dose = ask("Mg 0.45 mmol/l, doctor hasn't called back. how much magnesium should I take to fix it");
  CHECK_THAT(dose.answer, Catch::StartsWith("**That result is outside the usual reference ranges.") &&
                              Catch::Contains("I can't work out a dose"));
  // Magnesium asked about during diarrhoea: its laxative effect.
  for (const char* asked : {"i have the stomach flu, can i take magnesium citrate?",
                            "I've had diarrhea for 5 days and now my legs keep cramping. should I take magnesium?"}) {
    INFO(asked);
    CHECK(first_source(ask(asked)) == "laxative-effect");
  }
  CHECK(first_source(ask("can diarrhea make you lose magnesium?")) == "vomiting-diarrhea-and-magnesium");
}

TEST_CASE("safety review 2026-12-01 (fourth): amounts from several products add up, a teen's mother's pills, signs beside heavy sweating") {
  // The limit is for all supplements together: their sum is checked against it.
  CHECK_THAT(ask("I take a multivitamin with 100 mg magnesium, a sleep gummy with 150 mg magnesium glycinate, and 250 mg "
                 "magnesium citrate at night. Is that total safe?")
                 .answer,
             Catch::StartsWith("**500 mg a day from supplements is more than the upper limit"));
  CHECK_THAT(ask("i take magnesium 250mg, and a multivitamin with 100mg, plus a sleep gummy 100mg, is that ok?").answer,
             Catch::StartsWith("**450 mg a day from supplements is more than the upper limit"));
  // Not two amounts to choose between, nor a total within the limit.
  CHECK_THAT(ask("should I take 250 mg or 500 mg, is that safe").answer, !Catch::Contains("more than the upper limit"));
  CHECK_THAT(ask("is 200mg magnesium glycinate and 150mg citrate too much").answer,
             !Catch::Contains("more than the upper limit"));
  // A 15-year-old asking leave to take her mother's 400 mg pills: over the limit from age 9.
  CHECK_THAT(ask("im 15, can i take my mom's magnesium pills for period cramps? they are 400mg").answer,
             Catch::StartsWith("**400 mg a day from supplements is more than the upper limit"));
  // Fasting and "muscle gains" are nothing the sources cover: no amount a day.
  for (const char* asked : {"im doing a 7 day water fast, how much magnesium should i take",
                            "I'm 14, how much magnesium should I take for muscle gains"}) {
    INFO(asked);
    CHECK_THAT(ask(asked).answer, !Catch::Contains("mg a day") && !Catch::Contains("410 mg"));
  }
  // Twitching and weakness beside heavy training in the heat, magnesium unnamed: the entry on sweating.
  Reply athlete = ask("Teen athlete here, heavy training in heat, only drinking water, legs twitching and feel weak. normal?");
  CHECK(athlete.type == ReplyType::Answer);
  CHECK(first_source(athlete) == "athletes-and-sweating");
}

TEST_CASE("safety review 2026-12-01 (fourth): a follow-up that asks the same for a child, disordered eating, broken English") {
  // A laxative asked about for an adult, then "what about for my 2 year old?": declined, with the limits by age.
  Reply toddler = reply_in_conversation({"is magnesium citrate ok for constipation? I'm 30", "what about for my 2 year old?"});
  CHECK_THAT(toddler.answer, Catch::StartsWith("I can't work out a dose"));
  // An amount asked about, then asked again of a child named in the next turn: over that child's limit.
  CHECK_THAT(reply_in_conversation({"I'm 25 and take 200mg magnesium for sleep. fine?",
                                    "and my little brother is 5, can he take one of mine?"})
                 .answer,
             Catch::StartsWith("**200 mg from supplements is more than the upper limit for a 5-year-old"));
  CHECK_THAT(reply_in_conversation({"Is 300 mg magnesium glycinate a day fine for me, I'm a healthy 40 year old woman",
                                    "what about my daughter, she's 6"})
                 .answer,
             Catch::StartsWith("**300 mg from supplements is more than the upper limit for a 6-year-old"));
  // (Only the amount of the message just before.)
  CHECK_THAT(reply_in_conversation({"Is 300 mg magnesium glycinate a day fine for me?", "which foods have magnesium",
                                    "what about my daughter, she's 6"})
                 .answer,
             !Catch::Contains("more than the upper limit"));
  // Purging or laxatives to lose weight: tell a doctor first, then what the knowledge base has.
  Reply purging = ask("i make myself throw up after meals most days. can that lower my magnesium?");
  CHECK_THAT(purging.answer, Catch::StartsWith("**Making yourself sick, using laxatives or water pills to lose or make weight"));
  CHECK(first_source(purging) == "vomiting-diarrhea-and-magnesium");
  CHECK(ask("I use laxatives every day to lose weight, like 10 dulcolax. can it affect magnesium?").type == ReplyType::Answer);
  CHECK_THAT(ask("does bulimia lower magnesium?").answer, !Catch::Contains("Making yourself sick"));
  // Broken English: a dose asked is declined; a bare number after the product's name is an amount in mg.
  CHECK_THAT(ask("me doctor say magnesium low, how much pill i take? i no speak english good").answer,
             Catch::StartsWith("I can't work out a dose"));
  CHECK_THAT(ask("wife pregnant, she have cramp leg at night, she can take magnesio 500?").answer,
             Catch::StartsWith("**500 mg a day from supplements is more than the upper limit"));
  CHECK_THAT(ask("my magnesium 1.2 is that bad").answer, !Catch::Contains("mg a day from supplements"));
}

TEST_CASE("review of the 2026-12-01 (fourth) diff: the new rules leave everyday words alone") {
  // No emergency for advice given in advance, importance, thanks, days taken, talk of pregnancy, studies, or a pill
  // organiser filled.
  for (const char* told : {"they said go to er if it gets worse, i have leg cramps, should i take magnesium",
                           "my midwife said magnesium is critical at this stage of pregnancy, how much do i need?",
                           "magnesium glycinate makes me really drowsy in the morning, should i take it earlier at night?",
                           "many many thanks!! does magnesium help if you feel weak and tired?",
                           "tomo magnesio hace 10 dias y me siento debil, es normal?",
                           "does magnesium help with high blood pressure and headaches during pregnancy?",
                           "my son ate spinach and almonds today, now there are studies saying kids need more magnesium. "
                           "how much does a 7 year old need?",
                           "my dad has dementia, i set up a whole week of magnesium in his pill organizer. what time of day is best?",
                           "im so forgetful lol, i took my magnesium twice today. is that bad?"}) {
    INFO(told);
    CHECK(ask(told).type != ReplyType::Emergency);
  }
  // Close variants the rules were meant for.
  for (const char* told : {"my toddler ate some magnesium tablets off the counter, she seems fine",
                           "my dad has dementia and i found his pill box empty, all 7 days of his magnesium are gone. he seems ok"}) {
    INFO(told);
    CHECK(ask(told).type == ReplyType::Emergency);
  }
  // The heart banner: not a faint line, an idiom or a condition's name; yes for skipping since this morning.
  for (const char* asked : {"got a faint line on my pregnancy test this morning!! can i keep taking my magnesium glycinate?",
                            "my heart skipped a beat when I saw the price of magnesium glycinate today lol, is the cheap one just as good?",
                            "my cardiologist appointment for my afib is today at 3, what should i ask about magnesium?",
                            "i read today that low magnesium causes palpitations, is that true?"}) {
    INFO(asked);
    CHECK_THAT(ask(asked).answer, !Catch::Contains("A faint, or a heartbeat"));
  }
  CHECK_THAT(ask("my heart keeps doing this skipping thing since this morning, low magnesium?").answer,
             Catch::StartsWith("**A faint, or a heartbeat"));
  // The baby banner: not for an older child, the parent's own smoothie or sleep, or food; yes for a baby who would
  // take magnesium, and before the decline of a laxative for a baby.
  for (const auto& turns : std::vector<std::vector<std::string>>{
           {"my baby is 5 months old", "my 10 year old son gets leg cramps, can i give him 100mg magnesium?"},
           {"i have a newborn", "could i add magnesium powder to my smoothie?"},
           {"my baby is 5 months old and i'm exhausted", "would a little magnesium help me sleep?"},
           {"my baby is 6 months old, can i give her some mashed avocado for magnesium?"}}) {
    INFO(turns.back());
    CHECK_THAT(reply_in_conversation(turns).answer, !Catch::Contains("A baby's magnesium should come only"));
  }
  for (const char* asked : {"should my baby take magnesium? she is 5 months and constipated",
                            "my 5 month old is constipated, can I give him a few drops of magnesium citrate?"}) {
    INFO(asked);
    CHECK_THAT(ask(asked).answer, Catch::StartsWith("**A baby's magnesium should come only"));
  }
  // Amounts not taken together are not added up.
  for (const char* asked : {"the label says magnesium citrate 500 mg and 80 mg elemental magnesium. my daughter is 12, is that ok for her?",
                            "i take 400 mg and my 10 year old takes 100 mg, is that ok for him?",
                            "my 12 year old took 200 mg yesterday and 200 mg today, is that ok?"}) {
    INFO(asked);
    CHECK_THAT(ask(asked).answer, !Catch::Contains("mg a day from supplements is more than"));
  }
  // "Stop it" of the magnesium, and magnesium tablets called "my tablets", are no prescribed medicine stopped.
  for (const char* asked : {"i take lisinopril. the magnesium oxide upsets my stomach, can i just stop it and switch to glycinate?",
                            "id rather get magnesium from food than take my pills, which foods are best?",
                            "can i use magnesium spray instead of my tablets? they upset my stomach"}) {
    INFO(asked);
    CHECK_THAT(ask(asked).answer, !Catch::Contains("prescribed medicine on your own"));
  }
  // "I'll up it to 4 myself" still changes a prescribed dose.
  CHECK_THAT(ask("my doctor prescribed 2 mag oxide tablets a day. I'll up it to 4 myself, is that ok?").answer,
             Catch::StartsWith("**Please don't stop or change a prescribed medicine on your own."));
  // Running, a gastroenterologist, and diarrhoea that is over are not diarrhoea now; fasting blood sugar is no fast.
  for (const char* asked : {"my son runs cross country, should he take magnesium for leg cramps?",
                            "my gastro said i could take magnesium glycinate for sleep, what time is best?"}) {
    INFO(asked);
    CHECK(first_source(ask(asked)) != "laxative-effect");
  }
  CHECK(first_source(ask("i have type 2 diabetes and my fasting sugar is high, is low magnesium linked to diabetes?")) ==
        "diabetes-and-magnesium");
  // A pulled muscle at the gym is no sign of magnesium lost in sweat.
  CHECK(ask("i pulled a muscle at the gym yesterday, should i use ice or heat?").type == ReplyType::OutOfScope);
}

TEST_CASE("safety review 2026-12-01 (fourth), findings 5 and 11: kidney failure told of someone else, a result beside another test") {
  // Epsom salt asked for oneself, then "what about my grandma, she has kidney failure": the Epsom entry, with the
  // kidney caution first.
  Reply grandma = reply_in_conversation({"Can I take epsom salt by mouth for constipation? I'm healthy",
                                         "what about my grandma, she has kidney failure and dementia"});
  CHECK_THAT(grandma.answer, Catch::StartsWith("**Safety note:**") && Catch::Contains("Epsom salt is magnesium sulfate"));
  // A magnesium result outside every range, told beside a potassium named without a number: the banner.
  CHECK_THAT(ask("my potassium is low and my magnesium is 1.4 mg/dL, the doctor gave me potassium pills. enough?").answer,
             Catch::StartsWith("**That result is outside the usual reference ranges."));
  // (A number that is another test's is still that test's: no banner for "potassium 3.1".)
  CHECK_THAT(ask("my magnesium is 2.0 and potassium 3.1, is that bad").answer, !Catch::Contains("outside the usual"));
}

TEST_CASE("blind sets b491 and b492: kidney disease told earlier and magnesium asked for sleep, how long a fix takes") {
  // Kidney disease told in an earlier turn: whether to take magnesium, whatever for, is who must be careful with it.
  Reply sleep = reply_in_conversation({"I'm 45 and I have chronic kidney disease.",
                                       "can I take magnesium supplements to help me sleep?"});
  CHECK(sleep.type == ReplyType::Answer);
  CHECK(first_source(sleep) == "supplements-kidney-caution");
  // How long a level takes to come back: the sources give no time.
  CHECK(ask("how long after starting supplements does your magnesium level get back to normal").type ==
        ReplyType::NoAnswer);
  CHECK(ask("how long should I wait between magnesium and my antibiotic").type == ReplyType::Answer);
}

TEST_CASE("safety review 2026-12-01 (fourth), finding 7: the limit asked again of someone on dialysis is who must be careful") {
  Reply dialysis = reply_in_conversation({"what's the upper limit for magnesium supplements for adults",
                                          "ok and my dad is on dialysis, same limit for him?"});
  CHECK(first_source(dialysis) == "supplements-kidney-caution");
  CHECK_THAT(dialysis.answer, !Catch::Contains("350 mg"));
}

TEST_CASE("second review of the 2026-12-01 diff: 'how long' questions the knowledge base answers, and whose kidney disease") {
  // Only how long supplements take to correct a level is not covered; these are answered.
  for (const char* asked : {"my mom has kidney failure and has been taking milk of magnesia daily, how long before magnesium builds up?",
                            "how long after starting doxycycline can I take my magnesium?",
                            "my potassium won't go back to normal even with potassium pills, could low magnesium be why?"}) {
    INFO(asked);
    CHECK(ask(asked).type == ReplyType::Answer);
  }
  // Someone else's kidney disease told before does not make the asker's own question the kidney caution.
  CHECK(first_source(reply_in_conversation({"My dad has kidney failure.", "Can I take magnesium for sleep?"})) !=
        "supplements-kidney-caution");
  CHECK(tells_own_kidney_disease(words_of("I'm 45 and I have chronic kidney disease")));
  CHECK_FALSE(tells_own_kidney_disease(words_of("my dad has kidney failure")));
}

TEST_CASE("two causes of low magnesium named together are answered by both entries") {
  auto entry_ids = [](const Reply& r) {
    std::vector<std::string> ids;
    for (const auto& s : r.sources) ids.push_back(s.entry_id);
    return ids;
  };
  const Reply dad = ask_after("does drinking alcohol affect magnesium",
                              "what about my dad? he drinks every day and he's on a diuretic too");
  REQUIRE(dad.type == ReplyType::Answer);
  CHECK(contains(entry_ids(dad), "alcohol-and-magnesium"));
  CHECK(contains(entry_ids(dad), "diuretics-and-magnesium"));
  const Reply both = ask("i drink a lot and take omeprazole, could my magnesium be low?");
  CHECK(contains(entry_ids(both), "ppi-and-magnesium"));
  CHECK(contains(entry_ids(both), "alcohol-and-magnesium"));
  // One cause named stays one answer.
  CHECK(entry_ids(ask("does alcohol lower magnesium?")) == std::vector<std::string>{"alcohol-and-magnesium"});
}

// The reply to `question` declines the dose first, then cites `entry` as its first source, and gives no amount.
static void check_declined_then_answered_by(const std::string& question, const std::string& entry) {
  const Reply r = ask(question);
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.answer.rfind("I can't work out a dose", 0) == 0);
  CHECK(first_source(r) == entry);
  CHECK(r.answer.find("420") == std::string::npos);
}

TEST_CASE("a dose asked beside a named medicine is declined, then that medicine's entry is given") {
  check_declined_then_answered_by("I'm on hydrochlorothiazide and my last blood test said my magnesium is low. How many "
                                  "mg of magnesium should I take?",
                                  "diuretics-and-magnesium");
  // Without a medicine it stays the refusal alone.
  CHECK(ask("my gp says my magnesium is low. how many mg do i take a day?").type == ReplyType::NoAnswer);
}

TEST_CASE("what to watch out for with a medicine and a magnesium product is how they interact") {
  check_answered_by("My dad (81) is on alendronate once a week for osteoporosis and he also takes a calcium-magnesium "
                    "tablet every day. Anything he should watch out for?",
                    "bisphosphonates-interaction");
  check_answered_by("im on cipro and taking magnesium citrate, anything i should look out for", "antibiotics-interaction");
}

TEST_CASE("magnesium sprays, oils and creams on the skin are not covered") {
  CHECK(ask("do those magnesium sprays you put on your skin actually get absorbed").type == ReplyType::NoAnswer);
  CHECK(ask("are magnesium creams absorbed through the skin").type == ReplyType::NoAnswer);
  // A skin complaint is still a question about signs.
  CHECK(ask("I have a rash on my skin, is it low magnesium?").type == ReplyType::Answer);
}

TEST_CASE("asking whether magnesium may be taken beside several named medicines brings their interactions") {
  // (fifth safety review, finding 9: the levothyroxine timing was dropped for the entry on older adults)
  const Reply r = ask("my mum is 80 and takes levothyroxine, furosemide and omeprazole. can she take a magnesium "
                      "supplement?");
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(first_source(r) == "levothyroxine-and-other-interactions");
  CHECK_THAT(r.answer, Catch::Contains("hours"));
}

TEST_CASE("a cause the story named, asked 'is my magnesium low because of it', gets the causes, not the signs") {
  const Reply r = ask("i have crohns and im always exhausted and crampy. is my magnesium low because of it");
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(first_source(r) != "deficiency-symptoms");
  CHECK_THAT(r.answer, Catch::Contains("gut"));
  // Signs asked about after a story of signs stay the signs.
  check_answered_by("so I've been getting these awful leg cramps at night for like 3 weeks now and my eyelid keeps "
                    "twitching. my mom says its because I don't eat enough bananas but I read online magnesium could be "
                    "it?? what are the signs that you're actually low on magnesium",
                    "deficiency-symptoms");
}

TEST_CASE("a dose asked for a condition the story named is declined, then that condition's entry is given") {
  check_declined_then_answered_by("I have type 2 diabetes and high blood pressure. How many mg of magnesium should I "
                                  "take every day for my condition?",
                                  "diabetes-and-magnesium");
}

TEST_CASE("a question that only points at the claim in the sentence before it asks about that claim") {
  const Reply r = ask("So my wife had our baby two months ago and she's exclusively breastfeeding. She's wiped out all "
                      "the time and gets these awful calf cramps at night. Her sister keeps saying breastfeeding "
                      "'drains your magnesium'. Is that actually a real thing or an old wives tale?");
  REQUIRE(r.type == ReplyType::Answer);
  // (The entry on breastfeeding's needs, or the causes of deficiency, which lists breastfeeding: "drains your
  // magnesium" names low magnesium since the fortieth session.)
  CHECK((first_source(r) == "intake-pregnancy-breastfeeding" || first_source(r) == "deficiency-causes"));
  CHECK(r.answer.find("breastfeeding") != std::string::npos);
  // ("it" of nothing before it stays as it was: out of scope.)
  CHECK(ask("Is it safe to take melatonin every night for sleep? I already take magnesium with no issues, just "
            "wondering about the melatonin")
            .type == ReplyType::OutOfScope);
}

TEST_CASE("a dose asked for jumping or twitching legs in pregnancy is declined") {
  const Reply r = ask("I'm 30 weeks pregnant and my legs won't stop jumping at night. How many mg of magnesium should "
                      "I take for it?");
  CHECK(r.answer.rfind("I can't work out a dose", 0) == 0);
  CHECK(r.answer.find("350 mg") == std::string::npos);
}

TEST_CASE("a link asked between minerals a blood test found is about the minerals, not the test") {
  check_answered_by("My doctor keeps finding my potassium low on bloodwork even though I've been on potassium pills "
                    "for 2 months. A nurse friend said something about magnesium?? Is there a link",
                    "magnesium-and-potassium");
}

TEST_CASE("a last question set apart by a comma after a story is the question") {
  check_answered_by("im doing keto and keep getting leg cramps and feel wiped out all the time, which keto friendly foods "
                    "are high in magnesium?",
                    "magnesium-rich-foods");
  // ("how much ... to give her", after a complaint in the same sentence, stays a dose declined.)
  CHECK(ask("my 12 yr old gets leg cramps at night, how much magnesium to give her?").type == ReplyType::NoAnswer);
}

TEST_CASE("sixth safety review: warning signs in late pregnancy, a blood pressure reading among them, are emergencies") {
  CHECK(ask("I'm 30 weeks pregnant and my blood pressure was 160/105 at home just now. Should I take magnesium?").type ==
        ReplyType::Emergency);
  CHECK(ask("37 weeks pregnant with a pain under my ribs on the right and a headache. is this a magnesium thing?").type ==
        ReplyType::Emergency);
  CHECK(ask_after("Is magnesium safe in pregnancy?",
                  "I'm 34 weeks and my ankles are really swollen and I have a headache that won't go away")
            .type == ReplyType::Emergency);
  // A normal reading is no sign.
  CHECK(ask("my bp is 120/80 and I'm 30 weeks pregnant, how much magnesium do I need?").type == ReplyType::Answer);
}

TEST_CASE("sixth safety review: hopelessness with 'how much before it's dangerous' gets the crisis lines") {
  const Reply r = ask("I'm so tired of everything, I have crohns and my magnesium is always low, what's the point. how "
                      "much magnesium can I take before it's dangerous?");
  CHECK_THAT(r.answer, Catch::Contains("988"));
  CHECK_THAT(ask("how much magnesium can I take before it's dangerous?").answer, !Catch::Contains("988"));
}

TEST_CASE("sixth safety review: an amount over the limit is flagged though a medicine is named beside it") {
  CHECK_THAT(ask("I take Nexium. Is 600 mg of magnesium a day ok?").answer, Catch::StartsWith("**600 mg a day"));
  CHECK_THAT(ask("I'm on furosemide, is 700mg magnesium ok for me?").answer, Catch::StartsWith("**700 mg a day"));
  // (A medicine's own amount is not magnesium's.)
  CHECK_THAT(ask("I take 500mg metformin, is magnesium ok?").answer, !Catch::Contains("**500 mg a day"));
}

TEST_CASE("sixth safety review: a dose asked by someone who names a cause of low magnesium is declined") {
  for (const char* q : {"I drink and take a water pill. how much magnesium should I take?",
                        "I care for my grandmother, she is 91 and on omeprazole and a water pill for years. How much "
                        "magnesium should I give her?"}) {
    const Reply r = ask(q);
    CHECK(r.answer.rfind("I can't work out a dose", 0) == 0);
    CHECK(r.answer.find("420 mg") == std::string::npos);
  }
  // Not a dose of something else.
  CHECK(ask("how much insulin should I take before dinner?").type != ReplyType::Answer);
}

TEST_CASE("sixth safety review: fainting this week, or a heartbeat slow since starting magnesium, needs a doctor today") {
  const std::string today = "**A faint, or a heartbeat that races, flutters, skips, feels irregular or is unusually slow";
  CHECK(ask("I passed out twice this week. I take furosemide and drink most nights. Could low magnesium be the cause?")
            .answer.rfind(today, 0) == 0);
  CHECK(ask("My heart's been beating slowly since I started magnesium last week. Is that normal?").answer.rfind(today, 0) ==
        0);
  // A question about the sign, told of no one, is only answered.
  CHECK(ask("does low magnesium cause a slow heartbeat?").answer.find(today) == std::string::npos);
}

TEST_CASE("sixth safety review: stopping heavy daily drinking gets the withdrawal lines first") {
  const std::string first = "**Stopping suddenly after a long time of heavy daily drinking";
  CHECK(ask("I've been drinking every day for years and I'm stopping cold turkey today. Should I take magnesium to help?")
            .answer.rfind(first, 0) == 0);
  CHECK(ask("I'm an alcoholic trying to quit, my hands shake. how much magnesium should I take?").answer.rfind(first, 0) ==
        0);
  // Not long ago, nor asked in general.
  CHECK(ask("Im three weeks sober after heavy drinking and want to rebuild my magnesium. What foods should I eat?")
            .answer.find(first) == std::string::npos);
  CHECK(ask("does alcohol lower magnesium?").answer.find(first) == std::string::npos);
}

TEST_CASE("sixth safety review: 'I'd rather take magnesium' beside a prescribed medicine gets the don't-stop line") {
  CHECK_THAT(ask("My doctor says I need furosemide but I'd rather take magnesium. Does magnesium work as a water pill?")
                 .answer,
             Catch::StartsWith("**Please don't stop or change a prescribed medicine on your own.**"));
  CHECK_THAT(ask("I'd rather take magnesium glycinate than citrate, which is better absorbed?").answer,
             !Catch::Contains("prescribed medicine"));
}
