/* lang.c -- the dictionary of the fixed words of tables and figures (prognos/lang.h).
 *
 * One row per word, one column per language (en es fr de it pt), in the wording the journals
 * of each language print: "Número en riesgo" (Rev Esp Cardiol, Med Clin), "Nombre de sujets à
 * risque", "Anzahl unter Risiko", "Numero a rischio", "Número em risco"; "IC 95%" (es, it,
 * pt), "IC à 95 %" (fr, with its thin space written as a space), "95%-KI" (de). Sources are
 * UTF-8; every text renderer aligns by display width (render.h), so accents are safe.
 * A format's arguments are the same, in the same order, in every language (lang.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "prognos/lang.h"
#include "suggest.h"

static const char *const lang_names[PG_LANG_COUNT] = {"en", "es", "fr", "de", "it", "pt"};

static const char *const words[PG_W_COUNT][PG_LANG_COUNT] = {
    [PG_W_NUMBER_AT_RISK] = {"Number at risk", "Número en riesgo", "Nombre de sujets à risque",
                             "Anzahl unter Risiko", "Numero a rischio", "Número em risco"},
    [PG_W_CUM_EVENTS] = {"Cumulative number of events", "Número acumulado de eventos",
                         "Nombre cumulé d'événements", "Kumulative Anzahl der Ereignisse",
                         "Numero cumulativo di eventi", "Número acumulado de eventos"},
    [PG_W_TIME] = {"Time", "Tiempo", "Temps", "Zeit", "Tempo", "Tempo"},
    [PG_W_SURV_PROB] = {"Survival probability", "Probabilidad de supervivencia",
                        "Probabilité de survie", "Überlebenswahrscheinlichkeit",
                        "Probabilità di sopravvivenza", "Probabilidade de sobrevivência"},
    [PG_W_CUM_INC] = {"Cumulative incidence", "Incidencia acumulada", "Incidence cumulée",
                      "Kumulative Inzidenz", "Incidenza cumulativa", "Incidência acumulada"},
    [PG_W_CUM_HAZ] = {"Cumulative hazard", "Riesgo acumulado", "Risque cumulé",
                      "Kumulatives Hazard", "Rischio cumulativo", "Risco acumulado"},
    [PG_W_ALL] = {"All", "Todos", "Tous", "Alle", "Tutti", "Todos"},
    [PG_W_LOGRANK] = {"Log-rank", "Log-rank", "Log-rank", "Log-Rank", "Log-rank", "Log-rank"},
    [PG_W_SCORE_TEST] = {"Cox score test", "Test de score de Cox", "Test du score de Cox",
                         "Cox-Score-Test", "Test score di Cox", "Teste score de Cox"},
    [PG_W_GRAY_TEST] = {"Gray's test", "Test de Gray", "Test de Gray", "Gray-Test",
                        "Test di Gray", "Teste de Gray"},
    [PG_W_FIT_DASHED] = {"%s fit (dashed: beyond the data)",
                         "Ajuste %s (discontinuo: más allá de los datos)",
                         "Ajustement %s (tirets : au-delà des données)",
                         "%s-Anpassung (gestrichelt: jenseits der Daten)",
                         "Adattamento %s (tratteggio: oltre i dati)",
                         "Ajuste %s (tracejado: além dos dados)"},
    [PG_W_VARIABLE] = {"Variable", "Variable", "Variable", "Variable", "Variabile", "Variável"},
    [PG_W_EVENTS] = {"Events", "Eventos", "Événements", "Ereignisse", "Eventi", "Eventos"},
    [PG_W_HR_CI] = {"HR (%s%% CI)", "HR (IC %s%%)", "HR (IC à %s %%)", "HR (%s%%-KI)",
                    "HR (IC %s%%)", "HR (IC %s%%)"},
    [PG_W_REFERENCE] = {"reference", "referencia", "référence", "Referenz", "riferimento",
                        "referência"},
    [PG_W_HAZARD_RATIO] = {"Hazard ratio", "Hazard ratio", "Hazard ratio", "Hazard Ratio",
                           "Hazard ratio", "Hazard ratio"},
    [PG_W_P] = {"p", "p", "p", "p", "p", "p"},
    [PG_W_CUM_INC_OF] = {"Cumulative incidence of %s", "Incidencia acumulada de %s",
                         "Incidence cumulée de %s", "Kumulative Inzidenz von %s",
                         "Incidenza cumulativa di %s", "Incidência acumulada de %s"},
    [PG_W_FACTOR] = {"Factor", "Factor", "Facteur", "Faktor", "Fattore", "Fator"},
    [PG_W_LEVEL] = {"Level", "Categoría", "Modalité", "Ausprägung", "Categoria", "Categoria"},
    [PG_W_N_PCT] = {"n (%)", "n (%)", "n (%)", "n (%)", "n (%)", "n (%)"},
    [PG_W_MEDIAN_CI] = {"Median (%s%% CI)", "Mediana (IC %s%%)", "Médiane (IC à %s %%)",
                        "Median (%s%%-KI)", "Mediana (IC %s%%)", "Mediana (IC %s%%)"},
    [PG_W_LOGRANK_P] = {"Log-rank p", "p (log-rank)", "p (log-rank)", "p (Log-Rank)",
                        "p (log-rank)", "p (log-rank)"},
    [PG_W_GRAY_P] = {"Gray p", "p (Gray)", "p (Gray)", "p (Gray)", "p (Gray)", "p (Gray)"},
    [PG_W_UV_HR_CI] = {"Univariate HR (%s%% CI)", "HR univariante (IC %s%%)",
                       "HR univarié (IC à %s %%)", "HR univariabel (%s%%-KI)",
                       "HR univariato (IC %s%%)", "HR univariado (IC %s%%)"},
    [PG_W_MV_HR_CI] = {"Multivariable HR (%s%% CI)", "HR multivariante (IC %s%%)",
                       "HR multivarié (IC à %s %%)", "HR multivariabel (%s%%-KI)",
                       "HR multivariato (IC %s%%)", "HR multivariado (IC %s%%)"},
    [PG_W_PER_UNIT] = {"(per unit)", "(por unidad)", "(par unité)", "(pro Einheit)",
                       "(per unità)", "(por unidade)"},
    [PG_W_TREND] = {"trend", "tendencia", "tendance", "Trend", "trend", "tendência"},
    [PG_W_PROGNOSTIC_FOR] = {"Prognostic factors for %s", "Factores pronósticos de %s",
                             "Facteurs pronostiques de %s", "Prognosefaktoren für %s",
                             "Fattori prognostici per %s", "Fatores prognósticos para %s"},
    [PG_W_SURV_AT_UNIT] = {"%s-%s survival", "Supervivencia a %s %s", "Survie à %s %s",
                           "Überleben nach %s %s", "Sopravvivenza a %s %s",
                           "Sobrevivência a %s %s"},
    [PG_W_CIF_AT_UNIT] = {"%s-%s cumulative incidence", "Incidencia acumulada a %s %s",
                          "Incidence cumulée à %s %s", "Kumulative Inzidenz nach %s %s",
                          "Incidenza cumulativa a %s %s", "Incidência acumulada a %s %s"},
    [PG_W_SURV_AT] = {"Survival at %s", "Supervivencia a %s", "Survie à %s", "Überleben bei %s",
                      "Sopravvivenza a %s", "Sobrevivência a %s"},
    [PG_W_CIF_AT] = {"Cumulative incidence at %s", "Incidencia acumulada a %s",
                     "Incidence cumulée à %s", "Kumulative Inzidenz bei %s",
                     "Incidenza cumulativa a %s", "Incidência acumulada a %s"},
    [PG_W_PCT_CI] = {", %% (%s%% CI)", ", %% (IC %s%%)", ", %% (IC à %s %%)", ", %% (%s%%-KI)",
                     ", %% (IC %s%%)", ", %% (IC %s%%)"},
    [PG_W_FALSE] = {"No", "No", "Non", "Nein", "No", "Não"},
    [PG_W_TRUE] = {"Yes", "Sí", "Oui", "Ja", "Sì", "Sim"},
    [PG_W_NOTE_KM] = {
        "Survival: Kaplan-Meier estimates with %s%% confidence intervals from Greenwood's "
        "variance on the %s scale; medians with limits where the confidence band crosses 0.5 "
        "(R survfit).",
        "Supervivencia: estimaciones de Kaplan-Meier con intervalos de confianza del %s%% "
        "según la varianza de Greenwood en escala %s; medianas con los límites donde la banda "
        "de confianza cruza 0.5 (R survfit).",
        "Survie : estimations de Kaplan-Meier avec intervalles de confiance à %s %% par la "
        "variance de Greenwood sur l'échelle %s ; médianes avec les bornes où la bande de "
        "confiance croise 0.5 (R survfit).",
        "Überleben: Kaplan-Meier-Schätzer mit %s%%-Konfidenzintervallen aus der Greenwood-"
        "Varianz auf der %s-Skala; Mediane mit den Grenzen, an denen das Konfidenzband 0.5 "
        "kreuzt (R survfit).",
        "Sopravvivenza: stime di Kaplan-Meier con intervalli di confidenza al %s%% dalla "
        "varianza di Greenwood su scala %s; mediane con i limiti dove la banda di confidenza "
        "incrocia 0.5 (R survfit).",
        "Sobrevivência: estimativas de Kaplan-Meier com intervalos de confiança de %s%% pela "
        "variância de Greenwood na escala %s; medianas com os limites onde a banda de "
        "confiança cruza 0.5 (R survfit)."},
    [PG_W_NOTE_LOGRANK] = {"p: log-rank test", "p: prueba de log-rank", "p : test du log-rank",
                           "p: Log-Rank-Test", "p: test log-rank", "p: teste de log-rank"},
    [PG_W_NOTE_STRATIFIED] = {" stratified by %s", " estratificada por %s", " stratifié sur %s",
                              " stratifiziert nach %s", " stratificato per %s",
                              " estratificado por %s"},
    [PG_W_NOTE_TREND] = {
        "; for ordered factors (FNCLCC grade, AJCC T) the test for trend with scores 1, 2, 3, "
        "\xe2\x80\xa6",
        "; para factores ordenados (grado FNCLCC, T de la AJCC), la prueba de tendencia con "
        "puntuaciones 1, 2, 3, \xe2\x80\xa6",
        "; pour les facteurs ordonnés (grade FNCLCC, T de l'AJCC), le test de tendance avec "
        "les scores 1, 2, 3, \xe2\x80\xa6",
        "; für geordnete Faktoren (FNCLCC-Grad, AJCC-T) der Trendtest mit den Werten 1, 2, 3, "
        "\xe2\x80\xa6",
        "; per i fattori ordinati (grado FNCLCC, T AJCC) il test per il trend con punteggi 1, "
        "2, 3, \xe2\x80\xa6",
        "; para fatores ordenados (grau FNCLCC, T da AJCC), o teste de tendência com escores "
        "1, 2, 3, \xe2\x80\xa6"},
    [PG_W_NOTE_COX] = {
        "HR: Cox proportional-hazards models, %s ties%s; univariate models use every patient "
        "with the factor recorded.",
        "HR: modelos de riesgos proporcionales de Cox, empates de %s%s; los modelos "
        "univariantes usan todos los pacientes con el factor registrado.",
        "HR : modèles à risques proportionnels de Cox, ex aequo selon %s%s ; les modèles "
        "univariés utilisent tous les patients dont le facteur est renseigné.",
        "HR: Cox-Modelle proportionaler Hazards, Bindungen nach %s%s; univariable Modelle "
        "nutzen alle Patienten mit erfasstem Faktor.",
        "HR: modelli a rischi proporzionali di Cox, ties secondo %s%s; i modelli univariati "
        "usano tutti i pazienti con il fattore registrato.",
        "HR: modelos de riscos proporcionais de Cox, empates de %s%s; os modelos univariados "
        "usam todos os pacientes com o fator registrado."},
    [PG_W_NOTE_STRATA_COMMA] = {", stratified by %s", ", estratificados por %s",
                                ", stratifiés sur %s", ", stratifiziert nach %s",
                                ", stratificati per %s", ", estratificados por %s"},
    [PG_W_NOTE_MV] = {
        "Multivariable model: %zu patients, %zu events (%zu with a missing value excluded).",
        "Modelo multivariante: %zu pacientes, %zu eventos (%zu excluidos por un valor "
        "ausente).",
        "Modèle multivarié : %zu patients, %zu événements (%zu exclus pour une valeur "
        "manquante).",
        "Multivariables Modell: %zu Patienten, %zu Ereignisse (%zu wegen eines fehlenden "
        "Werts ausgeschlossen).",
        "Modello multivariato: %zu pazienti, %zu eventi (%zu esclusi per un valore mancante).",
        "Modelo multivariado: %zu pacientes, %zu eventos (%zu excluídos por um valor "
        "ausente)."},
    [PG_W_NOTE_FIRTH] = {
        "\xe2\x80\xa0 Firth's penalised partial likelihood (Heinze & Schemper 2001; Breslow "
        "ties), with profile penalised-likelihood CI and p, because the factor separates (a "
        "level without events: the ordinary estimate is infinite).",
        "\xe2\x80\xa0 Verosimilitud parcial penalizada de Firth (Heinze y Schemper 2001; "
        "empates de Breslow), con IC y p de la verosimilitud penalizada de perfil, porque el "
        "factor separa (una categoría sin eventos: la estimación ordinaria es infinita).",
        "\xe2\x80\xa0 Vraisemblance partielle pénalisée de Firth (Heinze et Schemper 2001 ; ex "
        "aequo selon Breslow), IC et p par la vraisemblance pénalisée de profil, car le facteur "
        "sépare (une modalité sans événement : l'estimation ordinaire est infinie).",
        "\xe2\x80\xa0 Penalisierte partielle Likelihood nach Firth (Heinze & Schemper 2001; "
        "Bindungen nach Breslow), KI und p aus der penalisierten Profil-Likelihood, weil der "
        "Faktor trennt (eine Ausprägung ohne Ereignisse: der gewöhnliche Schätzer ist "
        "unendlich).",
        "\xe2\x80\xa0 Verosimiglianza parziale penalizzata di Firth (Heinze e Schemper 2001; "
        "ties di Breslow), IC e p dalla verosimiglianza penalizzata di profilo, perché il "
        "fattore separa (una categoria senza eventi: la stima ordinaria è infinita).",
        "\xe2\x80\xa0 Verossimilhança parcial penalizada de Firth (Heinze e Schemper 2001; "
        "empates de Breslow), com IC e p da verossimilhança penalizada de perfil, porque o "
        "fator separa (uma categoria sem eventos: a estimativa ordinária é infinita)."},
    [PG_W_NOTE_WARNING] = {"Warning: %s.", "Advertencia: %s.", "Avertissement : %s.",
                           "Warnung: %s.", "Avvertenza: %s.", "Aviso: %s."},
    [PG_W_NOTE_NO_TIMES] = {
        "Survival at fixed times is not shown: the time unit cannot be told from '%s'; add it "
        "with --times (e.g. --times 12,60) and --time-unit.",
        "No se muestra la supervivencia a tiempos fijos: la unidad de tiempo no se deduce de "
        "'%s'; añádala con --times (p. ej. --times 12,60) y --time-unit.",
        "La survie à des temps fixés n'est pas montrée : l'unité de temps ne se déduit pas de "
        "'%s' ; ajoutez-la avec --times (p. ex. --times 12,60) et --time-unit.",
        "Das Überleben zu festen Zeitpunkten fehlt: die Zeiteinheit ist aus '%s' nicht "
        "erkennbar; mit --times (z. B. --times 12,60) und --time-unit hinzufügen.",
        "La sopravvivenza a tempi fissi non è mostrata: l'unità di tempo non si deduce da "
        "'%s'; aggiungerla con --times (per es. --times 12,60) e --time-unit.",
        "A sobrevivência em tempos fixos não é mostrada: a unidade de tempo não se deduz de "
        "'%s'; acrescente-a com --times (p. ex. --times 12,60) e --time-unit."},
    [PG_W_NOTE_COUNTING] = {
        "Counting-process data (start, stop]: Kaplan-Meier estimates with left truncation "
        "(at risk: start < t <= stop); log-rank p is the score test of the Cox model.",
        "Datos en proceso de recuento (inicio, fin]: estimaciones de Kaplan-Meier con "
        "truncamiento por la izquierda (en riesgo: inicio < t <= fin); la p de log-rank es la "
        "prueba de score del modelo de Cox.",
        "Données en processus de comptage (début, fin] : estimations de Kaplan-Meier avec "
        "troncature à gauche (à risque : début < t <= fin) ; le p du log-rank est le test du "
        "score du modèle de Cox.",
        "Daten im Zählprozessformat (Beginn, Ende]: Kaplan-Meier-Schätzer mit Linkstrunkierung "
        "(unter Risiko: Beginn < t <= Ende); das Log-Rank-p ist der Score-Test des Cox-Modells.",
        "Dati in forma di processo di conteggio (inizio, fine]: stime di Kaplan-Meier con "
        "troncamento a sinistra (a rischio: inizio < t <= fine); la p del log-rank è il test "
        "score del modello di Cox.",
        "Dados em processo de contagem (início, fim]: estimativas de Kaplan-Meier com "
        "truncagem à esquerda (em risco: início < t <= fim); o p do log-rank é o teste score "
        "do modelo de Cox."},
    [PG_W_NOTE_SUBJECTS] = {
        "n counts subjects ('%s'; %zu data rows); events count rows with an event; "
        "Kaplan-Meier limits from Greenwood's variance (survfit robust = FALSE).",
        "n cuenta sujetos ('%s'; %zu filas de datos); los eventos cuentan filas con un evento; "
        "límites de Kaplan-Meier según la varianza de Greenwood (survfit robust = FALSE).",
        "n compte les sujets ('%s' ; %zu lignes de données) ; les événements comptent les lignes "
        "avec un événement ; limites de Kaplan-Meier par la variance de Greenwood (survfit "
        "robust = FALSE).",
        "n zählt Personen ('%s'; %zu Datenzeilen); Ereignisse zählen Zeilen mit einem Ereignis; "
        "Kaplan-Meier-Grenzen aus der Greenwood-Varianz (survfit robust = FALSE).",
        "n conta i soggetti ('%s'; %zu righe di dati); gli eventi contano le righe con un "
        "evento; limiti di Kaplan-Meier dalla varianza di Greenwood (survfit robust = FALSE).",
        "n conta sujeitos ('%s'; %zu linhas de dados); os eventos contam linhas com um evento; "
        "limites de Kaplan-Meier pela variância de Greenwood (survfit robust = FALSE)."},
    [PG_W_NOTE_CASE_WEIGHTS] = {
        "Case weights '%s': weighted Kaplan-Meier and Cox models (log-rank p: the weighted Cox "
        "score test); n and events are unweighted counts.",
        "Pesos de los casos '%s': Kaplan-Meier y modelos de Cox ponderados (p de log-rank: la "
        "prueba de score de Cox ponderada); n y eventos son recuentos sin ponderar.",
        "Poids des observations '%s' : Kaplan-Meier et modèles de Cox pondérés (p du log-rank : "
        "le test du score de Cox pondéré) ; n et événements sont des effectifs non pondérés.",
        "Fallgewichte '%s': gewichtete Kaplan-Meier- und Cox-Modelle (Log-Rank-p: der "
        "gewichtete Cox-Score-Test); n und Ereignisse sind ungewichtete Anzahlen.",
        "Pesi dei casi '%s': Kaplan-Meier e modelli di Cox ponderati (p del log-rank: il test "
        "score di Cox ponderato); n ed eventi sono conteggi non ponderati.",
        "Pesos dos casos '%s': Kaplan-Meier e modelos de Cox ponderados (p do log-rank: o teste "
        "score de Cox ponderado); n e eventos são contagens não ponderadas."},
    [PG_W_NOTE_ONE_LEVEL] = {
        "%s: one level only among the %zu patients with it recorded; no comparison is "
        "possible.",
        "%s: una sola categoría entre los %zu pacientes con el dato registrado; no es posible "
        "comparar.",
        "%s : une seule modalité parmi les %zu patients renseignés ; aucune comparaison n'est "
        "possible.",
        "%s: nur eine Ausprägung bei den %zu Patienten mit Angabe; kein Vergleich möglich.",
        "%s: una sola categoria tra i %zu pazienti con il dato registrato; nessun confronto è "
        "possibile.",
        "%s: uma só categoria entre os %zu pacientes com o dado registado; não é possível "
        "comparar."},
    [PG_W_NOTE_NO_EVENTS] = {
        "%s: no events among the %zu patients with it recorded; no hazard ratio can be "
        "estimated.",
        "%s: ningún evento entre los %zu pacientes con el dato registrado; no se puede estimar "
        "el hazard ratio.",
        "%s : aucun événement parmi les %zu patients renseignés ; le hazard ratio ne peut pas "
        "être estimé.",
        "%s: keine Ereignisse bei den %zu Patienten mit Angabe; keine Hazard Ratio schätzbar.",
        "%s: nessun evento tra i %zu pazienti con il dato registrato; l'hazard ratio non può "
        "essere stimato.",
        "%s: nenhum evento entre os %zu pacientes com o dado registado; não é possível estimar "
        "o hazard ratio."},
    [PG_W_NOTE_NO_HR] = {
        "%s: no hazard ratio can be estimated.", "%s: no se puede estimar el hazard ratio.",
        "%s : le hazard ratio ne peut pas être estimé.", "%s: keine Hazard Ratio schätzbar.",
        "%s: l'hazard ratio non può essere stimato.",
        "%s: não é possível estimar o hazard ratio."},
    [PG_W_NOTE_CONSTANT] = {
        "%s: constant among the patients with it recorded; no hazard ratio can be estimated.",
        "%s: constante entre los pacientes con el dato registrado; no se puede estimar el "
        "hazard ratio.",
        "%s : constant parmi les patients renseignés ; le hazard ratio ne peut pas être "
        "estimé.",
        "%s: konstant bei den Patienten mit Angabe; keine Hazard Ratio schätzbar.",
        "%s: costante tra i pazienti con il dato registrato; l'hazard ratio non può essere "
        "stimato.",
        "%s: constante entre os pacientes com o dado registado; não é possível estimar o "
        "hazard ratio."},
    [PG_W_NOTE_MV_NO_HR] = {
        "Multivariable model: no hazard ratios can be estimated.",
        "Modelo multivariante: no se pueden estimar los hazard ratios.",
        "Modèle multivarié : les hazard ratios ne peuvent pas être estimés.",
        "Multivariables Modell: keine Hazard Ratios schätzbar.",
        "Modello multivariato: gli hazard ratio non possono essere stimati.",
        "Modelo multivariado: não é possível estimar os hazard ratios."},
    [PG_W_NOTE_COLLINEAR] = {
        "%s: collinear with the other terms of the multivariable model; its hazard ratio is "
        "not estimable.",
        "%s: colineal con las demás variables del modelo multivariante; su hazard ratio no es "
        "estimable.",
        "%s : colinéaire aux autres termes du modèle multivarié ; son hazard ratio n'est pas "
        "estimable.",
        "%s: kollinear mit den anderen Termen des multivariablen Modells; seine Hazard Ratio "
        "ist nicht schätzbar.",
        "%s: collineare con gli altri termini del modello multivariato; il suo hazard ratio non "
        "è stimabile.",
        "%s: colinear com os outros termos do modelo multivariado; o seu hazard ratio não é "
        "estimável."},
    [PG_W_EPV] = {
        "%zu events for %zu coefficients (%.1f per coefficient); fewer than 10 events per "
        "coefficient give unstable, biased estimates (Peduzzi et al. 1995, 1996)",
        "%zu eventos para %zu coeficientes (%.1f por coeficiente); menos de 10 eventos por "
        "coeficiente dan estimaciones inestables y sesgadas (Peduzzi et al. 1995, 1996)",
        "%zu événements pour %zu coefficients (%.1f par coefficient) ; moins de 10 événements "
        "par coefficient donnent des estimations instables et biaisées (Peduzzi et al. 1995, "
        "1996)",
        "%zu Ereignisse für %zu Koeffizienten (%.1f pro Koeffizient); weniger als 10 Ereignisse "
        "pro Koeffizient ergeben instabile, verzerrte Schätzer (Peduzzi et al. 1995, 1996)",
        "%zu eventi per %zu coefficienti (%.1f per coefficiente); meno di 10 eventi per "
        "coefficiente danno stime instabili e distorte (Peduzzi et al. 1995, 1996)",
        "%zu eventos para %zu coeficientes (%.1f por coeficiente); menos de 10 eventos por "
        "coeficiente dão estimativas instáveis e enviesadas (Peduzzi et al. 1995, 1996)"},
    [PG_W_EPV1] = {
        "%zu events for 1 coefficient (%.1f per coefficient); fewer than 10 events per "
        "coefficient give unstable, biased estimates (Peduzzi et al. 1995, 1996)",
        "%zu eventos para 1 coeficiente (%.1f por coeficiente); menos de 10 eventos por "
        "coeficiente dan estimaciones inestables y sesgadas (Peduzzi et al. 1995, 1996)",
        "%zu événements pour 1 coefficient (%.1f par coefficient) ; moins de 10 événements "
        "par coefficient donnent des estimations instables et biaisées (Peduzzi et al. 1995, "
        "1996)",
        "%zu Ereignisse für 1 Koeffizienten (%.1f pro Koeffizient); weniger als 10 Ereignisse "
        "pro Koeffizient ergeben instabile, verzerrte Schätzer (Peduzzi et al. 1995, 1996)",
        "%zu eventi per 1 coefficiente (%.1f per coefficiente); meno di 10 eventi per "
        "coefficiente danno stime instabili e distorte (Peduzzi et al. 1995, 1996)",
        "%zu eventos para 1 coeficiente (%.1f por coeficiente); menos de 10 eventos por "
        "coeficiente dão estimativas instáveis e enviesadas (Peduzzi et al. 1995, 1996)"},
    [PG_W_UNIVARIABLE] = {"%s (univariable): ", "%s (univariante): ", "%s (univarié) : ",
                          "%s (univariabel): ", "%s (univariato): ", "%s (univariado): "},
    [PG_W_MV_MODEL] = {"Multivariable model: ", "Modelo multivariante: ", "Modèle multivarié : ",
                       "Multivariables Modell: ", "Modello multivariato: ",
                       "Modelo multivariado: "},
    [PG_W_NOTE_CIF] = {
        "Cumulative incidence of %s: Aalen-Johansen estimates with the other causes as "
        "competing events (R cmprsk::cuminc), %s%% confidence intervals from Gray's variance on "
        "the %s scale; median: the first time the incidence reaches 0.5.",
        "Incidencia acumulada de %s: estimaciones de Aalen-Johansen con las otras causas como "
        "eventos competitivos (R cmprsk::cuminc), intervalos de confianza del %s%% por la "
        "varianza de Gray en la escala %s; mediana: el primer tiempo en que la incidencia "
        "alcanza 0.5.",
        "Incidence cumulée de %s : estimations d'Aalen-Johansen avec les autres causes comme "
        "événements concurrents (R cmprsk::cuminc), intervalles de confiance à %s %% par la "
        "variance de Gray sur l'échelle %s ; médiane : le premier temps où l'incidence atteint "
        "0.5.",
        "Kumulative Inzidenz von %s: Aalen-Johansen-Schätzer mit den anderen Ursachen als "
        "konkurrierenden Ereignissen (R cmprsk::cuminc), %s%%-Konfidenzintervalle aus Grays "
        "Varianz auf der Skala %s; Median: der erste Zeitpunkt, zu dem die Inzidenz 0.5 "
        "erreicht.",
        "Incidenza cumulativa di %s: stime di Aalen-Johansen con le altre cause come eventi "
        "competitivi (R cmprsk::cuminc), intervalli di confidenza al %s%% dalla varianza di "
        "Gray sulla scala %s; mediana: il primo tempo in cui l'incidenza raggiunge 0.5.",
        "Incidência acumulada de %s: estimativas de Aalen-Johansen com as outras causas como "
        "eventos competitivos (R cmprsk::cuminc), intervalos de confiança de %s%% pela "
        "variância de Gray na escala %s; mediana: o primeiro tempo em que a incidência atinge "
        "0.5."},
    [PG_W_NOTE_GRAY] = {"p: Gray's test of equal cumulative incidence of %s%s.",
                        "p: test de Gray de igualdad de la incidencia acumulada de %s%s.",
                        "p : test de Gray d'égalité de l'incidence cumulée de %s%s.",
                        "p: Gray-Test auf gleiche kumulative Inzidenz von %s%s.",
                        "p: test di Gray di uguaglianza dell'incidenza cumulativa di %s%s.",
                        "p: teste de Gray de igualdade da incidência acumulada de %s%s."},
    [PG_W_NOTE_WITHIN_STRATA] = {" within strata of %s", " dentro de los estratos de %s",
                                 " dans les strates de %s", " innerhalb der Strata von %s",
                                 " entro gli strati di %s", " dentro dos estratos de %s"},
    [PG_W_NOTE_FINE_GRAY] = {
        "HR: subdistribution hazard ratios of Fine-Gray models for %s (R cmprsk::crr), robust "
        "(sandwich) confidence intervals and p; univariate models use every patient with the "
        "factor recorded.",
        "HR: hazard ratios de subdistribución de modelos de Fine-Gray para %s (R cmprsk::crr), "
        "intervalos de confianza y p robustos (sándwich); los modelos univariantes usan todos "
        "los pacientes con el factor registrado.",
        "HR : hazard ratios de sous-distribution des modèles de Fine-Gray pour %s (R "
        "cmprsk::crr), intervalles de confiance et p robustes (sandwich) ; les modèles "
        "univariés utilisent tous les patients dont le facteur est renseigné.",
        "HR: Subdistributions-Hazard-Ratios von Fine-Gray-Modellen für %s (R cmprsk::crr), "
        "robuste (Sandwich-)Konfidenzintervalle und p; die univariablen Modelle nutzen alle "
        "Patienten mit erfasstem Faktor.",
        "HR: hazard ratio di sottodistribuzione dei modelli di Fine-Gray per %s (R "
        "cmprsk::crr), intervalli di confidenza e p robusti (sandwich); i modelli univariati "
        "usano tutti i pazienti con il fattore registrato.",
        "HR: hazard ratios de subdistribuição de modelos de Fine-Gray para %s (R cmprsk::crr), "
        "intervalos de confiança e p robustos (sanduíche); os modelos univariados usam todos os "
        "pacientes com o fator registrado."},
    [PG_W_NOTE_CS_COX] = {
        "HR: cause-specific Cox proportional-hazards models for %s (the other causes "
        "censored), %s ties%s; univariate models use every patient with the factor recorded.",
        "HR: modelos de riesgos proporcionales de Cox específicos de causa para %s (las otras "
        "causas censuradas), empates de %s%s; los modelos univariantes usan todos los "
        "pacientes con el factor registrado.",
        "HR : modèles de Cox à risques proportionnels spécifiques de la cause %s (les autres "
        "causes censurées), ex aequo selon %s%s ; les modèles univariés utilisent tous les "
        "patients dont le facteur est renseigné.",
        "HR: ursachenspezifische Cox-Modelle proportionaler Hazards für %s (die anderen "
        "Ursachen zensiert), Bindungen nach %s%s; die univariablen Modelle nutzen alle "
        "Patienten mit erfasstem Faktor.",
        "HR: modelli di Cox a rischi proporzionali causa-specifici per %s (le altre cause "
        "censurate), ties di %s%s; i modelli univariati usano tutti i pazienti con il fattore "
        "registrato.",
        "HR: modelos de riscos proporcionais de Cox específicos da causa para %s (as outras "
        "causas censuradas), empates de %s%s; os modelos univariados usam todos os pacientes "
        "com o fator registrado."},
    [PG_W_META_TITLE] = {"Meta-analysis", "Metaanálisis", "Méta-analyse", "Metaanalyse",
                         "Meta-analisi", "Metanálise"},
    [PG_W_META_FE] = {"fixed effect, inverse variance", "efecto fijo, inverso de la varianza",
                      "effet fixe, inverse de la variance", "feste Effekte, inverse Varianz",
                      "effetto fisso, inverso della varianza",
                      "efeito fixo, inverso da variância"},
    [PG_W_META_PETO] = {"fixed effect, Peto (O-E and V)", "efecto fijo, Peto (O-E y V)",
                        "effet fixe, Peto (O-E et V)", "feste Effekte, Peto (O-E und V)",
                        "effetto fisso, Peto (O-E e V)", "efeito fixo, Peto (O-E e V)"},
    [PG_W_META_RE] = {"random effects", "efectos aleatorios", "effets aléatoires",
                      "zufällige Effekte", "effetti casuali", "efeitos aleatórios"},
    [PG_W_META_TAU2_BY] = {"tau^2 by %s", "tau^2 por %s", "tau^2 par %s", "tau^2 nach %s",
                           "tau^2 con %s", "tau^2 por %s"},
    [PG_W_STUDY] = {"Study", "Estudio", "Étude", "Studie", "Studio", "Estudo"},
    [PG_W_WEIGHT] = {"Weight", "Peso", "Poids", "Gewicht", "Peso", "Peso"},
    [PG_W_ESTIMATE] = {"Estimate", "Estimación", "Estimation", "Schätzer", "Stima",
                       "Estimativa"},
    [PG_W_RATIO] = {"Ratio", "Razón", "Rapport", "Ratio", "Rapporto", "Razão"},
    [PG_W_CI_LEVEL] = {"%s%% CI", "IC %s%%", "IC à %s %%", "%s%%-KI", "IC %s%%", "IC %s%%"},
    [PG_W_CI] = {"CI", "IC", "IC", "KI", "IC", "IC"},
    [PG_W_TO] = {"to", "a", "à", "bis", "a", "a"},
    [PG_W_POOLED] = {"Pooled (%s)", "Global (%s)", "Global (%s)", "Gesamt (%s)",
                     "Complessivo (%s)", "Global (%s)"},
    [PG_W_PRED_INTERVAL] = {"Prediction interval", "Intervalo de predicción",
                            "Intervalle de prédiction", "Prädiktionsintervall",
                            "Intervallo di predizione", "Intervalo de predição"},
    [PG_W_LOG_ESTIMATE] = {"log estimate", "estimación en log", "estimation en log",
                           "log-Schätzer", "stima in log", "estimativa em log"},
    [PG_W_SE] = {"SE", "EE", "ET", "SE", "ES", "EP"},
    [PG_W_Q_PROFILE] = {"Q-profile", "perfil Q", "profil Q", "Q-Profil", "profilo Q",
                        "perfil Q"},
    [PG_W_AT_BOUNDARY] = {"at its boundary 0", "en su límite 0", "à sa borne 0",
                          "an seiner Grenze 0", "al suo limite 0", "no seu limite 0"},
    [PG_W_FROM_Q] = {"from Q", "según Q", "d'après Q", "aus Q", "da Q", "pela Q"},
    [PG_W_HETEROGENEITY] = {"Heterogeneity", "Heterogeneidad", "Hétérogénéité",
                            "Heterogenität", "Eterogeneità", "Heterogeneidade"},
    [PG_W_ONE_STUDY] = {
        "One study: the pooled estimate is the study's own; tau^2, I^2 and Q are not "
        "estimable.",
        "Un estudio: la estimación global es la del propio estudio; tau^2, I^2 y Q no son "
        "estimables.",
        "Une étude : l'estimation globale est celle de l'étude ; tau^2, I^2 et Q ne sont pas "
        "estimables.",
        "Eine Studie: der Gesamtschätzer ist der der Studie; tau^2, I^2 und Q sind nicht "
        "schätzbar.",
        "Uno studio: la stima complessiva è quella dello studio; tau^2, I^2 e Q non sono "
        "stimabili.",
        "Um estudo: a estimativa global é a do próprio estudo; tau^2, I^2 e Q não são "
        "estimáveis."},
    [PG_W_SUBGROUPS] = {"Subgroups by %s", "Subgrupos por %s", "Sous-groupes selon %s",
                        "Subgruppen nach %s", "Sottogruppi per %s", "Subgrupos por %s"},
    [PG_W_SUBGROUP] = {"subgroup", "subgrupo", "sous-groupe", "Subgruppe", "sottogruppo",
                       "subgrupo"},
    [PG_W_SUBGROUP_TEST] = {"Test for subgroup differences",
                            "Prueba de diferencias entre subgrupos",
                            "Test des différences entre sous-groupes",
                            "Test auf Unterschiede zwischen Subgruppen",
                            "Test per le differenze tra sottogruppi",
                            "Teste de diferenças entre subgrupos"},
    [PG_W_LEAVE_ONE_OUT] = {"Leave one out", "Exclusión de un estudio cada vez",
                            "Exclusion d'une étude à la fois", "Auslassen je einer Studie",
                            "Esclusione di uno studio alla volta",
                            "Exclusão de um estudo de cada vez"},
    [PG_W_LEFT_OUT] = {"left out", "excluido", "exclue", "ausgelassen", "escluso",
                       "excluído"},
    [PG_W_EGGER] = {"Egger's test (regression on the SE)", "Prueba de Egger (regresión sobre el EE)",
                    "Test d'Egger (régression sur l'ET)", "Egger-Test (Regression auf den SE)",
                    "Test di Egger (regressione sull'ES)", "Teste de Egger (regressão no EP)"},
    [PG_W_EGGER_LIMIT] = {"Limit estimate (as SE -> 0)", "Estimación límite (EE -> 0)",
                          "Estimation limite (ET -> 0)", "Grenzschätzer (SE -> 0)",
                          "Stima limite (ES -> 0)", "Estimativa limite (EP -> 0)"},
    [PG_W_EGGER_POWER] = {
        "Note: with k = %zu < 10 studies the test has little power; a non-significant result "
        "does not rule out small-study effects.",
        "Nota: con k = %zu < 10 estudios la prueba tiene poca potencia; un resultado no "
        "significativo no descarta efectos de estudios pequeños.",
        "Note : avec k = %zu < 10 études le test a peu de puissance ; un résultat non "
        "significatif n'exclut pas un effet des petites études.",
        "Hinweis: bei k = %zu < 10 Studien hat der Test wenig Power; ein nicht signifikantes "
        "Ergebnis schließt Small-Study-Effekte nicht aus.",
        "Nota: con k = %zu < 10 studi il test ha poca potenza; un risultato non significativo "
        "non esclude effetti dei piccoli studi.",
        "Nota: com k = %zu < 10 estudos o teste tem pouco poder; um resultado não significativo "
        "não exclui efeitos de estudos pequenos."},
    [PG_W_RATIO_LOG_AXIS] = {"Ratio (log scale)", "Razón (escala log)", "Rapport (échelle log)",
                             "Ratio (log. Skala)", "Rapporto (scala log)", "Razão (escala log)"},
    [PG_W_STD_ERROR] = {"Standard error", "Error estándar", "Erreur type", "Standardfehler",
                        "Errore standard", "Erro padrão"},
};

int pg_lang_parse(const char *s, pg_lang *out)
{
    for (int i = 0; s && i < PG_LANG_COUNT; i++)
        if (strcmp(s, lang_names[i]) == 0) {
            *out = (pg_lang)i;
            return PG_OK;
        }
    return PG_EINPUT;
}

const char *pg_lang_name(pg_lang lang)
{
    return lang >= 0 && lang < PG_LANG_COUNT ? lang_names[lang] : "en";
}

const char *pg_lang_word(pg_lang lang, pg_word w)
{
    if (w < 0 || w >= PG_W_COUNT) return "";
    if (lang < 0 || lang >= PG_LANG_COUNT) lang = PG_LANG_EN;
    const char *s = words[w][lang];
    return s ? s : words[w][PG_LANG_EN];
}

/* ---- time units ---------------------------------------------------------------------------- */

