/* check_zph.c -- the proportional-hazards test against R's cox.zph (scripts/fixtures/coxdiag.R). */
#include "coxdiag_util.h"
#include "render_zph.h"

static void check_transform(const cd_case *c, pg_zph_transform tr)
{
    pg_frame *fr = cd_frame(c);
    pg_cox *fit = cd_cox(c);
    pg_zph *z = NULL;
    pg_error e = {0};
    const cd_zph_ref *ref = &c->zph[tr];
    ck_assert_msg(pg_zph_test(fr, fit, ZPH(tr), &z, &e) == PG_OK, "%s: %s", c->name, e.msg);
    ck_assert_int_eq(z->transform, tr);
    ck_assert_uint_eq(z->n_terms, c->zph_ncol);
    ck_assert_uint_eq(z->ncol, c->zph_ncol);
    ck_assert_uint_eq(z->n_events, c->events);
    for (size_t t = 0; t < z->n_terms; t++) {
        ck_assert_str_eq(z->term[t], c->zph_terms[t]);
        ck_assert_str_eq(z->colname[t], c->zph_terms[t]);
        pg_ck_rel(z->chisq[t], ref->chisq[t], 1e-6);
        pg_ck_rel(z->df[t], ref->df[t], 0);
        pg_ck_rel(z->p[t], ref->p[t], 1e-6);
    }
    pg_ck_rel(z->global_chisq, ref->chisq[z->n_terms], 1e-6);
    pg_ck_rel(z->global_df, ref->df[z->n_terms], 0);
    pg_ck_rel(z->global_p, ref->p[z->n_terms], 1e-6);
    for (size_t i = 0; i < z->n_events; i++) {
        pg_ck_rel(z->time[i], ref->time[i], 1e-12);
        pg_ck_rel(z->transformed_time[i], ref->x[i], 1e-9);
        for (size_t j = 0; j < z->ncol; j++)
            /* ours column-major, the fixture row-major */
            pg_ck_rel(z->resid[i + j * z->n_events], ref->y[i * z->ncol + j], 1e-6);
    }
    pg_zph_free(z);
    cd_cox_free(fit);
    pg_frame_free(fr);
}

/* R: cox.zph(fit, transform = "km") */
START_TEST(km_matches_r) { check_transform(cd_cases[_i], PG_ZPH_KM); }
END_TEST
/* R: cox.zph(fit, transform = "rank") */
START_TEST(rank_matches_r) { check_transform(cd_cases[_i], PG_ZPH_RANK); }
END_TEST
/* R: cox.zph(fit, transform = "identity") */
START_TEST(identity_matches_r) { check_transform(cd_cases[_i], PG_ZPH_IDENTITY); }
END_TEST
/* R: cox.zph(fit, transform = "log") */
START_TEST(log_matches_r) { check_transform(cd_cases[_i], PG_ZPH_LOG); }
END_TEST

/* A single-column model: the term test is the global test. */
START_TEST(one_term_is_global)
{
    const cd_case *c = &cd_aml_case;
    pg_frame *fr = cd_frame(c);
    pg_cox *fit = cd_cox(c);
    pg_zph *z = NULL;
    ck_assert_int_eq(pg_zph_test(fr, fit, ZPH(PG_ZPH_KM), &z, NULL), PG_OK);
    pg_ck_rel(z->chisq[0], z->global_chisq, 1e-12);
    /* the defaults (opt NULL, or pg_zph_opts_init) are cox.zph's: transform "km" */
    pg_zph *d = NULL;
    pg_zph_opts o;
    pg_zph_opts_init(&o);
    ck_assert_int_eq(o.transform, PG_ZPH_KM);
    ck_assert_int_eq(pg_zph_test(fr, fit, NULL, &d, NULL), PG_OK);
    ck_assert_int_eq(d->transform, PG_ZPH_KM);
    ck_assert(d->global_chisq == z->global_chisq && d->p[0] == z->p[0]);
    pg_zph_free(d);
    pg_zph_free(z);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST


/* Render z in fmt into a string (caller frees). */
static char *render(const pg_zph *z, pg_format fmt, int resid)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(resid ? pg_render_zph_resid(f, z, fmt, NULL) : pg_render_zph(f, z, fmt, NULL),
                     PG_OK);
    fclose(f);
    return buf;
}

static pg_zph *zph_of(const cd_case *c, pg_zph_transform tr)
{
    pg_frame *fr = cd_frame(c);
    pg_cox *fit = cd_cox(c);
    pg_zph *z = NULL;
    ck_assert_int_eq(pg_zph_test(fr, fit, ZPH(tr), &z, NULL), PG_OK);
    cd_cox_free(fit);
    pg_frame_free(fr);
    return z;
}

