/* cox_firth.c -- Firth's penalised partial likelihood for the Cox model.
 *
 * Heinze & Schemper (2001), "A solution to the problem of monotone likelihood in Cox regression",
 * Biometrics 57:114-119 (Firth 1993 applied to the partial likelihood); SAS PHREG FIRTH; R coxphf.
 *
 *   l*(b)   = l(b) + 0.5 log|I(b)|                         penalised log partial likelihood
 *   U*(b)_r = U(b)_r + 0.5 tr( I(b)^-1 dI(b)/db_r )         penalised score
 *
 * Partial likelihood as a sum of log-sum-exp terms. Sort by (stratum, time). At an event time t
 * with d events (set D) and risk set R (time >= t, same stratum), each tie method writes the
 * denominator as one or more weighted sums  T(b) = sum_{i in R} w_i exp(x_i'b)  with weights w_i
 * that do not depend on b:
 *   Breslow: one term, w_i = 1, counted m = d times;
 *   Efron:   d terms k = 0..d-1, w_i = 1 - k/d for i in D and 1 otherwise, each counted m = 1.
 * With pi_i = w_i exp(x_i'b) / T(b), a(b) = E_pi[x] and central moments under pi,
 *   l(b)   = sum_{i events} x_i'b  - sum_terms m log T(b)
 *   U(b)   = sum_{i events} x_i    - sum_terms m a
 *   I(b)   = sum_terms m Cov_pi(x)                                    (= -d2l/db db')
 * log T(b) is a cumulant generating function in b, so its third derivative is the third
 * cumulant, which equals the third central moment:
 *   dI_jk/db_l = sum_terms m E_pi[(x_j - a_j)(x_k - a_k)(x_l - a_l)]
 *              = sum_terms m ( M3_jkl - a_j M2_kl - a_k M2_jl - a_l M2_jk + 2 a_j a_k a_l )
 * where M2 = T2/T, M3 = T3/T and T2, T3 are the weighted sums of x x' exp(x'b) and
 * x (x) x (x) x exp(x'b). (The third derivative of l is minus this.) Efron's approximation is
 * therefore covered by the same formulas: its weights are constants. Strata: l, U, I and dI/db are
 * sums over strata and the penalty is 0.5 log| sum_s I_s(b) | (coxphf has no strata and no Efron;
 * it always uses Breslow: PG_TIES_BRESLOW reproduces it, and without tied event times the two
 * agree). The exact partial likelihood is not supported (PG_EINPUT).
 *
 * Fitting, after coxphf's FIRTHCOX: covariates standardised internally (centred, divided by their
 * standard deviation; l*, U* and I transform exactly, l* changes by the constant sum_j log sd_j,
 * which is added back so reported values are on the user's covariate scale); start at b = 0;
 * Newton-Raphson steps delta = A^-1 U* with A = I(b) (as coxphf). The I-iteration converges
 * only linearly; on a sparse series with 3 covariates and 3 events it still crawled after 50
 * iterations (rate 0.93). So after 3 iterations, when the last step shrank by less than half
 * (or after 15 iterations), A = -H*(b): minus the Hessian of l*, from central differences of the
 * analytic U* (step 1e-5), when it is positive definite (the sparse series then converges in 14).
 * The Hessian costs 2q evaluations, so fast I-iterations are left alone.
 * Each step is scaled as a whole so that no standardised component exceeds 0.5 (coxphf maxstep
 * caps each component, which can turn the step away from the ascent direction). The step is
 * halved until l* does not fall (a fall within rounding noise, 1e-13 relative, is accepted),
 * and never accepted when l* falls: coxphf accepts after 5 halvings (maxhs), which can walk
 * downhill. If the Hessian step finds no better point, the I-step is tried; if that fails too,
 * b is a maximum within noise. At most 50 iterations (coxphf maxit). Converged when every
 * |change| of the standardised coefficients is <= 1e-9 and every |U*_r| <= 1e-4 (coxphf gconv).
 * coxphf's epsilon of 1e-6 also counts as converged at the last iteration.
 *
 * Inference (coxphf pl = TRUE):
 *   var = I(b^)^-1, std_err = sqrt(diag var), z = b/se (Wald, reported but not used for p);
 *   p_j: penalised likelihood ratio 2[l*(b^) - max_{b: b_j = 0} l*(b)] ~ chi2(1);
 *   CI_j: the profile limits {c : 2[l*(b^) - max_{b: b_j = c} l*(b)] = qchisq(conf_level, 1)},
 *         found by bracketing outward from b^_j (doubling steps) and then the Illinois variant
 *         of regula falsi (coxphf uses Venzon-Moolgavkar iterations; the limits are the same);
 *   LR test: 2[l*(b^) - l*(0)] on p df; Wald: b'I(b^)b on p df (as summary.coxphf); score: the
 *         penalised score statistic U*(0)' I(0)^-1 U*(0) (FIRTHCOX computes it at its first
 *         iteration; coxphf does not print it).
 * Matches: coxphf::coxphf(..., pl = TRUE) by construction for Breslow ties (same penalty, same
 *          profile definitions; coxphf reports loglik on its rescaled covariates, so its loglik =
 *          ours - sum_j log sd_j). coxphf itself is not installed here, so agreement is checked
 *          against an independent R implementation of the paper's definition
 *          (scripts/fixtures/firth.R, 1e-6 relative) and against finite differences.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "cox_impl.h"
#include "cox_firth.h"

#define FIRTH_MAXIT 50
#define FIRTH_SWITCH 3          /* I-steps before the Hessian of l* may be used */
#define FIRTH_HSTEP 1e-5        /* finite-difference step for that Hessian (standardised) */
#define FIRTH_MAXSTEP 0.5
#define FIRTH_EPS 1e-9
#define FIRTH_EPS_COXPHF 1e-6
#define FIRTH_GCONV 1e-4
#define PROFILE_MAX_DIST 60.0   /* standardised units: beyond this a limit is "not found" */
#define PROFILE_MAX_ITER 200

