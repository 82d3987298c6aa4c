/* plot_forest.c -- the gnuplot script of a forest plot of a Cox model: one row per numeric term
 * and per factor level (reference first, shown as "reference"), the hazard ratio with its
 * confidence interval on a log axis, a vertical line at 1, and text columns n, events,
 * "HR (95% CI)" and p. Anchors: survminer::ggforest, the forest plots of JCO/Lancet papers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_impl.h"
#include "prognos/format.h"

typedef struct frow {
    char name[160];     /* "  1" indented for a level, "ph.ecog" for a factor header */
    int header;         /* factor heading: no numbers */
    int indent;
    double n, events;   /* NaN on headings */
    double hr, lo, hi, p;
    int reference;
} frow;

/* n and events of each of the nl levels of the factor whose dummy columns are first ..
 * first + nl - 2, into lv[0 .. nl) (lv[k] the row of level k), in one pass over the frame. */
static void level_counts(const pg_frame *fr, size_t first, size_t nl, frow *lv)
{
    size_t N = pg_frame_n(fr);
    const double *x = pg_frame_x(fr);
    const int *st = pg_frame_status(fr);
    for (size_t k = 0; k < nl; k++) lv[k].n = lv[k].events = 0;
    for (size_t i = 0; i < N; i++) {
        size_t lev = 0;
        for (size_t j = 1; j < nl; j++)
            if (x[(first + j - 1) * N + i] != 0) lev = j;
        lv[lev].n++;
        lv[lev].events += st[i] != 0;
    }
}

static void fmt_hr(char *buf, size_t len, const frow *r, pg_lang lang)
{
    if (r->header) buf[0] = '\0';
    else if (r->reference) snprintf(buf, len, "%s", pg_lang_word(lang, PG_W_REFERENCE));
    else if (!isfinite(r->hr)) snprintf(buf, len, "NA");
    else {
        char hr[24], lo[24], hi[24];
        pg_format_ratio(hr, sizeof hr, r->hr);
        if (isfinite(r->lo)) pg_format_ratio(lo, sizeof lo, r->lo);
        else snprintf(lo, sizeof lo, "NA");
        pg_format_ratio(hi, sizeof hi, isnan(r->hi) ? INFINITY : r->hi);
        snprintf(buf, len, "%s (%s\xe2\x80\x93%s)", hr, lo, hi);
    }
}

/* The ratio, limits and p of model column j (NaN when aliased). */
static void coef_row(frow *r, const pg_cox *fit, size_t j)
{
    int al = fit->aliased && fit->aliased[j];
    r->hr = al ? NAN : exp(fit->coef[j]);
    r->lo = al ? NAN : fit->conf_low[j];
    r->hi = al ? NAN : fit->conf_high[j];
    r->p = al ? NAN : fit->p[j];
}

/* Make room for `need` more rows. PG_OK or PG_ENOMEM (rows unchanged). */
static int rows_reserve(frow **rows, size_t *cap, size_t nr, size_t need)
{
    if (nr + need <= *cap) return PG_OK;
    size_t nc = nr + need + *cap;
    frow *nw = realloc(*rows, nc * sizeof **rows);
    if (!nw) return PG_ENOMEM;
    *rows = nw;
    *cap = nc;
    return PG_OK;
}

/* The rows: a factor with two or more levels as a heading and one row per level (the first
 * the reference), every other model column as one row over all subjects. */
