/* check_cox_predict.c -- predicted curves and baseline hazard against R's survfit.coxph and
 * basehaz (scripts/fixtures/coxdiag.R). */
#include "coxdiag_util.h"

/* R: sf <- survfit(fit, newdata) with two rows; curve c = row * nstrata + stratum */
START_TEST(curves_match_r)
{
    const cd_case *c = cd_cases[_i];
    pg_frame *fr = cd_frame(c);
    pg_cox *fit = cd_cox(c);
    pg_cox_curves *cv = NULL;
    pg_error e = {0};
    double *newx = cd_newx(c);
    ck_assert_msg(pg_cox_predict(fr, fit, newx, c->m, &cv, &e) == PG_OK, "%s: %s", c->name,
                  e.msg);
    free(newx);
    ck_assert_uint_eq(cv->n_curves, c->m * c->nstrata);
    ck_assert_uint_eq(cv->n_strata, c->nstrata);
    for (size_t s = 0; s < c->nstrata; s++)
        ck_assert_str_eq(cv->strata_name[s], c->strata_names[s]);
    for (size_t k = 0; k < cv->n_curves; k++) {
        ck_assert_uint_eq(cv->start[k], c->pred_start[k]);
        ck_assert_uint_eq(cv->newdata_row[k], k / c->nstrata);
        ck_assert_uint_eq(cv->stratum[k], k % c->nstrata);
    }
    size_t nstep = c->pred_start[cv->n_curves];
    ck_assert_uint_eq(cv->start[cv->n_curves], nstep);
    for (size_t i = 0; i < nstep; i++) {
        pg_ck_rel(cv->time[i], c->pred_time[i], 1e-12);
        pg_ck_rel(cv->n_risk[i], c->pred_nrisk[i], 1e-12);
        pg_ck_rel(cv->n_event[i], c->pred_nevent[i], 1e-12);
        pg_ck_rel(cv->cumhaz[i], c->pred_cumhaz[i], 1e-6);
        pg_ck_rel(cv->surv[i], c->pred_surv[i], 1e-6);
        pg_ck_rel(cv->std_err[i], c->pred_se[i], 1e-6);
        pg_ck_rel(cv->conf_low[i], c->pred_lower[i], 1e-6);
        pg_ck_rel(cv->conf_high[i], c->pred_upper[i], 1e-6);
    }
    pg_cox_curves_free(cv);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* R: basehaz(fit, centered = FALSE) is the cumulative hazard of a row of zeros */
START_TEST(basehaz_matches_r)
{
    const cd_case *c = cd_cases[_i];
    pg_frame *fr = cd_frame(c);
    pg_cox *fit = cd_cox(c);
    pg_cox_curves *cv = NULL;
    double *zero = calloc(c->p, sizeof *zero);
    ck_assert_int_eq(pg_cox_predict(fr, fit, zero, 1, &cv, NULL), PG_OK);
    ck_assert_uint_eq(cv->n_curves, c->nstrata);
    ck_assert_uint_eq(cv->start[cv->n_curves], c->bh_n);
    for (size_t k = 0; k < cv->n_curves; k++)
        for (size_t i = cv->start[k]; i < cv->start[k + 1]; i++) {
            ck_assert_uint_eq(c->bh_strata[i], k);
            pg_ck_rel(cv->time[i], c->bh_time[i], 1e-12);
            pg_ck_rel(cv->cumhaz[i], c->bh_hazard[i], 1e-6);
        }
    free(zero);
    pg_cox_curves_free(cv);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* The robust variance, when the fit has one, replaces the model variance in the standard error
 * (R: survfit uses fit$var, which is the robust one): zero robust variance leaves V(t) only. */
START_TEST(robust_variance_used)
{
    const cd_case *c = &cd_aml_case;
    pg_frame *fr = cd_frame(c);
    pg_cox *fit = cd_cox(c);
    pg_cox_curves *a = NULL, *b = NULL;
    ck_assert_int_eq(pg_cox_predict(fr, fit, c->newx, 1, &a, NULL), PG_OK);
    fit->robust_var = calloc(1, sizeof *fit->robust_var);
    ck_assert_int_eq(pg_cox_predict(fr, fit, c->newx, 1, &b, NULL), PG_OK);
    ck_assert(b->std_err[3] < a->std_err[3]);
    pg_ck_rel(b->cumhaz[3], a->cumhaz[3], 1e-15);
    free(fit->robust_var);
    pg_cox_curves_free(a);
    pg_cox_curves_free(b);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

static pg_frame *small_frame(size_t n, const double *t, const int *st, const double *x)
{
    pg_frame_spec s = {0};
    s.n = n;
    s.time = t;
    s.status = st;
    s.p = 1;
    s.x = x;
    pg_frame *fr = NULL;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
    return fr;
}

static pg_cox *small_fit(double b, double v, pg_ties ties)
{
    pg_cox *f = calloc(1, sizeof *f);
    f->n_coef = 1;
    f->ties = ties;
    f->conf_level = 0.95;
    f->coef = malloc(sizeof *f->coef);
    f->var = malloc(sizeof *f->var);
    f->means = calloc(1, sizeof *f->means);
    f->aliased = calloc(1, sizeof *f->aliased);
    f->coef[0] = b;
    f->var[0] = v;
    return f;
}

/* No events: cumhaz 0, surv 1, se 0 and limits 1 at every time. */
START_TEST(edge_no_events)
{
    double t[] = {1, 2, 2}, x[] = {0, 1, 1}, z[] = {1};
    int st[] = {0, 0, 0};
    pg_frame *fr = small_frame(3, t, st, x);
    pg_cox *fit = small_fit(0.5, 0.1, PG_TIES_EFRON);
    pg_cox_curves *cv = NULL;
    ck_assert_int_eq(pg_cox_predict(fr, fit, z, 1, &cv, NULL), PG_OK);
    ck_assert_uint_eq(cv->start[1], 2);
    pg_ck_rel(cv->n_risk[1], 2, 0);
    for (int i = 0; i < 2; i++) {
        pg_ck_abs(cv->cumhaz[i], 0, 0);
        pg_ck_rel(cv->surv[i], 1, 0);
        pg_ck_abs(cv->std_err[i], 0, 0);
        pg_ck_rel(cv->conf_low[i], 1, 0);
        pg_ck_rel(cv->conf_high[i], 1, 0);
    }
    pg_cox_curves_free(cv);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* n = 1, one event: Breslow and Efron give cumhaz rz/r = 1 for z = x; variance 1 + 0. */
START_TEST(edge_single_event)
{
    double t[] = {3}, x[] = {2}, z[] = {2};
    int st[] = {1};
    pg_frame *fr = small_frame(1, t, st, x);
    pg_cox *fit = small_fit(0.7, 0.2, PG_TIES_EFRON);
    pg_cox_curves *cv = NULL;
    ck_assert_int_eq(pg_cox_predict(fr, fit, z, 1, &cv, NULL), PG_OK);
    pg_ck_rel(cv->cumhaz[0], 1, 1e-14);
    pg_ck_rel(cv->surv[0], exp(-1), 1e-14);
    pg_ck_rel(cv->std_err[0], 1, 1e-14);
    pg_ck_rel(cv->conf_high[0], 1, 0);
    pg_cox_curves_free(cv);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* All tied deaths with beta = 0: Efron hazard sum_k 1/(n - k), Breslow d/n; no rows: no curves. */
START_TEST(edge_all_tied)
{
    double t[] = {4, 4, 4}, x[] = {0, 1, 0}, z[] = {0};
    int st[] = {1, 1, 1};
    pg_frame *fr = small_frame(3, t, st, x);
    pg_cox *fe = small_fit(0, 1, PG_TIES_EFRON), *fb = small_fit(0, 1, PG_TIES_BRESLOW);
    pg_cox_curves *ce = NULL, *cb = NULL;
    ck_assert_int_eq(pg_cox_predict(fr, fe, z, 1, &ce, NULL), PG_OK);
    ck_assert_int_eq(pg_cox_predict(fr, fb, z, 1, &cb, NULL), PG_OK);
    pg_ck_rel(ce->cumhaz[0], 1.0 / 3 + 1.0 / 2 + 1, 1e-14);
    pg_ck_rel(cb->cumhaz[0], 1, 1e-14);
    ck_assert(isnan(ce->conf_low[0]) == 0);
    pg_cox_curves_free(ce);
    pg_cox_curves_free(cb);
    ck_assert_int_eq(pg_cox_predict(fr, fe, NULL, 0, &ce, NULL), PG_OK);
    ck_assert_uint_eq(ce->n_curves, 0);
    ck_assert_uint_eq(ce->start[0], 0);
    pg_cox_curves_free(ce);
    cd_cox_free(fe);
    cd_cox_free(fb);
    pg_frame_free(fr);
}
END_TEST

START_TEST(errors_reported)
{
    double t[] = {1, 2}, x[] = {0, 1}, z[] = {NAN};
    int st[] = {1, 1};
    pg_frame *fr = small_frame(2, t, st, x);
    pg_cox *fit = small_fit(0.1, 1, PG_TIES_EFRON);
    pg_cox_curves *cv = (pg_cox_curves *)&cv;
    pg_error e = {0};
    ck_assert_int_eq(pg_cox_predict(fr, fit, z, 1, &cv, &e), PG_EINPUT);
    ck_assert_ptr_null(cv);
    ck_assert_str_eq(e.msg, "cox: value 1 of newdata row 1 is missing");
    ck_assert_int_eq(pg_cox_predict(fr, fit, NULL, 2, &cv, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "cox: no covariate rows to predict for");
    z[0] = 1e6;
    ck_assert_int_eq(pg_cox_predict(fr, fit, z, 1, &cv, &e), PG_ENUMERIC);
    ck_assert_str_eq(e.msg, "cox: the linear predictor of newdata row 1 overflows");
    fit->n_coef = 3;
    ck_assert_int_eq(pg_cox_predict(fr, fit, z, 1, &cv, &e), PG_EINPUT);
    fit->n_coef = 1;
    free(fit->var);
    fit->var = NULL;
    z[0] = 1;
    ck_assert_int_eq(pg_cox_predict(fr, fit, z, 1, &cv, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "cox: prediction needs the model variance");
    pg_cox_curves_free(NULL);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

static Suite *cox_predict_suite(void)
{
    Suite *s = suite_create("cox_predict");
    TCase *ref = tcase_create("reference");
    tcase_add_loop_test(ref, curves_match_r, 0, (int)CD_NCASES);
    tcase_add_loop_test(ref, basehaz_matches_r, 0, (int)CD_NCASES);
    tcase_add_test(ref, robust_variance_used);
    suite_add_tcase(s, ref);
    TCase *edge = tcase_create("edge");
    tcase_add_test(edge, edge_no_events);
    tcase_add_test(edge, edge_single_event);
    tcase_add_test(edge, edge_all_tied);
    suite_add_tcase(s, edge);
    TCase *errs = tcase_create("errors");
    tcase_add_test(errs, errors_reported);
    suite_add_tcase(s, errs);
    return s;
}

int main(void) { return pg_test_run(cox_predict_suite()); }
