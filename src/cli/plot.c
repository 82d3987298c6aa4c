/* plot.c -- `prognos plot`: a Kaplan-Meier figure (or with --forest a forest plot of a Cox
 * model) written as a gnuplot script and rendered by gnuplot into -o FILE. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "env.h"
#include "commands.h"

/* The test's name as printed before the p-value, in the figure's language. */
static void test_label(const pg_logrank_opts *lo, pg_lang lang, char *buf, size_t cap)
{
    switch (lo->weights) {
    case PG_WEIGHTS_GEHAN: snprintf(buf, cap, "Gehan-Breslow"); break;
    case PG_WEIGHTS_TARONE_WARE: snprintf(buf, cap, "Tarone-Ware"); break;
    case PG_WEIGHTS_GRHO:
        if (lo->rho == 1) snprintf(buf, cap, "Peto-Peto");
        else snprintf(buf, cap, "G-rho (rho = %g)", lo->rho);
        break;
    case PG_WEIGHTS_FH:
        snprintf(buf, cap, "Fleming-Harrington (%g, %g)", lo->rho, lo->gamma);
        break;
    default: snprintf(buf, cap, "%s", pg_lang_word(lang, PG_W_LOGRANK)); break;
    }
}

/* Write the script atomically to path (temporary file + rename), through the shared helpers,
 * which also give it the mode a plain fopen would (0666 & ~umask). A device or FIFO (--script
 * /dev/stdout) is written in place and its mode left alone. */
int cli_save_script(cli_common *c, const char *path, const char *buf, size_t len)
{
    const char *saved = c->output;
    c->output = path;
    if (c->json) c->json->raw = 1;     /* a script, not the JSON result */
    FILE *f;
    int ex = cli_output_open(c, &f);
    if (ex == PG_EXIT_OK) {
        int bad = fwrite(buf, 1, len, f) != len;
        ex = cli_output_close(c, f, bad ? PG_EXIT_USAGE : PG_EXIT_OK);
        if (bad) cli_errorf(c, 0, "%s: write failed", path);
    }
    c->output = saved;
    if (c->json) c->json->raw = 0;
    return ex;
}

typedef struct plot_font { char family[128]; double size; } plot_font;

typedef struct plot_args {
    pg_plot_opts po;
    pg_km_opts ko;
    pg_logrank_opts lo;
    pg_cox_opts co;
    plot_font font;
    int forest, no_censor, cif;
    int fit_dist;               /* --fit: pg_sr_dist */
    const char *script;
    const char *weights;        /* --weights COL: case weights (weighted survfit) */
    cli_list labels;
} plot_args;

/* --font "Helvetica,10", ",10", "Helvetica": the family (copied) and the size in points. */
static int font_parse(const char *arg, void *dest)
{
    plot_font *font = dest;
    const char *comma = strrchr(arg, ',');
    size_t flen = comma ? (size_t)(comma - arg) : strlen(arg);
    if (flen >= sizeof font->family) return PG_EINPUT;
    if (comma) {
        double v;
        if (cli_parse_double(comma + 1, &v) || !(v >= 2 && v <= 72)) return PG_EINPUT;
        font->size = v;
    }
    memcpy(font->family, arg, flen);
    font->family[flen] = '\0';
    return PG_OK;
}

static int size_parse(const char *arg, void *dest)
{
    pg_plot_opts *po = dest;
    return pg_plot_size_parse(arg, &po->width, &po->height);
}

