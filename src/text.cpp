#include "text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <utility>

#include "word_set.h"

namespace magchat {

namespace {
// ASCII classes as the C locale answers them (magchat never changes the locale), without a library call per
// character: normalize_text runs on every message many times over.
bool is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool is_ascii_alnum(unsigned char c) { return is_ascii_digit(c) || is_ascii_alpha(c); }
unsigned char ascii_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c | 0x20) : c; }

// The code point of the UTF-8 sequence at text[i] and its length in bytes; length 0 when it is not valid UTF-8.
std::pair<uint32_t, size_t> decode_utf8(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  const size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || i + length > text.size()) return {0, 0};
  uint32_t cp = lead & (0xFF >> (length + 1));
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  return {cp, length};
}

// Characters outside ASCII that are not part of any word: emoji and pictographs, arrows and other symbols,
// punctuation such as curly quotes, dashes and the ellipsis, and spaces such as the no-break space.
bool separates_words(uint32_t cp) {
  return cp == 0xA0 || (cp >= 0xA1 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) || cp == 0xD7 ||
         cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}
}  // namespace

bool is_blank(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (!std::isspace(c)) return false;
      ++i;
      continue;
    }
    const auto [cp, length] = decode_utf8(text, i);
    const bool space = cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 ||
                       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x2060 || cp == 0x3000 || cp == 0xFEFF;
    if (length == 0 || !space) return false;
    i += length;
  }
  return true;
}

namespace {
// "I'll" is "I will", not "ill" (sick): "ok so I'll just take them together then" asks nothing about being ill. True
// when `out` ends with the word "i" and `text` has "ll" at `next`, then no letter.
bool i_will_after_apostrophe(const std::string& out, std::string_view text, size_t next) {
  const bool ends_with_i = !out.empty() && out.back() == 'i' && (out.size() == 1 || out[out.size() - 2] == ' ');
  return ends_with_i && next + 1 < text.size() && std::tolower(static_cast<unsigned char>(text[next])) == 'l' &&
         std::tolower(static_cast<unsigned char>(text[next + 1])) == 'l' &&
         (next + 2 == text.size() || !std::isalpha(static_cast<unsigned char>(text[next + 2])));
}
}  // namespace

std::string normalize_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool last_space = true;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool keep = false;
    if (c >= 0x80) {
      // Letters of other alphabets stay; a curly apostrophe is an apostrophe ("don’t"), and emoji and other
      // symbols separate words ("hi 👋").
      const auto [cp, length] = decode_utf8(text, i);
      if (length > 0 && (cp == 0x2019 || cp == 0x2018)) {
        i += length - 1;
        if (i_will_after_apostrophe(out, text, i + 1)) {
          out += " will";
          i += 2;
        }
        continue;
      }
      if (length > 0 && separates_words(cp)) {
        i += length - 1;
      } else {
        keep = true;
      }
    } else if (is_ascii_alnum(c)) {
      keep = true;
      c = ascii_lower(c);
    } else if (c == '%') {
      keep = true;
    } else if ((c == '.' || c == ',' || c == '/') && i > 0 && i + 1 < text.size() &&
               is_ascii_digit(static_cast<unsigned char>(text[i - 1])) &&
               is_ascii_alnum(static_cast<unsigned char>(text[i + 1]))) {
      keep = c != ',';  // 0.75 and mg/dl stay one word; 1,000 becomes 1000
      if (c == ',') continue;
    } else if (c == '/' && i > 0 && i + 1 < text.size() && is_ascii_alpha(static_cast<unsigned char>(text[i - 1])) &&
               is_ascii_alpha(static_cast<unsigned char>(text[i + 1]))) {
      keep = true;  // mmol/l
    } else if (c == '\'' ) {
      if (i_will_after_apostrophe(out, text, i + 1)) {
        out += " will";
        i += 2;
      }
      continue;  // don't -> dont, women's -> womens
    } else if ((c == '+' || c == '&') && (i == 0 || text[i - 1] == ' ') && i + 1 < text.size() && text[i + 1] == ' ') {
      // A plus or an ampersand standing alone joins two things as "and" does ("side effects + who shouldn't take
      // them", "calcium & vitamin D").
      if (!last_space) out.push_back(' ');
      out += "and ";
      last_space = true;
      continue;
    }
    if (keep) {
      out.push_back(static_cast<char>(c));
      last_space = false;
    } else if (!last_space) {
      out.push_back(' ');
      last_space = true;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string ascii_lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  return lower;
}

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) words.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return words;
}

