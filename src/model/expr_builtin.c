/* expr_builtin.c -- the built-in functions of the expression language, one table of
 * {name, min_args, max_args, fn}: log(x [, base]), exp, sqrt, abs, is.na, I, ifelse, as.numeric,
 * factor(x [, ref = ]), the staging functions fnclcc() and ajcc_t() (staging.c), date() and
 * as.Date() (expr_date.c), and the names
 * that are only meaningful elsewhere (Surv, strata, cluster, c), which say where they belong. */
#include "expr_impl.h"
#include "prognos/date.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* factor(x [, ref = "level"]): numbers become levels sorted numerically and printed as R's
 * as.character() prints them; TRUE/FALSE become FALSE < TRUE; text keeps its sorted levels.
 * ref moves one level to the front, as R's relevel(). Unused levels are dropped later, by the
 * model frame, once the rows are known. */
static int fn_factor(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    static const char *const names[] = {"ref", NULL};
    int rc = pg_ex_check_argnames(x, e, names);
    if (rc) return rc;
    const pg_expr *ref = NULL;
    pg_expr *arg = NULL;
    for (size_t i = 0; i < e->nargs; i++) {
        if (e->argnames[i]) ref = e->args[i];
        else if (!arg) arg = e->args[i];
        else return pg_ex_fail(x, e->args[i]->pos, NULL, "factor() takes one variable; choose the "
                          "reference level with ref = \"level\"");
    }
    if (!arg) return pg_ex_fail(x, e->oppos, NULL, "factor() needs a variable");
    char refbuf[64];
    const char *reftext = NULL;
    if (ref) {
        if (ref->kind == PG_EX_STR) reftext = ref->name;
        else if (ref->kind == PG_EX_NUM) reftext = pg_fmt_rnum(refbuf, sizeof refbuf, ref->num);
        else if (ref->kind == PG_EX_LGL) reftext = ref->num ? "TRUE" : "FALSE";
        else return pg_ex_fail(x, ref->pos, NULL, "ref must be a level, as in ref = \"2\"");
    }
    pg_value a = {0};
    rc = x->eval(x, arg, &a);
    if (rc) return rc;
    size_t n = a.n;
    if (a.type == PG_V_FAC) {
        if (pg_ex_alloc_fac(out, n, a.nlevels, (const char *const *)a.levels)) goto nomem;
        memcpy(out->code, a.code, n * sizeof *out->code);
        out->ordered = a.ordered;
    } else if (a.type == PG_V_LGL) {
        int seen[2] = {0, 0};
        for (size_t i = 0; i < n; i++)
            if (!isnan(a.num[i])) seen[a.num[i] != 0] = 1;
        const char *l[2] = {"FALSE", "TRUE"};
        size_t k = 0;
        if (seen[0]) l[k++] = "FALSE";
        if (seen[1]) l[k++] = "TRUE";
        if (pg_ex_alloc_fac(out, n, k, l)) goto nomem;
        for (size_t i = 0; i < n; i++)
            out->code[i] = isnan(a.num[i]) ? -1 : (int32_t)(a.num[i] != 0 && seen[0]);
    } else {
        /* Sort the distinct values, then merge those that print alike (R's factor() works on
         * as.character() of the values). */
        double *u = pg_malloc_array(n, sizeof *u);
        if (!u) goto nomem;
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(a.num[i])) u[m++] = a.num[i];
        m = pg_sort_distinct(u, m);
        char **lv = pg_calloc_array(m, sizeof *lv);
        size_t *idx = pg_malloc_array(m, sizeof *idx);   /* unique value -> level */
        if (!lv || !idx) {
            free(u);
            free(lv);
            free(idx);
            goto nomem;
        }
        size_t nl = 0;
        int bad = 0;
        for (size_t i = 0; i < m && !bad; i++) {
            char buf[64];
            if (a.type == PG_V_DATE) pg_date_format(buf, sizeof buf, u[i]);   /* R: ISO text */
            else pg_fmt_rnum(buf, sizeof buf, u[i]);
            if (nl > 0 && strcmp(lv[nl - 1], buf) == 0) {
                idx[i] = nl - 1;
                continue;
            }
            lv[nl] = pg_strdup(buf);
            if (!lv[nl]) bad = 1;
            idx[i] = nl++;
        }
        memset(out, 0, sizeof *out);
        out->type = PG_V_FAC;
        out->n = n;
        out->levels = lv;
        out->nlevels = nl;
        out->code = bad ? NULL : pg_malloc_array(n, sizeof *out->code);
        if (!out->code) {
            free(u);
            free(idx);
            goto nomem;
        }
        for (size_t i = 0; i < n; i++) {
            if (isnan(a.num[i])) {
                out->code[i] = -1;
                continue;
            }
            out->code[i] = (int32_t)idx[pg_sorted_index(u, m, a.num[i])];
        }
        free(u);
        free(idx);
    }
    pg_value_clear(&a);
    if (reftext) {
        long r = pg_ex_find_level(out, reftext);
        if (r < 0) {
            char lv[160];
            char *t = pg_expr_deparse(arg);
            rc = pg_ex_fail(x, ref->pos, NULL, "reference level '%s' is not a level of '%s' "
                       "(levels: %s)", reftext, t ? t : "?", pg_ex_level_list(out, lv, sizeof lv));
            free(t);
            pg_value_clear(out);
            return rc;
        }
        /* rotate level r to the front */
        char *keep = out->levels[r];
        memmove(out->levels + 1, out->levels, (size_t)r * sizeof *out->levels);
        out->levels[0] = keep;
        for (size_t i = 0; i < n; i++) {
            int32_t c = out->code[i];
            if (c < 0) continue;
            out->code[i] = c == r ? 0 : c < r ? c + 1 : c;
        }
    }
    return PG_OK;
