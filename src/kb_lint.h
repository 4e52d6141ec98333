// Reads and checks a knowledge-base folder (kb/): every entry file, synonyms, scope and emergency rules.
#pragma once
#include <string>
#include <vector>

#include "entry.h"

namespace magchat {

class ConceptIndex;
class LanguageRules;

struct LintMessage {
  std::string file;  // path as given (dir + relative path)
  int line = 0;
  std::string message;
  std::string to_string() const { return file + ":" + std::to_string(line) + ": " + message; }
};

struct KbFolder {
  std::vector<Entry> entries;          // entries that parsed (valid or not), sorted by id
  std::vector<std::string> files;      // the file each entry came from, parallel to entries
  std::vector<LintMessage> problems;   // empty when the folder is clean
};

// Reads every *.md entry file under `dir` (README.md excepted), in a stable order, and checks: the file
// format and required fields, a titled source with a URL on every entry, duplicate ids, duplicate questions
// (including alternates), tags that are not concepts, and the YAML rule files.
KbFolder read_kb_folder(const std::string& dir);

// The parts of read_kb_folder for a caller that has already loaded the rule files (the server at start-up, which
// must not parse the large YAML files twice): the entry files and their checks, with tags checked against
// `concepts` when given; and the checks of loaded rules against the concepts and the prompts folder.
KbFolder read_kb_entries(const std::string& dir, const ConceptIndex* concepts);
std::vector<LintMessage> kb_rule_problems(const std::string& dir, const LanguageRules& rules,
                                          const ConceptIndex* concepts);

}  // namespace magchat
