/* frame_newdata.c -- a fitted frame's formula applied to new rows: the design matrix
 * (model.matrix(terms(fit), newdata)) and the stratum of each row, as R's predict methods
 * (survfit.coxph, predict.survreg) read them from newdata. */
#include "frame_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_impl.h"
#include "frame_model.h"

/* model.matrix(terms(fit), newdata): the right-hand-side terms of fr evaluated on new rows, with
 * fr's levels (a level fr has not seen, or a missing value, is an error naming the row). */
int pg_frame_newdata(const pg_frame *fr, const pg_dataset *newds, double **x, size_t *mrows,
                     pg_error *err)
{
    *x = NULL;
    *mrows = 0;
    if (!fr || !newds) return pg_fail(err, PG_EINPUT, "newdata: a frame and a dataset are needed");
    model *m = fr->model;
    if (!m) return pg_fail(err, PG_EINPUT, "newdata: this frame was not built from a formula");
    pg_formula *f = m->f;
    size_t M = newds->nrow, p = fr->p;
    int rc = PG_OK;
    pg_value *vl = pg_calloc_array(f->nleaves, sizeof *vl);
    size_t *lev = NULL;                 /* per leaf and row: model level, for factor leaves */
    double *out = pg_calloc_array(M * p, sizeof *out);
    if (!vl || !out) goto nomem;
    lev = pg_calloc_array(f->nleaves * (M ? M : 1), sizeof *lev);
    if (!lev) goto nomem;
    for (size_t j = 0; j < f->nleaves; j++) {
        const mleaf *l = &m->leaves[j];
        pg_eval_ctx c = {newds, f->leaf_labels[j]};
        /* The tree is only written to by fnclcc(), whose necrosis scale is already fixed. */
        rc = pg_expr_eval(f->leaves[j], &c, &vl[j], err);
        if (rc) {
            /* say that the new data, not the model's data, lack the variable */
            if (err && !err->file[0] && M > 0 && pg_frame_row_file(newds, 0)[0]) {
                static const char pre[] = "new data: ";
                size_t keep = sizeof err->msg - sizeof pre;       /* room for the old text */
                err->msg[keep] = '\0';
                memmove(err->msg + sizeof pre - 1, err->msg, strlen(err->msg) + 1);
                memcpy(err->msg, pre, sizeof pre - 1);
                snprintf(err->file, sizeof err->file, "%s", pg_frame_row_file(newds, 0));
            }
            goto fail;
        }
        for (size_t i = 0; i < M; i++) {
            char b[64], note[64];
            const char *s = pg_frame_value_text(&vl[j], i, b, sizeof b);
            if (!s) {
                rc = pg_fail_at(err, PG_EINPUT, pg_frame_row_file(newds, i), pg_dataset_row_line(newds, i),
                                0, "new data: '%s' is missing%s", f->leaf_labels[j],
                                pg_frame_row_note(newds, i, note, sizeof note));
                goto fail;
            }
            if (!l->factor) {
                if (vl[j].type == PG_V_FAC) {
                    rc = pg_fail_at(err, PG_EINPUT, pg_frame_row_file(newds, i),
                                    pg_dataset_row_line(newds, i), 0, "new data: '%s' is text, "
                                    "but numeric in the model", f->leaf_labels[j]);
                    goto fail;
                }
                continue;
            }
            size_t k = 0;
            while (k < l->nlevels && strcmp(l->levels[k], s) != 0) k++;
            if (k == l->nlevels) {
                rc = pg_fail_at(err, PG_EINPUT, pg_frame_row_file(newds, i), pg_dataset_row_line(newds, i),
                                0, "new data: level '%s' of '%s' was not in the data the model "
                                "was fitted on%s", s, l->var, pg_frame_row_note(newds, i, note, sizeof note));
                goto fail;
            }
            lev[j * M + i] = k;
        }
    }
    for (size_t t = 0; t < f->nterms; t++) {
        const pg_fterm *ft = &f->terms[t];
        const pg_frame_term *tt = &fr->terms[t];
        for (size_t c = 0; c < tt->ncol; c++) {
            size_t col = tt->first + c;
            for (size_t i = 0; i < M; i++) {
                double v = 1;
                size_t rest = c;
                for (size_t k = 0; k < ft->nleaf; k++) {
                    size_t j = ft->leaf[k];
                    const mleaf *l = &m->leaves[j];
                    size_t lc = leaf_ncol(l, m->full[t][k]);
                    size_t ck = rest % lc + !m->full[t][k];
                    rest /= lc;
                    if (l->factor) v *= lev[j * M + i] == ck;
                    else v *= vl[j].num[i];
                }
                out[i + col * M] = v;   /* column-major m x p */
            }
        }
    }
    *x = out;
    *mrows = M;
    out = NULL;
    goto done;
nomem:
    rc = pg_fail(err, PG_ENOMEM, "out of memory");
fail:
done:
    if (vl)
        for (size_t j = 0; j < f->nleaves; j++) pg_value_clear(&vl[j]);
    free(vl);
    free(lev);
    free(out);
    return rc;
}

