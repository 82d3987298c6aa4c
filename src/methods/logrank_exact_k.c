/* logrank_exact_k.c -- the exact permutation p-value of the k-group (weighted, stratified)
 * log-rank statistic T = U' W^- U on a multivariate network.
 *
 * Within stratum s the labels are re-assigned uniformly among the arrangements that keep the
 * group sizes m_gs; U_g = sum over strata of the scores of the rows labelled g. The rows of
 * every stratum are sorted by score and grouped into levels of equal scores. A node of the
 * network holds, for every group, the rows still to be given to it in the current stratum and
 * the partial score sum of the group, and the number of partial arrangements reaching it; a
 * level of c rows sends x_g of them to group g (sum x_g = c, x_g <= what g still needs),
 * multiplying the count by the multinomial c! / prod x_g!. Nodes with equal needs and sums
 * (closer than 8 (n + 1) eps sum|a_i| per group, the rounding bound of a sum of n scores)
 * are merged; at the end every node is a value of U with its multiplicity, and
 *   p = sum_{nodes with T >= cut} count / sum_{nodes} count.
 * This is the network algorithm of Mehta & Patel (JASA 78 (1983) 427-434) extended to
 * vector-valued partial sums (Mehta, Patel & Tsiatis, Biometrics 40 (1984) 819-825, the
 * k-sample case). It has no tail pruning (the tail of a quadratic form is not an interval),
 * so the work is the number of distinct partial (needs, sums) states: small for tied scores
 * or small n, beyond max_nodes otherwise (the caller then enumerates or says so).
 * Matches: a full enumeration of the distinct group assignments in R
 * (scripts/fixtures/logrank.R, its k-group exact cases); coin has no exact k-sample test. */
#include "logrank_exact.h"

#include "internal.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A node is stride = 2k + 1 doubles: count, the k needs (small integers), the k sums. */
typedef struct knet {
    size_t k, stride;
    double tol;
    double *a, *b, *tmp;   /* current and next levels, merge buffer */
    size_t na, nb, cap;
    size_t *x;             /* k: the split of the current level */
} knet;

static int knode_cmp(const knet *t, const double *a, const double *b)
{
    for (size_t g = 1; g <= t->k; g++)
        if (a[g] != b[g]) return a[g] < b[g] ? -1 : 1;
    for (size_t g = t->k + 1; g < t->stride; g++)
        if (fabs(a[g] - b[g]) > t->tol) return a[g] < b[g] ? -1 : 1;
    return 0;
}

/* Bottom-up merge sort of t->b[0..nb) through t->tmp, then equal nodes merged. */
static void knet_sort_merge(knet *t)
{
    size_t n = t->nb, st = t->stride;
    double *src = t->b, *dst = t->tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid || j < hi) {
                int fromi = j == hi || (i < mid && knode_cmp(t, src + i * st, src + j * st) <= 0);
                memcpy(dst + o++ * st, src + (fromi ? i++ : j++) * st, st * sizeof *dst);
            }
        }
        double *sw = src; src = dst; dst = sw;
    }
    t->b = src;
    t->tmp = dst;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (o > 0 && knode_cmp(t, t->b + (o - 1) * st, t->b + i * st) == 0)
            t->b[(o - 1) * st] += t->b[i * st];
        else if (o != i)
            memcpy(t->b + o++ * st, t->b + i * st, st * sizeof *t->b);
        else
            o++;
    }
    t->nb = o;
}

/* Every split x of c rows (with score v) over the groups for the node nd, appended to b.
 * 0, 1 past limit. */
static int knet_children(knet *t, const double *nd, size_t g, size_t c, double mult, double v,
                         size_t limit)
{
    size_t k = t->k;
    if (g == k - 1) {
        if ((double)c > nd[1 + g]) return 0;
        t->x[g] = c;
        if (t->nb >= limit) return 1;
        double *ch = t->b + t->nb++ * t->stride;
        ch[0] = nd[0] * mult;
        for (size_t h = 0; h < k; h++) {
            ch[1 + h] = nd[1 + h] - (double)t->x[h];
            ch[1 + k + h] = nd[1 + k + h] + (double)t->x[h] * v;
        }
        return 0;
    }
    double m = mult;
    for (size_t x = 0; x <= c && (double)x <= nd[1 + g]; x++) {
        t->x[g] = x;
        /* mult * C(c, x): the multinomial built group by group */
        int rc = knet_children(t, nd, g + 1, c - x, m, v, limit);
        if (rc) return rc;
        m = m * (double)(c - x) / (double)(x + 1);
    }
    return 0;
}

