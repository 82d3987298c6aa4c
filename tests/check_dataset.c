/* check_dataset.c -- the CSV reader (csv.c, dataset_read.c), the dataset accessors and the
 * describe summary. Reference values from scripts/fixtures/dataset.R (R's read.csv). */
#include <float.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "csv_scan.h"
#include "fixtures/dataset_ref.h"
#include "pg_test.h"
#include "render_describe.h"

#define DATA PG_TEST_DATA
#define CSV(name) PG_TEST_DATA "/csv/" name
#define BAD(name) PG_TEST_DATA "/bad/" name

static pg_dataset *read_ok(const char *path, const pg_csv_opts *o)
{
    pg_dataset *ds = NULL;
    pg_error e = {0};
    int rc = pg_dataset_read_csv(path, o, &ds, &e);
    char buf[600];
    ck_assert_msg(rc == PG_OK, "%s: %s", path, pg_error_str(&e, buf, sizeof buf));
    ck_assert_ptr_nonnull(ds);
    return ds;
}

/* Write text to a new temporary file; the caller unlinks path. */
static void write_tmp(char *path, const char *text, size_t len)
{
    strcpy(path, "/tmp/pg_check_dataset_XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
    close(fd);
}

static pg_dataset *read_text(const char *text, const pg_csv_opts *o)
{
    char path[64];
    write_tmp(path, text, strlen(text));
    pg_dataset *ds = read_ok(path, o);
    unlink(path);
    return ds;
}

static int read_text_err(const char *text, const pg_csv_opts *o, pg_error *e)
{
    char path[64];
    write_tmp(path, text, strlen(text));
    pg_dataset *ds = NULL;
    int rc = pg_dataset_read_csv(path, o, &ds, e);
    unlink(path);
    ck_assert_ptr_null(ds);
    return rc;
}

static long col(const pg_dataset *ds, const char *name)
{
    long j = pg_dataset_find(ds, name);
    ck_assert_msg(j >= 0, "no column '%s'", name);
    return j;
}

static double num(const pg_dataset *ds, const char *name, size_t row)
{
    const double *v = pg_dataset_numeric(ds, (size_t)col(ds, name));
    ck_assert_msg(v != NULL, "column '%s' is not numeric", name);
    return v[row];
}

/* Level text of a categorical cell, or NULL when missing. */
static const char *cat(const pg_dataset *ds, const char *name, size_t row)
{
    size_t j = (size_t)col(ds, name);
    const int32_t *c = pg_dataset_codes(ds, j);
    ck_assert_msg(c != NULL, "column '%s' is not categorical", name);
    return c[row] < 0 ? NULL : pg_dataset_level(ds, j, (size_t)c[row]);
}

/* ---------------------------------------------------------------- reference (R read.csv) */

START_TEST(r_reference_columns)
{
    size_t n = sizeof dataset_ref_cols / sizeof dataset_ref_cols[0];
    const char *file = NULL;
    pg_dataset *ds = NULL;
    pg_describe *d = NULL;
    char path[512];
    for (size_t i = 0; i < n; i++) {
        const dataset_ref_col *r = &dataset_ref_cols[i];
        if (!file || strcmp(file, r->file) != 0) {
            pg_describe_free(d);
            pg_dataset_free(ds);
            file = r->file;
            snprintf(path, sizeof path, "%s/%s", DATA, file);
            ds = read_ok(path, NULL);
            pg_error e = {0};
            ck_assert_int_eq(pg_describe_new(ds, &d, &e), PG_OK);
        }
        size_t j = (size_t)col(ds, r->name);
        const pg_describe_col *c = &d->cols[j];
        ck_assert_msg((int)c->type == r->categorical, "%s$%s type", r->file, r->name);
        ck_assert_int_eq((long)c->n, r->n);
        ck_assert_int_eq((long)c->missing, r->missing);
        if (r->categorical) continue;
        pg_ck_rel(c->min, r->min, 1e-15);
        pg_ck_rel(c->median, r->median, 1e-15);
        pg_ck_rel(c->max, r->max, 1e-15);
        const double *v = pg_dataset_numeric(ds, j);
        double sum = 0;
        for (size_t k = 0; k < pg_dataset_nrow(ds); k++)
            if (!isnan(v[k])) sum += v[k];
        pg_ck_rel(sum, r->sum, 1e-13);
    }
    pg_describe_free(d);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(r_reference_levels)
{
    size_t n = sizeof dataset_ref_levels / sizeof dataset_ref_levels[0];
    ck_assert_uint_gt(n, 5);
    for (size_t i = 0; i < n;) {
        const dataset_ref_level *r = &dataset_ref_levels[i];
        char path[512];
        snprintf(path, sizeof path, "%s/%s", DATA, r->file);
        pg_dataset *ds = read_ok(path, NULL);
        size_t j = (size_t)col(ds, r->name);
        pg_describe *d = NULL;
        pg_error e = {0};
        ck_assert_int_eq(pg_describe_new(ds, &d, &e), PG_OK);
        size_t k = 0;
        for (; i < n && strcmp(dataset_ref_levels[i].file, r->file) == 0 &&
               strcmp(dataset_ref_levels[i].name, r->name) == 0;
             i++, k++) {
            ck_assert_str_eq(pg_dataset_level(ds, j, k), dataset_ref_levels[i].level);
            ck_assert_int_eq((long)d->cols[j].count[k], dataset_ref_levels[i].count);
        }
        ck_assert_uint_eq(pg_dataset_nlevels(ds, j), k);
        pg_describe_free(d);
        pg_dataset_free(ds);
    }
}
END_TEST

/* Our number parser must agree bit for bit with glibc's correctly rounded strtod. */
START_TEST(parse_double_matches_strtod)
{
    uint64_t state = 88172645463325252ULL;
    char s[80];
    for (int it = 0; it < 300000; it++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        uint64_t r = state;
        int nint = (int)(r % 21), nfrac = (int)((r >> 5) % 21), len = 0;
        if ((r >> 10) & 1) s[len++] = '-';
        for (int i = 0; i < nint; i++) s[len++] = (char)('0' + (int)((r >> (i % 50)) % 10));
        if (nfrac || nint == 0) {
            s[len++] = '.';
            for (int i = 0; i < nfrac || (nint == 0 && i == 0); i++)
                s[len++] = (char)('0' + (int)((r >> ((i * 3) % 55)) % 10));
        }
        if ((r >> 20) % 4 == 0) len += sprintf(s + len, "e%d", (int)((r >> 24) % 80) - 40);
        s[len] = '\0';
        double want = strtod(s, NULL), got;
        ck_assert_msg(pg_csv_parse_double(s, (size_t)len, '.', &got), "rejects '%s'", s);
        ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "'%s': %.17g, strtod %.17g", s, got,
                      want);
    }
    const char *hard[] = {"0.1", "2.2250738585072011e-308", "1.7976931348623157e308",
                          "9007199254740993", "0.30000000000000004", "123456789012345678901234",
                          "4.9406564584124654e-324", "1e22", "1e23", "-0"};
    for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++) {
        double got, want = strtod(hard[i], NULL);
        ck_assert(pg_csv_parse_double(hard[i], strlen(hard[i]), '.', &got));
        ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "%s", hard[i]);
    }
    double v;
    const char *not_numbers[] = {"", " ", "abc", "1.2.3", "1e", "e5", "--1", "Inf", "NaN",
                                 "0x1A", "1e999", "1,5", "1 2", "+", ".", "5%"};
    for (size_t i = 0; i < sizeof not_numbers / sizeof not_numbers[0]; i++)
        ck_assert_msg(!pg_csv_parse_double(not_numbers[i], strlen(not_numbers[i]), '.', &v),
                      "accepts '%s'", not_numbers[i]);
    ck_assert(pg_csv_parse_double("1,5", 3, ',', &v) && v == 1.5);
    ck_assert(pg_csv_parse_double(" 5. ", 4, '.', &v) && v == 5);
    ck_assert(pg_csv_parse_double("+.5E+1", 6, '.', &v) && v == 5);
}
END_TEST

