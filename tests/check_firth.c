/* check_firth.c -- Firth's penalised Cox fit (src/cox/cox_firth.c).
 * Expected values from scripts/fixtures/firth.R (tests/fixtures/firth_ref.h): an independent R
 * implementation of l*(b) = l(b) + 0.5 log|I(b)| maximised numerically (coxphf is not available).
 * Besides agreement with it, the fit is checked against its own definition: finite differences of
 * l* vanish at the estimate, the analytic penalised score and the information agree with finite
 * differences, and the profile limits are where the penalised LR statistic equals the chi-square
 * quantile. */
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "concordance.h"
#include "cox_firth.h"
#include "fixtures/firth_ref.h"
#include "pg_test.h"

/* Firth through the one door: pg_cox_fit with opt->firth set (opt NULL: the defaults). */
static int fit_firth(const pg_frame *fr, const pg_cox_opts *opt, pg_cox **out, pg_error *err)
{
    pg_cox_opts o;
    if (opt) o = *opt;
    else pg_cox_opts_init(&o);
    o.firth = 1;
    return pg_cox_fit(fr, &o, out, err);
}

typedef struct ref_case {
    size_t n, p, nstrata;
    const double *time;
    const int *status;
    const double *x;
    const char *const *names;
    const size_t *strata;
    pg_ties ties;
    const double *coef, *se, *var, *pv, *lower, *upper, *loglik, *lr, *wald, *score;
} ref_case;

#define REF_CASE(nm, NM, t)                                                                  \
    {FIRTH_##NM##_N, FIRTH_##NM##_P, FIRTH_##NM##_NSTRATA, firth_##nm##_time,               \
     firth_##nm##_status, firth_##nm##_x, firth_##nm##_names, firth_##nm##_strata, t,       \
     firth_##nm##_coef, firth_##nm##_se, firth_##nm##_var, firth_##nm##_p,                  \
     firth_##nm##_lower, firth_##nm##_upper, firth_##nm##_loglik, firth_##nm##_lr,          \
     firth_##nm##_wald, firth_##nm##_score}

static const ref_case cases[] = {
    REF_CASE(aml_breslow, AML_BRESLOW, PG_TIES_BRESLOW),
    REF_CASE(aml_efron, AML_EFRON, PG_TIES_EFRON),
    REF_CASE(ovarian, OVARIAN, PG_TIES_BRESLOW),
    REF_CASE(ovarian_strata, OVARIAN_STRATA, PG_TIES_EFRON),
    REF_CASE(sep_efron, SEP_EFRON, PG_TIES_EFRON),
    REF_CASE(sep_breslow, SEP_BRESLOW, PG_TIES_BRESLOW),
    REF_CASE(sep1, SEP1, PG_TIES_BRESLOW),
    REF_CASE(lung, LUNG, PG_TIES_EFRON),
    REF_CASE(lms_c, LMS_C, PG_TIES_EFRON),
    REF_CASE(sparse, SPARSE, PG_TIES_BRESLOW),
};
#define N_CASES (sizeof cases / sizeof cases[0])

static pg_frame *case_frame(const ref_case *c)
{
    pg_frame_spec s = {0};
    s.n = c->n;
    s.time = c->time;
    s.status = c->status;
    s.p = c->p;
    s.x = c->x;
    s.colnames = c->names;
    if (c->nstrata > 1) {
        s.n_strata = c->nstrata;
        s.strata = c->strata;
    }
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, &e), PG_OK);
    return fr;
}

static pg_cox *fit_case(const ref_case *c, pg_frame **frame_out)
{
    pg_frame *fr = case_frame(c);
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.ties = c->ties;
    o.firth = 1;
    pg_cox *fit = NULL;
    pg_error e = {0};
    int rc = fit_firth(fr, &o, &fit, &e);
    ck_assert_msg(rc == PG_OK, "fit failed: %s", e.msg);
    if (frame_out) *frame_out = fr;
    else pg_frame_free(fr);
    return fit;
}

/* ---- reference ---- */

