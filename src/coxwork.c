/* coxwork.c -- the Cox workspace (sorted, centred, scaled copy of the frame), the Breslow/Efron
 * log partial likelihood with its derivatives, and the generalised Cholesky routines that R's
 * survival package uses to find aliased columns. */
#include "cox_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pg_cox_work_free(pg_cox_work *w)
{
    if (!w) return;
    free(w->sstart);
    free(w->row);
    free(w->time);
    free(w->status);
    free(w->x);
    free(w->mean);
    free(w->mult);
    free(w->centred);
    free(w->a);
    free(w->d0);
    free(w->d1);
    free(w->d2);
    memset(w, 0, sizeof *w);
}

/*
 * Sort once by (stratum, time), events before censorings at a tied time, and copy the
 * covariates row-major in that order, centred and scaled as R does before Newton-Raphson:
 *   coxph.fit (survival coxfit6.c):  x' = (x - mean) * n / sum_i |x_i - mean|
 *   coxexact.fit:                    x' = (x - mean) / sd(x)          (R's scale())
 * Columns with every value in {-1, 0, 1} are left as they are and get mean 0 (coxph's
 * nocenter = c(-1, 0, 1)), which is why R's fit$means is 0 for a 0/1 dummy. A constant column
 * keeps multiplier 1 (coxfit6's "rare case of a constant covariate"); its information is zero
 * and the Cholesky factor marks it aliased.
 */
int pg_cox_work_init(pg_cox_work *w, const pg_frame *fr, int scale_sd)
{
    memset(w, 0, sizeof *w);
    size_t n = pg_frame_n(fr), p = pg_frame_p(fr);
    const double *X = pg_frame_x(fr), *time = pg_frame_time(fr);
    const int *status = pg_frame_status(fr);
    const size_t *strata = pg_frame_strata(fr);
    size_t nstrata = pg_frame_nstrata(fr);
    if (nstrata == 0) nstrata = 1;
    w->n = n;
    w->p = p;
    w->nstrata = nstrata;
    w->sstart = pg_calloc_array(nstrata + 1, sizeof *w->sstart);
    w->row = pg_malloc_array(n ? n : 1, sizeof *w->row);
    w->time = pg_malloc_array(n ? n : 1, sizeof *w->time);
    w->status = pg_malloc_array(n ? n : 1, sizeof *w->status);
    w->x = pg_malloc_array((n && p) ? n * p : 1, sizeof *w->x);
    w->mean = pg_calloc_array(p ? p : 1, sizeof *w->mean);
    w->mult = pg_malloc_array(p ? p : 1, sizeof *w->mult);
    w->centred = pg_calloc_array(p ? p : 1, sizeof *w->centred);
    /* a, a2, xbar: p each; cmat, cmat2: p * p each */
    w->a = pg_calloc_array(3 * p + 2 * p * p + 1, sizeof *w->a);
    if (!w->sstart || !w->row || !w->time || !w->status || !w->x || !w->mean || !w->mult ||
        !w->centred || !w->a)
        goto nomem;
    w->a2 = w->a + p;
    w->xbar = w->a2 + p;
    w->cmat = w->xbar + p;
    w->cmat2 = w->cmat + p * p;

    if (pg_order_by_time(n, nstrata > 1 ? strata : NULL, time, status, w->row)) goto nomem;
    /* stratum offsets (strata ids are 0 .. nstrata-1; empty strata get empty ranges) */
    if (nstrata > 1)
        for (size_t i = 0; i < n; i++) w->sstart[strata[i] + 1]++;
    else
        w->sstart[1] = n;
    for (size_t s = 0; s < nstrata; s++) w->sstart[s + 1] += w->sstart[s];

    /* each column's centre and scale, from the frame's columns in their own order */
    for (size_t j = 0; j < p; j++) {
        const double *col = X + j * n;
        int zero_one = 1;
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
            if (col[i] != 0 && col[i] != 1 && col[i] != -1) zero_one = 0;
            sum += col[i];
        }
        double m = n ? sum / (double)n : 0, mult = 1;
        if (zero_one) {
            m = 0;
        } else if (scale_sd) {
            double ss = 0;
            for (size_t i = 0; i < n; i++) ss += (col[i] - m) * (col[i] - m);
            double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
            mult = sd > 0 ? 1 / sd : 1;
        } else {
            double sabs = 0;
            for (size_t i = 0; i < n; i++) sabs += fabs(col[i] - m);
            mult = sabs > 0 ? (double)n / sabs : 1;
        }
        w->centred[j] = !zero_one;
        w->mean[j] = m;
        w->mult[j] = mult;
    }
    /* one gather of each sorted row: its time, status and covariates. The rows are read at
     * random; asking for them AHEAD positions early lets the memory system fetch many at once
     * (at 10^6 rows and more each would otherwise be a cache miss waited for in turn). */
    enum { AHEAD = 12 };
    for (size_t i = 0; i < n; i++) {
        if (i + AHEAD < n) {
            size_t ra = w->row[i + AHEAD];
            PG_PREFETCH(time + ra);
            PG_PREFETCH(status + ra);
            for (size_t j = 0; j < p; j++) PG_PREFETCH(X + j * n + ra);
        }
        size_t r = w->row[i];
        w->time[i] = time[r];
        w->status[i] = status[r];
        double *xi = w->x + i * p;
        for (size_t j = 0; j < p; j++) xi[j] = (X[j * n + r] - w->mean[j]) * w->mult[j];
    }
    /* the largest number of tied events at one time within a stratum */
    for (size_t s = 0; s < nstrata; s++) {
        size_t lo = w->sstart[s], hi = w->sstart[s + 1];
        for (size_t i = lo; i < hi;) {
            size_t d = 0, k = i;
            for (; k < hi && w->time[k] == w->time[i]; k++) d += (size_t)w->status[k];
            if (d > w->maxdeath) w->maxdeath = d;
            i = k;
        }
    }
    return PG_OK;
