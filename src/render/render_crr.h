/* render_crr.h -- a Fine-Gray fit as R's print(summary(crr)) text, CSV, JSON or Markdown. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_CRR_H
#define PG_RENDER_CRR_H

#include "render.h"
#include "prognos/crr.h"

/* What the fit does not know: the names of the outcome's values (from the frame). Every field
 * may be NULL / 0. */
typedef struct pg_crr_labels {
    const char *cause;               /* the cause of interest ("DOD") */
    const char *const *competing;    /* the other causes */
    size_t n_competing;
    const char *const *censor;       /* the values meaning censored */
    size_t n_censor;
    size_t dropped;                  /* rows dropped for missing values */
} pg_crr_labels;

/* Write fit in fmt. text follows print.summary.crr (digits 3) under a header naming the cause;
 * csv is the coefficient table at full precision; md the same rounded; json has the keys of
 * `prognos cox` (n, events, coefficients, ...) plus "cause" (docs/finegray.md). PG_OK,
 * PG_ENOMEM or PG_EIO. */
int pg_render_crr(FILE *f, const pg_crr *fit, const pg_crr_labels *lab, pg_format fmt);

/* Predicted cumulative incidence (predict.crr) as a long table: newdata_row, time, cif; text,
 * csv, md or a JSON array of records. With ntimes > 0 only at those times (the step function
 * read right-continuously, 0 before the first failure: pg_crr_pred_at). */
int pg_render_crr_pred(FILE *f, const pg_crr_pred *pr, const double *times, size_t ntimes,
                       pg_format fmt);

#endif
