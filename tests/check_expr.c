/* check_expr.c -- the expression language (expr.h): lexing (numbers, strings, backquoted names,
 * operators), precedence and the deparse() round trip, R's NA rules in operators and in every
 * built-in function of the table, arity and argument errors (message and caret column), the
 * staging functions against their published tables, and the one "did you mean" rule.
 * Expected values are R's (R 4.2: deparse(quote(...)), eval(...)); each test cites the R
 * expression whose value it uses. */
#include <string.h>

#include "expr.h"
#include "expr_impl.h"
#include "pg_test.h"
#include "suggest.h"

/* A small dataset: x numeric with NA, status text with NA, flag text TRUE/FALSE. In R:
 *   x <- c(1, 0, NA, 1, 0, NA, 1, 0, NA); y <- c(1, 1, 1, 0, 0, 0, NA, NA, NA)
 *   size_cm <- c(0, 5, 5.0001, 10, 10.5, 15, 15.1, NA, 30) */
static pg_dataset *small(void)
{
    pg_dataset *ds = pg_dataset_new();
    double x[] = {1, 0, NAN, 1, 0, NAN, 1, 0, NAN};
    double y[] = {1, 1, 1, 0, 0, 0, NAN, NAN, NAN};
    double size[] = {0, 5, 5.0001, 10, 10.5, 15, 15.1, NAN, 30};
    const char *st[] = {"DOD", "NED", "AWD", NULL, "DOD", "DOC", "NED", "AWD", "DOD"};
    const char *flag[] = {"TRUE", "FALSE", NULL, "TRUE", "TRUE", "FALSE", "FALSE", "TRUE", "TRUE"};
    const char *sp[] = {"a", "b", "a", "b", "a", "b", "a", "b", "a"};
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "x", x, 9, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "y", y, 9, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "size_cm", size, 9, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_categorical(ds, "status", st, 9, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_categorical(ds, "flag", flag, 9, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_categorical(ds, "size cm", sp, 9, &e), PG_OK);
    return ds;
}

/* Evaluate text on ds as a --where expression (in_formula 0) or a formula term (1). */
static int ev(const pg_dataset *ds, const char *text, int in_formula, pg_value *v, pg_error *e)
{
    pg_expr *x = NULL;
    int rc = pg_expr_parse(text, in_formula, &x, e);
    if (rc) return rc;
    pg_eval_ctx c = {ds, in_formula ? text : NULL};
    rc = pg_expr_eval(x, &c, v, e);
    pg_expr_free(x);
    return rc;
}

/* Evaluate and compare with want (NaN = NA), all rows. */
static void ck_num(const pg_dataset *ds, const char *text, const double *want)
{
    pg_value v = {0};
    pg_error e = {0};
    char b[512];
    int rc = ev(ds, text, 0, &v, &e);
    ck_assert_msg(rc == PG_OK, "%s: %s", text, pg_error_str(&e, b, sizeof b));
    ck_assert_msg(v.type != PG_V_FAC, "%s: text result", text);
    for (size_t i = 0; i < v.n; i++)
        ck_assert_msg((isnan(want[i]) && isnan(v.num[i])) || v.num[i] == want[i],
                      "%s: row %zu = %g, want %g", text, i + 1, v.num[i], want[i]);
    pg_value_clear(&v);
}

static void ck_deparse(const char *in, const char *want)
{
    pg_expr *x = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_expr_parse(in, 1, &x, &e), PG_OK);
    char *s = pg_expr_deparse(x);
    ck_assert_str_eq(s, want);
    free(s);
    pg_expr_free(x);
}

static void ck_levels(const pg_value *v, const char *const *want, size_t n)
{
    ck_assert_int_eq(v->type, PG_V_FAC);
    ck_assert_uint_eq(v->nlevels, n);
    for (size_t k = 0; k < n; k++) ck_assert_str_eq(v->levels[k], want[k]);
}

/* Error text and caret column (1-based offset of the offending token). */
static void ck_err(const pg_dataset *ds, const char *text, int in_formula, const char *msg,
                   long column)
{
    pg_value v = {0};
    pg_error e = {0};
    int rc = ev(ds, text, in_formula, &v, &e);
    pg_value_clear(&v);
    ck_assert_msg(rc == PG_EINPUT, "%s: rc %d", text, rc);
    ck_assert_msg(strcmp(e.msg, msg) == 0, "%s:\n  got  '%s'\n  want '%s'", text, e.msg, msg);
    ck_assert_msg(e.column == column, "%s: column %ld, want %ld", text, e.column, column);
    if (in_formula) ck_assert_str_ne(e.term, "");
}


/* R: deparse(quote(...)) */
START_TEST(deparse_like_r)
{
    ck_deparse("I(size_cm>5)", "I(size_cm > 5)");
    ck_deparse("I( age / 10 )", "I(age/10)");
    ck_deparse("a:b", "a:b");
    ck_deparse("a*b", "a * b");
    ck_deparse("-2^2", "-2^2");
    ck_deparse("x %in% c('a', \"b\")", "x %in% c(\"a\", \"b\")");
    ck_deparse("`size cm`", "`size cm`");
    ck_deparse("`age`", "age");
    ck_deparse("factor(x, ref='2')", "factor(x, ref = \"2\")");
    ck_deparse("!a&b|c", "!a & b | c");
    ck_deparse("(a+b)*c", "(a + b) * c");
    ck_deparse("Surv(t,e)~x", "Surv(t, e) ~ x");
    ck_deparse("'say \"hi\"'", "\"say \\\"hi\\\"\"");
}
END_TEST

/* R: as.character(c(1e5, 0.1, 2.50, 100, 1e-4, 123456, 1/3, -2.5, 1e15, 0)) */
START_TEST(numbers_print_like_r)
{
    char b[64];
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, 1e5), "1e+05");
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, 0.1), "0.1");
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, 2.50), "2.5");
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, 100), "100");
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, 1e-4), "1e-04");
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, 123456), "123456");
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, 1.0 / 3), "0.333333333333333");
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, -2.5), "-2.5");
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, 1e15), "1e+15");
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, 0), "0");
    ck_assert_str_eq(pg_fmt_rnum(b, sizeof b, NAN), "NA");
}
END_TEST

/* R: -2^2 == -4, 2^3^2 == 512, !TRUE == FALSE is !(TRUE == FALSE), 1:2 binds tighter than *. */
START_TEST(precedence_like_r)
{
    pg_dataset *ds = small();
    double a[9], b[9], c[9], d[9], f[9], g[9];
    for (int i = 0; i < 9; i++) a[i] = -4, b[i] = 512, c[i] = 7, d[i] = 9, f[i] = 1, g[i] = 4;
    ck_num(ds, "-2^2", a);
    ck_num(ds, "2^3^2", b);
    ck_num(ds, "1 + 2 * 3", c);
    ck_num(ds, "(1 + 2) * 3", d);
    ck_num(ds, "!TRUE == FALSE", f);
    ck_num(ds, "7 - 2 - 1", g);
    ck_num(ds, "2^-1 * 8", g);
    ck_num(ds, "10 / 4 > 2 & 1 < 2", f);
    pg_dataset_free(ds);
}
END_TEST

/* R's three-valued logic, a and b over {TRUE, FALSE, NA}:
 *   a <- c(T,F,NA,T,F,NA,T,F,NA) (x == 1), b <- rep(c(T,F,NA), each = 3) (y == 1) */
