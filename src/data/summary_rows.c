/* summary_rows.c -- rows of a spreadsheet export that are not observations: a "Total" or "Mean"
 * line under the data, or a line of column sums. Analysed as a patient, a TOTAL row with 2652
 * months of follow-up moves a median from 131 to 218 months with no warning; these functions
 * find such rows on the built dataset (whatever the reader) and leave them out on request.
 *
 * Thread safety: no state; pg_dataset_summary_rows only reads its dataset. */
#include "dataset_impl.h"
#include "suggest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The words of a summary row's label, as keys: loose keys (suggest.h: accents dropped, case
 * folded) with every blank, '.' and ':' removed ("Total general:" -> "totalgeneral"). English,
 * Spanish, Portuguese, French, German and Italian. */
static const char *const summary_words[] = {
    "total", "totals", "grandtotal", "subtotal", "sum", "sumtotal", "mean", "average", "overall",
    "all", "media", "suma", "totalgeneral", "promedio", "gesamt", "summe", "insgesamt",
    "moyenne", "totale", "somme", "totaux"};

/* Column names that say "one value per row, naming it" (as keys, like the words above). */
static const char *const id_names[] = {
    "id", "study", "studlab", "label", "name", "author", "trial", "patient", "case", "caseid",
    "subject", "record", "paciente", "caso", "estudio", "nombre", "autor", "ensayo", "patient_id",
    "etude", "nom", "studie", "studio", "paziente"};

/* The key of a label: its loose key without blanks, '.' or ':'. 0 if it does not fit. */
static size_t label_key(const char *s, char *key)
{
    char loose[PG_LOOSE_KEY_MAX + 1];
    size_t n = pg_loose_key(s, loose), k = 0;
    for (size_t i = 0; i < n; i++)
        if (loose[i] != ' ' && loose[i] != '.' && loose[i] != ':') key[k++] = loose[i];
    key[k] = '\0';
    return k;
}

static int in_list(const char *key, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(key, list[i]) == 0) return 1;
    return 0;
}

int pg_dataset_summary_word(const char *s, size_t len)
{
    char text[64], key[PG_LOOSE_KEY_MAX + 1];
    if (len < 3 || len >= sizeof text) return 0;   /* "all" is the shortest word */
    memcpy(text, s, len);
    text[len] = '\0';
    return label_key(text, key) &&
           in_list(key, summary_words, sizeof summary_words / sizeof *summary_words);
}

int pg_dataset_summary_id_name(const char *name)
{
    char key[PG_LOOSE_KEY_MAX + 1];
    return label_key(name, key) && in_list(key, id_names, sizeof id_names / sizeof *id_names);
}

/* Whether categorical column j may name its rows: the first column, a column named like an id
 * (id_names), or one whose values are nearly all different (at least 9 in 10 of the values
 * present, and at least 3 of them). */
static int label_column(const pg_dataset *ds, size_t j)
{
    const pg_column *c = &ds->cols[j];
    if (!c->code) return 0;
    if (j == 0 || pg_dataset_summary_id_name(c->name)) return 1;
    size_t present = 0;
    for (size_t i = 0; i < ds->nrow; i++) present += c->code[i] >= 0;
    return present >= 3 && 10 * c->nlevels >= 9 * present;
}

/* For each level of column j, whether it reads as a summary word (a new array, or NULL when
 * no level does; *nomem set if allocation failed). */
static unsigned char *summary_levels(const pg_column *c, int *nomem)
{
    unsigned char *hit = NULL;
    char key[PG_LOOSE_KEY_MAX + 1];
    for (size_t k = 0; k < c->nlevels; k++) {
        if (!label_key(c->levels[k], key) ||
            !in_list(key, summary_words, sizeof summary_words / sizeof *summary_words))
            continue;
        if (!hit && !(hit = calloc(c->nlevels, 1))) {
            *nomem = 1;
            return NULL;
        }
        hit[k] = 1;
    }
    return hit;
}

/* Append one finding to the growing list. */
static int push(pg_summary_row **rows, size_t *n, size_t *cap, pg_summary_row r)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 4;
        pg_summary_row *p = realloc(*rows, nc * sizeof *p);
        if (!p) return PG_ENOMEM;
        *rows = p;
        *cap = nc;
    }
    (*rows)[(*n)++] = r;
    return PG_OK;
}

