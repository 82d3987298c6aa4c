/* tmerge.c -- counting-process rows from one row per subject and files of dated changes, as R's
 * survival::tmerge does (Therneau, "Using time dependent covariates and time dependent
 * coefficients in the Cox model", survival vignette timedep; R/tmerge.R and src/tmerge.c).
 *
 * The base gives each subject one interval (tstart, tstop] = (start or 0, time]. Then each
 * operation, in order, takes its rows (id, t[, x]) sorted by subject and time (ties in file
 * order) and classes each t against the subject's current intervals (a_1, b_1], ..., (a_m, b_m]:
 *   early    t < a_1              late      t > b_m
 *   gap      b_j < t < a_{j+1}    within    a_j < t < b_j: the interval is split at t
 *   boundary t = b_j = a_{j+1}    leading   t = a_j, not a boundary   trailing  t = b_j, likewise
 * (R's attr(, "tcount"), whose columns these are, plus "tied": rows repeating an earlier
 * (id, t)). After the splits:
 *   tdc(t)       row (a, b] gets 1 if some t <= a, else 0
 *   tdc(t, x)    the x of the last t <= a (tmerge2 in R's tmerge.c), else init (NA by default)
 *   cumtdc(t[,x]) the count (sum of x) of the t <= a, added to init when one is given (tmerge)
 *   event(t[,x]) 1 (x) on the row with b = t, for t boundary, within or trailing; 0 elsewhere
 * so a change before the follow-up counts for a tdc from the start, one after it for nothing,
 * and an event at a subject's start is ignored. An event column created earlier is set to 0
 * (the censoring value) on the first piece of a split row.
 * Matches: tmerge(base, base, id, status = event(time, status), tstart = start) then
 *          tmerge(., changes, id, name = tdc(time, value, init)), options(delay, na.rm). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "internal.h"
#include "strindex.h"
#include "prognos/tmerge.h"

void pg_tmerge_opts_init(pg_tmerge_opts *o)
{
    memset(o, 0, sizeof *o);
    o->tstart_name = "tstart";
    o->tstop_name = "tstop";
}

/* The long table being built: row r is subject subj[r] over (start[r], stop[r]]; var[v][r]. */
typedef struct table {
    size_t n, nsubj, nvar;
    size_t *subj, *first;            /* first[k] .. first[k+1]-1: subject k's rows */
    double *start, *stop, **var;
    unsigned char *is_event;         /* per var: set to 0 on the first piece of a split */
} table;

typedef struct rec { size_t subj, order; double t, x; int cls; } rec;
enum { C_EARLY, C_LATE, C_GAP, C_WITHIN, C_BOUNDARY, C_LEADING, C_TRAILING };

static int nomem(pg_error *err) { return pg_fail(err, PG_ENOMEM, "out of memory"); }

/* The id of row i of column col as text: a number by %.17g, a level as it is. */
static const char *id_key(const pg_dataset *ds, size_t col, size_t i, char *buf, size_t len)
{
    if (pg_dataset_coltype(ds, col) == PG_COL_CATEGORICAL) {
        int32_t c = pg_dataset_codes(ds, col)[i];
        return c < 0 ? NULL : pg_dataset_level(ds, col, (size_t)c);
    }
    const double *x = pg_dataset_coltype(ds, col) == PG_COL_DATE ? pg_dataset_dates(ds, col)
                                                                  : pg_dataset_numeric(ds, col);
    if (isnan(x[i])) return NULL;
    snprintf(buf, len, "%.17g", x[i]);
    return buf;
}

static int row_fail(const pg_dataset *ds, size_t i, long col, pg_error *err, const char *fmt,
                    const char *a)
{
    return pg_fail_at(err, PG_EINPUT, pg_dataset_row_file(ds, i), pg_dataset_row_line(ds, i),
                      col + 1, fmt, a);
}

static int numeric_col(const pg_dataset *ds, const char *name, const char *what, long *col,
                       pg_error *err)
{
    *col = pg_dataset_find(ds, name);
    const char *file = pg_dataset_nrow(ds) ? pg_dataset_row_file(ds, 0) : "";
    if (*col < 0)
        return pg_fail_at(err, PG_EINPUT, file, 1, 0, "no column '%s' (%s)", name, what);
    if (pg_dataset_coltype(ds, (size_t)*col) != PG_COL_NUMERIC)
        return pg_fail_at(err, PG_EINPUT, file, 1, *col + 1, "column '%s' (%s) must be numeric",
                          name, what);
    return PG_OK;
}

