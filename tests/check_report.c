/* check_report.c -- the report writer (pg_report_write) over real command outputs stored in
 * tests/data/report/ (made by prognos km/logrank/cox/table --format json|md|html and plot -o
 * x.svg on datasets/lms_synthetic.csv; a failing cox from --where 'depth == "dermal" &
 * months < 20'; km on labels.csv, whose labels hold <, &, quotes and accents). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "pg_test.h"
#include "prognos/plan_report.h"
#include "prognos/sha256.h"

#define RD PG_TEST_DATA "/report/"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static char *slurp_in(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path);
}

typedef struct {
    pg_report r;
    pg_report_item items[8];
    pg_report_input input;
    char *text[32];
    size_t ntext;
} fixture;

static const char *keep(fixture *x, const char *file)
{
    char path[512];
    snprintf(path, sizeof path, RD "%s", file);
    return x->text[x->ntext++] = slurp(path);
}

static void item(fixture *x, size_t i, const char *id, const char *type, const char *title)
{
    x->items[i] = (pg_report_item){id, type, title, 0, NULL, NULL, NULL, NULL, NULL};
}

/* Eight analyses: km, logrank, cox (ties = cox_file's), table, two figures, a failure and
 * the labels' km. */
static void fixture_init(fixture *x, const char *cox_json, const char *cox_md)
{
    memset(x, 0, sizeof *x);
    item(x, 0, "km_depth", "km", "Kaplan-Meier: DSS by depth");
    x->items[0].json = keep(x, "km_depth.json");
    x->items[0].markdown = keep(x, "km_depth.md");
    item(x, 1, "lr_depth", "logrank", "Log-rank test: DSS by depth");
    x->items[1].json = keep(x, "lr_depth.json");
    x->items[1].markdown = keep(x, "lr_depth.md");
    item(x, 2, "cox_mv", "cox", "Cox model: DSS ~ depth + I(size_cm > 5)");
    x->items[2].json = keep(x, cox_json);
    x->items[2].markdown = keep(x, cox_md);
    item(x, 3, "tab", "table", "Prognostic factors for DSS");
    x->items[3].json = keep(x, "table_depth.json");
    x->items[3].html = keep(x, "table_depth.html");
    item(x, 4, "fig", "plot", "Figure: DSS by depth");
    x->items[4].svg = keep(x, "plot_depth.svg");
    item(x, 5, "forest", "plot", "Forest plot: DSS ~ depth + I(size_cm > 5)");
    x->items[5].svg = keep(x, "plot_forest.svg");
    item(x, 6, "cox_2_DSS_depth=dermal", "cox", "Cox model: DSS ~ depth, depth = dermal");
    x->items[6].status = 1;
    x->items[6].message = "cox: no events (every observation is censored)";
    item(x, 7, "km_labels", "km", "KM by size <5 cm & Tamaño");
    x->items[7].json = keep(x, "km_labels.json");
    x->items[7].markdown = keep(x, "km_labels.md");
    pg_error e = {0};
    x->input.name = "tests/data/report/labels.csv";
    ck_assert_int_eq(pg_sha256_file(RD "labels.csv", x->input.sha256, &x->input.size, &e), PG_OK);
    x->r.version = "0.1.0";
    x->r.plan_file = "plan.yaml";
    pg_sha256_buf("plan", 4, x->r.plan_sha256);
    x->r.inputs = &x->input;
    x->r.n_inputs = 1;
    x->r.items = x->items;
    x->r.n_items = 8;
}

static void fixture_free(fixture *x)
{
    for (size_t i = 0; i < x->ntext; i++) free(x->text[i]);
}

static const char *const all_formats[] = {"html", "md", "json", NULL};

static void write_report(const pg_report *r, char *dir)
{
    strcpy(dir, "/tmp/pg_report_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    pg_error e = {0};
    int rc = pg_report_write(r, dir, all_formats, &e);
    ck_assert_msg(rc == PG_OK, "pg_report_write: %s", e.msg);
}

static void remove_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static size_t count(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what)) n++;
    return n;
}

