#!/usr/bin/env bash
# firth.sh -- `prognos cox --firth` (Firth's penalised fit, src/cox/cox_firth.c) on bundled data.
# Expected numbers: tests/fixtures/firth_ref.h (fixtures lms_c and aml_breslow, made by
# scripts/fixtures/firth.R, an independent R implementation of Heinze & Schemper 2001).
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D="$SRC/tests/data"
LMS="$SRC/datasets/lms_synthetic.csv"
F='Surv(months, status == "DOD") ~ depth + size_cm'
W='source == "centre_C"'

# all 9 deaths of centre C are in subcutaneous tumours: plain Cox diverges, Firth does not
run "$PG" cox --firth -f "$F" --where "$W" "$LMS"
expect_rc 0 "separated centre"; expect_out "Firth"
expect_out "0.6733"; expect_out "993.6"      # profile limits of the HR of depth=subcutaneous
expect_out "1.0696"; expect_out "1.526"      # and of size_cm
expect_out "18.12"                           # penalised LR test on 2 df
run "$PG" cox --firth --format json -f "$F" --where "$W" "$LMS"
expect_rc 0 "json"; expect_out '"method": "firth"'; expect_out '"conf_high": 993.61256'
expect_out '"p": 0.11238635'; expect_out '"final": -27.2114105'

# Breslow ties, as coxphf
run "$PG" cox --firth --ties breslow -f 'Surv(time, status) ~ x' "$D/aml.csv"
expect_rc 0 "aml breslow"; expect_out "0.9249"; expect_out "6.705"

# refusals
run "$PG" cox --firth --ties exact -f 'Surv(time, status) ~ x' "$D/aml.csv"
expect_rc 2 "exact ties"; expect_err "ties 'exact' not supported with --firth"
printf 'time,status,x,z\n1,1,1,2\n2,1,0,2\n3,0,1,2\n4,1,0,2\n' > "$TMPD/const.csv"
run "$PG" cox --firth -f 'Surv(time, status) ~ x + z' -o "$TMPD/fit.txt" "$TMPD/const.csv"
expect_rc 1 "constant column"; expect_err "column 'z' is constant"
expect_no_file "$TMPD/fit.txt"
done_testing
