/* cox_fit.c -- Cox proportional-hazards regression (R: survival::coxph, summary.coxph): Newton-Raphson
 * on the partial likelihood, aliased columns, tests, robust variance, concordance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cox_firth.h"
#include "cox_impl.h"

void pg_cox_opts_init(pg_cox_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->ties = PG_TIES_EFRON;
    opt->conf_level = 0.95;
    opt->max_iter = 20;
    opt->eps = 1e-9;
    opt->toler_chol = PG_TOLER_CHOL;   /* .Machine$double.eps^0.75 */
}

const char *pg_cox_ties_name(pg_ties t)
{
    switch (t) {
    case PG_TIES_BRESLOW: return "breslow";
    case PG_TIES_EXACT: return "exact";
    default: return "efron";
    }
}

int pg_cox_ties_parse(const char *s, pg_ties *out)
{
    if (!s) return PG_EINPUT;
    if (strcmp(s, "efron") == 0) *out = PG_TIES_EFRON;
    else if (strcmp(s, "breslow") == 0) *out = PG_TIES_BRESLOW;
    else if (strcmp(s, "exact") == 0) *out = PG_TIES_EXACT;
    else return PG_EINPUT;
    return PG_OK;
}

/* Scratch and results of one Newton-Raphson run, in the workspace's scaled units. */
typedef struct newton {
    double *beta, *newbeta, *u, *imat, *step, *work;   /* work: p * p + p */
    double loglik0, loglik1, sctest;
    int rank, iter, converged;
} newton;

/* The start of both Newton loops, at beta = 0 with the score u and information imat already
 * evaluated: the first step solves imat step = u, and u' step is the score test (coxph's
 * sctest). imat is left factored. */
static void newton_start(newton *nr, size_t p, double toler_chol)
{
    memcpy(nr->step, nr->u, p * sizeof *nr->step);
    nr->rank = pg_chol_factor(nr->imat, p, toler_chol);
    pg_chol_solve(nr->imat, p, nr->step);
    nr->sctest = 0;
    for (size_t j = 0; j < p; j++) nr->sctest += nr->u[j] * nr->step[j];
    nr->loglik1 = nr->loglik0;
    nr->iter = 0;
    nr->converged = 1;
}

/* A step that raised the likelihood is kept: loglik1 = newlk, the next Newton step solves
 * imat step = u (imat factored), and the iterate moves on: cur = next, next += step. The two
 * loops keep their iterates in different arrays (coxfit6 and coxexact do), hence cur and next. */
static void newton_accept(newton *nr, size_t p, double newlk, double *cur, double *next)
{
    nr->loglik1 = newlk;
    memcpy(nr->step, nr->u, p * sizeof *nr->step);
    pg_chol_solve(nr->imat, p, nr->step);
    for (size_t j = 0; j < p; j++) {
        cur[j] = next[j];
        next[j] += nr->step[j];
    }
}

/*
 * Newton-Raphson for the Breslow/Efron partial likelihood, exactly as survival's coxfit6 runs it.
 *   Start at b = 0; l0, U0, I0 there; the score test is U0' I0^- U0.
 *   Step b_new = b + I^- U; converged when |1 - l_best / l_new| <= eps (with finite l, U, I).
 *   A step that lowers the likelihood (or gives a non-finite one) is pulled back towards the last
 *   good b: b_new = (b_new + h b) / (h + 1), h = 1, 2, ... for successive failures.
 *   At most max_iter evaluations; without convergence the last good b is reported with its
 *   likelihood and information (R inverts that information without refactoring it and so reports
 *   a wrong variance there; we factor it first).
 * Refs:    Therneau & Grambsch (2000) sec. 3.2; survival's coxfit6.c and coxph.control.
 */
