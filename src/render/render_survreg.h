/* render_survreg.h -- a survreg fit as R's print(summary(survreg)) text, CSV, JSON or
 * Markdown. */
/* Thread safety: no global state; every function is reentrant (common.h). */
#ifndef PG_RENDER_SURVREG_H
#define PG_RENDER_SURVREG_H

#include "render.h"
#include "prognos/survreg.h"

typedef struct pg_survreg_render_opts {
    size_t dropped;      /* rows dropped for missing values */
    int hr;              /* 1: add the hazard ratios / time ratios table */
    /* predictions: m covariate rows (x, m x (p-1) column-major), at quantiles and times */
    const double *newx;
    size_t m;
    const double *quantiles;
    size_t nq;
    const double *times;
    size_t nt;
    /* NULL: each row in every stratum; else row i's stratum (newdata's strata() columns,
     * pg_frame_newdata_strata), the only one it is predicted in, as predict.survreg */
    const size_t *row_stratum;
} pg_survreg_render_opts;

/* text/md follow summary.survreg; csv is the coefficient table (with --newdata the
 * predictions); json follows docs/survreg.md. PG_OK, PG_ENOMEM or PG_EIO. */
int pg_render_survreg(FILE *f, const pg_survreg *fit, const pg_survreg_render_opts *ro,
                      pg_format fmt);

/* The predictions of ro (ro->m > 0), render_survreg_pred.c: for each covariate row (and each
 * stratum of a model with strata), the quantiles with se and limits, the survival at times. */
/* The column heads of the conf_level limits: "lower 95%", "upper 95%" (render_survreg_pred.c). */
void pg_survreg_limit_heads(const pg_survreg *fit, char lo[48], char hi[48]);
int pg_survreg_pred_text(FILE *f, const pg_survreg *fit, const pg_survreg_render_opts *ro);
int pg_survreg_pred_csv(FILE *f, const pg_survreg *fit, const pg_survreg_render_opts *ro);
json_t *pg_survreg_pred_json(const pg_survreg *fit, const pg_survreg_render_opts *ro);

#endif
