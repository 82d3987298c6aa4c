/* dataset_split.c -- pass 1 of a large CSV file in two parts at once (issue 19).
 *
 * One scan of a file is libcsv's byte-at-a-time state machine plus our checks and number
 * conversion, all in one thread (or split between a tokenizing and a checking thread, which
 * halves at best the smaller of the two). Here the file is cut in two at a line break outside
 * quotes (pg_csv_split: the first '\n' after the middle with an even number of '"' before it)
 * and each part is scanned whole -- tokenized, checked, converted into columns -- by its own
 * thread: the first part by the calling thread, with the header, the second by a new thread
 * into a file state of its own that starts on the physical line pg_csv_split counted. The
 * second waits only for the header (the columns and the forced types). Then the second part's
 * rows are appended to the first's.
 *
 * The result is the one scan's, bit for bit:
 *   - errors: the first part's first error is the file's first error (the parts meet at a record
 *     boundary, and even quote parity there is outside quotes whenever the first part scans
 *     without an error); only when the first part is clean does the second part's first error
 *     count, and it is located with the same file, line and field;
 *   - numbers: each cell is converted on its own; the C numeric locale is set in the second
 *     thread too (uselocale is per thread);
 *   - categorical columns: the second part's level texts are interned into the first part's
 *     table in the order they first appear in the second part, which is exactly the order one
 *     scan would have added them in, so even the codes before sorting are the same;
 *   - row lines: kept per row exactly when one scan would keep them.
 * A column whose type changes inside a part after numbers were read (a "flip" that needs the
 * second pass), or that is numeric with values in one part and categorical in the other, is
 * not joined here: both parts are dropped and the caller scans the whole file (rare: a column
 * of numbers that turns out to hold text). */
#include "reader.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

size_t pg_reader_split_min = (size_t)8 << 20;

typedef struct part {
    reader r;                 /* a copy of the caller's reader: f = &file, err = &err */
    rfile file;               /* the second part's rows (names borrowed from the first) */
    pg_error err;
    FILE *in;
    unsigned long long offset;
    long line;
    int rc;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int header;               /* 0: not yet; 1: file's columns are set; -1: give up */
    int abandon;              /* the first part failed: the second may stop (atomic) */
    pg_csv_field_fn field;    /* the reader's callbacks (dataset_read.c's, passed in) */
    pg_csv_record_fn record;
} part;

/* The first part's callbacks: as the reader's, and once the header is read, the second part
 * gets its columns. */
typedef struct first_ctx {
    reader *r;
    part *p;
} first_ctx;


