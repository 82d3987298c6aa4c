/* check_counting.c -- the library side of building counting-process data: pg_split_data
 * (prognos/split.h) against R's survSplit. Expected rows from
 *   survSplit(Surv(time, status) ~ ., data.frame(time = c(72, 411), status = c(1, 1),
 *             x = c(1, 2)), cut = c(90, 180, 365), episode = "ep")
 * which gives (0,72] ep 1 status 1; (0,90] 0 ep 1, (90,180] 0 ep 2, (180,365] 0 ep 3,
 * (365,411] 1 ep 4. */
#include <math.h>
#include <string.h>

#include "pg_test.h"

static pg_dataset *small(void)
{
    double time[] = {72, 411}, status[] = {1, 1}, x[] = {1, 2};
    pg_dataset *ds = pg_dataset_new();
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "time", time, 2, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "status", status, 2, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "x", x, 2, &e), PG_OK);
    return ds;
}

static const double *col(const pg_dataset *ds, const char *name)
{
    long j = pg_dataset_find(ds, name);
    ck_assert_int_ge(j, 0);
    return pg_dataset_numeric(ds, (size_t)j);
}

START_TEST(split_matches_survsplit)
{
    pg_dataset *ds = small(), *out = NULL;
    pg_split_opts o;
    pg_split_opts_init(&o);
    double cut[] = {365, 90, 180, 90};    /* any order, duplicates ignored */
    o.cut = cut;
    o.n_cut = 4;
    o.episode = "ep";
    pg_error e = {0};
    ck_assert_int_eq(pg_split_data(ds, "Surv(time, status) ~ .", &o, &out, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(out), 5);
    ck_assert_str_eq(pg_dataset_colname(out, 0), "x");
    ck_assert_str_eq(pg_dataset_colname(out, 1), "tstart");
    double s[] = {0, 0, 90, 180, 365}, t[] = {72, 90, 180, 365, 411}, d[] = {1, 0, 0, 0, 1},
           ep[] = {1, 1, 2, 3, 4}, x[] = {1, 2, 2, 2, 2};
    for (size_t i = 0; i < 5; i++) {
        ck_assert(col(out, "tstart")[i] == s[i]);
        ck_assert(col(out, "time")[i] == t[i]);
        ck_assert(col(out, "status")[i] == d[i]);
        ck_assert(col(out, "ep")[i] == ep[i]);
        ck_assert(col(out, "x")[i] == x[i]);
    }
    pg_dataset_free(out);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(split_at_events_and_counting_input)
{
    pg_dataset *ds = small(), *out = NULL, *again = NULL;
    pg_split_opts o;
    pg_split_opts_init(&o);
    o.at_events = 1;     /* cuts at 72 and 411: the second row splits at 72 only */
    pg_error e = {0};
    ck_assert_int_eq(pg_split_data(ds, "Surv(time, status) ~ x", &o, &out, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(out), 3);
    /* splitting (start, stop] rows again at the same times changes nothing */
    ck_assert_int_eq(pg_split_data(out, "Surv(tstart, time, status) ~ .", &o, &again, &e),
                     PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(again), 3);
    ck_assert(col(again, "tstart")[2] == 72);
    pg_dataset_free(again);
    pg_dataset_free(out);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(split_errors)
{
    pg_dataset *ds = small(), *out = NULL;
    pg_split_opts o;
    pg_split_opts_init(&o);
    double cut[] = {100};
    o.cut = cut;
    o.n_cut = 1;
    pg_error e = {0};
    ck_assert_int_eq(pg_split_data(ds, "Surv(time, status, type = \"left\") ~ .", &o, &out, &e),
                     PG_EINPUT);
    ck_assert_ptr_null(out);
    ck_assert(strstr(e.msg, "not valid for left") != NULL);
    ck_assert_int_eq(pg_split_data(ds, "Surv(time, status) ~ nope", &o, &out, &e), PG_EINPUT);
    ck_assert(strstr(e.msg, "unknown column 'nope'") != NULL);
    o.zero = 100;        /* the first row's time 72 is not after it */
    ck_assert_int_eq(pg_split_data(ds, "Surv(time, status) ~ .", &o, &out, &e), PG_EINPUT);
    ck_assert(strstr(e.msg, "time 72 is not after the start of follow-up 100") != NULL);
    o.zero = 0;
    o.start = "x";       /* clashes with a kept column */
    ck_assert_int_eq(pg_split_data(ds, "Surv(time, status) ~ .", &o, &out, &e), PG_EINPUT);
    ck_assert_ptr_null(out);
    pg_dataset_free(ds);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("counting");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, split_matches_survsplit);
    tcase_add_test(tc, split_at_events_and_counting_input);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("errors");
    tcase_add_test(te, split_errors);
    suite_add_tcase(s, te);
    return pg_test_run(s);
}
