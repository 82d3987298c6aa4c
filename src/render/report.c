/* report.c -- pg_report_write: a plan's report as report.html, report.md (+ figures/) and
 * results.json in one directory. Every file is first written under a temporary name in that
 * directory and renamed only when all of them are complete, so a failure leaves no partial
 * report (DESIGN.md); nothing written depends on the clock, so a re-run is byte-identical. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "render.h"
#include "report_impl.h"

/* The item's id reduced to [A-Za-z0-9_.-] (anchors and file names), unique among the first i
 * items: "cox_3_DSS_depth=dermal" -> "cox_3_DSS_depth_dermal"; a repeat gets "_2", "_3". */
static void make_name(rep_doc *d, size_t i)
{
    char *name = d->items[i].name;
    size_t cap = sizeof d->items[i].name - 8, n = 0;
    const char *id = d->items[i].item->id;
    if (!id || !*id) {
        snprintf(name, cap, "analysis_%zu", i + 1);
    } else {
        for (const unsigned char *s = (const unsigned char *)id; *s && n < cap - 1; s++) {
            int ok = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                     (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-';
            name[n++] = ok ? (char)*s : '_';
        }
        name[n] = '\0';
        if (name[0] == '.') name[0] = '_';   /* figures/.x.svg would be hidden */
    }
    size_t base = strlen(name);
    for (unsigned k = 2;; k++) {
        size_t j = 0;
        while (j < i && strcmp(d->items[j].name, name) != 0) j++;
        if (j == i) return;
        snprintf(name + base, 8, "_%u", k);
    }
}

static void doc_free(rep_doc *d)
{
    if (d->items)
        for (size_t i = 0; i < d->r->n_items; i++) json_decref(d->items[i].json);
    free(d->items);
    free(d->methods);
    free(d->refs);
}

static int doc_build(rep_doc *d, const pg_report *r, pg_error *err)
{
    memset(d, 0, sizeof *d);
    d->r = r;
    d->items = pg_calloc_array(r->n_items ? r->n_items : 1, sizeof *d->items);
    if (!d->items) return pg_fail(err, PG_ENOMEM, "report: out of memory");
    size_t tables = 0, figures = 0;
    for (size_t i = 0; i < r->n_items; i++) {
        rep_item *it = &d->items[i];
        it->item = &r->items[i];
        make_name(d, i);
        if (it->item->json) {
            json_error_t je;
            it->json = json_loads(it->item->json, 0, &je);
            if (!json_is_object(it->json))
                return pg_fail(err, PG_EINPUT, "report: the JSON of analysis '%s' is not an "
                               "object (%d:%d: %s)", it->name, je.line, je.column,
                               it->json ? "not an object" : je.text);
        }
        if (it->item->status == 0 && (it->item->html || it->item->markdown))
            it->table_no = ++tables;
        if (it->item->svg) it->figure_no = ++figures;
    }
    if (rep_methods_build(d) != PG_OK) return pg_fail(err, PG_ENOMEM, "report: out of memory");
    return PG_OK;
}

/* results.json: {"prognos", "plan", "inputs", "analyses": [{id, type, title, status, message,
 * result}]}; result is the command's own JSON object, unchanged, or null. */
static int write_json(FILE *f, const rep_doc *d)
{
    const pg_report *r = d->r;
    json_t *root = json_object(), *inputs = json_array(), *an = json_array(), *plan = json_object();
    int bad = !root || !inputs || !an || !plan;
    bad |= pg_json_set(root, "prognos", json_string(r->version ? r->version : ""));
    bad |= pg_json_set(plan, "file", r->plan_file ? json_string(r->plan_file) : json_null());
    bad |= pg_json_set(plan, "sha256", json_string(r->plan_sha256));
    bad |= json_object_set(root, "plan", plan);
    for (size_t i = 0; !bad && i < r->n_inputs; i++) {
        json_t *in = json_object();
        bad |= !in || json_array_append_new(inputs, in);
        bad |= pg_json_set(in, "name", json_string(r->inputs[i].name ? r->inputs[i].name : ""));
        bad |= pg_json_set(in, "size", json_integer((json_int_t)r->inputs[i].size));
        bad |= pg_json_set(in, "sha256", json_string(r->inputs[i].sha256));
    }
    bad |= json_object_set(root, "inputs", inputs);
    for (size_t i = 0; !bad && i < r->n_items; i++) {
        const pg_report_item *it = d->items[i].item;
        json_t *a = json_object();
        bad |= !a || json_array_append_new(an, a);
        bad |= pg_json_set(a, "id", json_string(it->id ? it->id : d->items[i].name));
        bad |= pg_json_set(a, "type", it->type ? json_string(it->type) : json_null());
        bad |= pg_json_set(a, "title", it->title ? json_string(it->title) : json_null());
        bad |= pg_json_set(a, "status", json_integer(it->status));
        bad |= pg_json_set(a, "message", it->message ? json_string(it->message) : json_null());
        bad |= json_object_set(a, "result", d->items[i].json ? d->items[i].json : json_null());
    }
    bad |= json_object_set(root, "analyses", an);
    int rc = bad ? -1 : pg_json_write(f, root) == PG_OK ? 0 : -1;
    json_decref(plan);
    json_decref(inputs);
    json_decref(an);
    json_decref(root);
    return rc;
}

/* The files of the report, written under temporary names first. */
typedef struct {
    char *tmp[4 + 1024];
    char *final[4 + 1024];
    size_t n;
} outset;

static int out_open(outset *o, const char *final, FILE **f, pg_error *err)
{
    if (o->n == sizeof o->tmp / sizeof *o->tmp)
        return pg_fail(err, PG_EINPUT, "report: more than %zu files", o->n);
    char *tmp = pg_strdup_printf("%s.tmpXXXXXX", final);
    char *fin = pg_strdup(final);
    if (!tmp || !fin) {
        free(tmp);
        free(fin);
        return pg_fail(err, PG_ENOMEM, "report: out of memory");
    }
    int fd = mkstemp(tmp);
    if (fd < 0 || fchmod(fd, 0644) != 0 || !(*f = fdopen(fd, "w"))) {
        int e = errno;
        if (fd >= 0) close(fd), unlink(tmp);
        free(tmp);
        free(fin);
        return pg_fail_at(err, PG_EIO, final, 0, 0, "cannot write '%s': %s", final, strerror(e));
    }
    o->tmp[o->n] = tmp;
    o->final[o->n++] = fin;
    return PG_OK;
}

/* Close f (written by a writer that returned wrote, 0 or -1) and report a failure. */
static int out_close(FILE *f, int wrote, const char *path, pg_error *err)
{
    int e = ferror(f) || wrote != 0;
    if (fclose(f) != 0) e = 1;
    return e ? pg_fail_at(err, PG_EIO, path, 0, 0, "cannot write '%s': %s", path,
                          errno ? strerror(errno) : "write error")
             : PG_OK;
}

static void out_drop(outset *o)
{
    for (size_t i = 0; i < o->n; i++) {
        if (o->tmp[i]) unlink(o->tmp[i]);
        free(o->tmp[i]);
        free(o->final[i]);
    }
    o->n = 0;
}

static int out_commit(outset *o, pg_error *err)
{
    int rc = PG_OK;
    for (size_t i = 0; i < o->n; i++) {
        if (rc == PG_OK && rename(o->tmp[i], o->final[i]) != 0)
            rc = pg_fail_at(err, PG_EIO, o->final[i], 0, 0, "cannot write '%s': %s",
                            o->final[i], strerror(errno));
        else if (rc == PG_OK) {
            free(o->tmp[i]);
            o->tmp[i] = NULL;
        }
    }
    out_drop(o);
    return rc;
}

static int make_dir(const char *dir, pg_error *err)
{
    struct stat st;
    if (mkdir(dir, 0777) == 0) return PG_OK;
    if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return PG_OK;
    return pg_fail_at(err, PG_EIO, dir, 0, 0, "cannot create the directory '%s': %s", dir,
                      errno == EEXIST ? "a file of that name exists" : strerror(errno));
}

/* One file: DIR/NAME through writer. */
static int write_one(outset *o, const char *dir, const char *name,
                     int (*writer)(FILE *, const rep_doc *), const rep_doc *d, pg_error *err)
{
    char *path = pg_strdup_printf("%s/%s", dir, name);
    if (!path) return pg_fail(err, PG_ENOMEM, "report: out of memory");
    FILE *f = NULL;
    int rc = out_open(o, path, &f, err);
    if (rc == PG_OK) rc = out_close(f, writer(f, d), path, err);
    free(path);
    return rc;
}

/* report.md's figures: DIR/figures/NAME.svg, the SVG text as the plot command wrote it. */
static int write_figures(outset *o, const char *dir, const rep_doc *d, pg_error *err)
{
    int any = 0;
    for (size_t i = 0; i < d->r->n_items; i++) any |= d->items[i].figure_no > 0;
    if (!any) return PG_OK;
    char *fdir = pg_strdup_printf("%s/figures", dir);
    if (!fdir) return pg_fail(err, PG_ENOMEM, "report: out of memory");
    int rc = make_dir(fdir, err);
    for (size_t i = 0; rc == PG_OK && i < d->r->n_items; i++) {
        if (!d->items[i].figure_no) continue;
        char *path = pg_strdup_printf("%s/%s.svg", fdir, d->items[i].name);
        FILE *f = NULL;
        if (!path) rc = pg_fail(err, PG_ENOMEM, "report: out of memory");
        if (rc == PG_OK) rc = out_open(o, path, &f, err);
        if (rc == PG_OK)
            rc = out_close(f, fputs(d->items[i].item->svg, f) < 0 ? -1 : 0, path, err);
        free(path);
    }
    free(fdir);
    return rc;
}

static int check_formats(const char *const *formats, int want[3], pg_error *err)
{
    static const char *const names[3] = {"html", "md", "json"};
    for (size_t i = 0; formats && formats[i]; i++) {
        int k = 0;
        while (k < 3 && strcmp(formats[i], names[k]) != 0) k++;
        if (k == 3)
            return pg_fail(err, PG_EINPUT, "report: unknown format '%s' (html, md or json)",
                           formats[i]);
        want[k] = 1;
    }
    return PG_OK;
}

int pg_report_write(const pg_report *r, const char *dir, const char *const *formats,
                    pg_error *err)
{
    int want[3] = {0, 0, 0};
    if (!r || !dir || !*dir || (r->n_items && !r->items) || (r->n_inputs && !r->inputs))
        return pg_fail(err, PG_EINPUT, "report: no report or no directory given");
    int rc = check_formats(formats, want, err);
    if (rc != PG_OK) return rc;
    rep_doc d;
    outset *o = calloc(1, sizeof *o);
    if (!o) return pg_fail(err, PG_ENOMEM, "report: out of memory");
    rc = doc_build(&d, r, err);
    if (rc == PG_OK) rc = make_dir(dir, err);
    if (rc == PG_OK && want[0]) rc = write_one(o, dir, "report.html", rep_write_html, &d, err);
    if (rc == PG_OK && want[1]) rc = write_figures(o, dir, &d, err);
    if (rc == PG_OK && want[1]) rc = write_one(o, dir, "report.md", rep_write_md, &d, err);
    if (rc == PG_OK && want[2]) rc = write_one(o, dir, "results.json", write_json, &d, err);
    if (rc == PG_OK) rc = out_commit(o, err);
    else out_drop(o);
    doc_free(&d);
    free(o);
    return rc;
}
