/* plot_impl.h -- pieces shared by the figure generators (plot.c, plot_km.c, plot_forest.c):
 * the terminal preamble, quoting of text for gnuplot, text-width estimates and the palette.
 * Internal. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_PLOT_IMPL_H
#define PG_PLOT_IMPL_H

#include <stdio.h>

#include "internal.h"
#include "prognos/plot.h"

/* Okabe & Ito (2008) colour-blind-safe palette, in the order curves use it. */
#define PLOT_NCOLORS 8
extern const char *const plot_palette[PLOT_NCOLORS];

/* The terminals' linewidth multipliers that make gnuplot's lw 1 one point (plot_preamble). */
#define PLOT_LW_PDF 2
#define PLOT_LW_EPS 4

/* Resolved figure settings: terminal, size in points, font size in points. */
typedef struct plot_page {
    pg_plot_terminal term;
    double w_pt, h_pt;      /* figure size in points (1/72 in) */
    double fs;              /* font size, points */
    const char *font;       /* family */
} plot_page;

/* Fill pg->term and pg->font from opt (terminal from the output name). PG_EINPUT on a missing
 * output, unknown extension or non-positive size/dpi/font size. */
int plot_page_init(plot_page *pg, const pg_plot_opts *opt, pg_error *err);

/* Write s as a single-quoted gnuplot string: ' doubled, control characters as spaces. gnuplot
 * performs no backslash, backquote or macro substitution inside single quotes. */
void plot_quote(FILE *f, const char *s);

/* The script's opening: a comment naming what it draws, the terminal for pg (size in pixels
 * for PNG at opt->dpi, fonts and line widths scaled so a point is a point), outfile defaulting
 * to opt->output, encoding utf8 and common styles. */
void plot_preamble(FILE *f, const plot_page *pg, const pg_plot_opts *opt, const char *what);

/* Rough width in points of s set in a sans-serif font of size fs (Helvetica metrics, averaged
 * per character class; UTF-8 continuation bytes are not counted). */
double plot_text_width(const char *s, double fs);

/* Colour and dash type (a gnuplot dt value) of curve i: a palette colour and solid, or in mono
 * black with solid, dashed, dotted, dash-dot and long-dash patterns. */
const char *plot_color(const pg_plot_opts *opt, size_t i);
const char *plot_dash(const pg_plot_opts *opt, size_t i);

/* A log ratio axis around 1 covering [lo, hi] (lo <= 1 <= hi): padded ends snapped to a near
 * 1-2-5 value, and 2 to 24 ticks into ticks; returns their number (the forest plots). */
size_t plot_ratio_axis(double lo, double hi, double *lo_out, double *hi_out, double ticks[24]);

/* A number for a datablock: %.10g, "NaN" for NaN (gnuplot skips it). */
void plot_num(FILE *f, double x);

#endif
