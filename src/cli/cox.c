/* cox.c -- `prognos cox`: Cox proportional-hazards regression (R: coxph, summary.coxph), with
 * residuals, predicted survival curves, the baseline hazard and the linear predictor. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "render_cox.h"

/* A numeric table with a few leading text columns, written as text/csv/md or JSON records. */
typedef struct numtab {
    size_t ncol, ntext;       /* the first ntext columns are text */
    const char **head;
    pg_tab *tab;
    json_t *rows;
    pg_format fmt;
} numtab;

static int nt_init(numtab *t, pg_format fmt, size_t ncol, size_t ntext, const char **head)
{
    memset(t, 0, sizeof *t);
    t->ncol = ncol;
    t->ntext = ntext;
    t->head = head;
    t->fmt = fmt;
    if (fmt == PG_FMT_JSON) t->rows = json_array();
    else t->tab = pg_tab_new(ncol, head);
    if (t->tab)
        for (size_t k = 0; k < ntext; k++) pg_tab_left(t->tab, k);
    return (t->rows || t->tab) ? PG_OK : PG_ENOMEM;
}

static int nt_row(numtab *t, const char *const *text, const double *v)
{
    if (t->fmt == PG_FMT_JSON) {
        json_t *o = json_object();
        if (!o) return PG_ENOMEM;
        for (size_t k = 0; k < t->ntext; k++)
            json_object_set_new(o, t->head[k], json_string(text[k]));
        for (size_t k = t->ntext; k < t->ncol; k++)
            json_object_set_new(o, t->head[k], pg_json_num(v[k - t->ntext]));
        return json_array_append_new(t->rows, o) ? PG_ENOMEM : PG_OK;
    }
    char(*buf)[40] = malloc(t->ncol * sizeof *buf);
    const char **cells = malloc(t->ncol * sizeof *cells);
    int rc = PG_ENOMEM;
    if (buf && cells) {
        for (size_t k = 0; k < t->ncol; k++) {
            if (k < t->ntext) {
                cells[k] = text[k];
                continue;
            }
            double x = v[k - t->ntext];
            pg_fmt_num(buf[k], 40, x, t->fmt == PG_FMT_CSV ? 0 : 7);
            if (t->fmt == PG_FMT_CSV && isnan(x)) buf[k][0] = '\0';
            cells[k] = buf[k];
        }
        rc = pg_tab_row(t->tab, cells);
    }
    free(buf);
    free(cells);
    return rc;
}

static int nt_write(numtab *t, FILE *f)
{
    if (t->fmt == PG_FMT_JSON) return pg_json_write(f, t->rows);
    return pg_tab_write(f, t->tab, t->fmt, 0);
}

static void nt_free(numtab *t)
{
    pg_tab_free(t->tab);
    json_decref(t->rows);
}

/* Row id printed for frame row i: the 1-based dataset row when known, else the frame row. */
static void row_id(const pg_frame *fr, size_t i, char *buf, size_t len)
{
    const size_t *rows = pg_frame_rows(fr);
    snprintf(buf, len, "%zu", (rows ? rows[i] : i) + 1);
}

