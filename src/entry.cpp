#include "entry.h"

#include <regex>

#include "text.h"

namespace magchat {

const char* kind_name(EntryKind kind) { return kind == EntryKind::Faq ? "faq" : "article"; }

std::optional<EntryKind> kind_from_name(const std::string& name) {
  if (name == "faq") return EntryKind::Faq;
  if (name == "article") return EntryKind::Article;
  return std::nullopt;
}

namespace {
// "2025-02-29" and "2025-13-45" have the right shape but are no dates. `ymd` matches YYYY-MM-DD.
bool is_calendar_date(const std::string& ymd) {
  const int y = std::stoi(ymd.substr(0, 4)), m = std::stoi(ymd.substr(5, 2)), d = std::stoi(ymd.substr(8, 2));
  if (m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}
}  // namespace

std::vector<Problem> validate_entry(const Entry& e, int (*line_of)(const void*, const std::string&), const void* ctx) {
  std::vector<Problem> problems;
  auto add = [&](const std::string& field, const std::string& message) {
    problems.push_back({line_of ? line_of(ctx, field) : 0, field, message});
  };
  static const std::regex kId("^[a-z0-9][a-z0-9-]{0,99}$");
  static const std::regex kDate("^\\d{4}-\\d{2}-\\d{2}$");
  static const std::regex kUrl("^https?://[^\\s<>\"]+$");
  if (e.id.empty())
    add("id", "missing required field 'id'");
  else if (!std::regex_match(e.id, kId))
    add("id", "id must be 1-100 lowercase letters, digits or '-', starting with a letter or digit");
  if (e.kind == EntryKind::Faq) {
    if (e.question.empty()) add("question", "missing required field 'question'");
    if (utf8_length(e.question) > 300) add("question", "question is longer than 300 characters");
    if (e.answer.find_first_not_of(" \n\t\r") == std::string::npos) add("answer", "the answer (body) is empty");
    for (const auto& alt : e.alternate_questions)
      if (alt.empty()) add("alternate_questions", "an alternate question is empty");
  } else {
    if (e.title.empty()) add("title", "missing required field 'title'");
    if (e.sections.empty()) add("sections", "an article needs at least one section");
    for (const auto& s : e.sections) {
      if (s.heading.empty()) add("sections", "a section has no heading");
      if (s.body.find_first_not_of(" \n\t\r") == std::string::npos)
        add("sections", "section '" + s.heading + "' is empty");
    }
  }
  if (e.tags.empty()) add("tags", "missing required field 'tags' (at least one tag)");
  if (e.sources.empty()) add("sources", "missing required field 'sources' (at least one source with title and url)");
  for (size_t i = 0; i < e.sources.size(); ++i) {
    const auto& s = e.sources[i];
    if (s.title.empty()) add("sources", "source " + std::to_string(i + 1) + " has no title");
    if (s.url.empty())
      add("sources", "source " + std::to_string(i + 1) + " has no url");
    else if (s.url.rfind("http://", 0) != 0 && s.url.rfind("https://", 0) != 0)
      add("sources", "source " + std::to_string(i + 1) + " url must start with http:// or https://");
    else if (!std::regex_match(s.url, kUrl))
      add("sources", "source " + std::to_string(i + 1) +
                         " url must not contain spaces, quotes or angle brackets (write a space as %20)");
  }
  if (e.reviewed.empty())
    add("reviewed", "missing required field 'reviewed' (YYYY-MM-DD)");
  else if (!std::regex_match(e.reviewed, kDate) || !is_calendar_date(e.reviewed))
    add("reviewed", "reviewed must be a real date written YYYY-MM-DD");
  if (e.status != "published" && e.status != "draft") add("status", "status must be 'published' or 'draft'");
  return problems;
}

}  // namespace magchat

#include <nlohmann/json.hpp>

namespace magchat {

nlohmann::json entry_to_json(const Entry& e) {
  nlohmann::json j;
  j["id"] = e.id;
  j["kind"] = kind_name(e.kind);
  if (e.kind == EntryKind::Faq) {
    j["question"] = e.question;
    j["alternate_questions"] = e.alternate_questions;
    j["answer"] = e.answer;
  } else {
    j["title"] = e.title;
    j["sections"] = nlohmann::json::array();
    for (const auto& s : e.sections) j["sections"].push_back({{"heading", s.heading}, {"body", s.body}});
  }
  j["tags"] = e.tags;
  j["sources"] = nlohmann::json::array();
  for (const auto& s : e.sources) j["sources"].push_back({{"title", s.title}, {"url", s.url}});
  j["status"] = e.status;
  j["reviewed"] = e.reviewed;
  return j;
}

Entry entry_from_json(const nlohmann::json& j, std::vector<Problem>& problems) {
  Entry e;
  if (!j.is_object()) {
    problems.push_back({0, "", "the entry must be a JSON object"});
    return e;
  }
  auto str = [&](const char* field, std::string& out) {
    auto it = j.find(field);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_string())
      problems.push_back({0, field, std::string("'") + field + "' must be a string"});
    else
      out = it->get<std::string>();
  };
  auto list = [&](const char* field, std::vector<std::string>& out) {
    auto it = j.find(field);
    if (it == j.end() || it->is_null()) return;
    if (!it->is_array()) {
      problems.push_back({0, field, std::string("'") + field + "' must be an array of strings"});
      return;
    }
    for (const auto& v : *it) {
      if (!v.is_string()) {
        problems.push_back({0, field, std::string("every item of '") + field + "' must be a string"});
        return;
      }
      out.push_back(v.get<std::string>());
    }
  };
  str("id", e.id);
  std::string kind = "faq";
  str("kind", kind);
  if (auto k = kind_from_name(kind))
    e.kind = *k;
  else
    problems.push_back({0, "kind", "kind must be 'faq' or 'article'"});
  str("question", e.question);
  list("alternate_questions", e.alternate_questions);
  str("answer", e.answer);
  str("title", e.title);
  list("tags", e.tags);
  str("status", e.status);
  str("reviewed", e.reviewed);
  if (auto it = j.find("sections"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) {
      problems.push_back({0, "sections", "'sections' must be an array of {heading, body}"});
    } else {
      for (const auto& s : *it) {
        if (!s.is_object() || !s.value("heading", nlohmann::json()).is_string() ||
            !s.value("body", nlohmann::json()).is_string()) {
          problems.push_back({0, "sections", "every section must be {\"heading\": string, \"body\": string}"});
          break;
        }
        e.sections.push_back({s["heading"].get<std::string>(), s["body"].get<std::string>(), 0});
      }
    }
  }
  if (auto it = j.find("sources"); it != j.end() && !it->is_null()) {
    if (!it->is_array()) {
      problems.push_back({0, "sources", "'sources' must be an array of {title, url}"});
    } else {
      for (const auto& s : *it) {
        if (!s.is_object() || !s.value("title", nlohmann::json()).is_string() ||
            !s.value("url", nlohmann::json()).is_string()) {
          problems.push_back({0, "sources", "every source must be {\"title\": string, \"url\": string}"});
          break;
        }
        e.sources.push_back({s["title"].get<std::string>(), s["url"].get<std::string>()});
      }
    }
  }
  return e;
}

}  // namespace magchat
