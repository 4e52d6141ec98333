#include "composer.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <sstream>

#include "text.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

namespace {

bool is_list_item(const std::string& line) {
  std::string t = trim(line);
  if (starts_with(t, "- ") || starts_with(t, "* ") || starts_with(t, "+ ")) return true;
  size_t i = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  return i > 0 && i + 1 < t.size() && (t[i] == '.' || t[i] == ')') && t[i + 1] == ' ';
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string with_marker(std::string line, int marker) {
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  return line + " [" + std::to_string(marker) + "]";
}

}  // namespace

std::string unwrap_markdown(const std::string& markdown) {
  std::vector<std::string> out;
  bool joinable = false;  // the previous line is text that a continuation line belongs to
  for (const auto& line : lines_of(markdown)) {
    const std::string t = trim(line);
    if (t.empty()) {
      out.push_back("");
      joinable = false;
    } else if (joinable && !is_list_item(line) && !starts_with(t, "#")) {
      out.back() += " " + t;
    } else {
      out.push_back(line);
      joinable = !starts_with(t, "#");
    }
  }
  return join(out, "\n");
}

BodyParts body_parts(const std::string& markdown) {
  BodyParts parts;
  parts.words = count_words(markdown);
  // Citation lines: a marker at the end of every paragraph and list item, never mid-sentence.
  parts.lines = lines_of(unwrap_markdown(trim(markdown)));
  parts.line_cited.assign(parts.lines.size(), false);
  for (size_t i = 0; i < parts.lines.size(); ++i) {
    std::string& line = parts.lines[i];
    if (trim(line).empty() || starts_with(trim(line), "#")) continue;
    bool next_breaks = i + 1 == parts.lines.size() || trim(parts.lines[i + 1]).empty() || is_list_item(parts.lines[i + 1]);
    if (is_list_item(line) || next_breaks) {
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
      parts.line_cited[i] = true;
    }
  }
  parts.line_stems.resize(parts.lines.size());
  for (size_t i = 0; i < parts.lines.size(); ++i) {
    auto stems = content_stems(words_of(parts.lines[i]));
    if (starts_with(trim(parts.lines[i]), "- ")) parts.line_stems[i] = std::move(stems);
    else parts.prose_stems.insert(parts.prose_stems.end(), stems.begin(), stems.end());
  }
  std::sort(parts.prose_stems.begin(), parts.prose_stems.end());
  parts.prose_stems.erase(std::unique(parts.prose_stems.begin(), parts.prose_stems.end()), parts.prose_stems.end());
  // Units for extracts: sentences of paragraphs, and list items (kept with their list).
  std::string paragraph;
  auto flush = [&]() {
    for (auto& s : split_sentences(trim(paragraph))) parts.units.push_back({s, false, {}, 0});
    paragraph.clear();
  };
  for (const auto& line : lines_of(unwrap_markdown(markdown))) {
    if (is_list_item(line)) {
      flush();
      parts.units.push_back({trim(line), true, {}, 0});
    } else if (trim(line).empty()) {
      flush();
    } else {
      paragraph += " " + trim(line);
    }
  }
  flush();
  for (auto& unit : parts.units) {
    unit.stems = content_stems(words_of(unit.text));
    unit.words = count_words(unit.text);
  }
  parts.snippet = plain_snippet(markdown, 30);
  return parts;
}

std::shared_ptr<const BodyParts> parts_of(const PassageInfo& passage) {
  auto cached = std::atomic_load(&passage.body_parts);
  if (cached) return cached;
  // Two threads may both compute it the first time; either result is the same, and the last store wins.
  auto fresh = std::make_shared<const BodyParts>(body_parts(passage.row.body));
  std::atomic_store(&passage.body_parts, fresh);
  return fresh;
}

std::string cite_markdown(const BodyParts& body, int marker) {
  const std::string mark = " [" + std::to_string(marker) + "]";
  std::string out;
  for (size_t i = 0; i < body.lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += body.lines[i];
    if (body.line_cited[i]) out += mark;
  }
  return out;
}

std::string cite_markdown(const std::string& markdown, int marker) { return cite_markdown(body_parts(markdown), marker); }

std::string extract_relevant(const std::string& markdown, const std::vector<std::string>& stems, int marker,
                             size_t max_words) {
  return extract_relevant(body_parts(markdown), stems, marker, max_words);
}

namespace {

// The order of a passage's pieces (lines or extract units) with, in each run of four or more list items that all read
// "what: how much", the items that name a stem of `stems` named by at most a third of the run's items moved to the
// run's front (in their own order), unless the passage's prose names it too; or an empty vector when no item moves.
// `item_stems[i]` holds piece i's content stems when it is a list item, and is empty otherwise; `item_texts[i]` its
// text; `prose_stems` (sorted) the stems of the prose.
std::vector<size_t> asked_items_first(const std::vector<const std::vector<std::string>*>& item_stems,
                                      const std::vector<const std::string*>& item_texts,
                                      const std::vector<std::string>& stems, const std::vector<std::string>& prose_stems) {
  constexpr size_t kMinItems = 4;
  std::vector<size_t> order;
  bool moved = false;
  for (size_t start = 0; start < item_stems.size();) {
    size_t end = start;
    while (end < item_stems.size() && !item_stems[end]->empty()) ++end;
    if (end == start) {
      order.push_back(start++);
      continue;
    }
    const size_t items = end - start;
    std::vector<bool> asked(items, false);
    // (Only a list to look something up in, every item "what: how much" - foods and their amounts - not one whose
    // order tells something, as signs from mild to severe do, nor rows of ages or ranges in their order ("1 to 3
    // years: 80 mg"); re-check of 2026-12-02.)
    const bool lookup_list = std::all_of(item_texts.begin() + static_cast<long>(start),
                                         item_texts.begin() + static_cast<long>(end), [](const std::string* t) {
                                           const size_t key = t->find_first_not_of("-* ");
                                           return t->find(": ") != std::string::npos && key != std::string::npos &&
                                                  !std::isdigit(static_cast<unsigned char>((*t)[key]));
                                         });
    if (items >= kMinItems && lookup_list) {
      for (const auto& stem : stems) {
        if (std::binary_search(prose_stems.begin(), prose_stems.end(), stem)) continue;
        size_t naming = 0;
        for (size_t i = start; i < end; ++i) naming += contains(*item_stems[i], stem) ? 1 : 0;
        if (naming == 0 || naming * 3 > items) continue;
        for (size_t i = start; i < end; ++i) asked[i - start] = asked[i - start] || contains(*item_stems[i], stem);
      }
    }
    for (size_t i = start; i < end; ++i)
      if (asked[i - start]) order.push_back(i);
    for (size_t i = start; i < end; ++i)
      if (!asked[i - start]) order.push_back(i);
    // (Moved when an asked item came after one not asked.)
    for (size_t i = start, first_unasked = end; i < end; ++i) {
      if (!asked[i - start]) first_unasked = std::min(first_unasked, i);
      else if (first_unasked < i) moved = true;
    }
    start = end;
  }
  if (!moved) order.clear();
  return order;
}

}  // namespace

std::string extract_relevant(const BodyParts& body, const std::vector<std::string>& stems, int marker,
                             size_t max_words) {
  if (body.words <= max_words) {
    std::vector<const std::vector<std::string>*> line_stems;
    std::vector<const std::string*> line_texts;
    for (size_t i = 0; i < body.lines.size(); ++i) {
      line_stems.push_back(&body.line_stems[i]);
      line_texts.push_back(&body.lines[i]);
    }
    const std::vector<size_t> order = asked_items_first(line_stems, line_texts, stems, body.prose_stems);
    if (order.empty()) return cite_markdown(body, marker);
    const std::string mark = " [" + std::to_string(marker) + "]";
    std::string out;
    for (size_t k = 0; k < order.size(); ++k) {
      if (k > 0) out += '\n';
      out += body.lines[order[k]];
      if (body.line_cited[order[k]]) out += mark;
    }
    return out;
  }
  const auto& units = body.units;
  std::set<std::string> wanted(stems.begin(), stems.end());
  std::vector<double> score(units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    double hits = 0;
    for (const auto& s : units[i].stems) hits += wanted.count(s) ? 1 : 0;
    // The opening sentence usually states the answer; list items carry the facts asked for.
    score[i] = hits + (i == 0 ? 1.5 : 0) + (units[i].list_item ? 0.5 : 0);
  }
  std::vector<size_t> order(units.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] > score[b]; });
  // What a unit cannot stand without: a list item, the sentence that leads into its list ("..., so:"); a sentence
  // that goes on from the one before it ("So a normal result does not always reflect total body stores."), that one.
  // A unit is chosen only together with what it needs (fortieth session's probe: bullets without their lead-in,
  // and a closing "So ..." whose reason had been dropped).
  static const std::vector<std::string> kGoesOn = {"So ", "This ", "That ", "These ", "Those ", "It ", "They ",
                                                   "But ", "Because of this", "For this reason", "Then "};
  std::vector<size_t> needs(units.size(), units.size());
  for (size_t i = 1; i < units.size(); ++i) {
    if (units[i].list_item) {
      size_t lead = i;
      while (lead > 0 && units[lead - 1].list_item) --lead;
      if (lead > 0 && !units[lead - 1].text.empty() && units[lead - 1].text.back() == ':') needs[i] = lead - 1;
    } else if (std::any_of(kGoesOn.begin(), kGoesOn.end(),
                           [&](const std::string& w) { return starts_with(units[i].text, w); })) {
      needs[i] = i - 1;
    }
  }
  std::vector<bool> chosen(units.size(), false);
  size_t words = 0;
  for (size_t idx : order) {
    if (chosen[idx]) continue;
    std::vector<size_t> with;  // idx and what it needs, not yet chosen
    for (size_t k = idx; k < units.size() && !chosen[k]; k = needs[k]) with.push_back(k);
    size_t w = 0;
    for (size_t k : with) w += units[k].words;
    // (When a list's lead-in is too long for a short answer, its items may follow the opening sentence alone: "ok
    // just one line pls" after the best-absorbed forms keeps the forms.)
    if (words + w > max_words && words > 0 && units[idx].list_item && chosen[0] && needs[idx] < units.size() &&
        units[needs[idx]].words > max_words / 2 && words + units[idx].words <= max_words) {
      with = {idx};
      w = units[idx].words;
    }
    if (words + w > max_words && words > 0) continue;
    for (size_t k : with) chosen[k] = true;
    words += w;
  }
  static const std::vector<std::string> kNotAnItem;
  std::vector<const std::vector<std::string>*> unit_stems;
  std::vector<const std::string*> unit_texts;
  // (Bulleted items only, as above: a numbered list keeps its order.)
  for (const auto& unit : units) {
    unit_stems.push_back(unit.list_item && starts_with(unit.text, "- ") ? &unit.stems : &kNotAnItem);
    unit_texts.push_back(&unit.text);
  }
  std::vector<size_t> in_order = asked_items_first(unit_stems, unit_texts, stems, body.prose_stems);
  if (in_order.empty())
    for (size_t i = 0; i < units.size(); ++i) in_order.push_back(i);
  std::string out;
  bool in_list = false;
  for (size_t i : in_order) {
    if (!chosen[i]) continue;
    if (units[i].list_item) {
      if (!in_list && !out.empty()) out += "\n\n";
      else if (in_list) out += "\n";
      out += with_marker(units[i].text, marker);
      in_list = true;
    } else {
      if (in_list) out += "\n\n";
      else if (!out.empty()) out += " ";
      out += with_marker(units[i].text, marker);
      in_list = false;
    }
  }
  return out;
}

