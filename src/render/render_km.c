/* render_km.c -- Kaplan-Meier results as R-like text, tidy CSV, JSON and Markdown. */
#include "render_km.h"
#include "prognos/format.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void pg_km_render_opts_init(pg_km_render_opts *o)
{
    memset(o, 0, sizeof *o);
    o->digits = 3;
}

int pg_km_steps_parse(const char *s, pg_km_steps *out)
{
    static const char *const names[] = {"all", "events", "none"};
    for (int k = 0; k < 3; k++)
        if (strcmp(s, names[k]) == 0) {
            *out = (pg_km_steps)(k + 1);
            return PG_OK;
        }
    return PG_EINPUT;
}

/* Is step k written? text: event times unless all (or --censored); csv, json: every time
 * unless events. */
static int step_shown(const pg_km *km, const pg_km_render_opts *o, size_t k, int text)
{
    switch (o->steps) {
    case PG_KM_STEPS_ALL: return 1;
    case PG_KM_STEPS_EVENTS: return km->n_event[k] > 0;
    case PG_KM_STEPS_NONE: return 0;
    default: return text ? km->n_event[k] > 0 || o->censored : 1;
    }
}

/* R's format(x, digits) of one column of a printed matrix (pg_format_r_spec), each cell
 * trimmed (the table aligns them) and owned by the caller. */
int pg_km_format_column(const double *x, size_t n, int digits, char **out)
{
    pg_format_spec s = pg_format_r_spec(x, n, digits);
    s.width = 0;
    for (size_t i = 0; i < n; i++) {
        char buf[PG_FORMAT_CELL];
        out[i] = pg_strdup(pg_format_r_encode(buf, sizeof buf, x[i], &s));
        if (!out[i]) {
            for (size_t k = 0; k < i; k++) free(out[k]);
            return PG_ENOMEM;
        }
    }
    return PG_OK;
}

/* A table whose cells are columns of numbers formatted the R way, plus optional leading text
 * columns. Built column by column, then turned into a pg_tab. */
typedef struct coltab {
    size_t ncol, nrow;
    char **cell;   /* ncol * nrow, column-major */
    const char **head;
    int *left;
} coltab;

static coltab *coltab_new(size_t ncol, size_t nrow)
{
    coltab *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->ncol = ncol;
    c->nrow = nrow;
    c->cell = pg_calloc_array(ncol * (nrow ? nrow : 1), sizeof *c->cell);
    c->head = pg_calloc_array(ncol, sizeof *c->head);
    c->left = pg_calloc_array(ncol, sizeof *c->left);
    if (!c->cell || !c->head || !c->left) {
        free(c->cell);
        free(c->head);
        free(c->left);
        free(c);
        return NULL;
    }
    return c;
}

static void coltab_free(coltab *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->ncol * c->nrow; i++) free(c->cell[i]);
    free(c->cell);
    free(c->head);
    free(c->left);
    free(c);
}

static int coltab_num(coltab *c, size_t j, const char *head, const double *x, int digits)
{
    c->head[j] = head;
    return pg_km_format_column(x, c->nrow, digits, c->cell + j * c->nrow);
}

static int coltab_text(coltab *c, size_t j, const char *head, const char *const *s, int left)
{
    c->head[j] = head;
    c->left[j] = left;
    for (size_t i = 0; i < c->nrow; i++)
        if (!(c->cell[j * c->nrow + i] = pg_strdup(s[i]))) return PG_ENOMEM;
    return PG_OK;
}

static int coltab_write(FILE *f, coltab *c, pg_format fmt, int indent)
{
    pg_tab *t = pg_tab_new(c->ncol, c->head);
    const char **row = pg_calloc_array(c->ncol, sizeof *row);
    int rc = (t && row) ? PG_OK : PG_ENOMEM;
    for (size_t j = 0; rc == PG_OK && j < c->ncol; j++)
        if (c->left[j]) pg_tab_left(t, j);
    for (size_t i = 0; rc == PG_OK && i < c->nrow; i++) {
        for (size_t j = 0; j < c->ncol; j++) row[j] = c->cell[j * c->nrow + i];
        rc = pg_tab_row(t, row);
    }
    if (rc == PG_OK) rc = pg_tab_write(f, t, fmt, indent);
    free(row);
    pg_tab_free(t);
    return rc;
}