static int rows_make(const pg_cox *fit, const pg_frame *fr, const pg_labels *names, frow **out,
                     size_t *out_n)
{
    size_t cap = fit->n_coef + 2 * pg_frame_nterms(fr) + 1, nr = 0;
    frow *rows = calloc(cap, sizeof *rows);
    if (!rows) return PG_ENOMEM;
    double all_n = (double)pg_frame_n(fr), all_ev = (double)pg_frame_events(fr);
    for (size_t t = 0; t < pg_frame_nterms(fr); t++) {
        size_t first = pg_frame_term_first(fr, t), ncol = pg_frame_term_ncol(fr, t);
        if (pg_frame_term_kind(fr, t) == PG_TERM_FACTOR && pg_frame_term_nlevels(fr, t) >= 2) {
            size_t nl = pg_frame_term_nlevels(fr, t);
            if (rows_reserve(&rows, &cap, nr, nl + 1)) goto nomem;
            frow *h = &rows[nr++];
            memset(h, 0, sizeof *h);
            const char *var = pg_frame_term_var(fr, t);
            const char *term = pg_frame_term_label(fr, t);
            const char *vl = pg_labels_var(names, term);
            if (vl == term && var) vl = pg_labels_var(names, var);
            snprintf(h->name, sizeof h->name, "%s", vl);
            h->header = 1;
            frow *lv = &rows[nr];
            memset(lv, 0, nl * sizeof *lv);
            level_counts(fr, first, nl, lv);
            for (size_t k = 0; k < nl; k++) {
                frow *r = &rows[nr++];
                const char *lvn = pg_frame_term_level(fr, t, k);
                snprintf(r->name, sizeof r->name, "%s", pg_labels_level(names, term, lvn));
                r->indent = 1;
                if (k == 0) {
                    r->reference = 1;
                    r->hr = 1;
                    r->lo = r->hi = r->p = NAN;
                } else {
                    coef_row(r, fit, first + k - 1);
                }
            }
        } else {
            for (size_t j = first; j < first + ncol; j++) {
                if (rows_reserve(&rows, &cap, nr, 1)) goto nomem;
                frow *r = &rows[nr++];
                memset(r, 0, sizeof *r);
                const char *nm = fit->colname && fit->colname[j] ? fit->colname[j]
                                                                 : pg_frame_colname(fr, j);
                char *lab = names ? pg_labels_coef(names, fr, j) : NULL;
                snprintf(r->name, sizeof r->name, "%s", lab ? lab : nm ? nm : "?");
                free(lab);
                r->n = all_n;
                r->events = all_ev;
                coef_row(r, fit, j);
            }
        }
    }
    *out = rows;
    *out_n = nr;
    return PG_OK;
nomem:
    free(rows);
    return PG_ENOMEM;
}

/* x range on the log scale: every finite limit and 1, widened a little, within [0.001, 1000],
 * ended on a 1-2-5 value when one is near; ticks from the coarsest set giving three or more. */
static size_t x_axis(const frow *rows, size_t nr, double *lo_out, double *hi_out,
                     double ticks[24])
{
    double lo = 1, hi = 1;
    for (size_t i = 0; i < nr; i++) {
        const frow *r = &rows[i];
        if (r->header || r->reference) continue;
        double v[3] = {r->hr, r->lo, r->hi};
        for (int k = 0; k < 3; k++)
            if (isfinite(v[k]) && v[k] > 0) {
                if (v[k] < lo) lo = v[k];
                if (v[k] > hi) hi = v[k];
            }
    }
    return plot_ratio_axis(lo, hi, lo_out, hi_out, ticks);
}

