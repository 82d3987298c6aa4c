/* table.c -- `prognos table`: the prognostic-factor table of a manuscript in one command. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "render_ftable.h"

typedef enum { TABLE_MODEL_COX = 0, TABLE_MODEL_FINE_GRAY } table_model;

static int model_parse(const char *s, int *v)
{
    if (strcmp(s, "cox") == 0) *v = TABLE_MODEL_COX;
    else if (strcmp(s, "fine-gray") == 0) *v = TABLE_MODEL_FINE_GRAY;
    else return PG_EINPUT;
    return PG_OK;
}

static const cli_choices table_models = {(const char *const[]){"cox", "fine-gray", NULL},
                                         model_parse};

typedef struct table_args {
    pg_ftable_opts to;
    int model;
    pg_ft_format fmt;
    cli_doubles times;
    const char *unit;
} table_args;

/* --multivariable: all, none, or the terms to use. */
static int mv_parse(const char *arg, void *dest)
{
    pg_ftable_opts *to = dest;
    to->mv_terms = NULL;
    if (strcmp(arg, "all") == 0) to->multivariable = PG_MV_ALL;
    else if (strcmp(arg, "none") == 0) to->multivariable = PG_MV_NONE;
    else {
        to->multivariable = PG_MV_LIST;
        to->mv_terms = arg;
    }
    return PG_OK;
}

static const cli_opt table_opts[] = {
    {.name = "times", .type = CLI_DOUBLES, CLI_AT(table_args, times), CLI_GE(0),
     .metavar = "LIST",
     .help = "survival reported at these times (default 5 and 10 years in the unit the time "
             "variable's name says: months, years, weeks, days, also meses, mois, Monate, "
             "mesi, años, ...; without a unit the columns are left out)"},
    {.name = "time-unit", .type = CLI_STRING, CLI_AT(table_args, unit), .metavar = "WORD",
     .help = "unit used in the headers (default from the time variable's name)"},
    {.name = "multivariable", .type = CLI_CUSTOM, CLI_AT(table_args, to), .parse = mv_parse,
     .def = "all", .metavar = "M",
     .help = "all, none, or the terms of the multivariable model: 'sex + I(size_cm > 5)'"},
    {.name = "ties", .type = CLI_CHOICE, CLI_AT(table_args, to.ties), .choices = &cli_ties,
     .deny = 1u << PG_TIES_EXACT, .def = "efron", .metavar = "T",
     .help = "handling of tied event times in the Cox models"},
    {.name = "conf-type", .type = CLI_CHOICE, CLI_AT(table_args, to.conf_type),
     .choices = &cli_conf_types, .def = "log", .metavar = "T",
     .help = "confidence interval transform of the Kaplan-Meier estimates (with --cause: of "
             "the cumulative incidence, default log-log)"},
    {.name = "model", .type = CLI_CHOICE, CLI_AT(table_args, model), .choices = &table_models,
     .def = "cox", .metavar = "M",
     .help = "the hazard ratios with --cause: cause-specific Cox, or Fine-Gray subdistribution "
             "hazard ratios (cmprsk::crr)"},
    {.name = "format", .type = CLI_CHOICE, CLI_AT(table_args, fmt), .choices = &cli_ft_formats,
     .def = "text", .metavar = "FMT",
     .help = "output format; docx (Word) and xlsx (Excel) need -o FILE", .flags = CLI_OVERRIDE},
    {.name = "id", .type = CLI_STRING, CLI_AT(table_args, to.id), .metavar = "COL",
     .help = "the subject of each row, for Surv(start, stop, event) data with several rows per "
             "subject (R's id =): n counts subjects, the Cox variance is robust by subject when "
             "one has several events (as coxph)"},
    {.name = "weights", .type = CLI_STRING, CLI_AT(table_args, to.weights), .metavar = "COL",
     .help = "case weights (R's weights =): weighted Kaplan-Meier and Cox models, the log-rank "
             "p the weighted Cox score test; 0 drops the row"},
    {.name = NULL}};

