/* check_plot.c -- the figure module: journal p-values, ticks and numbers at risk (against R's
 * summary.survfit), the gnuplot scripts' text (golden files in tests/golden, no gnuplot needed),
 * and, when gnuplot is installed, rendering to every terminal and failing without leftovers.
 * Fixtures: tests/plot_fixture.h (aml, R's survfit/survdiff) and scripts/fixtures/plot.R
 * (lung coxph). Set PG_UPDATE_GOLDEN=1 to rewrite the golden files after a deliberate change. */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pg_test.h"
#include "plot_fixture.h"

#define GOLDEN_DIR PG_TEST_DATA "/../golden"

/* ---- helpers ---- */

/* Generate a script into a new string (caller frees). */
static char *km_script(const pg_km *km, const pg_logrank *lr, const pg_plot_opts *o, int *rc,
                       pg_error *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    *rc = pg_plot_km_script(f, km, lr, o, e);
    fclose(f);
    /* a copy: GCC 12 at -O3 otherwise takes the result for a pointer to the local `buf` whose
     * address open_memstream was given (-Wdangling-pointer in the callers) */
    char *out = strdup(buf);
    free(buf);
    return out;
}

static char *forest_script(const pg_cox *c, const pg_frame *fr, const pg_plot_opts *o, int *rc,
                           pg_error *e)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    *rc = pg_plot_forest_script(f, c, fr, o, e);
    fclose(f);
    /* a copy: GCC 12 at -O3 otherwise takes the result for a pointer to the local `buf` whose
     * address open_memstream was given (-Wdangling-pointer in the callers) */
    char *out = strdup(buf);
    free(buf);
    return out;
}

/* Compare text with tests/golden/name, ignoring the first line (it names the version). */
static void check_golden(const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, name);
    const char *body = strchr(text, '\n');
    ck_assert_ptr_nonnull(body);
    if (getenv("PG_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "w");
        ck_assert_msg(f != NULL, "cannot write %s", path);
        fputs(text, f);
        fclose(f);
        return;
    }
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "missing golden file %s (run with PG_UPDATE_GOLDEN=1)", path);
    char *want = NULL;
    size_t cap = 0;
    ssize_t n = getdelim(&want, &cap, '\0', f);
    fclose(f);
    ck_assert(n > 0);
    const char *wbody = strchr(want, '\n');
    ck_assert_ptr_nonnull(wbody);
    if (strcmp(body, wbody) != 0) {
        /* report the first differing line */
        const char *a = body, *b = wbody;
        int line = 1;
        while (*a && *a == *b) {
            if (*a == '\n') line++;
            a++, b++;
        }
        char got[80], exp[80];
        snprintf(got, sizeof got, "%.*s", (int)strcspn(a, "\n"), a);
        snprintf(exp, sizeof exp, "%.*s", (int)strcspn(b, "\n"), b);
        free(want);
        ck_abort_msg("%s differs at line %d: got '%s', want '%s'", name, line, got, exp);
    }
    free(want);
}

/* The lines of datablock $name in script s, as one string "a b\nc d\n" (caller frees). */
static char *datablock(const char *s, const char *name)
{
    char head[64];
    snprintf(head, sizeof head, "$%s << EOD\n", name);
    const char *p = strstr(s, head);
    if (!p) return NULL;
    p += strlen(head);
    const char *end = strstr(p, "EOD\n");
    if (!end) return NULL;
    return strndup(p, (size_t)(end - p));
}

static int have_gnuplot(void)
{
    const char *path = getenv("PATH");
    if (!path) return 0;
    char *copy = strdup(path), *save = NULL;
    int found = 0;
    for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char full[4096];
        snprintf(full, sizeof full, "%s/gnuplot", d);
        found = access(full, X_OK) == 0;
    }
    free(copy);
    return found;
}

/* pg_plot_run into out with the gnuplot program prog (NULL: gnuplot on PATH). */
static int run_plot(const char *script, size_t len, const char *out, const char *prog,
                    pg_error *e)
{
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = out;
    o.gnuplot = prog;
    return pg_plot_run(script, len, &o, e);
}

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/check_plot.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Number of entries in tmpdir (besides . and ..). */
static int tmpdir_entries(void)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void rm_tmpdir(void)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    char p[600];
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
            if (rmdir(p) != 0) unlink(p);
        }
    closedir(d);
    rmdir(tmpdir);
}