static int write_resid(FILE *f, const pg_frame *fr, const pg_cox *fit, pg_resid_type type,
                       pg_format fmt, pg_error *err)
{
    pg_cox_resid *r = NULL;
    int rc = pg_cox_residuals(fr, fit, &(pg_cox_resid_opts){.type = type}, &r, err);
    if (rc) return rc;
    int sch = type == PG_RESID_SCHOENFELD || type == PG_RESID_SCALED_SCHOENFELD;
    size_t ncol = 1 + (size_t)sch + r->ncol;
    const char **head = calloc(ncol, sizeof *head);
    double *v = calloc(ncol, sizeof *v);
    numtab t = {0};
    rc = PG_ENOMEM;
    if (!head || !v) goto done;
    head[0] = "row";
    if (sch) head[1] = "time";
    for (size_t j = 0; j < r->ncol; j++)
        head[1 + sch + j] = r->ncol == 1 && !sch && type != PG_RESID_SCORE &&
                                    type != PG_RESID_DFBETA
                                ? "residual"
                                : fit->colname[j];
    if ((rc = nt_init(&t, fmt, ncol, 1, head))) goto done;
    for (size_t i = 0; i < r->nrow && rc == PG_OK; i++) {
        char id[32];
        const char *text[1] = {id};
        row_id(fr, r->row ? r->row[i] : i, id, sizeof id);
        if (sch) v[0] = r->time ? r->time[i] : NAN;
        for (size_t j = 0; j < r->ncol; j++) v[sch + j] = r->value[i + j * r->nrow];
        rc = nt_row(&t, text, v);
    }
    if (rc == PG_OK) rc = nt_write(&t, f);
done:
    if (rc == PG_ENOMEM) pg_fail(err, rc, "cox: out of memory");
    if (rc == PG_EIO) pg_fail(err, rc, "cannot write the output");
    nt_free(&t);
    free(head);
    free(v);
    pg_cox_resid_free(r);
    return rc;
}

/* Survival curves (newdata) or the baseline hazard (basehaz: one zero row, R's column names). */
/* row_stratum (from newdata's strata() columns, pg_frame_newdata_strata) keeps each row's
 * curve in its own stratum only, as survfit.coxph; NULL predicts each row in every stratum. */
static int write_curves(FILE *f, const pg_frame *fr, const pg_cox *fit, const double *newx,
                        size_t m, const size_t *row_stratum, int basehaz, pg_format fmt,
                        pg_error *err)
{
    pg_cox_curves *cv = NULL;
    int rc = pg_cox_predict(fr, fit, newx, m, &cv, err);
    if (rc) return rc;
    static const char *h_new[] = {"newdata_row", "strata", "time", "n_risk", "n_event", "cumhaz",
                                  "surv", "std_err", "conf_low", "conf_high"};
    static const char *h_new1[] = {"newdata_row", "time", "n_risk", "n_event", "cumhaz", "surv",
                                   "std_err", "conf_low", "conf_high"};
    static const char *h_base[] = {"strata", "time", "hazard"};
    numtab t = {0};
    int strata = cv->n_strata > 1;
    if (basehaz)
        rc = nt_init(&t, fmt, strata ? 3 : 2, strata ? 1 : 0, strata ? h_base : h_base + 1);
    else if (strata) rc = nt_init(&t, fmt, 10, 2, h_new);
    else rc = nt_init(&t, fmt, 9, 1, h_new1);
    for (size_t c = 0; c < cv->n_curves && rc == PG_OK; c++) {
        char id[32];
        const char *sname = cv->strata_name && cv->stratum ? cv->strata_name[cv->stratum[c]] : "";
        size_t row = cv->newdata_row ? cv->newdata_row[c] : c;
        if (row_stratum && cv->stratum && cv->stratum[c] != row_stratum[row]) continue;
        snprintf(id, sizeof id, "%zu", row + 1);
        for (size_t k = cv->start[c]; k < cv->start[c + 1] && rc == PG_OK; k++) {
            if (basehaz) {
                double v[2] = {cv->time[k], cv->cumhaz[k]};
                const char *text[1] = {sname};
                rc = nt_row(&t, text, v);
            } else {
                double v[8] = {cv->time[k], cv->n_risk[k], cv->n_event[k], cv->cumhaz[k],
                               cv->surv[k], cv->std_err[k], cv->conf_low[k], cv->conf_high[k]};
                const char *text[2] = {id, sname};
                rc = nt_row(&t, text, v);
            }
        }
    }
    if (rc == PG_OK) rc = nt_write(&t, f);
    if (rc == PG_ENOMEM) pg_fail(err, rc, "cox: out of memory");
    if (rc == PG_EIO) pg_fail(err, rc, "cannot write the output");
    nt_free(&t);
    pg_cox_curves_free(cv);
    return rc;
}

