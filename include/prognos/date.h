/* prognos/date.h -- calendar dates as R's Date class keeps them: a double counting days since
 * 1970-01-01 (negative before it), in the proleptic Gregorian calendar, with no time zone.
 * A date-time (ISO "2019-03-14T10:30:00") is the same count with the time of day as a fraction
 * of a day (10:30 is .4375), read as UTC; so the difference of two dates or date-times is
 * always days, as R's difftime(units = "days") gives it. NaN is a missing date.
 *
 * Thread safety: every function is reentrant and keeps no state. */
#ifndef PROGNOS_DATE_H
#define PROGNOS_DATE_H

#include <stddef.h>

#include "prognos/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What pg_date_parse found. */
typedef enum {
    PG_DATE_OK = 0,       /* a valid date: *days is set */
    PG_DATE_NOMATCH = 1,  /* the text does not have the form asked for: not a date */
    PG_DATE_INVALID = 2   /* the form, but no such day ("2019-02-30", month 13, hour 25) */
} pg_date_status;

/* 1 if year is a leap year of the Gregorian calendar (2000 yes, 1900 and 2100 no). */
PG_API int pg_date_is_leap(long year);

/* Days in month (1-12) of year; 0 for a month out of range. */
PG_API int pg_date_month_days(long year, int month);

/* Days since 1970-01-01 of year-month-day, which must be valid (pg_date_month_days). */
PG_API double pg_date_from_ymd(long year, int month, int day);

/* The calendar day of days (its whole part: a date-time gives its day). */
PG_API void pg_date_to_ymd(double days, long *year, int *month, int *day);

/* Read s[0..len) as a date. fmt NULL: ISO 8601, "YYYY-MM-DD", optionally followed by a time
 * "THH:MM", "THH:MM:SS" or "THH:MM:SS.fff" (a space may replace the T; a final Z is allowed).
 * Otherwise fmt is a strptime()-like pattern of which these conversions are known:
 *   %Y  four-digit year        %y  two-digit year: 00-68 are 2000-2068, 69-99 1969-1999
 *                                  (as R's strptime and POSIX)
 *   %m  month 1-12 (1 or 2 digits)   %d  day 1-31 (1 or 2 digits)
 *   %b  month name, English, three letters or in full, any case ("Mar", "march")
 *   %%  a '%'
 * and any other character of fmt must appear as it is. Blanks around the text are allowed. */
PG_API pg_date_status pg_date_parse(const char *s, size_t len, const char *fmt, double *days);

/* Check that fmt is a pattern pg_date_parse knows, with a year, a month and a day, each once.
 * PG_OK, or PG_EINPUT with err saying what is wrong (err may be NULL). */
PG_API int pg_date_check_format(const char *fmt, pg_error *err);

/* days as ISO text into buf: "2019-03-14", or "2019-03-14 10:30:00" when it has a time of
 * day (rounded to the second), "NA" for NaN. Returns buf (size >= 32 is always enough). */
PG_API char *pg_date_format(char *buf, size_t size, double days);

#ifdef __cplusplus
}
#endif
#endif
