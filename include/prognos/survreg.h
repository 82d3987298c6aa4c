/* prognos/survreg.h -- parametric (accelerated failure time) survival regression, as R's
 * survival::survreg / summary.survreg / predict.survreg.
 *
 * The model: y = log(t) for the log-scale distributions (weibull, exponential, lognormal,
 * loglogistic, rayleigh), y = t for gaussian, logistic and extreme; y = x'beta + sigma_s W with
 * W standard extreme value (weibull, exponential, rayleigh, extreme), normal (lognormal,
 * gaussian) or logistic (loglogistic, logistic), and one scale sigma_s per stratum (strata()
 * terms). exponential fixes sigma = 1, rayleigh sigma = 0.5; opts.scale > 0 fixes it for any
 * distribution. The design has an intercept ("(Intercept)") before the frame's columns.
 * Fitted by Newton-Raphson on (beta, log sigma) with step halving and survreg.control's rule:
 * stop when |1 - loglik_old / loglik_new| <= rel_tol (survreg6.c). */
#ifndef PROGNOS_SURVREG_H
#define PROGNOS_SURVREG_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/dataset.h"
#include "prognos/frame.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    PG_SR_WEIBULL = 0,
    PG_SR_EXPONENTIAL,
    PG_SR_GAUSSIAN,
    PG_SR_LOGISTIC,
    PG_SR_LOGNORMAL,
    PG_SR_LOGLOGISTIC,
    PG_SR_EXTREME,
    PG_SR_RAYLEIGH
} pg_sr_dist;

/* R's names as survreg.distributions spells them ("weibull", "loglogistic", ...); "normal" is
 * accepted for gaussian, as survreg does. PG_OK or PG_EINPUT. */
PG_API int pg_survreg_dist_parse(const char *s, pg_sr_dist *out);
PG_API const char *pg_survreg_dist_name(pg_sr_dist d);
/* 1 when the distribution is fitted to log(t) (times must then be > 0). */
PG_API int pg_survreg_dist_is_log(pg_sr_dist d);

/* Censoring code of a row, R's Surv() status for type "interval": */
enum { PG_SR_RIGHT = 0, PG_SR_EXACT = 1, PG_SR_LEFT = 2, PG_SR_INTERVAL = 3 };

typedef struct pg_survreg_opts {
    pg_sr_dist dist;     /* default weibull */
    unsigned max_iter;   /* survreg.control maxiter, 30 */
    double rel_tol;      /* rel.tolerance, 1e-9 */
    double toler_chol;   /* toler.chol, 1e-10 */
    double scale;        /* > 0: a fixed scale (survreg's scale =); 0: estimate (default) */
    double conf_level;   /* 0.95 */
} pg_survreg_opts;

PG_API void pg_survreg_opts_init(pg_survreg_opts *o);

/* The data of a fit, as arrays (what pg_survreg_fit_frame builds from a frame).
 *   time[i]: the (lower) time; time2[i] the upper end for PG_SR_INTERVAL rows (else unused,
 *   time2 may be NULL when no row is interval censored); status[i] one of PG_SR_*;
 *   x: n x p column-major without the intercept; strata NULL = one stratum; cluster NULL =
 *   none (else ids 0 .. nclusters-1). */
typedef struct pg_survreg_data {
    size_t n;
    const double *time, *time2;
    const int *status;
    size_t p;
    const double *x;
    const char *const *colnames;
    size_t nstrata;
    const size_t *strata;
    const char *const *strata_names;
    const size_t *cluster;
    size_t nclusters;
} pg_survreg_data;

typedef struct pg_survreg {
    pg_sr_dist dist;
    size_t n, nevents;       /* rows; exact (uncensored) rows */
    size_t p;                /* coefficients, the intercept included */
    size_t nscale;           /* estimated log-scales (0 with a fixed scale) */
    size_t nstrata;
    size_t k;                /* p + nscale */
    char **names;            /* k: "(Intercept)", columns, then "Log(scale)" or "Log(scale)"
                                per stratum as summary.survreg labels them (strata names) */
    double *coef;            /* k: beta, then log(scale) per stratum */
    double *scale;           /* nstrata scales */
    double *var;             /* k x k: the variance (robust when clustered) */
    double *naive_var;       /* k x k: the model variance when clustered, else NULL */
    double loglik[2];        /* intercept-only, model (with the Jacobian of log t) */
    double chisq;            /* 2 (loglik[1] - loglik[0]) */
    size_t df;               /* p - 1 */
    double pvalue;
    double aic;              /* -2 loglik + 2 (p + nscale), as AIC(fit) */
    unsigned iter;           /* Newton-Raphson iterations of the model fit */
    int converged;
    double conf_level;
    int log_time;            /* 1: a log-scale distribution (time ratios, weibull HRs) */
} pg_survreg;

/* Fit on arrays, with survreg.fit's starting values and survreg6's Newton-Raphson, so the
 * iterations are R's. PG_OK (also out of iterations: converged = 0, the last trial point, as R
 * returns it; a column aliased with earlier ones: its coefficient NaN, R's NA, with zero
 * variance), PG_ENOEVENTS (every row right censored), PG_EINPUT (a time <= 0 for a log-time
 * distribution, an interval's ends reversed, strata with a fixed scale, no rows), PG_ENUMERIC
 * (a log-likelihood that is not finite), PG_ENOMEM. */
PG_API int pg_survreg_fit(const pg_survreg_data *d, const pg_survreg_opts *o, pg_survreg **out,
                          pg_error *err);
/* Fit on a frame's response (Surv(time, status), or left / interval censored: frame.h,
 * pg_frame_censoring) with its strata and cluster terms. ds (may be NULL) locates a bad row
 * ("file:line: time 0 is not positive ..."). */
PG_API int pg_survreg_fit_frame(const pg_frame *fr, const pg_dataset *ds,
                                const pg_survreg_opts *o, pg_survreg **out, pg_error *err);
PG_API void pg_survreg_free(pg_survreg *fit);

/* The coefficient table of summary.survreg, row j < k: value, se, z, p. */
PG_API void pg_survreg_row(const pg_survreg *fit, size_t j, double v[4]);

/* Weibull / exponential as proportional hazards: HR_j = exp(-beta_j / sigma) for j = 1..p-1
 * (one stratum), with the delta-method se of -beta_j/sigma and the conf_level limits
 * exp(log HR +- z se). out: hr, lo, hi, se_loghr. PG_EANALYSIS for other distributions or
 * several strata. */
PG_API int pg_survreg_hr(const pg_survreg *fit, size_t j, double out[4], pg_error *err);

/* Quantile q (0 < q < 1) of the time for covariate row x (p - 1 values, no intercept) in
 * stratum s, as predict(fit, type = "quantile", p = q, se.fit = TRUE): *est and its
 * delta-method *se (for a log-time distribution se(exp(yq)) = exp(yq) se(yq), as R). ci (may be
 * NULL): the conf_level limits, yq +- z se(yq) on the y scale, so exp() of them for the log-time
 * distributions (never below 0). With a fixed scale the log-scale gradient is absent (nscale
 * 0), so index p + s is past the variance and is not read. */
PG_API void pg_survreg_quantile(const pg_survreg *fit, const double *x, size_t s, double q,
                                double *est, double *se, double ci[2]);
/* Survival at time t for covariate row x in stratum s: 1 - F((y(t) - x'beta) / sigma). */
PG_API double pg_survreg_surv(const pg_survreg *fit, const double *x, size_t s, double t);

#ifdef __cplusplus
}
#endif
#endif
