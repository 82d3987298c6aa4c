/* tests/check_plan.c -- the plan reader (src/plan/plan_read.c) and its expansion
 * (plan_jobs.c): sections and keys, lists of endpoints and right-hand sides, generated ids,
 * subgroup levels from the data, and errors located at the plan's line:column (1-based). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_check.h"
#include "plan_int.h"

static char path[64];

/* Write text to a temporary plan file and read it; rc the status. */
static pg_plan *read_text(const char *text, int *rc, pg_error *err)
{
    snprintf(path, sizeof path, "/tmp/check_plan.XXXXXX");
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    pg_plan *p = NULL;
    *rc = pg_plan_read(path, &p, err);
    remove(path);
    return p;
}

static const char *const lms =
    "data:\n"
    "  lms: {file: " PG_TEST_DATA "/../../datasets/lms_synthetic.csv, delim: ','}\n"
    "endpoints:\n"
    "  DSS: 'Surv(months, status == \"DOD\")'\n"
    "  OS: Surv(months, status != \"NED\")\n"
    "analyses:\n"
    "  - {id: lr, type: logrank, endpoint: [DSS, OS], by: [depth, sex], rho: 1}\n"
    "  - {type: cox, endpoint: DSS, terms: 'I(size_cm > 5)', subgroups: [depth], firth: true}\n"
    "output: {dir: report, formats: [json, md]}\n";

START_TEST(plan_parses_sections)
{
    pg_error err = {0};
    int rc;
    pg_plan *p = read_text(lms, &rc, &err);
    ck_assert_msg(rc == PG_OK, "%s", err.msg);
    ck_assert_uint_eq(p->n_data, 1);
    ck_assert_uint_eq(p->data[0].n_opts, 1);
    ck_assert_str_eq(p->data[0].opts[0].key, "delim");
    ck_assert_uint_eq(p->n_endpoints, 2);
    /* a quoted scalar's location is its text's first character, a plain one's its own */
    ck_assert_int_eq(p->endpoints[0].loc.line, 4);
    ck_assert_int_eq(p->endpoints[0].loc.col, 9);
    ck_assert_int_eq(p->endpoints[1].loc.col, 7);
    ck_assert_uint_eq(p->n_specs, 2);
    ck_assert_uint_eq(p->specs[0].n_endpoints, 2);
    ck_assert_uint_eq(p->specs[0].n_by, 2);
    ck_assert_str_eq(p->specs[0].opts[0].key, "rho");
    ck_assert_str_eq(p->specs[0].opts[0].value, "1");
    ck_assert_ptr_null(p->specs[1].opts[0].value);   /* firth: true is a flag */
    ck_assert_str_eq(p->out_dir, "report");
    ck_assert_uint_eq(p->n_formats, 2);
    pg_plan_free(p);
}
END_TEST

START_TEST(plan_expands_the_product)
{
    pg_error err = {0};
    int rc;
    pg_plan *p = read_text(lms, &rc, &err);
    ck_assert_int_eq(rc, PG_OK);
    pg_csv_opts co;
    pg_csv_opts_init(&co);
    const char *file = p->data[0].files[0];
    ck_assert_int_eq(pg_dataset_read(&file, 1, &co, &p->data[0].ds, &err), PG_OK);
    plan_job *jobs = NULL;
    size_t n = 0;
    ck_assert_int_eq(plan_expand(p, &jobs, &n, &err), PG_OK);
    ck_assert_uint_eq(n, 4 + 2);   /* 2 endpoints x 2 by, then depth's two levels */
    ck_assert_str_eq(jobs[0].id, "lr_DSS_depth");
    ck_assert_str_eq(jobs[1].id, "lr_DSS_sex");
    ck_assert_str_eq(jobs[2].id, "lr_OS_depth");
    ck_assert_str_eq(jobs[0].formula, "Surv(months, status == \"DOD\") ~ depth");
    ck_assert_str_eq(jobs[4].id, "cox_2_DSS_I(size_cm > 5)_depth=dermal");
    ck_assert_str_eq(jobs[4].where, "`depth` == \"dermal\"");
    ck_assert_str_eq(jobs[4].title, "Cox model: DSS ~ I(size_cm > 5) [depth=dermal]");
    ck_assert_uint_eq(jobs[4].rhs_off, strlen("Surv(months, status == \"DOD\") ~ "));
    plan_jobs_free(jobs, n);
    pg_plan_free(p);
}
END_TEST

