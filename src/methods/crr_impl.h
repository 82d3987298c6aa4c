/* crr_impl.h -- the Fine-Gray workspace shared by crr.c (data, pseudo-likelihood, Newton) and
 * crr_var.c (the sandwich variance). Internal; never installed. */
#ifndef PG_CRR_IMPL_H
#define PG_CRR_IMPL_H

#include <stddef.h>

#include "prognos/crr.h"

/* The subjects sorted by time (ties in any order: every sum below is over a whole tie block),
 * their covariates centred at the column means, the censoring weights and the failure-time
 * blocks of the cause of interest; then the per-evaluation sums at the current b.
 * Blocks k = 0 .. nd-1 are the distinct failure times tau_k of cause 1, ascending. */
typedef struct crr_work {
    size_t n, p, nd;
    double *t;        /* n sorted times */
    int *c;           /* n causes 0/1/2 in that order */
    double *x;        /* n x p, x[j * n + i], centred: x - means */
    double *means;    /* p column means */
    double *g;        /* n: G(t_i-), the KM of censoring just before t_i (crr's uuu) */
    double *tau;      /* nd failure times */
    double *d;        /* nd: failures of cause 1 at tau_k */
    double *gk;       /* nd: G(tau_k-) */
    size_t *kle;      /* n: number of blocks with tau_k <= t_i */
    /* at the current b (crr_eval) */
    double *e;        /* n: exp(x_i'b) */
    double *s0;       /* nd: weighted risk-set sum S0(tau_k) */
    double *xbar;     /* nd x p: S1(tau_k) / S0(tau_k), xbar[k * p + j] */
    double *sumx1;    /* p: sum of x over cause-1 failures (b-free) */
    double *pfx, *sfx; /* nd + 1 each: prefix sums of d_l / S0_l (l < k) and suffix sums of
                          d_l G_l / S0_l (l >= k), the Hessian's weights */
    double *vec;      /* 2 p scratch */
} crr_work;

/* Negated log pseudo-likelihood at b (what crr's crrf minimises); with score != NULL also its
 * gradient (crrfsv's s), with hess != NULL (p x p) its Hessian (crrfsv's v). Fills w->e, w->s0
 * and (score or hess) w->xbar. */
double pg_crr_eval(crr_work *w, const double *b, double *score, double *hess);

/* The middle of crr's sandwich: sum_i (eta_i + psi_i)(eta_i + psi_i)' (crrvv's v2), p x p into
 * v2, at the b of the last pg_crr_eval with a score. PG_OK or PG_ENOMEM. */
int pg_crr_meat(const crr_work *w, double *v2);

#endif
