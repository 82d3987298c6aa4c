#!/usr/bin/env bash
# plot.sh -- `prognos plot`: usage errors, rendering each format, --script, gnuplot missing or
# failing, and that a failed render leaves no file behind.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D=$SRC/tests/data
F='Surv(time, status) ~ x'
umask 022

magic() { head -c "$2" "$1" 2>/dev/null | od -An -c | tr -d ' \n'; }

run "$PG" plot --help; expect_rc 0 "--help"; expect_out "--risk-table"; expect_out "--forest"
run "$PG" plot -f "$F" "$D/aml.csv"; expect_rc 2 "no -o"; expect_err "give the image file with -o"
run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/f.jpg"; expect_rc 2 "unknown extension"
expect_err "cannot tell the image format of '$TMPD/f.jpg'"
run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/f.png" --size 16cm; expect_rc 2 "bad --size"
expect_err "--size wants WIDTHxHEIGHT"
run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/f.png" --fun log; expect_rc 2 "bad --fun"
run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/f.png" --test wilcoxon; expect_rc 2 "bad --test"
run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/f.png" --font 'Arial,0'; expect_rc 2 "bad --font"
run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/f.png" --dpi 5; expect_rc 2 "bad --dpi"
run "$PG" plot -f "$F" "$D/aml.csv" -o - ; expect_rc 2 "image to stdout"
run "$PG" plot --forest --risk-table -f "$F" "$D/aml.csv" -o "$TMPD/f.png"
expect_rc 2 "KM options with --forest"
run "$PG" plot --frob -f "$F" "$D/aml.csv" -o "$TMPD/f.png"; expect_rc 2 "unknown option"
expect_err "unknown option '--frob'"
expect_no_file "$TMPD/f."

# The rest needs the CSV reader, the formula evaluator and the estimators.
run "$PG" plot -f "$F" "$D/aml.csv" --script "$TMPD/probe.gp"
if [ "$rc" -ne 0 ] && printf '%s' "$err" | grep -q "not built yet\|not available"; then
    echo "# skipping the data tests: $(printf '%s' "$err" | head -1)"
    done_testing
    exit $?
fi
rm -f "$TMPD"/probe.*

if command -v gnuplot >/dev/null 2>&1; then
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

    # forest plot with Firth's correction, and the ordinary fit once the Cox module is in
    run "$PG" plot --forest --firth -f 'Surv(time, status) ~ age + factor(ph.ecog)' \
        "$D/lung.csv" -o "$TMPD/firth.svg" --script "$TMPD/firth.gp"
    expect_rc 0 "forest --firth"
    grep -q "<svg" "$TMPD/firth.svg" && ok "forest svg" || fail "forest svg"
    grep -q "set label 'reference'" "$TMPD/firth.gp" && ok "reference level" \
        || fail "reference level"
    grep -q "set label 'ph.ecog' at screen" "$TMPD/firth.gp" && ok "factor heading" \
        || fail "factor heading"
    # forest plot (once the Cox module is in the build)
    run "$PG" plot --forest -f 'Surv(time, status) ~ age + sex + factor(ph.ecog)' \
        "$D/lung.csv" -o "$TMPD/forest.pdf"
    if printf '%s' "$err" | grep -q "not built yet"; then
        echo "# skipping the forest test: $err"
    else
        expect_rc 0 "forest"
        [ "$(magic "$TMPD/forest.pdf" 4)" = "%PDF" ] && ok "forest pdf" || fail "forest pdf"
    fi

    # a directory as the output: no image, no temporary file
    mkdir "$TMPD/dir.png"
    run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/dir.png"
    expect_rc 2 "output is a directory"; expect_err "cannot rename output"
    expect_no_file "$TMPD/dir.png.tmp"
fi

