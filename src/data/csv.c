/* csv.c -- the CSV tokenizer: libcsv does the quoting; this file adds the rest.
 *
 * libcsv (3.x) hands us each field and each record end through callbacks, but it reports
 * neither where they are in the file nor anything about encodings. So this layer
 *   - strips a UTF-8 byte-order mark and guesses the delimiter from the first line;
 *   - counts physical lines itself: with CSV_REPALL_NL libcsv reports every line terminator,
 *     blank lines included, and newlines inside quoted fields are in the field text. A line
 *     break is "\r\n", "\n" or a lone "\r" (CR of CRLF reported first, then LF as an empty
 *     row, which we do not count twice);
 *   - checks every field is valid UTF-8 and every record has the header's field count;
 *   - turns libcsv's strict-mode failures (a stray quote, text after a closing quote, an
 *     unterminated quoted field) into "file:line:column: message" with the offending text.
 * The column in an error is the field number (1-based) in its record. Fields are passed to the
 * caller's callback, which must copy what it keeps.
 *
 * Speed (docs/performance.md). libcsv is a byte-at-a-time state machine that copies every byte
 * of a field into its own buffer and calls back per field: on the benchmark file it is about a
 * third of the reading time, and the checks here plus the caller's number conversion are the
 * rest. The two halves are independent, so when the caller allows a second thread
 * (pg_csv_scan.threads, from pg_csv_opts.threads) and the input is large they run as a
 * pipeline: a second thread reads the file in 1 MiB blocks, runs libcsv, and appends each field
 * (with a NUL after it) and each record end to a batch of about 1 MiB; the calling thread
 * replays the batches in order through the checks below and the caller's callbacks. Two batches
 * alternate, so each side waits only when it is a whole batch ahead. Everything the caller sees
 * -- the order of callbacks, line numbers, which error comes first -- is the same as with one
 * thread (tested in check_csv_threads.c), and callbacks always run in the calling thread.
 * Errors that libcsv finds (a stray quote, an unterminated field) are placed by the checking
 * side once it has replayed everything before them, since only it knows the line and field.
 * Otherwise (want_thread) libcsv calls the checks directly, with no copying.
 * Either way: large blocks, so libcsv's per-call set-up is paid once per MiB; no per-field
 * allocation; numbers converted without the C library (pg_csv_parse_double).
 */
#include "csv_scan.h"
#include "prognos/limits.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK (1u << 20)      /* bytes per fread */
#define MAX_FIELD PG_LIMIT_FIELD_BYTES  /* longest field accepted (prognos/limits.h) */
#define BATCH_TEXT (1u << 20) /* a batch is handed over once it holds this much field text */
#define BATCH_EVENTS (1u << 17)   /* ... or this many fields and record ends */
#define EV_RECORD 0x80000000u /* event flag: end of record, low bits: terminator + 1 */

/* Tokens from libcsv, in file order: fields (event = length; text packed, NUL after each) and
 * record ends (EV_RECORD | (terminator + 1), terminator -1 at the end of input). */
typedef struct batch {
    char *text;
    size_t ntext, captext;
    uint32_t *ev;
    size_t nev, capev;
    int full;                 /* handed to the checking side, not yet replayed */
    int last;                 /* nothing follows */
} batch;

/* How the tokenizer stopped. */
enum { END_OK = 0, END_ERROR, END_STRICT, END_LONG, END_UNTERMINATED };

/* The checking side: where we are in the file. */
typedef struct scanstate {
    pg_csv_scan *sc;
    long line;                /* physical line of the next unread byte, 1-based */
    long rec_line;            /* line where the current record began */
    size_t nfields;           /* fields so far in the current record */
    size_t ncols;             /* fields in the header */
    size_t rec;               /* index of the current record (0 = header) */
    int prev_term;            /* terminator of the previous empty-or-full row, for CRLF */
    int status;               /* PG_OK, PG_CSV_STOP or an error code */
    const char *last;         /* the last field, for "row has too few fields" */
    size_t last_len;
} scanstate;

