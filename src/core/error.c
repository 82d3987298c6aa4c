/* error.c -- filling and rendering pg_error records. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef PG_VERSION_STRING
#define PG_VERSION_STRING "0.0.0"
#endif

const char *pg_version(void)
{
    return PG_VERSION_STRING;
}

static void copy_str(char *dst, size_t len, const char *src)
{
    if (!src) src = "";
    size_t n = strlen(src);
    if (n >= len) n = len - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int pg_failv(pg_error *err, int code, const char *file, long line, long column,
             const char *fmt, va_list ap)
{
    if (!err) return code;
    err->code = code;
    copy_str(err->file, sizeof err->file, file);
    err->line = line;
    err->column = column;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return code;
}

int pg_fail(pg_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pg_failv(err, code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    if (err) err->term[0] = '\0';
    return code;
}

int pg_fail_at(pg_error *err, int code, const char *file, long line, long column,
               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pg_failv(err, code, file, line, column, fmt, ap);
    va_end(ap);
    if (err) err->term[0] = '\0';
    return code;
}

int pg_fail_term(pg_error *err, int code, const char *term, long column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pg_failv(err, code, NULL, 0, column, fmt, ap);
    va_end(ap);
    if (err) copy_str(err->term, sizeof err->term, term);
    return code;
}

const char *pg_error_str(const pg_error *e, char *buf, size_t len)
{
    if (!buf || len == 0) return buf;
    if (!e) {
        copy_str(buf, len, "no error");
    } else if (e->file[0] && e->line > 0 && e->column > 0) {
        snprintf(buf, len, "%s:%ld:%ld: %s", e->file, e->line, e->column, e->msg);
    } else if (e->file[0] && e->line > 0) {
        snprintf(buf, len, "%s:%ld: %s", e->file, e->line, e->msg);
    } else if (e->file[0]) {
        snprintf(buf, len, "%s: %s", e->file, e->msg);
    } else if (e->term[0] && e->column > 0) {
        /* a position in the formula text: the CLI draws a caret under it */
        snprintf(buf, len, "formula: %s", e->msg);
    } else {
        copy_str(buf, len, e->msg);
    }
    return buf;
}
