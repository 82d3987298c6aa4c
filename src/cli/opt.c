/* opt.c -- the one option parser, and --help and the man page, all from the tables of opt.h.
 *
 * A command's options are its own table followed by the common options it takes (cli_common
 * fields), minus any common option its table overrides (CLI_OVERRIDE, same long name). That
 * merged list is built once per parse and is what getopt_long, the error messages, --help and
 * the man page all read, so an option cannot be listed twice or differ between them. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "env.h"

typedef struct entry {
    const cli_opt *o;
    int common;         /* destination in cli_common, else in the command's args */
    size_t index;       /* in its own table (for the use counts) */
} entry;

static int takes_common(const cli_cmd *cmd, const cli_opt *o)
{
    unsigned want = o->flags & CLI_IS_OUTPUT ? CLI_C_OUTPUT : CLI_C_DATA;
    if (!(cmd->common & want)) return 0;
    for (const cli_opt *p = cmd->opts; p->name; p++)
        if ((p->flags & CLI_OVERRIDE) && strcmp(p->name, o->name) == 0) return 0;
    return 1;
}

/* The merged list: the command's own options, then the common ones. Returns the count, or
 * (size_t)-1 when it would not fit. */
static size_t merge(const cli_cmd *cmd, entry *e, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; cmd->opts[i].name; i++) {
        if (n == cap) return (size_t)-1;
        e[n++] = (entry){&cmd->opts[i], 0, i};
    }
    for (size_t i = 0; cli_common_opts[i].name; i++) {
        if (!takes_common(cmd, &cli_common_opts[i])) continue;
        if (n == cap) return (size_t)-1;
        e[n++] = (entry){&cli_common_opts[i], 1, i};
    }
    return n;
}

static int takes_value(const cli_opt *o)
{
    return o->type != CLI_FLAG;
}

/* ---- the words of messages and help ---- */

/* "a positive number", "numbers in (0, 1)", "a whole number >= 0", "a number from 10 to 2400".
 * An upper bound of 1e15 or more only guards against overflow and is not mentioned. */
static void range_desc(const cli_opt *o, int plural, char *buf, size_t cap)
{
    int whole = o->type == CLI_UINT;
    const char *num = whole ? (plural ? "whole numbers" : "a whole number")
                            : (plural ? "numbers" : "a number");
    int lo = (o->range & CLI_MIN) != 0, hi = (o->range & CLI_MAX) && o->max < 1e15;
    int lo_open = (o->range & CLI_MIN_OPEN) != 0, hi_open = (o->range & CLI_MAX_OPEN) != 0;
    if (lo && hi && !lo_open && !hi_open)
        snprintf(buf, cap, "%s from %g to %g", num, o->min, o->max);
    else if (lo && hi)
        snprintf(buf, cap, "%sin %c%g, %g%c", plural ? "numbers " : "", lo_open ? '(' : '[',
                 o->min, o->max, hi_open ? ')' : ']');
    else if (lo && lo_open && o->min == 0)
        snprintf(buf, cap, "%s %s", plural ? "positive" : "a positive",
                 whole ? (plural ? "whole numbers" : "whole number")
                       : (plural ? "numbers" : "number"));
    else if (lo)
        snprintf(buf, cap, "%s %s %g", num, lo_open ? ">" : ">=", o->min);
    else if (hi)
        snprintf(buf, cap, "%s %s %g", num, hi_open ? "<" : "<=", o->max);
    else
        snprintf(buf, cap, "%s", num);
}

static int denied(const cli_opt *o, int v)
{
    return v >= 0 && v < 32 && (o->deny >> v & 1u);
}

/* The choices this option accepts, "efron, breslow or exact"; quoted when any name is not a
 * word (",", ";" or "tab" reads better as "',', ';' or 'tab'"). */
