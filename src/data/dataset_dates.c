/* dataset_dates.c -- text columns whose every value is a date become date columns
 * (PG_COL_DATE: days since 1970-01-01, R's Date class).
 *
 * The reader (dataset_read.c) gives every column that is not all numbers its text levels; only
 * then, once per column and once per distinct text (never per cell), this file looks at the
 * levels. Numeric columns cost nothing, and a text column costs one failed parse of its first
 * level unless that level is a date. The rules (docs/csv.md, "Dates"):
 *   - every level ISO 8601 ("2019-03-14", "2019-03-14T10:30:00"): a date column;
 *   - with --date-format FMT, every level matching FMT (or every level ISO): a date column;
 *   - else every level "a/b/YYYY" (or with '.' or '-'): day-first when some a > 12, month-first
 *     when some b > 12, and an error asking for --date-format when neither is (03/04/2019 is 3
 *     April or March 4, and prognos does not guess) or both are;
 *   - a level of the right form that is no calendar day (2019-02-30) is an error at the first
 *     cell holding it;
 *   - any other level keeps the column text. */
#include "dataset_impl.h"
#include "prognos/date.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does s have the form "a S b S YYYY" (a, b of 1 or 2 digits, S one of / . -, the same twice)?
 * Then *a, *b and *y are its numbers. */
static int dmy_shape(const char *s, long *a, long *b, long *y)
{
    long v[3] = {0, 0, 0};
    int nd[3] = {0, 0, 0};
    char sep = 0;
    while (*s == ' ') s++;
    for (int part = 0; part < 3; part++) {
        while (*s >= '0' && *s <= '9' && nd[part] < 4) {
            v[part] = v[part] * 10 + (*s++ - '0');
            nd[part]++;
        }
        if (part == 2) break;
        if (nd[part] < 1 || nd[part] > 2) return 0;
        if (part == 0 && (*s == '/' || *s == '.' || *s == '-')) sep = *s;
        if (!sep || *s != sep) return 0;
        s++;
    }
    while (*s == ' ') s++;
    if (*s || nd[2] != 4) return 0;
    *a = v[0];
    *b = v[1];
    *y = v[2];
    return 1;
}

/* The first row whose code is level k, and where it is in its file: name, line, field. */
static void locate(const pg_dataset *ds, const pg_column *c, int32_t k, const long *field,
                   const char **file, long *line, long *col)
{
    size_t row = 0;
    while (row < ds->nrow && c->code[row] != k) row++;
    size_t f = 0;
    while (ds->file_start && f + 1 < ds->nfiles && ds->file_start[f + 1] <= row) f++;
    *file = ds->files && ds->nfiles ? ds->files[f] : "";
    *line = pg_dataset_row_line(ds, row);
    *col = field ? field[f] + 1 : 0;
}

static int fail_level(const pg_dataset *ds, const pg_column *c, int32_t k, const long *field,
                      pg_error *err, const char *what)
{
    const char *file;
    long line, col;
    locate(ds, c, k, field, &file, &line, &col);
    return pg_fail_at(err, PG_EINPUT, file, line, col, "'%s' in column '%s' %s",
                      c->levels[k], c->name, what);
}

/* Why the date y-m-d does not exist, for messages. */
static const char *no_such_day(char *buf, size_t size, long y, long m)
{
    static const char *const months[12] = {"January", "February", "March", "April", "May",
                                            "June", "July", "August", "September", "October",
                                            "November", "December"};
    if (m < 1 || m > 12) snprintf(buf, size, "is not a valid date (there is no month %ld)", m);
    else
        snprintf(buf, size, "is not a valid date (%s %ld has %d days)", months[m - 1], y,
                 pg_date_month_days(y, (int)m));
    return buf;
}

/* Parse every level of c with fmt (NULL: ISO) into days[]. 1 if every level has the form (an
 * invalid day is then an error, rc set), 0 if some level does not (the column stays text). */
static int all_levels(const pg_dataset *ds, const pg_column *c, const char *fmt,
                      const long *field, double *days, pg_error *err, int *rc)
{
    int32_t invalid = -1;
    for (size_t k = 0; k < c->nlevels; k++) {
        pg_date_status st = pg_date_parse(c->levels[k], strlen(c->levels[k]), fmt, &days[k]);
        if (st == PG_DATE_NOMATCH) return 0;
        if (st == PG_DATE_INVALID && invalid < 0) invalid = (int32_t)k;
    }
    if (invalid >= 0) {
        char why[120] = "is not a valid date or time";
        long y, m, d;
        if (!fmt && sscanf(c->levels[invalid], " %4ld-%ld-%ld", &y, &m, &d) == 3 &&
            (m < 1 || m > 12 || d < 1 || d > pg_date_month_days(y, (int)m)))
            no_such_day(why, sizeof why, y, m);
        *rc = fail_level(ds, c, invalid, field, err, why);
    }
    return 1;
}

