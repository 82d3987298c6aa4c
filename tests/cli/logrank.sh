#!/usr/bin/env bash
# logrank.sh -- `prognos logrank`: R's survdiff numbers and print layout, the options, and the
# bad inputs of issue 3 (no grouping term, a single group, unknown weights, no events).
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D=$SRC/tests/data

# R: print(survdiff(Surv(time, cens) ~ treat, data = MASS::gehan))
run "$PG" logrank -f 'Surv(time, cens) ~ treat' "$D/gehan.csv"; expect_rc 0 "gehan"
expect_out "treat=6-MP    21        9     19.3      5.46      16.8"
expect_out "treat=control 21       21     10.7      9.77      16.8"
expect_out " Chisq= 16.8  on 1 degrees of freedom, p= 4e-05"
# R: survdiff(Surv(time, status) ~ x, data = aml, rho = 1)
run "$PG" logrank -f 'Surv(time, status) ~ x' --rho 1 "$D/aml.csv"; expect_rc 0 "aml rho 1"
expect_out "x=Maintained    11     3.85     6.14     0.859      2.78"
expect_out " Chisq= 2.8  on 1 degrees of freedom, p= 0.1"
expect_out "Weights: G-rho, S(t-)^1 (survdiff rho = 1)"
# R: survdiff(Surv(time, status) ~ rx + strata(sex), data = colon[colon$etype == 2, ])
run "$PG" logrank -f 'Surv(time, status) ~ rx + strata(sex)' "$D/colon_death.csv"
expect_rc 0 "colon stratified"
expect_out " Chisq= 11.8  on 2 degrees of freedom, p= 0.003"
# R: survdiff(Surv(time, status) ~ sex, data = lung) -- status 1/2 coded
run "$PG" logrank -f 'Surv(time, status) ~ sex' "$D/lung.csv"; expect_rc 0 "lung"
expect_out " Chisq= 10.3  on 1 degrees of freedom, p= 0.001"

# R: print(survdiff(Surv(time, status) ~ ph.ecog, data = lung)) -- one row dropped for NA
run "$PG" logrank -f 'Surv(time, status) ~ ph.ecog' "$D/lung.csv"; expect_rc 0 "lung ph.ecog"
expect_out "n=227, 1 observation deleted due to missingness."
expect_out "ph.ecog=1 113       82   83.528    0.0279    0.0573"
expect_out "ph.ecog=3   1        1    0.172    3.9733    4.0040"
expect_out " Chisq= 22  on 3 degrees of freedom, p= 7e-05"
expect_err "1 observation deleted due to missingness"

# weights, trend, pairwise, exact
run "$PG" logrank -f 'Surv(time, status) ~ celltype' --weights gehan "$D/veteran.csv"
expect_rc 0 "gehan weights"; expect_out "Weights: Gehan-Breslow"
run "$PG" logrank -f 'Surv(time, status) ~ celltype' --weights fh --rho 1 --gamma 1 \
    --format json "$D/veteran.csv"
expect_rc 0 "fh json"; expect_out '"weights": "fh"'; expect_out '"gamma": 1'
run "$PG" logrank -f 'Surv(time, status) ~ celltype' --trend --scores 1,2,3,4 --pairwise \
    --adjust bonferroni "$D/veteran.csv"
expect_rc 0 "trend and pairwise"; expect_out "Test for trend (scores 1, 2, 3, 4):"
expect_out "Pairwise comparisons (Bonferroni adjustment):"; expect_out "p (bonferroni)"
run "$PG" logrank -f 'Surv(time, status) ~ x' --exact "$D/aml.csv"
expect_rc 0 "exact"; expect_out "Exact permutation test: p= "
expect_out "(exact, network algorithm over all 1352078 arrangements of the groups)"
# coin::logrank_test(Surv(time, status) ~ x, data = aml, distribution = "exact"): 0.06469301
expect_out "p= 0.0647 "
run "$PG" logrank -f 'Surv(time, status) ~ x' --exact --monte-carlo 3000 --format json "$D/aml.csv"
expect_rc 0 "monte carlo asked"; expect_out '"method": "monte-carlo"'; expect_out '"reason": "asked"'
expect_out '"draws": 3000'; expect_out '"mc_se": '
run "$PG" logrank -f 'Surv(time, status) ~ x' --exact --monte-carlo 3000 "$D/aml.csv"
expect_rc 0 "monte carlo asked, text"
expect_out "(Monte Carlo, 3000 random arrangements, Monte Carlo standard error 0.00"
run "$PG" logrank -f 'Surv(time, status) ~ x' --exact --format json "$D/aml.csv"
expect_rc 0 "exact json"; expect_out '"method": "network"'; expect_out '"arrangements": 1352078'
expect_out '"exact_p": 0.0646930132729'
# coin::logrank_test(Surv(time, cens) ~ treat, data = MASS::gehan, distribution = "exact"):
# 2.6120045182327e-05 (C(42, 21) = 538257874440 arrangements)
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --exact --format json "$D/gehan.csv"
expect_rc 0 "gehan exact"; expect_out '"method": "network"'; expect_out '"exact_p": 2.61200451'
expect_out '"arrangements": 538257874440'
# veteran, trt: 137 patients, p near 0.9: the network outgrows its limit (coin gives up too)
run "$PG" logrank -f 'Surv(time, status) ~ trt' --exact --permutations 2000 --seed 3 \
    --format json "$D/veteran.csv"
