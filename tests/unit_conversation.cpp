// Conversations, feedback and live index changes through the App, over a real temporary SQLite database.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "conversation_store.h"
#include "kb_store.h"
#include "test_support.h"
#include "text.h"

using namespace magchat;
using namespace magchat::test;

// Every chat test runs both ways turns are stored: through the turn journal (the default) and committed to
// SQLite before the reply (turn_journal_ms = 0).
Config config_storing_turns(const TempDir& dir, int turn_journal_ms) {
  Config c = test_config(dir);
  c.turn_journal_ms = turn_journal_ms;
  return c;
}

TEST_CASE("chat stores turns and a follow-up uses the stored conversation") {
  TempDir dir;
  const int journal_ms = GENERATE(10, 0);
  INFO("turn_journal_ms " << journal_ms);
  App app(config_storing_turns(dir, journal_ms));
  Reply first = app.chat({"Tell me about low magnesium.", std::nullopt});
  REQUIRE(is_valid_conversation_id(first.conversation_id));
  CHECK(first.turn_index == 0);
  Reply second = app.chat({"What medications cause it?", first.conversation_id});
  CHECK(second.conversation_id == first.conversation_id);
  CHECK(second.turn_index == 1);
  REQUIRE(second.type == ReplyType::Answer);
  CHECK(second.sources.at(0).entry_id == "medicines-that-lower-magnesium");

  auto conv = app.conversation(first.conversation_id);
  REQUIRE(conv);
  REQUIRE((*conv)["turns"].size() == 2);
  CHECK((*conv)["turns"][1]["message"] == "What medications cause it?");
  CHECK((*conv)["turns"][1]["reply"]["type"] == "answer");
  CHECK_FALSE(app.conversation("0123456789abcdef"));
}

TEST_CASE("after an emergency reply, a message that goes on with it gets the emergency reply again, also when stored") {
  TempDir dir;
  const int journal_ms = GENERATE(10, 0);
  INFO("turn_journal_ms " << journal_ms);
  App app(config_storing_turns(dir, journal_ms));
  // An emergency, then a message that goes on with it: the same reply again. Returns the first reply.
  auto check_goes_on = [&](const std::string& emergency, const std::string& next) {
    Reply first = app.chat({emergency, std::nullopt});
    REQUIRE(first.type == ReplyType::Emergency);
    Reply after = app.chat({next, first.conversation_id});
    CHECK(after.type == ReplyType::Emergency);
    CHECK(after.answer == first.answer);
    return first;
  };
  // Telling more of what was taken, and asking what to do, are the same emergency.
  Reply first = check_goes_on("my 3 year old got into my magnesium pills", "i think he ate like 10 of them");
  CHECK(app.chat({"what do i do", first.conversation_id}).type == ReplyType::Emergency);
  // Once it is over, a question of its own is answered as one.
  Reply over = app.chat({"false alarm, he's fine. how much magnesium does a 3 year old need?", first.conversation_id});
  CHECK(over.type == ReplyType::Answer);
  // And only the turn right after an emergency continues it.
  CHECK(app.chat({"what do i do", first.conversation_id}).type != ReplyType::Emergency);

  // A story that names magnesium before its question asks something of its own, though the question alone ("Could
  // the zinc be doing it?") does not name it; a story of what was taken still goes on with the emergency.
  Reply tabs = check_goes_on("my kid ate my mag tabs", "she took 10 of them. is she going to be ok?");
  Reply zinc = app.chat({"my kid ate my mag tabs", std::nullopt});
  Reply own_question = app.chat(
      {"I take 50 mg of zinc every day and my magnesium came back low. Could the zinc be doing it?", zinc.conversation_id});
  CHECK(own_question.type == ReplyType::Answer);
  CHECK(own_question.answer.find("zinc") != std::string::npos);
  CHECK(tabs.type == ReplyType::Emergency);

  // The crisis reply too: "i already swallowed them all" after a crisis message.
  Reply crisis = check_goes_on("i just want everything to stop", "i already swallowed them all");
  // Thanks stays thanks.
  CHECK(app.chat({"thank you", crisis.conversation_id}).type == ReplyType::Greeting);
}

