/* logrank.c -- `prognos logrank`: compare survival between groups (R: survdiff), with the
 * weights R lacks, a test for trend, pairwise comparisons and an exact permutation p-value. */
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "render_logrank.h"

typedef struct logrank_args {
    pg_logrank_opts o;
    cli_doubles scores;
    const char *id;
} logrank_args;

static const cli_opt logrank_opts[] = {
    {.name = "rho", .type = CLI_DOUBLE, CLI_AT(logrank_args, o.rho), CLI_GE(0), .metavar = "R",
     .help = "G-rho weights S(t-)^R as survdiff(rho = R); 1 is Peto-Peto"},
    {.name = "weights", .type = CLI_CHOICE, CLI_AT(logrank_args, o.weights),
     .choices = &cli_weights, .deny = 1u << PG_WEIGHTS_GRHO, .def = "logrank", .metavar = "W",
     .help = "the weights of the test: gehan by n at risk, tarone-ware by sqrt n, fh "
             "Fleming-Harrington S(t-)^rho (1 - S(t-))^gamma; --rho R alone gives G-rho"},
    {.name = "gamma", .type = CLI_DOUBLE, CLI_AT(logrank_args, o.gamma), CLI_GE(0),
     .def = "0", .metavar = "G", .help = "the gamma of --weights fh"},
    {.name = "trend", .type = CLI_FLAG, CLI_AT(logrank_args, o.trend),
     .help = "also test for trend across the groups in level order"},
    {.name = "scores", .type = CLI_DOUBLES, CLI_AT(logrank_args, scores), .metavar = "LIST",
     .help = "trend scores, one per group, e.g. 1,2,3 (implies --trend)"},
    {.name = "pairwise", .type = CLI_FLAG, CLI_AT(logrank_args, o.pairwise),
     .help = "also compare every pair of groups"},
    {.name = "adjust", .type = CLI_CHOICE, CLI_AT(logrank_args, o.adjust),
     .choices = &cli_adjusts, .def = "holm", .metavar = "M",
     .help = "pairwise p-value adjustment"},
    {.name = "exact", .type = CLI_FLAG, CLI_AT(logrank_args, o.exact),
     .help = "permutation p-value (group labels permuted within strata)"},
    {.name = "permutations", .type = CLI_UINT, CLI_AT(logrank_args, o.permutations),
     .range = CLI_MIN | CLI_MIN_OPEN | CLI_MAX, .min = 0, .max = (double)(SIZE_MAX / 2),
     .def = "10000", .metavar = "N",
     .help = "Monte Carlo draws when the exact p-value is out of reach"},
    {.name = "monte-carlo", .type = CLI_UINT, CLI_AT(logrank_args, o.monte_carlo),
     .range = CLI_MIN | CLI_MIN_OPEN | CLI_MAX, .min = 0, .max = (double)(SIZE_MAX / 2),
     .metavar = "N", .help = "with --exact: N Monte Carlo draws instead of the exact p-value"},
    {.name = "seed", .type = CLI_UINT, CLI_AT(logrank_args, o.seed), CLI_GE(0), .def = "1",
     .metavar = "S", .help = "Monte Carlo seed"},
    {.name = "max-enumerate", .type = CLI_UINT, CLI_AT(logrank_args, o.max_enumerate),
     .range = CLI_MIN | CLI_MAX, .min = 0, .max = (double)(SIZE_MAX / 2),
     .def = "100000", .metavar = "N",
     .help = "three or more groups: enumerate when there are at most N arrangements"},
    {.name = "id", .type = CLI_STRING, CLI_AT(logrank_args, id), .metavar = "COL",
     .help = "the subject of each row of Surv(start, stop, event) data (R's id =): "
             "overlapping intervals of one subject are an error"},
    {.name = NULL}};

const cli_cmd cli_cmd_logrank = {
    .name = "logrank",
    .summary = "log-rank test and its weighted, stratified, trend, exact forms",
    .usage = "-f 'Surv(time, status) ~ group [+ strata(s)]' [OPTIONS] FILE...",
    .about = "Test whether survival differs between groups: the log-rank test and its weighted "
             "family, within strata, as R's survdiff; a test for trend across ordered groups; "
             "pairwise comparisons; an exact permutation p-value for small series.",
    .examples = "logrank -f 'Surv(time, cens) ~ treat' tests/data/gehan.csv\n"
                "logrank -f 'Surv(time, status) ~ rx + strata(sex)' --pairwise colon.csv\n"
                "logrank -f 'Surv(months, dod) ~ grade' --trend --exact lms.csv",
    .common = CLI_C_ALL,
    .opts = logrank_opts,
    .run = cmd_logrank};

/* Progress bar on stderr for a long permutation test: only on a terminal, and only once the
 * test has run for more than a second. */
typedef struct progress {
    struct timespec start;
    int tty, shown;
} progress;

static double elapsed(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + 1e-9 * (double)(now.tv_nsec - t0->tv_nsec);
}