/* "95%" for 0.95, "97.5%" for 0.975 (R: paste0(format(100 * conf.int), "%")). */
static void pct(char *buf, size_t len, double level)
{
    snprintf(buf, len, "%.15g%%", 100 * level);
}

/* print(fit): n, events, [rmean*, se(rmean)], median, LCL, UCL per curve. */
static int write_print_table(FILE *f, const pg_km *km, pg_format fmt, int digits)
{
    size_t nc = km->n_strata;
    int rmean = km->rmst != NULL, ci = km->conf_type != PG_CONF_NONE;
    int ag = km->strata_n_max != NULL;   /* counting data: records n.max n.start, as R */
    int wn = km->strata_wn != NULL && !ag;   /* weights: records n (the weight sum), as R */
    size_t ncol = 1 + 2 + (ag ? 2 : 0) + (wn ? 1 : 0) + (rmean ? 2 : 0) + 1 + (ci ? 2 : 0);
    coltab *c = coltab_new(ncol, nc);
    double *v = pg_malloc_array(nc, sizeof *v);
    const char **names = pg_calloc_array(nc, sizeof *names);
    char lcl[64], ucl[64];
    snprintf(lcl, sizeof lcl, "%.15gLCL", km->conf_level);
    snprintf(ucl, sizeof ucl, "%.15gUCL", km->conf_level);
    int rc = (c && v && names) ? PG_OK : PG_ENOMEM;
    if (rc) goto done;
    for (size_t s = 0; s < nc; s++)   /* R names a single curve's row "[1,]" */
        names[s] = nc == 1 && !km->strata_name[s][0] ? (fmt == PG_FMT_MD ? "" : "[1,]")
                                                     : km->strata_name[s];
    size_t j = 0;
    rc = coltab_text(c, j++, "", names, 1);
    for (size_t s = 0; s < nc; s++) v[s] = (double)km->strata_n[s];
    if (!rc) rc = coltab_num(c, j++, ag || wn ? "records" : "n", v, digits);
    if (wn && !rc) rc = coltab_num(c, j++, "n", km->strata_wn, digits);
    if (ag && !rc) rc = coltab_num(c, j++, "n.max", km->strata_n_max, digits);
    if (ag && !rc) rc = coltab_num(c, j++, "n.start", km->strata_n_start, digits);
    for (size_t s = 0; s < nc; s++)   /* weighted: the sum of the event weights, as R */
        v[s] = km->strata_wevents ? km->strata_wevents[s] : (double)km->strata_events[s];
    if (!rc) rc = coltab_num(c, j++, "events", v, digits);
    if (rmean) {
        if (!rc) rc = coltab_num(c, j++, "rmean*", km->rmst, digits);
        if (!rc) rc = coltab_num(c, j++, "se(rmean)", km->rmst_se, digits);
    }
    for (size_t s = 0; s < nc; s++) v[s] = km->median[s].estimate;
    if (!rc) rc = coltab_num(c, j++, "median", v, digits);
    if (ci) {
        for (size_t s = 0; s < nc; s++) v[s] = km->median[s].conf_low;
        if (!rc) rc = coltab_num(c, j++, lcl, v, digits);
        for (size_t s = 0; s < nc; s++) v[s] = km->median[s].conf_high;
        if (!rc) rc = coltab_num(c, j++, ucl, v, digits);
    }
    if (!rc) rc = coltab_write(f, c, fmt, 0);
    if (!rc && rmean) {
        char b[64];
        pg_fmt_num(b, sizeof b, km->rmst_tau, 7);
        if (fmt == PG_FMT_MD) fprintf(f, "\n\\* restricted mean with upper limit = %s\n", b);
        else fprintf(f, "    * restricted mean with upper limit =  %s\n", b);
    }
done:
    free(v);
    free(names);
    coltab_free(c);
    return rc;
}

