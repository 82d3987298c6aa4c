/* check_csv_threads.c -- the CSV tokenizer gives the same callbacks, line numbers and errors
 * with a reading thread (batches replayed in the calling thread) as without, including when
 * errors and stops fall many batches into the input; and the fast path of the number parser
 * agrees with strtod. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_scan.h"
#include "pg_test.h"

/* A digest of every callback: what the caller of the scanner would see. */
typedef struct trace {
    uint64_t h;
    size_t nfield, nrecord;
    size_t stop_at;           /* return PG_CSV_STOP at this record (0 = never) */
    size_t fail_at;           /* fail with PG_EINPUT at this record's 2nd field (0 = never) */
    pg_error *err;
} trace;

static void mix(trace *t, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        t->h ^= s[i];
        t->h *= 1099511628211ULL;
    }
}

static int tr_field(void *ctx, const char *s, size_t len, size_t field, long line, size_t rec)
{
    trace *t = ctx;
    ck_assert_uint_eq(strlen(s), len);      /* NUL-terminated, no NUL inside */
    mix(t, s, len + 1);
    mix(t, &field, sizeof field);
    mix(t, &line, sizeof line);
    mix(t, &rec, sizeof rec);
    t->nfield++;
    if (t->fail_at && rec == t->fail_at && field == 1)
        return pg_fail_at(t->err, PG_EINPUT, "x", line, 2, "callback refuses '%s'", s);
    return PG_OK;
}

static int tr_record(void *ctx, size_t nfields, long line, size_t rec)
{
    trace *t = ctx;
    mix(t, &nfields, sizeof nfields);
    mix(t, &line, sizeof line);
    mix(t, &rec, sizeof rec);
    t->nrecord++;
    return t->stop_at && rec == t->stop_at ? PG_CSV_STOP : PG_OK;
}

typedef struct outcome {
    int rc;
    char msg[600];
    uint64_t h;
    size_t nfield, nrecord, nrecords;
    char delim;
    unsigned long long bytes;
} outcome;

static outcome scan(const char *text, size_t len, int threads, size_t stop_at, size_t fail_at)
{
    outcome o;
    memset(&o, 0, sizeof o);
    FILE *in = tmpfile();
    ck_assert(in != NULL);
    ck_assert_uint_eq(fwrite(text, 1, len, in), len);
    rewind(in);
    pg_error err = {0};
    trace t = {1469598103934665603ULL, 0, 0, stop_at, fail_at, &err};
    pg_csv_scan sc;
    memset(&sc, 0, sizeof sc);
    sc.name = "t.csv";
    sc.in = in;
    sc.threads = threads;
    sc.field = tr_field;
    sc.record = tr_record;
    sc.ctx = &t;
    sc.err = &err;
    o.rc = pg_csv_scan_run(&sc);
    fclose(in);
    if (o.rc) pg_error_str(&err, o.msg, sizeof o.msg);
    o.h = t.h;
    o.nfield = t.nfield;
    o.nrecord = t.nrecord;
    o.nrecords = sc.nrecords;
    o.delim = sc.delim_used;
    o.bytes = sc.bytes;
    return o;
}

static void same_outcome(const outcome *a, const outcome *b, size_t stop_at)
{
    ck_assert_int_eq(a->rc, b->rc);
    ck_assert_str_eq(a->msg, b->msg);
    ck_assert_uint_eq(a->nfield, b->nfield);
    ck_assert_uint_eq(a->nrecord, b->nrecord);
    ck_assert_uint_eq(a->nrecords, b->nrecords);
    ck_assert(a->h == b->h);
    ck_assert_int_eq(a->delim, b->delim);
    if (a->rc == PG_OK && !stop_at) ck_assert(a->bytes == b->bytes);
}

/* One thread, a reading thread always, and threads = 2 (a reading thread only for 4 MiB and
 * more): all must agree; returns the one-thread outcome. */
static outcome same_both_ways(const char *text, size_t len, size_t stop_at, size_t fail_at)
{
    outcome a = scan(text, len, 1, stop_at, fail_at);
    outcome b = scan(text, len, PG_CSV_THREADS_ALWAYS, stop_at, fail_at);
    outcome c = scan(text, len, 2, stop_at, fail_at);
    same_outcome(&a, &b, stop_at);
    same_outcome(&a, &c, stop_at);
    return a;
}

/* A large file (several batches and read blocks): rows with a quoted multi-line field now and
 * then, CRLF and LF endings, blank lines; then `tail` appended. */
static char *big_file(size_t rows, const char *tail, size_t *len)
{
    size_t cap = rows * 64 + strlen(tail) + 64, n = 0;
    char *s = malloc(cap);
    ck_assert(s != NULL);
    n += (size_t)sprintf(s + n, "id;name;value\n");
    for (size_t i = 0; i < rows; i++) {
        if (i % 997 == 0)
            n += (size_t)sprintf(s + n, "%zu;\"two\nlines; \"\"q\"\"\";%zu.5\r\n", i, i % 1000);
        else if (i % 1501 == 0)
            n += (size_t)sprintf(s + n, "\n%zu;caf\xC3\xA9;-%zu\n", i, i);
        else
            n += (size_t)sprintf(s + n, "%zu;n%zu;%zu.%03zu\n", i, i % 7, i, i % 1000);
    }
    n += (size_t)sprintf(s + n, "%s", tail);
    *len = n;
    return s;
}

