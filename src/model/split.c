/* split.c -- survSplit: cut each row's follow-up (start, stop] at the cut points strictly
 * inside it.
 *   A row (s, t], status d, cuts c_1 < ... < c_m becomes (s, c_a], (c_a, c_b], ..., (c_z, t]
 *   for the cuts s < c < t; d goes on the last piece, 0 (censored) on the others; every other
 *   column is repeated. episode = 1 + #{k : c_k <= piece start} (findInterval).
 * A Cox model fitted to the pieces, Surv(start, stop, status), is the fit to the unsplit rows:
 * the risk sets at every event time are unchanged (Therneau & Grambsch, Modeling Survival
 * Data, 2000, ch. 3).
 * Matches: survival::survSplit(formula, data, cut, start, end, event, episode, id, zero). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "internal.h"
#include "prognos/split.h"

void pg_split_opts_init(pg_split_opts *o)
{
    memset(o, 0, sizeof *o);
    o->start = "tstart";
}

typedef struct split_spec {
    long start, stop, status;  /* columns; start -1 for Surv(time, status) */
    size_t *keep, nkeep;       /* other columns kept, in output order */
} split_spec;

static int term_fail(pg_error *err, const pg_expr *e, const char *msg)
{
    char *t = pg_expr_deparse(e);
    int rc = pg_fail_term(err, PG_EINPUT, t ? t : "", e->pos, "%s", msg);
    free(t);
    return rc;
}

static int find_col(const pg_dataset *ds, const pg_expr *e, long *col, pg_error *err)
{
    if (e->kind != PG_EX_VAR) return term_fail(err, e, "split takes column names here");
    *col = pg_dataset_find(ds, e->name);
    if (*col < 0) return pg_fail_term(err, PG_EINPUT, e->name, e->pos, "unknown column '%s'",
                                      e->name);
    return PG_OK;
}

/* Collect the right-hand side's columns (a + b + ...) into sp->keep. */
static int rhs_cols(const pg_dataset *ds, const pg_expr *e, split_spec *sp, pg_error *err)
{
    if (e->kind == PG_EX_BIN && e->op == PG_OP_PLUS) {
        int rc = rhs_cols(ds, e->args[0], sp, err);
        return rc ? rc : rhs_cols(ds, e->args[1], sp, err);
    }
    if (e->kind == PG_EX_NUM && e->num == 1) return PG_OK;
    long c = -1;
    int rc = find_col(ds, e, &c, err);
    if (rc) return rc;
    for (size_t k = 0; k < sp->nkeep; k++)
        if (sp->keep[k] == (size_t)c) return PG_OK;
    sp->keep[sp->nkeep++] = (size_t)c;
    return PG_OK;
}

static int surv_cols(const pg_dataset *ds, const pg_expr *s, split_spec *sp, pg_error *err)
{
    if (s->kind != PG_EX_CALL || strcmp(s->name, "Surv") != 0)
        return term_fail(err, s, "the response must be Surv(time, status) or "
                                 "Surv(start, stop, status)");
    size_t n = 0;
    const pg_expr *a[3];
    for (size_t k = 0; k < s->nargs; k++) {
        const char *nm = s->argnames ? s->argnames[k] : NULL;
        if (nm && strcmp(nm, "type") == 0) {
            const pg_expr *t = s->args[k];
            if (t->kind == PG_EX_STR && (!strcmp(t->name, "right") ||
                                         !strcmp(t->name, "counting")))
                continue;
            return term_fail(err, t, "not valid for left or interval censored survival data "
                                     "(survSplit refuses it too)");
        }
        if (n == 3) return term_fail(err, s, "Surv() takes 2 or 3 columns here");
        a[n++] = s->args[k];
    }
    if (n < 2) return term_fail(err, s, "Surv() takes 2 or 3 columns here");
    int rc = PG_OK;
    sp->start = -1;
    if (n == 3) rc = find_col(ds, a[0], &sp->start, err);
    if (!rc) rc = find_col(ds, a[n - 2], &sp->stop, err);
    if (!rc) rc = find_col(ds, a[n - 1], &sp->status, err);
    return rc;
}