static void choice_desc(const cli_opt *o, char *buf, size_t cap)
{
    const char *const *names = o->choices->names;
    int quote = 0;
    size_t shown = 0, k = 0;
    for (size_t i = 0; names[i]; i++) {
        int v;
        if (o->choices->parse(names[i], &v) || denied(o, v)) continue;
        shown++;
        for (const char *p = names[i]; *p; p++)
            if (!(*p == '-' || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))) quote = 1;
    }
    buf[0] = '\0';
    for (size_t i = 0; names[i]; i++) {
        int v;
        if (o->choices->parse(names[i], &v) || denied(o, v)) continue;
        size_t len = strlen(buf);
        const char *sep = k == 0 ? "" : k + 1 == shown ? " or " : ", ";
        snprintf(buf + len, cap - len, "%s%s%s%s", sep, quote ? "'" : "", names[i],
                 quote ? "'" : "");
        k++;
    }
}

static void bad_value(const cli_common *c, const cli_opt *o, const char *arg)
{
    char what[512];
    switch (o->type) {
    case CLI_DOUBLE:
    case CLI_UINT: range_desc(o, 0, what, sizeof what); break;
    case CLI_DOUBLES:
        range_desc(o, 1, what, sizeof what);
        strncat(what, " separated by commas", sizeof what - strlen(what) - 1);
        break;
    case CLI_CHOICE: choice_desc(o, what, sizeof what); break;
    default:
        cli_errorf(c, 1, "--%s %s, not '%s'", o->name, o->want ? o->want : "has a bad value", arg);
        return;
    }
    cli_errorf(c, 1, "--%s must be %s, not '%s'", o->name, what, arg);
}

/* ---- values ---- */

static int in_range(const cli_opt *o, double v)
{
    if (o->range & CLI_MIN) {
        if (o->range & CLI_MIN_OPEN ? !(v > o->min) : !(v >= o->min)) return 0;
    }
    if (o->range & CLI_MAX) {
        if (o->range & CLI_MAX_OPEN ? !(v < o->max) : !(v <= o->max)) return 0;
    }
    return 1;
}

static int parse_uint(const char *s, unsigned long long *out)
{
    if (!s || !*s || *s == '-' || *s == '+' || *s == ' ') return PG_EINPUT;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno) return PG_EINPUT;
    *out = v;
    return PG_OK;
}

static int store_uint(const cli_opt *o, char *dest, unsigned long long v)
{
    if (!in_range(o, (double)v)) return PG_EINPUT;
    if (o->size == sizeof(uint64_t)) {
        uint64_t x = v;
        memcpy(dest, &x, sizeof x);
    } else if (o->size == sizeof(uint32_t) && v <= UINT32_MAX) {
        uint32_t x = (uint32_t)v;
        memcpy(dest, &x, sizeof x);
    } else {
        return PG_EINPUT;
    }
    return PG_OK;
}

static int set_doubles(const cli_opt *o, cli_doubles *d, const char *arg)
{
    double *v = NULL;
    size_t n = 0;
    int rc = cli_parse_doubles(arg, &v, &n);
    for (size_t i = 0; rc == PG_OK && i < n; i++)
        if (!in_range(o, v[i])) rc = PG_EINPUT;
    if (rc) {
        free(v);
        return rc;
    }
    free(d->v);
    d->v = v;
    d->n = n;
    return PG_OK;
}

static int set_list(cli_list *l, const char *arg, int append)
{
    if (!append) {
        char **item;
        size_t n;
        if (cli_split(arg, &item, &n)) return PG_ENOMEM;
        cli_free_list(l->item);
        l->item = item;
        l->n = n;
        return PG_OK;
    }
    char **item = realloc(l->item, (l->n + 2) * sizeof *item);
    if (!item) return PG_ENOMEM;
    l->item = item;
    if (!(item[l->n] = pg_strdup(arg))) return PG_ENOMEM;
    item[++l->n] = NULL;
    return PG_OK;
}

