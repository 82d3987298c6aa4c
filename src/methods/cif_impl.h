/* cif_impl.h -- what cif.c (the curves) and cif_gray.c (Gray's test) share. Internal.
 * Thread safety: no global state; every function is reentrant. */
#ifndef PG_CIF_IMPL_H
#define PG_CIF_IMPL_H

#include "prognos/cif.h"

/* Gray's test for cause (1..K) across fr's groups within its strata, rho the weight power;
 * order is the rows in time order within strata (pg_order_by_key of the time order by
 * pg_frame_strata). Fills *out (chisq and p NaN where the variance is singular). Returns PG_OK
 * or PG_ENOMEM. */
int pg_cif_gray_test(const pg_frame *fr, size_t cause, double rho, const size_t *order,
                     pg_cif_gray *out);

#endif
