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
# the label in a text column of nearly all different values that km does not evaluate: the
# reader converts only km's columns, yet the row is still found
run "$PG" km -f 'Surv(time, status) ~ arm' -o "$TMPD/km.txt" "$S/label_other_column.csv"
expect_rc 2 "a 'Mean' row labelled in an unused column stops km"
expect_err "label_other_column.csv:7: looks like a summary row, not data ('Mean' in column 'initials')"
expect_no_file "$TMPD/km.txt"
run "$PG" describe "$S/sums_blank_id.csv"; expect_rc 2 "a row of column sums"
expect_err "sums_blank_id.csv:6: looks like a summary row, not data (its 2 numbers are the sums"
run "$PG" describe "$S/labels_mixed.csv"; expect_rc 2 "Subtotal, média, Total general:"
expect_err "labels_mixed.csv:4: looks like a summary row, not data ('Subtotal' in column 'id') (also line 8, line 9)"
run "$PG" describe --drop-summary-rows "$S/labels_mixed.csv"; expect_rc 0 "three left out"
expect_err "3 summary rows left out"; expect_out "5 rows"
run "$PG" describe "$S/zeros_are_data.csv"; expect_rc 0 "zeros and chance sums are data"
# meta pooled a trailing "Overall" row as a fourth study
M="--hr hr --lower lower --upper upper --study study"
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

# --- decimal commas, units and dates where numbers were meant ---
C=$D/csv
run "$PG" describe "$C/comma_decimal_comma.csv"; expect_rc 2 "decimal commas in a ',' file"
expect_err "comma_decimal_comma.csv:2:4: row has more fields than the header's 3: extra field '1'; looks like decimal commas; use --decimal , or a ';' file"
run "$PG" km -f 'Surv(meses, estado) ~ 1' "$C/tab_decimal_comma.tsv"; expect_rc 0 "tab file: read"
expect_err "note: a tab-separated file with decimal commas ('meses'): read with --decimal ,"
expect_out "7.25"
run "$PG" describe --decimal . "$C/tab_decimal_comma.tsv"; expect_rc 0 "--decimal . keeps text"
expect_out "10,5 1 (33.3%)"; [ -z "$err" ] && ok "no note with --decimal" || fail "note with --decimal"
run "$PG" describe "$C/tab_mixed_marks.tsv"; expect_rc 0 "'50.0' beside '10,5': not re-read"
expect_out "10,5 1 (33.3%)"; [ -z "$err" ] && ok "no note when '.' is used too" || fail "note"
run "$PG" describe "$C/tab_thousands.tsv"; expect_rc 0 "1,250 may be thousands: not read"
expect_out "1,250 1 (33.3%)"; [ -z "$err" ] && ok "no note for thousands" || fail "note for 1,250"
T=$C/text_times.csv
run "$PG" km -f 'Surv(meses, estado) ~ 1' "$T"; expect_rc 2 "quoted decimal commas"
expect_err "time 'meses' must be numeric, but it is text ('10,5'): looks like decimal commas; use --decimal , or a ';' file"
run "$PG" km --decimal , -f 'Surv(meses, estado) ~ 1' "$T"; expect_rc 0 "as the hint says"
run "$PG" km -f 'Surv(unidades, estado) ~ 1' "$T"; expect_rc 2 "units"
expect_err "but it is text ('12 m'): numbers with a unit"
run "$PG" km -f 'Surv(fecha, estado) ~ 1' "$T"; expect_rc 2 "dates"
# (an ISO date column is a date column now: the date type's own message says what to do)
expect_err "'fecha' is a date (a model needs numbers)"

