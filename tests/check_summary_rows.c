/* tests/check_summary_rows.c -- pg_dataset_summary_rows and pg_dataset_drop_rows
 * (src/data/summary_rows.c): the rows of a spreadsheet export that are totals, not patients;
 * and pg_text_kind_of (src/data/text_kind.c): why a column meant as numbers is text.
 * No R reference: R reads a TOTAL row as data; the expected findings are the files' own. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pg_test.h"

#define SUM(name) PG_TEST_DATA "/summary/" name

static pg_dataset *read_file(const char *path)
{
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv(path, NULL, &ds, &e), PG_OK);
    return ds;
}

static size_t findings(const pg_dataset *ds, pg_summary_row **rows)
{
    size_t n = 99;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_summary_rows(ds, rows, &n, &e), PG_OK);
    return n;
}

START_TEST(total_label_row)
{
    pg_dataset *ds = read_file(SUM("total_es.csv"));
    pg_summary_row *r = NULL;
    ck_assert_uint_eq(findings(ds, &r), 1);
    ck_assert_uint_eq(r[0].row, 4);
    ck_assert_int_eq(r[0].kind, PG_SUMMARY_LABEL);
    ck_assert_str_eq(pg_dataset_colname(ds, r[0].col), "paciente");
    ck_assert_int_eq(pg_dataset_row_line(ds, r[0].row), 6);
    free(r);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(sums_row_without_label)
{
    pg_dataset *ds = read_file(SUM("sums_blank_id.csv"));
    pg_summary_row *r = NULL;
    ck_assert_uint_eq(findings(ds, &r), 1);
    ck_assert_uint_eq(r[0].row, 4);
    ck_assert_int_eq(r[0].kind, PG_SUMMARY_SUMS);
    ck_assert_uint_eq(r[0].n_sums, 2);           /* meses 100.7 = 10.5+20+30+40.2, edad 235 */
    ck_assert_str_eq(pg_dataset_colname(ds, r[0].col), "meses");
    free(r);
    pg_dataset_free(ds);
}
END_TEST

/* Subtotal, "  média  " (accent, blanks) and "Total general:" in one file; dropping them keeps
 * the other rows' lines and removes the levels only they used. */
START_TEST(labels_in_many_spellings_and_drop)
{
    pg_dataset *ds = read_file(SUM("labels_mixed.csv"));
    pg_summary_row *r = NULL;
    ck_assert_uint_eq(findings(ds, &r), 3);
    const size_t want[] = {2, 6, 7};
    size_t rows[3];
    for (size_t k = 0; k < 3; k++) {
        ck_assert_uint_eq(r[k].row, want[k]);
        ck_assert_int_eq(r[k].kind, PG_SUMMARY_LABEL);
        rows[k] = r[k].row;
    }
    free(r);
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_drop_rows(ds, rows, 3, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 5);
    long id = pg_dataset_find(ds, "id");
    ck_assert_uint_eq(pg_dataset_nlevels(ds, (size_t)id), 5);    /* "1".."5": no "Subtotal" */
    ck_assert_int_eq(pg_dataset_row_line(ds, 2), 5);             /* id 3 was on line 5 */
    ck_assert_int_eq(pg_dataset_row_line(ds, 4), 7);
    const double *t = pg_dataset_numeric(ds, (size_t)pg_dataset_find(ds, "time"));
    ck_assert(t[2] == 12 && t[4] == 25);
    ck_assert_uint_eq(findings(ds, &r), 0);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(pg_dataset_drop_rows(ds, (size_t[]){9}, 1, &e), PG_EINPUT);
    pg_dataset_free(ds);
}
END_TEST

