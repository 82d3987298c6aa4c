/* logrank_exact.h -- internal: the exact two-sided permutation p-value of the two-group
 * log-rank score sum within strata (logrank_exact.c, network algorithm), used by logrank.c. */
#ifndef PG_METHODS_LOGRANK_EXACT_H
#define PG_METHODS_LOGRANK_EXACT_H

#include <stddef.h>

/* Exact p = P(|U| >= |u_obs|) over all re-assignments of the labels within strata, where U =
 * sum over strata of the scores of the rows labelled 1 (lab[q] == 1, q in [start[s],
 * start[s+1]), row pos[q]); sums that differ by no more than rounding (8 (n + 1) eps
 * sum|a_i|) count as equal. Returns 0 with *p set, 1 when out of reach (more than max_nodes
 * live nodes, or a stratum over 1000 rows), -1 when out of memory. *peak gets the largest
 * number of live nodes. */
int pg_lr_exact_two(size_t n_strata, const size_t *start, const size_t *pos, const size_t *lab,
                    const double *score, double u_obs, size_t max_nodes, double *p, size_t *peak);

/* Exact p = P(T >= cut), T = U' ginv U (ginv k x k), U_g = sum of the scores of the rows
 * labelled g, over all re-assignments of the labels within strata (logrank_exact_k.c,
 * multivariate network). Returns 0 with *p set, 1 when more than max_nodes live nodes are
 * needed, -1 when out of memory. *peak gets the largest number of live nodes. */
int pg_lr_exact_k(size_t n_strata, const size_t *start, const size_t *pos, const size_t *lab,
                  const double *score, size_t k, const double *ginv, double cut,
                  size_t max_nodes, double *p, size_t *peak);

#endif
