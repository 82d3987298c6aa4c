#!/usr/bin/env bash
# limits.sh -- issue 20's hand-made inputs, each a regression test: the stated limits
# (include/prognos/limits.h, docs/limits.md) give a one-line exit-2 error instead of a crash,
# a hang or a memory blow-up; the small wrong results are fixed.
PG=$1 SRC=$2; . "$SRC/tests/cli/lib.bash"
M=$SRC/datasets/melanoma.csv
F='Surv(time, status == "died") ~ 1'
chain() { python3 -c "import sys; print(sys.argv[1].join([sys.argv[2]] * int(sys.argv[3])))" "$@"; }

# 1. degenerate trees: 10,000 chained operators (a 20 KB --where) once overflowed the stack
for op in '+:1' '&:T' '^:time' '|:F' '*:1'; do
    run "$PG" km -f "$F" --where "$(chain "${op%%:*}" "${op#*:}" 10000) > 0" "$M"
    expect_rc 2 "--where with 10000 '${op%%:*}'"
    expect_err "too deep"
done
run "$PG" km -f "Surv(time, status == \"died\") ~ $(chain + sex 10000)" "$M"
expect_rc 2 "formula with 10000 '+'"
# ... while a long but legal chain still works (500 terms)
run "$PG" km -f "$F" --where "$(chain + 1 500) > 0" "$M"
expect_rc 0 "--where with 500 '+'"

# 2. a*b*c*...: 2^k - 1 terms; 18 factors once ran for minutes, now a clear error at once
x=sex; for i in $(seq 1 18); do x="$x*I(age > $i)"; done
run timeout 20 "$PG" km -f "Surv(time, status == \"died\") ~ $x" "$M"
expect_rc 2 "18-factor crossing"
expect_err "PG_LIMIT_TERMS"
x=sex; for i in $(seq 1 9); do x="$x*I(age > $((i * 7)))"; done
run timeout 20 "$PG" cox -f "Surv(time, status == \"died\") ~ $x" "$M"
[ "$rc" -ne 124 ] && ok "10-factor crossing (1023 terms) finishes" || fail "10-factor crossing hangs"

done_testing
