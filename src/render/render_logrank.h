/* render_logrank.h -- a pg_logrank as text (like R's print(survdiff)), CSV, JSON or Markdown.
 * Internal to the library and the command line. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_LOGRANK_H
#define PG_RENDER_LOGRANK_H

#include <stdio.h>

#include "render.h"
#include "prognos/logrank.h"

/* pg_logrank_render is public: prognos/render.h. */

#endif
