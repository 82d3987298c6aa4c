/* common.c -- shared option handling, data loading, error reporting and atomic output. */
#include "cli.h"
#include "expr.h"
#include "formula.h"

#include <errno.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --delim: "tab" (also "\\t" or a real tab), "," or ";" */
static int delim_parse(const char *s, int *v)
{
    if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0) *v = '\t';
    else if (strcmp(s, ",") == 0 || strcmp(s, ";") == 0) *v = s[0];
    else return PG_EINPUT;
    return PG_OK;
}

static int decimal_parse(const char *s, int *v)
{
    if (strcmp(s, ".") != 0 && strcmp(s, ",") != 0) return PG_EINPUT;
    *v = s[0];
    return PG_OK;
}

static int lang_parse(const char *s, int *v)
{
    pg_lang l;
    if (pg_lang_parse(s, &l)) return PG_EINPUT;
    *v = (int)l;
    return PG_OK;
}

static const cli_choices langs = {(const char *const[]){"en", "es", "fr", "de", "it", "pt", NULL},
                                  lang_parse};
static const cli_choices delims = {(const char *const[]){",", ";", "tab", NULL}, delim_parse};
static const cli_choices decimals = {(const char *const[]){".", ",", NULL}, decimal_parse};

/* The options every data-reading command shares (and -o, which simulate shares too). */
const cli_opt cli_common_opts[] = {
    {.name = "formula", .short_name = 'f', .type = CLI_STRING, CLI_AT(cli_common, formula),
     .metavar = "TEXT", .help = "model formula, e.g. 'Surv(months, status == \"DOD\") ~ sex'"},
    {.name = "where", .type = CLI_STRING, CLI_AT(cli_common, where), .metavar = "EXPR",
     .help = "keep the rows where EXPR is true, e.g. 'depth == \"dermal\"'"},
    {.name = "format", .type = CLI_CHOICE, CLI_AT(cli_common, format), .choices = &cli_formats,
     .def = "text", .metavar = "FMT", .help = "output format"},
    {.name = "output", .short_name = 'o', .type = CLI_STRING, CLI_AT(cli_common, output),
     .metavar = "FILE", .help = "write the result to FILE (atomically) instead of stdout",
     .flags = CLI_IS_OUTPUT},
    {.name = "conf-level", .type = CLI_DOUBLE, CLI_AT(cli_common, conf_level), CLI_OPEN(0, 1),
     .def = "0.95", .metavar = "P", .help = "confidence level"},
    {.name = "censor", .type = CLI_LIST, CLI_AT(cli_common, censor), .metavar = "LIST",
     .help = "status values that mean censored, e.g. NED,AWD (default 0 for a numeric status; "
             "every other value is a cause)"},
    {.name = "cause", .type = CLI_STRING, CLI_AT(cli_common, cause), .metavar = "VALUE",
     .help = "the cause of interest when the status has several: the analysis is then "
             "cause-specific, the other causes censored"},
    {.name = "na", .type = CLI_LIST, CLI_AT(cli_common, na), .metavar = "LIST",
     .help = "missing-value tokens, comma-separated (default ',NA,N/A,NaN,.,?')"},
    {.name = "delim", .type = CLI_CHOICE, CLI_AT(cli_common, delim), .choices = &delims,
     .metavar = "C", .help = "field delimiter, detected from the header line unless given"},
    {.name = "decimal", .type = CLI_CHOICE, CLI_AT(cli_common, decimal), .choices = &decimals,
     .metavar = "C", .help = "decimal mark, ',' in ';'-separated files unless given"},
    {.name = "numeric", .type = CLI_APPEND, CLI_AT(cli_common, numeric), .metavar = "COL",
     .help = "read column COL as numeric (repeatable)"},
    {.name = "categorical", .type = CLI_APPEND, CLI_AT(cli_common, categorical),
     .metavar = "COL", .help = "read column COL as categorical (repeatable)"},
    {.name = "date-format", .type = CLI_STRING, CLI_AT(cli_common, date_format),
     .metavar = "FMT", .help = "read text columns matching FMT as dates, e.g. %d/%m/%Y "
                               "(%d %m %b %Y %y; ISO 2019-03-14 is always a date)"},
    {.name = "drop-summary-rows", .type = CLI_FLAG, CLI_AT(cli_common, drop_summary),
     .help = "leave out rows that look like a spreadsheet's summary line (a first or id column "
             "reading Total, Sum, Mean, Media, Overall, ...; or the sums of the columns above) "
             "instead of stopping"},
    {.name = "input-format", .type = CLI_STRING, CLI_AT(cli_common, input_format),
     .metavar = "FMT", .help = "input format: auto (by content, the default), csv, xlsx, sav, "
                               "dta, sas7bdat, xpt"},
    {.name = "sheet", .type = CLI_STRING, CLI_AT(cli_common, sheet), .metavar = "NAME|N",
     .help = "the sheet of an .xlsx workbook to read (default the first)"},
    {.name = "encoding", .type = CLI_STRING, CLI_AT(cli_common, encoding), .metavar = "NAME",
     .help = "text encoding of CSV input (iconv name; default UTF-8, or Windows-1252 with a "
             "note when the file is not UTF-8)"},
    {.name = "codes", .type = CLI_FLAG, CLI_AT(cli_common, codes),
     .help = "SPSS/Stata/SAS: keep labelled columns' stored codes instead of their labels"},
    {.name = "label", .type = CLI_APPEND, CLI_AT(cli_common, label), .metavar = "VAR=TEXT",
     .help = "label of a variable or term in tables and figures: 'size_cm=Tumour size', "
             "'I(size_cm > 5)=Size > 5 cm' (repeatable)"},
    {.name = "level", .type = CLI_APPEND, CLI_AT(cli_common, level), .metavar = "VAR=L:TEXT,...",
     .help = "labels of a variable's levels: 'depth=dermal:Dermal,subcutaneous:Subcutaneous' "
             "(repeatable)"},
    {.name = "label-file", .type = CLI_STRING, CLI_AT(cli_common, labels_file),
     .metavar = "FILE",
     .help = "labels file with the columns variable, level, label (level empty: the "
             "variable's label)"},
    {.name = "lang", .type = CLI_CHOICE, CLI_AT(cli_common, lang), .choices = &langs,
     .def = "en", .metavar = "L", .help = "language of the words of tables and figures"},
    {.name = NULL}};

