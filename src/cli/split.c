/* split.c -- `prognos split`: cut follow-up at given times or at every event time and write
 * counting-process rows (start, stop, event) as CSV, as R's survSplit does. */
#include "cli.h"
#include "commands.h"

typedef struct split_args {
    pg_split_opts so;
    cli_doubles cut;
} split_args;

static const cli_opt split_opts[] = {
    {.name = "cut", .type = CLI_DOUBLES, CLI_AT(split_args, cut), .metavar = "LIST",
     .help = "cut points, e.g. 90,180,365 (survSplit's cut)"},
    {.name = "at-events", .type = CLI_FLAG, CLI_AT(split_args, so.at_events),
     .help = "cut also at every distinct event time"},
    {.name = "start", .type = CLI_STRING, CLI_AT(split_args, so.start), .def = "tstart",
     .metavar = "NAME", .help = "name of the new start-time column (Surv(time, status) input)"},
    {.name = "end", .type = CLI_STRING, CLI_AT(split_args, so.end), .metavar = "NAME",
     .help = "name of the stop-time column; default: the time column's name"},
    {.name = "event", .type = CLI_STRING, CLI_AT(split_args, so.event), .metavar = "NAME",
     .help = "name of the status column; default: the status column's name"},
    {.name = "episode", .type = CLI_STRING, CLI_AT(split_args, so.episode), .metavar = "NAME",
     .help = "add a column NAME numbering the intervals between cuts (1 before the first cut)"},
    {.name = "id", .type = CLI_STRING, CLI_AT(split_args, so.id), .metavar = "NAME",
     .help = "add a column NAME holding each input row's number, for --id in cox"},
    {.name = "zero", .type = CLI_DOUBLE, CLI_AT(split_args, so.zero), .def = "0",
     .metavar = "T", .help = "start of follow-up for Surv(time, status) input"},
    {.name = NULL}};

const cli_cmd cli_cmd_split = {
    .name = "split",
    .summary = "cut follow-up into (start, stop] rows at given times (survSplit)",
    .usage = "-f 'Surv(time, status) ~ .' (--cut LIST | --at-events) [OPTIONS] FILE... "
             "[-o FILE]",
    .about = "Cut each row's follow-up at the cut points inside it and write one CSV row per "
             "piece, every kept column repeated, the status on the last piece and 0 on the "
             "others (R: survSplit). A Cox model with Surv(tstart, time, status) on the result "
             "is the fit to the unsplit rows; time-varying effects (a covariate times the "
             "episode) can then be fitted.",
    .examples = "split -f 'Surv(time, status) ~ .' --cut 90,180,365 --episode tgroup "
                "veteran.csv -o long.csv\n"
                "split -f 'Surv(time, status) ~ trt + karno' --at-events veteran.csv",
    .common = CLI_C_ALL,
    .opts = split_opts,
    .run = cmd_split};

int cmd_split(int argc, char **argv)
{
    split_args a = {0};
    pg_split_opts_init(&a.so);
    cli_common c;
    pg_dataset *ds = NULL, *res = NULL;
    pg_error err = {0};
    int rc, ex = cli_parse(&c, &cli_cmd_split, &a, argc, argv);
    if (ex) goto done;
    if (!c.formula) {
        cli_errorf(&c, 1, "a formula is required: -f 'Surv(time, status) ~ .'");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (c.where) {
        cli_errorf(&c, 1, "split takes no --where: split every row, then subset in the fit");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (a.cut.n == 0 && !a.so.at_events) {
        cli_errorf(&c, 1, "give the cut points with --cut LIST, or --at-events");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    a.so.cut = a.cut.v;
    a.so.n_cut = a.cut.n;
    if ((ex = cli_read(&c, &ds))) goto done;
    if ((rc = pg_split_data(ds, c.formula, &a.so, &res, &err))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    fprintf(stderr, "prognos split: %zu rows cut into %zu\n", pg_dataset_nrow(ds),
            pg_dataset_nrow(res));
    ex = cli_output_csv(&c, res);
done:
    pg_dataset_free(res);
    pg_dataset_free(ds);
    return cli_done(&c, ex);
}
