/* render_coxdiag.c -- Cox residuals, predicted curves and the baseline hazard as tables. */
#include "render_coxdiag.h"

#include <stdlib.h>
#include <string.h>

const char *pg_resid_type_name(pg_resid_type t)
{
    switch (t) {
    case PG_RESID_MARTINGALE: return "martingale";
    case PG_RESID_DEVIANCE: return "deviance";
    case PG_RESID_SCORE: return "score";
    case PG_RESID_SCHOENFELD: return "schoenfeld";
    case PG_RESID_SCALED_SCHOENFELD: return "scaledsch";
    case PG_RESID_DFBETA: return "dfbeta";
    }
    return "unknown";
}

/* A table written in fmt, or as JSON rows of objects keyed by the header. */
static int write_table(FILE *f, const char *const *hdr, size_t nc, size_t nr,
                       void (*cell)(const void *ctx, size_t i, size_t j, char *buf, double *num,
                                    int *is_num),
                       const void *ctx, pg_format fmt, const char *json_key, json_t *root)
{
    if (fmt == PG_FMT_JSON) {
        json_t *rows = json_array();
        if (!rows) return PG_ENOMEM;
        for (size_t i = 0; i < nr; i++) {
            json_t *o = json_object();
            if (!o) {
                json_decref(rows);
                return PG_ENOMEM;
            }
            for (size_t j = 0; j < nc; j++) {
                char buf[256];
                double x = 0;
                int isn = 1;
                cell(ctx, i, j, buf, &x, &isn);
                json_object_set_new(o, hdr[j], isn ? pg_json_num(x) : json_string(buf));
            }
            json_array_append_new(rows, o);
        }
        json_object_set_new(root, json_key, rows);
        return pg_json_write(f, root);
    }
    pg_tab *t = pg_tab_new(nc, hdr);
    const char **row = malloc(nc * sizeof *row);
    char(*cells)[256] = malloc(nc * sizeof *cells);
    int rc = PG_ENOMEM;
    if (!t || !row || !cells) goto done;
    for (size_t i = 0; i < nr; i++) {
        for (size_t j = 0; j < nc; j++) {
            double x = 0;
            int isn = 1;
            cell(ctx, i, j, cells[j], &x, &isn);
            if (isn) pg_fmt_num(cells[j], sizeof cells[j], x, 0);
            row[j] = cells[j];
        }
        if (pg_tab_row(t, row)) goto done;
    }
    rc = pg_tab_write(f, t, fmt == PG_FMT_MD ? PG_FMT_MD : PG_FMT_CSV, 0);
done:
    pg_tab_free(t);
    free(row);
    free(cells);
    return rc;
}

typedef struct resid_ctx {
    const pg_cox_resid *r;
    const size_t *rows;
    int has_time;
} resid_ctx;

static void resid_cell(const void *vctx, size_t i, size_t j, char *buf, double *num, int *isn)
{
    const resid_ctx *c = vctx;
    (void)buf;
    *isn = 1;
    size_t fr_row = c->r->row ? c->r->row[i] : i;
    if (j == 0) {
        *num = (double)((c->rows ? c->rows[fr_row] : fr_row) + 1);
        return;
    }
    if (c->has_time && j == 1) {
        *num = c->r->time[i];
        return;
    }
    size_t k = j - 1 - (size_t)c->has_time;
    *num = c->r->value[i * c->r->ncol + k];
}

static int finish(int rc, pg_error *err)
{
    if (rc == PG_ENOMEM) return pg_fail(err, rc, "cox: out of memory");
    if (rc) return pg_fail(err, PG_EIO, "cox: cannot write the output");
    return PG_OK;
}