/* free a NULL-terminated list */
static void free_list(char **l)
{
    if (!l) return;
    for (size_t i = 0; l[i]; i++) free(l[i]);
    free(l);
}

void cli_errorf(const cli_common *c, int usage, const char *fmt, ...)
{
    va_list ap;
    pg_error e = {0};
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "prognos %s: %s\n", c->cmd, e.msg);
    if (usage) fprintf(stderr, "try 'prognos %s --help'\n", c->cmd);
    cli_json_failed(c, &e, usage);
}

/* Split "a,b,c" into a NULL-terminated list; an empty string gives one empty token. */
static char **split_list(const char *s, size_t *n)
{
    size_t k = 1;
    for (const char *p = s; *p; p++) k += *p == ',';
    char **l = calloc(k + 1, sizeof *l);
    if (!l) return NULL;
    const char *start = s;
    for (size_t i = 0; i < k; i++) {
        const char *end = strchr(start, ',');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        l[i] = malloc(len + 1);
        if (!l[i]) {
            free_list(l);
            return NULL;
        }
        memcpy(l[i], start, len);
        l[i][len] = '\0';
        start = end ? end + 1 : start + len;
    }
    *n = k;
    return l;
}

int cli_split(const char *s, char ***out, size_t *n)
{
    *out = split_list(s, n);
    return *out ? PG_OK : PG_ENOMEM;
}

void cli_free_list(char **list)
{
    free_list(list);
}

const char *cli_time_unit(const char *formula, double *t5, double *t10)
{
    char *name = pg_formula_time_text(formula);   /* Surv(start, stop, event): the stop's */
    if (!name) return NULL;
    static const char *const english[] = {"", "day", "week", "month", "year"};
    pg_time_unit u = pg_lang_unit_of_name(name);
    free(name);
    if (u == PG_UNIT_NONE) return NULL;
    if (t5) *t5 = pg_lang_unit_years(u, 5);
    if (t10) *t10 = pg_lang_unit_years(u, 10);
    return english[u];
}

