/* crr.c -- Fine-Gray regression: the sorted data and censoring weights, the pseudo-likelihood
 * with its score and Hessian, crr's Newton-Raphson, and the result (cmprsk::crr).
 * The sandwich variance and predict.crr are in crr_var.c. */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crr_impl.h"
#include "internal.h"
#include "linalg.h"

void pg_crr_opts_init(pg_crr_opts *opt)
{
    opt->conf_level = 0.95;
    opt->max_iter = 10;
    opt->gtol = 1e-6;
}

static void work_free(crr_work *w)
{
    free(w->t);
    free(w->c);
    free(w->x);
    free(w->means);
    free(w->g);
    free(w->tau);
    free(w->d);
    free(w->gk);
    free(w->kle);
    free(w->e);
    free(w->s0);
    free(w->xbar);
    free(w->sumx1);
    free(w->pfx);
    free(w->sfx);
    free(w->vec);
    memset(w, 0, sizeof *w);
}

/*
 * Censoring weights. G is the Kaplan-Meier estimate of the censoring distribution, censorings
 * (code 0) being its events and every failure a "censoring" of it:
 *   G(t) = prod_{u <= t} (1 - c(u) / Y(u)),  c(u) censored at u, Y(u) subjects with time >= u.
 * Each subject gets g_i = G(t_i-), as crr reads survfit's curve through approx() just below t_i
 * (at t_i (1 - 100 eps)); at t_i = 0 that point is 0 itself, so there g_i = G(0).
 * One pass over the sorted times; also the failure-time blocks of cause 1 and, per subject,
 * kle_i = the number of those blocks at or before t_i.
 */
static void censoring_weights(crr_work *w)
{
    size_t n = w->n, k = 0;
    double G = 1;
    for (size_t i = 0; i < n;) {
        size_t end = i, nc = 0, nf = 0;
        while (end < n && w->t[end] == w->t[i]) {
            nc += w->c[end] == 0;
            nf += w->c[end] == 1;
            end++;
        }
        double after = G * (1 - (double)nc / (double)(n - i));
        double gi = w->t[i] == 0 ? after : G;
        if (nf) {
            w->tau[k] = w->t[i];
            w->d[k] = (double)nf;
            w->gk[k] = gi;
            k++;
        }
        for (size_t m = i; m < end; m++) {
            w->g[m] = gi;
            w->kle[m] = k;
        }
        G = after;
        i = end;
    }
    w->nd = k;
}

/* Sort the subjects by time, centre the covariates, and set up the weights and blocks. */
static int work_init(crr_work *w, const double *time, const int *cause, size_t n,
                     const double *x, size_t p)
{
    memset(w, 0, sizeof *w);
    w->n = n;
    w->p = p;
    size_t *ord = pg_malloc_array(n, sizeof *ord);
    w->t = pg_malloc_array(n, sizeof *w->t);
    w->c = pg_malloc_array(n, sizeof *w->c);
    w->x = pg_malloc_array(n * p, sizeof *w->x);
    w->means = pg_calloc_array(p, sizeof *w->means);
    w->g = pg_malloc_array(n, sizeof *w->g);
    w->tau = pg_malloc_array(n, sizeof *w->tau);
    w->d = pg_malloc_array(n, sizeof *w->d);
    w->gk = pg_malloc_array(n, sizeof *w->gk);
    w->kle = pg_malloc_array(n, sizeof *w->kle);
    w->e = pg_malloc_array(n, sizeof *w->e);
    w->s0 = pg_malloc_array(n, sizeof *w->s0);
    w->xbar = pg_malloc_array(n * p, sizeof *w->xbar);
    w->sumx1 = pg_calloc_array(p, sizeof *w->sumx1);
    w->pfx = pg_malloc_array(n + 1, sizeof *w->pfx);
    w->sfx = pg_malloc_array(n + 1, sizeof *w->sfx);
    w->vec = pg_malloc_array(2 * p, sizeof *w->vec);
    if (!ord || !w->t || !w->c || !w->x || !w->means || !w->g || !w->tau || !w->d || !w->gk ||
        !w->kle || !w->e || !w->s0 || !w->xbar || !w->sumx1 || !w->pfx || !w->sfx || !w->vec ||
        pg_order_by_time(n, NULL, time, cause, ord) != PG_OK) {
        free(ord);
        work_free(w);
        return PG_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        w->t[i] = time[ord[i]];
        w->c[i] = cause[ord[i]];
    }
    /* Centring changes neither the pseudo-likelihood nor its derivatives (each S0 is scaled
     * by the same exp(-means'b)), but keeps exp(x'b) in range; bfitj is scaled back. */
    for (size_t j = 0; j < p; j++) {
        const double *col = x + j * n;
        double s = 0;
        for (size_t i = 0; i < n; i++) s += col[i];
        w->means[j] = s / (double)n;
        for (size_t i = 0; i < n; i++) {
            double v = col[ord[i]] - w->means[j];
            w->x[j * n + i] = v;
            if (w->c[i] == 1) w->sumx1[j] += v;
        }
    }
    free(ord);
    censoring_weights(w);
    return PG_OK;
}

