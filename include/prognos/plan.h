/* prognos/plan.h -- analysis plans: one YAML file names the data, the endpoints and the
 * analyses of a study (docs/plan.md); pg_plan_read reads and checks its shape, pg_plan_run runs
 * every analysis with the commands of `prognos` (which are part of the library) and writes the
 * report (prognos/plan_report.h).
 * pg_plan_run does its work in a child process (fork): the child reads the data, forks one
 * worker per analysis (the commands keep process-wide state, which a fresh process keeps apart)
 * and writes the report; the calling process only relays the child's messages to opts.log and
 * waits for that one child (waitpid on its pid). So the caller's memory, streams, environment,
 * working directory and other children are left alone, and nothing the plan reads stays in the
 * caller. Because of fork, call it from a multithreaded program only when no other thread holds
 * a lock that the child would need, and do not ignore SIGCHLD (SIG_IGN) or reap every child
 * from a handler while it runs. */
#ifndef PROGNOS_PLAN_H
#define PROGNOS_PLAN_H

#include <stddef.h>
#include <stdio.h>

#include "prognos/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pg_plan pg_plan;

/* Read the plan at path. On success *out is a new plan the caller frees with pg_plan_free.
 * On failure *out is NULL and err says why with the plan's file:line:column (1-based):
 * PG_EIO (cannot read), PG_EINPUT (not YAML, an unknown section or key, a wrong shape). */
PG_API int pg_plan_read(const char *path, pg_plan **out, pg_error *err);
PG_API void pg_plan_free(pg_plan *p);

typedef struct pg_plan_run_opts {
    const char *dir;        /* the report's directory; NULL: the plan's output.dir */
    size_t workers;         /* worker processes at once (0: 1); prognos run: one per processor */
    const char *tmpdir;     /* where the workers' figures go for a moment; NULL: /tmp */
    int check;              /* validate only (data read, formulas evaluated); nothing written */
    int progress;           /* write "[k/n] title" lines to log as analyses finish */
    FILE *log;              /* the plan's messages: its errors with the plan's line and a caret,
                               dropped rows, progress; NULL: discarded (the status remains) */
    int threads;            /* threads per analysis: 0 or 1 this thread, 2 a second may be
                               used (the CSV reader, the Cox fit); results are the same */
    const char *gnuplot;    /* the gnuplot program for plot analyses; NULL: gnuplot on PATH */
} pg_plan_run_opts;
PG_API void pg_plan_run_opts_init(pg_plan_run_opts *o);

/* Check the plan against its data (unknown options, columns, formula errors, each written to
 * o->log as "plan.yaml:14:12: message" with the line and a caret), then, unless o->check, run
 * every analysis and write the report into o->dir (report.html, report.md, results.json as the
 * plan's output.formats ask). p and o are only read. No environment variable is read: what
 * `prognos run` takes from PROGNOS_THREADS and PROGNOS_GNUPLOT comes from o here. Returns
 * PG_OK (0) when every analysis ran, 1 when some could not be done (each recorded in the
 * report with its message), 2 when the plan or its data are wrong or the report cannot be
 * written (nothing is written then) -- the exit statuses of `prognos run`. */
PG_API int pg_plan_run(const pg_plan *p, const pg_plan_run_opts *o);

#ifdef __cplusplus
}
#endif
#endif
