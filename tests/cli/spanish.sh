#!/usr/bin/env bash
# spanish.sh -- the Spanish example (datasets/lms_es_cp1252.csv, made from lms_synthetic.csv by
# scripts/make_spanish.py: Windows-1252, ';', decimal commas, CRLF, accented names with spaces)
# gives the English file's numbers: km (n, events, medians, survival), logrank (chisq), cox
# (coefficients, standard errors, concordance) and the table's JSON, compared value by value.
# Then the Spanish words: the table's heads and labelled rows, and the analysis script's outputs.
PG=$1 SRC=$2; . "$SRC/tests/cli/lib.bash"
cd "$SRC" || exit 1
es=datasets/lms_es_cp1252.csv
en=datasets/lms_synthetic.csv
rd=(--encoding WINDOWS-1252)
dss_es='Surv(`Seguimiento (meses)`, Estado == "Muerto por enfermedad")'
dss_en='Surv(months, status == "DOD")'
f_es="$dss_es ~ Profundidad + I(\`Tamaño (cm)\` > 5) + fnclcc(Diferenciación, Mitosis, Necrosis) + I(Necrosis > 0) + Sexo + strata(Centro)"
f_en="$dss_en ~ depth + I(size_cm > 5) + fnclcc(diff, mitoses, necrosis) + I(necrosis > 0) + sex + strata(source)"

# same_numbers WHAT: every number of $TMPD/es.json equals $TMPD/en.json's (names and strings,
# which are in Spanish in one of them, and the input block are left out)
same_numbers() {
    if python3 - "$TMPD/es.json" "$TMPD/en.json" >"$TMPD/cmp" 2>&1 <<'PY'
import json, sys
def nums(v, path=""):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return []
    if isinstance(v, (int, float)):
        return [(path, v)]
    if isinstance(v, dict):
        return [x for k in v if k not in ("input", "warnings", "prognos")
                for x in nums(v[k], path + "/" + k)]
    return [x for i, e in enumerate(v) for x in nums(e, f"{path}[{i}]")]
a, b = (nums(json.load(open(p))) for p in sys.argv[1:3])
if len(a) < 5 or [p for p, _ in a] != [p for p, _ in b]:
    sys.exit(f"different shapes: {len(a)} vs {len(b)} numbers")
bad = [(p, x, y) for (p, x), (_, y) in zip(a, b) if x != y]
if bad:
    sys.exit(f"{len(bad)} differ, first {bad[0]}")
print(len(a))
PY
    then ok "$1: the same $(cat "$TMPD/cmp") numbers as the English file"
    else rc=1; fail "$1: $(cat "$TMPD/cmp")"; fi
}

both() {   # both WHAT CMD ARGS: run CMD with the Spanish then the English formula and file
    local what=$1 cmd=$2; shift 2
    "$PG" "$cmd" "${rd[@]}" -f "$F_ES" "$@" --format json "$es" >"$TMPD/es.json" 2>"$TMPD/es.err"
    local rc_es=$?
    "$PG" "$cmd" -f "$F_EN" "$@" --format json "$en" >"$TMPD/en.json" 2>"$TMPD/en.err"
    rc=$(( rc_es + $? ))
    expect_rc 0 "$what runs on both files"
    same_numbers "$what"
}

F_ES="$dss_es ~ Profundidad" F_EN="$dss_en ~ depth"
both "km by depth" km --times 60,120
F_ES="$dss_es ~ fnclcc(Diferenciación, Mitosis, Necrosis) + strata(Centro)"
F_EN="$dss_en ~ fnclcc(diff, mitoses, necrosis) + strata(source)"
both "stratified log-rank for trend by grade" logrank --trend
F_ES=$f_es F_EN=$f_en
both "multivariable cox" cox
both "prognostic-factor table" table

# the numbers themselves, as R printed them for the English file (scripts/analysis/01's
# model: survival::coxph(Surv(months, status == "DOD") ~ depth + ..., lms_synthetic) coef and
# print(survfit(Surv(months, status == "DOD") ~ depth, lms_synthetic)))
run "$PG" km "${rd[@]}" --lang es -f "$dss_es ~ Profundidad" --steps none "$es"
expect_rc 0 "Spanish km"
expect_out 'Profundidad=Dérmica    305      5     NA      NA      NA'
expect_out 'Profundidad=Subcutánea 175     38     NA     175      NA'
case "$err" in *Windows-1252*) fail "--encoding WINDOWS-1252 still notes the guess";;
                *) ok "no encoding guess noted with --encoding";; esac

lab=(--lang es --label 'I(`Tamaño (cm)` > 5)=Tamaño > 5 cm'
     --label 'fnclcc(Diferenciación, Mitosis, Necrosis)=Grado FNCLCC'
     --label 'I(Necrosis > 0)=Necrosis tumoral')
run "$PG" cox "${rd[@]}" "${lab[@]}" -f "$f_es" "$es"
expect_rc 0 "Spanish cox"
expect_out 'Profundidad=Subcutánea  1.4500    4.2630   0.5436  2.667  0.00765 **'
expect_out 'Tamaño > 5 cm           0.9872    2.6838   0.3440  2.870  0.00411 **'
expect_out 'Sexo=Varón             -0.5171    0.5962   0.3265 -1.584  0.11316'
expect_err '43 events for 6 coefficients (7.2 per coefficient)'

run "$PG" table "${rd[@]}" "${lab[@]}" -f "$f_es" "$es"
expect_rc 0 "Spanish table"
expect_out 'Factores pronósticos de Surv(`Seguimiento (meses)`, Estado == "Muerto por enfermedad")'
expect_out 'Supervivencia a 60 meses, % (IC 95%)'
expect_out 'Tamaño > 5 cm    No         409 (85.2)      19'
expect_out 'Grado FNCLCC     1          230 (47.9)       3'
expect_out 'Modelo multivariante: 480 pacientes, 43 eventos (0 excluidos por un valor ausente).'
expect_out 'Advertencia: '

# the misspelt level of issue 17 stops (the Spanish file's own words)
run "$PG" km "${rd[@]}" -f 'Surv(`Seguimiento (meses)`, Estado == "Muerto por Enfermedad") ~ 1' "$es"
expect_rc 2 "a level in the wrong case"
expect_err "did you mean 'Muerto por enfermedad'?"
run "$PG" km "${rd[@]}" -f 'Surv(`Seguimiento (meses)`, `Recidiva local` == "Si") ~ 1' "$es"
expect_rc 2 "Si for Sí"
expect_err "'Si' is not a level of 'Recidiva local'; did you mean 'Sí'? (levels: No, Sí)"

# the analysis script runs and leaves its outputs (figures only where gnuplot is)
if command -v gnuplot >/dev/null 2>&1; then
    cp -r scripts datasets "$TMPD/" && mkdir -p "$TMPD/build"
    run env PG="$PG" bash "$TMPD/scripts/analysis/10_spanish.sh"
    expect_rc 0 "scripts/analysis/10_spanish.sh"
    for f in es_describe.txt es_cox.txt es_tabla.md es_km_profundidad.png es_forest.png; do
        [ -s "$TMPD/figures/$f" ] && ok "figures/$f written" || fail "figures/$f missing"
    done
fi
done_testing
