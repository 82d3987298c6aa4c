/* render_survreg.c -- summary.survreg as text (print.summary.survreg: the table through
 * printCoefmat with digits 3, the scale, the log-likelihoods and the chi-square test), the
 * coefficient table as CSV / Markdown, the whole fit as JSON. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "prognos/format.h"
#include "render_survreg.h"

static const char *dist_title(pg_sr_dist d)
{
    static const char *const t[] = {"Weibull",  "Exponential", "Gaussian",     "Logistic",
                                    "Log Normal", "Log logistic", "Extreme value", "Rayleigh"};
    return (unsigned)d < 8 ? t[d] : "?";
}

/* printCoefmat's first step for the estimate and se columns: round them all to max(1, digits -
 * digmin) decimals, digmin = 1 + floor(log10(range of the finite non-zero |x|)), before they are
 * formatted together (so 5.8990645 becomes 5.899065, printed 5.89907, as R prints it). */
static void coefmat_round(double *x, size_t n, int digits)
{
    double lo = INFINITY, hi = 0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(x[i]);
        if (!isfinite(a) || a == 0) continue;
        if (a < lo) lo = a;
        if (a > hi) hi = a;
    }
    if (!(hi > 0)) return;
    double d1 = digits - (1 + floor(log10(lo))), d2 = digits - (1 + floor(log10(hi)));
    double d = fmax(1, fmax(d1, d2));
    if (d > 15) return;
    double m = pow(10, d);
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) x[i] = round(x[i] * m) / m;
}

/* printCoefmat(digits = 3): value and se formatted together (coefmat_round first), z rounded
 * to 2 decimals, p by format.pval(digits = 2). */
static int coef_table(FILE *f, const pg_survreg *fit, pg_format fmt)
{
    size_t k = fit->k;
    int rob = fit->naive_var != NULL;
    double *v = calloc(4 * k, sizeof *v), *pv = calloc(k, sizeof *pv);
    char(*c)[PG_FORMAT_CELL] = calloc(5 * k, sizeof *c);
    pg_tab *t = NULL;
    int rc = PG_ENOMEM;
    if (!v || !pv || !c) goto done;
    for (size_t j = 0; j < k; j++) {
        double r[4];
        pg_survreg_row(fit, j, r);
        v[j] = r[0];
        v[k + j] = r[1];
        v[2 * k + j] = rob ? sqrt(fit->naive_var[j + j * k]) : 0;
        v[3 * k + j] = round(r[2] * 100) / 100;
        pv[j] = r[3];
    }
    if (rob) {
        double *cs = calloc(3 * k, sizeof *cs);
        if (!cs) goto done;
        memcpy(cs, v, 3 * k * sizeof *cs);
        coefmat_round(cs, 3 * k, 3);
        pg_format_r_vector(cs, 3 * k, 3, 0, c);
        free(cs);
    } else {
        coefmat_round(v, 2 * k, 3);
        pg_format_r_vector(v, 2 * k, 3, 0, c);
    }
    pg_format_r_vector(v + 3 * k, k, 3, 0, c + 3 * k);
    pg_format_r_pval(pv, k, 2, c + 4 * k);
    const char *h[6] = {"", "Value", rob ? "Std. Err" : "Std. Error", "(Naive SE)", "z", "p"};
    const char *hr[5] = {"", "Value", "Std. Error", "z", "p"};
    t = pg_tab_new(rob ? 6 : 5, rob ? h : hr);
    if (!t) goto done;
    pg_tab_left(t, 0);
    for (size_t j = 0; j < k; j++) {
        const char *row[6] = {fit->names[j], c[j], c[k + j], c[2 * k + j], c[3 * k + j],
                              c[4 * k + j]};
        if (!rob) {
            row[3] = c[3 * k + j];
            row[4] = c[4 * k + j];
        }
        if ((rc = pg_tab_row(t, row))) goto done;
    }
    rc = pg_tab_write(f, t, fmt, 0);
done:
    pg_tab_free(t);
    free(v);
    free(pv);
    free(c);
    return rc;
}

