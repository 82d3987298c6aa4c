/* date.c -- calendar dates as day counts since 1970-01-01 (R's Date class), their ISO 8601 and
 * strptime()-like text forms (prognos/date.h).
 *
 * The conversion between a day count and year-month-day shifts the year to start on 1 March,
 * so that the leap day is the last day of the shifted year, and counts whole 400-year cycles
 * (146097 days each) from 0000-03-01: within a cycle, the year of the cycle comes from the day
 * of the cycle by removing the leap days of every 4th, 100th and 400th year, and the month from
 * the day of the shifted year by the line (153 m + 2) / 5, which gives the lengths 31 30 31 30
 * 31 31 30 31 30 31 31 28/29 of March..February. (H. Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms", 2013; R's own dates use the same proleptic Gregorian calendar, so as.Date() and
 * as.numeric() give the same counts.) */
#include "prognos/date.h"

#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int pg_date_is_leap(long year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int pg_date_month_days(long year, int month)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return len[month - 1] + (month == 2 && pg_date_is_leap(year));
}

double pg_date_from_ymd(long year, int month, int day)
{
    long y = year - (month <= 2);                       /* the year starts on 1 March */
    long cycle = (y >= 0 ? y : y - 399) / 400;          /* floor(y / 400) */
    long yoc = y - cycle * 400;                         /* year of the cycle, 0..399 */
    long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    long doc = yoc * 365 + yoc / 4 - yoc / 100 + doy;   /* day of the cycle */
    return (double)(cycle * 146097 + doc - 719468);     /* 719468: 0000-03-01 to 1970-01-01 */
}

void pg_date_to_ymd(double days, long *year, int *month, int *day)
{
    long z = (long)floor(days) + 719468;
    long cycle = (z >= 0 ? z : z - 146096) / 146097;
    long doc = z - cycle * 146097;                                       /* 0..146096 */
    long yoc = (doc - doc / 1460 + doc / 36524 - doc / 146096) / 365;    /* 0..399 */
    long doy = doc - (365 * yoc + yoc / 4 - yoc / 100);                  /* 0..365 */
    long mp = (5 * doy + 2) / 153;                                       /* 0 = March */
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = yoc + cycle * 400 + (*month <= 2);
}

/* ---- reading ---- */

typedef struct cursor {
    const char *s;
    size_t i, len;
} cursor;

/* Between lo and hi decimal digits at the cursor into *v; 0 if fewer than lo. */
static int digits(cursor *c, int lo, int hi, long *v)
{
    int k = 0;
    *v = 0;
    while (k < hi && c->i < c->len && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
        *v = *v * 10 + (c->s[c->i++] - '0');
        k++;
    }
    return k >= lo;
}

static int take(cursor *c, char ch)
{
    if (c->i < c->len && c->s[c->i] == ch) {
        c->i++;
        return 1;
    }
    return 0;
}

static void blanks(cursor *c)
{
    while (c->i < c->len && (c->s[c->i] == ' ' || c->s[c->i] == '\t')) c->i++;
}

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* An English month name at the cursor, three letters or in full: 1-12, or 0. */
static int month_name(cursor *c)
{
    static const char *const names[12] = {"january", "february", "march", "april", "may",
                                           "june", "july", "august", "september", "october",
                                           "november", "december"};
    size_t n = 0;
    while (c->i + n < c->len && lower(c->s[c->i + n]) >= 'a' && lower(c->s[c->i + n]) <= 'z')
        n++;
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(names[m]);
        if (n != 3 && n != full) continue;
        size_t k = 0;
        while (k < n && lower(c->s[c->i + k]) == names[m][k]) k++;
        if (k == n) {
            c->i += n;
            return m + 1;
        }
    }
    return 0;
}

/* The date-time tail of ISO text after the date: [T| ]HH:MM[:SS[.fff]][Z]. Adds the fraction
 * of the day to *frac. */
static pg_date_status iso_time(cursor *c, double *frac)
{
    long h, m, sec = 0;
    double part = 0;
    if (!take(c, 'T') && !take(c, ' ')) return PG_DATE_NOMATCH;
    if (!digits(c, 2, 2, &h) || !take(c, ':') || !digits(c, 2, 2, &m)) return PG_DATE_NOMATCH;
    if (take(c, ':')) {
        if (!digits(c, 2, 2, &sec)) return PG_DATE_NOMATCH;
        if (take(c, '.')) {
            double scale = 0.1;
            size_t start = c->i;
            for (; c->i < c->len && c->s[c->i] >= '0' && c->s[c->i] <= '9'; c->i++) {
                part += (c->s[c->i] - '0') * scale;
                scale /= 10;
            }
            if (c->i == start) return PG_DATE_NOMATCH;
        }
    }
    take(c, 'Z');
    blanks(c);
    if (c->i != c->len) return PG_DATE_NOMATCH;
    if (h > 23 || m > 59 || sec > 60) return PG_DATE_INVALID;
    *frac = ((double)(h * 3600 + m * 60 + sec) + part) / 86400.0;
    return PG_DATE_OK;
}

