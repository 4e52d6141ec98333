// Runs answer-quality cases (the JSON Lines format of ../shared/eval/dev.jsonl) in-process.
#pragma once
#include <iosfwd>
#include <string>

#include "answerer.h"

namespace magchat {

struct EvalSummary {
  int passed = 0, failed = 0;
  double share() const { return passed + failed == 0 ? 0.0 : static_cast<double>(passed) / (passed + failed); }
};

// Checks one reply against a case: same rules as run_eval.py (type, required phrases, forbidden phrases,
// at most 250 words, citation markers matching sources, non-empty disclaimer). Empty string = pass.
std::string check_eval_case(const nlohmann::json& test_case, const Reply& reply);

// Runs every case of `jsonl_path`; prints a FAIL line per failed case (with the reply when verbose) and a
// score line to `out`. Each case is its own conversation.
EvalSummary run_eval_file(const std::string& jsonl_path, const Answerer& answerer, Database& reader,
                          std::ostream& out, bool verbose);

}  // namespace magchat