static void release_header(part *p, int state)
{
    pthread_mutex_lock(&p->mu);
    p->header = state;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static int first_field(void *ctx, const char *s, size_t len, size_t field, long line,
                       size_t record)
{
    first_ctx *c = ctx;
    return c->p->field(c->r, s, len, field, line, record);
}

static int first_record(void *ctx, size_t nfields, long line, size_t record)
{
    first_ctx *c = ctx;
    int rc = c->p->record(c->r, nfields, line, record);
    if (rc == PG_OK && record == 0) {
        const rfile *f = c->r->f;
        rfile *g = &c->p->file;
        g->cols = calloc(f->ncol ? f->ncol : 1, sizeof *g->cols);
        if (!g->cols) {
            release_header(c->p, -1);
            return pg_fail(c->r->err, PG_ENOMEM, "out of memory");
        }
        g->ncol = g->colcap = f->ncol;
        for (size_t j = 0; j < f->ncol; j++) {
            g->cols[j].name = f->cols[j].name;          /* borrowed */
            g->cols[j].force = f->cols[j].force;
            g->cols[j].cat = f->cols[j].force == FORCE_CAT;
            g->cols[j].skip = f->cols[j].skip;
        }
        g->path = f->path;
        g->name = f->name;
        g->delim = f->delim;
        g->dec = f->dec;
        release_header(c->p, 1);
    }
    return rc;
}

static int second_field(void *ctx, const char *s, size_t len, size_t field, long line,
                        size_t record)
{
    part *p = ctx;
    return p->field(&p->r, s, len, field, line, record);
}

static int second_record(void *ctx, size_t nfields, long line, size_t record)
{
    part *p = ctx;
    if (__atomic_load_n(&p->abandon, __ATOMIC_RELAXED)) return PG_CSV_STOP;
    return p->record(&p->r, nfields, line, record);
}

static void *second_main(void *vp)
{
    part *p = vp;
    pthread_mutex_lock(&p->mu);
    while (p->header == 0) pthread_cond_wait(&p->cv, &p->mu);
    int go = p->header == 1;
    pthread_mutex_unlock(&p->mu);
    p->rc = PG_CSV_STOP;
    if (!go) return NULL;
    if (fseeko(p->in, (off_t)p->offset, SEEK_SET) != 0) return NULL;
    locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
    pg_csv_scan sc;
    memset(&sc, 0, sizeof sc);
    sc.name = p->file.name;
    sc.in = p->in;
    sc.delim = p->file.delim;
    sc.threads = 1;
    sc.field = second_field;
    sc.record = second_record;
    sc.ctx = p;
    sc.err = &p->err;
    sc.first_line = p->line;
    sc.ncols = p->file.ncol;
    p->r.f = &p->file;
    p->r.sc = &sc;
    p->rc = pg_csv_scan_run(&sc);
    p->r.sc = NULL;
    if (c_locale) {
        uselocale(old);
        freelocale(c_locale);
    }
    return NULL;
}

/* Free the second part's rows (its names and file name are the first part's). */
static void part_free(part *p)
{
    for (size_t j = 0; p->file.cols && j < p->file.ncol; j++) {
        free(p->file.cols[j].num);
        free(p->file.cols[j].code);
        pg_levtab_free(&p->file.cols[j].lv);
    }
    free(p->file.cols);
    free(p->file.row_line);
    if (p->in) fclose(p->in);
}

/* Forget what the first part read (its header too): the caller scans the whole file again. */
static void file_reset(rfile *f)
{
    for (size_t j = 0; j < f->ncol; j++) {
        free(f->cols[j].name);
        free(f->cols[j].num);
        free(f->cols[j].code);
        pg_levtab_free(&f->cols[j].lv);
    }
    free(f->cols);
    f->cols = NULL;
    f->ncol = f->colcap = 0;
    pg_strindex_clear(&f->names);
    free(f->row_line);
    f->row_line = NULL;
    f->nrow = f->cap = 0;
    f->first_line = f->header_line = 0;
}

/* How a column came out of one part. */
enum { K_NUM, K_NUM_EMPTY, K_CAT, K_OTHER };

static int kind_of(const rcol *c)
{
    if (!c->cat) return c->pending ? K_NUM : K_NUM_EMPTY;
    return c->flip == 0 ? K_CAT : K_OTHER;
}

/* Whether column a (first part) and b (second) can be joined without a second pass. */
static int joinable(const rcol *a, const rcol *b)
{
    int ka = kind_of(a), kb = kind_of(b);
    if (ka == K_OTHER || kb == K_OTHER) return 0;
    int na = ka != K_CAT, nb = kb != K_CAT;
    if (na == nb) return 1;
    return na ? ka == K_NUM_EMPTY : kb == K_NUM_EMPTY;
}

/* Append the second part's cells of column b to a (joinable); n rows in a, room for cap, m in
 * b. The first part's room was guessed from the whole file's size, so the second part's cells
 * usually fit where they are copied, with no new block. */
static int join_column(rcol *a, rcol *b, size_t n, size_t cap, size_t m)
{
    size_t total = n + m;
    if (!a->cat && !b->cat) {                       /* numbers after numbers */
        double *num = cap >= total ? a->num : pg_realloc_array(a->num, n, total, sizeof *num);
        if (!num) return PG_ENOMEM;
        memcpy(num + n, b->num, m * sizeof *num);
        a->num = num;
        a->pending += b->pending;
        return PG_OK;
    }
    if (!a->cat) {          /* only missing values so far, then texts: b's table as it is */
        int32_t *code = pg_malloc_array(total, sizeof *code);
        if (!code) return PG_ENOMEM;
        for (size_t i = 0; i < n; i++) code[i] = -1;
        memcpy(code + n, b->code, m * sizeof *code);
        free(a->num);
        a->num = NULL;
        a->code = code;
        a->cat = 1;
        a->flip = 0;
        a->lv = b->lv;
        memset(&b->lv, 0, sizeof b->lv);
        return PG_OK;
    }
    int32_t *code = cap >= total ? a->code : pg_realloc_array(a->code, n, total, sizeof *code);
    if (!code) return PG_ENOMEM;
    a->code = code;
    if (!b->cat) {                                  /* texts, then only missing values */
        for (size_t i = 0; i < m; i++) code[n + i] = -1;
        return PG_OK;
    }
    /* texts after texts: b's levels in b's order of first appearance into a's table */
    int32_t *map = pg_malloc_array(b->lv.n ? b->lv.n : 1, sizeof *map);
    if (!map) return PG_ENOMEM;
    for (size_t k = 0; k < b->lv.n; k++)
        if ((map[k] = pg_levtab_intern(&a->lv, b->lv.str[k], b->lv.len[k])) < 0) {
            free(map);
            return PG_ENOMEM;
        }
    for (size_t i = 0; i < m; i++) code[n + i] = b->code[i] < 0 ? -1 : map[b->code[i]];
    free(map);
    return PG_OK;
}

/* The rows' lines: a per-row array when one scan would have kept one. */
static int join_lines(rfile *f, rfile *g)
{
    size_t n = f->nrow, m = g->nrow;
    if (n == 0) {
        f->first_line = g->first_line;
        f->row_line = g->row_line;
        g->row_line = NULL;
        return PG_OK;
    }
    if (!f->row_line && !g->row_line && g->first_line == f->first_line + (long)n) return PG_OK;
    long *rl = pg_realloc_array(f->row_line, n, n + m, sizeof *rl);
    if (!rl) return PG_ENOMEM;
    if (!f->row_line)
        for (size_t i = 0; i < n; i++) rl[i] = f->first_line + (long)i;
    for (size_t i = 0; i < m; i++)
        rl[n + i] = g->row_line ? g->row_line[i] : g->first_line + (long)i;
    f->row_line = rl;
    return PG_OK;
}

/* Append the second part to the first: PG_OK, PG_ENOMEM, or PG_CSV_STOP when some column
 * needs the whole-file scan (nothing changed then). */
static int join_parts(rfile *f, rfile *g)
{
    if (g->nrow == 0) return PG_OK;
    for (size_t j = 0; j < f->ncol; j++)
        if (!f->cols[j].skip && !joinable(&f->cols[j], &g->cols[j])) return PG_CSV_STOP;
    for (size_t j = 0; j < f->ncol; j++) {
        if (f->cols[j].skip) continue;
        int rc = join_column(&f->cols[j], &g->cols[j], f->nrow, f->cap, g->nrow);
        if (rc) return rc;
    }
    int rc = join_lines(f, g);
    if (rc) return rc;
    f->nrow += g->nrow;
    f->cap = f->nrow;
    f->skipped_word |= g->skipped_word;
    return PG_OK;
}

int pg_reader_scan_split(reader *r, rfile *f, FILE *in, unsigned long long size,
                         pg_csv_field_fn field, pg_csv_record_fn record)
{
    unsigned long long offset;
    long line;
    if (size < pg_reader_split_min) return PG_CSV_STOP;
    int cut = pg_csv_split(in, size, &offset, &line);
    if (fseeko(in, 0, SEEK_SET) != 0)
        return pg_fail_at(r->err, PG_EIO, f->name, 0, 0, "cannot read: %s", strerror(errno));
    if (!cut) return PG_CSV_STOP;
    part *p = calloc(1, sizeof *p);
    if (!p) return PG_CSV_STOP;
    p->r = *r;
    p->field = field;
    p->record = record;
    p->r.err = &p->err;
    p->offset = offset;
    p->line = line;
    f->bytes = size;            /* the first part makes room for the whole file (join_column) */
    p->file.bytes = size - offset;
    if (!(p->in = fopen(f->path, "rb")) || pthread_mutex_init(&p->mu, NULL) != 0) {
        part_free(p);
        free(p);
        return PG_CSV_STOP;
    }
    int rc = PG_CSV_STOP;
    pthread_t th;
    if (pthread_cond_init(&p->cv, NULL) != 0) goto no_thread;
    if (pthread_create(&th, NULL, second_main, p) != 0) {
        pthread_cond_destroy(&p->cv);
        goto no_thread;
    }
    first_ctx c = {r, p};
    pg_csv_scan sc;
    memset(&sc, 0, sizeof sc);
    sc.name = f->name;
    sc.in = in;
    sc.delim = r->opt->delim;
    sc.threads = 1;
    sc.field = first_field;
    sc.record = first_record;
    sc.ctx = &c;
    sc.err = r->err;
    sc.limit = offset;
    r->f = f;
    r->sc = &sc;
    rc = pg_csv_scan_run(&sc);
    r->sc = NULL;
    if (rc != PG_OK) __atomic_store_n(&p->abandon, 1, __ATOMIC_RELAXED);
    pthread_mutex_lock(&p->mu);
    int header = p->header;
    pthread_mutex_unlock(&p->mu);
    if (header == 0) release_header(p, -1);     /* the first part ended before its header */
    pthread_join(th, NULL);
    pthread_cond_destroy(&p->cv);
    if (rc == PG_OK && p->rc != PG_OK && p->rc != PG_CSV_STOP) {
        *r->err = p->err;                       /* the first error is in the second part */
        rc = p->rc;
    } else if (rc == PG_OK) {
        rc = p->rc == PG_OK ? join_parts(f, &p->file) : PG_CSV_STOP;
        if (rc == PG_ENOMEM) rc = pg_fail(r->err, PG_ENOMEM, "out of memory");
    }
    if (rc == PG_CSV_STOP) file_reset(f);
no_thread:
    pthread_mutex_destroy(&p->mu);
    part_free(p);
    free(p);
    if (rc == PG_CSV_STOP && fseeko(in, 0, SEEK_SET) != 0)
        rc = pg_fail_at(r->err, PG_EIO, f->name, 0, 0, "cannot read: %s", strerror(errno));
    return rc;
}
