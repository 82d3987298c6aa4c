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

/* A date column holds days since 1970-01-01 (prognos/date.h; R's Date class), NaN missing. */
typedef enum { PG_COL_NUMERIC = 0, PG_COL_CATEGORICAL = 1, PG_COL_DATE = 2 } pg_coltype;

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
    const char *date_format;         /* NULL: dates are ISO 8601 text, or day-first/month-first
                                        numbers when the column shows which (docs/csv.md,
                                        "Dates"); else a pg_date_parse pattern ("%d/%m/%Y")
                                        that text columns matching it are read with */
    unsigned long long max_stdin_bytes; /* most bytes read from standard input ("-"), which
                                        is copied to a temporary file; more is PG_EINPUT.
                                        0 = PG_LIMIT_STDIN_BYTES (prognos/limits.h). Files
                                        have no such limit. */
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
    /* Columns an analysis needs (issue 19). NULL: every column is read. Else, for one file,
       only these columns (by name) are converted and stored, with the first column, columns
       named like an id (what pg_dataset_summary_rows looks at) and the columns forced by
       numeric/categorical; the other columns are still tokenized, so the file's structure
       (field counts, quotes, UTF-8) is checked as before, but their values are not looked at
       and the dataset does not hold them. When a name is not in the header, or several files
       are pooled, every column is read. */
    const char *const *columns;
    size_t n_columns;
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
/* Date column: days since 1970-01-01, NaN missing. */
PG_API int pg_dataset_add_date(pg_dataset *ds, const char *name, const double *days, size_t n,
                               pg_error *err);

PG_API size_t pg_dataset_nrow(const pg_dataset *ds);
PG_API size_t pg_dataset_ncol(const pg_dataset *ds);
PG_API const char *pg_dataset_colname(const pg_dataset *ds, size_t col);
/* Index of the column named name, or -1. Exact, case-sensitive match. */
PG_API long pg_dataset_find(const pg_dataset *ds, const char *name);
PG_API pg_coltype pg_dataset_coltype(const pg_dataset *ds, size_t col);

/* Numeric column values, NaN where missing; NULL if the column is not numeric. */
PG_API const double *pg_dataset_numeric(const pg_dataset *ds, size_t col);
/* Date column values, days since 1970-01-01 (pg_date_format prints them), NaN where missing;
 * NULL if the column is not a date column. */
PG_API const double *pg_dataset_dates(const pg_dataset *ds, size_t col);
/* Categorical column level codes, -1 where missing; NULL if the column is not categorical. */
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

/* Rows that look like a spreadsheet's summary line rather than an observation:
 *   PG_SUMMARY_LABEL  the first column, a column named like an id (id, study, label, paciente,
 *                     ...) or a column of nearly all-different values reads, as a whole cell,
 *                     Total, Totals, Sum, Mean, Media, Suma, Total general, Gesamt, Summe,
 *                     Moyenne, Totale, Overall, All (or a few like words), ignoring case,
 *                     accents, blanks and a final ':' or '.';
 *   PG_SUMMARY_SUMS   every numeric column with a value in the row and at least 3 values above
 *                     it (in the same file) holds the sum of those values, exactly or to 1e-9
 *                     relative; at least 2 columns are so checked, and one sum is not 0;
 *                     and the row is among the file's last rows (every row below it is a
 *                     summary row too): inside the data, small counts can add up by chance.
 * A row found is left out of the sums for the rows below it. col is the label's column, or the
 * first column checked for PG_SUMMARY_SUMS (n_sums columns were). */
typedef enum { PG_SUMMARY_LABEL = 1, PG_SUMMARY_SUMS = 2 } pg_summary_kind;
typedef struct pg_summary_row {
    size_t row;                 /* 0-based; pg_dataset_row_file/_line say where */
    size_t col;
    pg_summary_kind kind;
    size_t n_sums;              /* PG_SUMMARY_SUMS: the columns holding the sums above */
} pg_summary_row;

