/* xlsx.c -- Excel workbooks (.xlsx, Office Open XML, ECMA-376 Part 1 section 18) through libzip
 * and expat, into a pg_rows table (rows.h) that the dataset reader types like a CSV.
 *
 * What is read: xl/workbook.xml (sheet names and order, the 1904 date system) and its
 * relationships (the sheet's part), xl/sharedStrings.xml (every <si>'s text, rich-text runs
 * joined, phonetic runs left out), xl/styles.xml (each cell style's number format, to tell date
 * cells), then the sheet: the first row with a value is the header, later rows the data.
 * Cells: shared and inline strings and formula strings are text, booleans TRUE/FALSE, numbers
 * their stored text (which the dataset reader parses exactly), a formula's cached value, #N/A
 * missing, an empty cell missing. A cell whose number format is a date (built-in formats 14-17
 * and 22; a custom format with d or y outside quotes and brackets) becomes ISO text, with a time
 * of day when the format shows hours or seconds: serial days from 1899-12-30 (1900 system, with
 * its fictitious 1900-02-29 at serial 60, so that serials below 60 count from 1899-12-31) or from
 * 1904-01-01. Time-only formats (18-21, 45-47, [h]:mm) keep the number, a fraction of a day.
 * Errors name the cell: a value right of the header's last column, a merged cell, an error value
 * (#DIV/0!), a formula never calculated, a date before 1900-03-01 in the 1900 system. */
#include "rows.h"

#include <ctype.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

enum { STYLE_NUM = 0, STYLE_DATE, STYLE_DATETIME };

typedef pg_text sbuf;

static int sbuf_add(sbuf *b, const char *s, size_t len)
{
    return pg_text_add(b, s, len, 256) == PG_OK ? 0 : -1;
}

/* A list of texts in one block (shared strings, sheet names, relationship targets). */
typedef struct tlist {
    sbuf text;
    size_t *off;
    size_t n, cap;
} tlist;

static int tlist_add(tlist *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        size_t *o = realloc(l->off, cap * sizeof *o);
        if (!o) return -1;
        l->off = o;
        l->cap = cap;
    }
    size_t at = l->text.len;
    if (sbuf_add(&l->text, s, len)) return -1;
    l->text.len++;                                       /* keep the NUL between texts */
    l->off[l->n++] = at;
    return 0;
}

static const char *tlist_get(const tlist *l, size_t i)
{
    return l->text.s + l->off[i];
}

static void tlist_free(tlist *l)
{
    free(l->text.s);
    free(l->off);
}

typedef struct xread {
    zip_t *zip;
    const char *name;         /* the file, for messages */
    pg_error *err;
    int rc;                   /* first failure inside a handler */
    XML_Parser xp;
    /* workbook */
    tlist sheets, sheet_rid, rel_id, rel_target;
    int date1904;
    /* shared strings */
    tlist sst;
    sbuf txt;                 /* text being collected */
    int in_t, in_rph, in_si, in_v, in_is;
    /* styles: number formats and each cell style's kind */
    int in_cellxfs;
    long *fmt_id;
    unsigned char *fmt_kind;  /* custom formats */
    size_t nfmt;
    unsigned char *xf;        /* STYLE_* per cell style */
    size_t nxf;
    /* sheet */
    const char *sheet;
    pg_rows *t;
    long row, prev_row;       /* Excel row number */
    size_t col;               /* current cell's column */
    char ctype[16];
    long cstyle;
    int has_f;
    tlist cells;              /* this row's cell texts */
    size_t *ccol;             /* ... and their columns */
    unsigned char *cmiss;
    size_t ccap;
    size_t width;             /* the header's width */
    char merge[64];           /* first merged range */
} xread;

static const char *local_name(const char *n)
{
    const char *c = strrchr(n, ':');
    return c ? c + 1 : n;
}

static const char *attr(const char **a, const char *name)
{
    for (; a && a[0]; a += 2)
        if (strcmp(local_name(a[0]), name) == 0) return a[1];
    return NULL;
}