START_TEST(na_logic_like_r)
{
    pg_dataset *ds = small();
    const double N = NAN;
    double and_[] = {1, 0, N, 0, 0, 0, N, 0, N};
    double or_[] = {1, 1, 1, 1, 0, N, 1, N, N};
    double not_[] = {0, 1, N, 0, 1, N, 0, 1, N};
    double isna[] = {0, 0, 1, 0, 0, 1, 0, 0, 1};
    double ifel[] = {10, 20, N, 10, 20, N, 10, 20, N};
    double in_[] = {1, 0, 0, 1, 0, 0, 1, 0, 0};
    double in_na[] = {1, 0, 1, 1, 0, 1, 1, 0, 1};
    double arith[] = {2, 1, N, 1, 0, N, N, N, N};
    ck_num(ds, "x == 1 & y == 1", and_);
    ck_num(ds, "x == 1 && y == 1", and_);
    ck_num(ds, "x == 1 | y == 1", or_);
    ck_num(ds, "!(x == 1)", not_);
    ck_num(ds, "is.na(x)", isna);
    ck_num(ds, "ifelse(x == 1, 10, 20)", ifel);
    ck_num(ds, "x %in% c(1, 5)", in_);           /* NA %in% c(1, 5) is FALSE */
    ck_num(ds, "x %in% c(1, NA)", in_na);
    ck_num(ds, "x + y", arith);
    pg_dataset_free(ds);
}
END_TEST

/* Text columns compare by level text; TRUE/FALSE text is logical (R's read.csv). */
START_TEST(text_comparisons)
{
    pg_dataset *ds = small();
    const double N = NAN;
    double dod[] = {1, 0, 0, N, 1, 0, 0, 0, 1};
    double dead[] = {1, 0, 1, 0, 1, 0, 0, 1, 1};
    double notned[] = {1, 0, 1, N, 1, 1, 0, 1, 1};
    double flag[] = {1, 0, N, 1, 1, 0, 0, 1, 1};
    double bq[] = {1, 0, 1, 0, 1, 0, 1, 0, 1};
    ck_num(ds, "status == \"DOD\"", dod);
    ck_num(ds, "'DOD' == status", dod);
    ck_num(ds, "status %in% c(\"DOD\", 'AWD')", dead);
    ck_num(ds, "status != 'NED'", notned);
    ck_num(ds, "flag", flag);
    ck_num(ds, "flag == TRUE", flag);
    ck_num(ds, "flag == \"TRUE\"", flag);
    ck_num(ds, "'FALSE' != flag", flag);
    ck_num(ds, "`size cm` == \"a\"", bq);
    pg_dataset_free(ds);
}
END_TEST

/* R: log(4), exp(0), sqrt(16), abs(-3), log(100, 10), log(-1) is NaN (NA here). */
START_TEST(functions)
{
    pg_dataset *ds = small();
    const double N = NAN;
    double lg[] = {0, -INFINITY, N, 0, -INFINITY, N, 0, -INFINITY, N};
    double ex[9], sq[9], ab[9], l10[9], neg[9];
    for (int i = 0; i < 9; i++) ex[i] = 1, sq[i] = 4, ab[i] = 3, l10[i] = 2, neg[i] = N;
    ck_num(ds, "log(x)", lg);
    ck_num(ds, "exp(0)", ex);
    ck_num(ds, "sqrt(16)", sq);
    ck_num(ds, "abs(-3)", ab);
    ck_num(ds, "log(100, base = 10)", l10);
    ck_num(ds, "log(-1)", neg);
    pg_dataset_free(ds);
}
END_TEST

/* ajcc_t(): T1 <= 5 < T2 <= 10 < T3 <= 15 < T4 (seed review, Table 2). */
START_TEST(ajcc_t_categories)
{
    pg_dataset *ds = small();
    pg_value v = {0};
    pg_error e = {0};
    ck_assert_int_eq(ev(ds, "ajcc_t(size_cm)", 1, &v, &e), PG_OK);
    static const char *const lv[] = {"T1", "T2", "T3", "T4"};
    ck_levels(&v, lv, 4);
    ck_assert_int_eq(v.ordered, 1);
    int32_t want[] = {0, 0, 1, 1, 2, 2, 3, -1, 3};   /* 0 5 5.0001 10 10.5 15 15.1 NA 30 */
    for (int i = 0; i < 9; i++) ck_assert_int_eq(v.code[i], want[i]);
    pg_value_clear(&v);
    /* Ordered comparisons use the level order. */
    const double N = NAN;
    double ge3[] = {0, 0, 0, 0, 1, 1, 1, N, 1};
    ck_num(ds, "ajcc_t(size_cm) >= \"T3\"", ge3);
    pg_dataset_free(ds);
}
END_TEST

/* fnclcc(): differentiation + mitotic score (0-9, 10-19, >= 20) + necrosis score (0, <50%,
 * >=50%); total 2-3 -> 1, 4-5 -> 2, 6-8 -> 3 (seed review, Table 1). */
START_TEST(fnclcc_grades)
{
    pg_dataset *ds = pg_dataset_new();
    double d[] = {1, 1, 1, 2, 2, 3, 3, 1, NAN, 3};
    double m[] = {0, 9, 10, 19, 20, 25, 5, 30, 1, 0};
    double nec[] = {0, 1, 1, 1, 1, 2, 0, 2, 0, 0};          /* scores: all in {0,1,2} */
    double pct[] = {0, 10, 49.9, 20, 5, 50, 0, 100, 0, 0};  /* percentages */
    const char *txt[] = {"none", "<50%", "<50%", "focal", "<50%", ">=50%", "absent", "Extensive",
                         "no", NULL};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "diff", d, 10, &e);
    pg_dataset_add_numeric(ds, "mitoses", m, 10, &e);
    pg_dataset_add_numeric(ds, "necrosis", nec, 10, &e);
    pg_dataset_add_numeric(ds, "necrosis_pct", pct, 10, &e);
    pg_dataset_add_categorical(ds, "necrosis_txt", txt, 10, &e);
    /* totals: 2 3 4 5 6 8 5 6 NA 3+1+0=4 */
    int32_t want[] = {0, 0, 1, 1, 2, 2, 1, 2, -1, 1};
    int32_t want_txt[] = {0, 0, 1, 1, 2, 2, 1, 2, -1, -1};
    static const char *const lv[] = {"1", "2", "3"};
    const char *forms[] = {"fnclcc(diff, mitoses, necrosis)", "fnclcc(diff, mitoses, necrosis_pct)",
                           "fnclcc(diff, mitoses, necrosis_txt)",
                           "fnclcc(diff, mitoses, necrosis, necrosis_scale = \"score\")"};
    for (int f = 0; f < 4; f++) {
        pg_value v = {0};
        char b[512];
        ck_assert_msg(ev(ds, forms[f], 1, &v, &e) == PG_OK, "%s", pg_error_str(&e, b, sizeof b));
        ck_levels(&v, lv, 3);
        ck_assert_int_eq(v.ordered, 1);
        for (int i = 0; i < 10; i++)
            ck_assert_msg(v.code[i] == (f == 2 ? want_txt : want)[i], "%s row %d: %d", forms[f],
                          i + 1, v.code[i]);
        pg_value_clear(&v);
    }
    /* necrosis_scale = "percent" reads 0/1/2 as percentages: 1% and 2% are both < 50%. */
    pg_value v = {0};
    ck_assert_int_eq(ev(ds, "fnclcc(diff, mitoses, necrosis, necrosis_scale = \"percent\")", 1,
                        &v, &e), PG_OK);
    ck_assert_int_eq(v.code[7], 1);      /* 1 + 3 + 1 (2% < 50%) = 5 -> grade 2, not 3 */
    pg_value_clear(&v);
    pg_dataset_free(ds);
}
END_TEST

