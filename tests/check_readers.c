/* check_readers.c -- the readers of other formats (rows.c, source.c, xlsx.c, stat.c) through the
 * public door: every file R wrote from a bundled CSV (scripts/fixtures/readers.R) reads to the
 * CSV's dataset cell by cell; value labels in haven::as_factor's order; variable labels; notes;
 * the ISO date arithmetic; content sniffing; located errors. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pg_test.h"
#include "rows.h"

#define DATA PG_TEST_DATA
#define RD(name) PG_TEST_DATA "/readers/" name

static pg_dataset *read_ok(const char *path, const pg_csv_opts *o)
{
    pg_dataset *ds = NULL;
    pg_error e = {0};
    int rc = pg_dataset_read(&path, 1, o, &ds, &e);
    char buf[600];
    ck_assert_msg(rc == PG_OK, "%s: %s", path, pg_error_str(&e, buf, sizeof buf));
    return ds;
}

/* a and b hold the same columns, types, levels and cells (numbers bit for bit). */
static void same_dataset(const pg_dataset *a, const pg_dataset *b, const char *what)
{
    ck_assert_msg(pg_dataset_nrow(a) == pg_dataset_nrow(b), "%s: rows", what);
    ck_assert_msg(pg_dataset_ncol(a) == pg_dataset_ncol(b), "%s: columns", what);
    for (size_t j = 0; j < pg_dataset_ncol(a); j++) {
        ck_assert_str_eq(pg_dataset_colname(a, j), pg_dataset_colname(b, j));
        ck_assert_msg(pg_dataset_coltype(a, j) == pg_dataset_coltype(b, j), "%s: type of %s",
                      what, pg_dataset_colname(a, j));
        if (pg_dataset_coltype(a, j) == PG_COL_NUMERIC) {
            const double *x = pg_dataset_numeric(a, j), *y = pg_dataset_numeric(b, j);
            for (size_t i = 0; i < pg_dataset_nrow(a); i++)
                ck_assert_msg((isnan(x[i]) && isnan(y[i])) || x[i] == y[i],
                              "%s: %s row %zu: %.17g vs %.17g", what, pg_dataset_colname(a, j),
                              i, x[i], y[i]);
        } else {
            ck_assert_uint_eq(pg_dataset_nlevels(a, j), pg_dataset_nlevels(b, j));
            for (size_t k = 0; k < pg_dataset_nlevels(a, j); k++)
                ck_assert_str_eq(pg_dataset_level(a, j, k), pg_dataset_level(b, j, k));
            const int32_t *x = pg_dataset_codes(a, j), *y = pg_dataset_codes(b, j);
            for (size_t i = 0; i < pg_dataset_nrow(a); i++) ck_assert_int_eq(x[i], y[i]);
        }
    }
}

START_TEST(every_format_reads_to_its_csv)
{
    static const char *const stems[] = {"melanoma", "lms_synthetic"};
    static const char *const exts[] = {"sav", "zsav", "dta", "xlsx"};
    for (size_t s = 0; s < 2; s++) {
        char csv[512], path[512];
        snprintf(csv, sizeof csv, "%s/../../datasets/%s.csv", DATA, stems[s]);
        pg_dataset *want = read_ok(csv, NULL);
        for (size_t e = 0; e < 4; e++) {
            snprintf(path, sizeof path, "%s/readers/%s.%s", DATA, stems[s], exts[e]);
            pg_dataset *got = read_ok(path, NULL);
            same_dataset(want, got, path);
            ck_assert_uint_eq(pg_dataset_nnotes(got), 0);
            pg_dataset_free(got);
        }
        pg_dataset_free(want);
    }
}
END_TEST