static void xfail_nomem(xread *x)
{
    if (x->rc == PG_OK) x->rc = pg_fail(x->err, PG_ENOMEM, "out of memory");
    XML_StopParser(x->xp, XML_FALSE);
}

/* A failure at cell (col, row) of the sheet: "book.xlsx:Sheet1!C14: ...". */
static void xfail_cell(xread *x, size_t col, long row, const char *fmt, const char *arg)
{
    char letters[8], msg[200];
    if (x->rc != PG_OK) return;
    pg_rows_col_letters(col, letters);
    snprintf(msg, sizeof msg, fmt, arg);
    x->rc = pg_fail_at(x->err, PG_EINPUT, "", 0, 0, "%s", msg);
    snprintf(x->err->file, sizeof x->err->file, "%s:%s!%s%ld", x->name, x->sheet, letters, row);
    if (x->xp) XML_StopParser(x->xp, XML_FALSE);
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    xread *x = ud;
    if (((x->in_t && !x->in_rph) || x->in_v) && sbuf_add(&x->txt, s, (size_t)len))
        xfail_nomem(x);
}

/* Parse one part of the zip with the handlers. PG_OK also when it is absent and not
 * required. */
static int parse_part(xread *x, const char *part, int required, XML_StartElementHandler st,
                      XML_EndElementHandler en)
{
    zip_file_t *zf = zip_fopen(x->zip, part, 0);
    if (!zf) {
        if (!required) return PG_OK;
        return pg_fail_at(x->err, PG_EINPUT, x->name, 0, 0,
                          "damaged workbook: it has no part %s", part);
    }
    XML_Parser xp = XML_ParserCreate("UTF-8");
    if (!xp) {
        zip_fclose(zf);
        return pg_fail(x->err, PG_ENOMEM, "out of memory");
    }
    XML_SetUserData(xp, x);
    XML_SetElementHandler(xp, st, en);
    XML_SetCharacterDataHandler(xp, on_text);
    x->xp = xp;
    char buf[1 << 16];
    zip_int64_t n;
    int rc = PG_OK;
    do {
        n = zip_fread(zf, buf, sizeof buf);
        if (n < 0) {
            rc = pg_fail_at(x->err, PG_EINPUT, x->name, 0, 0, "damaged workbook: %s in %s",
                            zip_file_strerror(zf), part);
            break;
        }
        if (XML_Parse(xp, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
            rc = x->rc != PG_OK ? x->rc
               : pg_fail_at(x->err, PG_EINPUT, x->name, 0, 0,
                            "damaged workbook: %s at line %lu of %s",
                            XML_ErrorString(XML_GetErrorCode(xp)),
                            (unsigned long)XML_GetCurrentLineNumber(xp), part);
            break;
        }
    } while (n > 0);
    if (rc == PG_OK) rc = x->rc;
    XML_ParserFree(xp);
    x->xp = NULL;
    zip_fclose(zf);
    return rc;
}

/* ---- workbook and relationships ---- */

static void wb_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xread *x = ud;
    const char *n = local_name(el);
    if (strcmp(n, "sheet") == 0) {
        const char *name = attr(a, "name"), *id = attr(a, "id");
        if (!name) name = "";
        if (!id) id = "";
        if (tlist_add(&x->sheets, name, strlen(name)) || tlist_add(&x->sheet_rid, id, strlen(id)))
            xfail_nomem(x);
    } else if (strcmp(n, "workbookPr") == 0) {
        const char *d = attr(a, "date1904");
        x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(n, "Relationship") == 0) {
        const char *id = attr(a, "Id"), *tg = attr(a, "Target");
        if (id && tg && (tlist_add(&x->rel_id, id, strlen(id)) ||
                         tlist_add(&x->rel_target, tg, strlen(tg))))
            xfail_nomem(x);
    }
}

static void no_end(void *ud, const XML_Char *el)
{
    (void)ud;
    (void)el;
}

/* ---- shared strings ---- */

static void sst_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xread *x = ud;
    const char *n = local_name(el);
    (void)a;
    if (strcmp(n, "si") == 0) {
        x->in_si = 1;
        x->txt.len = 0;
    } else if (strcmp(n, "t") == 0 && x->in_si) {
        x->in_t = 1;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = 1;
    }
}