/* Zeros under zeros, and small counts that add up by chance inside the data, are data. */
START_TEST(no_false_alarms)
{
    pg_summary_row *r = NULL;
    pg_dataset *ds = read_file(SUM("zeros_are_data.csv"));
    ck_assert_uint_eq(findings(ds, &r), 0);
    pg_dataset_free(ds);
    static const char *const files[] = {
        "aml.csv", "bladder1.csv", "cif_edge.csv", "colon_death.csv", "gehan.csv",
        "lms_profiles.csv", "lung.csv", "melanoma.csv", "meta_bcg.csv", "meta_hackshaw.csv",
        "mgus2.csv", "ovarian.csv", "pbc.csv", "rats.csv", "veteran.csv",
        "reconstruct/lung_digitised.csv", "reconstruct/lung_km_steps.csv",
        "reconstruct/lung_nrisk_0_800.csv", "reconstruct/lung_sex_curve.csv",
        "reconstruct/lung_sex_risk.csv", "reconstruct/small_curve.csv",
        "reconstruct/small_risk.csv", "../../datasets/case_reports.csv",
        "../../datasets/gehan_6mp.csv", "../../datasets/lms_synthetic.csv",
        "../../datasets/melanoma.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", PG_TEST_DATA, files[i]);
        ds = read_file(path);
        size_t n = findings(ds, &r);
        if (n) ck_abort_msg("%s: row %zu taken for a summary row", files[i], r[0].row + 1);
        pg_dataset_free(ds);
    }
}
END_TEST

