/* env.c -- the environment variables of the command line, turned into library options
 * (env.h). Only the CLI looks at the environment and at /proc: the library's behaviour is
 * fixed by its arguments. When the plan runner has fixed the values (cli_env_fix), they are
 * those of its options instead. */
#include "env.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Tasks runnable at this instant (this one included), from Linux's /proc/loadavg; -1 if
 * unknown. */
static long runnable_now(void)
{
    long runnable = -1, total;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%*f %*f %*f %ld/%ld", &runnable, &total) != 2) runnable = -1;
        fclose(f);
    }
    return runnable;
}

/* Is a processor free for a second thread right now? prognos runs on the researcher's laptop
 * and on shared servers: it takes a second processor only when nothing else is waiting for it.
 * A processor is free when the other runnable tasks are fewer than the processors less one.
 * One reading can catch a task that runs for a millisecond (a kernel worker, a shell between
 * commands), so a busy reading is looked at twice more, a millisecond apart: a machine that is
 * really busy stays busy. The 1-minute load average (the fallback without /proc) lags: just
 * after another program's heavy minute it still reports a busy machine. */
static int processor_free(long ncpu)
{
    long runnable = runnable_now();
    for (int k = 1; k < 3 && runnable - 1 >= ncpu - 1; k++) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
        runnable = runnable_now();
    }
    if (runnable >= 1) return runnable - 1 < ncpu - 1;
    double load;
    return getloadavg(&load, 1) != 1 || load <= (double)ncpu - 1.0;
}

static cli_env fixed;
static int is_fixed;

void cli_env_fix(const cli_env *e)
{
    fixed = *e;
    is_fixed = 1;
}

int cli_threads(void)
{
    if (is_fixed) return fixed.threads == 2 ? 2 : 1;
    const char *env = getenv("PROGNOS_THREADS");
    if (env && *env) {
        if (strcmp(env, "1") == 0) return 1;
        if (strcmp(env, "2") == 0) return 2;
        fprintf(stderr, "prognos: PROGNOS_THREADS must be 1 or 2, not '%s'\n", env);
        return -1;
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    return ncpu >= 2 && processor_free(ncpu) ? 2 : 1;
}

const char *cli_gnuplot(void)
{
    if (is_fixed) return fixed.gnuplot;
    const char *prog = getenv("PROGNOS_GNUPLOT");
    return prog && *prog ? prog : NULL;
}

int cli_env_bytes(const char *name, unsigned long long *bytes)
{
    *bytes = 0;
    if (is_fixed) return 0;
    const char *env = getenv(name);
    if (!env || !*env) return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(env, &end, 10);
    unsigned long long scale = 1;
    if (*end == 'K' || *end == 'k') scale = 1ULL << 10;
    else if (*end == 'M' || *end == 'm') scale = 1ULL << 20;
    else if (*end == 'G' || *end == 'g') scale = 1ULL << 30;
    else if (*end == 'T' || *end == 't') scale = 1ULL << 40;
    if (scale > 1) end++;
    if (errno || end == env || *end || env[0] == '-' || v == 0 || v > ULLONG_MAX / scale) {
        fprintf(stderr, "prognos: %s must be a positive number of bytes (suffix K, M, G or T "
                "allowed), not '%s'\n", name, env);
        return -1;
    }
    *bytes = v * scale;
    return 0;
}
