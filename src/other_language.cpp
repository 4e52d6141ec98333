#include "other_language.h"

#include <algorithm>

#include "word_set.h"

namespace magchat {

bool reads_as_other_language(const std::vector<std::string>& words) {
  // (As normalize_text leaves them: lowercase, apostrophes dropped, accents kept.)
  static const WordSet kOtherFunctionWords = {
      // Spanish (and "de", which Spanish, French and Portuguese share)
      "de", "el", "los", "las", "del", "que", "qué", "es", "está", "esta", "estoy", "muy", "pero", "para", "por", "con",
      "una", "mi", "mis", "tiene", "tengo", "tomó", "ahora", "cuántas", "cuantas", "cuánto", "cuanto", "puedo",
      "puede", "hace", "soy", "después", "despues", "también", "tambien", "porque", "cómo", "dónde", "donde",
      "desde", "sobre", "hijo", "hija", "mamá", "esposo", "esposa", "necesito", "quiero", "estar", "aquí", "ya",
      "hago", "tomar", "tomado", "le", "se",
      // French
      "les", "et", "est", "je", "jai", "il", "elle", "du", "des", "une", "pour", "pas", "dans", "mes", "très",
      "avec", "sont", "suis", "qui", "quoi", "comment", "combien", "faut", "peut", "depuis", "mais", "au", "aux",
      "ce", "cette", "sa", "ses", "nous", "vous", "leur", "trop", "après", "apres", "mère", "père", "mari",
      "femme", "fils", "fille", "prend", "pris", "faire", "envie",
      // Portuguese
      "os", "da", "das", "dos", "um", "uma", "com", "não", "nao", "meu", "minha", "muito", "muitos", "muita",
      "agora", "ele", "ela", "tem", "tomou", "depois", "quando", "quantos", "quantas", "pai", "mãe", "mae",
      "avô", "avó", "filho", "filha", "estou", "tá", "toma",
      // German
      "der", "das", "und", "ist", "ich", "nicht", "mein", "meine", "meiner", "habe", "sehr", "nach", "mit", "zu",
      "ein", "eine", "einen", "wie", "jetzt", "viele", "soll", "kann", "sie", "auf", "für", "oder", "aber",
      "nimmt", "genommen", "seit", "wenn", "ganz", "vater", "mutter", "sohn", "tochter", "oma", "opa", "frau",
      "nur", "zum", "zur", "welche", "wieviel", "wieviele",
      // Hindi in Latin letters
      "hai", "hain", "ki", "ka", "ke", "ko", "ne", "aur", "nahi", "nahin", "bahut", "kya", "mujhe", "meri",
      "mere", "raha", "rahi", "rahe", "woh", "kitni", "kitna", "lene", "leti", "lete", "liya", "gaya", "gayi",
      "hoon", "abhi", "kaise", "kyun", "unki", "unko",
      // (and a few words that are not function words but are often the only ones besides "de": "grávida de 34
      // semanas, dor de cabeça forte...")
      "grávida", "gravida", "embarazada", "enceinte", "schwanger", "semanas", "semaines", "wochen", "dor",
      "cabeça", "cabeza", "pressão", "presión", "tête", "kopf"};
  static const WordSet kEnglishFunctionWords = {
      "the", "and", "is", "my", "of", "to", "in", "it", "what", "how", "can", "i", "you", "he", "she", "for",
      "with", "have", "has", "do", "does", "are", "this", "that", "should", "much", "many", "take", "took", "im",
      "her", "his", "was", "be", "too", "after", "now", "very", "on", "or", "if", "about", "will", "would"};
  if (words.size() < 3) return false;
  std::vector<std::string_view> other;  // different ones, each once
  size_t english = 0;
  for (const auto& w : words) {
    if (kOtherFunctionWords.contains(w)) {
      if (std::find(other.begin(), other.end(), w) == other.end()) other.push_back(w);
    } else if (kEnglishFunctionWords.contains(w)) {
      ++english;
    }
  }
  return other.size() >= 2 && other.size() >= english;
}

}  // namespace magchat
