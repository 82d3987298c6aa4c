/* render_describe.c -- `prognos describe` written out: the column summary (src/report/
 * describe.c) as text, CSV, JSON or Markdown. */
#include "render_describe.h"
#include "prognos/date.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define LEVELS_SHOWN 12     /* text and md list at most this many levels per column */

static const char *type_name(pg_coltype t)
{
    return t == PG_COL_NUMERIC ? "numeric" : t == PG_COL_DATE ? "date" : "categorical";
}

/* "F 90 (39.5%), M 138 (60.5%)" (n and % of the non-missing cells; CSV: "F (90), M (138)",
 * the counts only, as before); at most `shown` levels then "... (k more)" (shown 0 = all). In text and
 * md a line break or tab in a level shows as \n or \t, and in md a bar as \|. */
static char *levels_text(const pg_describe_col *c, size_t shown, pg_format fmt)
{
    size_t cap = 64, len = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
    s[0] = '\0';
    for (size_t k = 0; k < c->nlevels; k++) {
        char piece[96];
        const char *lv = c->levels[k];
        int more = shown && k == shown;
        if (more) snprintf(piece, sizeof piece, ", ... (%zu more)", c->nlevels - k);
        size_t need = 2 * strlen(lv) + (more ? strlen(piece) : 32) + 8;
        if (len + need >= cap) {
            while (len + need >= cap) cap *= 2;
            char *ns = realloc(s, cap);
            if (!ns) {
                free(s);
                return NULL;
            }
            s = ns;
        }
        if (more) {
            len += (size_t)snprintf(s + len, cap - len, "%s", piece);
            break;
        }
        if (k) {
            memcpy(s + len, ", ", 2);
            len += 2;
        }
        for (const char *q = lv; *q; q++) {     /* one line per column in text and md */
            char e = *q == '\n' ? 'n' : *q == '\r' ? 'r' : *q == '\t' ? 't' : *q == '|' ? '|' : 0;
            if (fmt != PG_FMT_CSV && e && (e != '|' || fmt == PG_FMT_MD)) {
                s[len++] = '\\';
                s[len++] = e;
            } else {
                s[len++] = *q;
            }
        }
        if (fmt == PG_FMT_CSV) len += (size_t)snprintf(s + len, cap - len, " (%zu)", c->count[k]);
        else len += (size_t)snprintf(s + len, cap - len, " %zu (%.1f%%)", c->count[k],
                                     100.0 * (double)c->count[k] / (double)c->n);
    }
    return s;
}

/* "a (b)" and "a\xe2\x80\x93b" (an en dash) of two formatted numbers, NA when a is NA. */
static void pair(char *buf, size_t size, double a, double b, int digits, int range)
{
    char x[48], y[48];
    pg_fmt_num(x, sizeof x, a, digits);
    pg_fmt_num(y, sizeof y, b, digits);
    if (isnan(a)) snprintf(buf, size, "%s", x);
    else if (range) snprintf(buf, size, "%s\xe2\x80\x93%s", x, y);
    else snprintf(buf, size, "%s (%s)", x, y);
}

/* The numeric cells of column c: text and md the manuscript's mean (SD) (4 significant
 * digits), median (IQR) and range (7); CSV min, median, max, mean, sd, q1, q3 at full
 * precision. cells[0..ncells) point into buf. */
static size_t numeric_cells(const pg_describe_col *c, pg_format fmt, char buf[7][112],
                            const char **cells)
{
    if (fmt == PG_FMT_CSV) {
        const double v[] = {c->min, c->median, c->max, c->mean, c->sd, c->q1, c->q3};
        for (size_t k = 0; k < 7; k++) {
            pg_fmt_num(buf[k], sizeof buf[k], v[k], 0);
            cells[k] = buf[k];
        }
        return 7;
    }
    char iq[112], md[48];
    pair(buf[0], sizeof buf[0], c->mean, c->sd, 4, 0);
    pair(iq, sizeof iq, c->q1, c->q3, 7, 1);
    pg_fmt_num(md, sizeof md, c->median, 7);
    if (isnan(c->median)) snprintf(buf[1], sizeof buf[1], "%s", md);
    else snprintf(buf[1], sizeof buf[1], "%.47s (%.60s)", md, iq);
    pair(buf[2], sizeof buf[2], c->min, c->max, 7, 1);
    for (size_t k = 0; k < 3; k++) cells[k] = buf[k];
    return 3;
}

/* The cells of a date column: its median and range as ISO dates (CSV: min, median, max, the
 * moments left empty), "" when every cell is missing. */
