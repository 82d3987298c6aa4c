/* render_survreg_pred.c -- the predictions of a survreg fit (R: predict.survreg, type =
 * "quantile", se.fit = TRUE; the fitted survival 1 - psurvreg(t, lp, scale, dist)) as text
 * tables, one CSV table, or the "predictions" array of the JSON. A model with strata predicts
 * each covariate row in its stratum when newdata has the strata() columns (ro->row_stratum), as
 * predict.survreg, and in each stratum (its scale) when it has none of them (R stops there). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "prognos/format.h"
#include "render_survreg.h"

/* The (covariate row, stratum) pairs predicted: m x ns, row-major by covariate row. */
static size_t n_strata(const pg_survreg *fit) { return fit->nstrata > 1 ? fit->nstrata : 1; }

static const char *stratum_name(const pg_survreg *fit, size_t s)
{
    return fit->nstrata > 1 ? fit->names[fit->p + s] : "";
}

/* Is pair r (covariate row r / ns, stratum r % ns) left out: not the row's own stratum? */
static int other_stratum(const pg_survreg *fit, const pg_survreg_render_opts *ro, size_t r)
{
    size_t ns = n_strata(fit);
    return ns > 1 && ro->row_stratum && r % ns != ro->row_stratum[r / ns];
}

/* Row i's covariates (p - 1 values) into x. */
static void covariates(const pg_survreg *fit, const pg_survreg_render_opts *ro, size_t i,
                       double *x)
{
    for (size_t j = 0; j + 1 < fit->p; j++) x[j] = ro->newx[i + j * ro->m];
}

void pg_survreg_limit_heads(const pg_survreg *fit, char lo[48], char hi[48])
{
    char pct[32];
    pg_fmt_num(pct, sizeof pct, round(fit->conf_level * 1e4) / 1e2, 15);
    snprintf(lo, 48, "lower %s%%", pct);
    snprintf(hi, 48, "upper %s%%", pct);
}

/* One value cell of the quantile table: {p, time, se, lo, hi} of pair r and quantile a. */
static void quantile_cells(const pg_survreg *fit, const pg_survreg_render_opts *ro, size_t r,
                           size_t a, double *x, double v[5])
{
    size_t ns = n_strata(fit);
    covariates(fit, ro, r / ns, x);
    v[0] = ro->quantiles[a];
    pg_survreg_quantile(fit, x, r % ns, ro->quantiles[a], &v[1], &v[2], v + 3);
}

/* A text table of nrow rows: label columns (row and, with strata, the stratum) then ncol value
 * columns (column j at v + j * stride), each formatted together as print(data.frame) does (7
 * significant digits). */
static int value_table_n(FILE *f, const pg_survreg *fit, const char *const *head, size_t ncol,
                         const double *v, size_t stride, size_t nrow, const size_t *pair)
{
    size_t ns = n_strata(fit), nl = ns > 1 ? 2 : 1;
    char(*c)[PG_FORMAT_CELL] = calloc(ncol * nrow + 1, sizeof *c);
    const char *h[8] = {"row", "strata"};
    pg_tab *t = NULL;
    int rc = PG_ENOMEM;
    for (size_t j = 0; j < ncol; j++) h[nl + j] = head[j];
    if (!c || !(t = pg_tab_new(nl + ncol, h))) goto done;
    if (nl > 1) pg_tab_left(t, 1);
    for (size_t j = 0; j < ncol; j++) pg_format_r_vector(v + j * stride, nrow, 7, 0, c + j * nrow);
    for (size_t i = 0; i < nrow; i++) {
        char id[32];
        const char *row[8] = {id, stratum_name(fit, pair[i] % ns)};
        snprintf(id, sizeof id, "%zu", pair[i] / ns + 1);
        for (size_t j = 0; j < ncol; j++) row[nl + j] = c[j * nrow + i];
        if ((rc = pg_tab_row(t, row))) goto done;
    }
    rc = pg_tab_write(f, t, PG_FMT_TEXT, 0);
done:
    pg_tab_free(t);
    free(c);
    return rc;
}

int pg_survreg_pred_text(FILE *f, const pg_survreg *fit, const pg_survreg_render_opts *ro)
{
    size_t np = ro->m * n_strata(fit), nq = np * ro->nq, nt = np * ro->nt;
    size_t nv = nq > nt ? nq : nt;
    double *v = calloc(5 * nv + fit->p, sizeof *v), *x = v ? v + 5 * nv : NULL;
    size_t *pair = calloc(nv + 1, sizeof *pair);
    int rc = PG_ENOMEM;
    if (!v || !pair) goto done;
    char lo[48], hi[48];
    pg_survreg_limit_heads(fit, lo, hi);
    size_t i = 0;
    for (size_t r = 0; r < np; r++)
        for (size_t a = 0; a < ro->nq && !other_stratum(fit, ro, r); a++, i++) {
            double c[5];
            quantile_cells(fit, ro, r, a, x, c);
            for (size_t j = 0; j < 5; j++) v[j * nq + i] = c[j];
            pair[i] = r;
        }
    const char *hq[5] = {"p", "time", "se", lo, hi};
    fprintf(f, "\nPredicted quantiles of the time (predict.survreg, type = \"quantile\"; "
               "delta-method se, limits %s):\n", fit->log_time ? "exp(log q +- z se(log q))"
                                                              : "q +- z se");
    /* the columns stay nq long (value_table reads column j at v + j * nrow): the kept rows
     * first, then unused cells */
    if ((rc = value_table_n(f, fit, hq, 5, v, nq, i, pair))) goto done;
    if (ro->nt) {
        i = 0;
        for (size_t r = 0; r < np; r++)
            for (size_t a = 0; a < ro->nt && !other_stratum(fit, ro, r); a++, i++) {
                covariates(fit, ro, r / n_strata(fit), x);
                v[i] = ro->times[a];
                v[nt + i] = pg_survreg_surv(fit, x, r % n_strata(fit), ro->times[a]);
                pair[i] = r;
            }
        const char *hs[2] = {"time", "surv"};
        fprintf(f, "\nFitted survival S(t) = 1 - F((y(t) - lp) / scale):\n");
        rc = value_table_n(f, fit, hs, 2, v, nt, i, pair);
    }
done:
    free(v);
    free(pair);
    return rc ? rc : ferror(f) ? PG_EIO : PG_OK;
}

