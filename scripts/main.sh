#!/usr/bin/env bash
# main.sh -- README command (1): install what is missing, build, and run the main analysis on
# the bundled datasets. Figures land in figures/, tables beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build/release -j"$(nproc 2>/dev/null || echo 2)"
PG=build/release/prognos
export PG
for s in scripts/analysis/*.sh; do
    [ -e "$s" ] || continue
    echo "== $s"
    bash "$s"
done
