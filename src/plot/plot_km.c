/* plot_km.c -- the gnuplot script of a Kaplan-Meier figure: step curves, censor marks, the
 * confidence band, median lines, legend with n, the test's p-value, and the number-at-risk and
 * cumulative-events tables aligned with the x ticks. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plot_impl.h"
#include "prognos/format.h"

#define MAX_TICKS PLOT_KM_MAX_TICKS

static const char *ylab_text(const pg_plot_opts *o);

/* y value shown for survival s (fun and percent applied). */
static double fun_value(const pg_plot_opts *o, double s)
{
    double y;
    switch (o->fun) {
    case PG_PLOT_EVENT: y = 1 - s; break;
    case PG_PLOT_CUMHAZ: return s > 0 ? -log(s) : NAN;
    default: y = s; break;
    }
    return o->percent ? 100 * y : y;
}

/* Confidence limits of S transformed the same way; event and cumhaz swap the ends. */
static void fun_band(const pg_plot_opts *o, double lo, double hi, double *ylo, double *yhi)
{
    if (isnan(lo) || isnan(hi)) {
        *ylo = *yhi = NAN;
        return;
    }
    if (o->fun == PG_PLOT_SURV) {
        *ylo = fun_value(o, lo);
        *yhi = fun_value(o, hi);
    } else {
        *ylo = fun_value(o, hi);
        *yhi = fun_value(o, lo);
    }
}

/* Tick spacing for the range [0, range] with 4 to 8 intervals, the one that wastes least axis
 * beyond range (ties: the count nearer 6). Candidates 1-2-2.5-5 x 10^k, or for months 1, 2, 3, 6,
 * 12, 24, 36, 48, 60, 120. */
static double auto_break(double range, int months)
{
    if (!(range > 0)) return 1;
    static const double mon[] = {1, 2, 3, 6, 12, 24, 36, 48, 60, 120, 240};
    static const double base[] = {1, 2, 2.5, 5};
    double best = NAN, best_waste = INFINITY, best_nint = 0;
    double p10 = pow(10, floor(log10(range / 8)));
    for (int pass = 0; pass < 2; pass++) {
        size_t nc = pass == 0 && months ? sizeof mon / sizeof mon[0] : 8;
        if (pass == 0 && !months) continue;
        if (pass == 1 && months && !isnan(best)) break;
        for (size_t i = 0; i < nc; i++) {
            double c = pass == 0 ? mon[i] : base[i % 4] * p10 * (i < 4 ? 1 : 10);
            double nint = ceil(range / c - 1e-9);
            if (nint < 4 || nint > 8) continue;
            double waste = nint * c - range;
            if (waste < best_waste - 1e-9 * range ||
                (fabs(waste - best_waste) <= 1e-9 * range &&
                 fabs(nint - 6) < fabs(best_nint - 6))) {
                best = c;
                best_waste = waste;
                best_nint = nint;
            }
        }
    }
    if (isnan(best)) best = pow(10, floor(log10(range)));   /* not reached for range > 0 */
    return best;
}

/* A "nice" step for [0, ymax] with about 4 intervals (cumulative hazard axis). */
static double nice_step(double ymax)
{
    if (!(ymax > 0)) return 0.25;
    double raw = ymax / 4, p10 = pow(10, floor(log10(raw)));
    double m = raw / p10;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p10;
}

/* Labels: when every stratum name is "var=level" with the same var and no level is a bare
 * number, the legend shows the levels; otherwise the full names ("sex=1").
 * One unnamed curve is "All". */
typedef struct km_labels {
    char **label;       /* per stratum */
} km_labels;

static void labels_free(km_labels *l, size_t n)
{
    if (l->label)
        for (size_t s = 0; s < n; s++) free(l->label[s]);
    free(l->label);
}

/* Does a group name combine several variables ("a=x, b=y")? A ", " inside parentheses belongs
 * to a function term ("fnclcc(diff, mitoses, necrosis)=2") and does not count. */
static int several_vars(const char *nm)
{
    int depth = 0;
    for (; *nm; nm++) {
        depth += *nm == '(';
        depth -= *nm == ')';
        if (depth == 0 && nm[0] == ',' && nm[1] == ' ') return 1;
    }
    return 0;
}

/* The curves' names with the variable and level labels of o->names: one variable labelled
 * "Depth: Dermal" (its level labelled or as it is), one variable whose levels only are
 * labelled "Dermal", several variables as pg_labels_group ("Sex=Female, Depth=Dermal"). */
static int labels_named(const pg_km *km, const pg_plot_opts *o, km_labels *l, size_t vlen,
                        int has_eq)
{
    size_t n = km->n_strata;
    const char *first = km->strata_name && km->strata_name[0] ? km->strata_name[0] : "";
    int one_var = has_eq && vlen > 0;
    for (size_t s = 0; one_var && s < n; s++) {
        const char *nm = km->strata_name[s] ? km->strata_name[s] : "";
        if (strncmp(nm, first, vlen + 1) != 0 || several_vars(nm)) one_var = 0;
    }
    char var[256];
    snprintf(var, sizeof var, "%.*s", (int)(vlen < 255 ? vlen : 255), first);
    const char *vlab = one_var ? pg_labels_var(o->names, var) : NULL;
    for (size_t s = 0; s < n; s++) {
        const char *nm = km->strata_name && km->strata_name[s] ? km->strata_name[s] : "";
        if (one_var) {
            const char *lv = nm + vlen + 1, *llab = pg_labels_level(o->names, var, lv);
            if (llab == lv)
                llab = pg_lang_logical_level(o->lang, var, lv, strcmp(vlab, var) != 0);
            if (strcmp(vlab, var) != 0) l->label[s] = pg_strdup_printf("%s: %s", vlab, llab);
            else if (llab != lv) l->label[s] = pg_strdup(llab);
            else l->label[s] = pg_strdup_printf("%s=%s", var, lv);
        } else if (*nm) {
            l->label[s] = pg_labels_group(o->names, nm);
        } else {
            l->label[s] = pg_strdup(n == 1 ? pg_lang_word(o->lang, PG_W_ALL) : "?");
        }
        if (!l->label[s]) return PG_ENOMEM;
    }
    return PG_OK;
}

