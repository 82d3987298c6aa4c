#!/usr/bin/env bash
# published.sh -- published numbers reproduced from the bundled public datasets.
#  6-MP trial (Freireich et al. 1963; Gehan 1965): log-rank chi-square 16.8 on 1 df; median
#  remission 23 weeks on 6-MP and 8 weeks on placebo.
#  Odense melanoma (Andersen et al. 1993): 205 patients, 57 deaths from melanoma, 14 from other
#  causes; ulceration and thickness the strongest factors (R: coxph values in the comments).
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
g="$SRC/datasets/gehan_6mp.csv"
m="$SRC/datasets/melanoma.csv"

run "$PG" logrank -f 'Surv(weeks, relapse) ~ treat' "$g"; expect_rc 0 "6-MP log-rank"
expect_out "Chisq= 16.8  on 1 degrees of freedom"
run "$PG" logrank -f 'Surv(weeks, relapse) ~ treat' "$g" --format json
printf '%s' "$out" | grep -q '"chisq": 16.79' && ok "chisq 16.79 (R survdiff: 16.79)" \
    || fail "chisq not 16.79"
run "$PG" km -f 'Surv(weeks, relapse) ~ treat' "$g"; expect_rc 0 "6-MP medians"
expect_out "treat=6-MP    21      9     23"
expect_out "treat=control 21     21      8"

run "$PG" describe -f 'Surv(time, status == "melanoma") ~ ulcer' "$m"; expect_rc 0 "melanoma"
expect_out "n = 205, events = 57"
run "$PG" describe "$m"; expect_out "alive 134 (65.4%), melanoma 57 (27.8%), other 14 (6.8%)"
# R: coxph(Surv(time, status == 1) ~ ulcer + log(thickness) + sex + age, MASS::Melanoma)
run "$PG" cox -f 'Surv(years, status == "melanoma") ~ ulcer + log(thickness) + sex + age' "$m"
expect_rc 0 "melanoma cox"
expect_out "ulcer=present  0.943653  2.569350 0.322538 2.926  0.00344"   # R coef 0.9436531
expect_out "log(thickness) 0.554953  1.741859 0.179516 3.091  0.00199"   # R coef 0.5549527
done_testing
