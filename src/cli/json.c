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

/* The result with the common keys, written to f. PG_OK, PG_ENOMEM or PG_EIO. */
static int write_result(cli_common *c, FILE *f)
{
    cli_json *j = c->json;
    json_error_t jerr;
    json_t *root = json_loadb(j->buf ? j->buf : "", j->len, JSON_DECODE_ANY, &jerr);
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
    if (rc == PG_OK) rc = pg_json_write(f, root);
    json_decref(x.obj);
    json_decref(root);
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