static int labels_make(const pg_km *km, const pg_plot_opts *o, km_labels *l)
{
    size_t n = km->n_strata;
    memset(l, 0, sizeof *l);
    l->label = calloc(n, sizeof *l->label);
    if (!l->label) return PG_ENOMEM;
    if (o->labels) {           /* the user's words, checked against the curve count by the caller */
        for (size_t s = 0; s < n; s++)
            if (!(l->label[s] = pg_strdup(o->labels[s]))) return PG_ENOMEM;
        return PG_OK;
    }
    const char *first = km->strata_name && km->strata_name[0] ? km->strata_name[0] : "";
    const char *eq = strchr(first, '=');
    size_t vlen = eq ? (size_t)(eq - first) : 0;
    int common = eq != NULL && vlen > 0;
    for (size_t s = 0; common && s < n; s++) {
        const char *nm = km->strata_name[s] ? km->strata_name[s] : "";
        if (strncmp(nm, first, vlen + 1) != 0 || several_vars(nm)) common = 0;
    }
    /* bare numbers ("1", "2") say nothing without their variable: keep "sex=1", and shorten
     * a function term to its name: "fnclcc(diff, mitoses, necrosis)=2" -> "fnclcc 2" */
    size_t fn_len = 0;
    for (size_t s = 0; common && s < n; s++) {
        const char *lv = km->strata_name[s] + vlen + 1;
        if (*lv && strspn(lv, "0123456789.-+eE ") == strlen(lv)) common = 0;
    }
    /* I(expr)=TRUE keeps its expression: "TRUE" alone would say nothing */
    if (strncmp(first, "I(", 2) == 0) common = 0;
    if (o->names && pg_labels_any(o->names)) return labels_named(km, o, l, vlen, eq != NULL);
    const char *paren = eq ? memchr(first, '(', vlen) : NULL;
    if (!common && paren && paren > first + 1) fn_len = (size_t)(paren - first);
    for (size_t s = 0; s < n; s++) {
        const char *nm = km->strata_name && km->strata_name[s] ? km->strata_name[s] : "";
        const char *e = strchr(nm, '='), *yn = NULL;
        if (common) nm += vlen + 1;
        if (!common && fn_len && e && !several_vars(nm) && strncmp(nm, first, fn_len) == 0) {
            l->label[s] = pg_strdup_printf("%.*s %s", (int)fn_len, nm, e + 1);
        } else if (e && !several_vars(nm) &&
                   (yn = pg_lang_logical_level(o->lang, nm, e + 1, 0)) != e + 1) {
            /* "I(size_cm > 5): Sí" in another language, as the table's row and level */
            l->label[s] = pg_strdup_printf("%.*s: %s", (int)(e - nm), nm, yn);
        } else {
            if (!*nm) nm = n == 1 ? pg_lang_word(o->lang, PG_W_ALL) : "?";
            l->label[s] = pg_strdup(nm);
        }
        if (!l->label[s]) return PG_ENOMEM;
    }
    return PG_OK;
}

/* A datablock line "x y". */
static void point(FILE *f, double x, double y)
{
    plot_num(f, x), fputc(' ', f), plot_num(f, y), fputc('\n', f);
}

/* Step coordinates of the curve of stratum s, cut at xmax: from (0, y0), a vertical drop at
 * each time the value changes, and a final horizontal stretch to the last time (or to xmax when
 * the curve goes on beyond it). */
static void write_curve(FILE *f, const pg_km *km, size_t s, const pg_plot_opts *o, double xmax)
{
    size_t a = km->strata_start[s], b = km->strata_start[s + 1];
    double prev = fun_value(o, 1), lastx = 0;
    int beyond = 0;
    point(f, 0, prev);
    double emitted_x = 0;
    for (size_t i = a; i < b; i++) {
        double t = km->time[i];
        if (t > xmax) {
            beyond = 1;
            break;
        }
        double y = fun_value(o, km->surv[i]);
        if (isnan(y)) break;
        if (y != prev) {
            if (t != emitted_x) point(f, t, prev);   /* not a drop at time 0, at (0, y0) */
            point(f, t, y);
            prev = y;
            emitted_x = t;
        }
        lastx = t;
    }
    double endx = beyond ? xmax : lastx;
    if (endx > emitted_x) point(f, endx, prev);
}

/* The legend line of the fitted curves: "Weibull fit (dashed: beyond the data)". */
static const char *fit_title(const pg_plot_opts *o, char *t, size_t cap)
{
    snprintf(t, cap, pg_lang_word(o->lang, PG_W_FIT_DASHED),
             pg_survreg_dist_name(o->fitted->fit->dist));
    t[0] = (char)toupper((unsigned char)t[0]);
    return t;
}

/* The fitted curve of figure curve s (o->fitted) as 200 segments from 0 to xmax: $fit_s up to
 * the curve's last time, $fitx_s (extrapolated, drawn dashed) from there on. */
static void write_fitted(FILE *f, const pg_km *km, size_t s, const pg_plot_opts *o, double xmax)
{
    const pg_plot_fitted *pf = o->fitted;
    size_t q = pf->fit->p - 1, st = pf->stratum ? pf->stratum[s] : 0, nseg = 200;
    const double *x = pf->x + s * q;
    double last = km->time[km->strata_start[s + 1] - 1], cut = last < xmax ? last : xmax;
    fprintf(f, "$fit_%zu << EOD\n", s + 1);
    for (size_t k = 0; k <= nseg; k++) {
        double t = xmax * (double)k / (double)nseg;
        if (t > cut) t = cut;
        point(f, t, fun_value(o, pg_survreg_surv(pf->fit, x, st, t)));
        if (t == cut) break;
    }
    fprintf(f, "EOD\n$fitx_%zu << EOD\n", s + 1);
    if (cut < xmax)
        for (size_t k = 0; k <= nseg; k++) {
            double t = cut + (xmax - cut) * (double)k / (double)nseg;
            point(f, t, fun_value(o, pg_survreg_surv(pf->fit, x, st, t)));
        }
    else
        point(f, xmax, NAN);
    fputs("EOD\n", f);
}

/* One section of the band as a closed polygon: along the upper limits, back along the lower
 * ones, and a blank line (gnuplot starts a new polygon there). */
static void band_polygon(FILE *f, const double *x, const double *lo, const double *hi, size_t n)
{
    if (n < 2) return;
    for (size_t i = 0; i < n; i++) point(f, x[i], hi[i]);
    for (size_t i = n; i-- > 0;) point(f, x[i], lo[i]);
    fputc('\n', f);
}

/* The band as one filled polygon per section (its step outline, so no seams between pieces
 * are left for a PDF viewer's anti-aliasing to show as hairlines), a new section where the
 * limits are undefined (after S reaches 0 on the log scale), cut at xmax like the curve.
 * PG_OK or PG_ENOMEM. */
