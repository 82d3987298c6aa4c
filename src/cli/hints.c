/* hints.c -- the next most common input mistakes after a wrong level (issue 17), said where the
 * failure shows: decimal commas in a comma-separated file (a row with extra fields), decimal
 * commas in a tab-separated file (read, with a note), and a column name with spaces written in
 * a formula without backquotes. */
#include "cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The line-th line (1-based) of path into buf (without its end); 0 if it cannot be read. */
static int read_line(const char *path, long line, char *buf, size_t size)
{
    FILE *f = strcmp(path, "<stdin>") == 0 ? NULL : fopen(path, "r");
    if (!f) return 0;
    long at = 1;
    int ok = 0;
    while (fgets(buf, (int)size, f)) {
        size_t len = strlen(buf);
        int whole = len > 0 && buf[len - 1] == '\n';
        if (at == line) {
            buf[strcspn(buf, "\r\n")] = '\0';
            ok = 1;
            break;
        }
        if (whole) at++;
    }
    fclose(f);
    return ok;
}

/* Whether s holds a digit, a comma and a digit ("10,5"). */
static int has_digit_comma(const char *s)
{
    for (const char *p = strchr(s, ','); p; p = strchr(p + 1, ','))
        if (p > s && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9') return 1;
    return 0;
}

void cli_hint_read_error(pg_error *err)
{
    char line[4096];
    if (!err->file[0] || err->line <= 0 || !strstr(err->msg, "more fields than the header") ||
        !read_line(err->file, err->line, line, sizeof line) || !has_digit_comma(line))
        return;
    size_t len = strlen(err->msg);
    snprintf(err->msg + len, sizeof err->msg - len,
             "; looks like decimal commas; use --decimal , or a ';' file");
}

/* The delimiter the reader detects from path's first line (the most frequent of , ; TAB
 * outside quotes), or 0 if the file cannot be read. */
static int first_line_delim(const char *path)
{
    char line[4096];
    if (!read_line(path, 1, line, sizeof line)) return 0;
    size_t n[3] = {0, 0, 0};
    int quoted = 0;
    for (const char *p = line; *p; p++) {
        if (*p == '"') quoted = !quoted;
        else if (!quoted) n[0] += *p == ',', n[1] += *p == ';', n[2] += *p == '\t';
    }
    return n[2] > n[0] && n[2] > n[1] ? '\t' : n[1] > n[0] ? ';' : ',';
}

/* Whether ds (read from tab-separated files with '.') holds decimal commas unambiguously: a
 * text column of numbers with a decimal comma ("10,5", not only "1,250"), and no numeric column
 * with a fraction (which a ',' mark would turn into text). The first such column in *col. */
static int tab_decimal_commas(const pg_dataset *ds, size_t *col)
{
    int found = 0;
    for (size_t j = 0; j < pg_dataset_ncol(ds); j++) {
        const double *x = pg_dataset_numeric(ds, j);
        if (x) {
            for (size_t i = 0; i < pg_dataset_nrow(ds); i++)
                if (x[i] == x[i] && x[i] != (double)(long long)x[i]) return 0;
            continue;
        }
        size_t nl = pg_dataset_nlevels(ds, j);
        const char **lev = pg_malloc_array(nl ? nl : 1, sizeof *lev);
        if (!lev) return 0;
        for (size_t k = 0; k < nl; k++) lev[k] = pg_dataset_level(ds, j, k);
        if (!found && pg_text_kind_of_levels(lev, nl, NULL) == PG_TEXT_DECIMAL_COMMA) {
            found = 1;
            *col = j;
        }
        free(lev);
    }
    return found;
}

int cli_tab_files(const cli_common *c)
{
    if (c->decimal) return 0;
    for (size_t f = 0; f < c->n_files; f++)
        if (strcmp(c->files[f], "-") == 0 ||
            (c->delim ? c->delim : first_line_delim(c->files[f])) != '\t')
            return 0;
    return 1;
}

int cli_tab_decimal_commas(cli_common *c, pg_dataset **ds)
{
    if (!cli_tab_files(c)) return PG_EXIT_OK;
    size_t col = 0;
    if (!tab_decimal_commas(*ds, &col)) return PG_EXIT_OK;
    char name[128];
    snprintf(name, sizeof name, "%s", pg_dataset_colname(*ds, col));
    pg_error err = {0};
    pg_dataset *again = NULL;
    c->csv.decimal = ',';
    int rc = pg_dataset_read_csv_files(c->files, c->n_files, &c->csv, &again, &err);
    if (rc) return cli_fail(c, &err, rc);
    /* a whole number written "12.0" would turn to text under ',': then keep the first reading */
    for (size_t j = 0; j < pg_dataset_ncol(*ds); j++)
        if (pg_dataset_coltype(*ds, j) == PG_COL_NUMERIC &&
            pg_dataset_coltype(again, j) != PG_COL_NUMERIC) {
            pg_dataset_free(again);
            c->csv.decimal = 0;
            return PG_EXIT_OK;
        }
    pg_dataset_free(*ds);
    *ds = again;
    fprintf(stderr, "prognos %s: note: a tab-separated file with decimal commas ('%s'): read "
            "with --decimal , (give --decimal . to keep them as text)\n", c->cmd, name);
    return PG_EXIT_OK;
}

/* Whether s is a plain name (letters, digits, '.', '_'; bytes >= 0x80 count as letters). */
static int plain_name(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!isalnum(*p) && *p != '.' && *p != '_' && *p < 0x80) return 0;
    return 1;
}

void cli_hint_names(const pg_dataset *ds, const char *text, pg_error *err)
{
    if (!text) return;
    for (size_t j = 0; j < pg_dataset_ncol(ds); j++) {
        const char *name = pg_dataset_colname(ds, j), *at = text;
        if (plain_name(name)) continue;
        while ((at = strstr(at, name)) && at > text && at[-1] == '`') at++;
        /* "did you mean 'NAME'?" becomes what to write */
        char mean[300];
        snprintf(mean, sizeof mean, "; did you mean '%s'?", name);
        char *m = strstr(err->msg, mean);
        if (!at && !m) continue;
        if (m) *m = '\0';
        size_t len = strlen(err->msg);
        snprintf(err->msg + len, sizeof err->msg - len,
                 at ? "; write `%s` in backquotes" : "; did you mean `%s`? (in backquotes)", name);
        return;
    }
}
