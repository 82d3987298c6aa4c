/* render_xlsx.c -- a table as an Excel workbook, written by libxlsxwriter (ECMA-376
 * SpreadsheetML; libxlsxwriter makes the package and escapes the text). The sheet shows what
 * the text table shows, but a cell that is a number is a number, so that a reader can compute
 * with the counts and p-values; its number format keeps the decimals of the text ("0.000"). */
#include "render_xlsx.h"

#include "render_docx.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

enum { MAX_DECIMALS = 15, MAX_WIDTH = 60 };

int pg_xlsx_plain_number(const char *s, int *decimals)
{
    const char *p = s + (*s == '-');
    size_t whole = strspn(p, "0123456789");
    if (whole == 0) return 0;
    p += whole;
    int d = 0;
    if (*p == '.') {
        size_t frac = strspn(p + 1, "0123456789");
        if (frac == 0 || frac > MAX_DECIMALS) return 0;
        d = (int)frac;
        p += 1 + frac;
    }
    if (*p) return 0;
    *decimals = d;
    return 1;
}

/* Excel's column width, in characters of the default font: the widest cell of the column (a
 * header counts by its longest word, as it wraps), plus two for the cell's margins. */
static double column_width(const pg_tab *tab, size_t col)
{
    size_t chars = pg_text_longest_word(pg_tab_cell(tab, 0, col));
    for (size_t i = 1; i <= pg_tab_nrow(tab); i++) {
        size_t n = pg_text_width(pg_tab_cell(tab, i, col));
        if (n > chars) chars = n;
    }
    return chars + 2 > MAX_WIDTH ? MAX_WIDTH : (double)chars + 2;
}

/* The formats a sheet uses: header cells and body cells, left or right, and a body number
 * with 0..MAX_DECIMALS decimals, left or right. */
typedef struct formats {
    lxw_format *title, *head[2], *text[2], *num[2][MAX_DECIMALS + 1];
} formats;

static lxw_format *new_format(lxw_workbook *wb, int left)
{
    lxw_format *f = workbook_add_format(wb);
    if (f) format_set_align(f, left ? LXW_ALIGN_LEFT : LXW_ALIGN_RIGHT);
    return f;
}

/* The format of a number with d decimals: "0", "0.0", "0.00", ... made when first needed. */
static lxw_format *num_format(lxw_workbook *wb, formats *fm, int left, int d)
{
    if (!fm->num[left][d]) {
        char code[MAX_DECIMALS + 3] = "0";
        if (d > 0) {
            code[1] = '.';
            memset(code + 2, '0', (size_t)d);
            code[2 + d] = '\0';
        }
        fm->num[left][d] = new_format(wb, left);
        if (fm->num[left][d]) format_set_num_format(fm->num[left][d], code);
    }
    return fm->num[left][d];
}

/* A text cell; the text is made valid XML first (pg_xml_escape without markup), as libxlsxwriter
 * escapes markup but passes any other byte through. */
static lxw_error put_string(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                            lxw_format *f)
{
    if (!*s) return LXW_NO_ERROR;
    char *v = pg_xml_escape(s, 0);
    if (!v) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error e = worksheet_write_string(ws, r, c, v, f);
    free(v);
    return e;
}

