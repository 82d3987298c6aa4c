/* check_cox_resid.c -- Cox residuals against R's residuals.coxph (scripts/fixtures/coxdiag.R). */
#include "coxdiag_util.h"

static void check_type(const cd_case *c, pg_resid_type type, const double *want)
{
    pg_frame *fr = cd_frame(c);
    pg_cox *fit = cd_cox(c);
    pg_cox_resid *r = NULL;
    pg_error e = {0};
    ck_assert_msg(pg_cox_residuals(fr, fit, RESID(type), &r, &e) == PG_OK, "%s: %s", c->name,
                  e.msg);
    int sch = type == PG_RESID_SCHOENFELD || type == PG_RESID_SCALED_SCHOENFELD;
    int vec = type == PG_RESID_MARTINGALE || type == PG_RESID_DEVIANCE;
    ck_assert_uint_eq(r->nrow, sch ? c->events : c->n);
    ck_assert_uint_eq(r->ncol, vec ? 1 : c->p);
    ck_assert_uint_eq(r->type, type);
    for (size_t i = 0; i < r->nrow; i++)   /* ours column-major, the fixture row-major */
        for (size_t j = 0; j < r->ncol; j++)
            pg_ck_rel(r->value[i + j * r->nrow], want[i * r->ncol + j], 1e-6);
    if (sch) {
        for (size_t i = 0; i < r->nrow; i++) {
            pg_ck_rel(r->time[i], c->sch_time[i], 1e-12);
            ck_assert_int_eq(c->status[r->row[i]], 1);
            ck_assert(c->time[r->row[i]] == r->time[i]);
        }
    } else {
        ck_assert_ptr_null(r->time);
        for (size_t i = 0; i < r->nrow; i++) ck_assert_uint_eq(r->row[i], i);
    }
    pg_cox_resid_free(r);
    cd_cox_free(fit);
    pg_frame_free(fr);
}

/* R: residuals(fit, "martingale") for each case of coxdiag.R */
START_TEST(martingale_matches_r)
{
    check_type(cd_cases[_i], PG_RESID_MARTINGALE, cd_cases[_i]->mart);
}
END_TEST

/* R: residuals(fit, "deviance") */
START_TEST(deviance_matches_r)
{
    check_type(cd_cases[_i], PG_RESID_DEVIANCE, cd_cases[_i]->dev);
}
END_TEST

/* R: residuals(fit, "score") */
START_TEST(score_matches_r)
{
    check_type(cd_cases[_i], PG_RESID_SCORE, cd_cases[_i]->score);
}
END_TEST

/* R: residuals(fit, "schoenfeld") */
START_TEST(schoenfeld_matches_r)
{
    check_type(cd_cases[_i], PG_RESID_SCHOENFELD, cd_cases[_i]->sch);
}
END_TEST

/* R: residuals(fit, "scaledsch") = schoenfeld %*% var * nevents + coef */
START_TEST(scaledsch_matches_r)
{
    check_type(cd_cases[_i], PG_RESID_SCALED_SCHOENFELD, cd_cases[_i]->scaledsch);
}
END_TEST

/* R: residuals(fit, "dfbeta") = score %*% var */
START_TEST(dfbeta_matches_r)
{
    check_type(cd_cases[_i], PG_RESID_DFBETA, cd_cases[_i]->dfbeta);
}
END_TEST

/* Martingale residuals sum to zero within each stratum at the MLE; score residuals sum to the
 * score (zero); Efron and Breslow differ on the tied aml data. */
