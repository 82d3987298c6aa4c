/* check_dates.c -- dates (prognos/date.h, PG_COL_DATE): the calendar (leap years, 1900 and 2100
 * not leap, dates before 1970, the whole range 0001-9999) against R's as.Date day counts; ISO and
 * strptime-like parsing, what is no date and what is no valid day; how the CSV reader types
 * date columns (ISO, day-first/month-first detected, ambiguous and invalid dates as located
 * errors, plain numbers untouched); and date arithmetic in formulas giving R's km and cox
 * numbers for follow-up kept as two dates (tests/fixtures/dates_r.h, scripts/fixtures/dates.R). */
#include <string.h>
#include <unistd.h>

#include "expr.h"
#include "fixtures/dates_r.h"
#include "pg_test.h"

#define DATES_CSV PG_TEST_DATA "/dates.csv"

static pg_date_status parse(const char *s, const char *fmt, double *days)
{
    return pg_date_parse(s, strlen(s), fmt, days);
}

/* R: as.numeric(as.Date(dates_corner_text)), and back with format(). */
START_TEST(corner_dates_like_r)
{
    size_t n = sizeof dates_corner_days / sizeof dates_corner_days[0];
    for (size_t k = 0; k < n; k++) {
        double d = NAN;
        char buf[40];
        ck_assert_int_eq(parse(dates_corner_text[k], NULL, &d), PG_DATE_OK);
        ck_assert_msg(d == dates_corner_days[k], "%s: %g, R %g", dates_corner_text[k], d,
                      dates_corner_days[k]);
        ck_assert_str_eq(pg_date_format(buf, sizeof buf, d), dates_corner_text[k]);
    }
}
END_TEST

START_TEST(leap_years)
{
    ck_assert(pg_date_is_leap(2000));
    ck_assert(pg_date_is_leap(2024));
    ck_assert(pg_date_is_leap(1600));
    ck_assert(!pg_date_is_leap(1900));
    ck_assert(!pg_date_is_leap(2100));
    ck_assert(!pg_date_is_leap(2023));
    ck_assert_int_eq(pg_date_month_days(1900, 2), 28);
    ck_assert_int_eq(pg_date_month_days(2000, 2), 29);
    ck_assert_int_eq(pg_date_month_days(2100, 2), 28);
    ck_assert_int_eq(pg_date_month_days(2019, 4), 30);
    ck_assert_int_eq(pg_date_month_days(2019, 13), 0);
    double d;
    ck_assert_int_eq(parse("1900-02-29", NULL, &d), PG_DATE_INVALID);
    ck_assert_int_eq(parse("2100-02-29", NULL, &d), PG_DATE_INVALID);
    ck_assert_int_eq(parse("2000-02-29", NULL, &d), PG_DATE_OK);
    ck_assert_int_eq(parse("2019-02-29", NULL, &d), PG_DATE_INVALID);
}
END_TEST

/* Every day of 0001-01-01 .. 9999-12-31 is the day after the one before it, and its
 * year-month-day converts back to the same count. */
START_TEST(whole_range_round_trip)
{
    double first = pg_date_from_ymd(1, 1, 1), last = pg_date_from_ymd(9999, 12, 31);
    ck_assert(first == -719162 && last == 2932896);   /* R: as.numeric(as.Date(...)) */
    long py = 0;
    int pm = 12, pd = 31;
    double bad = NAN;      /* the first day that is wrong (Check's asserts are slow in a loop) */
    for (double z = first; z <= last && isnan(bad); z++) {
        long y;
        int m, d;
        pg_date_to_ymd(z, &y, &m, &d);
        int next = (d == pd + 1 && m == pm && y == py) ||
                   (d == 1 && pd == pg_date_month_days(py, pm) &&
                    ((m == pm + 1 && y == py) || (m == 1 && pm == 12 && y == py + 1)));
        if (!next || pg_date_from_ymd(y, m, d) != z) bad = z;
        py = y;
        pm = m;
        pd = d;
    }
    ck_assert_msg(isnan(bad), "day %g is wrong", bad);
    long y;
    int m, d;
    pg_date_to_ymd(-0.25, &y, &m, &d);                /* 1969-12-31 18:00 */
    ck_assert(y == 1969 && m == 12 && d == 31);
}
END_TEST