/* ---------------------------------------------------------------- edge: awkward files */

START_TEST(bom_is_stripped)
{
    pg_dataset *ds = read_ok(CSV("bom.csv"), NULL);
    ck_assert_uint_eq(pg_dataset_ncol(ds), 4);
    ck_assert_str_eq(pg_dataset_colname(ds, 0), "id");
    ck_assert(num(ds, "months", 2) == 7.25);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(crlf_and_quoted_delimiter)
{
    pg_dataset *ds = read_ok(CSV("crlf.csv"), NULL);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 3);
    ck_assert_str_eq(cat(ds, "site", 0), "trunk, back");
    ck_assert_str_eq(cat(ds, "site", 1), "limb");
    ck_assert_ptr_null(cat(ds, "site", 2));
    ck_assert_int_eq(pg_dataset_row_line(ds, 2), 4);
    ck_assert(num(ds, "status", 1) == 0);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(semicolon_and_decimal_comma)
{
    pg_dataset *ds = read_ok(CSV("semicolon_decimal_comma.csv"), NULL);
    ck_assert_uint_eq(pg_dataset_ncol(ds), 5);
    ck_assert(num(ds, "months", 0) == 12.5);
    ck_assert(num(ds, "months", 2) == 7.25);
    ck_assert(num(ds, "size_cm", 0) == 4.2);
    ck_assert(isnan(num(ds, "size_cm", 2)));
    ck_assert(num(ds, "months", 3) == 10);          /* 1e1 */
    ck_assert_str_eq(cat(ds, "depth", 1), "subcutaneous");
    ck_assert_ptr_null(cat(ds, "depth", 3));
    pg_dataset_free(ds);
    /* --decimal . : "12,5" is no longer a number, the column keeps its text */
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    o.decimal = '.';
    ds = read_ok(CSV("semicolon_decimal_comma.csv"), &o);
    ck_assert_str_eq(cat(ds, "months", 0), "12,5");
    ck_assert_str_eq(cat(ds, "months", 1), "30");
    ck_assert_str_eq(cat(ds, "months", 3), "1e1");
    pg_dataset_free(ds);
}
END_TEST

START_TEST(tab_separated)
{
    pg_dataset *ds = read_ok(CSV("tabs.tsv"), NULL);
    ck_assert_uint_eq(pg_dataset_ncol(ds), 4);
    ck_assert_str_eq(cat(ds, "sex", 1), "M");
    ck_assert(num(ds, "months", 0) == 12.5);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(quoted_newlines_and_quotes)
{
    pg_dataset *ds = read_ok(CSV("quoted_newlines.csv"), NULL);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 4);
    ck_assert_str_eq(cat(ds, "note", 0), "line one\nline two");
    ck_assert_str_eq(cat(ds, "note", 1), "said \"no\", then left");
    ck_assert_str_eq(cat(ds, "note", 2), "a,b;c");
    /* records start on physical lines 2, 4, 5, 6 */
    long want[] = {2, 4, 5, 6};
    for (size_t i = 0; i < 4; i++) ck_assert_int_eq(pg_dataset_row_line(ds, i), want[i]);
    ck_assert(isnan(num(ds, "months", 3)));
    pg_dataset_free(ds);
}
END_TEST

START_TEST(endings_and_blank_lines)
{
    pg_dataset *ds = read_ok(CSV("no_final_newline.csv"), NULL);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 2);
    ck_assert(num(ds, "status", 1) == 0);
    pg_dataset_free(ds);
    ds = read_ok(CSV("trailing_blank_lines.csv"), NULL);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 2);
    pg_dataset_free(ds);
    ds = read_ok(CSV("blank_lines_inside.csv"), NULL);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 2);
    ck_assert_int_eq(pg_dataset_row_line(ds, 0), 3);
    ck_assert_int_eq(pg_dataset_row_line(ds, 1), 5);
    pg_dataset_free(ds);
    /* old Mac line ends (CR only), and a header not on line 1 */
    ds = read_text("\n\nid,m\r1,2\r\r3,4\r", NULL);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 2);
    ck_assert_int_eq(pg_dataset_row_line(ds, 0), 4);
    ck_assert_int_eq(pg_dataset_row_line(ds, 1), 6);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(header_only_is_empty_dataset)
{
    pg_dataset *ds = read_ok(CSV("header_only.csv"), NULL);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 0);
    ck_assert_uint_eq(pg_dataset_ncol(ds), 3);
    ck_assert_int_eq(pg_dataset_coltype(ds, 0), PG_COL_NUMERIC);
    pg_describe *d = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_describe_new(ds, &d, &e), PG_OK);
    ck_assert(isnan(d->cols[1].median));
    pg_describe_free(d);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(missing_tokens)
{
    pg_dataset *ds = read_ok(CSV("na_tokens.csv"), NULL);
    for (size_t j = 0; j < 6; j++) {
        ck_assert_int_eq(pg_dataset_coltype(ds, j), PG_COL_NUMERIC);
        ck_assert(pg_dataset_is_missing(ds, j, 0));
        ck_assert(!pg_dataset_is_missing(ds, j, 1));
    }
    pg_dataset_free(ds);
    /* --na replaces the list: "NA" is text now, "" is still missing in a numeric column */
    const char *na[] = {"-"};
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    o.na = na;
    o.n_na = 1;
    ds = read_text("a,b,c\nNA,,-\n1,2,3\n", &o);
    ck_assert_str_eq(cat(ds, "a", 0), "NA");
    ck_assert(isnan(num(ds, "b", 0)));
    ck_assert(isnan(num(ds, "c", 0)));
    pg_dataset_free(ds);
    /* ... but a categorical column keeps "" as a level when "" is not a missing token */
    ds = read_text("a,b\nx,\n,1\ny,2\n", &o);
    ck_assert_str_eq(cat(ds, "a", 1), "");
    ck_assert_str_eq(cat(ds, "a", 2), "y");
    ck_assert(isnan(num(ds, "b", 0)));
    pg_dataset_free(ds);
    /* ... including one that was numeric until then: its earlier "" come back as "" */
    ds = read_text("a\n1\n\"\"\nx\n", &o);
    ck_assert_str_eq(cat(ds, "a", 0), "1");
    ck_assert_str_eq(cat(ds, "a", 1), "");
    ck_assert_str_eq(cat(ds, "a", 2), "x");
    pg_dataset_free(ds);
}
END_TEST