/* Values at one coefficient vector (standardised scale). */
typedef struct fval {
    double loglik;  /* l(b) */
    double logdet;  /* log|I(b)| */
    double pen;     /* l*(b) */
    double *u;      /* p: penalised score U*(b) */
    double *u0;     /* p: plain score U(b) */
    double *info;   /* p x p: I(b), row-major */
    int ok;         /* I(b) positive definite and everything finite */
} fval;

struct pg_firth_eval {
    size_t n, p, m;         /* m = 1 + p + p^2 + p^3: length of one block of weighted sums */
    int efron;
    double *z;              /* n x p row-major, sorted by (stratum, time), standardised */
    double *time;
    int *status;
    size_t *stratum;
    double *mean, *sd;      /* p: centring and scaling of each column */
    double lsd;             /* sum_j log sd_j */
    /* scratch */
    double *eta, *ew;       /* n */
    double *S, *D, *T;      /* m each: risk-set, event and term sums */
    double *a, *m2;         /* p, p^2 */
    double *dI;             /* p^3 */
    double *chol, *inv;     /* p^2: the factor of I(b) (linalg.c) and I(b)^-1 */
    double *work, *sc;      /* p^2 + p: scratch of pg_chol_inverse; p: scaling of factor_pd */
    double *sub, *rhs, *step, *bnew, *bprof;   /* p^2, p, p, p, p */
    double *hess, *up, *bh;                    /* p^2, p, p: finite-difference Hessian */
    fval va, vb, *cur, *trial;
};

/* ---- linear algebra: the library's one solver (src/core/linalg.c, R's cholesky2) ---- */

/* Factor the symmetric q x q matrix A (only read) into F, scaled to unit diagonal first (sc: q
 * scale factors; pg_chol_factor_pd). Returns 1 when A is positive definite by that rule. */
static int factor_pd(size_t q, const double *A, double *F, double *sc)
{
    memcpy(F, A, q * q * sizeof *F);
    return pg_chol_factor_pd(F, q, sc);
}

/* inv = A^-1 (q x q) from F, sc of factor_pd; work: q * q + q doubles. */
static void inverse_pd(size_t q, const double *F, const double *sc, double *inv, double *work)
{
    memcpy(inv, F, q * q * sizeof *inv);
    pg_chol_inverse(inv, q, work);
    for (size_t j = 0; j < q; j++)
        for (size_t i = 0; i < q; i++) inv[i + j * q] *= sc[i] * sc[j];
}

/* ---- the penalised likelihood ---- */

/* S += w * (1, x, x x', x (x) x (x) x). The moment arrays are symmetric: only the entries with
 * j <= k (<= l) are accumulated (a sixth of the work for the third moments). */
static void moments_add(double *S, size_t p, double w, const double *x)
{
    double *s1 = S + 1, *s2 = s1 + p, *s3 = s2 + p * p;
    S[0] += w;
    for (size_t j = 0; j < p; j++) {
        double wj = w * x[j];
        s1[j] += wj;
        for (size_t k = j; k < p; k++) {
            double wjk = wj * x[k];
            s2[j * p + k] += wjk;
            double *r = s3 + (j * p + k) * p;
            for (size_t l = k; l < p; l++) r[l] += wjk * x[l];
        }
    }
}

/* Add one denominator term T (weighted sums, offset c already removed from exp) counted mult
 * times: l -= mult log T0, U -= mult a, I += mult Cov, dI += mult third central moment. */
static int term_add(struct pg_firth_eval *e, const double *T, double mult, double c, fval *v)
{
    size_t p = e->p;
    const double *t1 = T + 1, *t2 = t1 + p, *t3 = t2 + p * p;
    double t0 = T[0];
    if (!(t0 > 0.0) || !isfinite(t0)) return 0;
    v->loglik -= mult * (log(t0) + c);
    for (size_t j = 0; j < p; j++) {
        e->a[j] = t1[j] / t0;
        v->u[j] -= mult * e->a[j];
    }
    for (size_t j = 0; j < p; j++)
        for (size_t k = j; k < p; k++) {
            double mjk = t2[j * p + k] / t0, cv = mult * (mjk - e->a[j] * e->a[k]);
            e->m2[j * p + k] = e->m2[k * p + j] = mjk;
            v->info[j * p + k] += cv;
            if (k != j) v->info[k * p + j] += cv;
        }
    const double *a = e->a, *m2 = e->m2;
    for (size_t j = 0; j < p; j++)   /* canonical entries j <= k <= l; evaluate() mirrors them */
        for (size_t k = j; k < p; k++)
            for (size_t l = k; l < p; l++) {
                size_t jkl = (j * p + k) * p + l;
                double k3 = t3[jkl] / t0 - a[j] * m2[k * p + l] - a[k] * m2[j * p + l] -
                            a[l] * m2[j * p + k] + 2.0 * a[j] * a[k] * a[l];
                e->dI[jkl] += mult * k3;
            }
    return 1;
}

