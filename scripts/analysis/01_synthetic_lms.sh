#!/usr/bin/env bash
# 01_synthetic_lms.sh -- the product's main job on the SYNTHETIC pooled leiomyosarcoma cohort:
# disease-specific survival by each prognostic factor (with risk tables), the prognostic-factor
# table stratified by centre, and a forest plot of the multivariable model.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=${PG:-build/release/prognos}
data=datasets/lms_synthetic.csv
out=figures
mkdir -p "$out"
dss='Surv(months, status == "DOD")'
common=(--ci --pval --risk-table --break 24 --xmax 120 --xlab "Months since excision"
        --ylab "Disease-specific survival")

"$PG" plot -f "$dss ~ I(size_cm > 5)" "$data" -o "$out/lms_dss_size.png" \
    --labels "<= 5 cm,> 5 cm" --title "DSS by tumour size (synthetic cohort)" "${common[@]}"
"$PG" plot -f "$dss ~ fnclcc(diff, mitoses, necrosis)" "$data" -o "$out/lms_dss_grade.png" \
    --labels "Grade 1,Grade 2,Grade 3" --title "DSS by FNCLCC grade (synthetic cohort)" "${common[@]}"
"$PG" plot -f "$dss ~ I(necrosis > 0)" "$data" -o "$out/lms_dss_necrosis.png" \
    --labels "No necrosis,Necrosis" --title "DSS by tumour necrosis (synthetic cohort)" "${common[@]}"
"$PG" plot -f "$dss ~ sex" "$data" -o "$out/lms_dss_sex.png" \
    --labels "Female,Male" --title "DSS by sex (synthetic cohort)" "${common[@]}"
"$PG" plot -f "$dss ~ depth" "$data" -o "$out/lms_dss_depth.png" \
    --title "DSS by depth (synthetic cohort)" "${common[@]}"

f="$dss ~ depth + I(size_cm > 5) + fnclcc(diff, mitoses, necrosis) + I(necrosis > 0) + sex + strata(source)"
for fmt in md html tex csv json; do
    "$PG" table -f "$f" "$data" --format "$fmt" -o "$out/lms_table.$fmt"
done
"$PG" logrank -f "$dss ~ fnclcc(diff, mitoses, necrosis) + strata(source)" --trend "$data" \
    -o "$out/lms_logrank_grade.txt"
"$PG" cox -f "$f" "$data" -o "$out/lms_cox.txt"
"$PG" zph -f "${f% + strata(source)} + strata(source)" "$data" -o "$out/lms_zph.txt"
"$PG" plot --forest -f "$f" "$data" -o "$out/lms_forest.png" --size 18x10cm --dpi 300 \
    --title "Death from disease: multivariable Cox model, stratified by centre"
echo "synthetic cohort: figures and tables in $out/"
