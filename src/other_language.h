// Messages written in another language. magchat reads English (and a few words of other languages that its
// emergency rules and shorthand list), so a message it cannot answer because it is in Spanish, French, Portuguese,
// German or Hindi typed in Latin letters must not be told "ask again with the word magnesium": the person may be
// describing an emergency (safety review, 2026-12-01, fifth). Pure: no I/O.
#pragma once
#include <string>
#include <vector>

namespace magchat {

// True when normalized words read as another language: at least two different common words of Spanish, French,
// Portuguese, German or Hindi in Latin letters (mostly function words: "mi", "está", "und", "hai"), and no fewer
// of them than English function words in all. Words that are also English ("a", "die", "was", "hat", "son", "sin")
// are not counted.
bool reads_as_other_language(const std::vector<std::string>& words);

}  // namespace magchat