START_TEST(value_labels_user_missing_and_labels)
{
    /* R: levels(as_factor(read_sav("labelled.sav"))$grade) is low, intermediate, high, unknown;
     * no row is "unknown", so it is not a level here */
    const char *files[] = {RD("labelled.sav"), RD("labelled.dta")};
    for (size_t f = 0; f < 2; f++) {
        pg_dataset *ds = read_ok(files[f], NULL);
        long g = pg_dataset_find(ds, "grade"), t = pg_dataset_find(ds, "thickness");
        ck_assert_int_ge(g, 0);
        ck_assert_uint_eq(pg_dataset_nlevels(ds, (size_t)g), 3);
        ck_assert_str_eq(pg_dataset_level(ds, (size_t)g, 0), "low");
        ck_assert_str_eq(pg_dataset_level(ds, (size_t)g, 1), "intermediate");
        ck_assert_str_eq(pg_dataset_level(ds, (size_t)g, 2), "high");
        ck_assert_str_eq(pg_dataset_col_label(ds, (size_t)g), "Histological grade");
        ck_assert_ptr_null(pg_dataset_col_label(ds, 0));
        ck_assert_int_eq(pg_dataset_coltype(ds, (size_t)t), PG_COL_NUMERIC);
        size_t miss = 0;
        for (size_t i = 0; i < pg_dataset_nrow(ds); i++) miss += pg_dataset_is_missing(ds, (size_t)t, i);
        ck_assert_uint_eq(miss, 3);                    /* 999 (SPSS) or .a (Stata) */
        ck_assert_int_eq(pg_dataset_row_line(ds, 4), 5);     /* case numbers */
        pg_dataset_free(ds);
    }
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    o.codes = 1;
    pg_dataset *ds = read_ok(RD("labelled.sav"), &o);
    long g = pg_dataset_find(ds, "grade");
    ck_assert_int_eq(pg_dataset_coltype(ds, (size_t)g), PG_COL_NUMERIC);
    ck_assert_double_eq(pg_dataset_numeric(ds, (size_t)g)[0], 1);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(encodings_give_the_utf8_dataset)
{
    pg_dataset *want = read_ok(RD("clinic.csv"), NULL);
    pg_dataset *a = read_ok(RD("clinic_cp1252.csv"), NULL);
    pg_dataset *b = read_ok(RD("clinic_utf16.csv"), NULL);
    same_dataset(want, a, "Windows-1252");
    same_dataset(want, b, "UTF-16");
    ck_assert_uint_eq(pg_dataset_nnotes(a), 1);
    ck_assert_ptr_nonnull(strstr(pg_dataset_note(a, 0), "read as Windows-1252"));
    ck_assert_uint_eq(pg_dataset_nnotes(b), 0);
    ck_assert_ptr_null(pg_dataset_note(b, 0));
    ck_assert_str_eq(pg_dataset_colname(a, 3), "\xc3\xba" "lcera");
    pg_dataset_free(want);
    pg_dataset_free(a);
    pg_dataset_free(b);
}
END_TEST

START_TEST(iso_dates)
{
    char buf[32];
    ck_assert_int_eq(pg_rows_iso_date(0, buf), 0);
    ck_assert_str_eq(buf, "1970-01-01");
    ck_assert_int_eq(pg_rows_iso_date(-1, buf), 0);
    ck_assert_str_eq(buf, "1969-12-31");
    ck_assert_int_eq(pg_rows_iso_date(11016, buf), 0);        /* as.numeric(as.Date("2000-02-29")) */
    ck_assert_str_eq(buf, "2000-02-29");
    ck_assert_int_eq(pg_rows_iso_date(-141428, buf), 0);      /* SPSS's day 0 */
    ck_assert_str_eq(buf, "1582-10-14");
    ck_assert_int_eq(pg_rows_iso_date(-3653.5, buf), 0);      /* floor: the day before */
    ck_assert_str_eq(buf, "1959-12-31");
    ck_assert_int_eq(pg_rows_iso_datetime(1552559400, buf), 0);
    ck_assert_str_eq(buf, "2019-03-14T10:30:00");
    ck_assert_int_eq(pg_rows_iso_datetime(-1, buf), 0);
    ck_assert_str_eq(buf, "1969-12-31T23:59:59");
    ck_assert_int_eq(pg_rows_iso_date(NAN, buf), -1);
    ck_assert_int_eq(pg_rows_iso_date(3e9, buf), -1);
    char l[8];
    ck_assert_str_eq(pg_rows_col_letters(0, l), "A");
    ck_assert_str_eq(pg_rows_col_letters(25, l), "Z");
    ck_assert_str_eq(pg_rows_col_letters(26, l), "AA");
    ck_assert_str_eq(pg_rows_col_letters(16383, l), "XFD");
}
END_TEST

START_TEST(content_sniffing)
{
    ck_assert_int_eq(pg_rows_sniff((const unsigned char *)"PK\x03\x04xx", 6), PG_KIND_ZIP);
    ck_assert_int_eq(pg_rows_sniff((const unsigned char *)"$FL2@(#)", 8), PG_KIND_SAV);
    ck_assert_int_eq(pg_rows_sniff((const unsigned char *)"$FL3@(#)", 8), PG_KIND_SAV);
    ck_assert_int_eq(pg_rows_sniff((const unsigned char *)"<stata_dta><header>", 19),
                     PG_KIND_DTA);
    ck_assert_int_eq(pg_rows_sniff((const unsigned char *)"\x72\x02\x01\x00", 4), PG_KIND_DTA);
    ck_assert_int_eq(pg_rows_sniff((const unsigned char *)"\xff\xfet\0", 4), PG_KIND_UTF16);
    ck_assert_int_eq(pg_rows_sniff((const unsigned char *)"id,months\n", 10), PG_KIND_TEXT);
    ck_assert_int_eq(pg_rows_sniff((const unsigned char *)"", 0), PG_KIND_TEXT);
}
END_TEST

typedef struct bad_reader {
    const char *path, *sheet, *format;
    const char *where;       /* err.file */
    const char *msg;
} bad_reader;

static const bad_reader bad_readers[] = {
    {RD("ragged.xlsx"), NULL, NULL, RD("ragged.xlsx") ":Sheet1!H14",
     "a value right of the header's last column (G): every column needs a name in the first "
     "row"},
    {RD("merged_header.xlsx"), NULL, NULL, RD("merged_header.xlsx") ":Sheet1!B1",
     "merged cells B1:C1: give every cell its own value (unmerge them), and every column its "
     "own name"},
    {RD("cells.xlsx"), "9", NULL, RD("cells.xlsx"),
     "no sheet '9'; the sheets are 'Notes', 'Cases' (or a number, 1 to 2)"},
    {RD("melanoma.dta"), NULL, "sav", RD("melanoma.dta"),
     "given as sav, but its content is a Stata data file"},
    {RD("clinic.csv"), NULL, "xlsx", RD("clinic.csv"), "given as xlsx, but its content is text"},
};

START_TEST(located_errors)
{
    const bad_reader *b = &bad_readers[_i];
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    o.sheet = b->sheet;
    o.format = b->format;
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read(&b->path, 1, &o, &ds, &e), PG_EINPUT);
    ck_assert_ptr_null(ds);
    ck_assert_str_eq(e.file, b->where);
    ck_assert_str_eq(e.msg, b->msg);
}
END_TEST

