/* check_cox.c -- Cox regression against R's coxph (fixtures: scripts/fixtures/cox.R, survival 3.5).
 *
 * Tolerances. R stops Newton-Raphson when the log partial likelihood changes by less than 1e-9
 * relative, so its coefficients are only determined to about sqrt(1e-9 |loglik|) / sqrt(I) --
 * roughly 1e-4 relative -- as estimates of the true maximiser. We do not rely on that slack: we
 * run R's iteration itself (same start, centring and scaling, steps, step-halving and stopping
 * rule), so we stop at the same iterate and the coefficients agree to rounding (1e-15 .. 1e-9
 * relative over the 69 fits, the largest on diverging fits). Hence everything -- coefficients,
 * variances, log likelihoods, tests, concordance and its standard error, linear predictors --
 * is compared at 1e-6 relative. Exceptions, named in var_unreliable(): fits that run out of
 * iterations, where R reports the inverse of an unfactored information matrix. */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "concordance.h"
#include "cox_impl.h"
#include "render_cox.h"
#include "fixtures/cox_cases.h"
#include "fixtures/cox_random.h"
#include "pg_test.h"

static pg_frame *case_frame(const cox_case *c)
{
    pg_frame_spec s = {0};
    s.n = c->n;
    s.time = c->time;
    s.status = c->status;
    s.p = c->p;
    s.x = c->x;
    s.colnames = c->colnames;
    s.n_strata = c->nstrata;
    s.strata = c->strata;
    s.cluster = c->cluster;
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, &e), PG_OK);
    return fr;
}

static pg_cox *case_fit(const cox_case *c, pg_frame **frp)
{
    pg_frame *fr = case_frame(c);
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.ties = (pg_ties)c->ties;
    o.robust = c->robust;
    pg_cox *fit = NULL;
    pg_error e = {0};
    int rc = pg_cox_fit(fr, &o, &fit, &e);
    ck_assert_msg(rc == PG_OK, "%s: %s", c->name, e.msg);
    if (frp) *frp = fr;
    else pg_frame_free(fr);
    return fit;
}

/* Cases whose R variance is not a reference: R's coxfit6 inverts an unfactored information
 * matrix when it runs out of iterations (see newton_coxph in src/cox/cox_fit.c). */
static int var_unreliable(const cox_case *c)
{
    return strcmp(c->name, "single_event") == 0 || strcmp(c->name, "diverging_exact") == 0 ||
           strcmp(c->name, "random02") == 0;
}

static void check_case(const cox_case *c);

/* pg_cox_eval walks a large stratum in two parts and adds the lower part's missing risk-set
 * sums afterwards (src/cox/cox_work.c). With the threshold lowered to 2 rows every stratum of every
 * R design is split; log likelihood, score and information must equal those of one walk to
 * rounding, at the null and at R's coefficients (scaled units). */
static void check_split(const cox_case *c)
{
    if (c->ties == PG_TIES_EXACT) return;
    pg_frame *fr = case_frame(c);
    pg_cox_work w;
    ck_assert_int_eq(pg_cox_work_init(&w, fr, 0, 1), PG_OK);
    size_t p = c->p;
    double *b = calloc(p + 1, sizeof *b), *u1 = calloc(p + 1, sizeof *u1);
    double *u2 = calloc(p + 1, sizeof *u2), *i1 = calloc(p * p + 1, sizeof *i1);
    double *i2 = calloc(p * p + 1, sizeof *i2);
    int efron = c->ties == PG_TIES_EFRON;
    for (int at = 0; at < 2; at++) {
        for (size_t j = 0; j < p; j++)
            b[j] = at && !isnan(c->coef[j]) ? c->coef[j] / w.mult[j] : 0;
        w.split_min = (size_t)-1;
        double l1 = pg_cox_eval(&w, b, efron, u1, i1);
        w.split_min = 2;
        double l2 = pg_cox_eval(&w, b, efron, u2, i2);
        pg_ck_rel(l2, l1, 1e-11);
        double scale = 0;
        for (size_t j = 0; j < p * p; j++) scale = fmax(scale, fabs(i1[j]));
        for (size_t j = 0; j < p; j++) pg_ck_abs(u2[j], u1[j], 1e-9 * (1 + fabs(l1) / 100));
        for (size_t j = 0; j < p * p; j++) pg_ck_abs(i2[j], i1[j], 1e-11 * (scale + 1));
    }
    free(b);
    free(u1);
    free(u2);
    free(i1);
    free(i2);
    pg_cox_work_free(&w);
    pg_frame_free(fr);
}