/* Put arg into the option's destination. PG_OK, PG_EINPUT (a bad value) or PG_ENOMEM. */
static int set_value(const cli_opt *o, void *base, const char *arg)
{
    char *dest = (char *)base + o->offset;
    double d;
    unsigned long long u;
    int v;
    switch (o->type) {
    case CLI_FLAG:
        v = 1;
        memcpy(dest, &v, sizeof v);
        return PG_OK;
    case CLI_STRING:
        memcpy(dest, &arg, sizeof arg);
        return PG_OK;
    case CLI_DOUBLE:
        if (cli_parse_double(arg, &d) || !in_range(o, d)) return PG_EINPUT;
        memcpy(dest, &d, sizeof d);
        return PG_OK;
    case CLI_UINT:
        if (parse_uint(arg, &u)) return PG_EINPUT;
        return store_uint(o, dest, u);
    case CLI_DOUBLES: return set_doubles(o, (cli_doubles *)(void *)dest, arg);
    case CLI_LIST:
    case CLI_APPEND: return set_list((cli_list *)(void *)dest, arg, o->type == CLI_APPEND);
    case CLI_CHOICE:
        if (o->choices->parse(arg, &v) || denied(o, v)) return PG_EINPUT;
        memcpy(dest, &v, sizeof v);
        return PG_OK;
    case CLI_CUSTOM: return o->parse(arg, dest);
    }
    return PG_EINPUT;
}

/* ---- checking a table ---- */

/* The size the option's type writes (CLI_UINT: either width; CLI_CUSTOM: whatever it has). */
static size_t dest_size(const cli_opt *o)
{
    switch (o->type) {
    case CLI_FLAG:
    case CLI_CHOICE: return sizeof(int);
    case CLI_STRING: return sizeof(const char *);
    case CLI_DOUBLE: return sizeof(double);
    case CLI_UINT: return o->size == sizeof(uint32_t) ? sizeof(uint32_t) : sizeof(uint64_t);
    case CLI_DOUBLES: return sizeof(cli_doubles);
    case CLI_LIST:
    case CLI_APPEND: return sizeof(cli_list);
    case CLI_CUSTOM: return o->size;
    }
    return 0;
}

