/* opt.h -- options declared once, in a table per subcommand (after git's parse-options and Lua's
 * luaL_Reg). Each entry gives the long name, the short letter, the type, where the value goes,
 * its range or choices, its default, its metavar and its help text. From those tables come the
 * parser (getopt_long underneath), the range and choice errors, --help and the man page
 * prognos(1): nothing about an option is written twice, so --help cannot drift from the parser.
 *
 * Destinations are offsets into a struct the command owns (its "args", usually holding the
 * library's own option structs, so a value lands directly in pg_km_opts.conf_type) or, for the
 * common options, into cli_common. Values the parser allocates (lists) are freed by cli_done. */
#ifndef PG_CLI_OPT_H
#define PG_CLI_OPT_H

#include <stddef.h>
#include <stdio.h>

typedef enum cli_type {
    CLI_FLAG,      /* no value; sets an int to 1 */
    CLI_STRING,    /* const char *, borrowed from argv */
    CLI_DOUBLE,    /* double, finite, in range */
    CLI_UINT,      /* unsigned integer (size_t, unsigned long: by the destination's size) */
    CLI_DOUBLES,   /* cli_doubles: "12,36,60", each in range; replaces an earlier value */
    CLI_LIST,      /* cli_list: "a,b,c" split on commas; replaces an earlier value */
    CLI_APPEND,    /* cli_list: one item per use (repeatable) */
    CLI_CHOICE,    /* an enum, by a cli_choices table and its library parser */
    CLI_CUSTOM     /* a value parse() understands; errors say "--NAME WANT, not 'X'" */
} cli_type;

/* Range flags of CLI_DOUBLE / CLI_UINT / CLI_DOUBLES. */
enum { CLI_MIN = 1, CLI_MAX = 2, CLI_MIN_OPEN = 4, CLI_MAX_OPEN = 8 };

/* Option flags. */
enum {
    CLI_OVERRIDE = 1,   /* replaces the common option of the same name for this command */
    CLI_IS_OUTPUT = 2   /* the common -o/--output (taken with CLI_C_OUTPUT) */
};

/* Lists the parser allocates; cli_done frees them. */
typedef struct cli_doubles { double *v; size_t n; } cli_doubles;
typedef struct cli_list { char **item; size_t n; } cli_list;   /* item[n] == NULL */

/* The accepted names of an enum and the library function that parses them. parse() may accept
 * more spellings than names lists (aliases); every name listed must parse (checked by
 * cli_spec_check). Values are the enum's, stored as an int-sized enum. */
typedef struct cli_choices {
    const char *const *names;                    /* NULL-terminated, in help order */
    int (*parse)(const char *s, int *value);     /* PG_OK or PG_EINPUT */
} cli_choices;

typedef struct cli_opt {
    const char *name;           /* long name without "--"; NULL ends a table */
    int short_name;             /* 'f', or 0 */
    cli_type type;
    size_t offset, size;        /* destination: CLI_AT(args type, member) */
    unsigned range;             /* CLI_MIN | CLI_MAX | CLI_*_OPEN */
    double min, max;
    const cli_choices *choices; /* CLI_CHOICE */
    unsigned deny;              /* CLI_CHOICE: bit v set = value v refused by this command */
    int (*parse)(const char *arg, void *dest);   /* CLI_CUSTOM: PG_OK or PG_EINPUT */
    const char *want;           /* CLI_CUSTOM: "wants NAME=VALUE with a positive value" */
    const char *def;            /* default, parsed before argv (so it is the real default) and
                                   shown in --help; NULL = the library's, described in help */
    const char *metavar;        /* "LIST" */
    const char *help;           /* one sentence; the parser appends choices and default */
    unsigned flags;             /* CLI_OVERRIDE, CLI_IS_OUTPUT */
} cli_opt;

#define CLI_AT(type, member) .offset = offsetof(type, member), .size = sizeof(((type *)0)->member)
#define CLI_GT(a) .range = CLI_MIN | CLI_MIN_OPEN, .min = (a)
#define CLI_GE(a) .range = CLI_MIN, .min = (a)
#define CLI_OPEN(a, b)                                                                         \
    .range = CLI_MIN | CLI_MAX | CLI_MIN_OPEN | CLI_MAX_OPEN, .min = (a), .max = (b)
#define CLI_FROM(a, b) .range = CLI_MIN | CLI_MAX, .min = (a), .max = (b)

/* Which common options a command takes. */
enum {
    CLI_C_DATA = 1,     /* --where --format --conf-level --na --delim --decimal --numeric
                           --categorical and -f/--formula: everything but -o */
    CLI_C_OUTPUT = 2,   /* -o/--output */
    CLI_C_ALL = 3
};

/* One subcommand: its text around the options, and its option table. */
typedef struct cli_cmd {
    const char *name;           /* "km" */
    const char *summary;        /* one line for 'prognos --help' and the man page */
    const char *usage;          /* "-f 'Surv(time, status) ~ group' [OPTIONS] FILE..." */
    const char *about;          /* paragraph(s) under the usage line */
    const char *examples;       /* one command per line, without the leading "prognos " */
    unsigned common;            /* CLI_C_* */
    const cli_opt *opts;        /* ends with {.name = NULL} */
    int (*run)(int argc, char **argv);
    int positional;             /* 1: takes file arguments without the data options (run) */
} cli_cmd;

/* The subcommands that compute, every one but `run` (commands.c), NULL-terminated: what a
 * plan's analysis may be. prognos's own table is this one and then `run` (main.c). */
extern const cli_cmd *const cli_commands[];

/* The common options (common.c), destinations in cli_common. */
extern const cli_opt cli_common_opts[];

/* Write `prognos CMD --help` (stdout) from the tables. */
void cli_help(FILE *f, const cli_cmd *cmd);
/* Write the man page prognos(1) for the commands of cmds (NULL-terminated). */
void cli_man(FILE *f, const cli_cmd *const *cmds);
/* Check a command's table: no long or short name twice (a common option only replaced by an
 * entry marked CLI_OVERRIDE), every choice listed parses, a default parses. Returns 0 or -1
 * after printing what is wrong. */
int cli_spec_check(FILE *err, const cli_cmd *cmd);

#endif
