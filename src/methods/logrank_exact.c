/* logrank_exact.c -- the exact two-sided permutation p-value of the two-group (weighted,
 * stratified) log-rank statistic, without enumerating the arrangements.
 *
 * Within stratum s of n_s rows with scores a_i, m_s of them in group 1, the reference
 * distribution of U = sum over strata of the group-1 scores is that of the sum of a uniformly
 * chosen m_s-subset of every stratum's scores, the strata independent. We want
 *   p = #{arrangements with |U| >= cut} / prod_s C(n_s, m_s).
 *
 * The arrangements are counted on a network (Mehta & Patel, JASA 78 (1983) 427-434; for
 * linear rank statistics Streitberg & Roehmel, Statistische Hefte 27 (1986) 1-13, the shift
 * algorithm). The rows of each stratum are sorted by score and grouped into levels of equal
 * scores (ties in time give equal scores). Walking the levels stratum by stratum, a node holds
 * (rows still to choose in this stratum, partial sum of the chosen scores) and the number of
 * partial arrangements reaching it; a level with c rows sends x = 0..c of them to group 1,
 * multiplying the count by C(c, x). Nodes with the same need and the same partial sum (closer
 * than 8 (n + 1) eps sum|a_i|, a bound on the rounding of a sum of n scores) are merged, which is what makes the
 * count polynomial where the enumeration is exponential. A node is also settled as soon as the
 * smallest and largest sums its completions can reach (the smallest / largest `need` remaining
 * scores of the stratum, and the extreme sums of the later strata) lie on one side of the cut:
 * wholly in the tail, its count times the number of completions is added to the hits; wholly
 * out, it is dropped. Only the nodes that straddle the cut are carried on, so the work follows
 * the boundary of the tail, as in van de Wiel's split-up algorithm (Comput. Stat. 16 (2001)
 * 399-412) that coin uses for real-valued scores.
 *
 * Counts are doubles: exact integers while below 2^53, else rounded to 1e-16 relative.
 * Matches: coin::logrank_test(..., distribution = "exact") for two groups without strata
 * (scripts/fixtures/logrank_exact.R); with strata, where coin refuses real-valued scores, an
 * enumeration of every stratum's subsets in R convolved over the strata. */
#include "logrank_exact.h"

#include "internal.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Largest stratum for which the table of binomial coefficients is built (8 MB). */
#define LR_MAX_STRATUM 1000

typedef struct node {
    double sum;     /* partial sum of the group-1 scores chosen so far */
    double w;       /* number of partial arrangements reaching the node */
    size_t need;    /* rows still to choose in the current stratum */
} node;

typedef struct net {
    size_t ns;
    const size_t *start; /* n_strata + 1 offsets */
    size_t *m;           /* group-1 rows per stratum */
    double *v;           /* scores, sorted within every stratum */
    double *pre;         /* pre[q] = v[0] + ... + v[q - 1] */
    double *rest_lo;     /* rest_lo[s]: smallest sum the strata after s can add */
    double *rest_hi;     /* ... and the largest */
    double *rest_w;      /* rest_w[s]: arrangements of the strata after s */
    double *binom;       /* binom[n * (nmax + 1) + k] = C(n, k), n, k <= nmax */
    size_t *run;         /* nmax + 2 offsets of the sorted runs of one level */
    size_t nmax;
    double cut, tol;
} net;

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double choose(const net *t, size_t n, size_t k)
{
    return k > n ? 0.0 : t->binom[n * (t->nmax + 1) + k];
}

/* Sum of v[a..b) of the sorted scores. */
static double span(const net *t, size_t a, size_t b)
{
    return t->pre[b] - t->pre[a];
}

/* Fill the sorted scores, prefix sums, per-stratum extremes and the binomial table. Returns
 * 0, 1 when a stratum is too large, -1 when out of memory. */