/* R: print(cox.zph(fit)) for the lung and veteran fits of coxdiag.R */
START_TEST(text_as_r_prints)
{
    pg_zph *z = zph_of(&cd_lung_case, PG_ZPH_KM);
    char *s = render(z, PG_FMT_TEXT, 0);
    ck_assert_str_eq(s, "        chisq df    p\n"
                        "age     0.188  1 0.66\n"
                        "sex     2.305  1 0.13\n"
                        "ph.ecog 2.054  1 0.15\n"
                        "GLOBAL  4.464  3 0.22\n");
    free(s);
    pg_zph_free(z);
    z = zph_of(&cd_veteran_case, PG_ZPH_KM);
    s = render(z, PG_FMT_TEXT, 0);
    ck_assert_str_eq(s, "          chisq df       p\n"
                        "celltype 14.532  3 0.00226\n"
                        "karno    12.813  1 0.00034\n"
                        "trt       0.206  1 0.64968\n"
                        "GLOBAL   22.860  5 0.00036\n");
    free(s);
    pg_zph_free(z);
    z = zph_of(&cd_veteran_case, PG_ZPH_IDENTITY);
    s = render(z, PG_FMT_TEXT, 0);
    ck_assert_str_eq(s, "            chisq df       p\n"
                        "celltype 18.41391  3 0.00036\n"
                        "karno     6.05160  1 0.01389\n"
                        "trt       0.00493  1 0.94402\n"
                        "GLOBAL   20.87086  5 0.00086\n");
    free(s);
    pg_zph_free(z);
}
END_TEST

START_TEST(csv_json_md_and_residuals)
{
    pg_zph *z = zph_of(&cd_aml_case, PG_ZPH_RANK);
    char *s = render(z, PG_FMT_CSV, 0);
    ck_assert_msg(strncmp(s, "term,chisq,df,p\nx,", 18) == 0, "%s", s);
    ck_assert_ptr_nonnull(strstr(s, "\nGLOBAL,"));
    free(s);
    s = render(z, PG_FMT_JSON, 0);
    ck_assert_ptr_nonnull(strstr(s, "\"transform\": \"rank\""));
    ck_assert_ptr_nonnull(strstr(s, "\"term\": \"x\""));
    ck_assert_ptr_nonnull(strstr(s, "\"global\": {"));
    free(s);
    s = render(z, PG_FMT_MD, 0);
    ck_assert_msg(strncmp(s, "| term   |    chisq | df |    p |\n|:---", 39) == 0, "%s", s);
    free(s);
    s = render(z, PG_FMT_CSV, 1);
    ck_assert_msg(strncmp(s, "time,transformed_time,x\n5,", 26) == 0, "%s", s);
    size_t lines = 0;
    for (char *p = s; *p; p++) lines += *p == '\n';
    ck_assert_uint_eq(lines, 1 + cd_aml_case.events);
    free(s);
    s = render(z, PG_FMT_JSON, 1);
    ck_assert_ptr_nonnull(strstr(s, "\"transformed_time\": 1.5"));
    free(s);
    pg_zph_free(z);
}
END_TEST

static pg_frame *small_frame(size_t n, const double *t, const int *st, const double *x,
                             const size_t *strata)
{
    pg_frame_spec s = {0};
    s.n = n;
    s.time = t;
    s.status = st;
    s.p = 1;
    s.x = x;
    if (strata) {
        s.n_strata = 2;
        s.strata = strata;
    }
    pg_frame *fr = NULL;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, NULL), PG_OK);
    return fr;
}

static pg_cox *small_fit(double b)
{
    pg_cox *f = calloc(1, sizeof *f);
    f->n_coef = 1;
    f->coef = malloc(sizeof *f->coef);
    f->var = malloc(sizeof *f->var);
    f->means = calloc(1, sizeof *f->means);
    f->coef[0] = b;
    f->var[0] = 1;
    return f;
}

/* Every covariate constant within the first stratum. R: d <- data.frame(t = 1:8,
 * x = c(1,1,1,1,0,1,0,1), st = c(1,1,0,1,1,1,0,1), s = rep(0:1, each = 4));
 * f <- coxph(Surv(t, st) ~ x + strata(s), d, init = 0.2, iter.max = 0);
 * cox.zph(f, transform = "identity") -- stratum 0 takes no rows of $y, so stratum 1's scaling
 * lands on the first three rows and the last three keep raw residual + coef (R's behaviour). */
