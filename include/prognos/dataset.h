/* prognos/dataset.h -- case-series CSV files read into typed columns.
 *
 * Thread safety: reading is reentrant -- any number of threads may read files at once, each
 * with its own options and error record (the reader keeps no state between calls; it switches
 * only its own thread's numeric locale to "C" during the read, with uselocale). A finished
 * pg_dataset is never changed by the accessors, so many threads may read one at once; building
 * one (pg_dataset_add_*) or freeing it needs the caller's exclusive use. */
#ifndef PROGNOS_DATASET_H
#define PROGNOS_DATASET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "prognos/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PG_COL_NUMERIC = 0, PG_COL_CATEGORICAL = 1 } pg_coltype;

/* Options for reading CSV files. Fill with pg_csv_opts_init(), then change what you need.
 * Every pointer is borrowed for the call only. */
typedef struct pg_csv_opts {
    char delim;                      /* ',' ';' '\t'; 0 = detect from the header line */
    char decimal;                    /* '.' or ','; 0 = ',' for ';'-separated files, else '.' */
    const char *const *na;           /* missing-value tokens; NULL = "", NA, N/A, NaN, ., ? */
    size_t n_na;
    const char *const *numeric;      /* columns forced numeric (error on a non-number) */
    size_t n_numeric;
    const char *const *categorical;  /* columns forced categorical */
    size_t n_categorical;
    const char *source_column;       /* column naming each file's stem when several are pooled;
                                        default "source" */
    int threads;                     /* 0 or 1 (default 0): this thread only; 2: a second
                                        thread may tokenize while this one checks and converts
                                        (for input not known to be under 4 MiB); the caller
                                        decides whether a processor is free for it. The data
                                        read are the same either way. */
    unsigned long long max_stdin_bytes; /* most bytes read from standard input ("-"), which
                                        is copied to a temporary file; more is PG_EINPUT.
                                        0 = PG_LIMIT_STDIN_BYTES (prognos/limits.h). Files
                                        have no such limit. */
} pg_csv_opts;

typedef struct pg_dataset pg_dataset;

PG_API void pg_csv_opts_init(pg_csv_opts *opt);

/* Read one CSV file ("-" reads standard input). On success *out is a new dataset the caller
 * owns (pg_dataset_free). On failure *out is NULL and err names file:line:column. */
PG_API int pg_dataset_read_csv(const char *path, const pg_csv_opts *opt, pg_dataset **out,
                               pg_error *err);

/* Read and pool n files: columns matched by name, absent columns missing, and when n > 1 a
 * categorical column opt->source_column holding each row's file stem ("lms_a" for "x/lms_a.csv"). */
PG_API int pg_dataset_read_csv_files(const char *const *paths, size_t n, const pg_csv_opts *opt,
                                     pg_dataset **out, pg_error *err);

PG_API void pg_dataset_free(pg_dataset *ds);

/* Build a dataset in memory (for callers without CSV files, and for tests): an empty dataset,
 * then columns of n rows each (every column must have the same n). Values are copied.
 * Numeric: NaN is missing. Categorical: NULL is missing; levels are sorted by strcmp.
 * A duplicate or empty name is PG_EINPUT. */
PG_API pg_dataset *pg_dataset_new(void);
PG_API int pg_dataset_add_numeric(pg_dataset *ds, const char *name, const double *values,
                                  size_t n, pg_error *err);
PG_API int pg_dataset_add_categorical(pg_dataset *ds, const char *name,
                                      const char *const *values, size_t n, pg_error *err);

PG_API size_t pg_dataset_nrow(const pg_dataset *ds);
PG_API size_t pg_dataset_ncol(const pg_dataset *ds);
PG_API const char *pg_dataset_colname(const pg_dataset *ds, size_t col);
/* Index of the column named name, or -1. Exact, case-sensitive match. */
PG_API long pg_dataset_find(const pg_dataset *ds, const char *name);
PG_API pg_coltype pg_dataset_coltype(const pg_dataset *ds, size_t col);

/* Numeric column values, NaN where missing; NULL if the column is categorical. */
PG_API const double *pg_dataset_numeric(const pg_dataset *ds, size_t col);
/* Categorical column level codes, -1 where missing; NULL if the column is numeric. */
PG_API const int32_t *pg_dataset_codes(const pg_dataset *ds, size_t col);
/* Levels of a categorical column, sorted by strcmp (R's factor() in the C locale). */
PG_API size_t pg_dataset_nlevels(const pg_dataset *ds, size_t col);
PG_API const char *pg_dataset_level(const pg_dataset *ds, size_t col, size_t level);
PG_API int pg_dataset_is_missing(const pg_dataset *ds, size_t col, size_t row);

/* Where row came from: the file's path as given ("<stdin>" for "-") and the 1-based physical
 * line where the record starts (line breaks inside quoted fields count). */
PG_API const char *pg_dataset_row_file(const pg_dataset *ds, size_t row);
PG_API long pg_dataset_row_line(const pg_dataset *ds, size_t row);

/* Write ds as CSV (header, ',' separated, NA for missing, numbers to 15 significant digits). */
PG_API int pg_dataset_write_csv(const pg_dataset *ds, FILE *f, pg_error *err);

#ifdef __cplusplus
}
#endif
#endif