static int cmp_dbl(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

int pg_lr_exact_k(size_t n_strata, const size_t *start, const size_t *pos, const size_t *lab,
                  const double *score, size_t k, const double *ginv, double cut,
                  size_t max_nodes, double *p, size_t *peak)
{
    size_t n = start[n_strata];
    *peak = 0;
    if (k < 2 || max_nodes < 1) return 1;
    knet t = {0};
    t.k = k;
    t.stride = 2 * k + 1;
    double scale = 0;
    for (size_t q = 0; q < n; q++) scale += fabs(score[pos[q]]);
    t.tol = 8.0 * (double)(n + 1) * DBL_EPSILON * scale;
    int rc = -1;
    double *v = pg_malloc_array(n + 1, sizeof *v);
    size_t *need = pg_calloc_array(k, sizeof *need);
    t.x = pg_calloc_array(k, sizeof *t.x);
    t.cap = 1024 < max_nodes ? 1024 : max_nodes;
    t.a = pg_malloc_array(t.cap * t.stride, sizeof *t.a);
    t.b = pg_malloc_array(t.cap * t.stride, sizeof *t.b);
    t.tmp = pg_malloc_array(t.cap * t.stride, sizeof *t.tmp);
    if (!v || !need || !t.x || !t.a || !t.b || !t.tmp) goto done;
    memset(t.a, 0, t.stride * sizeof *t.a);
    t.a[0] = 1.0;
    t.na = 1;
    *peak = 1;
    for (size_t s = 0; s < n_strata; s++) {
        memset(need, 0, k * sizeof *need);
        for (size_t q = start[s]; q < start[s + 1]; q++) {
            need[lab[q]]++;
            v[q] = score[pos[q]];
        }
        qsort(v + start[s], start[s + 1] - start[s], sizeof *v, cmp_dbl);
        for (size_t i = 0; i < t.na; i++)
            for (size_t g = 0; g < k; g++) t.a[i * t.stride + 1 + g] = (double)need[g];
        for (size_t off = start[s]; off < start[s + 1];) {
            size_t c = 1;
            while (off + c < start[s + 1] && v[off + c] - v[off] <= t.tol) c++;
            t.nb = 0;
            for (size_t i = 0; i < t.na; i++) {
                /* room for every split of this node: at most C(c + k - 1, k - 1) <= (c+1)^(k-1) */
                for (;;) {
                    size_t before = t.nb;
                    rc = knet_children(&t, t.a + i * t.stride, 0, c, 1.0, v[off], t.cap);
                    if (rc == 0) break;
                    t.nb = before;
                    if (t.cap >= max_nodes) goto done;
                    size_t cap = t.cap * 2 < max_nodes ? t.cap * 2 : max_nodes;
                    double *na = realloc(t.a, cap * t.stride * sizeof *na);
                    if (na) t.a = na;
                    double *nb = na ? realloc(t.b, cap * t.stride * sizeof *nb) : NULL;
                    if (nb) t.b = nb;
                    double *nt = nb ? realloc(t.tmp, cap * t.stride * sizeof *nt) : NULL;
                    if (!nt) { rc = -1; goto done; }
                    t.tmp = nt;
                    t.cap = cap;
                }
            }
            knet_sort_merge(&t);
            if (t.nb > *peak) *peak = t.nb;
            double *sw = t.a; t.a = t.b; t.b = sw;
            t.na = t.nb;
            off += c;
        }
    }
    double hit = 0, all = 0;
    for (size_t i = 0; i < t.na; i++) {
        const double *nd = t.a + i * t.stride, *u = nd + 1 + k;
        double q = 0;
        for (size_t g = 0; g < k; g++)
            for (size_t h = 0; h < k; h++) q += u[g] * ginv[g * k + h] * u[h];
        all += nd[0];
        if (q >= cut) hit += nd[0];
    }
    *p = all > 0 ? (hit / all > 1.0 ? 1.0 : hit / all) : 1.0;
    rc = 0;
done:
    free(v);
    free(need);
    free(t.x);
    free(t.a);
    free(t.b);
    free(t.tmp);
    return rc;
}
