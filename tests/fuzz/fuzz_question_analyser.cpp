// libFuzzer target: any bytes as a chat message, alone and as a follow-up, through analysis, FTS5 query
// building and composing. Must never crash, hang or trip a sanitizer.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "composer.h"
#include "kb_lint.h"
#include "knowledge_index.h"
#include "question_analyser.h"
#include "searcher.h"

using namespace magchat;

namespace {
// The shipped knowledge base, as passages built straight from the files (no database needed here).
const KnowledgeIndex& knowledge() {
  static std::shared_ptr<const KnowledgeIndex> kb = [] {
    const std::string dir = MAGCHAT_SOURCE_DIR "/kb";
    KbFolder folder = read_kb_folder(dir);
    std::vector<PassageRow> rows;
    long long rowid = 1;
    for (const auto& e : folder.entries) {
      if (e.kind == EntryKind::Faq) {
        rows.push_back({rowid++, e.id, e.kind, e.question, "", "", "", e.answer, e.sources});
      } else {
        for (const auto& s : e.sections) rows.push_back({rowid++, e.id, e.kind, e.title, s.heading, e.title, "", s.body, e.sources});
      }
    }
    return KnowledgeIndex::build(std::move(rows), std::make_shared<ConceptIndex>(ConceptIndex::load(dir + "/synonyms.yaml")),
                                 std::make_shared<LanguageRules>(LanguageRules::load(dir + "/scope.yaml", dir + "/emergency.yaml")),
                                 Dictionary::load("/usr/share/dict/words"));
  }();
  return *kb;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4000) return 0;
  const std::string message(reinterpret_cast<const char*>(data), size);
  const KnowledgeIndex& kb = knowledge();
  Analysis first = analyse_question(message, {}, kb);
  ConversationContext previous;  // a conversation about the symptoms of low magnesium
  previous.topics = {"hypomagnesemia"};
  previous.aspects = {"symptoms"};
  previous.in_scope = true;
  Analysis follow = analyse_question(message, previous, kb);
  (void)build_match_expression(first, kb);
  (void)build_match_expression(follow, kb);
  (void)extract_relevant(message, first.stems, 1, 40);
  (void)cite_markdown(message, 2);
  (void)plain_snippet(message, 10);
  return 0;
}