/* Find the summary rows of ds, in row order: *rows is a new array of *n findings the caller
 * frees with free() (NULL when none). PG_OK, or PG_ENOMEM (then *rows is NULL). */
/* Whether a column named name is one pg_dataset_summary_rows reads as naming its rows ("id",
 * "patient", "study", ...: loose keys, as it compares them). */
PG_API int pg_dataset_summary_id_name(const char *name);
/* For a dataset read with pg_csv_opts.columns: whether reading every column might change what
 * pg_dataset_summary_rows finds (the sums test sees only the numeric columns read). *doubt is
 * set when the check with a single sum column per row finds anything, or when a file's last
 * row has no numeric value with 3 values above it (so no column rules it out as a line of
 * sums); a caller then reads every column. A row of sums is only reported at a file's end, so
 * the last rows are where the columns not read could matter. PG_OK or PG_ENOMEM. */
PG_API int pg_dataset_summary_rows_doubt(const pg_dataset *ds, int *doubt, pg_error *err);
PG_API int pg_dataset_summary_rows(const pg_dataset *ds, pg_summary_row **rows, size_t *n,
                                   pg_error *err);
/* pg_dataset_summary_rows_doubt and pg_dataset_summary_rows at once: *doubt as the first sets
 * it, *rows and *n as the second; one pass over the rows when the first check finds nothing at
 * all (most data). PG_OK, or PG_ENOMEM (then *rows is NULL). */
PG_API int pg_dataset_summary_rows_check(const pg_dataset *ds, int *doubt,
                                         pg_summary_row **rows, size_t *n, pg_error *err);
/* Remove the n rows listed (0-based, each once) from ds, keeping every other row's file and
 * line, and the levels no remaining row uses. PG_OK, PG_EINPUT (a row out of range; ds is
 * unchanged) or PG_ENOMEM. */
PG_API int pg_dataset_drop_rows(pg_dataset *ds, const size_t *rows, size_t n, pg_error *err);

/* What a text value that is not a plain number looks like, for messages that say why a column
 * is text: PG_TEXT_NUMBER "12", "-0.5" (no comma); PG_TEXT_DECIMAL_COMMA
 * "10,5"; PG_TEXT_COMMA3 "1,250" (a decimal comma or a thousands separator); PG_TEXT_UNIT a
 * number then letters ("12 m", "3,5 meses", "10mo"); PG_TEXT_DATE "2020-01-31", "31/01/2020",
 * "31.01.20"; PG_TEXT_OTHER anything else. */
typedef enum {
    PG_TEXT_OTHER = 0, PG_TEXT_NUMBER, PG_TEXT_DECIMAL_COMMA, PG_TEXT_COMMA3, PG_TEXT_UNIT,
    PG_TEXT_DATE
} pg_text_kind;
PG_API pg_text_kind pg_text_kind_of(const char *s);
/* The kind of n levels together, plain numbers aside: PG_TEXT_UNIT when some have units (the
 * rest numbers), PG_TEXT_DATE when some are dates (the rest numbers), PG_TEXT_DECIMAL_COMMA
 * when some have a decimal comma (the rest numbers or "1,250"), PG_TEXT_COMMA3 when every comma
 * could be a thousands separator, PG_TEXT_NUMBER when all are plain numbers; PG_TEXT_OTHER when
 * any level is other text, units and dates are mixed, or n is 0.
 * *example (if not NULL) is the index of a level showing the kind. */
PG_API pg_text_kind pg_text_kind_of_levels(const char *const *levels, size_t n, size_t *example);

/* Write ds as CSV (header, ',' separated, NA for missing, numbers to 15 significant digits,
 * dates as ISO text). */
PG_API int pg_dataset_write_csv(const pg_dataset *ds, FILE *f, pg_error *err);

#ifdef __cplusplus
}
#endif
#endif