START_TEST(threads_same_callbacks_large)
{
    size_t len;
    char *s = big_file(200000, "", &len);
    outcome o = same_both_ways(s, len, 0, 0);
    ck_assert_int_eq(o.rc, PG_OK);
    ck_assert_uint_eq(o.nrecords, 200001);
    ck_assert_int_eq(o.delim, ';');
    free(s);
}
END_TEST

START_TEST(threads_same_errors_late)
{
    static const char *tails[] = {
        "1;2\n",                                 /* too few fields */
        "1;2;3;4\n",                             /* too many */
        "1;a\"b;3\n",                            /* stray quote */
        "1;\"ab\"c;3\n",                         /* text after a closing quote */
        "1;\"never closed;3\n",                  /* unterminated */
        "1;bad\xC3(;3\n",                        /* invalid UTF-8 */
        "1;two\nlines;3\n",                      /* a line break splits a row */
    };
    for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++) {
        size_t len;
        char *s = big_file(80000, tails[k], &len);
        outcome o = same_both_ways(s, len, 0, 0);
        ck_assert_msg(o.rc == PG_EINPUT, "tail %zu: rc %d", k, o.rc);
        ck_assert_msg(strstr(o.msg, "t.csv:") == o.msg, "tail %zu: %s", k, o.msg);
        free(s);
    }
}
END_TEST

START_TEST(threads_same_stop_and_callback_error)
{
    size_t len;
    char *s = big_file(150000, "", &len);
    outcome o = same_both_ways(s, len, 77777, 0);     /* stop (pass 2 of the reader) */
    ck_assert_int_eq(o.rc, PG_OK);
    ck_assert_uint_eq(o.nrecords, 77777);
    o = same_both_ways(s, len, 0, 123456);            /* the caller fails mid-file */
    ck_assert_int_eq(o.rc, PG_EINPUT);
    ck_assert(strstr(o.msg, "callback refuses") != NULL);
    /* an error in the data before a tokenizer error: the earlier one wins */
    free(s);
    s = big_file(50000, "1;\"never closed;3\n", &len);
    o = same_both_ways(s, len, 0, 40000);
    ck_assert(strstr(o.msg, "callback refuses") != NULL);
    free(s);
}
END_TEST

START_TEST(threads_same_small_inputs)
{
    static const char *inputs[] = {
        "", "\n\n", "a,b\n", "a,b", "\xEF\xBB\xBFx\ty\n1\t2\r\n", "a,b\r\n1,2\r\n\r\n3,4",
        "a;b\n1;\"x\"\"y\"\n", "a,b\n1,2\n3\n", "a,a\n", "a,b\n1,\"2\n",
    };
    for (size_t k = 0; k < sizeof inputs / sizeof inputs[0]; k++)
        same_both_ways(inputs[k], strlen(inputs[k]), 0, 0);
}
END_TEST

/* The fast path and the general routine must give strtod's correctly rounded double. */
START_TEST(parse_double_agrees_with_strtod)
{
    uint64_t r = 0x243F6A8885A308D3ULL;
    char buf[64];
    for (int k = 0; k < 200000; k++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        int nint = (int)(r % 12), nfrac = (int)((r >> 8) % 12), sign = (int)((r >> 16) % 3);
        size_t n = 0;
        if (sign == 1) buf[n++] = '-';
        if (sign == 2) buf[n++] = '+';
        uint64_t d = r >> 20;
        for (int i = 0; i < nint; i++, d = d * 6364136223846793005ULL + 1442695040888963407ULL)
            buf[n++] = (char)('0' + (d >> 60) % 10);
        if (nfrac || !nint) buf[n++] = '.';
        for (int i = 0; i < nfrac; i++, d = d * 6364136223846793005ULL + 1442695040888963407ULL)
            buf[n++] = (char)('0' + (d >> 60) % 10);
        if (!nint && !nfrac) buf[n++] = '7';
        buf[n] = '\0';
        double got, want = strtod(buf, NULL);
        ck_assert_msg(pg_csv_parse_double(buf, n, '.', &got), "'%s' not parsed", buf);
        ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "'%s': %.17g, strtod %.17g", buf,
                      got, want);
    }
    double v;
    ck_assert(pg_csv_parse_double("9007199254740993", 16, '.', &v));   /* 2^53 + 1: general */
    ck_assert(v == 9007199254740992.0);
    ck_assert(pg_csv_parse_double("-0", 2, '.', &v) && v == 0 && signbit(v));
    ck_assert(pg_csv_parse_double("1,25", 4, ',', &v) && v == 1.25);
    ck_assert(!pg_csv_parse_double("1.25", 4, ',', &v));
    ck_assert(!pg_csv_parse_double("-", 1, '.', &v));
    ck_assert(!pg_csv_parse_double(".", 1, '.', &v));
    ck_assert(!pg_csv_parse_double("1.2.3", 5, '.', &v));
    ck_assert(pg_csv_parse_double(" 2.5e1 ", 7, '.', &v) && v == 25);
}
END_TEST


