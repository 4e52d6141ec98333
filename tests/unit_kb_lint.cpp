#include <catch2/catch.hpp>

#include <fstream>

#include "curation.h"
#include "kb_lint.h"
#include "test_support.h"

using namespace magchat;
using magchat::test::TempDir;

namespace {
void write(const std::filesystem::path& p, const std::string& text) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << text;
}
std::string faq(const std::string& id, const std::string& question, const std::string& extra = "") {
  return "---\nid: " + id + "\nkind: faq\nquestion: " + question + "\n" + extra +
         "tags: [hypomagnesemia]\nsources:\n  - title: T\n    url: https://example.org/\nreviewed: 2026-11-25\n---\nAnswer.\n";
}
bool reported(const KbFolder& f, const std::string& file_end, int line, const std::string& text) {
  for (const auto& p : f.problems)
    if (p.file.size() >= file_end.size() && p.file.compare(p.file.size() - file_end.size(), file_end.size(), file_end) == 0 &&
        p.line == line && p.message.find(text) != std::string::npos)
      return true;
  return false;
}
}  // namespace

TEST_CASE("the shipped knowledge base is clean and covers the required ground") {
  KbFolder f = read_kb_folder(test::repo("kb"));
  for (const auto& p : f.problems) UNSCOPED_INFO(p.to_string());
  CHECK(f.problems.empty());
  int faqs = 0, articles = 0;
  for (const auto& e : f.entries) (e.kind == EntryKind::Faq ? faqs : articles)++;
  CHECK(faqs >= 40);
  CHECK(articles >= 1);
}

TEST_CASE("lint finds duplicate ids and questions across files, and unknown tags") {
  TempDir dir;
  std::filesystem::copy_file(test::repo("kb/synonyms.yaml"), dir.path / "synonyms.yaml");
  write(dir.path / "faq/a.md", faq("a", "What is magnesium?"));
  write(dir.path / "faq/b.md", faq("b", "what is MAGNESIUM", "alternate_questions:\n  - What is magnesium?\n"));
  write(dir.path / "faq/c.md", faq("a", "Something else?"));
  std::string bad_tag = faq("d", "Tagged?");
  bad_tag.replace(bad_tag.find("[hypomagnesemia]"), 16, "[no-such-tag]");
  write(dir.path / "faq/d.md", bad_tag);
  KbFolder f = read_kb_folder(dir.path.string());
  CHECK(reported(f, "faq/b.md", 4, "duplicate question 'what is MAGNESIUM'"));
  CHECK(reported(f, "faq/b.md", 5, "duplicate question 'What is magnesium?'"));
  CHECK(reported(f, "faq/c.md", 2, "id 'a' does not match the file name"));
  CHECK(reported(f, "faq/c.md", 2, "duplicate id 'a'"));
  CHECK(reported(f, "faq/d.md", 5, "unknown tag 'no-such-tag'"));
}

TEST_CASE("lint reports a malformed synonyms file with its line") {
  TempDir dir;
  write(dir.path / "synonyms.yaml", "concepts:\n  - id: x\n    kind: colour\n    phrases: [a]\n");
  KbFolder f = read_kb_folder(dir.path.string());
  CHECK(reported(f, "synonyms.yaml", 2, "kind must be 'topic' or 'aspect'"));
}

// A folder with the real synonyms and emergency rules and the given scope.yaml, read by lint.
KbFolder folder_with_scope(const TempDir& dir, const std::string& scope_yaml) {
  std::filesystem::copy_file(test::repo("kb/synonyms.yaml"), dir.path / "synonyms.yaml");
  std::filesystem::copy_file(test::repo("kb/emergency.yaml"), dir.path / "emergency.yaml");
  write(dir.path / "scope.yaml", scope_yaml);
  return read_kb_folder(dir.path.string());
}

