/* meta.c -- inverse-variance meta-analysis of study effects with the tau2 estimators of
 * metafor::rma.uni (Viechtbauer, J Stat Softw 2010;36(3)), Q-profile CIs for tau2 and I2
 * (Viechtbauer, Stat Med 2007;26:37-52; R: confint.rma.uni), the prediction interval
 * (R: predict.rma) and the Hartung-Knapp-Sidik-Jonkman test (Hartung & Knapp, Stat Med
 * 2001;20:3875-89; R: rma(test = "knha")).
 *
 * The model is intercept-only, so the projection P = W - w w' / sum(w) of metafor's general code
 * reduces to sums: P y = w (y - mu_w), y'P y = sum w (y - mu_w)^2, tr P = sw - sw2 / sw and
 * tr PP = sw2 - 2 sw3 / sw + sw2^2 / sw^2, with w = 1 / (v + tau2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "internal.h"
#include "meta_impl.h"
#include "prognos/meta.h"

#define META_TOL 1e-12     /* convergence of tau2 (change per step, root bracket) */
#define META_MAXIT 10000

void pg_meta_opts_init(pg_meta_opts *o)
{
    o->method = PG_META_REML;
    o->test = PG_META_TEST_Z;
    o->conf_level = 0.95;
}

static const char *const method_names[] = {"FE", "DL", "REML", "ML", "PM", "HE", "SJ", "Peto"};
static const char *const method_keys[] = {"fe", "dl", "reml", "ml", "pm", "he", "sj", "peto"};

const char *pg_meta_method_name(pg_meta_method m)
{
    return (unsigned)m < sizeof method_names / sizeof *method_names ? method_names[m] : "?";
}

int pg_meta_method_parse(const char *s, int *value)
{
    for (size_t i = 0; i < sizeof method_keys / sizeof *method_keys; i++)
        if (strcmp(s, method_keys[i]) == 0) {
            *value = (int)i;
            return PG_OK;
        }
    return PG_EINPUT;
}

int pg_meta_test_parse(const char *s, int *value)
{
    if (strcmp(s, "z") == 0) *value = PG_META_TEST_Z;
    else if (strcmp(s, "knha") == 0 || strcmp(s, "hksj") == 0) *value = PG_META_TEST_KNHA;
    else return PG_EINPUT;
    return PG_OK;
}

/* The weighted sums of one tau2: w = 1 / (v + tau2). */
typedef struct wsums {
    double sw, sw2, sw3, mu, q, q2;   /* q = sum w (y - mu)^2, q2 = sum w^2 (y - mu)^2 */
} wsums;

static wsums weigh(const double *y, const double *v, size_t k, double tau2)
{
    wsums s = {0};
    double swy = 0;
    for (size_t i = 0; i < k; i++) {
        double w = 1.0 / (v[i] + tau2);
        s.sw += w;
        s.sw2 += w * w;
        s.sw3 += w * w * w;
        swy += w * y[i];
    }
    s.mu = swy / s.sw;
    for (size_t i = 0; i < k; i++) {
        double w = 1.0 / (v[i] + tau2), d = y[i] - s.mu;
        s.q += w * d * d;
        s.q2 += w * w * d * d;
    }
    return s;
}

static double trace_p(const wsums *s) { return s->sw - s->sw2 / s->sw; }
static double trace_pp(const wsums *s)
{
    return s->sw2 - 2.0 * s->sw3 / s->sw + s->sw2 * s->sw2 / (s->sw * s->sw);
}

double pg_meta_sj_start(const double *y, size_t k)
{
    double ybar = 0, t0 = 0;
    for (size_t i = 0; i < k; i++) ybar += y[i];
    ybar /= (double)k;
    for (size_t i = 0; i < k; i++) t0 += (y[i] - ybar) * (y[i] - ybar);
    return t0 / (double)k;
}

/* Hedges' estimator (rma method "HE"): (sum (y - ybar)^2 - (k-1)/k sum v) / (k - 1), at 0. */
static double tau2_he(const double *y, const double *v, size_t k)
{
    double ybar = 0, sv = 0, rss = 0;
    for (size_t i = 0; i < k; i++) ybar += y[i], sv += v[i];
    ybar /= (double)k;
    for (size_t i = 0; i < k; i++) rss += (y[i] - ybar) * (y[i] - ybar);
    double t = (rss - sv * ((double)k - 1.0) / (double)k) / ((double)k - 1.0);
    return t > 0 ? t : 0;
}