START_TEST(names_kept_as_written)
{
    pg_dataset *ds = read_ok(CSV("names_dots_spaces.csv"), NULL);
    ck_assert_str_eq(pg_dataset_colname(ds, 0), "ph.ecog");
    ck_assert_str_eq(pg_dataset_colname(ds, 1), "size cm");
    ck_assert_str_eq(pg_dataset_colname(ds, 2), "Age (years)");
    ck_assert(num(ds, "size cm", 0) == 2.5);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(late_text_keeps_original_numbers)
{
    pg_dataset *ds = read_ok(CSV("late_text.csv"), NULL);
    size_t j = (size_t)col(ds, "grade");
    ck_assert_int_eq(pg_dataset_coltype(ds, j), PG_COL_CATEGORICAL);
    ck_assert_uint_eq(pg_dataset_nlevels(ds, j), 3);
    ck_assert_str_eq(pg_dataset_level(ds, j, 0), "1.50");      /* as written, not "1.5" */
    ck_assert_str_eq(pg_dataset_level(ds, j, 1), "2");
    ck_assert_str_eq(pg_dataset_level(ds, j, 2), "high");
    ck_assert_str_eq(cat(ds, "grade", 0), "1.50");
    ck_assert_ptr_null(cat(ds, "grade", 2));
    ck_assert_str_eq(cat(ds, "grade", 3), "high");
    pg_dataset_free(ds);
}
END_TEST

/* A column numeric for 150000 rows (more than one 1 MiB block) that turns text on the last
 * row: the second pass must restore every earlier cell's text. */
START_TEST(late_text_in_a_big_file)
{
    size_t n = 150000, cap = n * 32 + 64, len = 0;
    char *text = malloc(cap);
    len += (size_t)sprintf(text + len, "id,x,y\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "%zu,%zu.0,%zu\n", i, i % 7, i % 3);
    len += (size_t)sprintf(text + len, "%zu,late,1\n", n);
    char path[64];
    write_tmp(path, text, len);
    free(text);
    pg_dataset *ds = read_ok(path, NULL);
    unlink(path);
    ck_assert_uint_eq(pg_dataset_nrow(ds), n + 1);
    size_t j = (size_t)col(ds, "x");
    ck_assert_uint_eq(pg_dataset_nlevels(ds, j), 8);
    ck_assert_str_eq(pg_dataset_level(ds, j, 0), "0.0");
    ck_assert_str_eq(pg_dataset_level(ds, j, 7), "late");
    for (size_t i = 0; i < n; i += 997) {
        char want[16];
        sprintf(want, "%zu.0", i % 7);
        ck_assert_str_eq(cat(ds, "x", i), want);
    }
    ck_assert_str_eq(cat(ds, "x", n), "late");
    ck_assert(num(ds, "y", n - 1) == (double)((n - 1) % 3));
    ck_assert_int_eq(pg_dataset_row_line(ds, n), (long)n + 2);
    pg_dataset_free(ds);
}
END_TEST

/* Every column, cell and row origin of a and b the same (numbers to the bit). */
static void same_dataset(const pg_dataset *a, const pg_dataset *b)
{
    size_t n = pg_dataset_nrow(a), m = pg_dataset_ncol(a);
    ck_assert_uint_eq(pg_dataset_nrow(b), n);
    ck_assert_uint_eq(pg_dataset_ncol(b), m);
    for (size_t j = 0; j < m; j++) {
        ck_assert_str_eq(pg_dataset_colname(a, j), pg_dataset_colname(b, j));
        ck_assert_int_eq(pg_dataset_coltype(a, j), pg_dataset_coltype(b, j));
        if (pg_dataset_coltype(a, j) == PG_COL_NUMERIC) {
            ck_assert(memcmp(pg_dataset_numeric(a, j), pg_dataset_numeric(b, j),
                             n * sizeof(double)) == 0);
            continue;
        }
        ck_assert_uint_eq(pg_dataset_nlevels(a, j), pg_dataset_nlevels(b, j));
        for (size_t k = 0; k < pg_dataset_nlevels(a, j); k++)
            ck_assert_str_eq(pg_dataset_level(a, j, k), pg_dataset_level(b, j, k));
        ck_assert(memcmp(pg_dataset_codes(a, j), pg_dataset_codes(b, j), n * sizeof(int32_t)) ==
                  0);
    }
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(pg_dataset_row_file(a, i), pg_dataset_row_file(b, i));
        ck_assert_int_eq(pg_dataset_row_line(a, i), pg_dataset_row_line(b, i));
    }
}

/* A file of n rows (over 4 MiB at 200 000, so that threads = 2 takes the reading thread) with
 * quoted line breaks, blank lines and a late text that needs the second pass; returns its size.
 * The caller unlinks path. */
static size_t big_csv(char *path, size_t n)
{
    size_t cap = n * 48 + 64, len = 0;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    len += (size_t)sprintf(text + len, "id,x,y,grp\n");
    for (size_t i = 0; i < n; i++) {
        if (i % 5003 == 0) len += (size_t)sprintf(text + len, "\n");
        len += (size_t)sprintf(text + len, "%zu,%zu.%03zu,%.17g,%s\n", i, i % 97, i % 1000,
                               (double)i / 7.0, i % 7777 ? "g1" : "\"g\n2\"");
    }
    len += (size_t)sprintf(text + len, "%zu,late,1,g3\n", n);
    write_tmp(path, text, len);
    free(text);
    return len;
}

/* pg_csv_opts.threads: one thread or a reading thread beside this one, the same dataset --
 * alone and pooled with another file. */
START_TEST(threads_option_same_dataset)
{
    char path[64];
    ck_assert_uint_gt(big_csv(path, 200000), (size_t)4 << 20);
    pg_csv_opts o1, o2;
    pg_csv_opts_init(&o1);
    pg_csv_opts_init(&o2);
    ck_assert_int_eq(o1.threads, 0);     /* the default: this thread only */
    o1.threads = 1;
    o2.threads = 2;
    pg_dataset *a = read_ok(path, &o1), *b = read_ok(path, &o2);
    same_dataset(a, b);
    ck_assert_str_eq(cat(a, "x", 200000), "late");
    ck_assert_str_eq(cat(a, "grp", 7777), "g\n2");
    pg_dataset_free(a);
    pg_dataset_free(b);
    const char *paths[] = {path, CSV("series_a.csv")};
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 2, &o1, &a, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 2, &o2, &b, &e), PG_OK);
    same_dataset(a, b);
    pg_dataset_free(a);
    pg_dataset_free(b);
    unlink(path);
}
END_TEST

