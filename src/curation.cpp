#include "curation.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "concepts.h"
#include "entry_parser.h"
#include "entry_writer.h"
#include "text.h"

namespace magchat {

// ---- SHA-256 (FIPS 180-4) ------------------------------------------------------------------------------------

namespace {

constexpr uint32_t kSha256K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

std::array<unsigned char, 32> sha256(std::string_view data) {
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  // The message, a 1 bit, zeros, and the length in bits as a 64-bit big-endian number, in 64-byte blocks.
  std::string msg(data);
  const uint64_t bits = static_cast<uint64_t>(data.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back('\0');
  for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  for (size_t block = 0; block < msg.size(); block += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) {
      const auto* p = reinterpret_cast<const unsigned char*>(msg.data() + block + 4 * i);
      w[i] = (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
    }
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      uint32_t ch = (e & f) ^ (~e & g);
      uint32_t t1 = hh + s1 + ch + kSha256K[i] + w[i];
      uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = s0 + maj;
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
  }
  std::array<unsigned char, 32> out{};
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<unsigned char>((h[i] >> (24 - 8 * j)) & 0xff);
  return out;
}

// Compares two hashes in time independent of where they differ.
bool constant_time_equal(const std::array<unsigned char, 32>& a, const std::array<unsigned char, 32>& b) {
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : sha256(data)) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// ---- Tokens ------------------------------------------------------------------------------------------------

void CuratorTokens::add_token(const std::string& name, const std::string& token) {
  tokens_.push_back({name, sha256(token)});
}

bool CuratorTokens::add_hash(const std::string& name, const std::string& hex) {
  if (hex.size() != 64) return false;
  std::array<unsigned char, 32> hash{};
  for (size_t i = 0; i < 32; ++i) {
    int v = 0;
    for (char c : {hex[2 * i], hex[2 * i + 1]}) {
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return false;
      v = v * 16 + d;
    }
    hash[i] = static_cast<unsigned char>(v);
  }
  tokens_.push_back({name, hash});
  return true;
}

std::optional<std::string> CuratorTokens::match(const std::string& token) const {
  const auto hash = sha256(token);
  std::optional<std::string> found;
  // Every stored hash is compared, whether or not an earlier one matched.
  for (const auto& t : tokens_)
    if (constant_time_equal(hash, t.hash) && !found) found = t.name;
  return found;
}

CuratorTokens CuratorTokens::load(const std::string& plain_token, const std::string& tokens_file) {
  CuratorTokens tokens;
  if (!plain_token.empty()) {
    if (plain_token.size() < kMinTokenLength)
      throw std::runtime_error("MAGCHAT_CURATOR_TOKEN is too short: use at least " + std::to_string(kMinTokenLength) +
                               " random characters");
    tokens.add_token("curator", plain_token);
  }
  if (tokens_file.empty()) return tokens;
  std::ifstream in(tokens_file);
  if (!in) throw std::runtime_error(tokens_file + ": cannot read the curator tokens file");
  static const std::regex kName("^[A-Za-z0-9._@-]{1,64}$");
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t colon = t.find(':');
    std::string where = tokens_file + ":" + std::to_string(line_no) + ": ";
    if (colon == std::string::npos)
      throw std::runtime_error(where + "expected 'name:sha256hex' (hash a token with: printf %s TOKEN | sha256sum)");
    std::string name = trim(t.substr(0, colon)), hex = trim(t.substr(colon + 1));
    if (!std::regex_match(name, kName))
      throw std::runtime_error(where + "a token name is 1-64 letters, digits, '.', '_', '@' or '-'");
    if (!tokens.add_hash(name, hex)) throw std::runtime_error(where + "the hash must be 64 hex digits (SHA-256)");
  }
  return tokens;
}

// ---- Requests ----------------------------------------------------------------------------------------------

EntryInput entry_input_from_json(const nlohmann::json& body) {
  EntryInput in;
  if (!body.is_object()) {
    in.problems.push_back({0, "", "the entry must be a JSON object"});
    return in;
  }
  static const std::set<std::string> kEntryFields = {"id",   "kind",  "question", "alternate_questions", "answer",
                                                      "title", "sections", "tags", "sources", "status", "reviewed"};
  static const std::set<std::string> kRequestFields = {"version", "note", "updated_at"};
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [key, value] : body.items()) {
    if (kEntryFields.count(key))
      fields[key] = value;
    else if (!kRequestFields.count(key))
      in.problems.push_back({0, key, "unknown field '" + key + "'"});
  }
  in.entry = entry_from_json(fields, in.problems);
  auto given = [&](const char* key) {
    auto it = fields.find(key);
    return it != fields.end() && !it->is_null() && !(it->is_string() && it->get<std::string>().empty()) &&
           !(it->is_array() && it->empty());
  };
  if (in.entry.kind == EntryKind::Faq) {
    for (const char* f : {"title", "sections"})
      if (given(f)) in.problems.push_back({0, f, std::string("a faq entry has a question and an answer, not '") + f + "'"});
  } else {
    for (const char* f : {"question", "alternate_questions", "answer"})
      if (given(f)) in.problems.push_back({0, f, std::string("an article has a title and sections, not '") + f + "'"});
  }
  if (auto v = body.find("version"); v != body.end() && !v->is_null()) {
    if (v->is_number_integer() && v->get<long long>() > 0)
      in.version = v->get<long long>();
    else
      in.version_malformed = true;
  }
  if (auto n = body.find("note"); n != body.end() && !n->is_null()) {
    if (!n->is_string())
      in.problems.push_back({0, "note", "'note' must be a string"});
    else if (!is_valid_utf8(n->get<std::string>()) || utf8_length(n->get<std::string>()) > 500)
      in.problems.push_back({0, "note", "'note' must be text of at most 500 characters"});
    else
      in.note = n->get<std::string>();
  }
  return in;
}

Precondition precondition_from(const std::optional<std::string>& if_match, std::optional<long long> body_version) {
  std::optional<long long> header;
  if (if_match) {
    std::string v = trim(*if_match);
    if (starts_with(v, "W/")) v = v.substr(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos || std::stoll(v) <= 0)
      return {Precondition::Unmatchable, 0};
    header = std::stoll(v);
  }
  if (header && body_version && *header != *body_version) return {Precondition::Unmatchable, 0};
  if (header) return {Precondition::Version, *header};
  if (body_version) return {Precondition::Version, *body_version};
  return {Precondition::Missing, 0};
}

// ---- Domain rules ------------------------------------------------------------------------------------------

const char* const kPlaceholderAnswer =
    "DRAFT: replace this text with the answer, in your own words from the source (about 40 to 120 words).";
const char* const kPlaceholderSourceTitle =
    "PLACEHOLDER: replace with the source you used (this is the NIH ODS consumer fact sheet)";
const char* const kPlaceholderSourceUrl = "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/";
const size_t kMaxEntryFileBytes = 48 * 1024;

std::vector<Problem> publishing_problems(const Entry& e, size_t file_bytes) {
  std::vector<Problem> out;
  // A draft made from a question must be written before it is published.
  if (e.status == "published") {
    if (e.answer.find(kPlaceholderAnswer) != std::string::npos)
      out.push_back({0, "answer", "published with the placeholder answer: replace it with your own before publishing"});
    for (const auto& s : e.sources)
      if (s.title == kPlaceholderSourceTitle)
        out.push_back({0, "sources", "published with the placeholder source: replace it with the source you used"});
  }
  // (A curator must be able to edit it in /curate, and answers are meant to be about 40 to 120 words.)
  if (file_bytes > kMaxEntryFileBytes)
    out.push_back({0, "file", "the file is " + std::to_string(file_bytes / 1024) + " KiB; an entry may be at most " +
                                    std::to_string(kMaxEntryFileBytes / 1024) +
                                    " KiB (answers are meant to be about 40 to 120 words): split it into entries"});
  return out;
}

bool is_valid_entry_id(const std::string& id) {
  static const std::regex kId("^[a-z0-9][a-z0-9-]{0,99}$");
  return std::regex_match(id, kId);
}

namespace {

std::string unix_lines(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i)
    if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out.push_back(s[i]);
  return out;
}

// The fields of an entry's kind, in file order.
std::vector<std::string> fields_of(EntryKind kind) {
  if (kind == EntryKind::Faq)
    return {"id", "kind", "question", "alternate_questions", "answer", "tags", "sources", "status", "reviewed"};
  return {"id", "kind", "title", "sections", "tags", "sources", "status", "reviewed"};
}

}  // namespace

