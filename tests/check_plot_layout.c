/* tests/check_plot_layout.c -- the geometry of Kaplan-Meier figures (plot_km_geometry, the
 * layout pg_plot_km_script writes): with the longest labels of the bundled datasets and of the
 * Spanish example, at the default width and at small and large --size widths,
 *   - the legend lies inside the canvas, and inside the plot only where no curve passes;
 *     otherwise above the plot, never over it;
 *   - the tables' row labels end at least 1.1 em before the first count of their row;
 *   - neighbouring tick labels (and the counts under them) never touch.
 * The checks recompute what they test from the fit (curve steps, counts at the ticks, text
 * widths by plot_text_width), not from the layout's own bookkeeping. No R numbers here: the
 * survival curves are the library's (checked against R in check_km.c). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pg_test.h"
#include "plot_impl.h"

#define DATASETS PG_TEST_DATA "/../../datasets"

/* The longest category labels a legend shows in the bundled data: case_reports.csv's
 * 'evidence' level "abstract+body fragment" as a named group, and the Spanish example's
 * 'Localización' (datasets/lms_es_cp1252.csv) labelled as the analysis scripts do. */
static const char *const long_two[] = {"evidence=abstract+body fragment",
                                       "Localización del tumor: Miembro superior"};

typedef struct fit {
    pg_dataset *ds;
    pg_frame *fr;
    pg_km *km;
    pg_logrank *lr;
    pg_labels *names;
} fit;

static fit fit_new(const char *file, const char *encoding, const char *formula)
{
    fit f = {0};
    pg_error e = {0};
    pg_csv_opts co = {0};
    co.encoding = encoding;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", DATASETS, file);
    ck_assert_msg(pg_dataset_read_csv(path, &co, &f.ds, &e) == PG_OK, "%s: %s", path, e.msg);
    pg_frame_opts fo;
    pg_frame_opts_init(&fo);
    ck_assert_msg(pg_frame_new(f.ds, formula, &fo, &f.fr, &e) == PG_OK, "%s", e.msg);
    pg_km_opts ko;
    pg_km_opts_init(&ko);
    ck_assert_msg(pg_km_fit(f.fr, &ko, &f.km, &e) == PG_OK, "%s", e.msg);
    pg_logrank_opts lo;
    pg_logrank_opts_init(&lo);
    ck_assert_msg(pg_logrank_test(f.fr, &lo, &f.lr, &e) == PG_OK, "%s", e.msg);
    return f;
}

static void fit_free(fit *f)
{
    pg_labels_free(f->names);
    pg_logrank_free(f->lr);
    pg_km_free(f->km);
    pg_frame_free(f->fr);
    pg_dataset_free(f->ds);
}

static void opts_base(pg_plot_opts *o)
{
    pg_plot_opts_init(o);
    o->output = "fig.png";
    o->time_unit = "months";
    o->pval = 1;
    o->risk_table = 1;
    o->cum_events = 1;
}

/* x of time t, in points */
static double px(const plot_km_geom *g, double t)
{
    return g->plot_x0 + (t - g->xlo) / (g->xhi - g->xlo) * (g->plot_x1 - g->plot_x0);
}

static double py(const plot_km_geom *g, double y)
{
    return g->plot_y0 + (y - g->ylo) / (g->yhi - g->ylo) * (g->plot_y1 - g->plot_y0);
}

/* Does the axis-parallel segment (x0,y0)-(x1,y1) pass through the box's interior? */
static int seg_hits(const plot_km_geom *g, double x0, double y0, double x1, double y1)
{
    double lx = fmin(x0, x1), hx = fmax(x0, x1), ly = fmin(y0, y1), hy = fmax(y0, y1);
    return hx > g->key_x0 && lx < g->key_x1 && hy > g->key_y0 && ly < g->key_y1;
}

/* The survival curves (o->fun surv, no percent) as steps: does any pass through the legend? */
static int curves_hit_key(const plot_km_geom *g, const pg_km *km)
{
    double xmax = g->tick[g->nt - 1];
    for (size_t s = 0; s < km->n_strata; s++) {
        double t0 = 0, y0 = 1;
        for (size_t i = km->strata_start[s]; i < km->strata_start[s + 1]; i++) {
            double t = fmin(km->time[i], xmax), y = km->surv[i];
            if (seg_hits(g, px(g, t0), py(g, y0), px(g, t), py(g, y0))) return 1;
            if (seg_hits(g, px(g, t), py(g, y0), px(g, t), py(g, y))) return 1;
            t0 = t, y0 = y;
            if (km->time[i] >= xmax) break;
        }
    }
    return 0;
}

static double count_w(double v, double fs)
{
    char b[32];
    snprintf(b, sizeof b, "%g", v);
    return plot_text_width(b, fs);
}