static size_t read_head(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

/* ---- format ---- */

START_TEST(p_values_as_journals_print_them)
{
    char b[32];
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.0123, 1), "p = 0.012");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.0123, 0), "0.012");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.00049, 1), "p < 0.001");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 7.48e-05, 0), "< 0.001");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.001, 1), "p = 0.001");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.049, 1), "p = 0.049");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.065339322040505132, 1), "p = 0.065");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.0996, 1), "p = 0.10");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.35, 1), "p = 0.35");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.246, 0), "0.25");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.99, 1), "p = 0.99");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 0.995, 1), "p > 0.99");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, 1, 0), "> 0.99");
    ck_assert_str_eq(pg_format_pvalue(b, sizeof b, NAN, 1), "p = NA");
}
END_TEST

START_TEST(sizes_terminals_funs)
{
    double w, h;
    ck_assert_int_eq(pg_plot_size_parse("16x12cm", &w, &h), PG_OK);
    pg_ck_rel(w, 16 / 2.54, 1e-12);
    pg_ck_rel(h, 12 / 2.54, 1e-12);
    ck_assert_int_eq(pg_plot_size_parse("6x4in", &w, &h), PG_OK);
    pg_ck_rel(w, 6, 1e-12);
    ck_assert_int_eq(pg_plot_size_parse("6x4", &w, &h), PG_OK);
    pg_ck_rel(h, 4, 1e-12);
    ck_assert_int_eq(pg_plot_size_parse("85x70mm", &w, &h), PG_OK);
    pg_ck_rel(w, 8.5 / 2.54, 1e-12);
    ck_assert_int_eq(pg_plot_size_parse("16cm", &w, &h), PG_EINPUT);
    ck_assert_int_eq(pg_plot_size_parse("16x12pt", &w, &h), PG_EINPUT);
    ck_assert_int_eq(pg_plot_size_parse("-1x2in", &w, &h), PG_EINPUT);
    ck_assert_int_eq(pg_plot_size_parse("0.1x0.1in", &w, &h), PG_EINPUT);
    ck_assert_int_eq(pg_plot_terminal_for("fig.png"), PG_PLOT_PNG);
    ck_assert_int_eq(pg_plot_terminal_for("a/b.c/FIG.PDF"), PG_PLOT_PDF);
    ck_assert_int_eq(pg_plot_terminal_for("x.svg"), PG_PLOT_SVG);
    ck_assert_int_eq(pg_plot_terminal_for("x.eps"), PG_PLOT_EPS);
    ck_assert_int_eq(pg_plot_terminal_for("x.jpg"), PG_PLOT_AUTO);
    ck_assert_int_eq(pg_plot_terminal_for("dir.png/x"), PG_PLOT_AUTO);
    pg_plot_fun fun;
    ck_assert_int_eq(pg_plot_fun_parse("event", &fun), PG_OK);
    ck_assert_int_eq(fun, PG_PLOT_EVENT);
    ck_assert_int_eq(pg_plot_fun_parse("cumhaz", &fun), PG_OK);
    ck_assert_int_eq(fun, PG_PLOT_CUMHAZ);
    ck_assert_int_eq(pg_plot_fun_parse("log", &fun), PG_EINPUT);
}
END_TEST

START_TEST(ticks_exact_multiples)
{
    double t[70];
    ck_assert_uint_eq(pg_plot_ticks(25, 175, t, 70), 8);
    pg_ck_rel(t[7], 175, 0);
    ck_assert_uint_eq(pg_plot_ticks(0.1, 0.7, t, 70), 8);   /* no drift: 0.7 is kept */
    pg_ck_rel(t[7], 0.7, 1e-15);
    ck_assert_uint_eq(pg_plot_ticks(12, 60, t, 3), 3);      /* capacity */
    ck_assert_uint_eq(pg_plot_ticks(0, 60, t, 70), 0);
    ck_assert_uint_eq(pg_plot_ticks(12, NAN, t, 70), 0);
}
END_TEST

/* R: summary(survfit(Surv(time, status) ~ x, aml), times = ..., extend = TRUE)$n.risk and the
 * cumulative sum of $n.event (survminer's cumevents). */
START_TEST(at_risk_matches_summary_survfit)
{
    pg_km km = aml_km();
    double t[] = {0, 25, 50, 75, 100, 125, 150, 175};
    double nr[8], ce[8];
    double want_nr[2][8] = {{11, 6, 1, 1, 1, 1, 1, 0}, {12, 5, 0, 0, 0, 0, 0, 0}};
    double want_ce[2][8] = {{0, 4, 7, 7, 7, 7, 7, 7}, {0, 6, 11, 11, 11, 11, 11, 11}};
    for (size_t s = 0; s < 2; s++) {
        pg_plot_at_risk(&km, s, t, 8, nr, ce);
        for (int k = 0; k < 8; k++) {
            pg_ck_rel(nr[k], want_nr[s][k], 0);
            pg_ck_rel(ce[k], want_ce[s][k], 0);
        }
    }
    /* at event times (events at t are at risk at t and counted by t) */
    double u[] = {5, 23, 45, 161, 200};
    double w_nr[2][5] = {{11, 7, 3, 1, 0}, {12, 6, 1, 0, 0}};
    double w_ce[2][5] = {{0, 4, 6, 7, 7}, {2, 6, 11, 11, 11}};
    for (size_t s = 0; s < 2; s++) {
        pg_plot_at_risk(&km, s, u, 5, nr, NULL);
        pg_plot_at_risk(&km, s, u, 5, NULL, ce);
        for (int k = 0; k < 5; k++) {
            pg_ck_rel(nr[k], w_nr[s][k], 0);
            pg_ck_rel(ce[k], w_ce[s][k], 0);
        }
    }
}
END_TEST