/* Whether v is the sum s of the values above: equal, or within 1e-9 of it relatively (a sum
 * the spreadsheet rounded to its display, or our own summation order). */
static int is_sum(double v, long double s)
{
    /* the larger magnitude by a comparison, not fmaxl (a library call per row): when s is NaN
       d is NaN and the answer is no whichever m is taken */
    long double d = fabsl((long double)v - s), a = fabsl((long double)v), b = fabsl(s);
    long double m = a > b ? a : b;
    return d == 0 || d <= 1e-9L * m;
}

/* The columns the checks look at, gathered once (a pass visits every row): the numeric ones,
 * and the label columns with a summary level, each list in column order. */
typedef struct cols_seen {
    size_t *num, n_num;
    size_t *lab, n_lab;
} cols_seen;

/* The label finding in row i, if a label column reads a summary word there. */
static int label_hit(const pg_dataset *ds, const cols_seen *cs, unsigned char *const *hits,
                     size_t i, size_t *col)
{
    for (size_t k = 0; k < cs->n_lab; k++) {
        size_t j = cs->lab[k];
        int32_t code = ds->cols[j].code[i];
        if (code >= 0 && hits[j][code]) {
            *col = j;
            return 1;
        }
    }
    return 0;
}

/* The sums check of row i against the running sums of the rows above it in its file: every
 * numeric column with a value in row i and at least 3 values above must hold their sum, at
 * least 2 columns must be checked so, and at least one of those sums must be non-zero (a row of
 * zeros under zeros is data). sum and cnt are indexed as cs->num. */
static int sums_hit(const pg_dataset *ds, const cols_seen *cs, size_t i, const long double *sum,
                    const size_t *cnt, size_t min_checked, size_t *col, size_t *n_sums)
{
    size_t checked = 0, nonzero = 0, first = 0;
    for (size_t k = 0; k < cs->n_num; k++) {
        double x = ds->cols[cs->num[k]].num[i];
        if (isnan(x) || cnt[k] < 3) continue;
        if (!is_sum(x, sum[k])) return 0;
        if (checked++ == 0) first = cs->num[k];
        nonzero += sum[k] != 0;
    }
    if (checked < min_checked || nonzero == 0) return 0;
    *col = first;
    *n_sums = checked;
    return 1;
}

static void add_row(const pg_dataset *ds, const cols_seen *cs, size_t i, long double *sum,
                    size_t *cnt)
{
    for (size_t k = 0; k < cs->n_num; k++) {
        double x = ds->cols[cs->num[k]].num[i];
        if (!isnan(x)) {
            sum[k] += x;
            cnt[k]++;
        }
    }
}

/* Keep a PG_SUMMARY_SUMS finding of file rows [lo, hi) only in the file's last rows: when every
 * row after it is a finding too. A total sits under its column; a row inside the data that
 * happens to equal the sums above (small counts: 4 = 0 + 1 + 3) is data. */
static void drop_inner_sums(pg_summary_row *rows, size_t *n, size_t lo, size_t hi)
{
    size_t first = *n;                     /* the findings of this file: [first, *n) */
    while (first > 0 && rows[first - 1].row >= lo) first--;
    size_t tail = hi;                      /* rows [tail, hi) are all findings */
    for (size_t k = *n; k > first && rows[k - 1].row + 1 == tail; k--) tail--;
    size_t m = first;
    for (size_t k = first; k < *n; k++)
        if (rows[k].kind != PG_SUMMARY_SUMS || rows[k].row >= tail) rows[m++] = rows[k];
    *n = m;
}

/* The check with at least min_checked sum columns per finding (2: pg_dataset_summary_rows).
 * *raw (if not NULL): the findings before drop_inner_sums. */