static void check_layout(const pg_km *km, const pg_logrank *lr, const pg_plot_opts *o,
                         const char *what)
{
    plot_km_geom g;
    pg_error e = {0};
    int rc = plot_km_geometry(km, lr, o, &g, &e);
    ck_assert_msg(rc == PG_OK, "%s: %s", what, e.msg);
    double fs = g.fs;
    /* the plot inside the canvas */
    ck_assert_msg(g.plot_x0 > 0 && g.plot_x1 < g.W && g.plot_x0 < g.plot_x1, "%s: plot x", what);
    ck_assert_msg(g.plot_y0 > 0 && g.plot_y1 < g.H && g.plot_y0 < g.plot_y1, "%s: plot y", what);
    if (!isnan(o->width)) pg_ck_rel(g.W, o->width * 72, 1e-12);
    /* the legend inside the canvas; inside the plot only where no curve passes */
    ck_assert(g.key_drawn);
    ck_assert_msg(g.key_x0 >= 0 && g.key_x1 <= g.W && g.key_y0 >= 0 && g.key_y1 <= g.H,
                  "%s: legend [%g, %g] x [%g, %g] off the %g x %g canvas", what, g.key_x0,
                  g.key_x1, g.key_y0, g.key_y1, g.W, g.H);
    if (g.key_inside) {
        ck_assert_msg(g.key_x0 >= g.plot_x0 - 1e-9 && g.key_x1 <= g.plot_x1 + 1e-9 &&
                          g.key_y0 >= g.plot_y0 - 1e-9 && g.key_y1 <= g.plot_y1 + 1e-9,
                      "%s: inside legend out of the plot", what);
        ck_assert_msg(!curves_hit_key(&g, km), "%s: the legend covers a curve", what);
    } else {
        ck_assert_msg(g.key_y0 >= g.plot_y1, "%s: legend strip over the plot (%g < %g)", what,
                      g.key_y0, g.plot_y1);
    }
    /* the counts at the ticks, as the tables print them */
    size_t ns = km->n_strata, nt = g.nt;
    double *nr = calloc(nt, sizeof *nr), *ce = calloc(nt, sizeof *ce);
    double *half = calloc(nt, sizeof *half);
    ck_assert(nr && ce && half);
    for (size_t k = 0; k < nt; k++) half[k] = count_w(g.tick[k], fs) / 2;
    ck_assert_uint_eq(g.table_rows, 2 * (ns + 1));
    ck_assert(g.table_fs > 0 && g.table_fs <= fs);
    for (size_t s = 0; s < ns; s++) {
        pg_plot_at_risk(km, s, g.tick, nt, nr, ce);
        double label_end = g.pad + plot_text_width(g.label[s], g.table_fs);
        for (int pass = 0; pass < 2; pass++) {
            double first = pass ? ce[0] : nr[0];
            double count_start = px(&g, g.tick[0]) - count_w(first, fs) / 2;
            ck_assert_msg(count_start - label_end >= 1.1 * fs - 1e-9,
                          "%s: row label '%s' ends %.2f pt before its first count (want "
                          ">= 1.1 em = %.2f)", what, g.label[s], count_start - label_end,
                          1.1 * fs);
        }
        for (size_t k = 0; k < nt; k++)
            half[k] = fmax(half[k], fmax(count_w(nr[k], fs), count_w(ce[k], fs)) / 2);
    }
    /* neighbouring tick labels and counts leave at least half an em between them */
    for (size_t k = 0; k + 1 < nt; k++) {
        double gap = px(&g, g.tick[k + 1]) - px(&g, g.tick[k]) - half[k] - half[k + 1];
        ck_assert_msg(gap >= 0.5 * fs - 1e-9, "%s: ticks %g and %g are %.2f pt apart", what,
                      g.tick[k], g.tick[k + 1], gap);
    }
    free(nr);
    free(ce);
    free(half);
    plot_km_geom_free(&g);
}

/* the default width, then 9, 12 and 25 cm wide figures (heights as given or by default) */
static void check_widths(const pg_km *km, const pg_logrank *lr, pg_plot_opts *o,
                         const char *what)
{
    static const double cm[] = {NAN, 9, 12, 25};
    for (size_t i = 0; i < sizeof cm / sizeof cm[0]; i++) {
        char w[160];
        o->width = cm[i] / 2.54;
        o->height = isnan(cm[i]) ? NAN : 10 / 2.54;
        snprintf(w, sizeof w, "%s at %g cm", what, cm[i]);
        check_layout(km, lr, o, w);
        o->height = NAN;
        snprintf(w, sizeof w, "%s at %g cm, default height", what, cm[i]);
        check_layout(km, lr, o, w);
    }
}

