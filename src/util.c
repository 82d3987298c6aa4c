/* util.c -- allocation, ordering and distribution helpers shared by the estimators. */
#include "internal.h"

#include <gsl/gsl_cdf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *pg_malloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    size_t bytes = n * size;
    return malloc(bytes > 0 ? bytes : 1);
}

void *pg_calloc_array(size_t n, size_t size)
{
    return calloc(n ? n : 1, size ? size : 1);
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

int pg_order_by_time(size_t n, const size_t *key, const double *time, const int *status,
                     size_t *idx)
{
    size_t *tmp = pg_malloc_array(n, sizeof *tmp);
    if (!tmp) return PG_ENOMEM;
    for (size_t i = 0; i < n; i++) idx[i] = i;
    order_keys k = {key, time, status};
    merge_sort(&k, idx, tmp, n);
    free(tmp);
    return PG_OK;
}

double pg_z_two_sided(double level)
{
    return gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - level) / 2.0);
}

double pg_chisq_p(double stat, double df)
{
    if (!(df > 0)) return 1.0;
    if (!(stat > 0)) return 1.0;
    return gsl_cdf_chisq_Q(stat, df);
}
