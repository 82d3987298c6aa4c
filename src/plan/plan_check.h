/* plan_check.h -- the plan against the command tables (plan_check.c). */
#ifndef PG_PLAN_CHECK_H
#define PG_PLAN_CHECK_H

#include "cli.h"
#include "opt.h"
#include "plan_int.h"

/* "conf_type" -> "conf-type" into buf (plan_cmds.c, as the next two). */
void plan_dashed(const char *key, char *buf, size_t size);
/* The command an analysis type names, or NULL ("run" itself is not one). */
const cli_cmd *plan_command(const char *type);
/* cmd's option for a plan key ("conf_type" -> --conf-type), its own or a common one; or NULL. */
const cli_opt *plan_option(const cli_cmd *cmd, const char *key);
/* Whether the analysis gives a formula: 'formula', 'endpoint' or 'by'/'terms'. */
int plan_has_formula(const plan_spec *s);
/* Check every job (types, options and their values, formulas and wheres on the data read),
 * printing each error located in the plan with a caret to stderr. 1 if any, else 0. frames 0
 * (a run, not --check): the formulas and wheres of the analyses that write JSON are not
 * evaluated here (each would cost a model frame of the whole data); their commands report
 * such errors, which plan_check_text_error then locates. */
int plan_check(const pg_plan *p, const plan_job *jobs, size_t n, int frames);
/* If err (status rc from pg_frame_new on j's formula and where, or a command's JSON error)
 * is an error of the formula's or the where's text, print it located in the plan with a
 * caret to stderr and return 1; else (no error, or one of the data or the analysis) 0. */
int plan_check_text_error(const pg_plan *p, const plan_job *j, int rc, const pg_error *err);

/* Add to s the columns the analyses of data source `data` evaluate (plan_columns.c); s->all
 * when one of them may need every column. */
void plan_columns(const pg_plan *p, size_t data, cli_names *s);

#endif