int cli_parse_double(const char *s, double *out)
{
    if (!s || !*s) return PG_EINPUT;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*end || errno == ERANGE || !isfinite(v)) return PG_EINPUT;
    *out = v;
    return PG_OK;
}

int cli_parse_doubles(const char *s, double **out, size_t *n)
{
    size_t k;
    char **l = split_list(s, &k);
    if (!l) return PG_ENOMEM;
    double *v = pg_malloc_array(k, sizeof *v);
    int rc = v ? PG_OK : PG_ENOMEM;
    for (size_t i = 0; rc == PG_OK && i < k; i++)
        if (cli_parse_double(l[i], &v[i])) rc = PG_EINPUT;
    free_list(l);
    if (rc) {
        free(v);
        return rc;
    }
    *out = v;
    *n = k;
    return PG_OK;
}

int cli_exit_code(int status)
{
    switch (status) {
    case PG_OK: return PG_EXIT_OK;
    case PG_EINPUT: case PG_EIO: return PG_EXIT_USAGE;
    default: return PG_EXIT_ANALYSIS;
    }
}

int cli_fail(const cli_common *c, const pg_error *err, int status)
{
    cli_report(c, err);
    return cli_exit_code(status);
}

void cli_report(const cli_common *c, const pg_error *err)
{
    char buf[1024];
    fprintf(stderr, "prognos %s: %s\n", c->cmd, pg_error_str(err, buf, sizeof buf));
    cli_json_failed(c, err, 0);
    /* A formula or --where error points into its text with a caret. */
    const char *text = NULL;
    if (!err->file[0] && err->column > 0) {
        if (err->term[0])
            text = c->formula;
        else if (strncmp(err->msg, "--where: ", 9) == 0)
            text = c->where;
    }
    if (text && (size_t)err->column <= strlen(text) + 1) {
        /* the caret goes under the column's display position, not its byte offset */
        char *before = pg_strdup(text);
        size_t col = (size_t)err->column - 1;
        if (before) before[col] = '\0';
        fprintf(stderr, "  %s\n  %*s^\n", text, before ? (int)pg_text_width(before) : (int)col, "");
        free(before);
    }
}

/* The CSV reader's options, from the common options: the one place they are filled. */
static void fill_csv_opts(cli_common *c)
{
    pg_csv_opts_init(&c->csv);
    c->csv.delim = (char)c->delim;
    c->csv.decimal = (char)c->decimal;
    if (c->na.item) {
        c->csv.na = (const char *const *)c->na.item;
        c->csv.n_na = c->na.n;
    }
    c->csv.numeric = (const char *const *)c->numeric.item;
    c->csv.n_numeric = c->numeric.n;
    c->csv.categorical = (const char *const *)c->categorical.item;
    c->csv.n_categorical = c->categorical.n;
    c->csv.threads = c->threads;   /* from the environment (cli_parse, src/cli/env.h) */
    c->csv.date_format = c->date_format;
    c->csv.max_stdin_bytes = c->max_stdin_bytes;
    c->csv.format = c->input_format;
    c->csv.sheet = c->sheet;
    c->csv.encoding = c->encoding;
    c->csv.codes = c->codes;
}

/* What makes row r a summary row, for messages: "'TOTAL' in column 'id'". */
static void summary_why(const pg_dataset *ds, const pg_summary_row *r, char *buf, size_t size)
{
    if (r->kind == PG_SUMMARY_LABEL) {
        const int32_t *code = pg_dataset_codes(ds, r->col);
        snprintf(buf, size, "'%s' in column '%s'", pg_dataset_level(ds, r->col, code[r->row]),
                 pg_dataset_colname(ds, r->col));
    } else {
        snprintf(buf, size, "its %zu numbers are the sums of the rows above, from column '%s' on",
                 r->n_sums, pg_dataset_colname(ds, r->col));
    }
}

/* The other findings [from, n) as " (also line 8, line 9, other.csv:4)", at most 5 named: a
 * line of the first finding's file by its number, another file's as FILE:LINE. */