static int parse_spec(const pg_dataset *ds, const char *formula, split_spec *sp, pg_error *err)
{
    pg_expr *tree = NULL;
    int rc = pg_expr_parse(formula, 1, &tree, err);
    if (rc) return rc;
    sp->keep = pg_calloc_array(pg_dataset_ncol(ds) + 1, sizeof *sp->keep);
    if (!sp->keep) {
        rc = pg_fail(err, PG_ENOMEM, "out of memory");
        goto done;
    }
    if (tree->kind != PG_EX_BIN || tree->op != PG_OP_TILDE) {
        rc = term_fail(err, tree, "a formula 'Surv(time, status) ~ .' is wanted");
        goto done;
    }
    if ((rc = surv_cols(ds, tree->args[0], sp, err))) goto done;
    const pg_expr *r = tree->args[1];
    long surv[3] = {sp->start, sp->stop, sp->status};
    if (r->kind == PG_EX_VAR && strcmp(r->name, ".") == 0) {
        for (size_t j = 0; j < pg_dataset_ncol(ds); j++)
            if ((long)j != surv[0] && (long)j != surv[1] && (long)j != surv[2])
                sp->keep[sp->nkeep++] = j;
    } else if ((rc = rhs_cols(ds, r, sp, err))) {
        goto done;
    } else {
        for (size_t k = 0; k < sp->nkeep; k++)
            if ((long)sp->keep[k] == surv[0] || (long)sp->keep[k] == surv[1] ||
                (long)sp->keep[k] == surv[2]) {
                rc = term_fail(err, r, "a column of Surv() cannot also be on the right");
                goto done;
            }
    }
    for (int k = 0; k < 3; k++)
        if (surv[k] >= 0 && pg_dataset_coltype(ds, (size_t)surv[k]) != PG_COL_NUMERIC &&
            (k < 2 || pg_dataset_coltype(ds, (size_t)surv[k]) != PG_COL_CATEGORICAL)) {
            rc = pg_fail(err, PG_EINPUT, "column '%s' of Surv() must be numeric",
                         pg_dataset_colname(ds, (size_t)surv[k]));
            goto done;
        }
done:
    pg_expr_free(tree);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The status of row i as "an event" (numeric != 0, categorical not its first level). */
static int is_event(const pg_dataset *ds, long col, size_t i)
{
    if (pg_dataset_coltype(ds, (size_t)col) == PG_COL_CATEGORICAL)
        return pg_dataset_codes(ds, (size_t)col)[i] > 0;
    double v = pg_dataset_numeric(ds, (size_t)col)[i];
    return !isnan(v) && v != 0;
}

/* Sorted distinct cuts: the given ones, and the event times when at_events. */
static int make_cuts(const pg_dataset *ds, const split_spec *sp, const pg_split_opts *o,
                     double **cut, size_t *ncut, pg_error *err)
{
    size_t n = pg_dataset_nrow(ds), m = 0;
    double *c = pg_malloc_array(o->n_cut + (o->at_events ? n : 0) + 1, sizeof *c);
    if (!c) return pg_fail(err, PG_ENOMEM, "out of memory");
    for (size_t k = 0; k < o->n_cut; k++)
        if (isfinite(o->cut[k])) c[m++] = o->cut[k];
    const double *t = pg_dataset_numeric(ds, (size_t)sp->stop);
    if (o->at_events)
        for (size_t i = 0; i < n; i++)
            if (!isnan(t[i]) && is_event(ds, sp->status, i)) c[m++] = t[i];
    qsort(c, m, sizeof *c, cmp_double);
    size_t u = 0;
    for (size_t k = 0; k < m; k++)
        if (u == 0 || c[k] != c[u - 1]) c[u++] = c[k];
    *cut = c;
    *ncut = u;
    return PG_OK;
}

static int row_fail(const pg_dataset *ds, size_t i, pg_error *err, const char *what, double a,
                    double b)
{
    char x[40], y[40];
    pg_fmt_rnum(x, sizeof x, a);
    pg_fmt_rnum(y, sizeof y, b);
    return pg_fail_at(err, PG_EINPUT, pg_dataset_row_file(ds, i), pg_dataset_row_line(ds, i), 0,
                      what, x, y);
}

/* The pieces: for each output row its input row, start and stop, and whether it is the last. */
typedef struct pieces {
    size_t n, cap, *row;
    double *start, *stop;
    unsigned char *last;
} pieces;

static int push(pieces *p, size_t row, double s, double t, int last)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 256;
        size_t *r = realloc(p->row, cap * sizeof *r);
        if (r) p->row = r;
        double *a = realloc(p->start, cap * sizeof *a);
        if (a) p->start = a;
        double *b = realloc(p->stop, cap * sizeof *b);
        if (b) p->stop = b;
        unsigned char *l = realloc(p->last, cap);
        if (l) p->last = l;
        if (!r || !a || !b || !l) return PG_ENOMEM;
        p->cap = cap;
    }
    p->row[p->n] = row;
    p->start[p->n] = s;
    p->stop[p->n] = t;
    p->last[p->n++] = (unsigned char)last;
    return PG_OK;
}