std::vector<std::string> words_of(std::string_view text) { return split_words(normalize_text(text)); }

std::shared_ptr<const std::vector<std::string>> shared_words_of(std::string_view text) {
  // (Four: a message, its sentence being read and the turn before it fit, and a linear search over them is cheap.)
  struct Remembered {
    std::string text;
    std::shared_ptr<const std::vector<std::string>> words;
  };
  thread_local std::array<Remembered, 4> remembered;
  thread_local size_t next = 0;
  for (const auto& r : remembered)
    if (r.words && r.text == text) return r.words;
  Remembered& slot = remembered[next];
  next = (next + 1) % remembered.size();
  slot.text.assign(text);
  slot.words = std::make_shared<const std::vector<std::string>>(words_of(text));
  return slot.words;
}

bool is_stopword(std::string_view word) {
  // Function words and generic question words: they say nothing about which entry answers a question.
  static const WordSet kStop = {
      "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from",
      "as", "into", "about", "than", "then", "so", "is", "are", "was", "were", "be", "been", "being", "am",
      "do", "does", "did", "doing", "done", "have", "has", "had", "having", "can", "could", "should", "would",
      "will", "shall", "may", "might", "must", "i", "me", "my", "mine", "we", "us", "our", "you", "your", "he",
      "him", "his", "she", "her", "it", "its", "they", "them", "their", "this", "that", "these", "those",
      "what", "whats", "which", "who", "whom", "whose", "when", "where", "how", "there", "here", "any", "some",
      "all", "get", "got", "getting", "tell", "please", "know", "want", "also", "just", "very", "really",
      "much", "many", "more", "most", "other", "another", "such", "no", "not", "yes", "up", "out", "too", "ok", "okay",
      "thing", "things", "someone", "something", "im", "ive", "id", "dont", "doesnt", "isnt", "cant", "one",
      "way", "ways", "kind", "kinds", "lot", "lots", "bit", "like", "well", "good", "bad", "body", "people",
      "person", "level", "levels", "magnesium", "mg", "mag", "over", "under", "above", "below", "after",
      "before", "during", "while", "without", "within", "between", "per", "each", "every", "via", "again",
      "remind", "both",
      // (contractions typed without the apostrophe: "what are the first ones youd notice?")
      "youre", "youve", "youll", "youd", "theyre", "theyve", "theyll", "theyd", "weve", "itll", "itd", "thats",
      "theres"};
  return kStop.count(word) != 0;
}

std::string spelled_out(std::string word) { return word == "mag" ? std::string("magnesium") : word; }

const char* texting_shorthand(std::string_view word) {
  static const WordMap<const char*> kShorthand = {
      {"wat", "what"},     {"wut", "what"},     {"wht", "what"},    {"hav", "have"},      {"r", "are"},
      {"u", "you"},        {"ur", "your"},      {"shud", "should"}, {"shuld", "should"},  {"shoud", "should"},
      {"wud", "would"},    {"cud", "could"},    {"tak", "take"},    {"abt", "about"},     {"pls", "please"},
      {"plz", "please"},   {"bc", "because"},   {"cuz", "because"}, {"coz", "because"},   {"b4", "before"},
      {"enuf", "enough"},  {"wen", "when"},    {"hw", "how"},        {"bcoz", "because"},  {"lvl", "level"},
      {"lvls", "levels"},  {"sx", "symptoms"}, {"ppl", "people"}, {"becuz", "because"},
      {"wats", "whats"},   {"mgmt", "management"}, {"alot", "lot"}, {"mak", "make"}, {"dx", "diagnosis"}, {"tx", "treatment"}, {"whos", "who"},     {"hows", "how"},     {"wheres", "where"},   {"rn", "now"},       {"supp", "supplement"}, {"supps", "supplements"}, {"w", "with"},
      {"n", "and"},        {"smth", "something"}, {"sth", "something"}, {"enuff", "enough"}, {"eachother", "each"},
      {"sintoms", "symptoms"}, {"sympt", "symptoms"}, {"sympts", "symptoms"}, {"symps", "symptoms"},
      {"symp", "symptoms"}, {"symptms", "symptoms"}, {"magnisium", "magnesium"}, {"magnessium", "magnesium"},
      {"megadose", "dose"}, {"megadoses", "doses"}, {"calciums", "calcium"}, {"potassiums", "potassium"},
      {"magnesiums", "magnesium"}, {"bloods", "blood tests"}, {"simptoms", "symptoms"}, {"sympoms", "symptoms"},
      {"nite", "night"},   {"sposed", "supposed"}, {"suposed", "supposed"},   {"choc", "chocolate"}, {"gud", "good"}, {"calfs", "calves"}, {"defic", "deficiency"},
      {"deff", "deficiency"}, {"sines", "signs"}, {"drs", "doctors"}, {"dr", "doctor"}, {"kno", "know"}, {"knw", "know"}, {"diff", "different"},
      {"doc", "doctor"}, {"docs", "doctors"}, {"incl", "including"}, {"esp", "especially"}, {"tmrw", "tomorrow"}, {"tmr", "tomorrow"}, {"tmw", "tomorrow"}, {"2moro", "tomorrow"}, {"2morrow", "tomorrow"},
      // (the Spanish, French and Portuguese words people most often mix into an English question)
      {"magnesio", "magnesium"}, {"magnésium", "magnesium"}, {"magnésio", "magnesium"}, {"peligroso", "dangerous"}, {"peligrosa", "dangerous"}, {"dangereux", "dangerous"},
      {"electrolights", "electrolytes"}};
  const char* const* full = kShorthand.find(word);
  return full ? *full : digits_of_number_word(word);
}

