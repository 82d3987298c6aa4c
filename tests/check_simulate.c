/* check_simulate.c -- the synthetic cohort: reproducible, well-formed, calibrated in shape.
 * The calibration against published figures (5-year DSS by depth, metastasis rates, HR
 * recovery) is checked with R by scripts/check_simulation.R; here we test what must hold for
 * every seed. */
#include <string.h>

#include "pg_test.h"

static pg_dataset *draw(unsigned long seed, double scale)
{
    pg_sim_opts o;
    pg_sim_opts_init(&o);
    o.seed = seed;
    o.scale = scale;
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_sim_draw(&o, &ds, &e), PG_OK);
    return ds;
}

static char *as_csv(const pg_dataset *ds)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_write_csv(ds, f, &e), PG_OK);
    fclose(f);
    return buf;
}

START_TEST(same_seed_same_rows)
{
    pg_dataset *a = draw(7, 1), *b = draw(7, 1), *c = draw(8, 1);
    char *sa = as_csv(a), *sb = as_csv(b), *sc = as_csv(c);
    ck_assert_str_eq(sa, sb);
    ck_assert(strcmp(sa, sc) != 0);
    ck_assert_uint_eq(pg_dataset_nrow(a), 480);
    free(sa), free(sb), free(sc);
    pg_dataset_free(a), pg_dataset_free(b), pg_dataset_free(c);
}
END_TEST

static size_t col(const pg_dataset *ds, const char *name)
{
    long j = pg_dataset_find(ds, name);
    ck_assert_msg(j >= 0, "column %s", name);
    return (size_t)j;
}

START_TEST(rows_are_consistent)
{
    pg_dataset *ds = draw(20261121UL, 2);
    size_t n = pg_dataset_nrow(ds);
    ck_assert_uint_eq(n, 960);
    const double *months = pg_dataset_numeric(ds, col(ds, "months"));
    const double *grade = pg_dataset_numeric(ds, col(ds, "grade"));
    const double *met = pg_dataset_numeric(ds, col(ds, "metastasis"));
    const double *met_m = pg_dataset_numeric(ds, col(ds, "met_months"));
    const double *size = pg_dataset_numeric(ds, col(ds, "size_cm"));
    size_t st = col(ds, "status");
    ck_assert_uint_eq(pg_dataset_nlevels(ds, st), 4);   /* AWD DOC DOD NED */
    ck_assert_str_eq(pg_dataset_level(ds, st, 2), "DOD");
    const int32_t *status = pg_dataset_codes(ds, st);
    size_t dod = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert(months[i] > 0);
        ck_assert(grade[i] >= 1 && grade[i] <= 3);
        ck_assert(size[i] >= 0.3);
        if (status[i] == 2) {          /* death from disease always follows a metastasis */
            dod++;
            ck_assert(met[i] == 1 && met_m[i] <= months[i]);
        }
        if (met[i] == 1) ck_assert(met_m[i] <= months[i]);
        else ck_assert(isnan(met_m[i]));
    }
    ck_assert(dod > 20 && dod < 300);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(bad_scale_is_an_error)
{
    pg_sim_opts o;
    pg_sim_opts_init(&o);
    o.scale = 0;
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_sim_draw(&o, &ds, &e), PG_EINPUT);
    ck_assert_ptr_null(ds);
    ck_assert(strstr(e.msg, "scale") != NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("simulate");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, same_seed_same_rows);
    tcase_add_test(tc, rows_are_consistent);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("errors");
    tcase_add_test(te, bad_scale_is_an_error);
    suite_add_tcase(s, te);
    return pg_test_run(s);
}
