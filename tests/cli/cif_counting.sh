#!/usr/bin/env bash
# cif_counting.sh -- `prognos cif` on weighted, left-truncated (start, stop] and split data with
# --id: survfit's multi-state Aalen-Johansen and its infinitesimal-jackknife std.err, against
# R's numbers (tests/fixtures/cif_counting_r.sh, written by scripts/fixtures/cif_counting.R;
# each list there names the R call), the split = unsplit round trip, the unweighted
# right-censored path unchanged, and the errors on bad subjects.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
. "$SRC/tests/fixtures/cif_counting_r.sh"
D="$SRC/tests/data"

# near_all PYEXPR WANT WHAT: the list at PYEXPR (in d) of the JSON in $out equals the
# space-separated list WANT within 1e-6 relative (NaN == NaN)
near_all() {
    if printf '%s' "$out" | python3 -c '
import json, math, sys
d = json.load(sys.stdin)
got = [float("nan") if x is None else float(x) for x in eval(sys.argv[1])]
want = [float(x) for x in sys.argv[2].split()]
def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-6 * abs(b) + 1e-15
sys.exit(0 if len(got) == len(want) and all(map(same, got, want)) else 1)' "$1" "$2"; then
        ok "$3"
    else
        fail "$3: want $2"
    fi
}
# the at-times values of every curve, cause-major (the R script's order)
AT='[a[KEY] for c in d["curves"] for a in c["at"]]'
at_all() {   # PREFIX WHAT
    local p=$1
    eval "local est=\${${p}_EST} se=\${${p}_SE} lo=\${${p}_LO} hi=\${${p}_HI}"
    near_all "${AT/KEY/\"estimate\"}" "$est" "$2: pstate"
    near_all "${AT/KEY/\"std_err\"}" "$se" "$2: IJ std.err"
    near_all "${AT/KEY/\"conf_low\"}" "$lo" "$2: lower (log)"
    near_all "${AT/KEY/\"conf_high\"}" "$hi" "$2: upper (log)"
}

run "$PG" cif -f 'Surv(etime, event) ~ sex' --weights w --times 12,60,120,240 --format json \
    "$D/mgus2_cr.csv"
expect_rc 0 "cif --weights w (integer weights)"
at_all W "integer weights"
near_all '[s["time"] for s in d["curves"][0]["steps"][:5]]' "$W_F1_TIME" "weighted steps: times"
near_all '[s["n_risk"] for s in d["curves"][0]["steps"][:5]]' "$W_F1_NRISK" \
    "weighted n_risk = n.risk of the rows repeated w times"
near_all '[s["n_event"] for s in d["curves"][0]["steps"][:5]]' "$W_F1_NEVENT" \
    "weighted n_event = n.event of the rows repeated w times"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit("gray" in d or not any("Gray" in w for w in d["warnings"]))' "$out" \
    && ok "weighted: no Gray's test, a warning says why" || fail "weighted: gray left out"
near 'd["conf_level"]' 0.95 "conf level"
[ "$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["conf_type"])')" = log ] \
    && ok "IJ path: conf-type log by default, as survfit" || fail "conf-type default"

run "$PG" cif -f 'Surv(etime, event) ~ sex' --weights fw --times 12,60,120,240 --format json \
    "$D/mgus2_cr.csv"
expect_rc 0 "cif --weights fw (non-integer weights)"
at_all FW "non-integer weights"

run "$PG" cif -f 'Surv(etime, event) ~ sex' --se ij --times 12,60,120,240 --format json \
    "$D/mgus2_cr.csv"
expect_rc 0 "cif --se ij on right-censored data"
at_all IJ "right-censored, --se ij"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(len(d["gray"]) != 2)' "$out" \
    && ok "--se ij on unweighted right-censored data keeps Gray's test" || fail "gray kept"

run "$PG" cif -f 'Surv(agem, agex, event) ~ sex' --id id --times 840,960,1080 --format json \
    "$D/mgus2_cr.csv"
expect_rc 0 "cif on the age scale (delayed entry)"
at_all AGE "left-truncated, age scale"
near 'd["n_id"]' 1384 "n_id (R: length(unique(mgus2_cr\$id)))"
near_all '[s["time"] for s in d["curves"][0]["steps"][:5]]' "$AGE_F1_TIME" "age scale: times"
near_all '[s["n_risk"] for s in d["curves"][0]["steps"][:5]]' "$AGE_F1_NRISK" \
    "age scale: n_risk counts start < t <= stop, as R"
