/* km.c -- `prognos km`: Kaplan-Meier curves, medians and quantiles, survival at chosen times,
 * restricted mean survival, Nelson-Aalen cumulative hazard and median follow-up, as R's
 * survfit / print / summary / quantile would report them. */
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "render_km.h"

typedef struct km_args {
    pg_km_opts ko;
    pg_km_render_opts ro;
    cli_doubles quantiles, times;
    int followup;
    const char *weights;
} km_args;

static int steps_parse(const char *arg, void *dest)
{
    return pg_km_steps_parse(arg, dest);
}

static const cli_opt km_opts[] = {
    {.name = "conf-type", .type = CLI_CHOICE, CLI_AT(km_args, ko.conf_type),
     .choices = &cli_conf_types, .def = "log", .metavar = "T",
     .help = "confidence interval transform, as survfit's conf.type"},
    {.name = "quantiles", .type = CLI_DOUBLES, CLI_AT(km_args, quantiles), CLI_OPEN(0, 1),
     .metavar = "LIST",
     .help = "survival quantiles with confidence limits, e.g. 0.25,0.5,0.75 "
             "(quantile.survfit; the median is always shown)"},
    {.name = "times", .type = CLI_DOUBLES, CLI_AT(km_args, times), CLI_GE(0), .metavar = "LIST",
     .help = "survival at these times, e.g. 12,36,60, as summary(fit, times); times after a "
             "curve's last follow-up are left out, as R does"},
    {.name = "rmst-tau", .type = CLI_DOUBLE, CLI_AT(km_args, ko.rmst_tau), CLI_GT(0),
     .metavar = "TAU",
     .help = "restricted mean survival time to TAU with its standard error "
             "(print(fit, rmean = TAU))"},
    {.name = "cumhaz", .type = CLI_FLAG, CLI_AT(km_args, ro.cumhaz),
     .help = "add the Nelson-Aalen cumulative hazard and its SE"},
    {.name = "followup", .type = CLI_FLAG, CLI_AT(km_args, followup),
     .help = "add the median follow-up (reverse Kaplan-Meier) to csv and json output; text "
             "output always shows it"},
    {.name = "steps", .type = CLI_CUSTOM, CLI_AT(km_args, ro.steps), .parse = steps_parse,
     .want = "wants all, events or none", .metavar = "WHICH",
     .help = "which steps of each curve to write: all, events (event times only) or none (the "
             "summary only; no step rows in csv, no \"steps\" in json); default: event times "
             "in text and md, every time in csv and json"},
    {.name = "censored", .type = CLI_FLAG, CLI_AT(km_args, ro.censored),
     .help = "text and md: list censoring times too (summary(fit, censored = TRUE))"},
    {.name = "weights", .type = CLI_STRING, CLI_AT(km_args, weights), .metavar = "COL",
     .help = "case weights (R's weights =): weighted curves with survfit's weighted "
             "Greenwood variance, e.g. a count per row of aggregated data; 0 drops the row"},
    {.name = NULL}};

const cli_cmd cli_cmd_km = {
    .name = "km",
    .summary = "Kaplan-Meier curves, medians, survival at times, RMST",
    .usage = "-f 'Surv(time, status) ~ group' [OPTIONS] FILE...",
    .about = "Kaplan-Meier survival curves, one per group (R: survfit, print, summary, "
             "quantile). Text output reads like R's print(fit) and summary(fit); numbers agree "
             "with R's survival package to 1e-6.",
    .examples = "km -f 'Surv(time, status) ~ x' tests/data/aml.csv\n"
                "km -f 'Surv(time, status) ~ 1' --times 12,24 --rmst-tau 36 aml.csv\n"
                "km -f 'Surv(months, status == \"DOD\") ~ grade' --format json -o km.json "
                "lms.csv",
    .common = CLI_C_ALL,
    .opts = km_opts,
    .run = cmd_km};

int cmd_km(int argc, char **argv)
{
    km_args a = {0};
    pg_km_opts_init(&a.ko);
    pg_km_render_opts_init(&a.ro);
    cli_common c;
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_km *km = NULL;
    pg_error err = {0};
    FILE *out = NULL;
    int rc, ex = cli_parse(&c, &cli_cmd_km, &a, argc, argv);
    if (ex) goto done;
    a.ko.quantiles = a.quantiles.v;
    a.ko.n_quantiles = a.quantiles.n;
    a.ko.times = a.times.v;
    a.ko.n_times = a.times.n;
    a.ko.conf_level = c.conf_level;
    c.no_design = 1;                    /* counts and curves: no design matrix */
    c.needed_only = 1;                  /* only the frame is used: read its columns */
    c.counting = 1;                     /* Surv(start, stop, event): left-truncated curves */
    c.weights = a.weights;
    if ((ex = cli_load(&c, &ds, &fr))) goto done;
    pg_dataset_free(ds);                /* the frame holds all the fit and output read */
    ds = NULL;

    /* The median follow-up (a second curve, of the censoring times) is fitted only when it is
     * written: text and md always show it, csv and json with --followup. It fails only where
     * the curves above fail (the same frame and options) or out of memory. */
    pg_km_quantile fu;
    int want_fu = a.followup || c.format == PG_FMT_TEXT || c.format == PG_FMT_MD;
    if ((rc = pg_km_fit(fr, &a.ko, &km, &err)) ||
        (want_fu && (rc = pg_km_followup(fr, &a.ko, &fu, &err))) ||
        (cli_relabel_km(&c, km) && (rc = pg_fail(&err, PG_ENOMEM, "out of memory")))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    if (want_fu) a.ro.followup = &fu;
    a.ro.formula = c.formula;

    if ((ex = cli_output_open(&c, &out))) goto done;
    if (c.json) c.json->dumped = 1;     /* pg_km_render writes an object as pg_json_write does */
    rc = pg_km_render(out, km, &a.ro, c.format);
    if (rc)
        cli_errorf(&c, 0, "cannot write the result%s", rc == PG_ENOMEM ? ": out of memory" : "");
    ex = cli_output_close(&c, out, cli_exit_code(rc));

done:
    pg_km_free(km);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    return cli_done(&c, ex);
}