/*
 * The Fine-Gray pseudo-likelihood (Fine & Gray 1999, eq. 2, with the weights of sec. 3):
 *   risk set at a failure time tau:  w_j(tau) = 1            if t_j >= tau,
 *                                   = G(tau-) / G(t_j-)      if t_j < tau and j failed from
 *                                                            another cause, 0 otherwise;
 *   S0(tau) = sum_j w_j e_j, S1 = sum_j w_j e_j x_j, xbar = S1 / S0, e_j = exp(x_j'b);
 *   -l(b)   = sum_k [ d_k log S0(tau_k) - sum_{i fails from cause 1 at tau_k} x_i'b ];
 *   score   = sum_k [ d_k xbar_k - sum_i x_i ];
 *   Hessian = sum_k d_k [ S2_k / S0_k - xbar_k xbar_k' ],
 * which is what cmprsk's crrf / crrfsv compute by a nested loop over risk sets (O(n D)); here
 * one pass down the times gives the at-risk sums, one pass up the competing ones, and S2 is
 * summed per subject after swapping the order of summation:
 *   sum_k d_k S2_k / S0_k = sum_j e_j x_j x_j' [ sum_{tau_k <= t_j} d_k / S0_k
 *                           + (j competing) sum_{tau_k > t_j} d_k G(tau_k-) / (S0_k G(t_j-)) ].
 * O(n p^2) in all. Returns -l(b); NaN or Inf when exp() overflows (crr's line search then
 * halves the step).
 */
