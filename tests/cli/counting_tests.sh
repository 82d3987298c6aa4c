#!/usr/bin/env bash
# counting_tests.sh -- zph and logrank on counting-process data, Surv(start, stop, event), and
# zph with case weights, against R's numbers (tests/fixtures/counting_tests_r.sh, written by
# scripts/fixtures/counting_tests.R; each value there names the R call that produced it).
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
. "$SRC/tests/fixtures/counting_tests_r.sh"
D="$SRC/tests/data"

# near_csv ROW COL WANT WHAT: the CSV in $out, data row ROW (1-based), column COL (1-based)
near_csv() {
    got=$(printf '%s\n' "$out" | sed -n "$(($1 + 1))p" | cut -d, -f"$2")
    if python3 -c 'import sys; g, w = float(sys.argv[1]), float(sys.argv[2]); sys.exit(0 if abs(g - w) <= 1e-6 * max(1.0, abs(w)) else 1)' "$got" "$3"; then
        ok "$4 = $3"
    else
        fail "$4: want $3, got $got"
    fi
}

HF='Surv(start, stop, event) ~ age + transplant + surgery'
run "$PG" zph -f "$HF" --format json "$D/heart.csv"
expect_rc 0 "zph on heart (counting data)"
near 'd["terms"][0]["chisq"]' "$HEART_ZPH_KM_AGE" "heart zph km: age"
near 'd["terms"][2]["chisq"]' "$HEART_ZPH_KM_SURGERY" "heart zph km: surgery"
near 'd["global"]["chisq"]' "$HEART_ZPH_KM_GLOBAL" "heart zph km: GLOBAL"
run "$PG" zph -f "$HF" --transform rank --format json "$D/heart.csv"
near 'd["terms"][0]["chisq"]' "$HEART_ZPH_RANK_AGE" "heart zph rank: age"
near 'd["terms"][2]["chisq"]' "$HEART_ZPH_RANK_SURGERY" "heart zph rank: surgery"
near 'd["global"]["chisq"]' "$HEART_ZPH_RANK_GLOBAL" "heart zph rank: GLOBAL"
run "$PG" zph -f "$HF" --residuals "$D/heart.csv"
expect_rc 0 "zph residuals on heart"
near_csv 4 5 "$HEART_ZPH_Y4_SURGERY" "heart scaled residual, 4th event (tied, R's order)"
near_csv 3 2 "$HEART_ZPH_X3" "heart transformed time (left-truncated KM), 3rd event"

CF='Surv(tstart, tstop, status) ~ treat + sex + age + inherit + steroids + strata(center)'
run "$PG" zph -f "$CF" --id id --format json "$D/cgd.csv"
expect_rc 0 "zph on cgd with --id and strata"
near 'd["terms"][0]["chisq"]' "$CGD_ZPH_TREAT" "cgd zph: treat"
near 'd["terms"][4]["chisq"]' "$CGD_ZPH_STEROIDS" "cgd zph: steroids"
near 'd["global"]["chisq"]' "$CGD_ZPH_GLOBAL" "cgd zph: GLOBAL"
run "$PG" zph -f "$CF" --id id --residuals "$D/cgd.csv"
near_csv 1 3 "$CGD_ZPH_Y1_TREAT" "cgd scaled residual of treat, 1st event"
run "$PG" zph -f 'Surv(tstop, status) ~ treat + sex + age + steroids + strata(center)' \
    --format json "$D/cgd.csv"
expect_rc 0 "zph: a stratum whose scaling matrix is indefinite (R's solve())"
near 'd["global"]["chisq"]' "$CGD_RC_ZPH_GLOBAL" "cgd right-censored zph: GLOBAL"
run "$PG" zph -f 'Surv(time, status) ~ age + sex + ph.ecog' --weights fw --format json \
    "$D/lung_weights.csv"
near 'd["terms"][1]["chisq"]' "$LUNG_FW_ZPH_SEX" "weighted zph: sex"
near 'd["global"]["chisq"]' "$LUNG_FW_ZPH_GLOBAL" "weighted zph: GLOBAL"

run "$PG" logrank -f 'Surv(start, stop, event) ~ transplant' --format json "$D/heart.csv"
expect_rc 0 "logrank on counting data"
near 'd["chisq"]' "$HEART_SC" "heart: the Cox score test"
near 'd["p"]' "$HEART_SC_P" "heart: its p"
near 'd["groups"][1]["expected"]' "$HEART_E1" "heart: E over left-truncated risk sets"
run "$PG" logrank -f 'Surv(start, stop, event) ~ transplant' "$D/heart.csv"
expect_out "Score test of the Cox model (ties efron); survdiff does not take counting-process data"
run "$PG" logrank -f 'Surv(ageentry, age, death) ~ gender' --format json "$D/channing.csv"
near 'd["chisq"]' "$CH_SC" "channing (age scale): score test"
near 'd["p"]' "$CH_SC_P" "channing: p"
near 'd["groups"][0]["expected"]' "$CH_E1" "channing: E of gender=1"
run "$PG" logrank -f 'Surv(tstart, tstop, status) ~ treat + strata(sex)' --id id --format json \
    "$D/cgd.csv"
near 'd["chisq"]' "$CGD_SC" "cgd stratified: score test"
near 'd["groups"][0]["expected"]' "$CGD_E1" "cgd stratified: E of placebo"
run "$PG" logrank -f 'Surv(start, stop, event) ~ transplant' --pairwise -o "$TMPD/o.txt" \
    "$D/heart.csv"
expect_rc 2 "--pairwise on counting data"
expect_err "--pairwise is not available on Surv(start, stop, event) data"
expect_no_file "$TMPD/o.txt"
run "$PG" logrank -f 'Surv(start, stop, event) ~ 1' "$D/heart.csv"
expect_rc 1 "one group"

done_testing
