/* meta.c -- `prognos meta`: pool study-level results (R: metafor::rma, rma.peto, confint,
 * predict, leave1out, regtest). One CSV row per study: a hazard (or other) ratio with its CI,
 * a log effect with its SE, or the log-rank O-E and V. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "env.h"
#include "render_meta.h"

typedef struct meta_args {
    pg_meta_opts o;
    const char *hr, *lower, *upper, *yi, *sei, *oe, *v, *study, *by, *plot, *script, *title;
    double ci_level;
    int loo, egger;
} meta_args;

static const char *const method_names[] = {"fe", "dl", "reml", "ml", "pm", "he", "sj", "peto",
                                           NULL};
static const cli_choices meta_methods = {method_names, pg_meta_method_parse};
static const char *const test_names[] = {"z", "knha", NULL};
static const cli_choices meta_tests = {test_names, pg_meta_test_parse};

static const cli_opt meta_opts[] = {
    {.name = "hr", .type = CLI_STRING, CLI_AT(meta_args, hr), .metavar = "COL",
     .help = "the column of hazard (or odds, risk) ratios; with --lower and --upper"},
    {.name = "lower", .type = CLI_STRING, CLI_AT(meta_args, lower), .metavar = "COL",
     .help = "the column of the ratios' lower confidence limits"},
    {.name = "upper", .type = CLI_STRING, CLI_AT(meta_args, upper), .metavar = "COL",
     .help = "the column of the ratios' upper confidence limits"},
    {.name = "ci-level", .type = CLI_DOUBLE, CLI_AT(meta_args, ci_level), CLI_OPEN(0, 1),
     .def = "0.95", .metavar = "P",
     .help = "the level of the published CIs in --lower/--upper (SE = log(upper/lower) / 2z)"},
    {.name = "yi", .type = CLI_STRING, CLI_AT(meta_args, yi), .metavar = "COL",
     .help = "the column of effects on their analysis scale (log HR); with --sei"},
    {.name = "sei", .type = CLI_STRING, CLI_AT(meta_args, sei), .metavar = "COL",
     .help = "the column of the effects' standard errors"},
    {.name = "oe", .type = CLI_STRING, CLI_AT(meta_args, oe), .metavar = "COL",
     .help = "the column of log-rank observed minus expected (Peto's method); with --v"},
    {.name = "v", .type = CLI_STRING, CLI_AT(meta_args, v), .metavar = "COL",
     .help = "the column of log-rank variances V"},
    {.name = "study", .type = CLI_STRING, CLI_AT(meta_args, study), .metavar = "COL",
     .help = "the column naming the studies (default: study 1, 2, ...); --label VAR=TEXT and "
             "--level label it and the --by column in the table"},
    {.name = "method", .type = CLI_CHOICE, CLI_AT(meta_args, o.method), .choices = &meta_methods,
     .metavar = "M",
     .help = "fe fixed effect, peto Peto's O-E/V, or tau^2 by dl DerSimonian-Laird, reml, ml, "
             "pm Paule-Mandel, he Hedges, sj Sidik-Jonkman (default reml; peto with --oe)"},
    {.name = "test", .type = CLI_CHOICE, CLI_AT(meta_args, o.test), .choices = &meta_tests,
     .def = "z", .metavar = "T",
     .help = "z tests, or knha Hartung-Knapp-Sidik-Jonkman t tests on k - 1 df"},
    {.name = "by", .type = CLI_STRING, CLI_AT(meta_args, by), .metavar = "COL",
     .help = "also pool within each subgroup of COL, with the test for subgroup differences"},
    {.name = "leave-one-out", .type = CLI_FLAG, CLI_AT(meta_args, loo),
     .help = "also pool without each study in turn (metafor leave1out)"},
    {.name = "egger", .type = CLI_FLAG, CLI_AT(meta_args, egger),
     .help = "Egger's regression test for funnel asymmetry (metafor regtest)"},
    {.name = "plot", .type = CLI_STRING, CLI_AT(meta_args, plot), .metavar = "KIND",
     .help = "draw the figure instead of the table: forest or funnel, into -o FILE (.png, "
             ".svg, .pdf, .eps) through gnuplot"},
    {.name = "script", .type = CLI_STRING, CLI_AT(meta_args, script), .metavar = "FILE",
     .help = "with --plot, also save the gnuplot script, data included ('-' prints it)"},
    {.name = "title", .type = CLI_STRING, CLI_AT(meta_args, title), .metavar = "TEXT",
     .help = "with --plot, a title above the figure"},
    {.name = NULL}};

const cli_cmd cli_cmd_meta = {
    .name = "meta",
    .summary = "meta-analysis of published hazard ratios, log effects or O-E/V",
    .usage = "(--hr COL --lower COL --upper COL | --yi COL --sei COL | --oe COL --v COL) "
             "[OPTIONS] FILE...",
    .about = "Pool one result per study (one CSV row each) by inverse variance, fixed or random "
             "effects, as R's metafor::rma: the pooled estimate with its test and CI, tau^2 and "
             "I^2 with Q-profile CIs, H^2, Cochran's Q, the prediction interval, the study "
             "weights; subgroups, leave-one-out and Egger's test on request. Ratios are pooled "
             "on the log scale and shown as ratios. Numbers agree with metafor to 1e-6.",
    .examples = "meta --hr hr --lower lo --upper hi --study study hrs.csv\n"
                "meta --yi yi --sei se --method dl --test knha --format json studies.csv\n"
                "meta --oe oe --v v --study trial --leave-one-out logrank_by_trial.csv",
    .common = CLI_C_ALL,
    .opts = meta_opts,
    .run = cmd_meta};

/* The study rows read from the dataset. */
typedef struct studies {
    size_t k;
    double *yi, *vi;
    char **labels;
    int *group;          /* --by level per study, or NULL */
} studies;

