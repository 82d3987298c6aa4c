/* check_csv_split.c -- a file read in two parts at once (src/data/dataset_split.c, threads 2,
 * the size threshold lowered) gives the dataset of one scan: types, numbers to the bit, levels,
 * codes, row lines; and the same first error, wherever it falls. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_test.h"
#include "prognos.h"
#include "reader.h"

/* Write text to a temporary file; returns its path (static buffer). */
static const char *write_tmp(const char *text)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/pg_split_XXXXXX");
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    ck_assert(f && fputs(text, f) >= 0 && fclose(f) == 0);
    return path;
}

/* Read path with threads 1 and 2; compare everything (or the two errors). */
static void same_both_ways(const char *path)
{
    pg_dataset *ds[2] = {NULL, NULL};
    pg_error err[2] = {{0}, {0}};
    int rc[2];
    for (int k = 0; k < 2; k++) {
        pg_csv_opts o;
        pg_csv_opts_init(&o);
        o.threads = k ? 2 : 1;
        rc[k] = pg_dataset_read_csv(path, &o, &ds[k], &err[k]);
    }
    ck_assert_int_eq(rc[0], rc[1]);
    if (rc[0]) {
        char a[512], b[512];
        ck_assert_str_eq(pg_error_str(&err[0], a, sizeof a), pg_error_str(&err[1], b, sizeof b));
        return;
    }
    size_t n = pg_dataset_nrow(ds[0]), p = pg_dataset_ncol(ds[0]);
    ck_assert_uint_eq(n, pg_dataset_nrow(ds[1]));
    ck_assert_uint_eq(p, pg_dataset_ncol(ds[1]));
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(pg_dataset_row_line(ds[0], i), pg_dataset_row_line(ds[1], i));
    for (size_t j = 0; j < p; j++) {
        ck_assert_int_eq(pg_dataset_coltype(ds[0], j), pg_dataset_coltype(ds[1], j));
        const double *x = pg_dataset_numeric(ds[0], j), *y = pg_dataset_numeric(ds[1], j);
        if (x) ck_assert(memcmp(x, y, n * sizeof *x) == 0);
        const int32_t *c = pg_dataset_codes(ds[0], j), *d = pg_dataset_codes(ds[1], j);
        if (c) {
            ck_assert(memcmp(c, d, n * sizeof *c) == 0);
            ck_assert_uint_eq(pg_dataset_nlevels(ds[0], j), pg_dataset_nlevels(ds[1], j));
            for (size_t l = 0; l < pg_dataset_nlevels(ds[0], j); l++)
                ck_assert_str_eq(pg_dataset_level(ds[0], j, l), pg_dataset_level(ds[1], j, l));
        }
    }
    pg_dataset_free(ds[0]);
    pg_dataset_free(ds[1]);
}

/* The text as a file read both ways (same_both_ways); the text is freed. */
static void same_both_ways_text(char *text)
{
    const char *path = write_tmp(text);
    same_both_ways(path);
    remove(path);
    free(text);
}

/* n rows; row `odd` (1-based data row, 0 = none) replaced by `line`. Quoted line breaks,
 * CRLF endings, levels new in the second half, a column missing in the first half only. */
static char *make_file(size_t n, size_t odd, const char *line)
{
    size_t cap = 64 * n + 256, len = 0;
    char *s = malloc(cap);
    ck_assert(s);
    len += (size_t)snprintf(s, cap, "time,status,grp,x,late\n");
    for (size_t i = 1; i <= n; i++) {
        if (i == odd) {
            len += (size_t)snprintf(s + len, cap - len, "%s\n", line);
            continue;
        }
        const char *grp = i % 97 == 0 ? "\"two\nlines\"" : i > n / 2 && i % 5 == 0 ? "new" : "A";
        const char *late = i > n / 2 ? (i % 3 ? "t1" : "t2") : "NA";
        len += (size_t)snprintf(s + len, cap - len, "%zu,%zu,%s,%.6f,%s%s\n", i % 365 + 1, i % 2,
                                grp, (double)i / 7.0, late, i % 11 == 0 ? "\r" : "");
    }
    return s;
}

