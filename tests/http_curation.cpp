// HTTP tests of the curation routes: the real server on a free port, with a curator token configured, over a
// temporary database. Every route, its access rules and its 4xx answers.
#include <catch2/catch.hpp>

#include <thread>

#include "curation.h"
#include "http_server.h"
#include "live_server.h"
#include "test_support.h"

using namespace magchat;
using namespace magchat::test;
using nlohmann::json;

namespace {

const std::string kToken = "curation-test-token-0123456789";

// A server with a curator token configured (or none, to see curation disabled).
struct CurationServer : LiveServer {
  explicit CurationServer(const std::string& token) : LiveServer([&](Config& c) { c.curator_token = token; }) {}
};

CurationServer& live() {
  static CurationServer s(kToken);
  return s;
}

httplib::Headers auth(const std::string& token = kToken) { return {{"Authorization", "Bearer " + token}}; }

httplib::Headers with(httplib::Headers h, const std::string& name, const std::string& value) {
  h.emplace(name, value);
  return h;
}

httplib::Result get(const std::string& path, const httplib::Headers& h = {}) { return live().client().Get(path.c_str(), h); }
httplib::Result post(const std::string& path, const json& body, const httplib::Headers& h = auth()) {
  return live().client().Post(path.c_str(), h, body.dump(), "application/json");
}
httplib::Result put(const std::string& path, const json& body, const httplib::Headers& h = auth()) {
  return live().client().Put(path.c_str(), h, body.dump(), "application/json");
}
httplib::Result del(const std::string& path, const httplib::Headers& h = auth(), const std::string& body = "") {
  return live().client().Delete(path.c_str(), h, body, "application/json");
}

json body_of(const httplib::Result& r) {
  REQUIRE(r);
  auto j = json::parse(r->body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

json require_status(const httplib::Result& r, int status) {
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == status);
  return body_of(r);
}

json require_error(const httplib::Result& r, int status, const std::string& code) {
  json j = require_status(r, status);
  CHECK(j["error"]["code"] == code);
  CHECK_FALSE(j["error"]["message"].get<std::string>().empty());
  return j;
}

json faq(const std::string& id, const std::string& question, const std::string& status = "published") {
  json j = {{"kind", "faq"},
            {"question", question},
            {"alternate_questions", json::array()},
            {"answer", "An answer written for the test about " + question},
            {"tags", {"magnesium"}},
            {"sources", {{{"title", "Magnesium fact sheet"}, {"url", "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/"}}}},
            {"reviewed", "2026-11-25"},
            {"status", status}};
  if (!id.empty()) j["id"] = id;
  return j;
}

std::vector<std::string> listed_ids(const json& list) {
  std::vector<std::string> ids;
  for (const auto& e : list["entries"]) ids.push_back(e["id"]);
  return ids;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("curation: reading is public for published entries, drafts need a token") {
  require_status(post("/api/kb/entries", faq("http-draft-only", "Is magnesium blue in the dark?", "draft")), 201);

  auto pub = get("/api/kb/entries");
  json list = require_status(pub, 200);
  CHECK(pub->get_header_value("Cache-Control") == "no-store");
  CHECK(list["count"].get<size_t>() == list["entries"].size());
  CHECK(contains(listed_ids(list), "deficiency-symptoms"));
  CHECK_FALSE(contains(listed_ids(list), "http-draft-only"));
  CHECK(contains(listed_ids(require_status(get("/api/kb/entries", auth()), 200)), "http-draft-only"));
  require_error(get("/api/kb/entries", auth("wrong-token-xxxxxxxxxx")), 403, "forbidden");

  auto one = get("/api/kb/entries/deficiency-symptoms");
  json entry = require_status(one, 200);
  CHECK(entry["kind"] == "faq");
  CHECK(entry["question"].is_string());
  CHECK(entry["alternate_questions"].is_array());
  CHECK(entry["sources"][0]["url"].is_string());
  CHECK(entry["version"] == 1);
  CHECK(one->get_header_value("ETag") == "\"1\"");
  json article = require_status(get("/api/kb/entries/magnesium-imbalance"), 200);
  CHECK(article["kind"] == "article");
  CHECK(article["sections"][0]["heading"].is_string());
  CHECK_FALSE(article.contains("question"));

  require_error(get("/api/kb/entries/http-draft-only"), 404, "not_found");
  require_status(get("/api/kb/entries/http-draft-only", auth()), 200);
  for (const char* bad : {"/api/kb/entries/Not_An_Id", "/api/kb/entries/..%2F..%2Fetc", "/api/kb/entries/no-such-entry",
                          "/api/kb/entries/" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}) {
    INFO(bad);
    require_error(get(bad), 404, "not_found");
  }

  {  // filters
    CHECK(listed_ids(require_status(get("/api/kb/entries?kind=article"), 200)) ==
          std::vector<std::string>{"magnesium-imbalance"});
    CHECK(listed_ids(require_status(get("/api/kb/entries?status=draft"), 200)).empty());
    CHECK(contains(listed_ids(require_status(get("/api/kb/entries?status=draft", auth()), 200)), "http-draft-only"));
    auto by_text = listed_ids(require_status(get("/api/kb/entries?q=epsom%20GARGLED"), 200));
    CHECK(contains(by_text, "epsom-salt"));
    CHECK(by_text.size() < 5);
    auto by_tag = require_status(get("/api/kb/entries?tag=pregnancy"), 200);
    for (const auto& e : by_tag["entries"]) CHECK(contains(e["tags"].get<std::vector<std::string>>(), "pregnancy"));
    require_error(get("/api/kb/entries?kind=blog"), 400, "invalid_kind");
    require_error(get("/api/kb/entries?status=live"), 400, "invalid_status");
  }
}

TEST_CASE("curation: writes need a valid token") {
  auto r = post("/api/kb/entries", faq("", "Does magnesium glow?"), {});
  require_error(r, 401, "unauthorized");
  CHECK(r->get_header_value("WWW-Authenticate").find("Bearer") == 0);
  require_error(post("/api/kb/entries", faq("", "Does magnesium glow?"), {{"Authorization", "Basic abc"}}), 401,
                "unauthorized");
  require_error(post("/api/kb/entries", faq("", "Does magnesium glow?"), auth("not-the-token-0000000")), 403, "forbidden");
  require_error(put("/api/kb/entries/epsom-salt", faq("epsom-salt", "x"), {}), 401, "unauthorized");
  require_error(del("/api/kb/entries/epsom-salt", auth("nope-nope-nope-nope")), 403, "forbidden");
  require_error(get("/api/kb/entries/epsom-salt/revisions"), 401, "unauthorized");
  require_error(post("/api/kb/entries/epsom-salt/revisions/1/restore", json::object(), {}), 401, "unauthorized");
  require_error(get("/api/kb/insights"), 401, "unauthorized");
  require_error(post("/api/kb/insights/draft", {{"question", "x"}}, {}), 401, "unauthorized");
  require_error(post("/api/kb/preview", {{"question", "x"}, {"entry", faq("", "x")}}, {}), 401, "unauthorized");
  // Nothing was written.
  require_error(get("/api/kb/entries/glow", auth()), 404, "not_found");
}

TEST_CASE("curation: with no token configured, writes say curation is disabled") {
  CurationServer off("");
  httplib::Client c = off.client();
  auto r = c.Post("/api/kb/entries", auth(), faq("", "Does magnesium glow?").dump(), "application/json");
  json j = require_error(r, 403, "curation_disabled");
  CHECK_THAT(j["error"]["message"].get<std::string>(), Catch::Contains("disabled"));
  require_error(c.Get("/api/kb/insights", auth()), 403, "curation_disabled");
  require_status(c.Get("/api/kb/entries/epsom-salt"), 200);
}

TEST_CASE("curation: create assigns ids, answers 201 with Location and ETag, and refuses duplicates") {
  auto r = post("/api/kb/entries", faq("", "Does magnesium help with hiccups?"));
  json created = require_status(r, 201);
  CHECK(created["id"] == "help-hiccups");
  CHECK(created["version"] == 1);
  CHECK(r->get_header_value("ETag") == "\"1\"");
  CHECK(r->get_header_value("Location") == "/api/kb/entries/help-hiccups");
  CHECK(require_status(get("/api/kb/entries/help-hiccups"), 200)["answer"] == created["answer"]);

  require_error(post("/api/kb/entries", faq("help-hiccups", "Another question about hiccups?")), 409, "id_taken");
  json dup = require_error(post("/api/kb/entries", faq("", "does magnesium help with HICCUPS")), 422, "validation_failed");
  CHECK(dup["error"]["field"] == "question");
  CHECK_THAT(dup["error"]["details"][0]["message"].get<std::string>(), Catch::Contains("help-hiccups"));

  {  // bad bodies
    require_error(live().client().Post("/api/kb/entries", auth(), "{\"question\": ", "application/json"), 400,
                  "invalid_json");
    require_error(live().client().Post("/api/kb/entries", auth(), "[1]", "application/json"), 400, "invalid_json");
    json bad = faq("", "What colour is magnesium?");
    bad["version"] = "one";
    require_error(post("/api/kb/entries", bad), 400, "invalid_version");
  }
  {  // validation failures list every problem, field by field
    json bad = faq("Bad Id", "");
    bad["tags"] = {"magnesium", "unicorns"};
    bad["sources"] = json::array();
    bad["title"] = "A title on a faq";
    bad["extra"] = true;
    json j = require_error(post("/api/kb/entries", bad), 422, "validation_failed");
    std::set<std::string> fields;
    for (const auto& d : j["error"]["details"]) {
      CHECK(d["message"].is_string());
      fields.insert(d["field"]);
    }
    CHECK(fields == std::set<std::string>{"extra", "title", "id", "question", "tags", "sources"});
    CHECK(j["error"]["field"].is_string());
  }
}

TEST_CASE("curation: updates need If-Match, refuse stale versions and write revisions") {
  const std::string path = "/api/kb/entries/http-update";
  require_status(post("/api/kb/entries", faq("http-update", "Is magnesium used in fireworks?")), 201);
  json edit = faq("http-update", "Is magnesium used in fireworks?");
  edit["answer"] = "Yes: burning magnesium gives a bright white light.";

  require_error(put(path, edit), 428, "precondition_required");
  auto stale = put(path, edit, with(auth(), "If-Match", "\"9\""));
  json j = require_error(stale, 412, "version_mismatch");
  CHECK(j["error"]["current_version"] == 1);
  CHECK(stale->get_header_value("ETag") == "\"1\"");
  // ("*" would allow blind overwrites: refused, with a message that says so rather than "the entry has changed".)
  json star = require_error(put(path, edit, with(auth(), "If-Match", "*")), 412, "version_mismatch");
  CHECK(star["error"]["message"].get<std::string>().find("If-Match must name the version you edited") !=
        std::string::npos);
  require_error(put("/api/kb/entries/http-nothing", edit, with(auth(), "If-Match", "\"1\"")), 404, "not_found");
  require_error(put("/api/kb/entries/BAD", edit, with(auth(), "If-Match", "\"1\"")), 404, "not_found");
  json invalid = edit;
  invalid["reviewed"] = "yesterday";
  CHECK(require_error(put(path, invalid, with(auth(), "If-Match", "\"1\"")), 422, "validation_failed")["error"]["field"] ==
        "reviewed");
  json kind = edit;
  kind["kind"] = "article";
  require_error(put(path, kind, with(auth(), "If-Match", "\"1\"")), 422, "validation_failed");

  auto ok = put(path, edit, with(with(auth(), "If-Match", "\"1\""), "X-Change-Note", "say what it looks like"));
  CHECK(require_status(ok, 200)["version"] == 2);
  CHECK(ok->get_header_value("ETag") == "\"2\"");
  // The version in the body works too, and a note in the body wins over the header.
  edit["status"] = "draft";
  edit["version"] = 2;
  edit["note"] = "unpublish for review";
  CHECK(require_status(put(path, edit), 200)["version"] == 3);
  // The same content again: nothing to change, no revision.
  edit["version"] = 3;
  CHECK(require_status(put(path, edit), 200)["version"] == 3);
  edit["version"] = 2;
  require_error(put(path, edit), 412, "version_mismatch");
  require_error(put(path, edit, with(auth(), "If-Match", "\"3\"")), 412, "version_mismatch");

  json history = require_status(get(path + "/revisions", auth()), 200);
  CHECK(history["id"] == "http-update");
  CHECK(history["current_version"] == 3);
  CHECK(history["deleted"] == false);
  REQUIRE(history["revisions"].size() == 3);
  const json& newest = history["revisions"][0];
  CHECK(newest["version"] == 3);
  CHECK(newest["action"] == "updated");
  CHECK(newest["author"] == "curator");
  CHECK(newest["note"] == "unpublish for review");
  CHECK(newest["changed"] == json({"status"}));
  CHECK(newest["entry"]["status"] == "draft");
  CHECK(newest["at"].get<std::string>().size() == 20);
  CHECK(history["revisions"][1]["note"] == "say what it looks like");
  CHECK(history["revisions"][1]["changed"] == json({"answer"}));
  CHECK(history["revisions"][2]["action"] == "created");
  require_error(get("/api/kb/entries/never-was/revisions", auth()), 404, "not_found");
}

TEST_CASE("curation: delete and restore, with their preconditions") {
  const std::string path = "/api/kb/entries/http-delete";
  require_status(post("/api/kb/entries", faq("http-delete", "Is magnesium lighter than aluminium?")), 201);
  require_error(del(path), 428, "precondition_required");
  require_error(del(path, with(auth(), "If-Match", "\"5\"")), 412, "version_mismatch");
  json gone = require_status(del(path, with(with(auth(), "If-Match", "\"1\""), "X-Change-Note", "duplicate")), 200);
  CHECK(gone["deleted"] == true);
  CHECK(gone["version"] == 2);
  require_error(get(path, auth()), 404, "not_found");
  require_error(del(path, with(auth(), "If-Match", "\"2\"")), 404, "not_found");

  json history = require_status(get(path + "/revisions", auth()), 200);
  CHECK(history["deleted"] == true);
  CHECK(history["revisions"][0]["action"] == "deleted");
  CHECK(history["revisions"][0]["note"] == "deleted: duplicate");
  CHECK(history["revisions"][0]["entry"].is_null());

  const std::string restore = path + "/revisions/1/restore";
  require_error(post(restore, json::object()), 428, "precondition_required");
  require_error(post(restore, json::object(), with(auth(), "If-Match", "\"1\"")), 412, "version_mismatch");
  require_error(post(path + "/revisions/2/restore", json::object(), with(auth(), "If-Match", "\"2\"")), 409,
                "revision_is_deletion");
  require_error(post(path + "/revisions/7/restore", json::object(), with(auth(), "If-Match", "\"2\"")), 404, "not_found");
  require_error(post("/api/kb/entries/never-was/revisions/1/restore", json::object(), with(auth(), "If-Match", "\"1\"")),
                404, "not_found");
  auto back = post(restore, {{"version", 2}, {"note", "needed after all"}});
  json restored = require_status(back, 200);
  CHECK(restored["version"] == 3);
  CHECK(restored["question"] == "Is magnesium lighter than aluminium?");
  CHECK(back->get_header_value("ETag") == "\"3\"");
  CHECK(require_status(get(path + "/revisions", auth()), 200)["revisions"][0]["note"] ==
        "restored revision 1: needed after all");

  {  // a DELETE body may carry the version and note
    json d = require_status(del(path, auth(), json({{"version", 3}, {"note", "again"}}).dump()), 200);
    CHECK(d["version"] == 4);
  }
}

TEST_CASE("curation: an entry saved through the API changes the next chat answer") {
  const std::string question = "Is magnesium used in car batteries?";
  auto ask = [&] { return require_status(live().client().Post("/api/chat", json({{"message", question}}).dump(), "application/json"), 200); };
  CHECK(ask()["type"] == "no_answer");

  // It shows up in the insights, becomes a draft in one step, and is still not answered.
  json insights = require_status(get("/api/kb/insights", auth()), 200);
  auto it = std::find_if(insights["insights"].begin(), insights["insights"].end(),
                         [&](const json& i) { return i["question"] == question; });
  REQUIRE(it != insights["insights"].end());
  CHECK((*it)["reason"] == "no_answer");
  CHECK((*it)["count"].get<int>() >= 1);
  CHECK((*it)["entry_id"].is_null());
  auto drafted = post("/api/kb/insights/draft", {{"question", question}});
  json draft = require_status(drafted, 201);
  CHECK(draft["status"] == "draft");
  CHECK(draft["question"] == question);
  CHECK(draft["tags"] == json({"magnesium"}));
  CHECK(drafted->get_header_value("Location") == "/api/kb/entries/" + draft["id"].get<std::string>());
  CHECK(ask()["type"] == "no_answer");
  json linked = require_status(get("/api/kb/insights", auth()), 200);
  bool found = false;
  for (const auto& i : linked["insights"])
    if (i["question"] == question) {
      found = true;
      CHECK(i["entry_id"] == draft["id"]);
      CHECK(i["entry_status"] == "draft");
    }
  CHECK(found);

  // Publishing with the placeholders is refused.
  const std::string path = "/api/kb/entries/" + draft["id"].get<std::string>();
  json entry = draft;
  entry["status"] = "published";
  json refused = require_error(put(path, entry, with(auth(), "If-Match", "\"1\"")), 422, "validation_failed");
  CHECK(refused["error"]["details"].size() == 2);

  // Preview first: answered, and nothing saved.
  entry["answer"] = "Magnesium batteries are being researched, but magchat is about magnesium and health.";
  entry["sources"][0]["title"] = "Magnesium fact sheet for consumers";
  json preview = require_status(post("/api/kb/preview", {{"entry", entry}, {"question", question}}), 200);
  CHECK(preview["cites_entry"] == true);
  CHECK(preview["entry_id"] == draft["id"]);
  CHECK(preview["reply"]["type"] == "answer");
  CHECK(preview["reply"]["answer_html"].get<std::string>().find("<p>") != std::string::npos);
  CHECK(ask()["type"] == "no_answer");

  json saved = require_status(put(path, entry, with(auth(), "If-Match", "\"1\"")), 200);
  CHECK(saved["version"] == 2);
  json answer = ask();
  CHECK(answer["type"] == "answer");
  CHECK(answer["sources"][0]["entry_id"] == draft["id"]);
  CHECK(answer["answer"].get<std::string>().find("being researched") != std::string::npos);

  // Undo from the history: back to the draft, and the question has no answer again.
  require_status(post(path + "/revisions/1/restore", json::object(), with(auth(), "If-Match", "\"2\"")), 200);
  CHECK(ask()["type"] == "no_answer");
}

TEST_CASE("curation: insights and preview check their input") {
  require_error(get("/api/kb/insights?limit=0", auth()), 400, "invalid_limit");
  require_error(get("/api/kb/insights?limit=x", auth()), 400, "invalid_limit");
  require_status(get("/api/kb/insights?limit=5", auth()), 200);
  require_error(post("/api/kb/insights/draft", json::object()), 400, "invalid_question");
  require_error(post("/api/kb/insights/draft", {{"question", "   "}}), 400, "invalid_question");
  require_error(post("/api/kb/insights/draft", {{"question", 5}}), 400, "invalid_question");
  require_error(post("/api/kb/insights/draft", {{"question", std::string(2001, 'q')}}), 400, "invalid_question");
  // A question an entry already asks cannot be drafted again.
  require_error(post("/api/kb/insights/draft", {{"question", "What are the symptoms of magnesium deficiency?"}}), 422,
                "validation_failed");

  require_error(post("/api/kb/preview", {{"entry", faq("", "Q?")}}), 400, "invalid_question");
  require_error(post("/api/kb/preview", {{"question", "Q?"}}), 400, "invalid_entry");
  require_error(post("/api/kb/preview", {{"question", "Q?"}, {"entry", "text"}}), 400, "invalid_entry");
  json bad = faq("", "Can magnesium be previewed?");
  bad["tags"] = {"nonsense"};
  json j = require_error(post("/api/kb/preview", {{"question", "Q?"}, {"entry", bad}}), 422, "validation_failed");
  CHECK(j["error"]["field"] == "tags");
}
