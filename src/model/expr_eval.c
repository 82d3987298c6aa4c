/* expr_eval.c -- the evaluator: an expression over every row of a dataset, vectorised, with
 * R's missing-value rules -- variables (text columns of TRUE/FALSE are logical), arithmetic,
 * three-valued logic, comparisons (ordered factors by level), %in%, and calls through the
 * table of built-ins (expr_builtin.c); dates' arithmetic and comparisons are in expr_date.c. */
#include "expr_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_impl.h"
#include "suggest.h"

static int is_true_text(const char *s)
{
    return !strcmp(s, "TRUE") || !strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "T");
}

static int is_false_text(const char *s)
{
    return !strcmp(s, "FALSE") || !strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "F");
}

static int eval(pg_ex_ctx *x, pg_expr *e, pg_value *out);

static int eval_var(pg_ex_ctx *x, const pg_expr *e, pg_value *out)
{
    const pg_dataset *ds = x->c->ds;
    long j = pg_dataset_find(ds, e->name);
    if (j < 0 && (strcmp(e->name, "T") == 0 || strcmp(e->name, "F") == 0)) {
        /* R's T and F are TRUE and FALSE unless a column has that name. */
        if (pg_ex_alloc_num(out, PG_V_LGL, 1)) return pg_ex_nomem(x);
        out->num[0] = e->name[0] == 'T';
        return PG_OK;
    }
    if (j < 0) {
        const char **names = pg_malloc_array(ds->ncol ? ds->ncol : 1, sizeof *names);
        if (!names) return pg_ex_nomem(x);
        for (size_t k = 0; k < ds->ncol; k++) names[k] = ds->cols[k].name;
        const char *near = pg_suggest(e->name, names, ds->ncol);
        free(names);
        char sug[200] = "";
        if (near) snprintf(sug, sizeof sug, "; did you mean '%s'?", near);
        return pg_ex_fail(x, e->pos, sug, "unknown variable '%s'", e->name);
    }
    const pg_column *c = &ds->cols[j];
    memset(out, 0, sizeof *out);
    out->n = ds->nrow;
    if (c->type != PG_COL_CATEGORICAL) {
        out->type = c->type == PG_COL_DATE ? PG_V_DATE : PG_V_NUM;
        out->num = c->num;
        out->borrowed = 1;
        return PG_OK;
    }
    /* A text column of TRUE/FALSE values is logical, as R's read.csv makes it. */
    int logical = c->nlevels > 0;
    for (size_t k = 0; k < c->nlevels && logical; k++)
        logical = is_true_text(c->levels[k]) || is_false_text(c->levels[k]);
    if (logical) {
        if (pg_ex_alloc_num(out, PG_V_LGL, ds->nrow)) return pg_ex_nomem(x);
        for (size_t i = 0; i < ds->nrow; i++)
            out->num[i] = c->code[i] < 0 ? NAN : is_true_text(c->levels[c->code[i]]);
        return PG_OK;
    }
    out->type = PG_V_FAC;
    out->code = c->code;
    out->nlevels = c->nlevels;
    out->levels = c->levels;
    out->borrowed = 1;
    return PG_OK;
}

/* x^y as R computes it (R_pow, R's arithmetic.c): 1^y and x^0 are 1 even when the other is
 * NA (R: NA^0 is 1, 1^NA is 1); otherwise NA propagates; a negative base to an infinite power,
 * and -Inf to a fractional one, are NaN where C's pow() gives 0, 1 or Inf. */
static double r_pow(double x, double y)
{
    if (x == 1 || y == 0) return 1;
    if (isnan(x) || isnan(y)) return NAN;
    if (x < 0 && (isinf(y) || (isinf(x) && y != floor(y)))) return NAN;
    return pow(x, y);
}

/* An operand of a (operand b, if any) of operator op is text: "'OP' needs WHAT, but 'a' is
 * text". Returns PG_EINPUT after failing, PG_OK when both are numbers or logicals. */
