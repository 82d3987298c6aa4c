/* survreg.c -- parametric survival regression by maximum likelihood, as survival::survreg
 * (survreg.fit and its C routine survreg6.c): Newton-Raphson on (beta, log sigma), step halving
 * when the log-likelihood falls, convergence on the relative change of the log-likelihood, the
 * intercept-only fit first, whose estimates start the model fit. The variance is the inverse
 * of the information at the estimate; with cluster() terms the robust variance is the sandwich
 * of the dfbeta residuals summed by cluster (residuals.survreg type "dfbeta", as survreg does).
 * Kalbfleisch & Prentice (2002), The Statistical Analysis of Failure Time Data, ch. 3. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "internal.h"
#include "linalg.h"
#include "survreg_dist.h"

void pg_survreg_opts_init(pg_survreg_opts *o)
{
    memset(o, 0, sizeof *o);
    o->dist = PG_SR_WEIBULL;
    o->max_iter = 30;
    o->rel_tol = 1e-9;
    o->toler_chol = 1e-10;
    o->conf_level = 0.95;
}

/* The working state of one fit: the data on the y scale and the parameter layout. */
typedef struct sr_work {
    const pg_survreg_data *d;
    pg_sr_family fam;
    double fixed;        /* the fixed scale, or 0 */
    double *y, *y2;      /* transformed times */
    size_t p, nscale, k; /* p with the intercept */
    pg_sr_dist dist;
    double toler_chol;
    double *imat, *u;    /* k x k information, k score */
    double *jj;          /* k x k: the sum of the rows' score outer products (survreg6's JJ) */
    double *g;           /* k: one row's score */
    const double *x;     /* the design the fit uses: d->x, or its rescaled copy xs */
    double *xs, *center, *stdev;  /* survreg.fit's rescaling (rescale_make), else NULL */
} sr_work;

static double xval(const sr_work *w, size_t i, size_t j)
{
    return j == 0 ? 1.0 : w->x[i + (j - 1) * w->d->n];
}

/* One end of a censored row: F or S, f, f' and z f, for the derivatives of D = P(interval). */
typedef struct sr_end {
    double f, fp, z;
} sr_end;

/* survregc1.c's stand-in for a row whose probability underflows to 0 (a wild Newton step):
 * log f = SMALL = -200 and derivatives that only have to be finite (the step is then halved). */
static double off_scale(double dg, double ddg, double dv[5])
{
    dv[0] = dg;
    dv[1] = ddg;
    dv[2] = dv[3] = dv[4] = 0;
    return -200;
}

/* Log-likelihood of row i (without the Jacobian of log t) at linear predictor eta and scale
 * sigma; dv = {dl/deta, d2l/deta2, dl/dlogs, d2l/dlogs2, d2l/deta dlogs}. */