static void show_progress(size_t done, size_t total, void *ctx)
{
    progress *p = ctx;
    if (!p->tty || total == 0) return;
    if (!p->shown && elapsed(&p->start) < 1.0) return;
    p->shown = 1;
    int width = 30, fill = (int)((double)width * (double)done / (double)total);
    fprintf(stderr, "\rprognos logrank: permutations [%.*s%*s] %3d%%",
            fill, "##############################", width - fill, "",
            (int)(100.0 * (double)done / (double)total));
    if (done >= total) fputc('\n', stderr);
    fflush(stderr);
}

/* --rho and --gamma: G-rho by default, the parameters of fh with --weights fh (the rule 'prognos
 * plot --test' follows too). weights_opt names the option in messages. */
int cli_logrank_weights(cli_common *c, pg_logrank_opts *o, const char *weights_opt)
{
    int have_weights = cli_given(c, weights_opt), have_rho = cli_given(c, "rho"),
        have_gamma = cli_given(c, "gamma");
    if (have_gamma && !have_weights) o->weights = PG_WEIGHTS_FH;
    if (have_rho && !have_weights && !have_gamma) o->weights = PG_WEIGHTS_GRHO;
    if (have_rho && have_weights && o->weights == PG_WEIGHTS_LOGRANK) o->weights = PG_WEIGHTS_GRHO;
    if ((have_rho || have_gamma) &&
        (o->weights == PG_WEIGHTS_GEHAN || o->weights == PG_WEIGHTS_TARONE_WARE)) {
        cli_errorf(c, 1, "--%s does not apply to --%s %s", have_rho ? "rho" : "gamma",
                   weights_opt, pg_logrank_weights_name(o->weights));
        return PG_EXIT_USAGE;
    }
    if (have_gamma && o->weights != PG_WEIGHTS_FH) {
        cli_errorf(c, 1, "--gamma applies only to --%s fh", weights_opt);
        return PG_EXIT_USAGE;
    }
    if (o->weights == PG_WEIGHTS_GRHO && o->rho == 0) o->weights = PG_WEIGHTS_LOGRANK;
    return PG_EXIT_OK;
}

/* Surv(start, stop, event): survdiff stops there; the Cox model's score test does the
 * comparison (pg_cox_logrank), and the options of survdiff's family do not apply. */
static int counting_test(cli_common *c, const pg_logrank_opts *o, const pg_frame *fr,
                         pg_logrank **lr)
{
    const char *bad = o->trend ? "--trend" : o->pairwise ? "--pairwise" : o->exact ? "--exact"
                      : o->weights != PG_WEIGHTS_LOGRANK ? "--weights/--rho/--gamma" : NULL;
    if (bad) {
        cli_errorf(c, 1, "%s is not available on Surv(start, stop, event) data (the test there "
                   "is the score test of the Cox model)", bad);
        return PG_EXIT_USAGE;
    }
    pg_error err = {0};
    int rc = pg_cox_logrank(fr, PG_TIES_EFRON, lr, &err);
    if (rc || (cli_relabel_logrank(c, *lr) && (rc = pg_fail(&err, PG_ENOMEM, "out of memory"))))
        return cli_fail(c, &err, rc);
    return PG_EXIT_OK;
}

int cmd_logrank(int argc, char **argv)
{
    logrank_args a = {0};
    pg_logrank_opts_init(&a.o);
    cli_common c;
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_logrank *lr = NULL;
    pg_error err = {0};
    FILE *out = NULL;
    int rc, ex = cli_parse(&c, &cli_cmd_logrank, &a, argc, argv);
    if (ex) goto done;
    if ((ex = cli_logrank_weights(&c, &a.o, "weights"))) goto done;
    if (a.scores.v) {
        a.o.scores = a.scores.v;
        a.o.n_scores = a.scores.n;
        a.o.trend = 1;
    }
    c.no_design = 1;                    /* counts and curves: no design matrix */
    c.needed_only = 1;                  /* only the frame is used: read its columns */
    c.counting = 1;                     /* Surv(start, stop, event): the Cox score test */
    c.id = a.id;
    if ((ex = cli_load(&c, &ds, &fr))) goto done;
    pg_dataset_free(ds);                /* the frame holds all the test and output read */
    ds = NULL;
    if (pg_logrank_needs_score(fr)) {
        ex = counting_test(&c, &a.o, fr, &lr);
        if (ex) goto done;
        goto render;
    }

    progress pr = {0};
    pr.tty = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &pr.start);
    if (a.o.exact) {
        a.o.progress = show_progress;
        a.o.progress_ctx = &pr;
    }
    if ((rc = pg_logrank_test(fr, &a.o, &lr, &err)) ||
        (cli_relabel_logrank(&c, lr) && (rc = pg_fail(&err, PG_ENOMEM, "out of memory")))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
render:
    if ((ex = cli_output_open(&c, &out))) goto done;
    if (c.json) c.json->dumped = 1;     /* pg_logrank_render's JSON is one pg_json_write */
    rc = pg_logrank_render(out, lr, c.format);
    if (rc) cli_errorf(&c, 0, "%s", rc == PG_EIO ? "cannot write the output" : "out of memory");
    ex = cli_output_close(&c, out, cli_exit_code(rc));
done:
    pg_logrank_free(lr);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    return cli_done(&c, ex);
}
