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
done_testing
