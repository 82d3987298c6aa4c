/* cox_work.c -- the Cox workspace (sorted, centred, scaled copy of the frame) and the
 * Breslow/Efron log partial likelihood with its derivatives. (The generalised Cholesky that finds
 * aliased columns is src/core/linalg.c.) */
#include "cox_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { SPLIT_MIN = 1 << 16 };   /* rows in a stratum below which one walk is used */

/* Scratch of one evaluation part: u, v1, v2, a, e1 (p each), imat (p * p), cmat, e2 (packed
 * lower triangles, p (p + 1) / 2 each). */
#define PART_DOUBLES(p) (5 * (p) + (p) * (p) + (p) * ((p) + 1))

void pg_cox_work_free(pg_cox_work *w)
{
    if (!w) return;
    free(w->sstart);
    free(w->row_own);
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
    free(w->start);
    free(w->sorder);
    free(w->wt);
    free(w->off);
    memset(w, 0, sizeof *w);
}

/* One gather of the sorted rows [i0, i1): time, status and centred, scaled covariates. The
 * rows are read at random; asking for them PG_AHEAD positions early lets memory fetch
 * many at once (at 10^6 rows and more each would otherwise be a cache miss waited for in
 * turn). The two halves of the rows are independent tasks (pg_run_pair). */
typedef struct gather {
    pg_cox_work *w;
    const double *X, *time;
    const int *status;
    size_t i0, i1;
} gather;

