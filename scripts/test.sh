#!/usr/bin/env bash
# test.sh -- README command (2): install what is missing, build with warnings as errors, run
# every test; then again under AddressSanitizer + UndefinedBehaviorSanitizer; then check the
# shared library's exports and run the CLI under valgrind.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

echo "== build (warnings are errors) and test"
cmake -S . -B build/ci -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPG_WERROR=ON -DPG_BENCH=ON >/dev/null
cmake --build build/ci -j"$jobs"
ctest --test-dir build/ci --output-on-failure -j"$jobs"

echo "== build with AddressSanitizer + UBSan and test"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DPG_WERROR=ON -DPG_SANITIZE=ON >/dev/null
cmake --build build/asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 PG_SQLITE_ROWS=100000 \
    ctest --test-dir build/asan --output-on-failure -j"$jobs"

echo "== shared library (Release, -O3: its warnings are errors too) exports only pg_ symbols"
cmake -S . -B build/shared -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DBUILD_TESTING=OFF \
    -DPG_WERROR=ON >/dev/null
cmake --build build/shared -j"$jobs" --target prognos
bad=$(nm -D --defined-only build/shared/libprognos.so | awk '$2 ~ /[TDBR]/ {print $3}' |
      grep -v '^pg_' | grep -v '^_' || true)
if [ -n "$bad" ]; then echo "unexpected exports:"; echo "$bad"; exit 1; fi
echo "exports: $(nm -D --defined-only build/shared/libprognos.so | grep -c ' T pg_') pg_ functions"

echo "== install: find_package(prognos) and pkg-config consumers"
bash tests/install/check.sh build/ci

echo "== fuzzing, 30 s per harness (scripts/fuzz.sh runs them for hours)"
bash scripts/fuzz.sh 30

echo "== valgrind on the command line"
bash tests/valgrind.sh build/ci/prognos
