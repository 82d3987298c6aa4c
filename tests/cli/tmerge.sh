#!/usr/bin/env bash
# tmerge.sh -- `prognos tmerge` against R's tmerge (scripts/fixtures/tmerge.R, survival 3.5-3):
# the jasa rows rebuild R's `heart` data set, their Cox fit is R's, a small case through every
# rule (early, leading, within, trailing, late, tied, missid, na.rm; tdc, cumtdc, event) gives
# R's rows and tcount, and bad input stops with file:line and no output file.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
. "$SRC/tests/fixtures/counting_r.sh"
. "$SRC/tests/fixtures/pbcseq_r.sh"
D="$SRC/tests/data"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# same_csv A B COLS: the columns COLS (comma-separated; names in B) of A equal B's to 1e-12
same_csv() {
    python3 - "$1" "$2" "$3" <<'PY'
import csv, sys
a = list(csv.DictReader(open(sys.argv[1]))); b = list(csv.DictReader(open(sys.argv[2])))
cols = sys.argv[3].split(",")
if len(a) != len(b): sys.exit("rows %d vs %d" % (len(a), len(b)))
for i, (x, y) in enumerate(zip(a, b)):
    for c in cols:
        ca, cb = c.split("=") if "=" in c else (c, c)
        u, v = x[ca], y[cb]
        if u == v == "NA": continue
        if abs(float(u) - float(v)) > 1e-12 * max(1, abs(float(v))):
            sys.exit("row %d column %s: %s vs %s" % (i + 1, c, u, v))
PY
}

# R: tmerge(base, base, id, event = event(futime, fustat)); tmerge(., tx, id, transplant =
# tdc(txday)) is `heart` (stopifnot in the fixture script)
run "$PG" tmerge --id id --time futime --status event=fustat \
    --tdc "transplant=$D/jasa_tx.csv:txday" "$D/jasa_base.csv" -o "$T/long.csv"
expect_rc 0 "tmerge jasa"
expect_err "transplant        0      0      0     69        0       0        0      0      0"
expect_err "103 subjects, 172 rows"
if msg=$(same_csv "$T/long.csv" "$D/heart.csv" \
    "tstart=start,tstop=stop,event,age,year,surgery,transplant,id" 2>&1); then
    ok "tmerge jasa = heart, every row and column"
else
    fail "tmerge jasa != heart: $msg"
fi
run "$PG" cox -f 'Surv(tstart, tstop, event) ~ age + year + surgery + transplant' --id id \
    --format json "$T/long.csv"
expect_rc 0 "cox on the merged rows"
# R: coxph(Surv(tstart, tstop, event) ~ age + year + surgery + transplant, s): coef, se
for k in "0 0.02716664096 0.01371411521" "1 -0.14634634567 0.07046797952" \
         "2 -0.63720988997 0.36722599618" "3 -0.01025077241 0.31375479834"; do
    set -- $k
    if printf '%s' "$out" | python3 -c '
import json, sys
c = json.load(sys.stdin)["coefficients"][int(sys.argv[1])]
ok = abs(c["coef"] - float(sys.argv[2])) < 1e-8 and abs(c["std_err"] - float(sys.argv[3])) < 1e-8
sys.exit(0 if ok else 1)' "$1" "$2" "$3"; then ok "cox coef/se $1 = R"; else fail "cox coef/se $1"; fi
done

# the small case: R's rows (tests/data/tmerge_small_r.csv) and R's tcount
run "$PG" tmerge --id id --time futime --status status --tdc "dosed=$D/tmerge_dose.csv:day" \
    --tdc "dose=$D/tmerge_dose.csv:day,dose,0" --cumtdc "ndose=$D/tmerge_dose.csv:day" \
    --cumtdc "total=$D/tmerge_dose.csv:day,dose" --event "visit=$D/tmerge_visit.csv:day" \
    "$D/tmerge_base.csv" -o "$T/small.csv"