START_TEST(firth_matches_reference)
{
    const ref_case *c = &cases[_i];
    pg_cox *fit = fit_case(c, NULL);
    size_t p = c->p;
    ck_assert_int_eq(fit->firth, 1);
    ck_assert_int_eq(fit->converged, 1);
    ck_assert_int_gt(fit->iterations, 0);
    ck_assert_uint_eq(fit->n_coef, p);
    ck_assert_uint_eq(fit->n, c->n);
    /* no warning but the events-per-coefficient one of these small samples */
    for (size_t k = 0; k < fit->n_warnings; k++)
        ck_assert_ptr_nonnull(strstr(fit->warnings[k], "(Peduzzi et al. 1995, 1996)"));
    for (size_t j = 0; j < p; j++) {
        ck_assert_str_eq(fit->colname[j], c->names[j]);
        ck_assert_int_eq(fit->aliased[j], 0);
        pg_ck_rel(fit->coef[j], c->coef[j], 1e-6);
        pg_ck_rel(fit->std_err[j], c->se[j], 1e-6);
        pg_ck_rel(fit->z[j], c->coef[j] / c->se[j], 1e-6);
        pg_ck_rel(fit->p[j], c->pv[j], 1e-6);
        pg_ck_rel(fit->conf_low[j], c->lower[j], 1e-6);
        pg_ck_rel(fit->conf_high[j], c->upper[j], 1e-6);
        for (size_t k = 0; k < p; k++) pg_ck_rel(fit->var[j * p + k], c->var[j * p + k], 1e-6);
    }
    pg_ck_rel(fit->loglik_null, c->loglik[0], 1e-9);
    pg_ck_rel(fit->loglik_final, c->loglik[1], 1e-9);
    pg_ck_rel(fit->lr.statistic, c->lr[0], 1e-6);
    pg_ck_rel(fit->lr.p, c->lr[1], 1e-6);
    pg_ck_rel(fit->lr.df, (double)p, 0);
    pg_ck_rel(fit->wald.statistic, c->wald[0], 1e-6);
    pg_ck_rel(fit->wald.p, c->wald[1], 1e-6);
    pg_ck_rel(fit->score.statistic, c->score[0], 1e-6);
    pg_ck_rel(fit->score.p, c->score[1], 1e-6);
    ck_assert(isnan(fit->robust_score.statistic));
    ck_assert_ptr_null(fit->robust_se);
    ck_assert_ptr_null(fit->robust_var);
    pg_cox_free(fit);
}
END_TEST

/* Central difference of l* in coordinate j with step h. */
static double fd_pen(pg_firth_eval *ev, const double *b, size_t p, size_t j, double h)
{
    double bb[8], up, dn;
    memcpy(bb, b, p * sizeof *b);
    bb[j] = b[j] + h;
    ck_assert_int_eq(pg_firth_eval_at(ev, bb, &up, NULL, NULL, NULL, NULL), PG_OK);
    bb[j] = b[j] - h;
    ck_assert_int_eq(pg_firth_eval_at(ev, bb, &dn, NULL, NULL, NULL, NULL), PG_OK);
    return (up - dn) / (2 * h);
}