static int write_lp(FILE *f, const pg_frame *fr, const pg_cox *fit, pg_format fmt, pg_error *err)
{
    static const char *head[] = {"row", "lp"};
    numtab t;
    int rc = nt_init(&t, fmt, 2, 1, head);
    for (size_t i = 0; i < fit->n && rc == PG_OK; i++) {
        char id[32];
        const char *text[1] = {id};
        row_id(fr, i, id, sizeof id);
        rc = nt_row(&t, text, &fit->linear_predictor[i]);
    }
    if (rc == PG_OK) rc = nt_write(&t, f);
    if (rc == PG_ENOMEM) pg_fail(err, rc, "cox: out of memory");
    if (rc == PG_EIO) pg_fail(err, rc, "cannot write the output");
    nt_free(&t);
    return rc;
}

typedef struct cox_args {
    pg_cox_opts co;
    pg_resid_type rtype;
    const char *newdata, *id, *weights;
    int basehaz, lp;
} cox_args;

static const cli_opt cox_opts[] = {
    {.name = "ties", .type = CLI_CHOICE, CLI_AT(cox_args, co.ties), .choices = &cli_ties,
     .def = "efron", .metavar = "T", .help = "handling of tied event times, as coxph's ties"},
    {.name = "robust", .type = CLI_FLAG, CLI_AT(cox_args, co.robust),
     .help = "robust (sandwich) variance, each row its own cluster; cluster(id) in the formula "
             "gives the clustered version"},
    {.name = "firth", .type = CLI_FLAG, CLI_AT(cox_args, co.firth),
     .help = "Firth's penalised partial likelihood (monotone likelihood, small series): "
             "profile-likelihood limits, penalised LR p-values"},
    {.name = "residuals", .type = CLI_CHOICE, CLI_AT(cox_args, rtype),
     .choices = &cli_resid_types, .metavar = "TYPE",
     .help = "write residuals of this type instead of the summary, one row per subject or "
             "event"},
    {.name = "newdata", .type = CLI_STRING, CLI_AT(cox_args, newdata), .metavar = "FILE",
     .help = "predicted survival curves for the covariate rows of FILE"},
    {.name = "basehaz", .type = CLI_FLAG, CLI_AT(cox_args, basehaz),
     .help = "baseline cumulative hazard at covariates 0 (R: basehaz(fit, centered = FALSE))"},
    {.name = "lp", .type = CLI_FLAG, CLI_AT(cox_args, lp),
     .help = "the linear predictor of each row (R: predict(fit, type = \"lp\"))"},
    {.name = "id", .type = CLI_STRING, CLI_AT(cox_args, id), .metavar = "COL",
     .help = "the subject of each row, for data with several rows per subject (R's id =): "
             "overlapping intervals of one subject are an error, the robust variance is by "
             "subject (the default when a subject has several events, as coxph)"},
    {.name = "weights", .type = CLI_STRING, CLI_AT(cox_args, weights), .metavar = "COL",
     .help = "case weights (R's weights =): the weighted partial likelihood; weights that are "
             "not whole numbers give the robust variance, as coxph; 0 drops the row"},
    {.name = NULL}};

const cli_cmd cli_cmd_cox = {
    .name = "cox",
    .summary = "Cox regression (Efron/Breslow/exact ties, strata, clusters, Firth)",
    .usage = "-f 'Surv(time, status) ~ x1 + x2 [+ strata(s)] [+ cluster(id)]' [OPTIONS] FILE...",
    .about = "Cox proportional-hazards regression as R's coxph and summary.coxph: "
             "coefficients, hazard ratios with confidence limits, likelihood-ratio, Wald and "
             "score tests, concordance.\n\n--residuals, --newdata, --basehaz and --lp write "
             "that table instead of the summary; they exclude each other.",
    .examples = "cox -f 'Surv(time, status == 2) ~ age + sex + ph.ecog' tests/data/lung.csv\n"
                "cox -f 'Surv(time, status) ~ rx + cluster(litter)' tests/data/rats.csv\n"
                "cox -f 'Surv(time, status) ~ x' --residuals dfbeta --format csv aml.csv",
    .common = CLI_C_ALL,
    .opts = cox_opts,
    .run = cmd_cox};

