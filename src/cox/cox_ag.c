/* cox_ag.c -- the Cox partial likelihood on counting-process data (start, stop] (R's agreg:
 * survival's agfit4.c and agscore3.c): the risk set at an event time t is every row of the
 * stratum with start < t <= stop, so a subject may enter late (left truncation) and may be
 * split into several rows (time-varying covariates). Case weights w_i enter as in coxph: the
 * risk score of a row is w_i exp(x_i'b). */
#include "cox_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const size_t *pg_cox_robust_clusters(const pg_frame *fr, size_t *ng)
{
    if (pg_frame_cluster(fr)) {
        *ng = pg_frame_nclusters(fr);
        return pg_frame_cluster(fr);
    }
    if (pg_frame_id(fr)) {
        *ng = pg_frame_nid(fr);
        return pg_frame_id(fr);
    }
    *ng = pg_frame_n(fr);
    return NULL;
}

int pg_cox_id_repeats_events(const pg_frame *fr)
{
    const size_t *id = pg_frame_id(fr);
    if (!id) return 0;
    size_t n = pg_frame_n(fr), nid = pg_frame_nid(fr);
    const int *status = pg_frame_status(fr);
    unsigned char *seen = calloc(nid ? nid : 1, 1);
    int rep = 0;
    if (!seen) return 1;   /* out of memory: the robust variance is then the safe side */
    for (size_t i = 0; i < n && !rep; i++) {
        if (!status[i]) continue;
        rep = seen[id[i]];
        seen[id[i]] = 1;
    }
    free(seen);
    return rep;
}

int pg_cox_weights_fractional(const pg_frame *fr)
{
    const double *wt = pg_frame_weights(fr);
    for (size_t i = 0; wt && i < pg_frame_n(fr); i++)
        if (wt[i] != floor(wt[i])) return 1;
    return 0;
}

/* qsort context-free comparison of sorted positions by start time, then position. */
typedef struct spos {
    double start;
    size_t pos;
} spos;