/* The tokenizing side. */
typedef struct tokenizer {
    pg_csv_scan *sc;
    struct csv_parser p;
    char *buf;                /* BLOCK bytes read */
    batch b[2];
    int cur;                  /* the batch being filled */
    int threaded;
    scanstate *st;            /* unthreaded: batches are checked as soon as they are full */
    pthread_mutex_t mu;       /* threaded: guards full, last and stop */
    pthread_cond_t cv;
    int stop;                 /* threaded: the checking side wants no more */
    int stopped, nomem;       /* tokenizer-only: stop recording */
    int end;                  /* END_* */
    pg_error err;             /* END_ERROR: the message */
    char *errtext;            /* END_STRICT, END_UNTERMINATED: the text libcsv was reading */
    size_t errlen;
    int quoted;
} tokenizer;

/* Line breaks in s[0..len): "\r\n", "\n" and a lone "\r" each count once. */
static long count_breaks(const char *s, size_t len)
{
    long n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') n++;
        else if (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')) n++;
    }
    return n;
}

/* The quotes and the '\n's of s[0..n), counted without branches, which compilers vectorise:
 * the scan of the first half of a large file is on the path before either part starts. */
static void count_plain(const char *s, size_t n, unsigned long *quotes, long *newlines)
{
    unsigned long q = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        q += s[i] == '"';
        b += s[i] == '\n';
    }
    *quotes += q;
    *newlines += (long)b;
}

int pg_csv_split(FILE *in, unsigned long long size, unsigned long long *offset, long *line)
{
    char *buf = malloc(BLOCK);
    if (!buf) return 0;
    unsigned long long at = 0, half = size / 2;
    unsigned long quotes = 0;
    long breaks = 0;
    int cr = 0, found = 0;             /* cr: the byte before this one is a '\r' */
    size_t n;
    while (!found && (n = fread(buf, 1, BLOCK, in)) > 0) {
        if (at + n <= half && !memchr(buf, '\r', n)) {   /* wholly before the middle, no CR */
            count_plain(buf, n, &quotes, &breaks);
            if (cr && buf[0] == '\n') breaks--;         /* the LF of a "\r\n" split here */
            cr = 0;
            at += n;
            continue;
        }
        size_t i = 0;
        for (; i < n; i++) {
            char c = buf[i];
            if (c == '"') {
                quotes++;
            } else if (c == '\r') {
                breaks++;
            } else if (c == '\n') {
                if (!(i ? buf[i - 1] == '\r' : cr)) breaks++;   /* "\r\n" is one break */
                if (at + i >= half && !(quotes & 1)) {
                    found = 1;
                    i++;
                    break;
                }
            }
        }
        cr = buf[i - 1] == '\r';
        at += i;
    }
    free(buf);
    if (!found || at >= size || ferror(in)) return 0;
    *offset = at;
    *line = breaks + 1;
    return 1;
}

size_t pg_csv_utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    const uint64_t highs = UINT64_C(0x8080808080808080);
    size_t i = 0;
    while (i < len) {
        /* ASCII (every byte below 0x80) eight bytes at a time: a whole file in its encoding
         * check (source.c) is mostly that */
        uint64_t w;
        while (i + 8 <= len && (memcpy(&w, s + i, sizeof w), !(w & highs))) i += 8;
        if (i >= len) break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;      /* allowed range of the second byte */
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;       /* no overlong forms */
            if (c == 0xED) hi = 0x9F;       /* no surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;       /* nothing above U+10FFFF */
        } else return i;
        if (i + need >= len) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += need + 1;
    }
    return len;
}

char *pg_csv_excerpt(char *buf, size_t size, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t o = 0, i = 0;
    const size_t limit = 40;
    while (i < len && o + 8 < size) {
        if (i >= limit) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        unsigned c = s[i];
        if (c == '\n' || c == '\r' || c == '\t') {
            buf[o++] = '\\';
            buf[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
            i++;
        } else if (c < 0x80) {
            buf[o++] = (char)c;
            i++;
        } else {
            /* copy a whole valid sequence, else show the byte */
            size_t seq = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
            if (seq && i + seq <= len && pg_csv_utf8_check(str + i, seq) == seq &&
                o + seq + 4 < size) {
                memcpy(buf + o, s + i, seq);
                o += seq;
                i += seq;
            } else {
                o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
                i++;
            }
        }
    }
    buf[o] = '\0';
    return buf;
}

char pg_csv_detect_delim(const char *buf, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    int quoted = 0, content = 0;
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        if (c != ' ' && c != '\n' && c != '\r') content = 1;
        if (c == '"') quoted = !quoted;
        else if (quoted) continue;
        else if (c == '\n' || c == '\r') {
            if (content) break;                  /* the header ends; blank lines before it skip */
        } else if (c == ',') comma++;
        else if (c == ';') semi++;
        else if (c == '\t') tab++;
    }
    if (comma >= semi && comma >= tab) return ',';   /* also when none occurs */
    return semi >= tab ? ';' : '\t';
}