START_TEST(residual_identities)
{
    const cd_case *c = &cd_lung_strata_case;
    pg_frame *fr = cd_frame(c);
    pg_cox *fit = cd_cox(c);
    pg_cox_resid *m = NULL, *s = NULL;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_MARTINGALE), &m, NULL), PG_OK);
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_SCORE), &s, NULL), PG_OK);
    double sum[2] = {0, 0};
    for (size_t i = 0; i < c->n; i++) sum[c->strata[i]] += m->value[i];
    pg_ck_abs(sum[0], 0, 1e-9);
    pg_ck_abs(sum[1], 0, 1e-9);
    for (size_t j = 0; j < c->p; j++) {
        double u = 0;
        for (size_t i = 0; i < c->n; i++) u += s->value[i + j * c->n];
        pg_ck_abs(u, 0, 1e-6);
    }
    /* the defaults (opt NULL) are residuals.coxph's: martingale */
    pg_cox_resid *d = NULL;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, NULL, &d, NULL), PG_OK);
    ck_assert_int_eq(d->type, PG_RESID_MARTINGALE);
    for (size_t i = 0; i < c->n; i++) ck_assert(d->value[i] == m->value[i]);
    pg_cox_resid_free(d);
    /* one score-residual routine: our robust variance is dfbeta' dfbeta of residuals() */
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.ties = c->ties;
    o.robust = 1;
    pg_cox *own = NULL;
    ck_assert_int_eq(pg_cox_fit(fr, &o, &own, NULL), PG_OK);
    ck_assert_int_eq(pg_cox_residuals(fr, own, RESID(PG_RESID_DFBETA), &d, NULL), PG_OK);
    for (size_t j = 0; j < c->p; j++)
        for (size_t k = 0; k < c->p; k++) {
            double v = 0;
            for (size_t i = 0; i < c->n; i++) v += d->value[i + j * c->n] * d->value[i + k * c->n];
            pg_ck_rel(v, own->robust_var[j + k * c->p], 1e-9);
        }
    pg_cox_resid_free(d);
    pg_cox_free(own);
    pg_cox_resid_free(m);
    pg_cox_resid_free(s);
    cd_cox_free(fit);
    pg_frame_free(fr);
    ck_assert(fabs(cd_aml_case.mart[1] - cd_aml_breslow_case.mart[1]) > 1e-4);
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
    f->coef = malloc(sizeof *f->coef);
    f->var = malloc(sizeof *f->var);
    f->means = calloc(1, sizeof *f->means);
    f->aliased = calloc(1, sizeof *f->aliased);
    f->coef[0] = b;
    f->var[0] = v;
    return f;
}

/* n = 1 with an event: martingale 1 - 1 = 0, Schoenfeld x - x = 0. */
START_TEST(edge_single_subject)
{
    double t[] = {5}, x[] = {2};
    int st[] = {1};
    pg_frame *fr = small_frame(1, t, st, x);
    pg_cox *fit = small_fit(0.3, 1, PG_TIES_EFRON);
    pg_cox_resid *r = NULL;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_MARTINGALE), &r, NULL), PG_OK);
    pg_ck_abs(r->value[0], 0, 1e-15);
    pg_cox_resid_free(r);
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_SCHOENFELD), &r, NULL), PG_OK);
    ck_assert_uint_eq(r->nrow, 1);
    pg_ck_abs(r->value[0], 0, 1e-15);
    pg_ck_rel(r->time[0], 5, 0);
    pg_cox_resid_free(r);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* All censored: martingale residuals 0, deviance 0, no Schoenfeld rows. */
