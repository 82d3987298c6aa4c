/* tests/check_format.c -- the R number formatter (src/core/format.c) against what R prints:
 * expected strings from scripts/fixtures/format.R (R 4.2: format(), signif(), format.pval()).
 * This is the one test of the formatter; the renderers' own tests check whole printouts. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fixtures/format_r.h"
#include "pg_test.h"
#include "prognos/format.h"

#define NCASES(a) (sizeof(a) / sizeof(a)[0])

/* format(x, digits = d): every element padded to the common width, as R returns it. */
START_TEST(format_matches_r)
{
    for (size_t k = 0; k < NCASES(fmt_cases); k++) {
        const fmt_case *c = &fmt_cases[k];
        char out[FMT_MAXN][PG_FORMAT_CELL];
        pg_format_r_vector(c->x, c->n, c->digits, 0, out);
        for (size_t i = 0; i < c->n; i++)
            ck_assert_msg(strcmp(out[i], c->out[i]) == 0,
                          "format case %zu, x[%zu] = %.17g, digits = %d: got '%s', R '%s'", k, i,
                          c->x[i], c->digits, out[i], c->out[i]);
        if (c->n == 1) {        /* the single-number door agrees, trimmed */
            char one[PG_FORMAT_CELL];
            pg_format_r_num(one, sizeof one, c->x[0], c->digits);
            const char *want = c->out[0];
            while (*want == ' ') want++;
            ck_assert_str_eq(one, want);
        }
    }
}
END_TEST

START_TEST(trim_drops_padding)
{
    const double x[] = {1.5, NAN, -22.25};
    char out[3][PG_FORMAT_CELL];
    pg_format_r_vector(x, 3, 7, 1, out);            /* R: format(c(1.5, NA, -22.25), trim = TRUE) */
    ck_assert_str_eq(out[0], "1.50");
    ck_assert_str_eq(out[1], "NA");
    ck_assert_str_eq(out[2], "-22.25");
    pg_format_spec s = pg_format_r_spec(x, 3, 7);
    ck_assert_int_eq(s.width, 6);
    ck_assert_int_eq(s.decimals, 2);
    ck_assert_int_eq(s.expo, 0);
    pg_format_spec none = pg_format_r_spec(x, 0, 7);
    ck_assert_int_eq(none.width, 0);
}
END_TEST

/* R drops the sign of a negative zero: format(-0) and format(c(-0, 1.5)) give "0", "0.0". (The
 * fixture cannot carry -0: its literals are %.17g, and C reads "-0" as 0.) */
START_TEST(negative_zero_prints_as_zero)
{
    const double x[] = {-0.0, 1.5};
    char out[2][PG_FORMAT_CELL], one[PG_FORMAT_CELL];
    ck_assert_str_eq(pg_format_r_num(one, sizeof one, -0.0, 7), "0");
    pg_format_r_vector(x, 2, 7, 0, out);
    ck_assert_str_eq(out[0], "0.0");
    ck_assert(pg_format_signif(-0.0, 3) == 0);
}
END_TEST

START_TEST(signif_matches_r)
{
    for (size_t k = 0; k < NCASES(signif_cases); k++) {
        const signif_case *c = &signif_cases[k];
        double got = pg_format_signif(c->x, c->digits);
        ck_assert_msg(got == c->out || (isnan(got) && isnan(c->out)),
                      "signif(%.17g, %d): got %.17g, R %.17g", c->x, c->digits, got, c->out);
    }
    ck_assert(isnan(pg_format_signif(NAN, 3)));
    ck_assert(pg_format_signif(INFINITY, 3) == INFINITY);
}
END_TEST

START_TEST(format_pval_matches_r)
{
    for (size_t k = 0; k < NCASES(pval_cases); k++) {
        const fmt_case *c = &pval_cases[k];
        char out[FMT_MAXN][PG_FORMAT_CELL];
        pg_format_r_pval(c->x, c->n, c->digits, out);
        for (size_t i = 0; i < c->n; i++)
            ck_assert_msg(strcmp(out[i], c->out[i]) == 0,
                          "format.pval case %zu, p[%zu] = %.17g, digits = %d: got '%s', R '%s'", k,
                          i, c->x[i], c->digits, out[i], c->out[i]);
    }
}
END_TEST

/* More p-values than fit the formatter's stack buffers take the allocated path. */
START_TEST(format_pval_long_vector)
{
    double p[100];
    char out[100][PG_FORMAT_CELL];
    for (int i = 0; i < 100; i++) p[i] = i == 7 ? 1e-20 : 0.5;
    pg_format_r_pval(p, 100, 3, out);       /* R: format.pval(c(rep(0.5, 7), 1e-20, ...), 3) */
    ck_assert_str_eq(out[0], "0.5");
    ck_assert_str_eq(out[7], "<2e-16");
    ck_assert_str_eq(out[99], "0.5");
}
END_TEST

START_TEST(journal_pvalue)
{
    char b[32];
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.0004, 0), "< 0.001");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.012, 1), "p = 0.012");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.0996, 0), "0.10");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.995, 1), "p > 0.99");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, NAN, 1), "p = NA");
}
END_TEST

START_TEST(journal_ratio)
{
    char b[32];
    ck_assert_str_eq(pg_format_ratio(b, sizeof b, 0.854), "0.85");
    ck_assert_str_eq(pg_format_ratio(b, sizeof b, 12.4), "12.40");
    ck_assert_str_eq(pg_format_ratio(b, sizeof b, 0.0512), "0.051");
    ck_assert_str_eq(pg_format_ratio(b, sizeof b, 0.0012345), "0.0012");
    ck_assert_str_eq(pg_format_ratio(b, sizeof b, 1234.5), "1.23e+03");
    ck_assert_str_eq(pg_format_ratio(b, sizeof b, NAN), "NA");
    ck_assert_str_eq(pg_format_ratio(b, sizeof b, INFINITY), "Inf");
}
END_TEST

static Suite *format_suite(void)
{
    Suite *s = suite_create("format");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, format_matches_r);
    tcase_add_test(tc, signif_matches_r);
    tcase_add_test(tc, format_pval_matches_r);
    tcase_add_test(tc, journal_pvalue);
    tcase_add_test(tc, journal_ratio);
    suite_add_tcase(s, tc);
    TCase *edge = tcase_create("edge");
    tcase_add_test(edge, trim_drops_padding);
    tcase_add_test(edge, negative_zero_prints_as_zero);
    tcase_add_test(edge, format_pval_long_vector);
    suite_add_tcase(s, edge);
    return s;
}

int main(void)
{
    return pg_test_run(format_suite());
}
