// Routes for people asking questions: POST /api/chat, GET /api/search, GET /api/conversations/{id}.
#include <nlohmann/json.hpp>

#include "conversation_store.h"
#include "http_server.h"
#include "json_text.h"
#include "knowledge_index.h"
#include "markdown.h"
#include "searcher.h"
#include "text.h"

namespace magchat {

namespace {

// Validates the user's text the same way for every route; sends the error and returns false when bad.
bool valid_message(const std::string& text, const char* field, httplib::Response& res) {
  if (!is_valid_utf8(text)) {
    send_error(res, 400, "invalid_text", std::string("'") + field + "' must be valid UTF-8 text without NUL bytes.");
    return false;
  }
  if (is_blank(text)) {
    send_error(res, 400, "empty_message", std::string("'") + field + "' must not be empty.");
    return false;
  }
  if (utf8_length(text) > kMaxMessageChars) {
    send_error(res, 413, "message_too_long",
               std::string("'") + field + "' is longer than " + std::to_string(kMaxMessageChars) + " characters.");
    return false;
  }
  return true;
}

void post_chat(App& app, StreamSlots& streams, const httplib::Request& req, httplib::Response& res) {
  auto body = parse_json_body(req, res);
  if (!body) return;
  auto msg = body->find("message");
  if (msg == body->end()) return send_error(res, 400, "missing_message", "The field 'message' is required.");
  if (!msg->is_string()) return send_error(res, 400, "invalid_message", "The field 'message' must be a string.");
  ChatRequest chat;
  chat.message = msg->get<std::string>();
  if (!valid_message(chat.message, "message", res)) return;
  if (auto cid = body->find("conversation_id"); cid != body->end() && !cid->is_null()) {
    if (!cid->is_string() || !is_valid_conversation_id(cid->get<std::string>()))
      return send_error(res, 400, "invalid_conversation_id",
                        "'conversation_id' must be a conversation id returned by this server.");
    chat.conversation_id = cid->get<std::string>();
  }
  const bool stream = req.get_header_value("Accept").find("text/event-stream") != std::string::npos;
  StreamSlot slot(streams, stream);
  if (stream && !slot.held()) return send_too_many_streams(res);  // before anything is stored
  std::string stored;  // the reply's JSON as stored with the turn
  Reply reply = app.chat(chat, &stored);
  note_reply_type(reply_type_name(reply.type));
  const std::string answer_html = markdown_to_html(reply.answer);
  if (!stream) {
    // The stored JSON (the fields of reply_to_json) and answer_html, without building and dumping it again.
    std::string text = std::move(stored);
    text.pop_back();  // its closing brace
    text += ",\"answer_html\":";
    append_json_string(text, answer_html, true);
    text += '}';
    res.status = 200;
    res.set_content(std::move(text), "application/json");
    return;
  }
  nlohmann::json out = reply_to_json(reply);
  out["answer_html"] = answer_html;

  // Streaming: "meta" first (ids and type), the answer text in "delta" pieces, then "done" with the whole reply.
  auto frame = [](const char* event, const nlohmann::json& data) {
    return std::string("event: ") + event + "\ndata: " +
           data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
  };
  std::vector<std::string> frames;
  frames.push_back(frame("meta", {{"conversation_id", out["conversation_id"]}, {"turn_index", out["turn_index"]},
                                  {"type", out["type"]}, {"corrected_query", out["corrected_query"]}}));
  for (const auto& piece : split_for_streaming(reply.answer, 4)) frames.push_back(frame("delta", {{"text", piece}}));
  frames.push_back(frame("done", out));
  send_event_stream(res, slot, std::move(frames), app.config().stream_delay_ms);
}

void get_search(App& app, const httplib::Request& req, httplib::Response& res) {
  const std::string q = req.get_param_value("q");
  if (!valid_message(q, "q", res)) return;
  int limit = 10;
  if (req.has_param("limit")) {
    const std::string l = req.get_param_value("limit");
    if (l.empty() || l.size() > 3 || l.find_first_not_of("0123456789") != std::string::npos || std::stoi(l) < 1 ||
        std::stoi(l) > 50)
      return send_error(res, 400, "invalid_limit", "'limit' must be a whole number from 1 to 50.");
    limit = std::stoi(l);
  }
  auto kb = app.answerer().index();
  Analysis a = analyse_question(q, {}, *kb);
  SearchOptions opt;
  opt.limit = limit;
  opt.use_fts = true;
  opt.snippets = true;
  nlohmann::json results = nlohmann::json::array();
  for (const auto& h : search_passages(a, *kb, app.reader(), opt)) {
    const auto& row = h.passage->row;
    results.push_back({{"entry_id", row.entry_id},
                       {"kind", kind_name(row.kind)},
                       {"title", row.entry_title},
                       {"section", row.heading.empty() ? nlohmann::json(nullptr) : nlohmann::json(row.heading)},
                       {"snippet", h.snippet},
                       {"score", h.score}});
  }
  send_json(res, {{"query", q},
                  {"corrected_query", a.corrected_query.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.corrected_query)},
                  {"results", results}});
}

void get_conversation(App& app, const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches[1];
  if (!is_valid_conversation_id(id)) return send_error(res, 404, "not_found", "No such conversation.");
  auto conv = app.conversation(id);
  if (!conv) return send_error(res, 404, "not_found", "No such conversation.");
  send_json(res, *conv);
}

void post_feedback(App& app, const httplib::Request& req, httplib::Response& res) {
  auto body = parse_json_body(req, res);
  if (!body) return;
  auto cid = body->find("conversation_id");
  if (cid == body->end() || !cid->is_string() || !is_valid_conversation_id(cid->get<std::string>()))
    return send_error(res, 400, "invalid_conversation_id", "'conversation_id' must be a conversation id string.");
  auto turn = body->find("turn_index");
  if (turn == body->end() || !turn->is_number_integer() || turn->get<long long>() < 0 || turn->get<long long>() > 100000)
    return send_error(res, 400, "invalid_turn_index", "'turn_index' must be a non-negative whole number.");
  auto rating = body->find("rating");
  if (rating == body->end() || !rating->is_string() || (*rating != "up" && *rating != "down"))
    return send_error(res, 400, "invalid_rating", "'rating' must be \"up\" or \"down\".");
  std::string comment;
  if (auto c = body->find("comment"); c != body->end() && !c->is_null()) {
    if (!c->is_string()) return send_error(res, 400, "invalid_comment", "'comment' must be a string.");
    comment = c->get<std::string>();
    if (!is_valid_utf8(comment) || utf8_length(comment) > kMaxMessageChars)
      return send_error(res, 400, "invalid_comment", "'comment' must be UTF-8 text of at most 2000 characters.");
  }
  long long id = 0;
  if (app.record_feedback(cid->get<std::string>(), static_cast<int>(turn->get<long long>()), *rating == "up", comment,
                          &id) == App::FeedbackResult::NoSuchTurn)
    return send_error(res, 404, "not_found", "No such conversation turn.");
  send_json(res, {{"id", id}, {"status", "stored"}}, 201);
}

}  // namespace

void register_chat_routes(httplib::Server& server, App& app, StreamSlots& streams) {
  server.Post("/api/chat",
              [&app, &streams](const httplib::Request& req, httplib::Response& res) { post_chat(app, streams, req, res); });
  server.Post("/api/feedback", [&app](const httplib::Request& req, httplib::Response& res) { post_feedback(app, req, res); });
  server.Get("/api/search", [&app](const httplib::Request& req, httplib::Response& res) { get_search(app, req, res); });
  server.Get(R"(/api/conversations/([^/]+))",
             [&app](const httplib::Request& req, httplib::Response& res) { get_conversation(app, req, res); });
}

}  // namespace magchat
