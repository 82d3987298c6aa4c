#!/usr/bin/env bash
# run.sh -- speed and memory of the whole analysis, prognos against R (+ data.table::fread).
# For each size: generate the data (fixed seed), then run the two sides paired (A B A B ...),
# check that both agree on the estimates, and print medians, ratios and peak memory.
#   bash scripts/bench/run.sh [SIZES] [REPEATS]     e.g. bash scripts/bench/run.sh "1e5 1e6 5e6" 3
# R is optional: without it only prognos is timed. Needs /usr/bin/time (package 'time').
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=${1:-"1e4 1e5 1e6"}
reps=${2:-3}
work=${BENCH_DIR:-build/bench}
mkdir -p "$work"
command -v /usr/bin/time >/dev/null || { echo "bench: install the 'time' package"; exit 2; }
cmake -S . -B build/bench-build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DPG_BENCH=ON \
    >/dev/null
cmake --build build/bench-build -j"$(nproc)" --target prognos_bench_pipeline >/dev/null
cc -O2 -o "$work/gen_data" scripts/bench/gen_data.c -lgsl -lgslcblas -lm
pipe=build/bench-build/prognos_bench_pipeline
have_r=0
if command -v Rscript >/dev/null && Rscript -e 'library(data.table); library(survival)' \
        >/dev/null 2>&1; then have_r=1; fi

# run_one SIDE FILE OUT: prints "seconds peak_kb"
run_one() {
    local side=$1 file=$2 out=$3 log="$work/time.log"
    if [ "$side" = C ]; then
        /usr/bin/time -f "%e %M" -o "$log" "$pipe" "$file" "$out" 2>"$work/$side.err"
    else
        /usr/bin/time -f "%e %M" -o "$log" Rscript scripts/bench/pipeline.R "$file" "$out" \
            2>"$work/$side.err"
    fi
    cat "$log"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf "%-9s %10s %10s %8s %12s %12s %8s\n" rows "prognos s" "R s" ratio "prognos MB" "R MB" "mem"
for s in $sizes; do
    n=$(awk -v s="$s" 'BEGIN {printf "%d", s}')
    file="$work/data_$n.csv"
    [ -s "$file" ] || "$work/gen_data" "$n" 20261121 > "$file"
    : > "$work/C.times"; : > "$work/R.times"
    for ((k = 0; k < reps; k++)); do
        run_one C "$file" "$work/C.json" >> "$work/C.times"
        if [ $have_r = 1 ]; then run_one R "$file" "$work/R.json" >> "$work/R.times"; fi
    done
    if [ $have_r = 1 ]; then   # correctness first: the estimates must agree
        python3 - "$work/C.json" "$work/R.json" <<'PY' || { echo "bench: estimates differ at n=$n"; exit 1; }
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def close(x, y, tol): return abs(x - y) <= tol * max(1.0, abs(y))
ok = a["n"] == b["n"] and close(a["logrank_chisq"], b["logrank_chisq"], 1e-6) \
    and all(close(x, y, 1e-6) for x, y in zip(a["cox_coef"], b["cox_coef"])) \
    and all(close(x, y, 1e-9) for x, y in zip(a["km_median"], b["km_median"])) \
    and close(a["cox_loglik"], b["cox_loglik"], 1e-8)
sys.exit(0 if ok else 1)
PY
    fi
    ct=$(cut -d' ' -f1 "$work/C.times" | median); cm=$(cut -d' ' -f2 "$work/C.times" | median)
    if [ $have_r = 1 ]; then
        rt=$(cut -d' ' -f1 "$work/R.times" | median); rm_=$(cut -d' ' -f2 "$work/R.times" | median)
        awk -v n="$n" -v ct="$ct" -v rt="$rt" -v cm="$cm" -v rm="$rm_" 'BEGIN {
            printf "%-9d %10.3f %10.3f %7.1fx %12.1f %12.1f %7.1fx\n", n, ct, rt, rt/ct,
                   cm/1024, rm/1024, rm/cm }'
    else
        awk -v n="$n" -v ct="$ct" -v cm="$cm" 'BEGIN {
            printf "%-9d %10.3f %10s %8s %12.1f %12s %8s\n", n, ct, "-", "-", cm/1024, "-", "-" }'
    fi
    echo "  prognos phases: $(cat "$work/C.err")"
    [ $have_r = 1 ] && echo "  R phases:       $(grep phases "$work/R.err" || true)"
done
