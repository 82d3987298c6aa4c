/* linalg.c -- dense symmetric linear algebra: the generalised Cholesky decomposition with R's
 * rank rule, its solve, its inverse and the Wald quadratic form (see linalg.h). */
#include "linalg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_linalg.h>

#include "internal.h"

/* Element (i, j) of a column-major p x p matrix. */
#define AT(a, p, i, j) ((a)[(i) + (j) * (p)])

/*
 * Generalised Cholesky decomposition A = F D F' of a symmetric non-negative definite matrix,
 * F unit lower triangular, D diagonal, pivoting in the natural order:
 *   for i = 1..p:  D_i = A_ii (as updated);  if D_i < tol * max_k A_kk (or not finite):
 *                  D_i = 0, F_ji = 0 (j > i)  -- the column is redundant;
 *                  else F_ji = A_ji / D_i and A_jk -= F_ji A_ki D_i for i < j <= k.
 * The rank is the number of kept pivots. A redundant column is what gives an aliased Cox
 * coefficient NA, and a rank below the dimension a singular matrix for the other callers.
 * Matches: survival's cholesky2.c (toler.chol = .Machine$double.eps^0.75 in coxph.control).
 * Refs:    Therneau, survival package source, cholesky2.c, chsolve2.c, chinv2.c.
 */
int pg_chol_factor(double *a, size_t p, double tol)
{
    double eps = 0;
    int nonneg = 1, rank = 0;
    for (size_t i = 0; i < p; i++)
        if (AT(a, p, i, i) > eps) eps = AT(a, p, i, i);
    if (eps == 0) {   /* every pivot zero: rank 0 */
        for (size_t i = 0; i < p; i++)
            for (size_t j = i; j < p; j++) AT(a, p, j, i) = 0;
        return 0;
    }
    eps *= tol;
    for (size_t i = 0; i < p; i++) {
        double pivot = AT(a, p, i, i);
        if (!isfinite(pivot) || pivot < eps) {
            AT(a, p, i, i) = 0;
            if (pivot < -8 * eps) nonneg = -1;
            for (size_t j = i + 1; j < p; j++) AT(a, p, j, i) = 0;
            continue;
        }
        rank++;
        for (size_t j = i + 1; j < p; j++) {
            double t = AT(a, p, j, i) / pivot;
            AT(a, p, j, i) = t;
            AT(a, p, j, j) -= t * t * pivot;
            for (size_t k = j + 1; k < p; k++) AT(a, p, k, j) -= t * AT(a, p, k, i);
        }
    }
    return rank * nonneg;
}

/* F D F' x = y: forward with F, divide by D (0 where D = 0), back with F' (chsolve2). */
void pg_chol_solve(const double *a, size_t p, double *y)
{
    for (size_t i = 0; i < p; i++)
        for (size_t j = 0; j < i; j++) y[i] -= y[j] * AT(a, p, i, j);
    for (size_t i = p; i-- > 0;) {
        if (AT(a, p, i, i) == 0) {
            y[i] = 0;
            continue;
        }
        double t = y[i] / AT(a, p, i, i);
        for (size_t j = i + 1; j < p; j++) t -= y[j] * AT(a, p, j, i);
        y[i] = t;
    }
}

/* Column k of the inverse solves A x = e_k for each kept k; rows and columns of redundant
 * pivots are zero, as chinv2 leaves them. O(p^3), p small. */
void pg_chol_inverse(double *a, size_t p, double *work)
{
    double *f = work, *col = work + p * p;
    memcpy(f, a, p * p * sizeof *f);
    for (size_t k = 0; k < p; k++) {
        int kept = AT(f, p, k, k) != 0;
        for (size_t j = 0; j < p; j++) col[j] = (j == k && kept) ? 1.0 : 0.0;
        if (kept) pg_chol_solve(f, p, col);
        for (size_t j = 0; j < p; j++) AT(a, p, j, k) = col[j];
    }
    for (size_t j = 0; j < p; j++)   /* symmetrise against rounding */
        for (size_t k = 0; k < j; k++) {
            double v = 0.5 * (AT(a, p, k, j) + AT(a, p, j, k));
            AT(a, p, k, j) = AT(a, p, j, k) = v;
        }
}