void normalize_entry(Entry& e) {
  e.id = trim(e.id);
  e.question = trim(e.question);
  e.title = trim(e.title);
  e.answer = trim(unix_lines(e.answer));
  for (auto& a : e.alternate_questions) a = trim(a);
  for (auto& t : e.tags) t = trim(t);
  for (auto& s : e.sources) {
    s.title = trim(s.title);
    s.url = trim(s.url);
  }
  for (auto& s : e.sections) {
    s.heading = trim(s.heading);
    s.body = trim(unix_lines(s.body));
    s.line = 0;
  }
  e.status = trim(e.status);
  e.reviewed = trim(e.reviewed);
}

std::vector<Problem> check_entry(const Entry& e, const ConceptIndex& concepts, const std::vector<Entry>& others) {
  std::vector<Problem> problems = validate_entry(e, nullptr, nullptr);
  auto add = [&](const std::string& field, const std::string& message) { problems.push_back({0, field, message}); };

  // Text the file format cannot hold.
  auto text_ok = [&](const std::string& field, const std::string& text) {
    if (!is_valid_utf8(text)) add(field, "'" + field + "' must be text without NUL characters");
  };
  for (const auto& [field, text] : std::vector<std::pair<std::string, std::string>>{
           {"id", e.id}, {"question", e.question}, {"answer", e.answer}, {"title", e.title}, {"reviewed", e.reviewed}})
    text_ok(field, text);
  for (const auto& a : e.alternate_questions) text_ok("alternate_questions", a);
  for (const auto& t : e.tags) text_ok("tags", t);
  for (const auto& s : e.sources) text_ok("sources", s.title + s.url);
  // (A '# ' title line first, as Markdown is often written, would be taken for the title the front matter holds and
  // dropped when the file is read back.)
  if (!e.sections.empty() && starts_with(trim(e.sections.front().body), "# "))
    add("sections", "the article starts with a '# ' title line: put the title in 'title' and start sections with '## '");
  for (const auto& s : e.sections) {
    text_ok("sections", s.heading + s.body);
    if (s.heading.find('\n') != std::string::npos) add("sections", "a section heading must be one line");
    std::istringstream lines(s.body);
    for (std::string line; std::getline(lines, line);)
      if (starts_with(line, "## ")) {
        add("sections", "section '" + s.heading + "' has a line starting with '## ': make it a section of its own");
        break;
      }
  }
  for (const auto& [field, text] : std::vector<std::pair<std::string, std::string>>{
           {"question", e.question}, {"title", e.title}})
    if (text.find('\n') != std::string::npos) add(field, "'" + field + "' must be one line");
  for (const auto& a : e.alternate_questions)
    if (a.find('\n') != std::string::npos) add("alternate_questions", "an alternate question must be one line");

  // Tags are concepts.
  for (const auto& t : e.tags)
    if (!concepts.get(t)) add("tags", "unknown tag '" + t + "': tags must be concept ids from synonyms.yaml");

  // No question is asked twice, here or by another entry.
  std::map<std::string, std::string> owner;  // normalized question -> entry id
  for (const auto& o : others) {
    if (o.id == e.id) continue;
    std::vector<std::string> qs = o.alternate_questions;
    if (o.kind == EntryKind::Faq) qs.push_back(o.question);
    for (const auto& q : qs) owner.emplace(normalize_text(q), o.id);
  }
  std::vector<std::string> mine = e.alternate_questions;
  if (e.kind == EntryKind::Faq) mine.insert(mine.begin(), e.question);
  std::set<std::string> seen;
  for (size_t i = 0; i < mine.size(); ++i) {
    std::string key = normalize_text(mine[i]);
    if (key.empty()) continue;
    const std::string field = i == 0 && e.kind == EntryKind::Faq ? "question" : "alternate_questions";
    if (auto it = owner.find(key); it != owner.end())
      add(field, "duplicate question '" + mine[i] + "' (also in entry '" + it->second + "')");
    else if (!seen.insert(key).second)
      add(field, "duplicate question '" + mine[i] + "' (asked twice in this entry)");
  }

  // The same rules as kb lint, so an entry saved here can always be imported from its file.
  for (auto& p : publishing_problems(e, write_entry(e).size())) problems.push_back(std::move(p));

  // What is stored must come back unchanged from its kb/ file, so export and import agree.
  if (problems.empty()) {
    ParsedEntry back = parse_entry(write_entry(e), e.id);
    if (!back.entry || !back.problems.empty()) {
      for (const auto& p : back.problems) add(p.field, p.message + " (in the kb/ file this entry would be written as)");
      if (problems.empty()) add("", "this entry cannot be written as a kb/ file");
    } else {
      for (const auto& f : changed_fields(e, *back.entry))
        add(f, "'" + f + "' would not be the same after writing it to its kb/ file and reading it back");
    }
  }
  return problems;
}

