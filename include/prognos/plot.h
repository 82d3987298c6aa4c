/* prognos/plot.h -- survival figures for manuscripts, drawn by gnuplot.
 *
 * The generators write a complete gnuplot script (data inline as named datablocks) to a FILE *
 * the caller supplies; nothing here draws by itself. pg_plot_run() is the only function that
 * starts gnuplot (popen). The script writes to the file named by `outfile`, which it sets to
 * opt->output unless the variable already exists, so `gnuplot fig.gp` re-renders the figure and
 * `gnuplot -e "outfile='other.pdf'" fig.gp` writes elsewhere (same terminal).
 * Anchors: survminer::ggsurvplot (risk table, p-value, CI band, censor marks, median lines),
 * R's plot.survfit, Stata's sts graph.
 * Thread safety: the script writers are reentrant and keep no global state. pg_plot_run runs
 * opt->gnuplot (PATH is searched by the shell), blocks SIGPIPE in the calling thread only, and
 * may be called from several threads at once with different outputs (see it below). */
#ifndef PROGNOS_PLOT_H
#define PROGNOS_PLOT_H

#include <stddef.h>
#include <stdio.h>

#include "prognos/cif.h"
#include "prognos/common.h"
#include "prognos/cox.h"
#include "prognos/frame.h"
#include "prognos/km.h"
#include "prognos/labels.h"
#include "prognos/lang.h"
#include "prognos/meta.h"
#include "prognos/logrank.h"
#include "prognos/survreg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the Kaplan-Meier figure shows on the y axis (survminer's fun =). */
typedef enum {
    PG_PLOT_SURV = 0,     /* S(t) */
    PG_PLOT_EVENT,        /* 1 - S(t): cumulative incidence of the event */
    PG_PLOT_CUMHAZ        /* -log S(t), as survminer's fun = "cumhaz" */
} pg_plot_fun;

typedef enum {
    PG_PLOT_AUTO = 0,     /* from opt->output's extension: .png .svg .pdf .eps */
    PG_PLOT_PNG,          /* pngcairo */
    PG_PLOT_SVG,          /* svg */
    PG_PLOT_PDF,          /* pdfcairo */
    PG_PLOT_EPS           /* epscairo */
} pg_plot_terminal;

/* Fitted parametric curves over the Kaplan-Meier (prognos plot --fit): curve s of the figure
 * gets S(t) of fit for covariates x[s * (fit->p - 1) ...] and survreg stratum stratum[s] (NULL:
 * 0), drawn solid up to the curve's last time and dashed beyond it (extrapolated). */
typedef struct pg_plot_fitted {
    const pg_survreg *fit;
    size_t n_curves;           /* must equal the figure's curves */
    const double *x;           /* n_curves x (fit->p - 1), row-major */
    const size_t *stratum;
} pg_plot_fitted;

typedef struct pg_plot_opts {
    const char *output;        /* file the script writes to; required */
    pg_plot_terminal terminal; /* PG_PLOT_AUTO */
    double width, height;      /* figure size in inches; NaN = default (8.5 cm wide, height
                                  by content: 7 cm, + the risk table's rows) */
    double dpi;                /* PNG only: pixels = inches * dpi (300) */
    const char *font;          /* font family ("Helvetica"); "" or NULL = default */
    double font_size;          /* points (8) */

    pg_plot_fun fun;           /* PG_PLOT_SURV */
    int ci;                    /* confidence band (0) */
    int censor_marks;          /* + at censoring times (1) */
    int pval;                  /* p-value of the test given to the generator (0) */
    const char *test_label;    /* text before "p": "Log-rank" when NULL */
    int risk_table;            /* number at risk under the plot (0) */
    int cum_events;            /* cumulative number of events under the plot (0) */
    int median_lines;          /* dashed lines at the median survival (0) */
    int percent;               /* y axis in percent (0; not for cumhaz) */
    int mono;                  /* black, with dash types instead of colours (0) */
    const char *title;         /* NULL = none */
    const char *xlab;          /* NULL = "Time" + " (time_unit)" */
    const char *ylab;          /* NULL = by fun: "Survival probability", ... */
    const char *time_unit;     /* "months": appended to the default x label; NULL = none */
    double xbreak;             /* x tick spacing; NaN = automatic (a 1-2-5 step, or 3-6-12 for
                                  months) */
    double xmax;               /* right end of the x axis; NaN = last time rounded up to a tick */
    const char *const *labels; /* curve labels in curve order, replacing the group names; NULL =
                                  from the names ("sex=F" -> "F"); must have one per curve */
    size_t n_labels;
    const char *gnuplot;       /* pg_plot_run's program: a path or a name the shell finds on
                                  PATH; NULL or "" = "gnuplot" */
    int stacked;               /* pg_plot_cif_script with every cause: each group's curve of
                                  cause k is F_1 + ... + F_k (the causes stacked, the top one the
                                  probability of any event), without bands; 0 = overlaid */
    const pg_plot_fitted *fitted; /* pg_plot_km_script: fitted curves over the KM; NULL none */
    pg_lang lang;              /* the language of the figure's fixed words (PG_LANG_EN): axis
                                  titles, "Number at risk", "reference", the test's name */
    const pg_labels *names;    /* variable and level labels for the legend, the risk table and
                                  the forest plot's rows ("Depth: Dermal"); NULL = none */
} pg_plot_opts;