const cli_cmd cli_cmd_table = {
    .name = "table",
    .summary = "the prognostic-factor table of a manuscript",
    .usage = "-f 'Surv([start, ]time, event) ~ factor1 + factor2 [+ strata(s)]' [OPTIONS] FILE...",
    .about = "One row per factor level: n (%), events, Kaplan-Meier survival at --times with "
             "CI, median, log-rank p (trend p for ordered factors such as fnclcc()), univariate "
             "and multivariable Cox HR (95% CI) and p. A factor with a level without events is "
             "fitted with Firth's correction. With --censor and --cause (competing risks): "
             "the cumulative incidence of the cause at --times, Gray's p and cause-specific "
             "hazard ratios.",
    .examples = "table -f 'Surv(months, status == \"DOD\") ~ sex + depth + I(size_cm > 5)' "
                "datasets/lms_synthetic.csv\n"
                "table -f 'Surv(months, status == \"DOD\") ~ grade + depth' --format md "
                "-o table.md datasets/lms_synthetic.csv\n"
                "table -f 'Surv(months, status == \"DOD\") ~ grade + depth' --format docx "
                "-o table.docx datasets/lms_synthetic.csv",
    .common = CLI_C_ALL,
    .opts = table_opts,
    .run = cmd_table};

/* The times (default 5 and 10 years in the formula's time unit; none when the time variable's
 * name says no unit: the table then leaves the survival-at-times columns out and footnotes how
 * to add them) and the unit of the headers, singular ("60-month survival": --time-unit days
 * gives "5-day", not "5-days"). */
static void times_and_unit(cli_common *c, table_args *a, double t510[2], char *unit, size_t cap)
{
    const char *guessed = cli_time_unit(c->formula, &t510[0], &t510[1]);
    a->to.times = a->times.v;
    a->to.n_times = a->times.n;
    if (!a->times.v && guessed) {
        a->to.times = t510;
        a->to.n_times = 2;
    }
    const char *u = a->unit ? a->unit : guessed;
    size_t ul = u ? strlen(u) : 0;
    unit[0] = '\0';
    if (u && ul < cap) memcpy(unit, u, ul + 1);
    if (ul > 1 && ul < cap && u[ul - 1] == 's' && u[ul - 2] != 's') unit[ul - 1] = '\0';
}

int cmd_table(int argc, char **argv)
{
    table_args a = {0};
    pg_ftable_opts_init(&a.to);
    cli_common c;
    pg_dataset *ds = NULL;
    pg_ftable *t = NULL;
    pg_error err = {0};
    double t510[2];
    char unit[64];
    FILE *out;
    int rc, ex = cli_parse(&c, &cli_cmd_table, &a, argc, argv);
    if (ex) goto done;
    if (!c.formula) {
        cli_errorf(&c, 1, "a formula is required (-f 'Surv(months, status == \"DOD\") ~ sex')");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (pg_ft_format_binary(a.fmt) && (!c.output || strcmp(c.output, "-") == 0)) {
        /* a zip on a terminal or in a pipe is never what was meant */
        cli_errorf(&c, 1, "--format %s writes a zip file: give it a name with -o FILE.%s",
                   a.fmt == PG_FT_DOCX ? "docx" : "xlsx", a.fmt == PG_FT_DOCX ? "docx" : "xlsx");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    times_and_unit(&c, &a, t510, unit, sizeof unit);
    if ((ex = cli_read(&c, &ds))) goto done;
    a.to.where = c.where;
    a.to.threads = c.threads;
    a.to.conf_level = c.conf_level;
    a.to.censor = (const char *const *)c.censor.item;
    a.to.n_censor = c.censor.n;
    a.to.cause = c.cause;
    if (c.cause && !cli_given(&c, "conf-type")) a.to.conf_type = PG_CONF_LOGLOG;
    a.to.fine_gray = a.model == TABLE_MODEL_FINE_GRAY;
    a.to.lang = (pg_lang)c.lang;
    a.to.max_matrix_bytes = c.max_matrix_bytes;
    if ((rc = pg_ftable_build(ds, c.formula, &a.to, &t, &err)) ||
        (rc = pg_ftable_label(t, c.labels, &err))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    if (t->has_mv && t->mv_dropped)
        fprintf(stderr, "prognos table: %zu observation%s deleted due to missingness in the "
                        "multivariable model\n", t->mv_dropped, t->mv_dropped == 1 ? "" : "s");
    for (size_t k = 0; k < t->n_warnings; k++)
        fprintf(stderr, "prognos table: warning: %s\n", t->warnings[k]);
    if ((ex = cli_output_open(&c, &out))) goto done;
    rc = pg_render_ftable(out, t, a.fmt, unit[0] ? unit : NULL, &err);
    if (rc) cli_report(&c, &err);
    ex = cli_output_close(&c, out, cli_exit_code(rc));
done:
    pg_ftable_free(t);
    pg_dataset_free(ds);
    return cli_done(&c, ex);
}
