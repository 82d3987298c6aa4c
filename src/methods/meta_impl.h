/* meta_impl.h -- what meta.c and meta_reg.c share. Internal. */
#ifndef PG_META_IMPL_H
#define PG_META_IMPL_H

#include <stddef.h>

/* Sidik-Jonkman's starting value var(y) (k - 1) / k = mean (y - ybar)^2 (rma.uni's, with or
 * without mods). */
double pg_meta_sj_start(const double *y, size_t k);

#endif
