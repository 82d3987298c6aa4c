#!/usr/bin/env bash
# simulate.sh -- `prognos simulate`: the bundled synthetic cohort is exactly what the command
# draws with the default seed; bad options exit 2 and leave no file.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"

run "$PG" simulate -o "$TMPD/sim.csv"; expect_rc 0 "simulate -o"
if cmp -s "$TMPD/sim.csv" "$SRC/datasets/lms_synthetic.csv"; then ok "bundled cohort reproduced"
else fail "datasets/lms_synthetic.csv differs from 'prognos simulate'"; fi
run "$PG" simulate --seed 5 --scale 0.5; expect_rc 0 "seed and scale"
expect_out "id,source,age,sex,depth"
run "$PG" simulate --scale -1 -o "$TMPD/bad.csv"; expect_rc 2 "negative scale"
expect_err "--scale must be a positive number"; expect_no_file "$TMPD/bad.csv"
run "$PG" simulate --hr nonsense=2; expect_rc 2 "unknown hr"; expect_err "--hr wants NAME=VALUE"
run "$PG" simulate --bogus; expect_rc 2 "unknown option"; expect_err "unknown option '--bogus'"
run "$PG" simulate --help; expect_rc 0 "help"; expect_out "SYNTHETIC"
done_testing
