/* survreg_pred.c -- what a survreg fit reports beyond its estimates: summary.survreg's table,
 * the proportional-hazards form of a Weibull fit, predict.survreg's quantiles with their
 * delta-method standard errors, the fitted survival; and the fit on a model frame. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "internal.h"
#include "survreg_dist.h"

void pg_survreg_row(const pg_survreg *fit, size_t j, double v[4])
{
    double se = sqrt(fit->var[j + j * fit->k]);
    v[0] = fit->coef[j];
    v[1] = se;
    v[2] = v[0] / se;
    v[3] = 2 * gsl_cdf_ugaussian_Q(fabs(v[2]));
}

int pg_survreg_hr(const pg_survreg *fit, size_t j, double out[4], pg_error *err)
{
    if ((fit->dist != PG_SR_WEIBULL && fit->dist != PG_SR_EXPONENTIAL) || fit->nstrata > 1)
        return pg_fail(err, PG_EANALYSIS, "survreg: hazard ratios need a weibull or "
                       "exponential fit with one scale");
    if (j == 0 || j >= fit->p) return pg_fail(err, PG_EINPUT, "survreg: no coefficient %zu", j);
    size_t k = fit->k, ls = fit->p;
    double sigma = fit->scale[0], b = fit->coef[j];
    /* log HR = -b / sigma; gradient (-1/sigma) in b, (b / sigma) in log sigma */
    double gb = -1 / sigma, gs = b / sigma;
    double v = gb * gb * fit->var[j + j * k];
    if (fit->nscale) v += 2 * gb * gs * fit->var[j + ls * k] + gs * gs * fit->var[ls + ls * k];
    double se = sqrt(v), zq = gsl_cdf_ugaussian_Pinv(0.5 + fit->conf_level / 2);
    double lhr = -b / sigma;
    out[0] = exp(lhr);
    out[1] = exp(lhr - zq * se);
    out[2] = exp(lhr + zq * se);
    out[3] = se;
    return PG_OK;
}

static double linpred(const pg_survreg *fit, const double *x)
{
    double eta = fit->coef[0];
    for (size_t j = 1; j < fit->p; j++) eta += fit->coef[j] * x[j - 1];
    return eta;
}

void pg_survreg_quantile(const pg_survreg *fit, const double *x, size_t s, double q,
                         double *est, double *se, double ci[2])
{
    pg_sr_family fam = pg_sr_family_of(fit->dist);
    size_t k = fit->k;
    double sigma = fit->scale[s], zq = pg_sr_quantile(fam.base, q);
    double yq = linpred(fit, x) + sigma * zq;
    /* gradient of yq in (beta, log sigma_s): (1, x, sigma zq) */
    double v = 0;
    for (size_t a = 0; a < k; a++) {
        double ga = a == 0 ? 1 : a < fit->p ? x[a - 1] : (a == fit->p + s) ? sigma * zq : 0;
        if (ga == 0) continue;
        for (size_t b = 0; b < k; b++) {
            double gb = b == 0 ? 1 : b < fit->p ? x[b - 1] : (b == fit->p + s) ? sigma * zq : 0;
            v += ga * gb * fit->var[a + b * k];
        }
    }
    double sy = sqrt(v), zc = gsl_cdf_ugaussian_Pinv(0.5 + fit->conf_level / 2);
    *est = fam.log_time ? exp(yq) : yq;
    *se = fam.log_time ? *est * sy : sy;
    if (ci) {
        ci[0] = fam.log_time ? exp(yq - zc * sy) : yq - zc * sy;
        ci[1] = fam.log_time ? exp(yq + zc * sy) : yq + zc * sy;
    }
}

double pg_survreg_surv(const pg_survreg *fit, const double *x, size_t s, double t)
{
    pg_sr_family fam = pg_sr_family_of(fit->dist);
    if (fam.log_time && t <= 0) return 1;
    pg_sr_dens dn;
    pg_sr_density(fam.base, ((fam.log_time ? log(t) : t) - linpred(fit, x)) / fit->scale[s], &dn);
    return dn.S;
}

/* The fit on a frame: its response (right, left or interval censored), strata and clusters. A log-scale
 * distribution with a time <= 0 is an error naming the row's file and line. */
int pg_survreg_fit_frame(const pg_frame *fr, const pg_dataset *ds, const pg_survreg_opts *o,
                         pg_survreg **out, pg_error *err)
{
    size_t n = pg_frame_n(fr), ns = pg_frame_nstrata(fr);
    const double *t = pg_frame_time(fr);
    const size_t *rows = pg_frame_rows(fr);
    *out = NULL;
    /* an interval from 0: the event came before the first visit, which R takes as left
     * censored when the lower end is NA */
    const char *hint = pg_frame_time2(fr) ? "; an interval from 0 is written with an NA lower "
                                            "end (left censored), as R needs" : "";
    if (o && pg_survreg_dist_is_log(o->dist))
        for (size_t i = 0; i < n; i++) {
            if (t[i] > 0) continue;
            if (ds && rows && pg_dataset_row_file(ds, rows[i]))
                return pg_fail_at(err, PG_EINPUT, pg_dataset_row_file(ds, rows[i]),
                                  pg_dataset_row_line(ds, rows[i]), 0,
                                  "time %g is not positive: the %s distribution models log "
                                  "time%s", t[i], pg_survreg_dist_name(o->dist), hint);
            return pg_fail(err, PG_EINPUT, "row %zu: time %g is not positive: the %s "
                           "distribution models log time%s", (rows ? rows[i] : i) + 1, t[i],
                           pg_survreg_dist_name(o->dist), hint);
        }
    size_t p = pg_frame_p(fr);
    const char **cn = malloc((p + 1) * sizeof *cn), **sn = malloc((ns + 1) * sizeof *sn);
    int rc;
    if (!cn || !sn) {
        rc = pg_fail(err, PG_ENOMEM, "survreg: out of memory");
        goto done;
    }
    for (size_t j = 0; j < p; j++) cn[j] = pg_frame_colname(fr, j);
    for (size_t s = 0; s < ns; s++) sn[s] = pg_frame_strata_name(fr, s);
    /* Surv(time, event): the 0/1 status is the censoring code (0 right, 1 exact) */
    const int *code = pg_frame_censoring(fr) ? pg_frame_censoring(fr) : pg_frame_status(fr);
    pg_survreg_data d = {.n = n, .time = t, .time2 = pg_frame_time2(fr), .status = code, .p = p,
                         .x = pg_frame_x(fr), .colnames = cn, .nstrata = ns,
                         .strata = ns > 1 ? pg_frame_strata(fr) : NULL, .strata_names = sn,
                         .cluster = pg_frame_cluster(fr), .nclusters = pg_frame_nclusters(fr)};
    rc = pg_survreg_fit(&d, o, out, err);
done:
    free(cn);
    free(sn);
    return rc;
}
