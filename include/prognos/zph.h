/* prognos/zph.h -- test of proportional hazards (R: survival::cox.zph, survival >= 3.0). *
 * Threads: every function here is reentrant (no global or static state); a result is immutable
 * once returned and may be read from several threads at once; options and frames are only read. */
#ifndef PROGNOS_ZPH_H
#define PROGNOS_ZPH_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/cox.h"
#include "prognos/frame.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PG_ZPH_KM = 0, PG_ZPH_RANK, PG_ZPH_IDENTITY, PG_ZPH_LOG } pg_zph_transform;

typedef struct pg_zph {
    pg_zph_transform transform;
    size_t n_terms;
    char **term;              /* term labels; a factor is one term with k-1 df */
    double *chisq, *df, *p;   /* n_terms each: chi-square, degrees of freedom, p-value */
    double global_chisq, global_df, global_p;
    /* Scaled Schoenfeld residuals as R's cox.zph(fit)$y: n_events x ncol, column-major (event e,
     * term t at resid[e + t * n_events]), one row per event in (stratum, time, data) order, one
     * column per term (ncol = n_terms; a term with several columns is collapsed through its
     * coefficients, as R does); NaN where R has NA. */
    size_t n_events, ncol;
    double *time;             /* n_events: event time of each row (R: $time) */
    double *transformed_time; /* n_events: g(time) before centring (R: $x) */
    double *resid;            /* n_events x ncol, see above */
    char **colname;           /* ncol names: the term labels */
    size_t n, dropped;        /* rows of the frame; rows it dropped for missing values */
} pg_zph;

/* Options of pg_zph_test; pg_zph_opts_init fills the defaults (allocates nothing). */
typedef struct pg_zph_opts {
    pg_zph_transform transform;   /* PG_ZPH_KM, as cox.zph's default transform = "km" */
} pg_zph_opts;

PG_API void pg_zph_opts_init(pg_zph_opts *opt);

/* Test proportional hazards for the Cox model fit of fr, as cox.zph(fit, transform). opt may be
 * NULL for the defaults. Uses only
 * fr and fit's coef (NaN or aliased columns are dropped), means and ties; any pg_cox with the
 * frame's columns will do. On success *out is a new pg_zph (pg_zph_free). No events gives
 * PG_ENOEVENTS; the log transform with a zero time PG_EINPUT; a singular information matrix
 * PG_ENUMERIC. */
PG_API int pg_zph_test(const pg_frame *fr, const pg_cox *fit, const pg_zph_opts *opt,
                       pg_zph **out, pg_error *err);
PG_API void pg_zph_free(pg_zph *z);
/* "km", "rank", "identity", "log" <-> transform; parse returns PG_OK or PG_EINPUT. */
PG_API int pg_zph_transform_parse(const char *s, pg_zph_transform *out);
PG_API const char *pg_zph_transform_name(pg_zph_transform t);

#ifdef __cplusplus
}
#endif
#endif