static void sst_end(void *ud, const XML_Char *el)
{
    xread *x = ud;
    const char *n = local_name(el);
    if (strcmp(n, "t") == 0) x->in_t = 0;
    else if (strcmp(n, "rPh") == 0) x->in_rph = 0;
    else if (strcmp(n, "si") == 0) {
        x->in_si = 0;
        if (tlist_add(&x->sst, x->txt.s ? x->txt.s : "", x->txt.len)) xfail_nomem(x);
        x->txt.len = 0;
    }
}

/* ---- styles ---- */

/* Whether a custom number format shows a date: d or y outside quoted text, backslash escapes
 * and [brackets]; with h or s as well it is a date and time; h or s alone is a time. */
static unsigned char format_kind(const char *f)
{
    int date = 0, time = 0;
    for (const char *p = f; *p; p++) {
        if (*p == '"') {
            while (p[1] && p[1] != '"') p++;
            if (p[1]) p++;
        } else if (*p == '\\' && p[1]) {
            p++;
        } else if (*p == '[') {
            while (p[1] && p[1] != ']') p++;
            if (p[1]) p++;
        } else if (*p == ';') {
            break;                                   /* the first section decides */
        } else {
            int c = tolower((unsigned char)*p);
            date |= c == 'd' || c == 'y';
            time |= c == 'h' || c == 's';
        }
    }
    return date ? (time ? STYLE_DATETIME : STYLE_DATE) : STYLE_NUM;
}

static unsigned char builtin_kind(long id)
{
    if (id >= 14 && id <= 17) return STYLE_DATE;
    if (id == 22) return STYLE_DATETIME;
    return STYLE_NUM;
}

static void sty_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xread *x = ud;
    const char *n = local_name(el);
    if (strcmp(n, "numFmt") == 0) {
        const char *id = attr(a, "numFmtId"), *code = attr(a, "formatCode");
        long *ids = realloc(x->fmt_id, (x->nfmt + 1) * sizeof *ids);
        if (ids) x->fmt_id = ids;
        unsigned char *k = realloc(x->fmt_kind, x->nfmt + 1);
        if (k) x->fmt_kind = k;
        if (!ids || !k) {
            xfail_nomem(x);
            return;
        }
        x->fmt_id[x->nfmt] = id ? strtol(id, NULL, 10) : -1;
        x->fmt_kind[x->nfmt++] = code ? format_kind(code) : STYLE_NUM;
    } else if (strcmp(n, "cellXfs") == 0) {
        x->in_cellxfs = 1;
    } else if (strcmp(n, "xf") == 0 && x->in_cellxfs) {
        const char *id = attr(a, "numFmtId");
        long fid = id ? strtol(id, NULL, 10) : 0;
        unsigned char kind = builtin_kind(fid);
        for (size_t k = 0; k < x->nfmt; k++)
            if (x->fmt_id[k] == fid) kind = x->fmt_kind[k];
        unsigned char *xf = realloc(x->xf, x->nxf + 1);
        if (!xf) {
            xfail_nomem(x);
            return;
        }
        x->xf = xf;
        x->xf[x->nxf++] = kind;
    }
}

static void sty_end(void *ud, const XML_Char *el)
{
    xread *x = ud;
    if (strcmp(local_name(el), "cellXfs") == 0) x->in_cellxfs = 0;
}

/* ---- the sheet ---- */

/* "BC12" into a 0-based column and a row; 0 if it is not a cell reference. */
static int parse_ref(const char *r, size_t *col, long *row)
{
    size_t c = 0, k = 0;
    while (isupper((unsigned char)r[k]) && k < 4) c = c * 26 + (size_t)(r[k++] - 'A' + 1);
    if (k == 0 || !isdigit((unsigned char)r[k])) return 0;
    *col = c - 1;
    *row = strtol(r + k, NULL, 10);
    return 1;
}

