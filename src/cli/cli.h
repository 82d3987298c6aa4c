/* cli.h -- what the subcommands share: common options, loading data into a frame, reporting
 * errors and dropped rows, and writing output atomically (temporary file + rename). The CLI is
 * the only code that prints. */
#ifndef PG_CLI_H
#define PG_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "prognos.h"
#include "render.h"

enum { PG_EXIT_OK = 0, PG_EXIT_ANALYSIS = 1, PG_EXIT_USAGE = 2 };

/* Long-option codes of the common options that have no short form. */
enum {
    CLI_OPT_WHERE = 1000, CLI_OPT_FORMAT, CLI_OPT_CONF_LEVEL, CLI_OPT_NA, CLI_OPT_DELIM,
    CLI_OPT_DECIMAL, CLI_OPT_NUMERIC, CLI_OPT_CATEGORICAL,
    CLI_OPT_FIRST_FREE = 1100   /* subcommands number their own options from here */
};

#define CLI_COMMON_SHORTOPTS ":f:o:h"
#define CLI_COMMON_LONGOPTS                                                   \
    {"formula", required_argument, NULL, 'f'},                                \
    {"output", required_argument, NULL, 'o'},                                 \
    {"help", no_argument, NULL, 'h'},                                         \
    {"where", required_argument, NULL, CLI_OPT_WHERE},                        \
    {"format", required_argument, NULL, CLI_OPT_FORMAT},                      \
    {"conf-level", required_argument, NULL, CLI_OPT_CONF_LEVEL},              \
    {"na", required_argument, NULL, CLI_OPT_NA},                              \
    {"delim", required_argument, NULL, CLI_OPT_DELIM},                        \
    {"decimal", required_argument, NULL, CLI_OPT_DECIMAL},                    \
    {"numeric", required_argument, NULL, CLI_OPT_NUMERIC},                    \
    {"categorical", required_argument, NULL, CLI_OPT_CATEGORICAL}

/* Help text for the common options, for each subcommand's --help. */
extern const char cli_common_help[];

typedef struct cli_common {
    const char *cmd;            /* "km" */
    const char *formula, *where, *output;
    pg_format format;
    double conf_level;          /* 0.95 */
    pg_csv_opts csv;
    char **na, **numeric, **categorical;   /* owned lists behind csv's pointers */
    const char **files;         /* borrowed from argv */
    size_t n_files;
    char *tmp_path;             /* output being written */
    int no_groups;              /* cli_load: the command needs no groups (pg_frame_opts) */
} cli_common;

void cli_init(cli_common *c, const char *cmd);
void cli_free(cli_common *c);

/* Handle one getopt_long result that belongs to the common set. Returns -1 if opt is not a
 * common option, PG_EXIT_OK if handled, PG_EXIT_USAGE after printing a message for a bad value.
 * 'h' is not handled here (each command prints its own help). ':' and '?' are: they report the
 * missing argument or the unknown option (argv is needed to name it). */
int cli_common_option(cli_common *c, int opt, const char *arg, int argc, char **argv);

/* Take the remaining arguments as input files (at least one; "-" is standard input). */
int cli_files(cli_common *c, int argc, char **argv, int first);

/* Print "prognos CMD: MESSAGE" to stderr, then "try 'prognos CMD --help'" when usage is set. */
void cli_errorf(const cli_common *c, int usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Print a library error; for formula errors also the formula and a caret under err->column. */
void cli_report(const cli_common *c, const pg_error *err);
/* Map a library status to an exit status (input errors 2, analysis failures 1). */
int cli_exit_code(int status);

/* Read the files into a dataset; PG_EXIT_* */
int cli_read(cli_common *c, pg_dataset **ds);
/* Read the files and evaluate the formula (required) into a frame; reports the rows dropped
 * for missing values on stderr as R does. PG_EXIT_*. *ds and *fr are owned by the caller. */
int cli_load(cli_common *c, pg_dataset **ds, pg_frame **fr);

/* Open the output: stdout, or a temporary file beside c->output. PG_EXIT_*. */
int cli_output_open(cli_common *c, FILE **out);
/* Close it: on success rename the temporary file onto c->output; on failure remove it.
 * Returns the exit status to use (ok ? 0 : the given failure, or 2 when writing failed). */
int cli_output_close(cli_common *c, FILE *out, int status);

/* Parse "12,36,60" into a new array (caller frees). PG_OK or PG_EINPUT. */
int cli_parse_doubles(const char *s, double **out, size_t *n);
/* Split "a,b,c" into a new NULL-terminated list of n strings (free with cli_free_list).
 * PG_OK or PG_ENOMEM. */
int cli_split(const char *s, char ***out, size_t *n);
void cli_free_list(char **list);
/* The time unit the formula's time variable names (the first argument of Surv(): "months" ->
 * "month", also year, week, day), and 5 and 10 years in that unit in *t5, *t10 (either may be
 * NULL). NULL when the name says no unit. */
const char *cli_time_unit(const char *formula, double *t5, double *t10);
/* Parse a number; PG_OK or PG_EINPUT. */
int cli_parse_double(const char *s, double *out);

#endif