TEST_CASE("conversation ids are 32 hex digits, unguessable, and later ones sort after earlier ones") {
  std::set<std::string> seen;
  std::string previous = new_conversation_id();
  for (int i = 0; i < 2000; ++i) {
    std::string id = new_conversation_id();
    REQUIRE(id.size() == 32);
    REQUIRE(is_valid_conversation_id(id));
    CHECK(seen.insert(id).second);
    // Same millisecond: only the time prefix is ordered; across milliseconds the whole id is.
    CHECK(id.substr(0, 12) >= previous.substr(0, 12));
    previous = id;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  CHECK(new_conversation_id() > previous);
  // The random part varies between ids issued in the same millisecond.
  std::set<std::string> tails;
  for (int i = 0; i < 50; ++i) tails.insert(new_conversation_id().substr(12));
  CHECK(tails.size() == 50);
}

TEST_CASE("turn indexes: a new conversation starts at 0, and a client's unknown id starts one under that id") {
  TempDir dir;
  const int journal_ms = GENERATE(10, 0);
  INFO("turn_journal_ms " << journal_ms);
  App app(config_storing_turns(dir, journal_ms));
  Reply a = app.chat({"Which foods contain magnesium?", std::nullopt});
  Reply b = app.chat({"Which foods contain magnesium?", std::nullopt});
  CHECK(a.turn_index == 0);
  CHECK(b.turn_index == 0);
  CHECK(a.conversation_id != b.conversation_id);
  CHECK(app.chat({"And nuts?", a.conversation_id}).turn_index == 1);
  CHECK(app.chat({"And seeds?", a.conversation_id}).turn_index == 2);

  const std::string chosen = "0123456789abcdef0123456789abcdef";
  Reply first = app.chat({"Which foods contain magnesium?", chosen});
  CHECK(first.conversation_id == chosen);
  CHECK(first.turn_index == 0);
  CHECK(app.chat({"And nuts?", chosen}).turn_index == 1);
  auto conv = app.conversation(chosen);
  REQUIRE(conv);
  REQUIRE((*conv)["turns"].size() == 2);
  CHECK((*conv)["turns"][0]["reply"]["turn_index"] == 0);
  CHECK((*conv)["turns"][1]["reply"]["turn_index"] == 1);
}

TEST_CASE("append_turn stores a reply serialised beforehand, or serialises it again when its index is wrong") {
  TempDir dir;
  App app(test_config(dir));
  const std::string id = "00112233445566778899aabbccddeeff";
  Reply reply = app.preview("Which foods contain magnesium?").reply;
  reply.conversation_id = id;
  app.with_writer([&](Database& db) {
    reply.turn_index = 0;
    std::string json = reply_to_json(reply).dump();
    const std::string prepared = json;
    CHECK(ConversationStore::append_turn(db, id, "first", reply, {}, false, &json) == 0);
    CHECK(json == prepared);
    // Another turn was stored meanwhile: the prepared JSON names index 1, the turn gets 2.
    db.prepare("INSERT INTO turns(conversation_id, turn_index, message, reply, type, context, created_at) "
               "VALUES (?, 1, 'other', '{}', 'answer', '{}', '2026-01-01T00:00:00Z')")
        .bind(1, id)
        .run();
    reply.turn_index = 1;
    json = reply_to_json(reply).dump();
    CHECK(ConversationStore::append_turn(db, id, "third", reply, {}, false, &json) == 2);
    CHECK(nlohmann::json::parse(json)["turn_index"] == 2);
    auto& q = db.prepare("SELECT reply FROM turns WHERE conversation_id = ? AND turn_index = 2").bind(1, id);
    REQUIRE(q.step());
    CHECK(q.text(0) == json);
    q.reset();
    return 0;
  });
}

// Stores the answer to `message` as the first turn of conversation `id`, and reads its context back from SQLite.
ConversationContext stored_context_of(App& app, const std::string& id, const std::string& message,
                                      AnswerResult& answered) {
  return app.with_writer([&](Database& db) {
    answered.reply.conversation_id = id;
    ConversationStore::append_turn(db, id, message, answered.reply, answered.context, false);
    auto stored = ConversationStore::latest_context(db, id);
    REQUIRE(stored);
    return *stored;
  });
}

TEST_CASE("a subject left unanswered is kept with the turn, so that 'it' in the next question still means it") {
  TempDir dir;
  App app(test_config(dir));
  AnswerResult first = app.answerer().answer("I'm on warfarin.", {}, app.reader());
  REQUIRE(first.reply.type != ReplyType::Answer);
  CHECK(first.context.not_covered == std::vector<std::string>{light_stem("warfarin")});
  const ConversationContext stored = stored_context_of(app, "00112233445566778899aabbccddeef0", "I'm on warfarin.", first);
  CHECK(stored.not_covered == first.context.not_covered);
  // Read back from SQLite, the next question is about warfarin: the honest no_answer, not another medicine.
  CHECK(app.answerer().answer("Does magnesium interact with it?", stored, app.reader()).reply.type ==
        ReplyType::NoAnswer);
  // An answered question carries nothing over.
  CHECK(app.answerer().answer("Which foods contain magnesium?", {}, app.reader()).context.not_covered.empty());
}

TEST_CASE("the food a question named is kept with the turn, so that 'how much in one?' is answered for that food") {
  TempDir dir;
  App app(test_config(dir));
  const std::string question = "are bananas a good source of magnesium";
  AnswerResult first = app.answerer().answer(question, {}, app.reader());
  CHECK(contains(first.context.stems, light_stem("bananas")));
  const ConversationContext stored = stored_context_of(app, "00112233445566778899aabbccddeef1", question, first);
  CHECK(stored.stems == first.context.stems);
  // Read back from SQLite, the follow-up gets the line on bananas, not only the top of the food list.
  const Reply next = app.answerer().answer("how much in one?", stored, app.reader()).reply;
  CHECK(next.type == ReplyType::Answer);
  CHECK(next.answer.find("banana, 1 medium: 32 mg") != std::string::npos);
}

TEST_CASE("feedback is stored for existing turns only, and thumbs-down is collected for curators") {
  TempDir dir;
  App app(test_config(dir));
  Reply r = app.chat({"Which foods contain magnesium?", std::nullopt});
  long long id = 0;
  CHECK(app.record_feedback(r.conversation_id, r.turn_index, false, "not what I asked", &id) == App::FeedbackResult::Stored);
  CHECK(id > 0);
  CHECK(app.record_feedback(r.conversation_id, 7, true, "", &id) == App::FeedbackResult::NoSuchTurn);
  // The page sends the rating again with a comment, and people click twice: still one question asked.
  CHECK(app.record_feedback(r.conversation_id, r.turn_index, false, "really not", &id) == App::FeedbackResult::Stored);
  app.with_writer([&](Database& db) {
    auto& q = db.prepare("SELECT rating, comment FROM feedback ORDER BY id");
    REQUIRE(q.step());
    CHECK(q.text(0) == "down");
    CHECK(q.text(1) == "not what I asked");
    q.reset();
    auto& u = db.prepare("SELECT reason, count FROM unanswered WHERE example = 'Which foods contain magnesium?'");
    REQUIRE(u.step());
    CHECK(u.text(0) == "thumbs_down");
    CHECK(u.integer(1) == 1);
    u.reset();
    return 0;
  });
}

// The count and reason of the curators' unanswered question last asked as `example`; count 0 when none.
std::pair<long long, std::string> unanswered_row(App& app, const std::string& example) {
  REQUIRE(app.flush_turns());
  return app.with_writer([&](Database& db) {
    auto& q = db.prepare("SELECT count, reason FROM unanswered WHERE example = ?").bind(1, example);
    std::pair<long long, std::string> row{0, ""};
    if (q.step()) row = {q.integer(0), q.text(1)};
    q.reset();
    return row;
  });
}

TEST_CASE("questions without an answer are collected with a count") {
  TempDir dir;
  const int journal_ms = GENERATE(10, 0);
  INFO("turn_journal_ms " << journal_ms);
  App app(config_storing_turns(dir, journal_ms));
  app.chat({"Is magnesium used in car batteries?", std::nullopt});
  app.chat({"is magnesium used in car batteries", std::nullopt});
  const auto [count, reason] = unanswered_row(app, "is magnesium used in car batteries");
  CHECK(count == 2);
  CHECK(reason == "no_answer");
}

TEST_CASE("a question without an answer is stored with its turn in one commit") {
  TempDir dir;
  const int journal_ms = GENERATE(10, 0);
  INFO("turn_journal_ms " << journal_ms);
  App app(config_storing_turns(dir, journal_ms));
  std::atomic<int> commits{0};
  auto count = [](void* n) {
    ++*static_cast<std::atomic<int>*>(n);
    return 0;
  };
  app.with_writer([&](Database& db) { return sqlite3_commit_hook(db.handle(), count, &commits); });
  Reply r = app.chat({"Is magnesium used in car batteries?", std::nullopt});
  REQUIRE(app.flush_turns());
  app.with_writer([&](Database& db) { return sqlite3_commit_hook(db.handle(), nullptr, nullptr); });
  REQUIRE(r.type == ReplyType::NoAnswer);
  CHECK(commits == 1);
  app.with_writer([&](Database& db) {
    auto& t = db.prepare("SELECT turn_index, type FROM turns WHERE conversation_id = ?").bind(1, r.conversation_id);
    REQUIRE(t.step());
    CHECK(t.integer(0) == 0);
    CHECK(t.text(1) == "no_answer");
    t.reset();
    return 0;
  });
  const auto unanswered = unanswered_row(app, "Is magnesium used in car batteries?");
  CHECK(unanswered.first == 1);
  CHECK(unanswered.second == "no_answer");
}

// What a reply gave as its answer, as ConversationContext::answered names it.
std::string answered_key_of(const Reply& r) {
  const SourceRef& s = r.sources.at(0);
  return s.section.empty() ? s.entry_id : s.entry_id + "#" + s.section;
}

TEST_CASE("'tell me more' gives the next entry on the subject, never one already given, also after a restart") {
  TempDir dir;
  const int journal_ms = GENERATE(10, 0);
  INFO("turn_journal_ms " << journal_ms);
  std::vector<std::string> given;
  std::string id;
  {
    App app(config_storing_turns(dir, journal_ms));
    Reply first = app.chat({"What foods are high in magnesium?", std::nullopt});
    REQUIRE(first.type == ReplyType::Answer);
    CHECK(first.sources.at(0).entry_id == "magnesium-rich-foods");
    id = first.conversation_id;
    given.push_back(answered_key_of(first));
    std::vector<std::string> given_questions{first.sources.at(0).title};
    for (const char* more : {"tell me more", "What else?", "anything else?"}) {
      Reply r = app.chat({more, id});
      INFO(more << " -> " << r.answer);
      REQUIRE(r.type == ReplyType::Answer);
      CHECK(starts_with(r.answer, "More on this: \""));
      CHECK(std::find(given.begin(), given.end(), answered_key_of(r)) == given.end());
      given.push_back(answered_key_of(r));
      given_questions.push_back(r.sources.at(0).title);
      for (const auto& suggestion : r.suggestions)
        CHECK(std::find(given_questions.begin(), given_questions.end(), suggestion) == given_questions.end());
    }
    // Related questions never offer what the conversation was already given ("What is hypomagnesemia?" is
    // otherwise the third related question after "What are the symptoms of magnesium deficiency?").
    Reply what = app.chat({"What is hypomagnesemia?", std::nullopt});
    Reply symptoms = app.chat({"What are the symptoms of magnesium deficiency?", what.conversation_id});
    REQUIRE(symptoms.type == ReplyType::Answer);
    CHECK(std::find(symptoms.suggestions.begin(), symptoms.suggestions.end(), "What is hypomagnesemia?") ==
          symptoms.suggestions.end());
    CHECK(symptoms.suggestions.size() == 3);
  }
  // The conversation goes on in a new process over the same database: what was said is stored with the turns.
  App app(config_storing_turns(dir, journal_ms));
  Reply r = app.chat({"go on", id});
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(std::find(given.begin(), given.end(), answered_key_of(r)) == given.end());
  // Asking for more is not a question curators could write an entry for.
  CHECK(unanswered_row(app, "go on").first == 0);
  CHECK(unanswered_row(app, "tell me more").first == 0);
}

TEST_CASE("'tell me more' when everything on the subject was given says so instead of repeating it") {
  TempDir dir;
  App app(test_config(dir));
  AnswerResult first = app.preview("What is hypermagnesemia?");
  REQUIRE(first.reply.type == ReplyType::Answer);
  ConversationContext everything_said = first.context;
  for (const auto& p : app.answerer().index()->passages())
    everything_said.answered.push_back(p.row.heading.empty() ? p.row.entry_id : p.row.entry_id + "#" + p.row.heading);
  Reply r = app.preview("tell me more", everything_said).reply;
  CHECK(r.type == ReplyType::NoAnswer);
  CHECK(starts_with(r.answer, "That is everything my knowledge base has on this subject"));
  CHECK(r.sources.empty());
  // After an answer whose question named nothing to search by, "more" is about what that entry declares (its
  // tags), not "that is everything".
  AnswerResult overview = app.preview("what can you tell me about magnesium?");
  REQUIRE(overview.reply.type == ReplyType::Answer);
  Reply more_overview = app.preview("tell me more", overview.context).reply;
  CHECK(more_overview.type == ReplyType::Answer);
  CHECK(starts_with(more_overview.answer, "More on this: \""));
  // A question that only contains "more" is not a request for more of the same.
  CHECK_FALSE(app.preview("can I take more?", first.context).analysis.asks_for_more);
  CHECK_FALSE(app.preview("tell me more about magnesium and calcium", first.context).analysis.asks_for_more);
  CHECK(app.preview("tell me more", first.context).analysis.asks_for_more);
  // Without a conversation there is nothing to say more about.
  CHECK_FALSE(app.preview("tell me more").analysis.asks_for_more);
  CHECK(app.preview("tell me more").analysis.kind == MessageKind::MoreWithoutSubject);
}

TEST_CASE("a saved entry is in the next answer without a restart, and drafts never are") {
  TempDir dir;
  App app(test_config(dir));
  const std::string q = "Does magnesium help with hiccups?";
  REQUIRE(app.preview(q).reply.type == ReplyType::NoAnswer);
  Entry e;
  e.id = "magnesium-hiccups";
  e.question = "Does magnesium help with hiccups?";
  e.answer = "The knowledge base has no evidence about magnesium and hiccups.";
  e.tags = {"magnesium"};
  e.sources = {{"Magnesium fact sheet", "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/"}};
  e.reviewed = "2026-11-25";
  e.status = "draft";
  app.with_writer([&](Database& db) { return KbStore(db).save_entry(e, "test", "draft"); });
  app.rebuild_index();
  CHECK(app.preview(q).reply.type == ReplyType::NoAnswer);
  e.status = "published";
  app.with_writer([&](Database& db) { return KbStore(db).save_entry(e, "test", "publish"); });
  app.rebuild_index();
  Reply r = app.preview(q).reply;
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.sources[0].entry_id == "magnesium-hiccups");
}

