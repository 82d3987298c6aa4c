/* prognos/common.h -- export macro, error record and status codes shared by every module. */
#ifndef PROGNOS_COMMON_H
#define PROGNOS_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PG_API __attribute__((visibility("default")))
#else
#define PG_API
#endif

/* Status codes. PG_OK is 0; every failure is positive. */
enum {
    PG_OK = 0,
    PG_EINPUT,      /* malformed input: CSV text, formula, option value */
    PG_ENOMEM,      /* allocation failed */
    PG_ENUMERIC,    /* a numerical routine failed (singular matrix, no convergence) */
    PG_ENOEVENTS,   /* the analysis needs events and there are none */
    PG_EIO,         /* a file could not be opened, read or written */
    PG_EANALYSIS    /* the data do not support the analysis asked for (one group, ...) */
};

/* An error record, owned by the caller and usually on the stack: pg_error e = {0};
 * Every field is "" or 0 when it does not apply. msg is one line, lowercase, no final period. */
typedef struct pg_error {
    int  code;
    char file[256];  /* input file the error points into */
    char term[128];  /* formula term or column name the error concerns */
    char msg[256];
    long line;       /* 1-based line in file */
    long column;     /* 1-based column in the file's line, or 1-based offset in the formula */
} pg_error;

/* Render e as one line: "file:line:column: msg" when a file is known, "formula: msg" when it
 * points into the formula (a term and a column), else "msg". Writes at most len bytes (NUL included) to buf and returns buf. */
PG_API const char *pg_error_str(const pg_error *e, char *buf, size_t len);

/* Matrices. Every matrix the public API takes or returns is a plain double array in
 * column-major order, with its dimensions stated where it is declared: element (i, j) of an
 * r x c matrix m is m[i + j * r] (the frame's design matrix, variances, residuals, newdata rows,
 * per-curve tables). A symmetric matrix (a variance) reads the same either way. */

/* The library's version, "MAJOR.MINOR.PATCH". */
PG_API const char *pg_version(void);

#ifdef __cplusplus
}
#endif
#endif