/*
 * Decimal text to double, without the C library's locale machinery in the common case.
 *   value = m * 10^e, m the (at most 19) significant digits as an integer.
 * When m <= 2^53 and |e| <= 22, both m and 10^|e| are exact doubles, so one IEEE multiply or
 * divide gives the correctly rounded result (Clinger's fast path: W. D. Clinger, "How to read
 * floating point numbers accurately", PLDI 1990). Anything else (long mantissas, big exponents)
 * goes to strtod, which glibc rounds correctly; the reader runs under the "C" locale
 * (uselocale), and we hand strtod a '.' decimal mark. Same grammar as R's type.convert for
 * decimal numbers; "Inf", "NaN" and hexadecimal are not numbers here.
 */
static const double pow10_exact[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The general case: surrounding spaces, exponents, long mantissas. Not inlined into the fast
 * path below, which then needs no large stack frame. */
static __attribute__((noinline)) int parse_double_general(const char *s, size_t len, char dec,
                                                          double *out)
{
    size_t i = 0, end = len;
    while (i < end && (s[i] == ' ' || s[i] == '\t')) i++;
    while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
    if (i == end) return 0;
    size_t start = i;
    int neg = 0;
    if (s[i] == '+' || s[i] == '-') neg = s[i++] == '-';
    uint64_t m = 0;
    int sig = 0, ndig = 0, exact = 1;
    long e10 = 0;
    for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
        ndig++;
        if (m == 0 && s[i] == '0') continue;             /* leading zeros are not significant */
        if (sig < 19) {
            m = m * 10 + (uint64_t)(s[i] - '0');
            sig++;
        } else {
            e10++;
            exact = 0;
        }
    }
    if (i < end && s[i] == dec) {
        i++;
        for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
            ndig++;
            if (m == 0 && s[i] == '0') {
                e10--;
                continue;
            }
            if (sig < 19) {
                m = m * 10 + (uint64_t)(s[i] - '0');
                sig++;
                e10--;
            } else exact = 0;
        }
    }
    if (ndig == 0) return 0;
    if (i < end && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        if (i < end && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
        if (i >= end || s[i] < '0' || s[i] > '9') return 0;
        long ex = 0;
        for (; i < end && s[i] >= '0' && s[i] <= '9'; i++)
            if (ex < 100000) ex = ex * 10 + (s[i] - '0');
        e10 += eneg ? -ex : ex;
    }
    if (i != end) return 0;
    double v;
    if (m == 0) {
        v = 0.0;
    } else if (exact && m <= (UINT64_C(1) << 53) && e10 >= -22 && e10 <= 22) {
        v = (double)m;
        v = e10 >= 0 ? v * pow10_exact[e10] : v / pow10_exact[-e10];
    } else {
        /* slow path: strtod on a '.'-decimal copy */
        char small[128], *tmp = small;
        size_t n = end - start;
        if (n + 1 > sizeof small) {
            tmp = malloc(n + 1);
            if (!tmp) return 0;
        }
        for (size_t k = 0; k < n; k++) tmp[k] = s[start + k] == dec ? '.' : s[start + k];
        tmp[n] = '\0';
        char *stop;
        errno = 0;
        v = strtod(tmp, &stop);
        int bad = *stop != '\0';
        if (tmp != small) free(tmp);
        if (bad) return 0;
        if (v != v || v - v != 0) return 0;            /* overflow to infinity */
        *out = v;
        return 1;
    }
    *out = neg ? -v : v;
    return 1;
}

/* The common case first, in one tight loop: [sign] digits [dec digits], at most 19 digits (so
 * the integer m cannot overflow), m <= 2^53 and at most 22 decimals -- exactly the conditions
 * of the fast path above, so the result is the same correctly rounded double. Profiling the
 * benchmark file (eight numbers a row) showed the general routine at about a fifth of the
 * reading time; this loop does the same work in about half the instructions. */
