#!/usr/bin/env bash
# 10_spanish.sh -- the synthetic leiomyosarcoma cohort as a Spanish hospital exports it
# (datasets/lms_es_cp1252.csv from scripts/make_spanish.py: Windows-1252, ';', decimal commas,
# accented column names with spaces), analysed end to end in Spanish: describe, Kaplan-Meier,
# log-rank, Cox, the prognostic-factor table and the figures, with labels and --lang es.
# Its numbers equal 01_synthetic_lms.sh's on the English file (tests/cli/spanish.sh checks).
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=${PG:-build/release/prognos}
data=datasets/lms_es_cp1252.csv
out=figures
mkdir -p "$out"
rd=(--encoding WINDOWS-1252)
dss='Surv(`Seguimiento (meses)`, Estado == "Muerto por enfermedad")'
# a label that names no term of the formula is an error, so each command takes its own
size=(--label 'I(`Tamaño (cm)` > 5)=Tamaño > 5 cm')
grade=(--label 'fnclcc(Diferenciación, Mitosis, Necrosis)=Grado FNCLCC')
lab=(--lang es "${size[@]}" "${grade[@]}" --label 'I(Necrosis > 0)=Necrosis tumoral')
f="$dss ~ Profundidad + I(\`Tamaño (cm)\` > 5) + fnclcc(Diferenciación, Mitosis, Necrosis)"
f="$f + I(Necrosis > 0) + Sexo + strata(Centro)"

"$PG" describe "${rd[@]}" "$data" -o "$out/es_describe.txt"
"$PG" km "${rd[@]}" --lang es -f "$dss ~ Profundidad" --times 60,120 "$data" -o "$out/es_km_profundidad.txt"
"$PG" logrank "${rd[@]}" --lang es "${grade[@]}" -f "$dss ~ fnclcc(Diferenciación, Mitosis, Necrosis) + strata(Centro)" \
    --trend "$data" -o "$out/es_logrank_grado.txt"
"$PG" cox "${rd[@]}" "${lab[@]}" -f "$f" "$data" -o "$out/es_cox.txt"
"$PG" table "${rd[@]}" "${lab[@]}" -f "$f" "$data" --format md -o "$out/es_tabla.md"
"$PG" table "${rd[@]}" "${lab[@]}" -f "$f" "$data" -o "$out/es_tabla.txt"

common=(--ci --pval --risk-table --break 24 --xmax 120 --xlab "Meses desde la exéresis"
        --ylab "Supervivencia específica")
"$PG" plot "${rd[@]}" --lang es -f "$dss ~ Profundidad" "$data" -o "$out/es_km_profundidad.png" \
    --title "Supervivencia específica por profundidad" "${common[@]}"
"$PG" plot "${rd[@]}" --lang es "${size[@]}" -f "$dss ~ I(\`Tamaño (cm)\` > 5)" "$data" \
    -o "$out/es_km_tamano.png" --title "Supervivencia específica por tamaño tumoral" "${common[@]}"
"$PG" plot "${rd[@]}" --lang es "${grade[@]}" -f "$dss ~ fnclcc(Diferenciación, Mitosis, Necrosis)" "$data" \
    -o "$out/es_km_grado.png" --title "Supervivencia específica por grado FNCLCC" "${common[@]}"
"$PG" plot "${rd[@]}" "${lab[@]}" --forest -f "$f" "$data" -o "$out/es_forest.png" --size 18x10cm \
    --dpi 300 --title "Muerte por la enfermedad: modelo de Cox multivariante estratificado por centro"
echo "Spanish example: figures and tables in $out/ (es_*)"