run "$PG" cif -f 'Surv(agem, agex, event) ~ sex' --id id --times 840,960,1080 --format json \
    "$D/mgus2_cr_split.csv"
expect_rc 0 "cif on survSplit's rows with --id"
at_all AGE "split rows with --id = the unsplit fit"
# R: nrow(sp) = 2206 rows of survSplit (scripts/fixtures/cif_counting.R), length(unique(sp$id))
# = 1384 subjects
near 'd["n"]' 2206 "rows"
near 'd["n_id"]' 1384 "subjects"
near 'd["curves"][0]["n"]' 631 "a curve's n counts subjects with --id (R: table(mgus2\$sex))"

run "$PG" cif -f 'Surv(agem, agex, event) ~ sex' --id id --weights fw --times 840,960,1080 \
    --format json "$D/mgus2_cr.csv"
expect_rc 0 "age scale with non-integer weights"
at_all AGEFW "left-truncated and weighted"
run "$PG" cif -f 'Surv(agem, agex, event) ~ sex' --id id --weights fw --times 840,960,1080 \
    --format json "$D/mgus2_cr_split.csv"
at_all AGEFW "split, weighted, --id = unsplit"

# text: the header says which estimator and variance; Gray's test is left out with a note
run "$PG" cif -f 'Surv(agem, agex, event) ~ sex' --id id --times 840 "$D/mgus2_cr_split.csv"
expect_rc 0 "text output"
expect_out "Cumulative incidence (Aalen-Johansen, as survfit multi-state, infinitesimal-jackknife SE)"
expect_out "2206 rows, 1384 subjects"
expect_out "Gray's test: not defined for weighted or left-truncated data"
expect_err "Gray's test left out"

# the unweighted right-censored path is cuminc's, as before
run "$PG" cif -f 'Surv(etime, event) ~ sex' --format json "$D/mgus2_cr.csv"
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); sys.exit(d["conf_type"] != "log-log" or len(d["gray"]) != 2)' "$out" \
    && ok "default path: cuminc variance, log-log, Gray's test" || fail "default path changed"

# bad input: one located line, exit 2, no output file
run "$PG" cif -f 'Surv(agem, agex, event) ~ sex' -o "$TMPD/o.txt" "$D/mgus2_cr.csv"
expect_rc 2 "start, stop without --id"
expect_err "needs --id COL"
expect_no_file "$TMPD/o.txt"
run "$PG" cif -f 'Surv(etime, event) ~ sex' --weights w --se gray "$D/mgus2_cr.csv"
expect_rc 2 "--se gray on weighted data"
expect_err "Gray's variance (cmprsk::cuminc) is not defined for weighted data"
printf 'id,start,stop,st\n1,0,5,1\n1,5,9,0\n2,0,3,2\n' >"$TMPD/after.csv"
run "$PG" cif -f 'Surv(start, stop, st) ~ 1' --id id -o "$TMPD/o.txt" "$TMPD/after.csv"
expect_rc 2 "a row after the subject's event"
expect_err "after.csv:3: cif: this row follows the row at line 2 of the same subject (--id)"
expect_no_file "$TMPD/o.txt"
printf 'id,start,stop,st\n1,0,5,0\n1,6,9,1\n2,0,3,2\n' >"$TMPD/gap.csv"
run "$PG" cif -f 'Surv(start, stop, st) ~ 1' --id id "$TMPD/gap.csv"
expect_rc 2 "a gap in a subject's follow-up"
expect_err "gap.csv:3: cif: this row starts after the end of the row at line 2"
printf 'id,time,st\n1,5,1\n1,9,0\n2,3,2\n' >"$TMPD/dup.csv"
run "$PG" cif -f 'Surv(time, st) ~ 1' --id id "$TMPD/dup.csv"
expect_rc 2 "two rows of one subject on Surv(time, event)"
expect_err "dup.csv:3: cif: this row repeats the row at line 2"
printf 'time,st,w\n5,1,1\n6,2,-1\n' >"$TMPD/negw.csv"
run "$PG" cif -f 'Surv(time, st) ~ 1' --weights w "$TMPD/negw.csv"
expect_rc 2 "negative weight"
expect_err "negw.csv:3: --weights: the weight 'w' is -1"
printf 'time,st,w\n5,1,1\n6,2,0\n7,1,2\n' >"$TMPD/zerow.csv"
run "$PG" cif -f 'Surv(time, st) ~ 1' --weights w --format json "$TMPD/zerow.csv"
expect_rc 0 "a zero weight drops the row"
near 'd["n"]' 2 "rows kept"
done_testing
