/* frame_impl.h -- the layout of pg_frame, shared by frame.c (accessors, array builder) and the
 * formula evaluator (frame_new.c). Never installed. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_FRAME_IMPL_H
#define PG_FRAME_IMPL_H

#include "internal.h"
#include "prognos/frame.h"

typedef struct pg_frame_term {
    char *label;            /* "factor(grade)", "I(size_cm > 5)", "age:sex" */
    pg_term_kind kind;
    size_t first, ncol;     /* columns first .. first + ncol - 1 */
    char *var;              /* factor terms: name used in column names; else NULL */
    size_t nlevels;         /* factor terms: levels, reference first; else 0 */
    char **levels;
    int ordered;            /* factor from fnclcc() / ajcc_t(): levels are ordered */
} pg_frame_term;

struct pg_frame {
    size_t n;
    double *time;
    int *status;
    size_t events;
    double *time2;          /* interval2 upper ends, NULL otherwise (frame_censor.c) */
    int *censoring;         /* left / interval censoring codes (frame.h), NULL otherwise */

    /* Causes (frame.h): cause[r] in 0..ncauses; cause_names[k - 1] names cause k. */
    size_t ncauses;
    int *cause;
    char **cause_names;
    size_t ncensor;
    char **censor_names;
    size_t cause_index;     /* the cause of interest, 0 = none */

    size_t p;
    double *x;              /* column-major */
    char **colnames;

    size_t nterms;
    pg_frame_term *terms;

    size_t ngroups;
    size_t *group;
    char **group_names;

    size_t nstrata;
    size_t *strata;
    char **strata_names;

    size_t nclusters;       /* 0 if no cluster() term */
    size_t *cluster;

    double *entry;          /* start times of Surv(start, stop, event); NULL otherwise */
    size_t nid;             /* subjects (--id); 0 and id NULL without one */
    size_t *id;
    double *weights;        /* case weights; NULL without */
    size_t zero_weight;     /* rows dropped for a zero weight */
    double *offset;         /* offset(); NULL without */

    size_t *rows;           /* dataset row per kept row; NULL for array frames */
    size_t dropped, excluded;
    char *response;

    /* The parsed formula and level sets that pg_frame_newdata() re-applies (frame_new.c);
     * NULL for array frames. Released by model_free. */
    void *model;
    void (*model_free)(void *model);

    /* The rows in the order (time ascending, status descending: events first at a tied time,
     * then row order), computed once by pg_frame_sort; pg_order_by_key turns it into the
     * order within any key (group, stratum) in one counting pass. */
    size_t *order;
};

/* Allocate an empty frame (all zero, response ""). NULL on failure. */
pg_frame *pg_frame_alloc(void);

/* R's timefix (survival >= 2.39, aeqSurv): times within a relative tolerance of about
 * sqrt(DBL_EPSILON) of each other are set equal, so that rounding noise in computed times does
 * not split tied times. Applied by every frame constructor, through pg_frame_sort. Returns
 * PG_OK or PG_ENOMEM. */
int pg_frame_timefix(double *time, size_t n);

/* What every constructor does last, once fr->time and fr->status are set: pg_frame_timefix on
 * fr->time, then fr->order from the fixed times and the statuses. Returns PG_OK or PG_ENOMEM. */
int pg_frame_sort(pg_frame *fr);

/* Counting-process checks once the frame is sorted (frame_counting.c): start < stop on every
 * row after timefix, and no two overlapping intervals of one subject (fr->id). ds names the
 * rows' files and lines (NULL for array frames). PG_OK, PG_EINPUT or PG_ENOMEM. */
int pg_frame_check_intervals(const pg_frame *fr, const pg_dataset *ds, pg_error *err);

/* The causes of a formula frame (frame_cause.c), once fr->rows and fr->n are set: the event's
 * levels among the kept rows are levels[0..nlevels-1], key[r] the level of kept row r.
 * def_censor is the default censoring level's text (NULL: none, a text status), numeric says
 * the levels are numbers (compared by value). Sets fr->cause, the names, fr->status and
 * fr->events, with the rules and errors of frame.h ("Causes"); response/event/pos name the
 * event for messages. Returns PG_OK, PG_EINPUT or PG_ENOMEM. */
typedef struct pg_cause_in {
    const size_t *key;
    char *const *levels;
    size_t nlevels;
    const char *def_censor;
    int numeric;
    const char *response, *event;
    long pos;
} pg_cause_in;
/* The error for a text status without --censor: the levels, an example --censor, and a
 * condition on the level hint (NULL: the last level). Returns PG_EINPUT. */
int pg_frame_censor_needed(const pg_cause_in *in, const char *hint, pg_error *err);
int pg_frame_set_causes(pg_frame *fr, const pg_cause_in *in, const pg_frame_opts *opt,
                        pg_error *err);

#endif
