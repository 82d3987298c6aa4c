/* commands.h -- one entry point per subcommand (src/cli/<name>.c). Each parses its own options
 * with getopt_long (argv[0] is the subcommand's name), prints --help to stdout and returns a
 * PG_EXIT_* status. */
#ifndef PG_CLI_COMMANDS_H
#define PG_CLI_COMMANDS_H

int cmd_describe(int argc, char **argv);
int cmd_km(int argc, char **argv);
int cmd_logrank(int argc, char **argv);
int cmd_cox(int argc, char **argv);
int cmd_zph(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_table(int argc, char **argv);
int cmd_simulate(int argc, char **argv);

#endif
