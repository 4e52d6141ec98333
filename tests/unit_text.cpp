#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <set>

#include "amounts_and_ages.h"
#include "dictionary.h"
#include "fts_query.h"
#include "json_text.h"
#include "long_message.h"
#include "other_language.h"
#include "question_form.h"
#include "spelling.h"
#include "text.h"
#include "word_set.h"

using namespace magchat;

TEST_CASE("normalize_text keeps words, numbers and units and drops punctuation") {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"What ARE the symptoms?!", "what are the symptoms"},
      {"0.75 mmol/L is low", "0.75 mmol/l is low"},
      {"Can't sleep", "cant sleep"},
      {"state-of-the-art (c++)", "state of the art c"},
      {"1,000 mg", "1000 mg"},
      // A plus or an ampersand standing alone is "and"; inside a word it is dropped.
      {"side effects + who shouldnt take them", "side effects and who shouldnt take them"},
      {"calcium & vitamin D", "calcium and vitamin d"},
      {"  \"quoted\"  ", "quoted"},
      // As phones and chat apps type: curly apostrophes and quotes, dashes, the ellipsis, emoji.
      {"What\u2019s \u201clow magnesium\u201d\u2026", "whats low magnesium"},
      {"magnesium \u2014 what is it?", "magnesium what is it"},
      {"hi \U0001F44B thanks \U0001F64F\uFE0F", "hi thanks"},
      // Letters of other alphabets stay, and so do bytes that are not valid UTF-8 (no word is cut short).
      {"magn\u00e9sium caf\u00e9", "magn\u00e9sium caf\u00e9"},
      {"abc\xff", "abc\xff"},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    CHECK(normalize_text(c.in) == c.out);
  }
}

TEST_CASE("light_stem makes singular and plural forms compare equal") {
  CHECK(light_stem("symptoms") == light_stem("symptom"));
  CHECK(light_stem("causes") == light_stem("cause"));
  CHECK(light_stem("prevented") == light_stem("prevent"));
  CHECK(light_stem("deficiencies") == light_stem("deficiency"));
  CHECK(light_stem("mg") == "mg");
}

TEST_CASE("fts5_quote neutralises every FTS5 operator in user text") {
  CHECK(fts5_quote("magnesium") == "\"magnesium\"");
  CHECK(fts5_quote("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(fts5_quote("title:x") == "\"title:x\"");
  CHECK(fts5_quote("*") == "");
  CHECK(fts5_quote("---") == "");
  CHECK(fts5_any_of({"a", "AND", "a", "NEAR"}) == "\"a\" OR \"AND\" OR \"NEAR\"");
  CHECK(fts5_any_of({"(", ")"}).empty());
}

TEST_CASE("edit_distance counts transpositions as one edit and stops at the limit") {
  CHECK(edit_distance("magnesium", "magnesium", 2) == 0);
  CHECK(edit_distance("magnesum", "magnesium", 2) == 1);
  CHECK(edit_distance("deficiancy", "deficiency", 2) == 1);
  CHECK(edit_distance("hte", "the", 2) == 1);
  CHECK(edit_distance("abc", "xyzuvw", 2) == 3);
}

TEST_CASE("spelling correction picks the closest known word and leaves known words alone") {
  SpellingCorrector s;
  for (const char* w : {"magnesium", "deficiency", "hypomagnesemia", "hypermagnesemia", "symptoms", "kidney"})
    s.add_word(w);
  CHECK(s.correct("magnesum") == std::optional<std::string>("magnesium"));
  CHECK(s.correct("deficiancy") == std::optional<std::string>("deficiency"));
  CHECK(s.correct("hypomagnesimia") == std::optional<std::string>("hypomagnesemia"));
  CHECK(s.correct("kidny") == std::optional<std::string>("kidney"));
  CHECK_FALSE(s.correct("magnesium"));  // known
  CHECK_FALSE(s.correct("abc"));        // too short to guess
  CHECK_FALSE(s.correct("weather"));    // nothing close
  CHECK_FALSE(s.correct("b12"));        // not a word
}

TEST_CASE("two edits reach only key words (questions, headings, concepts), not words of answer bodies") {
  SpellingCorrector s;
  s.add_word("starting", 5);          // an ordinary word from an answer body
  s.add_word("deficiency", 1, true);  // a key word
  CHECK_FALSE(s.correct("statins"));  // two edits from "starting": a name, not a typo
  CHECK(s.correct("starring") == std::optional<std::string>("starting"));  // one edit
  CHECK(s.correct("defficiancy") == std::optional<std::string>("deficiency"));  // two edits, key word
}

TEST_CASE("an ending spelled as it sounds is read as the known word it spells") {
  SpellingCorrector s;
  s.add_word("constipation", 1, true);
  CHECK(s.correct("constipashun") == std::optional<std::string>("constipation"));  // three letters differ
  CHECK(s.correct("constipashen") == std::optional<std::string>("constipation"));
  CHECK_FALSE(s.correct("dehydrashun"));  // "dehydration" is not a word it knows
}

TEST_CASE("between words as close, a vowel mistyped is the likelier mistake, unless the other word is far more common") {
  SpellingCorrector s;
  s.add_word("super", 3);
  s.add_word("sugar", 1);
  CHECK(s.correct("suger") == std::optional<std::string>("sugar"));  // not "super", more frequent but a 'g' changed
  s.add_word("much", 100);
  s.add_word("match", 3);
  CHECK(s.correct("mutch") == std::optional<std::string>("much"));  // "match" shares the consonants, "much" is common
}

TEST_CASE("is_valid_utf8 rejects broken sequences and NUL bytes") {
  CHECK(is_valid_utf8("magnésium ✓"));
  CHECK_FALSE(is_valid_utf8(std::string("a\0b", 3)));
  CHECK_FALSE(is_valid_utf8("\xC3"));
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));    // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
}