TEST_CASE("importing the same files twice changes nothing") {
  TempDir dir;
  App app(test_config(dir));
  CHECK(app.last_import().added >= 41);
  App again(test_config(dir));
  CHECK(again.last_import().added == 0);
  CHECK(again.last_import().updated == 0);
  CHECK(again.last_import().unchanged == app.last_import().added);
}

TEST_CASE("a question that goes back past the last one is read in the earlier question, also after a restart") {
  TempDir dir;
  const int journal_ms = GENERATE(10, 0);
  INFO("turn_journal_ms " << journal_ms);
  std::string id;
  {
    App app(config_storing_turns(dir, journal_ms));
    Reply first = app.chat({"How does zinc affect magnesium?", std::nullopt});
    REQUIRE(first.type == ReplyType::Answer);
    CHECK(first.sources.at(0).entry_id == "magnesium-and-zinc");
    id = first.conversation_id;
    REQUIRE(app.chat({"What is hypermagnesemia?", id}).type == ReplyType::Answer);
    REQUIRE(app.chat({"Do water pills lower magnesium?", id}).type == ReplyType::Answer);
    // "Going back" returns to the question before the last: "it" is high magnesium, not the last answer's subject.
    Reply back = app.chat({"going back, what causes it?", id});
    INFO(back.answer);
    REQUIRE(back.type == ReplyType::Answer);
    CHECK(back.sources.at(0).entry_id == "hypermagnesemia-causes");
  }
  // In a new process over the same database, "my first question" is still the one about zinc.
  App app(config_storing_turns(dir, journal_ms));
  Reply r = app.chat({"for my first question, is it only a problem at high doses?", id});
  INFO(r.answer);
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.sources.at(0).entry_id == "magnesium-and-zinc");
}