nomem:
    pg_cox_work_free(w);
    return PG_ENOMEM;
}

/* Add r x and r x x' (lower triangle, packed row by row: entry (j, k <= j) at j(j+1)/2 + k) of
 * one subject to the sums sa, sc. */
static void add_subject(double *sa, double *sc, const double *x, double r, size_t p)
{
    for (size_t j = 0; j < p; j++) {
        double rx = r * x[j];
        sa[j] += rx;
        double *row = sc + j * (j + 1) / 2;
        for (size_t k = 0; k <= j; k++) row[k] += rx * x[k];
    }
}

/*
 * Log partial likelihood, score and information, Breslow or Efron approximation for ties.
 *   For each event time t with d events D(t), risk set R(t) = {i: t_i >= t} in the stratum,
 *   r_i = exp(x_i'b), S0 = sum_R r_i, S1 = sum_R r_i x_i, S2 = sum_R r_i x_i x_i':
 *   Breslow:  l += sum_D x_i'b - d log S0;   U += sum_D x_i - d S1/S0;
 *             I += d (S2/S0 - (S1/S0)(S1/S0)')
 *   Efron:    for k = 0..d-1, with the events' sums E0, E1, E2 down-weighted by k/d:
 *             S0k = S0 - (k/d) E0, S1k = S1 - (k/d) E1, S2k = S2 - (k/d) E2;
 *             l -= log S0k;  U -= S1k/S0k;  I += S2k/S0k - (S1k/S0k)(S1k/S0k)'
 *   Both are written as K steps f = 1/K, 2/K, .., 1 over the sums A0, A1, A2 of those at risk
 *   without the tied events: S0k = A0 + f E0 (and so on), each step weighted w (Efron: K = d,
 *   w = 1; Breslow: K = 1, w = d). The steps' vector and matrix sums need only scalar sums
 *   over k, s1 = sum 1/S0k, sf = sum f/S0k, q1 = sum 1/S0k^2, qf = sum f/S0k^2,
 *   qff = sum f^2/S0k^2:
 *             U -= w (A1 s1 + E1 sf)
 *             I += w (A2 s1 + E2 sf - A1 A1' q1 - (A1 E1' + E1 A1') qf - E1 E1' qff)
 *   so a time with d tied events costs O(d + p^2), not O(d p^2) as survival's loop over k.
 * The data are walked from the last time backwards so the risk-set sums are running sums:
 * O(n p^2) per evaluation.
 * Refs:    Cox (1972); Breslow (1974); Efron, JASA 72 (1977) 557-565;
 *          Therneau & Grambsch (2000) ch. 3.
 * Matches: survival's coxfit6_iter (coxph.fit, ties = "efron" / "breslow"), weights 1,
 *          no offset, to rounding (the sums over k are in another order).
 */
