/* report_stub.c -- A STAND-IN for pg_report_write until the report writer (src/render/report*.c
 * on its own branch) is merged: the integrator deletes this file then. It writes only
 * DIR/results.json: the manifest and every item's command output, nothing else. */
#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"
#include "prognos/plan_report.h"
#include "render.h"

int pg_report_write(const pg_report *r, const char *dir, const char *const *formats,
                    pg_error *err)
{
    (void)formats;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return pg_fail(err, 2, "%s: cannot make the report directory: %s", dir, strerror(errno));
    json_t *root = json_object(), *inputs = json_array(), *items = json_array();
    json_object_set_new(root, "prognos", json_string(r->version));
    json_object_set_new(root, "plan", json_pack("{s:s,s:s}", "file", r->plan_file, "sha256",
                                                r->plan_sha256));
    for (size_t i = 0; i < r->n_inputs; i++)
        json_array_append_new(inputs, json_pack("{s:s,s:I,s:s}", "name", r->inputs[i].name,
                                                "size", (json_int_t)r->inputs[i].size,
                                                "sha256", r->inputs[i].sha256));
    json_object_set_new(root, "inputs", inputs);
    for (size_t i = 0; i < r->n_items; i++) {
        const pg_report_item *it = &r->items[i];
        json_t *o = json_pack("{s:s,s:s,s:s,s:i}", "id", it->id, "type", it->type, "title",
                              it->title, "status", it->status);
        if (it->message) json_object_set_new(o, "message", json_string(it->message));
        json_t *res = it->json ? json_loads(it->json, 0, NULL) : NULL;
        if (res) json_object_set_new(o, "result", res);
        json_array_append_new(items, o);
    }
    json_object_set_new(root, "results", items);
    char *path = pg_strdup_printf("%s/results.json", dir);
    FILE *f = path ? fopen(path, "w") : NULL;
    int rc = f ? pg_json_write(f, root) : PG_EIO;
    if (f && fclose(f) != 0) rc = PG_EIO;
    if (rc) pg_fail(err, 2, "%s: cannot write the report", path ? path : dir);
    free(path);
    json_decref(root);
    return rc ? 2 : 0;
}
