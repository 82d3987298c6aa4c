/* prognos/split.h -- counting-process data from one row per subject: follow-up cut at given
 * times or at every event time (R's survSplit), written as (start, stop] rows.
 * Thread safety: no global state; the input dataset is only read. */
#ifndef PROGNOS_SPLIT_H
#define PROGNOS_SPLIT_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Fill with pg_split_opts_init(); every pointer is borrowed for the call. */
typedef struct pg_split_opts {
    const double *cut;      /* cut points (any order, duplicates ignored) */
    size_t n_cut;
    int at_events;          /* 1: cut also at every distinct event time of the data */
    double zero;            /* start of follow-up for Surv(time, event) input (survSplit's
                               zero = 0); every time must be after it */
    const char *start;      /* name of the new start column; default "tstart" (counting input
                               keeps its own start column's name) */
    const char *end;        /* name of the stop column; NULL = the time column's name */
    const char *event;      /* name of the event column; NULL = the status column's name */
    const char *episode;    /* NULL, or a new column: 1 + the number of cuts <= start */
    const char *id;         /* NULL, or a new column numbering the input rows 1..n */
} pg_split_opts;

PG_API void pg_split_opts_init(pg_split_opts *o);

/* Split the rows of ds as R's survSplit(formula, data, cut, ...) does. formula is
 * `Surv(time, status) ~ .` or `Surv(start, stop, status) ~ a + b` with plain column names: `.`
 * keeps every other column, a list keeps those. Each row whose interval (start, stop] contains
 * cuts strictly inside becomes one row per piece; the status is kept on the last piece and is
 * 0 (a categorical status: its first level) on the others. A row with a missing time is kept
 * as one row, as R does. Output columns: the kept columns, then id, start, stop, status,
 * episode. Errors (PG_EINPUT) name the file:line of the row: a time not after zero, a stop not
 * after its start, a non-numeric time; Surv(type = "left"/"interval2") is refused as R does.
 * On success *out is a new dataset the caller frees with pg_dataset_free. */
PG_API int pg_split_data(const pg_dataset *ds, const char *formula, const pg_split_opts *o,
                         pg_dataset **out, pg_error *err);

#ifdef __cplusplus
}
#endif
#endif