/* Serial day number s (Excel's date system) as ISO text in buf. */
static int serial_text(xread *x, double s, unsigned char kind, char *buf)
{
    double days;
    if (x->date1904) {
        days = s - 24107;                       /* 1904-01-01 is serial 0 */
    } else if (s >= 61) {
        days = s - 25569;                       /* 1899-12-30 + s */
    } else if (s >= 1 && s < 60) {
        days = s - 25568;                       /* before the fictitious leap day */
    } else {
        return -1;
    }
    return kind == STYLE_DATE ? pg_rows_iso_date(days, buf)
                              : pg_rows_iso_datetime(days * 86400, buf);
}

/* The text of the cell just closed into *v, *len (buf holds a converted date); *miss for #N/A.
 * -1 after recording a located failure. */
static int cell_value(xread *x, const char **v, size_t *len, int *miss, char *buf)
{
    const char *ty = x->ctype;
    *miss = 0;
    if (strcmp(ty, "s") == 0) {
        char *end;
        unsigned long i = strtoul(*v, &end, 10);
        if (*end || i >= x->sst.n) {
            xfail_cell(x, x->col, x->row, "shared string %s does not exist", *v);
            return -1;
        }
        *v = tlist_get(&x->sst, i);
    } else if (strcmp(ty, "b") == 0) {
        *v = strcmp(*v, "1") == 0 ? "TRUE" : "FALSE";
    } else if (strcmp(ty, "e") == 0) {
        if (strcmp(*v, "#N/A") != 0) {
            xfail_cell(x, x->col, x->row, "the cell holds the error value %s", *v);
            return -1;
        }
        *miss = 1;
    } else if (strcmp(ty, "d") == 0) {
        if (*len > 10 && strcmp(*v + 10, "T00:00:00") == 0) *len = 10;
        return 0;
    } else if (strcmp(ty, "str") != 0 && strcmp(ty, "inlineStr") != 0) {
        unsigned char kind = x->cstyle >= 0 && (size_t)x->cstyle < x->nxf ? x->xf[x->cstyle]
                                                                          : STYLE_NUM;
        if (kind == STYLE_NUM) return 0;
        char *end;
        double s = strtod(*v, &end);
        if (!*end && !x->date1904 && s >= 60 && s < 61) {
            xfail_cell(x, x->col, x->row, "serial day %s is 1900-02-29, a day that did not "
                       "exist (Excel's 1900 leap-year bug)", *v);
            return -1;
        }
        if (*end || serial_text(x, s, kind, buf) != 0) {
            xfail_cell(x, x->col, x->row, "%s is not a date Excel can show (1900 date system: "
                       "from 1900-03-01)", *v);
            return -1;
        }
        *v = buf;
    }
    *len = strlen(*v);
    return 0;
}

/* The cell just closed, with its collected value text, into this row's list. */
static void end_cell(xread *x)
{
    const char *v = x->txt.s ? x->txt.s : "";
    size_t len = x->txt.len;
    int miss, has = x->in_is || len > 0;
    char buf[64];
    if (!has && x->has_f) {
        xfail_cell(x, x->col, x->row, "a formula with no saved value%s: open and save the "
                   "workbook in a spreadsheet program first", "");
        return;
    }
    if (!has) return;                            /* an empty (perhaps styled) cell */
    if (cell_value(x, &v, &len, &miss, buf)) return;
    if (x->cells.n == x->ccap) {
        size_t cap = x->ccap ? x->ccap * 2 : 32;
        size_t *cc = realloc(x->ccol, cap * sizeof *cc);
        if (cc) x->ccol = cc;
        unsigned char *cm = realloc(x->cmiss, cap);
        if (cm) x->cmiss = cm;
        if (!cc || !cm) {
            xfail_nomem(x);
            return;
        }
        x->ccap = cap;
    }
    x->ccol[x->cells.n] = x->col;
    x->cmiss[x->cells.n] = (unsigned char)miss;
    if (tlist_add(&x->cells, v, len)) xfail_nomem(x);
}

