/* plan_check.c -- a plan against the commands and its data, before anything runs: the type of
 * each analysis is a command, each other key one of its options (by name, conf_type for
 * --conf-type; choices and numbers parsed as the command would), each formula and where
 * evaluates on the data. Every error is printed as "plan.yaml:LINE:COL: message" with the
 * plan's line and a caret; a formula error's column is carried from the formula text back into
 * the YAML scalar it came from. Also: a job's argv for the command's entry point. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "internal.h"
#include "plan_check.h"
#include "suggest.h"

static int error_at(const pg_plan *p, plan_loc l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int error_at(const pg_plan *p, plan_loc l, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    plan_print_error(stderr, p, l.line, l.col, msg);
    return 1;
}

/* The names of cmd's options with underscores, for suggestions. */
static const char *suggest_option(const cli_cmd *cmd, const char *key, char names[][64],
                                  size_t max)
{
    const char *list[CLI_MAX_OPTS * 2];
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (const cli_opt *o = pass ? cli_common_opts : cmd->opts; o->name && n < max; o++) {
            if (pass && !cmd->common) break;
            snprintf(names[n], 64, "%s", o->name);
            for (char *s = names[n]; *s; s++)
                if (*s == '-') *s = '_';
            list[n] = names[n];
            n++;
        }
    return pg_suggest(key, list, n);
}

static int check_value(const pg_plan *p, const plan_opt *po, const cli_opt *o)
{
    if (po->off) return 0;
    if (o->type == CLI_FLAG) {
        if (po->value) return error_at(p, po->value_loc, "'%s' is a switch: true or false",
                                       po->key);
        return 0;
    }
    if (!po->value) return error_at(p, po->value_loc, "'%s' wants a value", po->key);
    if (o->type == CLI_CHOICE) {
        int v;
        if (o->choices->parse(po->value, &v) == PG_OK) return 0;
        char list[256] = "";
        for (size_t i = 0; o->choices->names[i]; i++) {
            size_t len = strlen(list);
            snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", o->choices->names[i]);
        }
        return error_at(p, po->value_loc, "'%s' is not a %s (%s)", po->value, po->key, list);
    }
    if (o->type == CLI_DOUBLE || o->type == CLI_UINT || o->type == CLI_DOUBLES) {
        double x;
        for (size_t i = 0; i < (po->n_items ? po->n_items : 1); i++) {
            const char *s = po->n_items ? po->items[i] : po->value;
            if (cli_parse_double(s, &x)) return error_at(p, po->value_loc,
                                                         "'%s' wants numbers, not '%s'",
                                                         po->key, s);
        }
    }
    return 0;
}

static int check_options(const pg_plan *p, const plan_spec *s, const cli_cmd *cmd)
{
    char names[CLI_MAX_OPTS * 2][64];
    int bad = 0;
    for (size_t i = 0; i < s->n_opts; i++) {
        const plan_opt *po = &s->opts[i];
        const cli_opt *o = plan_option(cmd, po->key);
        if (!o) {
            const char *sug = suggest_option(cmd, po->key, names, CLI_MAX_OPTS * 2);
            bad |= sug ? error_at(p, po->key_loc, "unknown option '%s' of %s; did you mean '%s'?",
                                  po->key, cmd->name, sug)
                       : error_at(p, po->key_loc, "unknown option '%s' of %s", po->key,
                                  cmd->name);
            continue;
        }
        bad |= check_value(p, po, o);
    }
    return bad;
}

/* Where in the plan column col (1-based) of the job's formula or where text lies. */
static plan_loc map_formula(const plan_job *j, long col)
{
    size_t off = col > 0 ? (size_t)col - 1 : 0;
    plan_loc l = j->rhs_loc.line ? j->rhs_loc : j->spec->loc;
    if (off < j->lhs_len && j->lhs_loc.line) {
        l = j->lhs_loc;
        l.col += (long)off;
    } else if (off >= j->rhs_off && j->rhs_loc.line) {
        l.col += (long)(off - j->rhs_off);
    }
    return l;
}

static plan_loc map_where(const plan_job *j, long col)
{
    size_t off = col > 0 ? (size_t)col - 1 : 0;
    plan_loc l = j->where_len ? j->where_loc : j->spec->loc;
    if (j->where_len && off >= j->where_off && off < j->where_off + j->where_len)
        l.col += (long)(off - j->where_off);
    return l;
}

int plan_check_text_error(const pg_plan *p, const plan_job *j, int rc, const pg_error *err)
{
    if (!rc) return 0;
    /* only the errors of the text itself: others (no events, ...) are the analysis's */
    int is_where = strncmp(err->msg, "--where", 7) == 0;
    if (rc != PG_EINPUT || (!is_where && !err->term[0] && !strstr(err->msg, "unknown"))) return 0;
    if (err->file[0]) return 0;   /* a data row: the command will say */
    plan_loc l = is_where ? map_where(j, err->column) : map_formula(j, err->column);
    return error_at(p, l, "%s", err->msg);
}

/* Evaluate the job's formula and where on its data, as cli_load would. */
static int check_frame(const pg_plan *p, const plan_job *j)
{
    pg_frame_opts fo;
    pg_frame_opts_init(&fo);
    fo.where = j->where;
    fo.no_design = 1;
    fo.counting = 1;
    fo.censoring = 1;
    fo.all_causes = 1;
    fo.no_groups = 1;
    pg_frame *fr = NULL;
    pg_error err = {0};
    int rc = pg_frame_new(p->data[j->spec->data].ds, j->formula, &fo, &fr, &err);
    pg_frame_free(fr);
    return plan_check_text_error(p, j, rc, &err);
}

