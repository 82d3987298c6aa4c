/* suggest.c -- the one rule for "did you mean" suggestions (suggest.h). */
#include "suggest.h"

#include <string.h>

#define MAX_LEN 255

static int fold(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

/* Edit distance of a (length la) and b (length lb <= MAX_LEN), case folded, by the classic
 * dynamic programme (Wagner & Fischer, JACM 21 (1974) 168-173): Levenshtein's insert, delete
 * and substitute; with swaps, also the transposition of two adjacent characters as one edit
 * (the optimal-string-alignment form of Damerau, CACM 7 (1964) 171-176: "ADW" is one edit from
 * "AWD"). Two rows kept: the one before the previous is needed for the transposition. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb, int swaps)
{
    size_t r0[MAX_LEN + 1], r1[MAX_LEN + 1], r2[MAX_LEN + 1];
    size_t *before = r0, *prev = r1, *cur = r2;
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        int ca = fold((unsigned char)a[i - 1]);
        for (size_t j = 1; j <= lb; j++) {
            int cb = fold((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            if (swaps && i > 1 && j > 1 && ca == fold((unsigned char)b[j - 2]) &&
                fold((unsigned char)a[i - 2]) == cb && before[j - 2] + 1 < best)
                best = before[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = before;
        before = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

/* The loose key of s (pg_suggest_level): the Latin-1 letters of UTF-8 (U+00C0..U+00FF, two
 * bytes C3 xx) as their base letter, ASCII letters in lower case, each run of spaces and tabs as
 * one space, none at either end. Returns the key's length, or MAX_LEN + 1 if it does not fit. */
static size_t loose_key(const char *s, char *key)
{
    /* U+00C0 .. U+00FF without their accents ("A" for A-grave ... "y" for y-diaeresis). */
    static const char base[] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    size_t k = 0;
    int space = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int c = *p;
        if (c == ' ' || c == '\t') {
            space = k > 0;
            continue;
        }
        if (c == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) c = base[*++p - 0x80];
        if (space) {
            if (k >= MAX_LEN) return MAX_LEN + 1;
            key[k++] = ' ';
            space = 0;
        }
        if (k >= MAX_LEN) return MAX_LEN + 1;
        key[k++] = (char)fold(c);
    }
    key[k] = '\0';
    return k;
}

/* The candidate nearest word by the rule of suggest.h; with loose, words and candidates are
 * compared by their loose keys. */
static const char *nearest(const char *word, const char *const *candidates, size_t n, int loose)
{
    char wkey[MAX_LEN + 1], ckey[MAX_LEN + 1];
    size_t len = word ? strlen(word) : 0;
    if (len == 0 || len > MAX_LEN) return NULL;
    if (loose && (len = loose_key(word, wkey)) > MAX_LEN) return NULL;
    const char *w = loose ? wkey : word;
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (size_t k = 0; k < n; k++) {
        const char *c = candidates[k];
        size_t lc = c ? strlen(c) : MAX_LEN + 1;
        if (lc > MAX_LEN) continue;
        if (loose && (lc = loose_key(c, ckey)) > MAX_LEN) continue;
        size_t d = distance(w, len, loose ? ckey : c, lc, loose);
        if (d > 1 && lc > len && strncmp(loose ? ckey : c, w, len) == 0) d = 1;
        if (d < bd) {
            bd = d;
            best = c;
        }
    }
    if (loose && bd == 0) return best;
    /* Levels are often short codes (DOD, AWD, NED): two edits of three letters is another code,
     * not a typo, so up to four characters a level is suggested at one edit only. */
    if (loose && len <= 4 && bd > 1) return NULL;
    if (best && bd < len && (bd <= 2 || bd * 3 <= len)) return best;
    return NULL;
}

const char *pg_suggest(const char *word, const char *const *candidates, size_t n)
{
    return nearest(word, candidates, n, 0);
}

const char *pg_suggest_level(const char *word, const char *const *levels, size_t n)
{
    return nearest(word, levels, n, 1);
}

size_t pg_loose_key(const char *s, char *key)
{
    size_t k = loose_key(s, key);
    if (k > MAX_LEN) {
        key[0] = '\0';
        return 0;
    }
    return k;
}