static const cli_opt plot_opts[] = {
    {.name = "forest", .type = CLI_FLAG, CLI_AT(plot_args, forest),
     .help = "a forest plot of the Cox model instead of the Kaplan-Meier figure"},
    {.name = "cif", .type = CLI_FLAG, CLI_AT(plot_args, cif),
     .help = "competing risks: the cumulative incidence (cmprsk::cuminc) of --cause per group, "
             "or of every cause without --cause; --pval gives Gray's test, --rho its weight, "
             "--conf-type defaults to log-log"},
    {.name = "stacked", .type = CLI_FLAG, CLI_AT(plot_args, po.stacked),
     .help = "with --cif and no --cause: the causes stacked in each group (cause k's curve is the "
             "sum of the incidences of causes 1..k, the top one any event), without bands"},
    {.name = "fit", .type = CLI_CHOICE, CLI_AT(plot_args, fit_dist), .choices = &cli_sr_dists,
     .metavar = "D", .help = "draw the survreg fit of distribution D with the formula's terms "
                            "over each curve, dashed beyond the curve's last time (extend the "
                            "axis with --xmax to see the extrapolation)"},
    {.name = "ci", .type = CLI_FLAG, CLI_AT(plot_args, po.ci),
     .help = "confidence band (step-shaped, transparent, behind the curves)"},
    {.name = "conf-type", .type = CLI_CHOICE, CLI_AT(plot_args, ko.conf_type),
     .choices = &cli_conf_types, .def = "log", .metavar = "T",
     .help = "confidence interval transform"},
    {.name = "weights", .type = CLI_STRING, CLI_AT(plot_args, weights), .metavar = "COL",
     .help = "case weights (R's weights =): the weighted survfit curves, the risk table "
             "showing survfit's weighted n.risk; --pval is then the weighted Cox score test"},
    {.name = "pval", .type = CLI_FLAG, CLI_AT(plot_args, po.pval),
     .help = "test p-value on the plot, as journals print it (p = 0.012)"},
    {.name = "test", .type = CLI_CHOICE, CLI_AT(plot_args, lo.weights), .choices = &cli_weights,
     .deny = 1u << PG_WEIGHTS_GRHO, .def = "logrank", .metavar = "T",
     .help = "the test of --pval, as 'prognos logrank --weights'"},
    {.name = "rho", .type = CLI_DOUBLE, CLI_AT(plot_args, lo.rho), CLI_GE(0), .metavar = "R",
     .help = "G-rho weights S(t-)^rho (survdiff's rho; 1 = Peto-Peto)"},
    {.name = "gamma", .type = CLI_DOUBLE, CLI_AT(plot_args, lo.gamma), CLI_GE(0), .def = "0",
     .metavar = "G", .help = "with --test fh: S(t-)^rho (1 - S(t-))^gamma"},
    {.name = "risk-table", .type = CLI_FLAG, CLI_AT(plot_args, po.risk_table),
     .help = "number at risk under the plot, aligned with the x ticks"},
    {.name = "cum-events", .type = CLI_FLAG, CLI_AT(plot_args, po.cum_events),
     .help = "cumulative number of events under the plot"},
    {.name = "median-lines", .type = CLI_FLAG, CLI_AT(plot_args, po.median_lines),
     .help = "dashed lines at the median survival"},
    {.name = "no-censor-marks", .type = CLI_FLAG, CLI_AT(plot_args, no_censor),
     .help = "no + at censoring times"},
    {.name = "fun", .type = CLI_CHOICE, CLI_AT(plot_args, po.fun), .choices = &cli_plot_funs,
     .def = "surv", .metavar = "F",
     .help = "the curve drawn: S(t), 1 - S(t) or -log S(t)"},
    {.name = "percent", .type = CLI_FLAG, CLI_AT(plot_args, po.percent),
     .help = "y axis in percent"},
    {.name = "break", .type = CLI_DOUBLE, CLI_AT(plot_args, po.xbreak), CLI_GT(0),
     .metavar = "B", .help = "x tick spacing (default: automatic)"},
    {.name = "xmax", .type = CLI_DOUBLE, CLI_AT(plot_args, po.xmax), CLI_GT(0), .metavar = "X",
     .help = "right end of the x axis"},
    {.name = "time-unit", .type = CLI_STRING, CLI_AT(plot_args, po.time_unit), .metavar = "WORD",
     .help = "appended to the x label: 'Time (months)' (default: from the time variable's "
             "name: months, years, weeks, days)"},
    {.name = "xlab", .type = CLI_STRING, CLI_AT(plot_args, po.xlab), .metavar = "TEXT",
     .help = "x axis label"},
    {.name = "ylab", .type = CLI_STRING, CLI_AT(plot_args, po.ylab), .metavar = "TEXT",
     .help = "y axis label"},
    {.name = "title", .type = CLI_STRING, CLI_AT(plot_args, po.title), .metavar = "TEXT",
     .help = "title"},
    {.name = "labels", .type = CLI_LIST, CLI_AT(plot_args, labels), .metavar = "LIST",
     .help = "curve labels in curve order, comma-separated: '<= 5 cm,> 5 cm' (default: the "
             "group names, labelled by --label, --level and --label-file)"},
    {.name = "ties", .type = CLI_CHOICE, CLI_AT(plot_args, co.ties), .choices = &cli_ties,
     .def = "efron", .metavar = "T", .help = "--forest: handling of tied event times"},
    {.name = "firth", .type = CLI_FLAG, CLI_AT(plot_args, co.firth),
     .help = "--forest: Firth's penalised Cox regression"},
    {.name = "script", .type = CLI_STRING, CLI_AT(plot_args, script), .metavar = "FILE",
     .help = "also save the gnuplot script, data included ('gnuplot FILE' re-renders -o; "
             "without -o the script writes FILE's stem + .png; '-' prints the script)"},
    {.name = "size", .type = CLI_CUSTOM, CLI_AT(plot_args, po), .parse = size_parse,
     .want = "wants WIDTHxHEIGHT with cm, mm or in (16x12cm)", .metavar = "WxH",
     .help = "figure size: 16x12cm, 6x4in, 160x120mm (default 8.5 cm wide)"},
    {.name = "dpi", .type = CLI_DOUBLE, CLI_AT(plot_args, po.dpi), CLI_FROM(10, 2400),
     .def = "300", .metavar = "N", .help = "PNG resolution: pixels = inches x dpi"},
    {.name = "font", .type = CLI_CUSTOM, CLI_AT(plot_args, font), .parse = font_parse,
     .want = "wants 'FAMILY,SIZE' with a size of 2 to 72 points", .def = "Helvetica,8",
     .metavar = "FAMILY,SIZE", .help = "font and size in points"},
    {.name = "mono", .type = CLI_FLAG, CLI_AT(plot_args, po.mono),
     .help = "black, with dash types instead of colours"},
    {.name = NULL}};