static void newton_coxph(pg_cox_work *w, int efron, const pg_cox_opts *opt, newton *nr)
{
    size_t p = w->p;
    memset(nr->beta, 0, p * sizeof *nr->beta);
    nr->loglik0 = pg_cox_eval(w, nr->beta, efron, nr->u, nr->imat);
    newton_start(nr, p, opt->toler_chol);
    if (opt->max_iter == 0 || !isfinite(nr->loglik0)) {
        pg_chol_inverse(nr->imat, p, nr->work);
        return;
    }
    for (size_t j = 0; j < p; j++) nr->newbeta[j] = nr->beta[j] + nr->step[j];
    double halving = 0;
    for (int iter = 1; iter <= opt->max_iter; iter++) {
        double newlk = pg_cox_eval(w, nr->newbeta, efron, nr->u, nr->imat);
        nr->rank = pg_chol_factor(nr->imat, p, opt->toler_chol);
        int notfinite = !isfinite(newlk);
        for (size_t j = 0; j < p; j++) {
            if (!isfinite(nr->u[j])) notfinite = 1;
            for (size_t k = 0; k < p; k++)
                if (!isfinite(nr->imat[j * p + k])) notfinite = 1;
        }
        if (!notfinite && fabs(1 - nr->loglik1 / newlk) <= opt->eps) {
            nr->loglik1 = newlk;
            pg_chol_inverse(nr->imat, p, nr->work);
            memcpy(nr->beta, nr->newbeta, p * sizeof *nr->beta);
            nr->iter = iter;
            return;
        }
        if (notfinite || newlk < nr->loglik1) {
            halving += 1;
            for (size_t j = 0; j < p; j++)
                nr->newbeta[j] = (nr->newbeta[j] + halving * nr->beta[j]) / (halving + 1);
        } else {
            halving = 0;
            newton_accept(nr, p, newlk, nr->beta, nr->newbeta);
        }
    }
    nr->converged = 0;
    nr->iter = opt->max_iter;
    if (opt->max_iter > 1) {
        nr->loglik1 = pg_cox_eval(w, nr->beta, efron, nr->u, nr->imat);
        nr->rank = pg_chol_factor(nr->imat, p, opt->toler_chol);
    }
    pg_chol_inverse(nr->imat, p, nr->work);
}

/*
 * Newton-Raphson for the exact partial likelihood, as survival's coxexact runs it: the same
 * start, step and convergence test, but a failed step is halved once (b = (b_old + b) / 2) and
 * convergence is not accepted in the middle of a halving. Without convergence the last
 * accepted point is reported (checked against R 3.5's coxph(ties = "exact", iter.max = k) for
 * k = 1..20 on a diverging fit; R's variance there is again an unfactored inverse).
 */
static void newton_exact(pg_cox_work *w, const pg_cox_opts *opt, newton *nr)
{
    size_t p = w->p;
    double *oldbeta = nr->newbeta;
    memset(nr->beta, 0, p * sizeof *nr->beta);
    nr->loglik0 = pg_cox_eval_exact(w, nr->beta, nr->u, nr->imat);
    newton_start(nr, p, opt->toler_chol);
    if (opt->max_iter == 0) {
        pg_chol_inverse(nr->imat, p, nr->work);
        return;
    }
    for (size_t j = 0; j < p; j++) {
        oldbeta[j] = nr->beta[j];
        nr->beta[j] += nr->step[j];
    }
    int halving = 0;
    double newlk = nr->loglik0;
    int iter;
    for (iter = 1; iter <= opt->max_iter; iter++) {
        newlk = pg_cox_eval_exact(w, nr->beta, nr->u, nr->imat);
        nr->rank = pg_chol_factor(nr->imat, p, opt->toler_chol);
        if (fabs(1 - nr->loglik1 / newlk) <= opt->eps && !halving) {
            nr->loglik1 = newlk;
            nr->iter = iter;
            pg_chol_inverse(nr->imat, p, nr->work);
            return;
        }
        if (iter == opt->max_iter) break;
        if (newlk < nr->loglik1) {
            halving = 1;
            for (size_t j = 0; j < p; j++) nr->beta[j] = (oldbeta[j] + nr->beta[j]) / 2;
        } else {
            halving = 0;
            newton_accept(nr, p, newlk, oldbeta, nr->beta);
        }
    }
    nr->converged = 0;
    nr->iter = opt->max_iter;
    if (opt->max_iter > 1) {   /* back to the last accepted point, as R (survival 3.5) does */
        memcpy(nr->beta, oldbeta, p * sizeof *nr->beta);
        nr->loglik1 = pg_cox_eval_exact(w, nr->beta, nr->u, nr->imat);
        nr->rank = pg_chol_factor(nr->imat, p, opt->toler_chol);
    } else {
        nr->loglik1 = newlk;
    }
    pg_chol_inverse(nr->imat, p, nr->work);
}

