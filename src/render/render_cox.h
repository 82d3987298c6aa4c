/* render_cox.h -- a Cox fit as R's print(summary(coxph)) text, CSV, JSON or Markdown. */
#ifndef PG_RENDER_COX_H
#define PG_RENDER_COX_H

#include "render.h"
#include "prognos/cox.h"

/* Write fit in fmt. text/md follow summary.coxph; csv is the coefficient table; json follows the
 * contract in docs/cox.md. PG_OK, PG_ENOMEM or PG_EIO. */
int pg_render_cox(FILE *f, const pg_cox *fit, pg_format fmt);

/* R's formatReal for a vector printed together: fixed notation with the decimals that show
 * every element to `digits` significant digits (trailing zeros dropped), or scientific when that
 * is narrower. NaN -> "NA", infinities "Inf"/"-Inf". out[i] holds at least 40 bytes. */
void pg_format_joint(const double *x, size_t n, int digits, char (*out)[40]);

#endif
