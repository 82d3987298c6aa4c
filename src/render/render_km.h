/* render_km.h -- Kaplan-Meier results as text (like R's print(fit) and summary(fit)), tidy CSV,
 * JSON (the contract of issue 3) and Markdown. Internal. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_KM_H
#define PG_RENDER_KM_H

#include <stdio.h>

#include "render.h"
#include "prognos/km.h"

/* pg_km_steps, pg_km_render_opts and pg_km_render are public: prognos/render.h. */

/* Format a column of numbers as R's print does for a matrix column with `digits` significant
 * digits: common number of decimals (fixed), or scientific when that is narrower; NA, Inf.
 * out[i] receives malloc'ed strings (caller frees). PG_OK or PG_ENOMEM. */
int pg_km_format_column(const double *x, size_t n, int digits, char **out);

#endif