static void date_cells(const pg_describe_col *c, pg_format fmt, char buf[7][112],
                       const char **cells)
{
    char mn[48] = "", md[48] = "", mx[48] = "";
    if (c->n) {
        pg_date_format(mn, sizeof mn, c->min);
        pg_date_format(md, sizeof md, c->median);
        pg_date_format(mx, sizeof mx, c->max);
    }
    if (fmt == PG_FMT_CSV) {
        snprintf(buf[0], sizeof buf[0], "%s", mn);
        snprintf(buf[1], sizeof buf[1], "%s", md);
        snprintf(buf[2], sizeof buf[2], "%s", mx);
        for (size_t k = 0; k < 3; k++) cells[k] = buf[k];
        return;
    }
    snprintf(buf[1], sizeof buf[1], "%s", md);
    if (c->n) snprintf(buf[2], sizeof buf[2], "%s\xe2\x80\x93%s", mn, mx);
    else buf[2][0] = '\0';
    cells[1] = buf[1];
    cells[2] = buf[2];
}

static pg_tab *columns_table(const pg_describe *d, pg_format fmt)
{
    /* the numeric columns only when some column is numeric, levels only when some is
     * categorical (CSV keeps every column, so its shape does not depend on the data). */
    int has_num = fmt == PG_FMT_CSV, has_cat = fmt == PG_FMT_CSV;
    for (size_t j = 0; j < d->ncol; j++) {
        if (d->cols[j].type != PG_COL_CATEGORICAL) has_num = 1;
        else has_cat = 1;
    }
    static const char *const csv_num[] = {"min", "median", "max", "mean", "sd", "q1", "q3"};
    static const char *const text_num[] = {"mean (SD)", "median (IQR)", "range"};
    const char *head[12] = {"column", "type", "n", "missing"};
    size_t nc = 4, nnum = fmt == PG_FMT_CSV ? 7 : 3;
    for (size_t k = 0; has_num && k < nnum; k++)
        head[nc++] = fmt == PG_FMT_CSV ? csv_num[k] : text_num[k];
    if (has_cat) head[nc++] = fmt == PG_FMT_CSV ? "levels" : "levels: n (%)";
    pg_tab *t = pg_tab_new(nc, head);
    if (!t) return NULL;
    pg_tab_left(t, 0);
    pg_tab_left(t, 1);
    if (has_cat) pg_tab_left(t, nc - 1);
    for (size_t j = 0; j < d->ncol; j++) {
        const pg_describe_col *c = &d->cols[j];
        char n[32], miss[32], buf[7][112];
        const char *cells[7] = {"", "", "", "", "", "", ""};
        snprintf(n, sizeof n, "%zu", c->n);
        snprintf(miss, sizeof miss, "%zu", c->missing);
        char *lv = NULL;
        if (c->type == PG_COL_DATE) {
            date_cells(c, fmt, buf, cells);
        } else if (c->type == PG_COL_NUMERIC) {
            numeric_cells(c, fmt, buf, cells);
        } else {
            lv = levels_text(c, fmt == PG_FMT_CSV ? 0 : LEVELS_SHOWN, fmt);
            if (!lv) {
                pg_tab_free(t);
                return NULL;
            }
        }
        const char *row[12] = {c->name, type_name(c->type), n, miss};
        size_t k = 4;
        for (size_t q = 0; has_num && q < nnum; q++) row[k++] = cells[q];
        if (has_cat) row[k++] = lv ? lv : "";
        int rc = pg_tab_row(t, row);
        free(lv);
        if (rc) {
            pg_tab_free(t);
            return NULL;
        }
    }
    return t;
}

static int write_json(FILE *f, const pg_describe *d)
{
    json_t *root = json_object(), *files = json_array(), *cols = json_array();
    if (!root || !files || !cols) {
        json_decref(root);
        json_decref(files);
        json_decref(cols);
        return PG_ENOMEM;
    }
    for (size_t i = 0; i < d->nfiles; i++) json_array_append_new(files, json_string(d->files[i]));
    json_object_set_new(root, "files", files);
    json_object_set_new(root, "rows", json_integer((json_int_t)d->nrow));
    json_object_set_new(root, "columns", cols);
    for (size_t j = 0; j < d->ncol; j++) {
        const pg_describe_col *c = &d->cols[j];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(c->name));
        if (c->label) json_object_set_new(o, "label", json_string(c->label));
        json_object_set_new(o, "type", json_string(type_name(c->type)));
        json_object_set_new(o, "n", json_integer((json_int_t)c->n));
        json_object_set_new(o, "missing", json_integer((json_int_t)c->missing));
        if (c->type == PG_COL_DATE) {
            const double v[3] = {c->min, c->median, c->max};
            const char *key[3] = {"min", "median", "max"};
            for (int k = 0; k < 3; k++) {
                char b[40];
                json_object_set_new(o, key[k], c->n ? json_string(pg_date_format(b, sizeof b, v[k]))
                                                    : json_null());
            }
        } else if (c->type == PG_COL_NUMERIC) {
            json_object_set_new(o, "min", pg_json_num(c->min));
            json_object_set_new(o, "median", pg_json_num(c->median));
            json_object_set_new(o, "max", pg_json_num(c->max));
            json_object_set_new(o, "mean", pg_json_num(c->mean));
            json_object_set_new(o, "sd", pg_json_num(c->sd));
            json_object_set_new(o, "q1", pg_json_num(c->q1));
            json_object_set_new(o, "q3", pg_json_num(c->q3));
        } else {
            json_t *lv = json_array();
            for (size_t k = 0; k < c->nlevels; k++) {
                json_t *l = json_object();
                json_object_set_new(l, "level", json_string(c->levels[k]));
                json_object_set_new(l, "n", json_integer((json_int_t)c->count[k]));
                json_object_set_new(l, "percent",
                                    pg_json_num(100.0 * (double)c->count[k] / (double)c->n));
                json_array_append_new(lv, l);
            }
            json_object_set_new(o, "levels", lv);
        }
        json_array_append_new(cols, o);
    }
    if (d->has_frame) {
        json_t *o = json_object(), *mv = json_object();
        json_object_set_new(o, "formula", json_string(d->formula ? d->formula : ""));
        json_object_set_new(o, "where", d->where ? json_string(d->where) : json_null());
        json_object_set_new(o, "n", json_integer((json_int_t)d->n));
        json_object_set_new(o, "events", json_integer((json_int_t)d->events));
        json_object_set_new(o, "censored", json_integer((json_int_t)d->censored));
        json_object_set_new(o, "dropped_missing", json_integer((json_int_t)d->dropped));
        json_object_set_new(o, "excluded_where", json_integer((json_int_t)d->excluded));
        for (size_t k = 0; k < d->nvars; k++)
            json_object_set_new(mv, d->vars[k].name, json_integer((json_int_t)d->vars[k].missing));
        json_object_set_new(o, "missing_by_variable", mv);
        json_object_set_new(root, "formula", o);
    }
    int rc = pg_json_write(f, root);
    json_decref(root);
    return rc;
}