static void studies_free(studies *s)
{
    if (s->labels)
        for (size_t i = 0; i < s->k; i++) free(s->labels[i]);
    free(s->labels);
    free(s->yi);
    free(s->vi);
    free(s->group);
}

static const double *numeric_col(const pg_dataset *ds, const char *name, pg_error *err, int *rc)
{
    long j = pg_dataset_find(ds, name);
    if (j < 0) {
        *rc = pg_fail(err, PG_EINPUT, "no column '%s' in the input", name);
        return NULL;
    }
    const double *x = pg_dataset_numeric(ds, (size_t)j);
    if (!x) *rc = pg_fail(err, PG_EINPUT, "column '%s' is not numeric", name);
    return x;
}

/* "file:line: study 'X': msg" for a bad row. */
static int bad_row(const pg_dataset *ds, size_t row, const char *label, pg_error *err,
                   const char *what)
{
    return pg_fail_at(err, PG_EINPUT, pg_dataset_row_file(ds, row), pg_dataset_row_line(ds, row),
                      0, "study '%s': %s", label, what);
}

/* The label of row i: the --study column's value, or "study N". */
static char *row_label(const pg_dataset *ds, long col, size_t i)
{
    if (col < 0 || pg_dataset_is_missing(ds, (size_t)col, i)) return pg_strdup_printf("study %zu", i + 1);
    const int32_t *codes = pg_dataset_codes(ds, (size_t)col);
    if (codes) return pg_strdup(pg_dataset_level(ds, (size_t)col, (size_t)codes[i]));
    char b[64];
    const double *days = pg_dataset_dates(ds, (size_t)col);
    if (days) return pg_strdup(pg_date_format(b, sizeof b, days[i]));
    return pg_strdup(pg_format_r_num(b, sizeof b, pg_dataset_numeric(ds, (size_t)col)[i], 15));
}

/* One study's yi and vi from its row, by the input form; PG_OK or a located error. */
static int row_effect(const pg_dataset *ds, const double *const col[3], int form, double z,
                      size_t i, const char *label, double *yi, double *vi, pg_error *err)
{
    double a = col[0][i], b = col[1][i];
    if (isnan(a) || isnan(b) || (form == 0 && isnan(col[2][i])))
        return bad_row(ds, i, label, err, "a value is missing");
    if (form == 0) {
        double lo = b, hi = col[2][i];
        if (!(a > 0) || !(lo > 0) || !(hi > 0))
            return bad_row(ds, i, label, err, "a ratio or a limit is not positive");
        if (!(hi > lo)) return bad_row(ds, i, label, err, "the upper limit is not above the lower");
        if (!(lo <= a && a <= hi))
            return bad_row(ds, i, label, err, "the ratio is outside its confidence interval");
        double se = (log(hi) - log(lo)) / (2 * z);
        *yi = log(a), *vi = se * se;
    } else if (form == 1) {
        if (!(b > 0)) return bad_row(ds, i, label, err, "the standard error is not positive");
        *yi = a, *vi = b * b;
    } else {
        if (!(b > 0)) return bad_row(ds, i, label, err, "the variance V is not positive");
        *yi = a / b, *vi = 1 / b;   /* Peto: (O-E)/V with variance 1/V */
    }
    if (!isfinite(*yi) || !isfinite(*vi) || !(*vi > 0))
        return bad_row(ds, i, label, err, "the effect or its variance is not finite");
    return PG_OK;
}

