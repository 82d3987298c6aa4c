/* render_ftable.c -- the prognostic-factor table in six formats. Numbers are rounded as
 * journals print them: survival in percent to one decimal, HR to two decimals, p to three
 * decimals (two when p >= 0.1) with "< 0.001" below. CSV and JSON keep full precision. */
#include "render_ftable.h"
#include "render_docx.h"
#include "render_xlsx.h"
#include "prognos/format.h"
#include "prognos/lang.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DASH "\xe2\x80\x94"      /* em dash: not estimable */
#define NDASH "\xe2\x80\x93"     /* en dash in ranges */
#define DAGGER "\xe2\x80\xa0"

int pg_ft_format_parse(const char *s, pg_ft_format *out)
{
    static const char *const names[] = {"text", "md", "csv", "tex", "html", "json", "docx",
                                        "xlsx"};
    for (int i = 0; i < 8; i++)
        if (s && strcmp(s, names[i]) == 0) {
            *out = (pg_ft_format)i;
            return PG_OK;
        }
    return PG_EINPUT;
}

/* p as journals print it (pg_format_pvalue, as the plots: "< 0.001", 3 decimals below 0.1,
 * else 2); an em dash when there is none. */
static void fmt_p(char *b, size_t n, double p)
{
    if (isnan(p)) snprintf(b, n, DASH);
    else pg_format_pvalue(b, n, p, 0);
}

static void fmt_surv(char *b, size_t n, double s, double lo, double hi)
{
    if (isnan(s)) snprintf(b, n, DASH);
    else if (isnan(lo) || isnan(hi)) snprintf(b, n, "%.1f", 100 * s);
    else snprintf(b, n, "%.1f (%.1f" NDASH "%.1f)", 100 * s, 100 * lo, 100 * hi);
}

/* One number of the median column under the column's spec, without the padding; NR for NaN. */
static void fmt_median(char *b, size_t n, double x, const pg_format_spec *spec)
{
    if (isnan(x)) {
        snprintf(b, n, "NR");   /* not reached (or a limit not reached) */
        return;
    }
    char cell[PG_FORMAT_CELL];
    pg_format_r_encode(cell, sizeof cell, x, spec);
    const char *p = cell;
    while (*p == ' ') p++;
    snprintf(b, n, "%s", p);
}

/* "105.0 (71.0-NR)": the median and its limits, all the medians of a table with one number of
 * decimals -- R's format() of the column with 3 significant digits (median_spec) -- so that
 * "105 (71-NR)" never sits beside "34.2 (34.2-NR)". */
static void fmt_num_ci(char *b, size_t n, double x, double lo, double hi,
                       const pg_format_spec *spec)
{
    char e[48], l[48], h[48];
    if (isnan(x)) {
        snprintf(b, n, "NR");   /* median not reached */
        return;
    }
    fmt_median(e, sizeof e, x, spec);
    fmt_median(l, sizeof l, lo, spec);
    fmt_median(h, sizeof h, hi, spec);
    snprintf(b, n, "%s (%s" NDASH "%s)", e, l, h);
}

/* The layout of the median column: R's formatReal over every median and limit shown (those of
 * the factor levels; NaN, not reached, is left out) with digits = 3: the fewest decimals that
 * show each of them to 3 significant digits, fixed unless scientific is narrower. */
static pg_format_spec median_spec(const pg_ftable *t)
{
    double *v = pg_malloc_array(3 * t->n_rows + 1, sizeof *v);
    size_t m = 0;
    for (size_t i = 0; v && i < t->n_rows; i++) {
        const pg_ftable_row *r = &t->rows[i];
        if (r->continuous || isnan(r->median)) continue;
        const double x[] = {r->median, r->median_low, r->median_high};
        for (size_t k = 0; k < 3; k++)
            if (isfinite(x[k])) v[m++] = x[k];
    }
    pg_format_spec spec = pg_format_r_spec(v ? v : (const double[]){0}, m, 3);
    free(v);
    return spec;
}

