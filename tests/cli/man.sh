#!/usr/bin/env bash
# man.sh -- the man page prognos(1) is generated from the option tables (`prognos --man`):
# the committed docs/prognos.1 must be what the binary generates (else run scripts/gen_man.sh),
# and it must render with every command and every option in it.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"

run "$PG" --man; expect_rc 0 "--man"
"$PG" --man >"$TMPD/prognos.1" 2>/dev/null
if cmp -s "$TMPD/prognos.1" "$SRC/docs/prognos.1"; then
    ok "docs/prognos.1 is up to date"
else
    fail "docs/prognos.1 is out of date: run scripts/gen_man.sh"
    diff "$SRC/docs/prognos.1" "$TMPD/prognos.1" | head -20
fi

# rendered (groff is what man uses); no warnings
if command -v groff >/dev/null 2>&1; then
    groff -man -Tutf8 -ww "$TMPD/prognos.1" 2>"$TMPD/groff.err" | col -bx >"$TMPD/man.txt"
    [ ! -s "$TMPD/groff.err" ] && ok "groff renders it without warnings" \
        || fail "groff warns: $(head -3 "$TMPD/groff.err")"
    text=$(cat "$TMPD/man.txt")
    for cmd in $("$PG" --help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
        case "$text" in *"prognos $cmd"*) ok "man page has 'prognos $cmd'";;
                        *) fail "man page lacks 'prognos $cmd'";; esac
        # every option of the command's --help is in the man page
        opts=$("$PG" "$cmd" --help | sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z-]*\).*/\2/p')
        for opt in $(printf '%s\n' $opts | sort -u); do
            grep -q -- "$opt" "$TMPD/man.txt" || fail "man page lacks $opt of $cmd"
        done
    done
    ok "every option of every command's --help is in the man page"
else
    echo "# groff not installed: rendering not checked"
fi
done_testing