const cli_cmd cli_cmd_plot = {
    .name = "plot",
    .summary = "survival and forest figures through gnuplot",
    .usage = "-f 'Surv(time, status) ~ group' FILE... -o fig.png [OPTIONS]",
    .about = "Draws a Kaplan-Meier figure, or with --forest a forest plot of a Cox model "
             "(-f 'Surv(time, status) ~ a + factor(b)'), with gnuplot: pngcairo, svg, pdfcairo "
             "or epscairo, from the extension of -o (.png, .svg, .pdf or .eps), which is "
             "required to render.",
    .examples = "plot -f 'Surv(time, status) ~ x' tests/data/aml.csv --ci --pval --risk-table "
                "-o km.png\n"
                "plot --forest -f 'Surv(time, status) ~ age + sex + factor(ph.ecog)' lung.csv "
                "-o forest.pdf",
    .common = CLI_C_ALL,
    .opts = plot_opts,
    .run = cmd_plot};

/* The image file (-o, or the script's stem + .png for --script alone; *derived owns that),
 * and the combinations of options that cannot work. */
static int image_name(cli_common *c, const plot_args *a, char **derived, const char **image)
{
    const char *script = a->script;
    *image = NULL;
    if (!c->formula) {
        cli_errorf(c, 1, "a formula is required (-f 'Surv(time, status) ~ group')");
        return PG_EXIT_USAGE;
    }
    if ((!c->output || strcmp(c->output, "-") == 0) && !script) {
        cli_errorf(c, 1, "give the image file with -o (fig.png, .svg, .pdf or .eps), or "
                         "--script FILE");
        return PG_EXIT_USAGE;
    }
    if (c->output && strcmp(c->output, "-") == 0) {
        cli_errorf(c, 1, "an image cannot go to standard output; give -o FILE");
        return PG_EXIT_USAGE;
    }
    if (!c->output && strcmp(script, "-") == 0) {
        cli_errorf(c, 1, "--script - (to standard output) needs -o for the image's name");
        return PG_EXIT_USAGE;
    }
    if (!c->output) {
        const char *dot = strrchr(script, '.'), *slash = strrchr(script, '/');
        size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - script) : strlen(script);
        if (!(*derived = pg_strdup_printf("%.*s.png", (int)stem, script))) {
            cli_errorf(c, 0, "out of memory");
            return PG_EXIT_ANALYSIS;
        }
    }
    *image = c->output ? c->output : *derived;
    if (pg_plot_terminal_for(*image) == PG_PLOT_AUTO) {
        cli_errorf(c, 1, "cannot tell the image format of '%s' (use .png, .svg, .pdf or .eps)",
                   *image);
        return PG_EXIT_USAGE;
    }
    const pg_plot_opts *po = &a->po;
    if (a->po.stacked && !a->cif) {
        cli_errorf(c, 1, "--stacked stacks the curves of --cif: give --cif too");
        return PG_EXIT_USAGE;
    }
    if (cli_given(c, "fit") && (a->forest || a->cif)) {
        cli_errorf(c, 1, "--fit draws a parametric fit over the Kaplan-Meier curves: not with "
                         "--forest or --cif");
        return PG_EXIT_USAGE;
    }
    if (a->forest && a->cif) {
        cli_errorf(c, 1, "--forest and --cif are different figures: give one");
        return PG_EXIT_USAGE;
    }
    if (a->forest && (po->ci || po->pval || po->risk_table || po->cum_events || po->median_lines)) {
        cli_errorf(c, 1, "--ci, --pval, --risk-table, --cum-events and --median-lines are "
                         "options of the Kaplan-Meier figure, not of --forest");
        return PG_EXIT_USAGE;
    }
    return PG_EXIT_OK;
}