std::string with_age_row_in_bold(const std::string& markdown, int age_years) {
  if (age_years <= 0) return markdown;
  // (The leading number of a row, and the end of its text before a citation marker.)
  auto number_at = [&](size_t& i, int& value) {
    size_t start = i;
    while (i < markdown.size() && std::isdigit(static_cast<unsigned char>(markdown[i]))) ++i;
    if (i == start || i - start > 3) return false;
    value = std::atoi(markdown.substr(start, i - start).c_str());
    return true;
  };
  size_t found_start = std::string::npos, found_end = 0;
  int rows_holding = 0;
  for (size_t line = 0; line < markdown.size();) {
    size_t end = markdown.find('\n', line);
    if (end == std::string::npos) end = markdown.size();
    if (markdown.compare(line, 2, "- ") == 0) {
      size_t i = line + 2;
      int low = 0, high = 0;
      bool holds = false;
      if (number_at(i, low)) {
        if (markdown.compare(i, 4, " to ") == 0) {
          i += 4;
          holds = number_at(i, high) && markdown.compare(i, 6, " years") == 0 && low <= age_years &&
                  age_years <= high;
        } else if (markdown.compare(i, 16, " years and older") == 0) {
          holds = age_years >= low;
        }
      }
      if (holds) {
        ++rows_holding;
        found_start = line + 2;
        const size_t marker = markdown.rfind(" [", end);
        found_end = marker != std::string::npos && marker > found_start ? marker : end;
      }
    }
    line = end + 1;
  }
  if (rows_holding != 1) return markdown;
  return markdown.substr(0, found_start) + "**" + markdown.substr(found_start, found_end - found_start) + "**" +
         markdown.substr(found_end);
}

