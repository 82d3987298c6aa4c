#!/usr/bin/env bash
# plan.sh -- `prognos run PLAN.yaml`: results equal to the single commands', 1 worker == N
# workers byte for byte, --check errors located in the plan with a caret, a failing subgroup
# recorded (exit 1) while the others run, a wrong plan (exit 2) writing nothing.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
cd "$TMPD" || exit 1
ln -s "$SRC/datasets" datasets
LMS=datasets/lms_synthetic.csv
DSS='Surv(months, status == "DOD")'

run env PROGNOS_THREADS=1 "$PG" run -o one "$SRC/datasets/plans/lms.yaml"
expect_rc 0 "the example plan runs"
run env PROGNOS_THREADS=3 "$PG" run -o many "$SRC/datasets/plans/lms.yaml"
expect_rc 0 "the example plan on 3 workers"
cmp -s one/results.json many/results.json && ok "1 worker == 3 workers, byte for byte" \
    || fail "1 worker and 3 workers differ"

# each result is the single command's JSON (the "input" record aside, whose files are the same)
same() {   # same ID ARGS...: the plan's result ID against `prognos ARGS --format json`
    local id=$1; shift
    "$PG" "$@" --format json >"$TMPD/single.json" 2>/dev/null
    python3 - "$id" one/results.json "$TMPD/single.json" <<'PY'
import json, sys
ident, plan, single = sys.argv[1:]
r = [x for x in json.load(open(plan))["analyses"] if x["id"] == ident][0]["result"]
s = json.load(open(single))
for d in (r, s):
    d.pop("input", None)
sys.exit(0 if r == s else 1)
PY
}
same km_depth km -f "$DSS ~ depth" --times 60,120 $LMS && ok "km_depth == prognos km" \
    || fail "km_depth differs from prognos km"
same lr_depth_OS logrank -f 'Surv(months, status %in% c("DOD", "DOC")) ~ depth' $LMS \
    && ok "lr_depth_OS == prognos logrank" || fail "lr_depth_OS differs from prognos logrank"
same cox_mv cox -f "$DSS ~ depth + I(size_cm > 5) + strata(source)" $LMS \
    && ok "cox_mv == prognos cox" || fail "cox_mv differs from prognos cox"
same 'cox_4_DSS_I(size_cm > 5)_depth=dermal' cox -f "$DSS ~ I(size_cm > 5)" \
    --where '`depth` == "dermal"' $LMS && ok "a subgroup == prognos cox --where" \
    || fail "the subgroup differs from prognos cox --where"

cat >bad.yaml <<'E'
data:
  lms: {file: datasets/lms_synthetic.csv}
endpoints:
  DSS: 'Surv(months, status == "DOD")'
analyses:
  - {type: km, endpoint: DSS, by: dept, conf_typ: plain}
output: {dir: out_bad}
E
run "$PG" run --check bad.yaml
expect_rc 2 "--check of a wrong plan"
expect_err "bad.yaml:6:41: unknown option 'conf_typ' of km; did you mean 'conf_type'?"
expect_err "bad.yaml:6:35: unknown variable 'dept' in term 'dept'; did you mean 'depth'?"
case "$err" in *"$(printf '    - {type: km, endpoint: DSS, by: dept, conf_typ: plain}\n                                    ^')"*)
    ok "the caret under the column";; *) fail "no caret under the column";; esac
run "$PG" run bad.yaml
expect_rc 2 "running a wrong plan"
expect_err "bad.yaml:6:41: unknown option 'conf_typ' of km; did you mean 'conf_type'?"
[ ! -e out_bad ] && ok "a wrong plan writes nothing" || fail "out_bad written"
# on a run the commands find the formulas' errors (no frame is built for the check alone),
# located as --check locates them, and nothing is written
sed 's/, conf_typ: plain//' bad.yaml > bad_formula.yaml
run "$PG" run bad_formula.yaml
expect_rc 2 "running a plan with a wrong formula"
expect_err "bad_formula.yaml:6:35: unknown variable 'dept' in term 'dept'; did you mean 'depth'?"
[ ! -e out_bad ] && ok "a wrong formula writes nothing" || fail "out_bad written"

cat >keys.yaml <<'E'
data:
  lms: {file: datasets/lms_synthetic.csv, delim: ','}
analyses:
  - {type: km, formula: 'Surv(months, status == "DOD") ~ 1'}
outptu: {dir: out_keys}
E
run "$PG" run keys.yaml
expect_rc 2 "an unknown section"
expect_err "keys.yaml:5:1: unknown key 'outptu' in the plan; did you mean 'output'?"
[ ! -e out_keys ] && ok "no output directory" || fail "out_keys written"

cat >missing.yaml <<'E'
data:
  lms: {file: datasets/nonesuch.csv}
analyses:
  - {type: km, formula: 'Surv(months, status) ~ 1'}
E
run "$PG" run -o out_missing missing.yaml
expect_rc 2 "a missing data file"
expect_err "missing.yaml:2:15: cannot read the data file 'datasets/nonesuch.csv'"

cat >fail.yaml <<'E'
data:
  lms: {file: datasets/lms_synthetic.csv}
endpoints:
  DSS: 'Surv(months, status == "DOD")'
analyses:
  - {type: cox, endpoint: DSS, terms: size_cm, where: 'months < 4', subgroups: [depth]}
output: {dir: out_fail, formats: [json]}
E
run "$PG" run fail.yaml
expect_rc 1 "a subgroup without events"
python3 - out_fail/results.json <<'PY' && ok "the failure recorded, the other subgroup done" \
    || fail "results.json lacks the failure or the other result"
