/* frame_model.h -- what a formula frame keeps of its formula so that new rows can be evaluated
 * the same way (frame_new.c builds it, frame_newdata.c re-applies it). Internal to src/model. */
#ifndef PG_FRAME_MODEL_H
#define PG_FRAME_MODEL_H

#include <stddef.h>

#include "expr.h"
#include "formula.h"

typedef struct mleaf {
    char *var;              /* name in column and group names: "grade" for factor(grade) */
    int factor;             /* dummy-coded; else one numeric column */
    int logical;            /* numeric 0/1 from a logical I(): values print TRUE/FALSE */
    int ordered;
    size_t nlevels;         /* factor: used levels, reference first */
    char **levels;
} mleaf;

typedef struct model {
    pg_formula *f;
    mleaf *leaves;          /* f->nleaves */
    unsigned char **full;   /* per term, per leaf: factor coded by all its levels (no contrast) */
} model;

/* Columns a leaf contributes to a term: 1 for a numeric variable, levels - 1 for a factor
 * coded by contrasts, every level for a factor coded in full. */
static inline size_t leaf_ncol(const mleaf *l, int full)
{
    if (!l->factor) return 1;
    if (full) return l->nlevels;
    return l->nlevels > 0 ? l->nlevels - 1 : 0;
}

/* Text of row i of a value (factor level, TRUE/FALSE, number as R prints it); NULL if NA. The
 * texts group and stratum names are made of (frame_new.c). */
const char *pg_frame_value_text(const pg_value *v, size_t i, char *buf, size_t len);
/* The name of a group or stratum: "a=x, b=y" from n variable names and their values ("" when
 * n is 0); a new string, NULL when out of memory (frame_new.c). */
char *pg_frame_tuple_name(const char *const *names, const char *const *values, size_t n);
/* The file dataset row i came from ("" if none). */
const char *pg_frame_row_file(const pg_dataset *ds, size_t i);
/* " in row 12" when the dataset has no file positions (those go into err->file/line), else "". */
const char *pg_frame_row_note(const pg_dataset *ds, size_t i, char *buf, size_t len);

#endif
