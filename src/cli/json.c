/* json.c -- the command line's side of the JSON contract (docs/json.md): what a run read, which
 * options were in force, the rows it dropped, the warnings it printed and its first failure,
 * kept as the command goes (cli.h, struct cli_json) and written by src/render/render_contract.c
 * as the common keys of the result or as the error object of a failure.
 *
 * Under --format json the result is captured in memory (open_memstream) and written only when
 * the command succeeds, so a failure leaves stdout with nothing but the error object and -o with
 * no file at all. */
#include "cli.h"
#include "render_contract.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int cli_json_begin(cli_common *c, int argc, char **argv)
{
    c->json = calloc(1, sizeof *c->json);
    if (!c->json) return PG_ENOMEM;
    /* the last --format decides, as it does for the parser; known before parsing reaches it,
     * so a usage error before it still answers in JSON */
    for (int i = 1; i < argc; i++) {
        const char *v = NULL;
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) v = argv[++i];
        else if (strncmp(argv[i], "--format=", 9) == 0) v = argv[i] + 9;
        if (v) c->json->argv_json = strcmp(v, "json") == 0;
    }
    return PG_OK;
}

/* The name of the choice stored at value, or NULL. */
static const char *choice_name(const cli_opt *o, const void *value)
{
    int v = *(const int *)value;
    for (size_t k = 0; o->choices && o->choices->names[k]; k++) {
        int w;
        if (o->choices->parse(o->choices->names[k], &w) == PG_OK && w == v)
            return o->choices->names[k];
    }
    return NULL;
}

int cli_json_wanted(const cli_common *c)
{
    if (!c->spec) return c->json && c->json->argv_json;
    /* a command's own --format (table: tex, html; reconstruct: csv by default) */
    for (size_t i = 0; c->spec->opts[i].name; i++) {
        const cli_opt *o = &c->spec->opts[i];
        if (strcmp(o->name, "format") == 0 && o->type == CLI_CHOICE) {
            const char *name = choice_name(o, (const char *)c->args + o->offset);
            return name && strcmp(name, "json") == 0;
        }
    }
    return c->format == PG_FMT_JSON;
}

void cli_warnf(const cli_common *c, const char *fmt, ...)
{
    va_list ap;
    char text[1024];
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    fprintf(stderr, "prognos %s: warning: %s\n", c->cmd, text);
    char *msg = pg_strdup(text);
    cli_json *j = c->json;
    if (!j || !msg) {
        free(msg);
        return;
    }
    char **w = realloc(j->warnings, (j->n_warnings + 1) * sizeof *w);
    if (!w) {
        free(msg);
        return;
    }
    j->warnings = w;
    w[j->n_warnings++] = msg;
}

void cli_json_failed(const cli_common *c, const pg_error *err, int usage)
{
    cli_json *j = c->json;
    if (!j || j->have_error) return;
    j->error = *err;
    j->error_usage = usage;
    j->have_error = 1;
}

void cli_json_frame(const cli_common *c, const pg_frame *fr)
{
    cli_json *j = c->json;
    if (!j) return;
    j->n = pg_frame_n(fr);
    j->missing = pg_frame_dropped(fr);
    j->where = pg_frame_excluded(fr);
    j->have_n = j->have_missing = j->have_where = 1;
}

int cli_json_capture(cli_common *c, FILE **out)
{
    cli_json *j = c->json;
    if (!j || j->raw || j->capture || !cli_json_wanted(c)) return PG_EXIT_OK;
    free(j->buf);
    j->buf = NULL;
    j->len = 0;
    FILE *m = open_memstream(&j->buf, &j->len);
    if (!m) {
        cli_errorf(c, 0, "out of memory");
        return PG_EXIT_ANALYSIS;
    }
    j->dest = *out;
    j->capture = *out = m;
    return PG_EXIT_OK;
}

/* One option's value as JSON: by its type, a choice by its name, a custom value as argv gave
 * it (or its default's text); NULL when out of memory. */
static json_t *option_value(const cli_opt *o, const void *value, int given, const char *text)
{
    switch (o->type) {
    case CLI_FLAG: return json_boolean(*(const int *)value);
    case CLI_STRING: {
        const char *s = *(const char *const *)value;
        return s ? json_string(s) : json_null();
    }
    case CLI_DOUBLE: return pg_json_num(*(const double *)value);
    case CLI_UINT:
        if (o->size == sizeof(unsigned)) return json_integer(*(const unsigned *)value);
        return json_integer((json_int_t) * (const unsigned long long *)value);
    case CLI_DOUBLES: {
        const cli_doubles *d = value;
        if (!d->v) return json_null();
        json_t *a = json_array();
        for (size_t k = 0; a && k < d->n; k++)
            if (json_array_append_new(a, pg_json_num(d->v[k]))) {
                json_decref(a);
                a = NULL;
            }
        return a;
    }
    case CLI_LIST:
    case CLI_APPEND: {
        const cli_list *l = value;
        if (!l->item) return o->type == CLI_APPEND ? json_array() : json_null();
        json_t *a = json_array();
        for (size_t k = 0; a && k < l->n; k++)
            if (json_array_append_new(a, json_string(l->item[k]))) {
                json_decref(a);
                a = NULL;
            }
        return a;
    }
    case CLI_CHOICE: {
        /* a value no name stands for (--delim when detected) is argv's text, or null */
        const char *name = choice_name(o, value);
        if (!name) name = given ? text : NULL;
        return name ? json_string(name) : json_null();
    }
    case CLI_CUSTOM:
    default: {
        const char *s = given ? text : o->def;
        return s ? json_string(s) : json_null();
    }
    }
}

