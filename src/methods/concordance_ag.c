/* concordance_ag.c -- Harrell's C on counting-process data (start, stop], with R's standard
 * error: survival's concordancefit on a three-column Surv (concordance4 in its C code), which
 * coxph reports for a fit on Surv(start, stop, event). */
#include "concordance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A Fenwick tree of weights over the ranks 0 .. m-1 of the risk score. */
typedef struct fen {
    size_t m;
    double *t;
} fen;

static void fen_add(fen *f, size_t r, double v)
{
    for (size_t i = r + 1; i <= f->m; i += i & (~i + 1)) f->t[i - 1] += v;
}

static double fen_prefix(const fen *f, size_t r)   /* sum of ranks < r */
{
    double s = 0;
    for (size_t i = r; i > 0; i -= i & (~i + 1)) s += f->t[i - 1];
    return s;
}

/* The weight with a lower (b), higher (a) and equal (e) rank than r; tot is the tree's sum. */
static void fen_split(const fen *f, size_t r, double tot, double *b, double *a, double *e)
{
    *b = fen_prefix(f, r);
    double upto = fen_prefix(f, r + 1);
    *e = upto - *b;
    *a = tot - upto;
}

typedef struct kr {
    double key;
    size_t row;
} kr;

static int cmp_kr_desc(const void *pa, const void *pb)
{
    const kr *a = pa, *b = pb;
    if (a->key != b->key) return a->key > b->key ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

typedef struct agc {
    size_t n;
    const double *start, *stop, *x, *wt;
    const int *status;
    const size_t *rk;       /* rank of x per row */
    double *inf;            /* n x 3: concordant, discordant, tied on x, per row */
    double conc, disc, tie;
    fen f;
    size_t *bystop, *bystart, *ev;   /* scratch, n each */
    kr *tmp;
} agc;

static double wt_of(const agc *g, size_t i)
{
    return g->wt ? g->wt[i] : 1.0;
}

/* Sort row indices by key descending (ties in row order); tmp holds m entries. */
static void sort_desc(size_t *idx, size_t m, const double *key, kr *tmp)
{
    for (size_t k = 0; k < m; k++) tmp[k] = (kr){key[idx[k]], idx[k]};
    qsort(tmp, m, sizeof *tmp, cmp_kr_desc);
    for (size_t k = 0; k < m; k++) idx[k] = tmp[k].row;
}

/*
 * The events' side (the pairs, counted once): walking the stratum's event times backwards, the
 * risk set at t is every row with start < t <= stop (kept in the tree by adding rows as t
 * passes their stop and removing them as it passes their start); the events at t are taken out
 * while they are compared (two events at one time are tied on time: not a pair). An event i
 * whose score is above a row at risk is concordant (a larger Cox risk score fails first),
 * below discordant, equal tied on x; each pair weighs w_i w_j.
 */
static void event_side(agc *g, const size_t *rows, size_t m)
{
    memcpy(g->bystop, rows, m * sizeof *rows);
    memcpy(g->bystart, rows, m * sizeof *rows);
    sort_desc(g->bystop, m, g->stop, g->tmp);
    sort_desc(g->bystart, m, g->start, g->tmp);
    size_t a = 0, b = 0;
    double tot = 0;
    while (a < m) {
        double t = g->stop[g->bystop[a]];
        size_t nd = 0;
        size_t a1 = a;
        while (a1 < m && g->stop[g->bystop[a1]] == t) {
            size_t i = g->bystop[a1++];
            fen_add(&g->f, g->rk[i], wt_of(g, i));
            tot += wt_of(g, i);
            if (g->status[i]) g->ev[nd++] = i;
        }
        a = a1;
        while (b < m && g->start[g->bystart[b]] >= t) {
            size_t j = g->bystart[b++];
            fen_add(&g->f, g->rk[j], -wt_of(g, j));
            tot -= wt_of(g, j);
        }
        if (nd == 0) continue;
        for (size_t k = 0; k < nd; k++) {
            fen_add(&g->f, g->rk[g->ev[k]], -wt_of(g, g->ev[k]));
            tot -= wt_of(g, g->ev[k]);
        }
        for (size_t k = 0; k < nd; k++) {
            size_t i = g->ev[k];
            double lo, hi, eq, wi = wt_of(g, i);
            fen_split(&g->f, g->rk[i], tot, &lo, &hi, &eq);
            g->conc += wi * lo;
            g->disc += wi * hi;
            g->tie += wi * eq;
            g->inf[3 * i] += lo;
            g->inf[3 * i + 1] += hi;
            g->inf[3 * i + 2] += eq;
        }
        for (size_t k = 0; k < nd; k++) {
            fen_add(&g->f, g->rk[g->ev[k]], wt_of(g, g->ev[k]));
            tot += wt_of(g, g->ev[k]);
        }
    }
    /* empty the tree for the next stratum */
    for (; b < m; b++) fen_add(&g->f, g->rk[g->bystart[b]], -wt_of(g, g->bystart[b]));
}

/* A query of the at-risk side: row j at time t; strict: events at t are left out; sign -1 for
 * the window's start. */
typedef struct query {
    double t;
    size_t row;
    int strict, sign;
} query;

static int cmp_query(const void *pa, const void *pb)
{
    const query *a = pa, *b = pb;
    if (a->t != b->t) return a->t < b->t ? -1 : 1;
    if (a->strict != b->strict) return a->strict ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/*
 * The rows-at-risk side of the influence: row j is compared with every event i of the stratum
 * at a time t in (start_j, stop_j] (in (start_j, stop_j) when j is itself an event at stop_j:
 * events at one time are tied on time). With the events inserted into the tree in time order,
 * the sum over that window is the tree at stop_j less the tree at start_j: one sweep over the
 * events and the 2m window ends, sorted by time (strict ends before the events at their time,
 * inclusive ones after).
 */
static int risk_side(agc *g, const size_t *rows, size_t m)
{
    query *q = malloc((2 * m + 1) * sizeof *q);
    if (!q) return PG_ENOMEM;
    size_t ne = 0;
    for (size_t k = 0; k < m; k++) {
        size_t j = rows[k];
        q[2 * k] = (query){g->start[j], j, 0, -1};
        q[2 * k + 1] = (query){g->stop[j], j, g->status[j] != 0, 1};
        if (g->status[j]) g->ev[ne++] = j;
    }
    qsort(q, 2 * m, sizeof *q, cmp_query);
    /* events ascending by time */
    sort_desc(g->ev, ne, g->stop, g->tmp);
    for (size_t a = 0, z = ne; a < z / 2; a++) {
        size_t t = g->ev[a];
        g->ev[a] = g->ev[z - 1 - a];
        g->ev[z - 1 - a] = t;
    }
    size_t e = 0;
    double tot = 0;
    for (size_t k = 0; k < 2 * m; k++) {
        const query *qq = &q[k];
        while (e < ne && (g->stop[g->ev[e]] < qq->t || (!qq->strict && g->stop[g->ev[e]] == qq->t))) {
            fen_add(&g->f, g->rk[g->ev[e]], wt_of(g, g->ev[e]));
            tot += wt_of(g, g->ev[e]);
            e++;
        }
        double lo, hi, eq;
        fen_split(&g->f, g->rk[qq->row], tot, &lo, &hi, &eq);
        /* an event above j is a concordant pair for j, one below discordant */
        g->inf[3 * qq->row] += qq->sign * hi;
        g->inf[3 * qq->row + 1] += qq->sign * lo;
        g->inf[3 * qq->row + 2] += qq->sign * eq;
    }
    for (size_t k = 0; k < e; k++) fen_add(&g->f, g->rk[g->ev[k]], -wt_of(g, g->ev[k]));
    free(q);
    return PG_OK;
}

int pg_concordance_fit_ag(size_t n, const double *start, const double *stop, const int *status,
                          const double *x, const double *wt, const size_t *strata,
                          size_t nstrata, const size_t *cluster, size_t ncluster,
                          pg_concordance *out)
{
    memset(out, 0, sizeof *out);
    out->estimate = out->std_err = NAN;
    size_t cap = n ? n : 1;
    agc g = {n, start, stop, x, wt, status, NULL, NULL, 0, 0, 0, {0, NULL}, NULL, NULL, NULL, NULL};
    size_t *rk = malloc(cap * sizeof *rk), *rows = malloc(cap * sizeof *rows);
    size_t *cnt = calloc((nstrata ? nstrata : 1) + 1, sizeof *cnt);
    double *u = malloc(cap * sizeof *u);
    double *dfb = calloc(ncluster ? ncluster : cap, sizeof *dfb);
    g.inf = calloc(3 * cap, sizeof *g.inf);
    g.f.t = calloc(cap, sizeof *g.f.t);
    g.bystop = malloc(cap * sizeof *g.bystop);
    g.bystart = malloc(cap * sizeof *g.bystart);
    g.ev = malloc(cap * sizeof *g.ev);
    g.tmp = malloc(cap * sizeof *g.tmp);
    int rc = PG_ENOMEM;
    if (!rk || !rows || !cnt || !u || !dfb || !g.inf || !g.f.t || !g.bystop || !g.bystart || !g.ev ||
        !g.tmp)
        goto done;
    /* ranks of the scores */
    memcpy(u, x, n * sizeof *u);
    size_t m = pg_sort_distinct(u, n);
    for (size_t i = 0; i < n; i++) rk[i] = pg_sorted_index(u, m, x[i]);
    g.f.m = m;
    g.rk = rk;
    /* rows stratum by stratum */
    for (size_t i = 0; i < n; i++) cnt[(strata ? strata[i] : 0) + 1]++;
    for (size_t s = 0; s < (nstrata ? nstrata : 1); s++) cnt[s + 1] += cnt[s];
    {
        size_t *pos = malloc(((nstrata ? nstrata : 1) + 1) * sizeof *pos);
        if (!pos) goto done;
        memcpy(pos, cnt, ((nstrata ? nstrata : 1) + 1) * sizeof *pos);
        for (size_t i = 0; i < n; i++) rows[pos[strata ? strata[i] : 0]++] = i;
        free(pos);
    }
    for (size_t s = 0; s < (nstrata ? nstrata : 1); s++) {
        size_t lo = cnt[s], hi = cnt[s + 1];
        event_side(&g, rows + lo, hi - lo);
        if (risk_side(&g, rows + lo, hi - lo)) goto done;
    }
    double npair = g.conc + g.disc + g.tie;
    rc = PG_OK;
    out->concordant = g.conc;
    out->discordant = g.disc;
    out->tied_x = g.tie;
    if (!(npair > 0)) goto done;
    double somer = (g.conc - g.disc) / npair, var = 0;
    for (size_t i = 0; i < n; i++) {
        const double *I = g.inf + 3 * i;
        double d = wt_of(&g, i) * ((I[0] - I[1]) / npair - somer / npair * (I[0] + I[1] + I[2]));
        if (cluster) dfb[cluster[i]] += d;
        else var += d * d;
    }
    for (size_t k = 0; cluster && k < ncluster; k++) var += dfb[k] * dfb[k];
    out->estimate = (somer + 1) / 2;
    out->std_err = sqrt(var / 4);
done:
    free(rk);
    free(rows);
    free(cnt);
    free(u);
    free(dfb);
    free(g.inf);
    free(g.f.t);
    free(g.bystop);
    free(g.bystart);
    free(g.ev);
    free(g.tmp);
    return rc;
}
