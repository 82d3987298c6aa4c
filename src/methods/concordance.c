/* concordance.c -- Harrell's concordance index and its standard error, as coxph reports it. */
#include "concordance.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "prognos/frame.h"

/*
 * Counts of subjects by score rank 0..m-1, for "how many below / at this rank" in O(log m).
 * A plain Fenwick tree over n ranks is ~20 MB at 5*10^6 subjects and each operation walks
 * about ten of its cache lines at random. Here the counts have three levels:
 *   leaf[r]      the count at rank r (16 ranks to a 64-byte line),
 *   mid[b]       the count in block b = r / 16 (16 blocks to a superblock of 256 ranks),
 *   top          a Fenwick tree (1-based) over the m / 256 superblocks -- small enough to stay
 *                in cache (80 KB at 5*10^6 ranks).
 * An update touches one leaf line, one mid line and the small tree; a query sums the
 * superblocks before, the blocks before within the superblock and the ranks before within the
 * block (at most 15 of each, one line each) and reads the count at the rank from the same
 * leaf line. All counts are 32-bit (a stratum of 2^32 subjects is refused as out of memory).
 * Ref: Fenwick, Software: Practice and Experience 24 (1994) 327-336, for the top level.
 */
typedef struct rank_counts {
    size_t m, nsb;
    uint32_t *leaf, *mid, *top;
} rank_counts;

static int rc_alloc(rank_counts *c, size_t m)
{
    size_t nsb = (m + 255) / 256;
    c->m = m;
    c->nsb = nsb;
    c->leaf = pg_calloc_array(nsb * 256, sizeof *c->leaf);
    c->mid = pg_calloc_array(nsb * 16, sizeof *c->mid);
    c->top = pg_calloc_array(nsb + 1, sizeof *c->top);
    return c->leaf && c->mid && c->top ? PG_OK : PG_ENOMEM;
}

static void rc_free(rank_counts *c)
{
    free(c->leaf);
    free(c->mid);
    free(c->top);
}

/* Empty the counts for ranks 0..m-1 (m <= the allocated size). */
static void rc_reset(rank_counts *c, size_t m)
{
    size_t nsb = (m + 255) / 256;
    c->m = m;
    c->nsb = nsb;
    memset(c->leaf, 0, nsb * 256 * sizeof *c->leaf);
    memset(c->mid, 0, nsb * 16 * sizeof *c->mid);
    memset(c->top, 0, (nsb + 1) * sizeof *c->top);
}

static void rc_add(rank_counts *c, uint32_t r)
{
    c->leaf[r]++;
    c->mid[r >> 4]++;
    for (size_t i = (size_t)(r >> 8) + 1; i <= c->nsb; i += i & (~i + 1)) c->top[i]++;
}

/* Ask for rank r's count lines ahead of use: the walks know the ranks they will touch, and at
 * millions of ranks each line is otherwise a cache miss waited for in turn. */
static void rc_prefetch(const rank_counts *c, uint32_t r)
{
    PG_PREFETCH(c->leaf + r);
    PG_PREFETCH(c->mid + (r >> 4));
}

/* Sum of the first `len` (< 16) entries of a 16-entry line, as a fixed-length loop the
 * compiler can vectorise. */
static uint64_t line_sum(const uint32_t *line, unsigned len)
{
    uint32_t s = 0;
    for (unsigned k = 0; k < 16; k++) s += k < len ? line[k] : 0;
    return s;
}

/* Subjects counted at ranks below r, and at r. */
static uint64_t rc_below(const rank_counts *c, uint32_t r, uint64_t *at)
{
    uint64_t s = 0;
    for (size_t i = r >> 8; i > 0; i -= i & (~i + 1)) s += c->top[i];
    s += line_sum(c->mid + ((r >> 8) << 4), (r >> 4) & 15);
    s += line_sum(c->leaf + ((r >> 4) << 4), r & 15);
    *at = c->leaf[r];
    return s;
}

/*
 * Dense ranks 0..nr[s]-1 of the scores within each stratum (equal scores share a rank), by
 * position in the sorted order. One LSD radix sort of (score bits, position) pairs over all
 * positions, on the order-preserving 64-bit image of each double (Knuth, TAOCP 3, 5.2.5),
 * skipping digits that are the same for every score; then one walk gives each position its
 * rank within its stratum. rk[] first holds each position's stratum.
 */
