/* render_zph.h -- the proportional-hazards test (pg_zph) as R's print(cox.zph), CSV, JSON or
 * Markdown, and its scaled Schoenfeld residuals as a table for plotting. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_ZPH_H
#define PG_RENDER_ZPH_H

#include "render.h"
#include "prognos/zph.h"

/* text: the table print(cox.zph) shows (chisq, df, p per term, then GLOBAL); csv: term, chisq,
 * df, p at full precision; json: {"transform", "terms": [{"term", "chisq", "df", "p"}],
 * "global": {"chisq", "df", "p"}}; md: a pipe table. PG_OK, PG_ENOMEM or PG_EIO. */
int pg_render_zph(FILE *f, const pg_zph *z, pg_format fmt, pg_error *err);

/* The scaled Schoenfeld residuals, one row per event: time, transformed_time, one column per
 * term (NA where R has NA). text and csv give CSV; md a pipe table; json {"transform",
 * "terms": [...], "residuals": [{"time", "transformed_time", "<term>": ...}]}. */
int pg_render_zph_resid(FILE *f, const pg_zph *z, pg_format fmt, pg_error *err);

#endif