/* A fit large enough for the second thread (the likelihood walks in two parts, the gather
 * and the concordance in halves): one thread or two, the same fit to the last bit. */
START_TEST(threads_same_fit)
{
    size_t n = 150000, p = 3;
    double *t = malloc(n * sizeof *t), *x = malloc(n * p * sizeof *x);
    int *st = malloc(n * sizeof *st);
    uint64_t s = 12345;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        t[i] = (double)(1 + (s >> 33) % 900);
        st[i] = ((s >> 20) & 7) < 5;
        for (size_t j = 0; j < p; j++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            x[j * n + i] = j == 2 ? (double)((s >> 40) & 1) : (double)(s >> 11) / 9007199254740992.0;
        }
    }
    static const char *const names[] = {"a", "b", "c"};
    pg_frame_spec sp = {0};
    sp.n = n;
    sp.time = t;
    sp.status = st;
    sp.p = p;
    sp.x = x;
    sp.colnames = names;
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_frame_from_arrays(&sp, &fr, &e), PG_OK);
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    pg_cox *f1 = NULL, *f2 = NULL;
    o.threads = 1;
    ck_assert_int_eq(pg_cox_fit(fr, &o, &f1, &e), PG_OK);
    o.threads = 2;
    ck_assert_int_eq(pg_cox_fit(fr, &o, &f2, &e), PG_OK);
    ck_assert(memcmp(f1->coef, f2->coef, p * sizeof *f1->coef) == 0);
    ck_assert(memcmp(f1->var, f2->var, p * p * sizeof *f1->var) == 0);
    ck_assert(f1->loglik_final == f2->loglik_final && f1->concordance == f2->concordance &&
              f1->concordance_se == f2->concordance_se && f1->iterations == f2->iterations);
    pg_cox_free(f1);
    pg_cox_free(f2);
    pg_frame_free(fr);
    free(t);
    free(x);
    free(st);
}
END_TEST

START_TEST(split_walk_same)
{
    for (size_t k = 0; k < COX_NCASES; k++) check_split(&cox_cases[k]);
    for (size_t k = 0; k < COX_NRANDOM; k++) check_split(&cox_random_cases[k]);
}
END_TEST

START_TEST(cox_matches_r)
{
    check_case(&cox_cases[_i]);
}
END_TEST

/* random designs: strata, clusters, robust, interactions, heavy ties, all ties methods */
START_TEST(cox_random_matches_r)
{
    check_case(&cox_random_cases[_i]);
}
END_TEST

static void check_case(const cox_case *c)
{
    pg_cox *fit = case_fit(c, NULL);
    size_t p = c->p;
    ck_assert_uint_eq(fit->n, c->n);
    ck_assert_uint_eq(fit->n_coef, p);
    ck_assert_msg(fit->iterations == c->iter || (!fit->converged && c->iter == 21),
                  "%s: %d iterations, R %d", c->name, fit->iterations, c->iter);
    for (size_t j = 0; j < p; j++) {
        pg_ck_rel(fit->coef[j], c->coef[j], 1e-6);
        pg_ck_rel(fit->means[j], c->means[j], 1e-9);
        if (var_unreliable(c)) continue;
        for (size_t k = 0; k < p; k++) {
            double want = c->var[j * p + k];
            if (isnan(c->coef[j]) || isnan(c->coef[k])) want = 0;   /* R: 0 where aliased */
            /* near-zero covariances: absolute, on the scale sqrt(V_jj V_kk) (correlations to
             * 1e-6); the relative check below still applies to every element */
            double scale = sqrt(fabs(c->var[j * p + j] * c->var[k * p + k]));
            pg_ck_abs(fit->var[j * p + k], want, 1e-6 * scale + 1e-300);
            pg_ck_rel(fit->var[j * p + k], want, 1e-6);
        }
    }
    pg_ck_rel(fit->loglik_null, c->loglik0, 1e-6);
    pg_ck_rel(fit->loglik_final, c->loglik1, 1e-6);
    pg_ck_rel(fit->score.statistic, c->score, 1e-6);
    if (!var_unreliable(c)) pg_ck_rel(fit->wald.statistic, c->wald, 1e-6);
    pg_ck_rel(fit->concordance, c->concordance, 1e-6);
    pg_ck_rel(fit->concordance_se, c->concordance_se, 1e-6);
    for (size_t i = 0; i < c->n; i++) pg_ck_rel(fit->linear_predictor[i], c->lp[i], 1e-6);
    if (c->robust_var) {
        ck_assert_ptr_nonnull(fit->robust_var);
        for (size_t j = 0; j < p * p; j++) pg_ck_rel(fit->robust_var[j], c->robust_var[j], 1e-6);
        pg_ck_rel(fit->robust_score.statistic, c->rscore, 1e-6);
    } else {
        ck_assert_ptr_null(fit->robust_var);
        ck_assert(isnan(fit->robust_score.statistic));
    }
    ck_assert_msg(fit->n_warnings >= (size_t)c->nwarn, "%s: %zu warnings, R gave %d", c->name,
                  fit->n_warnings, c->nwarn);
    pg_cox_free(fit);
}
END_TEST