expect_rc 0 "monte carlo"; expect_out '"method": "monte-carlo"'; expect_out '"seed": 3'
expect_out '"draws": 2000'; expect_out '"reason": "exact out of reach"'
run "$PG" logrank -f 'Surv(time, status) ~ trt' --exact --permutations 2000 "$D/veteran.csv"
expect_rc 0 "monte carlo, text"
expect_out "(Monte Carlo as the exact p-value is out of reach, 2000 random arrangements,"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --format csv "$D/gehan.csv"
expect_rc 0 "csv"; expect_out "section,group,group2,n,observed,expected"
expect_out "group,treat=6-MP,,21,9,"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --format md "$D/gehan.csv"
expect_rc 0 "md"; expect_out "| treat=6-MP    | 21 |"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' -o "$TMPD/g.json" --format json "$D/gehan.csv"
expect_rc 0 "-o"; [ -s "$TMPD/g.json" ] && ok "output file written" || fail "no output file"

# bad inputs
run "$PG" logrank -f 'Surv(time, cens) ~ 1' -o "$TMPD/none.txt" "$D/gehan.csv"
expect_rc 1 "no grouping term"; expect_err "logrank needs at least two groups"
expect_no_file "$TMPD/none.txt"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --where 'treat == "control"' "$D/gehan.csv"
expect_rc 1 "single group"; expect_err "every row is in group 'treat=control'"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --weights magic "$D/gehan.csv"
expect_rc 2 "unknown weights"
expect_err "--weights must be logrank, gehan, tarone-ware or fh, not 'magic'"
expect_err "try 'prognos logrank --help'"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --weights gehan --rho 1 "$D/gehan.csv"
expect_rc 2 "rho with gehan"; expect_err "--rho does not apply to --weights gehan"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --adjust BH "$D/gehan.csv"
expect_rc 2 "unknown adjustment"; expect_err "--adjust must be holm, bonferroni or none, not 'BH'"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --rho -1 "$D/gehan.csv"
expect_rc 2 "negative rho"; expect_err "--rho must be a number >= 0"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --permutations 0 "$D/gehan.csv"
expect_rc 2 "zero permutations"; expect_err "--permutations must be a positive whole number"
run "$PG" logrank -f 'Surv(time, status) ~ celltype' --scores 1,2 "$D/veteran.csv"
expect_rc 2 "scores count"; expect_err "2 trend scores given for 4 groups"
printf 'time,status,g\n1,0,a\n2,0,b\n3,0,a\n4,0,b\n' > "$TMPD/cens.csv"
run "$PG" logrank -f 'Surv(time, status) ~ g' -o "$TMPD/cens.out" "$TMPD/cens.csv"
expect_rc 1 "all censored"; expect_err "no events"; expect_no_file "$TMPD/cens.out"
run "$PG" logrank "$D/gehan.csv"; expect_rc 2 "no formula"; expect_err "a formula is required"
run "$PG" logrank --bogus; expect_rc 2 "unknown option"; expect_err "unknown option '--bogus'"
run "$PG" logrank --help; expect_rc 0 "help"; expect_out "--weights W"
head -13 "$SRC/datasets/melanoma.csv" | awk -F, 'NR==1{print "time,status,g"; next}
  {st=($2=="\"other\"")?0:1; g=(NR%3==0)?"a":(NR%3==1)?"b":"c"; print $1","st","g}' > "$TMPD/k3.csv"
run "$PG" logrank -f 'Surv(time, status) ~ g' --exact "$TMPD/k3.csv"
expect_rc 0 "exact, three groups"
expect_out "p= 0.924 (exact, network algorithm over all 34650 arrangements of the groups)"
done_testing