/* One block of summary(fit) rows for curve s: time n.risk n.event survival std.err limits
 * [cumhaz std.chaz]. rows[] lists step indices (or "at" indices when at != 0). */
static int write_summary_block(FILE *f, const pg_km *km, const size_t *rows, size_t nr, int at,
                               int cumhaz, pg_format fmt, int digits)
{
    int ci = km->conf_type != PG_CONF_NONE;
    size_t ncol = 5 + (ci ? 2 : 0) + (cumhaz && !at ? 2 : 0);
    coltab *c = coltab_new(ncol, nr);
    double *v = pg_malloc_array(nr ? nr : 1, sizeof *v);
    char lo[80], hi[80], p[40];
    pct(p, sizeof p, km->conf_level);
    snprintf(lo, sizeof lo, "lower %s CI", p);
    snprintf(hi, sizeof hi, "upper %s CI", p);
    int rc = (c && v) ? PG_OK : PG_ENOMEM;
    const double *src[9];
    const char *heads[9] = {"time", "n.risk", "n.event", "survival", "std.err", lo, hi, "cumhaz",
                            "std.chaz"};
    if (at) {
        const double *a[] = {km->at_time, km->at_n_risk, km->at_n_event, km->at_surv,
                             km->at_std_err, km->at_conf_low, km->at_conf_high, NULL, NULL};
        memcpy(src, a, sizeof a);
    } else {
        const double *a[] = {km->time, km->n_risk, km->n_event, km->surv, km->std_err,
                             km->conf_low, km->conf_high, km->cumhaz, km->cumhaz_se};
        memcpy(src, a, sizeof a);
    }
    size_t j = 0;
    for (size_t k = 0; rc == PG_OK && k < 9; k++) {
        if ((k == 5 || k == 6) && !ci) continue;
        if (k >= 7 && !(cumhaz && !at)) continue;
        for (size_t i = 0; i < nr; i++) v[i] = src[k][rows[i]];
        rc = coltab_num(c, j++, heads[k], v, digits);
        /* R prints std.err * surv = Inf * 0 as NaN once S reaches 0 */
        for (size_t i = 0; rc == PG_OK && k == 4 && i < nr; i++) {
            char **cell = &c->cell[(j - 1) * nr + i];
            if (isnan(v[i]) && src[3][rows[i]] == 0 && strcmp(*cell, "NA") == 0) {
                free(*cell);
                if (!(*cell = pg_strdup("NaN"))) rc = PG_ENOMEM;
            }
        }
    }
    if (!rc) rc = coltab_write(f, c, fmt, fmt == PG_FMT_TEXT ? 1 : 0);
    free(v);
    coltab_free(c);
    return rc;
}

static void heading(FILE *f, pg_format fmt, const char *text)
{
    if (fmt == PG_FMT_MD) {
        char *e = pg_md_escape(text);    /* a level name's line break would end the heading */
        fprintf(f, "\n### %s\n\n", e ? e : text);
        free(e);
    } else {
        fprintf(f, "\n%s\n", text);
    }
}