/* Evaluate l, U*, I and l* at b (standardised scale). Sets and returns v->ok. */
static int evaluate(struct pg_firth_eval *e, const double *b, fval *v)
{
    size_t n = e->n, p = e->p, p2 = p * p, p3 = p2 * p, m = e->m;
    v->ok = 0;
    v->loglik = 0.0;
    memset(v->u, 0, (p ? p : 1) * sizeof *v->u);
    memset(v->info, 0, (p2 ? p2 : 1) * sizeof *v->info);
    memset(e->dI, 0, (p3 ? p3 : 1) * sizeof *e->dI);
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t j = 0; j < p; j++) s += e->z[i * p + j] * b[j];
        e->eta[i] = s;
    }
    size_t end = n;
    while (end > 0) {   /* one stratum [start, end), processed from the latest time backwards */
        size_t st = e->stratum[end - 1], start = end;
        while (start > 0 && e->stratum[start - 1] == st) start--;
        double c = -INFINITY;
        for (size_t i = start; i < end; i++)
            if (e->eta[i] > c) c = e->eta[i];
        if (!isfinite(c)) return 0;
        for (size_t i = start; i < end; i++) e->ew[i] = exp(e->eta[i] - c);
        memset(e->S, 0, m * sizeof *e->S);
        size_t g1 = end;
        while (g1 > start) {   /* tied times [g0, g1) */
            size_t g0 = g1 - 1;
            while (g0 > start && e->time[g0 - 1] == e->time[g1 - 1]) g0--;
            size_t d = 0;
            memset(e->D, 0, m * sizeof *e->D);
            for (size_t i = g0; i < g1; i++) {
                const double *x = e->z + i * p;
                moments_add(e->S, p, e->ew[i], x);
                if (e->status[i]) {
                    moments_add(e->D, p, e->ew[i], x);
                    d++;
                    v->loglik += e->eta[i];
                    for (size_t j = 0; j < p; j++) v->u[j] += x[j];
                }
            }
            if (d > 0 && !e->efron) {
                if (!term_add(e, e->S, (double)d, c, v)) return 0;
            } else if (d > 0) {
                for (size_t k = 0; k < d; k++) {
                    double f = (double)k / (double)d;
                    for (size_t r = 0; r < m; r++) e->T[r] = e->S[r] - f * e->D[r];
                    if (!term_add(e, e->T, 1.0, c, v)) return 0;
                }
            }
            g1 = g0;
        }
        end = start;
    }
    if (!isfinite(v->loglik)) return 0;
    for (size_t j = 0; j < p; j++)   /* mirror dI from its canonical entries j <= k <= l */
        for (size_t k = 0; k < p; k++)
            for (size_t l = 0; l < p; l++) {
                size_t x0 = j, x1 = k, x2 = l, t;
                if (x0 > x1) t = x0, x0 = x1, x1 = t;
                if (x1 > x2) t = x1, x1 = x2, x2 = t;
                if (x0 > x1) t = x0, x0 = x1, x1 = t;
                e->dI[(j * p + k) * p + l] = e->dI[(x0 * p + x1) * p + x2];
            }
    if (!factor_pd(p, v->info, e->chol, e->sc)) return 0;
    double ld = pg_chol_logdet(e->chol, p);
    for (size_t j = 0; j < p; j++) ld -= 2.0 * log(e->sc[j]);
    inverse_pd(p, e->chol, e->sc, e->inv, e->work);
    memcpy(v->u0, v->u, (p ? p : 1) * sizeof *v->u0);
    for (size_t r = 0; r < p; r++) {   /* U*_r = U_r + 0.5 sum_jk Iinv_jk dI_kj/db_r */
        double tr = 0.0;
        for (size_t j = 0; j < p; j++)
            for (size_t k = 0; k < p; k++) tr += e->inv[j * p + k] * e->dI[(k * p + j) * p + r];
        v->u[r] += 0.5 * tr;
        if (!isfinite(v->u[r])) return 0;
    }
    v->logdet = ld;
    v->pen = v->loglik + 0.5 * ld;
    if (!isfinite(v->pen)) return 0;
    v->ok = 1;
    return 1;
}

/* -H*(b), minus the Hessian of l* on the free coordinates, into e->hess (p x p; rows and columns
 * of `fixed` untouched): central differences of the analytic penalised score with step
 * FIRTH_HSTEP (standardised scale), symmetrised. e->cur must hold the values at b and is kept;
 * e->trial is used as scratch. Returns 0 if a neighbouring point cannot be evaluated. */