const char* digits_of_number_word(std::string_view word) {
  static const WordMap<const char*> kNumbers = {
      {"two", "2"},        {"three", "3"},      {"four", "4"},      {"five", "5"},         {"six", "6"},
      {"seven", "7"},      {"eight", "8"},      {"nine", "9"},      {"ten", "10"},         {"eleven", "11"},
      {"twelve", "12"},    {"thirteen", "13"},  {"fourteen", "14"}, {"fifteen", "15"},     {"sixteen", "16"},
      {"seventeen", "17"}, {"eighteen", "18"},  {"nineteen", "19"}, {"twenty", "20"},      {"thirty", "30"},
      {"forty", "40"},     {"fifty", "50"},     {"sixty", "60"},    {"seventy", "70"},     {"eighty", "80"},
      {"ninety", "90"}};
  const char* const* digits = kNumbers.find(word);
  return digits ? *digits : nullptr;
}

bool verb_denied_at(const std::vector<std::string>& words, size_t i) {
  static const WordSet kDenying = {"cant",  "cannot", "wont",    "doesnt",   "dont",    "didnt", "not",
                                   "never", "couldnt", "wouldnt", "refuses", "refused", "refuse", "unable"};
  // ("refuses to swallow", "unable to take")
  if (i < words.size() && i > 0 && words[i - 1] == std::string_view("to")) --i;
  return (i >= 1 && kDenying.count(words[i - 1])) || (i >= 2 && kDenying.count(words[i - 2]));
}

bool said_not_so_at(const std::vector<std::string>& words, size_t i) {
  static const WordSet kNotSo = {"not",    "hasnt", "havent", "hadnt", "isnt", "arent",
                                 "wasnt", "werent", "didnt", "doesnt", "dont", "never"};
  return i > 0 && i <= words.size() && kNotSo.count(words[i - 1]) > 0;
}

bool only_asks_about_magnesium(const std::vector<std::string>& words) {
  static const WordSet kMagnesium = {"magnesium", "mag", "mg"};
  static const WordSet kAsking = {
      "what", "whats", "is", "are", "tell", "me", "us", "about", "can", "could", "would", "you", "do", "know",
      "explain", "give", "info", "information", "i", "want", "to", "please", "the", "a", "an", "some", "on",
      "overview", "general", "basics", "basic", "anything", "something", "learn", "facts", "like", "id", "im",
      "wanted", "understand", "describe", "all", "need", "so", "ok", "okay", "and", "of", "in", "brief",
      "more", "bit", "little", "teach", "should", "learning", "d", "good", "for", "used", "useful", "does",
      // ("can you help me with magnesium", "can u help me with magnesium stuff": blind probe of 2026-12-02)
      "help", "with", "u", "stuff", "things"};
  bool names = false;
  for (const auto& w : words) {
    if (kMagnesium.count(w)) {
      names = true;
    } else if (!kAsking.count(w)) {
      return false;
    }
  }
  return names;
}