expect_rc 0 "tmerge small case"
if msg=$(same_csv "$T/small.csv" "$D/tmerge_small_r.csv" \
    "id,x,tstart,tstop,status,dosed,dose,ndose,total,visit" 2>&1); then
    ok "small case = R's rows"
else
    fail "small case: $msg"
fi
expect_err "dosed             1      1      0      5        0       1        1      1      1"
expect_err "dose              1      1      0      0        4       1        1      1      1"
expect_err "ndose             1      1      0      0        5       1        1      1      1"
expect_err "visit             0      0      0      2        0       1        2      0      0"
expect_err "tmerge_dose.csv:10: id not in the base file; 1 such row of 'dosed' ignored"
expect_err "tmerge_dose.csv:9: missing time or value; 1 such row of 'dose' ignored"

# errors: file:line, exit 2, no output file
printf 'id,futime,status\n1,10,1\n2,5,0\n1,7,1\n' > "$T/dup.csv"
run "$PG" tmerge --id id --time futime --tdc "a=$D/tmerge_dose.csv:day" "$T/dup.csv" \
    -o "$T/o1.csv"
expect_rc 2 "duplicate id in the base"
expect_err "dup.csv:4:1: id '1' is also on line 2: the base file has one row per subject"
expect_no_file "$T/o1.csv"
printf 'id,futime,status\n1,10,1\n2,0,0\n' > "$T/zero.csv"
run "$PG" tmerge --id id --time futime "$T/zero.csv" -o "$T/o2.csv"
expect_rc 2 "follow-up of 0"
expect_err "zero.csv:3:2: follow-up ends at 0, not after its start 0"
expect_no_file "$T/o2.csv"
printf 'id,day\n1,3\n,4\n' > "$T/noid.csv"
run "$PG" tmerge --id id --time futime --tdc "a=$T/noid.csv:day" "$D/tmerge_base.csv"
expect_rc 2 "missing id in a change file"
expect_err "noid.csv:3:1: missing id in column 'id'"
run "$PG" tmerge --id id --time futime --tdc "a=$D/tmerge_dose.csv:when" "$D/tmerge_base.csv"
expect_rc 2 "unknown time column"
expect_err "no column 'when' (the time of the change)"
run "$PG" tmerge --id id --time futime --tdc "nofile" "$D/tmerge_base.csv"
expect_rc 2 "bad --tdc"
expect_err "NAME=FILE:TIME[,VALUE[,INIT]]"
run "$PG" tmerge --id id --time futime --tdc "x=$D/tmerge_dose.csv:day" "$D/tmerge_base.csv"
expect_rc 2 "new column named like a base column"
expect_err "a new column cannot be named 'x': the base file has it already"
# a missing base status: R's tmerge(b, b, id = id, death = event(time, st)) gives 0 (na.rm
# drops the event), and NA with options = list(na.rm = FALSE) (--keep-na):
#   b <- data.frame(id = 1:3, time = c(10, 20, 30), st = c(1, NA, 0))
printf 'id,time,st\n1,10,1\n2,20,\n3,30,0\n' >"$TMPD/st_na.csv"
run "$PG" tmerge --id id --time time --status death=st "$TMPD/st_na.csv"
expect_rc 0 "missing status"; expect_out "2,0,20,0"
run "$PG" tmerge --id id --time time --status death=st --keep-na "$TMPD/st_na.csv"
expect_rc 0 "missing status, --keep-na"; expect_out "2,0,20,NA"
# tdc() of a text column (R's tdc takes any type): NA before the first change, the level after
#   m <- tmerge(b, b, id = id, st = event(time, st)); tmerge(m, x, id = id, trt = tdc(day, drug))
#   -> (0,5] NA, (5,10] chemo | (0,3] NA, (3,20] radio
printf 'id,time,st\n1,10,1\n2,20,0\n' >"$TMPD/tb2.csv"
printf 'id,day,drug\n1,5,chemo\n2,3,radio\n' >"$TMPD/tx.csv"
run "$PG" tmerge --id id --time time --status st --tdc "trt=$TMPD/tx.csv:day,drug" "$TMPD/tb2.csv"
expect_rc 0 "text tdc"
expect_out "$(printf 'id,tstart,tstop,st,trt\n1,0,5,0,NA\n1,5,10,1,chemo\n2,0,3,0,NA\n2,3,20,0,radio')"
run "$PG" tmerge --id id --time time --status st --tdc "trt=$TMPD/tx.csv:day,drug,0" "$TMPD/tb2.csv"
expect_rc 2 "text tdc with a numeric INIT"; expect_err "takes no numeric INIT"
run "$PG" tmerge --id id --time time --status st --cumtdc "trt=$TMPD/tx.csv:day,drug" "$TMPD/tb2.csv"
expect_rc 2 "cumtdc of text"; expect_err "must be numeric"
# the timedep vignette's pbc + pbcseq (scripts/fixtures/pbcseq.R): tdc of bili, albumin and
# protime from the visits, R's rows and tcount, then R's time-dependent Cox fit
run "$PG" tmerge --id id --time time --status death=status \
    --tdc "bili=$D/pbcseq.csv:day,bili" --tdc "albumin=$D/pbcseq.csv:day,albumin" \
    --tdc "protime=$D/pbcseq.csv:day,protime" "$D/pbc_base.csv" -o "$T/pbc2.csv"
