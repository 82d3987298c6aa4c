/* report_html.c -- report.html: one self-contained page (no external file, style sheet or
 * script): a contents list with anchors, the methods paragraph and its references, each
 * analysis as a section (its table, its figure as inline SVG, or its failure and message),
 * and the manifest (version, plan and input digests, options in force). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "render.h"
#include "report_impl.h"

static const char style[] =
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.4}\n"
    "table{border-collapse:collapse;margin:0.5em 0}\n"
    "th,td{padding:2px 6px;vertical-align:top}\n"
    "thead th{border-bottom:1px solid black}\n"
    "table.md td.r,table.md th.r{text-align:right}\n"
    "table.manifest td,table.manifest th{border-bottom:1px solid #ccc;text-align:left}\n"
    ".caption{font-weight:bold}\n"
    ".failure{border-left:4px solid #b00;padding-left:0.5em}\n"
    "figure{margin:1em 0}\n"
    "code{font-size:90%}\n";

/* The bytes of s[0..n) as HTML text (or attribute) content. */
static void esc_n(FILE *f, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(s[i], f);
        }
    }
}

static void esc(FILE *f, const char *s)
{
    if (s) esc_n(f, s, strlen(s));
}

/* Markdown inline text as HTML: ** toggles bold, `x` is code, backslash escapes as
 * pg_md_escape writes them (\| and \\) are undone. */
static void md_inline(FILE *f, const char *s, size_t n)
{
    int bold = 0, code = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '|' || s[i + 1] == '\\')) {
            esc_n(f, s + ++i, 1);
        } else if (!code && s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
            fputs(bold ? "</strong>" : "<strong>", f);
            bold = !bold;
            i++;
        } else if (s[i] == '`') {
            fputs(code ? "</code>" : "<code>", f);
            code = !code;
        } else {
            esc_n(f, s + i, 1);
        }
    }
    if (code) fputs("</code>", f);
    if (bold) fputs("</strong>", f);
}

/* The cells of a pipe-table row "| a | b \| c |": calls back with each trimmed cell. */
static void md_row(FILE *f, const char *line, size_t n, const char *tag, const char *align)
{
    size_t i = 0, col = 0;
    while (i < n && line[i] == ' ') i++;
    if (i < n && line[i] == '|') i++;
    while (i < n) {
        size_t start = i;
        while (i < n && !(line[i] == '|' && (i == 0 || line[i - 1] != '\\'))) i++;
        size_t a = start, b = i;
        while (a < b && line[a] == ' ') a++;
        while (b > a && line[b - 1] == ' ') b--;
        if (i >= n && a == b) break;   /* after the closing pipe */
        int right = align && col < strlen(align) && align[col] == 'r';
        fprintf(f, "<%s%s>", tag, right ? " class=\"r\"" : "");
        md_inline(f, line + a, b - a);
        fprintf(f, "</%s>", tag);
        col++;
        if (i < n) i++;
    }
}

/* "|:---|---:|" -> "lr" in align (at most cap-1 columns); 1 if the line is a separator. */
static int md_separator(const char *line, size_t n, char *align, size_t cap)
{
    size_t k = 0;
    int dash = 0;
    for (size_t i = 0; i < n; i++) {
        char c = line[i];
        if (c == '-') dash = 1;
        else if (c == '|') {
            if (dash && k + 1 < cap) align[k++] = (i > 0 && line[i - 1] == ':') ? 'r' : 'l';
            dash = 0;
        } else if (c != ':' && c != ' ') return 0;
    }
    if (dash && k + 1 < cap) align[k++] = line[n - 1] == ':' ? 'r' : 'l';
    align[k] = '\0';
    return k > 0;
}

static size_t line_len(const char *s)
{
    const char *e = strchr(s, '\n');
    return e ? (size_t)(e - s) : strlen(s);
}

/* A pipe table starting at s: header row, separator, body rows. Returns the bytes used. */
static size_t md_table(FILE *f, const char *s)
{
    size_t n0 = line_len(s);
    const char *sep = s[n0] ? s + n0 + 1 : s + n0;
    size_t n1 = line_len(sep);
    char align[256];
    const char *p = s;
    fputs("<table class=\"md\">\n", f);
    if (*sep == '|' && md_separator(sep, n1, align, sizeof align)) {
        fputs("<thead><tr>", f);
        md_row(f, s, n0, "th", align);
        fputs("</tr></thead>\n", f);
        p = sep[n1] ? sep + n1 + 1 : sep + n1;
    } else {
        align[0] = '\0';
    }
    fputs("<tbody>\n", f);
    while (*p == '|') {
        size_t n = line_len(p);
        fputs("<tr>", f);
        md_row(f, p, n, "td", align);
        fputs("</tr>\n", f);
        p += n + (p[n] != '\0');
    }
    fputs("</tbody>\n</table>\n", f);
    return (size_t)(p - s);
}

/* The Markdown a command prints (headings, pipe tables, "- " lists, paragraphs, **bold**) as
 * HTML; headings move down below the section's h2. */
