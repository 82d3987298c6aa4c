/* cif_aj.c -- the cumulative incidence as survfit's multi-state Aalen-Johansen estimate, for
 * delayed entry (Surv(start, stop, event)), case weights and subjects with several rows, with
 * the infinitesimal-jackknife (IJ) standard error.
 *
 * Competing risks are the multi-state model with one transient state 0 (event-free) and one
 * absorbing state per cause k = 1..K. At each distinct stop time t of the group, with
 *   n   = sum of the weights of the rows at risk, start < t <= stop (an entry at t is not at
 *         risk at t: R's rule),
 *   d_k = sum of the weights of the rows ending at t with cause k, d = sum_k d_k,
 * the state probabilities p = (S, F_1..F_K) move by the transition matrix T(t),
 *   S(t) = S(t-) (1 - d/n),   F_k(t) = F_k(t-) + S(t-) d_k / n        (Aalen & Johansen [1]).
 * The IJ influence of subject i (all its rows, each of weight w) on p is the derivative of p
 * with respect to the subject's weight, times that weight: U_i(t) = U_i(t-) T(t) + w p(t-)
 * dT(t)/dw, i.e. first, for every subject,
 *   U_i0 <- U_i0 (1 - d/n),   U_ik <- U_ik + U_i0 d_k / n,
 * then for a subject with weight w at risk at t (the hazard d_k/n loses w d_k / n^2)
 *   U_i0 += w S(t-) d / n^2,   U_ik -= w S(t-) d_k / n^2,
 * and for a row of weight w ending at t with cause k
 *   U_i0 -= w S(t-) / n,       U_ik += w S(t-) / n,
 * and std_err of F_k(t) = sqrt(sum_i U_ik(t)^2) [2, 3]. Without an id each row is a subject;
 * with one, the rows of a subject add into one U_i (survfit's id =, the influence summed
 * within subject). A subject is 0 until it first enters, so only subjects already seen are
 * updated: O(subjects x K) per event time, as survfit's own loop.
 * On right-censored unweighted data the estimate is cuminc's; the IJ variance is not Gray's.
 * Matches: survival::survfit(Surv(start, stop, factor(status)) ~ g, weights = w, id = id)
 *          pstate, std.err, lower/upper (survfit_confint on pstate, logse = FALSE); n.risk and
 *          n.event as weighted sums (survival >= 3.6; 3.5 printed unweighted counts).
 * Refs: [1] Aalen & Johansen, Scand J Stat 5 (1978) 141-150; [2] Efron, The Jackknife, the
 *       Bootstrap and Other Resampling Plans (1982) ch. 6 (the infinitesimal jackknife);
 *       [3] Therneau, survival package vignette "Multi-state models and competing risks" and
 *       its methods document (survfitci.c, survfitaj.c: the same recursion, read to
 *       understand it; the code here is our own).
 */
#include "internal.h"
#include "prognos/cif.h"
#include "cif_impl.h"
#include "conf.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct by_entry {
    double start;
    size_t row;
} by_entry;

