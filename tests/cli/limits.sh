#!/usr/bin/env bash
# limits.sh -- issue 20's hand-made inputs, each a regression test: the stated limits
# (include/prognos/limits.h, docs/limits.md) give a one-line exit-2 error instead of a crash,
# a hang or a memory blow-up; the small wrong results are fixed.
PG=$1 SRC=$2; . "$SRC/tests/cli/lib.bash"
M=$SRC/datasets/melanoma.csv
F='Surv(time, status == "melanoma") ~ 1'
chain() { python3 -c "import sys; print(sys.argv[1].join([sys.argv[2]] * int(sys.argv[3])))" "$@"; }

# 1. degenerate trees: 10,000 chained operators (a 20 KB --where) once overflowed the stack
for op in '+:1' '&:T' '^:time' '|:F' '*:1'; do
    run "$PG" km -f "$F" --where "$(chain "${op%%:*}" "${op#*:}" 10000) > 0" "$M"
    expect_rc 2 "--where with 10000 '${op%%:*}'"
    expect_err "too deep"
done
run "$PG" km -f "Surv(time, status == \"melanoma\") ~ $(chain + sex 10000)" "$M"
expect_rc 2 "formula with 10000 '+'"
expect_err "too deep"
# ... while a long but legal chain still works (500 terms)
run "$PG" km -f "$F" --where "$(chain + 1 500) > 0" "$M"
expect_rc 0 "--where with 500 '+'"

# 2. a*b*c*...: 2^k - 1 terms; 18 factors once ran for minutes, now a clear error at once
x=sex; for i in $(seq 1 18); do x="$x*I(age > $i)"; done
run timeout 20 "$PG" km -f "Surv(time, status == \"melanoma\") ~ $x" "$M"
expect_rc 2 "18-factor crossing"
expect_err "PG_LIMIT_TERMS"
x=sex; for i in $(seq 1 9); do x="$x*I(age > $((i * 7)))"; done
run timeout 20 "$PG" km -f "Surv(time, status == \"melanoma\") ~ $x" "$M"
[ "$rc" -ne 124 ] && ok "10-factor crossing (1023 terms) finishes" || fail "10-factor crossing hangs"

# 3. no design matrix where the method needs none: km, logrank, cif and describe ran out of
# memory on a factor with 50,000 levels (n x p doubles); the matrix that is built is bounded
# before it is allocated, with an error naming rows, columns and bytes
python3 -c "
print('time,status,id,g')
for i in range(15000): print('%d,%d,p%d,%s' % (1 + (i * 7919) % 500, (i * 31) % 3 > 0, i, 'ab'[i % 2]))
" > "$TMPD/many.csv"
for cmd in km logrank describe; do
    run env PROGNOS_MAX_MATRIX_BYTES=1K "$PG" $cmd -f 'Surv(time, status) ~ g' "$TMPD/many.csv"
    expect_rc 0 "$cmd builds no design matrix"
done
run env PROGNOS_MAX_MATRIX_BYTES=1K "$PG" cif -f 'Surv(time, status) ~ g' "$TMPD/many.csv"
expect_rc 0 "cif builds no design matrix"
run env PROGNOS_MAX_MATRIX_BYTES=1K "$PG" cox -f 'Surv(time, status) ~ g' "$TMPD/many.csv"
expect_rc 2 "cox over PROGNOS_MAX_MATRIX_BYTES"
expect_err "the design matrix would have 15000 rows x 1 columns (117 KiB), more than the limit of 1 KiB"
run env PROGNOS_MAX_MATRIX_BYTES=1K "$PG" table -f 'Surv(time, status) ~ g' --times 100 "$TMPD/many.csv"
expect_rc 2 "table over PROGNOS_MAX_MATRIX_BYTES"
expect_err "the design matrix would have 15000 rows x 1 columns (117 KiB), more than the limit of 1 KiB"
run timeout 20 env PROGNOS_MAX_MATRIX_BYTES=100M "$PG" cox -f 'Surv(time, status) ~ id' "$TMPD/many.csv"
expect_rc 2 "cox with a 15000-level factor"
expect_err "term 'id' has 14999 columns"
run timeout 20 "$PG" logrank -f 'Surv(time, status) ~ id' "$TMPD/many.csv"
expect_rc 2 "logrank with 15000 groups"
expect_err "15000 groups need three 15000 x 15000 matrices (5.03 GiB)"
run env PROGNOS_MAX_MATRIX_BYTES=lots "$PG" km -f 'Surv(time, status) ~ g' "$TMPD/many.csv"
expect_rc 2 "a bad PROGNOS_MAX_MATRIX_BYTES"
expect_err "PROGNOS_MAX_MATRIX_BYTES must be a positive number of bytes"

# 4. a wide header: 100,000 columns took minutes (duplicate-name check and pooled-column
# look-up compared every name with every other); hashed, they take well under a second
python3 -c "
n = 100000
print('time,status,' + ','.join('c%d' % i for i in range(n)))
for r in range(5): print('%d,1,' % (r + 1) + ','.join(str((i * r) % 7) for i in range(n)))
" > "$TMPD/wide.csv"
run timeout 30 "$PG" km -f 'Surv(time, status) ~ 1' "$TMPD/wide.csv" "$TMPD/wide.csv"
expect_rc 0 "100,000 columns, two files pooled"
printf 'time,status,%s,c99999\n1,1,%s,1\n' "$(seq -s, -f 'c%g' 0 99999)" "$(seq -s, 0 99999)" > "$TMPD/dup.csv"
run timeout 30 "$PG" km -f 'Surv(time, status) ~ 1' "$TMPD/dup.csv"
expect_rc 2 "a duplicate among 100,000 columns"
expect_err "duplicate column name 'c99999' (columns 100002 and 100003)"

# 6. a one-row dataset is compared like any other: its text column is a column, not a constant
printf 'time,status,g\n5,1,a\n' > "$TMPD/one.csv"
run "$PG" km -f 'Surv(time, status) ~ 1' --where 'g == 2' "$TMPD/one.csv"
expect_rc 2 "one row: g == 2"
expect_err "'2' is not a level of 'g' (levels: a)"
run "$PG" km -f 'Surv(time, status) ~ 1' --where 'g == "a"' "$TMPD/one.csv"
expect_rc 0 "one row: g == \"a\""
# R: NA^0 is 1 and 1^NA is 1, so the condition keeps every row
run "$PG" km -f "$F" --where 'NA^0 == 1 & 1^NA == 1' "$M"
expect_rc 0 "NA^0 and 1^NA"
case "$err" in *excluded*) fail "NA^0 == 1 excluded rows";; *) ok "NA^0 == 1 & 1^NA == 1 keeps every row";; esac