static void md_to_html(FILE *f, const char *md)
{
    const char *p = md;
    int in_par = 0, in_list = 0;
    while (*p) {
        size_t n = line_len(p);
        size_t lead = 0;
        while (lead < n && p[lead] == ' ') lead++;
        int blank = lead == n;
        int list = n > lead + 1 && p[lead] == '-' && p[lead + 1] == ' ';
        if ((blank || p[lead] == '#' || p[lead] == '|' || list) && in_par) {
            fputs("</p>\n", f);
            in_par = 0;
        }
        if (!list && in_list) {
            fputs("</ul>\n", f);
            in_list = 0;
        }
        if (blank) {
            p += n + (p[n] != '\0');
            continue;
        }
        if (p[lead] == '|') {
            p += md_table(f, p);
            continue;
        }
        if (p[lead] == '#') {
            size_t h = lead;
            while (h < n && p[h] == '#') h++;
            size_t level = h - lead + 1;   /* "## x" -> h3 */
            if (level > 6) level = 6;
            while (h < n && p[h] == ' ') h++;
            fprintf(f, "<h%zu>", level);
            md_inline(f, p + h, n - h);
            fprintf(f, "</h%zu>\n", level);
        } else if (list) {
            if (!in_list) fputs("<ul>\n", f);
            in_list = 1;
            fputs("<li>", f);
            md_inline(f, p + lead + 2, n - lead - 2);
            fputs("</li>\n", f);
        } else {
            fputs(in_par ? "<br>\n" : "<p>", f);
            in_par = 1;
            md_inline(f, p + lead, n - lead);
        }
        p += n + (p[n] != '\0');
    }
    if (in_par) fputs("</p>\n", f);
    if (in_list) fputs("</ul>\n", f);
}

/* An HTML result as a fragment: the inside of its <body> when it is a whole page. */
static void html_fragment(FILE *f, const char *html)
{
    const char *b = strstr(html, "<body");
    if (b && (b = strchr(b, '>'))) {
        const char *e = strstr(++b, "</body>");
        fwrite(b, 1, e ? (size_t)(e - b) : strlen(b), f);
    } else {
        fputs(html, f);
    }
    if (*html && html[strlen(html) - 1] != '\n') fputc('\n', f);
}

/* At s, an attribute `name=` with a quote and (when hash) a '#': its length, else 0. */
static size_t attr_at(const char *s, const char *name, int hash)
{
    size_t n = strlen(name);
    if (strncmp(s, name, n) != 0 || s[n] != '=' || (s[n + 1] != '"' && s[n + 1] != '\''))
        return 0;
    if (hash && s[n + 2] != '#') return 0;
    return n + 2 + (size_t)hash;
}

/* A gnuplot SVG inline: from its <svg> tag to </svg> (the XML prolog, DOCTYPE and comments
 * before it dropped), every id and every reference to one (href="#x", url(#x)) prefixed, so
 * that several figures in one page do not share "gnuplot_canvas" or "gpPt0". */
static void svg_inline(FILE *f, const char *svg, const char *prefix)
{
    const char *s = strstr(svg, "<svg");
    if (!s) return;
    const char *end = strstr(s, "</svg>");
    end = end ? end + 6 : s + strlen(s);
    while (s < end) {
        size_t k = 0;
        int space = s > svg && (s[-1] == ' ' || s[-1] == '\t' || s[-1] == '\n' || s[-1] == '\r');
        if (space && (k = attr_at(s, "id", 0)) == 0) k = attr_at(s, "href", 1);
        if (!k && space) k = attr_at(s, "xlink:href", 1);
        if (!k && strncmp(s, "url(#", 5) == 0) k = 5;
        if (k) {
            fwrite(s, 1, k, f);
            fputs(prefix, f);
            s += k;
        } else {
            fputc(*s++, f);
        }
    }
    fputc('\n', f);
}

static void contents(FILE *f, const rep_doc *d)
{
    fputs("<nav>\n<h2 id=\"contents\">Contents</h2>\n<ol>\n"
          "<li><a href=\"#methods\">Methods</a></li>\n", f);
    for (size_t i = 0; i < d->r->n_items; i++) {
        const rep_item *it = &d->items[i];
        fprintf(f, "<li><a href=\"#a-%s\">", it->name);
        esc(f, it->item->title ? it->item->title : it->name);
        fputs("</a>", f);
        if (it->item->status != 0) fprintf(f, " (not done: %s)", rep_status_text(it->item->status));
        fputs("</li>\n", f);
    }
    fputs("<li><a href=\"#manifest\">Manifest</a></li>\n</ol>\n</nav>\n", f);
}

static void methods(FILE *f, const rep_doc *d)
{
    fputs("<section id=\"methods\">\n<h2>Methods</h2>\n<p>", f);
    esc(f, d->methods);
    fputs("</p>\n", f);
    if (d->n_refs) {
        fputs("<h3>References</h3>\n<ol class=\"refs\">\n", f);
        for (size_t i = 0; i < d->n_refs; i++) {
            fputs("<li>", f);
            esc(f, d->refs[i]);
            fputs("</li>\n", f);
        }
        fputs("</ol>\n", f);
    }
    fputs("</section>\n", f);
}

