/* cox_impl.h -- the Cox module's internal pieces, shared by cox_fit.c, cox_result.c, cox_work.c,
 * cox_exact.c, cox_robust.c, cox_firth.c and cox_resid.c. Never installed.
 *
 * The workspace holds one sorted, centred and scaled copy of the model frame (the layout R's
 * coxfit6 and coxexact work on) plus the scratch space of one likelihood evaluation, so that no
 * routine needs file-level state. */
#ifndef PG_COX_IMPL_H
#define PG_COX_IMPL_H

#include "internal.h"
#include "linalg.h"
#include "prognos/cox.h"

typedef struct pg_cox_work {
    size_t n, p;
    size_t nstrata;
    size_t *sstart;     /* nstrata + 1 offsets: stratum s is sorted rows sstart[s] ..
                           sstart[s+1]-1 */
    const size_t *row;  /* sorted position -> frame row (ascending time, events first at ties):
                           the frame's time order itself without strata, else row_own */
    size_t *row_own;
    double *time;       /* sorted times */
    int *status;        /* sorted status */
    double *x;          /* sorted covariates, row-major n x p, centred and scaled: */
    double *mean;       /*   x[i*p + j] = (X[row[i], j] - mean[j]) * mult[j] */
    double *mult;       /*   so beta_original[j] = beta_scaled[j] * mult[j] */
    int *centred;       /* 0 for columns left alone (all values in {-1, 0, 1}: R's nocenter) */
    size_t maxdeath;    /* largest number of tied events at one time (exact method) */
    size_t split_min;   /* pg_cox_eval walks a stratum of this many rows or more in two parts
                           (set by pg_cox_work_init; tests lower it) */
    int threads;        /* pg_cox_opts.threads: 2 = the halves may run in a second thread */
    double *a;          /* scratch of pg_cox_eval's two walks */
    double *d0, *d1, *d2;   /* exact method: (maxdeath + 1) x (1, p, p(p+1)/2) */
    /* Counting-process data (cox_ag.c), in the sorted order; NULL for Surv(time, event). */
    double *start;      /* start times */
    size_t *sorder;     /* each stratum's sorted positions by start time ascending (ties by
                           position), stratum s at sstart[s] .. sstart[s+1]-1 */
    double *wt;         /* case weights; NULL: all 1 */
    double *off;        /* offsets added to x'b; NULL: none */
} pg_cox_work;

/* cox_result.c: what the plain fit (cox_fit.c) and the Firth fit (cox_firth.c) share. */

/* A zeroed result for fr's columns: every per-coefficient array (p entries, var p x p), the
 * column names copied, the linear predictor (n entries). NULL when out of memory. */
pg_cox *pg_cox_alloc(const pg_frame *fr);

/* Append a printf-formatted warning to fit->warnings (shared by the plain and Firth fits).
 * PG_OK or PG_ENOMEM. */
int pg_cox_add_warning(pg_cox *fit, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Harrell's C of fit->linear_predictor into fit->concordance and concordance_se, for the plain
 * and the Firth fit alike; w (may be NULL) lends its sort order; threads as pg_cox_opts. PG_OK or PG_ENOMEM. */
int pg_cox_set_concordance(pg_cox *fit, const pg_frame *fr, const pg_cox_work *w, int threads);

/* Build the workspace from fr. scale_sd = 0 gives coxph.fit's scaling (centre by the mean,
 * multiply by 1 / mean |x - mean|); scale_sd = 1 gives coxexact.fit's (R's scale(): centre by the
 * mean, divide by the standard deviation). Columns whose values all lie in {-1, 0, 1} are neither
 * centred nor scaled (coxph's nocenter = c(-1, 0, 1)). threads as pg_cox_opts.threads (0 or 1:
 * this thread only). PG_OK or PG_ENOMEM. */
int pg_cox_work_init(pg_cox_work *w, const pg_frame *fr, int scale_sd, int threads);
void pg_cox_work_free(pg_cox_work *w);   /* frees the members, not w */

/* Log partial likelihood at beta (scaled units), its score u (p) and information imat (p x p,
 * symmetric, both triangles filled). efron = 0 gives Breslow. Matches survival's coxfit6_iter. */
double pg_cox_eval(pg_cox_work *w, const double *beta, int efron, double *u, double *imat);
/* The same for the exact partial likelihood (R's coxexact). Needs w->d0/d1/d2 (allocated by
 * pg_cox_work_exact_alloc). */
int pg_cox_work_exact_alloc(pg_cox_work *w);
double pg_cox_eval_exact(pg_cox_work *w, const double *beta, double *u, double *imat);

/* coxph's clusters of the robust variance (cox_ag.c): cluster() when given, else the --id
 * subjects, else NULL (each row its own); *ng their number (n when NULL). */
const size_t *pg_cox_robust_clusters(const pg_frame *fr, size_t *ng);
/* coxph's default robust = TRUE with id: some subject has more than one event (R:
 * anyDuplicated(id[status == 1])). 1 or 0. */
int pg_cox_id_repeats_events(const pg_frame *fr);
/* coxph's default robust = TRUE for case weights that are not all whole numbers. 1 or 0. */
int pg_cox_weights_fractional(const pg_frame *fr);

/* The counting-process part of the workspace (cox_ag.c), once the rows are sorted: w->start
 * and w->sorder from the frame's entry times. PG_OK or PG_ENOMEM. */
int pg_cox_work_counting(pg_cox_work *w, const pg_frame *fr);
/* The same on counting-process data (w->start set; cox_ag.c, R's agfit4), with case weights
 * and offsets; pg_cox_eval hands over to it. NaN when out of memory. */
double pg_cox_ag_eval(pg_cox_work *w, const double *beta, int efron, double *u, double *imat);
/* Score residuals on counting-process data (R's agscore3), as pg_cox_score_resid, which hands
 * over to it when w->start is set. */
int pg_cox_ag_score_resid(const pg_cox_work *w, const double *beta, int efron, double *U);

/* Martingale (mart, n) and Schoenfeld (sch, n x p row-major, event rows only; scaled units)
 * residuals on counting-process data, in the sorted order (R's agmart3, coxscho). Either may
 * be NULL. PG_OK or PG_ENOMEM. */
int pg_cox_ag_resid(const pg_cox_work *w, const double *beta, int efron, double *mart,
                    double *sch);

/* The one score-residual routine, behind the robust variance and residuals(type = "score",
 * "dfbeta") (R: residuals.coxph(type = "score"), survival's coxscore2), at beta (scaled
 * units), in the sorted order and in scaled units: U[i*p + j]. Divide column j by w->mult[j] for
 * the original units. efron = 0 gives Breslow. U must hold n * p doubles. PG_OK or PG_ENOMEM. */
int pg_cox_score_resid(const pg_cox_work *w, const double *beta, int efron, double *U);

#endif