/* S += sum_g G_g G_g' over the ng rows G_g (p each) of G, both triangles of the p x p S. */
static void cluster_crossprod(const double *G, size_t ng, size_t p, double *S)
{
    for (size_t g = 0; g < ng; g++)
        for (size_t j = 0; j < p; j++)
            for (size_t k = 0; k <= j; k++) S[j * p + k] += G[g * p + j] * G[g * p + k];
    for (size_t j = 0; j < p; j++)
        for (size_t k = 0; k < j; k++) S[k * p + j] = S[j * p + k];
}

/*
 * Robust (sandwich) variance and robust score test, as coxph does them.
 *   dfbeta_i = U_i V   (U_i the score residual of subject i at the estimate, V = I^-),
 *   robust V = sum_g (sum_{i in g} dfbeta_i)' (sum_{i in g} dfbeta_i) over clusters g
 *   (each subject its own cluster without cluster()).
 *   Robust score test: with U0_g the clustered score residuals at b = 0, u = sum_g U0_g,
 *   T = u' (sum_g U0_g' U0_g)^- u, on the model's df.
 * Refs:    Lin & Wei, JASA 84 (1989) 1074-1078; Therneau & Grambsch (2000) sec. 8.2.
 * Matches: coxph(..., robust = TRUE / cluster(id)): fit$var, fit$naive.var, fit$rscore.
 */
static int robust_variance(pg_cox_work *w, const pg_frame *fr, int efron, const double *beta_s,
                           const pg_cox_opts *opt, pg_cox *fit)
{
    size_t n = w->n, p = w->p, ng;
    const size_t *cl = pg_cox_robust_clusters(fr, &ng);
    if (!cl) ng = n;
    double *U = pg_malloc_array(n * p, sizeof *U);
    double *G = pg_calloc_array(ng * p, sizeof *G);
    double *zero = pg_calloc_array(p, sizeof *zero);
    double *S = pg_calloc_array(p * p, sizeof *S), *usum = pg_calloc_array(p, sizeof *usum);
    int rc = PG_ENOMEM;
    if (!U || !G || !zero || !S || !usum) goto done;
    fit->robust_var = pg_calloc_array(p * p, sizeof *fit->robust_var);
    fit->robust_se = pg_calloc_array(p, sizeof *fit->robust_se);
    if (!fit->robust_var || !fit->robust_se) goto done;

    /* dfbeta at the estimate, summed by cluster */
    if ((rc = pg_cox_score_resid(w, beta_s, efron, U))) goto done;
    rc = PG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t g = cl ? cl[w->row[i]] : w->row[i];
        for (size_t k = 0; k < p; k++) {
            double s = 0;
            for (size_t j = 0; j < p; j++) s += U[i * p + j] / w->mult[j] * fit->var[j * p + k];
            G[g * p + k] += w->wt ? w->wt[i] * s : s;   /* coxph: weighted = TRUE */
        }
    }
    cluster_crossprod(G, ng, p, fit->robust_var);

    /* robust score test: score residuals at b = 0 */
    if ((rc = pg_cox_score_resid(w, zero, efron, U))) goto done;
    rc = PG_ENOMEM;
    memset(G, 0, ng * p * sizeof *G);
    for (size_t i = 0; i < n; i++) {
        size_t g = cl ? cl[w->row[i]] : w->row[i];
        for (size_t j = 0; j < p; j++)
            G[g * p + j] += (w->wt ? w->wt[i] : 1) * U[i * p + j] / w->mult[j];
    }
    for (size_t g = 0; g < ng; g++)
        for (size_t j = 0; j < p; j++) usum[j] += G[g * p + j];
    cluster_crossprod(G, ng, p, S);
    fit->robust_score.statistic = pg_chol_wtest(S, usum, p, opt->toler_chol, NULL);
    if (isnan(fit->robust_score.statistic)) goto done;
    rc = PG_OK;