static int net_setup(net *t, const size_t *pos, const size_t *lab, const double *score)
{
    size_t ns = t->ns, n = t->start[ns];
    t->nmax = 0;
    for (size_t s = 0; s < ns; s++) {
        size_t len = t->start[s + 1] - t->start[s];
        if (len > t->nmax) t->nmax = len;
    }
    if (t->nmax > LR_MAX_STRATUM) return 1;
    t->m = pg_calloc_array(ns, sizeof *t->m);
    t->v = pg_malloc_array(n + 1, sizeof *t->v);
    t->pre = pg_malloc_array(n + 1, sizeof *t->pre);
    t->rest_lo = pg_malloc_array(ns, sizeof *t->rest_lo);
    t->rest_hi = pg_malloc_array(ns, sizeof *t->rest_hi);
    t->rest_w = pg_malloc_array(ns, sizeof *t->rest_w);
    t->binom = pg_calloc_array((t->nmax + 1) * (t->nmax + 1), sizeof *t->binom);
    t->run = pg_malloc_array(t->nmax + 2, sizeof *t->run);
    if (!t->m || !t->v || !t->pre || !t->rest_lo || !t->rest_hi || !t->rest_w || !t->binom ||
        !t->run)
        return -1;
    size_t w = t->nmax + 1;
    for (size_t a = 0; a <= t->nmax; a++) {
        t->binom[a * w] = 1.0;
        for (size_t b = 1; b <= a; b++)
            t->binom[a * w + b] = t->binom[(a - 1) * w + b - 1] + t->binom[(a - 1) * w + b];
    }
    for (size_t q = 0; q < n; q++) t->v[q] = score[pos[q]];
    for (size_t s = 0; s < ns; s++) {
        for (size_t q = t->start[s]; q < t->start[s + 1]; q++) t->m[s] += lab[q] == 1;
        qsort(t->v + t->start[s], t->start[s + 1] - t->start[s], sizeof *t->v, cmp_double);
    }
    t->pre[0] = 0;
    for (size_t q = 0; q < n; q++) t->pre[q + 1] = t->pre[q] + t->v[q];
    double lo = 0, hi = 0, cnt = 1;
    for (size_t s = ns; s-- > 0;) {
        t->rest_lo[s] = lo;
        t->rest_hi[s] = hi;
        t->rest_w[s] = cnt;
        size_t a = t->start[s], b = t->start[s + 1];
        lo += span(t, a, a + t->m[s]);
        hi += span(t, b - t->m[s], b);
        cnt *= choose(t, b - a, t->m[s]);
    }
    if (!isfinite(cnt)) return 1;
    return 0;
}

static void net_free(net *t)
{
    free(t->m);
    free(t->v);
    free(t->pre);
    free(t->rest_lo);
    free(t->rest_hi);
    free(t->rest_w);
    free(t->binom);
    free(t->run);
}

/* Keys (need, sum) in order, sums within tol counting as equal: -1, 0, 1. */
static int node_order(const node *a, const node *b, double tol)
{
    if (a->need != b->need) return a->need < b->need ? -1 : 1;
    if (fabs(a->sum - b->sum) <= tol) return 0;
    return a->sum < b->sum ? -1 : 1;
}

/* out = the sorted runs a[0..na) and b[0..nb) merged, equal keys' counts added. */
static size_t merge_runs(const node *a, size_t na, const node *b, size_t nb, node *out,
                         double tol)
{
    size_t i = 0, j = 0, o = 0;
    while (i < na || j < nb) {
        int c = i == na ? 1 : j == nb ? -1 : node_order(&a[i], &b[j], tol);
        node x = c <= 0 ? a[i++] : b[j++];
        if (c == 0) x.w += b[j++].w;
        if (o > 0 && node_order(&out[o - 1], &x, tol) == 0) out[o - 1].w += x.w;
        else out[o++] = x;
    }
    return o;
}

/* Where the completions of a node of stratum s with rows [off, end) left to choose from lie:
 * 1 all in the tail |U| >= cut, 0 none, -1 some. */
static int settle(const net *t, size_t s, size_t off, size_t end, const node *x)
{
    double lo = x->sum + span(t, off, off + x->need) + t->rest_lo[s];
    double hi = x->sum + span(t, end - x->need, end) + t->rest_hi[s];
    if (lo >= t->cut || hi <= -t->cut) return 1;
    if (lo > -t->cut && hi < t->cut) return 0;
    return -1;
}

/* A growable array of nodes. */
typedef struct nodes {
    node *a;
    size_t n, cap;
} nodes;

/* Room for want nodes; 0, or -1 when out of memory. */
static int nodes_reserve(nodes *b, size_t want)
{
    if (want <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < want) cap *= 2;
    node *a = realloc(b->a, cap * sizeof *a);
    if (!a) return -1;
    b->a = a;
    b->cap = cap;
    return 0;
}

/* Room for one more node within limit; 0, 1 past the limit, -1 out of memory. */
static int nodes_room(nodes *b, size_t limit)
{
    if (b->n < b->cap) return 0;
    if (b->n >= limit) return 1;
    return nodes_reserve(b, b->n + 1);
}