int pg_chol_equilibrate(double *a, size_t p, double *s)
{
    for (size_t i = 0; i < p; i++) {
        double d = AT(a, p, i, i);
        if (!(d > 0) || !isfinite(d)) return -1;
        s[i] = 1 / sqrt(d);
    }
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < p; i++) AT(a, p, i, j) *= s[i] * s[j];
    return 0;
}

int pg_chol_factor_pd(double *a, size_t p, double *s)
{
    return pg_chol_equilibrate(a, p, s) == 0 && pg_chol_factor(a, p, PG_TOLER_CHOL) == (int)p;
}

/* A y = b through (S A S)^-1: y = S (S A S)^-1 S b. */
void pg_chol_solve_pd(const double *a, size_t p, const double *s, double *y)
{
    for (size_t i = 0; i < p; i++) y[i] *= s[i];
    pg_chol_solve(a, p, y);
    for (size_t i = 0; i < p; i++) y[i] *= s[i];
}

size_t pg_chol_rank(const double *a, size_t p)
{
    size_t rank = 0;
    for (size_t i = 0; i < p; i++) rank += AT(a, p, i, i) > 0;
    return rank;
}

double pg_chol_logdet(const double *a, size_t p)
{
    double s = 0;
    for (size_t i = 0; i < p; i++)
        if (AT(a, p, i, i) > 0) s += log(AT(a, p, i, i));
    return s;
}

/* u' A^- u with A factored in place and y as scratch: the core of pg_chol_wtest, for callers
 * that own a copy of A already (logrank's survdiff chi-square). */
double pg_chol_quad(double *a, size_t p, double tol, const double *u, double *y, size_t *rank)
{
    pg_chol_factor(a, p, tol);
    if (rank) *rank = pg_chol_rank(a, p);
    memcpy(y, u, p * sizeof *y);
    pg_chol_solve(a, p, y);
    double s = 0;
    for (size_t i = 0; i < p; i++) s += u[i] * y[i];
    return s;
}

/* Wald-type quadratic form b' V^- b (survival's coxph.wtest): the rank of V's factor is the
 * test's degrees of freedom. */
double pg_chol_wtest(const double *var, const double *b, size_t p, double tol, size_t *df)
{
    double *f = pg_malloc_array(p * p + p + 1, sizeof *f);
    if (!f) return NAN;
    memcpy(f, var, p * p * sizeof *f);
    double s = pg_chol_quad(f, p, tol, b, f + p * p, df);
    free(f);
    return s;
}

/* LU decomposition with partial pivoting by GSL (gsl_linalg_LU_decomp, LAPACK's dgetrf), then
 * the two triangular solves (gsl_linalg_LU_svx). a is column-major; GSL's views are row-major,
 * so the square view is transposed in place first. GSL's handler is not called: the pivots are
 * checked here (R's solve() stops on a computationally singular matrix) before the solve. */
int pg_lu_solve(double *a, size_t k, double *b)
{
    if (k == 0) return 0;
    size_t *perm_data = pg_malloc_array(k, sizeof *perm_data);
    double *colmax = pg_malloc_array(k, sizeof *colmax);
    int rc = -1;
    if (!perm_data || !colmax) goto done;
    for (size_t c = 0; c < k; c++) {
        colmax[c] = 0;
        for (size_t i = 0; i < k; i++) colmax[c] = fmax(colmax[c], fabs(AT(a, k, i, c)));
    }
    gsl_matrix_view m = gsl_matrix_view_array(a, k, k);
    gsl_matrix_transpose(&m.matrix);
    gsl_permutation perm = {k, perm_data};
    int sign;
    if (gsl_linalg_LU_decomp(&m.matrix, &perm, &sign)) goto done;
    for (size_t c = 0; c < k; c++) {
        double u = fabs(gsl_matrix_get(&m.matrix, c, c));
        if (!(u > 0) || !isfinite(u) || u < 1e-14 * colmax[c]) goto done;
    }
    gsl_vector_view x = gsl_vector_view_array(b, k);
    rc = gsl_linalg_LU_svx(&m.matrix, &perm, &x.vector) ? -1 : 0;
done:
    free(perm_data);
    free(colmax);
    return rc;
}
