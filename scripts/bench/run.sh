#!/usr/bin/env bash
# run.sh -- speed and memory of the whole analysis, prognos against R (+ data.table::fread).
# For each size: generate the data (fixed seed), then run the two sides paired (A B A B ...),
# check that both agree on the estimates, and print medians, ratios and peak memory, then the
# median time of each phase on each side.
#   bash scripts/bench/run.sh [SIZES] [REPEATS]     e.g. bash scripts/bench/run.sh "1e5 1e6 5e6" 3
# Environment: BENCH_DIR (work directory, default build/bench), BENCH_R_MAX (largest size R is
# run at, default 5e6: above it prognos alone is timed), PROGNOS_THREADS (passed through: 1 keeps
# the CSV reader in one thread).
# R is optional: without it only prognos is timed. Needs /usr/bin/time (package 'time').
# Columns: wall-clock medians; ratio = R / prognos; MB = peak resident memory (max RSS);
# mem = R MB / prognos MB; load = 1-minute load average before the size's runs (the machine is
# shared: a load near or above the number of processors slows both sides).
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=${1:-"1e4 1e5 1e6"}
reps=${2:-3}
work=${BENCH_DIR:-build/bench}
r_max=$(awk -v s="${BENCH_R_MAX:-5e6}" 'BEGIN {printf "%d", s}')
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

echo "machine: $(nproc) processors, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 |
    sed 's/^ //'), $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)"
[ $have_r = 1 ] && echo "R: $(Rscript -e 'cat(R.version.string, "survival", format(packageVersion("survival")), "data.table", format(packageVersion("data.table")))' 2>/dev/null)"
echo "repeats: $reps, paired (prognos, R, prognos, R, ...)"

# run_one SIDE FILE OUT: appends "wall_s peak_kb cpu_s read km logrank cox" to $work/SIDE.times
run_one() {
    local side=$1 file=$2 out=$3 log="$work/time.log"
    if [ "$side" = C ]; then
        /usr/bin/time -f "%e %M %U %S" -o "$log" "$pipe" "$file" "$out" 2>"$work/$side.err" ||
            { cat "$work/$side.err"; echo "bench: prognos failed"; exit 1; }
    else
        /usr/bin/time -f "%e %M %U %S" -o "$log" Rscript scripts/bench/pipeline.R "$file" \
            "$out" 2>"$work/$side.err" || { cat "$work/$side.err"; echo "bench: R failed"; exit 1; }
    fi
    local ph
    ph=$(grep '^phases' "$work/$side.err" | sed 's/([^)]*)//' |
         awk '{for (i = 2; i <= NF; i++) {split($i, kv, "="); printf " %s", kv[2]}}')
    awk -v ph="$ph" '{printf "%s %s %.2f%s\n", $1, $2, $3 + $4, ph}' "$log" >> "$work/$side.times"
}
# median of column K of a file
median() {
    cut -d' ' -f"$2" "$1" | sort -g |
        awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

printf "\n%-9s %10s %10s %8s %11s %11s %7s %6s\n" rows "prognos s" "R s" ratio "prognos MB" \
    "R MB" mem load
for s in $sizes; do
    n=$(awk -v s="$s" 'BEGIN {printf "%d", s}')
    file="$work/data_$n.csv"
    [ -s "$file" ] || "$work/gen_data" "$n" 20261121 > "$file"
    with_r=$have_r
    [ "$n" -gt "$r_max" ] && with_r=0
    load=$(cut -d' ' -f1 /proc/loadavg)
    : > "$work/C.times"; : > "$work/R.times"
    for ((k = 0; k < reps; k++)); do
        run_one C "$file" "$work/C.json"
        if [ $with_r = 1 ]; then run_one R "$file" "$work/R.json"; fi
    done
    if [ $with_r = 1 ]; then   # correctness first: the estimates must agree
        python3 - "$work/C.json" "$work/R.json" <<'PY' || { echo "bench: estimates differ at n=$n"; exit 1; }
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def close(x, y, tol): return abs(x - y) <= tol * max(1.0, abs(y))
ok = a["n"] == b["n"] and close(a["logrank_chisq"], b["logrank_chisq"], 1e-6) \
    and len(a["cox_coef"]) == len(b["cox_coef"]) \
    and all(close(x, y, 1e-6) for x, y in zip(a["cox_coef"], b["cox_coef"])) \
    and len(a["km_median"]) == len(b["km_median"]) \
    and all(close(x, y, 1e-9) for x, y in zip(a["km_median"], b["km_median"])) \
    and close(a["cox_loglik"], b["cox_loglik"], 1e-8)
sys.exit(0 if ok else 1)
PY
    fi
    ct=$(median "$work/C.times" 1); cm=$(median "$work/C.times" 2)
    if [ $with_r = 1 ]; then
        rt=$(median "$work/R.times" 1); rm_=$(median "$work/R.times" 2)
        awk -v n="$n" -v ct="$ct" -v rt="$rt" -v cm="$cm" -v rm="$rm_" -v l="$load" 'BEGIN {
            printf "%-9d %10.3f %10.3f %7.1fx %11.1f %11.1f %6.1fx %6s\n", n, ct, rt, rt/ct,
                   cm/1024, rm/1024, rm/cm, l }'
    else
        awk -v n="$n" -v ct="$ct" -v cm="$cm" -v l="$load" 'BEGIN {
            printf "%-9d %10.3f %10s %8s %11.1f %11s %7s %6s\n", n, ct, "-", "-", cm/1024, "-",
                   "-", l }'
    fi
    printf "  prognos phases (median s): read %s  km %s  logrank %s  cox %s;  CPU %s s\n" \
        "$(median "$work/C.times" 4)" "$(median "$work/C.times" 5)" \
        "$(median "$work/C.times" 6)" "$(median "$work/C.times" 7)" "$(median "$work/C.times" 3)"
    if [ $with_r = 1 ]; then
        printf "  R phases (median s):       read %s  km %s  logrank %s  cox %s;  CPU %s s\n" \
            "$(median "$work/R.times" 4)" "$(median "$work/R.times" 5)" \
            "$(median "$work/R.times" 6)" "$(median "$work/R.times" 7)" \
            "$(median "$work/R.times" 3)"
    fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