std::vector<std::string> changed_fields(const std::optional<Entry>& before, const std::optional<Entry>& after) {
  if (!before && !after) return {};
  if (!before || !after) return fields_of((before ? before : after)->kind);
  const nlohmann::json a = entry_to_json(*before), b = entry_to_json(*after);
  std::vector<std::string> out;
  std::set<std::string> names;
  for (const auto& f : fields_of(before->kind)) names.insert(f);
  for (const auto& f : fields_of(after->kind)) names.insert(f);
  for (const char* f : {"id", "kind", "question", "alternate_questions", "answer", "title", "sections", "tags", "sources",
                        "status", "reviewed"}) {
    if (!names.count(f)) continue;
    auto x = a.find(f), y = b.find(f);
    bool has_x = x != a.end(), has_y = y != b.end();
    if (has_x != has_y || (has_x && *x != *y)) out.push_back(f);
  }
  return out;
}

std::string slug_for(const std::string& text) {
  std::vector<std::string> all, kept;
  for (const auto& word : split_words(normalize_text(text))) {
    // Letters and digits in ASCII; '/', '.' and '%' (kept in numbers) separate; other letters are dropped.
    std::string w = word;
    for (char& c : w)
      if (c == '/' || c == '.' || c == '%') c = ' ';
    for (const auto& part : split_words(w)) {
      std::string ascii;
      for (char c : part)
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) ascii += c;
      if (ascii.empty()) continue;
      all.push_back(ascii);
      if (!is_stopword(part)) kept.push_back(ascii);
    }
  }
  const auto& words = kept.empty() ? all : kept;
  std::string slug;
  for (const auto& w : words) {
    if (slug.size() + w.size() + (slug.empty() ? 0 : 1) > 60) break;
    slug += (slug.empty() ? "" : "-") + w;
  }
  if (slug.empty() && !words.empty()) slug = words[0].substr(0, 60);
  return slug.empty() ? "entry" : slug;
}

