#!/usr/bin/env bash
# table_counting.sh -- `prognos table` on Surv(start, stop, event) data (with --id) and with
# --weights, against R's numbers (tests/fixtures/table_counting_r.sh, written by
# scripts/fixtures/table_counting.R; each value there names the survfit/coxph call behind it).
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
. "$SRC/tests/fixtures/table_counting_r.sh"
D="$SRC/tests/data"

# the columns of a two-level factor whose rows are r0 (reference) and r1 in d["rows"]
two_levels() {   # TAG r0 r1 what
    local t=$1 a=$2 b=$3 w=$4 k=1 r q
    for r in $a $b; do
        for q in 0 1; do
            eval "near 'd[\"rows\"][$r][\"survival\"][$q][\"estimate\"]' \"\$${t}_S$k\" \"$w S r$r t$q\""
            eval "near 'd[\"rows\"][$r][\"survival\"][$q][\"conf_low\"]' \"\$${t}_L$k\" \"$w lower r$r t$q\""
            eval "near 'd[\"rows\"][$r][\"survival\"][$q][\"conf_high\"]' \"\$${t}_U$k\" \"$w upper r$r t$q\""
            k=$((k + 1))
        done
    done
    eval "near 'd[\"rows\"][$b][\"univariable\"][\"hr\"]' \"\$${t}_HR\" \"$w HR\""
    eval "near 'd[\"rows\"][$b][\"univariable\"][\"conf_low\"]' \"\$${t}_HR_L\" \"$w HR lower\""
    eval "near 'd[\"rows\"][$b][\"univariable\"][\"conf_high\"]' \"\$${t}_HR_U\" \"$w HR upper\""
    eval "near 'd[\"rows\"][$b][\"univariable\"][\"p\"]' \"\$${t}_HR_P\" \"$w HR p\""
    eval "near 'd[\"rows\"][$a][\"logrank_p\"]' \"\$${t}_SCORE_P\" \"$w score-test p\""
}

run "$PG" table -f 'Surv(start, stop, event) ~ transplant + surgery' --times 100,365 --id id \
    --format json "$D/heart.csv"
expect_rc 0 "table on heart (counting process, --id)"
two_levels HEART_SURG 2 3 "heart surgery"
near 'd["rows"][3]["median"]["estimate"]' "$HEART_SURG_MED1" "heart surgery=1 median"
near 'd["rows"][3]["n"]' "$HEART_SURG_N1" "heart surgery=1 subjects"
near 'd["rows"][1]["n"]' "$HEART_TX_N1" "heart transplant=1 subjects"
near 'd["rows"][1]["multivariable"]["hr"]' "$HEART_MV_TX" "heart multivariable HR transplant"
near 'd["rows"][1]["multivariable"]["p"]' "$HEART_MV_TX_P" "heart multivariable p transplant"
near 'd["multivariable"]["n"]' 103 "heart multivariable model: 103 subjects"

run "$PG" table -f 'Surv(tstart, tstop, status) ~ treat + strata(center)' --times 100,300 \
    --id id --format json "$D/cgd.csv"
expect_rc 0 "table on cgd (repeated events, robust by subject)"
two_levels CGD_TREAT 0 1 "cgd treat"
near 'd["rows"][1]["median"]["estimate"]' "$CGD_TREAT_MED1" "cgd rIFN-g median"
near 'd["rows"][0]["n"]' "$CGD_TREAT_N0" "cgd placebo subjects"

for w in fw w; do
    W=$(printf '%s' "$w" | tr a-z A-Z)
    run "$PG" table -f 'Surv(time, status) ~ factor(sex)' --times 180,365 --weights "$w" --format json \
        "$D/lung_weights.csv"
    expect_rc 0 "table on lung --weights $w"
    two_levels "LUNG_$W" 0 1 "lung weights $w"
    eval "near 'd[\"rows\"][1][\"median\"][\"estimate\"]' \"\$LUNG_${W}_MED1\" \"lung $w median sex=2\""
done

# the footnotes say what the columns are
run "$PG" table -f 'Surv(start, stop, event) ~ surgery' --times 100 --id id "$D/heart.csv"
expect_out "Counting-process data (start, stop]"
expect_out "n counts subjects ('id'; 172 data rows)"
run "$PG" table -f 'Surv(time, status) ~ sex' --times 180 --weights fw "$D/lung_weights.csv"
expect_out "Case weights 'fw': weighted Kaplan-Meier and Cox models"

# errors: competing risks take neither; a negative weight names its row; no partial output
run "$PG" table -f 'Surv(time, status) ~ sex' --censor 0 --cause 1 --weights fw \
    "$D/lung_weights.csv"
expect_rc 2 "--weights with --cause"; expect_err "--weights is not available with --cause"
printf 'time,status,sex,w\n10,1,1,1\n20,0,2,-1\n30,1,1,2\n40,1,2,1\n' > "$TMPD/negw.csv"
run "$PG" table -f 'Surv(time, status) ~ sex' --times 20 --weights w -o "$TMPD/negw.txt" \
    "$TMPD/negw.csv"
expect_rc 2 "negative weight"; expect_err "negw.csv:3"
[ ! -e "$TMPD/negw.txt" ] && ok "no partial output" || fail "partial output left"

# the data notes in the table's language, and the time unit read from the stop (Surv(start,
# stop, event)), not the start
run "$PG" table -f 'Surv(start, stop, event) ~ transplant' --id id --lang es "$D/heart.csv"
expect_rc 0 "counting table in Spanish"
expect_out "Datos en proceso de recuento (inicio, fin]: estimaciones de Kaplan-Meier con truncamiento"
expect_out "n cuenta sujetos ('id'; 172 filas de datos)"
expect_out "la unidad de tiempo no se deduce de 'stop'"
case "$out" in *"Counting-process data"*|*"n counts subjects"*) fail "English data notes in es";;
    *) ok "no English data notes in es";; esac
done_testing
