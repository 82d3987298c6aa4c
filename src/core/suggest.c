/* suggest.c -- the one rule for "did you mean" suggestions (suggest.h). */
#include "suggest.h"

#include <string.h>

#define MAX_LEN 255

static int fold(int c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

/* Levenshtein distance of a (length la) and b (length lb <= MAX_LEN), case folded, by the
 * classic one-row dynamic programme (Wagner & Fischer, JACM 21 (1974) 168-173). */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t row[MAX_LEN + 1];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (fold((unsigned char)a[i - 1]) != fold((unsigned char)b[j - 1]));
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *pg_suggest(const char *word, const char *const *candidates, size_t n)
{
    size_t len = word ? strlen(word) : 0;
    if (len == 0 || len > MAX_LEN) return NULL;
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (size_t k = 0; k < n; k++) {
        const char *c = candidates[k];
        size_t lc = c ? strlen(c) : MAX_LEN + 1;
        if (lc > MAX_LEN) continue;
        size_t d = distance(word, len, c, lc);
        if (d > 1 && lc > len && strncmp(c, word, len) == 0) d = 1;
        if (d < bd) {
            bd = d;
            best = c;
        }
    }
    if (best && bd < len && (bd <= 2 || bd * 3 <= len)) return best;
    return NULL;
}