/* The base's subjects: the id index (keys owned by keys[]) and one interval each. */
static int base_rows(const pg_dataset *ds, const pg_tmerge_opts *o, long idc, table *tb,
                     pg_strindex *ix, char ***keys, pg_error *err)
{
    size_t n = pg_dataset_nrow(ds);
    long tc = -1, sc = -1;
    int rc = numeric_col(ds, o->time, "the follow-up time", &tc, err);
    if (!rc && o->start) rc = numeric_col(ds, o->start, "the start of follow-up", &sc, err);
    if (rc) return rc;
    const double *t = pg_dataset_numeric(ds, (size_t)tc);
    const double *s = sc >= 0 ? pg_dataset_numeric(ds, (size_t)sc) : NULL;
    tb->n = tb->nsubj = n;
    tb->subj = pg_malloc_array(n + 1, sizeof *tb->subj);
    tb->first = pg_malloc_array(n + 1, sizeof *tb->first);
    tb->start = pg_malloc_array(n + 1, sizeof *tb->start);
    tb->stop = pg_malloc_array(n + 1, sizeof *tb->stop);
    *keys = pg_calloc_array(n + 1, sizeof **keys);
    if (!tb->subj || !tb->first || !tb->start || !tb->stop || !*keys) return nomem(err);
    char buf[40];
    for (size_t i = 0; i < n; i++) {
        const char *k = id_key(ds, (size_t)idc, i, buf, sizeof buf);
        if (!k) return row_fail(ds, i, idc, err, "missing id in column '%s'", o->id);
        if (!((*keys)[i] = pg_strdup(k))) return nomem(err);
        long at = pg_strindex_add(ix, (*keys)[i], i);
        if (at < 0) return nomem(err);
        if ((size_t)at != i) {
            char msg[96];
            snprintf(msg, sizeof msg, "id '%%s' is also on line %ld: the base file has one row "
                     "per subject", pg_dataset_row_line(ds, (size_t)at));
            return row_fail(ds, i, idc, err, msg, k);
        }
        if (isnan(t[i]))
            return row_fail(ds, i, tc, err, "missing follow-up time in column '%s'", o->time);
        double a = s ? s[i] : 0;
        if (isnan(a))
            return row_fail(ds, i, sc, err, "missing start time in column '%s'", o->start);
        if (!(a < t[i])) {
            char x[40], y[40], msg[160];
            snprintf(msg, sizeof msg, "follow-up ends at %s, not after its start %s%%s",
                     pg_fmt_rnum(x, sizeof x, t[i]), pg_fmt_rnum(y, sizeof y, a));
            return row_fail(ds, i, tc, err, msg, s ? "" : " (give --start, or times > 0)");
        }
        tb->subj[i] = tb->first[i] = i;
        tb->start[i] = a;
        tb->stop[i] = t[i];
    }
    tb->first[n] = n;
    return PG_OK;
}

static int add_var(table *tb, int is_event, double init, pg_error *err)
{
    double **v = realloc(tb->var, (tb->nvar + 1) * sizeof *v);
    if (!v) return nomem(err);
    tb->var = v;
    unsigned char *e = realloc(tb->is_event, tb->nvar + 1);
    if (!e) return nomem(err);
    tb->is_event = e;
    if (!(v[tb->nvar] = pg_malloc_array(tb->n + 1, sizeof **v))) return nomem(err);
    for (size_t r = 0; r < tb->n; r++) v[tb->nvar][r] = init;
    e[tb->nvar++] = (unsigned char)is_event;
    return PG_OK;
}