static int write_band(FILE *f, const pg_km *km, size_t s, const pg_plot_opts *o, double xmax)
{
    size_t a = km->strata_start[s], b = km->strata_start[s + 1], cap = 2 * (b - a) + 2, n = 0;
    double *x = pg_malloc_array(cap, sizeof *x), *bl = pg_malloc_array(cap, sizeof *bl);
    double *bh = pg_malloc_array(cap, sizeof *bh);
    if (!x || !bl || !bh) {
        free(x), free(bl), free(bh);
        return PG_ENOMEM;
    }
#define BAND_ROW(X, L, H) (x[n] = (X), bl[n] = (L), bh[n] = (H), n++)
    double plo = fun_value(o, 1), phi = plo, lastx = 0;
    int open = 1, beyond = 0;
    BAND_ROW(0, plo, phi);
    for (size_t i = a; i < b; i++) {
        double t = km->time[i];
        if (t > xmax) {
            beyond = 1;
            break;
        }
        double lo, hi;
        fun_band(o, km->conf_low[i], km->conf_high[i], &lo, &hi);
        if (isnan(lo) || isnan(hi)) {
            if (open) {
                BAND_ROW(t, plo, phi);
                band_polygon(f, x, bl, bh, n);
                n = 0;
                open = 0;
            }
            continue;
        }
        if (!open || lo != plo || hi != phi) {
            if (open) BAND_ROW(t, plo, phi);
            BAND_ROW(t, lo, hi);
            plo = lo, phi = hi, open = 1;
        }
        lastx = t;
    }
    if (open) BAND_ROW(beyond ? xmax : lastx, plo, phi);
#undef BAND_ROW
    band_polygon(f, x, bl, bh, n);
    free(x), free(bl), free(bh);
    return PG_OK;
}

/* Overlap of a key box [x0,x1]x[y0,y1] (graph fractions) with the curves and bands: length of
 * curve inside (weight 10) plus band area inside. Used to choose the emptiest corner. */
typedef struct box { double x0, x1, y0, y1; } box;

static double seg_inside(box k, double xa, double ya, double xb, double yb)
{
    /* axis-parallel segments only */
    if (ya == yb) {
        if (ya < k.y0 || ya > k.y1) return 0;
        double lo = fmax(fmin(xa, xb), k.x0), hi = fmin(fmax(xa, xb), k.x1);
        return hi > lo ? hi - lo : 0;
    }
    if (xa < k.x0 || xa > k.x1) return 0;
    double lo = fmax(fmin(ya, yb), k.y0), hi = fmin(fmax(ya, yb), k.y1);
    return hi > lo ? hi - lo : 0;
}

static double overlap(const pg_km *km, const pg_plot_opts *o, box k, double xlo, double xhi,
                      double ylo, double yhi)
{
    double score = 0, sx = 1 / (xhi - xlo), sy = 1 / (yhi - ylo);
    for (size_t s = 0; s < km->n_strata; s++) {
        size_t a = km->strata_start[s], b = km->strata_start[s + 1];
        double px = 0, py = fun_value(o, 1), blo = py, bhi = py;
        for (size_t i = a; i <= b; i++) {
            double t = i < b ? fmin(km->time[i], xhi) : px;
            double y = i < b ? fun_value(o, km->surv[i]) : py;
            if (i == b && b > a) t = fmin(km->time[b - 1], xhi);
            if (isnan(y)) break;
            double gx0 = (px - xlo) * sx, gx1 = (t - xlo) * sx;
            double gy0 = (py - ylo) * sy, gy1 = (y - ylo) * sy;
            score += 10 * seg_inside(k, gx0, gy0, gx1, gy0);
            score += 10 * seg_inside(k, gx1, gy0, gx1, gy1);
            if (o->ci && km->conf_low && km->conf_high) {
                double l = (blo - ylo) * sy, h = (bhi - ylo) * sy;
                double w = fmin(gx1, k.x1) - fmax(gx0, k.x0);
                double v = fmin(h, k.y1) - fmax(l, k.y0);
                if (!isnan(l) && w > 0 && v > 0) score += w * v;
                if (i < b) fun_band(o, km->conf_low[i], km->conf_high[i], &blo, &bhi);
            }
            px = t, py = y;
            if (i < b && km->time[i] >= xhi) break;
        }
    }
    return score;
}

/* The figure's geometry and the legend's text, worked out before a line of script is written:
 * axes (ticks, ranges), margins and panel sizes in points, where the legend goes. */
typedef struct km_layout {
    size_t ns;                  /* curves */
    int percent;                /* y in percent (never for the cumulative hazard) */
    double xmax, ticks[MAX_TICKS];
    size_t nt;
    double ystep, ytop;
    double xlo, xhi, ylo, yhi;  /* plot ranges, with a little room on each side */
    double fs, W, H, pad;       /* font size, figure width and height, table label inset */
    size_t table_rows;          /* rows of the at-risk and events tables, headers included */
    int fractional;             /* a count is not whole (case weights): labels with a decimal */
    char pline[96];             /* the test's p-value line, "" without */
    int show_key, key_inside, key_corner;
    size_t key_cols;
    double brk, thinned_from;   /* tick spacing drawn; the asked-for one when thinned, else 0 */
    double key_need_w;          /* width a column of the legend strip takes (points) */
    double key_w, key_h;        /* the legend's box (points): inside the plot, or the strip */
    double table_fs;            /* font size of the tables' row labels (fs, or less to fit) */
    char (*entry)[160];         /* legend entry per curve: label and n (owned) */
    double sL, sR, sT, sB, tT, tB;  /* screen fractions of the plot and the tables */
} km_layout;

static int check_inputs(const pg_km *km, const pg_logrank *lr, const pg_plot_opts *o,
                        pg_error *err)
{
    if (!km || km->n_strata == 0 || !km->strata_start || !km->time || !km->surv)
        return pg_fail(err, PG_EINPUT, "plot: no survival curve to draw");
    if (o->ci && (!km->conf_low || !km->conf_high))
        return pg_fail(err, PG_EINPUT, "plot: the curves have no confidence limits");
    if ((o->risk_table || o->cum_events) && !km->n_risk)
        return pg_fail(err, PG_EINPUT, "plot: the curves have no numbers at risk");
    if (o->pval && !lr)
        return pg_fail(err, PG_EINPUT, "plot: a p-value needs a test of two or more groups");
    if (!isnan(o->xmax) && !(o->xmax > 0 && isfinite(o->xmax)))
        return pg_fail(err, PG_EINPUT, "plot: xmax must be a positive number");
    if (!isnan(o->xbreak) && !(o->xbreak > 0 && isfinite(o->xbreak)))
        return pg_fail(err, PG_EINPUT, "plot: break must be a positive number");
    if (o->fitted && (!o->fitted->fit || o->fitted->n_curves != km->n_strata))
        return pg_fail(err, PG_EINPUT, "plot: the fitted curves do not match the %zu curves",
                       km->n_strata);
    if (o->labels && o->n_labels != km->n_strata)
        return pg_fail(err, PG_EINPUT, "plot: %zu labels for %zu curves", o->n_labels,
                       km->n_strata);
    return PG_OK;
}

