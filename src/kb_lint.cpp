#include "kb_lint.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <numeric>

#include "concepts.h"
#include "curation.h"
#include "entry_parser.h"
#include "language_rules.h"
#include "text.h"

namespace fs = std::filesystem;

namespace magchat {

namespace {

LintMessage from_exception(const std::string& what) {
  // "file:line: message"
  size_t a = what.find(':');
  size_t b = a == std::string::npos ? a : what.find(':', a + 1);
  if (b == std::string::npos) return {"", 0, what};
  int line = std::atoi(what.substr(a + 1, b - a - 1).c_str());
  return {what.substr(0, a), line, trim(what.substr(b + 1))};
}

std::vector<fs::path> entry_files(const std::string& dir) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_regular_file() && it->path().extension() == ".md" && it->path().filename() != "README.md")
      files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Parses and checks the entry files into `out` (entries sorted by id, their problems appended).
void read_entries(const std::vector<fs::path>& files, const ConceptIndex* concepts, KbFolder& out) {
  std::error_code ec;
  std::map<std::string, std::string> id_owner;
  std::map<std::string, std::pair<std::string, int>> question_owner;  // normalized question -> file, line
  std::vector<std::pair<Entry, std::string>> parsed;
  for (const auto& path : files) {
    const std::string file = path.string();
    ParsedEntry p = parse_entry(read_file(file).value_or(""), path.stem().string());
    for (const auto& pr : p.problems) out.problems.push_back({file, pr.line, pr.message});
    if (!p.entry) continue;
    const Entry& e = *p.entry;
    auto line = [&](const std::string& f) {
      auto it = p.field_lines.find(f);
      return it == p.field_lines.end() ? 1 : it->second;
    };
    // The same rules as publishing through curation (curation.h): nothing unfinished or too large reaches people.
    const uintmax_t bytes = fs::file_size(path, ec);
    for (const auto& pr : publishing_problems(e, ec ? 0 : static_cast<size_t>(bytes)))
      // (A placeholder answer is reported where the entry says it is published; the size on the file's first line.)
      out.problems.push_back({file, line(pr.field == "answer" ? "status" : pr.field), pr.message});
    if (!e.id.empty()) {
      auto [it, fresh] = id_owner.emplace(e.id, file);
      if (!fresh) out.problems.push_back({file, line("id"), "duplicate id '" + e.id + "' (also in " + it->second + ")"});
    }
    std::vector<std::string> questions = e.alternate_questions;
    if (e.kind == EntryKind::Faq) questions.insert(questions.begin(), e.question);
    for (const auto& q : questions) {
      std::string key = normalize_text(q);
      if (key.empty()) continue;
      int qline = q == e.question ? line("question") : line("alternate_questions");
      auto [it, fresh] = question_owner.emplace(key, std::make_pair(file, qline));
      if (!fresh)
        out.problems.push_back({file, qline, "duplicate question '" + q + "' (also in " + it->second.first + ":" +
                                                 std::to_string(it->second.second) + ")"});
    }
    if (concepts)
      for (const auto& t : e.tags)
        if (!concepts->get(t))
          out.problems.push_back({file, line("tags"), "unknown tag '" + t + "': tags must be concept ids from synonyms.yaml"});
    parsed.emplace_back(e, file);
  }
  std::sort(parsed.begin(), parsed.end(), [](const auto& a, const auto& b) { return a.first.id < b.first.id; });
  for (auto& [e, f] : parsed) {
    out.entries.push_back(std::move(e));
    out.files.push_back(f);
  }
}

}  // namespace

std::vector<LintMessage> kb_rule_problems(const std::string& dir, const LanguageRules& rules,
                                          const ConceptIndex* concepts) {
  std::vector<LintMessage> problems;
  std::error_code ec;
  const std::string scope = (fs::path(dir) / "scope.yaml").string(), em = (fs::path(dir) / "emergency.yaml").string();
  // A rule's reply must name a prompt, or the emergency reply silently loses what it was for (the crisis line).
  // (Checked when the prompts folder sits beside the knowledge base, as in the repository.)
  // ("kb/" names the folder too: its parent is the repository, not "kb".)
  fs::path kb_folder = fs::absolute(dir, ec).lexically_normal();
  if (kb_folder.filename().empty()) kb_folder = kb_folder.parent_path();
  const fs::path prompts = kb_folder.parent_path() / "prompts";
  if (fs::is_directory(prompts))
    for (const auto& rule : rules.emergency_rules())
      if (!rule.reply.empty() && !fs::exists(prompts / (rule.reply + ".md")))
        problems.push_back({em, 0, "rule '" + rule.name + "': reply '" + rule.reply + "' names no prompt (" +
                                       (prompts / (rule.reply + ".md")).string() + " does not exist)"});
  for (const auto& topic : rules.in_scope_topics())
    if (concepts && !concepts->get(topic.concept_id))
      problems.push_back(
          {scope, topic.line, "in_scope_topics: '" + topic.concept_id + "' is not a concept id in synonyms.yaml"});
  return problems;
}

KbFolder read_kb_entries(const std::string& dir, const ConceptIndex* concepts) {
  KbFolder out;
  read_entries(entry_files(dir), concepts, out);
  return out;
}

KbFolder read_kb_folder(const std::string& dir) {
  KbFolder out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    out.problems.push_back({dir, 0, "not a folder"});
    return out;
  }
  const std::vector<fs::path> files = entry_files(dir);
  // (Linting the wrong folder must not pass: "0 entries, 0 problems" reads as success.)
  if (files.empty() && !fs::exists(fs::path(dir) / "synonyms.yaml"))
    out.problems.push_back({dir, 0, "no entry files (*.md) and no synonyms.yaml: is this the knowledge-base folder (kb/)?"});

  std::shared_ptr<ConceptIndex> concepts;
  const std::string synonyms = (fs::path(dir) / "synonyms.yaml").string();
  if (fs::exists(synonyms)) {
    try {
      concepts = std::make_shared<ConceptIndex>(ConceptIndex::load(synonyms));
    } catch (const std::exception& e) {
      out.problems.push_back(from_exception(e.what()));
    }
  }
  const std::string scope = (fs::path(dir) / "scope.yaml").string(), em = (fs::path(dir) / "emergency.yaml").string();
  if (fs::exists(scope) || fs::exists(em)) {
    try {
      for (auto& p : kb_rule_problems(dir, LanguageRules::load(scope, em), concepts.get()))
        out.problems.push_back(std::move(p));
    } catch (const std::exception& e) {
      out.problems.push_back(from_exception(e.what()));
    }
  }
  read_entries(files, concepts.get(), out);
  return out;
}

}  // namespace magchat
