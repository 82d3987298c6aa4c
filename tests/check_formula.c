/* check_formula.c -- the expression language and formula parser: R's deparse() spelling,
 * precedence, R's three-valued logic, text comparisons, the staging functions fnclcc() and
 * ajcc_t(), formula expansion into terms, and errors (exact message and caret column).
 * Expected values are R's (R 4.2: deparse(quote(...)), eval(...), terms(...)$term.labels). */
#include <string.h>

#include "expr.h"
#include "formula.h"
#include "pg_test.h"

/* A small dataset: x numeric with NA, status text with NA, flag text TRUE/FALSE. */
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

static void ck_levels(const pg_value *v, const char *const *want, size_t n)
{
    ck_assert_int_eq(v->type, PG_V_FAC);
    ck_assert_uint_eq(v->nlevels, n);
    for (size_t k = 0; k < n; k++) ck_assert_str_eq(v->levels[k], want[k]);
}

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

static pg_formula *fparse(const char *text)
{
    pg_formula *f = NULL;
    pg_error e = {0};
    char b[512];
    int rc = pg_formula_parse(text, &f, &e);
    ck_assert_msg(rc == PG_OK, "%s: %s", text, pg_error_str(&e, b, sizeof b));
    return f;
}

static void ck_terms(const char *text, const char *const *want, size_t n)
{
    pg_formula *f = fparse(text);
    ck_assert_msg(f->nterms == n, "%s: %zu terms, want %zu", text, f->nterms, n);
    for (size_t t = 0; t < n; t++) ck_assert_str_eq(f->terms[t].label, want[t]);
    pg_formula_free(f);
}