import json, sys
r = json.load(open(sys.argv[1]))["analyses"]
bad, good = r
assert bad["status"] == 1 and "no events" in bad["message"], bad
assert good["status"] == 0 and "coefficients" in json.dumps(good["result"]), good
PY
# the columns read (plan_columns.c): two sources on the same file and options share one
# reading, so it holds the columns of both sources' analyses; id_column is cox's --id
ln -s "$SRC/tests/data/cgd.csv" cgd.csv
cat >cols.yaml <<'E'
data:
  a: {file: cgd.csv}
  b: {file: cgd.csv}
endpoints:
  I: 'Surv(tstart, tstop, status)'
analyses:
  - {id: km_a, type: km, data: a, endpoint: I, by: treat}
  - {id: cox_b, type: cox, data: b, endpoint: I, terms: 'treat + age + steroids', id_column: id}
  - {id: cox_sub, type: cox, data: b, endpoint: I, terms: 'age', subgroups: [sex]}
  - {id: tab_a, type: table, data: a, endpoint: I, terms: 'treat + age', times: [100]}
  - {id: zph_b, type: zph, data: b, endpoint: I, terms: 'treat + age'}
output: {dir: out_cols, formats: [json]}
E
run "$PG" run -o one cols.yaml
expect_rc 0 "a plan of two sources on one file"
same km_a km -f 'Surv(tstart, tstop, status) ~ treat' cgd.csv && ok "km_a == prognos km" \
    || fail "km_a differs from prognos km"
same cox_b cox -f 'Surv(tstart, tstop, status) ~ treat + age + steroids' --id id cgd.csv \
    && ok "id_column: id == prognos cox --id id" || fail "cox_b differs from prognos cox --id"
same cox_sub_sex=male cox -f 'Surv(tstart, tstop, status) ~ age' --where '`sex` == "male"' \
    cgd.csv && ok "a subgroup column read for the source" || fail "cox_sub differs"
same tab_a table -f 'Surv(tstart, tstop, status) ~ treat + age' --times 100 cgd.csv \
    && ok "tab_a == prognos table" || fail "tab_a differs from prognos table"
same zph_b zph -f 'Surv(tstart, tstop, status) ~ treat + age' cgd.csv \
    && ok "zph_b == prognos zph" || fail "zph_b differs from prognos zph"
grep -q '"n_id": 128' one/results.json && ok "n_id with id_column" || fail "no n_id in the plan"
# commands without a formula: describe, and meta, whose own --by is the plan's 'by'
ln -s "$SRC/tests/data/meta_bcg.csv" bcg.csv
cat >nof.yaml <<'E'
data:
  lms: {file: datasets/lms_synthetic.csv}
  bcg: {file: bcg.csv}
analyses:
  - {id: desc, type: describe, data: lms}
  - {id: pool, type: meta, data: bcg, yi: yi, sei: sei}
  - {id: pool_by, type: meta, data: bcg, yi: yi, sei: sei, by: alloc}
  - {id: nothing, type: km, data: lms}
output: {dir: out_nof, formats: [json]}
E
run "$PG" run --check nof.yaml
expect_rc 2 "a km analysis without a formula"
expect_err "nof.yaml:8:5: the km analysis has no 'endpoint' (with 'by' or 'terms') or 'formula'"
sed -i '/id: nothing/d' nof.yaml
run "$PG" run -o one nof.yaml
expect_rc 0 "describe and meta in a plan"
same desc describe $LMS && ok "desc == prognos describe" || fail "desc differs from describe"
same pool meta --yi yi --sei sei bcg.csv && ok "pool == prognos meta" || fail "pool differs"
same pool_by meta --yi yi --sei sei --by alloc bcg.csv && ok "by: alloc == prognos meta --by" \
    || fail "pool_by differs from prognos meta --by alloc"
# reconstruct reads no data source: none is passed, and a plan of it alone needs no 'data'
R="$SRC/tests/data/reconstruct"
cat >rec.yaml <<E
analyses:
  - {id: rec, type: reconstruct, curve: $R/lung_km_steps.csv, risk: $R/lung_nrisk_0_800.csv}
output: {dir: out_rec, formats: [json]}
E
run "$PG" run -o one rec.yaml
expect_rc 0 "a plan of reconstruct alone"
same rec reconstruct --curve "$R/lung_km_steps.csv" --risk "$R/lung_nrisk_0_800.csv" \
    && ok "rec == prognos reconstruct" || fail "rec differs from prognos reconstruct"
printf 'analyses:\n  - {type: km, formula: "Surv(a, b) ~ 1"}\n' >nodata.yaml
run "$PG" run --check nodata.yaml
expect_rc 2 "km in a plan without data"
expect_err "the analysis has no 'data' (the plan names 0 data sources)"
# the same reading written with its options in another order is one reading: its columns are
# those of both sources' analyses
cat >order.yaml <<'E'
data:
  a: {file: cgd.csv, delim: ',', na: 'NA'}
  b: {file: cgd.csv, na: 'NA', delim: ','}
endpoints:
  I: 'Surv(tstart, tstop, status)'
analyses:
  - {id: km_a, type: km, data: a, endpoint: I, by: treat}
  - {id: cox_b, type: cox, data: b, endpoint: I, terms: 'age + steroids'}
output: {dir: out_order, formats: [json]}
E
run "$PG" run -o one order.yaml
expect_rc 0 "two sources, one reading, options in another order"
same cox_b cox -f 'Surv(tstart, tstop, status) ~ age + steroids' cgd.csv \
    && ok "cox_b == prognos cox" || fail "cox_b differs from prognos cox"
done_testing
