/* text_kind.c -- what a text column that should have been numbers holds: decimal commas in a
 * file read with '.', numbers with units ("12 m"), or dates. For messages that say why a time
 * is text, and for reading decimal commas in a tab-separated file (src/cli/common.c). */
#include "dataset_impl.h"

#include <ctype.h>
#include <string.h>

/* Digits at s: their count. */
static size_t digits(const char *s)
{
    size_t n = 0;
    while (isdigit((unsigned char)s[n])) n++;
    return n;
}

/* d+[,.]d+ or d+ at s with an optional sign; the length read, 0 if none. *comma is set to the
 * number of digits after a decimal comma (0 if there is none). */
static size_t number_at(const char *s, int dot, size_t *comma)
{
    size_t i = (*s == '-' || *s == '+') ? 1 : 0, n = digits(s + i);
    *comma = 0;
    if (n == 0) return 0;
    i += n;
    if (s[i] == ',' || (dot && s[i] == '.')) {
        size_t m = digits(s + i + 1);
        if (m == 0) return 0;
        if (s[i] == ',') *comma = m;
        i += 1 + m;
    }
    return i;
}

/* 2020-01-31, 31/01/2020, 31.01.2020, 1/31/20: three groups of digits with one separator. */
static int is_date(const char *s)
{
    size_t a = digits(s);
    char sep = s[a];
    if (a == 0 || a > 4 || (sep != '-' && sep != '/' && sep != '.')) return 0;
    size_t b = digits(s + a + 1);
    if (b == 0 || b > 2 || s[a + 1 + b] != sep) return 0;
    size_t c = digits(s + a + b + 2);
    return c > 0 && c <= 4 && (a == 4 || c == 4 || c == 2) && s[a + b + 2 + c] == '\0';
}

pg_text_kind pg_text_kind_of(const char *s)
{
    size_t comma = 0, n = number_at(s, 1, &comma);
    if (n && s[n] == '\0') {
        if (comma == 0) return PG_TEXT_NUMBER;
        size_t whole = digits(s + (*s == '-' || *s == '+'));
        return comma == 3 && whole <= 3 ? PG_TEXT_COMMA3 : PG_TEXT_DECIMAL_COMMA;
    }
    if (is_date(s)) return PG_TEXT_DATE;
    /* a number (either mark), blanks, then letters only: "12 m", "3,5 meses", "10mo" */
    if (!n) return PG_TEXT_OTHER;
    while (s[n] == ' ') n++;
    size_t letters = 0;
    while (isalpha((unsigned char)s[n + letters]) || (unsigned char)s[n + letters] >= 0x80)
        letters++;
    return letters && s[n + letters] == '\0' ? PG_TEXT_UNIT : PG_TEXT_OTHER;
}

pg_text_kind pg_text_kind_of_levels(const char *const *levels, size_t n, size_t *example)
{
    size_t first[PG_TEXT_DATE + 1];      /* the first level of each kind, n if none */
    for (size_t t = 0; t <= PG_TEXT_DATE; t++) first[t] = n;
    for (size_t k = n; k-- > 0;) first[pg_text_kind_of(levels[k])] = k;
    pg_text_kind kind = PG_TEXT_OTHER;
    if (n == 0 || first[PG_TEXT_OTHER] < n || (first[PG_TEXT_UNIT] < n && first[PG_TEXT_DATE] < n))
        kind = PG_TEXT_OTHER;
    else if (first[PG_TEXT_UNIT] < n) kind = PG_TEXT_UNIT;            /* "12 m" beside "14" */
    else if (first[PG_TEXT_DATE] < n)
        kind = first[PG_TEXT_DECIMAL_COMMA] < n || first[PG_TEXT_COMMA3] < n ? PG_TEXT_OTHER
                                                                           : PG_TEXT_DATE;
    else if (first[PG_TEXT_DECIMAL_COMMA] < n) kind = PG_TEXT_DECIMAL_COMMA;
    else if (first[PG_TEXT_COMMA3] < n) kind = PG_TEXT_COMMA3;
    else kind = PG_TEXT_NUMBER;
    if (example) *example = kind == PG_TEXT_OTHER ? 0 : first[kind];
    return kind;
}