/* Two threads reading and building datasets at the same time get what one thread gets: the
 * reader and the builder keep no file-level state (include/prognos/dataset.h). */
typedef struct reader_job {
    const char *path;
    int threads;
    pg_dataset *ds, *built;
    int rc;
} reader_job;

static void *reader_job_run(void *v)
{
    reader_job *j = v;
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    o.threads = j->threads;
    pg_error e = {0};
    j->rc = pg_dataset_read_csv(j->path, &o, &j->ds, &e);
    /* the in-memory builder sorts levels too */
    static const char *const v1[] = {"b", "a", NULL, "c", "a", "b"};
    j->built = pg_dataset_new();
    if (j->rc == PG_OK && j->built)
        j->rc = pg_dataset_add_categorical(j->built, "v", v1, 6, &e);
    return NULL;
}

START_TEST(readers_in_parallel_threads)
{
    char path[64];
    /* over 4 MiB, so that the threads = 2 job below takes its reading thread */
    ck_assert_uint_gt(big_csv(path, 140000), (size_t)4 << 20);
    reader_job jobs[3] = {{path, 1, NULL, NULL, -1}, {path, 2, NULL, NULL, -1},
                          {path, 1, NULL, NULL, -1}};
    pthread_t th[2];
    for (int k = 0; k < 2; k++) ck_assert_int_eq(pthread_create(&th[k], NULL, reader_job_run,
                                                                &jobs[k]), 0);
    reader_job_run(&jobs[2]);
    for (int k = 0; k < 2; k++) ck_assert_int_eq(pthread_join(th[k], NULL), 0);
    for (int k = 0; k < 3; k++) ck_assert_int_eq(jobs[k].rc, PG_OK);
    for (int k = 0; k < 2; k++) {
        same_dataset(jobs[k].ds, jobs[2].ds);
        same_dataset(jobs[k].built, jobs[2].built);
    }
    ck_assert_str_eq(cat(jobs[0].built, "v", 0), "b");
    ck_assert_uint_eq(pg_dataset_nlevels(jobs[0].built, 0), 3);
    for (int k = 0; k < 3; k++) {
        pg_dataset_free(jobs[k].ds);
        pg_dataset_free(jobs[k].built);
    }
    unlink(path);
}
END_TEST