static int hessian(struct pg_firth_eval *e, const double *b, size_t fixed)
{
    size_t p = e->p;
    for (size_t k = 0; k < p; k++) {
        if (k == fixed) continue;
        memcpy(e->bh, b, p * sizeof *b);
        e->bh[k] = b[k] + FIRTH_HSTEP;
        if (!evaluate(e, e->bh, e->trial)) return 0;
        memcpy(e->up, e->trial->u, p * sizeof *e->up);
        e->bh[k] = b[k] - FIRTH_HSTEP;
        if (!evaluate(e, e->bh, e->trial)) return 0;
        for (size_t j = 0; j < p; j++)
            e->hess[j * p + k] = -(e->up[j] - e->trial->u[j]) / (2.0 * FIRTH_HSTEP);
    }
    for (size_t j = 0; j < p; j++)
        for (size_t k = j + 1; k < p; k++) {
            if (j == fixed || k == fixed) continue;
            double v = 0.5 * (e->hess[j * p + k] + e->hess[k * p + j]);
            e->hess[j * p + k] = e->hess[k * p + j] = v;
        }
    return 1;
}

/* Newton direction on the free coordinates into e->step[0..q): A_FF delta = U*_F, with A = -H*
 * (e->hess) when hess is set, else A = I(b). Returns 0 if A_FF is not positive definite. */
static int direction(struct pg_firth_eval *e, size_t fixed, size_t q, int hess)
{
    size_t p = e->p, r = 0;
    const double *A = hess ? e->hess : e->cur->info;
    for (size_t j = 0; j < p; j++) {
        if (j == fixed) continue;
        size_t s = 0;
        for (size_t k = 0; k < p; k++)
            if (k != fixed) e->sub[r * q + s++] = A[j * p + k];
        e->step[r++] = e->cur->u[j];
    }
    if (!factor_pd(q, e->sub, e->chol, e->sc)) return 0;
    pg_chol_solve_pd(e->chol, q, e->sc, e->step);
    return 1;
}

/* Try b + t delta for t = 1, 1/2, 1/4, ... (delta first scaled so that no standardised component
 * exceeds FIRTH_MAXSTEP) until l* does not fall by more than rounding noise. On success e->bnew
 * holds the point and e->trial its values; returns the number of halvings, or -1 if none of
 * 40 trial points is acceptable. */
static int line_search(struct pg_firth_eval *e, const double *b, size_t fixed)
{
    size_t p = e->p, q = p - (fixed < p), r;
    double m = 0.0;
    for (r = 0; r < q; r++)
        if (fabs(e->step[r]) > m) m = fabs(e->step[r]);
    double scale = m > FIRTH_MAXSTEP ? FIRTH_MAXSTEP / m : 1.0;
    double noise = 1e-13 * (1.0 + fabs(e->cur->pen));
    for (int hs = 0; hs < 40; hs++, scale *= 0.5) {
        r = 0;
        for (size_t j = 0; j < p; j++) e->bnew[j] = j == fixed ? b[j] : b[j] + scale * e->step[r++];
        if (evaluate(e, e->bnew, e->trial) && e->trial->pen >= e->cur->pen - noise) return hs;
    }
    return -1;
}

/* Maximise l* over the coefficients other than `fixed` (SIZE_MAX: none) from b (updated in
 * place). Newton-Raphson as the file comment says: steps with I(b), as coxphf, and with the
 * Hessian of l* (when negative definite) once the I-iteration is seen to be slow. Returns 1 with e->cur holding the values at the final b, or 0 if
 * b itself cannot be evaluated. *conv_out: the convergence rule was met. */
static int maximise(struct pg_firth_eval *e, double *b, size_t fixed, int *iter_out,
                    int *conv_out)
{
    size_t p = e->p;
    *iter_out = 0;
    *conv_out = 0;
    if (!evaluate(e, b, e->cur)) return 0;
    size_t q = p - (fixed < p);
    if (q == 0) {
        *conv_out = 1;
        return 1;
    }
    double db_prev = INFINITY, ratio = 0.0;
    for (int iter = 1; iter <= FIRTH_MAXIT; iter++) {
        *iter_out = iter;
        /* the Hessian costs 2q evaluations: worth it only when the I-iteration is slow */
        int slow = iter > FIRTH_SWITCH && (ratio > 0.5 || iter > 15);
        int hess = slow && hessian(e, b, fixed) && direction(e, fixed, q, 1);
        int hs = hess ? line_search(e, b, fixed) : -1;
        if (hs < 0) {   /* the I-step (an ascent direction whenever I is positive definite) */
            if (!direction(e, fixed, q, 0)) return 1;
            hs = line_search(e, b, fixed);
        }
        double g = 0.0;
        if (hs < 0) {   /* no point along the step improves l*: b is a maximum within noise */
            for (size_t j = 0; j < p; j++)
                if (j != fixed && fabs(e->cur->u[j]) > g) g = fabs(e->cur->u[j]);
            *conv_out = g <= FIRTH_GCONV;
            return 1;
        }
        double db = 0.0;
        for (size_t j = 0; j < p; j++) {
            if (j == fixed) continue;
            if (fabs(e->bnew[j] - b[j]) > db) db = fabs(e->bnew[j] - b[j]);
            if (fabs(e->trial->u[j]) > g) g = fabs(e->trial->u[j]);
            b[j] = e->bnew[j];
        }
        fval *t = e->cur;
        e->cur = e->trial;
        e->trial = t;
        ratio = db / db_prev;
        db_prev = db;
        /* converged: small change and small score; coxphf's own rule (epsilon 1e-6) is accepted
         * if the tighter one is not met by the last iteration */
        if (db <= FIRTH_EPS && g <= FIRTH_GCONV) {
            *conv_out = 1;
            break;
        }
        *conv_out = db <= FIRTH_EPS_COXPHF && g <= FIRTH_GCONV;
    }
    return 1;
}

