/* plan_read.c -- reading an analysis plan (docs/plan.md) with libyaml's document API, keeping
 * every node's position so each later error points into the plan: sections data, endpoints,
 * analyses and output; an analysis's other keys are its command's options by name (conf_type
 * for --conf-type), checked against the command's table by plan_check.c. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "internal.h"
#include "plan_check.h"
#include "plan_int.h"
#include "suggest.h"

typedef struct reader {
    yaml_document_t doc;
    pg_plan *p;
    pg_error *err;
} reader;

/* Where a node starts, 1-based; a quoted scalar's text starts one column after its quote. */
static plan_loc loc_of(const yaml_node_t *n)
{
    plan_loc l = {(long)n->start_mark.line + 1, (long)n->start_mark.column + 1};
    if (n->type == YAML_SCALAR_NODE && (n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                                        n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE))
        l.col++;
    return l;
}

static int fail(reader *r, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(reader *r, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    plan_loc l = n ? loc_of(n) : (plan_loc){0, 0};
    pg_failv(r->err, PG_EINPUT, r->p->path, l.line, l.col, fmt, ap);
    va_end(ap);
    return PG_EINPUT;
}

static yaml_node_t *node(reader *r, int id)
{
    return yaml_document_get_node(&r->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* "key: did you mean 'x'?" for a key not among names. */
static int unknown_key(reader *r, const yaml_node_t *k, const char *where,
                       const char *const *names, size_t n)
{
    const char *s = pg_suggest(scalar(k), names, n);
    if (s) return fail(r, k, "unknown key '%s' in %s; did you mean '%s'?", scalar(k), where, s);
    return fail(r, k, "unknown key '%s' in %s", scalar(k), where);
}

static int need_scalar(reader *r, const yaml_node_t *v, const char *key, char **out, plan_loc *l)
{
    if (!scalar(v)) return fail(r, v, "'%s' wants a single value", key);
    free(*out);
    if (!(*out = pg_strdup(scalar(v)))) return pg_fail(r->err, PG_ENOMEM, "out of memory");
    if (l) *l = loc_of(v);
    return PG_OK;
}

/* A scalar or a list of scalars, into a new array of strings and their locations. */
static int need_list(reader *r, const yaml_node_t *v, const char *key, char ***out,
                     plan_loc **locs, size_t *n)
{
    const yaml_node_t *one[1] = {v};
    size_t k = 1;
    if (v->type == YAML_SEQUENCE_NODE) k = (size_t)(v->data.sequence.items.top -
                                                    v->data.sequence.items.start);
    else if (!scalar(v)) return fail(r, v, "'%s' wants a value or a list of values", key);
    if (k == 0) return fail(r, v, "'%s' is an empty list", key);
    char **s = pg_calloc_array(k + 1, sizeof *s);
    plan_loc *l = pg_calloc_array(k, sizeof *l);
    if (!s || !l) {
        free(s);
        free(l);
        return pg_fail(r->err, PG_ENOMEM, "out of memory");
    }
    *out = s;
    *locs = l;
    *n = k;
    for (size_t i = 0; i < k; i++) {
        const yaml_node_t *it = v->type == YAML_SEQUENCE_NODE
                                    ? node(r, v->data.sequence.items.start[i]) : one[0];
        if (!scalar(it)) return fail(r, it, "'%s' wants a list of single values", key);
        if (!(s[i] = pg_strdup(scalar(it)))) return pg_fail(r->err, PG_ENOMEM, "out of memory");
        l[i] = loc_of(it);
    }
    return PG_OK;
}

static int is_word(const yaml_node_t *v, const char *const *words)
{
    if (!scalar(v) || v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return 0;
    for (size_t i = 0; words[i]; i++)
        if (strcmp(scalar(v), words[i]) == 0) return 1;
    return 0;
}

/* An option: true -> a flag, false -> left out, a list -> "a,b" and its items. */
static int add_opt(reader *r, plan_opt **opts, size_t *n, const yaml_node_t *k,
                   const yaml_node_t *v)
{
    plan_opt *o = realloc(*opts, (*n + 1) * sizeof *o);
    if (!o) return pg_fail(r->err, PG_ENOMEM, "out of memory");
    *opts = o;
    o = &o[(*n)++];
    memset(o, 0, sizeof *o);
    o->key_loc = loc_of(k);
    o->value_loc = loc_of(v);
    if (!(o->key = pg_strdup(scalar(k)))) return pg_fail(r->err, PG_ENOMEM, "out of memory");
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "on", NULL};
    static const char *const no[] = {"false", "False", "FALSE", "no", "off", NULL};
    if (is_word(v, yes)) return PG_OK;
    if (is_word(v, no)) {
        o->off = 1;
        return PG_OK;
    }
    plan_loc *locs = NULL;
    int rc = need_list(r, v, o->key, &o->items, &locs, &o->n_items);
    free(locs);
    if (rc) return rc;
    size_t len = 1;
    for (size_t i = 0; i < o->n_items; i++) len += strlen(o->items[i]) + 1;
    if (!(o->value = malloc(len))) return pg_fail(r->err, PG_ENOMEM, "out of memory");
    o->value[0] = '\0';
    for (size_t i = 0; i < o->n_items; i++) {
        if (i) strcat(o->value, ",");
        strcat(o->value, o->items[i]);
    }
    return PG_OK;
}

#define PAIRS(m, pr) yaml_node_pair_t *pr = (m)->data.mapping.pairs.start; \
    pr < (m)->data.mapping.pairs.top; pr++

static int need_map(reader *r, const yaml_node_t *v, const char *what)
{
    return v->type == YAML_MAPPING_NODE ? PG_OK : fail(r, v, "%s wants a mapping (key: value)",
                                                       what);
}

static int read_data(reader *r, const yaml_node_t *sec)
{
    static const char *const keys[] = {"file", "files", "where", "delim", "decimal", "na",
                                       "numeric", "categorical", "date_format",
                                       "drop_summary_rows", "input_format", "sheet", "encoding",
                                       "codes"};
    int rc = need_map(r, sec, "'data'");
    for (PAIRS(sec, pr)) {
        if (rc) return rc;
        yaml_node_t *name = node(r, pr->key), *v = node(r, pr->value);
        if (!scalar(name)) return fail(r, name, "a data source's name is one word");
        if ((rc = need_map(r, v, "a data source"))) return rc;
        plan_data *d = realloc(r->p->data, (r->p->n_data + 1) * sizeof *d);
        if (!d) return pg_fail(r->err, PG_ENOMEM, "out of memory");
        r->p->data = d;
        d = &d[r->p->n_data++];
        memset(d, 0, sizeof *d);
        d->loc = loc_of(name);
        if (!(d->name = pg_strdup(scalar(name)))) return pg_fail(r->err, PG_ENOMEM, "oom");
        for (PAIRS(v, q)) {
            yaml_node_t *k = node(r, q->key), *x = node(r, q->value);
            const char *key = scalar(k);
            size_t i = 0;
            while (i < sizeof keys / sizeof keys[0] && (!key || strcmp(key, keys[i]) != 0)) i++;
            if (i == sizeof keys / sizeof keys[0])
                return unknown_key(r, k, "a data source", keys, sizeof keys / sizeof keys[0]);
            if (i <= 1) {
                if (d->files) return fail(r, k, "give 'file' or 'files', once");
                rc = need_list(r, x, key, &d->files, &d->file_loc, &d->n_files);
            } else if (i == 2) {
                rc = need_scalar(r, x, key, &d->where, &d->where_loc);
            } else {
                rc = add_opt(r, &d->opts, &d->n_opts, k, x);
            }
            if (rc) return rc;
        }
        if (!d->files) return fail(r, name, "data source '%s' has no 'file'", d->name);
    }
    return rc;
}

static int read_endpoints(reader *r, const yaml_node_t *sec)
{
    int rc = need_map(r, sec, "'endpoints'");
    for (PAIRS(sec, pr)) {
        if (rc) return rc;
        yaml_node_t *k = node(r, pr->key), *v = node(r, pr->value);
        if (!scalar(k)) return fail(r, k, "an endpoint's name is one word");
        plan_endpoint *e = realloc(r->p->endpoints, (r->p->n_endpoints + 1) * sizeof *e);
        if (!e) return pg_fail(r->err, PG_ENOMEM, "out of memory");
        r->p->endpoints = e;
        e = &e[r->p->n_endpoints++];
        memset(e, 0, sizeof *e);
        if (!(e->name = pg_strdup(scalar(k)))) return pg_fail(r->err, PG_ENOMEM, "oom");
        rc = need_scalar(r, v, e->name, &e->formula, &e->loc);
    }
    return rc;
}

static long find_name(const char *s, const void *base, size_t n, size_t stride)
{
    for (size_t i = 0; i < n; i++) {
        const char *name = *(char *const *)((const char *)base + i * stride);
        if (strcmp(name, s) == 0) return (long)i;
    }
    return -1;
}

/* "unknown data source 'x'; did you mean 'y'?" */
static int unknown_name(reader *r, const yaml_node_t *v, const char *what, const char *s,
                        const void *base, size_t n, size_t stride)
{
    const char **names = pg_calloc_array(n + 1, sizeof *names);
    for (size_t i = 0; names && i < n; i++)
        names[i] = *(char *const *)((const char *)base + i * stride);
    const char *sug = names ? pg_suggest(s, names, n) : NULL;
    int rc = sug ? fail(r, v, "unknown %s '%s'; did you mean '%s'?", what, s, sug)
                 : fail(r, v, "unknown %s '%s'", what, s);
    free(names);
    return rc;
}

static int spec_endpoints(reader *r, plan_spec *s, const yaml_node_t *v)
{
    char **names = NULL;
    int rc = need_list(r, v, "endpoint", &names, &s->endpoint_loc, &s->n_endpoints);
    if (!rc && !(s->endpoints = pg_calloc_array(s->n_endpoints, sizeof *s->endpoints)))
        rc = pg_fail(r->err, PG_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < s->n_endpoints; i++) {
        long k = find_name(names[i], r->p->endpoints, r->p->n_endpoints, sizeof(plan_endpoint));
        if (k < 0) {
            yaml_node_t *it = v->type == YAML_SEQUENCE_NODE
                                  ? node(r, v->data.sequence.items.start[i]) : (yaml_node_t *)v;
            rc = unknown_name(r, it, "endpoint", names[i], r->p->endpoints, r->p->n_endpoints,
                              sizeof(plan_endpoint));
        } else {
            s->endpoints[i] = (size_t)k;
        }
    }
    for (size_t i = 0; names && names[i]; i++) free(names[i]);
    free(names);
    return rc;
}

/* Whether the command of type has an option of its own named "by" (meta's subgroups). */
static int own_by(const char *type)
{
    const cli_cmd *cmd = plan_command(type);
    for (const cli_opt *o = cmd ? cmd->opts : NULL; o && o->name; o++)
        if (strcmp(o->name, "by") == 0) return 1;
    return 0;
}

/* Whether the command of type reads a data source (reconstruct and simulate do not); an
 * unknown type counts as one (plan_check reports it). */
static int takes_data(const char *type)
{
    const cli_cmd *cmd = plan_command(type);
    return !cmd || (cmd->common & CLI_C_DATA);
}

static int read_spec(reader *r, const yaml_node_t *m)
{
    int rc = need_map(r, m, "an analysis");
    if (rc) return rc;
    plan_spec *s = realloc(r->p->specs, (r->p->n_specs + 1) * sizeof *s);
    if (!s) return pg_fail(r->err, PG_ENOMEM, "out of memory");
    r->p->specs = s;
    s = &s[r->p->n_specs++];
    memset(s, 0, sizeof *s);
    s->loc = loc_of(m);
    const yaml_node_t *data = NULL, *rhs = NULL, *rhs_key = NULL;
    for (PAIRS(m, pr)) {
        yaml_node_t *k = node(r, pr->key), *v = node(r, pr->value);
        const char *key = scalar(k);
        if (!key) return fail(r, k, "an analysis's keys are words");
        if (strcmp(key, "id") == 0) rc = need_scalar(r, v, key, &s->id, NULL);
        else if (strcmp(key, "type") == 0) rc = need_scalar(r, v, key, &s->type, &s->type_loc);
        else if (strcmp(key, "data") == 0) data = v;
        else if (strcmp(key, "endpoint") == 0) rc = spec_endpoints(r, s, v);
        else if (strcmp(key, "by") == 0 || strcmp(key, "terms") == 0) {
            if (rhs) return fail(r, k, "give 'by' or 'terms', not both");
            rhs = v;
            rhs_key = k;
            rc = need_list(r, v, key, &s->by, &s->by_loc, &s->n_by);
        } else if (strcmp(key, "formula") == 0) {
            rc = need_scalar(r, v, key, &s->formula, &s->formula_loc);
        } else if (strcmp(key, "where") == 0) {
            rc = need_scalar(r, v, key, &s->where, &s->where_loc);
        } else if (strcmp(key, "subgroups") == 0) {
            rc = need_list(r, v, key, &s->subgroups, &s->subgroup_loc, &s->n_subgroups);
        } else if (strcmp(key, "format") == 0 || strcmp(key, "output") == 0) {
            return fail(r, k, "'%s' is the plan's: set it in the 'output' section", key);
        } else {
            rc = add_opt(r, &s->opts, &s->n_opts, k, v);
            /* 'id' names the analysis: the commands' --id COL (the subject) is id_column */
            if (!rc && strcmp(key, "id_column") == 0) {
                plan_opt *o = &s->opts[s->n_opts - 1];
                free(o->key);
                if (!(o->key = pg_strdup("id"))) rc = pg_fail(r->err, PG_ENOMEM, "out of memory");
            }
        }
        if (rc) return rc;
    }
    if (!s->type) return fail(r, m, "the analysis has no 'type' (km, logrank, cox, ...)");
    if (s->formula && (s->n_endpoints || rhs))
        return fail(r, m, "give 'formula', or 'endpoint' with 'by' or 'terms', not both");
    /* a command without a formula whose own option is 'by' (meta --by COL): the option */
    if (rhs && !s->n_endpoints && strcmp(scalar(rhs_key), "by") == 0 && own_by(s->type)) {
        for (size_t i = 0; i < s->n_by; i++) free(s->by[i]);
        free(s->by);
        free(s->by_loc);
        s->by = NULL;
        s->by_loc = NULL;
        s->n_by = 0;
        if ((rc = add_opt(r, &s->opts, &s->n_opts, rhs_key, rhs))) return rc;
    }
    if (data) {
        const char *name = scalar(data);
        long k = name ? find_name(name, r->p->data, r->p->n_data, sizeof(plan_data)) : -1;
        if (!name) return fail(r, data, "'data' wants the name of a data source");
        if (k < 0)
            return unknown_name(r, data, "data source", name, r->p->data, r->p->n_data,
                                sizeof(plan_data));
        s->data = (size_t)k;
    } else if (r->p->n_data != 1 && takes_data(s->type)) {
        return fail(r, m, "the analysis has no 'data' (the plan names %zu data sources)",
                    r->p->n_data);
    }
    return PG_OK;
}

static int read_output(reader *r, const yaml_node_t *sec)
{
    static const char *const keys[] = {"dir", "formats"};
    static const char *const fmts[] = {"html", "md", "json"};
    int rc = need_map(r, sec, "'output'");
    for (PAIRS(sec, pr)) {
        if (rc) return rc;
        yaml_node_t *k = node(r, pr->key), *v = node(r, pr->value);
        const char *key = scalar(k);
        if (key && strcmp(key, "dir") == 0) {
            rc = need_scalar(r, v, key, &r->p->out_dir, NULL);
        } else if (key && strcmp(key, "formats") == 0) {
            plan_loc *locs = NULL;
            rc = need_list(r, v, key, &r->p->formats, &locs, &r->p->n_formats);
            for (size_t i = 0; !rc && i < r->p->n_formats; i++)
                if (find_name(r->p->formats[i], fmts, 3, sizeof fmts[0]) < 0) {
                    pg_fail_at(r->err, PG_EINPUT, r->p->path, locs[i].line, locs[i].col,
                               "unknown report format '%s' (html, md or json)", r->p->formats[i]);
                    rc = PG_EINPUT;
                }
            free(locs);
        } else {
            return unknown_key(r, k, "'output'", keys, 2);
        }
    }
    return rc;
}

static int read_top(reader *r)
{
    static const char *const secs[] = {"data", "endpoints", "analyses", "output"};
    yaml_node_t *root = yaml_document_get_root_node(&r->doc);
    if (!root) return pg_fail_at(r->err, PG_EINPUT, r->p->path, 1, 1, "the plan is empty");
    int rc = need_map(r, root, "a plan");
    const yaml_node_t *sec[4] = {NULL};
    for (PAIRS(root, pr)) {
        if (rc) return rc;
        yaml_node_t *k = node(r, pr->key);
        long i = scalar(k) ? find_name(scalar(k), secs, 4, sizeof secs[0]) : -1;
        if (i < 0) return unknown_key(r, k, "the plan", secs, 4);
        sec[i] = node(r, pr->value);
    }
    if (rc) return rc;
    /* no data section: only analyses that read none (reconstruct), which read_spec checks */
    if (!sec[2]) return fail(r, root, "the plan has no 'analyses' section");
    if (sec[0] && (rc = read_data(r, sec[0]))) return rc;
    if (sec[1] && (rc = read_endpoints(r, sec[1]))) return rc;
    if (sec[2]->type != YAML_SEQUENCE_NODE)
        return fail(r, sec[2], "'analyses' wants a list (- {type: km, ...})");
    for (yaml_node_item_t *it = sec[2]->data.sequence.items.start;
         it < sec[2]->data.sequence.items.top; it++)
        if ((rc = read_spec(r, node(r, *it)))) return rc;
    if (sec[3] && (rc = read_output(r, sec[3]))) return rc;
    return PG_OK;
}

static int read_text(pg_plan *p, pg_error *err)
{
    FILE *f = fopen(p->path, "rb");
    if (!f) return pg_fail_at(err, PG_EIO, p->path, 0, 0, "cannot open the plan: %s",
                              strerror(errno));
    size_t cap = 4096;
    p->text = malloc(cap);
    for (size_t got; p->text && (got = fread(p->text + p->len, 1, cap - p->len - 1, f)) > 0;) {
        p->len += got;
        if (cap - p->len < 2) {
            char *t = realloc(p->text, cap *= 2);
            if (!t) free(p->text);
            p->text = t;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!p->text) return pg_fail(err, PG_ENOMEM, "out of memory");
    p->text[p->len] = '\0';
    return bad ? pg_fail_at(err, PG_EIO, p->path, 0, 0, "cannot read the plan") : PG_OK;
}

int pg_plan_read(const char *path, pg_plan **out, pg_error *err)
{
    *out = NULL;
    pg_plan *p = calloc(1, sizeof *p);
    if (!p || !(p->path = pg_strdup(path))) {
        free(p);
        return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    reader r = {.p = p, .err = err};
    int rc = read_text(p, err);
    if (rc) goto fail;
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)p->text, p->len);
    if (!yaml_parser_load(&parser, &r.doc)) {
        rc = pg_fail_at(err, PG_EINPUT, path, (long)parser.problem_mark.line + 1,
                        (long)parser.problem_mark.column + 1, "not YAML: %s",
                        parser.problem ? parser.problem : "cannot parse");
        yaml_parser_delete(&parser);
        goto fail;
    }
    yaml_parser_delete(&parser);
    rc = read_top(&r);
    yaml_document_delete(&r.doc);
    if (rc) goto fail;
    if (!p->formats) {
        static const char *const def[] = {"html", "md", "json"};
        p->formats = pg_calloc_array(4, sizeof *p->formats);
        for (size_t i = 0; p->formats && i < 3; i++)
            if ((p->formats[i] = pg_strdup(def[i]))) p->n_formats++;
        if (!p->formats || p->n_formats < 3) {
            rc = pg_fail(err, PG_ENOMEM, "out of memory");
            goto fail;
        }
    }
    *out = p;
    return PG_OK;
fail:
    pg_plan_free(p);
    return rc;
}

static void free_strs(char **s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) free(s[i]);
    free(s);
}

static void free_opts(plan_opt *o, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(o[i].key);
        free(o[i].value);
        free_strs(o[i].items, o[i].n_items);
    }
    free(o);
}

void pg_plan_free(pg_plan *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n_data; i++) {
        plan_data *d = &p->data[i];
        free(d->name);
        free_strs(d->files, d->n_files);
        free(d->file_loc);
        free_opts(d->opts, d->n_opts);
        free(d->where);
        if (!d->borrowed) pg_dataset_free(d->ds);
    }
    free(p->data);
    for (size_t i = 0; i < p->n_endpoints; i++) {
        free(p->endpoints[i].name);
        free(p->endpoints[i].formula);
    }
    free(p->endpoints);
    for (size_t i = 0; i < p->n_specs; i++) {
        plan_spec *s = &p->specs[i];
        free(s->id);
        free(s->type);
        free(s->endpoints);
        free(s->endpoint_loc);
        free_strs(s->by, s->n_by);
        free(s->by_loc);
        free(s->formula);
        free(s->where);
        free_strs(s->subgroups, s->n_subgroups);
        free(s->subgroup_loc);
        free_opts(s->opts, s->n_opts);
    }
    free(p->specs);
    free_strs(p->formats, p->n_formats);
    free(p->out_dir);
    free(p->path);
    free(p->text);
    free(p);
}

void plan_print_error(FILE *f, const pg_plan *p, long line, long col, const char *msg)
{
    if (line <= 0) {
        fprintf(f, "%s: %s\n", p->path, msg);
        return;
    }
    fprintf(f, "%s:%ld:%ld: %s\n", p->path, line, col, msg);
    const char *s = p->text;
    for (long l = 1; l < line && s; l++) {
        s = strchr(s, '\n');
        if (s) s++;
    }
    if (!s) return;
    size_t len = strcspn(s, "\r\n");
    fprintf(f, "  %.*s\n  ", (int)len, s);
    /* the caret under the column's character: tabs kept as tabs, UTF-8 continuations skipped */
    for (long c = 1; c < col && (size_t)(c - 1) < len; c++) {
        unsigned char ch = (unsigned char)s[c - 1];
        if ((ch & 0xC0) != 0x80) fputc(ch == '\t' ? '\t' : ' ', f);
    }
    fputs("^\n", f);
}