static int text_operand(pg_ex_ctx *x, const pg_expr *e, const pg_value *a, const pg_value *b,
                        const char *op, const char *what, int logic)
{
    const pg_value *bad = a->type == PG_V_FAC ? a : b && b->type == PG_V_FAC ? b : NULL;
    if (!bad && logic) /* dates are no TRUE/FALSE values either */
        bad = a->type == PG_V_DATE ? a : b && b->type == PG_V_DATE ? b : NULL;
    if (!bad) return PG_OK;
    char *t = pg_expr_deparse(bad == a ? e->args[0] : e->args[1]), why[512];
    pg_ex_fail(x, e->oppos, pg_ex_dates_why(bad, x->c->ds, why, sizeof why),
               "'%s' needs %s, but '%s' is %s", op, what, t ? t : "?",
               bad->type == PG_V_DATE ? "a date" : "text");
    free(t);
    return PG_EINPUT;
}

/* Arithmetic, vectorised; NA (NaN) propagates through IEEE arithmetic. */
static int eval_arith(pg_ex_ctx *x, const pg_expr *e, pg_value *a, pg_value *b, pg_value *out)
{
    if (text_operand(x, e, a, b, pg_ex_op_name(e->op), "numbers", 0)) return PG_EINPUT;
    if (a->type == PG_V_DATE || (b && b->type == PG_V_DATE))
        return pg_ex_date_arith(x, e, a, b, out);
    size_t n = b ? (a->n > b->n ? a->n : b->n) : a->n;
    if (pg_ex_alloc_num(out, PG_V_NUM, n)) return pg_ex_nomem(x);
    for (size_t i = 0; i < n; i++) {
        double u = pg_ex_nget(a, i), v = b ? pg_ex_nget(b, i) : 0, r;
        switch (e->op) {
        case PG_OP_PLUS: r = b ? u + v : u; break;
        case PG_OP_MINUS: r = b ? u - v : -u; break;
        case PG_OP_TIMES: r = u * v; break;
        case PG_OP_DIV: r = u / v; break;
        default: r = r_pow(u, v); break;
        }
        out->num[i] = r;
    }
    return PG_OK;
}

/* R's three-valued logic: NA & FALSE is FALSE, NA | TRUE is TRUE, otherwise NA propagates. */
static int eval_logic(pg_ex_ctx *x, const pg_expr *e, pg_value *a, pg_value *b, pg_value *out)
{
    const char *op = e->op == PG_OP_NOT ? "!" : e->op == PG_OP_AND || e->op == PG_OP_AND2 ? "&" : "|";
    if (text_operand(x, e, a, b, op, "TRUE/FALSE values", 1)) return PG_EINPUT;
    size_t n = b ? (a->n > b->n ? a->n : b->n) : a->n;
    if (pg_ex_alloc_num(out, PG_V_LGL, n)) return pg_ex_nomem(x);
    for (size_t i = 0; i < n; i++) {
        double u = pg_ex_truth(a, i), v = b ? pg_ex_truth(b, i) : 0, r;
        if (e->op == PG_OP_NOT) {
            r = isnan(u) ? NAN : !u;
        } else if (e->op == PG_OP_AND || e->op == PG_OP_AND2) {
            if (u == 0 || v == 0) r = 0;
            else if (isnan(u) || isnan(v)) r = NAN;
            else r = 1;
        } else {
            if (u == 1 || v == 1) r = 1;
            else if (isnan(u) || isnan(v)) r = NAN;
            else r = 0;
        }
        out->num[i] = r;
    }
    return PG_OK;
}

static int cmp_result(int op, int c)
{
    switch (op) {
    case PG_OP_EQ: return c == 0;
    case PG_OP_NE: return c != 0;
    case PG_OP_LT: return c < 0;
    case PG_OP_LE: return c <= 0;
    case PG_OP_GT: return c > 0;
    default: return c >= 0;
    }
}

/* Turn a numeric constant into the text R would compare a factor with ("2", "2.5"). */
static int num_const_to_text(pg_ex_ctx *x, const pg_value *v, pg_value *out)
{
    char buf[64];
    pg_fmt_rnum(buf, sizeof buf, v->num[0]);
    const char *l[] = {buf};
    if (pg_ex_alloc_fac(out, 1, isnan(v->num[0]) ? 0 : 1, l)) {
        pg_value_clear(out);
        return pg_ex_nomem(x);
    }
    out->code[0] = isnan(v->num[0]) ? -1 : 0;
    return PG_OK;
}

/* Is e a constant as written (a string, a number, -number), through brackets? */
static int is_literal(const pg_expr *e)
{
    while (e->kind == PG_EX_PAREN) e = e->args[0];
    return e->kind == PG_EX_STR || e->kind == PG_EX_NUM ||
           (e->kind == PG_EX_UN && e->op == PG_OP_MINUS && e->args[0]->kind == PG_EX_NUM);
}

