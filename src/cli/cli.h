/* cli.h -- what the subcommands share: parsing argv by their option tables (opt.h) into the
 * common options and their own, loading data into a frame, reporting errors and dropped rows,
 * one mapping of library status to exit status, and writing output atomically (temporary file
 * + rename). The CLI is the only code that prints.
 *
 * Each cmd_X (src/cli/X.c) is parse -> load -> fit -> render with one cleanup path:
 *     int ex = cli_parse(&c, &cli_cmd_X, &args, argc, argv);
 *     if (ex) goto done;
 *     ...
 *     if ((rc = pg_X_fit(...))) { ex = cli_fail(&c, &err, rc); goto done; }
 * done:
 *     pg_X_free(...);
 *     return cli_done(&c, ex); */
#ifndef PG_CLI_H
#define PG_CLI_H

#include <stdio.h>

#include "prognos.h"
#include "choices.h"
#include "opt.h"
#include "render.h"

enum { PG_EXIT_OK = 0, PG_EXIT_ANALYSIS = 1, PG_EXIT_USAGE = 2 };
/* cli_parse's "--help was printed": not an error, the command stops and exits 0 */
enum { CLI_HELP_SHOWN = -1 };

#define CLI_MAX_OPTS 64   /* options of one command, common ones included */

typedef struct cli_common {
    const char *cmd;            /* "km" */
    const char *formula, *where, *output;
    pg_format format;           /* text */
    double conf_level;          /* 0.95 */
    int delim, decimal;         /* 0 = detected; else ',' ';' '\t' and '.' ',' */
    cli_list na, numeric, categorical;
    const char *input_format, *sheet, *encoding;   /* other formats (docs/readers.md) */
    int codes;
    pg_csv_opts csv;            /* filled from the above by cli_read */
    const char **files;         /* borrowed from argv */
    size_t n_files;
    char *tmp_path;             /* output being written */
    int no_groups;              /* cli_load: the command needs no groups (pg_frame_opts) */
    int censoring;              /* cli_load: the command takes left / interval censoring */
    int no_design;              /* cli_load: the command needs no design matrix (km, logrank) */
    unsigned long long max_stdin_bytes, max_matrix_bytes; /* from the environment; 0 default */
    cli_list censor;            /* --censor: status values meaning censored (pg_frame_opts) */
    const char *cause;          /* --cause: the cause of interest */
    int all_causes;             /* cli_load: the command analyses every cause (cif) */
    int threads;                /* 1 or 2, from the environment (cli_threads) */
    const char *date_format;    /* --date-format (pg_csv_opts.date_format) */
    int drop_summary;           /* --drop-summary-rows: leave out rows like "Total" (cli_read) */
    int counting;               /* cli_load: the command takes Surv(start, stop, event) */
    const char *id;             /* cli_load: --id, the subject column (pg_frame_opts.id) */
    const char *weights;        /* cli_load: --weights, case weights (pg_frame_opts.weights) */
    cli_list label, level;      /* --label VAR=LABEL, --level VAR=A:LA,B:LB (src/cli/labels.c) */
    const char *labels_file;    /* --label-file FILE: variable,level,label */
    int lang;                   /* --lang: pg_lang of tables and figures */
    struct pg_labels *labels;   /* built by cli_read from the above and the data (cli_labels) */
    /* parser state: the command, its args, and how often argv gave each option */
    const cli_cmd *spec;
    void *args;
    unsigned char seen_common[CLI_MAX_OPTS], seen[CLI_MAX_OPTS];
    const char *text_common[CLI_MAX_OPTS], *text[CLI_MAX_OPTS];   /* argv's last value */
    int needed_only;            /* cli_load: read only the columns the run evaluates (the
                                   command uses nothing of the dataset but its frame) */
    const char *const *columns; /* cli_read: read only these columns (pg_csv_opts.columns), */
    size_t n_columns;           /* set by the plan runner for all its analyses of a source */
    struct cli_json *json;      /* the JSON contract's record of this run (src/cli/json.c) */
} cli_common;

/* What the JSON contract reports about a run (docs/json.md), filled as the command goes:
 * cli_load counts the rows, cli_warnf collects the warnings, cli_report and cli_errorf keep the
 * first failure; under --format json cli_output_open captures the result and cli_output_close
 * writes it with the common keys, and cli_done writes the error object of a failure. */
typedef struct cli_json {
    int argv_json;              /* the last --format of argv is json */
    int raw;                    /* the output now written is not the result (a script) */
    const char *wrap;           /* key of an array result in the object ("residuals") */
    int dumped;                 /* the result is an object as pg_json_write writes it: its
                                   members' text is copied, not parsed and written again */
    FILE *dest, *capture;       /* the real output, and the stream capturing the result */
    char *buf;                  /* what capture holds */
    size_t len;
    char **warnings;
    size_t n_warnings;
    int have_n, have_missing, have_where;
    size_t n, missing, where;   /* rows analysed, dropped for missing values, by --where */
    int have_error, error_usage;
    pg_error error;             /* the first failure reported */
} cli_json;

