/* expr_date.c -- dates in expressions, as R's Date class behaves (R's Ops.Date, "+.Date" and
 * "-.Date" in base/R/dates.R):
 *   date - date     numbers: the days between them (R: a difftime in days; as.numeric() of it)
 *   date +/- x      a date x days later / earlier (x numbers; R keeps the class)
 *   x + date        a date
 *   date + date, x - date, -date, and * / ^ with a date: errors, as in R
 *   comparisons     date with date; with a string, read as an ISO date ("2010-01-01"), as R
 *                   does; with a number: an error here (R compares the day count, which is
 *                   rarely what was meant), so write date("2010-01-01")
 *   date(text [, format = "%d/%m/%Y"]) and as.Date(...): text to dates.
 * NA propagates: NaN days. */
#include "expr_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prognos/date.h"

static const pg_expr *core_of(const pg_expr *e)
{
    while (e->kind == PG_EX_PAREN) e = e->args[0];
    return e;
}

/* Fail naming operator op and its operand e ("'*' is not defined for dates..."). */
static int refuse(pg_ex_ctx *x, const pg_expr *e, const char *why)
{
    return pg_ex_fail(x, e->oppos, PG_EX_DATE_HINT, "'%s' %s", pg_ex_op_name(e->op), why);
}

int pg_ex_date_arith(pg_ex_ctx *x, const pg_expr *e, const pg_value *a, const pg_value *b,
                     pg_value *out)
{
    int da = a->type == PG_V_DATE, db = b && b->type == PG_V_DATE;
    pg_vtype type;
    if (!b) return refuse(x, e, "is not defined for a date (as in R)");
    if (e->op == PG_OP_MINUS && da) type = db ? PG_V_NUM : PG_V_DATE;
    else if (e->op == PG_OP_MINUS) return refuse(x, e, "can only subtract from a date, not a "
                                                 "date from a number (as in R)");
    else if (e->op == PG_OP_PLUS && !(da && db)) type = PG_V_DATE;
    else if (e->op == PG_OP_PLUS) return refuse(x, e, "cannot add two dates (as in R)");
    else return refuse(x, e, "is not defined for dates (as in R)");
    size_t n = a->n > b->n ? a->n : b->n;
    if (pg_ex_alloc_num(out, type, n)) return pg_ex_nomem(x);
    for (size_t i = 0; i < n; i++) {
        double u = pg_ex_nget(a, i), v = pg_ex_nget(b, i);
        out->num[i] = e->op == PG_OP_MINUS ? u - v : u + v;
    }
    return PG_OK;
}

/* The string literal e (value v) as an ISO date into *days, else an error at the string. */
static int literal_date(pg_ex_ctx *x, const pg_expr *e, const pg_value *v, double *days)
{
    const char *s = v->code[0] < 0 ? NULL : v->levels[v->code[0]];
    if (!s) {
        *days = NAN;
        return PG_OK;
    }
    pg_date_status st = pg_date_parse(s, strlen(s), NULL, days);
    if (st == PG_DATE_OK) return PG_OK;
    return pg_ex_fail(x, e->pos, NULL, "\"%s\" is %s", s,
                      st == PG_DATE_INVALID ? "not a valid date"
                                            : "not a date (write dates as \"2010-01-31\")");
}

int pg_ex_date_cmp(pg_ex_ctx *x, const pg_expr *e, const pg_value *a, const pg_value *b,
                   pg_value *out, int (*cmp)(int op, int c))
{
    double lit[2] = {0, 0};
    const pg_value *side[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        const pg_value *v = side[k];
        if (v->type == PG_V_DATE) continue;
        const pg_expr *ve = e->args[k], *oe = e->args[1 - k];
        if (v->type == PG_V_FAC && v->n == 1 && core_of(ve)->kind == PG_EX_STR) {
            int rc = literal_date(x, core_of(ve), v, &lit[k]);
            if (rc) return rc;
            continue;
        }
        char *vt = pg_expr_deparse(ve), *ot = pg_expr_deparse(oe), why[512];
        if (*pg_ex_dates_why(v, x->c->ds, why, sizeof why))
            pg_ex_fail(x, e->oppos, why, "cannot compare date '%s' with text '%s'", ot ? ot : "?",
                       vt ? vt : "?");
        else
            pg_ex_fail(x, e->oppos, NULL, "cannot compare date '%s' with %s '%s'; compare it "
                       "with another date, as in %s >= date(\"2010-01-01\")", ot ? ot : "?",
                       pg_ex_type_name(v->type), vt ? vt : "?", ot ? ot : "?");
        free(vt);
        free(ot);
        return PG_EINPUT;
    }
    size_t n = a->n > b->n ? a->n : b->n;
    if (pg_ex_alloc_num(out, PG_V_LGL, n)) return pg_ex_nomem(x);
    for (size_t i = 0; i < n; i++) {
        double u = a->type == PG_V_DATE ? pg_ex_nget(a, i) : lit[0];
        double v = b->type == PG_V_DATE ? pg_ex_nget(b, i) : lit[1];
        out->num[i] = isnan(u) || isnan(v) ? NAN : cmp(e->op, (u > v) - (u < v));
    }
    return PG_OK;
}

