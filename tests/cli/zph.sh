#!/usr/bin/env bash
# zph.sh -- `prognos zph`: usage errors, R's print(cox.zph) on bundled data, formats, residuals,
# atomic output. Expected tables are R's: cox.zph(coxph(...)) with survival 3.5.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D=$SRC/tests/data

run "$PG" zph --help; expect_rc 0 "--help"; expect_out "usage: prognos zph"
expect_out "--transform"
run "$PG" zph --frob; expect_rc 2 "unknown option"; expect_err "unknown option '--frob'"
expect_err "try 'prognos zph --help'"
run "$PG" zph -f 'Surv(time, status) ~ age' --transform foo "$D/lung.csv"
expect_rc 2 "bad transform"; expect_err "--transform must be km, rank, identity or log, not 'foo'"
run "$PG" zph -f 'Surv(time, status) ~ age' --ties average "$D/lung.csv"
expect_rc 2 "bad ties"; expect_err "--ties must be efron, breslow or exact, not 'average'"
run "$PG" zph -f 'Surv(time, status) ~ age'; expect_rc 2 "no input file"
expect_err "no input file"
run "$PG" zph "$D/lung.csv"; expect_rc 2 "no formula"; expect_err "a formula is required"

# R: cox.zph(coxph(Surv(time, status) ~ age + sex + ph.ecog, lung))
run "$PG" zph -f 'Surv(time, status) ~ age + sex + ph.ecog' "$D/lung.csv"
expect_rc 0 "lung"
want='        chisq df    p
age     0.188  1 0.66
sex     2.305  1 0.13
ph.ecog 2.054  1 0.15
GLOBAL  4.464  3 0.22'
[ "$out" = "$want" ] && ok "lung table as R prints it" || fail "lung table differs"
expect_err "1 observation deleted due to missingness"

# R: cox.zph(coxph(Surv(time, status) ~ factor(celltype) + karno + trt, veteran)): 3 df factor
run "$PG" zph -f 'Surv(time, status) ~ factor(celltype) + karno + trt' "$D/veteran.csv"
expect_rc 0 "veteran"; expect_out "factor(celltype) 14.532  3 0.00226"
expect_out "GLOBAL           22.860  5 0.00036"
# R: cox.zph(fit, transform = "identity")
run "$PG" zph -f 'Surv(time, status) ~ celltype + karno + trt' --transform identity "$D/veteran.csv"
expect_rc 0 "identity"; expect_out "trt       0.00493  1 0.94402"
# R: cox.zph(coxph(Surv(futime, fustat) ~ age + ecog.ps + rx, ovarian), transform = "log")
run "$PG" zph -f 'Surv(futime, fustat) ~ age + ecog.ps + rx' --transform log --format md \
    "$D/ovarian.csv"
expect_rc 0 "md"; expect_out "| GLOBAL  | 3.299 |  3 | 0.35 |"
# R: cox.zph(coxph(Surv(time, status) ~ age + ph.ecog + strata(sex), lung))$table
run "$PG" zph -f 'Surv(time, status) ~ age + ph.ecog + strata(sex)' --format json "$D/lung.csv"
expect_rc 0 "json"; expect_out '"transform": "km"'; expect_out '"term": "ph.ecog"'
expect_out '"chisq": 2.20047890207994'
run "$PG" zph -f 'Surv(time, status) ~ age + sex' --transform rank --format csv "$D/lung.csv"
expect_rc 0 "csv"; expect_out "term,chisq,df,p"; expect_out "GLOBAL,"

# Scaled Schoenfeld residuals: one row per event (165 in lung). R: cox.zph(fit)$y[1, ]
run "$PG" zph -f 'Surv(time, status) ~ age + sex' --residuals "$D/lung.csv"
expect_rc 0 "residuals"; expect_out "time,transformed_time,age,sex"
n=$(printf '%s\n' "$out" | wc -l)
[ "$n" -eq 166 ] && ok "one row per event" || fail "want 166 lines, got $n"
# R: z <- cox.zph(coxph(Surv(time, status) ~ x, aml, ties = "breslow")); z$y[3]
run "$PG" zph -f 'Surv(time, status) ~ x' --ties breslow --residuals "$D/aml.csv"
expect_rc 0 "breslow residuals"; expect_out "8,0.086956521739130"; expect_out ",2.359534326633"

# Output file: written atomically; nothing left when the analysis fails (no events).
run "$PG" zph -f 'Surv(time, status) ~ x' -o "$TMPD/z.txt" "$D/aml.csv"
expect_rc 0 "-o"; grep -q GLOBAL "$TMPD/z.txt" && ok "-o file written" || fail "-o file"
run "$PG" zph -f 'Surv(time, status) ~ x' --where 'status == 0' -o "$TMPD/none.txt" "$D/aml.csv"
expect_rc 1 "no events"; expect_err "no events"; expect_no_file "$TMPD/none.txt"
run "$PG" zph -f 'Surv(time, status) ~ nosuch' "$D/lung.csv"
expect_rc 2 "unknown variable"; expect_err "unknown variable 'nosuch'"
done_testing