/* A constant compared with a column's text must be one of its levels: R would answer FALSE for
 * every row of status == "Dead" when the level is "dead", and a survival analysis would run with
 * no events. So it is an error, with the caret under the constant, the nearest level
 * (accent-, case- and blank-insensitive: pg_suggest_level) and the list of levels. */
static int level_missing(pg_ex_ctx *x, long pos, const char *value, const pg_expr *col_e,
                         const pg_value *col)
{
    /* a column by its name as in the data ('Recidiva local', not '`Recidiva local`') */
    char *t = col_e->kind == PG_EX_VAR ? pg_strdup(col_e->name) : pg_expr_deparse(col_e);
    char lv[200], hint[300] = "";
    const char *near = pg_suggest_level(value, (const char *const *)col->levels, col->nlevels);
    if (near) snprintf(hint, sizeof hint, "; did you mean '%s'?", near);
    int rc = pg_ex_fail(x, pos, NULL, "'%s' is not a level of '%s'%s (levels: %s)", value,
                        t ? t : "?", hint, pg_ex_level_list(col, lv, sizeof lv));
    free(t);
    return rc;
}

/* Comparisons. Numbers compare as numbers; text (factor levels and strings) compares as text
 * for == and !=; < <= > >= on text need an ordered factor (fnclcc(), ajcc_t()) and compare level
 * positions, as R does for ordered factors. A number compared with text is an error, except a
 * literal number compared with a factor, which R coerces to its text (grade == 2). */
