#include "language_rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <stdexcept>

#include "text.h"
#include "word_set.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

namespace {

std::string read_text(const std::string& path) {
  auto text = read_file(path);
  if (!text) throw std::runtime_error(path + ":0: cannot read the file");
  return *text;
}

YAML::Node load_yaml(const std::string& text, const std::string& name) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& ex) {
    throw std::runtime_error(name + ":" + std::to_string(ex.mark.line + 1) + ": malformed YAML: " + ex.msg);
  }
}

// Adds the phrases of a YAML list to `into`, each registered with `value`, and their words to `vocabulary`.
// An absent list adds nothing.
void add_phrases(const YAML::Node& node, const std::string& name, const std::string& field, PhraseMatcher& into,
                 int value, std::vector<std::string>& vocabulary) {
  if (!node) return;
  if (!node.IsSequence())
    throw std::runtime_error(name + ":" + std::to_string(node.Mark().line + 1) + ": '" + field + "' must be a list");
  for (const auto& p : node) {
    std::string text = p.as<std::string>();
    into.add(text, value);
    for (auto& w : words_of(text)) vocabulary.push_back(w);
  }
}

PhraseMatcher phrases(const YAML::Node& node, const std::string& name, const std::string& field,
                      std::vector<std::string>& vocabulary) {
  PhraseMatcher m;
  add_phrases(node, name, field, m, 0, vocabulary);
  return m;
}

// A sign said not to be there: "no", "without" or "never" right before the words at `start`, or a denial before
// "having", "have" or "any" ("I'm not having any trouble breathing", "she doesn't have chest pain"). A phrase that
// itself starts with "not" ("not breathing") is told, not denied: only the words before it count.
bool is_denied(const std::vector<std::string>& words, size_t start) {
  static const WordSet kDirect = {"no", "without", "never"};
  static const WordSet kDenials = {"no", "not", "without", "never", "dont", "doesnt", "didnt", "havent",
                                   "hasnt", "hadnt", "isnt", "arent", "nor"};
  if (start == 0) return false;
  if (kDirect.count(words[start - 1])) return true;
  size_t i = start;
  if (i > 0 && words[i - 1] == "any"sv) --i;
  if (i > 0 && (words[i - 1] == "having"sv || words[i - 1] == "have"sv || words[i - 1] == "has"sv)) --i;
  if (i > 0 && words[i - 1] == "any"sv) --i;
  return i < start && i > 0 && kDenials.count(words[i - 1]) > 0;
}

// Swallowing refused or impossible: "my son won't swallow pills", "she can't swallow tablets", "refuses to swallow
// her medicine" tell no ingestion (re-check of 2026-12-02: they got the emergency reply for a child who swallowed
// something). Only for verbs of swallowing: "can't breathe" and "can't wake him" are signs.
bool swallowing_refused_at(const std::vector<std::string>& words, size_t start) {
  // (And an overdose denied: "I have not overdosed, just asking"; re-check of 2026-12-02.)
  static const WordSet kSwallowing = {"swallow", "chew", "eat", "take", "drink", "overdosed", "overdose"};
  return kSwallowing.count(words[start]) > 0 && verb_denied_at(words, start);
}

// "#many" in a near sign's `state`: a count of ten or more that is not an amount in a unit ("took 40 tablets",
// "took like 40 mag glycinate", not "took 40 mg").
// Whether the word after words[i] is a unit, so that the number there is an amount, a duration or an age, not a count
// or a reading ("400 mg", "20 years", "30 minutes").
bool followed_by_unit(const std::vector<std::string>& words, size_t i) {
  static const WordSet kUnits = {"mg",      "mgs",    "milligram", "milligrams", "g",     "gram",   "grams",
                                 "mcg",     "ml",     "iu",        "percent",    "minutes", "minute", "min",
                                 "mins",    "hours",  "hour",      "hr",         "hrs",   "seconds", "second",
                                 "sec",     "secs",   "years",     "year",       "yrs",   "days",   "day",
                                 "weeks",   "week",   "months",    "month",      "kg",    "lbs",    "pounds",
                                 "yo",      "mmol"};
  return i + 1 < words.size() && kUnits.count(words[i + 1]) > 0;
}