double pg_cox_eval(pg_cox_work *w, const double *beta, int efron, double *u, double *imat)
{
    size_t p = w->p, pp = p * (p + 1) / 2;
    double *a = w->a, *e1 = w->a2, *cmat = w->cmat, *e2 = w->cmat2;
    double loglik = 0;
    memset(u, 0, p * sizeof *u);
    memset(imat, 0, p * p * sizeof *imat);
    for (size_t s = 0; s < w->nstrata; s++) {
        size_t lo = w->sstart[s], i = w->sstart[s + 1];
        double denom = 0;
        memset(a, 0, p * sizeof *a);
        memset(cmat, 0, pp * sizeof *cmat);
        while (i > lo) {
            /* the rows at this time: events [g0, k), censored [k, i) (events sort first) */
            double t = w->time[i - 1];
            size_t g0 = i, k;
            while (g0 > lo && w->time[g0 - 1] == t) g0--;
            for (k = g0; k < i && w->status[k]; k++) {}
            for (size_t q = k; q < i; q++) {
                const double *xq = w->x + q * p;
                double zb = 0;
                for (size_t j = 0; j < p; j++) zb += beta[j] * xq[j];
                double r = exp(zb);
                denom += r;
                add_subject(a, cmat, xq, r, p);
            }
            size_t nd = k - g0;
            i = g0;
            if (nd == 0) continue;
            double e0 = 0;
            memset(e1, 0, p * sizeof *e1);
            memset(e2, 0, pp * sizeof *e2);
            for (size_t q = g0; q < k; q++) {
                const double *xq = w->x + q * p;
                double zb = 0;
                for (size_t j = 0; j < p; j++) zb += beta[j] * xq[j];
                double r = exp(zb);
                loglik += zb;
                for (size_t j = 0; j < p; j++) u[j] += xq[j];
                e0 += r;
                add_subject(e1, e2, xq, r, p);
            }
            size_t steps = (efron && nd > 1) ? nd : 1;
            double wt = (efron && nd > 1) ? 1.0 : (double)nd;   /* weight of each step */
            double s1 = 0, sf = 0, q1 = 0, qf = 0, qff = 0, lsum = 0;
            for (size_t m = 1; m <= steps; m++) {
                double f = (double)m / (double)steps, dk = denom + f * e0, inv = 1 / dk;
                lsum += log(dk);
                s1 += inv;
                sf += f * inv;
                q1 += inv * inv;
                qf += f * inv * inv;
                qff += f * f * inv * inv;
            }
            loglik -= wt * lsum;
            for (size_t j = 0; j < p; j++) u[j] -= wt * (a[j] * s1 + e1[j] * sf);
            for (size_t j = 0; j < p; j++)
                for (size_t m = 0; m <= j; m++) {
                    size_t c = j * (j + 1) / 2 + m;
                    imat[j * p + m] += wt * (cmat[c] * s1 + e2[c] * sf - a[j] * a[m] * q1 -
                                             (a[j] * e1[m] + e1[j] * a[m]) * qf -
                                             e1[j] * e1[m] * qff);
                }
            /* the tied events join the risk set of earlier times */
            denom += e0;
            for (size_t j = 0; j < p; j++) a[j] += e1[j];
            for (size_t c = 0; c < pp; c++) cmat[c] += e2[c];
        }
    }
    for (size_t j = 0; j < p; j++)
        for (size_t m = 0; m < j; m++) imat[m * p + j] = imat[j * p + m];
    return loglik;
}

