#include "answerer.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <optional>
#include <regex>
#include <set>
#include <utility>

#include "amounts_and_ages.h"
#include "composer.h"
#include "json_text.h"
#include "long_message.h"
#include "searcher.h"
#include "text.h"
#include "word_set.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

const char* reply_type_name(ReplyType t) {
  switch (t) {
    case ReplyType::Answer: return "answer";
    case ReplyType::NoAnswer: return "no_answer";
    case ReplyType::OutOfScope: return "out_of_scope";
    case ReplyType::Emergency: return "emergency";
    case ReplyType::Greeting: return "greeting";
  }
  return "no_answer";
}

nlohmann::json reply_to_json(const Reply& r) {
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : r.sources) {
    sources.push_back({{"id", s.id},
                       {"entry_id", s.entry_id},
                       {"title", s.title},
                       {"section", s.section.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.section)},
                       {"url", s.url.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.url)},
                       {"source_title", s.source_title},
                       {"snippet", s.snippet}});
  }
  nlohmann::json j = {{"conversation_id", r.conversation_id},
                      {"turn_index", r.turn_index},
                      {"type", reply_type_name(r.type)},
                      {"answer", r.answer},
                      {"sources", sources},
                      {"disclaimer", r.disclaimer},
                      {"suggestions", r.suggestions},
                      {"confidence", r.confidence},
                      {"corrected_query", r.corrected_query.empty() ? nlohmann::json(nullptr)
                                                                     : nlohmann::json(r.corrected_query)}};
  return j;
}

std::string reply_json_text(const Reply& r) {
  // Members in the order nlohmann::json (a std::map) writes them: sorted by key.
  std::string sources = "[";
  for (const SourceRef& s : r.sources) {
    if (sources.size() > 1) sources += ',';
    JsonObjectWriter(sources)
        .string("entry_id", s.entry_id)
        .raw("id", std::to_string(s.id))
        .string_or_null("section", s.section)
        .string("snippet", s.snippet)
        .string("source_title", s.source_title)
        .string("title", s.title)
        .string_or_null("url", s.url)
        .close();
  }
  sources += ']';
  std::string suggestions = "[";
  for (const std::string& s : r.suggestions) {
    if (suggestions.size() > 1) suggestions += ',';
    append_json_string(suggestions, s);
  }
  suggestions += ']';
  std::string out;
  out.reserve(512 + r.answer.size() + r.disclaimer.size() + sources.size() + suggestions.size());
  JsonObjectWriter(out)
      .string("answer", r.answer)
      .raw("confidence", nlohmann::json(r.confidence).dump())  // nlohmann's shortest round-trip form ("1.0")
      .string("conversation_id", r.conversation_id)
      .string_or_null("corrected_query", r.corrected_query)
      .string("disclaimer", r.disclaimer)
      .raw("sources", sources)
      .raw("suggestions", suggestions)
      .raw("turn_index", std::to_string(r.turn_index))
      .string("type", reply_type_name(r.type))
      .close();
  return out;
}

namespace {
// Phrasing similarity from which an entry counts as written for the benefit a question asks about: only the
// question as the entry phrases it ("high blood sugar and magnesium" is 0.94 like "is magnesium good for blood sugar").
constexpr double kPhrasedForTheBenefit = 0.99;

// An answer that opens with "Yes" or "No" answers its own entry's question. Asked for leave in other words ("I'm
// on doxycycline, can I still take my magnesium?" - "Yes, magnesium interferes with some antibiotics"), the "Yes"
// would seem to grant it; asked an open question ("Which antibiotics interact with magnesium?"), no "Yes" answers
// it; nor does it answer keywords or a statement ("I take omeprazole every day" - "Yes. In March 2011 the FDA
// warned..."). So the entry's question is shown first, unless the entry is phrased at least this close to the question
// asked ("Can I take magnesium with antibiotics?" is one of its own phrasings).
constexpr double kPhrasedForTheYesNo = 0.9;

bool starts_with_yes_or_no(const std::string& body) {
  for (const char* word : {"Yes", "No"}) {
    const size_t n = std::strlen(word);
    if (body.compare(0, n, word) == 0 && (body.size() == n || !std::isalpha(static_cast<unsigned char>(body[n]))))
      return true;
  }
  return false;
}

// Supplements, doses (words or amounts) and kidney disease call for the curated caution about kidney function and advice.
// ("How do the kidneys regulate magnesium?" names the kidneys, not a kidney disease: no caution.)
// `text` without its opening answer word: "Yes." / "Yes," / "No." / "No," with a "[n]" marker right after it, and
// the next word capitalised. Text that opens otherwise is returned as it is ("No upper limit is set for babies"
// keeps its "No").
std::string without_yes_or_no(const std::string& text) {
  if (!starts_with_yes_or_no(text)) return text;
  const size_t word_end = text.rfind("Yes", 0) == 0 ? 3 : 2;
  if (text.size() <= word_end || (text[word_end] != ',' && text[word_end] != '.')) return text;
  size_t rest = text.find_first_not_of(" ,.", word_end);
  if (rest != std::string::npos && text.compare(rest, 1, "[") == 0) {
    const size_t close = text.find(']', rest);
    rest = close == std::string::npos ? rest : text.find_first_not_of(" ", close + 1);
  }
  if (rest == std::string::npos) return text;
  std::string out = text.substr(rest);
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

bool needs_caution(const Analysis& a) {
  static const char* kTopics[] = {"supplements", "magnesium-forms", "laxatives", "antacids", "epsom-salt"};
  for (const char* t : kTopics)
    if (contains(a.topics, t)) return true;
  // ("can i just buy him magnesium oxide": about to start taking some; the magnesium word alone is enough then.)
  // (Not "which foods should I start eating for magnesium": starting to take it.)
  static const char* kStarting[] = {"buy", "buying", "bought"};
  if (contains(a.words, "magnesium") || contains(a.words, "mag")) {
    for (const char* w : kStarting)
      if (contains(a.words, w)) return true;
    for (size_t i = 0; i + 1 < a.words.size(); ++i)
      if ((a.words[i] == "start"sv || a.words[i] == "starting"sv) &&
          (a.words[i + 1] == "taking"sv || a.words[i + 1] == "magnesium"sv || a.words[i + 1] == "mag"sv ||
           a.words[i + 1] == "supplements"sv || a.words[i + 1] == "a"sv))
        return true;
  }
  static const char* kDoseWords[] = {"dose", "doses", "dosage", "dosing"};
  static const char* kDiseaseWords[] = {"disease", "failure", "ckd", "dialysis", "problem", "problems", "weak",
                                        "issues", "trouble", "impaired", "damage", "insufficiency", "dont", "poorly"};
  if (a.names_amount) return true;  // someone asking about an amount may be about to take it
  const bool kidney = contains(a.topics, "kidney");
  for (const auto& w : a.words) {
    for (const char* d : kDoseWords)
      if (w == d) return true;
    if (kidney)
      for (const char* d : kDiseaseWords)
        if (w == d) return true;
  }
  return false;
}

// How ConversationContext::answered names a passage: an article's sections are told apart.
std::string answered_key(const std::string& entry_id, const std::string& section) {
  return section.empty() ? entry_id : entry_id + "#" + section;
}

// The passage an answered_key names, or nullptr when it is no longer published. An entry's passages are written
// together (one import or save), so they follow its first passage in the index; the whole index is searched only
// if that ever stops being so.
const PassageInfo* answered_passage(const KnowledgeIndex& kb, const std::string& key) {
  const std::string entry_id = key.substr(0, key.find('#'));
  const PassageInfo* first = kb.first_passage_of(entry_id);
  if (!first) return nullptr;
  const auto& all = kb.passages();
  for (auto it = all.begin() + (first - all.data()); it != all.end() && it->row.entry_id == entry_id; ++it)
    if (answered_key(it->row.entry_id, it->row.heading) == key) return &*it;
  for (const auto& passage : all)
    if (answered_key(passage.row.entry_id, passage.row.heading) == key) return &passage;
  return nullptr;
}

// Whether a message places the person in a hospital or clinic now, receiving care: on a drip, an infusion, in a ward
// ("they're giving me magnesium sulfate through a drip and it's hard to breathe", "nurses are busy"), and not back
// home since ("had an infusion yesterday, now at home I can't breathe").
// The upper limit for a child of `age` as the entry on the limits lists it ("- 1 to 3 years: 65 mg a day"), with
// the list item's own words; nothing when the entry lists no such line (a curator's rewording turns the comparison
// off rather than making it wrong).
struct ChildLimit {
  double mg = 0;
  std::string line;  // "1 to 3 years: 65 mg a day"
};
// "400", "62.5": an amount as a person would write it.
std::string format_mg(double mg) {
  char buf[32];
  std::snprintf(buf, sizeof buf, mg == static_cast<double>(static_cast<long long>(mg)) ? "%.0f" : "%.1f", mg);
  return buf;
}

// Whether the words compare two things ("do supplements absorb better than magnesium from food", "oxide vs citrate"):
// an entry on one of them, asked in other words, may not answer the comparison.
bool asks_to_compare(const std::vector<std::string>& words) {
  static const WordSet kCompare = {"than", "vs", "versus", "compared", "compare", "or"};
  return kCompare.contains_any(words);
}

std::optional<ChildLimit> child_limit_in(const std::string& body, int age) {
  static const std::regex kLine(R"((?:^|\n)- ((\d+) to (\d+) years: (\d+) mg a day))");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), kLine); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    if (age >= std::stoi(m[2].str()) && age <= std::stoi(m[3].str())) return ChildLimit{std::stod(m[4].str()), m[1].str()};
  }
  return std::nullopt;
}

// The limit from `age` on (0: an age not told, so an adult's), from the line "- 9 years and older, ...: 350 mg a day".
std::optional<ChildLimit> older_limit_in(const std::string& body, int age) {
  static const std::regex kLine(R"((?:^|\n)- ((\d+) years and older[^:\n]*: (\d+) mg a day))");
  std::smatch m;
  if (!std::regex_search(body, m, kLine) || (age != 0 && age < std::stoi(m[2].str()))) return std::nullopt;
  return ChildLimit{std::stod(m[3].str()), m[1].str()};
}

