/* plot_meta.c -- the gnuplot scripts of a meta-analysis: the forest plot (metafor's
 * forest.rma: squares sized by weight, the pooled diamond, the prediction interval; the text
 * columns in the style of plot_forest.c) and the funnel plot (metafor's funnel.rma: effect
 * against standard error, SE axis reversed, pseudo 95% limits est +- z SE around the pooled
 * estimate; Sterne & Egger, J Clin Epidemiol 2001;54:1046-55). */
#include <math.h>
#include <string.h>

#include "plot_impl.h"
#include "prognos/format.h"

/* x for the axis: the ratio on a log axis, or the effect itself. */
static double ax(int ratio, double y) { return ratio ? exp(y) : y; }

static void est_text(char *buf, size_t len, int ratio, double e, double lo, double hi)
{
    char a[32], b[32], c[32];
    if (ratio) {
        pg_format_ratio(a, sizeof a, exp(e));
        pg_format_ratio(b, sizeof b, exp(lo));
        pg_format_ratio(c, sizeof c, exp(hi));
    } else {
        pg_format_r_num(a, sizeof a, e, 3);
        pg_format_r_num(b, sizeof b, lo, 3);
        pg_format_r_num(c, sizeof c, hi, 3);
    }
    snprintf(buf, len, "%s (%s, %s)", a, b, c);
}

/* The x range: a 1-2-5 log axis around 1 for ratios, the data padded by 5% otherwise. */
static size_t x_range(const pg_meta *m, int ratio, double z, double *lo, double *hi,
                      double ticks[24])
{
    double a = m->pi_low < m->conf_low ? m->pi_low : m->conf_low, b = fmax(m->pi_high, m->conf_high);
    if (!isfinite(a)) a = m->conf_low, b = m->conf_high;
    for (size_t i = 0; i < m->k; i++) {
        double se = sqrt(m->vi[i]);
        a = fmin(a, m->yi[i] - z * se);
        b = fmax(b, m->yi[i] + z * se);
    }
    if (ratio) return plot_ratio_axis(fmin(exp(a), 1), fmax(exp(b), 1), lo, hi, ticks);
    double pad = 0.05 * (b - a > 0 ? b - a : 1);
    *lo = fmin(a, 0) - pad, *hi = fmax(b, 0) + pad;
    return 0;   /* gnuplot's own ticks on a linear axis */
}

/* A bold column head at (x screen, row 0). The words are the dictionary's, with no markup of
 * enhanced text; a quote (French "d'") is doubled inside the single-quoted string. */
static void bold_label(FILE *f, const char *text, double x, const char *align)
{
    fputs("set label '{/:Bold ", f);
    for (const char *p = text; *p; p++) {
        if (*p == '\'') fputc('\'', f);
        fputc(*p, f);
    }
    fprintf(f, "}' at screen %.6f, first 0 %s\n", x, align);
}

