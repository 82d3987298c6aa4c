/* render_reconstruct.h -- how faithful a reconstruction (pg_recon) is: per arm the patients,
 * events (reconstructed and reported), the reconstructed KM against the digitised points and
 * the numbers at risk, as text, Markdown or JSON. The patient rows themselves are written as
 * CSV by the command (a pg_dataset). */
/* Thread safety: no global state; every function is reentrant (common.h). */
#ifndef PG_RENDER_RECONSTRUCT_H
#define PG_RENDER_RECONSTRUCT_H

#include "render.h"
#include "prognos/reconstruct.h"

/* text / md: one summary table (arm, n, events, reported, points, rmse, max_abs_diff), then
 * the numbers at risk published vs rebuilt per arm; prefix starts every text line (e.g.
 * "prognos reconstruct: " for the report on stderr), NULL for none.
 * json: {"n", "arms": [{"arm", "n", "events", "events_reported", "points_read",
 * "points_used", "rmse", "max_abs_diff", "at_risk": [{"time", "published", "rebuilt"}]}]}.
 * csv: the summary table. PG_OK, PG_ENOMEM or PG_EIO. */
int pg_render_recon(FILE *f, const pg_recon *r, pg_format fmt, const char *prefix);

#endif