/* The table asked for, and the covariate rows it predicts at (newdata, basehaz). */
static int write_output(cli_common *c, const cox_args *a, const pg_frame *fr, const pg_cox *fit,
                        const double *newx, size_t m, const size_t *row_stratum,
                        pg_error *err)
{
    FILE *out;
    int rc, ex = cli_output_open(c, &out);
    if (ex) return ex;
    /* the key of the array in the JSON object (docs/json.md) */
    c->json->wrap = cli_given(c, "residuals") ? "residuals"
                    : !newx                   ? "lp"
                    : a->basehaz              ? "basehaz"
                                              : "curves";
    if (cli_given(c, "residuals")) {
        rc = write_resid(out, fr, fit, a->rtype, c->format, err);
    } else if (newx) {
        rc = write_curves(out, fr, fit, newx, m, row_stratum, a->basehaz, c->format, err);
    } else if (a->lp) {
        rc = write_lp(out, fr, fit, c->format, err);
    } else {
        rc = pg_render_cox(out, fit, c->format);
        if (rc) pg_fail(err, rc, "cannot write the output");
    }
    if (rc) cli_report(c, err);
    return cli_output_close(c, out, cli_exit_code(rc));
}

int cmd_cox(int argc, char **argv)
{
    cox_args a = {0};
    pg_cox_opts_init(&a.co);
    cli_common c;
    pg_dataset *ds = NULL, *nds = NULL;
    pg_frame *fr = NULL;
    pg_cox *fit = NULL;
    double *newx = NULL;
    size_t *row_stratum = NULL;
    size_t m = 0;
    pg_error err = {0};
    int rc, ex = cli_parse(&c, &cli_cmd_cox, &a, argc, argv);
    if (ex) goto done;
    /* each use counts: '--residuals martingale --residuals deviance' asks for two tables */
    if (cli_given(&c, "residuals") + cli_given(&c, "newdata") + cli_given(&c, "basehaz") +
            cli_given(&c, "lp") > 1) {
        cli_errorf(&c, 1, "--residuals, --newdata, --basehaz and --lp exclude each other");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    a.co.conf_level = c.conf_level;
    a.co.threads = c.threads;
    c.no_groups = 1;                    /* a Cox model has no use for survfit's groups */
    c.needed_only = 1;                  /* only the frame is used: read its columns */
    c.counting = 1;                     /* Surv(start, stop, event): cox_ag.c */
    c.id = a.id;
    c.weights = a.weights;
    if ((ex = cli_load(&c, &ds, &fr))) goto done;
    pg_dataset_free(ds);                /* the frame holds all the fit and output read */
    ds = NULL;
    if ((ex = cli_cox_fit(&c, fr, &a.co, &fit)) || (ex = cli_relabel_cox(&c, fr, fit))) goto done;
    if (a.newdata) {
        if ((rc = pg_dataset_read_csv(a.newdata, &c.csv, &nds, &err)) ||
            (rc = pg_frame_newdata(fr, nds, &newx, &m, &err)) ||
            (rc = pg_frame_newdata_strata(fr, nds, &row_stratum, &err))) {
            ex = cli_fail(&c, &err, rc);
            goto done;
        }
    } else if (a.basehaz) {
        m = 1;
        if (!(newx = calloc(fit->n_coef ? fit->n_coef : 1, sizeof *newx))) {
            cli_errorf(&c, 0, "out of memory");
            ex = PG_EXIT_ANALYSIS;
            goto done;
        }
    }
    ex = write_output(&c, &a, fr, fit, newx, m, row_stratum, &err);
done:
    free(newx);
    free(row_stratum);
    pg_cox_free(fit);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    pg_dataset_free(nds);
    return cli_done(&c, ex);
}