/* Every id="..." or id='...' of the page, appended to ids (at most cap). */
static size_t collect_ids(const char *html, char **ids, size_t cap)
{
    size_t n = 0;
    for (const char *p = html; (p = strstr(p, "id=")); p += 3) {
        if (p == html || (p[-1] != ' ' && p[-1] != '\n' && p[-1] != '\t')) continue;
        char q = p[3];
        if (q != '"' && q != '\'') continue;
        const char *e = strchr(p + 4, q);
        ck_assert_ptr_nonnull(e);
        ck_assert_uint_lt(n, cap);
        ids[n++] = strndup(p + 4, (size_t)(e - p - 4));
    }
    return n;
}

START_TEST(html_is_self_contained)
{
    fixture x;
    fixture_init(&x, "cox_efron.json", "cox_efron.md");
    char dir[64];
    write_report(&x.r, dir);
    char *html = slurp_in(dir, "report.html");
    ck_assert_ptr_null(strstr(html, "src="));
    ck_assert_ptr_null(strstr(html, "href=\"http"));
    ck_assert_ptr_null(strstr(html, "<script"));
    ck_assert_ptr_null(strstr(html, "<link"));
    ck_assert_uint_eq(count(html, "<svg"), 2);          /* one per figure */
    ck_assert_ptr_null(strstr(html, "<?xml"));          /* gnuplot's prolog dropped */
    ck_assert_uint_eq(count(html, "<!DOCTYPE"), 1);
    /* ids unique; each contents or manifest link and each SVG reference resolves */
    static char *ids[4096];
    size_t n = collect_ids(html, ids, 4096);
    ck_assert_uint_gt(n, 20);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            ck_assert_msg(strcmp(ids[i], ids[j]) != 0, "id '%s' twice", ids[i]);
    size_t links = 0;
    for (const char *p = html; (p = strstr(p, "href=")); p += 5) {
        char q = p[5];
        ck_assert_int_eq(p[6], '#');
        const char *e = strchr(p + 7, q);
        size_t len = (size_t)(e - p - 7);
        size_t k = 0;
        while (k < n && (strlen(ids[k]) != len || strncmp(ids[k], p + 7, len) != 0)) k++;
        ck_assert_msg(k < n, "link to '%.*s' without its id", (int)len, p + 7);
        links++;
    }
    ck_assert_uint_gt(links, 10);
    ck_assert_ptr_nonnull(strstr(html, "<a href=\"#a-cox_2_DSS_depth_dermal\">"));
    ck_assert_ptr_nonnull(strstr(html, "id=\"fig1-gnuplot_canvas\""));
    ck_assert_ptr_nonnull(strstr(html, "id=\"fig2-gnuplot_canvas\""));
    for (size_t i = 0; i < n; i++) free(ids[i]);
    /* the table's html fragment as it is; km's Markdown became an HTML table */
    ck_assert_ptr_nonnull(strstr(html, "<th style=\"padding:2px 6px;text-align:left;"));
    ck_assert_ptr_nonnull(strstr(html, "<td>depth=subcutaneous</td>"));
    free(html);
    remove_tree(dir);
    fixture_free(&x);
}
END_TEST

