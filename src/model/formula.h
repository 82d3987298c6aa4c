/* formula.h -- R-style model formulas: `Surv(time, event) ~ terms`, parsed into the response,
 * the model terms (main effects first, then interactions, as R's terms() orders them), the
 * variables ("leaves") the terms are made of, strata() and cluster(). Evaluation on a dataset is
 * the model frame's job (frame_new.c). Internal. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_FORMULA_H
#define PG_FORMULA_H

#include <stddef.h>

#include "expr.h"

/* Surv(type = ): right censored (the default), left censored, or interval2 (lower and upper
 * ends, NA for an open end), as R's Surv() codes them. */
enum { PG_SURV_RIGHT = 0, PG_SURV_LEFT = 1, PG_SURV_INTERVAL2 = 2 };

typedef struct pg_fterm {
    size_t nleaf;
    size_t *leaf;           /* indices into pg_formula.leaves, ascending (order of appearance) */
    char *label;            /* leaf labels joined with ':' ("age:sex") */
    long pos;               /* 1-based offset of the term in the formula text */
} pg_fterm;

typedef struct pg_formula {
    char *text;             /* the formula as given */
    pg_expr *tree;          /* owned; every pg_expr * below points into it */
    pg_expr *time2;         /* Surv(time, time2, type = "interval2"): the upper end; else NULL */
    int surv_type;          /* PG_SURV_*: the Surv(type = ) (event is NULL for interval2) */
    pg_expr *time, *event;  /* the arguments of Surv() (time: the stop time of Surv(start,
                               stop, event)) */
    pg_expr *start;         /* the start time of Surv(start, stop, event); NULL for
                               Surv(time, event) */
    char *response;         /* "Surv(months, status == \"DOD\")" */
    size_t nleaves;
    pg_expr **leaves;       /* distinct right-hand-side variables, in order of appearance */
    char **leaf_labels;     /* their deparsed text: "age", "factor(grade)", "I(size_cm > 5)" */
    size_t nterms;
    pg_fterm *terms;
    size_t nstrata;
    pg_expr **strata;       /* the arguments of every strata() call, in order */
    char **strata_labels;
    pg_expr *cluster;       /* the argument of cluster(), or NULL */
    char *cluster_label;
    pg_expr *offset;        /* the argument of offset(), or NULL */
    char *offset_label;
} pg_formula;

/* Parse text. On failure *out is NULL and err has the term and the 1-based column of the
 * offending token (for a caret under the formula). */
int pg_formula_parse(const char *text, pg_formula **out, pg_error *err);
void pg_formula_free(pg_formula *f);
/* The time argument of the Surv() response of text (a formula, or a response alone), as R
 * deparses it: "months" of Surv(months, status), "stop" of Surv(start, stop, event),
 * "`Seguimiento (meses)`" with its backquotes; what a time unit is told from. A new string,
 * or NULL when text does not parse or has no Surv() response (or out of memory). */
char *pg_formula_time_text(const char *text);

#endif