/* The row just closed into the table: the first with a value is the header. */
static void end_row(xread *x)
{
    size_t n = x->cells.n, width = 0;
    if (n == 0) return;                          /* a row of empty cells: like a blank line */
    pg_rows *t = x->t;
    if (t->nrec == 0) {
        for (size_t k = 0; k < n; k++)
            if (x->ccol[k] + 1 > width) width = x->ccol[k] + 1;
        x->width = width;
    }
    for (size_t k = 0; k < n; k++)
        if (x->ccol[k] >= x->width) {
            char last[8];
            xfail_cell(x, x->ccol[k], x->row, "a value right of the header's last column (%s): "
                       "every column needs a name in the first row",
                       pg_rows_col_letters(x->width - 1, last));
            return;
        }
    int rc = PG_OK;
    for (size_t j = 0, k = 0; rc == PG_OK && j < x->width; j++) {
        while (k < n && x->ccol[k] < j) k++;
        if (k < n && x->ccol[k] == j && !x->cmiss[k]) {
            const char *s = tlist_get(&x->cells, k);
            rc = pg_rows_cell(t, s, strlen(s));
        } else {
            rc = pg_rows_cell(t, NULL, 0);
        }
    }
    if (rc == PG_OK) rc = pg_rows_end(t, x->row);
    if (rc != PG_OK) xfail_nomem(x);
    x->cells.n = 0;
    x->cells.text.len = 0;
}

static void sh_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xread *x = ud;
    const char *n = local_name(el);
    if (strcmp(n, "row") == 0) {
        const char *r = attr(a, "r");
        x->row = r ? strtol(r, NULL, 10) : x->prev_row + 1;
        x->col = (size_t)-1;
        x->cells.n = 0;
        x->cells.text.len = 0;
    } else if (strcmp(n, "c") == 0) {
        const char *r = attr(a, "r"), *ty = attr(a, "t"), *s = attr(a, "s");
        size_t col = x->col + 1;
        long row;
        if (r && !parse_ref(r, &col, &row)) col = x->col + 1;
        x->col = col;
        snprintf(x->ctype, sizeof x->ctype, "%s", ty ? ty : "n");
        x->cstyle = s ? strtol(s, NULL, 10) : 0;
        x->has_f = 0;
        x->in_is = 0;
        x->txt.len = 0;
    } else if (strcmp(n, "v") == 0) {
        x->in_v = 1;
        x->txt.len = 0;
    } else if (strcmp(n, "f") == 0) {
        x->has_f = 1;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = 1;
    } else if (strcmp(n, "t") == 0 && x->in_is) {
        x->in_t = 1;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = 1;
    } else if (strcmp(n, "mergeCell") == 0 && !x->merge[0]) {
        const char *r = attr(a, "ref");
        snprintf(x->merge, sizeof x->merge, "%s", r ? r : "?");
    }
}

static void sh_end(void *ud, const XML_Char *el)
{
    xread *x = ud;
    const char *n = local_name(el);
    if (strcmp(n, "v") == 0) x->in_v = 0;
    else if (strcmp(n, "t") == 0) x->in_t = 0;
    else if (strcmp(n, "rPh") == 0) x->in_rph = 0;
    else if (strcmp(n, "c") == 0) end_cell(x);
    else if (strcmp(n, "row") == 0) {
        end_row(x);
        x->prev_row = x->row;
    }
}

/* ---- the whole ---- */

/* The chosen sheet's part name ("xl/worksheets/sheet1.xml") into part; x->sheet set. */
static int choose_sheet(xread *x, const char *want, char *part, size_t size)
{
    size_t k = 0, n = x->sheets.n;
    if (n == 0)
        return pg_fail_at(x->err, PG_EINPUT, x->name, 0, 0, "the workbook has no sheets");
    if (want) {
        char *end;
        unsigned long i = strtoul(want, &end, 10);
        for (k = 0; k < n && strcmp(tlist_get(&x->sheets, k), want) != 0; k++) continue;
        if (k == n && *want && !*end && i >= 1 && i <= n) k = i - 1;
        if (k == n) {
            char list[160] = "";
            for (size_t j = 0; j < n && strlen(list) < 120; j++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'",
                         j ? ", " : "", tlist_get(&x->sheets, j));
            return pg_fail_at(x->err, PG_EINPUT, x->name, 0, 0,
                              "no sheet '%s'; the sheets are %s (or a number, 1 to %zu)", want,
                              list, n);
        }
    }
    x->sheet = tlist_get(&x->sheets, k);
    const char *rid = tlist_get(&x->sheet_rid, k), *target = NULL;
    for (size_t j = 0; j < x->rel_id.n; j++)
        if (strcmp(tlist_get(&x->rel_id, j), rid) == 0) target = tlist_get(&x->rel_target, j);
    if (!target)
        return pg_fail_at(x->err, PG_EINPUT, x->name, 0, 0,
                          "damaged workbook: sheet '%s' has no part", x->sheet);
    if (target[0] == '/') snprintf(part, size, "%s", target + 1);
    else snprintf(part, size, "xl/%s", target);
    return PG_OK;
}