done:
    free(U);
    free(G);
    free(zero);
    free(S);
    free(usum);
    return rc;
}

/* The fit in the original units from the Newton result in the workspace's scaled ones:
 * b = b_s * mult, V = D V_s D; the aliased columns (zero variance when the rank is short); the
 * linear predictor, centred at the means as R's fit$linear.predictors. Returns the number of
 * aliased columns. */
static size_t fill_estimates(pg_cox *fit, const pg_frame *fr, const pg_cox_work *w,
                             const newton *nr)
{
    size_t n = w->n, p = w->p, naliased = 0;
    for (size_t j = 0; j < p; j++) {
        fit->coef[j] = nr->beta[j] * w->mult[j];
        fit->means[j] = w->mean[j];
        for (size_t k = 0; k < p; k++)
            fit->var[j * p + k] = nr->imat[j * p + k] * w->mult[j] * w->mult[k];
    }
    if (nr->rank < (int)p)
        for (size_t j = 0; j < p; j++)
            if (fit->var[j * p + j] == 0) {
                fit->aliased[j] = 1;
                naliased++;
            }
    const double *X = pg_frame_x(fr);
    double off = 0;
    for (size_t j = 0; j < p; j++) off += fit->coef[j] * fit->means[j];
    const double *offset = pg_frame_offset(fr);   /* R's linear.predictors include it */
    for (size_t i = 0; i < n; i++) fit->linear_predictor[i] = -off + (offset ? offset[i] : 0);
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < n; i++) fit->linear_predictor[i] += X[j * n + i] * fit->coef[j];
    return naliased;
}

/* Warnings of coxph.fit / coxexact.fit: monotone likelihood (toler.inf = sqrt(eps): the Newton
 * step still pending at the end, |u' V|_j, is large against |b_j|), no convergence, aliased
 * columns. PG_OK or PG_ENOMEM. */
static int add_fit_warnings(pg_cox *fit, const pg_cox_work *w, const newton *nr,
                            const pg_cox_opts *opt, int exact)
{
    size_t n = w->n, p = w->p;
    if (opt->max_iter > 1) {
        double toler_inf = sqrt(opt->eps);
        int anyinf = 0;
        for (size_t j = 0; j < p; j++) {
            double s = 0, b;
            if (exact) {   /* coxexact.fit compares in the scaled units */
                for (size_t k = 0; k < p; k++) s += nr->u[k] * nr->imat[k * p + j];
                b = nr->beta[j];
            } else {
                for (size_t k = 0; k < p; k++) s += nr->u[k] / w->mult[k] * fit->var[k * p + j];
                b = fit->coef[j];
            }
            double infs = fabs(s);
            if (!nr->converged) {
                if (!isfinite(infs)) anyinf = 1;
                continue;
            }
            int flag = (infs > opt->eps && infs > toler_inf * fabs(b));
            if (!exact && !isfinite(nr->u[j])) flag = 1;
            if (flag &&
                pg_cox_add_warning(fit, "loglik converged before variable '%s'; coefficient may be "
                            "infinite (monotone likelihood); consider --firth",
                            fit->colname[j]))
                return PG_ENOMEM;
        }
        if (!nr->converged) {
            double maxlp = -INFINITY;
            for (size_t i = 0; i < n; i++)
                if (fit->linear_predictor[i] > maxlp) maxlp = fit->linear_predictor[i];
            if (pg_cox_add_warning(fit, "ran out of iterations (%d) and did not converge",
                            opt->max_iter))
                return PG_ENOMEM;
            if (!exact && (maxlp > 500 || anyinf) &&
                pg_cox_add_warning(fit, "one or more coefficients may be infinite; consider --firth"))
                return PG_ENOMEM;
        }
    }
    for (size_t j = 0; j < p; j++)
        if (fit->aliased[j] &&
            pg_cox_add_warning(fit, "X matrix deemed to be singular; coefficient of '%s' is NA "
                        "(aliased)", fit->colname[j]))
            return PG_ENOMEM;
    return PG_OK;
}

