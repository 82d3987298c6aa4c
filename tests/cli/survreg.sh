#!/usr/bin/env bash
# survreg.sh -- `prognos survreg`: R's print(summary(survreg(...))) on bundled data, the JSON
# keys of issue 14's contract, predictions, and bad input (a time 0 for a log-time distribution,
# an unknown --dist, no events, a fixed scale with strata) with exit 2 / 1 and no partial -o
# file. Expected numbers are R's (survival 3.5): each block names its call.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D=$SRC/tests/data

run "$PG" survreg --help; expect_rc 0 "--help"; expect_out "usage: prognos survreg"
expect_out "--dist D"
run "$PG" survreg -f 'Surv(time, status) ~ age' --dist weibul "$D/lung.csv"
expect_rc 2 "unknown --dist"
expect_err "--dist must be weibull, exponential, lognormal, loglogistic, gaussian, logistic, \
extreme or rayleigh, not 'weibul'"
run "$PG" survreg -f 'Surv(time, status) ~ age' --quantiles 0.5 "$D/lung.csv"
expect_rc 2 "--quantiles without --newdata"; expect_err "need --newdata"

# R: summary(survreg(Surv(time, status) ~ age + sex, lung))
run "$PG" survreg -f 'Surv(time, status) ~ age + sex' "$D/lung.csv"
expect_rc 0 "lung weibull"
want='               Value Std. Error     z       p
(Intercept)  6.27485    0.48137 13.04 < 2e-16
age         -0.01226    0.00696 -1.76  0.0781
sex          0.38209    0.12748  3.00  0.0027
Log(scale)  -0.28230    0.06188 -4.56 5.1e-06

Scale= 0.754 

Weibull distribution
Loglik(model)= -1147.1   Loglik(intercept only)= -1153.9
	Chisq= 13.59 on 2 degrees of freedom, p= 0.0011 
Number of Newton-Raphson Iterations: 5 
n= 228 '
[ "$out" = "$want" ] && ok "lung weibull as R prints it" || fail "lung weibull differs"
run "$PG" survreg -f 'Surv(time, status) ~ age + sex' --ratios "$D/lung.csv"
expect_out "sex     1.4653    1.1414     1.881 0.6025    0.4342    0.8359"

# R: summary(survreg(Surv(futime, fustat) ~ age + ecog.ps, ovarian, dist = "loglogistic"))
run "$PG" survreg -f 'Surv(futime, fustat) ~ age + ecog.ps' --dist loglogistic "$D/ovarian.csv"
expect_rc 0 "ovarian loglogistic"
expect_out "(Intercept) 11.5085     1.4508  7.93 2.1e-15"
expect_out "Log(scale)  -0.8065     0.2427 -3.32 0.00089"
expect_out "Log logistic distribution"
expect_out "Chisq= 15.67 on 2 degrees of freedom, p= 4e-04"

# R: summary(survreg(Surv(time, delta) ~ factor(stage) + age, KMsurv::larynx, dist = "lognormal"))
run "$PG" survreg -f 'Surv(time, delta) ~ factor(stage) + age' --dist lognormal "$D/larynx.csv"
expect_rc 0 "larynx lognormal"
expect_out "stage=4     -1.8574     0.4427 -4.20 2.7e-05"   # R: factor(stage)4
expect_out "Scale= 1.26"; expect_out "Number of Newton-Raphson Iterations: 4"

# R: summary(survreg(Surv(time, status) ~ age + strata(sex), lung)): one scale per stratum
run "$PG" survreg -f 'Surv(time, status) ~ age + strata(sex)' "$D/lung.csv"
expect_rc 0 "strata"
expect_out "sex=2       -0.41128    0.10679 -3.85 0.00012"
expect_out "Scale:
sex=1 sex=2 
0.810 0.663 "
# R: summary(survreg(Surv(time, status) ~ age + sex + cluster(inst), lung))
run "$PG" survreg -f 'Surv(time, status) ~ age + sex + cluster(inst)' "$D/lung.csv"
expect_rc 0 "cluster"
expect_out "               Value Std. Err (Naive SE)     z       p"
expect_out "sex          0.38319  0.11116    0.12815  3.45 0.00057"
expect_out "(Loglikelihood assumes independent observations)"
expect_out "n=227 (1 observation deleted due to missingness)"