START_TEST(forced_types)
{
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    const char *c[] = {"months", "id"};
    const char *nm[] = {"status"};
    o.categorical = c;
    o.n_categorical = 2;
    o.numeric = nm;
    o.n_numeric = 1;
    pg_dataset *ds = read_ok(CSV("bom.csv"), &o);
    ck_assert_str_eq(cat(ds, "months", 0), "12.5");
    ck_assert_str_eq(cat(ds, "months", 2), "7.25");
    size_t j = (size_t)col(ds, "months");
    ck_assert_str_eq(pg_dataset_level(ds, j, 0), "12.5");    /* strcmp order, not numeric */
    ck_assert_str_eq(pg_dataset_level(ds, j, 1), "30");
    ck_assert_str_eq(pg_dataset_level(ds, j, 2), "7.25");
    ck_assert(num(ds, "status", 0) == 1);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(delimiter_override_and_detection)
{
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    o.delim = ';';
    pg_dataset *ds = read_ok(CSV("series_a.csv"), &o);
    ck_assert_uint_eq(pg_dataset_ncol(ds), 1);
    ck_assert_str_eq(pg_dataset_colname(ds, 0), "id,months,status,grade");
    pg_dataset_free(ds);
    ck_assert_int_eq(pg_csv_detect_delim("a;b;c\n1,5;2,5;3\n", 16), ';');
    ck_assert_int_eq(pg_csv_detect_delim("a\tb\tc", 5), '\t');
    ck_assert_int_eq(pg_csv_detect_delim("\"a,b\";c\n", 8), ';');
    ck_assert_int_eq(pg_csv_detect_delim("single\n", 7), ',');
    ck_assert_int_eq(pg_csv_detect_delim("a,b;c\n", 6), ',');
    ck_assert_int_eq(pg_csv_detect_delim("\r\n\nx;y\n", 8), ';');     /* blank lines first */
    ck_assert_int_eq(pg_csv_detect_delim("size\n1,5\n", 10), ',');    /* one column */
    ck_assert_int_eq(pg_csv_detect_delim("size\n1;5\n", 10), ',');
}
END_TEST

START_TEST(whitespace_and_quoted_numbers)
{
    pg_dataset *ds = read_text("a,b,c\n 1 ,\"2.5\", x y \n3,\" 4 \",z\n", NULL);
    ck_assert(num(ds, "a", 0) == 1);
    ck_assert(num(ds, "b", 0) == 2.5);
    ck_assert(num(ds, "b", 1) == 4);
    ck_assert_str_eq(cat(ds, "c", 0), "x y");
    pg_dataset_free(ds);
}
END_TEST

START_TEST(pooled_files)
{
    const char *paths[] = {CSV("series_a.csv"), CSV("series_b.csv"), CSV("series_c.csv")};
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 3, NULL, &ds, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 7);
    ck_assert_uint_eq(pg_dataset_ncol(ds), 6);
    const char *names[] = {"id", "months", "status", "grade", "centre", "source"};
    for (size_t j = 0; j < 6; j++) ck_assert_str_eq(pg_dataset_colname(ds, j), names[j]);
    ck_assert(num(ds, "id", 2) == 10);              /* matched by name, not position */
    ck_assert(num(ds, "months", 2) == 5);
    ck_assert(isnan(num(ds, "status", 5)));         /* absent in series_c */
    /* grade: numbers in series_a, text in series_c -> categorical with the texts */
    ck_assert_str_eq(cat(ds, "grade", 0), "2");
    ck_assert_str_eq(cat(ds, "grade", 1), "3");
    ck_assert_ptr_null(cat(ds, "grade", 2));
    ck_assert_str_eq(cat(ds, "grade", 6), "high");
    ck_assert_ptr_null(cat(ds, "centre", 0));
    ck_assert_str_eq(cat(ds, "centre", 4), "Lyon");
    ck_assert_str_eq(cat(ds, "source", 0), "series_a");
    ck_assert_str_eq(cat(ds, "source", 3), "series_b");
    ck_assert_str_eq(cat(ds, "source", 6), "series_c");
    ck_assert_str_eq(pg_dataset_row_file(ds, 4), CSV("series_b.csv"));
    ck_assert_int_eq(pg_dataset_row_line(ds, 4), 4);
    ck_assert_int_eq(pg_dataset_row_line(ds, 5), 2);
    pg_dataset_free(ds);
    /* another name for the source column; a single file gets none */
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    o.source_column = "cohort";
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 2, &o, &ds, &e), PG_OK);
    ck_assert_int_ge(pg_dataset_find(ds, "cohort"), 0);
    ck_assert_int_lt(pg_dataset_find(ds, "source"), 0);
    pg_dataset_free(ds);
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 1, &o, &ds, &e), PG_OK);
    ck_assert_int_lt(pg_dataset_find(ds, "cohort"), 0);
    pg_dataset_free(ds);
    /* each file has its own delimiter and decimal mark */
    const char *mixed[] = {CSV("semicolon_decimal_comma.csv"), CSV("tabs.tsv"), CSV("bom.csv")};
    ck_assert_int_eq(pg_dataset_read_csv_files(mixed, 3, NULL, &ds, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 10);
    ck_assert(num(ds, "months", 0) == 12.5);
    ck_assert(num(ds, "months", 4) == 12.5);
    ck_assert(num(ds, "months", 9) == 7.25);
    ck_assert_str_eq(cat(ds, "sex", 5), "M");
    ck_assert_ptr_null(cat(ds, "sex", 0));
    ck_assert_str_eq(cat(ds, "source", 9), "bom");
    ck_assert_str_eq(cat(ds, "source", 4), "tabs");
    pg_dataset_free(ds);
}
END_TEST

/* A header-only file pooled with others adds no rows (its columns have no arrays at all). */
START_TEST(pooled_with_header_only_file)
{
    const char *paths[] = {CSV("header_only.csv"), CSV("series_a.csv"), CSV("header_only.csv")};
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 3, NULL, &ds, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 2);
    ck_assert(num(ds, "months", 0) == 12);
    ck_assert(num(ds, "months", 1) == 30);
    ck_assert_str_eq(cat(ds, "source", 1), "series_a");
    ck_assert_int_eq(pg_dataset_row_line(ds, 1), 3);
    pg_dataset_free(ds);
}
END_TEST

