/* cif_check.c -- the checks survfit's multi-state code makes on the subjects of competing-risks
 * data (R's survcheck: "gap"; a row after an absorbing event), with the file and line. */
#include "internal.h"
#include "prognos/cif.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct subrow {
    size_t id, row;
    double t;
} subrow;

static int cmp_subrow(const void *pa, const void *pb)
{
    const subrow *a = pa, *b = pb;
    if (a->id != b->id) return a->id < b->id ? -1 : 1;
    if (a->t != b->t) return a->t < b->t ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* File and line of kept row r; note " (row N)" when the dataset has no place for it. */
static void place(const pg_frame *fr, const pg_dataset *ds, size_t r, const char **file,
                  long *line, char *note, size_t len)
{
    const size_t *rows = pg_frame_rows(fr);
    size_t i = rows ? rows[r] : r;
    *file = ds ? pg_dataset_row_file(ds, i) : NULL;
    *line = ds ? pg_dataset_row_line(ds, i) : 0;
    if (!*file) *file = "";
    if ((*file)[0] && *line > 0) note[0] = '\0';
    else snprintf(note, len, " (row %zu)", i + 1);
}

/* The failure at row b, about row a of the same subject. */
static int fail_pair(const pg_frame *fr, const pg_dataset *ds, size_t a, size_t b,
                     pg_error *err, const char *what, const char *why)
{
    const char *fa, *fb;
    long la, lb;
    char na[48], nb[48], at[64];
    place(fr, ds, a, &fa, &la, na, sizeof na);
    place(fr, ds, b, &fb, &lb, nb, sizeof nb);
    if (na[0]) snprintf(at, sizeof at, "%s", na);
    else snprintf(at, sizeof at, " at line %ld", la);
    return pg_fail_at(err, PG_EINPUT, fb, lb, 0, "cif: this row%s %s the row%s of the same "
                      "subject (--id): %s", nb, what, at, why);
}

int pg_cif_check_subjects(const pg_frame *fr, const pg_dataset *ds, pg_error *err)
{
    const size_t *id = pg_frame_id(fr);
    if (!id) return PG_OK;
    size_t n = pg_frame_n(fr);
    const double *entry = pg_frame_entry(fr), *time = pg_frame_time(fr);
    const int *cause = pg_frame_cause(fr);
    subrow *v = pg_malloc_array(n ? n : 1, sizeof *v);
    if (!v) return pg_fail(err, PG_ENOMEM, "cif: out of memory");
    for (size_t r = 0; r < n; r++) v[r] = (subrow){id[r], r, entry ? entry[r] : time[r]};
    qsort(v, n, sizeof *v, cmp_subrow);
    int rc = PG_OK;
    for (size_t q = 1; q < n && !rc; q++) {
        if (v[q].id != v[q - 1].id) continue;
        size_t a = v[q - 1].row, b = v[q].row;
        if (!entry)
            rc = fail_pair(fr, ds, a, b, err, "repeats", "several rows of one subject need "
                           "Surv(start, stop, event), one row each Surv(time, event)");
        else if (cause && cause[a] > 0)
            rc = fail_pair(fr, ds, a, b, err, "follows", "that row ends in an event, and with "
                           "competing risks the first event ends follow-up");
        else if (entry[b] > time[a])
            rc = fail_pair(fr, ds, a, b, err, "starts after the end of",
                           "a gap in follow-up, which R's survfit refuses (survcheck 'gap')");
    }
    free(v);
    return rc;
}
