#!/usr/bin/env bash
# reconstruct.sh -- `prognos reconstruct`: the lung round trip through the command line, the
# formats, and bad input (exit 2, file:line, no partial -o file).
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D="$SRC/tests/data/reconstruct"
CUR="$D/lung_km_steps.csv" RISK="$D/lung_nrisk_0_800.csv"

run "$PG" reconstruct --help; expect_rc 0 "--help"; expect_out "usage: prognos reconstruct"
expect_out "--scale"
run "$PG" reconstruct; expect_rc 2 "no curve"
expect_err "give each --curve FILE with its --risk FILE"
run "$PG" reconstruct --curve "$CUR"; expect_rc 2 "curve without risk table"
run "$PG" reconstruct --curve "$CUR" --risk "$RISK" --scale permille; expect_rc 2 "bad --scale"
expect_err "--scale wants percent or fraction"
run "$PG" reconstruct --curve "$CUR" --risk "$RISK" --events 1,2; expect_rc 2 "--events count"
expect_err "--events gives 2 totals for 1 arm"
run "$PG" reconstruct --curve "$D/lung_sex_curve.csv" --risk "$D/lung_sex_risk.csv" --events men=1
expect_rc 2 "--events unknown arm"; expect_err "--events: no arm 'men'"
run "$PG" reconstruct --curve "$D/lung_sex_curve.csv" --risk "$D/lung_sex_risk.csv" \
    --events male=112,53
expect_rc 2 "--events mixed"; expect_err "--events wants ARM=N,... or N,..."

# Round trip: 228 patients, 165 deaths (R: survfit(Surv(time, status) ~ 1, data = lung)).
run "$PG" reconstruct --curve "$CUR" --risk "$RISK" --events 165 --source lung -o "$TMPD/ipd.csv"
expect_rc 0 "lung round trip"
expect_err "prognos reconstruct: arm"
[ "$(head -1 "$TMPD/ipd.csv")" = "time,event,arm,source" ] && ok "header" || fail "header"
[ "$(tail -n +2 "$TMPD/ipd.csv" | wc -l)" -eq 228 ] && ok "228 rows" || fail "228 rows"
[ "$(awk -F, 'NR > 1 && $2 == 1' "$TMPD/ipd.csv" | wc -l)" -eq 165 ] && ok "165 events" \
    || fail "165 events"
# R: quantile(survfit(Surv(time, status) ~ 1, data = lung), 0.5) = 310 (285, 363)
run "$PG" km -f 'Surv(time, event) ~ 1' "$TMPD/ipd.csv"
expect_out "228    165    310     285     363"

run "$PG" reconstruct --curve "$CUR" --risk "$RISK" --events 165 --format json
expect_rc 0 "json summary"; expect_out '"arm": "lung_km_steps"'; expect_out '"events": 165'
files=$(printf '%s' "$out" | python3 -c 'import json,sys; print(*json.load(sys.stdin)["input"]["files"])')
[ "$files" = "$CUR $RISK" ] && ok "input.files lists the curve and risk files" \
    || fail "input.files: '$files'"
expect_out '"max_abs_diff"'
run "$PG" reconstruct --curve "$CUR" --risk "$RISK" --format text
expect_rc 0 "text report"; expect_out "at_risk_published"

# Two arms from an arm column; HR female vs male 0.588 in R (coxph on lung) within 0.02.
run "$PG" reconstruct --curve "$D/lung_sex_curve.csv" --risk "$D/lung_sex_risk.csv" \
    --events male=112,female=53 --quiet -o "$TMPD/sex.csv"
expect_rc 0 "arm column"; [ -z "$err" ] && ok "--quiet" || fail "--quiet"
run "$PG" cox -f 'Surv(time, event) ~ arm' --format json "$TMPD/sex.csv"
hr=$(printf '%s' "$out" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["coefficients"][0]["hr"])')
python3 -c "import sys; sys.exit(0 if abs(1/$hr - 0.588) <= 0.02 else 1)" 2>/dev/null \
    && ok "HR female vs male within 0.02 ($hr)" || fail "HR female vs male ($hr)"

# --failure --scale percent: the same curve drawn as the percentage with the event.
awk -F, 'NR == 1 { print; next } { printf "%s,%.12g\n", $1, 100 * (1 - $2) }' "$CUR" > "$TMPD/f.csv"
run "$PG" reconstruct --curve "$TMPD/f.csv" --risk "$RISK" --failure --scale percent --quiet \
    --arm lung_km_steps
[ "$out" = "$("$PG" reconstruct --curve "$CUR" --risk "$RISK" --quiet)" ] \
    && ok "--failure --scale percent gives the same rows" || fail "--failure rows differ"

# A curve and a total of events that cannot fit together: the rows, and a warning.
run "$PG" reconstruct --curve "$D/small_mismatch_curve.csv" --risk "$D/small_mismatch_risk.csv" \
    --events 9 --quiet
expect_rc 0 "mismatch still writes rows"
expect_err "warning: arm 'small_mismatch_curve': 2 events rebuilt but 9 reported"
run "$PG" reconstruct --curve "$CUR" --risk "$RISK" --events 165 --quiet
[ -z "$err" ] && ok "no warning on the lung round trip" || fail "lung round trip warns"

# Bad input: exit 2, file:line, nothing left behind.
S="$D/small_curve.csv"
for case in "bad_risk_order.csv:4:risk table times are not increasing" \
            "bad_risk_increase.csv:3:number at risk increases from 10 to 12" \
            "bad_risk_gap.csv:3:no digitised point of the curve between times 3 and 5"; do
    f=${case%%:*} rest=${case#*:}; line=${rest%%:*} msg=${rest#*:}
    run "$PG" reconstruct --curve "$S" --risk "$D/$f" -o "$TMPD/bad.csv"
    expect_rc 2 "$f"; expect_err "$D/$f:$line:"; expect_err "$msg"; expect_no_file "$TMPD/bad.csv"
done
run "$PG" reconstruct --curve "$S" --risk "$D/small_risk.csv" --events 11
expect_rc 2 "too many events"; expect_err "11 events reported for 10 patients"
run "$PG" reconstruct --curve "$D/nope.csv" --risk "$D/small_risk.csv"; expect_rc 2 "missing file"
run "$PG" reconstruct --curve "$D/lung_sex_curve.csv" --risk "$D/small_risk.csv"
expect_rc 2 "arm column in one file only"; expect_err "has no 'arm' column"
done_testing