static double row_deriv(const sr_work *w, size_t i, double eta, double sigma, double dv[5])
{
    int st = w->d->status[i];
    pg_sr_dens a, b;
    double z = (w->y[i] - eta) / sigma;
    if (st == PG_SR_EXACT) {
        pg_sr_density(w->fam.base, z, &a);
        if (!(a.f > 0)) return off_scale(-z / sigma, -1 / sigma, dv);
        double l1 = a.d1, l2 = a.d2 - a.d1 * a.d1;
        dv[0] = -l1 / sigma;
        dv[1] = l2 / (sigma * sigma);
        dv[2] = -z * l1 - 1;
        dv[3] = z * l1 + z * z * l2;
        dv[4] = (l1 + z * l2) / sigma;
        return a.logf - log(sigma);
    }
    /* D = F(zu) - F(zl) with an open end contributing nothing */
    sr_end lo = {0, 0, 0}, up = {0, 0, 0};
    double D;
    pg_sr_density(w->fam.base, z, &a);
    if (st == PG_SR_RIGHT) {
        lo = (sr_end){a.f, a.f * a.d1, z};
        D = a.S;
    } else if (st == PG_SR_LEFT) {
        up = (sr_end){a.f, a.f * a.d1, z};
        D = a.F;
    } else {
        double z2 = (w->y2[i] - eta) / sigma;
        pg_sr_density(w->fam.base, z2, &b);
        lo = (sr_end){a.f, a.f * a.d1, z};
        up = (sr_end){b.f, b.f * b.d1, z2};
        D = z > 0 ? a.S - b.S : b.F - a.F;
    }
    if (!(D > 0))
        return off_scale(st == PG_SR_RIGHT ? z / sigma : st == PG_SR_LEFT ? -z / sigma : 1, 0, dv);
    double De = -(up.f - lo.f) / sigma;
    double Ds = -(up.z * up.f - lo.z * lo.f);
    double Dee = (up.fp - lo.fp) / (sigma * sigma);
    double Dss = up.z * up.f + up.z * up.z * up.fp - lo.z * lo.f - lo.z * lo.z * lo.fp;
    double Des = (up.z * up.fp - lo.z * lo.fp + up.f - lo.f) / sigma;
    dv[0] = De / D;
    dv[2] = Ds / D;
    dv[1] = Dee / D - dv[0] * dv[0];
    dv[3] = Dss / D - dv[2] * dv[2];
    dv[4] = Des / D - dv[0] * dv[2];
    return log(D);
}

static double sigma_of(const sr_work *w, const double *th, size_t s)
{
    return w->fixed > 0 ? w->fixed : exp(th[w->p + s]);
}

/* Log-likelihood at th; with want, the score w->u, the information w->imat and J'J w->jj too.
 * With score (n x k, may be NULL), each row's score vector. */
static double eval(sr_work *w, const double *th, int want, double *score)
{
    const pg_survreg_data *d = w->d;
    size_t k = w->k, p = w->p, n = d->n;
    double ll = 0, *gi = w->g;
    if (want) {
        memset(w->u, 0, k * sizeof *w->u);
        memset(w->imat, 0, k * k * sizeof *w->imat);
        memset(w->jj, 0, k * k * sizeof *w->jj);
    }
    for (size_t i = 0; i < n; i++) {
        size_t s = d->strata ? d->strata[i] : 0;
        double eta = 0, sigma = sigma_of(w, th, s), dv[5];
        for (size_t j = 0; j < p; j++) eta += th[j] * xval(w, i, j);
        ll += row_deriv(w, i, eta, sigma, dv);
        if (!want) continue;
        size_t js = p + s;
        /* the row's score gi, its information in imat (lower triangle) */
        for (size_t j = 0; j < k; j++) gi[j] = 0;
        for (size_t j = 0; j < p; j++) {
            double xj = xval(w, i, j);
            gi[j] = dv[0] * xj;
            for (size_t l = 0; l <= j; l++) w->imat[j + l * k] -= dv[1] * xj * xval(w, i, l);
            if (w->nscale) w->imat[js + j * k] -= dv[4] * xj;
        }
        if (w->nscale) {
            gi[js] = dv[2];
            w->imat[js + js * k] -= dv[3];
        }
        for (size_t j = 0; j < k; j++) {
            w->u[j] += gi[j];
            if (score) score[i + j * n] = gi[j];
            if (gi[j] != 0)
                for (size_t l = 0; l <= j; l++) w->jj[j + l * k] += gi[j] * gi[l];
        }
    }
    if (want)
        for (size_t j = 0; j < k; j++)
            for (size_t l = 0; l < j; l++) {
                w->imat[l + j * k] = w->imat[j + l * k];
                w->jj[l + j * k] = w->jj[j + l * k];
            }
    return ll;
}

/* The Newton step from the score and information of the last eval: u -> I^-1 u, or (J'J)^-1 u
 * when I is not non-negative definite (survreg6's fallback to a BHHH step). */