double pg_crr_eval(crr_work *w, const double *b, double *score, double *hess)
{
    size_t n = w->n, p = w->p, nd = w->nd;
    int moments = score || hess;
    double lp1 = 0;
    for (size_t i = 0; i < n; i++) {
        double lp = 0;
        for (size_t j = 0; j < p; j++) lp += w->x[j * n + i] * b[j];
        w->e[i] = exp(lp);
        if (w->c[i] == 1) lp1 += lp;
    }
    double *r1 = w->vec, *c1 = w->vec + p;
    /* subjects still at risk: t_j >= tau_k, summed from the last time down */
    double r0 = 0;
    memset(r1, 0, p * sizeof *r1);
    size_t i = n;
    for (size_t k = nd; k-- > 0;) {
        while (i > 0 && w->t[i - 1] >= w->tau[k]) {
            i--;
            r0 += w->e[i];
            if (moments)
                for (size_t j = 0; j < p; j++) r1[j] += w->e[i] * w->x[j * n + i];
        }
        w->s0[k] = r0;
        if (moments) memcpy(w->xbar + k * p, r1, p * sizeof *r1);
    }
    /* earlier failures from other causes, weighted by G(tau-) / G(t_j-), summed upwards */
    double c0 = 0, negl = 0;
    memset(c1, 0, p * sizeof *c1);
    i = 0;
    for (size_t k = 0; k < nd; k++) {
        while (i < n && w->t[i] < w->tau[k]) {
            if (w->c[i] == 2) {
                double we = w->e[i] / w->g[i];
                c0 += we;
                if (moments)
                    for (size_t j = 0; j < p; j++) c1[j] += we * w->x[j * n + i];
            }
            i++;
        }
        w->s0[k] += w->gk[k] * c0;
        negl += w->d[k] * log(w->s0[k]);
        if (moments)
            for (size_t j = 0; j < p; j++)
                w->xbar[k * p + j] = (w->xbar[k * p + j] + w->gk[k] * c1[j]) / w->s0[k];
    }
    negl -= lp1;
    if (score) {
        for (size_t j = 0; j < p; j++) score[j] = -w->sumx1[j];
        for (size_t k = 0; k < nd; k++)
            for (size_t j = 0; j < p; j++) score[j] += w->d[k] * w->xbar[k * p + j];
    }
    if (hess) {
        w->pfx[0] = 0;
        for (size_t k = 0; k < nd; k++) w->pfx[k + 1] = w->pfx[k] + w->d[k] / w->s0[k];
        w->sfx[nd] = 0;
        for (size_t k = nd; k-- > 0;)
            w->sfx[k] = w->sfx[k + 1] + w->d[k] * w->gk[k] / w->s0[k];
        memset(hess, 0, p * p * sizeof *hess);
        for (i = 0; i < n; i++) {
            size_t k = w->kle[i];
            double wt = w->pfx[k];
            if (w->c[i] == 2) wt += w->sfx[k] / w->g[i];
            wt *= w->e[i];
            if (wt == 0) continue;
            for (size_t a = 0; a < p; a++) {
                double xa = wt * w->x[a * n + i];
                for (size_t c = a; c < p; c++) hess[c * p + a] += xa * w->x[c * n + i];
            }
        }
        for (size_t k = 0; k < nd; k++) {
            const double *xb = w->xbar + k * p;
            for (size_t a = 0; a < p; a++)
                for (size_t c = a; c < p; c++) hess[c * p + a] -= w->d[k] * xb[a] * xb[c];
        }
        for (size_t a = 0; a < p; a++)
            for (size_t c = a + 1; c < p; c++) hess[a * p + c] = hess[c * p + a];
    }
    return negl;
}

/* Solve H y = rhs (y in place) for the symmetric p x p H, copied into a (p * p) with scale s
 * (p). 0 on success; else the 1-based index of a column the information cannot separate. */
static size_t solve_info(const double *H, size_t p, double *a, double *s, double *y)
{
    memcpy(a, H, p * p * sizeof *a);
    if (pg_chol_factor_pd(a, p, s)) {
        if (y) pg_chol_solve_pd(a, p, s, y);
        return 0;
    }
    for (size_t j = 0; j < p; j++)
        if (!(H[j * p + j] > 0) || !isfinite(H[j * p + j])) return j + 1;
    memcpy(a, H, p * p * sizeof *a);
    if (pg_chol_equilibrate(a, p, s) == 0) {
        pg_chol_factor(a, p, PG_TOLER_CHOL);
        for (size_t j = 0; j < p; j++)
            if (a[j * p + j] == 0) return j + 1;
    }
    return p;
}

/* crr's sufficient-decrease test -l(b + sc) <= -l(b) + 1e-4 sc's, except where both the decrease
 * the step promises (-sc's / 2 for a Newton step) and the change seen are below the rounding of
 * l itself: there crr's comparison is decided by the last bits of two sums, and crr (by chance
 * of rounding) either takes the Newton step or halves it 20 times and gives up at a point
 * whose score is far from 0 (seen on mgus2 and pbc with gtol 1e-11). The Newton step is then
 * taken. With crr's default gtol this never arises before convergence, so the steps are
 * crr's. */
static int step_ok(double fbn, double negl, double slope)
{
    if (fbn <= negl + 1e-4 * slope) return 1;
    double noise = 64 * DBL_EPSILON * fmax(fabs(negl), 1);
    return isfinite(fbn) && -slope < noise && fbn - negl < noise;
}