/* summary(fit) and summary(fit, times) blocks, one per curve. */
static int write_summaries(FILE *f, const pg_km *km, const pg_km_render_opts *o, pg_format fmt,
                           int at)
{
    size_t most = 0;
    for (size_t s = 0; s < km->n_strata; s++) {
        size_t len = km->strata_start[s + 1] - km->strata_start[s];
        if (len > most) most = len;
    }
    if (km->n_times > most) most = km->n_times;
    size_t *rows = pg_malloc_array(most ? most : 1, sizeof *rows);
    if (!rows) return PG_ENOMEM;
    int rc = PG_OK;
    for (size_t s = 0; rc == PG_OK && s < km->n_strata; s++) {
        size_t nr = 0;
        if (at) {
            for (size_t q = 0; q < km->n_times; q++)
                if (!isnan(km->at_n_risk[s * km->n_times + q])) rows[nr++] = s * km->n_times + q;
        } else {
            for (size_t k = km->strata_start[s]; k < km->strata_start[s + 1]; k++)
                if (step_shown(km, o, k, 1)) rows[nr++] = k;
        }
        const char *name = km->strata_name[s];
        if (fmt == PG_FMT_MD) {
            if (name[0]) {
                char *e = pg_md_escape(name);
                fprintf(f, "%s**%s**\n\n", s ? "\n" : "", e ? e : name);
                free(e);
            }
        } else {
            fputc('\n', f);
            if (name[0]) fprintf(f, "                %s\n", name);
        }
        if (nr == 0) {
            fprintf(f, "%s\n", at ? "(all times after the last follow-up)" : "(no events)");
            continue;
        }
        rc = write_summary_block(f, km, rows, nr, at, o->cumhaz, fmt, o->digits);
    }
    free(rows);
    return rc;
}

static int write_quantiles(FILE *f, const pg_km *km, pg_format fmt, int digits)
{
    size_t nq = km->n_quantiles, nc = km->n_strata, nr = nq * nc;
    int ci = km->conf_type != PG_CONF_NONE, named = !(nc == 1 && !km->strata_name[0][0]);
    coltab *c = coltab_new((named ? 1 : 0) + 2 + (ci ? 2 : 0), nr);
    double *v = pg_malloc_array(nr, sizeof *v);
    const char **names = pg_calloc_array(nr, sizeof *names);
    char lo[80], hi[80], p[40];
    pct(p, sizeof p, km->conf_level);
    snprintf(lo, sizeof lo, "lower %s CI", p);
    snprintf(hi, sizeof hi, "upper %s CI", p);
    int rc = (c && v && names) ? PG_OK : PG_ENOMEM;
    size_t j = 0;
    if (!rc && named) {
        for (size_t i = 0; i < nr; i++) names[i] = km->strata_name[i / nq];
        rc = coltab_text(c, j++, "", names, 1);
    }
    for (size_t i = 0; i < nr; i++) v[i] = km->quantiles[i].p;
    if (!rc) rc = coltab_num(c, j++, "p", v, 15);
    for (size_t i = 0; i < nr; i++) v[i] = km->quantiles[i].estimate;
    if (!rc) rc = coltab_num(c, j++, "quantile", v, digits);
    if (ci) {
        for (size_t i = 0; i < nr; i++) v[i] = km->quantiles[i].conf_low;
        if (!rc) rc = coltab_num(c, j++, lo, v, digits);
        for (size_t i = 0; i < nr; i++) v[i] = km->quantiles[i].conf_high;
        if (!rc) rc = coltab_num(c, j++, hi, v, digits);
    }
    if (!rc) rc = coltab_write(f, c, fmt, 0);
    free(v);
    free(names);
    coltab_free(c);
    return rc;
}

static void write_call(FILE *f, const pg_km *km, const pg_km_render_opts *o)
{
    fprintf(f, "Call: survfit(formula = %s", o->formula);
    if (km->conf_type != PG_CONF_LOG) fprintf(f, ", conf.type = \"%s\"",
                                              pg_km_conf_type_name(km->conf_type));
    if (km->conf_level != 0.95) fprintf(f, ", conf.int = %.15g", km->conf_level);
    fprintf(f, ")\n");
}

static int write_followup(FILE *f, const pg_km *km, const pg_km_quantile *fu,
                          int digits)
{
    double v[3] = {fu->estimate, fu->conf_low, fu->conf_high};
    char *s[3] = {NULL, NULL, NULL};
    if (pg_km_format_column(v, 3, digits, s)) return PG_ENOMEM;
    char p[40];
    pct(p, sizeof p, km->conf_level);
    fputc('\n', f);
    if (km->conf_type == PG_CONF_NONE)
        fprintf(f, "Median follow-up (reverse Kaplan-Meier): %s\n", s[0]);
    else
        fprintf(f, "Median follow-up (reverse Kaplan-Meier): %s (%s CI %s to %s)\n", s[0], p,
                s[1], s[2]);
    for (int i = 0; i < 3; i++) free(s[i]);
    return PG_OK;
}

