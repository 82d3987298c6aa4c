#!/usr/bin/env bash
# help.sh -- --help and the option errors come from each command's option table (src/cli/opt.c):
# every option is listed once, every listed option is accepted, bad values are refused with a
# message naming the option, its range or its choices, and the value given.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
case $PG in /*) ;; *) PG=$PWD/$PG;; esac
D=$(cd "$SRC/tests/data" && pwd)
cd "$TMPD" || exit 1   # the probes below may write files named '1' (-o 1, --script 1)

cmds=$("$PG" --help | sed -n 's/^  \([a-z]*\) .*/\1/p')
# every command of main.c's table (commands are added by several branches: no fixed count)
for want in describe km logrank cox zph plot table simulate cif finegray reconstruct meta survreg; do
    printf '%s\n' $cmds | grep -qx "$want" && ok "'$want' in prognos --help" \
        || fail "'$want' missing from the commands: $cmds"
done
for cmd in $cmds; do
    run "$PG" "$cmd" --help
    expect_rc 0 "$cmd --help"
    [ -z "$err" ] && ok "$cmd --help: nothing on stderr" || fail "$cmd --help wrote to stderr"
    run "$PG" help "$cmd"; expect_rc 0 "help $cmd"
    "$PG" "$cmd" --help | sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z-]*\).*/\2/p' >"$TMPD/opts"
    dup=$(sort "$TMPD/opts" | uniq -d)
    [ -z "$dup" ] && ok "$cmd --help lists each option once" || fail "$cmd --help repeats: $dup"
    grep -qx -- "--help" "$TMPD/opts" && ok "$cmd --help lists --help" || fail "$cmd: no --help"
    # every option listed is one the parser knows (whatever else goes wrong, not "unknown")
    while read -r opt; do
        [ "$opt" = "--help" ] && continue
        run "$PG" "$cmd" "$opt" 1 "$D/aml.csv"
        case "$err" in *"unknown option"*) fail "$cmd: $opt is listed but unknown";; esac
    done <"$TMPD/opts"
    ok "$cmd: every listed option is parsed"
done
# table overrides --format once, with its own choices
run "$PG" table --help
n=$(printf '%s\n' "$out" | grep -c -- '^      --format ')
[ "$n" -eq 1 ] && ok "table --help: --format once" || fail "table --help: --format $n times"
expect_out "json, docx or xlsx"

# range errors name the option, the range and the value; exit 2 with the help hint
run "$PG" km -f 'Surv(time, status) ~ x' --conf-level 2 "$D/aml.csv"
expect_rc 2 "--conf-level 2"; expect_err "prognos km: --conf-level must be in (0, 1), not '2'"
expect_err "try 'prognos km --help'"
run "$PG" km -f 'Surv(time, status) ~ x' --conf-level abc "$D/aml.csv"
expect_rc 2 "--conf-level abc"; expect_err "--conf-level must be in (0, 1), not 'abc'"
run "$PG" km -f 'Surv(time, status) ~ x' --times 12,-1 "$D/aml.csv"
expect_rc 2 "--times negative"
expect_err "--times must be numbers >= 0 separated by commas, not '12,-1'"
run "$PG" plot -f 'Surv(time, status) ~ x' --dpi 5000 -o "$TMPD/x.png" "$D/aml.csv"
expect_rc 2 "--dpi 5000"; expect_err "--dpi must be a number from 10 to 2400, not '5000'"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --seed -1 "$D/gehan.csv"
expect_rc 2 "--seed -1"; expect_err "--seed must be a whole number >= 0, not '-1'"
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --permutations 1.5 "$D/gehan.csv"
expect_rc 2 "--permutations 1.5"
expect_err "--permutations must be a positive whole number, not '1.5'"
run "$PG" simulate --scale -1; expect_rc 2 "--scale -1"
expect_err "prognos simulate: --scale must be a positive number, not '-1'"
run "$PG" simulate stray; expect_rc 2 "simulate takes no file"
expect_err "unexpected argument 'stray'"

# choice errors list the choices this command accepts
run "$PG" table -f 'Surv(time, status) ~ x' --ties exact "$D/aml.csv"
expect_rc 2 "table --ties exact"; expect_err "--ties must be efron or breslow, not 'exact'"
run "$PG" km -f 'Surv(time, status) ~ x' --delim x "$D/aml.csv"
expect_rc 2 "--delim x"; expect_err "--delim must be ',', ';' or 'tab', not 'x'"
run "$PG" zph -f 'Surv(time, status) ~ x' --transform square "$D/aml.csv"
expect_rc 2 "--transform"; expect_err "--transform must be km, rank, identity or log, not 'square'"
# a library alias is accepted (pg_logrank_weights_parse: "log-rank")
run "$PG" logrank -f 'Surv(time, cens) ~ treat' --weights log-rank "$D/gehan.csv"
expect_rc 0 "--weights log-rank (library alias)"

# the residual names are the library's: scaled-schoenfeld was refused by the old CLI
run "$PG" cox -f 'Surv(time, status) ~ x' --residuals scaled-schoenfeld --format csv "$D/aml.csv"
expect_rc 0 "--residuals scaled-schoenfeld"; expect_out "row,time,x=Nonmaintained"
scaled=$out
run "$PG" cox -f 'Surv(time, status) ~ x' --residuals scaledsch --format csv "$D/aml.csv"
[ "$out" = "$scaled" ] && ok "scaled-schoenfeld = scaledsch" || fail "scaled-schoenfeld differs"
# R: residuals(coxph(Surv(time, status) ~ x, aml), "scaledsch")[1] = 2.222979576 (time 5)
case "$out" in *$'\n'"12,5,2.22297957"*) ok "scaled Schoenfeld residual matches R";;
               *) fail "scaled Schoenfeld residual at time 5";; esac

# a value-less option and an unknown one
run "$PG" cox --ties; expect_rc 2 "--ties without value"; expect_err "option '--ties' needs a value"
run "$PG" km --cumhaz=3 "$D/aml.csv"; expect_rc 2 "flag with a value"
expect_err "unknown option '--cumhaz=3'"
done_testing