/* x axis: ticks 0, brk, ... up to xmax; y axis: steps of 0.25 (25%) up to 1, or a nice step
 * up to the largest cumulative hazard shown. */
static int axes_make(const pg_km *km, const pg_plot_opts *o, km_layout *L, pg_error *err)
{
    size_t ns = L->ns;
    double tmax = 0;
    for (size_t i = 0; i < km->strata_start[ns]; i++)
        if (km->time[i] > tmax) tmax = km->time[i];
    if (!(tmax > 0)) tmax = 1;
    int months = o->time_unit && strstr(o->time_unit, "month");
    double brk = o->xbreak, xmax = o->xmax;
    if (isnan(brk)) brk = auto_break(isnan(xmax) ? tmax : xmax, months);
    if (isnan(xmax)) xmax = ceil(tmax / brk - 1e-9) * brk;
    if (xmax / brk > MAX_TICKS - 1)
        return pg_fail(err, PG_EINPUT, "plot: break %g gives more than %d ticks up to %g", brk,
                       MAX_TICKS - 1, xmax);
    L->xmax = xmax;
    L->nt = pg_plot_ticks(brk, xmax, L->ticks, MAX_TICKS);
    L->brk = brk;
    L->thinned_from = 0;

    double yhi_data = fun_value(o, 1);
    for (size_t i = 0; i < km->strata_start[ns]; i++) {
        if (km->time[i] > xmax) continue;
        double y = fun_value(o, km->surv[i]);
        if (!isnan(y) && y > yhi_data) yhi_data = y;
    }
    if (o->fun == PG_PLOT_CUMHAZ) {
        L->ystep = nice_step(yhi_data > 0 ? yhi_data : 1);
        L->ytop = ceil((yhi_data > 0 ? yhi_data : 1) / L->ystep - 1e-9) * L->ystep;
    } else {
        L->ystep = L->percent ? 25 : 0.25;
        L->ytop = L->percent ? 100 : 1;
    }
    /* A little room on each side (as ggplot's expansion) so curves at 0 and 1 and the censor
     * marks are not drawn over the axes. */
    L->xlo = -0.02 * xmax, L->xhi = xmax * 1.02, L->ylo = -0.02 * L->ytop, L->yhi = L->ytop * 1.02;
    return PG_OK;
}

/* Left and right margins in points: room for the y tick labels, or for the table's row labels
 * and its first count centred on x = 0. The left margin takes at most 45% of the width; row
 * labels too long for that (a narrow --size) are set smaller, down to 3/4 of the font size, so
 * the column still ends 1.1 em before the first count (and the margin may then take 60%);
 * table_fs 0 when even that is too wide. */
static void margins_make(const pg_km *km, const pg_plot_opts *o, const km_labels *lab,
                         km_layout *L, double *left, double *right)
{
    double fs = L->fs, W = L->W;
    char ytl[32];
    double ytick_w = 0;
    for (double v = 0; v <= L->ytop * (1 + 1e-9); v += L->ystep) {
        if (L->percent) snprintf(ytl, sizeof ytl, "%g%%", v);
        else snprintf(ytl, sizeof ytl, o->fun == PG_PLOT_CUMHAZ ? "%g" : "%.2f", v);
        double w = plot_text_width(ytl, fs);
        if (w > ytick_w) ytick_w = w;
    }
    double label_w = 0;
    for (size_t s = 0; s < L->ns; s++) {
        double w = plot_text_width(lab->label[s], fs);
        if (w > label_w) label_w = w;
    }
    /* The table's counts at tick 0 are centred on x = 0, which sits 2% of the axis right of
     * the left margin; the row labels (left-aligned at the figure's edge) must end before. */
    double count0_half = 0;
    if (L->table_rows) {
        char c0[32];
        snprintf(c0, sizeof c0, "%zu", km->n);
        count0_half = plot_text_width(c0, fs) / 2;
    }
    *left = L->pad + 1.3 * fs + ytick_w + 1.0 * fs;
    char last_tick[32];
    snprintf(last_tick, sizeof last_tick, "%g", L->ticks[L->nt - 1]);
    *right = fmax(1.2 * fs, plot_text_width(last_tick, fs) / 2 + 0.6 * fs);
    L->table_fs = fs;
    double max_left = 0.45 * W;
    if (*left > max_left) *left = max_left;
    if (!L->table_rows) return;
    /* x = 0 sits at left + c (W - left - right), c = 0.02 / 1.04 (the x range's 2% pad); the
     * first count's left edge must come 1.1 em after the labels' right end */
    double c = 0.02 / 1.04, fixed = L->pad + 1.1 * fs + count0_half;
    /* this takes c of W - need - right, not of the wider W - left - right the margin then
     * leaves: c^2 (W - right - need) / (1 - c) points more than the exact need, never less */
    double need = fixed + label_w, plot_w0 = W - need - *right;
    need -= c * (plot_w0 > 0 ? plot_w0 : 0);
    if (need <= max_left) {
        if (need > *left) *left = need;
        return;
    }
    double room = max_left * (1 - c) + c * (W - *right) - fixed;   /* for labels at max_left */
    if (room >= 0.75 * label_w) {
        *left = max_left;
        L->table_fs = floor(fs * room / label_w * 100) / 100;   /* widths scale with the size */
        return;
    }
    /* at 3/4 of the font size the labels may widen the margin to 60% of the figure (exactly:
     * x = 0 moves with the margin) */
    double need75 = (fixed + 0.75 * label_w - c * (W - *right)) / (1 - c);
    if (need75 <= 0.6 * W) {
        *left = need75;
        L->table_fs = floor(0.75 * fs * 100) / 100;
        return;
    }
    L->table_fs = 0;   /* no room: layout_at says so, once the figure is not simply too small */
}

/* Tick labels (and the table's counts under them) never touch: when the spacing in points
 * is less than the widest label plus a gap of 0.5 em, every k-th tick is kept, the smallest
 * k that leaves room (a --break of 24 on a narrow 170-month axis becomes 48). */
