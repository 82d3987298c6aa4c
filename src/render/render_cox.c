/* render_cox.c -- a Cox fit in the shape of R's print(summary(coxph)), and as CSV, JSON, md. */
#include "render_cox.h"
#include "prognos/format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A test statistic as print.summary.coxph writes it: format(round(x, 2)) under
 * options(digits = 4), i.e. two decimals at most and four significant digits. */
static char *round2(char *buf, size_t len, double x)
{
    return pg_format_r_num(buf, len, isnan(x) ? x : round(x * 100) / 100, 4);
}

static const char *stars(double p)
{
    if (isnan(p)) return "";
    if (p < 0.001) return "***";
    if (p < 0.01) return "**";
    if (p < 0.05) return "*";
    if (p < 0.1) return ".";
    return "";
}

/* One line of a text table: name left-aligned to wn, then right-aligned cells. */
typedef struct col {
    const char *head;
    char (*cell)[40];
} col;

static void write_text_table(FILE *f, const pg_cox *fit, const col *cols, size_t nc,
                             const char *const *extra)
{
    /* widths in display columns (pg_text_width): an accented name is narrower than its bytes */
    size_t wn = 0;
    for (size_t j = 0; j < fit->n_coef; j++)
        if (pg_text_width(fit->colname[j]) > wn) wn = pg_text_width(fit->colname[j]);
    size_t *w = pg_calloc_array(nc ? nc : 1, sizeof *w);
    if (!w) return;
    for (size_t c = 0; c < nc; c++) {
        w[c] = pg_text_width(cols[c].head);
        for (size_t j = 0; j < fit->n_coef; j++)
            if (pg_text_width(cols[c].cell[j]) > w[c]) w[c] = pg_text_width(cols[c].cell[j]);
    }
    fprintf(f, "%-*s", (int)wn, "");
    for (size_t c = 0; c < nc; c++) {
        fputc(' ', f);
        pg_fput_padded(f, cols[c].head, w[c], 0);
    }
    size_t ws = 0;   /* the stars column is as wide as its widest entry, as R prints it */
    for (size_t j = 0; extra && j < fit->n_coef; j++)
        if (strlen(extra[j]) > ws) ws = strlen(extra[j]);
    if (extra) fprintf(f, " %*s", (int)ws, "");
    fputc('\n', f);
    for (size_t j = 0; j < fit->n_coef; j++) {
        pg_fput_padded(f, fit->colname[j], wn, 1);
        for (size_t c = 0; c < nc; c++) {
            fputc(' ', f);
            pg_fput_padded(f, cols[c].cell[j], w[c], 0);
        }
        if (extra) fprintf(f, " %-*s", (int)ws, extra[j]);
        fputc('\n', f);
    }
    free(w);
}

