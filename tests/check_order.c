/* check_order.c -- pg_order_by_time and pg_order_by_key: the radix path (n >= 256) gives exactly the order of the
 * comparison definition (key asc, time asc, status desc, row asc) on awkward inputs, and the
 * inputs it cannot represent fall back to the merge sort. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "pg_test.h"

typedef struct ref_ctx {
    const size_t *key;
    const double *time;
    const int *status;
} ref_ctx;

static ref_ctx ref;

/* The definition, with the row as the last key (stability). */
static int ref_cmp(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (ref.key && ref.key[a] != ref.key[b]) return ref.key[a] < ref.key[b] ? -1 : 1;
    if (ref.time[a] != ref.time[b]) return ref.time[a] < ref.time[b] ? -1 : 1;
    if (ref.status && ref.status[a] != ref.status[b]) return ref.status[a] > ref.status[b] ? -1 : 1;
    return (a > b) - (a < b);
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Order n rows both ways and compare. */
static void check_same(size_t n, const size_t *key, const double *time, const int *status)
{
    size_t *got = malloc(n * sizeof *got), *want = malloc(n * sizeof *want);
    ck_assert(got && want);
    ck_assert_int_eq(pg_order_by_time(n, key, time, status, got), PG_OK);
    for (size_t i = 0; i < n; i++) want[i] = i;
    ref = (ref_ctx){key, time, status};
    qsort(want, n, sizeof *want, ref_cmp);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(got[i] == want[i], "position %zu: row %zu, want row %zu", i, got[i],
                      want[i]);
    free(got);
    free(want);
}

START_TEST(radix_matches_definition_mixed_times)
{
    size_t n = 5000;
    double *t = malloc(n * sizeof *t);
    int *s = malloc(n * sizeof *s);
    size_t *key = malloc(n * sizeof *key);
    ck_assert(t && s && key);
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next();
        switch (r % 7) {                 /* ties, negatives, both zeros, infinities, tiny */
        case 0: t[i] = (double)(r % 50); break;
        case 1: t[i] = -(double)(r % 13) - 0.5; break;
        case 2: t[i] = (r & 8) ? 0.0 : -0.0; break;
        case 3: t[i] = (r & 16) ? INFINITY : -INFINITY; break;
        case 4: t[i] = (double)(r % 1000003) * 1e-300; break;
        default: t[i] = (double)(r >> 11) / 9007199254740992.0 * 1e6; break;
        }
        s[i] = (int)((r >> 20) & 1);
        key[i] = (r >> 24) % 5;
    }
    check_same(n, NULL, t, s);
    check_same(n, key, t, s);
    check_same(n, key, t, NULL);
    check_same(n, NULL, t, NULL);
    free(t);
    free(s);
    free(key);
}
END_TEST

START_TEST(radix_matches_definition_wide_keys)
{
    size_t n = 3000;
    double *t = malloc(n * sizeof *t);
    int *s = malloc(n * sizeof *s);
    size_t *key = malloc(n * sizeof *key);
    ck_assert(t && s && key);
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next();
        t[i] = (double)(r % 17);
        s[i] = (int)((r >> 30) & 1);
        /* keys spanning several 11-bit digits, with many equal */
        key[i] = (size_t)((r >> 33) % 4) * ((size_t)1 << 30) + (size_t)(r >> 40) % 3;
    }
    check_same(n, key, t, s);
    for (size_t i = 0; i < n; i++) key[i] = 7;   /* one key for all: its pass is skipped */
    check_same(n, key, t, s);
    for (size_t i = 0; i < n; i++) t[i] = 2.5;   /* all tied: the order is by status, then row */
    check_same(n, key, t, s);
    free(t);
    free(s);
    free(key);
}
END_TEST

/* Integer days with few groups: the one-word (packed) path. Also negative whole numbers, and a
 * single huge value that widens the time's varying bits past what fits (general path). */
START_TEST(radix_matches_definition_integer_days)
{
    size_t n = 20000;
    double *t = malloc(n * sizeof *t);
    int *s = malloc(n * sizeof *s);
    size_t *key = malloc(n * sizeof *key);
    ck_assert(t && s && key);
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next();
        t[i] = (double)(1 + r % 3650);
        s[i] = (int)((r >> 40) & 1);
        key[i] = (r >> 45) % 3;
    }
    check_same(n, key, t, s);
    check_same(n, NULL, t, s);
    for (size_t i = 0; i < n; i += 3) t[i] = -t[i];
    check_same(n, key, t, s);
    t[17] = 1e300;
    t[18] = -1e-300;
    check_same(n, key, t, s);
    free(t);
    free(s);
    free(key);
}
END_TEST

