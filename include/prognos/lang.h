/* prognos/lang.h -- the fixed words of tables and figures in the manuscript's language, and the
 * time unit a column's name says in any of those languages.
 *
 * One dictionary (src/report/lang.c): a table of words by languages, with the wording journals
 * of each language use ("Número en riesgo", "Supervivencia", "referencia"). A word is either
 * plain text or a printf format whose arguments are documented at its enum constant; every
 * language's format takes the same arguments in the same order.
 * Thread safety: everything here is constant data and pure functions. */
#ifndef PROGNOS_LANG_H
#define PROGNOS_LANG_H

#include <stddef.h>

#include "prognos/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PG_LANG_EN = 0, PG_LANG_ES, PG_LANG_FR, PG_LANG_DE, PG_LANG_IT, PG_LANG_PT,
               PG_LANG_COUNT } pg_lang;

typedef enum {
    /* figures */
    PG_W_NUMBER_AT_RISK = 0, PG_W_CUM_EVENTS, PG_W_TIME, PG_W_SURV_PROB, PG_W_CUM_INC,
    PG_W_CUM_HAZ, PG_W_ALL, PG_W_LOGRANK, PG_W_GRAY_TEST,
    PG_W_SCORE_TEST,        /* the Cox score test of a figure on counting data or weights */
    PG_W_FIT_DASHED,        /* %s: the distribution ("Weibull fit (dashed: beyond the data)") */
    PG_W_VARIABLE, PG_W_EVENTS, PG_W_HR_CI /* %d: the level */, PG_W_REFERENCE,
    PG_W_HAZARD_RATIO, PG_W_P,
    PG_W_CUM_INC_OF,        /* %s: the cause ("Cumulative incidence of DOD") */
    /* table heads */
    PG_W_FACTOR, PG_W_LEVEL, PG_W_N_PCT, PG_W_MEDIAN_CI /* %d */, PG_W_LOGRANK_P, PG_W_GRAY_P,
    PG_W_UV_HR_CI /* %d */, PG_W_MV_HR_CI /* %d */, PG_W_PER_UNIT, PG_W_TREND,
    PG_W_PROGNOSTIC_FOR,    /* %s: the response */
    PG_W_SURV_AT_UNIT,      /* %s time, %s unit: "60-month survival" */
    PG_W_CIF_AT_UNIT,       /* %s %s: "60-month cumulative incidence" */
    PG_W_SURV_AT,           /* %s time: "Survival at 60" */
    PG_W_CIF_AT,            /* %s time */
    PG_W_PCT_CI,            /* %d: ", % (95% CI)" after the two above */
    PG_W_FALSE, PG_W_TRUE,  /* the levels of a logical I() term once translated: No / Yes */
    /* table footnotes */
    PG_W_NOTE_KM,           /* %d level, %s conf type */
    PG_W_NOTE_LOGRANK,      /* "p: log-rank test" (the stratified and trend parts follow) */
    PG_W_NOTE_STRATIFIED,   /* %s strata: " stratified by %s" */
    PG_W_NOTE_TREND,        /* "; for ordered factors ... the test for trend" */
    PG_W_NOTE_COX,          /* %s ties, %s ", stratified by S" or "" */
    PG_W_NOTE_STRATA_COMMA, /* %s: ", stratified by %s" */
    PG_W_NOTE_MV,           /* %zu patients, %zu events, %zu excluded */
    PG_W_NOTE_FIRTH,
    PG_W_NOTE_WARNING,      /* %s: "Warning: %s." */
    PG_W_NOTE_NO_TIMES,     /* %s: the time variable; survival-at-times columns left out */
    PG_W_NOTE_COUNTING,     /* Surv(start, stop, event): left-truncated KM, the score test */
    PG_W_NOTE_SUBJECTS,     /* %s the id column, %zu data rows: n counts subjects */
    PG_W_NOTE_CASE_WEIGHTS, /* %s the weights column */
    PG_W_NOTE_ONE_LEVEL,    /* %s term, %zu patients: one level only, no comparison */
    PG_W_NOTE_NO_EVENTS,    /* %s term, %zu patients: no events, no hazard ratio */
    PG_W_NOTE_NO_HR,        /* %s term: no hazard ratio can be estimated */
    PG_W_NOTE_CONSTANT,     /* %s term: constant, no hazard ratio */
    PG_W_NOTE_MV_NO_HR,     /* the multivariable model estimates no hazard ratio */
    PG_W_NOTE_COLLINEAR,    /* %s term: collinear in the multivariable model */
    PG_W_EPV,               /* %zu events, %zu coefficients, %.1f per coefficient (Peduzzi) */
    PG_W_EPV1,              /* the same for one coefficient: %zu events, %.1f per coefficient */
    PG_W_UNIVARIABLE,       /* %s term: "age (univariable): ", the head of an EPV warning */
    PG_W_MV_MODEL,          /* "Multivariable model: ", the head of an EPV warning */
    PG_W_NOTE_CIF,          /* %s cause, %s level, %s conf type: the Aalen-Johansen note */
    PG_W_NOTE_GRAY,         /* %s cause, %s PG_W_NOTE_WITHIN_STRATA or "": Gray's test */
    PG_W_NOTE_WITHIN_STRATA, /* %s strata: " within strata of %s" */
    PG_W_NOTE_FINE_GRAY,    /* %s cause: the Fine-Gray hazard ratios */
    PG_W_NOTE_CS_COX,       /* %s cause, %s ties, %s PG_W_NOTE_STRATA_COMMA or "" */
    /* meta-analysis: text, md and the forest and funnel figures */
    PG_W_META_TITLE,        /* "Meta-analysis" */
    PG_W_META_FE, PG_W_META_PETO, PG_W_META_RE,   /* the model in the title line */
    PG_W_META_TAU2_BY,      /* %s the estimator: "tau^2 by REML" */
    PG_W_STUDY, PG_W_WEIGHT, PG_W_ESTIMATE, PG_W_RATIO,
    PG_W_CI_LEVEL,          /* %s level: "95% CI" */
    PG_W_CI,                /* "CI" */
    PG_W_TO,                /* "0.61 to 0.92" */
    PG_W_POOLED,            /* %s the estimator: "Pooled (REML)" */
    PG_W_PRED_INTERVAL, PG_W_LOG_ESTIMATE, PG_W_SE, PG_W_Q_PROFILE, PG_W_AT_BOUNDARY,
    PG_W_FROM_Q, PG_W_HETEROGENEITY,
    PG_W_ONE_STUDY,         /* the line of a meta-analysis of one study */
    PG_W_SUBGROUPS,         /* %s the --by variable: "Subgroups by alloc" */
    PG_W_SUBGROUP, PG_W_SUBGROUP_TEST, PG_W_LEAVE_ONE_OUT, PG_W_LEFT_OUT,
    PG_W_EGGER,             /* "Egger's test (regression on the SE)" */
    PG_W_EGGER_LIMIT,       /* "Limit estimate (as SE -> 0)" */
    PG_W_EGGER_POWER,       /* %zu k: the test's low power under 10 studies */
    PG_W_RATIO_LOG_AXIS,    /* the forest and funnel x axis of ratios */
    PG_W_STD_ERROR,         /* the funnel's y axis */
    PG_W_COUNT
} pg_word;

