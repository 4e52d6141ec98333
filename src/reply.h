// The reply to one chat message: the same shape for the HTTP API, the CLI and the evaluation.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace magchat {

enum class ReplyType { Answer, NoAnswer, OutOfScope, Emergency, Greeting };
const char* reply_type_name(ReplyType type);

struct SourceRef {
  int id = 0;                // the n of the [n] markers
  std::string entry_id;
  std::string title;         // the entry's question or article title
  std::string section;       // article section heading; empty for a FAQ (sent as null)
  std::string url;           // the entry's first source
  std::string source_title;  // that source's title (e.g. the NIH fact sheet)
  std::string snippet;       // the start of the cited text, plain
};

// Why the reply is what it is, for `magchat ask --explain` (not sent by the chat API).
struct ExplainLine {
  std::string entry_id, section;
  double score, bm25, header_coverage, phrasing_similarity, text_coverage, topic_match, aspect_match, conflict;
};

struct Reply {
  std::string conversation_id;
  int turn_index = -1;  // the turn's index in its conversation (for feedback); -1 when not stored
  ReplyType type = ReplyType::NoAnswer;
  std::string answer;  // Markdown with [n] markers
  std::vector<SourceRef> sources;
  std::string disclaimer;
  std::vector<std::string> suggestions;
  double confidence = 0;
  std::string corrected_query;  // empty when nothing was corrected
  std::vector<std::string> topics, aspects;  // what the question was understood to be about
  std::vector<ExplainLine> explain;
};

nlohmann::json reply_to_json(const Reply& reply);
// reply_to_json(reply).dump(), byte for byte, written directly (json_text.h): what chat stores and sends.
std::string reply_json_text(const Reply& reply);

}  // namespace magchat
