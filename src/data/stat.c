/* stat.c -- SPSS (.sav, .zsav), Stata (.dta) and SAS (.sas7bdat, .xpt) files through ReadStat
 * (libreadstat), into a pg_rows table (rows.h) that the dataset reader types like a CSV.
 *
 * What R's haven (read_sav/read_dta/read_sas/read_xpt, then as_factor) gives, and so we give:
 * - a column with value labels on every value it holds becomes categorical: each value shows its
 *   label, levels in the order of the values (haven::as_factor's "default" levels:
 *   sort(c(values, labels))), except that a label no row carries is not a level (our datasets
 *   have no empty levels). A column with values that have no label (a thickness whose only
 *   label names its missing code 999) stays numeric, where haven::as_factor would make every
 *   number a level. With codes set every column keeps its stored numbers (haven::zap_labels).
 * - system, tagged (Stata/SAS .a-.z) and user-defined (SPSS) missing values are missing (haven's
 *   default user_na = FALSE).
 * - date and datetime formats become ISO text ("YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS"): SPSS counts
 *   seconds from 1582-10-14, Stata days (%td) or milliseconds (%tc) from 1960-01-01, SAS days or
 *   seconds from 1960-01-01 (haven's readstat_dates rules). Time-of-day formats stay numbers.
 * - variable labels are kept.
 * The whole file is read before the table is built because Stata stores its value labels after
 * the data. A file that ends before the row count its header promises is an error (a .xpt has
 * none: one that is not a whole number of 80-byte records is). */
#include "rows.h"

#include <math.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { KIND_PLAIN = 0, KIND_DATE, KIND_DATETIME };

typedef struct svar {
    char *name, *label, *labset;
    int string;
    int when;                 /* KIND_* */
    double scale, shift;      /* days (or seconds) since 1970 = value * scale + shift */
} svar;

typedef struct slabel {
    char *set;
    double v;                 /* numeric value, or NaN for a string value */
    char *sv;
    char *label;
} slabel;

typedef struct scell {
    double v;                 /* numeric value, NaN = missing */
    size_t s;                 /* string: offset into text, PG_ROWS_NA = missing */
} scell;

typedef struct sctx {
    pg_file_kind kind;
    svar *var;
    size_t nvar;
    long want_rows;           /* from the header, -1 if unknown */
    scell *cell;              /* nobs * nvar */
    size_t nobs, capobs;
    pg_text text;             /* the string cells' texts, each with its NUL */
    slabel *lab;
    size_t nlab, caplab;
    int nomem;
} sctx;

static int starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* The date rule of each format family: sets when, scale and shift. */
static void date_kind(svar *v, pg_file_kind kind, const char *fmt)
{
    static const char *const sas_date[] = {"DATE", "DDMMYY", "MMDDYY", "YYMMDD", "E8601DA",
                                           "B8601DA", "MONYY", "WEEKDATE", "WORDDATE", "NLDATE",
                                           "YYMMDDN", "JULIAN"};
    static const char *const sas_dt[] = {"DATETIME", "E8601DT", "B8601DT", "DATEAMPM",
                                         "NLDATM"};
    static const char *const sav_date[] = {"DATE", "ADATE", "EDATE", "JDATE", "SDATE"};
    v->when = KIND_PLAIN;
    if (!fmt || !*fmt) return;
    if (kind == PG_KIND_DTA) {
        if (starts(fmt, "%td") || starts(fmt, "%d")) {
            v->when = KIND_DATE;
            v->scale = 1;
            v->shift = -3653;                       /* 1960-01-01 */
        } else if (starts(fmt, "%tc") || starts(fmt, "%tC")) {
            v->when = KIND_DATETIME;
            v->scale = 0.001;
            v->shift = -3653.0 * 86400;
        }
        return;
    }
    if (kind == PG_KIND_SAV) {
        if (starts(fmt, "DATETIME")) {
            v->when = KIND_DATETIME;
            v->scale = 1;
            v->shift = -141428.0 * 86400;           /* 1582-10-14 */
            return;
        }
        for (size_t i = 0; i < sizeof sav_date / sizeof *sav_date; i++)
            if (starts(fmt, sav_date[i])) {
                v->when = KIND_DATE;
                v->scale = 1.0 / 86400;
                v->shift = -141428;
            }
        return;
    }
    for (size_t i = 0; i < sizeof sas_dt / sizeof *sas_dt; i++)
        if (starts(fmt, sas_dt[i])) {
            v->when = KIND_DATETIME;
            v->scale = 1;
            v->shift = -3653.0 * 86400;
            return;
        }
    for (size_t i = 0; i < sizeof sas_date / sizeof *sas_date; i++)
        if (starts(fmt, sas_date[i])) {
            v->when = KIND_DATE;
            v->scale = 1;
            v->shift = -3653;
        }
}

