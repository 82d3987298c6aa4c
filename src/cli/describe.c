/* describe.c -- `prognos describe [OPTIONS] FILE...`: the first look at a new file. Per column
 * its type, non-missing and missing counts, levels with counts or min / median / max; with -f
 * also n, events, censored and the rows the formula drops. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "render_describe.h"

static void help(void)
{
    printf("usage: prognos describe [OPTIONS] FILE...\n\n"
           "Summarise every column of the CSV file(s): its type (numeric or categorical), how\n"
           "many values are present and missing, and min / median / max (numeric) or each level\n"
           "with its count (categorical). With -f, also the model frame of the formula: n,\n"
           "events, censored, and the rows dropped for missing values or excluded by --where.\n\n"
           "Examples:\n"
           "  prognos describe tests/data/lung.csv\n"
           "  prognos describe -f 'Surv(time, status) ~ sex + ph.ecog' tests/data/lung.csv\n"
           "  prognos describe --format json --delim ';' --na 'NA,-' series_a.csv series_b.csv\n\n"
           "%s", cli_common_help);
}

int cmd_describe(int argc, char **argv)
{
    static const struct option long_opts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    cli_common c;
    cli_init(&c, "describe");
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_describe *d = NULL;
    FILE *out = NULL;
    int ex = PG_EXIT_OK, opt;
    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, long_opts, NULL)) != -1) {
        if (opt == 'h') {
            help();
            cli_free(&c);
            return PG_EXIT_OK;
        }
        int r = cli_common_option(&c, opt, optarg, argc, argv);
        if (r == -1) {
            cli_errorf(&c, 1, "unknown option '%s'", argv[optind - 1]);
            r = PG_EXIT_USAGE;
        }
        if (r != PG_EXIT_OK) {
            cli_free(&c);
            return r;
        }
    }
    if ((ex = cli_files(&c, argc, argv, optind)) != PG_EXIT_OK) goto done;
    if (c.where && !c.formula) {
        cli_errorf(&c, 1, "--where needs a formula (-f)");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (c.formula) ex = cli_load(&c, &ds, &fr);
    else ex = cli_read(&c, &ds);
    if (ex) goto done;
    pg_error err = {0};
    int rc = pg_describe_new(ds, &d, &err);
    if (!rc) {
        d->nfiles = c.n_files;
        d->files = c.files;
        if (fr) rc = pg_describe_add_frame(d, ds, fr, c.formula, c.where, &err);
    }
    if (rc) {
        cli_report(&c, &err);
        ex = cli_exit_code(rc);
        goto done;
    }
    if ((ex = cli_output_open(&c, &out)) != PG_EXIT_OK) goto done;
    rc = pg_describe_write(out, d, c.format);
    ex = cli_output_close(&c, out, rc ? PG_EXIT_USAGE : PG_EXIT_OK);
    if (rc) cli_errorf(&c, 0, "cannot write the output");
done:
    pg_describe_free(d);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    cli_free(&c);
    return ex;
}
