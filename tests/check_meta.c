/* check_meta.c -- meta-analysis against metafor 3.8. Expected values from
 * scripts/fixtures/meta.R: rma(yi, vi, method, test) with confint() (Q-profile) and predict(),
 * on dat.bcg (escalc "RR") and dat.hackshaw1998 (published ORs and 95% CIs); rma.peto on
 * dat.bcg's 2x2 tables. */
#include <math.h>
#include <string.h>

#include "pg_test.h"
#include "prognos/meta.h"

#include "fixtures/meta_r.h"

#define NBCG (sizeof meta_bcg_yi / sizeof *meta_bcg_yi)
#define NHK (sizeof meta_hk_yi / sizeof *meta_hk_yi)

static pg_meta *fit(const double *y, const double *v, size_t k, int method, int test)
{
    pg_meta_opts o;
    pg_meta_opts_init(&o);
    o.method = (pg_meta_method)method;
    o.test = (pg_meta_test)test;
    pg_meta *m = NULL;
    pg_error e = {0};
    ck_assert_msg(pg_meta_fit(y, v, k, &o, &m, &e) == PG_OK, "fit: %s", e.msg);
    return m;
}

/* Every method x test on both data sets: every number metafor reports. */
START_TEST(every_method_like_metafor)
{
    const meta_ref *r = &meta_refs[_i];
    int bcg = strcmp(r->set, "bcg") == 0;
    size_t k = bcg ? NBCG : NHK;
    pg_meta *m = fit(bcg ? meta_bcg_yi : meta_hk_yi, bcg ? meta_bcg_vi : meta_hk_vi, k,
                     r->method, r->test);
    const double *v = r->v, tol = 1e-8;
    pg_ck_rel(m->estimate, v[0], tol);
    pg_ck_rel(m->se, v[1], tol);
    pg_ck_rel(m->stat, v[2], tol);
    pg_ck_rel(m->p, v[3], 1e-7);
    pg_ck_rel(m->conf_low, v[4], tol);
    pg_ck_rel(m->conf_high, v[5], tol);
    pg_ck_abs(m->tau2, v[6], 1e-10);
    pg_ck_abs(m->tau2_low, v[7], 1e-9);
    pg_ck_abs(m->tau2_high, v[8], 1e-9);
    pg_ck_abs(m->i2, v[9], 1e-7);
    pg_ck_abs(m->i2_low, v[10], 1e-6);
    pg_ck_abs(m->i2_high, v[11], 1e-6);
    pg_ck_rel(m->h2, v[12], tol);
    pg_ck_rel(m->q, v[13], tol);
    pg_ck_rel(m->q_p, v[14], 1e-7);
    pg_ck_rel(m->pi_low, v[15], tol);
    pg_ck_rel(m->pi_high, v[16], tol);
    for (size_t i = 0; i < k; i++) pg_ck_rel(m->weight[i], v[17 + i], tol);
    pg_meta_free(m);
}
END_TEST

/* The SE of tau2 for every estimator (rma(yi, vi, method)$se.tau2): 2 / tr PP for REML,
 * 2 / sum w^2 for ML, the moment estimators' generalised-Q variance for DL, HE, SJ, and
 * sqrt(2 k^2 / (k - 1)) / sum w for PM. */
START_TEST(tau2_se_like_metafor)
{
    const meta_ref *r = &meta_tau2_se_refs[_i];
    int bcg = strcmp(r->set, "bcg") == 0;
    pg_meta *m = fit(bcg ? meta_bcg_yi : meta_hk_yi, bcg ? meta_bcg_vi : meta_hk_vi,
                     bcg ? NBCG : NHK, r->method, r->test);
    pg_ck_rel(m->tau2_se, r->v[0], 1e-7);
    pg_meta_free(m);
}
END_TEST

/* Peto from O-E and V: yi = (O-E)/V, vi = 1/V pooled by inverse variance (rma.peto). */
START_TEST(peto_like_rma_peto)
{
    double y[NBCG], v[NBCG];
    for (size_t i = 0; i < NBCG; i++) {
        y[i] = meta_bcg_oe[i] / meta_bcg_v[i];
        v[i] = 1.0 / meta_bcg_v[i];
    }
    pg_meta *m = fit(y, v, NBCG, PG_META_PETO, PG_META_TEST_Z);
    const double *r = meta_peto_bcg;
    pg_ck_rel(m->estimate, r[0], 1e-9);
    pg_ck_rel(m->se, r[1], 1e-9);
    pg_ck_rel(m->stat, r[2], 1e-9);
    pg_ck_rel(m->p, r[3], 1e-7);
    pg_ck_rel(m->conf_low, r[4], 1e-9);
    pg_ck_rel(m->conf_high, r[5], 1e-9);
    pg_ck_rel(m->q, r[6], 1e-9);
    pg_ck_rel(m->q_p, r[7], 1e-7);
    pg_meta_free(m);
}
END_TEST

