/* report_common.c -- what the report's writers share: the words for a status, the input and
 * the options in force of an analysis, read from its JSON (docs/json.md's "input"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "report_impl.h"

const char *rep_status_text(int status)
{
    switch (status) {
    case 0: return "done";
    case 1: return "cannot be done on these data";
    case 2: return "the command or its input is wrong";
    default: return "failed";
    }
}

const char *rep_input_str(const json_t *result, const char *key)
{
    return json_string_value(json_object_get(json_object_get(result, "input"), key));
}

/* One option value as the command line writes it: 60,120 for a list, 0.95 for a number. */
static void put_value(FILE *f, const json_t *v)
{
    if (json_is_string(v)) {
        fputs(json_string_value(v), f);
    } else if (json_is_integer(v)) {
        fprintf(f, "%lld", (long long)json_integer_value(v));
    } else if (json_is_real(v)) {
        char b[64];
        fputs(pg_fmt_num(b, sizeof b, json_real_value(v), 15), f);
    } else if (json_is_true(v)) {
        fputs("true", f);
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) fputc(',', f);
            put_value(f, json_array_get(v, i));
        }
    }
}

char *rep_options_line(const json_t *result)
{
    const json_t *opts = json_object_get(json_object_get(result, "input"), "options");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return NULL;
    const char *key;
    json_t *v;
    int first = 1;
    json_object_foreach((json_t *)opts, key, v) {
        /* the runner chooses format and output; what is off or unset is not "in force" */
        if (json_is_null(v) || json_is_false(v) || (json_is_array(v) && json_array_size(v) == 0))
            continue;
        if (strcmp(key, "format") == 0 || strcmp(key, "output") == 0) continue;
        fprintf(f, "%s%s", first ? "" : ", ", key);
        if (!json_is_true(v)) {
            fputc('=', f);
            put_value(f, v);
        }
        first = 0;
    }
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}
