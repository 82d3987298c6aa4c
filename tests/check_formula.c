/* check_formula.c -- the formula parser: expansion into terms as R's terms() does it (main
 * effects, interactions, removal, strata(), cluster(), the named arguments of Surv()), and its
 * errors (exact message and caret column). The expression language the formula is written in
 * has its own suite, check_expr.c. Expected values are R's (R 4.2: terms(...)$term.labels). */
#include <string.h>

#include "formula.h"
#include "pg_test.h"

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
    ck_assert_ptr_null(f->start);
    pg_formula_free(f);
    /* Surv(start, stop, event), by position or R's names time / time2 / event */
    f = fparse("Surv(tstart, tstop, death) ~ x");
    ck_assert_str_eq(f->start->name, "tstart");
    ck_assert_str_eq(f->time->name, "tstop");
    ck_assert_str_eq(f->event->name, "death");
    pg_formula_free(f);
    f = fparse("Surv(event = d, time2 = b, a) ~ x");
    ck_assert_str_eq(f->start->name, "a");
    ck_assert_str_eq(f->time->name, "b");
    ck_assert_str_eq(f->event->name, "d");
    pg_formula_free(f);
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
    ck_ferr("Surv(time) ~ age", "Surv() needs two arguments, time and event (or three: start, "
            "stop and event), not 1", 1);
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
    tcase_add_test(tc, terms_like_r);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, formula_errors_exact);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(formula_suite());
}