TEST_CASE("split_sentences splits at sentence ends only") {
  auto s = split_sentences("Magnesium matters. It helps muscles, e.g. the heart. 50% of it is in bone.");
  REQUIRE(s.size() == 3);
  CHECK(s[1] == "It helps muscles, e.g. the heart.");
}

TEST_CASE("JSON text written directly is byte for byte what nlohmann::json writes") {
  for (const std::string& s : {std::string(""), std::string("plain"), std::string("quote \" and back\\slash"),
                              std::string("tab\tnew\nline\rcr\bbs\fff"), std::string("ctl \x01 \x1f end"),
                              std::string("caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80"), std::string("del \x7f")}) {
    std::string out;
    append_json_string(out, s);
    CHECK(out == nlohmann::json(s).dump());
  }
  // Not UTF-8: replaced when asked, refused otherwise, as nlohmann does.
  std::string replaced;
  append_json_string(replaced, "bad \xC3 byte", true);
  CHECK(replaced == nlohmann::json("bad \xC3 byte").dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  std::string refused;
  CHECK_THROWS(append_json_string(refused, "bad \xFF byte"));
}

TEST_CASE("letters held for emphasis are cut to two or one") {
  CHECK(without_letter_runs("sooo", 1) == "so");
  CHECK(without_letter_runs("goood", 2) == "good");
  CHECK(without_letter_runs("tiiired", 1) == "tired");
  CHECK(without_letter_runs("coffee", 1) == "coffee");  // two equal letters are spelling, not emphasis
  CHECK(without_letter_runs("1000mg", 1) == "1000mg");  // digits are an amount, never emphasis
  CHECK(without_letter_runs("1000", 2) == "1000");
}

TEST_CASE("a blood magnesium result is read in its unit, against every range cited, and by the lab's flag") {
  using Reading = TestResult::Reading;
  const auto reading_of = [](const std::string& text, size_t at) {
    const TestResult r = test_result_at(words_of(text), at);
    return std::make_pair(r.words, r.reading);
  };
  // Outside every cited range: mg/dL 1.46 to 2.68 (StatPearls), mmol/L 0.75 to 1.10; mEq/L are twice mmol/L.
  CHECK(reading_of("magnesium 1.2 mg/dL", 1) == std::make_pair(size_t{2}, Reading::Low));
  CHECK(reading_of("magnesium 3.4 mg/dl", 1) == std::make_pair(size_t{2}, Reading::High));
  CHECK(reading_of("magnesium 0.6 mmol/L", 1) == std::make_pair(size_t{2}, Reading::Low));
  CHECK(reading_of("Mg 5 mEq/L", 1) == std::make_pair(size_t{2}, Reading::High));
  CHECK(reading_of("Mg 2 mEq/L", 1) == std::make_pair(size_t{2}, Reading::Unknown));
  CHECK(reading_of("it was 1.2mg/dl", 2) == std::make_pair(size_t{1}, Reading::Low));
  // Inside some range only the person's own lab can tell, unless the lab flagged it.
  CHECK(reading_of("magnesium 1.6 mg/dL", 1) == std::make_pair(size_t{2}, Reading::Unknown));
  CHECK(reading_of("magnesium 1.6 mg/dL (L)", 1) == std::make_pair(size_t{3}, Reading::Low));
  CHECK(reading_of("magnesium 0.9 mmol/L flagged H", 1) == std::make_pair(size_t{2}, Reading::High));
  // Not a lab result: an amount taken, an age, a bare number.
  CHECK(reading_of("I take 400 mg", 2).first == 0);
  CHECK(reading_of("she is 12", 2).first == 0);
  CHECK(reading_of("magnesium 1.2", 1).first == 0);
}

TEST_CASE("a lab's flag after a bare decimal said of magnesium reads it, not one said of another value") {
  using Reading = TestResult::Reading;
  CHECK(test_result_at(words_of("Mg 1.4 L"), 1).reading == Reading::Low);
  CHECK(test_result_at(words_of("my magnesium was 2.9 H"), 3).reading == Reading::High);
  CHECK(test_result_at(words_of("K 3.1 L, Mg 1.4 L"), 1).words == 0);
  CHECK(test_result_at(words_of("magnesium 1.4"), 1).words == 0);
}

TEST_CASE("an age and sex opening a message ('16M, ...') is an age, elsewhere or as an amount it is not") {
  CHECK(age_at(words_of("16M, how much mag am i supposed to get"), 0).years == 16);
  CHECK(age_at(words_of("34f here"), 0).years == 34);
  CHECK(age_at(words_of("i take 16m"), 2).words == 0);
  CHECK(age_at(words_of("5m walk"), 0).words == 0);
}

TEST_CASE("a body weight is read in two words or in one, and an amount in milligrams is none") {
  CHECK(is_body_weight_at(words_of("i am 70 kg"), 2));
  CHECK(is_body_weight_at(words_of("im 52kg"), 1));
  CHECK(is_body_weight_at(words_of("150lbs"), 0));
  CHECK_FALSE(is_body_weight_at(words_of("400 mg"), 0));
  CHECK_FALSE(is_body_weight_at(words_of("400mg"), 0));
  CHECK_FALSE(is_body_weight_at(words_of("70"), 0));
}

TEST_CASE("a letter's closing and signature are cut from the end of a message, and nothing else is") {
  CHECK(without_sign_off("Does alcohol lower magnesium? I would be grateful for your reply.\n\nYours faithfully,\nH. "
                         "Okonkwo") == "Does alcohol lower magnesium? I would be grateful for your reply.\n\n");
  CHECK(without_sign_off("Is magnesium safe in pregnancy? Kind regards, Ana") == "Is magnesium safe in pregnancy? ");
  // (A question after the sign-off, a long text after it, or nothing before it: kept whole.)
  CHECK(without_sign_off("Kind regards, but is it safe?") == "Kind regards, but is it safe?");
  CHECK(without_sign_off("Best wishes") == "Best wishes");
  CHECK(without_sign_off("best wishes to you all, my mother has low magnesium and cramps every night") ==
        "best wishes to you all, my mother has low magnesium and cramps every night");
}

TEST_CASE("saying one does not understand asks a question, telling that someone else is confused does not") {
  CHECK(form_of_question(words_of("results say 0.8 mmol/L but the chart is in mg/dL and im so confused")).asks_a_question);
  CHECK(form_of_question(words_of("the units on my report make no sense to me")).asks_a_question);
  CHECK(form_of_question(words_of("this is so confusing")).asks_a_question);
  CHECK_FALSE(form_of_question(words_of("my mom has been confused lately")).asks_a_question);
  CHECK_FALSE(form_of_question(words_of("my son is 15")).asks_a_question);
}

TEST_CASE("words run together are split into the fewest known words, preferring the knowledge base's and longer ones") {
  const std::set<std::string> kb_words = {"what", "causes", "low", "magnesium", "in", "the", "body", "medicines", "lower"};
  const std::set<std::string> dictionary = {"cause", "slow", "medicine", "slower", "he", "bod", "y"};
  const auto rank = [&](const std::string& w) { return kb_words.count(w) ? 2 : dictionary.count(w) ? 1 : 0; };
  CHECK(split_run_together("whatcauseslowmagnesiuminthebody", rank) ==
        std::vector<std::string>{"what", "causes", "low", "magnesium", "in", "the", "body"});
  CHECK(split_run_together("medicineslowermagnesium", rank) ==
        std::vector<std::string>{"medicines", "lower", "magnesium"});
  CHECK(split_run_together("magnesium", rank).empty());      // one word is no run
  CHECK(split_run_together("magnesumdefiency", rank).empty());  // a piece nothing knows
}

TEST_CASE("WordSet finds exactly the words it was built from, and lists them sorted and once each") {
  const WordSet set = {"what", "why", "how", "what", "", "magnesium"};
  CHECK(set.count("why") == 1);
  CHECK(set.contains("magnesium"));
  CHECK(set.contains(""));
  CHECK_FALSE(set.contains("wha"));
  CHECK_FALSE(set.contains("whatever"));
  CHECK_FALSE(set.contains("How"));
  CHECK(std::vector<std::string>(set.begin(), set.end()) ==
        std::vector<std::string>{"", "how", "magnesium", "what", "why"});

  // A set larger than its first table (so that probing wraps and collides) still finds every word and no other.
  std::vector<std::string> many;
  for (int i = 0; i < 500; ++i) many.push_back("w" + std::to_string(i));
  const WordSet big(many.begin(), many.end());
  CHECK(big.size() == 500);
  for (const auto& w : many) CHECK(big.contains(w));
  for (int i = 500; i < 1000; ++i) CHECK_FALSE(big.contains("w" + std::to_string(i)));
  CHECK_FALSE(WordSet{}.contains("anything"));
}

TEST_CASE("the dictionary holds each line lowercased and without apostrophes, once, and no other word") {
  const auto dict = Dictionary::of({"Aaron's", "aren't", "apple", "apple", "", "Zulu\r", "élan"});
  CHECK(dict->size() == 5);
  for (const char* w : {"aarons", "arent", "apple", "zulu", "élan"}) CHECK(dict->contains(w));
  for (const char* w : {"Aaron's", "aaron", "aren", "apples", "", "appl", "zulu\r"}) CHECK_FALSE(dict->contains(w));

  // The system's word list, as the server reads it at start-up (wamerican is installed with the server).
  const auto words = Dictionary::load("/usr/share/dict/words");
  CHECK(words->size() > 80000);  // (88,356 distinct on Debian 12)
  for (const char* w : {"separate", "definitely", "doesnt", "aarons", "magnesium"}) CHECK(words->contains(w));
  for (const char* w : {"seperate", "magnesim", "omeprazol"}) CHECK_FALSE(words->contains(w));
  CHECK(Dictionary::load("/no/such/file")->empty());
}

TEST_CASE("WordMap finds the value of each key, keeps the first of a repeated key, and nothing else") {
  const WordMap<int> map = {{"two", 2}, {"ten", 10}, {"two", 22}, {"twenty", 20}, {"a-much-longer-key-word", 7}};
  REQUIRE(map.find("two") != nullptr);
  CHECK(*map.find("two") == 2);
  CHECK(*map.find("ten") == 10);
  CHECK(*map.find("twenty") == 20);
  CHECK(*map.find("a-much-longer-key-word") == 7);
  CHECK(map.find("tw") == nullptr);
  CHECK(map.find("Two") == nullptr);
  CHECK(map.find("a-much-lXnger-key-word") == nullptr);  // same first and last 8 bytes: the same hash, not the word
  CHECK(map.find("") == nullptr);
}

TEST_CASE("WordHash tells apart words that differ only in the middle or by length") {
  const WordHash hash;
  CHECK(hash("supplement") != hash("supplemant"));
  CHECK(hash("magnesium-citrate-powder") != hash("magnesium-oxide-powder"));  // longer than 16 bytes: every byte
  CHECK(hash("a") != hash(std::string_view("a\0", 2)));  // (the same bytes once padded: the length counts)
  CHECK(hash("magnesium") == hash(std::string("magnesium")));
  std::set<size_t> distinct;
  for (int i = 0; i < 1000; ++i) distinct.insert(hash("word" + std::to_string(i)));
  CHECK(distinct.size() == 1000);
}

TEST_CASE("backslash_escaped escapes what ends or breaks a double-quoted value") {
  CHECK(backslash_escaped("plain") == "plain");
  CHECK(backslash_escaped("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}

TEST_CASE("reads_as_other_language: Spanish, French, Portuguese, German and Hindi messages, not English ones") {
  for (const char* message : {"mi mamá tomó muchas pastillas de magnesio y ahora está muy confundida",
                               "ma mère prend du magnésium et son coeur bat très lentement",
                               "meu pai está com o coração muito lento depois de tomar magnésio",
                               "mein Vater ist bewusstlos, er hat Magnesium genommen, Hilfe",
                               "papa ki heartbeat bahut slow hai aur woh magnesium lete hain",
                               "grávida de 34 semanas, dor de cabeça forte"}) {
    INFO(message);
    CHECK(reads_as_other_language(words_of(message)));
  }
  for (const char* message : {"what are the symptoms of low magnesium?", "is magnesio the same as magnesium",
                               "my mum says leche de magnesia helps, is it safe for her kidneys?",
                               "hola", "es magnesium safe", "can I take magnesium with my thyroid pills"}) {
    INFO(message);
    CHECK_FALSE(reads_as_other_language(words_of(message)));
  }
}