/* ---- evaluator object ---- */

void pg_firth_eval_free(pg_firth_eval *e)
{
    if (!e) return;
    free(e->z);
    free(e->time);
    free(e->status);
    free(e->stratum);
    free(e->mean);
    free(e->sd);
    free(e->eta);
    free(e->ew);
    free(e->S);
    free(e->D);
    free(e->T);
    free(e->a);
    free(e->m2);
    free(e->dI);
    free(e->chol);
    free(e->inv);
    free(e->work);
    free(e->sc);
    free(e->sub);
    free(e->rhs);
    free(e->step);
    free(e->bnew);
    free(e->bprof);
    free(e->hess);
    free(e->up);
    free(e->bh);
    free(e->va.u);
    free(e->va.u0);
    free(e->va.info);
    free(e->vb.u);
    free(e->vb.u0);
    free(e->vb.info);
    free(e);
}

int pg_firth_eval_new(const pg_frame *fr, pg_ties ties, pg_firth_eval **out, pg_error *err)
{
    *out = NULL;
    if (ties != PG_TIES_BRESLOW && ties != PG_TIES_EFRON)
        return pg_fail(err, PG_EINPUT,
                       "firth: ties '%s' not supported with --firth; use 'efron' or 'breslow'",
                       ties == PG_TIES_EXACT ? "exact" : "?");
    size_t n = pg_frame_n(fr), p = pg_frame_p(fr);
    if (n == 0 || pg_frame_events(fr) == 0) return pg_fail(err, PG_ENOEVENTS, "firth: no events");
    if (p > 0 && (p > 1000 || p * p > SIZE_MAX / 8 / p))
        return pg_fail(err, PG_EINPUT, "firth: too many columns (%zu)", p);
    const double *x = pg_frame_x(fr), *time = pg_frame_time(fr);
    const int *status = pg_frame_status(fr);
    const size_t *strata = pg_frame_strata(fr);
    size_t p2 = p * p, p3 = p2 * p, m = 1 + p + p2 + p3;
    size_t *idx = NULL;
    pg_firth_eval *e = calloc(1, sizeof *e);
    if (!e) return pg_fail(err, PG_ENOMEM, "firth: out of memory");
    e->n = n;
    e->p = p;
    e->m = m;
    e->efron = ties == PG_TIES_EFRON;
    idx = pg_malloc_array(n, sizeof *idx);
    e->z = pg_malloc_array(n * (p ? p : 1), sizeof *e->z);
    e->time = pg_malloc_array(n, sizeof *e->time);
    e->status = pg_malloc_array(n, sizeof *e->status);
    e->stratum = pg_calloc_array(n, sizeof *e->stratum);
    e->mean = pg_calloc_array(p, sizeof *e->mean);
    e->sd = pg_calloc_array(p, sizeof *e->sd);
    e->eta = pg_malloc_array(n, sizeof *e->eta);
    e->ew = pg_malloc_array(n, sizeof *e->ew);
    e->S = pg_malloc_array(m, sizeof *e->S);
    e->D = pg_malloc_array(m, sizeof *e->D);
    e->T = pg_malloc_array(m, sizeof *e->T);
    e->a = pg_calloc_array(p, sizeof *e->a);
    e->m2 = pg_calloc_array(p2, sizeof *e->m2);
    e->dI = pg_calloc_array(p3, sizeof *e->dI);
    e->chol = pg_calloc_array(p2, sizeof *e->chol);
    e->inv = pg_calloc_array(p2, sizeof *e->inv);
    e->work = pg_calloc_array(p2 + p + 1, sizeof *e->work);
    e->sc = pg_calloc_array(p, sizeof *e->sc);
    e->sub = pg_calloc_array(p2, sizeof *e->sub);
    e->rhs = pg_calloc_array(p, sizeof *e->rhs);
    e->step = pg_calloc_array(p, sizeof *e->step);
    e->bnew = pg_calloc_array(p, sizeof *e->bnew);
    e->bprof = pg_calloc_array(p, sizeof *e->bprof);
    e->hess = pg_calloc_array(p2, sizeof *e->hess);
    e->up = pg_calloc_array(p, sizeof *e->up);
    e->bh = pg_calloc_array(p, sizeof *e->bh);
    e->va.u = pg_calloc_array(p, sizeof *e->va.u);
    e->va.u0 = pg_calloc_array(p, sizeof *e->va.u0);
    e->vb.u0 = pg_calloc_array(p, sizeof *e->vb.u0);
    e->va.info = pg_calloc_array(p2, sizeof *e->va.info);
    e->vb.u = pg_calloc_array(p, sizeof *e->vb.u);
    e->vb.info = pg_calloc_array(p2, sizeof *e->vb.info);
    if (!idx || !e->z || !e->time || !e->status || !e->stratum || !e->mean || !e->sd ||
        !e->eta || !e->ew || !e->S || !e->D || !e->T || !e->a || !e->m2 || !e->dI || !e->chol ||
        !e->inv || !e->work || !e->sc || !e->sub || !e->rhs || !e->step || !e->bnew || !e->bprof ||
        !e->hess || !e->up || !e->bh || !e->va.u ||
        !e->va.u0 || !e->vb.u0 || !e->va.info || !e->vb.u || !e->vb.info)
        goto nomem;
    e->cur = &e->va;
    e->trial = &e->vb;
    if (pg_order_by_key(n, pg_frame_time_order(fr), strata, pg_frame_nstrata(fr), idx) != PG_OK)
        goto nomem;
    for (size_t j = 0; j < p; j++) {   /* mean and sd (denominator n - 1, as R's sd) */
        const double *col = x + j * n;
        double s = 0.0;
        for (size_t i = 0; i < n; i++) s += col[i];
        double mu = s / (double)n, ss = 0.0;
        for (size_t i = 0; i < n; i++) ss += (col[i] - mu) * (col[i] - mu);
        double sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
        if (!(sd > 1e-12 * (fabs(mu) > 1 ? fabs(mu) : 1.0))) {
            pg_firth_eval_free(e);
            free(idx);
            int rc = pg_fail(err, PG_EANALYSIS,
                             "firth: column '%s' is constant; its coefficient cannot be estimated",
                             pg_frame_colname(fr, j));
            if (err) snprintf(err->term, sizeof err->term, "%s", pg_frame_colname(fr, j));
            return rc;
        }
        e->mean[j] = mu;
        e->sd[j] = sd;
        e->lsd += log(sd);
    }
    for (size_t r = 0; r < n; r++) {
        size_t i = idx[r];
        e->time[r] = time[i];
        e->status[r] = status[i] != 0;
        e->stratum[r] = strata ? strata[i] : 0;
        for (size_t j = 0; j < p; j++) e->z[r * p + j] = (x[j * n + i] - e->mean[j]) / e->sd[j];
    }
    free(idx);
    *out = e;
    return PG_OK;
nomem:
    free(idx);
    pg_firth_eval_free(e);
    return pg_fail(err, PG_ENOMEM, "firth: out of memory");
}