/* Does every column e names exist in ds? */
static int vars_present(const pg_expr *e, const pg_dataset *ds)
{
    if (e->kind == PG_EX_VAR) return pg_dataset_find(ds, e->name) >= 0;
    for (size_t i = 0; i < e->nargs; i++)
        if (!vars_present(e->args[i], ds)) return 0;
    return 1;
}

int pg_frame_newdata_strata(const pg_frame *fr, const pg_dataset *newds, size_t **stratum,
                            pg_error *err)
{
    *stratum = NULL;
    if (!fr || !newds) return pg_fail(err, PG_EINPUT, "newdata: a frame and a dataset are needed");
    model *m = fr->model;
    if (!m || m->f->nstrata == 0) return PG_OK;
    pg_formula *f = m->f;
    size_t present = 0, M = newds->nrow;
    for (size_t j = 0; j < f->nstrata; j++) present += vars_present(f->strata[j], newds);
    if (present == 0) return PG_OK;     /* no stratum given: the caller predicts in each */
    if (present < f->nstrata) {
        for (size_t j = 0; j < f->nstrata; j++)
            if (!vars_present(f->strata[j], newds))
                return pg_fail_at(err, PG_EINPUT, M ? pg_frame_row_file(newds, 0) : "", 0, 0,
                                  "new data: the strata() variable '%s' is not a column; give "
                                  "every strata() variable of the model or none",
                                  f->strata_labels[j]);
    }
    int rc = PG_OK;
    pg_value *vs = pg_calloc_array(f->nstrata, sizeof *vs);
    size_t *out = pg_calloc_array(M ? M : 1, sizeof *out);
    char *name = NULL;
    const char **vals = pg_calloc_array(f->nstrata, sizeof *vals);
    char (*bufs)[64] = pg_calloc_array(f->nstrata, sizeof *bufs);
    if (!vs || !out || !vals || !bufs) goto nomem;
    for (size_t j = 0; j < f->nstrata && !rc; j++) {
        pg_eval_ctx c = {newds, f->strata_labels[j]};
        rc = pg_expr_eval(f->strata[j], &c, &vs[j], err);
    }
    for (size_t i = 0; i < M && !rc; i++) {
        /* The stratum's name as the frame names its strata: "sex=1, inst=3". */
        for (size_t j = 0; j < f->nstrata; j++) {
            char note[64];
            if (!(vals[j] = pg_frame_value_text(&vs[j], i, bufs[j], sizeof bufs[j]))) {
                rc = pg_fail_at(err, PG_EINPUT, pg_frame_row_file(newds, i),
                                pg_dataset_row_line(newds, i), 0, "new data: '%s' is missing%s",
                                f->strata_labels[j], pg_frame_row_note(newds, i, note, sizeof note));
                break;
            }
        }
        if (rc) break;
        free(name);
        if (!(name = pg_frame_tuple_name((const char *const *)f->strata_labels, vals, f->nstrata)))
            goto nomem;
        size_t k = 0;
        while (k < fr->nstrata && strcmp(fr->strata_names[k], name) != 0) k++;
        if (k == fr->nstrata) {
            char note[64];
            rc = pg_fail_at(err, PG_EINPUT, pg_frame_row_file(newds, i),
                            pg_dataset_row_line(newds, i), 0, "new data: stratum '%s' is not "
                            "one of the %zu strata the model was fitted in (the first: '%s')%s",
                            name, fr->nstrata, fr->strata_names[0],
                            pg_frame_row_note(newds, i, note, sizeof note));
            break;
        }
        out[i] = k;
    }
    if (!rc) {
        *stratum = out;
        out = NULL;
    }
    goto done;
nomem:
    rc = pg_fail(err, PG_ENOMEM, "out of memory");
done:
    if (vs)
        for (size_t j = 0; j < f->nstrata; j++) pg_value_clear(&vs[j]);
    free(vs);
    free(out);
    free(name);
    free(vals);
    free(bufs);
    return rc;
}
