/* survreg_dist.h -- the standard error distributions of survreg (survreg.distributions): the
 * density, distribution function and the derivatives Newton-Raphson needs. Internal. */
#ifndef PG_SURVREG_DIST_H
#define PG_SURVREG_DIST_H

#include "prognos/survreg.h"

typedef enum { PG_SRB_EXTREME = 0, PG_SRB_NORMAL, PG_SRB_LOGISTIC } pg_sr_base;

/* What a distribution is built from: its standard base, whether it works on log(t), and its
 * fixed scale (0 when estimated). */
typedef struct pg_sr_family {
    pg_sr_base base;
    int log_time;
    double fixed_scale;
} pg_sr_family;

pg_sr_family pg_sr_family_of(pg_sr_dist d);

/* At z for the standard base: F(z), S(z) = 1 - F(z) (each computed without cancellation),
 * log f(z), f(z), and d1 = f'(z)/f(z), d2 = f''(z)/f(z). */
typedef struct pg_sr_dens {
    double F, S, logf, f, d1, d2;
} pg_sr_dens;

void pg_sr_density(pg_sr_base b, double z, pg_sr_dens *o);
/* The q-quantile of the standard base. */
double pg_sr_quantile(pg_sr_base b, double q);

#endif
