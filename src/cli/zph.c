/* zph.c -- `prognos zph`: the test of proportional hazards of a Cox model (R: cox.zph). */
#include "cli.h"
#include "commands.h"
#include "render_zph.h"

typedef struct zph_args {
    pg_cox_opts co;
    pg_zph_transform tr;
    int residuals;
    const char *id, *weights;
} zph_args;

static const cli_opt zph_opts[] = {
    {.name = "ties", .type = CLI_CHOICE, CLI_AT(zph_args, co.ties), .choices = &cli_ties,
     .def = "efron", .metavar = "T", .help = "handling of tied event times, as coxph's ties"},
    {.name = "transform", .type = CLI_CHOICE, CLI_AT(zph_args, tr), .choices = &cli_transforms,
     .def = "km", .metavar = "G",
     .help = "g(t), the time scale of the test (km: 1 - Kaplan-Meier)"},
    {.name = "residuals", .type = CLI_FLAG, CLI_AT(zph_args, residuals),
     .help = "write the scaled Schoenfeld residuals instead of the test, one row per event: "
             "time, transformed_time, one column per term (CSV unless --format md or json), "
             "for plotting beta(t) against time"},
    {.name = "id", .type = CLI_STRING, CLI_AT(zph_args, id), .metavar = "COL",
     .help = "the subject of each row of Surv(start, stop, event) data (R's id =): checked for "
             "overlapping intervals; the test itself is cox.zph's, which has no robust form"},
    {.name = "weights", .type = CLI_STRING, CLI_AT(zph_args, weights), .metavar = "COL",
     .help = "case weights of the Cox model (R's weights =); cox.zph uses them in the score "
             "test, not in the scaled residuals; 0 drops the row"},
    {.name = NULL}};

const cli_cmd cli_cmd_zph = {
    .name = "zph",
    .summary = "test of proportional hazards (cox.zph)",
    .usage = "-f 'Surv(time, status) ~ terms [+ strata(s)]' [OPTIONS] FILE...",
    .about = "Fits the Cox model and tests proportional hazards as R's cox.zph (survival >= "
             "3.0): the score test of a time-varying coefficient b + c g(t) per term (a factor "
             "with k-1 df) and GLOBAL. Output as print(cox.zph).",
    .examples = "zph -f 'Surv(time, status) ~ age + sex + ph.ecog' lung.csv\n"
                "zph -f 'Surv(time, status) ~ factor(celltype) + karno' --transform rank "
                "veteran.csv\n"
                "zph -f 'Surv(time, status) ~ age + sex' --residuals -o zph.csv lung.csv",
    .common = CLI_C_ALL,
    .opts = zph_opts,
    .run = cmd_zph};

int cmd_zph(int argc, char **argv)
{
    zph_args a = {0};
    pg_cox_opts_init(&a.co);
    cli_common c;
    pg_dataset *ds = NULL;
    pg_frame *fr = NULL;
    pg_cox *fit = NULL;
    pg_zph *z = NULL;
    pg_error err = {0};
    FILE *out;
    int rc, ex = cli_parse(&c, &cli_cmd_zph, &a, argc, argv);
    if (ex) goto done;
    a.co.conf_level = c.conf_level;
    a.co.threads = c.threads;
    c.no_groups = 1;                    /* a Cox model has no use for survfit's groups */
    c.counting = 1;                     /* Surv(start, stop, event): zph2's risk sets */
    c.id = a.id;
    c.weights = a.weights;
    if ((ex = cli_load(&c, &ds, &fr))) goto done;
    if ((ex = cli_cox_fit(&c, fr, &a.co, &fit))) goto done;
    if ((rc = pg_zph_test(fr, fit, &(pg_zph_opts){.transform = a.tr}, &z, &err))) {
        ex = cli_fail(&c, &err, rc);
        goto done;
    }
    if ((ex = cli_output_open(&c, &out))) goto done;
    rc = a.residuals ? pg_render_zph_resid(out, z, c.format, &err)
                     : pg_render_zph(out, z, c.format, &err);
    if (rc) cli_report(&c, &err);
    ex = cli_output_close(&c, out, cli_exit_code(rc));
done:
    pg_zph_free(z);
    pg_cox_free(fit);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    return cli_done(&c, ex);
}
