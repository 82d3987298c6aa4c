#!/usr/bin/env bash
# labels.sh -- --label, --level, --label-file FILE and --lang: labelled rows, Spanish words, the
# table without a time unit, and every error message of an unused label.
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
lms="$SRC/datasets/lms_synthetic.csv"
F='Surv(months, status == "DOD") ~ sex + depth + I(size_cm > 5)'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run "$PG" table -f "$F" --lang es --label 'sex=Sexo' --level 'sex=F:Mujer,M:Varón' \
    --label 'I(size_cm>5)=Tamaño > 5 cm' --label depth=Profundidad \
    --level 'depth=dermal:Dérmica,subcutaneous:Subcutánea' "$lms"
expect_rc 0 "Spanish table"
expect_out "Factores pronósticos de"
expect_out "Supervivencia a 60 meses, % (IC 95%)"
expect_out "HR univariante (IC 95%)"
expect_out "referencia"
expect_out "Tamaño > 5 cm No"
expect_out "Subcutánea 175 (36.5)      38"
expect_out "Modelo multivariante: 480 pacientes, 43 eventos"

printf 'variable,level,label\nsex,,Sex\nsex,F,Female\nsex,M,Male\n' > "$tmp/l.csv"
run "$PG" table -f "$F" --label-file "$tmp/l.csv" "$lms"
expect_rc 0 "labels file"; expect_out "Sex            Female"

run "$PG" table -f 'Surv(time, status) ~ sex' "$SRC/tests/data/lung.csv" --lang fr
expect_rc 0 "no unit: the table runs"
expect_out "La survie à des temps fixés n'est pas montrée"

run "$PG" logrank -f 'Surv(months, status == "DOD") ~ depth' --label depth=Depth \
    --level 'depth=dermal:Dermal' "$lms"
expect_rc 0 "logrank labelled"; expect_out "Depth=Dermal "

run "$PG" cox -f "$F" --label 'I(size_cm > 5)=Size > 5 cm' "$lms"
expect_rc 0 "cox labelled"; expect_out "Size > 5 cm "

run "$PG" cox -f "$F" --label 'I(size_cm > 5)=Size > 5 cm' --format json "$lms"
expect_rc 0 "json keeps R's names"; expect_out '"I(size_cm > 5)"'

# a Spanish figure: the words of --lang, "Variable: level" in the legend and the risk table,
# the legend (wider than the plot) above the plot from the figure's left edge, and the figure
# widened (10.3 cm, not 8.5) so the table's labels end 1.1 em before the first count
run "$PG" plot -f 'Surv(months, status == "DOD") ~ depth' "$lms" --lang es --label depth=Profundidad \
    --level 'depth=dermal:Dérmica,subcutaneous:Subcutánea' --risk-table --ci --pval \
    -o "$tmp/es.png" --script -
expect_rc 0 "Spanish figure"
expect_out "set xlabel 'Tiempo (meses)' noenhanced"
expect_out "set ylabel 'Probabilidad de supervivencia' noenhanced"
expect_out "title 'Profundidad: Subcutánea (n = 175)'"
expect_out "set label 'Número en riesgo' at screen"
expect_out "set label 'Profundidad: Dérmica' at screen 0.010976, first 2 left"
expect_out "set key at screen 0.010976, screen"
expect_out "linewidth 4.16667"

run "$PG" plot --forest -f 'Surv(months, status == "DOD") ~ depth + I(size_cm > 5)' "$lms" \
    --lang es --label depth=Profundidad --level 'depth=dermal:Dérmica,subcutaneous:Subcutánea' \
    --label 'I(size_cm > 5)=Tamaño > 5 cm' -o "$tmp/f.png" --script -
expect_rc 0 "Spanish forest plot"
expect_out "set label '{/:Bold Eventos}'"; expect_out "set label '{/:Bold HR (IC 95%)}'"
expect_out "set label 'Profundidad' at"; expect_out "set label 'Subcutánea' at"
expect_out "set label 'Tamaño > 5 cm' at"; expect_out "set label 'referencia' at"
expect_out "set xlabel 'Hazard ratio'"

