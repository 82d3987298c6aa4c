/* parallel.c -- a second thread for independent halves of a computation, when the caller allows
 * one. Whether a second thread is used is the caller's choice, passed in (the `threads` field of
 * pg_csv_opts and pg_cox_opts): the library reads no environment variable and no /proc, and
 * never waits to see whether the machine is idle -- the command line decides that (src/cli/env.c).
 * Whether it is used never changes a result: the halves are the same work either way; only who
 * runs them differs. */
#include "internal.h"

#include <pthread.h>

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

void pg_run_pair(void (*a)(void *), void *arg_a, void (*b)(void *), void *arg_b, size_t rows,
                 int threads)
{
    task tb = {b, arg_b};
    pthread_t th;
    if (threads >= 2 && rows >= PG_PAIR_MIN_ROWS &&
        pthread_create(&th, NULL, run_task, &tb) == 0) {
        a(arg_a);
        pthread_join(th, NULL);
        return;
    }
    a(arg_a);
    b(arg_b);
}