static int eval_cmp(pg_ex_ctx *x, const pg_expr *e, pg_value *a, pg_value *b, pg_value *out)
{
    if (a->type == PG_V_DATE || b->type == PG_V_DATE)
        return pg_ex_date_cmp(x, e, a, b, out, cmp_result);
    int fa = a->type == PG_V_FAC, fb = b->type == PG_V_FAC;
    pg_value conv = {0};
    if (fa != fb && (fa ? b : a)->type == PG_V_LGL) {
        /* A logical against text compares as "TRUE"/"FALSE", as R coerces it (died == "TRUE"). */
        pg_value *lv = fa ? b : a;
        static const char *const tf[] = {"FALSE", "TRUE"};
        if (pg_ex_alloc_fac(&conv, lv->n, 2, tf)) {
            pg_value_clear(&conv);
            return pg_ex_nomem(x);
        }
        for (size_t i = 0; i < lv->n; i++)
            conv.code[i] = isnan(lv->num[i]) ? -1 : (int32_t)(lv->num[i] != 0);
        if (fa) b = &conv;
        else a = &conv;
        fb = fa = 1;
    }
    if (fa != fb) {
        pg_value *nv = fa ? b : a;
        const pg_expr *ne = fa ? e->args[1] : e->args[0];
        const pg_expr *fe = fa ? e->args[0] : e->args[1];
        const pg_expr *core = ne;
        while (core->kind == PG_EX_PAREN) core = core->args[0];
        int literal = core->kind == PG_EX_NUM ||
                      (core->kind == PG_EX_UN && core->op == PG_OP_MINUS &&
                       core->args[0]->kind == PG_EX_NUM);
        /* a column, even of one row (a one-row dataset is not a constant), not a string */
        if (literal && !is_literal(fe)) {
            int rc = num_const_to_text(x, nv, &conv);
            if (rc) return rc;
            if (fa) b = &conv;
            else a = &conv;
        } else {
            char *nt = pg_expr_deparse(ne), *ft = pg_expr_deparse(fe);
            const pg_expr *fcore = fe;
            while (fcore->kind == PG_EX_PAREN) fcore = fcore->args[0];
            if (fcore->kind == PG_EX_STR)
                pg_ex_fail(x, e->oppos, NULL, "cannot compare %s '%s' with the string %s",
                      pg_ex_type_name(nv->type), nt ? nt : "?", ft ? ft : "?");
            else
                pg_ex_fail(x, e->oppos, NULL, "cannot compare %s '%s' with text '%s'",
                      pg_ex_type_name(nv->type), nt ? nt : "?", ft ? ft : "?");
            free(nt);
            free(ft);
            return PG_EINPUT;
        }
    }
    size_t n = a->n > b->n ? a->n : b->n;
    if (a->type != PG_V_FAC) {
        if (pg_ex_alloc_num(out, PG_V_LGL, n)) return pg_ex_nomem(x);
        for (size_t i = 0; i < n; i++) {
            double u = pg_ex_nget(a, i), v = pg_ex_nget(b, i);
            out->num[i] = isnan(u) || isnan(v) ? NAN : cmp_result(e->op, (u > v) - (u < v));
        }
        pg_value_clear(&conv);
        return PG_OK;
    }
    int rc = PG_OK;
    long *mapb = NULL;        /* level of b -> level of the ordered side (a) */
    int ordering = e->op != PG_OP_EQ && e->op != PG_OP_NE;
    /* A constant against a column: the constant must be a level (level_missing). */
    for (int side = 0; side < 2 && !ordering; side++) {
        const pg_value *lit = side ? b : a, *col = side ? a : b;
        const pg_expr *le = e->args[side], *ce = e->args[1 - side];
        if (!is_literal(le) || is_literal(ce) || lit->n != 1 || lit->code[0] < 0) continue;
        const char *value = lit->levels[lit->code[0]];
        if (pg_ex_find_level(col, value) < 0) {
            rc = level_missing(x, le->pos, value, ce, col);
            pg_value_clear(&conv);   /* col may be conv */
            return rc;
        }
    }
    pg_value *ord = NULL, *oth = NULL;
    if (ordering) {
        ord = a->ordered ? a : b->ordered ? b : NULL;
        oth = ord == a ? b : a;
        if (!ord) {
            char *t = pg_expr_deparse(e->args[0]), why[512];
            if (*pg_ex_dates_why(a, x->c->ds, why, sizeof why))
                rc = pg_ex_fail(x, e->oppos, why, "'%s' is not meaningful for text '%s'",
                                pg_ex_op_name(e->op), t ? t : "?");
            else
                rc = pg_ex_fail(x, e->oppos, NULL, "'%s' is not meaningful for text '%s' (only "
                                "for ordered factors such as fnclcc() and ajcc_t())",
                                pg_ex_op_name(e->op), t ? t : "?");
            free(t);
            goto done;
        }
        mapb = pg_malloc_array(oth->nlevels, sizeof *mapb);
        if (!mapb) {
            rc = pg_ex_nomem(x);
            goto done;
        }
        for (size_t k = 0; k < oth->nlevels; k++) {
            mapb[k] = pg_ex_find_level(ord, oth->levels[k]);
            const pg_expr *oe = ord == a ? e->args[1] : e->args[0];
            if (mapb[k] < 0 && is_literal(oe)) {
                rc = level_missing(x, is_literal(oe) ? oe->pos : e->oppos, oth->levels[k],
                                   ord == a ? e->args[0] : e->args[1], ord);
                goto done;
            }
        }
    }
    if (pg_ex_alloc_num(out, PG_V_LGL, n)) {
        rc = pg_ex_nomem(x);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        int32_t u = pg_ex_cget(a, i), v = pg_ex_cget(b, i);
        if (u < 0 || v < 0) {
            out->num[i] = NAN;
        } else if (!ordering) {
            out->num[i] = cmp_result(e->op, strcmp(a->levels[u], b->levels[v]));
        } else {
            long ou = ord == a ? u : mapb[u], ov = ord == a ? mapb[v] : v;
            if (ou < 0 || ov < 0) out->num[i] = NAN;
            else out->num[i] = cmp_result(e->op, (ou > ov) - (ou < ov));
        }
    }
done:
    free(mapb);
    pg_value_clear(&conv);
    if (rc) pg_value_clear(out);
    return rc;
}

