// Writes an Entry in the canonical kb/ file format (the inverse of parse_entry).
#pragma once
#include <string>

#include "entry.h"

namespace magchat {

// Contract: parse_entry(write_entry(e)) yields an entry equal to e, and writing the result again gives the same
// bytes, so export after import reproduces canonical files byte for byte.
std::string write_entry(const Entry& entry);

// Quotes a YAML scalar only when plain style would change its meaning.
std::string yaml_scalar(const std::string& value);

}  // namespace magchat
