/* check_coxdiag.c -- the diagnostics end to end: our own Cox fit (pg_cox_fit) on the data of
 * scripts/fixtures/coxdiag.R, and a frame read from tests/data by the formula evaluator, then
 * residuals, curves and cox.zph against R. */
#include "coxdiag_util.h"

/* Fit case c with pg_cox_fit, the ties of R's fit. */
static pg_cox *fit_case(const cd_case *c, const pg_frame *fr)
{
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.ties = c->ties;
    pg_cox *fit = NULL;
    pg_error e = {0};
    ck_assert_msg(pg_cox_fit(fr, &o, &fit, &e) == PG_OK, "%s: %s", c->name, e.msg);
    return fit;
}

/* R: coef(fit); residuals(fit, "martingale"), residuals(fit, "scaledsch"), survfit(fit, newdata)
 * and cox.zph(fit) from our own fit, for every case of coxdiag.R */
START_TEST(own_fit_matches_r)
{
    const cd_case *c = cd_cases[_i];
    pg_frame *fr = cd_frame(c);
    pg_cox *fit = fit_case(c, fr);
    for (size_t j = 0; j < c->p; j++) pg_ck_rel(fit->coef[j], c->coef[j], 1e-6);
    pg_cox_resid *r = NULL;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_MARTINGALE), &r, NULL), PG_OK);
    for (size_t i = 0; i < c->n; i++) pg_ck_rel(r->value[i], c->mart[i], 1e-6);
    pg_cox_resid_free(r);
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_SCALED_SCHOENFELD), &r, NULL), PG_OK);
    for (size_t i = 0; i < c->events; i++)   /* ours column-major, the fixture row-major */
        for (size_t j = 0; j < c->p; j++)
            pg_ck_rel(r->value[i + j * c->events], c->scaledsch[i * c->p + j], 1e-6);
    pg_cox_resid_free(r);
    pg_cox_curves *cv = NULL;
    double *newx = cd_newx(c);
    ck_assert_int_eq(pg_cox_predict(fr, fit, newx, c->m, &cv, NULL), PG_OK);
    free(newx);
    for (size_t i = 0; i < c->pred_start[c->m * c->nstrata]; i++) {
        pg_ck_rel(cv->surv[i], c->pred_surv[i], 1e-6);
        pg_ck_rel(cv->std_err[i], c->pred_se[i], 1e-6);
    }
    pg_cox_curves_free(cv);
    pg_zph *z = NULL;
    ck_assert_int_eq(pg_zph_test(fr, fit, ZPH(PG_ZPH_KM), &z, NULL), PG_OK);
    for (size_t t = 0; t < z->n_terms; t++) pg_ck_rel(z->chisq[t], c->zph[0].chisq[t], 1e-6);
    pg_ck_rel(z->global_chisq, c->zph[0].chisq[z->n_terms], 1e-6);
    pg_zph_free(z);
    pg_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* The frame the formula evaluator builds from tests/data (lung.csv: status 1/2, one row dropped
 * for ph.ecog) with R's coefficients gives R's residuals and cox.zph: the data path agrees with
 * the arrays of coxdiag.R. R: fit <- coxph(Surv(time, status) ~ age + sex + ph.ecog, lung) */
START_TEST(csv_frame_matches_r)
{
    const cd_case *c = &cd_lung_case;
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_msg(pg_dataset_read_csv(PG_TEST_DATA "/lung.csv", &o, &ds, &e) == PG_OK, "%s",
                  e.msg);
    ck_assert_msg(pg_frame_new(ds, "Surv(time, status) ~ age + sex + ph.ecog", NULL, &fr, &e) ==
                      PG_OK, "%s", e.msg);
    ck_assert_uint_eq(pg_frame_n(fr), c->n);
    ck_assert_uint_eq(pg_frame_dropped(fr), 1);
    pg_cox *fit = cd_cox(c);
    pg_zph *z = NULL;
    ck_assert_int_eq(pg_zph_test(fr, fit, ZPH(PG_ZPH_KM), &z, &e), PG_OK);
    for (size_t t = 0; t <= z->n_terms; t++)
        pg_ck_rel(t < z->n_terms ? z->chisq[t] : z->global_chisq, c->zph[0].chisq[t], 1e-6);
    ck_assert_str_eq(z->term[2], "ph.ecog");
    pg_zph_free(z);
    pg_cox_resid *r = NULL;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_DEVIANCE), &r, &e), PG_OK);
    for (size_t i = 0; i < c->n; i++) pg_ck_rel(r->value[i], c->dev[i], 1e-6);
    pg_cox_resid_free(r);
    cd_cox_free(fit);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

static Suite *coxdiag_suite(void)
{
    Suite *s = suite_create("coxdiag");
    TCase *ref = tcase_create("reference");
    tcase_add_loop_test(ref, own_fit_matches_r, 0, (int)CD_NCASES);
    tcase_add_test(ref, csv_frame_matches_r);
    suite_add_tcase(s, ref);
    return s;
}

int main(void) { return pg_test_run(coxdiag_suite()); }
