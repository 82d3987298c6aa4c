/* tmerge.c -- `prognos tmerge`: one row per subject plus files of dated changes into
 * counting-process rows (tstart, tstop] with time-dependent covariates, as R's tmerge does. */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

#define TM_MAX_OPS 32

/* The operations in command-line order: each option's parser appends its kind and text. */
typedef struct tm_ops {
    size_t n;
    pg_tmerge_kind kind[TM_MAX_OPS];
    const char *spec[TM_MAX_OPS];
} tm_ops;

typedef struct tm_args {
    pg_tmerge_opts to;
    const char *status;
    tm_ops ops;
} tm_args;

/* NAME=FILE:TIME[,VALUE[,INIT]]: a name, a file, a time column. */
static int spec_ok(const char *s)
{
    const char *eq = strchr(s, '='), *colon = strrchr(s, ':');
    return eq && eq > s && colon && colon > eq + 1 && colon[1] && colon[1] != ',';
}

static int push(void *dest, const char *arg, pg_tmerge_kind kind)
{
    tm_ops *o = dest;
    if (!spec_ok(arg) || o->n == TM_MAX_OPS) return PG_EINPUT;
    o->kind[o->n] = kind;
    o->spec[o->n++] = arg;
    return PG_OK;
}
static int tdc_parse(const char *a, void *d) { return push(d, a, PG_TMERGE_TDC); }
static int cumtdc_parse(const char *a, void *d) { return push(d, a, PG_TMERGE_CUMTDC); }
static int event_parse(const char *a, void *d) { return push(d, a, PG_TMERGE_EVENT); }

#define TM_WANT "NAME=FILE:TIME[,VALUE[,INIT]]"

static const cli_opt tm_opts[] = {
    {.name = "id", .type = CLI_STRING, CLI_AT(tm_args, to.id), .metavar = "COL",
     .help = "the subject column, in the base file and in every change file"},
    {.name = "time", .type = CLI_STRING, CLI_AT(tm_args, to.time), .metavar = "COL",
     .help = "end of follow-up in the base file (tmerge's tstop)"},
    {.name = "status", .type = CLI_STRING, CLI_AT(tm_args, status), .metavar = "[NAME=]COL",
     .help = "status at the end of follow-up; written per interval (0 but on the last), "
             "named COL or NAME"},
    {.name = "start", .type = CLI_STRING, CLI_AT(tm_args, to.start), .metavar = "COL",
     .help = "start of follow-up in the base file (default 0)"},
    {.name = "tdc", .type = CLI_CUSTOM, CLI_AT(tm_args, ops), .parse = tdc_parse,
     .want = "wants " TM_WANT, .metavar = TM_WANT,
     .help = "new column NAME: 0 before and 1 from each subject's TIME in FILE on, or VALUE "
             "from TIME on (INIT before the first, default NA); repeatable"},
    {.name = "cumtdc", .type = CLI_CUSTOM, CLI_AT(tm_args, ops), .parse = cumtdc_parse,
     .want = "wants " TM_WANT, .metavar = TM_WANT,
     .help = "new column NAME: the number of TIMEs (the sum of VALUEs) so far; repeatable"},
    {.name = "event", .type = CLI_CUSTOM, CLI_AT(tm_args, ops), .parse = event_parse,
     .want = "wants " TM_WANT, .metavar = TM_WANT,
     .help = "new column NAME: 1 (or VALUE) on the interval ending at TIME, else 0; repeatable"},
    {.name = "tstart", .type = CLI_STRING, CLI_AT(tm_args, to.tstart_name), .def = "tstart",
     .metavar = "NAME", .help = "name of the interval start column"},
    {.name = "tstop", .type = CLI_STRING, CLI_AT(tm_args, to.tstop_name), .def = "tstop",
     .metavar = "NAME", .help = "name of the interval stop column"},
    {.name = "delay", .type = CLI_DOUBLE, CLI_AT(tm_args, to.delay), CLI_GE(0), .def = "0",
     .metavar = "T", .help = "changes of a tdc or cumtdc after the start take effect T later"},
    {.name = "keep-na", .type = CLI_FLAG, CLI_AT(tm_args, to.keep_na),
     .help = "a missing VALUE is a change to NA (default: the row is left out; na.rm)"},
    {.name = NULL}};

const cli_cmd cli_cmd_tmerge = {
    .name = "tmerge",
    .summary = "time-dependent covariates from files of dated changes (tmerge)",
    .usage = "--id COL --time COL [--status COL] (--tdc|--cumtdc|--event " TM_WANT ")... "
             "BASE [-o FILE]",
    .about = "Turn a base file of one row per subject (id, end of follow-up, status, other "
             "columns) into counting-process rows (tstart, tstop]: each change in a change file "
             "splits the subject's interval at its time; a tdc takes its value from that time "
             "on, an event marks the interval ending there (R: survival::tmerge with tdc(), "
             "cumtdc() and event()). Changes before the follow-up count for a tdc from the "
             "start; those after it, in a gap, or for an unknown id are ignored and counted "
             "(R's tcount) on stderr. Fit with cox -f 'Surv(tstart, tstop, status) ~ ...' "
             "--id COL.",
    .examples = "tmerge --id id --time futime --status fustat --tdc transplant=tx.csv:txday "
                "base.csv -o long.csv\n"
                "tmerge --id id --time days --status death --tdc dose=doses.csv:day,mg,0 "
                "--event relapse=relapses.csv:day base.csv",
    .common = CLI_C_ALL,
    .opts = tm_opts,
    .run = cmd_tmerge};

