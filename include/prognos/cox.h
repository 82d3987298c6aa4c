/* prognos/cox.h -- Cox proportional-hazards regression (R: survival::coxph, summary.coxph),
 * Firth's penalised version (Heinze & Schemper 2001; R coxphf), prediction and residuals. */
#ifndef PROGNOS_COX_H
#define PROGNOS_COX_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/frame.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PG_TIES_EFRON = 0, PG_TIES_BRESLOW, PG_TIES_EXACT } pg_ties;

typedef struct pg_cox_opts {
    pg_ties ties;             /* PG_TIES_EFRON */
    double conf_level;        /* 0.95 */
    int robust;               /* sandwich variance even without cluster() */
    int firth;                /* Firth's penalised partial likelihood */
    int max_iter;             /* 20 */
    double eps;               /* 1e-9: relative change of the log partial likelihood */
    double toler_chol;        /* 1.818989e-12 (.Machine$double.eps^0.75), as coxph.control */
} pg_cox_opts;

typedef struct pg_test {
    double statistic, df, p;  /* NaN when not computed */
} pg_test;

typedef struct pg_cox {
    pg_ties ties;
    int firth;
    double conf_level;
    size_t n, events, dropped;
    size_t n_coef;            /* number of coefficients p: the frame's design columns */
    char **colname;           /* p names, as the frame's */
    double *coef;             /* NaN for aliased columns */
    int *aliased;             /* 1 where the Cholesky factor found the column redundant */
    double *var;              /* p x p row-major model-based variance (inverse information) */
    double *robust_var;       /* p x p sandwich variance, NULL without cluster()/robust */
    double *std_err, *robust_se;   /* robust_se NULL without cluster()/robust */
    double *z, *p;            /* Wald z and its p-value (Firth: penalised LR p-value) */
    double *conf_low, *conf_high;  /* hazard-ratio limits (Firth: profile penalised likelihood) */
    double loglik_null, loglik_final;  /* Firth: penalised values */
    int iterations, converged;
    pg_test lr, wald, score, robust_score;
    double concordance, concordance_se;
    double *linear_predictor; /* n, frame row order, centred as R's predict(type = "lp") */
    double *means;            /* p column means used for centring (R's fit$means) */
    size_t n_warnings;
    char **warnings;          /* "coefficient of 'x' may be infinite (monotone likelihood)..." */
} pg_cox;

PG_API void pg_cox_opts_init(pg_cox_opts *opt);
/* Fit. No events gives PG_ENOEVENTS; non-convergence is not an error (converged = 0, warning). */
PG_API int pg_cox_fit(const pg_frame *fr, const pg_cox_opts *opt, pg_cox **out, pg_error *err);
PG_API void pg_cox_free(pg_cox *fit);
PG_API const char *pg_cox_ties_name(pg_ties t);           /* "efron", "breslow", "exact" */
PG_API int pg_cox_ties_parse(const char *s, pg_ties *out);

/* Residuals as residuals.coxph. MARTINGALE and DEVIANCE give n values; SCORE and DFBETA n x p
 * (row-major, frame row order); SCHOENFELD and SCALED_SCHOENFELD one row of p per event, in
 * time order, with the event times in *time_out (caller frees with free()). */
typedef enum {
    PG_RESID_MARTINGALE = 0, PG_RESID_DEVIANCE, PG_RESID_SCORE, PG_RESID_SCHOENFELD,
    PG_RESID_SCALED_SCHOENFELD, PG_RESID_DFBETA
} pg_resid_type;

typedef struct pg_cox_resid {
    pg_resid_type type;
    size_t nrow, ncol;        /* n x 1, n x p, or events x p */
    double *value;            /* row-major */
    double *time;             /* Schoenfeld types: event time of each row; else NULL */
    size_t *row;              /* frame row of each output row */
} pg_cox_resid;

/* Options of pg_cox_residuals; pg_cox_resid_opts_init fills the defaults (allocates nothing). */
typedef struct pg_cox_resid_opts {
    pg_resid_type type;       /* PG_RESID_MARTINGALE, as residuals.coxph's default */
} pg_cox_resid_opts;

PG_API void pg_cox_resid_opts_init(pg_cox_resid_opts *opt);
PG_API int pg_cox_residuals(const pg_frame *fr, const pg_cox *fit, const pg_cox_resid_opts *opt,
                            pg_cox_resid **out, pg_error *err);
PG_API void pg_cox_resid_free(pg_cox_resid *r);
PG_API int pg_cox_resid_type_parse(const char *s, pg_resid_type *out);

/* Baseline cumulative hazard per stratum (R: basehaz(fit, centered = FALSE)) and predicted
 * survival curves for covariate rows newx (m x p, row-major), as survfit.coxph (Efron/Breslow
 * hazard increments matching the ties method). */
typedef struct pg_cox_curves {
    size_t n_curves;          /* m rows of newx x n_strata strata */
    size_t n_strata;
    char **strata_name;
    size_t *start;            /* n_curves + 1 offsets into the step arrays */
    size_t *newdata_row, *stratum;   /* per curve */
    double *time, *n_risk, *n_event, *cumhaz, *surv, *std_err, *conf_low, *conf_high;
} pg_cox_curves;

PG_API int pg_cox_predict(const pg_frame *fr, const pg_cox *fit, const double *newx, size_t m,
                          pg_cox_curves **out, pg_error *err);
PG_API void pg_cox_curves_free(pg_cox_curves *c);

#ifdef __cplusplus
}
#endif
#endif
