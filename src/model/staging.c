/* staging.c -- the staging functions of the expression language: the FNCLCC histological grade
 * of soft-tissue sarcoma, fnclcc(), and the AJCC 8th edition T category, ajcc_t(). Each
 * gives an ordered factor, so --where and comparisons may use < and >. Built-ins called through
 * the table of expr_builtin.c. */
#include "expr_impl.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ajcc_t(size_cm): AJCC 8th edition soft-tissue sarcoma T category of the trunk/extremity, as
 * tabulated in the seed review (Table 2): T1 <= 5 cm, T2 > 5 to <= 10, T3 > 10 to <= 15,
 * T4 > 15 cm. An ordered factor T1 < T2 < T3 < T4; a negative size is an error. */
int pg_ex_ajcc_t(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    int rc = pg_ex_check_argnames(x, e, NULL);
    if (rc) return rc;
    pg_value a = {0};
    rc = x->eval(x, e->args[0], &a);
    if (!rc) rc = pg_ex_need_number(x, e->args[0], &a, "ajcc_t()");
    if (rc) {
        pg_value_clear(&a);
        return rc;
    }
    static const char *const lv[] = {"T1", "T2", "T3", "T4"};
    if (pg_ex_alloc_fac(out, a.n, 4, lv)) {
        pg_value_clear(&a);
        pg_value_clear(out);
        return pg_ex_nomem(x);
    }
    out->ordered = 1;
    for (size_t i = 0; i < a.n; i++) {
        double s = a.num[i];
        if (isnan(s)) {
            out->code[i] = -1;
        } else if (s < 0) {
            char r[300], b[64];
            rc = pg_ex_fail(x, e->args[0]->pos, pg_ex_rowref(x->c->ds, i, r, sizeof r),
                       "ajcc_t(): tumour size %s cm is negative", pg_fmt_rnum(b, sizeof b, s));
            break;
        } else {
            out->code[i] = s <= 5 ? 0 : s <= 10 ? 1 : s <= 15 ? 2 : 3;
        }
    }
    pg_value_clear(&a);
    if (rc) pg_value_clear(out);
    return rc;
}

/* Necrosis given as text: none/absent/no -> 0, <50% (or "focal") -> 1, >=50% ("extensive") -> 2.
 * -1 if the text is not recognised. */
static int necrosis_text_score(const char *s)
{
    char b[32];
    size_t k = 0;
    for (const char *c = s; *c && k + 1 < sizeof b; c++)
        if (*c != ' ') b[k++] = (char)tolower((unsigned char)*c);
    b[k] = '\0';
    static const char *const zero[] = {"0", "none", "absent", "no", "negative", "nonecrosis",
                                       NULL};
    static const char *const one[] = {"1", "<50%", "<50", "focal", "present<50%", NULL};
    static const char *const two[] = {"2", ">=50%", ">=50", "\xe2\x89\xa5" "50%", ">50%", ">50",
                                      "extensive", NULL};
    for (size_t i = 0; zero[i]; i++)
        if (!strcmp(b, zero[i])) return 0;
    for (size_t i = 0; one[i]; i++)
        if (!strcmp(b, one[i])) return 1;
    for (size_t i = 0; two[i]; i++)
        if (!strcmp(b, two[i])) return 2;
    return -1;
}

/* fnclcc(differentiation, mitoses_per_10hpf, necrosis [, necrosis_scale = "score"|"percent"]):
 * the FNCLCC histological grade (Trojani et al. 1984; Coindre 2006), as tabulated in the seed
 * review (Table 1):
 *   differentiation score 1-3 (given as is);
 *   mitotic count per 10 HPF: 0-9 -> 1, 10-19 -> 2, >= 20 -> 3;
 *   necrosis: none -> 0, < 50% -> 1, >= 50% -> 2;
 *   total 2-3 -> grade 1, 4-5 -> grade 2, 6-8 -> grade 3.
 * Necrosis may be a score or a percentage. Unless necrosis_scale says which, a numeric necrosis
 * whose non-missing values are all 0, 1 or 2 is read as a score, and otherwise as a percentage
 * of the tumour (0-100); the decision is made once, on every row of the dataset, and kept for
 * new data. Text necrosis may say none/absent/no, <50%/focal or >=50%/extensive.
 * Result: an ordered factor with levels 1 < 2 < 3. */