/* The bundled synthetic cohort carries its grade: fnclcc() of its components reproduces it,
 * from the necrosis score and from the necrosis percentage. */
START_TEST(fnclcc_matches_cohort_grade)
{
    pg_dataset *ds = NULL;
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    pg_error err = {0};
    ck_assert_int_eq(pg_dataset_read_csv(PG_TEST_DATA "/../../datasets/lms_synthetic.csv", &o,
                                         &ds, &err), PG_OK);
    const char *forms[] = {"fnclcc(diff, mitoses, necrosis) == factor(grade)",
                           "fnclcc(diff, mitoses, necrosis_pct) == factor(grade)"};
    for (int f = 0; f < 2; f++) {
        pg_value v = {0};
        pg_error e = {0};
        ck_assert_int_eq(ev(ds, forms[f], 0, &v, &e), PG_OK);
        ck_assert_uint_eq(v.n, 480);
        for (size_t i = 0; i < v.n; i++) ck_assert_msg(v.num[i] == 1, "%s row %zu", forms[f], i);
        pg_value_clear(&v);
    }
    pg_dataset_free(ds);
}
END_TEST

/* factor(): numbers sorted numerically and printed as R prints them; ref moves a level first. */
START_TEST(factor_levels)
{
    pg_dataset *ds = pg_dataset_new();
    double g[] = {2, 10, 2.5, 1, NAN, 10};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "g", g, 6, &e);
    pg_value v = {0};
    ck_assert_int_eq(ev(ds, "factor(g)", 1, &v, &e), PG_OK);
    static const char *const lv[] = {"1", "2", "2.5", "10"};   /* R: levels(factor(g)) */
    ck_levels(&v, lv, 4);
    int32_t want[] = {1, 3, 2, 0, -1, 3};
    for (int i = 0; i < 6; i++) ck_assert_int_eq(v.code[i], want[i]);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "factor(g, ref = \"2.5\")", 1, &v, &e), PG_OK);
    static const char *const lv2[] = {"2.5", "1", "2", "10"};  /* R: relevel(factor(g), "2.5") */
    ck_levels(&v, lv2, 4);
    int32_t want2[] = {2, 3, 0, 1, -1, 3};
    for (int i = 0; i < 6; i++) ck_assert_int_eq(v.code[i], want2[i]);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "factor(g, ref = 10)", 1, &v, &e), PG_OK);
    ck_assert_str_eq(v.levels[0], "10");
    pg_value_clear(&v);
    pg_dataset_free(ds);
}
END_TEST

/* One row, constants only, deep nesting refused rather than overflowing the stack. */
START_TEST(edge_cases)
{
    pg_dataset *ds = pg_dataset_new();
    double one[] = {3};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "a", one, 1, &e);
    double w[] = {9};
    ck_num(ds, "a^2", w);
    double t[] = {1};
    ck_num(ds, "TRUE", t);
    double na[] = {NAN};
    ck_num(ds, "NA", na);
    ck_num(ds, "NA & TRUE", na);
    double f0[] = {0};
    ck_num(ds, "NA & FALSE", f0);
    ck_num(ds, "T & F", f0);                  /* R's T and F, when no column has those names */
    ck_num(ds, "NA | TRUE", t);
    char deep[2100];
    size_t k = 0;
    for (int i = 0; i < 1000; i++) deep[k++] = '(';
    deep[k++] = 'a';
    for (int i = 0; i < 1000; i++) deep[k++] = ')';
    deep[k] = '\0';
    pg_expr *x = NULL;
    ck_assert_int_eq(pg_expr_parse(deep, 1, &x, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "expression nested too deeply");
    ck_assert_ptr_null(x);
    pg_dataset_free(ds);
}
END_TEST

/* Random token soup: every string parses or fails with PG_EINPUT and a column inside the text,
 * and whatever parses evaluates or fails cleanly (run under the sanitizers too). */
START_TEST(random_token_soup)
{
    static const char *const toks[] = {
        "x", "y", "status", "`size cm`", "size_cm", "flag", "1", "2.5", "\"DOD\"", "'a'", "TRUE",
        "NA", "(", ")", ",", "+", "-", "*", "/", "^", ":", "~", "==", "!=", "<", ">=", "&",
        "|", "!", "%in%", "c(", "log(", "ifelse(", "factor(", "I(", "fnclcc(", "ajcc_t(",
        "is.na(", "Surv(", "strata(", "ref =", " ", "\"", "`", "$", "%o%"};
    const size_t nt = sizeof toks / sizeof toks[0];
    pg_dataset *ds = small();
    unsigned long seed = 12345;
    int parsed = 0;
    for (int iter = 0; iter < 3000; iter++) {
        char buf[256] = "";
        size_t len = 1 + (size_t)(iter % 12);
        for (size_t k = 0; k < len; k++) {
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            strcat(buf, toks[(seed >> 33) % nt]);
            strcat(buf, (seed >> 20) & 1 ? " " : "");
        }
        pg_expr *x = NULL;
        pg_error e = {0};
        int rc = pg_expr_parse(buf, 1, &x, &e);
        ck_assert_msg(rc == PG_OK || rc == PG_EINPUT, "%s: rc %d", buf, rc);
        if (rc) {
            ck_assert_msg(e.column >= 1 && (size_t)e.column <= strlen(buf) + 1, "%s: column %ld",
                          buf, e.column);
            continue;
        }
        parsed++;
        pg_value v = {0};
        pg_eval_ctx c = {ds, buf};
        rc = pg_expr_eval(x, &c, &v, &e);
        ck_assert_msg(rc == PG_OK || rc == PG_EINPUT, "%s: eval rc %d", buf, rc);
        pg_value_clear(&v);
        pg_expr_free(x);
    }
    pg_dataset_free(ds);
    ck_assert_int_gt(parsed, 50);
}
END_TEST