size_t plot_ratio_axis(double lo, double hi, double *lo_out, double *hi_out, double ticks[24])
{
    static const double ends[] = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5,
                                  2,     5,     10,    20,   50,   100,  200, 500, 1000};
    lo = fmax(lo / 1.15, 1e-3);
    hi = fmin(hi * 1.15, 1e3);
    /* end the axis on a 1-2-5 tick when one is near, so the scale reads to its ends */
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        if (ends[i] >= hi && ends[i] <= hi * 1.6) {
            hi = ends[i];
            break;
        }
    }
    for (size_t i = sizeof ends / sizeof *ends; i-- > 0;) {
        if (ends[i] <= lo && ends[i] >= lo / 1.6) {
            lo = ends[i];
            break;
        }
    }
    static const double cand[] = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1,
                                  2,     5,     10,    20,   50,   100,  200, 500, 1000};
    static const double fine[] = {0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4};
    static const double finer[] = {0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5};
    size_t nt = 0;
    const double *set[3] = {cand, fine, finer};
    size_t setn[3] = {sizeof cand / sizeof *cand, 8, 8};
    for (int s = 0; s < 3; s++) {
        nt = 0;
        for (size_t i = 0; i < setn[s]; i++)
            if (set[s][i] >= lo && set[s][i] <= hi) ticks[nt++] = set[s][i];
        if (nt >= 3) break;
    }
    if (nt < 2) {                 /* very narrow: the ends and 1 */
        nt = 0;
        ticks[nt++] = lo;
        ticks[nt++] = 1;
        ticks[nt++] = hi;
    }
    *lo_out = lo;
    *hi_out = hi;
    return nt;
}

/* Where things go, in points and screen fractions: name | n | events | plot | HR (CI) | p. */
typedef struct forest_layout {
    double fs, pad, W, H;
    double x_name, x_n, x_ev, x_hr, x_p;    /* text column anchors */
    double sL, sR, sT, sB;                  /* the plot panel */
    char ci_head[48];
    pg_lang lang;
} forest_layout;

static int layout_make(const pg_cox *fit, const frow *rows, size_t nr, const pg_plot_opts *o,
                       const plot_page *pg, forest_layout *L, pg_error *err)
{
    double fs = L->fs = pg->fs, gap = 1.0 * fs, pad = L->pad = 0.4 * fs;
    pg_lang lang = L->lang = o->lang;
    double w_name = plot_text_width(pg_lang_word(lang, PG_W_VARIABLE), fs);
    double w_n = plot_text_width("n", fs);
    double w_ev = plot_text_width(pg_lang_word(lang, PG_W_EVENTS), fs), w_hr = 0;
    double w_p = plot_text_width(pg_lang_word(lang, PG_W_P), fs);
    pg_lang_ci_word(lang, PG_W_HR_CI, 100 * (fit->conf_level > 0 ? fit->conf_level : 0.95),
                    L->ci_head, sizeof L->ci_head);
    w_hr = plot_text_width(L->ci_head, fs);
    for (size_t i = 0; i < nr; i++) {
        char b[96];
        double w = plot_text_width(rows[i].name, fs) + (rows[i].indent ? fs : 0);
        if (w > w_name) w_name = w;
        if (rows[i].header) continue;
        snprintf(b, sizeof b, "%.0f", rows[i].n);
        if (plot_text_width(b, fs) > w_n) w_n = plot_text_width(b, fs);
        snprintf(b, sizeof b, "%.0f", rows[i].events);
        if (plot_text_width(b, fs) > w_ev) w_ev = plot_text_width(b, fs);
        fmt_hr(b, sizeof b, &rows[i], o->lang);
        if (plot_text_width(b, fs) > w_hr) w_hr = plot_text_width(b, fs);
        pg_format_pvalue(b, sizeof b, rows[i].p, 0);
        if (plot_text_width(b, fs) > w_p) w_p = plot_text_width(b, fs);
    }
    double text_w = pad + w_name + gap + w_n + gap + w_ev + 2 * gap + w_hr + gap + w_p + pad;
    double W = isnan(o->width) ? fmax(8.5 / 2.54 * 72, text_w / 0.6) : o->width * 72;
    double plot_w = W - text_w;
    double row_h = 1.5 * fs;
    double top = 0.8 * fs + (o->title ? 1.8 * fs : 0);
    double axis_below = 3.4 * fs;
    double H = isnan(o->height) ? top + (nr + 1) * row_h + axis_below + 0.4 * fs
                                : o->height * 72;
    double plot_h = H - top - axis_below - 0.4 * fs;
    if (plot_w < 5 * fs || plot_h < (nr + 1) * fs)
        return pg_fail(err, PG_EINPUT,
                       "plot: figure too small for the forest plot's %zu rows and text columns "
                       "(%.1f x %.1f cm at %g pt): make it larger or the font smaller",
                       nr, W / 72 * 2.54, H / 72 * 2.54, fs);
    L->W = W;
    L->H = H;
    L->x_name = pad, L->x_n = L->x_name + w_name + gap + w_n, L->x_ev = L->x_n + gap + w_ev;
    L->sL = (L->x_ev + gap) / W, L->sR = (L->x_ev + gap + plot_w) / W;
    L->x_hr = L->x_ev + 2 * gap + plot_w, L->x_p = W - pad;
    L->sT = 1 - top / H, L->sB = (axis_below + 0.4 * fs) / H;
    return PG_OK;
}

