#!/usr/bin/env bash
# json_contract.sh -- the JSON contract of every command (docs/json.md): the common keys
# (prognos, command, input, n, dropped, warnings) beside each command's own, the error object
# of a failure under --format json, infinities as "Inf", counts as integers, and exit codes:
# 1 when these data cannot give the analysis, 2 when the command or its input is wrong.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
AML="$SRC/tests/data/aml.csv"
LMS="$SRC/datasets/lms_synthetic.csv"
BCG="$SRC/tests/data/meta_bcg.csv"
REC="$SRC/tests/data/reconstruct"
DSS='Surv(months, status == "DOD")'
VERSION=$("$PG" --version | sed 's/^prognos //')

# jcheck NAME PYTHON: run PYTHON with d = the JSON on stdout (NaN/Infinity literals refused)
jcheck() {
    local name=$1 code=$2
    if printf '%s' "$out" | python3 -c '
import json, sys
def bad(x): raise ValueError("not JSON: " + x)
d = json.loads(sys.stdin.read(), parse_constant=bad)
'"$code" 2>"$TMPD/py"; then ok "$name"; else fail "$name: $(head -c 300 "$TMPD/py")"; fi
}

# common CMD: the common keys, with their types, for a result of CMD
common() {
    jcheck "$1: the common keys" '
assert isinstance(d, dict)
assert d["prognos"] == "'"$VERSION"'", d["prognos"]
assert d["command"] == "'"$1"'"
i = d["input"]
assert isinstance(i["files"], list) and all(isinstance(f, str) for f in i["files"])
assert i["formula"] is None or isinstance(i["formula"], str)
assert i["where"] is None or isinstance(i["where"], str)
assert isinstance(i["options"], dict) and "formula" not in i["options"]
assert d["n"] is None or (isinstance(d["n"], int) and not isinstance(d["n"], bool))
for k in ("missing", "where"):
    v = d["dropped"][k]
    assert v is None or (isinstance(v, int) and v >= 0), (k, v)
assert isinstance(d["warnings"], list) and all(isinstance(w, str) for w in d["warnings"])
assert list(d)[:6] == ["prognos", "command", "input", "n", "dropped", "warnings"], list(d)[:6]'
}

# error CODE EXIT: the error object on stdout, and one line on stderr
error() {
    jcheck "error object: code $1, exit $2" '
assert set(d) == {"prognos", "command", "error"}, list(d)
e = d["error"]
assert set(e) == {"code", "message", "file", "line", "column", "term", "exit"}, list(e)
assert e["code"] == "'"$1"'", e["code"]
assert e["exit"] == '"$2"'
assert isinstance(e["message"], str) and e["message"] and "\n" not in e["message"]'
    expect_one_line_err
}

# ---- every command's result carries the common keys ----
run "$PG" km -f 'Surv(time, status) ~ x' --times 12,24 --format json "$AML"
expect_rc 0 "km json"; common km
jcheck "km: the options in force, given or defaulted, by long name" '
o = d["input"]["options"]
assert o["times"] == [12, 24] and o["conf-level"] == 0.95 and o["conf-type"] == "log"
assert o["cumhaz"] is False and o["format"] == "json" and o["na"] is None
assert d["input"]["formula"] == "Surv(time, status) ~ x" and d["input"]["where"] is None
assert d["input"]["files"] == ["'"$AML"'"]
assert d["n"] == 23 and d["dropped"] == {"missing": 0, "where": 0}
assert d["curves"][0]["strata"] == "x=Maintained"   # the command s own keys are kept'

run "$PG" km -f 'Surv(time, status) ~ x' --where 'x == "Maintained"' --format json "$AML"
expect_rc 0 "km --where"; common km
jcheck "km --where: rows excluded are counted in dropped.where" '
assert d["n"] == 11 and d["dropped"]["where"] == 12 and d["input"]["where"] == "x == \"Maintained\""'

run "$PG" km -f 'Surv(lr_months, local_recurrence) ~ 1' --format json "$LMS"
expect_rc 0 "km with missing values"; common km
jcheck "km: rows with a missing value counted in dropped.missing" '
assert d["dropped"]["missing"] > 0 and d["n"] + d["dropped"]["missing"] == 480'