static int render_text(FILE *f, const pg_km *km, const pg_km_render_opts *o, pg_format fmt)
{
    int rc;
    if (fmt == PG_FMT_MD) fprintf(f, "## Kaplan-Meier%s%s\n\n", o->formula ? ": " : "",
                                  o->formula ? o->formula : "");
    else if (o->formula) write_call(f, km, o);
    if (km->dropped)
        fprintf(f, "   %zu observation%s deleted due to missingness\n", km->dropped,
                km->dropped == 1 ? "" : "s");
    if (fmt == PG_FMT_TEXT && o->formula) fputc('\n', f);
    if ((rc = write_print_table(f, km, fmt, o->digits))) return rc;
    if (o->followup && (rc = write_followup(f, km, o->followup, o->digits))) return rc;
    if (km->n_quantiles) {
        heading(f, fmt, "Quantiles:");
        if ((rc = write_quantiles(f, km, fmt, o->digits))) return rc;
    }
    if (km->n_times) {
        heading(f, fmt, "Survival at chosen times:");
        if ((rc = write_summaries(f, km, o, fmt, 1))) return rc;
    }
    if (o->steps != PG_KM_STEPS_NONE) {
        int every = o->steps == PG_KM_STEPS_ALL || (!o->steps && o->censored);
        heading(f, fmt, every ? "Survival at each time:" : "Survival at event times:");
        if ((rc = write_summaries(f, km, o, fmt, 0))) return rc;
    }
    return ferror(f) ? PG_EIO : PG_OK;
}

/* --- CSV: one tidy table ------------------------------------------------------------------ */

enum { C_SECTION, C_STRATA, C_TIME, C_P, C_NRISK, C_NEVENT, C_NCENSOR, C_EST, C_SE, C_LO, C_HI,
       C_CUMHAZ, C_STDCHAZ, C_N };

static int csv_row(pg_tab *t, const char *section, const char *strata, const double *v,
                   size_t nv)
{
    char buf[C_N][40];
    const char *cells[C_N];
    cells[C_SECTION] = section;
    cells[C_STRATA] = strata;
    for (size_t j = C_TIME; j < C_N; j++) {
        cells[j] = buf[j];
        if (j - C_TIME < nv) pg_fmt_num(buf[j], sizeof buf[j], v[j - C_TIME], 0);
        else buf[j][0] = '\0';
    }
    return pg_tab_row(t, cells);
}

