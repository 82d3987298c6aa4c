/* reconstruct.c -- `prognos reconstruct`: patient rows from published Kaplan-Meier curves and
 * their number-at-risk tables (Guyot et al. 2012; src/methods/reconstruct.c), with a report of
 * how faithful they are. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "render_reconstruct.h"

typedef struct recon_args {
    pg_recon_opts ro;
    pg_format format;
    cli_list curves, risks, arm_names;
    cli_list events;
    const char *source;
    int quiet;
} recon_args;

/* --scale percent|fraction */
static int scale_parse(const char *arg, void *dest)
{
    int *percent = dest;
    if (strcmp(arg, "percent") == 0) *percent = 1;
    else if (strcmp(arg, "fraction") == 0) *percent = 0;
    else return PG_EINPUT;
    return PG_OK;
}

static const cli_opt recon_opts[] = {
    {.name = "curve", .type = CLI_APPEND, CLI_AT(recon_args, curves), .metavar = "FILE",
     .help = "digitised curve, CSV: time, survival (first two columns other than 'arm'); an "
             "'arm' column holds several arms (repeatable, one per --risk)"},
    {.name = "risk", .type = CLI_APPEND, CLI_AT(recon_args, risks), .metavar = "FILE",
     .help = "published number-at-risk table, CSV: time, n at risk (first two columns other "
             "than 'arm'), from time 0 (repeatable, one per --curve)"},
    {.name = "events", .type = CLI_LIST, CLI_AT(recon_args, events), .metavar = "LIST",
     .help = "reported total events per arm: ARM=N,... (e.g. male=112,female=53), or N,... "
             "in the order the arms are read"},
    {.name = "arm", .type = CLI_LIST, CLI_AT(recon_args, arm_names), .metavar = "LIST",
     .help = "names of the arms of curve files without an 'arm' column, one per --curve "
             "(default: the curve file's name without folder and .csv)"},
    {.name = "scale", .type = CLI_CUSTOM, CLI_AT(recon_args, ro.percent), .parse = scale_parse,
     .want = "wants percent or fraction", .def = "fraction", .metavar = "S",
     .help = "survival read as a fraction (0..1) or percent (0..100)"},
    {.name = "failure", .type = CLI_FLAG, CLI_AT(recon_args, ro.failure),
     .help = "the curve shows 1 - S (cumulative incidence of the event, failure)"},
    {.name = "source", .type = CLI_STRING, CLI_AT(recon_args, source), .metavar = "NAME",
     .help = "add a 'source' column holding NAME to the patient rows (for pooling)"},
    {.name = "format", .type = CLI_CHOICE, CLI_AT(recon_args, format), .choices = &cli_formats,
     .def = "csv", .metavar = "FMT",
     .help = "csv: the patient rows (the report goes to stderr); text, md: the report; json: "
             "the summary per arm"},
    {.name = "quiet", .type = CLI_FLAG, CLI_AT(recon_args, quiet),
     .help = "csv: no report on stderr"},
    {.name = NULL}};

const cli_cmd cli_cmd_reconstruct = {
    .name = "reconstruct",
    .summary = "patient rows from a published Kaplan-Meier curve and its risk table",
    .usage = "--curve CURVE.csv --risk RISK.csv [--events N] [OPTIONS]",
    .about = "Rebuild individual patient data (time, event, arm) from digitised Kaplan-Meier "
             "curves and the published numbers at risk by the iterative algorithm of Guyot et "
             "al. (BMC Med Res Methodol 2012;12:9), and report how faithful the result is: the "
             "reconstructed KM against the digitised points (RMSE, largest absolute "
             "difference), numbers at risk and events, rebuilt against published.",
    .examples = "reconstruct --curve curve.csv --risk risk.csv --events 165 -o ipd.csv\n"
                "reconstruct --curve a.csv --risk a_risk.csv --curve b.csv --risk b_risk.csv "
                "--arm A,B --source trial1\n"
                "reconstruct --curve arms.csv --risk arms_risk.csv --scale percent --format json",
    .common = CLI_C_OUTPUT,
    .opts = recon_opts,
    .run = cmd_reconstruct};

