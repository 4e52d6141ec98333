// Curation without sockets: tokens, request reading, validation, versions and revisions, insights, preview,
// and the files <-> database round trip, over a fresh temporary database per test.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "concepts.h"
#include "curation.h"
#include "kb_lint.h"
#include "test_support.h"
#include "text.h"

using namespace magchat;
using namespace magchat::test;
using nlohmann::json;

namespace {

const std::string kToken = "correct-horse-battery-staple";

Entry hiccups_entry() {
  Entry e;
  e.id = "magnesium-hiccups";
  e.question = "Does magnesium help with hiccups?";
  e.alternate_questions = {"Can magnesium stop hiccups?"};
  e.answer = "Nothing in the sources links magnesium to hiccups.";
  e.tags = {"magnesium"};
  e.sources = {{"Magnesium fact sheet for consumers", "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/"}};
  e.reviewed = "2026-11-25";
  e.status = "published";
  return e;
}

EntryInput input_of(const Entry& e) {
  EntryInput in;
  in.entry = e;
  return in;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Fixture {
  TempDir dir;
  App app{test_config(dir)};
  Curation cur{app, [] {
                 CuratorTokens t;
                 t.add_token("curator", kToken);
                 return t;
               }()};
  Change by_curator{"curator", ""};
};

Precondition at(long long version) { return {Precondition::Version, version}; }

}  // namespace

TEST_CASE("sha256_hex matches the FIPS 180-4 and other known digests") {
  struct Case {
    std::string input;
    const char* digest;
  };
  const Case cases[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {std::string(55, 'a'), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
      {std::string(56, 'a'), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
      {std::string(64, 'a'), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
      {std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
      {"magn\xc3\xa9sium", "26de572d71a40fdd55e049bd575bf4d3a2aa59dcbde4f2815b8a7653ccec08cc"},
  };
  for (const auto& c : cases) {
    INFO("input of " << c.input.size() << " bytes");
    CHECK(sha256_hex(c.input) == c.digest);
  }
}

TEST_CASE("curator tokens are kept hashed and matched by name") {
  TempDir dir;
  const std::string file = dir.file("tokens");
  std::ofstream(file) << "# curators\n\nalice:" << sha256_hex("alice-secret-token-1") << "\n  bob : "
                      << sha256_hex("bob-secret-token-22") << "  \n";
  CuratorTokens tokens = CuratorTokens::load(kToken, file);
  CHECK(tokens.match(kToken) == std::optional<std::string>("curator"));
  CHECK(tokens.match("alice-secret-token-1") == std::optional<std::string>("alice"));
  CHECK(tokens.match("bob-secret-token-22") == std::optional<std::string>("bob"));
  CHECK_FALSE(tokens.match("alice-secret-token-2"));
  CHECK_FALSE(tokens.match(""));
  CHECK_FALSE(tokens.match(sha256_hex("alice-secret-token-1")));  // the hash itself is not a token

  SECTION("a malformed tokens file is refused with its line") {
    struct Case {
      const char* text;
      const char* message;
    };
    const Case cases[] = {
        {"alice\n", "tokens:1: expected 'name:sha256hex'"},
        {"# ok\nalice:abc\n", "tokens:2: the hash must be 64 hex digits"},
        {"bad name:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n", "tokens:1: a token name"},
        {"a:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g\n", "tokens:1: the hash must be"},
    };
    for (const auto& c : cases) {
      INFO(c.text);
      std::ofstream(file, std::ios::trunc) << c.text;
      CHECK_THROWS_WITH(CuratorTokens::load("", file), Catch::Contains(c.message));
    }
    CHECK_THROWS_WITH(CuratorTokens::load("", dir.file("missing")), Catch::Contains("cannot read"));
    CHECK_THROWS_WITH(CuratorTokens::load("short", ""), Catch::Contains("too short"));
  }
  SECTION("no token configured means no token matches") {
    CuratorTokens none = CuratorTokens::load("", "");
    CHECK(none.empty());
    CHECK_FALSE(none.match(""));
  }
}

TEST_CASE("authenticate reads 'Authorization: Bearer <token>'") {
  TempDir dir;
  App app(test_config(dir));
  CuratorTokens tokens;
  tokens.add_token("curator", kToken);
  Curation cur(app, tokens);
  struct Case {
    std::optional<std::string> header;
    Access::Kind kind;
  };
  const Case cases[] = {
      {std::nullopt, Access::Missing},
      {"", Access::Missing},
      {"Bearer", Access::Missing},
      {"Bearer    ", Access::Missing},
      {"Basic " + kToken, Access::Missing},
      {"Bearer wrong-token-of-some-length", Access::Wrong},
      {"Bearer " + kToken + "x", Access::Wrong},
      {"Bearer " + kToken, Access::Granted},
      {"bearer " + kToken, Access::Granted},
      {"  Bearer  " + kToken + "  ", Access::Granted},
  };
  for (const auto& c : cases) {
    INFO(c.header.value_or("(none)"));
    Access a = cur.authenticate(c.header);
    CHECK(a.kind == c.kind);
    if (c.kind == Access::Granted) CHECK(a.name == "curator");
  }
  Curation disabled(app, CuratorTokens{});
  CHECK_FALSE(disabled.enabled());
  CHECK(disabled.authenticate("Bearer " + kToken).kind == Access::Disabled);
}

TEST_CASE("If-Match and the body's version make one precondition") {
  struct Case {
    std::optional<std::string> if_match;
    std::optional<long long> body;
    Precondition::Kind kind;
    long long version;
  };
  const Case cases[] = {
      {std::nullopt, std::nullopt, Precondition::Missing, 0},
      {"\"3\"", std::nullopt, Precondition::Version, 3},
      {"W/\"3\"", std::nullopt, Precondition::Version, 3},
      {"3", std::nullopt, Precondition::Version, 3},
      {" \"12\" ", std::nullopt, Precondition::Version, 12},
      {std::nullopt, 4, Precondition::Version, 4},
      {"\"4\"", 4, Precondition::Version, 4},
      {"\"4\"", 5, Precondition::Unmatchable, 0},
      {"*", std::nullopt, Precondition::Unmatchable, 0},
      {"\"abc\"", std::nullopt, Precondition::Unmatchable, 0},
      {"\"0\"", std::nullopt, Precondition::Unmatchable, 0},
      {"\"-1\"", std::nullopt, Precondition::Unmatchable, 0},
      {"\"3\", \"4\"", std::nullopt, Precondition::Unmatchable, 0},
      {"\"99999999999999999999\"", std::nullopt, Precondition::Unmatchable, 0},
      {"", std::nullopt, Precondition::Unmatchable, 0},
  };
  for (const auto& c : cases) {
    INFO((c.if_match ? *c.if_match : "(no If-Match)") << " / body " << (c.body ? std::to_string(*c.body) : "-"));
    Precondition p = precondition_from(c.if_match, c.body);
    CHECK(p.kind == c.kind);
    if (c.kind == Precondition::Version) CHECK(p.version == c.version);
  }
}

TEST_CASE("entry_input_from_json reports unknown fields, fields of the other kind and type errors") {
  struct Case {
    const char* name;
    json body;
    std::vector<std::string> fields;  // fields with problems, in order
  };
  const Case cases[] = {
      {"a complete faq", entry_to_json(hiccups_entry()), {}},
      {"version, note and updated_at are request fields", {{"question", "q"}, {"version", 2}, {"note", "n"}, {"updated_at", "x"}}, {}},
      {"unknown field", {{"question", "q"}, {"colour", "blue"}}, {"colour"}},
      {"title on a faq", {{"kind", "faq"}, {"title", "T"}}, {"title"}},
      {"empty title on a faq is harmless", {{"kind", "faq"}, {"title", ""}, {"sections", json::array()}}, {}},
      {"answer on an article", {{"kind", "article"}, {"answer", "A"}}, {"answer"}},
      {"tags not a list", {{"tags", "magnesium"}}, {"tags"}},
      {"bad kind", {{"kind", "blog"}}, {"kind"}},
      {"source without url", {{"sources", {{{"title", "x"}}}}}, {"sources"}},
      {"note not a string", {{"note", 3}}, {"note"}},
      {"note too long", {{"note", std::string(501, 'n')}}, {"note"}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    EntryInput in = entry_input_from_json(c.body);
    std::vector<std::string> fields;
    for (const auto& p : in.problems) fields.push_back(p.field);
    CHECK(fields == c.fields);
  }
  CHECK(entry_input_from_json({{"version", 7}}).version == std::optional<long long>(7));
  CHECK(entry_input_from_json({{"version", "7"}}).version_malformed);
  CHECK(entry_input_from_json({{"version", 0}}).version_malformed);
  CHECK(entry_input_from_json({{"note", "why"}}).note == std::optional<std::string>("why"));
  CHECK_FALSE(entry_input_from_json(json::array()).problems.empty());
}

TEST_CASE("check_entry applies the kb lint rules and keeps entries writable as files") {
  const ConceptIndex concepts = ConceptIndex::load(repo("kb/synonyms.yaml"));
  Entry other = hiccups_entry();
  other.id = "other";
  other.question = "Is magnesium a metal?";
  other.alternate_questions = {"Is magnesium metallic?"};
  const std::vector<Entry> others = {other};

  struct Case {
    const char* name;
    void (*change)(Entry&);
    std::vector<std::string> fields;  // expected problem fields, in order
  };
  const Case cases[] = {
      {"valid", [](Entry&) {}, {}},
      {"unknown tag", [](Entry& e) { e.tags = {"magnesium", "hiccups"}; }, {"tags"}},
      {"another entry's question", [](Entry& e) { e.question = "is magnesium a METAL"; }, {"question"}},
      {"another entry's alternate", [](Entry& e) { e.alternate_questions = {"Is magnesium metallic?"}; }, {"alternate_questions"}},
      {"asked twice here", [](Entry& e) { e.alternate_questions = {"does magnesium help with hiccups"}; }, {"alternate_questions"}},
      {"no sources", [](Entry& e) { e.sources.clear(); }, {"sources"}},
      {"bad url", [](Entry& e) { e.sources[0].url = "javascript:alert(1)"; }, {"sources"}},
      {"bad date", [](Entry& e) { e.reviewed = "25.11.2026"; }, {"reviewed"}},
      {"bad status", [](Entry& e) { e.status = "live"; }, {"status"}},
      {"bad id", [](Entry& e) { e.id = "Hiccups!"; }, {"id"}},
      {"question on two lines", [](Entry& e) { e.question = "Does magnesium\nhelp?"; }, {"question"}},
      {"NUL in the answer", [](Entry& e) { e.answer = std::string("a\0b", 3); }, {"answer"}},
      {"placeholder answer published", [](Entry& e) { e.answer = kPlaceholderAnswer; }, {"answer"}},
      {"placeholder answer in a draft", [](Entry& e) { e.answer = kPlaceholderAnswer; e.status = "draft"; }, {}},
      {"placeholder source published",
       [](Entry& e) { e.sources = {{kPlaceholderSourceTitle, kPlaceholderSourceUrl}}; }, {"sources"}},
      {"YAML-looking text survives quoting", [](Entry& e) { e.question = "- yes: no #1?"; e.alternate_questions = {"'quoted'", "true"}; }, {}},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    Entry e = hiccups_entry();
    c.change(e);
    std::vector<std::string> fields;
    for (const auto& p : check_entry(e, concepts, others)) fields.push_back(p.field);
    CHECK(fields == c.fields);
  }

  SECTION("articles: a '## ' line inside a section would split it in the file") {
    Entry a = hiccups_entry();
    a.kind = EntryKind::Article;
    a.question.clear();
    a.alternate_questions.clear();
    a.answer.clear();
    a.title = "Magnesium and hiccups";
    a.sections = {{"Overview", "Opening text.", 0}, {"What is known", "Not much.", 0}};
    CHECK(check_entry(a, concepts, others).empty());
    a.sections[1].body = "Not much.\n## Sneaky heading\nMore.";
    auto problems = check_entry(a, concepts, others);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "sections");
    CHECK_THAT(problems[0].message, Catch::Contains("'## '"));
    // A '# Title' line first says what to do, not that the file would differ.
    a.sections[1].body = "Not much.";
    a.sections[0].body = "# Magnesium and hiccups\n\nOpening text.";
    problems = check_entry(a, concepts, others);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("'# ' title line"));
  }
}

TEST_CASE("changed_fields and slug_for") {
  Entry a = hiccups_entry(), b = hiccups_entry();
  CHECK(changed_fields(a, b).empty());
  b.answer += " More.";
  b.status = "draft";
  CHECK(changed_fields(a, b) == std::vector<std::string>{"answer", "status"});
  CHECK(changed_fields(std::nullopt, a).size() == 9);
  CHECK(changed_fields(a, std::nullopt).front() == "id");

  struct Case {
    const char* text;
    const char* slug;
  };
  const Case cases[] = {
      {"Does magnesium help with hiccups?", "help-hiccups"},
      {"What are the symptoms of low magnesium?", "symptoms-low"},
      {"Is it?", "is-it"},
      {"???", "entry"},
      {"Magnésium et crampes", "magnsium-et-crampes"},
      {"Vitamin D3 & zinc: 400 mg/day", "vitamin-d3-zinc-400-day"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(slug_for(c.text) == c.slug);
    CHECK(is_valid_entry_id(slug_for(c.text)));
  }
  CHECK(slug_for(std::string(200, 'x') + " y").size() <= 60);
  CHECK(is_valid_entry_id(slug_for(std::string(200, 'x'))));
}

TEST_CASE("create, update, delete and restore keep versions and revisions") {
  Fixture f;
  Curation& cur = f.cur;

  WriteResult created = cur.create(input_of(hiccups_entry()), {"alice", "first version"});
  REQUIRE(created.outcome == Outcome::Ok);
  CHECK(created.version == 1);
  CHECK(created.entry->entry.id == "magnesium-hiccups");
  CHECK(cur.create(input_of(hiccups_entry()), f.by_curator).outcome == Outcome::IdTaken);

  Entry edited = hiccups_entry();
  edited.answer = "The sources say nothing about magnesium and hiccups.";
  SECTION("updates need the version the writer edited") {
    CHECK(cur.update("magnesium-hiccups", input_of(edited), {}, f.by_curator).outcome == Outcome::VersionRequired);
    WriteResult stale = cur.update("magnesium-hiccups", input_of(edited), at(7), f.by_curator);
    CHECK(stale.outcome == Outcome::VersionStale);
    CHECK(stale.version == 1);
    CHECK(cur.update("magnesium-hiccups", input_of(edited), {Precondition::Unmatchable, 0}, f.by_curator).outcome ==
          Outcome::VersionStale);
    CHECK(cur.update("no-such-entry", input_of(edited), at(1), f.by_curator).outcome == Outcome::NotFound);
    CHECK(cur.update("../etc", input_of(edited), at(1), f.by_curator).outcome == Outcome::NotFound);
    CHECK(cur.get("magnesium-hiccups", true)->entry.answer == hiccups_entry().answer);
  }
  SECTION("the id and the kind cannot change, and problems are reported together") {
    Entry renamed = edited;
    renamed.id = "hiccups";
    renamed.tags = {"nonsense"};
    WriteResult r = cur.update("magnesium-hiccups", input_of(renamed), at(1), f.by_curator);
    REQUIRE(r.outcome == Outcome::Invalid);
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].field == "id");
    CHECK(r.problems[1].field == "tags");
  }
  SECTION("a full round of changes") {
    WriteResult updated = cur.update("magnesium-hiccups", input_of(edited), at(1), {"bob", "clearer"});
    REQUIRE(updated.outcome == Outcome::Ok);
    CHECK(updated.version == 2);
    CHECK(updated.changed == std::vector<std::string>{"answer"});
    // Saving the same content again writes nothing.
    WriteResult same = cur.update("magnesium-hiccups", input_of(edited), at(2), f.by_curator);
    CHECK(same.outcome == Outcome::Ok);
    CHECK(same.version == 2);
    CHECK(same.changed.empty());

    WriteResult deleted = cur.remove("magnesium-hiccups", at(2), {"carol", "not needed"});
    REQUIRE(deleted.outcome == Outcome::Ok);
    CHECK(deleted.version == 3);
    CHECK_FALSE(cur.get("magnesium-hiccups", true));
    CHECK(cur.remove("magnesium-hiccups", at(3), f.by_curator).outcome == Outcome::NotFound);

    auto history = cur.history("magnesium-hiccups");
    REQUIRE(history);
    CHECK(history->deleted);
    CHECK(history->current_version == 3);
    REQUIRE(history->revisions.size() == 3);
    const auto& newest = history->revisions[0];
    CHECK(newest.action == "deleted");
    CHECK(newest.revision.author == "carol");
    CHECK(newest.revision.note == "deleted: not needed");
    CHECK_FALSE(newest.revision.entry);
    CHECK(history->revisions[1].action == "updated");
    CHECK(history->revisions[1].changed == std::vector<std::string>{"answer"});
    CHECK(history->revisions[1].revision.author == "bob");
    CHECK(history->revisions[1].revision.note == "clearer");
    CHECK(history->revisions[2].action == "created");
    CHECK(history->revisions[2].revision.note == "created: first version");
    CHECK(history->revisions[2].revision.at.size() == 20);

    // Undo the deletion, then go back to the first text.
    CHECK(cur.restore("magnesium-hiccups", 3, at(3), f.by_curator).outcome == Outcome::NotRestorable);
    CHECK(cur.restore("magnesium-hiccups", 9, at(3), f.by_curator).outcome == Outcome::NotFound);
    CHECK(cur.restore("magnesium-hiccups", 2, {}, f.by_curator).outcome == Outcome::VersionRequired);
    CHECK(cur.restore("magnesium-hiccups", 2, at(2), f.by_curator).outcome == Outcome::VersionStale);
    WriteResult back = cur.restore("magnesium-hiccups", 2, at(3), {"carol", "oops"});
    REQUIRE(back.outcome == Outcome::Ok);
    CHECK(back.version == 4);
    CHECK(back.entry->entry.answer == edited.answer);
    WriteResult first = cur.restore("magnesium-hiccups", 1, at(4), f.by_curator);
    REQUIRE(first.outcome == Outcome::Ok);
    CHECK(first.entry->entry.answer == hiccups_entry().answer);
    CHECK(first.changed == std::vector<std::string>{"answer"});
    history = cur.history("magnesium-hiccups");
    CHECK(history->revisions[0].revision.note == "restored revision 1");
    CHECK(history->revisions[1].revision.note == "restored revision 2: oops");
    CHECK(history->revisions[1].action == "created");

    // The index stayed consistent through every write.
    f.app.with_writer([](Database& db) {
      CHECK_NOTHROW(db.exec("INSERT INTO passage_fts(passage_fts) VALUES('integrity-check')"));
      auto& q = db.prepare("SELECT (SELECT count(*) FROM passages), (SELECT count(*) FROM passage_fts), "
                           "(SELECT count(*) FROM passages WHERE entry_id = 'magnesium-hiccups')");
      REQUIRE(q.step());
      CHECK(q.integer(0) == q.integer(1));
      CHECK(q.integer(2) == 1);
      q.reset();
      return 0;
    });
  }
  CHECK_FALSE(cur.history("never-written"));
}

TEST_CASE("created entries get a readable unique id, and deleted ids are not reused") {
  Fixture f;
  Entry e = hiccups_entry();
  e.id.clear();
  WriteResult a = f.cur.create(input_of(e), f.by_curator);
  REQUIRE(a.outcome == Outcome::Ok);
  CHECK(a.entry->entry.id == "help-hiccups");
  CHECK(f.cur.remove("help-hiccups", at(1), f.by_curator).outcome == Outcome::Ok);
  e.question = "Does magnesium help with hiccups!";
  WriteResult b = f.cur.create(input_of(e), f.by_curator);
  REQUIRE(b.outcome == Outcome::Ok);
  CHECK(b.entry->entry.id == "help-hiccups-2");
}

TEST_CASE("text is stored the way its file would give it back") {
  Fixture f;
  Entry e = hiccups_entry();
  e.question = "  Does magnesium help with hiccups?  ";
  e.answer = "\r\n  Nothing links magnesium to hiccups.\r\nSee the source.  \n\n";
  e.tags = {" magnesium "};
  WriteResult r = f.cur.create(input_of(e), f.by_curator);
  REQUIRE(r.outcome == Outcome::Ok);
  CHECK(r.entry->entry.question == "Does magnesium help with hiccups?");
  CHECK(r.entry->entry.answer == "Nothing links magnesium to hiccups.\nSee the source.");
  CHECK(r.entry->entry.tags == std::vector<std::string>{"magnesium"});
}

TEST_CASE("list and get show drafts to curators only") {
  Fixture f;
  Entry draft = hiccups_entry();
  draft.status = "draft";
  REQUIRE(f.cur.create(input_of(draft), f.by_curator).outcome == Outcome::Ok);
  CHECK_FALSE(f.cur.get("magnesium-hiccups", false));
  CHECK(f.cur.get("magnesium-hiccups", true));
  CHECK(f.cur.get("deficiency-symptoms", false));

  auto ids = [&](const EntryFilter& filter, bool drafts) {
    std::vector<std::string> out;
    for (const auto& s : f.cur.list(filter, drafts)) out.push_back(s.entry.id);
    return out;
  };
  EntryFilter hiccups;
  hiccups.text = "HICCUP";
  CHECK(ids(hiccups, false).empty());
  CHECK(ids(hiccups, true) == std::vector<std::string>{"magnesium-hiccups"});
  EntryFilter drafts;
  drafts.status = "draft";
  CHECK(ids(drafts, true) == std::vector<std::string>{"magnesium-hiccups"});
  EntryFilter articles;
  articles.kind = EntryKind::Article;
  CHECK(ids(articles, false) == std::vector<std::string>{"magnesium-imbalance"});
  EntryFilter tagged;
  tagged.tag = "pregnancy";
  tagged.text = "breastfeeding";
  auto pregnancy = ids(tagged, false);
  CHECK(std::find(pregnancy.begin(), pregnancy.end(), "intake-pregnancy-breastfeeding") != pregnancy.end());
  auto all = ids({}, true);
  CHECK(std::is_sorted(all.begin(), all.end()));
  CHECK(all.size() == static_cast<size_t>(f.app.last_import().added) + 1);
}

TEST_CASE("a saved change is in the next chat answer, drafts never are, and restoring undoes it") {
  Fixture f;
  const std::string question = "Does magnesium help with hiccups?";
  CHECK(f.app.chat({question, std::nullopt}).type == ReplyType::NoAnswer);

  Entry draft = hiccups_entry();
  draft.status = "draft";
  REQUIRE(f.cur.create(input_of(draft), f.by_curator).outcome == Outcome::Ok);
  CHECK(f.app.chat({question, std::nullopt}).type == ReplyType::NoAnswer);

  Entry published = draft;
  published.status = "published";
  REQUIRE(f.cur.update(draft.id, input_of(published), at(1), f.by_curator).outcome == Outcome::Ok);
  Reply r = f.app.chat({question, std::nullopt});
  REQUIRE(r.type == ReplyType::Answer);
  CHECK(r.sources.at(0).entry_id == "magnesium-hiccups");
  CHECK(r.answer.find("Nothing in the sources") != std::string::npos);

  Entry reworded = published;
  reworded.answer = "Magnesium is not known to stop hiccups.";
  REQUIRE(f.cur.update(draft.id, input_of(reworded), at(2), f.by_curator).outcome == Outcome::Ok);
  CHECK(f.app.chat({question, std::nullopt}).answer.find("not known to stop hiccups") != std::string::npos);

  // Back to the draft: the question has no answer again.
  REQUIRE(f.cur.restore(draft.id, 1, at(3), f.by_curator).outcome == Outcome::Ok);
  CHECK(f.app.chat({question, std::nullopt}).type == ReplyType::NoAnswer);

  // The search does not see drafts either.
  auto kb = f.app.answerer().index();
  for (const auto& p : kb->passages()) CHECK(p.row.entry_id != "magnesium-hiccups");
}

TEST_CASE("insights list what people asked, and a question becomes a draft in one step") {
  Fixture f;
  f.app.chat({"Is magnesium used in car batteries?", std::nullopt});
  f.app.chat({"is magnesium used in car batteries", std::nullopt});
  f.app.chat({"Can magnesium make my cat glow?", std::nullopt});
  auto insights = f.cur.insights(100);
  REQUIRE(insights.size() == 2);
  CHECK(insights[0].example == "is magnesium used in car batteries");
  CHECK(insights[0].count == 2);
  CHECK(insights[0].reason == "no_answer");
  CHECK(insights[1].count == 1);
  CHECK(insights[0].entry_id.empty());
  CHECK(f.cur.insights(1).size() == 1);

  WriteResult draft = f.cur.draft_from_question(insights[0].example, f.by_curator);
  REQUIRE(draft.outcome == Outcome::Ok);
  const Entry& e = draft.entry->entry;
  CHECK(e.question == "Is magnesium used in car batteries?");
  CHECK(e.status == "draft");
  CHECK(e.tags == std::vector<std::string>{"magnesium"});
  CHECK(e.answer == kPlaceholderAnswer);
  CHECK(e.sources.at(0).url == kPlaceholderSourceUrl);
  CHECK(e.reviewed.size() == 10);
  auto linked = f.cur.insights(100);
  CHECK(linked[0].entry_id == e.id);
  CHECK(linked[0].entry_status == "draft");

  // Publishing the placeholder is refused; once written it goes live.
  Entry publish = e;
  publish.status = "published";
  WriteResult refused = f.cur.update(e.id, input_of(publish), at(1), f.by_curator);
  REQUIRE(refused.outcome == Outcome::Invalid);
  CHECK(refused.problems.size() == 2);
  publish.answer = "Yes: magnesium alloys are used in some battery research, but this is chemistry, not health.";
  publish.sources = {{"Magnesium fact sheet for consumers", kPlaceholderSourceUrl}};
  REQUIRE(f.cur.update(e.id, input_of(publish), at(1), f.by_curator).outcome == Outcome::Ok);
  CHECK(f.cur.insights(100)[0].entry_status == "published");

  // A question another entry already asks cannot be drafted again.
  CHECK(f.cur.draft_from_question("Is magnesium used in car batteries?", f.by_curator).outcome == Outcome::Invalid);
  CHECK(f.cur.draft_from_question("   ", f.by_curator).outcome == Outcome::Invalid);
}

// People type several lines and up to 2000 characters; an entry's question is one line of at most 300.
TEST_CASE("a long or multi-line message becomes a draft too, with the whole message kept for the curator") {
  Fixture f;
  WriteResult two_lines = f.cur.draft_from_question("my dog ate my magnesium gummies\nis that dangerous for dogs", f.by_curator);
  REQUIRE(two_lines.outcome == Outcome::Ok);
  CHECK(two_lines.entry->entry.question == "My dog ate my magnesium gummies is that dangerous for dogs?");
  CHECK(two_lines.entry->entry.answer.find("> is that dangerous for dogs") != std::string::npos);

  std::string story;
  for (int i = 0; i < 12; ++i) story += "I have been taking a lot of different supplements for my joints lately. ";
  WriteResult asked_last = f.cur.draft_from_question(story + "Can magnesium make my knees creak?", f.by_curator);
  REQUIRE(asked_last.outcome == Outcome::Ok);
  CHECK(asked_last.entry->entry.question == "Can magnesium make my knees creak?");  // the sentence that asks
  CHECK(asked_last.entry->entry.answer.find(story.substr(0, 60)) != std::string::npos);

  WriteResult no_question_mark = f.cur.draft_from_question(story + story, f.by_curator);
  REQUIRE(no_question_mark.outcome == Outcome::Ok);
  CHECK(utf8_length(no_question_mark.entry->entry.question) <= 300);
  // A decimal or "Dr." does not end a sentence; text without spaces is cut between characters; a full-width
  // question mark asks.
  WriteResult decimal = f.cur.draft_from_question(story + "Dr. Lee says 2.5 g a day is fine. Is 2.5 g of magnesium a day too much?", f.by_curator);
  REQUIRE(decimal.outcome == Outcome::Ok);
  CHECK(decimal.entry->entry.question == "Is 2.5 g of magnesium a day too much?");
  WriteResult doctor = f.cur.draft_from_question(story + "Dr. Smith said to ask: is 400 mg ok?", f.by_curator);
  REQUIRE(doctor.outcome == Outcome::Ok);
  CHECK(doctor.entry->entry.question == "Dr. Smith said to ask: is 400 mg ok?");
  std::string no_spaces;
  for (int i = 0; i < 400; ++i) no_spaces += "\xE9\x95\x81";  // 镁, magnesium
  WriteResult unspaced = f.cur.draft_from_question(no_spaces, f.by_curator);
  REQUIRE(unspaced.outcome == Outcome::Ok);
  CHECK(utf8_length(unspaced.entry->entry.question) > 250);
  CHECK(is_valid_utf8(unspaced.entry->entry.question));
  WriteResult full_width = f.cur.draft_from_question("\xE9\x95\x81\xE6\x98\xAF\xE4\xBB\x80\xE4\xB9\x88\xEF\xBC\x9F", f.by_curator);
  REQUIRE(full_width.outcome == Outcome::Ok);
  CHECK(full_width.entry->entry.question == "\xE9\x95\x81\xE6\x98\xAF\xE4\xBB\x80\xE4\xB9\x88?");  // not "？?"
  // (Characters, not bytes: 200 Cyrillic letters are 400 bytes.)
  std::string cyrillic;
  for (int i = 0; i < 199; ++i) cyrillic += "\xD0\xB4";  // д
  WriteResult wide = f.cur.draft_from_question(cyrillic, f.by_curator);
  CHECK(wide.outcome == Outcome::Ok);
}

TEST_CASE("preview answers with an unsaved entry and saves nothing") {
  Fixture f;
  const std::string question = "Does magnesium help with hiccups?";
  PreviewResult p = f.cur.preview(input_of(hiccups_entry()), question);
  REQUIRE(p.outcome == Outcome::Ok);
  CHECK(p.entry_id == "magnesium-hiccups");
  CHECK(p.cites_entry);
  CHECK(p.answer.reply.type == ReplyType::Answer);
  CHECK_FALSE(f.cur.get("magnesium-hiccups", true));
  CHECK(f.app.preview(question).reply.type == ReplyType::NoAnswer);

  SECTION("a draft is previewed as if published; an id is made up when missing") {
    Entry e = hiccups_entry();
    e.id.clear();
    e.status = "draft";
    e.answer = kPlaceholderAnswer;
    PreviewResult d = f.cur.preview(input_of(e), question);
    REQUIRE(d.outcome == Outcome::Ok);
    CHECK(d.entry_id == "help-hiccups");
    CHECK(d.cites_entry);
  }
  SECTION("an edit of a stored entry replaces it in the preview") {
    auto stored = f.cur.get("deficiency-symptoms", true);
    REQUIRE(stored);
    Entry e = stored->entry;
    e.answer = "Completely rewritten answer about tiredness and cramps.";
    PreviewResult d = f.cur.preview(input_of(e), "What are the symptoms of magnesium deficiency?");
    REQUIRE(d.outcome == Outcome::Ok);
    CHECK(d.cites_entry);
    CHECK(d.answer.reply.answer.find("Completely rewritten") != std::string::npos);
    CHECK(f.cur.get("deficiency-symptoms", true)->entry.answer == stored->entry.answer);
  }
  SECTION("an invalid entry is not previewed") {
    Entry e = hiccups_entry();
    e.tags = {"nonsense"};
    PreviewResult d = f.cur.preview(input_of(e), question);
    CHECK(d.outcome == Outcome::Invalid);
    CHECK(d.problems.at(0).field == "tags");
  }
}

TEST_CASE("export right after importing kb/ reproduces it byte for byte") {
  TempDir dir;
  Database db(dir.file("kb.db"));
  KbStore store(db);
  KbFolder folder = read_kb_folder(repo("kb"));
  REQUIRE(folder.problems.empty());
  ImportReport first = store.import_entries(folder.entries, "kb-import");
  CHECK(first.added == static_cast<int>(folder.entries.size()));
  ImportReport again = store.import_entries(folder.entries, "kb-import");
  CHECK(again.added + again.updated + again.kept == 0);
  CHECK(again.unchanged == first.added);

  const auto out = dir.path / "export";
  ExportReport report = export_entries(store, out.string());
  CHECK(report.written == first.added);
  CHECK(report.removed.empty());
  namespace fs = std::filesystem;
  size_t compared = 0;
  for (const char* sub : {"faq", "articles"}) {
    std::set<std::string> shipped, exported;
    for (const auto& f : fs::directory_iterator(repo("kb") + "/" + sub)) shipped.insert(f.path().filename().string());
    for (const auto& f : fs::directory_iterator(out / sub)) exported.insert(f.path().filename().string());
    CHECK(shipped == exported);
    for (const auto& name : shipped) {
      INFO(sub << "/" << name);
      CHECK(read_file(out / sub / name) == read_file(fs::path(repo("kb")) / sub / name));
      ++compared;
    }
  }
  CHECK(compared == folder.entries.size());
  // Exporting again rewrites nothing.
  ExportReport second = export_entries(store, out.string());
  CHECK(second.written == 0);
  CHECK(second.unchanged == first.added);
}

namespace {
// A test configuration whose kb folder is a copy of kb/ in `dir`, so that exports may write into it.
Config config_with_own_kb(const TempDir& dir) {
  Config config = test_config(dir);
  std::filesystem::copy(repo("kb"), dir.path / "kb", std::filesystem::copy_options::recursive);
  config.kb_dir = (dir.path / "kb").string();
  return config;
}

// Saves `answer` as the epsom-salt entry's answer through curation.
void curate_epsom_salt_answer(App& app, const std::string& answer) {
  CuratorTokens tokens;
  tokens.add_token("curator", kToken);
  Curation cur(app, tokens);
  auto stored = cur.get("epsom-salt", true);
  REQUIRE(stored);
  Entry e = stored->entry;
  e.answer = answer;
  REQUIRE(cur.update("epsom-salt", input_of(e), at(stored->version), {"curator", ""}).outcome == Outcome::Ok);
}

// `magchat kb export` into the folder the App imports.
ExportReport export_into_own_kb(App& app) {
  return app.with_writer([&](Database& w) {
    KbStore store(w);
    return export_entries(store, app.config().kb_dir, true);
  });
}
}  // namespace

TEST_CASE("curated changes survive a restart's import and reach the files through export") {
  TempDir dir;
  Config config = test_config(dir);
  std::string edited_answer;
  {
    App app(config);
    edited_answer = "Epsom salt is magnesium sulfate.\n\nCurated addition.";
    curate_epsom_salt_answer(app, edited_answer);
    CuratorTokens tokens;
    tokens.add_token("curator", kToken);
    Curation cur(app, tokens);
    REQUIRE(cur.remove("laxative-effect", at(cur.get("laxative-effect", true)->version), {"curator", ""}).outcome ==
            Outcome::Ok);
  }
  App restarted(config);
  CHECK(restarted.last_import().kept == 2);
  CHECK(restarted.last_import().updated == 0);
  CHECK(restarted.last_import().added == 0);
  Database& db = restarted.reader();
  auto store = KbStore::reader(db);
  CHECK(store.get_entry("epsom-salt")->answer == edited_answer);
  CHECK_FALSE(store.get_entry("laxative-effect"));

  // Export writes the edit and removes the deleted entry's file; a file the database never had stays.
  namespace fs = std::filesystem;
  const fs::path out = dir.path / "kb";
  fs::copy(repo("kb"), out, fs::copy_options::recursive);
  std::ofstream(out / "faq" / "not-in-db.md") << "---\n";
  ExportReport r = export_entries(store, out.string());
  CHECK(r.written == 1);
  REQUIRE(r.removed.size() == 1);
  CHECK(fs::path(r.removed[0]).filename() == "laxative-effect.md");
  CHECK_FALSE(fs::exists(out / "faq" / "laxative-effect.md"));
  REQUIRE(r.unknown.size() == 1);
  CHECK(fs::exists(out / "faq" / "not-in-db.md"));
  CHECK(read_file(out / "faq" / "epsom-salt.md").find("Curated addition.") != std::string::npos);

  // A file changed on disk since the last import is imported again (the file wins, with a revision).
  fs::remove(out / "faq" / "not-in-db.md");
  KbFolder folder = read_kb_folder(out.string());
  REQUIRE(folder.problems.empty());
  for (auto& e : folder.entries)
    if (e.id == "epsom-salt") e.answer = "Changed in the file.";
  ImportReport changed = restarted.with_writer([&](Database& w) { return KbStore(w).import_entries(folder.entries, "kb-import"); });
  CHECK(changed.updated == 1);
  CHECK(store.get_entry("epsom-salt")->answer == "Changed in the file.");
}

// kb export into the folder the server imports, then another edit, then a restart: the export is what the folder
// now holds, so the restart must not take the exported file for a change made on disk and undo the later edit.

TEST_CASE("an edit made after exporting into the kb folder survives the next restart") {
  TempDir dir;
  const Config config = config_with_own_kb(dir);
  {
    App app(config);
    curate_epsom_salt_answer(app, "First curated answer about Epsom salt.");
    export_into_own_kb(app);
    curate_epsom_salt_answer(app, "Second curated answer about Epsom salt.");
  }
  App restarted(config);
  CHECK(restarted.last_import().updated == 0);
  CHECK(KbStore::reader(restarted.reader()).get_entry("epsom-salt")->answer == "Second curated answer about Epsom salt.");
}

// A file edited by hand since its last import is the curator's unsaved work: export into the kb folder leaves it
// (and says so), unless forced; a file only changed through curation is written as before.
TEST_CASE("export into the kb folder does not overwrite a file edited by hand since it was imported") {
  namespace fs = std::filesystem;
  TempDir dir;
  const Config config = config_with_own_kb(dir);
  App app(config);
  curate_epsom_salt_answer(app, "Curated answer about Epsom salt.");
  const fs::path file = fs::path(config.kb_dir) / "faq" / "epsom-salt.md";
  std::ofstream(file, std::ios::app) << "\nA paragraph written in the file.\n";
  const std::string hand_edited = read_file(file);

  ExportReport r = export_into_own_kb(app);
  REQUIRE(r.edited_on_disk.size() == 1);
  CHECK(fs::path(r.edited_on_disk[0]).filename() == "epsom-salt.md");
  CHECK(read_file(file) == hand_edited);  // the hand edit is still there

  ExportReport forced = app.with_writer([&](Database& w) {
    KbStore store(w);
    return export_entries(store, app.config().kb_dir, true, true);
  });
  CHECK(forced.edited_on_disk.empty());
  CHECK(read_file(file).find("Curated answer about Epsom salt.") != std::string::npos);
  CHECK(read_file(file).find("A paragraph written in the file.") == std::string::npos);

  // Nor is the hand-edited file of an entry deleted through curation removed.
  CuratorTokens tokens;
  tokens.add_token("curator", kToken);
  Curation cur(app, tokens);
  REQUIRE(cur.remove("laxative-effect", at(cur.get("laxative-effect", true)->version), {"curator", ""}).outcome ==
          Outcome::Ok);
  const fs::path deleted = fs::path(config.kb_dir) / "faq" / "laxative-effect.md";
  std::ofstream(deleted, std::ios::app) << "\nWork in progress.\n";
  ExportReport kept = export_into_own_kb(app);
  CHECK(fs::exists(deleted));
  CHECK(kept.removed.empty());
  REQUIRE(kept.edited_on_disk.size() == 1);
}

// An entry re-created under the other kind (the API's way to turn an FAQ into an article) is exported to the other
// folder, and its old file goes: two files with one id would make kb lint and import refuse the folder.
TEST_CASE("export removes an entry's file left in the other kind's folder") {
  namespace fs = std::filesystem;
  TempDir dir;
  Database db(dir.file("kb.db"));
  KbStore store(db);
  KbFolder folder = read_kb_folder(repo("kb"));
  REQUIRE(folder.problems.empty());
  for (auto& e : folder.entries)
    if (e.id == "epsom-salt") {
      e.kind = EntryKind::Article;
      e.title = e.question;
      e.sections = {{"Overview", e.answer, 0}};
      e.question.clear();
      e.alternate_questions.clear();
      e.answer.clear();
    }
  store.import_entries(folder.entries, "kb-import");
  const fs::path out = dir.path / "kb";
  fs::copy(repo("kb"), out, fs::copy_options::recursive);
  ExportReport r = export_entries(store, out.string());
  CHECK_FALSE(fs::exists(out / "faq" / "epsom-salt.md"));
  CHECK(fs::exists(out / "articles" / "epsom-salt.md"));
  REQUIRE(r.removed.size() == 1);
  CHECK(read_kb_folder(out.string()).problems.empty());
}

// An export that fails on one file must not record that file as holding the curated entry: the next start-up would
// then take the file's old text for a change made on disk and store it over the edit.
TEST_CASE("an export that cannot write an entry's file leaves that entry's curated edit in place") {
  namespace fs = std::filesystem;
  TempDir dir;
  const Config config = config_with_own_kb(dir);
  {
    App app(config);
    curate_epsom_salt_answer(app, "Curated answer about Epsom salt.");
    fs::create_directories(dir.path / "kb" / "faq" / "epsom-salt.md.tmp");  // its file cannot be written
    CHECK_THROWS(export_into_own_kb(app));
    fs::remove(dir.path / "kb" / "faq" / "epsom-salt.md.tmp");
  }
  App restarted(config);
  CHECK(KbStore::reader(restarted.reader()).get_entry("epsom-salt")->answer == "Curated answer about Epsom salt.");
}
