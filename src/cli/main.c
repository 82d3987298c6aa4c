/* main.c -- `prognos COMMAND [OPTIONS] FILE...`: dispatch to the subcommands. */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"describe", cmd_describe, "columns, types, missing values; n and events for a formula"},
    {"km", cmd_km, "Kaplan-Meier curves, medians, survival at times, RMST"},
    {"logrank", cmd_logrank, "log-rank test and its weighted, stratified, trend, exact forms"},
    {"cox", cmd_cox, "Cox regression (Efron/Breslow/exact ties, strata, clusters, Firth)"},
    {"zph", cmd_zph, "test of proportional hazards (cox.zph)"},
    {"plot", cmd_plot, "survival and forest figures through gnuplot"},
    {"table", cmd_table, "the prognostic-factor table of a manuscript"},
    {"simulate", cmd_simulate, "draw the calibrated synthetic leiomyosarcoma cohort"},
};
static const size_t n_commands = sizeof commands / sizeof commands[0];

static void usage(FILE *f)
{
    fprintf(f, "usage: prognos COMMAND [OPTIONS] FILE...\n\n"
               "Survival analysis and prognostic factors for small case series.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < n_commands; i++)
        fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'prognos help COMMAND' or 'prognos COMMAND --help' shows a command's options.\n"
               "'prognos --version' prints the version.\n");
}

static const command *find(const char *name)
{
    for (size_t i = 0; i < n_commands; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
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
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return PG_EXIT_OK;
        }
        const command *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "prognos: unknown command '%s'\ntry 'prognos --help'\n", argv[2]);
            return PG_EXIT_USAGE;
        }
        char *sub[] = {argv[2], "--help", NULL};
        return c->run(2, sub);
    }
    const command *c = find(name);
    if (!c) {
        if (name[0] == '-')
            fprintf(stderr, "prognos: unknown option '%s'\ntry 'prognos --help'\n", name);
        else
            fprintf(stderr, "prognos: unknown command '%s'\ntry 'prognos --help'\n", name);
        return PG_EXIT_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