/* singular, plural, after "at" in a head (German dative), per language */
static const char *const unit_words[5][PG_LANG_COUNT][3] = {
    [PG_UNIT_DAY] = {{"day", "days", "days"}, {"día", "días", "días"},
                     {"jour", "jours", "jours"}, {"Tag", "Tage", "Tagen"},
                     {"giorno", "giorni", "giorni"}, {"dia", "dias", "dias"}},
    [PG_UNIT_WEEK] = {{"week", "weeks", "weeks"}, {"semana", "semanas", "semanas"},
                      {"semaine", "semaines", "semaines"}, {"Woche", "Wochen", "Wochen"},
                      {"settimana", "settimane", "settimane"}, {"semana", "semanas", "semanas"}},
    [PG_UNIT_MONTH] = {{"month", "months", "months"}, {"mes", "meses", "meses"},
                       {"mois", "mois", "mois"}, {"Monat", "Monate", "Monaten"},
                       {"mese", "mesi", "mesi"}, {"mês", "meses", "meses"}},
    [PG_UNIT_YEAR] = {{"year", "years", "years"}, {"año", "años", "años"},
                      {"an", "ans", "ans"}, {"Jahr", "Jahre", "Jahren"},
                      {"anno", "anni", "anni"}, {"ano", "anos", "anos"}},
};