static void xread_free(xread *x)
{
    tlist_free(&x->sheets);
    tlist_free(&x->sheet_rid);
    tlist_free(&x->rel_id);
    tlist_free(&x->rel_target);
    tlist_free(&x->sst);
    tlist_free(&x->cells);
    free(x->txt.s);
    free(x->fmt_id);
    free(x->fmt_kind);
    free(x->xf);
    free(x->ccol);
    free(x->cmiss);
    if (x->zip) zip_discard(x->zip);
}

/* Open the archive; a zip that is not a workbook says what it is. */
static int open_zip(xread *x, const char *path)
{
    int ze = 0;
    x->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!x->zip) {
        zip_error_t e;
        zip_error_init_with_code(&e, ze);
        int rc = pg_fail_at(x->err, PG_EINPUT, x->name, 0, 0,
                            "a damaged zip archive (is the workbook cut short?): %s",
                            zip_error_strerror(&e));
        zip_error_fini(&e);
        return rc;
    }
    if (zip_name_locate(x->zip, "xl/workbook.xml", 0) >= 0) return PG_OK;
    if (zip_name_locate(x->zip, "content.xml", 0) >= 0)
        return pg_fail_at(x->err, PG_EINPUT, x->name, 0, 0,
                          "an OpenDocument spreadsheet (.ods), not read: save it as .xlsx or "
                          "CSV");
    return pg_fail_at(x->err, PG_EINPUT, x->name, 0, 0,
                      "a zip archive but not an Excel workbook (it has no xl/workbook.xml)");
}

int pg_xlsx_read(const char *path, const char *name, const char *sheet, pg_rows *t,
                 pg_error *err)
{
    xread x;
    memset(&x, 0, sizeof x);
    x.name = name;
    x.err = err;
    x.t = t;
    char part[512];
    int rc = open_zip(&x, path);
    if (rc == PG_OK) rc = parse_part(&x, "xl/workbook.xml", 1, wb_start, no_end);
    if (rc == PG_OK) rc = parse_part(&x, "xl/_rels/workbook.xml.rels", 1, wb_start, no_end);
    if (rc == PG_OK) rc = parse_part(&x, "xl/sharedStrings.xml", 0, sst_start, sst_end);
    if (rc == PG_OK) rc = parse_part(&x, "xl/styles.xml", 0, sty_start, sty_end);
    if (rc == PG_OK) rc = choose_sheet(&x, sheet, part, sizeof part);
    if (rc == PG_OK) rc = parse_part(&x, part, 1, sh_start, sh_end);
    if (rc == PG_OK && x.merge[0]) {
        size_t col;
        long row;
        if (!parse_ref(x.merge, &col, &row)) col = 0, row = 1;
        xfail_cell(&x, col, row, "merged cells %s: give every cell its own value (unmerge "
                   "them), and every column its own name", x.merge);
        rc = x.rc;
    }
    if (rc == PG_OK && !(t->sheet = pg_strdup(x.sheet))) rc = pg_fail(err, PG_ENOMEM, "out of memory");
    if (rc == PG_OK && t->nrec == 0)
        rc = pg_fail_at(err, PG_EINPUT, name, 0, 0, "sheet '%s' is empty", x.sheet);
    xread_free(&x);
    return rc;
}
