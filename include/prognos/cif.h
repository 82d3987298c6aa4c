/* prognos/cif.h -- competing risks: the Aalen-Johansen cumulative incidence of every cause in
 * every group, with Gray's variance, pointwise confidence limits, values at chosen times, the
 * median time to each cause, 1 - Kaplan-Meier beside it on request, and Gray's K-sample test.
 * R counterparts: cmprsk::cuminc (estimates, variances, Tests), cmprsk::timepoints (values at
 * times), survival::survfit with a multi-state status (the same estimates).
 * The frame says which values of the status are causes (frame.h, "Causes"); build it with
 * pg_frame_opts.all_causes = 1.
 * Threads: every function here is reentrant; a result is immutable once returned and may be read
 * from several threads at once; options and frames are only read. */
#ifndef PROGNOS_CIF_H
#define PROGNOS_CIF_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/frame.h"
#include "prognos/km.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which variance the curves carry. */
typedef enum {
    PG_CIF_SE_AUTO = 0,   /* Gray's (cmprsk) on right-censored unweighted data without an id,
                             else the IJ */
    PG_CIF_SE_GRAY = 1,   /* cmprsk::cuminc's; PG_EINPUT on counting data or weights */
    PG_CIF_SE_IJ = 2      /* survfit's infinitesimal jackknife (multi-state Aalen-Johansen) */
} pg_cif_se;

typedef struct pg_cif_opts {
    pg_conf_type conf_type;   /* PG_CONF_LOGLOG (default), PG_CONF_LOG, PG_CONF_PLAIN or
                                 PG_CONF_NONE; others are PG_EINPUT */
    double conf_level;        /* 0.95 */
    const double *times;      /* values at these times (cmprsk::timepoints); may be NULL */
    size_t n_times;
    double rho;               /* Gray's test weight (1 - F(t-))^rho, cuminc's rho: 0 */
    int compare_km;           /* also 1 - KM of the cause, the other causes censored */
    pg_cif_se se;             /* PG_CIF_SE_AUTO */
} pg_cif_opts;

/* One curve: cause `cause` (1..K, pg_frame_cause_name) in group `group` (pg_frame_group).
 * Steps are the times the cause occurs in the group (where the estimate jumps), as cinc's x/f/v
 * corner points: n_risk is the number at risk just before, n_event the events of this cause
 * there. std_err is sqrt of cuminc's variance (Gray's estimator), which changes only at these
 * steps. Limits follow survfit_confint applied to the cumulative incidence F with SE std_err:
 *   log-log: F^exp(-/+ z se / (F log F)), NaN where F = 0 or 1;
 *   log    : F exp(-/+ z se / F), upper capped at 1, NaN where F = 0;
 *   plain  : F -/+ z se, clipped to [0, 1].
 * km (compare_km, else NULL) is 1 - the Kaplan-Meier estimate of the same cause with the other
 * causes censored, the quantity that overstates the incidence. */
typedef struct pg_cif_curve {
    size_t group, cause;
    size_t n, events;          /* subjects in the group (rows without an id), the rows with
                                  an event of this cause (unweighted counts, as print.survfit) */
    size_t n_steps;
    double *time, *n_risk, *n_event, *estimate, *std_err, *conf_low, *conf_high, *km;
    /* at opt->times (sorted, duplicates removed; pg_cif.times): the value right-continuously
     * at the time (0 before the first step), NaN after the group's last follow-up time, as
     * cmprsk::timepoints. */
    double *at_estimate, *at_std_err, *at_conf_low, *at_conf_high, *at_km;
    /* The first time F reaches 0.5 (where F equals 0.5 on a flat stretch, its midpoint, as
     * quantile.survfit does for 1 - S); the limits are where the upper and lower confidence
     * limits reach 0.5. NaN where not reached. */
    double median, median_low, median_high;
} pg_cif_curve;

