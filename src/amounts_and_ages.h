// Numbers in a message: amounts taken ("500 mg", "400mg"), and ages ("my 6 year old", "im 22", "my dad is 75").
// Pure functions over normalized words (text.h: words_of).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace magchat {

// A number as typed: digits, perhaps with a decimal point ("1.2").
bool is_number(const std::string& word);

// "mg", "mgs", "milligram", "milligrams".
bool is_mass_unit(const std::string& word);

// One word that is an amount with its unit: "400mg", "250mgs".
bool is_amount_word(const std::string& word);

// "kg", "kgs", "kilos", "kilograms", "lb", "lbs", "pounds".
bool is_weight_unit(const std::string& word);

// A body weight named in `words` at `i`: "70 kg" (two words) or "52kg" (one).
bool is_body_weight_at(const std::vector<std::string>& words, size_t i);

// A blood magnesium result a message gives: a number in a lab unit ("1.2 mg/dL", "0.6 mmol/L", "5 mEq/L", "1.2mg/dl").
struct TestResult {
  size_t words = 0;  // how many words spell it (with the lab's flag "(L)" or "(H)" after it); 0: none here
  // What the result says: low or high when the lab flagged it so, or when it lies outside every reference range
  // the knowledge base cites (mg/dL: 1.46 to 2.68, StatPearls; mmol/L: 0.75 to 1.10, ODS and MedlinePlus; mEq/L
  // read as twice mmol/L); Unknown inside them, where only the person's own lab range can tell.
  enum class Reading { Unknown, Low, High } reading = Reading::Unknown;
  // Inside every range but outside at least one of them (mg/dL: MedlinePlus's 1.7 to 2.2; mmol/L: ODS's 0.75 to
  // 0.95 or MedlinePlus's 0.85 to 1.10, so under 0.85 or over 0.95): "1.6 mg/dL", "2.5 mg/dL", "0.8 mmol/L".
  bool outside_some_range = false;
};
TestResult test_result_at(const std::vector<std::string>& words, size_t i);

// Whether a blood magnesium value told without its unit lies outside the normal range whatever unit was meant
// (mg/dL 1.46 to 2.68, mmol/L 0.75 to 1.10, mEq/L 1.5 to 2.2): "1.3", "0.6", "5" are; "2.0" and "0.9" are not.
bool outside_every_unitless_range(double value);

// Whether words[i] is a whole number from 1 to 10 told as a magnesium level without its unit: "a magnesium of 5",
// "his magnesium is 5", "magnesium level was 4", "mag came back 3" (magnesium named at most four words before,
// right after "of", "is", "was", "at", "back", "level" or "magnesium"), not a count ("magnesium 2 times a day").
bool is_unitless_level_at(const std::vector<std::string>& words, size_t i);

// A number right after a magnesium product, without a unit, read as milligrams ("she can take magnesio 500?",
// "magnesium glycinate 400"): from 50 to 5000, and not a blood result's unit after it.
bool is_bare_amount_at(const std::vector<std::string>& words, size_t i);

// The largest amount in milligrams the words name ("400 mg", "250mg", "1,000 mg" as "1000 mg"), or nothing.
std::optional<double> largest_amount_mg(const std::vector<std::string>& words);

// An age a message names, and how many words spell it.
struct AgeAt {
  int years = 0;
  size_t words = 0;  // 0: no age here
};

// The age spelled from words[i]: "6 year old" ("45-year-old", "72 years old", "six-year-old"), "30 yo", "7yo" ("10yrs"),
// "6 month old" (0 years), and a bare number after "I'm", "she's", "age", "turned"... ("im 22 female") or after
// a person, with or without "is" or "are" ("my dad is 75", "im a girl, 15", "my twins are 6").
AgeAt age_at(const std::vector<std::string>& words, size_t i);

// The first age a message names, or nothing.
std::optional<int> age_named(const std::vector<std::string>& words);

// How many ages a message names.
size_t ages_named(const std::vector<std::string>& words);

}  // namespace magchat