bool is_many_count(const std::vector<std::string>& words, size_t i) {
  const std::string& w = words[i];
  if (w.empty() || w.size() > 4 || w.find_first_not_of("0123456789") != std::string::npos || std::stoi(w) < 10) return false;
  return !followed_by_unit(words, i);
}

}  // namespace

std::vector<std::string> emergency_phrase_variants(const std::string& phrase) {
  static const std::vector<std::vector<std::string>> kAlike = {
      {"cant", "cannot", "can not", "unable to", "not able to"},
      {"wont", "will not"},
      {"isnt", "is not"},
      {"doesnt", "does not"},
      {"dont", "do not"},
      {"my", "his", "her", "their"},
      {"he", "she"},
  };
  std::vector<std::string> variants = {""};
  for (const auto& word : words_of(phrase)) {
    const auto alike = std::find_if(kAlike.begin(), kAlike.end(), [&](const auto& set) {
      return std::find(set.begin(), set.end(), word) != set.end();
    });
    const std::vector<std::string> spellings = alike == kAlike.end() ? std::vector<std::string>{word} : *alike;
    std::vector<std::string> longer;
    for (const auto& start : variants)
      for (const auto& s : spellings) longer.push_back(start.empty() ? s : start + " " + s);
    variants = std::move(longer);
  }
  // The phrase as written first, then the others, each once.
  const std::string written = join(words_of(phrase), " ");
  std::vector<std::string> out = {written};
  for (auto& v : variants)
    if (v != written) out.push_back(std::move(v));
  return out;
}

LanguageRules LanguageRules::load(const std::string& scope_path, const std::string& emergency_path) {
  try {
    return from_yaml_text(read_text(scope_path), read_text(emergency_path));
  } catch (const std::runtime_error& e) {
    std::string msg = e.what();
    if (starts_with(msg, "scope.yaml")) msg = scope_path + msg.substr(10);
    if (starts_with(msg, "emergency.yaml")) msg = emergency_path + msg.substr(14);
    throw std::runtime_error(msg);
  }
}

