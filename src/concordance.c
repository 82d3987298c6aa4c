/* concordance.c -- Harrell's concordance index and its standard error, as coxph reports it. */
#include "concordance.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A Fenwick (binary indexed) tree of counts over the ranks 1..m of the score. The counts are
 * 32-bit: half the memory of doubles, so more of the tree stays in cache during the random
 * accesses of the walk (a stratum of 2^32 or more subjects is refused as out of memory). */
typedef struct fenwick {
    size_t m;
    uint32_t *c;
} fenwick;

static void fw_add(fenwick *f, size_t rank)
{
    for (size_t i = rank; i <= f->m; i += i & (~i + 1)) f->c[i]++;
}

/* Sum of counts at ranks 1..rank. */
static double fw_sum(const fenwick *f, size_t rank)
{
    uint64_t s = 0;
    for (size_t i = rank; i > 0; i -= i & (~i + 1)) s += f->c[i];
    return (double)s;
}

/* Count stored at exactly one rank: c[rank] minus the tree nodes below it that c[rank] also
 * covers. Its walk stops where fw_sum(rank - 1)'s path joins, so on average it is much shorter
 * than a second full prefix sum. */
static double fw_point(const fenwick *f, size_t rank)
{
    uint64_t v = f->c[rank];
    size_t stop = rank - (rank & (~rank + 1));
    for (size_t i = rank - 1; i > stop; i -= i & (~i + 1)) v -= f->c[i];
    return (double)v;
}

/* Counts in the tree below, at and above rank. The counts are whole numbers held exactly in
 * doubles, so below + at + above == total exactly whatever the order of the additions. */
static void fw_split(const fenwick *f, size_t rank, double total, double *below, double *at,
                     double *above)
{
    *below = fw_sum(f, rank - 1);
    *at = fw_point(f, rank);
    *above = total - *below - *at;
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

/*
 * Dense ranks 1..nr[s] of x within each stratum (equal scores share a rank), from one radix
 * order of all the scores (pg_order_by_time with x as the "time": ascending, stable) instead
 * of a comparison sort per stratum. Walking that order, each row's rank is one more than the
 * previous row's of the same stratum when its score differs. rank[] first holds each row's
 * stratum (from idx/cnt), overwritten by its rank as the walk reaches it.
 */
static int score_ranks(size_t n, const double *x, const size_t *idx, const size_t *cnt,
                       size_t nstrata, size_t *rank, size_t *nr)
{
    size_t *ord = pg_malloc_array(n ? n : 1, sizeof *ord);
    double *last = pg_malloc_array(nstrata ? nstrata : 1, sizeof *last);
    int rc = PG_ENOMEM;
    if (!ord || !last || pg_order_by_time(n, NULL, x, NULL, ord)) goto done;
    for (size_t s = 0; s < nstrata; s++) {
        nr[s] = 0;
        for (size_t q = cnt[s]; q < cnt[s + 1]; q++) rank[idx[q]] = s;
    }
    for (size_t k = 0; k < n; k++) {
        size_t r = ord[k], s = rank[r];
        if (nr[s] == 0 || x[r] != last[s]) nr[s]++;
        last[s] = x[r];
        rank[r] = nr[s];
    }
    rc = PG_OK;
done:
    free(ord);
    free(last);
    return rc;
}

/*
 * A subject's pairs as the survivor are the events of the tree that entered after it did (at
 * earlier times): the tree at the end minus the tree when it entered. Rather than store the
 * tree's split at entry (24 bytes a row), it is subtracted from inf at entry (sign -1) and the
 * final split added at the end (sign +1); all these counts are whole numbers, exact in doubles,
 * so the result is the same to the last bit. An earlier event with a smaller score than the
 * survivor is discordant (reverse).
 */
static void survivor_pairs(const fenwick *dead, size_t rank, double n_dead, int reverse,
                           double sign, double *inf)
{
    double below, at, above;
    fw_split(dead, rank, n_dead, &below, &at, &above);
    inf[0] += sign * (reverse ? above : below);
    inf[1] += sign * (reverse ? below : above);
    inf[2] += sign * at;
}

int pg_concordance_fit_sorted(size_t n, const double *time, const int *status, const double *x,
                              const size_t *idx, const size_t *cnt, size_t nstrata,
                              const size_t *cluster, size_t ncluster, int reverse,
                              pg_concordance *out)
{
    memset(out, 0, sizeof *out);
    out->estimate = out->std_err = NAN;
    /* the ranks first: their sort's scratch is freed before the trees are allocated */
    size_t *rank = pg_malloc_array(n ? n : 1, sizeof *rank);
    size_t *nrank = pg_malloc_array(nstrata ? nstrata : 1, sizeof *nrank);
    int rank_rc = rank && nrank ? score_ranks(n, x, idx, cnt, nstrata, rank, nrank) : PG_ENOMEM;
    /* tie[r]: events seen so far at the current time with rank r (zero between times) */
    size_t *tie = pg_calloc_array(n + 1, sizeof *tie);
    double *inf = pg_calloc_array(3 * (n ? n : 1), sizeof *inf);   /* c_i, d_i, t_i */
    fenwick alive = {0, NULL}, dead = {0, NULL};
    alive.c = pg_calloc_array(n + 1, sizeof *alive.c);
    dead.c = pg_calloc_array(n + 1, sizeof *dead.c);
    double *g = NULL;
    int rc = PG_ENOMEM;
    if (rank_rc || !tie || !inf || !alive.c || !dead.c || n > UINT32_MAX) goto done;

    double nc = 0, ndis = 0, nt = 0, nty = 0, ntxy = 0;
    for (size_t s = 0; s < nstrata; s++) {
        size_t lo = cnt[s], hi = cnt[s + 1], m = hi - lo, nr = nrank[s];
        if (m == 0) continue;
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
                survivor_pairs(&dead, rank[c], n_dead, reverse, -1, &inf[3 * c]);
                fw_add(&alive, rank[c]);
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
            /* pairs of events at t with equal scores: each event pairs with those of its
             * rank counted before it, C(r, 2) for r events sharing a rank */
            if (k - g0 > 1) {
                for (size_t e = g0; e < k; e++) ntxy += (double)tie[rank[idx[e]]]++;
                for (size_t e = g0; e < k; e++) tie[rank[idx[e]]] = 0;
            }
            for (size_t e = g0; e < k; e++) {
                fw_add(&dead, rank[idx[e]]);
                n_dead += 1;
            }
            for (size_t e = g0; e < k; e++) {
                size_t c = idx[e];
                survivor_pairs(&dead, rank[c], n_dead, reverse, -1, &inf[3 * c]);
                fw_add(&alive, rank[c]);
                n_alive += 1;
            }
            i = g0;
        }
        /* each subject as the survivor: events after its entry (earlier times) */
        for (size_t q = lo; q < hi; q++) {
            size_t c = idx[q];
            survivor_pairs(&dead, rank[c], n_dead, reverse, +1, &inf[3 * c]);
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
    free(nrank);
    free(tie);
    free(inf);
    free(alive.c);
    free(dead.c);
    return rc;
}