expect_rc 0 "tmerge pbc + pbcseq"
# R: attr(tmerge(...), "tcount") -- 138 visits after the end of follow-up, 312 at day 0
expect_err "bili              0    138      0   1495        0     312        0      0      0"
expect_err "albumin           0    138      0      0     1495     312        0      0      0"
expect_err "312 subjects, 1807 rows"
if msg=$(same_csv "$T/pbc2.csv" "$D/pbc2_r.csv" "id,tstart,tstop,death,bili,albumin,protime" 2>&1)
then ok "tmerge pbc + pbcseq = R's pbc2, every row and column"
else fail "tmerge pbc2: $msg"; fi
run "$PG" cox -f 'Surv(tstart, tstop, death == 2) ~ log(bili) + log(protime)' --format json \
    "$T/pbc2.csv"
expect_rc 0 "cox on the tmerge rows"
near 'd["coefficients"][0]["coef"]' "$PBC2_LBILI" "time-dependent log(bili)"
near 'd["coefficients"][1]["coef"]' "$PBC2_LPROT" "time-dependent log(protime)"
# near_rel PYEXPR WANT WHAT: as near, but 1e-6 relative also below 1
near_rel() {
    printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
sys.exit(abs(float(eval(sys.argv[1])) - float(sys.argv[2])) > 1e-6 * abs(float(sys.argv[2])))' \
        "$1" "$2" && ok "$3 = $2" || fail "$3: want $2"
}
near_rel 'd["coefficients"][0]["std_err"]' "$PBC2_LBILI_SE" "se log(bili)"
near_rel 'd["coefficients"][1]["std_err"]' "$PBC2_LPROT_SE" "se log(protime)"
near 'd["loglik"]["final"]' "$PBC2_LOGLIK" "loglik"
near 'd["n"]' "$PBC2_N" "rows"
run "$PG" cox -f 'Surv(tstart, tstop, death == 2) ~ log(bili) + log(protime) + albumin' \
    --id id --format json "$T/pbc2.csv"
near 'd["coefficients"][2]["coef"]' "$PBC3_ALB" "time-dependent albumin"
near_rel 'd["coefficients"][2]["std_err"]' "$PBC3_ALB_SE" "se albumin"
run "$PG" cox -f 'Surv(time, status == 2) ~ log(bili) + log(protime)' --where 'id <= 312' \
    --format json "$D/pbc.csv"
near 'd["coefficients"][0]["coef"]' "$PBC1_LBILI" "baseline log(bili), for contrast"
done_testing