LanguageRules LanguageRules::from_yaml_text(const std::string& scope_yaml, const std::string& emergency_yaml) {
  LanguageRules r;
  YAML::Node scope = load_yaml(scope_yaml, "scope.yaml");
  r.in_scope_ = phrases(scope["in_scope"], "scope.yaml", "in_scope", r.vocabulary_);
  r.related_ = phrases(scope["related"], "scope.yaml", "related", r.vocabulary_);
  if (const YAML::Node fillers = scope["filler_words"]) {
    if (!fillers.IsSequence())
      throw std::runtime_error("scope.yaml:" + std::to_string(fillers.Mark().line + 1) + ": 'filler_words' must be a list");
    for (const auto& f : fillers) {
      auto words = words_of(f.as<std::string>());
      if (words.size() != 1)
        throw std::runtime_error("scope.yaml:" + std::to_string(f.Mark().line + 1) + ": filler word '" +
                                 f.as<std::string>() + "' must be a single word");
      r.vocabulary_.push_back(words[0]);
      r.filler_words_.insert(std::move(words[0]));
    }
  }
  r.not_covered_ = phrases(scope["not_covered"], "scope.yaml", "not_covered", r.vocabulary_);
  r.personal_dose_ = phrases(scope["personal_dose"], "scope.yaml", "personal_dose", r.vocabulary_);
  r.out_of_scope_ = phrases(scope["out_of_scope"], "scope.yaml", "out_of_scope", r.vocabulary_);
  r.greetings_ = phrases(scope["greetings"], "scope.yaml", "greetings", r.vocabulary_);
  r.thanks_ = phrases(scope["thanks"], "scope.yaml", "thanks", r.vocabulary_);
  r.about_me_ = phrases(scope["about_me"], "scope.yaml", "about_me", r.vocabulary_);
  r.fillers_ = phrases(scope["fillers"], "scope.yaml", "fillers", r.vocabulary_);
  r.follow_up_ = phrases(scope["follow_up"], "scope.yaml", "follow_up", r.vocabulary_);
  r.more_ = phrases(scope["more"], "scope.yaml", "more", r.vocabulary_);
  r.shorter_ = phrases(scope["shorter"], "scope.yaml", "shorter", r.vocabulary_);
  r.asks_source_ = phrases(scope["asks_source"], "scope.yaml", "asks_source", r.vocabulary_);
  r.back_to_first_ = phrases(scope["back_to_first"], "scope.yaml", "back_to_first", r.vocabulary_);
  r.back_to_earlier_ = phrases(scope["back_to_earlier"], "scope.yaml", "back_to_earlier", r.vocabulary_);
  r.idioms_ = phrases(scope["idioms"], "scope.yaml", "idioms", r.vocabulary_);
  if (const YAML::Node topics = scope["in_scope_topics"]) {
    if (!topics.IsSequence())
      throw std::runtime_error("scope.yaml:" + std::to_string(topics.Mark().line + 1) + ": 'in_scope_topics' must be a list");
    for (const auto& t : topics) {
      r.in_scope_topics_.push_back({t.as<std::string>(), t.Mark().line + 1});
    }
  }
  if (r.in_scope_.empty()) throw std::runtime_error("scope.yaml:1: 'in_scope' must list at least one phrase");

  YAML::Node em = load_yaml(emergency_yaml, "emergency.yaml");
  if (const YAML::Node signs = em["near_signs"]) {
    if (!signs.IsSequence()) throw std::runtime_error("emergency.yaml:" + std::to_string(signs.Mark().line + 1) + ": 'near_signs' must be a list");
    for (const auto& sign : signs) {
      const std::string where = "emergency.yaml:" + std::to_string(sign.Mark().line + 1);
      if (!sign.IsMap() || !sign["name"] || !sign["subject"] || !sign["subject"].IsSequence() || !sign["state"] ||
          !sign["state"].IsSequence())
        throw std::runtime_error(where + ": a near sign needs a 'name', a 'subject' list and a 'state' list");
      NearSign ns;
      ns.name = sign["name"].as<std::string>();
      if (sign["within"]) {
        int within = -1;
        try {
          within = sign["within"].as<int>();
        } catch (const YAML::Exception&) {
        }
        if (within < 0 || within > 10) throw std::runtime_error(where + ": 'within' must be a number of words from 0 to 10");
        ns.within = static_cast<size_t>(within);
      }
      if (sign["state_after"]) {
        const YAML::Node flag = sign["state_after"];
        if (!flag.IsScalar() || (flag.Scalar() != "true" && flag.Scalar() != "false"))
          throw std::runtime_error(where + ": 'state_after' must be true or false");
        ns.state_after = sign["state_after"].Scalar() == "true";
      }
      const int number = static_cast<int>(r.near_signs_.size());
      for (const auto& p : sign["state"]) ns.counts = ns.counts || p.as<std::string>() == "#many"sv;
      for (const auto& p : sign["subject"])
        for (const auto& v : emergency_phrase_variants(p.as<std::string>())) r.near_sign_words_.add(v, 2 * number);
      for (const auto& p : sign["state"])
        if (p.as<std::string>() != "#many"sv)
          for (const auto& v : emergency_phrase_variants(p.as<std::string>())) r.near_sign_words_.add(v, 2 * number + 1);
      for (const char* side : {"subject", "state"})
        for (const auto& p : sign[side])
          if (p.as<std::string>() != "#many"sv)
            for (auto& w : words_of(p.as<std::string>())) r.vocabulary_.push_back(w);
      r.near_signs_.push_back(std::move(ns));
    }
  }
  const YAML::Node rules = em["rules"];
  std::unordered_map<std::string, int> phrase_ids;  // a spelling's index in emergency_phrase_groups_
  if (!rules || !rules.IsSequence()) throw std::runtime_error("emergency.yaml:1: expected a 'rules:' list");
  for (const auto& rule : rules) {
    const std::string where = "emergency.yaml:" + std::to_string(rule.Mark().line + 1);
    if (!rule.IsMap() || !rule["name"] || !rule["all"] || !rule["all"].IsSequence() || rule["all"].size() == 0)
      throw std::runtime_error(where + ": a rule needs a 'name' and an 'all' list of phrase groups");
    // (A misspelt key would be ignored silently, and the rule would fire more often or never.)
    for (const auto& key : rule) {
      static const std::set<std::string> kKeys = {"name",  "all",         "several",      "at_least",
                                                  "unless", "set_aside_by", "unless_named", "reply"};
      const std::string k = key.first.as<std::string>();
      if (!kKeys.count(k))
        throw std::runtime_error("emergency.yaml:" + std::to_string(key.first.Mark().line + 1) + ": unknown key '" + k +
                                 "' (a rule has name, all, several, at_least, unless, set_aside_by, unless_named and "
                                 "reply)");
    }
    EmergencyRule er;
    er.name = rule["name"].as<std::string>();
    // Each phrase of a group in all its spellings; "<name>" stands for a near sign.
    auto add_phrase_group = [&](const std::vector<YAML::Node>& group) {
      const int number = r.emergency_groups_++;
      for (const auto& p : group) {
        const std::string text = p.as<std::string>();
        if (text.size() > 2 && text.front() == '<' && text.back() == '>') {
          const std::string name = text.substr(1, text.size() - 2);
          auto sign = std::find_if(r.near_signs_.begin(), r.near_signs_.end(), [&](const NearSign& s) { return s.name == name; });
          if (sign == r.near_signs_.end())
            throw std::runtime_error("emergency.yaml:" + std::to_string(p.Mark().line + 1) + ": no near sign named '" + name +
                                     "' (near_signs must define it)");
          sign->groups.push_back(number);
          continue;
        }
        for (const auto& v : emergency_phrase_variants(text)) {
          // Each spelling is registered once, with every group that lists it (the shared danger list is in five
          // rules): fewer phrases to hold and to compare.
          auto [it, added] = phrase_ids.emplace(v, static_cast<int>(r.emergency_phrase_groups_.size()));
          if (added) {
            r.emergency_phrases_.add(v, it->second);
            r.emergency_phrase_groups_.emplace_back();
          }
          auto& groups = r.emergency_phrase_groups_[static_cast<size_t>(it->second)];
          if (std::find(groups.begin(), groups.end(), number) == groups.end()) groups.push_back(number);
        }
        for (auto& w : words_of(text)) r.vocabulary_.push_back(w);
      }
      return number;
    };
    auto add_group = [&](const YAML::Node& group, const char* field) {
      if (!group.IsSequence())
        throw std::runtime_error("emergency.yaml:" + std::to_string(group.Mark().line + 1) + ": '" + field + "' must be a list");
      if (group.size() == 0)
        throw std::runtime_error("emergency.yaml:" + std::to_string(group.Mark().line + 1) + ": an empty '" + field +
                                 "' group: a rule with an empty group can never match; list at least one phrase");
      return add_phrase_group(std::vector<YAML::Node>(group.begin(), group.end()));
    };
    for (const auto& group : rule["all"]) er.all.push_back(add_group(group, "all"));
    if (rule["several"]) {
      if (!rule["several"].IsSequence() || !rule["at_least"] || !rule["at_least"].IsScalar())
        throw std::runtime_error(where + ": 'several' is a list of phrases, and needs 'at_least' (a number)");
      // (Each phrase is a group of one. Not a new YAML sequence holding it: yaml-cpp's push_back merges the whole
      // document's node memory into the new node, which made a third of start-up.)
      for (const auto& phrase : rule["several"]) er.several.push_back(add_phrase_group({phrase}));
      try {
        er.at_least = rule["at_least"].as<int>();
      } catch (const YAML::Exception&) {
        er.at_least = 0;  // reported just below
      }
      if (er.at_least < 1 || er.at_least > static_cast<int>(er.several.size()))
        throw std::runtime_error(where + ": 'at_least' must be from 1 to the number of phrases in 'several'");
    }
    if (rule["unless"]) er.unless = add_group(rule["unless"], "unless");
    if (static_cast<bool>(rule["set_aside_by"]) != static_cast<bool>(rule["unless_named"]))
      throw std::runtime_error(where + ": 'set_aside_by' and 'unless_named' go together (what sets the rule aside, "
                                       "and what keeps it when named too)");
    if (rule["set_aside_by"]) {
      er.set_aside_by = add_group(rule["set_aside_by"], "set_aside_by");
      er.unless_named = add_group(rule["unless_named"], "unless_named");
    }
    r.denial_tolerant_.resize(static_cast<size_t>(r.emergency_groups_), 0);
    if (er.unless >= 0) r.denial_tolerant_[static_cast<size_t>(er.unless)] = 1;
    if (er.set_aside_by >= 0) r.denial_tolerant_[static_cast<size_t>(er.set_aside_by)] = 1;
    if (rule["reply"]) {
      if (!rule["reply"].IsScalar() || rule["reply"].as<std::string>().empty())
        throw std::runtime_error(where + ": 'reply' names a prompt, such as 'emergency' for prompts/emergency.md");
      er.reply = rule["reply"].as<std::string>();
    }
    r.emergency_.push_back(std::move(er));
  }
  return r;
}