START_TEST(errors_exact)
{
    pg_dataset *ds = small();
    ck_err(ds, "factor(sizecm)", 1, "unknown variable 'sizecm' in term 'factor(sizecm)'; did "
           "you mean 'size_cm'?", 8);
    ck_err(ds, "stauts == 'DOD'", 0, "--where: unknown variable 'stauts'; did you mean "
           "'status'?", 1);   /* the caret under the name */
    ck_err(ds, "qqqqqqq > 1", 0, "--where: unknown variable 'qqqqqqq'", 1);
    ck_err(ds, "lg(x)", 1, "unknown function 'lg' in term 'lg(x)'; did you mean 'log'?", 1);
    ck_err(ds, "I(x > \"old\")", 1, "cannot compare numeric 'x' with the string \"old\" in term "
           "'I(x > \"old\")'", 5);
    ck_err(ds, "x %in% c('a', 'b')", 1, "cannot compare numeric 'x' with the string \"a\" in "
           "term 'x %in% c('a', 'b')'", 10);
    ck_err(ds, "status + 1", 1, "'+' needs numbers, but 'status' is text in term 'status + 1'", 8);
    ck_err(ds, "status > 'DOD'", 1, "'>' is not meaningful for text 'status' (only for ordered "
           "factors such as fnclcc() and ajcc_t()) in term 'status > 'DOD''", 8);
    ck_err(ds, "ajcc_t(size_cm) > 'T9'", 1, "'T9' is not a level of 'ajcc_t(size_cm)'; did you "
           "mean 'T1'? (levels: T1, T2, T3, T4) in term 'ajcc_t(size_cm) > 'T9''", 19);
    /* A constant that is no level of the column it is compared with (issue 17): R gives FALSE
     * for every row, a survival analysis with no events; here an error under the constant. */
    ck_err(ds, "status == 'dod'", 0, "--where: 'dod' is not a level of 'status'; did you mean "
           "'DOD'? (levels: AWD, DOC, DOD, NED)", 11);   /* under the constant */
    ck_err(ds, "'DOD ' != status", 1, "'DOD ' is not a level of 'status'; did you mean 'DOD'? "
           "(levels: AWD, DOC, DOD, NED) in term ''DOD ' != status'", 1);
    ck_err(ds, "status %in% c('DOD', 'DOCC')", 1, "'DOCC' is not a level of 'status'; did you mean "
           "'DOC'? (levels: AWD, DOC, DOD, NED) in term 'status %in% c('DOD', 'DOCC')'", 22);
    ck_err(ds, "status == 'alive'", 1, "'alive' is not a level of 'status' (levels: AWD, DOC, DOD, "
           "NED) in term 'status == 'alive''", 11);
    ck_err(ds, "flag == 'yes'", 1, "'yes' is not a level of 'flag' (levels: FALSE, TRUE) in "
           "term 'flag == 'yes''", 9);
    ck_err(ds, "log(x, 2, 3)", 1, "log() takes 1 to 2 arguments, not 3 in term 'log(x, 2, 3)'",
           1);
    ck_err(ds, "factor(x, ref = '7')", 1, "reference level '7' is not a level of 'x' (levels: 0, "
           "1) in term 'factor(x, ref = '7')'", 17);
    ck_err(ds, "factor(x, reff = '1')", 1, "unknown argument 'reff' to factor() in term "
           "'factor(x, reff = '1')'", 18);
    ck_err(ds, "ajcc_t(x - 2)", 1, "ajcc_t(): tumour size -1 cm is negative in term "
           "'ajcc_t(x - 2)' (row 1)", 8);
    ck_err(ds, "fnclcc(x + 3, 1, 0)", 1, "fnclcc(): differentiation score must be 1, 2 or 3, not "
           "4 in term 'fnclcc(x + 3, 1, 0)' (row 1)", 8);
    ck_err(ds, "fnclcc(1, 1, status)", 1, "fnclcc(): cannot read necrosis 'DOD' (use a score "
           "0-2, a percentage, or none, <50%, >=50%) in term 'fnclcc(1, 1, status)' (row 1)", 14);
    ck_err(ds, "fnclcc(1, 1)", 1, "fnclcc() takes 3 arguments (differentiation, "
           "mitoses_per_10hpf, necrosis), not 2 in term 'fnclcc(1, 1)'", 1);
    ck_err(ds, "c(1, 2)", 1, "c() is only supported on the right of %in% in term 'c(1, 2)'", 1);
    ck_err(ds, "ifelse(x == 1, 'a', 2)", 1, "ifelse(): 'yes' and 'no' must both be numbers or "
           "both be text in term 'ifelse(x == 1, 'a', 2)'", 1);
    /* syntax */
    ck_err(ds, "I(x > 'old)", 1, "unterminated string", 7);
    ck_err(ds, "log(x", 1, "unbalanced parentheses: '(' of log() is never closed", 4);
    ck_err(ds, "(x + 1", 1, "unbalanced parentheses: '(' is never closed", 1);
    ck_err(ds, "x + 1)", 1, "unbalanced parentheses: unmatched ')'", 6);
    ck_err(ds, "x +", 1, "incomplete formula: nothing after '+'", 4);
    ck_err(ds, "x $ y", 1, "unexpected character '$'", 3);
    ck_err(ds, "x %o% y", 1, "unknown operator '%o%' (only %in% is supported)", 3);
    ck_err(ds, "x = 1", 1, "unexpected '=' (missing operator?)", 3);
    ck_err(ds, "a < b < c", 1, "unexpected '<': comparisons cannot be chained", 7);
    ck_err(ds, "x > 1)", 0, "--where: unbalanced parentheses: unmatched ')' (at character 6 of "
           "'x > 1)')", 0);
    ck_err(ds, "", 0, "--where: empty expression (at character 1 of '')", 0);
    pg_dataset_free(ds);
}
END_TEST

/* ------------------------------------------------------------------------------------------ */
/* Lexing                                                                                     */

typedef struct want_tok {
    int type, op;
    long pos;
    const char *text;       /* PG_TK_NAME, PG_TK_STR: the decoded text */
    double num;             /* PG_TK_NUM */
} want_tok;

/* Lex s to the end and compare every token, then the end of input. */
static void ck_lex(const char *s, const want_tok *w, size_t n)
{
    pg_error e = {0};
    pg_ex_parser p = {0};
    p.s = s;
    p.in_formula = 1;
    p.err = &e;
    for (size_t k = 0; k <= n; k++) {
        ck_assert_msg(pg_ex_lex(&p) == PG_OK, "%s: token %zu: %s", s, k, e.msg);
        if (k == n) {
            ck_assert_int_eq(p.cur.type, PG_TK_EOF);
            break;
        }
        ck_assert_msg(p.cur.type == w[k].type, "%s: token %zu type %d, want %d", s, k,
                      p.cur.type, w[k].type);
        ck_assert_msg(p.cur.pos == w[k].pos, "%s: token %zu at %ld, want %ld", s, k, p.cur.pos,
                      w[k].pos);
        if (w[k].type == PG_TK_OP) ck_assert_int_eq(p.cur.op, w[k].op);
        if (w[k].type == PG_TK_NUM) ck_assert(p.cur.num == w[k].num);
        if (w[k].text) ck_assert_str_eq(p.cur.text, w[k].text);
    }
    free(p.cur.text);
}

/* A lexing error: message and column. */
static void ck_lex_err(const char *s, const char *msg, long column)
{
    pg_error e = {0};
    pg_ex_parser p = {0};
    p.s = s;
    p.in_formula = 1;
    p.err = &e;
    int rc = PG_OK;
    for (int k = 0; k < 20 && rc == PG_OK; k++) {
        rc = pg_ex_lex(&p);
        if (rc == PG_OK && p.cur.type == PG_TK_EOF) break;
    }
    free(p.cur.text);
    ck_assert_msg(rc == PG_EINPUT, "%s: lexed without error", s);
    ck_assert_msg(strcmp(e.msg, msg) == 0, "%s:\n  got  '%s'\n  want '%s'", s, e.msg, msg);
    ck_assert_int_eq(e.column, column);
}

/* R's numbers (1, 2.5, .5, 1e3, 1e-2, 10L, 0x10), strings with escapes, backquoted names
 * (R: `size cm` is one name), and the longest operator at each place ("<=" before "<"). */