static void scale_lines(FILE *f, const pg_survreg *fit)
{
    char b[64];
    if (!fit->nscale) {
        fprintf(f, "Scale fixed at %s \n\n", pg_fmt_num(b, sizeof b, fit->scale[0], 7));
        return;
    }
    if (fit->nstrata == 1) {
        fprintf(f, "Scale= %s \n\n", pg_fmt_num(b, sizeof b, pg_format_signif(fit->scale[0], 3),
                                                7));
        return;
    }
    /* a named vector: each name over its value, right-aligned to the wider of the two */
    char(*c)[PG_FORMAT_CELL] = calloc(fit->nstrata, sizeof *c);
    double *s = calloc(fit->nstrata, sizeof *s);
    if (!c || !s) {
        free(c);
        free(s);
        return;
    }
    /* print(x$scale, digits = 3): enough digits for 3 significant in every element */
    for (size_t j = 0; j < fit->nstrata; j++) s[j] = fit->scale[j];
    pg_format_r_vector(s, fit->nstrata, 3, 0, c);
    fprintf(f, "Scale:\n");
    for (int line = 0; line < 2; line++) {
        for (size_t j = 0; j < fit->nstrata; j++) {
            const char *nm = fit->names[fit->p + j];
            int w = (int)(strlen(nm) > strlen(c[j]) ? strlen(nm) : strlen(c[j]));
            fprintf(f, "%*s ", w, line ? c[j] : nm);
        }
        fputc('\n', f);
    }
    fputc('\n', f);
    free(c);
    free(s);
}

static int render_text(FILE *f, const pg_survreg *fit, const pg_survreg_render_opts *ro)
{
    char b1[64], b2[64];
    int rc = coef_table(f, fit, PG_FMT_TEXT);
    if (rc) return rc;
    fputc('\n', f);
    scale_lines(f, fit);
    fprintf(f, "%s distribution\n", dist_title(fit->dist));
    fprintf(f, "Loglik(model)= %s   Loglik(intercept only)= %s\n",
            pg_fmt_num(b1, sizeof b1, round(fit->loglik[1] * 10) / 10, 7),
            pg_fmt_num(b2, sizeof b2, round(fit->loglik[0] * 10) / 10, 7));
    if (fit->df)   /* print.summary.survreg: format(signif(p, 2)), not format.pval */
        fprintf(f, "\tChisq= %s on %zu degrees of freedom, p= %s \n",
                pg_fmt_num(b1, sizeof b1, round(fit->chisq * 100) / 100, 7), fit->df,
                pg_fmt_num(b2, sizeof b2, pg_format_signif(fit->pvalue, 2), 7));
    if (fit->naive_var) fprintf(f, "(Loglikelihood assumes independent observations)\n");
    fprintf(f, "Number of Newton-Raphson Iterations: %u \n", fit->iter);
    size_t dr = ro ? ro->dropped : 0;
    if (dr)
        fprintf(f, "n=%zu (%zu observation%s deleted due to missingness)\n", fit->n, dr,
                dr == 1 ? "" : "s");
    else
        fprintf(f, "n= %zu \n", fit->n);
    if (!fit->converged) fprintf(f, "Warning: Ran out of iterations and did not converge\n");
    return ferror(f) ? PG_EIO : PG_OK;
}

/* Time ratios exp(coef) and, for weibull / exponential, hazard ratios exp(-coef / scale),
 * each with its conf_level limits (delta method for the hazard ratios). */