int pg_firth_eval_at(pg_firth_eval *e, const double *b, double *pen, double *loglik,
                     double *score, double *score_plain, double *info)
{
    size_t p = e->p;
    for (size_t j = 0; j < p; j++) e->bprof[j] = b[j] * e->sd[j];
    if (!evaluate(e, e->bprof, e->cur)) return PG_ENUMERIC;
    if (pen) *pen = e->cur->pen + e->lsd;
    if (loglik) *loglik = e->cur->loglik;
    for (size_t j = 0; j < p; j++) {
        if (score) score[j] = e->cur->u[j] * e->sd[j];
        if (score_plain) score_plain[j] = e->cur->u0[j] * e->sd[j];
        for (size_t k = 0; k < p && info; k++)
            info[j * p + k] = e->cur->info[j * p + k] * e->sd[j] * e->sd[k];
    }
    return PG_OK;
}

/* Profile on the standardised scale: b (p values, start; b[j] overwritten by c, updated to the
 * maximiser). Returns 1 and *pen (standardised-scale l*), or 0 on failure. */
static int profile_std(pg_firth_eval *e, size_t j, double c, double *b, double *pen, int *conv)
{
    int iter;
    b[j] = c;
    if (!maximise(e, b, j, &iter, conv)) return 0;
    *pen = e->cur->pen;
    return 1;
}

int pg_firth_eval_profile(pg_firth_eval *e, size_t j, double c, const double *start,
                          double *pen, int *converged)
{
    size_t p = e->p;
    double *b = pg_calloc_array(p, sizeof *b);
    if (!b) return PG_ENOMEM;
    for (size_t k = 0; k < p && start; k++) b[k] = start[k] * e->sd[k];
    double v;
    int conv = 0, ok = j < p && profile_std(e, j, c * e->sd[j], b, &v, &conv);
    free(b);
    if (converged) *converged = conv;
    if (!ok) return PG_ENUMERIC;
    *pen = v + e->lsd;
    return PG_OK;
}

/* ---- profile-likelihood limits ---- */

/* One profile limit of coefficient j on side -1 (lower) or +1 (upper), standardised scale.
 * f(c) = max_{b_j = c} l*(b) - (lhat - q/2) is q/2 > 0 at bhat_j and decreases outwards; the
 * limit is its root. Bracket by doubling steps from h0, then Illinois regula falsi. A profile
 * fit that fails (I(b) singular far out: the penalty tends to -infinity) counts as outside.
 * Returns 0 found (*limit), 1 not found within PROFILE_MAX_DIST, 2 inner fits did not converge.
 * warm (p) holds the maximiser at bhat on entry; it is used as scratch. */
