#!/usr/bin/env bash
# dates.sh -- date columns on the command line: follow-up kept as two dates gives exactly the
# km and cox results of the months column R computed from them (scripts/fixtures/dates.R writes
# tests/data/dates.csv), --where on dates, describe's ranges, --date-format, and the errors:
# ambiguous and invalid dates, a date used as a number (exit 2, located, no partial -o file).
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D="$SRC/tests/data/dates.csv"
FD='Surv((last_contact - diagnosis) / 30.4375, status) ~ sex'
FM='Surv(months, status) ~ sex'

for cmd in km cox logrank; do
    "$PG" $cmd --format json -f "$FD" "$D" >"$TMPD/dates.json" 2>/dev/null
    "$PG" $cmd --format json -f "$FM" "$D" >"$TMPD/months.json" 2>/dev/null
    # the same JSON apart from "input", which records each command's own formula
    if [ -s "$TMPD/dates.json" ] && python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for d in (a, b): d.pop("input", None)
sys.exit(a != b)' "$TMPD/dates.json" "$TMPD/months.json"; then
        ok "$cmd: months from two dates give the JSON of R's months column"
    else
        rc=1; fail "$cmd: dates and months JSON differ"
    fi
done
# R: fit <- survfit(Surv(as.numeric(last_contact - diagnosis) / 30.4375, status) ~ sex, dd)
#    summary(fit)$table[, "median"] is 8.8377823408624234 13.995893223819301
run "$PG" km --format json -f "$FD" "$D"; expect_rc 0 "km on dates"
expect_out '"estimate": 8.8377823408624234'
expect_out '"estimate": 13.995893223819301'
# R: coef(coxph(Surv(as.numeric(last_contact - diagnosis) / 30.4375, status) ~ sex, dd))
#    is -0.56553385690520452; with dd$diagnosis >= as.Date("2006-01-01") -0.68118986266705028
run "$PG" cox --format json -f "$FD" "$D"; expect_rc 0 "cox on dates"
expect_out '-0.5655338569052'
run "$PG" cox --format json -f "$FD" --where 'diagnosis >= date("2006-01-01")' "$D"
expect_rc 0 "--where on a date"; expect_out '-0.6811898626670'; expect_out '"n": 120'
run "$PG" cox --format json -f "$FD" --where 'diagnosis >= "2006-01-01"' "$D"
expect_rc 0 "--where with an ISO string"; expect_out '"n": 120'
# the day-first column is read as the same dates
run "$PG" cox --format json -f 'Surv((last_contact - diagnosis_dmy) / 30.4375, status) ~ sex' "$D"
expect_out '-0.5655338569052'

# R: range(d, na.rm = TRUE); median(d, na.rm = TRUE) for d <- as.Date(dd$diagnosis), and for
#    dd$last_contact: "2004-01-12" "2007-12-11" "2006-02-12"; "2004-05-22" "2010-04-23" "2006-11-10"
run "$PG" describe "$D"; expect_rc 0 "describe"
expect_out "diagnosis     date    226       2"; expect_out "2006-02-12 2004-01-12–2007-12-11"
expect_out "last_contact  date    228       0"; expect_out "2006-11-10 2004-05-22–2010-04-23"

# a date where a number is needed: exit 2, caret under the date, no output file
run "$PG" cox -o "$TMPD/out.txt" -f 'Surv(months, status) ~ diagnosis' "$D"
expect_rc 2 "a date as a covariate"
expect_err "'diagnosis' is a date (a model needs numbers) in term 'diagnosis'; subtract another date"
expect_err "                         ^"
expect_no_file "$TMPD/out.txt"
run "$PG" km -f 'Surv(last_contact, status) ~ 1' "$D"; expect_rc 2 "a date as the time"
expect_err "'last_contact' is a date"
run "$PG" km -f 'Surv(months, status) ~ 1' --where 'diagnosis > 13000' "$D"
expect_rc 2 "a date compared with a number"; expect_err 'as in diagnosis >= date("2010-01-01")'

# ambiguous and invalid dates
printf 'time,status,d\n1,1,03/04/2019\n2,0,01/02/2019\n' >"$TMPD/amb.csv"
run "$PG" km -o "$TMPD/out.txt" -f 'Surv(time, status) ~ 1' "$TMPD/amb.csv"
expect_rc 2 "ambiguous dates"
expect_err "amb.csv:2:3: '03/04/2019' in column 'd' could be day-first or month-first"
expect_err "--date-format %d/%m/%Y or --date-format %m/%d/%Y"
expect_no_file "$TMPD/out.txt"
run "$PG" describe --date-format %m/%d/%Y "$TMPD/amb.csv"; expect_rc 0 "--date-format decides"
# R: median(as.Date(c("2019-01-02", "2019-03-04"))) prints "2019-02-01"
expect_out "d      date    2       0"; expect_out "2019-02-01 2019-01-02–2019-03-04"
run "$PG" describe --date-format %d/%H/%Y "$TMPD/amb.csv"; expect_rc 2 "bad --date-format"
expect_err "unknown conversion '%H'"
printf 'time,status,d\n1,1,2019-02-28\n2,0,2019-02-29\n' >"$TMPD/bad.csv"
run "$PG" km -o "$TMPD/out.txt" -f 'Surv(time, status) ~ 1' "$TMPD/bad.csv"
expect_rc 2 "invalid date"
expect_err "bad.csv:3:3: '2019-02-29' in column 'd' is not a valid date (February 2019 has 28 days)"
expect_no_file "$TMPD/out.txt"
# --categorical keeps the text
run "$PG" describe --categorical d "$TMPD/bad.csv"; expect_rc 0 "--categorical keeps dates text"
expect_out "categorical"
# a column of dates with one cell that is none ("unknown") is text: the errors say which cell
# and how to read it as missing
printf 'time,status,dx,fu\n5,1,2010-01-03,2012-01-01\n7,0,2011-05-02,2012-01-01\n9,1,unknown,2013-01-01\n11,1,2012-03-04,2014-01-01\n13,0,2013-01-01,2015-01-01\n' >"$TMPD/junk.csv"
run "$PG" km -o "$TMPD/out.txt" -f 'Surv(time, status) ~ 1' --where 'dx >= as.Date("2011-01-01")' "$TMPD/junk.csv"
expect_rc 2 "a date compared with a column of dates and 'unknown'"
expect_err "cannot compare date 'as.Date(\"2011-01-01\")' with text 'dx'; it holds dates, but 'unknown' ($TMPD/junk.csv:4) is none"
expect_err "(--na ',NA,N/A,NaN,.,?,unknown')"
expect_no_file "$TMPD/out.txt"
run "$PG" cox -f 'Surv(time, status) ~ I((fu - dx)/365.25)' "$TMPD/junk.csv"
expect_rc 2 "date arithmetic on the column"
expect_err "'-' needs numbers, but 'dx' is text in term 'I((fu - dx)/365.25)'; it holds dates, but 'unknown'"
run "$PG" km -f 'Surv(time, status) ~ 1' --where 'dx >= as.Date("2011-01-01")' --na ',NA,N/A,NaN,.,?,unknown' "$TMPD/junk.csv"
expect_rc 0 "the advice followed"
expect_err "2 rows excluded by --where"
done_testing
