/* expr_value.c -- the values expressions evaluate to (pg_value: numbers, logicals, factors, with
 * R's NA) and the helpers every part of the evaluator uses: allocation, located error
 * messages, argument checks. */
#include "expr_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pg_value_clear(pg_value *v)
{
    if (!v) return;
    if (!v->borrowed) {
        free(v->num);
        free(v->code);
        for (size_t k = 0; k < v->nlevels; k++) free(v->levels[k]);
        free(v->levels);
    }
    memset(v, 0, sizeof *v);
}

int pg_ex_alloc_num(pg_value *v, pg_vtype type, size_t n)
{
    memset(v, 0, sizeof *v);
    v->type = type;
    v->n = n;
    v->num = pg_malloc_array(n, sizeof *v->num);
    return v->num ? PG_OK : PG_ENOMEM;
}

/* A factor with the given level texts (copied) and n codes (uninitialised). */
int pg_ex_alloc_fac(pg_value *v, size_t n, size_t nlevels, const char *const *levels)
{
    memset(v, 0, sizeof *v);
    v->type = PG_V_FAC;
    v->n = n;
    v->code = pg_malloc_array(n, sizeof *v->code);
    v->levels = pg_calloc_array(nlevels, sizeof *v->levels);
    if (!v->code || !v->levels) return PG_ENOMEM;
    for (size_t k = 0; k < nlevels; k++) {
        v->levels[k] = pg_strdup(levels[k]);
        if (!v->levels[k]) return PG_ENOMEM;
        v->nlevels = k + 1;
    }
    return PG_OK;
}

/* An evaluation error at pos: "MSG in term 'T'SUFFIX" or "--where: MSG SUFFIX" (column pos). */
int pg_ex_fail(pg_ex_ctx *x, long pos, const char *suffix, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!suffix) suffix = "";
    if (x->c->term)
        return pg_fail_term(x->err, PG_EINPUT, x->c->term, pos, "%s in term '%s'%s", msg,
                            x->c->term, suffix);
    /* --where: no term (the message says --where), but the column, so the CLI can draw a
     * caret under pos in the --where text */
    pg_fail(x->err, PG_EINPUT, "--where: %s%s", msg, suffix);
    if (x->err && pos > 0) x->err->column = pos;
    return PG_EINPUT;
}

int pg_ex_nomem(pg_ex_ctx *x)
{
    return pg_fail(x->err, PG_ENOMEM, "out of memory");
}

/* " (file.csv:12)" or " (row 12)" for messages about one dataset row. */
const char *pg_ex_rowref(const pg_dataset *ds, size_t i, char *buf, size_t len)
{
    const char *f = pg_dataset_row_file(ds, i);
    long line = pg_dataset_row_line(ds, i);
    if (f && *f && line > 0) snprintf(buf, len, " (%s:%ld)", f, line);
    else snprintf(buf, len, " (row %zu)", i + 1);
    return buf;
}

const char *pg_ex_dates_why(const pg_value *v, const pg_dataset *ds, char *buf, size_t len)
{
    buf[0] = '\0';
    if (!v || v->type != PG_V_FAC || v->n < 2) return buf;
    size_t dates = 0, others = 0, first = v->nlevels;
    for (size_t k = 0; k < v->nlevels; k++) {
        if (pg_text_kind_of(v->levels[k]) == PG_TEXT_DATE) {
            dates++;
        } else {
            if (first == v->nlevels) first = k;
            others++;
        }
    }
    /* mostly dates: a few cells such as "unknown" or "pending" made the column text */
    if (dates < 2 || others == 0 || dates < 3 * others) return buf;
    size_t row = 0;
    while (row < v->n && v->code[row] != (int32_t)first) row++;
    char at[300] = "";
    if (row < v->n) pg_ex_rowref(ds, row, at, sizeof at);
    snprintf(buf, len, "; it holds dates, but '%.60s'%s is none, so it was read as text: add it "
             "to the missing-value tokens (--na ',NA,N/A,NaN,.,?,%.60s') or correct the cell",
             v->levels[first], at, v->levels[first]);
    return buf;
}

int pg_ex_arity(pg_ex_ctx *x, const pg_expr *e, size_t lo, size_t hi)
{
    if (e->nargs >= lo && e->nargs <= hi) return PG_OK;
    if (lo == hi)
        return pg_ex_fail(x, e->oppos, NULL, "%s() takes %zu argument%s, not %zu", e->name, lo,
                     lo == 1 ? "" : "s", e->nargs);
    return pg_ex_fail(x, e->oppos, NULL, "%s() takes %zu to %zu arguments, not %zu", e->name, lo, hi,
                 e->nargs);
}

/* Only the names listed may be given as name = value. */
int pg_ex_check_argnames(pg_ex_ctx *x, const pg_expr *e, const char *const *allowed)
{
    for (size_t i = 0; i < e->nargs; i++) {
        if (!e->argnames || !e->argnames[i]) continue;
        int ok = 0;
        for (size_t k = 0; allowed && allowed[k]; k++) ok |= !strcmp(allowed[k], e->argnames[i]);
        if (!ok)
            return pg_ex_fail(x, e->args[i]->pos, NULL, "unknown argument '%s' to %s()",
                         e->argnames[i], e->name);
    }
    return PG_OK;
}

int pg_ex_need_number(pg_ex_ctx *x, const pg_expr *e, const pg_value *v, const char *what)
{
    if (v->type != PG_V_FAC && v->type != PG_V_DATE) return PG_OK;
    char *t = pg_expr_deparse(e);
    int rc = pg_ex_fail(x, e->pos, v->type == PG_V_DATE ? PG_EX_DATE_HINT : NULL,
                        "%s needs numbers, but '%s' is %s", what, t ? t : "?",
                        v->type == PG_V_DATE ? "a date" : "text");
    free(t);
    return rc;
}

long pg_ex_find_level(const pg_value *v, const char *s)
{
    for (size_t k = 0; k < v->nlevels; k++)
        if (strcmp(v->levels[k], s) == 0) return (long)k;
    return -1;
}

const char *pg_ex_level_list(const pg_value *v, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t q = 0; q < v->nlevels && used + 24 < len; q++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", q ? ", " : "", v->levels[q]);
    if (v->nlevels && used + 24 >= len) snprintf(buf + used, len - used, ", ...");
    return buf;
}

/* Logical value of row i (numbers: nonzero is TRUE), NaN when NA. */
double pg_ex_truth(const pg_value *v, size_t i)
{
    double u = pg_ex_nget(v, i);
    return isnan(u) ? NAN : u != 0;
}

const char *pg_ex_type_name(pg_vtype t)
{
    return t == PG_V_NUM ? "numeric" : t == PG_V_LGL ? "logical" : t == PG_V_DATE ? "date" : "text";
}