START_TEST(lex_numbers_strings_names_operators)
{
    const want_tok nums[] = {{PG_TK_NUM, 0, 1, NULL, 1},      {PG_TK_NUM, 0, 3, NULL, 2.5},
                             {PG_TK_NUM, 0, 7, NULL, 0.5},    {PG_TK_NUM, 0, 10, NULL, 1000},
                             {PG_TK_NUM, 0, 14, NULL, 0.01},  {PG_TK_NUM, 0, 19, NULL, 10},
                             {PG_TK_NUM, 0, 23, NULL, 16}};
    ck_lex("1 2.5 .5 1e3 1e-2 10L 0x10", nums, 7);
    const want_tok strs[] = {{PG_TK_STR, 0, 1, "a\"b", 0}, {PG_TK_STR, 0, 8, "it's", 0},
                             {PG_TK_STR, 0, 16, "x\ny\t", 0}, {PG_TK_STR, 0, 25, "", 0}};
    ck_lex("\"a\\\"b\" 'it\\'s' \"x\\ny\\t\" ''", strs, 4);
    const want_tok names[] = {{PG_TK_NAME, 0, 1, "size cm", 0}, {PG_TK_NAME, 0, 11, "x.y_z", 0},
                              {PG_TK_NAME, 0, 17, ".h2", 0},     {PG_TK_NAME, 0, 21, "TRUE", 0},
                              {PG_TK_NAME, 0, 26, "\xc3\xa2ge", 0}};
    ck_lex("`size cm` x.y_z .h2 TRUE \xc3\xa2ge", names, 5);
    const want_tok ops[] = {
        {PG_TK_NAME, 0, 1, "a", 0},        {PG_TK_OP, PG_OP_LE, 2, NULL, 0},
        {PG_TK_OP, PG_OP_MINUS, 4, NULL, 0}, {PG_TK_NUM, 0, 5, NULL, 1},
        {PG_TK_OP, PG_OP_AND2, 7, NULL, 0}, {PG_TK_OP, PG_OP_AND, 10, NULL, 0},
        {PG_TK_OP, PG_OP_OR2, 12, NULL, 0}, {PG_TK_OP, PG_OP_OR, 15, NULL, 0},
        {PG_TK_OP, PG_OP_NOT, 17, NULL, 0}, {PG_TK_OP, PG_OP_NE, 19, NULL, 0},
        {PG_TK_OP, PG_OP_EQ, 22, NULL, 0},  {PG_TK_OP, PG_OP_GE, 25, NULL, 0},
        {PG_TK_OP, PG_OP_GT, 28, NULL, 0},  {PG_TK_OP, PG_OP_LT, 30, NULL, 0},
        {PG_TK_OP, PG_OP_IN, 32, NULL, 0},  {PG_TK_OP, PG_OP_TILDE, 37, NULL, 0},
        {PG_TK_OP, PG_OP_PLUS, 39, NULL, 0}, {PG_TK_OP, PG_OP_TIMES, 41, NULL, 0},
        {PG_TK_OP, PG_OP_DIV, 43, NULL, 0}, {PG_TK_OP, PG_OP_POW, 45, NULL, 0},
        {PG_TK_OP, PG_OP_COLON, 47, NULL, 0}, {PG_TK_LP, 0, 49, NULL, 0},
        {PG_TK_RP, 0, 50, NULL, 0},        {PG_TK_COMMA, 0, 52, NULL, 0},
        {PG_TK_ASSIGN, 0, 54, NULL, 0}};
    ck_lex("a<=-1 && & || | ! != == >= > < %in% ~ + * / ^ : () , =", ops, 25);
    const want_tok ws[] = {{PG_TK_NAME, 0, 3, "a", 0}, {PG_TK_OP, PG_OP_PLUS, 7, NULL, 0}};
    ck_lex(" \ta\r\n +\n", ws, 2);
    ck_lex("", NULL, 0);
}
END_TEST

START_TEST(lex_errors)
{
    ck_lex_err("1a", "malformed number '1a'", 1);
    ck_lex_err("x + 2.5x", "malformed number '2.5x'", 5);
    ck_lex_err("``", "empty backquoted name", 1);
    ck_lex_err("a + `b c", "unterminated backquoted name", 5);
    ck_lex_err("'abc", "unterminated string", 1);
    ck_lex_err("x # y", "unexpected character '#'", 3);
    ck_lex_err("x @ y", "unexpected character '@'", 3);
    ck_lex_err("a %o% b", "unknown operator '%o%' (only %in% is supported)", 3);
    ck_lex_err("a % b", "unknown operator '%' (only %in% is supported)", 3);
}
END_TEST

/* ------------------------------------------------------------------------------------------ */
/* Precedence and printing                                                                     */

/* The tree fully parenthesised, to show how the parser grouped it (a new string). */
static char *sexpr(const pg_expr *e)
{
    char *a = NULL, *b = NULL, *r;
    switch (e->kind) {
    case PG_EX_BIN:
        a = sexpr(e->args[0]);
        b = sexpr(e->args[1]);
        r = pg_strdup_printf("(%s %s %s)", a, pg_ex_op_name(e->op), b);
        break;
    case PG_EX_UN:
        a = sexpr(e->args[0]);
        r = pg_strdup_printf("(%s%s)", pg_ex_op_name(e->op), a);
        break;
    case PG_EX_PAREN: r = sexpr(e->args[0]); break;
    default: r = pg_expr_deparse(e); break;
    }
    free(a);
    free(b);
    ck_assert_ptr_nonnull(r);
    return r;
}

static void ck_group(const char *in, const char *want)
{
    pg_expr *x = NULL;
    pg_error e = {0};
    ck_assert_msg(pg_expr_parse(in, 1, &x, &e) == PG_OK, "%s: %s", in, e.msg);
    char *got = sexpr(x);
    ck_assert_msg(strcmp(got, want) == 0, "%s: grouped %s, want %s", in, got, want);
    free(got);
    pg_expr_free(x);
}

/* R's ?Syntax, lowest first: ~, | ||, & &&, !, comparison, + -, * /, %any%, :, unary - +, ^.
 * R: as.list(quote(a | b & c)) is `|`, a, b & c; quote(!a == b) is !(a == b);
 * quote(-a^b) is -(a^b); quote(a^b^c) is a^(b^c); quote(-a:b) is (-a):b;
 * quote(a * b %in% c:d) is a * (b %in% (c:d)); quote(a - b - c) is (a - b) - c. */
START_TEST(precedence_groups_like_r)
{
    ck_group("a | b & c", "(a | (b & c))");
    ck_group("a || b && c", "(a || (b && c))");
    ck_group("!a == b", "(!(a == b))");
    ck_group("!a & b", "((!a) & b)");
    ck_group("-a^b", "(-(a ^ b))");
    ck_group("a^b^c", "(a ^ (b ^ c))");
    ck_group("a^-b", "(a ^ (-b))");
    ck_group("-a:b", "((-a) : b)");
    ck_group("a * b %in% c:d", "(a * (b %in% (c : d)))");
    ck_group("a - b - c", "((a - b) - c)");
    ck_group("a / b * c", "((a / b) * c)");
    ck_group("a + b * c > d - e", "((a + (b * c)) > (d - e))");
    ck_group("a > 1 | b < 2 & !c", "((a > 1) | ((b < 2) & (!c)))");
    ck_group("Surv(t, e) ~ a + b:c", "(Surv(t, e) ~ (a + (b : c)))");
    ck_group("~ a", "(~a)");
    ck_group("(a + b) * c", "((a + b) * c)");
    ck_group("f(a + b, c = d * e)", "f(a + b, c = d * e)");
}
END_TEST

