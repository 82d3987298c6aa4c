/* cif_impl.h -- what cif.c (the curves) and cif_gray.c (Gray's test) share. Internal.
 * Thread safety: no global state; every function is reentrant. */
#ifndef PG_CIF_IMPL_H
#define PG_CIF_IMPL_H

#include "prognos/cif.h"

/* Equal to 0.5 within this, for medians: R's sqrt(.Machine$double.eps), quantile.survfit's
 * tolerance. */
#define PG_CIF_TOL 1.4901161193847656e-08

/* Limits of F with SE se under ct (survfit_confint with logse = FALSE: se / F on the log
 * scale, 0 where se is 0); NaN for PG_CONF_NONE (cif_common.c, as the next). */
void pg_cif_limits(pg_conf_type ct, double z, double f, double se, double *lo, double *hi);
/* The first step of v (at times t[0..n)) reaching 0.5; with mid, a step equal to 0.5 within
 * PG_CIF_TOL gives the midpoint to the next step (or tmax); NaN if none. */
double pg_cif_first_half(const double *v, const double *t, size_t n, double tmax, int mid);

/* Gray's test for cause (1..K) across fr's groups within its strata, rho the weight power;
 * order is the rows in time order within strata (pg_order_by_key of the time order by
 * pg_frame_strata). Fills *out (chisq and p NaN where the variance is singular). Returns PG_OK
 * or PG_ENOMEM. */
int pg_cif_gray_test(const pg_frame *fr, size_t cause, double rho, const size_t *order,
                     pg_cif_gray *out);

/* The survfit path (cif_aj.c): a workspace for every group of fr with K causes (NULL when out
 * of memory), and the curves of group g from its rows idx[0..m) in time order (steps, values
 * at cif->times, medians and their limits). The workspace is left ready for the next group. */
typedef struct pg_cif_aj_ws pg_cif_aj_ws;
pg_cif_aj_ws *pg_cif_aj_ws_new(const pg_frame *fr, size_t K);
void pg_cif_aj_ws_free(pg_cif_aj_ws *w);
int pg_cif_aj_group(const pg_frame *fr, pg_cif *cif, size_t g, const size_t *idx, size_t m,
                    double z, pg_cif_aj_ws *w);

#endif