static const cox_case *find_case(const char *name)
{
    for (size_t i = 0; i < COX_NCASES; i++)
        if (strcmp(cox_cases[i].name, name) == 0) return &cox_cases[i];
    ck_abort_msg("no case %s", name);
    return NULL;
}

/* Breslow, Efron and exact coincide when no event times are tied (lung's are; veteran without
 * its ties is made by breaking them). */
START_TEST(ties_methods_agree_without_ties)
{
    double time[12] = {3, 7, 1, 9, 4, 12, 6, 2, 11, 8, 5, 10};
    int status[12] = {1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0};
    double x[24] = {0.2, 1.5, -0.7, 0.9, 2.2, -1.3, 0.4, 1.1, -0.2, 0.6, 1.8, -0.9,
                    1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0};
    const char *names[] = {"z", "g"};
    pg_frame_spec s = {0};
    s.n = 12;
    s.time = time;
    s.status = status;
    s.p = 2;
    s.x = x;
    s.colnames = names;
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, &e), PG_OK);
    pg_cox *fit[3] = {NULL, NULL, NULL};
    for (int t = 0; t < 3; t++) {
        pg_cox_opts o;
        pg_cox_opts_init(&o);
        o.ties = (pg_ties)t;
        ck_assert_int_eq(pg_cox_fit(fr, &o, &fit[t], &e), PG_OK);
    }
    for (int t = 1; t < 3; t++) {
        pg_ck_rel(fit[t]->loglik_final, fit[0]->loglik_final, 1e-9);
        for (size_t j = 0; j < 2; j++) {
            pg_ck_rel(fit[t]->coef[j], fit[0]->coef[j], 1e-6);
            pg_ck_rel(fit[t]->std_err[j], fit[0]->std_err[j], 1e-6);
        }
    }
    for (int t = 0; t < 3; t++) pg_cox_free(fit[t]);
    pg_frame_free(fr);
}
END_TEST

/* Score residuals sum to the score: zero at the estimate, U(0) at beta = 0 (whose quadratic form
 * with the information at 0 is the score test). */
START_TEST(score_residuals_sum_to_score)
{
    for (int efron = 0; efron <= 1; efron++) {
        const cox_case *c = find_case(efron ? "veteran" : "gehan_breslow");
        pg_frame *fr = case_frame(c);
        pg_cox_work w;
        ck_assert_int_eq(pg_cox_work_init(&w, fr, 0, 1), PG_OK);
        size_t n = w.n, p = w.p;
        double *U = malloc(n * p * sizeof *U), *u = calloc(p, sizeof *u),
               *I = calloc(p * p, sizeof *I), *beta = calloc(p, sizeof *beta);
        pg_cox_eval(&w, beta, efron, u, I);
        ck_assert_int_eq(pg_cox_score_resid(&w, beta, efron, U), PG_OK);
        for (size_t j = 0; j < p; j++) {
            double s = 0;
            for (size_t i = 0; i < n; i++) s += U[i * p + j];
            pg_ck_abs(s, u[j], 1e-9 * (1 + fabs(u[j])));
        }
        /* at the estimate */
        pg_cox_opts o;
        pg_cox_opts_init(&o);
        o.ties = efron ? PG_TIES_EFRON : PG_TIES_BRESLOW;
        pg_cox *fit = NULL;
        pg_error e = {0};
        ck_assert_int_eq(pg_cox_fit(fr, &o, &fit, &e), PG_OK);
        for (size_t j = 0; j < p; j++) beta[j] = fit->coef[j] / w.mult[j];
        ck_assert_int_eq(pg_cox_score_resid(&w, beta, efron, U), PG_OK);
        pg_cox_eval(&w, beta, efron, u, I);
        for (size_t j = 0; j < p; j++) {
            double s = 0;
            for (size_t i = 0; i < n; i++) s += U[i * p + j];
            pg_ck_abs(s, u[j], 1e-8);
            pg_ck_abs(s, 0, 1e-4);   /* R's estimate is converged to 1e-9 in loglik */
        }
        pg_cox_free(fit);
        free(U);
        free(u);
        free(I);
        free(beta);
        pg_cox_work_free(&w);
        pg_frame_free(fr);
    }
}
END_TEST

