/* check_util.c -- error rendering, ordering, R's timefix, array frames and text tables. */
#include <string.h>

#include "frame_impl.h"
#include "pg_test.h"
#include "render.h"

START_TEST(error_str_forms)
{
    char buf[512];
    pg_error e = {0};
    pg_fail_at(&e, PG_EINPUT, "lms.csv", 14, 3, "cannot parse '%s' as a number", "l2.5");
    ck_assert_str_eq(pg_error_str(&e, buf, sizeof buf),
                     "lms.csv:14:3: cannot parse 'l2.5' as a number");
    ck_assert_int_eq(e.code, PG_EINPUT);
    pg_fail_term(&e, PG_EINPUT, "factor(grade2)", 9, "unknown variable 'grade2'");
    ck_assert_str_eq(pg_error_str(&e, buf, sizeof buf), "formula: unknown variable 'grade2'");
    ck_assert_int_eq(e.column, 9);
    pg_fail(&e, PG_ENOEVENTS, "no events");
    ck_assert_str_eq(pg_error_str(&e, buf, sizeof buf), "no events");
}
END_TEST

START_TEST(order_by_time_events_first)
{
    double t[] = {5, 3, 5, 1, 3, 5};
    int s[] = {0, 1, 1, 0, 0, 1};
    size_t key[] = {1, 0, 1, 0, 1, 0};
    size_t idx[6];
    ck_assert_int_eq(pg_order_by_time(6, NULL, t, s, idx), PG_OK);
    size_t want[] = {3, 1, 4, 2, 5, 0};   /* time asc, events before censorings, stable */
    for (int i = 0; i < 6; i++) ck_assert_uint_eq(idx[i], want[i]);
    ck_assert_int_eq(pg_order_by_time(6, key, t, s, idx), PG_OK);
    size_t want2[] = {3, 1, 5, 4, 2, 0};
    for (int i = 0; i < 6; i++) ck_assert_uint_eq(idx[i], want2[i]);
}
END_TEST

START_TEST(order_large_is_sorted)
{
    size_t n = 10007;
    double *t = malloc(n * sizeof *t);
    int *s = malloc(n * sizeof *s);
    size_t *idx = malloc(n * sizeof *idx);
    for (size_t i = 0; i < n; i++) {
        t[i] = (double)((i * 7919) % 101);
        s[i] = (int)(i % 3 == 0);
    }
    ck_assert_int_eq(pg_order_by_time(n, NULL, t, s, idx), PG_OK);
    for (size_t i = 1; i < n; i++) {
        double a = t[idx[i - 1]], b = t[idx[i]];
        ck_assert(a < b || (a == b && s[idx[i - 1]] >= s[idx[i]]));
        if (a == b && s[idx[i - 1]] == s[idx[i]]) ck_assert_uint_lt(idx[i - 1], idx[i]);
    }
    free(t);
    free(s);
    free(idx);
}
END_TEST

/* R: aeqSurv(Surv(c(1, 1 + 1e-10, 2, 2 + 1e-12, 3), rep(1, 5)))[, 1] gives 1 1 2 2 3 */
START_TEST(timefix_merges_rounding_noise)
{
    double t[] = {1 + 1e-10, 1, 2, 2 + 1e-12, 3, 3.001};
    ck_assert_int_eq(pg_frame_timefix(t, 6), PG_OK);
    ck_assert(t[0] == 1 && t[1] == 1);
    ck_assert(t[2] == 2 && t[3] == 2);
    ck_assert(t[4] == 3 && t[5] == 3.001);
}
END_TEST

