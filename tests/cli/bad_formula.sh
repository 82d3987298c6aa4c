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
expect_rc 1 "--where keeping no row (an empty subgroup: the data, not the command)"
expect_err "no rows left to analyse: 480 of 480 excluded by --where"
# A constant that is no level of the column (issue 17: R answers FALSE for every row, and the
# analysis runs with no events, or with fewer than meant): exit 2, the nearest level found
# through accents, case and blanks, the levels listed, the caret under the constant.
es="$TMPD/es.csv"
printf '%s\n' 'meses,recidiva,estado' '10,No,Muerto por enfermedad' '20,Sí,Vivo' \
    '30,Sí,Muerto por otra causa' '40,No,Vivo' '50,Sí,Muerto por enfermedad' >"$es"
run "$PG" km -f 'Surv(meses, recidiva == "Si") ~ 1' -o "$TMPD/out.txt" "$es"
expect_rc 2 "a level without its accent"
expect_err "'Si' is not a level of 'recidiva'; did you mean 'Sí'? (levels: No, Sí)"
expect_err "$(printf '%26s^' '')"   # under the opening quote of "Si"
expect_no_file "$TMPD/out.txt"
run "$PG" km -f 'Surv(meses, estado == "Muerto por Enfermedad") ~ 1' "$es"
expect_rc 2 "a level in another case"
expect_err "did you mean 'Muerto por enfermedad'?"
run "$PG" km -f 'Surv(meses, estado %in% c("Muerto por enfermedad", "Muerto por otra cusa")) ~ 1' "$es"
expect_rc 2 "%in% with one value misspelt"
expect_err "'Muerto por otra cusa' is not a level of 'estado'; did you mean 'Muerto por otra causa'?"
run "$PG" km -f 'Surv(meses, estado == "Vivo ") ~ 1' "$es"
expect_rc 2 "a trailing space"
expect_err "did you mean 'Vivo'?"
run "$PG" km -f 'Surv(meses, status == 1) ~ 1' --where 'recidiva != "si"' "$es"
expect_rc 2 "--where with a misspelt level"
expect_err "--where: 'si' is not a level of 'recidiva'; did you mean 'Sí'?"
run "$PG" km -f 'Surv(meses, estado %in% c("Muerto por enfermedad", "Muerto por otra causa")) ~ 1' \
    --format json "$es"
expect_rc 0 "the right levels"
expect_out '"events": 3'
done_testing
