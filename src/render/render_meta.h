/* render_meta.h -- a meta-analysis (pg_meta) with its study labels, subgroups, leave-one-out
 * fits and Egger's test, as text, CSV, JSON or Markdown; the fixed words of text and Markdown
 * in r->lang (prognos/lang.h). Internal to the library and the
 * command line. */
/* Thread safety: no global state; every function is reentrant (common.h). */
#ifndef PG_RENDER_META_H
#define PG_RENDER_META_H

#include <stdio.h>

#include "render.h"
#include "prognos/lang.h"
#include "prognos/meta.h"

/* Egger's regression test (metafor::regtest, model "rma", predictor "sei"). */
typedef struct pg_meta_egger {
    double stat, df, p;          /* z (or t on k - 2 df under knha; df NaN for z) */
    double limit, limit_low, limit_high;   /* the intercept: the effect as se -> 0 */
} pg_meta_egger;

/* Everything one `prognos meta` run shows; every pointer is borrowed. */
typedef struct pg_meta_report {
    const pg_meta *fit;
    const char *const *labels;     /* fit->k study names */
    int ratio;                     /* the effects are log ratios: show exp() (HR, OR) */
    const char *measure;           /* column title: "HR"; NULL: "Estimate" in lang */
    pg_lang lang;                  /* the fixed words of text and Markdown (JSON, CSV: none) */
    size_t n_groups;               /* --by: subgroups, their names and fits (NULL: none) */
    const char *by_name;           /* the --by variable as the text names it */
    const char *const *group_names;
    const pg_meta *const *groups;
    double q_between, q_between_df, q_between_p;
    const pg_meta *const *loo;     /* fit->k fits, study i left out (NULL: not asked) */
    const pg_meta_egger *egger;    /* NULL: not asked */
} pg_meta_report;

/* Write r to f in format fmt. Returns PG_OK, PG_ENOMEM or PG_EIO. */
int pg_meta_render(FILE *f, const pg_meta_report *r, pg_format fmt);

#endif