# --- names with spaces, typographic quotes, -f twice ---
run "$PG" km -f 'Surv(Seguimiento (meses), estado) ~ 1' "$T"; expect_rc 2 "name with spaces"
expect_err "write \`Seguimiento (meses)\` in backquotes"
run "$PG" km -f 'Surv(Seguimiento, estado) ~ 1' "$T"; expect_rc 2 "first word of it"
expect_err "did you mean \`Seguimiento (meses)\`? (in backquotes)"
N=$C/name_with_space.csv
run "$PG" km -f 'Surv(id, estado) ~ Tiempo total' "$N"; expect_rc 2 "spaces: parse error"
expect_err "unexpected 'total' (missing operator?); write \`Tiempo total\` in backquotes"
run "$PG" km --where 'Tiempo total > 3' -f 'Surv(id, estado) ~ 1' "$N"; expect_rc 2 "in --where"
expect_err "write \`Tiempo total\` in backquotes"
run "$PG" km -f 'Surv(`Seguimiento (meses)`, estado) ~ 1' "$T"; expect_rc 0 "backquoted"
A=$D/aml.csv
run "$PG" km -f 'Surv(time, status) ~ 1' --where 'x == “Maintained”' "$A"; expect_rc 0 "“…” quotes"
expect_out "n events"; expect_err "12 rows excluded by --where"
run "$PG" km -f 'Surv(time, status) ~ 1' --where "x == ‘Maintained’" "$A"; expect_rc 0 "‘…’ quotes"
expect_err "12 rows excluded by --where"
run "$PG" km -f 'Surv(time, status) ~ I(x == „Nonmaintained“)' "$A"; expect_rc 0 "„…“ quotes"
expect_out 'I(x == "Nonmaintained")=TRUE'
run "$PG" km -f 'Surv(time, status) ~ 1' --where 'x == “Maintained' "$A"; expect_rc 2 "unterminated “"
expect_err "unterminated string"
run "$PG" km -f 'Surv(time, status) ~ 1' -f 'Surv(time, status) ~ x' "$A"; expect_rc 2 "-f twice"
expect_err "prognos km: -f/--formula given twice; give one formula"
run "$PG" km -f 'Surv(time, status) ~ 1' --where 'time > 5' --where 'time < 40' "$A"
expect_rc 2 "--where twice"; expect_err "--where given twice; give one, combining the conditions with &"

# --- a value that is not a level: the nearest level, and a caret under the literal ---
L=$SRC/datasets/lms_synthetic.csv
run "$PG" km -f 'Surv(months, status == "DOD") ~ 1' --where 'age > 3 & sex %in% c("F", "m")' "$L"
expect_rc 2 "--where: %in% with a level in the wrong case"
expect_err "--where: 'm' is not a level of 'sex'; did you mean 'M'? (levels: F, M)"
expect_err "$(printf '  age > 3 & sex %%in%% c("F", "m")\n                            ^')"
run "$PG" km -f 'Surv(months, status == "DOD") ~ 1' --where 'depth != "dermal "' "$L"
expect_rc 2 "--where: != with a trailing space"
expect_err "$(printf '  depth != "dermal "\n           ^')"
run "$PG" km -f 'Surv(months, status != "DODx") ~ 1' "$L"; expect_rc 2 "!= in Surv()"
expect_err "'DODx' is not a level of 'status'; did you mean 'DOD'?"
run "$PG" cif -f 'Surv(months, status) ~ 1' --censor NEDx --cause DOD "$L"; expect_rc 2 "--censor"
expect_err "--censor: 'NEDx' is not a value of 'status'; did you mean 'NED'?"
run "$PG" cif -f 'Surv(months, status) ~ 1' --censor NED --cause dod "$L"; expect_rc 2 "--cause"
expect_err "--cause: 'dod' is not a cause of 'status'; did you mean 'DOD'?"

# --- fewer than 10 events per coefficient (Peduzzi et al. 1995, 1996) ---
O=$D/ovarian.csv
P="fewer than 10 events per coefficient give unstable, biased estimates (Peduzzi et al. 1995, 1996)"
run "$PG" cox -f 'Surv(futime, fustat) ~ age + factor(resid.ds)' "$O"; expect_rc 0 "cox, 12 events / 2"
expect_err "prognos cox: warning: 12 events for 2 coefficients (6.0 per coefficient); $P"
run "$PG" cox --format json -f 'Surv(futime, fustat) ~ age + factor(resid.ds)' "$O"
case "$out" in *'"warnings": ['*'12 events for 2 coefficients'*) ok "cox JSON warnings";;
    *) fail "cox JSON lacks the warning";; esac
