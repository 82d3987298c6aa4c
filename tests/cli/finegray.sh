#!/usr/bin/env bash
# finegray.sh -- `prognos finegray` (Fine-Gray regression, src/methods/crr.c) on bundled data.
# Expected numbers: tests/fixtures/crr_r.h, case "lms" (scripts/fixtures/crr.R:
# crr(months, cause, model.matrix(~ age + sex + factor(grade) + size_cm, lms_synthetic)[, -1]),
# cause DOD 1, DOC 2, NED/AWD 0), and summary.crr's printout of it.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
LMS="$SRC/datasets/lms_synthetic.csv"
MEL="$SRC/datasets/melanoma.csv"
F='Surv(months, status) ~ age + sex + factor(grade) + size_cm'

run "$PG" finegray -f "$F" --censor NED,AWD --cause DOD "$LMS"
expect_rc 0 "lms"
expect_out "Cause of interest: DOD; competing: DOC; censored: AWD, NED"
expect_out "n= 480, events= 43, competing events= 74, censored= 363"
expect_out "grade=3  2.70550    14.962   0.6532  4.142 3.4e-05"   # summary.crr's row
expect_out "size_cm     1.197     0.8353 1.117  1.283"
expect_out "Pseudo Log-likelihood = -219 "
expect_out "Pseudo likelihood ratio test = 65.5  on 5 df"

run "$PG" finegray -f "$F" --censor NED,AWD --cause DOD --format json "$LMS"
expect_rc 0 "json"; expect_out '"cause": "DOD"'; expect_out '"competing": ['
expect_out '"coef": 2.7055028'; expect_out '"exp_coef": 14.96'; expect_out '"std_err": 0.65320'
expect_out '"converged": true'
run "$PG" finegray -f "$F" --censor NED,AWD --cause DOD --format csv "$LMS"
expect_rc 0 "csv"; expect_out "term,coef,hr,std_err,naive_se,z,p,conf_low,conf_high"
run "$PG" finegray -f "$F" --censor NED,AWD --cause DOD --format md "$LMS"
expect_rc 0 "md"; expect_out "| grade=3 |"; expect_out "SHR: subdistribution hazard ratio"

# predicted cumulative incidence (predict.crr) at chosen times, and as steps
printf 'age,sex,grade,size_cm\n60,F,1,2\n70,M,2,5\n' > "$TMPD/nd.csv"
run "$PG" finegray -f "$F" --censor NED,AWD --cause DOD --newdata "$TMPD/nd.csv" \
    --times 0,60,120 "$LMS"
expect_rc 0 "newdata at times"; expect_out "newdata_row"
[ "$(printf '%s\n' "$out" | wc -l)" -eq 7 ] && ok "2 rows x 3 times" || fail "rows"
run "$PG" finegray -f "$F" --censor NED,AWD --cause DOD --newdata "$TMPD/nd.csv" \
    --format json "$LMS"
expect_rc 0 "newdata json"; expect_out '"cif": '

# a second dataset: death from melanoma, deaths from other causes competing
run "$PG" finegray -f 'Surv(time, status) ~ ulcer' --censor alive --cause melanoma "$MEL"
expect_rc 0 "melanoma"; expect_out "competing: other; censored: alive"

# integer codes 0/1/2 (0 censored by default): pbc's randomised 312, death (2) with transplant
# (1) competing. R: crr(time, c(0, 2, 1)[status + 1], model.matrix(~ age + I(log(bili)) +
# factor(edema) + albumin, pbc[1:312, ])[, -1]): coef of age 0.04343691457, se 0.01013569472
run "$PG" finegray -f 'Surv(time, status) ~ age + I(log(bili)) + factor(edema) + albumin' \
    --cause 2 --format csv "$SRC/tests/data/pbc.csv"
expect_rc 0 "pbc codes"; expect_out "age,0.0434369145"; expect_out ",0.010135694719"
expect_out "edema=1,1.26977903389"

# refusals: exit 2, one located line, no partial output file
run "$PG" finegray -f "$F" --censor NED,AWD --cause XX -o "$TMPD/fit.txt" "$LMS"
expect_rc 2 "--cause not a value"; expect_err "'XX' is not a cause of 'status' (causes: DOC, DOD"
expect_no_file "$TMPD/fit.txt"
run "$PG" finegray -f "$F" --censor FOO --cause DOD "$LMS"
expect_rc 2 "--censor naming nothing present"; expect_err "(levels: AWD, DOC, DOD, NED)"
run "$PG" finegray -f "$F" --censor NED,AWD "$LMS"
expect_rc 2 "no --cause"; expect_err "name the cause of interest with --cause"
run "$PG" finegray -f "$F" "$LMS"
expect_rc 2 "no --censor"; expect_err "say which values mean censored"
run "$PG" finegray -f "$F" --censor NED,AWD --cause DOD --times 12 "$LMS"
expect_rc 2 "--times alone"; expect_err "--times needs --newdata"
printf 'time,status,x\n1,DOD,1\n2,DOD,0\n3,DOD,1\n' > "$TMPD/one.csv"
run "$PG" finegray -f 'Surv(time, status) ~ x' --censor NED "$TMPD/one.csv"
expect_rc 2 "a status with one value"; expect_err "'NED' is not a value of 'status'"
printf 'time,status,x\n1,0,1\n2,2,0\n3,0,1\n4,2,1\n' > "$TMPD/noev.csv"
run "$PG" finegray -f 'Surv(time, status) ~ x' --cause 2 -o "$TMPD/fit.txt" "$TMPD/noev.csv"
expect_rc 0 "one cause, its own failures"
printf 'time,status,x\n1,0,1\n2,2,0\n3,1,1\n4,2,1\n5,0,0\n6,1,0\n' > "$TMPD/sep.csv"
run "$PG" finegray -f 'Surv(time, status) ~ x' --cause 7 "$TMPD/sep.csv"
expect_rc 2 "--cause 7"; expect_err "causes: 1, 2"
run "$PG" finegray -f "$F + strata(source)" --censor NED,AWD --cause DOD "$LMS"
expect_rc 1 "strata"; expect_err "strata() is not available"
done_testing