START_TEST(fallback_for_nan_and_other_status)
{
    size_t n = 1000;
    double *t = malloc(n * sizeof *t);
    int *s = malloc(n * sizeof *s);
    ck_assert(t && s);
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next();
        t[i] = (double)(r % 40);
        s[i] = (int)(r >> 50) % 3;           /* 0, 1, 2: not the radix path's 0/1 */
    }
    check_same(n, NULL, t, s);
    /* with a NaN the merge sort runs; the finite part must still come out ordered */
    for (size_t i = 0; i < n; i++) s[i] &= 1;
    t[500] = NAN;
    size_t *idx = malloc(n * sizeof *idx);
    ck_assert(idx != NULL);
    ck_assert_int_eq(pg_order_by_time(n, NULL, t, s, idx), PG_OK);
    char *seen = calloc(n, 1);
    ck_assert(seen != NULL);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_lt(idx[i], n);
        ck_assert(!seen[idx[i]]);                /* a permutation */
        seen[idx[i]] = 1;
    }
    free(seen);
    free(idx);
    free(t);
    free(s);
}
END_TEST

/* pg_order_by_key on the time order equals pg_order_by_time with the key, row for row, for
 * random keys with many ties of time, status and key; for both sort paths (n < 256 takes the
 * merge sort, n >= 256 the radix sort) and for k = 1 (a copy). */
static void check_by_key(size_t n, size_t k, unsigned time_mod)
{
    double *t = malloc(n * sizeof *t);
    int *s = malloc(n * sizeof *s);
    size_t *key = malloc(n * sizeof *key), *ord = malloc(n * sizeof *ord);
    size_t *got = malloc(n * sizeof *got), *want = malloc(n * sizeof *want);
    ck_assert(t && s && key && ord && got && want);
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next();
        t[i] = (r & 1) ? (double)(r % time_mod) : (double)(r % time_mod) + 0.25;
        s[i] = (int)((r >> 20) & 1);
        key[i] = (r >> 24) % k;
    }
    ck_assert_int_eq(pg_order_by_time(n, NULL, t, s, ord), PG_OK);
    ck_assert_int_eq(pg_order_by_key(n, ord, key, k, got), PG_OK);
    ck_assert_int_eq(pg_order_by_time(n, k > 1 ? key : NULL, t, s, want), PG_OK);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(got[i] == want[i], "n %zu, k %zu, position %zu: row %zu, want row %zu", n,
                      k, i, got[i], want[i]);
    free(t);
    free(s);
    free(key);
    free(ord);
    free(got);
    free(want);
}

START_TEST(by_key_equals_order_by_time)
{
    check_by_key(100, 3, 7);            /* merge sort path, heavy ties */
    check_by_key(5000, 4, 30);          /* radix path */
    check_by_key(5000, 1, 30);          /* one key: a copy */
    check_by_key(20000, 997, 1000);     /* many keys, some empty */
    check_by_key(1, 2, 3);
}
END_TEST

START_TEST(by_key_hand_example)
{
    /* rows:      0  1  2  3  4  5
     * key:       1  0  1  0  1  0
     * time:      5  5  2  5  2  1
     * status:    0  1  1  0  1  0
     * time order (time asc, events first, then row): 5, 2, 4, 1, 0, 3
     * by key:    key 0: 5, 1, 3; key 1: 2, 4, 0 */
    static const size_t key[] = {1, 0, 1, 0, 1, 0};
    static const double t[] = {5, 5, 2, 5, 2, 1};
    static const int s[] = {0, 1, 1, 0, 1, 0};
    static const size_t want_time[] = {5, 2, 4, 1, 0, 3}, want_key[] = {5, 1, 3, 2, 4, 0};
    size_t ord[6], got[6];
    ck_assert_int_eq(pg_order_by_time(6, NULL, t, s, ord), PG_OK);
    for (size_t i = 0; i < 6; i++) ck_assert_uint_eq(ord[i], want_time[i]);
    ck_assert_int_eq(pg_order_by_key(6, ord, key, 2, got), PG_OK);
    for (size_t i = 0; i < 6; i++) ck_assert_uint_eq(got[i], want_key[i]);
    ck_assert_int_eq(pg_order_by_key(0, ord, key, 2, got), PG_OK);
}
END_TEST

/* pg_sort_distinct (-0 and +0 one value), pg_sorted_index (the position of a value, the last
 * value below one between them, 0 below all) and pg_sort_distinct_text (strcmp order: "A" < "a",
 * "" first), by hand. */
