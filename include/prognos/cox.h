/* prognos/cox.h -- Cox proportional-hazards regression (R: survival::coxph, summary.coxph),
 * Firth's penalised version (Heinze & Schemper 2001; R coxphf), prediction and residuals.
 *
 * One door: pg_cox_fit fits both the plain and (opts.firth) the penalised model; every other
 * function takes its result. Matrices are column-major (common.h), dimensions stated below.
 * Threads: every function here is reentrant (no global or static state); a result is immutable
 * once returned and may be read from several threads at once; options and frames are only read.
 * (Large fits may use a second thread inside pg_cox_fit; the result does not depend on it.) */
#ifndef PROGNOS_COX_H
#define PROGNOS_COX_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/frame.h"
#include "prognos/logrank.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PG_TIES_EFRON = 0, PG_TIES_BRESLOW, PG_TIES_EXACT } pg_ties;

typedef struct pg_cox_opts {
    pg_ties ties;             /* PG_TIES_EFRON */
    double conf_level;        /* 0.95 */
    int robust;               /* sandwich variance even without cluster() */
    int firth;                /* Firth's penalised partial likelihood (ties efron/breslow) */
    int max_iter;             /* 20 */
    double eps;               /* 1e-9: relative change of the log partial likelihood */
    double toler_chol;        /* 1.818989e-12 (.Machine$double.eps^0.75), as coxph.control */
    int threads;              /* 0 or 1 (default 0): this thread only; 2: a second thread may be
                                 used for 2^15 rows and more (the same fit to the last bit) */
} pg_cox_opts;

typedef struct pg_test {
    double statistic, df, p;  /* NaN when not computed */
} pg_test;

typedef struct pg_cox {
    pg_ties ties;
    int firth;
    double conf_level;
    size_t n, events, dropped;
    size_t n_id;              /* subjects (--id, pg_frame_nid); 0 without an id */
    size_t n_coef;            /* number of coefficients p: the frame's design columns */
    char **colname;           /* p names, as the frame's */
    double *coef;             /* p: NaN for aliased columns */
    int *aliased;             /* p: 1 where the Cholesky factor found the column redundant */
    double *var;              /* p x p column-major (symmetric) model-based variance, the
                                 (generalised) inverse information; 0 rows/columns if aliased */
    double *robust_var;       /* p x p column-major sandwich variance, NULL without
                                 cluster()/robust */
    double *std_err, *robust_se;   /* p each; robust_se NULL without cluster()/robust */
    double *z, *p;            /* p each: Wald z and its p-value (Firth: penalised LR p-value) */
    double *conf_low, *conf_high;  /* p each: hazard-ratio limits (Firth: profile penalised
                                      likelihood) */
    double loglik_null, loglik_final;  /* Firth: penalised values */
    int iterations, converged;
    pg_test lr, wald, score, robust_score;
    double concordance, concordance_se;   /* Harrell's C of linear_predictor, plain or Firth */
    double *linear_predictor; /* n, frame row order, centred as R's predict(type = "lp") */
    double *means;            /* p column means used for centring (R's fit$means) */
    size_t n_warnings;
    char **warnings;          /* "coefficient of 'x' may be infinite (monotone likelihood)..." */
} pg_cox;

PG_API void pg_cox_opts_init(pg_cox_opts *opt);   /* the defaults above; allocates nothing */
/* Fit the Cox model of fr (opt NULL: the defaults; opt->firth: Firth's penalised fit). On
 * success *out is a new pg_cox (pg_cox_free). No events gives PG_ENOEVENTS; non-convergence is
 * not an error (converged = 0, warning). fr and opt are only read and not kept. */
PG_API int pg_cox_fit(const pg_frame *fr, const pg_cox_opts *opt, pg_cox **out, pg_error *err);
PG_API void pg_cox_free(pg_cox *fit);
/* Events per estimated coefficient (Peduzzi et al. 1995, 1996): when 0 < events < 10 n_coef,
 * write "12 events for 3 coefficients (4.0 per coefficient); fewer than 10 events per
 * coefficient give unstable, biased estimates (Peduzzi et al. 1995, 1996)" to buf and return 1;
 * else return 0 (buf unchanged). pg_cox_fit adds it to the fit's warnings. */