static int cmp_spos(const void *pa, const void *pb)
{
    const spos *a = pa, *b = pb;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* coxph.fit (coxfit6) centres a weighted fit by the weighted means; agreg.fit (counting
 * data) by the plain ones, as pg_cox_work_init already did. The sorted x are shifted to match. */
static void weighted_means(pg_cox_work *w, const pg_frame *fr)
{
    size_t n = w->n, p = w->p;
    const double *X = pg_frame_x(fr), *wt = pg_frame_weights(fr);
    double sw = 0;
    for (size_t i = 0; i < n; i++) sw += wt[i];
    for (size_t j = 0; j < p; j++) {
        if (!w->centred[j] || !(sw > 0)) continue;
        double s = 0;
        for (size_t i = 0; i < n; i++) s += wt[i] * X[j * n + i];
        double m = s / sw, shift = (m - w->mean[j]) * w->mult[j];
        for (size_t i = 0; i < n; i++) w->x[i * p + j] -= shift;
        w->mean[j] = m;
    }
}

/* The risk sets of cox_ag.c serve right-censored data with case weights or an offset too:
 * every row then enters at -Inf. */
int pg_cox_work_counting(pg_cox_work *w, const pg_frame *fr)
{
    size_t n = w->n;
    const double *entry = pg_frame_entry(fr), *wt = pg_frame_weights(fr);
    const double *off = pg_frame_offset(fr);
    w->start = malloc((n ? n : 1) * sizeof *w->start);
    w->sorder = malloc((n ? n : 1) * sizeof *w->sorder);
    if (wt) w->wt = malloc((n ? n : 1) * sizeof *w->wt);
    if (off) w->off = malloc((n ? n : 1) * sizeof *w->off);
    spos *v = malloc((n ? n : 1) * sizeof *v);
    if (!w->start || !w->sorder || !v || (wt && !w->wt) || (off && !w->off)) {
        free(v);
        return PG_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        w->start[i] = entry ? entry[w->row[i]] : -INFINITY;
        if (wt) w->wt[i] = wt[w->row[i]];
        if (off) w->off[i] = off[w->row[i]];
        v[i] = (spos){w->start[i], i};
    }
    if (wt && !entry) weighted_means(w, fr);
    for (size_t s = 0; s < w->nstrata; s++) {
        size_t lo = w->sstart[s], hi = w->sstart[s + 1];
        qsort(v + lo, hi - lo, sizeof *v, cmp_spos);
        for (size_t i = lo; i < hi; i++) w->sorder[i] = v[i].pos;
    }
    free(v);
    return PG_OK;
}

/* The weight of sorted row i (1 without case weights). */
static double row_weight(const pg_cox_work *w, size_t i)
{
    return w->wt ? w->wt[i] : 1.0;
}

/* One row of sorted position q joins (sign = 1) or leaves (sign = -1) the risk-set sums
 * s0, s1 (p) and s2 (packed lower triangle, entry (j, k <= j) at j(j+1)/2 + k). */
static void ag_move(const pg_cox_work *w, const double *r, size_t q, double sign, double *s0,
                    double *s1, double *s2)
{
    size_t p = w->p;
    const double *x = w->x + q * p;
    double rq = sign * r[q];
    *s0 += rq;
    for (size_t j = 0; j < p; j++) {
        double rx = rq * x[j];
        s1[j] += rx;
        double *row = s2 + j * (j + 1) / 2;
        for (size_t k = 0; k <= j; k++) row[k] += rx * x[k];
    }
}

/* The linear predictor of sorted row i (scaled units), with its offset. */
static double ag_eta(const pg_cox_work *w, const double *beta, size_t i)
{
    double zb = w->off ? w->off[i] : 0;
    for (size_t j = 0; j < w->p; j++) zb += beta[j] * w->x[i * w->p + j];
    return zb;
}

/* Risk scores r_i = w_i exp(x_i'b) in sorted order. */
static void ag_scores(const pg_cox_work *w, const double *beta, double *r)
{
    for (size_t i = 0; i < w->n; i++) r[i] = row_weight(w, i) * exp(ag_eta(w, beta, i));
}

/* A stratum's event times are walked from the last backwards; ag_walk keeps the risk set:
 * rows join when t <= their stop time (the stop-sorted rows, from the end), and leave once
 * t <= their start time (w->sorder: the stratum's rows by start time, walked from the end). */
typedef struct ag_walk {
    size_t lo, i, j;        /* next stop-sorted row to join: i - 1; next to leave: sorder[j-1] */
    size_t nrisk;
} ag_walk;

static void walk_to(const pg_cox_work *w, ag_walk *wk, double t, const double *r, double *s0,
                    double *s1, double *s2)
{
    while (wk->i > wk->lo && w->time[wk->i - 1] >= t) {
        ag_move(w, r, --wk->i, 1, s0, s1, s2);
        wk->nrisk++;
    }
    while (wk->j > wk->lo && w->start[w->sorder[wk->j - 1]] >= t) {
        ag_move(w, r, w->sorder[--wk->j], -1, s0, s1, s2);
        wk->nrisk--;
    }
    if (wk->nrisk == 0) {   /* an empty risk set: drop the rounding the subtractions left */
        size_t p = w->p;
        *s0 = 0;
        memset(s1, 0, p * sizeof *s1);
        memset(s2, 0, p * (p + 1) / 2 * sizeof *s2);
    }
}

/*
 * Log partial likelihood, score and information on (start, stop] data.
 *   At an event time t of a stratum, with R(t) = {i: start_i < t <= stop_i}, D(t) the events at
 *   t (d of them, weights w_i, mean weight wbar = sum_D w_i / d), r_i = w_i exp(x_i'b) and
 *   S0, S1, S2 the sums of r_i, r_i x_i, r_i x_i x_i' over R(t), E0, E1, E2 those over D(t):
 *     l += sum_D w_i x_i'b,  U += sum_D w_i x_i, and for k = 0 .. K-1
 *     (Efron: K = d, f = k/d, c = wbar; Breslow: K = 1, f = 0, c = sum_D w_i):
 *       S0k = S0 - f E0, S1k, S2k alike;  l -= c log S0k;  U -= c S1k/S0k;
 *       I += c (S2k/S0k - (S1k/S0k)(S1k/S0k)').
 *   The risk-set sums are kept by adding rows as t passes their stop time and removing them
 *   as it passes their start time (the walk backwards over time): O(n p^2) per evaluation.
 * Refs:    Andersen & Gill, Ann. Statist. 10 (1982) 1100-1120; Efron, JASA 72 (1977) 557-565;
 *          Therneau & Grambsch (2000) sec. 3.7.
 * Matches: survival's agfit4 (coxph on Surv(start, stop, event), ties "efron" / "breslow",
 *          weights), to rounding.
 */
double pg_cox_ag_eval(pg_cox_work *w, const double *beta, int efron, double *u, double *imat)
{
    size_t n = w->n, p = w->p, pp = p * (p + 1) / 2;
    double *r = malloc((n ? n : 1) * sizeof *r);
    double *buf = calloc(2 * p + 2 * pp + 2 * p + 1, sizeof *buf);
    if (!r || !buf) {
        free(r);
        free(buf);
        return NAN;
    }
    double *s1 = buf, *s2 = s1 + p, *e1 = s2 + pp, *e2 = e1 + p, *m = e2 + pp;
    ag_scores(w, beta, r);
    double loglik = 0;
    memset(u, 0, p * sizeof *u);
    memset(imat, 0, p * p * sizeof *imat);
    for (size_t s = 0; s < w->nstrata; s++) {
        size_t lo = w->sstart[s], hi = w->sstart[s + 1], i = hi;
        ag_walk wk = {lo, hi, hi, 0};
        double s0 = 0;
        memset(s1, 0, p * sizeof *s1);
        memset(s2, 0, pp * sizeof *s2);
        while (i > lo) {
            double t = w->time[i - 1];
            size_t g0 = i, k;
            while (g0 > lo && w->time[g0 - 1] == t) g0--;
            for (k = g0; k < i && w->status[k]; k++) {}
            i = g0;
            size_t nd = k - g0;
            if (nd == 0) continue;
            walk_to(w, &wk, t, r, &s0, s1, s2);
            double e0 = 0, wsum = 0;
            memset(e1, 0, p * sizeof *e1);
            memset(e2, 0, pp * sizeof *e2);
            for (size_t q = g0; q < k; q++) {
                double wq = row_weight(w, q);
                const double *xq = w->x + q * p;
                wsum += wq;
                loglik += wq * ag_eta(w, beta, q);
                for (size_t j = 0; j < p; j++) u[j] += wq * xq[j];
                ag_move(w, r, q, 1, &e0, e1, e2);
            }
            size_t steps = efron ? nd : 1;
            double c = efron ? wsum / (double)nd : wsum;
            for (size_t st = 0; st < steps; st++) {
                double f = (double)st / (double)nd, d0 = s0 - f * e0;
                loglik -= c * log(d0);
                for (size_t j = 0; j < p; j++) {
                    m[j] = (s1[j] - f * e1[j]) / d0;
                    u[j] -= c * m[j];
                }
                for (size_t j = 0; j < p; j++)
                    for (size_t q = 0; q <= j; q++) {
                        size_t cc = j * (j + 1) / 2 + q;
                        imat[j * p + q] += c * ((s2[cc] - f * e2[cc]) / d0 - m[j] * m[q]);
                    }
            }
        }
    }
    for (size_t j = 0; j < p; j++)
        for (size_t q = 0; q < j; q++) imat[q * p + j] = imat[j * p + q];
    free(r);
    free(buf);
    return loglik;
}

/* Binary search: the number of event times in ev[0 .. m) that are <= t (strictly < t when
 * strict). */
static size_t count_le(const double *ev, size_t m, double t, int strict)
{
    size_t a = 0, b = m;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (strict ? ev[mid] < t : ev[mid] <= t) a = mid + 1;
        else b = mid;
    }
    return a;
}

