/* cox_exact.c -- the exact partial likelihood for tied event times (R: coxph(ties = "exact")). */
#include "cox_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int pg_cox_work_exact_alloc(pg_cox_work *w)
{
    size_t m = w->maxdeath + 1, p = w->p, q = p * (p + 1) / 2;
    w->d0 = pg_calloc_array(m, sizeof *w->d0);
    w->d1 = pg_calloc_array(m * (p ? p : 1), sizeof *w->d1);
    w->d2 = pg_calloc_array(m * (q ? q : 1), sizeof *w->d2);
    return (w->d0 && w->d1 && w->d2) ? PG_OK : PG_ENOMEM;
}

/*
 * Exact partial likelihood (the conditional logistic likelihood of the tied event set).
 *   At an event time with d events D and risk set R (n subjects, scores r_i = exp(x_i'b)):
 *     L_t = prod_{i in D} r_i / A_d(R),   A_d(R) = sum over subsets Q of R with |Q| = d of
 *                                                   prod_{i in Q} r_i.
 *   A_d satisfies the recursion over the subjects of R taken one at a time (Gail et al. 1981):
 *     A_d(R + {m}) = A_d(R) + r_m A_{d-1}(R),  A_0 = 1,
 *   and, differentiating, for covariates j, k
 *     B_j(R + {m})  = B_j(R) + r_m (x_mj A_{d-1}(R) + B_j,{d-1}(R))           (dA/db_j)
 *     C_jk(R + {m}) = C_jk(R) + r_m (x_mj x_mk A_{d-1} + x_mj B_k,{d-1} + x_mk B_j,{d-1}
 *                                    + C_jk,{d-1})                           (d2A/db_j db_k)
 *   so  log L_t = sum_D x_i'b - log A_d;  U_j = sum_D x_ij - B_j/A_d;
 *       I_jk = C_jk/A_d - (B_j/A_d)(B_k/A_d).
 *   Times are walked from the last backwards, so each risk set is the previous one plus the
 *   subjects at the current time: the vectors A, B, C over d = 0..maxdeath are updated in place
 *   (d descending) as each subject joins. Cost O(n maxdeath p^2) per evaluation, with no
 *   recursion depth (survival's coxd0/coxd1/coxd2 compute the same numbers by memoised
 *   recursion over the same table).
 * Refs:    Cox (1972); Gail, Lubin & Rubinstein, Biometrika 68 (1981) 703-707;
 *          Therneau & Grambsch (2000) sec. 3.3.
 * Matches: survival's coxexact (coxexact.fit, coxph(ties = "exact")), right-censored data.
 */
double pg_cox_eval_exact(pg_cox_work *w, const double *beta, double *u, double *imat)
{
    size_t p = w->p, q = p * (p + 1) / 2, m = w->maxdeath;
    double *A = w->d0, *B = w->d1, *C = w->d2;   /* B[d * p + j], C[d * q + (j,k)] */
    double loglik = 0;
    memset(u, 0, p * sizeof *u);
    memset(imat, 0, p * p * sizeof *imat);
    for (size_t s = 0; s < w->nstrata; s++) {
        size_t lo = w->sstart[s], i = w->sstart[s + 1];
        memset(A, 0, (m + 1) * sizeof *A);
        memset(B, 0, (m + 1) * p * sizeof *B);
        memset(C, 0, (m + 1) * q * sizeof *C);
        A[0] = 1;
        while (i > lo) {
            double t = w->time[i - 1];
            size_t nd = 0;
            for (; i > lo && w->time[i - 1] == t; i--) {
                const double *xi = w->x + (i - 1) * p;
                double zb = 0;
                for (size_t j = 0; j < p; j++) zb += beta[j] * xi[j];
                double r = exp(zb);
                if (w->status[i - 1]) {
                    nd++;
                    loglik += zb;
                    for (size_t j = 0; j < p; j++) u[j] += xi[j];
                }
                for (size_t d = m; d >= 1; d--) {
                    const double a0 = A[d - 1], *b0 = B + (d - 1) * p, *c0 = C + (d - 1) * q;
                    double *c1 = C + d * q, *b1 = B + d * p;
                    size_t jk = 0;
                    for (size_t j = 0; j < p; j++)
                        for (size_t k = 0; k <= j; k++, jk++)
                            c1[jk] += r * (xi[j] * xi[k] * a0 + xi[j] * b0[k] + xi[k] * b0[j] +
                                           c0[jk]);
                    for (size_t j = 0; j < p; j++) b1[j] += r * (xi[j] * a0 + b0[j]);
                    A[d] += r * a0;
                }
            }
            if (nd == 0) continue;
            double a = A[nd];
            const double *b = B + nd * p, *c = C + nd * q;
            loglik -= log(a);
            size_t jk = 0;
            for (size_t j = 0; j < p; j++) {
                u[j] -= b[j] / a;
                for (size_t k = 0; k <= j; k++, jk++)
                    imat[j * p + k] += c[jk] / a - (b[j] / a) * (b[k] / a);
            }
        }
    }
    for (size_t j = 0; j < p; j++)
        for (size_t k = 0; k < j; k++) imat[k * p + j] = imat[j * p + k];
    return loglik;
}