static int render_text(FILE *f, const pg_cox *fit)
{
    size_t p = fit->n_coef;
    int robust = fit->robust_se != NULL;
    char(*b)[40] = pg_calloc_array(10 * (p ? p : 1), sizeof *b);
    double *v = pg_calloc_array(4 * (p ? p : 1), sizeof *v);
    const char **st = pg_calloc_array(p ? p : 1, sizeof *st);
    if (!b || !v || !st) {
        free(b);
        free(v);
        free(st);
        return PG_ENOMEM;
    }
    char(*c_coef)[40] = b, (*c_hr)[40] = b + p, (*c_se)[40] = b + 2 * p,
        (*c_rse)[40] = b + 3 * p, (*c_z)[40] = b + 4 * p, (*c_p)[40] = b + 5 * p,
        (*c_ihr)[40] = b + 6 * p, (*c_lo)[40] = b + 7 * p, (*c_hi)[40] = b + 8 * p;
    char t1[64], t2[64];

    if (fit->firth)
        fprintf(f, "Firth's penalised partial likelihood (Heinze & Schemper 2001): "
                   "profile-likelihood limits,\npenalised likelihood-ratio p-values\n\n");
    fprintf(f, "  n= %zu, number of events= %zu \n", fit->n, fit->events);
    if (fit->dropped)
        fprintf(f, "   (%zu observation%s deleted due to missingness)\n", fit->dropped,
                fit->dropped == 1 ? "" : "s");
    fputc('\n', f);

    /* coef, exp(coef), se(coef) [, robust se] formatted together, as printCoefmat */
    size_t nb = robust ? 4 : 3;
    for (size_t j = 0; j < p; j++) {
        v[j] = fit->coef[j];
        v[p + j] = exp(fit->coef[j]);
        v[2 * p + j] = fit->aliased[j] ? 0 : fit->std_err[j];
        if (robust) v[3 * p + j] = fit->aliased[j] ? 0 : fit->robust_se[j];
    }
    pg_format_r_vector(v, nb * p, 4, 0, b);
    double *zr = pg_malloc_array(p ? p : 1, sizeof *zr);
    if (!zr) {
        free(b);
        free(v);
        free(st);
        return PG_ENOMEM;
    }
    for (size_t j = 0; j < p; j++) zr[j] = isnan(fit->z[j]) ? NAN : round(fit->z[j] * 1e3) / 1e3;
    pg_format_r_vector(zr, p, 4, 0, c_z);
    pg_format_r_pval(fit->p, p, 3, c_p);
    int anystar = 0;
    for (size_t j = 0; j < p; j++) {
        st[j] = stars(fit->p[j]);
        if (*st[j]) anystar = 1;
    }
    col cols[6];
    size_t nc = 0;
    cols[nc++] = (col){"coef", c_coef};
    cols[nc++] = (col){"exp(coef)", c_hr};
    cols[nc++] = (col){"se(coef)", c_se};
    if (robust) cols[nc++] = (col){"robust se", c_rse};
    cols[nc++] = (col){"z", c_z};
    cols[nc++] = (col){fit->firth ? "p" : "Pr(>|z|)", c_p};
    write_text_table(f, fit, cols, nc, anystar ? st : NULL);
    if (anystar)
        fprintf(f, "---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n");
    fputc('\n', f);

    /* exp(coef), exp(-coef), lower, upper: each column formatted on its own */
    for (size_t j = 0; j < p; j++) {
        v[j] = exp(fit->coef[j]);
        v[p + j] = exp(-fit->coef[j]);
        v[2 * p + j] = fit->conf_low[j];
        v[3 * p + j] = fit->conf_high[j];
    }
    pg_format_r_vector(v, p, 4, 0, c_hr);
    pg_format_r_vector(v + p, p, 4, 0, c_ihr);
    pg_format_r_vector(v + 2 * p, p, 4, 0, c_lo);
    pg_format_r_vector(v + 3 * p, p, 4, 0, c_hi);
    char hlo[96], hhi[96];
    double pct = 100 * fit->conf_level;
    pg_fmt_num(t1, sizeof t1, round(pct * 100) / 100, 15);
    snprintf(hlo, sizeof hlo, "lower .%s", t1);
    snprintf(hhi, sizeof hhi, "upper .%s", t1);
    col ci[4] = {{"exp(coef)", c_hr}, {"exp(-coef)", c_ihr}, {hlo, c_lo}, {hhi, c_hi}};
    write_text_table(f, fit, ci, 4, NULL);
    fputc('\n', f);

    if (!isnan(fit->concordance)) {
        double c3 = round(fit->concordance * 1e3) / 1e3;
        double s3 = round(fit->concordance_se * 1e3) / 1e3;
        fprintf(f, "Concordance= %s  (se = %s )\n", pg_fmt_num(t1, sizeof t1, c3, 7),
                pg_fmt_num(t2, sizeof t2, s3, 7));
    }
    const char *lab[3] = {"Likelihood ratio test", "Wald test            ",
                          "Score (logrank) test "};
    const pg_test *tt[3] = {&fit->lr, &fit->wald, &fit->score};
    for (int k = 0; k < 3; k++) {   /* p as format.pval(p, digits = 1) */
        char df[32];
        fprintf(f, "%s= %s  on %s df,   p=%s", lab[k], round2(t1, sizeof t1, tt[k]->statistic),
                pg_fmt_num(df, sizeof df, tt[k]->df, 15), pg_fmt_p(t2, sizeof t2, tt[k]->p, 1));
        if (k == 0 && fit->firth) fputs("   (penalised)", f);
        if (k < 2) fputc('\n', f);
    }
    if (robust && !isnan(fit->robust_score.statistic))
        fprintf(f, ",   Robust = %s  p=%s\n\n", round2(t1, sizeof t1, fit->robust_score.statistic),
                pg_fmt_p(t2, sizeof t2, fit->robust_score.p, 1));
    else
        fprintf(f, "\n\n");
    if (robust)
        fprintf(f, "  (Note: the likelihood ratio and score tests assume independence of\n"
                   "     observations within a cluster, the Wald and robust score tests do "
                   "not).\n");
    free(zr);
    free(b);
    free(v);
    free(st);
    return ferror(f) ? PG_EIO : PG_OK;
}