static void fmt_hr(char *b, size_t n, const pg_ftable_row *r, int mv, int in_model,
                   pg_lang lang)
{
    double hr = mv ? r->mv_hr : r->uv_hr, lo = mv ? r->mv_low : r->uv_low;
    double hi = mv ? r->mv_high : r->uv_high;
    int firth = mv ? r->mv_firth : r->uv_firth;
    char e[32], l[32], h[32];
    if (r->reference && in_model) {
        snprintf(b, n, "%s", pg_lang_word(lang, PG_W_REFERENCE));
    } else if (isnan(hr)) {
        snprintf(b, n, DASH);
    } else {
        pg_format_ratio(e, sizeof e, hr);
        pg_format_ratio(l, sizeof l, lo);
        pg_format_ratio(h, sizeof h, hi);
        snprintf(b, n, "%s (%s" NDASH "%s)%s", e, l, h, firth ? DAGGER : "");
    }
}

/* Has the term of row i an estimate in the univariate (mv = 0) or multivariable model? */
static int term_in_model(const pg_ftable *t, size_t i, int mv)
{
    for (size_t k = 0; k < t->n_rows; k++)
        if (strcmp(t->rows[k].term, t->rows[i].term) == 0 &&
            !isnan(mv ? t->rows[k].mv_hr : t->rows[k].uv_hr))
            return 1;
    return 0;
}

/* The human-readable table as rows of cells (shared by text, md, tex and html). */
static pg_tab *human_table(const pg_ftable *t, const char *unit)
{
    size_t nt = t->n_times, ncol = 4 + nt + 2 + 2 + (t->has_mv ? 2 : 0);
    const char **h = calloc(ncol, sizeof *h);
    char **owned = calloc(nt, sizeof *owned);
    pg_tab *tab = NULL;
    if (!h || !owned) goto done;
    size_t c = 0;
    pg_lang lang = t->lang;
    double lvl = 100 * t->conf_level;
    char head[3][96], at[160];
    const pg_word ci_words[3] = {PG_W_MEDIAN_CI, PG_W_UV_HR_CI, PG_W_MV_HR_CI};
    for (size_t k = 0; k < 3; k++) pg_lang_ci_word(lang, ci_words[k], lvl, head[k], sizeof head[k]);
    h[c++] = pg_lang_word(lang, PG_W_FACTOR);
    h[c++] = pg_lang_word(lang, PG_W_LEVEL);
    h[c++] = pg_lang_word(lang, PG_W_N_PCT);
    h[c++] = pg_lang_word(lang, PG_W_EVENTS);
    for (size_t k = 0; k < nt; k++) {
        pg_lang_at_time_head(lang, at, sizeof at, t->times[k], unit, t->competing, lvl);
        owned[k] = pg_strdup(at);
        h[c++] = owned[k] ? owned[k] : "survival";
    }
    h[c++] = head[0];
    h[c++] = pg_lang_word(lang, t->competing ? PG_W_GRAY_P : PG_W_LOGRANK_P);
    h[c++] = head[1];
    h[c++] = pg_lang_word(lang, PG_W_P);
    if (t->has_mv) {
        h[c++] = head[2];
        h[c++] = pg_lang_word(lang, PG_W_P);
    }
    tab = pg_tab_new(ncol, h);
    if (!tab) goto done;
    pg_tab_left(tab, 0);
    pg_tab_left(tab, 1);
    char buf[16][160];
    const char *cells[16 + 64];
    const pg_format_spec mspec = median_spec(t);
    for (size_t i = 0; i < t->n_rows; i++) {
        const pg_ftable_row *r = &t->rows[i];
        int in_mv = term_in_model(t, i, 1), in_uv = term_in_model(t, i, 0);
        size_t b = 0, k = 0;
        cells[k++] = !r->first ? "" : r->label ? r->label : r->term;
        cells[k++] = r->continuous ? pg_lang_word(lang, PG_W_PER_UNIT)
                     : r->level_label ? r->level_label : r->level;
        snprintf(buf[b], 160, "%zu (%.1f)", r->n, r->pct);
        cells[k++] = buf[b++];
        snprintf(buf[b], 160, "%zu", r->events);
        cells[k++] = buf[b++];
        for (size_t j = 0; j < nt && j < 8; j++) {
            if (r->continuous) snprintf(buf[b], 160, DASH);
            else fmt_surv(buf[b], 160, r->surv[j], r->surv_low[j], r->surv_high[j]);
            cells[k++] = buf[b++];
        }
        if (r->continuous) snprintf(buf[b], 160, DASH);
        else fmt_num_ci(buf[b], 160, r->median, r->median_low, r->median_high, &mspec);
        cells[k++] = buf[b++];
        if (r->first && !isnan(r->logrank_p)) {
            fmt_p(buf[b], 160, r->logrank_p);
            size_t len = strlen(buf[b]);
            if (r->trend)
                snprintf(buf[b] + len, 160 - len, " (%s)", pg_lang_word(lang, PG_W_TREND));
        } else {
            buf[b][0] = '\0';
        }
        cells[k++] = buf[b++];
        fmt_hr(buf[b], 160, r, 0, in_uv, lang);
        cells[k++] = buf[b++];
        if (r->reference || !in_uv) buf[b][0] = '\0'; else fmt_p(buf[b], 160, r->uv_p);
        cells[k++] = buf[b++];
        if (t->has_mv) {
            if (in_mv) fmt_hr(buf[b], 160, r, 1, 1, lang);
            else snprintf(buf[b], 160, DASH);
            cells[k++] = buf[b++];
            if (r->reference || !in_mv) buf[b][0] = '\0'; else fmt_p(buf[b], 160, r->mv_p);
            cells[k++] = buf[b++];
        }
        if (pg_tab_row(tab, cells)) {
            pg_tab_free(tab);
            tab = NULL;
            goto done;
        }
    }
done:
    for (size_t k = 0; owned && k < nt; k++) free(owned[k]);
    free(owned);
    free(h);
    return tab;
}