# the JSON contract: dist, n, events, coefficients [term coef std_err z p], scale [],
# loglik [intercept only, model], chisq, df, p, iterations, aic; predictions
printf 'age,sex\n60,1\n70,2\n' >"$TMPD/new.csv"
run "$PG" survreg -f 'Surv(time, status) ~ age + sex' --format json --newdata "$TMPD/new.csv" \
    --quantiles 0.25,0.5 --times 365 "$D/lung.csv"
expect_rc 0 "json"
printf '%s' "$out" >"$TMPD/fit.json"
python3 - "$TMPD/fit.json" <<'EOF' && ok "JSON keys and R's numbers" || fail "JSON contract"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("dist", "n", "events", "coefficients", "scale", "loglik", "chisq", "df", "p",
          "iterations", "aic", "dropped", "warnings", "predictions"):
    assert k in d, k
assert d["dist"] == "weibull" and d["n"] == 228 and d["events"] == 165 and d["df"] == 2
for c in d["coefficients"]:
    assert set(("term", "coef", "std_err", "z", "p")) <= set(c), c
assert [c["term"] for c in d["coefficients"]] == ["(Intercept)", "age", "sex", "Log(scale)"]
rel = lambda a, b: abs(a - b) <= 1e-6 * abs(b)  # R prints 7 digits here
# R: coef(fit), fit$scale, fit$loglik, AIC(fit), fit$iter
assert rel(d["coefficients"][2]["coef"], 0.38208513967664881)
assert len(d["scale"]) == 1 and rel(d["scale"][0], 0.7540509476)
assert rel(d["loglik"][0], -1153.851188) and rel(d["loglik"][1], -1147.054431)
assert rel(d["aic"], 2302.108863) and d["iterations"] == 5
# R: predict(fit, data.frame(age = c(60, 70), sex = c(1, 2)), type = "quantile",
#    p = c(0.25, 0.5), se.fit = TRUE); 1 - psurvreg(365, lp, fit$scale)
q = d["predictions"][1]["quantiles"][1]
assert q["p"] == 0.5 and rel(q["time"], 366.7433) and rel(q["se"], 42.58974)
assert q["conf_low"] < q["time"] < q["conf_high"]
assert rel(d["predictions"][0]["survival"][0]["surv"], 0.3784254)
# weibull as PH: HR = exp(-coef/scale), delta-method limits from vcov(fit) (gradient -1/scale
# in coef, coef/scale in log(scale)); time ratio exp(coef +- 1.96 se); R's numbers
sx = d["coefficients"][2]
assert rel(sx["hr"], 0.60247448) and rel(sx["hr_low"], 0.43424184)
assert rel(sx["hr_high"], 0.83588328)
assert rel(sx["time_ratio"], 1.4653368) and rel(sx["time_ratio_low"], 1.1413766)
assert rel(sx["time_ratio_high"], 1.8812476)
EOF

# bad input: a time 0 for a log-time distribution names file and line; no -o file left
printf 'time,status,x\n4,1,1\n0,1,0\n7,0,1\n9,1,0\n' >"$TMPD/t0.csv"
run "$PG" survreg -f 'Surv(time, status) ~ x' -o "$TMPD/out.txt" "$TMPD/t0.csv"
expect_rc 2 "time 0, weibull"
expect_err "t0.csv:3: time 0 is not positive: the weibull distribution models log time"
expect_no_file "$TMPD/out.txt"
run "$PG" survreg -f 'Surv(time, status) ~ x' --dist gaussian "$TMPD/t0.csv"
expect_rc 0 "time 0, gaussian (not a log-time model)"
# no events: exit 1 with the reason
printf 'time,status,x\n3,0,1\n5,0,0\n7,0,1\n9,0,0\n' >"$TMPD/none.csv"
run "$PG" survreg -f 'Surv(time, status) ~ x' "$TMPD/none.csv"
expect_rc 1 "no events"; expect_err "no events"
# one event, at x = 1: R's survreg runs 22 iterations to a separated fit (se 25250)
printf 'time,status,x\n3,1,1\n5,0,0\n7,0,1\n9,0,0\n' >"$TMPD/one.csv"
run "$PG" survreg -f 'Surv(time, status) ~ x' "$TMPD/one.csv"
expect_rc 0 "one event"
expect_out "x             -14.298  25250.048  0.00 1.00"
expect_out "Number of Newton-Raphson Iterations: 22"
# R: survreg(..., dist = "exponential") with strata(): "Cannot have both a fixed scale and strata"
run "$PG" survreg -f 'Surv(time, status) ~ age + strata(sex)' --dist exponential "$D/lung.csv"
expect_rc 2 "fixed scale with strata"; expect_err "Cannot have both a fixed scale and strata"

