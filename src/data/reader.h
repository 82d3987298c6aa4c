/* reader.h -- the CSV dataset reader's working state (dataset_read.c), shared with levtab.c
 * (level texts) and dataset_split.c (a large file read in two parts at once). Internal; never
 * installed. */
#ifndef PG_READER_H
#define PG_READER_H

#include <stdint.h>
#include <stdio.h>

#include "csv_scan.h"
#include "source.h"
#include "strindex.h"

enum { FORCE_NONE = 0, FORCE_NUM, FORCE_CAT };

/* ---- a hash table of level texts, stored in an arena (levtab.c) ---- */

typedef struct levtab {
    size_t n, cap;
    char **str;               /* level texts, NUL-terminated, in the arena */
    uint32_t *len;
    uint32_t *slot;           /* open addressing: level index + 1, 0 = empty */
    size_t nslot;             /* power of two */
    char **chunks;            /* arena blocks */
    size_t nchunks;
    char *cur;                /* free space in the last block */
    size_t left;
} levtab;

/* Code of s[0..len) in t, adding it if new; -1 when out of memory or too many levels. */
int32_t pg_levtab_intern(levtab *t, const char *s, size_t len);
void pg_levtab_free(levtab *t);

/* ---- one file being read ---- */

typedef struct rcol {
    char *name;
    int force;
    int cat;                  /* codes from row flip on */
    size_t flip;              /* rows [0, flip) are in num when cat */
    size_t pending;           /* cells in num whose text a categorical column needs */
    double *num;
    int32_t *code;
    levtab lv;
    int redo;                 /* second pass fills code[0, flip) from the text */
    int skip;                 /* not needed (pg_csv_opts.columns): tokenized, never stored */
} rcol;

typedef struct rfile {
    const char *path;         /* as given */
    char *name;               /* for messages: the path, or "<stdin>" */
    FILE *spool;              /* copy of standard input */
    pg_source src;            /* a converted text, or the table of a non-CSV file */
    char delim, dec;
    size_t ncol, colcap;      /* columns, and room for them in cols (doubling) */
    rcol *cols;
    pg_strindex names;        /* column name -> index in cols (names borrowed from cols) */
    size_t nrow, cap;
    unsigned long long bytes; /* size of what is scanned (a file or a part); 0 if unknown */
    size_t sampled;           /* text bytes of the rows before the first growth */
    long *row_line;           /* NULL while every row is on the line after the previous one */
    long first_line;          /* line of the first row */
    long header_line;
    int skipped_word;         /* a skipped column held a summary word (pg_dataset_summary_word) */
} rfile;

typedef struct reader {
    const pg_csv_opts *opt;
    pg_error *err;
    rfile *f;
    int pass;                 /* 1: everything; 2: only the cells of columns marked redo */
    size_t row;               /* pass 2: data row being read */
    size_t stop;              /* pass 2: rows needed */
    const char *const *na;    /* missing-value tokens */
    size_t n_na, na_maxlen;
    int na_empty;
    unsigned char na_first[256];
    int pooled;
    const pg_csv_scan *sc;    /* the scan in progress (for the detected delimiter) */
} reader;

/* The scanner's callbacks (pg_csv_field_fn, pg_csv_record_fn) with a reader as ctx. */
int pg_reader_on_field(void *ctx, const char *s, size_t len, size_t field, long line,
                       size_t record);
int pg_reader_on_record(void *ctx, size_t nfields, long line, size_t record);

/* Pass 1 of the regular file f->path, open as in (size bytes), in two parts at once
 * (dataset_split.c): PG_OK or an error code as one scan of the whole file would give, with f
 * filled exactly as that scan fills it; PG_CSV_STOP when the file is smaller than
 * pg_reader_split_min, cannot be split or the parts cannot be joined (f is then as before the
 * call, in is at its start, and the caller scans the whole file). field and record are the
 * reader's callbacks, pg_reader_on_field and pg_reader_on_record. */
int pg_reader_scan_split(reader *r, rfile *f, FILE *in, unsigned long long size,
                         pg_csv_field_fn field, pg_csv_record_fn record);
/* Files below this many bytes are read in one scan (8 MiB; tests lower it). */
extern size_t pg_reader_split_min;

#endif