/* deparse(parse(s)) parses back to a tree that deparses the same (R: deparse is a fixed point
 * of parse-deparse), for every kind of node. */
START_TEST(print_round_trip)
{
    static const char *const in[] = {
        "I(size_cm>5)", "a+b*c-d/e^f", "-(a+b)", "!(a|b)&c", "x %in% c(1, -2, 'a', NA, TRUE)",
        "`size cm` == \"it's\"", "'say \"hi\"' != s", "factor(grade, ref = '2')",
        "fnclcc(d, m, n, necrosis_scale = \"percent\")", "ifelse(is.na(x), 0, x)",
        "Surv(months, status == 'DOD') ~ a:b + strata(s)", "log(x, base = 10)^2", "a<=b",
        "1e5 + 0.1 + 1e-4 + 123456 + 2.50", "`if` + `a b` + `1x` + .5", "T & F", "-2^-1",
    };
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
        pg_expr *a = NULL, *b = NULL;
        pg_error e = {0};
        ck_assert_msg(pg_expr_parse(in[k], 1, &a, &e) == PG_OK, "%s: %s", in[k], e.msg);
        char *s1 = pg_expr_deparse(a);
        ck_assert_msg(pg_expr_parse(s1, 1, &b, &e) == PG_OK, "%s -> %s: %s", in[k], s1, e.msg);
        char *s2 = pg_expr_deparse(b);
        ck_assert_msg(strcmp(s1, s2) == 0, "%s: %s, then %s", in[k], s1, s2);
        char *g1 = sexpr(a), *g2 = sexpr(b);
        ck_assert_str_eq(g1, g2);
        free(g1);
        free(g2);
        free(s1);
        free(s2);
        pg_expr_free(a);
        pg_expr_free(b);
    }
    /* R: deparse(quote(`if` + `a b` + `1x` + .5)) */
    ck_deparse("`if` + `a b` + `1x` + .5", "`if` + `a b` + `1x` + 0.5");
    ck_deparse("x %in% c(1, -2, 'a', NA, TRUE)", "x %in% c(1, -2, \"a\", NA, TRUE)");
}
END_TEST

/* ------------------------------------------------------------------------------------------ */
/* Built-ins                                                                                  */

/* Every built-in of the table, with NA in its arguments, as R gives it:
 *   x <- c(1, 0, NA, 1, 0, NA, 1, 0, NA); y <- c(1, 1, 1, 0, 0, 0, NA, NA, NA)
 *   exp(x); sqrt(x); abs(x - 1); log(10, base = y); is.na(x + y); ifelse(x == 1, NA, 2);
 *   I(x * 2); x^y; y^x (R: NA^0 and 1^NA are 1) */
START_TEST(builtins_na_like_r)
{
    pg_dataset *ds = small();
    const double N = NAN, e1 = exp(1.0);
    double ex[] = {e1, 1, N, e1, 1, N, e1, 1, N};
    double sq[] = {1, 0, N, 1, 0, N, 1, 0, N};
    double ab[] = {0, 1, N, 0, 1, N, 0, 1, N};
    double lb[] = {INFINITY, INFINITY, INFINITY, -0.0, -0.0, -0.0, N, N, N};
    double isna[] = {0, 0, 1, 0, 0, 1, 1, 1, 1};
    double ife[] = {N, 2, N, N, 2, N, N, 2, N};
    double twice[] = {2, 0, N, 2, 0, N, 2, 0, N};
    double xy[] = {1, 0, N, 1, 1, 1, 1, N, N};
    double yx[] = {1, 1, 1, 0, 1, N, N, 1, N};
    ck_num(ds, "exp(x)", ex);
    ck_num(ds, "sqrt(x)", sq);
    ck_num(ds, "abs(x - 1)", ab);
    ck_num(ds, "log(10, base = y)", lb);
    ck_num(ds, "is.na(x + y)", isna);
    ck_num(ds, "ifelse(x == 1, NA, 2)", ife);
    ck_num(ds, "I(x * 2)", twice);
    ck_num(ds, "x^y", xy);
    ck_num(ds, "y^x", yx);
    /* R: is.na(status) for a text column; factor(x) codes with NA */
    double sna[] = {0, 0, 0, 1, 0, 0, 0, 0, 0};
    ck_num(ds, "is.na(status)", sna);
    pg_value v = {0};
    pg_error e = {0};
    ck_assert_int_eq(ev(ds, "factor(x)", 1, &v, &e), PG_OK);
    static const char *const lv[] = {"0", "1"};      /* R: levels(factor(x)) */
    ck_levels(&v, lv, 2);
    int32_t code[] = {1, 0, -1, 1, 0, -1, 1, 0, -1};
    for (int i = 0; i < 9; i++) ck_assert_int_eq(v.code[i], code[i]);
    pg_value_clear(&v);
    /* R: factor(x == 1) has levels FALSE, TRUE; ifelse on text: ifelse(x == 1, "a", "b") */
    ck_assert_int_eq(ev(ds, "factor(x == 1)", 1, &v, &e), PG_OK);
    static const char *const tf[] = {"FALSE", "TRUE"};
    ck_levels(&v, tf, 2);
    pg_value_clear(&v);
    ck_assert_int_eq(ev(ds, "ifelse(x == 1, 'a', 'b')", 1, &v, &e), PG_OK);
    static const char *const ab2[] = {"a", "b"};
    ck_levels(&v, ab2, 2);
    int32_t abc[] = {0, 1, -1, 0, 1, -1, 0, 1, -1};
    for (int i = 0; i < 9; i++) ck_assert_int_eq(v.code[i], abc[i]);
    pg_value_clear(&v);
    pg_dataset_free(ds);
}
END_TEST

/* R's x^y special cases (R_pow): (-1)^Inf, (-0.5)^Inf and (-Inf)^0.5 are NaN, 0^-1 is Inf,
 * Inf^0 is 1, (-8)^(1/3) is NaN. R: c((-1)^Inf, (-0.5)^Inf, (-Inf)^0.5, 0^-1, Inf^0, (-8)^(1/3))
 * gives NaN NaN NaN Inf 1 NaN; (-Inf)^3 is -Inf, 0.5^-Inf is Inf. */
START_TEST(power_like_r)
{
    pg_dataset *ds = small();
    const double N = NAN;
    double want[9];
    /* Inf written 1/0 (a column cannot hold it: the dataset reads it as NA) */
    const char *in[] = {"(-1)^(1/0)", "(-0.5)^(1/0)", "(-1/0)^0.5", "0^-1", "(1/0)^0",
                        "(-8)^(1/3)", "(-1/0)^3", "2^10", "0.5^(-1/0)"};
    const double out[] = {N, N, N, INFINITY, 1, N, -INFINITY, 1024, INFINITY};
    for (size_t k = 0; k < sizeof in / sizeof in[0]; k++) {
        for (int i = 0; i < 9; i++) want[i] = out[k];
        ck_num(ds, in[k], want);
    }
    pg_dataset_free(ds);
}
END_TEST

/* The table: every entry has a name and a function, bounds in order, no name twice; an entry
 * with fixed bounds rejects one argument too few and one too many with the arity message. */
