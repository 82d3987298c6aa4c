/* meta_reg.c -- the meta-regression y ~ 1 + x with residual heterogeneity tau2, for Egger's
 * test (metafor::regtest, model "rma", predictor "sei": rma.uni(yi, vi, mods = ~ sei)).
 *
 * Two columns X = [1, x] and weights w = 1 / (v + tau2): A = (X'WX)^-1, b = A X'Wy,
 * residuals e = y - Xb; then y'Py = sum w e^2, y'PPy = sum w^2 e^2, tr P = sw - tr(A X'W^2X),
 * tr PP = sum w^2 - 2 tr(A X'W^3X) + tr(A B A B) with B = X'W^2X. The tau2 estimators are
 * rma.uni's with mods (as in meta.c, with k - 2 for k - 1). */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "internal.h"
#include "meta_impl.h"
#include "prognos/meta.h"

#define REG_TOL 1e-12
#define REG_MAXIT 10000

typedef struct reg2 {
    double a[4];            /* (X'WX)^-1, row-major 2x2 */
    double b0, b1;
    double rss, rss2;       /* y'Py, y'PPy */
    double sw, trp, trpp;
} reg2;

/* The 2x2 sums s = X' diag(u^pw) X of the columns 1 and x. */
static void xtux(const double *x, const double *u, size_t k, int pw, double s[4])
{
    s[0] = s[1] = s[3] = 0;
    for (size_t i = 0; i < k; i++) {
        double ui = pw == 1 ? u[i] : pw == 2 ? u[i] * u[i] : u[i] * u[i] * u[i];
        s[0] += ui, s[1] += ui * x[i], s[3] += ui * x[i] * x[i];
    }
    s[2] = s[1];
}

static void mul2(const double p[4], const double q[4], double r[4])
{
    r[0] = p[0] * q[0] + p[1] * q[2];
    r[1] = p[0] * q[1] + p[1] * q[3];
    r[2] = p[2] * q[0] + p[3] * q[2];
    r[3] = p[2] * q[1] + p[3] * q[3];
}

/* Weighted fit with w_i = 1 / (v_i + tau2), or w_i = 1 when v is NULL (ordinary least squares). */
static int fit2(const double *y, const double *v, const double *x, size_t k, double tau2,
                reg2 *r, double *w)
{
    double sy = 0, sxy = 0;
    r->sw = 0;
    for (size_t i = 0; i < k; i++) {
        w[i] = v ? 1.0 / (v[i] + tau2) : 1.0;
        sy += w[i] * y[i], sxy += w[i] * x[i] * y[i];
        r->sw += w[i];
    }
    double m[4], b[4], c[4], ab[4], abab[4], ac[4];
    xtux(x, w, k, 1, m);
    double det = m[0] * m[3] - m[1] * m[2];
    if (!(fabs(det) > 1e-300)) return PG_ENUMERIC;
    r->a[0] = m[3] / det, r->a[1] = -m[1] / det, r->a[2] = -m[2] / det, r->a[3] = m[0] / det;
    r->b0 = r->a[0] * sy + r->a[1] * sxy;
    r->b1 = r->a[2] * sy + r->a[3] * sxy;
    r->rss = r->rss2 = 0;
    double sw2 = 0;
    for (size_t i = 0; i < k; i++) {
        double e = y[i] - r->b0 - r->b1 * x[i];
        r->rss += w[i] * e * e;
        r->rss2 += w[i] * w[i] * e * e;
        sw2 += w[i] * w[i];
    }
    xtux(x, w, k, 2, b);
    xtux(x, w, k, 3, c);
    mul2(r->a, b, ab);
    mul2(ab, ab, abab);
    mul2(r->a, c, ac);
    r->trp = r->sw - (ab[0] + ab[3]);
    r->trpp = sw2 - 2 * (ac[0] + ac[3]) + abab[0] + abab[3];
    return PG_OK;
}

/* Hedges' estimator with mods: (RSS_ols - tr(P_ols V)) / (k - 2), at 0;
 * tr(P_ols V) = sum v - tr((X'X)^-1 X'VX). */
static double he2(const double *y, const double *v, const double *x, size_t k, double *w)
{
    reg2 r;
    if (fit2(y, NULL, x, k, 0, &r, w)) return 0;
    double xv[4], p[4], sv = 0;
    xtux(x, v, k, 1, xv);
    mul2(r.a, xv, p);
    for (size_t i = 0; i < k; i++) sv += v[i];
    double t = (r.rss - (sv - p[0] - p[3])) / ((double)k - 2);
    return t > 0 ? t : 0;
}