nlohmann::json stored_entry_to_json(const StoredEntry& s) {
  nlohmann::json j = entry_to_json(s.entry);
  j["version"] = s.version;
  j["updated_at"] = s.updated_at;
  return j;
}

// ---- Export ------------------------------------------------------------------------------------------------

ExportReport export_entries(KbStore& store, const std::string& dir, bool is_import_folder, bool force) {
  namespace fs = std::filesystem;
  ExportReport report;
  std::set<std::string> ids;
  std::set<fs::path> written_paths;
  const std::vector<StoredEntry> stored = store.all_stored();
  // The entries whose file now holds exactly them: recorded as imported (is_import_folder) only once their file
  // is written, in one transaction, also when a later file fails (then this throws after recording them).
  std::vector<Entry> in_their_files;
  // Whether the file text of entry `id` is a hand edit to keep: in the import folder, unless forced, a file that no
  // longer holds what was recorded at its last import or export (or no longer parses).
  auto keeps_hand_edit = [&](const std::string& text, const std::string& id) {
    if (!is_import_folder || force) return false;
    const ParsedEntry parsed = parse_entry(text, id);
    const std::optional<std::string> base = store.import_base(id);
    return !parsed.entry || !parsed.problems.empty() || !base || entry_to_json(*parsed.entry).dump() != *base;
  };
  try {
    for (const auto& s : stored) {
      const Entry& e = s.entry;
      ids.insert(e.id);
      fs::path folder = fs::path(dir) / (e.kind == EntryKind::Faq ? "faq" : "articles");
      fs::path path = folder / (e.id + ".md");
      written_paths.insert(path);
      const std::string text = write_entry(e);
      const std::optional<std::string> on_disk = read_file(path.string());
      if (on_disk == text) {
        ++report.unchanged;
        in_their_files.push_back(e);
        continue;
      }
      // (A hand edit since the last import or export is the curator's work in progress: keep it.)
      if (on_disk && keeps_hand_edit(*on_disk, e.id)) {
        report.edited_on_disk.push_back(path.string());
        continue;
      }
      fs::create_directories(folder);
      // Write beside the file and rename over it, so a reader never sees half a file.
      fs::path tmp = path;
      tmp += ".tmp";
      {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
      }
      fs::rename(tmp, path);
      ++report.written;
      in_their_files.push_back(e);
    }
  } catch (...) {
    if (is_import_folder) store.set_import_bases(in_their_files);
    throw;
  }
  if (is_import_folder) store.set_import_bases(in_their_files);
  for (const char* sub : {"faq", "articles"}) {
    std::error_code ec;
    fs::path folder = fs::path(dir) / sub;
    if (!fs::is_directory(folder, ec)) continue;
    std::vector<fs::path> files;
    for (const auto& f : fs::directory_iterator(folder, ec))
      if (f.is_regular_file() && f.path().extension() == ".md" && f.path().filename() != "README.md")
        files.push_back(f.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      const std::string id = f.stem().string();
      if (written_paths.count(f)) continue;
      // (An id stored under the other kind: the entry was re-created as an article or an FAQ, and this copy
      // would give the folder two entries with one id, which kb lint and import refuse.)
      if (ids.count(id) || store.head_version(id) > 0) {
        // (A file edited by hand since its last import is kept, like one export would overwrite.)
        if (keeps_hand_edit(read_file(f.string()).value_or(""), id)) {
          report.edited_on_disk.push_back(f.string());
          continue;
        }
        fs::remove(f);
        report.removed.push_back(f.string());
      } else {
        report.unknown.push_back(f.string());
      }
    }
  }
  return report;
}