TEST_CASE("lint reports an in-scope topic that is not a concept, with its line") {
  TempDir dir;
  KbFolder f = folder_with_scope(dir, "in_scope: [magnesium]\nin_scope_topics:\n  - diuretics\n  - no-such-concept\n");
  CHECK(reported(f, "scope.yaml", 4, "in_scope_topics: 'no-such-concept' is not a concept id"));
  CHECK(f.problems.size() == 1);
}

TEST_CASE("lint reports a filler word that is not a single word, with its line") {
  TempDir dir;
  KbFolder f = folder_with_scope(dir, "in_scope: [magnesium]\nfiller_words:\n  - actually\n  - kind of\n");
  CHECK(reported(f, "scope.yaml", 4, "filler word 'kind of' must be a single word"));
}

TEST_CASE("lint refuses a published entry that still holds the draft's placeholder answer or source") {
  TempDir dir;
  std::filesystem::copy_file(test::repo("kb/synonyms.yaml"), dir.path / "synonyms.yaml");
  std::string placeholder = faq("p", "Can magnesium help tinnitus?", "status: published\n");
  placeholder.replace(placeholder.find("Answer."), 7, kPlaceholderAnswer);
  write(dir.path / "faq/p.md", placeholder);
  std::string draft = faq("d", "Can magnesium help hiccups?", "status: draft\n");
  draft.replace(draft.find("Answer."), 7, kPlaceholderAnswer);
  write(dir.path / "faq/d.md", draft);
  KbFolder f = read_kb_folder(dir.path.string());
  CHECK(reported(f, "faq/p.md", 5, "published with the placeholder answer"));
  CHECK_FALSE(reported(f, "faq/d.md", 5, "placeholder"));  // a draft may hold it
}

TEST_CASE("lint refuses an entry too large to edit in /curate, and a folder that is not a knowledge base") {
  TempDir dir;
  std::filesystem::copy_file(test::repo("kb/synonyms.yaml"), dir.path / "synonyms.yaml");
  std::string huge = faq("h", "Huge?");
  std::string body;
  while (body.size() < 60 * 1024) body += "Magnesium is a mineral. ";
  huge.replace(huge.find("Answer."), 7, body);
  write(dir.path / "faq/h.md", huge);
  CHECK(reported(read_kb_folder(dir.path.string()), "faq/h.md", 1, "an entry may be at most 48 KiB"));

  TempDir empty;
  CHECK(reported(read_kb_folder(empty.path.string()), empty.path.filename().string(), 0,
                 "is this the knowledge-base folder"));
}

TEST_CASE("lint catches emergency rule mistakes that would silently switch a rule off or lose its reply") {
  auto lint_with_rules = [](const std::string& rules_yaml) {
    TempDir dir;
    const auto kb = dir.path / "kb";
    std::filesystem::create_directories(kb);
    std::filesystem::copy_file(test::repo("kb/synonyms.yaml"), kb / "synonyms.yaml");
    std::filesystem::copy_file(test::repo("kb/scope.yaml"), kb / "scope.yaml");
    write(kb / "emergency.yaml", rules_yaml);
    write(dir.path / "prompts/emergency.md", "Call now.\n");
    return read_kb_folder(kb.string() + "/");  // ("kb/", as the README writes it)
  };
  CHECK(reported(lint_with_rules("rules:\n  - name: a\n    all: [[chest pain]]\n    unles: [no]\n"), "emergency.yaml", 4,
                 "unknown key 'unles'"));
  CHECK(reported(lint_with_rules("rules:\n  - name: a\n    all: [[chest pain], []]\n"), "emergency.yaml", 3,
                 "an empty 'all' group"));
  CHECK(reported(lint_with_rules("rules:\n  - name: a\n    all: [[chest pain]]\n    reply: crisiss\n"), "emergency.yaml",
                 0, "reply 'crisiss' names no prompt"));
  CHECK(lint_with_rules("rules:\n  - name: a\n    all: [[chest pain]]\n    reply: emergency\n").problems.empty());
}