START_TEST(iso_forms)
{
    double d;
    ck_assert_int_eq(parse("2019-03-14", NULL, &d), PG_DATE_OK);
    ck_assert(d == 17969);                                     /* R: as.Date("2019-03-14") */
    ck_assert_int_eq(parse(" 2019-3-4 ", NULL, &d), PG_DATE_OK);
    ck_assert(d == 17959);                                     /* R: as.Date("2019-3-4") */
    ck_assert_int_eq(parse("2019-03-14T10:30:00", NULL, &d), PG_DATE_OK);
    ck_assert(d == 17969.4375);   /* R: as.numeric(as.POSIXct("2019-03-14 10:30", "UTC")) / 86400 */
    ck_assert_int_eq(parse("2019-03-14 10:30", NULL, &d), PG_DATE_OK);
    ck_assert(d == 17969.4375);
    ck_assert_int_eq(parse("2019-03-14T10:30:00Z", NULL, &d), PG_DATE_OK);
    ck_assert_int_eq(parse("2019-03-14T06:00:00.5", NULL, &d), PG_DATE_OK);
    pg_ck_rel(d, 17969.25 + 0.5 / 86400, 1e-15);
    char buf[40];
    ck_assert_str_eq(pg_date_format(buf, sizeof buf, 17969.4375), "2019-03-14 10:30:00");
    ck_assert_str_eq(pg_date_format(buf, sizeof buf, NAN), "NA");
    ck_assert_int_eq(parse("2019-13-01", NULL, &d), PG_DATE_INVALID);
    ck_assert_int_eq(parse("2019-04-31", NULL, &d), PG_DATE_INVALID);
    ck_assert_int_eq(parse("2019-00-10", NULL, &d), PG_DATE_INVALID);
    ck_assert_int_eq(parse("2019-03-14T24:00:00", NULL, &d), PG_DATE_INVALID);
    ck_assert_int_eq(parse("2019-03-14T10:61", NULL, &d), PG_DATE_INVALID);
    const char *no[] = {"20190314", "2019/03/14", "19-03-14", "2019-03-14x", "2019-03",
                        "2019-003-14", "abc", "", "2019-03-14T10", "2019-03-14T10:30+02:00",
                        "12345-01-01", "2019-03-14 10:30 x"};
    for (size_t k = 0; k < sizeof no / sizeof no[0]; k++)
        ck_assert_msg(parse(no[k], NULL, &d) == PG_DATE_NOMATCH, "'%s' read as a date", no[k]);
}
END_TEST

