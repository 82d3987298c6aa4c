/* render_zph.c -- the proportional-hazards test and its residuals in text, CSV, JSON and
 * Markdown. */
#include "render_zph.h"
#include "prognos/format.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int render_text(FILE *f, const pg_zph *z, pg_format fmt)
{
    size_t nr = z->n_terms + 1;
    double *chisq = calloc(nr, sizeof *chisq), *p = calloc(nr, sizeof *p);
    double *df = calloc(nr, sizeof *df), *rchisq = calloc(nr, sizeof *rchisq);
    char(*cs)[PG_FORMAT_CELL] = pg_malloc_array(nr, sizeof *cs);
    char(*ds)[PG_FORMAT_CELL] = pg_malloc_array(nr, sizeof *ds);
    char(*ps)[PG_FORMAT_CELL] = pg_malloc_array(nr, sizeof *ps);
    const char *hdr_text[] = {"", "chisq", "df", "p"}, *hdr_md[] = {"term", "chisq", "df", "p"};
    pg_tab *t = pg_tab_new(4, fmt == PG_FMT_MD ? hdr_md : hdr_text);
    int rc = PG_ENOMEM;
    if (!chisq || !p || !df || !rchisq || !cs || !ds || !ps || !t) goto done;
    for (size_t i = 0; i < nr; i++) {
        int g = i == z->n_terms;
        chisq[i] = g ? z->global_chisq : z->chisq[i];
        df[i] = g ? z->global_df : z->df[i];
        p[i] = g ? z->global_p : z->p[i];
    }
    /* printCoefmat(digits = 3): the statistic rounded to 3 - (1 + floor(log10(min |x|)))
     * decimals (at least 1), then format(digits = 3); df and p as its test and P columns. */
    const int digits = 3;
    double amin = INFINITY;
    for (size_t i = 0; i < nr; i++)
        if (isfinite(chisq[i]) && chisq[i] != 0 && fabs(chisq[i]) < amin) amin = fabs(chisq[i]);
    int dec = isfinite(amin) ? digits - (1 + (int)floor(log10(amin))) : digits - 1;
    if (dec < 1) dec = 1;
    double sc = pow(10, dec);
    for (size_t i = 0; i < nr; i++) rchisq[i] = round(chisq[i] * sc) / sc;
    pg_format_r_vector(rchisq, nr, digits, 1, cs);
    pg_format_r_vector(df, nr, digits, 1, ds);
    pg_format_r_pval(p, nr, digits - 1, ps);
    for (size_t i = 0; i < nr; i++) {
        const char *row[] = {i == z->n_terms ? "GLOBAL" : z->term[i], cs[i], ds[i], ps[i]};
        if (pg_tab_row(t, row)) goto done;
    }
    pg_tab_left(t, 0);
    rc = pg_tab_write(f, t, fmt, 0);
done:
    pg_tab_free(t);
    free(chisq);
    free(p);
    free(df);
    free(rchisq);
    free(cs);
    free(ds);
    free(ps);
    return rc;
}

static int render_csv(FILE *f, const pg_zph *z)
{
    const char *hdr[] = {"term", "chisq", "df", "p"};
    pg_tab *t = pg_tab_new(4, hdr);
    if (!t) return PG_ENOMEM;
    int rc = PG_OK;
    for (size_t i = 0; rc == PG_OK && i <= z->n_terms; i++) {
        int g = i == z->n_terms;
        char c[64], d[64], p[64];
        pg_fmt_num(c, sizeof c, g ? z->global_chisq : z->chisq[i], 0);
        pg_fmt_num(d, sizeof d, g ? z->global_df : z->df[i], 0);
        pg_fmt_num(p, sizeof p, g ? z->global_p : z->p[i], 0);
        const char *row[] = {g ? "GLOBAL" : z->term[i], c, d, p};
        rc = pg_tab_row(t, row);
    }
    if (rc == PG_OK) rc = pg_tab_write(f, t, PG_FMT_CSV, 0);
    pg_tab_free(t);
    return rc;
}

static json_t *test_obj(double chisq, double df, double p)
{
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "chisq", pg_json_num(chisq));
    json_object_set_new(o, "df", pg_json_count(df));
    json_object_set_new(o, "p", pg_json_num(p));
    return o;
}

