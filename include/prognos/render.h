/* prognos/render.h -- results as the command line prints them: text (R's print and summary),
 * tidy CSV, JSON and Markdown, for a C program that fits with the library and wants the same
 * output as `prognos km|logrank|cox|zph --format FMT`.
 * The JSON written here is the result's own object (its keys as docs/json.md lists them); the
 * keys the command line adds around it ("prognos", "command", "input", "dropped", "warnings")
 * describe a run of the command and are not written by these functions.
 * Threads: every function is reentrant; results and options are only read (common.h). */
#ifndef PROGNOS_RENDER_H
#define PROGNOS_RENDER_H

#include <stdio.h>

#include "prognos/common.h"
#include "prognos/cox.h"
#include "prognos/km.h"
#include "prognos/logrank.h"
#include "prognos/zph.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PG_FMT_TEXT = 0, PG_FMT_CSV, PG_FMT_JSON, PG_FMT_MD } pg_format;

/* "text" "csv" "json" "md" -> *out; PG_OK, or PG_EINPUT for any other text (*out unchanged). */
PG_API int pg_format_parse(const char *s, pg_format *out);

/* Which steps of each Kaplan-Meier curve are written (--steps). DEFAULT keeps each format's
 * contract: text and md list event times (all times with `censored`), csv and json every time. */
typedef enum {
    PG_KM_STEPS_DEFAULT = 0,
    PG_KM_STEPS_ALL,       /* every distinct time, events and censorings */
    PG_KM_STEPS_EVENTS,    /* times with at least one event */
    PG_KM_STEPS_NONE       /* no steps: the summary only (csv has no step rows, json no
                              "steps" key) */
} pg_km_steps;

/* Options of pg_km_render; fill with pg_km_render_opts_init, then set what differs. */
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
PG_API int pg_km_steps_parse(const char *s, pg_km_steps *out);
/* Defaults: no formula, no cumhaz, no censored rows, no follow-up, 3 digits, DEFAULT steps. */
PG_API void pg_km_render_opts_init(pg_km_render_opts *o);

/* Write km to f in the given format (o NULL: the defaults). PG_OK, PG_ENOMEM or PG_EIO.
 *  text: print(fit) table (n, events, rmean*, se(rmean), median, LCL, UCL), the reverse-KM
 *        follow-up, quantile(fit, probs), summary(fit) per curve (event times), and
 *        summary(fit, times = ...) when times were asked for;
 *  csv:  one tidy table, one row per statistic: section (step, median, quantile, rmst, at,
 *        followup), strata, time, p, n_risk, n_event, n_censor, estimate, std_err, conf_low,
 *        conf_high [, cumhaz, std_chaz]; numbers round-trip (%.17g), NA as "NA";
 *  json: {"n", "events", "conf_type", "conf_level", "curves": [...], "dropped": {"missing"}}
 *        plus "followup" when given; NA as null;
 *  md:   the text sections as pipe tables. */
PG_API int pg_km_render(FILE *f, const pg_km *km, const pg_km_render_opts *o, pg_format fmt);

/* A log-rank test (pg_logrank_test) as print(survdiff) text, CSV, JSON or Markdown. PG_OK,
 * PG_ENOMEM or PG_EIO. */
PG_API int pg_logrank_render(FILE *f, const pg_logrank *lr, pg_format fmt);

/* A Cox fit: text and md follow summary.coxph; csv is the coefficient table; json follows
 * docs/cox.md. PG_OK, PG_ENOMEM or PG_EIO. */
PG_API int pg_render_cox(FILE *f, const pg_cox *fit, pg_format fmt);

/* The proportional-hazards test: text as print(cox.zph) (chisq, df, p per term, then GLOBAL);
 * csv: term, chisq, df, p at full precision; json: {"transform", "terms": [{"term", "chisq",
 * "df", "p"}], "global": {"chisq", "df", "p"}}; md: a pipe table. PG_OK, PG_ENOMEM or PG_EIO
 * with err set. */
PG_API int pg_render_zph(FILE *f, const pg_zph *z, pg_format fmt, pg_error *err);
/* Its scaled Schoenfeld residuals, one row per event: time, transformed_time, one column per
 * term (NA where R has NA). text and csv give CSV; md a pipe table; json {"transform",
 * "terms": [...], "residuals": [{"time", "transformed_time", "<term>": ...}]}. */
PG_API int pg_render_zph_resid(FILE *f, const pg_zph *z, pg_format fmt, pg_error *err);

#ifdef __cplusplus
}
#endif
#endif
