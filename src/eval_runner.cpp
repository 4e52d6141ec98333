#include "eval_runner.h"

#include <fstream>
#include <ostream>
#include <regex>
#include <set>

#include "text.h"

namespace magchat {

namespace {
std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

std::string check_eval_case(const nlohmann::json& c, const Reply& r) {
  if (trim(r.disclaimer).empty()) return "empty disclaimer";
  const std::string type = reply_type_name(r.type);
  bool type_ok = false;
  for (const auto& t : c.value("types", nlohmann::json::array())) type_ok = type_ok || t == type;
  if (!type_ok) return "type '" + type + "', expected one of " + c.value("types", nlohmann::json::array()).dump();
  const std::string text = lower(r.answer);
  for (const auto& group : c.value("all", nlohmann::json::array())) {
    bool any = false;
    for (const auto& p : group) any = any || text.find(lower(p.get<std::string>())) != std::string::npos;
    if (!any) return "answer lacks any of " + group.dump();
  }
  for (const auto& p : c.value("none", nlohmann::json::array()))
    if (text.find(lower(p.get<std::string>())) != std::string::npos) return "answer mentions " + p.dump() + ": wrong topic";
  static const std::regex kMarker("\\[(\\d+)\\]");
  const std::string without_markers = std::regex_replace(text, kMarker, " ");
  if (r.type == ReplyType::Answer) {
    size_t words = count_words(without_markers);
    if (words > 250) return "answer has " + std::to_string(words) + " words, more than 250";
    if (r.sources.empty()) return "answer without sources";
    std::set<int> ids;
    for (const auto& s : r.sources) {
      if (trim(s.title).empty()) return "a source has no title";
      ids.insert(s.id);
    }
    bool any_marker = false;
    for (auto it = std::sregex_iterator(r.answer.begin(), r.answer.end(), kMarker); it != std::sregex_iterator(); ++it) {
      any_marker = true;
      if (!ids.count(std::stoi((*it)[1].str()))) return "citation marker " + (*it)[0].str() + " has no source";
    }
    if (!any_marker) return "answer has no [n] citation marker";
  }
  return "";
}

EvalSummary run_eval_file(const std::string& path, const Answerer& answerer, Database& reader, std::ostream& out,
                          bool verbose) {
  EvalSummary summary;
  std::ifstream in(path);
  if (!in) {
    out << path << ": cannot read the file\n";
    summary.failed = 1;
    return summary;
  }
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (trim(line).empty()) continue;
    auto c = nlohmann::json::parse(line, nullptr, false);
    if (c.is_discarded() || !c.is_object() || !c.contains("turns") || !c["turns"].is_array() || c["turns"].empty()) {
      out << path << ":" << line_no << ": not a case (needs \"turns\")\n";
      ++summary.failed;
      continue;
    }
    ConversationContext ctx;
    Reply reply;
    for (const auto& turn : c["turns"]) {
      auto result = answerer.answer(turn.get<std::string>(), ctx, reader);
      reply = result.reply;
      ctx = result.context;
    }
    std::string why = check_eval_case(c, reply);
    if (why.empty()) {
      ++summary.passed;
    } else {
      ++summary.failed;
      out << "FAIL " << c.value("id", "?") << " " << c["turns"].back().dump() << ": " << why << "\n";
      if (verbose) out << "     got: " << reply_to_json(reply).dump().substr(0, 400) << "\n";
    }
  }
  out << summary.passed << " passed, " << summary.failed << " failed\n";
  // (Rounded down: 2 failures in 4,232 cases read "score 100%" when rounded to the nearest.)
  out << "score " << static_cast<int>(summary.share() * 100 + 1e-9) << "% of " << summary.passed + summary.failed
      << " cases\n";
  return summary;
}

}  // namespace magchat
