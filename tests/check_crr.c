/* check_crr.c -- Fine-Gray regression (src/methods/crr.c, crr_var.c).
 * Expected values from scripts/fixtures/crr.R (tests/fixtures/crr_r.h): cmprsk::crr and
 * predict.crr on MASS::Melanoma, survival::mgus2, survival::pbc (transplant competing with
 * death), datasets/lms_synthetic.csv, and hand-built series (ties between causes, no competing
 * failures, no censoring, separation).
 * Where crr's own convergence rule limits agreement: each public case is fitted in R twice,
 * with crr's defaults (gtol 1e-6, maxiter 10) and with gtol 1e-11, maxiter 100. prognos takes
 * the same Newton steps under the same options, so both agree to 1e-8 relative (rounding
 * differs only through the order of summation and the centring of covariates). */
#include <string.h>

#include "fixtures/crr_r.h"
#include "pg_test.h"

static pg_crr *fit_case(const crr_case *c)
{
    pg_crr_opts o;
    pg_crr_opts_init(&o);
    o.gtol = c->gtol;
    o.max_iter = c->maxiter;
    pg_crr *fit = NULL;
    pg_error e = {0};
    int rc = pg_crr_fit(c->time, c->cause, c->n, c->x, c->p, c->colnames, &o, &fit, &e);
    ck_assert_msg(rc == PG_OK, "%s: %s", c->name, e.msg);
    return fit;
}

/* R: crr(...)$coef, $var, $invinf, $score, $loglik, $loglik.null, $converged, $uftime, $bfitj
 * (the call of each case is in crr_r.h) */
START_TEST(crr_matches_r)
{
    const crr_case *c = &crr_cases[_i];
    pg_crr *fit = fit_case(c);
    size_t p = c->p;
    ck_assert_uint_eq(fit->n_coef, p);
    ck_assert_int_eq(fit->converged, c->converged);
    double tol = 1e-8;
    for (size_t j = 0; j < p; j++) {
        ck_assert_str_eq(fit->colname[j], c->colnames[j]);
        pg_ck_rel(fit->coef[j], c->coef[j], tol);
        pg_ck_rel(fit->std_err[j], sqrt(c->var[j * p + j]), tol);
        /* the score is near 0 at the estimate: compare against the scale of the fit */
        pg_ck_abs(fit->score[j], c->score[j], 1e-8 * fmax(1, fabs(c->loglik)));
    }
    for (size_t k = 0; k < p * p; k++) {
        double scale = sqrt(c->var[(k % p) * (p + 1)] * c->var[(k / p) * (p + 1)]);
        pg_ck_abs(fit->var[k], c->var[k], tol * scale);
        double iscale = sqrt(c->invinf[(k % p) * (p + 1)] * c->invinf[(k / p) * (p + 1)]);
        pg_ck_abs(fit->naive_var[k], c->invinf[k], tol * iscale);
    }
    pg_ck_rel(fit->loglik, c->loglik, 1e-12);
    pg_ck_rel(fit->loglik_null, c->loglik_null, 1e-12);
    ck_assert_uint_eq(fit->n_times, c->nt);
    for (size_t k = 0; k < c->nt; k++) {
        pg_ck_rel(fit->uftime[k], c->uftime[k], 1e-15);
        pg_ck_rel(fit->bfitj[k], c->bfitj[k], tol);
    }
    pg_crr_free(fit);
}
END_TEST

/* R: predict.crr(fit, newx)[, -1], the cumulative incidence at each of fit$uftime */
START_TEST(crr_predict_matches_r)
{
    const crr_case *c = &crr_cases[_i];
    pg_crr *fit = fit_case(c);
    pg_crr_pred *pr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_crr_predict(fit, c->newx, c->m, &pr, &e), PG_OK);
    ck_assert_uint_eq(pr->n_times, c->nt);
    ck_assert_uint_eq(pr->n_rows, c->m);
    for (size_t k = 0; k < c->nt * c->m; k++) pg_ck_rel(pr->cif[k], c->cif[k], 1e-8);
    pg_crr_pred_free(pr);
    pg_crr_free(fit);
}
END_TEST

/* The summary table follows from coef and var: z, p, limits (summary.crr's formulas). */
START_TEST(crr_summary_table)
{
    const crr_case *c = &crr_cases[0];
    pg_crr *fit = fit_case(c);
    for (size_t j = 0; j < c->p; j++) {
        double se = sqrt(c->var[j * (c->p + 1)]), z = c->coef[j] / se;
        pg_ck_rel(fit->z[j], z, 1e-8);
        pg_ck_rel(fit->p[j], 2 * (1 - 0.5 * erfc(-fabs(z) / sqrt(2))), 1e-6);
        pg_ck_rel(fit->conf_low[j], exp(c->coef[j] - 1.959963984540054 * se), 1e-8);
        pg_ck_rel(fit->conf_high[j], exp(c->coef[j] + 1.959963984540054 * se), 1e-8);
    }
    pg_ck_rel(fit->logtest, -2 * (c->loglik_null - c->loglik), 1e-10);
    ck_assert_uint_eq(fit->events + fit->competing + fit->censored, c->n);
    pg_crr_free(fit);
}
END_TEST