/*
 * Generalised Cholesky decomposition A = F D F' of a symmetric non-negative definite matrix,
 * with F unit lower triangular and D diagonal, pivoting in the natural order. A pivot that is
 * not finite or is below tol * max_i A_ii marks its column redundant: D = 0 and the column is
 * eliminated from the rest of the factorisation, which is what gives an aliased coefficient NA.
 * Matches: survival's cholesky2 (toler.chol = .Machine$double.eps^0.75 in coxph.control).
 */
int pg_chol_factor(double *a, size_t p, double tol)
{
    double eps = 0;
    int nonneg = 1, rank = 0;
    for (size_t i = 0; i < p; i++)
        if (a[i * p + i] > eps) eps = a[i * p + i];
    if (eps == 0) {   /* every column constant */
        for (size_t i = 0; i < p; i++)
            for (size_t j = 0; j <= i; j++) a[i * p + j] = 0;
        return 0;
    }
    eps *= tol;
    for (size_t i = 0; i < p; i++) {
        double pivot = a[i * p + i];
        if (!isfinite(pivot) || pivot < eps) {
            a[i * p + i] = 0;
            if (pivot < -8 * eps) nonneg = -1;
            for (size_t j = i + 1; j < p; j++) a[j * p + i] = 0;
            continue;
        }
        rank++;
        for (size_t j = i + 1; j < p; j++) {
            double t = a[j * p + i] / pivot;
            a[j * p + i] = t;
            a[j * p + j] -= t * t * pivot;
            for (size_t k = j + 1; k < p; k++) a[k * p + j] -= t * a[k * p + i];
        }
    }
    return rank * nonneg;
}

/* Solve F D F' y = b: forward with F, divide by D (0 where D = 0), back with F'. (chsolve2) */
void pg_chol_solve(const double *a, size_t p, double *y)
{
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < i; j++) y[i] -= y[j] * a[i * p + j];
    for (size_t i = p; i-- > 0;) {
        if (a[i * p + i] == 0) {
            y[i] = 0;
            continue;
        }
        double t = y[i] / a[i * p + i];
        for (size_t j = i + 1; j < p; j++) t -= y[j] * a[j * p + i];
        y[i] = t;
    }
}

/* Generalised inverse from the factor: column k of the inverse solves A x = e_k for each kept k;
 * rows and columns of redundant pivots are zero, as chinv2 leaves them. O(p^3) with p small.
 * work: p * p + p doubles (a copy of the factor and one column). */
void pg_chol_inverse(double *a, size_t p, double *work)
{
    double *f = work, *col = work + p * p;
    memcpy(f, a, p * p * sizeof *f);
    for (size_t k = 0; k < p; k++) {
        int kept = f[k * p + k] != 0;
        for (size_t j = 0; j < p; j++) col[j] = (j == k && kept) ? 1.0 : 0.0;
        if (kept) pg_chol_solve(f, p, col);
        for (size_t j = 0; j < p; j++) a[j * p + k] = col[j];
    }
    for (size_t j = 0; j < p; j++)   /* symmetrise against rounding */
        for (size_t k = 0; k < j; k++) {
            double v = 0.5 * (a[j * p + k] + a[k * p + j]);
            a[j * p + k] = a[k * p + j] = v;
        }
}

/* Wald-type quadratic form b' V^- b with the generalised inverse of V (survival's coxph_wtest):
 * the rank of V's factor is the test's degrees of freedom. */
double pg_chol_wtest(const double *var, const double *b, size_t p, double tol, size_t *df)
{
    double *f = pg_malloc_array(p * p + p + 1, sizeof *f);
    if (!f) return NAN;
    double *y = f + p * p;
    memcpy(f, var, p * p * sizeof *f);
    memcpy(y, b, p * sizeof *y);
    pg_chol_factor(f, p, tol);
    size_t rank = 0;
    for (size_t i = 0; i < p; i++) rank += f[i * p + i] > 0;
    pg_chol_solve(f, p, y);
    double s = 0;
    for (size_t i = 0; i < p; i++) s += b[i] * y[i];
    free(f);
    if (df) *df = rank;
    return s;
}
