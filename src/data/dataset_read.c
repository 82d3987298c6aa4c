/* dataset_read.c -- case-series CSV files into a typed dataset (pg_dataset_read_csv*).
 *
 * One streaming pass per file through the tokenizer (csv.c). Each column starts out numeric:
 * its cells are parsed into a growing array of doubles (8 bytes a cell, no text kept). The
 * first non-missing cell that is not a finite number turns the column categorical from that
 * row on ("flip"): later cells go into int32 codes through a hash table of the texts seen.
 * The cells before the flip were numbers whose text we did not keep, and levels must be the
 * original texts ("1.50" stays "1.50"), so such a column is completed by a second pass over
 * the file that reads only those cells and stops at the last row it needs. Standard input is
 * copied to a temporary file while it is read, so it can be read twice as well. The same
 * second pass converts a column that is numeric in one pooled file but categorical in another.
 * At the end levels are sorted by strcmp (R's factor() in the C locale) and codes remapped.
 *
 * Type rule (as R's type.convert, without logical/integer distinctions): numeric when every
 * non-missing value is a finite decimal number, else categorical; --numeric makes a
 * non-number an error, --categorical keeps numbers as text. A categorical column whose every
 * level is a date becomes a date column at the end (dataset_dates.c), unless --categorical.
 *
 * Other formats (source.c): a CSV in another encoding is converted to UTF-8 first and then
 * scanned like any other; a workbook or statistics file is read into a table of texts
 * (rows.h) that both passes replay through the same callbacks, a NULL text for a missing cell.
 */
#include "csv_scan.h"
#include "dataset_impl.h"
#include "reader.h"
#include "source.h"
#include "strindex.h"
#include "suggest.h"
#include "prognos/date.h"
#include "prognos/limits.h"

#include <errno.h>
#include <locale.h>
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- one file being read ---- */

static const char *const default_na[] = {"", "NA", "N/A", "NaN", ".", "?"};

static int is_na(const reader *r, const char *s, size_t len)
{
    if (!s) return 1;                    /* a missing cell of a workbook or statistics file */
    if (len == 0) return r->na_empty;
    if (len > r->na_maxlen || !r->na_first[(unsigned char)s[0]]) return 0;
    for (size_t k = 0; k < r->n_na; k++)
        if (strlen(r->na[k]) == len && memcmp(r->na[k], s, len) == 0) return 1;
    return 0;
}

static void rfile_free(rfile *f)
{
    if (!f) return;
    for (size_t j = 0; j < f->ncol; j++) {
        free(f->cols[j].name);
        free(f->cols[j].num);
        free(f->cols[j].code);
        pg_levtab_free(&f->cols[j].lv);
    }
    free(f->cols);
    pg_strindex_clear(&f->names);
    free(f->row_line);
    free(f->name);
    if (f->spool) fclose(f->spool);
    pg_source_free(&f->src);
    memset(f, 0, sizeof *f);
}

static int nomem(reader *r)
{
    return pg_fail(r->err, PG_ENOMEM, "out of memory");
}

static int in_list(const char *const *l, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (l[k] && strcmp(l[k], name) == 0) return 1;
    return 0;
}

static int header_field(reader *r, const char *s, size_t len, size_t field, long line)
{
    rfile *f = r->f;
    if (field == 0) {           /* the delimiter is known now; the decimal mark follows it */
        f->header_line = line;
        f->delim = r->sc->delim_used;
        f->dec = f->src.rows ? '.' : r->opt->decimal ? r->opt->decimal
                                   : f->delim == ';' ? ',' : '.';
    }
    if (len == 0)
        return pg_fail_at(r->err, PG_EINPUT, f->name, line, (long)field + 1,
                          "column %zu has an empty name", field + 1);
    long j = pg_strindex_get(&f->names, s);      /* hashed: a wide header is linear */
    if (j >= 0)
        return pg_fail_at(r->err, PG_EINPUT, f->name, line, (long)field + 1,
                          "duplicate column name '%s' (columns %ld and %zu)", s, j + 1,
                          field + 1);
    if (r->pooled && strcmp(s, r->opt->source_column) == 0)
        return pg_fail_at(r->err, PG_EINPUT, f->name, line, (long)field + 1,
                          "column '%s' already exists, but pooled files get a column '%s' "
                          "naming each file; rename the column", s, s);
    if (f->ncol == f->colcap) {    /* doubling: a wide header is not copied once per column */
        size_t cap = f->colcap ? 2 * f->colcap : 16;
        rcol *cols = cap < SIZE_MAX / sizeof *cols ? realloc(f->cols, cap * sizeof *cols) : NULL;
        if (!cols) return nomem(r);
        f->cols = cols;
        f->colcap = cap;
    }
    rcol *c = &f->cols[f->ncol];
    memset(c, 0, sizeof *c);
    if (!(c->name = pg_strdup(s))) return nomem(r);
    f->ncol++;
    if (pg_strindex_add(&f->names, c->name, f->ncol - 1) < 0) return nomem(r);
    if (in_list(r->opt->numeric, r->opt->n_numeric, s)) c->force = FORCE_NUM;
    if (in_list(r->opt->categorical, r->opt->n_categorical, s)) c->force = FORCE_CAT;
    if (c->force == FORCE_CAT) c->cat = 1;
    return PG_OK;
}

