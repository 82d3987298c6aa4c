#!/usr/bin/env bash
# km.sh -- `prognos km`: options, exit codes, output formats and atomic -o.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
AML="$SRC/tests/data/aml.csv"
F='Surv(time, status) ~ x'

run "$PG" km --help; expect_rc 0 "--help"; expect_out "usage: prognos km"; expect_out "--conf-type"
run "$PG" help km; expect_rc 0 "help km"; expect_out "--rmst-tau"
run "$PG" km --bogus -f "$F" "$AML"; expect_rc 2 "unknown option"
expect_err "unknown option '--bogus'"
expect_err "try 'prognos km --help'"
run "$PG" km --conf-type loglog -f "$F" "$AML"; expect_rc 2 "bad --conf-type"
expect_err "--conf-type must be log, log-log, plain, logit, arcsin or none, not 'loglog'"
run "$PG" km --quantiles 0.5,1.5 -f "$F" "$AML"; expect_rc 2 "quantile out of range"
expect_err "--quantiles must be numbers in (0, 1) separated by commas, not '0.5,1.5'"
run "$PG" km --quantiles 0.5,x -f "$F" "$AML"; expect_rc 2 "quantile not a number"
run "$PG" km --times 12,abc -f "$F" "$AML"; expect_rc 2 "bad --times"
expect_err "--times must be numbers"
run "$PG" km --times -5 -f "$F" "$AML"; expect_rc 2 "negative --times"
run "$PG" km --rmst-tau 0 -f "$F" "$AML"; expect_rc 2 "bad --rmst-tau"
expect_err "--rmst-tau must be a positive number, not '0'"
run "$PG" km --conf-level 1.2 -f "$F" "$AML"; expect_rc 2 "bad --conf-level"
run "$PG" km --format xml -f "$F" "$AML"; expect_rc 2 "bad --format"
run "$PG" km --times; expect_rc 2 "option without its value"; expect_err "needs a value"
run "$PG" km -f "$F"; expect_rc 2 "no input file"; expect_err "no input file"
run "$PG" km "$AML"; expect_rc 2 "no formula"; expect_err "a formula is required"

# R: print(fit); summary(fit) for fit <- survfit(Surv(time, status) ~ x, data = aml)
run "$PG" km -f "$F" "$AML"
expect_rc 0 "aml text"
expect_out "Call: survfit(formula = Surv(time, status) ~ x)"
expect_out "x=Maintained    11      7     31      18      NA"
expect_out "x=Nonmaintained 12     11     23       8      NA"
expect_out "   45      1       1   0.0000     NaN           NA           NA"
expect_out "Median follow-up (reverse Kaplan-Meier): 161 (95% CI 45 to NA)"

run "$PG" km -f "$F" --rmst-tau 30 --times 12,36,60 --quantiles 0.25,0.5 "$AML"
expect_rc 0 "rmean, times, quantiles"
expect_out "x=Maintained    11      7   24.6      2.31     31      18      NA"
expect_out "    * restricted mean with upper limit =  30"
expect_out "   60      1       1    0.184  0.1535       0.0359        0.944"
expect_out "x=Nonmaintained 0.25        8            5           30"

run "$PG" km -f "$F" --conf-type log-log --conf-level 0.9 "$AML"
expect_rc 0 "log-log 90%"
expect_out 'Call: survfit(formula = Surv(time, status) ~ x, conf.type = "log-log", conf.int = 0.9)'
expect_out "lower 90% CI"

run "$PG" km -f "$F" --format json --times 60 --cumhaz --followup "$AML"
expect_rc 0 "json"
expect_out '"conf_type": "log"'
expect_out '"strata": "x=Nonmaintained"'
expect_out '"conf_high": null'
expect_out '"cumhaz": '
expect_out '"followup": {'
expect_out '"missing": 0'

run "$PG" km -f "$F" --format csv "$AML"
expect_rc 0 "csv"
expect_out "section,strata,time,p,n_risk,n_event,n_censor,estimate,std_err,conf_low,conf_high"
expect_out "median,x=Maintained,NA,0.5,NA,NA,NA,31,NA,18,NA"