/* Standard input, pooled with a file, with a column that needs a second pass over stdin. */
START_TEST(standard_input_is_spooled)
{
    ck_assert_ptr_nonnull(freopen(CSV("late_text.csv"), "rb", stdin));
    const char *paths[] = {"-", CSV("series_a.csv")};
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 2, NULL, &ds, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 6);
    ck_assert_str_eq(cat(ds, "grade", 0), "1.50");
    ck_assert_str_eq(cat(ds, "grade", 5), "3");
    ck_assert_str_eq(cat(ds, "source", 0), "stdin");
    ck_assert_str_eq(pg_dataset_row_file(ds, 0), "<stdin>");
    pg_dataset_free(ds);
}
END_TEST

START_TEST(describe_median_and_counts)
{
    double a[] = {3, 1, 2};
    ck_assert(pg_describe_median(a, 3) == 2);
    double b[] = {4, 1, 3, 2};
    ck_assert(pg_describe_median(b, 4) == 2.5);
    double c[] = {5, 5, 5, 5, 1, 9};
    ck_assert(pg_describe_median(c, 6) == 5);
    double one[] = {7};
    ck_assert(pg_describe_median(one, 1) == 7);
    ck_assert(isnan(pg_describe_median(NULL, 0)));
    /* many ties, large: median of 0..9 repeated = 4.5 */
    size_t n = 100000;
    double *x = malloc(n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[i] = (double)(i * 7 % 10);
    ck_assert(pg_describe_median(x, n) == 4.5);
    free(x);
}
END_TEST

static char *describe_to_string(const pg_describe *d, pg_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_describe_write(f, d, fmt), PG_OK);
    fclose(f);
    return buf;
}

START_TEST(describe_renders_every_format)
{
    pg_dataset *ds = read_ok(CSV("crlf.csv"), NULL);
    pg_describe *d = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_describe_new(ds, &d, &e), PG_OK);
    /* a frame from arrays stands in for the formula evaluator */
    double t[] = {12.5, 30, 7.25};
    int s[] = {1, 0, 1};
    pg_frame_spec spec = {.n = 3, .time = t, .status = s};
    pg_frame *fr = NULL;
    ck_assert_int_eq(pg_frame_from_arrays(&spec, &fr, &e), PG_OK);
    ck_assert_int_eq(pg_describe_add_frame(d, ds, fr, "Surv(months, status) ~ `site`", NULL, &e),
                     PG_OK);
    char *txt = describe_to_string(d, PG_FMT_TEXT);
    ck_assert_msg(strstr(txt, "3 rows, 4 columns\n") != NULL, "%s", txt);
    ck_assert_msg(strstr(txt, "site   categorical 2       1") != NULL, "%s", txt);
    ck_assert_msg(strstr(txt, "limb 1 (50.0%), trunk, back 1 (50.0%)") != NULL, "%s", txt);
    ck_assert_msg(strstr(txt, "16.58 (11.91) 12.5 (9.875\xe2\x80\x93" "21.25) 7.25\xe2\x80\x93" "30")
                  != NULL, "%s", txt);
    ck_assert_msg(strstr(txt, "n = 3, events = 2, censored = 1") != NULL, "%s", txt);
    ck_assert_msg(strstr(txt, "0 rows dropped for missing values; missing in the data: "
                              "months 0, status 0, site 1\n") != NULL, "%s", txt);
    free(txt);
    char *csv = describe_to_string(d, PG_FMT_CSV);
    ck_assert_msg(strstr(csv, "site,categorical,2,1,,,,,,,,\"limb (1), trunk, back (1)\"\n") != NULL,
                  "%s", csv);
    ck_assert_msg(strstr(csv, "\"Surv(months, status) ~ `site`\",,3,2,1,0,0\n") != NULL, "%s", csv);
    free(csv);
    char *md = describe_to_string(d, PG_FMT_MD);
    ck_assert_msg(strstr(md, "| site   | categorical |") != NULL, "%s", md);
    free(md);
    char *js = describe_to_string(d, PG_FMT_JSON);
    ck_assert_msg(strstr(js, "\"level\": \"trunk, back\"") != NULL, "%s", js);
    ck_assert_msg(strstr(js, "\"events\": 2") != NULL, "%s", js);
    ck_assert_msg(strstr(js, "\"site\": 1") != NULL, "%s", js);
    free(js);
    pg_frame_free(fr);
    pg_describe_free(d);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(builder_and_reader_agree)
{
    pg_dataset *ds = pg_dataset_new();
    pg_error e = {0};
    double v[] = {1, NAN, 3};
    const char *s[] = {"b", NULL, "a"};
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "x", v, 3, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_categorical(ds, "g", s, 3, &e), PG_OK);
    pg_dataset *rd = read_text("x,g\n1,b\nNA,NA\n3,a\n", NULL);
    for (size_t j = 0; j < 2; j++) {
        ck_assert_str_eq(pg_dataset_colname(ds, j), pg_dataset_colname(rd, j));
        ck_assert_int_eq(pg_dataset_coltype(ds, j), pg_dataset_coltype(rd, j));
        for (size_t i = 0; i < 3; i++)
            ck_assert_int_eq(pg_dataset_is_missing(ds, j, i), pg_dataset_is_missing(rd, j, i));
    }
    ck_assert_str_eq(cat(rd, "g", 0), "b");
    ck_assert_str_eq(pg_dataset_level(rd, 1, 0), "a");
    ck_assert_str_eq(pg_dataset_row_file(ds, 0), "");
    pg_dataset_free(rd);
    pg_dataset_free(ds);
}
END_TEST

/* ---------------------------------------------------------------- errors */

typedef struct bad_case {
    const char *file;
    const char *numeric;    /* column forced numeric, or NULL */
    long line, column;
    const char *msg;
} bad_case;

