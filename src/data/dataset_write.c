/* dataset_write.c -- write a dataset back out as CSV (RFC 4180 quoting, NA for missing). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dataset_impl.h"
#include "prognos/dataset.h"
#include "prognos/date.h"

static int put_text(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r") && strcmp(s, "NA") != 0 && *s) return fputs(s, f) < 0;
    int bad = fputc('"', f) == EOF;
    for (; *s; s++) {
        if (*s == '"') bad |= fputc('"', f) == EOF;
        bad |= fputc(*s, f) == EOF;
    }
    return bad | (fputc('"', f) == EOF);
}

int pg_dataset_write_csv(const pg_dataset *ds, FILE *f, pg_error *err)
{
    int bad = 0;
    for (size_t j = 0; j < ds->ncol; j++) {
        if (j) bad |= fputc(',', f) == EOF;
        bad |= put_text(f, ds->cols[j].name);
    }
    bad |= fputc('\n', f) == EOF;
    for (size_t i = 0; i < ds->nrow && !bad; i++) {
        for (size_t j = 0; j < ds->ncol; j++) {
            const pg_column *c = &ds->cols[j];
            if (j) bad |= fputc(',', f) == EOF;
            if (c->type == PG_COL_DATE) {
                char buf[40];
                bad |= fputs(pg_date_format(buf, sizeof buf, c->num[i]), f) < 0;
            } else if (c->type == PG_COL_NUMERIC) {
                if (isnan(c->num[i])) bad |= fputs("NA", f) < 0;
                else bad |= fprintf(f, "%.15g", c->num[i]) < 0;
            } else if (c->code[i] < 0) {
                bad |= fputs("NA", f) < 0;
            } else {
                bad |= put_text(f, c->levels[c->code[i]]);
            }
        }
        bad |= fputc('\n', f) == EOF;
    }
    if (bad || ferror(f)) return pg_fail(err, PG_EIO, "write failed");
    return PG_OK;
}