bool tells_in_care_now(const std::vector<std::string>& words) {
  // (Not "hospital", "clinic" or "nurse" alone: "the hospital just called", "I'm a nurse and I took a handful",
  // "on hold with the nurse line" are said at home; nor "stage iv" kidney disease. "20 minutes ago" says when the
  // drip started; "after the drip" may be at home, so it gets the usual reply.)
  // (Nor "icu nurse" or "works on a ward", said of a job; nor "class iv" heart failure. Magnesium sulfate with nurses
  // or a midwife about is given in care: "she's on magnesium sulfate for pre-eclampsia and the nurses are busy".)
  static const WordSet kCare = {"drip", "infusion", "iv", "cannula"};
  static const WordSet kLeft = {"yesterday", "home", "discharged", "last", "after"};
  static const WordSet kStaff = {"nurse", "nurses", "midwife", "midwives", "labour", "labor", "delivery"};
  bool in_care = false;
  for (size_t i = 0; i < words.size(); ++i)
    in_care = in_care || (kCare.count(words[i]) &&
                          !(words[i] == "iv"sv && i > 0 && (words[i - 1] == "stage"sv || words[i - 1] == "class"sv)));
  in_care = in_care || ((contains(words, std::string("sulfate")) || contains(words, std::string("sulphate"))) &&
                        kStaff.contains_any(words));
  return in_care && !kLeft.contains_any(words);
}

// A question that asks two things ("what are the symptoms of low magnesium and how is it treated?") is answered in
// two parts: for each thing asked, the FAQ entry on every topic asked that declares it and fits it best (below).
// Only when the question joins its two asks ("and", "also", "plus") and has a subject of its own or asks the second
// as a question of its own ("... and how much do I need?"): aspects alone
// are easily read into a question ("how much magnesium the body holds" is not about intake, "what if food isn't
// enough?" asks one thing). The second part is nullptr when one entry answers both; nullopt when no entry fits
// (the best hit then answers alone). `hits` are ranked, best first.
// `asked_twice`: the message asks in two sentences ("could it be magnesium? what foods would help").
std::optional<std::pair<const Hit*, const Hit*>> two_parts(const Analysis& a, const KnowledgeIndex& kb,
                                                           const std::vector<Hit>& hits, double threshold,
                                                           bool asked_twice) {
  const Hit& top = hits.front();
  // (Or when the second ask is a question of its own: "what does magnesium do and how much do I need?")
  static const WordSet kJoins = {"and", "also", "plus"};
  static const WordSet kAsks = {"what", "whats", "which", "how", "why",  "who",   "where",
                                "when", "is",    "are",   "does", "do", "can", "should"};
  bool joins_two_questions = false;
  for (size_t i = 0; i + 1 < a.words.size(); ++i)
    joins_two_questions = joins_two_questions || (kJoins.count(a.words[i]) && kAsks.count(a.words[i + 1]));
  const bool asks_two_things =
      a.aspects.size() >= 2 &&
      (asked_twice ||
       ((joins_two_questions ||
         std::any_of(a.topics.begin(), a.topics.end(), [](const std::string& t) { return t != "magnesium"sv; })) &&
        std::any_of(a.words.begin(), a.words.end(), [](const std::string& w) { return kJoins.count(w) > 0; })));
  // "I take furosemide, lisinopril and levothyroxine. Any problem if I add a magnesium supplement?": how magnesium
  // interacts with two named medicines that have entries of their own is answered by both entries, the best hit
  // and the best-ranked one on a medicine it does not cover. So is what two named causes do to it: "what about my
  // dad? he drinks every day and he's on a diuretic too", after a question about alcohol (blind set b494).
  const bool asks_interactions = a.aspects == std::vector<std::string>{"interactions"};
  // (Or whether they make it low: "i drink a lot and take omeprazole, could my magnesium be low?")
  const bool asks_causes = a.aspects == std::vector<std::string>{"causes"} ||
                           (a.aspects.empty() && contains(a.topics, "hypomagnesemia"));
  if ((asks_interactions || asks_causes) && top.passage->row.kind == EntryKind::Faq) {
    const KeyId aspect = kb.key_id(asks_interactions ? "interactions" : "causes");
    std::vector<KeyId> subjects;
    for (const auto& t : a.topics)
      if (((is_medicine(t) && t != "medicines"sv) || (asks_causes && is_cause_of_low_magnesium(t))) &&
          kb.key_id(t) != kNoKey)
        subjects.push_back(kb.key_id(t));
    auto declares_aspect_of = [&](const Hit& h, KeyId subject) {
      return h.passage->declared_concepts.contains(subject) && h.passage->declared_concepts.contains(aspect);
    };
    const bool top_on_a_subject = std::any_of(subjects.begin(), subjects.end(),
                                              [&](KeyId m) { return declares_aspect_of(top, m); });
    if (subjects.size() >= 2 && top_on_a_subject)
      for (const Hit& h : hits) {
        if (h.passage->row.kind != EntryKind::Faq || h.passage->row.entry_id == top.passage->row.entry_id) continue;
        const bool on_another = std::any_of(subjects.begin(), subjects.end(), [&](KeyId m) {
          return declares_aspect_of(h, m) && !top.passage->declared_concepts.contains(m);
        });
        if (on_another) return std::make_pair(&top, &h);
      }
  }
  // "how does low magnesium affect calcium and vitamin d?": two of the minerals magnesium is tied to, named together
  // in this message, are answered by the entry whose question names each (the best hit, and the best-ranked one on another of them).
  // (By its question, as the entry on vitamin D is also tagged with the calcium it helps absorb.)
  // (Or asked how they interact or what they do to it: "Does the calcium or the zinc mess with the magnesium?", blind set
  // b486.)
  const bool asks_only_ties = std::all_of(a.aspects.begin(), a.aspects.end(), [](const std::string& asp) {
    return asp == "interactions"sv || asp == "causes"sv || asp == "definition"sv;
  });
  if ((a.aspects.size() <= 1 || asks_only_ties) && top.passage->row.kind == EntryKind::Faq) {
    std::vector<std::string> minerals;  // as a question names them: "calcium", "vitamin d"
    for (const auto& t : a.topics)
      if (is_related_mineral(t) && !contains(a.inherited, t)) minerals.push_back(normalize_text(t));
    const auto asks_of = [](const Hit& h, const std::string& mineral) {
      return contains_phrase(words_of(h.passage->row.entry_title), words_of(mineral));
    };
    const bool top_on_a_mineral =
        std::any_of(minerals.begin(), minerals.end(), [&](const std::string& m) { return asks_of(top, m); });
    if (minerals.size() >= 2 && top_on_a_mineral)
      for (const Hit& h : hits) {
        // (At three quarters of the usual score, as two subjects named split every entry's match between them.)
        if (h.passage->row.kind != EntryKind::Faq || h.passage->row.entry_id == top.passage->row.entry_id ||
            h.score < threshold * 0.75)
          continue;
        const bool on_another = std::any_of(minerals.begin(), minerals.end(), [&](const std::string& m) {
          return asks_of(h, m) && !asks_of(top, m);
        });
        if (on_another) return std::make_pair(&top, &h);
      }
  }
  if (!asks_two_things) return std::nullopt;
  // Each part is the entry whose own question is worded most like this one, less a little for each concept it
  // declares that was not asked: "what causes low magnesium and how is it treated?" gets the entry on the causes
  // of a deficiency, not the higher-ranked one on PPIs (whose question also says "cause", "low" and "treat") or
  // the one on sweating (tagged with the same causes but worded unlike the question); "how is low magnesium
  // diagnosed and treated?" gets the entries on its tests and its treatment.
  std::vector<KeyId> asked{kb.key_id("magnesium")};
  for (const auto* names : {&a.topics, &a.aspects})
    for (const auto& name : *names) asked.push_back(kb.key_id(name));
  auto fit = [&](const Hit& h) {
    const auto& declared = h.passage->declared_concepts.keys();
    const auto not_asked = std::count_if(declared.begin(), declared.end(), [&](KeyId k) {
      return std::find(asked.begin(), asked.end(), k) == asked.end();
    });
    return h.phrasing_similarity - 0.05 * static_cast<double>(not_asked);
  };
  // The conditions asked about (low or high magnesium): a second part on one of them need not be on the other
  // topics too, which belong to the first ask ("what are the symptoms of low magnesium and what blood test would
  // check for it?": the signs of low magnesium, beside the entry on tests).
  std::vector<KeyId> conditions;
  for (const auto& t : a.topics)
    if (t == "hypomagnesemia"sv || t == "hypermagnesemia"sv) conditions.push_back(kb.key_id(t));
  auto on_every_condition = [&](const Hit& h) {
    return !conditions.empty() && std::all_of(conditions.begin(), conditions.end(), [&](KeyId c) {
      return c != kNoKey && h.passage->declared_concepts.contains(c);
    });
  };
  // A group of people named beside the asks qualifies the amount asked, not the other ask: "what foods have magnesium
  // and how much do i need a day, im a 40 year old man" wants food lists that are not about men. (So do supplements
  // named beside the amounts and the limit: "How much magnesium does a 45 year old woman need per day? And what's the
  // most I can safely take from pills?", blind set b486.)
  const bool amounts_and_limit = contains(a.aspects, "intake") && contains(a.aspects, "upper-limit");
  const bool topics_are_groups =
      (contains(a.aspects, "intake") || contains(a.aspects, "upper-limit")) &&
      std::any_of(a.topics.begin(), a.topics.end(), is_group_of_people) &&
      std::all_of(a.topics.begin(), a.topics.end(), [&](const std::string& t) {
        return t == "magnesium"sv || is_group_of_people(t) || (amounts_and_limit && t == "supplements"sv);
      });
  const KeyId intake = kb.key_id("intake"), upper_limit = kb.key_id("upper-limit"), foods = kb.key_id("foods");
  std::vector<KeyId> groups_named;
  for (const auto& t : a.topics)
    if (is_group_of_people(t)) groups_named.push_back(kb.key_id(t));
  auto on_the_groups = [&](const Hit& h) {
    return std::all_of(groups_named.begin(), groups_named.end(),
                       [&](KeyId g) { return g != kNoKey && h.passage->declared_concepts.contains(g); });
  };
  // The best-fitting answer to one aspect, from another entry than `other` (nullptr: any).
  auto best_fit_for = [&](KeyId aspect, const Hit* other) -> const Hit* {
    const Hit* chosen = nullptr;
    double chosen_fit = 0;
    for (const Hit& h : hits) {
      if (other && h.passage->row.entry_id == other->passage->row.entry_id) continue;
      // (Only when the question plainly asks twice: "... and what blood test...?", not "throwing up and diarrhea".)
      const bool on_topic = h.topic_match >= 1.0 || a.topics.empty() ||
                            (topics_are_groups && (joins_two_questions || asked_twice) &&
                             ((aspect != intake && aspect != upper_limit) || on_the_groups(h))) ||
                            (other && (joins_two_questions || asked_twice) && on_every_condition(h)) ||
                            // (Foods asked second are magnesium's, not the first ask's subject's: "...eye twitch and
                            // leg cramps at night... could that be it and what should i be eating", blind set b499.)
                            (other && (joins_two_questions || asked_twice) && aspect == foods);
      if (h.passage->row.kind != EntryKind::Faq || h.score < threshold || !on_topic ||
          !h.passage->declared_concepts.contains(aspect))
        continue;
      const double f = fit(h);
      if (!chosen || f > chosen_fit) chosen = &h, chosen_fit = f;
    }
    return chosen;
  };
  std::vector<KeyId> asks;  // the things asked, in the question's order
  for (const auto& aspect : a.aspects) {
    const KeyId id = kb.key_id(aspect);
    if (aspect != "definition"sv && !contains(a.inherited, aspect) && id != kNoKey) asks.push_back(id);
  }
  // (The amount asked for a group is answered by an entry on that group: the food table's Daily Value is not what a
  // 40-year-old man needs.)
  auto answers = [&](const Hit& h, KeyId ask) {
    return h.passage->declared_concepts.contains(ask) &&
           !(topics_are_groups && (joins_two_questions || asked_twice) && (ask == intake || ask == upper_limit) &&
             !on_the_groups(h));
  };
  const Hit* first = nullptr;
  for (const KeyId ask : asks) {
    if (!first) {
      first = best_fit_for(ask, nullptr);
    } else if (!answers(*first, ask)) {
      if (const Hit* second = best_fit_for(ask, first)) return std::make_pair(first, second);
    }
  }
  // One entry that declares every ask answers them together.
  if (first && std::all_of(asks.begin(), asks.end(), [&](KeyId ask) { return answers(*first, ask); }))
    return std::make_pair(first, static_cast<const Hit*>(nullptr));
  // Otherwise the best hit answers what it declares, and another entry the rest.
  if (top.topic_match >= 1.0 || a.topics.empty()) {
    for (const KeyId ask : asks)
      if (!top.passage->declared_concepts.contains(ask))
        if (const Hit* second = best_fit_for(ask, &top)) return std::make_pair(&top, second);
    return std::nullopt;
  }
  // A best hit that misses a topic asked gives way to the entry that has them all and answers one ask ("why do
  // diuretics lower magnesium and what can I do?": the entry on diuretics, not the one on PPIs).
  if (first) return std::make_pair(first, static_cast<const Hit*>(nullptr));
  return std::nullopt;
}

}  // namespace

