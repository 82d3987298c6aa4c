/* prognos/tmerge.h -- counting-process rows from one row per subject and files of dated changes
 * (R's survival::tmerge with tdc(), cumtdc() and event()).
 * Thread safety: no global state; the input datasets are only read. */
#ifndef PROGNOS_TMERGE_H
#define PROGNOS_TMERGE_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    PG_TMERGE_TDC = 0,     /* tdc(time[, value]): 0/1, or the value, from time on */
    PG_TMERGE_CUMTDC = 1,  /* cumtdc(time[, value]): the count, or the sum of values, so far */
    PG_TMERGE_EVENT = 2    /* event(time[, value]): 1 (or the value) on the interval ending at
                              time, 0 elsewhere */
} pg_tmerge_kind;

/* One operation: a new column `name` from the rows (id, time[, value]) of `data`. */
typedef struct pg_tmerge_op {
    pg_tmerge_kind kind;
    const char *name;          /* the new column */
    const pg_dataset *data;    /* the change file; its id column is named like the base's */
    const char *time;          /* its time column (numeric, same scale as the follow-up) */
    const char *value;         /* NULL: no value (tdc 0/1, cumtdc a count, event 1); numeric */
    double init;               /* tdc/cumtdc with a value: the value before the first change
                                  (tmerge's init); NaN = NA (R's default tdcstart) */
} pg_tmerge_op;

typedef struct pg_tmerge_opts {
    const char *id;            /* base: the subject column (numeric or text), one row each */
    const char *time;          /* base: end of follow-up (tmerge's tstop) */
    const char *status;        /* base: status at that time, or NULL (no event column) */
    const char *status_name;   /* the output's event column; NULL = the status column's name */
    const char *start;         /* base: start of follow-up, or NULL for 0 (tmerge's tstart) */
    const char *tstart_name, *tstop_name;  /* "tstart", "tstop" */
    double delay;              /* tmerge's delay option: changes of a tdc after the start of
                                  follow-up take effect that much later; default 0 */
    int keep_na;               /* 1: a missing value is a change to NA (na.rm = FALSE) */
    const pg_tmerge_op *ops;
    size_t n_ops;
} pg_tmerge_opts;

PG_API void pg_tmerge_opts_init(pg_tmerge_opts *o);

/* How each operation's rows fell against the subjects' intervals: R's attr(, "tcount"). */
typedef struct pg_tmerge_count {
    size_t early, late, gap, within, boundary, leading, trailing, tied, missid;
    size_t missing;            /* rows left out for a missing time (or value): not in tcount */
    long missid_line, missing_line;   /* the first such row's line in its file, or 0 */
} pg_tmerge_count;

/* Merge as R's tmerge(base, base, id, STATUS = event(TIME, STATUS), tstart = START) followed by
 * tmerge(., op.data, id, NAME = tdc/cumtdc/event(TIME, VALUE)) for each op in order. Intervals
 * are (tstart, tstop]; a change at t splits the interval holding t, a tdc takes its value on
 * the intervals starting at or after t, an event goes on the interval ending at t; changes before
 * the first interval count for a tdc; those after the follow-up, and events at the start, are
 * ignored. Ties: the last row in the file wins (tdc, event), cumtdc adds them up.
 * Output columns: the base's columns but time, start and status, then tstart, tstop, the status
 * (per interval: 0, or a categorical status's first level, but on the last), then the ops'
 * columns. Rows by subject in base order, then time. counts (if not NULL) has n_ops + 1 rows:
 * the status's (zero when there is none), then each op's. Errors (PG_EINPUT) name the file:line:
 * a duplicated or missing id in the base, a missing or non-positive follow-up, a missing id in
 * a change file, an unknown or non-numeric column, a new column named like a key column.
 * On success *out is a new dataset the caller frees with pg_dataset_free. */
PG_API int pg_tmerge(const pg_dataset *base, const pg_tmerge_opts *o, pg_dataset **out,
                     pg_tmerge_count *counts, pg_error *err);

#ifdef __cplusplus
}
#endif
#endif