/* ---- script ---- */

START_TEST(steps_start_at_one_and_drop_vertically)
{
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "aml.png";
    o.ci = 1;
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    char *b = datablock(s, "km_1");
    ck_assert_ptr_nonnull(b);
    /* Maintained: drops at 9, 13, 18, 23, 31, 34, 48; censored at 28, 45, 161 (last time) */
    ck_assert_str_eq(b, "0 1\n9 1\n9 0.9090909091\n13 0.9090909091\n13 0.8181818182\n"
                        "18 0.8181818182\n18 0.7159090909\n23 0.7159090909\n23 0.6136363636\n"
                        "31 0.6136363636\n31 0.4909090909\n34 0.4909090909\n34 0.3681818182\n"
                        "48 0.3681818182\n48 0.1840909091\n161 0.1840909091\n");
    free(b);
    b = datablock(s, "censor_1");
    ck_assert_str_eq(b, "13 0.8181818182\n28 0.6136363636\n45 0.3681818182\n161 0.1840909091\n");
    free(b);
    /* Nonmaintained reaches 0 at 45, where the log limits are NA: the band (a polygon out
     * along the upper limits and back along the lower ones) stops there */
    b = datablock(s, "band_2");
    ck_assert_ptr_nonnull(strstr(b, "43 0.6195486291\n45 0.6195486291\n45 0.01525652717\n"
                                    "43 0.01525652717\n"));
    ck_assert_ptr_null(strstr(b, "NaN"));
    free(b);
    /* the band comes before the curves in the plot command (drawn behind them) */
    const char *band = strstr(s, "$band_1 using"), *curve = strstr(s, "$km_1 using");
    ck_assert_ptr_nonnull(band);
    ck_assert_ptr_nonnull(curve);
    ck_assert(band < curve);
    ck_assert_ptr_nonnull(strstr(s, "fs transparent solid"));
    free(s);
}
END_TEST

START_TEST(xmax_cuts_the_curves)
{
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "aml.pdf";
    o.xmax = 30;
    o.xbreak = 10;
    o.risk_table = 1;
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    char *b = datablock(s, "km_1");
    /* goes on past 30, so the last stretch ends at xmax */
    ck_assert_ptr_nonnull(strstr(b, "23 0.6136363636\n30 0.6136363636\n"));
    ck_assert_ptr_null(strstr(b, "31 "));
    free(b);
    ck_assert_ptr_nonnull(strstr(s, "set xtics (0, 10, 20, 30)\n"));
    b = datablock(s, "risk_2");
    ck_assert_str_eq(b, "0 3 12\n10 3 8\n20 3 6\n30 3 4\n");
    free(b);
    free(s);
}
END_TEST

START_TEST(titles_are_quoted_not_interpreted)
{
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "it's.png";
    o.title = "O'Brien's \"curve\" `touch /tmp/pwned` @x \\n";
    o.xlab = "line\nbreak";
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_nonnull(
        strstr(s, "set label 'O''Brien''s \"curve\" `touch /tmp/pwned` @x \\n' at screen"));
    ck_assert_ptr_nonnull(strstr(s, "set xlabel 'line break' noenhanced\n"));
    ck_assert_ptr_nonnull(strstr(s, "outfile = 'it''s.png'\n"));
    free(s);
}
END_TEST

/* One command, four terminals: lw 1 is one point and a font point is a point in each. The
 * multipliers were measured on gnuplot 5.4 (plot.c's preamble): pdfcairo draws lw 1 at 0.5 pt
 * and epscairo at 0.25 pt, pngcairo at 1 pixel, svg at 1 user unit (1/96 in). */