/* R: as.Date("14/03/2019", "%d/%m/%Y") and so on; %y as R's strptime (00-68 are 20xx). */
START_TEST(formats)
{
    double d;
    ck_assert_int_eq(parse("14/03/2019", "%d/%m/%Y", &d), PG_DATE_OK);
    ck_assert(d == 17969);
    ck_assert_int_eq(parse("03/14/2019", "%m/%d/%Y", &d), PG_DATE_OK);
    ck_assert(d == 17969);
    ck_assert_int_eq(parse("14.3.2019", "%d.%m.%Y", &d), PG_DATE_OK);
    ck_assert(d == 17969);
    ck_assert_int_eq(parse("14-Mar-2019", "%d-%b-%Y", &d), PG_DATE_OK);
    ck_assert(d == 17969);
    ck_assert_int_eq(parse("14 MARCH 2019", "%d %b %Y", &d), PG_DATE_OK);
    ck_assert(d == 17969);
    ck_assert_int_eq(parse("14/03/19", "%d/%m/%y", &d), PG_DATE_OK);
    ck_assert(d == 17969);
    ck_assert_int_eq(parse("01/01/68", "%d/%m/%y", &d), PG_DATE_OK);
    ck_assert(d == 35794);                           /* R: as.Date("01/01/68", "%d/%m/%y") */
    ck_assert_int_eq(parse("01/01/69", "%d/%m/%y", &d), PG_DATE_OK);
    ck_assert(d == -365);                            /* 1969-01-01 */
    ck_assert_int_eq(parse("20190314", "%Y%m%d", &d), PG_DATE_OK);
    ck_assert(d == 17969);
    ck_assert_int_eq(parse("31/02/2019", "%d/%m/%Y", &d), PG_DATE_INVALID);
    ck_assert_int_eq(parse("14/03/19", "%d/%m/%Y", &d), PG_DATE_NOMATCH);   /* no 4-digit year */
    ck_assert_int_eq(parse("14-Foo-2019", "%d-%b-%Y", &d), PG_DATE_NOMATCH);
    ck_assert_int_eq(parse("2019-03-14", "%d/%m/%Y", &d), PG_DATE_NOMATCH);
    pg_error e = {0};
    ck_assert_int_eq(pg_date_check_format("%d/%m/%Y", &e), PG_OK);
    ck_assert_int_eq(pg_date_check_format("%d-%b-%y", &e), PG_OK);
    ck_assert_int_eq(pg_date_check_format("%d/%H/%Y", &e), PG_EINPUT);
    ck_assert_msg(strstr(e.msg, "'%H'") != NULL, "%s", e.msg);
    ck_assert_int_eq(pg_date_check_format("%d/%m", &e), PG_EINPUT);
    ck_assert_int_eq(pg_date_check_format("%d/%m/%Y/%Y", &e), PG_EINPUT);
    ck_assert_int_eq(pg_date_check_format("", &e), PG_EINPUT);
    ck_assert_int_eq(pg_date_check_format("%d/%m/%Y%", &e), PG_EINPUT);
}
END_TEST