// ---- The service -------------------------------------------------------------------------------------------

Curation::Curation(App& app, CuratorTokens tokens) : app_(app), tokens_(std::move(tokens)) {}

Access Curation::authenticate(const std::optional<std::string>& authorization) const {
  if (tokens_.empty()) return {Access::Disabled, ""};
  if (!authorization) return {Access::Missing, ""};
  const std::string h = trim(*authorization);
  if (h.size() < 7 || normalize_text(h.substr(0, 6)) != "bearer" || h[6] != ' ') return {Access::Missing, ""};
  const std::string token = trim(h.substr(7));
  if (token.empty()) return {Access::Missing, ""};
  if (auto name = tokens_.match(token)) return {Access::Granted, *name};
  return {Access::Wrong, ""};
}

namespace {

bool matches(const Entry& e, const EntryFilter& f, const std::vector<std::string>& words) {
  if (f.kind && e.kind != *f.kind) return false;
  if (!f.status.empty() && e.status != f.status) return false;
  if (!f.tag.empty() && std::find(e.tags.begin(), e.tags.end(), f.tag) == e.tags.end()) return false;
  if (words.empty()) return true;
  std::string hay = e.id + "\n" + e.question + "\n" + join(e.alternate_questions, "\n") + "\n" + e.answer + "\n" +
                    e.title + "\n" + join(e.tags, " ");
  for (const auto& s : e.sections) hay += "\n" + s.heading + "\n" + s.body;
  hay = normalize_text(hay);
  for (const auto& w : words)
    if (hay.find(w) == std::string::npos) return false;
  return true;
}

WriteResult failure(Outcome outcome, std::string message) {
  WriteResult r;
  r.outcome = outcome;
  r.message = std::move(message);
  return r;
}

WriteResult invalid(std::vector<Problem> problems) {
  WriteResult r = failure(Outcome::Invalid, "The entry is not valid: " + problems.front().message + ".");
  r.problems = std::move(problems);
  return r;
}

// Checks what the writer says it edited against the version now; nullopt when the write may go ahead.
std::optional<WriteResult> check_precondition(const Precondition& pre, long long current) {
  if (pre.kind == Precondition::Missing)
    return failure(Outcome::VersionRequired,
                   "Say which version you edited: send If-Match: \"" + std::to_string(current) +
                       "\" (the ETag you read) or \"version\" in the body.");
  if (pre.kind == Precondition::Unmatchable || pre.version != current) {
    WriteResult r = failure(
        Outcome::VersionStale,
        pre.kind == Precondition::Unmatchable
            ? "If-Match must name the version you edited, such as \"" + std::to_string(current) +
                  "\" (the ETag you read); \"*\" and other values are not accepted, so that no save overwrites a "
                  "change it has not seen."
            : "The entry has changed since you read it (it is now version " + std::to_string(current) +
                  "). Reload it, apply your change again and save.");
    r.version = current;
    return r;
  }
  return std::nullopt;
}

std::string with_note(const std::string& what, const std::string& note) { return note.empty() ? what : what + ": " + note; }

}  // namespace

std::vector<StoredEntry> Curation::list(const EntryFilter& filter, bool include_drafts) {
  auto store = KbStore::reader(app_.reader());
  const auto words = split_words(normalize_text(filter.text));
  std::vector<StoredEntry> out;
  for (auto& s : store.all_stored())
    if ((include_drafts || s.entry.status == "published") && matches(s.entry, filter, words)) out.push_back(std::move(s));
  return out;
}

std::optional<StoredEntry> Curation::get(const std::string& id, bool include_drafts) {
  if (!is_valid_entry_id(id)) return std::nullopt;
  auto stored = KbStore::reader(app_.reader()).get_stored(id);
  if (!stored || (!include_drafts && stored->entry.status != "published")) return std::nullopt;
  return stored;
}

std::optional<History> Curation::history(const std::string& id) {
  if (!is_valid_entry_id(id)) return std::nullopt;
  auto revisions = KbStore::reader(app_.reader()).revisions(id);
  if (revisions.empty()) return std::nullopt;
  History h;
  h.entry_id = id;
  h.current_version = revisions.back().version;
  h.deleted = !revisions.back().entry;
  // Newest first; each revision is compared with the one before it.
  for (size_t i = revisions.size(); i-- > 0;) {
    const std::optional<Entry>& previous = i > 0 ? revisions[i - 1].entry : std::nullopt;
    RevisionView v;
    v.action = !revisions[i].entry ? "deleted" : previous ? "updated" : "created";
    v.changed = changed_fields(previous, revisions[i].entry);
    v.revision = std::move(revisions[i]);
    h.revisions.push_back(std::move(v));
  }
  return h;
}

