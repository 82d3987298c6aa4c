/* check_logrank_exact.c -- the exact two-group permutation p-value of logrank (network
 * algorithm, src/methods/logrank_exact.c) against coin::logrank_test(distribution = "exact")
 * and an enumeration over strata in R (scripts/fixtures/logrank_exact.R), against a
 * brute-force enumeration in C on random tied scores, and the Monte Carlo fallback. */
#include <string.h>

#include "logrank_exact.h"
#include "pg_test.h"

#include "fixtures/logrank_exact_r.h"

static pg_frame *frame_of(const lr_fix_coin *c)
{
    pg_frame_spec s = {0};
    s.n = c->n;
    s.time = c->time;
    s.status = c->status;
    s.n_groups = 2;
    s.group = c->group;
    s.n_strata = c->ns;
    s.strata = c->ns > 1 ? c->strata : NULL;
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, &e), PG_OK);
    return fr;
}

static pg_logrank *run(const pg_frame *fr, const pg_logrank_opts *o)
{
    pg_logrank *lr = NULL;
    pg_error e = {0};
    int rc = pg_logrank_test(fr, o, &lr, &e);
    ck_assert_msg(rc == PG_OK, "pg_logrank_test: %d %s", rc, e.msg);
    return lr;
}

static void opts_of(const lr_fix_coin *c, pg_logrank_opts *o)
{
    pg_logrank_opts_init(o);
    o->weights = c->weights;
    o->rho = c->rho;
    o->exact = 1;
}

/* Every fixture case to its tolerance: 1e-9 (the network's counts are exact integers here),
 * 1e-6 where coin's own tolerance counts a few near-ties (gehan, Tarone-Ware; see the R
 * script). */
START_TEST(matches_coin_and_strata_enumeration)
{
    for (size_t i = 0; i < LR_COIN_NCASES; i++) {
        const lr_fix_coin *c = &lr_coin_cases[i];
        pg_frame *fr = frame_of(c);
        pg_logrank_opts o;
        opts_of(c, &o);
        pg_logrank *lr = run(fr, &o);
        ck_assert(lr->has_exact);
        ck_assert_msg(lr->exact_method == PG_EXACT_NETWORK, "%s: method %d", c->call,
                      (int)lr->exact_method);
        ck_assert_int_eq(lr->exact_enumerated, 1);
        ck_assert(isnan(lr->exact_mc_se));
        ck_assert_msg(fabs(lr->exact_p - c->p) <= c->tol * c->p, "%s: p = %.17g, want %.17g",
                      c->call, lr->exact_p, c->p);
        /* the observed statistic is survdiff's U = O_2 - E_2 (coin's with the sign turned) */
        pg_ck_rel(lr->observed[1] - lr->expected[1], c->u, 1e-9);
        pg_logrank_free(lr);
        pg_frame_free(fr);
    }
}
END_TEST

/* gehan: C(42, 21) = 538257874440 arrangements, counted exactly. */
START_TEST(gehan_count)
{
    for (size_t i = 0; i < LR_COIN_NCASES; i++) {
        const lr_fix_coin *c = &lr_coin_cases[i];
        if (!strstr(c->call, "gehan_6mp") || c->weights != PG_WEIGHTS_LOGRANK) continue;
        pg_frame *fr = frame_of(c);
        pg_logrank_opts o;
        opts_of(c, &o);
        pg_logrank *lr = run(fr, &o);
        ck_assert_uint_eq(lr->exact_draws, 538257874440u);
        ck_assert_uint_gt(lr->exact_nodes, 0);
        /* beyond its node limit the network gives up: Monte Carlo, saying so */
        o.max_nodes = 10;
        o.permutations = 4000;
        pg_logrank *mc = run(fr, &o);
        ck_assert(mc->exact_method == PG_EXACT_MONTE_CARLO);
        ck_assert_int_eq(mc->exact_enumerated, 0);
        ck_assert_int_eq(mc->exact_mc_asked, 0);
        ck_assert_uint_eq(mc->exact_draws, 4000);
        pg_ck_rel(mc->exact_mc_se, sqrt(mc->exact_p * (1 - mc->exact_p) / 4000), 1e-12);
        /* and asked for */
        o.max_nodes = 1000000;
        o.monte_carlo = 3000;
        pg_logrank *asked = run(fr, &o);
        ck_assert(asked->exact_method == PG_EXACT_MONTE_CARLO);
        ck_assert_int_eq(asked->exact_mc_asked, 1);
        ck_assert_uint_eq(asked->exact_draws, 3000);
        pg_logrank_free(lr);
        pg_logrank_free(mc);
        pg_logrank_free(asked);
        pg_frame_free(fr);
        return;
    }
    ck_abort_msg("no gehan case in the fixture");
}
END_TEST