static void nr_step(sr_work *w, double *step, double *fac)
{
    size_t k = w->k;
    memcpy(fac, w->imat, k * k * sizeof *fac);
    if (pg_chol_factor(fac, k, w->toler_chol) < 0) {
        memcpy(fac, w->jj, k * k * sizeof *fac);
        pg_chol_factor(fac, k, w->toler_chol);
    }
    memcpy(step, w->u, k * sizeof *step);
    pg_chol_solve(fac, k, step);
}

/* Newton-Raphson from th (k values, updated in place), as survreg6.c: a full step is taken
 * from the last accepted point; a step that lowers the log-likelihood is halved towards it up
 * to 5 times in one iteration (the first halving also keeps each log-scale within 1.1 of its
 * last value); the fit has converged when |1 - ll_old / ll_new| <= rel_tol after a full step.
 * Out of iterations, th is the last trial point, as R returns it. */
static int newton(sr_work *w, unsigned max_iter, double rel_tol, double *th, double *ll_out,
                  unsigned *iter_out, int *conv, pg_error *err)
{
    size_t k = w->k;
    double *nt = malloc(k * sizeof *nt), *fac = malloc(k * k * sizeof *fac);
    double *step = malloc(k * sizeof *step);
    int rc = PG_OK;
    unsigned halving = 0, it;
    if (!nt || !fac || !step) {
        rc = pg_fail(err, PG_ENOMEM, "survreg: out of memory");
        goto done;
    }
    *conv = 0;
    double ll = eval(w, th, 1, NULL);
    nr_step(w, step, fac);
    for (size_t j = 0; j < k; j++) nt[j] = th[j] + step[j];
    double nll = eval(w, nt, 1, NULL);
    for (it = 1; it <= max_iter; it++) {
        if (isfinite(nll) && fabs(1 - ll / nll) <= rel_tol && halving == 0) {
            *conv = 1;
            break;
        }
        if (!(nll >= ll)) {
            for (int j = 0; j < 5 && !(nll >= ll); j++) {
                halving++;
                for (size_t l = 0; l < k; l++) nt[l] = (nt[l] + th[l]) / 2;
                if (halving == 1)
                    for (size_t l = w->p; l < k; l++)
                        if (th[l] - nt[l] > 1.1) nt[l] = th[l] - 1.1;
                nll = eval(w, nt, 0, NULL);
            }
        } else {
            halving = 0;
            ll = nll;
            nr_step(w, step, fac);
            for (size_t j = 0; j < k; j++) {
                th[j] = nt[j];
                nt[j] += step[j];
            }
        }
        nll = eval(w, nt, 1, NULL);
    }
    memcpy(th, nt, k * sizeof *th);
    *ll_out = nll;
    *iter_out = it > max_iter ? max_iter : it;
    if (!isfinite(nll))
        rc = pg_fail(err, PG_ENUMERIC, "survreg: the log-likelihood is not finite");
done:
    free(nt);
    free(fac);
    free(step);
    return rc;
}

/* y of row i for the starting values: the mid-point of an interval, else the time. */
static double mid_y(const sr_work *w, size_t i)
{
    return w->d->status[i] == PG_SR_INTERVAL ? (w->y[i] + w->y2[i]) / 2 : w->y[i];
}

/* sd$init of survreg.distributions: the mean and variance of the mid-interval y, corrected
 * for the base (extreme: mean + 0.572, var / 1.64; logistic: var / 3.2). */
static void init_moments(const sr_work *w, double *mean, double *var)
{
    const pg_survreg_data *d = w->d;
    double m = 0, v = 0;
    for (size_t i = 0; i < d->n; i++) m += mid_y(w, i);
    m /= (double)d->n;
    for (size_t i = 0; i < d->n; i++) v += (mid_y(w, i) - m) * (mid_y(w, i) - m);
    v /= (double)d->n;
    if (w->fam.base == PG_SRB_EXTREME) {
        m += 0.572;
        v /= 1.64;
    } else if (w->fam.base == PG_SRB_LOGISTIC) {
        v /= 3.2;
    }
    *mean = m;
    *var = v > 0 ? v : 1;
}