/* Parse argv (argv[0] is the subcommand's name) by cmd's table into args and c: defaults first,
 * then the options, then the remaining arguments as input files when the command takes data
 * (at least one; "-" is standard input) or none at all when it does not. Prints --help and
 * returns CLI_HELP_SHOWN, or reports a bad option on stderr and returns PG_EXIT_USAGE.
 * c is always initialised (give it to cli_done). */
int cli_parse(cli_common *c, const cli_cmd *cmd, void *args, int argc, char **argv);
/* How many times argv gave the option (long name), common or the command's own; 0 if not
 * (counted up to 255). */
int cli_given(const cli_common *c, const char *name);
/* Free what the parser allocated (lists in args and c) and return the exit status for ex. */
int cli_done(cli_common *c, int ex);

/* Print "prognos CMD: MESSAGE" to stderr, then "try 'prognos CMD --help'" when usage is set. */
void cli_errorf(const cli_common *c, int usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Print a library error; for formula errors also the formula and a caret under err->column. */
void cli_report(const cli_common *c, const pg_error *err);
/* Map a library status to an exit status (input and I/O errors 2, analysis failures 1). */
int cli_exit_code(int status);
/* Report a library failure (cli_report) and return its exit status (cli_exit_code): the one
 * place each command turns a library status into an exit code. */
int cli_fail(const cli_common *c, const pg_error *err, int status);

/* Read the files into a dataset; PG_EXIT_*. A row that looks like a summary row
 * (pg_dataset_summary_rows) stops the command with exit 2 naming its file:line, unless
 * --drop-summary-rows was given: then it is left out and reported on stderr. */
int cli_read(cli_common *c, pg_dataset **ds);
/* The columns a run of c evaluates: the variables of the formula and --where, --id, --weights,
 * and the variables --label and --level name, as a new list of *n names (free each and the
 * list), for pg_csv_opts.columns; NULL (every column) when something may need any column (a
 * labels file, tab-separated files that may be read again for decimal commas, an expression
 * that does not parse) or out of memory. cli_read uses it when c->needed_only is set. */
void cli_needed_columns(const cli_common *c, char ***names, size_t *n);
/* The pieces of cli_needed_columns, for a caller that collects the columns of several runs
 * (the plan runner): a set of column names, or "all" when something needs every column. */
typedef struct cli_names {
    char **name;
    size_t n, cap;
    int all;                    /* something needs every column (or out of memory) */
} cli_names;
void cli_names_add(cli_names *s, const char *name);
/* The variables of an expression text (a formula when in_formula, else a --where); one that
 * does not parse needs every column (its error then comes from the frame, as before). */
void cli_names_text(cli_names *s, const char *text, int in_formula);
/* The VAR of a --label or --level item "VAR=...". */
void cli_names_label(cli_names *s, const char *item);
/* What the reader options of c need: every column for a labels file, tab-separated files
 * (read again for decimal commas) and standard input (cli_read may read twice). */
void cli_names_reader(cli_names *s, const cli_common *c);
void cli_names_free(cli_names *s);
/* The plan runner's seam (src/plan/): lend ds, read by cli_read from c's files and reader
 * options, to every later cli_read with the same files and options, which then returns ds
 * itself instead of reading. The command that receives it frees it, so only a process that
 * runs one command and exits (the runner's forked workers) may rely on a shared dataset;
 * the sharer keeps ds alive and frees it after cli_read_unshare. PG_OK or PG_ENOMEM. */
int cli_read_share(const cli_common *c, pg_dataset *ds);
/* What decides a reading, as text into key: the files and every reader option; two runs with
 * the same key share one reading (cli_read_share). */
void cli_read_key(const cli_common *c, char *key, size_t size);
/* Forget every shared dataset (not freeing them). */
void cli_read_unshare(void);
/* Read the files and evaluate the formula (required) into a frame; reports the rows dropped
 * for missing values on stderr as R does. PG_EXIT_*. *ds and *fr are owned by the caller. */
int cli_load(cli_common *c, pg_dataset **ds, pg_frame **fr);

/* Hints (hints.c). Append "; looks like decimal commas; ..." to a reader's error about a row
 * with more fields than the header when that line holds a digit, a comma and a digit. */
void cli_hint_read_error(pg_error *err);
/* When every file is tab-separated, no --decimal was given and the dataset holds decimal
 * commas unambiguously (a text column of numbers like "10,5", and no numeric column with a
 * fraction), read the files again with ',' as the decimal mark (replacing *ds) and say so on
 * stderr -- unless a numeric column would then be text ("50.0"): the first reading stays.
 * PG_EXIT_*. */
int cli_tab_decimal_commas(cli_common *c, pg_dataset **ds);
/* Whether cli_tab_decimal_commas may read the files again (every file tab-separated, no
 * --decimal): it then looks at every column, so cli_read reads them all. */
int cli_tab_files(const cli_common *c);
/* When text (a formula or --where) holds a column name that needs backquotes (spaces,
 * brackets) without them, append "; write `NAME` in backquotes" to err's message; a "did you
 * mean 'NAME'?" for such a name becomes "did you mean `NAME` in backquotes". */
void cli_hint_names(const pg_dataset *ds, const char *text, pg_error *err);

/* Labels (src/cli/labels.c). Build c->labels from --label, --level, --label-file and the data's
 * variable labels, checked against ds, the formula and fr (may be NULL; cli_read builds them,
 * cli_load checks them again with its frame). Reports an unknown variable or level and returns
 * PG_EXIT_USAGE; else PG_EXIT_OK. */
int cli_labels(cli_common *c, const pg_dataset *ds, const pg_frame *fr);
/* Relabel the strata of a Kaplan-Meier fit / log-rank test and the coefficients of a Cox fit
 * for text output (not JSON or CSV, which keep R's names); nothing when there are no labels.
 * PG_EXIT_OK, or PG_EXIT_ANALYSIS when out of memory. */
int cli_relabel_km(const cli_common *c, pg_km *km);
int cli_relabel_logrank(const cli_common *c, pg_logrank *lr);
int cli_relabel_cox(const cli_common *c, const pg_frame *fr, pg_cox *fit);
/* Does the output take labels (a human format: text, md, tex, html)? */
int cli_labelled_output(const cli_common *c);

/* Fit the Cox model (Firth's when co->firth) and print its warnings on stderr. *fit is owned
 * by the caller. PG_EXIT_*. */
int cli_cox_fit(cli_common *c, const pg_frame *fr, const pg_cox_opts *co, pg_cox **fit);

/* Open the output: stdout, or a temporary file beside c->output. PG_EXIT_*. */
int cli_output_open(cli_common *c, FILE **out);
/* Close it: on success rename the temporary file onto c->output; on failure remove it.
 * Returns the exit status to use (ok ? 0 : the given failure, or 2 when writing failed). */
int cli_output_close(cli_common *c, FILE *out, int status);
/* Write ds as CSV to the output (open, write, close as above). PG_EXIT_*. */
int cli_output_csv(cli_common *c, const pg_dataset *ds);

/* Write a gnuplot script to path atomically (prognos plot --script, prognos meta --script).
 * PG_EXIT_*. */
int cli_save_script(cli_common *c, const char *path, const char *buf, size_t len);
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
/* The weights of a log-rank test from --rho, --gamma and the weights option (logrank's
 * --weights, plot's --test): --rho alone is survdiff's G-rho, --gamma or fh Fleming-Harrington.
 * Reports a combination that does not apply and returns PG_EXIT_USAGE; else PG_EXIT_OK. */
int cli_logrank_weights(cli_common *c, pg_logrank_opts *o, const char *weights_opt);
/* Parse a number; PG_OK or PG_EINPUT. */
int cli_parse_double(const char *s, double *out);

/* ---- the JSON contract (src/cli/json.c, docs/json.md) ---- */
/* Call fn for every option the command takes (its own, then the common ones), with where its
 * value is, how often argv gave it and argv's last text for it (NULL if not given). */
void cli_opts_foreach(const cli_common *c,
                      void (*fn)(void *ctx, const cli_opt *o, const void *value, int given,
                                 const char *text),
                      void *ctx);
/* Start the record (cli_parse): PG_OK or PG_ENOMEM. */
int cli_json_begin(cli_common *c, int argc, char **argv);
/* The command writes its result as JSON (--format json, the command's own --format too). */
int cli_json_wanted(const cli_common *c);
/* Print "prognos CMD: warning: MESSAGE" on stderr and keep MESSAGE for the JSON "warnings". */
void cli_warnf(const cli_common *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Keep the first failure for the error object (cli_report, cli_errorf). */
void cli_json_failed(const cli_common *c, const pg_error *err, int usage);
/* The rows the frame analyses and those it dropped (cli_load). */
void cli_json_frame(const cli_common *c, const pg_frame *fr);
/* cli_output_open under --format json: *out becomes a stream capturing the result. PG_EXIT_*. */
int cli_json_capture(cli_common *c, FILE **out);
/* cli_output_close: when out is the capture, write the result with the common keys to the real
 * output, which *out becomes. Returns the exit status (status, or 2 when writing failed). */
int cli_json_release(cli_common *c, FILE **out, int status);
/* cli_done: under --format json a failure (ex 1 or 2) writes its error object to stdout; then
 * the record is freed. */
void cli_json_end(cli_common *c, int ex);

#endif