/* Brute force: every labelling of each stratum with its group-1 count, by bit masks. */
static double brute(size_t ns, const size_t *start, const double *a, const size_t *m,
                    double cut)
{
    /* distribution of U as a list of (sum, count), convolved stratum by stratum */
    size_t cap = 1 << 16, n = 1;
    double *v = malloc(cap * sizeof *v), *w = malloc(cap * sizeof *w);
    double *v2 = malloc(cap * sizeof *v2), *w2 = malloc(cap * sizeof *w2);
    ck_assert(v && w && v2 && w2);
    v[0] = 0;
    w[0] = 1;
    for (size_t s = 0; s < ns; s++) {
        size_t len = start[s + 1] - start[s], n2 = 0;
        for (unsigned long mask = 0; mask < (1ul << len); mask++) {
            if ((size_t)__builtin_popcountl(mask) != m[s]) continue;
            double sum = 0;
            for (size_t q = 0; q < len; q++)
                if (mask >> q & 1) sum += a[start[s] + q];
            for (size_t i = 0; i < n; i++) {
                ck_assert_uint_lt(n2, cap);
                v2[n2] = v[i] + sum;
                w2[n2++] = w[i];
            }
        }
        double *t = v; v = v2; v2 = t;
        t = w; w = w2; w2 = t;
        n = n2;
    }
    double hit = 0, all = 0;
    for (size_t i = 0; i < n; i++) {
        all += w[i];
        if (fabs(v[i]) >= cut) hit += w[i];
    }
    free(v);
    free(w);
    free(v2);
    free(w2);
    return hit / all;
}

/* Random tied scores (centred within each stratum, as log-rank scores are), one to three
 * strata, some with a single group: the network equals the brute force. */
START_TEST(network_equals_brute_force)
{
    unsigned long x = 12345;
    for (int rep = 0; rep < 300; rep++) {
        size_t ns = 1 + rep % 3, start[4] = {0}, m[3], pos[32], lab[32];
        double a[32];
        for (size_t s = 0; s < ns; s++) {
            x = x * 6364136223846793005ul + 1442695040888963407ul;
            size_t len = 2 + (x >> 33) % (ns == 1 ? 13 : 5);
            start[s + 1] = start[s] + len;
            double mean = 0;
            for (size_t q = start[s]; q < start[s + 1]; q++) {
                x = x * 6364136223846793005ul + 1442695040888963407ul;
                a[q] = (double)((x >> 40) % 5) / 3.0 - 0.1 * (double)((x >> 20) % 2);
                mean += a[q];
            }
            mean /= (double)len;
            for (size_t q = start[s]; q < start[s + 1]; q++) a[q] -= mean;
            x = x * 6364136223846793005ul + 1442695040888963407ul;
            m[s] = (x >> 33) % (len + 1);
            for (size_t q = start[s]; q < start[s + 1]; q++) {
                pos[q] = q;
                lab[q] = q - start[s] < m[s];
            }
        }
        /* the observed U: a random arrangement's sum */
        double u = 0;
        for (size_t s = 0; s < ns; s++) {
            x = x * 6364136223846793005ul + 1442695040888963407ul;
            size_t off = (x >> 33) % (start[s + 1] - start[s]);
            for (size_t j = 0; j < m[s]; j++) {
                size_t len = start[s + 1] - start[s];
                u += a[start[s] + (off + j) % len];
            }
        }
        double cut = fabs(u) - 1e-9, p = NAN; /* distinct sums are 1/30 apart */
        size_t peak = 0;
        ck_assert_int_eq(pg_lr_exact_two(ns, start, pos, lab, a, u, 1000000, &p, &peak), 0);
        double want = cut > 0 ? brute(ns, start, a, m, cut) : 1.0;
        ck_assert_msg(fabs(p - want) < 1e-12, "rep %d: network %.17g, brute force %.17g", rep, p,
                      want);
    }
}
END_TEST

/* Identical groups: U = 0, p = 1 (coin: "if (q == 0) 1"). */
START_TEST(zero_statistic)
{
    static const double t[] = {1, 2, 3, 4, 1, 2, 3, 4};
    static const int d[] = {1, 0, 1, 1, 1, 0, 1, 1};
    static const size_t g[] = {0, 0, 0, 0, 1, 1, 1, 1};
    lr_fix_coin c = {"identical groups", 8, 1, t, d, g, NULL, PG_WEIGHTS_LOGRANK, 0, 1, 0, 0};
    pg_frame *fr = frame_of(&c);
    pg_logrank_opts o;
    opts_of(&c, &o);
    pg_logrank *lr = run(fr, &o);
    ck_assert(lr->exact_method == PG_EXACT_NETWORK);
    ck_assert(lr->exact_p == 1.0);
    ck_assert_uint_eq(lr->exact_draws, 70);
    pg_logrank_free(lr);
    pg_frame_free(fr);
}
END_TEST

static Suite *logrank_exact_suite(void)
{
    Suite *s = suite_create("logrank_exact");
    TCase *tc = tcase_create("exact");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, matches_coin_and_strata_enumeration);
    tcase_add_test(tc, gehan_count);
    tcase_add_test(tc, network_equals_brute_force);
    tcase_add_test(tc, zero_statistic);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(logrank_exact_suite());
}
