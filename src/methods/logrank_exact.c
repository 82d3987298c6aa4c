/* logrank_exact.c -- the exact permutation distribution of the two-group (weighted) log-rank
 * statistic, without enumerating the arrangements.
 *
 * Within a stratum of n rows with scores a_1..a_n of which m carry group 1, the permutation
 * distribution of U = sum of the group-1 scores is that of the sum over all C(n, m) subsets of
 * size m. It is built by the shift algorithm (Streitberg & Roehmel, Statistische Hefte 27
 * (1986) 1-13), extended to real scores as in van de Wiel, Comput. Stat. 16 (2001) 399-412 (the
 * split-up algorithm coin uses): after rows 1..j, list c holds every distinct sum of c of those
 * scores with its number of subsets; row j+1 shifts list c-1 by a_{j+1} and merges it into list
 * c. Sums are kept exactly as doubles; two sums closer than tol = 1e-9 * sum|a_i| are taken as
 * the same atom (they can only differ by rounding: the scores are sums of d/n terms), so every
 * arrangement lands on the side of the observed value it belongs to. Strata are independent,
 * so the stratified distribution is the convolution of the per-stratum ones (as coin::
 * logrank_test(distribution = "exact") does for blocks). Matches coin::logrank_test(...,
 * distribution = "exact") (scripts/fixtures/logrank_exact.R). */
#include "logrank_exact.h"

#include "internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct atom {
    double v;   /* a sum of scores */
    double w;   /* number of subsets (or arrangements) giving it */
} atom;

typedef struct alist {
    atom *a;
    size_t n;
} alist;

static int atom_cmp(const void *x, const void *y)
{
    double a = ((const atom *)x)->v, b = ((const atom *)y)->v;
    return (a > b) - (a < b);
}

/* Merge runs of sorted atoms closer than tol in place; returns the new count. */
static size_t squeeze(atom *a, size_t n, double tol)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (o > 0 && a[i].v - a[o - 1].v <= tol) a[o - 1].w += a[i].w;
        else a[o++] = a[i];
    }
    return o;
}

/* out = merge of sorted x and (sorted y shifted by d); out has room for nx + ny atoms. */
static size_t merge_shift(const atom *x, size_t nx, const atom *y, size_t ny, double d,
                          atom *out, double tol)
{
    size_t i = 0, j = 0, o = 0;
    while (i < nx || j < ny) {
        atom t;
        if (j >= ny || (i < nx && x[i].v <= y[j].v + d)) t = x[i++];
        else { t = y[j++]; t.v += d; }
        if (o > 0 && t.v - out[o - 1].v <= tol) out[o - 1].w += t.w;
        else out[o++] = t;
    }
    return o;
}

static void lists_free(alist *l, size_t n)
{
    if (!l) return;
    for (size_t c = 0; c < n; c++) free(l[c].a);
    free(l);
}

/* Distribution of the sum of m of the scores a[pos[0..n)] (shift algorithm). Returns 0 and the
 * list in *out, 1 when a list outgrows max_atoms, -1 when out of memory. */
static int stratum_dist(const size_t *pos, size_t n, size_t m, const double *score, double tol,
                        size_t max_atoms, alist *out)
{
    alist *l = calloc(m + 1, sizeof *l);
    if (!l) return -1;
    int rc = -1;
    l[0].a = malloc(sizeof *l[0].a);
    if (!l[0].a) goto done;
    l[0].a[0] = (atom){0.0, 1.0};
    l[0].n = 1;
    size_t total = 1;   /* atoms held in all lists */
    for (size_t j = 0; j < n; j++) {
        double d = score[pos[j]];
        size_t hi = j + 1 < m ? j + 1 : m;
        size_t lo = m + j + 1 > n ? m + j + 1 - n : 1;  /* lists that can still reach m */
        for (size_t c = hi; c >= lo && c >= 1; c--) {
            size_t cap = l[c].n + l[c - 1].n;
            if (total + l[c - 1].n > max_atoms) { rc = 1; goto done; }
            atom *nw = malloc((cap ? cap : 1) * sizeof *nw);
            if (!nw) goto done;
            size_t k = merge_shift(l[c].a, l[c].n, l[c - 1].a, l[c - 1].n, d, nw, tol);
            total = total - l[c].n + k;
            free(l[c].a);
            l[c].a = nw;
            l[c].n = k;
        }
    }
    *out = l[m];
    l[m].a = NULL;
    rc = 0;
done:
    lists_free(l, m + 1);
    return rc;
}

/* acc = acc (*) b, the distribution of the sum of two independent sums. */
static int convolve(alist *acc, const alist *b, double tol, size_t max_atoms)
{
    if (acc->n != 0 && b->n > SIZE_MAX / acc->n) return 1;
    size_t n = acc->n * b->n;
    if (n > max_atoms * 8) return 1;
    atom *c = malloc((n ? n : 1) * sizeof *c);
    if (!c) return -1;
    size_t o = 0;
    for (size_t i = 0; i < acc->n; i++)
        for (size_t j = 0; j < b->n; j++)
            c[o++] = (atom){acc->a[i].v + b->a[j].v, acc->a[i].w * b->a[j].w};
    qsort(c, o, sizeof *c, atom_cmp);
    o = squeeze(c, o, tol);
    if (o > max_atoms) { free(c); return 1; }
    free(acc->a);
    acc->a = c;
    acc->n = o;
    return 0;
}

int pg_lr_exact_two(size_t n_strata, const size_t *start, const size_t *pos, const size_t *lab,
                    const double *score, double cut2, size_t max_atoms, double *p,
                    size_t *atoms)
{
    double scale = 0;
    for (size_t q = 0; q < start[n_strata]; q++) scale += fabs(score[pos[q]]);
    double tol = 1e-9 * scale;
    alist acc = {0};
    int rc = 0;
    for (size_t s = 0; s < n_strata && rc == 0; s++) {
        size_t n = start[s + 1] - start[s], m = 0;
        for (size_t q = start[s]; q < start[s + 1]; q++) m += lab[q] == 1;
        alist d = {0};
        rc = stratum_dist(pos + start[s], n, m, score, tol, max_atoms, &d);
        if (rc) break;
        if (s == 0) acc = d;
        else {
            rc = convolve(&acc, &d, tol, max_atoms);
            free(d.a);
        }
    }
    if (rc == 0) {
        double hit = 0, all = 0;
        for (size_t i = 0; i < acc.n; i++) {
            all += acc.a[i].w;
            if (acc.a[i].v * acc.a[i].v >= cut2) hit += acc.a[i].w;
        }
        *p = hit / all;
        *atoms = acc.n;
    }
    free(acc.a);
    return rc;
}
