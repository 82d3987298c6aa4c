/* cox_diag.h -- what the Cox diagnostics (cox_resid.c, cox_predict.c, cox_zph.c) share: a fitted model
 * laid over its frame in (stratum, time) order, with the centred design and the risk scores.
 * Internal; never installed. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_COXDIAG_H
#define PG_COXDIAG_H

#include "internal.h"
#include "prognos/cox.h"

/* A fit seen through its frame. Everything is computed from the frame and the fit's coef, var
 * and means only, so any pg_cox (ours, or one built by hand from R's numbers) can be used. */
typedef struct pg_coxdiag {
    size_t n, p, nstrata, events;
    const double *time;     /* frame's, borrowed */
    const int *status;      /* frame's, borrowed */
    const size_t *strata;   /* frame's, borrowed */
    const size_t *time_order; /* frame's pg_frame_time_order (all rows by time), borrowed */
    double *xc;             /* n x p column-major: x - fit->means (means 0 when NULL) */
    double *beta;           /* p: coef, with NaN (aliased) read as 0 as R does */
    int *alias;             /* p: 1 where the coefficient is aliased (NaN or fit->aliased) */
    double *risk;           /* n: exp(centred linear predictor), R's exp(fit$linear.predictors) */
    size_t *ord;            /* n: rows by stratum, time ascending, events before censorings */
    int efron;              /* 1 for Efron ties; Breslow and exact use Breslow's sums */
} pg_coxdiag;

/* Check that fit belongs to fr (same number of columns, coefficients present) and fill w.
 * who is the prefix of error messages ("cox", "zph"). PG_OK, PG_EINPUT or PG_ENOMEM. */
int pg_coxdiag_init(pg_coxdiag *w, const pg_frame *fr, const pg_cox *fit, const char *who,
                    pg_error *err);
void pg_coxdiag_free(pg_coxdiag *w);

/* The model variance entry (i, j) of fit, 0 for aliased columns or a non-finite entry (R keeps
 * zero rows and columns for aliased coefficients). robust selects robust_var when present. */
double pg_coxdiag_var(const pg_cox *fit, const pg_coxdiag *w, size_t i, size_t j, int robust);

#endif
