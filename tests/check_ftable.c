/* check_ftable.c -- the prognostic-factor table against R, level by level.
 * Expected values: scripts/fixtures/ftable.R (survival 3.x) -> tests/fixtures/ftable_lms.h. */
#include <math.h>
#include <string.h>

#include "pg_test.h"
#include "fixtures/ftable_lms.h"
#include "fixtures/cif_r.h"

#define DATA PG_TEST_DATA "/../../datasets/"

static pg_ftable *build(const char *file, const char *formula, pg_mv_mode mv, const char *terms)
{
    pg_csv_opts co;
    pg_csv_opts_init(&co);
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_msg(pg_dataset_read_csv(file, &co, &ds, &e) == PG_OK, "%s", e.msg);
    pg_ftable_opts o;
    pg_ftable_opts_init(&o);
    double times[] = {60, 120};
    o.times = times;
    o.n_times = 2;
    o.multivariable = mv;
    o.mv_terms = terms;
    pg_ftable *t = NULL;
    int rc = pg_ftable_build(ds, formula, &o, &t, &e);
    pg_dataset_free(ds);
    ck_assert_msg(rc == PG_OK, "%s", e.msg);
    return t;
}

static const char *const LMS_FORMULA =
    "Surv(months, status == \"DOD\") ~ depth + I(size_cm > 5) + "
    "fnclcc(diff, mitoses, necrosis) + I(necrosis > 0) + sex + strata(source)";

START_TEST(lms_table_matches_r)
{
    pg_ftable *t = build(DATA "lms_synthetic.csv", LMS_FORMULA, PG_MV_ALL, NULL);
    ck_assert_uint_eq(t->n_rows, FT_LMS_ROWS);
    for (size_t i = 0; i < t->n_rows; i++) {
        const pg_ftable_row *r = &t->rows[i];
        const double *w = ft_lms[i];
        ck_assert_uint_eq(r->n, (size_t)w[0]);
        ck_assert_uint_eq(r->events, (size_t)w[1]);
        for (int k = 0; k < 2; k++) {
            pg_ck_rel(r->surv[k], w[2 + 3 * k], 1e-6);
            pg_ck_rel(r->surv_low[k], w[3 + 3 * k], 1e-6);
            pg_ck_rel(r->surv_high[k], w[4 + 3 * k], 1e-6);
        }
        pg_ck_rel(r->median, w[8], 1e-6);
        if (r->first) pg_ck_rel(r->logrank_p, w[9], 1e-6);
        /* coxph converges to 1e-9 in the log likelihood: HRs agree to about 1e-6 */
        pg_ck_rel(r->uv_hr, w[10], 1e-5);
        pg_ck_rel(r->uv_low, w[11], 1e-5);
        pg_ck_rel(r->uv_high, w[12], 1e-5);
        pg_ck_rel(r->uv_p, w[13], 1e-4);
        pg_ck_rel(r->mv_hr, w[14], 1e-5);
        pg_ck_rel(r->mv_low, w[15], 1e-5);
        pg_ck_rel(r->mv_high, w[16], 1e-5);
        pg_ck_rel(r->mv_p, w[17], 1e-4);
        ck_assert_int_eq(r->uv_firth, 0);
    }
    ck_assert(t->rows[4].trend);              /* fnclcc() is ordered: trend test */
    ck_assert_str_eq(t->rows[4].level, "1");
    ck_assert(t->rows[4].reference);
    ck_assert_str_eq(t->rows[2].level, "FALSE");
    ck_assert_uint_eq(t->mv_n, 480);
    ck_assert(t->n_notes >= 4);
    pg_ftable_free(t);
}
END_TEST

/* Every generating HR of the synthetic cohort lies inside its multivariable 95% CI. */
START_TEST(lms_table_recovers_generating_hrs)
{
    pg_ftable *t = build(DATA "lms_synthetic.csv", LMS_FORMULA, PG_MV_ALL, NULL);
    /* rows: depth (2), size (2), grade (3), necrosis (2), sex (2); HR of the second level */
    struct { size_t row; double hr; } truth[] = {
        {1, 5.0}, {3, 3.0}, {5, 2.0}, {6, 4.0}, {8, 2.0}, {10, 1 / 1.6}};
    for (size_t k = 0; k < sizeof truth / sizeof truth[0]; k++) {
        const pg_ftable_row *r = &t->rows[truth[k].row];
        ck_assert_msg(r->mv_low < truth[k].hr && truth[k].hr < r->mv_high,
                      "row %zu: %g not in (%g, %g)", truth[k].row, truth[k].hr, r->mv_low,
                      r->mv_high);
    }
    pg_ftable_free(t);
}
END_TEST

