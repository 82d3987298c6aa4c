#!/usr/bin/env bash
# cox.sh -- `prognos cox`: usage errors, R's summary on bundled data, formats, outputs, failures.
# Expected numbers are R's (survival 3.5-3): see scripts/fixtures/cox.R for the same models.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D="$SRC/tests/data"

run "$PG" cox --help; expect_rc 0 "--help"; expect_out "usage: prognos cox"; expect_out "--ties"
run "$PG" cox "$D/aml.csv"; expect_rc 2 "no formula"; expect_err "formula is required"
run "$PG" cox -f 'Surv(time, status) ~ x' --ties exactly "$D/aml.csv"; expect_rc 2 "bad --ties"
expect_err "--ties must be efron, breslow or exact, not 'exactly'"
run "$PG" cox -f 'Surv(time, status) ~ x' --residuals pearson "$D/aml.csv"
expect_rc 2 "bad --residuals"
expect_err "--residuals must be martingale, deviance, score, schoenfeld, scaledsch, \
scaled-schoenfeld or dfbeta, not 'pearson'"
run "$PG" cox -f 'Surv(time, status) ~ x' --lp --basehaz "$D/aml.csv"
expect_rc 2 "two outputs"; expect_err "exclude each other"
run "$PG" cox -f 'Surv(time, status) ~ x' --residuals martingale --residuals deviance "$D/aml.csv"
expect_rc 2 "--residuals twice"; expect_err "exclude each other"
run "$PG" cox -f 'Surv(time, status) ~ x' --frob "$D/aml.csv"; expect_rc 2 "unknown option"
expect_err "try 'prognos cox --help'"
run "$PG" cox -f 'Surv(time, status) ~ x'; expect_rc 2 "no file"

# R: summary(coxph(Surv(time, status) ~ x, aml))
run "$PG" cox -f 'Surv(time, status) ~ x' "$D/aml.csv"
expect_rc 0 "aml"; expect_out "n= 23, number of events= 18"
expect_out "Likelihood ratio test= 3.38  on 1 df,   p=0.07"
expect_out "Concordance= 0.619  (se = 0.063 )"
run "$PG" cox -f 'Surv(time, status) ~ x' --ties breslow "$D/aml.csv"; expect_rc 0 "breslow"
expect_out "Likelihood ratio test= 3.3  on 1 df"
run "$PG" cox -f 'Surv(time, status) ~ x' --ties exact "$D/aml.csv"; expect_rc 0 "exact"

# R: summary(coxph(Surv(time, status == 2) ~ age + sex + ph.ecog, lung))
run "$PG" cox -f 'Surv(time, status == 2) ~ age + sex + ph.ecog' "$D/lung.csv"
expect_rc 0 "lung"; expect_out "n= 227, number of events= 164"
expect_out "ph.ecog  0.463728  1.589991  0.113577  4.083 4.45e-05 ***"
expect_out "Wald test            = 29.93  on 3 df,   p=1e-06"
expect_err "1 observation deleted due to missingness"

# R: summary(coxph(Surv(time, status == 2) ~ age + bili + albumin + edema, pbc)), byte for byte
run "$PG" cox -f 'Surv(time, status == 2) ~ age + bili + albumin + edema' "$D/pbc.csv"
expect_rc 0 "pbc"; expect_out "Likelihood ratio test= 152.8  on 4 df,   p=<2e-16"
expect_out "Score (logrank) test = 276.6  on 4 df,   p=<2e-16"

# robust and clusters: R: coxph(Surv(time, status) ~ rx + cluster(litter), rats)
run "$PG" cox -f 'Surv(time, status) ~ rx + cluster(litter)' "$D/rats.csv"
expect_rc 0 "rats cluster"; expect_out "robust se"; expect_out "Robust = 5.88"
run "$PG" cox -f 'Surv(time, status) ~ x' --robust "$D/aml.csv"; expect_rc 0 "--robust"
expect_out "robust se"
run "$PG" cox -f 'Surv(time, status) ~ x' --robust --ties exact "$D/aml.csv"
expect_rc 1 "robust with exact"; expect_err "not available with ties 'exact'"

# formats
run "$PG" cox -f 'Surv(time, status) ~ x' --format json "$D/aml.csv"; expect_rc 0 "json"
expect_out '"method": "partial-likelihood"'; expect_out '"robust_se": null'
run "$PG" cox -f 'Surv(time, status) ~ x' --format csv "$D/aml.csv"; expect_rc 0 "csv"
expect_out "term,coef,hr,std_err,robust_se,z,p,conf_low,conf_high"
run "$PG" cox -f 'Surv(time, status) ~ x' --format md "$D/aml.csv"; expect_rc 0 "md"
expect_out "| term"
run "$PG" cox -f 'Surv(time, status) ~ x' --lp --format csv "$D/aml.csv"; expect_rc 0 "--lp"
expect_out "row,lp"

