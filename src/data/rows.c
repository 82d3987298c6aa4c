/* rows.c -- the table the non-CSV readers fill (rows.h): cells in one text block, locations,
 * per-column labels and level orders, places named the file format's way, ISO dates, and the
 * content sniffing that tells the formats apart. */
#include "rows.h"

#include "dataset_impl.h"
#include "prognos/date.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pg_rows_free(pg_rows *t)
{
    if (!t) return;
    for (size_t j = 0; j < t->ncol; j++) {
        if (t->label) free(t->label[j]);
        if (t->order) {
            for (size_t k = 0; k < t->norder[j]; k++) free(t->order[j][k]);
            free(t->order[j]);
        }
    }
    free(t->label);
    free(t->order);
    free(t->norder);
    free(t->cat);
    free(t->off);
    free(t->loc);
    free(t->text.s);
    free(t->pend);
    free(t->sheet);
    memset(t, 0, sizeof *t);
}

int pg_rows_cell(pg_rows *t, const char *s, size_t len)
{
    if (t->cur == t->pendcap) {
        size_t cap = t->pendcap ? t->pendcap * 2 : 16;
        size_t *p = realloc(t->pend, cap * sizeof *p);
        if (!p) return PG_ENOMEM;
        t->pend = p;
        t->pendcap = cap;
    }
    if (!s) {
        t->pend[t->cur++] = PG_ROWS_NA;
        return PG_OK;
    }
    size_t at = t->text.len;
    if (pg_text_add(&t->text, s, len, 4096) != PG_OK) return PG_ENOMEM;
    t->text.len++;                /* keep the NUL after the cell */
    t->pend[t->cur++] = at;
    return PG_OK;
}

int pg_rows_end(pg_rows *t, long loc)
{
    if (t->nrec == 0) t->ncol = t->cur;
    while (t->cur < t->ncol)
        if (pg_rows_cell(t, NULL, 0)) return PG_ENOMEM;
    if (t->nrec == t->reccap) {
        size_t cap = t->reccap ? t->reccap * 2 : 64;
        size_t *off = pg_malloc_array(cap, (t->ncol ? t->ncol : 1) * sizeof *off);
        long *lc = realloc(t->loc, cap * sizeof *lc);
        if (lc) t->loc = lc;
        if (!off || !lc) {
            free(off);
            return PG_ENOMEM;
        }
        if (t->nrec) memcpy(off, t->off, t->nrec * t->ncol * sizeof *off);
        free(t->off);
        t->off = off;
        t->reccap = cap;
    }
    if (t->ncol) memcpy(t->off + t->nrec * t->ncol, t->pend, t->ncol * sizeof *t->off);
    t->loc[t->nrec++] = loc;
    t->cur = 0;
    return PG_OK;
}

const char *pg_rows_get(const pg_rows *t, size_t rec, size_t col, size_t *len)
{
    size_t o = t->off[rec * t->ncol + col];
    if (o == PG_ROWS_NA) {
        *len = 0;
        return NULL;
    }
    *len = strlen(t->text.s + o);
    return t->text.s + o;
}

int pg_rows_meta(pg_rows *t)
{
    if (t->label) return PG_OK;
    size_t n = t->ncol ? t->ncol : 1;
    t->label = pg_calloc_array(n, sizeof *t->label);
    t->order = pg_calloc_array(n, sizeof *t->order);
    t->norder = pg_calloc_array(n, sizeof *t->norder);
    t->cat = pg_calloc_array(n, sizeof *t->cat);
    return t->label && t->order && t->norder && t->cat ? PG_OK : PG_ENOMEM;
}

