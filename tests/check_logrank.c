/* check_logrank.c -- the log-rank family against R. Expected values from
 * scripts/fixtures/logrank.R (survival 3.x survdiff; direct formulas for the weights R lacks;
 * brute-force enumeration for exact p-values). */
#include <string.h>

#include "pg_test.h"
#include "render_logrank.h"

#include "fixtures/logrank_aml.h"
#include "fixtures/logrank_colon.h"
#include "fixtures/logrank_exact.h"
#include "fixtures/logrank_gehan.h"
#include "fixtures/logrank_lung.h"
#include "fixtures/logrank_noevgroup.h"
#include "fixtures/logrank_onepergroup.h"
#include "fixtures/logrank_ovarian.h"
#include "fixtures/logrank_tied.h"
#include "fixtures/logrank_tied3.h"
#include "fixtures/logrank_veteran.h"

static pg_frame *frame_of(const lr_fix_data *d)
{
    pg_frame_spec s = {0};
    s.n = d->n;
    s.time = d->time;
    s.status = d->status;
    s.n_groups = d->k;
    s.group = d->group;
    s.group_names = d->group_names;
    s.n_strata = d->ns;
    s.strata = d->strata;
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

/* Every overall test of a fixture: O, E, V, chi-square, df and p, all to 1e-6. */
static void check_tests(const lr_fix_data *d, const lr_fix_test *t, size_t nt)
{
    pg_frame *fr = frame_of(d);
    for (size_t i = 0; i < nt; i++) {
        pg_logrank_opts o;
        pg_logrank_opts_init(&o);
        o.weights = (pg_weights)t[i].weights;
        o.rho = t[i].rho;
        o.gamma = t[i].gamma;
        pg_logrank *lr = run(fr, &o);
        ck_assert_uint_eq(lr->n_groups, d->k);
        ck_assert_uint_eq(lr->n, d->n);
        ck_assert_uint_eq(lr->n_strata, d->ns);
        for (size_t g = 0; g < d->k; g++) {
            ck_assert_str_eq(lr->group[g], d->group_names[g]);
            pg_ck_rel(lr->observed[g], t[i].obs[g], 1e-6);
            pg_ck_rel(lr->expected[g], t[i].expct[g], 1e-6);
            for (size_t h = 0; h < d->k; h++)
                pg_ck_abs(lr->variance[g * d->k + h], t[i].var[g * d->k + h],
                          1e-6 * fabs(t[i].var[g * d->k + g]) + 1e-12);
        }
        pg_ck_rel(lr->chisq, t[i].chisq, 1e-6);
        pg_ck_rel(lr->df, t[i].df, 1e-12);
        pg_ck_rel(lr->p, t[i].p, 1e-6);
        pg_logrank_free(lr);
    }
    pg_frame_free(fr);
}

static void check_trends(const lr_fix_data *d, const lr_fix_trend *t, size_t nt)
{
    pg_frame *fr = frame_of(d);
    for (size_t i = 0; i < nt; i++) {
        pg_logrank_opts o;
        pg_logrank_opts_init(&o);
        o.weights = t[i].rho != 0 ? PG_WEIGHTS_GRHO : PG_WEIGHTS_LOGRANK;
        o.rho = t[i].rho;
        o.trend = 1;
        if (t[i].has_scores) {
            o.scores = t[i].scores;
            o.n_scores = d->k;
        }
        pg_logrank *lr = run(fr, &o);
        ck_assert(lr->has_trend);
        pg_ck_rel(lr->trend_u, t[i].u, 1e-6);
        pg_ck_rel(lr->trend_var, t[i].v, 1e-6);
        pg_ck_rel(lr->trend_chisq, t[i].chisq, 1e-6);
        pg_ck_rel(lr->trend_p, t[i].p, 1e-6);
        ck_assert(lr->trend_df == 1);
        for (size_t g = 0; g < d->k; g++) pg_ck_rel(lr->trend_scores[g], t[i].scores[g], 0);
        pg_logrank_free(lr);
    }
    pg_frame_free(fr);
}

static void check_pairs(const lr_fix_data *d, const lr_fix_pairs *t, size_t nt)
{
    pg_frame *fr = frame_of(d);
    for (size_t i = 0; i < nt; i++) {
        pg_logrank_opts o;
        pg_logrank_opts_init(&o);
        o.weights = (pg_weights)t[i].weights;
        o.rho = t[i].rho;
        o.gamma = t[i].gamma;
        o.pairwise = 1;
        o.adjust = (pg_adjust)t[i].adjust;
        pg_logrank *lr = run(fr, &o);
        ck_assert_uint_eq(lr->n_pairs, t[i].npairs);
        size_t q = 0;
        for (size_t a = 0; a < d->k; a++)
            for (size_t b = a + 1; b < d->k; b++, q++) {
                ck_assert_uint_eq(lr->pairs[q].a, a);
                ck_assert_uint_eq(lr->pairs[q].b, b);
                pg_ck_rel(lr->pairs[q].chisq, t[i].chisq[q], 1e-6);
                pg_ck_rel(lr->pairs[q].p, t[i].p[q], 1e-6);
                pg_ck_rel(lr->pairs[q].p_adjusted, t[i].p_adjusted[q], 1e-6);
            }
        pg_logrank_free(lr);
    }
    pg_frame_free(fr);
}

START_TEST(aml_matches_survdiff) { check_tests(&lr_aml_data, lr_aml_tests, LR_AML_NTESTS); }
END_TEST
START_TEST(gehan_matches_survdiff)
{
    check_tests(&lr_gehan_data, lr_gehan_tests, LR_GEHAN_NTESTS);
}
END_TEST
START_TEST(lung_matches_survdiff) { check_tests(&lr_lung_data, lr_lung_tests, LR_LUNG_NTESTS); }
END_TEST
START_TEST(ovarian_matches_survdiff)
{
    check_tests(&lr_ovarian_data, lr_ovarian_tests, LR_OVARIAN_NTESTS);
}
END_TEST
START_TEST(veteran_four_groups)
{
    check_tests(&lr_veteran_data, lr_veteran_tests, LR_VETERAN_NTESTS);
    check_trends(&lr_veteran_data, lr_veteran_trends, LR_VETERAN_NTRENDS);
    check_pairs(&lr_veteran_data, lr_veteran_pairs, LR_VETERAN_NPAIRS);
}
END_TEST
START_TEST(colon_stratified)
{
    check_tests(&lr_colon_data, lr_colon_tests, LR_COLON_NTESTS);
    check_trends(&lr_colon_data, lr_colon_trends, LR_COLON_NTRENDS);
    check_pairs(&lr_colon_data, lr_colon_pairs, LR_COLON_NPAIRS);
}
END_TEST

/* Exact p-values: complete enumeration equals R's brute force exactly. */
START_TEST(exact_enumeration_matches_brute_force)
{
    for (size_t i = 0; i < LR_EXACT_NCASES; i++) {
        const lr_fix_exact *c = &lr_exact_cases[i];
        lr_fix_data d = {"exact", c->n, c->k, c->ns, c->time, c->status, c->group, c->strata,
                         NULL};
        pg_frame_spec s = {0};
        s.n = d.n;
        s.time = d.time;
        s.status = d.status;
        s.n_groups = d.k;
        s.group = d.group;
        s.n_strata = d.ns;
        s.strata = d.strata;
        pg_frame *fr = NULL;
        ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
        pg_logrank_opts o;
        pg_logrank_opts_init(&o);
        o.weights = (pg_weights)c->weights;
        o.rho = c->rho;
        o.exact = 1;
        pg_logrank *lr = run(fr, &o);
        ck_assert(lr->has_exact);
        ck_assert_int_eq(lr->exact_enumerated, 1);
        ck_assert_uint_eq(lr->exact_draws, c->arrangements);
        ck_assert_msg(fabs(lr->exact_p - c->p) < 1e-12, "%s: p = %.17g, want %.17g", c->call,
                      lr->exact_p, c->p);
        pg_ck_rel(lr->exact_stat, c->stat, 1e-6);
        ck_assert_int_eq(lr->exact_method, PG_EXACT_NETWORK);   /* k groups: the network */
        o.max_nodes = 1;                                        /* ... and without it */
        pg_logrank *en = run(fr, &o);
        ck_assert_int_eq(en->exact_enumerated, 1);
        ck_assert_msg(fabs(en->exact_p - c->p) < 1e-12, "%s (no network): p = %.17g", c->call,
                      en->exact_p);
        pg_logrank_free(en);
        pg_logrank_free(lr);
        pg_frame_free(fr);
    }
}
END_TEST

#ifdef LR_EXACT_COIN_UNTIED
START_TEST(exact_matches_coin)
{
    const lr_fix_exact *c = &lr_exact_cases[9];      /* untied, log-rank */
    ck_assert(strstr(c->call, "untied, logrank") != NULL);
    pg_frame_spec s = {0};
    s.n = c->n;
    s.time = c->time;
    s.status = c->status;
    s.n_groups = c->k;
    s.group = c->group;
    pg_frame *fr = NULL;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
    pg_logrank_opts o;
    pg_logrank_opts_init(&o);
    o.exact = 1;
    pg_logrank *lr = run(fr, &o);
    pg_ck_rel(lr->exact_p, LR_EXACT_COIN_UNTIED, 1e-9);
    pg_logrank_free(lr);
    pg_frame_free(fr);
    /* aml: tied times, C(23, 11) = 1352078 arrangements enumerated */
    fr = frame_of(&lr_aml_data);
    o.max_enumerate = 2000000;
    lr = run(fr, &o);
    ck_assert_int_eq(lr->exact_enumerated, 1);
    ck_assert_uint_eq(lr->exact_draws, 1352078);
    pg_ck_rel(lr->exact_p, LR_EXACT_COIN_AML, 1e-6);
    pg_logrank_free(lr);
    pg_frame_free(fr);
}
END_TEST
#endif

typedef struct progress_log {
    size_t calls, last_done, last_total;
} progress_log;

static void note_progress(size_t done, size_t total, void *ctx)
{
    progress_log *p = ctx;
    p->calls++;
    ck_assert_uint_le(done, total);
    ck_assert_uint_ge(done, p->last_done);
    p->last_done = done;
    p->last_total = total;
}

/* Monte Carlo: reproducible for a seed, of the (1 + hits) / (1 + B) form, and close to the
 * enumerated p (20000 draws: SE about 0.003). */
START_TEST(exact_monte_carlo)
{
    const lr_fix_exact *c = &lr_exact_cases[3];      /* three groups, 1680 arrangements */
    pg_frame_spec s = {0};
    s.n = c->n;
    s.time = c->time;
    s.status = c->status;
    s.n_groups = c->k;
    s.group = c->group;
    pg_frame *fr = NULL;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
    pg_logrank_opts o;
    pg_logrank_opts_init(&o);
    o.exact = 1;
    o.max_enumerate = 1000;                          /* < 1680: Monte Carlo */
    o.max_nodes = 1;                                 /* and no network */
    o.permutations = 20000;
    o.seed = 42;
    progress_log pl = {0};
    o.progress = note_progress;
    o.progress_ctx = &pl;
    pg_logrank *a = run(fr, &o);
    ck_assert_int_eq(a->exact_enumerated, 0);
    ck_assert_uint_eq(a->exact_draws, 20000);
    ck_assert_uint_eq(a->exact_seed, 42);
    double hits = a->exact_p * 20001 - 1;
    ck_assert(fabs(hits - floor(hits + 0.5)) < 1e-6);
    ck_assert_msg(fabs(a->exact_p - c->p) < 0.015, "MC p %g vs exact %g", a->exact_p, c->p);
    ck_assert_uint_ge(pl.calls, 2);
    ck_assert_uint_eq(pl.last_done, 20000);
    ck_assert_uint_eq(pl.last_total, 20000);
    o.progress = NULL;
    pg_logrank *b = run(fr, &o);
    ck_assert(a->exact_p == b->exact_p);
    o.seed = 7;
    pg_logrank *d = run(fr, &o);
    ck_assert(fabs(d->exact_p - c->p) < 0.015);
    ck_assert(d->exact_p != a->exact_p);
    pg_logrank_free(a);
    pg_logrank_free(b);
    pg_logrank_free(d);
    pg_frame_free(fr);
}
END_TEST

/* The chi-square on gehan is the published 16.8 (Gehan 1965; survdiff prints 16.8). */
START_TEST(gehan_published_chisq)
{
    pg_frame *fr = frame_of(&lr_gehan_data);
    pg_logrank *lr = run(fr, NULL);
    ck_assert(fabs(lr->chisq - 16.8) < 0.05);
    ck_assert_int_eq(lr->weights, PG_WEIGHTS_LOGRANK);
    pg_logrank_free(lr);
    pg_frame_free(fr);
}
END_TEST

/* ---- edge ---- */
START_TEST(edge_one_subject_per_group)
{
    check_tests(&lr_onepergroup_data, lr_onepergroup_tests, LR_ONEPERGROUP_NTESTS);
}
END_TEST
START_TEST(edge_group_without_events)
{
    check_tests(&lr_noevgroup_data, lr_noevgroup_tests, LR_NOEVGROUP_NTESTS);
}
END_TEST
START_TEST(edge_all_times_tied)
{
    check_tests(&lr_tied_data, lr_tied_tests, LR_TIED_NTESTS);
    check_tests(&lr_tied3_data, lr_tied3_tests, LR_TIED3_NTESTS);
    check_trends(&lr_tied3_data, lr_tied3_trends, LR_TIED3_NTRENDS);
    check_pairs(&lr_tied3_data, lr_tied3_pairs, LR_TIED3_NPAIRS);
}
END_TEST

/* A group the frame knows but that has no rows is left out, as survdiff's table(groups) is. */
START_TEST(edge_empty_group_dropped)
{
    double t[] = {1, 2, 3, 4, 5, 6};
    int st[] = {1, 1, 1, 0, 1, 1};
    size_t g[] = {0, 2, 0, 2, 0, 2};
    const char *gn[] = {"g=a", "g=b", "g=c"};
    pg_frame_spec s = {0};
    s.n = 6;
    s.time = t;
    s.status = st;
    s.n_groups = 3;
    s.group = g;
    s.group_names = gn;
    pg_frame *fr = NULL;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
    pg_logrank_opts o;
    pg_logrank_opts_init(&o);
    o.pairwise = 1;
    pg_logrank *lr = run(fr, &o);
    ck_assert_uint_eq(lr->n_groups, 2);
    ck_assert_str_eq(lr->group[1], "g=c");
    ck_assert(lr->df == 1);
    ck_assert_uint_eq(lr->n_pairs, 1);
    pg_ck_rel(lr->pairs[0].chisq, lr->chisq, 1e-12);
    pg_logrank_free(lr);
    pg_frame_free(fr);
}
END_TEST

/* A stratum holding one group only adds O = E and no variance; every subject an event. */
START_TEST(edge_single_group_stratum_all_events)
{
    double t[] = {1, 2, 3, 4, 5, 6, 7, 8};
    int st[] = {1, 1, 1, 1, 1, 1, 1, 1};
    size_t g[] = {0, 1, 0, 1, 0, 0, 0, 0};
    size_t sa[] = {0, 0, 0, 0, 1, 1, 1, 1};
    pg_frame_spec s = {0};
    s.n = 8;
    s.time = t;
    s.status = st;
    s.n_groups = 2;
    s.group = g;
    s.n_strata = 2;
    s.strata = sa;
    pg_frame *fr = NULL;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
    pg_logrank *lr = run(fr, NULL);
    /* R: survdiff(Surv(t, st) ~ g + strata(sa)): obs 6 2, exp 6.5 1.5 ... stratum 1 only */
    pg_ck_rel(lr->observed[0], 6, 1e-12);
    pg_ck_rel(lr->expected[0], 1.0 / 4 * 2 + 1.0 / 3 + 1.0 / 2 + 0 + 4, 1e-12);
    pg_ck_rel(lr->observed[0] + lr->observed[1], lr->expected[0] + lr->expected[1], 1e-12);
    ck_assert(lr->chisq > 0);
    pg_logrank_free(lr);
    pg_frame_free(fr);
}
END_TEST

/* ---- errors ---- */
START_TEST(error_all_censored)
{
    double t[] = {1, 2, 3, 4};
    int st[] = {0, 0, 0, 0};
    size_t g[] = {0, 1, 0, 1};
    pg_frame_spec s = {0};
    s.n = 4;
    s.time = t;
    s.status = st;
    s.n_groups = 2;
    s.group = g;
    pg_frame *fr = NULL;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
    pg_logrank *lr = (pg_logrank *)1;
    pg_error e = {0};
    ck_assert_int_eq(pg_logrank_test(fr, NULL, &lr, &e), PG_ENOEVENTS);
    ck_assert_ptr_null(lr);
    ck_assert_int_eq(e.code, PG_ENOEVENTS);
    ck_assert_str_eq(e.msg, "logrank: no events (every observation is censored)");
    pg_frame_free(fr);
}
END_TEST

START_TEST(error_one_group)
{
    double t[] = {1, 2, 3};
    int st[] = {1, 0, 1};
    size_t g[] = {1, 1, 1};
    const char *gn[] = {"sex=F", "sex=M"};
    pg_frame_spec s = {0};
    s.n = 3;
    s.time = t;
    s.status = st;
    pg_frame *fr = NULL;
    pg_logrank *lr = NULL;
    pg_error e = {0};
    /* no grouping variable at all */
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
    ck_assert_int_eq(pg_logrank_test(fr, NULL, &lr, &e), PG_EANALYSIS);
    ck_assert_ptr_null(lr);
    ck_assert(strncmp(e.msg, "logrank needs at least two groups; ", 35) == 0);
    ck_assert(strstr(e.msg, "no grouping variable") != NULL);
    pg_frame_free(fr);
    /* a grouping variable with one level present (n = 1 included below) */
    s.n_groups = 2;
    s.group = g;
    s.group_names = gn;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
    ck_assert_int_eq(pg_logrank_test(fr, NULL, &lr, &e), PG_EANALYSIS);
    ck_assert_str_eq(e.msg, "logrank needs at least two groups; every row is in group 'sex=M'");
    pg_frame_free(fr);
    s.n = 1;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
    ck_assert_int_eq(pg_logrank_test(fr, NULL, &lr, &e), PG_EANALYSIS);
    pg_frame_free(fr);
}
END_TEST

START_TEST(error_bad_options)
{
    pg_frame *fr = frame_of(&lr_veteran_data);
    pg_logrank *lr = NULL;
    pg_error e = {0};
    pg_logrank_opts o;
    pg_logrank_opts_init(&o);
    double sc[] = {1, 2, 3};
    o.trend = 1;
    o.scores = sc;
    o.n_scores = 3;
    ck_assert_int_eq(pg_logrank_test(fr, &o, &lr, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "logrank: 3 trend scores given for 4 groups");
    ck_assert_ptr_null(lr);
    pg_logrank_opts_init(&o);
    o.weights = PG_WEIGHTS_GRHO;
    o.rho = -1;
    ck_assert_int_eq(pg_logrank_test(fr, &o, &lr, &e), PG_EINPUT);
    ck_assert(strstr(e.msg, "rho and gamma") != NULL);
    pg_logrank_opts_init(&o);
    o.weights = (pg_weights)17;
    ck_assert_int_eq(pg_logrank_test(fr, &o, &lr, &e), PG_EINPUT);
    pg_weights w = PG_WEIGHTS_GEHAN;
    ck_assert_int_eq(pg_logrank_weights_parse("nonsense", &w), PG_EINPUT);
    ck_assert_int_eq(w, PG_WEIGHTS_GEHAN);
    ck_assert_int_eq(pg_logrank_weights_parse("tarone-ware", &w), PG_OK);
    ck_assert_int_eq(w, PG_WEIGHTS_TARONE_WARE);
    ck_assert_str_eq(pg_logrank_weights_name(PG_WEIGHTS_FH), "fh");
    pg_adjust a = PG_ADJUST_NONE;
    ck_assert_int_eq(pg_logrank_adjust_parse("holm", &a), PG_OK);
    ck_assert_int_eq(a, PG_ADJUST_HOLM);
    ck_assert_int_eq(pg_logrank_adjust_parse("BH", &a), PG_EINPUT);
    pg_frame_free(fr);
}
END_TEST

/* ---- rendering ---- */
static char *render(const pg_logrank *lr, pg_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_logrank_render(f, lr, fmt), PG_OK);
    fclose(f);
    return buf;
}

/* R 4.2, survival 3.5: print(survdiff(Surv(time, cens) ~ treat, data = MASS::gehan)) */
START_TEST(render_text_like_r)
{
    pg_frame *fr = frame_of(&lr_gehan_data);
    pg_logrank *lr = run(fr, NULL);
    char *s = render(lr, PG_FMT_TEXT);
    ck_assert_str_eq(s,
                     "               N Observed Expected (O-E)^2/E (O-E)^2/V\n"
                     "treat=6-MP    21        9     19.3      5.46      16.8\n"
                     "treat=control 21       21     10.7      9.77      16.8\n"
                     "\n"
                     " Chisq= 16.8  on 1 degrees of freedom, p= 4e-05\n");
    free(s);
    pg_logrank_free(lr);
    pg_frame_free(fr);
}
END_TEST

/* print(survdiff(Surv(time, status) ~ celltype, data = read.csv("tests/data/veteran.csv"))) */
START_TEST(render_text_veteran)
{
    pg_frame *fr = frame_of(&lr_veteran_data);
    pg_logrank *lr = run(fr, NULL);
    char *s = render(lr, PG_FMT_TEXT);
    ck_assert_str_eq(s,
                     "                    N Observed Expected (O-E)^2/E (O-E)^2/V\n"
                     "celltype=adeno     27       26     15.7      6.77      8.19\n"
                     "celltype=large     27       26     34.5      2.12      3.02\n"
                     "celltype=smallcell 48       45     30.1      7.37     10.20\n"
                     "celltype=squamous  35       31     47.7      5.82     10.53\n"
                     "\n"
                     " Chisq= 25.4  on 3 degrees of freedom, p= 1e-05\n");
    free(s);
    pg_logrank_free(lr);
    pg_frame_free(fr);
}
END_TEST

START_TEST(render_json_contract)
{
    pg_frame *fr = frame_of(&lr_veteran_data);
    pg_logrank_opts o;
    pg_logrank_opts_init(&o);
    o.trend = 1;
    o.pairwise = 1;
    pg_logrank *lr = run(fr, &o);
    char *s = render(lr, PG_FMT_JSON);
    json_error_t je;
    json_t *root = json_loads(s, 0, &je);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(json_string_value(json_object_get(root, "weights")), "logrank");
    pg_ck_rel(json_real_value(json_object_get(root, "chisq")), lr_veteran_tests[0].chisq, 1e-15);
    ck_assert(json_is_array(json_object_get(root, "groups")));
    ck_assert_uint_eq(json_array_size(json_object_get(root, "groups")), 4);
    json_t *g0 = json_array_get(json_object_get(root, "groups"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(g0, "group")), "celltype=adeno");
    ck_assert(json_number_value(json_object_get(g0, "n")) == 27);
    ck_assert_uint_eq(json_array_size(json_object_get(root, "variance")), 4);
    ck_assert(json_is_object(json_object_get(root, "trend")));
    ck_assert_uint_eq(json_array_size(json_object_get(root, "pairwise")), 6);
    json_t *p0 = json_array_get(json_object_get(root, "pairwise"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(p0, "group2")), "celltype=large");
    ck_assert(json_is_null(json_object_get(root, "exact_p")));
    ck_assert(json_number_value(json_object_get(root, "strata")) == 1);
    ck_assert(json_number_value(json_object_get(json_object_get(root, "dropped"), "missing")) == 0);
    json_decref(root);
    free(s);
    s = render(lr, PG_FMT_CSV);
    ck_assert(strncmp(s, "section,group,group2,", 21) == 0);
    ck_assert(strstr(s, "\ngroup,celltype=adeno,,27,26,") != NULL);
    free(s);
    s = render(lr, PG_FMT_MD);
    ck_assert(strstr(s, "| celltype=adeno") != NULL);
    free(s);
    pg_logrank_free(lr);
    pg_frame_free(fr);
}
END_TEST

/* pg_cox_logrank with case weights: O and E are sums of weights (O - E the Cox score at b = 0,
 * Breslow ties) and V the information there; values from scripts/fixtures/cox_logrank_weights.R
 * (coxph(Surv(time, status) ~ factor(sex), lung_weights, weights = W, ties = "breslow",
 * iter.max = 0): coxph.detail's score, solve(naive.var)). */
START_TEST(weighted_o_e_v)
{
    static const struct { const char *w; double o1, o2, e2, v22; } want[] = {
        {"fw", 134.5, 72.75, 101.01084656626836, 51.287267080181223},
        {"w", 219, 115, 144.95853908376972, 81.334484317301289}};
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv(PG_TEST_DATA "/lung_weights.csv", NULL, &ds, &e), PG_OK);
    for (size_t k = 0; k < 2; k++) {
        pg_frame_opts fo;
        pg_frame_opts_init(&fo);
        fo.weights = want[k].w;
        pg_frame *fr = NULL;
        ck_assert_int_eq(pg_frame_new(ds, "Surv(time, status) ~ sex", &fo, &fr, &e), PG_OK);
        pg_logrank *lr = NULL;
        ck_assert_int_eq(pg_cox_logrank(fr, PG_TIES_BRESLOW, &lr, &e), PG_OK);
        pg_ck_rel(lr->observed[0], want[k].o1, 1e-12);
        pg_ck_rel(lr->observed[1], want[k].o2, 1e-12);
        pg_ck_rel(lr->expected[1], want[k].e2, 1e-9);
        pg_ck_rel(lr->observed[0] + lr->observed[1], lr->expected[0] + lr->expected[1], 1e-12);
        pg_ck_rel(lr->variance[3], want[k].v22, 1e-9);
        pg_logrank_free(lr);
        pg_frame_free(fr);
    }
    pg_dataset_free(ds);
}
END_TEST