int pg_csv_parse_double(const char *s, size_t len, char dec, double *out)
{
    const char *p = s, *end = s + len;
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+')) neg = *p++ == '-';
    uint64_t m = 0;
    const char *int0 = p;
    while (p < end && (unsigned)(*p - '0') < 10) m = m * 10 + (uint64_t)(*p++ - '0');
    size_t nint = (size_t)(p - int0), nfrac = 0;
    if (p < end && *p == dec) {
        const char *frac0 = ++p;
        while (p < end && (unsigned)(*p - '0') < 10) m = m * 10 + (uint64_t)(*p++ - '0');
        nfrac = (size_t)(p - frac0);
    }
    if (p != end || nint + nfrac == 0 || nint + nfrac > 19 || nfrac > 22 ||
        m > (UINT64_C(1) << 53))
        return parse_double_general(s, len, dec, out);
    double v = (double)m;
    if (nfrac) v /= pow10_exact[nfrac];
    *out = neg ? -v : v;
    return 1;
}

/* ---- checking the token stream (the calling thread) ---- */

static void fail_field(scanstate *st, long line, size_t field, const char *what, const char *s,
                       size_t len)
{
    char ex[200];
    pg_csv_excerpt(ex, sizeof ex, s, len);
    st->status = pg_fail_at(st->sc->err, PG_EINPUT, st->sc->name, line, (long)field,
                            "%s '%s'", what, ex);
}

/* byte_class[c]: CLASS_LOW for bytes below 14 (NUL, line breaks and other controls), CLASS_HIGH
 * for bytes from 0x80 (part of a multi-byte UTF-8 sequence). */
enum { CLASS_LOW = 1, CLASS_HIGH = 2 };
#define CLASS_ROW16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char byte_class[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0,
    CLASS_ROW16(0), CLASS_ROW16(0), CLASS_ROW16(0), CLASS_ROW16(0), CLASS_ROW16(0),
    CLASS_ROW16(0), CLASS_ROW16(0), CLASS_ROW16(2), CLASS_ROW16(2), CLASS_ROW16(2),
    CLASS_ROW16(2), CLASS_ROW16(2), CLASS_ROW16(2), CLASS_ROW16(2), CLASS_ROW16(2)};
#undef CLASS_ROW16

/* CLASS_LOW | CLASS_HIGH as found in s[0..len). Eight bytes at a time while they last (most
 * numbers in a file fill one word), with the classic word tests (Anderson, "Bit Twiddling
 * Hacks", "determine if a word has a byte less than n"): for w with every byte < 0x80,
 * (w - 0x0E..0E) & ~w & 0x80..80 is nonzero iff some byte is below 14; bytes >= 0x80 show in
 * w & 0x80..80. Those are exact as yes/no answers, which is all we need; the rest byte by byte. */
static unsigned classify(const char *s, size_t len)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    uint64_t hi = 0, low = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, sizeof w);
        hi |= w;
        low |= (w - 14 * ones) & ~w;
    }
    unsigned cls = ((hi & highs) ? CLASS_HIGH : 0) | ((low & highs) ? CLASS_LOW : 0);
    for (; i < len; i++) cls |= byte_class[(unsigned char)s[i]];
    return cls;
}

/* A field of len bytes at s (NUL-terminated). */
static void on_field(const char *s, size_t len, scanstate *st)
{
    if (st->status) return;
    if (st->nfields == 0) st->rec_line = st->line;
    long line = st->line;
    st->prev_term = 0;
    /* One pass: any byte >= 0x80 (check UTF-8), any control byte below 14 (line break or NUL:
     * looked at closely only then). */
    unsigned cls = classify(s, len);
    unsigned low = cls & CLASS_LOW;
    int any_hi = (cls & CLASS_HIGH) != 0, any_nl = 0;
    if (low) any_nl = memchr(s, '\n', len) || memchr(s, '\r', len);
    /* a NUL would cut the text short: binary data, or UTF-16 */
    if (low && memchr(s, 0, len)) {
        size_t at = (size_t)((const char *)memchr(s, 0, len) - s);
        fail_field(st, line + count_breaks(s, at), st->nfields + 1,
                   "NUL byte in field (is this a CSV file in UTF-8?)", s, len);
        return;
    }
    if (any_hi) {
        size_t bad = pg_csv_utf8_check(s, len);
        if (bad < len) {
            char what[64];
            snprintf(what, sizeof what, "invalid UTF-8 (byte 0x%02X) in",
                     (unsigned)(unsigned char)s[bad]);
            fail_field(st, line + count_breaks(s, bad), st->nfields + 1, what, s, len);
            return;
        }
    }
    if (st->rec > 0 && st->nfields >= st->ncols) {
        char what[96];
        snprintf(what, sizeof what, "row has more fields than the header's %zu: extra field",
                 st->ncols);
        fail_field(st, line, st->nfields + 1, what, s, len);
        return;
    }
    int rc = st->sc->field(st->sc->ctx, s, len, st->nfields, line, st->rec);
    if (rc) {
        st->status = rc;
        return;
    }
    if (any_nl) st->line += count_breaks(s, len);
    st->last = s;
    st->last_len = len;
    st->nfields++;
}

