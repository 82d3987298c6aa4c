/* describe.h -- what `prognos describe` reports: a summary of every column of a dataset and,
 * for a formula, the model frame's n, events and dropped rows. Internal (src/report). */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_DESCRIBE_H
#define PG_DESCRIBE_H

#include <stddef.h>

#include "internal.h"
#include "prognos/dataset.h"
#include "prognos/frame.h"

typedef struct pg_describe_col {
    const char *name;          /* borrowed from the dataset */
    const char *label;         /* variable label (SPSS/Stata/SAS) or NULL, borrowed */
    pg_coltype type;
    size_t n, missing;         /* non-missing and missing cells */
    double min, median, max;   /* numeric, and date (days, prognos/date.h); NaN when every
                                  cell is missing */
    double mean, sd;           /* numeric: R's mean() and sd() (sd NaN when n < 2) */
    double q1, q3;             /* numeric: R's quantile(x, c(.25, .75)) (type 7): the IQR */
    size_t nlevels;
    const char **levels;       /* categorical: level texts (array owned, texts borrowed) */
    size_t *count;             /* categorical: cells per level (owned) */
} pg_describe_col;

typedef struct pg_describe_var {
    const char *name;          /* a dataset column the formula or --where mentions */
    size_t missing;            /* its missing cells in the whole dataset */
} pg_describe_var;

typedef struct pg_describe {
    size_t nrow, ncol, nfiles;
    const char *const *files;  /* borrowed */
    pg_describe_col *cols;
    /* with a formula */
    int has_frame;
    const char *formula, *where;   /* borrowed */
    size_t n, events, censored, dropped, excluded;
    size_t nvars;
    pg_describe_var *vars;
} pg_describe;

/* Summarise every column of ds. ds must outlive the result. PG_OK or PG_ENOMEM. */
int pg_describe_new(const pg_dataset *ds, pg_describe **out, pg_error *err);
/* Add the frame of formula (and where, may be NULL) evaluated on ds: n, events, censored,
 * rows dropped for missing values and excluded by where, and the missing counts of the
 * dataset columns the formula and where mention (their identifiers, backquoted or not). */
int pg_describe_add_frame(pg_describe *d, const pg_dataset *ds, const pg_frame *fr,
                          const char *formula, const char *where, pg_error *err);
void pg_describe_free(pg_describe *d);

/* Median of the n values in x (x is reordered): the middle value, or the mean of the two
 * middle values when n is even (R's median()). NaN when n == 0. */
double pg_describe_median(double *x, size_t n);
/* The p-quantile of the n values in x (x is reordered) as R's quantile(x, p) (type 7): with
 * h = (n - 1) p, x_(floor h) + (h - floor h) (x_(floor h + 1) - x_(floor h)) over the sorted
 * values (0-based). NaN when n == 0. */
double pg_describe_quantile(double *x, size_t n, double p);
/* Mean and standard deviation of x[0..n) as R's mean() (long double sum, then one correction
 * pass) and sd() (two-pass, n - 1 denominator): *sd NaN when n < 2, both NaN when n == 0. */
void pg_describe_mean_sd(const double *x, size_t n, double *mean, double *sd);

#endif
