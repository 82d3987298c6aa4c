/* order.c -- the sort orders every estimator walks in: (key, time, status) by a stable merge
 * sort or an LSD radix sort, and the order-preserving 64-bit image of a double. */
#include "internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Merge sort of an index array; stable, O(n log n), no recursion-depth worries for 1e7 rows
 * because the recursion is on halves (depth ~24). */
typedef struct {
    const size_t *key;
    const double *time;
    const int *status;
} order_keys;

static int before(const order_keys *k, size_t a, size_t b)
{
    if (k->key && k->key[a] != k->key[b]) return k->key[a] < k->key[b];
    if (k->time[a] != k->time[b]) return k->time[a] < k->time[b];
    if (k->status && k->status[a] != k->status[b]) return k->status[a] > k->status[b];
    return 0;
}

static void merge_sort(const order_keys *k, size_t *idx, size_t *tmp, size_t n)
{
    if (n < 2) return;
    if (n <= 16) {               /* insertion sort for short runs */
        for (size_t i = 1; i < n; i++) {
            size_t v = idx[i], j = i;
            while (j > 0 && before(k, v, idx[j - 1])) {
                idx[j] = idx[j - 1];
                j--;
            }
            idx[j] = v;
        }
        return;
    }
    size_t h = n / 2;
    merge_sort(k, idx, tmp, h);
    merge_sort(k, idx + h, tmp, n - h);
    if (!before(k, idx[h], idx[h - 1])) return;   /* already in order */
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n) tmp[o++] = before(k, idx[j], idx[i]) ? idx[j++] : idx[i++];
    while (i < h) tmp[o++] = idx[i++];
    while (j < n) tmp[o++] = idx[j++];
    memcpy(idx, tmp, n * sizeof *idx);
}

/*
 * Least-significant-digit radix sort for pg_order_by_time (the comparison merge sort above is
 * kept for small n and for inputs the radix keys cannot represent: NaN times, status values
 * other than 0/1). Profiling the benchmark at 10^6 rows showed merge_sort (a comparison through
 * three arrays per step, ~20 n comparisons) as the largest single cost of KM and log-rank.
 *
 * The order (key asc, time asc, status desc, row asc) is built as stable counting-sort passes
 * from the least significant field up: status, then the 64 bits of the time in 11-bit digits,
 * then the key -- each pass keeps the order of the previous ones among ties, so the result is
 * exactly the merge sort's. A double maps to an unsigned integer with the same order by
 * flipping the sign bit of positives and all bits of negatives (-0 is made +0 first, since the
 * comparison treats them as equal). Histograms of every digit are counted in one sequential
 * sweep; a digit that is the same for all rows (common: integer days leave the low mantissa
 * bits zero) is skipped, so integer times take about three time passes instead of six.
 * Cost: O(n) per pass, 8 bytes a row of scratch (a second index buffer).
 * Ref: Knuth, TAOCP vol. 3, sec. 5.2.5 (radix sorting).
 */
#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define TIME_DIGITS 6              /* ceil(64 / 11) */
#define KEY_DIGITS 6               /* enough for any 64-bit size_t */

uint64_t pg_order_bits(double t)
{
    if (t == 0) t = 0.0;           /* -0 sorts with +0 */
    uint64_t u;
    memcpy(&u, &t, sizeof u);
    return (u >> 63) ? ~u : u | (UINT64_C(1) << 63);
}

/* A digit to sort by: bits [shift, shift + RADIX_BITS) of pg_order_bits(time[row]) or of
 * key[row], or 1 - status[row] (exactly one of the three arrays is set). The time's bits are
 * recomputed in each pass rather than stored: a few instructions, and 8 bytes a row less. */
typedef struct radix_digit {
    size_t *hist;                  /* RADIX_SIZE counts over all rows */
    const double *time;
    const size_t *key;
    unsigned shift;
    const int *status;
} radix_digit;

static size_t digit_of(const radix_digit *d, size_t row)
{
    if (d->status) return (size_t)(1 - d->status[row]);
    if (d->key) return (d->key[row] >> d->shift) & (RADIX_SIZE - 1);
    return (size_t)((pg_order_bits(d->time[row]) >> d->shift) & (RADIX_SIZE - 1));
}

/* Counts of k buckets into the offset where each bucket starts (an exclusive prefix sum): the
 * step between counting and dealing out of every distribution sort here. */
static void counts_to_starts(size_t *count, size_t k)
{
    size_t sum = 0;
    for (size_t b = 0; b < k; b++) {
        size_t c = count[b];
        count[b] = sum;
        sum += c;
    }
}