static const bad_case bad_cases[] = {
    {"ragged_short.csv", NULL, 3, 2, "row has 2 fields, the header has 3 (last field '30')"},
    {"ragged_long.csv", NULL, 3, 4, "row has more fields than the header's 3: extra field 'extra'"},
    {"ragged_crlf.csv", NULL, 4, 2, "row has 2 fields, the header has 3 (last field '7')"},
    {"ragged_after_quoted_newline.csv", NULL, 7, 2,
     "row has 2 fields, the header has 3 (last field 'short')"},
    {"unterminated_quote.csv", NULL, 3, 2, "unterminated quoted field starting '\"limb,30\\n'"},
    {"unterminated_quote_multiline.csv", NULL, 3, 2,
     "unterminated quoted field starting '\"starts here\\nand runs\\nto the end,30\\n3,x,4...'"},
    {"stray_quote.csv", NULL, 2, 2,
     "stray quote in unquoted field '5\"' (quote the whole field and double the quote)"},
    {"text_after_quote.csv", NULL, 2, 2,
     "unexpected character after a closing quote in field '\"trunk\"x' (a quote inside a quoted "
     "field must be doubled)"},
    {"invalid_utf8_latin1.csv", NULL, 2, 2, "invalid UTF-8 (byte 0xE9) in 'caf\\xE9'"},
    {"invalid_utf8_in_quoted_newline.csv", NULL, 3, 2,
     "invalid UTF-8 (byte 0xFF) in 'first\\nsecond \\xFF'"},
    {"duplicate_header.csv", NULL, 1, 4, "duplicate column name 'age' (columns 2 and 4)"},
    {"empty_header_name.csv", NULL, 1, 2, "column 2 has an empty name"},
    {"empty.csv", NULL, 0, 0, "no header line (the file is empty)"},
    {"bom_only.csv", NULL, 0, 0, "no header line (the file is empty)"},
    {"lms.csv", "size_cm", 14, 3, "cannot parse 'l2.5' as a number in column 'size_cm'"},
    {"forced_numeric_after_quoted_newline.csv", "size_cm", 5, 3,
     "cannot parse 'x3' as a number in column 'size_cm'"},
    {"nul_byte.csv", NULL, 2, 2, "NUL byte in field (is this a CSV file in UTF-8?) 'ab\\x00cd'"},
};

START_TEST(bad_files_are_located)
{
    const bad_case *b = &bad_cases[_i];
    char path[512];
    snprintf(path, sizeof path, "%s/bad/%s", DATA, b->file);
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    o.encoding = "UTF-8";   /* insist: else a file that is not UTF-8 is read as Windows-1252 */
    const char *nm[] = {b->numeric};
    if (b->numeric) {
        o.numeric = nm;
        o.n_numeric = 1;
    }
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv(path, &o, &ds, &e), PG_EINPUT);
    ck_assert_ptr_null(ds);
    ck_assert_str_eq(e.file, path);
    ck_assert_int_eq(e.line, b->line);
    ck_assert_int_eq(e.column, b->column);
    ck_assert_str_eq(e.msg, b->msg);
    /* and rendered as file:line:column: message */
    char buf[1024], want[1024];
    if (b->line) snprintf(want, sizeof want, "%s:%ld:%ld: %s", path, b->line, b->column, b->msg);
    else snprintf(want, sizeof want, "%s: %s", path, b->msg);
    ck_assert_str_eq(pg_error_str(&e, buf, sizeof buf), want);
}
END_TEST

START_TEST(option_and_file_errors)
{
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv(DATA "/no_such_file.csv", NULL, &ds, &e), PG_EIO);
    ck_assert_ptr_null(ds);
    ck_assert(strstr(e.msg, "cannot open") != NULL);
    const char *two[] = {"-", "-"};
    ck_assert_int_eq(pg_dataset_read_csv_files(two, 2, NULL, &ds, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "standard input ('-') given more than once");
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    const char *x[] = {"size_cm"};
    o.numeric = x;
    o.n_numeric = 1;
    o.categorical = x;
    o.n_categorical = 1;
    ck_assert_int_eq(pg_dataset_read_csv(CSV("bom.csv"), &o, &ds, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "column 'size_cm' cannot be both numeric and categorical");
    o.n_categorical = 0;
    ck_assert_int_eq(pg_dataset_read_csv(CSV("bom.csv"), &o, &ds, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "no column named 'size_cm' (given as numeric)");
    const char *y[] = {"month"};
    o.numeric = y;
    ck_assert_int_eq(pg_dataset_read_csv(CSV("bom.csv"), &o, &ds, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "no column named 'month' (given as numeric); did you mean 'months'?");
    pg_csv_opts_init(&o);
    o.delim = '|';
    ck_assert_int_eq(pg_dataset_read_csv(CSV("bom.csv"), &o, &ds, &e), PG_EINPUT);
    /* pooled: a data column already called "source" */
    const char *pool[] = {BAD("source_exists.csv"), CSV("series_a.csv")};
    ck_assert_int_eq(pg_dataset_read_csv_files(pool, 2, NULL, &ds, &e), PG_EINPUT);
    ck_assert_int_eq(e.line, 1);
    ck_assert_int_eq(e.column, 2);
    ck_assert_ptr_null(ds);
    /* ...which is fine for a single file */
    ck_assert_int_eq(pg_dataset_read_csv_files(pool, 1, NULL, &ds, &e), PG_OK);
    pg_dataset_free(ds);
    /* a forced-numeric error in the second pooled file names that file */
    const char *forced[] = {CSV("series_a.csv"), CSV("series_c.csv")};
    const char *g[] = {"grade"};
    pg_csv_opts_init(&o);
    o.numeric = g;
    o.n_numeric = 1;
    ck_assert_int_eq(pg_dataset_read_csv_files(forced, 2, &o, &ds, &e), PG_EINPUT);
    ck_assert_str_eq(e.file, CSV("series_c.csv"));
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 2);
}
END_TEST

START_TEST(strict_quote_errors_in_text)
{
    pg_error e = {0};
    ck_assert_int_eq(read_text_err("a,b\n1,\"x\" \"\n", NULL, &e), PG_EINPUT);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 2);
    ck_assert_int_eq(read_text_err("a,b\n1,\"x\ny\"z\n", NULL, &e), PG_EINPUT);
    ck_assert_int_eq(e.line, 3);                    /* the bad character is on line 3 */
    ck_assert_int_eq(e.column, 2);
    ck_assert_int_eq(read_text_err("a,b\r\n1,2\r\n3,4,5\r\n", NULL, &e), PG_EINPUT);
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 3);
}
END_TEST