static int render_json(FILE *f, const pg_zph *z)
{
    json_t *root = json_object(), *terms = json_array();
    if (!root || !terms) {
        json_decref(root);
        json_decref(terms);
        return PG_ENOMEM;
    }
    json_object_set_new(root, "transform", json_string(pg_zph_transform_name(z->transform)));
    for (size_t i = 0; i < z->n_terms; i++) {
        json_t *o = json_object();
        if (!o) break;
        json_object_set_new(o, "term", json_string(z->term[i]));
        json_object_set_new(o, "chisq", pg_json_num(z->chisq[i]));
        json_object_set_new(o, "df", pg_json_count(z->df[i]));
        json_object_set_new(o, "p", pg_json_num(z->p[i]));
        json_array_append_new(terms, o);
    }
    json_object_set_new(root, "terms", terms);
    json_object_set_new(root, "global", test_obj(z->global_chisq, z->global_df, z->global_p));
    json_object_set_new(root, "n", json_integer((json_int_t)z->n));
    json_t *drop = json_object();   /* as km, logrank and cox report it */
    if (drop) json_object_set_new(drop, "missing", json_integer((json_int_t)z->dropped));
    json_object_set_new(root, "dropped", drop);
    int rc = pg_json_write(f, root);
    json_decref(root);
    return rc;
}

int pg_render_zph(FILE *f, const pg_zph *z, pg_format fmt, pg_error *err)
{
    int rc;
    switch (fmt) {
    case PG_FMT_CSV: rc = render_csv(f, z); break;
    case PG_FMT_JSON: rc = render_json(f, z); break;
    default: rc = render_text(f, z, fmt); break;
    }
    if (rc == PG_ENOMEM) return pg_fail(err, rc, "zph: out of memory");
    if (rc) return pg_fail(err, PG_EIO, "zph: cannot write the output");
    return PG_OK;
}

int pg_render_zph_resid(FILE *f, const pg_zph *z, pg_format fmt, pg_error *err)
{
    int rc = PG_OK;
    if (fmt == PG_FMT_JSON) {
        json_t *root = json_object(), *terms = json_array(), *rows = json_array();
        if (!root || !terms || !rows) {
            json_decref(root);
            json_decref(terms);
            json_decref(rows);
            return pg_fail(err, PG_ENOMEM, "zph: out of memory");
        }
        json_object_set_new(root, "transform", json_string(pg_zph_transform_name(z->transform)));
        for (size_t j = 0; j < z->ncol; j++)
            json_array_append_new(terms, json_string(z->colname[j]));
        json_object_set_new(root, "terms", terms);
        for (size_t i = 0; i < z->n_events; i++) {
            json_t *o = json_object();
            if (!o) break;
            json_object_set_new(o, "time", pg_json_num(z->time[i]));
            json_object_set_new(o, "transformed_time", pg_json_num(z->transformed_time[i]));
            for (size_t j = 0; j < z->ncol; j++)
                json_object_set_new(o, z->colname[j], pg_json_num(z->resid[i + j * z->n_events]));
            json_array_append_new(rows, o);
        }
        json_object_set_new(root, "residuals", rows);
        rc = pg_json_write(f, root);
        json_decref(root);
        return rc ? pg_fail(err, PG_EIO, "zph: cannot write the output") : PG_OK;
    }
    size_t nc = z->ncol + 2;
    const char **hdr = pg_malloc_array(nc, sizeof *hdr), **row = pg_malloc_array(nc, sizeof *row);
    char(*cells)[64] = pg_malloc_array(nc, sizeof *cells);
    pg_tab *t = NULL;
    if (!hdr || !row || !cells) goto nomem;
    hdr[0] = "time";
    hdr[1] = "transformed_time";
    for (size_t j = 0; j < z->ncol; j++) hdr[j + 2] = z->colname[j];
    t = pg_tab_new(nc, hdr);
    if (!t) goto nomem;
    for (size_t i = 0; i < z->n_events; i++) {
        pg_fmt_num(cells[0], 64, z->time[i], 0);
        pg_fmt_num(cells[1], 64, z->transformed_time[i], 0);
        for (size_t j = 0; j < z->ncol; j++)
            pg_fmt_num(cells[j + 2], 64, z->resid[i + j * z->n_events], 0);
        for (size_t j = 0; j < nc; j++) row[j] = cells[j];
        if (pg_tab_row(t, row)) goto nomem;
    }
    rc = pg_tab_write(f, t, fmt == PG_FMT_MD ? PG_FMT_MD : PG_FMT_CSV, 0);
    pg_tab_free(t);
    free(hdr);
    free(row);
    free(cells);
    return rc ? pg_fail(err, PG_EIO, "zph: cannot write the output") : PG_OK;
nomem:
    pg_tab_free(t);
    free(hdr);
    free(row);
    free(cells);
    return pg_fail(err, PG_ENOMEM, "zph: out of memory");
}