/* The Newton-Raphson state of crr's loop. */
typedef struct newton {
    double *b, *bn, *s, *H, *sc, *a, *sv;
    double negl;
    int iter, converged, halving_failed;
    size_t singular;      /* 1-based column when the information was singular, else 0 */
} newton;

/*
 * crr's iteration, step for step: from b = 0, at most max_iter Newton steps
 *   stop (converged) when max_j |s_j| max(|b_j|, 1) < gtol max(|-l(b)|, 1);
 *   step sc = -H^-1 s; halve it (at most 20 times) while -l(b + sc) is not finite or exceeds
 *   -l(b) + 1e-4 sc's (step_ok: below the rounding of l the step is taken); if 20 halvings do
 *   not do, stop without convergence.
 * Matches cmprsk::crr (gtol, maxiter; init = 0).
 */
static void newton_crr(crr_work *w, const pg_crr_opts *opt, newton *nr)
{
    size_t p = w->p;
    memset(nr->b, 0, p * sizeof *nr->b);
    for (int ll = 0;; ll++) {
        nr->negl = pg_crr_eval(w, nr->b, nr->s, nr->H);
        double lhs = 0;
        for (size_t j = 0; j < p; j++) {
            double v = fabs(nr->s[j]) * fmax(fabs(nr->b[j]), 1);
            if (!(v <= lhs)) lhs = v;   /* NaN propagates into "not converged" */
        }
        nr->iter = ll;
        if (lhs < fmax(fabs(nr->negl), 1) * opt->gtol) {
            nr->converged = 1;
            return;
        }
        if (ll == opt->max_iter) return;
        for (size_t j = 0; j < p; j++) nr->sc[j] = nr->s[j];
        nr->singular = solve_info(nr->H, p, nr->a, nr->sv, nr->sc);
        if (nr->singular) return;
        double slope = 0;
        for (size_t j = 0; j < p; j++) {
            nr->sc[j] = -nr->sc[j];
            slope += nr->sc[j] * nr->s[j];
            nr->bn[j] = nr->b[j] + nr->sc[j];
        }
        double fbn = pg_crr_eval(w, nr->bn, NULL, NULL);
        int halvings = 0;
        while (!step_ok(fbn, nr->negl, slope)) {
            halvings++;
            slope *= 0.5;
            for (size_t j = 0; j < p; j++) {
                nr->sc[j] *= 0.5;
                nr->bn[j] = nr->b[j] + nr->sc[j];
            }
            fbn = pg_crr_eval(w, nr->bn, NULL, NULL);
            if (halvings > 20) break;
        }
        if (halvings > 20) {
            nr->halving_failed = 1;
            return;
        }
        memcpy(nr->b, nr->bn, p * sizeof *nr->b);
    }
}

void pg_crr_free(pg_crr *fit)
{
    if (!fit) return;
    if (fit->colname)
        for (size_t j = 0; j < fit->n_coef; j++) free(fit->colname[j]);
    free(fit->colname);
    free(fit->coef);
    free(fit->var);
    free(fit->naive_var);
    free(fit->score);
    free(fit->std_err);
    free(fit->naive_se);
    free(fit->z);
    free(fit->p);
    free(fit->conf_low);
    free(fit->conf_high);
    free(fit->uftime);
    free(fit->bfitj);
    if (fit->warnings)
        for (size_t k = 0; k < fit->n_warnings; k++) free(fit->warnings[k]);
    free(fit->warnings);
    free(fit);
}