# errors: one line, exit 2
run "$PG" table -f "$F" --label 'sizecm=Size' "$lms"
expect_rc 2 "unknown variable"
expect_err "--label: unknown variable 'sizecm'; did you mean 'size_cm'? (variables: id, source"
run "$PG" table -f "$F" --level 'depth=dermall:Dermal' "$lms"
expect_rc 2 "unknown level"
expect_err "--level: 'dermall' is not a level of 'depth'; did you mean 'dermal'? (levels: dermal, subcutaneous)"
run "$PG" table -f "$F" --level 'I(size_cm > 5)=YES:x' "$lms"
expect_rc 2 "unknown level of I()"; expect_err "(levels: FALSE, TRUE)"
run "$PG" table -f "$F" --label nolabel "$lms"
expect_rc 2 "bad --label"; expect_err "--label wants VARIABLE=LABEL, not 'nolabel'"
run "$PG" table -f "$F" --level 'depth=dermal' "$lms"
expect_rc 2 "bad --level"; expect_err "is not LEVEL:LABEL"
printf 'variable,level,label\nsex,X,Other\n' > "$tmp/bad.csv"
run "$PG" table -f "$F" --label-file "$tmp/bad.csv" "$lms"
expect_rc 2 "bad level in file"; expect_err "bad.csv:2: 'X' is not a level of 'sex' (levels: F, M)"
printf 'variable,level\nsex,\n' > "$tmp/nolab.csv"
run "$PG" km -f "$F" --label-file "$tmp/nolab.csv" "$lms"
expect_rc 2 "file without label column"; expect_err "a labels file needs the columns variable, level and label"
run "$PG" table -f "$F" --lang xx "$lms"
expect_rc 2 "bad --lang"; expect_err "--lang must be"
run "$PG" table -f "$F" --lang es -o "$tmp/t.txt" --label bad=x "$lms"
expect_rc 2 "no partial output"; [ ! -e "$tmp/t.txt" ] && ok "no output file" || fail "output left"
# competing risks: the footnotes in the table's language (Aalen-Johansen, Gray, cause-specific
# Cox, Fine-Gray), none left in English
Fc='Surv(months, status) ~ depth + strata(source)'
run "$PG" table --lang es -f "$Fc" --censor NED,AWD --cause DOD "$lms"
expect_rc 0 "Spanish competing-risks table"
expect_out "Incidencia acumulada de DOD: estimaciones de Aalen-Johansen"
expect_out "p: test de Gray de igualdad de la incidencia acumulada de DOD dentro de los estratos de source."
expect_out "HR: modelos de riesgos proporcionales de Cox específicos de causa para DOD (las otras causas censuradas), empates de Efron, estratificados por source;"
case "$out" in *"competing events"*|*"within strata"*|*"cause-specific"*) fail "English note";;
    *) ok "no English note";; esac
run "$PG" table -f "$Fc" --censor NED,AWD --cause DOD "$lms"
expect_out "p: Gray's test of equal cumulative incidence of DOD within strata of source."
for l in fr de it pt; do
    run "$PG" table --lang $l -f 'Surv(months, status) ~ depth' --censor NED,AWD --cause DOD \
        --model fine-gray "$lms"
    expect_rc 0 "Fine-Gray table --lang $l"
    case "$out" in *"Aalen-Johansen estimates"*|*"Gray's test"*|*"subdistribution hazard"*)
        fail "English note in --lang $l";; *) ok "no English note in --lang $l";; esac
done
expect_out "HR: hazard ratios de subdistribuição de modelos de Fine-Gray para DOD"

# one decimal mark per table: the cells print '.', so every footnote number does too (the
# median's 0.5, the events per coefficient, the incidence's 0.5), in every language
Fe='Surv(months, status == "DOD") ~ depth + sex + I(size_cm > 5) + factor(grade) + site'
for l in es fr de it pt; do
    run "$PG" table --lang $l -f "$Fe" "$lms"
    expect_rc 0 "table --lang $l with an EPV warning"
    case "$out" in *[0-9],[0-9]*) fail "a decimal comma in the --lang $l table";;
        *) ok "no decimal comma in the --lang $l table";; esac
    case "$out" in *" 0.5 "*) ok "the median's 0.5 in --lang $l";; *) fail "0.5 in --lang $l";; esac
    printf '%s\n' "$out" | grep -Eq '\([0-9]+\.[0-9] ' && ok "events per coefficient with '.' ($l)" \
        || fail "events per coefficient in --lang $l"
    run "$PG" table --lang $l -f 'Surv(months, status) ~ depth' --censor NED,AWD --cause DOD "$lms"
    case "$out" in *[0-9],[0-9]*) fail "a decimal comma in the --lang $l incidence table";;
        *" 0.5"*) ok "the incidence's 0.5 in --lang $l";; *) fail "0.5 in the --lang $l incidence note";; esac
done

# no English fixed word in the gnuplot scripts of translated km and cif figures (axis titles,
# legend, tests, risk and event tables, the fitted curve, the Cox forest plot, the FALSE/TRUE
# of a logical I() term, No/Sí as in the table); "Hazard ratio"
# is the dictionary's word in es, fr, it and pt, so it is not looked for
eng="Number at risk|Cumulative|Survival|Time|All |probability|incidence|[Ff]it |dashed|beyond|"
eng+="Gray's test|score test|Events|reference|months|per unit|TRUE|FALSE"
Fd='Surv(months, status == "DOD") ~ depth'
Fr='Surv(months, status) ~ depth'
for l in es fr de; do
    left=""
    for v in "$Fd|--ci --pval --risk-table --cum-events --median-lines" "$Fd|--fun event --percent" \
             "$Fd|--fun cumhaz" "$Fr|--cif --pval --risk-table --censor NED,AWD --cause DOD" \
             "$Fr|--cif --stacked --censor NED,AWD" "Surv(months, status == \"DOD\") ~ 1|--fit weibull" \
             "Surv(months, status == \"DOD\") ~ depth + age + factor(grade)|--forest" \
             "Surv(months, status == \"DOD\") ~ I(size_cm > 5)|--risk-table"; do
        IFS='|' read -r f opts <<<"$v"
        # shellcheck disable=SC2086
        run "$PG" plot -f "$f" "$lms" --lang $l $opts -o "$tmp/k.png" --script -
        [ "$rc" -eq 0 ] || fail "plot --lang $l $opts"
        left+=$(printf '%s\n' "$out" | grep -E "^set (label|title|xlabel|ylabel)|title '" \
                | grep -Eo "$eng" | sort -u | tr '\n' ' ')
    done
    [ -z "$left" ] && ok "no English word in --lang $l figures" \
        || fail "English words in --lang $l figures: $left"
done

done_testing
