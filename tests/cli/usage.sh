#!/usr/bin/env bash
# usage.sh -- the top-level command: version, help, unknown commands and options.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"

run "$PG" --version; expect_rc 0 "--version"; expect_out "prognos 0."
run "$PG" --help; expect_rc 0 "--help"; expect_out "usage: prognos COMMAND"
run "$PG"; expect_rc 2 "no command"
run "$PG" frobnicate; expect_rc 2 "unknown command"; expect_err "unknown command 'frobnicate'"
expect_err "try 'prognos --help'"
run "$PG" --frob; expect_rc 2 "unknown option"; expect_err "unknown option '--frob'"
run "$PG" help nosuch; expect_rc 2 "help for an unknown command"
# The environment's say on threads (src/cli/env.c): 1 or 2, anything else is a usage error, and
# the numbers are the same either way.
aml="$SRC/tests/data/aml.csv"
run env PROGNOS_THREADS=x "$PG" cox -f 'Surv(time, status) ~ x' "$aml"
expect_rc 2 "PROGNOS_THREADS=x"; expect_err "PROGNOS_THREADS must be 1 or 2, not 'x'"
run env PROGNOS_THREADS=1 "$PG" cox -f 'Surv(time, status) ~ x' --format json "$aml"; one=$out
expect_rc 0 "PROGNOS_THREADS=1"
run env PROGNOS_THREADS=2 "$PG" cox -f 'Surv(time, status) ~ x' --format json "$aml"
expect_rc 0 "PROGNOS_THREADS=2"
[ "$out" = "$one" ] && ok "one thread and two give the same output" || fail "threads change output"
# Only commands that read data ask: simulate and --help run whatever PROGNOS_THREADS says.
run env PROGNOS_THREADS=x "$PG" simulate --scale 0.1; expect_rc 0 "simulate ignores PROGNOS_THREADS"
run env PROGNOS_THREADS=x "$PG" km --help; expect_rc 0 "km --help ignores PROGNOS_THREADS"
done_testing