static char *dup_or_null(const char *s)
{
    return s && *s ? pg_strdup(s) : NULL;
}

static int on_meta(readstat_metadata_t *m, void *vctx)
{
    sctx *c = vctx;
    c->want_rows = readstat_get_row_count(m);
    return READSTAT_HANDLER_OK;
}

static int on_var(int index, readstat_variable_t *rv, const char *labset, void *vctx)
{
    sctx *c = vctx;
    if ((size_t)index != c->nvar) return READSTAT_HANDLER_ABORT;
    svar *v = realloc(c->var, (c->nvar + 1) * sizeof *v);
    if (!v) goto nomem;
    c->var = v;
    v += c->nvar;
    memset(v, 0, sizeof *v);
    c->nvar++;
    const char *name = readstat_variable_get_name(rv);
    if (!(v->name = pg_strdup(name ? name : ""))) goto nomem;
    v->label = dup_or_null(readstat_variable_get_label(rv));
    v->labset = dup_or_null(labset);
    v->string = readstat_variable_get_type_class(rv) == READSTAT_TYPE_CLASS_STRING;
    if (!v->string) date_kind(v, c->kind, readstat_variable_get_format(rv));
    return READSTAT_HANDLER_OK;
nomem:
    c->nomem = 1;
    return READSTAT_HANDLER_ABORT;
}

/* Keep s in the text block (each text followed by its NUL); *off is where it starts. */
static int add_text(sctx *c, const char *s, size_t *off)
{
    *off = c->text.len;
    if (pg_text_add(&c->text, s, strlen(s), 4096) != PG_OK) return -1;
    c->text.len++;   /* keep the NUL pg_text_add wrote after it */
    return 0;
}

static int on_value(int obs, readstat_variable_t *rv, readstat_value_t val, void *vctx)
{
    sctx *c = vctx;
    size_t j = (size_t)readstat_variable_get_index(rv);
    if (obs < 0 || j >= c->nvar) return READSTAT_HANDLER_ABORT;
    while ((size_t)obs >= c->capobs) {
        size_t cap = c->capobs ? c->capobs * 2 : 256;
        scell *p = realloc(c->cell, cap * c->nvar * sizeof *p);
        if (!p) goto nomem;
        c->cell = p;
        c->capobs = cap;
    }
    while (c->nobs <= (size_t)obs) {
        for (size_t k = 0; k < c->nvar; k++) {
            c->cell[c->nobs * c->nvar + k].v = NAN;
            c->cell[c->nobs * c->nvar + k].s = PG_ROWS_NA;
        }
        c->nobs++;
    }
    scell *cell = &c->cell[(size_t)obs * c->nvar + j];
    if (readstat_value_is_missing(val, rv)) return READSTAT_HANDLER_OK;
    if (readstat_value_type_class(val) == READSTAT_TYPE_CLASS_STRING) {
        const char *s = readstat_string_value(val);
        if (s && add_text(c, s, &cell->s)) goto nomem;
    } else {
        cell->v = readstat_double_value(val);
    }
    return READSTAT_HANDLER_OK;
nomem:
    c->nomem = 1;
    return READSTAT_HANDLER_ABORT;
}

