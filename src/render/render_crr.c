/* render_crr.c -- a Fine-Gray fit in the shape of R's print(summary(crr)), and as CSV, JSON,
 * Markdown; predicted cumulative incidence as a table. */
#include "render_crr.h"
#include "prognos/format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* "a, b, c" of n names into buf ("none" when n = 0). */
static const char *join(char *buf, size_t len, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n && used < len; k++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", k ? ", " : "", names[k]);
    if (n == 0) snprintf(buf, len, "none");
    return buf;
}

/* One matrix as R prints it: row names left-aligned under a blank header, then the columns,
 * each formatted on its own (format(col, digits = 3)). cols[c] holds p cells. */
static int write_matrix(FILE *f, const pg_crr *fit, const char *const *head, size_t nc,
                        char (*cells)[PG_FORMAT_CELL])
{
    size_t p = fit->n_coef;
    const char **h = pg_calloc_array(nc + 1, sizeof *h);
    const char **row = pg_calloc_array(nc + 1, sizeof *row);
    pg_tab *t = h && row ? (h[0] = "", memcpy(h + 1, head, nc * sizeof *h),
                            pg_tab_new(nc + 1, h))
                         : NULL;
    int rc = t ? PG_OK : PG_ENOMEM;
    if (t) pg_tab_left(t, 0);
    for (size_t j = 0; j < p && rc == PG_OK; j++) {
        row[0] = fit->colname[j];
        for (size_t c = 0; c < nc; c++) row[c + 1] = cells[c * p + j];
        rc = pg_tab_row(t, row);
    }
    if (rc == PG_OK) rc = pg_tab_write(f, t, PG_FMT_TEXT, 0);
    pg_tab_free(t);
    free(h);
    free(row);
    return rc;
}

static void header_lines(FILE *f, const pg_crr *fit, const pg_crr_labels *lab)
{
    char comp[512], cens[512];
    fprintf(f, "Competing Risks Regression (Fine-Gray subdistribution hazards)\n\n");
    if (lab && lab->cause)
        fprintf(f, "Cause of interest: %s; competing: %s; censored: %s\n\n", lab->cause,
                join(comp, sizeof comp, lab->competing, lab->n_competing),
                join(cens, sizeof cens, lab->censor, lab->n_censor));
    fprintf(f, "  n= %zu, events= %zu, competing events= %zu, censored= %zu\n", fit->n,
            fit->events, fit->competing, fit->censored);
    if (lab && lab->dropped)
        fprintf(f, "   (%zu observation%s deleted due to missingness)\n", lab->dropped,
                lab->dropped == 1 ? "" : "s");
    fputc('\n', f);
}

/*
 * print.summary.crr under its digits = 3: the table coef, exp(coef), se(coef), z, p-value
 * (signif(p, 2)), each column formatted on its own; then exp(coef), exp(-coef) and the limits;
 * then the pseudo log-likelihood (cat, 3 digits) and format(round(logtest, 2)). R stops after
 * "crr converged: FALSE" for a fit that did not converge; prognos prints the table all the
 * same (the warnings on stderr say why it is not to be trusted).
 */
static int render_text(FILE *f, const pg_crr *fit, const pg_crr_labels *lab)
{
    size_t p = fit->n_coef, m = p ? p : 1;
    char(*c)[PG_FORMAT_CELL] = pg_calloc_array(5 * m, sizeof *c);
    double *v = pg_calloc_array(5 * m, sizeof *v);
    int rc = PG_ENOMEM;
    if (!c || !v) goto done;
    header_lines(f, fit, lab);
    if (!fit->converged) fprintf(f, "crr converged: FALSE\n\n");
    for (size_t j = 0; j < p; j++) {
        v[j] = fit->coef[j];
        v[p + j] = exp(fit->coef[j]);
        v[2 * p + j] = fit->std_err[j];
        v[3 * p + j] = fit->z[j];
        v[4 * p + j] = pg_format_signif(fit->p[j], 2);
    }
    for (size_t k = 0; k < 5; k++) pg_format_r_vector(v + k * p, p, 3, 0, c + k * p);
    static const char *const h1[] = {"coef", "exp(coef)", "se(coef)", "z", "p-value"};
    if ((rc = write_matrix(f, fit, h1, 5, c))) goto done;
    fputc('\n', f);
    double zq = pg_z_two_sided(fit->conf_level);
    for (size_t j = 0; j < p; j++) {
        v[j] = exp(fit->coef[j]);
        v[p + j] = exp(-fit->coef[j]);
        v[2 * p + j] = exp(fit->coef[j] - zq * fit->std_err[j]);
        v[3 * p + j] = exp(fit->coef[j] + zq * fit->std_err[j]);
    }
    for (size_t k = 0; k < 4; k++) pg_format_r_vector(v + k * p, p, 3, 0, c + k * p);
    /* paste(format(100 * a, trim = TRUE, scientific = FALSE, digits = 3), "%") */
    char lo[64], hi[64], t1[64], t2[64];
    double a = (1 - fit->conf_level) / 2;
    snprintf(lo, sizeof lo, "%s%%", pg_format_r_num(t1, sizeof t1, 100 * a, 3));
    snprintf(hi, sizeof hi, "%s%%", pg_format_r_num(t2, sizeof t2, 100 * (1 - a), 3));
    const char *h2[] = {"exp(coef)", "exp(-coef)", lo, hi};
    if ((rc = write_matrix(f, fit, h2, 4, c))) goto done;
    fputc('\n', f);
    fprintf(f, "Num. cases = %zu\n", fit->n);
    fprintf(f, "Pseudo Log-likelihood = %s \n", pg_format_r_num(t1, sizeof t1, fit->loglik, 3));
    fprintf(f, "Pseudo likelihood ratio test = %s  on %zu df,   p=%s\n",
            pg_format_r_num(t1, sizeof t1, round(fit->logtest * 100) / 100, 3), p,
            pg_fmt_p(t2, sizeof t2, fit->logtest_p, 1));
    rc = ferror(f) ? PG_EIO : PG_OK;
done:
    free(c);
    free(v);
    return rc;
}

