/* tests/check_describe.c -- the manuscript summaries of `prognos describe` (src/report/
 * describe.c): mean (SD), median (IQR) and range of every numeric column against R's mean(),
 * sd(), quantile() and range() (scripts/fixtures/describe.R), and the n (%) of levels. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "describe.h"
#include "fixtures/describe_r.h"
#include "pg_test.h"
#include "render.h"
#include "render_describe.h"

START_TEST(numeric_columns_match_r)
{
    const char *open = "";
    pg_dataset *ds = NULL;
    pg_describe *d = NULL;
    pg_error e = {0};
    size_t n = sizeof describe_refs / sizeof *describe_refs;
    for (size_t i = 0; i < n; i++) {
        const describe_ref *r = &describe_refs[i];
        if (strcmp(open, r->file) != 0) {
            pg_describe_free(d);
            pg_dataset_free(ds);
            char path[512];
            snprintf(path, sizeof path, "%s/%s", PG_TEST_DATA, r->file);
            ck_assert_int_eq(pg_dataset_read_csv(path, NULL, &ds, &e), PG_OK);
            ck_assert_int_eq(pg_describe_new(ds, &d, &e), PG_OK);
            open = r->file;
        }
        long j = pg_dataset_find(ds, r->name);
        ck_assert_int_ge(j, 0);
        const pg_describe_col *c = &d->cols[j];
        pg_ck_rel(c->mean, r->mean, 1e-12);
        pg_ck_rel(c->sd, r->sd, 1e-12);
        pg_ck_rel(c->q1, r->q1, 1e-12);
        pg_ck_rel(c->q3, r->q3, 1e-12);
        pg_ck_rel(c->min, r->min, 0);
        pg_ck_rel(c->max, r->max, 0);
    }
    pg_describe_free(d);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(small_samples)
{
    double m, s;
    pg_describe_mean_sd((double[]){4}, 1, &m, &s);
    ck_assert(m == 4 && isnan(s));                      /* R: sd(4) is NA */
    pg_describe_mean_sd(NULL, 0, &m, &s);
    ck_assert(isnan(m) && isnan(s));
    ck_assert(pg_describe_quantile((double[]){7}, 1, 0.25) == 7);
    ck_assert(isnan(pg_describe_quantile(NULL, 0, 0.5)));
    double x[] = {4, 1, 3, 2};                          /* R: quantile(1:4) 1.75, 3.25 */
    ck_assert(pg_describe_quantile(x, 4, 0.25) == 1.75);
    ck_assert(pg_describe_quantile(x, 4, 0.75) == 3.25);
    ck_assert(pg_describe_quantile(x, 4, 1) == 4);
    ck_assert(pg_describe_quantile(x, 4, 0) == 1);
}
END_TEST

static char *render(const pg_describe *d, pg_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(pg_describe_write(f, d, fmt), PG_OK);
    fclose(f);
    return buf;
}

/* aml: time 29.48 (31.72), 23 (12.5-33.5), 5-161; x Maintained 11 (47.8%) -- every format */
START_TEST(every_format_has_them)
{
    pg_dataset *ds = NULL;
    pg_describe *d = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv(PG_TEST_DATA "/aml.csv", NULL, &ds, &e), PG_OK);
    ck_assert_int_eq(pg_describe_new(ds, &d, &e), PG_OK);
    char *t = render(d, PG_FMT_TEXT), *md = render(d, PG_FMT_MD), *csv = render(d, PG_FMT_CSV),
         *js = render(d, PG_FMT_JSON);
    for (char *s = t; s; s = s == t ? md : NULL) {
        ck_assert_ptr_nonnull(strstr(s, "mean (SD)"));
        ck_assert_ptr_nonnull(strstr(s, "29.48 (31.72)"));
        ck_assert_ptr_nonnull(strstr(s, "23 (12.5\xe2\x80\x93" "33.5)"));
        ck_assert_ptr_nonnull(strstr(s, "5\xe2\x80\x93" "161"));
        ck_assert_ptr_nonnull(strstr(s, "Maintained 11 (47.8%)"));
    }
    ck_assert_ptr_nonnull(strstr(csv, "min,median,max,mean,sd,q1,q3,levels"));
    ck_assert_ptr_nonnull(strstr(csv, "time,numeric,23,0,5,23,161,29.47826086956"));
    ck_assert_ptr_nonnull(strstr(js, "\"sd\": 31.72018222637"));
    ck_assert_ptr_nonnull(strstr(js, "\"q1\": 12.5"));
    ck_assert_ptr_nonnull(strstr(js, "\"percent\": 47.82608695652"));
    free(t);
    free(md);
    free(csv);
    free(js);
    pg_describe_free(d);
    pg_dataset_free(ds);
}
END_TEST

/* Text output is aligned by display width (render.h): code points, combining marks none. */
START_TEST(display_width)
{
    ck_assert_uint_eq(pg_text_width("Tama\xc3\xb1o"), 6);             /* precomposed n-tilde */
    ck_assert_uint_eq(pg_text_width("Tama" "n\xcc\x83" "o"), 6);       /* n + combining tilde */
    ck_assert_uint_eq(pg_text_width("12\xe2\x80\x93" "30"), 5);       /* en dash */
    ck_assert_uint_eq(pg_text_width(""), 0);
    ck_assert_uint_eq(pg_text_width("\xef\xbb\xbf" "a\xe2\x80\x8b" "b"), 2); /* BOM, ZWSP */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pg_fput_padded(f, "Tama\xc3\xb1o", 8, 1);
    fputc('|', f);
    pg_fput_padded(f, "\xc3\xa9", 3, 0);
    fclose(f);
    ck_assert_str_eq(buf, "Tama\xc3\xb1o  |  \xc3\xa9");
    free(buf);
}
END_TEST

static Suite *describe_suite(void)
{
    Suite *s = suite_create("describe");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, numeric_columns_match_r);
    tcase_add_test(tc, every_format_has_them);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_add_test(tc, small_samples);
    tcase_add_test(tc, display_width);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(describe_suite());
}