/* Root of the decreasing function q(tau2) - target on [0, inf), 0 when q(0) <= target:
 * bracket by doubling, then bisection to META_TOL (Paule-Mandel and the Q-profile bounds). */
static double q_root(const double *y, const double *v, size_t k, double target)
{
    if (weigh(y, v, k, 0).q <= target) return 0;
    double lo = 0, hi = 1;
    while (weigh(y, v, k, hi).q > target && hi < 1e300) lo = hi, hi *= 2;
    for (int it = 0; it < 2000 && hi - lo > META_TOL * (1 + lo); it++) {
        double mid = 0.5 * (lo + hi);
        if (weigh(y, v, k, mid).q > target) lo = mid;
        else hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* ML and REML by Fisher scoring as rma.uni does it: start at Hedges' estimate, step
 * (score / information), halve a step that would go below 0, stop when tau2 changes by less
 * than META_TOL. ML: adj = (y'PPy - sw) / sw2; REML: adj = (y'PPy - tr P) / tr PP. */
static int tau2_scoring(const double *y, const double *v, size_t k, int reml, double *tau2,
                        double *se, pg_error *err)
{
    double t = tau2_he(y, v, k);
    for (int it = 0;; it++) {
        if (it == META_MAXIT)
            return pg_fail(err, PG_ENUMERIC, "the %s estimate of tau2 did not converge",
                           reml ? "REML" : "ML");
        wsums s = weigh(y, v, k, t);
        double adj = reml ? (s.q2 - trace_p(&s)) / trace_pp(&s) : (s.q2 - s.sw) / s.sw2;
        while (t + adj < 0) adj /= 2;
        double old = t;
        t += adj;
        if (fabs(t - old) <= META_TOL * (1 + t)) break;
    }
    wsums s = weigh(y, v, k, t);
    *tau2 = t;
    *se = sqrt(2.0 / (reml ? trace_pp(&s) : s.sw2));
    return PG_OK;
}

static int estimate_tau2_point(const double *y, const double *v, size_t k, pg_meta_method m,
                               double *tau2, double *se, pg_error *err)
{
    *se = NAN;
    *tau2 = 0;
    if (m == PG_META_FE || m == PG_META_PETO) return PG_OK;
    wsums s0 = weigh(y, v, k, 0);
    double df = (double)k - 1.0;
    switch (m) {
    case PG_META_DL:
        *tau2 = fmax(0, (s0.q - df) / trace_p(&s0));
        return PG_OK;
    case PG_META_HE: *tau2 = tau2_he(y, v, k); return PG_OK;
    case PG_META_PM: *tau2 = q_root(y, v, k, df); return PG_OK;
    case PG_META_SJ: {
        /* Sidik & Jonkman (Stat Med 2005;24:1183-94): t0 = var(y) (k-1)/k, then
         * t0 * sum w (y - mu_w)^2 / (k - 1) with w = 1 / (v + t0) (rma.uni's "SJ"). */
        double t0 = pg_meta_sj_start(y, k);
        *tau2 = t0 > 0 ? t0 * weigh(y, v, k, t0).q / df : 0;
        return PG_OK;
    }
    case PG_META_ML: return tau2_scoring(y, v, k, 0, tau2, se, err);
    case PG_META_REML: return tau2_scoring(y, v, k, 1, tau2, se, err);
    default: return pg_fail(err, PG_EINPUT, "unknown meta-analysis method");
    }
}

/* The SE of a moment estimate of tau2 as rma.uni gives it (its "DL", "HE", "SJ" branches, the
 * generalised-Q form of DerSimonian & Kacker, Contemp Clin Trials 2007;28:105-14):
 * f sqrt(2 sum(PV * PV') + 4 t sum(PV * P) + 2 t^2 sum(P * P)), t = max(tau2, 0), with
 * P = W - w w' / sum w the projection of the weights w = 1 / (v + t0) (unit = 1: w = 1, the
 * unweighted P = I - J / k of Hedges' estimator). The three sums are over P_ij^2 times v_i v_j,
 * v_j and 1. */
static double moment_se(const double *v, size_t k, double t0, int unit, double f, double t)
{
    double sw = 0, a = 0, b = 0, c = 0;
    for (size_t i = 0; i < k; i++) sw += unit ? 1.0 : 1.0 / (v[i] + t0);
    for (size_t i = 0; i < k; i++) {
        double wi = unit ? 1.0 : 1.0 / (v[i] + t0);
        for (size_t j = 0; j < k; j++) {
            double wj = unit ? 1.0 : 1.0 / (v[j] + t0);
            double pij = (i == j ? wi : 0) - wi * wj / sw, p2 = pij * pij;
            a += p2 * v[i] * v[j];
            b += p2 * v[j];
            c += p2;
        }
    }
    t = fmax(t, 0);
    return f * sqrt(2 * a + 4 * t * b + 2 * t * t * c);
}

static int estimate_tau2(const double *y, const double *v, size_t k, pg_meta_method m,
                         double *tau2, double *se, pg_error *err)
{
    int rc = estimate_tau2_point(y, v, k, m, tau2, se, err);
    if (rc || k < 2) return rc;
    double df = (double)k - 1.0;
    switch (m) {
    case PG_META_DL: {
        wsums s0 = weigh(y, v, k, 0);
        *se = moment_se(v, k, 0, 0, 1.0 / trace_p(&s0), *tau2);
        break;
    }
    case PG_META_HE: *se = moment_se(v, k, 0, 1, 1.0 / df, *tau2); break;
    case PG_META_SJ: {
        double t0 = pg_meta_sj_start(y, k);
        *se = moment_se(v, k, t0, 0, t0 / df, *tau2);
        break;
    }
    case PG_META_PM: /* rma.uni's "PM": sqrt(2 k^2 / (k - 1)) / sum w at the estimate */
        *se = sqrt(2.0 * (double)k * (double)k / df) / weigh(y, v, k, *tau2).sw;
        break;
    default: break;
    }
    return PG_OK;
}

void pg_meta_free(pg_meta *m)
{
    if (!m) return;
    free(m->yi);
    free(m->vi);
    free(m->weight);
    free(m);
}

/* tau2, I2 and H2 from Q-profile bounds (confint.rma.uni): the tau2 where the generalised Q
 * equals the upper and lower chi-square quantiles on k - 1 df; I2 = 100 tau2 / (vt + tau2) and
 * H2 = 1 + tau2 / vt with vt the "typical" within-study variance (k-1) / tr P(0). */
static void heterogeneity(pg_meta *m, const wsums *s0)
{
    size_t k = m->k;
    double df = (double)k - 1.0, vt = df / trace_p(s0), alpha = 1.0 - m->conf_level;
    int fixed = m->method == PG_META_FE || m->method == PG_META_PETO;
    if (fixed) {
        m->i2 = m->q > df ? 100.0 * (m->q - df) / m->q : 0;
        m->h2 = m->q / df;
    } else {
        m->i2 = 100.0 * m->tau2 / (vt + m->tau2);
        m->h2 = (vt + m->tau2) / vt;
    }
    m->tau2_low = m->tau2_high = m->i2_low = m->i2_high = m->h2_low = m->h2_high = NAN;
    if (fixed) return;
    m->tau2_low = q_root(m->yi, m->vi, k, gsl_cdf_chisq_Qinv(alpha / 2, df));
    m->tau2_high = q_root(m->yi, m->vi, k, gsl_cdf_chisq_Pinv(alpha / 2, df));
    m->i2_low = 100.0 * m->tau2_low / (vt + m->tau2_low);
    m->i2_high = 100.0 * m->tau2_high / (vt + m->tau2_high);
    m->h2_low = 1.0 + m->tau2_low / vt;
    m->h2_high = 1.0 + m->tau2_high / vt;
}

/* The pooled estimate, its test and CI, the prediction interval and the weights at m->tau2. */
static void pool(pg_meta *m)
{
    size_t k = m->k;
    wsums s = weigh(m->yi, m->vi, k, m->tau2);
    double vb = 1.0 / s.sw, crit;
    m->estimate = s.mu;
    if (m->test == PG_META_TEST_KNHA) {
        m->df = (double)k - 1.0;
        vb *= s.q / m->df;   /* Knapp-Hartung's s2w, not truncated at 1 (metafor's knha) */
        crit = gsl_cdf_tdist_Pinv(1.0 - (1.0 - m->conf_level) / 2.0, m->df);
    } else {
        m->df = NAN;
        crit = pg_z_two_sided(m->conf_level);
    }
    m->se = sqrt(vb);
    m->stat = m->estimate / m->se;
    m->p = m->test == PG_META_TEST_KNHA ? 2.0 * gsl_cdf_tdist_Q(fabs(m->stat), m->df)
                                        : 2.0 * gsl_cdf_ugaussian_Q(fabs(m->stat));
    m->conf_low = m->estimate - crit * m->se;
    m->conf_high = m->estimate + crit * m->se;
    double sp = sqrt(vb + m->tau2);
    m->pi_low = m->estimate - crit * sp;
    m->pi_high = m->estimate + crit * sp;
    for (size_t i = 0; i < k; i++) m->weight[i] = 100.0 / (m->vi[i] + m->tau2) / s.sw;
}

int pg_meta_fit(const double *yi, const double *vi, size_t k, const pg_meta_opts *o,
                pg_meta **out, pg_error *err)
{
    *out = NULL;
    if (k == 0) return pg_fail(err, PG_EINPUT, "no studies to pool");
    for (size_t i = 0; i < k; i++)
        if (!isfinite(yi[i]) || !(vi[i] > 0) || !isfinite(vi[i]))
            return pg_fail(err, PG_EINPUT,
                           "study %zu: the effect must be finite and its variance positive",
                           i + 1);
    if (k == 1 && o->test == PG_META_TEST_KNHA)
        return pg_fail(err, PG_EANALYSIS,
                       "the Knapp-Hartung test needs at least 2 studies (t on k - 1 df)");
    pg_meta *m = calloc(1, sizeof *m);
    if (!m) return pg_fail(err, PG_ENOMEM, "out of memory");
    m->k = k;
    m->method = o->method;
    m->test = o->test;
    m->conf_level = o->conf_level;
    m->yi = pg_malloc_array(k, sizeof *m->yi);
    m->vi = pg_malloc_array(k, sizeof *m->vi);
    m->weight = pg_malloc_array(k, sizeof *m->weight);
    if (!m->yi || !m->vi || !m->weight) {
        pg_meta_free(m);
        return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    memcpy(m->yi, yi, k * sizeof *yi);
    memcpy(m->vi, vi, k * sizeof *vi);
    int rc = PG_OK;
    if (k == 1) {
        /* One study: its own estimate; tau2 and the heterogeneity are not estimable. */
        m->tau2 = 0;
        pool(m);
        m->tau2 = m->tau2_se = m->tau2_low = m->tau2_high = NAN;
        m->i2 = m->i2_low = m->i2_high = m->h2 = m->h2_low = m->h2_high = NAN;
        m->q = 0;
        m->q_df = 0;
        m->q_p = NAN;
        *out = m;
        return PG_OK;
    }
    if ((rc = estimate_tau2(yi, vi, k, o->method, &m->tau2, &m->tau2_se, err))) {
        pg_meta_free(m);
        return rc;
    }
    m->tau2_at_zero = m->tau2 == 0;
    wsums s0 = weigh(yi, vi, k, 0);
    m->q = s0.q;
    m->q_df = (double)k - 1.0;
    m->q_p = pg_chisq_p(m->q, m->q_df);
    pool(m);
    heterogeneity(m, &s0);
    *out = m;
    return PG_OK;
}

int pg_meta_subgroup_q(const pg_meta *const *fits, size_t g, double *q, double *df, double *p,
                       pg_error *err)
{
    if (g < 2) return pg_fail(err, PG_EINPUT, "the subgroup test needs at least 2 subgroups");
    double sw = 0, swy = 0;
    for (size_t i = 0; i < g; i++) {
        double w = 1.0 / (fits[i]->se * fits[i]->se);
        sw += w;
        swy += w * fits[i]->estimate;
    }
    double mu = swy / sw, s = 0;
    for (size_t i = 0; i < g; i++) {
        double d = fits[i]->estimate - mu;
        s += d * d / (fits[i]->se * fits[i]->se);
    }
    *q = s;
    *df = (double)g - 1.0;
    *p = pg_chisq_p(s, *df);
    return PG_OK;
}
