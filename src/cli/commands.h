/* commands.h -- one entry point per subcommand (src/cli/<name>.c), and its option table. Each
 * parses argv (argv[0] is the subcommand's name) with cli_parse and its table, prints --help
 * to stdout, and returns a PG_EXIT_* status. */
#ifndef PG_CLI_COMMANDS_H
#define PG_CLI_COMMANDS_H

#include "opt.h"

int cmd_describe(int argc, char **argv);
int cmd_km(int argc, char **argv);
int cmd_logrank(int argc, char **argv);
int cmd_cox(int argc, char **argv);
int cmd_zph(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_cif(int argc, char **argv);
int cmd_finegray(int argc, char **argv);
int cmd_reconstruct(int argc, char **argv);
int cmd_meta(int argc, char **argv);
int cmd_survreg(int argc, char **argv);
int cmd_split(int argc, char **argv);
int cmd_tmerge(int argc, char **argv);
int cmd_run(int argc, char **argv);   /* src/plan/cmd_run.c: the plan runner */

extern const cli_cmd cli_cmd_describe, cli_cmd_km, cli_cmd_logrank, cli_cmd_cox, cli_cmd_zph,
    cli_cmd_plot, cli_cmd_table, cli_cmd_simulate;
extern const cli_cmd cli_cmd_cif, cli_cmd_finegray, cli_cmd_reconstruct,
    cli_cmd_meta, cli_cmd_survreg;
extern const cli_cmd cli_cmd_split, cli_cmd_tmerge;
extern const cli_cmd cli_cmd_run;

#endif