static int profile_limit(pg_firth_eval *e, size_t j, const double *bhat, double lhat, double q,
                         int side, double h0, double *warm, double *limit)
{
    size_t p = e->p;
    double target = lhat - 0.5 * q, c0 = bhat[j];
    double c_in = c0, f_in = 0.5 * q, c_out = NAN, f_out = NAN;
    int all_conv = 1;
    double h = h0;
    memcpy(warm, bhat, p * sizeof *warm);
    for (;;) {
        double c = c0 + side * h, v;
        int conv = 0;
        double f = profile_std(e, j, c, warm, &v, &conv) ? v - target : -INFINITY;
        if (isfinite(f) && !conv) all_conv = 0;
        if (!isfinite(f)) memcpy(warm, bhat, p * sizeof *warm);
        if (f <= 0) {
            c_out = c;
            f_out = f;
            break;
        }
        c_in = c;
        f_in = f;
        if (h >= PROFILE_MAX_DIST) return 1;
        h *= 2;
        if (h > PROFILE_MAX_DIST) h = PROFILE_MAX_DIST;
    }
    /* Illinois: regula falsi, halving the value of an end point kept twice in a row */
    double best_c = fabs(f_in) <= fabs(f_out) ? c_in : c_out;
    double best_f = fabs(f_in) <= fabs(f_out) ? f_in : f_out;
    int kept = 0;   /* +1: c_in kept last time, -1: c_out kept */
    for (int it = 0; it < PROFILE_MAX_ITER; it++) {
        double w = fabs(c_out - c_in);
        if (w <= 1e-11 * (1.0 + fabs(c_in)) || fabs(best_f) <= 1e-12 * (1.0 + fabs(target)))
            break;
        double c = 0.5 * (c_in + c_out);
        if (isfinite(f_out)) {
            double rf = c_in + (c_out - c_in) * f_in / (f_in - f_out);
            if (fabs(rf - c_in) < w && fabs(rf - c_out) < w) c = rf;   /* strictly inside */
        }
        double v;
        int conv = 0;
        double f = profile_std(e, j, c, warm, &v, &conv) ? v - target : -INFINITY;
        if (!isfinite(f)) memcpy(warm, bhat, p * sizeof *warm);
        if (isfinite(f) && !conv) all_conv = 0;
        if (fabs(f) < fabs(best_f)) {
            best_f = f;
            best_c = c;
        }
        if (f > 0) {
            c_in = c;
            f_in = f;
            if (kept == -1) f_out *= 0.5;
            kept = -1;
        } else {
            c_out = c;
            f_out = f;
            if (kept == 1) f_in *= 0.5;
            kept = 1;
        }
    }
    *limit = best_c;
    return all_conv ? 0 : 2;
}

/* ---- the fit ---- */

/* Per coefficient, on the standardised scale at the estimate b (lhat = l*(b), var = I(b)^-1):
 * the penalised likelihood-ratio p-value (the profile with b_j = 0) and the profile
 * penalised-likelihood limits at chi-square quantile q, with a warning wherever a profile fit
 * fails or does not converge. warm: p doubles of scratch. PG_OK or PG_ENOMEM. */
static int firth_profiles(pg_firth_eval *e, pg_cox *fit, const double *b, const double *var,
                          double lhat, double q, double *warm)
{
    size_t p = e->p;
    for (size_t j = 0; j < p; j++) {
        double v;
        int pconv = 0;
        memcpy(warm, b, p * sizeof *warm);
        if (profile_std(e, j, 0.0, warm, &v, &pconv)) {
            double chi = 2.0 * (lhat - v);
            if (chi < 0) chi = 0;
            fit->p[j] = pg_chisq_p(chi, 1.0);
            if (!pconv && pg_cox_add_warning(fit, "firth: the fit with '%s' = 0 did not converge; its "
                                           "p-value is approximate", fit->colname[j]) != PG_OK)
                return PG_ENOMEM;
        } else {
            fit->p[j] = NAN;
            if (pg_cox_add_warning(fit, "firth: the fit with '%s' = 0 failed; p-value not available",
                            fit->colname[j]) != PG_OK)
                return PG_ENOMEM;
        }
        double se = sqrt(var[j * p + j]), h0 = 2.0 * se;
        if (!(h0 >= 0.05)) h0 = 0.05;
        if (h0 > 10.0) h0 = 10.0;
        for (int side = -1; side <= 1; side += 2) {
            double lim = NAN;
            int st = profile_limit(e, j, b, lhat, q, side, h0, warm, &lim);
            double hr = st == 1 ? NAN : exp(lim / e->sd[j]);
            if (side < 0) fit->conf_low[j] = hr;
            else fit->conf_high[j] = hr;
            if (st == 1 && pg_cox_add_warning(fit, "firth: %s profile limit of '%s' not found",
                                       side < 0 ? "lower" : "upper", fit->colname[j]) != PG_OK)
                return PG_ENOMEM;
            if (st == 2 &&
                pg_cox_add_warning(fit, "firth: some profile fits for the %s limit of '%s' did not "
                                 "converge; the limit is approximate",
                            side < 0 ? "lower" : "upper", fit->colname[j]) != PG_OK)
                return PG_ENOMEM;
        }
    }
    return PG_OK;
}

