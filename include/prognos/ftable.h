/* prognos/ftable.h -- the prognostic-factor table of a manuscript: per factor level n (%),
 * events, Kaplan-Meier survival at chosen times, median, log-rank (or trend) p, univariate and
 * multivariable Cox hazard ratios, with Firth's correction where a factor separates.
 * Anchor: R gtsummary's tbl_survfit + tbl_uvregression + tbl_regression, merged.
 * Thread safety: every function is reentrant; there is no global state (each table owns its
 * rows, and the inputs are only read). */
#ifndef PROGNOS_FTABLE_H
#define PROGNOS_FTABLE_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/cox.h"
#include "prognos/dataset.h"
#include "prognos/km.h"
#include "prognos/labels.h"
#include "prognos/lang.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PG_MV_ALL = 0, PG_MV_NONE, PG_MV_LIST } pg_mv_mode;

typedef struct pg_ftable_opts {
    const double *times;        /* survival reported at these times; none (n_times 0): the
                                   survival-at-times columns are left out, and a footnote says
                                   how to add them */
    size_t n_times;
    const char *where;          /* subset, as --where */
    double conf_level;          /* 0.95 */
    pg_conf_type conf_type;     /* PG_CONF_LOG */
    pg_ties ties;               /* PG_TIES_EFRON */
    pg_mv_mode multivariable;   /* PG_MV_ALL */
    const char *mv_terms;       /* PG_MV_LIST: "t1 + t2", terms written as in the formula */
    int threads;                /* for the Cox fits, as pg_cox_opts.threads (0: one thread) */
    /* Competing risks (frame.h, "Causes"): with cause set, the status values censor (NULL =
     * the default) mean censored, cause is the cause of interest, and the table gives the
     * cumulative incidence of the cause (cmprsk::cuminc) at the times in the survival columns,
     * the median time to the cause, Gray's p instead of the log-rank p, and cause-specific Cox
     * hazard ratios (the other causes censored). conf_type then applies to the incidence. */
    const char *const *censor;
    size_t n_censor;
    const char *cause;
    int fine_gray;              /* with cause: Fine-Gray subdistribution hazard ratios
                                   (cmprsk::crr) instead of cause-specific Cox; no strata() */
    pg_lang lang;               /* language of the footnotes (PG_LANG_EN); kept in the table
                                   for the renderer's heads */
    /* Surv(start, stop, event) is taken (counting-process data, frame.h): left-truncated
     * Kaplan-Meier columns, the agreg Cox fits, and the Cox score test for the log-rank p.
     * id: the subject column (R's id =): n counts subjects, the Cox variance is robust by
     * subject when one has several events (as coxph). weights: case weights (R's weights =):
     * weighted survfit columns and weighted Cox fits, the log-rank p the weighted Cox score
     * test. Neither with cause. */
    const char *id;
    const char *weights;
    unsigned long long max_matrix_bytes; /* each fit's largest design matrix, as
                                            pg_frame_opts.max_matrix_bytes (0: the default) */
} pg_ftable_opts;

typedef struct pg_ftable_row {
    char *term;                 /* the term as written: "I(size_cm > 5)" */
    char *level;                /* "TRUE", "2", "F"; "" for a continuous term */
    int first;                  /* first row of its term */
    int reference;              /* the reference level */
    int continuous;             /* a numeric term: one row, HR per unit, no KM columns */
    size_t n, events;
    double pct;                 /* n as a percentage of the term's complete cases */
    double *surv, *surv_low, *surv_high;   /* n_times each; NaN where not estimable */
    double median, median_low, median_high;
    double logrank_p;           /* on the first row of the term; NaN elsewhere */
    int trend;                  /* logrank_p is the test for trend (ordered factor) */
    double uv_hr, uv_low, uv_high, uv_p;
    int uv_firth;
    double mv_hr, mv_low, mv_high, mv_p;   /* NaN when not in the multivariable model */
    int mv_firth;
    char *label, *level_label;  /* pg_ftable_label: the term's and the level's labels; NULL =
                                   term and level as they are */
} pg_ftable_row;

typedef struct pg_ftable {
    char *response;             /* "Surv(months, status == \"DOD\")" */
    char *strata;               /* "strata(source)" or "" */
    size_t n_times;
    double *times;
    double conf_level;
    pg_conf_type conf_type;
    pg_ties ties;
    size_t n_rows;
    pg_ftable_row *rows;
    int has_mv;
    size_t mv_n, mv_events, mv_dropped;
    int mv_firth;
    size_t n_notes;
    char **notes;               /* footnotes: methods, Firth, missing data, the warnings */
    size_t n_warnings;
    char **warnings;            /* "grade (univariable): 12 events for 3 coefficients ..." and
                                   "Multivariable model: ...": fewer than 10 events per
                                   coefficient (pg_cox_epv_warning); each is also a footnote */
    int competing;              /* opt->cause was given: surv holds the cumulative incidence
                                   of cause, logrank_p Gray's p */
    char *cause;                /* the cause of interest; NULL without */
    int fine_gray;              /* the hazard ratios are Fine-Gray's (subdistribution) */
    pg_lang lang;               /* opt->lang */
    int counting;               /* the response is Surv(start, stop, event) */
    char *id, *weights;         /* opt->id and opt->weights; NULL without */
    size_t n_data_rows;         /* with id: the data rows behind the subjects (first term) */
} pg_ftable;

PG_API void pg_ftable_opts_init(pg_ftable_opts *opt);
/* Build the table for formula (`Surv(...) ~ t1 + t2 + ... [+ strata(s)]`) on ds. Univariate
 * analyses use the rows complete for that term; the multivariable model complete cases of its
 * terms. A term whose model separates (monotone likelihood) is refitted with Firth's correction
 * and footnoted. */
PG_API int pg_ftable_build(const pg_dataset *ds, const char *formula, const pg_ftable_opts *opt,
                           pg_ftable **out, pg_error *err);
PG_API void pg_ftable_free(pg_ftable *t);
/* Give the rows of t their labels from l (prognos/labels.h): a labelled term's label, a
 * labelled level's label; the FALSE/TRUE of a logical I() term become No/Yes in t->lang when
 * the term is labelled or the language is not English. Rows without labels keep NULL.
 * PG_OK or PG_ENOMEM. */
PG_API int pg_ftable_label(pg_ftable *t, const pg_labels *l, pg_error *err);

#ifdef __cplusplus
}
#endif
#endif