/* The end of a record (or a blank line): c is its terminator, -1 at the end of input. */
static void on_record(int c, scanstate *st)
{
    if (st->status) return;
    if (st->nfields == 0) {                     /* a blank line */
        if (!(c == '\n' && st->prev_term == '\r') && c != -1) st->line++;
        st->prev_term = c;
        return;
    }
    if (st->rec == 0) {
        st->ncols = st->nfields;
    } else if (st->nfields < st->ncols) {
        char ex[200];
        pg_csv_excerpt(ex, sizeof ex, st->last, st->last_len);
        st->status = pg_fail_at(st->sc->err, PG_EINPUT, st->sc->name, st->line,
                                (long)st->nfields,
                                "row has %zu field%s, the header has %zu (last field '%s')",
                                st->nfields, st->nfields == 1 ? "" : "s", st->ncols, ex);
        return;
    }
    int rc = st->sc->record(st->sc->ctx, st->nfields, st->rec_line, st->rec);
    if (rc) {
        st->status = rc;
        return;
    }
    st->rec++;
    st->nfields = 0;
    if (c == '\r' || c == '\n') st->line++;
    st->prev_term = c;
}

/* Replay one batch of tokens through on_field / on_record. */
static void replay(scanstate *st, const batch *b)
{
    const char *text = b->text;
    for (size_t k = 0; k < b->nev && st->status == PG_OK; k++) {
        uint32_t e = b->ev[k];
        if (e & EV_RECORD) {
            on_record((int)(e & 0xFFFF) - 1, st);
        } else {
            on_field(text, e, st);
            text += e + 1;
        }
    }
}

/* The tokenizer stopped at an error only the checking side can place (it knows the line and the
 * field number of the text the tokenizer was reading). */
static int fail_tokenizer(scanstate *st, const tokenizer *tk)
{
    pg_csv_scan *sc = st->sc;
    char ex[200];
    const char *text = tk->errtext ? tk->errtext : "";
    pg_csv_excerpt(ex, sizeof ex, text, tk->errlen);
    long col = (long)st->nfields + 1;
    switch (tk->end) {
    case END_STRICT: {
        /* text: what libcsv had of the field, then the offending byte */
        long line = st->line + count_breaks(text, tk->errlen - 1);
        if (tk->quoted)
            return pg_fail_at(sc->err, PG_EINPUT, sc->name, line, col,
                              "unexpected character after a closing quote in field '\"%s' (a "
                              "quote inside a quoted field must be doubled)", ex);
        return pg_fail_at(sc->err, PG_EINPUT, sc->name, line, col,
                          "stray quote in unquoted field '%s' (quote the whole field and double "
                          "the quote)", ex);
    }
    case END_LONG:
        return pg_fail_at(sc->err, PG_EINPUT, sc->name, st->line, col,
                          "field longer than %ld MiB (an unterminated quote?; PG_LIMIT_FIELD_BYTES, "
                          "docs/limits.md)", (long)(MAX_FIELD >> 20));
    case END_UNTERMINATED:
        return pg_fail_at(sc->err, PG_EINPUT, sc->name, st->line, col,
                          "unterminated quoted field starting '\"%s'", ex);
    default:
        *sc->err = tk->err;
        return tk->err.code ? tk->err.code : PG_EIO;
    }
}

/* ---- tokenizing (libcsv; a thread of its own for large input) ---- */

static int batch_reserve(batch *b, size_t text, size_t ev)
{
    if (b->ntext + text > b->captext) {
        size_t cap = b->captext ? b->captext : BATCH_TEXT + 4096;
        while (cap < b->ntext + text) cap *= 2;
        char *t = realloc(b->text, cap);
        if (!t) return -1;
        b->text = t;
        b->captext = cap;
    }
    if (b->nev + ev > b->capev) {
        size_t cap = b->capev ? b->capev * 2 : BATCH_EVENTS + 64;
        uint32_t *e = realloc(b->ev, cap * sizeof *e);
        if (!e) return -1;
        b->ev = e;
        b->capev = cap;
    }
    return 0;
}

