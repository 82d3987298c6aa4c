/* check_sha256.c -- SHA-256 against the examples of FIPS 180-4 (NIST, "Example Algorithms:
 * SHA-256", csrc.nist.gov), and a file digest equal to the text's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pg_test.h"
#include "prognos/sha256.h"

START_TEST(fips_one_block)
{
    char hex[65];
    pg_sha256_buf("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    pg_sha256_buf(NULL, 0, hex);   /* the empty message */
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(fips_two_blocks)
{
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";   /* 448 bits */
    char hex[65];
    pg_sha256_buf(m, strlen(m), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}
END_TEST

START_TEST(fips_million_a)
{
    size_t n = 1000000;
    char *m = malloc(n);
    ck_assert_ptr_nonnull(m);
    memset(m, 'a', n);
    char hex[65];
    pg_sha256_buf(m, n, hex);
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    /* the same bytes as a file, read in blocks that do not fall on 64-byte boundaries */
    char path[] = "/tmp/pg_sha256_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "wb");
    ck_assert_uint_eq(fwrite(m, 1, n, f), n);
    fclose(f);
    char fhex[65];
    long long size = 0;
    pg_error e = {0};
    ck_assert_int_eq(pg_sha256_file(path, fhex, &size, &e), PG_OK);
    ck_assert_str_eq(fhex, hex);
    ck_assert_int_eq(size, (long long)n);
    unlink(path);
    free(m);
}
END_TEST

START_TEST(file_missing_is_an_io_error)
{
    char hex[65];
    pg_error e = {0};
    ck_assert_int_eq(pg_sha256_file("/nonexistent/x.csv", hex, NULL, &e), PG_EIO);
    ck_assert_str_eq(hex, "");
    ck_assert_ptr_nonnull(strstr(e.msg, "cannot open '/nonexistent/x.csv'"));
}
END_TEST

/* Lengths at the padding edge: 55 bytes (the length still fits the block), 56 (it does not) and
 * 64 (one whole block); digests from coreutils' sha256sum of that many 'a'. */
START_TEST(padding_edges)
{
    char m[65], hex[65];
    memset(m, 'a', 64);
    m[64] = '\0';
    pg_sha256_buf(m, 55, hex);   /* printf 'a%.0s' {1..55} | sha256sum */
    ck_assert_str_eq(hex, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    pg_sha256_buf(m, 56, hex);
    ck_assert_str_eq(hex, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    pg_sha256_buf(m, 64, hex);
    ck_assert_str_eq(hex, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}
END_TEST

static Suite *sha256_suite(void)
{
    Suite *s = suite_create("sha256");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, fips_one_block);
    tcase_add_test(tc, fips_two_blocks);
    tcase_add_test(tc, fips_million_a);
    tcase_add_test(tc, padding_edges);
    suite_add_tcase(s, tc);
    TCase *te = tcase_create("errors");
    tcase_add_test(te, file_missing_is_an_io_error);
    suite_add_tcase(s, te);
    return s;
}

int main(void)
{
    return pg_test_run(sha256_suite());
}
