// HTTP tests: the real server, bound to a free port, over a temporary SQLite database.
#include <catch2/catch.hpp>

#include <thread>

#include "http_server.h"
#include "test_support.h"

using namespace magchat;
using namespace magchat::test;
using nlohmann::json;

namespace {

struct LiveServer {
  TempDir dir;
  App app{test_config(dir)};
  HttpServer server{app};
  int port = server.bind("127.0.0.1", 0);
  std::thread thread{[this] { server.listen(); }};
  LiveServer() {
    httplib::Client c("127.0.0.1", port);
    for (int i = 0; i < 200; ++i) {
      if (auto r = c.Get("/healthz"); r && r->status == 200) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~LiveServer() {
    server.stop();
    thread.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10, 0);
    return c;
  }
};

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
      {"message over 2000 characters", json({{"message", std::string(2001, 'a')}}).dump(), 413, "message_too_long"},
      {"invalid UTF-8", "{\"message\": \"\xC3\x28\"}", 400, "invalid_json"},
      {"NUL byte", R"({"message": "a\u0000b"})", 400, "invalid_text"},
      {"bad conversation id", R"({"message": "hi", "conversation_id": "../../x"})", 400, "invalid_conversation_id"},
      {"conversation id wrong type", R"({"message": "hi", "conversation_id": 7})", 400, "invalid_conversation_id"},
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