static lxw_error fill_sheet(lxw_workbook *wb, lxw_worksheet *ws, const pg_office_table *t)
{
    const pg_tab *tab = t->tab;
    size_t ncol = pg_tab_ncol(tab), nrow = pg_tab_nrow(tab);
    formats fm = {0};
    fm.title = workbook_add_format(wb);
    if (!fm.title) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    format_set_bold(fm.title);
    for (int left = 0; left < 2; left++) {
        fm.head[left] = new_format(wb, left);
        fm.text[left] = new_format(wb, left);
        if (!fm.head[left] || !fm.text[left]) return LXW_ERROR_MEMORY_MALLOC_FAILED;
        format_set_bold(fm.head[left]);
        format_set_text_wrap(fm.head[left]);
        format_set_align(fm.head[left], LXW_ALIGN_VERTICAL_BOTTOM);
        format_set_bottom(fm.head[left], LXW_BORDER_THIN);
    }
    lxw_error e = LXW_NO_ERROR;
    const lxw_row_t head_row = 1;
    if (t->title && *t->title) e = put_string(ws, 0, 0, t->title, fm.title);
    for (size_t j = 0; e == LXW_NO_ERROR && j < ncol; j++) {
        int left = pg_tab_is_left(tab, j);
        lxw_col_t c = (lxw_col_t)j;
        e = worksheet_set_column(ws, c, c, column_width(tab, j), NULL);
        for (size_t i = 0; e == LXW_NO_ERROR && i <= nrow; i++) {
            const char *s = pg_tab_cell(tab, i, j);
            lxw_row_t r = head_row + (lxw_row_t)i;
            int d = 0;
            if (i == 0) {
                e = put_string(ws, r, c, s, fm.head[left]);
            } else if (!left && pg_xlsx_plain_number(s, &d)) {   /* labels stay text */
                lxw_format *f = num_format(wb, &fm, left, d);
                e = f ? worksheet_write_number(ws, r, c, strtod(s, NULL), f)
                      : LXW_ERROR_MEMORY_MALLOC_FAILED;
            } else {
                e = put_string(ws, r, c, s, fm.text[left]);
            }
        }
    }
    lxw_row_t note_row = head_row + (lxw_row_t)nrow + 2;
    for (size_t k = 0; e == LXW_NO_ERROR && k < t->n_notes; k++)
        e = put_string(ws, note_row + (lxw_row_t)k, 0, t->notes[k], NULL);
    if (e == LXW_NO_ERROR) {
        worksheet_freeze_panes(ws, head_row + 1, 0);
        e = worksheet_repeat_rows(ws, head_row, head_row);
        worksheet_set_paper(ws, 9);   /* A4 */
        if (ncol > 6) worksheet_set_landscape(ws);
    }
    return e;
}

static int copy_file(FILE *f, const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in) return PG_EIO;
    char buf[8192];
    size_t k;
    int rc = PG_OK;
    while ((k = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, k, f) != k) {
            rc = PG_EIO;
            break;
        }
    if (ferror(in) || ferror(f)) rc = PG_EIO;
    fclose(in);
    return rc;
}

int pg_xlsx_write(FILE *f, const pg_office_table *t, const char *tmpdir, pg_error *err)
{
    char *path = pg_strdup_printf("%s/prognos-xlsx-XXXXXX", tmpdir && *tmpdir ? tmpdir
                                                                               : P_tmpdir);
    if (!path) return pg_fail(err, PG_ENOMEM, "xlsx: out of memory");
    int fd = mkstemp(path);
    if (fd < 0) {
        int rc = pg_fail(err, PG_EIO, "xlsx: cannot create a temporary file in '%s'",
                         tmpdir && *tmpdir ? tmpdir : P_tmpdir);
        free(path);
        return rc;
    }
    close(fd);
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)tmpdir};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    /* A fixed creation date (1980-01-01 12:00 UTC, as the docx writer's zip entries), so the
     * bytes depend on the table only: libxlsxwriter writes the current time when it is 0. */
    lxw_doc_properties props = {.created = (time_t)315576000};
    if (wb) workbook_set_properties(wb, &props);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "Table") : NULL;
    lxw_error e = ws ? fill_sheet(wb, ws, t) : LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error closed = wb ? workbook_close(wb) : LXW_NO_ERROR;   /* frees wb */
    if (e == LXW_NO_ERROR) e = closed;
    int rc = PG_OK;
    if (e != LXW_NO_ERROR)
        rc = pg_fail(err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? PG_ENOMEM : PG_EIO,
                     "xlsx: %s", lxw_strerror(e));
    else if (copy_file(f, path) != PG_OK)
        rc = pg_fail(err, PG_EIO, "xlsx: write failed");
    unlink(path);
    free(path);
    return rc;
}