/* Give the batch being filled to the checking side and take the other one; returns nonzero when
 * the checking side wants no more (an error, or a callback's PG_CSV_STOP). */
static int hand_over(tokenizer *tk, int last)
{
    batch *b = &tk->b[tk->cur];
    if (!tk->threaded) return tk->st->status != PG_OK;   /* already checked, token by token */
    pthread_mutex_lock(&tk->mu);
    b->last = last;
    b->full = 1;
    pthread_cond_broadcast(&tk->cv);
    tk->cur ^= 1;
    while (tk->b[tk->cur].full && !tk->stop) pthread_cond_wait(&tk->cv, &tk->mu);
    int stop = tk->stop;
    pthread_mutex_unlock(&tk->mu);
    tk->b[tk->cur].ntext = tk->b[tk->cur].nev = 0;
    return stop;
}

/* libcsv's callbacks. With one thread the tokens go straight to the checks (libcsv's
 * CSV_APPEND_NULL puts a NUL after each field; the text stays valid until the next field, i.e.
 * through the record-end callback). With a reading thread each field is copied (libcsv reuses
 * its buffer), with a NUL after it, into the batch being filled. */
static void direct_field(void *data, size_t len, void *vst)
{
    on_field(data ? data : "", len, vst);
}

static void direct_record(int c, void *vst)
{
    on_record(c, vst);
}

static void rec_field(void *data, size_t len, void *vtk)
{
    tokenizer *tk = vtk;
    if (tk->stopped || tk->nomem) return;
    batch *b = &tk->b[tk->cur];
    /* Room for the field, its NUL and the 16-byte copy below (rarely short). */
    if ((b->ntext + len + 17 > b->captext || b->nev == b->capev) &&
        batch_reserve(b, len + 17, 1)) {
        tk->nomem = 1;
        return;
    }
    char *dst = b->text + b->ntext;
    /* This copy is most of the reading thread's own work (profiled: a sixth of its time with a
     * library memcpy call per field). A field of at most 16 bytes -- most of them -- is copied
     * as one fixed 16-byte block, which compilers inline as two moves; the bytes past the field
     * come from libcsv's buffer (data is its entry buffer, at least entry_size bytes long) and
     * are overwritten by the NUL and the next field. */
    if (data && len <= 16 && tk->p.entry_size >= 16) memcpy(dst, data, 16);
    else if (len) memcpy(dst, data, len);
    dst[len] = '\0';
    b->ntext += len + 1;
    b->ev[b->nev++] = (uint32_t)len;
}

static void rec_record(int c, void *vtk)
{
    tokenizer *tk = vtk;
    if (tk->stopped || tk->nomem) return;
    batch *b = &tk->b[tk->cur];
    if (batch_reserve(b, 0, 1)) {
        tk->nomem = 1;
        return;
    }
    b->ev[b->nev++] = EV_RECORD | (uint32_t)((c + 1) & 0xFFFF);
    /* batches end with a record, so a record's fields are never split between two batches */
    if ((b->ntext >= BATCH_TEXT || b->nev >= BATCH_EVENTS) && hand_over(tk, 0)) tk->stopped = 1;
}

/* Keep the text libcsv was reading (plus extra bytes) for an error message. */
static void keep_errtext(tokenizer *tk, const char *extra, size_t nextra)
{
    size_t n = tk->p.entry_pos;
    tk->errtext = malloc(n + nextra + 1);
    if (!tk->errtext) return;
    if (n) memcpy(tk->errtext, tk->p.entry_buf, n);
    if (nextra) memcpy(tk->errtext + n, extra, nextra);
    tk->errtext[n + nextra] = '\0';
    tk->errlen = n + nextra;
    tk->quoted = tk->p.quoted;
}

