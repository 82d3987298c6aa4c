/* internal.h -- helpers shared between modules; never installed. */
#ifndef PG_INTERNAL_H
#define PG_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "prognos/common.h"

/* Fill err (if not NULL) and return code, so callers can write `return pg_fail(...)`. */
int pg_fail(pg_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same, pointing into a file: "file:line:column: msg". line/column 0 when unknown. */
int pg_fail_at(pg_error *err, int code, const char *file, long line, long column,
               const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Same, naming a formula term; column is the 1-based offset in the formula text (0 if none). */
int pg_fail_term(pg_error *err, int code, const char *term, long column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
int pg_failv(pg_error *err, int code, const char *file, long line, long column,
             const char *fmt, va_list ap);

/* Allocation helpers: NULL on overflow or failure, never abort. */
void *pg_malloc_array(size_t n, size_t size);
void *pg_calloc_array(size_t n, size_t size);
/* p (old_n elements, or NULL) resized to n elements of size bytes, as realloc: the old
 * elements kept, NULL on failure with p left as it was. A block growing large is placed as
 * pg_malloc_array places it (huge pages, alloc.c). */
void *pg_realloc_array(void *p, size_t old_n, size_t n, size_t size);
char *pg_strdup(const char *s);
char *pg_strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growing text: bytes appended at the end, a NUL kept after them. Start from {0}; the owner
 * frees s. */
typedef struct pg_text {
    char *s;
    size_t len, cap;
} pg_text;
/* Append len bytes of s (which may hold NULs) and keep a NUL after them, growing the capacity
 * geometrically from `first` bytes. PG_OK, or PG_ENOMEM with b unchanged. */
int pg_text_add(pg_text *b, const char *s, size_t len, size_t first);

/* Order of n subjects by (key ascending, time ascending, status descending: events before
 * censorings at a tied time). key may be NULL (one block). idx receives a permutation of 0..n-1.
 * Stable for full ties. Returns PG_OK or PG_ENOMEM. */
int pg_order_by_time(size_t n, const size_t *key, const double *time, const int *status,
                     size_t *idx);
/* The rows of order (a permutation of 0..n) stably sorted by key (key[i] < nkeys for every
 * row) into idx, by one counting pass in O(n + nkeys): within a key they keep their order.
 * So given order = pg_order_by_time(n, NULL, time, status, order), idx receives exactly
 * pg_order_by_time(n, key, time, status, idx); passes key by key, least significant first,
 * sort by a tuple of keys (frame_new.c). key NULL or nkeys <= 1 copies order. Returns PG_OK or
 * PG_ENOMEM. */
int pg_order_by_key(size_t n, const size_t *order, const size_t *key, size_t nkeys,
                    size_t *idx);

/* The distinct values of u[0..n) (no NaN), sorted ascending into u[0..m); returns m. -0 and +0
 * count as one value. */
size_t pg_sort_distinct(double *u, size_t n);
/* The same when u[0..n) holds at most PG_SMALL_DISTINCT distinct values and no NaN: they go to
 * set[0..m), ascending, and m is returned, in one read of u and no allocation; else 0. */
#define PG_SMALL_DISTINCT 16
size_t pg_small_distinct(const double *u, size_t n, double set[PG_SMALL_DISTINCT]);
/* The same for texts: the distinct strings of u[0..n), in strcmp order (R's factor levels in
 * the C locale), into u[0..m); returns m. Only the pointers move. */
size_t pg_sort_distinct_text(const char **u, size_t n);
/* Index of the last of the m sorted values u that is <= x (0 if none): for x one of them, its
 * position. Binary search, O(log m). */
size_t pg_sorted_index(const double *u, size_t m, double x);

/* Ask the memory system for the cache line at p ahead of a random read or write (GCC and
 * Clang; nothing elsewhere). Loops that gather at random through a known index use it a few
 * iterations ahead, so that many misses are outstanding at once instead of one at a time. */
#define PG_AHEAD 16         /* iterations ahead that such loops ask for their rows */
#if defined(__GNUC__)
#define PG_PREFETCH(p) __builtin_prefetch((p), 1)
#else
#define PG_PREFETCH(p) ((void)(p))
#endif

/* A second thread (parallel.c). threads is the caller's option (pg_csv_opts.threads,
 * pg_cox_opts.threads): 0 or 1 = this thread only, 2 = a second thread may be used.
 * pg_run_pair runs a(arg_a) and b(arg_b): b in a second thread when threads >= 2, the pair works
 * on at least PG_PAIR_MIN_ROWS rows (a thread costs tens of microseconds, more than it saves on
 * small data) and a thread can be started; else one after the other in this thread. The two must
 * not write the same memory, and the results must not depend on which way they ran. */
#define PG_PAIR_MIN_ROWS ((size_t)1 << 15)
void pg_run_pair(void (*a)(void *), void *arg_a, void (*b)(void *), void *arg_b, size_t rows,
                 int threads);

/* The 64-bit image of a double whose unsigned order is the double's order (-0 as +0): what
 * the radix sorts sort by (util.c, concordance.c). */
uint64_t pg_order_bits(double t);

/* Two-sided normal quantile z_{1-(1-level)/2}, e.g. 1.959964 for level 0.95. */
double pg_z_two_sided(double level);
/* Upper tail of chi-square with df degrees of freedom; 1 when stat <= 0 or df == 0. */
double pg_chisq_p(double stat, double df);

#endif