static int read_studies(const pg_dataset *ds, const meta_args *a, int form, studies *s,
                        pg_error *err)
{
    int rc = PG_OK;
    const char *names[3][3] = {{a->hr, a->lower, a->upper}, {a->yi, a->sei, NULL},
                               {a->oe, a->v, NULL}};
    const double *col[3] = {NULL, NULL, NULL};
    for (int j = 0; j < 3 && names[form][j]; j++)
        if (!(col[j] = numeric_col(ds, names[form][j], err, &rc))) return rc;
    long lab = -1, by = -1;
    if (a->study && (lab = pg_dataset_find(ds, a->study)) < 0)
        return pg_fail(err, PG_EINPUT, "no column '%s' in the input", a->study);
    if (a->by && (by = pg_dataset_find(ds, a->by)) < 0)
        return pg_fail(err, PG_EINPUT, "no column '%s' in the input", a->by);
    if (by >= 0 && !pg_dataset_codes(ds, (size_t)by))
        return pg_fail(err, PG_EINPUT, "--by column '%s' is not categorical", a->by);
    size_t n = pg_dataset_nrow(ds);
    s->yi = pg_malloc_array(n ? n : 1, sizeof *s->yi);
    s->vi = pg_malloc_array(n ? n : 1, sizeof *s->vi);
    s->labels = pg_calloc_array(n ? n : 1, sizeof *s->labels);
    s->group = by >= 0 ? pg_malloc_array(n ? n : 1, sizeof *s->group) : NULL;
    if (!s->yi || !s->vi || !s->labels || (by >= 0 && !s->group))
        return pg_fail(err, PG_ENOMEM, "out of memory");
    double z = pg_z_two_sided(a->ci_level);
    for (size_t i = 0; i < n; i++) {
        s->k = i + 1;
        if (!(s->labels[i] = row_label(ds, lab, i))) return pg_fail(err, PG_ENOMEM, "out of memory");
        if ((rc = row_effect(ds, col, form, z, i, s->labels[i], &s->yi[i], &s->vi[i], err)))
            return rc;
        if (by >= 0) {
            s->group[i] = pg_dataset_codes(ds, (size_t)by)[i];
            if (s->group[i] < 0) return bad_row(ds, i, s->labels[i], err, "its --by value is missing");
        }
    }
    if (n == 0) return pg_fail(err, PG_EINPUT, "no studies in the input");
    return PG_OK;
}

/* Which input form the options give: 0 ratio + CI, 1 yi + sei, 2 O-E + V; -1 after an error. */
static int input_form(cli_common *c, meta_args *a)
{
    int ratio = a->hr || a->lower || a->upper, yi = a->yi || a->sei, peto = a->oe || a->v;
    if (ratio + yi + peto != 1) {
        cli_errorf(c, 1, "give one input: --hr/--lower/--upper, --yi/--sei or --oe/--v");
        return -1;
    }
    if ((ratio && !(a->hr && a->lower && a->upper)) || (yi && !(a->yi && a->sei)) ||
        (peto && !(a->oe && a->v))) {
        cli_errorf(c, 1, "%s", ratio ? "--hr needs --lower and --upper"
                               : yi  ? "--yi needs --sei" : "--oe needs --v");
        return -1;
    }
    int form = ratio ? 0 : yi ? 1 : 2;
    if (form == 2 && !cli_given(c, "method")) a->o.method = PG_META_PETO;
    if (form != 2 && a->o.method == PG_META_PETO) {
        cli_errorf(c, 1, "--method peto needs the log-rank --oe and --v");
        return -1;
    }
    return form;
}

/* Fits without one study each (loo) or of each --by subgroup (groups); NULL-safe free. */
static void fits_free(pg_meta **f, size_t n)
{
    if (!f) return;
    for (size_t i = 0; i < n; i++) pg_meta_free(f[i]);
    free(f);
}

