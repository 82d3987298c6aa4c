/* parallel.c -- a second thread for independent halves of a computation, when a processor is
 * free for it. prognos runs on the researcher's laptop and on shared servers: it takes a
 * second processor only when nothing else is waiting for it, and whether it does never
 * changes a result (the halves are the same work either way; only who runs them differs). */
#include "internal.h"

#include <pthread.h>
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

/* Is a processor free for a second thread right now? A processor is free when the other
 * runnable tasks are fewer than the processors less one. One reading can catch a task that
 * runs for a millisecond (a kernel worker, a shell between commands), so a busy reading is
 * looked at twice more, a millisecond apart: a machine that is really busy stays busy. The
 * 1-minute load average (the fallback elsewhere) lags: just after another program's heavy
 * minute it still reports a busy machine. */
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

int pg_second_thread(void)
{
    const char *env = getenv("PROGNOS_THREADS");
    if (env && strcmp(env, "1") == 0) return 0;
    if (env && strcmp(env, "2") == 0) return 2;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    return ncpu >= 2 && processor_free(ncpu);
}

typedef struct task {
    void (*fn)(void *);
    void *arg;
} task;

static void *run_task(void *v)
{
    task *t = v;
    t->fn(t->arg);
    return NULL;
}

void pg_run_pair(void (*a)(void *), void *arg_a, void (*b)(void *), void *arg_b, size_t rows)
{
    task tb = {b, arg_b};
    pthread_t th;
    if (rows >= PG_PAIR_MIN_ROWS && pg_second_thread() &&
        pthread_create(&th, NULL, run_task, &tb) == 0) {
        a(arg_a);
        pthread_join(th, NULL);
        return;
    }
    a(arg_a);
    b(arg_b);
}
