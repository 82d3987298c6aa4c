/* cif_common.c -- what both estimators of the cumulative incidence use: cmprsk's (cif.c) and
 * survfit's multi-state Aalen-Johansen (cif_aj.c): the limits of F and the median rule. */
#include "cif_impl.h"

#include <math.h>

#include "conf.h"

/* Limits of F with SE se under ct (survfit_confint with logse = FALSE: se / F on the log
 * scale, 0 where se is 0). */
void pg_cif_limits(pg_conf_type ct, double z, double f, double se, double *lo, double *hi)
{
    if (ct == PG_CONF_NONE) {
        *lo = *hi = NAN;
        return;
    }
    unsigned char kl, kh;
    pg_conf_limits(ct, z, f, se == 0 ? 0 : se / f, lo, hi, &kl, &kh);
}

/* The first step where v reaches 0.5; a value equal to 0.5 (within PG_CIF_TOL) gives the
 * midpoint to the next step (or to tmax), as quantile.survfit does. NaN if never. */
double pg_cif_first_half(const double *v, const double *t, size_t n, double tmax, int mid)
{
    for (size_t s = 0; s < n; s++) {
        if (isnan(v[s]) || v[s] < 0.5 - PG_CIF_TOL) continue;
        if (mid && fabs(v[s] - 0.5) < PG_CIF_TOL)
            return (t[s] + (s + 1 < n ? t[s + 1] : tmax)) / 2;
        return t[s];
    }
    return NAN;
}