static int cut_rows(const pg_dataset *ds, const split_spec *sp, const pg_split_opts *o,
                    const double *cut, size_t ncut, pieces *p, pg_error *err)
{
    const double *t = pg_dataset_numeric(ds, (size_t)sp->stop);
    const double *st = sp->start >= 0 ? pg_dataset_numeric(ds, (size_t)sp->start) : NULL;
    for (size_t i = 0; i < pg_dataset_nrow(ds); i++) {
        double s = st ? st[i] : o->zero;
        if (isnan(s) || isnan(t[i])) {
            if (push(p, i, s, t[i], 1)) return pg_fail(err, PG_ENOMEM, "out of memory");
            continue;
        }
        if (!st && !(t[i] > s))
            return row_fail(ds, i, err, "time %s is not after the start of follow-up %s "
                            "(survSplit's zero)", t[i], s);
        if (st && !(t[i] > s))
            return row_fail(ds, i, err, "start time %s is not before stop time %s", s,
                            t[i]);
        for (size_t k = 0; k < ncut; k++)
            if (cut[k] > s && cut[k] < t[i]) {
                if (push(p, i, s, cut[k], 0)) return pg_fail(err, PG_ENOMEM, "out of memory");
                s = cut[k];
            }
        if (push(p, i, s, t[i], 1)) return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    return PG_OK;
}

/* Column src of ds repeated by the pieces, as a new column name of out. */
static int add_repeated(pg_dataset *out, const pg_dataset *ds, size_t src, const char *name,
                        const pieces *p, const unsigned char *censor_early, pg_error *err)
{
    pg_coltype ty = pg_dataset_coltype(ds, src);
    int rc;
    if (ty == PG_COL_CATEGORICAL) {
        const int32_t *code = pg_dataset_codes(ds, src);
        const char **v = pg_malloc_array(p->n + 1, sizeof *v);
        if (!v) return pg_fail(err, PG_ENOMEM, "out of memory");
        for (size_t r = 0; r < p->n; r++) {
            int32_t c = code[p->row[r]];
            if (censor_early && !censor_early[r] && c >= 0) c = 0;
            v[r] = c < 0 ? NULL : pg_dataset_level(ds, src, (size_t)c);
        }
        rc = pg_dataset_add_categorical(out, name, v, p->n, err);
        free(v);
        return rc;
    }
    const double *x = ty == PG_COL_DATE ? pg_dataset_dates(ds, src) : pg_dataset_numeric(ds, src);
    double *v = pg_malloc_array(p->n + 1, sizeof *v);
    if (!v) return pg_fail(err, PG_ENOMEM, "out of memory");
    for (size_t r = 0; r < p->n; r++) {
        v[r] = x[p->row[r]];
        if (censor_early && !censor_early[r] && !isnan(v[r])) v[r] = 0;
    }
    rc = ty == PG_COL_DATE ? pg_dataset_add_date(out, name, v, p->n, err)
                           : pg_dataset_add_numeric(out, name, v, p->n, err);
    free(v);
    return rc;
}

static int add_values(pg_dataset *out, const char *name, const pieces *p, const double *cut,
                      size_t ncut, int what, pg_error *err)
{
    double *v = pg_malloc_array(p->n + 1, sizeof *v);
    if (!v) return pg_fail(err, PG_ENOMEM, "out of memory");
    for (size_t r = 0; r < p->n; r++) {
        if (what == 0) v[r] = (double)(p->row[r] + 1);
        else if (what == 1) v[r] = p->start[r];
        else if (what == 2) v[r] = p->stop[r];
        else {
            size_t k = 0;
            while (k < ncut && !isnan(p->start[r]) && cut[k] <= p->start[r]) k++;
            v[r] = isnan(p->start[r]) ? NAN : (double)(k + 1);
        }
    }
    int rc = pg_dataset_add_numeric(out, name, v, p->n, err);
    free(v);
    return rc;
}

static int build(const pg_dataset *ds, const split_spec *sp, const pg_split_opts *o,
                 const pieces *p, const double *cut, size_t ncut, pg_dataset *out,
                 pg_error *err)
{
    int rc = PG_OK;
    for (size_t k = 0; !rc && k < sp->nkeep; k++)
        rc = add_repeated(out, ds, sp->keep[k], pg_dataset_colname(ds, sp->keep[k]), p, NULL,
                          err);
    if (!rc && o->id) rc = add_values(out, o->id, p, cut, ncut, 0, err);
    const char *sname = sp->start >= 0 ? pg_dataset_colname(ds, (size_t)sp->start) : o->start;
    if (!rc) rc = add_values(out, sname ? sname : "tstart", p, cut, ncut, 1, err);
    const char *ename = o->end ? o->end : pg_dataset_colname(ds, (size_t)sp->stop);
    if (!rc) rc = add_values(out, ename, p, cut, ncut, 2, err);
    const char *dname = o->event ? o->event : pg_dataset_colname(ds, (size_t)sp->status);
    if (!rc) rc = add_repeated(out, ds, (size_t)sp->status, dname, p, p->last, err);
    if (!rc && o->episode) rc = add_values(out, o->episode, p, cut, ncut, 3, err);
    return rc;
}

int pg_split_data(const pg_dataset *ds, const char *formula, const pg_split_opts *o,
                  pg_dataset **out, pg_error *err)
{
    split_spec sp = {0};
    pieces p = {0};
    double *cut = NULL;
    size_t ncut = 0;
    pg_dataset *res = NULL;
    *out = NULL;
    int rc = parse_spec(ds, formula, &sp, err);
    if (!rc) rc = make_cuts(ds, &sp, o, &cut, &ncut, err);
    if (!rc) rc = cut_rows(ds, &sp, o, cut, ncut, &p, err);
    if (!rc && !(res = pg_dataset_new())) rc = pg_fail(err, PG_ENOMEM, "out of memory");
    if (!rc) rc = build(ds, &sp, o, &p, cut, ncut, res, err);
    if (rc) pg_dataset_free(res);
    else *out = res;
    free(sp.keep);
    free(cut);
    free(p.row);
    free(p.start);
    free(p.stop);
    free(p.last);
    return rc;
}
