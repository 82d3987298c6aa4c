/* plot.c -- figure options, journal number formats, ticks and the number at risk, the gnuplot
 * preamble, and pg_plot_run(): the one place that starts gnuplot. The figures themselves are in
 * plot_km.c and plot_forest.c. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot_impl.h"

const char *const plot_palette[PLOT_NCOLORS] = {
    "#0072B2", /* blue */
    "#D55E00", /* vermillion */
    "#009E73", /* bluish green */
    "#CC79A7", /* reddish purple */
    "#E69F00", /* orange */
    "#56B4E9", /* sky blue */
    "#000000", /* black */
    "#F0E442"  /* yellow, last: weak on white */
};

void pg_plot_opts_init(pg_plot_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->terminal = PG_PLOT_AUTO;
    opt->width = NAN;
    opt->height = NAN;
    opt->dpi = 300;
    opt->font = "Helvetica";
    opt->font_size = 8;
    opt->fun = PG_PLOT_SURV;
    opt->censor_marks = 1;
    opt->xbreak = NAN;
    opt->xmax = NAN;
}

pg_plot_terminal pg_plot_terminal_for(const char *path)
{
    static const struct { const char *ext; pg_plot_terminal t; } map[] = {
        {"png", PG_PLOT_PNG}, {"svg", PG_PLOT_SVG}, {"pdf", PG_PLOT_PDF}, {"eps", PG_PLOT_EPS}};
    if (!path) return PG_PLOT_AUTO;
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return PG_PLOT_AUTO;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        const char *a = dot + 1, *b = map[i].ext;
        while (*a && *b && tolower((unsigned char)*a) == *b) a++, b++;
        if (!*a && !*b) return map[i].t;
    }
    return PG_PLOT_AUTO;
}

int pg_plot_fun_parse(const char *s, pg_plot_fun *out)
{
    static const char *const names[] = {"surv", "event", "cumhaz"};
    for (int i = 0; i < 3; i++)
        if (s && strcmp(s, names[i]) == 0) {
            *out = (pg_plot_fun)i;
            return PG_OK;
        }
    return PG_EINPUT;
}

int pg_plot_size_parse(const char *s, double *width, double *height)
{
    if (!s) return PG_EINPUT;
    char *end;
    errno = 0;
    double w = strtod(s, &end);
    if (end == s || (*end != 'x' && *end != 'X')) return PG_EINPUT;
    const char *p = end + 1;
    double h = strtod(p, &end);
    if (end == p || errno) return PG_EINPUT;
    double per_in;
    if (*end == '\0' || strcmp(end, "in") == 0) per_in = 1;
    else if (strcmp(end, "cm") == 0) per_in = 2.54;
    else if (strcmp(end, "mm") == 0) per_in = 25.4;
    else return PG_EINPUT;
    if (!(w > 0 && h > 0 && isfinite(w) && isfinite(h))) return PG_EINPUT;
    w /= per_in;
    h /= per_in;
    if (w < 0.5 || h < 0.5 || w > 100 || h > 100) return PG_EINPUT;
    *width = w;
    *height = h;
    return PG_OK;
}

size_t pg_plot_ticks(double brk, double xmax, double *ticks, size_t cap)
{
    if (!(brk > 0) || !(xmax > 0) || !isfinite(brk) || !isfinite(xmax)) return 0;
    size_t n = 0;
    /* k * brk rather than repeated addition, so 0.1-steps do not drift; 1e-9 relative slack
     * keeps xmax itself when it is a multiple of brk. */
    for (size_t k = 0; n < cap && k <= 1000; k++) {
        double t = (double)k * brk;
        if (t > xmax * (1 + 1e-9)) break;
        ticks[n++] = t;
    }
    return n;
}

/*
 * Number at risk at time t: subjects whose follow-up time is >= t, i.e. n_risk at the first
 * step time >= t (the step arrays list every distinct event and censoring time), 0 beyond the
 * last. Cumulative events: sum of n_event over step times <= t.
 * Matches: summary(survfit(...), times = t)$n.risk and survminer's cumevents table.
 */
