/* report_impl.h -- what the writers of a plan's report share (report.c, report_methods.c,
 * report_html.c, report_md.c). Internal. */
#ifndef PG_REPORT_IMPL_H
#define PG_REPORT_IMPL_H

#include <jansson.h>
#include <stdio.h>

#include "prognos/plan_report.h"

/* One analysis as the writers see it. */
typedef struct {
    const pg_report_item *item;
    json_t *json;        /* item->json parsed (owned), or NULL */
    char name[96];       /* unique in the report, [A-Za-z0-9_.-] only: anchors "a-NAME",
                          * figure files figures/NAME.svg */
    size_t table_no;     /* 1-based number of its table, 0 when it has none */
    size_t figure_no;    /* 1-based number of its figure, 0 when it has none */
} rep_item;

/* The report being written: the caller's pg_report, its items, the methods paragraph. */
typedef struct {
    const pg_report *r;
    rep_item *items;     /* r->n_items */
    char *methods;       /* the methods paragraph, plain UTF-8 text (owned) */
    const char **refs;   /* the references cited, in the list's order (texts not owned) */
    size_t n_refs;
} rep_doc;

/* Write the methods paragraph and the list of references of d's successful analyses into
 * d->methods and d->refs. PG_OK or PG_ENOMEM. */
int rep_methods_build(rep_doc *d);

/* The options in force of an analysis as one line "conf-type=log, times=60,120", from its
 * JSON's input.options (nulls, false flags, empty lists and the runner's format/output left
 * out). A new string (free it), "" when there is none; NULL when out of memory. */
char *rep_options_line(const json_t *result);
/* A string member of the JSON's "input" object ("formula", "where"), or NULL. */
const char *rep_input_str(const json_t *result, const char *key);

/* What the status of an analysis means, for a reader: "cannot be done on these data". */
const char *rep_status_text(int status);

/* Write the whole report.html / report.md to f. 0, or -1 when writing fails. */
int rep_write_html(FILE *f, const rep_doc *d);
int rep_write_md(FILE *f, const rep_doc *d);

#endif