static void tex_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': case '&': case '_': case '#': case '$': case '{': case '}':
            fprintf(f, "\\%c", *s);
            break;
        case '<': fputs("$<$", f); break;
        case '>': fputs("$>$", f); break;
        case '~': fputs("\\textasciitilde{}", f); break;
        case '\\': fputs("\\textbackslash{}", f); break;
        case '^': fputs("\\textasciicircum{}", f); break;
        default:
            if (strncmp(s, NDASH, 3) == 0) { fputs("--", f); s += 2; }
            else if (strncmp(s, DASH, 3) == 0) { fputs("---", f); s += 2; }
            else if (strncmp(s, DAGGER, 3) == 0) { fputs("$^\\dagger$", f); s += 2; }
            else fputc(*s, f);
        }
    }
}

static void html_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<') fputs("&lt;", f);
        else if (*s == '>') fputs("&gt;", f);
        else if (*s == '&') fputs("&amp;", f);
        else if (*s == '"') fputs("&quot;", f);
        else fputc(*s, f);
    }
}

static int write_markup(FILE *f, const pg_ftable *t, const char *unit, int html)
{
    pg_tab *tab = human_table(t, unit);
    if (!tab) return PG_ENOMEM;
    size_t ncol = pg_tab_ncol(tab), nrow = pg_tab_nrow(tab);
    if (html)
        fputs("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:10pt\">\n",
              f);
    else
        fputs("\\begin{table}\n\\centering\\small\n", f);
    /* the cells straight from the table (row 0 the header): no length limit */
    for (size_t row = 0; row <= nrow; row++) {
        if (!html && row == 0) {
            fputs("\\begin{tabular}{ll", f);
            for (size_t k = 2; k < ncol; k++) fputc('r', f);
            fputs("}\n\\toprule\n", f);
        }
        if (html) fputs(row == 0 ? "<thead><tr>" : "<tr>", f);
        for (size_t col = 0; col < ncol; col++) {
            const char *cell = pg_tab_cell(tab, row, col);
            if (html) {
                const char *tag = row == 0 ? "th" : "td";
                const char *align = col < 2 ? "left" : "right";
                fprintf(f, "<%s style=\"padding:2px 6px;text-align:%s%s\">", tag, align,
                        row == 0 ? ";border-bottom:1px solid black" : "");
                html_escape(f, cell);
                fprintf(f, "</%s>", tag);
            } else {
                if (col) fputs(" & ", f);
                if (row == 0) fputs("\\textbf{", f);
                tex_escape(f, cell);
                if (row == 0) fputs("}", f);
            }
        }
        if (html) fputs(row == 0 ? "</tr></thead>\n<tbody>\n" : "</tr>\n", f);
        else fputs(row == 0 ? " \\\\\n\\midrule\n" : " \\\\\n", f);
    }
    pg_tab_free(tab);
    if (html) {
        fputs("</tbody>\n</table>\n", f);
        for (size_t i = 0; i < t->n_notes; i++) {
            fputs("<p style=\"font-family:sans-serif;font-size:9pt\">", f);
            html_escape(f, t->notes[i]);
            fputs("</p>\n", f);
        }
    } else {
        fputs("\\bottomrule\n\\end{tabular}\n", f);
        for (size_t i = 0; i < t->n_notes; i++) {
            fputs("\\par\\footnotesize ", f);
            tex_escape(f, t->notes[i]);
            fputc('\n', f);
        }
        fputs("\\end{table}\n", f);
    }
    return ferror(f) ? PG_EIO : PG_OK;
}

