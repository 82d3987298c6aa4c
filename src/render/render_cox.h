/* render_cox.h -- a Cox fit as R's print(summary(coxph)) text, CSV, JSON or Markdown. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_COX_H
#define PG_RENDER_COX_H

#include "render.h"
#include "prognos/cox.h"

/* pg_render_cox is public: prognos/render.h. */

#endif