/* Sums restart at each file of a pooled read; rows built in memory have no lines. */
START_TEST(pooled_and_in_memory)
{
    const char *paths[] = {SUM("total_es.csv"), SUM("sums_blank_id.csv")};
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 2, NULL, &ds, &e), PG_OK);
    pg_summary_row *r = NULL;
    ck_assert_uint_eq(findings(ds, &r), 2);
    ck_assert_uint_eq(r[0].row, 4);
    ck_assert_uint_eq(r[1].row, 9);
    ck_assert_int_eq(r[1].kind, PG_SUMMARY_SUMS);
    size_t rows[] = {r[0].row, r[1].row};
    free(r);
    ck_assert_int_eq(pg_dataset_drop_rows(ds, rows, 2, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 8);
    ck_assert_str_eq(pg_dataset_row_file(ds, 4), SUM("sums_blank_id.csv"));
    ck_assert_int_eq(pg_dataset_row_line(ds, 4), 2);
    pg_dataset_free(ds);

    ds = pg_dataset_new();
    const double x[] = {1, 2, 3, 6}, y[] = {2, 2, 2, 6};
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "x", x, 4, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "y", y, 4, &e), PG_OK);
    ck_assert_uint_eq(findings(ds, &r), 1);
    ck_assert_uint_eq(r[0].row, 3);
    ck_assert_int_eq(pg_dataset_drop_rows(ds, &r[0].row, 1, &e), PG_OK);
    free(r);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 3);
    ck_assert_int_eq(pg_dataset_row_line(ds, 0), 0);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(text_kinds)
{
    static const struct { const char *s; pg_text_kind k; } cases[] = {
        {"12", PG_TEXT_NUMBER}, {"-0.5", PG_TEXT_NUMBER}, {"10,5", PG_TEXT_DECIMAL_COMMA},
        {"-7,25", PG_TEXT_DECIMAL_COMMA}, {"1,250", PG_TEXT_COMMA3},
        {"1234,567", PG_TEXT_DECIMAL_COMMA}, {"12 m", PG_TEXT_UNIT}, {"3,5 meses", PG_TEXT_UNIT},
        {"10mo", PG_TEXT_UNIT}, {"4 años", PG_TEXT_UNIT}, {"2020-01-31", PG_TEXT_DATE},
        {"31/01/2020", PG_TEXT_DATE}, {"31.01.20", PG_TEXT_DATE}, {"1/2", PG_TEXT_OTHER},
        {"DOD", PG_TEXT_OTHER}, {"", PG_TEXT_OTHER}, {"12,", PG_TEXT_OTHER},
        {"12 m 3", PG_TEXT_OTHER}, {",5", PG_TEXT_OTHER}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (pg_text_kind_of(cases[i].s) != cases[i].k)
            ck_abort_msg("'%s': kind %d, want %d", cases[i].s, pg_text_kind_of(cases[i].s),
                         cases[i].k);
    size_t ex = 99;
    const char *dc[] = {"10", "1,250", "7,25"}, *c3[] = {"10", "1,250"}, *mix[] = {"12 m", "1/1/2020"};
    ck_assert_int_eq(pg_text_kind_of_levels(dc, 3, &ex), PG_TEXT_DECIMAL_COMMA);
    ck_assert_uint_eq(ex, 2);
    ck_assert_int_eq(pg_text_kind_of_levels(c3, 2, &ex), PG_TEXT_COMMA3);
    ck_assert_int_eq(pg_text_kind_of_levels(mix, 2, &ex), PG_TEXT_OTHER);
    ck_assert_int_eq(pg_text_kind_of_levels(c3, 1, &ex), PG_TEXT_NUMBER);
    ck_assert_int_eq(pg_text_kind_of_levels(NULL, 0, &ex), PG_TEXT_OTHER);
}
END_TEST

/* pg_dataset_summary_rows_check on ds equals pg_dataset_summary_rows_doubt plus
 * pg_dataset_summary_rows. */
static void same_as_two_calls(const pg_dataset *ds)
{
    pg_summary_row *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    int da = -1, db = -1;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_summary_rows(ds, &a, &na, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_summary_rows_doubt(ds, &da, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_summary_rows_check(ds, &db, &b, &nb, &e), PG_OK);
    ck_assert_int_eq(da, db);
    ck_assert_uint_eq(na, nb);
    for (size_t k = 0; k < na; k++) {
        ck_assert_uint_eq(a[k].row, b[k].row);
        ck_assert_int_eq(a[k].kind, b[k].kind);
        ck_assert_uint_eq(a[k].col, b[k].col);
        ck_assert_uint_eq(a[k].n_sums, b[k].n_sums);
    }
    free(a);
    free(b);
}

/* ... on every file of tests/data/summary (labels, sums, zeros under zeros), pooled, and on
 * in-memory columns whose findings differ between one and two sum columns: an inner row that
 * sums one column (found by the one-column check only, then dropped as inner), a last row
 * summing one column (doubt, nothing found) and two (found by both), and none at all. */
START_TEST(check_is_doubt_and_rows)
{
    static const char *const files[] = {"labels_mixed.csv", "meta_overall.csv",
                                         "sums_blank_id.csv", "total_es.csv",
                                         "zeros_are_data.csv"};
    pg_error e = {0};
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char path[512];
        snprintf(path, sizeof path, "%s/summary/%s", PG_TEST_DATA, files[f]);
        pg_dataset *ds = read_file(path);
        same_as_two_calls(ds);
        pg_dataset_free(ds);
    }
    const char *paths[] = {SUM("total_es.csv"), SUM("sums_blank_id.csv")};
    pg_dataset *ds = NULL;
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 2, NULL, &ds, &e), PG_OK);
    same_as_two_calls(ds);
    pg_dataset_free(ds);
    static const double x[][8] = {{1, 2, 3, 6, 5, 7, 8, 9},     /* row 3 sums x only */
                                  {2, 2, 2, 7, 1, 4, 4, 4},
                                  {1, 2, 3, 4, 5, 6, 7, 28},    /* last row sums x only */
                                  {4, 1, 1, 1, 1, 1, 1, 3},
                                  {1, 2, 3, 4, 5, 6, 7, 28},    /* last row sums both */
                                  {4, 1, 1, 1, 1, 1, 1, 10},
                                  {1, 2, 3, 4, 5, 6, 7, 8},     /* none */
                                  {8, 7, 6, 5, 4, 3, 2, 1}};
    for (size_t k = 0; k < 8; k += 2) {
        ds = pg_dataset_new();
        ck_assert_int_eq(pg_dataset_add_numeric(ds, "x", x[k], 8, &e), PG_OK);
        ck_assert_int_eq(pg_dataset_add_numeric(ds, "y", x[k + 1], 8, &e), PG_OK);
        same_as_two_calls(ds);
        pg_dataset_free(ds);
    }
}
END_TEST

static Suite *summary_suite(void)
{
    Suite *s = suite_create("summary_rows");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, total_label_row);
    tcase_add_test(tc, sums_row_without_label);
    tcase_add_test(tc, labels_in_many_spellings_and_drop);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, no_false_alarms);
    tcase_add_test(tc, pooled_and_in_memory);
    tcase_add_test(tc, check_is_doubt_and_rows);
    suite_add_tcase(s, tc);
    tc = tcase_create("text");
    tcase_add_test(tc, text_kinds);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(summary_suite());
}