static int write_frame_text(FILE *f, const pg_describe *d, pg_format fmt)
{
    const char *b = fmt == PG_FMT_MD ? "- " : "  ";
    if (fmt == PG_FMT_MD) fprintf(f, "\n**Formula** `%s`", d->formula ? d->formula : "");
    else fprintf(f, "\nFormula: %s", d->formula ? d->formula : "");
    if (d->where) fprintf(f, fmt == PG_FMT_MD ? " where `%s`" : "  (where %s)", d->where);
    fprintf(f, "\n%s%sn = %zu, events = %zu, censored = %zu\n", fmt == PG_FMT_MD ? "\n" : "", b,
            d->n, d->events, d->censored);
    fprintf(f, "%s%zu row%s dropped for missing values", b, d->dropped, d->dropped == 1 ? "" : "s");
    if (d->nvars) {     /* why: the formula's variables and their missing cells in the data */
        fprintf(f, "; missing in the data: ");
        for (size_t k = 0; k < d->nvars; k++)
            fprintf(f, "%s%s %zu", k ? ", " : "", d->vars[k].name, d->vars[k].missing);
    }
    fprintf(f, "\n");
    if (d->where)
        fprintf(f, "%s%zu row%s excluded by --where\n", b, d->excluded,
                d->excluded == 1 ? "" : "s");
    return ferror(f) ? PG_EIO : PG_OK;
}

int pg_describe_write(FILE *f, const pg_describe *d, pg_format fmt)
{
    if (fmt == PG_FMT_JSON) return write_json(f, d);
    pg_tab *t = columns_table(d, fmt);
    if (!t) return PG_ENOMEM;
    int rc = PG_OK;
    if (fmt != PG_FMT_CSV) {
        fprintf(f, "%zu row%s, %zu column%s", d->nrow, d->nrow == 1 ? "" : "s", d->ncol,
                d->ncol == 1 ? "" : "s");
        if (d->nfiles) {
            fprintf(f, " from ");
            for (size_t i = 0; i < d->nfiles; i++) fprintf(f, "%s%s", i ? ", " : "", d->files[i]);
        }
        fprintf(f, "\n\n");
    }
    rc = pg_tab_write(f, t, fmt, 0);
    pg_tab_free(t);
    if (rc || !d->has_frame) return rc;
    if (fmt != PG_FMT_CSV) return write_frame_text(f, d, fmt);
    static const char *const head[] = {"formula", "where", "n", "events", "censored",
                                       "dropped_missing", "excluded_where"};
    pg_tab *ft = pg_tab_new(7, head);
    if (!ft) return PG_ENOMEM;
    char n[32], e[32], c[32], dr[32], ex[32];
    snprintf(n, sizeof n, "%zu", d->n);
    snprintf(e, sizeof e, "%zu", d->events);
    snprintf(c, sizeof c, "%zu", d->censored);
    snprintf(dr, sizeof dr, "%zu", d->dropped);
    snprintf(ex, sizeof ex, "%zu", d->excluded);
    const char *row[] = {d->formula ? d->formula : "", d->where ? d->where : "", n, e, c, dr, ex};
    rc = pg_tab_row(ft, row);
    if (!rc) {
        fputc('\n', f);
        rc = pg_tab_write(f, ft, fmt, 0);
    }
    pg_tab_free(ft);
    return rc;
}