/* Whole words of a name, accents and case folded (pg_loose_key), that say a unit. "an" and
 * "ans" (French years) are left out of names: "ans" ends too many English words' parts. */
static const struct { const char *word; pg_time_unit unit; } unit_keys[] = {
    {"day", PG_UNIT_DAY}, {"days", PG_UNIT_DAY}, {"dia", PG_UNIT_DAY}, {"dias", PG_UNIT_DAY},
    {"jour", PG_UNIT_DAY}, {"jours", PG_UNIT_DAY}, {"tag", PG_UNIT_DAY},
    {"tage", PG_UNIT_DAY}, {"tagen", PG_UNIT_DAY}, {"giorno", PG_UNIT_DAY},
    {"giorni", PG_UNIT_DAY}, {"gg", PG_UNIT_DAY},
    {"week", PG_UNIT_WEEK}, {"weeks", PG_UNIT_WEEK}, {"semana", PG_UNIT_WEEK},
    {"semanas", PG_UNIT_WEEK}, {"semaine", PG_UNIT_WEEK}, {"semaines", PG_UNIT_WEEK},
    {"woche", PG_UNIT_WEEK}, {"wochen", PG_UNIT_WEEK}, {"settimana", PG_UNIT_WEEK},
    {"settimane", PG_UNIT_WEEK},
    {"month", PG_UNIT_MONTH}, {"months", PG_UNIT_MONTH}, {"mes", PG_UNIT_MONTH},
    {"meses", PG_UNIT_MONTH}, {"mois", PG_UNIT_MONTH}, {"monat", PG_UNIT_MONTH},
    {"monate", PG_UNIT_MONTH}, {"monaten", PG_UNIT_MONTH}, {"mese", PG_UNIT_MONTH},
    {"mesi", PG_UNIT_MONTH},
    {"year", PG_UNIT_YEAR}, {"years", PG_UNIT_YEAR}, {"ano", PG_UNIT_YEAR},
    {"anos", PG_UNIT_YEAR}, {"annee", PG_UNIT_YEAR}, {"annees", PG_UNIT_YEAR},
    {"jahr", PG_UNIT_YEAR}, {"jahre", PG_UNIT_YEAR}, {"jahren", PG_UNIT_YEAR},
    {"anno", PG_UNIT_YEAR}, {"anni", PG_UNIT_YEAR},
};

