/* render_cif.c -- cumulative incidence as text, tidy CSV, JSON and Markdown. */
#include "render_cif.h"
#include "render_km.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void pg_cif_render_opts_init(pg_cif_render_opts *o)
{
    memset(o, 0, sizeof *o);
    o->steps = 1;
    o->digits = 3;
}

/* A column of a printed table: numbers (formatted together, as R prints a matrix column) or
 * texts. */
typedef struct col {
    const char *head;
    const double *num;
    const char *const *text;
} col;

/* Write the columns as one table (text, md or csv). csv numbers round-trip. */
static int write_cols(FILE *f, pg_format fmt, const col *cols, size_t ncol, size_t nrow,
                      int digits)
{
    const char *heads[16];
    char **cells = pg_calloc_array(ncol * (nrow ? nrow : 1), sizeof *cells);
    if (!cells || ncol > 16) {
        free(cells);
        return PG_ENOMEM;
    }
    int rc = PG_OK;
    for (size_t j = 0; j < ncol && !rc; j++) {
        heads[j] = cols[j].head;
        char **cj = cells + j * nrow;
        if (cols[j].num && fmt != PG_FMT_CSV) {
            rc = pg_km_format_column(cols[j].num, nrow, digits, cj);
            continue;
        }
        for (size_t i = 0; i < nrow && !rc; i++) {
            char b[64];
            cj[i] = pg_strdup(cols[j].num ? pg_fmt_num(b, sizeof b, cols[j].num[i], 0)
                                          : cols[j].text[i]);
            if (!cj[i]) rc = PG_ENOMEM;
        }
    }
    pg_tab *t = rc ? NULL : pg_tab_new(ncol, heads);
    if (!rc && !t) rc = PG_ENOMEM;
    for (size_t j = 0; t && j < ncol; j++)
        if (cols[j].text) pg_tab_left(t, j);
    for (size_t i = 0; !rc && i < nrow; i++) {
        const char *row[16];
        for (size_t j = 0; j < ncol; j++) row[j] = cells[j * nrow + i];
        rc = pg_tab_row(t, row);
    }
    if (!rc) rc = pg_tab_write(f, t, fmt, 0);
    pg_tab_free(t);
    for (size_t i = 0; i < ncol * nrow; i++) free(cells[i]);
    free(cells);
    return rc;
}

static void section(FILE *f, pg_format fmt, const char *text)
{
    char *e = fmt == PG_FMT_MD ? pg_md_escape(text) : NULL;   /* as render_km.c's heading */
    fprintf(f, fmt == PG_FMT_MD ? "\n### %s\n\n" : "\n%s\n", e ? e : text);
    free(e);
}

static const char *group_label(const pg_cif *cif, size_t g)
{
    return cif->group_names[g][0] ? cif->group_names[g] : "all";
}

/* Gray's test per cause: cause, chisq, df, p (format.pval). */
static int write_gray(FILE *f, const pg_cif *cif, pg_format fmt, int digits)
{
    size_t K = cif->n_causes;
    double *num = pg_malloc_array(2 * K + 1, sizeof *num);
    char (*ps)[32] = pg_malloc_array(K + 1, sizeof *ps);
    const char **pt = pg_malloc_array(K + 1, sizeof *pt);
    int rc = num && ps && pt ? PG_OK : PG_ENOMEM;
    for (size_t k = 0; !rc && k < K; k++) {
        num[k] = cif->gray[k].chisq;
        num[K + k] = cif->gray[k].df;
        pt[k] = pg_fmt_p(ps[k], sizeof ps[k], cif->gray[k].p, digits);
    }
    col cols[] = {{"cause", NULL, (const char *const *)cif->cause_names},
                  {"chisq", num, NULL}, {"df", num + K, NULL}, {"p", NULL, pt}};
    if (!rc) rc = write_cols(f, fmt, cols, 4, K, digits);
    free(num);
    free(ps);
    free(pt);
    return rc;
}