static int ratio_text(FILE *f, const pg_survreg *fit)
{
    size_t p = fit->p;
    if (p < 2 || !fit->log_time) return PG_OK;
    int hr = (fit->dist == PG_SR_WEIBULL || fit->dist == PG_SR_EXPONENTIAL) && fit->nstrata == 1;
    size_t nc = hr ? 6 : 3, m = p - 1;
    double *v = calloc(nc * m, sizeof *v), zq = gsl_cdf_ugaussian_Pinv(0.5 + fit->conf_level / 2);
    char(*c)[PG_FORMAT_CELL] = calloc(nc * m, sizeof *c);
    pg_tab *t = NULL;
    int rc = PG_ENOMEM;
    if (!v || !c) goto done;
    for (size_t j = 1; j < p; j++) {
        double r[4], h[4];
        pg_survreg_row(fit, j, r);
        v[j - 1] = exp(r[0]);
        v[m + j - 1] = exp(r[0] - zq * r[1]);
        v[2 * m + j - 1] = exp(r[0] + zq * r[1]);
        if (hr && !pg_survreg_hr(fit, j, h, NULL)) {
            v[3 * m + j - 1] = h[0];
            v[4 * m + j - 1] = h[1];
            v[5 * m + j - 1] = h[2];
        }
    }
    for (size_t col = 0; col < nc; col++) pg_format_r_vector(v + col * m, m, 4, 0, c + col * m);
    char lo[48], hi[48];
    pg_survreg_limit_heads(fit, lo, hi);
    const char *h[7] = {"", "time ratio", lo, hi, "HR", lo, hi};
    if (!(t = pg_tab_new(nc + 1, h))) goto done;
    pg_tab_left(t, 0);
    for (size_t j = 0; j < m; j++) {
        const char *row[7] = {fit->names[j + 1]};
        for (size_t col = 0; col < nc; col++) row[col + 1] = c[col * m + j];
        if ((rc = pg_tab_row(t, row))) goto done;
    }
    fprintf(f, "\nTime ratios exp(coef)%s:\n",
            hr ? "; hazard ratios exp(-coef/scale), delta-method limits" : "");
    rc = pg_tab_write(f, t, PG_FMT_TEXT, 0);
done:
    pg_tab_free(t);
    free(v);
    free(c);
    return rc;
}

static json_t *coef_json(const pg_survreg *fit, size_t j)
{
    double r[4];
    pg_survreg_row(fit, j, r);
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "term", json_string(fit->names[j]));
    json_object_set_new(o, "coef", pg_json_num(r[0]));
    json_object_set_new(o, "std_err", pg_json_num(r[1]));
    if (fit->naive_var)
        json_object_set_new(o, "naive_se", pg_json_num(sqrt(fit->naive_var[j + j * fit->k])));
    json_object_set_new(o, "z", pg_json_num(r[2]));
    json_object_set_new(o, "p", pg_json_num(r[3]));
    if (j > 0 && j < fit->p && fit->log_time) {
        double h[4];
        double zq = gsl_cdf_ugaussian_Pinv(0.5 + fit->conf_level / 2);
        json_object_set_new(o, "time_ratio", pg_json_num(exp(r[0])));
        json_object_set_new(o, "time_ratio_low", pg_json_num(exp(r[0] - zq * r[1])));
        json_object_set_new(o, "time_ratio_high", pg_json_num(exp(r[0] + zq * r[1])));
        if (!pg_survreg_hr(fit, j, h, NULL)) {
            json_object_set_new(o, "hr", pg_json_num(h[0]));
            json_object_set_new(o, "hr_low", pg_json_num(h[1]));
            json_object_set_new(o, "hr_high", pg_json_num(h[2]));
        }
    }
    return o;
}