static void thin_ticks(const pg_km *km, km_layout *L, double plot_w)
{
    if (L->nt < 3 || !(plot_w > 0)) return;
    char b[32];
    double wmax = 0;
    for (size_t k = 0; k < L->nt; k++) {
        snprintf(b, sizeof b, "%g", L->ticks[k]);
        wmax = fmax(wmax, plot_text_width(b, L->fs));
    }
    if (L->table_rows) {
        snprintf(b, sizeof b, "%zu", km->n);   /* no count is wider than n */
        wmax = fmax(wmax, plot_text_width(b, L->fs));
    }
    double per_unit = plot_w / (L->xhi - L->xlo), need = wmax + 0.5 * L->fs;
    size_t k = 1;
    while (k < L->nt && k * L->brk * per_unit < need) k++;
    if (k == 1) return;
    L->thinned_from = L->brk;
    L->brk *= (double)k;
    L->nt = pg_plot_ticks(L->brk, L->xmax, L->ticks, MAX_TICKS);
}

/* The legend's entries ("label (n = N)") and the p-value line; returns the widest entry. */
static int entries_make(const pg_km *km, const pg_logrank *lr, const pg_plot_opts *o,
                        const km_labels *lab, km_layout *L, double *entry_w)
{
    if (o->pval) {
        char pbuf[40];
        pg_format_pvalue(pbuf, sizeof pbuf, lr->p, 1);
        snprintf(L->pline, sizeof L->pline, "%s %s", o->test_label ? o->test_label : pg_lang_word(o->lang, PG_W_LOGRANK),
                 pbuf);
    }
    L->entry = calloc(L->ns, sizeof *L->entry);
    if (!L->entry) return PG_ENOMEM;
    *entry_w = 0;
    for (size_t s = 0; s < L->ns; s++) {
        double n = km->strata_n ? (double)km->strata_n[s]
                                : (km->n_risk ? km->n_risk[km->strata_start[s]] : NAN);
        if (!isnan(n)) snprintf(L->entry[s], sizeof L->entry[s], "%s (n = %.0f)", lab->label[s], n);
        else snprintf(L->entry[s], sizeof L->entry[s], "%s", lab->label[s]);
        double w = plot_text_width(L->entry[s], L->fs);
        if (w > *entry_w) *entry_w = w;
    }
    return PG_OK;
}

/* Legend: group names with n and the p-value line, inside the plot in a corner the curves and
 * bands leave empty (the emptiest if a single curve), else in rows above the plot. Returns the
 * height of that strip above the plot (0 when the legend is inside). */
static double key_place(const pg_km *km, const pg_plot_opts *o, km_layout *L, double entry_w,
                        double plot_w, double plot_h)
{
    static const int order_surv[] = {0, 1, 2, 3}, order_rise[] = {3, 2, 0, 1};
    const int *order = o->fun == PG_PLOT_SURV ? order_surv : order_rise;
    double fs = L->fs, pline_w = o->pval ? plot_text_width(L->pline, fs) : 0;
    char ft[160];
    double fit_w = o->fitted ? plot_text_width(fit_title(o, ft, sizeof ft), fs) : 0;
    if (fit_w > pline_w) pline_w = fit_w;
    size_t extra = (o->pval ? 1 : 0) + (o->fitted ? 1 : 0);
    size_t ns = L->ns, lines = (L->show_key ? ns : 0) + extra;
    L->key_inside = 1, L->key_corner = order[0], L->key_cols = 1;
    if (!lines || plot_h <= 0) return 0;
    double samp = o->mono ? 2.2 * fs : 1.1 * fs;
    double bw = fmax(L->show_key ? entry_w + 2.4 * fs + samp : 0, pline_w + samp + 1.3 * fs);
    double kw = bw / plot_w, kh = (lines * 1.15 * fs + 0.9 * fs) / plot_h;
    L->key_w = bw, L->key_h = lines * 1.15 * fs + 0.9 * fs;
    box corner[4] = {{1 - kw, 1, 1 - kh, 1}, {0, kw, 0, kh}, {1 - kw, 1, 0, kh},
                     {0, kw, 1 - kh, 1}};
    double best_score = INFINITY;
    /* a legend wider or taller than the plot (long labels) never goes inside it */
    for (int c = 0; c < 4 && kw < 0.98 && kh < 0.98; c++) {
        double sc = overlap(km, o, corner[order[c]], L->xlo, L->xhi, L->ylo, L->yhi);
        if (sc < best_score - 1e-12) {
            best_score = sc;
            L->key_corner = order[c];
        }
        if (sc == 0) break;
    }
    if (!(best_score > 0 && L->show_key)) return 0;
    /* every corner is taken: the legend (and p-value) in rows above the plot, from the
     * figure's left edge (the risk table's labels may make the left margin wide), as many
     * columns as fit the figure's width */
    L->key_inside = 0;
    double cw = entry_w + 2.4 * fs + samp;
    size_t nent = ns + extra;
    if (extra && pline_w + 3.5 * fs > cw) cw = pline_w + 3.5 * fs;
    L->key_need_w = cw;
    L->key_cols = (size_t)fmax(1, floor((L->W - 2 * L->pad + 0.5 * fs) / cw));
    if (L->key_cols > nent) L->key_cols = nent;
    size_t key_rows = (nent + L->key_cols - 1) / L->key_cols;
    L->key_w = (double)L->key_cols * cw, L->key_h = key_rows * 1.15 * fs;
    return key_rows * 1.15 * fs + 0.5 * fs;
}

/* The whole layout: axes, margins, legend, panel heights, and the screen fractions. */
static int layout_at(const pg_km *km, const pg_logrank *lr, const pg_plot_opts *o,
                     const km_labels *lab, const plot_page *pg, km_layout *L, double w_in,
                     pg_error *err);

/* The layout at the default width (8.5 cm) or the user's; a default-width figure whose legend
 * entries or table labels (long labels) are wider than the figure allows is widened to hold
 * them, so no entry runs off the canvas and no label reaches a count. */