/* The arms as read: owned copies of the columns, split by arm. */
typedef struct arm_buf {
    char *label;
    double *t, *s, *rt, *rn;
    long *pl, *rl;
    size_t np, nr;
    const char *cf, *rf;        /* the files, borrowed from argv */
    double events;              /* reported total, NaN if not given */
} arm_buf;

typedef struct reading {
    arm_buf *arm;
    size_t n, cap;
    pg_dataset **ds;            /* the files read, kept for their names */
    size_t n_ds;
} reading;

static void reading_free(reading *rd)
{
    for (size_t a = 0; a < rd->n; a++) {
        arm_buf *b = &rd->arm[a];
        free(b->label);
        free(b->t);
        free(b->s);
        free(b->rt);
        free(b->rn);
        free(b->pl);
        free(b->rl);
    }
    free(rd->arm);
    for (size_t i = 0; i < rd->n_ds; i++) pg_dataset_free(rd->ds[i]);
    free(rd->ds);
}

/* Columns of a curve or risk file: the first two that are not 'arm' (both numeric), and arm. */
typedef struct cols {
    long x, y, arm;
} cols;

static int find_cols(const cli_common *c, const pg_dataset *ds, const char *file, const char *what,
                     cols *out)
{
    out->x = out->y = -1;
    out->arm = pg_dataset_find(ds, "arm");
    for (size_t j = 0; j < pg_dataset_ncol(ds); j++) {
        if ((long)j == out->arm) continue;
        if (out->x < 0) out->x = (long)j;
        else if (out->y < 0) out->y = (long)j;
    }
    if (out->y < 0) {
        cli_errorf(c, 0, "%s:1: needs two columns (%s) besides 'arm'", file, what);
        return PG_EXIT_USAGE;
    }
    long cc[2] = {out->x, out->y};
    for (int k = 0; k < 2; k++)
        if (pg_dataset_coltype(ds, (size_t)cc[k]) != PG_COL_NUMERIC) {
            cli_errorf(c, 0, "%s:1: column '%s' is not numeric (%s)", file,
                       pg_dataset_colname(ds, (size_t)cc[k]), what);
            return PG_EXIT_USAGE;
        }
    return PG_EXIT_OK;
}

/* The rows of ds whose arm is label (all rows when ds has no arm column), as two value
 * arrays and their lines. Returns the count, or (size_t)-1 out of memory. */
static size_t take_rows(const pg_dataset *ds, const cols *cl, const char *label, double **x,
                        double **y, long **line)
{
    size_t n = pg_dataset_nrow(ds), m = 0;
    const double *xs = pg_dataset_numeric(ds, (size_t)cl->x),
                 *ys = pg_dataset_numeric(ds, (size_t)cl->y);
    const int32_t *codes = cl->arm >= 0 ? pg_dataset_codes(ds, (size_t)cl->arm) : NULL;
    *x = pg_malloc_array(n + 1, sizeof **x);
    *y = pg_malloc_array(n + 1, sizeof **y);
    *line = pg_malloc_array(n + 1, sizeof **line);
    if (!*x || !*y || !*line) return (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (codes &&
            (codes[i] < 0 || strcmp(pg_dataset_level(ds, (size_t)cl->arm, (size_t)codes[i]),
                                    label) != 0))
            continue;
        (*x)[m] = xs[i];
        (*y)[m] = ys[i];
        (*line)[m++] = pg_dataset_row_line(ds, i);
    }
    return m;
}

static char *file_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".csv") == 0) len -= 4;
    return pg_strdup_printf("%.*s", (int)len, base);
}

static int read_file(cli_common *c, reading *rd, const char *path, pg_dataset **ds)
{
    pg_csv_opts o;
    pg_csv_opts_init(&o);
    const char *const cat[] = {"arm"};
    pg_error err = {0};
    int rc = pg_dataset_read_csv(path, &o, ds, &err);
    long arm = rc ? -1 : pg_dataset_find(*ds, "arm");
    if (arm >= 0 && pg_dataset_coltype(*ds, (size_t)arm) != PG_COL_CATEGORICAL) {
        /* arms numbered 1, 2: read again with the arm as a label */
        pg_dataset_free(*ds);
        o.categorical = cat;
        o.n_categorical = 1;
        rc = pg_dataset_read_csv(path, &o, ds, &err);
    }
    if (rc) return cli_fail(c, &err, rc);
    pg_dataset **grown = realloc(rd->ds, (rd->n_ds + 1) * sizeof *grown);
    if (!grown) {
        pg_dataset_free(*ds);
        cli_errorf(c, 0, "out of memory");
        return PG_EXIT_ANALYSIS;
    }
    rd->ds = grown;
    rd->ds[rd->n_ds++] = *ds;
    return PG_EXIT_OK;
}