/* Gray's test that the cumulative incidence of `cause` is the same in every group (cuminc's
 * Tests: score s and its variance V from crstm, summed over the strata, chisq = s' V^- s on
 * df = groups - 1). chisq and p are NaN where V is singular (cuminc's stat = -1). */
typedef struct pg_cif_gray {
    size_t cause;
    double chisq, df, p;
} pg_cif_gray;

/* Counting-process data (pg_frame_entry), case weights (pg_frame_weights) and subjects with
 * several rows (pg_frame_id) follow survfit's multi-state Aalen-Johansen instead of cuminc:
 *   - at risk at t: the rows with start < t <= stop (an entry at t is not at risk at t);
 *     n_risk and n_event are sums of case weights (survfit's KM, survival >= 3.6 for AJ);
 *   - F_k(t) = sum_{t_j <= t} S(t_j-) d_kj / n_j with S the weighted left-truncated all-cause
 *     KM, which on right-censored unweighted data is cuminc's estimate;
 *   - std_err: the infinitesimal jackknife (cif_aj.c), summed within subject with an id;
 *     it changes at every event time, so values at times and the median limits use it there;
 *   - no Gray's test (gray NULL, gray_undefined 1): cmprsk::cuminc takes neither delayed
 *     entry nor weights, and Gray's test is not defined for them.
 * variance says which standard error the curves carry (PG_CIF_SE_GRAY or PG_CIF_SE_IJ). */
typedef struct pg_cif {
    size_t n, dropped;
    size_t n_id;               /* subjects (pg_frame_nid) with an id, else 0 */
    pg_cif_se variance;
    int gray_undefined;        /* 1: two groups or more, but Gray's test left out (above) */
    pg_conf_type conf_type;
    double conf_level, rho;
    int compare_km;
    size_t n_causes, n_censor, n_groups, n_strata;
    char **cause_names;        /* n_causes: cause k + 1 at [k] */
    char **censor_names;
    char **group_names;        /* "sex=F", "" for ~ 1 */
    size_t n_times;
    double *times;
    size_t n_curves;           /* n_causes * n_groups, cause-major (cuminc's order): curve of
                                  cause k (1..K) in group g at [(k - 1) * n_groups + g] */
    pg_cif_curve *curves;
    pg_cif_gray *gray;         /* n_causes entries when n_groups >= 2, else NULL */
} pg_cif;

PG_API void pg_cif_opts_init(pg_cif_opts *opt);

/* The cumulative incidence of every cause of fr in every group, Gray's test when there are two
 * groups or more (within fr's strata). A frame with no cause (every row censored) gives no
 * curves: every cumulative incidence is 0. opt NULL = defaults. On failure *out is NULL.
 * Errors: PG_EINPUT for option values; PG_ENOMEM. */
PG_API int pg_cif_fit(const pg_frame *fr, const pg_cif_opts *opt, pg_cif **out, pg_error *err);
/* The variance pg_cif_fit uses for se on fr: se itself, or for PG_CIF_SE_AUTO Gray's on
 * right-censored unweighted data without an id and the IJ otherwise. */
PG_API pg_cif_se pg_cif_se_for(const pg_frame *fr, pg_cif_se se);
PG_API void pg_cif_free(pg_cif *cif);

/* survcheck's checks of subjects for competing risks, for a frame with an id (else PG_OK):
 * on Surv(start, stop, event) data a subject's intervals leave no gap (R's survfit stops on
 * survcheck's "gap") and no row follows the row of its event (one event ends follow-up; a
 * transition out of a cause is multi-state, not competing risks); on Surv(time, event) data
 * each subject has one row. PG_EINPUT names the file and line of the offending row (ds gives
 * the places; may be NULL, then "row N"); PG_ENOMEM. */
PG_API int pg_cif_check_subjects(const pg_frame *fr, const pg_dataset *ds, pg_error *err);

/* Curve of cause k (1..K) in group g, or NULL. */
PG_API const pg_cif_curve *pg_cif_curve_at(const pg_cif *cif, size_t k, size_t g);

#ifdef __cplusplus
}
#endif
#endif