static int add_warning(pg_crr *fit, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int add_warning(pg_crr *fit, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **wv = realloc(fit->warnings, (fit->n_warnings + 1) * sizeof *wv);
    if (!wv) return PG_ENOMEM;
    fit->warnings = wv;
    wv[fit->n_warnings] = pg_strdup(buf);
    if (!wv[fit->n_warnings]) return PG_ENOMEM;
    fit->n_warnings++;
    return PG_OK;
}

static pg_crr *result_alloc(size_t p, size_t nd, const char *const *names)
{
    pg_crr *fit = calloc(1, sizeof *fit);
    if (!fit) return NULL;
    fit->n_coef = p;
    fit->n_times = nd;
    fit->colname = pg_calloc_array(p, sizeof *fit->colname);
    fit->coef = pg_calloc_array(p, sizeof *fit->coef);
    fit->var = pg_calloc_array(p * p, sizeof *fit->var);
    fit->naive_var = pg_calloc_array(p * p, sizeof *fit->naive_var);
    fit->score = pg_calloc_array(p, sizeof *fit->score);
    fit->std_err = pg_calloc_array(p, sizeof *fit->std_err);
    fit->naive_se = pg_calloc_array(p, sizeof *fit->naive_se);
    fit->z = pg_calloc_array(p, sizeof *fit->z);
    fit->p = pg_calloc_array(p, sizeof *fit->p);
    fit->conf_low = pg_calloc_array(p, sizeof *fit->conf_low);
    fit->conf_high = pg_calloc_array(p, sizeof *fit->conf_high);
    fit->uftime = pg_calloc_array(nd, sizeof *fit->uftime);
    fit->bfitj = pg_calloc_array(nd, sizeof *fit->bfitj);
    if (!fit->colname || !fit->coef || !fit->var || !fit->naive_var || !fit->score ||
        !fit->std_err || !fit->naive_se || !fit->z || !fit->p || !fit->conf_low ||
        !fit->conf_high || !fit->uftime || !fit->bfitj)
        goto fail;
    for (size_t j = 0; j < p; j++) {
        fit->colname[j] = names && names[j] ? pg_strdup(names[j])
                                            : pg_strdup_printf("x%zu", j + 1);
        if (!fit->colname[j]) goto fail;
    }
    return fit;
fail:
    pg_crr_free(fit);
    return NULL;
}

/* Warnings, as pg_cox words them: no convergence, a failed line search, and coefficients whose
 * pending Newton step |H^-1 s|_j is still large against |b_j| (coxph's toler.inf rule with
 * sqrt(gtol)): the pseudo-likelihood is monotone in them and they drift to infinity. */
static int add_fit_warnings(pg_crr *fit, const newton *nr, const pg_crr_opts *opt)
{
    size_t p = fit->n_coef;
    if (nr->halving_failed &&
        add_warning(fit, "step halving failed to improve the pseudo-likelihood after %d steps; "
                    "did not converge", nr->iter))
        return PG_ENOMEM;
    if (!nr->converged && !nr->halving_failed &&
        add_warning(fit, "ran out of iterations (%d) and did not converge", opt->max_iter))
        return PG_ENOMEM;
    double toler_inf = sqrt(opt->gtol);
    for (size_t j = 0; j < p; j++) {
        double step = 0;   /* (H^-1 s)_j = (naive_var s)_j */
        for (size_t k = 0; k < p; k++) step += fit->naive_var[k * p + j] * nr->s[k];
        step = fabs(step);
        if (!isfinite(step) || (step > opt->gtol && step > toler_inf * fabs(fit->coef[j]))) {
            if (add_warning(fit, "the pseudo-likelihood is still changing in '%s'; coefficient "
                            "may be infinite (monotone likelihood)", fit->colname[j]))
                return PG_ENOMEM;
        }
    }
    return PG_OK;
}

/* Everything at the final b: variances, the table, the baseline jumps, the null loglik. */
static int fill_result(pg_crr *fit, crr_work *w, newton *nr, const pg_crr_opts *opt,
                       pg_error *err)
{
    size_t p = w->p, nd = w->nd;
    double negl = pg_crr_eval(w, nr->b, nr->s, nr->H);
    size_t bad = solve_info(nr->H, p, nr->a, nr->sv, NULL);
    if (bad)
        return pg_fail(err, PG_ENUMERIC, "finegray: the information matrix is singular at "
                       "'%s' (a constant or collinear covariate)", fit->colname[bad - 1]);
    for (size_t j = 0; j < p; j++) {   /* naive variance H^-1, column by column */
        double *col = fit->naive_var + j * p;
        memset(col, 0, p * sizeof *col);
        col[j] = 1;
        pg_chol_solve_pd(nr->a, p, nr->sv, col);
    }
    for (size_t j = 0; j < p; j++) {
        fit->coef[j] = nr->b[j];
        fit->score[j] = -nr->s[j];
    }
    fit->loglik = -negl;
    /* baseline jumps d_k / S0_k, back on the scale of the uncentred covariates */
    double mb = 0;
    for (size_t j = 0; j < p; j++) mb += w->means[j] * nr->b[j];
    for (size_t k = 0; k < nd; k++) {
        fit->uftime[k] = w->tau[k];
        fit->bfitj[k] = w->d[k] / w->s0[k] * exp(-mb);
    }
    /* sandwich H^-1 V2 H^-1 (Fine & Gray sec. 4; crr's var) */
    double *v2 = pg_calloc_array(2 * p * p, sizeof *v2);
    if (!v2 || pg_crr_meat(w, v2) != PG_OK) {
        free(v2);
        return pg_fail(err, PG_ENOMEM, "finegray: out of memory");
    }
    double *tmp = v2 + p * p, *V = fit->naive_var;
    for (size_t a = 0; a < p; a++)
        for (size_t c = 0; c < p; c++) {
            double s = 0;
            for (size_t k = 0; k < p; k++) s += v2[k * p + a] * V[c * p + k];
            tmp[c * p + a] = s;   /* V2 H^-1 */
        }
    for (size_t a = 0; a < p; a++)
        for (size_t c = 0; c < p; c++) {
            double s = 0;
            for (size_t k = 0; k < p; k++) s += V[k * p + a] * tmp[c * p + k];
            fit->var[c * p + a] = s;
        }
    free(v2);
    double zq = pg_z_two_sided(opt->conf_level);
    for (size_t j = 0; j < p; j++) {
        double se = sqrt(fit->var[j * p + j]);
        fit->std_err[j] = se;
        fit->naive_se[j] = sqrt(V[j * p + j]);
        fit->z[j] = fit->coef[j] / se;
        fit->p[j] = pg_chisq_p(fit->z[j] * fit->z[j], 1);
        fit->conf_low[j] = exp(fit->coef[j] - zq * se);
        fit->conf_high[j] = exp(fit->coef[j] + zq * se);
    }
    memset(nr->bn, 0, p * sizeof *nr->bn);
    fit->loglik_null = -pg_crr_eval(w, nr->bn, NULL, NULL);
    fit->logtest = -2 * (fit->loglik_null - fit->loglik);
    fit->logtest_df = (double)p;
    fit->logtest_p = pg_chisq_p(fit->logtest, (double)p);
    fit->iterations = nr->iter;
    fit->converged = nr->converged;
    return PG_OK;
}

/* Check the arrays: finite times >= 0, causes 0/1/2, finite covariates; count each cause. */
static int check_input(const double *time, const int *cause, size_t n, const double *x, size_t p,
                       const char *const *names, size_t count[3], pg_error *err)
{
    count[0] = count[1] = count[2] = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(time[i]) || time[i] < 0)
            return pg_fail(err, PG_EINPUT, "finegray: time of row %zu is not a finite number "
                           ">= 0", i + 1);
        if (cause[i] < 0 || cause[i] > 2)
            return pg_fail(err, PG_EINPUT, "finegray: cause code of row %zu is %d, not 0 "
                           "(censored), 1 (cause of interest) or 2 (another cause)", i + 1,
                           cause[i]);
        count[cause[i]]++;
    }
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < n; i++)
            if (!isfinite(x[j * n + i])) {
                if (names && names[j])
                    return pg_fail(err, PG_EINPUT, "finegray: covariate '%s' has an infinite "
                                   "value (row %zu)", names[j], i + 1);
                return pg_fail(err, PG_EINPUT, "finegray: covariate %zu has an infinite value "
                               "(row %zu)", j + 1, i + 1);
            }
    return PG_OK;
}