/* Add one arm named label from the curve and risk datasets. */
static int add_arm(cli_common *c, reading *rd, const pg_dataset *cd, const cols *cc,
                   const pg_dataset *rdd, const cols *rc_, char *label, const char *curve_file,
                   const char *risk_file)
{
    if (rd->n == rd->cap) {
        size_t cap = rd->cap ? 2 * rd->cap : 4;
        arm_buf *g = realloc(rd->arm, cap * sizeof *g);
        if (!g) {
            free(label);
            cli_errorf(c, 0, "out of memory");
            return PG_EXIT_ANALYSIS;
        }
        rd->arm = g;
        rd->cap = cap;
    }
    arm_buf *b = &rd->arm[rd->n++];
    memset(b, 0, sizeof *b);
    b->label = label;
    b->events = NAN;
    b->cf = curve_file;
    b->rf = risk_file;
    b->np = take_rows(cd, cc, label, &b->t, &b->s, &b->pl);
    b->nr = b->np == (size_t)-1 ? b->np : take_rows(rdd, rc_, label, &b->rt, &b->rn, &b->rl);
    if (b->np == (size_t)-1 || b->nr == (size_t)-1) {
        cli_errorf(c, 0, "out of memory");
        return PG_EXIT_ANALYSIS;
    }
    if (b->nr == 0) {
        cli_errorf(c, 0, "%s: no number-at-risk rows for arm '%s'", risk_file, label);
        return PG_EXIT_USAGE;
    }
    return PG_EXIT_OK;
}

/* Read curve file i and risk file i into arms. */
static int read_pair(cli_common *c, const recon_args *a, size_t i, reading *rd)
{
    const char *cf = a->curves.item[i], *rf = a->risks.item[i];
    pg_dataset *cd, *rdd;
    cols cc, rcol;
    int ex;
    if ((ex = read_file(c, rd, cf, &cd)) || (ex = read_file(c, rd, rf, &rdd)) ||
        (ex = find_cols(c, cd, cf, "time, survival", &cc)) ||
        (ex = find_cols(c, rdd, rf, "time, number at risk", &rcol)))
        return ex;
    if ((cc.arm >= 0) != (rcol.arm >= 0)) {
        cli_errorf(c, 0, "%s:1: has %s 'arm' column but %s %s", cc.arm >= 0 ? rf : cf,
                   "no", cc.arm >= 0 ? cf : rf, "has one");
        return PG_EXIT_USAGE;
    }
    if (cc.arm < 0) {
        char *label = a->arm_names.n ? pg_strdup(a->arm_names.item[i]) : file_stem(cf);
        if (!label) return cli_errorf(c, 0, "out of memory"), PG_EXIT_ANALYSIS;
        return add_arm(c, rd, cd, &cc, rdd, &rcol, label, cf, rf);
    }
    if (a->arm_names.n) {
        cli_errorf(c, 1, "--arm names curves without an 'arm' column, and '%s' has one", cf);
        return PG_EXIT_USAGE;
    }
    const int32_t *codes = pg_dataset_codes(cd, (size_t)cc.arm);
    for (size_t r = 0; r < pg_dataset_nrow(cd); r++)
        if (codes[r] < 0) {
            cli_errorf(c, 0, "%s:%ld: missing arm", cf, pg_dataset_row_line(cd, r));
            return PG_EXIT_USAGE;
        }
    for (size_t l = 0; l < pg_dataset_nlevels(cd, (size_t)cc.arm); l++) {
        char *label = pg_strdup(pg_dataset_level(cd, (size_t)cc.arm, l));
        if (!label) return cli_errorf(c, 0, "out of memory"), PG_EXIT_ANALYSIS;
        if ((ex = add_arm(c, rd, cd, &cc, rdd, &rcol, label, cf, rf))) return ex;
    }
    return PG_EXIT_OK;
}