Answerer::Answerer(std::shared_ptr<const KnowledgeIndex> kb, Templates templates, AnswerSettings settings)
    : kb_(std::move(kb)), templates_(std::move(templates)), settings_(std::move(settings)) {}

std::string Answerer::limit_line_read_first(const Analysis& a, const KnowledgeIndex& kb) const {
  if (!a.child_amount && !a.product_for_young_child) return "";
  const PassageInfo* limits = kb.first_passage_of(settings_.child_limit_entry);
  if (!limits) return "";
  // ("an 8-year-old", "a 3-year-old")
  const auto a_child_of_age = [](int years) {
    return (years == 8 ? "an " : "a ") + std::to_string(years) + "-year-old";
  };
  if (!a.child_amount) {
    const auto limit = child_limit_in(limits->row.body, a.product_for_young_child);
    if (!limit) return "";
    return templates_.render("child_magnesium_product",
                             {{"a_child_of_age", a_child_of_age(a.product_for_young_child)}, {"limit", limit->line}});
  }
  const bool child = a.child_amount->age >= 1 && a.child_amount->age <= 8;
  const auto limit = child ? child_limit_in(limits->row.body, a.child_amount->age)
                           : older_limit_in(limits->row.body, a.child_amount->age);
  if (!limit || a.child_amount->mg <= limit->mg) return "";
  if (!child)
    return templates_.render("amount_over_limit", {{"amount", format_mg(a.child_amount->mg)}, {"limit", limit->line}});
  return templates_.render("amount_over_child_limit", {{"amount", format_mg(a.child_amount->mg)},
                                                       {"a_child_of_age", a_child_of_age(a.child_amount->age)},
                                                       {"limit", limit->line}});
}

std::string Answerer::lines_read_first(const Analysis& a, const std::string& over_limit,
                                       bool answered) const {
  std::vector<std::string> lines;
  // (The same advice, so one of the two: the result's.)
  if (a.buildup_signs_with_kidney_disease && !a.result_outside_ranges) lines.push_back(templates_.render("buildup_signs"));
  if (a.heart_signs_today && !a.result_outside_ranges) lines.push_back(templates_.render("heart_signs_today"));
  if (a.result_outside_ranges) lines.push_back(templates_.render("result_outside_ranges"));
  if (a.result_outside_some_ranges) lines.push_back(templates_.render("result_outside_some_ranges"));
  if (a.supplement_for_baby) lines.push_back(templates_.render("baby_supplement"));
  if (a.tells_disordered_eating) lines.push_back(templates_.render("eating_disorder"));
  if (a.stops_heavy_drinking) lines.push_back(templates_.render("stopping_heavy_drinking"));
  if (a.asks_what_to_do_after_swallowing) lines.push_back(templates_.render("overdose_first"));
  if (!over_limit.empty()) lines.push_back(over_limit);
  if (answered && a.asks_to_take_more && !a.asks_to_stop_medicine) lines.push_back(templates_.render("take_more"));
  if (a.asks_to_stop_medicine) lines.push_back(templates_.render("stopping_medicine"));
  std::string text;
  for (const auto& line : lines) text += line + "\n\n";
  return text;
}

AnswerResult Answerer::answer(const std::string& message, const ConversationContext& previous, Database& reader) const {
  AnswerResult result = compose(message, previous, reader);
  // (Right after the crisis lines, whatever else is answered comes after a reminder of them.)
  if (result.analysis.follows_crisis && result.reply.type != ReplyType::Emergency)
    result.reply.answer = templates_.render("crisis_reminder") + "\n\n" + result.reply.answer;
  // (And right after the emergency reply, a reminder of it: the question after it, "could it be my magnesium?", may
  // come from someone still in danger; second probe of the fortieth session.)
  else if (result.analysis.follows_emergency && result.reply.type != ReplyType::Emergency)
    result.reply.answer = templates_.render("emergency_reminder") + "\n\n" + result.reply.answer;
  result.context = result.analysis.context();
  // The questions before this one, for a later "going back to ...": the last one's subject joins them (a message
  // that kept the context, "thanks", keeps them as they were).
  if (!result.analysis.kept_context) {
    auto& earlier = result.context.earlier;
    earlier = previous.earlier;
    const bool repeats = !earlier.empty() && earlier.front().topics == previous.topics &&
                         earlier.front().aspects == previous.aspects;
    if (!previous.empty() && !repeats)
      earlier.insert(earlier.begin(), EarlierSubject{previous.topics, previous.aspects, previous.stems, previous.in_scope});
    if (earlier.size() > ConversationContext::kMaxEarlier) earlier.resize(ConversationContext::kMaxEarlier);
  }
  // The entries given so far, this turn's answer last (its cited parts; not the caution added to it).
  auto& answered = result.context.answered;
  answered = previous.answered;
  const auto& sources = result.reply.sources;
  // Only a subject that went unanswered is what "it" in the next message may ask about again (question_analyser.h).
  if (result.reply.type != ReplyType::NoAnswer && result.reply.type != ReplyType::OutOfScope)
    result.context.not_covered.clear();
  // ...and it stays so while the conversation goes on about it unanswered: "can my dog take magnesium?" - "he's a
  // 30 kg lab" - "how much should I give him?" still asks about the dog.
  else if (result.context.not_covered.empty() && !result.analysis.kept_context)
    result.context.not_covered = previous.not_covered;
  result.context.asked_benefit = result.analysis.asks_benefit && result.reply.type == ReplyType::NoAnswer;
  {
    const auto message_words_read = shared_words_of(message);
    const auto& message_words = *message_words_read;
    result.context.kidney_disease_told = previous.kidney_disease_told || tells_kidney_disease(message_words);
    result.context.own_kidney_disease_told = previous.own_kidney_disease_told || tells_own_kidney_disease(message_words);
    result.context.pregnancy_told = previous.pregnancy_told || tells_own_pregnancy(message_words);
    result.context.heavy_drinking_told = previous.heavy_drinking_told || tells_heavy_drinking(message_words);
    const std::optional<int> age = ages_named(message_words) == 1 ? age_named(message_words) : std::nullopt;
    result.context.age_told = age && *age > 0 ? *age : previous.age_told;
    result.context.baby_told = previous.baby_told || tells_of_baby(message_words);
    result.context.amount_told = result.analysis.child_amount ? result.analysis.child_amount->mg : 0;
  }
  if (!result.analysis.kept_context) result.context.last_answer_parts = 0;
  if (result.reply.type == ReplyType::Answer) {
    const size_t parts = sources.size() - (sources.size() > 1 && sources.back().entry_id == settings_.caution_entry);
    result.context.last_answer_parts = parts;
    for (size_t i = 0; i < parts; ++i) {
      const std::string key = answered_key(sources[i].entry_id, sources[i].section);
      answered.erase(std::remove(answered.begin(), answered.end(), key), answered.end());
      answered.push_back(key);
    }
  }
  if (answered.size() > ConversationContext::kMaxAnswered)
    answered.erase(answered.begin(), answered.end() - static_cast<long>(ConversationContext::kMaxAnswered));
  // (After the entries given so far are noted: the limits cited for the line said first are not what was answered.)
  cite_limit_line(result);
  return result;
}

