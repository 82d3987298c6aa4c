/* cox.c -- `prognos cox`: Cox proportional-hazards regression (R: coxph, summary.coxph), with
 * residuals, predicted survival curves, the baseline hazard and the linear predictor. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "render_cox.h"

static const char help[] =
    "usage: prognos cox -f 'Surv(time, status) ~ x1 + x2 [+ strata(s)] [+ cluster(id)]' FILE...\n\n"
    "Cox proportional-hazards regression as R's coxph and summary.coxph: coefficients, hazard\n"
    "ratios with confidence limits, likelihood-ratio, Wald and score tests, concordance.\n\n"
    "  --ties T              efron (default, as R), breslow or exact\n"
    "  --robust              robust (sandwich) variance, each row its own cluster; cluster(id)\n"
    "                        in the formula gives the clustered version\n"
    "  --firth               Firth's penalised partial likelihood (monotone likelihood, small\n"
    "                        series): profile-likelihood limits, penalised LR p-values\n"
    "  --residuals TYPE      write residuals instead of the summary, one row per subject (or\n"
    "                        event): martingale, deviance, score, schoenfeld, scaledsch, dfbeta\n"
    "  --newdata FILE        predicted survival curves for the covariate rows of FILE\n"
    "  --basehaz             baseline cumulative hazard at covariates 0 (R: basehaz(fit,\n"
    "                        centered = FALSE))\n"
    "  --lp                  the linear predictor of each row (R: predict(fit, type = \"lp\"))\n";

enum { OPT_TIES = CLI_OPT_FIRST_FREE, OPT_ROBUST, OPT_FIRTH, OPT_RESID, OPT_NEWDATA, OPT_BASEHAZ,
       OPT_LP };

typedef enum { OUT_SUMMARY = 0, OUT_RESID, OUT_NEWDATA, OUT_BASEHAZ, OUT_LP } out_kind;

static int resid_parse(const char *s, pg_resid_type *t)
{
    static const struct { const char *name; pg_resid_type type; } names[] = {
        {"martingale", PG_RESID_MARTINGALE}, {"deviance", PG_RESID_DEVIANCE},
        {"score", PG_RESID_SCORE}, {"schoenfeld", PG_RESID_SCHOENFELD},
        {"scaledsch", PG_RESID_SCALED_SCHOENFELD}, {"dfbeta", PG_RESID_DFBETA}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            *t = names[i].type;
            return PG_OK;
        }
    return PG_EINPUT;
}

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
static int write_curves(FILE *f, const pg_frame *fr, const pg_cox *fit, const double *newx,
                        size_t m, int basehaz, pg_format fmt, pg_error *err)
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
        snprintf(id, sizeof id, "%zu", (cv->newdata_row ? cv->newdata_row[c] : c) + 1);
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

int cmd_cox(int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_COMMON_LONGOPTS,
        {"ties", required_argument, NULL, OPT_TIES},
        {"robust", no_argument, NULL, OPT_ROBUST},
        {"firth", no_argument, NULL, OPT_FIRTH},
        {"residuals", required_argument, NULL, OPT_RESID},
        {"newdata", required_argument, NULL, OPT_NEWDATA},
        {"basehaz", no_argument, NULL, OPT_BASEHAZ},
        {"lp", no_argument, NULL, OPT_LP},
        {NULL, 0, NULL, 0}};
    cli_common c;
    cli_init(&c, "cox");
    pg_cox_opts co;
    pg_cox_opts_init(&co);
    out_kind kind = OUT_SUMMARY;
    int nkind = 0;
    pg_resid_type rtype = PG_RESID_MARTINGALE;
    const char *newdata = NULL;
    int opt, ex = PG_EXIT_OK;
    optind = 1;
    opterr = 0;
    while (ex == PG_EXIT_OK &&
           (opt = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, opts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            fputs(help, stdout);
            fputs(cli_common_help, stdout);
            cli_free(&c);
            return PG_EXIT_OK;
        case OPT_TIES:
            if (pg_cox_ties_parse(optarg, &co.ties)) {
                cli_errorf(&c, 1, "--ties must be efron, breslow or exact, not '%s'", optarg);
                ex = PG_EXIT_USAGE;
            }
            break;
        case OPT_ROBUST: co.robust = 1; break;
        case OPT_FIRTH: co.firth = 1; break;
        case OPT_RESID:
            if (resid_parse(optarg, &rtype)) {
                cli_errorf(&c, 1, "unknown residual type '%s' (use martingale, deviance, score, "
                                  "schoenfeld, scaledsch or dfbeta)", optarg);
                ex = PG_EXIT_USAGE;
            }
            kind = OUT_RESID;
            nkind++;
            break;
        case OPT_NEWDATA:
            newdata = optarg;
            kind = OUT_NEWDATA;
            nkind++;
            break;
        case OPT_BASEHAZ:
            kind = OUT_BASEHAZ;
            nkind++;
            break;
        case OPT_LP:
            kind = OUT_LP;
            nkind++;
            break;
        default:
            ex = cli_common_option(&c, opt, optarg, argc, argv);
        }
    }
    if (ex == PG_EXIT_OK && nkind > 1) {
        cli_errorf(&c, 1, "--residuals, --newdata, --basehaz and --lp exclude each other");
        ex = PG_EXIT_USAGE;
    }
    if (ex == PG_EXIT_OK) ex = cli_files(&c, argc, argv, optind);
    co.conf_level = c.conf_level;

    pg_dataset *ds = NULL, *nds = NULL;
    pg_frame *fr = NULL;
    pg_cox *fit = NULL;
    double *newx = NULL;
    size_t m = 0;
    pg_error err = {0};
    c.no_groups = 1;                    /* a Cox model has no use for survfit's groups */
    if (ex == PG_EXIT_OK) ex = cli_load(&c, &ds, &fr);
    if (ex == PG_EXIT_OK) {
        int rc = pg_cox_fit(fr, &co, &fit, &err);
        if (rc) {
            cli_report(&c, &err);
            ex = cli_exit_code(rc);
        }
    }
    if (ex == PG_EXIT_OK)
        for (size_t k = 0; k < fit->n_warnings; k++)
            fprintf(stderr, "prognos cox: warning: %s\n", fit->warnings[k]);
    if (ex == PG_EXIT_OK && kind == OUT_NEWDATA) {
        int rc = pg_dataset_read_csv(newdata, &c.csv, &nds, &err);
        if (rc == PG_OK) rc = pg_frame_newdata(fr, nds, &newx, &m, &err);
        if (rc) {
            cli_report(&c, &err);
            ex = cli_exit_code(rc);
        }
    }
    if (ex == PG_EXIT_OK && kind == OUT_BASEHAZ) {
        m = 1;
        newx = calloc(fit->n_coef ? fit->n_coef : 1, sizeof *newx);
        if (!newx) {
            cli_errorf(&c, 0, "out of memory");
            ex = PG_EXIT_ANALYSIS;
        }
    }
    if (ex == PG_EXIT_OK) {
        FILE *out;
        ex = cli_output_open(&c, &out);
        if (ex == PG_EXIT_OK) {
            int rc;
            switch (kind) {
            case OUT_RESID: rc = write_resid(out, fr, fit, rtype, c.format, &err); break;
            case OUT_NEWDATA:
            case OUT_BASEHAZ:
                rc = write_curves(out, fr, fit, newx, m, kind == OUT_BASEHAZ, c.format, &err);
                break;
            case OUT_LP: rc = write_lp(out, fr, fit, c.format, &err); break;
            default:
                rc = pg_render_cox(out, fit, c.format);
                if (rc) pg_fail(&err, rc, "cannot write the output");
            }
            if (rc) cli_report(&c, &err);
            ex = cli_output_close(&c, out, rc ? cli_exit_code(rc) : PG_EXIT_OK);
        }
    }
    free(newx);
    pg_cox_free(fit);
    pg_frame_free(fr);
    pg_dataset_free(ds);
    pg_dataset_free(nds);
    cli_free(&c);
    return ex;
}
