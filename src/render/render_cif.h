/* render_cif.h -- cumulative incidence results (prognos/cif.h) as text, tidy CSV, JSON (the
 * contract of issue 12) and Markdown. Internal.
 * Thread safety: no global state; every function is reentrant. */
#ifndef PG_RENDER_CIF_H
#define PG_RENDER_CIF_H

#include <stdio.h>

#include "render.h"
#include "prognos/cif.h"

typedef struct pg_cif_render_opts {
    const char *formula;    /* shown in the heading; NULL to leave out */
    int steps;              /* text/md: list the estimate at every event time (default 1) */
    int digits;             /* text/md significant digits; 3 */
} pg_cif_render_opts;

void pg_cif_render_opts_init(pg_cif_render_opts *o);

/* Write cif to f. PG_OK, PG_ENOMEM or PG_EIO.
 *  text/md: a heading naming the estimator and variance (cuminc's, or survfit multi-state
 *           with the IJ SE), the causes and censoring values, Gray's test per cause (two
 *           groups or more; a note where it is not defined: cif->gray_undefined), the
 *           values at the chosen times, the medians, and the estimate at each event time per
 *           curve (with 1 - KM when cif->compare_km);
 *  csv:     one tidy table, one row per statistic: section (step, at, median, gray), group,
 *           cause, time, n_risk, n_event, estimate, std_err, conf_low, conf_high,
 *           one_minus_km, chisq, df, p; numbers round-trip (%.17g), NA as "NA";
 *  json:    {"n"[, "n_id" with an id], "causes", "censor", "conf_type", "conf_level", "curves": [{"group", "cause",
 *           "n", "events", "median", "steps": [{"time", "n_risk", "n_event", "estimate",
 *           "std_err", "conf_low", "conf_high"[, "one_minus_km"]}], "at": [{"time",
 *           "estimate", "std_err", "conf_low", "conf_high"[, "one_minus_km"]}]}], "gray":
 *           [{"cause", "chisq", "df", "p"}] (two groups or more), "dropped": {"missing"}}. */
int pg_cif_render(FILE *f, const pg_cif *cif, const pg_cif_render_opts *o, pg_format fmt);

#endif