/* Rows remember their file and line without a per-row record when the rows of a file are on
 * consecutive lines; with blank lines or multi-line fields in one of pooled files, every row
 * still reports its own line. */
static char *write_tmp(const char *text)
{
    char *path = malloc(64);
    ck_assert(path != NULL);
    strcpy(path, "/tmp/pg_rowsXXXXXX");
    int fd = mkstemp(path);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    ck_assert(f != NULL);
    fputs(text, f);
    fclose(f);
    return path;
}

START_TEST(row_file_and_line_compact)
{
    char *a = write_tmp("t,x\n1,a\n2,b\n3,c\n");                    /* regular */
    char *b = write_tmp("\nt,x\n4,d\n\n5,\"e\nf\"\n6,g\n");     /* blank, two-line field */
    char *c = write_tmp("t,x\n7,h\n8,i\n");
    const char *paths[] = {a, b, c};
    pg_dataset *ds = NULL;
    pg_error e = {0};
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 1, NULL, &ds, &e), PG_OK);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(pg_dataset_row_line(ds, i), (long)i + 2);
        ck_assert_str_eq(pg_dataset_row_file(ds, i), a);
    }
    ck_assert_int_eq(pg_dataset_row_line(ds, 3), 0);          /* out of range */
    ck_assert_str_eq(pg_dataset_row_file(ds, 3), "");
    pg_dataset_free(ds);
    ck_assert_int_eq(pg_dataset_read_csv_files(paths, 3, NULL, &ds, &e), PG_OK);
    ck_assert_uint_eq(pg_dataset_nrow(ds), 8);
    const long want_line[] = {2, 3, 4, 3, 5, 7, 2, 3};
    const char *want_file[] = {a, a, a, b, b, b, c, c};
    for (size_t i = 0; i < 8; i++) {
        ck_assert_int_eq(pg_dataset_row_line(ds, i), want_line[i]);
        ck_assert_str_eq(pg_dataset_row_file(ds, i), want_file[i]);
    }
    pg_dataset_free(ds);
    /* a dataset built in memory has no file or line */
    ds = pg_dataset_new();
    double v[] = {1, 2};
    ck_assert_int_eq(pg_dataset_add_numeric(ds, "v", v, 2, &e), PG_OK);
    ck_assert_int_eq(pg_dataset_row_line(ds, 1), 0);
    ck_assert_str_eq(pg_dataset_row_file(ds, 1), "");
    pg_dataset_free(ds);
    remove(a);
    remove(b);
    remove(c);
    free(a);
    free(b);
    free(c);
}
END_TEST

/* The first bad byte of s[0..len) by the definition (RFC 3629, section 4: no overlong forms,
 * no surrogates, nothing above U+10FFFF), one byte at a time. */
static size_t utf8_bad_slow(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        unsigned need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                      : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
        if (need == 0 || i + need >= len) return i;     /* not a lead byte, or cut short */
        unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (unsigned k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += need + 1;
    }
    return len;
}

/* pg_csv_utf8_check (eight ASCII bytes at a time) against the byte-by-byte definition, on
 * random texts of ASCII runs with multi-byte sequences, good and bad, at every alignment and
 * cut at every length. */
START_TEST(utf8_check_matches_definition)
{
    static const char *const pieces[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
                                         "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                                         "\x80", "\xE2\x82", "\xFF"};
    unsigned char buf[200];
    uint64_t r = 88172645463325252u;
    for (int t = 0; t < 20000; t++) {
        size_t len = 0;
        while (len < 150) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            if (r % 5) {
                size_t run = (size_t)(r >> 8) % 20;
                for (size_t k = 0; k < run; k++) buf[len++] = (unsigned char)('a' + k % 26);
            } else {
                const char *p = pieces[(r >> 8) % (t % 3 ? 3 : 9)];
                size_t n = strlen(p);
                memcpy(buf + len, p, n);
                len += n;
            }
        }
        size_t cut = (size_t)(r >> 20) % (len + 1);
        ck_assert_uint_eq(pg_csv_utf8_check((const char *)buf, cut), utf8_bad_slow(buf, cut));
    }
}
END_TEST

static Suite *csv_threads_suite(void)
{
    Suite *s = suite_create("csv_threads");
    TCase *tc = tcase_create("reference");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, threads_same_callbacks_large);
    tcase_add_test(tc, parse_double_agrees_with_strtod);
    tcase_add_test(tc, utf8_check_matches_definition);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, threads_same_small_inputs);
    tcase_add_test(tc, row_file_and_line_compact);
    tcase_add_test(tc, threads_same_stop_and_callback_error);
    suite_add_tcase(s, tc);
    tc = tcase_create("errors");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, threads_same_errors_late);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(csv_threads_suite());
}
