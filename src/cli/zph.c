/* zph.c -- `prognos zph`: the test of proportional hazards of a Cox model (R: cox.zph). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "render_zph.h"

static const char help[] =
    "usage: prognos zph -f 'Surv(time, status) ~ terms [+ strata(s)]' [options] FILE...\n\n"
    "Fits the Cox model and tests proportional hazards as R's cox.zph (survival >= 3.0): the\n"
    "score test of a time-varying coefficient b + c g(t) per term (a factor with k-1 df) and\n"
    "GLOBAL. Output as print(cox.zph).\n\n"
    "  --ties T           efron (default), breslow or exact, as coxph's ties\n"
    "  --transform G      g(t): km (default, 1 - Kaplan-Meier), rank, identity, log\n"
    "  --residuals        write the scaled Schoenfeld residuals instead of the test, one row\n"
    "                     per event: time, transformed_time, one column per term (CSV unless\n"
    "                     --format md or json), for plotting beta(t) against time\n\n"
    "Examples:\n"
    "  prognos zph -f 'Surv(time, status) ~ age + sex + ph.ecog' lung.csv\n"
    "  prognos zph -f 'Surv(time, status) ~ factor(celltype) + karno' --transform rank "
    "veteran.csv\n"
    "  prognos zph -f 'Surv(time, status) ~ age + sex' --residuals -o zph.csv lung.csv\n\n";

enum { OPT_TIES = CLI_OPT_FIRST_FREE, OPT_TRANSFORM, OPT_RESIDUALS };

int cmd_zph(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_LONGOPTS,
        {"ties", required_argument, NULL, OPT_TIES},
        {"transform", required_argument, NULL, OPT_TRANSFORM},
        {"residuals", no_argument, NULL, OPT_RESIDUALS},
        {NULL, 0, NULL, 0}};
    cli_common c;
    cli_init(&c, "zph");
    pg_cox_opts co;
    pg_cox_opts_init(&co);
    pg_zph_transform tr = PG_ZPH_KM;
    int residuals = 0, opt, ex = PG_EXIT_OK;
    optind = 1;
    opterr = 0;
    while (ex == PG_EXIT_OK &&
           (opt = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, opts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            fputs(help, stdout);
            fputs(cli_common_help, stdout);
            cli_free(&c);
            return PG_EXIT_OK;
        case OPT_TIES:
            if (pg_cox_ties_parse(optarg, &co.ties)) {
                cli_errorf(&c, 1, "--ties must be efron, breslow or exact, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        case OPT_TRANSFORM:
            if (pg_zph_transform_parse(optarg, &tr)) {
                cli_errorf(&c, 1, "--transform must be km, rank, identity or log, not '%s'",
                           optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        case OPT_RESIDUALS: residuals = 1; break;
        default:
            ex = cli_common_option(&c, opt, optarg, argc, argv);
        }
    }
    if (ex == PG_EXIT_OK) ex = cli_files(&c, argc, argv, optind);
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_cox *fit = NULL;
    pg_zph *z = NULL;
    pg_error err = {0};
    c.no_groups = 1;                    /* a Cox model has no use for survfit's groups */
    if (ex == PG_EXIT_OK) ex = cli_load(&c, &ds, &fr);
    if (ex == PG_EXIT_OK) {
        co.conf_level = c.conf_level;
        int rc = pg_cox_fit(fr, &co, &fit, &err);
        if (rc == PG_OK) {
            for (size_t i = 0; i < fit->n_warnings; i++)
                fprintf(stderr, "prognos zph: warning: %s\n", fit->warnings[i]);
            rc = pg_zph_test(fr, fit, &(pg_zph_opts){.transform = tr}, &z, &err);
        }
        if (rc) {
            cli_report(&c, &err);
            ex = cli_exit_code(rc);
        }
    }
    if (ex == PG_EXIT_OK) {
        FILE *out;
        ex = cli_output_open(&c, &out);
        if (ex == PG_EXIT_OK) {
            int rc = residuals ? pg_render_zph_resid(out, z, c.format, &err)
                               : pg_render_zph(out, z, c.format, &err);
            if (rc) cli_report(&c, &err);
            ex = cli_output_close(&c, out, rc ? cli_exit_code(rc) : PG_EXIT_OK);
        }
    }
    pg_zph_free(z);
    pg_cox_free(fit);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    cli_free(&c);
    return ex;
}