std::string light_stem(std::string_view w) {
  std::string s(w);
  auto strip = [&](std::string_view suf, std::string_view repl, size_t min_stem) {
    if (s.size() >= suf.size() + min_stem && ends_with(s, suf)) {
      s = s.substr(0, s.size() - suf.size()) + std::string(repl);
      return true;
    }
    return false;
  };
  static const std::pair<std::string_view, std::string_view> kIrregular[] = {
      {"women", "woman"}, {"men", "man"}, {"children", "child"}, {"feet", "foot"}, {"teeth", "tooth"},
      {"people", "person"}, {"mice", "mouse"}, {"kidneys", "kidney"}};
  for (const auto& [plural, singular] : kIrregular)
    if (s == plural) return std::string(singular);
  if (s.size() <= 3) return s;
  if (strip("ies", "y", 2)) return s;
  if (strip("sses", "ss", 2)) return s;
  if (ends_with(s, "ss") || ends_with(s, "us") || ends_with(s, "is")) return s;
  if (strip("ing", "", 3)) return s;
  if (strip("edly", "", 3)) return s;
  if (strip("ed", "", 3)) return s;
  if (strip("es", "", 3)) {
    // "causes" -> "caus", "cases" -> "cas": consistent for both sides of a comparison
    return s;
  }
  if (strip("s", "", 3)) return s;
  if (strip("e", "", 3)) return s;  // "cause" -> "caus", "prevalence" -> "prevalenc"
  return s;
}

std::vector<std::string> split_sentences(std::string_view prose) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < prose.size(); ++i) {
    char c = prose[i];
    if ((c == '.' || c == '!' || c == '?') && i + 2 < prose.size() && prose[i + 1] == ' ') {
      unsigned char next = static_cast<unsigned char>(prose[i + 2]);
      bool abbreviation = i >= 2 && (prose.substr(i - 2, 2) == "e." || prose.substr(i - 2, 2) == "i.");
      if ((std::isupper(next) || std::isdigit(next) || next == '*' || next == '(') && !abbreviation) {
        std::string sentence = trim(prose.substr(start, i + 1 - start));
        if (!sentence.empty()) out.push_back(sentence);
        start = i + 2;
      }
    }
  }
  std::string rest = trim(prose.substr(std::min(start, prose.size())));
  if (!rest.empty()) out.push_back(rest);
  return out;
}

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    size_t extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (size_t k = 1; k <= extra; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += extra + 1;
  }
  return true;
}

size_t utf8_length(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

size_t count_words(std::string_view text) {
  size_t n = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

std::string utc_timestamp(bool date_only) {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, date_only ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string backslash_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

namespace {
// Whether `w` equals `x`, comparing the length and the first byte inline before the library's memcmp: the analyser
// asks these of every word of a message hundreds of times, and most words differ already in length or first letter.
inline bool same_word(const std::string& w, std::string_view x) {
  return w.size() == x.size() && (x.empty() || (w[0] == x[0] && std::memcmp(w.data(), x.data(), x.size()) == 0));
}
}  // namespace

bool contains(const std::vector<std::string>& list, std::string_view x) {
  for (const auto& w : list)
    if (same_word(w, x)) return true;
  return false;
}

std::string without_letter_runs(std::string_view word, size_t keep) {
  std::string out;
  for (size_t i = 0; i < word.size();) {
    size_t run = 1;
    while (i + run < word.size() && word[i + run] == word[i]) ++run;
    // (Only letters: digits repeat in numbers, "1000 mg", and a number changed is a different amount.)
    const bool held_letter = run >= 3 && std::isalpha(static_cast<unsigned char>(word[i]));
    out.append(held_letter ? keep : run, word[i]);
    i += run;
  }
  return out;
}

bool contains_phrase(const std::vector<std::string>& words, const std::vector<std::string>& phrase) {
  return std::search(words.begin(), words.end(), phrase.begin(), phrase.end()) != words.end();
}

bool contains_phrase(const std::vector<std::string>& words, std::initializer_list<std::string_view> phrase) {
  // (As std::search: an empty phrase is found in any words but none.)
  if (phrase.size() == 0) return !words.empty();
  const std::string_view* p = phrase.begin();
  const size_t n = phrase.size();
  for (size_t i = 0; i + n <= words.size(); ++i) {
    if (!same_word(words[i], p[0])) continue;
    size_t k = 1;
    while (k < n && same_word(words[i + k], p[k])) ++k;
    if (k == n) return true;
  }
  return false;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view x) {
  return s.size() >= x.size() && s.substr(s.size() - x.size()) == x;
}

int edit_distance(std::string_view a, std::string_view b, int limit) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    prev2.swap(prev);
    prev.swap(cur);
  }
  return prev[m];
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace magchat