PG_API int pg_cox_epv_warning(size_t events, size_t n_coef, char *buf, size_t size);
PG_API const char *pg_cox_ties_name(pg_ties t);           /* "efron", "breslow", "exact" */
PG_API int pg_cox_ties_parse(const char *s, pg_ties *out);

/* Residuals as residuals.coxph. MARTINGALE and DEVIANCE give n values; SCORE and DFBETA n x p
 * in frame row order; SCHOENFELD and SCALED_SCHOENFELD one row of p per event, in (stratum,
 * time) order, with the event time of each row in pg_cox_resid.time. */
typedef enum {
    PG_RESID_MARTINGALE = 0, PG_RESID_DEVIANCE, PG_RESID_SCORE, PG_RESID_SCHOENFELD,
    PG_RESID_SCALED_SCHOENFELD, PG_RESID_DFBETA
} pg_resid_type;

typedef struct pg_cox_resid {
    pg_resid_type type;
    size_t nrow, ncol;        /* n x 1, n x p, or events x p */
    double *value;            /* nrow x ncol, column-major: row i, column j at
                                 value[i + j * nrow] */
    double *time;             /* nrow: Schoenfeld types' event time of each row; else NULL */
    size_t *row;              /* nrow: frame row of each output row */
} pg_cox_resid;

/* Options of pg_cox_residuals; pg_cox_resid_opts_init fills the defaults (allocates nothing). */
typedef struct pg_cox_resid_opts {
    pg_resid_type type;       /* PG_RESID_MARTINGALE, as residuals.coxph's default */
} pg_cox_resid_opts;

PG_API void pg_cox_resid_opts_init(pg_cox_resid_opts *opt);
/* Residuals of fit over its frame fr (opt NULL: the defaults). On success *out is a new
 * pg_cox_resid (pg_cox_resid_free). Any pg_cox with fr's columns will do (coef, var, means and
 * ties are read). ties "exact" has only MARTINGALE and DEVIANCE (PG_EANALYSIS otherwise). */
PG_API int pg_cox_residuals(const pg_frame *fr, const pg_cox *fit, const pg_cox_resid_opts *opt,
                            pg_cox_resid **out, pg_error *err);
PG_API void pg_cox_resid_free(pg_cox_resid *r);
PG_API int pg_cox_resid_type_parse(const char *s, pg_resid_type *out);

/* Baseline cumulative hazard per stratum (R: basehaz(fit, centered = FALSE)) and predicted
 * survival curves for covariate rows newx (m x p, column-major: row r, column j at
 * newx[r + j * m], what pg_frame_newdata gives), as survfit.coxph (Efron/Breslow hazard
 * increments matching the ties method). One curve per row and stratum; basehaz is one row of
 * zeros. m = 0 gives no curves (newx may then be NULL). */
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

/* Compare fr's groups (within its strata) on counting-process data, Surv(start, stop, event),
 * which survdiff does not take: the score test of coxph(Surv(start, stop, event) ~ group +
 * strata(s), ties = ties) (R: summary(fit)$sctest), with the observed and expected events and
 * the log-rank variance over the left-truncated risk sets {start < t <= stop}; also right-
 * censored frames (then the score test, with ties, of survdiff's comparison). Case weights of
 * fr weight the test (coxph's weights =, the score test R prints; survdiff takes none), and the
 * observed and expected counts are sums of weights, the variance the Breslow information at
 * b = 0 (so O - E is the weighted score). fr needs its
 * groups (not built with no_groups). On success *out is a new pg_logrank (pg_logrank_free)
 * with score_test = 1. One group is PG_EANALYSIS, no events PG_ENOEVENTS. */
PG_API int pg_cox_logrank(const pg_frame *fr, pg_ties ties, pg_logrank **out, pg_error *err);
/* Whether groups of fr are compared by pg_cox_logrank rather than survdiff's pg_logrank_test:
 * 1 for Surv(start, stop, event) data or case weights, which survdiff does not take. */
PG_API int pg_logrank_needs_score(const pg_frame *fr);

#ifdef __cplusplus
}
#endif
#endif