/* CSV: one line per quantile (type "quantile": time = the quantile, surv = 1 - p, se and limits
 * of the time) and per time (type "survival": surv = S(time)). */
int pg_survreg_pred_csv(FILE *f, const pg_survreg *fit, const pg_survreg_render_opts *ro)
{
    static const char *const head[] = {"newdata_row", "strata", "type", "time", "surv", "se",
                                       "conf_low", "conf_high"};
    size_t ns = n_strata(fit), np = ro->m * ns;
    double *x = calloc(fit->p, sizeof *x);
    pg_tab *t = pg_tab_new(8, head);
    int rc = x && t ? PG_OK : PG_ENOMEM;
    for (size_t r = 0; r < np && !rc; r++) {
        if (other_stratum(fit, ro, r)) continue;
        char id[32], c[5][40];
        const char *row[8] = {id, stratum_name(fit, r % ns), "quantile", c[0], c[1], c[2], c[3],
                              c[4]};
        snprintf(id, sizeof id, "%zu", r / ns + 1);
        for (size_t a = 0; a < ro->nq && !rc; a++) {
            double v[5];
            quantile_cells(fit, ro, r, a, x, v);
            pg_fmt_num(c[0], 40, v[1], 0);
            pg_fmt_num(c[1], 40, 1 - v[0], 0);
            pg_fmt_num(c[2], 40, v[2], 0);
            pg_fmt_num(c[3], 40, v[3], 0);
            pg_fmt_num(c[4], 40, v[4], 0);
            rc = pg_tab_row(t, row);
        }
        row[2] = "survival";
        for (size_t a = 0; a < ro->nt && !rc; a++) {
            covariates(fit, ro, r / ns, x);
            pg_fmt_num(c[0], 40, ro->times[a], 0);
            pg_fmt_num(c[1], 40, pg_survreg_surv(fit, x, r % ns, ro->times[a]), 0);
            for (size_t j = 2; j < 5; j++) pg_fmt_num(c[j], 40, NAN, 0);
            rc = pg_tab_row(t, row);
        }
    }
    if (!rc) rc = pg_tab_write(f, t, PG_FMT_CSV, 0);
    pg_tab_free(t);
    free(x);
    return rc;
}

static json_t *pair_json(const pg_survreg *fit, const pg_survreg_render_opts *ro, size_t r,
                         double *x)
{
    size_t ns = n_strata(fit);
    json_t *row = json_object(), *qa = json_array(), *sa = json_array();
    if (!row || !qa || !sa) goto fail;
    json_object_set_new(row, "row", json_integer((json_int_t)(r / ns + 1)));
    if (ns > 1) json_object_set_new(row, "strata", json_string(stratum_name(fit, r % ns)));
    for (size_t a = 0; a < ro->nq; a++) {
        double v[5];
        quantile_cells(fit, ro, r, a, x, v);
        json_t *o = json_object();
        if (!o) goto fail;
        json_object_set_new(o, "p", pg_json_num(v[0]));
        json_object_set_new(o, "time", pg_json_num(v[1]));
        json_object_set_new(o, "se", pg_json_num(v[2]));
        json_object_set_new(o, "conf_low", pg_json_num(v[3]));
        json_object_set_new(o, "conf_high", pg_json_num(v[4]));
        json_array_append_new(qa, o);
    }
    covariates(fit, ro, r / ns, x);
    for (size_t a = 0; a < ro->nt; a++) {
        json_t *o = json_object();
        if (!o) goto fail;
        json_object_set_new(o, "time", pg_json_num(ro->times[a]));
        json_object_set_new(o, "surv", pg_json_num(pg_survreg_surv(fit, x, r % ns,
                                                                    ro->times[a])));
        json_array_append_new(sa, o);
    }
    json_object_set_new(row, "quantiles", qa);
    json_object_set_new(row, "survival", sa);
    return row;
fail:
    json_decref(row);
    json_decref(qa);
    json_decref(sa);
    return NULL;
}

json_t *pg_survreg_pred_json(const pg_survreg *fit, const pg_survreg_render_opts *ro)
{
    json_t *arr = json_array();
    double *x = calloc(fit->p, sizeof *x);
    if (!arr || !x) goto fail;
    for (size_t r = 0; r < ro->m * n_strata(fit); r++) {
        if (other_stratum(fit, ro, r)) continue;
        json_t *row = pair_json(fit, ro, r, x);
        if (!row) goto fail;
        json_array_append_new(arr, row);
    }
    free(x);
    return arr;
fail:
    json_decref(arr);
    free(x);
    return NULL;
}