static int render_json(FILE *f, const pg_survreg *fit, const pg_survreg_render_opts *ro)
{
    json_t *root = json_object(), *coefs = json_array(), *sc = json_array(), *ll = json_array();
    int rc = PG_ENOMEM;
    if (!root || !coefs || !sc || !ll) goto done;
    json_object_set_new(root, "dist", json_string(pg_survreg_dist_name(fit->dist)));
    json_object_set_new(root, "n", json_integer((json_int_t)fit->n));
    json_object_set_new(root, "events", json_integer((json_int_t)fit->nevents));
    json_t *drop = json_object(), *warn = json_array();
    if (!drop || !warn) {
        json_decref(drop);
        json_decref(warn);
        goto done;
    }
    json_object_set_new(drop, "missing", json_integer((json_int_t)(ro ? ro->dropped : 0)));
    json_object_set_new(root, "dropped", drop);
    if (!fit->converged)
        json_array_append_new(warn, json_string("ran out of iterations and did not converge"));
    for (size_t j = 0; j < fit->p; j++) {
        if (!isnan(fit->coef[j])) continue;
        char *m = pg_strdup_printf("%s is aliased with the columns before it: its coefficient "
                                   "is NA, as survreg gives it", fit->names[j]);
        if (m) json_array_append_new(warn, json_string(m));
        free(m);
    }
    json_object_set_new(root, "warnings", warn);
    json_object_set_new(root, "iterations", json_integer(fit->iter));
    json_object_set_new(root, "converged", json_boolean(fit->converged));
    json_object_set_new(root, "robust", json_boolean(fit->naive_var != NULL));
    for (size_t j = 0; j < fit->k; j++) {
        json_t *c = coef_json(fit, j);
        if (!c) goto done;
        json_array_append_new(coefs, c);
    }
    json_object_set_new(root, "coefficients", coefs);
    coefs = NULL;
    json_object_set_new(root, "scale_fixed", json_boolean(fit->nscale == 0));
    for (size_t s = 0; s < fit->nstrata; s++) json_array_append_new(sc, pg_json_num(fit->scale[s]));
    json_object_set_new(root, "scale", sc);
    sc = NULL;
    json_array_append_new(ll, pg_json_num(fit->loglik[0]));   /* intercept only, model */
    json_array_append_new(ll, pg_json_num(fit->loglik[1]));
    json_object_set_new(root, "loglik", ll);
    ll = NULL;
    json_object_set_new(root, "chisq", pg_json_num(fit->chisq));
    json_object_set_new(root, "df", json_integer((json_int_t)fit->df));
    json_object_set_new(root, "p", pg_json_num(fit->pvalue));
    json_object_set_new(root, "aic", pg_json_num(fit->aic));
    json_object_set_new(root, "conf_level", pg_json_num(fit->conf_level));
    if (ro && ro->m) {
        json_t *pr = pg_survreg_pred_json(fit, ro);
        if (!pr) goto done;
        json_object_set_new(root, "predictions", pr);
    }
    rc = pg_json_write(f, root);
done:
    json_decref(root);
    json_decref(coefs);
    json_decref(sc);
    json_decref(ll);
    return rc;
}

/* CSV: one row per coefficient with full precision. */
static int render_csv(FILE *f, const pg_survreg *fit)
{
    static const char *const head[] = {"term", "coef", "std_err", "naive_se", "z", "p"};
    pg_tab *t = pg_tab_new(6, head);
    int rc = t ? PG_OK : PG_ENOMEM;
    for (size_t j = 0; j < fit->k && !rc; j++) {
        double r[4];
        char c[5][40];
        pg_survreg_row(fit, j, r);
        pg_fmt_num(c[0], 40, r[0], 0);
        pg_fmt_num(c[1], 40, r[1], 0);
        pg_fmt_num(c[2], 40, fit->naive_var ? sqrt(fit->naive_var[j + j * fit->k]) : NAN, 0);
        pg_fmt_num(c[3], 40, r[2], 0);
        pg_fmt_num(c[4], 40, r[3], 0);
        const char *row[6] = {fit->names[j], c[0], c[1], c[2], c[3], c[4]};
        rc = pg_tab_row(t, row);
    }
    if (!rc) rc = pg_tab_write(f, t, PG_FMT_CSV, 0);
    pg_tab_free(t);
    return rc;
}

int pg_render_survreg(FILE *f, const pg_survreg *fit, const pg_survreg_render_opts *ro,
                      pg_format fmt)
{
    int rc;
    switch (fmt) {
    case PG_FMT_CSV: return ro && ro->m ? pg_survreg_pred_csv(f, fit, ro) : render_csv(f, fit);
    case PG_FMT_JSON: return render_json(f, fit, ro);
    case PG_FMT_MD:
        fprintf(f, "**%s** survival regression, n = %zu\n\n", dist_title(fit->dist), fit->n);
        return coef_table(f, fit, PG_FMT_MD);
    default:
        if ((rc = render_text(f, fit, ro))) return rc;
        if (ro && ro->hr && (rc = ratio_text(f, fit))) return rc;
        if (ro && ro->m) return pg_survreg_pred_text(f, fit, ro);
        return PG_OK;
    }
}
