#!/usr/bin/env bash
# fuzz_cli.sh PROGNOS [ITERATIONS] [SEED] -- a small random test of the command line.
#
# Writes random but plausible CSV files (small series, ties, all censored, missing values,
# odd tokens, ';' with decimal commas, CRLF, quoted fields, UTF-8 names) and random formulas
# and options, runs PROGNOS (best built with -DPG_SANITIZE=ON) on them, and fails when a run
# exits with a status other than 0, 1 or 2, prints a sanitizer report, takes longer than 20
# seconds, writes invalid JSON, leaves an -o file behind on failure, or prints an error that is
# not a 'prognos CMD: ...' line. The same seed always draws the same cases, so a failure is
# reproduced by running the script again; the failing case is kept in the printed directory.
# Not part of ctest (it takes about a minute for the default 300 iterations under ASan).
#   bash scripts/fuzz_cli.sh build-asan/prognos 300 1
set -u
pg=${1:?usage: fuzz_cli.sh PROGNOS [ITERATIONS] [SEED]}
iters=${2:-300}
seed=${3:-1}
case "$pg" in /*) ;; *) pg="$PWD/$pg";; esac
work=$(mktemp -d)
RANDOM=$seed
fails=0

pick() { local a=("$@"); printf '%s' "${a[RANDOM % ${#a[@]}]}"; }

# write_csv FILE: a random small series with columns time, status, g, x, z (+ noise)
write_csv() {
    local f=$1 n delim dec crlf i t s g x z eol
    n=$(pick 0 1 2 3 5 5 8 12 20 40)
    delim=$(pick , , , ';' $'\t')
    dec=.
    [ "$delim" = ';' ] && dec=$(pick , .)
    eol=$'\n'
    [ $((RANDOM % 4)) -eq 0 ] && eol=$'\r\n'
    {
        printf 'time%sstatus%sg%sx%s"z ä"%s' "$delim" "$delim" "$delim" "$delim" "$eol"
        for ((i = 0; i < n; i++)); do
            t=$(pick 1 2 2 3 5 5 5 8 13 21 0 0.5 1e-3 1e6 NA "" -1 abc 7)
            [ "$dec" = , ] && t=${t/./,}
            s=$(pick 0 1 1 1 0 NA 2 "")
            g=$(pick a b a b c '"a"' '"b,c"' NA "" '"ä é"')
            x=$(pick 0 1 2 0.5 -3 1e300 -1e-300 NA "" 4 5 '"7"')
            [ "$dec" = , ] && x=${x/./,}
            z=$(pick 0 1 1 0 NA)
            printf '%s%s%s%s%s%s%s%s%s%s' "$t" "$delim" "$s" "$delim" "$g" "$delim" "$x" \
                "$delim" "$z" "$eol"
        done
    } >"$f"
    # sometimes damage the file
    case $((RANDOM % 12)) in
        0) printf '1%s2%s' "$delim" "$eol" >>"$f" ;;           # ragged row
        1) printf '"unterminated%s' "$eol" >>"$f" ;;           # open quote
        2) printf '\357\273\277' | cat - "$f" >"$f.b" && mv "$f.b" "$f" ;;  # BOM
        3) head -c $((RANDOM % 60)) "$f" >"$f.t" && mv "$f.t" "$f" ;;       # truncated
        *) ;;
    esac
}

formula() {
    local lhs rhs
    lhs=$(pick 'Surv(time, status)' 'Surv(time, status == 1)' 'Surv(time,status)' \
          'Surv(`time`, `status`)' 'Surv(time, g == "a")' 'Surv(time * 2, status)' \
          'Surv(time, status' 'Surv(x, status)' 'Surv(time)')
    rhs=$(pick 1 g x 'g + x' 'factor(g)' 'x + strata(g)' 'g + strata(z)' '`z ä`' \
          'x * g' 'I(x > 1)' 'log(x)' 'g + cluster(z)' 'x:g' 'factor(g, ref = "b")' \
          'nosuch' 'g +' '(g' 'z + x + g')
    printf '%s ~ %s' "$lhs" "$rhs"
}

opts() {
    local cmd=$1
    case $cmd in
        km) pick '' '--times 1,5' '--rmst-tau 6' '--cumhaz --followup' '--censored' \
                 '--quantiles 0.25,0.75' '--conf-type log-log' '--conf-type plain' ;;
        logrank) pick '' '--rho 1' '--weights gehan' '--trend' '--pairwise' \
                      '--exact' '--weights fh --gamma 1' '--exact --max-enumerate 0 --permutations 50' ;;
        cox) pick '' '--ties breslow' '--ties exact' '--robust' '--firth' '--residuals martingale' \
                  '--residuals dfbeta' '--residuals scaledsch' '--lp' '--basehaz' \
                  '--newdata a.csv' '--firth --ties breslow' '--residuals deviance' ;;
        zph) pick '' '--transform rank' '--transform identity' '--residuals' ;;
        table) pick '--times 2,5 --time-unit days' '--times 3 --time-unit months --multivariable none' \
                    '--times 1 --time-unit weeks --ties breslow' ;;
        describe) pick '' ;;
    esac
}

for ((it = 1; it <= iters; it++)); do
    dir="$work/case$it"
    mkdir -p "$dir"
    write_csv "$dir/a.csv"
    files="$dir/a.csv"
    if [ $((RANDOM % 5)) -eq 0 ]; then write_csv "$dir/b.csv"; files="$files $dir/b.csv"; fi
    cmd=$(pick describe km km logrank logrank cox cox zph table)
    fml=$(formula)
    opt=$(opts "$cmd")
    fmt=$(pick text csv json md)
    where=()
    [ $((RANDOM % 6)) -eq 0 ] && where=(--where "$(pick 'x > 1' 'g == "a"' 'time > 1e9' 'x')")
    case $((RANDOM % 8)) in    # reading options
        0) where+=(--numeric x) ;;
        1) where+=(--categorical x) ;;
        2) where+=(--na 'NA,-,abc') ;;
        3) where+=(--decimal ,) ;;
        4) where+=(--conf-level 0.9) ;;
        *) ;;
    esac
    ff=(-f "$fml")
    [ "$cmd" = describe ] && [ $((RANDOM % 2)) -eq 0 ] && ff=()
    # shellcheck disable=SC2086
    if [ $((RANDOM % 6)) -eq 0 ]; then   # the first file through standard input
        (cd "$dir" && timeout 20 "$pg" "$cmd" "${ff[@]}" $opt --format "$fmt" "${where[@]}" \
            -o "$dir/out" - ${files#* } <"$dir/a.csv" >"$dir/stdout" 2>"$dir/stderr")
    else
        (cd "$dir" && timeout 20 "$pg" "$cmd" "${ff[@]}" $opt --format "$fmt" "${where[@]}" \
            -o "$dir/out" $files >"$dir/stdout" 2>"$dir/stderr")
    fi
    rc=$?
    why=""
    if [ $rc -gt 2 ]; then why="exit $rc"; fi
    if grep -qE 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer|SUMMARY: ' "$dir/stderr"; then
        why="$why sanitizer"
    fi
    if [ $rc -ne 0 ] && [ -e "$dir/out" ]; then why="$why output-left-behind"; fi
    if [ $rc -ne 0 ] && ! grep -q "^prognos $cmd: " "$dir/stderr"; then why="$why no-error-line"; fi
    if [ $rc -eq 0 ] && [ "$fmt" = json ] && ! python3 -m json.tool "$dir/out" >/dev/null 2>&1; then
        why="$why bad-json"
    fi
    if [ $rc -eq 0 ] && grep -qE '(^|[^A-Za-z])(-?nan|inf)([^A-Za-z]|$)' "$dir/out"; then
        why="$why nan-printed"
    fi
    if [ -n "$why" ]; then
        fails=$((fails + 1))
        printf 'FAIL case %d (%s): prognos %s -f %q %s --format %s %s %s\n' "$it" "$why" "$cmd" \
            "$fml" "$opt" "$fmt" "${where[*]}" "$files"
        head -c 400 "$dir/stderr"
        echo
    else
        rm -rf "$dir"
    fi
done
echo "fuzz_cli: $iters cases, $fails failed (seed $seed; failing cases kept in $work)"
[ "$fails" -eq 0 ] && rm -rf "$work"
[ "$fails" -eq 0 ]
