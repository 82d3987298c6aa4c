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
} sr_work;

static double xval(const sr_work *w, size_t i, size_t j)
{
    return j == 0 ? 1.0 : w->d->x[i + (j - 1) * w->d->n];
}

/* One end of a censored row: F or S, f, f' and z f, for the derivatives of D = P(interval). */
typedef struct sr_end {
    double f, fp, z;
} sr_end;

/* Log-likelihood of row i (without the Jacobian of log t) at linear predictor eta and scale
 * sigma; dv = {dl/deta, d2l/deta2, dl/dlogs, d2l/dlogs2, d2l/deta dlogs}. */
static double row_deriv(const sr_work *w, size_t i, double eta, double sigma, double dv[5])
{
    int st = w->d->status[i];
    pg_sr_dens a, b;
    double z = (w->y[i] - eta) / sigma;
    if (st == PG_SR_EXACT) {
        pg_sr_density(w->fam.base, z, &a);
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

/* Log-likelihood at th; with want, the score w->u and information w->imat too. With score (n x
 * k, may be NULL), each row's score vector. */
static double eval(sr_work *w, const double *th, int want, double *score)
{
    const pg_survreg_data *d = w->d;
    size_t k = w->k, p = w->p;
    double ll = 0;
    if (want) {
        memset(w->u, 0, k * sizeof *w->u);
        memset(w->imat, 0, k * k * sizeof *w->imat);
    }
    for (size_t i = 0; i < d->n; i++) {
        size_t s = d->strata ? d->strata[i] : 0;
        double eta = 0, sigma = sigma_of(w, th, s), dv[5];
        for (size_t j = 0; j < p; j++) eta += th[j] * xval(w, i, j);
        ll += row_deriv(w, i, eta, sigma, dv);
        if (!want) continue;
        size_t js = p + s;
        for (size_t j = 0; j < p; j++) {
            double xj = xval(w, i, j);
            w->u[j] += dv[0] * xj;
            if (score) score[i + j * d->n] = dv[0] * xj;
            for (size_t l = 0; l <= j; l++) w->imat[j + l * k] -= dv[1] * xj * xval(w, i, l);
            if (w->nscale) w->imat[js + j * k] -= dv[4] * xj;
        }
        if (w->nscale) {
            w->u[js] += dv[2];
            w->imat[js + js * k] -= dv[3];
            if (score) {
                for (size_t t = p; t < k; t++) score[i + t * d->n] = 0;
                score[i + js * d->n] = dv[2];
            }
        }
    }
    if (want)
        for (size_t j = 0; j < k; j++)
            for (size_t l = 0; l < j; l++) w->imat[l + j * k] = w->imat[j + l * k];
    return ll;
}

/* Newton-Raphson from th (k values, updated in place), survreg6.c's loop: a step that lowers
 * the log-likelihood (or makes it NaN) is halved back towards the last accepted point; the fit
 * has converged when |1 - ll_old / ll_new| <= rel_tol after a full step. */
static int newton(sr_work *w, const pg_survreg_opts *o, double *th, double *ll_out,
                  unsigned *iter_out, int *conv, pg_error *err)
{
    size_t k = w->k;
    double *nt = malloc(k * sizeof *nt), *fac = malloc(k * k * sizeof *fac);
    int rc = PG_OK, halving = 0;
    if (!nt || !fac) {
        rc = pg_fail(err, PG_ENOMEM, "survreg: out of memory");
        goto done;
    }
    double ll = eval(w, th, 1, NULL);
    if (!isfinite(ll)) {
        rc = pg_fail(err, PG_ENUMERIC, "survreg: the log-likelihood is not finite at the start");
        goto done;
    }
    *conv = 0;
    unsigned it;
    memcpy(fac, w->imat, k * k * sizeof *fac);
    pg_chol_factor(fac, k, o->toler_chol);
    memcpy(nt, w->u, k * sizeof *nt);
    pg_chol_solve(fac, k, nt);
    for (size_t j = 0; j < k; j++) nt[j] += th[j];
    for (it = 1; it <= o->max_iter; it++) {
        double nll = eval(w, nt, 0, NULL);
        if (isfinite(nll) && fabs(1 - ll / nll) <= o->rel_tol && !halving) {
            memcpy(th, nt, k * sizeof *th);
            ll = nll;
            *conv = 1;
            break;
        }
        if (!isfinite(nll) || nll < ll) {
            halving++;
            for (size_t j = 0; j < k; j++) nt[j] = (nt[j] + th[j]) / 2;
            continue;
        }
        halving = 0;
        memcpy(th, nt, k * sizeof *th);
        ll = eval(w, th, 1, NULL);
        memcpy(fac, w->imat, k * k * sizeof *fac);
        pg_chol_factor(fac, k, o->toler_chol);
        memcpy(nt, w->u, k * sizeof *nt);
        pg_chol_solve(fac, k, nt);
        for (size_t j = 0; j < k; j++) nt[j] += th[j];
    }
    *ll_out = ll;
    *iter_out = it > o->max_iter ? o->max_iter : it;
done:
    free(nt);
    free(fac);
    return rc;
}

/* sd$init of survreg.distributions: the mean and variance of the (mid-interval) y, corrected
 * for the base (extreme: mean + 0.572, var / 1.64; logistic: var / 3.2). */
static void start_values(const sr_work *w, double *mean, double *var)
{
    const pg_survreg_data *d = w->d;
    double m = 0, v = 0;
    for (size_t i = 0; i < d->n; i++)
        m += d->status[i] == PG_SR_INTERVAL ? (w->y[i] + w->y2[i]) / 2 : w->y[i];
    m /= (double)d->n;
    for (size_t i = 0; i < d->n; i++) {
        double yy = d->status[i] == PG_SR_INTERVAL ? (w->y[i] + w->y2[i]) / 2 : w->y[i];
        v += (yy - m) * (yy - m);
    }
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

/* var <- the inverse of the information at th (k x k). PG_ENUMERIC when singular. */
static int variance(sr_work *w, const double *th, double *var, double *score, pg_error *err)
{
    size_t k = w->k;
    double *work = malloc((k * k + k) * sizeof *work);
    if (!work) return pg_fail(err, PG_ENOMEM, "survreg: out of memory");
    eval(w, th, 1, score);
    memcpy(var, w->imat, k * k * sizeof *var);
    int rank = pg_chol_factor(var, k, w->toler_chol);
    if (rank != (int)k) {
        free(work);
        return pg_fail(err, PG_ENUMERIC, "survreg: the information matrix is singular (a "
                       "covariate is constant or aliased)");
    }
    pg_chol_inverse(var, k, work);
    free(work);
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

/* The intercept-only fit, then the model from its estimates (survreg.fit). */
static int fit_both(sr_work *w, const pg_survreg_opts *o, pg_survreg *f, pg_error *err)
{
    size_t nst = w->nscale, p = w->p;
    double mean, var, ll0, ll1;
    unsigned it0;
    int conv0, rc;
    double th0[1 + 64];
    double *th0p = nst + 1 <= 65 ? th0 : malloc((1 + nst) * sizeof *th0p);
    if (!th0p) return pg_fail(err, PG_ENOMEM, "survreg: out of memory");
    start_values(w, &mean, &var);
    th0p[0] = mean;
    for (size_t s = 0; s < nst; s++) th0p[1 + s] = log(var) / 2;
    w->p = 1;
    w->k = 1 + nst;
    rc = newton(w, o, th0p, &ll0, &it0, &conv0, err);
    w->p = p;
    w->k = p + nst;
    if (!rc) {
        memset(f->coef, 0, w->k * sizeof *f->coef);
        f->coef[0] = th0p[0];
        for (size_t s = 0; s < nst; s++) f->coef[p + s] = th0p[1 + s];
        rc = p > 1 ? newton(w, o, f->coef, &ll1, &f->iter, &f->converged, err) : PG_OK;
        if (p == 1) {
            ll1 = ll0;
            f->iter = it0;
            f->converged = conv0;
        }
    }
    if (th0p != th0) free(th0p);
    if (rc) return rc;
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
    w.u = malloc((k + k * k) * sizeof *w.u);
    if (clustered) score = malloc(d->n * k * sizeof *score);
    int rc = PG_OK;
    if (!f || !w.y || !w.u || (clustered && !score)) {
        rc = pg_fail(err, PG_ENOMEM, "survreg: out of memory");
        goto done;
    }
    w.y2 = w.y + d->n;
    w.imat = w.u + k;
    f->dist = o->dist;
    f->n = d->n;
    f->nevents = 0;
    for (size_t i = 0; i < d->n; i++) f->nevents += d->status[i] == PG_SR_EXACT;
    f->p = w.p;
    f->nscale = w.nscale;
    f->nstrata = nstrata;
    f->conf_level = o->conf_level;
    f->log_time = w.fam.log_time;
    if ((rc = fill_names(f, d)) || (rc = transform(&w, err)) || (rc = fit_both(&w, o, f, err)) ||
        (rc = variance(&w, f->coef, f->var, score, err)))
        goto done;
    if (clustered) {
        memcpy(f->naive_var, f->var, k * k * sizeof *f->var);
        if ((rc = robust(&w, score, f->naive_var, f->var))) goto done;
    }
    for (size_t s = 0; s < nstrata; s++) f->scale[s] = sigma_of(&w, f->coef, s);
    f->df = w.p - 1;
    f->chisq = 2 * (f->loglik[1] - f->loglik[0]);
    f->pvalue = f->df ? gsl_cdf_chisq_Q(f->chisq, (double)f->df) : NAN;
    f->aic = -2 * f->loglik[1] + 2 * (double)k;
done:
    if (rc == PG_ENOMEM && err && !err->msg[0]) pg_fail(err, rc, "survreg: out of memory");
    free(w.y);
    free(w.u);
    free(score);
    if (rc) pg_survreg_free(f);
    else *out = f;
    return rc;
}