START_TEST(builtin_table)
{
    pg_dataset *ds = small();
    ck_assert_uint_ge(pg_ex_nbuiltins, 14);
    for (size_t k = 0; k < pg_ex_nbuiltins; k++) {
        const pg_ex_builtin *b = &pg_ex_builtins[k];
        ck_assert_ptr_nonnull(b->name);
        ck_assert(b->fn != NULL);
        ck_assert(b->max_args == PG_EX_ANY || b->min_args <= b->max_args);
        for (size_t j = 0; j < k; j++) ck_assert_str_ne(pg_ex_builtins[j].name, b->name);
        if (b->max_args == PG_EX_ANY) continue;
        for (int extra = 0; extra < 2; extra++) {
            size_t na = extra ? b->max_args + 1 : b->min_args - 1;
            if (!extra && b->min_args == 0) continue;
            char text[128] = "", msg[256];
            size_t used = (size_t)snprintf(text, sizeof text, "%s(", b->name);
            for (size_t a = 0; a < na; a++)
                used += (size_t)snprintf(text + used, sizeof text - used, "%sx", a ? ", " : "");
            snprintf(text + used, sizeof text - used, ")");
            if (b->min_args == b->max_args)
                snprintf(msg, sizeof msg, "%s() takes %zu argument%s, not %zu in term '%s'",
                         b->name, b->min_args, b->min_args == 1 ? "" : "s", na, text);
            else
                snprintf(msg, sizeof msg, "%s() takes %zu to %zu arguments, not %zu in term '%s'",
                         b->name, b->min_args, b->max_args, na, text);
            ck_err(ds, text, 1, msg, 1);
        }
    }
    pg_dataset_free(ds);
}
END_TEST

/* Arity and argument errors name the function, with the caret at the function's name. */
START_TEST(arity_errors_name_the_function)
{
    pg_dataset *ds = small();
    ck_err(ds, "exp(x, 2)", 1, "exp() takes 1 argument, not 2 in term 'exp(x, 2)'", 1);
    ck_err(ds, "x + sqrt()", 1, "sqrt() takes 1 argument, not 0 in term 'x + sqrt()'", 5);
    ck_err(ds, "I(1 + ifelse(x, 1))", 1, "ifelse() takes 3 arguments, not 2 in term "
           "'I(1 + ifelse(x, 1))'", 7);
    ck_err(ds, "factor(x, y, z)", 1, "factor() takes 1 to 2 arguments, not 3 in term "
           "'factor(x, y, z)'", 1);
    ck_err(ds, "factor(x, y)", 1, "factor() takes one variable; choose the reference level with "
           "ref = \"level\" in term 'factor(x, y)'", 11);
    ck_err(ds, "is.na(x, y)", 1, "is.na() takes 1 argument, not 2 in term 'is.na(x, y)'", 1);
    ck_err(ds, "ajcc_t(size_cm, 2)", 1, "ajcc_t() takes 1 argument, not 2 in term "
           "'ajcc_t(size_cm, 2)'", 1);
    ck_err(ds, "fnclcc(1, 2, 3, 4)", 1, "fnclcc() takes 3 arguments (differentiation, "
           "mitoses_per_10hpf, necrosis), not 4 in term 'fnclcc(1, 2, 3, 4)'", 1);
    ck_err(ds, "exp(x = 1)", 1, "unknown argument 'x' to exp() in term 'exp(x = 1)'", 9);
    ck_err(ds, "exp(x, 2) > 1", 0, "--where: exp() takes 1 argument, not 2", 1);
    ck_err(ds, "strata(x)", 1, "strata() must be a term of its own, after '~' in term "
           "'strata(x)'", 1);
    ck_err(ds, "Surv(x, y)", 1, "Surv() belongs on the left of '~' in term 'Surv(x, y)'", 1);
    /* operators name themselves the same way */
    ck_err(ds, "!status", 1, "'!' needs TRUE/FALSE values, but 'status' is text in term "
           "'!status'", 1);
    ck_err(ds, "x > 0 && status", 1, "'&' needs TRUE/FALSE values, but 'status' is text in term "
           "'x > 0 && status'", 7);
    ck_err(ds, "2 ^ flag2", 1, "unknown variable 'flag2' in term '2 ^ flag2'; did you mean "
           "'flag'?", 5);
    ck_err(ds, "-status", 1, "'-' needs numbers, but 'status' is text in term '-status'", 1);
    ck_err(ds, "fnclcc(1, 1, 1, necrosis_scale = 'pct')", 1, "necrosis_scale must be \"score\" "
           "or \"percent\" in term 'fnclcc(1, 1, 1, necrosis_scale = 'pct')'", 34);
    pg_dataset_free(ds);
}
END_TEST

/* ------------------------------------------------------------------------------------------ */
/* Staging functions against their published tables                                           */

/* FNCLCC grade (Trojani et al., Int J Cancer 33 (1984) 37-42; Coindre, Arch Pathol Lab Med 130
 * (2006) 1448-1453, Table 2): differentiation score 1-3; mitotic count per 10 HPF 0-9 -> 1,
 * 10-19 -> 2, >= 20 -> 3; necrosis none -> 0, < 50% -> 1, >= 50% -> 2; total 2-3 grade 1,
 * 4-5 grade 2, 6-8 grade 3. Every one of the 27 score combinations, each mitotic score at both
 * ends of its range, necrosis as a score and as a percentage at both ends of its range. */
START_TEST(fnclcc_published_table)
{
    /* grade[d - 1][m - 1][n], transcribed from the total -> grade rule of the table */
    static const int grade[3][3][3] = {
        {{1, 1, 2}, {1, 2, 2}, {2, 2, 3}},
        {{1, 2, 2}, {2, 2, 3}, {2, 3, 3}},
        {{2, 2, 3}, {2, 3, 3}, {3, 3, 3}},
    };
    static const double mit_lo[] = {0, 10, 20}, mit_hi[] = {9, 19, 250};
    static const double pct_lo[] = {0, 0.5, 50}, pct_hi[] = {0, 49.9, 100};
    enum { R = 27 * 2 };
    double d[R], m[R], ns[R], np[R];
    int32_t want[R];
    size_t r = 0;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            for (int c = 0; c < 3; c++)
                for (int end = 0; end < 2; end++, r++) {
                    d[r] = a + 1;
                    m[r] = end ? mit_hi[b] : mit_lo[b];
                    ns[r] = c;
                    np[r] = end ? pct_hi[c] : pct_lo[c];
                    want[r] = grade[a][b][c] - 1;
                }
    pg_dataset *ds = pg_dataset_new();
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "d", d, R, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "m", m, R, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "ns", ns, R, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "np", np, R, &e), PG_OK);
    static const char *const forms[] = {"fnclcc(d, m, ns)", "fnclcc(d, m, np)",
                                        "fnclcc(d, m, np, necrosis_scale = 'percent')"};
    for (int f = 0; f < 3; f++) {
        pg_value v = {0};
        ck_assert_msg(ev(ds, forms[f], 1, &v, &e) == PG_OK, "%s: %s", forms[f], e.msg);
        ck_assert_int_eq(v.ordered, 1);
        for (size_t i = 0; i < R; i++)
            ck_assert_msg(v.code[i] == want[i], "%s: d %g m %g necrosis %g/%g%%: grade %d, want %d",
                          forms[f], d[i], m[i], ns[i], np[i], v.code[i] + 1, want[i] + 1);
        pg_value_clear(&v);
    }
    pg_dataset_free(ds);
}
END_TEST