START_TEST(frame_from_arrays_copies_and_checks)
{
    double time[] = {3, 1, 2};
    int status[] = {1, 0, 1};
    double x[] = {1, 0, 1, 10, 20, 30};
    const char *names[] = {"sex", "age"};
    size_t grp[] = {0, 1, 1};
    const char *gn[] = {"sex=F", "sex=M"};
    pg_frame_spec s = {0};
    s.n = 3;
    s.time = time;
    s.status = status;
    s.p = 2;
    s.x = x;
    s.colnames = names;
    s.n_groups = 2;
    s.group = grp;
    s.group_names = gn;
    pg_frame *fr = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, &e), PG_OK);
    ck_assert_uint_eq(pg_frame_n(fr), 3);
    ck_assert_uint_eq(pg_frame_events(fr), 2);
    ck_assert_str_eq(pg_frame_colname(fr, 1), "age");
    ck_assert(pg_frame_x(fr)[4] == 20);
    ck_assert_str_eq(pg_frame_group_name(fr, 1), "sex=M");
    ck_assert_uint_eq(pg_frame_nstrata(fr), 1);
    ck_assert_str_eq(pg_frame_strata_name(fr, 0), "");
    ck_assert_ptr_null(pg_frame_cluster(fr));
    pg_frame_free(fr);

    status[1] = 2;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, &e), PG_EINPUT);
    ck_assert_ptr_null(fr);
    status[1] = 0;
    time[0] = -1;
    ck_assert_int_eq(pg_frame_from_arrays(&s, &fr, &e), PG_EINPUT);
    ck_assert(strstr(e.msg, "row 1") != NULL);
}
END_TEST

START_TEST(table_text_csv_md)
{
    const char *h[] = {"strata", "n", "median"};
    pg_tab *t = pg_tab_new(3, h);
    ck_assert_ptr_nonnull(t);
    pg_tab_left(t, 0);
    const char *r1[] = {"x=Maintained", "11", "31"};
    const char *r2[] = {"x=Nonmaintained", "12", "23, \"x\""};
    ck_assert_int_eq(pg_tab_row(t, r1), PG_OK);
    ck_assert_int_eq(pg_tab_row(t, r2), PG_OK);
    ck_assert_uint_eq(pg_tab_nrow(t), 2);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pg_tab_write(f, t, PG_FMT_TEXT, 0);
    pg_tab_write(f, t, PG_FMT_CSV, 0);
    pg_tab_write(f, t, PG_FMT_MD, 0);
    fclose(f);
    ck_assert_str_eq(buf,
                     "strata           n  median\n"
                     "x=Maintained    11      31\n"
                     "x=Nonmaintained 12 23, \"x\"\n"
                     "strata,n,median\n"
                     "x=Maintained,11,31\n"
                     "x=Nonmaintained,12,\"23, \"\"x\"\"\"\n"
                     "| strata          |  n |  median |\n"
                     "|:----------------|---:|--------:|\n"
                     "| x=Maintained    | 11 |      31 |\n"
                     "| x=Nonmaintained | 12 | 23, \"x\" |\n");
    free(buf);
    pg_tab_free(t);
}
END_TEST

START_TEST(number_formats)
{
    char b[64];
    ck_assert_str_eq(pg_fmt_num(b, sizeof b, NAN, 4), "NA");
    ck_assert_str_eq(pg_fmt_num(b, sizeof b, 0.123456789, 4), "0.1235");
    ck_assert_str_eq(pg_fmt_num(b, sizeof b, 0.1, 0), "0.10000000000000001");
    ck_assert_str_eq(pg_fmt_p(b, sizeof b, 1e-20, 3), "<2e-16");
    pg_ck_rel(pg_z_two_sided(0.95), 1.959963984540054, 1e-12);   /* R: qnorm(0.975) */
    pg_ck_rel(pg_chisq_p(3.841458820694124, 1), 0.05, 1e-10);     /* R: qchisq(0.95, 1) */
}
END_TEST

static Suite *util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, error_str_forms);
    tcase_add_test(tc, order_by_time_events_first);
    tcase_add_test(tc, order_large_is_sorted);
    tcase_add_test(tc, timefix_merges_rounding_noise);
    tcase_add_test(tc, frame_from_arrays_copies_and_checks);
    tcase_add_test(tc, table_text_csv_md);
    tcase_add_test(tc, number_formats);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(util_suite());
}