std::vector<Problem> Curation::problems_of(const EntryInput& input, const Entry& entry, KbStore& store) {
  std::vector<Problem> problems = input.problems;
  auto index = app_.answerer().index();
  auto more = check_entry(entry, index->concepts(), store.all_entries());
  problems.insert(problems.end(), more.begin(), more.end());
  return problems;
}

std::string Curation::unique_id(const std::string& text, KbStore& store) {
  const std::string base = slug_for(text);
  std::string id = base;
  // Ids of deleted entries are not reused: their history stays theirs.
  for (int n = 2; store.head_version(id) > 0; ++n) {
    std::string suffix = "-" + std::to_string(n);
    id = base.substr(0, std::min(base.size(), size_t(100) - suffix.size())) + suffix;
  }
  return id;
}

void Curation::after_write(const WriteResult& result) {
  if (result.outcome != Outcome::Ok || result.changed.empty()) return;
  std::lock_guard<std::mutex> lock(rebuild_mutex_);
  app_.rebuild_index();
}

WriteResult Curation::create(const EntryInput& input, const Change& change) {
  WriteResult result = app_.with_writer([&](Database& db) {
    KbStore store(db);
    Entry e = input.entry;
    normalize_entry(e);
    if (e.id.empty()) e.id = unique_id(e.display_title(), store);
    if (is_valid_entry_id(e.id) && store.get_stored(e.id))
      return failure(Outcome::IdTaken, "An entry with the id '" + e.id + "' exists already; edit it, or choose another id.");
    auto problems = problems_of(input, e, store);
    if (!problems.empty()) return invalid(std::move(problems));
    auto version = store.save_entry_if(e, kMustNotExist, change.author, with_note("created", change.note));
    if (!version) return failure(Outcome::IdTaken, "An entry with the id '" + e.id + "' exists already.");
    WriteResult r;
    r.entry = store.get_stored(e.id);
    r.version = *version;
    r.changed = changed_fields(std::nullopt, e);
    return r;
  });
  after_write(result);
  return result;
}

WriteResult Curation::update(const std::string& id, const EntryInput& input, const Precondition& pre,
                             const Change& change) {
  if (!is_valid_entry_id(id)) return failure(Outcome::NotFound, "No such entry.");
  WriteResult result = app_.with_writer([&](Database& db) {
    KbStore store(db);
    auto current = store.get_stored(id);
    if (!current) return failure(Outcome::NotFound, "No entry has the id '" + id + "'.");
    if (auto stop = check_precondition(pre, current->version)) return *stop;
    Entry e = input.entry;
    normalize_entry(e);
    std::vector<Problem> extra;
    if (e.id.empty()) e.id = id;
    if (e.id != id) {
      extra.push_back({0, "id", "the id cannot change (create a new entry and delete this one)"});
      e.id = id;
    }
    if (e.kind != current->entry.kind) {
      const bool is_article = current->entry.kind == EntryKind::Article;
      extra.push_back({0, "kind",
                       std::string("the kind cannot change: this entry is ") + (is_article ? "an article" : "an FAQ") +
                           " (send \"kind\": \"" + kind_name(current->entry.kind) +
                           "\"; to change it, create a new entry and delete this one)"});
    }
    auto problems = problems_of(input, e, store);
    problems.insert(problems.begin(), extra.begin(), extra.end());
    if (!problems.empty()) return invalid(std::move(problems));
    WriteResult r;
    r.changed = changed_fields(current->entry, e);
    if (r.changed.empty()) {
      r.version = current->version;
      r.entry = current;
      return r;
    }
    auto version = store.save_entry_if(e, current->version, change.author, change.note);
    if (!version) return *check_precondition({Precondition::Unmatchable, 0}, store.head_version(id));
    r.version = *version;
    r.entry = store.get_stored(id);
    return r;
  });
  after_write(result);
  return result;
}

WriteResult Curation::remove(const std::string& id, const Precondition& pre, const Change& change) {
  if (!is_valid_entry_id(id)) return failure(Outcome::NotFound, "No such entry.");
  WriteResult result = app_.with_writer([&](Database& db) {
    KbStore store(db);
    auto current = store.get_stored(id);
    if (!current) return failure(Outcome::NotFound, "No entry has the id '" + id + "'.");
    if (auto stop = check_precondition(pre, current->version)) return *stop;
    auto version = store.delete_entry_if(id, current->version, change.author, with_note("deleted", change.note));
    if (!version) return *check_precondition({Precondition::Unmatchable, 0}, store.head_version(id));
    WriteResult r;
    r.version = *version;
    r.changed = changed_fields(current->entry, std::nullopt);
    return r;
  });
  after_write(result);
  return result;
}