/* Day-first or month-first numbers (dmy_shape), decided by the column. 1 if every level has
 * the form (then the dates are in days[] or *rc is an error), else 0. */
static int dmy_levels(const pg_dataset *ds, const pg_column *c, const long *field,
                      double *days, pg_error *err, int *rc)
{
    long a, b, y;
    int32_t big_a = -1, big_b = -1;            /* a level with a > 12, one with b > 12 */
    for (size_t k = 0; k < c->nlevels; k++) {
        if (!dmy_shape(c->levels[k], &a, &b, &y)) return 0;
        if (a > 12 && big_a < 0) big_a = (int32_t)k;
        if (b > 12 && big_b < 0) big_b = (int32_t)k;
    }
    char msg[300];
    if (big_a < 0 && big_b < 0) {
        int32_t first = ds->nrow ? c->code[0] : 0;
        for (size_t i = 0; i < ds->nrow && first < 0; i++) first = c->code[i];
        dmy_shape(c->levels[first], &a, &b, &y);
        snprintf(msg, sizeof msg, "could be day-first or month-first (no value has a part over "
                 "12); say which with --date-format %%d/%%m/%%Y or --date-format %%m/%%d/%%Y");
        *rc = fail_level(ds, c, first, field, err, msg);
        return 1;
    }
    if (big_a >= 0 && big_b >= 0) {
        snprintf(msg, sizeof msg, "is month-first, but '%s' in the same column is day-first; "
                 "say which with --date-format %%d/%%m/%%Y or --date-format %%m/%%d/%%Y",
                 c->levels[big_a]);
        *rc = fail_level(ds, c, big_b, field, err, msg);
        return 1;
    }
    int dayfirst = big_a >= 0;
    for (size_t k = 0; k < c->nlevels; k++) {
        dmy_shape(c->levels[k], &a, &b, &y);
        long d = dayfirst ? a : b, m = dayfirst ? b : a;
        if (m < 1 || m > 12 || d < 1 || d > pg_date_month_days(y, (int)m)) {
            *rc = fail_level(ds, c, (int32_t)k, field, err, no_such_day(msg, sizeof msg, y, m));
            return 1;
        }
        days[k] = pg_date_from_ymd(y, (int)m, (int)d);
    }
    return 1;
}

int pg_dataset_detect_dates(pg_dataset *ds, size_t col, const char *fmt, const long *field,
                            pg_error *err)
{
    pg_column *c = &ds->cols[col];
    if (c->type != PG_COL_CATEGORICAL || c->nlevels == 0) return PG_OK;
    /* cheap refusal: a date's text starts with a digit (or blanks) unless FMT starts with %b */
    if (!fmt && !(c->levels[0][0] >= '0' && c->levels[0][0] <= '9') && c->levels[0][0] != ' ')
        return PG_OK;
    double *days = pg_malloc_array(c->nlevels, sizeof *days);
    if (!days) return pg_fail(err, PG_ENOMEM, "out of memory");
    int rc = PG_OK;
    int found = (fmt && all_levels(ds, c, fmt, field, days, err, &rc)) ||
                all_levels(ds, c, NULL, field, days, err, &rc) ||
                (!fmt && dmy_levels(ds, c, field, days, err, &rc));
    double *num = NULL;
    if (found && rc == PG_OK) {
        num = pg_malloc_array(ds->nrow ? ds->nrow : 1, sizeof *num);
        if (!num) rc = pg_fail(err, PG_ENOMEM, "out of memory");
    }
    if (found && rc == PG_OK) {
        for (size_t i = 0; i < ds->nrow; i++) num[i] = c->code[i] < 0 ? NAN : days[c->code[i]];
        free(c->code);
        c->code = NULL;
        if (c->level_block) free(c->level_block);
        else
            for (size_t k = 0; k < c->nlevels; k++) free(c->levels[k]);
        free(c->levels);
        c->levels = NULL;
        c->level_block = NULL;
        c->nlevels = 0;
        c->num = num;
        c->type = PG_COL_DATE;
    }
    free(days);
    return rc;
}