static int render_csv(FILE *f, const pg_km *km, const pg_km_render_opts *o)
{
    const char *head[C_N] = {"section", "strata", "time",     "p",       "n_risk",
                             "n_event", "n_censor", "estimate", "std_err", "conf_low",
                             "conf_high", "cumhaz",  "std_chaz"};
    size_t ncol = o->cumhaz ? C_N : C_CUMHAZ;
    pg_tab *t = pg_tab_new(ncol, head);
    if (!t) return PG_ENOMEM;
    int rc = PG_OK;
    size_t nv = ncol - C_TIME;
    for (size_t s = 0; rc == PG_OK && s < km->n_strata; s++) {
        const char *name = km->strata_name[s];
        const pg_km_quantile *m = &km->median[s];
        double med[] = {NAN, 0.5, NAN, NAN, NAN, m->estimate, NAN, m->conf_low, m->conf_high,
                        NAN, NAN};
        rc = csv_row(t, "median", name, med, nv);
        for (size_t q = 0; rc == PG_OK && q < km->n_quantiles; q++) {
            const pg_km_quantile *x = &km->quantiles[s * km->n_quantiles + q];
            double v[] = {NAN, x->p, NAN, NAN, NAN, x->estimate, NAN, x->conf_low, x->conf_high,
                          NAN, NAN};
            rc = csv_row(t, "quantile", name, v, nv);
        }
        if (rc == PG_OK && km->rmst) {
            double v[] = {km->rmst_tau, NAN, NAN, NAN, NAN, km->rmst[s], km->rmst_se[s], NAN,
                          NAN, NAN, NAN};
            rc = csv_row(t, "rmst", name, v, nv);
        }
        for (size_t q = 0; rc == PG_OK && q < km->n_times; q++) {
            size_t i = s * km->n_times + q;
            if (isnan(km->at_n_risk[i])) continue;   /* after the last follow-up: R drops it */
            double v[] = {km->at_time[i], NAN, km->at_n_risk[i], km->at_n_event[i], NAN,
                          km->at_surv[i], km->at_std_err[i], km->at_conf_low[i],
                          km->at_conf_high[i], NAN, NAN};
            rc = csv_row(t, "at", name, v, nv);
        }
        for (size_t k = km->strata_start[s]; rc == PG_OK && k < km->strata_start[s + 1]; k++) {
            if (!step_shown(km, o, k, 0)) continue;
            double v[] = {km->time[k], NAN, km->n_risk[k], km->n_event[k], km->n_censor[k],
                          km->surv[k], km->std_err[k], km->conf_low[k], km->conf_high[k],
                          km->cumhaz[k], km->cumhaz_se[k]};
            rc = csv_row(t, "step", name, v, nv);
        }
    }
    if (rc == PG_OK && o->followup) {
        const pg_km_quantile *x = o->followup;
        double v[] = {NAN, 0.5, NAN, NAN, NAN, x->estimate, NAN, x->conf_low, x->conf_high, NAN,
                      NAN};
        rc = csv_row(t, "followup", "", v, nv);
    }
    if (rc == PG_OK) rc = pg_tab_write(f, t, PG_FMT_CSV, 0);
    pg_tab_free(t);
    return rc;
}

/* --- JSON -----------------------------------------------------------------------------------
 * Written as it goes, byte for byte what pg_json_write writes for the tree of the same values
 * (JSON_INDENT(2), members in order, numbers as pg_json_num and pg_json_count make them): at
 * 10^6 rows a curve has 11,000 steps of 8 numbers, and building them as a jansson tree of
 * 100,000 objects before writing it cost more than the numbers' formatting. Strings (strata
 * names) are escaped by jansson itself. check_km's json_stream test compares the two. */

typedef struct jw {
    FILE *f;
    int depth;
    int first[8];              /* the container at each depth has no member yet */
    int rc;                    /* PG_OK, PG_ENOMEM or PG_EIO */
    size_t len;                /* bytes in buf: written to f in blocks, not a call per token */
    char buf[1 << 16];
} jw;

static void jw_flush(jw *w)
{
    if (w->rc == PG_OK && w->len && fwrite(w->buf, 1, w->len, w->f) != w->len) w->rc = PG_EIO;
    w->len = 0;
}

