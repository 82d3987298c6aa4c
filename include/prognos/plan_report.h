/* prognos/plan_report.h -- the report of an analysis plan: report.html, report.md (with a
 * figures/ folder) and results.json, written from the outputs of the commands a plan ran.
 * The plan runner (prognos/plan.h) fills a pg_report; pg_report_write turns it into files.
 * Threads: pg_report_write keeps no state; r is only read. */
#ifndef PROGNOS_PLAN_REPORT_H
#define PROGNOS_PLAN_REPORT_H

#include <stddef.h>

#include "prognos/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *id;        /* analysis id, given or generated: "cox_3_DSS_depth=dermal" */
    const char *type;      /* command: "km", "cox", "plot", ... */
    const char *title;     /* one line: "Cox model: DSS ~ depth + I(size_cm > 5)" */
    int status;            /* PG_EXIT_* of the command: 0 done, 1 cannot be done, 2 wrong */
    const char *message;   /* the one-line error when status != 0, else NULL */
    const char *json;      /* the command's --format json output (an object), or NULL */
    const char *markdown;  /* the command's --format md output, or NULL */
    const char *html;      /* the command's --format html output, or NULL */
    const char *svg;       /* a figure (plot) as SVG text, or NULL */
} pg_report_item;
typedef struct { const char *name; long long size; char sha256[65]; } pg_report_input;
typedef struct {
    const char *version;          /* prognos version */
    char plan_sha256[65];
    const char *plan_file;
    const pg_report_input *inputs; size_t n_inputs;
    const pg_report_item *items; size_t n_items;
} pg_report;
/* Writes DIR/report.html, DIR/report.md (+ DIR/figures/), DIR/results.json as formats asks
 * (a NULL-terminated list of "html", "md", "json"). Returns 0 or PG_EXIT_USAGE/PG_EXIT_IO with
 * err set. */
PG_API int pg_report_write(const pg_report *r, const char *dir, const char *const *formats,
                           pg_error *err);

#ifdef __cplusplus
}
#endif
#endif
