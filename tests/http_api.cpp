// HTTP tests: the real server, bound to a free port, over a temporary SQLite database.
#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "http_server.h"
#include "live_server.h"
#include "markdown.h"
#include "test_support.h"

using namespace magchat;
using namespace magchat::test;
using nlohmann::json;

namespace {

LiveServer& live() {
  static LiveServer s;
  return s;
}

std::string encode_query(const std::string& s) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if (std::isalnum(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

httplib::Result post_json(const std::string& path, const std::string& body) {
  return live().client().Post(path.c_str(), body, "application/json");
}

void require_error(const httplib::Result& r, int status, const std::string& code) {
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == status);
  auto j = json::parse(r->body, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j["error"]["code"] == code);
  CHECK(j["error"]["message"].is_string());
  CHECK_FALSE(j["error"]["message"].get<std::string>().empty());
}

}  // namespace

TEST_CASE("GET /healthz answers 200 once the index is ready") {
  auto r = live().client().Get("/healthz");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body)["status"] == "ok");
}

TEST_CASE("POST /api/chat answers with the documented shape") {
  auto r = post_json("/api/chat", R"({"message": "What are the symptoms of magnesium deficiency?"})");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  auto j = json::parse(r->body);
  CHECK(j["type"] == "answer");
  CHECK(j["conversation_id"].is_string());
  CHECK(j["answer"].get<std::string>().find("[1]") != std::string::npos);
  REQUIRE(j["sources"].size() >= 1);
  auto s = j["sources"][0];
  CHECK(s["id"] == 1);
  CHECK(s["entry_id"] == "deficiency-symptoms");
  CHECK(s["title"].is_string());
  CHECK(s["section"].is_null());
  CHECK(s["url"].get<std::string>().rfind("https://", 0) == 0);
  CHECK(s["snippet"].is_string());
  CHECK_FALSE(j["disclaimer"].get<std::string>().empty());
  CHECK(j["suggestions"].is_array());
  CHECK(j["confidence"].get<double>() > 0.4);
  CHECK(j["confidence"].get<double>() <= 1.0);
  CHECK(j["answer_html"].get<std::string>().find("<li>") != std::string::npos);
}

TEST_CASE("a chat reply is the stored turn's reply plus answer_html, with its turn index") {
  // Exactly these fields, for every kind of reply, on new conversations and follow-ups.
  const std::set<std::string> fields = {"answer",     "answer_html", "confidence",  "conversation_id", "corrected_query",
                                        "disclaimer", "sources",     "suggestions", "turn_index",      "type"};
  std::string id;
  const char* messages[] = {"What are the symptoms of magnesium deficiency?", "Is magnesium used in car batteries?",
                            "hello", "What is the capital of France?", "magnesum deficiancy signs"};
  for (int turn = 0; turn < 5; ++turn) {
    json body = {{"message", messages[turn]}};
    if (turn > 0) body["conversation_id"] = id;
    auto r = post_json("/api/chat", body.dump());
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json");
    auto j = json::parse(r->body);
    std::set<std::string> got;
    for (auto it = j.begin(); it != j.end(); ++it) got.insert(it.key());
    CHECK(got == fields);
    if (turn == 0) id = j["conversation_id"];
    CHECK(j["conversation_id"] == id);
    CHECK(j["turn_index"] == turn);
    CHECK(j["answer_html"] == markdown_to_html(j["answer"]));
    auto conv = json::parse(live().client().Get(("/api/conversations/" + id).c_str())->body);
    REQUIRE(conv["turns"].size() == static_cast<size_t>(turn + 1));
    CHECK(conv["turns"][turn]["reply"] == j);  // the stored reply (read back with answer_html) is the one sent
  }
}

