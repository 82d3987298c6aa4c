/* plan_jobs.c -- a plan's analyses expanded into the jobs the runner runs: every endpoint of a
 * spec times every right-hand side (by or terms) times every level of each subgroup column
 * (read from the data), in plan order, each with its id, title, formula and --where. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "plan_int.h"
#include "suggest.h"

static const char *type_label(const char *type)
{
    static const char *const labels[][2] = {
        {"km", "Kaplan-Meier"}, {"logrank", "Log-rank test"}, {"cox", "Cox model"},
        {"table", "Prognostic factors"}, {"plot", "Figure"}, {"zph", "Proportional hazards"},
        {"cif", "Cumulative incidence"}, {"finegray", "Fine-Gray model"},
        {"survreg", "Parametric survival model"}, {"describe", "Description"}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i][0], type) == 0) return labels[i][1];
    return type;
}

/* The levels of a subgroup column as where-clauses "col == \"level\"" and names "col=level". */
typedef struct levels { char **where, **name; size_t n; } levels;

static void levels_free(levels *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->where[i]);
        free(l->name[i]);
    }
    free(l->where);
    free(l->name);
    memset(l, 0, sizeof *l);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int column_levels(const pg_plan *p, const plan_spec *s, size_t k, levels *l,
                         pg_error *err)
{
    const char *col = s->subgroups[k];
    plan_loc at = s->subgroup_loc[k];
    if (!p->n_data || !p->data[s->data].ds)
        return pg_fail_at(err, PG_EINPUT, p->path, at.line, at.col,
                          "'subgroups' need a data source ('%s')", col);
    const pg_dataset *ds = p->data[s->data].ds;
    long c = pg_dataset_find(ds, col);
    if (c < 0) {
        size_t nc = pg_dataset_ncol(ds);
        const char **names = pg_calloc_array(nc + 1, sizeof *names);
        for (size_t i = 0; names && i < nc; i++) names[i] = pg_dataset_colname(ds, i);
        const char *sug = names ? pg_suggest(col, names, nc) : NULL;
        int rc = pg_fail_at(err, PG_EINPUT, p->path, at.line, at.col,
                            "unknown column '%s' in 'subgroups'%s%s%s", col,
                            sug ? "; did you mean '" : "", sug ? sug : "", sug ? "'?" : "");
        free(names);
        return rc;
    }
    size_t n = 0, nrow = pg_dataset_nrow(ds);
    double *v = NULL;
    if (pg_dataset_coltype(ds, (size_t)c) == PG_COL_CATEGORICAL) {
        n = pg_dataset_nlevels(ds, (size_t)c);
    } else if (pg_dataset_coltype(ds, (size_t)c) == PG_COL_NUMERIC) {
        const double *x = pg_dataset_numeric(ds, (size_t)c);
        if (!(v = pg_malloc_array(nrow + 1, sizeof *v))) return pg_fail(err, PG_ENOMEM, "oom");
        for (size_t i = 0; i < nrow; i++)
            if (!pg_dataset_is_missing(ds, (size_t)c, i) && isfinite(x[i])) v[n++] = x[i];
        qsort(v, n, sizeof *v, cmp_double);
        size_t u = 0;
        for (size_t i = 0; i < n; i++)
            if (u == 0 || v[i] != v[u - 1]) v[u++] = v[i];
        n = u;
    } else {
        return pg_fail_at(err, PG_EINPUT, p->path, at.line, at.col,
                          "subgroups of the date column '%s': make a category of it first", col);
    }
    l->where = pg_calloc_array(n + 1, sizeof *l->where);
    l->name = pg_calloc_array(n + 1, sizeof *l->name);
    int rc = l->where && l->name ? PG_OK : PG_ENOMEM;
    for (size_t i = 0; !rc && i < n; i++, l->n++) {
        if (v) {
            l->where[i] = pg_strdup_printf("`%s` == %.17g", col, v[i]);
            l->name[i] = pg_strdup_printf("%s=%.15g", col, v[i]);
        } else {
            const char *lev = pg_dataset_level(ds, (size_t)c, i);
            if (strchr(lev, '"')) {
                rc = pg_fail_at(err, PG_EINPUT, p->path, at.line, at.col,
                                "the level '%s' of '%s' holds a double quote", lev, col);
                break;
            }
            l->where[i] = pg_strdup_printf("`%s` == \"%s\"", col, lev);
            l->name[i] = pg_strdup_printf("%s=%s", col, lev);
        }
        if (!l->where[i] || !l->name[i]) rc = PG_ENOMEM;
    }
    free(v);
    if (rc == PG_ENOMEM) pg_fail(err, rc, "out of memory");
    if (rc) levels_free(l);
    return rc;
}

/* " & " joined: (analysis where) & (data where) & subgroup, NULL parts left out. */
static char *join_where(const char *a, const char *d, const char *g, size_t *a_off)
{
    const char *part[3] = {a, d, g};
    size_t len = 1, k = 0;
    for (int i = 0; i < 3; i++)
        if (part[i]) len += strlen(part[i]) + 5, k++;
    if (k == 0) return NULL;
    char *w = malloc(len);
    if (!w) return NULL;
    w[0] = '\0';
    *a_off = k > 1 ? 1 : 0;
    for (int i = 0, first = 1; i < 3; i++) {
        if (!part[i]) continue;
        if (!first) strcat(w, " & ");
        if (k > 1) strcat(w, "(");
        strcat(w, part[i]);
        if (k > 1) strcat(w, ")");
        first = 0;
    }
    return w;
}