START_TEST(typed_doors)
{
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_xlsx(RD("melanoma.xlsx"), NULL, &ds, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 205);
    pg_dataset_free(ds);
    ck_assert_int_eq(pg_dataset_read_stat(RD("melanoma.xpt"), NULL, &ds, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 205);
    pg_dataset_free(ds);
    ck_assert_int_eq(pg_dataset_read_stat(RD("melanoma.xlsx"), NULL, &ds, &e), PG_EINPUT);
    ck_assert_ptr_null(ds);
    ck_assert_str_eq(e.msg, "not an SPSS, Stata or SAS file: its content is a zip archive");
    ck_assert_int_eq(pg_dataset_read_xlsx(RD("melanoma.sav"), NULL, &ds, &e), PG_EINPUT);
    ck_assert_int_eq(pg_dataset_read_stat(RD("no_such.sav"), NULL, &ds, &e), PG_EIO);
}
END_TEST

static Suite *readers_suite(void)
{
    Suite *s = suite_create("readers");
    TCase *tc = tcase_create("formats");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_format_reads_to_its_csv);
    tcase_add_test(tc, value_labels_user_missing_and_labels);
    tcase_add_test(tc, encodings_give_the_utf8_dataset);
    tcase_add_test(tc, iso_dates);
    tcase_add_test(tc, content_sniffing);
    tcase_add_loop_test(tc, located_errors, 0, (int)(sizeof bad_readers / sizeof bad_readers[0]));
    tcase_add_test(tc, typed_doors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(readers_suite());
}