/* date(x [, format = "%d/%m/%Y"]), as.Date(...): text (a string or a text column) read as dates,
 * ISO 8601 unless format says otherwise (pg_date_parse); a date stays itself. A text that is no
 * date is an error naming it (and the row, for a column): never a silent NA. */
int pg_ex_fn_date(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    static const char *const names[] = {"format", NULL};
    int rc = pg_ex_check_argnames(x, e, names);
    if (rc) return rc;
    const pg_expr *arg = NULL, *fmt_e = NULL;
    for (size_t i = 0; i < e->nargs; i++) {
        if (e->argnames && e->argnames[i]) fmt_e = e->args[i];
        else if (!arg) arg = e->args[i];
        else return pg_ex_fail(x, e->args[i]->pos, NULL, "%s() takes one text; give the format "
                               "as format = \"%%d/%%m/%%Y\"", e->name);
    }
    if (!arg) return pg_ex_fail(x, e->oppos, NULL, "%s() needs a text, as in %s(\"2010-01-31\")",
                                e->name, e->name);
    const char *fmt = NULL;
    if (fmt_e) {
        pg_error ferr = {0};
        if (core_of(fmt_e)->kind != PG_EX_STR)
            return pg_ex_fail(x, fmt_e->pos, NULL, "format must be a string, as in "
                              "format = \"%%d/%%m/%%Y\"");
        fmt = core_of(fmt_e)->name;
        if (pg_date_check_format(fmt, &ferr))
            return pg_ex_fail(x, fmt_e->pos, NULL, "%s", ferr.msg);
    }
    pg_value a = {0};
    rc = x->eval(x, (pg_expr *)arg, &a);
    if (rc) return rc;
    if (a.type == PG_V_DATE) {
        *out = a;
        return PG_OK;
    }
    if (a.type != PG_V_FAC) {
        char *t = pg_expr_deparse(arg);
        rc = pg_ex_fail(x, arg->pos, NULL, "%s() needs text such as \"2010-01-31\", but '%s' is "
                        "%s", e->name, t ? t : "?", pg_ex_type_name(a.type));
        free(t);
        pg_value_clear(&a);
        return rc;
    }
    double *days = pg_malloc_array(a.nlevels ? a.nlevels : 1, sizeof *days);
    if (!days || pg_ex_alloc_num(out, PG_V_DATE, a.n)) {
        free(days);
        pg_value_clear(&a);
        return pg_ex_nomem(x);
    }
    for (size_t k = 0; k < a.nlevels && !rc; k++) {
        const char *s = a.levels[k];
        pg_date_status st = pg_date_parse(s, strlen(s), fmt, &days[k]);
        if (st == PG_DATE_OK) continue;
        char where[300] = "";
        size_t row = 0;
        while (row < a.n && a.code[row] != (int32_t)k) row++;
        if (a.n > 1 && row < a.n) pg_ex_rowref(x->c->ds, row, where, sizeof where);
        rc = pg_ex_fail(x, arg->pos, where, "\"%s\" is %s", s,
                        st == PG_DATE_INVALID ? "not a valid date"
                        : fmt ? "not a date of the format given" : "not a date (ISO dates "
                                "are written 2010-01-31; give others a format = \"%d/%m/%Y\")");
    }
    for (size_t i = 0; i < a.n && !rc; i++) out->num[i] = a.code[i] < 0 ? NAN : days[a.code[i]];
    free(days);
    pg_value_clear(&a);
    if (rc) pg_value_clear(out);
    return rc;
}