int cli_spec_check(FILE *err, const cli_cmd *cmd)
{
    entry e[CLI_MAX_OPTS];
    size_t n = merge(cmd, e, CLI_MAX_OPTS);
    int bad = 0;
    if (n == (size_t)-1) {
        fprintf(err, "prognos %s: internal error: more than %d options\n", cmd->name,
                CLI_MAX_OPTS);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const cli_opt *o = e[i].o;
        if (strcmp(o->name, "help") == 0 || o->short_name == 'h') {
            fprintf(err, "prognos %s: internal error: --help is built in\n", cmd->name);
            bad = 1;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(o->name, e[j].o->name) == 0) {
                fprintf(err, "prognos %s: internal error: option '--%s' declared twice\n",
                        cmd->name, o->name);
                bad = 1;
            }
            if (o->short_name && o->short_name == e[j].o->short_name) {
                fprintf(err, "prognos %s: internal error: option '-%c' declared twice\n",
                        cmd->name, o->short_name);
                bad = 1;
            }
        }
        if ((o->flags & CLI_OVERRIDE) && !e[i].common) {
            int found = 0;
            for (size_t k = 0; cli_common_opts[k].name; k++)
                found |= strcmp(cli_common_opts[k].name, o->name) == 0;
            if (!found) {
                fprintf(err, "prognos %s: internal error: '--%s' overrides no common option\n",
                        cmd->name, o->name);
                bad = 1;
            }
        }
        for (size_t k = 0; o->type == CLI_CHOICE && o->choices->names[k]; k++) {
            int v;
            if (o->choices->parse(o->choices->names[k], &v)) {
                fprintf(err, "prognos %s: internal error: --%s lists '%s', which the library "
                             "does not parse\n", cmd->name, o->name, o->choices->names[k]);
                bad = 1;
            }
        }
        if (o->size != dest_size(o)) {
            fprintf(err, "prognos %s: internal error: --%s has a destination of %zu bytes\n",
                    cmd->name, o->name, o->size);
            bad = 1;
        }
        if ((o->type == CLI_CUSTOM) != (o->parse != NULL) ||
            (o->type == CLI_CHOICE) != (o->choices != NULL)) {
            fprintf(err, "prognos %s: internal error: --%s lacks its parser\n", cmd->name,
                    o->name);
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

/* ---- parsing ---- */

static int apply_defaults(cli_common *c, const entry *e, size_t n, void *args)
{
    for (size_t i = 0; i < n; i++) {
        const cli_opt *o = e[i].o;
        if (!o->def) continue;
        int rc = set_value(o, e[i].common ? (void *)c : args, o->def);
        if (rc == PG_ENOMEM) {
            cli_errorf(c, 0, "out of memory");
            return PG_EXIT_ANALYSIS;
        }
        if (rc) {
            cli_errorf(c, 0, "internal error: the default of --%s does not parse", o->name);
            return PG_EXIT_ANALYSIS;
        }
    }
    return PG_EXIT_OK;
}

/* The getopt_long tables of the merged list: long options return 1000 + their position, or
 * their short letter when they have one. */
static void getopt_tables(const entry *e, size_t n, struct option *lo, char *so)
{
    size_t k = 0;
    so[k++] = ':';   /* report a missing value as ':' */
    for (size_t i = 0; i < n; i++) {
        const cli_opt *o = e[i].o;
        int val = o->short_name ? o->short_name : 1000 + (int)i;
        lo[i] = (struct option){o->name, takes_value(o) ? required_argument : no_argument, NULL,
                                val};
        if (o->short_name) {
            so[k++] = (char)o->short_name;
            if (takes_value(o)) so[k++] = ':';
        }
    }
    lo[n] = (struct option){"help", no_argument, NULL, 'h'};
    lo[n + 1] = (struct option){NULL, 0, NULL, 0};
    so[k++] = 'h';
    so[k] = '\0';
}

static int find_entry(const entry *e, size_t n, int opt)
{
    if (opt >= 1000 && (size_t)(opt - 1000) < n) return opt - 1000;
    for (size_t i = 0; i < n; i++)
        if (opt > 0 && e[i].o->short_name == opt) return (int)i;
    return -1;
}

static int take_files(cli_common *c, int argc, char **argv, int first)
{
    if (!(c->spec->common & CLI_C_DATA) && !c->spec->positional) {
        if (first < argc) {
            cli_errorf(c, 1, "unexpected argument '%s'", argv[first]);
            return PG_EXIT_USAGE;
        }
        return PG_EXIT_OK;
    }
    if (first >= argc) {
        cli_errorf(c, 1, "no input file (give a CSV file, or '-' for standard input)");
        return PG_EXIT_USAGE;
    }
    c->n_files = (size_t)(argc - first);
    c->files = calloc(c->n_files, sizeof *c->files);
    if (!c->files) {
        cli_errorf(c, 0, "out of memory");
        return PG_EXIT_ANALYSIS;
    }
    for (size_t i = 0; i < c->n_files; i++) c->files[i] = argv[first + (int)i];
    return PG_EXIT_OK;
}

int cli_parse(cli_common *c, const cli_cmd *cmd, void *args, int argc, char **argv)
{
    memset(c, 0, sizeof *c);
    c->cmd = cmd->name;
    c->spec = cmd;
    c->args = args;
    if (cli_json_begin(c, argc, argv)) return PG_EXIT_ANALYSIS;
    pg_csv_opts_init(&c->csv);
    entry e[CLI_MAX_OPTS];
    struct option lo[CLI_MAX_OPTS + 2];
    char so[3 * CLI_MAX_OPTS + 4];
    if (cli_spec_check(stderr, cmd)) return PG_EXIT_ANALYSIS;
    size_t n = merge(cmd, e, CLI_MAX_OPTS);
    int ex = apply_defaults(c, e, n, args);
    if (ex) return ex;
    getopt_tables(e, n, lo, so);

    int opt;
    optind = 0;   /* full re-initialisation of getopt (GNU) for this sub-argv */
    opterr = 0;
    while ((opt = getopt_long(argc, argv, so, lo, NULL)) != -1) {
        if (opt == 'h') {
            cli_help(stdout, cmd);
            return CLI_HELP_SHOWN;
        }
        if (opt == ':') {
            cli_errorf(c, 1, "option '%s' needs a value", argv[optind - 1]);
            return PG_EXIT_USAGE;
        }
        int i = find_entry(e, n, opt);
        if (opt == '?' || i < 0) {
            /* a long option (even a flag given a value: --cumhaz=3) is named as written */
            const char *bad = argv[optind - 1];
            if (strncmp(bad, "--", 2) != 0 && optopt > 0 && optopt < 256)
                cli_errorf(c, 1, "unknown option '-%c'", optopt);
            else cli_errorf(c, 1, "unknown option '%s'", bad);
            return PG_EXIT_USAGE;
        }
        int rc = set_value(e[i].o, e[i].common ? (void *)c : args, optarg);
        if (rc == PG_ENOMEM) {
            cli_errorf(c, 0, "out of memory");
            return PG_EXIT_ANALYSIS;
        }
        if (rc) {
            bad_value(c, e[i].o, optarg);
            return PG_EXIT_USAGE;
        }
        unsigned char *seen = e[i].common ? &c->seen_common[e[i].index] : &c->seen[e[i].index];
        if (*seen < UCHAR_MAX) ++*seen;
        (e[i].common ? c->text_common : c->text)[e[i].index] = optarg;
        /* A second formula or --where would silently replace the first: the analysis is then
         * not the one the user read on the command line. */
        if (*seen > 1 && e[i].common &&
            (strcmp(e[i].o->name, "formula") == 0 || strcmp(e[i].o->name, "where") == 0)) {
            cli_errorf(c, 1, "%s given twice; give one%s",
                       e[i].o->short_name ? "-f/--formula" : "--where",
                       e[i].o->short_name ? " formula" : ", combining the conditions with &");
            return PG_EXIT_USAGE;
        }
    }
    /* The environment's say on threads, asked once per command that reads data (src/cli/env.h):
     * a bad PROGNOS_THREADS does not stop `prognos simulate` or --help. */
    if ((c->spec->common & CLI_C_DATA) && (c->threads = cli_threads()) < 0) return PG_EXIT_USAGE;
    /* ... and on the stated limits a user may raise (docs/limits.md) */
    if ((c->spec->common & CLI_C_DATA) &&
        (cli_env_bytes("PROGNOS_MAX_STDIN_BYTES", &c->max_stdin_bytes) ||
         cli_env_bytes("PROGNOS_MAX_MATRIX_BYTES", &c->max_matrix_bytes)))
        return PG_EXIT_USAGE;
    return take_files(c, argc, argv, optind);
}

int cli_given(const cli_common *c, const char *name)
{
    for (size_t i = 0; c->spec->opts[i].name; i++)
        if (strcmp(c->spec->opts[i].name, name) == 0) return c->seen[i];
    for (size_t i = 0; cli_common_opts[i].name; i++)
        if (strcmp(cli_common_opts[i].name, name) == 0) return c->seen_common[i];
    return 0;
}

void cli_opts_foreach(const cli_common *c,
                      void (*fn)(void *ctx, const cli_opt *o, const void *value, int given,
                                 const char *text),
                      void *ctx)
{
    entry e[CLI_MAX_OPTS];
    size_t n = merge(c->spec, e, CLI_MAX_OPTS);
    for (size_t i = 0; n != (size_t)-1 && i < n; i++) {
        const char *base = e[i].common ? (const char *)c : (const char *)c->args;
        int given = e[i].common ? c->seen_common[e[i].index] : c->seen[e[i].index];
        const char *text = e[i].common ? c->text_common[e[i].index] : c->text[e[i].index];
        fn(ctx, e[i].o, base + e[i].o->offset, given, given ? text : NULL);
    }
}

static void free_values(const cli_opt *opts, void *base)
{
    for (size_t i = 0; base && opts[i].name; i++) {
        char *dest = (char *)base + opts[i].offset;
        if (opts[i].type == CLI_DOUBLES) {
            cli_doubles *d = (cli_doubles *)(void *)dest;
            free(d->v);
            d->v = NULL;
            d->n = 0;
        } else if (opts[i].type == CLI_LIST || opts[i].type == CLI_APPEND) {
            cli_list *l = (cli_list *)(void *)dest;
            cli_free_list(l->item);
            l->item = NULL;
            l->n = 0;
        }
    }
}

int cli_done(cli_common *c, int ex)
{
    cli_json_end(c, ex);
    if (c->spec) {
        free_values(c->spec->opts, c->args);
        free_values(cli_common_opts, c);
    }
    free(c->files);
    free(c->tmp_path);
    pg_labels_free(c->labels);
    memset(c, 0, sizeof *c);
    return ex == CLI_HELP_SHOWN ? PG_EXIT_OK : ex;
}

/* ---- --help ---- */

enum { HELP_COL = 25, HELP_WIDTH = 79 };

/* The length of the word at p: up to a space, but a quotation ('Surv(time, status) ~ x') is
 * one word. A quote opens at the start of a word or after '(' (not in "survfit's"), and closes
 * before a non-letter. */
static size_t word_len(const char *p)
{
    size_t w = 0;
    int inq = 0;
    for (; p[w] && (inq || p[w] != ' '); w++) {
        if (p[w] != '\'') continue;
        if (!inq && (w == 0 || p[w - 1] == '(')) inq = 1;
        else if (inq && !(p[w + 1] >= 'a' && p[w + 1] <= 'z')) inq = 0;
    }
    return w;
}

/* Write text word-wrapped to HELP_WIDTH; the first line continues at column col, the others
 * start at column indent. */
static void wrap(FILE *f, const char *text, size_t col, size_t indent)
{
    const char *p = text;
    int first = 1;
    while (*p) {
        while (*p == ' ') p++;
        size_t w = word_len(p);
        if (!w) break;
        if (!first && col + 1 + w > HELP_WIDTH) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, w, f);
        col += w;
        p += w;
        first = 0;
    }
    fputc('\n', f);
}

/* The option's help sentence with its choices and default: "transform (log, log-log or plain;
 * default log)". */
static void opt_text(const cli_opt *o, char *buf, size_t cap)
{
    char ch[512] = "";
    if (o->type == CLI_CHOICE) choice_desc(o, ch, sizeof ch);
    if (ch[0] && o->def) snprintf(buf, cap, "%s (%s; default %s)", o->help, ch, o->def);
    else if (ch[0]) snprintf(buf, cap, "%s (%s)", o->help, ch);
    else if (o->def) snprintf(buf, cap, "%s (default %s)", o->help, o->def);
    else snprintf(buf, cap, "%s", o->help);
}

static void help_line(FILE *f, const cli_opt *o)
{
    char head[128], text[1024];
    if (o->short_name)
        snprintf(head, sizeof head, "  -%c, --%s%s%s", o->short_name, o->name,
                 takes_value(o) ? " " : "", takes_value(o) ? o->metavar : "");
    else
        snprintf(head, sizeof head, "      --%s%s%s", o->name, takes_value(o) ? " " : "",
                 takes_value(o) ? o->metavar : "");
    opt_text(o, text, sizeof text);
    fputs(head, f);
    size_t col = strlen(head);
    if (col + 2 > HELP_COL) {
        fprintf(f, "\n%*s", HELP_COL, "");
    } else {
        fprintf(f, "%*s", (int)(HELP_COL - col), "");
    }
    wrap(f, text, HELP_COL, HELP_COL);
}

/* Copy the paragraph at p (up to a blank line) into buf, cut to cap - 1 bytes; returns where
 * the next paragraph starts, or NULL after the last. The one splitter of --help and man. */
static const char *paragraph(const char *p, char *buf, size_t cap)
{
    const char *end = strstr(p, "\n\n");
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len >= cap) len = cap - 1;
    memcpy(buf, p, len);
    buf[len] = '\0';
    return end ? end + 2 : NULL;
}

