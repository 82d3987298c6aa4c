#!/usr/bin/env bash
# fuzz.sh -- build the libFuzzer harnesses (tests/fuzz, clang + ASan + UBSan) and run each one.
#   bash scripts/fuzz.sh [SECONDS] [HARNESS...]
# SECONDS per harness (default 3600; scripts/test.sh runs 30), harnesses default to all of
# tests/fuzz/fuzz_*.c. The corpus grows in build/fuzz/corpus/<name> (seeded from
# tests/fuzz/corpus/<name>); a finding (crash, leak, UB, timeout, one-vs-two-thread mismatch)
# leaves its input in build/fuzz/findings/<name>/ and makes the script exit 1.
# Before a release each harness should reach 10^8 clean executions (libFuzzer prints the count:
# "Done N runs"); tests/fuzz/README.md records the last such run.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-3600}
shift || true
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
    for f in tests/fuzz/fuzz_*.c; do n=${f##*/fuzz_}; harnesses+=("${n%.c}"); done
fi
command -v clang >/dev/null || { echo "fuzz.sh: clang is needed (scripts/deps.sh)"; exit 1; }
CC=clang cmake -S . -B build/fuzz -DPG_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Debug \
    >/dev/null
cmake --build build/fuzz -j2 --target "${harnesses[@]/#/fuzz_}" >/dev/null
status=0
for h in "${harnesses[@]}"; do
    corpus=build/fuzz/corpus/$h findings=build/fuzz/findings/$h
    mkdir -p "$corpus" "$findings"
    dict=(); [ -f "tests/fuzz/$h.dict" ] && dict=(-dict="tests/fuzz/$h.dict")
    echo "== fuzz_$h for ${secs}s"
    if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "build/fuzz/fuzz/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=8192 -print_final_stats=1 -artifact_prefix="$findings/" "${dict[@]}" \
        "$corpus" "tests/fuzz/corpus/$h" > "build/fuzz/$h.log" 2>&1; then
        echo "fuzz_$h: FINDING (build/fuzz/$h.log, inputs in $findings/)"
        tail -30 "build/fuzz/$h.log"
        status=1
    else
        grep -E '^Done|stat::number_of_executed_units' "build/fuzz/$h.log" | head -2
    fi
done
exit $status
