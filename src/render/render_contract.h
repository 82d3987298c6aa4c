/* render_contract.h -- the JSON contract every command's result keeps (docs/json.md): the
 * common keys beside the command's own, and the error object a failure writes.
 *
 *   {"prognos": "0.1.0", "command": "km",
 *    "input": {"files": [...], "formula": "..." | null, "where": "..." | null,
 *              "options": {"conf-level": 0.95, ...}},
 *    "n": 23, "dropped": {"missing": 0, "where": 0}, "warnings": ["..."],
 *    ... the command's own keys ...}
 *
 *   {"prognos": "0.1.0", "command": "cox",
 *    "error": {"code": "no_events", "message": "...", "file": null, "line": null,
 *              "column": null, "term": null, "exit": 1}}
 *
 * One implementation for the command line (src/cli/json.c) and, later, for a plan's results. */
/* Thread safety: no global state; every function is reentrant. */
#ifndef PG_RENDER_CONTRACT_H
#define PG_RENDER_CONTRACT_H

#include "render.h"

/* What one run was: its command, its input and what became of the rows. Strings are
 * borrowed; NULL means "none" (written as null). */
typedef struct pg_json_run {
    const char *command;              /* "km" */
    const char *const *files;         /* input files as given ("-" is standard input) */
    size_t n_files;
    const char *formula, *where;
    json_t *options;                  /* borrowed object: the options in force, or NULL */
    int have_n;                       /* n below is known */
    size_t n;                         /* rows analysed */
    int have_missing, have_where;     /* the two counts below are known */
    size_t dropped_missing;           /* rows dropped for a missing value */
    size_t dropped_where;             /* rows excluded by --where */
    const char *const *warnings;      /* every warning the command printed on stderr */
    size_t n_warnings;
} pg_json_run;

/* Give *root the common keys, first and in the order above, then its own keys in their order.
 * A key root already has keeps its value: its "n", the counts in its "dropped" (the run's fill
 * those it lacks), its "warnings" (the run's are appended, each once). An array root becomes
 * {wrap_key: root}. *root is replaced by a new object (the old reference is released). PG_OK,
 * or PG_ENOMEM with *root unchanged. */
int pg_json_contract(json_t **root, const pg_json_run *run, const char *wrap_key);

/* The name of a status code in the error object: "input", "memory", "numeric", "no_events",
 * "io", "analysis" (and "error" for an unknown code). */
const char *pg_json_error_code(int code);

/* {"prognos", "command", "error": {"code", "message", "file", "line", "column", "term",
 * "exit"}} for err; code_name overrides the name of err->code when not NULL ("usage"). Empty
 * fields of err are null. A new reference, or NULL when out of memory. */
json_t *pg_json_error(const char *command, const pg_error *err, const char *code_name,
                      int exit_status);

#endif
