/* simulate.c -- `prognos simulate`: write the calibrated synthetic leiomyosarcoma cohort. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static const char help[] =
    "usage: prognos simulate [--seed N] [--scale X] [--hr NAME=VALUE ...] [-o FILE]\n\n"
    "Draw the calibrated SYNTHETIC pooled cohort of superficial leiomyosarcoma (five centres,\n"
    "dermal and subcutaneous tumours) as CSV. The same seed always gives the same rows.\n\n"
    "  --seed N          random seed (default 20261121)\n"
    "  --scale X         multiply each centre's size (default 1: 480 patients)\n"
    "  --hr NAME=VALUE   change a generating hazard ratio: subcutaneous (5), size_gt5 (3),\n"
    "                    grade2 (2), grade3 (4), necrosis (2), female (1.6)\n"
    "  -o, --output FILE write to FILE (atomically) instead of standard output\n"
    "  -h, --help        show this help\n";

enum { OPT_SEED = CLI_OPT_FIRST_FREE, OPT_SCALE, OPT_HR };

static int set_hr(pg_sim_hr *hr, const char *arg)
{
    const char *eq = strchr(arg, '=');
    double v;
    if (!eq || cli_parse_double(eq + 1, &v) || !(v > 0)) return -1;
    size_t len = (size_t)(eq - arg);
    struct { const char *name; double *field; } map[] = {
        {"subcutaneous", &hr->subcutaneous}, {"size_gt5", &hr->size_gt5},
        {"grade2", &hr->grade2}, {"grade3", &hr->grade3}, {"necrosis", &hr->necrosis},
        {"female", &hr->female}};
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
        if (strlen(map[k].name) == len && strncmp(map[k].name, arg, len) == 0) {
            *map[k].field = v;
            return 0;
        }
    return -1;
}

int cmd_simulate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"seed", required_argument, NULL, OPT_SEED}, {"scale", required_argument, NULL, OPT_SCALE},
        {"hr", required_argument, NULL, OPT_HR}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    cli_common c;
    cli_init(&c, "simulate");
    pg_sim_opts so;
    pg_sim_opts_init(&so);
    int opt, ex = PG_EXIT_OK;
    optind = 1;
    opterr = 0;
    while (ex == PG_EXIT_OK && (opt = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
        double v;
        switch (opt) {
        case 'h':
            fputs(help, stdout);
            cli_free(&c);
            return PG_EXIT_OK;
        case OPT_SEED:
            if (cli_parse_double(optarg, &v) || v < 0 || v != (double)(unsigned long)v) {
                cli_errorf(&c, 1, "--seed must be a non-negative integer, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            } else {
                so.seed = (unsigned long)v;
            }
            break;
        case OPT_SCALE:
            if (cli_parse_double(optarg, &so.scale) || !(so.scale > 0)) {
                cli_errorf(&c, 1, "--scale must be a positive number, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        case OPT_HR:
            if (set_hr(&so.hr, optarg)) {
                cli_errorf(&c, 1, "--hr wants NAME=VALUE with a known name and a positive "
                                  "value, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        default:
            ex = cli_common_option(&c, opt, optarg, argc, argv);
            if (ex < 0) {
                cli_errorf(&c, 1, "unknown option '%s'", argv[optind - 1]);
                ex = PG_EXIT_USAGE;
            }
        }
    }
    if (ex == PG_EXIT_OK && optind < argc) {
        cli_errorf(&c, 1, "unexpected argument '%s'", argv[optind]);
        ex = PG_EXIT_USAGE;
    }
    pg_dataset *ds = NULL;
    pg_error err = {0};
    if (ex == PG_EXIT_OK) {
        int rc = pg_sim_draw(&so, &ds, &err);
        if (rc) {
            cli_report(&c, &err);
            ex = cli_exit_code(rc);
        }
    }
    if (ex == PG_EXIT_OK) {
        FILE *out;
        ex = cli_output_open(&c, &out);
        if (ex == PG_EXIT_OK) {
            int rc = pg_dataset_write_csv(ds, out, &err);
            if (rc) cli_report(&c, &err);
            ex = cli_output_close(&c, out, rc ? PG_EXIT_USAGE : PG_EXIT_OK);
        }
    }
    pg_dataset_free(ds);
    cli_free(&c);
    return ex;
}
