#!/usr/bin/env bash
# counting.sh -- Surv(start, stop, event), --id, --weights and offset() in cox and km against
# R's numbers (tests/fixtures/counting_r.sh, written by scripts/fixtures/counting.R; each value
# there names the R call that produced it), and the errors on bad counting-process data.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
. "$SRC/tests/fixtures/counting_r.sh"
D="$SRC/tests/data"


run "$PG" cox -f 'Surv(start, stop, event) ~ age + year + surgery + transplant' --format json \
    "$D/heart.csv"
expect_rc 0 "cox on heart (jasa1, time-varying transplant)"
near 'd["coefficients"][0]["coef"]' "$HEART_AGE" "heart coef age"
near 'd["coefficients"][0]["std_err"]' "$HEART_AGE_SE" "heart se age"
near 'd["loglik"]["final"]' "$HEART_LOGLIK" "heart loglik"
near 'd["concordance"]["estimate"]' "$HEART_C" "heart concordance"
near 'd["concordance"]["std_err"]' "$HEART_C_SE" "heart concordance se"

run "$PG" cox -f 'Surv(tstart, tstop, status) ~ treat + sex + age + inherit + steroids + strata(center)' \
    --id id --format json "$D/cgd.csv"
expect_rc 0 "cox on cgd with --id"
near 'd["coefficients"][0]["coef"]' "$CGD_TREAT" "cgd coef treat"
near 'd["coefficients"][0]["robust_se"]' "$CGD_TREAT_RSE" "cgd robust se by subject"
near 'd["tests"]["robust_score"]["statistic"]' "$CGD_RSCORE" "cgd robust score"
near 'd["n_id"]' 128 "cgd subjects"

run "$PG" cox -f 'Surv(tstart, time, status) ~ karno + trt' --format json "$D/veteran_split.csv"
near 'd["coefficients"][0]["coef"]' "$VET_KARNO" "veteran split at 30/90/180 = unsplit fit"

run "$PG" km -f 'Surv(ageentry, age, death) ~ gender' --times 900 --steps none --format json \
    "$D/channing.csv"
near 'd["curves"][1]["at"][0]["surv"]' "$CH_SURV900_G2" "channing left-truncated S(900)"
near 'd["curves"][1]["at"][0]["std_err"]' "$CH_SE900_G2" "channing std.err(900)"

run "$PG" cox -f 'Surv(time, status) ~ age + sex + ph.ecog' --weights fw --format json \
    "$D/lung_weights.csv"
near 'd["coefficients"][1]["coef"]' "$LUNG_FW_SEX" "lung weighted coef sex"
near 'd["coefficients"][1]["robust_se"]' "$LUNG_FW_SEX_RSE" "lung fractional weights: robust se"
run "$PG" km -f 'Surv(time, status) ~ sex' --weights fw --times 300 --steps none --format json \
    "$D/lung_weights.csv"
near 'd["curves"][0]["at"][0]["std_err"]' "$LUNG_KM_FW_SE300" "km fractional weights (IJ se)"
run "$PG" km -f 'Surv(time, status) ~ sex' --weights w --times 300 --steps none --format json \
    "$D/lung_weights.csv"
near 'd["curves"][0]["at"][0]["std_err"]' "$LUNG_KM_W_SE300" "km integer weights (Greenwood)"
run "$PG" cox -f 'Surv(time, status) ~ age + ph.ecog + offset(log(age / 10))' --format json \
    "$D/lung.csv"
near 'd["coefficients"][1]["coef"]' "$LUNG_OFF_ECOG" "offset model coef ph.ecog"

# bad data: one located line, exit 2, no output file
printf 'id,start,stop,d,x\n1,0,5,0,1\n1,4,9,1,1\n2,0,3,1,0\n' >"$TMPD/ovl.csv"
run "$PG" cox -f 'Surv(start, stop, d) ~ x' --id id -o "$TMPD/o.txt" "$TMPD/ovl.csv"
expect_rc 2 "overlapping intervals of one subject"
expect_err "ovl.csv:3: the interval (4, 9] overlaps (0, 5] at line 2 of the same subject"
expect_no_file "$TMPD/o.txt"
printf 'start,stop,d,x\n0,5,0,1\n6,6,1,1\n' >"$TMPD/len0.csv"
run "$PG" km -f 'Surv(start, stop, d) ~ 1' -o "$TMPD/o.txt" "$TMPD/len0.csv"
expect_rc 2 "start >= stop"
expect_err "len0.csv:3: start time 6 is not before stop time 6"
expect_no_file "$TMPD/o.txt"
printf 'time,d,x,w\n5,1,1,1\n6,1,0,-2\n' >"$TMPD/negw.csv"
run "$PG" km -f 'Surv(time, d) ~ 1' --weights w "$TMPD/negw.csv"
expect_rc 2 "negative weight"
expect_err "negw.csv:3: --weights: the weight 'w' is -2"
run "$PG" logrank -f 'Surv(start, stop, event) ~ surgery' --trend "$D/heart.csv"
expect_rc 2 "logrank --trend refuses counting-process data (tests/cli/counting_tests.sh: the test)"
expect_err "--trend is not available on Surv(start, stop, event) data"