/* The coefficient table with full precision (csv) or R's display digits (md). */
static int render_table(FILE *f, const pg_cox *fit, pg_format fmt)
{
    static const char *const head[] = {"term", "coef", "hr", "std_err", "robust_se", "z", "p",
                                       "conf_low", "conf_high"};
    static const char *const head_md[] = {"term", "coef", "HR", "se", "z", "p", "lower", "upper"};
    /* Markdown is for reading: no robust column without a robust variance */
    int skip_rse = fmt == PG_FMT_MD && !fit->robust_se;
    char hl[32], hu[32];
    const char *hm[9];
    if (fmt == PG_FMT_MD) {
        char pct[16];
        pg_fmt_num(pct, sizeof pct, round(fit->conf_level * 1e4) / 1e2, 15);
        snprintf(hl, sizeof hl, "lower %s%%", pct);
        snprintf(hu, sizeof hu, "upper %s%%", pct);
        size_t k = 0;
        for (size_t i = 0; i < 8; i++) {
            hm[k++] = i == 6 ? hl : i == 7 ? hu : head_md[i];
            if (i == 3 && !skip_rse) hm[k++] = "robust se";
        }
    }
    pg_tab *t = pg_tab_new(skip_rse ? 8 : 9, fmt == PG_FMT_MD ? hm : head);
    if (!t) return PG_ENOMEM;
    pg_tab_left(t, 0);
    int digits = fmt == PG_FMT_CSV ? 0 : 4;
    int rc = PG_OK;
    for (size_t j = 0; j < fit->n_coef && rc == PG_OK; j++) {
        char c[8][40];
        double v[8] = {fit->coef[j], exp(fit->coef[j]), fit->std_err[j],
                       fit->robust_se ? fit->robust_se[j] : NAN, fit->z[j], fit->p[j],
                       fit->conf_low[j], fit->conf_high[j]};
        for (int k = 0; k < 8; k++) {
            if (k == 5 && digits) pg_fmt_p(c[k], 40, v[k], 3);
            else pg_fmt_num(c[k], 40, v[k], digits);
            if (fmt == PG_FMT_CSV && isnan(v[k])) c[k][0] = '\0';
        }
        const char *row[9] = {fit->colname[j], c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]};
        if (skip_rse) memmove(row + 4, row + 5, 4 * sizeof *row);
        rc = pg_tab_row(t, row);
    }
    if (rc == PG_OK) rc = pg_tab_write(f, t, fmt, 0);
    pg_tab_free(t);
    return rc;
}

static int render_md(FILE *f, const pg_cox *fit)
{
    char a[64], b[64], c[64];
    fprintf(f, "**Cox proportional hazards%s** (ties: %s) - n = %zu, events = %zu",
            fit->firth ? ", Firth's penalised likelihood" : "", pg_cox_ties_name(fit->ties), fit->n,
            fit->events);
    if (fit->dropped) fprintf(f, " (%zu deleted due to missingness)", fit->dropped);
    fprintf(f, "\n\n");
    int rc = render_table(f, fit, PG_FMT_MD);
    if (rc) return rc;
    fprintf(f, "\n| test | statistic | df | p |\n|:--|--:|--:|--:|\n");
    const char *lab[4] = {"likelihood ratio", "Wald", "score (log-rank)", "robust score"};
    const pg_test *tt[4] = {&fit->lr, &fit->wald, &fit->score, &fit->robust_score};
    for (int k = 0; k < 4; k++) {
        if (k == 3 && isnan(tt[k]->statistic)) continue;
        fprintf(f, "| %s | %s | %s | %s |\n", lab[k], pg_fmt_num(a, sizeof a, tt[k]->statistic, 4),
                pg_fmt_num(b, sizeof b, tt[k]->df, 4), pg_fmt_p(c, sizeof c, tt[k]->p, 3));
    }
    fprintf(f, "\nConcordance = %s (se = %s)\n", pg_fmt_num(a, sizeof a, fit->concordance, 3),
            pg_fmt_num(b, sizeof b, fit->concordance_se, 2));
    for (size_t k = 0; k < fit->n_warnings; k++) fprintf(f, "\n> Warning: %s\n", fit->warnings[k]);
    return ferror(f) ? PG_EIO : PG_OK;
}

