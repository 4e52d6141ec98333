#include <malloc.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "cli.h"

#ifdef MAGCHAT_WITH_JEMALLOC
// jemalloc's settings, read at start-up (the MALLOC_CONF environment variable still overrides them). A worker
// thread's cache of freed small blocks is capped at 1 KB sizes, and two arenas serve the two cores: with 72 worker
// threads the default caches held about 17 MB more at peak (68 against 51 MB under 64 connections of chat, same
// req/s within noise; bench/README.md, 2026-12-01).
extern "C" {
extern const char* malloc_conf;
const char* malloc_conf = "narenas:2,tcache_max:1024";
}
#endif

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
