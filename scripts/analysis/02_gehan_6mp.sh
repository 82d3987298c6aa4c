#!/usr/bin/env bash
# 02_gehan_6mp.sh -- Freireich's 6-MP trial (Gehan 1965): published log-rank chi-square 16.8,
# medians 23 (6-MP) and 8 (control) weeks. tests/cli/published.sh asserts these numbers.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=${PG:-build/release/prognos}
data=datasets/gehan_6mp.csv
out=figures
mkdir -p "$out"
f='Surv(weeks, relapse) ~ treat'
"$PG" km -f "$f" "$data" -o "$out/gehan_km.txt"
"$PG" logrank -f "$f" "$data" -o "$out/gehan_logrank.txt"
"$PG" logrank -f "$f + strata(pair)" "$data" -o "$out/gehan_logrank_paired.txt"
"$PG" cox -f "$f" "$data" -o "$out/gehan_cox.txt"
"$PG" plot -f "$f" "$data" -o "$out/gehan_km.png" --ci --pval --risk-table --median-lines \
    --break 5 --xlab "Weeks in remission" --ylab "Remission" \
    --title "6-MP vs placebo (Freireich 1963; Gehan 1965)"
cat "$out/gehan_logrank.txt"