nomem:
    pg_value_clear(&a);
    pg_value_clear(out);
    return pg_ex_nomem(x);
}

/* ifelse(test, yes, no): yes where test is TRUE, no where FALSE, NA where test is NA. yes and no
 * are both numbers (or logicals) or both text. */
static int fn_ifelse(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    int rc = pg_ex_check_argnames(x, e, NULL);
    if (rc) return rc;
    pg_value t = {0}, y = {0}, no = {0};
    rc = x->eval(x, e->args[0], &t);
    if (!rc) rc = pg_ex_need_number(x, e->args[0], &t, "the test of ifelse()");
    if (!rc) rc = x->eval(x, e->args[1], &y);
    if (!rc) rc = x->eval(x, e->args[2], &no);
    if (rc) goto done;
    size_t n = t.n;
    if (y.n > n) n = y.n;
    if (no.n > n) n = no.n;
    if ((y.type == PG_V_FAC) != (no.type == PG_V_FAC)) {
        rc = pg_ex_fail(x, e->oppos, NULL, "ifelse(): 'yes' and 'no' must both be numbers or both "
                   "be text");
        goto done;
    }
    if ((y.type == PG_V_DATE) != (no.type == PG_V_DATE)) {
        rc = pg_ex_fail(x, e->oppos, NULL, "ifelse(): 'yes' and 'no' must both be dates or "
                        "neither be");
        goto done;
    }
    if (y.type != PG_V_FAC) {
        /* two dates give a date (as dplyr::if_else; base R's ifelse() drops the class) */
        pg_vtype type = y.type == PG_V_LGL && no.type == PG_V_LGL ? PG_V_LGL
                        : y.type == PG_V_DATE ? PG_V_DATE : PG_V_NUM;
        if (pg_ex_alloc_num(out, type, n)) {
            rc = pg_ex_nomem(x);
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            double c = pg_ex_truth(&t, i);
            out->num[i] = isnan(c) ? NAN : c ? pg_ex_nget(&y, i) : pg_ex_nget(&no, i);
        }
        goto done;
    }
    /* Text: the union of both level sets, sorted as factor() sorts text. */
    size_t nl = y.nlevels + no.nlevels;
    const char **all = pg_malloc_array(nl, sizeof *all);
    if (!all) {
        rc = pg_ex_nomem(x);
        goto done;
    }
    for (size_t k = 0; k < y.nlevels; k++) all[k] = y.levels[k];
    for (size_t k = 0; k < no.nlevels; k++) all[y.nlevels + k] = no.levels[k];
    size_t m = pg_sort_distinct_text(all, nl);
    if (pg_ex_alloc_fac(out, n, m, all)) {
        free(all);
        rc = pg_ex_nomem(x);
        goto done;
    }
    free(all);
    long *my = pg_malloc_array(y.nlevels, sizeof *my), *mn = pg_malloc_array(no.nlevels, sizeof *mn);
    if (!my || !mn) {
        free(my);
        free(mn);
        rc = pg_ex_nomem(x);
        goto done;
    }
    for (size_t k = 0; k < y.nlevels; k++) my[k] = pg_ex_find_level(out, y.levels[k]);
    for (size_t k = 0; k < no.nlevels; k++) mn[k] = pg_ex_find_level(out, no.levels[k]);
    for (size_t i = 0; i < n; i++) {
        double c = pg_ex_truth(&t, i);
        int32_t code = -1;
        if (!isnan(c)) {
            int32_t s = c ? pg_ex_cget(&y, i) : pg_ex_cget(&no, i);
            if (s >= 0) code = (int32_t)(c ? my[s] : mn[s]);
        }
        out->code[i] = code;
    }
    free(my);
    free(mn);
done:
    pg_value_clear(&t);
    pg_value_clear(&y);
    pg_value_clear(&no);
    if (rc) pg_value_clear(out);
    return rc;
}

/* log(x [, base]), exp(x), sqrt(x), abs(x): C's functions, which follow IEEE arithmetic as R
 * does (log(0) = -Inf; sqrt(-1) is NaN, which R prints as NaN with a warning and prognos treats
 * as NA). */
