#!/usr/bin/env bash
# sqlite_aggregate.sh -- the database recipe of docs/counting.md end to end: 10^6 rows of
# (time, event, arm) made by a deterministic awk generator, loaded into sqlite3 (.import),
# aggregated with GROUP BY time, event, arm; then `km --weights n` on the aggregate must print
# the same curves (survival, std.err, n.risk, n.event at every step, medians) as km on the raw
# rows, and `cox --ties breslow --weights n` the same coef, se, loglik and score test (1e-9).
# (survdiff takes no case weights, so the log-rank test is compared as the Breslow score test,
# the same on both sides.) Skipped (exit 77) without sqlite3.
PG=$1 SRC=$2
ROWS=${PG_SQLITE_ROWS:-1000000}   # scripts/test.sh lowers it for the sanitizer build
. "$SRC/tests/cli/lib.bash"
command -v sqlite3 >/dev/null || { echo "sqlite3 not installed: skip"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

awk -v rows="$ROWS" 'BEGIN { srand(13); print "time,event,arm"
             for (i = 0; i < rows; i++) { a = rand() < 0.5; t = 1 + int(rand() * (a ? 60 : 40))
                                             print t "," (rand() < 0.7) "," a } }' > "$T/raw.csv"
sqlite3 -csv "$T/db.sqlite" > "$T/agg.csv" <<SQL
.import $T/raw.csv raw
.headers on
SELECT time, event, arm, count(*) AS n FROM raw GROUP BY time, event, arm;
SQL
[ "$(wc -l < "$T/agg.csv")" -eq 201 ] && ok "sqlite3 GROUP BY: 200 rows" || fail "sqlite3 aggregate"

run "$PG" km -f 'Surv(time, event) ~ arm' --format csv "$T/raw.csv"
expect_rc 0 "km on the raw rows"
raw_km=$out
run "$PG" km -f 'Surv(time, event) ~ arm' --weights n --format csv "$T/agg.csv"
expect_rc 0 "km --weights n on the aggregate"
[ "$out" = "$raw_km" ] && ok "km: every step and median identical" || fail "km differs"
n0=$(awk -F, 'NR > 1 && $3 == 0' "$T/raw.csv" | wc -l)   # 499507 of the 10^6 rows
case "$out" in *"step,arm=0,1,NA,$n0,"*) ok "km: n.risk $n0 at t=1 (every arm=0 row)";;
    *) fail "km: n.risk at t=1";; esac

cox_json() {   # print coef, se, loglik, score of the JSON in $out
    printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin); c = d["coefficients"][0]
print(c["coef"], c["std_err"], d["loglik"]["final"], d["tests"]["score"]["statistic"])'
}
run "$PG" cox -f 'Surv(time, event) ~ arm' --ties breslow --format json "$T/raw.csv"
expect_rc 0 "cox breslow on the raw rows"
raw_cox=$(cox_json)
run "$PG" cox -f 'Surv(time, event) ~ arm' --ties breslow --weights n --format json "$T/agg.csv"
expect_rc 0 "cox breslow --weights n on the aggregate"
agg_cox=$(cox_json)
if python3 -c '
import sys
a, b = map(float, sys.argv[1].split()), map(float, sys.argv[2].split())
sys.exit(0 if all(abs(x - y) <= 1e-9 * max(1, abs(y)) for x, y in zip(a, b)) else 1)' \
    "$raw_cox" "$agg_cox"; then
    ok "cox breslow: coef, se, loglik, score equal to 1e-9 ($agg_cox)"
else
    fail "cox breslow: raw $raw_cox vs aggregate $agg_cox"
fi
done_testing
