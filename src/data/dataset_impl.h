/* dataset_impl.h -- the layout of pg_dataset, shared by dataset.c (builder, accessors) and the
 * CSV reader (csv.c, dataset_read.c). Never installed. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_DATASET_IMPL_H
#define PG_DATASET_IMPL_H

#include <stdint.h>

#include "internal.h"
#include "prognos/dataset.h"

typedef struct pg_column {
    char *name;
    pg_coltype type;
    double *num;            /* numeric: nrow values, NaN = missing */
    int32_t *code;          /* categorical: nrow level indices, -1 = missing */
    size_t nlevels;
    char **levels;          /* sorted by strcmp, or in value-label order */
    char *label;            /* variable label or NULL */
    char *level_block;      /* if not NULL, every levels[k] points into this one allocation
                               (the CSV reader's layout); else each level is its own malloc */
} pg_column;

struct pg_dataset {
    size_t nrow, ncol;
    pg_column *cols;
    size_t nfiles;
    char **files;           /* paths as given */
    /* Where each row came from, for messages. Rows are the files' rows in file order: file f
     * holds rows [file_start[f], file_start[f + 1]). Row r of file f is on line
     * file_line[f] + (r - file_start[f]) unless row_line is set (some file had blank lines or
     * line breaks inside quoted fields): then row_line[r]. The reader used to keep a file index
     * and a line number per row (12 bytes a row, 60 MB at 5 million rows); this keeps them only
     * when the rows are not on consecutive lines. All NULL for datasets built in memory. */
    size_t *file_start;     /* nfiles + 1 */
    long *file_line;        /* nfiles: the line of each file's first row */
    long *row_line;         /* nrow 1-based line numbers, or NULL */
    char **notes;           /* what the reader assumed (pg_dataset_note) */
    size_t nnotes;
    int skipped_summary_word; /* a column not read (pg_csv_opts.columns) held a cell reading
                                 like a summary row's label ("Total", "Mean"): the summary-row
                                 check must see every column (pg_dataset_summary_rows_check) */
};

/* Whether the len bytes at s read as a summary row's label ("Total", "Media", "Gesamt"),
 * as pg_dataset_summary_rows reads a label column's values (summary_rows.c). */
int pg_dataset_summary_word(const char *s, size_t len);

/* A text and where it came from (a row, an offset), for sorting texts with qsort and
 * pg_text_ref_cmp (strcmp order: R's factor levels in the C locale) without file-level state. */
typedef struct pg_text_ref {
    const char *s;
    size_t at;
} pg_text_ref;
int pg_text_ref_cmp(const void *a, const void *b);

/* Turn categorical column col of ds into a date column when its levels are dates
 * (dataset_dates.c has the rules; fmt is pg_csv_opts.date_format). field[f] is the column's
 * 0-based position in file f, for located errors (NULL: no column in messages). PG_OK when
 * converted or left as text; PG_EINPUT for an invalid or ambiguous date; PG_ENOMEM. */
int pg_dataset_detect_dates(pg_dataset *ds, size_t col, const char *fmt, const long *field,
                            pg_error *err);

#endif