static int write_csv(FILE *f, const pg_ftable *t)
{
    size_t nt = t->n_times;
    size_t ncol = 7 + 3 * nt + 3 + 5 + 5;
    const char **h = calloc(ncol, sizeof *h);
    char **owned = calloc(3 * nt, sizeof *owned);
    if (!h || !owned) {
        free(h);
        free(owned);
        return PG_ENOMEM;
    }
    size_t c = 0;
    const char *fixed[] = {"term", "level", "reference", "n", "pct", "events", "logrank_p"};
    for (size_t k = 0; k < 7; k++) h[c++] = fixed[k];
    for (size_t k = 0; k < nt; k++) {
        const char *w = t->competing ? "cif" : "surv";
        owned[3 * k] = pg_strdup_printf("%s_%g", w, t->times[k]);
        owned[3 * k + 1] = pg_strdup_printf("%s_%g_low", w, t->times[k]);
        owned[3 * k + 2] = pg_strdup_printf("%s_%g_high", w, t->times[k]);
        for (size_t j = 0; j < 3; j++) h[c++] = owned[3 * k + j] ? owned[3 * k + j] : "surv";
    }
    const char *rest[] = {"median", "median_low", "median_high", "uv_hr", "uv_low", "uv_high",
                          "uv_p", "uv_firth", "mv_hr", "mv_low", "mv_high", "mv_p", "mv_firth"};
    for (size_t k = 0; k < 13; k++) h[c++] = rest[k];
    pg_tab *tab = pg_tab_new(ncol, h);
    int rc = tab ? PG_OK : PG_ENOMEM;
    char (*buf)[40] = calloc(ncol, sizeof *buf);
    const char **cells = calloc(ncol, sizeof *cells);
    if (!buf || !cells) rc = PG_ENOMEM;
    for (size_t i = 0; rc == PG_OK && i < t->n_rows; i++) {
        const pg_ftable_row *r = &t->rows[i];
        size_t k = 0;
        cells[k++] = r->term;
        cells[k++] = r->level;
        cells[k++] = r->reference ? "1" : "0";
        snprintf(buf[k], 40, "%zu", r->n), cells[k] = buf[k], k++;
        pg_fmt_num(buf[k], 40, r->pct, 0), cells[k] = buf[k], k++;
        snprintf(buf[k], 40, "%zu", r->events), cells[k] = buf[k], k++;
        pg_fmt_num(buf[k], 40, r->logrank_p, 0), cells[k] = buf[k], k++;
        for (size_t j = 0; j < nt; j++) {
            pg_fmt_num(buf[k], 40, r->surv[j], 0), cells[k] = buf[k], k++;
            pg_fmt_num(buf[k], 40, r->surv_low[j], 0), cells[k] = buf[k], k++;
            pg_fmt_num(buf[k], 40, r->surv_high[j], 0), cells[k] = buf[k], k++;
        }
        double v[] = {r->median, r->median_low, r->median_high, r->uv_hr, r->uv_low, r->uv_high,
                      r->uv_p, r->uv_firth, r->mv_hr, r->mv_low, r->mv_high, r->mv_p, r->mv_firth};
        for (size_t j = 0; j < 13; j++) pg_fmt_num(buf[k], 40, v[j], 0), cells[k] = buf[k], k++;
        rc = pg_tab_row(tab, cells);
    }
    if (rc == PG_OK) rc = pg_tab_write(f, tab, PG_FMT_CSV, 0);
    pg_tab_free(tab);
    free(buf);
    free(cells);
    for (size_t k = 0; k < 3 * nt; k++) free(owned[k]);
    free(owned);
    free(h);
    return rc;
}