START_TEST(methods_from_what_ran)
{
    fixture x;
    fixture_init(&x, "cox_efron.json", "cox_efron.md");
    char dir[64];
    write_report(&x.r, dir);
    char *html = slurp_in(dir, "report.html");
    ck_assert_ptr_nonnull(strstr(html, "Kaplan-Meier method (Kaplan &amp; Meier 1958)"));
    /* km_depth used --conf-type log-log, the table and labels' km the default log */
    ck_assert_ptr_nonnull(strstr(html, "95% confidence intervals used Greenwood's variance "
                                       "(Greenwood 1926) with the log-log and log "
                                       "transformations"));
    ck_assert_ptr_nonnull(strstr(html, "log-rank test (Mantel 1966; Peto &amp; Peto 1972)"));
    ck_assert_ptr_nonnull(strstr(html, "ties handled by Efron's method (Efron 1977)"));
    ck_assert_ptr_null(strstr(html, "Breslow"));
    ck_assert_ptr_null(strstr(html, "Firth"));
    ck_assert_ptr_null(strstr(html, "Lin &amp; Wei"));   /* robust_se is null: not asked */
    ck_assert_ptr_nonnull(strstr(html, "Of the plan's 8 analyses, 1 could not be done; it is listed with its reason."));
    ck_assert_ptr_nonnull(strstr(html, "Analyses were done with prognos 0.1.0."));
    ck_assert_ptr_nonnull(strstr(html, "<li>Efron B. The efficiency of Cox"));
    free(html);
    remove_tree(dir);
    fixture_free(&x);

    fixture_init(&x, "cox_breslow.json", "cox_breslow.md");
    x.items[3].status = 2;     /* without the table (efron) only the breslow model is left */
    x.items[3].message = "table: something wrong";
    write_report(&x.r, dir);
    html = slurp_in(dir, "report.html");
    ck_assert_ptr_nonnull(strstr(html, "ties handled by Breslow's method (Breslow 1974)"));
    ck_assert_ptr_null(strstr(html, "Efron"));
    ck_assert_ptr_nonnull(strstr(html, "<li>Breslow N. Covariance analysis"));
    ck_assert_ptr_nonnull(strstr(html, "Of the plan's 8 analyses, 2 could not be done"));
    free(html);
    remove_tree(dir);
    fixture_free(&x);
}
END_TEST

START_TEST(failures_and_labels_shown)
{
    fixture x;
    fixture_init(&x, "cox_efron.json", "cox_efron.md");
    char dir[64];
    write_report(&x.r, dir);
    char *html = slurp_in(dir, "report.html");
    char *md = slurp_in(dir, "report.md");
    const char *msg = "cox: no events (every observation is censored)";
    ck_assert_ptr_nonnull(strstr(html, msg));
    ck_assert_ptr_nonnull(strstr(md, msg));
    ck_assert_ptr_nonnull(strstr(html, "Not done</strong> (exit 1: cannot be done on these data)"));
    /* <, & and quotes escaped; UTF-8 as it is */
    ck_assert_ptr_nonnull(strstr(html, "KM by size &lt;5 cm &amp; Tamaño"));
    ck_assert_ptr_nonnull(strstr(html, "<td>size=&lt;5 cm &amp; small</td>"));
    ck_assert_ptr_nonnull(strstr(html, "size=Tamaño ≥5 &quot;grande&quot;"));
    ck_assert_ptr_null(strstr(html, "<5 cm"));
    /* the manifest: digests and options in force */
    ck_assert_ptr_nonnull(strstr(html, x.input.sha256));
    ck_assert_ptr_nonnull(strstr(html, x.r.plan_sha256));
    ck_assert_ptr_nonnull(strstr(html, "conf-type=log-log, times=60,120, conf-level=0.95"));
    ck_assert_ptr_nonnull(strstr(md, "conf-type=log-log, times=60,120, conf-level=0.95"));
    /* Markdown: headings below the section, figures as files */
    ck_assert_ptr_nonnull(strstr(md, "\n### Kaplan-Meier: Surv(months, status == \"DOD\") ~ depth\n"));
    ck_assert_ptr_nonnull(strstr(md, "](figures/fig.svg)"));
    ck_assert_ptr_nonnull(strstr(md, "](figures/forest.svg)"));
    ck_assert_ptr_nonnull(strstr(md, "[Manifest](#manifest)"));
    char *svg = slurp_in(dir, "figures/fig.svg");
    ck_assert_str_eq(svg, x.items[4].svg);
    free(svg);
    free(md);
    free(html);
    remove_tree(dir);
    fixture_free(&x);
}
END_TEST

