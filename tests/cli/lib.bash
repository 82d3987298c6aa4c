# lib.sh -- helpers for the command-line tests. Source it after setting PG and SRC:
#   PG=$1 SRC=$2; . "$SRC/tests/cli/lib.bash"
# Each check prints "ok"/"FAIL" lines; finish with `done_testing`, which exits non-zero on failure.
set -u
PG_FAILS=0
PG_COUNT=0
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD"' EXIT

# run CMD...: runs the command, keeping its exit status in $rc, stdout in $out, stderr in $err.
run() {
    "$@" >"$TMPD/out" 2>"$TMPD/err"
    rc=$?
    out=$(cat "$TMPD/out")
    err=$(cat "$TMPD/err")
}

ok() { PG_COUNT=$((PG_COUNT + 1)); echo "ok $PG_COUNT - $1"; }
fail() { PG_COUNT=$((PG_COUNT + 1)); PG_FAILS=$((PG_FAILS + 1)); echo "FAIL $PG_COUNT - $1"; \
         echo "  rc=$rc"; echo "  stdout: $(head -c 600 "$TMPD/out")"; \
         echo "  stderr: $(head -c 600 "$TMPD/err")"; }

expect_rc() { [ "$rc" -eq "$1" ] && ok "$2 (exit $1)" || fail "$2: want exit $1"; }
expect_err() { case "$err" in *"$1"*) ok "stderr has: $1";; *) fail "stderr lacks: $1";; esac; }
expect_out() { case "$out" in *"$1"*) ok "stdout has: $1";; *) fail "stdout lacks: $1";; esac; }
expect_no_file() { if ls "$1"* >/dev/null 2>&1; then fail "file left behind: $1"; \
                   else ok "no file left: $1"; fi; }
expect_one_line_err() { n=$(printf '%s\n' "$err" | grep -c 'prognos'); \
                        [ "$n" -ge 1 ] && ok "error is reported" || fail "no error line"; }

done_testing() {
    echo "$((PG_COUNT - PG_FAILS)) passed, $PG_FAILS failed"
    [ "$PG_FAILS" -eq 0 ]
}

# near PYEXPR WANT WHAT: the value at PYEXPR (in d) of the JSON in $out within 1e-6 relative
near() {
    if printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
got, want = float(eval(sys.argv[1])), float(sys.argv[2])
sys.exit(0 if abs(got - want) <= 1e-6 * max(1.0, abs(want)) else 1)' "$1" "$2"; then
        ok "$3 = $2"
    else
        fail "$3: want $2"
    fi
}