/* "en" "es" "fr" "de" "it" "pt" -> lang. PG_OK or PG_EINPUT. */
PG_API int pg_lang_parse(const char *s, pg_lang *out);
PG_API const char *pg_lang_name(pg_lang lang);
/* The word in lang (English where lang is out of range). Never NULL. */
PG_API const char *pg_lang_word(pg_lang lang, pg_word w);
/* The level of a logical I() term as tables and figures print it: FALSE and TRUE of a term
 * written I(...) become No and Yes in lang when the term is labelled or lang is not English;
 * any other level (or term) is level itself. */
PG_API const char *pg_lang_logical_level(pg_lang lang, const char *term, const char *level,
                                         int labelled);

typedef enum { PG_UNIT_NONE = 0, PG_UNIT_DAY, PG_UNIT_WEEK, PG_UNIT_MONTH, PG_UNIT_YEAR }
    pg_time_unit;

/* The time unit a column name says, in any of the languages: a word of the name (split at
 * anything but letters, accents and case ignored) such as months, meses, mois, Monate, mesi,
 * anni, años, ans, Jahre, días, jours, Tage, giorni, semanas, Wochen, weeks; English names
 * also by a part ("time_months", "dfs_days", "mo"). PG_UNIT_NONE when it says none. */
PG_API pg_time_unit pg_lang_unit_of_name(const char *name);
/* The unit word in lang: plural 0 "month" / 1 "months"; plural 2 is the form after "at"
 * in a table head (German's dative "Monaten"; the plural elsewhere). */
PG_API const char *pg_lang_unit_word(pg_lang lang, pg_time_unit u, int plural);
/* The unit of an English word as --time-unit takes it ("months", "month", "yr"), also in the
 * other languages' words; PG_UNIT_NONE when not a unit word. */
PG_API pg_time_unit pg_lang_unit_of_word(const char *word);
/* years (5, 10) in the unit: 60 months, 260 weeks, 1826 days; NaN for PG_UNIT_NONE. */
PG_API double pg_lang_unit_years(pg_time_unit u, int years);

/* The head of a column of survival (competing 0) or cumulative incidence at time t, in lang,
 * with the CI level (95): "60-month survival, % (95% CI)", "Supervivencia a 60 meses, % (IC
 * 95%)". unit names the unit: a known unit word in any language is written in lang; another
 * word is kept as given; NULL or "" gives "Survival at 60, % (95% CI)". */
PG_API void pg_lang_at_time_head(pg_lang lang, char *buf, size_t cap, double t, const char *unit,
                                 int competing, double level);
/* A word holding a CI level (PG_W_MEDIAN_CI, PG_W_UV_HR_CI, PG_W_MV_HR_CI, PG_W_PCT_CI,
 * PG_W_HR_CI) in lang with level, a percent (95, 97.5), written as given: "HR (97.5% CI)". */
PG_API void pg_lang_ci_word(pg_lang lang, pg_word w, double level, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