void Answerer::cite_limit_line(AnswerResult& result) const {
  const auto kb = index();
  const std::string& line = result.limit_line;
  Reply& r = result.reply;
  const size_t at = line.empty() ? std::string::npos : r.answer.find(line);
  const PassageInfo* limits = kb->first_passage_of(settings_.child_limit_entry);
  if (at == std::string::npos || !limits) return;
  int id = 0;
  for (const auto& s : r.sources)
    if (s.entry_id == settings_.child_limit_entry && s.section.empty()) id = s.id;
  if (id == 0) {
    id = static_cast<int>(r.sources.size()) + 1;
    r.sources.push_back(source_ref(*limits, id));
  }
  r.answer.insert(at + line.size(), " [" + std::to_string(id) + "]");
}

AnswerResult Answerer::compose(const std::string& message, const ConversationContext& previous, Database& reader) const {
  const auto kb = index();
  AnswerResult result;
  Analysis& a = result.analysis;
  Reply& r = result.reply;
  a = analyse_question(message, previous, *kb);
  r.disclaimer = templates_.render("disclaimer");
  r.corrected_query = a.corrected_query;
  r.topics = a.topics;
  r.aspects = a.aspects;

  switch (a.kind) {
    case MessageKind::Emergency: {
      r.type = ReplyType::Emergency;
      // (A rule's own prompt that is missing must not cost the person the emergency reply.)
      std::string reply = templates_.has(a.emergency_reply) ? a.emergency_reply : "emergency";
      // Someone on a drip or in a ward gets help fastest from the staff there (safety review, 2026-12-01).
      if (reply == "emergency"sv && templates_.has("emergency_in_care") && tells_in_care_now(*shared_words_of(message)))
        reply = "emergency_in_care";
      r.answer = templates_.render(reply);
      r.confidence = 1.0;
      return result;
    }
    case MessageKind::SmallTalk:
    case MessageKind::Thanks:
    case MessageKind::AboutMe:
    case MessageKind::MoreWithoutSubject:
    case MessageKind::AboutThePerson:
      r.type = ReplyType::Greeting;
      r.answer = templates_.render(a.kind == MessageKind::Thanks               ? "thanks"
                                   : a.kind == MessageKind::AboutMe            ? "about_me"
                                   : a.kind == MessageKind::MoreWithoutSubject ? "more_without_subject"
                                   : a.kind == MessageKind::AboutThePerson     ? "about_the_person"
                                                                              : "greeting");
      r.confidence = 1.0;
      return result;
    case MessageKind::Question:
      break;
  }
  result.limit_line = limit_line_read_first(a, *kb);
  // "Where did you get that?", "are you sure?": the last answer again, with every source of the entries that gave
  // it. (If a curator has since removed them, the message is answered as any other.)
  if (a.asks_source && !previous.answered.empty()) {
    // The parts of the last answer (the last one given, if the last reply was not an answer).
    const size_t parts = std::min(std::max<size_t>(previous.last_answer_parts, 1), previous.answered.size());
    std::vector<const PassageInfo*> given;
    for (size_t i = previous.answered.size() - parts; i < previous.answered.size(); ++i)
      if (const PassageInfo* p = answered_passage(*kb, previous.answered[i])) given.push_back(p);
    if (!given.empty()) {
      r.type = ReplyType::Answer;
      r.confidence = 1.0;
      r.corrected_query.clear();
      std::string entries, list;
      for (size_t i = 0; i < given.size(); ++i) {
        const PassageRow& row = given[i]->row;
        const int marker = static_cast<int>(i) + 1;
        r.sources.push_back(source_ref(*given[i], marker));
        if (i) entries += " and ";
        entries += "\"" + (row.kind == EntryKind::Faq ? row.entry_title : row.heading) + "\" [" + std::to_string(marker) + "]";
        for (const auto& s : row.sources)
          if (list.find("(" + s.url + ")") == std::string::npos) list += "- [" + s.title + "](" + s.url + ")\n";
      }
      // The answer again (what "really?" doubts), each part with its own marker, then where it comes from.
      std::string again;
      for (size_t i = 0; i < given.size(); ++i)
        again += (i ? "\n\n" : "") + extract_relevant(*parts_of(*given[i]), previous.stems, static_cast<int>(i) + 1,
                                                        settings_.max_answer_words / given.size());
      r.answer = templates_.render("source_of_last", {{"answer", again}, {"entries", entries}, {"sources", list}});
      return result;
    }
  }
  // "One line please", "tl;dr": the entry that gave the last answer, cut to its opening sentence and what fits
  // beside it (extract_relevant puts the opening first). (If a curator has since removed that entry, the message
  // is answered as any other.)
  if (a.asks_shorter && !previous.answered.empty()) {
    constexpr size_t kShortAnswerWords = 40;
    if (const PassageInfo* last = answered_passage(*kb, previous.answered.back())) {
      r.type = ReplyType::Answer;
      r.confidence = 1.0;
      r.corrected_query.clear();  // ("pls" read as "please" searched nothing: no "showing results for")
      r.sources.push_back(source_ref(*last, 1));
      // (Shorter never drops the warning: a sentence about the kidneys, an upper limit or a doctor is kept beside
      // the opening, and the kidney caution follows when the conversation told of kidney disease. Safety review,
      // 2026-12-01: "keep it short" left a dialysis patient a bare "Yes." about magnesium citrate.)
      static const std::vector<std::string> kSafetyStems = content_stems(
          words_of("kidney kidneys dialysis upper limit supplements doctor supervision harmful dangerous"));
      const auto parts = parts_of(*last);
      std::string body = extract_relevant(*parts, {}, 1, kShortAnswerWords);
      // (A list of amounts by group is kept whole when part of it was: "simpler" on the adult amounts kept the men's
      // rows only, which a woman would read as hers. A list of foods may be cut: any of them is right.)
      size_t list_start = 0;
      while (list_start < parts->units.size() && !parts->units[list_start].list_item) ++list_start;
      size_t list_words = 0, listed = 0, kept = 0;
      bool amounts_by_group = false;
      for (size_t i = list_start; i < parts->units.size() && parts->units[i].list_item; ++i, ++listed) {
        list_words += parts->units[i].words;
        kept += body.find(parts->units[i].text) != std::string::npos ? 1 : 0;
        amounts_by_group = amounts_by_group || parts->units[i].text.find(" a day") != std::string::npos;
      }
      const size_t whole_list = (parts->units.empty() ? 0 : parts->units[0].words) + list_words;
      if (amounts_by_group && kept > 0 && kept < listed && whole_list <= 2 * kShortAnswerWords)
        body = extract_relevant(*parts, {}, 1, whole_list);
      const BodyParts::Unit* warning = nullptr;
      size_t most = 0;
      for (const auto& unit : parts->units) {
        const size_t hits = static_cast<size_t>(std::count_if(unit.stems.begin(), unit.stems.end(), [](const std::string& st) {
          return std::find(kSafetyStems.begin(), kSafetyStems.end(), st) != kSafetyStems.end();
        }));
        // (Or the sentence saying when to get emergency care: "Severe symptoms need emergency medical care.")
        static const std::vector<std::string> kEmergency = content_stems(words_of("emergency"));
        const bool says_emergency = std::any_of(unit.stems.begin(), unit.stems.end(), [](const std::string& st) {
          return std::find(kEmergency.begin(), kEmergency.end(), st) != kEmergency.end();
        });
        if (says_emergency && !warning) {
          warning = &unit;
          most = 1;
          continue;
        }
        if (hits >= 2 && hits > most) {
          most = hits;
          warning = &unit;
        }
      }
      if (warning && body.find(warning->text) == std::string::npos) body += "\n\n" + warning->text + " [1]";
      std::string caution;
      const PassageInfo* kidney_caution = kb->first_passage_of(settings_.caution_entry);
      if (contains(previous.topics, "kidney") && kidney_caution && kidney_caution != last) {
        r.sources.push_back(source_ref(*kidney_caution, 2));
        caution = templates_.render("caution", {{"caution", cite_markdown(*parts_of(*kidney_caution), 2)}});
        // (As in a full answer: the caution first, and no bare "Yes." for someone with kidney disease.)
        if (starts_with_yes_or_no(body)) {
          body = caution + "\n\n" + without_yes_or_no(body);
          caution.clear();
        }
      }
      r.answer = templates_.render("answer", {{"body", body}, {"caution", caution}, {"clarify", ""}});
      return result;
    }
  }
  // ("Just tell me my dose" asks for a dose, in a chat about magnesium, whatever words it uses.)
  if (!a.in_scope && a.asks_personal_dose) {
    r.type = ReplyType::NoAnswer;
    r.confidence = 1.0;
    r.answer = templates_.render("personal_dose", {{"topic_hint", ""}});
    return result;
  }
  if (!a.in_scope) {
    r.corrected_query.clear();  // a "correction" of words we do not know anyway would only confuse
    r.type = ReplyType::OutOfScope;
    r.answer = templates_.render(a.other_language ? "other_language" : "out_of_scope");
    if (a.asks_to_stop_medicine) r.answer = templates_.render("stopping_medicine") + "\n\n" + r.answer;
    r.confidence = 1.0;
    return result;
  }

  SearchOptions opt;
  const size_t shown = 8 + (a.asks_for_more ? previous.answered.size() : 0);  // room after the exclusions
  // More are ranked than shown: the second part of a question that asks two things often ranks below several
  // entries on its first ask ("what causes low magnesium and what foods can help?": seven causes entries, then
  // the prevention entry). Everything else uses the first `shown`.
  opt.limit = static_cast<int>(shown) + 12;
  auto ranked = search_passages(a, *kb, reader, opt);
  // "Tell me more": what was already said is not more.
  auto said_before = [&](const Hit& h) {
    const PassageRow& row = h.passage->row;
    return contains(previous.answered, answered_key(row.entry_id, row.heading));
  };
  std::vector<Hit> hits(ranked.begin(), ranked.begin() + static_cast<long>(std::min(shown, ranked.size())));
  if (a.asks_for_more) {
    hits.erase(std::remove_if(hits.begin(), hits.end(), said_before), hits.end());
    ranked.erase(std::remove_if(ranked.begin(), ranked.end(), said_before), ranked.end());
  }
  for (const auto& h : hits)
    r.explain.push_back({h.passage->row.entry_id, h.passage->row.heading, h.score, h.bm25, h.header_coverage, h.phrasing_similarity,
                         h.text_coverage, h.topic_match, h.aspect_match, h.conflict});

  // Suggestions: the questions of other good entries, best first, each entry once, none the conversation has
  // already been given.
  auto suggestions_after = [&](const std::string& skip_entry, size_t max) {
    std::vector<std::string> out, seen{skip_entry};
    seen.insert(seen.end(), previous.answered.begin(), previous.answered.end());
    for (const auto& h : hits) {
      if (out.size() >= max) break;
      const auto& row = h.passage->row;
      if (contains(seen, row.entry_id) || row.kind != EntryKind::Faq || h.score < 0.25) continue;
      seen.push_back(row.entry_id);
      out.push_back(row.entry_title);
    }
    return out;
  };

  // A question about a related mineral alone ("how much calcium do I need?") is answered only by an entry that
  // is about that mineral and that kind of question; magnesium text is not an answer to it.
  auto answers_related_question = [&](const Hit& h) {
    if (!a.related_only) return true;
    for (const auto& t : a.topics)
      if (t != "magnesium"sv && !h.passage->header_concepts.contains(kb->key_id(t))) return false;
    // (An entry asked almost word for word answers whatever aspect "why" reads: "why does my potassium stay low
    // even though I take potassium pills?" is the entry on magnesium and potassium.)
    return (h.aspect_match >= 1.0 || a.aspects.empty() || h.phrasing_similarity >= 0.98) &&
           h.phrasing_similarity >= 0.95;
  };
  // A subject the knowledge base is known not to cover ("migraines", "my dog") gets an honest no_answer,
  // unless the passage found actually talks about it (a curator has since written an entry).
  // A subject of several words must stand in the passage as it stands in the question, its stems side by side:
  // "how long does magnesium take to start working?" is not answered by an entry that says "start" in one sentence
  // and "kidneys that do not work well" in another (fortieth session). (Or each of its words in the questions the
  // passage answers, which the curator wrote for it: "does magnesium lower BP", "can magnesium help high blood
  // pressure" answer "magnesium for high BP".)
  const std::vector<std::string> question_stems =
      a.not_covered_stems.size() >= 2 ? content_stems(a.words) : std::vector<std::string>{};
  std::vector<std::pair<std::string, std::string>> stems_side_by_side;
  for (size_t i = 0; i + 1 < question_stems.size(); ++i)
    if (contains(a.not_covered_stems, question_stems[i]) && contains(a.not_covered_stems, question_stems[i + 1]))
      stems_side_by_side.emplace_back(question_stems[i], question_stems[i + 1]);
  auto covers_named_subjects = [&](const Hit& h) {
    for (const auto& stem : a.not_covered_stems)
      if (!h.passage->all_stems.contains(kb->key_id(stem))) return false;
    if (stems_side_by_side.empty() ||
        std::all_of(a.not_covered_stems.begin(), a.not_covered_stems.end(),
                    [&](const std::string& stem) { return h.passage->header_stems.contains(kb->key_id(stem)); }))
      return true;
    const PassageRow& row = h.passage->row;
    const auto passage_stems = content_stems(words_of(row.heading + "\n" + row.body));
    return std::all_of(stems_side_by_side.begin(), stems_side_by_side.end(), [&](const auto& pair) {
      for (size_t i = 0; i + 1 < passage_stems.size(); ++i)
        if (passage_stems[i] == pair.first && passage_stems[i + 1] == pair.second) return true;
      return false;
    });
  };
  // "Is magnesium good for osteoporosis?" is not answered by a neighbouring entry with "the closest question I
  // have an answer for is...": only an entry phrased for that benefit, or one on every topic the question names.
  auto answers_benefit_question = [&](const Hit& h) {
    return !a.asks_benefit || h.phrasing_similarity >= settings_.closest_question_below || h.topic_match >= 1.0;
  };
  auto answers_medicine_question = [&](const Hit& h) {
    return !a.only_medicine_in_scope || h.phrasing_similarity >= settings_.closest_question_below ||
           h.topic_match >= 1.0;
  };
  // "Is magnesium citrate safe for constipation during pregnancy?", "...for my 4 year old?": whether something is safe
  // in pregnancy or for a child is answered only by an entry about pregnancy or children. The entry on the product
  // alone ("Yes. Magnesium citrate is sold over the counter...") would read as a yes to a question the knowledge
  // base does not answer, so the reply is the honest no_answer with related questions.
  // (Only an entry that opens with "Yes" or "No": one that says "talk to a doctor before..." misleads no one, and
  // is shown under the question it answers, below.)
  auto asks_safety_for_group_not_covered = [&](const Hit& h) {
    // (Asked as leave too: "is magnesium citrate ok for constipation during pregnancy?", "can I use it while
    // pregnant?")
    static const WordSet kAsksSafety = {"safe", "safely", "ok", "okay", "alright"};
    const bool asks_leave = a.asks_permission || contains_phrase(a.words, {"can", "i", "use"}) ||
                            contains_phrase(a.words, {"can", "i", "give"}) || contains_phrase(a.words, {"can", "she", "use"}) ||
                            contains_phrase(a.words, {"can", "i", "take"});
    if (!asks_leave &&
        std::none_of(a.words.begin(), a.words.end(), [](const std::string& w) { return kAsksSafety.count(w) > 0; }))
      return false;
    for (const char* group : {"pregnancy", "children"})
      if (contains(a.topics, group) && !contains(a.inherited, group) &&
          !h.passage->header_concepts.contains(kb->key_id(group)))
        return true;
    return false;
  };
  auto answers_safety_for_group = [&](const Hit& h) {
    return !asks_safety_for_group_not_covered(h) || !starts_with_yes_or_no(h.passage->row.body);
  };
  // (An entry on how magnesium interacts with a medicine the question names answers it at a lower score: a long list
  // of medicines and circumstances lowers every score, "I'm 78, I take furosemide 40mg, omeprazole, alendronate once
  // a week and amlodipine... Is it ok to take them all together in the morning?")
  const KeyId interactions_key = kb->key_id("interactions");
  auto on_named_medicine_interactions = [&](const Hit& h) {
    return contains(a.aspects, "interactions") && h.passage->declared_concepts.contains(interactions_key) &&
           std::any_of(a.topics.begin(), a.topics.end(), [&](const std::string& t) {
             return is_medicine(t) && t != "medicines"sv && h.passage->declared_concepts.contains(kb->key_id(t));
           });
  };
  // (Computed only when an entry would otherwise be refused for a group: most questions never ask.)
  auto teen_or_older = [&] {
    static const WordSet kTeen = {"teen", "teens", "teenager", "teenagers", "adolescent", "adolescents"};
    const auto age = age_named(a.words);
    return (age && *age >= 12) || kTeen.contains_any(a.words);
  };
  auto answers_what_is_asked = [&](const Hit& h) {
    const double threshold = settings_.answer_threshold * (on_named_medicine_interactions(h) ? 0.75 : 1.0);
    // (How magnesium goes with a medicine named is the same for a teenager: "My teenager is on doxycycline for acne
    // and also takes a magnesium supplement at night. Is it ok to take them together?")
    // (Not for a baby or a young child, for whom supplements are a doctor's matter: only a teenager or older.)
    return h.score >= threshold && answers_related_question(h) && covers_named_subjects(h) &&
           answers_benefit_question(h) && answers_medicine_question(h) &&
           (answers_safety_for_group(h) || (on_named_medicine_interactions(h) && teen_or_older()));
  };
  // A near tie in which only the second answers what is asked goes to the second: "can i take my heartburn antacid
  // while im on azithromycin" ranks the antacid entry a hair above the antibiotics one, yet only the latter is on
  // every medicine named. (hits and ranked begin with the same passages.)
  // (Only for that: a benefit or a subject the knowledge base does not cover is not answered by a neighbour.)
  if (hits.size() >= 2 && ranked.size() >= 2 && !answers_medicine_question(hits[0]) && answers_what_is_asked(hits[1]) &&
      hits[0].score - hits[1].score <= 0.03) {
    std::swap(hits[0], hits[1]);
    std::swap(ranked[0], ranked[1]);
  }
  // A follow-up that asks something new of the last answer's subject is not given that answer again: "What is
  // Epsom salt?" - "What is the upper limit?" gets the entry on the upper limit, not the Epsom salt entry (which
  // ranks first on its topic but declares nothing that is asked) word for word. Only an entry that answers that
  // kind of question, and answers what is asked, takes its place.
  // (Not one that asks it of what was answered: "how much of it is in the blood?" after where magnesium is stored.)
  static const WordSet kPointsAtAnswer = {"it", "its", "they", "them", "their", "that", "this", "those", "these"};
  const bool points_at_answer = std::any_of(a.words.begin(), a.words.end(),
                                            [](const std::string& w) { return kPointsAtAnswer.count(w) > 0; });
  if (a.follow_up && !points_at_answer && !hits.empty() && previous.last_answer_parts > 0 && !previous.answered.empty() &&
      hits[0].aspect_match < 1.0 &&
      std::any_of(a.aspects.begin(), a.aspects.end(),
                  [&](const std::string& asp) {
                    // (Not "how much": "how much is too much for my 7 year old?" after supplements for kids asks
                    // the limit the last answer gave.)
                    return (asp == "upper-limit"sv || asp == "foods"sv) && !contains(a.inherited, asp);
                  }) &&
      answered_key(hits[0].passage->row.entry_id, hits[0].passage->row.heading) == previous.answered.back() &&
      std::none_of(a.aspects.begin(), a.aspects.end(), [&](const std::string& asp) {
        return !contains(a.inherited, asp) && hits[0].passage->declared_concepts.contains(kb->key_id(asp));
      })) {
    // (Of those, the one whose own question is worded most like this one: "the upper limit" is the entry on the
    // upper limit, not the one on too much from food, which declares it too.)
    size_t chosen = 0;
    for (size_t i = 1; i < hits.size(); ++i)
      if (hits[i].aspect_match >= 1.0 && hits[i].passage->row.kind == EntryKind::Faq && answers_what_is_asked(hits[i]) &&
          (chosen == 0 || hits[i].phrasing_similarity > hits[chosen].phrasing_similarity))
        chosen = i;
    if (chosen > 0) {
      const auto at = static_cast<long>(chosen);
      std::rotate(hits.begin(), hits.begin() + at, hits.begin() + at + 1);
      std::rotate(ranked.begin(), ranked.begin() + at, ranked.begin() + at + 1);
    }
  }
  // A follow-up that names something of its own ("and in kids?" after the symptoms of low magnesium) is not given the
  // last answer again when an entry not yet given ranks within a hair of it, answers the same kind of question and
  // matches the words better: that one says something about what was added ("seizures, especially in children").
  // (Second blind probe of 2026-12-02, s38: 19 of 68 follow-ups got the previous reply again.)
  if (a.follow_up && !a.asks_for_more && hits.size() >= 2 && previous.last_answer_parts > 0 &&
      !previous.answered.empty() &&
      answered_key(hits[0].passage->row.entry_id, hits[0].passage->row.heading) == previous.answered.back() &&
      std::any_of(a.topics.begin(), a.topics.end(), [&](const std::string& t) { return !contains(a.inherited, t); })) {
    for (size_t i = 1; i < hits.size() && hits[0].score - hits[i].score <= 0.02; ++i)
      if (!said_before(hits[i]) && hits[i].passage->row.kind == EntryKind::Faq &&
          hits[i].aspect_match >= hits[0].aspect_match && hits[i].topic_match >= hits[0].topic_match &&
          hits[i].bm25 < hits[0].bm25 && answers_what_is_asked(hits[i])) {
        const auto at = static_cast<long>(i);
        std::rotate(hits.begin(), hits.begin() + at, hits.begin() + at + 1);
        std::rotate(ranked.begin(), ranked.begin() + at, ranked.begin() + at + 1);
        break;
      }
  }
  // A follow-up that only names who it is about keeps what the last turn asked: "what is the upper limit for
  // magnesium" - "and for young kids?" is the upper limit for children (the entry on the limits has them), not the
  // children's daily amounts, which rank first on the word "kids" (first blind probe of 2026-12-02, s38).
  // (Only who: "what about my grandma? her kidneys are bad and she takes antacids every single day" names its own
  // subjects, and gets the entry on them.)
  const auto own_topic_is_a_group = [&](const std::string& t) {
    return contains(a.inherited, t) || t == "magnesium"sv || is_group_of_people(t);
  };
  if (a.follow_up && !a.aspects.empty() && hits.size() >= 2 && hits[0].aspect_match < 0.5 &&
      std::all_of(a.aspects.begin(), a.aspects.end(),
                  [&](const std::string& asp) { return contains(a.inherited, asp); }) &&
      std::all_of(a.topics.begin(), a.topics.end(), own_topic_is_a_group))
    for (size_t i = 1; i < hits.size() && hits[0].score - hits[i].score <= 0.06; ++i)
      if (hits[i].aspect_match >= 1.0 && hits[i].passage->row.kind == EntryKind::Faq &&
          answers_what_is_asked(hits[i])) {
        const auto at = static_cast<long>(i);
        std::rotate(hits.begin(), hits.begin() + at, hits.begin() + at + 1);
        std::rotate(ranked.begin(), ranked.begin() + at, ranked.begin() + at + 1);
        break;
      }
  // The amounts asked with a pregnancy told, now or earlier, are the pregnancy amounts: "I'm 17 and pregnant" - "how
  // much magnesium do I need a day" got the adults' table, whose own question is worded like it (safety review
  // 2026-12-01, third). The best-ranked entry on pregnancy that declares the amounts takes the first place.
  {
    const KeyId pregnancy = kb->key_id("pregnancy"), intake_key = kb->key_id("intake");
    if (contains(a.topics, "pregnancy") && contains(a.aspects, "intake") && !hits.empty() && pregnancy != kNoKey &&
        !hits[0].passage->declared_concepts.contains(pregnancy))
      for (size_t i = 1; i < hits.size(); ++i)
        if (hits[i].passage->declared_concepts.contains(pregnancy) &&
            hits[i].passage->declared_concepts.contains(intake_key) && answers_what_is_asked(hits[i])) {
          const auto at = static_cast<long>(i);
          std::rotate(hits.begin(), hits.begin() + at, hits.begin() + at + 1);
          std::rotate(ranked.begin(), ranked.begin() + at, ranked.begin() + at + 1);
          break;
        }
  }
  // A dose asked for someone with kidney disease ("CKD stage 3 ... what dose should I take?") is declined, and what
  // the knowledge base says about kidney disease and supplements is the answer: the reason no dose is safe to guess.
  // The dose refusal as an answer whose cited note is the entry `note_entry` (its passage `note`).
  auto decline_with_cited_note = [&](const PassageInfo& note, const std::string& note_entry) {
    r.type = ReplyType::Answer;
    r.confidence = 1.0;
    r.sources.push_back(source_ref(note, 1));
    r.suggestions = suggestions_after(note_entry, 3);
    // (What must be read first comes first here too: "my 5 month old is constipated, can I give him a few drops of
    // magnesium citrate?" is declined after "only breast milk, formula or food".)
    // (Not the line on a young child's limit before the limits by age themselves: "can I give my 4 year old milk of
    // magnesia" is declined citing them.)
    const bool cites_child_limits = note_entry == settings_.child_limit_entry && !a.child_amount;
    r.answer = lines_read_first(a, cites_child_limits ? "" : result.limit_line, false) +
               templates_.render(
                   "answer", {{"body", templates_.render("personal_dose", {{"topic_hint", ""}})},
                              {"caution", templates_.render("caution", {{"caution", cite_markdown(*parts_of(note), 1)}})},
                              {"clarify", ""}});
  };
  const PassageInfo* kidney_caution = kb->first_passage_of(settings_.caution_entry);
  if (a.asks_personal_dose && !a.asks_for_more && contains(a.topics, "kidney") && kidney_caution) {
    decline_with_cited_note(*kidney_caution, settings_.caution_entry);
    return result;
  }
  // Whether a child may have a magnesium laxative ("my son is 6 and constipated" - "can he have magnesium
  // citrate?") is that child's dose: declined, with the supplement limits by age, which are low for young children
  // (second safety review, 2026-12-01: it answered "Yes. Magnesium citrate is sold over the counter...").
  const PassageInfo* child_limits = kb->first_passage_of(settings_.child_limit_entry);
  static const WordSet kWho = {"he", "she", "they", "him", "her", "them", "my", "kid", "child", "son", "daughter"};
  // ("can he have...", "can my 5 yr old daughter take it?", "can I give my 4 year old...": asked, not told, as in
  // "my pediatrician said to give my son milk of magnesia, how does it work?")
  bool asks_to_give = false;
  for (size_t i = 0; !asks_to_give && i + 2 < a.words.size(); ++i) {
    if (a.words[i] != "can"sv && a.words[i] != "should"sv && a.words[i] != "could"sv) continue;
    bool whom = false;
    for (size_t k = i + 1; !asks_to_give && k < a.words.size() && k <= i + 6; ++k) {
      if (a.words[k] == "give"sv) asks_to_give = true;
      if (a.words[k] == "have"sv || a.words[k] == "take"sv || a.words[k] == "use"sv) asks_to_give = whom;
      whom = whom || kWho.count(a.words[k]) > 0;
    }
  }
  // ("is magnesium citrate ok for constipation? I'm 30" - "what about for my 2 year old?": the same asked of a child;
  // safety review 2026-12-01, fourth)
  const bool asks_same_for_child = a.follow_up && contains(a.inherited, std::string("laxatives"));
  const bool asks_laxative_for_child = contains(a.topics, "laxatives") && contains(a.topics, "children") &&
                                       !contains(a.topics, "adults") && !contains(a.aspects, "foods") &&
                                       (asks_to_give || asks_same_for_child);
  // (A dose asked outright is declined without numbers, below, like any personal dose.)
  if (asks_laxative_for_child && child_limits && !a.asks_for_more && !a.asks_personal_dose) {
    decline_with_cited_note(*child_limits, settings_.child_limit_entry);
    return result;
  }
  // (Medicines set apart as uncovered are said so only before an answer on the medicines named beside them: "my uncle
  // takes digoxin and furosemide..." answered by the entry on high magnesium would leave digoxin unanswered.)
  // (An antacid or laxative named counts: "my dad on dialysis has been taking Rennie and milk of magnesia".)
  const bool on_a_named_medicine = !hits.empty() && std::any_of(a.topics.begin(), a.topics.end(), [&](const std::string& t) {
    return ((is_medicine(t) && t != "medicines"sv) || t == "antacids"sv || t == "laxatives"sv) &&
           hits.front().passage->declared_concepts.contains(kb->key_id(t));
  });
  // A dose asked by someone who names a medicine or condition with an entry of its own ("I'm on hydrochlorothiazide
  // and my last blood test said my magnesium is low. How many mg of magnesium should I take?"): declined as any
  // personal dose, then what the knowledge base says about that medicine and magnesium, which is what the doctor will
  // weigh (blind set b494: it got the refusal with unrelated suggestions).
  if (a.asks_personal_dose && !a.asks_for_more && a.uncovered_medicines.empty()) {
    // (The FAQ entries on the medicines or conditions named, from the index's postings of their concept ids, fewest
    // other concepts first: the entry about that medicine answers, not a list of many; the others are its related
    // questions. Looked up by concept, as the search ranked the amounts asked, not the medicine.)
    // (Or a condition with one: "I have type 2 diabetes and high blood pressure. How many mg of magnesium should I
    // take every day for my condition?", blind set b496.)
    std::vector<uint32_t> declaring;  // passage indexes
    for (const auto* topics : {&a.topics, &a.story_causes})
      for (const auto& t : *topics) {
        const KeyId id = kb->key_id(t);
        if (!is_cause_of_low_magnesium(t) || id == kNoKey) continue;
        for (const auto& posting : kb->postings(t)) {
          const PassageInfo& q = kb->passages()[posting.passage];
          if (q.row.kind == EntryKind::Faq && q.declared_concepts.contains(id)) declaring.push_back(posting.passage);
        }
      }
    std::sort(declaring.begin(), declaring.end());
    declaring.erase(std::unique(declaring.begin(), declaring.end()), declaring.end());
    auto concepts_of = [&](uint32_t k) { return kb->passages()[k].declared_concepts.keys().size(); };
    std::stable_sort(declaring.begin(), declaring.end(),
                     [&](uint32_t x, uint32_t y) { return concepts_of(x) < concepts_of(y); });
    if (!declaring.empty()) {
      const PassageInfo& p = kb->passages()[declaring.front()];
      r.type = ReplyType::Answer;
      r.confidence = 1.0;
      r.sources.push_back(source_ref(p, 1));
      // (Related questions on what was named, not on the amounts the search ranked: "Which medicines can lower
      // magnesium levels?" after the entry on diuretics.)
      for (size_t k = 1; k < declaring.size() && r.suggestions.size() < 3; ++k) {
        const PassageInfo& q = kb->passages()[declaring[k]];
        if (!contains(previous.answered, q.row.entry_id) && !contains(r.suggestions, q.row.entry_title))
          r.suggestions.push_back(q.row.entry_title);
      }
      for (const auto& title : suggestions_after(p.row.entry_id, 3))
        if (r.suggestions.size() < 3 && !contains(r.suggestions, title)) r.suggestions.push_back(title);
      std::string caution;
      if (kidney_caution && p.row.entry_id != settings_.caution_entry) {
        r.sources.push_back(source_ref(*kidney_caution, 2));
        caution = templates_.render("caution", {{"caution", cite_markdown(*parts_of(*kidney_caution), 2)}});
      }
      // (Shorter after lines that must be read first: "...cutting 8 lbs this week... taking water pills" keeps its
      // whole reply within the answer's length.)
      const std::string read_first = lines_read_first(a, result.limit_line, false);
      const size_t part_words =
          read_first.empty() ? settings_.max_answer_words * 3 / 4 : settings_.max_answer_words / 4;
      const std::string part = templates_.render(
          "answer_part",
          {{"question", p.row.entry_title}, {"body", extract_relevant(*parts_of(p), {}, 1, part_words)}});
      r.answer = read_first +
                 templates_.render("answer", {{"body", templates_.render("personal_dose", {{"topic_hint", ""}}) +
                                                           "\n\n" + part},
                                              {"caution", caution},
                                              {"clarify", ""}});
      return result;
    }
  }
  if (hits.empty() || !answers_what_is_asked(hits.front()) || (!a.uncovered_medicines.empty() && !on_a_named_medicine)) {
    r.type = ReplyType::NoAnswer;
    r.confidence = hits.empty() ? 0.0 : hits.front().score;
    r.suggestions = suggestions_after("", 3);
    std::string hint;
    if (!r.suggestions.empty())
      hint = templates_.render("no_answer_topic_hint", {{"suggestions", join(r.suggestions, "; ")}});
    // ("what dose of magnesium citrate should I take before bed" asks how much to take, though no entry answers
    // the bedtime: the reply says who decides a dose; fortieth session's probe.)
    const char* reply = a.asks_for_more                                   ? "no_more"
                        : a.asks_personal_dose || a.asks_amount_to_take ? "personal_dose"
                                                                          : "no_answer";
    // (A message in another language that could not be answered may tell of an emergency: the numbers first.)
    if (a.other_language) reply = "other_language";
    r.answer = templates_.render(reply, {{"topic_hint", hint.empty() ? "" : " " + hint}});
    r.answer = lines_read_first(a, result.limit_line, false) + r.answer;
    return result;
  }

  // (Each of the two asking in words of its own: after "are older people more at risk? why?" the entry on older
  // adults already says why. The sentences are split only when two things are asked.)
  const bool asked_twice = a.aspects.size() >= 2 && [&] {
    const auto sentences = sentences_of(message);
    return std::count_if(sentences.begin(), sentences.end(), [](const std::string& s) {
             return s.find('?') != std::string::npos && words_of(s).size() >= 3;
           }) >= 2;
  }();
  const auto parts = two_parts(a, *kb, ranked, settings_.answer_threshold, asked_twice);
  const Hit& best = parts ? *parts->first : hits.front();
  const Hit* second = parts ? parts->second : nullptr;
  const PassageRow& row = best.passage->row;
  r.type = ReplyType::Answer;
  r.confidence = hits.front().score;

  // What must be read first, before the answer and before any caution moved up to it below.
  const std::string& over_limit = result.limit_line;
  std::string urgent = lines_read_first(a, over_limit, true);
  // A dose asked for one person beside a question an entry answers ("what's the upper limit? is 350 what i should
  // take?", or that asked after the limit in a follow-up) is declined first, then the general figures follow: the
  // figures alone would read as the dose asked for (third blind probe of 2026-12-02).
  // (Only before amounts, which the lead calls the general information: not before the closest question to "can i up
  // it to 4 myself?".)
  const bool answers_amounts = best.passage->declared_concepts.contains(kb->key_id("intake")) ||
                               best.passage->declared_concepts.contains(kb->key_id("upper-limit"));
  const bool declines_dose_first = (a.asks_personal_dose || a.asks_amount_to_take) && !a.asks_for_more && answers_amounts;
  if (declines_dose_first) urgent += templates_.render("personal_dose_lead", {}) + "\n\n";
  // (Medicines named beside covered ones that the knowledge base has nothing on: said before what it has.)
  auto uncovered_line = [&](const std::vector<std::string>& medicines) -> std::string {
    if (medicines.empty()) return "";
    std::string names;
    for (size_t i = 0; i < medicines.size(); ++i)
      names += (i == 0 ? "" : i + 1 == medicines.size() ? " or " : ", ") + medicines[i];
    return templates_.render("uncovered_medicines",
                             {{"medicines", names}, {"them", medicines.size() == 1 ? "it" : "them"}}) +
           "\n\n";
  };
  // (Its length counts in what the answer leaves room for; which names it gives is settled once the answer is.)
  const size_t urgent_without_uncovered = urgent.size();
  urgent += uncovered_line(a.uncovered_medicines);

  // (Less when such lines come first, so the whole reply stays short.)
  // (Not the line that a result lies outside some ranges: it points to the ranges the entry then gives, which must
  // all stay; "my blood test says 1.6 mg/dL, is that low?" lost MedlinePlus's range to it.)
  const size_t points_to_ranges =
      a.result_outside_some_ranges ? words_of(templates_.render("result_outside_some_ranges")).size() : 0;
  const size_t urgent_words = words_of(urgent).size();
  const size_t lead_words =
      std::min(urgent_words - std::min(urgent_words, points_to_ranges), settings_.max_answer_words / 2);
  // The words the answer's sentences are chosen by. An amount over the limit asks "is that too much?": what too much
  // does (diarrhea, stomach upset: why the limit was set) is then kept before other sentences. Blind set b481.
  std::vector<std::string> wanted_stems = a.stems;
  // (Not what the question sets aside: "what foods are high in magnesium other than spinach" wants the others; re-check
  // of 2026-12-02.)
  {
    const auto& message_words = *shared_words_of(message);
    for (size_t i = 0; i < message_words.size(); ++i) {
      const bool sets_aside = message_words[i] == "except"sv || message_words[i] == "besides"sv ||
                              message_words[i] == "excluding"sv ||
                              (i >= 1 && message_words[i] == "than"sv && message_words[i - 1] == "other"sv) ||
                              (i >= 1 && message_words[i] == "from"sv && message_words[i - 1] == "apart"sv);
      if (!sets_aside) continue;
      for (size_t k = i + 1; k < message_words.size() && k <= i + 3; ++k)
        for (const auto& stem : content_stems({message_words[k]}))
          wanted_stems.erase(std::remove(wanted_stems.begin(), wanted_stems.end(), stem), wanted_stems.end());
    }
  }
  if (!over_limit.empty()) {
    static const std::vector<std::string> kWhatTooMuchDoes = content_stems(words_of("diarrhea upset"));
    wanted_stems.insert(wanted_stems.end(), kWhatTooMuchDoes.begin(), kWhatTooMuchDoes.end());
  }
  const size_t words = (row.kind == EntryKind::Faq ? settings_.max_answer_words : settings_.max_answer_words - 30) -
                       lead_words;
  std::string body;
  bool entry_opens_with_yes = false;  // (its "Yes." may be dropped below; kidney disease told moves the caution up)
  if (second) {
    // The parts follow the question's order ("symptoms ... and how is it treated?": symptoms first), and so
    // do their markers.
    auto first_asked = [&](const PassageInfo& p) {
      for (size_t i = 0; i < a.aspects.size(); ++i)
        if (a.aspects[i] != "definition"sv && p.declared_concepts.contains(kb->key_id(a.aspects[i]))) return i;
      return a.aspects.size();
    };
    // (Shorter parts when the safety note follows them, so the whole reply stays within the length a reader takes in.)
    const bool caution_follows =
        needs_caution(a) || (best.passage->declared_concepts.contains(kb->key_id("upper-limit")) &&
                             best.passage->declared_concepts.contains(kb->key_id("supplements")));
    const size_t best_part_words = caution_follows ? words * 3 / 5 : words * 3 / 4;
    const size_t other_part_words = caution_follows ? words / 2 : words * 3 / 5;
    const PassageInfo* in_order[2] = {best.passage, second->passage};
    if (first_asked(*second->passage) < first_asked(*best.passage)) std::swap(in_order[0], in_order[1]);
    for (int i = 0; i < 2; ++i) {
      const PassageRow& part = in_order[i]->row;
      r.sources.push_back(source_ref(*in_order[i], i + 1));
      if (i) body += "\n\n";
      body += templates_.render(
          "answer_part",
          {{"question", part.kind == EntryKind::Faq ? part.entry_title : part.heading},
           {"body", extract_relevant(*parts_of(*in_order[i]), wanted_stems, i + 1, in_order[i] == best.passage ? best_part_words : other_part_words)}});
    }
  } else {
    r.sources.push_back(source_ref(*best.passage, 1));
    body = extract_relevant(*parts_of(*best.passage), wanted_stems, 1, words);
    entry_opens_with_yes = body.rfind("Yes", 0) == 0;
    // The row of a table by age that holds the age told, in bold: "my son is 6, how much magnesium does he need?",
    // or "my son is 6" - "how much magnesium does he need?" (probes of 2026-12-03: the whole table, no row shown).
    if (answers_amounts) {
      const auto& message_words = *shared_words_of(message);
      static const WordSet kSomeoneTold = {"he", "she", "him", "her", "his", "son", "daughter", "kid", "child",
                                           "boy", "girl", "they", "them"};
      // (Not when two people are asked of: "My kids are 3 and 7", "a newborn vs a 2 year old".)
      static const WordSet kBaby = {"newborn", "newborns", "baby", "babies", "infant", "infants"};
      const auto small_numbers = std::count_if(message_words.begin(), message_words.end(), [](const std::string& w) {
        return is_number(w) && w.find('.') == std::string::npos && std::atoi(w.c_str()) <= 18;
      });
      int age = 0;
      if (ages_named(message_words) == 1 && small_numbers <= 1 && !kBaby.contains_any(message_words))
        age = age_named(message_words).value_or(0);
      else if (ages_named(message_words) == 0 && a.follow_up && kSomeoneTold.contains_any(message_words))
        age = previous.age_told;
      body = with_age_row_in_bold(body, age);
    }
    // An answer to a differently worded question says which question it answers ("Yes, ..." must not seem to
    // reply to something else). (Parts are headed by their questions already.)
    const std::string title = row.kind == EntryKind::Faq ? row.entry_title : row.heading;
    // (Not for an entry whose question holds every word searched, on the topic and aspect asked: "Do diuretics lower
    // magnesium?" is answered by "Do diuretics (water pills) lower magnesium?", and "Can exercise lower magnesium?" by
    // "Can sweating or exercise lower magnesium?"; fourth probe of 2026-12-03.)
    const bool asked_in_fewer_words =
        best.header_coverage >= 1.0 && best.topic_match >= 1.0 && best.aspect_match >= 1.0 && !a.follow_up &&
        best.phrasing_similarity >= 0.5;  // (not "can i take calcium and magnesium at the same time?", 0.46)
    // A follow-up answered by the very passage the last answer gave says so, rather than repeating it as if it were
    // new: "what foods are high in magnesium?" - "which foods exactly?" (fortieth session; the probes of 2026-12-03
    // found the reply given again word for word).
    const size_t last_parts = std::min(previous.last_answer_parts, previous.answered.size());
    // (Not after the line declining a dose, which already says the general figures follow; nor when the follow-up
    // names something of its own the passage is not about, which the last answer did not cover: "what about for
    // kids?" after the side effects, whose limit is an adult's. That one gets the closest-question line.)
    const bool names_what_passage_is_not_about = std::any_of(a.topics.begin(), a.topics.end(), [&](const std::string& t) {
      return t != "magnesium"sv && !contains(a.inherited, t) && !best.passage->header_concepts.contains(kb->key_id(t));
    });
    const bool gives_last_answer_again =
        a.follow_up && !a.asks_for_more && !declines_dose_first && !names_what_passage_is_not_about && last_parts > 0 &&
        std::find(previous.answered.end() - static_cast<long>(last_parts), previous.answered.end(),
                  answered_key(row.entry_id, row.heading)) != previous.answered.end();
    if (a.asks_for_more)
      body = templates_.render("more_lead", {{"question", title}}) + "\n\n" + body;
    else if (gives_last_answer_again)
      body = templates_.render("same_as_last", {}) + "\n\n" + without_yes_or_no(body);
    // (Also when the person asks whether to stop a medicine: "Yes. ... PPIs can cause low magnesium" must not
    // read as "yes, stop it"; and for a benefit asked of an entry not phrased for it, which may answer the
    // reverse: "can magnesium lower blood sugar?" - "Yes, diabetes can lower magnesium"; and for an entry that
    // answers another kind of question than the one asked: "does magnesium interact with insulin?" - "Yes,
    // diabetes can lower magnesium" is no interaction.)
    // (A question asked in other words of the entry's own subject and kind, "does low magnesium cause numbness and
    // tingling in hands" of "What are the symptoms of magnesium deficiency?", gets the plainer "This is my answer
    // to ...": "the closest question I have" read as "I did not understand you" to the first probe of the fortieth
    // session, 29 times in 200 questions. The reasons below other than wording keep "closest".)
    else if (row.kind == EntryKind::Faq && best.phrasing_similarity < settings_.closest_question_below &&
             !asked_in_fewer_words && best.topic_match >= 1.0 && best.aspect_match >= 1.0 && !a.aspects.empty() &&
             best.header_coverage >= 0.6 && !a.follow_up && !a.asks_to_stop_medicine && !a.asks_benefit &&
             !asks_safety_for_group_not_covered(best) && !a.asks_permission && !a.asks_open_question &&
             !a.asks_in_no_words && !asks_to_compare(a.words))
      body = templates_.render("answer_to_question", {{"question", title}}) + "\n\n" + body;
    else if ((row.kind == EntryKind::Faq && best.phrasing_similarity < settings_.closest_question_below &&
              !asked_in_fewer_words) ||
             (row.kind == EntryKind::Faq && a.follow_up && names_what_passage_is_not_about && last_parts > 0 &&
              std::find(previous.answered.end() - static_cast<long>(last_parts), previous.answered.end(),
                        answered_key(row.entry_id, row.heading)) != previous.answered.end()) ||
             a.asks_to_stop_medicine || (a.asks_benefit && best.phrasing_similarity < kPhrasedForTheBenefit) ||
             (row.kind == EntryKind::Faq && asks_safety_for_group_not_covered(best)) ||
             (row.kind == EntryKind::Faq &&
              (a.asks_permission || a.asks_open_question || (a.asks_in_no_words && !a.follow_up)) &&
              starts_with_yes_or_no(body) && best.phrasing_similarity < kPhrasedForTheYesNo) ||
             (row.kind == EntryKind::Faq && !a.follow_up && !a.aspects.empty() && best.aspect_match == 0 &&
              starts_with_yes_or_no(body)))
    {
      // (The entry's own "Yes." or "No." answers its question, not the one asked: a reader who skims takes it as the
      // answer to theirs. Second safety review, 2026-12-01: "does magnesium interact with digoxin" - "Yes, ...".)
      body = without_yes_or_no(body);
      body = templates_.render("closest_question", {{"question", title}}) + "\n\n" + body;
    } else if (row.kind == EntryKind::Faq && a.asks_open_question && starts_with_yes_or_no(body)) {
      // An open question phrased like the entry's yes-or-no one is answered without its "Yes.": "how does omeprazole
      // lower magnesium" is not answered by "Yes" (re-check of 2026-12-02).
      body = without_yes_or_no(body);
    }
  }
  std::string caution;
  const bool caution_answered = row.entry_id == settings_.caution_entry ||
                                 (second && second->passage->row.entry_id == settings_.caution_entry);
  // An upper limit for supplements is said together with who must not take them unsupervised.
  const bool gives_upper_limit = best.passage->declared_concepts.contains(kb->key_id("upper-limit")) &&
                                 best.passage->declared_concepts.contains(kb->key_id("supplements"));
  // (Kidney disease told, now or earlier in the conversation, brings the caution to any answer: "I'm on dialysis, what
  // foods are high in magnesium? I want to get more" must not read "too much from food is highly unlikely" alone;
  // safety review, 2026-12-01.)
  const bool kidney_disease_named =
      (previous.kidney_disease_told || tells_kidney_disease(*shared_words_of(message))) &&
      !kidneys_said_to_be_fine(a.words);
  // (Not the general caution when the lines that lead the reply already fill half of it and send the person to a
  // doctor or poison control: "my sister took a heap of magnesium laxative tablets to lose weight" ran to 276 words
  // with it; re-check of 2026-12-02. Kidney disease told, or a limit given, still brings it.)
  const bool leads_fill_half = words_of(urgent).size() >= settings_.max_answer_words / 2;
  if (((needs_caution(a) && !leads_fill_half) || gives_upper_limit || kidney_disease_named) && !caution_answered) {
    if (const PassageInfo* p = kb->first_passage_of(settings_.caution_entry)) {
      const int marker = static_cast<int>(r.sources.size()) + 1;
      r.sources.push_back(source_ref(*p, marker));
      caution = templates_.render("caution", {{"caution", cite_markdown(*parts_of(*p), marker)}});
    }
  }

  std::string clarify;
  r.suggestions = suggestions_after(row.entry_id, 3);
  if (second)
    r.suggestions.erase(std::remove(r.suggestions.begin(), r.suggestions.end(), second->passage->row.entry_title),
                        r.suggestions.end());
  // (A question answered in two parts asked for both.)
  for (size_t i = 1; i < hits.size() && !second; ++i) {
    const auto& other = hits[i];
    if (other.passage->row.entry_id == row.entry_id) continue;
    // Ambiguous only when the question reads like both entries' own wording, and like neither exactly.
    if (best.rank_key - other.rank_key <= settings_.ambiguity_margin && other.passage->row.kind == EntryKind::Faq &&
        row.kind == EntryKind::Faq && other.phrasing_similarity >= 0.5 && best.phrasing_similarity < 0.9) {
      clarify = templates_.render("clarify", {{"other", "\"" + other.passage->row.entry_title + "\""}});
      r.suggestions.erase(std::remove(r.suggestions.begin(), r.suggestions.end(), other.passage->row.entry_title),
                          r.suggestions.end());
      r.suggestions.insert(r.suggestions.begin(), other.passage->row.entry_title);
    }
    break;
  }
  // Someone with kidney disease (told now or earlier) reads the caution first, and no bare "Yes." before it: "I have
  // kidney failure, can I use magnesium citrate for constipation?" (second safety review, 2026-12-01).
  // (Not kidneys said to be fine: "my kidneys are healthy, can I use magnesium citrate...")
  const bool kidney_told = (contains(a.topics, "kidney") || contains(previous.topics, "kidney")) &&
                           !kidneys_said_to_be_fine(a.words);
  // (Under the closest question the "Yes." is gone already.)
  if (kidney_told && !caution.empty() && (entry_opens_with_yes || kidney_disease_named)) {
    body = caution + "\n\n" + without_yes_or_no(body);
    caution.clear();
  }
  // (Not a medicine the answer itself names: "my nan ... on lasix, omeprazole, digoxin and warfarin" said "nothing on
  // digoxin" above the entry on PPIs, which names digoxin; seventh safety review, finding 13.)
  if (!a.uncovered_medicines.empty()) {
    const auto answer_words = words_of(body + " " + caution);
    std::vector<std::string> unnamed;
    for (const auto& medicine : a.uncovered_medicines)
      if (!contains(answer_words, normalize_text(medicine))) unnamed.push_back(medicine);
    if (unnamed.size() != a.uncovered_medicines.size())
      urgent = urgent.substr(0, urgent_without_uncovered) + uncovered_line(unnamed);
  }
  body = urgent + body;
  r.answer = templates_.render("answer", {{"body", body}, {"caution", caution}, {"clarify", clarify}});
  return result;
}

}  // namespace magchat