static int layout_make(const pg_km *km, const pg_logrank *lr, const pg_plot_opts *o,
                       const km_labels *lab, const plot_page *pg, km_layout *L, pg_error *err)
{
    double w_in = isnan(o->width) ? 8.5 / 2.54 : o->width;
    int rc = layout_at(km, lr, o, lab, pg, L, w_in, err);
    /* a default-width figure grows, by tenths up to 30 cm, until the tables' row labels fit
     * at the font size (a user's width sets them smaller, or says they do not fit) */
    while (isnan(o->width) && L->table_rows && L->table_fs < L->fs && w_in < 30 / 2.54 &&
           (rc == PG_OK || (rc == PG_EINPUT && !(L->table_fs > 0)))) {
        free(L->entry);
        L->entry = NULL;
        w_in = fmin(1.1 * w_in, 30 / 2.54);
        rc = layout_at(km, lr, o, lab, pg, L, w_in, err);
    }
    if (rc || L->key_inside) return rc;
    double need = L->key_need_w + 2 * L->pad;
    if (need <= L->W) return PG_OK;
    if (!isnan(o->width))   /* the user's width: say so rather than run off the canvas */
        return pg_fail(err, PG_EINPUT,
                       "plot: the legend's longest entry needs a %.1f cm wide figure, not %.1f "
                       "cm: make it wider (--size) or the labels shorter (--labels)",
                       need / 72 * 2.54, L->W / 72 * 2.54);
    free(L->entry);
    L->entry = NULL;
    return layout_at(km, lr, o, lab, pg, L, need / 72, err);
}

static int layout_at(const pg_km *km, const pg_logrank *lr, const pg_plot_opts *o,
                     const km_labels *lab, const plot_page *pg, km_layout *L, double w_in,
                     pg_error *err)
{
    int rc = axes_make(km, o, L, err);
    if (rc) return rc;
    double fs = L->fs = pg->fs;
    L->W = w_in * 72;
    L->pad = 0.4 * fs;
    L->table_rows = (o->risk_table ? L->ns + 1 : 0) + (o->cum_events ? L->ns + 1 : 0);
    double left, right;
    margins_make(km, o, lab, L, &left, &right);
    double row_h = 1.2 * fs, bottom_pad = 0.4 * fs;
    double table_h = L->table_rows ? L->table_rows * row_h + 0.6 * fs : 0;
    double axis_below = 3.7 * fs;
    double top = 0.9 * fs + (o->title ? 1.8 * fs : 0);
    double plot_w = L->W - left - right, entry_w;
    thin_ticks(km, L, plot_w);
    if (entries_make(km, lr, o, lab, L, &entry_w)) return pg_fail(err, PG_ENOMEM, "out of memory");
    L->show_key = L->ns > 1;
    /* a default-height plot is at least as tall as its (rotated) y title is long, so the
     * title never reaches into the legend strip above or the table below */
    double h0 = fmax(0.62 * plot_w, plot_text_width(ylab_text(o), fs) + fs);
    double plot_h = isnan(o->height) ? h0
                                     : o->height * 72 - top - axis_below - table_h - bottom_pad;
    double key_strip = key_place(km, o, L, entry_w, plot_w, plot_h);
    if (isnan(o->height)) {
        plot_h = h0;
        L->H = top + key_strip + plot_h + axis_below + table_h + bottom_pad;
    } else {
        L->H = o->height * 72;
        plot_h = L->H - top - key_strip - axis_below - table_h - bottom_pad;
    }
    if (plot_w < 6 * fs || plot_h < 5 * fs)
        return pg_fail(err, PG_EINPUT,
                       "plot: figure too small for its text (%.1f x %.1f cm at %g pt): make it "
                       "larger or the font smaller",
                       L->W / 72 * 2.54, L->H / 72 * 2.54, fs);
    if (L->table_rows && !(L->table_fs > 0))
        return pg_fail(err, PG_EINPUT,
                       "plot: the table's row labels are too long for a %.1f cm wide figure: "
                       "make it wider (--size) or the labels shorter (--labels)",
                       L->W / 72 * 2.54);
    double W = L->W, H = L->H;
    L->sL = left / W, L->sR = 1 - right / W;
    L->sT = 1 - (top + key_strip) / H, L->sB = (bottom_pad + table_h + axis_below) / H;
    L->tT = (bottom_pad + table_h) / H, L->tB = bottom_pad / H;
    return PG_OK;
}

/* The datablocks: each curve's steps, its band and censor marks, then the table counts. */
static int write_data(FILE *f, const pg_km *km, const pg_plot_opts *o, km_layout *L)
{
    size_t ns = L->ns;
    for (size_t s = 0; s < ns; s++) {
        fprintf(f, "\n# curve %zu: ", s + 1);
        plot_quote(f, km->strata_name && km->strata_name[s] ? km->strata_name[s] : "");
        fprintf(f, "\n$km_%zu << EOD\n", s + 1);
        write_curve(f, km, s, o, L->xmax);
        fputs("EOD\n", f);
        if (o->fitted) write_fitted(f, km, s, o, L->xmax);
        if (o->ci) {
            fprintf(f, "$band_%zu << EOD\n", s + 1);
            if (write_band(f, km, s, o, L->xmax)) return PG_ENOMEM;
            fputs("EOD\n", f);
        }
        if (o->censor_marks && km->n_censor) {
            fprintf(f, "$censor_%zu << EOD\n", s + 1);
            size_t a = km->strata_start[s], b = km->strata_start[s + 1];
            for (size_t i = a; i < b; i++) {
                double y = fun_value(o, km->surv[i]);
                if (km->n_censor[i] > 0 && km->time[i] <= L->xmax && !isnan(y))
                    point(f, km->time[i], y);
            }
            fputs("EOD\n", f);
        }
    }
    if (!L->table_rows) return PG_OK;
    size_t nt = L->nt;
    double *nr = calloc(nt, sizeof *nr), *ce = calloc(nt, sizeof *ce);
    if (!nr || !ce) {
        free(nr), free(ce);
        return PG_ENOMEM;
    }
    fputs("\n# tables under the plot: x tick, row, count (summary(fit, times = ticks))\n", f);
    size_t row = 1;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0 && !o->risk_table) continue;
        if (pass == 1 && !o->cum_events) continue;
        row++;                            /* the header line */
        for (size_t s = 0; s < ns; s++, row++) {
            pg_plot_at_risk(km, s, L->ticks, nt, nr, ce);
            fprintf(f, "$%s_%zu << EOD\n", pass == 0 ? "risk" : "events", s + 1);
            for (size_t k = 0; k < nt; k++) {
                double v = pass == 0 ? nr[k] : ce[k];
                L->fractional |= v != floor(v);     /* survfit's weighted n.risk */
                fprintf(f, "%g %zu %.10g\n", L->ticks[k], row, v);
            }
            fputs("EOD\n", f);
        }
    }
    free(nr);
    free(ce);
    return PG_OK;
}

/* The y axis title: the user's, or by fun in the figure's language. */
static const char *ylab_text(const pg_plot_opts *o)
{
    return o->ylab ? o->ylab
                   : pg_lang_word(o->lang, o->fun == PG_PLOT_SURV    ? PG_W_SURV_PROB
                                           : o->fun == PG_PLOT_EVENT ? PG_W_CUM_INC
                                                                     : PG_W_CUM_HAZ);
}