START_TEST(terminals_share_line_widths_and_fonts)
{
    static const struct { const char *out, *want; } term[] = {
        {"f.png", "enhanced font 'Helvetica,8' fontscale 3.125 linewidth 4.16667 "},
        {"f.svg", "enhanced font 'Helvetica,8' fontscale 1.333333 linewidth 1.333333 "},
        {"f.pdf", "enhanced color font 'Helvetica,8' fontscale 0.75 linewidth 2 "},
        {"f.eps", "enhanced color font 'Helvetica,8' fontscale 0.75 linewidth 4 "}};
    static const char *const name[] = {"set terminal pngcairo ", "set terminal svg ",
                                       "set terminal pdfcairo ", "set terminal epscairo "};
    pg_km km = aml_km();
    for (size_t t = 0; t < 4; t++) {
        pg_plot_opts o;
        pg_plot_opts_init(&o);
        o.output = term[t].out;
        int rc;
        pg_error e = {0};
        char *s = km_script(&km, NULL, &o, &rc, &e);
        ck_assert_int_eq(rc, PG_OK);
        const char *line = strstr(s, name[t]);
        ck_assert_msg(line != NULL, "%s: no '%s'", term[t].out, name[t]);
        const char *want = strstr(line, term[t].want);
        ck_assert_msg(want && want < strchr(line, '\n'), "%s: no '%s'", term[t].out,
                      term[t].want);
        free(s);
    }
}
END_TEST

/* The band is one closed polygon per curve (upper limits out, lower limits back), drawn
 * without a border, so a PDF shows no hairlines at the steps' edges. */
START_TEST(band_is_one_polygon_without_border)
{
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "f.pdf";
    o.ci = 1;
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_nonnull(strstr(s, "$band_1 using 1:2 with filledcurves closed fc rgb "
                                    "'#0072B2' fs transparent solid 0.2 noborder notitle"));
    char *b = datablock(s, "band_1");
    ck_assert_ptr_nonnull(b);
    /* starts at (0, 1) on the upper limit, ends at (0, 1) on the lower one, one section */
    ck_assert(strncmp(b, "0 1\n", 4) == 0);
    size_t n = strlen(b);
    ck_assert(n > 6 && strcmp(b + n - 5, "0 1\n\n") == 0);
    ck_assert_ptr_null(strstr(b, "\n\n0"));
    free(b);
    free(s);
}
END_TEST

/* --break 8 on aml's 161-week axis in an 8.5 cm figure: 21 intervals, labels "160" 9 pt apart
 * would touch, so every 3rd tick is kept (24 weeks, 18 pt), and the script says so. */
START_TEST(ticks_thinned_never_touch)
{
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "f.png";
    o.xbreak = 8;
    o.risk_table = 1;
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_nonnull(strstr(s, "# x ticks every 24, not 8:"));
    ck_assert_ptr_nonnull(strstr(s, "set xtics (0, 24, 48, 72, 96, 120, 144, 168)\n"));
    free(s);
    o.xbreak = 24;    /* already far enough apart: drawn as asked */
    s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_ptr_null(strstr(s, "# x ticks every"));
    ck_assert_ptr_nonnull(strstr(s, "set xtics (0, 24, 48, 72, 96, 120, 144, 168)\n"));
    free(s);
}
END_TEST

START_TEST(golden_km_aml_full)
{
    pg_km km = aml_km();
    pg_logrank lr = aml_logrank();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "aml.pdf";
    o.ci = o.pval = o.risk_table = o.cum_events = o.median_lines = 1;
    o.time_unit = "weeks";
    o.title = "AML: maintenance chemotherapy";
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, &lr, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_nonnull(strstr(s, "Log-rank p = 0.065"));
    ck_assert_ptr_nonnull(strstr(s, "'Maintained (n = 11)'"));
    /* the bands fill every corner: the legend goes above the plot */
    ck_assert_ptr_nonnull(strstr(s, "set key at screen 0.013281, screen "));
    ck_assert_ptr_nonnull(strstr(s, "set terminal pdfcairo size 3.3465in,"));
    check_golden("km_aml_full.gp", s);
    free(s);
}
END_TEST

START_TEST(golden_km_aml_mono_event_percent)
{
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "aml.svg";
    o.fun = PG_PLOT_EVENT;
    o.percent = o.mono = o.ci = 1;
    o.width = 6;
    o.height = 4;
    o.font = "Arial";
    o.font_size = 10;
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_nonnull(strstr(s, "set terminal svg size 576,384 enhanced font 'Arial,10'"));
    ck_assert_ptr_nonnull(strstr(s, "set format y '%g%%'"));
    ck_assert_ptr_nonnull(strstr(s, "lc rgb '#000000' dt (8,4)"));   /* second curve dashed */
    char *b = datablock(s, "km_2");    /* 1 - S in percent */
    ck_assert_ptr_nonnull(strstr(b, "0 0\n5 0\n5 16.66666667\n"));
    free(b);
    check_golden("km_aml_mono_event_percent.gp", s);
    free(s);
}
END_TEST

