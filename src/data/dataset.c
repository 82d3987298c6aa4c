/* dataset.c -- the in-memory dataset: builder and accessors. Reading CSV is in dataset_read.c
 * and csv.c. */
#include "dataset_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pg_csv_opts_init(pg_csv_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->source_column = "source";
}

pg_dataset *pg_dataset_new(void)
{
    return calloc(1, sizeof(pg_dataset));
}

static void free_column(pg_column *c)
{
    free(c->name);
    free(c->label);
    free(c->num);
    free(c->code);
    if (c->level_block) free(c->level_block);
    else
        for (size_t k = 0; k < c->nlevels; k++) free(c->levels[k]);
    free(c->levels);
}

void pg_dataset_free(pg_dataset *ds)
{
    if (!ds) return;
    for (size_t j = 0; j < ds->ncol; j++) free_column(&ds->cols[j]);
    free(ds->cols);
    for (size_t f = 0; f < ds->nfiles; f++) free(ds->files[f]);
    free(ds->files);
    free(ds->file_start);
    free(ds->file_line);
    free(ds->row_line);
    for (size_t k = 0; k < ds->nnotes; k++) free(ds->notes[k]);
    free(ds->notes);
    free(ds);
}

size_t pg_dataset_nnotes(const pg_dataset *ds)
{
    return ds ? ds->nnotes : 0;
}

const char *pg_dataset_note(const pg_dataset *ds, size_t i)
{
    return ds && i < ds->nnotes ? ds->notes[i] : NULL;
}

const char *pg_dataset_col_label(const pg_dataset *ds, size_t col)
{
    return ds && col < ds->ncol ? ds->cols[col].label : NULL;
}

/* Reserve a new column slot named name after checking n and the name. */
static int new_column(pg_dataset *ds, const char *name, size_t n, pg_column **out, pg_error *err)
{
    if (!name || !*name)
        return pg_fail(err, PG_EINPUT, "column %zu has an empty name", ds->ncol + 1);
    if (pg_dataset_find(ds, name) >= 0)
        return pg_fail(err, PG_EINPUT, "duplicate column name '%s'", name);
    if (ds->ncol > 0 && n != ds->nrow)
        return pg_fail(err, PG_EINPUT, "column '%s' has %zu rows, the dataset %zu", name, n,
                       ds->nrow);
    pg_column *cols = realloc(ds->cols, (ds->ncol + 1) * sizeof *cols);
    if (!cols) return pg_fail(err, PG_ENOMEM, "out of memory");
    ds->cols = cols;
    pg_column *c = &cols[ds->ncol];
    memset(c, 0, sizeof *c);
    c->name = pg_strdup(name);
    if (!c->name) return pg_fail(err, PG_ENOMEM, "out of memory");
    *out = c;
    return PG_OK;
}

/* A numeric or date column of values copied from values (non-finite ones missing). */
static int add_doubles(pg_dataset *ds, const char *name, const double *values, size_t n,
                       pg_coltype type, pg_error *err)
{
    pg_column *c = NULL;
    int rc = new_column(ds, name, n, &c, err);
    if (rc) return rc;
    c->type = type;
    c->num = pg_malloc_array(n, sizeof *c->num);
    if (!c->num) {
        free_column(c);
        return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) c->num[i] = isfinite(values[i]) ? values[i] : NAN;
    ds->ncol++;
    ds->nrow = n;
    return PG_OK;
}

int pg_dataset_add_numeric(pg_dataset *ds, const char *name, const double *values, size_t n,
                           pg_error *err)
{
    return add_doubles(ds, name, values, n, PG_COL_NUMERIC, err);
}

int pg_dataset_add_date(pg_dataset *ds, const char *name, const double *days, size_t n,
                        pg_error *err)
{
    return add_doubles(ds, name, days, n, PG_COL_DATE, err);
}

int pg_text_ref_cmp(const void *a, const void *b)
{
    return strcmp(((const pg_text_ref *)a)->s, ((const pg_text_ref *)b)->s);
}

