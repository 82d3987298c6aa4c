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
 * Large arrays (a column, a sort index, the Cox workspace at 10^5 rows and more) are placed on
 * 2 MiB boundaries and Linux is asked for transparent huge pages for them, before their pages
 * are first touched. First touch of memory is a page fault per page: with 4 KiB pages that is
 * 256 faults per MiB, and on a virtual machine each is dear -- on the benchmark machine
 * (scripts/bench), touching 166 MiB took 0.41 s in 4 KiB pages and 0.02 s in 2 MiB pages,
 * which made page faults a quarter of a Cox command's time. The estimators also read such
 * arrays at random through sort orders, where huge pages spare TLB misses. An array is rounded
 * up to whole 2 MiB (at most 2 MiB of address space more; untouched pages cost nothing).
 * Advice only: where THP is off, or elsewhere than Linux, nothing changes.
 */
#define PG_HUGE_MIN ((size_t)2 << 20)
#define PG_HUGE_PAGE ((size_t)2 << 20)

/* A block of bytes (>= PG_HUGE_MIN) on a huge-page boundary, advised; plain malloc's block
 * when that fails. Either is released with free. */
static void *huge_block(size_t bytes)
{
    if (bytes > SIZE_MAX - PG_HUGE_PAGE) return malloc(bytes);
    size_t whole = (bytes + PG_HUGE_PAGE - 1) & ~(PG_HUGE_PAGE - 1);
    void *p = aligned_alloc(PG_HUGE_PAGE, whole);   /* C11: size a multiple of the alignment */
    if (!p) return malloc(bytes);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    (void)madvise(p, whole, MADV_HUGEPAGE);
#endif
    return p;
}

void *pg_malloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    return bytes >= PG_HUGE_MIN ? huge_block(bytes) : malloc(bytes > 0 ? bytes : 1);
}

void *pg_calloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    void *p = calloc(n ? n : 1, size ? size : 1);
    /* not placed: calloc maps a large block fresh and never writes it, so pages never used
     * (a strata array of a model without strata) are never faulted in; advice on the block's
     * 2 MiB-aligned middle */
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    uintptr_t lo = ((uintptr_t)p + PG_HUGE_PAGE - 1) & ~(uintptr_t)(PG_HUGE_PAGE - 1);
    uintptr_t hi = ((uintptr_t)p + bytes) & ~(uintptr_t)(PG_HUGE_PAGE - 1);
    if (p && bytes >= PG_HUGE_MIN && hi > lo) (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#endif
    return p;
}

void *pg_realloc_array(void *p, size_t old_n, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    if (bytes < PG_HUGE_MIN || n <= old_n) return realloc(p, bytes > 0 ? bytes : 1);
    /* growing into a large block: a new aligned one (realloc would move it off the boundary) */
    void *q = huge_block(bytes);
    if (q && p) memcpy(q, p, old_n * size);
    if (q) free(p);
    return q;
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