/* The per-coefficient table (se, z, Wald p, hazard-ratio limits; the robust se when there is
 * one) and the likelihood-ratio, score and Wald tests on the non-aliased df. scratch: p + p * p
 * doubles. */
static void fill_tests(pg_cox *fit, const newton *nr, size_t naliased, const pg_cox_opts *opt,
                       double *scratch)
{
    size_t p = fit->n_coef;
    double zq = pg_z_two_sided(opt->conf_level);
    for (size_t j = 0; j < p; j++) {
        if (fit->aliased[j]) {
            fit->coef[j] = fit->std_err[j] = fit->z[j] = fit->p[j] = NAN;
            fit->conf_low[j] = fit->conf_high[j] = NAN;
            if (fit->robust_se) fit->robust_se[j] = NAN;
            continue;
        }
        fit->std_err[j] = sqrt(fit->var[j * p + j]);
        if (fit->robust_se) fit->robust_se[j] = sqrt(fit->robust_var[j * p + j]);
        double se = fit->robust_se ? fit->robust_se[j] : fit->std_err[j];
        fit->z[j] = fit->coef[j] / se;
        fit->p[j] = pg_chisq_p(fit->z[j] * fit->z[j], 1);
        fit->conf_low[j] = exp(fit->coef[j] - zq * se);
        fit->conf_high[j] = exp(fit->coef[j] + zq * se);
    }
    double df = (double)(p - naliased);
    fit->lr.statistic = 2 * (fit->loglik_final - fit->loglik_null);
    fit->lr.df = df;
    fit->lr.p = pg_chisq_p(fit->lr.statistic, df);
    fit->score.statistic = nr->sctest;
    fit->score.df = df;
    fit->score.p = pg_chisq_p(nr->sctest, df);
    /* Wald on the non-aliased coefficients and their (robust, when there is one) variance */
    const double *V = fit->robust_var ? fit->robust_var : fit->var;
    double *b = scratch, *vsub = scratch + p;
    size_t m = 0;
    for (size_t j = 0; j < p; j++) {
        if (fit->aliased[j]) continue;
        size_t mk = 0;
        for (size_t k = 0; k < p; k++)
            if (!fit->aliased[k]) vsub[m * (p - naliased) + mk++] = V[j * p + k];
        b[m++] = fit->coef[j];
    }
    fit->wald.statistic = m ? pg_chol_wtest(vsub, b, m, opt->toler_chol, NULL) : NAN;
    fit->wald.df = df;
    fit->wald.p = pg_chisq_p(fit->wald.statistic, df);
    if (fit->robust_var) {
        fit->robust_score.df = df;
        fit->robust_score.p = pg_chisq_p(fit->robust_score.statistic, df);
    } else {
        fit->robust_score.statistic = fit->robust_score.df = fit->robust_score.p = NAN;
    }
}

/*
 * Cox proportional-hazards fit, as coxph + summary.coxph report it.
 *   Estimate b maximises the log partial likelihood l(b) (Breslow, Efron or exact ties).
 *   V = I(b)^-, the generalised inverse from R's cholesky2 (toler.chol): a column whose pivot
 *   falls below toler.chol * max pivot is aliased and its coefficient is NA.
 *   Tests on df = number of non-aliased coefficients:
 *     likelihood ratio  2 (l(b) - l(0));   Wald  b' V^- b (V the robust variance when there is
 *     one, as R);  score  U(0)' I(0)^- U(0);  robust score (see robust_variance).
 *   Per coefficient: se = sqrt(V_jj) (robust se when robust), z = b/se, p = P(chi2_1 > z^2),
 *   HR limits exp(b -/+ z_{1-a/2} se).
 *   Linear predictor x_i'b - means'b, means = column means (0 for columns within {-1, 0, 1}).
 *   Concordance of the linear predictor (concordance.c), clustered when cluster() is given.
 * Matches: survival::coxph (coxph.fit, coxexact.fit), summary.coxph; survival 3.5.
 * Refs:    Cox, JRSS B 34 (1972) 187-220; Therneau & Grambsch, Modeling Survival Data (2000).
 */