static int cmp_rec(const void *a, const void *b)
{
    const rec *x = a, *y = b;
    if (x->subj != y->subj) return x->subj < y->subj ? -1 : 1;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* Class t against subject k's rows; *row is the row it splits (within). */
static int classify(const table *tb, size_t k, double t, size_t *row)
{
    size_t a = tb->first[k], b = tb->first[k + 1];
    if (t < tb->start[a]) return C_EARLY;
    if (t > tb->stop[b - 1]) return C_LATE;
    size_t i1 = a, i2 = b - 1;
    for (size_t r = a; r < b; r++)
        if (tb->start[r] <= t) i1 = r;
    for (size_t r = b; r-- > a;)
        if (tb->stop[r] >= t) i2 = r;
    *row = i1;
    if (i2 > i1) return C_GAP;
    if (t == tb->start[i1] || t == tb->stop[i2]) {
        if (i1 == i2 + 1) return C_BOUNDARY;
        return t == tb->start[i1] ? C_LEADING : C_TRAILING;
    }
    return C_WITHIN;
}

/* Split the rows at the within times (recs sorted; a row's cuts come in time order). */
static int split_rows(table *tb, const rec *rs, size_t nr, pg_error *err)
{
    size_t ncut = 0;
    for (size_t j = 0; j < nr; j++)
        if (rs[j].cls == C_WITHIN && (j == 0 || rs[j - 1].cls != C_WITHIN ||
                                      rs[j - 1].subj != rs[j].subj || rs[j - 1].t != rs[j].t))
            ncut++;
    if (ncut == 0) return PG_OK;
    size_t n = tb->n + ncut, m = 0;
    size_t *subj = pg_malloc_array(n, sizeof *subj);
    double *start = pg_malloc_array(n, sizeof *start), *stop = pg_malloc_array(n, sizeof *stop);
    double **var = pg_calloc_array(tb->nvar + 1, sizeof *var);
    size_t *src = pg_malloc_array(n, sizeof *src);
    unsigned char *early = pg_malloc_array(n, 1);
    int rc = !subj || !start || !stop || !var || !src || !early;
    for (size_t v = 0; !rc && v < tb->nvar; v++) rc = !(var[v] = pg_malloc_array(n, sizeof **var));
    if (rc) {
        rc = nomem(err);
        goto done;
    }
    size_t j = 0;
    for (size_t r = 0; r < tb->n; r++) {
        double a = tb->start[r];
        while (j < nr && (rs[j].subj < tb->subj[r] || (rs[j].subj == tb->subj[r] &&
                                                       rs[j].t <= tb->start[r])))
            j++;
        for (; j < nr && rs[j].subj == tb->subj[r] && rs[j].t < tb->stop[r]; j++) {
            if (rs[j].cls != C_WITHIN || rs[j].t == a) continue;
            subj[m] = tb->subj[r], start[m] = a, stop[m] = rs[j].t, src[m] = r, early[m++] = 1;
            a = rs[j].t;
        }
        subj[m] = tb->subj[r], start[m] = a, stop[m] = tb->stop[r], src[m] = r, early[m++] = 0;
    }
    for (size_t v = 0; v < tb->nvar; v++)
        for (size_t r = 0; r < m; r++)
            var[v][r] = tb->is_event[v] && early[r] && !isnan(tb->var[v][src[r]])
                            ? 0 : tb->var[v][src[r]];
    for (size_t v = 0; v < tb->nvar; v++) {
        free(tb->var[v]);
        tb->var[v] = var[v];
        var[v] = NULL;
    }
    free(tb->subj), free(tb->start), free(tb->stop);
    tb->subj = subj, tb->start = start, tb->stop = stop, tb->n = m;
    subj = NULL, start = stop = NULL;
    for (size_t r = 0, k = 0; r < m; r++)
        if (r == 0 || tb->subj[r] != tb->subj[r - 1]) tb->first[k++] = r;
    tb->first[tb->nsubj] = m;
done:
    free(subj), free(start), free(stop), free(src), free(early);
    if (var)
        for (size_t v = 0; v < tb->nvar; v++) free(var[v]);
    free(var);
    return rc;
}

/* Is op a tdc of a text value (R's tdc(t, x) takes any type)? Its x are then level codes of
 * op->data's value column, written back as its levels (build). */
static long text_tdc_col(const pg_tmerge_op *op)
{
    if (op->kind != PG_TMERGE_TDC || !op->value) return -1;
    long c = pg_dataset_find(op->data, op->value);
    return c >= 0 && pg_dataset_coltype(op->data, (size_t)c) == PG_COL_CATEGORICAL ? c : -1;
}

/* The change file's rows as records against the base's subjects (ix), sorted. */
static int read_recs(const pg_tmerge_op *op, const pg_tmerge_opts *o, const pg_strindex *ix,
                     const table *tb, rec **out, size_t *nout, pg_tmerge_count *cnt,
                     pg_error *err)
{
    const pg_dataset *ds = op->data;
    size_t n = pg_dataset_nrow(ds), m = 0;
    long idc = pg_dataset_find(ds, o->id), tc = -1, vc = -1;
    if (idc < 0)
        return pg_fail_at(err, PG_EINPUT, n ? pg_dataset_row_file(ds, 0) : "", 1, 0,
                          "no column '%s' (the id column, as in the base file)", o->id);
    int rc = numeric_col(ds, op->time, "the time of the change", &tc, err);
    long textc = text_tdc_col(op);
    if (!rc && op->value && textc < 0) rc = numeric_col(ds, op->value, "the value", &vc, err);
    if (!rc && textc >= 0 && !isnan(op->init))
        rc = pg_fail(err, PG_EINPUT, "the tdc '%s' of the text column '%s' takes no numeric "
                     "INIT (it is NA before the first change, as R's tdc)", op->name, op->value);
    if (rc) return rc;
    const double *t = pg_dataset_numeric(ds, (size_t)tc);
    const double *x = vc >= 0 ? pg_dataset_numeric(ds, (size_t)vc) : NULL;
    double *codes = NULL;        /* a text value's level codes as numbers, NaN when missing */
    if (textc >= 0) {
        const int32_t *cd = pg_dataset_codes(ds, (size_t)textc);
        if (!(codes = pg_malloc_array(n + 1, sizeof *codes))) return nomem(err);
        for (size_t i = 0; i < n; i++) codes[i] = cd[i] < 0 ? NAN : (double)cd[i];
        x = codes;
    }
    rec *rs = pg_malloc_array(n + 1, sizeof *rs);
    if (!rs) {
        free(codes);
        return nomem(err);
    }
    char buf[40];
    for (size_t i = 0; i < n; i++) {
        const char *k = id_key(ds, (size_t)idc, i, buf, sizeof buf);
        if (!k) {
            free(rs);
            return row_fail(ds, i, idc, err, "missing id in column '%s'", o->id);
        }
        long s = pg_strindex_get(ix, k);
        if (s < 0) {
            if (!cnt->missid++) cnt->missid_line = pg_dataset_row_line(ds, i);
            continue;
        }
        if (isnan(t[i]) || (x && !o->keep_na && isnan(x[i]))) {
            if (!cnt->missing++) cnt->missing_line = pg_dataset_row_line(ds, i);
            continue;
        }
        double ti = t[i];
        /* tmerge's delay: a change after the start of follow-up acts later */
        if (o->delay > 0 && op->kind != PG_TMERGE_EVENT && ti > tb->start[tb->first[s]])
            ti += o->delay;
        rs[m++] = (rec){.subj = (size_t)s, .order = i, .t = ti, .x = x ? x[i] : 1};
    }
    free(codes);
    qsort(rs, m, sizeof *rs, cmp_rec);
    for (size_t j = 1; j < m; j++)
        if (rs[j].subj == rs[j - 1].subj && rs[j].t == rs[j - 1].t) cnt->tied++;
    *out = rs;
    *nout = m;
    return PG_OK;
}

static void classify_all(const table *tb, rec *rs, size_t m, pg_tmerge_count *cnt)
{
    for (size_t j = 0; j < m; j++) {
        size_t row = 0;
        rs[j].cls = classify(tb, rs[j].subj, rs[j].t, &row);
        size_t *c[] = {&cnt->early, &cnt->late, &cnt->gap, &cnt->within, &cnt->boundary,
                       &cnt->leading, &cnt->trailing};
        ++*c[rs[j].cls];
    }
}

/* Fill the op's new column (the last of tb) from the sorted records. */
static void apply(table *tb, const pg_tmerge_op *op, const rec *rs, size_t m)
{
    double *v = tb->var[tb->nvar - 1];
    if (op->kind == PG_TMERGE_EVENT) {
        for (size_t j = 0; j < m; j++) {
            if (rs[j].cls != C_WITHIN && rs[j].cls != C_BOUNDARY && rs[j].cls != C_TRAILING)
                continue;
            for (size_t r = tb->first[rs[j].subj]; r < tb->first[rs[j].subj + 1]; r++)
                if (tb->stop[r] == rs[j].t) v[r] = rs[j].x;   /* the last tie wins */
        }
        return;
    }
    size_t j = 0;
    for (size_t r = 0; r < tb->n; r++) {
        size_t k = tb->subj[r];
        while (j < m && rs[j].subj < k) j++;
        double sum = 0;
        int any = 0;
        const rec *last = NULL;
        for (size_t q = j; q < m && rs[q].subj == k && rs[q].t <= tb->start[r]; q++) {
            sum += rs[q].x;
            last = &rs[q];
            any = 1;
        }
        if (!any) continue;
        if (op->kind == PG_TMERGE_TDC) v[r] = op->value ? last->x : 1;
        else v[r] = isnan(v[r]) ? sum : v[r] + sum;
    }
}

static int add_repeated(pg_dataset *out, const pg_dataset *ds, size_t col, const char *name,
                        const table *tb, const double *status, pg_error *err)
{
    int rc;
    if (pg_dataset_coltype(ds, col) == PG_COL_CATEGORICAL) {
        const int32_t *code = pg_dataset_codes(ds, col);
        const char **v = pg_malloc_array(tb->n + 1, sizeof *v);
        if (!v) return nomem(err);
        for (size_t r = 0; r < tb->n; r++) {
            double c = status ? status[r] : (double)code[tb->subj[r]];
            v[r] = isnan(c) || c < 0 ? NULL : pg_dataset_level(ds, col, (size_t)c);
        }
        rc = pg_dataset_add_categorical(out, name, v, tb->n, err);
        free(v);
        return rc;
    }
    int date = pg_dataset_coltype(ds, col) == PG_COL_DATE;
    const double *x = date ? pg_dataset_dates(ds, col) : pg_dataset_numeric(ds, col);
    double *v = pg_malloc_array(tb->n + 1, sizeof *v);
    if (!v) return nomem(err);
    for (size_t r = 0; r < tb->n; r++) v[r] = status ? status[r] : x[tb->subj[r]];
    rc = date ? pg_dataset_add_date(out, name, v, tb->n, err)
              : pg_dataset_add_numeric(out, name, v, tb->n, err);
    free(v);
    return rc;
}

static int check_names(const pg_dataset *base, const pg_tmerge_opts *o, const char *sname,
                       pg_error *err)
{
    const char *file = pg_dataset_nrow(base) ? pg_dataset_row_file(base, 0) : "";
    for (size_t k = 0; k < o->n_ops; k++) {
        const char *nm = o->ops[k].name;
        long c = pg_dataset_find(base, nm);
        int key = !strcmp(nm, o->tstart_name) || !strcmp(nm, o->tstop_name) ||
                  (sname && !strcmp(nm, sname));
        if (key || (c >= 0 && strcmp(nm, o->time) && (!o->start || strcmp(nm, o->start)) &&
                    (!o->status || strcmp(nm, o->status))))
            return pg_fail_at(err, PG_EINPUT, file, 1, 0, "a new column cannot be named '%s': "
                              "%s has it already", nm, key ? "the output" : "the base file");
        for (size_t j = 0; j < k; j++)
            if (!strcmp(nm, o->ops[j].name))
                return pg_fail(err, PG_EINPUT, "the new column '%s' is given twice", nm);
    }
    if (!strcmp(o->tstart_name, o->tstop_name) || pg_dataset_find(base, o->tstart_name) >= 0 ||
        pg_dataset_find(base, o->tstop_name) >= 0) {
        long c = pg_dataset_find(base, o->tstart_name);
        const char *nm = c >= 0 ? o->tstart_name : o->tstop_name;
        if ((o->start && !strcmp(nm, o->start)) || !strcmp(nm, o->time)) return PG_OK;
        return pg_fail_at(err, PG_EINPUT, file, 1, 0, "the base file has a column '%s' "
                          "already: name the interval columns otherwise", nm);
    }
    return PG_OK;
}

static int build(const pg_dataset *base, const pg_tmerge_opts *o, const table *tb, long stc,
                 const char *sname, pg_dataset *out, pg_error *err)
{
    int rc = PG_OK;
    for (size_t c = 0; !rc && c < pg_dataset_ncol(base); c++) {
        const char *nm = pg_dataset_colname(base, c);
        if (!strcmp(nm, o->time) || (o->start && !strcmp(nm, o->start)) || (long)c == stc)
            continue;
        rc = add_repeated(out, base, c, nm, tb, NULL, err);
    }
    if (!rc) rc = pg_dataset_add_numeric(out, o->tstart_name, tb->start, tb->n, err);
    if (!rc) rc = pg_dataset_add_numeric(out, o->tstop_name, tb->stop, tb->n, err);
    size_t v0 = 0;
    if (!rc && stc >= 0) rc = add_repeated(out, base, (size_t)stc, sname, tb, tb->var[v0++], err);
    for (size_t k = 0; !rc && k < o->n_ops; k++) {
        long textc = text_tdc_col(&o->ops[k]);
        if (textc < 0) {
            rc = pg_dataset_add_numeric(out, o->ops[k].name, tb->var[v0 + k], tb->n, err);
            continue;
        }
        const char **v = pg_malloc_array(tb->n + 1, sizeof *v);
        if (!v) return nomem(err);
        for (size_t r = 0; r < tb->n; r++) {
            double c = tb->var[v0 + k][r];
            v[r] = isnan(c) ? NULL : pg_dataset_level(o->ops[k].data, (size_t)textc, (size_t)c);
        }
        rc = pg_dataset_add_categorical(out, o->ops[k].name, v, tb->n, err);
        free(v);
    }
    return rc;
}

int pg_tmerge(const pg_dataset *base, const pg_tmerge_opts *o, pg_dataset **out,
              pg_tmerge_count *counts, pg_error *err)
{
    table tb = {0};
    pg_strindex ix;
    pg_strindex_init(&ix);
    char **keys = NULL;
    pg_dataset *res = NULL;
    rec *rs = NULL;
    *out = NULL;
    if (counts) memset(counts, 0, (o->n_ops + 1) * sizeof *counts);
    const char *file = pg_dataset_nrow(base) ? pg_dataset_row_file(base, 0) : "";
    long idc = pg_dataset_find(base, o->id), stc = -1;
    int rc = PG_OK;
    if (idc < 0) rc = pg_fail_at(err, PG_EINPUT, file, 1, 0, "no column '%s' (--id)", o->id);
    else if (!pg_dataset_nrow(base)) rc = pg_fail(err, PG_EINPUT, "the base file has no rows");
    if (!rc && o->status && (stc = pg_dataset_find(base, o->status)) < 0)
        rc = pg_fail_at(err, PG_EINPUT, file, 1, 0, "no column '%s' (the status)", o->status);
    if (!rc && stc >= 0 && pg_dataset_coltype(base, (size_t)stc) == PG_COL_DATE)
        rc = pg_fail_at(err, PG_EINPUT, file, 1, stc + 1, "the status column '%s' holds dates",
                        o->status);
    const char *sname = o->status_name ? o->status_name : o->status;
    if (!rc) rc = check_names(base, o, sname, err);
    if (!rc) rc = base_rows(base, o, idc, &tb, &ix, &keys, err);
    if (!rc && stc >= 0) {
        /* the status is the first event: on the subject's one interval, 0 (the first level of
         * a categorical status) on every piece split off before it */
        rc = add_var(&tb, 1, 0, err);
        const double *x = pg_dataset_numeric(base, (size_t)stc);
        const int32_t *c = pg_dataset_codes(base, (size_t)stc);
        /* a missing status is na.rm's dropped event: 0, the censoring value, as R's
         * tmerge(base, base, id, st = event(time, st)); NA only with keep_na (na.rm = FALSE) */
        size_t missing = 0;
        for (size_t i = 0; !rc && i < tb.n; i++) {
            double v = x ? x[i] : (c[i] < 0 ? NAN : (double)c[i]);
            if (isnan(v) && !o->keep_na) {
                v = 0;
                missing++;
            }
            tb.var[0][i] = v;
        }
        if (counts) {
            counts[0].trailing = tb.n - missing;
            counts[0].missing = missing;
        }
    }
    for (size_t k = 0; !rc && k < o->n_ops; k++) {
        const pg_tmerge_op *op = &o->ops[k];
        pg_tmerge_count scratch, *cnt = counts ? &counts[k + 1] : &scratch;
        memset(&scratch, 0, sizeof scratch);
        size_t m = 0;
        free(rs);
        rs = NULL;
        if ((rc = read_recs(op, o, &ix, &tb, &rs, &m, cnt, err))) break;
        classify_all(&tb, rs, m, cnt);
        if ((rc = split_rows(&tb, rs, m, err))) break;
        double init = op->kind == PG_TMERGE_EVENT || !op->value ? 0 : op->init;
        if ((rc = add_var(&tb, op->kind == PG_TMERGE_EVENT, init, err))) break;
        apply(&tb, op, rs, m);
    }
    if (!rc && !(res = pg_dataset_new())) rc = nomem(err);
    if (!rc) rc = build(base, o, &tb, stc, sname, res, err);
    if (rc) pg_dataset_free(res);
    else *out = res;
    free(rs);
    pg_strindex_clear(&ix);
    for (size_t i = 0; keys && i < pg_dataset_nrow(base); i++) free(keys[i]);
    free(keys);
    for (size_t v = 0; v < tb.nvar; v++) free(tb.var[v]);
    free(tb.var), free(tb.is_event), free(tb.subj), free(tb.first), free(tb.start), free(tb.stop);
    return rc;
}