/* survreg.fit's starting coefficients: one weighted least-squares step from eta = y (derfun at
 * the mid-interval y with the scales of th): beta = (X'WX)^- X'(W y + dg), W = -ddg, with the
 * first w->p columns of the design. th's log-scales are kept. */
static int init_beta(sr_work *w, double *th, pg_error *err)
{
    const pg_survreg_data *d = w->d;
    size_t p = w->p;
    double *a = calloc(p * p + p, sizeof *a), *b = a ? a + p * p : NULL;
    if (!a) return pg_fail(err, PG_ENOMEM, "survreg: out of memory");
    for (size_t i = 0; i < d->n; i++) {
        size_t s = d->strata ? d->strata[i] : 0;
        double yy = mid_y(w, i), dv[5];
        row_deriv(w, i, yy, sigma_of(w, th, s), dv);
        double wt = -dv[1], r = wt * yy + dv[0];
        for (size_t j = 0; j < p; j++) {
            double xj = xval(w, i, j);
            b[j] += r * xj;
            for (size_t l = 0; l < p; l++) a[j + l * p] += wt * xj * xval(w, i, l);
        }
    }
    pg_chol_factor(a, p, w->toler_chol);
    pg_chol_solve(a, p, b);
    memcpy(th, b, p * sizeof *th);
    free(a);
    return PG_OK;
}

/* The data checks and the transformed times: a log-scale distribution needs times > 0, an
 * interval its lower end below its upper. */
static int transform(sr_work *w, pg_error *err)
{
    const pg_survreg_data *d = w->d;
    for (size_t i = 0; i < d->n; i++) {
        double t = d->time[i], t2 = d->status[i] == PG_SR_INTERVAL ? d->time2[i] : t;
        if (d->status[i] < 0 || d->status[i] > 3)
            return pg_fail(err, PG_EINPUT, "survreg: row %zu: censoring code %d", i + 1,
                           d->status[i]);
        if (w->fam.log_time && (t <= 0 || t2 <= 0))
            return pg_fail(err, PG_EINPUT, "survreg: row %zu: time %g is not positive, which "
                           "the %s distribution (a model for log time) cannot take", i + 1,
                           t <= 0 ? t : t2, pg_survreg_dist_name(w->dist));
        if (t2 < t)
            return pg_fail(err, PG_EINPUT, "survreg: row %zu: interval end %g is before its "
                           "start %g", i + 1, t2, t);
        w->y[i] = w->fam.log_time ? log(t) : t;
        w->y2[i] = w->fam.log_time ? log(t2) : t2;
    }
    return PG_OK;
}

static double jacobian(const sr_work *w)
{
    double c = 0;
    if (!w->fam.log_time) return 0;
    for (size_t i = 0; i < w->d->n; i++)
        if (w->d->status[i] == PG_SR_EXACT) c -= w->y[i];
    return c;
}

/* var <- the (generalised) inverse of the information at th (k x k): zero on the rows and
 * columns of aliased coefficients. */
static int variance(sr_work *w, double *th, double *var, double *score, pg_error *err)
{
    size_t k = w->k;
    double *work = malloc((k * k + k) * sizeof *work);
    if (!work) return pg_fail(err, PG_ENOMEM, "survreg: out of memory");
    eval(w, th, 1, score);
    memcpy(var, w->imat, k * k * sizeof *var);
    pg_chol_factor(var, k, w->toler_chol);
    pg_chol_inverse(var, k, work);
    free(work);
    (void)th;
    (void)err;
    return PG_OK;
}

