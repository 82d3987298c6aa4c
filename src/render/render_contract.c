/* render_contract.c -- the common keys of every JSON result and the error object of a failure
 * (render_contract.h, docs/json.md). */
#include "render_contract.h"

#include <stdlib.h>
#include <string.h>

/* s as a JSON string; bytes that are not UTF-8 (a Latin-1 file name or cell quoted in a
 * message) become '?', so the object is still written. */
static json_t *text(const char *s)
{
    json_t *v = json_string(s);
    if (v) return v;
    char *copy = pg_strdup(s);
    if (!copy) return NULL;
    for (unsigned char *p = (unsigned char *)copy; *p; p++)
        if (*p >= 0x80) *p = '?';
    v = json_string(copy);
    free(copy);
    return v;
}

static json_t *str_or_null(const char *s)
{
    return s ? text(s) : json_null();
}

static json_t *input_object(const pg_json_run *run)
{
    json_t *in = json_object(), *files = json_array();
    int bad = !in || !files;
    if (!bad) bad |= pg_json_set(in, "files", files);
    else json_decref(files);
    for (size_t i = 0; !bad && i < run->n_files; i++)
        bad |= json_array_append_new(files, text(run->files[i]));
    if (!bad) bad |= pg_json_set(in, "formula", str_or_null(run->formula));
    if (!bad) bad |= pg_json_set(in, "where", str_or_null(run->where));
    if (!bad)
        bad |= pg_json_set(in, "options", run->options ? json_deep_copy(run->options)
                                                       : json_object());
    if (bad) json_decref(in);
    return bad ? NULL : in;
}

/* The command's "dropped" with the run's counts where it has none. */
static json_t *dropped_object(const json_t *own, const pg_json_run *run)
{
    json_t *d = json_is_object(own) ? json_deep_copy(own) : json_object();
    if (!d) return NULL;
    int bad = 0;
    if (!json_object_get(d, "missing"))
        bad |= pg_json_set(d, "missing", run->have_missing
                                             ? json_integer((json_int_t)run->dropped_missing)
                                             : json_null());
    if (!bad && !json_object_get(d, "where"))
        bad |= pg_json_set(d, "where", run->have_where
                                           ? json_integer((json_int_t)run->dropped_where)
                                           : json_null());
    if (bad) json_decref(d);
    return bad ? NULL : d;
}

static int has_string(const json_t *a, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
        return 1;
    return 0;
}

/* The command's "warnings" followed by the run's it does not already list. */
static json_t *warnings_array(const json_t *own, const pg_json_run *run)
{
    json_t *w = json_is_array(own) ? json_deep_copy(own) : json_array();
    int bad = !w;
    for (size_t k = 0; !bad && k < run->n_warnings; k++)
        if (!has_string(w, run->warnings[k]))
            bad |= json_array_append_new(w, text(run->warnings[k]));
    if (bad) json_decref(w);
    return bad ? NULL : w;
}

int pg_json_contract(json_t **root, const pg_json_run *run, const char *wrap_key)
{
    json_t *own = *root, *wrapped = NULL;
    if (!json_is_object(own)) {
        if (!(wrapped = json_object()) ||
            json_object_set(wrapped, wrap_key ? wrap_key : "result", own)) {
            json_decref(wrapped);
            return PG_ENOMEM;
        }
        own = wrapped;
    }
    json_t *out = json_object();
    int bad = !out;
    if (!bad) bad |= pg_json_set(out, "prognos", json_string(pg_version()));
    if (!bad) bad |= pg_json_set(out, "command", str_or_null(run->command));
    if (!bad) bad |= pg_json_set(out, "input", input_object(run));
    json_t *n = json_object_get(own, "n");
    if (!bad)
        bad |= pg_json_set(out, "n", n ? json_incref(n)
                                       : run->have_n ? json_integer((json_int_t)run->n)
                                                     : json_null());
    if (!bad) bad |= pg_json_set(out, "dropped", dropped_object(json_object_get(own, "dropped"),
                                                                run));
    if (!bad)
        bad |= pg_json_set(out, "warnings",
                           warnings_array(json_object_get(own, "warnings"), run));
    const char *key;
    json_t *v;
    json_object_foreach(own, key, v) {
        if (bad) break;
        if (!json_object_get(out, key)) bad |= json_object_set(out, key, v);
    }
    json_decref(wrapped);
    if (bad) {
        json_decref(out);
        return PG_ENOMEM;
    }
    json_decref(*root);
    *root = out;
    return PG_OK;
}

const char *pg_json_error_code(int code)
{
    switch (code) {
    case PG_EINPUT: return "input";
    case PG_ENOMEM: return "memory";
    case PG_ENUMERIC: return "numeric";
    case PG_ENOEVENTS: return "no_events";
    case PG_EIO: return "io";
    case PG_EANALYSIS: return "analysis";
    default: return "error";
    }
}

json_t *pg_json_error(const char *command, const pg_error *err, const char *code_name,
                      int exit_status)
{
    json_t *root = json_object(), *e = json_object();
    int bad = !root || !e;
    if (!bad) bad |= pg_json_set(root, "prognos", json_string(pg_version()));
    if (!bad) bad |= pg_json_set(root, "command", str_or_null(command));
    if (!bad) bad |= pg_json_set(root, "error", e);
    else json_decref(e);
    if (!bad)
        bad |= pg_json_set(e, "code", json_string(code_name ? code_name
                                                            : pg_json_error_code(err->code)));
    if (!bad) bad |= pg_json_set(e, "message", text(err->msg));
    if (!bad) bad |= pg_json_set(e, "file", err->file[0] ? text(err->file) : json_null());
    if (!bad)
        bad |= pg_json_set(e, "line", err->line > 0 ? json_integer(err->line) : json_null());
    if (!bad)
        bad |= pg_json_set(e, "column", err->column > 0 ? json_integer(err->column)
                                                        : json_null());
    if (!bad) bad |= pg_json_set(e, "term", err->term[0] ? text(err->term) : json_null());
    if (!bad) bad |= pg_json_set(e, "exit", json_integer(exit_status));
    if (bad) json_decref(root);
    return bad ? NULL : root;
}