/* A CSV file with the given text, in a temporary directory; returns its path (static). */
static const char *write_csv(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/pg_dates_%ld_%s", P_tmpdir, (long)getpid(), name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static int read_text(const char *text, const char *fmt, pg_dataset **ds, pg_error *e)
{
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    o.date_format = fmt;
    const char *path = write_csv("t.csv", text);
    int rc = pg_dataset_read_csv(path, &o, ds, e);
    unlink(path);
    return rc;
}

START_TEST(reader_types)
{
    pg_error e = {0};
    pg_dataset *ds = NULL;
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    ck_assert_int_eq(pg_dataset_read_csv(DATES_CSV, &o, &ds, &e), PG_OK);
    const char *want[] = {"id", "diagnosis", "last_contact", "diagnosis_dmy", "status", "sex",
                          "months"};
    const pg_coltype type[] = {PG_COL_NUMERIC, PG_COL_DATE, PG_COL_DATE, PG_COL_DATE,
                               PG_COL_NUMERIC, PG_COL_NUMERIC, PG_COL_NUMERIC};
    for (size_t j = 0; j < 7; j++) {
        ck_assert_str_eq(pg_dataset_colname(ds, j), want[j]);
        ck_assert_int_eq(pg_dataset_coltype(ds, j), type[j]);
    }
    const double *dx = pg_dataset_dates(ds, 1), *dmy = pg_dataset_dates(ds, 3);
    ck_assert_ptr_null(pg_dataset_numeric(ds, 1));
    ck_assert_ptr_null(pg_dataset_codes(ds, 1));
    ck_assert_ptr_null(pg_dataset_dates(ds, 0));
    size_t miss = 0;
    for (size_t i = 0; i < pg_dataset_nrow(ds); i++) {
        miss += pg_dataset_is_missing(ds, 1, i);
        ck_assert(dx[i] == dmy[i] || (isnan(dx[i]) && isnan(dmy[i])));  /* same day, read day-first */
    }
    ck_assert_uint_eq(miss, 2);
    ck_assert(dx[0] == pg_date_from_ymd(2006, 4, 6));     /* the file's first row */
    /* written back: ISO text that reads as the same dates */
    char path[256];
    snprintf(path, sizeof path, "%s/pg_dates_%ld_back.csv", P_tmpdir, (long)getpid());
    FILE *f = fopen(path, "w");
    ck_assert_int_eq(pg_dataset_write_csv(ds, f, &e), PG_OK);
    fclose(f);
    pg_dataset *back = NULL;
    ck_assert_int_eq(pg_dataset_read_csv(path, &o, &back, &e), PG_OK);
    unlink(path);
    ck_assert_int_eq(pg_dataset_coltype(back, 3), PG_COL_DATE);
    for (size_t i = 0; i < pg_dataset_nrow(ds); i++)
        pg_ck_abs(pg_dataset_dates(back, 3)[i], dmy[i], 0);
    pg_dataset_free(back);
    pg_dataset_free(ds);
}
END_TEST

START_TEST(reader_rules)
{
    pg_error e = {0};
    pg_dataset *ds = NULL;
    /* plain numbers, text that is partly dates, and --categorical stay as they were */
    ck_assert_int_eq(read_text("a,b,c\n1,2019-01-01,2019\n2,unknown,2020\n", NULL, &ds, &e),
                     PG_OK);
    ck_assert_int_eq(pg_dataset_coltype(ds, 1), PG_COL_CATEGORICAL);
    ck_assert_int_eq(pg_dataset_coltype(ds, 2), PG_COL_NUMERIC);
    pg_dataset_free(ds);
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    const char *cat[] = {"d"};
    o.categorical = cat;
    o.n_categorical = 1;
    const char *path = write_csv("c.csv", "d\n2019-01-01\n2019-01-02\n");
    ck_assert_int_eq(pg_dataset_read_csv(path, &o, &ds, &e), PG_OK);
    unlink(path);
    ck_assert_int_eq(pg_dataset_coltype(ds, 0), PG_COL_CATEGORICAL);
    pg_dataset_free(ds);
    /* day-first, month-first: a part over 12 decides */
    ck_assert_int_eq(read_text("d,m\n13/01/2019,01/13/2019\n02/03/2019,03/02/2019\n", NULL, &ds,
                               &e), PG_OK);
    ck_assert(pg_dataset_dates(ds, 0)[1] == pg_date_from_ymd(2019, 3, 2));
    ck_assert(pg_dataset_dates(ds, 1)[1] == pg_date_from_ymd(2019, 3, 2));
    pg_dataset_free(ds);
    /* both readings possible everywhere: an error at the first value, asking for the format */
    ck_assert_int_eq(read_text("id,d\n1,NA\n2,03/04/2019\n3,01/02/2019\n", NULL, &ds, &e),
                     PG_EINPUT);
    ck_assert_ptr_null(ds);
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 2);
    ck_assert_msg(strstr(e.msg, "'03/04/2019' in column 'd'") && strstr(e.msg, "--date-format"),
                  "%s", e.msg);
    ck_assert_int_eq(read_text("id,d\n1,NA\n2,03/04/2019\n", "%m/%d/%Y", &ds, &e), PG_OK);
    ck_assert(pg_dataset_dates(ds, 1)[1] == pg_date_from_ymd(2019, 3, 4));
    pg_dataset_free(ds);
    /* day-first somewhere, month-first elsewhere */
    ck_assert_int_eq(read_text("d\n13/01/2019\n01/13/2019\n", NULL, &ds, &e), PG_EINPUT);
    ck_assert_int_eq(e.line, 3);
    /* no such day: located */
    ck_assert_int_eq(read_text("id,d\n1,2019-02-28\n2,2019-02-30\n", NULL, &ds, &e), PG_EINPUT);
    ck_assert_int_eq(e.line, 3);
    ck_assert_int_eq(e.column, 2);
    ck_assert_msg(strstr(e.msg, "February 2019 has 28 days") != NULL, "%s", e.msg);
    ck_assert_int_eq(read_text("d\n31/01/2019\n31/04/2019\n", NULL, &ds, &e), PG_EINPUT);
    ck_assert_msg(strstr(e.msg, "April 2019 has 30 days") != NULL, "%s", e.msg);
    ck_assert_int_eq(read_text("d\n31/02/2019\n", "%d/%m/%Y", &ds, &e), PG_EINPUT);
    ck_assert_int_eq(read_text("d\n1/1/2019\n", "%d/%q/%Y", &ds, &e), PG_EINPUT);
    /* month names with a format; ISO still read alongside it */
    ck_assert_int_eq(read_text("d,i\n14-Mar-2019,2019-03-14\n", "%d-%b-%Y", &ds, &e), PG_OK);
    ck_assert(pg_dataset_dates(ds, 0)[0] == 17969 && pg_dataset_dates(ds, 1)[0] == 17969);
    pg_dataset_free(ds);
}
END_TEST