/* One stable scatter of src into dst by digit d of each row. d->hist, the histogram of the
 * digit over all rows, is turned into starting offsets here. */
static void radix_pass(const size_t *src, size_t *dst, size_t n, const radix_digit *d)
{
    size_t *count = d->hist;
    counts_to_starts(count, RADIX_SIZE);
    for (size_t i = 0; i < n; i++) dst[count[digit_of(d, src[i])]++] = src[i];
}

/* Number of bits needed to write v (0 for 0). */
static unsigned bit_width(uint64_t v)
{
    unsigned b = 0;
    while (v) {
        b++;
        v >>= 1;
    }
    return b;
}

/*
 * The common case in one 64-bit word per row. Survival times usually vary in few bits (integer
 * days 1..3650 differ only in 23 bits of their doubles): bits that are the same in every row do
 * not affect the order and can be dropped. When (key bits) + (varying time bits) + (status bit)
 * + (row index bits) fit in 64, each row becomes one word, key | time | 1 - status | row, and
 * a radix sort of the words on the fields above the row index gives the order directly -- the
 * row index rides along and breaks ties. This reads and writes memory sequentially (the general
 * passes below gather time[row] at random, which at 10^7 rows is a cache miss per row and pass)
 * and needs fewer passes. Returns 0 when the fields do not fit (the caller then uses the general
 * passes), 1 when idx is filled, -1 when out of memory. The words are built in idx itself
 * (size_t is 64 bits wide wherever prognos is built), so the scratch is one array of n words
 * as in the general passes: at the peak of a frame's memory, 8 bytes a row fewer.
 */
static int packed_order(size_t n, const size_t *key, const double *time, const int *status,
                        unsigned key_bits, size_t *idx)
{
    uint64_t first = pg_order_bits(time[0]), diff = 0;
    for (size_t i = 1; i < n; i++) diff |= pg_order_bits(time[i]) ^ first;
    unsigned lo = 0, time_width = bit_width(diff);
    while (lo < time_width && !((diff >> lo) & 1)) lo++;
    unsigned time_bits_used = time_width - lo;         /* the varying span [lo, time_width) */
    unsigned row_bits = bit_width((uint64_t)(n - 1)), status_bits = status ? 1 : 0;
    unsigned sort_bits = key_bits + time_bits_used + status_bits;
    if (sort_bits + row_bits > 64) return 0;
    _Static_assert(SIZE_MAX == UINT64_MAX, "a row's word is held in a size_t");
    size_t *w = idx, *tmp = pg_malloc_array(n, sizeof *tmp);
    size_t *count = pg_malloc_array(RADIX_SIZE, sizeof *count);
    if (!tmp || !count) {
        free(tmp);
        free(count);
        return -1;
    }
    uint64_t time_mask = time_bits_used ? (~UINT64_C(0) >> (64 - time_bits_used)) : 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = key_bits ? (uint64_t)key[i] : 0;
        v = (v << time_bits_used) | ((pg_order_bits(time[i]) >> lo) & time_mask);
        if (status) v = (v << 1) | (uint64_t)(1 - status[i]);
        w[i] = (size_t)((v << row_bits) | (uint64_t)i);
    }
    size_t *src = w, *dst = tmp;
    for (unsigned shift = row_bits; shift < row_bits + sort_bits; shift += RADIX_BITS) {
        memset(count, 0, RADIX_SIZE * sizeof *count);
        for (size_t i = 0; i < n; i++) count[(src[i] >> shift) & (RADIX_SIZE - 1)]++;
        if (count[(src[0] >> shift) & (RADIX_SIZE - 1)] == n) continue;   /* one digit */
        counts_to_starts(count, RADIX_SIZE);
        for (size_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & (RADIX_SIZE - 1)]++] = src[i];
        size_t *t = src;
        src = dst;
        dst = t;
    }
    uint64_t row_mask = row_bits ? (~UINT64_C(0) >> (64 - row_bits)) : 0;
    for (size_t i = 0; i < n; i++) w[i] = src[i] & row_mask;     /* in place when src is w */
    free(tmp);
    free(count);
    return 1;
}