/* Concordance by hand: times 1..4 all events, scores 4 3 1 2 (higher dies sooner):
 * comparable pairs (i < j) 6: concordant unless score_i < score_j -> only (3, 4) discordant. */
START_TEST(concordance_by_hand)
{
    double t[] = {1, 2, 3, 4}, x[] = {4, 3, 1, 2};
    int s[] = {1, 1, 1, 1};
    pg_concordance c;
    ck_assert_int_eq(pg_concordance_fit(4, t, s, x, NULL, 1, NULL, 0, 1, 1, &c), PG_OK);
    pg_ck_rel(c.concordant, 5, 1e-12);
    pg_ck_rel(c.discordant, 1, 1e-12);
    pg_ck_rel(c.estimate, 5.0 / 6.0, 1e-12);
    /* tied scores count a half; a censoring before any event adds no pair */
    double t2[] = {0.5, 1, 2, 3}, x2[] = {9, 2, 2, 1};
    int s2[] = {0, 1, 1, 0};
    ck_assert_int_eq(pg_concordance_fit(4, t2, s2, x2, NULL, 1, NULL, 0, 1, 1, &c), PG_OK);
    pg_ck_rel(c.concordant, 2, 1e-12);
    pg_ck_rel(c.tied_x, 1, 1e-12);
    pg_ck_rel(c.estimate, 2.5 / 3.0, 1e-12);
    /* no comparable pair */
    int s3[] = {0, 0, 0, 0};
    ck_assert_int_eq(pg_concordance_fit(4, t2, s3, x2, NULL, 1, NULL, 0, 1, 1, &c), PG_OK);
    ck_assert(isnan(c.estimate) && isnan(c.std_err));
}
END_TEST

/* R's cholesky2 semantics: a redundant column gets D = 0 and drops out of solve and inverse. */
START_TEST(generalised_cholesky)
{
    double a[9] = {4, 2, 6, 2, 3, 5, 6, 5, 11};   /* col 3 = col 1 + col 2 */
    int rank = pg_chol_factor(a, 3, 1e-10);
    ck_assert_int_eq(rank, 2);
    ck_assert(a[8] == 0);
    double work[12];
    pg_chol_inverse(a, 3, work);
    /* inverse of [[4, 2], [2, 3]] = [[3, -2], [-2, 4]] / 8 */
    pg_ck_rel(a[0], 3.0 / 8, 1e-12);
    pg_ck_rel(a[1], -2.0 / 8, 1e-12);
    pg_ck_rel(a[4], 4.0 / 8, 1e-12);
    ck_assert(a[2] == 0 && a[5] == 0 && a[8] == 0 && a[6] == 0);
    double v[4] = {2, 0, 0, 0.5}, b[2] = {1, 1};
    size_t df = 0;
    pg_ck_rel(pg_chol_wtest(v, b, 2, 1e-9, &df), 0.5 + 2, 1e-12);
    ck_assert_uint_eq(df, 1 + 1);
    /* column-major: the factor F occupies the strict lower triangle, F(i, j) at a[i + j * p] */
    double f[4] = {4, 2, 2, 5};
    ck_assert_int_eq(pg_chol_factor(f, 2, PG_TOLER_CHOL), 2);
    pg_ck_rel(f[1], 0.5, 1e-15);                   /* F(1, 0) = 2 / 4 */
    pg_ck_rel(f[3], 4.0, 1e-15);                   /* D_1 = 5 - 2 * 2 / 4 */
    ck_assert_uint_eq(pg_chol_rank(f, 2), 2);
    pg_ck_rel(pg_chol_logdet(f, 2), log(16.0), 1e-15);
    /* a negative pivot: rank negated (not non-negative definite) */
    double neg[4] = {1, 2, 2, 1};
    ck_assert_int_eq(pg_chol_factor(neg, 2, PG_TOLER_CHOL), -1);
    /* the rank rule against the largest diagonal, or against each diagonal after scaling */
    double tiny[4] = {1, 0, 0, 1e-13}, sc[2];
    ck_assert_int_eq(pg_chol_factor(tiny, 2, PG_TOLER_CHOL), 1);
    double tiny2[4] = {1, 0, 0, 1e-13};
    ck_assert_int_eq(pg_chol_equilibrate(tiny2, 2, sc), 0);
    ck_assert_int_eq(pg_chol_factor(tiny2, 2, PG_TOLER_CHOL), 2);
    pg_ck_rel(sc[1], 1 / sqrt(1e-13), 1e-15);
    double zero[4] = {1, 0, 0, 0};
    ck_assert_int_eq(pg_chol_equilibrate(zero, 2, sc), -1);
}
END_TEST