typedef struct opt_ctx { json_t *obj; int bad; } opt_ctx;

static void add_option(void *ctx, const cli_opt *o, const void *value, int given,
                       const char *text)
{
    opt_ctx *x = ctx;
    /* -f and --where are "input"'s own keys */
    if (x->bad || strcmp(o->name, "formula") == 0 || strcmp(o->name, "where") == 0) return;
    json_t *v = option_value(o, value, given, text);
    /* a value jansson refuses (a string that is not UTF-8) is null, not a failure */
    x->bad |= json_object_set_new(x->obj, o->name, v ? v : json_null());
}

/* ---- copying the members of a result pg_json_write wrote ----
 * A km result at 10^6 rows holds 33,000 steps (a quarter of a million numbers); parsing its
 * text back into a tree only to write it again under the common keys cost a fifth of the
 * command. pg_json_write writes an object's members at depth 1 as "\n  \"key\": value", and a
 * member of the contract's object is at depth 1 too, so the text of each value is exactly what
 * writing it again would give (jansson writes a parsed real with the same %.17g, a string
 * with the same escapes): the members are copied as text, and only "n", "dropped" and
 * "warnings", which the contract reads, are parsed. */

typedef struct member {
    const char *key, *val;      /* the key's bytes between its quotes; the value's text */
    size_t key_len, val_len;
} member;

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')) p++;
    return p;
}

/* p at a '"': the byte after the closing quote, or NULL. */
static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\') p++;
        else if (*p == '"') return p + 1;
    }
    return NULL;
}

/* The end of the value that starts at p (a string, an object or array with all it holds, or a
 * scalar), or NULL. */
static const char *skip_value(const char *p, const char *end)
{
    if (p >= end) return NULL;
    if (*p == '"') return skip_string(p, end);
    if (*p != '{' && *p != '[') {
        while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n') p++;
        return p;
    }
    size_t depth = 0;
    while (p < end) {
        if (*p == '"') {
            if (!(p = skip_string(p, end))) return NULL;
            continue;
        }
        if (*p == '{' || *p == '[') depth++;
        else if ((*p == '}' || *p == ']') && --depth == 0) return p + 1;
        p++;
    }
    return NULL;
}

/* The members of the object text buf[0..len) into *out (a new array of *n). 0 when the text is
 * not a non-empty object whose keys are unique and have no escapes (then the caller parses it). */
static int members(const char *buf, size_t len, member **out, size_t *n)
{
    const char *p = buf, *end = buf + len;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    p = skip_ws(p, end);
    if (p == end || *p++ != '{') return 0;
    for (;;) {
        member m;
        p = skip_ws(p, end);
        if (p == end || *p != '"') goto no;
        const char *k = skip_string(p, end);
        if (!k) goto no;
        m.key = p + 1;
        m.key_len = (size_t)(k - p) - 2;
        if (memchr(m.key, '\\', m.key_len)) goto no;
        p = skip_ws(k, end);
        if (p == end || *p++ != ':') goto no;
        p = skip_ws(p, end);
        const char *v = skip_value(p, end);
        if (!v || v == p) goto no;
        m.val = p;
        m.val_len = (size_t)(v - p);
        for (size_t i = 0; i < *n; i++)
            if ((*out)[i].key_len == m.key_len && memcmp((*out)[i].key, m.key, m.key_len) == 0)
                goto no;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            member *q = realloc(*out, cap * sizeof *q);
            if (!q) goto no;
            *out = q;
        }
        (*out)[(*n)++] = m;
        p = skip_ws(v, end);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p == end || *p++ != '}') goto no;
        break;
    }
    if (skip_ws(p, end) == end) return 1;
no:
    free(*out);
    *out = NULL;
    *n = 0;
    return 0;
}

static int key_is(const member *m, const char *key)
{
    return strlen(key) == m->key_len && memcmp(m->key, key, m->key_len) == 0;
}

/* The keys of the contract's own (render_contract.h): a result's member so named is not
 * copied after them (the contract's value stands). */
