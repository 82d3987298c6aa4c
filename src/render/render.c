/* render.c -- formats, number printing, text/CSV/Markdown tables and JSON helpers shared by the
 * renderers. */
#include "render.h"
#include "prognos/format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int pg_format_parse(const char *s, pg_format *out)
{
    static const char *const names[] = {"text", "csv", "json", "md"};
    for (int i = 0; i < 4; i++)
        if (s && strcmp(s, names[i]) == 0) {
            *out = (pg_format)i;
            return PG_OK;
        }
    return PG_EINPUT;
}

char *pg_fmt_num(char *buf, size_t len, double x, int digits)
{
    if (digits > 0) return pg_format_r_num(buf, len, x, digits);
    if (isnan(x)) snprintf(buf, len, "NA");
    else if (isinf(x)) snprintf(buf, len, x > 0 ? "Inf" : "-Inf");
    else snprintf(buf, len, "%.17g", x);
    return buf;
}

char *pg_fmt_p(char *buf, size_t len, double p, int digits)
{
    char out[1][PG_FORMAT_CELL];
    pg_format_r_pval(&p, 1, digits > 0 ? digits : 3, out);
    snprintf(buf, len, "%s", out[0]);
    return buf;
}

struct pg_tab {
    size_t ncol, nrow, cap;
    char **cell;            /* (nrow + 1) x ncol, row 0 is the header */
    int *left;
};

pg_tab *pg_tab_new(size_t ncol, const char *const *header)
{
    pg_tab *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->ncol = ncol;
    t->left = pg_calloc_array(ncol, sizeof *t->left);
    if (!t->left) {
        free(t);
        return NULL;
    }
    if (pg_tab_row(t, header) != PG_OK) {
        pg_tab_free(t);
        return NULL;
    }
    t->nrow = 0;            /* the header is not a data row */
    return t;
}

void pg_tab_free(pg_tab *t)
{
    if (!t) return;
    size_t total = t->cell ? (t->nrow + 1) * t->ncol : 0;
    for (size_t i = 0; i < total; i++) free(t->cell[i]);
    free(t->cell);
    free(t->left);
    free(t);
}

void pg_tab_left(pg_tab *t, size_t col)
{
    if (col < t->ncol) t->left[col] = 1;
}

size_t pg_tab_nrow(const pg_tab *t) { return t->nrow; }
size_t pg_tab_ncol(const pg_tab *t) { return t->ncol; }
int pg_tab_is_left(const pg_tab *t, size_t col) { return col < t->ncol && t->left[col]; }

const char *pg_tab_cell(const pg_tab *t, size_t row, size_t col)
{
    return row <= t->nrow && col < t->ncol ? t->cell[row * t->ncol + col] : "";
}

int pg_tab_row(pg_tab *t, const char *const *cells)
{
    size_t have = t->cell ? t->nrow + 1 : 0;   /* rows stored, header included */
    if (have + 1 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **c = realloc(t->cell, cap * t->ncol * sizeof *c);
        if (!c) return PG_ENOMEM;
        t->cell = c;
        t->cap = cap;
    }
    char **row = t->cell + have * t->ncol;
    for (size_t j = 0; j < t->ncol; j++) {
        row[j] = pg_strdup(cells && cells[j] ? cells[j] : "");
        if (!row[j]) {
            for (size_t k = 0; k < j; k++) free(row[k]);
            return PG_ENOMEM;
        }
    }
    if (have > 0) t->nrow++;
    return PG_OK;
}

static int write_csv_cell(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\n\r") == NULL) return fputs(s, f) < 0 ? -1 : 0;
    if (fputc('"', f) == EOF) return -1;
    for (; *s; s++) {
        if (*s == '"' && fputc('"', f) == EOF) return -1;
        if (fputc(*s, f) == EOF) return -1;
    }
    return fputc('"', f) == EOF ? -1 : 0;
}

/* The code point of the UTF-8 sequence at s (advancing *s past it); a stray byte is itself. */
static unsigned long next_code_point(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned long c = *p++;
    int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (more) c &= 0x3F >> more;
    for (; more > 0 && (*p & 0xC0) == 0x80; more--) c = (c << 6) | (*p++ & 0x3F);
    *s = p;
    return c;
}