/* Margins, ranges, ticks and axis labels of the plot panel, and the title. */
static void write_axes(FILE *f, const pg_plot_opts *o, const km_layout *L)
{
    fprintf(f, "\n# layout (screen fractions): both panels share the left and right margins, "
               "so the\n# table's columns sit exactly under the x ticks\n");
    fprintf(f, "L = %.6f; R = %.6f\n", L->sL, L->sR);
    fprintf(f, "set multiplot\n");
    fprintf(f, "set lmargin at screen L; set rmargin at screen R\n");
    fprintf(f, "set tmargin at screen %.6f; set bmargin at screen %.6f\n", L->sT, L->sB);
    fprintf(f, "set xrange [%.10g:%.10g]\nset yrange [%.10g:%.10g]\n", L->xlo, L->xhi, L->ylo,
            L->yhi);
    if (L->thinned_from > 0)
        fprintf(f, "# x ticks every %g, not %g: tick labels %g apart would touch at this width\n",
                L->brk, L->thinned_from, L->thinned_from);
    fputs("set xtics (", f);
    for (size_t k = 0; k < L->nt; k++) fprintf(f, "%s%.10g", k ? ", " : "", L->ticks[k]);
    fputs(")\n", f);
    fprintf(f, "set ytics 0, %.10g, %.10g\n", L->ystep, L->ytop);
    if (L->percent) fputs("set format y '%g%%'\n", f);
    else if (o->fun == PG_PLOT_CUMHAZ) fputs("set format y '%g'\n", f);
    else fputs("set format y '%.2f'\n", f);
    fputs("set format x '%g'\n", f);
    char xl[512];
    if (o->xlab) snprintf(xl, sizeof xl, "%s", o->xlab);
    else if (o->time_unit && *o->time_unit) {
        /* a unit word in any language is written in the figure's ("Tiempo (meses)") */
        pg_time_unit u = pg_lang_unit_of_word(o->time_unit);
        snprintf(xl, sizeof xl, "%s (%s)", pg_lang_word(o->lang, PG_W_TIME),
                 u ? pg_lang_unit_word(o->lang, u, 1) : o->time_unit);
    } else {
        snprintf(xl, sizeof xl, "%s", pg_lang_word(o->lang, PG_W_TIME));
    }
    fputs("set xlabel ", f);
    plot_quote(f, xl);
    fputs(" noenhanced\nset ylabel ", f);
    plot_quote(f, ylab_text(o));
    fputs(" noenhanced\n", f);
    if (o->title) {   /* a label, not 'set title', so it stays above a legend strip */
        fputs("set label ", f);
        plot_quote(f, o->title);
        fprintf(f, " at screen 0.5, screen %.6f center font ',%g' noenhanced\n",
                1 - 1.3 * L->fs / L->H, L->fs + 1);
    }
}

/* The legend's placement and the dashed median lines. */
static void write_key_medians(FILE *f, const pg_km *km, const pg_plot_opts *o,
                              const km_layout *L)
{
    static const char *const corner_name[] = {"top right", "bottom left", "bottom right",
                                              "top left"};
    if ((L->show_key || o->pval) && L->key_inside) {
        fprintf(f, "set key inside %s Left reverse samplen %d spacing 1.0 noenhanced\n",
                corner_name[L->key_corner], o->mono ? 4 : 2);
    } else if (L->show_key) {
        double top = 0.9 * L->fs + (o->title ? 1.8 * L->fs : 0);
        fprintf(f, "set key at screen %.6f, screen %.6f left top horizontal maxcols %zu Left "
                   "reverse samplen %d spacing 1.0 width 1 noenhanced\n",
                L->pad / L->W, 1 - (top + 0.2 * L->fs) / L->H, L->key_cols, o->mono ? 4 : 2);
    } else {
        fputs("unset key\n", f);
    }
    if (!(o->median_lines && km->median)) return;
    double yh = fun_value(o, 0.5), mmax = -1;
    for (size_t s = 0; s < L->ns; s++) {
        double m = km->median[s].estimate;
        if (!isfinite(m) || m > L->xmax) continue;
        fprintf(f, "set arrow from %.10g, %.10g to %.10g, %.10g nohead back dt 2 lw 0.8 "
                   "lc rgb '#555555'\n",
                m, L->ylo, m, yh);
        if (m > mmax) mmax = m;
    }
    if (mmax >= 0)
        fprintf(f, "set arrow from %.10g, %.10g to %.10g, %.10g nohead back dt 2 lw 0.8 "
                   "lc rgb '#555555'\n",
                L->xlo, yh, mmax, yh);
}

/* The plot command of the curve panel: bands, curves, censor marks, the p-value entry. */
static void write_plot(FILE *f, const pg_km *km, const pg_plot_opts *o, const km_layout *L)
{
    size_t ns = L->ns;
    fputs("plot \\\n", f);
    if (o->ci)
        for (size_t s = 0; s < ns; s++)
            fprintf(f, "  $band_%zu using 1:2 with filledcurves closed fc rgb '%s' "
                       "fs transparent solid %s noborder notitle, \\\n",
                    s + 1, o->mono ? "#000000" : plot_color(o, s), o->mono ? "0.12" : "0.2");
    for (size_t s = 0; s < ns; s++) {
        fprintf(f, "  $km_%zu using 1:2 with lines lw 1.5 lc rgb '%s' dt %s title ", s + 1,
                plot_color(o, s), plot_dash(o, s));
        plot_quote(f, L->entry[s]);
        fputs(", \\\n", f);
    }
    if (o->fitted) {
        for (size_t s = 0; s < ns; s++)
            fprintf(f, "  $fit_%zu using 1:2 with lines lw 1 lc rgb '%s' dt 1 notitle, \\\n"
                       "  $fitx_%zu using 1:2 with lines lw 1 lc rgb '%s' dt 2 notitle, \\\n",
                    s + 1, plot_color(o, s), s + 1, plot_color(o, s));
        char t[160];
        fputs("  keyentry with lines lw 1 lc rgb '#555555' title ", f);
        plot_quote(f, fit_title(o, t, sizeof t));
        fputs(", \\\n", f);
    }
    if (o->censor_marks && km->n_censor)
        for (size_t s = 0; s < ns; s++)
            fprintf(f, "  $censor_%zu using 1:2 with points pt 1 ps 0.9*PS lw 1 lc rgb '%s' "
                       "notitle, \\\n",
                    s + 1, plot_color(o, s));
    if (o->pval) {
        fputs("  keyentry with lines lt nodraw title ", f);
        plot_quote(f, L->pline);
        fputs(", \\\n", f);
    }
    fputs("  NaN notitle\n", f);
}