START_TEST(results_json_has_every_item)
{
    fixture x;
    fixture_init(&x, "cox_efron.json", "cox_efron.md");
    char dir[64];
    write_report(&x.r, dir);
    char path[128];
    snprintf(path, sizeof path, "%s/results.json", dir);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    ck_assert_msg(root != NULL, "results.json: %s", je.text);
    ck_assert_str_eq(json_string_value(json_object_get(root, "prognos")), "0.1.0");
    json_t *plan = json_object_get(root, "plan");
    ck_assert_str_eq(json_string_value(json_object_get(plan, "sha256")), x.r.plan_sha256);
    json_t *in = json_array_get(json_object_get(root, "inputs"), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(in, "size")), x.input.size);
    json_t *an = json_object_get(root, "analyses");
    ck_assert_uint_eq(json_array_size(an), 8);
    for (size_t i = 0; i < 8; i++) {
        json_t *a = json_array_get(an, i);
        ck_assert_str_eq(json_string_value(json_object_get(a, "id")), x.items[i].id);
        ck_assert_int_eq(json_integer_value(json_object_get(a, "status")), x.items[i].status);
        json_t *res = json_object_get(a, "result");
        if (x.items[i].json) {
            json_t *want = json_loads(x.items[i].json, 0, &je);
            ck_assert_msg(json_equal(res, want), "result of %s differs", x.items[i].id);
            json_decref(want);
        } else {
            ck_assert(json_is_null(res));
        }
    }
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(an, 6), "message")),
                     x.items[6].message);
    json_decref(root);
    remove_tree(dir);
    fixture_free(&x);
}
END_TEST

START_TEST(rerun_is_identical)
{
    fixture x;
    fixture_init(&x, "cox_efron.json", "cox_efron.md");
    char a[64], b[64];
    write_report(&x.r, a);
    write_report(&x.r, b);
    static const char *const files[] = {"report.html", "report.md", "results.json",
                                        "figures/fig.svg", "figures/forest.svg"};
    for (size_t i = 0; i < 5; i++) {
        char *ta = slurp_in(a, files[i]), *tb = slurp_in(b, files[i]);
        ck_assert_msg(strcmp(ta, tb) == 0, "%s differs between runs", files[i]);
        free(ta);
        free(tb);
    }
    /* over an existing report: replaced, and no temporary file left */
    pg_error e = {0};
    ck_assert_int_eq(pg_report_write(&x.r, a, all_formats, &e), PG_OK);
    DIR *d = opendir(a);
    struct dirent *de;
    size_t n = 0;
    while ((de = readdir(d)))
        if (de->d_name[0] != '.') {
            ck_assert_ptr_null(strstr(de->d_name, "tmp"));
            n++;
        }
    closedir(d);
    ck_assert_uint_eq(n, 4);   /* report.html report.md results.json figures */
    remove_tree(a);
    remove_tree(b);
    fixture_free(&x);
}
END_TEST

START_TEST(errors_leave_nothing)
{
    fixture x;
    fixture_init(&x, "cox_efron.json", "cox_efron.md");
    char dir[64];
    strcpy(dir, "/tmp/pg_report_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    pg_error e = {0};
    const char *const bad[] = {"html", "pdf", NULL};
    ck_assert_int_eq(pg_report_write(&x.r, dir, bad, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "report: unknown format 'pdf' (html, md or json)");
    x.items[1].json = "{\"a\": 1,";   /* a broken result: refused, nothing written */
    ck_assert_int_eq(pg_report_write(&x.r, dir, all_formats, &e), PG_EINPUT);
    ck_assert_ptr_nonnull(strstr(e.msg, "the JSON of analysis 'lr_depth'"));
    ck_assert_int_eq(rmdir(dir), 0);   /* still empty */
    x.items[1].json = x.text[2];
    char sub[128];
    snprintf(sub, sizeof sub, "%s/no/such/dir", dir);
    ck_assert_int_eq(pg_report_write(&x.r, sub, all_formats, &e), PG_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "cannot create the directory"));
    fixture_free(&x);
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("reference");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, html_is_self_contained);
    tcase_add_test(tc, methods_from_what_ran);
    tcase_add_test(tc, failures_and_labels_shown);
    tcase_add_test(tc, results_json_has_every_item);
    tcase_add_test(tc, rerun_is_identical);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("errors");
    tcase_add_test(te, errors_leave_nothing);
    suite_add_tcase(s, te);
    return s;
}

int main(void)
{
    return pg_test_run(report_suite());
}