# 8. Markdown: '|' and line breaks in level names are escaped, so they end no cell or row
printf 'time,status,g\n5,1,"a|b"\n6,1,"c\nd"\n7,0,"a|b"\n' > "$TMPD/md.csv"
for cmd in km logrank; do
    run "$PG" $cmd -f 'Surv(time, status) ~ g' --format md "$TMPD/md.csv"
    expect_rc 0 "$cmd --format md with | and a line break in levels"
    expect_out '| g=a\|b |'
    expect_out '| g=c\nd |'
    case "$out" in *"c
d"*) fail "$cmd: a raw line break in Markdown";; *) ok "$cmd: no raw line break";; esac
done

# 8. --trend with huge scores: s'(O - E) overflowed (Chisq= NA); the statistic is unchanged by
# shifting and scaling the scores, so 1e308, -1e308, 0, 5 gives what 1, -1, 0, 0 gives
L='Surv(time, status == "melanoma") ~ ulcer + sex'
run "$PG" logrank -f "$L" --trend --scores 1e308,-1e308,0,5 "$M"
expect_rc 0 "--trend --scores 1e308,-1e308,0,5"
huge=$(printf '%s\n' "$out" | tail -1)
run "$PG" logrank -f "$L" --trend --scores 1,-1,0,0 "$M"
[ "$huge" = "$(printf '%s\n' "$out" | tail -1)" ] && [ "${huge#*NA}" = "$huge" ] \
    && ok "huge trend scores: $huge" || fail "huge trend scores: $huge"
run "$PG" logrank -f "$L" --trend --scores 2,2,2,2 "$M"
expect_rc 2 "equal trend scores"
expect_err "the trend scores of the groups with rows are all 2"

# 7. standard input is bounded (it is copied to a temporary file and held in memory)
run env PROGNOS_MAX_STDIN_BYTES=2K "$PG" km -f "$F" - < "$M"
expect_rc 2 "stdin over PROGNOS_MAX_STDIN_BYTES"
expect_err "standard input is longer than 2048 bytes (PG_LIMIT_STDIN_BYTES"
run env PROGNOS_MAX_STDIN_BYTES=1M "$PG" km -f "$F" - < "$M"
expect_rc 0 "stdin under PROGNOS_MAX_STDIN_BYTES"

done_testing
