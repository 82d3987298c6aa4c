/* prognos/frame.h -- a model frame: a formula evaluated on a dataset.
 *
 * A frame holds the rows kept (complete cases that pass --where), in dataset order, with
 *   - the response: time (>= 0) and status (1 event, 0 censored);
 *   - the design matrix X (n x p, column-major, no intercept) with R-style column names;
 *   - the terms of the formula and which columns each term owns;
 *   - groups: one id per row for each combination of the right-hand-side variables that are not
 *     strata() or cluster() (what survfit/survdiff call strata: "sex=F, grade=2");
 *   - strata: one id per row from strata(...) terms ("source=kraft"); a single stratum if none;
 *   - cluster ids from cluster(id), if any;
 *   - the order of the rows by time (events first at a tied time), computed once when the frame
 *     is built; estimators turn it into the order within their strata or groups in O(n).
 * A frame is immutable once built: every accessor only reads it, so one frame may be used by
 * several threads at once. */
#ifndef PROGNOS_FRAME_H
#define PROGNOS_FRAME_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pg_frame pg_frame;

typedef enum {
    PG_TERM_NUMERIC = 0,   /* one column: a numeric variable or I(expr) */
    PG_TERM_FACTOR = 1,    /* k-1 dummy columns against the reference level */
    PG_TERM_INTERACTION = 2
} pg_term_kind;

typedef struct pg_frame_opts {
    const char *where;     /* subset expression (same language as I()); NULL = all rows */
    int no_groups;         /* 1: do not form the groups (pg_frame_group), which a Cox model
                              does not use and which cost a sort and a name per distinct value
                              of each numeric variable; the frame then has 0 groups and
                              pg_frame_group() is NULL. 0 (default): form them. */
    int censoring;         /* 1: the caller takes left and interval censoring, Surv(t, e, type =
                              "left") and Surv(lower, upper, type = "interval2") (survreg;
                              pg_frame_censoring); 0 (default): such a response is PG_EINPUT */
    int no_design;         /* 1: do not build the design matrix, which km, survdiff, cif and
                              describe do not use and which costs n x p doubles (a factor with
                              50,000 levels: gigabytes); the frame then has p = 0 columns (x and
                              colnames NULL) and its terms own no columns (first = ncol = 0).
                              0 (default): build it. */
    unsigned long long max_matrix_bytes; /* largest design matrix (n x p x 8 bytes) allowed,
                              checked before allocating (PG_EINPUT naming rows, columns and
                              bytes); 0 = PG_LIMIT_MATRIX_BYTES (prognos/limits.h) */
    /* The outcome with several values (competing risks): see "Causes" below. */
    const char *const *censor; /* values of the status that mean censored; NULL = default */
    size_t n_censor;
    const char *cause;         /* the cause of interest; NULL = none */
    int all_causes;            /* 1: a status with several causes and no cause is fine (the
                                  caller analyses every cause: cif, finegray); 0 (default): it
                                  is PG_EINPUT, "use --cause" */
    /* Counting-process data and several rows per subject: see "Counting process" below. */
    int counting;              /* 1: the caller handles Surv(start, stop, event)
                                  (pg_frame_entry); 0 (default): such a response is PG_EINPUT */
    const char *id;            /* subject id expression (R's id =; a column name), NULL none */
    const char *weights;       /* case weights expression (R's weights =), NULL none: see
                                  "Case weights" below */
} pg_frame_opts;

PG_API void pg_frame_opts_init(pg_frame_opts *opt);

/* Evaluate formula on ds. Rows with a missing value in any variable the formula uses are dropped
 * and counted (pg_frame_dropped); negative times are an error naming the row's file and line.
 * On failure *out is NULL and err points into the formula (term, column = offset) or the file. */
PG_API int pg_frame_new(const pg_dataset *ds, const char *formula, const pg_frame_opts *opt,
                        pg_frame **out, pg_error *err);

/* A frame built from arrays, for callers who have no CSV (and for tests). Every array is copied.
 * x is column-major n x p; colnames has p entries. group/strata/cluster may be NULL (one group,
 * one stratum, no clusters); group_names/strata_names NULL gives names "1", "2", ... Each numeric
 * column becomes its own term. */
typedef struct pg_frame_spec {
    size_t n;
    const double *time;
    const int *status;
    size_t p;
    const double *x;
    const char *const *colnames;
    size_t n_groups;
    const size_t *group;
    const char *const *group_names;
    size_t n_strata;
    const size_t *strata;
    const char *const *strata_names;
    const size_t *cluster;
    const double *entry;      /* start times (counting process, frame.h); NULL: none */
    const double *weights;    /* case weights, each > 0; NULL: none */
    /* Competing risks (optional): cause per row, 0 censored, 1..ncauses a cause; cause_names
     * NULL gives "1", "2", ... With cause set, status may be NULL: it is then derived as for
     * formula frames, cause == cause_of_interest (or cause > 0 when cause_of_interest is 0). */
    const int *cause;
    size_t ncauses;
    const char *const *cause_names;
    size_t cause_of_interest;
} pg_frame_spec;