/* Rows held before the size of the file is used to guess the rest. */
#define FIRST_ROWS 1024

/* The rows to make room for at the first growth: the file's (or part's) size over the bytes per
 * row of the first FIRST_ROWS rows, with 1/16 to spare. Quoting marks and line ends are not in
 * the sample, so the guess errs high; a guess too low grows by doubling from there. One
 * allocation of the right size is what lets a column get huge pages (alloc.c) instead of being
 * copied at each doubling. */
static size_t rows_guess(const rfile *f)
{
    size_t twice = 2 * f->cap;
    if (!f->bytes || f->cap != FIRST_ROWS || f->sampled == 0) return twice;
    double per_row = (double)f->sampled / (double)f->nrow;
    double rows = (double)f->bytes / per_row;
    rows += rows / 16;
    if (!(rows < (double)(SIZE_MAX / 16))) return twice;
    return (size_t)rows > twice ? (size_t)rows : twice;
}

/* Make room for one more row in every column. */
static int grow_rows(reader *r)
{
    rfile *f = r->f;
    size_t old = f->cap, cap = old ? rows_guess(f) : FIRST_ROWS;
    if (f->row_line) {
        long *rl = pg_realloc_array(f->row_line, old, cap, sizeof *rl);
        if (!rl) return nomem(r);
        f->row_line = rl;
    }
    for (size_t j = 0; j < f->ncol; j++) {
        rcol *c = &f->cols[j];
        if (c->skip) continue;
        if (c->cat) {
            int32_t *code = pg_realloc_array(c->code, old, cap, sizeof *code);
            if (!code) return nomem(r);
            c->code = code;
        } else {
            double *num = pg_realloc_array(c->num, old, cap, sizeof *num);
            if (!num) return nomem(r);
            c->num = num;
        }
    }
    f->cap = cap;
    return PG_OK;
}

/* Turn c categorical from row `row` on; rows before keep their numbers until pass 2. */
static int flip_column(reader *r, rcol *c, size_t row)
{
    int32_t *code = pg_malloc_array(r->f->cap ? r->f->cap : 1, sizeof *code);
    if (!code) return nomem(r);
    c->code = code;
    c->cat = 1;
    c->flip = row;
    for (size_t i = 0; i < row; i++) code[i] = -1;
    if (c->pending == 0) {          /* only missing values so far: no text needed */
        free(c->num);
        c->num = NULL;
        c->flip = 0;
    }
    return PG_OK;
}

/* Kept out of line so that data_field, called for every cell, needs no large stack frame. */
static __attribute__((noinline)) int fail_not_number(reader *r, const rcol *c, const char *s,
                                                     size_t len, size_t field, long line)
{
    char ex[200];
    pg_csv_excerpt(ex, sizeof ex, s, len);
    return pg_fail_at(r->err, PG_EINPUT, r->f->name, line, (long)field + 1,
                      "cannot parse '%s' as a number in column '%s'", ex, c->name);
}

static int data_field(reader *r, const char *s, size_t len, size_t field, long line)
{
    rfile *f = r->f;
    size_t row = f->nrow;
    if (field == 0 && row == f->cap) {
        int rc = grow_rows(r);
        if (rc) return rc;
    }
    f->sampled += len + 1;
    rcol *c = &f->cols[field];
    if (c->skip) {                       /* not needed: its value is never converted, but a */
        unsigned char c0 = len ? (unsigned char)s[0] : 0;   /* "Total" there may label a */
        if (!f->skipped_word && (isalpha(c0) || c0 >= 0x80) &&   /* summary row */
            pg_dataset_summary_word(s, len))
            f->skipped_word = 1;
        return PG_OK;
    }
    int miss = is_na(r, s, len);
    if (!c->cat) {
        double v;
        if (miss) {
            c->num[row] = NAN;
        } else if (pg_csv_parse_double(s, len, f->dec, &v)) {
            c->num[row] = v;
            c->pending++;
        } else if (len == 0) {           /* "" not a missing token: NA here, a level later */
            c->num[row] = NAN;
            c->pending++;
        } else if (c->force == FORCE_NUM) {
            return fail_not_number(r, c, s, len, field, line);
        } else {
            int rc = flip_column(r, c, row);
            if (rc) return rc;
        }
        if (!c->cat) return PG_OK;
    }
    if (miss) {
        c->code[row] = -1;
    } else {
        int32_t k = pg_levtab_intern(&c->lv, s, len);
        if (k < 0) return nomem(r);
        c->code[row] = k;
    }
    return PG_OK;
}

int pg_reader_on_field(void *ctx, const char *s, size_t len, size_t field, long line,
                       size_t record)
{
    reader *r = ctx;
    if (r->pass == 2) {
        if (record == 0) return PG_OK;
        rcol *c = &r->f->cols[field];
        if (!c->redo || r->row >= c->flip) return PG_OK;
        if (is_na(r, s, len)) {
            c->code[r->row] = -1;
        } else {
            int32_t k = pg_levtab_intern(&c->lv, s, len);
            if (k < 0) return nomem(r);
            c->code[r->row] = k;
        }
        return PG_OK;
    }
    return record == 0 ? header_field(r, s, len, field, line) : data_field(r, s, len, field, line);
}