static int zero_width(unsigned long c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
           (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) ||
           (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x200B && c <= 0x200D) || c == 0xFEFF;
}

size_t pg_text_width(const char *s)
{
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) w += !zero_width(next_code_point(&p));
    return w;
}

size_t pg_text_longest_word(const char *s)
{
    size_t best = 0, w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p == ' ') {
            w = 0;
            p++;
            continue;
        }
        w += !zero_width(next_code_point(&p));
        if (w > best) best = w;
    }
    return best;
}

int pg_fput_padded(FILE *f, const char *s, size_t width, int left)
{
    size_t w = pg_text_width(s);
    int pad = w < width ? (int)(width - w) : 0;
    int rc = left ? fprintf(f, "%s%*s", s, pad, "") : fprintf(f, "%*s%s", pad, "", s);
    return rc < 0 ? -1 : 0;
}

char *pg_md_escape(const char *s)
{
    size_t extra = 0;
    for (const char *q = s; *q; q++) extra += *q == '|' || *q == '\\' || *q == '\n' || *q == '\r';
    char *e = malloc(strlen(s) + extra + 1), *o = e;
    if (!e) return NULL;
    for (const char *q = s; *q; q++) {
        if (*q == '|' || *q == '\\' || *q == '\n' || *q == '\r') *o++ = '\\';
        *o++ = *q == '\n' ? 'n' : *q == '\r' ? 'r' : *q;
    }
    *o = '\0';
    return e;
}

/* Markdown cells: each cell escaped (pg_md_escape) into a new array; NULL when out of memory. */
static char **md_cells(const pg_tab *t, size_t ncells)
{
    char **c = pg_calloc_array(ncells, sizeof *c);
    for (size_t k = 0; c && k < ncells; k++)
        if (!(c[k] = pg_md_escape(t->cell[k]))) {
            for (size_t i = 0; i < k; i++) free(c[i]);
            free(c);
            c = NULL;
        }
    return c;
}

int pg_tab_write(FILE *f, const pg_tab *t, pg_format fmt, int indent)
{
    size_t rows = t->nrow + 1;
    int bad = 0;
    if (fmt == PG_FMT_CSV) {
        for (size_t i = 0; i < rows; i++) {
            for (size_t j = 0; j < t->ncol; j++) {
                if (j && fputc(',', f) == EOF) bad = 1;
                if (write_csv_cell(f, t->cell[i * t->ncol + j])) bad = 1;
            }
            if (fputc('\n', f) == EOF) bad = 1;
        }
        return bad ? PG_EIO : PG_OK;
    }
    size_t *w = pg_calloc_array(t->ncol, sizeof *w);
    /* Markdown: '|' and line breaks in a level name would end the cell or the row */
    char **mdc = fmt == PG_FMT_MD ? md_cells(t, rows * t->ncol) : NULL;
    char *const *cell = mdc ? mdc : t->cell;
    if (!w || (fmt == PG_FMT_MD && !mdc)) {
        free(w);
        return PG_ENOMEM;
    }
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < t->ncol; j++) {
            size_t len = pg_text_width(cell[i * t->ncol + j]);
            if (len > w[j]) w[j] = len;
        }
    for (size_t i = 0; i < rows; i++) {
        if (fmt == PG_FMT_MD) {
            fputc('|', f);
            for (size_t j = 0; j < t->ncol; j++) {
                const char *c = cell[i * t->ncol + j];
                int pad = (int)(w[j] - pg_text_width(c));
                if (t->left[j]) fprintf(f, " %s%*s |", c, pad, "");
                else fprintf(f, " %*s%s |", pad, "", c);
            }
            fputc('\n', f);
            if (i == 0) {
                fputc('|', f);
                for (size_t j = 0; j < t->ncol; j++) {
                    fputc(t->left[j] ? ':' : '-', f);
                    for (size_t k = 0; k < w[j]; k++) fputc('-', f);
                    fputs(t->left[j] ? "-|" : ":|", f);
                }
                fputc('\n', f);
            }
        } else {
            /* build the line, then drop trailing blanks (empty right-aligned cells) */
            size_t cap = (size_t)indent + 1, used = 0;
            for (size_t j = 0; j < t->ncol; j++) cap += w[j] + 1 + strlen(t->cell[i * t->ncol + j]);
            char *line = malloc(cap + 1);
            if (!line) {
                free(w);
                return PG_ENOMEM;
            }
            used += (size_t)snprintf(line, cap + 1, "%*s", indent, "");
            for (size_t j = 0; j < t->ncol; j++) {
                const char *c = t->cell[i * t->ncol + j];
                int pad = (int)(w[j] - pg_text_width(c));
                const char *sep = j ? " " : "";
                if (t->left[j])
                    used += (size_t)snprintf(line + used, cap + 1 - used, "%s%s%*s", sep, c, pad,
                                             "");
                else
                    used += (size_t)snprintf(line + used, cap + 1 - used, "%s%*s%s", sep, pad,
                                             "", c);
            }
            while (used > 0 && line[used - 1] == ' ') used--;
            line[used] = '\0';
            if (fputs(line, f) < 0) bad = 1;
            free(line);
            if (fputc('\n', f) == EOF) bad = 1;
        }
    }
    free(w);
    for (size_t k = 0; mdc && k < rows * t->ncol; k++) free(mdc[k]);
    free(mdc);
    return bad || ferror(f) ? PG_EIO : PG_OK;
}