std::string plain_snippet(const std::string& markdown, size_t max_words) {
  // One pass that stops at the last word needed: markup characters dropped, lines joined, "-" bullets skipped.
  std::string out, word;
  size_t kept = 0;
  auto flush = [&] {
    if (!word.empty() && word != "-"sv) {
      if (kept > 0) out += ' ';
      out += word;
      ++kept;
    }
    word.clear();
  };
  for (size_t i = 0; i < markdown.size() && kept < max_words; ++i) {
    const char c = markdown[i];
    if (c == '*' || c == '_' || c == '#' || c == '`') continue;
    if (c == ' ' || c == '\n') flush();
    else word += c;
  }
  if (kept < max_words) flush();
  if (kept == max_words && max_words > 0) out += " ...";
  return out;
}

SourceRef source_ref(const PassageInfo& passage, int id) {
  const PassageRow& p = passage.row;
  SourceRef s;
  s.id = id;
  s.entry_id = p.entry_id;
  s.title = p.entry_title;
  s.section = p.kind == EntryKind::Article ? p.heading : "";
  if (!p.sources.empty()) {
    s.url = p.sources.front().url;
    s.source_title = p.sources.front().title;
  }
  s.snippet = parts_of(passage)->snippet;
  return s;
}

}  // namespace magchat