static void gather_rows(void *v)
{
    const gather *g = v;
    pg_cox_work *w = g->w;
    size_t n = w->n, p = w->p;
    for (size_t i = g->i0; i < g->i1; i++) {
        if (i + PG_AHEAD < g->i1) {
            size_t ra = w->row[i + PG_AHEAD];
            PG_PREFETCH(g->time + ra);
            PG_PREFETCH(g->status + ra);
            for (size_t j = 0; j < p; j++) PG_PREFETCH(g->X + j * n + ra);
        }
        size_t r = w->row[i];
        w->time[i] = g->time[r];
        w->status[i] = g->status[r];
        double *xi = w->x + i * p;
        for (size_t j = 0; j < p; j++) xi[j] = (g->X[j * n + r] - w->mean[j]) * w->mult[j];
    }
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
int pg_cox_work_init(pg_cox_work *w, const pg_frame *fr, int scale_sd, int threads)
{
    memset(w, 0, sizeof *w);
    w->threads = threads;
    size_t n = pg_frame_n(fr), p = pg_frame_p(fr);
    const double *X = pg_frame_x(fr), *time = pg_frame_time(fr);
    const int *status = pg_frame_status(fr);
    const size_t *strata = pg_frame_strata(fr);
    size_t nstrata = pg_frame_nstrata(fr);
    if (nstrata == 0) nstrata = 1;
    w->n = n;
    w->p = p;
    w->nstrata = nstrata;
    w->split_min = SPLIT_MIN;
    w->sstart = pg_calloc_array(nstrata + 1, sizeof *w->sstart);
    /* one stratum: its order is the frame's (8 bytes a row fewer at the peak of a fit) */
    if (nstrata > 1) w->row = w->row_own = pg_malloc_array(n ? n : 1, sizeof *w->row_own);
    else w->row = pg_frame_time_order(fr);
    w->time = pg_malloc_array(n ? n : 1, sizeof *w->time);
    w->status = pg_malloc_array(n ? n : 1, sizeof *w->status);
    w->x = pg_malloc_array((n && p) ? n * p : 1, sizeof *w->x);
    w->mean = pg_calloc_array(p ? p : 1, sizeof *w->mean);
    w->mult = pg_malloc_array(p ? p : 1, sizeof *w->mult);
    w->centred = pg_calloc_array(p ? p : 1, sizeof *w->centred);
    /* two evaluation parts (pg_cox_eval): PART_DOUBLES(p) each */
    w->a = pg_calloc_array(2 * PART_DOUBLES(p) + 1, sizeof *w->a);
    if (!w->sstart || (nstrata > 1 && !w->row_own) || !w->time || !w->status || !w->x || !w->mean || !w->mult ||
        !w->centred || !w->a)
        goto nomem;

    if (nstrata > 1 && pg_order_by_key(n, pg_frame_time_order(fr), strata, nstrata, w->row_own))
        goto nomem;
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
    gather g0 = {w, X, time, status, 0, n / 2}, g1 = {w, X, time, status, n / 2, n};
    pg_run_pair(gather_rows, &g0, gather_rows, &g1, n, threads);
    if ((pg_frame_entry(fr) || pg_frame_weights(fr) || pg_frame_offset(fr)) &&
        pg_cox_work_counting(w, fr))
        goto nomem;
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
/* Small, hot helpers are inlined into the walk, where p is often a constant (walk_part). */
#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

HOT void add_subject(double *sa, double *sc, const double *x, double r, size_t p)
{
    for (size_t j = 0; j < p; j++) {
        double rx = r * x[j];
        sa[j] += rx;
        double *row = sc + j * (j + 1) / 2;
        for (size_t k = 0; k <= j; k++) row[k] += rx * x[k];
    }
}

/* One backward walk over the sorted rows [lo, hi) of a stratum: adds its log likelihood,
 * score and information (lower triangle) to pt. `offset` is the sum of r_i over the stratum's
 * rows after hi (0 when the walk starts at the stratum's end); the risk-set vector and matrix
 * sums it leaves out are added afterwards from s1acc, q1acc, v1 and v2 (pg_cox_eval). */
typedef struct part {
    const pg_cox_work *w;
    const double *beta;
    int efron;
    size_t lo, hi, upper_lo, upper_hi;   /* upper_*: rows whose r_i make the offset */
    double loglik, s1acc, q1acc;
    double *u, *v1, *v2, *a, *e1, *imat, *cmat, *e2;
} part;

static void part_init(part *pt, pg_cox_work *w, double *mem)
{
    size_t p = w->p, pp = p * (p + 1) / 2;
    memset(pt, 0, sizeof *pt);
    pt->w = w;
    pt->u = mem;
    pt->v1 = pt->u + p;
    pt->v2 = pt->v1 + p;
    pt->a = pt->v2 + p;
    pt->e1 = pt->a + p;
    pt->imat = pt->e1 + p;
    pt->cmat = pt->imat + p * p;
    pt->e2 = pt->cmat + pp;
    memset(mem, 0, PART_DOUBLES(p) * sizeof *mem);
}

HOT double risk_score(const double *beta, const double *x, size_t p)
{
    double zb = 0;
    for (size_t j = 0; j < p; j++) zb += beta[j] * x[j];
    return zb;
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
 * This is the walk over the rows [pt->lo, pt->hi); pg_cox_eval puts the walks together.
 */
HOT void walk_rows(part *pt, size_t p)
{
    const pg_cox_work *w = pt->w;
    const double *beta = pt->beta;
    size_t pp = p * (p + 1) / 2, lo = pt->lo, i = pt->hi;
    double *a = pt->a, *e1 = pt->e1, *cmat = pt->cmat, *e2 = pt->e2, *u = pt->u;
    double offset = 0, denom = 0, loglik = 0;
    for (size_t q = pt->upper_hi; q-- > pt->upper_lo;)
        offset += exp(risk_score(beta, w->x + q * p, p));
    pt->s1acc = pt->q1acc = 0;
    memset(pt->v1, 0, 2 * p * sizeof *pt->v1);
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
            double r = exp(risk_score(beta, xq, p));
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
            double zb = risk_score(beta, xq, p), r = exp(zb);
            loglik += zb;
            for (size_t j = 0; j < p; j++) u[j] += xq[j];
            e0 += r;
            add_subject(e1, e2, xq, r, p);
        }
        size_t steps = (pt->efron && nd > 1) ? nd : 1;
        double wt = (pt->efron && nd > 1) ? 1.0 : (double)nd;   /* weight of each step */
        double s1 = 0, sf = 0, q1 = 0, qf = 0, qff = 0, lsum = 0;
        for (size_t m = 1; m <= steps; m++) {
            double f = (double)m / (double)steps, dk = offset + denom + f * e0, inv = 1 / dk;
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
                pt->imat[j * p + m] += wt * (cmat[c] * s1 + e2[c] * sf - a[j] * a[m] * q1 -
                                             (a[j] * e1[m] + e1[j] * a[m]) * qf -
                                             e1[j] * e1[m] * qff);
            }
        /* for the rows after hi, left out of a and cmat (split_eval) */
        pt->s1acc += wt * s1;
        pt->q1acc += wt * q1;
        for (size_t j = 0; j < p; j++) {
            pt->v1[j] += wt * q1 * a[j];
            pt->v2[j] += wt * qf * e1[j];
        }
        /* the tied events join the risk set of earlier times */
        denom += e0;
        for (size_t j = 0; j < p; j++) a[j] += e1[j];
        for (size_t c = 0; c < pp; c++) cmat[c] += e2[c];
    }
    pt->loglik += loglik;
}

/* The walk with the number of covariates as a constant for the common small models, so that
 * the compiler unrolls the per-row loops (at p = 6 and 10^6 rows, four evaluations in one
 * thread: 0.28 s -> 0.24 s). */
static void walk_part(void *v)
{
    part *pt = v;
    switch (pt->w->p) {
    case 1: walk_rows(pt, 1); break;
    case 2: walk_rows(pt, 2); break;
    case 3: walk_rows(pt, 3); break;
    case 4: walk_rows(pt, 4); break;
    case 5: walk_rows(pt, 5); break;
    case 6: walk_rows(pt, 6); break;
    case 7: walk_rows(pt, 7); break;
    case 8: walk_rows(pt, 8); break;
    default: walk_rows(pt, pt->w->p); break;
    }
}

/*
 * A large stratum in two parts that may run at once (pg_run_pair): the upper part walks the
 * rows [m, hi) as usual; the lower part walks [lo, m) with only the scalar S0 of the upper
 * rows added to its denominators (it sums their r_i itself first: about a third of the cost of
 * walking them). The lower part's vector and matrix sums then lack the upper rows' S1 and S2,
 * A1 = a + S1u, A2 = c + S2u; every term they enter is linear in them, so with the lower
 * walk's  s1acc = sum w s1,  q1acc = sum w q1,  v1 = sum w q1 a,  v2 = sum w qf E1:
 *   U += -S1u s1acc
 *   I += S2u s1acc - (v1 S1u' + S1u v1') - S1u S1u' q1acc - (S1u v2' + v2 S1u')
 * m is put at a time boundary near 40% of the stratum, which balances the two parts' work.
 * The result differs from one walk only by rounding, and does not depend on whether the two
 * parts ran in one thread or two.
 */

static size_t split_point(const pg_cox_work *w, size_t lo, size_t hi)
{
    if (hi - lo < w->split_min || hi - lo < 2) return lo;
    size_t m = lo + (size_t)(0.4 * (double)(hi - lo));
    while (m < hi && w->time[m] == w->time[m - 1]) m++;
    return m < hi ? m : lo;
}

double pg_cox_eval(pg_cox_work *w, const double *beta, int efron, double *u, double *imat)
{
    if (w->start) return pg_cox_ag_eval(w, beta, efron, u, imat);
    size_t p = w->p;
    part lower, upper;
    part_init(&lower, w, w->a);
    part_init(&upper, w, w->a + PART_DOUBLES(p));
    lower.beta = upper.beta = beta;
    lower.efron = upper.efron = efron;
    for (size_t s = 0; s < w->nstrata; s++) {
        size_t lo = w->sstart[s], hi = w->sstart[s + 1], m = split_point(w, lo, hi);
        if (m == lo) {   /* one walk */
            lower.lo = lo;
            lower.hi = hi;
            lower.upper_lo = lower.upper_hi = 0;
            walk_part(&lower);
            continue;
        }
        lower.lo = lo;
        lower.hi = m;
        lower.upper_lo = m;
        lower.upper_hi = hi;
        upper.lo = m;
        upper.hi = hi;
        upper.upper_lo = upper.upper_hi = 0;
        upper.loglik = 0;
        memset(upper.u, 0, p * sizeof *upper.u);
        memset(upper.imat, 0, p * p * sizeof *upper.imat);
        pg_run_pair(walk_part, &lower, walk_part, &upper, hi - lo, w->threads);
        /* upper.a, upper.cmat: S1 and S2 of the upper rows */
        const double *s1u = upper.a, *s2u = upper.cmat;
        lower.loglik += upper.loglik;
        for (size_t j = 0; j < p; j++) lower.u[j] += upper.u[j] - s1u[j] * lower.s1acc;
        for (size_t j = 0; j < p; j++)
            for (size_t k = 0; k <= j; k++)
                lower.imat[j * p + k] +=
                    upper.imat[j * p + k] + s2u[j * (j + 1) / 2 + k] * lower.s1acc -
                    (lower.v1[j] * s1u[k] + s1u[j] * lower.v1[k]) - s1u[j] * s1u[k] * lower.q1acc -
                    (s1u[j] * lower.v2[k] + lower.v2[j] * s1u[k]);
    }
    memcpy(u, lower.u, p * sizeof *u);
    for (size_t j = 0; j < p; j++)
        for (size_t k = 0; k <= j; k++) imat[j * p + k] = imat[k * p + j] = lower.imat[j * p + k];
    return lower.loglik;
}
