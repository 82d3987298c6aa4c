/* prognos/plan.h -- analysis plans: one YAML file names the data, the endpoints and the
 * analyses of a study (docs/plan.md); pg_plan_read reads and checks its shape, pg_plan_run runs
 * every analysis with the commands of `prognos` and writes the report (prognos/plan_report.h).
 * pg_plan_run keeps the data it reads in the plan. It forks one worker process per analysis (the
 * commands keep process-wide state), so it must not be called from a multithreaded program
 * while other threads hold locks, and it waits for any child (waitpid(-1)): run it from a
 * process with no other children. The calling process's stdout is not touched. */
#ifndef PROGNOS_PLAN_H
#define PROGNOS_PLAN_H

#include <stddef.h>

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
    int progress;           /* write "[k/n] title" lines to stderr as analyses finish */
} pg_plan_run_opts;
PG_API void pg_plan_run_opts_init(pg_plan_run_opts *o);

/* Check the plan against its data (unknown options, columns, formula errors, each printed to
 * stderr as "plan.yaml:14:12: message" with the line and a caret), then, unless o->check, run
 * every analysis and write the report. Returns 0 when every analysis ran, 1 when some could
 * not be done (recorded in the report with their message), 2 when the plan is wrong (nothing
 * is written then). */
PG_API int pg_plan_run(pg_plan *p, const pg_plan_run_opts *o);

#ifdef __cplusplus
}
#endif
#endif
