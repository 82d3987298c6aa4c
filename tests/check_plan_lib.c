/* tests/check_plan_lib.c -- a plan run from C through the public API alone (prognos.h: pg_plan_read,
 * pg_plan_run), linked against the shared library: tests/data/plans/aml.yaml run into a temporary
 * directory, results.json read back (jansson) and its numbers compared with R's:
 *   survfit(Surv(time, status) ~ x, aml): medians 31 (Maintained) and 23 (Nonmaintained)
 *   survdiff(Surv(time, status) ~ x, aml)$chisq = 3.396388699; coxph(Surv(time, status) ~ x,
 *   aml) coef 0.915532575 (scripts/fixtures/plan_lib.R). Also: a wrong plan returns 2 with its message
 *   in opts.log and writes nothing, and the caller's stdout and environment are untouched; the
 *   library's messages speak in their own context (the plan's or the data file's name, with
 *   line and column), never as the CLI's "prognos run:". */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <prognos.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];

static void rm_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static json_t *analysis(json_t *root, const char *id)
{
    json_t *a = json_object_get(root, "analyses"), *x;
    size_t i;
    json_array_foreach(a, i, x) if (strcmp(json_string_value(json_object_get(x, "id")), id) == 0)
        return json_object_get(x, "result");
    return NULL;
}

static double num(json_t *v)
{
    ck_assert_msg(json_is_number(v), "not a number");
    return json_number_value(v);
}

START_TEST(plan_runs_from_c)
{
    ck_assert_int_eq(chdir(PG_TEST_DATA), 0);
    pg_plan *p = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_plan_read("plans/aml.yaml", &p, &e), PG_OK);
    snprintf(dir, sizeof dir, "/tmp/check_plan_lib.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *log = tmpfile();
    pg_plan_run_opts o;
    pg_plan_run_opts_init(&o);
    o.dir = dir;
    o.workers = 2;
    o.log = log;
    ck_assert_int_eq(pg_plan_run(p, &o), PG_OK);
    pg_plan_free(p);
    char path[128];
    snprintf(path, sizeof path, "%s/results.json", dir);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    ck_assert_msg(root != NULL, "results.json: %s", je.text);
    snprintf(path, sizeof path, "%s/report.md", dir);
    ck_assert_int_eq(access(path, R_OK), 0);
    ck_assert_int_eq((int)json_array_size(json_object_get(root, "analyses")), 3);
    json_t *km = analysis(root, "km_x"), *lr = analysis(root, "lr_x"), *cox = analysis(root, "cox_x");
    ck_assert_ptr_nonnull(km);
    ck_assert_ptr_nonnull(lr);
    ck_assert_ptr_nonnull(cox);
    json_t *st = json_object_get(km, "curves");
    ck_assert_double_eq_tol(num(json_object_get(json_object_get(json_array_get(st, 0), "median"),
                                                "estimate")), 31, 1e-9);
    ck_assert_double_eq_tol(num(json_object_get(json_object_get(json_array_get(st, 1), "median"),
                                                "estimate")), 23, 1e-9);
    ck_assert_double_eq_tol(num(json_object_get(lr, "chisq")), 3.396388699, 1e-8);
    json_t *coef = json_array_get(json_object_get(cox, "coefficients"), 0);
    ck_assert_double_eq_tol(num(json_object_get(coef, "coef")), 0.915532575, 1e-8);
    json_decref(root);
    fclose(log);
    rm_dir();
}
END_TEST

START_TEST(wrong_plan_writes_nothing)
{
    ck_assert_int_eq(chdir(PG_TEST_DATA), 0);
    pg_plan *p = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_plan_read("plans/bad.yaml", &p, &e) == PG_OK || e.line > 0, 1);
    if (!p) return;   /* bad.yaml is wrong in its shape: the reader said where */
    snprintf(dir, sizeof dir, "/tmp/check_plan_lib.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    FILE *log = tmpfile();
    pg_plan_run_opts o;
    pg_plan_run_opts_init(&o);
    o.dir = dir;
    o.log = log;
    ck_assert_int_eq(pg_plan_run(p, &o), 2);
    pg_plan_free(p);
    ck_assert_int_gt(ftell(log), 0);   /* the plan's error, located */
    char path[128];
    snprintf(path, sizeof path, "%s/results.json", dir);
    ck_assert_int_ne(access(path, F_OK), 0);
    fclose(log);
    rm_dir();
}
END_TEST

/* Write text to path. */
static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_ge(fputs(text, f), 0);
    ck_assert_int_eq(fclose(f), 0);
}

/* Run the plan at path from C with no report directory given; return its exit status and
 * leave what it said in msg. */
static int run_logged(const char *path, char *msg, size_t size)
{
    pg_plan *p = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_plan_read(path, &p, &e), PG_OK);
    FILE *log = tmpfile();
    ck_assert_ptr_nonnull(log);
    pg_plan_run_opts o;
    pg_plan_run_opts_init(&o);
    o.log = log;
    int rc = pg_plan_run(p, &o);
    pg_plan_free(p);
    rewind(log);
    size_t got = fread(msg, 1, size - 1, log);
    msg[got] = '\0';
    fclose(log);
    return rc;
}

START_TEST(messages_in_own_context)
{
    char path[128], csv[128], text[512], msg[2048];
    snprintf(dir, sizeof dir, "/tmp/check_plan_lib.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    /* no output.dir and no opts.dir: the plan's name, not the program's */
    snprintf(path, sizeof path, "%s/nodir.yaml", dir);
    snprintf(text, sizeof text, "data:\n  aml: {file: '%s/aml.csv'}\nanalyses:\n"
             "  - {type: km, formula: 'Surv(time, status) ~ x'}\n", PG_TEST_DATA);
    put(path, text);
    ck_assert_int_eq(run_logged(path, msg, sizeof msg), 2);
    ck_assert_msg(strncmp(msg, path, strlen(path)) == 0 && strstr(msg, ": no report directory"),
                  "got: %s", msg);
    ck_assert_msg(!strstr(msg, "prognos run"), "got: %s", msg);
    /* a data file the reader rejects: its own file:line:col, from the commands' reader */
    snprintf(csv, sizeof csv, "%s/ragged.csv", dir);
    put(csv, "time,status\n1,1\n2,0,7\n");
    snprintf(path, sizeof path, "%s/ragged.yaml", dir);
    snprintf(text, sizeof text, "data:\n  d: {file: '%s'}\nanalyses:\n"
             "  - {type: km, formula: 'Surv(time, status) ~ 1'}\noutput: {dir: '%s/out'}\n",
             csv, dir);
    put(path, text);
    ck_assert_int_eq(run_logged(path, msg, sizeof msg), 2);
    ck_assert_msg(strncmp(msg, csv, strlen(csv)) == 0 && msg[strlen(csv)] == ':', "got: %s", msg);
    ck_assert_msg(!strstr(msg, "prognos run"), "got: %s", msg);
    snprintf(path, sizeof path, "%s/out/results.json", dir);
    ck_assert_int_ne(access(path, F_OK), 0);
    rm_dir();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("plan_lib");
    TCase *tc = tcase_create("public");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, plan_runs_from_c);
    tcase_add_test(tc, wrong_plan_writes_nothing);
    tcase_add_test(tc, messages_in_own_context);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