START_TEST(text_output_is_summary_coxph)
{
    /* R 4.2, survival 3.5-3: print(summary(coxph(Surv(time, status) ~ age + sex + ph.ecog,
     * lung))) -- the lines below are R's, verbatim except for the Call */
    pg_cox *fit = case_fit(find_case("lung"), NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_render_cox(f, fit, PG_FMT_TEXT), PG_OK);
    fclose(f);
    const char *want[] = {
        "  n= 227, number of events= 164 \n",
        "             coef exp(coef)  se(coef)      z Pr(>|z|)    \n"
        "age      0.011067  1.011128  0.009267  1.194 0.232416    \n"
        "sex     -0.552612  0.575445  0.167739 -3.294 0.000986 ***\n"
        "ph.ecog  0.463728  1.589991  0.113577  4.083 4.45e-05 ***\n",
        "        exp(coef) exp(-coef) lower .95 upper .95\n"
        "age        1.0111     0.9890    0.9929    1.0297\n"
        "sex        0.5754     1.7378    0.4142    0.7994\n"
        "ph.ecog    1.5900     0.6289    1.2727    1.9864\n",
        "Concordance= 0.637  (se = 0.025 )\n"
        "Likelihood ratio test= 30.5  on 3 df,   p=1e-06\n"
        "Wald test            = 29.93  on 3 df,   p=1e-06\n"
        "Score (logrank) test = 30.5  on 3 df,   p=1e-06\n"};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        ck_assert_msg(strstr(buf, want[k]) != NULL, "missing:\n%s\nin:\n%s", want[k], buf);
    free(buf);
    pg_cox_free(fit);

    /* robust: print(summary(coxph(Surv(time, status) ~ age + sex + cluster(inst), lung))) */
    fit = case_fit(find_case("lung_cluster"), NULL);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_render_cox(f, fit, PG_FMT_TEXT), PG_OK);
    fclose(f);
    const char *want2[] = {
        "         coef exp(coef)  se(coef) robust se      z Pr(>|z|)    \n"
        "age  0.017033  1.017179  0.009233  0.007327  2.325   0.0201 *  \n"
        "sex -0.511668  0.599495  0.167679  0.128231 -3.990  6.6e-05 ***\n",
        "Concordance= 0.604  (se = 0.02 )\n",
        "Score (logrank) test = 13.59  on 2 df,   p=0.001,   Robust = 7.03  p=0.03\n",
        "(Note: the likelihood ratio and score tests assume independence of\n"};
    for (size_t k = 0; k < sizeof want2 / sizeof want2[0]; k++)
        ck_assert_msg(strstr(buf, want2[k]) != NULL, "missing:\n%s\nin:\n%s", want2[k], buf);
    free(buf);
    pg_cox_free(fit);

    /* aliased and scientific: the separated and constant-column cases */
    fit = case_fit(find_case("separated"), NULL);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_render_cox(f, fit, PG_FMT_TEXT), PG_OK);
    fclose(f);
    ck_assert_msg(strstr(buf, "g   2.192e+01 3.325e+09 1.688e+04 0.001    0.999\n") != NULL, "%s",
                  buf);
    ck_assert_msg(strstr(buf, "g   3.325e+09  3.007e-10     0.000       Inf\n") != NULL, "%s", buf);
    free(buf);
    pg_cox_free(fit);
    fit = case_fit(find_case("lung_const"), NULL);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_render_cox(f, fit, PG_FMT_TEXT), PG_OK);
    fclose(f);
    ck_assert_msg(strstr(buf, "five        NA        NA  0.000000     NA       NA   \n") != NULL,
                  "%s", buf);
    free(buf);
    pg_cox_free(fit);
}
END_TEST