/* An unbalanced quote in a big file is stopped at 16 MiB instead of eating the file. */
START_TEST(runaway_quoted_field)
{
    size_t rows = 3000000, len = 0;
    char *text = malloc(rows * 6 + 64);
    len += (size_t)sprintf(text, "id,note\n1,\"oops\n");
    for (size_t i = 0; i < rows; i++) {
        memcpy(text + len, "2,abc\n", 6);
        len += 6;
    }
    char path[64];
    write_tmp(path, text, len);
    free(text);
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv(path, NULL, &ds, &e), PG_EINPUT);
    unlink(path);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 2);
    ck_assert_str_eq(e.msg, "field longer than 16 MiB (an unterminated quote?; PG_LIMIT_FIELD_BYTES, docs/limits.md)");
}
END_TEST

/* pg_csv_opts.columns (issue 19): only the columns asked for, the first column and id-named
 * columns are stored, with the values a full read gives; the others are still tokenized, so a
 * ragged row is still an error at its line, but a value in them is not looked at. A name that
 * is not in the header reads every column. */
START_TEST(needed_columns_only)
{
    const char *text = "x,time,status,patient_id,junk,grade\n"
                       "a,5,1,p1,1,G1\n"
                       "b,7,0,p2,oops,G2\n"
                       "c,9,1,p3,3,G1\n";
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    pg_dataset *all = read_text(text, &o);
    const char *want[] = {"time", "status"};
    o.columns = want;
    o.n_columns = 2;
    pg_dataset *part = read_text(text, &o);
    ck_assert_uint_eq(pg_dataset_ncol(all), 6);
    ck_assert_uint_eq(pg_dataset_ncol(part), 4);       /* x, time, status, patient_id */
    ck_assert_int_eq(col(part, "x"), 0);
    ck_assert_int_lt(pg_dataset_find(part, "junk"), 0);
    ck_assert_int_lt(pg_dataset_find(part, "grade"), 0);
    ck_assert_int_ge(col(part, "patient_id"), 0);
    ck_assert_uint_eq(pg_dataset_nrow(part), 3);
    for (size_t i = 0; i < 3; i++) {
        ck_assert(pg_dataset_numeric(part, (size_t)col(part, "time"))[i] ==
                  pg_dataset_numeric(all, (size_t)col(all, "time"))[i]);
        ck_assert(pg_dataset_numeric(part, (size_t)col(part, "status"))[i] ==
                  pg_dataset_numeric(all, (size_t)col(all, "status"))[i]);
    }
    /* forced columns are read: junk forced numeric stops at 'oops' */
    const char *num[] = {"junk"};
    o.numeric = num;
    o.n_numeric = 1;
    pg_error e = {0};
    ck_assert_int_eq(read_text_err(text, &o, &e), PG_EINPUT);
    ck_assert_int_eq(e.line, 3);
    o.numeric = NULL;
    o.n_numeric = 0;
    /* a ragged row in a column not read is still located */
    memset(&e, 0, sizeof e);
    ck_assert_int_eq(read_text_err("a,b,c\n1,2,3\n4,5,6,7\n", &o, &e), PG_EINPUT);
    ck_assert_int_eq(e.line, 3);
    /* an unknown name: every column */
    const char *unknown[] = {"time", "tiem"};
    o.columns = unknown;
    pg_dataset *every = read_text(text, &o);
    ck_assert_uint_eq(pg_dataset_ncol(every), 6);
    pg_dataset_free(every);
    pg_dataset_free(part);
    pg_dataset_free(all);
}
END_TEST

static Suite *dataset_suite(void)
{
    Suite *s = suite_create("dataset");
    TCase *tc = tcase_create("reference");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, r_reference_columns);
    tcase_add_test(tc, r_reference_levels);
    tcase_add_test(tc, parse_double_matches_strtod);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, bom_is_stripped);
    tcase_add_test(tc, crlf_and_quoted_delimiter);
    tcase_add_test(tc, semicolon_and_decimal_comma);
    tcase_add_test(tc, tab_separated);
    tcase_add_test(tc, quoted_newlines_and_quotes);
    tcase_add_test(tc, endings_and_blank_lines);
    tcase_add_test(tc, header_only_is_empty_dataset);
    tcase_add_test(tc, missing_tokens);
    tcase_add_test(tc, names_kept_as_written);
    tcase_add_test(tc, late_text_keeps_original_numbers);
    tcase_add_test(tc, late_text_in_a_big_file);
    tcase_add_test(tc, forced_types);
    tcase_add_test(tc, delimiter_override_and_detection);
    tcase_add_test(tc, whitespace_and_quoted_numbers);
    tcase_add_test(tc, pooled_files);
    tcase_add_test(tc, pooled_with_header_only_file);
    tcase_add_test(tc, standard_input_is_spooled);
    tcase_add_test(tc, describe_median_and_counts);
    tcase_add_test(tc, describe_renders_every_format);
    tcase_add_test(tc, builder_and_reader_agree);
    tcase_add_test(tc, threads_option_same_dataset);
    tcase_add_test(tc, readers_in_parallel_threads);
    tcase_add_test(tc, needed_columns_only);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_set_timeout(tc, 60);   /* runaway_quoted_field reads 18 MB: slow on a loaded machine */
    tcase_add_loop_test(tc, bad_files_are_located, 0,
                        (int)(sizeof bad_cases / sizeof bad_cases[0]));
    tcase_add_test(tc, option_and_file_errors);
    tcase_add_test(tc, strict_quote_errors_in_text);
    tcase_add_test(tc, runaway_quoted_field);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(dataset_suite());
}