/* The cumulative incidence figure's script (--cif) into mem: the curves of the frame's cause
 * of interest (--cause), or of every cause. */
static int cif_script(cli_common *c, plot_args *a, const pg_frame *fr, FILE *mem,
                      pg_error *err)
{
    pg_cif_opts co;
    pg_cif_opts_init(&co);
    co.conf_type = cli_given(c, "conf-type") ? a->ko.conf_type : PG_CONF_LOGLOG;
    co.conf_level = c->conf_level;
    co.rho = a->lo.rho;
    pg_cif *cif = NULL;
    int rc = pg_cif_fit(fr, &co, &cif, err);
    if (rc) return rc;
    size_t cause = pg_frame_cause_index(fr);
    char ylab[160];
    if (cause && !a->po.ylab) {
        snprintf(ylab, sizeof ylab, pg_lang_word(a->po.lang, PG_W_CUM_INC_OF),
                 pg_frame_cause_name(fr, cause));
        a->po.ylab = ylab;
    }
    if (a->po.pval && !cli_given(c, "test"))
        a->po.test_label = pg_lang_word(a->po.lang, PG_W_GRAY_TEST);
    rc = pg_plot_cif_script(mem, cif, fr, cause, &a->po, err);
    if (a->po.ylab == ylab) a->po.ylab = NULL;
    pg_cif_free(cif);
    return rc;
}

/* --fit: the survreg fit of the figure's formula and, per Kaplan-Meier curve (group-major,
 * stratum-minor, the combinations present: pg_km's order), the covariates and the stratum of
 * its first row. Owned by *pf (fitted_free). */
