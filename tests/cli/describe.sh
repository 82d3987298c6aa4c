#!/usr/bin/env bash
# describe.sh -- `prognos describe`: help, usage errors, every format, -o, standard input,
# pooling, the CSV options, and the formula summary.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D=$SRC/tests/data

run "$PG" describe --help; expect_rc 0 "--help"; expect_out "usage: prognos describe [OPTIONS] FILE..."
expect_out "--numeric COL"
[ -z "$err" ] && ok "--help writes nothing to stderr" || fail "--help wrote to stderr"
run "$PG" help describe; expect_rc 0 "help describe"; expect_out "usage: prognos describe"
run "$PG" describe; expect_rc 2 "no file"; expect_err "prognos describe: no input file"
expect_err "try 'prognos describe --help'"
run "$PG" describe --bogus "$D/aml.csv"; expect_rc 2 "unknown option"
expect_err "unknown option '--bogus'"; expect_err "try 'prognos describe --help'"
run "$PG" describe --format xml "$D/aml.csv"; expect_rc 2 "bad format"
expect_err "--format must be text, csv, json or md, not 'xml'"
run "$PG" describe --delim '|' "$D/aml.csv"; expect_rc 2 "bad delimiter"
run "$PG" describe --where 'age > 60' "$D/lung.csv"; expect_rc 2 "--where without -f"
expect_err "--where needs a formula"
run "$PG" describe "$D/no_such.csv"; expect_rc 2 "missing file"
expect_err "prognos describe: $D/no_such.csv: cannot open: No such file or directory"

# text
run "$PG" describe "$D/lung.csv"; expect_rc 0 "lung text"
expect_out "228 rows, 10 columns from $D/lung.csv"
expect_out "column    type      n missing       mean (SD)         median (IQR)   range"
expect_out "time      numeric 228       0   305.2 (210.6) 255.5 (166.75–396.5)  5–1022"
expect_out "meal.cal  numeric 181      47   928.8 (402.2)       975 (635–1150) 96–2600"
expect_out "wt.loss   numeric 214      14   9.832 (13.14)          7 (0–15.75)  -24–68"
run "$PG" describe "$D/colon_death.csv"; expect_rc 0 "colon text"
expect_out "rx       categorical 929       0                                          Lev 310 (33.4%), Lev+5FU 304 (32.7%), Obs 315 (33.9%)"
# csv, json, md
run "$PG" describe --format csv "$D/aml.csv"; expect_rc 0 "csv"
expect_out "column,type,n,missing,min,median,max,mean,sd,q1,q3,levels"
expect_out 'x,categorical,23,0,,,,,,,,"Maintained (11), Nonmaintained (12)"'
run "$PG" describe --format json "$D/pbc.csv"; expect_rc 0 "json"
expect_out '"name": "age"'
expect_out '"median": 49.794661190965101'
expect_out '"level": "f"'
run "$PG" describe --format md "$D/aml.csv"; expect_rc 0 "md"
expect_out "| x      | categorical | 23 |       0 |                 |                |       | Maintained 11 (47.8%), Nonmaintained 12 (52.2%) |"

# -o: same bytes as stdout, nothing else left; a failing run leaves nothing
run "$PG" describe "$D/veteran.csv"; want=$out
run "$PG" describe -o "$TMPD/v.txt" "$D/veteran.csv"; expect_rc 0 "-o"
[ -z "$out" ] && ok "-o: nothing on stdout" || fail "-o wrote to stdout"
[ "$(cat "$TMPD/v.txt")" = "$want" ] && ok "-o file equals stdout" || fail "-o file differs"
[ "$(ls "$TMPD" | grep -c '^v.txt')" -eq 1 ] && ok "no temporary file left" || fail "temporary left"
run "$PG" describe -o "$TMPD/bad.txt" "$D/bad/ragged_short.csv"; expect_rc 2 "-o failure"
expect_no_file "$TMPD/bad.txt"
run "$PG" describe -o "$TMPD/no/such/dir/x.txt" "$D/aml.csv"; expect_rc 2 "-o into a missing directory"
expect_err "cannot create output file"

