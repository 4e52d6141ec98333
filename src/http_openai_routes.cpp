// The OpenAI Chat Completions API, so that OpenAI clients and chat front ends can use magchat unchanged:
// POST /v1/chat/completions (plain and streamed) and GET /v1/models. Stateless: the earlier messages of the
// request are the conversation.
#include <chrono>
#include <regex>
#include <nlohmann/json.hpp>

#include "conversation_store.h"
#include "http_server.h"
#include "question_analyser.h"
#include "text.h"
#include "word_set.h"

namespace magchat {

namespace {

constexpr const char* kModel = "magchat";

void openai_error(httplib::Response& res, int status, const std::string& message, const char* param,
                  const std::string& code) {
  send_error(res, status, code, message, status == 404 ? "invalid_request_error" : "invalid_request_error", param);
}

// The text of a message's content: a string, or the text parts of an array of content parts ("text", or
// "input_text" as some clients write it). Other parts (images, audio, files) are not read: front ends send the whole
// history on every turn, so one image pasted earlier must not make every later turn fail. `other_parts` counts them.
std::optional<std::string> content_text(const nlohmann::json& content, size_t& other_parts) {
  if (content.is_string()) return content.get<std::string>();
  if (!content.is_array()) return std::nullopt;
  std::string text;
  for (const auto& part : content) {
    if (!part.is_object()) return std::nullopt;
    const std::string type = part.contains("type") && part["type"].is_string() ? part["type"].get<std::string>() : "";
    const bool is_text = (type == "text" || type == "input_text" || type.empty()) && part.contains("text") &&
                         part["text"].is_string();
    if (!is_text) {
      if (type.empty()) return std::nullopt;  // neither text nor a part of a known shape
      ++other_parts;
      continue;
    }
    if (!text.empty()) text += "\n";
    text += part["text"].get<std::string>();
  }
  return text;
}

// The answer as an assistant message: the cited Markdown, the sources it cites, and the disclaimer.
std::string completion_content(const Reply& r) {
  std::string text = r.answer;
  if (!r.sources.empty()) {
    text += "\n\nSources:";
    for (const auto& s : r.sources) {
      text += "\n[" + std::to_string(s.id) + "] " + s.title;
      if (!s.section.empty()) text += " - " + s.section;
      if (!s.url.empty()) text += " <" + s.url + ">";
    }
  }
  return text + "\n\n_" + r.disclaimer + "_";
}

nlohmann::json sources_json(const Reply& r) { return reply_to_json(r)["sources"]; }

// What a system or developer message tells of the user, in the user's own words: each clause that states a fact
// about "the user" or "the patient" ("The user is on dialysis, so be careful." gives "I is on dialysis"; "the
// user's son" is "my son"), and nothing of its instructions to an assistant ("Be concise.", "If the user mentions
// suicide, give them 988.", "The user may ask about kidney disease."), which would otherwise read as the user's words.
std::string as_told_by_user(const std::string& system_text) {
  // (The subject, a verb of fact, and the clause up to a comma, a semicolon or the sentence's end.)
  static const std::regex kFact(
      R"(\b(?:the|this) (?:user|patient)(?:'s \w+)? (?:is|has|takes|was|had|uses|gets|lives|'s)\b[^,;.!?\n]*)",
      std::regex::icase);
  static const std::regex kUsers(R"(\b(the|this) (user|patient)'s\b)", std::regex::icase);
  static const std::regex kUser(R"(\b(the|this) (user|patient)\b)", std::regex::icase);
  static const WordSet kConditional = {"if", "when", "whether", "unless", "may", "might", "could", "should", "suppose"};
  std::string told;
  for (auto it = std::sregex_iterator(system_text.begin(), system_text.end(), kFact); it != std::sregex_iterator();
       ++it) {
    // (Not a clause a condition governs: "If the user is pregnant, ...")
    const size_t start = static_cast<size_t>(it->position());
    const size_t sentence_start = system_text.find_last_of(".!?\n", start == 0 ? 0 : start - 1);
    const auto before = words_of(system_text.substr(sentence_start == std::string::npos ? 0 : sentence_start + 1,
                                                    start - (sentence_start == std::string::npos ? 0 : sentence_start + 1)));
    if (std::any_of(before.begin(), before.end(), [](const std::string& w) { return kConditional.count(w) > 0; }))
      continue;
    told += std::regex_replace(std::regex_replace(it->str(), kUsers, "my"), kUser, "I") + ". ";
  }
  return told;
}

void post_chat_completions(App& app, StreamSlots& streams, const httplib::Request& req, httplib::Response& res) {
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return openai_error(res, 400, "The request body must be a JSON object.", nullptr, "invalid_json");
  auto model = body.find("model");
  if (model == body.end() || !model->is_string())
    return openai_error(res, 400, "You must provide a model parameter.", "model", "missing_model");
  if (*model != kModel)
    return openai_error(res, 404, "The model '" + model->get<std::string>() + "' does not exist; use 'magchat'.", "model",
                        "model_not_found");
  bool stream = false;
  if (auto s = body.find("stream"); s != body.end() && !s->is_null()) {
    if (!s->is_boolean()) return openai_error(res, 400, "'stream' must be a boolean.", "stream", "invalid_type");
    stream = s->get<bool>();
  }
  if (auto n = body.find("n"); n != body.end() && !n->is_null() && (!n->is_number_integer() || *n != 1))
    return openai_error(res, 400, "Only n = 1 is supported.", "n", "unsupported_value");
  auto messages = body.find("messages");
  if (messages == body.end() || !messages->is_array() || messages->empty())
    return openai_error(res, 400, "'messages' must be a non-empty array.", "messages", "invalid_messages");
  std::vector<std::pair<std::string, std::string>> turns;  // role, text
  size_t other_parts = 0, other_parts_before_last = 0;
  for (const auto& m : *messages) {
    other_parts_before_last = other_parts;
    if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
      return openai_error(res, 400, "Every message needs a 'role'.", "messages", "invalid_messages");
    const std::string role = m["role"];
    if (role != "system" && role != "user" && role != "assistant" && role != "developer" && role != "tool")
      return openai_error(res, 400, "Unknown role '" + role + "'.", "messages", "invalid_messages");
    auto text = content_text(m.value("content", nlohmann::json()), other_parts);
    if (!text && role != "assistant")
      return openai_error(res, 400, "Every message needs text 'content'.", "messages", "invalid_messages");
    if (text && !is_valid_utf8(*text))
      return openai_error(res, 400, "Message content must be valid UTF-8 without NUL bytes.", "messages", "invalid_text");
    turns.emplace_back(role, text.value_or(""));
  }
  if (turns.back().first != "user")
    return openai_error(res, 400, "The last message must come from the user.", "messages", "invalid_messages");
  const std::string& question = turns.back().second;
  if (is_blank(question) && other_parts > other_parts_before_last)
    return openai_error(res, 400, "magchat reads only text, and the last message has none (its image, audio or file parts are not read).",
                        "messages", "empty_message");
  if (is_blank(question)) return openai_error(res, 400, "The last message is empty.", "messages", "empty_message");
  // (The same limit as /api/chat's message: a question, not a document.)
  if (utf8_length(question) > kMaxMessageChars)
    return openai_error(res, 400, "The last message is longer than " + std::to_string(kMaxMessageChars) + " characters.",
                        "messages", "message_too_long");

  StreamSlot slot(streams, stream);
  if (stream && !slot.held()) return send_too_many_streams(res);

  // Earlier user messages give the conversation its topics and what it was already told, as stored turns do for
  // /api/chat: each is answered again (the client keeps the history; magchat stores nothing for this route).
  // Only the last kHistoryAnswered of them: older ones hardly shape the next answer, and each costs an answer.
  // System and developer messages are read the same way, as what the user told: apps put what they know of the
  // person there ("The user is on dialysis."), which must reach the answer (safety review, 2026-12-01); an
  // instruction to an assistant ("Be concise.") tells nothing the answer could use and changes nothing.
  constexpr size_t kHistoryAnswered = 20;
  std::vector<size_t> earlier;
  for (size_t i = 0; i + 1 < turns.size(); ++i)
    if (turns[i].first == "user" || turns[i].first == "system" || turns[i].first == "developer") earlier.push_back(i);
  if (earlier.size() > kHistoryAnswered) earlier.erase(earlier.begin(), earlier.end() - kHistoryAnswered);
  ConversationContext context;
  for (size_t i : earlier) {
    const std::string text = turns[i].first == "user" ? turns[i].second : as_told_by_user(turns[i].second);
    if (!is_blank(text)) context = app.preview(text, context).context;
  }
  AnswerResult result = app.preview(question, context);
  const Reply& reply = result.reply;
  note_reply_type(reply_type_name(reply.type));

  const std::string id = "chatcmpl-" + new_conversation_id();
  const long long created =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string content = completion_content(reply);
  size_t prompt_words = 0;
  for (const auto& t : turns) prompt_words += count_words(t.second);
  const size_t completion_words = count_words(content);

  if (!stream) {
    nlohmann::json out = {
        {"id", id},
        {"object", "chat.completion"},
        {"created", created},
        {"model", kModel},
        {"choices",
         {{{"index", 0},
           {"message", {{"role", "assistant"}, {"content", content}, {"refusal", nullptr}}},
           {"logprobs", nullptr},
           {"finish_reason", "stop"}}}},
        {"usage",
         {{"prompt_tokens", prompt_words}, {"completion_tokens", completion_words},
          {"total_tokens", prompt_words + completion_words}}},
        {"system_fingerprint", nullptr},
        {"type", reply_type_name(reply.type)},
        {"sources", sources_json(reply)},
        {"confidence", reply.confidence}};
    return send_json(res, out);
  }
  auto chunk = [&](const nlohmann::json& delta, const nlohmann::json& finish) {
    nlohmann::json c = {{"id", id},         {"object", "chat.completion.chunk"}, {"created", created},
                        {"model", kModel},  {"system_fingerprint", nullptr},
                        {"choices", {{{"index", 0}, {"delta", delta}, {"logprobs", nullptr}, {"finish_reason", finish}}}}};
    return c;
  };
  auto frame = [](const nlohmann::json& j) {
    return "data: " + j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
  };
  std::vector<std::string> frames;
  frames.push_back(frame(chunk({{"role", "assistant"}, {"content", ""}}, nullptr)));
  for (const auto& piece : split_for_streaming(content, 4)) frames.push_back(frame(chunk({{"content", piece}}, nullptr)));
  nlohmann::json last = chunk(nlohmann::json::object(), "stop");
  last["type"] = reply_type_name(reply.type);
  last["sources"] = sources_json(reply);
  last["usage"] = {{"prompt_tokens", prompt_words}, {"completion_tokens", completion_words},
                   {"total_tokens", prompt_words + completion_words}};
  frames.push_back(frame(last));
  frames.push_back("data: [DONE]\n\n");
  send_event_stream(res, slot, std::move(frames), app.config().stream_delay_ms);
}

void get_models(const httplib::Request&, httplib::Response& res) {
  send_json(res, {{"object", "list"},
                  {"data", {{{"id", kModel}, {"object", "model"}, {"created", 1764028800}, {"owned_by", "magchat"}}}}});
}

}  // namespace

void register_openai_routes(httplib::Server& server, App& app, StreamSlots& streams) {
  server.Post("/v1/chat/completions", [&app, &streams](const httplib::Request& req, httplib::Response& res) {
    post_chat_completions(app, streams, req, res);
  });
  server.Get("/v1/models", get_models);
  server.Get("/v1/models/magchat", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"id", kModel}, {"object", "model"}, {"created", 1764028800}, {"owned_by", "magchat"}});
  });
}

}  // namespace magchat