static void summary_more(const pg_dataset *ds, const pg_summary_row *rows, size_t from, size_t n,
                         char *buf, size_t size)
{
    size_t len = 0;
    const char *file0 = pg_dataset_row_file(ds, rows[0].row);
    buf[0] = '\0';
    for (size_t k = from; k < n && k < from + 5 && len < size; k++) {
        const char *file = pg_dataset_row_file(ds, rows[k].row);
        int same = strcmp(file, file0) == 0;
        len += (size_t)snprintf(buf + len, size - len, "%s%s%s%ld", k == from ? " (also " : ", ",
                                same ? "line " : file, same ? "" : ":",
                                pg_dataset_row_line(ds, rows[k].row));
    }
    if (n > from + 5 && len < size)
        len += (size_t)snprintf(buf + len, size - len, " and %zu more", n - from - 5);
    if (n > from && len < size) snprintf(buf + len, size - len, ")");
}

/* Stop at summary rows, or leave them out with --drop-summary-rows (cli.h). found: the
 * findings of pg_dataset_summary_rows already made (rows, n; taken over), or 0 to make them. */
static int summary_rows(cli_common *c, pg_dataset *ds, int found, pg_summary_row *rows, size_t n)
{
    pg_error err = {0};
    int rc = found ? PG_OK : pg_dataset_summary_rows(ds, &rows, &n, &err);
    if (rc) return cli_fail(c, &err, rc);
    if (n == 0) return PG_EXIT_OK;
    char why[512], more[512];
    summary_why(ds, &rows[0], why, sizeof why);
    if (!c->drop_summary) {
        summary_more(ds, rows, 1, n, more, sizeof more);
        cli_errorf(c, 0, "%s:%ld: looks like a summary row, not data (%s)%s; remove it, or "
                   "leave it out with --drop-summary-rows", pg_dataset_row_file(ds, rows[0].row),
                   pg_dataset_row_line(ds, rows[0].row), why, more);
        free(rows);
        return PG_EXIT_USAGE;
    }
    for (size_t k = 0; k < n; k++) {
        summary_why(ds, &rows[k], why, sizeof why);
        fprintf(stderr, "prognos %s: %s:%ld: summary row left out (%s)\n", c->cmd,
                pg_dataset_row_file(ds, rows[k].row), pg_dataset_row_line(ds, rows[k].row), why);
    }
    size_t *idx = pg_malloc_array(n, sizeof *idx);
    if (!idx) rc = pg_fail(&err, PG_ENOMEM, "out of memory");
    for (size_t k = 0; idx && k < n; k++) idx[k] = rows[k].row;
    if (!rc) rc = pg_dataset_drop_rows(ds, idx, n, &err);
    free(idx);
    free(rows);
    if (rc) return cli_fail(c, &err, rc);
    fprintf(stderr, "prognos %s: %zu summary row%s left out (--drop-summary-rows)\n", c->cmd, n,
            n == 1 ? "" : "s");
    return PG_EXIT_OK;
}

/* The plan runner's datasets (cli_read_share): each read once, under the key of its files and
 * reader options. */
static struct shared_read { char *key; pg_dataset *ds; } *shared;
static size_t n_shared;

static void key_add(char *key, size_t size, const char *s)
{
    size_t len = strlen(key);
    snprintf(key + len, size - len, "%s\x1f", s ? s : "\x1e");
}

static void key_list(char *key, size_t size, const cli_list *l)
{
    for (size_t i = 0; i < l->n; i++) key_add(key, size, l->item[i]);
    key_add(key, size, "\x1d");
}

/* What decides a reading: the files and every reader option (fill_csv_opts, summary rows). */
void cli_read_key(const cli_common *c, char *key, size_t size)
{
    char num[64];
    key[0] = '\0';
    for (size_t i = 0; i < c->n_files; i++) key_add(key, size, c->files[i]);
    snprintf(num, sizeof num, "%d %d %d %d %llu", c->delim, c->decimal, c->codes,
             c->drop_summary, c->max_stdin_bytes);
    key_add(key, size, num);
    key_list(key, size, &c->na);
    key_list(key, size, &c->numeric);
    key_list(key, size, &c->categorical);
    key_add(key, size, c->input_format);
    key_add(key, size, c->sheet);
    key_add(key, size, c->encoding);
    key_add(key, size, c->date_format);
}

int cli_read_share(const cli_common *c, pg_dataset *ds)
{
    char key[4096];
    cli_read_key(c, key, sizeof key);
    struct shared_read *s = realloc(shared, (n_shared + 1) * sizeof *s);
    if (!s) return PG_ENOMEM;
    shared = s;
    if (!(s[n_shared].key = pg_strdup(key))) return PG_ENOMEM;
    s[n_shared++].ds = ds;
    return PG_OK;
}