bool LanguageRules::is_in_scope_topic(const std::string& concept_id) const {
  return std::any_of(in_scope_topics_.begin(), in_scope_topics_.end(),
                     [&](const InScopeTopic& t) { return t.concept_id == concept_id; });
}

std::vector<std::vector<std::string>> LanguageRules::not_covered_subjects(const std::vector<std::string>& words) const {
  std::vector<std::vector<std::string>> out;
  for (const auto* list : {&not_covered_, &personal_dose_})
    for (const auto& m : list->find_all(words))
      out.emplace_back(words.begin() + static_cast<long>(m.start), words.begin() + static_cast<long>(m.start + m.length));
  return out;
}

LanguageRules::SmallTalk LanguageRules::small_talk(const std::vector<std::string>& words) const {
  if (words.empty() || words.size() > kMaxSmallTalkWords) return SmallTalk::None;
  // "ok and?", "hmm so": a message that ends on a word joining what comes next asks to go on, it does not close.
  static const WordSet kGoesOn = {"and", "but", "so"};
  if (words.size() > 1 && kGoesOn.count(words.back())) return SmallTalk::None;
  std::vector<bool> covered(words.size(), false);
  auto cover = [&](const PhraseMatcher& list) {
    bool found = false;
    for (const auto& m : list.find_all(words)) {
      found = true;
      for (size_t k = 0; k < m.length; ++k) covered[m.start + k] = true;
    }
    return found;
  };
  const bool greeting = cover(greetings_), thanks = cover(thanks_), about_me = cover(about_me_);
  if (!greeting && !thanks && !about_me) return SmallTalk::None;
  cover(fillers_);
  for (bool c : covered)
    if (!c) return SmallTalk::None;
  // "Hi, are you a doctor?" is answered as the question it asks; "hi, thanks" as a greeting.
  if (about_me) return SmallTalk::AboutMe;
  return thanks && !greeting ? SmallTalk::Thanks : SmallTalk::Greeting;
}