/* The robust variance: D = score V (dfbeta), summed by cluster, D_c' D_c. */
static int robust(const sr_work *w, const double *score, const double *V, double *rob)
{
    const pg_survreg_data *d = w->d;
    size_t k = w->k, nc = d->nclusters;
    double *D = calloc(nc * k, sizeof *D);
    if (!D) return PG_ENOMEM;
    for (size_t i = 0; i < d->n; i++)
        for (size_t a = 0; a < k; a++) {
            double s = 0;
            for (size_t b = 0; b < k; b++) s += score[i + b * d->n] * V[b + a * k];
            D[d->cluster[i] + a * nc] += s;
        }
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++) {
            double s = 0;
            for (size_t c = 0; c < nc; c++) s += D[c + a * nc] * D[c + b * nc];
            rob[a + b * k] = s;
        }
    free(D);
    return PG_OK;
}

/* survreg.fit's rescaling: with covariates, every column that is not all 0/1 is centred on its
 * mean and divided by its standard deviation (sd(), n - 1) for the fit, so the Cholesky
 * tolerance judges columns on one scale (Newton-Raphson itself does not depend on it). A
 * constant column is left as it is (aliased with the intercept). */
static int rescale_make(sr_work *w)
{
    const pg_survreg_data *d = w->d;
    size_t n = d->n, q = d->p;
    w->x = d->x;
    if (q == 0) return PG_OK;
    w->xs = malloc((n * q + 2 * q) * sizeof *w->xs);
    if (!w->xs) return PG_ENOMEM;
    w->center = w->xs + n * q;
    w->stdev = w->center + q;
    for (size_t j = 0; j < q; j++) {
        const double *c = d->x + j * n;
        double m = 0, v = 0;
        int binary = 1;
        for (size_t i = 0; i < n; i++) {
            binary &= c[i] == 0 || c[i] == 1;
            m += c[i];
        }
        m /= (double)n;
        for (size_t i = 0; i < n; i++) v += (c[i] - m) * (c[i] - m);
        double sd = n > 1 ? sqrt(v / (double)(n - 1)) : 0;
        w->center[j] = binary || !(sd > 0) ? 0 : m;
        w->stdev[j] = binary || !(sd > 0) ? 1 : sd;
        for (size_t i = 0; i < n; i++) w->xs[i + j * n] = (c[i] - w->center[j]) / w->stdev[j];
    }
    w->x = w->xs;
    return PG_OK;
}

/* Back to the columns as given: coef <- T coef (coef may be NULL), var <- T var T' with T the identity but
 * T[j][j] = 1 / sd_j and T[0][j] = -center_j / sd_j (survreg.fit's vtemp). */
static int rescale_back(const sr_work *w, double *coef, double *var)
{
    size_t k = w->k, q = w->d->p;
    if (!w->xs) return PG_OK;
    double *t = calloc(2 * k * k, sizeof *t), *tmp = t ? t + k * k : NULL;
    if (!t) return PG_ENOMEM;
    for (size_t a = 0; a < k; a++) t[a + a * k] = 1;
    for (size_t j = 0; j < q; j++) {
        t[(j + 1) + (j + 1) * k] = 1 / w->stdev[j];
        t[0 + (j + 1) * k] = -w->center[j] / w->stdev[j];
    }
    if (coef) {
        double c0 = coef[0];
        for (size_t j = 0; j < q; j++) c0 += t[(j + 1) * k] * coef[j + 1];
        coef[0] = c0;
        for (size_t j = 0; j < q; j++) coef[j + 1] /= w->stdev[j];
    }
    for (size_t a = 0; a < k; a++)        /* tmp = T var */
        for (size_t b = 0; b < k; b++) {
            double s = 0;
            for (size_t c = 0; c < k; c++) s += t[a + c * k] * var[c + b * k];
            tmp[a + b * k] = s;
        }
    for (size_t a = 0; a < k; a++)        /* var = tmp T' */
        for (size_t b = 0; b < k; b++) {
            double s = 0;
            for (size_t c = 0; c < k; c++) s += tmp[a + c * k] * t[b + c * k];
            var[a + b * k] = s;
        }
    free(t);
    return PG_OK;
}