/* The coefficient table with full precision (csv) or R's display digits (md), in the columns
 * of `prognos cox` (hr = exp(coef); std_err is crr's robust se, naive_se the model-based). */
static int render_table(FILE *f, const pg_crr *fit, pg_format fmt)
{
    static const char *const head[] = {"term", "coef", "hr", "std_err", "naive_se", "z", "p",
                                       "conf_low", "conf_high"};
    char hl[32], hu[32], pct[16];
    const char *hm[] = {"term", "coef", "SHR", "se", "naive se", "z", "p", hl, hu};
    pg_fmt_num(pct, sizeof pct, round(fit->conf_level * 1e4) / 1e2, 15);
    snprintf(hl, sizeof hl, "lower %s%%", pct);
    snprintf(hu, sizeof hu, "upper %s%%", pct);
    pg_tab *t = pg_tab_new(9, fmt == PG_FMT_MD ? hm : head);
    if (!t) return PG_ENOMEM;
    pg_tab_left(t, 0);
    int digits = fmt == PG_FMT_CSV ? 0 : 4;
    int rc = PG_OK;
    for (size_t j = 0; j < fit->n_coef && rc == PG_OK; j++) {
        char c[8][40];
        double v[8] = {fit->coef[j], exp(fit->coef[j]), fit->std_err[j], fit->naive_se[j],
                       fit->z[j], fit->p[j], fit->conf_low[j], fit->conf_high[j]};
        for (int k = 0; k < 8; k++) {
            if (k == 5 && digits) pg_fmt_p(c[k], 40, v[k], 3);
            else pg_fmt_num(c[k], 40, v[k], digits);
            if (fmt == PG_FMT_CSV && isnan(v[k])) c[k][0] = '\0';
        }
        const char *row[9] = {fit->colname[j], c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]};
        rc = pg_tab_row(t, row);
    }
    if (rc == PG_OK) rc = pg_tab_write(f, t, fmt, 0);
    pg_tab_free(t);
    return rc;
}

static int render_md(FILE *f, const pg_crr *fit, const pg_crr_labels *lab)
{
    char a[64], b[512];
    fprintf(f, "**Fine-Gray competing-risks regression**");
    if (lab && lab->cause) {
        fprintf(f, " for %s (competing: %s)", lab->cause,
                join(b, sizeof b, lab->competing, lab->n_competing));
    }
    fprintf(f, " - n = %zu, events = %zu, competing events = %zu", fit->n, fit->events,
            fit->competing);
    if (lab && lab->dropped) fprintf(f, " (%zu deleted due to missingness)", lab->dropped);
    fprintf(f, "\n\n");
    int rc = render_table(f, fit, PG_FMT_MD);
    if (rc) return rc;
    fprintf(f, "\nSHR: subdistribution hazard ratio; se: robust (sandwich) standard error, as "
               "cmprsk::crr.\n\nPseudo likelihood ratio test = %s on %zu df, p = %s\n",
            pg_fmt_num(a, sizeof a, fit->logtest, 4), fit->n_coef,
            pg_fmt_p(b, sizeof b, fit->logtest_p, 3));
    for (size_t k = 0; k < fit->n_warnings; k++) fprintf(f, "\n> Warning: %s\n", fit->warnings[k]);
    return ferror(f) ? PG_EIO : PG_OK;
}

static json_t *json_names(const char *const *names, size_t n)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < n; k++) json_array_append_new(a, json_string(names[k]));
    return a;
}