static int forest(FILE *f, const pg_meta *m, const char *const *labels, int ratio,
                  const pg_plot_opts *o, plot_page *pg)
{
    double fs = pg->fs, pad = 0.4 * fs, gap = fs, z = pg_z_two_sided(m->conf_level), lo, hi;
    size_t k = m->k, nr = k + 2;   /* studies, a gap row, the pooled row (and PI under it) */
    char b[128], head[96], cil[48], pooled_name[96];
    pg_lang lang = o->lang;
    const char *study = pg_lang_word(lang, PG_W_STUDY), *weight = pg_lang_word(lang, PG_W_WEIGHT);
    pg_lang_ci_word(lang, PG_W_CI_LEVEL, 100 * m->conf_level, cil, sizeof cil);
    snprintf(head, sizeof head, "%s (%s)", pg_lang_word(lang, ratio ? PG_W_RATIO : PG_W_ESTIMATE),
             cil);
    snprintf(pooled_name, sizeof pooled_name, pg_lang_word(lang, PG_W_POOLED),
             pg_meta_method_name(m->method));
    double w_name = plot_text_width(study, fs), w_est = plot_text_width(head, fs),
           w_w = plot_text_width(weight, fs);
    for (size_t i = 0; i < k; i++) {
        double se = sqrt(m->vi[i]);
        w_name = fmax(w_name, plot_text_width(labels[i], fs));
        est_text(b, sizeof b, ratio, m->yi[i], m->yi[i] - z * se, m->yi[i] + z * se);
        w_est = fmax(w_est, plot_text_width(b, fs));
    }
    w_name = fmax(w_name, plot_text_width(pooled_name, fs));
    double text_w = pad + w_name + gap + 2 * gap + w_est + gap + w_w + pad;
    double W = isnan(o->width) ? fmax(12.0 / 2.54 * 72, text_w / 0.55) : o->width * 72;
    double row_h = 1.5 * fs, top = 0.8 * fs + (o->title ? 1.8 * fs : 0), below = 3.4 * fs;
    double H = isnan(o->height) ? top + (double)(nr + 1) * row_h + below + 0.4 * fs : o->height * 72;
    pg->w_pt = W, pg->h_pt = H;
    double sL = (pad + w_name + gap) / W, sR = (W - (pad + w_w + gap + w_est + 2 * gap)) / W;
    double x_est = (W - (pad + w_w + gap + w_est)) / W, x_w = (W - pad) / W;
    if (sR - sL < 5 * fs / W || H - top - below < (double)(nr + 1) * fs) return PG_EINPUT;
    double ticks[24];
    size_t nt = x_range(m, ratio, z, &lo, &hi, ticks);
    plot_preamble(f, pg, o, "forest plot of a meta-analysis");
    fputs("\n# studies: row, estimate, lower, upper, square side in PS units (area by weight)\n$st << EOD\n", f);
    double wmax = 0;
    for (size_t i = 0; i < k; i++) wmax = fmax(wmax, m->weight[i]);
    for (size_t i = 0; i < k; i++) {
        double se = sqrt(m->vi[i]);
        fprintf(f, "%zu ", i + 1);
        plot_num(f, ax(ratio, m->yi[i])), fputc(' ', f);
        plot_num(f, ax(ratio, m->yi[i] - z * se)), fputc(' ', f);
        plot_num(f, ax(ratio, m->yi[i] + z * se));
        fprintf(f, " %.4f\n", fmax(0.35, 1.6 * sqrt(m->weight[i] / wmax)));
    }
    fputs("EOD\n", f);
    fprintf(f, "set lmargin at screen %.6f; set rmargin at screen %.6f\n", sL, sR);
    fprintf(f, "set tmargin at screen %.6f; set bmargin at screen %.6f\n", 1 - top / H,
            (below + 0.4 * fs) / H);
    fprintf(f, "%sset xrange [%.10g:%.10g]\nset yrange [%zu.5:-0.5]\n",
            ratio ? "set logscale x\n" : "", lo, hi, nr);
    if (nt) {
        fputs("set xtics (", f);
        for (size_t t = 0; t < nt; t++) fprintf(f, "%s%.10g", t ? ", " : "", ticks[t]);
        fputs(")\n", f);
    }
    fputs("set border 1 lw 0.8\nunset ytics\nset format x '%g'\nset xlabel ", f);
    plot_quote(f, pg_lang_word(lang, ratio ? PG_W_RATIO_LOG_AXIS : PG_W_ESTIMATE));
    fputs(" noenhanced\nunset key\nset bars 0.4\n", f);
    if (o->title) {
        fputs("set label ", f);
        plot_quote(f, o->title);
        fprintf(f, " at screen 0.5, screen %.6f center font ',%g' noenhanced\n",
                1 - 1.3 * fs / H, fs + 1);
    }
    double null = ratio ? 1 : 0;
    fprintf(f, "set arrow from %g, 0.5 to %g, %zu.5 nohead back lw 0.8 lc rgb '#555555'\n",
            null, null, nr);
    bold_label(f, study, pad / W, "left");
    bold_label(f, head, x_est, "left");
    bold_label(f, weight, x_w, "right");
    for (size_t i = 0; i <= k; i++) {
        int pooled = i == k;
        size_t row = pooled ? nr : i + 1;
        double se = sqrt(m->vi[pooled ? 0 : i]);
        fputs("set label ", f);
        plot_quote(f, pooled ? pooled_name : labels[i]);
        fprintf(f, " at screen %.6f, first %zu left noenhanced\n", pad / W, row);
        if (pooled) est_text(b, sizeof b, ratio, m->estimate, m->conf_low, m->conf_high);
        else est_text(b, sizeof b, ratio, m->yi[i], m->yi[i] - z * se, m->yi[i] + z * se);
        fputs("set label ", f);
        plot_quote(f, b);
        fprintf(f, " at screen %.6f, first %zu left\n", x_est, row);
        snprintf(b, sizeof b, "%.1f%%", pooled ? 100.0 : m->weight[i]);
        fprintf(f, "set label '%s' at screen %.6f, first %zu right\n", b, x_w, row);
    }
    /* the prediction interval as a line through the pooled row, the diamond (the CI's ends
     * and the estimate, 0.6 rows high) over it */
    if (m->tau2 > 0 && isfinite(m->pi_low))
        fprintf(f, "set arrow from %.10g, %zu to %.10g, %zu heads size screen 0.004,90 back "
                   "lw 1 lc rgb '#555555'\n",
                ax(ratio, m->pi_low), nr, ax(ratio, m->pi_high), nr);
    const char *col = o->mono ? "#000000" : plot_palette[0];
    fprintf(f, "set object polygon from %.10g, %zu to %.10g, %.2f to %.10g, %zu to %.10g, %.2f "
               "to %.10g, %zu front fs solid border lc rgb '%s' fc rgb '%s'\n",
            ax(ratio, m->conf_low), nr, ax(ratio, m->estimate), (double)nr - 0.3,
            ax(ratio, m->conf_high), nr, ax(ratio, m->estimate), (double)nr + 0.3,
            ax(ratio, m->conf_low), nr, col, col);
    fprintf(f, "plot $st using 2:1:3:4 with xerrorbars pt 0 lw 1 lc rgb '#000000', \\\n"
               "     $st using 2:1:($5*PS) with points pt 5 ps variable lc rgb '%s'\n",
            o->mono ? "#000000" : plot_palette[0]);
    fputs("unset output\n", f);
    return PG_OK;
}