bool LanguageRules::has_follow_up_marker(const std::vector<std::string>& words) const {
  static const WordSet kJoinsAClause = {"signs", "symptoms", "sure", "know", "knew", "so", "true",
                                        "heard", "read", "said", "says", "mean", "means", "think",
                                        "thought", "possible", "likely", "chance", "fact", "such"};
  const auto joins = [&](size_t i) { return words[i] == "that"sv && i > 0 && kJoinsAClause.count(words[i - 1]) > 0; };
  bool any_joining = false;
  for (size_t i = 0; i < words.size(); ++i) any_joining = any_joining || joins(i);
  if (!any_joining) return follow_up_.contains_any(words);
  std::vector<std::string> without;
  for (size_t i = 0; i < words.size(); ++i)
    if (!joins(i)) without.push_back(words[i]);
  return follow_up_.contains_any(without);
}

void LanguageRules::drop_idioms(std::vector<std::string>& words) const {
  if (idioms_.empty() || !idioms_.contains_any(words)) return;
  std::vector<char> dropped(words.size(), 0);
  for (const auto& m : idioms_.find_all(words)) std::fill_n(dropped.begin() + static_cast<long>(m.start), m.length, 1);
  size_t kept = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    if (dropped[i]) continue;
    if (kept != i) words[kept] = std::move(words[i]);  // (never a self-move: it may empty the string)
    ++kept;
  }
  words.resize(kept);
}