START_TEST(two_studies)
{
    pg_meta *m = fit(meta_bcg_yi, meta_bcg_vi, 2, PG_META_REML, PG_META_TEST_Z);
    pg_ck_rel(m->estimate, meta_two_bcg[0], 1e-9);
    pg_ck_rel(m->se, meta_two_bcg[1], 1e-9);
    pg_ck_abs(m->tau2, meta_two_bcg[2], 1e-10);
    pg_ck_rel(m->q, meta_two_bcg[3], 1e-9);
    pg_meta_free(m);
}
END_TEST

/* k = 1: the study itself, heterogeneity not estimable (NaN), knha refused. */
START_TEST(one_study)
{
    pg_meta *m = fit(meta_bcg_yi, meta_bcg_vi, 1, PG_META_REML, PG_META_TEST_Z);
    pg_ck_rel(m->estimate, meta_bcg_yi[0], 1e-15);
    pg_ck_rel(m->se, sqrt(meta_bcg_vi[0]), 1e-15);
    ck_assert(isnan(m->tau2) && isnan(m->i2) && isnan(m->q_p));
    ck_assert(m->weight[0] == 100.0);
    pg_meta_free(m);
    pg_meta_opts o;
    pg_meta_opts_init(&o);
    o.test = PG_META_TEST_KNHA;
    pg_error e = {0};
    ck_assert_int_eq(pg_meta_fit(meta_bcg_yi, meta_bcg_vi, 1, &o, &m, &e), PG_EANALYSIS);
    ck_assert_ptr_null(m);
}
END_TEST

/* Identical effects: Q = 0, every estimator at its boundary 0, the CI of tau2 [0, 0]. */
START_TEST(homogeneous_boundary)
{
    const double y[3] = {0.2, 0.2, 0.2}, v[3] = {0.1, 0.2, 0.3};
    for (int meth = PG_META_DL; meth <= PG_META_SJ; meth++) {
        pg_meta *m = fit(y, v, 3, meth, PG_META_TEST_Z);
        /* SJ starts from var(y), which rounding may leave at 1e-33 rather than 0 */
        pg_ck_abs(m->tau2, 0, 1e-30);
        ck_assert(m->tau2_at_zero || meth == PG_META_SJ);
        pg_ck_abs(m->tau2_low, 0, 0);
        pg_ck_abs(m->tau2_high, 0, 0);
        pg_ck_rel(m->estimate, 0.2, 1e-14);
        pg_meta_free(m);
    }
}
END_TEST

START_TEST(bad_input)
{
    const double y[2] = {0.1, NAN}, v[2] = {0.1, 0.2}, v0[2] = {0.1, 0};
    pg_meta_opts o;
    pg_meta_opts_init(&o);
    pg_meta *m = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_meta_fit(y, v, 2, &o, &m, &e), PG_EINPUT);
    ck_assert(strstr(e.msg, "study 2") != NULL);
    ck_assert_int_eq(pg_meta_fit(v, v0, 2, &o, &m, &e), PG_EINPUT);
    ck_assert_int_eq(pg_meta_fit(v, v, 0, &o, &m, &e), PG_EINPUT);
    ck_assert_ptr_null(m);
}
END_TEST

START_TEST(subgroup_q)
{
    pg_meta *a = fit(meta_bcg_yi, meta_bcg_vi, 6, PG_META_FE, PG_META_TEST_Z);
    pg_meta *b = fit(meta_bcg_yi + 6, meta_bcg_vi + 6, NBCG - 6, PG_META_FE, PG_META_TEST_Z);
    pg_meta *all = fit(meta_bcg_yi, meta_bcg_vi, NBCG, PG_META_FE, PG_META_TEST_Z);
    const pg_meta *g[2] = {a, b};
    double q, df, p;
    pg_error e = {0};
    ck_assert_int_eq(pg_meta_subgroup_q(g, 2, &q, &df, &p, &e), PG_OK);
    /* fixed effect: Q total = Q within + Q between */
    pg_ck_rel(q, all->q - a->q - b->q, 1e-10);
    ck_assert(df == 1);
    pg_meta_free(a);
    pg_meta_free(b);
    pg_meta_free(all);
}
END_TEST