int pg_ex_fnclcc(pg_ex_ctx *x, pg_expr *e, pg_value *out)
{
    static const char *const names[] = {"necrosis_scale", NULL};
    int rc = pg_ex_check_argnames(x, e, names);
    if (rc) return rc;
    pg_expr *pos[3] = {NULL, NULL, NULL};
    size_t np = 0;
    for (size_t i = 0; i < e->nargs; i++) {
        if (e->argnames[i]) {
            const pg_expr *s = e->args[i];
            if (s->kind != PG_EX_STR || (strcmp(s->name, "score") && strcmp(s->name, "percent")))
                return pg_ex_fail(x, s->pos, NULL, "necrosis_scale must be \"score\" or \"percent\"");
            e->necrosis_scale = strcmp(s->name, "score") == 0 ? 1 : 2;
        } else if (np < 3) {
            pos[np++] = e->args[i];
        } else {
            np++;
        }
    }
    if (np != 3)
        return pg_ex_fail(x, e->oppos, NULL, "fnclcc() takes 3 arguments (differentiation, "
                     "mitoses_per_10hpf, necrosis), not %zu", np);
    pg_value v[3] = {{0}, {0}, {0}};
    static const char *const what[] = {"differentiation", "mitotic count", "necrosis"};
    for (int k = 0; k < 3 && !rc; k++) {
        rc = x->eval(x, pos[k], &v[k]);
        if (!rc && k < 2) rc = pg_ex_need_number(x, pos[k], &v[k], "fnclcc()");
    }
    if (rc) goto done;
    size_t n = x->n;
    int32_t *nscore = NULL;          /* necrosis score per row, -1 NA */
    nscore = pg_malloc_array(v[2].n, sizeof *nscore);
    if (!nscore) {
        rc = pg_ex_nomem(x);
        goto done;
    }
    char r[300], b[64];
    if (v[2].type == PG_V_FAC) {
        int32_t *map = pg_malloc_array(v[2].nlevels, sizeof *map);
        if (!map) {
            free(nscore);
            rc = pg_ex_nomem(x);
            goto done;
        }
        for (size_t k = 0; k < v[2].nlevels; k++) map[k] = necrosis_text_score(v[2].levels[k]);
        for (size_t i = 0; i < v[2].n && !rc; i++) {
            int32_t c = v[2].code[i];
            nscore[i] = c < 0 ? -1 : map[c];
            if (c >= 0 && map[c] < 0)
                rc = pg_ex_fail(x, pos[2]->pos, pg_ex_rowref(x->c->ds, i, r, sizeof r),
                           "fnclcc(): cannot read necrosis '%s' (use a score 0-2, a percentage, "
                           "or none, <50%%, >=50%%)", v[2].levels[c]);
        }
        free(map);
    } else {
        if (e->necrosis_scale == 0) {
            int score = 1;
            for (size_t i = 0; i < v[2].n && score; i++) {
                double u = v[2].num[i];
                if (!isnan(u) && u != 0 && u != 1 && u != 2) score = 0;
            }
            e->necrosis_scale = score ? 1 : 2;
        }
        for (size_t i = 0; i < v[2].n && !rc; i++) {
            double u = v[2].num[i];
            if (isnan(u)) {
                nscore[i] = -1;
            } else if (e->necrosis_scale == 1) {
                if (u != 0 && u != 1 && u != 2)
                    rc = pg_ex_fail(x, pos[2]->pos, pg_ex_rowref(x->c->ds, i, r, sizeof r),
                               "fnclcc(): necrosis score must be 0, 1 or 2, not %s",
                               pg_fmt_rnum(b, sizeof b, u));
                nscore[i] = (int32_t)u;
            } else {
                if (u < 0 || u > 100)
                    rc = pg_ex_fail(x, pos[2]->pos, pg_ex_rowref(x->c->ds, i, r, sizeof r),
                               "fnclcc(): necrosis of %s%% is not a percentage between 0 and 100",
                               pg_fmt_rnum(b, sizeof b, u));
                nscore[i] = u == 0 ? 0 : u < 50 ? 1 : 2;
            }
        }
    }
    static const char *const lv[] = {"1", "2", "3"};
    if (!rc && pg_ex_alloc_fac(out, n, 3, lv)) rc = pg_ex_nomem(x);
    if (!rc) out->ordered = 1;
    for (size_t i = 0; i < n && !rc; i++) {
        double d = pg_ex_nget(&v[0], i), m = pg_ex_nget(&v[1], i);
        int32_t ns = nscore[v[2].n == 1 ? 0 : i];
        if (isnan(d) || isnan(m) || ns < 0) {
            out->code[i] = -1;
            continue;
        }
        if (d != 1 && d != 2 && d != 3) {
            rc = pg_ex_fail(x, pos[0]->pos, pg_ex_rowref(x->c->ds, i, r, sizeof r),
                       "fnclcc(): %s score must be 1, 2 or 3, not %s", what[0],
                       pg_fmt_rnum(b, sizeof b, d));
            break;
        }
        if (m < 0) {
            rc = pg_ex_fail(x, pos[1]->pos, pg_ex_rowref(x->c->ds, i, r, sizeof r),
                       "fnclcc(): %s %s per 10 HPF is negative", what[1],
                       pg_fmt_rnum(b, sizeof b, m));
            break;
        }
        int ms = m < 10 ? 1 : m < 20 ? 2 : 3;
        int total = (int)d + ms + ns;
        out->code[i] = total <= 3 ? 0 : total <= 5 ? 1 : 2;
    }
    free(nscore);
    if (rc) pg_value_clear(out);
done:
    for (int k = 0; k < 3; k++) pg_value_clear(&v[k]);
    return rc;
}
