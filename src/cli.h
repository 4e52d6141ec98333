// Command-line interface: `magchat serve | kb lint | kb import | kb export | ask | eval`.
#pragma once
#include <string>
#include <vector>

namespace magchat {
// Runs a command; returns the process exit status.
int run_cli(const std::vector<std::string>& args);
}