void pg_plot_at_risk(const pg_km *km, size_t s, const double *t, size_t nt, double *n_risk,
                     double *cum_events)
{
    size_t a = km->strata_start[s], b = km->strata_start[s + 1];
    for (size_t k = 0; k < nt; k++) {
        double nr = 0, ce = 0;
        int found = 0;
        for (size_t i = a; i < b; i++) {
            if (!found && km->time[i] >= t[k]) {
                nr = km->n_risk[i];
                found = 1;
            }
            if (km->time[i] <= t[k] && km->n_event) ce += km->n_event[i];
        }
        if (n_risk) n_risk[k] = nr;
        if (cum_events) cum_events[k] = ce;
    }
}

int plot_page_init(plot_page *pg, const pg_plot_opts *opt, pg_error *err)
{
    memset(pg, 0, sizeof *pg);
    if (!opt->output || !opt->output[0])
        return pg_fail(err, PG_EINPUT, "plot: no output file name");
    pg->term = opt->terminal != PG_PLOT_AUTO ? opt->terminal : pg_plot_terminal_for(opt->output);
    if (pg->term == PG_PLOT_AUTO)
        return pg_fail(err, PG_EINPUT,
                       "plot: cannot tell the format of '%s' (use .png, .svg, .pdf or .eps)",
                       opt->output);
    if (pg->term == PG_PLOT_PNG && !(opt->dpi >= 10 && opt->dpi <= 2400))
        return pg_fail(err, PG_EINPUT, "plot: dpi must be between 10 and 2400");
    if (!(opt->font_size >= 2 && opt->font_size <= 72))
        return pg_fail(err, PG_EINPUT, "plot: font size must be between 2 and 72 points");
    if ((!isnan(opt->width) && !(opt->width >= 0.5 && opt->width <= 100)) ||
        (!isnan(opt->height) && !(opt->height >= 0.5 && opt->height <= 100)))
        return pg_fail(err, PG_EINPUT, "plot: figure size must be between 0.5 and 100 inches");
    pg->fs = opt->font_size;
    pg->font = opt->font && opt->font[0] ? opt->font : "Helvetica";
    return PG_OK;
}

void plot_quote(FILE *f, const char *s)
{
    fputc('\'', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '\'') fputs("''", f);
        else if (*p < 0x20 || *p == 0x7f) fputc(' ', f);
        else fputc(*p, f);
    }
    fputc('\'', f);
}

void plot_num(FILE *f, double x)
{
    if (isnan(x)) fputs("NaN", f);
    else fprintf(f, "%.10g", x);
}

double plot_text_width(const char *s, double fs)
{
    double em = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        unsigned char c = *p;
        if ((c & 0xC0) == 0x80) continue;             /* UTF-8 continuation */
        if (c >= 0x80) em += 0.6;
        else if (strchr("iljtfI.,:;'|!()[] ", c)) em += 0.3;
        else if (strchr("mwMW@%", c)) em += 0.85;
        else if (isupper(c)) em += 0.68;
        else em += 0.56;
    }
    return 1.1 * em * fs;   /* rendered text runs about 10% wider than the AFM widths */
}

const char *plot_color(const pg_plot_opts *opt, size_t i)
{
    return opt->mono ? "#000000" : plot_palette[i % PLOT_NCOLORS];
}

const char *plot_dash(const pg_plot_opts *opt, size_t i)
{
    /* solid, dashed, dotted, dash-dot, long dash: lengths in line widths */
    static const char *const dash[] = {"1", "(8,4)", "(2,3)", "(10,3,2,3)", "(16,6)"};
    return opt->mono ? dash[i % 5] : "1";
}

