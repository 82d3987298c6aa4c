/* plan_int.h -- the parsed plan (plan_read.c) as the checker and the runner see it. Every
 * location is 1-based (libyaml's marks are 0-based); a scalar's location is that of its first
 * character inside any quotes, so an offset into its text adds to the column. */
#ifndef PG_PLAN_INT_H
#define PG_PLAN_INT_H

#include <stddef.h>

#include "prognos/dataset.h"
#include "prognos/plan.h"

typedef struct plan_loc { long line, col; } plan_loc;

/* One option of an analysis or a data source, as the command's argv: "--conf-type" "plain". */
typedef struct plan_opt {
    char *key;              /* as written: "conf_type" */
    char *value;            /* "60,120" (a list joined by commas); NULL for a flag */
    char **items;           /* a list's items (repeatable options); NULL for a scalar */
    size_t n_items;
    int off;                /* false: leave the option out */
    plan_loc key_loc, value_loc;
} plan_opt;

typedef struct plan_data {
    char *name;
    plan_loc loc;
    char **files;
    plan_loc *file_loc;
    size_t n_files;
    plan_opt *opts;         /* reader options (delim, na, sheet, ...) */
    size_t n_opts;
    char *where;
    plan_loc where_loc;
    pg_dataset *ds;         /* the runner's reading, or NULL */
    int borrowed;           /* ds is an earlier source's (the same files and options) */
} plan_data;

typedef struct plan_endpoint {
    char *name, *formula;
    plan_loc loc;
} plan_endpoint;

/* One analysis of the plan file, before endpoint x by x subgroup expansion. */
typedef struct plan_spec {
    char *id, *type;
    plan_loc loc, type_loc;
    size_t data;            /* index into plan.data */
    size_t *endpoints;      /* indices into plan.endpoints (none: a full formula) */
    plan_loc *endpoint_loc;
    size_t n_endpoints;
    char **by;              /* right-hand sides: by or terms (n_by >= 1; "1" when none) */
    plan_loc *by_loc;
    size_t n_by;
    char *formula;          /* formula: a whole formula instead of endpoint and by */
    plan_loc formula_loc;
    char *where;
    plan_loc where_loc;
    char **subgroups;       /* columns to run the analysis within, one level at a time */
    plan_loc *subgroup_loc;
    size_t n_subgroups;
    plan_opt *opts;
    size_t n_opts;
} plan_spec;

struct pg_plan {
    char *path;
    char *text;             /* the file's bytes */
    size_t len;
    plan_data *data;
    size_t n_data;
    plan_endpoint *endpoints;
    size_t n_endpoints;
    plan_spec *specs;
    size_t n_specs;
    char *out_dir;
    char **formats;         /* NULL-terminated; default html, md, json */
    size_t n_formats;
};

/* One analysis to run: a spec with one endpoint, one right-hand side and one subgroup level. */
typedef struct plan_job {
    const plan_spec *spec;
    char *id, *title;
    char *formula;          /* endpoint formula + " ~ " + rhs */
    size_t lhs_len;         /* bytes of the endpoint part (0 for a whole formula) */
    size_t rhs_off;         /* where the right-hand side (or the whole formula) starts */
    plan_loc lhs_loc, rhs_loc;
    char *where;            /* (analysis where) & (data where) & subgroup level, or NULL */
    size_t where_off, where_len;   /* the analysis's where inside it (where_len 0: none) */
    plan_loc where_loc;
    char *subgroup;         /* "depth=dermal", or NULL */
} plan_job;

/* Expand the specs over endpoints, right-hand sides and subgroup levels (which need the data
 * read: p->data[k].ds). *jobs is new (free with plan_jobs_free). PG_OK, or PG_EINPUT / PG_ENOMEM
 * with err located in the plan. */
int plan_expand(const pg_plan *p, plan_job **jobs, size_t *n, pg_error *err);
void plan_jobs_free(plan_job *jobs, size_t n);

/* The command-line arguments of a job, for the command's entry point: argv[0] is the type,
 * then -f, --where, the options, the data's reader options, "--format" fmt (when fmt is not
 * NULL), extra (NULL-terminated, may be NULL), then the files. NULL-terminated; *argc set.
 * Free with plan_argv_free. NULL when out of memory. */
char **plan_argv(const pg_plan *p, const plan_job *j, const char *fmt, const char *const *extra,
                 int *argc);
void plan_argv_free(char **argv);
/* The reader arguments of data source d alone ("describe" + options + files), as above. */
char **plan_data_argv(const plan_data *d, int *argc);

/* pg_plan_run; from_env (prognos run): the commands take PROGNOS_THREADS, PROGNOS_GNUPLOT
 * and the byte limits from the environment as the single commands do, not o->threads and
 * o->gnuplot. */
int plan_run(const pg_plan *p, const pg_plan_run_opts *o, int from_env);

/* Print "FILE:LINE:COL: msg" and the plan's line with a caret under COL to f. */
void plan_print_error(FILE *f, const pg_plan *p, long line, long col, const char *msg);

#endif
