/* concordance.h -- Harrell's C for a risk score and survival data, with R's standard error.
 * Internal (used by cox_result.c for the plain and the Firth fit alike). Reentrant. */
#ifndef PG_CONCORDANCE_H
#define PG_CONCORDANCE_H

#include <stddef.h>

typedef struct pg_concordance {
    double concordant, discordant, tied_x, tied_y, tied_xy;   /* pair counts */
    double estimate;   /* (concordant + tied_x / 2) / (concordant + discordant + tied_x) */
    double std_err;    /* infinitesimal jackknife, clustered when cluster ids are given */
} pg_concordance;

/* Concordance of risk score x with (time, status) within strata (strata NULL: one stratum),
 * reverse = 1 when a larger x predicts shorter survival (a Cox linear predictor). cluster may be
 * NULL (each row its own cluster); ids are 0 .. ncluster - 1. All arrays have n entries.
 * threads as pg_cox_opts.threads: 0 or 1 = this thread only, 2 = the sort and the two walks may
 * use a second thread (the same numbers either way).
 * Returns PG_OK or PG_ENOMEM. With no comparable pairs the estimate and std_err are NaN. */
int pg_concordance_fit(size_t n, const double *time, const int *status, const double *x,
                       const size_t *strata, size_t nstrata, const size_t *cluster,
                       size_t ncluster, int reverse, int threads, pg_concordance *out);

/* The same with the order already known: idx lists the rows stratum by stratum, each stratum
 * sorted by (time, events before censorings), stratum s being idx[cnt[s]] .. idx[cnt[s+1]-1]
 * (what pg_order_by_time and the Cox workspace give). stime and sstatus are the times and
 * statuses in that sorted order (stime[q] = time[idx[q]]); x and cluster are by row. */
int pg_concordance_fit_sorted(size_t n, const double *stime, const int *sstatus,
                              const double *x, const size_t *idx, const size_t *cnt,
                              size_t nstrata, const size_t *cluster, size_t ncluster,
                              int reverse, int threads, pg_concordance *out);

/* The same on counting-process data: each row at risk on (start, stop] (concordance_ag.c; R's
 * concordancefit on Surv(start, stop, event), which coxph reports), with case weights wt
 * (NULL: 1), always with a Cox score's direction (reverse). Only the estimate, std_err and the
 * concordant, discordant and tied_x weights are filled. PG_OK or PG_ENOMEM. */
int pg_concordance_fit_ag(size_t n, const double *start, const double *stop, const int *status,
                          const double *x, const double *wt, const size_t *strata,
                          size_t nstrata, const size_t *cluster, size_t ncluster,
                          pg_concordance *out);

#endif
