/* finegray.c -- `prognos finegray`: Fine-Gray regression of the subdistribution hazard of one
 * cause (R: cmprsk::crr, summary.crr), and predicted cumulative incidence (predict.crr). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "render_crr.h"

typedef struct finegray_args {
    pg_crr_opts co;
    const char *newdata;
    cli_doubles times;
} finegray_args;

static const cli_opt finegray_opts[] = {
    {.name = "newdata", .type = CLI_STRING, CLI_AT(finegray_args, newdata), .metavar = "FILE",
     .help = "predicted cumulative incidence of the cause for the covariate rows of FILE "
             "(predict.crr), instead of the summary"},
    {.name = "times", .type = CLI_DOUBLES, CLI_AT(finegray_args, times), CLI_GE(0),
     .metavar = "LIST", .help = "with --newdata: the incidence at these times only, e.g. "
                                "12,60,120"},
    {.name = "max-iter", .type = CLI_UINT, CLI_AT(finegray_args, co.max_iter), CLI_FROM(0, 1000),
     .def = "10", .metavar = "N", .help = "Newton-Raphson steps at most, as crr's maxiter"},
    {.name = "gtol", .type = CLI_DOUBLE, CLI_AT(finegray_args, co.gtol), CLI_OPEN(0, 1),
     .def = "1e-06", .metavar = "X", .help = "convergence tolerance on the score, as crr's gtol"},
    {.name = NULL}};

const cli_cmd cli_cmd_finegray = {
    .name = "finegray",
    .summary = "Fine-Gray competing-risks regression (subdistribution hazards)",
    .usage = "-f 'Surv(time, status) ~ x1 + x2' --censor LIST --cause VALUE [OPTIONS] FILE...",
    .about = "Regression of the subdistribution hazard of one cause in the presence of "
             "competing causes, as R's cmprsk::crr and summary.crr: coefficients, "
             "subdistribution hazard ratios exp(coef), the robust (sandwich) standard errors of "
             "crr, z, p and confidence limits, the pseudo likelihood-ratio test. The status has "
             "several values: --censor names those that mean censored, --cause the cause of "
             "interest; every other value is a competing cause. Censoring weights come from the "
             "Kaplan-Meier estimate of the censoring distribution over all rows (crr's default "
             "cengroup). A cause-specific Cox model needs no new command: prognos cox -f "
             "'Surv(time, status == \"DOD\") ~ ...'.\n\n--newdata writes the predicted cumulative "
             "incidence of the cause for each covariate row instead of the summary.",
    .examples = "finegray -f 'Surv(months, status) ~ age + factor(grade)' --censor NED,AWD "
                "--cause DOD datasets/lms_synthetic.csv\n"
                "finegray -f 'Surv(time, status) ~ ulcer + I(log(thickness))' --censor alive "
                "--cause melanoma --format json datasets/melanoma.csv",
    .common = CLI_C_ALL,
    .opts = finegray_opts,
    .run = cmd_finegray};

/* The frame's names of the outcome's values, for the renderer. names holds K + C pointers. */
static void labels(const pg_frame *fr, const char **names, pg_crr_labels *lab)
{
    size_t K = pg_frame_ncauses(fr), ci = pg_frame_cause_index(fr), nc = 0;
    memset(lab, 0, sizeof *lab);
    if (ci == 0 && K == 1) ci = 1;
    lab->cause = ci ? pg_frame_cause_name(fr, ci) : NULL;
    for (size_t k = 1; k <= K; k++)
        if (k != ci) names[nc++] = pg_frame_cause_name(fr, k);
    lab->competing = names;
    lab->n_competing = nc;
    for (size_t k = 0; k < pg_frame_ncensor(fr); k++) names[nc + k] = pg_frame_censor_name(fr, k);
    lab->censor = names + nc;
    lab->n_censor = pg_frame_ncensor(fr);
    lab->dropped = pg_frame_dropped(fr);
}

static int write_output(cli_common *c, const finegray_args *a, const pg_frame *fr,
                        const pg_crr *fit, const pg_crr_pred *pr, pg_error *err)
{
    FILE *out;
    int rc, ex = cli_output_open(c, &out);
    if (ex) return ex;
    if (pr) {
        rc = pg_render_crr_pred(out, pr, a->times.v, a->times.n, c->format);
    } else {
        const char **names = calloc(pg_frame_ncauses(fr) + pg_frame_ncensor(fr) + 1,
                                    sizeof *names);
        pg_crr_labels lab;
        if (!names) {
            rc = PG_ENOMEM;
        } else {
            labels(fr, names, &lab);
            rc = pg_render_crr(out, fit, &lab, c->format);
        }
        free(names);
    }
    if (rc == PG_ENOMEM) pg_fail(err, rc, "finegray: out of memory");
    else if (rc) pg_fail(err, rc, "cannot write the output");
    if (rc) cli_report(c, err);
    return cli_output_close(c, out, cli_exit_code(rc));
}

int cmd_finegray(int argc, char **argv)
{
    finegray_args a = {0};
    pg_crr_opts_init(&a.co);
    cli_common c;
    pg_dataset *ds = NULL, *nds = NULL;
    pg_frame *fr = NULL;
    pg_crr *fit = NULL;
    pg_crr_pred *pr = NULL;
    double *newx = NULL;
    size_t m = 0;
    pg_error err = {0};
    int rc, ex = cli_parse(&c, &cli_cmd_finegray, &a, argc, argv);
    if (ex) goto done;
    if (a.times.n && !a.newdata) {
        cli_errorf(&c, 1, "--times needs --newdata (the incidence of which covariate rows?)");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    a.co.conf_level = c.conf_level;
    c.no_groups = 1;
    if ((ex = cli_load(&c, &ds, &fr))) goto done;
    if ((rc = pg_crr_fit_frame(fr, &a.co, &fit, &err))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    for (size_t k = 0; k < fit->n_warnings; k++)
        cli_warnf(&c, "%s", fit->warnings[k]);
    if (a.newdata &&
        ((rc = pg_dataset_read_csv(a.newdata, &c.csv, &nds, &err)) ||
         (rc = pg_frame_newdata(fr, nds, &newx, &m, &err)) ||
         (rc = pg_crr_predict(fit, newx, m, &pr, &err)))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    ex = write_output(&c, &a, fr, fit, pr, &err);
done:
    free(newx);
    pg_crr_pred_free(pr);
    pg_crr_free(fit);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    pg_dataset_free(nds);
    return cli_done(&c, ex);
}