# prognos split (survSplit): splitting then fitting gives the unsplit fit
# same JSON_A JSON_B WHAT: coefficients, standard errors and loglik agree to 1e-9 relative
same() {
    if python3 -c '
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
x = [c[k] for c in a["coefficients"] for k in ("coef", "std_err")] + [a["loglik"]["final"]]
y = [c[k] for c in b["coefficients"] for k in ("coef", "std_err")] + [b["loglik"]["final"]]
sys.exit(0 if all(abs(p - q) <= 1e-9 * max(1.0, abs(q)) for p, q in zip(x, y)) else 1)' \
        "$1" "$2"; then ok "$3"; else fail "$3"; fi
}
run "$PG" cox -f 'Surv(time, status) ~ trt + karno' --format json "$D/veteran.csv"
unsplit=$out
near 'd["coefficients"][1]["coef"]' "$VET_KARNO" "veteran unsplit coef karno"
for cuts in 90,180,365 30,60,90,120,180,270,365,500 100; do
    run "$PG" split -f 'Surv(time, status) ~ .' --cut "$cuts" --episode tgroup --id id \
        -o "$TMPD/vs.csv" "$D/veteran.csv"
    expect_rc 0 "split veteran at $cuts"
    run "$PG" cox -f 'Surv(tstart, time, status) ~ trt + karno' --format json "$TMPD/vs.csv"
    same "$out" "$unsplit" "veteran split at $cuts: cox = the unsplit fit to 1e-9"
    near 'd["coefficients"][0]["coef"]' "$VET_TRT" "split at $cuts: coef trt (R)"
    near 'd["coefficients"][1]["std_err"]' "$VET_KARNO_SE" "split at $cuts: se karno (R)"
    near 'd["loglik"]["final"]' "$VET_LOGLIK" "split at $cuts: loglik (R)"
done
run "$PG" split -f 'Surv(time, status) ~ .' --cut 30,90,180 --id id -o "$TMPD/vs.csv" \
    "$D/veteran.csv"
# survSplit(Surv(time, status) ~ ., data = veteran, cut = c(30, 90, 180), id = "id")
if [ "$(tr -d '"' <"$TMPD/vs.csv")" = "$(tr -d '"' <"$D/veteran_split.csv" | cut -d, -f1-10)" ]
then ok "split rows = survSplit's rows"; else fail "split rows differ from survSplit's"; fi
run "$PG" split -f 'Surv(time, status) ~ trt + karno' --at-events -o "$TMPD/ve.csv" \
    "$D/veteran.csv"
expect_err "137 rows cut into"
run "$PG" cox -f 'Surv(tstart, time, status) ~ trt + karno' --format json "$TMPD/ve.csv"
same "$out" "$unsplit" "veteran split at every event time: cox = the unsplit fit"
run "$PG" split -f 'Surv(start, stop, event) ~ .' --cut 10,50 -o "$TMPD/hs.csv" "$D/heart.csv"
run "$PG" cox -f 'Surv(start, stop, event) ~ age + year + surgery + transplant' --format json \
    "$TMPD/hs.csv"
near 'd["coefficients"][0]["coef"]' "$HEART_AGE" "heart (counting input) split at 10, 50"
near 'd["loglik"]["final"]' "$HEART_LOGLIK" "heart split: loglik"
printf 'time,status,x\n5,1,1\n0,1,2\n' >"$TMPD/t0.csv"
run "$PG" split -f 'Surv(time, status) ~ .' --cut 3 -o "$TMPD/o.csv" "$TMPD/t0.csv"
expect_rc 2 "split: a time not after zero"
expect_err "t0.csv:3: time 0 is not after the start of follow-up 0"
expect_one_line_err
expect_no_file "$TMPD/o.csv"
run "$PG" split -f 'Surv(time, status, type = "left") ~ .' --cut 3 "$TMPD/t0.csv"
expect_rc 2 "split refuses left-censored data as survSplit does"
expect_err "not valid for left or interval censored survival data"
run "$PG" split -f 'Surv(time, status) ~ .' "$TMPD/t0.csv"
expect_rc 2 "split without cuts"
printf 'time,status,x\n5,1,1\n4,0,2\n' >"$TMPD/t1.csv"
run "$PG" split -f 'Surv(time, status) ~ .' --cut 3 --start x "$TMPD/t1.csv"
expect_rc 2 "split: a new column named like an old one"
expect_err "duplicate column name 'x'"

# the weighted concordance and its se, as R's coxph(..., weights =)$concordance:
#   coxph(Surv(time, status) ~ age + sex, lung_weights, weights = fw) -> 0.6136647695, 0.02734003936
#   coxph(Surv(time, status) ~ sex, lung_agg, weights = n)            -> 0.578644948536, 0.0219767901660
run "$PG" cox -f 'Surv(time, status) ~ age + sex' --weights fw --format json "$D/lung_weights.csv"
expect_rc 0 "weighted concordance"
near 'd["concordance"]["estimate"]' 0.6136647695 "concordance, non-integer weights"
near 'd["concordance"]["std_err"]' 0.02734003936 "concordance se, non-integer weights"
run "$PG" cox -f 'Surv(time, status) ~ sex' --weights n --format json "$D/lung_agg.csv"
expect_rc 0 "aggregated concordance"
near 'd["concordance"]["estimate"]' 0.578644948536 "concordance, aggregated rows"
near 'd["concordance"]["std_err"]' 0.0219767901660 "concordance se, aggregated rows"
done_testing