/* Paragraphs separated by blank lines, each wrapped. */
static void paragraphs(FILE *f, const char *text)
{
    char buf[2048];
    for (const char *p = text; p && *p;) {
        p = paragraph(p, buf, sizeof buf);
        for (char *q = buf; *q; q++)
            if (*q == '\n') *q = ' ';
        wrap(f, buf, 0, 0);
        if (p) fputc('\n', f);
    }
}

static const char files_note[] =
    "A file argument '-' reads standard input; several files are pooled with a 'source' column.";

void cli_help(FILE *f, const cli_cmd *cmd)
{
    entry e[CLI_MAX_OPTS];
    size_t n = merge(cmd, e, CLI_MAX_OPTS);
    if (n == (size_t)-1) n = 0;
    fprintf(f, "usage: prognos %s %s\n\n", cmd->name, cmd->usage);
    paragraphs(f, cmd->about);
    int own = 0;
    for (size_t i = 0; i < n; i++) {
        if (e[i].common) continue;
        if (!own++) fputs("\nOptions:\n", f);
        help_line(f, e[i].o);
    }
    fputs("\nCommon options:\n", f);
    for (size_t i = 0; i < n; i++)
        if (e[i].common) help_line(f, e[i].o);
    fprintf(f, "  -h, --help%*sshow this help\n", HELP_COL - 12, "");
    if (cmd->common & CLI_C_DATA) wrap(f, files_note, 0, 0);
    if (cmd->examples) {
        fputs("\nExamples:\n", f);
        for (const char *p = cmd->examples; *p;) {
            size_t len = strcspn(p, "\n");
            fprintf(f, "  prognos %.*s\n", (int)len, p);
            p += len;
            if (*p) p++;
        }
    }
}