# left censoring. R: summary(survreg(Surv(durable, durable > 0, type = "left") ~ age + quant,
#    tobin, dist = "gaussian"))
run "$PG" survreg -f 'Surv(durable, durable > 0, type = "left") ~ age + quant' --dist gaussian \
    "$D/tobin.csv"
expect_rc 0 "tobin, left censored"
expect_out "(Intercept) 15.1449    16.0795  0.94    0.35"
expect_out "Log(scale)   1.7179     0.3103  5.54 3.1e-08"
expect_out "Loglik(model)= -28.9   Loglik(intercept only)= -29.5"
# interval censoring. R: summary(survreg(Surv(lower, upper, type = "interval2") ~
#    factor(treat), KMsurv::bcdeter, dist = "gaussian"))
run "$PG" survreg -f 'Surv(lower, upper, type = "interval2") ~ factor(treat)' --dist gaussian \
    "$D/bcdeter.csv"
expect_rc 0 "bcdeter, interval censored"
expect_out "treat=2     -10.216      3.769 -2.71 0.0067"
expect_out "	Chisq= 7.37 on 1 degrees of freedom, p= 0.0066 "
# weibull on an interval from 0: R stops ("Invalid survival times for this distribution")
run "$PG" survreg -f 'Surv(lower, upper, type = "interval2") ~ factor(treat)' "$D/bcdeter.csv"
expect_rc 2 "interval from 0, weibull"
expect_err "bcdeter.csv:2: time 0 is not positive"; expect_err "NA lower end (left censored)"
# R: survreg(Surv(lower, upper, type = "interval2") ~ factor(treat), transform(bcdeter,
#    lower = ifelse(lower == 0, NA, lower))): coef 3.887, -0.566, Log(scale) -0.518, 5 iterations
printf 'lower,upper,x\n' >"$TMPD/iv.csv"
tail -n +2 "$D/bcdeter.csv" | sed 's/^0,/NA,/' >>"$TMPD/iv.csv"
run "$PG" survreg -f 'Surv(lower, upper, type = "interval2") ~ factor(x)' "$TMPD/iv.csv"
expect_rc 0 "bcdeter with NA lower ends, weibull"
expect_out "x=2         -0.566      0.168 -3.38 0.00074"
expect_out "Number of Newton-Raphson Iterations: 5"
# ends reversed: exit 2 naming the line; other commands refuse these data at the formula
printf 'lo,hi,x\n1,2,0\n3,2,1\nNA,4,0\n5,NA,1\n2,2,0\n' >"$TMPD/rev.csv"
run "$PG" survreg -f 'Surv(lo, hi, type = "interval2") ~ x' -o "$TMPD/rev.txt" "$TMPD/rev.csv"
expect_rc 2 "reversed interval"
expect_err "rev.csv:3: the interval's lower end 3 is above its upper end 2"
expect_no_file "$TMPD/rev.txt"
run "$PG" km -f 'Surv(lo, hi, type = "interval2") ~ x' "$TMPD/rev.csv"
expect_rc 2 "km refuses interval data"
expect_err "interval-censored data are for 'prognos survreg'"
run "$PG" cox -f 'Surv(hi, x, type = "left") ~ lo' "$TMPD/rev.csv"
expect_rc 2 "cox refuses left-censored data"
run "$PG" survreg -f 'Surv(lo, hi, type = "interval") ~ x' "$TMPD/rev.csv"
expect_rc 2 "type interval"; expect_err '(did you mean "interval2"?)'

# prognos plot --fit: the fitted curve per group in the script's datablocks, solid to the
# group's last time ($fit_g), dashed beyond ($fitx_g). R: f <- survreg(Surv(time, status) ~ sex,
# lung, dist = "lognormal"); 1 - psurvreg(c(500, 2000), predict(f, data.frame(sex = 1:2),
# type = "lp"), f$scale, "lognormal") gives 0.2366809751 (sex 1 at 500), 0.06972774091 (sex 2
# at 2000)
run "$PG" plot -f 'Surv(time, status) ~ sex' --fit lognormal --xmax 2000 --script "$TMPD/fit.gp" \
    "$D/lung.csv"