static int summary_rows(const pg_dataset *ds, size_t min_checked, pg_summary_row **out,
                        size_t *n_out, size_t *raw, pg_error *err)
{
    *out = NULL;
    *n_out = 0;
    size_t cap = 0, nf = ds->file_start ? ds->nfiles : 1;
    unsigned char **hits = pg_calloc_array(ds->ncol ? ds->ncol : 1, sizeof *hits);
    long double *sum = pg_calloc_array(ds->ncol ? ds->ncol : 1, sizeof *sum);
    size_t *cnt = pg_calloc_array(ds->ncol ? ds->ncol : 1, sizeof *cnt);
    int nomem = !hits || !sum || !cnt;
    cols_seen cs = {pg_malloc_array(ds->ncol ? ds->ncol : 1, sizeof *cs.num), 0,
                    pg_malloc_array(ds->ncol ? ds->ncol : 1, sizeof *cs.lab), 0};
    nomem |= !cs.num || !cs.lab;
    for (size_t j = 0; !nomem && j < ds->ncol; j++)
        if (label_column(ds, j)) hits[j] = summary_levels(&ds->cols[j], &nomem);
    for (size_t j = 0; !nomem && j < ds->ncol; j++) {
        if (hits[j]) cs.lab[cs.n_lab++] = j;
        if (!ds->cols[j].code && ds->cols[j].num) cs.num[cs.n_num++] = j;
    }
    /* The running sums start again at each file of a pooled read. */
    for (size_t f = 0; !nomem && f < nf; f++) {
        size_t lo = ds->file_start ? ds->file_start[f] : 0;
        size_t hi = ds->file_start ? ds->file_start[f + 1] : ds->nrow;
        memset(sum, 0, ds->ncol * sizeof *sum);
        memset(cnt, 0, ds->ncol * sizeof *cnt);
        size_t before = *n_out;
        for (size_t i = lo; !nomem && i < hi; i++) {
            pg_summary_row r = {.row = i};
            if (label_hit(ds, &cs, hits, i, &r.col)) r.kind = PG_SUMMARY_LABEL;
            else if (sums_hit(ds, &cs, i, sum, cnt, min_checked, &r.col, &r.n_sums))
                r.kind = PG_SUMMARY_SUMS;
            if (!r.kind) add_row(ds, &cs, i, sum, cnt);
            else if (push(out, n_out, &cap, r)) nomem = 1;
        }
        if (raw) *raw += *n_out - before;
        drop_inner_sums(*out, n_out, lo, hi);
    }
    for (size_t j = 0; hits && j < ds->ncol; j++) free(hits[j]);
    free(hits);
    free(cs.num);
    free(cs.lab);
    free(sum);
    free(cnt);
    if (nomem || *n_out == 0) {    /* none left (drop_inner_sums) is NULL too, as promised */
        free(*out);
        *out = NULL;
        *n_out = 0;
        if (nomem) return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    return PG_OK;
}

int pg_dataset_summary_rows(const pg_dataset *ds, pg_summary_row **out, size_t *n_out,
                            pg_error *err)
{
    return summary_rows(ds, 2, out, n_out, NULL, err);
}

/* Whether file rows [lo, hi) end in a row that no numeric column rules out as a sum: none has
 * a value there with at least 3 values above. */
static int open_last_row(const pg_dataset *ds, size_t lo, size_t hi)
{
    if (hi - lo < 4) return 1;
    for (size_t j = 0; j < ds->ncol; j++) {
        const double *x = ds->cols[j].code ? NULL : ds->cols[j].num;
        if (!x || isnan(x[hi - 1])) continue;
        size_t n = 0;
        for (size_t i = lo; i < hi - 1 && n < 3; i++) n += !isnan(x[i]);
        if (n >= 3) return 0;
    }
    return 1;
}

/*
 * Both checks, in one pass over the rows when the check with one sum column finds nothing
 * before drop_inner_sums (most data): then the check with two finds nothing either. Proof, by
 * induction over a file's rows: while neither check has found a row, both have added the same
 * rows to the same sums; a row the two-column check finds there has a label hit (the same for
 * both) or sums in at least 2 >= 1 columns under the same conditions, so the one-column check
 * finds it too.
 */
int pg_dataset_summary_rows_check(const pg_dataset *ds, int *doubt, pg_summary_row **rows,
                                  size_t *n_rows, pg_error *err)
{
    pg_summary_row *one = NULL;
    size_t n = 0, raw = 0, nf = ds->file_start ? ds->nfiles : 1;
    *doubt = 0;
    *rows = NULL;
    *n_rows = 0;
    int rc = summary_rows(ds, 1, &one, &n, &raw, err);
    free(one);
    if (rc) return rc;
    *doubt = n > 0 || ds->skipped_summary_word;
    for (size_t f = 0; !*doubt && f < nf; f++)
        *doubt = open_last_row(ds, ds->file_start ? ds->file_start[f] : 0,
                               ds->file_start ? ds->file_start[f + 1] : ds->nrow);
    return raw ? summary_rows(ds, 2, rows, n_rows, NULL, err) : PG_OK;
}

int pg_dataset_summary_rows_doubt(const pg_dataset *ds, int *doubt, pg_error *err)
{
    pg_summary_row *rows = NULL;
    size_t n = 0, nf = ds->file_start ? ds->nfiles : 1;
    *doubt = 0;
    int rc = summary_rows(ds, 1, &rows, &n, NULL, err);
    free(rows);
    if (rc) return rc;
    *doubt = n > 0;
    for (size_t f = 0; !*doubt && f < nf; f++)
        *doubt = open_last_row(ds, ds->file_start ? ds->file_start[f] : 0,
                               ds->file_start ? ds->file_start[f + 1] : ds->nrow);
    return PG_OK;
}

/* Remove the rows marked in drop from column c (nrow rows before), and the levels no row uses
 * any more (a "Total" level must not linger as an empty group). */
static void compact_column(pg_column *c, const unsigned char *drop, size_t nrow, size_t *remap)
{
    size_t m = 0;
    for (size_t i = 0; i < nrow; i++) {
        if (drop[i]) continue;
        if (c->num) c->num[m] = c->num[i];
        if (c->code) c->code[m] = c->code[i];
        m++;
    }
    if (!c->code) return;
    for (size_t k = 0; k < c->nlevels; k++) remap[k] = 0;
    for (size_t i = 0; i < m; i++)
        if (c->code[i] >= 0) remap[c->code[i]] = 1;
    size_t kept = 0;
    for (size_t k = 0; k < c->nlevels; k++) {
        if (!remap[k]) {
            if (!c->level_block) free(c->levels[k]);
            continue;
        }
        c->levels[kept] = c->levels[k];
        remap[k] = kept++;
    }
    c->nlevels = kept;
    for (size_t i = 0; i < m; i++)
        if (c->code[i] >= 0) c->code[i] = (int32_t)remap[c->code[i]];
}

int pg_dataset_drop_rows(pg_dataset *ds, const size_t *rows, size_t n, pg_error *err)
{
    if (n == 0) return PG_OK;
    size_t maxlev = 1;
    for (size_t j = 0; j < ds->ncol; j++)
        if (ds->cols[j].nlevels > maxlev) maxlev = ds->cols[j].nlevels;
    unsigned char *drop = calloc(ds->nrow ? ds->nrow : 1, 1);
    size_t *remap = pg_malloc_array(maxlev, sizeof *remap);
    /* The kept rows are no longer on consecutive lines: keep each one's line. */
    long *line = ds->row_line;
    if (!line && ds->file_start) line = pg_malloc_array(ds->nrow ? ds->nrow : 1, sizeof *line);
    if (!drop || !remap || (ds->file_start && !line)) {
        free(drop);
        free(remap);
        if (line != ds->row_line) free(line);
        return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < n; k++) {
        if (rows[k] >= ds->nrow) {
            free(drop);
            free(remap);
            if (line != ds->row_line) free(line);
            return pg_fail(err, PG_EINPUT, "row %zu is not in the dataset (%zu rows)",
                           rows[k] + 1, ds->nrow);
        }
        drop[rows[k]] = 1;
    }
    if (line && line != ds->row_line)
        for (size_t i = 0; i < ds->nrow; i++) line[i] = pg_dataset_row_line(ds, i);
    for (size_t j = 0; j < ds->ncol; j++) compact_column(&ds->cols[j], drop, ds->nrow, remap);
    size_t m = 0, f = 0;
    for (size_t i = 0; i < ds->nrow; i++) {
        /* file_start[f] becomes the number of kept rows before the file's first row */
        while (ds->file_start && f <= ds->nfiles && ds->file_start[f] == i)
            ds->file_start[f++] = m;
        if (drop[i]) continue;
        if (line) line[m] = line[i];
        m++;
    }
    while (ds->file_start && f <= ds->nfiles) ds->file_start[f++] = m;
    ds->row_line = line;
    ds->nrow = m;
    free(drop);
    free(remap);
    return PG_OK;
}
