#include "templates.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "text.h"

namespace magchat {

const char* const kRequiredTemplates[] = {"disclaimer", "greeting", "thanks", "no_answer", "answer_part", "out_of_scope",
                                          "emergency", "caution", "clarify", "answer", "closest_question",
                                          "no_answer_topic_hint", "more_lead", "no_more", "more_without_subject", "stopping_medicine", "uncovered_medicines", "buildup_signs", "heart_signs_today", "baby_supplement", "eating_disorder", "take_more", "amount_over_child_limit", "child_magnesium_product", "amount_over_limit", "emergency_in_care", "about_me", "crisis", "about_the_person", "source_of_last",
                                          "personal_dose", "overdose_first", "crisis_reminder", "result_outside_ranges", "other_language", "stopping_heavy_drinking",
                                          "personal_dose_lead", "same_as_last", "result_outside_some_ranges", "answer_to_question", "emergency_reminder",
                                          nullptr};

Templates Templates::load(const std::string& dir) {
  std::map<std::string, std::string> texts;
  std::error_code ec;
  for (const auto& f : std::filesystem::directory_iterator(dir, ec)) {
    if (f.path().extension() != ".md") continue;
    std::string text = read_file(f.path().string()).value_or("");
    // A leading HTML comment documents the template for curators; it is not part of the reply.
    if (starts_with(text, "<!--")) {
      size_t end = text.find("-->");
      if (end != std::string::npos) text = text.substr(end + 3);
    }
    texts[f.path().stem().string()] = trim(text);
  }
  if (ec) throw std::runtime_error(dir + ": cannot read the prompts folder: " + ec.message());
  for (const char* const* name = kRequiredTemplates; *name; ++name)
    if (texts[*name].empty()) throw std::runtime_error(dir + "/" + *name + ".md: missing or empty template");
  return from_map(std::move(texts));
}

namespace {
// Concatenates literal text and placeholder values (unknown placeholders render as empty text), then collapses
// the blank lines an empty placeholder leaves behind, and trims.
template <typename Segments>
std::string render_segments(const Segments& segments, const std::map<std::string, std::string>& values) {
  std::string out;
  for (const auto& segment : segments) {
    if (!segment.placeholder) {
      out += segment.text;
    } else if (auto v = values.find(segment.text); v != values.end()) {
      out += v->second;
    }
  }
  // Runs of more than two line breaks (left by empty placeholders) become two; copied a run of text at a time.
  std::string collapsed;
  collapsed.reserve(out.size());
  size_t i = 0;
  while (i < out.size()) {
    const size_t newline = out.find('\n', i);
    if (newline == std::string::npos) {
      collapsed.append(out, i, std::string::npos);
      break;
    }
    collapsed.append(out, i, newline - i);
    size_t run_end = out.find_first_not_of('\n', newline);
    if (run_end == std::string::npos) run_end = out.size();
    collapsed.append(std::min<size_t>(run_end - newline, 2), '\n');
    i = run_end;
  }
  return trim(collapsed);
}
}  // namespace

Templates Templates::from_map(std::map<std::string, std::string> texts) {
  Templates t;
  for (const auto& [name, tpl] : texts) {
    Parsed parsed;
    size_t i = 0;
    while (i < tpl.size()) {
      size_t open = tpl.find("{{", i);
      size_t close = open == std::string::npos ? std::string::npos : tpl.find("}}", open + 2);
      if (close == std::string::npos) {  // no (complete) placeholder left: the rest is literal
        parsed.segments.push_back({false, tpl.substr(i)});
        break;
      }
      if (open > i) parsed.segments.push_back({false, tpl.substr(i, open - i)});
      parsed.segments.push_back({true, trim(tpl.substr(open + 2, close - open - 2))});
      i = close + 2;
    }
    parsed.rendered_without_values = render_segments(parsed.segments, {});
    t.parsed_[name] = std::move(parsed);
  }
  return t;
}

std::string Templates::render(const std::string& name, const std::map<std::string, std::string>& values) const {
  auto it = parsed_.find(name);
  if (it == parsed_.end()) return "";
  if (values.empty()) return it->second.rendered_without_values;
  return render_segments(it->second.segments, values);
}

}  // namespace magchat
