#!/usr/bin/env bash
# 06_competing_risks.sh -- the competing-risks analysis of the synthetic cohort (death from
# disease, DOD, vs death from other causes, DOC; NED and AWD censored) and of the Odense melanoma
# series (death from melanoma vs other deaths): cumulative incidence with Gray's test, 1 - KM
# beside it, the table with cause-specific and Fine-Gray hazard ratios, and the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=${PG:-build/release/prognos}
out=figures
mkdir -p "$out"
lms=datasets/lms_synthetic.csv
cr=(--censor NED,AWD)
"$PG" cif -f 'Surv(months, status) ~ depth' "${cr[@]}" --times 60,120 --compare-km "$lms" \
    -o "$out/lms_cif_depth.txt"
"$PG" plot --cif -f 'Surv(months, status) ~ depth' "${cr[@]}" --cause DOD --ci --pval \
    --risk-table --percent --title "Death from disease by depth" -o "$out/lms_cif_depth.png"  \
    "$lms"
"$PG" plot --cif -f 'Surv(months, status) ~ 1' "${cr[@]}" --risk-table --percent \
    --title "Death from disease and from other causes" -o "$out/lms_cif_causes.png" "$lms"
"$PG" plot --cif --stacked -f 'Surv(months, status) ~ 1' "${cr[@]}" --risk-table --percent \
    --title "Death from disease and from other causes, stacked" \
    -o "$out/lms_cif_stacked.png" "$lms"
f='Surv(months, status) ~ depth + sex + I(size_cm > 5) + fnclcc(diff, mitoses, necrosis)'
"$PG" table -f "$f" "${cr[@]}" --cause DOD --format md -o "$out/lms_cif_table.md" "$lms"
"$PG" table -f "$f" "${cr[@]}" --cause DOD --model fine-gray --format md \
    -o "$out/lms_finegray_table.md" "$lms"
"$PG" finegray -f 'Surv(months, status) ~ depth + sex + I(size_cm > 5)' "${cr[@]}" \
    --cause DOD -o "$out/lms_finegray.txt" "$lms"

mel=datasets/melanoma.csv
"$PG" cif -f 'Surv(years, status) ~ ulcer' --censor alive --times 5,10 --compare-km "$mel" \
    -o "$out/melanoma_cif_ulcer.txt"
"$PG" plot --cif -f 'Surv(years, status) ~ ulcer' --censor alive --cause melanoma --ci --pval \
    --risk-table --break 2 --xmax 15 --xlab "Years since operation" \
    --labels "No ulceration,Ulceration" -o "$out/melanoma_cif_ulcer.png" "$mel"
"$PG" table -f 'Surv(years, status) ~ ulcer + I(thickness > 4) + sex' --censor alive \
    --cause melanoma --times 5,10 --format md -o "$out/melanoma_cif_table.md" "$mel"
echo "competing risks: figures and tables in $out/"