run "$PG" km -f "$F" --format md "$AML"
expect_rc 0 "md"; expect_out "| x=Maintained    | 11 |      7 |     31 |      18 |      NA |"

run "$PG" km -f 'Surv(time, status) ~ 1' --format json "$AML"
expect_rc 0 "one curve"; expect_out '"strata": ""'

# R: print(survfit(Surv(time, status) ~ sex + strata(ph.ecog), lung), rmean = 365)
run "$PG" km -f 'Surv(time, status) ~ sex + strata(ph.ecog)' --rmst-tau 365 "$SRC/tests/data/lung.csv"
expect_rc 0 "lung, strata crossed with groups"
expect_out "   1 observation deleted due to missingness"
expect_err "1 observation deleted due to missingness"
expect_out "sex=1, ph.ecog=1 71     54    248      13.2    239     207     363"
expect_out "sex=2, ph.ecog=0 27      9    323      18.0    705     350      NA"

# No events is not an error for km: S = 1 throughout.
printf 'time,status\n1,0\n2,0\n3,0\n' > "$TMPD/none.csv"
run "$PG" km -f 'Surv(time, status) ~ 1' --format csv "$TMPD/none.csv"
expect_rc 0 "no events"; expect_out "step,,3,NA,1,0,1,1,0,1,1"

# -o: written atomically; a failure leaves nothing behind.
run "$PG" km -f "$F" -o "$TMPD/ok.txt" "$AML"
expect_rc 0 "-o"
if grep -q "x=Maintained" "$TMPD/ok.txt"; then ok "-o wrote the file"; else fail "-o file"; fi
[ -z "$out" ] && ok "-o: nothing on stdout" || fail "-o: stdout not empty"
run "$PG" km -f 'Surv(time, status) ~ nosuch' -o "$TMPD/bad.txt" "$AML"
expect_rc 2 "unknown variable"; expect_no_file "$TMPD/bad.txt"
run "$PG" km -f "$F" -o "$TMPD/missing.txt" "$TMPD/does-not-exist.csv"
expect_rc 2 "missing input"; expect_no_file "$TMPD/missing.txt"
run bash -c "'$PG' km -f '$F' --format csv - < '$AML'"
expect_rc 0 "standard input"; expect_out "median,x=Nonmaintained,NA,0.5,NA,NA,NA,23,NA,8,NA"
run "$PG" km -f "$F" -o "$TMPD/no/such/dir/out.txt" "$AML"
expect_rc 2 "unwritable output"; expect_err "cannot create output file"
# --steps (issue 19): all, events, none; the default keeps each format's contract (R:
# summary(survfit(Surv(time, status) ~ x, aml)) has 7 and 9 event times, survfit's curves 10
# and 10 distinct times).
steps_of() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(str(len(c["steps"])) if "steps" in c else "-" for c in d["curves"]))'; }
run "$PG" km -f "$F" --format json "$AML"; [ "$(printf '%s' "$out" | steps_of)" = "10 10" ] \
    && ok "json: every time by default" || fail "json default steps"
run "$PG" km -f "$F" --steps events --format json "$AML"
[ "$(printf '%s' "$out" | steps_of)" = "7 9" ] && ok "--steps events" || fail "--steps events"
run "$PG" km -f "$F" --steps none --format json "$AML"
[ "$(printf '%s' "$out" | steps_of)" = "- -" ] && ok "--steps none: no steps key" \
    || fail "--steps none"
expect_out '"median"'
run "$PG" km -f "$F" --steps none --format csv "$AML"
case "$out" in *step,*) fail "--steps none csv has steps";; *) ok "--steps none csv";; esac
run "$PG" km -f "$F" --steps all "$AML"; expect_out "Survival at each time:"
expect_out "   16      7       0   0.5833  0.1423       0.3616        0.941"
run "$PG" km -f "$F" --steps none "$AML"
case "$out" in *"Survival at"*) fail "--steps none text";; *) ok "--steps none text";; esac
run "$PG" km -f "$F" --steps some "$AML"
expect_rc 2 "--steps some"; expect_err "--steps wants all, events or none, not 'some'"
done_testing