static json_t *json_test(const pg_test *t)
{
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "statistic", pg_json_num(t->statistic));
    json_object_set_new(o, "df", isfinite(t->df) ? json_integer((json_int_t)t->df) : json_null());
    json_object_set_new(o, "p", pg_json_num(t->p));
    return o;
}

static int render_json(FILE *f, const pg_cox *fit)
{
    json_t *root = json_object(), *ll = json_object(), *coefs = json_array();
    json_t *tests = json_object(),
           *conc = json_object(), *warn = json_array(), *drop = json_object();
    int rc = PG_ENOMEM;
    if (!root || !ll || !coefs || !tests || !conc || !warn || !drop) goto done;
    json_object_set_new(root, "n", json_integer((json_int_t)fit->n));
    if (fit->n_id) json_object_set_new(root, "n_id", json_integer((json_int_t)fit->n_id));
    json_object_set_new(root, "events", json_integer((json_int_t)fit->events));
    json_object_set_new(root, "ties", json_string(pg_cox_ties_name(fit->ties)));
    json_object_set_new(root, "iterations", json_integer(fit->iterations));
    json_object_set_new(root, "converged", json_boolean(fit->converged));
    json_object_set_new(root, "method", json_string(fit->firth ? "firth" : "partial-likelihood"));
    json_object_set_new(root, "conf_level", pg_json_num(fit->conf_level));
    json_object_set_new(ll, "null", pg_json_num(fit->loglik_null));
    json_object_set_new(ll, "final", pg_json_num(fit->loglik_final));
    json_object_set_new(root, "loglik", ll);
    ll = NULL;
    for (size_t j = 0; j < fit->n_coef; j++) {
        double v[7] = {fit->coef[j], exp(fit->coef[j]), fit->std_err[j], fit->z[j], fit->p[j],
                       fit->conf_low[j], fit->conf_high[j]};
        json_t *c = pg_json_coef(fit->colname[j], v, "robust_se",
                                 fit->robust_se ? fit->robust_se[j] : NAN);
        if (!c) goto done;
        json_array_append_new(coefs, c);
    }
    json_object_set_new(root, "coefficients", coefs);
    coefs = NULL;
    json_object_set_new(tests, "likelihood_ratio", json_test(&fit->lr));
    json_object_set_new(tests, "wald", json_test(&fit->wald));
    json_object_set_new(tests, "score", json_test(&fit->score));
    json_object_set_new(tests, "robust_score", json_test(&fit->robust_score));
    json_object_set_new(root, "tests", tests);
    tests = NULL;
    json_object_set_new(conc, "estimate", pg_json_num(fit->concordance));
    json_object_set_new(conc, "std_err", pg_json_num(fit->concordance_se));
    json_object_set_new(root, "concordance", conc);
    conc = NULL;
    for (size_t k = 0; k < fit->n_warnings; k++)
        json_array_append_new(warn, json_string(fit->warnings[k]));
    json_object_set_new(root, "warnings", warn);
    warn = NULL;
    json_object_set_new(drop, "missing", json_integer((json_int_t)fit->dropped));
    json_object_set_new(root, "dropped", drop);
    drop = NULL;
    rc = pg_json_write(f, root);
done:
    json_decref(root);
    json_decref(ll);
    json_decref(coefs);
    json_decref(tests);
    json_decref(conc);
    json_decref(warn);
    json_decref(drop);
    return rc;
}

int pg_render_cox(FILE *f, const pg_cox *fit, pg_format fmt)
{
    switch (fmt) {
    case PG_FMT_CSV: return render_table(f, fit, PG_FMT_CSV);
    case PG_FMT_JSON: return render_json(f, fit);
    case PG_FMT_MD: return render_md(f, fit);
    default: return render_text(f, fit);
    }
}