/* The patient rows as a dataset: time, event, arm (and source). */
static int rows_dataset(const pg_recon *r, const char *source, pg_dataset **out, pg_error *err)
{
    int rc = PG_ENOMEM;
    double *ev = pg_malloc_array(r->n_rows + 1, sizeof *ev);
    const char **arm = pg_malloc_array(r->n_rows + 1, sizeof *arm);
    const char **src = pg_malloc_array(r->n_rows + 1, sizeof *src);
    pg_dataset *ds = pg_dataset_new();
    if (!ev || !arm || !src || !ds) goto fail;
    for (size_t i = 0; i < r->n_rows; i++) {
        ev[i] = r->event[i];
        arm[i] = r->arms[r->arm[i]].arm;
        src[i] = source;
    }
    if ((rc = pg_dataset_add_numeric(ds, "time", r->time, r->n_rows, err)) ||
        (rc = pg_dataset_add_numeric(ds, "event", ev, r->n_rows, err)) ||
        (rc = pg_dataset_add_categorical(ds, "arm", arm, r->n_rows, err)) ||
        (source && (rc = pg_dataset_add_categorical(ds, "source", src, r->n_rows, err))))
        goto fail;
    *out = ds;
    ds = NULL;
fail:
    pg_dataset_free(ds);
    free(ev);
    free(arm);
    free(src);
    return rc;
}

/* Say on stderr where the rebuilt arm disagrees with what was published: the total of events
 * (by more than 2) or a number at risk (by more than 2 and 10%): the curve and the table do
 * not fit together, or the points were read badly. The rows are still written. */
static void warn_mismatch(const cli_common *c, const pg_recon *r)
{
    for (size_t a = 0; a < r->n_arms; a++) {
        const pg_recon_arm *ra = &r->arms[a];
        double rep = ra->events_reported;
        if (!isnan(rep) && fabs((double)ra->events - rep) > 2)
            cli_warnf(c, "arm '%s': %zu events rebuilt but %g reported; the curve and the "
                      "risk table disagree", ra->arm, ra->events, rep);
        for (size_t i = 0; i < ra->n_risk; i++) {
            double p = ra->n_risk_published[i], b = ra->n_risk_rebuilt[i];
            if (fabs(p - b) > 2 && fabs(p - b) > 0.1 * p) {
                cli_warnf(c, "arm '%s': %g at risk rebuilt at time %g but %g published",
                          ra->arm, b, ra->risk_time[i], p);
                break;
            }
        }
    }
}

static int write_result(cli_common *c, const recon_args *a, const pg_recon *r)
{
    pg_error err = {0};
    pg_dataset *rows = NULL;
    FILE *out = NULL;
    int rc = PG_OK, ex;
    if (a->format == PG_FMT_CSV && (rc = rows_dataset(r, a->source, &rows, &err)))
        return cli_fail(c, &err, rc);
    if ((ex = cli_output_open(c, &out))) goto done;
    if (a->format == PG_FMT_CSV) {
        rc = pg_dataset_write_csv(rows, out, &err);
        if (!rc && !a->quiet) pg_render_recon(stderr, r, PG_FMT_TEXT, "prognos reconstruct: ");
    } else {
        rc = pg_render_recon(out, r, a->format, NULL);
    }
    if (rc)
        cli_errorf(c, 0, "cannot write the result%s", rc == PG_ENOMEM ? ": out of memory" : "");
    ex = cli_output_close(c, out, cli_exit_code(rc));
done:
    pg_dataset_free(rows);
    return ex;
}

