/* plan_check.h -- the plan against the command tables (plan_check.c). */
#ifndef PG_PLAN_CHECK_H
#define PG_PLAN_CHECK_H

#include "opt.h"
#include "plan_int.h"

/* The command an analysis type names, or NULL ("run" itself is not one). */
const cli_cmd *plan_command(const char *type);
/* cmd's option for a plan key ("conf_type" -> --conf-type), its own or a common one; or NULL. */
const cli_opt *plan_option(const cli_cmd *cmd, const char *key);
/* Check every job (types, options and their values, formulas and wheres on the data read),
 * printing each error located in the plan with a caret to stderr. 1 if any, else 0. */
int plan_check(const pg_plan *p, const plan_job *jobs, size_t n);

#endif