static int radix_order(size_t n, const size_t *key, const double *time, const int *status,
                       size_t *idx, int *done)
{
    *done = 0;
    for (size_t i = 0; i < n; i++)
        if (isnan(time[i]) || (status && status[i] != 0 && status[i] != 1)) return PG_OK;
    size_t maxkey = 0;
    for (size_t i = 0; key && i < n; i++)
        if (key[i] > maxkey) maxkey = key[i];
    int packed = packed_order(n, key, time, status, bit_width((uint64_t)maxkey), idx);
    if (packed != 0) {
        *done = packed == 1;
        return packed == 1 ? PG_OK : PG_ENOMEM;
    }
    unsigned key_digits = 0;
    while (key_digits < KEY_DIGITS && (maxkey >> (RADIX_BITS * key_digits)) != 0) key_digits++;
    size_t *tmp = pg_malloc_array(n, sizeof *tmp);
    /* histograms: [0] status, [1..6] time digits, [7..] key digits */
    size_t *hist = calloc((size_t)(1 + TIME_DIGITS + key_digits) * RADIX_SIZE, sizeof *hist);
    if (!tmp || !hist) {
        free(tmp);
        free(hist);
        return PG_ENOMEM;
    }
    size_t *hs = hist, *ht = hist + RADIX_SIZE, *hk = hist + (1 + TIME_DIGITS) * RADIX_SIZE;
    for (size_t i = 0; i < n; i++) {
        uint64_t u = pg_order_bits(time[i]);
        if (status) hs[1 - status[i]]++;
        for (unsigned d = 0; d < TIME_DIGITS; d++)
            ht[d * RADIX_SIZE + ((u >> (RADIX_BITS * d)) & (RADIX_SIZE - 1))]++;
        for (unsigned d = 0; d < key_digits; d++)
            hk[d * RADIX_SIZE + ((key[i] >> (RADIX_BITS * d)) & (RADIX_SIZE - 1))]++;
    }
    /* the passes, least significant first: status, time digits, key digits */
    radix_digit pass[1 + TIME_DIGITS + KEY_DIGITS];
    unsigned np = 0;
    if (status) pass[np++] = (radix_digit){hs, NULL, NULL, 0, status};
    for (unsigned d = 0; d < TIME_DIGITS; d++)
        pass[np++] = (radix_digit){ht + d * RADIX_SIZE, time, NULL, RADIX_BITS * d, NULL};
    for (unsigned d = 0; d < key_digits; d++)
        pass[np++] = (radix_digit){hk + d * RADIX_SIZE, NULL, key, RADIX_BITS * d, NULL};
    for (size_t i = 0; i < n; i++) idx[i] = i;
    size_t *src = idx, *dst = tmp;
    for (unsigned p = 0; p < np; p++) {
        /* a digit that is the same in every row (its bucket holds all n) changes nothing */
        if (pass[p].hist[digit_of(&pass[p], 0)] == n) continue;
        radix_pass(src, dst, n, &pass[p]);
        size_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != idx) memcpy(idx, src, n * sizeof *idx);
    free(tmp);
    free(hist);
    *done = 1;
    return PG_OK;
}

int pg_order_by_time(size_t n, const size_t *key, const double *time, const int *status,
                     size_t *idx)
{
    if (n >= 256) {                /* below that the merge sort is as fast and simpler */
        int done;
        if (radix_order(n, key, time, status, idx, &done) != PG_OK) return PG_ENOMEM;
        if (done) return PG_OK;
    }
    size_t *tmp = pg_malloc_array(n, sizeof *tmp);
    if (!tmp) return PG_ENOMEM;
    for (size_t i = 0; i < n; i++) idx[i] = i;
    order_keys k = {key, time, status};
    merge_sort(&k, idx, tmp, n);
    free(tmp);
    return PG_OK;
}

/*
 * Counting sort by key of an order already sorted by (time, status, row): count the rows of
 * each key, turn the counts into the start of each key's block, and deal the rows out in the
 * given order. Stable, so within a key the rows keep their (time, status, row) order, which
 * is pg_order_by_time's tie rule: the result is its (key, time, status, row) order, bit for
 * bit. Ref: Knuth, TAOCP vol. 3, sec. 5.2 (distribution counting).
 */
