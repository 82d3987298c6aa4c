#!/usr/bin/env bash
# plan.sh -- issue 18's "Speed": the benchmark's whole analysis (read; KM by group; log-rank by
# group; Cox with x1..x5 + sex; JSON) written as one plan and run by `prognos run` in one
# process, against one Rscript process doing the same (data.table::fread + survfit + survdiff +
# coxph, the numbers written as JSON; scripts/bench/plan.R, which runs commands.R's code).
# Goal: prognos at least 20x faster than R, with at most 25% of R's peak memory, at 10^6 and
# 5*10^6 rows.
# For each size: generate the data (scripts/bench/gen_data.c, fixed seed), run the sides paired
# (prognos, R, prognos, R, ...), check that both sides' numbers agree, from the plan's
# results.json (n, KM medians to 1e-9, log-rank chi-square and Cox coefficients to 1e-6, Cox
# log-likelihood to 1e-8; no time is printed otherwise), then print the medians of wall-clock
# and of CPU (user + system) seconds, R / prognos, and peak resident memory (/usr/bin/time %M:
# the largest process; prognos run's workers are forks of the process holding the data).
#   bash scripts/bench/plan.sh [SIZES] [REPEATS]    e.g. bash scripts/bench/plan.sh "1e6 5e6" 3
# Environment: BENCH_DIR (default build/bench), PROGNOS_THREADS (prognos run's workers; unset,
# one per processor). The machine may be shared: the 1-minute load average before each size is
# printed with it.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=${1:-1e6}
reps=${2:-3}
work=${BENCH_DIR:-build/bench}
. scripts/bench/common.bash
bench_setup prognos_cli
echo "prognos: $(git rev-parse --short HEAD) $(git diff --quiet HEAD -- src || echo '(modified)'), $(date -u '+%Y-%m-%d %H:%M UTC'), repeats $reps, paired, workers ${PROGNOS_THREADS:-$(nproc)}"

# timed OUT_TIMES CMD...: run CMD under /usr/bin/time; append "wall_s cpu_s peak_kb".
timed() {
    local times=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.log" "$@" 2>"$work/err.log" ||
        { cat "$work/err.log"; echo "bench: failed: $*"; exit 1; }
    awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/time.log" >> "$times"
}
# check: both sides' numbers agree (the plan's results.json vs plan.R's JSON)
check() {
    python3 - "$work/plan_out/results.json" "$work/R_plan.json" <<'PY'
import json, sys
sys.path.insert(0, "scripts/bench")
from compare import differences
res, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
got = {a["id"]: a for a in res["analyses"]}
bad = []
for w in ("km", "logrank", "cox"):
    a = got.get(w)
    if a is None or a["status"] != 0 or a["result"] is None:
        bad.append("%s: %s" % (w, a and a["message"] or "missing"))
        continue
    p = a["result"]
    bad += differences(w, p, r)
if bad:
    print("bench: the two sides differ: " + "; ".join(bad))
    sys.exit(1)
PY
}

for s in $sizes; do
    n=$(awk -v s="$s" 'BEGIN {printf "%d", s}')
    file=$(bench_data "$n")
    plan="$work/plan_$n.yaml"
    cat > "$plan" <<YAML
# scripts/bench/plan.sh: the benchmark's whole analysis as one plan
data:
  d: {file: '$file'}
endpoints:
  S: 'Surv(time, event)'
analyses:
  - {id: km, type: km, endpoint: S, by: group}
  - {id: logrank, type: logrank, endpoint: S, by: group}
  - {id: cox, type: cox, endpoint: S, terms: 'x1+x2+x3+x4+x5+sex'}
output: {dir: '$work/plan_out', formats: [json]}
YAML
    printf "\nrows %d (%.1f MB), load before %s\n" "$n" "$(stat -c %s "$file" |
        awk '{print $1 / 1e6}')" "$(cut -d' ' -f1-3 /proc/loadavg)"
    : > "$work/P.times"; : > "$work/R.times"
    for ((k = 0; k < reps; k++)); do
        rm -rf "$work/plan_out"
        timed "$work/P.times" "$pg" run "$plan"
        timed "$work/R.times" Rscript scripts/bench/plan.R "$file" "$work/R_plan.json"
    done
    check || exit 1
    printf "%-6s %10s %10s %7s %10s %10s %7s %11s %10s %7s\n" "" "prognos s" "R s" ratio \
        "prognos cpu" "R cpu" ratio "prognos MB" "R MB" mem
    awk -v pt="$(median "$work/P.times" 1)" -v rt="$(median "$work/R.times" 1)" \
        -v pc="$(median "$work/P.times" 2)" -v rc="$(median "$work/R.times" 2)" \
        -v pm="$(median "$work/P.times" 3)" -v rm="$(median "$work/R.times" 3)" 'BEGIN {
        printf "%-6s %10.2f %10.2f %6.1fx %10.2f %10.2f %6.1fx %11.1f %10.1f %6.1f%%\n", "plan",
               pt, rt, rt / pt, pc, rc, rc / pc, pm / 1024, rm / 1024, 100 * pm / rm }'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
