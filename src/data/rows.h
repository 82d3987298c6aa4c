/* rows.h -- the seam between the non-CSV readers (xlsx.c, stat.c, encoding.c) and the dataset
 * reader (dataset_read.c). A reader that is not a CSV tokenizer fills a pg_rows table: a header
 * record then data records, each of ncol texts (NULL = missing), each with a location number
 * (the sheet's row number, the case number). dataset_read.c replays it through the very
 * callbacks the CSV scanner feeds, so typing, levels, missing values, pooling and messages stay
 * in one place. Internal; never installed. */
#ifndef PG_ROWS_H
#define PG_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "prognos/dataset.h"

#define PG_ROWS_NA ((size_t)-1)

typedef struct pg_rows {
    size_t ncol;              /* the header's width (set when the header record ends) */
    size_t nrec, reccap;      /* records, header included */
    size_t *off;              /* nrec * ncol offsets into text, PG_ROWS_NA = missing */
    long *loc;                /* nrec location numbers */
    pg_text text;             /* every cell's text, NUL after each */
    size_t cur;               /* cells in the record being filled */
    size_t *pend;             /* the record being filled (ncol once the header is known) */
    size_t pendcap;
    /* per column, all NULL/0 when the format has none */
    char **label;             /* variable labels */
    char ***order;            /* level texts in the order the file lists them (value labels) */
    size_t *norder;
    unsigned char *cat;       /* 1: categorical whatever the texts look like */
    /* how to name a place: "book.xlsx:Sheet1!C14" (sheet set) or "data.sav:case 14" */
    char *sheet;
    int cases;                /* locations are case numbers */
} pg_rows;

void pg_rows_free(pg_rows *t);
/* Append a cell to the record being filled: s[0..len), or missing when s is NULL. */
int pg_rows_cell(pg_rows *t, const char *s, size_t len);
/* End the record being filled (the first one is the header, and fixes ncol); loc is its
 * location number. Records shorter than ncol are padded with missing cells. */
int pg_rows_end(pg_rows *t, long loc);
/* Text of cell (rec, col), NULL when missing. */
const char *pg_rows_get(const pg_rows *t, size_t rec, size_t col, size_t *len);

/* Per-column metadata, allocated on first use (ncol must be known). */
int pg_rows_meta(pg_rows *t);

/* A spreadsheet column's letters for 0-based col ("A", "Z", "AA") into buf (size >= 8). */
char *pg_rows_col_letters(size_t col, char *buf);

/* Rewrite err, filled by the dataset reader as "name:loc:field+1", into this table's way of
 * naming a place ("book.xlsx:Sheet1!C14", "data.sav:case 14, column 3"). */
void pg_rows_relocate(const pg_rows *t, const char *name, pg_error *err);

/* A day count since 1970-01-01 as ISO "YYYY-MM-DD" (proleptic Gregorian), and seconds since
 * 1970-01-01 00:00:00 as "YYYY-MM-DDTHH:MM:SS" (rounded to the second). buf size >= 32.
 * Returns 0, or -1 when the value is not finite or beyond year 9999. */
int pg_rows_iso_date(double days, char *buf);
int pg_rows_iso_datetime(double secs, char *buf);

/* What a file's first bytes say it is. */
typedef enum {
    PG_KIND_TEXT = 0,  /* CSV (maybe not UTF-8) */
    PG_KIND_ZIP,       /* a zip archive: an xlsx workbook, or not */
    PG_KIND_SAV,       /* SPSS "$FL2" (.sav) or "$FL3" (.zsav) */
    PG_KIND_DTA,       /* Stata, "<stata_dta>" or the old binary header */
    PG_KIND_SAS7BDAT,  /* SAS data set */
    PG_KIND_XPT,       /* SAS transport (XPORT) */
    PG_KIND_UTF16,     /* text with a UTF-16 byte-order mark */
    PG_KIND_XLS        /* the old binary Excel (OLE2 compound file) */
} pg_file_kind;

pg_file_kind pg_rows_sniff(const unsigned char *b, size_t n);
const char *pg_rows_kind_name(pg_file_kind k);

/* Give column c (nrow rows) of an assembled dataset the variable label (when it has none yet)
 * and its levels the order of order[0..norder) (value labels by value; levels not listed keep
 * their order after them), remapping the codes. PG_OK or PG_ENOMEM. */
struct pg_column;
int pg_rows_apply_column(struct pg_column *c, size_t nrow, const char *label,
                         char *const *order, size_t norder);

/* The readers. name is for messages; path is opened. */
int pg_xlsx_read(const char *path, const char *name, const char *sheet, pg_rows *t,
                 pg_error *err);
int pg_stat_read(const char *path, const char *name, pg_file_kind kind, int codes, pg_rows *t,
                 pg_error *err);

#endif