/* Split op k's text into its fields (in buf) and read its file. */
static int load_op(cli_common *c, const tm_args *a, size_t k, char *buf, size_t len,
                   pg_tmerge_op *op, pg_dataset **ds)
{
    snprintf(buf, len, "%s", a->ops.spec[k]);
    char *eq = strchr(buf, '='), *colon = strrchr(buf, ':');
    *eq = *colon = '\0';
    op->kind = a->ops.kind[k];
    op->name = buf;
    op->time = colon + 1;
    op->init = NAN;
    char *comma = strchr(op->time, ',');
    if (comma) {
        *comma = '\0';
        op->value = comma + 1;
        char *c2 = strchr(comma + 1, ',');
        if (c2) {
            *c2 = '\0';
            if (op->kind == PG_TMERGE_EVENT || cli_parse_double(c2 + 1, &op->init)) {
                cli_errorf(c, 1, "'%s': INIT must be a number (tdc and cumtdc only)",
                           a->ops.spec[k]);
                return PG_EXIT_USAGE;
            }
        }
        if (!*op->value) op->value = NULL;
    }
    const char *files = eq + 1;
    const char **save = c->files;
    size_t nsave = c->n_files;
    c->files = &files;
    c->n_files = 1;
    int ex = cli_read(c, ds);
    c->files = save;
    c->n_files = nsave;
    op->data = *ds;
    return ex;
}

static void report_counts(const tm_args *a, const pg_tmerge_op *ops, const pg_tmerge_count *n)
{
    fprintf(stderr, "prognos tmerge: %-12s %6s %6s %6s %6s %8s %7s %8s %6s %6s\n", "", "early",
            "late", "gap", "within", "boundary", "leading", "trailing", "tied", "missid");
    for (size_t k = 0; k <= a->ops.n; k++) {
        if (k == 0 && !a->to.status) continue;
        const pg_tmerge_count *t = &n[k];
        const char *nm = k ? ops[k - 1].name : a->to.status_name ? a->to.status_name
                                                                 : a->to.status;
        fprintf(stderr, "prognos tmerge: %-12s %6zu %6zu %6zu %6zu %8zu %7zu %8zu %6zu %6zu\n",
                nm, t->early, t->late, t->gap, t->within, t->boundary, t->leading, t->trailing,
                t->tied, t->missid);
    }
    for (size_t k = 1; k <= a->ops.n; k++) {
        const char *f = pg_dataset_nrow(ops[k - 1].data) ? pg_dataset_row_file(ops[k - 1].data, 0)
                                                         : "";
        if (n[k].missid)
            fprintf(stderr, "prognos tmerge: warning: %s:%ld: id not in the base file; %zu "
                    "such row%s of '%s' ignored\n", f, n[k].missid_line, n[k].missid,
                    n[k].missid > 1 ? "s" : "", ops[k - 1].name);
        if (n[k].missing)
            fprintf(stderr, "prognos tmerge: warning: %s:%ld: missing time or value; %zu "
                    "such row%s of '%s' ignored\n", f, n[k].missing_line, n[k].missing,
                    n[k].missing > 1 ? "s" : "", ops[k - 1].name);
    }
}

int cmd_tmerge(int argc, char **argv)
{
    tm_args a = {0};
    pg_tmerge_opts_init(&a.to);
    cli_common c;
    pg_dataset *ds = NULL, *res = NULL, *data[TM_MAX_OPS] = {0};
    pg_tmerge_op ops[TM_MAX_OPS];
    pg_tmerge_count counts[TM_MAX_OPS + 1];
    char bufs[TM_MAX_OPS][1024];
    char sbuf[512];
    pg_error err = {0};
    int rc, ex = cli_parse(&c, &cli_cmd_tmerge, &a, argc, argv);
    if (ex) goto done;
    if (!a.to.id || !a.to.time) {
        cli_errorf(&c, 1, "give the base file's subject and follow-up columns: --id COL "
                   "--time COL");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (c.formula || c.where) {
        cli_errorf(&c, 1, "tmerge takes no formula or --where: merge every row, then subset "
                   "in the fit");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (c.n_files != 1) {
        cli_errorf(&c, 1, "give one base file (one row per subject); change files go in "
                   "--tdc, --cumtdc, --event");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (a.status) {
        snprintf(sbuf, sizeof sbuf, "%s", a.status);
        char *eq = strchr(sbuf, '=');
        if (eq) {
            *eq = '\0';
            a.to.status_name = sbuf;
            a.to.status = eq + 1;
        } else {
            a.to.status = sbuf;
        }
    }
    memset(ops, 0, sizeof ops);
    for (size_t k = 0; k < a.ops.n; k++)
        if ((ex = load_op(&c, &a, k, bufs[k], sizeof bufs[k], &ops[k], &data[k]))) goto done;
    a.to.ops = ops;
    a.to.n_ops = a.ops.n;
    if ((ex = cli_read(&c, &ds))) goto done;
    if ((rc = pg_tmerge(ds, &a.to, &res, counts, &err))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    report_counts(&a, ops, counts);
    fprintf(stderr, "prognos tmerge: %zu subjects, %zu rows\n", pg_dataset_nrow(ds),
            pg_dataset_nrow(res));
    ex = cli_output_csv(&c, res);
done:
    pg_dataset_free(res);
    pg_dataset_free(ds);
    for (size_t k = 0; k < TM_MAX_OPS; k++) pg_dataset_free(data[k]);
    return cli_done(&c, ex);
}
