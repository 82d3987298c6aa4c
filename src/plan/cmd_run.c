/* cmd_run.c -- `prognos run PLAN.yaml`: read an analysis plan, check it against its data, run
 * every analysis with the commands' own code and write the report (docs/plan.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "plan_int.h"

typedef struct run_args {
    int check;
    const char *dir;
} run_args;

static const cli_opt run_opts[] = {
    {.name = "check", .type = CLI_FLAG, CLI_AT(run_args, check),
     .help = "validate the plan without running it: unknown keys and options, missing files, "
             "unknown columns and formula errors, each as PLAN:LINE:COL with a caret"},
    {.name = "output", .short_name = 'o', .type = CLI_STRING, CLI_AT(run_args, dir),
     .metavar = "DIR", .help = "write the report into DIR instead of the plan's output.dir"},
    {.name = NULL}};

const cli_cmd cli_cmd_run = {
    .name = "run",
    .summary = "run an analysis plan (YAML) and write its report",
    .usage = "[--check] [-o DIR] PLAN.yaml",
    .about = "Reads the plan's data once, runs every analysis it lists (endpoints, groupings "
             "and subgroups expanded) on every processor, each exactly as its single command "
             "would, and writes report.html, report.md and results.json into the output "
             "directory. Exit status 0 when every analysis ran, 1 when some could not be done "
             "(recorded in the report), 2 when the plan is wrong (nothing is written). "
             "PROGNOS_THREADS sets the number of worker processes.",
    .examples = "run datasets/plans/lms.yaml\n"
                "run --check datasets/plans/lms.yaml\n"
                "run -o report datasets/plans/lms.yaml",
    .common = 0,
    .opts = run_opts,
    .run = cmd_run,
    .positional = 1};

/* PROGNOS_THREADS: the number of workers (a positive integer); 0 when unset. */
static int workers_from_env(size_t *n)
{
    const char *env = getenv("PROGNOS_THREADS");
    *n = 0;
    if (!env || !*env) return PG_EXIT_OK;
    char *end;
    errno = 0;
    unsigned long v = strtoul(env, &end, 10);
    if (*end || errno || v == 0 || v > 4096 || env[0] == '-') {
        fprintf(stderr, "prognos run: PROGNOS_THREADS must be a number of workers, not '%s'\n",
                env);
        return PG_EXIT_USAGE;
    }
    *n = (size_t)v;
    /* the commands take PROGNOS_THREADS as their own 1 or 2 (a thread more on large data):
     * here it counted the workers, so they decide their threads alone (results are the same) */
    unsetenv("PROGNOS_THREADS");
    return PG_EXIT_OK;
}

int cmd_run(int argc, char **argv)
{
    run_args a = {0};
    cli_common c;
    pg_plan *p = NULL;
    pg_error err = {0};
    int ex = cli_parse(&c, &cli_cmd_run, &a, argc, argv);
    if (ex) goto done;
    if (c.n_files != 1) {
        cli_errorf(&c, 1, c.n_files ? "give one plan file" : "no plan file (PLAN.yaml)");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    pg_plan_run_opts o;
    pg_plan_run_opts_init(&o);
    o.check = a.check;
    o.dir = a.dir;
    o.progress = isatty(STDERR_FILENO);
    o.log = stderr;
    if ((ex = workers_from_env(&o.workers))) goto done;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (!o.workers) o.workers = ncpu > 0 ? (size_t)ncpu : 1;
    const char *tmp = getenv("TMPDIR");
    o.tmpdir = tmp && *tmp ? tmp : NULL;
    int rc = pg_plan_read(c.files[0], &p, &err);
    if (rc) {
        if (err.line) {
            plan_print_error(stderr, p ? p : &(pg_plan){.path = err.file}, err.line, err.column,
                             err.msg);
        } else {
            char buf[1024];
            fprintf(stderr, "prognos run: %s\n", pg_error_str(&err, buf, sizeof buf));
        }
        ex = PG_EXIT_USAGE;
        goto done;
    }
    ex = plan_run(p, &o, 1);
    if (!ex && a.check) fprintf(stderr, "%s: the plan is ready to run\n", c.files[0]);
done:
    pg_plan_free(p);
    return cli_done(&c, ex);
}
