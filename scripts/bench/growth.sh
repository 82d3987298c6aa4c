#!/usr/bin/env bash
# growth.sh -- how prognos's time and memory grow with n (the same pipeline as run.sh, prognos
# alone). For each size: the median wall time of REPEATS runs, the time per n log2 n relative to
# the first size (flat = n log n growth), each phase's median, and peak memory per row.
#   bash scripts/bench/growth.sh [SIZES] [REPEATS]   default "1e4 1e5 1e6 5e6 1e7" 3
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=${1:-"1e4 1e5 1e6 5e6 1e7"}
reps=${2:-3}
work=${BENCH_DIR:-build/bench}
mkdir -p "$work"
cmake -S . -B build/bench-build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DPG_BENCH=ON \
    >/dev/null
cmake --build build/bench-build -j"$(nproc)" --target prognos_bench_pipeline >/dev/null
cc -O2 -o "$work/gen_data" scripts/bench/gen_data.c -lgsl -lgslcblas -lm
pipe=build/bench-build/prognos_bench_pipeline
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf "%-9s %9s %14s %8s %8s %8s %8s %9s %7s %5s\n" rows "total s" "s/(n lg n) rel" read km \
    logrank cox "peak MB" "B/row" load
base=""
for s in $sizes; do
    n=$(awk -v s="$s" 'BEGIN {printf "%d", s}')
    file="$work/data_$n.csv"
    [ -s "$file" ] || "$work/gen_data" "$n" 20261121 > "$file"
    load=$(cut -d' ' -f1 /proc/loadavg)
    : > "$work/G.times"
    for ((k = 0; k < reps; k++)); do
        /usr/bin/time -f "%e %M" -o "$work/time.log" "$pipe" "$file" "$work/G.json" \
            2>"$work/G.err" || { cat "$work/G.err"; exit 1; }
        ph=$(grep '^phases' "$work/G.err" | sed 's/([^)]*)//' |
             awk '{for (i = 2; i <= NF; i++) {split($i, kv, "="); printf " %s", kv[2]}}')
        echo "$(cat "$work/time.log")$ph" >> "$work/G.times"
    done
    col() { cut -d' ' -f"$1" "$work/G.times" | median; }
    t=$(col 1); m=$(col 2)
    per=$(awk -v t="$t" -v n="$n" 'BEGIN {printf "%.6g", t / (n * log(n) / log(2))}')
    [ -n "$base" ] || base=$per
    awk -v n="$n" -v t="$t" -v per="$per" -v base="$base" -v r="$(col 3)" -v k="$(col 4)" \
        -v l="$(col 5)" -v c="$(col 6)" -v m="$m" -v load="$load" 'BEGIN {
        printf "%-9d %9.3f %14.2f %8.3f %8.3f %8.3f %8.3f %9.1f %7.0f %5s\n", n, t, per / base,
               r, k, l, c, m / 1024, m * 1024 / n, load }'
done