/* One row per curve and chosen time (at) or per curve (median). */
static int write_rows(FILE *f, const pg_cif *cif, pg_format fmt, int digits, int at,
                      const char *lo, const char *hi)
{
    size_t nt = at ? cif->n_times : 1, nr = cif->n_curves * nt;
    double *v = pg_malloc_array(6 * (nr ? nr : 1), sizeof *v);
    const char **txt = pg_malloc_array(2 * (nr ? nr : 1), sizeof *txt);
    if (!v || !txt) {
        free(v);
        free(txt);
        return PG_ENOMEM;
    }
    for (size_t c = 0; c < cif->n_curves; c++) {
        const pg_cif_curve *cv = &cif->curves[c];
        for (size_t q = 0; q < nt; q++) {
            size_t r = c * nt + q;
            txt[r] = group_label(cif, cv->group);
            txt[nr + r] = cif->cause_names[cv->cause - 1];
            double row[6] = {(double)cv->n, (double)cv->events, cv->median, cv->median_low,
                             cv->median_high, NAN};
            if (at) {
                double km = cv->at_km ? cv->at_km[q] : NAN;
                double a[6] = {cif->times[q], cv->at_estimate[q], cv->at_std_err[q],
                               cv->at_conf_low[q], cv->at_conf_high[q], km};
                memcpy(row, a, sizeof row);
            }
            for (int j = 0; j < 6; j++) v[j * nr + r] = row[j];
        }
    }
    col ca[] = {{"group", NULL, txt}, {"cause", NULL, txt + nr}, {"time", v, NULL},
                {"estimate", v + nr, NULL}, {"std.err", v + 2 * nr, NULL},
                {lo, v + 3 * nr, NULL}, {hi, v + 4 * nr, NULL}, {"1-KM", v + 5 * nr, NULL}};
    col cm[] = {{"group", NULL, txt}, {"cause", NULL, txt + nr}, {"n", v, NULL},
                {"events", v + nr, NULL}, {"median", v + 2 * nr, NULL},
                {lo, v + 3 * nr, NULL}, {hi, v + 4 * nr, NULL}};
    int rc = at ? write_cols(f, fmt, ca, cif->compare_km ? 8 : 7, nr, digits)
                : write_cols(f, fmt, cm, 7, nr, digits);
    free(v);
    free(txt);
    return rc;
}

/* The estimate at each event time, one block per curve. */
static int write_steps(FILE *f, const pg_cif *cif, pg_format fmt, int digits, const char *lo,
                       const char *hi)
{
    int rc = PG_OK;
    for (size_t c = 0; c < cif->n_curves && !rc; c++) {
        const pg_cif_curve *cv = &cif->curves[c];
        fprintf(f, fmt == PG_FMT_MD ? "\n%s, cause %s\n\n" : "\n  %s, cause %s\n",
                group_label(cif, cv->group), cif->cause_names[cv->cause - 1]);
        if (!cv->n_steps) {
            fprintf(f, "  no events of this cause: the cumulative incidence is 0\n");
            continue;
        }
        col cols[] = {{"time", cv->time, NULL},         {"n.risk", cv->n_risk, NULL},
                      {"n.event", cv->n_event, NULL},   {"estimate", cv->estimate, NULL},
                      {"std.err", cv->std_err, NULL},   {lo, cv->conf_low, NULL},
                      {hi, cv->conf_high, NULL},        {"1-KM", cv->km, NULL}};
        rc = write_cols(f, fmt, cols, cv->km ? 8 : 7, cv->n_steps, digits + 1);
    }
    return rc;
}

/* "a, b, c", or "none". */
static void write_names(FILE *f, char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++) fprintf(f, "%s%s", k ? ", " : "", names[k]);
    if (!n) fputs("none", f);
}

static int render_text(FILE *f, const pg_cif *cif, const pg_cif_render_opts *o, pg_format fmt)
{
    int ij = cif->variance == PG_CIF_SE_IJ;
    if (fmt == PG_FMT_MD)
        fprintf(f, "## Cumulative incidence%s%s\n\n", o->formula ? ": " : "",
                o->formula ? o->formula : "");
    else
        fprintf(f, "Cumulative incidence (Aalen-Johansen, as %s)%s%s\n",
                ij ? "survfit multi-state, infinitesimal-jackknife SE" : "cmprsk::cuminc",
                o->formula ? ": " : "", o->formula ? o->formula : "");
    if (fmt == PG_FMT_MD && ij)
        fprintf(f, "Aalen-Johansen as survfit multi-state, infinitesimal-jackknife SE.\n\n");
    if (cif->n_id && cif->n_id != cif->n)
        fprintf(f, "%zu rows, %zu subjects; causes: ", cif->n, cif->n_id);
    else fprintf(f, "%zu subjects; causes: ", cif->n);
    write_names(f, cif->cause_names, cif->n_causes);
    fprintf(f, "; censored: ");
    write_names(f, cif->censor_names, cif->n_censor);
    fputc('\n', f);
    if (cif->dropped)
        fprintf(f, "%zu observation%s deleted due to missingness\n", cif->dropped,
                cif->dropped == 1 ? "" : "s");
    if (!cif->n_causes) {
        fprintf(f, "\nNo events of any cause: every cumulative incidence is 0.\n");
        return PG_OK;
    }
    char lo[48], hi[48];
    snprintf(lo, sizeof lo, "lower %.15g%% CI", 100 * cif->conf_level);
    snprintf(hi, sizeof hi, "upper %.15g%% CI", 100 * cif->conf_level);
    int rc = PG_OK;
    if (cif->gray) {
        char h[160], r[48] = "";
        if (cif->rho != 0) snprintf(r, sizeof r, ", rho = %.15g", cif->rho);
        snprintf(h, sizeof h, "Gray's test (cuminc Tests%s%s):", r,
                 cif->n_strata > 1 ? ", within strata" : "");
        section(f, fmt, h);
        rc = write_gray(f, cif, fmt, o->digits);
    }
    if (cif->gray_undefined)   /* a note, not a section: nothing follows it */
        fprintf(f, "\n%s\n", "Gray's test: not defined for "
                "weighted or left-truncated data (cmprsk::cuminc refuses them); left out.");
    if (!rc && cif->n_times) {
        section(f, fmt, ij ? "Cumulative incidence at chosen times (summary.survfit):"
                           : "Cumulative incidence at chosen times (cmprsk::timepoints):");
        rc = write_rows(f, cif, fmt, o->digits, 1, lo, hi);
    }
    if (!rc) {
        section(f, fmt, "Median time to each cause (first time the incidence reaches 0.5):");
        rc = write_rows(f, cif, fmt, o->digits, 0, lo, hi);
    }
    if (!rc && o->steps) {
        section(f, fmt, "Cumulative incidence at event times:");
        rc = write_steps(f, cif, fmt, o->digits, lo, hi);
    }
    return rc;
}

