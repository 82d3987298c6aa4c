/* render_ftable.h -- the prognostic-factor table as text, Markdown, CSV, LaTeX, HTML, JSON,
 * Word (.docx) or Excel (.xlsx). */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_FTABLE_H
#define PG_RENDER_FTABLE_H

#include "render.h"
#include "prognos/ftable.h"

typedef enum {
    PG_FT_TEXT = 0, PG_FT_MD, PG_FT_CSV, PG_FT_TEX, PG_FT_HTML, PG_FT_JSON, PG_FT_DOCX,
    PG_FT_XLSX
} pg_ft_format;

int pg_ft_format_parse(const char *s, pg_ft_format *out);
/* docx and xlsx are zip files: the command line writes them only to -o FILE. */
static inline int pg_ft_format_binary(pg_ft_format fmt)
{
    return fmt == PG_FT_DOCX || fmt == PG_FT_XLSX;
}
/* time_unit names the unit of t->times in headers ("month" -> "60-month survival"). */
int pg_render_ftable(FILE *f, const pg_ftable *t, pg_ft_format fmt, const char *time_unit,
                     pg_error *err);

#endif
