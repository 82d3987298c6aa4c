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

/* A byte limit from the environment variable name (PROGNOS_MAX_STDIN_BYTES,
 * PROGNOS_MAX_MATRIX_BYTES; docs/limits.md): *bytes = its value, a positive whole number with
 * an optional K, M, G or T (powers of 1024), or 0 when unset or empty (the library's default).
 * Anything else prints "prognos: NAME must be ..." and returns -1 (the caller exits 2). */
int cli_env_bytes(const char *name, unsigned long long *bytes);

#endif
