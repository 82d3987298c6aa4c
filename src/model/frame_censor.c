/* frame_censor.c -- left and interval censored responses of a formula frame: R's
 * Surv(time, event, type = "left") and Surv(time, time2, type = "interval2"), which survreg
 * takes (frame.h, "Left and interval censoring"). frame_new.c evaluates the time and calls
 * pg_censor_eval for the rest of the response, then pg_censor_response for the kept rows.
 *
 * pg_censor_eval turns the response into what frame_new.c's row selection reads: the time value
 * (the lower end, or the upper end when the lower is open, NA when both are) and the event value
 * replaced by each row's code (0 right, 1 exact, 2 left, 3 interval; NA drops the row), so a row
 * is dropped, and a negative time refused, by the same rules as for Surv(time, event).
 * Matches: survival's Surv() (type "left": status 0 means left censored; type "interval2": NA or
 * -Inf lower, NA or Inf upper are open ends, lower == upper exact). Where R only warns about an
 * interval whose lower end is above its upper ("Invalid interval: start > stop, NA created"),
 * prognos stops with the row's file and line. */
#include "frame_censor.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset_impl.h"

static const char *const type_name[] = {"right", "left", "interval2"};

static double at(const pg_value *v, size_t i) { return v->num[v->n == 1 ? 0 : i]; }

/* A fresh numeric value of n rows (the old one cleared). NULL num on failure. */
static int value_new(pg_value *v, size_t n)
{
    pg_value_clear(v);
    memset(v, 0, sizeof *v);
    v->type = PG_V_NUM;
    v->n = n;
    v->num = pg_malloc_array(n ? n : 1, sizeof *v->num);
    return v->num ? PG_OK : PG_ENOMEM;
}

/* A numeric response argument (the event of type "left" may be TRUE/FALSE). */
static int need_numeric(const pg_formula *f, const pg_expr *e, const pg_value *v, int lgl_ok,
                        const char *what, pg_error *err)
{
    if (v->type == PG_V_NUM || (lgl_ok && v->type == PG_V_LGL)) return PG_OK;
    char *t = pg_expr_deparse(e);
    int rc = pg_fail_term(err, PG_EINPUT, f->response, e->pos, "%s '%s' must be %s, but it is "
                          "%s", what, t ? t : "?", lgl_ok ? "0/1 or TRUE/FALSE" : "numeric",
                          v->type == PG_V_FAC ? "text" : "TRUE/FALSE");
    free(t);
    return rc;
}

/* type = "left": event 1 / TRUE -> exact (1), 0 / FALSE -> left censored (2). */
static int left_codes(const pg_dataset *ds, const pg_formula *f, pg_value *ve, pg_error *err)
{
    pg_value ev = {0};
    pg_eval_ctx c = {ds, f->response};
    size_t n = ds->nrow;
    int rc = pg_expr_eval(f->event, &c, &ev, err);
    if (!rc) rc = need_numeric(f, f->event, &ev, 1, "event", err);
    for (size_t i = 0; !rc && i < n; i++) {
        double e = at(&ev, i);
        if (!isnan(e) && e != 0 && e != 1) {
            char buf[64];
            rc = pg_fail_at(err, PG_EINPUT, pg_dataset_row_file(ds, i),
                            pg_dataset_row_line(ds, i), 0, "Surv(type = \"left\"): event %s "
                            "must be 0 (left censored) or 1 (observed)",
                            pg_fmt_rnum(buf, sizeof buf, e));
        }
    }
    if (!rc && value_new(ve, n)) rc = pg_fail(err, PG_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        double e = at(&ev, i);
        ve->num[i] = isnan(e) ? NAN : e == 1 ? 1 : 2;
    }
    pg_value_clear(&ev);
    return rc;
}

/* type = "interval2": the codes from which ends are open, the time from the lower end (the upper
 * one when the lower is open). */
static int interval_codes(const pg_dataset *ds, const pg_formula *f, pg_value *vt, pg_value *ve,
                          pg_value *vt2, pg_error *err)
{
    pg_eval_ctx c = {ds, f->response};
    size_t n = ds->nrow;
    pg_value lo = *vt;
    int rc = pg_expr_eval(f->time2, &c, vt2, err);
    if (!rc) rc = need_numeric(f, f->time2, vt2, 0, "upper time", err);
    memset(vt, 0, sizeof *vt);
    if (!rc && (value_new(vt, n) || value_new(ve, n)))
        rc = pg_fail(err, PG_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        double l = at(&lo, i), u = at(vt2, i);
        int lopen = isnan(l) || (isinf(l) && l < 0), uopen = isnan(u) || (isinf(u) && u > 0);
        if (!lopen && !uopen && l > u) {
            char b1[64], b2[64];
            rc = pg_fail_at(err, PG_EINPUT, pg_dataset_row_file(ds, i),
                            pg_dataset_row_line(ds, i), 0, "the interval's lower end %s is "
                            "above its upper end %s (Surv(type = \"interval2\"))",
                            pg_fmt_rnum(b1, sizeof b1, l), pg_fmt_rnum(b2, sizeof b2, u));
            break;
        }
        vt->num[i] = lopen ? (uopen ? NAN : u) : l;
        ve->num[i] = lopen && uopen ? NAN : lopen ? 2 : uopen ? 0 : l == u ? 1 : 3;
    }
    pg_value_clear(&lo);
    return rc;
}

int pg_censor_eval(const pg_dataset *ds, const pg_formula *f, const pg_frame_opts *opt,
                   pg_value *vt, pg_value *ve, pg_value *vt2, pg_error *err)
{
    if (!opt || !opt->censoring)
        return pg_fail_term(err, PG_EINPUT, f->response, f->time->pos, "Surv(type = \"%s\"): "
                            "%s-censored data are for 'prognos survreg'; this analysis takes "
                            "right-censored Surv(time, event)", type_name[f->surv_type],
                            f->surv_type == PG_SURV_LEFT ? "left" : "interval");
    if (f->surv_type == PG_SURV_LEFT) return left_codes(ds, f, ve, err);
    return interval_codes(ds, f, vt, ve, vt2, err);
}

int pg_censor_response(pg_frame *fr, const pg_value *vt, const pg_value *vt2,
                       const pg_value *ve, const char *response, pg_error *err)
{
    size_t n = fr->n;
    fr->time = pg_malloc_array(n, sizeof *fr->time);
    fr->status = pg_malloc_array(n, sizeof *fr->status);
    fr->censoring = pg_malloc_array(n, sizeof *fr->censoring);
    if (vt2->num) fr->time2 = pg_calloc_array(n, sizeof *fr->time2);
    free(fr->response);
    fr->response = pg_strdup(response);
    if (!fr->time || !fr->status || !fr->censoring || (vt2->num && !fr->time2) || !fr->response)
        return pg_fail(err, PG_ENOMEM, "out of memory");
    fr->events = 0;
    for (size_t r = 0; r < n; r++) {
        size_t i = fr->rows[r];
        int code = (int)at(ve, i);
        fr->time[r] = at(vt, i);
        fr->censoring[r] = code;
        fr->status[r] = code == 1;
        fr->events += code == 1;
        if (fr->time2) fr->time2[r] = code == 3 ? at(vt2, i) : fr->time[r];
    }
    return PG_OK;
}

const int *pg_frame_censoring(const pg_frame *fr) { return fr->censoring; }
const double *pg_frame_time2(const pg_frame *fr) { return fr->time2; }
