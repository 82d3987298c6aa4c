#!/usr/bin/env bash
# cif.sh -- `prognos cif` and the outcome with several values from the command line: results on
# the synthetic cohort and melanoma, the cause-specific km with --cause, and bad input (a text
# status without --censor, --censor or --cause naming nothing present, a status with several
# causes given to km): exit 2, one located message listing the levels, no partial -o file.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
LMS=$SRC/datasets/lms_synthetic.csv
MEL=$SRC/tests/data/melanoma.csv
F='Surv(months, status) ~ depth'

run "$PG" cif -f "$F" --censor NED,AWD --times 60,120 "$LMS"
expect_rc 0 "cif on the synthetic cohort"
expect_out "causes: DOC, DOD; censored: AWD, NED"
expect_out "Gray's test"
run "$PG" cif -f "$F" --censor NED,AWD --format json "$LMS"
expect_rc 0 "cif json"
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["causes"]==["DOC","DOD"] and d["censor"]==["AWD","NED"] and len(d["curves"])==4 and len(d["gray"])==2' \
    && ok "json: causes, censor, 4 curves, gray per cause" || fail "json contract"
run "$PG" cif -f 'Surv(time, status) ~ 1' --censor 2 --compare-km --times 1000 --format csv "$MEL"
expect_rc 0 "cif ~ 1 csv with --compare-km"
expect_out 'section,group,cause,time,n_risk'
case "$out" in *'"gray"'*) fail "gray with one group";; *) ok "no gray row with one group";; esac
# --cause gives the cause-specific km, the same as the condition
run "$PG" km -f 'Surv(months, status) ~ 1' --censor NED,AWD --cause DOD --format json "$LMS"
a=$out
run "$PG" km -f 'Surv(months, status == "DOD") ~ 1' --format json "$LMS"
# the same result; "input" says how each was asked (docs/json.md)
noinput() { python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("input"); print(json.dumps(d))'; }
[ "$(echo "$a" | noinput)" = "$(echo "$out" | noinput)" ] \
    && ok "km --cause DOD is km on status == \"DOD\"" || fail "km --cause differs"

# table --cause: the incidence at 60 months equals cif's, Gray's p, the footnotes say which
run "$PG" table -f 'Surv(months, status) ~ depth' --censor NED,AWD --cause DOD --times 60 \
    --multivariable none "$LMS"
expect_rc 0 "table --cause"
expect_out "60-month cumulative incidence"
# R: timepoints(cuminc(months, status, depth, cencode = NED/AWD as 0), 60): DOD,
# subcutaneous 0.2210 (log-log limits 0.158, 0.291, as prognos cif --times 60 prints)
expect_out "22.1 (15.8–29.1)"
expect_out "Gray p"
expect_out "cause-specific Cox"
run "$PG" table -f 'Surv(months, status) ~ depth + sex' --censor NED,AWD --cause DOD \
    --model fine-gray "$LMS"
expect_rc 0 "table --model fine-gray"
expect_out "subdistribution hazard ratios of Fine-Gray models for DOD"
# R: crr(months, status coded DOD 1, DOC 2, NED/AWD 0, cov1 = model.matrix(~ depth + sex)[, -1])
# gives exp(coef) 13.99 (5.49, 35.67) for depth subcutaneous
expect_out "13.99 (5.49–35.67)"
run "$PG" table -f 'Surv(months, status) ~ depth + strata(source)' --censor NED,AWD \
    --cause DOD --model fine-gray "$LMS"
expect_rc 2 "Fine-Gray with strata() is refused"
run "$PG" plot --cif -f "$F" --censor NED,AWD --cause DOD --pval --risk-table \
    --script - -o "$TMPD/cif.png" "$LMS"
expect_rc 0 "plot --cif --script -"
expect_out "Gray''s test p < 0.001"
expect_out "Cumulative incidence of DOD"
# --stacked: cause k's curve is F_1 + ... + F_k; the top one is 1 - KM of any death (R:
# 1 - survfit(Surv(months, status %in% c("DOC", "DOD")) ~ 1)$surv, 0.4295... at the end is
# DOC's own; checked here by the labels and by the last value of the top curve)
run "$PG" plot --cif --stacked -f 'Surv(months, status) ~ 1' --censor NED,AWD --script - \
    -o "$TMPD/st.png" "$LMS"
expect_rc 0 "plot --cif --stacked"
expect_out "curve 2: 'DOC + DOD'"
run "$PG" plot --cif --stacked -f "$F" --censor NED,AWD --cause DOD -o "$TMPD/st2.png" "$LMS"
expect_rc 2 "--stacked with --cause"
expect_err "stacked curves are of every cause: leave out --cause"
expect_no_file "$TMPD/st2.png"
run "$PG" plot --stacked -f 'Surv(months, status == "DOD") ~ 1' -o "$TMPD/st3.png" "$LMS"
expect_rc 2 "--stacked without --cif"
run "$PG" plot --cif -f "$F" --censor NED,AWD --pval --script "$TMPD/x.gp" "$LMS"
expect_rc 2 "plot --cif --pval without --cause"
expect_no_file "$TMPD/x.gp"

# bad input
# whole-number codes with no 0 (1 alive, 2 dead of disease, 3 other): 0 cannot be the default
# censoring value, or 1 and 3 would both become competing causes of 2 with exit 0
c123="$TMPD/c123.csv"
printf '%s\n' time,status 1,1 2,2 3,3 4,1 5,2 6,3 >"$c123"
run "$PG" km -f 'Surv(time, status) ~ 1' --cause 2 "$c123"
expect_rc 2 "codes 1/2/3 without --censor"
expect_err "event 'status' is coded 1, 2, 3 with no 0: say which values mean censored"
run "$PG" km -f 'Surv(time, status) ~ 1' --cause 2 --censor 1 --format json "$c123"
expect_rc 0 "codes 1/2/3 with --censor 1"; expect_out '"events": 2'
run "$PG" cif -f "$F" -o "$TMPD/o.txt" "$LMS"
expect_rc 2 "text status without --censor"
expect_err "say which values mean censored, e.g. --censor AWD,NED (levels: AWD, DOC, DOD, NED)"
expect_no_file "$TMPD/o.txt"
run "$PG" cif -f "$F" --censor NED,ADW -o "$TMPD/o.txt" "$LMS"
expect_rc 2 "--censor naming a value not present"
expect_err "--censor: 'ADW' is not a value of 'status'; did you mean 'AWD'? (levels: AWD, DOC, DOD, NED)"
expect_no_file "$TMPD/o.txt"
run "$PG" km -f "$F" --censor NED,AWD --cause DOX "$LMS"
expect_rc 2 "--cause naming no cause"
expect_err "(causes: DOC, DOD; censored: AWD, NED)"
run "$PG" km -f "$F" --censor NED,AWD -o "$TMPD/o.txt" "$LMS"
expect_rc 2 "km on several causes without --cause"
expect_err "has 2 causes (DOC, DOD): name the cause of interest with --cause"
expect_no_file "$TMPD/o.txt"
run "$PG" cif -f 'Surv(time, status) ~ 1' --censor 1,2,3 "$MEL"
expect_rc 0 "all censored is not an error"
expect_err "no events of any cause"
run "$PG" cif -f "$F" --censor NED,AWD --conf-type logit "$LMS"
expect_rc 2 "cif --conf-type logit is refused"
done_testing