PG_API int pg_frame_from_arrays(const pg_frame_spec *spec, pg_frame **out, pg_error *err);
PG_API void pg_frame_free(pg_frame *fr);

/* Evaluate the right-hand-side terms of fr (not strata or cluster) on new rows, with fr's factor
 * levels and reference levels, as R's model.matrix(terms(fit), newdata). On success *x is a new
 * m x p column-major matrix (element (i, j) at x[i + j * m]; free() it), *m = rows of newds.
 * A missing value or a level fr has not seen is PG_EINPUT naming the row and column. */
PG_API int pg_frame_newdata(const pg_frame *fr, const pg_dataset *newds, double **x, size_t *m,
                            pg_error *err);
/* The stratum of each new row, as survfit.coxph and predict.survreg read it from newdata: when
 * newds has every strata() variable of fr's formula, *stratum is a new array (free() it) of
 * newds's rows' stratum indices into fr's strata; when it has none of them (or the formula has
 * no strata()), *stratum is NULL and a caller predicts each row in every stratum (R stops
 * there). A missing value, a combination fr was not fitted in, or only some of the variables is
 * PG_EINPUT naming the row or the variable. */
PG_API int pg_frame_newdata_strata(const pg_frame *fr, const pg_dataset *newds, size_t **stratum,
                                   pg_error *err);
/* Factor terms whose levels are ordered (fnclcc(), ajcc_t()): 1, else 0. */
PG_API int pg_frame_term_ordered(const pg_frame *fr, size_t t);

PG_API size_t pg_frame_n(const pg_frame *fr);
PG_API const double *pg_frame_time(const pg_frame *fr);
PG_API const int *pg_frame_status(const pg_frame *fr);
PG_API size_t pg_frame_events(const pg_frame *fr);
/* Left and interval censoring (opt->censoring): Surv(time, event, type = "left") (event 1 / TRUE
 * observed, 0 / FALSE: the time is an upper bound) and Surv(lower, upper, type = "interval2")
 * (NA or -Inf lower: left censored at upper; NA or Inf upper: right censored at lower; lower ==
 * upper: exact; both NA: the row is dropped; lower > upper: PG_EINPUT naming the row).
 * pg_frame_censoring gives each row's code, R's Surv "interval" status: 0 right, 1 exact,
 * 2 left, 3 interval; NULL for Surv(time, event). pg_frame_time is then the lower end (the
 * upper for a left-censored row), pg_frame_time2 the upper end of interval rows (NULL without
 * an interval2 response), pg_frame_status 1 for exact rows only. */
PG_API const int *pg_frame_censoring(const pg_frame *fr);
PG_API const double *pg_frame_time2(const pg_frame *fr);

/* Causes (competing risks). The event of Surv(time, status) has a set of values ("levels"):
 * a text column's levels in level order (the order R's factor() gives: sorted), a numeric
 * column's distinct values by value (printed as R prints them: "0", "1", "2"), FALSE/TRUE for
 * a logical. Some of them mean censored:
 *   - opt->censor when given: each entry must be one of the levels of the rows kept (numbers
 *     compare by value, so "2.0" names 2), else PG_EINPUT listing the levels;
 *   - else 0 for a 0/1 status or for integer codes (0/1/2...), 1 for a 1/2 status (R's Surv()
 *     rule, judged on every row of the dataset), FALSE for a logical; a text status has no
 *     default: PG_EINPUT "say which values mean censored, e.g. --censor NED,AWD (levels: ...)".
 * Every other level present among the kept rows is a cause, numbered 1..K in level order.
 *   pg_frame_ncauses    K (0 when every kept row is censored);
 *   pg_frame_cause      per row: 0 censored, k = 1..K its cause;
 *   pg_frame_cause_name k = 1..K: the level's text ("DOD", "2", "TRUE"); NULL otherwise;
 *   pg_frame_ncensor, pg_frame_censor_name(k = 0..): the censoring levels present, in level
 *                       order (so a default 0 that no kept row has is not listed);
 *   pg_frame_cause_index the cause of interest (opt->cause; PG_EINPUT listing the causes when
 *                       it is no cause), 0 when none was named.
 * pg_frame_status is always 0/1: 1 = the cause of interest when one is named (so km, coxph and
 * survdiff on the frame are the cause-specific analyses, other causes censored), else 1 = any
 * cause. A frame whose K > 1 with no cause named is refused (PG_EINPUT: "use --cause, or
 * 'prognos cif'") unless opt->all_causes is set, so a binary analysis never silently pools
 * causes. A 0/1 status is the case K <= 1: cause == status.
 * Array frames: from spec->cause / ncauses (K as given, even for causes without events), or
 * from status (K = 1, named "1", or 0 without events). */
