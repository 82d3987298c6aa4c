/* plot.c -- figure options, journal number formats, ticks and the number at risk, the gnuplot
 * preamble, and pg_plot_run(): the one place that starts gnuplot. The figures themselves are in
 * plot_km.c and plot_forest.c. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
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
        /* fontscale 0.75 = 72/96, for the same reason as PNG */
        fprintf(f, "set terminal %s size %.4fin,%.4fin enhanced color font ",
                pg->term == PG_PLOT_PDF ? "pdfcairo" : "epscairo", w_in, h_in);
        plot_quote(f, font);
        fputs(" fontscale 0.75 background rgb 'white'\nPS = 1\n", f);
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

/* Find a program on PATH (or the path itself if it has a slash); 1 if executable. */
static int find_program(const char *prog)
{
    if (strchr(prog, '/')) return access(prog, X_OK) == 0;
    const char *path = getenv("PATH");
    if (!path) path = "/usr/bin:/bin";
    size_t plen = strlen(prog);
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t dlen = colon ? (size_t)(colon - path) : strlen(path);
        char *full = malloc(dlen + plen + 2);
        if (!full) return 0;
        if (dlen) memcpy(full, path, dlen);
        else full[0] = '.', dlen = 1;
        full[dlen] = '/';
        memcpy(full + dlen + 1, prog, plen + 1);
        struct stat st;
        int ok = stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0;
        free(full);
        if (ok) return 1;
        if (!colon) break;
        path = colon + 1;
    }
    return 0;
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

/* What gnuplot said: the first line of its standard error that reports an error
 * ("line 12: undefined variable: x", or a message naming an error), else its last line. */
static void copy_line(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

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
 * Render a script: popen("gnuplot 2>errfile", "w"), write `outfile = 'tmp'` then the script,
 * pclose and check the exit status; rename tmp onto output only if gnuplot exited 0 and wrote
 * a non-empty file. gnuplot reading a pipe exits 1 at the first error.
 */
int pg_plot_run(const char *script, size_t len, const char *output, pg_error *err)
{
    char *tmp = NULL, *cmd = NULL;
    char errpath[] = "/tmp/prognos-gnuplot-XXXXXX";
    int errfd = -1, rc = PG_OK, tmp_made = 0;
    FILE *gp = NULL;
    struct sigaction ign, old;
    int sig_set = 0;

    if (!output || !*output) return pg_fail(err, PG_EINPUT, "plot: no output file name");
    const char *prog = getenv("PROGNOS_GNUPLOT");
    if (!prog || !*prog) prog = "gnuplot";
    if (!find_program(prog))
        return pg_fail(err, PG_EANALYSIS, "gnuplot not found; install gnuplot-nox");

    tmp = pg_strdup_printf("%s.tmp.XXXXXX", output);
    if (!tmp) return pg_fail(err, PG_ENOMEM, "out of memory");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        rc = pg_fail(err, PG_EIO, "%s: cannot create output file: %s", output, strerror(errno));
        goto done;
    }
    close(fd);
    tmp_made = 1;
    errfd = mkstemp(errpath);
    if (errfd < 0) {
        rc = pg_fail(err, PG_EIO, "plot: cannot create a temporary file: %s", strerror(errno));
        goto done;
    }
    close(errfd);

    size_t cap = 3 * (strlen(prog) + strlen(errpath)) + 64;
    cmd = malloc(cap);
    if (!cmd) {
        rc = pg_fail(err, PG_ENOMEM, "out of memory");
        goto done;
    }
    cmd[0] = '\0';
    strcat(cmd, "exec ");
    shell_quote(cmd, cap, prog);
    strcat(cmd, " 2>");
    shell_quote(cmd, cap, errpath);

    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    if (sigaction(SIGPIPE, &ign, &old) == 0) sig_set = 1;

    fflush(NULL);
    gp = popen(cmd, "w");
    if (!gp) {
        rc = pg_fail(err, PG_EANALYSIS, "cannot start gnuplot: %s", strerror(errno));
        goto done;
    }
    fputs("outfile = ", gp);
    plot_quote(gp, tmp);
    fputc('\n', gp);
    size_t wrote = fwrite(script, 1, len, gp);
    fputs("\nunset output\n", gp);
    int write_failed = wrote != len || ferror(gp);
    int st = pclose(gp);
    gp = NULL;
    if (st == -1) {
        rc = pg_fail(err, PG_EANALYSIS, "gnuplot: %s", strerror(errno));
        goto done;
    }
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127) {
        rc = pg_fail(err, PG_EANALYSIS, "gnuplot not found; install gnuplot-nox");
        goto done;
    }
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || write_failed) {
        char msg[200];
        read_error(errpath, msg, sizeof msg);
        if (WIFEXITED(st))
            rc = pg_fail(err, PG_EANALYSIS, "gnuplot failed (exit %d)%s%s", WEXITSTATUS(st),
                         msg[0] ? ": " : "", msg);
        else
            rc = pg_fail(err, PG_EANALYSIS, "gnuplot was killed by signal %d",
                         WIFSIGNALED(st) ? WTERMSIG(st) : 0);
        goto done;
    }
    struct stat sb;
    if (stat(tmp, &sb) != 0 || sb.st_size == 0) {
        char msg[200];
        read_error(errpath, msg, sizeof msg);
        rc = pg_fail(err, PG_EANALYSIS, "gnuplot wrote nothing to '%s'%s%s", output,
                     msg[0] ? ": " : "", msg);
        goto done;
    }
    /* mkstemp made the file 0600; give the image the permissions a new file would have */
    mode_t mask = umask(0);
    umask(mask);
    chmod(tmp, 0666 & ~mask);
    if (rename(tmp, output) != 0) {
        rc = pg_fail(err, PG_EIO, "%s: cannot rename output: %s", output, strerror(errno));
        goto done;
    }
    tmp_made = 0;

done:
    if (sig_set) sigaction(SIGPIPE, &old, NULL);
    if (tmp_made) unlink(tmp);
    if (errfd >= 0) unlink(errpath);
    free(tmp);
    free(cmd);
    return rc;
}