/* The datablocks: rows with a ratio (open limits drawn to the axis ends), reference rows. */
static void write_data(FILE *f, const frow *rows, size_t nr, double lo, double hi)
{
    fputs("\n# rows: row, hazard ratio, lower, upper (levels with a ratio)\n$hr << EOD\n", f);
    for (size_t i = 0; i < nr; i++) {
        const frow *r = &rows[i];
        if (r->header || r->reference || !isfinite(r->hr)) continue;
        double l = isfinite(r->lo) ? r->lo : lo, h = isfinite(r->hi) ? r->hi : hi;
        fprintf(f, "%zu ", i + 1);
        plot_num(f, r->hr), fputc(' ', f), plot_num(f, l), fputc(' ', f), plot_num(f, h);
        fputc('\n', f);
    }
    fputs("EOD\n$ref << EOD\n", f);
    for (size_t i = 0; i < nr; i++)
        if (rows[i].reference) fprintf(f, "%zu 1\n", i + 1);
    fputs("EOD\n\n", f);
}

/* The text columns: headings in row 0, then each row's name, n, events, HR (CI) and p. */
static void write_labels(FILE *f, const frow *rows, size_t nr, const forest_layout *L)
{
    double W = L->W;
    pg_lang lang = L->lang;
    fprintf(f, "set label '{/:Bold %s}' at screen %.6f, first 0 left\n",
            pg_lang_word(lang, PG_W_VARIABLE), L->x_name / W);
    fprintf(f, "set label '{/:Bold n}' at screen %.6f, first 0 right\n", L->x_n / W);
    fprintf(f, "set label '{/:Bold %s}' at screen %.6f, first 0 right\n",
            pg_lang_word(lang, PG_W_EVENTS), L->x_ev / W);
    fprintf(f, "set label '{/:Bold %s}' at screen %.6f, first 0 left\n", L->ci_head,
            L->x_hr / W);
    fprintf(f, "set label '{/:Bold %s}' at screen %.6f, first 0 right\n",
            pg_lang_word(lang, PG_W_P), L->x_p / W);
    fprintf(f, "set arrow from screen %.6f, first 0.5 to screen %.6f, first 0.5 nohead lw 0.5 "
               "lc rgb '#888888'\n",
            L->pad / W, 1 - L->pad / W);
    for (size_t i = 0; i < nr; i++) {
        const frow *r = &rows[i];
        char b[96];
        fputs("set label ", f);
        plot_quote(f, r->name);
        fprintf(f, " at screen %.6f, first %zu left noenhanced\n",
                (L->x_name + (r->indent ? L->fs : 0)) / W, i + 1);
        if (r->header) continue;
        fprintf(f, "set label '%.0f' at screen %.6f, first %zu right\n", r->n, L->x_n / W, i + 1);
        fprintf(f, "set label '%.0f' at screen %.6f, first %zu right\n", r->events, L->x_ev / W,
                i + 1);
        fmt_hr(b, sizeof b, r, lang);
        fputs("set label ", f);
        plot_quote(f, b);
        fprintf(f, " at screen %.6f, first %zu left\n", L->x_hr / W, i + 1);
        if (!r->reference) {
            pg_format_pvalue(b, sizeof b, r->p, 0);
            fputs("set label ", f);
            plot_quote(f, b);
            fprintf(f, " at screen %.6f, first %zu right\n", L->x_p / W, i + 1);
        }
    }
}