int pg_dataset_add_categorical(pg_dataset *ds, const char *name, const char *const *values,
                               size_t n, pg_error *err)
{
    pg_column *c = NULL;
    int rc = new_column(ds, name, n, &c, err);
    if (rc) return rc;
    c->type = PG_COL_CATEGORICAL;
    pg_text_ref *idx = pg_malloc_array(n, sizeof *idx);   /* value, row */
    c->code = pg_malloc_array(n, sizeof *c->code);
    c->levels = pg_calloc_array(n, sizeof *c->levels);
    if (!idx || !c->code || !c->levels) goto nomem;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        c->code[i] = -1;
        if (values[i]) idx[m++] = (pg_text_ref){values[i], i};
    }
    qsort(idx, m, sizeof *idx, pg_text_ref_cmp);
    for (size_t k = 0; k < m; k++) {
        const char *v = idx[k].s;
        if (c->nlevels == 0 || strcmp(c->levels[c->nlevels - 1], v) != 0) {
            c->levels[c->nlevels] = pg_strdup(v);
            if (!c->levels[c->nlevels]) goto nomem;
            c->nlevels++;
        }
        c->code[idx[k].at] = (int32_t)(c->nlevels - 1);
    }
    free(idx);
    ds->ncol++;
    ds->nrow = n;
    return PG_OK;
nomem:
    free(idx);
    free_column(c);
    return pg_fail(err, PG_ENOMEM, "out of memory");
}

size_t pg_dataset_nrow(const pg_dataset *ds) { return ds->nrow; }
size_t pg_dataset_ncol(const pg_dataset *ds) { return ds->ncol; }

const char *pg_dataset_colname(const pg_dataset *ds, size_t col)
{
    return col < ds->ncol ? ds->cols[col].name : NULL;
}

long pg_dataset_find(const pg_dataset *ds, const char *name)
{
    for (size_t j = 0; j < ds->ncol; j++)
        if (strcmp(ds->cols[j].name, name) == 0) return (long)j;
    return -1;
}

pg_coltype pg_dataset_coltype(const pg_dataset *ds, size_t col) { return ds->cols[col].type; }

const double *pg_dataset_numeric(const pg_dataset *ds, size_t col)
{
    return col < ds->ncol && ds->cols[col].type == PG_COL_NUMERIC ? ds->cols[col].num : NULL;
}

const double *pg_dataset_dates(const pg_dataset *ds, size_t col)
{
    return col < ds->ncol && ds->cols[col].type == PG_COL_DATE ? ds->cols[col].num : NULL;
}

const int32_t *pg_dataset_codes(const pg_dataset *ds, size_t col)
{
    return col < ds->ncol && ds->cols[col].type == PG_COL_CATEGORICAL ? ds->cols[col].code : NULL;
}

size_t pg_dataset_nlevels(const pg_dataset *ds, size_t col)
{
    return col < ds->ncol ? ds->cols[col].nlevels : 0;
}

const char *pg_dataset_level(const pg_dataset *ds, size_t col, size_t level)
{
    return col < ds->ncol && level < ds->cols[col].nlevels ? ds->cols[col].levels[level] : NULL;
}

int pg_dataset_is_missing(const pg_dataset *ds, size_t col, size_t row)
{
    const pg_column *c = &ds->cols[col];
    return c->type == PG_COL_CATEGORICAL ? c->code[row] < 0 : isnan(c->num[row]);
}

/* The file holding row (binary search in file_start; row < nrow). */
static size_t file_of_row(const pg_dataset *ds, size_t row)
{
    size_t lo = 0, hi = ds->nfiles;          /* file_start[lo] <= row < file_start[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (ds->file_start[mid] <= row) lo = mid;
        else hi = mid;
    }
    return lo;
}

const char *pg_dataset_row_file(const pg_dataset *ds, size_t row)
{
    if (!ds->file_start || row >= ds->nrow) return "";
    return ds->files[file_of_row(ds, row)];
}

long pg_dataset_row_line(const pg_dataset *ds, size_t row)
{
    if (row >= ds->nrow) return 0;
    if (ds->row_line) return ds->row_line[row];
    if (!ds->file_start || !ds->file_line) return 0;
    size_t f = file_of_row(ds, row);
    return ds->file_line[f] + (long)(row - ds->file_start[f]);
}
