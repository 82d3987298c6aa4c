#!/usr/bin/env bash
# table.sh -- `prognos table`: formats, footnotes, Firth under separation, errors, atomic -o.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
lms="$SRC/datasets/lms_synthetic.csv"
F='Surv(months, status == "DOD") ~ depth + I(size_cm > 5) + fnclcc(diff, mitoses, necrosis) + I(necrosis > 0) + sex + strata(source)'

run "$PG" table -f "$F" "$lms"; expect_rc 0 "text table"
expect_out "60-month survival, % (95% CI)"
expect_out "subcutaneous 175 (36.5)     38"
expect_out "4.26 (1.47–12.37) 0.008"            # R: coxph(...)$conf.int depth, summary p
expect_out "< 0.001 (trend)"
expect_out "stratified by source"
for fmt in md csv tex html json; do
    run "$PG" table -f "$F" "$lms" --format "$fmt" -o "$TMPD/t.$fmt"; expect_rc 0 "format $fmt"
    [ -s "$TMPD/t.$fmt" ] && ok "$fmt written" || fail "$fmt empty"
done
grep -q '\\toprule' "$TMPD/t.tex" && ok "booktabs" || fail "no booktabs rule"
grep -q '<table' "$TMPD/t.html" && ok "html table" || fail "no html table"
grep -q '"multivariable"' "$TMPD/t.json" && ok "json multivariable" || fail "json lacks multivariable"
head -1 "$TMPD/t.csv" | grep -q '^term,level,reference,n,pct,events,logrank_p,surv_60' \
    && ok "csv header" || fail "csv header"

run "$PG" table -f "$F" "$lms" --multivariable none; expect_rc 0 "no multivariable"
case "$out" in *Multivariable*) fail "multivariable column present";; *) ok "no mv column";; esac
run "$PG" table -f "$F" "$lms" --multivariable 'sex + age' -o "$TMPD/bad.md"
expect_rc 2 "mv term not in formula"; expect_err "'age' is not a factor"
expect_no_file "$TMPD/bad.md"

run "$PG" table -f 'Surv(followup_months, metastasis == "yes") ~ depth + sex' \
    "$SRC/datasets/case_reports.csv" --times 36,72
expect_rc 0 "case reports"; expect_out "†"; expect_out "Firth"
expect_out "one level only"; expect_err "26 observations deleted due to missingness"

run "$PG" table -f 'Surv(time, status) ~ sex' "$SRC/tests/data/lung.csv"
expect_rc 0 "unknown time unit: the table runs"; expect_out "Survival at fixed times is not shown"
run "$PG" table -f 'Surv(time, status) ~ sex' "$SRC/tests/data/lung.csv" --times 365 --format xls
expect_rc 2 "bad format"; expect_err "--format must be text, md, csv, tex, html, json, docx or xlsx, not 'xls'"
run "$PG" table -f 'Surv(time, status) ~ sex' "$SRC/tests/data/lung.csv" --times 1x
expect_rc 2 "bad times"; expect_err "--times must be numbers >= 0 separated by commas, not '1x'"
run "$PG" table -f 'Surv(time, status) ~ strata(inst)' "$SRC/tests/data/lung.csv" --times 365
expect_rc 2 "no factors"; expect_err "names no factors"
run "$PG" table -f 'Surv(time, status) ~ sex * age' "$SRC/tests/data/lung.csv" --times 365
expect_rc 2 "interaction"; expect_err "not a main effect"
run "$PG" table --help; expect_rc 0 "help"; expect_out "--multivariable"
# A CI level of 97.5% is written as given in every head and footnote (it printed 98%)
run "$PG" table -f 'Surv(time, status) ~ sex' --conf-level 0.975 --times 365 "$SRC/tests/data/lung.csv"
expect_rc 0 "table at 97.5%"; expect_out "Univariate HR (97.5% CI)"; expect_out "Median (97.5% CI)"
expect_out "with 97.5% confidence intervals"
# tex and html from the table's cells: a 2000-byte label whole (the CSV round trip cut cells at
# 511 bytes), and commas in cells ("Survival at 365, %") no longer add tex columns
long=$(printf 'Sexo%.0s' $(seq 500))
for fm in tex html; do
    run "$PG" table -f 'Surv(time, status) ~ sex' "$SRC/tests/data/lung.csv" --times 365 \
        --format $fm --label "sex=$long"
    expect_rc 0 "$fm with a long label"; expect_out "$long"
done
run "$PG" table -f 'Surv(time, status) ~ sex' "$SRC/tests/data/lung.csv" --times 365 \
    --format tex --label 'sex=Sex, as recorded'
expect_rc 0 "tex with a comma"; expect_out 'Sex, as recorded'
ncols=$(printf '%s\n' "$out" | grep -c '^\\begin{tabular}{llrrrrrrrrr}$' || true)
[ "$ncols" = 1 ] && ok "tex has one column spec of the table's width" || fail "tex column spec"
done_testing