/* x %in% c(...): TRUE where x equals one of the listed literals; never NA (R's match()). */
static int eval_in(pg_ex_ctx *x, const pg_expr *e, pg_value *out)
{
    const pg_expr *set = e->args[1];
    while (set->kind == PG_EX_PAREN) set = set->args[0];
    const pg_expr *const *items;
    size_t nitems;
    const pg_expr *single = set;
    if (set->kind == PG_EX_CALL && strcmp(set->name, "c") == 0) {
        items = (const pg_expr *const *)set->args;
        nitems = set->nargs;
    } else {
        items = &single;
        nitems = 1;
    }
    for (size_t k = 0; k < nitems; k++) {
        const pg_expr *it = items[k];
        int neg = it->kind == PG_EX_UN && it->op == PG_OP_MINUS && it->args[0]->kind == PG_EX_NUM;
        if (!(it->kind == PG_EX_NUM || it->kind == PG_EX_STR || it->kind == PG_EX_LGL ||
              it->kind == PG_EX_NA || neg))
            return pg_ex_fail(x, it->pos, NULL, "the right side of %%in%% must list constants, "
                         "as in c(\"DOD\", \"AWD\")");
    }
    pg_value a = {0};
    int rc = eval(x, e->args[0], &a);
    if (rc) return rc;
    if (a.type == PG_V_DATE) {
        pg_value_clear(&a);
        return pg_ex_fail(x, e->oppos, NULL, "%%in%% does not take dates; compare them, as in "
                          "x >= date(\"2010-01-01\")");
    }
    if (pg_ex_alloc_num(out, PG_V_LGL, a.n)) {
        pg_value_clear(&a);
        return pg_ex_nomem(x);
    }
    if (a.type == PG_V_FAC) {
        /* For each level, is it listed? Numbers are compared by their text. */
        char *hit = calloc(a.nlevels + 1, 1);
        if (!hit) {
            pg_value_clear(&a);
            pg_value_clear(out);
            return pg_ex_nomem(x);
        }
        int na_listed = 0;
        for (size_t k = 0; k < nitems; k++) {
            const pg_expr *it = items[k];
            char buf[64];
            const char *s;
            if (it->kind == PG_EX_NA) {
                na_listed = 1;
                continue;
            } else if (it->kind == PG_EX_STR) {
                s = it->name;
            } else if (it->kind == PG_EX_LGL) {
                s = it->num ? "TRUE" : "FALSE";
            } else {
                double v = it->kind == PG_EX_NUM ? it->num : -it->args[0]->num;
                s = pg_fmt_rnum(buf, sizeof buf, v);
            }
            long lv = pg_ex_find_level(&a, s);
            if (lv < 0) {
                /* a listed value that is no level: status %in% c("DOD", "Dod") (level_missing) */
                free(hit);
                rc = level_missing(x, it->pos, s, e->args[0], &a);
                pg_value_clear(&a);
                pg_value_clear(out);
                return rc;
            }
            hit[lv] = 1;
        }
        for (size_t i = 0; i < a.n; i++) {
            int32_t c = a.code[i];
            out->num[i] = c < 0 ? na_listed : hit[c];
        }
        free(hit);
    } else {
        for (size_t k = 0; k < nitems; k++)
            if (items[k]->kind == PG_EX_STR) {
                char *t = pg_expr_deparse(e->args[0]);
                rc = pg_ex_fail(x, items[k]->pos, NULL, "cannot compare %s '%s' with the string \"%s\"",
                           pg_ex_type_name(a.type), t ? t : "?", items[k]->name);
                free(t);
                pg_value_clear(&a);
                pg_value_clear(out);
                return rc;
            }
        for (size_t i = 0; i < a.n; i++) {
            double u = a.num[i];
            int r = 0;
            for (size_t k = 0; k < nitems && !r; k++) {
                const pg_expr *it = items[k];
                if (it->kind == PG_EX_NA) r = isnan(u);
                else if (it->kind == PG_EX_UN) r = u == -it->args[0]->num;
                else r = u == it->num;
            }
            out->num[i] = r;
        }
    }
    pg_value_clear(&a);
    return PG_OK;
}

/* A call: look the function up in the table of built-ins (expr_builtin.c), check the number
 * of arguments the table gives, and let the function evaluate them. */
static int eval_call(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    for (size_t k = 0; k < pg_ex_nbuiltins; k++) {
        const pg_ex_builtin *b = &pg_ex_builtins[k];
        if (strcmp(e->name, b->name) != 0) continue;
        if (b->max_args != PG_EX_ANY) {
            int rc = pg_ex_arity(x, e, b->min_args, b->max_args);
            if (rc) return rc;
        }
        return b->fn(x, e, out);
    }
    const char **names = pg_malloc_array(pg_ex_nbuiltins, sizeof *names);
    if (!names) return pg_ex_nomem(x);
    for (size_t k = 0; k < pg_ex_nbuiltins; k++) names[k] = pg_ex_builtins[k].name;
    const char *near = pg_suggest(e->name, names, pg_ex_nbuiltins);
    free(names);
    char sug[120] = "";
    if (near) snprintf(sug, sizeof sug, "; did you mean '%s'?", near);
    return pg_ex_fail(x, e->oppos, sug, "unknown function '%s'", e->name);
}