static int funnel(FILE *f, const pg_meta *m, int ratio, const pg_plot_opts *o, plot_page *pg)
{
    double z = pg_z_two_sided(m->conf_level), semax = 0;
    for (size_t i = 0; i < m->k; i++) semax = fmax(semax, sqrt(m->vi[i]));
    semax *= 1.05;
    pg->w_pt = isnan(o->width) ? 8.5 / 2.54 * 72 : o->width * 72;
    pg->h_pt = isnan(o->height) ? 8.5 / 2.54 * 72 : o->height * 72;
    double e = m->estimate, a = e - z * semax, b = e + z * semax;
    for (size_t i = 0; i < m->k; i++) a = fmin(a, m->yi[i]), b = fmax(b, m->yi[i]);
    double pad = 0.05 * (b - a);
    a -= pad, b += pad;
    plot_preamble(f, pg, o, "funnel plot of a meta-analysis");
    fputs("\n# studies: estimate, standard error\n$st << EOD\n", f);
    for (size_t i = 0; i < m->k; i++) {
        plot_num(f, ax(ratio, m->yi[i])), fputc(' ', f);
        plot_num(f, sqrt(m->vi[i])), fputc('\n', f);
    }
    fputs("EOD\n", f);
    fprintf(f, "%sset xrange [%.10g:%.10g]\nset yrange [%.10g:0]\n",
            ratio ? "set logscale x\n" : "", ax(ratio, a), ax(ratio, b), semax);
    fputs("set xlabel ", f);
    plot_quote(f, pg_lang_word(o->lang, ratio ? PG_W_RATIO_LOG_AXIS : PG_W_ESTIMATE));
    fputs(" noenhanced\nset ylabel ", f);
    plot_quote(f, pg_lang_word(o->lang, PG_W_STD_ERROR));
    fputs(" noenhanced\nunset key\nset format x '%g'\n", f);
    if (o->title) {
        fputs("set title ", f);
        plot_quote(f, o->title);
        fputs(" noenhanced\n", f);
    }
    fprintf(f, "set arrow from %.10g, 0 to %.10g, %.10g nohead back lw 0.8 lc rgb '#555555'\n",
            ax(ratio, e), ax(ratio, e), semax);
    for (int s = -1; s <= 1; s += 2)
        fprintf(f, "set arrow from %.10g, 0 to %.10g, %.10g nohead back lw 0.8 dt 2 "
                   "lc rgb '#555555'\n",
                ax(ratio, e), ax(ratio, e + s * z * semax), semax);
    fprintf(f, "plot $st using 1:2 with points pt 7 ps 0.8*PS lc rgb '%s'\nunset output\n",
            o->mono ? "#000000" : plot_palette[0]);
    return PG_OK;
}

int pg_plot_meta_script(FILE *f, const pg_meta *m, const char *const *labels, int ratio,
                        int is_funnel, const pg_plot_opts *o, pg_error *err)
{
    plot_page pg;
    int rc = plot_page_init(&pg, o, err);
    if (rc) return rc;
    if (!m || m->k == 0) return pg_fail(err, PG_EINPUT, "plot: no studies to draw");
    if (is_funnel && m->k < 2) return pg_fail(err, PG_EINPUT, "plot: a funnel plot needs 2 or more studies");
    rc = is_funnel ? funnel(f, m, ratio, o, &pg) : forest(f, m, labels, ratio, o, &pg);
    if (rc == PG_EINPUT)
        return pg_fail(err, PG_EINPUT, "plot: figure too small for the forest plot's %zu rows: "
                                       "make it larger or the font smaller", m->k);
    if (ferror(f)) return pg_fail(err, PG_EIO, "plot: cannot write the script");
    return PG_OK;
}