WriteResult Curation::restore(const std::string& id, long long number, const Precondition& pre, const Change& change) {
  if (!is_valid_entry_id(id)) return failure(Outcome::NotFound, "No such entry.");
  WriteResult result = app_.with_writer([&](Database& db) {
    KbStore store(db);
    auto revisions = store.revisions(id);
    if (revisions.empty()) return failure(Outcome::NotFound, "No entry has the id '" + id + "'.");
    auto rev = std::find_if(revisions.begin(), revisions.end(), [&](const Revision& r) { return r.version == number; });
    if (rev == revisions.end())
      return failure(Outcome::NotFound, "The entry '" + id + "' has no revision " + std::to_string(number) + ".");
    if (auto stop = check_precondition(pre, revisions.back().version)) return *stop;
    if (!rev->entry)
      return failure(Outcome::NotRestorable, "Revision " + std::to_string(number) +
                                                 " deleted the entry; restore the revision before it instead.");
    Entry e = *rev->entry;
    auto current = store.get_stored(id);
    auto problems = check_entry(e, app_.answerer().index()->concepts(), store.all_entries());
    if (!problems.empty()) return invalid(std::move(problems));
    WriteResult r;
    r.changed = changed_fields(current ? std::optional<Entry>(current->entry) : std::nullopt, e);
    if (r.changed.empty()) {
      r.version = current->version;
      r.entry = current;
      return r;
    }
    auto version = store.save_entry_if(e, revisions.back().version, change.author,
                                       with_note("restored revision " + std::to_string(number), change.note));
    if (!version) return *check_precondition({Precondition::Unmatchable, 0}, store.head_version(id));
    r.version = *version;
    r.entry = store.get_stored(id);
    return r;
  });
  after_write(result);
  return result;
}

std::vector<Insight> Curation::insights(int limit) {
  app_.flush_turns();  // questions asked a moment ago count too
  std::vector<Insight> out;
  auto& q = app_.reader()
                .prepare(
                    "SELECT u.normalized, u.example, u.reason, u.count, u.first_asked, u.last_asked, "
                    "coalesce(d.entry_id, ''), coalesce(e.status, '') "
                    "FROM unanswered u LEFT JOIN insight_drafts d ON d.normalized = u.normalized "
                    "LEFT JOIN entries e ON e.id = d.entry_id "
                    "ORDER BY u.count DESC, u.last_asked DESC, u.normalized LIMIT ?")
                .bind(1, limit);
  while (q.step())
    out.push_back({q.text(0), q.text(1), q.text(2), q.integer(3), q.text(4), q.text(5), q.text(6), q.text(7)});
  return out;
}

namespace {
// An entry's question is one line of at most 300 characters; what people typed may run over several lines and up
// to 2000 characters. The message on one line, or when longer its last sentence that asks and fits (else its
// beginning, cut after a word). Sets *shortened when it is not the whole message.
std::string question_for_draft(const std::string& message, bool* shortened) {
  constexpr size_t kMax = 300;
  std::string text = message;
  // (A full-width question mark, as typed in Chinese or Japanese, asks too.)
  for (size_t at; (at = text.find("\xEF\xBC\x9F")) != std::string::npos;) text.replace(at, 3, "?");
  std::vector<std::string> words;
  std::istringstream in(text);  // splits at spaces, tabs and line breaks alike
  for (std::string w; in >> w;) words.push_back(w);
  std::string q = join(words, " ");
  *shortened = false;
  if (utf8_length(q) > kMax - 1) {  // (room for the '?' added below)
    *shortened = true;
    // Sentences end at '.', '!' or '?' before a space or the end; not at "2.5" or after "Dr." and the like.
    static const std::set<std::string> kAbbreviations = {"dr", "mr", "mrs", "ms", "st", "vs", "etc", "eg", "ie", "approx", "no"};
    std::vector<std::pair<size_t, size_t>> sentences;  // [start, end) in q
    size_t start = 0;
    for (size_t i = 0; i < q.size(); ++i) {
      if ((q[i] != '.' && q[i] != '!' && q[i] != '?') || (i + 1 < q.size() && q[i + 1] != ' ')) continue;
      if (q[i] == '.') {
        const size_t word_start = q.rfind(' ', i) == std::string::npos ? 0 : q.rfind(' ', i) + 1;
        if (kAbbreviations.count(normalize_text(q.substr(word_start, i - word_start)))) continue;
      }
      sentences.push_back({start, i + 1});
      start = i + 1;
    }
    std::string asked;
    for (auto it = sentences.rbegin(); it != sentences.rend() && asked.empty(); ++it) {
      const std::string sentence = trim(q.substr(it->first, it->second - it->first));
      if (!sentence.empty() && sentence.back() == '?' && utf8_length(sentence) <= kMax) asked = sentence;
    }
    if (asked.empty()) {
      for (const auto& w : words) {
        if (utf8_length(asked) + 1 + utf8_length(w) > kMax - 4) {
          if (asked.empty()) {  // one very long word (text without spaces): cut it between characters
            size_t cut = 0;
            for (size_t chars = 0; cut < w.size() && chars < kMax - 4; ++chars) {
              ++cut;
              while (cut < w.size() && (static_cast<unsigned char>(w[cut]) & 0xC0) == 0x80) ++cut;  // continuation
            }
            asked = w.substr(0, cut);
          }
          break;
        }
        asked += (asked.empty() ? "" : " ") + w;
      }
      asked += "...";
    }
    q = asked;
  }
  if (!q.empty() && q[0] >= 'a' && q[0] <= 'z') q[0] = static_cast<char>(q[0] - 'a' + 'A');
  if (!q.empty() && q.back() != '?' && q.back() != '.' && q.back() != '!') q += '?';
  return q;
}
}  // namespace