typedef struct fitted_own {
    pg_plot_fitted pf;
    pg_survreg *fit;
    double *x;
    size_t *stratum;
} fitted_own;

static void fitted_free(fitted_own *o)
{
    pg_survreg_free(o->fit);
    free(o->x);
    free(o->stratum);
}

static int fitted_make(const plot_args *a, const pg_frame *fr, const pg_km *km, fitted_own *o,
                       pg_error *err)
{
    pg_survreg_opts so;
    pg_survreg_opts_init(&so);
    so.dist = (pg_sr_dist)a->fit_dist;
    int rc = pg_survreg_fit_frame(fr, NULL, &so, &o->fit, err);
    if (rc) return rc;
    size_t n = pg_frame_n(fr), ns = pg_frame_nstrata(fr), nc = km->n_strata, q = pg_frame_p(fr);
    size_t ng = pg_frame_ngroups(fr) ? pg_frame_ngroups(fr) : 1;
    const size_t *g = pg_frame_group(fr), *st = pg_frame_strata(fr);
    size_t *first = malloc(ng * ns * sizeof *first);
    o->x = calloc(nc * q + 1, sizeof *o->x);
    o->stratum = calloc(nc, sizeof *o->stratum);
    if (!first || !o->x || !o->stratum) {
        free(first);
        return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < ng * ns; k++) first[k] = n;
    for (size_t i = n; i-- > 0;) first[(g ? g[i] : 0) * ns + (st && ns > 1 ? st[i] : 0)] = i;
    size_t c = 0;
    for (size_t k = 0; k < ng * ns; k++) {
        if (first[k] == n) continue;
        if (c == nc) break;
        for (size_t j = 0; j < q; j++) o->x[c * q + j] = pg_frame_x(fr)[first[k] + j * n];
        o->stratum[c++] = o->fit->nstrata > 1 ? k % ns : 0;
    }
    free(first);
    if (c != nc) return pg_fail(err, PG_EANALYSIS, "plot --fit: %zu curves but %zu groups", nc, c);
    o->pf = (pg_plot_fitted){o->fit, nc, o->x, o->stratum};
    return PG_OK;
}

/* The gnuplot script of the figure, into *buf (owned by the caller). */
static int make_script(cli_common *c, plot_args *a, const pg_frame *fr, char **buf, size_t *len)
{
    pg_km *km = NULL;
    pg_logrank *lr = NULL;
    pg_cox *fit = NULL;
    fitted_own fo = {0};
    pg_error err = {0};
    FILE *mem = NULL;
    int rc, ex = PG_EXIT_OK;
    if (a->forest) {
        if ((ex = cli_cox_fit(c, fr, &a->co, &fit))) goto done;
    } else if (!a->cif) {
        if ((rc = pg_km_fit(fr, &a->ko, &km, &err))) goto fail;
        if (a->po.pval && km->n_strata < 2) {
            cli_errorf(c, 0, "--pval needs two or more groups on the right of '~'");
            ex = PG_EXIT_ANALYSIS;
            goto done;
        }
        /* Surv(start, stop, event) or case weights, which survdiff does not take: the Cox
         * model's score test (R: summary(coxph(...))$sctest), as 'prognos logrank' */
        int score = pg_logrank_needs_score(fr);
        if (a->po.pval && score && a->lo.weights != PG_WEIGHTS_LOGRANK) {
            cli_errorf(c, 1, "--test is not available on Surv(start, stop, event) data or with "
                       "--weights (the test there is the score test of the Cox model)");
            ex = PG_EXIT_USAGE;
            goto done;
        }
        if (a->po.pval && (rc = score ? pg_cox_logrank(fr, PG_TIES_EFRON, &lr, &err)
                                      : pg_logrank_test(fr, &a->lo, &lr, &err)))
            goto fail;
        if (cli_given(c, "fit")) {
            if ((rc = fitted_make(a, fr, km, &fo, &err))) goto fail;
            a->po.fitted = &fo.pf;
        }
    }
    if (!(mem = open_memstream(buf, len))) {
        cli_errorf(c, 0, "out of memory");
        ex = PG_EXIT_ANALYSIS;
        goto done;
    }
    rc = a->forest ? pg_plot_forest_script(mem, fit, fr, &a->po, &err)
         : a->cif  ? cif_script(c, a, fr, mem, &err)
                   : pg_plot_km_script(mem, km, lr, &a->po, &err);
    if (fclose(mem) != 0 && rc == PG_OK) rc = pg_fail(&err, PG_ENOMEM, "out of memory");
    if (rc) goto fail;
    goto done;
fail:
    ex = cli_fail(c, &err, rc);
done:
    a->po.fitted = NULL;
    fitted_free(&fo);
    pg_cox_free(fit);
    pg_logrank_free(lr);
    pg_km_free(km);
    return ex;
}