static int on_label(const char *set, readstat_value_t val, const char *label, void *vctx)
{
    sctx *c = vctx;
    if (readstat_value_is_tagged_missing(val) || readstat_value_is_system_missing(val))
        return READSTAT_HANDLER_OK;             /* labels of missing values: not levels */
    if (c->nlab == c->caplab) {
        size_t cap = c->caplab ? c->caplab * 2 : 32;
        slabel *p = realloc(c->lab, cap * sizeof *p);
        if (!p) goto nomem;
        c->lab = p;
        c->caplab = cap;
    }
    slabel *l = &c->lab[c->nlab];
    memset(l, 0, sizeof *l);
    int str = readstat_value_type_class(val) == READSTAT_TYPE_CLASS_STRING;
    l->v = str ? NAN : readstat_double_value(val);
    l->set = pg_strdup(set ? set : "");
    l->label = pg_strdup(label ? label : "");
    if (str) l->sv = pg_strdup(readstat_string_value(val) ? readstat_string_value(val) : "");
    c->nlab++;
    if (!l->set || !l->label || (str && !l->sv)) goto nomem;
    return READSTAT_HANDLER_OK;
nomem:
    c->nomem = 1;
    return READSTAT_HANDLER_ABORT;
}

static void sctx_free(sctx *c)
{
    for (size_t j = 0; j < c->nvar; j++) {
        free(c->var[j].name);
        free(c->var[j].label);
        free(c->var[j].labset);
    }
    for (size_t k = 0; k < c->nlab; k++) {
        free(c->lab[k].set);
        free(c->lab[k].sv);
        free(c->lab[k].label);
    }
    free(c->var);
    free(c->lab);
    free(c->cell);
    free(c->text.s);
}

/* The label of a cell of column j under its label set, or NULL. */
static const char *label_of(const sctx *c, const svar *v, const scell *cell)
{
    for (size_t k = 0; k < c->nlab; k++) {
        const slabel *l = &c->lab[k];
        if (strcmp(l->set, v->labset) != 0) continue;
        if (v->string ? l->sv && cell->s != PG_ROWS_NA && strcmp(l->sv, c->text.s + cell->s) == 0
                      : !isnan(cell->v) && l->v == cell->v)
            return l->label;
    }
    return NULL;
}

/* A number as text: R's as.character (15 significant digits) when that reads back exactly,
 * else 17 digits, so that the dataset reader parses the very double back. */
static void num_text(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g", v);
    if (strtod(buf, NULL) != v) snprintf(buf, size, "%.17g", v);
}

/* Cell (i, j) as the text the table holds: NULL when missing. buf holds at least 64 bytes. */
static const char *cell_text(const sctx *c, size_t i, size_t j, int t_cat, char *buf, size_t sz)
{
    const svar *v = &c->var[j];
    const scell *cell = &c->cell[i * c->nvar + j];
    if (v->string ? cell->s == PG_ROWS_NA : isnan(cell->v)) return NULL;
    if (v->labset && t_cat) {
        const char *l = label_of(c, v, cell);
        if (l) return l;
    }
    if (v->string) return c->text.s + cell->s;
    if (v->when == KIND_DATE && pg_rows_iso_date(cell->v * v->scale + v->shift, buf) == 0)
        return buf;
    if (v->when == KIND_DATETIME &&
        pg_rows_iso_datetime(cell->v * v->scale + v->shift * 1.0, buf) == 0)
        return buf;
    num_text(cell->v, buf, sz);
    return buf;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The level order of labelled numeric column j: its distinct values sorted, as texts. */
static int label_order(const sctx *c, size_t j, pg_rows *t)
{
    const svar *v = &c->var[j];
    double *u = pg_malloc_array(c->nobs ? c->nobs : 1, sizeof *u);
    if (!u) return PG_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < c->nobs; i++) {
        double x = c->cell[i * c->nvar + j].v;
        if (!isnan(x)) u[n++] = x;
    }
    qsort(u, n, sizeof *u, cmp_double);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || u[i] != u[m - 1]) u[m++] = u[i];
    int rc = (t->order[j] = pg_calloc_array(m ? m : 1, sizeof **t->order)) ? PG_OK : PG_ENOMEM;
    for (size_t k = 0; rc == PG_OK && k < m; k++) {
        scell cell = {u[k], PG_ROWS_NA};
        char buf[64];
        const char *l = label_of(c, v, &cell);
        if (!l) {
            num_text(u[k], buf, sizeof buf);
            l = buf;
        }
        if (!(t->order[j][k] = pg_strdup(l))) rc = PG_ENOMEM;
        else t->norder[j] = k + 1;
    }
    free(u);
    return rc;
}