/* At the end of the header: mark the columns the caller does not need (pg_csv_opts.columns).
 * Only for one file (pooled files would have to agree on every name), and only when every
 * needed name is in the header, so that a message about an unknown name lists every column.
 * Kept whatever the list says: the first column and columns named like an id, which
 * pg_dataset_summary_rows reads as row labels, and the forced columns. */
static void mark_skipped(reader *r, rfile *f)
{
    const pg_csv_opts *o = r->opt;
    if (!o->columns || r->pooled || f->ncol == 0) return;
    for (size_t k = 0; k < o->n_columns; k++)
        if (o->columns[k] && pg_strindex_get(&f->names, o->columns[k]) < 0) return;
    for (size_t j = 1; j < f->ncol; j++) {
        rcol *c = &f->cols[j];
        c->skip = c->force == FORCE_NONE && !in_list(o->columns, o->n_columns, c->name) &&
                  !pg_dataset_summary_id_name(c->name);
    }
}

int pg_reader_on_record(void *ctx, size_t nfields, long line, size_t record)
{
    reader *r = ctx;
    (void)nfields;
    if (record == 0) {
        if (r->pass == 1) mark_skipped(r, r->f);
        return PG_OK;
    }
    if (r->pass == 2) {
        r->row++;
        return r->row >= r->stop ? PG_CSV_STOP : PG_OK;
    }
    rfile *f = r->f;
    if (f->nrow == 0) f->first_line = line;
    if (!f->row_line && line != f->first_line + (long)f->nrow) {
        /* the first row off the regular pattern: from now on keep every row's line */
        if (!(f->row_line = pg_malloc_array(f->cap, sizeof *f->row_line))) return nomem(r);
        for (size_t i = 0; i < f->nrow; i++) f->row_line[i] = f->first_line + (long)i;
    }
    if (f->row_line) f->row_line[f->nrow] = line;
    f->nrow++;
    return PG_OK;
}

/* Replay the table of a workbook or statistics file as the scanner would feed it. */
static int replay_rows(reader *r, rfile *f)
{
    const pg_rows *t = f->src.rows;
    pg_csv_scan sc;
    memset(&sc, 0, sizeof sc);
    sc.delim_used = ',';
    r->f = f;
    r->sc = &sc;
    r->row = 0;
    int rc = t->nrec == 0 ? pg_fail_at(r->err, PG_EINPUT, f->name, 0, 0, "no header row")
                          : PG_OK;
    for (size_t rec = 0; rc == PG_OK && rec < t->nrec; rec++) {
        for (size_t j = 0; rc == PG_OK && j < t->ncol; j++) {
            size_t len;
            const char *s = pg_rows_get(t, rec, j, &len);
            rc = pg_reader_on_field(r, s, len, j, t->loc[rec], rec);
        }
        /* labelled columns are categorical whatever their labels look like */
        for (size_t j = 0; rc == PG_OK && rec == 0 && r->pass == 1 && t->cat && j < t->ncol; j++)
            if (t->cat[j] && f->cols[j].force == FORCE_NONE) {
                f->cols[j].force = FORCE_CAT;
                f->cols[j].cat = 1;
            }
        if (rc == PG_OK) rc = pg_reader_on_record(r, t->ncol, t->loc[rec], rec);
    }
    if (rc == PG_CSV_STOP) rc = PG_OK;
    if (rc != PG_OK) pg_rows_relocate(t, f->name, r->err);
    r->sc = NULL;
    return rc;
}