run "$PG" logrank -f "$DSS ~ grade" --trend --format json "$LMS"
expect_rc 0 "logrank json"; common logrank
jcheck "logrank: df and observed counts are integers" '
assert type(d["df"]) is int and all(type(g["observed"]) is int for g in d["groups"])
assert type(d["trend"]["df"]) is int and "p" in d and "p" in d["trend"]'

run "$PG" logrank -f 'Surv(time, status) ~ x' --exact --format json "$AML"
expect_rc 0 "logrank --exact"; common logrank
jcheck "logrank --exact: p under exact, exact_p kept" 'assert d["exact"]["p"] == d["exact_p"]'

run "$PG" cox -f "$DSS ~ depth + age" --format json "$LMS"
expect_rc 0 "cox json"; common cox
jcheck "cox: own keys kept" 'assert d["coefficients"][0]["term"] == "depth=subcutaneous"'

run "$PG" cox -f 'Surv(time, status) ~ x' --residuals martingale --format json "$AML"
expect_rc 0 "cox --residuals json"; common cox
jcheck "cox --residuals: an object, the rows under residuals" '
assert len(d["residuals"]) == 23 and "residual" in d["residuals"][0]'
run "$PG" cox -f 'Surv(time, status) ~ x' --lp --format json "$AML"
expect_rc 0 "cox --lp json"; common cox
jcheck "cox --lp: an object, the rows under lp" 'assert len(d["lp"]) == 23'
run "$PG" cox -f 'Surv(time, status) ~ x' --basehaz --format json "$AML"
expect_rc 0 "cox --basehaz json"; common cox
jcheck "cox --basehaz: under basehaz" 'assert isinstance(d["basehaz"], list)'

run "$PG" zph -f "$DSS ~ depth + age" --format json "$LMS"
expect_rc 0 "zph json"; common zph
jcheck "zph: df an integer" 'assert all(type(t["df"]) is int for t in d["terms"])'

run "$PG" table -f "$DSS ~ depth + sex" --format json "$LMS"
expect_rc 0 "table json"; common table
jcheck "table: the log-rank p under p, logrank_p kept" '
r = [r for r in d["rows"] if r["logrank_p"] is not None][0]
assert r["logrank"]["p"] == r["logrank_p"]'

run "$PG" describe --format json "$LMS"
expect_rc 0 "describe json"; common describe
jcheck "describe without a formula: n is the rows read" '
assert d["n"] == 480 and d["input"]["formula"] is None'
run "$PG" describe -f "$DSS ~ depth" --format json "$LMS"
expect_rc 0 "describe -f json"; common describe

run "$PG" cif -f 'Surv(months, status) ~ depth' --censor NED,AWD --format json "$LMS"
expect_rc 0 "cif json"; common cif
jcheck "cif: --censor among the options" 'assert d["input"]["options"]["censor"] == ["NED", "AWD"]'

run "$PG" finegray -f 'Surv(months, status) ~ depth + age' --censor NED,AWD --cause DOD \
    --format json "$LMS"
expect_rc 0 "finegray json"; common finegray

run "$PG" reconstruct --curve "$REC/small_curve.csv" --risk "$REC/small_risk.csv" --format json
expect_rc 0 "reconstruct json"; common reconstruct
run "$PG" reconstruct --curve "$REC/small_mismatch_curve.csv" --risk "$REC/small_mismatch_risk.csv" \
    --events 9 --format json
expect_rc 0 "reconstruct json with a mismatch"; common reconstruct
jcheck "reconstruct: the warning printed on stderr is in warnings" '
assert any("rebuilt" in w for w in d["warnings"]), d["warnings"]'
expect_err "warning: arm"

run "$PG" meta --yi yi --sei sei --format json "$BCG"
expect_rc 0 "meta json"; common meta
jcheck "meta: heterogeneity under p, q_p kept; q_df an integer" '
h = d["heterogeneity"]
assert h["p"] == d["q_p"] and type(h["df"]) is int and h["statistic"] == d["q"]'

# -o: the common keys in the file too
run "$PG" km -f 'Surv(time, status) ~ x' --format json -o "$TMPD/km.json" "$AML"
expect_rc 0 "km -o"; out=$(cat "$TMPD/km.json"); common km

