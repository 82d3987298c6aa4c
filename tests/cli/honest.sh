#!/usr/bin/env bash
# honest.sh -- inputs that used to give a wrong answer with exit 0 now stop with a located
# message (issue 17): summary rows, decimal commas in the wrong file, text time columns, names
# with spaces, typographic quotes, -f twice, few events per coefficient.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D=$SRC/tests/data
S=$D/summary

# --- summary rows: a TOTAL row read as a patient moved the median from 131 to 218 months ---
F='Surv(meses, estado == "Muerto") ~ 1'
run "$PG" km -f "$F" -o "$TMPD/km.txt" "$S/total_es.csv"; expect_rc 2 "TOTAL row stops km"
expect_err "total_es.csv:6: looks like a summary row, not data ('TOTAL' in column 'paciente')"
expect_err "--drop-summary-rows"; expect_no_file "$TMPD/km.txt"
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && ok "one line" || fail "more than one line"
run "$PG" km --drop-summary-rows -f "$F" "$S/total_es.csv"; expect_rc 0 "--drop-summary-rows"
expect_err "total_es.csv:6: summary row left out ('TOTAL' in column 'paciente')"
expect_err "1 summary row left out (--drop-summary-rows)"
expect_out "[1,] 4      2"
run "$PG" describe "$S/sums_blank_id.csv"; expect_rc 2 "a row of column sums"
expect_err "sums_blank_id.csv:6: looks like a summary row, not data (its 2 numbers are the sums"
run "$PG" describe "$S/labels_mixed.csv"; expect_rc 2 "Subtotal, média, Total general:"
expect_err "labels_mixed.csv:4: looks like a summary row, not data ('Subtotal' in column 'id') (also line 8, line 9)"
run "$PG" describe --drop-summary-rows "$S/labels_mixed.csv"; expect_rc 0 "three left out"
expect_err "3 summary rows left out"; expect_out "5 rows"
run "$PG" describe "$S/zeros_are_data.csv"; expect_rc 0 "zeros and chance sums are data"
# meta pooled a trailing "Overall" row as a fourth study
M="--hr hr --lower lower --upper upper --label study"
run "$PG" meta $M "$S/meta_overall.csv"; expect_rc 2 "meta: Overall row"
expect_err "meta_overall.csv:5: looks like a summary row, not data ('Overall' in column 'study')"
run "$PG" meta $M --drop-summary-rows "$S/meta_overall.csv"; expect_rc 0 "meta without it"
expect_out "k = 3"
# no bundled or test dataset raises the alarm
for f in "$SRC"/datasets/*.csv "$D"/*.csv "$D"/csv/*.csv "$D"/reconstruct/*.csv; do
    run "$PG" describe "$f"
    case "$err" in *"summary row"*) fail "false alarm on $f";; esac
done
ok "no false alarm on the bundled datasets"

done_testing
