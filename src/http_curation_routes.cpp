// Routes for curators: /api/kb/entries..., /api/kb/insights..., /api/kb/preview.
// Thin adapters: read the token, path, headers and JSON body, call Curation (curation.h), and write its result
// with the JSON error shape of http_server.h. Every rule lives in curation.cpp.
//
//   GET    /api/kb/entries                             list (?kind=faq|article&tag=&status=published|draft&q=)
//   POST   /api/kb/entries                             create                      token
//   GET    /api/kb/entries/{id}                        one entry, ETag "<version>"
//   PUT    /api/kb/entries/{id}                        replace (If-Match)          token
//   DELETE /api/kb/entries/{id}                        delete (If-Match)           token
//   GET    /api/kb/entries/{id}/revisions              history, newest first       token
//   POST   /api/kb/entries/{id}/revisions/{n}/restore  restore (If-Match)          token
//   GET    /api/kb/insights                            what people asked           token
//   POST   /api/kb/insights/draft                      {"question"} -> draft FAQ   token
//   POST   /api/kb/preview                             {"entry", "question"}       token
// Reads without a token see published entries only; with a valid token drafts too.
#include <nlohmann/json.hpp>

#include "curation.h"
#include "http_server.h"
#include "markdown.h"
#include "text.h"

namespace magchat {

namespace {

using nlohmann::json;

constexpr size_t kMaxQuestionChars = 2000;
constexpr size_t kMaxNoteChars = 500;

std::optional<std::string> header(const httplib::Request& req, const char* name) {
  if (!req.has_header(name)) return std::nullopt;
  return req.get_header_value(name);
}

// Sends send_error's shape (made in one place) with extra fields added inside "error".
void send_error_with(httplib::Response& res, int status, const std::string& code, const std::string& message,
                     const json& extra) {
  send_error(res, status, code, message);
  json body = json::parse(res.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_object()) {
    body["error"].update(extra);
    send_json(res, body, status);
  }
}

json problems_json(const std::vector<Problem>& problems) {
  json details = json::array();
  for (const auto& p : problems) details.push_back({{"field", p.field}, {"message", p.message}});
  return details;
}

void send_invalid(httplib::Response& res, const std::string& message, const std::vector<Problem>& problems) {
  send_error_with(res, 422, "validation_failed", message,
                  {{"field", problems.empty() ? "" : problems.front().field},
                   {"param", problems.empty() ? "" : problems.front().field},
                   {"details", problems_json(problems)}});
}

// Answers 401/403 unless the request carries a valid curator token; returns the token's name when it does.
std::optional<std::string> require_curator(const Curation& cur, const httplib::Request& req, httplib::Response& res) {
  Access a = cur.authenticate(header(req, "Authorization"));
  switch (a.kind) {
    case Access::Granted: return a.name;
    case Access::Disabled:
      send_error(res, 403, "curation_disabled",
                 "Curation is disabled on this server: no curator token is configured (set MAGCHAT_CURATOR_TOKEN "
                 "or start it with --tokens FILE).");
      break;
    case Access::Missing:
      res.set_header("WWW-Authenticate", "Bearer realm=\"magchat curation\"");
      send_error(res, 401, "unauthorized", "Curating needs a token: send Authorization: Bearer <token>.");
      break;
    case Access::Wrong: send_error(res, 403, "forbidden", "The curator token is not valid."); break;
  }
  return std::nullopt;
}

// For public reads: nullopt = answered already (a bad token); false = public; true = a curator (drafts too).
std::optional<bool> reader_is_curator(const Curation& cur, const httplib::Request& req, httplib::Response& res) {
  if (!req.has_header("Authorization")) return false;
  if (!require_curator(cur, req, res)) return std::nullopt;
  return true;
}

void send_entry(httplib::Response& res, const StoredEntry& stored, int status = 200) {
  res.set_header("ETag", "\"" + std::to_string(stored.version) + "\"");
  send_json(res, stored_entry_to_json(stored), status);
}

void send_failure(httplib::Response& res, const WriteResult& r) {
  switch (r.outcome) {
    case Outcome::NotFound: return send_error(res, 404, "not_found", r.message);
    case Outcome::IdTaken: return send_error(res, 409, "id_taken", r.message);
    case Outcome::NotRestorable: return send_error(res, 409, "revision_is_deletion", r.message);
    case Outcome::VersionRequired: return send_error(res, 428, "precondition_required", r.message);
    case Outcome::VersionStale:
      res.set_header("ETag", "\"" + std::to_string(r.version) + "\"");
      return send_error_with(res, 412, "version_mismatch", r.message, {{"current_version", r.version}});
    case Outcome::Invalid: return send_invalid(res, r.message, r.problems);
    case Outcome::Ok: break;
  }
  send_error(res, 500, "internal_error", "Something went wrong on our side.");
}

// The change note: "note" in the body, else the X-Change-Note header. Sends 400 and returns nullopt when the
// header is not acceptable text.
std::optional<std::string> change_note(const httplib::Request& req, httplib::Response& res,
                                       const std::optional<std::string>& body_note) {
  if (body_note) return body_note;
  std::string note = req.get_header_value("X-Change-Note");
  if (!is_valid_utf8(note) || utf8_length(note) > kMaxNoteChars) {
    send_error(res, 400, "invalid_note", "X-Change-Note must be text of at most 500 characters.");
    return std::nullopt;
  }
  return trim(note);
}

Precondition precondition(const httplib::Request& req, std::optional<long long> body_version = std::nullopt) {
  return precondition_from(header(req, "If-Match"), body_version);
}

// A JSON body read into an EntryInput; sends 400 and returns nullopt when it is not a JSON object or its
// "version" is not a positive whole number.
std::optional<EntryInput> entry_body(const httplib::Request& req, httplib::Response& res) {
  auto body = parse_json_body(req, res);
  if (!body) return std::nullopt;
  EntryInput input = entry_input_from_json(*body);
  if (input.version_malformed) {
    send_error(res, 400, "invalid_version", "'version' must be the entry's version number (a positive whole number).");
    return std::nullopt;
  }
  return input;
}

// ---- Handlers --------------------------------------------------------------------------------------------

void get_entries(Curation& cur, const httplib::Request& req, httplib::Response& res) {
  auto curator = reader_is_curator(cur, req, res);
  if (!curator) return;
  EntryFilter filter;
  if (req.has_param("kind")) {
    filter.kind = kind_from_name(req.get_param_value("kind"));
    if (!filter.kind) return send_error(res, 400, "invalid_kind", "'kind' must be faq or article.");
  }
  filter.status = req.get_param_value("status");
  if (!filter.status.empty() && filter.status != "published" && filter.status != "draft")
    return send_error(res, 400, "invalid_status", "'status' must be published or draft.");
  filter.tag = req.get_param_value("tag");
  filter.text = req.get_param_value("q");
  if (!is_valid_utf8(filter.text) || !is_valid_utf8(filter.tag) || filter.text.size() > 4 * kMaxQuestionChars)
    return send_error(res, 400, "invalid_query", "'q' and 'tag' must be UTF-8 text.");
  json entries = json::array();
  for (const auto& s : cur.list(filter, *curator)) entries.push_back(stored_entry_to_json(s));
  send_json(res, {{"entries", entries}, {"count", entries.size()}});
}

void get_entry(Curation& cur, const httplib::Request& req, httplib::Response& res) {
  auto curator = reader_is_curator(cur, req, res);
  if (!curator) return;
  auto stored = cur.get(req.matches[1], *curator);
  if (!stored) return send_error(res, 404, "not_found", "No such entry.");
  send_entry(res, *stored);
}

void post_entry(Curation& cur, const httplib::Request& req, httplib::Response& res) {
  auto author = require_curator(cur, req, res);
  if (!author) return;
  auto input = entry_body(req, res);
  if (!input) return;
  auto note = change_note(req, res, input->note);
  if (!note) return;
  WriteResult r = cur.create(*input, {*author, *note});
  if (r.outcome != Outcome::Ok) return send_failure(res, r);
  res.set_header("Location", "/api/kb/entries/" + r.entry->entry.id);
  send_entry(res, *r.entry, 201);
}

void put_entry(Curation& cur, const httplib::Request& req, httplib::Response& res) {
  auto author = require_curator(cur, req, res);
  if (!author) return;
  const std::string id = req.matches[1];
  if (!is_valid_entry_id(id)) return send_error(res, 404, "not_found", "No such entry.");
  auto input = entry_body(req, res);
  if (!input) return;
  auto note = change_note(req, res, input->note);
  if (!note) return;
  WriteResult r = cur.update(id, *input, precondition(req, input->version), {*author, *note});
  if (r.outcome != Outcome::Ok) return send_failure(res, r);
  send_entry(res, *r.entry);
}

void delete_entry(Curation& cur, const httplib::Request& req, httplib::Response& res) {
  auto author = require_curator(cur, req, res);
  if (!author) return;
  const std::string id = req.matches[1];
  if (!is_valid_entry_id(id)) return send_error(res, 404, "not_found", "No such entry.");
  // A body is optional here; when present it may carry "version" and "note".
  std::optional<long long> version;
  std::optional<std::string> body_note;
  if (!trim(req.body).empty()) {
    auto input = entry_body(req, res);
    if (!input) return;
    version = input->version;
    body_note = input->note;
  }
  auto note = change_note(req, res, body_note);
  if (!note) return;
  WriteResult r = cur.remove(id, precondition(req, version), {*author, *note});
  if (r.outcome != Outcome::Ok) return send_failure(res, r);
  send_json(res, {{"id", id}, {"deleted", true}, {"version", r.version}});
}

void get_revisions(Curation& cur, const httplib::Request& req, httplib::Response& res) {
  if (!require_curator(cur, req, res)) return;
  auto history = cur.history(req.matches[1]);
  if (!history) return send_error(res, 404, "not_found", "No such entry.");
  json revisions = json::array();
  for (const auto& v : history->revisions) {
    const Revision& r = v.revision;
    revisions.push_back({{"version", r.version},
                         {"action", v.action},
                         {"author", r.author},
                         {"at", r.at},
                         {"note", r.note},
                         {"changed", v.changed},
                         {"entry", r.entry ? entry_to_json(*r.entry) : json(nullptr)}});
  }
  res.set_header("ETag", "\"" + std::to_string(history->current_version) + "\"");
  send_json(res, {{"id", history->entry_id},
                  {"current_version", history->current_version},
                  {"deleted", history->deleted},
                  {"revisions", revisions}});
}

void post_restore(Curation& cur, const httplib::Request& req, httplib::Response& res) {
  auto author = require_curator(cur, req, res);
  if (!author) return;
  const std::string id = req.matches[1], number = req.matches[2];
  if (!is_valid_entry_id(id) || number.size() > 15) return send_error(res, 404, "not_found", "No such revision.");
  std::optional<long long> version;
  std::optional<std::string> body_note;
  if (!trim(req.body).empty()) {
    auto input = entry_body(req, res);
    if (!input) return;
    version = input->version;
    body_note = input->note;
  }
  auto note = change_note(req, res, body_note);
  if (!note) return;
  WriteResult r = cur.restore(id, std::stoll(number), precondition(req, version), {*author, *note});
  if (r.outcome != Outcome::Ok) return send_failure(res, r);
  send_entry(res, *r.entry);
}

void get_insights(Curation& cur, const httplib::Request& req, httplib::Response& res) {
  if (!require_curator(cur, req, res)) return;
  int limit = 100;
  if (req.has_param("limit")) {
    const std::string l = req.get_param_value("limit");
    if (l.empty() || l.size() > 3 || l.find_first_not_of("0123456789") != std::string::npos || std::stoi(l) < 1 ||
        std::stoi(l) > 500)
      return send_error(res, 400, "invalid_limit", "'limit' must be a whole number from 1 to 500.");
    limit = std::stoi(l);
  }
  json items = json::array();
  for (const auto& i : cur.insights(limit))
    items.push_back({{"question", i.example},
                     {"normalized", i.normalized},
                     {"reason", i.reason},
                     {"count", i.count},
                     {"first_asked", i.first_asked},
                     {"last_asked", i.last_asked},
                     {"entry_id", i.entry_id.empty() ? json(nullptr) : json(i.entry_id)},
                     {"entry_status", i.entry_status.empty() ? json(nullptr) : json(i.entry_status)}});
  send_json(res, {{"insights", items}});
}

// Reads a required question field; sends 400 and returns nullopt when missing or not acceptable text.
std::optional<std::string> question_field(const json& body, httplib::Response& res) {
  auto q = body.find("question");
  if (q == body.end() || !q->is_string() || trim(q->get<std::string>()).empty()) {
    send_error(res, 400, "invalid_question", "'question' must be a non-empty string.");
    return std::nullopt;
  }
  const std::string text = q->get<std::string>();
  if (!is_valid_utf8(text) || utf8_length(text) > kMaxQuestionChars) {
    send_error(res, 400, "invalid_question", "'question' must be UTF-8 text of at most 2000 characters.");
    return std::nullopt;
  }
  return text;
}

void post_insight_draft(Curation& cur, const httplib::Request& req, httplib::Response& res) {
  auto author = require_curator(cur, req, res);
  if (!author) return;
  auto body = parse_json_body(req, res);
  if (!body) return;
  auto question = question_field(*body, res);
  if (!question) return;
  auto note = change_note(req, res, std::nullopt);
  if (!note) return;
  WriteResult r = cur.draft_from_question(*question, {*author, *note});
  if (r.outcome != Outcome::Ok) return send_failure(res, r);
  res.set_header("Location", "/api/kb/entries/" + r.entry->entry.id);
  send_entry(res, *r.entry, 201);
}

void post_preview(Curation& cur, const httplib::Request& req, httplib::Response& res) {
  if (!require_curator(cur, req, res)) return;
  auto body = parse_json_body(req, res);
  if (!body) return;
  auto question = question_field(*body, res);
  if (!question) return;
  auto entry = body->find("entry");
  if (entry == body->end() || !entry->is_object())
    return send_error(res, 400, "invalid_entry", "'entry' must be the entry as a JSON object.");
  PreviewResult p = cur.preview(entry_input_from_json(*entry), *question);
  if (p.outcome != Outcome::Ok)
    return send_invalid(res, "The entry is not valid: " + p.problems.front().message + ".", p.problems);
  json reply = reply_to_json(p.answer.reply);
  reply["answer_html"] = markdown_to_html(p.answer.reply.answer);
  send_json(res, {{"entry_id", p.entry_id}, {"cites_entry", p.cites_entry}, {"reply", reply}});
}

}  // namespace

void register_curation_routes(httplib::Server& server, App& app) {
  // Throws std::runtime_error (before the server listens) when the tokens file is unreadable or malformed.
  auto cur = std::make_shared<Curation>(app, CuratorTokens::load(app.config().curator_token, app.config().tokens_file));
  auto route = [cur](void (*handler)(Curation&, const httplib::Request&, httplib::Response&)) {
    return [cur, handler](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Cache-Control", "no-store");
      handler(*cur, req, res);
    };
  };
  const std::string entry = R"(/api/kb/entries/([^/]+))";
  server.Get("/api/kb/entries", route(get_entries));
  server.Post("/api/kb/entries", route(post_entry));
  server.Get(entry, route(get_entry));
  server.Put(entry, route(put_entry));
  server.Delete(entry, route(delete_entry));
  server.Get(entry + "/revisions", route(get_revisions));
  server.Post(entry + R"(/revisions/(\d+)/restore)", route(post_restore));
  server.Get("/api/kb/insights", route(get_insights));
  server.Post("/api/kb/insights/draft", route(post_insight_draft));
  server.Post("/api/kb/preview", route(post_preview));
}

}  // namespace magchat