int pg_render_cox_resid(FILE *f, const pg_cox_resid *r, const pg_frame *fr, pg_format fmt,
                        pg_error *err)
{
    int has_time = r->time != NULL;
    size_t nc = 1 + (size_t)has_time + r->ncol;
    const char **hdr = malloc(nc * sizeof *hdr);
    json_t *root = fmt == PG_FMT_JSON ? json_object() : NULL, *cols = NULL;
    int rc = PG_ENOMEM;
    if (!hdr || (fmt == PG_FMT_JSON && !root)) goto done;
    hdr[0] = "row";
    if (has_time) hdr[1] = "time";
    int vec = r->type == PG_RESID_MARTINGALE || r->type == PG_RESID_DEVIANCE;
    for (size_t k = 0; k < r->ncol; k++)
        hdr[1 + has_time + k] = vec ? pg_resid_type_name(r->type) : pg_frame_colname(fr, k);
    if (root) {
        json_object_set_new(root, "type", json_string(pg_resid_type_name(r->type)));
        cols = json_array();
        if (!cols) goto done;
        for (size_t k = 0; k < r->ncol; k++)
            json_array_append_new(cols, json_string(hdr[1 + has_time + k]));
        json_object_set_new(root, "columns", cols);
    }
    resid_ctx ctx = {r, fr ? pg_frame_rows(fr) : NULL, has_time};
    rc = write_table(f, hdr, nc, r->nrow, resid_cell, &ctx, fmt, "rows", root);
done:
    json_decref(root);
    free(hdr);
    return finish(rc, err);
}

typedef struct curve_ctx {
    const pg_cox_curves *c;
    size_t *curve_of;       /* step -> curve */
    int strata;
} curve_ctx;

static void curve_cell(const void *vctx, size_t i, size_t j, char *buf, double *num, int *isn)
{
    const curve_ctx *x = vctx;
    const pg_cox_curves *c = x->c;
    size_t cv = x->curve_of[i];
    *isn = 1;
    if (j == 0) {
        *num = (double)(c->newdata_row[cv] + 1);
        return;
    }
    if (x->strata && j == 1) {
        *isn = 0;
        snprintf(buf, 256, "%s", c->strata_name[c->stratum[cv]]);
        return;
    }
    const double *col[] = {c->time, c->n_risk, c->n_event, c->cumhaz, c->surv, c->std_err,
                           c->conf_low, c->conf_high};
    *num = col[j - 1 - (size_t)x->strata][i];
}

static void basehaz_cell(const void *vctx, size_t i, size_t j, char *buf, double *num, int *isn)
{
    const curve_ctx *x = vctx;
    const pg_cox_curves *c = x->c;
    *isn = j < 2;
    if (j == 0) *num = c->cumhaz[i];
    else if (j == 1) *num = c->time[i];
    else snprintf(buf, 256, "%s", c->strata_name[c->stratum[x->curve_of[i]]]);
}

static int curves_common(FILE *f, const pg_cox_curves *c, pg_format fmt, int basehaz,
                         pg_error *err)
{
    size_t nstep = c->start[c->n_curves];
    curve_ctx ctx = {c, pg_malloc_array(nstep ? nstep : 1, sizeof *ctx.curve_of),
                     c->n_strata > 1};
    json_t *root = fmt == PG_FMT_JSON ? json_object() : NULL;
    int rc = PG_ENOMEM;
    if (!ctx.curve_of || (fmt == PG_FMT_JSON && !root)) goto done;
    for (size_t k = 0; k < c->n_curves; k++)
        for (size_t i = c->start[k]; i < c->start[k + 1]; i++) ctx.curve_of[i] = k;
    if (basehaz) {
        const char *hdr[] = {"hazard", "time", "strata"};
        rc = write_table(f, hdr, 2 + (size_t)ctx.strata, nstep, basehaz_cell, &ctx, fmt,
                         "basehaz", root);
    } else {
        const char *hs[] = {"newdata_row", "strata", "time", "n_risk", "n_event", "cumhaz",
                            "surv", "std_err", "conf_low", "conf_high"};
        const char *hn[] = {"newdata_row", "time", "n_risk", "n_event", "cumhaz", "surv",
                            "std_err", "conf_low", "conf_high"};
        rc = write_table(f, ctx.strata ? hs : hn, ctx.strata ? 10 : 9, nstep, curve_cell, &ctx,
                         fmt, "curves", root);
    }
done:
    json_decref(root);
    free(ctx.curve_of);
    return finish(rc, err);
}

int pg_render_cox_curves(FILE *f, const pg_cox_curves *c, pg_format fmt, pg_error *err)
{
    return curves_common(f, c, fmt, 0, err);
}

int pg_render_cox_basehaz(FILE *f, const pg_cox_curves *c, pg_format fmt, pg_error *err)
{
    return curves_common(f, c, fmt, 1, err);
}