static void jw_raw(jw *w, const char *s, size_t n)
{
    if (w->len + n > sizeof w->buf) jw_flush(w);
    if (n > sizeof w->buf) {
        if (w->rc == PG_OK && fwrite(s, 1, n, w->f) != n) w->rc = PG_EIO;
        return;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

/* Before a member or an element: a line break (after a comma unless it is the first) and the
 * indent of its depth. */
static void jw_sep(jw *w)
{
    static const char spaces[] = "                ";
    int first = w->first[w->depth];
    w->first[w->depth] = 0;
    if (first) jw_raw(w, "\n", 1);
    else jw_raw(w, ",\n", 2);
    jw_raw(w, spaces, (size_t)(2 * w->depth));
}

static void jw_key(jw *w, const char *key)
{
    jw_sep(w);
    jw_raw(w, "\"", 1);
    jw_raw(w, key, strlen(key));
    jw_raw(w, "\": ", 3);
}

static void jw_open(jw *w, const char *c)
{
    jw_raw(w, c, 1);
    w->first[++w->depth] = 1;
}

static void jw_close(jw *w, const char *c)
{
    static const char spaces[] = "                ";
    int empty = w->first[w->depth--];
    if (!empty) {
        jw_raw(w, "\n", 1);
        jw_raw(w, spaces, (size_t)(2 * w->depth));
    }
    jw_raw(w, c, 1);
}

static void jw_int(jw *w, long long v)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", v);
    jw_raw(w, buf, (size_t)n);
}

/* pg_json_num: null for NaN, "Inf" / "-Inf", else a real. */
static void jw_num(jw *w, double x)
{
    char buf[32];
    if (isnan(x)) jw_raw(w, "null", 4);
    else if (isinf(x)) jw_raw(w, x > 0 ? "\"Inf\"" : "\"-Inf\"", x > 0 ? 5 : 6);
    else jw_raw(w, buf, pg_json_real_text(buf, x));
}

/* pg_json_count: an integer when whole (and below 9e15), else as jw_num. */
static void jw_count(jw *w, double x)
{
    if (isfinite(x) && x == floor(x) && fabs(x) < 9e15) jw_int(w, (long long)x);
    else jw_num(w, x);
}

static void jw_string(jw *w, const char *s)
{
    json_t *v = json_string(s);
    char *text = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;
    if (text) jw_raw(w, text, strlen(text));
    else if (w->rc == PG_OK) w->rc = PG_ENOMEM;   /* as the tree's failed json_string */
    free(text);
    json_decref(v);
}

static void jw_quantile(jw *w, const pg_km_quantile *q, int with_p)
{
    jw_open(w, "{");
    if (with_p) {
        jw_key(w, "p");
        jw_num(w, q->p);
    }
    jw_key(w, "estimate");
    jw_num(w, q->estimate);
    jw_key(w, "conf_low");
    jw_num(w, q->conf_low);
    jw_key(w, "conf_high");
    jw_num(w, q->conf_high);
    jw_close(w, "}");
}

static void jw_curve(jw *w, const pg_km *km, size_t s, const pg_km_render_opts *o)
{
    jw_open(w, "{");
    jw_key(w, "strata");
    jw_string(w, km->strata_name[s]);
    jw_key(w, "n");
    jw_int(w, (long long)km->strata_n[s]);
    if (km->strata_n_max) {   /* counting data: R's n.max, n.start */
        jw_key(w, "n_max");
        jw_num(w, km->strata_n_max[s]);
        jw_key(w, "n_start");
        jw_num(w, km->strata_n_start[s]);
    }
    jw_key(w, "events");
    jw_int(w, (long long)km->strata_events[s]);
    if (km->strata_wevents) {
        jw_key(w, "weighted_events");
        jw_num(w, km->strata_wevents[s]);
    }
    jw_key(w, "median");
    jw_quantile(w, &km->median[s], 0);
    if (km->n_quantiles) {
        jw_key(w, "quantiles");
        jw_open(w, "[");
        for (size_t q = 0; q < km->n_quantiles; q++) {
            jw_sep(w);
            jw_quantile(w, &km->quantiles[s * km->n_quantiles + q], 1);
        }
        jw_close(w, "]");
    }
    if (km->rmst) {
        jw_key(w, "rmst");
        jw_open(w, "{");
        jw_key(w, "tau");
        jw_num(w, km->rmst_tau);
        jw_key(w, "estimate");
        jw_num(w, km->rmst[s]);
        jw_key(w, "std_err");
        jw_num(w, km->rmst_se[s]);
        jw_close(w, "}");
    }
    if (o->steps != PG_KM_STEPS_NONE) {
        jw_key(w, "steps");
        jw_open(w, "[");
        for (size_t k = km->strata_start[s]; w->rc == PG_OK && k < km->strata_start[s + 1];
             k++) {
            if (!step_shown(km, o, k, 0)) continue;
            jw_sep(w);
            jw_open(w, "{");
            jw_key(w, "time");
            jw_num(w, km->time[k]);
            jw_key(w, "n_risk");
            jw_count(w, km->n_risk[k]);
            jw_key(w, "n_event");
            jw_count(w, km->n_event[k]);
            jw_key(w, "n_censor");
            jw_count(w, km->n_censor[k]);
            jw_key(w, "surv");
            jw_num(w, km->surv[k]);
            jw_key(w, "std_err");
            jw_num(w, km->std_err[k]);
            jw_key(w, "conf_low");
            jw_num(w, km->conf_low[k]);
            jw_key(w, "conf_high");
            jw_num(w, km->conf_high[k]);
            if (o->cumhaz) {
                jw_key(w, "cumhaz");
                jw_num(w, km->cumhaz[k]);
                jw_key(w, "std_chaz");
                jw_num(w, km->cumhaz_se[k]);
            }
            jw_close(w, "}");
        }
        jw_close(w, "]");
    }
    if (km->n_times) {
        jw_key(w, "at");
        jw_open(w, "[");
        for (size_t q = 0; q < km->n_times; q++) {
            size_t i = s * km->n_times + q;
            if (isnan(km->at_n_risk[i])) continue;   /* after the last follow-up: R drops it */
            jw_sep(w);
            jw_open(w, "{");
            jw_key(w, "time");
            jw_num(w, km->at_time[i]);
            jw_key(w, "n_risk");
            jw_count(w, km->at_n_risk[i]);
            jw_key(w, "n_event");
            jw_count(w, km->at_n_event[i]);
            jw_key(w, "surv");
            jw_num(w, km->at_surv[i]);
            jw_key(w, "std_err");
            jw_num(w, km->at_std_err[i]);
            jw_key(w, "conf_low");
            jw_num(w, km->at_conf_low[i]);
            jw_key(w, "conf_high");
            jw_num(w, km->at_conf_high[i]);
            jw_close(w, "}");
        }
        jw_close(w, "]");
    }
    jw_close(w, "}");
}

static int render_json(FILE *f, const pg_km *km, const pg_km_render_opts *o)
{
    jw *w = malloc(sizeof *w);         /* with its 64 KiB buffer: not on the stack */
    if (!w) return PG_ENOMEM;
    memset(w, 0, offsetof(jw, buf));
    w->f = f;
    jw_open(w, "{");
    jw_key(w, "n");
    jw_int(w, (long long)km->n);
    jw_key(w, "events");
    jw_int(w, (long long)km->events);
    jw_key(w, "conf_type");
    jw_string(w, pg_km_conf_type_name(km->conf_type));
    jw_key(w, "conf_level");
    jw_num(w, km->conf_level);
    jw_key(w, "curves");
    jw_open(w, "[");
    for (size_t s = 0; s < km->n_strata && w->rc == PG_OK; s++) {
        jw_sep(w);
        jw_curve(w, km, s, o);
    }
    jw_close(w, "]");
    if (o->followup) {
        jw_key(w, "followup");
        jw_quantile(w, o->followup, 0);
    }
    jw_key(w, "dropped");
    jw_open(w, "{");
    jw_key(w, "missing");
    jw_int(w, (long long)km->dropped);
    jw_close(w, "}");
    jw_close(w, "}");
    jw_raw(w, "\n", 1);
    jw_flush(w);
    int rc = w->rc;
    free(w);
    return rc;
}

int pg_km_render(FILE *f, const pg_km *km, const pg_km_render_opts *o, pg_format fmt)
{
    pg_km_render_opts def;
    if (!o) {
        pg_km_render_opts_init(&def);
        o = &def;
    }
    switch (fmt) {
    case PG_FMT_CSV: return render_csv(f, km, o);
    case PG_FMT_JSON: return render_json(f, km, o);
    default: return render_text(f, km, o, fmt);
    }
}