/* ---- the man page ---- */

/* Text for troff: backslashes and hyphens escaped, a line never starting with '.' or '\''. */
static void roff(FILE *f, const char *s)
{
    int bol = 1;
    for (; *s; s++) {
        if (bol && (*s == '.' || *s == '\'')) fputs("\\&", f);
        bol = *s == '\n';
        if (*s == '\\') fputs("\\e", f);
        else if (*s == '-') fputs("\\-", f);
        else fputc(*s, f);
    }
}

static void man_opt(FILE *f, const cli_opt *o)
{
    char text[1024];
    fputs(".TP\n", f);
    if (o->short_name) fprintf(f, "\\fB\\-%c\\fR, ", o->short_name);
    fputs("\\fB\\-\\-", f);
    roff(f, o->name);
    fputs("\\fR", f);
    if (takes_value(o)) {
        fputs(" \\fI", f);
        roff(f, o->metavar);
        fputs("\\fR", f);
    }
    fputc('\n', f);
    opt_text(o, text, sizeof text);
    roff(f, text);
    fputc('\n', f);
}

static void man_paragraphs(FILE *f, const char *text)
{
    char buf[2048];
    for (const char *p = text; p && *p;) {
        p = paragraph(p, buf, sizeof buf);
        fputs(".PP\n", f);
        roff(f, buf);
        fputc('\n', f);
    }
}