START_TEST(distinct_values_and_rank_search)
{
    double u[] = {3, -0.0, 2.5, 3, 0.0, -1, 2.5};
    size_t m = pg_sort_distinct(u, 7);
    static const double want[] = {-1, 0, 2.5, 3};
    ck_assert_uint_eq(m, 4);
    for (size_t i = 0; i < m; i++) ck_assert(u[i] == want[i]);
    ck_assert_uint_eq(pg_sorted_index(u, m, 2.5), 2);
    ck_assert_uint_eq(pg_sorted_index(u, m, 3), 3);
    ck_assert_uint_eq(pg_sorted_index(u, m, -1), 0);
    ck_assert_uint_eq(pg_sorted_index(u, m, 1), 1);
    ck_assert_uint_eq(pg_sorted_index(u, m, -5), 0);
    ck_assert_uint_eq(pg_sort_distinct(u, 0), 0);

    const char *t[] = {"b", "a", "b", "A", "", "a"};
    static const char *const want_t[] = {"", "A", "a", "b"};
    ck_assert_uint_eq(pg_sort_distinct_text(t, 6), 4);
    for (size_t i = 0; i < 4; i++) ck_assert_str_eq(t[i], want_t[i]);
    ck_assert_uint_eq(pg_sort_distinct_text(t, 0), 0);
}
END_TEST

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The radix and few-values paths of pg_sort_distinct (n >= 256) against qsort + unique, bit
 * for bit: mixed signs, ties, both zeros (the first in the input is kept), infinities,
 * subnormals, integer days, 0/1 codes, 16 values (the most pg_small_distinct takes) and 17. */
START_TEST(distinct_radix_matches_qsort)
{
    enum { N = 5000 };
    double *u = malloc(N * sizeof *u), *v = malloc(N * sizeof *v);
    ck_assert(u && v);
    for (int kind = 0; kind < 6; kind++) {
        for (size_t i = 0; i < N; i++) {
            uint64_t r = next();
            double x = kind == 0 ? (double)(int64_t)(r % 2001) / 8.0 - 125.0
                     : kind == 1 ? (double)(1 + r % 3650)
                     : kind == 2 ? (double)(r % 2)
                     : kind == 4 ? (double)(r % 16) - 7
                     : kind == 5 ? (double)(r % 17) * 0.25 - 2
                     : ldexp((double)(r >> 11), (int)(r % 200) - 1100) * (r & 1 ? -1 : 1);
            if (kind != 1 && r % 97 == 0) x = (r >> 8) & 1 ? -0.0 : 0.0;
            if (kind == 3 && r % 501 == 0) x = (r >> 9) & 1 ? INFINITY : -INFINITY;
            u[i] = v[i] = x;
        }
        size_t m = pg_sort_distinct(u, N);
        qsort(v, N, sizeof *v, cmp_dbl);
        size_t k = 0;
        for (size_t i = 0; i < N; i++)
            if (k == 0 || v[i] != v[k - 1]) v[k++] = v[i];
        ck_assert_uint_eq(m, k);
        ck_assert_msg(memcmp(u, v, m * sizeof *u) == 0, "kind %d differs", kind);
        if (kind == 4) ck_assert_uint_eq(m, 16);
        if (kind == 5) ck_assert_uint_eq(m, 17);
    }
    double few[PG_SMALL_DISTINCT], w[] = {2, 1, 2, 1, NAN};
    ck_assert_uint_eq(pg_small_distinct(w, 4, few), 2);
    ck_assert(few[0] == 1 && few[1] == 2);
    ck_assert_uint_eq(pg_small_distinct(w, 5, few), 0);          /* a NaN */
    for (size_t i = 0; i < N; i++) u[i] = (double)(i % 17);
    ck_assert_uint_eq(pg_small_distinct(u, N, few), 0);          /* 17 values */
    free(u);
    free(v);
}
END_TEST

static Suite *order_suite(void)
{
    Suite *s = suite_create("order");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, radix_matches_definition_mixed_times);
    tcase_add_test(tc, radix_matches_definition_wide_keys);
    tcase_add_test(tc, radix_matches_definition_integer_days);
    tcase_add_test(tc, by_key_equals_order_by_time);
    tcase_add_test(tc, by_key_hand_example);
    tcase_add_test(tc, distinct_values_and_rank_search);
    tcase_add_test(tc, distinct_radix_matches_qsort);
    suite_add_tcase(s, tc);
    tc = tcase_create("edge");
    tcase_add_test(tc, fallback_for_nan_and_other_status);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return pg_test_run(order_suite());
}
