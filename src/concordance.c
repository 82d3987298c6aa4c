/* concordance.c -- Harrell's concordance index and its standard error, as coxph reports it. */
#include "concordance.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A Fenwick (binary indexed) tree of counts over the ranks 1..m of the score. */
typedef struct fenwick {
    size_t m;
    double *c;
} fenwick;

static void fw_add(fenwick *f, size_t rank, double v)
{
    for (size_t i = rank; i <= f->m; i += i & (~i + 1)) f->c[i] += v;
}

/* Sum of counts at ranks 1..rank. */
static double fw_sum(const fenwick *f, size_t rank)
{
    double s = 0;
    for (size_t i = rank; i > 0; i -= i & (~i + 1)) s += f->c[i];
    return s;
}

/* Counts in the tree below, at and above rank. */
static void fw_split(const fenwick *f, size_t rank, double total, double *below, double *at,
                     double *above)
{
    double le = fw_sum(f, rank);
    *below = fw_sum(f, rank - 1);
    *at = le - *below;
    *above = total - le;
}

typedef struct keyed {
    double v;
    size_t i;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    double a = ((const keyed *)pa)->v, b = ((const keyed *)pb)->v;
    return (a > b) - (a < b);
}

static int cmp_size(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return (a > b) - (a < b);
}

/*
 * Concordance (Harrell et al. 1982) with the variance R's concordancefit gives (timewt "n").
 *   A pair (i, j) is comparable when i has an event and t_i < t_j, or t_i = t_j with j censored
 *   (j outlives i). It is concordant when the score orders them as the outcome does (reverse:
 *   x_i > x_j), discordant when it orders them the other way, tied.x when x_i = x_j. Pairs of
 *   events at the same time are tied.y (tied.xy if x is tied too) and are not comparable.
 *   C = (nc + nt/2) / (nc + nd + nt) = (1 + somers' d) / 2.
 *   Standard error: each subject's share of concordant, discordant and tied.x pairs (as either
 *   member) gives the influence  dfbeta_i = (c_i - d_i)/N - (dxy/N)(c_i + d_i + t_i),  N the
 *   number of comparable pairs, dxy = (nc - nd)/N; var(C) = sum_g (sum_{i in g} dfbeta_i)^2 / 4
 *   over clusters g (each subject its own cluster without cluster()).
 *   Within each stratum the times are walked from the last backwards: a tree of scores of those
 *   still "alive" (later times, and censorings at the current time) gives each event's pairs in
 *   O(log n); a second tree of event scores, read when a subject enters and at the end, gives
 *   each survivor's pairs. O(n log n) in all.
 * Refs:    Harrell, Califf, Pryor, Lee & Rosati, JAMA 247 (1982) 2543-2546;
 *          Therneau & Watson, "The concordance statistic" (survival vignette).
 * Matches: survival's concordancefit(y, lp, strata, cluster, reverse = TRUE, timefix = FALSE)
 *          as called by coxph; summary.coxph's "Concordance= (se = )".
 */
int pg_concordance_fit(size_t n, const double *time, const int *status, const double *x,
                       const size_t *strata, size_t nstrata, const size_t *cluster,
                       size_t ncluster, int reverse, pg_concordance *out)
{
    memset(out, 0, sizeof *out);
    out->estimate = out->std_err = NAN;
    if (nstrata == 0 || !strata) nstrata = 1;
    size_t *idx = pg_malloc_array(n ? n : 1, sizeof *idx);
    size_t *cnt = pg_calloc_array(nstrata + 1, sizeof *cnt);
    int rc = PG_ENOMEM;
    if (!idx || !cnt) goto done;
    /* rows grouped by stratum, each group sorted by (time, status desc) */
    if (pg_order_by_time(n, nstrata > 1 ? strata : NULL, time, status, idx)) goto done;
    for (size_t i = 0; i < n; i++) cnt[(nstrata > 1 ? strata[i] : 0) + 1]++;
    for (size_t s = 0; s < nstrata; s++) cnt[s + 1] += cnt[s];
    rc = pg_concordance_fit_sorted(n, time, status, x, idx, cnt, nstrata, cluster, ncluster,
                                   reverse, out);
done:
    free(idx);
    free(cnt);
    return rc;
}

