#!/usr/bin/env bash
# no_global_state.sh -- the library (src/ outside src/cli) reads no environment variable and no
# /proc, does not sleep, and leaves the process's signal dispositions, umask and locale alone:
# those belong to the program that links it (issue 11; include/prognos/common.h "Thread
# safety"). Comments are skipped; each offending line is reported as file:line: text.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"

# What the library must not call or name (extended regular expression).
FORBIDDEN='getenv|setenv|putenv|clearenv|\<environ\>|/proc|sleep|getloadavg|_SC_NPROCESSORS'
FORBIDDEN+='|sigaction|\<signal[[:space:]]*\(|sigprocmask|\<umask[[:space:]]*\(|\<setlocale[[:space:]]*\('

# offenders FILE...: "file:line: code" for each line of code (comments removed, line numbers
# kept) that matches FORBIDDEN.
offenders() {
    awk '
        FNR == 1 { inc = 0 }
        {
            out = ""; s = $0; i = 1; n = length(s)
            while (i <= n) {
                if (inc) {
                    j = index(substr(s, i), "*/")
                    if (j == 0) i = n + 1; else { i += j + 1; inc = 0 }
                } else {
                    c = substr(s, i, 2)
                    if (c == "/*") { inc = 1; i += 2 }
                    else if (c == "//") i = n + 1
                    else { out = out substr(s, i, 1); i++ }
                }
            }
            print FILENAME ":" FNR ": " out
        }' "$@" | grep -E ": .*($FORBIDDEN)"
}

# The check must be able to fail: a sample with each kind of offence, and one in a comment only.
cat >"$TMPD/sample.c" <<'EOS'
/* getenv("X") in a comment is fine,
   and so is sleep() */
const char *p = getenv("PROGNOS_THREADS");
FILE *f = fopen("/proc/loadavg", "r");  /* a comment after code */
nanosleep(&ms, NULL);
sigaction(SIGPIPE, &ign, &old); // SIGPIPE
int x = 1; /* signal( in a comment */ int y = 2;
EOS
rc=0
: >"$TMPD/out"
: >"$TMPD/err"
found=$(offenders "$TMPD/sample.c")
n=$(printf '%s\n' "$found" | grep -c .)
[ "$n" -eq 4 ] && ok "the check finds the 4 offending lines of a sample" \
    || { fail "the check found $n lines in the sample, not 4"; printf '  %s\n' "$found"; }
case "$found" in *"sample.c:3: "*) ok "offences are reported as file:line";;
    *) fail "no file:line in: $found";; esac

files=$(find "$SRC/src" \( -name '*.c' -o -name '*.h' \) -not -path "$SRC/src/cli/*" \
    -not -path "$SRC/src/plan/cmd_*.c" | sort)   # src/plan/cmd_run.c is the `run` command
[ -n "$files" ] && ok "library sources found" || fail "no library sources under $SRC/src"
# shellcheck disable=SC2086
found=$(offenders $files)
if [ -z "$found" ]; then
    ok "no environment, /proc, sleep, signal, umask or locale calls in the library"
else
    fail "the library touches global state (such code belongs in src/cli):"
    printf '%s\n' "$found" | sed "s|^$SRC/|  |"
fi
done_testing