void plot_preamble(FILE *f, const plot_page *pg, const pg_plot_opts *opt, const char *what)
{
    double w_in = pg->w_pt / 72, h_in = pg->h_pt / 72;
    fprintf(f, "# %s -- written by prognos %s; render with: gnuplot THIS_FILE\n", what,
            pg_version());
    fputs("# Data are inline (datablocks $name << EOD). To write elsewhere with the same "
          "terminal:\n#   gnuplot -e \"outfile='other'\" THIS_FILE\n", f);
    fputs("reset\nset encoding utf8\n", f);   /* not 'reset session': it would drop outfile */

    char font[300];
    snprintf(font, sizeof font, "%s,%g", pg->font, pg->fs);
    switch (pg->term) {
    case PG_PLOT_PNG: {
        /* Cairo (pango) sets a font of s points at s * 96/72 pixels, so fontscale dpi / 96
         * makes a point a point at the requested resolution; lines scale by dpi / 72. */
        double lscale = opt->dpi / 72, fscale = opt->dpi / 96;
        fprintf(f, "set terminal pngcairo size %ld,%ld enhanced font ", lround(w_in * opt->dpi),
                lround(h_in * opt->dpi));
        plot_quote(f, font);
        fprintf(f, " fontscale %.6g linewidth %.6g background rgb 'white'\n", fscale, lscale);
        fprintf(f, "# %g x %g in at %g dpi\nPS = %.6g   # point-size unit\n", w_in, h_in,
                opt->dpi, lscale);
        break;
    }
    case PG_PLOT_SVG:
        /* SVG user units are CSS pixels (96 per inch). */
        fprintf(f, "set terminal svg size %ld,%ld enhanced font ", lround(w_in * 96),
                lround(h_in * 96));
        plot_quote(f, font);
        fputs(" fontscale 1.333333 linewidth 1.333333 background rgb 'white'\nPS = 1.333333\n",
              f);
        break;
    case PG_PLOT_PDF:
    case PG_PLOT_EPS:
        /* fontscale 0.75 = 72/96, for the same reason as PNG. Line widths, measured on gnuplot
         * 5.4 output rasterised by ghostscript at 1200 dpi: lw 1 is 1.00 pt in pngcairo at
         * linewidth dpi/72 and in svg at 1.333333 (1.33 user units), but 0.50 pt in pdfcairo
         * and 0.25 pt in epscairo; linewidth 2 and 4 make lw 1 one point everywhere. Text
         * widths at these font scales agree within 2% (pngcairo's hinting). */
        fprintf(f, "set terminal %s size %.4fin,%.4fin enhanced color font ",
                pg->term == PG_PLOT_PDF ? "pdfcairo" : "epscairo", w_in, h_in);
        plot_quote(f, font);
        fprintf(f, " fontscale 0.75 linewidth %d background rgb 'white'\nPS = 1\n",
                pg->term == PG_PLOT_PDF ? PLOT_LW_PDF : PLOT_LW_EPS);
        break;
    default:
        break;
    }
    fputs("if (!exists('outfile')) outfile = ", f);
    plot_quote(f, opt->output);
    fputs("\nset output outfile\n", f);
    fputs("set border 3 lw 0.8\nset tics out nomirror scale 0.6\nset style fill solid noborder\n"
          "unset grid\nset clip two\n",
          f);
}

/* Append s to the shell command b, single-quoted for /bin/sh. */
static void shell_quote(char *b, size_t cap, const char *s)
{
    size_t n = strlen(b);
    if (n + 1 < cap) b[n++] = '\'';
    for (; *s && n + 5 < cap; s++) {
        if (*s == '\'') {
            memcpy(b + n, "'\\''", 4);
            n += 4;
        } else {
            b[n++] = *s;
        }
    }
    if (n + 1 < cap) b[n++] = '\'';
    b[n] = '\0';
}