START_TEST(lms_longest_labels)
{
    fit f = fit_new("lms_synthetic.csv", NULL, "Surv(months, status == \"DOD\") ~ depth");
    pg_plot_opts o;
    opts_base(&o);
    o.labels = long_two;
    o.n_labels = 2;
    check_widths(f.km, f.lr, &o, "lms, long labels");
    o.ci = 1;
    o.xbreak = 24;   /* the "96120144168...": 24 on a 230-month axis */
    check_widths(f.km, f.lr, &o, "lms, long labels, band, --break 24");
    o.labels = NULL;   /* the data's own short names: the legend fits inside */
    o.n_labels = 0;
    check_widths(f.km, f.lr, &o, "lms, short labels, --break 24");
    fit_free(&f);
}
END_TEST

START_TEST(spanish_example)
{
    fit f = fit_new("lms_es_cp1252.csv", "WINDOWS-1252",
                    "Surv(`Seguimiento (meses)`, Estado == \"Muerto por enfermedad\") ~ "
                    "Localización");
    pg_error e = {0};
    ck_assert_ptr_nonnull(f.names = pg_labels_new());
    ck_assert_int_eq(pg_labels_parse_label(f.names, "Localización=Localización del tumor", &e),
                     PG_OK);
    pg_plot_opts o;
    opts_base(&o);
    o.names = f.names;
    o.lang = PG_LANG_ES;
    o.time_unit = "meses";
    check_widths(f.km, f.lr, &o, "Spanish, four labelled sites");
    o.xbreak = 24;
    o.ci = 1;
    check_widths(f.km, f.lr, &o, "Spanish, band, --break 24");
    fit_free(&f);
}
END_TEST

/* A --size too narrow for the labels is an error naming what to change, never text over
 * text: the tables' labels (even at 3/4 size) and the legend's longest entry. */
START_TEST(too_narrow_refused)
{
    fit f = fit_new("lms_synthetic.csv", NULL, "Surv(months, status == \"DOD\") ~ depth");
    pg_plot_opts o;
    opts_base(&o);
    o.labels = long_two;
    o.n_labels = 2;
    o.width = 7 / 2.54;
    o.height = 8 / 2.54;
    plot_km_geom g;
    pg_error e = {0};
    ck_assert_int_eq(plot_km_geometry(f.km, f.lr, &o, &g, &e), PG_EINPUT);
    ck_assert_str_eq(e.msg, "plot: the table's row labels are too long for a 7.0 cm wide "
                            "figure: make it wider (--size) or the labels shorter (--labels)");
    o.risk_table = o.cum_events = 0;
    ck_assert_int_eq(plot_km_geometry(f.km, f.lr, &o, &g, &e), PG_EINPUT);
    ck_assert_msg(strstr(e.msg, "plot: the legend's longest entry needs a ") != NULL, "%s",
                  e.msg);
    /* the script says the same */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(mem);
    ck_assert_int_eq(pg_plot_km_script(mem, f.km, f.lr, &o, &e), PG_EINPUT);
    fclose(mem);
    free(buf);
    fit_free(&f);
}
END_TEST

/* Labels set smaller to fit a narrow figure still clear their counts, and the script sets
 * them at that size. */
START_TEST(small_labels_in_script)
{
    fit f = fit_new("lms_synthetic.csv", NULL, "Surv(months, status == \"DOD\") ~ depth");
    pg_plot_opts o;
    opts_base(&o);
    o.labels = long_two;
    o.n_labels = 2;
    o.width = 9 / 2.54;
    plot_km_geom g;
    pg_error e = {0};
    ck_assert_int_eq(plot_km_geometry(f.km, f.lr, &o, &g, &e), PG_OK);
    ck_assert(g.table_fs < g.fs);
    char want[64];
    snprintf(want, sizeof want, "font ',%g' noenhanced", g.table_fs);
    plot_km_geom_free(&g);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(mem);
    ck_assert_int_eq(pg_plot_km_script(mem, f.km, f.lr, &o, &e), PG_OK);
    fclose(mem);
    ck_assert_msg(strstr(buf, want) != NULL, "no '%s' in the script", want);
    free(buf);
    /* at the default size the labels keep the font size */
    o.width = NAN;
    ck_assert_int_eq(plot_km_geometry(f.km, f.lr, &o, &g, &e), PG_OK);
    ck_assert(g.table_fs == g.fs);
    plot_km_geom_free(&g);
    fit_free(&f);
}
END_TEST

static Suite *plot_layout_suite(void)
{
    Suite *s = suite_create("plot_layout");
    TCase *tc = tcase_create("layout");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, lms_longest_labels);
    tcase_add_test(tc, spanish_example);
    tcase_add_test(tc, small_labels_in_script);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("errors");
    tcase_add_test(te, too_narrow_refused);
    suite_add_tcase(s, te);
    return s;
}

int main(void)
{
    return pg_test_run(plot_layout_suite());
}
