#!/usr/bin/env bash
# 03_melanoma.sh -- the Odense melanoma series (Andersen et al. 1993), the closest public
# analogue of a cutaneous-tumour disease-specific survival cohort: death from melanoma by
# ulceration, tumour thickness and sex, and the prognostic-factor table.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=${PG:-build/release/prognos}
data=datasets/melanoma.csv
out=figures
mkdir -p "$out"
dss='Surv(years, status == "melanoma")'
"$PG" plot -f "$dss ~ ulcer" "$data" -o "$out/melanoma_dss_ulcer.png" --ci --pval \
    --labels "No ulceration,Ulceration" \
    --risk-table --break 2 --xmax 15 --xlab "Years since operation" \
    --ylab "Melanoma-specific survival" --title "Odense melanoma: ulceration" \
   
f="$dss ~ ulcer + I(thickness > 4) + sex + age"
"$PG" table -f "$f" "$data" --times 5,10 --format md -o "$out/melanoma_table.md"
"$PG" cox -f "$dss ~ ulcer + log(thickness) + sex + age" "$data" -o "$out/melanoma_cox.txt"
cat "$out/melanoma_table.md"