int pg_plot_forest_script(FILE *f, const pg_cox *fit, const pg_frame *fr,
                          const pg_plot_opts *o, pg_error *err)
{
    plot_page pg;
    forest_layout L;
    frow *rows = NULL;
    size_t nr = 0;
    int rc = plot_page_init(&pg, o, err);
    if (rc) return rc;
    if (!fit || !fr || fit->n_coef == 0)
        return pg_fail(err, PG_EINPUT, "plot: the model has no terms to draw");
    if (pg_frame_p(fr) != fit->n_coef)
        return pg_fail(err, PG_EINPUT, "plot: the frame has %zu columns but the model %zu",
                       pg_frame_p(fr), fit->n_coef);
    if (rows_make(fit, fr, o->names, &rows, &nr)) return pg_fail(err, PG_ENOMEM, "out of memory");
    double lo, hi, ticks[24];
    size_t nt = x_axis(rows, nr, &lo, &hi, ticks);
    if ((rc = layout_make(fit, rows, nr, o, &pg, &L, err))) goto done;
    pg.w_pt = L.W;
    pg.h_pt = L.H;

    plot_preamble(f, &pg, o, "forest plot of a Cox model");
    write_data(f, rows, nr, lo, hi);
    fprintf(f, "set lmargin at screen %.6f; set rmargin at screen %.6f\n", L.sL, L.sR);
    fprintf(f, "set tmargin at screen %.6f; set bmargin at screen %.6f\n", L.sT, L.sB);
    fprintf(f, "set logscale x\nset xrange [%.10g:%.10g]\nset yrange [%zu.5:-0.5]\n", lo, hi, nr);
    fputs("set border 1 lw 0.8\nunset ytics\nset xtics (", f);
    for (size_t k = 0; k < nt; k++) fprintf(f, "%s%.10g", k ? ", " : "", ticks[k]);
    fputs(")\nset format x '%g'\nset xlabel ", f);
    plot_quote(f, pg_lang_word(o->lang, PG_W_HAZARD_RATIO));
    fputs("\nunset key\nset bars 0.4\n", f);
    if (o->title) {   /* a label, not 'set title', so it stays above a legend strip */
        fputs("set label ", f);
        plot_quote(f, o->title);
        fprintf(f, " at screen 0.5, screen %.6f center font ',%g' noenhanced\n",
                1 - 1.3 * L.fs / L.H, L.fs + 1);
    }
    fprintf(f, "set arrow from 1, 0.5 to 1, %zu.5 nohead back lw 0.8 lc rgb '#555555'\n", nr);
    write_labels(f, rows, nr, &L);
    size_t n_hr = 0, n_ref = 0;
    for (size_t i = 0; i < nr; i++) {
        if (rows[i].reference) n_ref++;
        else if (!rows[i].header && isfinite(rows[i].hr)) n_hr++;
    }
    fputs("plot ", f);
    if (n_hr)
        fprintf(f, "$hr using 2:1:3:4 with xerrorbars pt 5 ps 0.6*PS lw 1 lc rgb '%s', \\\n     ",
                o->mono ? "#000000" : plot_palette[0]);
    if (n_ref)
        fputs("$ref using 2:1 with points pt 4 ps 0.6*PS lw 1 lc rgb '#555555', \\\n     ", f);
    fputs("NaN notitle\n", f);
    fputs("unset output\n", f);
    if (ferror(f)) rc = pg_fail(err, PG_EIO, "plot: cannot write the script");
done:
    free(rows);
    return rc;
}