START_TEST(json_and_csv_contract)
{
    pg_cox *fit = case_fit(find_case("lung_cluster"), NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_render_cox(f, fit, PG_FMT_JSON), PG_OK);
    fclose(f);
    json_error_t je;
    json_t *root = json_loads(buf, 0, &je);
    ck_assert_msg(root != NULL, "%s", je.text);
    const char *keys[] = {"n", "events", "ties", "iterations", "converged", "method", "loglik",
                          "coefficients", "tests", "concordance", "warnings", "dropped"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        ck_assert_msg(json_object_get(root, keys[k]) != NULL, "no key %s", keys[k]);
    ck_assert_str_eq(json_string_value(json_object_get(root, "method")), "partial-likelihood");
    json_t *c0 = json_array_get(json_object_get(root, "coefficients"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(c0, "term")), "age");
    pg_ck_rel(json_real_value(json_object_get(c0, "robust_se")), fit->robust_se[0], 1e-15);
    pg_ck_rel(json_real_value(json_object_get(c0, "conf_high")), fit->conf_high[0], 1e-15);
    json_t *rs = json_object_get(json_object_get(root, "tests"), "robust_score");
    /* R: coxph(Surv(time, status1) ~ age + sex + cluster(inst), lung)$rscore (the lung_cluster
     * case of scripts/fixtures/cox.R) */
    pg_ck_rel(json_real_value(json_object_get(rs, "statistic")), 7.0342744, 1e-6);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root, "dropped"),
                                                        "missing")), 0);
    json_decref(root);
    free(buf);
    pg_cox_free(fit);

    /* robust_se is null without clusters; CSV has the coefficient table at full precision */
    fit = case_fit(find_case("aml_efron"), NULL);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_render_cox(f, fit, PG_FMT_JSON), PG_OK);
    fclose(f);
    root = json_loads(buf, 0, &je);
    c0 = json_array_get(json_object_get(root, "coefficients"), 0);
    ck_assert(json_is_null(json_object_get(c0, "robust_se")));
    ck_assert(json_is_null(json_object_get(json_object_get(json_object_get(root, "tests"),
                                                           "robust_score"), "statistic")));
    json_decref(root);
    free(buf);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_render_cox(f, fit, PG_FMT_CSV), PG_OK);
    fclose(f);
    ck_assert_msg(strncmp(buf, "term,coef,hr,std_err,robust_se,z,p,conf_low,conf_high\n"
                               "xNonmaintained,0.91552", 75) == 0, "%s", buf);
    free(buf);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_render_cox(f, fit, PG_FMT_MD), PG_OK);
    fclose(f);
    ck_assert_msg(strstr(buf, "| xNonmaintained |") != NULL, "%s", buf);
    free(buf);
    pg_cox_free(fit);
}
END_TEST

/* ---- edge ------------------------------------------------------------------------------------ */

static pg_frame *small_frame(size_t n, const double *t, const int *s, const double *x)
{
    static const char *names[] = {"x"};
    pg_frame_spec sp = {0};
    sp.n = n;
    sp.time = t;
    sp.status = s;
    sp.p = 1;
    sp.x = x;
    sp.colnames = names;
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_frame_from_arrays(&sp, &fr, &e), PG_OK);
    return fr;
}

START_TEST(edge_single_subject)
{
    double t[] = {3}, x[] = {1.7};
    int s[] = {1};
    pg_frame *fr = small_frame(1, t, s, x);
    pg_cox *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_cox_fit(fr, NULL, &fit, &e), PG_OK);
    ck_assert(fit->aliased[0] && isnan(fit->coef[0]));   /* no information about x */
    ck_assert(fit->lr.df == 0 && fit->lr.p == 1);
    ck_assert(isnan(fit->concordance));
    pg_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