/* One stratum's event times (ascending) and, per time, the at-risk hazard terms (HA, MA) and
 * the event terms (HD, MD, XD) of the score residuals; CH, CM their cumulative sums. */
typedef struct ag_terms {
    size_t m;
    double *ev, *HA, *HD, *MA, *MD, *XD, *CH, *CM;
} ag_terms;

static void ag_terms_free(ag_terms *tm)
{
    free(tm->ev);
    free(tm->HA);
    free(tm->HD);
    free(tm->CH);
    free(tm->MA);
    free(tm->MD);
    free(tm->XD);
    free(tm->CM);
}

/* Room for the terms of a stratum of up to n rows. PG_OK or PG_ENOMEM (tm then freed). */
static int ag_terms_alloc(ag_terms *tm, size_t n, size_t p)
{
    size_t cap = n ? n : 1, pc = p ? p : 1;
    memset(tm, 0, sizeof *tm);
    tm->ev = malloc(cap * sizeof *tm->ev);
    tm->HA = malloc(cap * sizeof *tm->HA);
    tm->HD = malloc(cap * sizeof *tm->HD);
    tm->CH = malloc((cap + 1) * sizeof *tm->CH);
    tm->MA = malloc(cap * pc * sizeof *tm->MA);
    tm->MD = malloc(cap * pc * sizeof *tm->MD);
    tm->XD = malloc(cap * pc * sizeof *tm->XD);
    tm->CM = malloc((cap + 1) * pc * sizeof *tm->CM);
    if (tm->ev && tm->HA && tm->HD && tm->CH && tm->MA && tm->MD && tm->XD && tm->CM)
        return PG_OK;
    ag_terms_free(tm);
    memset(tm, 0, sizeof *tm);
    return PG_ENOMEM;
}