/* Scan one file: pass 1 reads everything, pass 2 only the cells of columns marked redo. */
static int scan_file(reader *r, rfile *f)
{
    FILE *in;
    int is_stdin = strcmp(f->path, "-") == 0;
    if (f->src.rows) return replay_rows(r, f);
    if (f->src.conv) {
        in = f->src.conv;
        rewind(in);
    } else if (r->pass == 2 && is_stdin) {
        in = f->spool;
        rewind(in);
    } else if (is_stdin) {
        in = stdin;
        if (!(f->spool = tmpfile()))
            return pg_fail(r->err, PG_EIO, "cannot create a temporary file for standard input");
    } else if (!(in = fopen(f->path, "rb"))) {
        return pg_fail_at(r->err, PG_EIO, f->name, 0, 0, "cannot open: %s", strerror(errno));
    }
    struct stat stb;
    if (r->pass == 1 && r->opt->threads >= 2 && !is_stdin && !f->src.conv &&
        fstat(fileno(in), &stb) == 0 && S_ISREG(stb.st_mode)) {
        int rc = pg_reader_scan_split(r, f, in, (unsigned long long)stb.st_size,
                                      pg_reader_on_field, pg_reader_on_record);
        if (rc != PG_CSV_STOP) {
            fclose(in);
            return rc;
        }
    }
    f->bytes = r->pass == 1 && !is_stdin && !f->src.conv && fstat(fileno(in), &stb) == 0 &&
                       S_ISREG(stb.st_mode)
                   ? (unsigned long long)stb.st_size
                   : 0;
    pg_csv_scan sc;
    memset(&sc, 0, sizeof sc);
    sc.name = f->name;
    sc.in = in;
    sc.spool = r->pass == 1 && is_stdin ? f->spool : NULL;
    /* standard input is copied to a temporary file and held in memory: bounded (limits.h) */
    if (sc.spool)
        sc.max_bytes = r->opt->max_stdin_bytes ? r->opt->max_stdin_bytes
                                               : (unsigned long long)PG_LIMIT_STDIN_BYTES;
    sc.delim = r->pass == 2 ? f->delim : r->opt->delim;
    /* 2 or more: a second thread may be used, as pg_run_pair reads the option; never the
     * scanner's test-only PG_CSV_THREADS_ALWAYS (3), which a public value must not reach */
    sc.threads = r->opt->threads >= 2 ? 2 : 1;
    sc.field = pg_reader_on_field;
    sc.record = pg_reader_on_record;
    sc.ctx = r;
    sc.err = r->err;
    r->f = f;
    r->sc = &sc;
    r->row = 0;
    int rc = pg_csv_scan_run(&sc);
    if (!is_stdin && !f->src.conv) fclose(in);
    else if (r->pass == 1 && rc == PG_OK && fflush(f->spool) != 0)
        rc = pg_fail(r->err, PG_EIO, "cannot write the temporary copy of standard input");
    r->sc = NULL;
    return rc;
}

/* Turn a column that is numeric in this file into a categorical one (it is categorical in the
 * pooled data); its non-missing cells need their text from pass 2. */
static int make_categorical(reader *r, rfile *f, rcol *c)
{
    if (c->cat) return PG_OK;
    int32_t *code = pg_malloc_array(f->nrow ? f->nrow : 1, sizeof *code);
    if (!code) return nomem(r);
    for (size_t i = 0; i < f->nrow; i++) code[i] = -1;
    c->code = code;
    c->cat = 1;
    c->flip = f->nrow;
    if (c->pending == 0) {
        free(c->num);
        c->num = NULL;
        c->flip = 0;
    }
    return PG_OK;
}

/* Stem of a path: "lms_a" for "x/lms_a.csv", "stdin" for "-". */
static char *path_stem(const char *path)
{
    if (strcmp(path, "-") == 0) return pg_strdup("stdin");
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *s = malloc(len + 1);
    if (!s) return NULL;
    memcpy(s, base, len);
    s[len] = '\0';
    return s;
}

/* Sorted, de-duplicated union of texts[0..n) put into column c as its levels (one block);
 * texts is sorted in place. */
static int set_levels(pg_column *c, char **texts, size_t n)
{
    size_t m = pg_sort_distinct_text((const char **)texts, n), bytes = 0;
    for (size_t k = 0; k < m; k++) bytes += strlen(texts[k]) + 1;
    c->levels = pg_malloc_array(m ? m : 1, sizeof *c->levels);
    c->level_block = malloc(bytes ? bytes : 1);
    if (!c->levels || !c->level_block) return PG_ENOMEM;
    char *p = c->level_block;
    for (size_t k = 0; k < m; k++) {
        size_t len = strlen(texts[k]) + 1;
        memcpy(p, texts[k], len);
        c->levels[k] = p;
        p += len;
    }
    c->nlevels = m;
    return PG_OK;
}

static size_t find_level(const pg_column *c, const char *s)
{
    size_t lo = 0, hi = c->nlevels;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(c->levels[mid], s);
        if (d == 0) return mid;
        if (d < 0) lo = mid + 1;
        else hi = mid;
    }
    return 0;   /* not reached: s is one of the levels */
}

/* Build output column c (pooled column name) from the files' columns: local[f] is the index of
 * the column in file f or -1. Arrays are moved when there is a single file. */