json_t *pg_json_num(double x)
{
    if (isnan(x)) return json_null();
    if (isinf(x)) return json_string(x > 0 ? "Inf" : "-Inf");
    return json_real(x);
}

json_t *pg_json_coef(const char *term, const double v[7], const char *se2_key, double se2)
{
    json_t *c = json_object();
    if (!c) return NULL;
    json_object_set_new(c, "term", json_string(term));
    json_object_set_new(c, "coef", pg_json_num(v[0]));
    json_object_set_new(c, "hr", pg_json_num(v[1]));
    json_object_set_new(c, "std_err", pg_json_num(v[2]));
    if (se2_key) json_object_set_new(c, se2_key, pg_json_num(se2));
    static const char *const tail[] = {"z", "p", "conf_low", "conf_high"};
    for (int k = 0; k < 4; k++) json_object_set_new(c, tail[k], pg_json_num(v[3 + k]));
    return c;
}

json_t *pg_json_test(double statistic, double df, double p)
{
    json_t *t = json_object();
    if (t && (pg_json_set(t, "statistic", pg_json_num(statistic)) ||
              pg_json_set(t, "df", pg_json_count(df)) || pg_json_set(t, "p", pg_json_num(p)))) {
        json_decref(t);
        t = NULL;
    }
    return t;
}

int pg_json_write(FILE *f, json_t *root)
{
    /* JSON_REAL_PRECISION(17) makes doubles round-trip. */
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17) | JSON_PRESERVE_ORDER);
    if (rc == 0) rc = fputc('\n', f) == EOF ? -1 : 0;
    return rc ? PG_EIO : PG_OK;
}

size_t pg_json_real_text(char *buf, double x)
{
    int n = snprintf(buf, 32, "%.17g", x);
    size_t len = n > 0 && n < 32 ? (size_t)n : 0;
    buf[len] = '\0';
    for (char *p = buf; *p; p++)            /* jansson's from_locale: the mark is '.' */
        if (*p == ',') *p = '.';
    char *e = strchr(buf, 'e');
    if (!e && !strchr(buf, '.')) {
        memcpy(buf + len, ".0", 3);
        return len + 2;
    }
    if (e) {                                /* "e+05" -> "e5", "e-07" -> "e-7" */
        char *start = e + 1, *end = e + 2;
        if (*start == '-') start++;
        while (*end == '0') end++;
        if (end != start) {
            memmove(start, end, (size_t)(buf + len - end) + 1);
            len -= (size_t)(end - start);
        }
    }
    return len;
}

int pg_json_set(json_t *obj, const char *key, json_t *v)
{
    return v ? json_object_set_new(obj, key, v) : -1;
}

json_t *pg_json_count(double x)
{
    if (isfinite(x) && x == floor(x) && fabs(x) < 9e15) return json_integer((json_int_t)x);
    return pg_json_num(x);
}