/* Whether every value column j holds (missing ones aside) has a label: a column whose labels
 * name only its missing codes (999 "not measured" on a thickness) or a few special values
 * stays numeric. */
static int all_labelled(const sctx *c, size_t j)
{
    for (size_t i = 0; i < c->nobs; i++) {
        const scell *cell = &c->cell[i * c->nvar + j];
        if (c->var[j].string ? cell->s == PG_ROWS_NA : isnan(cell->v)) continue;
        if (!label_of(c, &c->var[j], cell)) return 0;
    }
    return 1;
}

/* The table from what ReadStat delivered. */
static int build_table(const sctx *c, int codes, pg_rows *t)
{
    for (size_t j = 0; j < c->nvar; j++)
        if (pg_rows_cell(t, c->var[j].name, strlen(c->var[j].name))) return PG_ENOMEM;
    if (pg_rows_end(t, 0) || pg_rows_meta(t)) return PG_ENOMEM;
    for (size_t j = 0; j < c->nvar; j++) {
        const svar *v = &c->var[j];
        if (v->label && !(t->label[j] = pg_strdup(v->label))) return PG_ENOMEM;
        if (!v->labset || codes || !all_labelled(c, j)) continue;
        t->cat[j] = 1;
        if (!v->string && label_order(c, j, t)) return PG_ENOMEM;
    }
    char buf[64];
    for (size_t i = 0; i < c->nobs; i++) {
        for (size_t j = 0; j < c->nvar; j++) {
            const char *s = cell_text(c, i, j, t->cat[j], buf, sizeof buf);
            if (pg_rows_cell(t, s, s ? strlen(s) : 0)) return PG_ENOMEM;
        }
        if (pg_rows_end(t, (long)i + 1)) return PG_ENOMEM;
    }
    return PG_OK;
}

int pg_stat_read(const char *path, const char *name, pg_file_kind kind, int codes, pg_rows *t,
                 pg_error *err)
{
    sctx c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    c.want_rows = -1;
    readstat_parser_t *p = readstat_parser_init();
    if (!p) return pg_fail(err, PG_ENOMEM, "out of memory");
    readstat_set_metadata_handler(p, on_meta);
    readstat_set_variable_handler(p, on_var);
    readstat_set_value_handler(p, on_value);
    readstat_set_value_label_handler(p, on_label);
    readstat_error_t e;
    switch (kind) {
    case PG_KIND_SAV: e = readstat_parse_sav(p, path, &c); break;
    case PG_KIND_DTA: e = readstat_parse_dta(p, path, &c); break;
    case PG_KIND_SAS7BDAT: e = readstat_parse_sas7bdat(p, path, &c); break;
    default: e = readstat_parse_xport(p, path, &c); break;
    }
    readstat_parser_free(p);
    const char *what = pg_rows_kind_name(kind);
    int rc = PG_OK;
    struct stat st;
    /* a transport file promises no row count, but it is made of 80-byte records: a file cut
     * elsewhere is caught here (one cut at a record's end is not) */
    if (kind == PG_KIND_XPT && e == READSTAT_OK && stat(path, &st) == 0 && st.st_size % 80 != 0)
        rc = pg_fail_at(err, PG_EINPUT, name, 0, 0,
                        "%s cut short: %lld bytes is not a whole number of its 80-byte records",
                        what, (long long)st.st_size);
    else if (c.nomem)
        rc = pg_fail(err, PG_ENOMEM, "out of memory");
    else if (e != READSTAT_OK)
        rc = pg_fail_at(err, PG_EINPUT, name, 0, 0,
                        "cannot read %s: %s (is it damaged or cut short?)", what,
                        readstat_error_message(e));
    else if (c.want_rows >= 0 && c.nobs < (size_t)c.want_rows)
        rc = pg_fail_at(err, PG_EINPUT, name, 0, 0,
                        "%s cut short: %zu of the %ld cases its header promises", what, c.nobs,
                        c.want_rows);
    else if (c.nvar == 0)
        rc = pg_fail_at(err, PG_EINPUT, name, 0, 0, "%s with no variables", what);
    if (rc == PG_OK) {
        t->cases = 1;
        if (build_table(&c, codes, t)) rc = pg_fail(err, PG_ENOMEM, "out of memory");
    }
    sctx_free(&c);
    return rc;
}