/* Read sc->in to the end in 1 MiB blocks and tokenize it into batches. */
static void tokenize(tokenizer *tk)
{
    pg_csv_scan *sc = tk->sc;
    struct csv_parser *p = &tk->p;
    int first = 1;
    for (;;) {
        size_t n = 0;
        /* Fill the whole block (pipes return short reads), so the first block holds the whole
         * header line for delimiter detection whenever it fits. */
        size_t want = BLOCK;
        if (sc->limit && sc->limit - sc->bytes < want) want = (size_t)(sc->limit - sc->bytes);
        while (n < want) {
            size_t got = fread(tk->buf + n, 1, want - n, sc->in);
            if (got == 0) break;
            n += got;
        }
        if (ferror(sc->in)) {
            pg_fail_at(&tk->err, PG_EIO, sc->name, 0, 0, "read error: %s", strerror(errno));
            tk->end = END_ERROR;
            break;
        }
        if (sc->spool && n && fwrite(tk->buf, 1, n, sc->spool) != n) {
            pg_fail(&tk->err, PG_EIO, "cannot spool standard input to a temporary file");
            tk->end = END_ERROR;
            break;
        }
        sc->bytes += n;
        if (sc->max_bytes && sc->bytes > sc->max_bytes) {
            pg_fail_at(&tk->err, PG_EINPUT, sc->name, 0, 0, "standard input is longer than "
                       "%llu bytes (PG_LIMIT_STDIN_BYTES; PROGNOS_MAX_STDIN_BYTES raises it, "
                       "docs/limits.md): give the data as a file, which has no limit",
                       sc->max_bytes);
            tk->end = END_ERROR;
            break;
        }
        size_t off = 0;
        if (first && sc->ncols) {        /* a later part of a file: no header, no BOM */
            first = 0;
            sc->delim_used = sc->delim;
            csv_set_delim(p, (unsigned char)sc->delim_used);
        } else if (first) {
            first = 0;
            if (n >= 3 && memcmp(tk->buf, "\xEF\xBB\xBF", 3) == 0) off = 3;
            sc->delim_used = sc->delim ? sc->delim : pg_csv_detect_delim(tk->buf + off, n - off);
            csv_set_delim(p, (unsigned char)sc->delim_used);
        }
        if (n == 0) break;
        size_t used = tk->threaded
                          ? csv_parse(p, tk->buf + off, n - off, rec_field, rec_record, tk)
                          : csv_parse(p, tk->buf + off, n - off, direct_field, direct_record,
                                      tk->st);
        if (!tk->threaded) tk->stopped = tk->st->status != PG_OK;
        if (tk->stopped || tk->nomem) break;
        /* libcsv grows its field buffer by a fixed block; grow the block with the buffer so a
         * long field costs O(n), and stop a runaway quoted field (an unbalanced quote would
         * otherwise swallow the rest of a large file into memory). */
        if (p->entry_size > 4096) csv_set_blk_size(p, p->entry_size);
        if (p->entry_pos > MAX_FIELD) {
            tk->end = END_LONG;
            break;
        }
        if (used < n - off) {
            if (csv_error(p) == CSV_EPARSE) {
                keep_errtext(tk, tk->buf + off + used, 1);
                tk->end = tk->errtext ? END_STRICT : END_ERROR;
            } else {
                tk->end = END_ERROR;
            }
            if (tk->end == END_ERROR)
                pg_fail(&tk->err, PG_ENOMEM, "out of memory (a field too long?)");
            break;
        }
        if (n < want || (sc->limit && sc->bytes >= sc->limit)) break;
    }
    int fini = tk->end == END_OK && !tk->stopped && !tk->nomem;
    if (fini && (tk->threaded ? csv_fini(p, rec_field, rec_record, tk)
                              : csv_fini(p, direct_field, direct_record, tk->st)) != 0) {
        keep_errtext(tk, NULL, 0);
        tk->end = tk->errtext ? END_UNTERMINATED : END_ERROR;
        if (tk->end == END_ERROR) pg_fail(&tk->err, PG_ENOMEM, "out of memory");
    }
    if (tk->nomem) {
        tk->end = END_ERROR;
        pg_fail(&tk->err, PG_ENOMEM, "out of memory");
    }
    if (!tk->stopped) hand_over(tk, 1);    /* the last batch, even after an error */
}

static void *tokenize_thread(void *vtk)
{
    tokenize(vtk);
    return NULL;
}

/* Should a second thread tokenize? Only when the caller allows one (threads 2: it knows a
 * processor is free for it -- on a busy machine the two threads take turns on one processor,
 * and the copying into batches makes that about a quarter slower than one thread, measured in
 * docs/performance.md), and the input is not known to be small (a regular file under 4 MiB,
 * where starting the thread and copying cost more than they save). PG_CSV_THREADS_ALWAYS
 * (tests) takes the thread whatever the input. */
