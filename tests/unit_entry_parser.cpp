#include <catch2/catch.hpp>

#include "entry_parser.h"
#include "entry_writer.h"

using namespace magchat;

namespace {
const char* kFaq = R"(---
id: sample-faq
kind: faq
question: What is magnesium?
alternate_questions:
  - "Mg: what is it?"
  - tell me about magnesium
tags: [magnesium, definition]
sources:
  - title: Magnesium fact sheet
    url: https://ods.od.nih.gov/factsheets/Magnesium-Consumer/
reviewed: 2026-11-25
status: published
---
Magnesium is a mineral.

- It is in bone.
)";

bool has_problem(const ParsedEntry& p, int line, const std::string& text) {
  for (const auto& pr : p.problems)
    if (pr.line == line && pr.message.find(text) != std::string::npos) return true;
  return false;
}
}  // namespace

TEST_CASE("a valid FAQ file parses into its fields") {
  auto p = parse_entry(kFaq, "sample-faq");
  REQUIRE(p.problems.empty());
  REQUIRE(p.entry);
  const Entry& e = *p.entry;
  CHECK(e.id == "sample-faq");
  CHECK(e.kind == EntryKind::Faq);
  CHECK(e.question == "What is magnesium?");
  CHECK(e.alternate_questions == std::vector<std::string>{"Mg: what is it?", "tell me about magnesium"});
  CHECK(e.tags == std::vector<std::string>{"magnesium", "definition"});
  REQUIRE(e.sources.size() == 1);
  CHECK(e.sources[0].url == "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/");
  CHECK(e.answer == "Magnesium is a mineral.\n\n- It is in bone.");
}

TEST_CASE("an article is split into sections at ## headings") {
  const std::string text = R"(---
id: art
kind: article
title: Magnesium imbalance
tags: [hypomagnesemia]
sources:
  - title: Source
    url: https://example.org/a
reviewed: 2026-11-25
---
Opening words.

## Symptoms of low magnesium
Cramps.

## Causes
Diet.
)";
  auto p = parse_entry(text, "art");
  REQUIRE(p.problems.empty());
  const auto& s = p.entry->sections;
  REQUIRE(s.size() == 3);
  CHECK(s[0].heading == "Overview");
  CHECK(s[1].heading == "Symptoms of low magnesium");
  CHECK(s[1].body == "Cramps.");
  CHECK(s[1].line == 13);
  CHECK(s[2].body == "Diet.");
}

TEST_CASE("problems are reported with the line they are on") {
  SECTION("missing source url") {
    std::string t = kFaq;
    t.replace(t.find("    url: https://ods.od.nih.gov/factsheets/Magnesium-Consumer/\n"), 63, "");
    auto p = parse_entry(t, "sample-faq");
    CHECK(has_problem(p, 9, "source 1 has no url"));
  }
  SECTION("malformed YAML") {
    std::string t = kFaq;
    t.replace(t.find("tags: [magnesium, definition]"), 29, "tags: [magnesium, definition");
    auto p = parse_entry(t, "sample-faq");
    REQUIRE_FALSE(p.problems.empty());
    CHECK(p.problems[0].message.find("malformed front matter") != std::string::npos);
  }
  SECTION("no front matter") {
    auto p = parse_entry("Just text\n", "x");
    CHECK(has_problem(p, 1, "must start with a '---' line"));
  }
  SECTION("unclosed front matter") {
    auto p = parse_entry("---\nid: x\n", "x");
    CHECK(has_problem(p, 1, "not closed"));
  }
  SECTION("id differs from the file name") {
    auto p = parse_entry(kFaq, "other-name");
    CHECK(has_problem(p, 2, "does not match the file name"));
  }
  SECTION("bad date, unknown field, empty answer") {
    std::string t = kFaq;
    t.replace(t.find("reviewed: 2026-11-25"), 20, "reviewed: 25/11/2026\ncolour: blue");
    t = t.substr(0, t.rfind("---\n") + 4);
    auto p = parse_entry(t, "sample-faq");
    CHECK(has_problem(p, 12, "YYYY-MM-DD"));
    CHECK(has_problem(p, 13, "unknown field 'colour'"));
    CHECK(has_problem(p, 16, "answer (body) is empty"));
  }
  SECTION("a date of the right shape that does not exist") {
    for (const char* date : {"2025-13-45", "2025-02-29", "2026-04-31"}) {
      INFO(date);
      std::string t = kFaq;
      t.replace(t.find("reviewed: 2026-11-25"), 20, std::string("reviewed: ") + date);
      CHECK(has_problem(parse_entry(t, "sample-faq"), 12, "real date"));
    }
    std::string leap = kFaq;
    leap.replace(leap.find("reviewed: 2026-11-25"), 20, "reviewed: 2024-02-29");
    CHECK(parse_entry(leap, "sample-faq").problems.empty());
  }
  SECTION("a url with a space says so, not that it lacks http") {
    std::string t = kFaq;
    t.replace(t.find("https://ods.od.nih.gov/factsheets/Magnesium-Consumer/"), 53,
              "https://ods.od.nih.gov/pdf/Magnesium Fact Sheet.pdf");
    auto p = parse_entry(t, "sample-faq");
    CHECK(has_problem(p, 9, "must not contain spaces"));
    CHECK_FALSE(has_problem(p, 9, "must start with"));
  }
  SECTION("a question's length is counted in characters, not bytes") {
    std::string t = kFaq;
    std::string cyrillic;
    for (int i = 0; i < 197; ++i) cyrillic += "\xD0\xB4";
    t.replace(t.find("question: "), 10, "question: " + cyrillic + "? ");
    auto p = parse_entry(t, "sample-faq");
    CHECK_FALSE(has_problem(p, 0, "longer than 300"));
    for (const auto& pr : p.problems) CHECK(pr.message.find("longer than 300") == std::string::npos);
  }
  SECTION("invalid UTF-8") {
    auto p = parse_entry(std::string(kFaq) + "\xFF", "sample-faq");
    CHECK(has_problem(p, 1, "UTF-8"));
  }
}

TEST_CASE("writing an entry and parsing it back gives the same entry and the same bytes") {
  auto p = parse_entry(kFaq, "sample-faq");
  REQUIRE(p.entry);
  std::string written = write_entry(*p.entry);
  auto again = parse_entry(written, "sample-faq");
  REQUIRE(again.problems.empty());
  CHECK(again.entry->alternate_questions == p.entry->alternate_questions);
  CHECK(again.entry->answer == p.entry->answer);
  CHECK(write_entry(*again.entry) == written);
}

TEST_CASE("yaml_scalar quotes only what needs quoting") {
  CHECK(yaml_scalar("plain words") == "plain words");
  CHECK(yaml_scalar("Mg: what") == "\"Mg: what\"");
  CHECK(yaml_scalar("- dash") == "\"- dash\"");
  CHECK(yaml_scalar("yes") == "\"yes\"");
  CHECK(yaml_scalar("2026") == "\"2026\"");
  CHECK(yaml_scalar("say \"x\"") == "say \"x\"");
  CHECK(yaml_scalar("\"x\"") == "\"\\\"x\\\"\"");
}