int pg_order_by_key(size_t n, const size_t *order, const size_t *key, size_t nkeys,
                    size_t *idx)
{
    if (!key || nkeys <= 1) {
        if (n) memcpy(idx, order, n * sizeof *idx);
        return PG_OK;
    }
    size_t *start = pg_calloc_array(nkeys, sizeof *start);
    if (!start) return PG_ENOMEM;
    for (size_t i = 0; i < n; i++) start[key[i]]++;
    counts_to_starts(start, nkeys);
    for (size_t i = 0; i < n; i++) {
        size_t r = order[i];
        idx[start[key[r]]++] = r;
    }
    free(start);
    return PG_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Inverse of pg_order_bits for the image of a number that is not -0. */
static double order_bits_value(uint64_t u)
{
    u = (u >> 63) ? u & ~(UINT64_C(1) << 63) : ~u;
    double t;
    memcpy(&t, &u, sizeof t);
    return t;
}

/*
 * The distinct values of u (no NaN) in ascending order by an LSD radix sort of their
 * pg_order_bits images in 11-bit digits, skipping every digit that is the same in all values
 * (0/1 status codes need one pass, integer days two): O(n) where the comparison sort was
 * O(n log n) through a function pointer (17% of `prognos km` at 10^6 rows). The images of -0
 * and +0 are equal; the one zero kept is the first zero of the input, as the stable merge sort
 * kept it. 0 when out of memory (u untouched), else the count. Knuth, TAOCP vol. 3, 5.2.5.
 */
static size_t radix_distinct(double *u, size_t n)
{
    uint64_t *w = pg_malloc_array(n, sizeof *w), *tmp = pg_malloc_array(n, sizeof *tmp);
    size_t *count = pg_malloc_array(RADIX_SIZE, sizeof *count);
    size_t m = 0;
    if (!w || !tmp || !count) goto done;
    double zero = 1;               /* the first zero of the input, if any */
    for (size_t i = 0; i < n; i++) {
        w[i] = pg_order_bits(u[i]);
        if (u[i] == 0 && zero != 0) zero = u[i];
    }
    uint64_t *src = w, *dst = tmp;
    for (unsigned shift = 0; shift < 64; shift += RADIX_BITS) {
        memset(count, 0, RADIX_SIZE * sizeof *count);
        for (size_t i = 0; i < n; i++) count[(src[i] >> shift) & (RADIX_SIZE - 1)]++;
        if (count[(src[0] >> shift) & (RADIX_SIZE - 1)] == n) continue;   /* one digit */
        counts_to_starts(count, RADIX_SIZE);
        for (size_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & (RADIX_SIZE - 1)]++] = src[i];
        uint64_t *t = src;
        src = dst;
        dst = t;
    }
    for (size_t i = 0; i < n; i++)
        if (m == 0 || src[i] != src[i - 1]) {
            double v = order_bits_value(src[i]);
            u[m++] = v == 0 ? zero : v;
        }
done:
    free(w);
    free(tmp);
    free(count);
    return m;
}

/*
 * The distinct values of u when there are at most PG_SMALL_DISTINCT of them (a status, a 0/1
 * covariate, a grade): each value is compared with the last one found, then with the few others,
 * and the set is sorted at the end (insertion sort). One read of u and no scratch, where the
 * radix sort writes and reads two arrays of n words. -0 == +0, so the one zero kept is the
 * first zero of the input, as in radix_distinct. 0 when there are more or a NaN.
 */
size_t pg_small_distinct(const double *u, size_t n, double set[PG_SMALL_DISTINCT])
{
    size_t m = 0, last = 0;
    for (size_t i = 0; i < n; i++) {
        double x = u[i];
        if (m && x == set[last]) continue;
        size_t k = 0;
        while (k < m && x != set[k]) k++;
        if (k == m) {
            if (m == PG_SMALL_DISTINCT || isnan(x)) return 0;
            set[m++] = x;
        }
        last = k;
    }
    for (size_t i = 1; i < m; i++)
        for (size_t k = i; k > 0 && set[k - 1] > set[k]; k--) {
            double t = set[k];
            set[k] = set[k - 1];
            set[k - 1] = t;
        }
    return m;
}

size_t pg_sort_distinct(double *u, size_t n)
{
    double set[PG_SMALL_DISTINCT];
    size_t small = n >= 256 ? pg_small_distinct(u, n, set) : 0;
    if (small) {
        memcpy(u, set, small * sizeof *u);
        return small;
    }
    int nan = 0;
    for (size_t i = 0; i < n && !nan; i++) nan = isnan(u[i]);
    if (n >= 256 && !nan) {        /* below that, or with a NaN, the comparison sort */
        size_t m = radix_distinct(u, n);
        if (m) return m;
    }
    qsort(u, n, sizeof *u, cmp_double);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || u[i] != u[m - 1]) u[m++] = u[i];
    return m;
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

size_t pg_sort_distinct_text(const char **u, size_t n)
{
    qsort(u, n, sizeof *u, cmp_text);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || strcmp(u[i], u[m - 1]) != 0) u[m++] = u[i];
    return m;
}

size_t pg_sorted_index(const double *u, size_t m, double x)
{
    size_t lo = 0, hi = m;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (u[mid] <= x) lo = mid;
        else hi = mid;
    }
    return lo;
}
