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
 * caller's callback, which must copy what it keeps: libcsv reuses its buffer.
 */
#include "csv_scan.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (1u << 20)      /* bytes per fread */
#define MAX_FIELD (16 << 20)  /* longest field accepted, in bytes */

typedef struct scanstate {
    pg_csv_scan *sc;
    struct csv_parser *p;
    long line;                /* physical line of the next unread byte, 1-based */
    long rec_line;            /* line where the current record began */
    size_t nfields;           /* fields so far in the current record */
    size_t ncols;             /* fields in the header */
    size_t rec;               /* index of the current record (0 = header) */
    int prev_term;            /* terminator of the previous empty-or-full row, for CRLF */
    int status;               /* PG_OK, PG_CSV_STOP or an error code */
    size_t last_len;          /* length of the last field, for "row has too few fields" */
} scanstate;

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

size_t pg_csv_utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
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

int pg_csv_parse_double(const char *s, size_t len, char dec, double *out)
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

/* ---- libcsv callbacks ---- */


static void fail_field(scanstate *st, long line, size_t field, const char *what, const char *s,
                       size_t len)
{
    char ex[200];
    pg_csv_excerpt(ex, sizeof ex, s, len);
    st->status = pg_fail_at(st->sc->err, PG_EINPUT, st->sc->name, line, (long)field,
                            "%s '%s'", what, ex);
}

static void on_field(void *data, size_t len, void *vst)
{
    scanstate *st = vst;
    if (st->status) return;
    const char *s = data ? data : "";
    if (st->nfields == 0) st->rec_line = st->line;
    long line = st->line;
    st->prev_term = 0;
    /* One pass: any byte >= 0x80 (check UTF-8), any control byte below 14 (line break or NUL:
     * looked at closely only then). */
    unsigned hi = 0, low = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        hi |= c;
        low |= c < 14;
    }
    int any_hi = (hi & 0x80) != 0, any_nl = 0;
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
    st->last_len = len;
    st->nfields++;
}

static void on_record(int c, void *vst)
{
    scanstate *st = vst;
    if (st->status) return;
    if (st->nfields == 0) {                     /* a blank line */
        if (!(c == '\n' && st->prev_term == '\r') && c != -1) st->line++;
        st->prev_term = c;
        return;
    }
    if (st->rec == 0) {
        st->ncols = st->nfields;
    } else if (st->nfields < st->ncols) {
        /* libcsv has just submitted the last field: its text is still in the entry buffer */
        char ex[200];
        pg_csv_excerpt(ex, sizeof ex, (const char *)st->p->entry_buf, st->last_len);
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

/* libcsv stopped on a strict-mode error at buf[pos]. */
static int fail_strict(scanstate *st, const char *buf, size_t pos)
{
    struct csv_parser *p = st->p;
    size_t n = p->entry_pos;
    char *text = malloc(n + 2);
    if (!text) return pg_fail(st->sc->err, PG_ENOMEM, "out of memory");
    if (n) memcpy(text, p->entry_buf, n);
    text[n] = buf[pos];
    long line = st->line + count_breaks(text, n);
    char ex[200];
    pg_csv_excerpt(ex, sizeof ex, text, n + 1);
    int rc;
    if (p->quoted)
        rc = pg_fail_at(st->sc->err, PG_EINPUT, st->sc->name, line, (long)st->nfields + 1,
                        "unexpected character after a closing quote in field '\"%s' (a quote "
                        "inside a quoted field must be doubled)", ex);
    else
        rc = pg_fail_at(st->sc->err, PG_EINPUT, st->sc->name, line, (long)st->nfields + 1,
                        "stray quote in unquoted field '%s' (quote the whole field and double "
                        "the quote)", ex);
    free(text);
    return rc;
}

int pg_csv_scan_run(pg_csv_scan *sc)
{
    struct csv_parser p;
    scanstate st;
    memset(&st, 0, sizeof st);
    st.sc = sc;
    st.p = &p;
    st.line = 1;
    sc->nrecords = 0;
    sc->bytes = 0;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
        return pg_fail(sc->err, PG_ENOMEM, "out of memory");
    csv_set_blk_size(&p, 4096);
    char *buf = malloc(BLOCK);
    if (!buf) {
        csv_free(&p);
        return pg_fail(sc->err, PG_ENOMEM, "out of memory");
    }
    int rc = PG_OK, first = 1;
    for (;;) {
        size_t n = 0;
        /* Fill the whole block (pipes return short reads), so the first block holds the whole
         * header line for delimiter detection whenever it fits. */
        while (n < BLOCK) {
            size_t got = fread(buf + n, 1, BLOCK - n, sc->in);
            if (got == 0) break;
            n += got;
        }
        if (ferror(sc->in)) {
            rc = pg_fail_at(sc->err, PG_EIO, sc->name, 0, 0, "read error: %s", strerror(errno));
            break;
        }
        if (sc->spool && n && fwrite(buf, 1, n, sc->spool) != n) {
            rc = pg_fail(sc->err, PG_EIO, "cannot spool standard input to a temporary file");
            break;
        }
        sc->bytes += n;
        size_t off = 0;
        if (first) {
            first = 0;
            if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) off = 3;
            sc->delim_used = sc->delim ? sc->delim : pg_csv_detect_delim(buf + off, n - off);
            csv_set_delim(&p, (unsigned char)sc->delim_used);
        }
        if (n == 0) break;
        size_t used = csv_parse(&p, buf + off, n - off, on_field, on_record, &st);
        if (st.status) break;
        /* libcsv grows its field buffer by a fixed block; grow the block with the buffer so a
         * long field costs O(n), and stop a runaway quoted field (an unbalanced quote would
         * otherwise swallow the rest of a large file into memory). */
        if (p.entry_size > 4096) csv_set_blk_size(&p, p.entry_size);
        if (p.entry_pos > MAX_FIELD) {
            rc = pg_fail_at(sc->err, PG_EINPUT, sc->name, st.line, (long)st.nfields + 1,
                            "field longer than %d MiB (an unterminated quote?)", MAX_FIELD >> 20);
            break;
        }
        if (used < n - off) {
            if (csv_error(&p) == CSV_EPARSE) rc = fail_strict(&st, buf + off, used);
            else rc = pg_fail(sc->err, PG_ENOMEM, "out of memory (a field too long?)");
            break;
        }
        if (n < BLOCK) break;
    }
    if (rc == PG_OK && st.status == PG_OK) {
        if (csv_fini(&p, on_field, on_record, &st) != 0) {
            char ex[200];
            pg_csv_excerpt(ex, sizeof ex, p.entry_buf ? (const char *)p.entry_buf : "",
                           p.entry_pos);
            rc = pg_fail_at(sc->err, PG_EINPUT, sc->name, st.line, (long)st.nfields + 1,
                            "unterminated quoted field starting '\"%s'", ex);
        }
    }
    if (rc == PG_OK && st.status != PG_OK && st.status != PG_CSV_STOP) rc = st.status;
    if (rc == PG_OK && st.status == PG_OK && st.rec == 0)
        rc = pg_fail_at(sc->err, PG_EINPUT, sc->name, 0, 0, "no header line (the file is empty)");
    sc->nrecords = st.rec;
    csv_free(&p);
    free(buf);
    return rc;
}
