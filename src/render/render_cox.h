/* render_cox.h -- a Cox fit as R's print(summary(coxph)) text, CSV, JSON or Markdown. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_COX_H
#define PG_RENDER_COX_H

#include "render.h"
#include "prognos/cox.h"

/* Write fit in fmt. text/md follow summary.coxph; csv is the coefficient table; json follows the
 * contract in docs/cox.md. PG_OK, PG_ENOMEM or PG_EIO. */
int pg_render_cox(FILE *f, const pg_cox *fit, pg_format fmt);

#endif
