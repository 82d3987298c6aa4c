#!/usr/bin/env bash
# meta.sh -- `prognos meta`: the three input forms, the JSON contract, located errors for bad
# study rows (exit 2, no partial -o file), k = 1 and k = 2, the optional analyses.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D=$SRC/tests/data

# dat.hackshaw1998 by REML: metafor's rma(log(or), sei from the CI) gives b = 0.218889231609
run "$PG" meta --hr or --lower lower --upper upper --study label --format json "$D/meta_hackshaw.csv"
expect_rc 0 "hr input, json"
for key in '"k": 37' '"method": "REML"' '"test": "z"' '"log_estimate": 0.2188892316' \
           '"tau2_conf_low"' '"i2_conf_high"' '"h2"' '"q_df": 36' '"prediction"' '"studies"' \
           '"weight"' '"label": "Garfinkel 1981"'; do expect_out "$key"; done

run "$PG" meta --yi yi --sei sei --study label --method dl --test knha "$D/meta_bcg.csv"
expect_rc 0 "yi input, DL, knha"
expect_out "Pooled (DL)"
expect_out "t(12)"

# the SE of a moment estimate of tau2: rma(yi, vi, method = "DL", data = bcg)$se.tau2 = 0.22987
run "$PG" meta --yi yi --sei sei --method dl --format json "$D/meta_bcg.csv"
expect_rc 0 "DL, json"
expect_out '"tau2_std_err": 0.22986999'
expect_out '"warnings": []'

run "$PG" meta --hr or --lower lower --upper upper --method he --format json "$D/meta_hackshaw.csv"
expect_rc 0 "HE at its boundary 0, json"
expect_out 'boundary 0: the random-effects result is the fixed-effect one'

run "$PG" meta --oe oe --v v "$D/meta_bcg.csv"
expect_rc 0 "O-E and V input: Peto by default"
expect_out "Pooled (Peto)"
expect_out "study 13"

run "$PG" meta --yi yi --sei sei --by alloc --leave-one-out --egger --format json "$D/meta_bcg.csv"
expect_rc 0 "subgroups, leave-one-out, egger"
expect_out '"q_between"'
expect_out '"leave_one_out"'
expect_out '"egger"'

run "$PG" meta --yi yi --sei sei --format csv "$D/meta_bcg.csv"
expect_rc 0 "csv"
expect_out "pooled,"
expect_out "prediction,"

# k = 1 and k = 2
printf 'label,hr,lo,hi\nA,0.8,0.6,1.1\n' >"$TMPD/one.csv"
run "$PG" meta --hr hr --lower lo --upper hi "$TMPD/one.csv"
expect_rc 0 "one study"
expect_out "not estimable"
run "$PG" meta --hr hr --lower lo --upper hi --test knha "$TMPD/one.csv"
expect_rc 1 "one study, knha refused"
expect_err "at least 2 studies"
printf 'label,hr,lo,hi\nA,0.8,0.6,1.1\nB,0.7,0.5,0.98\n' >"$TMPD/two.csv"
run "$PG" meta --hr hr --lower lo --upper hi "$TMPD/two.csv"
expect_rc 0 "two studies"
expect_out "boundary 0"

# bad rows: located one-line errors, exit 2, no -o file
printf 'label,hr,lo,hi\nA,0.8,0.6,1.1\nB,0.7,0.9,0.5\n' >"$TMPD/rev.csv"
run "$PG" meta --hr hr --lower lo --upper hi --study label -o "$TMPD/o.json" "$TMPD/rev.csv"
expect_rc 2 "upper below lower"
expect_err "rev.csv:3: study 'B': the upper limit is not above the lower"
expect_no_file "$TMPD/o.json"
printf 'label,hr,lo,hi\nA,0.8,0.6,1.1\nB,0,0.5,0.9\n' >"$TMPD/zero.csv"
run "$PG" meta --hr hr --lower lo --upper hi "$TMPD/zero.csv"
expect_rc 2 "non-positive HR"
expect_err "zero.csv:3: study 'study 2': a ratio or a limit is not positive"
printf 'label,yi,se\nA,0.1,0.2\nB,0.3,0\nC,0.2,\n' >"$TMPD/se0.csv"
run "$PG" meta --yi yi --sei se --study label "$TMPD/se0.csv"
expect_rc 2 "SE 0"
expect_err "se0.csv:3: study 'B': the standard error is not positive"
printf 'label,yi,se\nA,0.1,0.2\nC,0.2,\n' >"$TMPD/sena.csv"
run "$PG" meta --yi yi --sei se --study label "$TMPD/sena.csv"
expect_rc 2 "SE missing"
expect_err "sena.csv:3: study 'C': a value is missing"
run "$PG" meta --yi yi --sei nosuch "$D/meta_bcg.csv"
expect_rc 2 "unknown column"
expect_err "no column 'nosuch'"
run "$PG" meta --yi yi "$D/meta_bcg.csv"
expect_rc 2 "--yi without --sei"
run "$PG" meta --yi yi --sei sei --oe oe --v v "$D/meta_bcg.csv"
expect_rc 2 "two inputs"
run "$PG" meta --yi yi --sei sei --method peto "$D/meta_bcg.csv"
expect_rc 2 "peto needs O-E"
# figures: the gnuplot script (no gnuplot needed for --script -)
run "$PG" meta --hr or --lower lower --upper upper --study label --plot forest -o "$TMPD/f.png" \
    --script - "$D/meta_hackshaw.csv"