/* Each wrong plan: its error's line, column and message. */
static void expect_error(const char *text, long line, long col, const char *msg)
{
    pg_error err = {0};
    int rc;
    pg_plan *p = read_text(text, &rc, &err);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(rc, PG_EINPUT);
    ck_assert_msg(err.line == line && err.column == col && strstr(err.msg, msg),
                  "want %ld:%ld '%s', got %ld:%ld '%s'", line, col, msg, err.line, err.column,
                  err.msg);
}

START_TEST(plan_errors_located)
{
    expect_error("data: {a: {file: x.csv}}\nanalyses: []\noutptu: {}\n", 3, 1,
                 "unknown key 'outptu' in the plan; did you mean 'output'?");
    expect_error("data: {a: {file: x.csv, delimm: ';'}}\nanalyses: []\n", 1, 25,
                 "did you mean 'delim'?");
    expect_error("data: {a: {file: x.csv}}\nendpoints: {DSS: 'Surv(t, s)'}\n"
                 "analyses:\n  - {type: km, endpoint: DS}\n", 4, 26,
                 "unknown endpoint 'DS'; did you mean 'DSS'?");
    expect_error("data: {a: {file: x.csv}}\nanalyses:\n  - {type: km, data: b}\n", 3, 22,
                 "unknown data source 'b'");
    expect_error("data: {a: {file: x.csv}}\nanalyses:\n  - {data: a}\n", 3, 5, "no 'type'");
    expect_error("data: {a: {file: x.csv}}\nanalyses: [{type: km, format: json}]\n", 2, 23,
                 "'format' is the plan's");
    expect_error("data: {a: {file: x.csv}}\nanalyses: []\noutput: {formats: [pdf]}\n", 3, 20,
                 "unknown report format 'pdf'");
    expect_error("data: {a: {file: x.csv}\n", 2, 1, "not YAML");
}
END_TEST

static int has_name(const cli_names *s, const char *name)
{
    for (size_t k = 0; k < s->n; k++)
        if (strcmp(s->name[k], name) == 0) return 1;
    return 0;
}

/* The columns a source's analyses evaluate (plan_columns.c), for a reader that converts only
 * those: every endpoint x right-hand side, wheres, subgroups, id/weights/label options. */
START_TEST(plan_columns_of_a_source)
{
    static const char *const text =
        "data:\n"
        "  a: {file: x.csv, where: 'age >= 18'}\n"
        "  b: {file: y.csv}\n"
        "endpoints:\n"
        "  DSS: 'Surv(months, status == \"DOD\")'\n"
        "  RFS: 'Surv(rfs_months, relapse)'\n"
        "analyses:\n"
        "  - {type: km, data: a, endpoint: [DSS, RFS], by: [depth, 'I(size_cm > 5)'],\n"
        "     where: 'sex == \"F\"', weights: w}\n"
        "  - {type: cox, data: a, endpoint: DSS, terms: 'x1 + strata(source)', id_column: pid,\n"
        "     subgroups: [grade], label: ['x1=Marker one']}\n"
        "  - {type: table, data: b, endpoint: DSS, terms: depth}\n"
        "  - {type: describe, data: b}\n";
    pg_error err = {0};
    int rc;
    pg_plan *p = read_text(text, &rc, &err);
    ck_assert_msg(rc == PG_OK, "%s", err.msg);
    cli_names s = {0};
    plan_columns(p, 0, &s);
    ck_assert(!s.all);
    const char *const want[] = {"age", "months", "status", "rfs_months", "relapse", "depth",
                                "size_cm", "sex", "w", "x1", "source", "pid", "grade"};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++)
        ck_assert_msg(has_name(&s, want[k]), "missing %s", want[k]);
    ck_assert_uint_eq(s.n, sizeof want / sizeof want[0]);
    cli_names_free(&s);
    plan_columns(p, 1, &s);   /* describe looks at every column */
    ck_assert(s.all);
    cli_names_free(&s);
    pg_plan_free(p);
}
END_TEST

static Suite *plan_suite(void)
{
    Suite *s = suite_create("plan");
    TCase *t = tcase_create("reader");
    tcase_add_test(t, plan_parses_sections);
    tcase_add_test(t, plan_expands_the_product);
    tcase_add_test(t, plan_columns_of_a_source);
    suite_add_tcase(s, t);
    TCase *e = tcase_create("errors");
    tcase_add_test(e, plan_errors_located);
    suite_add_tcase(s, e);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(plan_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