TEST_CASE("a conversation continues with its id and can be read back") {
  auto first = json::parse(post_json("/api/chat", R"({"message": "What is hypomagnesemia?"})")->body);
  std::string id = first["conversation_id"];
  auto second = json::parse(
      post_json("/api/chat", json({{"message", "How is it prevented?"}, {"conversation_id", id}}).dump())->body);
  CHECK(second["conversation_id"] == id);
  CHECK(second["type"] == "answer");
  CHECK(second["sources"][0]["entry_id"] == "prevent-deficiency");
  auto conv = live().client().Get(("/api/conversations/" + id).c_str());
  REQUIRE(conv);
  REQUIRE(conv->status == 200);
  auto j = json::parse(conv->body);
  REQUIRE(j["turns"].size() == 2);
  CHECK(j["turns"][0]["message"] == "What is hypomagnesemia?");
  require_error(live().client().Get("/api/conversations/ffffffffffffffffffffffffffffffff"), 404, "not_found");
  require_error(live().client().Get("/api/conversations/..%2F..%2Fetc"), 404, "not_found");
}

TEST_CASE("bad chat input gets a clear 4xx JSON error") {
  struct Case {
    const char* name;
    std::string body;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {"malformed JSON", "{\"message\": ", 400, "invalid_json"},
      {"not an object", "[\"message\"]", 400, "invalid_json"},
      {"missing message", "{}", 400, "missing_message"},
      {"message not a string", R"({"message": 42})", 400, "invalid_message"},
      {"message null", R"({"message": null})", 400, "invalid_message"},
      {"empty message", R"({"message": "   "})", 400, "empty_message"},
      // (No-break, ideographic and zero-width spaces are nothing typed too.)
      {"message of Unicode spaces", R"({"message": "\u00a0\u3000\u200b\ufeff"})", 400, "empty_message"},
      {"message over 2000 characters", json({{"message", std::string(2001, 'a')}}).dump(), 413, "message_too_long"},
      {"invalid UTF-8", "{\"message\": \"\xC3\x28\"}", 400, "invalid_json"},
      {"NUL byte", R"({"message": "a\u0000b"})", 400, "invalid_text"},
      {"bad conversation id", R"({"message": "hi", "conversation_id": "../../x"})", 400, "invalid_conversation_id"},
      {"conversation id wrong type", R"({"message": "hi", "conversation_id": 7})", 400, "invalid_conversation_id"},
      // (Ids are issued in lower case: an upper-case copy would silently start another conversation.)
      {"upper-case conversation id", R"({"message": "hi", "conversation_id": "01A2B3C4D5E6F7A8"})", 400,
       "invalid_conversation_id"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    require_error(post_json("/api/chat", c.body), c.status, c.code);
  }
  SECTION("a 2000-character message is accepted") {
    auto r = post_json("/api/chat", json({{"message", "magnesium " + std::string(1990, 'x')}}).dump());
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  SECTION("an oversized body is refused before it is read") {
    require_error(post_json("/api/chat", json({{"message", std::string(100000, 'a')}}).dump()), 413, "payload_too_large");
  }
}

TEST_CASE("chunked and compressed request bodies are refused before routing") {
  auto c = live().client();
  httplib::Headers chunked = {{"Transfer-Encoding", "chunked"}};
  require_error(c.Post("/api/chat", chunked, "5\r\nhello\r\n0\r\n\r\n", "application/json"), 411, "length_required");
  httplib::Headers gz = {{"Content-Encoding", "gzip"}};
  require_error(c.Post("/api/chat", gz, "xxxx", "application/json"), 415, "unsupported_encoding");
}

TEST_CASE("a Range header is ignored: replies are always whole") {
  auto c = live().client();
  for (const char* range : {"bytes=0-10", "bytes=999999-"}) {
    INFO(range);
    httplib::Headers h = {{"Range", range}};
    auto r = c.Post("/api/chat", h, R"({"message": "Which foods contain magnesium?"})", "application/json");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK_FALSE(json::parse(r->body, nullptr, false).is_discarded());  // the whole JSON, not its first bytes
    require_error(c.Post("/api/chat", h, "{", "application/json"), 400, "invalid_json");
    auto page = c.Get("/", h);
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->body.find("</html>") != std::string::npos);
  }
}

TEST_CASE("FTS5 and SQL syntax in questions never cause a server error") {
  for (const char* q : {"\"", "AND", "NOT magnesium", "magnesium NEAR(x y)", "title:*", "a OR b AND (c",
                        "'; DROP TABLE entries; --", "^magnesium", "+-*:()"}) {
    INFO(q);
    auto r = post_json("/api/chat", json({{"message", q}}).dump());
    REQUIRE(r);
    CHECK(r->status == 200);
    auto s = live().client().Get(("/api/search?q=" + encode_query(q)).c_str());
    REQUIRE(s);
    CHECK(s->status == 200);
  }
}

TEST_CASE("GET /api/search returns ranked passages with highlighted snippets") {
  auto r = live().client().Get("/api/search?q=magnesium%20rich%20foods&limit=3");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto j = json::parse(r->body);
  REQUIRE(j["results"].size() == 3);
  CHECK(j["results"][0]["entry_id"] == "magnesium-rich-foods");
  CHECK(j["results"][0]["snippet"].get<std::string>().find("**") != std::string::npos);
  CHECK(j["results"][0]["score"].get<double>() >= j["results"][1]["score"].get<double>());
  require_error(live().client().Get("/api/search?q=x&limit=0"), 400, "invalid_limit");
  require_error(live().client().Get("/api/search?q=x&limit=abc"), 400, "invalid_limit");
  require_error(live().client().Get("/api/search"), 400, "empty_message");
}

TEST_CASE("POST /api/feedback stores a rating for a turn") {
  auto chat = json::parse(post_json("/api/chat", R"({"message": "Which foods contain magnesium?"})")->body);
  json fb = {{"conversation_id", chat["conversation_id"]}, {"turn_index", chat["turn_index"]}, {"rating", "up"}};
  auto r = post_json("/api/feedback", fb.dump());
  REQUIRE(r);
  CHECK(r->status == 201);
  fb["turn_index"] = 99;
  require_error(post_json("/api/feedback", fb.dump()), 404, "not_found");
  fb["turn_index"] = 0;
  fb["rating"] = "meh";
  require_error(post_json("/api/feedback", fb.dump()), 400, "invalid_rating");
  require_error(post_json("/api/feedback", R"({"rating": "up"})"), 400, "invalid_conversation_id");
}

TEST_CASE("pages carry security headers and unknown paths and traversal get JSON 404s") {
  auto page = live().client().Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
  CHECK(page->get_header_value("X-Content-Type-Options") == "nosniff");
  for (const char* path : {"/nope", "/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/web/../kb/README.md", "/api/nope"}) {
    INFO(path);
    require_error(live().client().Get(path), 404, "not_found");
  }
}

TEST_CASE("a battery of malformed requests gets 4xx JSON errors and leaves the server alive") {
  struct Case {
    const char* name;
    std::string path, body;
  };
  std::string deep(30000, '[');
  std::vector<Case> cases = {
      {"deeply nested JSON", "/api/chat", "{\"message\": " + deep + "}"},
      {"deeply nested valid JSON", "/api/chat", std::string(20000, '[') + std::string(20000, ']')},
      {"huge array as the message", "/api/chat", "{\"message\": [" + [] {
         std::string s;
         for (int i = 0; i < 15000; ++i) s += "1,";
         return s + "1]}";
       }()},
      {"wrong types everywhere", "/api/chat", R"({"message": ["a"], "conversation_id": {"x": 1}})"},
      {"number message", "/api/chat", R"({"message": 1e308})"},
      {"bool message", "/api/chat", R"({"message": true})"},
      {"empty body", "/api/chat", ""},
      {"truncated unicode escape", "/api/chat", R"({"message": "\ud800"})"},
      {"invalid UTF-8 bytes", "/api/chat", std::string("{\"message\": \"\xff\xfe\"}")},
      {"NUL in the middle", "/api/chat", std::string("{\"message\": \"a\0b\"}", 17)},
      {"feedback with SQL", "/api/feedback", R"({"conversation_id": "1' OR '1'='1", "turn_index": 0, "rating": "up"})"},
      {"feedback huge turn", "/api/feedback", R"({"conversation_id": "0123456789abcdef", "turn_index": 99999999999999999999, "rating": "up"})"},
      {"openai without messages", "/v1/chat/completions", R"({"model": "magchat"})"},
      {"openai bad message", "/v1/chat/completions", R"({"model": "magchat", "messages": [{"role": "wizard", "content": 1}]})"},
      {"openai message of Unicode spaces", "/v1/chat/completions",
       R"({"model": "magchat", "messages": [{"role": "user", "content": "\u00a0\u3000\u200b"}]})"},
      {"openai message over 2000 characters (as /api/chat)", "/v1/chat/completions",
       json({{"model", "magchat"}, {"messages", {{{"role", "user"}, {"content", std::string(2001, 'a')}}}}}).dump()},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    auto r = post_json(c.path, c.body);
    REQUIRE(r);
    CHECK(r->status >= 400);
    CHECK(r->status < 500);
    auto j = json::parse(r->body, nullptr, false);
    CHECK((j.is_object() && j["error"]["code"].is_string()));
  }
  auto c = live().client();
  for (const char* path : {"/api/search?q=%FF%FE", "/api/search?q=%00", "/api/conversations/%00", "/..%2f..%2fetc/passwd",
                           "/api/kb/entries/..%2F..%2Fetc%2Fpasswd", "/api/kb/entries/%00", "/static/../../CMakeLists.txt"}) {
    INFO(path);
    auto r = c.Get(path);
    REQUIRE(r);
    CHECK(r->status >= 400);
    CHECK(r->status < 500);
  }
  SECTION("an oversized header is refused") {
    httplib::Headers h = {{"X-Big", std::string(20000, 'a')}};
    auto r = c.Get("/healthz", h);
    CHECK((!r || (r->status >= 400 && r->status < 500)));
  }
  SECTION("an oversized request line is refused") {
    auto r = c.Get(("/api/search?q=" + std::string(20000, 'a')).c_str());
    CHECK((!r || (r->status >= 400 && r->status < 500)));
  }
  // And the server still answers.
  auto health = live().client().Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("chat and search are rate limited per client with Retry-After") {
  LiveServer limited_server([](Config& c) {
    c.rate_limit_per_minute = 60;
    c.rate_limit_burst = 3;
    c.rate_limit_loopback = true;  // the test client is on this machine
  });
  httplib::Client c = limited_server.client();
  int ok = 0, limited = 0;
  std::string retry_after;
  for (int i = 0; i < 6; ++i) {
    auto r = c.Post("/api/chat", R"({"message": "hi"})", "application/json");
    REQUIRE(r);
    if (r->status == 200) ++ok;
    if (r->status == 429) {
      ++limited;
      retry_after = r->get_header_value("Retry-After");
      CHECK(json::parse(r->body)["error"]["code"] == "rate_limited");
    }
  }
  CHECK(ok == 3);
  CHECK(limited == 3);
  CHECK(std::stoi(retry_after) >= 1);
  // Other routes are not limited, and a spoofed forwarding header does not give a fresh allowance.
  CHECK(c.Get("/healthz")->status == 200);
  httplib::Headers spoof = {{"X-Forwarded-For", "10.9.8.7"}, {"REMOTE_ADDR", "10.9.8.7"}};
  CHECK(c.Post("/api/chat", spoof, R"({"message": "hi"})", "application/json")->status == 429);
}

TEST_CASE("clients on this machine are not rate limited unless asked") {
  LiveServer server([](Config& c) {
    c.rate_limit_per_minute = 60;
    c.rate_limit_burst = 1;
  });
  httplib::Client c = server.client();
  for (int i = 0; i < 5; ++i) CHECK(c.Post("/api/chat", R"({"message": "hi"})", "application/json")->status == 200);
}

TEST_CASE("GET /metrics exposes requests, latency, reply types and index size") {
  post_json("/api/chat", R"({"message": "Which foods contain magnesium?"})");
  // The server counts a request after its response has gone out, so the count may lag the reply briefly.
  auto r = live().client().Get("/metrics");
  for (int i = 0; i < 100 && r && r->body.find("magchat_replies_total{type=\"answer\"}") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    r = live().client().Get("/metrics");
  }
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.find("magchat_http_requests_total{route=\"POST /api/chat\",status=\"200\"}") != std::string::npos);
  CHECK(r->body.find("magchat_http_request_duration_seconds_bucket{route=\"POST /api/chat\",le=\"+Inf\"}") != std::string::npos);
  CHECK(r->body.find("magchat_replies_total{type=\"answer\"}") != std::string::npos);
  CHECK(r->body.find("magchat_entries_indexed ") != std::string::npos);
  CHECK(r->body.find("magchat_passages_indexed ") != std::string::npos);
}

TEST_CASE("a request with a made-up method neither breaks /metrics nor counts a reply") {
  LiveServer server;
  httplib::Client c = server.client();
  REQUIRE(c.Post("/api/chat", R"({"message": "Which foods contain magnesium?"})", "application/json"));
  const auto answers_counted = [&] {
    auto m = c.Get("/metrics");
    REQUIRE(m);
    const std::string key = "magchat_replies_total{type=\"answer\"} ";
    const size_t at = m->body.find(key);
    return at == std::string::npos ? std::string() : m->body.substr(at + key.size(), m->body.find('\n', at) - at - key.size());
  };
  // (the reply is counted once its response has gone out)
  for (int i = 0; i < 100 && answers_counted() != "1"; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(answers_counted() == "1");
  for (const char* method : {"PO\"ST", "G\\ET", "FOO"}) {
    httplib::Request req;
    req.method = method;
    req.path = "/";
    httplib::Client raw("127.0.0.1", server.port);
    auto r = raw.send(req);
    if (r) CHECK(r->status >= 400);
  }
  auto m = c.Get("/metrics");
  REQUIRE(m);
  // Every label value is one of the known methods (others are "OTHER"), so every line parses.
  CHECK(m->body.find("PO\"ST") == std::string::npos);
  CHECK(m->body.find("G\\ET") == std::string::npos);
  CHECK(m->body.find("FOO") == std::string::npos);
  CHECK(m->body.find("route=\"OTHER static\"") != std::string::npos);
  // ...and no reply is counted for requests that asked nothing (they once inherited the previous request's).
  CHECK(answers_counted() == "1");
}

TEST_CASE("a page on another site cannot post turns or ratings, while the server's own pages, tools and allowed origins can") {
  LiveServer server([](Config& c) { c.cors_origins = {"https://app.example"}; });
  httplib::Client c = server.client();
  const std::string own = "http://127.0.0.1:" + std::to_string(server.port);
  // A form or text/plain POST needs no preflight, so the Origin header is what tells a page elsewhere.
  auto evil = c.Post("/api/chat", {{"Origin", "https://evil.example"}}, R"({"message": "hi"})", "text/plain");
  REQUIRE(evil);
  CHECK(evil->status == 403);
  CHECK(nlohmann::json::parse(evil->body)["error"]["code"] == "cross_origin_refused");
  auto rating = c.Post("/api/feedback", {{"Origin", "https://evil.example"}},
                       R"({"conversation_id": "00112233445566778899aabbccddeeff", "turn_index": 0, "rating": "down"})",
                       "text/plain");
  REQUIRE(rating);
  CHECK(rating->status == 403);
  for (const httplib::Headers& allowed : {httplib::Headers{{"Origin", own}}, httplib::Headers{{"Origin", "https://app.example"}},
                                          httplib::Headers{}}) {
    auto r = c.Post("/api/chat", allowed, R"({"message": "hi"})", "application/json");
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  // Reading stays open to anyone (the reply is what CORS keeps from other pages).
  auto read = c.Get("/healthz", {{"Origin", "https://evil.example"}});
  REQUIRE(read);
  CHECK(read->status == 200);
}

TEST_CASE("a preflight from an allowed origin allows the headers it asks for, as the OpenAI JavaScript client needs") {
  LiveServer server([](Config& c) { c.cors_origins = {"https://app.example"}; });
  httplib::Client c = server.client();
  auto r = c.Options("/v1/chat/completions", {{"Origin", "https://app.example"},
                                              {"Access-Control-Request-Method", "POST"},
                                              {"Access-Control-Request-Headers", "content-type,authorization,x-stainless-os"}});
  REQUIRE(r);
  CHECK(r->status == 204);
  CHECK(r->get_header_value("Access-Control-Allow-Headers") == "content-type,authorization,x-stainless-os");
  CHECK(r->get_header_value("Access-Control-Max-Age") == "600");
  auto other = c.Options("/v1/chat/completions", {{"Origin", "https://evil.example"},
                                                  {"Access-Control-Request-Headers", "x-stainless-os"}});
  REQUIRE(other);
  CHECK_FALSE(other->has_header("Access-Control-Allow-Headers"));
  CHECK(other->get_header_value("Vary") == "Origin");
}

TEST_CASE("/v1 reads the text of a conversation whose history has an image part, and says so when the question is only an image") {
  const nlohmann::json with_image = {
      {"model", "magchat"},
      {"messages",
       {{{"role", "user"},
         {"content", {{{"type", "text"}, {"text", "what is this"}}, {{"type", "image_url"}, {"image_url", {{"url", "https://x.example/y.png"}}}}}}},
        {{"role", "assistant"}, {"content", "I can only read text."}},
        {{"role", "user"}, {"content", {{{"type", "input_text"}, {"text", "What are the symptoms of magnesium deficiency?"}}}}}}}};
  auto r = post_json("/v1/chat/completions", with_image.dump());
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(nlohmann::json::parse(r->body)["choices"][0]["message"]["content"].get<std::string>().find("cramp") != std::string::npos);

  const nlohmann::json only_image = {
      {"model", "magchat"},
      {"messages", {{{"role", "user"}, {"content", {{{"type", "image_url"}, {"image_url", {{"url", "data:image/png;base64,AAAA"}}}}}}}}}};
  auto bad = post_json("/v1/chat/completions", only_image.dump());
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(nlohmann::json::parse(bad->body)["error"]["message"].get<std::string>().find("only text") != std::string::npos);
}

TEST_CASE("/v1 reads what a system message tells of the user, and the stop-your-medicine warning for any medicine") {
  auto content_of = [](const nlohmann::json& messages) {
    auto r = post_json("/v1/chat/completions", nlohmann::json{{"model", "magchat"}, {"messages", messages}}.dump());
    REQUIRE(r);
    REQUIRE(r->status == 200);
    return nlohmann::json::parse(r->body)["choices"][0]["message"]["content"].get<std::string>();
  };
  const std::string told = content_of({{{"role", "system"}, {"content", "The user is on dialysis, so be careful."}},
                                       {{"role", "user"}, {"content", "how much magnesium can i take"}}});
  CHECK(told.find("can't work out a dose") != std::string::npos);
  CHECK(told.find("350 mg") == std::string::npos);
  // Instructions to an assistant tell nothing of the user: the adult amounts, and no crisis lines.
  for (const char* system : {"You are a helpful assistant. Be concise.",
                             "Answer questions about magnesium. If the user mentions suicide or self harm, give them the "
                             "988 number.",
                             "Never give a personal dose. Be careful with users who have kidney disease, are pregnant, or "
                             "have heart problems.",
                             "You are a helpful assistant. The user may ask about kidney disease or dialysis."}) {
    INFO(system);
    const std::string plain = content_of({{{"role", "system"}, {"content", system}},
                                          {{"role", "user"}, {"content", "how much magnesium do adults need"}}});
    CHECK(plain.find("420 mg") != std::string::npos);
    CHECK(plain.find("988") == std::string::npos);
  }
  const std::string stop = content_of({{{"role", "user"}, {"content", "can i stop my flecainide if i take magnesium"}}});
  CHECK(stop.rfind("**Please don't stop or change a prescribed medicine on your own.**", 0) == 0);
}

TEST_CASE("a patient on a magnesium drip is told to call the nurse first") {
  auto r = post_json("/api/chat", R"({"message": "they're giving me magnesium sulfate through a drip and my chest feels heavy and its hard to breathe"})");
  REQUIRE(r);
  const auto reply = nlohmann::json::parse(r->body);
  CHECK(reply["type"] == "emergency");
  CHECK(reply["answer"].get<std::string>().find("tell a nurse or doctor right now") != std::string::npos);
  // "stage iv" is kidney disease, not a drip; at home since, the emergency services come first.
  auto stage = post_json("/api/chat", R"({"message": "my dad has stage iv kidney disease and takes milk of magnesia, now he's unresponsive and barely breathing"})");
  REQUIRE(stage);
  CHECK(nlohmann::json::parse(stage->body)["answer"].get<std::string>().find("Call emergency services now") != std::string::npos);
  auto home = post_json("/api/chat", R"({"message": "I had an iv magnesium infusion yesterday, now at home I can't breathe"})");
  REQUIRE(home);
  CHECK(nlohmann::json::parse(home->body)["answer"].get<std::string>().find("Call emergency services now") != std::string::npos);
}

TEST_CASE("conversations and replies are kept by no shared cache: they are someone's health questions") {
  auto r = post_json("/api/chat", R"({"message": "hi"})");
  REQUIRE(r);
  CHECK(r->get_header_value("Cache-Control") == "private, no-cache");
  const std::string id = nlohmann::json::parse(r->body)["conversation_id"];
  auto turns = live().client().Get("/api/conversations/" + id);
  REQUIRE(turns);
  CHECK(turns->status == 200);
  CHECK(turns->get_header_value("Cache-Control") == "private, no-cache");
}

TEST_CASE("CORS is closed by default and opens only to allowlisted origins") {
  httplib::Headers origin = {{"Origin", "https://evil.example"}};
  auto r = live().client().Post("/api/chat", origin, R"({"message": "hi"})", "application/json");
  REQUIRE(r);
  CHECK_FALSE(r->has_header("Access-Control-Allow-Origin"));

  LiveServer allowing([](Config& c) { c.cors_origins = {"https://app.example"}; });
  httplib::Headers good = {{"Origin", "https://app.example"}};
  auto ok = allowing.client().Post("/api/chat", good, R"({"message": "hi"})", "application/json");
  REQUIRE(ok);
  CHECK(ok->get_header_value("Access-Control-Allow-Origin") == "https://app.example");
  auto other = allowing.client().Post("/api/chat", origin, R"({"message": "hi"})", "application/json");
  REQUIRE(other);
  CHECK_FALSE(other->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("POST /api/chat streams Server-Sent Events when asked") {
  httplib::Headers accept = {{"Accept", "text/event-stream"}};
  auto r = live().client().Post("/api/chat", accept, R"({"message": "Which foods contain magnesium?"})", "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/event-stream");
  CHECK(r->body.rfind("event: meta\ndata: ", 0) == 0);
  CHECK(r->body.find("event: delta") != std::string::npos);
  auto done = r->body.find("event: done\ndata: ");
  REQUIRE(done != std::string::npos);
  auto reply = json::parse(r->body.substr(done + 18));
  CHECK(reply["type"] == "answer");
  // The deltas put together are the answer.
  std::string text;
  for (size_t at = r->body.find("event: delta\ndata: "); at != std::string::npos; at = r->body.find("event: delta\ndata: ", at + 1)) {
    auto end = r->body.find("\n\n", at);
    text += json::parse(r->body.substr(at + 19, end - at - 19))["text"].get<std::string>();
  }
  CHECK(text == reply["answer"]);
}