case "$out" in *"forest plot of a meta-analysis"*"set object polygon"*"ps variable"*)
    ok "forest script: diamond and weighted squares";; *) fail "forest script";; esac
run "$PG" meta --yi yi --sei sei --plot funnel -o "$TMPD/u.svg" --script - "$D/meta_bcg.csv"
case "$out" in *"funnel plot of a meta-analysis"*"set yrange"*":0]"*)
    ok "funnel script: SE axis reversed";; *) fail "funnel script";; esac
run "$PG" meta --yi yi --sei sei --plot pie -o "$TMPD/p.png" "$D/meta_bcg.csv"
expect_rc 2 "unknown --plot kind"
run "$PG" meta --yi yi --sei sei --plot forest "$D/meta_bcg.csv"
expect_rc 2 "--plot without -o"
expect_err "--plot needs the image file with -o"
# --study names the studies; the old --label COL is refused with the new name (exit 2), and
# --label VAR=TEXT / --level label the --by variable, its levels, the ratio column and the
# studies in the table (JSON keeps the data's names)
run "$PG" meta --yi yi --sei sei --label label -o "$TMPD/old.txt" "$D/meta_bcg.csv"
expect_rc 2 "--label COL refused"
expect_err "use --study COL for the study column"
expect_no_file "$TMPD/old.txt"
run "$PG" meta --yi yi --sei sei --study nosuch "$D/meta_bcg.csv"
expect_rc 2 "--study of no column"
expect_err "no column 'nosuch'"
run "$PG" meta --yi yi --sei sei --study label --by alloc --label alloc=Allocation \
    --level 'alloc=random:Randomised,systematic:Systematic' \
    --level 'label=Aronson 1948:Aronson (1948)' "$D/meta_bcg.csv"
expect_rc 0 "labels of --by and --study"
expect_out "Subgroups by Allocation"
expect_out "Randomised 7"
expect_out "Aronson (1948)"
expect_out "alternate  2"
run "$PG" meta --hr or --lower lower --upper upper --study label --label 'or=Odds ratio' \
    --format md "$D/meta_hackshaw.csv"
expect_rc 0 "label of the ratio column"
expect_out "| Study               | Odds ratio |"
run "$PG" meta --yi yi --sei sei --study label --by alloc --level 'alloc=random:Randomised' \
    --format json "$D/meta_bcg.csv"
expect_rc 0 "json keeps the data's names"
expect_out '"group": "random"'
expect_out '"label": "Aronson 1948"'
run "$PG" meta --yi yi --sei sei --label nosuch=X "$D/meta_bcg.csv"
expect_rc 2 "a label of no column"
expect_err "unknown variable 'nosuch'"
run "$PG" meta --hr or --lower lower --upper upper --study label --plot forest -o "$TMPD/f.png" \
    --level 'label=Garfinkel 1981:Garfinkel (1981)' --script - "$D/meta_hackshaw.csv"
expect_out "'Garfinkel (1981)'"
# in a plan: 'study' is --study, labels and --lang apply as on the command line (the plan's
# shared data), and the old 'label: COL' fails with the same message
cat >"$TMPD/p.yaml" <<EOF
data:
  bcg: {file: $D/meta_bcg.csv}
analyses:
  - {id: pool_by, type: meta, yi: yi, sei: sei, study: label, by: alloc, label: [alloc=Allocation], level: ['alloc=random:Randomised'], lang: es}
output: {dir: $TMPD/rep, formats: [md]}
EOF
run "$PG" run "$TMPD/p.yaml"
expect_rc 0 "meta in a plan with study, labels and lang"
rep=$(cat "$TMPD/rep/report.md" 2>/dev/null)
case "$rep" in *"Subgrupos por Allocation"*"| Randomised "*) ok "plan: labels and words";;
    *) fail "plan: labels and words";; esac
cat >"$TMPD/q.yaml" <<EOF
data:
  bcg: {file: $D/meta_bcg.csv}
analyses:
  - {id: old, type: meta, yi: yi, sei: sei, label: label}
output: {dir: $TMPD/rep2, formats: [md]}
EOF
run "$PG" run "$TMPD/q.yaml"
rep=$(cat "$TMPD/rep2/report.md" 2>/dev/null)
case "$rep" in *"use --study COL for the study column"*) ok "plan: old label refused";;
    *) fail "plan: old label refused";; esac
done_testing