START_TEST(edge_constant_only)
{
    double t[] = {3, 1, 4, 1, 5}, x[] = {2, 2, 2, 2, 2};
    int s[] = {1, 1, 0, 1, 1};
    pg_frame *fr = small_frame(5, t, s, x);
    pg_cox *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_cox_fit(fr, NULL, &fit, &e), PG_OK);
    ck_assert(fit->aliased[0] && isnan(fit->coef[0]) && isnan(fit->conf_low[0]));
    ck_assert_uint_ge(fit->n_warnings, 1);
    ck_assert(strstr(fit->warnings[0], "'x'") != NULL);
    ck_assert(fit->wald.df == 0 && isnan(fit->wald.statistic));
    pg_ck_rel(fit->loglik_final, fit->loglik_null, 1e-12);
    pg_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* Peduzzi et al. 1995, 1996: under 10 events per estimated coefficient is said; 10 is not. */
START_TEST(edge_events_per_coefficient)
{
    char buf[300] = "unchanged";
    ck_assert_int_eq(pg_cox_epv_warning(30, 3, buf, sizeof buf), 0);
    ck_assert_int_eq(pg_cox_epv_warning(0, 3, buf, sizeof buf), 0);
    ck_assert_int_eq(pg_cox_epv_warning(5, 0, buf, sizeof buf), 0);
    ck_assert_str_eq(buf, "unchanged");
    ck_assert_int_eq(pg_cox_epv_warning(29, 3, buf, sizeof buf), 1);
    ck_assert_str_eq(buf, "29 events for 3 coefficients (9.7 per coefficient); fewer than 10 "
                          "events per coefficient give unstable, biased estimates (Peduzzi et "
                          "al. 1995, 1996)");
    ck_assert_int_eq(pg_cox_epv_warning(1, 1, buf, sizeof buf), 1);
    ck_assert_ptr_nonnull(strstr(buf, "1 event for 1 coefficient (1.0 per coefficient)"));
}
END_TEST

START_TEST(edge_separation_warns)
{
    pg_cox *fit = case_fit(find_case("separated"), NULL);
    ck_assert_uint_eq(fit->n_warnings, 2);   /* and few events per coefficient (below) */
    ck_assert_ptr_nonnull(strstr(fit->warnings[1], "(Peduzzi et al. 1995, 1996)"));
    ck_assert_str_eq(fit->warnings[0], "loglik converged before variable 'g'; coefficient may "
                                       "be infinite (monotone likelihood); consider --firth");
    ck_assert(fit->converged);
    pg_cox_free(fit);
    fit = case_fit(find_case("single_event"), NULL);
    ck_assert(!fit->converged);
    ck_assert(strstr(fit->warnings[0], "did not converge") != NULL);
    pg_cox_free(fit);
}
END_TEST

START_TEST(edge_conf_level)
{
    pg_frame *fr = case_frame(find_case("aml_efron"));
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.conf_level = 0.9;
    pg_cox *fit = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_cox_fit(fr, &o, &fit, &e), PG_OK);
    /* R: summary(coxph(Surv(time, status) ~ x, aml), conf.int = 0.9)$conf.int[3:4] */
    double z = 1.6448536269514722;
    pg_ck_rel(fit->conf_low[0], exp(fit->coef[0] - z * fit->std_err[0]), 1e-12);
    pg_ck_rel(fit->conf_low[0], 1.076242304, 1e-6);
    pg_ck_rel(fit->conf_high[0], 5.798443528, 1e-6);
    pg_cox_free(fit);
    pg_frame_free(fr);
}
END_TEST

/* ---- errors ---------------------------------------------------------------------------------- */

