#!/usr/bin/env bash
# plot.sh -- `prognos plot` without gnuplot: usage errors, the script (against golden files),
# --script alone, gnuplot missing, and that a failed render leaves no file behind. Rendering
# through gnuplot is tests/cli/plot_render.sh.
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
run "$PG" plot -f "$F" "$D/aml.csv" --pval --test gehan --rho 1 -o "$TMPD/x.png"
expect_rc 2 "--rho with gehan"; expect_err "--rho does not apply to --test gehan"
L="$SRC/datasets/lms_synthetic.csv"
run "$PG" plot -f 'Surv(months, status == "DOD") ~ sex' "$L" -o "$TMPD/l1.png" --labels 'Female'
expect_rc 2 "--labels count"; expect_err "1 labels for 2 curves"; expect_no_file "$TMPD/l1.png"

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

# the forest's CI heading carries the level as given: --conf-level 0.975 is 97.5%, not 98%
run "$PG" plot --forest -f 'Surv(time, status) ~ age + sex' --conf-level 0.975 "$D/lung.csv" \
    -o "$TMPD/f975.svg" --script -
expect_rc 0 "forest at 97.5%"; expect_out "HR (97.5% CI)"

# --script without -o: the script alone, writing the script's stem + .png
run "$PG" plot -f "$F" "$D/aml.csv" --script "$TMPD/only.gp"
expect_rc 0 "--script alone"
grep -q "outfile = '$TMPD/only.png'" "$TMPD/only.gp" && ok "derived output name" \
    || fail "derived output name"
expect_no_file "$TMPD/only.png"

# --script to a FIFO is written in place, and its mode is left alone (it was chmod-ed to
# 0666 & ~umask, as --script /dev/null did to the device)
mkfifo "$TMPD/fifo.gp" && chmod 600 "$TMPD/fifo.gp"
cat "$TMPD/fifo.gp" >"$TMPD/fifo.out" &
run "$PG" plot -f "$F" "$D/aml.csv" --script "$TMPD/fifo.gp"
wait
expect_rc 0 "--script FIFO"
grep -q "^set terminal" "$TMPD/fifo.out" && ok "script read from the FIFO" \
    || fail "nothing read from the FIFO"
[ "$(stat -c %a "$TMPD/fifo.gp")" = 600 ] && ok "FIFO mode untouched" \
    || fail "FIFO mode now $(stat -c %a "$TMPD/fifo.gp")"

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
# Surv(start, stop, event): the left-truncated curves and their risk table, as R:
# summary(survfit(Surv(start, stop, event) ~ transplant, heart), times = c(0, 500, 1000))$n.risk
#   -> 103 1 1 | 11 22 8; the test is the Cox score test (survdiff takes no such data):
# summary(coxph(Surv(start, stop, event) ~ transplant, heart))$sctest p = 0.6728228820
run "$PG" plot -f 'Surv(start, stop, event) ~ transplant' "$SRC/tests/data/heart.csv" \
    --risk-table --pval --script "$TMPD/heart.gp" -o "$TMPD/heart.png"
expect_rc 0 "plot on counting-process data"
for want in "risk_1|0 2 103" "risk_1|500 2 1" "risk_1|1000 2 1" "risk_2|0 3 11" "risk_2|500 3 22" \
            "risk_2|1000 3 8"; do
    awk -v b="\$${want%%|*}" -v w="${want#*|}" '$1 == b {on = 1; next} /^EOD/ {on = 0}
        on && $0 == w {f = 1} END {exit !f}' "$TMPD/heart.gp" &&
        ok "heart ${want%%|*}: ${want#*|}" || fail "heart ${want%%|*}: want ${want#*|}"
done
grep -q "title 'Cox score test p = 0.67'" "$TMPD/heart.gp" && ok "score test p" || fail "score test p"
# --weights: survfit(Surv(time, status) ~ sex, lung_weights, weights = fw): n.risk at 0, 200,
# 400 = 164 89 35.75 | 121.5 91.75 38.25 (weighted sums, shown with a decimal); the test is
# summary(coxph(Surv(time, status) ~ sex, weights = fw))$sctest p = 7.837635132e-05
run "$PG" plot -f 'Surv(time, status) ~ sex' --weights fw "$SRC/tests/data/lung_weights.csv" \
    --risk-table --pval --script "$TMPD/w.gp" -o "$TMPD/w.png"
expect_rc 0 "plot --weights"
for want in "risk_1|0 2 164" "risk_1|200 2 89" "risk_1|400 2 35.75" "risk_2|0 3 121.5" \
            "risk_2|200 3 91.75" "risk_2|400 3 38.25"; do
    awk -v b="\$${want%%|*}" -v w="${want#*|}" '$1 == b {on = 1; next} /^EOD/ {on = 0}
        on && $0 == w {f = 1} END {exit !f}' "$TMPD/w.gp" &&
        ok "weighted ${want%%|*}: ${want#*|}" || fail "weighted ${want%%|*}: want ${want#*|}"
done
grep -q "title 'Cox score test p < 0.001'" "$TMPD/w.gp" && ok "weighted score test p" ||
    fail "weighted score test p"
grep -q "sprintf('%.1f', \$3)" "$TMPD/w.gp" && ok "fractional counts with a decimal" ||
    fail "fractional counts"
run "$PG" plot -f 'Surv(time, status) ~ sex' --weights fw --forest "$SRC/tests/data/lung_weights.csv" \
    -o "$TMPD/wf.png"
expect_rc 2 "--weights with --forest"; expect_no_file "$TMPD/wf.png"
done_testing