static int add_job(const pg_plan *p, const plan_spec *s, size_t si, size_t e, size_t b,
                   const char *gwhere, const char *gname, plan_job *j)
{
    memset(j, 0, sizeof *j);
    j->spec = s;
    const plan_endpoint *ep = s->n_endpoints ? &p->endpoints[s->endpoints[e]] : NULL;
    const char *rhs = s->n_by ? s->by[b] : "1";
    if (s->formula) {
        j->formula = pg_strdup(s->formula);
        j->rhs_loc = s->formula_loc;
    } else {
        const char *lhs = ep ? ep->formula : "";
        j->formula = pg_strdup_printf("%s ~ %s", lhs, rhs);
        j->lhs_len = strlen(lhs);
        j->rhs_off = j->lhs_len + 3;
        if (ep) j->lhs_loc = ep->loc;
        if (s->n_by) j->rhs_loc = s->by_loc[b];
    }
    const char *dwhere = p->n_data ? p->data[s->data].where : NULL;
    j->where = join_where(s->where, dwhere, gwhere, &j->where_off);
    j->where_len = s->where ? strlen(s->where) : 0;
    j->where_loc = s->where_loc;
    char num[32];
    snprintf(num, sizeof num, "%s_%zu", s->type, si + 1);
    int generated = !s->id;
    const char *ename = ep ? ep->name : NULL;
    j->id = pg_strdup_printf("%s%s%s%s%s%s%s", s->id ? s->id : num,
                             ename && (generated || s->n_endpoints > 1) ? "_" : "",
                             ename && (generated || s->n_endpoints > 1) ? ename : "",
                             s->n_by && (generated || s->n_by > 1) ? "_" : "",
                             s->n_by && (generated || s->n_by > 1) ? rhs : "",
                             gname ? "_" : "", gname ? gname : "");
    const char *shown = s->formula ? s->formula : NULL;
    if (shown)
        j->title = pg_strdup_printf("%s: %s%s%s%s", type_label(s->type), shown,
                                    gname ? " [" : "", gname ? gname : "", gname ? "]" : "");
    else
        j->title = pg_strdup_printf("%s: %s ~ %s%s%s%s", type_label(s->type),
                                    ename ? ename : "", rhs, gname ? " [" : "",
                                    gname ? gname : "", gname ? "]" : "");
    if (gname) j->subgroup = pg_strdup(gname);
    int bad = !j->formula || !j->id || !j->title || (gname && !j->subgroup) ||
              (!j->where && (s->where || dwhere || gwhere));
    return bad ? PG_ENOMEM : PG_OK;
}

static int push(plan_job **jobs, size_t *n, size_t *cap)
{
    if (*n < *cap) return PG_OK;
    size_t c = *cap ? 2 * *cap : 16;
    plan_job *j = realloc(*jobs, c * sizeof *j);
    if (!j) return PG_ENOMEM;
    *jobs = j;
    *cap = c;
    return PG_OK;
}

int plan_expand(const pg_plan *p, plan_job **jobs, size_t *n, pg_error *err)
{
    *jobs = NULL;
    *n = 0;
    size_t cap = 0;
    int rc = PG_OK;
    for (size_t si = 0; !rc && si < p->n_specs; si++) {
        const plan_spec *s = &p->specs[si];
        size_t ne = s->n_endpoints ? s->n_endpoints : 1, nb = s->n_by ? s->n_by : 1;
        /* the levels of each subgroup column, one after the other (not their product) */
        size_t ng = s->n_subgroups ? s->n_subgroups : 1;
        for (size_t g = 0; !rc && g < ng; g++) {
            levels l = {0};
            if (s->n_subgroups && (rc = column_levels(p, s, g, &l, err))) break;
            size_t nl = s->n_subgroups ? l.n : 1;
            for (size_t e = 0; !rc && e < ne; e++)
                for (size_t b = 0; !rc && b < nb; b++)
                    for (size_t k = 0; !rc && k < nl; k++) {
                        if ((rc = push(jobs, n, &cap))) break;
                        rc = add_job(p, s, si, e, b, s->n_subgroups ? l.where[k] : NULL,
                                     s->n_subgroups ? l.name[k] : NULL, &(*jobs)[*n]);
                        (*n)++;
                        if (rc) pg_fail(err, rc, "out of memory");
                    }
            levels_free(&l);
        }
    }
    if (rc) {
        plan_jobs_free(*jobs, *n);
        *jobs = NULL;
        *n = 0;
    }
    return rc;
}

void plan_jobs_free(plan_job *jobs, size_t n)
{
    for (size_t i = 0; jobs && i < n; i++) {
        free(jobs[i].id);
        free(jobs[i].title);
        free(jobs[i].formula);
        free(jobs[i].where);
        free(jobs[i].subgroup);
    }
    free(jobs);
}