static json_t *estimate(double e, double lo, double hi, double p, int firth)
{
    json_t *o = json_object();
    json_object_set_new(o, "hr", pg_json_num(e));
    json_object_set_new(o, "conf_low", pg_json_num(lo));
    json_object_set_new(o, "conf_high", pg_json_num(hi));
    json_object_set_new(o, "p", pg_json_num(p));
    json_object_set_new(o, "firth", json_boolean(firth));
    return o;
}

static int write_json(FILE *f, const pg_ftable *t)
{
    json_t *root = json_object(), *rows = json_array(), *times = json_array();
    json_object_set_new(root, "response", json_string(t->response));
    json_object_set_new(root, "strata", json_string(t->strata));
    for (size_t k = 0; k < t->n_times; k++) json_array_append_new(times, json_real(t->times[k]));
    json_object_set_new(root, "times", times);
    json_object_set_new(root, "conf_level", json_real(t->conf_level));
    json_object_set_new(root, "conf_type", json_string(pg_km_conf_type_name(t->conf_type)));
    json_object_set_new(root, "ties", json_string(pg_cox_ties_name(t->ties)));
    for (size_t i = 0; i < t->n_rows; i++) {
        const pg_ftable_row *r = &t->rows[i];
        json_t *o = json_object(), *surv = json_array(), *med = json_object();
        json_object_set_new(o, "term", json_string(r->term));
        json_object_set_new(o, "level", json_string(r->level));
        json_object_set_new(o, "reference", json_boolean(r->reference));
        json_object_set_new(o, "continuous", json_boolean(r->continuous));
        json_object_set_new(o, "n", json_integer((json_int_t)r->n));
        json_object_set_new(o, "pct", pg_json_num(r->pct));
        json_object_set_new(o, "events", json_integer((json_int_t)r->events));
        for (size_t k = 0; k < t->n_times; k++) {
            json_t *s = json_object();
            json_object_set_new(s, "time", json_real(t->times[k]));
            json_object_set_new(s, "estimate", pg_json_num(r->surv[k]));
            json_object_set_new(s, "conf_low", pg_json_num(r->surv_low[k]));
            json_object_set_new(s, "conf_high", pg_json_num(r->surv_high[k]));
            json_array_append_new(surv, s);
        }
        json_object_set_new(o, t->competing ? "cumulative_incidence" : "survival", surv);
        json_object_set_new(med, "estimate", pg_json_num(r->median));
        json_object_set_new(med, "conf_low", pg_json_num(r->median_low));
        json_object_set_new(med, "conf_high", pg_json_num(r->median_high));
        json_object_set_new(o, "median", med);
        json_object_set_new(o, "logrank_p", pg_json_num(r->logrank_p));
        json_t *lt = json_object();   /* the p-value under "p" (docs/json.md); logrank_p stays */
        json_object_set_new(lt, "p", pg_json_num(r->logrank_p));
        json_object_set_new(o, "logrank", lt);
        json_object_set_new(o, "trend", json_boolean(r->trend));
        json_object_set_new(o, "univariable",
                            estimate(r->uv_hr, r->uv_low, r->uv_high, r->uv_p, r->uv_firth));
        json_object_set_new(o, "multivariable",
                            estimate(r->mv_hr, r->mv_low, r->mv_high, r->mv_p, r->mv_firth));
        json_array_append_new(rows, o);
    }
    json_object_set_new(root, "rows", rows);
    if (t->has_mv) {
        json_t *mv = json_object();
        json_object_set_new(mv, "n", json_integer((json_int_t)t->mv_n));
        json_object_set_new(mv, "events", json_integer((json_int_t)t->mv_events));
        json_object_set_new(mv, "dropped", json_integer((json_int_t)t->mv_dropped));
        json_object_set_new(mv, "firth", json_boolean(t->mv_firth));
        json_object_set_new(root, "multivariable", mv);
    }
    json_t *notes = json_array();
    for (size_t i = 0; i < t->n_notes; i++) json_array_append_new(notes, json_string(t->notes[i]));
    json_object_set_new(root, "notes", notes);
    json_t *warn = json_array();
    for (size_t i = 0; i < t->n_warnings; i++)
        json_array_append_new(warn, json_string(t->warnings[i]));
    json_object_set_new(root, "warnings", warn);
    int rc = pg_json_write(f, root);
    json_decref(root);
    return rc;
}

