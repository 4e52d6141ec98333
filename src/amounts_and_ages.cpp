#include "amounts_and_ages.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <optional>
#include <set>

#include "text.h"
#include "word_set.h"

namespace magchat {

// ("word" == "literal"sv: GCC 12's std::string == const char* is an out-of-line compare with strlen; a view compares
// sizes first and inlines the rest.)
using namespace std::string_view_literals;

bool is_number(const std::string& w) {
  return !w.empty() && std::isdigit(static_cast<unsigned char>(w[0])) &&
         w.find_first_not_of("0123456789.") == std::string::npos;
}

bool is_mass_unit(const std::string& w) { return w == "mg"sv || w == "mgs"sv || w == "milligram"sv || w == "milligrams"sv; }

bool is_amount_word(const std::string& w) {
  const size_t digits = w.find_first_not_of("0123456789.");
  return digits != std::string::npos && digits > 0 && is_mass_unit(w.substr(digits));
}

bool is_bare_amount_at(const std::vector<std::string>& words, size_t i) {
  static const WordSet kProduct = {"magnesium", "mag", "magnesio", "glycinate", "citrate", "oxide", "chloride"};
  if (i == 0 || !is_number(words[i]) || !kProduct.count(words[i - 1])) return false;
  if (i + 1 < words.size() && (is_mass_unit(words[i + 1]) || words[i + 1] == "mmol"sv || words[i + 1] == "mg/dl"sv ||
                               words[i + 1] == "mmol/l"sv || words[i + 1] == "meq/l"sv || words[i + 1] == "percent"sv ||
                               words[i + 1] == "%"sv))
    return false;
  const double value = std::atof(words[i].c_str());
  return value >= 50 && value <= 5000;
}

std::optional<double> largest_amount_mg(const std::vector<std::string>& words) {
  std::optional<double> largest;
  for (size_t i = 0; i < words.size(); ++i) {
    double value = -1;
    if (is_amount_word(words[i]))
      value = std::atof(words[i].c_str());
    else if (is_number(words[i]) && i + 1 < words.size() && is_mass_unit(words[i + 1]))
      value = std::atof(words[i].c_str());
    else if (is_bare_amount_at(words, i))
      value = std::atof(words[i].c_str());
    if (value > 0 && (!largest || value > *largest)) largest = value;
  }
  return largest;
}

bool is_weight_unit(const std::string& w) {
  static const WordSet kWeightUnits = {"kg", "kgs", "kilos", "kilograms", "lb", "lbs", "pounds"};
  return kWeightUnits.count(w) > 0;
}

bool is_body_weight_at(const std::vector<std::string>& words, size_t i) {
  const std::string& w = words[i];
  if (is_number(w)) return i + 1 < words.size() && is_weight_unit(words[i + 1]);
  const size_t digits = w.find_first_not_of("0123456789.");
  return digits != std::string::npos && digits > 0 && is_weight_unit(w.substr(digits));
}

bool outside_every_unitless_range(double value) {
  const auto inside = [&](double low, double high) { return value >= low && value <= high; };
  return !inside(1.46, 2.68) && !inside(0.75, 1.10) && !inside(1.5, 2.2);
}

bool is_unitless_level_at(const std::vector<std::string>& words, size_t i) {
  const std::string& w = words[i];
  if (i == 0 || w.empty() || w.size() > 2 || !std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  const int value = std::atoi(w.c_str());
  if (value < 1 || value > 10) return false;
  // (Not "at": "I take my magnesium at 9 every night" is a time.)
  static const std::vector<std::string> kRightBefore = {"of", "is", "was", "back", "level", "levels",
                                                        "magnesium", "mag", "were", "are"};
  if (std::find(kRightBefore.begin(), kRightBefore.end(), words[i - 1]) == kRightBefore.end()) return false;
  // (Nor a count swapped for another: "took 2 magnesium pills instead of 1 by mistake".)
  if (i >= 2 && words[i - 1] == "of"sv && words[i - 2] == "instead"sv) return false;
  bool names_magnesium = false;
  for (size_t k = i >= 4 ? i - 4 : 0; k < i; ++k) names_magnesium = names_magnesium || words[k] == "magnesium"sv || words[k] == "mag"sv;
  if (!names_magnesium) return false;
  // (What follows a count or an amount: "magnesium 2 times a day", "magnesium is 5 tablets", "mag at 8 pm".)
  static const std::vector<std::string> kCounted = {
      "times", "x", "tablets", "tablet", "pills", "pill", "capsules", "caps", "gummies", "gummy", "a", "per",
      "days", "day", "weeks", "week", "months", "month", "years", "year", "yrs", "hours", "hour", "hrs", "minutes",
      "mins", "mg", "mgs", "milligrams", "grams", "g", "pm", "am", "oclock", "in", "out", "of", "stars", "percent",
      "and", "or", "to", "doses", "dose", "scoops", "drops", "sprays", "servings", "kids", "children", "people",
      "every", "each", "after", "before", "at", "with", "for", "on", "dollars", "dollar", "bucks", "pounds", "euros",
      "quid", "cents", "oclock", "o", "clock", "tonight", "tomorrow"};
  return i + 1 >= words.size() || std::find(kCounted.begin(), kCounted.end(), words[i + 1]) == kCounted.end();
}

TestResult test_result_at(const std::vector<std::string>& words, size_t i) {
  TestResult result;
  const std::string& w = words[i];
  const size_t digits = w.find_first_not_of("0123456789.");
  if (w.empty() || !std::isdigit(static_cast<unsigned char>(w[0])) || digits == 0) return result;
  std::string unit = digits == std::string::npos ? std::string() : w.substr(digits);
  size_t used = 1;
  if (unit.empty() && i + 1 < words.size()) {
    unit = words[i + 1];
    used = 2;
  }
  static const std::vector<std::string> kUnits = {"mg/dl", "mmol/l", "mmol", "meq/l", "meq"};
  // ("15 mmol a day", "20 mEq daily": an amount prescribed, not a concentration in the blood.)
  static const std::vector<std::string> kPerDay = {"a", "per", "daily", "each", "every", "/day", "twice", "once"};
  const bool amount_per_day = (unit == "mmol"sv || unit == "meq"sv) && i + used < words.size() &&
                              std::find(kPerDay.begin(), kPerDay.end(), words[i + used]) != kPerDay.end();
  if (amount_per_day) return result;
  if (std::find(kUnits.begin(), kUnits.end(), unit) == kUnits.end()) {
    // Without a unit, only the lab's flag right after a decimal said of magnesium reads it: "Mg 1.4 L",
    // "my magnesium was 2.9 H" (not "K 3.1 L", potassium's).
    static const std::vector<std::string> kMagnesium = {"magnesium", "mg", "mag"};
    const auto names_magnesium = [&](size_t back) {
      return i >= back && std::find(kMagnesium.begin(), kMagnesium.end(), words[i - back]) != kMagnesium.end();
    };
    const bool flagged = i + 1 < words.size() && (words[i + 1] == "l"sv || words[i + 1] == "h"sv);
    if (digits == std::string::npos && w.find('.') != std::string::npos && flagged &&
        (names_magnesium(1) || names_magnesium(2))) {
      result.words = 2;
      result.reading = words[i + 1] == "l"sv ? TestResult::Reading::Low : TestResult::Reading::High;
    }
    return result;
  }
  double value = 0;
  try {
    value = std::stod(w.substr(0, digits));
  } catch (const std::exception&) {
    return result;  // ("1..2")
  }
  result.words = used;
  using Reading = TestResult::Reading;
  if (unit == "mg/dl"sv) {
    result.reading = value < 1.46 ? Reading::Low : value > 2.68 ? Reading::High : Reading::Unknown;
    result.outside_some_range = result.reading == Reading::Unknown && (value < 1.7 || value > 2.2);
  } else {
    const double mmol = unit.rfind("meq", 0) == 0 ? value / 2 : value;
    result.reading = mmol < 0.75 ? Reading::Low : mmol > 1.10 ? Reading::High : Reading::Unknown;
    result.outside_some_range = result.reading == Reading::Unknown && (mmol < 0.85 || mmol > 0.95);
  }
  // The lab's own flag decides: "1.6 mg/dL (L)", "... flagged H" (where "flagged" is left to the question).
  const size_t after = i + used;
  const bool flagged = after < words.size() && (words[after] == "flagged"sv || words[after] == "flag"sv);
  size_t flag = flagged ? after + 1 : after;
  if (flagged && flag + 1 < words.size() && words[flag] == "as"sv) ++flag;  // ("flagged as high")
  if (flag < words.size() && (words[flag] == "l"sv || words[flag] == "h"sv)) {
    result.reading = words[flag] == "l"sv ? Reading::Low : Reading::High;
    result.outside_some_range = false;
    if (flag == after) ++result.words;
  } else if (flagged && flag < words.size() && (words[flag] == "low"sv || words[flag] == "high"sv)) {
    // ("Mg 2.6 mg/dL flagged high": the lab's flag in words; fortieth session's probe.)
    result.reading = words[flag] == "low"sv ? Reading::Low : Reading::High;
    result.outside_some_range = false;
  }
  return result;
}

namespace {

// A number spelled as a word ("six" in "my six-year-old", "one" in "a one year old"), or -1.
int number_word(const std::string& w) {
  if (w == "one"sv) return 1;
  const char* digits = digits_of_number_word(w);
  return digits ? std::stoi(digits) : -1;
}

}  // namespace

AgeAt age_at(const std::vector<std::string>& words, size_t i) {
  const std::string& w = words[i];
  // A number word names an age only as "six year old", "two month old" ("I'm one of those people" names none).
  // ("old" or "olds": "magnesium requirement for 11 year olds")
  if (const int spelled = number_word(w);
      spelled > 0 && i + 2 < words.size() && (words[i + 2] == "old"sv || words[i + 2] == "olds"sv)) {
    const std::string& unit = words[i + 1];
    if (unit == "year"sv || unit == "years"sv) return {spelled, 3};
    if (unit == "month"sv || unit == "months"sv) return {0, 3};
  }
  const size_t digits = w.find_first_not_of("0123456789");
  if (digits == 0 || w.empty() || std::min(digits, w.size()) > 3) return {};
  const int number = std::stoi(w.substr(0, digits));
  if (number > 120) return {};  // "over 350" is an amount
  if (digits != std::string::npos) {
    static const WordSet kYearsOld = {"yo", "yr", "yrs", "yro", "yos"};
    if (kYearsOld.count(w.substr(digits))) return AgeAt{number, 1};
    // "16M, how much mag am i supposed to get a day", "34f here": age and sex opening a message, as forums write it.
    const std::string sex = w.substr(digits);
    return i == 0 && (sex == "m"sv || sex == "f"sv) && number >= 10 && number <= 99 ? AgeAt{number, 1} : AgeAt{};
  }
  static const WordSet kSaysAge = {"im", "am", "age", "aged", "shes", "hes", "theyre", "turned", "turning", "past",
                                   "turn", "turns"};
  static const WordSet kPeople = {"dad", "mom", "mum", "father", "mother", "son", "daughter",
                                  "kid", "child", "baby", "wife", "husband", "grandma", "grandpa",
                                  "grandmother", "grandfather", "brother", "sister", "he", "she",
                                  "partner", "friend", "boy", "girl", "twins", "kids", "children",
                                  "sons", "daughters", "eldest", "oldest", "youngest", "toddler",
                                  "niece", "nephew", "grandson", "granddaughter", "lad", "lass",
                                  "kiddo", "stepson", "stepdaughter", "nan", "nana", "gran", "granny",
                                  "grandad", "granddad",
                                  // (with "'s" read as "is": "my mum's 90", blind probe of 2026-12-02)
                                  "mums", "moms", "dads", "wifes", "husbands", "grandmas", "grandpas", "nans",
                                  "nanas", "grans", "grannys", "grandads", "granddads", "partners", "brothers",
                                  "sisters"};
  const bool says_age_before = i > 0 && (kSaysAge.count(words[i - 1]) > 0 || kPeople.count(words[i - 1]) > 0 ||
                                         ((words[i - 1] == "is"sv || words[i - 1] == "are"sv) && i > 1 && kPeople.count(words[i - 2]) > 0));
  if (i + 1 >= words.size()) return says_age_before ? AgeAt{number, 1} : AgeAt{};
  const std::string& next = words[i + 1];
  const bool old_follows = i + 2 < words.size() && (words[i + 2] == "old"sv || words[i + 2] == "olds"sv);
  if ((next == "year"sv || next == "years"sv || next == "yr"sv || next == "yrs"sv) && old_follows) return {number, 3};
  if ((next == "month"sv || next == "months"sv) && old_follows) return {0, 3};
  if (next == "yo"sv) return {number, 2};
  // ("I'm 3 weeks sober", "she's 2 days late": a time, not an age.)
  static const WordSet kTimes = {"week", "weeks", "day", "days", "month", "months", "hour", "hours",
                                 "minute", "minutes", "times", "percent"};
  return says_age_before && !is_mass_unit(next) && !is_weight_unit(next) && !kTimes.count(next) ? AgeAt{number, 1}
                                                                                                 : AgeAt{};
}

std::optional<int> age_named(const std::vector<std::string>& words) {
  for (size_t i = 0; i < words.size(); ++i)
    if (const AgeAt age = age_at(words, i); age.words) return age.years;
  return std::nullopt;
}

size_t ages_named(const std::vector<std::string>& words) {
  size_t count = 0;
  for (size_t i = 0; i < words.size(); ++i)
    if (const AgeAt age = age_at(words, i); age.words) {
      ++count;
      i += age.words - 1;
    }
  return count;
}

}  // namespace magchat