START_TEST(golden_km_aml_cumhaz)
{
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "aml.eps";
    o.fun = PG_PLOT_CUMHAZ;
    o.censor_marks = 0;
    o.percent = 1;          /* ignored for cumhaz */
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_null(strstr(s, "$censor_1"));
    ck_assert_ptr_null(strstr(s, "%%"));
    char *b = datablock(s, "km_2");   /* -log S; stops before S = 0 */
    ck_assert_ptr_nonnull(strstr(b, "\n43 2.33"));
    ck_assert_ptr_null(strstr(b, "inf"));
    free(b);
    check_golden("km_aml_cumhaz.gp", s);
    free(s);
}
END_TEST

/* Four curves: the upper right corner is free, so the legend and p-value go there. */
START_TEST(golden_km_veteran_four_groups)
{
    pg_km km = FIXTURE_KM(VETERAN, veteran);
    pg_logrank lr = {0};
    lr.p = PLOT_VETERAN_P;
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "veteran.png";
    o.ci = o.pval = o.risk_table = 1;
    o.time_unit = "days";
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, &lr, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_nonnull(strstr(s, "set xtics (0, 200, 400, 600, 800, 1000)\n"));
    ck_assert_ptr_nonnull(strstr(s, "'Log-rank p < 0.001'"));
    ck_assert_ptr_nonnull(strstr(s, "set key inside top right"));
    ck_assert_ptr_nonnull(strstr(s, "keyentry with lines lt nodraw title 'Log-rank p < 0.001'"));
    ck_assert_ptr_nonnull(strstr(s, "'smallcell (n = 48)'"));
    /* R: summary(fit, times = c(0, 200))$n.risk for smallcell: 48, 3 */
    char *b = datablock(s, "risk_3");
    ck_assert_ptr_nonnull(b);
    ck_assert(strncmp(b, "0 4 48\n200 4 3\n", 15) == 0);
    free(b);
    check_golden("km_veteran.gp", s);
    free(s);
}
END_TEST

/* Months pick a 3-6-12 step; gehan (weeks) picks 5. */
START_TEST(automatic_breaks)
{
    pg_km km = FIXTURE_KM(GEHAN, gehan);
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "gehan.png";
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_nonnull(strstr(s, "set xtics (0, 5, 10, 15, 20, 25, 30, 35)\n"));
    free(s);
    o.time_unit = "months";   /* 35 months: steps of 6 up to 36 */
    s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_nonnull(strstr(s, "set xtics (0, 6, 12, 18, 24, 30, 36)\n"));
    ck_assert_ptr_nonnull(strstr(s, "set xlabel 'Time (months)'"));
    free(s);
}
END_TEST