PG_API size_t pg_frame_ncauses(const pg_frame *fr);
PG_API const int *pg_frame_cause(const pg_frame *fr);
PG_API const char *pg_frame_cause_name(const pg_frame *fr, size_t k);
PG_API size_t pg_frame_ncensor(const pg_frame *fr);
PG_API const char *pg_frame_censor_name(const pg_frame *fr, size_t k);
PG_API size_t pg_frame_cause_index(const pg_frame *fr);

/* Counting process. Surv(start, stop, event) (R's Surv(time, time2, event)): each row is at
 * risk on (start, stop]; pg_frame_time is the stop time and pg_frame_entry the start time,
 * NULL for Surv(time, event) (every row at risk from 0 on). A row with a missing start is
 * dropped; start >= stop (also after R's timefix, which treats start and stop times together)
 * is PG_EINPUT naming the row's file and line. Times may be negative on such data (an age or
 * calendar scale), as in R. Only callers that set opt->counting get such frames.
 * Subjects: with opt->id, pg_frame_id gives each row's subject (0 .. pg_frame_nid - 1, in
 * level order; NULL without an id), rows with a missing id are dropped, and on counting data
 * two rows of one subject whose intervals overlap are PG_EINPUT naming both lines (R's
 * survcheck "overlap"). */
PG_API const double *pg_frame_entry(const pg_frame *fr);
/* Case weights (opt->weights) of the kept rows, NULL without. A missing, negative or infinite
 * weight is PG_EINPUT naming the row; a row of weight 0 is dropped and counted
 * (pg_frame_zero_weight), as R's coxph and survfit ignore it. */
PG_API const double *pg_frame_weights(const pg_frame *fr);
PG_API size_t pg_frame_zero_weight(const pg_frame *fr);
/* offset(expr) of the formula per kept row (R's offset()), NULL without one; a row with a
 * missing offset is dropped. Only the Cox model uses it. */
PG_API const double *pg_frame_offset(const pg_frame *fr);
PG_API const size_t *pg_frame_id(const pg_frame *fr);
PG_API size_t pg_frame_nid(const pg_frame *fr);

PG_API size_t pg_frame_p(const pg_frame *fr);
PG_API const double *pg_frame_x(const pg_frame *fr);          /* x[j * n + i] */
PG_API const char *pg_frame_colname(const pg_frame *fr, size_t j);

PG_API size_t pg_frame_nterms(const pg_frame *fr);
PG_API const char *pg_frame_term_label(const pg_frame *fr, size_t t);   /* "factor(grade)" */
PG_API pg_term_kind pg_frame_term_kind(const pg_frame *fr, size_t t);
PG_API size_t pg_frame_term_first(const pg_frame *fr, size_t t);        /* first column of t */
PG_API size_t pg_frame_term_ncol(const pg_frame *fr, size_t t);
/* Factor terms: the variable name as printed in column names ("grade" for factor(grade)), the
 * levels in model order (reference first) -- column term_first + k - 1 is level k >= 1. */
PG_API const char *pg_frame_term_var(const pg_frame *fr, size_t t);
PG_API size_t pg_frame_term_nlevels(const pg_frame *fr, size_t t);
PG_API const char *pg_frame_term_level(const pg_frame *fr, size_t t, size_t k);

/* Groups: 0 groups (and a NULL pg_frame_group) when built with no_groups. */
PG_API size_t pg_frame_ngroups(const pg_frame *fr);
PG_API const size_t *pg_frame_group(const pg_frame *fr);
PG_API const char *pg_frame_group_name(const pg_frame *fr, size_t g);   /* "" if one group */

PG_API size_t pg_frame_nstrata(const pg_frame *fr);
PG_API const size_t *pg_frame_strata(const pg_frame *fr);
PG_API const char *pg_frame_strata_name(const pg_frame *fr, size_t s);  /* "" if one stratum */

PG_API const size_t *pg_frame_cluster(const pg_frame *fr);             /* NULL if none */
PG_API size_t pg_frame_nclusters(const pg_frame *fr);

/* The rows (0 .. n-1) sorted by time ascending, events before censorings at a tied time, ties
 * in row order: the order survfit, survdiff and coxph walk, before strata are split off. */
PG_API const size_t *pg_frame_time_order(const pg_frame *fr);

/* Dataset row index of each kept row (NULL for frames built from arrays). */
PG_API const size_t *pg_frame_rows(const pg_frame *fr);
/* Rows dropped because a variable the formula uses was missing. */
PG_API size_t pg_frame_dropped(const pg_frame *fr);
/* Rows excluded by the where expression. */
PG_API size_t pg_frame_excluded(const pg_frame *fr);
/* The response as written ("Surv(months, status == \"DOD\")"), "" for array frames. */
PG_API const char *pg_frame_response(const pg_frame *fr);

#ifdef __cplusplus
}
#endif
#endif