/* Pooled files: a column of dates in one file and all missing in the other is a date column;
 * an invalid date in the second file is located there. */
START_TEST(reader_pooled)
{
    char a[256], b[256];
    snprintf(a, sizeof a, "%s", write_csv("a.csv", "x,d\n1,2019-01-01\n"));
    snprintf(b, sizeof b, "%s", write_csv("b.csv", "d,x\nNA,2\n"));
    const char *paths[] = {a, b};
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 2, NULL, &ds, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_coltype(ds, 1), PG_COL_DATE);
    ck_assert(isnan(pg_dataset_dates(ds, 1)[1]));
    pg_dataset_free(ds);
    snprintf(b, sizeof b, "%s", write_csv("b.csv", "d,x\n2019-04-31,2\n"));
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 2, NULL, &ds, &e), PG_EINPUT);
    ck_assert_msg(strstr(e.file, "b.csv") != NULL, "%s", e.file);
    ck_assert_int_eq(e.line, 2);
    ck_assert_int_eq(e.column, 1);
    unlink(a);
    unlink(b);
}
END_TEST

static pg_frame *frame(const pg_dataset *ds, const char *formula, const char *where,
                       pg_error *e)
{
    pg_frame_opts fo;
    pg_frame_opts_init(&fo);
    fo.where = where;
    pg_frame *fr = NULL;
    pg_frame_new(ds, formula, &fo, &fr, e);
    return fr;
}

/* R: see dates_r.h: the follow-up in months from two dates gives survfit's and coxph's
 * numbers, with and without a date condition. */
START_TEST(models_like_r)
{
    pg_error e = {0};
    pg_dataset *ds = NULL;
    ck_assert_int_eq(pg_dataset_read_csv(DATES_CSV, NULL, &ds, &e), PG_OK);
    const char *f = "Surv((last_contact - diagnosis) / 30.4375, status) ~ sex";
    pg_frame *fr = frame(ds, f, NULL, &e);
    ck_assert_msg(fr != NULL, "%s", e.msg);
    pg_cox *cx = NULL;
    ck_assert_int_eq(pg_cox_fit(fr, NULL, &cx, &e), PG_OK);
    pg_ck_rel(cx->coef[0], dates_cox_coef, 1e-9);
    pg_ck_rel(cx->std_err[0], dates_cox_se, 1e-9);
    ck_assert_uint_eq(pg_frame_n(fr), (size_t)dates_cox_n);
    pg_km *km = NULL;
    ck_assert_int_eq(pg_km_fit(fr, NULL, &km, &e), PG_OK);
    ck_assert_uint_eq(km->n_strata, 2);
    for (size_t s = 0; s < 2; s++) {
        pg_ck_rel(km->median[s].estimate, dates_km_median[s], 1e-12);
        ck_assert_uint_eq(km->strata_n[s], (size_t)dates_km_n[s]);
    }
    pg_km_free(km);
    pg_cox_free(cx);
    pg_frame_free(fr);
    const char *wh[] = {"diagnosis >= date(\"2006-01-01\")", "diagnosis >= \"2006-01-01\"",
                        "!(diagnosis < as.Date(\"2006-01-01\"))"};
    for (size_t k = 0; k < 3; k++) {
        fr = frame(ds, f, wh[k], &e);
        ck_assert_msg(fr != NULL, "%s: %s", wh[k], e.msg);
        ck_assert_int_eq(pg_cox_fit(fr, NULL, &cx, &e), PG_OK);
        pg_ck_rel(cx->coef[0], dates_where_coef, 1e-9);
        ck_assert_uint_eq(pg_frame_n(fr), (size_t)dates_where_n);
        pg_cox_free(cx);
        pg_frame_free(fr);
    }
    pg_dataset_free(ds);
}
END_TEST