static int build_column(pg_column *c, rfile *files, size_t n, const long *local, size_t total)
{
    if (c->type == PG_COL_NUMERIC) {
        if (n == 1 && local[0] >= 0) {
            rcol *rc = &files[0].cols[local[0]];
            double *num = rc->num;
            rc->num = NULL;
            if (!num) num = malloc(sizeof *num);
            else if (total) {
                double *shrunk = realloc(num, total * sizeof *num);
                if (shrunk) num = shrunk;
            }
            if (!num) return PG_ENOMEM;
            c->num = num;
            return PG_OK;
        }
        if (!(c->num = pg_malloc_array(total ? total : 1, sizeof *c->num))) return PG_ENOMEM;
        size_t at = 0;
        for (size_t f = 0; f < n; f++) {
            size_t nr = files[f].nrow;
            if (local[f] >= 0) {
                /* a header-only file has no array at all: memcpy(NULL, 0) is undefined */
                if (nr) memcpy(c->num + at, files[f].cols[local[f]].num, nr * sizeof(double));
            }
            else for (size_t i = 0; i < nr; i++) c->num[at + i] = NAN;
            at += nr;
        }
        return PG_OK;
    }
    /* categorical: the files' levels sorted together; equal texts become one level, and each
     * file's local code maps to its position (no searching). */
    size_t nt = 0;
    for (size_t f = 0; f < n; f++)
        if (local[f] >= 0) nt += files[f].cols[local[f]].lv.n;
    /* each file's level texts, by their offset among all the files' levels */
    pg_text_ref *refs = pg_malloc_array(nt ? nt : 1, sizeof *refs);
    int32_t *remap = pg_malloc_array(nt ? nt : 1, sizeof *remap);   /* by ref offset */
    size_t *first = pg_malloc_array(n, sizeof *first);               /* file's first ref */
    int rc = refs && remap && first ? PG_OK : PG_ENOMEM;
    nt = 0;
    for (size_t f = 0; rc == PG_OK && f < n; f++) {
        first[f] = nt;
        if (local[f] < 0) continue;
        levtab *t = &files[f].cols[local[f]].lv;
        for (size_t k = 0; k < t->n; k++) {
            refs[nt + k].s = t->str[k];
            refs[nt + k].at = nt + k;
        }
        nt += t->n;
    }
    size_t bytes = 0, m = 0;
    if (rc == PG_OK) {
        qsort(refs, nt, sizeof *refs, pg_text_ref_cmp);
        for (size_t k = 0; k < nt; k++) {
            if (m == 0 || strcmp(refs[k].s, refs[m - 1].s) != 0) {
                refs[m].s = refs[k].s;          /* refs[0..m) become the distinct levels */
                bytes += strlen(refs[k].s) + 1;
                m++;
            }
            remap[refs[k].at] = (int32_t)(m - 1);
        }
        c->levels = pg_malloc_array(m ? m : 1, sizeof *c->levels);
        c->level_block = malloc(bytes ? bytes : 1);
        if (!c->levels || !c->level_block) rc = PG_ENOMEM;
    }
    if (rc == PG_OK) {
        char *p = c->level_block;
        for (size_t k = 0; k < m; k++) {
            size_t len = strlen(refs[k].s) + 1;
            memcpy(p, refs[k].s, len);
            c->levels[k] = p;
            p += len;
        }
        c->nlevels = m;
    }
    free(refs);
    int32_t *code = NULL;
    if (rc == PG_OK && n == 1 && local[0] >= 0) {
        code = files[0].cols[local[0]].code;
        files[0].cols[local[0]].code = NULL;
        if (total) {
            int32_t *shrunk = realloc(code, total * sizeof *code);
            if (shrunk) code = shrunk;
        }
    } else if (rc == PG_OK) {
        code = pg_malloc_array(total ? total : 1, sizeof *code);
    }
    if (rc == PG_OK && !code) rc = PG_ENOMEM;
    c->code = code;
    size_t at = 0;
    for (size_t f = 0; rc == PG_OK && f < n; f++) {
        size_t nr = files[f].nrow;
        if (local[f] < 0) {
            for (size_t i = 0; i < nr; i++) code[at + i] = -1;
        } else {
            const int32_t *src = files[f].cols[local[f]].code;
            if (!src) src = code + at;                   /* moved: remap in place */
            const int32_t *map = remap + first[f];
            for (size_t i = 0; i < nr; i++) code[at + i] = src[i] < 0 ? -1 : map[src[i]];
        }
        at += nr;
    }
    free(remap);
    free(first);
    return rc;
}

int pg_dataset_read_csv(const char *path, const pg_csv_opts *opt, pg_dataset **out,
                        pg_error *err)
{
    return pg_dataset_read_csv_files(&path, 1, opt, out, err);
}

typedef struct ucol {         /* a column of the pooled data */
    const char *name;
    int cat;
    int force;
} ucol;

/* The column name closest to name (suggest.h's rule), or NULL. PG_ENOMEM if the list of
 * names cannot be made. */
static int nearest_name(const ucol *u, size_t m, const char *name, const char **near)
{
    const char **names = pg_malloc_array(m ? m : 1, sizeof *names);
    *near = NULL;
    if (!names) return PG_ENOMEM;
    for (size_t k = 0; k < m; k++) names[k] = u[k].name;
    *near = pg_suggest(name, names, m);
    free(names);
    return PG_OK;
}

/* Pass 1: every file read in full. *total gets the number of data rows. */
static int read_pass1(reader *r, rfile *files, const char *const *paths, size_t n, size_t *total)
{
    r->pass = 1;
    *total = 0;
    for (size_t f = 0; f < n; f++) {
        files[f].path = paths[f];
        files[f].name = pg_strdup(strcmp(paths[f], "-") == 0 ? "<stdin>" : paths[f]);
        if (!files[f].name) return nomem(r);
        int rc = pg_source_open(paths[f], files[f].name, r->opt, &files[f].src, r->err);
        if (rc == PG_OK) rc = scan_file(r, &files[f]);
        if (rc != PG_OK) return rc;
        *total += files[f].nrow;
    }
    return PG_OK;
}

/* The pooled columns, in order of first appearance, into *u (m of them; the caller frees *u):
 * categorical when categorical in any file. Every column forced numeric or categorical must
 * exist. */
