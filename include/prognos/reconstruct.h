/* prognos/reconstruct.h -- patient rows from a published Kaplan-Meier curve and its
 * number-at-risk table: the iterative algorithm of Guyot, Ades, Ouwens & Welton, "Enhanced
 * secondary analysis of survival data: reconstructing the data from published Kaplan-Meier
 * survival curves", BMC Med Res Methodol 2012;12:9. R counterparts: the authors' published R
 * code, survHE::digitise, IPDfromKM::getIPD (docs/reconstruct.md says where they differ and
 * which convention prognos follows).
 *
 * Threads: reentrant, no global state; inputs are only read. */
#ifndef PROGNOS_RECONSTRUCT_H
#define PROGNOS_RECONSTRUCT_H

#include <stddef.h>

#include "prognos/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One arm as read: the digitised points in file order and the published risk table. The
 * *_line arrays (may be NULL) give each value's 1-based line in curve_file / risk_file, so
 * errors point into the input. Every pointer is borrowed for the call. */
typedef struct pg_recon_arm_input {
    const char *arm;                 /* label written in the arm column; "" for one arm */
    const char *curve_file, *risk_file;
    size_t n_points;
    const double *time, *surv;       /* surv on the scale the options say */
    const long *point_line;
    size_t n_risk_rows;
    const double *risk_time, *at_risk;  /* risk_time ascending, first 0 (checked) */
    const long *risk_line;
    double events;                   /* total events when reported, else NaN */
} pg_recon_arm_input;

typedef struct pg_recon_opts {
    int percent;    /* surv read on 0..100 (--scale percent); default 0: 0..1 */
    int failure;    /* the curve shows 1 - S (cumulative incidence / failure); default 0 */
} pg_recon_opts;

PG_API void pg_recon_opts_init(pg_recon_opts *opt);

/* How one arm came out, and how faithful it is. */
typedef struct pg_recon_arm {
    char *arm;                  /* owned */
    size_t n, events;           /* patients (= n at risk at 0), reconstructed events */
    double events_reported;     /* NaN if not given */
    size_t n_points_read, n_points_used;   /* digitised points before / after cleaning */
    double rmse, max_abs_diff;  /* reconstructed KM vs the cleaned digitised points */
    size_t n_risk;
    double *risk_time, *n_risk_published, *n_risk_rebuilt;   /* owned, n_risk each */
} pg_recon_arm;

/* The patient rows of every arm, arm by arm, events before censorings, each by time. */
typedef struct pg_recon {
    size_t n_arms;
    pg_recon_arm *arms;
    size_t n_rows;
    double *time;               /* event or censoring time */
    int *event;                 /* 1 event, 0 censored */
    size_t *arm;                /* index into arms */
} pg_recon;

/* Reconstruct n_arms arms. On success *out is a new pg_recon the caller owns (pg_recon_free).
 * Bad input (a risk table whose times are not increasing, numbers at risk that increase, an
 * interval of the risk table with no digitised point, a point that cannot be read) is
 * PG_EINPUT with err naming file:line. *out is NULL on failure and nothing leaks. */
PG_API int pg_recon_fit(const pg_recon_arm_input *arms, size_t n_arms, const pg_recon_opts *opt,
                        pg_recon **out, pg_error *err);
PG_API void pg_recon_free(pg_recon *r);   /* NULL is a no-op */

#ifdef __cplusplus
}
#endif
#endif
