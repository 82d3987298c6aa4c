/* render_km.h -- Kaplan-Meier results as text (like R's print(fit) and summary(fit)), tidy CSV,
 * JSON (the contract of issue 3) and Markdown. Internal. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_KM_H
#define PG_RENDER_KM_H

#include <stdio.h>

#include "render.h"
#include "prognos/km.h"

/* Which steps of each curve are written (--steps). DEFAULT keeps each format's contract: text
 * and md list event times (all times with `censored`), csv and json every time. */
typedef enum {
    PG_KM_STEPS_DEFAULT = 0,
    PG_KM_STEPS_ALL,       /* every distinct time, events and censorings */
    PG_KM_STEPS_EVENTS,    /* times with at least one event */
    PG_KM_STEPS_NONE       /* no steps: the summary only (csv has no step rows, json no
                              "steps" key) */
} pg_km_steps;

typedef struct pg_km_render_opts {
    const char *formula;             /* shown as R's call in text/md; NULL to leave out */
    int cumhaz;                      /* add the Nelson-Aalen cumhaz and std.chaz to the steps */
    int censored;                    /* text/md: list censoring-only times too, as
                                        summary(fit, censored = TRUE) */
    const pg_km_quantile *followup;  /* reverse-KM median follow-up, or NULL */
    int digits;                      /* text/md significant digits; 3 = R's print default */
    pg_km_steps steps;               /* which steps are written; DEFAULT by format */
} pg_km_render_opts;

/* "all", "events", "none" -> steps. PG_OK or PG_EINPUT. */
int pg_km_steps_parse(const char *s, pg_km_steps *out);

void pg_km_render_opts_init(pg_km_render_opts *o);

/* Write km to f in the given format. PG_OK, PG_ENOMEM or PG_EIO. km is only read.
 *  text: print(fit) table (n, events, rmean*, se(rmean), median, LCL, UCL), the reverse-KM
 *        follow-up, quantile(fit, probs), summary(fit) per curve (event times), and
 *        summary(fit, times = ...) when times were asked for;
 *  csv:  one tidy table, one row per statistic: section (step, median, quantile, rmst, at,
 *        followup), strata, time, p, n_risk, n_event, n_censor, estimate, std_err, conf_low,
 *        conf_high [, cumhaz, std_chaz]; numbers round-trip (%.17g), NA as "NA";
 *  json: {"n", "events", "conf_type", "conf_level", "curves": [...], "dropped": {"missing"}}
 *        plus "followup" when given; NA as null;
 *  md:   the text sections as pipe tables. */
int pg_km_render(FILE *f, const pg_km *km, const pg_km_render_opts *o, pg_format fmt);

/* Format a column of numbers as R's print does for a matrix column with `digits` significant
 * digits: common number of decimals (fixed), or scientific when that is narrower; NA, Inf.
 * out[i] receives malloc'ed strings (caller frees). PG_OK or PG_ENOMEM. */
int pg_km_format_column(const double *x, size_t n, int digits, char **out);

#endif