static int fit_plain(const pg_frame *fr, const pg_cox_opts *opt, pg_cox **out, pg_error *err)
{
    size_t n = pg_frame_n(fr), p = pg_frame_p(fr);
    if (pg_frame_events(fr) == 0)
        return pg_fail(err, PG_ENOEVENTS, "cox: no events (every observation is censored)");
    if (p == 0) return pg_fail(err, PG_EANALYSIS, "cox: the model has no covariates");
    {
        const double *X = pg_frame_x(fr);
        for (size_t j = 0; j < p; j++)
            for (size_t i = 0; i < n; i++)
                if (!isfinite(X[j * n + i]))
                    return pg_fail(err, PG_EINPUT, "cox: covariate '%s' has an infinite value "
                                   "(row %zu)", pg_frame_colname(fr, j), i + 1);
    }
    int robust = opt->robust || pg_frame_cluster(fr) != NULL || pg_cox_id_repeats_events(fr) ||
                 pg_cox_weights_fractional(fr);
    int exact = opt->ties == PG_TIES_EXACT, efron = opt->ties == PG_TIES_EFRON;
    if (exact && (pg_frame_entry(fr) || pg_frame_weights(fr) || pg_frame_offset(fr)))
        return pg_fail(err, PG_EANALYSIS, "cox: ties 'exact' on Surv(start, stop, event) data, "
                       "with --weights or with offset() is not available; use efron or "
                       "breslow");
    if (robust && exact)
        return pg_fail(err, PG_EANALYSIS,
                       "cox: the robust variance is not available with ties 'exact' (as in R); "
                       "use efron or breslow");

    pg_cox_work w;
    newton nr = {0};
    pg_cox *fit = NULL;
    int rc = pg_cox_work_init(&w, fr, exact, opt->threads);
    if (rc) return pg_fail(err, rc, "cox: out of memory");
    double *mem = pg_calloc_array(5 * p + 3 * p * p + p, sizeof *mem);
    if (!mem || (exact && pg_cox_work_exact_alloc(&w))) goto nomem;
    nr.beta = mem;
    nr.newbeta = nr.beta + p;
    nr.u = nr.newbeta + p;
    nr.step = nr.u + p;
    nr.imat = nr.step + p;
    nr.work = nr.imat + p * p;   /* p * p + p */
    double *vsave = nr.work + p * p + p;   /* p * p (+ p spare) */

    if (exact) newton_exact(&w, opt, &nr);
    else newton_coxph(&w, efron, opt, &nr);
    if (exact && !isfinite(nr.loglik0)) {
        /* the sums over subsets of the risk set overflow: C(n, d) too large (R fails too) */
        free(mem);
        pg_cox_work_free(&w);
        return pg_fail(err, PG_ENUMERIC, "cox: the exact partial likelihood overflows (too many "
                       "tied events in a large risk set); use --ties efron");
    }

    fit = pg_cox_alloc(fr);
    if (!fit) goto nomem;
    fit->ties = opt->ties;
    fit->conf_level = opt->conf_level;
    fit->n = n;
    fit->n_id = pg_frame_nid(fr);
    fit->events = pg_frame_events(fr);
    fit->dropped = pg_frame_dropped(fr);
    fit->iterations = nr.iter;
    fit->converged = nr.converged;
    fit->loglik_null = nr.loglik0;
    fit->loglik_final = nr.loglik1;
    size_t naliased = fill_estimates(fit, fr, &w, &nr);
    if (add_fit_warnings(fit, &w, &nr, opt, exact)) goto nomem;
    /* robust variance (its Wald test and limits replace the model-based ones, as in R) */
    if (robust && robust_variance(&w, fr, efron, nr.beta, opt, fit)) goto nomem;
    fill_tests(fit, &nr, naliased, opt, vsave - p);   /* nr.work's tail and vsave: p + p * p */

    /* The concordance needs only the workspace's order (row, sstart) and sorted times and
     * statuses: the sorted copy of X (8 p bytes a row) is freed first, so that the
     * concordance's own arrays do not add to it at the fit's peak memory. */
    free(w.x);
    w.x = NULL;
    if (pg_cox_set_concordance(fit, fr, &w, opt->threads)) goto nomem;

    free(mem);
    pg_cox_work_free(&w);
    *out = fit;
    return PG_OK;
nomem:
    free(mem);
    pg_cox_work_free(&w);
    pg_cox_free(fit);
    return pg_fail(err, PG_ENOMEM, "cox: out of memory");
}

