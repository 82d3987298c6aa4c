/* conf.h -- pointwise confidence limits for a probability, shared by the Kaplan-Meier curve
 * (km.c) and the cumulative incidence (cif.c): R's survfit_confint. Internal; never installed.
 * Thread safety: no global state; every function is reentrant. */
#ifndef PG_METHODS_CONF_H
#define PG_METHODS_CONF_H

#include "prognos/km.h"

/* Missing values come in two kinds in R, NA (from ifelse(p == 0, NA, p)) and NaN (from 0 * Inf),
 * and duplicated() tells them apart. quantile.survfit removes duplicated values before it
 * interpolates, so to reproduce it exactly the limits carry their kind. */
enum { VAL = 0, MISS_NA = 1, MISS_NAN = 2 };

/* The limits *lo, *hi of p under transform ct with se the SE of log p (survfit_confint with
 * logse = TRUE; a caller holding the SE of p itself passes se / p, or 0 where se is 0, as
 * survfit_confint does for logse = FALSE), z = qnorm(1 - (1 - level) / 2). *klo, *khi get the
 * kind (VAL, MISS_NA, MISS_NAN). The rules are listed above the definition in km.c. */
void pg_conf_limits(pg_conf_type ct, double z, double p, double se, double *lo, double *hi,
                    unsigned char *klo, unsigned char *khi);

#endif
