/* source.c -- what an input file is, by its content: a CSV in UTF-8 (read as it is), a CSV in
 * another encoding (converted to UTF-8 through iconv into a temporary file that the CSV
 * scanner reads), or a workbook or statistics file (read into a pg_rows table, rows.h).
 *
 * Encodings: with no --encoding a text file is checked for valid UTF-8 first; a file that is
 * not is read as Windows-1252 (Excel's "CSV" export in Western Europe, a superset of Latin-1's
 * printable characters) and a note says so; a UTF-16 byte-order mark (Excel's "Unicode text")
 * selects UTF-16. --encoding NAME converts from any encoding iconv knows. Line breaks survive
 * the conversion, so messages keep the file's line numbers. */
#include "source.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv_scan.h"

enum { BLOCK = 1 << 16 };

/* Whether the whole of in is valid UTF-8; rewinds it. A multi-byte sequence may straddle two
 * blocks: its first bytes are carried over. */
static int all_utf8(FILE *in)
{
    static const size_t keep = 3;
    char buf[BLOCK + 4];
    size_t have = 0, n;
    int ok = 1;
    while (ok && (n = fread(buf + have, 1, BLOCK, in)) > 0) {
        size_t len = have + n, bad = pg_csv_utf8_check(buf, len);
        have = 0;
        if (bad < len) {
            if (len - bad > keep) ok = 0;
            else {
                have = len - bad;
                memmove(buf, buf + bad, have);
            }
        }
    }
    if (ok && have > 0) ok = pg_csv_utf8_check(buf, have) == have;
    rewind(in);
    return ok;
}

/* Convert in (from encoding enc) to UTF-8 into a new temporary file *out. Error messages give
 * the line and the original byte. */
static int transcode(FILE *in, const char *name, const char *enc, FILE **out, pg_error *err)
{
    iconv_t cd = iconv_open("UTF-8", enc);
    *out = NULL;
    if (cd == (iconv_t)-1)
        return pg_fail(err, PG_EINPUT, "unknown encoding '%s' (iconv -l lists them)", enc);
    FILE *tmp = tmpfile();
    int rc = tmp ? PG_OK : pg_fail(err, PG_EIO, "cannot create a temporary file");
    char ib[BLOCK], ob[4 * BLOCK + 16];
    size_t have = 0, n;
    long line = 1;
    int eof = 0;
    while (rc == PG_OK && !eof) {
        n = fread(ib + have, 1, sizeof ib - have, in);
        eof = n == 0;
        size_t left = have + n;
        char *ip = ib, *op = ob;
        size_t oleft = sizeof ob;
        size_t r = left ? iconv(cd, &ip, &left, &op, &oleft) : 0;
        for (char *p = ob; p < op; p++) line += *p == '\n';
        if (r == (size_t)-1 && (errno == EILSEQ || (errno == EINVAL && eof)))
            rc = pg_fail_at(err, PG_EINPUT, name, line, 0,
                            "byte 0x%02X is not %s text%s", (unsigned char)*ip, enc,
                            errno == EINVAL ? " (the file ends inside a character)" : "");
        if (rc == PG_OK && fwrite(ob, 1, (size_t)(op - ob), tmp) != (size_t)(op - ob))
            rc = pg_fail(err, PG_EIO, "cannot write a temporary file");
        have = left;
        if (have) memmove(ib, ip, have);
        if (eof && have && rc == PG_OK)
            rc = pg_fail_at(err, PG_EINPUT, name, line, 0, "the file ends inside a character");
    }
    iconv_close(cd);
    if (rc == PG_OK && (ferror(in) || fflush(tmp) != 0))
        rc = pg_fail_at(err, PG_EIO, name, 0, 0, "read error");
    if (rc != PG_OK) {
        if (tmp) fclose(tmp);
        return rc;
    }
    rewind(tmp);
    *out = tmp;
    return PG_OK;
}

