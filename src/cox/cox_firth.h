/* cox_firth.h -- internals of Firth's penalised Cox fit (src/cox/cox_firth.c): its entry for
 * pg_cox_fit, and the evaluator exposed for the test suite (tests/check_firth.c) so that the
 * penalised log likelihood, its score and the information can be checked against finite
 * differences at arbitrary coefficients. Never installed. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_FIRTH_H
#define PG_FIRTH_H

#include "internal.h"
#include "prognos/cox.h"

/* An evaluator of the penalised partial likelihood of a frame (rows sorted once). */
typedef struct pg_firth_eval pg_firth_eval;

/* Build an evaluator for fr with ties PG_TIES_BRESLOW or PG_TIES_EFRON. PG_EINPUT for other
 * ties, PG_ENOEVENTS without events, PG_EANALYSIS for a constant column. */
int pg_firth_eval_new(const pg_frame *fr, pg_ties ties, pg_firth_eval **out, pg_error *err);
void pg_firth_eval_free(pg_firth_eval *e);

/* At coefficients b (p values, the frame's covariate scale): the penalised log partial
 * likelihood l*(b) = l(b) + 0.5 log|I(b)|, the plain l(b), the penalised score U*(b) and the
 * plain score U(b) (p values each) and the information I(b) (p x p, symmetric). Any output may
 * be NULL. Returns PG_OK, or PG_ENUMERIC when I(b) is not numerically positive definite (the
 * outputs are then undefined). */
int pg_firth_eval_at(pg_firth_eval *e, const double *b, double *pen, double *loglik,
                     double *score, double *score_plain, double *info);

/* Profile penalised log likelihood: max over the other coefficients of l*(b) with b_j = c.
 * start (p values, may be NULL for 0) is where the maximisation starts; its j-th value is
 * ignored. Returns PG_OK or PG_ENUMERIC; *converged says whether the inner fit converged. */
int pg_firth_eval_profile(pg_firth_eval *e, size_t j, double c, const double *start,
                          double *pen, int *converged);

/* Firth's penalised fit (the file comment of cox_firth.c), called by pg_cox_fit when opt->firth
 * is set, after pg_cox_fit has checked opt (not NULL). Fills every field of the result but the
 * concordance, which pg_cox_fit adds as for a plain fit. *out: a new pg_cox (pg_cox_free). */
int pg_cox_firth_fit(const pg_frame *fr, const pg_cox_opts *opt, pg_cox **out, pg_error *err);

#endif