void cli_read_unshare(void)
{
    for (size_t i = 0; i < n_shared; i++) free(shared[i].key);
    free(shared);
    shared = NULL;
    n_shared = 0;
}

/* ---- the columns a run needs (issue 19) ---- */

void cli_names_add(cli_names *s, const char *name)
{
    if (s->all || !name) return;
    for (size_t k = 0; k < s->n; k++)
        if (strcmp(s->name[k], name) == 0) return;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 8;
        char **p = realloc(s->name, cap * sizeof *p);
        if (!p) {
            s->all = 1;
            return;
        }
        s->name = p;
        s->cap = cap;
    }
    if (!(s->name[s->n] = pg_strdup(name))) s->all = 1;
    else s->n++;
}

static void names_of_tree(cli_names *s, const pg_expr *e)
{
    if (!e) return;
    if (e->kind == PG_EX_VAR) cli_names_add(s, e->name);
    for (size_t i = 0; i < e->nargs; i++) names_of_tree(s, e->args[i]);
}

void cli_names_text(cli_names *s, const char *text, int in_formula)
{
    if (!text || s->all) return;
    pg_expr *e = NULL;
    pg_error err = {0};
    if (pg_expr_parse(text, in_formula, &e, &err) != PG_OK) s->all = 1;
    else names_of_tree(s, e);
    pg_expr_free(e);
}

void cli_names_label(cli_names *s, const char *item)
{
    const char *eq = strchr(item, '=');
    char *var = eq ? malloc((size_t)(eq - item) + 1) : NULL;
    if (!var) {
        s->all = 1;
        return;
    }
    memcpy(var, item, (size_t)(eq - item));
    var[eq - item] = '\0';
    cli_names_text(s, var, 1);
    free(var);
}

void cli_names_reader(cli_names *s, const cli_common *c)
{
    /* a labels file may name any column; tab-separated files may be read again for decimal
       commas, a decision made from every column (cli_tab_decimal_commas); and cli_read may
       have to read every column after all (pg_dataset_summary_rows_doubt) */
    s->all |= c->labels_file != NULL || cli_tab_files(c);
    for (size_t f = 0; f < c->n_files; f++)   /* standard input cannot be read again */
        s->all |= strcmp(c->files[f], "-") == 0;
}

void cli_names_free(cli_names *s)
{
    for (size_t k = 0; k < s->n; k++) free(s->name[k]);
    free(s->name);
    memset(s, 0, sizeof *s);
}

void cli_needed_columns(const cli_common *c, char ***names, size_t *n)
{
    cli_names s = {0};
    *names = NULL;
    *n = 0;
    cli_names_reader(&s, c);
    cli_names_text(&s, c->formula, 1);
    cli_names_text(&s, c->where, 0);
    cli_names_add(&s, c->id);
    cli_names_add(&s, c->weights);
    for (size_t i = 0; i < c->label.n; i++) cli_names_label(&s, c->label.item[i]);
    for (size_t i = 0; i < c->level.n; i++) cli_names_label(&s, c->level.item[i]);
    if (s.all || s.n == 0) {          /* every column */
        cli_names_free(&s);
        return;
    }
    *names = s.name;
    *n = s.n;
}

static int read_checked(cli_common *c, pg_dataset **ds);

int cli_read(cli_common *c, pg_dataset **ds)
{
    fill_csv_opts(c);
    char **needed = NULL;
    size_t n_needed = 0;
    if (c->needed_only && !n_shared && c->formula) cli_needed_columns(c, &needed, &n_needed);
    c->csv.columns = c->columns ? c->columns : (const char *const *)needed;
    c->csv.n_columns = c->columns ? c->n_columns : n_needed;
    int ex = read_checked(c, ds);
    /* later reads with these options (cox --newdata) read every column */
    c->csv.columns = NULL;
    c->csv.n_columns = 0;
    for (size_t k = 0; k < n_needed; k++) free(needed[k]);
    free(needed);
    return ex;
}

