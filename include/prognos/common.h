/* prognos/common.h -- export macro, error record and status codes shared by every module.
 *
 * Thread safety. The library keeps no global state: it reads no environment variable and no
 * /proc, never sleeps, never changes signal dispositions, the umask or the locale of other
 * threads, and has no mutable file-level variables. So every function may be called from
 * several threads at once as long as each call has its own outputs (result, error record);
 * inputs (datasets, frames, fits, options) are only read and may be shared. Freeing or
 * building an object needs exclusive use of it. Whether the library may start a thread of its
 * own is the caller's choice: the `threads` field of pg_csv_opts and pg_cox_opts (0 or 1: this
 * thread only; 2: a second thread may be used on large data; results are identical either way).
 * pg_plot_run blocks SIGPIPE in the calling thread only, while it writes to gnuplot. Each
 * header states what differs from this.
 * One process-wide setting is the caller's: GSL's default error handler aborts, so a program
 * calls gsl_set_error_handler_off() once before using the library (prognos's main() does); the
 * library does not change it for you, since it is process-wide, and it checks every GSL status.
 *
 * ABI policy. The shared library's SOVERSION is the major version (libprognos.so.0 for 0.x).
 * While the version is 0.x, every minor release may change structs and signatures: rebuild
 * against the new headers. Result and option structs only grow at their end (a new field is
 * appended, never inserted), so callers initialise option structs with the matching
 * pg_*_opts_init (new fields get their defaults) and never allocate result structs themselves
 * (the library does, and its pg_*_free releases them). State that has invariants is behind
 * opaque handles (pg_dataset, pg_frame), whose layout may change in any release. */
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