static int tau2_reg(const double *y, const double *v, const double *x, size_t k,
                    pg_meta_method m, double *w, double *tau2)
{
    double df = (double)k - 2;
    reg2 r;
    *tau2 = 0;
    switch (m) {
    case PG_META_FE:
    case PG_META_PETO: return PG_OK;
    case PG_META_DL:
        if (fit2(y, v, x, k, 0, &r, w)) return PG_ENUMERIC;
        *tau2 = fmax(0, (r.rss - df) / r.trp);
        return PG_OK;
    case PG_META_HE: *tau2 = he2(y, v, x, k, w); return PG_OK;
    case PG_META_SJ: {
        /* rma.uni starts from var(y) (k-1)/k, the intercept-only value, even with mods */
        double t0 = pg_meta_sj_start(y, k);
        if (!(t0 > 0)) return PG_OK;
        if (fit2(y, v, x, k, t0, &r, w)) return PG_ENUMERIC;
        *tau2 = t0 * r.rss / df;
        return PG_OK;
    }
    case PG_META_PM: {
        if (fit2(y, v, x, k, 0, &r, w)) return PG_ENUMERIC;
        if (r.rss <= df) return PG_OK;
        double lo = 0, hi = 1;
        while (fit2(y, v, x, k, hi, &r, w) == PG_OK && r.rss > df && hi < 1e300) lo = hi, hi *= 2;
        for (int it = 0; it < 2000 && hi - lo > REG_TOL * (1 + lo); it++) {
            double mid = 0.5 * (lo + hi);
            if (fit2(y, v, x, k, mid, &r, w)) return PG_ENUMERIC;
            if (r.rss > df) lo = mid;
            else hi = mid;
        }
        *tau2 = 0.5 * (lo + hi);
        return PG_OK;
    }
    case PG_META_ML:
    case PG_META_REML: {
        double t = he2(y, v, x, k, w);
        for (int it = 0; it < REG_MAXIT; it++) {
            if (fit2(y, v, x, k, t, &r, w)) return PG_ENUMERIC;
            double sw2 = 0;
            for (size_t i = 0; i < k; i++) sw2 += w[i] * w[i];
            double adj = m == PG_META_REML ? (r.rss2 - r.trp) / r.trpp : (r.rss2 - r.sw) / sw2;
            while (t + adj < 0) adj /= 2;
            double old = t;
            t += adj;
            if (fabs(t - old) <= REG_TOL * (1 + t)) {
                *tau2 = t;
                return PG_OK;
            }
        }
        return PG_ENUMERIC;
    }
    default: return PG_EINPUT;
    }
}

int pg_meta_egger_test(const double *yi, const double *vi, size_t k, const pg_meta_opts *o,
                       double *stat, double *df, double *p, double *limit, double *limit_low,
                       double *limit_high, pg_error *err)
{
    if (k < 3) return pg_fail(err, PG_EANALYSIS, "Egger's test needs at least 3 studies");
    double *x = pg_malloc_array(k, sizeof *x), *w = pg_malloc_array(k, sizeof *w), tau2;
    int rc = PG_OK;
    reg2 r;
    if (!x || !w) {
        rc = pg_fail(err, PG_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < k; i++) x[i] = sqrt(vi[i]);
    if (tau2_reg(yi, vi, x, k, o->method, w, &tau2) || fit2(yi, vi, x, k, tau2, &r, w)) {
        rc = pg_fail(err, PG_ENUMERIC,
                     "Egger's regression cannot be fitted (the standard errors may all be equal)");
        goto done;
    }
    double s2 = 1, crit;
    if (o->test == PG_META_TEST_KNHA) {
        *df = (double)k - 2;
        s2 = r.rss / *df;
        crit = gsl_cdf_tdist_Pinv(1 - (1 - o->conf_level) / 2, *df);
    } else {
        *df = NAN;
        crit = pg_z_two_sided(o->conf_level);
    }
    double se1 = sqrt(r.a[3] * s2), se0 = sqrt(r.a[0] * s2);
    *stat = r.b1 / se1;
    *p = o->test == PG_META_TEST_KNHA ? 2 * gsl_cdf_tdist_Q(fabs(*stat), *df)
                                      : 2 * gsl_cdf_ugaussian_Q(fabs(*stat));
    *limit = r.b0;
    *limit_low = r.b0 - crit * se0;
    *limit_high = r.b0 + crit * se0;
done:
    free(x);
    free(w);
    return rc;
}
