/* prognos/km.h -- Kaplan-Meier curves, quantiles, RMST, Nelson-Aalen and reverse-KM follow-up.
 * R counterpart: survival::survfit(Surv(time, status) ~ groups), summary.survfit,
 * quantile.survfit, print.survfit(rmean = tau). */
#ifndef PROGNOS_KM_H
#define PROGNOS_KM_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/frame.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    PG_CONF_LOG = 0,    /* R default */
    PG_CONF_LOGLOG,
    PG_CONF_PLAIN,
    PG_CONF_LOGIT,
    PG_CONF_ARCSIN,
    PG_CONF_NONE
} pg_conf_type;

typedef struct pg_km_opts {
    pg_conf_type conf_type;   /* PG_CONF_LOG */
    double conf_level;        /* 0.95 */
    const double *quantiles;  /* probabilities in (0,1), e.g. 0.25,0.5,0.75; may be NULL */
    size_t n_quantiles;
    const double *times;      /* summary(fit, times = ...); may be NULL */
    size_t n_times;
    double rmst_tau;          /* NaN (default) = no RMST */
} pg_km_opts;

typedef struct pg_km_quantile {
    double p, estimate, conf_low, conf_high;   /* NaN where R reports NA */
} pg_km_quantile;

/* One curve per group of the frame (pg_frame_group; strata() terms are crossed in, as survfit
 * does). Step arrays are concatenated; curve s owns indices strata_start[s] .. strata_start[s+1]-1.
 * NaN wherever R reports NA. */
typedef struct pg_km {
    pg_conf_type conf_type;
    double conf_level;
    size_t n, events, dropped;   /* whole fit; dropped = rows dropped for missing values */

    size_t n_strata;
    size_t *strata_start;        /* n_strata + 1 offsets */
    char **strata_name;          /* "grade=2" or "a=x, b=y"; "" for a single curve */
    size_t *strata_n, *strata_events;

    /* per distinct time (events and censorings alike) */
    double *time, *n_risk, *n_event, *n_censor, *surv, *std_err, *conf_low, *conf_high;
    double *cumhaz, *cumhaz_se;  /* Nelson-Aalen, as survfit's cumhaz and std.chaz */

    pg_km_quantile *median;      /* n_strata entries */
    size_t n_quantiles;
    pg_km_quantile *quantiles;   /* n_strata * n_quantiles, [s * n_quantiles + k] */

    double rmst_tau;             /* NaN if not asked for */
    double *rmst, *rmst_se;      /* n_strata entries, or NULL */

    size_t n_times;              /* summary(fit, times = ...) */
    double *at_time, *at_n_risk, *at_n_event, *at_surv, *at_std_err, *at_conf_low,
        *at_conf_high;           /* n_strata * n_times, [s * n_times + k] */
} pg_km;

PG_API void pg_km_opts_init(pg_km_opts *opt);

/* Fit Kaplan-Meier curves for each group of fr. On success *out is a new pg_km the caller owns
 * (pg_km_free). On failure *out is NULL and err says why. fr and opt are only read. */
PG_API int pg_km_fit(const pg_frame *fr, const pg_km_opts *opt, pg_km **out, pg_error *err);
PG_API void pg_km_free(pg_km *km);

/* Median follow-up by the reverse Kaplan-Meier method (Schemper & Smith 1996): the KM median of
 * the censoring distribution (status flipped), with its confidence limits, pooled over groups. */
PG_API int pg_km_followup(const pg_frame *fr, const pg_km_opts *opt, pg_km_quantile *out,
                          pg_error *err);

PG_API const char *pg_conf_type_name(pg_conf_type t);            /* "log", "log-log", ... */
PG_API int pg_conf_type_parse(const char *s, pg_conf_type *out); /* PG_OK or PG_EINPUT */

#ifdef __cplusplus
}
#endif
#endif