START_TEST(golden_forest_lung)
{
    pg_frame *fr = lung_frame();
    ck_assert_ptr_nonnull(fr);
    pg_cox c = lung_cox();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "forest.png";
    int rc;
    pg_error e = {0};
    char *s = forest_script(&c, fr, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    /* R: exp(coef) and the 95% limits of summary(fit)$conf.int; n and events per level from
     * table(d$ph.ecog): 63, 113, 50, 1 with 37, 82, 44, 1 deaths */
    ck_assert_ptr_nonnull(strstr(s, "'0.58 (0.42\xe2\x80\x93" "0.81)'"));
    ck_assert_ptr_nonnull(strstr(s, "'reference'"));
    ck_assert_ptr_nonnull(strstr(s, "'< 0.001'"));
    ck_assert_ptr_nonnull(strstr(s, "set label '113' at screen"));
    ck_assert_ptr_nonnull(strstr(s, "set label '82' at screen"));
    ck_assert_ptr_nonnull(strstr(s, "set label 'ph.ecog' at screen"));
    ck_assert_ptr_nonnull(strstr(s, "set logscale x"));
    ck_assert_ptr_nonnull(strstr(s, "set arrow from 1, 0.5 to 1, 7.5 nohead"));
    char *b = datablock(s, "ref");
    ck_assert_str_eq(b, "4 1\n");
    free(b);
    check_golden("forest_lung.gp", s);
    free(s);
    pg_frame_free(fr);
}
END_TEST

/* ---- edge ---- */

START_TEST(edge_single_curve_no_events)
{
    size_t start[] = {0, 3};
    char nm[] = "";
    char *names[] = {nm};
    double t[] = {2, 5, 7}, nr[] = {3, 2, 1}, ne[] = {0, 0, 0}, nc[] = {1, 1, 1};
    double sv[] = {1, 1, 1}, lo[] = {1, 1, 1}, hi[] = {1, 1, 1};
    pg_km km = {0};
    km.n = 3;
    km.n_strata = 1;
    km.strata_start = start;
    km.strata_name = names;
    km.time = t, km.n_risk = nr, km.n_event = ne, km.n_censor = nc;
    km.surv = sv, km.conf_low = lo, km.conf_high = hi;
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "x.png";
    o.ci = o.risk_table = o.median_lines = 1;
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    char *b = datablock(s, "km_1");
    ck_assert_str_eq(b, "0 1\n7 1\n");
    free(b);
    ck_assert_ptr_nonnull(strstr(s, "unset key"));
    ck_assert_ptr_nonnull(strstr(s, "set label 'All' at screen"));   /* the table row */
    ck_assert_ptr_null(strstr(s, "\nset arrow"));                   /* no median */
    free(s);
    /* cumhaz of a flat curve: axis 0..1 */
    o.fun = PG_PLOT_CUMHAZ;
    s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_nonnull(strstr(s, "set ytics 0, 0.25, 1\n"));
    free(s);
}
END_TEST

START_TEST(edge_one_subject_dies_at_zero)
{
    size_t start[] = {0, 1};
    char nm[] = "g=a";
    char *names[] = {nm};
    double t[] = {0}, nr[] = {1}, ne[] = {1}, nc[] = {0}, sv[] = {0}, lo[] = {NAN}, hi[] = {NAN};
    pg_km km = {0};
    km.n = 1;
    km.n_strata = 1;
    km.strata_start = start;
    km.strata_name = names;
    km.time = t, km.n_risk = nr, km.n_event = ne, km.n_censor = nc;
    km.surv = sv, km.conf_low = lo, km.conf_high = hi;
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "x.png";
    o.ci = o.risk_table = 1;
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    char *b = datablock(s, "km_1");
    ck_assert_str_eq(b, "0 1\n0 0\n");
    free(b);
    ck_assert_ptr_nonnull(strstr(s, "set label 'a' at screen"));   /* "g=" stripped */
    free(s);
}
END_TEST

START_TEST(edge_numeric_levels_keep_the_variable)
{
    pg_km km = aml_km();
    char a[] = "sex=1", b[] = "sex=2";
    char *names[] = {a, b};
    km.strata_name = names;
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = "x.png";
    o.risk_table = 1;
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_ptr_nonnull(strstr(s, "title 'sex=1 (n = 11)'"));
    ck_assert_ptr_nonnull(strstr(s, "set label 'sex=2' at screen"));
    free(s);
}
END_TEST

/* ---- errors ---- */

START_TEST(errors_options)
{
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_EINPUT);
    ck_assert_str_eq(e.msg, "plot: no output file name");
    free(s);
    o.output = "fig.jpg";
    s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_EINPUT);
    ck_assert_str_eq(e.msg, "plot: cannot tell the format of 'fig.jpg' (use .png, .svg, .pdf "
                            "or .eps)");
    free(s);
    o.output = "fig.png";
    o.pval = 1;
    s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_EINPUT);
    ck_assert_str_eq(e.msg, "plot: a p-value needs a test of two or more groups");
    free(s);
    o.pval = 0;
    o.width = 1;
    o.height = 1;
    o.risk_table = 1;
    s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_EINPUT);
    ck_assert_ptr_nonnull(strstr(e.msg, "plot: figure too small for its text"));
    free(s);
    o.width = o.height = NAN;
    o.xbreak = 0.001;
    s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_EINPUT);
    ck_assert_ptr_nonnull(strstr(e.msg, "more than 63 ticks"));
    free(s);
    o.xbreak = NAN;
    o.dpi = 5;
    s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_EINPUT);
    ck_assert_str_eq(e.msg, "plot: dpi must be between 10 and 2400");
    free(s);
}
END_TEST

START_TEST(errors_gnuplot_missing)
{
    make_tmpdir();
    char out[512];
    snprintf(out, sizeof out, "%s/fig.png", tmpdir);
    pg_error e = {0};
    int rc = run_plot("plot x\n", 7, out, "/nonexistent/gnuplot", &e);
    ck_assert_int_eq(rc, PG_EANALYSIS);
    ck_assert_str_eq(e.msg, "gnuplot not found; install gnuplot-nox");
    ck_assert_int_eq(tmpdir_entries(), 0);
    /* a name the shell does not find on PATH */
    memset(&e, 0, sizeof e);
    rc = run_plot("plot x\n", 7, out, "prognos-no-such-gnuplot", &e);
    ck_assert_int_eq(rc, PG_EANALYSIS);
    ck_assert_str_eq(e.msg, "gnuplot not found; install gnuplot-nox");
    ck_assert_int_eq(tmpdir_entries(), 0);
    rm_tmpdir();
}
END_TEST

/* A "gnuplot" that exits at once while a script larger than any pipe buffer is written: the
 * write fails with EPIPE instead of SIGPIPE ending the program, and afterwards SIGPIPE's
 * disposition, this thread's mask and the pending set are as before. No gnuplot needed. */