START_TEST(mv_list_and_none)
{
    pg_ftable *t = build(DATA "lms_synthetic.csv", LMS_FORMULA, PG_MV_LIST, "sex + depth");
    ck_assert(t->has_mv);
    ck_assert(isnan(t->rows[3].mv_hr));        /* size not in the model */
    ck_assert(!isnan(t->rows[1].mv_hr));
    pg_ftable_free(t);
    t = build(DATA "lms_synthetic.csv", LMS_FORMULA, PG_MV_NONE, NULL);
    ck_assert(!t->has_mv);
    pg_ftable_free(t);
}
END_TEST

/* The case reports: metastasis-free survival by depth has a level without events, so the
 * univariate model separates and Firth's estimate is used (finite, footnoted). */
START_TEST(separation_uses_firth)
{
    pg_ftable *t = build(DATA "case_reports.csv",
                         "Surv(followup_months, metastasis == \"yes\") ~ depth", PG_MV_NONE, NULL);
    int firth = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        firth |= t->rows[i].uv_firth;
        if (t->rows[i].uv_firth) ck_assert(isfinite(t->rows[i].uv_hr));
    }
    ck_assert(firth);
    int noted = 0;
    for (size_t i = 0; i < t->n_notes; i++) noted |= strstr(t->notes[i], "Firth") != NULL;
    ck_assert(noted);
    pg_ftable_free(t);
}
END_TEST

/* A model the data cannot support (a constant covariate; two collinear factors in a series of
 * two) leaves its hazard ratios empty with a note; the rest of the table is still built. */
START_TEST(unestimable_models_are_noted)
{
    double time[] = {5, 7}, status[] = {1, 0}, x[] = {1, 2}, one[] = {1, 1};
    const char *g[] = {"a", "b"};
    pg_dataset *ds = pg_dataset_new();
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "time", time, 2, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "status", status, 2, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "x", x, 2, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "one", one, 2, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_categorical(ds, "g", g, 2, &e), PG_OK);
    pg_ftable_opts o;
    pg_ftable_opts_init(&o);
    double times[] = {5};
    o.times = times;
    o.n_times = 1;
    pg_ftable *t = NULL;
    /* g and x are the same split: the multivariable model is singular */
    int rc = pg_ftable_build(ds, "Surv(time, status) ~ g + x", &o, &t, &e);
    ck_assert_msg(rc == PG_OK, "%s", e.msg);
    ck_assert_uint_eq(t->n_rows, 3);
    ck_assert(isfinite(t->rows[1].uv_hr));
    ck_assert(isnan(t->rows[1].mv_hr) && isnan(t->rows[2].mv_hr));
    int noted = 0;
    for (size_t i = 0; i < t->n_notes; i++)
        noted |= strstr(t->notes[i], "Multivariable model: no hazard ratios") != NULL;
    ck_assert(noted);
    pg_ftable_free(t);
    /* a constant covariate: no univariate hazard ratio either */
    rc = pg_ftable_build(ds, "Surv(time, status) ~ g + I(one * 2)", &o, &t, &e);
    ck_assert_msg(rc == PG_OK, "%s", e.msg);
    noted = 0;
    for (size_t i = 0; i < t->n_notes; i++)
        noted |= strstr(t->notes[i], "I(one * 2): constant among the patients") != NULL;
    ck_assert(noted);
    pg_ftable_free(t);
    /* x and 2x: the second is aliased in the multivariable model */
    rc = pg_ftable_build(ds, "Surv(time, status) ~ x + I(x * 2)", &o, &t, &e);
    ck_assert_msg(rc == PG_OK, "%s", e.msg);
    pg_ftable_free(t);
    pg_dataset_free(ds);
}
END_TEST