/* A column aliased with earlier ones has a zero row of the (generalised) inverse and no
 * estimate: survreg makes its coefficient NA where diag(var) == 0. */
static int mark_aliased(const sr_work *w, pg_survreg *f, pg_error *err)
{
    for (size_t j = 0; j < w->p; j++) {
        if (f->var[j + j * w->k] != 0) continue;
        if (j == 0)
            return pg_fail(err, PG_ENUMERIC, "survreg: the information matrix is singular at "
                           "the intercept");
        f->coef[j] = NAN;
    }
    return PG_OK;
}

void pg_survreg_free(pg_survreg *fit)
{
    if (!fit) return;
    if (fit->names)
        for (size_t j = 0; j < fit->k; j++) free(fit->names[j]);
    free(fit->names);
    free(fit->coef);
    free(fit->scale);
    free(fit->var);
    free(fit->naive_var);
    free(fit);
}

static int fill_names(pg_survreg *f, const pg_survreg_data *d)
{
    for (size_t j = 0; j < f->k; j++) {
        const char *nm;
        if (j == 0) nm = "(Intercept)";
        else if (j < f->p) nm = d->colnames ? d->colnames[j - 1] : "x";
        else if (f->nstrata > 1 && d->strata_names) nm = d->strata_names[j - f->p];
        else nm = "Log(scale)";
        if (!(f->names[j] = pg_strdup(nm))) return PG_ENOMEM;
    }
    return PG_OK;
}

static pg_survreg *result_new(size_t k, size_t nstrata, int clustered)
{
    pg_survreg *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->k = k;
    f->names = calloc(k, sizeof *f->names);
    f->coef = calloc(k, sizeof *f->coef);
    f->scale = calloc(nstrata, sizeof *f->scale);
    f->var = calloc(k * k, sizeof *f->var);
    if (clustered) f->naive_var = calloc(k * k, sizeof *f->var);
    if (!f->names || !f->coef || !f->scale || !f->var || (clustered && !f->naive_var)) {
        pg_survreg_free(f);
        return NULL;
    }
    return f;
}

/* survreg.fit: the starting log-scales log(4 var) / 2 from sd$init, the intercept by one
 * weighted least-squares step; with covariates, the intercept-only model fitted first (20
 * iterations at most), its log-scales and a least-squares step for beta starting the model. */
static int fit_both(sr_work *w, const pg_survreg_opts *o, pg_survreg *f, pg_error *err)
{
    size_t nst = w->nscale, p = w->p;
    double mean, var, ll0 = 0, ll1 = 0;
    unsigned it0;
    int conv0, rc;
    init_moments(w, &mean, &var);
    memset(f->coef, 0, w->k * sizeof *f->coef);
    for (size_t s = 0; s < nst; s++) f->coef[p + s] = log(4 * var) / 2;
    if (p > 1) {
        double *th0 = malloc((1 + nst) * sizeof *th0);
        if (!th0) return pg_fail(err, PG_ENOMEM, "survreg: out of memory");
        for (size_t s = 0; s < nst; s++) th0[1 + s] = f->coef[p + s];
        w->p = 1;
        w->k = 1 + nst;
        rc = init_beta(w, th0, err);
        if (!rc) rc = newton(w, 20, o->rel_tol, th0, &ll0, &it0, &conv0, err);
        w->p = p;
        w->k = p + nst;
        for (size_t s = 0; s < nst; s++) f->coef[p + s] = th0[1 + s];
        free(th0);
        if (rc) return rc;
    }
    if ((rc = init_beta(w, f->coef, err)) ||
        (rc = newton(w, o->max_iter, o->rel_tol, f->coef, &ll1, &f->iter, &f->converged, err)))
        return rc;
    if (p == 1) ll0 = ll1;
    double jac = jacobian(w);
    f->loglik[0] = ll0 + jac;
    f->loglik[1] = ll1 + jac;
    return PG_OK;
}

