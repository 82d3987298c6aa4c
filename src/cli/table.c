/* table.c -- `prognos table`: the prognostic-factor table of a manuscript in one command. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "render_ftable.h"

static const char help[] =
    "usage: prognos table -f 'Surv(time, event) ~ factor1 + factor2 [+ strata(s)]' FILE...\n\n"
    "One row per factor level: n (%), events, Kaplan-Meier survival at --times with CI, median,\n"
    "log-rank p (trend p for ordered factors such as fnclcc()), univariate and multivariable Cox\n"
    "HR (95% CI) and p. A factor with a level without events is fitted with Firth's correction.\n\n"
    "  --times LIST          survival reported at these times (default 5 and 10 years in the\n"
    "                        unit the time variable's name says: months, years, weeks, days)\n"
    "  --time-unit WORD      unit used in the headers (default from the time variable's name)\n"
    "  --multivariable M     all (default), none, or the terms to use: 'sex + I(size_cm > 5)'\n"
    "  --ties T              efron (default) or breslow\n"
    "  --conf-type T         log (default), log-log, plain, logit, arcsin\n"
    "  --format FMT          text (default), md, csv, tex, html, json\n";

enum { OPT_TIMES = CLI_OPT_FIRST_FREE, OPT_UNIT, OPT_MV, OPT_TIES, OPT_CONF_TYPE };

int cmd_table(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_LONGOPTS,
        {"times", required_argument, NULL, OPT_TIMES},
        {"time-unit", required_argument, NULL, OPT_UNIT},
        {"multivariable", required_argument, NULL, OPT_MV},
        {"ties", required_argument, NULL, OPT_TIES},
        {"conf-type", required_argument, NULL, OPT_CONF_TYPE},
        {NULL, 0, NULL, 0}};
    cli_common c;
    cli_init(&c, "table");
    pg_ftable_opts to;
    pg_ftable_opts_init(&to);
    pg_ft_format fmt = PG_FT_TEXT;
    double *times = NULL;
    size_t n_times = 0;
    const char *unit = NULL;
    int opt, ex = PG_EXIT_OK;
    optind = 1;
    opterr = 0;
    while (ex == PG_EXIT_OK &&
           (opt = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, opts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            fputs(help, stdout);
            fputs(cli_common_help, stdout);
            free(times);
            cli_free(&c);
            return PG_EXIT_OK;
        case CLI_OPT_FORMAT:
            if (pg_ft_format_parse(optarg, &fmt)) {
                cli_errorf(&c, 1, "unknown format '%s' (use text, md, csv, tex, html or json)",
                           optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        case OPT_TIMES:
            free(times);
            times = NULL;
            if (cli_parse_doubles(optarg, &times, &n_times) != PG_OK) {
                cli_errorf(&c, 1, "--times wants numbers separated by commas, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            } else {
                for (size_t k = 0; k < n_times; k++)
                    if (times[k] < 0) {
                        cli_errorf(&c, 1, "--times must not be negative");
                        ex = PG_EXIT_USAGE;
                    }
            }
            break;
        case OPT_UNIT: unit = optarg; break;
        case OPT_MV:
            if (strcmp(optarg, "all") == 0) to.multivariable = PG_MV_ALL;
            else if (strcmp(optarg, "none") == 0) to.multivariable = PG_MV_NONE;
            else {
                to.multivariable = PG_MV_LIST;
                to.mv_terms = optarg;
            }
            break;
        case OPT_TIES:
            if (pg_cox_ties_parse(optarg, &to.ties) || to.ties == PG_TIES_EXACT) {
                cli_errorf(&c, 1, "--ties must be efron or breslow, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        case OPT_CONF_TYPE:
            if (pg_km_conf_type_parse(optarg, &to.conf_type)) {
                cli_errorf(&c, 1, "unknown --conf-type '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        default:
            ex = cli_common_option(&c, opt, optarg, argc, argv);
        }
    }
    if (ex == PG_EXIT_OK) ex = cli_files(&c, argc, argv, optind);
    if (ex == PG_EXIT_OK && !c.formula) {
        cli_errorf(&c, 1, "a formula is required (-f 'Surv(months, status == \"DOD\") ~ sex')");
        ex = PG_EXIT_USAGE;
    }
    double t5 = 0, t10 = 0;
    const char *guessed = ex == PG_EXIT_OK ? cli_time_unit(c.formula, &t5, &t10) : NULL;
    if (ex == PG_EXIT_OK && !times) {
        if (!guessed) {
            cli_errorf(&c, 1, "cannot tell the time unit from the formula's time variable; "
                              "give --times (and --time-unit)");
            ex = PG_EXIT_USAGE;
        } else if (!(times = malloc(2 * sizeof *times))) {
            ex = PG_EXIT_ANALYSIS;
        } else {
            times[0] = t5;
            times[1] = t10;
            n_times = 2;
        }
    }
    if (!unit) unit = guessed;
    /* headers read "60-month survival": --time-unit days gives "5-day", not "5-days" */
    char unit_one[64];
    size_t ul = unit ? strlen(unit) : 0;
    if (ul > 1 && ul < sizeof unit_one && unit[ul - 1] == 's' && unit[ul - 2] != 's') {
        memcpy(unit_one, unit, ul - 1);
        unit_one[ul - 1] = '\0';
        unit = unit_one;
    }
    pg_dataset *ds = NULL;
    pg_ftable *t = NULL;
    pg_error err = {0};
    if (ex == PG_EXIT_OK) ex = cli_read(&c, &ds);
    if (ex == PG_EXIT_OK) {
        to.times = times;
        to.n_times = n_times;
        to.where = c.where;
        to.conf_level = c.conf_level;
        int rc = pg_ftable_build(ds, c.formula, &to, &t, &err);
        if (rc) {
            cli_report(&c, &err);
            ex = cli_exit_code(rc);
        }
    }
    if (ex == PG_EXIT_OK) {
        if (t->has_mv && t->mv_dropped)
            fprintf(stderr, "prognos table: %zu observation%s deleted due to missingness in the "
                            "multivariable model\n", t->mv_dropped, t->mv_dropped == 1 ? "" : "s");
        FILE *out;
        ex = cli_output_open(&c, &out);
        if (ex == PG_EXIT_OK) {
            int rc = pg_render_ftable(out, t, fmt, unit, &err);
            if (rc) cli_report(&c, &err);
            ex = cli_output_close(&c, out, rc ? PG_EXIT_USAGE : PG_EXIT_OK);
        }
    }
    pg_ftable_free(t);
    pg_dataset_free(ds);
    free(times);
    cli_free(&c);
    return ex;
}