/* CSV: one tidy row per statistic. */
static int render_csv(FILE *f, const pg_cif *cif)
{
    static const char *const head[] = {"section", "group", "cause", "time", "n_risk",
                                       "n_event", "estimate", "std_err", "conf_low",
                                       "conf_high", "one_minus_km", "chisq", "df", "p"};
    pg_tab *t = pg_tab_new(14, head);
    if (!t) return PG_ENOMEM;
    int rc = PG_OK;
    char b[14][64];
    const char *row[14];
    for (int j = 0; j < 14; j++) row[j] = b[j];
#define ROW(sec, grp, cause, ...)                                                              \
    do {                                                                                       \
        double v_[11] = {__VA_ARGS__};                                                         \
        snprintf(b[0], 64, "%s", sec);                                                         \
        row[1] = grp;                                                                          \
        row[2] = cause;                                                                        \
        for (int j_ = 0; j_ < 11; j_++) pg_fmt_num(b[3 + j_], 64, v_[j_], 0);                 \
        if (!rc) rc = pg_tab_row(t, row);                                                      \
    } while (0)
    for (size_t k = 0; cif->gray && k < cif->n_causes; k++) {
        const pg_cif_gray *g = &cif->gray[k];
        ROW("gray", "", cif->cause_names[k], NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, g->chisq,
            g->df, g->p);
    }
    for (size_t c = 0; c < cif->n_curves; c++) {
        const pg_cif_curve *cv = &cif->curves[c];
        const char *gn = cif->group_names[cv->group], *cn = cif->cause_names[cv->cause - 1];
        for (size_t s = 0; s < cv->n_steps; s++)
            ROW("step", gn, cn, cv->time[s], cv->n_risk[s], cv->n_event[s], cv->estimate[s],
                cv->std_err[s], cv->conf_low[s], cv->conf_high[s], cv->km ? cv->km[s] : NAN, NAN,
                NAN, NAN);
        for (size_t q = 0; q < cif->n_times; q++)
            ROW("at", gn, cn, cif->times[q], NAN, NAN, cv->at_estimate[q], cv->at_std_err[q],
                cv->at_conf_low[q], cv->at_conf_high[q], cv->at_km ? cv->at_km[q] : NAN, NAN,
                NAN, NAN);
        ROW("median", gn, cn, cv->median, (double)cv->n, (double)cv->events, NAN, NAN,
            cv->median_low, cv->median_high, NAN, NAN, NAN, NAN);
    }
#undef ROW
    if (!rc) rc = pg_tab_write(f, t, PG_FMT_CSV, 0);
    pg_tab_free(t);
    return rc;
}

/* One entry of "steps" or "at". */
static json_t *json_point(double t, const double *nr, const double *ne, double est, double se,
                          double lo, double hi, const double *km)
{
    json_t *r = json_object();
    if (!r) return NULL;
    int bad = pg_json_set(r, "time", pg_json_num(t));
    if (nr) bad |= pg_json_set(r, "n_risk", pg_json_count(*nr));
    if (ne) bad |= pg_json_set(r, "n_event", pg_json_count(*ne));
    bad |= pg_json_set(r, "estimate", pg_json_num(est));
    bad |= pg_json_set(r, "std_err", pg_json_num(se));
    bad |= pg_json_set(r, "conf_low", pg_json_num(lo));
    bad |= pg_json_set(r, "conf_high", pg_json_num(hi));
    if (km) bad |= pg_json_set(r, "one_minus_km", pg_json_num(*km));
    if (bad) {
        json_decref(r);
        return NULL;
    }
    return r;
}

