#!/usr/bin/env bash
# commands.sh -- the COMMANDS as users run them, each a process, against R in its own Rscript
# process per analysis (data.table::fread + one call; scripts/bench/commands.R), issue 19:
#   km       prognos km -f 'Surv(time, event) ~ group' --format json FILE
#   logrank  prognos logrank -f 'Surv(time, event) ~ group' --format json FILE
#   cox      prognos cox -f 'Surv(time, event) ~ x1+x2+x3+x4+x5+sex' --format json FILE
#   three    the three prognos commands as three processes, one after the other, against one
#            R process doing all three analyses
#   read     reading alone, inside one process: prognos_bench_pipeline's read phase
#            (pg_dataset_read_csv) against data.table::fread with 1 and with 2 threads
# For each size: generate the data (scripts/bench/gen_data.c, fixed seed), run the sides paired
# (prognos, R, prognos, R, ...), check that both sides' numbers agree (n, KM medians to 1e-9,
# log-rank chi-square and Cox coefficients to 1e-6, Cox log-likelihood to 1e-8; no time is
# printed otherwise), then print wall-clock medians, R / prognos, and peak resident memory
# (/usr/bin/time max RSS; for "three" the largest of the three processes).
#   bash scripts/bench/commands.sh [SIZES] [REPEATS]    e.g. bash scripts/bench/commands.sh 1e6 3
# Environment: BENCH_DIR (default build/bench), PROGNOS_THREADS (passed to prognos; unset, the
# command line uses a second thread only when a processor is idle), BENCH_ONLY (a subset of
# "km logrank cox three read").
# The machine is shared: the 1-minute load average before each size is printed with it.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=${1:-1e6}
reps=${2:-3}
work=${BENCH_DIR:-build/bench}
only=${BENCH_ONLY:-"km logrank cox three read"}
. scripts/bench/common.bash
bench_setup prognos_cli prognos_bench_pipeline
pipe=build/bench-build/prognos_bench_pipeline
echo "prognos: $(git rev-parse --short HEAD) $(git diff --quiet HEAD -- src || echo '(modified)'), $(date -u '+%Y-%m-%d %H:%M UTC'), repeats $reps, paired"

# timed OUT_TIMES CMD...: run CMD under /usr/bin/time; append "wall_s peak_kb" to OUT_TIMES.
timed() {
    local times=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time.log" "$@" 2>"$work/err.log" ||
        { cat "$work/err.log"; echo "bench: failed: $*"; exit 1; }
    cat "$work/time.log" >> "$times"
}
# prognos_cmd WHAT FILE OUT: one prognos command
prognos_cmd() {
    case $1 in
    km | logrank) "$pg" "$1" -f 'Surv(time, event) ~ group' --format json -o "$3" "$2" ;;
    cox) "$pg" cox -f 'Surv(time, event) ~ x1+x2+x3+x4+x5+sex' --format json -o "$3" "$2" ;;
    three) for w in km logrank cox; do prognos_cmd "$w" "$2" "$3.$w"; done ;;
    esac
}
export -f prognos_cmd
export pg
# check WHAT: both sides' numbers agree (prognos JSON vs commands.R JSON)
check() {
    python3 - "$1" "$work/P_$1.json" "$work/R_$1.json" <<'PY'
import json, sys
sys.path.insert(0, "scripts/bench")
from compare import differences
what, pfile, rfile = sys.argv[1:4]
r = json.load(open(rfile))
parts = ["km", "logrank", "cox"] if what == "three" else [what]
bad = []
for w in parts:
    p = json.load(open(pfile + "." + w if what == "three" else pfile))
    bad += differences(w, p, r)
if bad:
    print("bench: the two sides differ (%s): %s" % (what, "; ".join(bad)))
    sys.exit(1)
PY
}

for s in $sizes; do
    n=$(awk -v s="$s" 'BEGIN {printf "%d", s}')
    file=$(bench_data "$n")
    printf "\nrows %d (%.1f MB), load before %s\n" "$n" "$(stat -c %s "$file" |
        awk '{print $1 / 1e6}')" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf "%-9s %10s %10s %8s %11s %10s %7s\n" analysis "prognos s" "R s" ratio "prognos MB" \
        "R MB" mem
    for what in $only; do
        [ "$what" = read ] && continue
        : > "$work/P.times"; : > "$work/R.times"; : > "$work/P.peak"
        rwhat=$what; [ "$what" = three ] && rwhat=all
        for ((k = 0; k < reps; k++)); do
            if [ "$what" = three ]; then    # one flow of three processes
                timed "$work/P.times" bash -c 'prognos_cmd three "$0" "$1"' "$file" \
                    "$work/P_three.json"
            else
                timed "$work/P.times" bash -c 'prognos_cmd "$0" "$1" "$2"' "$what" "$file" \
                    "$work/P_$what.json"
            fi
            timed "$work/R.times" Rscript scripts/bench/commands.R "$rwhat" "$file" \
                "$work/R_$what.json"
        done
        check "$what" || exit 1
        cm=$(median "$work/P.times" 2)   # for "three": the largest of the three (wait4)
        awk -v w="$what" -v ct="$(median "$work/P.times" 1)" -v rt="$(median "$work/R.times" 1)" \
            -v cm="$cm" -v rm="$(median "$work/R.times" 2)" 'BEGIN {
            printf "%-9s %10.2f %10.2f %7.1fx %11.1f %10.1f %6.1f%%\n", w, ct, rt, rt / ct,
                   cm / 1024, rm / 1024, 100 * cm / rm }'
    done
    case " $only " in *" read "*)
        : > "$work/PR.times"; : > "$work/R1.times"; : > "$work/R2.times"
        for ((k = 0; k < reps; k++)); do
            "$pipe" "$file" "$work/pipe.json" read 2>&1 >/dev/null |
                sed -n 's/^phases read=\([0-9.]*\).*/\1/p' >> "$work/PR.times"
            for t in 1 2; do
                Rscript -e 'suppressMessages(library(data.table)); a <- commandArgs(TRUE);
                    t0 <- proc.time()[["elapsed"]]; d <- fread(a[1], nThread = as.integer(a[2]));
                    cat(sprintf("%.3f %d\n", proc.time()[["elapsed"]] - t0, nrow(d)))' \
                    "$file" "$t" | cut -d' ' -f1 >> "$work/R$t.times"
            done
        done
        awk -v p="$(median "$work/PR.times" 1)" -v r1="$(median "$work/R1.times" 1)" \
            -v r2="$(median "$work/R2.times" 1)" -v th="${PROGNOS_THREADS:-2}" 'BEGIN {
            printf "read      prognos %.3f s (PROGNOS_THREADS=%s)  fread 1 thread %.3f s " \
                   "(%.2fx)  fread 2 threads %.3f s (%.2fx)\n", p, th, r1, r1 / p, r2, r2 / p }'
        ;;
    esac
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
