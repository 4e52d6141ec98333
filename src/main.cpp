#include <malloc.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "cli.h"

int main(int argc, char** argv) {
  // SQLite's allocation statistics take a global mutex on every malloc; magchat does not use them.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
#ifndef MAGCHAT_WITH_JEMALLOC
  // Without jemalloc (sanitizer builds): one glibc malloc arena per worker thread multiplies resident memory.
  mallopt(M_ARENA_MAX, 2);
#endif
  std::vector<std::string> args(argv + 1, argv + argc);
  return magchat::run_cli(args);
}
