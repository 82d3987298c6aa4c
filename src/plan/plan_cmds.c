/* plan_cmds.c -- the commands and options a plan's analyses name: the command of a type, the
 * option of a key (conf_type for --conf-type). Used by the reader (plan_read.c), the checker
 * (plan_check.c) and the column choice (plan_columns.c). */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "plan_check.h"

const cli_cmd *plan_command(const char *type)
{
    for (size_t i = 0; cli_commands[i]; i++)   /* every command but run */
        if (strcmp(cli_commands[i]->name, type) == 0) return cli_commands[i];
    return NULL;
}

/* "conf_type" -> "conf-type" into buf. */
void plan_dashed(const char *key, char *buf, size_t size)
{
    snprintf(buf, size, "%s", key);
    for (char *s = buf; *s; s++)
        if (*s == '_') *s = '-';
}

const cli_opt *plan_option(const cli_cmd *cmd, const char *key)
{
    char name[128];
    plan_dashed(key, name, sizeof name);
    for (const cli_opt *o = cmd->opts; o->name; o++)
        if (strcmp(o->name, name) == 0) return o;
    if (cmd->common)
        for (const cli_opt *o = cli_common_opts; o->name; o++)
            if (strcmp(o->name, name) == 0 &&
                ((cmd->common & CLI_C_OUTPUT) || !(o->flags & CLI_IS_OUTPUT)))
                return o;
    return NULL;
}
