/* strindex.c -- open addressing with linear probing, load factor at most 1/2, FNV-1a hashes
 * (strindex.h). */
#include "strindex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)(h ^ (h >> 32));
}

void pg_strindex_init(pg_strindex *ix)
{
    memset(ix, 0, sizeof *ix);
}

void pg_strindex_clear(pg_strindex *ix)
{
    free(ix->key);
    free(ix->val);
    pg_strindex_init(ix);
}

/* The slot holding key, or the free slot where it would go. cap must be > 0. */
static size_t find(const pg_strindex *ix, const char *key)
{
    size_t mask = ix->cap - 1, s = hash(key) & mask;
    while (ix->key[s] && strcmp(ix->key[s], key) != 0) s = (s + 1) & mask;
    return s;
}

long pg_strindex_get(const pg_strindex *ix, const char *key)
{
    if (!ix->cap) return -1;
    size_t s = find(ix, key);
    return ix->key[s] ? (long)ix->val[s] : -1;
}

static int grow(pg_strindex *ix)
{
    size_t cap = ix->cap ? 2 * ix->cap : 16;
    if (cap < ix->cap) return -1;
    pg_strindex big = {ix->n, cap, calloc(cap, sizeof *big.key), malloc(cap * sizeof *big.val)};
    if (!big.key || !big.val) {
        free(big.key);
        free(big.val);
        return -1;
    }
    for (size_t s = 0; s < ix->cap; s++)
        if (ix->key[s]) {
            size_t t = find(&big, ix->key[s]);
            big.key[t] = ix->key[s];
            big.val[t] = ix->val[s];
        }
    free(ix->key);
    free(ix->val);
    *ix = big;
    return 0;
}

long pg_strindex_add(pg_strindex *ix, const char *key, size_t val)
{
    if (2 * (ix->n + 1) > ix->cap && grow(ix)) return -1;
    size_t s = find(ix, key);
    if (ix->key[s]) return (long)ix->val[s];
    ix->key[s] = key;
    ix->val[s] = val;
    ix->n++;
    return (long)val;
}
