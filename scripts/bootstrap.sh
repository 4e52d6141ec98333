#!/usr/bin/env bash
# Sets up magchat on a fresh Debian 12 machine (as root, or with sudo) and then either serves or tests it.
#   bash scripts/bootstrap.sh serve   install what is missing, build, start the server on http://127.0.0.1:8080
#   bash scripts/bootstrap.sh test    install what is missing, build, run every test (what .ci/run does)
# Everything comes from Debian's packages and the npm registry; nothing is downloaded at build or run time.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-serve}"

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

# Debian packages: build tools and libraries; a word list for spelling correction; test tools.
packages=(build-essential cmake pkg-config ca-certificates
          libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev nlohmann-json3-dev libsqlite3-dev sqlite3
          catch2 libyaml-cpp-dev libmd4c-dev libmd4c-html0-dev libjemalloc-dev wamerican python3)
if [ "$mode" = "test" ]; then
  packages+=(chromium clang libclang-rt-14-dev wrk curl)
  command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

jobs="$(nproc 2>/dev/null || echo 2)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"

case "$mode" in
  serve)
    exec ./build/magchat serve --port "${MAGCHAT_PORT:-8080}" --db "${MAGCHAT_DB:-magchat.db}"
    ;;
  test)
    # Browser and client tests run on Node packages from the npm registry (package-lock.json).
    if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi
    ctest --test-dir build --output-on-failure -j "$jobs"

    # The unit, HTTP and process suites again under AddressSanitizer + UndefinedBehaviorSanitizer.
    cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMAGCHAT_SANITIZE=ON >/dev/null
    cmake --build build-asan -j "$jobs" --target unit_tests http_tests process_tests magchat
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      ctest --test-dir build-asan --output-on-failure -j "$jobs" -R '^(unit|http|process|kb|quality):'

    # The concurrency test under ThreadSanitizer.
    cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAGCHAT_TSAN=ON >/dev/null
    cmake --build build-tsan -j "$jobs" --target concurrency_tests
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp" \
      ./build-tsan/tests/concurrency_tests

    # Fuzz the question analyser and the knowledge-base file parser for a bounded time (libFuzzer, clang).
    CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMAGCHAT_FUZZ=ON >/dev/null
    cmake --build build-fuzz -j "$jobs" --target fuzz_question_analyser fuzz_entry_parser
    ctest --test-dir build-fuzz --output-on-failure

    echo "bootstrap: all tests passed"
    ;;
  *)
    echo "usage: bash scripts/bootstrap.sh serve|test" >&2
    exit 2
    ;;
esac
