/* main.c -- `prognos COMMAND [OPTIONS] FILE...`: dispatch to the subcommands, whose option
 * tables (cli_cmd_*) also give --help and the man page (`prognos --man`, hidden). */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

const cli_cmd *const cli_commands[] = {
    &cli_cmd_describe, &cli_cmd_km, &cli_cmd_logrank, &cli_cmd_cox, &cli_cmd_zph,
    &cli_cmd_plot, &cli_cmd_table, &cli_cmd_simulate, &cli_cmd_cif, &cli_cmd_finegray,
    &cli_cmd_reconstruct, &cli_cmd_meta, &cli_cmd_survreg, &cli_cmd_split, &cli_cmd_tmerge,
    &cli_cmd_run, NULL};

static void usage(FILE *f)
{
    fprintf(f, "usage: prognos COMMAND [OPTIONS] FILE...\n\n"
               "Survival analysis and prognostic factors for small case series.\n\n"
               "Commands:\n");
    for (size_t i = 0; cli_commands[i]; i++)
        fprintf(f, "  %-9s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
    fprintf(f, "\n'prognos help COMMAND' or 'prognos COMMAND --help' shows a command's options.\n"
               "'prognos --version' prints the version.\n");
}

static const cli_cmd *find(const char *name)
{
    for (size_t i = 0; cli_commands[i]; i++)
        if (strcmp(cli_commands[i]->name, name) == 0) return cli_commands[i];
    return NULL;
}

/* `prognos --man`: the man page, after checking every table (so a duplicate option or a
 * choice the library does not parse fails the docs test too). */
static int man(void)
{
    int bad = 0;
    for (size_t i = 0; cli_commands[i]; i++) bad |= cli_spec_check(stderr, cli_commands[i]);
    if (bad) return PG_EXIT_ANALYSIS;
    cli_man(stdout);
    return fflush(stdout) == 0 ? PG_EXIT_OK : PG_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    /* GSL aborts on error by default; the library checks every status instead. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return PG_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return PG_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("prognos %s\n", pg_version());
        return PG_EXIT_OK;
    }
    if (strcmp(name, "--man") == 0) return man();
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return PG_EXIT_OK;
        }
        const cli_cmd *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "prognos: unknown command '%s'\ntry 'prognos --help'\n", argv[2]);
            return PG_EXIT_USAGE;
        }
        char *sub[] = {argv[2], "--help", NULL};
        return c->run(2, sub);
    }
    const cli_cmd *c = find(name);
    if (!c) {
        if (name[0] == '-')
            fprintf(stderr, "prognos: unknown option '%s'\ntry 'prognos --help'\n", name);
        else
            fprintf(stderr, "prognos: unknown command '%s'\ntry 'prognos --help'\n", name);
        return PG_EXIT_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