std::optional<LanguageRules::BackReference> LanguageRules::back_reference(const std::vector<std::string>& words) const {
  BackReference back;
  for (const auto& m : back_to_first_.find_all(words)) back.phrases.push_back({true, m.start, m.length});
  back.to_first = !back.phrases.empty();
  // "Going back to the zinc, ..." opens the message; "is it back to normal?" and "can I go back to taking it?"
  // are not about the conversation (scope.yaml).
  static const WordSet kNotTheConversation = {"normal", "taking", "take", "usual", "work", "sleep"};
  for (const auto& m : back_to_earlier_.find_all(words)) {
    const size_t after = m.start + m.length;
    const bool overlaps = std::any_of(back.phrases.begin(), back.phrases.end(), [&](const BackReference::Span& s) {
      return m.start < s.start + s.length && s.start < after;
    });
    if (m.start <= 2 && !overlaps && (after >= words.size() || !kNotTheConversation.count(words[after])))
      back.phrases.push_back({false, m.start, m.length});
  }
  if (back.phrases.empty()) return std::nullopt;
  std::sort(back.phrases.begin(), back.phrases.end(),
            [](const BackReference::Span& x, const BackReference::Span& y) { return x.start < y.start; });
  return back;
}

const EmergencyRule* LanguageRules::emergency_rule_named(const std::string& name) const {
  for (const auto& rule : emergency_)
    if (rule.name == name) return &rule;
  return nullptr;
}

const EmergencyRule* LanguageRules::emergency_rule(const std::vector<std::string>& words) const {
  thread_local std::vector<char> present;
  present.assign(static_cast<size_t>(emergency_groups_), 0);
  // A sign right after "no", "without" or "never" is denied ("no trouble breathing"), except in an `unless`
  // group, whose phrases say what the message is ("no symptoms at all").
  thread_local std::vector<PhraseMatcher::Match> found;
  emergency_phrases_.find_overlapping(words, found);
  // An `unless` phrase said not to be so right before it is not so: "my son overdosed on magnesium and hasn't
  // recovered", "she still isn't fine" (re-check of 2026-12-02).
  for (const auto& m : found) {
    const bool denied = is_denied(words, m.start) || swallowing_refused_at(words, m.start);
    const bool not_so = said_not_so_at(words, m.start);
    for (int g : emergency_phrase_groups_[static_cast<size_t>(m.value)])
      if (denial_tolerant_[static_cast<size_t>(g)] ? !not_so : !denied) present[static_cast<size_t>(g)] = 1;
  }
  mark_near_signs(words, present);
  for (const auto& rule : emergency_) {
    const bool all = std::all_of(rule.all.begin(), rule.all.end(), [&](int g) { return present[g] != 0; });
    const bool several = std::count_if(rule.several.begin(), rule.several.end(),
                                       [&](int g) { return present[g] != 0; }) >= rule.at_least;
    const bool set_aside =
        rule.set_aside_by >= 0 && present[rule.set_aside_by] && !present[rule.unless_named];
    if (all && several && (rule.unless < 0 || !present[rule.unless]) && !set_aside) return &rule;
  }
  return nullptr;
}

