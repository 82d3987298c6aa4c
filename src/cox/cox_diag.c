/* cox_diag.c -- the view of a fitted Cox model over its frame shared by residuals, prediction and
 * the proportional-hazards test. */
#include "cox_diag.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pg_coxdiag_free(pg_coxdiag *w)
{
    if (!w) return;
    free(w->xc);
    free(w->beta);
    free(w->alias);
    free(w->risk);
    free(w->ord);
    memset(w, 0, sizeof *w);
}

int pg_coxdiag_init(pg_coxdiag *w, const pg_frame *fr, const pg_cox *fit, const char *who,
                    pg_error *err)
{
    memset(w, 0, sizeof *w);
    if (!fr || !fit) return pg_fail(err, PG_EINPUT, "%s: no model or no data", who);
    size_t n = pg_frame_n(fr), p = pg_frame_p(fr);
    if (fit->n_coef != p)
        return pg_fail(err, PG_EINPUT,
                       "%s: the model has %zu coefficients but the data have %zu columns", who,
                       fit->n_coef, p);
    if (p > 0 && !fit->coef)
        return pg_fail(err, PG_EINPUT, "%s: the model has no coefficients", who);
    if (n == 0) return pg_fail(err, PG_EINPUT, "%s: no observations", who);
    w->n = n;
    w->p = p;
    w->nstrata = pg_frame_nstrata(fr);
    w->events = pg_frame_events(fr);
    w->time = pg_frame_time(fr);
    w->status = pg_frame_status(fr);
    w->strata = pg_frame_strata(fr);
    w->time_order = pg_frame_time_order(fr);
    w->efron = fit->ties == PG_TIES_EFRON;
    w->xc = pg_malloc_array(n * (p ? p : 1), sizeof *w->xc);
    w->beta = pg_calloc_array(p ? p : 1, sizeof *w->beta);
    w->alias = pg_calloc_array(p ? p : 1, sizeof *w->alias);
    w->risk = pg_malloc_array(n, sizeof *w->risk);
    w->ord = pg_malloc_array(n, sizeof *w->ord);
    if (!w->xc || !w->beta || !w->alias || !w->risk || !w->ord) goto nomem;
    const double *x = pg_frame_x(fr);
    for (size_t j = 0; j < p; j++) {
        double b = fit->coef[j];
        w->alias[j] = !isfinite(b) || (fit->aliased && fit->aliased[j]);
        w->beta[j] = w->alias[j] ? 0.0 : b;
        double mj = fit->means && isfinite(fit->means[j]) ? fit->means[j] : 0.0;
        for (size_t i = 0; i < n; i++) w->xc[j * n + i] = x[j * n + i] - mj;
    }
    /* R: exp(fit$linear.predictors), lp = (x - means) %*% coef, aliased coefficients as 0 */
    for (size_t i = 0; i < n; i++) {
        double lp = 0;
        for (size_t j = 0; j < p; j++) lp += w->xc[j * n + i] * w->beta[j];
        w->risk[i] = exp(lp);
        if (!isfinite(w->risk[i])) {
            pg_coxdiag_free(w);
            return pg_fail(err, PG_ENUMERIC, "%s: the linear predictor of row %zu overflows", who,
                           i + 1);
        }
    }
    if (pg_order_by_key(n, w->time_order, w->strata, w->nstrata, w->ord)) goto nomem;
    return PG_OK;
nomem:
    pg_coxdiag_free(w);
    return pg_fail(err, PG_ENOMEM, "%s: out of memory", who);
}

double pg_coxdiag_var(const pg_cox *fit, const pg_coxdiag *w, size_t i, size_t j, int robust)
{
    if (w->alias[i] || w->alias[j]) return 0.0;
    const double *v = robust && fit->robust_var ? fit->robust_var : fit->var;
    if (!v) return 0.0;
    double x = v[i * w->p + j];
    return isfinite(x) ? x : 0.0;
}