static void man_command(FILE *f, const cli_cmd *cmd)
{
    fprintf(f, ".SS \"prognos %s\"\n", cmd->name);
    fputs(".B prognos ", f);
    roff(f, cmd->name);
    fputc('\n', f);
    roff(f, cmd->usage);
    fputc('\n', f);
    man_paragraphs(f, cmd->about);
    entry e[CLI_MAX_OPTS];
    size_t n = merge(cmd, e, CLI_MAX_OPTS);
    int own = 0;
    for (size_t i = 0; i < n && n != (size_t)-1; i++) {
        if (e[i].common) continue;
        if (!own++) fputs(".PP\nOptions:\n", f);
        man_opt(f, e[i].o);
    }
    fprintf(f, ".PP\n%s", own ? "Also " : "Options: ");
    if (cmd->common & CLI_C_DATA)
        fputs("the common options (see \\fBCOMMON OPTIONS\\fR).\n", f);
    else
        fputs("\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fIFILE\\fR and "
              "\\fB\\-h\\fR, \\fB\\-\\-help\\fR.\n", f);
    if (cmd->examples) {
        fputs(".PP\nExamples:\n.PP\n.RS\n.nf\n", f);
        for (const char *p = cmd->examples; *p;) {
            size_t len = strcspn(p, "\n");
            char line[512];
            snprintf(line, sizeof line, "prognos %.*s\n", (int)len, p);
            roff(f, line);
            p += len;
            if (*p) p++;
        }
        fputs(".fi\n.RE\n", f);
    }
}

