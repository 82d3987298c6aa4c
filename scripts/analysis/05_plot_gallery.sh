#!/usr/bin/env bash
# 05_plot_gallery.sh -- the figure gallery of the README's plot section, on R's public datasets
# (tests/data): aml, Gehan's 6-MP data with the Gehan-Breslow test, the four veteran cell types
# (survival, and cumulative incidence in black and white), and a forest plot of a lung model.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=${PG:-build/release/prognos}
out=figures
mkdir -p "$out"
"$PG" plot -f 'Surv(time, status) ~ x' tests/data/aml.csv \
    --ci --pval --risk-table --median-lines --time-unit weeks -o "$out/km_aml.png"
"$PG" plot -f 'Surv(time, cens) ~ treat' tests/data/gehan.csv \
    --ci --pval --test gehan --risk-table --cum-events --time-unit weeks -o "$out/km_gehan.png"
"$PG" plot -f 'Surv(time, status) ~ celltype' tests/data/veteran.csv \
    --pval --risk-table --time-unit days -o "$out/km_veteran.png"
"$PG" plot -f 'Surv(time, status) ~ celltype' tests/data/veteran.csv \
    --fun event --percent --mono --risk-table --time-unit days --xmax 600 --break 100 \
    -o "$out/km_veteran_event_mono.png"
"$PG" plot --forest -f 'Surv(time, status) ~ age + sex + factor(ph.ecog)' tests/data/lung.csv \
    -o "$out/forest_lung.png" 2>/dev/null
echo "gallery: figures in $out/"
