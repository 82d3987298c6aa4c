/* render_reconstruct.c -- the faithfulness report of `prognos reconstruct`
 * (render_reconstruct.h). */
#include "render_reconstruct.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int json_summary(FILE *f, const pg_recon *r)
{
    json_t *root = json_object(), *arms = json_array();
    if (!root || !arms) {
        json_decref(root);
        json_decref(arms);
        return PG_ENOMEM;
    }
    json_object_set_new(root, "n", json_integer((json_int_t)r->n_rows));
    for (size_t a = 0; a < r->n_arms; a++) {
        const pg_recon_arm *ra = &r->arms[a];
        json_t *o = json_object(), *risk = json_array();
        if (!o || !risk) {
            json_decref(o);
            json_decref(risk);
            json_decref(arms);
            json_decref(root);
            return PG_ENOMEM;
        }
        json_object_set_new(o, "arm", json_string(ra->arm));
        json_object_set_new(o, "n", json_integer((json_int_t)ra->n));
        json_object_set_new(o, "events", json_integer((json_int_t)ra->events));
        json_object_set_new(o, "events_reported",
                            isnan(ra->events_reported)
                                ? json_null()
                                : json_integer((json_int_t)ra->events_reported));
        json_object_set_new(o, "points_read", json_integer((json_int_t)ra->n_points_read));
        json_object_set_new(o, "points_used", json_integer((json_int_t)ra->n_points_used));
        json_object_set_new(o, "rmse", pg_json_num(ra->rmse));
        json_object_set_new(o, "max_abs_diff", pg_json_num(ra->max_abs_diff));
        for (size_t i = 0; i < ra->n_risk; i++) {
            json_t *p = json_object();
            if (!p) continue;
            json_object_set_new(p, "time", pg_json_num(ra->risk_time[i]));
            json_object_set_new(p, "published", json_integer((json_int_t)ra->n_risk_published[i]));
            json_object_set_new(p, "rebuilt", json_integer((json_int_t)ra->n_risk_rebuilt[i]));
            json_array_append_new(risk, p);
        }
        json_object_set_new(o, "at_risk", risk);
        json_array_append_new(arms, o);
    }
    json_object_set_new(root, "arms", arms);
    int rc = pg_json_write(f, root);
    json_decref(root);
    return rc;
}

/* Write one table, each text line after prefix. */
static int write_tab(FILE *f, const pg_tab *t, pg_format fmt, const char *prefix)
{
    if (!prefix || fmt != PG_FMT_TEXT) return pg_tab_write(f, t, fmt, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) return PG_ENOMEM;
    int rc = pg_tab_write(mem, t, fmt, 0);
    if (fclose(mem) != 0 && !rc) rc = PG_ENOMEM;
    for (char *line = buf, *nl; !rc && line && *line; line = nl ? nl + 1 : NULL) {
        nl = strchr(line, '\n');
        if (fprintf(f, "%s%.*s\n", prefix, nl ? (int)(nl - line) : (int)strlen(line), line) < 0)
            rc = PG_EIO;
    }
    free(buf);
    return rc;
}

static int summary_table(FILE *f, const pg_recon *r, pg_format fmt, const char *prefix)
{
    static const char *const head[] = {"arm",  "n",    "events",      "reported",
                                       "points", "used", "rmse", "max_abs_diff"};
    pg_tab *t = pg_tab_new(8, head);
    if (!t) return PG_ENOMEM;
    pg_tab_left(t, 0);
    int rc = PG_OK;
    int digits = fmt == PG_FMT_CSV ? 0 : 4;
    for (size_t a = 0; a < r->n_arms && !rc; a++) {
        const pg_recon_arm *ra = &r->arms[a];
        char n[32], e[32], rep[32], pr[32], pu[32], rm[40], mx[40];
        snprintf(n, sizeof n, "%zu", ra->n);
        snprintf(e, sizeof e, "%zu", ra->events);
        pg_fmt_num(rep, sizeof rep, ra->events_reported, 7);
        snprintf(pr, sizeof pr, "%zu", ra->n_points_read);
        snprintf(pu, sizeof pu, "%zu", ra->n_points_used);
        pg_fmt_num(rm, sizeof rm, ra->rmse, digits);
        pg_fmt_num(mx, sizeof mx, ra->max_abs_diff, digits);
        const char *cells[] = {ra->arm, n, e, rep, pr, pu, rm, mx};
        rc = pg_tab_row(t, cells);
    }
    if (!rc) rc = write_tab(f, t, fmt, prefix);
    pg_tab_free(t);
    return rc;
}

static int risk_table(FILE *f, const pg_recon *r, pg_format fmt, const char *prefix)
{
    static const char *const head[] = {"arm", "time", "at_risk_published", "at_risk_rebuilt"};
    pg_tab *t = pg_tab_new(4, head);
    if (!t) return PG_ENOMEM;
    pg_tab_left(t, 0);
    int rc = PG_OK;
    for (size_t a = 0; a < r->n_arms && !rc; a++) {
        const pg_recon_arm *ra = &r->arms[a];
        for (size_t i = 0; i < ra->n_risk && !rc; i++) {
            char tm[40], p[32], b[32];
            pg_fmt_num(tm, sizeof tm, ra->risk_time[i], 7);
            pg_fmt_num(p, sizeof p, ra->n_risk_published[i], 7);
            pg_fmt_num(b, sizeof b, ra->n_risk_rebuilt[i], 7);
            const char *cells[] = {ra->arm, tm, p, b};
            rc = pg_tab_row(t, cells);
        }
    }
    if (!rc) rc = write_tab(f, t, fmt, prefix);
    pg_tab_free(t);
    return rc;
}

int pg_render_recon(FILE *f, const pg_recon *r, pg_format fmt, const char *prefix)
{
    if (fmt == PG_FMT_JSON) return json_summary(f, r);
    int rc = summary_table(f, r, fmt, prefix);
    if (rc || fmt == PG_FMT_CSV) return rc;
    if (fputc('\n', f) == EOF) return PG_EIO;
    return risk_table(f, r, fmt, prefix);
}