static json_t *json_curve(const pg_cif *cif, const pg_cif_curve *cv)
{
    json_t *c = json_object(), *steps = json_array(), *at = json_array(), *med = json_object();
    int bad = !c || !steps || !at || !med;
    if (c) {
        bad |= pg_json_set(c, "group", json_string(cif->group_names[cv->group]));
        bad |= pg_json_set(c, "cause", json_string(cif->cause_names[cv->cause - 1]));
        bad |= pg_json_set(c, "n", json_integer((json_int_t)cv->n));
        bad |= pg_json_set(c, "events", json_integer((json_int_t)cv->events));
        bad |= pg_json_set(c, "median", med);
        bad |= pg_json_set(c, "steps", steps);
        bad |= pg_json_set(c, "at", at);
    }
    if (med) {
        bad |= pg_json_set(med, "estimate", pg_json_num(cv->median));
        bad |= pg_json_set(med, "conf_low", pg_json_num(cv->median_low));
        bad |= pg_json_set(med, "conf_high", pg_json_num(cv->median_high));
    }
    for (size_t s = 0; !bad && s < cv->n_steps; s++)
        bad |= json_array_append_new(steps, json_point(cv->time[s], &cv->n_risk[s],
                                                       &cv->n_event[s], cv->estimate[s],
                                                       cv->std_err[s], cv->conf_low[s],
                                                       cv->conf_high[s],
                                                       cv->km ? &cv->km[s] : NULL));
    for (size_t q = 0; !bad && q < cif->n_times; q++)
        bad |= json_array_append_new(at, json_point(cif->times[q], NULL, NULL, cv->at_estimate[q],
                                                    cv->at_std_err[q], cv->at_conf_low[q],
                                                    cv->at_conf_high[q],
                                                    cv->at_km ? &cv->at_km[q] : NULL));
    if (bad) {
        json_decref(c);
        return NULL;
    }
    return c;
}

static json_t *json_names(char **s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_string(s[i]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static int render_json(FILE *f, const pg_cif *cif)
{
    json_t *root = json_object();
    if (!root) return PG_ENOMEM;
    int bad = pg_json_set(root, "n", json_integer((json_int_t)cif->n));
    if (cif->n_id) bad |= pg_json_set(root, "n_id", json_integer((json_int_t)cif->n_id));
    bad |= pg_json_set(root, "causes", json_names(cif->cause_names, cif->n_causes));
    bad |= pg_json_set(root, "censor", json_names(cif->censor_names, cif->n_censor));
    bad |= pg_json_set(root, "conf_type", json_string(pg_km_conf_type_name(cif->conf_type)));
    bad |= pg_json_set(root, "conf_level", pg_json_num(cif->conf_level));
    json_t *curves = json_array();
    bad |= pg_json_set(root, "curves", curves);
    for (size_t c = 0; curves && !bad && c < cif->n_curves; c++)
        bad |= json_array_append_new(curves, json_curve(cif, &cif->curves[c]));
    if (cif->gray) {
        json_t *g = json_array();
        bad |= pg_json_set(root, "gray", g);
        for (size_t k = 0; g && !bad && k < cif->n_causes; k++) {
            json_t *r = json_object();
            bad |= !r || json_array_append_new(g, r);
            if (bad) break;
            bad |= pg_json_set(r, "cause", json_string(cif->cause_names[k]));
            bad |= pg_json_set(r, "chisq", pg_json_num(cif->gray[k].chisq));
            bad |= pg_json_set(r, "df", pg_json_count(cif->gray[k].df));
            bad |= pg_json_set(r, "p", pg_json_num(cif->gray[k].p));
        }
    }
    json_t *dropped = json_object();
    bad |= pg_json_set(root, "dropped", dropped);
    if (dropped) bad |= pg_json_set(dropped, "missing", json_integer((json_int_t)cif->dropped));
    int rc = bad ? PG_ENOMEM : pg_json_write(f, root);
    json_decref(root);
    return rc;
}

int pg_cif_render(FILE *f, const pg_cif *cif, const pg_cif_render_opts *o, pg_format fmt)
{
    pg_cif_render_opts def;
    if (!o) {
        pg_cif_render_opts_init(&def);
        o = &def;
    }
    switch (fmt) {
    case PG_FMT_CSV: return render_csv(f, cif);
    case PG_FMT_JSON: return render_json(f, cif);
    default: return render_text(f, cif, o, fmt);
    }
}