int pg_survreg_fit(const pg_survreg_data *d, const pg_survreg_opts *o, pg_survreg **out,
                   pg_error *err)
{
    pg_survreg_opts def;
    if (!o) {
        pg_survreg_opts_init(&def);
        o = &def;
    }
    *out = NULL;
    if (!d || d->n == 0) return pg_fail(err, PG_EINPUT, "survreg: no rows");
    sr_work w = {.d = d, .fam = pg_sr_family_of(o->dist), .dist = o->dist,
                 .toler_chol = o->toler_chol};
    size_t nstrata = d->strata && d->nstrata > 0 ? d->nstrata : 1;
    w.fixed = o->scale > 0 ? o->scale : w.fam.fixed_scale;
    if (w.fixed > 0 && nstrata > 1)
        return pg_fail(err, PG_EINPUT, "survreg: strata() give each stratum its own scale, "
                       "which a fixed scale (%s) cannot have; R: \"Cannot have both a fixed "
                       "scale and strata\"",
                       o->scale > 0 ? "--scale" : pg_survreg_dist_name(o->dist));
    w.p = d->p + 1;
    w.nscale = w.fixed > 0 ? 0 : nstrata;
    w.k = w.p + w.nscale;
    size_t k = w.k, nev = 0;
    for (size_t i = 0; i < d->n; i++) nev += d->status[i] != PG_SR_RIGHT;
    if (nev == 0)
        return pg_fail(err, PG_ENOEVENTS, "survreg: every row is right censored: the "
                       "likelihood has no maximum (no events)");
    int clustered = d->cluster && d->nclusters > 0;
    pg_survreg *f = result_new(k, nstrata, clustered);
    double *score = NULL;
    w.y = malloc(2 * d->n * sizeof *w.y);
    w.u = malloc((2 * k + 2 * k * k) * sizeof *w.u);
    if (clustered) score = malloc(d->n * k * sizeof *score);
    int rc = PG_OK;
    if (!f || !w.y || !w.u || (clustered && !score)) {
        rc = pg_fail(err, PG_ENOMEM, "survreg: out of memory");
        goto done;
    }
    w.y2 = w.y + d->n;
    w.imat = w.u + k;
    w.jj = w.imat + k * k;
    w.g = w.jj + k * k;
    f->dist = o->dist;
    f->n = d->n;
    f->nevents = 0;
    for (size_t i = 0; i < d->n; i++) f->nevents += d->status[i] == PG_SR_EXACT;
    f->p = w.p;
    f->nscale = w.nscale;
    f->nstrata = nstrata;
    f->conf_level = o->conf_level;
    f->log_time = w.fam.log_time;
    if ((rc = fill_names(f, d)) || (rc = rescale_make(&w)) || (rc = transform(&w, err)) ||
        (rc = fit_both(&w, o, f, err)) || (rc = variance(&w, f->coef, f->var, score, err)))
        goto done;
    if (clustered) {
        memcpy(f->naive_var, f->var, k * k * sizeof *f->var);
        if ((rc = robust(&w, score, f->naive_var, f->var))) goto done;
        if ((rc = rescale_back(&w, NULL, f->naive_var))) goto done;
    }
    if ((rc = rescale_back(&w, f->coef, f->var)) || (rc = mark_aliased(&w, f, err))) goto done;
    for (size_t s = 0; s < nstrata; s++) f->scale[s] = sigma_of(&w, f->coef, s);
    f->df = w.p - 1;
    f->chisq = 2 * (f->loglik[1] - f->loglik[0]);
    f->pvalue = f->df ? gsl_cdf_chisq_Q(f->chisq, (double)f->df) : NAN;
    f->aic = -2 * f->loglik[1] + 2 * (double)k;
done:
    if (rc == PG_ENOMEM && err && !err->msg[0]) pg_fail(err, rc, "survreg: out of memory");
    free(w.y);
    free(w.u);
    free(w.xs);
    free(score);
    if (rc) pg_survreg_free(f);
    else *out = f;
    return rc;
}
