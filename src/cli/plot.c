/* plot.c -- `prognos plot`: a Kaplan-Meier figure (or with --forest a forest plot of a Cox
 * model) written as a gnuplot script and rendered by gnuplot into -o FILE. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "env.h"
#include "commands.h"

static const char help[] =
    "usage: prognos plot -f 'Surv(time, status) ~ group' FILE... -o fig.png [OPTIONS]\n"
    "       prognos plot --forest -f 'Surv(time, status) ~ a + factor(b)' FILE... -o forest.pdf\n\n"
    "Draws the figure with gnuplot (pngcairo, svg, pdfcairo or epscairo, from -o's extension).\n"
    "Kaplan-Meier figure:\n"
    "  --ci                  confidence band (step-shaped, transparent, behind the curves)\n"
    "  --conf-type T         log (default), log-log, plain, logit, arcsin\n"
    "  --pval                test p-value on the plot, as journals print it (p = 0.012)\n"
    "  --test T              logrank (default), gehan, tarone-ware, fh: the tests of\n"
    "                        'prognos logrank' (--weights there)\n"
    "  --rho R               G-rho weights S(t-)^rho (survdiff's rho; 1 = Peto-Peto)\n"
    "  --gamma G             with --test fh: S(t-)^rho (1 - S(t-))^gamma\n"
    "  --risk-table          number at risk under the plot, aligned with the x ticks\n"
    "  --cum-events          cumulative number of events under the plot\n"
    "  --median-lines        dashed lines at the median survival\n"
    "  --no-censor-marks     no + at censoring times\n"
    "  --fun F               surv (default), event (1 - S), cumhaz (-log S)\n"
    "  --percent             y axis in percent\n"
    "  --break B             x tick spacing (default: automatic)\n"
    "  --xmax X              right end of the x axis\n"
    "  --time-unit WORD      appended to the x label: 'Time (months)' (default: from the\n"
    "                        time variable's name: months, years, weeks, days)\n"
    "  --xlab T, --ylab T, --title T   axis labels and title\n"
    "  --labels LIST         curve labels in curve order, comma-separated:\n"
    "                        '<= 5 cm,> 5 cm' (default: the group names)\n"
    "Forest plot (--forest):\n"
    "  --ties T              efron (default), breslow or exact\n"
    "  --firth               Firth's penalised Cox regression\n"
    "Figure:\n"
    "  -o, --output FILE     the image: .png, .svg, .pdf or .eps (required to render)\n"
    "  --script FILE         also save the gnuplot script, data included ('gnuplot FILE'\n"
    "                        re-renders -o; without -o the script writes FILE's stem + .png;\n"
    "                        '-' prints the script)\n"
    "  --size WxH            figure size: 16x12cm, 6x4in, 160x120mm (default 8.5 cm wide)\n"
    "  --dpi N               PNG resolution (default 300): pixels = inches x dpi\n"
    "  --font 'FAMILY,SIZE'  font and size in points (default 'Helvetica,8')\n"
    "  --mono                black, with dash types instead of colours\n";

enum {
    OPT_FOREST = CLI_OPT_FIRST_FREE, OPT_CI, OPT_PVAL, OPT_RISK, OPT_CUM, OPT_MEDIAN,
    OPT_NOCENS, OPT_FUN, OPT_XLAB, OPT_YLAB, OPT_TITLE, OPT_BREAK, OPT_XMAX, OPT_UNIT,
    OPT_PERCENT, OPT_MONO, OPT_SIZE, OPT_DPI, OPT_FONT, OPT_SCRIPT, OPT_TEST, OPT_RHO, OPT_GAMMA,
    OPT_CONF_TYPE, OPT_TIES, OPT_FIRTH, OPT_LABELS
};

/* The test's name as printed before the p-value. */
static void test_label(const pg_logrank_opts *lo, char *buf, size_t cap)
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
    default: snprintf(buf, cap, "Log-rank"); break;
    }
}

/* "Helvetica,10", ",10", "Helvetica": family (copied into fam) and size. */
static int parse_font(const char *s, char *fam, size_t cap, double *size)
{
    const char *comma = strrchr(s, ',');
    size_t flen = comma ? (size_t)(comma - s) : strlen(s);
    if (flen >= cap) return PG_EINPUT;
    memcpy(fam, s, flen);
    fam[flen] = '\0';
    if (comma) {
        double v;
        if (cli_parse_double(comma + 1, &v) || !(v >= 2 && v <= 72)) return PG_EINPUT;
        *size = v;
    }
    return PG_OK;
}

