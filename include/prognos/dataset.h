/* prognos/dataset.h -- case-series files (CSV, Excel .xlsx, SPSS, Stata, SAS) read into typed
 * columns.
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
    /* Other formats (docs/readers.md). Each file's format is found from its content. */
    const char *format;              /* NULL or "auto": by content; else one of "csv", "xlsx",
                                        "sav", "dta", "sas7bdat", "xpt", which the content must
                                        agree with */
    const char *sheet;               /* xlsx: sheet name or 1-based number; NULL = the first */
    const char *encoding;            /* CSV text: an iconv encoding name; NULL = UTF-8, or
                                        Windows-1252 for a file that is not valid UTF-8 (a note
                                        says so, pg_dataset_note), UTF-16 with a byte-order mark */
    int codes;                       /* SPSS/Stata/SAS: 1 = the stored codes of labelled
                                        columns, 0 (default) = their value labels as levels */
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

/* The one door for every format: the same as pg_dataset_read_csv_files, which reads each file
 * by what its content is (CSV in any encoding, .xlsx, .sav/.zsav, .dta, .sas7bdat, .xpt) or as
 * opt->format says. Files of different formats may be pooled. */
PG_API int pg_dataset_read(const char *const *paths, size_t n, const pg_csv_opts *opt,
                           pg_dataset **out, pg_error *err);
/* One Excel workbook (opt->sheet chooses the sheet): errors name the cell,
 * "book.xlsx:Sheet1!C14: ...". Date-formatted cells become ISO text "YYYY-MM-DD" (with a time
 * of day "YYYY-MM-DDTHH:MM:SS"). */
PG_API int pg_dataset_read_xlsx(const char *path, const pg_csv_opts *opt, pg_dataset **out,
                                pg_error *err);
/* One SPSS (.sav, .zsav), Stata (.dta) or SAS (.sas7bdat, .xpt) file through ReadStat: value
 * labels become levels in the order of their values (haven::as_factor; labels no row uses are
 * left out), opt->codes keeps the stored codes instead, user-defined missing values are
 * missing, variable labels are kept (pg_dataset_col_label), dates ISO text as for xlsx. Rows'
 * "lines" (pg_dataset_row_line) are case numbers. */
PG_API int pg_dataset_read_stat(const char *path, const pg_csv_opts *opt, pg_dataset **out,
                                pg_error *err);

/* What the reader assumed and the user should know (e.g. "x.csv is not valid UTF-8: read as
 * Windows-1252 ..."), one line each; the library never prints them. */
PG_API size_t pg_dataset_nnotes(const pg_dataset *ds);
PG_API const char *pg_dataset_note(const pg_dataset *ds, size_t i);
/* A column's variable label (SPSS/Stata/SAS), or NULL when it has none. */
PG_API const char *pg_dataset_col_label(const pg_dataset *ds, size_t col);

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
/* Levels of a categorical column, sorted by strcmp (R's factor() in the C locale), or for a
 * column with value labels (SPSS/Stata/SAS) in the order of their values. */
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