WriteResult Curation::draft_from_question(const std::string& question, const Change& change) {
  bool shortened = false;
  const std::string q = question_for_draft(question, &shortened);
  if (q.empty()) return invalid({{0, "question", "the question is empty"}});
  EntryInput input;
  input.entry.kind = EntryKind::Faq;
  input.entry.question = q;
  input.entry.answer = kPlaceholderAnswer;
  // (The whole message, when the question is only part of it or it had several lines, for the curator to read.)
  if (shortened || question.find('\n') != std::string::npos) {
    input.entry.answer += "\n\nPeople asked:\n";
    std::istringstream lines(question);
    for (std::string line; std::getline(lines, line);)
      if (!trim(line).empty()) input.entry.answer += "\n> " + trim(line);
  }
  input.entry.tags = {"magnesium"};
  input.entry.sources = {{kPlaceholderSourceTitle, kPlaceholderSourceUrl}};
  input.entry.reviewed = utc_timestamp(true);
  input.entry.status = "draft";
  WriteResult result = create(input, {change.author, with_note("drafted from a question people asked", change.note)});
  if (result.outcome == Outcome::Ok && result.entry)
    app_.with_writer([&](Database& db) {
      db.prepare("INSERT INTO insight_drafts(normalized, entry_id) VALUES (?, ?) "
                 "ON CONFLICT(normalized) DO UPDATE SET entry_id = excluded.entry_id")
          .bind(1, normalize_text(question))
          .bind(2, result.entry->entry.id)
          .run();
      return 0;
    });
  return result;
}

PreviewResult Curation::preview(const EntryInput& input, const std::string& question) {
  PreviewResult result;
  auto stored = KbStore::reader(app_.reader()).all_stored();
  Entry e = input.entry;
  normalize_entry(e);
  if (e.id.empty()) {
    e.id = slug_for(e.display_title());
    for (int n = 2; std::any_of(stored.begin(), stored.end(), [&](const StoredEntry& s) { return s.entry.id == e.id; }); ++n)
      e.id = slug_for(e.display_title()) + "-" + std::to_string(n);
  }
  result.entry_id = e.id;
  std::vector<Entry> others;
  for (const auto& s : stored) others.push_back(s.entry);
  result.problems = input.problems;
  auto more = check_entry(e, app_.answerer().index()->concepts(), others);
  result.problems.insert(result.problems.end(), more.begin(), more.end());
  if (!result.problems.empty()) {
    result.outcome = Outcome::Invalid;
    return result;
  }
  // A private in-memory copy of the published knowledge base with this entry in it, published.
  std::vector<Entry> entries;
  for (auto& s : stored)
    if (s.entry.status == "published" && s.entry.id != e.id) entries.push_back(std::move(s.entry));
  e.status = "published";
  entries.push_back(e);
  Database memory(":memory:");
  KbStore copy(memory);
  copy.import_entries(entries, "preview");
  Answerer answerer(app_.index_for(copy.published_passages()), app_.answerer().templates(), app_.answerer().settings());
  result.answer = answerer.answer(question, {}, memory);
  for (const auto& s : result.answer.reply.sources) result.cites_entry = result.cites_entry || s.entry_id == e.id;
  return result;
}

}  // namespace magchat