/* An LSD radix sort of (key, pos) pairs on the 64-bit keys, 11 bits a pass, skipping digits
 * that are the same for every key; the pairs end in key/pos (key2/pos2 are scratch). */
typedef struct pair_sort {
    uint64_t *key, *key2;
    uint32_t *pos, *pos2;
    size_t n;
    int nomem;
} pair_sort;

static void sort_pairs(void *v)
{
    enum { BITS = 11, SIZE = 1 << BITS };
    pair_sort *ps = v;
    size_t n = ps->n, *count = pg_malloc_array(SIZE, sizeof *count);
    if (!count) {
        ps->nomem = 1;
        return;
    }
    for (unsigned shift = 0; n > 1 && shift < 64; shift += BITS) {
        memset(count, 0, SIZE * sizeof *count);
        for (size_t q = 0; q < n; q++) count[(ps->key[q] >> shift) & (SIZE - 1)]++;
        if (count[(ps->key[0] >> shift) & (SIZE - 1)] == n) continue;   /* one digit */
        size_t sum = 0;
        for (size_t b = 0; b < SIZE; b++) {
            size_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t q = 0; q < n; q++) {
            size_t d = count[(ps->key[q] >> shift) & (SIZE - 1)]++;
            ps->key2[d] = ps->key[q];
            ps->pos2[d] = ps->pos[q];
        }
        uint64_t *tk = ps->key;
        ps->key = ps->key2;
        ps->key2 = tk;
        uint32_t *tp = ps->pos;
        ps->pos = ps->pos2;
        ps->pos2 = tp;
    }
    free(count);
}

/*
 * Dense ranks 0..nr[s]-1 of the scores within each stratum (equal scores share a rank), by
 * position in the sorted order. The order-preserving 64-bit image of each double (Knuth,
 * TAOCP 3, 5.2.5) is sorted with its position: the two halves of the positions separately
 * (at once when threads allows), then merged; one walk of the merged order gives each
 * position its rank within its stratum. rk[] first holds each position's stratum.
 */