void cli_man(FILE *f, const cli_cmd *const *cmds)
{
    fprintf(f, ".\\\" prognos(1), generated by 'prognos --man' from the option tables of "
               "src/cli; do not edit\n");
    fprintf(f, ".TH PROGNOS 1 \"\" \"prognos %s\" \"User Commands\"\n", pg_version());
    fputs(".nh\n.SH NAME\nprognos \\- survival analysis and prognostic factors for small case "
          "series\n.SH SYNOPSIS\n.B prognos\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] "
          "\\fIFILE\\fR...\n.br\n.B prognos\n\\fICOMMAND\\fR \\fB\\-\\-help\\fR\n.br\n"
          ".B prognos\n\\fB\\-\\-version\\fR\n.SH DESCRIPTION\n", f);
    roff(f, "prognos reads CSV files, evaluates a survival formula and reports Kaplan-Meier "
            "curves, log-rank tests, Cox models, tests of proportional hazards, figures and the "
            "prognostic-factor table of a manuscript; numbers agree with R's survival package "
            "to 1e-6. Results go to standard output or to -o FILE, written atomically; "
            "diagnostics go to standard error.\n");
    fputs(".SH COMMANDS\n", f);
    for (size_t i = 0; cmds[i]; i++) {
        fputs(".TP\n", f);
        fprintf(f, "\\fB%s\\fR\n", cmds[i]->name);
        roff(f, cmds[i]->summary);
        fputc('\n', f);
    }
    for (size_t i = 0; cmds[i]; i++) man_command(f, cmds[i]);
    fputs(".SH COMMON OPTIONS\n", f);
    for (size_t i = 0; cli_common_opts[i].name; i++) man_opt(f, &cli_common_opts[i]);
    fputs(".TP\n\\fB\\-h\\fR, \\fB\\-\\-help\\fR\nshow the command's options\n.PP\n", f);
    roff(f, files_note);
    fputs("\n.SH EXIT STATUS\n.TP\n0\nsuccess\n.TP\n1\nthe analysis failed (no events, "
          "divergence, out of memory)\n.TP\n2\nbad usage or input: an unknown option, a bad "
          "value, an unreadable or malformed file, a formula error\n", f);
    fputs(".SH ENVIRONMENT\n.TP\n.B PROGNOS_GNUPLOT\nthe gnuplot program that "
          "\\fBprognos plot\\fR runs (default \\fBgnuplot\\fR)\n.TP\n.B PROGNOS_THREADS\n"
          "the number of threads to use\n", f);
    fputs(".SH SEE ALSO\n\\fBgnuplot\\fR(1), R's survival package\n", f);
}
