/* strindex.h -- a hash index from strings to positions (column names, pooled columns), so that
 * looking up or adding a name costs O(1) on average instead of a scan of every name before it:
 * a header of 100,000 columns is read in linear time. Internal; never installed.
 * The index borrows its keys: each must outlive it and stay unchanged. */
#ifndef PG_STRINDEX_H
#define PG_STRINDEX_H

#include <stddef.h>

typedef struct pg_strindex {
    size_t n, cap;            /* keys held; slots (a power of two, or 0) */
    const char **key;         /* slot -> key, NULL when free */
    size_t *val;
} pg_strindex;

/* An empty index (no allocation until the first add). */
void pg_strindex_init(pg_strindex *ix);
void pg_strindex_clear(pg_strindex *ix);

/* The value stored under key, or -1 when key is absent. */
long pg_strindex_get(const pg_strindex *ix, const char *key);

/* Store val under key unless key is present. Returns -1 on out of memory, else the value now
 * under key: val when it was added, the earlier value when key was already there. */
long pg_strindex_add(pg_strindex *ix, const char *key, size_t val);

#endif