START_TEST(errors_gnuplot_exits_early_no_sigpipe)
{
    make_tmpdir();
    char out[512];
    snprintf(out, sizeof out, "%s/fig.png", tmpdir);
    size_t len = (size_t)4 << 20;
    char *big = malloc(len);
    ck_assert_ptr_nonnull(big);
    memset(big, '#', len);
    pg_error e = {0};
    int rc = run_plot(big, len, out, "false", &e);
    ck_assert_int_eq(rc, PG_EANALYSIS);
    ck_assert_str_eq(e.msg, "gnuplot failed (exit 1)");
    ck_assert_int_eq(tmpdir_entries(), 0);
    struct sigaction sa;
    ck_assert_int_eq(sigaction(SIGPIPE, NULL, &sa), 0);
    ck_assert(sa.sa_handler == SIG_DFL);
    sigset_t set;
    ck_assert_int_eq(pthread_sigmask(SIG_BLOCK, NULL, &set), 0);
    ck_assert(!sigismember(&set, SIGPIPE));
    ck_assert_int_eq(sigpending(&set), 0);
    ck_assert(!sigismember(&set, SIGPIPE));
    /* exit 0 without reading: pclose reports the failed flush (glibc returns -1, EPIPE) */
    memset(&e, 0, sizeof e);
    rc = run_plot(big, len, out, "true", &e);
    ck_assert_int_eq(rc, PG_EANALYSIS);
    ck_assert_str_eq(e.msg, "gnuplot: Broken pipe");
    ck_assert_int_eq(tmpdir_entries(), 0);
    free(big);
    rm_tmpdir();
}
END_TEST

/* ---- render (only with gnuplot) ---- */

static void render_km(const char *ext, const char *magic, size_t mlen)
{
    if (!have_gnuplot()) {
        fprintf(stderr, "check_plot: gnuplot not installed; skipping the %s render\n", ext);
        return;
    }
    make_tmpdir();
    char out[512];
    snprintf(out, sizeof out, "%s/fig.%s", tmpdir, ext);
    pg_km km = aml_km();
    pg_logrank lr = aml_logrank();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = out;
    o.ci = o.pval = o.risk_table = o.median_lines = 1;
    o.title = "It's \"quoted\"";
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, &lr, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    rc = run_plot(s, strlen(s), out, NULL, &e);
    ck_assert_msg(rc == PG_OK, "render %s: %s", ext, e.msg);
    unsigned char head[64];
    size_t n = read_head(out, head, sizeof head);
    ck_assert_uint_ge(n, mlen);
    ck_assert_msg(memcmp(head, magic, mlen) == 0, "%s has the wrong magic bytes", ext);
    ck_assert_int_eq(tmpdir_entries(), 1);   /* no temporary file left */
    free(s);
    rm_tmpdir();
}

START_TEST(render_pdf) { render_km("pdf", "%PDF", 4); }
END_TEST
START_TEST(render_eps) { render_km("eps", "%!PS-Adobe", 10); }
END_TEST

START_TEST(render_svg)
{
    if (!have_gnuplot()) return;
    render_km("svg", "<?xml", 5);
    /* and an <svg element */
    make_tmpdir();
    char out[512];
    snprintf(out, sizeof out, "%s/f.svg", tmpdir);
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = out;
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(run_plot(s, strlen(s), out, NULL, &e), PG_OK);
    unsigned char head[2048] = {0};
    read_head(out, head, sizeof head - 1);
    ck_assert_ptr_nonnull(strstr((char *)head, "<svg"));
    free(s);
    rm_tmpdir();
}
END_TEST

START_TEST(render_png_size)
{
    if (!have_gnuplot()) return;
    render_km("png", "\x89PNG\r\n\x1a\n", 8);
    make_tmpdir();
    char out[512];
    snprintf(out, sizeof out, "%s/f.png", tmpdir);
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = out;
    o.width = 16 / 2.54;       /* 16 x 12 cm at 150 dpi: 945 x 709 pixels */
    o.height = 12 / 2.54;
    o.dpi = 150;
    int rc;
    pg_error e = {0};
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(run_plot(s, strlen(s), out, NULL, &e), PG_OK);
    unsigned char h[24];
    ck_assert_uint_eq(read_head(out, h, 24), 24);
    ck_assert(memcmp(h + 12, "IHDR", 4) == 0);
    uint32_t w = (uint32_t)h[16] << 24 | (uint32_t)h[17] << 16 | (uint32_t)h[18] << 8 | h[19];
    uint32_t ht = (uint32_t)h[20] << 24 | (uint32_t)h[21] << 16 | (uint32_t)h[22] << 8 | h[23];
    ck_assert_uint_eq(w, 945);
    ck_assert_uint_eq(ht, 709);
    free(s);
    rm_tmpdir();
}
END_TEST

