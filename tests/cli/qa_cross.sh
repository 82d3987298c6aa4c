#!/usr/bin/env bash
# qa_cross.sh -- cross-command cases found in QA: small series, pooled files, output files.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D=$SRC/tests/data

# a header-only file pooled with another adds no rows (was a NULL memcpy under UBSan)
printf 'time,status,x\n' >"$TMPD/empty.csv"
run "$PG" km -f 'Surv(time, status) ~ x' "$TMPD/empty.csv" "$D/aml.csv"
expect_rc 0 "pooled header-only file"; expect_out "x=Maintained    11"
case "$err" in *"runtime error"*) fail "sanitizer report";; *) ok "no sanitizer report";; esac

# n = 2 with g and x the same split: the table is built, the singular model is explained
printf 'time,status,g,x\n5,1,a,1\n7,0,b,2\n' >"$TMPD/two.csv"
run "$PG" table -f 'Surv(time, status) ~ g + x' --times 5 --time-unit days "$TMPD/two.csv"
expect_rc 0 "table of a two-patient series"
expect_out "Multivariable model: no hazard ratios can be estimated"
expect_out "5-day survival"
# one patient: every factor constant
printf 'time,status,g,x\n5,1,a,1\n' >"$TMPD/one.csv"
run "$PG" table -f 'Surv(time, status) ~ g + x' --times 5 --time-unit months "$TMPD/one.csv"
expect_rc 0 "table of a one-patient series"; expect_out "one level only"

# a failing command keeps an existing output file as it was
echo old >"$TMPD/keep.txt"
run "$PG" km -f 'Surv(time, status) ~ nosuch' -o "$TMPD/keep.txt" "$D/aml.csv"
expect_rc 2 "unknown variable with -o"
[ "$(cat "$TMPD/keep.txt")" = old ] && ok "existing -o file untouched" || fail "-o file changed"

# every command's JSON parses (python3 is required by the build)
for args in "describe -f Surv(time,status)~x" "km -f Surv(time,status)~x --times 12 --cumhaz" \
            "logrank -f Surv(time,status)~x --pairwise --trend" \
            "cox -f Surv(time,status)~x --robust" "zph -f Surv(time,status)~x" \
            "table -f Surv(time,status)~x --times 12 --time-unit weeks"; do
    # shellcheck disable=SC2086
    run "$PG" $args --format json "$D/aml.csv"
    printf '%s' "$out" | python3 -m json.tool >/dev/null 2>&1 && ok "json: $args" \
        || fail "invalid json: $args"
done
# zph's JSON counts the rows dropped for missing values, as km, logrank and cox do
run "$PG" zph -f 'Surv(time, status) ~ ph.ecog' --format json "$D/lung.csv"
expect_rc 0 "zph json on lung"; expect_out '"n": 227'; expect_out '"missing": 1'
# --newdata without a model variable names the new data file
run "$PG" cox -f 'Surv(time, status) ~ x' --newdata "$D/lung.csv" "$D/aml.csv"
expect_rc 2 "newdata lacking x"; expect_err "lung.csv: new data: unknown variable 'x'"
done_testing
