/* main.c -- `prognos COMMAND [OPTIONS] FILE...`: dispatch to the subcommands, whose option
 * tables (cli_cmd_*) also give --help and the man page (`prognos --man`, hidden). The
 * subcommands are in the library (src/cli, src/plan); this file is the executable. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

/* The i-th command of prognos: the computing ones (commands.c), then `run`; NULL past the end. */
static const cli_cmd *command(size_t i)
{
    size_t n = 0;
    while (cli_commands[n]) n++;
    return i < n ? cli_commands[i] : i == n ? &cli_cmd_run : NULL;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: prognos COMMAND [OPTIONS] FILE...\n\n"
               "Survival analysis and prognostic factors for small case series.\n\n"
               "Commands:\n");
    for (size_t i = 0; command(i); i++)
        fprintf(f, "  %-9s %s\n", command(i)->name, command(i)->summary);
    fprintf(f, "\n'prognos help COMMAND' or 'prognos COMMAND --help' shows a command's options.\n"
               "'prognos --version' prints the version.\n");
}

static const cli_cmd *find(const char *name)
{
    for (size_t i = 0; command(i); i++)
        if (strcmp(command(i)->name, name) == 0) return command(i);
    return NULL;
}

/* `prognos --man`: the man page, after checking every table (so a duplicate option or a
 * choice the library does not parse fails the docs test too). */
static int man(void)
{
    const cli_cmd *all[64] = {NULL};
    int bad = 0;
    for (size_t i = 0; command(i) && i + 1 < 64; i++) {
        all[i] = command(i);
        bad |= cli_spec_check(stderr, all[i]);
    }
    if (bad) return PG_EXIT_ANALYSIS;
    cli_man(stdout, all);
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