/* Evaluate text as --where (term NULL) or as the formula term `term`. */
static int ev(const pg_dataset *ds, const char *text, const char *term, pg_value *v,
              pg_error *e)
{
    pg_expr *x = NULL;
    int rc = pg_expr_parse(text, term != NULL, &x, e);
    if (rc) return rc;
    pg_eval_ctx c = {ds, term};
    rc = pg_expr_eval(x, &c, v, e);
    pg_expr_free(x);
    return rc;
}

/* R: d1 <- as.Date(c("2019-03-14", NA, "2020-02-29")); d2 <- as.Date(c("2019-01-01",
 * "2019-01-01", "2019-03-01")); as.numeric(d1 - d2) is 72 NA 365; d1 + 1 is "2019-03-15" NA
 * "2020-03-01"; d1 > d2 is TRUE NA TRUE. */
START_TEST(arithmetic_like_r)
{
    pg_dataset *ds = pg_dataset_new();
    double d1[] = {17969, NAN, 18321}, d2[] = {17897, 17897, 17956}, x[] = {1, 2, 3};
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_add_date(ds, "d1", d1, 3, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_date(ds, "d2", d2, 3, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "x", x, 3, &e), PG_OK);
    pg_value v;
    ck_assert_int_eq(ev(ds, "d1 - d2", NULL, &v, &e), PG_OK);
    ck_assert_int_eq(v.type, PG_V_NUM);
    ck_assert(v.num[0] == 72 && isnan(v.num[1]) && v.num[2] == 365);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "d1 + 1", NULL, &v, &e), PG_OK);
    ck_assert_int_eq(v.type, PG_V_DATE);
    ck_assert(v.num[0] == 17970 && isnan(v.num[1]) && v.num[2] == 18322);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "x + d2 - x", NULL, &v, &e), PG_OK);
    ck_assert_int_eq(v.type, PG_V_DATE);
    ck_assert(v.num[0] == 17897);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "d1 > d2", NULL, &v, &e), PG_OK);
    ck_assert_int_eq(v.type, PG_V_LGL);
    ck_assert(v.num[0] == 1 && isnan(v.num[1]) && v.num[2] == 1);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "is.na(d1)", NULL, &v, &e), PG_OK);
    ck_assert(v.num[0] == 0 && v.num[1] == 1);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "d1 == \"2019-03-14\"", NULL, &v, &e), PG_OK);
    ck_assert(v.num[0] == 1 && isnan(v.num[1]) && v.num[2] == 0);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "ifelse(is.na(d1), d2, d1) - d2", NULL, &v, &e), PG_OK);
    ck_assert(v.num[0] == 72 && v.num[1] == 0 && v.num[2] == 365);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "as.numeric(d2)", "as.numeric(d2)", &v, &e), PG_OK);
    ck_assert(v.num[0] == 17897);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "factor(d2)", "factor(d2)", &v, &e), PG_OK);  /* R: levels(factor(d2)) */
    ck_assert_uint_eq(v.nlevels, 2);
    ck_assert_str_eq(v.levels[0], "2019-01-01");
    ck_assert_str_eq(v.levels[1], "2019-03-01");
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "date(\"14/03/2019\", format = \"%d/%m/%Y\") - d2", NULL, &v, &e),
                     PG_OK);
    ck_assert(v.num[0] == 72);
    pg_value_clear(&v);
    pg_dataset_free(ds);
}
END_TEST