static const crr_case *find_case(const char *name)
{
    for (size_t k = 0; k < CRR_NCASES; k++)
        if (strcmp(crr_cases[k].name, name) == 0) return &crr_cases[k];
    ck_abort_msg("no case %s", name);
    return NULL;
}

/* Separation: crr does not converge in 10 steps (R: converged FALSE); prognos says so and
 * names the drifting coefficient. */
START_TEST(crr_separation_warns)
{
    const crr_case *c = find_case("separation");
    pg_crr *fit = fit_case(c);
    ck_assert_int_eq(fit->converged, 0);
    ck_assert_uint_ge(fit->n_warnings, 2);
    ck_assert_ptr_nonnull(strstr(fit->warnings[0], "did not converge"));
    int named = 0;
    for (size_t k = 0; k < fit->n_warnings; k++)
        if (strstr(fit->warnings[k], "'x2'") && strstr(fit->warnings[k], "infinite")) named = 1;
    ck_assert(named);
    for (size_t k = 0; k < fit->n_warnings; k++) ck_assert(!strstr(fit->warnings[k], "'x1'"));
    pg_crr_free(fit);
}
END_TEST

/* A regular fit has no warnings. */
START_TEST(crr_regular_no_warnings)
{
    pg_crr *fit = fit_case(find_case("melanoma"));
    ck_assert_uint_eq(fit->n_warnings, 0);
    pg_crr_free(fit);
    fit = fit_case(find_case("pbc_tight"));
    ck_assert_uint_eq(fit->n_warnings, 0);
    pg_crr_free(fit);
}
END_TEST

/* Rows in any order give the same fit (the data are sorted inside). */
START_TEST(crr_row_order_free)
{
    const crr_case *c = find_case("ties");
    size_t n = c->n, p = c->p;
    double t[64], x[128];
    int cs[64];
    for (size_t i = 0; i < n; i++) {
        size_t r = n - 1 - i;
        t[i] = c->time[r];
        cs[i] = c->cause[r];
        for (size_t j = 0; j < p; j++) x[j * n + i] = c->x[j * n + r];
    }
    pg_crr_opts o;
    pg_crr_opts_init(&o);
    o.gtol = c->gtol;
    o.max_iter = c->maxiter;
    pg_crr *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_crr_fit(t, cs, n, x, p, NULL, &o, &fit, &e), PG_OK);
    ck_assert_str_eq(fit->colname[0], "x1");
    for (size_t j = 0; j < p; j++) pg_ck_rel(fit->coef[j], c->coef[j], 1e-8);
    pg_crr_free(fit);
}
END_TEST

/* The frame door on the CSV with a text status: the same numbers as crr on the same design
 * (R: the "lms" case, crr(months, cause, model.matrix(~ age + sex + factor(grade) + size_cm,
 * lms_synthetic)[, -1])); prognos names the columns "sex=M", "grade=2". */
START_TEST(crr_frame_lms)
{
    const crr_case *c = find_case("lms");
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(
        pg_dataset_read_csv(PG_TEST_DATA "/../../datasets/lms_synthetic.csv", NULL, &ds, &e),
        PG_OK);
    pg_frame_opts fo;
    pg_frame_opts_init(&fo);
    const char *cens[] = {"NED", "AWD"};
    fo.censor = cens;
    fo.n_censor = 2;
    fo.cause = "DOD";
    ck_assert_int_eq(pg_frame_new(ds, "Surv(months, status) ~ age + sex + factor(grade) + "
                                      "size_cm", &fo, &fr, &e), PG_OK);
    pg_crr *fit = NULL;
    ck_assert_int_eq(pg_crr_fit_frame(fr, NULL, &fit, &e), PG_OK);
    ck_assert_str_eq(fit->colname[1], "sex=M");
    ck_assert_uint_eq(fit->events, 43);
    ck_assert_uint_eq(fit->competing, 74);
    for (size_t j = 0; j < c->p; j++) {
        pg_ck_rel(fit->coef[j], c->coef[j], 1e-8);
        pg_ck_rel(fit->std_err[j], sqrt(c->var[j * (c->p + 1)]), 1e-8);
    }
    pg_crr_free(fit);
    pg_frame_free(fr);
    /* several causes and none named: the frame refuses, listing them */
    fo.cause = NULL;
    ck_assert_int_eq(pg_frame_new(ds, "Surv(months, status) ~ age", &fo, &fr, &e), PG_EINPUT);
    ck_assert_ptr_nonnull(strstr(e.msg, "DOC, DOD"));
    /* strata() has no place in crr */
    fo.cause = "DOD";
    ck_assert_int_eq(pg_frame_new(ds, "Surv(months, status) ~ age + strata(sex)", &fo, &fr, &e),
                     PG_OK);
    ck_assert_int_eq(pg_crr_fit_frame(fr, NULL, &fit, &e), PG_EANALYSIS);
    ck_assert_ptr_nonnull(strstr(e.msg, "strata()"));
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(crr_error_no_events)
{
    double t[] = {1, 2, 3, 4};
    int cs[] = {0, 2, 0, 2};
    double x[] = {0, 1, 0, 1};
    pg_crr *fit = (pg_crr *)1;
    pg_error e = {0};
    ck_assert_int_eq(pg_crr_fit(t, cs, 4, x, 1, NULL, NULL, &fit, &e), PG_ENOEVENTS);
    ck_assert_ptr_null(fit);
    ck_assert_str_eq(e.msg, "finegray: no failures from the cause of interest (2 censored, 2 "
                            "from other causes)");
    int all0[] = {0, 0, 0, 0};
    ck_assert_int_eq(pg_crr_fit(t, all0, 4, x, 1, NULL, NULL, &fit, &e), PG_ENOEVENTS);
}
END_TEST

START_TEST(crr_error_constant_column)
{
    double t[] = {1, 2, 3, 4, 5, 6};
    int cs[] = {1, 2, 1, 0, 1, 2};
    double x[] = {0, 1, 0, 1, 1, 0, 3, 3, 3, 3, 3, 3};
    const char *names[] = {"a", "b"};
    pg_crr *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_crr_fit(t, cs, 6, x, 2, names, NULL, &fit, &e), PG_ENUMERIC);
    ck_assert_ptr_null(fit);
    ck_assert_str_eq(e.msg, "finegray: the information matrix is singular at 'b' (a constant "
                            "or collinear covariate)");
    double xc[] = {0, 1, 0, 1, 1, 0, 0, 2, 0, 2, 2, 0};   /* b = 2 a */
    ck_assert_int_eq(pg_crr_fit(t, cs, 6, xc, 2, names, NULL, &fit, &e), PG_ENUMERIC);
    ck_assert_ptr_nonnull(strstr(e.msg, "singular"));
}
END_TEST

