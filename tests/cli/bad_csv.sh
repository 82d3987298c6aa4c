#!/usr/bin/env bash
# bad_csv.sh -- the catalogue of malformed CSV inputs (tests/data/bad/EXPECTED): each must make
# `prognos describe -o FILE` exit 2 with the expected located message and leave no output file.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"

cd "$SRC/tests/data/bad" || exit 1
trim() { local s=$1; s=${s#"${s%%[! ]*}"}; printf '%s' "${s%"${s##*[! ]}"}"; }
ncases=0
while IFS= read -r line; do
    case "$line" in ''|\#*) continue;; esac
    IFS='|' read -r file args want <<<"$line"
    file=$(trim "$file") args=$(trim "$args") want=$(trim "$want")
    ncases=$((ncases + 1))
    outf="$TMPD/out_$ncases.txt"
    # shellcheck disable=SC2086  # args is a list of words
    eval "run \"\$PG\" describe -o \"\$outf\" $args \"\$file\""
    expect_rc 2 "$file $args"
    expect_err "prognos describe: $want"
    [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && ok "one line on stderr" || fail "one line on stderr"
    expect_no_file "$outf"
done < EXPECTED
[ "$ncases" -ge 25 ] && ok "$ncases cases" || fail "only $ncases cases"
n_files=$(ls *.csv | wc -l)
[ "$n_files" -ge 25 ] && ok "$n_files bad CSV files" || fail "only $n_files bad CSV files"
# every file in the directory is exercised by some case
for f in *.csv; do
    grep -q "^$f | " EXPECTED && ok "$f listed" || fail "$f not in EXPECTED"
done
# the same errors reach describe through standard input, named <stdin>
run "$PG" describe - < ragged_short.csv
expect_rc 2 "ragged row on stdin"
expect_err "prognos describe: <stdin>:3:2: row has 2 fields, the header has 3"
done_testing