/* Step for covariate j: 1e-4 of the covariate's spread (so h * x is comparable across scales). */
static double step_for(const ref_case *c, size_t j)
{
    double lo = c->x[j * c->n], hi = lo;
    for (size_t i = 0; i < c->n; i++) {
        double v = c->x[j * c->n + i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
    }
    return 1e-4 / (hi - lo);
}

START_TEST(firth_score_zero_at_estimate)
{
    const ref_case *c = &cases[_i];
    pg_frame *fr = NULL;
    pg_cox *fit = fit_case(c, &fr);
    pg_firth_eval *ev = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_firth_eval_new(fr, c->ties, &ev, &e), PG_OK);
    double u[8];
    ck_assert_int_eq(pg_firth_eval_at(ev, fit->coef, NULL, NULL, u, NULL, NULL), PG_OK);
    for (size_t j = 0; j < c->p; j++) {
        double h = step_for(c, j), g = fd_pen(ev, fit->coef, c->p, j, h);
        /* scale: the score times the covariate range is dimensionless */
        double range = 1e-4 / h;
        ck_assert_msg(fabs(g * range) < 1e-6, "finite-difference d l*/d b_%zu = %g", j, g);
        ck_assert_msg(fabs(u[j] * range) < 1e-6, "analytic U*_%zu = %g", j, u[j]);
        /* and the estimate is a maximum: l* lower on both sides */
        double pen0, pen1, bb[8];
        memcpy(bb, fit->coef, c->p * sizeof *bb);
        ck_assert_int_eq(pg_firth_eval_at(ev, bb, &pen0, NULL, NULL, NULL, NULL), PG_OK);
        pg_ck_rel(pen0, fit->loglik_final, 1e-12);
        for (int s = -1; s <= 1; s += 2) {
            bb[j] = fit->coef[j] + s * 100 * h;
            ck_assert_int_eq(pg_firth_eval_at(ev, bb, &pen1, NULL, NULL, NULL, NULL), PG_OK);
            ck_assert(pen1 < pen0);
        }
    }
    pg_firth_eval_free(ev);
    pg_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* Deterministic pseudo-random numbers in [-1, 1]. */
static double unif(unsigned *state)
{
    *state = *state * 1103515245u + 12345u;
    return ((*state >> 8) & 0xffff) / 32767.5 - 1.0;
}

START_TEST(firth_derivatives_match_finite_differences)
{
    const ref_case *c = &cases[_i];
    pg_frame *fr = case_frame(c);
    pg_firth_eval *ev = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_firth_eval_new(fr, c->ties, &ev, &e), PG_OK);
    size_t p = c->p;
    unsigned st = 20011u + (unsigned)_i;
    for (int rep = 0; rep < 5; rep++) {
        double b[8], u[8], u0[8], info[64];
        for (size_t j = 0; j < p; j++) b[j] = c->coef[j] + unif(&st) * 1e4 * step_for(c, j);
        ck_assert_int_eq(pg_firth_eval_at(ev, b, NULL, NULL, u, u0, info), PG_OK);
        for (size_t j = 0; j < p; j++) {
            double h = step_for(c, j), range = 1e-4 / h;
            /* penalised score vs central differences of l* */
            double g = fd_pen(ev, b, p, j, h);
            ck_assert_msg(fabs(u[j] - g) * range <= 1e-6 * (1 + fabs(g) * range),
                          "U*_%zu = %.10g, finite difference %.10g", j, u[j], g);
            /* information vs central differences of the plain score: I_kj = -dU_k/db_j */
            double bb[8], up[8], dn[8];
            memcpy(bb, b, p * sizeof *b);
            bb[j] = b[j] + h;
            ck_assert_int_eq(pg_firth_eval_at(ev, bb, NULL, NULL, NULL, up, NULL), PG_OK);
            bb[j] = b[j] - h;
            ck_assert_int_eq(pg_firth_eval_at(ev, bb, NULL, NULL, NULL, dn, NULL), PG_OK);
            for (size_t k = 0; k < p; k++) {
                double fd = -(up[k] - dn[k]) / (2 * h), an = info[k * p + j];
                double scale = fabs(info[k * p + k] * info[j * p + j]);
                ck_assert_msg(fabs(fd - an) <= 1e-6 * sqrt(scale),
                              "I[%zu][%zu] = %.10g, finite difference %.10g", k, j, an, fd);
            }
        }
        /* the plain loglik is l* minus half the log determinant of I */
        double pen, ll;
        ck_assert_int_eq(pg_firth_eval_at(ev, b, &pen, &ll, NULL, NULL, NULL), PG_OK);
        ck_assert(pen != ll);
    }
    pg_firth_eval_free(ev);
    pg_frame_free(fr);
}
END_TEST