START_TEST(errors_codes_and_messages)
{
    double t[] = {3, 1, 4}, x[] = {1, 2, 3};
    int s[] = {0, 0, 0};
    pg_frame *fr = small_frame(3, t, s, x);
    pg_cox *fit = (pg_cox *)&fit;
    pg_error e = {0};
    ck_assert_int_eq(pg_cox_fit(fr, NULL, &fit, &e), PG_ENOEVENTS);
    ck_assert_ptr_null(fit);
    ck_assert_str_eq(e.msg, "cox: no events (every observation is censored)");
    pg_frame_free(fr);

    const cox_case *c = find_case("aml_exact");
    fr = case_frame(c);
    pg_cox_opts o;
    pg_cox_opts_init(&o);
    o.ties = PG_TIES_EXACT;
    o.robust = 1;
    ck_assert_int_eq(pg_cox_fit(fr, &o, &fit, &e), PG_EANALYSIS);
    ck_assert(strstr(e.msg, "robust") && strstr(e.msg, "exact"));
    pg_cox_opts_init(&o);
    o.conf_level = 1.5;
    ck_assert_int_eq(pg_cox_fit(fr, &o, &fit, &e), PG_EINPUT);
    pg_cox_opts_init(&o);
    o.eps = 0;
    ck_assert_int_eq(pg_cox_fit(fr, &o, &fit, &e), PG_EINPUT);
    /* --firth is handed to Firth's fit */
    pg_cox_opts_init(&o);
    o.firth = 1;
    int rc = pg_cox_fit(fr, &o, &fit, &e);
    if (rc == PG_OK) {
        ck_assert_int_eq(fit->firth, 1);
        pg_cox_free(fit);
    } else {
        ck_assert(strstr(e.msg, "firth") != NULL);
    }
    pg_frame_free(fr);

    /* no covariates */
    pg_frame_spec sp = {0};
    double t2[] = {1, 2};
    int s2[] = {1, 0};
    sp.n = 2;
    sp.time = t2;
    sp.status = s2;
    ck_assert_int_eq(pg_frame_from_arrays(&sp, &fr, &e), PG_OK);
    ck_assert_int_eq(pg_cox_fit(fr, NULL, &fit, &e), PG_EANALYSIS);
    pg_frame_free(fr);

    /* the exact likelihood overflows: 600 events tied in a risk set of 1200 (C(1200, 600)) */
    {
        size_t nb = 1200;
        double *tb = malloc(nb * sizeof *tb), *xb = malloc(nb * sizeof *xb);
        int *sb = malloc(nb * sizeof *sb);
        for (size_t i = 0; i < nb; i++) {
            tb[i] = 1;
            sb[i] = i % 2 == 0;
            xb[i] = (double)(i % 7);
        }
        pg_frame *fb = small_frame(nb, tb, sb, xb);
        pg_cox_opts_init(&o);
        o.ties = PG_TIES_EXACT;
        ck_assert_int_eq(pg_cox_fit(fb, &o, &fit, &e), PG_ENUMERIC);
        ck_assert(strstr(e.msg, "overflows") != NULL);
        pg_frame_free(fb);
        free(tb);
        free(xb);
        free(sb);
    }

    /* an infinite covariate (R: "data contains an infinite predictor") */
    double t3[] = {1, 2, 3}, x3[] = {1, INFINITY, 0};
    int s3[] = {1, 1, 0};
    fr = small_frame(3, t3, s3, x3);
    ck_assert_int_eq(pg_cox_fit(fr, NULL, &fit, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "cox: covariate 'x' has an infinite value (row 2)");
    pg_frame_free(fr);

    pg_ties tie;
    ck_assert_int_eq(pg_cox_ties_parse("breslow", &tie), PG_OK);
    ck_assert_int_eq(tie, PG_TIES_BRESLOW);
    ck_assert_str_eq(pg_cox_ties_name(PG_TIES_EXACT), "exact");
    ck_assert_int_eq(pg_cox_ties_parse("efron ", &tie), PG_EINPUT);
    pg_cox_free(NULL);
}
END_TEST

static Suite *cox_suite(void)
{
    Suite *s = suite_create("cox");
    TCase *tc = tcase_create("reference");
    tcase_add_loop_test(tc, cox_matches_r, 0, (int)COX_NCASES);
    tcase_add_loop_test(tc, cox_random_matches_r, 0, (int)COX_NRANDOM);
    tcase_add_test(tc, split_walk_same);
    tcase_add_test(tc, threads_same_fit);
    tcase_add_test(tc, ties_methods_agree_without_ties);
    tcase_add_test(tc, score_residuals_sum_to_score);
    tcase_add_test(tc, concordance_by_hand);
    tcase_add_test(tc, generalised_cholesky);
    tcase_add_test(tc, text_output_is_summary_coxph);
    tcase_add_test(tc, json_and_csv_contract);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_add_test(tc, edge_single_subject);
    tcase_add_test(tc, edge_events_per_coefficient);
    tcase_add_test(tc, edge_constant_only);
    tcase_add_test(tc, edge_separation_warns);
    tcase_add_test(tc, edge_conf_level);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, errors_codes_and_messages);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(cox_suite());
}
