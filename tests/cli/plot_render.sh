#!/usr/bin/env bash
# plot_render.sh -- `prognos plot` through gnuplot: each image format, the figure's size, the
# saved script re-rendering, forest plots, the test and the labels named on the figure.
# Needs gnuplot: without it the test is skipped (exit 77, ctest's SKIP_RETURN_CODE).
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D=$SRC/tests/data
F='Surv(time, status) ~ x'
umask 022

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "SKIP: gnuplot is not installed; the rendering tests need it"
    exit 77
fi

magic() { head -c "$2" "$1" 2>/dev/null | od -An -c | tr -d ' \n'; }

for ext in png pdf svg eps; do
    run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/aml.$ext" --ci --pval --risk-table \
        --median-lines --title "It's \"AML\"" --time-unit weeks
    expect_rc 0 "render .$ext"
done
[ "$(magic "$TMPD/aml.png" 4)" = "211PNG" ] && ok "png magic" || fail "png magic"
[ "$(magic "$TMPD/aml.pdf" 4)" = "%PDF" ] && ok "pdf magic" || fail "pdf magic"
[ "$(magic "$TMPD/aml.eps" 10)" = "%!PS-Adobe" ] && ok "eps magic" || fail "eps magic"
grep -q "<svg" "$TMPD/aml.svg" && ok "svg element" || fail "svg element"
# 16 x 12 cm at 100 dpi: 630 x 472 pixels, in the IHDR chunk
run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/size.png" --size 16x12cm --dpi 100
expect_rc 0 "--size --dpi"
wh=$(od -An -tu1 -j16 -N8 "$TMPD/size.png" | tr -s ' ' | sed 's/^ //')
[ "$wh" = "0 0 2 118 0 0 1 216" ] && ok "png is 630 x 472" || fail "png size: $wh"

# --script: the saved script re-renders the same file with plain gnuplot
run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/re.png" --script "$TMPD/re.gp" --risk-table
expect_rc 0 "--script with -o"
grep -q "outfile = '$TMPD/re.png'" "$TMPD/re.gp" && ok "script writes -o" \
    || fail "script writes -o"
[ "$(stat -c %a "$TMPD/re.png")" = 644 ] && ok "image mode 644 (umask 022)" \
    || fail "image mode $(stat -c %a "$TMPD/re.png")"
[ "$(stat -c %a "$TMPD/re.gp")" = 644 ] && ok "script mode 644" || fail "script mode"
rm -f "$TMPD/re.png"
(cd "$TMPD" && gnuplot re.gp) && [ -s "$TMPD/re.png" ] && ok "gnuplot re.gp re-renders" \
    || fail "gnuplot re.gp re-renders"

# forest plot with Firth's correction
run "$PG" plot --forest --firth -f 'Surv(time, status) ~ age + factor(ph.ecog)' \
    "$D/lung.csv" -o "$TMPD/firth.svg" --script "$TMPD/firth.gp"
expect_rc 0 "forest --firth"
grep -q "<svg" "$TMPD/firth.svg" && ok "forest svg" || fail "forest svg"
grep -q "set label 'reference'" "$TMPD/firth.gp" && ok "reference level" \
    || fail "reference level"
grep -q "set label 'ph.ecog' at screen" "$TMPD/firth.gp" && ok "factor heading" \
    || fail "factor heading"
# forest plot of the ordinary fit
run "$PG" plot --forest -f 'Surv(time, status) ~ age + sex + factor(ph.ecog)' \
    "$D/lung.csv" -o "$TMPD/forest.pdf"
expect_rc 0 "forest"
[ "$(magic "$TMPD/forest.pdf" 4)" = "%PDF" ] && ok "forest pdf" || fail "forest pdf"

# a directory as the output: no image, no temporary file
mkdir "$TMPD/dir.png"
run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/dir.png"
expect_rc 2 "output is a directory"; expect_err "cannot rename output"
expect_no_file "$TMPD/dir.png.tmp"

# the test named on the plot; R: survdiff(Surv(time, status) ~ x, aml, rho = 1)$pvalue = 0.0955
run "$PG" plot -f "$F" "$D/aml.csv" --pval --rho 1 -o "$TMPD/x.png" --script -
expect_rc 0 "--rho 1"; expect_out "title 'Peto-Peto p = 0.095'"
# R: survdiff(Surv(time, status) ~ x, aml)$pvalue = 0.0653 (scripts/fixtures/logrank.R, "aml")
run "$PG" plot -f "$F" "$D/aml.csv" --pval -o "$TMPD/x.png" --script -
expect_out "title 'Log-rank p = 0.065'"

# curve labels: a function term is shortened to its name, --labels replaces the names
L="$SRC/datasets/lms_synthetic.csv"
run "$PG" plot -f 'Surv(months, status == "DOD") ~ fnclcc(diff, mitoses, necrosis)' "$L" \
    -o "$TMPD/g.png" --script - --risk-table
expect_rc 0 "function-term labels"; expect_out "fnclcc 1 (n = 230)"
run "$PG" plot -f 'Surv(months, status == "DOD") ~ sex' "$L" -o "$TMPD/l.png" --script - \
    --labels 'Female,Male'
expect_rc 0 "--labels"; expect_out "Female (n = 160)"; expect_out "Male (n = 320)"
done_testing