/* --events: "ARM=N,..." naming every arm once, or "N,..." one per arm in reading order. */
static int events_of(const cli_common *c, const cli_list *ev, reading *rd)
{
    if (ev->n == 0) return PG_EXIT_OK;
    int named = strchr(ev->item[0], '=') != NULL;
    if (!named && ev->n != rd->n) {
        cli_errorf(c, 1, "--events gives %zu total%s for %zu arm%s", ev->n, ev->n == 1 ? "" : "s",
                   rd->n, rd->n == 1 ? "" : "s");
        return PG_EXIT_USAGE;
    }
    for (size_t i = 0; i < ev->n; i++) {
        const char *it = ev->item[i], *eq = strchr(it, '=');
        double v;
        if ((eq != NULL) != named || cli_parse_double(eq ? eq + 1 : it, &v) || !(v >= 0)) {
            cli_errorf(c, 1, "--events wants ARM=N,... or N,... with whole numbers, not '%s'", it);
            return PG_EXIT_USAGE;
        }
        size_t k = i;
        if (named) {
            size_t len = (size_t)(eq - it);
            for (k = 0; k < rd->n; k++)
                if (strlen(rd->arm[k].label) == len && strncmp(rd->arm[k].label, it, len) == 0)
                    break;
            if (k == rd->n || !isnan(rd->arm[k].events)) {
                cli_errorf(c, 1, "--events: %s arm '%.*s'", k == rd->n ? "no" : "twice the",
                           (int)len, it);
                return PG_EXIT_USAGE;
            }
        }
        rd->arm[k].events = v;
    }
    return PG_EXIT_OK;
}

/* The curve and risk files, in pairs, as the run's input files (JSON "input.files"): this
 * command takes its data from options rather than from the remaining arguments. */
static int list_inputs(cli_common *c, const recon_args *a)
{
    const char **files = pg_calloc_array(2 * a->curves.n, sizeof *files);
    if (!files) {
        cli_errorf(c, 0, "out of memory");
        return PG_EXIT_ANALYSIS;
    }
    for (size_t i = 0; i < a->curves.n; i++) {
        files[2 * i] = a->curves.item[i];
        files[2 * i + 1] = a->risks.item[i];
    }
    free(c->files);
    c->files = files;
    c->n_files = 2 * a->curves.n;
    return PG_EXIT_OK;
}

int cmd_reconstruct(int argc, char **argv)
{
    recon_args a = {0};
    pg_recon_opts_init(&a.ro);
    cli_common c;
    reading rd = {0};
    pg_recon_arm_input *in = NULL;
    pg_recon *r = NULL;
    pg_error err = {0};
    int rc, ex = cli_parse(&c, &cli_cmd_reconstruct, &a, argc, argv);
    if (ex) goto done;
    if (a.curves.n == 0 || a.curves.n != a.risks.n) {
        cli_errorf(&c, 1, "give each --curve FILE with its --risk FILE (%zu curve%s, %zu risk "
                   "table%s)", a.curves.n, a.curves.n == 1 ? "" : "s", a.risks.n,
                   a.risks.n == 1 ? "" : "s");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (a.arm_names.n && a.arm_names.n != a.curves.n) {
        cli_errorf(&c, 1, "--arm names %zu arm%s for %zu curve file%s", a.arm_names.n,
                   a.arm_names.n == 1 ? "" : "s", a.curves.n, a.curves.n == 1 ? "" : "s");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if ((ex = list_inputs(&c, &a))) goto done;
    for (size_t i = 0; i < a.curves.n; i++)
        if ((ex = read_pair(&c, &a, i, &rd))) goto done;
    if ((ex = events_of(&c, &a.events, &rd))) goto done;
    if (!(in = pg_calloc_array(rd.n, sizeof *in))) {
        cli_errorf(&c, 0, "out of memory");
        ex = PG_EXIT_ANALYSIS;
        goto done;
    }
    for (size_t k = 0; k < rd.n; k++) {
        const arm_buf *b = &rd.arm[k];
        in[k] = (pg_recon_arm_input){.arm = b->label, .curve_file = b->cf, .risk_file = b->rf,
                                     .n_points = b->np, .time = b->t,
                                     .surv = b->s, .point_line = b->pl, .n_risk_rows = b->nr,
                                     .risk_time = b->rt, .at_risk = b->rn, .risk_line = b->rl,
                                     .events = b->events};
    }
    if ((rc = pg_recon_fit(in, rd.n, &a.ro, &r, &err))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    warn_mismatch(&c, r);
    ex = write_result(&c, &a, r);
done:
    pg_recon_free(r);
    free(in);
    reading_free(&rd);
    return cli_done(&c, ex);
}
