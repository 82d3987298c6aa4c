/* km.c -- `prognos km`: Kaplan-Meier curves, medians and quantiles, survival at chosen times,
 * restricted mean survival, Nelson-Aalen cumulative hazard and median follow-up, as R's
 * survfit / print / summary / quantile would report them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "render_km.h"

enum {
    OPT_CONF_TYPE = CLI_OPT_FIRST_FREE, OPT_QUANTILES, OPT_TIMES, OPT_RMST_TAU, OPT_CUMHAZ,
    OPT_FOLLOWUP, OPT_CENSORED
};

static const struct option long_opts[] = {
    CLI_COMMON_LONGOPTS,
    {"conf-type", required_argument, NULL, OPT_CONF_TYPE},
    {"quantiles", required_argument, NULL, OPT_QUANTILES},
    {"times", required_argument, NULL, OPT_TIMES},
    {"rmst-tau", required_argument, NULL, OPT_RMST_TAU},
    {"cumhaz", no_argument, NULL, OPT_CUMHAZ},
    {"followup", no_argument, NULL, OPT_FOLLOWUP},
    {"censored", no_argument, NULL, OPT_CENSORED},
    {NULL, 0, NULL, 0}};

static void help(void)
{
    printf("usage: prognos km -f 'Surv(time, status) ~ group' [OPTIONS] FILE...\n\n"
           "Kaplan-Meier survival curves, one per group (R: survfit, print, summary, quantile).\n"
           "Text output reads like R's print(fit) and summary(fit); numbers agree with R's\n"
           "survival package to 1e-6.\n\n"
           "Options:\n"
           "      --conf-type T      confidence interval transform, as survfit's conf.type:\n"
           "                         log (default), log-log, plain, logit, arcsin, none\n"
           "      --quantiles LIST   survival quantiles with confidence limits, e.g. "
           "0.25,0.5,0.75\n"
           "                         (quantile.survfit; the median is always shown)\n"
           "      --times LIST       survival at these times, e.g. 12,36,60, as summary(fit,\n"
           "                         times); times after a curve's last follow-up are left\n"
           "                         out, as R does\n"
           "      --rmst-tau TAU     restricted mean survival time to TAU with its standard error\n"
           "                         (print(fit, rmean = TAU))\n"
           "      --cumhaz           add the Nelson-Aalen cumulative hazard and its SE\n"
           "      --followup         add the median follow-up (reverse Kaplan-Meier) to csv and\n"
           "                         json output; text output always shows it\n"
           "      --censored         text and md: list censoring times too (summary(fit,\n"
           "                         censored = TRUE))\n\n"
           "%s\n"
           "Examples:\n"
           "  prognos km -f 'Surv(time, status) ~ x' tests/data/aml.csv\n"
           "  prognos km -f 'Surv(time, status) ~ 1' --times 12,24 --rmst-tau 36 aml.csv\n"
           "  prognos km -f 'Surv(months, status == \"DOD\") ~ grade' --format json -o km.json "
           "lms.csv\n",
           cli_common_help);
}

int cmd_km(int argc, char **argv)
{
    cli_common c;
    cli_init(&c, "km");
    pg_km_opts ko;
    pg_km_opts_init(&ko);
    pg_km_render_opts ro;
    pg_km_render_opts_init(&ro);
    double *quantiles = NULL, *times = NULL;
    int want_followup = 0, ex = PG_EXIT_OK, opt;
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_km *km = NULL;
    FILE *out = NULL;

    optind = 0;   /* full re-initialisation of getopt for this sub-argv */
    opterr = 0;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, long_opts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            help();
            goto done;
        case OPT_CONF_TYPE:
            if (pg_km_conf_type_parse(optarg, &ko.conf_type)) {
                cli_errorf(&c, 1, "unknown --conf-type '%s' (use log, log-log, plain, logit, "
                                  "arcsin or none)", optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            break;
        case OPT_QUANTILES:
            free(quantiles);
            quantiles = NULL;
            if (cli_parse_doubles(optarg, &quantiles, &ko.n_quantiles)) {
                cli_errorf(&c, 1, "--quantiles must be numbers separated by commas, not '%s'",
                           optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            for (size_t i = 0; i < ko.n_quantiles; i++)
                if (!(quantiles[i] > 0 && quantiles[i] < 1)) {
                    cli_errorf(&c, 1, "--quantiles: %g is not a probability between 0 and 1",
                               quantiles[i]);
                    ex = PG_EXIT_USAGE;
                    goto done;
                }
            ko.quantiles = quantiles;
            break;
        case OPT_TIMES:
            free(times);
            times = NULL;
            if (cli_parse_doubles(optarg, &times, &ko.n_times)) {
                cli_errorf(&c, 1, "--times must be numbers separated by commas, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            for (size_t i = 0; i < ko.n_times; i++)
                if (times[i] < 0) {
                    cli_errorf(&c, 1, "--times: %g is negative", times[i]);
                    ex = PG_EXIT_USAGE;
                    goto done;
                }
            ko.times = times;
            break;
        case OPT_RMST_TAU:
            if (cli_parse_double(optarg, &ko.rmst_tau) || !(ko.rmst_tau > 0)) {
                cli_errorf(&c, 1, "--rmst-tau must be a positive number, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
                goto done;
            }
            break;
        case OPT_CUMHAZ: ro.cumhaz = 1; break;
        case OPT_FOLLOWUP: want_followup = 1; break;
        case OPT_CENSORED: ro.censored = 1; break;
        default: {
            int r = cli_common_option(&c, opt, optarg, argc, argv);
            if (r == -1) {
                cli_errorf(&c, 1, "unknown option '%s'", argv[optind - 1]);
                r = PG_EXIT_USAGE;
            }
            if (r != PG_EXIT_OK) {
                ex = r;
                goto done;
            }
        }
        }
    }
    ko.conf_level = c.conf_level;
    if ((ex = cli_files(&c, argc, argv, optind))) goto done;
    if ((ex = cli_load(&c, &ds, &fr))) goto done;

    pg_error err = {0};
    int rc = pg_km_fit(fr, &ko, &km, &err);
    if (rc) {
        cli_report(&c, &err);
        ex = cli_exit_code(rc);
        goto done;
    }
    pg_km_quantile fu;
    rc = pg_km_followup(fr, &ko, &fu, &err);
    if (rc) {
        cli_report(&c, &err);
        ex = cli_exit_code(rc);
        goto done;
    }
    if (want_followup || c.format == PG_FMT_TEXT || c.format == PG_FMT_MD) ro.followup = &fu;
    ro.formula = c.formula;

    if ((ex = cli_output_open(&c, &out))) goto done;
    rc = pg_km_render(out, km, &ro, c.format);
    if (rc)
        cli_errorf(&c, 0, "cannot write the result%s", rc == PG_ENOMEM ? ": out of memory" : "");
    ex = cli_output_close(&c, out, rc ? cli_exit_code(rc) : PG_EXIT_OK);

done:
    pg_km_free(km);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    free(quantiles);
    free(times);
    cli_free(&c);
    return ex;
}
