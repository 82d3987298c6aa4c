/* source.h -- an input file opened by what its content is (source.c): a UTF-8 CSV the scanner
 * reads as it is, a CSV converted to UTF-8 (conv), or a table read by a workbook or statistics
 * reader (rows). Internal; never installed. */
#ifndef PG_SOURCE_H
#define PG_SOURCE_H

#include <stdio.h>

#include "rows.h"

typedef struct pg_source {
    pg_rows *rows;     /* not NULL: a workbook or statistics file, read */
    FILE *conv;        /* not NULL: the text converted to UTF-8 (a temporary file) */
    char *note;        /* not NULL: what the reader assumed ("... read as Windows-1252") */
} pg_source;

/* Open path (name for messages) as opt->format says, by its content when "auto" or NULL.
 * Standard input ("-") is CSV in UTF-8 and is left to the caller. */
int pg_source_open(const char *path, const char *name, const pg_csv_opts *opt, pg_source *src,
                   pg_error *err);
void pg_source_free(pg_source *src);
/* PG_OK when fmt names a format (or is NULL / "auto"), else PG_EINPUT naming the choices. */
int pg_source_check_format(const char *fmt, pg_error *err);

#endif
