#!/usr/bin/env bash
# bad_formula.sh -- every malformed formula in tests/data/bad_formulas.txt through
# `prognos describe -f FORMULA -o FILE datasets/lms_synthetic.csv`: exit status 2, the expected
# message on stderr, a caret under the expected column, and no output file left behind.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"

DATA="$SRC/datasets/lms_synthetic.csv"
n=0
while IFS=$'\t' read -r formula msg col; do
    case "$formula" in '#'* | '') continue ;; esac
    n=$((n + 1))
    run "$PG" describe -f "$formula" -o "$TMPD/out.txt" "$DATA"
    expect_rc 2 "$formula"
    expect_err "$msg"
    if [ -n "${col:-}" ] && [ "$col" -gt 0 ]; then
        caret=$(printf '  %*s^' $((col - 1)) '')
        if grep -qxF -- "$caret" "$TMPD/err" && grep -qxF -- "  $formula" "$TMPD/err"; then
            ok "caret under column $col"
        else
            fail "caret under column $col"
        fi
    fi
    expect_no_file "$TMPD/out.txt"
done <"$SRC/tests/data/bad_formulas.txt"
[ "$n" -ge 20 ] && ok "$n malformed formulas" || fail "only $n malformed formulas"

# --where errors name the option and show no caret under the formula.
run "$PG" describe -f 'Surv(months, status == "DOD") ~ sex' --where 'agee > 60' \
    -o "$TMPD/out.txt" "$DATA"
expect_rc 2 "--where with an unknown column"
expect_err "--where: unknown variable 'agee'; did you mean 'age'?"
expect_no_file "$TMPD/out.txt"
run "$PG" describe -f 'Surv(months, status == "DOD") ~ sex' --where 'age > 200' "$DATA"
expect_rc 2 "--where keeping no row"
expect_err "no rows left to analyse: 480 of 480 excluded by --where"
done_testing
