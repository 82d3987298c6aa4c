/* survreg.c -- `prognos survreg`: parametric survival regression (R: survival::survreg,
 * summary.survreg, predict.survreg). */
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "render_survreg.h"

typedef struct survreg_args {
    pg_survreg_opts so;
    pg_survreg_render_opts ro;
    const char *newdata;
    cli_doubles quantiles, times;
} survreg_args;

static const cli_opt survreg_opts[] = {
    {.name = "dist", .type = CLI_CHOICE, CLI_AT(survreg_args, so.dist), .choices = &cli_sr_dists,
     .def = "weibull", .metavar = "D", .help = "the distribution, as survreg's dist"},
    {.name = "scale", .type = CLI_DOUBLE, CLI_AT(survreg_args, so.scale), CLI_GT(0),
     .metavar = "X", .help = "fix the scale at X instead of estimating it (survreg's scale)"},
    {.name = "max-iter", .type = CLI_UINT, CLI_AT(survreg_args, so.max_iter), CLI_FROM(1, 1000),
     .def = "30", .metavar = "N", .help = "Newton-Raphson iterations at most (survreg.control)"},
    {.name = "ratios", .type = CLI_FLAG, CLI_AT(survreg_args, ro.hr),
     .help = "text: add time ratios exp(coef) and, for weibull and exponential, hazard ratios "
             "exp(-coef/scale) with delta-method limits"},
    {.name = "newdata", .type = CLI_STRING, CLI_AT(survreg_args, newdata), .metavar = "FILE",
     .help = "predictions for the covariate rows of FILE (predict.survreg)"},
    {.name = "quantiles", .type = CLI_DOUBLES, CLI_AT(survreg_args, quantiles), CLI_OPEN(0, 1),
     .metavar = "LIST", .help = "with --newdata: time quantiles with delta-method se (default "
                                "0.5)"},
    {.name = "times", .type = CLI_DOUBLES, CLI_AT(survreg_args, times), CLI_GE(0),
     .metavar = "LIST", .help = "with --newdata: fitted survival at these times"},
    {.name = NULL}};

const cli_cmd cli_cmd_survreg = {
    .name = "survreg",
    .summary = "parametric (AFT) survival regression: weibull, lognormal, loglogistic, ...",
    .usage = "-f 'Surv(time, status) ~ x1 + x2' [--dist D] [OPTIONS] FILE...",
    .about = "Accelerated failure time regression by maximum likelihood, as R's "
             "survival::survreg and summary.survreg: coefficients and Log(scale) with standard "
             "errors, z and p, the scale, the log-likelihoods of the model and of the "
             "intercept-only model, their chi-square test, AIC. strata(x) gives one scale per "
             "stratum; cluster(id) the robust (dfbeta sandwich) variance. Numbers agree with R "
             "to 1e-6.",
    .examples = "survreg -f 'Surv(time, status) ~ age + sex' datasets/lung.csv\n"
                "survreg -f 'Surv(time, status) ~ age + strata(sex)' --dist lognormal lung.csv\n"
                "survreg -f 'Surv(time, status) ~ sex' --newdata new.csv --quantiles 0.25,0.5 "
                "lung.csv",
    .common = CLI_C_ALL,
    .opts = survreg_opts,
    .run = cmd_survreg};

int cmd_survreg(int argc, char **argv)
{
    survreg_args a = {0};
    pg_survreg_opts_init(&a.so);
    cli_common c;
    pg_dataset *ds = NULL, *nds = NULL;
    pg_frame *fr = NULL;
    pg_survreg *fit = NULL;
    double *newx = NULL, half = 0.5;
    size_t *row_stratum = NULL;
    size_t m = 0;
    pg_error err = {0};
    FILE *out = NULL;
    int rc, ex = cli_parse(&c, &cli_cmd_survreg, &a, argc, argv);
    if (ex) goto done;
    if ((a.quantiles.n || a.times.n) && !a.newdata) {
        cli_errorf(&c, 1, "--quantiles and --times need --newdata (for which covariate rows?)");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    a.so.conf_level = c.conf_level;
    c.no_groups = 1;
    c.censoring = 1;                    /* Surv(type = "left" / "interval2") */
    if ((ex = cli_load(&c, &ds, &fr))) goto done;
    if ((rc = pg_survreg_fit_frame(fr, ds, &a.so, &fit, &err))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    if (!fit->converged)
        fprintf(stderr, "prognos survreg: warning: ran out of iterations and did not "
                        "converge\n");
    if (a.newdata) {
        if ((rc = pg_dataset_read_csv(a.newdata, &c.csv, &nds, &err)) ||
            (rc = pg_frame_newdata(fr, nds, &newx, &m, &err)) ||
            (rc = pg_frame_newdata_strata(fr, nds, &row_stratum, &err))) {
            ex = cli_fail(&c, &err, rc);
            goto done;
        }
        a.ro.newx = newx;
        a.ro.row_stratum = row_stratum;
        a.ro.m = m;
        a.ro.quantiles = a.quantiles.n ? a.quantiles.v : &half;
        a.ro.nq = a.quantiles.n ? a.quantiles.n : 1;
        a.ro.times = a.times.v;
        a.ro.nt = a.times.n;
    }
    a.ro.dropped = pg_frame_dropped(fr);
    if ((ex = cli_output_open(&c, &out))) goto done;
    rc = pg_render_survreg(out, fit, &a.ro, c.format);
    if (rc)
        cli_errorf(&c, 0, "cannot write the result%s", rc == PG_ENOMEM ? ": out of memory" : "");
    ex = cli_output_close(&c, out, cli_exit_code(rc));
done:
    free(newx);
    free(row_stratum);
    pg_survreg_free(fit);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    pg_dataset_free(nds);
    return cli_done(&c, ex);
}
