/* check_concordance.c -- pg_concordance_fit against its definition, pair by pair.
 * The O(n^2) reference below enumerates every pair of subjects in a stratum as the comment
 * above pg_concordance_fit defines them (and as survival's concordancefit counts them), and
 * the infinitesimal-jackknife variance from each subject's concordant, discordant and tied
 * pairs. The O(n log n) code must give the same pair counts exactly and the same estimate
 * and standard error to rounding, on random data with ties in time, in score, or in both,
 * strata, clusters, both directions, and sizes that fill several 256-rank superblocks of its
 * counting structure. (R's own values on real fits are checked in check_cox.c.) */
#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "concordance.h"
#include "internal.h"
#include "pg_test.h"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static double unif(void) { return (double)(next() >> 11) / 9007199254740992.0; }

static void reference(size_t n, const double *t, const int *st, const double *x,
                      const size_t *strata, const size_t *cl, size_t ncl, int reverse,
                      pg_concordance *out)
{
    double *c = calloc(3 * n + 1, sizeof *c);
    double nc = 0, nd = 0, nt = 0, nty = 0, ntxy = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            if (i == j || (strata && strata[i] != strata[j]) || !st[i]) continue;
            if (st[j] && t[i] == t[j]) {          /* events at one time: tied on y */
                if (i < j) {
                    nty++;
                    if (x[i] == x[j]) ntxy++;
                }
                continue;
            }
            if (!(t[i] < t[j] || (t[i] == t[j] && !st[j]))) continue;
            int k = x[i] == x[j] ? 2 : ((x[i] > x[j]) == (reverse != 0) ? 0 : 1);
            c[3 * i + k]++;
            c[3 * j + k]++;
            if (k == 0) nc++;
            else if (k == 1) nd++;
            else nt++;
        }
    memset(out, 0, sizeof *out);
    out->concordant = nc;
    out->discordant = nd;
    out->tied_x = nt;
    out->tied_xy = ntxy;
    out->tied_y = nty - ntxy;
    double npair = nc + nd + nt;
    out->estimate = out->std_err = NAN;
    if (npair > 0) {
        double dxy = (nc - nd) / npair, v = 0;
        size_t ng = cl ? ncl : n;
        double *g = calloc(ng + 1, sizeof *g);
        for (size_t i = 0; i < n; i++)
            g[cl ? cl[i] : i] += (c[3 * i] - c[3 * i + 1]) / npair -
                                 dxy / npair * (c[3 * i] + c[3 * i + 1] + c[3 * i + 2]);
        for (size_t k = 0; k < ng; k++) v += g[k] * g[k];
        free(g);
        out->estimate = (1 + dxy) / 2;
        out->std_err = sqrt(v / 4);
    }
    free(c);
}

/* One random case: ntime distinct times (0: continuous), nscore distinct scores (0:
 * continuous), nstrata strata, ncl clusters (0: none), event probability pev. */
static void one_case(size_t n, unsigned ntime, unsigned nscore, size_t nstrata, size_t ncl,
                     double pev, int reverse)
{
    double *t = malloc((n + 1) * sizeof *t), *x = malloc((n + 1) * sizeof *x);
    int *st = malloc((n + 1) * sizeof *st);
    size_t *strata = malloc((n + 1) * sizeof *strata), *cl = malloc((n + 1) * sizeof *cl);
    for (size_t i = 0; i < n; i++) {
        t[i] = ntime ? (double)(1 + next() % ntime) : 100 * unif();
        x[i] = nscore ? (double)(next() % nscore) - 1.5 : 4 * unif() - 2;
        if (nscore && x[i] == 0.5) x[i] = -0.0;   /* signed zero ranks with zero */
        st[i] = unif() < pev;
        strata[i] = next() % nstrata;
        cl[i] = ncl ? next() % ncl : 0;
    }
    pg_concordance got, want;
    reference(n, t, st, x, nstrata > 1 ? strata : NULL, ncl ? cl : NULL, ncl, reverse, &want);
    ck_assert_int_eq(pg_concordance_fit(n, t, st, x, nstrata > 1 ? strata : NULL, nstrata,
                                        ncl ? cl : NULL, ncl, reverse, 1, &got), PG_OK);
    ck_assert_msg(got.concordant == want.concordant && got.discordant == want.discordant &&
                      got.tied_x == want.tied_x && got.tied_y == want.tied_y &&
                      got.tied_xy == want.tied_xy,
                  "n=%zu times=%u scores=%u strata=%zu: counts %g %g %g %g %g, want %g %g %g "
                  "%g %g", n, ntime, nscore, nstrata, got.concordant, got.discordant,
                  got.tied_x, got.tied_y, got.tied_xy, want.concordant, want.discordant,
                  want.tied_x, want.tied_y, want.tied_xy);
    pg_ck_rel(got.estimate, want.estimate, 1e-12);
    /* with one cluster the influences sum to zero: both are rounding noise near 0 */
    if (want.std_err < 1e-12) pg_ck_abs(got.std_err, want.std_err, 1e-12);
    else pg_ck_rel(got.std_err, want.std_err, 1e-9);
    free(t);
    free(x);
    free(st);
    free(strata);
    free(cl);
}

