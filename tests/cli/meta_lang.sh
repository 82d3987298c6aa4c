#!/usr/bin/env bash
# meta_lang.sh -- `prognos meta --lang`: the fixed words of the text and Markdown output and of
# the forest and funnel scripts in Spanish and German, and no English fixed word left in any of
# es fr de it pt (the words are those of src/report/lang.c; the numbers are meta.sh's).
PG=$1 SRC=$2
. "$SRC/tests/cli/lib.bash"
D=$SRC/tests/data
bcg=(--yi yi --sei sei --study label "$D/meta_bcg.csv")
all=(--by alloc --leave-one-out --egger)

# Spanish
run "$PG" meta "${bcg[@]}" "${all[@]}" --lang es
expect_rc 0 "text, --lang es"
for w in "Metaanálisis, efectos aleatorios (k = 13; tau^2 por REML)" "Estimación" "IC 95%" \
         "Peso" "Global (REML)" "Intervalo de predicción" "-1.067 a -0.3622" \
         "tau^2 = 0.3132 (EE 0.1664), IC 95% 0.1197 a 1.111 (perfil Q)" \
         "Heterogeneidad: Q(12) = 152.23" "Subgrupos por alloc" \
         "Prueba de diferencias entre subgrupos: Q(2)" "Exclusión de un estudio cada vez" \
         "Prueba de Egger (regresión sobre el EE)" "Estimación límite (EE -> 0)"; do
    expect_out "$w"
done
run "$PG" meta "${bcg[@]}" --method fe --lang es --format md
expect_rc 0 "md, fixed effect, --lang es"
expect_out "### Metaanálisis"
expect_out "efecto fijo, inverso de la varianza"
expect_out "| Estudio"
expect_out "H^2 = 12.69 (según Q)"
run "$PG" meta --hr or --lower lower --upper upper --study label --lang es --plot forest \
    -o "$TMPD/f.png" --script - "$D/meta_hackshaw.csv"
expect_rc 0 "forest script, --lang es"
for w in "{/:Bold Estudio}" "{/:Bold Razón (IC 95%)}" "{/:Bold Peso}" "'Global (REML)'" \
         "set xlabel 'Razón (escala log)'"; do expect_out "$w"; done
run "$PG" meta --yi yi --sei sei --plot funnel -o "$TMPD/u.svg" --script - --lang es \
    "$D/meta_bcg.csv"
expect_out "set xlabel 'Estimación'"
expect_out "set ylabel 'Error estándar'"
printf 'label,hr,lo,hi\nA,0.8,0.6,1.1\n' >"$TMPD/one.csv"
run "$PG" meta --hr hr --lower lo --upper hi --lang es "$TMPD/one.csv"
expect_out "Un estudio: la estimación global es la del propio estudio"

# German
run "$PG" meta "${bcg[@]}" "${all[@]}" --lang de
expect_rc 0 "text, --lang de"
for w in "Metaanalyse, zufällige Effekte (k = 13; tau^2 nach REML)" "Schätzer" "95%-KI" \
         "Gewicht" "Gesamt (REML)" "Prädiktionsintervall" "-1.067 bis -0.3622" \
         "(SE 0.1664), 95%-KI 0.1197 bis 1.111 (Q-Profil)" "Heterogenität: Q(12) = 152.23" \
         "Subgruppen nach alloc" "Test auf Unterschiede zwischen Subgruppen" \
         "Auslassen je einer Studie" "Egger-Test (Regression auf den SE)" \
         "Grenzschätzer (SE -> 0)"; do
    expect_out "$w"
done
run "$PG" meta --oe oe --v v --study label --lang de --format md "$D/meta_bcg.csv"
expect_out "feste Effekte, Peto (O-E und V)"
expect_out "| Studie"
run "$PG" meta --hr or --lower lower --upper upper --study label --lang de --plot forest \
    -o "$TMPD/f.png" --script - "$D/meta_hackshaw.csv"
for w in "{/:Bold Studie}" "{/:Bold Ratio (95%-KI)}" "{/:Bold Gewicht}" "'Gesamt (REML)'" \
         "set xlabel 'Ratio (log. Skala)'"; do expect_out "$w"; done

# no English fixed word in any other language (text with every part, md, both figures)
english='Pooled|Prediction interval|Heterogeneity|random effects|fixed effect|Subgroups|'
english+='Leave one out|Egger.s test|Limit estimate|Estimate|Weight|Study|Standard error|'
english+='log scale| to |log estimate|Q-profile|from Q|Note:|Meta-analysis'
for l in es fr de it pt; do
    run "$PG" meta "${bcg[@]}" "${all[@]}" --lang $l
    a=$out
    run "$PG" meta "${bcg[@]}" --method fe --format md --lang $l
    a+=$out
    run "$PG" meta --hr or --lower lower --upper upper --study label --lang $l --plot forest \
        -o "$TMPD/f.png" --script - "$D/meta_hackshaw.csv"
    a+=$(printf '%s\n' "$out" | grep -E '^set (label|xlabel)')
    run "$PG" meta --yi yi --sei sei --plot funnel -o "$TMPD/u.svg" --script - --lang $l \
        "$D/meta_bcg.csv"
    a+=$(printf '%s\n' "$out" | grep -E '^set (x|y)label')
    left=$(printf '%s\n' "$a" | grep -Eo "$english" | sort -u | tr '\n' ' ')
    [ -z "$left" ] && ok "no English word in meta --lang $l" \
        || fail "English words in meta --lang $l: $left"
done
# English is as before
run "$PG" meta "${bcg[@]}" --method dl
expect_out "Pooled (DL)"
expect_out "Heterogeneity: Q(12)"
done_testing