START_TEST(crr_error_bad_input)
{
    double t[] = {1, -2, 3};
    int cs[] = {1, 0, 2};
    double x[] = {0, 1, INFINITY};
    pg_crr *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_crr_fit(t, cs, 3, x, 1, NULL, NULL, &fit, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "finegray: time of row 2 is not a finite number >= 0");
    t[1] = 2;
    int bad[] = {1, 3, 0};
    ck_assert_int_eq(pg_crr_fit(t, bad, 3, x, 1, NULL, NULL, &fit, &e), PG_EINPUT);
    ck_assert_ptr_nonnull(strstr(e.msg, "cause code of row 2 is 3"));
    const char *names[] = {"age"};
    ck_assert_int_eq(pg_crr_fit(t, cs, 3, x, 1, names, NULL, &fit, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "finegray: covariate 'age' has an infinite value (row 3)");
    ck_assert_int_eq(pg_crr_fit(t, cs, 3, x, 0, NULL, NULL, &fit, &e), PG_EANALYSIS);
    pg_crr_opts o;
    pg_crr_opts_init(&o);
    o.conf_level = 1;
    ck_assert_int_eq(pg_crr_fit(t, cs, 3, x, 1, NULL, &o, &fit, &e), PG_EINPUT);
    ck_assert_int_eq(pg_crr_predict(NULL, x, 1, NULL, &e), PG_EINPUT);
}
END_TEST

/* One failure of cause 1: the fit exists (crr gives one); predict has one step. */
START_TEST(crr_edge_one_event)
{
    double t[] = {1, 2, 3, 4, 5};
    int cs[] = {0, 1, 2, 0, 0};
    double x[] = {0.5, 0.1, -0.2, 0.3, 0.9};
    pg_crr *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_crr_fit(t, cs, 5, x, 1, NULL, NULL, &fit, &e), PG_OK);
    ck_assert_uint_eq(fit->n_times, 1);
    ck_assert(isfinite(fit->coef[0]));
    pg_crr_pred *pr = NULL;
    double nx[] = {0};
    ck_assert_int_eq(pg_crr_predict(fit, nx, 1, &pr, &e), PG_OK);
    ck_assert(pr->cif[0] > 0 && pr->cif[0] < 1);
    pg_crr_pred_free(pr);
    pg_crr_free(fit);
}
END_TEST

static Suite *crr_suite(void)
{
    Suite *s = suite_create("crr");
    TCase *tc = tcase_create("reference");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, crr_matches_r, 0, (int)CRR_NCASES);
    tcase_add_loop_test(tc, crr_predict_matches_r, 0, (int)CRR_NCASES);
    tcase_add_test(tc, crr_summary_table);
    tcase_add_test(tc, crr_frame_lms);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_add_test(tc, crr_separation_warns);
    tcase_add_test(tc, crr_regular_no_warnings);
    tcase_add_test(tc, crr_row_order_free);
    tcase_add_test(tc, crr_edge_one_event);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, crr_error_no_events);
    tcase_add_test(tc, crr_error_constant_column);
    tcase_add_test(tc, crr_error_bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(crr_suite());
}
