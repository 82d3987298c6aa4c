/* cif.c -- `prognos cif`: competing risks. The Aalen-Johansen cumulative incidence of every
 * cause in every group with cmprsk::cuminc's variance and pointwise limits, values at chosen
 * times, medians, 1 - KM beside it on request, and Gray's test per cause. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "render_cif.h"

typedef struct cif_args {
    pg_cif_opts co;
    pg_cif_render_opts ro;
    cli_doubles times;
    const char *weights, *id;
} cif_args;

static int se_parse(const char *arg, void *dest)
{
    static const char *const names[] = {"auto", "gray", "ij"};
    for (int i = 0; i < 3; i++)
        if (!strcmp(arg, names[i])) {
            *(pg_cif_se *)dest = (pg_cif_se)i;
            return PG_OK;
        }
    return PG_EINPUT;
}

static const cli_opt cif_opts[] = {
    {.name = "conf-type", .type = CLI_CHOICE, CLI_AT(cif_args, co.conf_type),
     .choices = &cli_conf_types, .deny = (1u << PG_CONF_LOGIT) | (1u << PG_CONF_ARCSIN),
     .def = "log-log", .metavar = "T",
     .help = "confidence interval transform of the cumulative incidence F (survfit_confint "
             "on F); with the IJ standard error the default is log, as survfit's"},
    {.name = "times", .type = CLI_DOUBLES, CLI_AT(cif_args, times), CLI_GE(0), .metavar = "LIST",
     .help = "cumulative incidence at these times, e.g. 12,60,120, right-continuous, as "
             "cmprsk::timepoints (NA after a group's last follow-up)"},
    {.name = "rho", .type = CLI_DOUBLE, CLI_AT(cif_args, co.rho), .def = "0", .metavar = "R",
     .help = "power of the weight (1 - F(t-))^rho in Gray's test, as cuminc's rho"},
    {.name = "compare-km", .type = CLI_FLAG, CLI_AT(cif_args, co.compare_km),
     .help = "add 1 - Kaplan-Meier of the same cause with the other causes censored, which "
             "overstates the incidence"},
    {.name = "weights", .type = CLI_STRING, CLI_AT(cif_args, weights), .metavar = "COL",
     .help = "case weights (R's weights =): weighted counts and survfit's multi-state "
             "Aalen-Johansen with the IJ standard error; 0 drops the row; no Gray's test"},
    {.name = "id", .type = CLI_STRING, CLI_AT(cif_args, id), .metavar = "COL",
     .help = "subject column (R's id =), needed for Surv(start, stop, status): the IJ "
             "standard error sums the influence of each subject's rows"},
    {.name = "se", .type = CLI_CUSTOM, CLI_AT(cif_args, co.se), .parse = se_parse,
     .want = "wants auto, gray or ij", .def = "auto", .metavar = "S",
     .help = "standard error: gray (cmprsk::cuminc's) or ij (survfit's infinitesimal "
             "jackknife); auto is gray on right-censored unweighted data without --id, else ij"},
    {.name = "steps", .type = CLI_FLAG, CLI_AT(cif_args, ro.steps),
     .help = "text and md: list the estimate at every event time with n at risk and events "
             "(csv and json always have them)"},
    {.name = NULL}};

const cli_cmd cli_cmd_cif = {
    .name = "cif",
    .summary = "competing risks: cumulative incidence per cause, Gray's test",
    .usage = "-f 'Surv(time, status) ~ group' --censor LIST [OPTIONS] FILE...",
    .about = "Cumulative incidence of every cause in every group by the Aalen-Johansen "
             "estimator, with the variance of R's cmprsk::cuminc, pointwise confidence "
             "limits, values at chosen times and the median time to each cause; Gray's test "
             "per cause when there are two groups or more (within strata(...) when given). "
             "The status has several values: --censor names those that mean censored "
             "(default 0 for a numeric status), every other value is a cause. "
             "Surv(start, stop, status) (delayed entry, several rows per subject with --id) "
             "and --weights follow R's survfit multi-state Aalen-Johansen with its "
             "infinitesimal-jackknife standard error instead; Gray's test is not defined there.",
    .examples = "cif -f 'Surv(months, status) ~ depth' --censor NED,AWD --times 60,120 "
                "datasets/lms_synthetic.csv\n"
                "cif -f 'Surv(time, status) ~ ulcer' --censor 2 --compare-km melanoma.csv\n"
                "cif -f 'Surv(etime, event) ~ sex + strata(age65)' --rho 1 --format json "
                "mgus2.csv\n"
                "cif -f 'Surv(ageentry, age, status) ~ gender' --id obs --times 900 "
                "channing_cr.csv",
    .common = CLI_C_ALL,
    .opts = cif_opts,
    .run = cmd_cif};

int cmd_cif(int argc, char **argv)
{
    cif_args a = {0};
    pg_cif_opts_init(&a.co);
    pg_cif_render_opts_init(&a.ro);
    a.ro.steps = 0;
    cli_common c;
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_cif *cif = NULL;
    pg_error err = {0};
    FILE *out = NULL;
    int rc, ex = cli_parse(&c, &cli_cmd_cif, &a, argc, argv);
    if (ex) goto done;
    a.co.times = a.times.v;
    a.co.n_times = a.times.n;
    a.co.conf_level = c.conf_level;
    c.all_causes = 1;
    c.no_design = 1;                    /* counts and curves: no design matrix */
    c.counting = 1;                     /* Surv(start, stop, status): survfit's multi-state AJ */
    c.weights = a.weights;
    c.id = a.id;
    if ((ex = cli_load(&c, &ds, &fr))) goto done;
    if (pg_frame_entry(fr) && !pg_frame_id(fr)) {
        cli_errorf(&c, 1, "Surv(start, stop, status) needs --id COL naming the subject of each "
                   "row, as R's survfit needs id = for start, stop data");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (pg_cif_se_for(fr, a.co.se) == PG_CIF_SE_IJ && !cli_given(&c, "conf-type"))
        a.co.conf_type = PG_CONF_LOG;   /* survfit's */
    if ((rc = pg_cif_check_subjects(fr, ds, &err)) || (rc = pg_cif_fit(fr, &a.co, &cif, &err))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    if (!cif->n_causes)
        cli_warnf(&c, "no events of any cause: every cumulative incidence is 0");
    if (cif->gray_undefined)
        cli_warnf(&c, "Gray's test left out: it is not defined for %s data (cmprsk::cuminc "
                  "refuses them)", pg_frame_entry(fr) ? "left-truncated" : "weighted");
    a.ro.formula = c.formula;
    if ((ex = cli_output_open(&c, &out))) goto done;
    rc = pg_cif_render(out, cif, &a.ro, c.format);
    if (rc)
        cli_errorf(&c, 0, "cannot write the result%s", rc == PG_ENOMEM ? ": out of memory" : "");
    ex = cli_output_close(&c, out, cli_exit_code(rc));

done:
    pg_cif_free(cif);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    return cli_done(&c, ex);
}