int plan_has_formula(const plan_spec *s)
{
    return s->formula || s->n_endpoints || s->n_by;
}

/* The commands that read data without a formula: describe (optional) and meta (none). */
static int formula_optional(const char *type)
{
    return strcmp(type, "describe") == 0 || strcmp(type, "meta") == 0;
}

int plan_check(const pg_plan *p, const plan_job *jobs, size_t n, int frames)
{
    int bad = 0;
    const plan_spec *last = NULL;
    for (size_t i = 0; i < n; i++) {
        const plan_job *j = &jobs[i];
        const cli_cmd *cmd = plan_command(j->spec->type);
        if (j->spec == last) continue;   /* one report per analysis of the file */
        int before = bad;
        if (!cmd) {
            const char *list[32];
            size_t k = 0;
            for (size_t c = 0; cli_commands[c] && k < 32; c++)
                list[k++] = cli_commands[c]->name;
            const char *sug = pg_suggest(j->spec->type, list, k);
            bad |= sug ? error_at(p, j->spec->type_loc, "unknown analysis type '%s'; did you "
                                  "mean '%s'?", j->spec->type, sug)
                       : error_at(p, j->spec->type_loc, "unknown analysis type '%s'",
                                  j->spec->type);
        } else {
            bad |= check_options(p, j->spec, cmd);
            int has = plan_has_formula(j->spec);
            if ((cmd->common & CLI_C_DATA) && !has && !formula_optional(j->spec->type))
                bad |= error_at(p, j->spec->loc, "the %s analysis has no 'endpoint' (with 'by' "
                                "or 'terms') or 'formula'", j->spec->type);
            /* a frame costs a sort of the data: on a run, a command that writes JSON
             * reports its formula's errors itself (plan_run.c maps them back here) */
            else if ((cmd->common & CLI_C_DATA) && has &&
                     (frames || strcmp(j->spec->type, "plot") == 0))
                bad |= check_frame(p, j);
        }
        if (bad != before) last = j->spec;
    }
    return bad;
}

/* Append one argument (a copy). */
static int arg(char ***v, int *n, const char *s)
{
    char **t = realloc(*v, (size_t)(*n + 2) * sizeof *t);
    if (!t) return PG_ENOMEM;
    *v = t;
    if (!(t[*n] = pg_strdup(s))) return PG_ENOMEM;
    t[++*n] = NULL;
    return PG_OK;
}

/* The options as arguments: a flag alone, a repeatable option once per item. */
static int opt_args(char ***v, int *n, const plan_opt *opts, size_t n_opts, const cli_cmd *cmd)
{
    int rc = PG_OK;
    for (size_t i = 0; !rc && i < n_opts; i++) {
        const plan_opt *po = &opts[i];
        if (po->off) continue;
        char name[130] = "--";
        plan_dashed(po->key, name + 2, sizeof name - 2);
        const cli_opt *o = cmd ? plan_option(cmd, po->key) : NULL;
        if (o && o->type == CLI_APPEND && po->n_items) {
            for (size_t k = 0; !rc && k < po->n_items; k++)
                if (!(rc = arg(v, n, name))) rc = arg(v, n, po->items[k]);
        } else {
            rc = arg(v, n, name);
            if (!rc && po->value) rc = arg(v, n, po->value);
        }
    }
    return rc;
}

static char **finish(char **v, int n, int rc, int *argc)
{
    if (rc) {
        plan_argv_free(v);
        return NULL;
    }
    *argc = n;
    return v;
}

char **plan_data_argv(const plan_data *d, int *argc)
{
    char **v = NULL;
    int n = 0, rc = arg(&v, &n, "describe");
    if (!rc) rc = opt_args(&v, &n, d->opts, d->n_opts, &cli_cmd_describe);
    for (size_t i = 0; !rc && i < d->n_files; i++) rc = arg(&v, &n, d->files[i]);
    return finish(v, n, rc, argc);
}

char **plan_argv(const pg_plan *p, const plan_job *j, const char *fmt, const char *const *extra,
                 int *argc)
{
    const plan_data *d = p->n_data ? &p->data[j->spec->data] : NULL;
    const cli_cmd *cmd = plan_command(j->spec->type);
    char **v = NULL;
    int n = 0, rc = arg(&v, &n, j->spec->type);
    /* describe and meta without a formula: no -f */
    if (!rc && cmd && (cmd->common & CLI_C_DATA) && plan_has_formula(j->spec)) {
        if (!(rc = arg(&v, &n, "-f"))) rc = arg(&v, &n, j->formula);
    }
    if (!rc && cmd && (cmd->common & CLI_C_DATA) && j->where && !(rc = arg(&v, &n, "--where")))
        rc = arg(&v, &n, j->where);
    int data = d && (!cmd || (cmd->common & CLI_C_DATA));   /* not reconstruct, simulate */
    if (!rc) rc = opt_args(&v, &n, j->spec->opts, j->spec->n_opts, cmd);
    if (!rc && data) rc = opt_args(&v, &n, d->opts, d->n_opts, &cli_cmd_describe);
    if (!rc && fmt && !(rc = arg(&v, &n, "--format"))) rc = arg(&v, &n, fmt);
    for (size_t i = 0; !rc && extra && extra[i]; i++) rc = arg(&v, &n, extra[i]);
    for (size_t i = 0; !rc && data && i < d->n_files; i++) rc = arg(&v, &n, d->files[i]);
    return finish(v, n, rc, argc);
}

void plan_argv_free(char **argv)
{
    for (size_t i = 0; argv && argv[i]; i++) free(argv[i]);
    free(argv);
}
