/* report_md.c -- report.md: the contents of report.html in Markdown; figures are the files
 * figures/NAME.svg (written by report.c) linked as images, anchors are explicit <a id> tags so
 * the contents links work whatever a renderer makes of the headings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "render.h"
#include "report_impl.h"

/* s with Markdown's table and line specials escaped (pg_md_escape), or "" for NULL. */
static int put_md(FILE *f, const char *s)
{
    if (!s) return 0;
    char *e = pg_md_escape(s);
    if (!e) return -1;
    fputs(e, f);
    free(e);
    return 0;
}

/* A command's Markdown with its headings moved one level down, below the section's "##". */
static void put_shifted(FILE *f, const char *md)
{
    int bol = 1;
    for (const char *p = md; *p; p++) {
        if (bol && *p == '#') fputc('#', f);
        fputc(*p, f);
        bol = *p == '\n';
    }
    if (*md && md[strlen(md) - 1] != '\n') fputc('\n', f);
}

static int section(FILE *f, const rep_item *it, size_t no)
{
    const pg_report_item *x = it->item;
    const char *title = x->title ? x->title : it->name;
    int bad = 0;
    fprintf(f, "<a id=\"a-%s\"></a>\n\n## %zu. ", it->name, no);
    bad |= put_md(f, title);
    fputs("\n\n`", f);
    bad |= put_md(f, x->id ? x->id : it->name);
    fprintf(f, "`%s%s\n\n", x->type ? " · " : "", x->type ? x->type : "");
    if (x->status != 0) {
        fprintf(f, "**Not done** (exit %d: %s): ", x->status, rep_status_text(x->status));
        bad |= put_md(f, x->message ? x->message : "no message");
        fputs("\n\n", f);
    }
    if (it->table_no) {
        fprintf(f, "**Table %zu.** ", it->table_no);
        bad |= put_md(f, title);
        fputs("\n\n", f);
        if (x->markdown) put_shifted(f, x->markdown);
        else fputs(x->html, f), fputc('\n', f);   /* Markdown allows HTML blocks */
        fputc('\n', f);
    }
    if (it->figure_no) {
        fprintf(f, "![Figure %zu. ", it->figure_no);
        bad |= put_md(f, title);
        fprintf(f, "](figures/%s.svg)\n\n**Figure %zu.** ", it->name, it->figure_no);
        bad |= put_md(f, title);
        fputs("\n\n", f);
    }
    const json_t *w = json_object_get(it->json, "warnings");
    for (size_t i = 0; i < json_array_size(w); i++) {
        const char *t = json_string_value(json_array_get(w, i));
        if (!t) t = json_string_value(json_object_get(json_array_get(w, i), "message"));
        fputs("- Warning: ", f);
        bad |= put_md(f, t ? t : "(see results.json)");
        fputs(i + 1 == json_array_size(w) ? "\n\n" : "\n", f);
    }
    return bad ? -1 : 0;
}

static int manifest(FILE *f, const rep_doc *d)
{
    const pg_report *r = d->r;
    int bad = 0;
    fputs("<a id=\"manifest\"></a>\n\n## Manifest\n\n| | |\n|:--|:--|\n| prognos | ", f);
    bad |= put_md(f, r->version);
    fputs(" |\n| plan | ", f);
    bad |= put_md(f, r->plan_file);
    fprintf(f, " |\n| plan SHA-256 | `%s` |\n\n### Input files\n\n| file | bytes | SHA-256 |\n"
            "|:--|--:|:--|\n", r->plan_sha256);
    for (size_t i = 0; i < r->n_inputs; i++) {
        fputs("| ", f);
        bad |= put_md(f, r->inputs[i].name);
        fprintf(f, " | %lld | `%s` |\n", r->inputs[i].size, r->inputs[i].sha256);
    }
    fputs("\n### Analyses and options in force\n\n| analysis | command | formula | where | "
          "options | status |\n|:--|:--|:--|:--|:--|:--|\n", f);
    for (size_t i = 0; i < r->n_items; i++) {
        const rep_item *it = &d->items[i];
        char *opts = it->json ? rep_options_line(it->json) : NULL;
        if (it->json && !opts) return -1;
        fprintf(f, "| [%s](#a-%s) | ", it->name, it->name);
        bad |= put_md(f, it->item->type);
        fputs(" | ", f);
        bad |= put_md(f, rep_input_str(it->json, "formula"));
        fputs(" | ", f);
        bad |= put_md(f, rep_input_str(it->json, "where"));
        fputs(" | ", f);
        bad |= put_md(f, opts);
        fprintf(f, " | %s |\n", rep_status_text(it->item->status));
        free(opts);
    }
    return bad ? -1 : 0;
}

int rep_write_md(FILE *f, const rep_doc *d)
{
    int bad = 0;
    fputs("# Report", f);
    if (d->r->plan_file) fputs(": ", f), bad |= put_md(f, d->r->plan_file);
    fputs("\n\n## Contents\n\n1. [Methods](#methods)\n", f);
    for (size_t i = 0; i < d->r->n_items; i++) {
        const rep_item *it = &d->items[i];
        fprintf(f, "%zu. [", i + 2);
        bad |= put_md(f, it->item->title ? it->item->title : it->name);
        fprintf(f, "](#a-%s)", it->name);
        if (it->item->status != 0) fprintf(f, " (not done: %s)", rep_status_text(it->item->status));
        fputc('\n', f);
    }
    fprintf(f, "%zu. [Manifest](#manifest)\n\n<a id=\"methods\"></a>\n\n## Methods\n\n",
            d->r->n_items + 2);
    bad |= put_md(f, d->methods);
    fputs("\n\n", f);
    if (d->n_refs) fputs("### References\n\n", f);
    for (size_t i = 0; i < d->n_refs; i++) fprintf(f, "%zu. %s\n", i + 1, d->refs[i]);
    if (d->n_refs) fputc('\n', f);
    for (size_t i = 0; !bad && i < d->r->n_items; i++) bad |= section(f, &d->items[i], i + 1);
    if (!bad) bad |= manifest(f, d);
    return bad || ferror(f) ? -1 : 0;
}