START_TEST(edge_all_censored)
{
    double t[] = {1, 2, 3}, x[] = {0, 1, 0};
    int st[] = {0, 0, 0};
    pg_frame *fr = small_frame(3, t, st, x);
    pg_cox *fit = small_fit(0, 1, PG_TIES_EFRON);
    pg_cox_resid *r = NULL;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_DEVIANCE), &r, NULL), PG_OK);
    for (int i = 0; i < 3; i++) pg_ck_abs(r->value[i], 0, 0);
    pg_cox_resid_free(r);
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_SCALED_SCHOENFELD), &r, NULL), PG_OK);
    ck_assert_uint_eq(r->nrow, 0);
    pg_cox_resid_free(r);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* All tied: with beta = 0 and 3 deaths among 3 at one time, Efron's martingale residual of each
 * death is 1 - (1/3 + 1/2 (2/3)... computed by hand: h2 = sum_k (1 - k/3) / (3 - k) = 1/3 + 1/3 +
 * 1/3 = 1, so M = 0; Breslow gives 1 - 3/3 = 0 as well, but with a censored subject they differ. */
START_TEST(edge_all_tied)
{
    double t[] = {4, 4, 4, 4}, x[] = {0, 1, 0, 1};
    int st[] = {1, 1, 1, 0};
    pg_frame *fr = small_frame(4, t, st, x);
    pg_cox *fe = small_fit(0, 1, PG_TIES_EFRON), *fb = small_fit(0, 1, PG_TIES_BRESLOW);
    pg_cox_resid *re = NULL, *rb = NULL;
    ck_assert_int_eq(pg_cox_residuals(fr, fe, RESID(PG_RESID_MARTINGALE), &re, NULL), PG_OK);
    ck_assert_int_eq(pg_cox_residuals(fr, fb, RESID(PG_RESID_MARTINGALE), &rb, NULL), PG_OK);
    /* Breslow: H = 3/4 for everyone. Efron: h1 = 1/4 + 1/3 + 1/2, h2 = 1/4 + (2/3)/3 + (1/3)/2 */
    pg_ck_rel(rb->value[0], 1 - 0.75, 1e-12);
    pg_ck_rel(rb->value[3], -0.75, 1e-12);
    pg_ck_rel(re->value[0], 1 - (0.25 + 2.0 / 9 + 1.0 / 6), 1e-12);
    pg_ck_rel(re->value[3], -(0.25 + 1.0 / 3 + 0.5), 1e-12);
    pg_cox_resid_free(re);
    pg_cox_resid_free(rb);
    cd_cox_free(fe);
    cd_cox_free(fb);
    pg_frame_free(fr);
}
END_TEST

START_TEST(errors_reported)
{
    const cd_case *c = &cd_aml_case;
    pg_frame *fr = cd_frame(c);
    pg_cox *fit = cd_cox(c);
    pg_cox_resid *r = (pg_cox_resid *)&r;
    pg_error e = {0};
    fit->ties = PG_TIES_EXACT;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_SCORE), &r, &e), PG_EANALYSIS);
    ck_assert_ptr_null(r);
    ck_assert_str_eq(e.msg, "cox: score residuals are not available for the exact method");
    /* exact: the martingale residual uses Breslow's hazard, as R's coxexact.fit */
    pg_cox_resid *rb = NULL;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_MARTINGALE), &r, &e), PG_OK);
    fit->ties = PG_TIES_BRESLOW;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_MARTINGALE), &rb, &e), PG_OK);
    for (size_t i = 0; i < c->n; i++) pg_ck_rel(r->value[i], rb->value[i], 1e-15);
    pg_cox_resid_free(r);
    pg_cox_resid_free(rb);
    fit->ties = PG_TIES_EFRON;
    fit->n_coef = 2;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID(PG_RESID_MARTINGALE), &r, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "cox: the model has 2 coefficients but the data have 1 columns");
    fit->n_coef = 1;
    ck_assert_int_eq(pg_cox_residuals(fr, fit, RESID((pg_resid_type)42), &r, &e), PG_EINPUT);
    ck_assert_int_eq(pg_cox_residuals(NULL, fit, RESID(PG_RESID_SCORE), &r, &e), PG_EINPUT);
    pg_resid_type t;
    ck_assert_int_eq(pg_cox_resid_type_parse("scaledsch", &t), PG_OK);
    ck_assert_int_eq(t, PG_RESID_SCALED_SCHOENFELD);
    ck_assert_int_eq(pg_cox_resid_type_parse("dfbeta", &t), PG_OK);
    ck_assert_int_eq(t, PG_RESID_DFBETA);
    ck_assert_int_eq(pg_cox_resid_type_parse("Martingale", &t), PG_EINPUT);
    ck_assert_int_eq(pg_cox_resid_type_parse(NULL, &t), PG_EINPUT);
    pg_cox_resid_free(NULL);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

static Suite *cox_resid_suite(void)
{
    Suite *s = suite_create("cox_resid");
    TCase *ref = tcase_create("reference");
    int nc = (int)CD_NCASES;
    tcase_add_loop_test(ref, martingale_matches_r, 0, nc);
    tcase_add_loop_test(ref, deviance_matches_r, 0, nc);
    tcase_add_loop_test(ref, score_matches_r, 0, nc);
    tcase_add_loop_test(ref, schoenfeld_matches_r, 0, nc);
    tcase_add_loop_test(ref, scaledsch_matches_r, 0, nc);
    tcase_add_loop_test(ref, dfbeta_matches_r, 0, nc);
    tcase_add_test(ref, residual_identities);
    suite_add_tcase(s, ref);
    TCase *edge = tcase_create("edge");
    tcase_add_test(edge, edge_single_subject);
    tcase_add_test(edge, edge_all_censored);
    tcase_add_test(edge, edge_all_tied);
    suite_add_tcase(s, edge);
    TCase *errs = tcase_create("errors");
    tcase_add_test(errs, errors_reported);
    suite_add_tcase(s, errs);
    return s;
}

int main(void) { return pg_test_run(cox_resid_suite()); }