/* One level (rows [off, off + c) of stratum s, equal scores): the children of the live nodes
 * cur go to nxt, settled ones add to *hit. The children sending x rows to group 1 form a run
 * sorted as cur is (by need, then sum); the c + 1 runs are merged pairwise through tmp. 0, 1
 * when more than limit children are alive, -1 out of memory. */
static int level_step(const net *t, size_t s, size_t off, size_t c, const nodes *cur,
                      nodes *nxt, nodes *tmp, size_t limit, double *hit)
{
    size_t end = t->start[s + 1], left = end - off - c, nrun = 0;
    double v = t->v[off];
    nxt->n = 0;
    for (size_t x = 0; x <= c; x++) {
        t->run[nrun++] = nxt->n;
        for (size_t i = 0; i < cur->n; i++) {
            size_t need = cur->a[i].need;
            if (x > need || need - x > left) continue;
            node ch = {cur->a[i].sum + (double)x * v, cur->a[i].w * choose(t, c, x), need - x};
            int where = settle(t, s, off + c, end, &ch);
            if (where == 1) *hit += ch.w * choose(t, left, ch.need) * t->rest_w[s];
            if (where != -1) continue;
            int rc = nodes_room(nxt, limit);
            if (rc) return rc;
            nxt->a[nxt->n++] = ch;
        }
    }
    t->run[nrun] = nxt->n;
    if (nxt->n == 0) return 0;
    int rc = 0;
    while (nrun > 1 && (rc = nodes_reserve(tmp, nxt->n)) == 0) {
        size_t o = 0, k = 0;
        for (size_t r = 0; r < nrun; r += 2, k++) {
            size_t a0 = t->run[r], a1 = t->run[r + 1], b1 = r + 2 <= nrun ? t->run[r + 2] : a1;
            t->run[k] = o;
            o += merge_runs(nxt->a + a0, a1 - a0, nxt->a + a1, b1 - a1, tmp->a + o, t->tol);
        }
        t->run[k] = o;
        nrun = k;
        nodes sw = *nxt; *nxt = *tmp; *tmp = sw;
        nxt->n = o;
    }
    return rc;
}

/* Walk every level of every stratum. Returns 0, 1 past max_nodes, -1 out of memory. */
static int net_walk(const net *t, size_t max_nodes, double *hit, size_t *peak)
{
    nodes cur = {0}, nxt = {0}, tmp = {0};
    int rc = nodes_room(&cur, max_nodes);
    if (rc) goto done;
    cur.a[0] = (node){0.0, 1.0, 0};
    cur.n = 1;
    *peak = 1;
    for (size_t s = 0; s < t->ns && cur.n > 0; s++) {
        for (size_t i = 0; i < cur.n; i++) cur.a[i].need = t->m[s];
        for (size_t off = t->start[s]; off < t->start[s + 1] && cur.n > 0;) {
            size_t c = 1;
            while (off + c < t->start[s + 1] && t->v[off + c] - t->v[off] <= t->tol) c++;
            if ((rc = level_step(t, s, off, c, &cur, &nxt, &tmp, max_nodes, hit)) != 0) goto done;
            if (nxt.n > *peak) *peak = nxt.n;
            nodes sw = cur; cur = nxt; nxt = sw;
            off += c;
        }
    }
done:
    free(cur.a);
    free(nxt.a);
    free(tmp.a);
    return rc;
}

int pg_lr_exact_two(size_t n_strata, const size_t *start, const size_t *pos, const size_t *lab,
                    const double *score, double u_obs, size_t max_nodes, double *p, size_t *peak)
{
    *peak = 0;
    size_t n = start[n_strata];
    double scale = 0;
    for (size_t q = 0; q < n; q++) scale += fabs(score[pos[q]]);
    /* A sum of at most n scores is off by less than n eps sum|a_i| from its exact value. */
    double tol = 8.0 * (double)(n + 1) * DBL_EPSILON * scale;
    if (fabs(u_obs) <= tol) {   /* the observed |U| is the smallest possible: p = 1 */
        *p = 1.0;
        return 0;
    }
    if (max_nodes < 1) return 1;
    net t = {0};
    t.ns = n_strata;
    t.start = start;
    t.cut = fabs(u_obs) - tol;
    t.tol = tol;
    int rc = net_setup(&t, pos, lab, score);
    if (rc == 0) {
        double hit = 0;
        rc = net_walk(&t, max_nodes, &hit, peak);
        double all = t.rest_w[0] * choose(&t, start[1] - start[0], t.m[0]);
        if (rc == 0) *p = hit / all > 1.0 ? 1.0 : hit / all;
    }
    net_free(&t);
    return rc;
}
