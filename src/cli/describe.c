/* describe.c -- `prognos describe [OPTIONS] FILE...`: the first look at a new file. Per column
 * its type, non-missing and missing counts, levels with counts or min / median / max; with -f
 * also n, events, censored and the rows the formula drops. */
#include "cli.h"
#include "commands.h"
#include "render_describe.h"

static const cli_opt describe_opts[] = {{.name = NULL}};

const cli_cmd cli_cmd_describe = {
    .name = "describe",
    .summary = "columns, types, missing values; n and events for a formula",
    .usage = "[OPTIONS] FILE...",
    .about = "Summarise every column of the CSV file(s): its type (numeric or categorical), how "
             "many values are present and missing, and min / median / max (numeric) or each "
             "level with its count (categorical). With -f, also the model frame of the formula: "
             "n, events, censored, and the rows dropped for missing values or excluded by "
             "--where.",
    .examples = "describe tests/data/lung.csv\n"
                "describe -f 'Surv(time, status) ~ sex + ph.ecog' tests/data/lung.csv\n"
                "describe --format json --delim ';' --na 'NA,-' series_a.csv series_b.csv",
    .common = CLI_C_ALL,
    .opts = describe_opts,
    .run = cmd_describe};

int cmd_describe(int argc, char **argv)
{
    cli_common c;
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_describe *d = NULL;
    pg_error err = {0};
    FILE *out = NULL;
    int rc, ex = cli_parse(&c, &cli_cmd_describe, NULL, argc, argv);
    if (ex) goto done;
    if (c.where && !c.formula) {
        cli_errorf(&c, 1, "--where needs a formula (-f)");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    c.no_design = 1;                    /* the frame is counted, not modelled */
    if ((ex = c.formula ? cli_load(&c, &ds, &fr) : cli_read(&c, &ds))) goto done;
    if ((rc = pg_describe_new(ds, &d, &err)) == PG_OK) {
        d->nfiles = c.n_files;
        d->files = c.files;
        if (fr) rc = pg_describe_add_frame(d, ds, fr, c.formula, c.where, &err);
    }
    if (rc) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    if ((ex = cli_output_open(&c, &out))) goto done;
    rc = pg_describe_write(out, d, c.format);
    if (rc) cli_errorf(&c, 0, "cannot write the output");
    ex = cli_output_close(&c, out, cli_exit_code(rc));
done:
    pg_describe_free(d);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    return cli_done(&c, ex);
}
