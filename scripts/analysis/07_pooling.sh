#!/usr/bin/env bash
# 07_pooling.sh -- pooling the literature end to end (issue 15): patient rows rebuilt from a
# published Kaplan-Meier figure, pooled by `source` with the patient rows of another series, a
# Cox model stratified by source, and the meta-analysis of the study-level hazard ratios.
#
# The "paper" is survival::lung (NCCTG advanced lung cancer): its KM curves by sex and the
# number-at-risk tables at 0, 100, ..., 800 days (tests/data/reconstruct, from
# ../shared/literature/reconstruction) stand in for a published figure, with the deaths it
# reports (112 men, 53 women). The second source is the Odense melanoma series
# (datasets/melanoma.csv, Andersen et al. 1993) with its own patient rows: death from any cause
# by sex, in days like the lung curve. The effect pooled is the hazard ratio of women vs men.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=${PG:-build/release/prognos}
out=figures
mkdir -p "$out"
lit=tests/data/reconstruct

# 1. Rebuild the lung patients from the curves (Guyot et al. 2012); the faithfulness report
#    (RMSE and largest difference of the rebuilt KM against the points, numbers at risk
#    published vs rebuilt) is kept beside the rows.
"$PG" reconstruct --curve "$lit/lung_sex_curve.csv" --risk "$lit/lung_sex_risk.csv" \
    --events male=112,female=53 --source lung_recon --quiet -o "$out/pooling_lung_recon.csv"
"$PG" reconstruct --curve "$lit/lung_sex_curve.csv" --risk "$lit/lung_sex_risk.csv" \
    --events male=112,female=53 --format md -o "$out/pooling_lung_recon_report.md"
"$PG" reconstruct --curve "$lit/lung_sex_curve.csv" --risk "$lit/lung_sex_risk.csv" \
    --events male=112,female=53 --format json -o "$out/pooling_lung_recon_report.json"

# 2. The melanoma rows in the same shape: time (days), event (death from any cause), arm, source.
awk -F, 'NR == 1 { print "time,event,arm,source"; next }
         { gsub(/"/, ""); sex = $3 == "F" ? "female" : "male"
           print $1 "," ($2 == "alive" ? 0 : 1) "," sex ",melanoma" }' \
    datasets/melanoma.csv > "$out/pooling_melanoma_os.csv"

# 3. Pool by source: one file, the rows of both.
pooled="$out/pooling_pooled.csv"
{ cat "$out/pooling_lung_recon.csv"; tail -n +2 "$out/pooling_melanoma_os.csv"; } > "$pooled"
female='I(arm == "female")'
"$PG" km -f "Surv(time, event) ~ source + arm" "$pooled" -o "$out/pooling_km.txt"
"$PG" cox -f "Surv(time, event) ~ $female + strata(source)" "$pooled" \
    -o "$out/pooling_cox_stratified.txt"
"$PG" plot -f 'Surv(time, event) ~ arm' "$out/pooling_lung_recon.csv" \
    -o "$out/pooling_lung_recon_km.png" --risk-table --xlab "Days" \
    --title "Lung (NCCTG), rebuilt from the published curves" 2>/dev/null

# 4. The study-level hazard ratios (one Cox model per source) as a meta-analysis input table.
hrs="$out/pooling_study_hrs.csv"
echo "study,hr,lower,upper,n,events" > "$hrs"
for s in lung_recon melanoma; do
    "$PG" cox -f "Surv(time, event) ~ $female" --where "source == \"$s\"" --format json \
        "$pooled" 2>/dev/null |
        python3 -c 'import json, sys
r = json.load(sys.stdin); c = r["coefficients"][0]
print("%s,%.17g,%.17g,%.17g,%d,%d" % (sys.argv[1], c["hr"], c["conf_low"], c["conf_high"],
                                     r["n"], r["events"]))' "$s" >> "$hrs"
done
cat "$hrs"

# 5. Meta-analysis of the study-level HRs (prognos meta, R: metafor::rma; REML is its default),
# the table, its JSON and the forest plot (docs/meta.md).
"$PG" meta --hr hr --lower lower --upper upper --study study "$hrs" -o "$out/pooling_meta.txt"
"$PG" meta --hr hr --lower lower --upper upper --study study --format json "$hrs" \
    -o "$out/pooling_meta.json"
"$PG" meta --hr hr --lower lower --upper upper --study study --plot forest \
    --title "Women vs men: study-level hazard ratios" -o "$out/pooling_meta_forest.png" "$hrs"
cat "$out/pooling_meta.txt"
cat "$out/pooling_cox_stratified.txt"