static int pool_columns(reader *r, const rfile *files, size_t n, ucol **u_out, size_t *m_out)
{
    const pg_csv_opts *opt = r->opt;
    size_t ucap = 0, m = 0;
    for (size_t f = 0; f < n; f++) ucap += files[f].ncol;
    ucol *u = pg_calloc_array(ucap ? ucap : 1, sizeof *u);
    pg_strindex pooled;                           /* u's names -> k, hashed */
    pg_strindex_init(&pooled);
    *u_out = u;
    *m_out = 0;
    if (!u) return nomem(r);
    for (size_t f = 0; f < n; f++)
        for (size_t j = 0; j < files[f].ncol; j++) {
            const rcol *c = &files[f].cols[j];
            if (c->skip) continue;
            long k = pg_strindex_add(&pooled, c->name, m);
            if (k < 0) {
                pg_strindex_clear(&pooled);
                return nomem(r);
            }
            if ((size_t)k == m) {
                u[m].name = c->name;
                u[m].force = c->force;
                m++;
            }
            if (c->cat) u[k].cat = 1;
        }
    *m_out = m;
    for (size_t k = 0; k < opt->n_numeric + opt->n_categorical; k++) {
        int num = k < opt->n_numeric;
        const char *name = num ? opt->numeric[k] : opt->categorical[k - opt->n_numeric];
        if (pg_strindex_get(&pooled, name) < 0) {
            pg_strindex_clear(&pooled);
            const char *near;
            if (nearest_name(u, m, name, &near)) return nomem(r);
            return pg_fail(r->err, PG_EINPUT, "no column named '%s' (given as %s)%s%s%s", name,
                           num ? "numeric" : "categorical", near ? "; did you mean '" : "",
                           near ? near : "", near ? "'?" : "");
        }
    }
    pg_strindex_clear(&pooled);
    return PG_OK;
}

/* Pass 2, file by file, where a pooled categorical column needs the text of cells this file
 * read as numbers. local[k * n + f] is pooled column k's index in file f, or -1. */
static int read_pass2(reader *r, rfile *files, size_t n, const ucol *u, size_t m,
                      const long *local)
{
    r->pass = 2;
    for (size_t f = 0; f < n; f++) {
        size_t stop = 0;
        int rc;
        for (size_t k = 0; k < m; k++) {
            long j = local[k * n + f];
            if (j < 0 || !u[k].cat) continue;
            rcol *c = &files[f].cols[j];
            r->f = &files[f];
            if ((rc = make_categorical(r, &files[f], c)) != PG_OK) return rc;
            if (c->num && c->flip > 0) {
                c->redo = 1;
                if (c->flip > stop) stop = c->flip;
            }
        }
        if (stop == 0) continue;
        r->stop = stop;
        if ((rc = scan_file(r, &files[f])) != PG_OK) return rc;
        for (size_t j = 0; j < files[f].ncol; j++) {
            rcol *c = &files[f].cols[j];
            if (!c->redo) continue;
            free(c->num);
            c->num = NULL;
            c->redo = 0;
            c->flip = 0;
        }
    }
    return PG_OK;
}

/* Where the rows came from: each file's name, first row and first line, and each row's line
 * when some file's rows are not one per line. PG_OK or PG_ENOMEM. */
static int set_row_origins(pg_dataset *ds, rfile *files, size_t n, size_t total)
{
    if (!(ds->files = pg_calloc_array(n, sizeof *ds->files))) return PG_ENOMEM;
    for (size_t f = 0; f < n; f++) {
        ds->nfiles = f + 1;
        if (!(ds->files[f] = pg_strdup(files[f].name))) return PG_ENOMEM;
    }
    ds->file_start = pg_malloc_array(n + 1, sizeof *ds->file_start);
    ds->file_line = pg_malloc_array(n, sizeof *ds->file_line);
    if (!ds->file_start || !ds->file_line) return PG_ENOMEM;
    int irregular = 0;
    size_t at = 0;
    for (size_t f = 0; f < n; f++) {
        ds->file_start[f] = at;
        ds->file_line[f] = files[f].first_line;
        irregular |= files[f].row_line != NULL;
        at += files[f].nrow;
    }
    ds->file_start[n] = at;
    if (irregular && n == 1) {
        ds->row_line = files[0].row_line;
        files[0].row_line = NULL;
    } else if (irregular) {
        if (!(ds->row_line = pg_malloc_array(total ? total : 1, sizeof *ds->row_line)))
            return PG_ENOMEM;
        at = 0;
        for (size_t f = 0; f < n; f++) {
            for (size_t i = 0; i < files[f].nrow; i++)
                ds->row_line[at + i] = files[f].row_line ? files[f].row_line[i]
                                                         : files[f].first_line + (long)i;
            at += files[f].nrow;
        }
    }
    return PG_OK;
}

/* The source column c of pooled data: each row's file stem, levels sorted. Needs
 * ds->file_start. PG_OK or PG_ENOMEM. */
