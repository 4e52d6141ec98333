#!/usr/bin/env bash
# The magchat benchmark in one command (see bench/README.md):
#   bash bench/run.sh                                   # shipped kb/ only (about 2 minutes)
#   bash bench/run.sh --sizes shipped,1000,10000,100000 # plus generated knowledge bases (about 12 minutes)
# Other options (passed to bench/run_bench.py): --connections 1,16,64 --duration 10 --warmup 2 --threads 72
#   --timeout 5 --keep --no-answer-bench --out DIR
# Installs wrk when missing, builds Release in build-release/, then runs bench/run_bench.py.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  echo "[bench] installing wrk" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi

echo "[bench] building Release in build-release/" >&2
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
make -C build-release -j"$(nproc)" --no-print-directory magchat answer_bench >/dev/null

exec python3 bench/run_bench.py "$@"