START_TEST(render_forest_png)
{
    if (!have_gnuplot()) return;
    make_tmpdir();
    char out[512];
    snprintf(out, sizeof out, "%s/forest.png", tmpdir);
    pg_frame *fr = lung_frame();
    pg_cox c = lung_cox();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = out;
    int rc;
    pg_error e = {0};
    char *s = forest_script(&c, fr, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    ck_assert_msg(run_plot(s, strlen(s), out, NULL, &e) == PG_OK, "%s", e.msg);
    unsigned char h[8];
    ck_assert_uint_eq(read_head(out, h, 8), 8);
    ck_assert(memcmp(h, "\x89PNG", 4) == 0);
    free(s);
    pg_frame_free(fr);
    rm_tmpdir();
}
END_TEST

START_TEST(render_failure_leaves_nothing)
{
    if (!have_gnuplot()) return;
    make_tmpdir();
    char out[512];
    /* a script gnuplot rejects */
    snprintf(out, sizeof out, "%s/bad.png", tmpdir);
    const char *bad = "set terminal pngcairo\nset output outfile\nplot undefined_fn(x)\n";
    pg_error e = {0};
    int rc = run_plot(bad, strlen(bad), out, NULL, &e);
    ck_assert_int_eq(rc, PG_EANALYSIS);
    ck_assert_ptr_nonnull(strstr(e.msg, "gnuplot failed (exit 1)"));
    ck_assert_ptr_nonnull(strstr(e.msg, "undefined function"));
    ck_assert_int_eq(tmpdir_entries(), 0);
    /* a directory as the output: gnuplot renders, the rename fails, the temp file goes */
    snprintf(out, sizeof out, "%s/dir.png", tmpdir);
    ck_assert_int_eq(mkdir(out, 0700), 0);
    pg_km km = aml_km();
    pg_plot_opts o;
    pg_plot_opts_init(&o);
    o.output = out;
    char *s = km_script(&km, NULL, &o, &rc, &e);
    ck_assert_int_eq(rc, PG_OK);
    rc = run_plot(s, strlen(s), out, NULL, &e);
    ck_assert_int_eq(rc, PG_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "cannot rename output"));
    ck_assert_int_eq(tmpdir_entries(), 1);   /* just the directory */
    free(s);
    /* output in a directory that does not exist */
    snprintf(out, sizeof out, "%s/nodir/x.png", tmpdir);
    rc = run_plot("plot x\n", 7, out, NULL, &e);
    ck_assert_int_eq(rc, PG_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "cannot create output file"));
    /* a script that draws nothing into outfile */
    snprintf(out, sizeof out, "%s/empty.png", tmpdir);
    rc = run_plot("print 1\n", 8, out, NULL, &e);
    ck_assert_int_eq(rc, PG_EANALYSIS);
    ck_assert_ptr_nonnull(strstr(e.msg, "gnuplot wrote nothing"));
    ck_assert_int_eq(tmpdir_entries(), 1);
    rm_tmpdir();
}
END_TEST

static Suite *plot_suite(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, p_values_as_journals_print_them);
    tcase_add_test(tc, sizes_terminals_funs);
    tcase_add_test(tc, ticks_exact_multiples);
    tcase_add_test(tc, at_risk_matches_summary_survfit);
    tcase_add_test(tc, steps_start_at_one_and_drop_vertically);
    tcase_add_test(tc, xmax_cuts_the_curves);
    tcase_add_test(tc, titles_are_quoted_not_interpreted);
    tcase_add_test(tc, terminals_share_line_widths_and_fonts);
    tcase_add_test(tc, band_is_one_polygon_without_border);
    tcase_add_test(tc, ticks_thinned_never_touch);
    tcase_add_test(tc, golden_km_aml_full);
    tcase_add_test(tc, golden_km_aml_mono_event_percent);
    tcase_add_test(tc, golden_km_aml_cumhaz);
    tcase_add_test(tc, golden_km_veteran_four_groups);
    tcase_add_test(tc, automatic_breaks);
    tcase_add_test(tc, golden_forest_lung);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_add_test(tc, edge_single_curve_no_events);
    tcase_add_test(tc, edge_one_subject_dies_at_zero);
    tcase_add_test(tc, edge_numeric_levels_keep_the_variable);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_add_test(tc, errors_options);
    tcase_add_test(tc, errors_gnuplot_missing);
    tcase_add_test(tc, errors_gnuplot_exits_early_no_sigpipe);
    suite_add_tcase(s, tc);
    tc = tcase_create("render");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, render_pdf);
    tcase_add_test(tc, render_eps);
    tcase_add_test(tc, render_svg);
    tcase_add_test(tc, render_png_size);
    tcase_add_test(tc, render_forest_png);
    tcase_add_test(tc, render_failure_leaves_nothing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return pg_test_run(plot_suite()); }