static int score_ranks(size_t n, const double *xs, const size_t *cnt, size_t nstrata,
                       uint32_t *rk, size_t *nr, int threads)
{
    uint64_t *key = pg_malloc_array(n, sizeof *key), *key2 = pg_malloc_array(n, sizeof *key2);
    uint32_t *pos = pg_malloc_array(n, sizeof *pos), *pos2 = pg_malloc_array(n, sizeof *pos2);
    uint64_t *last = pg_malloc_array(nstrata, sizeof *last);
    int rc = PG_ENOMEM;
    if (!key || !key2 || !pos || !pos2 || !last) goto done;
    for (size_t q = 0; q < n; q++) {
        key[q] = pg_order_bits(xs[q]);
        pos[q] = (uint32_t)q;
    }
    size_t h = n / 2;
    pair_sort lo = {key, key2, pos, pos2, h, 0};
    pair_sort hi = {key + h, key2 + h, pos + h, pos2 + h, n - h, 0};
    pg_run_pair(sort_pairs, &lo, sort_pairs, &hi, n, threads);
    if (lo.nomem || hi.nomem) goto done;
    /* each half ended in key/pos or in key2/pos2: bring both into key/pos, merge into
     * key2/pos2 */
    if (lo.key != key) {
        memcpy(key, lo.key, h * sizeof *key);
        memcpy(pos, lo.pos, h * sizeof *pos);
    }
    if (hi.key != key + h) {
        memcpy(key + h, hi.key, (n - h) * sizeof *key);
        memcpy(pos + h, hi.pos, (n - h) * sizeof *pos);
    }
    lo.key = key;
    lo.pos = pos;
    hi.key = key + h;
    hi.pos = pos + h;
    uint64_t *mk = key2;
    uint32_t *mp = pos2;
    size_t a = 0, b = 0, o = 0;
    while (a < h && b < n - h) {
        if (hi.key[b] < lo.key[a]) {
            mk[o] = hi.key[b];
            mp[o++] = hi.pos[b++];
        } else {
            mk[o] = lo.key[a];
            mp[o++] = lo.pos[a++];
        }
    }
    for (; a < h; a++, o++) {
        mk[o] = lo.key[a];
        mp[o] = lo.pos[a];
    }
    for (; b < n - h; b++, o++) {
        mk[o] = hi.key[b];
        mp[o] = hi.pos[b];
    }
    for (size_t s = 0; s < nstrata; s++) {
        nr[s] = 0;
        for (size_t q = cnt[s]; q < cnt[s + 1]; q++) rk[q] = (uint32_t)s;
    }
    /* NaN scores (not expected of a linear predictor) each get a rank of their own, as
     * x != x compares */
    for (size_t k = 0; k < n; k++) {
        size_t q = mp[k], s = rk[q];
        if (nr[s] == 0 || mk[k] != last[s] || isnan(xs[q])) nr[s]++;
        last[s] = mk[k];
        rk[q] = (uint32_t)(nr[s] - 1);
    }
    rc = PG_OK;
done:
    free(key);
    free(key2);
    free(pos);
    free(pos2);
    free(last);
    return rc;
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
 *   Within each stratum two walks over the sorted positions count each pair once from each
 *   side: backwards, the scores of those still at risk (later times, and censorings at the
 *   current time) give each event's pairs; forwards, the scores of the events so far give each
 *   subject's pairs as the one who outlived them. Events tied in time and score (tied.xy) are
 *   sum_r C(m_r, 2) over the m_r events at a time with rank r: from the counts at their ranks
 *   just before and just after they are added, sum_e (after - before) = sum_r m_r^2.
 *   O(n log n) in all; positions are walked in order, so only the rank counts are read at
 *   random.
 * Refs:    Harrell, Califf, Pryor, Lee & Rosati, JAMA 247 (1982) 2543-2546;
 *          Therneau & Watson, "The concordance statistic" (survival vignette).
 * Matches: survival's concordancefit(y, lp, strata, cluster, reverse = TRUE, timefix = FALSE)
 *          as called by coxph; summary.coxph's "Concordance= (se = )".
 */
int pg_concordance_fit(size_t n, const double *time, const int *status, const double *x,
                       const size_t *strata, size_t nstrata, const size_t *cluster,
                       size_t ncluster, int reverse, int threads, pg_concordance *out)
{
    memset(out, 0, sizeof *out);
    out->estimate = out->std_err = NAN;
    if (nstrata == 0 || !strata) nstrata = 1;
    size_t *idx = pg_malloc_array(n, sizeof *idx);
    size_t *cnt = pg_calloc_array(nstrata + 1, sizeof *cnt);
    double *stime = pg_malloc_array(n, sizeof *stime);
    int *sstatus = pg_malloc_array(n, sizeof *sstatus);
    int rc = PG_ENOMEM;
    if (!idx || !cnt || !stime || !sstatus) goto done;
    /* rows grouped by stratum, each group sorted by (time, status desc) */
    if (pg_order_by_time(n, nstrata > 1 ? strata : NULL, time, status, idx)) goto done;
    for (size_t i = 0; i < n; i++) cnt[(nstrata > 1 ? strata[i] : 0) + 1]++;
    for (size_t s = 0; s < nstrata; s++) cnt[s + 1] += cnt[s];
    for (size_t q = 0; q < n; q++) {
        stime[q] = time[idx[q]];
        sstatus[q] = status[idx[q]];
    }
    rc = pg_concordance_fit_sorted(n, stime, sstatus, x, idx, cnt, nstrata, cluster, ncluster,
                                   reverse, threads, out);
done:
    free(idx);
    free(cnt);
    free(stime);
    free(sstatus);
    return rc;
}

/*
 * The two walks of one concordance, each a task for pg_run_pair: they read the same sorted
 * data and each writes only its own counts, so they may run at once. For the subject at
 * position q each leaves (subjects with a lower score, with the same score) among those it
 * was compared with: bw[2q], bw[2q + 1] from the backward walk (events only: those at risk),
 * fw[2q], fw[2q + 1] from the forward walk (everyone: the earlier events).
 */
typedef struct walk {
    const double *stime;
    const int *sstatus;
    const uint32_t *rk;
    const size_t *cnt, *nrank;
    size_t nstrata;
    rank_counts c;
    uint32_t *out;
    double ntxy;          /* backward walk: events tied in both time and score */
} walk;

/* The rows at one time: events [g0, k) then censored [k, i) (events sort first). */
static size_t group_end(const double *stime, const int *sstatus, size_t g0, size_t hi,
                        size_t *k)
{
    size_t i = g0;
    while (i < hi && stime[i] == stime[g0] && sstatus[i]) i++;
    *k = i;
    while (i < hi && stime[i] == stime[g0]) i++;
    return i;
}

static void count_at(const rank_counts *c, uint32_t r, uint32_t *out)
{
    uint64_t at, below = rc_below(c, r, &at);
    out[0] = (uint32_t)below;
    out[1] = (uint32_t)at;
}

/* Backwards through each stratum: censorings at a time join the counts, then the events at
 * that time are compared with everyone counted (later times, censored at this time), then
 * join. The events tied in time and score are sum_r C(m_r, 2) over their ranks: the counts
 * at their ranks just after joining less just before sum to sum_r m_r^2. */
static void walk_backward(void *v)
{
    walk *wk = v;
    const double *stime = wk->stime;
    const uint32_t *rk = wk->rk;
    double ntxy = 0;
    for (size_t s = 0; s < wk->nstrata; s++) {
        size_t lo = wk->cnt[s], hi = wk->cnt[s + 1];
        if (hi == lo) continue;
        rc_reset(&wk->c, wk->nrank[s]);
        for (size_t i = hi; i > lo;) {
            size_t g0 = i, k;
            while (g0 > lo && stime[g0 - 1] == stime[i - 1]) g0--;
            group_end(stime, wk->sstatus, g0, i, &k);
            for (size_t q = i; q-- > k;) {
                if (q >= lo + PG_AHEAD) rc_prefetch(&wk->c, rk[q - PG_AHEAD]);
                rc_add(&wk->c, rk[q]);
            }
            double before = 0, after = 0;
            for (size_t q = k; q-- > g0;) {
                if (q >= lo + PG_AHEAD) rc_prefetch(&wk->c, rk[q - PG_AHEAD]);
                count_at(&wk->c, rk[q], wk->out + 2 * q);
                before += wk->out[2 * q + 1];
            }
            for (size_t q = g0; q < k; q++) rc_add(&wk->c, rk[q]);
            if (k - g0 > 1) {
                for (size_t q = g0; q < k; q++) after += wk->c.leaf[rk[q]];
                ntxy += (after - before - (double)(k - g0)) / 2;
            }
            i = g0;
        }
    }
    wk->ntxy = ntxy;
}

/* Forwards through each stratum: the events at a time are compared with the earlier events,
 * join the counts, and then the censorings at that time are compared with them all. */
static void walk_forward(void *v)
{
    walk *wk = v;
    const uint32_t *rk = wk->rk;
    for (size_t s = 0; s < wk->nstrata; s++) {
        size_t lo = wk->cnt[s], hi = wk->cnt[s + 1];
        if (hi == lo) continue;
        rc_reset(&wk->c, wk->nrank[s]);
        for (size_t g0 = lo; g0 < hi;) {
            size_t k, i = group_end(wk->stime, wk->sstatus, g0, hi, &k);
            for (size_t q = g0; q < k; q++) {
                if (q + PG_AHEAD < hi) rc_prefetch(&wk->c, rk[q + PG_AHEAD]);
                count_at(&wk->c, rk[q], wk->out + 2 * q);
            }
            for (size_t q = g0; q < k; q++) rc_add(&wk->c, rk[q]);
            for (size_t q = k; q < i; q++) {
                if (q + PG_AHEAD < hi) rc_prefetch(&wk->c, rk[q + PG_AHEAD]);
                count_at(&wk->c, rk[q], wk->out + 2 * q);
            }
            g0 = i;
        }
    }
}

/* Concordant, discordant and tied counts of one comparison side: `total` compared, of whom
 * cnt[0] scored lower and cnt[1] the same; `higher`: this side should score higher. */
static void side_counts(const uint32_t *cnt, uint64_t total, int higher, double *con,
                        double *dis, double *tie)
{
    double below = cnt[0], at = cnt[1], above = (double)(total - cnt[0] - cnt[1]);
    *con = higher ? below : above;
    *dis = higher ? above : below;
    *tie = at;
}

/* Each subject's influence terms, position by position: the counts of both walks give its
 * concordant minus discordant pairs (a) and its comparable pairs (b). mode 0 sums the event
 * side into the totals and counts the pairs tied on y; mode 1 adds the influence
 * a/N - (dxy/N) b into v (no clusters) or into its cluster's g. */
typedef struct combine {
    const walk *bw, *fw;
    const size_t *idx, *cluster;
    int reverse;
    double nc, ndis, nt, nty, npair, dxy, v, *g;
} combine;

static void combine_pass(combine *cb, int mode)
{
    const walk *bw = cb->bw;
    const double *stime = bw->stime;
    const int *sstatus = bw->sstatus;
    for (size_t s = 0; s < bw->nstrata; s++) {
        size_t lo = bw->cnt[s], hi = bw->cnt[s + 1];
        uint64_t n_dead = 0;
        for (size_t g0 = lo; g0 < hi;) {
            size_t k, i = group_end(stime, sstatus, g0, hi, &k);
            if (mode == 0) {   /* pairs of events at this time: tied on y */
                double d = (double)(k - g0);
                cb->nty += d * (d - 1) / 2;
            }
            for (size_t q = g0; q < i; q++) {
                double a = 0, b = 0, con, dis, tie;
                if (q < k) {   /* an event: compared with those at risk, hi - k of them */
                    side_counts(bw->out + 2 * q, hi - k, cb->reverse, &con, &dis, &tie);
                    if (mode == 0) {
                        cb->nc += con;
                        cb->ndis += dis;
                        cb->nt += tie;
                        continue;
                    }
                    a = con - dis;
                    b = con + dis + tie;
                } else if (mode == 0) {
                    continue;
                }
                side_counts(cb->fw->out + 2 * q, n_dead + (q < k ? 0 : k - g0), !cb->reverse,
                            &con, &dis, &tie);
                a += con - dis;
                b += con + dis + tie;
                double d = a / cb->npair - (cb->dxy / cb->npair) * b;
                if (cb->cluster) cb->g[cb->cluster[cb->idx[q]]] += d;
                else cb->v += d * d;
            }
            n_dead += k - g0;
            g0 = i;
        }
    }
}

int pg_concordance_fit_sorted(size_t n, const double *stime, const int *sstatus,
                              const double *x, const size_t *idx, const size_t *cnt,
                              size_t nstrata, const size_t *cluster, size_t ncluster,
                              int reverse, int threads, pg_concordance *out)
{
    memset(out, 0, sizeof *out);
    out->estimate = out->std_err = NAN;
    if (n > UINT32_MAX) return PG_ENOMEM;
    /* the ranks first: their sort's scratch is freed before the counts are allocated */
    uint32_t *rk = pg_malloc_array(n, sizeof *rk);
    size_t *nrank = pg_malloc_array(nstrata ? nstrata : 1, sizeof *nrank);
    double *xs = pg_malloc_array(n, sizeof *xs);
    int rc = PG_ENOMEM;
    if (rk && nrank && xs) {
        for (size_t q = 0; q < n; q++) xs[q] = x[idx[q]];
        rc = score_ranks(n, xs, cnt, nstrata, rk, nrank, threads);
    }
    free(xs);
    size_t maxr = 0;
    for (size_t s = 0; !rc && s < nstrata; s++)
        if (nrank[s] > maxr) maxr = nrank[s];
    walk bw = {stime, sstatus, rk, cnt, nrank, nstrata, {0, 0, NULL, NULL, NULL}, NULL, 0};
    walk fw = bw;
    combine cb = {&bw, &fw, idx, cluster, reverse, 0, 0, 0, 0, 0, 0, 0, NULL};
    if (rc) goto done;
    rc = PG_ENOMEM;
    bw.out = pg_malloc_array(2 * n, sizeof *bw.out);
    fw.out = pg_malloc_array(2 * n, sizeof *fw.out);
    if (!bw.out || !fw.out || rc_alloc(&bw.c, maxr) || rc_alloc(&fw.c, maxr)) goto done;
    pg_run_pair(walk_backward, &bw, walk_forward, &fw, n, threads);

    combine_pass(&cb, 0);
    out->concordant = cb.nc;
    out->discordant = cb.ndis;
    out->tied_x = cb.nt;
    out->tied_xy = bw.ntxy;
    out->tied_y = cb.nty - bw.ntxy;
    cb.npair = cb.nc + cb.ndis + cb.nt;
    rc = PG_OK;
    if (!(cb.npair > 0)) goto done;
    cb.dxy = (cb.nc - cb.ndis) / cb.npair;
    out->estimate = (1 + cb.dxy) / 2;
    if (cluster && !(cb.g = pg_calloc_array(ncluster ? ncluster : 1, sizeof *cb.g))) {
        rc = PG_ENOMEM;
        goto done;
    }
    combine_pass(&cb, 1);
    if (cluster)
        for (size_t k = 0; k < ncluster; k++) cb.v += cb.g[k] * cb.g[k];
    out->std_err = sqrt(cb.v / 4);
done:
    free(cb.g);
    free(rk);
    free(nrank);
    free(bw.out);
    free(fw.out);
    rc_free(&bw.c);
    rc_free(&fw.c);
    return rc;
}
