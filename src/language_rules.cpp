#include "language_rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <stdexcept>

#include "text.h"

namespace magchat {

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

}  // namespace

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
  r.out_of_scope_ = phrases(scope["out_of_scope"], "scope.yaml", "out_of_scope", r.vocabulary_);
  r.greetings_ = phrases(scope["greetings"], "scope.yaml", "greetings", r.vocabulary_);
  r.thanks_ = phrases(scope["thanks"], "scope.yaml", "thanks", r.vocabulary_);
  r.about_me_ = phrases(scope["about_me"], "scope.yaml", "about_me", r.vocabulary_);
  r.fillers_ = phrases(scope["fillers"], "scope.yaml", "fillers", r.vocabulary_);
  r.follow_up_ = phrases(scope["follow_up"], "scope.yaml", "follow_up", r.vocabulary_);
  r.more_ = phrases(scope["more"], "scope.yaml", "more", r.vocabulary_);
  if (const YAML::Node topics = scope["in_scope_topics"]) {
    if (!topics.IsSequence())
      throw std::runtime_error("scope.yaml:" + std::to_string(topics.Mark().line + 1) + ": 'in_scope_topics' must be a list");
    for (const auto& t : topics) {
      r.in_scope_topics_.push_back({t.as<std::string>(), t.Mark().line + 1});
    }
  }
  if (r.in_scope_.empty()) throw std::runtime_error("scope.yaml:1: 'in_scope' must list at least one phrase");

  YAML::Node em = load_yaml(emergency_yaml, "emergency.yaml");
  const YAML::Node rules = em["rules"];
  if (!rules || !rules.IsSequence()) throw std::runtime_error("emergency.yaml:1: expected a 'rules:' list");
  for (const auto& rule : rules) {
    const std::string where = "emergency.yaml:" + std::to_string(rule.Mark().line + 1);
    if (!rule.IsMap() || !rule["name"] || !rule["all"] || !rule["all"].IsSequence() || rule["all"].size() == 0)
      throw std::runtime_error(where + ": a rule needs a 'name' and an 'all' list of phrase groups");
    EmergencyRule er;
    er.name = rule["name"].as<std::string>();
    auto add_group = [&](const YAML::Node& group, const char* field) {
      const int number = r.emergency_groups_++;
      add_phrases(group, "emergency.yaml", field, r.emergency_phrases_, number, r.vocabulary_);
      return number;
    };
    for (const auto& group : rule["all"]) er.all.push_back(add_group(group, "all"));
    if (rule["several"]) {
      if (!rule["several"].IsSequence() || !rule["at_least"] || !rule["at_least"].IsScalar())
        throw std::runtime_error(where + ": 'several' is a list of phrases, and needs 'at_least' (a number)");
      for (const auto& phrase : rule["several"]) {
        YAML::Node one(YAML::NodeType::Sequence);
        one.push_back(phrase);
        er.several.push_back(add_group(one, "several"));
      }
      try {
        er.at_least = rule["at_least"].as<int>();
      } catch (const YAML::Exception&) {
        er.at_least = 0;  // reported just below
      }
      if (er.at_least < 1 || er.at_least > static_cast<int>(er.several.size()))
        throw std::runtime_error(where + ": 'at_least' must be from 1 to the number of phrases in 'several'");
    }
    if (rule["unless"]) er.unless = add_group(rule["unless"], "unless");
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
  for (const auto& m : not_covered_.find_all(words))
    out.emplace_back(words.begin() + static_cast<long>(m.start), words.begin() + static_cast<long>(m.start + m.length));
  return out;
}

LanguageRules::SmallTalk LanguageRules::small_talk(const std::vector<std::string>& words) const {
  if (words.empty() || words.size() > kMaxSmallTalkWords) return SmallTalk::None;
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

const EmergencyRule* LanguageRules::emergency_rule(const std::vector<std::string>& words) const {
  thread_local std::vector<char> present;
  present.assign(static_cast<size_t>(emergency_groups_), 0);
  emergency_phrases_.mark_present(words, present);
  for (const auto& rule : emergency_) {
    const bool all = std::all_of(rule.all.begin(), rule.all.end(), [&](int g) { return present[g] != 0; });
    const bool several = std::count_if(rule.several.begin(), rule.several.end(),
                                       [&](int g) { return present[g] != 0; }) >= rule.at_least;
    if (all && several && (rule.unless < 0 || !present[rule.unless])) return &rule;
  }
  return nullptr;
}

}  // namespace magchat
