/* logrank_exact.h -- internal: the exact permutation distribution of the two-group log-rank
 * score sum within strata (logrank_exact.c), used by logrank.c. */
#ifndef PG_METHODS_LOGRANK_EXACT_H
#define PG_METHODS_LOGRANK_EXACT_H

#include <stddef.h>

/* Exact two-sided permutation p-value P(|U_1| >= |u_obs|) where U_1 = sum over strata of the
 * scores of the rows labelled 1 (lab[q] == 1) in rows pos[start[s]..start[s+1]). A sum counts
 * as ">=" when u^2 >= cut2 (cut2 = u_obs^2 less a rounding allowance, chosen by the caller).
 * Returns 0 with *p set, 1 when the distribution has more than max_atoms distinct sums (out
 * of reach), -1 when out of memory. *atoms gets the number of distinct sums of the result. */
int pg_lr_exact_two(size_t n_strata, const size_t *start, const size_t *pos, const size_t *lab,
                    const double *score, double cut2, size_t max_atoms, double *p,
                    size_t *atoms);

#endif