# -o onto a FIFO or a device writes in place (a rename would replace the device by a file)
mkfifo "$TMPD/fifo"
timeout 20 cat "$TMPD/fifo" > "$TMPD/fifo_got" &
run timeout 20 "$PG" describe -o "$TMPD/fifo" "$D/aml.csv"; expect_rc 0 "-o FIFO"
wait
[ -p "$TMPD/fifo" ] && ok "FIFO still a FIFO" || fail "FIFO replaced"
grep -q "23 rows, 3 columns" "$TMPD/fifo_got" && ok "output went through the FIFO" || fail "FIFO output"
if [ "$(id -u)" -eq 0 ] && mknod "$TMPD/null" c 1 3 2>/dev/null; then
    run "$PG" describe -o "$TMPD/null" "$D/aml.csv"; expect_rc 0 "-o a null device"
    [ -c "$TMPD/null" ] && ok "device still a device" || fail "device replaced by a file"
fi

# standard input
run bash -c "'$PG' describe - < '$D/lung.csv'"; expect_rc 0 "stdin"
expect_out "228 rows, 10 columns from -"
expect_out "time      numeric 228       0   305.2 (210.6) 255.5 (166.75–396.5)  5–1022"
run bash -c "cat '$D/csv/late_text.csv' | '$PG' describe -"; expect_rc 0 "stdin through a pipe, re-read"
expect_out "grade  categorical 3       1                                    1.50 1 (33.3%), 2 1 (33.3%), high 1 (33.3%)"

# awkward files and the CSV options
run "$PG" describe "$D/csv/semicolon_decimal_comma.csv"; expect_rc 0 "semicolon file"
expect_out "months  numeric     4       0 14.94 (10.27) 11.25 (9.3125–16.875) 7.25–30"
run "$PG" describe --decimal . "$D/csv/semicolon_decimal_comma.csv"; expect_rc 0 "--decimal ."
expect_out "months  categorical 4       0"
run "$PG" describe --delim tab "$D/csv/tabs.tsv"; expect_rc 0 "--delim tab"
expect_out "sex    categorical 3       0                                            F 2 (66.7%), M 1 (33.3%)"
run "$PG" describe --delim ';' "$D/csv/series_a.csv"; expect_rc 0 "--delim ; on a comma file"
expect_out "id,months,status,grade categorical 2"
run "$PG" describe --na '-' "$D/csv/na_tokens.csv"; expect_rc 0 "--na"
expect_out "b      categorical 2       0                              2 1 (50.0%), NA 1 (50.0%)"
run "$PG" describe --categorical months --numeric status "$D/csv/bom.csv"; expect_rc 0 "--categorical"
expect_out "months categorical 3       0                                    12.5 1 (33.3%), 30 1 (33.3%), 7.25 1 (33.3%)"
run "$PG" describe "$D/csv/quoted_newlines.csv"; expect_rc 0 "quoted newlines"
expect_out 'line one\nline two 1 (25.0%)'
run "$PG" describe "$D/csv/series_a.csv" "$D/csv/series_b.csv" "$D/csv/series_c.csv"
expect_rc 0 "pooled"
expect_out "7 rows, 6 columns from"
expect_out "source categorical 7       0                                  series_a 2 (28.6%), series_b 3 (42.9%), series_c 2 (28.6%)"
expect_out "grade  categorical 4       3                                  1 1 (25.0%), 2 1 (25.0%), 3 1 (25.0%), high 1 (25.0%)"

# the formula summary (the model frame of -f)
run "$PG" describe -f 'Surv(time, status) ~ sex + ph.ecog' "$D/lung.csv"
expect_rc 0 "-f"
expect_out "Formula: Surv(time, status) ~ sex + ph.ecog"
expect_out "n = 227, events = 164, censored = 63"
expect_out "1 row dropped for missing values; missing in the data: time 0, status 0, sex 0, ph.ecog 1"
# R: d <- subset(lung, age > 60 & !is.na(ph.ecog)); nrow(d), sum(d$status == 2)
run "$PG" describe --format json -f 'Surv(time, status) ~ ph.ecog' --where 'age > 60' "$D/lung.csv"
expect_rc 0 "-f --where json"
expect_out '"n": 134'
expect_out '"events": 101'
expect_out '"excluded_where": 94'
run "$PG" describe -f 'Surv(time, status) ~ nosuch' "$D/lung.csv"
expect_rc 2 "-f unknown column"
done_testing