static int eval(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    memset(out, 0, sizeof *out);
    int rc = PG_OK;
    switch (e->kind) {
    case PG_EX_NUM:
    case PG_EX_LGL:
    case PG_EX_NA:
        if (pg_ex_alloc_num(out, e->kind == PG_EX_NUM ? PG_V_NUM : PG_V_LGL, 1)) return pg_ex_nomem(x);
        out->num[0] = e->kind == PG_EX_NA ? NAN : e->num;
        return PG_OK;
    case PG_EX_STR: {
        const char *l[] = {e->name};
        if (pg_ex_alloc_fac(out, 1, 1, l)) {
            pg_value_clear(out);
            return pg_ex_nomem(x);
        }
        out->code[0] = 0;
        return PG_OK;
    }
    case PG_EX_VAR: return eval_var(x, e, out);
    case PG_EX_PAREN: return eval(x, e->args[0], out);
    case PG_EX_CALL: return eval_call(x, e, out);
    case PG_EX_UN: {
        if (e->op == PG_OP_TILDE) return pg_ex_fail(x, e->oppos, NULL, "unexpected '~'");
        pg_value a = {0};
        rc = eval(x, e->args[0], &a);
        if (rc) return rc;
        rc = e->op == PG_OP_NOT ? eval_logic(x, e, &a, NULL, out) : eval_arith(x, e, &a, NULL, out);
        pg_value_clear(&a);
        return rc;
    }
    case PG_EX_BIN: break;
    }
    switch (e->op) {
    case PG_OP_TILDE: return pg_ex_fail(x, e->oppos, NULL, "unexpected '~'");
    case PG_OP_COLON:
        return pg_ex_fail(x, e->oppos, NULL, "':' joins formula terms (an interaction) and cannot be "
                     "used inside an expression");
    case PG_OP_IN: return eval_in(x, e, out);
    default: break;
    }
    pg_value a = {0}, b = {0};
    rc = eval(x, e->args[0], &a);
    if (!rc) rc = eval(x, e->args[1], &b);
    if (!rc) {
        switch (e->op) {
        case PG_OP_OR: case PG_OP_OR2: case PG_OP_AND: case PG_OP_AND2:
            rc = eval_logic(x, e, &a, &b, out);
            break;
        case PG_OP_EQ: case PG_OP_NE: case PG_OP_LT: case PG_OP_LE: case PG_OP_GT: case PG_OP_GE:
            rc = eval_cmp(x, e, &a, &b, out);
            break;
        default:
            rc = eval_arith(x, e, &a, &b, out);
            break;
        }
    }
    pg_value_clear(&a);
    pg_value_clear(&b);
    return rc;
}

int pg_expr_eval(pg_expr *e, const pg_eval_ctx *ctx, pg_value *out, pg_error *err)
{
    pg_ex_ctx x = {ctx, err, ctx->ds->nrow, eval};
    memset(out, 0, sizeof *out);
    int rc = eval(&x, e, out);
    if (!rc && out->type == PG_V_DATE && ctx->term) {
        /* A model takes numbers; a date is a day count only by convention (R's Surv() refuses
         * a Date: "Time variable is not numeric"). */
        char *t = pg_expr_deparse(e);
        rc = pg_ex_fail(&x, e->pos, PG_EX_DATE_HINT, "'%s' is a date (a model needs numbers)", t ? t : "?");
        free(t);
    }
    if (rc) {
        pg_value_clear(out);
        return rc;
    }
    /* Recycle constants to every row, so callers see one value per row. */
    if (out->n == 1 && x.n != 1) {
        pg_value full = *out;
        full.n = x.n;
        full.borrowed = 0;
        if (out->type == PG_V_FAC) {
            full.code = pg_malloc_array(x.n, sizeof *full.code);
            if (!full.code) goto nomem;
            for (size_t i = 0; i < x.n; i++) full.code[i] = out->code[0];
            free(out->code);
        } else {
            full.num = pg_malloc_array(x.n, sizeof *full.num);
            if (!full.num) goto nomem;
            for (size_t i = 0; i < x.n; i++) full.num[i] = out->num[0];
            free(out->num);
        }
        *out = full;
    }
    return PG_OK;
nomem:
    pg_value_clear(out);
    return pg_fail(err, PG_ENOMEM, "out of memory");
}