/* The format a name given to --format-in stands for. */
static int forced_kind(const char *fmt, pg_file_kind *k)
{
    static const struct { const char *name; pg_file_kind kind; } tab[] = {
        {"csv", PG_KIND_TEXT}, {"xlsx", PG_KIND_ZIP}, {"sav", PG_KIND_SAV},
        {"zsav", PG_KIND_SAV}, {"spss", PG_KIND_SAV}, {"dta", PG_KIND_DTA},
        {"stata", PG_KIND_DTA}, {"sas7bdat", PG_KIND_SAS7BDAT}, {"sas", PG_KIND_SAS7BDAT},
        {"xpt", PG_KIND_XPT}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(fmt, tab[i].name) == 0) {
            *k = tab[i].kind;
            return 1;
        }
    return 0;
}

int pg_source_check_format(const char *fmt, pg_error *err)
{
    pg_file_kind k;
    if (!fmt || strcmp(fmt, "auto") == 0 || forced_kind(fmt, &k)) return PG_OK;
    return pg_fail(err, PG_EINPUT,
                   "unknown input format '%s' (auto, csv, xlsx, sav, dta, sas7bdat, xpt)", fmt);
}

/* A text file: as it is when UTF-8 and no encoding is named, else converted. */
static int open_text(FILE *in, const char *name, const pg_csv_opts *opt, pg_file_kind kind,
                     pg_source *src, pg_error *err)
{
    const char *enc = opt->encoding;
    /* UTF-8 named: no conversion; the scanner checks every byte and names the bad one */
    if (enc && (strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0)) return PG_OK;
    if (!enc && kind == PG_KIND_UTF16) enc = "UTF-16";
    if (!enc && !all_utf8(in)) {
        enc = "WINDOWS-1252";
        src->note = pg_strdup_printf("%s is not valid UTF-8: read as Windows-1252 (give "
                                     "--encoding if it is another encoding)", name);
        if (!src->note) return pg_fail(err, PG_ENOMEM, "out of memory");
    }
    if (!enc) return PG_OK;
    return transcode(in, name, enc, &src->conv, err);
}

int pg_source_open(const char *path, const char *name, const pg_csv_opts *opt, pg_source *src,
                   pg_error *err)
{
    memset(src, 0, sizeof *src);
    const char *fmt = opt->format && strcmp(opt->format, "auto") != 0 ? opt->format : NULL;
    pg_file_kind want = PG_KIND_TEXT;
    if (fmt && !forced_kind(fmt, &want)) return pg_source_check_format(fmt, err);
    if (strcmp(path, "-") == 0) {
        if (want != PG_KIND_TEXT)
            return pg_fail(err, PG_EINPUT, "standard input is read as CSV only, not %s", fmt);
        return PG_OK;
    }
    FILE *in = fopen(path, "rb");
    if (!in) return pg_fail_at(err, PG_EIO, name, 0, 0, "cannot open: %s", strerror(errno));
    unsigned char head[64];
    size_t n = fread(head, 1, sizeof head, in);
    rewind(in);
    pg_file_kind kind = pg_rows_sniff(head, n);
    int rc = PG_OK;
    if (fmt && want != (kind == PG_KIND_UTF16 ? PG_KIND_TEXT : kind))
        rc = pg_fail_at(err, PG_EINPUT, name, 0, 0, "given as %s, but its content is %s", fmt,
                        pg_rows_kind_name(kind));
    else if (kind == PG_KIND_XLS)
        rc = pg_fail_at(err, PG_EINPUT, name, 0, 0, "this is %s; save it as .xlsx or CSV",
                        pg_rows_kind_name(kind));
    else if (kind == PG_KIND_TEXT || kind == PG_KIND_UTF16)
        rc = open_text(in, name, opt, kind, src, err);
    fclose(in);
    if (rc != PG_OK || kind == PG_KIND_TEXT || kind == PG_KIND_UTF16) return rc;
    if (!(src->rows = calloc(1, sizeof *src->rows))) return pg_fail(err, PG_ENOMEM, "out of memory");
    if (kind == PG_KIND_ZIP) rc = pg_xlsx_read(path, name, opt->sheet, src->rows, err);
    else rc = pg_stat_read(path, name, kind, opt->codes, src->rows, err);
    if (rc != PG_OK) pg_source_free(src);
    return rc;
}

void pg_source_free(pg_source *src)
{
    if (src->rows) {
        pg_rows_free(src->rows);
        free(src->rows);
    }
    if (src->conv) fclose(src->conv);
    free(src->note);
    memset(src, 0, sizeof *src);
}