# End to end (CSV -> frame -> km/logrank/cox -> script) equals the golden scripts that
# tests/check_plot.c builds from R's survfit/survdiff/coxph numbers.
same_as_golden() {  # golden-name, then the prognos plot arguments
    local g=$1; shift
    # rendered into $TMPD; the script's outfile line is compared without the directory
    "$PG" plot "$@" --script - 2>/dev/null | tail -n +2 | sed "s|$TMPD/||" >"$TMPD/gold.out"
    if tail -n +2 "$SRC/tests/golden/$g" | cmp -s - "$TMPD/gold.out"; then ok "script = golden $g"
    else fail "script differs from golden $g"; fi
}
same_as_golden km_aml_full.gp -f "$F" "$D/aml.csv" --ci --pval --risk-table --cum-events \
    --median-lines --time-unit weeks --title 'AML: maintenance chemotherapy' -o "$TMPD/aml.pdf"
same_as_golden km_veteran.gp -f 'Surv(time, status) ~ celltype' "$D/veteran.csv" --ci --pval \
    --risk-table --time-unit days -o "$TMPD/veteran.png"
same_as_golden forest_lung.gp --forest -f 'Surv(time, status) ~ age + sex + factor(ph.ecog)' \
    "$D/lung.csv" -o "$TMPD/forest.png"

# the test named on the plot; R: survdiff(Surv(time, status) ~ x, aml, rho = 1)$pvalue = 0.0955
run "$PG" plot -f "$F" "$D/aml.csv" --pval --rho 1 -o "$TMPD/x.png" --script -
expect_rc 0 "--rho 1"; expect_out "title 'Peto-Peto p = 0.095'"
run "$PG" plot -f "$F" "$D/aml.csv" --pval -o "$TMPD/x.png" --script -
expect_out "title 'Log-rank p = 0.065'"
run "$PG" plot -f "$F" "$D/aml.csv" --pval --test gehan --rho 1 -o "$TMPD/x.png"
expect_rc 2 "--rho with gehan"; expect_err "--rho does not apply to --test gehan"

# --script without -o: the script alone, writing the script's stem + .png
run "$PG" plot -f "$F" "$D/aml.csv" --script "$TMPD/only.gp"
expect_rc 0 "--script alone"
grep -q "outfile = '$TMPD/only.png'" "$TMPD/only.gp" && ok "derived output name" \
    || fail "derived output name"
expect_no_file "$TMPD/only.png"

# gnuplot missing: exit 1, a clear message, the script still saved, no image
PROGNOS_GNUPLOT=/nonexistent/gnuplot run "$PG" plot -f "$F" "$D/aml.csv" -o "$TMPD/miss.png" \
    --script "$TMPD/miss.gp"
expect_rc 1 "gnuplot missing"
expect_err "gnuplot not found; install gnuplot-nox (the script was saved to $TMPD/miss.gp)"
[ -s "$TMPD/miss.gp" ] && ok "script saved" || fail "script saved"
expect_no_file "$TMPD/miss.png"

# --pval needs groups
run "$PG" plot -f 'Surv(time, status) ~ 1' "$D/aml.csv" -o "$TMPD/one.png" --pval
expect_rc 1 "--pval with one curve"; expect_err "--pval needs two or more groups"
expect_no_file "$TMPD/one.png"
# curve labels: a function term is shortened to its name, --labels replaces the names
L="$SRC/datasets/lms_synthetic.csv"
run "$PG" plot -f 'Surv(months, status == "DOD") ~ fnclcc(diff, mitoses, necrosis)' "$L" \
    -o "$TMPD/g.png" --script - --risk-table
expect_rc 0 "function-term labels"; expect_out "fnclcc 1 (n = 230)"
run "$PG" plot -f 'Surv(months, status == "DOD") ~ sex' "$L" -o "$TMPD/l.png" --script - \
    --labels 'Female,Male'
expect_rc 0 "--labels"; expect_out "Female (n = 160)"; expect_out "Male (n = 320)"
run "$PG" plot -f 'Surv(months, status == "DOD") ~ sex' "$L" -o "$TMPD/l1.png" --labels 'Female'
expect_rc 2 "--labels count"; expect_err "1 labels for 2 curves"; expect_no_file "$TMPD/l1.png"
done_testing