/* Fill the terms of stratum [lo, hi) (sums as in pg_cox_ag_eval; the times are found walking
 * backwards, so they are stored from the end and shifted to the front at the end). */
static void ag_stratum_terms(const pg_cox_work *w, const double *r, int efron, size_t lo,
                             size_t hi, ag_terms *tm, double *s1, double *s2, double *e1,
                             double *mk)
{
    size_t p = w->p, pp = p * (p + 1) / 2, cap = tm->m, m = cap;
    ag_walk wk = {lo, hi, hi, 0};
    double s0 = 0;
    memset(s1, 0, p * sizeof *s1);
    memset(s2, 0, pp * sizeof *s2);
    for (size_t i = hi; i > lo;) {
        double t = w->time[i - 1];
        size_t g0 = i, k;
        while (g0 > lo && w->time[g0 - 1] == t) g0--;
        for (k = g0; k < i && w->status[k]; k++) {}
        i = g0;
        size_t nd = k - g0;
        if (nd == 0) continue;
        walk_to(w, &wk, t, r, &s0, s1, s2);
        double e0 = 0, wsum = 0;
        memset(e1, 0, p * sizeof *e1);
        for (size_t q = g0; q < k; q++) {
            wsum += row_weight(w, q);
            e0 += r[q];
            for (size_t j = 0; j < p; j++) e1[j] += r[q] * w->x[q * p + j];
        }
        m--;
        tm->ev[m] = t;
        double *MA = tm->MA + m * p, *MD = tm->MD + m * p, *XD = tm->XD + m * p;
        tm->HA[m] = tm->HD[m] = 0;
        memset(MA, 0, p * sizeof *MA);
        memset(MD, 0, p * sizeof *MD);
        memset(XD, 0, p * sizeof *XD);
        size_t steps = efron ? nd : 1;
        double c = efron ? wsum / (double)nd : wsum;
        for (size_t st = 0; st < steps; st++) {
            double f = (double)st / (double)nd, d0 = s0 - f * e0, h = c / d0;
            for (size_t j = 0; j < p; j++) mk[j] = (s1[j] - f * e1[j]) / d0;
            tm->HA[m] += h;
            tm->HD[m] += h * (1 - f);
            for (size_t j = 0; j < p; j++) {
                MA[j] += h * mk[j];
                MD[j] += h * (1 - f) * mk[j];
                XD[j] += mk[j] / (double)steps;
            }
        }
    }
    /* shift the m used entries to the front */
    size_t used = cap - m;
    memmove(tm->ev, tm->ev + m, used * sizeof *tm->ev);
    memmove(tm->HA, tm->HA + m, used * sizeof *tm->HA);
    memmove(tm->HD, tm->HD + m, used * sizeof *tm->HD);
    memmove(tm->MA, tm->MA + m * p, used * p * sizeof *tm->MA);
    memmove(tm->MD, tm->MD + m * p, used * p * sizeof *tm->MD);
    memmove(tm->XD, tm->XD + m * p, used * p * sizeof *tm->XD);
    tm->m = used;
    tm->CH[0] = 0;
    memset(tm->CM, 0, p * sizeof *tm->CM);
    for (size_t e = 0; e < used; e++) {
        tm->CH[e + 1] = tm->CH[e] + tm->HA[e];
        for (size_t j = 0; j < p; j++) tm->CM[(e + 1) * p + j] = tm->CM[e * p + j] + tm->MA[e * p + j];
    }
}

/*
 * Score residuals on (start, stop] data, per row i and covariate j (unweighted: coxph
 * multiplies them by the case weight for the robust variance):
 *   U_ij = sum over the event times t of its stratum with start_i < t <= stop_i of
 *          dN_i(t) (x_ij - xbar_j(t)) - r_i (x_ij - xbar_j(t)) dLambda(t),
 * with Efron's steps at tied times as in cox_robust.c (h_k = c / S0k, m_k = S1k / S0k): a row
 * at risk but not an event at t gets -r_i sum_k h_k (x_i - m_k), an event at t
 *   sum_k (x_i - m_k) / d - r_i sum_k h_k (1 - k/d) (x_i - m_k).
 * The at-risk terms are summed over the row's event times through cumulative sums over the
 * stratum's event times (two binary searches per row), the event term replaces the at-risk
 * one at the row's own stop time: O(n (p + log n)) after the O(n p^2) pass.
 * Matches: survival's agscore3 (residuals.coxph(type = "score") on counting data).
 */
