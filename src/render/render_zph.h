/* render_zph.h -- the proportional-hazards test (pg_zph) as R's print(cox.zph), CSV, JSON or
 * Markdown, and its scaled Schoenfeld residuals as a table for plotting. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_ZPH_H
#define PG_RENDER_ZPH_H

#include "render.h"
#include "prognos/zph.h"

/* pg_render_zph and pg_render_zph_resid are public: prognos/render.h. */

#endif