/* NA in any component gives NA (R's NA rule: the grade of an unknown component is unknown). */
START_TEST(fnclcc_na_components)
{
    pg_dataset *ds = pg_dataset_new();
    double d[] = {NAN, 2, 2, 2}, m[] = {5, NAN, 5, 5}, n[] = {1, 1, NAN, 1};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "d", d, 4, &e);
    pg_dataset_add_numeric(ds, "m", m, 4, &e);
    pg_dataset_add_numeric(ds, "n", n, 4, &e);
    pg_value v = {0};
    ck_assert_int_eq(ev(ds, "fnclcc(d, m, n)", 1, &v, &e), PG_OK);
    int32_t want[] = {-1, -1, -1, 1};          /* 2 + 1 + 1 = 4 -> grade 2 */
    for (int i = 0; i < 4; i++) ck_assert_int_eq(v.code[i], want[i]);
    pg_value_clear(&v);
    pg_dataset_free(ds);
}
END_TEST

/* AJCC 8th edition, soft-tissue sarcoma of the trunk and extremities (Amin et al., AJCC Cancer
 * Staging Manual, 8th ed., 2017, ch. 41): T1 <= 5 cm, T2 > 5 and <= 10, T3 > 10 and <= 15,
 * T4 > 15 cm; both sides of each cut point, 0, and NA. */
START_TEST(ajcc_t_published_table)
{
    pg_dataset *ds = pg_dataset_new();
    double s[] = {0, 0.1, 5, 5.01, 10, 10.01, 15, 15.01, 40, NAN};
    int32_t want[] = {0, 0, 0, 1, 1, 2, 2, 3, 3, -1};
    pg_error e = {0};
    pg_dataset_add_numeric(ds, "s", s, 10, &e);
    pg_value v = {0};
    ck_assert_int_eq(ev(ds, "ajcc_t(s)", 1, &v, &e), PG_OK);
    static const char *const lv[] = {"T1", "T2", "T3", "T4"};
    ck_levels(&v, lv, 4);
    ck_assert_int_eq(v.ordered, 1);
    for (int i = 0; i < 10; i++) ck_assert_int_eq(v.code[i], want[i]);
    pg_value_clear(&v);
    pg_dataset_free(ds);
}
END_TEST

/* ------------------------------------------------------------------------------------------ */
/* "Did you mean"                                                                             */

/* suggest.h's rule: case-insensitive edit distance d, a prefix counting 1; the nearest
 * (earliest on ties) when d < length and (d <= 2 or 3 d <= length). */
START_TEST(suggest_rule)
{
    static const char *const c[] = {"age", "grade", "size_cm", "status", "depth", "Surv"};
    ck_assert_str_eq(pg_suggest("Age", c, 6), "age");           /* case only: d = 0 */
    ck_assert_str_eq(pg_suggest("grdae", c, 6), "grade");       /* d = 2 */
    ck_assert_str_eq(pg_suggest("stauts", c, 6), "status");
    ck_assert_str_eq(pg_suggest("size", c, 6), "size_cm");      /* a prefix */
    ck_assert_str_eq(pg_suggest("surv", c, 6), "Surv");
    ck_assert_str_eq(pg_suggest("ag", c, 6), "age");            /* prefix, d = 1 < 2 */
    ck_assert_ptr_null(pg_suggest("a", c, 6));                  /* prefix of "age": 1 !< 1 */
    ck_assert_ptr_null(pg_suggest("xyz", c, 6));
    ck_assert_ptr_null(pg_suggest("", c, 6));
    ck_assert_ptr_null(pg_suggest("age", c, 0));
    /* ties go to the earlier candidate */
    static const char *const t[] = {"abc", "abd"};
    ck_assert_str_eq(pg_suggest("abx", t, 2), "abc");
    /* long names: a third of the length; "necrosis_percent" has 16 letters, 4 edits pass */
    static const char *const l[] = {"necrosis_percent"};
    ck_assert_str_eq(pg_suggest("necrosys_prcnt", l, 1), "necrosis_percent");
    ck_assert_ptr_null(pg_suggest("nxcxoxixxpxrcxnt", l, 1));     /* 7 edits > 16 / 3 */
    /* levels (pg_suggest_level): accents, case and blanks folded; a swap is one edit; short
     * codes only at one edit */
    static const char *const lv[] = {"No", "S\xc3\xad", "AWD", "DOC", "DOD", "NED",
                                     "Muerto por enfermedad"};
    ck_assert_str_eq(pg_suggest_level("Si", lv, 7), "S\xc3\xad");
    ck_assert_str_eq(pg_suggest_level("  muerto por  Enfermedad ", lv, 7),
                     "Muerto por enfermedad");
    ck_assert_str_eq(pg_suggest_level("ADW", lv, 7), "AWD");      /* a swap */
    ck_assert_str_eq(pg_suggest_level("NDE", lv, 7), "NED");
    ck_assert_str_eq(pg_suggest_level("DODD", lv, 7), "DOD");     /* one edit */
    ck_assert_ptr_null(pg_suggest_level("DEAD", lv, 7));          /* two edits of a short word */
    ck_assert_ptr_null(pg_suggest_level("ZZZ", lv, 7));
    pg_dataset *ds = small();
    ck_err(ds, "siz > 1", 0, "--where: unknown variable 'siz'; did you mean 'size_cm'?", 1);
    ck_err(ds, "Status == 'DOD'", 0, "--where: unknown variable 'Status'; did you mean "
           "'status'?", 1);
    ck_err(ds, "expp(x)", 1, "unknown function 'expp' in term 'expp(x)'; did you mean 'exp'?", 1);
    ck_err(ds, "Factor(x)", 1, "unknown function 'Factor' in term 'Factor(x)'; did you mean "
           "'factor'?", 1);
    pg_dataset_free(ds);
}
END_TEST

static Suite *expr_suite(void)
{
    Suite *s = suite_create("expr");
    TCase *tc = tcase_create("lex");
    tcase_add_test(tc, lex_numbers_strings_names_operators);
    tcase_add_test(tc, lex_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("reference");
    tcase_add_test(tc, deparse_like_r);
    tcase_add_test(tc, numbers_print_like_r);
    tcase_add_test(tc, precedence_like_r);
    tcase_add_test(tc, precedence_groups_like_r);
    tcase_add_test(tc, print_round_trip);
    tcase_add_test(tc, na_logic_like_r);
    tcase_add_test(tc, text_comparisons);
    tcase_add_test(tc, functions);
    tcase_add_test(tc, builtins_na_like_r);
    tcase_add_test(tc, power_like_r);
    tcase_add_test(tc, factor_levels);
    suite_add_tcase(s, tc);
    tc = tcase_create("staging");
    tcase_add_test(tc, ajcc_t_categories);
    tcase_add_test(tc, ajcc_t_published_table);
    tcase_add_test(tc, fnclcc_grades);
    tcase_add_test(tc, fnclcc_published_table);
    tcase_add_test(tc, fnclcc_na_components);
    tcase_add_test(tc, fnclcc_matches_cohort_grade);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_add_test(tc, edge_cases);
    tcase_add_test(tc, random_token_soup);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, errors_exact);
    tcase_add_test(tc, builtin_table);
    tcase_add_test(tc, arity_errors_name_the_function);
    tcase_add_test(tc, suggest_rule);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(expr_suite());
}
