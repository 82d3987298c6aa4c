/* fuzz_csv.c -- libFuzzer harness: the CSV scanner (src/data/csv.c) on arbitrary bytes, once in
 * this thread and once with the reading thread forced (PG_CSV_THREADS_ALWAYS). The two runs must
 * agree on every field (text, position, line, record) and on the outcome and error message;
 * a difference aborts, as does any ASan/UBSan finding. Then the whole reader
 * (pg_dataset_read_csv) on the same bytes, for the type inference and level tables. */
#include "csv_scan.h"
#include "prognos/dataset.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct trace {
    uint64_t h;               /* FNV-1a of every callback's arguments, in order */
    size_t nfields, nrecords;
} trace;

static void mix(trace *t, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) t->h = (t->h ^ b[i]) * 1099511628211u;
}

static int on_field(void *ctx, const char *s, size_t len, size_t field, long line, size_t record)
{
    trace *t = ctx;
    mix(t, s, len);
    mix(t, &len, sizeof len);
    mix(t, &field, sizeof field);
    mix(t, &line, sizeof line);
    mix(t, &record, sizeof record);
    t->nfields++;
    return PG_OK;
}

static int on_record(void *ctx, size_t nfields, long line, size_t record)
{
    trace *t = ctx;
    mix(t, &nfields, sizeof nfields);
    mix(t, &line, sizeof line);
    mix(t, &record, sizeof record);
    t->nrecords++;
    return PG_OK;
}

static int scan(const uint8_t *data, size_t size, int threads, trace *t, pg_error *err)
{
    FILE *in = fmemopen((void *)data, size, "rb");
    if (!in) return -1;
    pg_csv_scan sc;
    memset(&sc, 0, sizeof sc);
    memset(t, 0, sizeof *t);
    t->h = 1469598103934665603u;
    sc.name = "fuzz.csv";
    sc.in = in;
    sc.threads = threads;
    sc.field = on_field;
    sc.record = on_record;
    sc.ctx = t;
    sc.err = err;
    int rc = pg_csv_scan_run(&sc);
    fclose(in);
    mix(t, &sc.delim_used, 1);
    return rc;
}

static char path[64];

static void remove_tmp(void)
{
    if (path[0]) unlink(path);
}

static void read_whole(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/pg_fuzz_csv_%ld.csv", (long)getpid());
        atexit(remove_tmp);
    }
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(data, 1, size, f);
    fclose(f);
    pg_csv_opts opt;
    pg_csv_opts_init(&opt);
    pg_dataset *ds = NULL;
    pg_error err = {0};
    if (pg_dataset_read_csv(path, &opt, &ds, &err) == PG_OK) pg_dataset_free(ds);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;        /* fmemopen refuses an empty buffer */
    trace a, b;
    pg_error ea = {0}, eb = {0};
    int ra = scan(data, size, 1, &a, &ea);
    int rb = scan(data, size, PG_CSV_THREADS_ALWAYS, &b, &eb);
    if (ra != rb || a.h != b.h || a.nfields != b.nfields || a.nrecords != b.nrecords ||
        strcmp(ea.msg, eb.msg) != 0) {
        fprintf(stderr, "one and two threads differ: rc %d/%d, fields %zu/%zu, records %zu/%zu\n"
                "  %s\n  %s\n", ra, rb, a.nfields, b.nfields, a.nrecords, b.nrecords, ea.msg,
                eb.msg);
        abort();
    }
    read_whole(data, size);
    return 0;
}