static pg_time_unit unit_of_key(const char *key)
{
    for (size_t i = 0; i < sizeof unit_keys / sizeof unit_keys[0]; i++)
        if (strcmp(key, unit_keys[i].word) == 0) return unit_keys[i].unit;
    return PG_UNIT_NONE;
}

pg_time_unit pg_lang_unit_of_name(const char *name)
{
    char key[PG_LOOSE_KEY_MAX + 1];
    if (!name || !pg_loose_key(name, key)) return PG_UNIT_NONE;
    /* a whole word in any of the languages first ("tiempo_mortalidad_dias" is days); words
     * are letters and the UTF-8 bytes pg_loose_key leaves */
    for (char *p = key; *p;) {
        while (*p && !((*p >= 'a' && *p <= 'z') || (unsigned char)*p >= 0x80)) p++;
        char *start = p;
        while ((*p >= 'a' && *p <= 'z') || (unsigned char)*p >= 0x80) p++;
        char save = *p;
        *p = '\0';
        pg_time_unit u = *start ? unit_of_key(start) : PG_UNIT_NONE;
        *p = save;
        if (u) return u;
    }
    /* then English by a part of the name, as prognos always read it ("time_months", "dfs_mo") */
    static const struct { const char *part; pg_time_unit unit; } parts[] = {
        {"month", PG_UNIT_MONTH}, {"year", PG_UNIT_YEAR}, {"week", PG_UNIT_WEEK},
        {"day", PG_UNIT_DAY}, {"mo", PG_UNIT_MONTH}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (strstr(key, parts[i].part)) return parts[i].unit;
    return PG_UNIT_NONE;
}

pg_time_unit pg_lang_unit_of_word(const char *word)
{
    char key[PG_LOOSE_KEY_MAX + 1];
    if (!word || !pg_loose_key(word, key)) return PG_UNIT_NONE;
    pg_time_unit u = unit_of_key(key);
    if (u) return u;
    if (strcmp(key, "an") == 0 || strcmp(key, "ans") == 0) return PG_UNIT_YEAR;
    if (strcmp(key, "mo") == 0) return PG_UNIT_MONTH;
    return PG_UNIT_NONE;
}

const char *pg_lang_unit_word(pg_lang lang, pg_time_unit u, int plural)
{
    if (u <= PG_UNIT_NONE || u > PG_UNIT_YEAR) return "";
    if (lang < 0 || lang >= PG_LANG_COUNT) lang = PG_LANG_EN;
    if (plural < 0 || plural > 2) plural = 1;
    return unit_words[u][lang][plural];
}

double pg_lang_unit_years(pg_time_unit u, int years)
{
    /* 5 and 10 years as prognos has always used them: 60/120 months, 260/520 weeks, and
     * 1826/3652 days (365.25 days a year, rounded down) */
    switch (u) {
    case PG_UNIT_YEAR: return years;
    case PG_UNIT_MONTH: return 12.0 * years;
    case PG_UNIT_WEEK: return 52.0 * years;
    case PG_UNIT_DAY: return floor(365.25 * years);
    default: return NAN;
    }
}

void pg_lang_ci_word(pg_lang lang, pg_word w, double level, char *buf, size_t cap)
{
    char pct[32];
    snprintf(pct, sizeof pct, "%.6g", level);   /* 95, 97.5: the level as given, not rounded */
    snprintf(buf, cap, pg_lang_word(lang, w), pct);
}

void pg_lang_at_time_head(pg_lang lang, char *buf, size_t cap, double t, const char *unit,
                          int competing, double level)
{
    char tt[32], ci[64];
    snprintf(tt, sizeof tt, "%g", t);
    pg_lang_ci_word(lang, PG_W_PCT_CI, level, ci, sizeof ci);
    pg_time_unit u = pg_lang_unit_of_word(unit);
    const char *word = unit;
    if (u) word = pg_lang_unit_word(lang, u, lang == PG_LANG_EN ? 0 : t == 1 ? 0 : 2);
    if (word && *word)
        snprintf(buf, cap, pg_lang_word(lang, competing ? PG_W_CIF_AT_UNIT : PG_W_SURV_AT_UNIT),
                 tt, word);
    else
        snprintf(buf, cap, pg_lang_word(lang, competing ? PG_W_CIF_AT : PG_W_SURV_AT), tt);
    size_t len = strlen(buf);
    if (len < cap) snprintf(buf + len, cap - len, "%s", ci);
}

const char *pg_lang_logical_level(pg_lang lang, const char *term, const char *level,
                                  int labelled)
{
    int logical = strncmp(term, "I(", 2) == 0 &&
                  (strcmp(level, "TRUE") == 0 || strcmp(level, "FALSE") == 0);
    if (!logical || !(labelled || lang != PG_LANG_EN)) return level;
    return pg_lang_word(lang, level[0] == 'T' ? PG_W_TRUE : PG_W_FALSE);
}