static int contract_key(const member *m)
{
    static const char *const keys[] = {"prognos", "command", "input", "n", "dropped",
                                       "warnings"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        if (key_is(m, keys[k])) return 1;
    return 0;
}

/* The object of the members the contract reads (n, dropped, warnings), parsed; NULL when out of
 * memory or one does not parse. */
static json_t *read_members(const member *m, size_t n)
{
    json_t *own = json_object();
    for (size_t i = 0; own && i < n; i++) {
        if (!key_is(&m[i], "n") && !key_is(&m[i], "dropped") && !key_is(&m[i], "warnings"))
            continue;
        json_error_t jerr;
        json_t *v = json_loadb(m[i].val, m[i].val_len, JSON_DECODE_ANY, &jerr);
        char key[16];
        memcpy(key, m[i].key, m[i].key_len);
        key[m[i].key_len] = '\0';
        if (!v || json_object_set_new(own, key, v)) {
            json_decref(own);
            own = NULL;
        }
    }
    return own;
}

/* Write out (the contract's keys) as pg_json_write does, then the result's other members m[]
 * in their order and as they are. PG_OK, PG_ENOMEM or PG_EIO. */
static int write_spliced(FILE *f, json_t *out, const member *m, size_t n)
{
    char *head = json_dumps(out, JSON_INDENT(2) | JSON_REAL_PRECISION(17) | JSON_PRESERVE_ORDER);
    if (!head) return PG_ENOMEM;
    size_t len = strlen(head);
    int bad = len < 2 || memcmp(head + len - 2, "\n}", 2) != 0;
    if (!bad) bad = fwrite(head, 1, len - 2, f) != len - 2;
    for (size_t i = 0; !bad && i < n; i++) {
        if (contract_key(&m[i])) continue;
        bad = fputs(",\n  \"", f) == EOF || fwrite(m[i].key, 1, m[i].key_len, f) != m[i].key_len ||
              fputs("\": ", f) == EOF || fwrite(m[i].val, 1, m[i].val_len, f) != m[i].val_len;
    }
    if (!bad) bad = fputs("\n}\n", f) == EOF;
    free(head);
    return bad ? PG_EIO : PG_OK;
}

/* The result with the common keys, written to f. PG_OK, PG_ENOMEM or PG_EIO. */
static int write_result(cli_common *c, FILE *f)
{
    cli_json *j = c->json;
    member *m = NULL;
    size_t nm = 0;
    json_t *root = NULL;
    if (j->dumped && j->buf && members(j->buf, j->len, &m, &nm)) root = read_members(m, nm);
    if (!root) {
        free(m);
        m = NULL;
        json_error_t jerr;
        root = json_loadb(j->buf ? j->buf : "", j->len, JSON_DECODE_ANY, &jerr);
    }
    if (!root) /* not a JSON document (cannot happen for a renderer's result): as it was */
        return fwrite(j->buf, 1, j->len, f) == j->len ? PG_OK : PG_EIO;
    opt_ctx x = {json_object(), 0};
    x.bad = !x.obj;
    if (!x.bad) cli_opts_foreach(c, add_option, &x);
    pg_json_run run = {.command = c->cmd,
                       .files = c->files,
                       .n_files = c->n_files,
                       .formula = c->formula,
                       .where = c->where,
                       .options = x.obj,
                       .have_n = j->have_n,
                       .n = j->n,
                       .have_missing = j->have_missing,
                       .have_where = j->have_where,
                       .dropped_missing = j->missing,
                       .dropped_where = j->where,
                       .warnings = (const char *const *)j->warnings,
                       .n_warnings = j->n_warnings};
    int rc = x.bad ? PG_ENOMEM : pg_json_contract(&root, &run, j->wrap);
    if (rc == PG_OK) rc = m ? write_spliced(f, root, m, nm) : pg_json_write(f, root);
    json_decref(x.obj);
    json_decref(root);
    free(m);
    return rc;
}

int cli_json_release(cli_common *c, FILE **out, int status)
{
    cli_json *j = c->json;
    if (!j || !j->capture || *out != j->capture) return status;
    int bad = fclose(j->capture) != 0;
    j->capture = NULL;
    *out = j->dest;
    j->dest = NULL;
    if (status != PG_EXIT_OK) return status;
    int rc = bad ? PG_ENOMEM : write_result(c, *out);
    if (rc == PG_OK) return status;
    cli_errorf(c, 0, "cannot write the result%s", rc == PG_ENOMEM ? ": out of memory" : "");
    return cli_exit_code(rc);
}

void cli_json_end(cli_common *c, int ex)
{
    cli_json *j = c->json;
    if (!j) return;
    if ((ex == PG_EXIT_ANALYSIS || ex == PG_EXIT_USAGE) && (j->argv_json || cli_json_wanted(c))) {
        pg_error none = {0};
        snprintf(none.msg, sizeof none.msg, "failed");
        const pg_error *e = j->have_error ? &j->error : &none;
        const char *code = j->error_usage ? "usage" : NULL;
        if (!j->have_error || (!j->error_usage && e->code == PG_OK))
            code = ex == PG_EXIT_USAGE ? "input" : "analysis";
        json_t *obj = pg_json_error(c->cmd, e, code, ex);
        if (obj) pg_json_write(stdout, obj);
        json_decref(obj);
        fflush(stdout);
    }
    if (j->capture) fclose(j->capture);
    free(j->buf);
    for (size_t k = 0; k < j->n_warnings; k++) free(j->warnings[k]);
    free(j->warnings);
    free(j);
    c->json = NULL;
}