/* cli_read after its choice of columns. */
static int read_checked(cli_common *c, pg_dataset **ds)
{
    pg_error err = {0};
    if (n_shared) {
        char key[4096];
        cli_read_key(c, key, sizeof key);
        for (size_t i = 0; i < n_shared; i++)
            if (strcmp(shared[i].key, key) == 0) {
                *ds = shared[i].ds;
                if (c->json) {
                    c->json->n = pg_dataset_nrow(*ds);
                    c->json->have_n = 1;
                }
                return PG_EXIT_OK;
            }
    }
    int rc = pg_dataset_read(c->files, c->n_files, &c->csv, ds, &err);
    int doubt = 0, found = 0;
    pg_summary_row *rows = NULL;
    size_t n_rows = 0;
    if (rc == PG_OK && c->csv.columns && pg_dataset_ncol(*ds) > 0 &&
        (rc = pg_dataset_summary_rows_check(*ds, &doubt, &rows, &n_rows, &err)) == PG_OK) {
        /* the findings stand unless the file is read again (below) or changed (tab files,
           which are never read by columns: cli_needed_columns) */
        found = !doubt && !cli_tab_files(c);
        if (!found) {
            free(rows);
            rows = NULL;
            n_rows = 0;
        }
    }
    if (rc == PG_OK && doubt) {
        /* what the summary-row check finds may depend on the columns not read: read them */
        pg_dataset_free(*ds);
        *ds = NULL;
        c->csv.columns = NULL;
        c->csv.n_columns = 0;
        rc = pg_dataset_read(c->files, c->n_files, &c->csv, ds, &err);
    }
    if (rc) {
        pg_dataset_free(*ds);
        *ds = NULL;
        cli_hint_read_error(&err);
        return cli_fail(c, &err, rc);
    }
    for (size_t k = 0; k < pg_dataset_nnotes(*ds); k++)
        fprintf(stderr, "prognos %s: note: %s\n", c->cmd, pg_dataset_note(*ds, k));
    int ex = cli_tab_decimal_commas(c, ds);
    if (!ex) ex = summary_rows(c, *ds, found, rows, n_rows);
    else free(rows);
    if (!ex) ex = cli_labels(c, *ds, NULL);
    if (ex) {
        pg_dataset_free(*ds);
        *ds = NULL;
        return ex;
    }
    if (c->json) {   /* the rows read, until a frame says how many it analyses */
        c->json->n = pg_dataset_nrow(*ds);
        c->json->have_n = 1;
    }
    return PG_EXIT_OK;
}


int cli_load(cli_common *c, pg_dataset **ds, pg_frame **fr)
{
    *ds = NULL;
    *fr = NULL;
    if (!c->formula) {
        cli_errorf(c, 1, "a formula is required (-f 'Surv(time, status) ~ group')");
        return PG_EXIT_USAGE;
    }
    int ex = cli_read(c, ds);
    if (ex) return ex;
    pg_error err = {0};
    pg_frame_opts fo;
    pg_frame_opts_init(&fo);
    fo.where = c->where;
    fo.no_groups = c->no_groups;
    fo.censoring = c->censoring;
    fo.no_design = c->no_design;
    fo.max_matrix_bytes = c->max_matrix_bytes;
    fo.censor = (const char *const *)c->censor.item;
    fo.n_censor = c->censor.n;
    fo.cause = c->cause;
    fo.all_causes = c->all_causes;
    fo.counting = c->counting;
    fo.id = c->id;
    fo.weights = c->weights;
    int rc = pg_frame_new(*ds, c->formula, &fo, fr, &err);
    if (rc) {
        cli_hint_names(*ds, strncmp(err.msg, "--where", 7) == 0 ? c->where : c->formula, &err);
        pg_dataset_free(*ds);
        *ds = NULL;
        return cli_fail(c, &err, rc);
    }
    cli_json_frame(c, *fr);
    if ((ex = cli_labels(c, *ds, *fr))) {
        pg_frame_free(*fr);
        pg_dataset_free(*ds);
        *fr = NULL;
        *ds = NULL;
        return ex;
    }
    size_t dropped = pg_frame_dropped(*fr), excluded = pg_frame_excluded(*fr);
    if (dropped)
        fprintf(stderr, "prognos %s: %zu observation%s deleted due to missingness\n", c->cmd,
                dropped, dropped == 1 ? "" : "s");
    if (excluded)
        fprintf(stderr, "prognos %s: %zu row%s excluded by --where\n", c->cmd, excluded,
                excluded == 1 ? "" : "s");
    size_t zero = pg_frame_zero_weight(*fr);
    if (zero)
        fprintf(stderr, "prognos %s: %zu row%s of weight 0 dropped\n", c->cmd, zero,
                zero == 1 ? "" : "s");
    return PG_EXIT_OK;
}