START_TEST(split_same_dataset_and_errors)
{
    pg_reader_split_min = 1;
    const size_t n = 20000;
    struct { size_t row; const char *line; } cases[] = {
        {0, ""},                                  /* no odd row */
        {15000, "1,0,A,0.5"},                     /* too few fields in the second part */
        {15001, "1,0,A,0.5,t1,extra"},            /* too many */
        {3000, "1,0,A,0.5"},                      /* in the first part */
        {16000, "1,0,A,x\"y,t1"},                 /* a stray quote */
        {17000, "1,0,A,text,t1"},                 /* x turns text in the second part */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        same_both_ways_text(make_file(n, cases[k].row, cases[k].line));
    }
    pg_reader_split_min = (size_t)8 << 20;
}
END_TEST

/* The rows' room is guessed from the file's size over the first 1024 rows' bytes per row
 * (dataset_read.c rows_guess). A guess far too low (long first rows, then short ones) grows
 * by doubling, a guess far too high is given back; both read every row, both ways. */
START_TEST(rows_guess_low_and_high)
{
    pg_reader_split_min = 1;
    for (int low = 0; low < 2; low++) {
        const size_t n = 30000;
        size_t cap = 300 * n, len = 0;
        char *text = malloc(cap), pad[201];
        ck_assert(text);
        memset(pad, 'w', 200);
        pad[200] = '\0';
        len += (size_t)snprintf(text, cap, "x,note\n");
        for (size_t i = 0; i < n; i++) {
            int long_row = low ? i < 2000 : i >= 2000;
            len += (size_t)snprintf(text + len, cap - len, "%zu,%s\n", i, long_row ? pad : "w");
        }
        const char *path = write_tmp(text);
        same_both_ways(path);
        pg_csv_opts o;
        pg_csv_opts_init(&o);
        pg_dataset *ds = NULL;
        pg_error err = {0};
        ck_assert_int_eq(pg_dataset_read_csv(path, &o, &ds, &err), PG_OK);
        ck_assert_uint_eq(pg_dataset_nrow(ds), n);
        const double *x = pg_dataset_numeric(ds, 0);
        for (size_t i = 0; i < n; i++) ck_assert(x[i] == (double)i);
        pg_dataset_free(ds);
        remove(path);
        free(text);
    }
    pg_reader_split_min = (size_t)8 << 20;
}
END_TEST

/* Files of several 1 MiB blocks: the blocks wholly before the middle are counted by the
 * branch-free path of pg_csv_split (no '\r' in them), including a "\r\n" whose '\r' ends a
 * block and whose '\n' starts the next; quoted line breaks before the middle move the lines.
 * The second part's row lines are the check that the cut was counted right. */
START_TEST(split_point_counted_by_blocks)
{
    pg_reader_split_min = 1;
    const size_t block = (size_t)1 << 20, total = 5 * block;
    for (int crlf_at_block = 0; crlf_at_block < 2; crlf_at_block++) {
        char *text = malloc(total + 256);
        ck_assert(text);
        size_t len = (size_t)snprintf(text, 256, "time,status,grp\n");
        size_t i = 0;
        while (len < total) {
            char row[64];
            int k = i % 501 == 0 ? snprintf(row, sizeof row, "%zu,1,\"two\nlines\"\n", i % 90 + 1)
                                 : snprintf(row, sizeof row, "%zu,%zu,A\n", i % 90 + 1, i % 2);
            /* the row that reaches the end of the first block ends in "\r\n" across it */
            if (crlf_at_block && len < block - 1 && block - 1 - len < 80) {   /* rows < 20 bytes */
                size_t fill = block - 1 - len;           /* digits up to the '\r' at block-1 */
                ck_assert(fill >= 4);
                memset(text + len, '7', fill - 4);
                memcpy(text + len + fill - 4, ",1,A", 4);
                len += fill;
                text[len++] = '\r';
                text[len++] = '\n';
                ck_assert(text[block - 1] == '\r' && text[block] == '\n');
                i++;
                continue;
            }
            memcpy(text + len, row, (size_t)k);
            len += (size_t)k;
            i++;
        }
        text[len] = '\0';
        same_both_ways_text(text);
    }
    pg_reader_split_min = (size_t)8 << 20;
}
END_TEST

static Suite *csv_split_suite(void)
{
    Suite *s = suite_create("csv_split");
    TCase *tc = tcase_create("split");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, split_same_dataset_and_errors);
    tcase_add_test(tc, rows_guess_low_and_high);
    tcase_add_test(tc, split_point_counted_by_blocks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(csv_split_suite());
}