static int fn_math(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    static const char *const lnames[] = {"base", NULL};
    const char *f = e->name;
    int rc = pg_ex_check_argnames(x, e, f[0] == 'l' ? lnames : NULL);
    if (rc) return rc;
    pg_value a = {0}, base = {0};
    rc = x->eval(x, e->args[0], &a);
    if (!rc) rc = pg_ex_need_number(x, e->args[0], &a, "a function such as log()");
    if (!rc && e->nargs == 2) {
        rc = x->eval(x, e->args[1], &base);
        if (!rc) rc = pg_ex_need_number(x, e->args[1], &base, "log()");
    }
    size_t n = e->nargs == 2 && base.n > a.n ? base.n : a.n;   /* log(10, base = x) */
    if (!rc && pg_ex_alloc_num(out, PG_V_NUM, n)) rc = pg_ex_nomem(x);
    for (size_t i = 0; !rc && i < n; i++) {
        double u = pg_ex_nget(&a, i);
        switch (f[0]) {
        case 'l': u = log(u); if (e->nargs == 2) u /= log(pg_ex_nget(&base, i)); break;
        case 'e': u = exp(u); break;
        case 's': u = sqrt(u); break;
        default: u = fabs(u); break;
        }
        out->num[i] = u;
    }
    pg_value_clear(&a);
    pg_value_clear(&base);
    if (rc) pg_value_clear(out);
    return rc;
}

/* is.na(x): TRUE where x is missing, never NA. */
static int fn_is_na(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    int rc = pg_ex_check_argnames(x, e, NULL);
    if (rc) return rc;
    pg_value a = {0};
    rc = x->eval(x, e->args[0], &a);
    if (rc) return rc;
    if (pg_ex_alloc_num(out, PG_V_LGL, a.n)) {
        pg_value_clear(&a);
        return pg_ex_nomem(x);
    }
    for (size_t i = 0; i < a.n; i++) out->num[i] = pg_value_na(&a, i);
    pg_value_clear(&a);
    return PG_OK;
}

/* as.numeric(x): numbers as they are, TRUE/FALSE as 1/0, a date as its day count since
 * 1970-01-01 (R's as.numeric of a Date; of a difference of dates, the days). Text is an error:
 * R would give the factor's level codes. */
static int fn_as_numeric(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    int rc = pg_ex_check_argnames(x, e, NULL);
    if (rc) return rc;
    pg_value a = {0};
    rc = x->eval(x, e->args[0], &a);
    if (!rc && a.type == PG_V_FAC) rc = pg_ex_need_number(x, e->args[0], &a, "as.numeric()");
    if (rc) {
        pg_value_clear(&a);
        return rc;
    }
    if (pg_ex_alloc_num(out, PG_V_NUM, a.n)) {
        pg_value_clear(&a);
        return pg_ex_nomem(x);
    }
    memcpy(out->num, a.num, a.n * sizeof *out->num);
    pg_value_clear(&a);
    return PG_OK;
}

/* I(x): x as it is (in a formula, a term computed by the expression). */
static int fn_I(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    int rc = pg_ex_check_argnames(x, e, NULL);
    return rc ? rc : x->eval(x, e->args[0], out);
}

/* Names that are functions elsewhere in a formula, not in an expression. */
static int fn_elsewhere(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    (void)out;
    const char *f = e->name;
    if (!strcmp(f, "c"))
        return pg_ex_fail(x, e->oppos, NULL, "c() is only supported on the right of %%in%%");
    if (!strcmp(f, "Surv"))
        return pg_ex_fail(x, e->oppos, NULL, "Surv() belongs on the left of '~'");
    return pg_ex_fail(x, e->oppos, NULL, "%s() must be a term of its own, after '~'", f);
}

const pg_ex_builtin pg_ex_builtins[] = {
    {"log", 1, 2, fn_math},
    {"exp", 1, 1, fn_math},
    {"sqrt", 1, 1, fn_math},
    {"abs", 1, 1, fn_math},
    {"is.na", 1, 1, fn_is_na},
    {"ifelse", 3, 3, fn_ifelse},
    {"factor", 1, 2, fn_factor},
    {"I", 1, 1, fn_I},
    {"fnclcc", 0, PG_EX_ANY, pg_ex_fnclcc},     /* counts its positional arguments itself */
    {"ajcc_t", 1, 1, pg_ex_ajcc_t},
    {"date", 0, PG_EX_ANY, pg_ex_fn_date},      /* checks its arguments itself */
    {"as.numeric", 1, 1, fn_as_numeric},
    {"as.Date", 0, PG_EX_ANY, pg_ex_fn_date},
    {"Surv", 0, PG_EX_ANY, fn_elsewhere},
    {"strata", 0, PG_EX_ANY, fn_elsewhere},
    {"cluster", 0, PG_EX_ANY, fn_elsewhere},
    {"c", 0, PG_EX_ANY, fn_elsewhere},
};
const size_t pg_ex_nbuiltins = sizeof pg_ex_builtins / sizeof pg_ex_builtins[0];
