// Conversations and their turns in SQLite, so that follow-up questions can use earlier ones.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "database.h"
#include "question_analyser.h"
#include "reply.h"
#include "turn_journal.h"

namespace magchat {

// A new conversation id: 32 hex digits, the first 12 the time of issue in milliseconds, the other 20 random
// (80 bits from the kernel's random generator, getrandom), so it cannot be guessed. The time prefix
// makes new ids sort after older ones: each new conversation lands at the end of the conversation and turn
// indexes instead of on a random page, which halves the pages every stored turn writes.
std::string new_conversation_id();

// True for ids this server could have issued (lower-case hex, 8-64 characters); anything else is rejected early.
bool is_valid_conversation_id(const std::string& id);

// A turn's context as stored in turns.context: {"topics", "aspects", "in_scope"}.
std::string context_to_json(const ConversationContext& context);

class ConversationStore {
 public:
  // The context of the latest turn, or nullopt when the conversation does not exist. `next_index`, when given,
  // is set to the index the next turn would get as of this read (0 when there are no turns).
  static std::optional<ConversationContext> latest_context(Database& db, const std::string& id,
                                                           int* next_index = nullptr);
  // Appends a turn (creating the conversation on its first turn). Returns the turn's index.
  // `new_conversation`: the id was just issued by this server (new_conversation_id), so this is the first turn,
  // index 0, and the turns are not looked up. An id a client sent is never new in this sense, even when nothing
  // is stored under it yet: it starts a conversation under that id, but a concurrent request may use it too.
  // `reply_json`, when given, may hold reply_json_text(reply) made before the write (so that the writer does
  // not serialise): it is stored as it is when reply.turn_index is the turn's index, and made again otherwise.
  // Either way it is left holding the reply JSON exactly as stored, with the turn's index.
  static int append_turn(Database& db, const std::string& id, const std::string& message, const Reply& reply,
                         const ConversationContext& context, bool new_conversation = false,
                         std::string* reply_json = nullptr);
  // Stores a turn from the turn journal, creating its conversation on its first turn, inside the caller's
  // transaction. The index was assigned when the turn was reserved; a turn already stored under it (which the
  // journal's bookkeeping rules out) is kept, and the newcomer is reported on stderr rather than lost silently.
  static void store_turn(Database& db, const JournaledTurn& turn);
  // {"conversation_id", "created_at", "turns": [{"index", "message", "reply", "created_at"}]} or nullopt.
  static std::optional<nlohmann::json> get(Database& db, const std::string& id);
};

}  // namespace magchat