int pg_cox_ag_score_resid(const pg_cox_work *w, const double *beta, int efron, double *U)
{
    size_t n = w->n, p = w->p, pp = p * (p + 1) / 2;
    size_t cap = n ? n : 1;
    double *r = malloc(cap * sizeof *r);
    double *buf = calloc(3 * p + pp + 1, sizeof *buf);
    ag_terms tm;
    int rc = PG_ENOMEM;
    if (ag_terms_alloc(&tm, n, p) || !r || !buf) goto done;
    double *s1 = buf, *e1 = s1 + p, *mk = e1 + p, *s2 = mk + p;
    ag_scores(w, beta, r);
    for (size_t s = 0; s < w->nstrata; s++) {
        size_t lo = w->sstart[s], hi = w->sstart[s + 1];
        tm.m = cap;
        ag_stratum_terms(w, r, efron, lo, hi, &tm, s1, s2, e1, mk);
        for (size_t i = lo; i < hi; i++) {
            const double *xi = w->x + i * p;
            double *ui = U + i * p, ri = r[i] / row_weight(w, i);   /* exp(x_i'b): unweighted */
            size_t a = count_le(tm.ev, tm.m, w->start[i], 0);   /* times <= start */
            size_t b = count_le(tm.ev, tm.m, w->time[i], 0);    /* times <= stop */
            double H = b > a ? tm.CH[b] - tm.CH[a] : 0;
            for (size_t j = 0; j < p; j++) {
                double M = b > a ? tm.CM[b * p + j] - tm.CM[a * p + j] : 0;
                ui[j] = -ri * (xi[j] * H - M);
            }
            if (!w->status[i] || b == 0 || b <= a || tm.ev[b - 1] != w->time[i]) continue;
            size_t e = b - 1;   /* the row's own event time */
            for (size_t j = 0; j < p; j++)
                ui[j] += ri * (xi[j] * tm.HA[e] - tm.MA[e * p + j]) + (xi[j] - tm.XD[e * p + j]) -
                         ri * (xi[j] * tm.HD[e] - tm.MD[e * p + j]);
        }
    }
    rc = PG_OK;
done:
    free(r);
    free(buf);
    ag_terms_free(&tm);
    return rc;
}

/*
 * Martingale residuals and Schoenfeld residuals on (start, stop] data, from the same terms as
 * the score residuals (ag_stratum_terms):
 *   martingale  M_i = delta_i - exp(x_i'b) H_i, H_i the hazard increments of the event times
 *               in (start_i, stop_i] (at the row's own event time, Efron's sum_k h_k (1 - k/d)),
 *   Schoenfeld  x_i - xbar(t_i) for an event row, xbar the mean Efron uses for the events at t_i
 *               (sum_k m_k / d; Breslow's S1/S0).
 * In the sorted order; mart (n) and sch (n x p row-major, events only) may each be NULL.
 * Matches: survival's agmart3 and coxscho (residuals.coxph, type "martingale", "schoenfeld").
 */
int pg_cox_ag_resid(const pg_cox_work *w, const double *beta, int efron, double *mart,
                    double *sch)
{
    size_t n = w->n, p = w->p, pp = p * (p + 1) / 2, cap = n ? n : 1;
    double *r = malloc(cap * sizeof *r), *buf = calloc(3 * p + pp + 1, sizeof *buf);
    ag_terms tm;
    int rc = PG_ENOMEM;
    if (ag_terms_alloc(&tm, n, p) || !r || !buf) goto done;
    double *s1 = buf, *e1 = s1 + p, *mk = e1 + p, *s2 = mk + p;
    ag_scores(w, beta, r);
    for (size_t s = 0; s < w->nstrata; s++) {
        size_t lo = w->sstart[s], hi = w->sstart[s + 1];
        tm.m = cap;
        ag_stratum_terms(w, r, efron, lo, hi, &tm, s1, s2, e1, mk);
        for (size_t i = lo; i < hi; i++) {
            double ri = r[i] / row_weight(w, i);
            size_t a = count_le(tm.ev, tm.m, w->start[i], 0);
            size_t b = count_le(tm.ev, tm.m, w->time[i], 0);
            double H = b > a ? tm.CH[b] - tm.CH[a] : 0;
            int own = w->status[i] && b > a && tm.ev[b - 1] == w->time[i];
            if (own) H += tm.HD[b - 1] - tm.HA[b - 1];
            if (mart) mart[i] = w->status[i] - ri * H;
            if (sch && own)
                for (size_t j = 0; j < p; j++)
                    sch[i * p + j] = w->x[i * p + j] - tm.XD[(b - 1) * p + j];
        }
    }
    rc = PG_OK;
done:
    free(r);
    free(buf);
    ag_terms_free(&tm);
    return rc;
}