/* Egger's test against regtest() for every method and test. */
START_TEST(egger_like_regtest)
{
    const meta_ref *r = &meta_egger_refs[_i];
    int bcg = strcmp(r->set, "bcg") == 0;
    pg_meta_opts o;
    pg_meta_opts_init(&o);
    o.method = (pg_meta_method)r->method;
    o.test = (pg_meta_test)r->test;
    double st, df, p, lim, lo, hi;
    pg_error e = {0};
    ck_assert_int_eq(pg_meta_egger_test(bcg ? meta_bcg_yi : meta_hk_yi,
                                        bcg ? meta_bcg_vi : meta_hk_vi, bcg ? NBCG : NHK, &o,
                                        &st, &df, &p, &lim, &lo, &hi, &e),
                     PG_OK);
    pg_ck_rel(st, r->v[0], 1e-8);
    pg_ck_rel(p, r->v[1], 1e-7);
    pg_ck_rel(lim, r->v[2], 1e-8);
    pg_ck_rel(lo, r->v[3], 1e-8);
    pg_ck_rel(hi, r->v[4], 1e-8);
}
END_TEST

/* Leave-one-out against leave1out(): the fit of the other k - 1 studies. */
START_TEST(leave_one_out_like_leave1out)
{
    double y[NBCG], v[NBCG];
    for (size_t out = 0; out < NBCG; out++) {
        size_t m = 0;
        for (size_t i = 0; i < NBCG; i++)
            if (i != out) y[m] = meta_bcg_yi[i], v[m] = meta_bcg_vi[i], m++;
        pg_meta *f = fit(y, v, m, PG_META_REML, PG_META_TEST_Z);
        pg_ck_rel(f->estimate, meta_loo_est[out], 1e-8);
        pg_ck_rel(f->se, meta_loo_se[out], 1e-8);
        pg_ck_abs(f->tau2, meta_loo_tau2[out], 1e-10);
        pg_meta_free(f);
    }
}
END_TEST

/* Subgroups by allocation: separate REML fits and the Q between them. */
START_TEST(subgroups_like_separate_rma)
{
    pg_meta *g[3];
    double y[NBCG], v[NBCG];
    for (int l = 0; l < 3; l++) {
        size_t m = 0;
        for (size_t i = 0; i < NBCG; i++)
            if (meta_by_alloc[i] == l) y[m] = meta_bcg_yi[i], v[m] = meta_bcg_vi[i], m++;
        g[l] = fit(y, v, m, PG_META_REML, PG_META_TEST_Z);
        pg_ck_rel(g[l]->estimate, meta_by_est[l], 1e-8);
    }
    double q, df, p;
    pg_error e = {0};
    ck_assert_int_eq(pg_meta_subgroup_q((const pg_meta *const *)g, 3, &q, &df, &p, &e), PG_OK);
    pg_ck_rel(q, meta_by_q[0], 1e-8);
    pg_ck_rel(p, meta_by_q[1], 1e-7);
    for (int l = 0; l < 3; l++) pg_meta_free(g[l]);
}
END_TEST

static Suite *meta_suite(void)
{
    Suite *s = suite_create("meta");
    TCase *tc = tcase_create("metafor");
    tcase_add_loop_test(tc, every_method_like_metafor, 0,
                        (int)(sizeof meta_refs / sizeof *meta_refs));
    tcase_add_loop_test(tc, tau2_se_like_metafor, 0,
                        (int)(sizeof meta_tau2_se_refs / sizeof meta_tau2_se_refs[0]));
    tcase_add_test(tc, peto_like_rma_peto);
    tcase_add_test(tc, two_studies);
    tcase_add_loop_test(tc, egger_like_regtest, 0,
                        (int)(sizeof meta_egger_refs / sizeof *meta_egger_refs));
    tcase_add_test(tc, leave_one_out_like_leave1out);
    tcase_add_test(tc, subgroups_like_separate_rma);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_add_test(tc, one_study);
    tcase_add_test(tc, homogeneous_boundary);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, subgroup_q);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(meta_suite());
}