/* Defaults as documented above. Allocates nothing. */
PG_API void pg_plot_opts_init(pg_plot_opts *opt);

/* Terminal for a file name from its extension (case-insensitive); PG_PLOT_AUTO if unknown. */
PG_API pg_plot_terminal pg_plot_terminal_for(const char *path);
/* "surv" "event" "cumhaz" -> fun. PG_OK or PG_EINPUT. */
PG_API int pg_plot_fun_parse(const char *s, pg_plot_fun *out);
/* Parse "16x12cm", "6x4in", "6x4" (inches), "160x120mm" into inches. PG_OK or PG_EINPUT. */
PG_API int pg_plot_size_parse(const char *s, double *width, double *height);

/* x ticks 0, brk, 2 brk, ... <= xmax (at most 1000). Returns the number written to ticks
 * (capacity cap), or 0 if brk or xmax is not positive and finite. */
PG_API size_t pg_plot_ticks(double brk, double xmax, double *ticks, size_t cap);
/* Number at risk in curve s of km at each time t[k] (subjects with time >= t[k], as
 * summary(fit, times = t)$n.risk), and the cumulative number of events up to and including
 * t[k]. Either output may be NULL. */
PG_API void pg_plot_at_risk(const pg_km *km, size_t s, const double *t, size_t nt,
                            double *n_risk, double *cum_events);

/* Write the gnuplot script of a Kaplan-Meier figure of km to f. lr (may be NULL) supplies the
 * p-value when opt->pval is set. PG_OK; PG_EINPUT for bad options (no output, unknown
 * extension, bad size); PG_EIO when writing fails. km, lr and opt are only read. */
PG_API int pg_plot_km_script(FILE *f, const pg_km *km, const pg_logrank *lr,
                             const pg_plot_opts *opt, pg_error *err);

/* Write the gnuplot script of a cumulative incidence figure of cif (pg_cif_fit on fr): the
 * curves of cause (1..K) per group, or of every cause (cause 0, curves "DOD, sex=F"), with the
 * Kaplan-Meier figure's layout and options (opt->fun is ignored: F(t) is drawn; the risk table
 * counts every subject still at risk; censor marks are the censored rows). opt->pval shows
 * Gray's p for the cause (test_label NULL = "Gray's test"); it needs a cause and two groups.
 * PG_EANALYSIS when fr has no cause. */
PG_API int pg_plot_cif_script(FILE *f, const pg_cif *cif, const pg_frame *fr, size_t cause,
                              const pg_plot_opts *opt, pg_error *err);

/* Write the gnuplot script of a meta-analysis figure to f: with funnel 0 a forest plot (one row
 * per study, labels[i], its square sized by its weight, the pooled diamond, the prediction
 * interval as a line under it, and columns "estimate (CI)" and weight), with funnel 1 a funnel
 * plot (effect against SE, SE axis reversed, the pooled line and its z-based pseudo-CI
 * triangle). ratio: the effects are log ratios, drawn on a log axis as ratios. */
PG_API int pg_plot_meta_script(FILE *f, const pg_meta *m, const char *const *labels, int ratio,
                               int funnel, const pg_plot_opts *o, pg_error *err);

/* Write the gnuplot script of a forest plot of fit to f: one row per numeric term and one per
 * factor level (the reference level shown as "reference"), hazard ratio and confidence interval
 * on a log axis, text columns n, events, "HR (95% CI)" and p. fr is the frame the model was
 * fitted on (for the terms, the levels and n / events per level). Only opt's output, terminal,
 * size, dpi, font, mono and title apply. */
PG_API int pg_plot_forest_script(FILE *f, const pg_cox *fit, const pg_frame *fr,
                                 const pg_plot_opts *opt, pg_error *err);

/* Render script (len bytes) with gnuplot into opt->output: gnuplot writes a temporary file
 * beside it (the script's outfile is overridden), its standard error is captured, and only a
 * successful run (exit status 0 and a non-empty file) is renamed onto the output; otherwise
 * nothing is left behind and err holds gnuplot's first error line. The program is
 * opt->gnuplot, or `gnuplot` on PATH when NULL; missing gives PG_EANALYSIS "gnuplot not
 * found; install gnuplot-nox". Only opt's output and gnuplot apply. While the script is
 * written SIGPIPE is blocked in the calling thread (a SIGPIPE raised by the write is consumed,
 * not delivered); the process's signal dispositions and umask are not touched. Safe to call
 * from several threads at once with different outputs. */
PG_API int pg_plot_run(const char *script, size_t len, const pg_plot_opts *opt, pg_error *err);

#ifdef __cplusplus
}
#endif
#endif