START_TEST(edge_constant_in_stratum)
{
    double t[] = {1, 2, 3, 4, 5, 6, 7, 8}, x[] = {1, 1, 1, 1, 0, 1, 0, 1};
    int st[] = {1, 1, 0, 1, 1, 1, 0, 1};
    size_t s[] = {0, 0, 0, 0, 1, 1, 1, 1};
    static const double y[] = {0.20000000000000001, 0.20000000000000001, 0.20000000000000001,
                               -0.34983399731247794, 0.4904607870701907, 0.20000000000000001};
    pg_frame *fr = small_frame(8, t, st, x, s);
    pg_cox *fit = small_fit(0.2);
    pg_zph *z = NULL;
    pg_error e = {0};
    ck_assert_msg(pg_zph_test(fr, fit, ZPH(PG_ZPH_IDENTITY), &z, &e) == PG_OK, "%s", e.msg);
    ck_assert_uint_eq(z->n_events, 6);
    for (size_t i = 0; i < 6; i++) pg_ck_rel(z->resid[i], y[i], 1e-6);
    pg_ck_rel(z->global_chisq, 0.12286408733260944, 1e-6);
    pg_ck_rel(z->p[0], 0.72594867915871453, 1e-6);
    pg_zph_free(z);
    cd_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* All deaths at one time: g(t) - mean g = 0, so the time-varying part has no information and
 * the test is undefined (R's solve() stops with "singular"); we report PG_ENUMERIC. */
START_TEST(edge_all_tied_is_singular)
{
    double t[] = {4, 4, 4, 4}, x[] = {0, 1, 0, 1};
    int st[] = {1, 1, 1, 0};
    pg_frame *fr = small_frame(4, t, st, x, NULL);
    pg_cox *fit = small_fit(0.1);
    pg_zph *z = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_zph_test(fr, fit, ZPH(PG_ZPH_KM), &z, &e), PG_ENUMERIC);
    ck_assert_ptr_null(z);
    pg_frame_free(fr);
    cd_cox_free(fit);
}
END_TEST

START_TEST(errors_reported)
{
    double t[] = {1, 2, 3}, x[] = {0, 1, 0};
    int none[] = {0, 0, 0};
    pg_frame *fr = small_frame(3, t, none, x, NULL);
    pg_cox *fit = small_fit(0.1);
    pg_zph *z = (pg_zph *)&z;
    pg_error e = {0};
    ck_assert_int_eq(pg_zph_test(fr, fit, ZPH(PG_ZPH_KM), &z, &e), PG_ENOEVENTS);
    ck_assert_ptr_null(z);
    ck_assert_str_eq(e.msg, "zph: no events");
    pg_frame_free(fr);
    double t0[] = {0, 2, 3};
    int st[] = {1, 1, 0};
    fr = small_frame(3, t0, st, x, NULL);
    ck_assert_int_eq(pg_zph_test(fr, fit, ZPH(PG_ZPH_LOG), &z, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "zph: the log transform needs positive times (row 1 has time 0)");
    ck_assert_int_eq(pg_zph_test(fr, fit, ZPH((pg_zph_transform)9), &z, &e), PG_EINPUT);
    pg_frame_free(fr);
    double xc[] = {1, 1, 1};   /* constant, yet not marked aliased: singular information */
    fr = small_frame(3, t0, st, xc, NULL);
    ck_assert_int_eq(pg_zph_test(fr, fit, ZPH(PG_ZPH_KM), &z, &e), PG_ENUMERIC);
    ck_assert_str_eq(e.msg, "zph: the information matrix of term 'x1' is singular");
    fit->coef[0] = NAN;
    ck_assert_int_eq(pg_zph_test(fr, fit, ZPH(PG_ZPH_KM), &z, &e), PG_EANALYSIS);
    ck_assert_str_eq(e.msg, "zph: the model has no coefficients to test");
    pg_frame_free(fr);
    cd_cox_free(fit);
    pg_zph_transform tr;
    ck_assert_int_eq(pg_zph_transform_parse("rank", &tr), PG_OK);
    ck_assert_int_eq(tr, PG_ZPH_RANK);
    ck_assert_int_eq(pg_zph_transform_parse("KM", &tr), PG_EINPUT);
    ck_assert_str_eq(pg_zph_transform_name(PG_ZPH_LOG), "log");
    ck_assert_str_eq(pg_zph_transform_name(PG_ZPH_KM), "km");
    pg_zph_free(NULL);
}
END_TEST

static Suite *zph_suite(void)
{
    Suite *s = suite_create("zph");
    TCase *ref = tcase_create("reference");
    int nc = (int)CD_NCASES;
    tcase_add_loop_test(ref, km_matches_r, 0, nc);
    tcase_add_loop_test(ref, rank_matches_r, 0, nc);
    tcase_add_loop_test(ref, identity_matches_r, 0, nc);
    tcase_add_loop_test(ref, log_matches_r, 0, nc);
    tcase_add_test(ref, one_term_is_global);
    tcase_add_test(ref, text_as_r_prints);
    tcase_add_test(ref, csv_json_md_and_residuals);
    suite_add_tcase(s, ref);
    TCase *edge = tcase_create("edge");
    tcase_add_test(edge, edge_constant_in_stratum);
    tcase_add_test(edge, edge_all_tied_is_singular);
    suite_add_tcase(s, edge);
    TCase *errs = tcase_create("errors");
    tcase_add_test(errs, errors_reported);
    suite_add_tcase(s, errs);
    return s;
}

int main(void) { return pg_test_run(zph_suite()); }
