/* render_xlsx.h -- a table as an Excel workbook (.xlsx) through libxlsxwriter. Internal. */
/* Thread safety: no global state; every function is reentrant. */
#ifndef PG_RENDER_XLSX_H
#define PG_RENDER_XLSX_H

#include "render.h"

/* Write t to f as a workbook of one sheet, "Table": the title in A1 (bold), the header in row 2
 * (bold, wrapped, a rule below; frozen, and repeated on printed pages), the cells below, then
 * after an empty row each footnote in column A. A cell of a right-aligned column whose whole
 * text is a plain decimal number ("38", "0.008", "-1.5") is stored as that number, shown with
 * the same decimals (left-aligned columns are labels: a level "2" stays text);
 * every other cell is the text the text format shows ("175 (36.5)", "< 0.001", "NR").
 * Columns are left or right aligned as t->tab says and as wide as their widest cell (a header
 * wraps at its spaces). libxlsxwriter writes to a file, so the workbook is made in a temporary
 * file in tmpdir (NULL: P_tmpdir), copied to f and removed. PG_OK, PG_ENOMEM or PG_EIO (err
 * says why); nothing is written to f unless the workbook was made (a failed copy may leave part
 * of it: the caller discards f, as the command line discards a failed -o file). */
int pg_xlsx_write(FILE *f, const pg_office_table *t, const char *tmpdir, pg_error *err);

/* Is s a plain decimal number, and with how many decimals? 1 for "38", "0.008" (*decimals 0,
 * 3); 0 for "", "1e5", "+2", ".5", "1.", "< 0.001", "175 (36.5)", "NR". */
int pg_xlsx_plain_number(const char *s, int *decimals);

#endif
