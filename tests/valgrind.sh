#!/usr/bin/env bash
# valgrind.sh PROGNOS -- run representative commands under valgrind; fail on any leak or error.
set -euo pipefail
pg=$(realpath "$1" 2>/dev/null || echo "$1")
if [ ! -x "$pg" ]; then echo "valgrind.sh: no prognos binary at '$1'" >&2; exit 2; fi
cd "$(dirname "$0")/.."
status=0
check() {
    local log
    log=$(mktemp)
    valgrind --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
        --error-exitcode=99 --log-file="$log" "$pg" "$@" >/dev/null 2>&1 || true
    if grep -q "ERROR SUMMARY: [1-9]" "$log" || ! grep -q "All heap blocks were freed" "$log"; then
        echo "valgrind: problems in: prognos $*"; sed -n '/HEAP SUMMARY/,$p' "$log" | head -40
        status=1
    else
        echo "valgrind: clean: prognos $*"
    fi
    rm -f "$log"
}
check --version
check --help
check nosuch
# tests/valgrind/*.cmds: arguments to prognos, one command per line, on bundled data; a line
# may write its files into "$out", a folder removed at the end.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for f in tests/valgrind/*.cmds; do
    while IFS= read -r line; do
        [ -z "$line" ] && continue
        case "$line" in \#*) continue;; esac
        eval "check $line"
    done < "$f"
done
exit $status