/* The time unit from the name of Surv()'s first argument (months, os_years, ...), or NULL. */
/* Write the script atomically to path (temporary file + rename), through the shared helpers. */
static int save_script(cli_common *c, const char *path, const char *buf, size_t len)
{
    const char *saved = c->output;
    c->output = path;
    FILE *f;
    int ex = cli_output_open(c, &f);
    if (ex == PG_EXIT_OK) {
        fwrite(buf, 1, len, f);
        ex = cli_output_close(c, f, PG_EXIT_OK);
        /* the shared helper's mkstemp leaves 0600; a script is an ordinary file */
        if (ex == PG_EXIT_OK && strcmp(path, "-") != 0) {
            mode_t mask = umask(0);
            umask(mask);
            chmod(path, 0666 & ~mask);
        }
    }
    c->output = saved;
    return ex;
}

int cmd_plot(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_LONGOPTS,
        {"forest", no_argument, NULL, OPT_FOREST},
        {"ci", no_argument, NULL, OPT_CI},
        {"pval", no_argument, NULL, OPT_PVAL},
        {"risk-table", no_argument, NULL, OPT_RISK},
        {"cum-events", no_argument, NULL, OPT_CUM},
        {"median-lines", no_argument, NULL, OPT_MEDIAN},
        {"no-censor-marks", no_argument, NULL, OPT_NOCENS},
        {"fun", required_argument, NULL, OPT_FUN},
        {"xlab", required_argument, NULL, OPT_XLAB},
        {"ylab", required_argument, NULL, OPT_YLAB},
        {"title", required_argument, NULL, OPT_TITLE},
        {"break", required_argument, NULL, OPT_BREAK},
        {"xmax", required_argument, NULL, OPT_XMAX},
        {"time-unit", required_argument, NULL, OPT_UNIT},
        {"percent", no_argument, NULL, OPT_PERCENT},
        {"mono", no_argument, NULL, OPT_MONO},
        {"size", required_argument, NULL, OPT_SIZE},
        {"dpi", required_argument, NULL, OPT_DPI},
        {"font", required_argument, NULL, OPT_FONT},
        {"script", required_argument, NULL, OPT_SCRIPT},
        {"test", required_argument, NULL, OPT_TEST},
        {"rho", required_argument, NULL, OPT_RHO},
        {"gamma", required_argument, NULL, OPT_GAMMA},
        {"conf-type", required_argument, NULL, OPT_CONF_TYPE},
        {"ties", required_argument, NULL, OPT_TIES},
        {"firth", no_argument, NULL, OPT_FIRTH},
        {"labels", required_argument, NULL, OPT_LABELS},
        {NULL, 0, NULL, 0}};
    cli_common c;
    cli_init(&c, "plot");
    pg_plot_opts po;
    pg_plot_opts_init(&po);
    pg_km_opts ko;
    pg_km_opts_init(&ko);
    pg_logrank_opts lo;
    pg_logrank_opts_init(&lo);
    pg_cox_opts co;
    pg_cox_opts_init(&co);
    int forest = 0, ex = PG_EXIT_OK, opt, have_test = 0, have_rho = 0, have_gamma = 0;
    char tlabel[64];
    const char *script = NULL;
    char font[128] = "Helvetica";
    char *derived_out = NULL;
    char **labels = NULL;
    optind = 1;
    opterr = 0;
    while (ex == PG_EXIT_OK &&
           (opt = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, opts, NULL)) != -1) {
        double v;
        switch (opt) {
        case 'h':
            fputs(help, stdout);
            fputs(cli_common_help, stdout);
            cli_free_list(labels);
            cli_free(&c);
            return PG_EXIT_OK;
        case OPT_FOREST: forest = 1; break;
        case OPT_CI: po.ci = 1; break;
        case OPT_PVAL: po.pval = 1; break;
        case OPT_RISK: po.risk_table = 1; break;
        case OPT_CUM: po.cum_events = 1; break;
        case OPT_MEDIAN: po.median_lines = 1; break;
        case OPT_NOCENS: po.censor_marks = 0; break;
        case OPT_PERCENT: po.percent = 1; break;
        case OPT_MONO: po.mono = 1; break;
        case OPT_FIRTH: co.firth = 1; break;
        case OPT_XLAB: po.xlab = optarg; break;
        case OPT_YLAB: po.ylab = optarg; break;
        case OPT_TITLE: po.title = optarg; break;
        case OPT_UNIT: po.time_unit = optarg; break;
        case OPT_LABELS:
            cli_free_list(labels);
            if (cli_split(optarg, &labels, &po.n_labels)) ex = PG_EXIT_ANALYSIS;
            po.labels = (const char *const *)labels;
            break;
        case OPT_SCRIPT: script = optarg; break;
        case OPT_FUN:
            if (pg_plot_fun_parse(optarg, &po.fun)) {
                cli_errorf(&c, 1, "--fun must be surv, event or cumhaz, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        case OPT_BREAK:
        case OPT_XMAX:
            if (cli_parse_double(optarg, &v) || !(v > 0)) {
                cli_errorf(&c, 1, "--%s must be a positive number, not '%s'",
                           opt == OPT_BREAK ? "break" : "xmax", optarg);
                ex = PG_EXIT_USAGE;
            } else if (opt == OPT_BREAK) {
                po.xbreak = v;
            } else {
                po.xmax = v;
            }
            break;
        case OPT_SIZE:
            if (pg_plot_size_parse(optarg, &po.width, &po.height)) {
                cli_errorf(&c, 1, "--size wants WIDTHxHEIGHT with cm, mm or in (16x12cm), "
                                  "not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        case OPT_DPI:
            if (cli_parse_double(optarg, &v) || !(v >= 10 && v <= 2400)) {
                cli_errorf(&c, 1, "--dpi must be a number from 10 to 2400, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            } else {
                po.dpi = v;
            }
            break;
        case OPT_FONT:
            if (parse_font(optarg, font, sizeof font, &po.font_size)) {
                cli_errorf(&c, 1, "--font wants 'FAMILY,SIZE' with a size of 2 to 72 points, "
                                  "not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        case OPT_TEST:
            if (pg_logrank_weights_parse(optarg, &lo.weights) || lo.weights == PG_WEIGHTS_GRHO) {
                cli_errorf(&c, 1, "--test must be logrank, gehan, tarone-ware or fh (--rho R "
                                  "for G-rho), not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            have_test = 1;
            break;
        case OPT_RHO:
        case OPT_GAMMA:
            if (cli_parse_double(optarg, &v) || v < 0) {
                cli_errorf(&c, 1, "--%s must be a number >= 0, not '%s'",
                           opt == OPT_RHO ? "rho" : "gamma", optarg);
                ex = PG_EXIT_USAGE;
            } else if (opt == OPT_RHO) {
                lo.rho = v;
                have_rho = 1;
            } else {
                lo.gamma = v;
                have_gamma = 1;
            }
            break;
        case OPT_CONF_TYPE:
            if (pg_km_conf_type_parse(optarg, &ko.conf_type)) {
                cli_errorf(&c, 1, "unknown --conf-type '%s' (use log, log-log, plain, logit or "
                                  "arcsin)", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        case OPT_TIES:
            if (pg_cox_ties_parse(optarg, &co.ties)) {
                cli_errorf(&c, 1, "--ties must be efron, breslow or exact, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        default:
            ex = cli_common_option(&c, opt, optarg, argc, argv);
        }
    }
    /* --rho and --gamma as in 'prognos logrank': --rho alone is survdiff's G-rho, both (or
     * --test fh) Fleming-Harrington */
    if (ex == PG_EXIT_OK) {
        if (have_gamma && !have_test) lo.weights = PG_WEIGHTS_FH;
        if (have_rho && !have_test && !have_gamma) lo.weights = PG_WEIGHTS_GRHO;
        if (have_rho && have_test && lo.weights == PG_WEIGHTS_LOGRANK)
            lo.weights = PG_WEIGHTS_GRHO;
        if ((have_rho || have_gamma) &&
            (lo.weights == PG_WEIGHTS_GEHAN || lo.weights == PG_WEIGHTS_TARONE_WARE)) {
            cli_errorf(&c, 1, "--%s does not apply to --test %s", have_rho ? "rho" : "gamma",
                       pg_logrank_weights_name(lo.weights));
            ex = PG_EXIT_USAGE;
        } else if (have_gamma && lo.weights != PG_WEIGHTS_FH) {
            cli_errorf(&c, 1, "--gamma applies only to --test fh");
            ex = PG_EXIT_USAGE;
        }
        if (lo.weights == PG_WEIGHTS_GRHO && lo.rho == 0) lo.weights = PG_WEIGHTS_LOGRANK;
        test_label(&lo, tlabel, sizeof tlabel);
        po.test_label = tlabel;
    }
    if (ex == PG_EXIT_OK) ex = cli_files(&c, argc, argv, optind);
    if (ex == PG_EXIT_OK && !c.formula) {
        cli_errorf(&c, 1, "a formula is required (-f 'Surv(time, status) ~ group')");
        ex = PG_EXIT_USAGE;
    }
    if (ex == PG_EXIT_OK && (!c.output || strcmp(c.output, "-") == 0) && !script) {
        cli_errorf(&c, 1, "give the image file with -o (fig.png, .svg, .pdf or .eps), or "
                          "--script FILE");
        ex = PG_EXIT_USAGE;
    }
    if (ex == PG_EXIT_OK && c.output && strcmp(c.output, "-") == 0) {
        cli_errorf(&c, 1, "an image cannot go to standard output; give -o FILE");
        ex = PG_EXIT_USAGE;
    }
    if (ex == PG_EXIT_OK && !c.output && strcmp(script, "-") == 0) {
        cli_errorf(&c, 1, "--script - (to standard output) needs -o for the image's name");
        ex = PG_EXIT_USAGE;
    }
    if (ex == PG_EXIT_OK && !c.output) {
        /* script only: it writes the script's stem + .png */
        const char *dot = strrchr(script, '.'), *slash = strrchr(script, '/');
        size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - script) : strlen(script);
        derived_out = pg_strdup_printf("%.*s.png", (int)stem, script);
        if (!derived_out) ex = PG_EXIT_ANALYSIS;
    }
    const char *image = c.output ? c.output : derived_out;
    if (ex == PG_EXIT_OK && pg_plot_terminal_for(image) == PG_PLOT_AUTO) {
        cli_errorf(&c, 1, "cannot tell the image format of '%s' (use .png, .svg, .pdf or .eps)",
                   image);
        ex = PG_EXIT_USAGE;
    }
    if (ex == PG_EXIT_OK && forest &&
        (po.ci || po.pval || po.risk_table || po.cum_events || po.median_lines)) {
        cli_errorf(&c, 1, "--ci, --pval, --risk-table, --cum-events and --median-lines are "
                          "options of the Kaplan-Meier figure, not of --forest");
        ex = PG_EXIT_USAGE;
    }
    po.output = image;
    po.font = font;
    char unit_buf[16];
    if (!po.time_unit && !po.xlab && ex == PG_EXIT_OK) {
        const char *u = cli_time_unit(c.formula, NULL, NULL);   /* "month" -> "months" */
        if (u) {
            snprintf(unit_buf, sizeof unit_buf, "%ss", u);
            po.time_unit = unit_buf;
        }
    }
    ko.conf_level = co.conf_level = c.conf_level;

    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_km *km = NULL;
    pg_logrank *lr = NULL;
    pg_cox *fit = NULL;
    pg_error err = {0};
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = NULL;
    int rc;
    if (ex == PG_EXIT_OK) ex = cli_load(&c, &ds, &fr);
    if (ex == PG_EXIT_OK && !forest) {
        if ((rc = pg_km_fit(fr, &ko, &km, &err))) {
            cli_report(&c, &err);
            ex = cli_exit_code(rc);
        } else if (po.pval) {
            if (km->n_strata < 2) {
                cli_errorf(&c, 0, "--pval needs two or more groups on the right of '~'");
                ex = PG_EXIT_ANALYSIS;
            } else if ((rc = pg_logrank_test(fr, &lo, &lr, &err))) {
                cli_report(&c, &err);
                ex = cli_exit_code(rc);
            }
        }
    }
    if (ex == PG_EXIT_OK && forest) {
        rc = pg_cox_fit(fr, &co, &fit, &err);
        if (rc) {
            cli_report(&c, &err);
            ex = cli_exit_code(rc);
        } else {
            for (size_t k = 0; k < fit->n_warnings; k++)
                fprintf(stderr, "prognos plot: warning: %s\n", fit->warnings[k]);
        }
    }
    if (ex == PG_EXIT_OK) {
        mem = open_memstream(&buf, &len);
        if (!mem) {
            cli_errorf(&c, 0, "out of memory");
            ex = PG_EXIT_ANALYSIS;
        } else {
            rc = forest ? pg_plot_forest_script(mem, fit, fr, &po, &err)
                        : pg_plot_km_script(mem, km, lr, &po, &err);
            if (fclose(mem) != 0 && rc == PG_OK) rc = PG_ENOMEM;
            if (rc) {
                cli_report(&c, &err);
                ex = cli_exit_code(rc);
            }
        }
    }
    if (ex == PG_EXIT_OK && script) ex = save_script(&c, script, buf, len);
    if (ex == PG_EXIT_OK && c.output) {
        po.gnuplot = cli_gnuplot();
        if ((rc = pg_plot_run(buf, len, &po, &err))) {
            char msg[1024];
            pg_error_str(&err, msg, sizeof msg);
            if (script)
                cli_errorf(&c, 0, "%s (the script was saved to %s)", msg, script);
            else
                cli_errorf(&c, 0, "%s", msg);
            ex = rc == PG_EIO ? PG_EXIT_USAGE : PG_EXIT_ANALYSIS;
        }
    }
    free(buf);
    free(derived_out);
    pg_cox_free(fit);
    pg_logrank_free(lr);
    pg_km_free(km);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    cli_free_list(labels);
    cli_free(&c);
    return ex;
}
