#!/usr/bin/env bash
# 04_case_reports.sh -- what the toolkit says when a series is too small: the 32 published case
# reports, mostly without outcome. Every command reports what it dropped and why; the table
# falls back to Firth's correction where a level has no events.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=${PG:-build/release/prognos}
data=datasets/case_reports.csv
out=figures
mkdir -p "$out"
mfs='Surv(followup_months, metastasis == "yes")'
"$PG" describe "$data" -o "$out/case_reports_describe.txt"
"$PG" describe -f "$mfs ~ depth + sex" "$data" >> "$out/case_reports_describe.txt"
"$PG" km -f "$mfs ~ 1" "$data" -o "$out/case_reports_km.txt" 2> "$out/case_reports_km.log" || true
# Death from disease: no case report has status DOD -- the command says that 'DOD' is not a
# level of status, lists the levels, and exits 2.
"$PG" cox -f 'Surv(followup_months, status == "DOD") ~ depth' "$data" \
    2> "$out/case_reports_dss.log" || true
"$PG" table -f "$mfs ~ depth + sex" "$data" --times 36,72 --format md \
    -o "$out/case_reports_table.md" 2> "$out/case_reports_table.log" || true
cat "$out"/case_reports_*.log "$out/case_reports_table.md"