static int cmp_entry(const void *pa, const void *pb)
{
    const by_entry *a = pa, *b = pb;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

struct pg_cif_aj_ws {
    size_t K, nsub;        /* causes; subjects of the whole frame (ids, or rows) */
    size_t *loc;           /* nsub: local index of a subject in the current group, SIZE_MAX */
    size_t *who;           /* local subjects in the order they first entered */
    by_entry *ent;         /* the group's rows by start time */
    double *U;             /* (K + 1) per local subject */
    double *wg;            /* weight at risk now, per local subject */
    double *p, *d, *se, *km;   /* K + 1, K + 1, K + 1, K + 1 */
};

void pg_cif_aj_ws_free(pg_cif_aj_ws *w)
{
    if (!w) return;
    free(w->loc);
    free(w->who);
    free(w->ent);
    free(w->U);
    free(w->wg);
    free(w->p);
    free(w->d);
    free(w->se);
    free(w->km);
    free(w);
}

pg_cif_aj_ws *pg_cif_aj_ws_new(const pg_frame *fr, size_t K)
{
    size_t n = pg_frame_n(fr), nsub = pg_frame_id(fr) ? pg_frame_nid(fr) : n, m = n ? n : 1;
    pg_cif_aj_ws *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->K = K;
    w->nsub = nsub;
    w->loc = pg_malloc_array(nsub ? nsub : 1, sizeof *w->loc);
    w->who = pg_malloc_array(m, sizeof *w->who);
    w->ent = pg_malloc_array(m, sizeof *w->ent);
    w->U = pg_malloc_array(m, (K + 1) * sizeof *w->U);
    w->wg = pg_malloc_array(m, sizeof *w->wg);
    w->p = pg_malloc_array(K + 1, sizeof *w->p);
    w->d = pg_malloc_array(K + 1, sizeof *w->d);
    w->se = pg_malloc_array(K + 1, sizeof *w->se);
    w->km = pg_malloc_array(K + 1, sizeof *w->km);
    if (!w->loc || !w->who || !w->ent || !w->U || !w->wg || !w->p || !w->d || !w->se || !w->km) {
        pg_cif_aj_ws_free(w);
        return NULL;
    }
    for (size_t s = 0; s < nsub; s++) w->loc[s] = SIZE_MAX;
    return w;
}

/* One group's walk: read-only inputs and the running state. */
typedef struct walk {
    pg_cif *cif;
    pg_cif_aj_ws *w;
    size_t g, nact, q;       /* group; subjects seen; next chosen time */
    double z, n_risk, tmax;
    const double *time, *entry, *wt;
    const int *cause;
    const size_t *id;
} walk;

static double row_w(const walk *x, size_t r)
{
    return x->wt ? x->wt[r] : 1;
}

/* The local subject of row r, made on its first entry. */
static size_t subject(walk *x, size_t r)
{
    pg_cif_aj_ws *w = x->w;
    size_t s = x->id ? x->id[r] : r;
    if (w->loc[s] == SIZE_MAX) {
        size_t l = x->nact++;
        w->loc[s] = l;
        w->who[l] = s;
        w->wg[l] = 0;
        for (size_t k = 0; k <= w->K; k++) w->U[l * (w->K + 1) + k] = 0;
    }
    return w->loc[s];
}

static pg_cif_curve *curve(const walk *x, size_t k)
{
    return &x->cif->curves[(k - 1) * x->cif->n_groups + x->g];
}

static void limits(const walk *x, double f, double se, double *lo, double *hi)
{
    pg_cif_limits(x->cif->conf_type, x->z, f, se, lo, hi);
}

/* Values at the chosen times before t (right-continuous: the state after the last time <= tp);
 * with last set, every remaining time, NaN after the group's last follow-up. */
static void flush_times(walk *x, double t, int last)
{
    const pg_cif *cif = x->cif;
    pg_cif_aj_ws *w = x->w;
    for (; x->q < cif->n_times && (last || cif->times[x->q] < t); x->q++) {
        size_t q = x->q;
        int out = cif->times[q] > x->tmax;
        for (size_t k = 1; k <= cif->n_causes; k++) {
            pg_cif_curve *c = curve(x, k);
            double f = out ? NAN : w->p[k], se = out ? NAN : w->se[k];
            c->at_estimate[q] = f;
            c->at_std_err[q] = se;
            if (out) c->at_conf_low[q] = c->at_conf_high[q] = NAN;
            else limits(x, f, se, &c->at_conf_low[q], &c->at_conf_high[q]);
            if (c->at_km) c->at_km[q] = out ? NAN : 1 - w->km[k];
        }
    }
}

/* The IJ update at an event time (the recursion above), rows [i, j) of idx ending at t. */
static void influence(walk *x, const size_t *idx, size_t i, size_t j, double dsum)
{
    pg_cif_aj_ws *w = x->w;
    size_t K = w->K, K1 = K + 1;
    double n = x->n_risk, s0 = w->p[0], keep = 1 - dsum / n;
    for (size_t l = 0; l < x->nact; l++) {
        double *u = w->U + l * K1, u0 = u[0];
        u[0] = u0 * keep;
        for (size_t k = 1; k <= K; k++) u[k] += u0 * w->d[k] / n;
        if (w->wg[l] > 0) {
            double a = w->wg[l] * s0 / (n * n);
            u[0] += a * dsum;
            for (size_t k = 1; k <= K; k++) u[k] -= a * w->d[k];
        }
    }
    for (size_t e = i; e < j; e++) {
        size_t r = idx[e];
        int k = x->cause[r];
        if (k <= 0) continue;
        double *u = w->U + w->loc[x->id ? x->id[r] : r] * K1, a = row_w(x, r) * s0 / n;
        u[0] -= a;
        u[k] += a;
    }
    for (size_t k = 1; k <= K; k++) {
        double v = 0;
        for (size_t l = 0; l < x->nact; l++) v += w->U[l * K1 + k] * w->U[l * K1 + k];
        w->se[k] = sqrt(v);
    }
}

/* After the event time t: the new state, a step for each cause that occurred, and the first
 * times the confidence limits reach 0.5 (median limits; they move at every event time). */
static void record(walk *x, double t, double dsum)
{
    pg_cif_aj_ws *w = x->w;
    double n = x->n_risk, s0 = w->p[0];
    for (size_t k = 1; k <= w->K; k++) {
        w->p[k] += s0 * w->d[k] / n;
        if (w->d[k] > 0) w->km[k] *= 1 - w->d[k] / n;
    }
    w->p[0] = s0 * (1 - dsum / n);
    for (size_t k = 1; k <= w->K; k++) {
        pg_cif_curve *c = curve(x, k);
        double lo, hi;
        limits(x, w->p[k], w->se[k], &lo, &hi);
        if (isnan(c->median_low) && hi >= 0.5 - PG_CIF_TOL) c->median_low = t;
        if (isnan(c->median_high) && lo >= 0.5 - PG_CIF_TOL) c->median_high = t;
        if (w->d[k] <= 0) continue;
        size_t s = c->n_steps++;
        c->time[s] = t;
        c->n_risk[s] = n;
        c->n_event[s] = w->d[k];
        c->estimate[s] = w->p[k];
        c->std_err[s] = w->se[k];
        c->conf_low[s] = lo;
        c->conf_high[s] = hi;
        if (c->km) c->km[s] = 1 - w->km[k];
    }
}

int pg_cif_aj_group(const pg_frame *fr, pg_cif *cif, size_t g, const size_t *idx, size_t m,
                    double z, pg_cif_aj_ws *w)
{
    walk x = {cif, w, g, 0, 0, z, 0, 0, pg_frame_time(fr), pg_frame_entry(fr),
              pg_frame_weights(fr), pg_frame_cause(fr), pg_frame_id(fr)};
    size_t K = w->K;
    for (size_t e = 0; e < m; e++) {
        size_t r = idx[e];
        w->ent[e] = (by_entry){x.entry ? x.entry[r] : -INFINITY, r};
        if (x.time[r] > x.tmax || e == 0) x.tmax = x.time[r];
    }
    qsort(w->ent, m, sizeof *w->ent, cmp_entry);
    for (size_t k = 0; k <= K; k++) {
        w->p[k] = k == 0;
        w->se[k] = 0;
        w->km[k] = 1;
    }
    for (size_t k = 1; k <= K; k++) {
        pg_cif_curve *c = curve(&x, k);
        c->median = c->median_low = c->median_high = NAN;
    }
    size_t je = 0;
    for (size_t i = 0; i < m;) {
        double t = x.time[idx[i]];
        flush_times(&x, t, 0);
        for (; je < m && w->ent[je].start < t; je++) {   /* entries before t join */
            size_t r = w->ent[je].row, l = subject(&x, r);
            w->wg[l] += row_w(&x, r);
            x.n_risk += row_w(&x, r);
        }
        size_t j = i;
        for (size_t k = 0; k <= K; k++) w->d[k] = 0;
        for (; j < m && x.time[idx[j]] == t; j++)
            if (x.cause[idx[j]] > 0) w->d[x.cause[idx[j]]] += row_w(&x, idx[j]);
        double dsum = 0;
        for (size_t k = 1; k <= K; k++) dsum += w->d[k];
        if (dsum > 0) {
            influence(&x, idx, i, j, dsum);
            record(&x, t, dsum);
        }
        for (size_t e = i; e < j; e++) {                  /* rows ending at t leave */
            size_t r = idx[e];
            w->wg[w->loc[x.id ? x.id[r] : r]] -= row_w(&x, r);
            x.n_risk -= row_w(&x, r);
        }
        i = j;
    }
    flush_times(&x, 0, 1);
    for (size_t k = 1; k <= K; k++) {
        pg_cif_curve *c = curve(&x, k);
        c->median = pg_cif_first_half(c->estimate, c->time, c->n_steps, x.tmax, 1);
    }
    for (size_t l = 0; l < x.nact; l++) w->loc[w->who[l]] = SIZE_MAX;
    return PG_OK;
}
