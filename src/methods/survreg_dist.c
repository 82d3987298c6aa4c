/* survreg_dist.c -- the three standard distributions behind survreg's eight (R's
 * survreg.distributions and survival's survreg6.c / survregDtest: extreme value, normal,
 * logistic), with the first two derivatives of the density relative to itself. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "internal.h"
#include "survreg_dist.h"

static const char *const dist_names[] = {"weibull",     "exponential", "gaussian",
                                         "logistic",    "lognormal",   "loglogistic",
                                         "extreme",     "rayleigh"};

int pg_survreg_dist_parse(const char *s, pg_sr_dist *out)
{
    if (!s) return PG_EINPUT;
    for (size_t i = 0; i < sizeof dist_names / sizeof *dist_names; i++)
        if (!strcmp(s, dist_names[i])) {
            *out = (pg_sr_dist)i;
            return PG_OK;
        }
    if (!strcmp(s, "normal")) {
        *out = PG_SR_GAUSSIAN;
        return PG_OK;
    }
    return PG_EINPUT;
}

const char *pg_survreg_dist_name(pg_sr_dist d)
{
    return (unsigned)d < sizeof dist_names / sizeof *dist_names ? dist_names[d] : "?";
}

pg_sr_family pg_sr_family_of(pg_sr_dist d)
{
    pg_sr_family f = {PG_SRB_EXTREME, 1, 0};
    switch (d) {
    case PG_SR_WEIBULL: break;
    case PG_SR_EXPONENTIAL: f.fixed_scale = 1; break;
    case PG_SR_RAYLEIGH: f.fixed_scale = 0.5; break;
    case PG_SR_EXTREME: f.log_time = 0; break;
    case PG_SR_LOGNORMAL: f.base = PG_SRB_NORMAL; break;
    case PG_SR_GAUSSIAN: f.base = PG_SRB_NORMAL; f.log_time = 0; break;
    case PG_SR_LOGLOGISTIC: f.base = PG_SRB_LOGISTIC; break;
    case PG_SR_LOGISTIC: f.base = PG_SRB_LOGISTIC; f.log_time = 0; break;
    }
    return f;
}

int pg_survreg_dist_is_log(pg_sr_dist d) { return pg_sr_family_of(d).log_time; }

void pg_sr_density(pg_sr_base b, double z, pg_sr_dens *o)
{
    switch (b) {
    case PG_SRB_EXTREME: {
        /* f = exp(z - e^z), F = 1 - exp(-e^z); (log f)' = 1 - e^z, (log f)'' = -e^z; e^z is
         * kept within exp(+-200), as survregc1.c's exvalue_d keeps it */
        double zc = z < -200 ? -200 : z > 200 ? 200 : z, w = exp(zc);
        o->logf = zc - w;
        o->F = -expm1(-w);
        o->S = exp(-w);
        o->d1 = 1 - w;
        o->d2 = o->d1 * o->d1 - w;
        break;
    }
    case PG_SRB_NORMAL:
        o->logf = -0.5 * z * z - 0.5 * log(2 * M_PI);
        o->F = gsl_cdf_ugaussian_P(z);
        o->S = gsl_cdf_ugaussian_Q(z);
        o->d1 = -z;
        o->d2 = z * z - 1;
        break;
    case PG_SRB_LOGISTIC: {
        /* F = 1 / (1 + e^-z), f = F S, f'/f = S - F, f''/f = (S - F)^2 - 2 f */
        double e = exp(-fabs(z));
        double big = 1 / (1 + e), small = e / (1 + e);
        o->F = z >= 0 ? big : small;
        o->S = z >= 0 ? small : big;
        o->logf = -fabs(z) - 2 * log1p(e);
        double f = exp(o->logf);
        o->d1 = o->S - o->F;
        o->d2 = o->d1 * o->d1 - 2 * f;
        break;
    }
    }
    o->f = exp(o->logf);
}

double pg_sr_quantile(pg_sr_base b, double q)
{
    switch (b) {
    case PG_SRB_EXTREME: return log(-log1p(-q));
    case PG_SRB_NORMAL: return gsl_cdf_ugaussian_Pinv(q);
    case PG_SRB_LOGISTIC: return log(q / (1 - q));
    }
    return NAN;
}
