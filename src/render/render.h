/* render.h -- shared pieces of the renderers (src/render_*.c): output formats, a table that
 * prints as aligned text, CSV or Markdown, number formatting, and JSON helpers. Internal. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_H
#define PG_RENDER_H

#include <jansson.h>
#include <stdio.h>

#include "internal.h"

/* pg_format and pg_format_parse are public: prognos/render.h. */
#include "prognos/render.h"

/* x as R's format(x, digits) writes it (pg_format_r_num: "NA" for NaN, "Inf"/"-Inf"); digits
 * <= 0 gives %.17g, which reads back to the same double (CSV). Returns buf. */
char *pg_fmt_num(char *buf, size_t len, double x, int digits);
/* R's format.pval(p, digits) of one p-value (pg_format_r_pval); digits <= 0 means 3. */
char *pg_fmt_p(char *buf, size_t len, double p, int digits);

/* Display width of a UTF-8 text in a terminal's columns: one per code point, none for the
 * combining marks (U+0300..U+036F, U+1AB0..U+1AFF, U+1DC0..U+1DFF, U+20D0..U+20FF,
 * U+FE20..U+FE2F: the accent of a decomposed "e\xcc\x81"), the zero-width space, joiners and
 * U+FEFF. Every text renderer aligns by it, never by bytes ("Tamaño" is 6 wide, 7 bytes). */
size_t pg_text_width(const char *s);
/* The display width of the longest space-free run of s: a header that may wrap at its spaces
 * needs at least this many columns. */
size_t pg_text_longest_word(const char *s);
/* Write s padded with spaces to width display columns (pg_text_width), on the right when left
 * is set, else on the left (right-aligned). Returns 0, or -1 on a write error. */
int pg_fput_padded(FILE *f, const char *s, size_t width, int left);

/* A table of text cells. Columns are right-aligned in text unless set left. */
typedef struct pg_tab pg_tab;
pg_tab *pg_tab_new(size_t ncol, const char *const *header);
void pg_tab_free(pg_tab *t);
void pg_tab_left(pg_tab *t, size_t col);            /* left-align column col in text */
/* Append a row; cells are copied. PG_OK or PG_ENOMEM. */
int pg_tab_row(pg_tab *t, const char *const *cells);
size_t pg_tab_nrow(const pg_tab *t);
size_t pg_tab_ncol(const pg_tab *t);
int pg_tab_is_left(const pg_tab *t, size_t col);    /* set by pg_tab_left */
/* The text of a cell: row 0 is the header, rows 1..nrow the data; "" out of range. Lent: valid
 * until t is freed. For the renderers that lay the cells out themselves (docx, xlsx). */
const char *pg_tab_cell(const pg_tab *t, size_t row, size_t col);
/* Write as PG_FMT_TEXT (aligned, R print style, header included), PG_FMT_CSV (RFC 4180) or
 * PG_FMT_MD (pipe table). indent: spaces before each text line. Returns PG_OK or PG_EIO. */
int pg_tab_write(FILE *f, const pg_tab *t, pg_format fmt, int indent);
/* A table as the office formats (render_docx.c, render_xlsx.c) write it: a title above, the
 * cells of tab (row 0 the header; columns set with pg_tab_left are left-aligned, the others
 * right), the footnotes below as paragraphs. Everything is borrowed; texts are UTF-8. */
typedef struct pg_office_table {
    const char *title;          /* NULL or "": none */
    const pg_tab *tab;
    const char *const *notes;
    size_t n_notes;
} pg_office_table;

/* Text for Markdown (table cells, headings): '|' and '\\' get a backslash, a line break becomes
 * the two characters \\n (\\r for a carriage return), so a level name cannot end a cell or a
 * row. A new string (free it), NULL when out of memory. */
char *pg_md_escape(const char *s);

/* JSON number; null for NaN (R's NA); the strings "Inf" and "-Inf" for infinities (docs/json.md).
 * Never NULL unless out of memory. */
json_t *pg_json_num(double x);
/* Set obj[key] = v, taking v; -1 when v is NULL (out of memory) or setting fails, else 0. */
int pg_json_set(json_t *obj, const char *key, json_t *v);
/* A count as a JSON integer when it is a whole number, else as pg_json_num. */
json_t *pg_json_count(double x);
/* One row of a regression's "coefficients" array: {"term", "coef", "hr", "std_err",
 * [se2_key: se2,] "z", "p", "conf_low", "conf_high"} from v = {coef, hr, std_err, z, p,
 * conf_low, conf_high} (cox: se2_key "robust_se"; finegray: "naive_se"). NULL when out of
 * memory. */
json_t *pg_json_coef(const char *term, const double v[7], const char *se2_key, double se2);
/* A test as {"statistic", "df", "p"} (df an integer when whole; NaN is null). NULL when out of
 * memory. */
json_t *pg_json_test(double statistic, double df, double p);
/* Dump root to f, pretty-printed, with numbers that round-trip (%.17g). PG_OK or PG_EIO. */
int pg_json_write(FILE *f, json_t *root);
/* The text pg_json_write writes for json_real(x), x finite, into buf (at least 32 bytes), as
 * jansson formats it: %.17g, ".0" added when there is neither '.' nor 'e', the exponent without
 * '+' or leading zeros ("1e20", "2.4999999999999999e-7"). Returns its length. */
size_t pg_json_real_text(char *buf, double x);

#endif