static int want_thread(const pg_csv_scan *sc)
{
    if (sc->threads == PG_CSV_THREADS_ALWAYS) return 1;
    if (sc->threads != 2) return 0;
    struct stat stb;
    if (fstat(fileno(sc->in), &stb) == 0 && S_ISREG(stb.st_mode) && stb.st_size < (4 << 20))
        return 0;
    return 1;
}

/* The checking side of a threaded scan: replay batches in order until the last one or an
 * error, then let the tokenizer go. */
static void check_batches(tokenizer *tk, scanstate *st)
{
    for (int j = 0;; j ^= 1) {
        pthread_mutex_lock(&tk->mu);
        while (!tk->b[j].full) pthread_cond_wait(&tk->cv, &tk->mu);
        pthread_mutex_unlock(&tk->mu);
        replay(st, &tk->b[j]);
        int last = tk->b[j].last;
        pthread_mutex_lock(&tk->mu);
        tk->b[j].full = 0;
        if (st->status != PG_OK) tk->stop = 1;
        pthread_cond_broadcast(&tk->cv);
        pthread_mutex_unlock(&tk->mu);
        if (last || st->status != PG_OK) return;
    }
}

int pg_csv_scan_run(pg_csv_scan *sc)
{
    scanstate st;
    memset(&st, 0, sizeof st);
    st.sc = sc;
    st.line = sc->first_line ? sc->first_line : 1;
    if (sc->ncols) {                    /* a later part of a file: the header is known */
        st.ncols = sc->ncols;
        st.rec = 1;
    }
    sc->nrecords = 0;
    sc->bytes = 0;
    tokenizer *tk = calloc(1, sizeof *tk);
    if (!tk) return pg_fail(sc->err, PG_ENOMEM, "out of memory");
    tk->sc = sc;
    tk->st = &st;
    int rc = PG_OK;
    if (csv_init(&tk->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0) {
        free(tk);
        return pg_fail(sc->err, PG_ENOMEM, "out of memory");
    }
    csv_set_blk_size(&tk->p, 4096);
    tk->buf = malloc(BLOCK);
    tk->threaded = want_thread(sc);
    if (!tk->buf || (tk->threaded && (batch_reserve(&tk->b[0], BATCH_TEXT, BATCH_EVENTS) ||
                                      batch_reserve(&tk->b[1], BATCH_TEXT, BATCH_EVENTS)))) {
        rc = pg_fail(sc->err, PG_ENOMEM, "out of memory");
        goto done;
    }
    if (tk->threaded) {
        pthread_t th;
        int ok = pthread_mutex_init(&tk->mu, NULL) == 0;
        if (ok && pthread_cond_init(&tk->cv, NULL) != 0) {
            pthread_mutex_destroy(&tk->mu);
            ok = 0;
        }
        if (ok && pthread_create(&th, NULL, tokenize_thread, tk) != 0) {
            pthread_cond_destroy(&tk->cv);
            pthread_mutex_destroy(&tk->mu);
            ok = 0;
        }
        if (ok) {
            check_batches(tk, &st);
            pthread_join(th, NULL);
            pthread_cond_destroy(&tk->cv);
            pthread_mutex_destroy(&tk->mu);
        } else {
            tk->threaded = 0;           /* no thread to be had: do it all here */
            tokenize(tk);
        }
    } else {
        tokenize(tk);
    }
    /* the first error in the file wins: the checks of what was read before the tokenizer
     * stopped, then the tokenizer's own */
    if (st.status != PG_OK && st.status != PG_CSV_STOP) rc = st.status;
    else if (st.status == PG_OK && tk->end != END_OK) rc = fail_tokenizer(&st, tk);
    if (rc == PG_OK && st.status == PG_OK && st.rec == 0 && !sc->ncols)
        rc = pg_fail_at(sc->err, PG_EINPUT, sc->name, 0, 0, "no header line (the file is empty)");
    sc->nrecords = st.rec;
done:
    csv_free(&tk->p);
    free(tk->buf);
    for (int j = 0; j < 2; j++) {
        free(tk->b[j].text);
        free(tk->b[j].ev);
    }
    free(tk->errtext);
    free(tk);
    return rc;
}