run "$PG" cox -f 'Surv(futime, fustat) ~ age' "$O"; expect_rc 0 "12 events / 1"
case "$err" in *Peduzzi*) fail "warned at 12 events per coefficient";; *) ok "no warning at >= 10";; esac
run "$PG" table --times 365 -f 'Surv(futime, fustat) ~ factor(rx) + age + factor(resid.ds)' "$O"
expect_rc 0 "table"; expect_out "Warning: Multivariable model: 12 events for 3 coefficients (4.0 per coefficient); $P."
expect_err "prognos table: warning: Multivariable model: 12 events for 3 coefficients"
run "$PG" table --times 365 --format json -f 'Surv(futime, fustat) ~ factor(rx) + age' "$O"
case "$out" in *'"warnings": ['*'Multivariable model: 12 events for 2 coefficients'*) ok "table JSON warnings";;
    *) fail "table JSON lacks the warning";; esac

# the footnote in the table's language (stderr and JSON stay English), in each language
PW="Multivariable model: 12 events for 3 coefficients"
for lw in "es|Advertencia: Modelo multivariante: 12 eventos para 3 coeficientes (4.0 por coeficiente); menos de 10 eventos por coeficiente dan estimaciones inestables y sesgadas (Peduzzi et al. 1995, 1996)." \
          "fr|Avertissement : Modèle multivarié : 12 événements pour 3 coefficients (4.0 par coefficient) ; moins de 10" \
          "de|Warnung: Multivariables Modell: 12 Ereignisse für 3 Koeffizienten (4.0 pro Koeffizient); weniger als 10" \
          "it|Avvertenza: Modello multivariato: 12 eventi per 3 coefficienti (4.0 per coefficiente); meno di 10" \
          "pt|Aviso: Modelo multivariado: 12 eventos para 3 coeficientes (4.0 por coeficiente); menos de 10"; do
    run "$PG" table --times 365 --lang "${lw%%|*}" \
        -f 'Surv(futime, fustat) ~ factor(rx) + age + factor(resid.ds)' "$O"
    expect_rc 0 "table --lang ${lw%%|*}"; expect_out "${lw#*|}"; expect_err "warning: $PW"
    case "$out" in *"events per coefficient"*) fail "English EPV words in --lang ${lw%%|*}";;
        *) ok "no English EPV words in --lang ${lw%%|*}";; esac
done
# one coefficient, and the note on a term with one level, in Spanish
run "$PG" table --times 365 --lang es --where 'rx == 1' -f 'Surv(futime, fustat) ~ factor(rx) + age' "$O"
expect_rc 0 "table --lang es, one level"
expect_out "Advertencia: age (univariante): 7 eventos para 1 coeficiente (7.0 por coeficiente)"
expect_out "factor(rx): una sola categoría entre los 13 pacientes con el dato registrado; no es posible comparar."

# --- text aligned by display width: an accented name does not shift cox's columns ---
run "$PG" cox -f 'Surv(tiempo, estado) ~ Tamaño' "$D/csv/accented.csv"; expect_rc 0 "accented"
expect_out "          coef exp(coef) se(coef)     z Pr(>|z|)"
expect_out "Tamaño=b 0.244     1.276    1.010 0.242    0.809"
run "$PG" km -f 'Surv(tiempo, estado) ~ Tamaño + edad' "$D/csv/accented.csv"; expect_rc 2 "caret"
expect_err "$(printf '  Surv(tiempo, estado) ~ Tamaño + edad\n                                  ^')"

# --- one rounding rule for the medians of a table: the column's, as R's print(survfit) ---
run "$PG" table --times 12 -f 'Surv(months, dead) ~ arm' "$D/csv/median_rounding.csv"; expect_rc 0 "table"
expect_out "120.0 (105.0–NR)"; expect_out "36.1 (34.2–NR)"
run "$PG" table --times 12 -f 'Surv(time, status) ~ x' "$D/aml.csv"; expect_out "31 (18–NR)"

done_testing