START_TEST(small_and_degenerate)
{
    for (size_t n = 0; n <= 6; n++)
        for (int rep = 0; rep < 20; rep++)
            one_case(n, 3, 3, 1 + (size_t)(rep % 2), 0, 0.6, rep % 3 != 0);
    one_case(40, 5, 4, 1, 0, 0.0, 1);   /* no events: no comparable pairs, NaN */
    one_case(40, 5, 4, 1, 0, 1.0, 1);   /* all events */
    one_case(40, 1, 4, 1, 0, 0.5, 1);   /* one time: only tied.y */
    one_case(40, 5, 1, 1, 0, 0.5, 1);   /* one score: all tied.x */
}
END_TEST

START_TEST(random_designs)
{
    static const unsigned times[] = {0, 2, 7, 40};
    static const unsigned scores[] = {0, 2, 5, 300};
    for (int rep = 0; rep < 48; rep++) {
        size_t n = 50 + next() % 250;
        one_case(n, times[rep % 4], scores[(rep / 4) % 4], 1 + (size_t)(rep % 3),
                 rep % 5 == 0 ? 1 + next() % 30 : 0, 0.2 + 0.6 * unif(), rep % 2);
    }
}
END_TEST

/* Thousands of distinct ranks: the counts span several superblocks and blocks. */
START_TEST(many_ranks)
{
    one_case(3000, 0, 0, 1, 0, 0.6, 1);
    one_case(3000, 50, 0, 2, 0, 0.6, 1);
    one_case(2500, 20, 1200, 1, 97, 0.5, 0);
    one_case(2000, 0, 2000, 3, 0, 0.4, 1);
}
END_TEST

/* Large enough for the second thread (pg_run_pair: 2^15 rows and more): one thread or two,
 * the same numbers to the last bit. */
START_TEST(threads_same)
{
    size_t n = 100000;
    double *t = malloc(n * sizeof *t), *x = malloc(n * sizeof *x);
    int *st = malloc(n * sizeof *st);
    size_t *strata = malloc(n * sizeof *strata);
    for (size_t i = 0; i < n; i++) {
        t[i] = (double)(1 + next() % 500);
        x[i] = i % 7 ? 4 * unif() - 2 : (double)(next() % 3);
        st[i] = unif() < 0.6;
        strata[i] = next() % 2;
    }
    pg_concordance c1, c2;
    ck_assert_int_eq(pg_concordance_fit(n, t, st, x, strata, 2, NULL, 0, 1, 1, &c1), PG_OK);
    ck_assert_int_eq(pg_concordance_fit(n, t, st, x, strata, 2, NULL, 0, 1, 2, &c2), PG_OK);
    ck_assert(memcmp(&c1, &c2, sizeof c1) == 0);
    ck_assert(c1.estimate > 0.3 && c1.estimate < 0.7 && c1.std_err > 0);
    free(t);
    free(x);
    free(st);
    free(strata);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("concordance");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, small_and_degenerate);
    tcase_add_test(tc, random_designs);
    tcase_add_test(tc, many_ranks);
    tcase_add_test(tc, threads_same);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return pg_test_run(suite()); }