static int set_source_column(pg_dataset *ds, pg_column *c, const char *name,
                             const char *const *paths, size_t n, size_t total)
{
    c->type = PG_COL_CATEGORICAL;
    char **stems = pg_calloc_array(n, sizeof *stems), **sorted = NULL;
    int ok = stems != NULL;
    for (size_t f = 0; ok && f < n; f++) ok = (stems[f] = path_stem(paths[f])) != NULL;
    if (ok) ok = (sorted = pg_malloc_array(n, sizeof *sorted)) != NULL;
    if (ok) {
        memcpy(sorted, stems, n * sizeof *sorted);
        ok = set_levels(c, sorted, n) == PG_OK;
    }
    if (ok) ok = (c->name = pg_strdup(name)) != NULL;
    if (ok) ok = (c->code = pg_malloc_array(total ? total : 1, sizeof *c->code)) != NULL;
    for (size_t f = 0; ok && f < n; f++) {
        int32_t code = (int32_t)find_level(c, stems[f]);
        for (size_t i = ds->file_start[f]; i < ds->file_start[f + 1]; i++) c->code[i] = code;
    }
    for (size_t f = 0; stems && f < n; f++) free(stems[f]);
    free(stems);
    free(sorted);
    return ok ? PG_OK : PG_ENOMEM;
}

/* The dataset from the files read: the m pooled columns, then the source column when n > 1.
 * PG_OK or PG_ENOMEM; on failure *out is NULL. */
static int assemble(rfile *files, size_t n, const ucol *u, size_t m, const long *local,
                    size_t total, const char *const *paths, const char *source_column,
                    pg_dataset **out)
{
    pg_dataset *ds = pg_dataset_new();
    *out = NULL;
    if (!ds) return PG_ENOMEM;
    size_t mcols = m + (n > 1);
    if (!(ds->cols = pg_calloc_array(mcols, sizeof *ds->cols))) goto nomem;
    for (size_t k = 0; k < m; k++) {
        pg_column *c = &ds->cols[k];
        ds->ncol = k + 1;
        if (!(c->name = pg_strdup(u[k].name))) goto nomem;
        c->type = u[k].cat ? PG_COL_CATEGORICAL : PG_COL_NUMERIC;
        if (build_column(c, files, n, local + k * n, total) != PG_OK) goto nomem;
    }
    ds->nrow = total;
    if (set_row_origins(ds, files, n, total) != PG_OK) goto nomem;
    if (n > 1) {
        ds->ncol = m + 1;
        if (set_source_column(ds, &ds->cols[m], source_column, paths, n, total) != PG_OK)
            goto nomem;
    }
    *out = ds;
    return PG_OK;
nomem:
    pg_dataset_free(ds);
    return PG_ENOMEM;
}

/* What the non-CSV sources carry beyond texts: variable labels, value-label level orders and
 * the readers' notes, into the assembled ds. PG_OK or PG_ENOMEM. */
static int apply_sources(pg_dataset *ds, const rfile *files, size_t n)
{
    for (size_t f = 0; f < n; f++) {
        ds->skipped_summary_word |= files[f].skipped_word;
        if (files[f].src.note) {
            char **nt = realloc(ds->notes, (ds->nnotes + 1) * sizeof *nt);
            if (!nt) return PG_ENOMEM;
            ds->notes = nt;
            if (!(nt[ds->nnotes] = pg_strdup(files[f].src.note))) return PG_ENOMEM;
            ds->nnotes++;
        }
        const pg_rows *t = files[f].src.rows;
        if (!t || !t->label) continue;
        for (size_t j = 0; j < t->ncol; j++) {
            long k = pg_dataset_find(ds, files[f].cols[j].name);
            if (k < 0) continue;
            int rc = pg_rows_apply_column(&ds->cols[k], ds->nrow, t->label[j], t->order[j],
                                          t->norder[j]);
            if (rc) return rc;
        }
    }
    return PG_OK;
}

/* Read n files in two passes and pool them (pg_dataset_read_csv_files after its checks). */
static int read_files(reader *r, const char *const *paths, size_t n, pg_dataset **out)
{
    rfile *files = pg_calloc_array(n, sizeof *files);
    ucol *u = NULL;
    long *local = NULL;
    size_t m = 0, total = 0;
    int rc = PG_ENOMEM;
    if (!files) goto nomem;
    if ((rc = read_pass1(r, files, paths, n, &total)) != PG_OK) goto done;
    if ((rc = pool_columns(r, files, n, &u, &m)) != PG_OK) goto done;
    /* local[k * n + f]: pooled column k's index in file f, or -1 */
    local = pg_malloc_array(m > 0 ? m * n : 1, sizeof *local);
    if (!local) goto nomem;
    for (size_t k = 0; k < m; k++)
        for (size_t f = 0; f < n; f++) local[k * n + f] = pg_strindex_get(&files[f].names, u[k].name);
    if ((rc = read_pass2(r, files, n, u, m, local)) != PG_OK) goto done;
    if ((rc = assemble(files, n, u, m, local, total, paths, r->opt->source_column, out)))
        goto nomem;
    if ((rc = apply_sources(*out, files, n)) != PG_OK) {
        pg_dataset_free(*out);
        *out = NULL;
        goto nomem;
    }
    for (size_t k = 0; k < m && rc == PG_OK; k++)     /* text columns of dates: dates */
        if (u[k].force != FORCE_CAT)
            rc = pg_dataset_detect_dates(*out, k, r->opt->date_format, local + k * n, r->err);
    if (rc != PG_OK) {
        pg_dataset_free(*out);
        *out = NULL;
    }
    goto done;
nomem:
    rc = pg_fail(r->err, PG_ENOMEM, "out of memory");
done:
    for (size_t f = 0; files && f < n; f++) rfile_free(&files[f]);
    free(files);
    free(u);
    free(local);
    return rc;
}

