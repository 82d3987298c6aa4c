/* describe.c -- the column summary behind `prognos describe`: what a reader is told about a
 * dataset before any analysis.
 *
 * Per column: type, non-missing and missing counts; numeric columns mean (SD), median (IQR)
 * and range, as a manuscript reports them (R's mean(), sd(), median(): the mean of the two
 * middle values when n is even, quantile() type 7 for the quartiles, range()); categorical
 * columns each level with its count and its share of the non-missing cells, levels in sorted
 * (factor) order.
 * With a formula: n, events and censored rows of the model frame, the rows dropped because a
 * variable was missing (R's "N observations deleted due to missingness"), the rows excluded by
 * --where, and for each dataset column the formula mentions, how many of its cells are missing.
 * The writers are in src/render/render_describe.c.
 */
#include "describe.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* k-th smallest of x[0..n) (0-based), reordering x: Hoare's FIND (CACM 4 (1961) 321) with a
 * median-of-three pivot. Both scans stop on keys equal to the pivot, so ties split evenly and
 * a column of few distinct values stays linear. */
static double select_kth(double *x, size_t n, size_t k)
{
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    while (hi > lo) {
        double a = x[lo], b = x[lo + (hi - lo) / 2], c = x[hi];
        double p = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {
            while (x[i] < p) i++;
            while (x[j] > p) j--;
            if (i <= j) {
                double t = x[i];
                x[i] = x[j];
                x[j] = t;
                i++;
                j--;
            }
        }
        /* now x[lo..j] <= p <= x[i..hi], and x[j+1..i-1] == p */
        if (kk <= j) hi = j;
        else if (kk >= i) lo = i;
        else return x[kk];
    }
    return x[kk];
}

double pg_describe_median(double *x, size_t n)
{
    if (n == 0) return NAN;
    size_t k = (n - 1) / 2;
    double lo = select_kth(x, n, k);
    if (n % 2) return lo;
    /* after selection, x[k+1..n) are >= x[k]: the upper middle is their minimum */
    double hi = x[k + 1];
    for (size_t i = k + 2; i < n; i++)
        if (x[i] < hi) hi = x[i];
    return (lo + hi) / 2;
}

double pg_describe_quantile(double *x, size_t n, double p)
{
    if (n == 0) return NAN;
    double h = (double)(n - 1) * p;
    size_t k = (size_t)floor(h);
    if (k >= n - 1) return select_kth(x, n, n - 1);
    double lo = select_kth(x, n, k), hi = x[k + 1];
    /* after selection, x[k+1..n) are >= x[k]: the next order statistic is their minimum */
    for (size_t i = k + 2; i < n; i++)
        if (x[i] < hi) hi = x[i];
    double f = h - (double)k;
    return f == 0 ? lo : lo + f * (hi - lo);
}

/* R's summary.c (rsum/real_mean) and cov.c: a long double sum, mean = s / n, then the mean of
 * the residuals added once; the variance from the residuals about that mean. */