/*
 * Fine-Gray regression of the subdistribution hazard of cause 1.
 *   Estimate b maximises the weighted partial likelihood above (pg_crr_eval) by crr's
 *   Newton-Raphson (newton_crr); naive variance H^-1; robust variance H^-1 V2 H^-1 with V2
 *   the sum of squared influence terms eta_i + psi_i (pg_crr_meat). Per coefficient:
 *   se = sqrt(var_jj) (robust), z = b / se, p = 2 (1 - Phi(|z|)), limits exp(b -/+ z se).
 *   loglik and loglik.null are l(b) and l(0); logtest 2 (l(b) - l(0)) on p df.
 * Edges:   no competing failures: Cox's partial likelihood with Breslow ties (coxph, ties =
 *   "breslow"), the variance still crr's sandwich; no censoring: G = 1 and psi = 0.
 * Matches: cmprsk::crr (cengroup all one group, no time-varying cov2), summary.crr;
 *   cmprsk 2.2.
 * Refs:    Fine & Gray, JASA 94 (1999) 496-509; Gray's cmprsk crr.f (crrf, crrfsv, crrvv,
 *   crrfit), read for the algorithm.
 */
int pg_crr_fit(const double *time, const int *cause, size_t n, const double *x, size_t p,
               const char *const *names, const pg_crr_opts *opt_in, pg_crr **out,
               pg_error *err)
{
    pg_crr_opts defaults;
    const pg_crr_opts *opt = opt_in;
    if (!opt) {
        pg_crr_opts_init(&defaults);
        opt = &defaults;
    }
    if (!out) return pg_fail(err, PG_EINPUT, "finegray: no place for the fit");
    *out = NULL;
    if (!(opt->conf_level > 0 && opt->conf_level < 1))
        return pg_fail(err, PG_EINPUT, "finegray: confidence level must be between 0 and 1");
    if (opt->max_iter < 0 || !(opt->gtol > 0))
        return pg_fail(err, PG_EINPUT, "finegray: invalid convergence settings");
    if (n > 0 && (!time || !cause || (p > 0 && !x)))
        return pg_fail(err, PG_EINPUT, "finegray: no data");
    if (p == 0) return pg_fail(err, PG_EANALYSIS, "finegray: the model has no covariates");
    size_t count[3];
    int rc = check_input(time, cause, n, x, p, names, count, err);
    if (rc) return rc;
    if (count[1] == 0)
        return pg_fail(err, PG_ENOEVENTS, "finegray: no failures from the cause of interest "
                       "(%zu censored, %zu from other causes)", count[0], count[2]);

    crr_work w;
    if (work_init(&w, time, cause, n, x, p)) return pg_fail(err, PG_ENOMEM,
                                                            "finegray: out of memory");
    newton nr = {0};
    pg_crr *fit = NULL;
    double *mem = pg_calloc_array(5 * p + 2 * p * p, sizeof *mem);
    if (!mem) goto nomem;
    nr.b = mem;
    nr.bn = nr.b + p;
    nr.s = nr.bn + p;
    nr.sc = nr.s + p;
    nr.sv = nr.sc + p;
    nr.H = nr.sv + p;
    nr.a = nr.H + p * p;
    fit = result_alloc(p, w.nd, names);
    if (!fit) goto nomem;
    fit->conf_level = opt->conf_level;
    fit->n = n;
    fit->events = count[1];
    fit->competing = count[2];
    fit->censored = count[0];
    newton_crr(&w, opt, &nr);
    if (nr.singular) {
        rc = pg_fail(err, PG_ENUMERIC, "finegray: the information matrix is singular at '%s' "
                     "(a constant or collinear covariate)", fit->colname[nr.singular - 1]);
        goto fail;
    }
    rc = fill_result(fit, &w, &nr, opt, err);
    if (rc) goto fail;
    if (add_fit_warnings(fit, &nr, opt)) goto nomem;
    free(mem);
    work_free(&w);
    *out = fit;
    return PG_OK;
nomem:
    rc = pg_fail(err, PG_ENOMEM, "finegray: out of memory");
fail:
    free(mem);
    work_free(&w);
    pg_crr_free(fit);
    return rc;
}