static int render_json(FILE *f, const pg_crr *fit, const pg_crr_labels *lab)
{
    json_t *root = json_object(), *ll = json_object(), *coefs = json_array();
    json_t *warn = json_array(), *drop = json_object(), *lr = json_object();
    int rc = PG_ENOMEM;
    if (!root || !ll || !coefs || !warn || !drop || !lr) goto done;
    json_object_set_new(root, "cause", lab && lab->cause ? json_string(lab->cause)
                                                         : json_null());
    json_object_set_new(root, "competing", json_names(lab ? lab->competing : NULL,
                                                      lab ? lab->n_competing : 0));
    json_object_set_new(root, "censor", json_names(lab ? lab->censor : NULL,
                                                   lab ? lab->n_censor : 0));
    json_object_set_new(root, "n", json_integer((json_int_t)fit->n));
    json_object_set_new(root, "events", json_integer((json_int_t)fit->events));
    json_object_set_new(root, "competing_events", json_integer((json_int_t)fit->competing));
    json_object_set_new(root, "censored", json_integer((json_int_t)fit->censored));
    json_object_set_new(root, "iterations", json_integer(fit->iterations));
    json_object_set_new(root, "converged", json_boolean(fit->converged));
    json_object_set_new(root, "method", json_string("fine-gray"));
    json_object_set_new(root, "conf_level", pg_json_num(fit->conf_level));
    json_object_set_new(ll, "null", pg_json_num(fit->loglik_null));
    json_object_set_new(ll, "final", pg_json_num(fit->loglik));
    json_object_set_new(root, "loglik", ll);
    ll = NULL;
    for (size_t j = 0; j < fit->n_coef; j++) {
        double v[7] = {fit->coef[j], exp(fit->coef[j]), fit->std_err[j], fit->z[j], fit->p[j],
                       fit->conf_low[j], fit->conf_high[j]};
        json_t *c = pg_json_coef(fit->colname[j], v, "naive_se", fit->naive_se[j]);
        if (!c) goto done;
        json_object_set_new(c, "exp_coef", pg_json_num(v[1]));   /* issue 12's name of hr */
        json_array_append_new(coefs, c);
    }
    json_object_set_new(root, "coefficients", coefs);
    coefs = NULL;
    json_object_set_new(lr, "statistic", pg_json_num(fit->logtest));
    json_object_set_new(lr, "df", json_integer((json_int_t)fit->n_coef));
    json_object_set_new(lr, "p", pg_json_num(fit->logtest_p));
    json_object_set_new(root, "likelihood_ratio", lr);
    lr = NULL;
    for (size_t k = 0; k < fit->n_warnings; k++)
        json_array_append_new(warn, json_string(fit->warnings[k]));
    json_object_set_new(root, "warnings", warn);
    warn = NULL;
    json_object_set_new(drop, "missing", json_integer((json_int_t)(lab ? lab->dropped : 0)));
    json_object_set_new(root, "dropped", drop);
    drop = NULL;
    rc = pg_json_write(f, root);
done:
    json_decref(root);
    json_decref(ll);
    json_decref(coefs);
    json_decref(warn);
    json_decref(drop);
    json_decref(lr);
    return rc;
}

int pg_render_crr(FILE *f, const pg_crr *fit, const pg_crr_labels *lab, pg_format fmt)
{
    switch (fmt) {
    case PG_FMT_CSV: return render_table(f, fit, PG_FMT_CSV);
    case PG_FMT_JSON: return render_json(f, fit, lab);
    case PG_FMT_MD: return render_md(f, fit, lab);
    default: return render_text(f, fit, lab);
    }
}

/* One row of the prediction table. */
static int pred_row(pg_tab *t, json_t *rows, size_t r, double time, double cif, pg_format fmt)
{
    if (rows) {
        json_t *o = json_object();
        if (!o) return PG_ENOMEM;
        json_object_set_new(o, "newdata_row", json_integer((json_int_t)r + 1));
        json_object_set_new(o, "time", pg_json_num(time));
        json_object_set_new(o, "cif", pg_json_num(cif));
        return json_array_append_new(rows, o) ? PG_ENOMEM : PG_OK;
    }
    char id[32], a[40], b[40];
    snprintf(id, sizeof id, "%zu", r + 1);
    int digits = fmt == PG_FMT_CSV ? 0 : 7;
    const char *cells[3] = {id, pg_fmt_num(a, sizeof a, time, digits),
                            pg_fmt_num(b, sizeof b, cif, digits)};
    return pg_tab_row(t, cells);
}

int pg_render_crr_pred(FILE *f, const pg_crr_pred *pr, const double *times, size_t ntimes,
                       pg_format fmt)
{
    static const char *const head[] = {"newdata_row", "time", "cif"};
    json_t *rows = NULL;
    pg_tab *t = NULL;
    if (fmt == PG_FMT_JSON) rows = json_array();
    else t = pg_tab_new(3, head);
    if (!rows && !t) return PG_ENOMEM;
    int rc = PG_OK;
    for (size_t r = 0; r < pr->n_rows && rc == PG_OK; r++) {
        if (ntimes)
            for (size_t k = 0; k < ntimes && rc == PG_OK; k++)
                rc = pred_row(t, rows, r, times[k], pg_crr_pred_at(pr, r, times[k]), fmt);
        else
            for (size_t k = 0; k < pr->n_times && rc == PG_OK; k++)
                rc = pred_row(t, rows, r, pr->time[k], pr->cif[k + r * pr->n_times], fmt);
    }
    if (rc == PG_OK) rc = rows ? pg_json_write(f, rows) : pg_tab_write(f, t, fmt, 0);
    json_decref(rows);
    pg_tab_free(t);
    return rc;
}
