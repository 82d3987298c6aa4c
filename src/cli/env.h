/* env.h -- what the command line takes from its environment and hands to the library as
 * options (the library itself reads no environment variable and no /proc): the number of
 * threads and the gnuplot program. */
#ifndef PG_CLI_ENV_H
#define PG_CLI_ENV_H

/* The `threads` option for pg_csv_opts, pg_cox_opts and pg_ftable_opts: 1 (this thread only) or
 * 2 (a second thread may be used). PROGNOS_THREADS=1 or 2 decides; when it is unset or empty, 2
 * if a processor is idle at this moment (Linux's /proc/loadavg, looked at up to three times,
 * 1 ms apart), else 1. Any other value prints
 *   prognos: PROGNOS_THREADS must be 1 or 2, not 'x'
 * to stderr and returns -1: the caller exits 2 (PG_EXIT_USAGE). */
int cli_threads(void);

/* The gnuplot program for pg_plot_opts.gnuplot: $PROGNOS_GNUPLOT when set and not empty, else
 * NULL (`gnuplot` found on PATH). The string belongs to the environment. */
const char *cli_gnuplot(void);

/* What the commands of this process take instead of the environment once cli_env_fix is
 * called: the library's plan runner (pg_plan_run) calls it in its own process, so that the
 * subcommands it runs read no environment variable and no /proc, as the rest of the library. */
typedef struct cli_env {
    int threads;            /* cli_threads(): 1 or 2 */
    const char *gnuplot;    /* cli_gnuplot(): NULL for `gnuplot` on PATH; kept, not copied */
} cli_env;                  /* cli_env_bytes(): 0 (the library's defaults) */
void cli_env_fix(const cli_env *e);

/* A byte limit from the environment variable name (PROGNOS_MAX_STDIN_BYTES,
 * PROGNOS_MAX_MATRIX_BYTES; docs/limits.md): *bytes = its value, a positive whole number with
 * an optional K, M, G or T (powers of 1024), or 0 when unset or empty (the library's default).
 * Anything else prints "prognos: NAME must be ..." and returns -1 (the caller exits 2). */
int cli_env_bytes(const char *name, unsigned long long *bytes);

#endif
