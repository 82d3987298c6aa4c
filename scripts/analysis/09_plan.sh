#!/usr/bin/env bash
# 09_plan.sh -- the synthetic leiomyosarcoma study as one analysis plan (datasets/plans/lms.yaml,
# docs/plan.md): checked, then run into figures/plan_lms/ (results.json with its manifest).
set -euo pipefail
cd "$(dirname "$0")/../.."
PG=${PG:-build/release/prognos}
mkdir -p figures
"$PG" run --check datasets/plans/lms.yaml
"$PG" run -o figures/plan_lms datasets/plans/lms.yaml
