/* cox_robust.c -- score residuals of a Cox fit, the basis of the robust (sandwich) variance. */
#include "cox_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * Score residuals (Therneau, Grambsch & Fleming 1990), per subject i and covariate j:
 *   U_ij = int (x_ij - xbar_j(t)) dN_i(t) - int (x_ij - xbar_j(t)) r_i dLambda0(t)
 * with r_i = exp(x_i'b), dLambda0(t) = d(t)/S0(t) and xbar = S1/S0 over the risk set (Breslow).
 * For Efron's approximation at a time with d tied events, the d steps k = 0..d-1 of the
 * likelihood each carry hazard h_k = 1/S0k and mean m_k = S1k/S0k (S0k, S1k with the events
 * down-weighted by w_k = k/d); a subject at risk but not an event at t gets
 *   -r_i sum_k h_k (x_i - m_k),
 * an event at t gets
 *   sum_k (x_i - m_k)/d - r_i sum_k h_k (1 - w_k) (x_i - m_k).
 * Both are sums over the event times t <= t_i of terms linear in x_i, so with the cumulative
 * sums H(t) = sum h_k and M(t) = sum h_k m_k taken over event times, every residual costs O(p):
 * the data are walked backwards (running risk-set sums), keeping the sums over later event
 * times, and a final pass adds the stratum totals (sum over t <= t_i = total - sum over t > t_i).
 * Residuals are invariant to centring x and shifting x'b, so the workspace's scaled covariates
 * are used and column j is in scaled units (divide by w->mult[j]).
 * Matches: survival's coxscore2 (residuals.coxph(type = "score")), weights 1.
 */
int pg_cox_score_resid(const pg_cox_work *w, const double *beta, int efron, double *U)
{
    if (w->start) return pg_cox_ag_score_resid(w, beta, efron, U);
    size_t p = w->p;
    /* a, a2 (risk-set and event sums of r x), SM (sum over later times of M), TM, mk, md, xd */
    double *buf = pg_calloc_array(7 * p + 1, sizeof *buf);
    double *r = pg_malloc_array(w->n ? w->n : 1, sizeof *r);
    if (!buf || !r) {
        free(buf);
        free(r);
        return PG_ENOMEM;
    }
    double *a = buf, *a2 = a + p, *SM = a2 + p, *MA = SM + p, *MD = MA + p, *XD = MD + p,
           *mk = XD + p;
    for (size_t i = 0; i < w->n; i++) {
        double zb = 0;
        for (size_t j = 0; j < p; j++) zb += beta[j] * w->x[i * p + j];
        r[i] = exp(zb);
    }
    for (size_t s = 0; s < w->nstrata; s++) {
        size_t lo = w->sstart[s], hi = w->sstart[s + 1], i = hi;
        double denom = 0, SH = 0;
        memset(a, 0, p * sizeof *a);
        memset(SM, 0, p * sizeof *SM);
        while (i > lo) {
            double t = w->time[i - 1], e_denom = 0;
            size_t nd = 0, first = i;   /* the group is [i', first) after the loop */
            memset(a2, 0, p * sizeof *a2);
            for (; i > lo && w->time[i - 1] == t; i--) {
                const double *xi = w->x + (i - 1) * p;
                double ri = r[i - 1];
                denom += ri;
                for (size_t j = 0; j < p; j++) a[j] += ri * xi[j];
                if (w->status[i - 1]) {
                    nd++;
                    e_denom += ri;
                    for (size_t j = 0; j < p; j++) a2[j] += ri * xi[j];
                }
            }
            /* this time's terms: HA/MA for subjects at risk, HD/MD/XD for its events */
            double HA = 0, HD = 0;
            memset(MA, 0, p * sizeof *MA);
            memset(MD, 0, p * sizeof *MD);
            memset(XD, 0, p * sizeof *XD);
            if (nd > 0) {
                size_t steps = (efron && nd > 1) ? nd : 1;
                for (size_t k = 0; k < steps; k++) {
                    double wk = (steps > 1) ? (double)k / (double)nd : 0;
                    double den = denom - wk * e_denom;
                    double h = (steps > 1) ? 1 / den : (double)nd / den;
                    for (size_t j = 0; j < p; j++) mk[j] = (a[j] - wk * a2[j]) / den;
                    HA += h;
                    HD += h * (1 - wk);
                    for (size_t j = 0; j < p; j++) {
                        MA[j] += h * mk[j];
                        MD[j] += h * (1 - wk) * mk[j];
                        XD[j] += mk[j] / (double)steps;
                    }
                }
            }
            /* partial residuals: the part from times > t enters as -(later sums), completed by
             * the totals below */
            for (size_t g = i; g < first; g++) {
                const double *xg = w->x + g * p;
                double *ug = U + g * p;
                if (w->status[g]) {
                    for (size_t j = 0; j < p; j++)
                        ug[j] = (xg[j] - XD[j]) -
                                r[g] * (xg[j] * (-SH - HA + HD) - (-SM[j] - MA[j] + MD[j]));
                } else {
                    for (size_t j = 0; j < p; j++) ug[j] = -r[g] * (xg[j] * -SH - -SM[j]);
                }
            }
            SH += HA;
            for (size_t j = 0; j < p; j++) SM[j] += MA[j];
        }
        for (size_t g = lo; g < hi; g++) {
            const double *xg = w->x + g * p;
            double *ug = U + g * p;
            for (size_t j = 0; j < p; j++) ug[j] -= r[g] * (xg[j] * SH - SM[j]);
        }
    }
    free(buf);
    free(r);
    return PG_OK;
}