TEST_CASE("a benefit asked without an answer stays asked in the next 'what about ...?', also after a restart") {
  TempDir dir;
  std::string id;
  {
    App app(config_storing_turns(dir, 10));
    Reply first = app.chat({"can magnesium help with cramps?", std::nullopt});
    REQUIRE(first.type == ReplyType::NoAnswer);
    id = first.conversation_id;
  }
  // The same question of leg cramps is still not answered by the entry on side effects ("abdominal cramps").
  App app(config_storing_turns(dir, 10));
  Reply r = app.chat({"what about leg cramps at night?", id});
  INFO(r.answer);
  CHECK(r.type == ReplyType::NoAnswer);
  // A question of its own is answered as usual.
  Reply own = app.chat({"what are the symptoms of low magnesium?", id});
  REQUIRE(own.type == ReplyType::Answer);
  CHECK(own.sources.at(0).entry_id == "deficiency-symptoms");
}

TEST_CASE("'source?' names every part of the last answer, also after a restart") {
  TempDir dir;
  std::string id;
  {
    App app(config_storing_turns(dir, 10));
    Reply first = app.chat({"What causes low magnesium and how is it treated?", std::nullopt});
    REQUIRE(first.sources.size() >= 2);
    id = first.conversation_id;
  }
  App app(config_storing_turns(dir, 10));
  Reply r = app.chat({"where did you get that?", id});
  INFO(r.answer);
  REQUIRE(r.type == ReplyType::Answer);
  REQUIRE(r.sources.size() == 2);
  CHECK(r.sources[0].entry_id == "deficiency-causes");
  CHECK(r.sources[1].entry_id == "deficiency-treatment");
}

TEST_CASE("kidney disease told once makes a later 'how much?' that person's dose, also after a restart") {
  TempDir dir;
  std::string id;
  {
    App app(config_storing_turns(dir, 10));
    Reply told = app.chat({"I have kidney disease stage 3", std::nullopt});
    id = told.conversation_id;
    app.chat({"can I take magnesium for cramps?", id});
  }
  App app(config_storing_turns(dir, 10));
  Reply r = app.chat({"how much?", id});
  INFO(r.answer);
  CHECK_THAT(r.answer, Catch::Contains("can't work out a dose"));
  CHECK_THAT(r.answer, Catch::Contains("kidney"));
  // Only asking about the kidneys tells nothing of one's own.
  Reply asked = app.chat({"what does kidney disease do to magnesium levels?", std::nullopt});
  Reply almonds = app.chat({"how much magnesium is in almonds?", asked.conversation_id});
  CHECK(almonds.type == ReplyType::Answer);
  CHECK_THAT(almonds.answer, !Catch::Contains("can't work out a dose"));
}