# ---- warnings on stderr are the JSON's warnings; infinite limits are "Inf" ----
printf 't,s,g\n1,1,a\n2,1,a\n3,0,b\n4,0,b\n' >"$TMPD/sep.csv"
run "$PG" cox -f 'Surv(t, s) ~ g' --format json "$TMPD/sep.csv"
expect_rc 0 "cox, separated groups (R warns and answers)"; common cox
expect_err "warning: ran out of iterations"
jcheck "cox: the warning in warnings, the infinite limit as \"Inf\"" '
assert any("did not converge" in w for w in d["warnings"])
assert d["coefficients"][0]["conf_high"] == "Inf"'
run "$PG" cif -f 'Surv(t, s) ~ g' --censor 0 --where 's == 0' --format json "$TMPD/sep.csv"
expect_rc 0 "cif with no events"; common cif
jcheck "cif: no events is a warning" '
assert any("no events of any cause" in w for w in d["warnings"]) and d["dropped"]["where"] == 2'

# ---- failures: the error object on stdout, exit 1 (the data) or 2 (the command, the input) ----
run "$PG" km -f 'Surv(time, status) ~ y' --format json "$AML"
expect_rc 2 "unknown variable"; error input 2
jcheck "formula error: its column and term" '
e = d["error"]; assert e["term"] == "y" and e["column"] == 22 and e["file"] is None'
run "$PG" km -f 'Surv(time, status) ~ x' --bogus --format json "$AML"
expect_rc 2 "unknown option"; error usage 2
run "$PG" km --bogus -f 'Surv(time, status) ~ x' --format=json "$AML"
expect_rc 2 "unknown option before --format=json"; error usage 2
run "$PG" describe --format json "$SRC/tests/data/bad/ragged_short.csv"
expect_rc 2 "ragged CSV"; error input 2
jcheck "CSV error: file, line and column" '
e = d["error"]; assert e["file"].endswith("ragged_short.csv") and e["line"] == 3 and e["column"] == 2'
run "$PG" km -f 'Surv(time, status) ~ x' --format json "$TMPD/nope.csv"
expect_rc 2 "missing file"; error io 2
run "$PG" cox -f 'Surv(time, status == 5) ~ x' --format json -o "$TMPD/cox.json" "$AML"
expect_rc 1 "cox, no events"; error no_events 1; expect_no_file "$TMPD/cox.json"
run "$PG" km -f 'Surv(time, status) ~ x' --where 'time > 1000' --format json "$AML"
expect_rc 1 "km, an empty subgroup"; error analysis 1
run "$PG" logrank -f 'Surv(time, status) ~ x' --where 'x == "Maintained"' --format json "$AML"
expect_rc 1 "logrank, one group"; error analysis 1
run "$PG" finegray -f 'Surv(time, status) ~ x' --censor 0 --cause 1 --where 'status == 0' \
    --format json "$AML"
expect_rc 1 "finegray, no events of any cause"; error no_events 1
run "$PG" meta --yi yi --format json "$BCG"
expect_rc 2 "meta, --yi without --sei"; error usage 2
run "$PG" table -f "$DSS ~ nosuch" --format json "$LMS"
expect_rc 2 "table, unknown variable"; error input 2
run "$PG" reconstruct --curve "$REC/small_curve.csv" --format json
expect_rc 2 "reconstruct without --risk"; error usage 2
run "$PG" zph -f 'Surv(time, status == 5) ~ x' --format json "$AML"
expect_rc 1 "zph, no events"; error no_events 1
run "$PG" cif -f 'Surv(time, status) ~ x' --where 'time > 1000' --censor 0 --format json "$AML"
expect_rc 1 "cif, an empty subgroup"; error analysis 1

# text output: a failure writes nothing on stdout
run "$PG" km -f 'Surv(time, status) ~ y' "$AML"
expect_rc 2 "text failure"; [ -z "$out" ] && ok "text failure: stdout empty" || fail "stdout not empty"
# simulate has no JSON; its bad option is still exit 2
run "$PG" simulate --bogus
expect_rc 2 "simulate, unknown option"

done_testing