# no events: exit 1, and -o leaves nothing behind
printf 'time,status,x\n1,0,a\n2,0,b\n3,0,a\n' > "$TMPD/none.csv"
run "$PG" cox -f 'Surv(time, status) ~ x' -o "$TMPD/fit.txt" "$TMPD/none.csv"
expect_rc 1 "no events"; expect_err "no events"; expect_no_file "$TMPD/fit.txt"
run "$PG" cox -f 'Surv(time, status) ~ x' -o "$TMPD/ok.txt" "$D/aml.csv"; expect_rc 0 "-o"
[ -s "$TMPD/ok.txt" ] && ok "-o wrote the file" || fail "-o wrote nothing"

# rows with every covariate missing are dropped and counted (R: na.action = na.omit)
printf 'time,status,a,b\n1,1,0.5,1\n2,1,NA,NA\n3,0,1.5,0\n4,1,0.2,1\n5,0,NA,NA\n%b\n' \
    '6,1,2.2,0\n7,0,1.1,1' \
    > "$TMPD/na.csv"
run "$PG" cox -f 'Surv(time, status) ~ a + b' "$TMPD/na.csv"; expect_rc 0 "missing covariates"
expect_err "2 observations deleted due to missingness"
expect_out "n= 5, number of events= 3"; expect_out "(2 observations deleted due to missingness)"

# --conf-level: R's header "lower .90"
run "$PG" cox -f 'Surv(time, status) ~ x' --conf-level 0.9 "$D/aml.csv"; expect_rc 0 "--conf-level"
expect_out "lower .90 upper .90"

# separation: a warning naming the covariate
printf 'time,status,g\n2,1,1\n3,1,1\n5,1,1\n6,0,1\n8,1,1\n10,0,0\n12,0,0\n15,0,0\n' \
    > "$TMPD/sep.csv"
run "$PG" cox -f 'Surv(time, status) ~ g' "$TMPD/sep.csv"; expect_rc 0 "separated"
expect_err "variable 'g'"; expect_err "consider --firth"

# outputs of the other Cox modules (values: R, fit <- coxph(Surv(time, status) ~ x, aml);
# residuals(fit, "dfbeta"), basehaz(fit, centered = FALSE), survfit(fit, newdata = aml[1, ]))
run "$PG" cox -f 'Surv(time, status) ~ x' --residuals martingale --format csv "$D/aml.csv"
expect_rc 0 "martingale residuals"; expect_out "row,residual"
run "$PG" cox -f 'Surv(time, status) ~ x' --residuals dfbeta --format csv "$D/aml.csv"
expect_rc 0 "dfbeta"; expect_out "row,x=Nonmaintained"; expect_out "1,-0.143725"
run "$PG" cox -f 'Surv(time, status) ~ x' --residuals schoenfeld --format csv "$D/aml.csv"
expect_rc 0 "schoenfeld"; expect_out "row,time,x=Nonmaintained"
run "$PG" cox -f 'Surv(time, status) ~ x' --basehaz --format csv "$D/aml.csv"
expect_rc 0 "basehaz"; expect_out "time,hazard"; expect_out "8,0.108050"
run "$PG" cox -f 'Surv(time, status) ~ x' --newdata "$D/aml.csv" --format csv "$D/aml.csv"
expect_rc 0 "newdata"; expect_out "1,8,21,2,0.108050"
printf 'x\nunknown\n' > "$TMPD/newbad.csv"
run "$PG" cox -f 'Surv(time, status) ~ x' --newdata "$TMPD/newbad.csv" "$D/aml.csv"
expect_rc 2 "newdata with an unseen level"; expect_one_line_err
# newdata with the strata() column: each row's curve in its own stratum only, as R:
# summary(survfit(coxph(Surv(time, status) ~ age + strata(sex), lung),
#                 newdata = data.frame(age = c(60, 70), sex = c(1, 2))), times = 365)
#   -> survival 0.3583 (row 1, sex=1), 0.4858 (row 2, sex=2); R's surv at 364 (last step <= 365)
printf 'age,sex\n60,1\n70,2\n' >"$TMPD/new_s.csv"
run "$PG" cox -f 'Surv(time, status) ~ age + strata(sex)' --newdata "$TMPD/new_s.csv" \
    --format csv "$D/lung.csv"
expect_rc 0 "newdata with strata"
expect_out "1,sex=1,364,36,1,"; expect_out "2,sex=2,364,31,0,"
if printf '%s' "$out" | grep -q '^1,sex=2,\|^2,sex=1,'; then fail "a row in another stratum"
else ok "each row in its own stratum"; fi
printf '%s\n' "$out" | awk -F, '$1==1 && $3==364 {exit !($7 > 0.35833 && $7 < 0.35834)}' &&
    ok "row 1 S(364) = 0.35834 (R 0.3583)" || fail "row 1 S(364)"
run "$PG" cox -f 'Surv(time, status) ~ x' --firth --format json "$D/aml.csv"
expect_rc 0 "--firth"; expect_out '"method": "firth"'
done_testing
