/* alloc.c -- allocation helpers: overflow-checked arrays (huge pages for large ones) and string
 * copies. They return NULL on failure and never abort. */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

/*
 * Large arrays (a column, a sort index, the Cox workspace at 10^5 rows and more) ask Linux for
 * transparent huge pages on the 2 MiB-aligned part of the block, before its pages are first
 * touched. The estimators read such arrays at random through sort orders; with 4 KiB pages
 * nearly every such read also misses the TLB, and first touch costs one page fault per 4 KiB.
 * Advice only: where THP is off, or elsewhere than Linux, nothing changes.
 */
#define PG_HUGE_MIN ((size_t)4 << 20)
#define PG_HUGE_PAGE ((uintptr_t)2 << 20)

static void advise_huge(void *p, size_t bytes)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (!p || bytes < PG_HUGE_MIN) return;
    uintptr_t lo = ((uintptr_t)p + PG_HUGE_PAGE - 1) & ~(PG_HUGE_PAGE - 1);
    uintptr_t hi = ((uintptr_t)p + bytes) & ~(PG_HUGE_PAGE - 1);
    if (hi > lo) (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

void *pg_malloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    void *p = malloc(bytes > 0 ? bytes : 1);
    advise_huge(p, bytes);
    return p;
}

void *pg_calloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = calloc(n ? n : 1, size ? size : 1);
    advise_huge(p, n * size);
    return p;
}

char *pg_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

char *pg_strdup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s) return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

int pg_text_add(pg_text *b, const char *s, size_t len, size_t first)
{
    if (len > SIZE_MAX / 4 - b->len) return PG_ENOMEM;
    if (b->cap - b->len < len + 1) {
        size_t cap = b->cap ? b->cap : first ? first : 64;
        while (cap - b->len < len + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) return PG_ENOMEM;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, len);
    b->len += len;
    b->s[b->len] = '\0';
    return PG_OK;
}
