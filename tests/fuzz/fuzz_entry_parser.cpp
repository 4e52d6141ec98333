// libFuzzer target: any bytes as a knowledge-base file. Parsing must never crash; whatever parses must
// survive writing and parsing again.
#include <cstddef>
#include <cstdint>
#include <string>

#include "entry_parser.h"
#include "entry_writer.h"

using namespace magchat;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 20000) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  ParsedEntry parsed = parse_entry(text, "fuzz");
  if (parsed.entry) {
    const std::string written = write_entry(*parsed.entry);
    ParsedEntry again = parse_entry(written, "fuzz");
    (void)again;
  }
  return 0;
}
