#!/usr/bin/env bash
# bench_csv.sh [ROWS] -- how fast `prognos describe` reads a CSV file, and in how much memory.
# Generates ROWS rows (default 1000000) x 10 columns (6 numeric, 4 categorical) with
# scripts/bench/gen_csv.c, then runs `prognos describe` on it under /usr/bin/time -v and reports
# rows/s and MB/s (by wall-clock and by CPU time: on a busy machine the second is the steadier
# figure) and the peak resident memory. PROGNOS=path/to/prognos overrides the binary
# (default build/prognos). Not a test: timings depend on the machine.
set -euo pipefail
rows=${1:-1000000}
root=$(cd "$(dirname "$0")/.." && pwd)
pg=${PROGNOS:-$root/build/prognos}
[ -x "$pg" ] || { echo "bench_csv: build prognos first ($pg not found)" >&2; exit 2; }
if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq time >/dev/null
    else sudo apt-get install -y -qq time >/dev/null; fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/gen_csv" "$root/scripts/bench/gen_csv.c"
csv=$work/bench_$rows.csv
"$work/gen_csv" "$rows" > "$csv"
bytes=$(stat -c %s "$csv")
# warm the page cache so the figure is parsing, not the disk
cat "$csv" > /dev/null
/usr/bin/time -v "$pg" describe "$csv" > "$work/out.txt" 2> "$work/time.txt"
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0;
       for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$work/time.txt")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time.txt")
awk -v r="$rows" -v b="$bytes" -v s="$secs" -v c="$cpu" -v m="$rss_kb" 'BEGIN {
    printf "rows          %d\n", r
    printf "file          %.1f MB (%.1f bytes/row)\n", b / 1e6, b / r
    printf "wall time     %.2f s: %.3g rows/s, %.1f MB/s\n", s, r / s, b / 1e6 / s
    printf "CPU time      %.2f s: %.3g rows/s, %.1f MB/s\n", c, r / c, b / 1e6 / c
    printf "peak memory   %.0f MB (%.1f bytes/cell)\n", m / 1024, m * 1024 / (r * 10)
}'
cat "$work/out.txt"