static void warnings(FILE *f, const json_t *j)
{
    const json_t *w = json_object_get(j, "warnings");
    if (json_array_size(w) == 0) return;
    fputs("<ul class=\"warnings\">\n", f);
    for (size_t i = 0; i < json_array_size(w); i++) {
        const char *t = json_string_value(json_array_get(w, i));
        if (!t) t = json_string_value(json_object_get(json_array_get(w, i), "message"));
        fputs("<li>Warning: ", f);
        esc(f, t ? t : "(see results.json)");
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

static void section(FILE *f, const rep_item *it, size_t no)
{
    const pg_report_item *x = it->item;
    const char *title = x->title ? x->title : it->name;
    fprintf(f, "<section id=\"a-%s\">\n<h2>%zu. ", it->name, no);
    esc(f, title);
    fputs("</h2>\n<p><small>", f);
    esc(f, x->id ? x->id : it->name);
    if (x->type) fputs(" &middot; ", f), esc(f, x->type);
    fputs("</small></p>\n", f);
    if (x->status != 0) {
        fprintf(f, "<p class=\"failure\"><strong>Not done</strong> (exit %d: %s): ", x->status,
                rep_status_text(x->status));
        esc(f, x->message ? x->message : "no message");
        fputs("</p>\n", f);
    }
    if (it->table_no) {
        fprintf(f, "<p class=\"caption\">Table %zu. ", it->table_no);
        esc(f, title);
        fputs("</p>\n<div class=\"result\">\n", f);
        if (x->html) html_fragment(f, x->html);
        else md_to_html(f, x->markdown);
        fputs("</div>\n", f);
    }
    if (it->figure_no) {
        char prefix[128];
        snprintf(prefix, sizeof prefix, "fig%zu-", it->figure_no);
        fputs("<figure>\n", f);
        svg_inline(f, x->svg, prefix);
        fprintf(f, "<figcaption>Figure %zu. ", it->figure_no);
        esc(f, title);
        fputs("</figcaption>\n</figure>\n", f);
    }
    if (it->json) warnings(f, it->json);
    fputs("</section>\n", f);
}

static void manifest_row(FILE *f, const char *a, const char *b)
{
    fputs("<tr><th>", f);
    esc(f, a);
    fputs("</th><td>", f);
    esc(f, b);
    fputs("</td></tr>\n", f);
}

static int manifest(FILE *f, const rep_doc *d)
{
    const pg_report *r = d->r;
    fputs("<section id=\"manifest\">\n<h2>Manifest</h2>\n<table class=\"manifest\">\n", f);
    manifest_row(f, "prognos", r->version);
    manifest_row(f, "plan", r->plan_file);
    manifest_row(f, "plan SHA-256", r->plan_sha256);
    fputs("</table>\n<h3>Input files</h3>\n<table class=\"manifest\">\n<thead><tr><th>file</th>"
          "<th>bytes</th><th>SHA-256</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < r->n_inputs; i++) {
        fputs("<tr><td>", f);
        esc(f, r->inputs[i].name);
        fprintf(f, "</td><td>%lld</td><td><code>", r->inputs[i].size);
        esc(f, r->inputs[i].sha256);
        fputs("</code></td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n<h3>Analyses and options in force</h3>\n<table class=\"manifest\">"
          "\n<thead><tr><th>analysis</th><th>command</th><th>formula</th><th>where</th>"
          "<th>options</th><th>status</th></tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < r->n_items; i++) {
        const rep_item *it = &d->items[i];
        char *opts = it->json ? rep_options_line(it->json) : NULL;
        if (it->json && !opts) return -1;
        fprintf(f, "<tr><td><a href=\"#a-%s\">", it->name);
        esc(f, it->item->id ? it->item->id : it->name);
        fputs("</a></td><td>", f);
        esc(f, it->item->type);
        fputs("</td><td><code>", f);
        esc(f, rep_input_str(it->json, "formula"));
        fputs("</code></td><td><code>", f);
        esc(f, rep_input_str(it->json, "where"));
        fputs("</code></td><td>", f);
        esc(f, opts);
        fprintf(f, "</td><td>%s</td></tr>\n", rep_status_text(it->item->status));
        free(opts);
    }
    fputs("</tbody>\n</table>\n</section>\n", f);
    return 0;
}

int rep_write_html(FILE *f, const rep_doc *d)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", f);
    fputs("Report", f);
    if (d->r->plan_file) fputs(": ", f), esc(f, d->r->plan_file);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>Report", style);
    if (d->r->plan_file) fputs(": ", f), esc(f, d->r->plan_file);
    fputs("</h1>\n", f);
    contents(f, d);
    methods(f, d);
    for (size_t i = 0; i < d->r->n_items; i++) section(f, &d->items[i], i + 1);
    if (manifest(f, d) != 0) return -1;
    fputs("</body>\n</html>\n", f);
    return ferror(f) ? -1 : 0;
}