/*
 * Events per variable. In simulations of Cox models, fewer than 10 events per estimated
 * coefficient gave biased coefficients, confidence intervals of the wrong coverage and
 * unstable variances [1]; the same held for logistic regression [2], where the "10 events per
 * variable" rule is usually cited from. A warning, not an error: R's coxph says nothing.
 * Counted: the events of the fit and its coefficients that were estimated (not aliased).
 * Refs: [1] Peduzzi P, Concato J, Feinstein AR, Holford TR. J Clin Epidemiol 48 (1995)
 *       1503-1510. [2] Peduzzi P, Concato J, Kemper E, Holford TR, Feinstein AR. J Clin
 *       Epidemiol 49 (1996) 1373-1379.
 */
int pg_cox_epv_warning(size_t events, size_t n_coef, char *buf, size_t size)
{
    if (events == 0 || n_coef == 0 || events >= 10 * n_coef) return 0;
    snprintf(buf, size, "%zu event%s for %zu coefficient%s (%.1f per coefficient); fewer than 10 "
             "events per coefficient give unstable, biased estimates (Peduzzi et al. 1995, 1996)",
             events, events == 1 ? "" : "s", n_coef, n_coef == 1 ? "" : "s",
             (double)events / (double)n_coef);
    return 1;
}

/* Add the events-per-coefficient warning to fit when it applies. PG_OK or PG_ENOMEM. */
static int epv_warning(pg_cox *fit)
{
    size_t p = 0;
    for (size_t j = 0; j < fit->n_coef; j++) p += !(fit->aliased && fit->aliased[j]);
    char buf[300];
    if (!pg_cox_epv_warning(fit->events, p, buf, sizeof buf)) return PG_OK;
    return pg_cox_add_warning(fit, "%s", buf);
}

/* The one door: options checked once, then the plain or the Firth fit (cox_firth.c), both
 * reporting the concordance of their linear predictor through pg_cox_set_concordance. */
int pg_cox_fit(const pg_frame *fr, const pg_cox_opts *opt_in, pg_cox **out, pg_error *err)
{
    pg_cox_opts defaults;
    const pg_cox_opts *opt = opt_in;
    if (!opt) {
        pg_cox_opts_init(&defaults);
        opt = &defaults;
    }
    if (!out) return pg_fail(err, PG_EINPUT, "cox: no place for the fit");
    *out = NULL;
    if (!fr) return pg_fail(err, PG_EINPUT, "cox: no model frame");
    if (!(opt->conf_level > 0 && opt->conf_level < 1))
        return pg_fail(err, PG_EINPUT, "cox: confidence level must be between 0 and 1");
    if (opt->max_iter < 0 || !(opt->eps > 0) || !(opt->toler_chol > 0))
        return pg_fail(err, PG_EINPUT, "cox: invalid convergence settings");
    if (opt->ties != PG_TIES_EFRON && opt->ties != PG_TIES_BRESLOW && opt->ties != PG_TIES_EXACT)
        return pg_fail(err, PG_EINPUT, "cox: unknown ties method");
    if (opt->firth &&
        (pg_frame_entry(fr) || pg_frame_id(fr) || pg_frame_weights(fr) || pg_frame_offset(fr)))
        return pg_fail(err, PG_EANALYSIS, "cox: --firth on Surv(start, stop, event) data, with "
                       "--id, --weights or offset() is not available");
    int rc = opt->firth ? pg_cox_firth_fit(fr, opt, out, err) : fit_plain(fr, opt, out, err);
    if (rc == PG_OK && ((opt->firth && pg_cox_set_concordance(*out, fr, NULL, opt->threads)) ||
                        epv_warning(*out))) {
        pg_cox_free(*out);
        *out = NULL;
        return pg_fail(err, PG_ENOMEM, "cox: out of memory");
    }
    return rc;
}