/* Competing risks (--censor NED,AWD --cause DOD): the incidence columns are cuminc's at 60 and
 * 120 months per depth, the p is Gray's test within strata of source, and the events are DOD's
 * (R: cif.R's case lms_depth_source, cuminc(months, status, depth, strata = source)). */
START_TEST(competing_risks_columns)
{
    const cif_fx *x = NULL;
    for (size_t i = 0; i < CIF_FX_N; i++)
        if (strcmp(cif_fx_cases[i].id, "lms_depth_source") == 0) x = &cif_fx_cases[i];
    ck_assert_ptr_nonnull(x);
    pg_csv_opts co;
    pg_csv_opts_init(&co);
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv(DATA "lms_synthetic.csv", &co, &ds, &e), PG_OK);
    pg_ftable_opts o;
    pg_ftable_opts_init(&o);
    const char *censor[] = {"NED", "AWD"};
    o.times = x->times;
    o.n_times = x->n_times;
    o.conf_type = PG_CONF_LOGLOG;
    o.censor = censor;
    o.n_censor = 2;
    o.cause = "DOD";
    o.multivariable = PG_MV_NONE;
    pg_ftable *t = NULL;
    ck_assert_msg(pg_ftable_build(ds, x->formula, &o, &t, &e) == PG_OK, "%s", e.msg);
    ck_assert(t->competing);
    ck_assert_uint_eq(t->n_rows, 2);
    for (size_t lv = 0; lv < 2; lv++) {
        const pg_ftable_row *r = &t->rows[lv];
        for (size_t q = 0; q < x->n_times; q++)       /* curves 2, 3: DOD in dermal, subcut. */
            pg_ck_rel(r->surv[q], x->at_est[(2 + lv) * x->n_times + q], 1e-6);
    }
    ck_assert_uint_eq(t->rows[0].events + t->rows[1].events, 43);
    pg_ck_abs(t->rows[0].logrank_p, x->gray_p[1], 1e-15);
    ck_assert_ptr_nonnull(strstr(t->notes[1], "Gray's test"));
    pg_ftable_free(t);
    o.fine_gray = 1;
    ck_assert_int_eq(pg_ftable_build(ds, x->formula, &o, &t, &e), PG_EINPUT);  /* strata */
    ck_assert_ptr_null(t);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(errors)
{
    pg_csv_opts co;
    pg_csv_opts_init(&co);
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv(DATA "lms_synthetic.csv", &co, &ds, &e), PG_OK);
    pg_ftable_opts o;
    pg_ftable_opts_init(&o);
    double times[] = {60};
    o.times = times;
    o.n_times = 1;
    pg_ftable *t = NULL;
    ck_assert_int_eq(pg_ftable_build(ds, "Surv(months, status == \"DOD\") ~ strata(source)",
                                     &o, &t, &e), PG_EINPUT);
    ck_assert(strstr(e.msg, "names no factors") != NULL);
    ck_assert_int_eq(pg_ftable_build(ds, "Surv(months, status == \"DOD\") ~ sex*depth", &o, &t,
                                     &e), PG_EINPUT);
    ck_assert(strstr(e.msg, "not a main effect") != NULL);
    o.multivariable = PG_MV_LIST;
    o.mv_terms = "age";
    ck_assert_int_eq(pg_ftable_build(ds, "Surv(months, status == \"DOD\") ~ sex", &o, &t, &e),
                     PG_EINPUT);
    ck_assert(strstr(e.msg, "'age' is not a factor") != NULL);
    ck_assert_ptr_null(t);
    pg_dataset_free(ds);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ftable");
    TCase *tc = tcase_create("reference");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, lms_table_matches_r);
    tcase_add_test(tc, lms_table_recovers_generating_hrs);
    tcase_add_test(tc, mv_list_and_none);
    tcase_add_test(tc, competing_risks_columns);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("edge");
    tcase_set_timeout(te, 60);
    tcase_add_test(te, separation_uses_firth);
    tcase_add_test(te, unestimable_models_are_noted);
    tcase_add_test(te, errors);
    suite_add_tcase(s, te);
    return pg_test_run(s);
}