expect_rc 0 "plot --fit"
v1=$(awk '/^\$fit_1 /{f=1;next} f&&/^EOD/{f=0} f&&$1==500{print $2}' "$TMPD/fit.gp")
v2=$(awk '/^\$fitx_2 /{f=1;next} f&&/^EOD/{f=0} f{last=$0} END{print last}' "$TMPD/fit.gp")
[ "$v1" = "0.2366809751" ] && ok "fitted S(500), sex 1" || fail "fitted S(500) is '$v1'"
[ "$v2" = "2000 0.06972774091" ] && ok "extrapolated S(2000), sex 2" || fail "S(2000) '$v2'"
grep -q "title 'Lognormal fit (dashed: beyond the data)'" "$TMPD/fit.gp" \
    && ok "legend names the fit" || fail "no legend entry for the fit"
grep -q '\$fitx_1 using 1:2 with lines lw 1 lc rgb .* dt 2' "$TMPD/fit.gp" \
    && ok "extrapolation dashed" || fail "extrapolation not dashed"
run "$PG" plot --forest -f 'Surv(time, status) ~ sex' --fit weibull --script "$TMPD/x.gp" \
    "$D/lung.csv"
expect_rc 2 "--fit with --forest"; expect_err "not with --forest or --cif"
run "$PG" plot -f 'Surv(time, status) ~ sex' --fit weib --script "$TMPD/x.gp" "$D/lung.csv"
expect_rc 2 "--fit unknown"; expect_err "--fit must be weibull"

# a group without events: R: summary(survreg(Surv(time, status) ~ age + sex, transform(lung,
#    status = ifelse(sex == 2, 1, status)))): sex 1.70e+01 (se 3.37e+03), 22 iterations,
#    p= 8.6e-30 (print.summary.survreg prints format(signif(p, 2)), not format.pval)
awk -F, 'NR == 1 {for (i = 1; i <= NF; i++) {if ($i == "\"sex\"") s = i; if ($i == "\"status\"") t = i}}
         NR > 1 && $s == 2 {$t = 1} {print}' OFS=, "$D/lung.csv" >"$TMPD/noev.csv"
run "$PG" survreg -f 'Surv(time, status) ~ age + sex' "$TMPD/noev.csv"
expect_rc 0 "a group without events"
expect_out "sex          1.70e+01   3.37e+03  0.01 0.9960"
expect_out "Chisq= 133.86 on 2 degrees of freedom, p= 8.6e-30"
expect_out "Number of Newton-Raphson Iterations: 22"

# newdata with the strata() column: each row in its own stratum (its scale), as R:
# f <- survreg(Surv(time, status) ~ age + strata(sex), lung)
# predict(f, data.frame(age = c(60, 70), sex = c(1, 2)), type = "quantile", p = 0.5,
#         se.fit = TRUE)  -> fit 328.290303831136 305.829288103649, se 21.0756198964871 27.2251010840750
printf 'age,sex\n60,1\n70,2\n' >"$TMPD/new_s.csv"
run "$PG" survreg -f 'Surv(time, status) ~ age + strata(sex)' --format json \
    --newdata "$TMPD/new_s.csv" "$D/lung.csv"
expect_rc 0 "newdata with strata"
near 'len(d["predictions"])' 2 "one prediction per row"
near 'd["predictions"][0]["quantiles"][0]["time"]' 328.290303831136 "row 1 (sex=1) median"
near 'd["predictions"][1]["quantiles"][0]["time"]' 305.829288103649 "row 2 (sex=2) median"
near 'd["predictions"][1]["quantiles"][0]["se"]' 27.2251010840750 "row 2 (sex=2) se"
# without the strata column (R stops: object 'sex' not found) each row in every stratum
printf 'age\n60\n' >"$TMPD/new_1.csv"
run "$PG" survreg -f 'Surv(time, status) ~ age + strata(sex)' --format json \
    --newdata "$TMPD/new_1.csv" "$D/lung.csv"
expect_rc 0 "newdata without strata"; near 'len(d["predictions"])' 2 "the row in both strata"
printf 'age,sex\n60,3\n' >"$TMPD/new_3.csv"
run "$PG" survreg -f 'Surv(time, status) ~ age + strata(sex)' --newdata "$TMPD/new_3.csv" "$D/lung.csv"
expect_rc 2 "newdata in an unfitted stratum"; expect_one_line_err
expect_err "new_3.csv:2: new data: stratum 'sex=3' is not one of the 2 strata"

done_testing