/* Pool the studies i with keep(i) into *out. */
static int fit_subset(const studies *s, const pg_meta_opts *o, size_t skip, int group,
                      pg_meta **out, pg_error *err)
{
    double *y = pg_malloc_array(s->k, sizeof *y), *v = pg_malloc_array(s->k, sizeof *v);
    size_t m = 0;
    int rc;
    if (!y || !v) rc = pg_fail(err, PG_ENOMEM, "out of memory");
    else {
        for (size_t i = 0; i < s->k; i++) {
            if (i == skip || (group >= 0 && s->group[i] != group)) continue;
            y[m] = s->yi[i], v[m] = s->vi[i], m++;
        }
        rc = pg_meta_fit(y, v, m, o, out, err);
    }
    free(y);
    free(v);
    return rc;
}

static int fit_groups(const pg_dataset *ds, const meta_args *a, const studies *s,
                      pg_meta ***fits, const char ***names, size_t *ng, pg_error *err)
{
    size_t col = (size_t)pg_dataset_find(ds, a->by), nl = pg_dataset_nlevels(ds, col);
    *fits = pg_calloc_array(nl ? nl : 1, sizeof **fits);
    *names = pg_calloc_array(nl ? nl : 1, sizeof **names);
    if (!*fits || !*names) return pg_fail(err, PG_ENOMEM, "out of memory");
    for (size_t l = 0; l < nl; l++) {
        int any = 0;
        for (size_t i = 0; i < s->k; i++) any |= s->group[i] == (int)l;
        if (!any) continue;
        (*names)[*ng] = pg_dataset_level(ds, col, l);
        int rc = fit_subset(s, &a->o, SIZE_MAX, (int)l, &(*fits)[*ng], err);
        if (rc) return rc;
        ++*ng;
    }
    return PG_OK;
}

/* --label without '=' was meta's study column before --study: say so (before the labels are
 * read, whose message would be about a malformed label). */
static int old_label(cli_common *c)
{
    for (size_t k = 0; k < c->label.n; k++)
        if (!strchr(c->label.item[k], '=')) {
            cli_errorf(c, 1, "--label wants VAR=TEXT, not '%s'; use --study COL for the study "
                             "column", c->label.item[k]);
            return 1;
        }
    return 0;
}

/* The study names and subgroup names as the table and the figure show them: the --level
 * labels of the --study and --by columns (JSON and CSV keep the data's values). The names
 * are borrowed from s and c->labels. */
static int shown_names(const cli_common *c, const meta_args *a, const studies *s,
                       const char **gnames, size_t ng, const char ***shown)
{
    if (!(*shown = pg_calloc_array(s->k ? s->k : 1, sizeof **shown))) return PG_ENOMEM;
    int lab = cli_labelled_output(c) || a->plot;
    for (size_t i = 0; i < s->k; i++)
        (*shown)[i] = lab && a->study ? pg_labels_level(c->labels, a->study, s->labels[i])
                                      : s->labels[i];
    for (size_t g = 0; lab && g < ng; g++) gnames[g] = pg_labels_level(c->labels, a->by, gnames[g]);
    return PG_OK;
}

/* --plot: the forest or funnel figure of fit into -o through gnuplot (and --script). */
static int draw(cli_common *c, const meta_args *a, const pg_meta *fit, const char *const *labels,
                int ratio)
{
    int is_funnel = strcmp(a->plot, "funnel") == 0;
    if (!is_funnel && strcmp(a->plot, "forest") != 0) {
        cli_errorf(c, 1, "--plot wants forest or funnel, not '%s'", a->plot);
        return PG_EXIT_USAGE;
    }
    if (!c->output || strcmp(c->output, "-") == 0 ||
        pg_plot_terminal_for(c->output) == PG_PLOT_AUTO) {
        cli_errorf(c, 1, "--plot needs the image file with -o (fig.png, .svg, .pdf or .eps)");
        return PG_EXIT_USAGE;
    }
    pg_plot_opts po;
    pg_plot_opts_init(&po);
    po.output = c->output;
    po.title = a->title;
    po.gnuplot = cli_gnuplot();
    po.lang = (pg_lang)c->lang;
    pg_error err = {0};
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) {
        cli_errorf(c, 0, "out of memory");
        return PG_EXIT_ANALYSIS;
    }
    int rc = pg_plot_meta_script(mem, fit, labels, ratio, is_funnel, &po, &err), ex;
    if (fclose(mem) != 0 && rc == PG_OK) rc = pg_fail(&err, PG_ENOMEM, "out of memory");
    if (rc) ex = cli_fail(c, &err, rc);
    else if (a->script && (ex = cli_save_script(c, a->script, buf, len))) {
    } else if ((rc = pg_plot_run(buf, len, &po, &err))) ex = cli_fail(c, &err, rc);
    else ex = PG_EXIT_OK;
    free(buf);
    return ex;
}

