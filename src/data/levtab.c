/* levtab.c -- the level texts of a categorical column being read: a hash table (open
 * addressing, FNV-1a) over texts stored in an arena, each text's code its order of first
 * appearance. Moved out of dataset_read.c so that both parts of a file read in two parts
 * (dataset_split.c) intern their texts the same way. */
#include "reader.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;                /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

void pg_levtab_free(levtab *t)
{
    free(t->str);
    free(t->len);
    free(t->slot);
    for (size_t i = 0; i < t->nchunks; i++) free(t->chunks[i]);
    free(t->chunks);
    memset(t, 0, sizeof *t);
}

static int levtab_rehash(levtab *t, size_t nslot)
{
    uint32_t *slot = calloc(nslot, sizeof *slot);
    if (!slot) return -1;
    for (size_t k = 0; k < t->n; k++) {
        size_t i = (size_t)hash_bytes(t->str[k], t->len[k]) & (nslot - 1);
        while (slot[i]) i = (i + 1) & (nslot - 1);
        slot[i] = (uint32_t)(k + 1);
    }
    free(t->slot);
    t->slot = slot;
    t->nslot = nslot;
    return 0;
}

int32_t pg_levtab_intern(levtab *t, const char *s, size_t len)
{
    if (t->nslot == 0 && levtab_rehash(t, 64)) return -1;
    size_t mask = t->nslot - 1, i = (size_t)hash_bytes(s, len) & mask;
    for (uint32_t v; (v = t->slot[i]) != 0; i = (i + 1) & mask) {
        size_t k = v - 1;
        if (t->len[k] != len) continue;
        const char *a = t->str[k];
        size_t b = 0;
        while (b < len && a[b] == s[b]) b++;     /* short texts: cheaper than a memcmp call */
        if (b == len) return (int32_t)k;
    }
    if (t->n >= INT32_MAX - 1 || len >= UINT32_MAX) return -1;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **str = realloc(t->str, cap * sizeof *str);
        if (!str) return -1;
        t->str = str;
        uint32_t *ln = realloc(t->len, cap * sizeof *ln);
        if (!ln) return -1;
        t->len = ln;
        t->cap = cap;
    }
    if (t->left < len + 1) {
        size_t size = len + 1 > 65536 ? len + 1 : 65536;
        char **ch = realloc(t->chunks, (t->nchunks + 1) * sizeof *ch);
        if (!ch) return -1;
        t->chunks = ch;
        if (!(ch[t->nchunks] = malloc(size))) return -1;
        t->cur = ch[t->nchunks++];
        t->left = size;
    }
    memcpy(t->cur, s, len);
    t->cur[len] = '\0';
    t->str[t->n] = t->cur;
    t->len[t->n] = (uint32_t)len;
    t->cur += len + 1;
    t->left -= len + 1;
    t->slot[i] = (uint32_t)(t->n + 1);
    int32_t code = (int32_t)t->n++;
    if (t->n * 2 > t->nslot && levtab_rehash(t, t->nslot * 2)) return -1;
    return code;
}
