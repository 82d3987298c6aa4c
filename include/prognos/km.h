/* prognos/km.h -- Kaplan-Meier curves, quantiles, RMST, Nelson-Aalen and reverse-KM follow-up.
 * R counterpart: survival::survfit(Surv(time, status) ~ groups), summary.survfit,
 * quantile.survfit, print.survfit(rmean = tau). *
 * Threads: every function here is reentrant (no global or static state); a result is immutable
 * once returned and may be read from several threads at once; options and frames are only read. */
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

/* Quantiles follow quantile.survfit (findq): the first time S(t) <= 1 - p; where S equals 1 - p
 * exactly on a flat stretch, the midpoint of that stretch; where the curve ends exactly at
 * 1 - p, the midpoint of that time and the curve's last time. Limits are where the confidence
 * band crosses 1 - p. (print.survfit's median differs from quantile.survfit only in that last
 * case: it reports the first time; we follow quantile.survfit.) */
typedef struct pg_km_quantile {
    double p, estimate, conf_low, conf_high;   /* NaN where R reports NA */
} pg_km_quantile;

/* One curve per group of the frame (pg_frame_group; strata() terms are crossed in, as survfit
 * does: group-major, stratum-minor, empty combinations dropped, named "group, stratum" --
 * R itself writes "sex=1, strata(ecog)=ecog=0"). Step arrays are concatenated; curve s owns
 * indices strata_start[s] .. strata_start[s+1]-1. NaN wherever R reports NA: the limits once
 * S = 0 (and for log-log also while S = 1; logit/arcsin give NaN while S = 1), std_err once
 * S = 0. The plain upper limit is capped at 1 and the lower at 0; log's upper at 1. */
typedef struct pg_km {
    pg_conf_type conf_type;
    double conf_level;
    size_t n, events, dropped;   /* whole fit; dropped = rows dropped for missing values */

    size_t n_strata;
    size_t *strata_start;        /* n_strata + 1 offsets */
    char **strata_name;          /* "grade=2" or "a=x, b=y"; "" for a single curve */
    size_t *strata_n, *strata_events;
    /* Surv(start, stop, event) data (a left-truncated curve), else NULL: the most rows at risk
     * at once and those at risk at the first time (print.survfit's n.max, n.start); strata_n
     * then counts rows (R's "records"). */
    double *strata_n_max, *strata_n_start;
    /* With case weights (pg_frame_weights; else NULL and NaN): the weighted events of each
     * curve and of the fit (print.survfit's events); n_risk, n_event and n_censor are then
     * sums of weights, the variance survfit's weighted Greenwood. */
    double *strata_wevents, wevents;
    double *strata_wn;           /* the sum of the weights of each curve (print.survfit's n) */

    /* per distinct time (events and censorings alike) */
    double *time, *n_risk, *n_event, *n_censor, *surv, *std_err, *conf_low, *conf_high;
    double *cumhaz, *cumhaz_se;  /* Nelson-Aalen, as survfit's cumhaz and std.chaz */

    pg_km_quantile *median;      /* n_strata entries */
    size_t n_quantiles;
    pg_km_quantile *quantiles;   /* n_quantiles x n_strata, column-major: quantile k of curve s
                                    at [k + s * n_quantiles] */

    double rmst_tau;             /* NaN if not asked for */
    double *rmst, *rmst_se;      /* n_strata entries, or NULL; print(fit, rmean = tau): the
                                    curve is extended flat past its last time up to tau */

    /* summary(fit, times = ...), extend = FALSE: times sorted ascending; before a curve's first
     * time S = 1, std_err 0, limits 1, n_risk = curve n; n_event counts events since the
     * previous chosen time. A time after the curve's last time is dropped by R: its entry has
     * at_time set and every other field NaN (test at_n_risk). */
    size_t n_times;
    double *at_time, *at_n_risk, *at_n_event, *at_surv, *at_std_err, *at_conf_low,
        *at_conf_high;           /* n_times x n_strata each, column-major: time k of curve s
                                    at [k + s * n_times] */
} pg_km;

PG_API void pg_km_opts_init(pg_km_opts *opt);

/* Fit Kaplan-Meier curves for each group of fr (on Surv(start, stop, event) data the
 * left-truncated curves of survfit: a row is at risk on (start, stop]). On success *out is a new pg_km the caller owns
 * (pg_km_free). On failure *out is NULL and err says why. fr and opt are only read; opt NULL
 * means defaults. No events is not an error (S = 1 throughout). Errors: PG_EINPUT for option
 * values (conf_level outside (0,1), quantiles outside (0,1), non-finite times, tau <= 0),
 * PG_EANALYSIS for a frame with no rows, PG_ENOMEM. */
PG_API int pg_km_fit(const pg_frame *fr, const pg_km_opts *opt, pg_km **out, pg_error *err);
PG_API void pg_km_free(pg_km *km);

/* Median follow-up by the reverse Kaplan-Meier method (Schemper & Smith 1996): the KM median of
 * the censoring distribution (status flipped), with its confidence limits, pooled over groups. */
PG_API int pg_km_followup(const pg_frame *fr, const pg_km_opts *opt, pg_km_quantile *out,
                          pg_error *err);

PG_API const char *pg_km_conf_type_name(pg_conf_type t);            /* "log", "log-log", ... */
PG_API int pg_km_conf_type_parse(const char *s, pg_conf_type *out); /* PG_OK or PG_EINPUT */

#ifdef __cplusplus
}
#endif
#endif