/* The table panel: row labels at the figure's left edge, counts under the x ticks. */
static void write_tables(FILE *f, const pg_plot_opts *o, const km_labels *lab,
                         const km_layout *L)
{
    if (!L->table_rows) return;
    fprintf(f, "\n# the tables: same x range and margins, one text row per line\n"
               "unset arrow; unset label; unset key; unset xlabel; "
               "unset ylabel\n"
               "unset border; unset xtics; unset ytics\n"
               "set tmargin at screen %.6f; set bmargin at screen %.6f\n"
               "set yrange [%zu.5:0.5]\n",
            L->tT, L->tB, L->table_rows);
    size_t row = 1;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0 && !o->risk_table) continue;
        if (pass == 1 && !o->cum_events) continue;
        fputs("set label ", f);
        plot_quote(f, pg_lang_word(o->lang, pass == 0 ? PG_W_NUMBER_AT_RISK : PG_W_CUM_EVENTS));
        fprintf(f, " at screen %.6f, first %zu left noenhanced\n", L->pad / L->W, row);
        row++;
        for (size_t s = 0; s < L->ns; s++, row++) {
            fputs("set label ", f);
            plot_quote(f, lab->label[s]);
            fprintf(f, " at screen %.6f, first %zu left tc rgb '%s'", L->pad / L->W, row,
                    plot_color(o, s));
            if (L->table_fs < L->fs) fprintf(f, " font ',%g'", L->table_fs);
            fputs(" noenhanced\n", f);
        }
    }
    fputs("plot \\\n", f);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0 && !o->risk_table) continue;
        if (pass == 1 && !o->cum_events) continue;
        for (size_t s = 0; s < L->ns; s++)
            fprintf(f, "  $%s_%zu using 1:2:(%s) with labels tc rgb '%s' notitle, \\\n",
                    pass == 0 ? "risk" : "events", s + 1,
                    L->fractional ? "$3 == int($3) ? sprintf('%d', int($3)) : sprintf('%.1f', $3)"
                                  : "sprintf('%d', int($3))",
                    plot_color(o, s));
    }
    fputs("  NaN notitle\n", f);
}

int pg_plot_km_script(FILE *f, const pg_km *km, const pg_logrank *lr, const pg_plot_opts *o,
                      pg_error *err)
{
    plot_page pg;
    km_labels lab = {0};
    km_layout L = {0};
    int rc = plot_page_init(&pg, o, err);
    if (rc) return rc;
    if ((rc = check_inputs(km, lr, o, err))) return rc;
    L.ns = km->n_strata;
    if ((rc = labels_make(km, o, &lab))) {
        rc = pg_fail(err, rc, "out of memory");
        goto done;
    }
    pg_plot_opts oo = *o;
    L.percent = oo.percent = o->percent && o->fun != PG_PLOT_CUMHAZ;
    o = &oo;
    if ((rc = layout_make(km, lr, o, &lab, &pg, &L, err))) goto done;
    pg.w_pt = L.W;
    pg.h_pt = L.H;

    plot_preamble(f, &pg, o, "Kaplan-Meier figure");
    if ((rc = write_data(f, km, o, &L))) {
        rc = pg_fail(err, rc, "out of memory");
        goto done;
    }
    write_axes(f, o, &L);
    write_key_medians(f, km, o, &L);
    write_plot(f, km, o, &L);
    write_tables(f, o, &lab, &L);
    fputs("unset multiplot\nunset output\n", f);
    if (ferror(f)) rc = pg_fail(err, PG_EIO, "plot: cannot write the script");
done:
    free(L.entry);
    labels_free(&lab, L.ns);
    return rc;
}

int plot_km_geometry(const pg_km *km, const pg_logrank *lr, const pg_plot_opts *o,
                     plot_km_geom *g, pg_error *err)
{
    plot_page pg;
    km_labels lab = {0};
    km_layout L = {0};
    memset(g, 0, sizeof *g);
    int rc = plot_page_init(&pg, o, err);
    if (rc || (rc = check_inputs(km, lr, o, err))) return rc;
    L.ns = km->n_strata;
    if (labels_make(km, o, &lab)) {
        labels_free(&lab, L.ns);
        return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    pg_plot_opts oo = *o;
    L.percent = oo.percent = o->percent && o->fun != PG_PLOT_CUMHAZ;
    if ((rc = layout_make(km, lr, &oo, &lab, &pg, &L, err))) goto done;
    double W = L.W, H = L.H, fs = L.fs;
    g->W = W, g->H = H, g->fs = fs, g->pad = L.pad;
    g->plot_x0 = L.sL * W, g->plot_x1 = L.sR * W, g->plot_y0 = L.sB * H, g->plot_y1 = L.sT * H;
    g->xlo = L.xlo, g->xhi = L.xhi, g->ylo = L.ylo, g->yhi = L.yhi;
    g->key_drawn = L.show_key || o->pval || o->fitted;
    g->key_inside = L.key_inside;
    if (L.key_inside) {   /* corners as key_place numbers them */
        int right = L.key_corner == 0 || L.key_corner == 2, top = L.key_corner == 0 ||
                                                                 L.key_corner == 3;
        g->key_x0 = right ? g->plot_x1 - L.key_w : g->plot_x0;
        g->key_y0 = top ? g->plot_y1 - L.key_h : g->plot_y0;
    } else {              /* the strip above the plot, as write_key_medians sets it */
        g->key_x0 = L.pad;
        g->key_y0 = H - (0.9 * fs + (o->title ? 1.8 * fs : 0) + 0.2 * fs) - L.key_h;
    }
    g->key_x1 = g->key_x0 + L.key_w, g->key_y1 = g->key_y0 + L.key_h;
    g->table_rows = L.table_rows, g->table_fs = L.table_fs;
    g->nt = L.nt;
    memcpy(g->tick, L.ticks, L.nt * sizeof *L.ticks);
    g->label = lab.label, g->n_label = L.ns;
    lab.label = NULL;
done:
    free(L.entry);
    labels_free(&lab, L.ns);
    return rc;
}

void plot_km_geom_free(plot_km_geom *g)
{
    if (!g) return;
    for (size_t s = 0; s < g->n_label; s++) free(g->label[s]);
    free(g->label);
    g->label = NULL, g->n_label = 0;
}