int pg_dataset_read_csv_files(const char *const *paths, size_t n, const pg_csv_opts *opt,
                              pg_dataset **out, pg_error *err)
{
    pg_csv_opts defaults;
    if (!opt) {
        pg_csv_opts_init(&defaults);
        opt = &defaults;
    }
    *out = NULL;
    if (!paths || n == 0) return pg_fail(err, PG_EINPUT, "no input file");
    size_t nstdin = 0;
    for (size_t f = 0; f < n; f++) {
        if (!paths[f] || !*paths[f]) return pg_fail(err, PG_EINPUT, "empty file name");
        nstdin += strcmp(paths[f], "-") == 0;
    }
    if (nstdin > 1) return pg_fail(err, PG_EINPUT, "standard input ('-') given more than once");
    if (n > (size_t)UINT32_MAX) return pg_fail(err, PG_EINPUT, "too many files");
    if (opt->delim && opt->delim != ',' && opt->delim != ';' && opt->delim != '\t')
        return pg_fail(err, PG_EINPUT, "delimiter must be ',', ';' or a tab");
    if (opt->decimal && opt->decimal != '.' && opt->decimal != ',')
        return pg_fail(err, PG_EINPUT, "decimal mark must be '.' or ','");
    for (size_t k = 0; k < opt->n_numeric; k++)
        if (in_list(opt->categorical, opt->n_categorical, opt->numeric[k]))
            return pg_fail(err, PG_EINPUT, "column '%s' cannot be both numeric and categorical",
                           opt->numeric[k]);
    int frc = pg_source_check_format(opt->format, err);
    if (frc) return frc;
    if (opt->date_format && pg_date_check_format(opt->date_format, err) != PG_OK)
        return PG_EINPUT;
    pg_csv_opts o = *opt;
    if (!o.source_column || !*o.source_column) o.source_column = "source";

    reader r;
    memset(&r, 0, sizeof r);
    r.opt = &o;
    r.err = err;
    r.pooled = n > 1;
    r.na = opt->na ? opt->na : default_na;
    r.n_na = opt->na ? opt->n_na : sizeof default_na / sizeof default_na[0];
    for (size_t k = 0; k < r.n_na; k++) {
        size_t len = r.na[k] ? strlen(r.na[k]) : 0;
        if (!r.na[k]) continue;
        if (len == 0) r.na_empty = 1;
        else r.na_first[(unsigned char)r.na[k][0]] = 1;
        if (len > r.na_maxlen) r.na_maxlen = len;
    }
    /* Numbers are parsed by our own code; the slow path's strtod must see the "C" locale
     * whatever the calling program chose, so switch this thread's locale for the read. */
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
    int rc = read_files(&r, paths, n, out);
    if (c_locale) {
        uselocale(old);
        freelocale(c_locale);
    }
    return rc;
}

int pg_dataset_read(const char *const *paths, size_t n, const pg_csv_opts *opt,
                    pg_dataset **out, pg_error *err)
{
    return pg_dataset_read_csv_files(paths, n, opt, out, err);
}

/* One file read as the given format (after the caller's checks of the content). */
static int read_as(const char *path, const pg_csv_opts *opt, const char *fmt, pg_dataset **out,
                   pg_error *err)
{
    pg_csv_opts o;
    if (opt) o = *opt;
    else pg_csv_opts_init(&o);
    o.format = fmt;
    return pg_dataset_read_csv_files(&path, 1, &o, out, err);
}

int pg_dataset_read_xlsx(const char *path, const pg_csv_opts *opt, pg_dataset **out,
                         pg_error *err)
{
    return read_as(path, opt, "xlsx", out, err);
}

int pg_dataset_read_stat(const char *path, const pg_csv_opts *opt, pg_dataset **out,
                         pg_error *err)
{
    *out = NULL;
    FILE *in = path ? fopen(path, "rb") : NULL;
    if (!in)
        return pg_fail_at(err, PG_EIO, path ? path : "", 0, 0, "cannot open: %s",
                          strerror(errno));
    unsigned char head[64];
    size_t len = fread(head, 1, sizeof head, in);
    fclose(in);
    pg_file_kind k = pg_rows_sniff(head, len);
    const char *fmt = k == PG_KIND_SAV ? "sav" : k == PG_KIND_DTA ? "dta"
                    : k == PG_KIND_SAS7BDAT ? "sas7bdat" : k == PG_KIND_XPT ? "xpt" : NULL;
    if (!fmt)
        return pg_fail_at(err, PG_EINPUT, path, 0, 0,
                          "not an SPSS, Stata or SAS file: its content is %s",
                          pg_rows_kind_name(k));
    return read_as(path, opt, fmt, out, err);
}