int cli_cox_fit(cli_common *c, const pg_frame *fr, const pg_cox_opts *co, pg_cox **fit)
{
    pg_error err = {0};
    int rc = pg_cox_fit(fr, co, fit, &err);
    if (rc) return cli_fail(c, &err, rc);
    for (size_t k = 0; k < (*fit)->n_warnings; k++)
        cli_warnf(c, "%s", (*fit)->warnings[k]);
    return PG_EXIT_OK;
}

int cli_output_open(cli_common *c, FILE **out)
{
    *out = NULL;
    if (!c->output || strcmp(c->output, "-") == 0) {
        *out = stdout;
        return cli_json_capture(c, out);
    }
    free(c->tmp_path);
    c->tmp_path = NULL;
    /* A device, pipe or FIFO (-o /dev/null, -o /dev/stdout) is written in place: renaming a
     * temporary file onto it would replace the device with a regular file. */
    struct stat st;
    if (stat(c->output, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (!(*out = fopen(c->output, "w"))) {
            cli_errorf(c, 0, "%s: cannot open output file: %s", c->output, strerror(errno));
            return PG_EXIT_USAGE;
        }
        return cli_json_capture(c, out);
    }
    c->tmp_path = pg_strdup_printf("%s.tmp.XXXXXX", c->output);
    if (!c->tmp_path) {
        cli_errorf(c, 0, "out of memory");
        return PG_EXIT_ANALYSIS;
    }
    int fd = mkstemp(c->tmp_path);
    if (fd < 0) {
        cli_errorf(c, 0, "%s: cannot create output file: %s", c->output, strerror(errno));
        free(c->tmp_path);
        c->tmp_path = NULL;
        return PG_EXIT_USAGE;
    }
    /* mkstemp creates 0600; give the result the mode a plain fopen would (0666 & ~umask) */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0)
        cli_errorf(c, 0, "%s: cannot set the file's permissions: %s", c->output, strerror(errno));
    *out = fdopen(fd, "w");
    if (!*out) {
        close(fd);
        unlink(c->tmp_path);
        cli_errorf(c, 0, "%s: cannot open output file: %s", c->output, strerror(errno));
        return PG_EXIT_USAGE;
    }
    return cli_json_capture(c, out);
}

int cli_output_csv(cli_common *c, const pg_dataset *ds)
{
    FILE *out;
    int ex = cli_output_open(c, &out);
    if (ex) return ex;
    pg_error err = {0};
    int rc = pg_dataset_write_csv(ds, out, &err);
    if (rc) cli_report(c, &err);
    return cli_output_close(c, out, cli_exit_code(rc));
}

int cli_output_close(cli_common *c, FILE *out, int status)
{
    if (!out) return status;
    status = cli_json_release(c, &out, status);   /* the captured JSON result, if any */
    if (out == stdout) {
        if (fflush(stdout) != 0 && status == PG_EXIT_OK) {
            cli_errorf(c, 0, "cannot write to standard output: %s", strerror(errno));
            return PG_EXIT_USAGE;
        }
        return status;
    }
    int bad = ferror(out);
    if (fclose(out) != 0) bad = 1;
    if (status == PG_EXIT_OK && bad) {
        cli_errorf(c, 0, "%s: write failed", c->output);
        status = PG_EXIT_USAGE;
    }
    if (!c->tmp_path) return status;          /* written in place (not a regular file) */
    if (status == PG_EXIT_OK) {
        if (rename(c->tmp_path, c->output) != 0) {
            cli_errorf(c, 0, "%s: cannot rename output: %s", c->output, strerror(errno));
            unlink(c->tmp_path);
            status = PG_EXIT_USAGE;
        }
    } else {
        unlink(c->tmp_path);
    }
    free(c->tmp_path);
    c->tmp_path = NULL;
    return status;
}
