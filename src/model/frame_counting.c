/* frame_counting.c -- the checks R's Surv(start, stop, event) and survcheck() make on
 * counting-process data: every interval (start, stop] is non-empty, and the intervals of one
 * subject (--id) do not overlap. */
#include "frame_impl.h"

#include "expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where kept row r comes from: file and line (err->file/line) or, without them, " (row N)". */
static void row_place(const pg_frame *fr, const pg_dataset *ds, size_t r, const char **file,
                      long *line, char *note, size_t len)
{
    size_t i = fr->rows ? fr->rows[r] : r;
    *file = ds ? pg_dataset_row_file(ds, i) : NULL;
    *line = ds ? pg_dataset_row_line(ds, i) : 0;
    if (!*file) *file = "";
    if ((*file)[0] && *line > 0) note[0] = '\0';
    else snprintf(note, len, " (row %zu)", i + 1);
}

typedef struct ivl {
    size_t id, row;
    double start;
} ivl;

static int cmp_ivl(const void *pa, const void *pb)
{
    const ivl *a = pa, *b = pb;
    if (a->id != b->id) return a->id < b->id ? -1 : 1;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* R's survcheck() "overlap": two rows of one subject at risk at the same time. The rows are
 * sorted by (subject, start); a row starting before the previous one of its subject stops
 * overlaps it. */
static int check_overlap(const pg_frame *fr, const pg_dataset *ds, pg_error *err)
{
    size_t n = fr->n;
    ivl *v = pg_malloc_array(n ? n : 1, sizeof *v);
    if (!v) return pg_fail(err, PG_ENOMEM, "out of memory");
    for (size_t r = 0; r < n; r++) v[r] = (ivl){fr->id[r], r, fr->entry[r]};
    qsort(v, n, sizeof *v, cmp_ivl);
    int rc = PG_OK;
    for (size_t k = 1; k < n && !rc; k++) {
        size_t a = v[k - 1].row, b = v[k].row;
        if (v[k].id != v[k - 1].id || !(fr->entry[b] < fr->time[a])) continue;
        const char *fa, *fb;
        long la, lb;
        char na[48], nb[48], s1[40], e1[40], s2[40], e2[40];
        row_place(fr, ds, a, &fa, &la, na, sizeof na);
        row_place(fr, ds, b, &fb, &lb, nb, sizeof nb);
        char where[96] = "";
        if (!na[0]) snprintf(where, sizeof where, " at line %ld", la);
        else snprintf(where, sizeof where, "%s", na);
        rc = pg_fail_at(err, PG_EINPUT, fb, lb, 0, "the interval (%s, %s]%s overlaps (%s, %s]%s "
                        "of the same subject (--id): one subject is at risk only once at a "
                        "time", pg_fmt_rnum(s2, sizeof s2, fr->entry[b]),
                        pg_fmt_rnum(e2, sizeof e2, fr->time[b]), nb,
                        pg_fmt_rnum(s1, sizeof s1, fr->entry[a]),
                        pg_fmt_rnum(e1, sizeof e1, fr->time[a]), where);
    }
    free(v);
    return rc;
}

int pg_frame_check_intervals(const pg_frame *fr, const pg_dataset *ds, pg_error *err)
{
    if (!fr->entry) return PG_OK;
    for (size_t r = 0; r < fr->n; r++) {
        if (fr->entry[r] < fr->time[r]) continue;
        const char *file;
        long line;
        char note[48], s[40], t[40];
        row_place(fr, ds, r, &file, &line, note, sizeof note);
        return pg_fail_at(err, PG_EINPUT, file, line, 0, "start time %s is not before stop time "
                          "%s%s in '%s': each row is at risk on (start, stop]",
                          pg_fmt_rnum(s, sizeof s, fr->entry[r]),
                          pg_fmt_rnum(t, sizeof t, fr->time[r]), note,
                          fr->response[0] ? fr->response : "Surv(start, stop, event)");
    }
    return fr->id ? check_overlap(fr, ds, err) : PG_OK;
}
