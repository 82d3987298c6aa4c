/* cox_result.c -- what the plain and the Firth fit share, so that neither calls the other: the
 * result's allocation, warnings and destructor, and the concordance of the linear predictor. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concordance.h"
#include "cox_impl.h"

void pg_cox_free(pg_cox *fit)
{
    if (!fit) return;
    if (fit->colname)
        for (size_t j = 0; j < fit->n_coef; j++) free(fit->colname[j]);
    free(fit->colname);
    free(fit->coef);
    free(fit->aliased);
    free(fit->var);
    free(fit->robust_var);
    free(fit->std_err);
    free(fit->robust_se);
    free(fit->z);
    free(fit->p);
    free(fit->conf_low);
    free(fit->conf_high);
    free(fit->linear_predictor);
    free(fit->means);
    if (fit->warnings)
        for (size_t k = 0; k < fit->n_warnings; k++) free(fit->warnings[k]);
    free(fit->warnings);
    free(fit);
}

int pg_cox_add_warning(pg_cox *fit, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char **w = realloc(fit->warnings, (fit->n_warnings + 1) * sizeof *w);
    if (!w) return PG_ENOMEM;
    fit->warnings = w;
    w[fit->n_warnings] = pg_strdup(buf);
    if (!w[fit->n_warnings]) return PG_ENOMEM;
    fit->n_warnings++;
    return PG_OK;
}

pg_cox *pg_cox_alloc(const pg_frame *fr)
{
    size_t n = pg_frame_n(fr), p = pg_frame_p(fr);
    pg_cox *fit = calloc(1, sizeof *fit);
    if (!fit) return NULL;
    fit->n_coef = p;
    fit->colname = pg_calloc_array(p, sizeof *fit->colname);
    fit->coef = pg_calloc_array(p, sizeof *fit->coef);
    fit->aliased = pg_calloc_array(p, sizeof *fit->aliased);
    fit->var = pg_calloc_array(p * p, sizeof *fit->var);
    fit->std_err = pg_calloc_array(p, sizeof *fit->std_err);
    fit->z = pg_calloc_array(p, sizeof *fit->z);
    fit->p = pg_calloc_array(p, sizeof *fit->p);
    fit->conf_low = pg_calloc_array(p, sizeof *fit->conf_low);
    fit->conf_high = pg_calloc_array(p, sizeof *fit->conf_high);
    fit->linear_predictor = pg_calloc_array(n ? n : 1, sizeof *fit->linear_predictor);
    fit->means = pg_calloc_array(p, sizeof *fit->means);
    if (!fit->colname || !fit->coef || !fit->aliased || !fit->var || !fit->std_err || !fit->z ||
        !fit->p || !fit->conf_low || !fit->conf_high || !fit->linear_predictor ||
        !fit->means)
        goto fail;
    for (size_t j = 0; j < p; j++) {
        fit->colname[j] = pg_strdup(pg_frame_colname(fr, j));
        if (!fit->colname[j]) goto fail;
    }
    return fit;
fail:
    pg_cox_free(fit);
    return NULL;
}

/* Harrell's C of the fit's linear predictor with R's standard error (concordance.c), clustered
 * when the frame has cluster(), the same for a plain and a Firth fit (R: coxph's
 * fit$concordance). w (may be NULL) lends the Cox workspace's sort order, which saves sorting
 * again; its sorted covariates are not used. PG_OK or PG_ENOMEM. */
int pg_cox_set_concordance(pg_cox *fit, const pg_frame *fr, const pg_cox_work *w, int threads)
{
    pg_concordance c;
    size_t ncl = 0;   /* coxph: the robust variance's clusters, when there is one */
    const size_t *cl = fit->robust_var ? pg_cox_robust_clusters(fr, &ncl) : NULL;
    if (!cl) ncl = 0;
    if (pg_frame_entry(fr) || pg_frame_weights(fr)) {   /* R's concordance4 (weighted) */
        const double *entry = pg_frame_entry(fr);
        double *minf = NULL;
        if (!entry) {   /* right-censored data with weights: every row at risk from -Inf */
            if (!(minf = pg_malloc_array(fit->n ? fit->n : 1, sizeof *minf))) return PG_ENOMEM;
            for (size_t i = 0; i < fit->n; i++) minf[i] = -INFINITY;
        }
        int rc = pg_concordance_fit_ag(fit->n, entry ? entry : minf, pg_frame_time(fr),
                                       pg_frame_status(fr), fit->linear_predictor,
                                       pg_frame_weights(fr), pg_frame_strata(fr),
                                       pg_frame_nstrata(fr), cl, ncl, &c);
        free(minf);
        if (rc) return rc;
        fit->concordance = c.estimate;
        fit->concordance_se = c.std_err;
        return PG_OK;
    }
    int rc = w ? pg_concordance_fit_sorted(fit->n, w->time, w->status, fit->linear_predictor,
                                           w->row, w->sstart, w->nstrata, cl, ncl, 1, threads, &c)
               : pg_concordance_fit(fit->n, pg_frame_time(fr), pg_frame_status(fr),
                                    fit->linear_predictor, pg_frame_strata(fr),
                                    pg_frame_nstrata(fr), cl, ncl, 1, threads, &c);
    if (rc) return rc;
    fit->concordance = c.estimate;
    fit->concordance_se = c.std_err;
    return PG_OK;
}