/* src into dst, cut to cap - 1 bytes. */
static void copy_line(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* What gnuplot said, from its standard error in path: the first line that reports an error
 * ("line 12: undefined variable: x", or a message naming an error), else its last line. */
static void read_error(const char *path, char *msg, size_t cap)
{
    msg[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *p = line;
        while (*p == ' ' || *p == '\t') p++;
        if (!*p || *p == '^') continue;
        char *l = strstr(p, "line ");
        if ((l && isdigit((unsigned char)l[5])) || strstr(p, "rror")) {
            copy_line(msg, cap, l && isdigit((unsigned char)l[5]) ? l : p);
            break;
        }
        copy_line(msg, cap, p);
    }
    fclose(f);
}

/*
 * SIGPIPE without touching the process's signal dispositions. Writing to a pipe whose reader
 * has gone (gnuplot exited at an error) raises SIGPIPE in the writing thread, whose default
 * action ends the whole program. Instead of ignoring SIGPIPE process-wide (sigaction, which
 * would change what every other thread of the caller sees), it is blocked in this thread only
 * while the script is written and the pipe closed, so a failed write returns EPIPE; a SIGPIPE
 * that became pending meanwhile is consumed with sigtimedwait before the old mask comes back,
 * so it is never delivered. One that was pending before (the caller had SIGPIPE blocked) is
 * left alone. POSIX.1-2017: write() ("A SIGPIPE signal shall also be sent to the thread"),
 * pthread_sigmask(), sigpending(), sigtimedwait().
 */
typedef struct pipe_guard {
    sigset_t pipe_set, old_set;
    int blocked, was_pending;
} pipe_guard;

static void pipe_guard_begin(pipe_guard *g)
{
    sigset_t pending;
    sigemptyset(&g->pipe_set);
    sigaddset(&g->pipe_set, SIGPIPE);
    g->blocked = pthread_sigmask(SIG_BLOCK, &g->pipe_set, &g->old_set) == 0;
    g->was_pending = g->blocked && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE);
}

static void pipe_guard_end(pipe_guard *g)
{
    if (!g->blocked) return;
    sigset_t pending;
    if (!g->was_pending && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE)) {
        const struct timespec zero = {0, 0};
        int saved = errno;
        while (sigtimedwait(&g->pipe_set, NULL, &zero) == -1 && errno == EINTR) {
        }
        errno = saved;
    }
    pthread_sigmask(SIG_SETMASK, &g->old_set, NULL);
    g->blocked = 0;
}

/* The shell command that runs gnuplot with its standard error into errpath; NULL when out of
 * memory. prog NULL is "gnuplot", which the shell looks up on PATH. */
static char *gnuplot_command(const char *prog, const char *errpath)
{
    if (!prog) prog = "gnuplot";
    size_t cap = 3 * (strlen(prog) + strlen(errpath)) + 64;
    char *cmd = malloc(cap);
    if (!cmd) return NULL;
    cmd[0] = '\0';
    strcat(cmd, "exec ");
    shell_quote(cmd, cap, prog);
    strcat(cmd, " 2>");
    shell_quote(cmd, cap, errpath);
    return cmd;
}

/* gnuplot's exit status st as an error (PG_OK for a clean exit and a complete write). */
static int check_status(int st, int write_failed, const char *errpath, pg_error *err)
{
    if (st == -1) return pg_fail(err, PG_EANALYSIS, "gnuplot: %s", strerror(errno));
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127)   /* the shell did not find it */
        return pg_fail(err, PG_EANALYSIS, "gnuplot not found; install gnuplot-nox");
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && !write_failed) return PG_OK;
    char msg[200];
    read_error(errpath, msg, sizeof msg);
    if (WIFEXITED(st))
        return pg_fail(err, PG_EANALYSIS, "gnuplot failed (exit %d)%s%s", WEXITSTATUS(st),
                       msg[0] ? ": " : "", msg);
    return pg_fail(err, PG_EANALYSIS, "gnuplot was killed by signal %d",
                   WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* Create a new empty file beside output for gnuplot to write: "output.tmp.<pid>.<k>", the first
 * k that does not exist yet (O_EXCL: never an existing file or a symbolic link). Opening it with
 * mode 0666 lets the kernel apply the caller's umask, so the image gets the permissions of any
 * new file without reading or changing the process's umask. *path is the caller's to free.
 * PG_OK, PG_EIO or PG_ENOMEM. */
static int create_tmp(const char *output, char **path, pg_error *err)
{
    *path = NULL;
    for (unsigned k = 0; k < 1000; k++) {
        char *p = pg_strdup_printf("%s.tmp.%ld.%u", output, (long)getpid(), k);
        if (!p) return pg_fail(err, PG_ENOMEM, "out of memory");
        int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd >= 0) {
            close(fd);
            *path = p;
            return PG_OK;
        }
        int e = errno;
        free(p);
        if (e != EEXIST)
            return pg_fail(err, PG_EIO, "%s: cannot create output file: %s", output,
                           strerror(e));
    }
    return pg_fail(err, PG_EIO, "%s: cannot create output file: %s", output, strerror(EEXIST));
}