static Suite *logrank_suite(void)
{
    Suite *s = suite_create("logrank");
    TCase *tc = tcase_create("reference");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, aml_matches_survdiff);
    tcase_add_test(tc, gehan_matches_survdiff);
    tcase_add_test(tc, lung_matches_survdiff);
    tcase_add_test(tc, ovarian_matches_survdiff);
    tcase_add_test(tc, veteran_four_groups);
    tcase_add_test(tc, colon_stratified);
    tcase_add_test(tc, exact_enumeration_matches_brute_force);
#ifdef LR_EXACT_COIN_UNTIED
    tcase_add_test(tc, exact_matches_coin);
#endif
    tcase_add_test(tc, exact_monte_carlo);
    tcase_add_test(tc, gehan_published_chisq);
    tcase_add_test(tc, render_text_like_r);
    tcase_add_test(tc, render_text_veteran);
    tcase_add_test(tc, render_json_contract);
    tcase_add_test(tc, weighted_o_e_v);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_add_test(tc, edge_one_subject_per_group);
    tcase_add_test(tc, edge_group_without_events);
    tcase_add_test(tc, edge_all_times_tied);
    tcase_add_test(tc, edge_empty_group_dropped);
    tcase_add_test(tc, edge_single_group_stratum_all_events);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, error_all_censored);
    tcase_add_test(tc, error_one_group);
    tcase_add_test(tc, error_bad_options);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(logrank_suite());
}