int pg_concordance_fit_sorted(size_t n, const double *time, const int *status, const double *x,
                              const size_t *idx, const size_t *cnt, size_t nstrata,
                              const size_t *cluster, size_t ncluster, int reverse,
                              pg_concordance *out)
{
    memset(out, 0, sizeof *out);
    out->estimate = out->std_err = NAN;
    size_t *rank = pg_malloc_array(n ? n : 1, sizeof *rank);
    keyed *ord = pg_malloc_array(n ? n : 1, sizeof *ord);
    size_t *tmp = pg_malloc_array(n ? n : 1, sizeof *tmp);
    double *inf = pg_calloc_array(3 * (n ? n : 1), sizeof *inf);   /* c_i, d_i, t_i */
    double *ent = pg_calloc_array(3 * (n ? n : 1), sizeof *ent);   /* event tree at entry */
    fenwick alive = {0, NULL}, dead = {0, NULL};
    alive.c = pg_calloc_array(n + 1, sizeof *alive.c);
    dead.c = pg_calloc_array(n + 1, sizeof *dead.c);
    double *g = NULL;
    int rc = PG_ENOMEM;
    if (!rank || !ord || !tmp || !inf || !ent || !alive.c || !dead.c) goto done;

    double nc = 0, ndis = 0, nt = 0, nty = 0, ntxy = 0;
    for (size_t s = 0; s < nstrata; s++) {
        size_t lo = cnt[s], hi = cnt[s + 1], m = hi - lo;
        if (m == 0) continue;
        /* ranks of x within the stratum (ties share a rank) */
        for (size_t k = 0; k < m; k++) {
            ord[k].i = idx[lo + k];
            ord[k].v = x[idx[lo + k]];
        }
        qsort(ord, m, sizeof *ord, cmp_keyed);
        size_t nr = 0;
        for (size_t k = 0; k < m; k++) {
            if (k == 0 || ord[k].v != ord[k - 1].v) nr++;
            rank[ord[k].i] = nr;
        }
        alive.m = dead.m = nr;
        memset(alive.c, 0, (nr + 1) * sizeof *alive.c);
        memset(dead.c, 0, (nr + 1) * sizeof *dead.c);
        double n_alive = 0, n_dead = 0;
        size_t i = hi;
        while (i > lo) {
            double t = time[idx[i - 1]];
            size_t g0 = i;
            while (g0 > lo && time[idx[g0 - 1]] == t) g0--;
            /* censored at t (sorted after the events of t) join the alive tree first */
            size_t k = i;
            for (; k > g0 && !status[idx[k - 1]]; k--) {
                size_t c = idx[k - 1];
                fw_split(&dead, rank[c], n_dead, &ent[3 * c], &ent[3 * c + 2], &ent[3 * c + 1]);
                fw_add(&alive, rank[c], 1);
                n_alive += 1;
            }
            /* the events at t: pairs with everyone alive */
            for (size_t e = g0; e < k; e++) {
                size_t c = idx[e];
                double below, at, above;
                fw_split(&alive, rank[c], n_alive, &below, &at, &above);
                /* an event with a larger score than the survivor is concordant (reverse) */
                double con = reverse ? below : above, dis = reverse ? above : below;
                inf[3 * c] += con;
                inf[3 * c + 1] += dis;
                inf[3 * c + 2] += at;
                nc += con;
                ndis += dis;
                nt += at;
            }
            /* tied.y and tied.xy among the events at t */
            double de = (double)(k - g0);
            nty += de * (de - 1) / 2;
            if (k - g0 > 1) {
                for (size_t e = g0; e < k; e++) tmp[e - g0] = rank[idx[e]];
                qsort(tmp, k - g0, sizeof *tmp, cmp_size);
                for (size_t e = 0, run = 1; e + 1 < k - g0; e++) {
                    run = tmp[e + 1] == tmp[e] ? run + 1 : 1;
                    ntxy += (double)(run - 1);
                }
            }
            for (size_t e = g0; e < k; e++) {
                fw_add(&dead, rank[idx[e]], 1);
                n_dead += 1;
            }
            for (size_t e = g0; e < k; e++) {
                size_t c = idx[e];
                fw_split(&dead, rank[c], n_dead, &ent[3 * c], &ent[3 * c + 2], &ent[3 * c + 1]);
                fw_add(&alive, rank[c], 1);
                n_alive += 1;
            }
            i = g0;
        }
        /* each subject as the survivor: events after its entry (earlier times) */
        for (size_t q = lo; q < hi; q++) {
            size_t c = idx[q];
            double below, at, above;
            fw_split(&dead, rank[c], n_dead, &below, &at, &above);
            below -= ent[3 * c];
            above -= ent[3 * c + 1];
            at -= ent[3 * c + 2];
            /* an earlier event with a smaller score than the survivor is discordant (reverse) */
            inf[3 * c] += reverse ? above : below;
            inf[3 * c + 1] += reverse ? below : above;
            inf[3 * c + 2] += at;
        }
    }
    out->concordant = nc;
    out->discordant = ndis;
    out->tied_x = nt;
    out->tied_xy = ntxy;
    out->tied_y = nty - ntxy;
    double npair = nc + ndis + nt;
    rc = PG_OK;
    if (!(npair > 0)) goto done;
    double dxy = (nc - ndis) / npair;
    out->estimate = (1 + dxy) / 2;
    size_t ng = cluster ? ncluster : n;
    g = pg_calloc_array(ng ? ng : 1, sizeof *g);
    if (!g) {
        rc = PG_ENOMEM;
        goto done;
    }
    for (size_t c = 0; c < n; c++) {
        double d = (inf[3 * c] - inf[3 * c + 1]) / npair -
                   (dxy / npair) * (inf[3 * c] + inf[3 * c + 1] + inf[3 * c + 2]);
        g[cluster ? cluster[c] : c] += d;
    }
    double v = 0;
    for (size_t c = 0; c < ng; c++) v += g[c] * g[c];
    out->std_err = sqrt(v / 4);
done:
    free(g);
    free(rank);
    free(ord);
    free(tmp);
    free(inf);
    free(ent);
    free(alive.c);
    free(dead.c);
    return rc;
}