/*
 * Render a script: popen("gnuplot 2>errfile", "w"), write `outfile = 'tmp'` then the script,
 * pclose and check the exit status; rename tmp onto output only if gnuplot exited 0 and wrote
 * a non-empty file. gnuplot reading a pipe exits 1 at the first error.
 */
int pg_plot_run(const char *script, size_t len, const pg_plot_opts *opt, pg_error *err)
{
    char *tmp = NULL, *cmd = NULL;
    char errpath[] = "/tmp/prognos-gnuplot-XXXXXX";
    int errfd = -1, rc = PG_OK, tmp_made = 0;
    FILE *gp = NULL;
    const char *output = opt ? opt->output : NULL;
    const char *prog = opt && opt->gnuplot && *opt->gnuplot ? opt->gnuplot : NULL;

    if (!output || !*output) return pg_fail(err, PG_EINPUT, "plot: no output file name");
    if (prog && strchr(prog, '/') && access(prog, X_OK) != 0)
        return pg_fail(err, PG_EANALYSIS, "gnuplot not found; install gnuplot-nox");

    if ((rc = create_tmp(output, &tmp, err)) != PG_OK) return rc;
    tmp_made = 1;
    errfd = mkstemp(errpath);
    if (errfd < 0) {
        rc = pg_fail(err, PG_EIO, "plot: cannot create a temporary file: %s", strerror(errno));
        goto done;
    }
    close(errfd);
    if (!(cmd = gnuplot_command(prog, errpath))) {
        rc = pg_fail(err, PG_ENOMEM, "out of memory");
        goto done;
    }

    fflush(NULL);
    gp = popen(cmd, "w");
    if (!gp) {
        rc = pg_fail(err, PG_EANALYSIS, "cannot start gnuplot: %s", strerror(errno));
        goto done;
    }
    pipe_guard guard;
    pipe_guard_begin(&guard);   /* after popen: gnuplot starts with the caller's mask */
    fputs("outfile = ", gp);
    plot_quote(gp, tmp);
    fputc('\n', gp);
    size_t wrote = fwrite(script, 1, len, gp);
    fputs("\nunset output\n", gp);
    int write_failed = wrote != len || ferror(gp);
    int st = pclose(gp);
    pipe_guard_end(&guard);
    gp = NULL;
    if ((rc = check_status(st, write_failed, errpath, err)) != PG_OK) goto done;
    struct stat sb;
    if (stat(tmp, &sb) != 0 || sb.st_size == 0) {
        char msg[200];
        read_error(errpath, msg, sizeof msg);
        rc = pg_fail(err, PG_EANALYSIS, "gnuplot wrote nothing to '%s'%s%s", output,
                     msg[0] ? ": " : "", msg);
        goto done;
    }
    if (rename(tmp, output) != 0) {
        rc = pg_fail(err, PG_EIO, "%s: cannot rename output: %s", output, strerror(errno));
        goto done;
    }
    tmp_made = 0;

done:
    if (tmp_made) unlink(tmp);
    if (errfd >= 0) unlink(errpath);
    free(tmp);
    free(cmd);
    return rc;
}