int cmd_plot(int argc, char **argv)
{
    plot_args a = {0};
    pg_plot_opts_init(&a.po);
    pg_km_opts_init(&a.ko);
    pg_logrank_opts_init(&a.lo);
    pg_cox_opts_init(&a.co);
    cli_common c;
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_error err = {0};
    char tlabel[64], unit_buf[16], *derived = NULL, *buf = NULL;
    size_t len = 0;
    int ex = cli_parse(&c, &cli_cmd_plot, &a, argc, argv);
    if (ex) goto done;
    if ((ex = cli_logrank_weights(&c, &a.lo, "test"))) goto done;
    test_label(&a.lo, (pg_lang)c.lang, tlabel, sizeof tlabel);
    a.po.lang = (pg_lang)c.lang;
    a.po.test_label = tlabel;
    if ((ex = image_name(&c, &a, &derived, &a.po.output))) goto done;
    a.po.censor_marks = !a.no_censor;
    a.po.font = a.font.family;
    a.po.font_size = a.font.size;
    a.po.labels = (const char *const *)a.labels.item;
    a.po.n_labels = a.labels.n;
    if (!a.po.time_unit && !a.po.xlab) {
        const char *u = cli_time_unit(c.formula, NULL, NULL);   /* "month" -> "months" */
        if (u) {
            snprintf(unit_buf, sizeof unit_buf, "%ss", u);
            a.po.time_unit = unit_buf;
        }
    }
    a.ko.conf_level = a.co.conf_level = c.conf_level;
    a.co.threads = c.threads;
    a.po.gnuplot = cli_gnuplot();

    c.all_causes = a.cif;
    c.counting = !a.cif && !a.forest;   /* KM figures: left-truncated curves, as km */
    c.weights = a.weights;
    if (a.weights && (a.cif || a.forest)) {
        cli_errorf(&c, 1, "--weights is for Kaplan-Meier figures (not --cause or --forest)");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if ((ex = cli_load(&c, &ds, &fr))) goto done;
    if (pg_logrank_needs_score(fr))     /* make_script's test */
        snprintf(tlabel, sizeof tlabel, "%s", pg_lang_word((pg_lang)c.lang, PG_W_SCORE_TEST));
    a.po.names = c.labels;
    if ((ex = make_script(&c, &a, fr, &buf, &len))) goto done;
    if (a.script && (ex = cli_save_script(&c, a.script, buf, len))) goto done;
    if (c.output) {
        int rc = pg_plot_run(buf, len, &a.po, &err);
        if (rc) {
            char msg[1024];
            pg_error_str(&err, msg, sizeof msg);
            if (a.script) cli_errorf(&c, 0, "%s (the script was saved to %s)", msg, a.script);
            else cli_errorf(&c, 0, "%s", msg);
            ex = cli_exit_code(rc);
        }
    }
done:
    free(buf);
    free(derived);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    return cli_done(&c, ex);
}