void pg_describe_mean_sd(const double *x, size_t n, double *mean, double *sd)
{
    *mean = *sd = NAN;
    if (n == 0) return;
    long double s = 0;
    for (size_t i = 0; i < n; i++) s += x[i];
    long double m = s / (long double)n, t = 0;
    for (size_t i = 0; i < n; i++) t += x[i] - m;
    m += t / (long double)n;
    *mean = (double)m;
    if (n < 2) return;
    long double ss = 0;
    for (size_t i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
    *sd = sqrt((double)(ss / (long double)(n - 1)));
}

void pg_describe_free(pg_describe *d)
{
    if (!d) return;
    for (size_t j = 0; d->cols && j < d->ncol; j++) {
        free(d->cols[j].count);
        free(d->cols[j].levels);
    }
    free(d->cols);
    free(d->vars);
    free(d);
}

int pg_describe_new(const pg_dataset *ds, pg_describe **out, pg_error *err)
{
    *out = NULL;
    pg_describe *d = calloc(1, sizeof *d);
    double *tmp = NULL;
    if (!d) goto nomem;
    d->nrow = pg_dataset_nrow(ds);
    d->ncol = pg_dataset_ncol(ds);
    d->cols = pg_calloc_array(d->ncol ? d->ncol : 1, sizeof *d->cols);
    if (!d->cols) goto nomem;
    for (size_t j = 0; j < d->ncol; j++) {
        pg_describe_col *c = &d->cols[j];
        c->name = pg_dataset_colname(ds, j);
        c->label = pg_dataset_col_label(ds, j);
        c->type = pg_dataset_coltype(ds, j);
        c->min = c->median = c->max = c->mean = c->sd = c->q1 = c->q3 = NAN;
        if (c->type != PG_COL_CATEGORICAL) {     /* numbers, or dates as days (date.h) */
            const double *v = c->type == PG_COL_DATE ? pg_dataset_dates(ds, j)
                                                     : pg_dataset_numeric(ds, j);
            if (!tmp && d->nrow && !(tmp = pg_malloc_array(d->nrow, sizeof *tmp))) goto nomem;
            size_t m = 0;
            for (size_t i = 0; i < d->nrow; i++)
                if (!isnan(v[i])) tmp[m++] = v[i];
            c->n = m;
            c->missing = d->nrow - m;
            if (m) {
                c->min = c->max = tmp[0];
                for (size_t i = 1; i < m; i++) {
                    if (tmp[i] < c->min) c->min = tmp[i];
                    if (tmp[i] > c->max) c->max = tmp[i];
                }
                int whole = 1;
                for (size_t i = 0; i < m && whole; i++) whole = tmp[i] == floor(tmp[i]);
                c->median = pg_describe_median(tmp, m);
                /* a median of whole days between two days shows as the earlier day, as R
                 * prints median() of a Date (print.Date truncates the half day) */
                if (c->type == PG_COL_DATE && whole) c->median = floor(c->median);
                if (c->type == PG_COL_NUMERIC) {   /* a date column shows its range only */
                    pg_describe_mean_sd(tmp, m, &c->mean, &c->sd);
                    c->q1 = pg_describe_quantile(tmp, m, 0.25);
                    c->q3 = pg_describe_quantile(tmp, m, 0.75);
                }
            }
        } else {
            const int32_t *code = pg_dataset_codes(ds, j);
            c->nlevels = pg_dataset_nlevels(ds, j);
            c->count = pg_calloc_array(c->nlevels ? c->nlevels : 1, sizeof *c->count);
            c->levels = pg_calloc_array(c->nlevels ? c->nlevels : 1, sizeof *c->levels);
            if (!c->count || !c->levels) goto nomem;
            for (size_t k = 0; k < c->nlevels; k++) c->levels[k] = pg_dataset_level(ds, j, k);
            for (size_t i = 0; i < d->nrow; i++) {
                if (code[i] < 0) c->missing++;
                else c->count[code[i]]++;
            }
            c->n = d->nrow - c->missing;
        }
    }
    free(tmp);
    *out = d;
    return PG_OK;
nomem:
    free(tmp);
    pg_describe_free(d);
    return pg_fail(err, PG_ENOMEM, "out of memory");
}

/* Append to d->vars every dataset column named by an identifier in text: a name made of
 * letters, digits, '.' and '_' not followed by '(' (a function), or a `backquoted` name;
 * string literals are skipped. */
static int scan_vars(pg_describe *d, const pg_dataset *ds, const char *text)
{
    if (!text) return PG_OK;
    char name[256];
    for (const char *p = text; *p;) {
        size_t len = 0;
        if (*p == '"' || *p == '\'') {
            char q = *p++;
            while (*p && *p != q) p += (*p == '\\' && p[1]) ? 2 : 1;
            if (*p) p++;
            continue;
        }
        if (*p == '`') {
            const char *e = strchr(p + 1, '`');
            if (!e) break;
            len = (size_t)(e - p - 1);
            if (len < sizeof name) memcpy(name, p + 1, len);
            p = e + 1;
        } else if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '.' ||
                   *p == '_') {
            const char *s = p;
            while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                   (*p >= '0' && *p <= '9') || *p == '.' || *p == '_')
                p++;
            const char *q = p;
            while (*q == ' ') q++;
            if (*q == '(') continue;       /* a function name */
            len = (size_t)(p - s);
            if (len < sizeof name) memcpy(name, s, len);
        } else {
            p++;
            continue;
        }
        if (len == 0 || len >= sizeof name) continue;
        name[len] = '\0';
        long j = pg_dataset_find(ds, name);
        if (j < 0) continue;
        const char *cname = pg_dataset_colname(ds, (size_t)j);
        size_t k = 0;
        while (k < d->nvars && d->vars[k].name != cname) k++;
        if (k < d->nvars) continue;
        pg_describe_var *v = realloc(d->vars, (d->nvars + 1) * sizeof *v);
        if (!v) return PG_ENOMEM;
        d->vars = v;
        v[d->nvars].name = cname;
        v[d->nvars].missing = d->cols[j].missing;
        d->nvars++;
    }
    return PG_OK;
}

int pg_describe_add_frame(pg_describe *d, const pg_dataset *ds, const pg_frame *fr,
                          const char *formula, const char *where, pg_error *err)
{
    d->has_frame = 1;
    d->formula = formula;
    d->where = where;
    d->n = pg_frame_n(fr);
    d->events = pg_frame_events(fr);
    d->censored = d->n - d->events;
    d->dropped = pg_frame_dropped(fr);
    d->excluded = pg_frame_excluded(fr);
    if (scan_vars(d, ds, formula) || scan_vars(d, ds, where))
        return pg_fail(err, PG_ENOMEM, "out of memory");
    return PG_OK;
}