/* R: attr(terms(formula), "term.labels") */
START_TEST(terms_like_r)
{
    static const char *const a[] = {"a", "b", "a:b"};
    ck_terms("Surv(t, e) ~ a*b", a, 3);
    static const char *const b[] = {"a", "b:a"};
    ck_terms("Surv(t, e) ~ b:a + a", b, 2);
    static const char *const c[] = {"c", "a:c", "b:c"};
    ck_terms("Surv(t, e) ~ (a + b):c + c", c, 3);
    static const char *const d[] = {"a", "b", "c", "a:b", "a:c", "b:c", "a:b:c"};
    ck_terms("Surv(t, e) ~ a*b*c", d, 7);
    static const char *const e[] = {"a", "b"};
    ck_terms("Surv(t, e) ~ a*b - a:b", e, 2);
    ck_terms("Surv(t, e) ~ a + b + a", e, 2);
    ck_terms("Surv(t, e) ~ 1", NULL, 0);
    ck_terms("Surv(t, e) ~ 0 + a + b", e, 2);
    static const char *const g[] = {"I(size_cm > 5)", "factor(grade, ref = \"2\")",
                                    "I(size_cm > 5):factor(grade, ref = \"2\")"};
    ck_terms("Surv(t, e) ~ I(size_cm>5)*factor(grade, ref='2')", g, 3);
    pg_formula *f = fparse("Surv(months, status == \"DOD\") ~ sex + strata(source, depth) + "
                           "cluster(id)");
    ck_assert_str_eq(f->response, "Surv(months, status == \"DOD\")");
    ck_assert_uint_eq(f->nterms, 1);
    ck_assert_uint_eq(f->nstrata, 2);
    ck_assert_str_eq(f->strata_labels[1], "depth");
    ck_assert_str_eq(f->cluster_label, "id");
    pg_formula_free(f);
    f = fparse("Surv(event = d, time = t) ~ x");
    ck_assert_str_eq(f->time->name, "t");
    ck_assert_str_eq(f->event->name, "d");
    pg_formula_free(f);
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

START_TEST(errors_exact)
{
    pg_dataset *ds = small();
    ck_err(ds, "factor(sizecm)", 1, "unknown variable 'sizecm' in term 'factor(sizecm)'; did "
           "you mean 'size_cm'?", 8);
    ck_err(ds, "stauts == 'DOD'", 0, "--where: unknown variable 'stauts'; did you mean "
           "'status'?", 0);
    ck_err(ds, "qqqqqqq > 1", 0, "--where: unknown variable 'qqqqqqq'", 0);
    ck_err(ds, "lg(x)", 1, "unknown function 'lg' in term 'lg(x)'; did you mean 'log'?", 1);
    ck_err(ds, "I(x > \"old\")", 1, "cannot compare numeric 'x' with the string \"old\" in term "
           "'I(x > \"old\")'", 5);
    ck_err(ds, "x %in% c('a', 'b')", 1, "cannot compare numeric 'x' with the string \"a\" in "
           "term 'x %in% c('a', 'b')'", 10);
    ck_err(ds, "status + 1", 1, "'+' needs numbers, but 'status' is text in term 'status + 1'", 8);
    ck_err(ds, "status > 'DOD'", 1, "'>' is not meaningful for text 'status' (only for ordered "
           "factors such as fnclcc() and ajcc_t()) in term 'status > 'DOD''", 8);
    ck_err(ds, "ajcc_t(size_cm) > 'T9'", 1, "'T9' is not a level of 'ajcc_t(size_cm)' (levels: "
           "T1, T2, T3, T4) in term 'ajcc_t(size_cm) > 'T9''", 17);
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

static void ck_ferr(const char *text, const char *msg, long column)
{
    pg_formula *f = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_formula_parse(text, &f, &e), PG_EINPUT);
    ck_assert_ptr_null(f);
    ck_assert_msg(strcmp(e.msg, msg) == 0, "%s:\n  got  '%s'\n  want '%s'", text, e.msg, msg);
    ck_assert_msg(e.column == column, "%s: column %ld, want %ld", text, e.column, column);
}

START_TEST(formula_errors_exact)
{
    ck_ferr("time ~ age", "the response must be Surv(time, event), as in "
            "Surv(months, status == \"DOD\") ~ sex", 1);
    ck_ferr("surv(time, status) ~ age", "unknown function 'surv' for the response; did you mean "
            "'Surv'?", 1);
    ck_ferr("Surv(time, status)", "a formula needs '~', as in Surv(time, status) ~ group", 1);
    ck_ferr("~ age", "the formula has no response: write Surv(time, event) before '~'", 1);
    ck_ferr("Surv(time) ~ age", "Surv() needs two arguments, time and event, not 1", 1);
    ck_ferr("Surv(start, stop, event) ~ age", "Surv(start, stop, event) (counting-process data) "
            "is not supported; use Surv(time, event)", 1);
    ck_ferr("Surv(t, e) ~ age ~ sex", "a formula has only one '~'", 18);
    ck_ferr("Surv(t, e) ~ age:strata(site)", "strata() cannot be part of an interaction", 18);
    ck_ferr("Surv(t, e) ~ cluster(a) + cluster(b)", "only one cluster() term is allowed", 27);
    ck_ferr("Surv(t, e) ~ Surv(t, e)", "Surv() belongs on the left of '~'", 14);
    ck_ferr("Surv(t, e) ~ \"age\"", "a string cannot be a term; compare a column with it inside "
            "I(), as in I(status == \"DOD\")", 14);
    ck_ferr("Surv(t, e) ~ age^2", "'^' in a formula means crossing terms, which is not "
            "supported; write the interactions out, or use I(x^2) for a power", 17);
    ck_ferr("Surv(t, e) ~ .", "'.' (all other columns) is not supported; list the terms", 14);
    ck_ferr("Surv(t, e) ~ 2", "a number cannot be a term (only 1 or 0, for the intercept)", 14);
    ck_ferr("Surv(t, e) ~ strata()", "strata() needs a variable", 14);
    ck_ferr("Surv(t, e) ~ age + ", "incomplete formula: nothing after '+'", 20);
    ck_ferr("Surv(t, e) ~ factor(, x)", "empty argument in factor()", 21);
    ck_ferr("", "empty formula", 1);
}
END_TEST

static Suite *formula_suite(void)
{
    Suite *s = suite_create("formula");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, deparse_like_r);
    tcase_add_test(tc, numbers_print_like_r);
    tcase_add_test(tc, precedence_like_r);
    tcase_add_test(tc, na_logic_like_r);
    tcase_add_test(tc, text_comparisons);
    tcase_add_test(tc, functions);
    tcase_add_test(tc, ajcc_t_categories);
    tcase_add_test(tc, fnclcc_grades);
    tcase_add_test(tc, fnclcc_matches_cohort_grade);
    tcase_add_test(tc, factor_levels);
    tcase_add_test(tc, terms_like_r);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_add_test(tc, edge_cases);
    tcase_add_test(tc, random_token_soup);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, errors_exact);
    tcase_add_test(tc, formula_errors_exact);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(formula_suite());
}