/* Word and Excel: the cells of the human table under the text format's title, the footnotes
 * below (render_docx.c, render_xlsx.c). */
static int write_office(FILE *f, const pg_ftable *t, const char *unit, int xlsx, pg_error *err)
{
    pg_tab *tab = human_table(t, unit);
    char *title = pg_strdup_printf(pg_lang_word(t->lang, PG_W_PROGNOSTIC_FOR), t->response);
    int rc;
    if (!tab || !title) {
        rc = pg_fail(err, PG_ENOMEM, "table: out of memory");
    } else {
        const pg_office_table ot = {title, tab, (const char *const *)t->notes, t->n_notes};
        rc = xlsx ? pg_xlsx_write(f, &ot, NULL, err) : pg_docx_write(f, &ot, err);
    }
    free(title);
    pg_tab_free(tab);
    return rc;
}

int pg_render_ftable(FILE *f, const pg_ftable *t, pg_ft_format fmt, const char *unit,
                     pg_error *err)
{
    int rc;
    switch (fmt) {
    case PG_FT_CSV: rc = write_csv(f, t); break;
    case PG_FT_JSON: rc = write_json(f, t); break;
    case PG_FT_TEX: rc = write_markup(f, t, unit, 0); break;
    case PG_FT_HTML: rc = write_markup(f, t, unit, 1); break;
    case PG_FT_DOCX: return write_office(f, t, unit, 0, err);
    case PG_FT_XLSX: return write_office(f, t, unit, 1, err);
    default: {
        pg_tab *tab = human_table(t, unit);
        if (!tab) return pg_fail(err, PG_ENOMEM, "table: out of memory");
        if (fmt == PG_FT_TEXT) {
            fprintf(f, pg_lang_word(t->lang, PG_W_PROGNOSTIC_FOR), t->response);
            fputs("\n\n", f);
        }
        rc = pg_tab_write(f, tab, fmt == PG_FT_MD ? PG_FMT_MD : PG_FMT_TEXT, 0);
        pg_tab_free(tab);
        fputc('\n', f);
        for (size_t i = 0; i < t->n_notes; i++)
            fprintf(f, "%s%s\n", fmt == PG_FT_MD ? "- " : "", t->notes[i]);
    }
    }
    if (rc) return pg_fail(err, rc, rc == PG_ENOMEM ? "table: out of memory" : "write failed");
    return PG_OK;
}