int pg_cox_firth_fit(const pg_frame *fr, const pg_cox_opts *opt, pg_cox **out, pg_error *err)
{
    *out = NULL;
    pg_firth_eval *e = NULL;
    pg_cox *fit = NULL;
    double *b = NULL, *warm = NULL, *var = NULL;
    int rc = pg_firth_eval_new(fr, opt->ties, &e, err);
    if (rc != PG_OK) return rc;
    size_t n = e->n, p = e->p;
    fit = pg_cox_alloc(fr);
    if (!fit) goto nomem;
    fit->ties = opt->ties;
    fit->firth = 1;
    fit->conf_level = opt->conf_level;
    fit->n = n;
    fit->events = pg_frame_events(fr);
    fit->dropped = pg_frame_dropped(fr);
    b = pg_calloc_array(p, sizeof *b);
    warm = pg_calloc_array(p, sizeof *warm);
    var = pg_calloc_array(p * p, sizeof *var);
    if (!b || !warm || !var) goto nomem;
    fit->lr = fit->wald = fit->score = fit->robust_score = (pg_test){NAN, NAN, NAN};
    fit->concordance = fit->concordance_se = NAN;
    if ((opt->robust || pg_frame_cluster(fr)) &&
        pg_cox_add_warning(fit, "robust variance is not available with --firth; the model-based "
                         "variance I(b)^-1 is reported") != PG_OK)
        goto nomem;

    /* null model: b = 0 */
    if (!evaluate(e, b, e->cur)) {
        rc = pg_fail(err, PG_EANALYSIS,
                     "firth: information matrix is singular at b = 0 (collinear columns, or a "
                     "column constant within every stratum or risk set)");
        goto fail;
    }
    for (size_t j = 0; j < p; j++) {   /* I_jj(0) = sum over events of Var(z_j) in the risk set */
        if (!(e->cur->info[j * p + j] > 1e-10 * (double)fit->events)) {
            rc = pg_fail(err, PG_EANALYSIS,
                         "firth: column '%s' does not vary within any risk set; its coefficient "
                         "cannot be estimated", fit->colname[j]);
            if (err) snprintf(err->term, sizeof err->term, "%s", fit->colname[j]);
            goto fail;
        }
    }
    double lnull = e->cur->pen;
    fit->loglik_null = lnull + e->lsd;
    if (p > 0) {   /* penalised score test U*(0)' I(0)^-1 U*(0) (chol already holds I(0)) */
        memcpy(e->rhs, e->cur->u, p * sizeof *e->rhs);
        pg_chol_solve_pd(e->chol, p, e->sc, e->rhs);
        double s = 0.0;
        for (size_t j = 0; j < p; j++) s += e->cur->u[j] * e->rhs[j];
        fit->score = (pg_test){s, (double)p, pg_chisq_p(s, (double)p)};
    }

    /* the fit */
    int iter = 0, conv = 0;
    if (!maximise(e, b, SIZE_MAX, &iter, &conv)) {
        rc = pg_fail(err, PG_ENUMERIC, "firth: penalised likelihood could not be evaluated");
        goto fail;
    }
    fit->iterations = iter;
    fit->converged = conv;
    if (!conv && pg_cox_add_warning(fit, "firth: the penalised fit did not converge (%d iterations)",
                             iter) != PG_OK)
        goto nomem;
    double lhat = e->cur->pen;
    fit->loglik_final = lhat + e->lsd;
    if (p > 0) {
        if (!factor_pd(p, e->cur->info, e->chol, e->sc)) {
            rc = pg_fail(err, PG_ENUMERIC, "firth: information matrix is singular at the estimate");
            goto fail;
        }
        inverse_pd(p, e->chol, e->sc, var, e->work);
        double w = 0.0;   /* Wald b' I b */
        for (size_t j = 0; j < p; j++)
            for (size_t k = 0; k < p; k++) w += b[j] * e->cur->info[j * p + k] * b[k];
        fit->wald = (pg_test){w, (double)p, pg_chisq_p(w, (double)p)};
        double lr = 2.0 * (lhat - lnull);
        if (lr < 0) lr = 0;
        fit->lr = (pg_test){lr, (double)p, pg_chisq_p(lr, (double)p)};
    } else {
        fit->lr = (pg_test){0.0, 0.0, 1.0};
    }
    for (size_t j = 0; j < p; j++) {
        fit->coef[j] = b[j] / e->sd[j];
        fit->means[j] = e->mean[j];
        for (size_t k = 0; k < p; k++) fit->var[j * p + k] = var[j * p + k] / (e->sd[j] * e->sd[k]);
        fit->std_err[j] = sqrt(fit->var[j * p + j]);
        fit->z[j] = fit->coef[j] / fit->std_err[j];
    }
    const double *x = pg_frame_x(fr);
    for (size_t i = 0; i < n; i++) {
        double s = 0.0;
        for (size_t j = 0; j < p; j++) s += (x[j * n + i] - fit->means[j]) * fit->coef[j];
        fit->linear_predictor[i] = s;
    }

    /* per coefficient: penalised LR p-value and profile penalised-likelihood limits */
    if (firth_profiles(e, fit, b, var, lhat, gsl_cdf_chisq_Pinv(opt->conf_level, 1.0), warm))
        goto nomem;
    free(b);
    free(warm);
    free(var);
    pg_firth_eval_free(e);
    *out = fit;
    return PG_OK;
nomem:
    rc = pg_fail(err, PG_ENOMEM, "firth: out of memory");
fail:
    free(b);
    free(warm);
    free(var);
    pg_firth_eval_free(e);
    pg_cox_free(fit);
    return rc;
}