START_TEST(firth_profile_limits_cross_quantile)
{
    const ref_case *c = &cases[_i];
    pg_frame *fr = NULL;
    pg_cox *fit = fit_case(c, &fr);
    pg_firth_eval *ev = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_firth_eval_new(fr, c->ties, &ev, &e), PG_OK);
    double q = gsl_cdf_chisq_Pinv(0.95, 1.0), lhat = fit->loglik_final;
    for (size_t j = 0; j < c->p; j++) {
        double lims[2] = {log(fit->conf_low[j]), log(fit->conf_high[j])};
        for (int s = 0; s < 2; s++) {
            double v;
            int conv = 0;
            ck_assert(isfinite(lims[s]));
            ck_assert_int_eq(pg_firth_eval_profile(ev, j, lims[s], fit->coef, &v, &conv), PG_OK);
            ck_assert(conv);
            pg_ck_rel(2 * (lhat - v), q, 1e-7);
            /* inside the interval the statistic is below the quantile, outside above */
            double in = lims[s] + (s ? -1 : 1) * 0.01 * (lims[1] - lims[0]);
            double out = lims[s] - (s ? -1 : 1) * 0.01 * (lims[1] - lims[0]);
            ck_assert_int_eq(pg_firth_eval_profile(ev, j, in, fit->coef, &v, &conv), PG_OK);
            ck_assert(2 * (lhat - v) < q);
            ck_assert_int_eq(pg_firth_eval_profile(ev, j, out, fit->coef, &v, &conv), PG_OK);
            ck_assert(2 * (lhat - v) > q);
        }
        /* the p-value is the penalised LR test of b_j = 0 */
        double v0;
        int conv = 0;
        ck_assert_int_eq(pg_firth_eval_profile(ev, j, 0.0, fit->coef, &v0, &conv), PG_OK);
        pg_ck_rel(fit->p[j], gsl_cdf_chisq_Q(2 * (lhat - v0), 1.0), 1e-8);
    }
    pg_firth_eval_free(ev);
    pg_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* Separation: every event has x = 1. The plain log partial likelihood keeps increasing in b_x
 * (coxph's estimate diverges), Firth's estimate and both its profile limits are finite. */
START_TEST(firth_finite_under_separation)
{
    static const struct {
        const ref_case *c;
        const double *plain;
    } sep[] = {{&cases[4], firth_sep_efron_plain},
               {&cases[5], firth_sep_breslow_plain},
               {&cases[6], firth_sep1_plain}};
    for (size_t k = 0; k < 3; k++) {
        const ref_case *c = sep[k].c;
        pg_frame *fr = NULL;
        pg_cox *fit = fit_case(c, &fr);
        pg_firth_eval *ev = NULL;
        pg_error e = {0};
        ck_assert_int_eq(pg_firth_eval_new(fr, c->ties, &ev, &e), PG_OK);
        for (size_t j = 0; j < c->p; j++) {
            ck_assert(isfinite(fit->coef[j]) && isfinite(fit->std_err[j]));
            ck_assert(isfinite(fit->conf_low[j]) && isfinite(fit->conf_high[j]));
            ck_assert(fit->conf_low[j] > 0 && fit->conf_low[j] < fit->conf_high[j]);
        }
        ck_assert(fit->conf_low[0] > 1.0);   /* x = 1 clearly harmful, HR bounded */
        double prev = -INFINITY, b[8];
        memcpy(b, fit->coef, c->p * sizeof *b);
        for (int t = 0; t < 5; t++) {
            double ll;
            b[0] = 2.0 * (1 << t);
            ck_assert_int_eq(pg_firth_eval_at(ev, b, NULL, &ll, NULL, NULL, NULL), PG_OK);
            pg_ck_rel(ll, sep[k].plain[t], 1e-9);
            ck_assert(ll > prev);
            prev = ll;
        }
        pg_firth_eval_free(ev);
        pg_cox_free(fit);
        pg_frame_free(fr);
    }
}
END_TEST

START_TEST(firth_conf_level)
{
    pg_frame *fr = case_frame(&cases[4]);
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.firth = 1;
    pg_cox *f95 = NULL, *f90 = NULL;
    ck_assert_int_eq(fit_firth(fr, &o, &f95, NULL), PG_OK);
    o.conf_level = 0.90;
    ck_assert_int_eq(fit_firth(fr, &o, &f90, NULL), PG_OK);
    pg_firth_eval *ev = NULL;
    ck_assert_int_eq(pg_firth_eval_new(fr, PG_TIES_EFRON, &ev, NULL), PG_OK);
    double q = gsl_cdf_chisq_Pinv(0.90, 1.0);
    for (size_t j = 0; j < 2; j++) {
        ck_assert(f90->conf_low[j] > f95->conf_low[j]);
        ck_assert(f90->conf_high[j] < f95->conf_high[j]);
        pg_ck_rel(f90->coef[j], f95->coef[j], 1e-14);
        double v;
        ck_assert_int_eq(pg_firth_eval_profile(ev, j, log(f90->conf_high[j]), f90->coef, &v, NULL),
                         PG_OK);
        pg_ck_rel(2 * (f90->loglik_final - v), q, 1e-7);
    }
    ck_assert_double_eq(f90->conf_level, 0.90);
    pg_firth_eval_free(ev);
    pg_cox_free(f95);
    pg_cox_free(f90);
    pg_frame_free(fr);
}
END_TEST

/* One door: a Firth fit reports the concordance as a plain fit does -- Harrell's C of its linear
 * predictor within the frame's strata, with R's standard error (concordance.c) -- and a plain
 * fit of the same frame fills the same fields. */
START_TEST(firth_concordance_as_plain)
{
    const ref_case *c = &cases[3];   /* ovarian, two strata */
    pg_frame *fr = NULL;
    pg_cox *fit = fit_case(c, &fr), *plain = NULL;
    pg_concordance want;
    ck_assert_int_eq(pg_concordance_fit(c->n, c->time, c->status, fit->linear_predictor,
                                        c->strata, c->nstrata, NULL, 0, 1, 1, &want), PG_OK);
    ck_assert(isfinite(fit->concordance) && isfinite(fit->concordance_se));
    ck_assert(fit->concordance == want.estimate && fit->concordance_se == want.std_err);
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.ties = c->ties;
    ck_assert_int_eq(pg_cox_fit(fr, &o, &plain, NULL), PG_OK);
    ck_assert_int_eq(plain->firth, 0);
    ck_assert(isfinite(plain->concordance) && isfinite(plain->concordance_se));
    pg_cox_free(plain);
    pg_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

START_TEST(firth_linear_predictor_and_means)
{
    const ref_case *c = &cases[2];   /* ovarian, p = 3 */
    pg_cox *fit = fit_case(c, NULL);
    for (size_t j = 0; j < c->p; j++) {
        double s = 0;
        for (size_t i = 0; i < c->n; i++) s += c->x[j * c->n + i];
        pg_ck_rel(fit->means[j], s / (double)c->n, 1e-14);
    }
    double sum = 0;
    for (size_t i = 0; i < c->n; i++) {
        double lp = 0;
        for (size_t j = 0; j < c->p; j++) lp += (c->x[j * c->n + i] - fit->means[j]) * fit->coef[j];
        pg_ck_rel(fit->linear_predictor[i], lp, 1e-10);
        sum += fit->linear_predictor[i];
    }
    ck_assert(fabs(sum) < 1e-10);   /* centred */
    ck_assert_int_eq(fit->ties, PG_TIES_BRESLOW);
    pg_cox_free(fit);
}
END_TEST

/* The same fit through the CSV reader and the formula evaluator: aml.csv, x a factor. */
START_TEST(firth_from_csv_and_formula)
{
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv(PG_TEST_DATA "/aml.csv", NULL, &ds, &e), PG_OK);
    ck_assert_int_eq(pg_frame_new(ds, "Surv(time, status) ~ x", NULL, &fr, &e), PG_OK);
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.firth = 1;
    pg_cox *fit = NULL;
    ck_assert_int_eq(fit_firth(fr, &o, &fit, &e), PG_OK);
    ck_assert_str_eq(fit->colname[0], "x=Nonmaintained");
    ck_assert_int_eq(fit->ties, PG_TIES_EFRON);
    pg_ck_rel(fit->coef[0], firth_aml_efron_coef[0], 1e-6);
    pg_ck_rel(fit->conf_low[0], firth_aml_efron_lower[0], 1e-6);
    pg_ck_rel(fit->conf_high[0], firth_aml_efron_upper[0], 1e-6);
    pg_ck_rel(fit->p[0], firth_aml_efron_p[0], 1e-6);
    pg_ck_rel(fit->loglik_final, firth_aml_efron_loglik[1], 1e-9);
    pg_cox_free(fit);
    /* Through pg_cox_fit, the Firth fit also carries Harrell's C of its linear predictor: one
     * binary covariate with the sign of the plain fit orders patients as coxph's does, so R's
     * summary(coxph(Surv(time, status) ~ x, aml))$concordance applies. */
    ck_assert_int_eq(pg_cox_fit(fr, &o, &fit, &e), PG_OK);
    pg_ck_rel(fit->concordance, 0.61904761904761907, 1e-9);
    pg_ck_rel(fit->concordance_se, 0.063184996044108196, 1e-6);
    pg_cox_free(fit);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

/* The bundled synthetic cohort through the CSV reader, the formula and --where: one centre in
 * which every death from disease is in a subcutaneous tumour. */
START_TEST(firth_lms_centre_where)
{
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(
        pg_dataset_read_csv(PG_TEST_DATA "/../../datasets/lms_synthetic.csv", NULL, &ds, &e),
        PG_OK);
    pg_frame_opts fo;
    pg_frame_opts_init(&fo);
    fo.where = "source == \"centre_C\"";
    ck_assert_int_eq(
        pg_frame_new(ds, "Surv(months, status == \"DOD\") ~ depth + size_cm", &fo, &fr, &e),
        PG_OK);
    ck_assert_uint_eq(pg_frame_n(fr), FIRTH_LMS_C_N);
    pg_cox *fit = NULL;
    ck_assert_int_eq(fit_firth(fr, NULL, &fit, &e), PG_OK);
    for (size_t j = 0; j < FIRTH_LMS_C_P; j++) {
        ck_assert_str_eq(fit->colname[j], firth_lms_c_names[j]);
        pg_ck_rel(fit->coef[j], firth_lms_c_coef[j], 1e-6);
        pg_ck_rel(fit->conf_low[j], firth_lms_c_lower[j], 1e-6);
        pg_ck_rel(fit->conf_high[j], firth_lms_c_upper[j], 1e-6);
        pg_ck_rel(fit->p[j], firth_lms_c_p[j], 1e-6);
    }
    pg_cox_free(fit);
    pg_frame_free(fr);
    pg_dataset_free(ds);
}
END_TEST

/* ---- edge ---- */

static pg_frame *small_frame(size_t n, const double *t, const int *s, size_t p, const double *x)
{
    static const char *const names[] = {"x", "z"};
    pg_frame_spec sp = {0};
    sp.n = n;
    sp.time = t;
    sp.status = s;
    sp.p = p;
    sp.x = x;
    sp.colnames = names;
    pg_frame *fr = NULL;
    ck_assert_int_eq(pg_frame_from_arrays(&sp, &fr, NULL), PG_OK);
    return fr;
}

START_TEST(firth_all_tied_times)
{
    /* every subject dies at the same time: one risk set; Efron and Breslow differ */
    double t[] = {4, 4, 4, 4, 4, 4};
    int s[] = {1, 1, 1, 1, 0, 0};
    double x[] = {0.5, 1.0, 2.0, 3.0, 0.0, 1.5};
    pg_frame *fr = small_frame(6, t, s, 1, x);
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    double coef[2];
    for (int k = 0; k < 2; k++) {
        o.ties = k ? PG_TIES_BRESLOW : PG_TIES_EFRON;
        pg_cox *fit = NULL;
        pg_error e = {0};
        ck_assert_int_eq(fit_firth(fr, &o, &fit, &e), PG_OK);
        ck_assert_int_eq(fit->converged, 1);
        ck_assert(isfinite(fit->coef[0]) && isfinite(fit->conf_low[0]) &&
                  isfinite(fit->conf_high[0]));
        pg_firth_eval *ev = NULL;
        ck_assert_int_eq(pg_firth_eval_new(fr, o.ties, &ev, NULL), PG_OK);
        double up, dn, h = 1e-5, b = fit->coef[0] + h;
        pg_firth_eval_at(ev, &b, &up, NULL, NULL, NULL, NULL);
        b = fit->coef[0] - h;
        pg_firth_eval_at(ev, &b, &dn, NULL, NULL, NULL, NULL);
        ck_assert(fabs((up - dn) / (2 * h)) < 1e-6);
        coef[k] = fit->coef[0];
        pg_firth_eval_free(ev);
        pg_cox_free(fit);
    }
    ck_assert(fabs(coef[0] - coef[1]) > 1e-3);
    pg_frame_free(fr);
}
END_TEST

START_TEST(firth_single_event)
{
    /* one event, at the highest x: separated; Firth stays finite */
    double t[] = {1, 2, 3, 4, 5};
    int s[] = {1, 0, 0, 0, 0};
    double x[] = {3, 1, 2, 0, 1};
    pg_frame *fr = small_frame(5, t, s, 1, x);
    pg_cox *fit = NULL;
    ck_assert_int_eq(fit_firth(fr, NULL, &fit, NULL), PG_OK);
    ck_assert_uint_eq(fit->events, 1);
    ck_assert(isfinite(fit->coef[0]) && fit->coef[0] > 0);
    ck_assert(isfinite(fit->conf_low[0]) && isfinite(fit->conf_high[0]));
    pg_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

START_TEST(firth_no_covariates)
{
    double t[] = {1, 2, 3, 4};
    int s[] = {1, 0, 1, 1};
    pg_frame *fr = small_frame(4, t, s, 0, NULL);
    pg_cox *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(fit_firth(fr, NULL, &fit, &e), PG_OK);
    /* l(0) = -log 4 - log 2 - log 1 */
    pg_ck_rel(fit->loglik_null, -log(8.0), 1e-14);
    pg_ck_rel(fit->loglik_final, -log(8.0), 1e-14);
    ck_assert_uint_eq(fit->n_coef, 0);
    pg_ck_rel(fit->lr.statistic, 0.0, 0);
    pg_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

START_TEST(firth_robust_warns)
{
    pg_frame *fr = case_frame(&cases[0]);
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.robust = 1;
    pg_cox *fit = NULL;
    ck_assert_int_eq(fit_firth(fr, &o, &fit, NULL), PG_OK);
    ck_assert_uint_eq(fit->n_warnings, 1);
    ck_assert(strstr(fit->warnings[0], "robust variance is not available") != NULL);
    ck_assert_ptr_null(fit->robust_se);
    pg_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* Random small series (6 to 35 patients, 1 to 3 covariates, half of them separated in the first
 * covariate, Breslow and Efron): the fit either refuses with PG_EANALYSIS / PG_ENOEVENTS, or
 * converges to a finite point where the analytic penalised score vanishes. */
START_TEST(firth_random_small_series)
{
    unsigned st = 977u;
    int fitted = 0;
    for (int rep = 0; rep < 150; rep++) {
        size_t n = 6 + (size_t)((unif(&st) + 1) * 15), p = 1 + (size_t)((unif(&st) + 1) * 1.5);
        if (p > 3) p = 3;
        double t[40], x[120];
        int s[40];
        for (size_t i = 0; i < n; i++) {
            t[i] = 1 + floor((unif(&st) + 1) * (rep % 2 ? 3 : 25));
            s[i] = unif(&st) > -0.3;
            x[i] = unif(&st) > 0;
            for (size_t j = 1; j < p; j++) x[j * n + i] = floor((unif(&st) + 1) * 500) / 100;
            if (rep % 4 == 0 && x[i] == 0) s[i] = 0;   /* every event at x = 1 */
            if (rep % 4 == 1 && x[i] == 1) s[i] = 0;   /* every event at x = 0 */
        }
        static const char *const nm[] = {"a", "b", "c"};
        pg_frame_spec sp = {0};
        sp.n = n;
        sp.time = t;
        sp.status = s;
        sp.p = p;
        sp.x = x;
        sp.colnames = nm;
        pg_frame *fr = NULL;
        ck_assert_int_eq(pg_frame_from_arrays(&sp, &fr, NULL), PG_OK);
        pg_cox_opts o;
        pg_cox_opts_init(&o);
        o.ties = rep % 3 ? PG_TIES_EFRON : PG_TIES_BRESLOW;
        pg_cox *fit = NULL;
        pg_error e = {0};
        int rc = fit_firth(fr, &o, &fit, &e);
        ck_assert_msg(rc == PG_OK || rc == PG_EANALYSIS || rc == PG_ENOEVENTS, "rep %d: %s", rep,
                      e.msg);
        if (rc == PG_OK) {
            fitted++;
            ck_assert_msg(fit->converged, "rep %d did not converge", rep);
            pg_firth_eval *ev = NULL;
            ck_assert_int_eq(pg_firth_eval_new(fr, o.ties, &ev, NULL), PG_OK);
            double u[3];
            ck_assert_int_eq(pg_firth_eval_at(ev, fit->coef, NULL, NULL, u, NULL, NULL), PG_OK);
            for (size_t j = 0; j < p; j++) {
                ck_assert(isfinite(fit->coef[j]) && isfinite(fit->std_err[j]));
                ck_assert(fit->conf_low[j] < exp(fit->coef[j]) || isnan(fit->conf_low[j]));
                ck_assert(fit->conf_high[j] > exp(fit->coef[j]) || isnan(fit->conf_high[j]));
                ck_assert_msg(fabs(u[j]) < 1e-6, "rep %d: U*_%zu = %g", rep, j, u[j]);
            }
            pg_firth_eval_free(ev);
            pg_cox_free(fit);
        }
        pg_frame_free(fr);
    }
    ck_assert_int_gt(fitted, 100);
}
END_TEST

/* ---- errors ---- */

START_TEST(firth_error_no_events)
{
    double t[] = {1, 2, 3};
    int s[] = {0, 0, 0};
    double x[] = {1, 0, 1};
    pg_frame *fr = small_frame(3, t, s, 1, x);
    pg_cox *fit = (pg_cox *)1;
    pg_error e = {0};
    ck_assert_int_eq(fit_firth(fr, NULL, &fit, &e), PG_ENOEVENTS);
    ck_assert_ptr_null(fit);
    ck_assert_str_eq(e.msg, "firth: no events");
    pg_frame_free(fr);
}
END_TEST

START_TEST(firth_error_constant_column)
{
    double t[] = {1, 2, 3, 4};
    int s[] = {1, 1, 0, 1};
    double x[] = {1, 0, 1, 0, 2, 2, 2, 2};
    pg_frame *fr = small_frame(4, t, s, 2, x);
    pg_cox *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(fit_firth(fr, NULL, &fit, &e), PG_EANALYSIS);
    ck_assert_ptr_null(fit);
    ck_assert_str_eq(e.msg, "firth: column 'z' is constant; its coefficient cannot be estimated");
    ck_assert_str_eq(e.term, "z");
    pg_frame_free(fr);
    /* n = 1: nothing varies */
    fr = small_frame(1, t, s, 1, x);
    ck_assert_int_eq(fit_firth(fr, NULL, &fit, &e), PG_EANALYSIS);
    pg_frame_free(fr);
}
END_TEST

START_TEST(firth_error_no_information)
{
    /* x = 1 for everyone at risk at both event times (16 and 26): no information about x */
    double t[] = {32, 26, 16, 13, 10, 5};
    int s[] = {0, 1, 1, 0, 0, 0};
    double x[] = {1, 1, 1, 1, 0, 0, 9.9, 7.68, 6.69, 5.96, 9.02, 2.39};
    pg_frame *fr = small_frame(6, t, s, 2, x);
    pg_cox *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(fit_firth(fr, NULL, &fit, &e), PG_EANALYSIS);
    ck_assert_ptr_null(fit);
    ck_assert_str_eq(e.msg, "firth: column 'x' does not vary within any risk set; its "
                            "coefficient cannot be estimated");
    ck_assert_str_eq(e.term, "x");
    pg_frame_free(fr);
}
END_TEST

START_TEST(firth_error_collinear)
{
    double t[] = {1, 2, 3, 4, 5};
    int s[] = {1, 1, 0, 1, 1};
    double x[] = {1, 0, 1, 0, 3, 2, 0, 2, 0, 6};   /* z = 2 x */
    pg_frame *fr = small_frame(5, t, s, 2, x);
    pg_cox *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(fit_firth(fr, NULL, &fit, &e), PG_EANALYSIS);
    ck_assert_ptr_null(fit);
    ck_assert(strstr(e.msg, "information matrix is singular at b = 0") != NULL);
    pg_frame_free(fr);
}
END_TEST

START_TEST(firth_error_exact_ties_and_level)
{
    pg_frame *fr = case_frame(&cases[0]);
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.ties = PG_TIES_EXACT;
    pg_cox *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(fit_firth(fr, &o, &fit, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg,
                     "firth: ties 'exact' not supported with --firth; use 'efron' or 'breslow'");
    ck_assert_ptr_null(fit);
    o.ties = PG_TIES_EFRON;
    o.conf_level = 1.0;
    ck_assert_int_eq(fit_firth(fr, &o, &fit, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "cox: confidence level must be between 0 and 1");   /* the door checks */
    ck_assert_ptr_null(fit);
    pg_frame_free(fr);
}
END_TEST

static Suite *firth_suite(void)
{
    Suite *s = suite_create("firth");
    TCase *tc = tcase_create("reference");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, firth_matches_reference, 0, (int)N_CASES);
    tcase_add_loop_test(tc, firth_score_zero_at_estimate, 0, (int)N_CASES);
    tcase_add_loop_test(tc, firth_derivatives_match_finite_differences, 0, (int)N_CASES);
    tcase_add_loop_test(tc, firth_profile_limits_cross_quantile, 0, (int)N_CASES);
    tcase_add_test(tc, firth_finite_under_separation);
    tcase_add_test(tc, firth_conf_level);
    tcase_add_test(tc, firth_linear_predictor_and_means);
    tcase_add_test(tc, firth_concordance_as_plain);
    tcase_add_test(tc, firth_from_csv_and_formula);
    tcase_add_test(tc, firth_lms_centre_where);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, firth_all_tied_times);
    tcase_add_test(tc, firth_single_event);
    tcase_add_test(tc, firth_no_covariates);
    tcase_add_test(tc, firth_robust_warns);
    tcase_add_test(tc, firth_random_small_series);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, firth_error_no_events);
    tcase_add_test(tc, firth_error_constant_column);
    tcase_add_test(tc, firth_error_collinear);
    tcase_add_test(tc, firth_error_no_information);
    tcase_add_test(tc, firth_error_exact_ties_and_level);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(firth_suite());
}
