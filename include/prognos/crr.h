/* prognos/crr.h -- Fine-Gray proportional subdistribution-hazards regression for competing
 * risks (R: cmprsk::crr, summary.crr, predict.crr).
 *
 * The array-level door pg_crr_fit takes each subject's time, its cause code (0 censored, 1 the
 * cause of interest, 2 any other cause) and a design matrix; pg_crr_predict turns a fit into
 * cumulative incidence curves for covariate profiles. Matrices are column-major (common.h).
 * Threads: every function here is reentrant; a result is immutable once returned. */
#ifndef PROGNOS_CRR_H
#define PROGNOS_CRR_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/frame.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pg_crr_opts {
    double conf_level;   /* 0.95 */
    int max_iter;        /* 10, crr's maxiter: Newton steps at most */
    double gtol;         /* 1e-6, crr's gtol: stop when max_j |U_j| max(|b_j|, 1) is below
                            gtol max(|l(b)|, 1), U the score and l the log pseudo-likelihood */
} pg_crr_opts;

typedef struct pg_crr {
    double conf_level;
    size_t n;                 /* subjects used */
    size_t events;            /* failures from the cause of interest (code 1) */
    size_t competing;         /* failures from other causes (code 2) */
    size_t censored;          /* code 0 */
    size_t n_coef;            /* p */
    char **colname;           /* p names, owned */
    double *coef;             /* p, crr's coef */
    double *var;              /* p x p sandwich variance, crr's var (Fine & Gray 1999) */
    double *naive_var;        /* p x p inverse information, crr's invinf */
    double *score;            /* p, crr's score (gradient of the log pseudo-likelihood at coef) */
    double *std_err;          /* p, sqrt(diag(var)): summary.crr's se(coef) */
    double *naive_se;         /* p, sqrt(diag(naive_var)) */
    double *z, *p;            /* p each: coef / std_err and its two-sided normal p-value */
    double *conf_low, *conf_high;   /* p each: exp(coef -/+ z_{1-a/2} std_err) */
    double loglik, loglik_null;     /* crr's loglik (at coef) and loglik.null (at 0) */
    double logtest, logtest_df, logtest_p;   /* summary.crr's logtest: 2 (loglik - null), p df */
    int iterations;           /* Newton steps taken */
    int converged;            /* crr's converged */
    size_t n_times;           /* distinct failure times of the cause of interest */
    double *uftime;           /* n_times, ascending: crr's uftime */
    double *bfitj;            /* n_times: jumps of the baseline cumulative subdistribution
                                 hazard at uftime, crr's bfitj */
    size_t n_warnings;
    char **warnings;          /* "ran out of iterations (10) and did not converge", ... */
} pg_crr;

/* Predicted cumulative incidence (predict.crr): one curve per covariate row, a step at each of
 * the fit's n_times failure times: cif[k + r * n_times] = 1 - exp(-exp(x_r'b) sum_{l<=k}
 * bfitj_l) for row r of newx. */
typedef struct pg_crr_pred {
    size_t n_times, n_rows;
    double *time;             /* n_times */
    double *cif;              /* n_times x n_rows, column-major */
} pg_crr_pred;

PG_API void pg_crr_opts_init(pg_crr_opts *opt);   /* the defaults above; allocates nothing */

/* Fit the Fine-Gray model of the n subjects: time[i] (>= 0, finite), cause[i] (0 censored, 1 the
 * cause of interest, 2 a competing cause), x the n x p design (x[j * n + i]), names its p column
 * names (NULL: "x1", "x2", ...). Censoring weights come from the Kaplan-Meier estimate of the
 * censoring distribution over all subjects (crr's default, one cengroup). On success *out is a
 * new pg_crr (pg_crr_free). No failure of cause 1 gives PG_ENOEVENTS, a singular information
 * matrix PG_ENUMERIC naming the column; non-convergence is not an error (converged = 0 and a
 * warning). Inputs are only read and not kept. */
PG_API int pg_crr_fit(const double *time, const int *cause, size_t n, const double *x, size_t p,
                      const char *const *names, const pg_crr_opts *opt, pg_crr **out,
                      pg_error *err);
PG_API void pg_crr_free(pg_crr *fit);

/* The same from a model frame built with --censor / --cause (pg_frame_opts): the frame's
 * design matrix and column names, cause code 1 for the frame's cause of interest
 * (pg_frame_cause_index; the only cause when the status has one), 2 for every other cause, 0
 * censored. strata() and cluster() terms are PG_EANALYSIS (crr has neither); a status with
 * several causes and none named is PG_EINPUT listing them. */
PG_API int pg_crr_fit_frame(const pg_frame *fr, const pg_crr_opts *opt, pg_crr **out,
                            pg_error *err);

/* Cumulative incidence of the cause of interest for the m covariate rows newx (m x p,
 * column-major: row r, column j at newx[r + j * m], what pg_frame_newdata gives). */
PG_API int pg_crr_predict(const pg_crr *fit, const double *newx, size_t m, pg_crr_pred **out,
                          pg_error *err);
PG_API void pg_crr_pred_free(pg_crr_pred *pred);
/* The cumulative incidence of row r at time t: the step at the last failure time <= t, 0 before
 * the first (as summary.survfit's times read a curve). NaN for r out of range or t NaN. */
PG_API double pg_crr_pred_at(const pg_crr_pred *pred, size_t r, double t);

#ifdef __cplusplus
}
#endif
#endif