void LanguageRules::mark_near_signs(const std::vector<std::string>& words, std::vector<char>& present) const {
  if (near_signs_.empty()) return;
  // "no trouble breathing", "breathing without difficulty": the sign is denied, not told.
  auto denied = [&](size_t start) { return is_denied(words, start); };
  thread_local std::vector<PhraseMatcher::Match> found;
  near_sign_words_.find_overlapping(words, found);
  for (const auto& subject : found) {
    // A count follows what was done ("took like 40"); one before it is something else ("she is 82, has taken").
    const NearSign& sign = near_signs_[static_cast<size_t>(subject.value / 2)];
    if (subject.value % 2 != 0 || !sign.counts || denied(subject.start)) continue;
    for (size_t i = subject.start + subject.length; i < words.size() && i <= subject.start + subject.length + sign.within; ++i)
      if (is_many_count(words, i)) {
        for (int g : sign.groups) present[static_cast<size_t>(g)] = 1;
        break;
      }
  }
  for (const auto& subject : found) {
    if (subject.value % 2 != 0 || denied(subject.start)) continue;
    const NearSign& sign = near_signs_[static_cast<size_t>(subject.value / 2)];
    for (const auto& state : found) {
      if (state.value != subject.value + 1 || denied(state.start)) continue;
      // ("whole" right after one tablet says how it went down, not how much: "swallowed the magnesium tablet whole by
      // mistake, it's meant to be chewable"; re-check of 2026-12-02)
      // (Not when more followed: "he swallowed his magnesium tablet whole and then took seven more".)
      static const WordSet kOneDose = {"tablet", "pill", "capsule", "gummy", "it", "chewable", "softgel", "one"};
      static const WordSet kMoreTaken = {"another", "more", "rest", "others", "then", "plus", "also"};
      if (state.length == 1 && words[state.start] == "whole"sv && state.start > 0 &&
          kOneDose.count(words[state.start - 1]) &&
          std::none_of(words.begin(), words.end(), [](const std::string& w) { return kMoreTaken.count(w) > 0; }))
        continue;
      if (sign.state_after && state.start < subject.start + subject.length) continue;
      // (A number the state is, followed by a unit, is no reading of it: "heart rate 30 minutes after", "12 hr 30
      // min shifts".)
      if (sign.state_after && followed_by_unit(words, state.start + state.length - 1)) continue;
      const size_t gap = state.start >= subject.start + subject.length ? state.start - (subject.start + subject.length)
                         : subject.start >= state.start + state.length ? subject.start - (state.start + state.length)
                                                                        : 0;  // overlapping phrases
      if (gap > sign.within) continue;
      for (int g : sign.groups) present[static_cast<size_t>(g)] = 1;
      break;
    }
  }
}

bool LanguageRules::mentions_out_of_scope(const std::vector<std::string>& words) const {
  if (!out_of_scope_.contains_any(words)) return false;
  const auto related = related_.find_all(words);
  if (related.empty()) return true;
  std::vector<PhraseMatcher::Match> found;
  out_of_scope_.find_overlapping(words, found);
  return std::any_of(found.begin(), found.end(), [&](const PhraseMatcher::Match& m) {
    return std::none_of(related.begin(), related.end(), [&](const PhraseMatcher::Match& r) {
      return r.start <= m.start && m.start + m.length <= r.start + r.length;
    });
  });
}

bool LanguageRules::only_asks_source(const std::vector<std::string>& words) const {
  std::vector<bool> covered(words.size(), false);
  bool any = false;
  for (const auto* matcher : {&asks_source_, &fillers_})
    for (const auto& m : matcher->find_all(words)) {
      any = any || matcher == &asks_source_;
      for (size_t k = m.start; k < m.start + m.length; ++k) covered[k] = true;
    }
  if (!any) return false;
  // (Only words that add nothing asked: "what about when it's really bad?" asks more than "really?".)
  static const WordSet kAddNothing = {"that", "this", "it",  "about", "from", "of", "so",
                                      "ok",   "okay", "hmm", "but",   "the",  "is", "are"};
  for (size_t i = 0; i < words.size(); ++i)
    if (!covered[i] && !is_filler_word(words[i]) && !kAddNothing.count(words[i])) return false;
  return true;
}

}  // namespace magchat