/* What is refused, where the caret goes, and what the message says. */
START_TEST(errors)
{
    pg_dataset *ds = pg_dataset_new();
    double d1[] = {17969, 18321}, x[] = {1, 2};
    const char *t[] = {"2019-01-01", "soon"};
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_add_date(ds, "d1", d1, 2, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "x", x, 2, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_categorical(ds, "t", t, 2, &e), PG_OK);
    static const struct {
        const char *text, *term;
        long column;
        const char *msg;
    } bad[] = {
        {"d1", "d1", 1, "'d1' is a date (a model needs numbers)"},
        {"I(d1 + 1)", "I(d1 + 1)", 1, "subtract another date to get days"},
        {"d1 * 2", NULL, 0, "'*' is not defined for dates"},
        {"d1 + d1", NULL, 0, "cannot add two dates"},
        {"x - d1", NULL, 0, "can only subtract from a date"},
        {"-d1", NULL, 0, "'-' is not defined for a date"},
        {"d1 > 17000", NULL, 0, "cannot compare date 'd1' with numeric '17000'"},
        {"d1 > t", NULL, 0, "cannot compare date 'd1' with text 't'"},
        {"d1 > \"2019-02-30\"", NULL, 0, "\"2019-02-30\" is not a valid date"},
        {"d1 > \"March\"", NULL, 0, "\"March\" is not a date"},
        {"d1 & x", NULL, 0, "'&' needs TRUE/FALSE values, but 'd1' is a date"},
        {"d1 %in% c(1, 2)", NULL, 0, "%in% does not take dates"},
        {"log(d1)", "log(d1)", 5, "log() needs numbers, but 'd1' is a date"},
        {"date(t)", "date(t)", 6, "\"soon\" is not a date"},
        {"date(x)", "date(x)", 6, "date() needs text"},
        {"date(\"1/2/2019\", format = \"%d/%q/%Y\")", "f", 27, "unknown conversion"},
        {"ifelse(x > 1, d1, x)", NULL, 0, "must both be dates"},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        pg_value v;
        memset(&e, 0, sizeof e);
        ck_assert_msg(ev(ds, bad[k].text, bad[k].term, &v, &e) == PG_EINPUT, "%s accepted",
                      bad[k].text);
        ck_assert_msg(strstr(e.msg, bad[k].msg) != NULL, "%s: '%s'", bad[k].text, e.msg);
        if (bad[k].column) ck_assert_int_eq(e.column, bad[k].column);
    }
    memset(&e, 0, sizeof e);
    pg_value v;
    ck_assert_int_eq(ev(ds, "date(t)", "date(t)", &v, &e), PG_EINPUT);
    ck_assert_msg(strstr(e.msg, "(row 2)") != NULL, "%s", e.msg);
    pg_dataset_free(ds);
}
END_TEST

static Suite *dates_suite(void)
{
    Suite *s = suite_create("dates");
    TCase *tc = tcase_create("calendar");
    tcase_add_test(tc, corner_dates_like_r);
    tcase_add_test(tc, leap_years);
    tcase_add_test(tc, whole_range_round_trip);
    tcase_add_test(tc, iso_forms);
    tcase_add_test(tc, formats);
    suite_add_tcase(s, tc);
    tc = tcase_create("reader");
    tcase_add_test(tc, reader_types);
    tcase_add_test(tc, reader_rules);
    tcase_add_test(tc, reader_pooled);
    suite_add_tcase(s, tc);
    tc = tcase_create("formulas");
    tcase_add_test(tc, models_like_r);
    tcase_add_test(tc, arithmetic_like_r);
    tcase_add_test(tc, errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(dates_suite());
}
