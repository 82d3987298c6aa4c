/* linalg.h -- the one dense symmetric solver of the library (src/core/linalg.c): survival's
 * generalised Cholesky with R's toler.chol rank rule, used by cox, firth, zph and logrank.
 * Internal; never installed.
 *
 * Matrices are column-major: element (i, j) of a p x p matrix a is a[i + j * p]. The matrices
 * given to pg_chol_factor are symmetric with both triangles filled, so a row-major copy is the
 * same array. Every function is reentrant: it touches only the memory it is given. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_LINALG_H
#define PG_LINALG_H

#include <stddef.h>

/* coxph.control's default toler.chol, .Machine$double.eps^0.75. */
#define PG_TOLER_CHOL 1.818989403545856e-12

/* Factor the symmetric non-negative definite p x p matrix a (column-major, both triangles
 * filled) in place as F D F', F unit lower triangular (its strict lower triangle replaces a's;
 * the strict upper triangle of a is left as it was) and D on the diagonal. A pivot that is not
 * finite or is below tol times the largest diagonal element of a is taken as zero: D = 0 there
 * and F's column is zeroed, which marks that row and column redundant (aliased). Returns the
 * rank, negated when a pivot below -8 tol max_i a_ii shows a is not non-negative definite.
 * Matches survival's cholesky2 (cholesky2.c). */
int pg_chol_factor(double *a, size_t p, double tol);

/* Solve a x = y in place (y -> x) with a factored by pg_chol_factor; the components of
 * redundant pivots are 0 (a generalised inverse). Matches survival's chsolve2. */
void pg_chol_solve(const double *a, size_t p, double *y);

/* Replace the factored a by the generalised inverse of the original matrix: the inverse on the
 * non-redundant rows and columns, zero on the redundant ones, symmetric. work holds p * p + p
 * doubles. Matches survival's chinv2 (to rounding). */
void pg_chol_inverse(double *a, size_t p, double *work);

/* Scale the symmetric p x p a to unit diagonal: s_i = 1 / sqrt(a_ii), a_ij <- s_i a_ij s_j.
 * Factoring the scaled matrix makes the rank rule compare each pivot with its own diagonal
 * element, independent of the units of the variables. Then a^-1 = S (S a S)^-1 S and
 * log|a| = log|S a S| - 2 sum_i log s_i. Returns 0, or -1 (a and s partly written) when a
 * diagonal element is not positive and finite. */
int pg_chol_equilibrate(double *a, size_t p, double *s);

/* Equilibrate a (pg_chol_equilibrate, scale factors into s, p doubles) and factor the scaled
 * matrix with PG_TOLER_CHOL in place. Returns 1 when a is positive definite by that rule (full
 * rank: no pivot below toler.chol times its own diagonal element), else 0 (a and s then hold
 * no usable factor). What firth and zph solve with: R's solve() fails where this returns 0. */
int pg_chol_factor_pd(double *a, size_t p, double *s);

/* Solve A y = b in place (y -> the solution) with a, s from a successful pg_chol_factor_pd. */
void pg_chol_solve_pd(const double *a, size_t p, const double *s, double *y);

/* The rank of a factored a: the number of non-zero pivots. */
size_t pg_chol_rank(const double *a, size_t p);

/* log of the product of the non-zero pivots (log |a| when a has full rank). */
double pg_chol_logdet(const double *a, size_t p);

/* u' A^- u for the symmetric non-negative definite p x p a, which is factored in place with
 * tolerance tol (left as pg_chol_factor leaves it); y (p doubles) is scratch and ends as A^- u;
 * *rank (may be NULL) gets the rank of the factor. Allocates nothing. */
double pg_chol_quad(double *a, size_t p, double tol, const double *u, double *y, size_t *rank);

/* b' V^- b with V^- the generalised inverse of the symmetric p x p var (copied, not changed),
 * factored with tolerance tol (survival's coxph.wtest); *df (may be NULL) gets the rank.
 * Returns NaN when out of memory. */
double pg_chol_wtest(const double *var, const double *b, size_t p, double tol, size_t *df);

/* Solve the general k x k system a x = b in place (b -> x; a, column-major or row-major alike
 * when a is symmetric, is destroyed) by LU decomposition with partial pivoting (GSL), as R's
 * solve() (LAPACK dgesv) does for a matrix that need not be definite -- cox.zph's scaled
 * Schoenfeld residuals divide by I / W elementwise, which can be indefinite. Returns 0, or -1
 * when a pivot is 0 or below 1e-14 of the largest entry of its column of a (R: "computationally
 * singular"), or out of memory. */
int pg_lu_solve(double *a, size_t k, double *b);

#endif
