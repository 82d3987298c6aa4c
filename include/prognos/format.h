/* prognos/format.h -- numbers written the way the reader of a result expects them: as R prints
 * them (format(), signif(), format.pval()), for the R-like printouts, and as journals print
 * p-values, for the tables of a manuscript.
 * Thread safety: every function is reentrant; there is no global state (R's options(digits,
 * scipen) are arguments here, scipen fixed at R's default 0). */
#ifndef PROGNOS_FORMAT_H
#define PROGNOS_FORMAT_H

#include <stddef.h>

#include "prognos/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Room for any one number the R formatters write with digits <= 22, NUL included: a fixed
 * notation is only chosen when it is no wider than the scientific one (at most 29 columns). */
#define PG_FORMAT_CELL 40

/* How R's formatReal lays out a vector: every element in one field width, fixed notation with
 * `decimals` digits after the point, or scientific notation (expo != 0) with `decimals` digits
 * in the mantissa after the point and expo + 1 exponent digits at least ("e-05"; 2: "e-100"). */
typedef struct pg_format_spec {
    int width;
    int decimals;
    int expo;
} pg_format_spec;

/* R's formatReal(x, n, &w, &d, &e, nsmall = 0) under options(digits = digits, scipen = 0):
 * the fewest significant digits (at most `digits`) that show every finite element to `digits`
 * significant digits, fixed notation unless scientific is narrower. NaN is R's NA (width 2),
 * infinities print as "Inf" / "-Inf". digits is clamped to 1..22. */
PG_API pg_format_spec pg_format_r_spec(const double *x, size_t n, int digits);

/* One element as R's encodeReal0 writes it under spec, right-aligned to spec->width; -0 prints
 * as 0. Returns buf (truncated to len, as snprintf does). */
PG_API char *pg_format_r_encode(char *buf, size_t len, double x, const pg_format_spec *spec);

/* format(x, digits = digits) of a vector: out[i] padded to the common width, or trimmed of
 * leading blanks when trim (format(..., trim = TRUE), as paste() and cat() show elements). */
PG_API void pg_format_r_vector(const double *x, size_t n, int digits, int trim,
                               char (*out)[PG_FORMAT_CELL]);

/* format(x, digits = digits) of one number ("0.1235", "1e-05", "123456", "NA"). Returns buf. */
PG_API char *pg_format_r_num(char *buf, size_t len, double x, int digits);

/* R's signif(x, digits) (nmath fprec.c): x rounded to digits (1..22) significant digits. */
PG_API double pg_format_signif(double x, int digits);

/* R's format.pval(p, digits, eps = .Machine$double.eps, na.form = "NA"): p-values of exponent
 * >= -3 (also -4 when digits > 1) formatted together, the smaller ones together, those below
 * eps as "<2e-16" (or "< 2e-16", "< 2.22e-16" as R chooses from digits and the others' width). */
PG_API void pg_format_r_pval(const double *p, size_t n, int digits, char (*out)[PG_FORMAT_CELL]);

/* A p-value as journals print it: "0.012" (three decimals below 0.1), "0.35" (two above),
 * "< 0.001", "> 0.99", "NA" for NaN. With prefix: "p = 0.012", "p < 0.001". Returns buf. */
PG_API char *pg_format_pvalue(char *buf, size_t len, double p, int prefix);

/* A ratio (a hazard ratio or one of its limits) as journals print it, the same in the factor
 * table and the forest plot: two decimals ("0.85", "12.40"), two significant digits below 0.1
 * ("0.051", "0.0012"), three from 1000 on ("1.23e+03"); "NA" for NaN, "Inf". Returns buf. */
PG_API char *pg_format_ratio(char *buf, size_t len, double x);

/* A size in bytes for messages, three significant digits in powers of 1024: "512 bytes",
 * "1 KiB", "71.5 MiB", "5.03 GiB". Returns buf. */
PG_API char *pg_format_bytes(char *buf, size_t len, double bytes);

#ifdef __cplusplus
}
#endif
#endif