char *pg_rows_col_letters(size_t col, char *buf)
{
    char tmp[8];
    size_t n = 0, c = col + 1;
    while (c > 0 && n < 7) {
        tmp[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (size_t i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

void pg_rows_relocate(const pg_rows *t, const char *name, pg_error *err)
{
    if (strcmp(err->file, name) != 0 || err->line <= 0) return;
    char where[256];
    if (t->sheet) {
        char col[8] = "";
        if (err->column > 0) pg_rows_col_letters((size_t)err->column - 1, col);
        snprintf(where, sizeof where, "%s:%s!%s%ld", name, t->sheet, col, err->line);
    } else if (err->column > 0 && (size_t)err->column <= t->ncol && t->nrec > 0) {
        size_t len;
        const char *v = pg_rows_get(t, 0, (size_t)err->column - 1, &len);
        snprintf(where, sizeof where, "%s:case %ld, variable %s", name, err->line,
                 v ? v : "?");
    } else {
        snprintf(where, sizeof where, "%s:case %ld", name, err->line);
    }
    snprintf(err->file, sizeof err->file, "%s", where);
    err->line = 0;
    err->column = 0;
}

int pg_rows_iso_date(double days, char *buf)
{
    if (!isfinite(days) || fabs(days) > 3e6) return -1;
    long y;
    int m, d;
    pg_date_to_ymd(floor(days), &y, &m, &d);      /* the one calendar: src/core/date.c */
    if (y < 0 || y > 9999) return -1;
    snprintf(buf, 32, "%04d-%02d-%02d", (int)y, m, d);
    return 0;
}

int pg_rows_iso_datetime(double secs, char *buf)
{
    if (!isfinite(secs) || fabs(secs) > 2.6e11) return -1;
    long long s = (long long)floor(secs + 0.5);
    long long day = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    long long sod = s - day * 86400;
    long y;
    int m, d;
    pg_date_to_ymd((double)day, &y, &m, &d);
    if (y < 0 || y > 9999) return -1;
    snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d", (int)y, m, d, (int)(sod / 3600),
             (int)(sod / 60 % 60), (int)(sod % 60));
    return 0;
}

pg_file_kind pg_rows_sniff(const unsigned char *b, size_t n)
{
    static const unsigned char sas[32] = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xc2, 0xea, 0x81, 0x60, 0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00,
        0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11};
    static const unsigned char ole[8] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};
    if (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) return PG_KIND_ZIP;
    if (n >= 4 && (memcmp(b, "$FL2", 4) == 0 || memcmp(b, "$FL3", 4) == 0)) return PG_KIND_SAV;
    if (n >= 11 && memcmp(b, "<stata_dta>", 11) == 0) return PG_KIND_DTA;
    if (n >= 32 && memcmp(b, sas, 32) == 0) return PG_KIND_SAS7BDAT;
    if (n >= 20 && memcmp(b, "HEADER RECORD*******", 20) == 0) return PG_KIND_XPT;
    if (n >= 8 && memcmp(b, ole, 8) == 0) return PG_KIND_XLS;
    if (n >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff)))
        return PG_KIND_UTF16;
    /* Stata before 13: a version byte 102-115, the byte order 1 or 2, filetype 1, then 0 */
    if (n >= 4 && b[0] >= 102 && b[0] <= 115 && (b[1] == 1 || b[1] == 2) && b[2] == 1 &&
        b[3] == 0)
        return PG_KIND_DTA;
    return PG_KIND_TEXT;
}

const char *pg_rows_kind_name(pg_file_kind k)
{
    switch (k) {
    case PG_KIND_ZIP: return "a zip archive";
    case PG_KIND_SAV: return "an SPSS data file";
    case PG_KIND_DTA: return "a Stata data file";
    case PG_KIND_SAS7BDAT: return "a SAS data set (sas7bdat)";
    case PG_KIND_XPT: return "a SAS transport file (xpt)";
    case PG_KIND_UTF16: return "UTF-16 text";
    case PG_KIND_XLS: return "an old binary Excel workbook (.xls)";
    default: return "text";
    }
}

int pg_rows_apply_column(pg_column *c, size_t nrow, const char *label, char *const *order,
                         size_t norder)
{
    if (label && !c->label && !(c->label = pg_strdup(label))) return PG_ENOMEM;
    if (c->type != PG_COL_CATEGORICAL || norder == 0 || c->nlevels == 0) return PG_OK;
    /* new position of each level: the listed ones first, in the list's order (a level the
     * rows never use is not listed: there is no level for it), then the rest as they were */
    size_t m = c->nlevels, next = 0;
    size_t *pos = pg_malloc_array(m, sizeof *pos);
    char **lev = pg_malloc_array(m, sizeof *lev);
    if (!pos || !lev) {
        free(pos);
        free(lev);
        return PG_ENOMEM;
    }
    for (size_t k = 0; k < m; k++) pos[k] = PG_ROWS_NA;
    for (size_t i = 0; i < norder; i++)
        for (size_t k = 0; k < m; k++)
            if (pos[k] == PG_ROWS_NA && strcmp(c->levels[k], order[i]) == 0) {
                pos[k] = next++;
                break;
            }
    for (size_t k = 0; k < m; k++)
        if (pos[k] == PG_ROWS_NA) pos[k] = next++;
    for (size_t k = 0; k < m; k++) lev[pos[k]] = c->levels[k];
    free(c->levels);
    c->levels = lev;
    /* the dataset's rows: every code moves with its level */
    for (size_t i = 0; i < nrow; i++)
        if (c->code[i] >= 0) c->code[i] = (int32_t)pos[c->code[i]];
    free(pos);
    return PG_OK;
}