int cmd_meta(int argc, char **argv)
{
    meta_args a = {0};
    pg_meta_opts_init(&a.o);
    cli_common c;
    pg_dataset *ds = NULL;
    studies s = {0};
    pg_meta *fit = NULL, **groups = NULL, **loo = NULL;
    const char **gnames = NULL, **shown = NULL;
    size_t ng = 0;
    pg_error err = {0};
    FILE *out = NULL;
    pg_meta_egger eg;
    int rc = PG_OK, ex = cli_parse(&c, &cli_cmd_meta, &a, argc, argv), form;
    if (ex) goto done;
    if (c.formula || c.where) {
        cli_errorf(&c, 1, "meta takes study columns (--hr, --yi, --oe), not -f or --where");
        ex = PG_EXIT_USAGE;
        goto done;
    }
    if (old_label(&c) || (form = input_form(&c, &a)) < 0) {
        ex = PG_EXIT_USAGE;
        goto done;
    }
    a.o.conf_level = c.conf_level;
    /* the labels once more: a plan's shared data skips cli_read's own (as cli_load does) */
    if ((ex = cli_read(&c, &ds)) || (ex = cli_labels(&c, ds, NULL))) goto done;
    if ((rc = read_studies(ds, &a, form, &s, &err)) ||
        (rc = pg_meta_fit(s.yi, s.vi, s.k, &a.o, &fit, &err)))
        goto fail;
    int lab = cli_labelled_output(&c) || a.plot;
    pg_meta_report r = {.fit = fit, .labels = (const char *const *)s.labels,
                        .ratio = form == 0, .lang = (pg_lang)c.lang,
                        .measure = form == 0 ? (lab ? pg_labels_var(c.labels, a.hr) : a.hr) : NULL,
                        .by_name = a.by && lab ? pg_labels_var(c.labels, a.by) : a.by};
    if (a.by) {
        if ((rc = fit_groups(ds, &a, &s, &groups, &gnames, &ng, &err)) ||
            (rc = pg_meta_subgroup_q((const pg_meta *const *)groups, ng, &r.q_between,
                                     &r.q_between_df, &r.q_between_p, &err)))
            goto fail;
        r.n_groups = ng;
        r.group_names = gnames;
        r.groups = (const pg_meta *const *)groups;
    }
    if (a.loo) {
        if (s.k < 2) {
            rc = pg_fail(&err, PG_EANALYSIS, "leave-one-out needs at least 2 studies");
            goto fail;
        }
        if (!(loo = pg_calloc_array(s.k, sizeof *loo))) {
            rc = pg_fail(&err, PG_ENOMEM, "out of memory");
            goto fail;
        }
        for (size_t i = 0; i < s.k; i++)
            if ((rc = fit_subset(&s, &a.o, i, -1, &loo[i], &err))) goto fail;
        r.loo = (const pg_meta *const *)loo;
    }
    if (shown_names(&c, &a, &s, gnames, ng, &shown)) {
        rc = pg_fail(&err, PG_ENOMEM, "out of memory");
        goto fail;
    }
    r.labels = shown;
    if (a.egger) {
        if ((rc = pg_meta_egger_test(s.yi, s.vi, s.k, &a.o, &eg.stat, &eg.df, &eg.p, &eg.limit,
                                     &eg.limit_low, &eg.limit_high, &err)))
            goto fail;
        r.egger = &eg;
    }
    if (a.plot) {
        ex = draw(&c, &a, fit, r.labels, r.ratio);
        goto done;
    }
    if ((ex = cli_output_open(&c, &out))) goto done;
    rc = pg_meta_render(out, &r, c.format);
    if (rc) cli_errorf(&c, 0, "cannot write the result%s", rc == PG_ENOMEM ? ": out of memory" : "");
    ex = cli_output_close(&c, out, cli_exit_code(rc));
    goto done;
fail:
    ex = cli_fail(&c, &err, rc);
done:
    fits_free(loo, s.k);
    fits_free(groups, ng);
    free(gnames);
    free(shown);
    pg_meta_free(fit);
    studies_free(&s);
    pg_dataset_free(ds);
    return cli_done(&c, ex);
}