static pg_date_status finish(long y, long m, long d, double frac, double *days)
{
    if (m < 1 || m > 12 || d < 1 || d > pg_date_month_days(y, (int)m)) return PG_DATE_INVALID;
    *days = pg_date_from_ymd(y, (int)m, (int)d) + frac;
    return PG_DATE_OK;
}

static pg_date_status parse_iso(cursor *c, double *days)
{
    long y, m, d;
    double frac = 0;
    if (!digits(c, 4, 4, &y) || !take(c, '-') || !digits(c, 1, 2, &m) || !take(c, '-') ||
        !digits(c, 1, 2, &d))
        return PG_DATE_NOMATCH;
    size_t end = c->i;
    blanks(c);
    if (c->i != c->len) {
        c->i = end;                             /* a blank may separate the time */
        pg_date_status st = iso_time(c, &frac);
        if (st != PG_DATE_OK) return st;
    }
    return finish(y, m, d, frac, days);
}

static pg_date_status parse_fmt(cursor *c, const char *fmt, double *days)
{
    long y = -1, m = -1, d = -1, v;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || p[1] == '%') {
            if (*p == ' ') {
                blanks(c);
                continue;
            }
            if (!take(c, *p)) return PG_DATE_NOMATCH;
            p += *p == '%';
            continue;
        }
        switch (*++p) {
        case 'Y': if (!digits(c, 4, 4, &y)) return PG_DATE_NOMATCH; break;
        case 'y':
            if (!digits(c, 2, 2, &v)) return PG_DATE_NOMATCH;
            y = v < 69 ? 2000 + v : 1900 + v;
            break;
        case 'm': if (!digits(c, 1, 2, &m)) return PG_DATE_NOMATCH; break;
        case 'd': if (!digits(c, 1, 2, &d)) return PG_DATE_NOMATCH; break;
        case 'b': if (!(m = month_name(c))) return PG_DATE_NOMATCH; break;
        default: return PG_DATE_NOMATCH;       /* pg_date_check_format refuses it */
        }
    }
    blanks(c);
    if (c->i != c->len || y < 0 || m < 0 || d < 0) return PG_DATE_NOMATCH;
    return finish(y, m, d, 0, days);
}

pg_date_status pg_date_parse(const char *s, size_t len, const char *fmt, double *days)
{
    cursor c = {s, 0, len};
    blanks(&c);
    return fmt ? parse_fmt(&c, fmt, days) : parse_iso(&c, days);
}

int pg_date_check_format(const char *fmt, pg_error *err)
{
    int year = 0, month = 0, day = 0;
    if (!fmt || !*fmt) return pg_fail(err, PG_EINPUT, "--date-format: the format is empty");
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') continue;
        switch (*++p) {
        case 'Y': case 'y': year++; break;
        case 'm': case 'b': month++; break;
        case 'd': day++; break;
        case '%': break;
        default:
            return pg_fail(err, PG_EINPUT, "--date-format '%s': unknown conversion '%%%.1s' "
                           "(known: %%d %%m %%b %%Y %%y)", fmt, p);
        }
        if (!*p) break;
    }
    if (year != 1 || month != 1 || day != 1)
        return pg_fail(err, PG_EINPUT, "--date-format '%s' needs a day (%%d), a month (%%m or "
                       "%%b) and a year (%%Y or %%y), each once", fmt);
    return PG_OK;
}

/* ---- writing ---- */

char *pg_date_format(char *buf, size_t size, double days)
{
    if (!isfinite(days)) {
        snprintf(buf, size, "NA");
        return buf;
    }
    double whole = floor(days);
    long secs = lround((days - whole) * 86400.0);
    if (secs >= 86400) {
        whole += 1;
        secs = 0;
    }
    long y;
    int m, d;
    pg_date_to_ymd(whole, &y, &m, &d);
    if (secs == 0) snprintf(buf, size, "%04ld-%02d-%02d", y, m, d);
    else
        snprintf(buf, size, "%04ld-%02d-%02d %02ld:%02ld:%02ld", y, m, d, secs / 3600,
                 secs / 60 % 60, secs % 60);
    return buf;
}
