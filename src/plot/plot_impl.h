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

/* The geometry of a Kaplan-Meier figure as pg_plot_km_script lays it out, for tests of the
 * layout (tests/check_plot_layout.c): points from the figure's bottom-left corner, text by
 * plot_text_width. */
#define PLOT_KM_MAX_TICKS 64
typedef struct plot_km_geom {
    double W, H, fs, pad;               /* figure size, font size, the tables' label inset */
    double plot_x0, plot_x1, plot_y0, plot_y1;   /* the plot area */
    double xlo, xhi, ylo, yhi;          /* its data ranges (after fun and percent) */
    int key_drawn, key_inside;          /* a legend (or p-value) is drawn; inside the plot */
    double key_x0, key_x1, key_y0, key_y1;       /* its box */
    size_t table_rows;                  /* rows of the tables under the plot, headers included */
    double table_fs;                    /* font size of their row labels */
    char **label;                       /* the curves' names as the legend and tables show them
                                           (km->n_strata, owned: plot_km_geom_free) */
    size_t n_label;
    size_t nt;
    double tick[PLOT_KM_MAX_TICKS];     /* the x ticks drawn (thinned when they would touch) */
} plot_km_geom;
/* Lay out km as pg_plot_km_script(f, km, lr, o, err) would, into *g; PG_OK or its error. */
int plot_km_geometry(const pg_km *km, const pg_logrank *lr, const pg_plot_opts *o,
                     plot_km_geom *g, pg_error *err);
void plot_km_geom_free(plot_km_geom *g);

#endif
