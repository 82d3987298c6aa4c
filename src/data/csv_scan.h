/* csv_scan.h -- the CSV tokenizer (src/data/csv.c) under the dataset reader: libcsv plus what libcsv
 * leaves to us (byte-order mark, delimiter detection, physical line numbers, UTF-8 validation,
 * ragged rows, located errors). Internal; never installed. Named csv_scan.h, not csv.h, because
 * src/ is on the include path and would hide libcsv's own <csv.h>. */
#ifndef PG_CSV_SCAN_H
#define PG_CSV_SCAN_H

#include <stdio.h>

#include "internal.h"

/* Returned by a callback to stop the scan early without an error. */
#define PG_CSV_STOP (-1)
/* pg_csv_scan.threads value: a reading thread whatever the input (tests of the threaded path). */
#define PG_CSV_THREADS_ALWAYS 3

/* A field: its text (NUL-terminated, len bytes, valid UTF-8, borrowed until the callback
 * returns), its 0-based position in the record, the physical line it starts on, and the
 * 0-based record index (0 = the header). Callbacks run in the thread that called
 * pg_csv_scan_run, in file order, whether or not a reading thread is used. Return PG_OK,
 * PG_CSV_STOP, or an error code after filling the scan's err. */
typedef int (*pg_csv_field_fn)(void *ctx, const char *s, size_t len, size_t field, long line,
                               size_t record);
/* The end of a record with nfields fields that started on physical line line. Blank lines are
 * not records. Same return convention. */
typedef int (*pg_csv_record_fn)(void *ctx, size_t nfields, long line, size_t record);

typedef struct pg_csv_scan {
    const char *name;         /* file name for errors */
    FILE *in;                 /* read in 1 MiB blocks to the end, maybe by another thread */
    FILE *spool;              /* if not NULL, every byte read is also written here */
    unsigned long long max_bytes; /* 0: no limit; else reading more is PG_EINPUT (stdin) */
    char delim;               /* ',' ';' '\t'; 0 = detect from the first line */
    int threads;              /* 0 or 1: this thread only; 2 (pg_csv_opts.threads): a reading
                                 thread unless the input is a regular file under 4 MiB;
                                 PG_CSV_THREADS_ALWAYS: a reading thread whatever the input */
    pg_csv_field_fn field;
    pg_csv_record_fn record;
    void *ctx;
    pg_error *err;            /* where callbacks and the scanner report */
    /* A part of a file (pg_csv_split): 0, 0, 0 for a whole file. */
    unsigned long long limit; /* if not 0: read at most this many bytes (the end of a part) */
    long first_line;          /* if not 0: the physical line of the first byte read */
    size_t ncols;             /* if not 0: no header; every record has this many fields (the
                                 callbacks see record indexes from 1), sc->delim is used */
    /* out */
    char delim_used;
    size_t nrecords;          /* records seen, header included */
    unsigned long long bytes; /* bytes read */
} pg_csv_scan;

/* Scan sc->in to the end (or until a callback stops it). Every record after the header must
 * have as many fields as the header, else a located error. Returns PG_OK or an error code, with
 * sc->err filled ("file:line:column: message"). */
int pg_csv_scan_run(pg_csv_scan *sc);

/* Where to cut a file of size bytes into two parts that two scans can read at once: *offset,
 * the byte after the first '\n' at or after the middle that is outside quotes (an even number
 * of '"' before it), and *line, the physical line that starts there, counted as the scanner
 * counts (count_breaks). Reads the file's first part through in (left at an unspecified
 * position). Returns 1 with a cut, 0 when there is none (no such line break) or on a read
 * error. Even parity is outside quotes whenever the first part scans without an error, and
 * when it does not, its first error is the file's, which is all the second part's result is
 * then needed for: nothing. */
int pg_csv_split(FILE *in, unsigned long long size, unsigned long long *offset, long *line);

/* Guess the delimiter from the first line of buf: the most frequent of ',' ';' TAB outside
 * quotes (ties in that order); ',' when none occurs. */
char pg_csv_detect_delim(const char *buf, size_t len);

/* Parse text as a decimal number with decimal mark dec: [sign] digits [dec digits]
 * [e [sign] digits], surrounding spaces allowed. Exact to the double (correctly rounded), no
 * locale. Returns 1 and sets *out for a finite number, else 0. */
int pg_csv_parse_double(const char *s, size_t len, char dec, double *out);

/* Check that s[0..len) is valid UTF-8; returns the offset of the first bad byte or len. */
size_t pg_csv_utf8_check(const char *s, size_t len);

/* Copy s into buf (size >= 4) as a short printable excerpt: at most about 40 bytes, invalid
 * UTF-8 bytes and control characters shown as \xNN, a line break as \n, "..." when cut. */
char *pg_csv_excerpt(char *buf, size_t size, const char *s, size_t len);

#endif
