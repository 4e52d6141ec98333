#include "conversation_store.h"

#include "text.h"

#include <chrono>
#include <ctime>
#include <iostream>
#include <cerrno>
#include <stdexcept>
#include <sys/random.h>

#include "markdown.h"

namespace magchat {

std::string new_conversation_id() {
  static const char* hex = "0123456789abcdef";
  const uint64_t ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  // The kernel's generator, not a seeded std::mt19937_64: a Mersenne Twister's state can be worked out from the
  // outputs a client sees (its own ids, all made by the thread that serves its connection), and from that the
  // ids that thread later gives other people.
  unsigned char random[10];
  for (size_t got = 0; got < sizeof random;) {
    const ssize_t n = getrandom(random + got, sizeof random - got, 0);
    if (n < 0 && errno != EINTR) throw std::runtime_error("getrandom failed: cannot make a conversation id");
    if (n > 0) got += static_cast<size_t>(n);
  }
  std::string id;
  id.reserve(32);
  for (int k = 11; k >= 0; --k) id += hex[(ms >> (k * 4)) & 0xF];
  for (unsigned char byte : random) {
    id += hex[byte >> 4];
    id += hex[byte & 0xF];
  }
  return id;
}

bool is_valid_conversation_id(const std::string& id) {
  if (id.size() < 8 || id.size() > 64) return false;
  // (Lower-case only, as issued: "01A2..." is not the conversation "01a2...", and would start another one.)
  for (char c : id)
    if (!std::isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
  return true;
}

std::optional<ConversationContext> ConversationStore::latest_context(Database& db, const std::string& id,
                                                                    int* next_index) {
  if (next_index) *next_index = 0;
  auto& q = db.prepare("SELECT context, turn_index FROM turns WHERE conversation_id = ? ORDER BY turn_index DESC LIMIT 1")
                .bind(1, id);
  if (!q.step()) {
    q.reset();
    auto& c = db.prepare("SELECT 1 FROM conversations WHERE id = ?").bind(1, id);
    bool exists = c.step();
    c.reset();
    if (!exists) return std::nullopt;
    return ConversationContext{};
  }
  if (next_index) *next_index = static_cast<int>(q.integer(1)) + 1;
  auto j = nlohmann::json::parse(q.text(0), nullptr, false);
  q.reset();
  ConversationContext ctx;
  if (j.is_object()) {
    ctx.topics = j.value("topics", std::vector<std::string>{});
    ctx.aspects = j.value("aspects", std::vector<std::string>{});
    ctx.in_scope = j.value("in_scope", false);
    ctx.answered = j.value("answered", std::vector<std::string>{});  // absent in turns stored before it existed
    ctx.not_covered = j.value("not_covered", std::vector<std::string>{});  // absent when empty
    ctx.emergency = j.value("emergency", std::string());                   // absent when empty
    ctx.stems = j.value("stems", std::vector<std::string>{});               // absent when empty
    ctx.asked_benefit = j.value("asked_benefit", false);                    // absent when false
    ctx.kidney_disease_told = j.value("kidney_disease_told", false);        // absent when false
    ctx.own_kidney_disease_told = j.value("own_kidney_disease_told", false);  // absent when false
    ctx.pregnancy_told = j.value("pregnancy_told", false);                  // absent when false
    ctx.heavy_drinking_told = j.value("heavy_drinking_told", false);        // absent when false
    ctx.age_told = j.value("age_told", 0);                                  // absent when 0
    ctx.baby_told = j.value("baby_told", false);                            // absent when false
    ctx.amount_told = j.value("amount_told", 0.0);                          // absent when 0
    ctx.last_answer_parts = j.value("last_answer_parts", size_t{0});          // absent when 0
    const auto earlier = j.find("earlier");                                   // absent when empty
    if (earlier != j.end() && earlier->is_array())
      for (const auto& e : *earlier) {
        if (!e.is_object()) continue;
        ctx.earlier.push_back(EarlierSubject{e.value("topics", std::vector<std::string>{}),
                                             e.value("aspects", std::vector<std::string>{}),
                                             e.value("stems", std::vector<std::string>{}), e.value("in_scope", false)});
      }
  }
  return ctx;
}

int ConversationStore::append_turn(Database& db, const std::string& id, const std::string& message, const Reply& reply,
                                   const ConversationContext& context, bool new_conversation, std::string* reply_json) {
  Transaction tx(db);
  int index = 0;
  if (!new_conversation) {
    auto& q = db.prepare("SELECT coalesce(max(turn_index), -1) + 1 FROM turns WHERE conversation_id = ?").bind(1, id);
    q.step();
    index = static_cast<int>(q.integer(0));
    q.reset();
  }
  std::string local;
  std::string& json = reply_json ? *reply_json : local;
  if (json.empty() || reply.turn_index != index) {
    Reply stored = reply;
    stored.turn_index = index;
    json = reply_json_text(stored);
  }
  JournaledTurn turn;
  turn.conversation_id = id;
  turn.turn_index = index;
  turn.message = message;
  turn.reply_json = json;
  turn.type = reply_type_name(reply.type);
  turn.context_json = context_to_json(context);
  turn.created_at = utc_timestamp();
  store_turn(db, turn);
  tx.commit();
  return index;
}

std::string context_to_json(const ConversationContext& context) {
  nlohmann::json j{{"topics", context.topics},
                   {"aspects", context.aspects},
                   {"in_scope", context.in_scope},
                   {"answered", context.answered}};
  if (!context.not_covered.empty()) j["not_covered"] = context.not_covered;
  if (!context.emergency.empty()) j["emergency"] = context.emergency;
  if (!context.stems.empty()) j["stems"] = context.stems;
  if (context.asked_benefit) j["asked_benefit"] = true;
  if (context.kidney_disease_told) j["kidney_disease_told"] = true;
  if (context.own_kidney_disease_told) j["own_kidney_disease_told"] = true;
  if (context.pregnancy_told) j["pregnancy_told"] = true;
  if (context.heavy_drinking_told) j["heavy_drinking_told"] = true;
  if (context.age_told > 0) j["age_told"] = context.age_told;
  if (context.baby_told) j["baby_told"] = true;
  if (context.amount_told > 0) j["amount_told"] = context.amount_told;
  if (context.last_answer_parts > 0) j["last_answer_parts"] = context.last_answer_parts;
  for (const auto& e : context.earlier)
    j["earlier"].push_back({{"topics", e.topics}, {"aspects", e.aspects}, {"stems", e.stems}, {"in_scope", e.in_scope}});
  return j.dump();
}

void ConversationStore::store_turn(Database& db, const JournaledTurn& t) {
  db.prepare("INSERT OR IGNORE INTO conversations(id, created_at) VALUES (?, ?)")
      .bind(1, t.conversation_id)
      .bind(2, t.created_at)
      .run();
  db.prepare("INSERT INTO turns(conversation_id, turn_index, message, reply, type, context, created_at) "
             "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(conversation_id, turn_index) DO NOTHING")
      .bind(1, t.conversation_id)
      .bind(2, t.turn_index)
      .bind(3, t.message)
      .bind(4, t.reply_json)
      .bind(5, t.type)
      .bind(6, t.context_json)
      .bind(7, t.created_at)
      .run();
  if (sqlite3_changes(db.handle()) == 0)
    std::cerr << nlohmann::json({{"level", "error"},
                                 {"error", "turn already stored; this copy was not"},
                                 {"conversation_id", t.conversation_id},
                                 {"turn_index", t.turn_index},
                                 {"message", t.message}})
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
}

std::optional<nlohmann::json> ConversationStore::get(Database& db, const std::string& id) {
  auto& c = db.prepare("SELECT created_at FROM conversations WHERE id = ?").bind(1, id);
  if (!c.step()) {
    c.reset();
    return std::nullopt;
  }
  nlohmann::json out = {{"conversation_id", id}, {"created_at", c.text(0)}, {"turns", nlohmann::json::array()}};
  c.reset();
  auto& q = db.prepare("SELECT turn_index, message, reply, created_at FROM turns WHERE conversation_id = ? ORDER BY turn_index")
                .bind(1, id);
  while (q.step()) {
    auto reply = nlohmann::json::parse(q.text(2), nullptr, false);
    if (reply.is_object() && reply["answer"].is_string()) reply["answer_html"] = markdown_to_html(reply["answer"]);
    out["turns"].push_back({{"index", q.integer(0)}, {"message", q.text(1)}, {"reply", reply}, {"created_at", q.text(3)}});
  }
  return out;
}

}  // namespace magchat
