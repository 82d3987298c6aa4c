/* sha256.c -- SHA-256, written from the standard: NIST FIPS 180-4, Secure Hash Standard
 * (2015), sections 4.1.2 (functions), 4.2.2 (constants), 5.1.1 (padding), 5.3.3 (initial hash
 * value) and 6.2.2 (the computation).
 *   The message is padded with a 1 bit, zeros, and its length in bits as a 64-bit big-endian
 *   number, to a multiple of 512 bits; each 512-bit block W[0..15] (big-endian words) is
 *   expanded to W[0..63] by W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16] and mixed into
 *   the eight working words a..h in 64 rounds; the digest is H[0..7] big-endian.
 * Tested against the examples of FIPS 180-4's appendix ("abc", the 448-bit message, one
 * million 'a') in tests/check_sha256.c. */
#include "internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "prognos/sha256.h"

typedef struct {
    uint32_t h[8];
    uint64_t nbytes;          /* message length so far */
    unsigned char block[64];  /* pending bytes of the current block */
    size_t nblock;
} sha256_state;

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first
 * 64 primes. */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

/* FIPS 180-4 6.2.2: one 64-byte block into the hash value. */
static void compress(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
               (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = k + S1 + ch + K[t] + w[t];
        uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + maj;
        k = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

static void state_init(sha256_state *s)
{
    /* FIPS 180-4 5.3.3: the fractional parts of the square roots of the first 8 primes. */
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, h0, sizeof h0);
    s->nbytes = 0;
    s->nblock = 0;
}

static void state_add(sha256_state *s, const unsigned char *p, size_t len)
{
    s->nbytes += len;
    while (len > 0) {
        size_t take = 64 - s->nblock;
        if (take > len) take = len;
        memcpy(s->block + s->nblock, p, take);
        s->nblock += take;
        p += take;
        len -= take;
        if (s->nblock == 64) {
            compress(s->h, s->block);
            s->nblock = 0;
        }
    }
}

/* FIPS 180-4 5.1.1: 0x80, zeros to 56 mod 64, the length in bits big-endian; then the hex. */
static void state_finish(sha256_state *s, char hex[65])
{
    uint64_t bits = s->nbytes * 8;
    unsigned char pad[72] = {0x80};
    size_t npad = (s->nblock < 56 ? 56 : 120) - s->nblock;
    for (int i = 0; i < 8; i++) pad[npad + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
    uint64_t keep = s->nbytes;
    state_add(s, pad, npad + 8);
    s->nbytes = keep;
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) hex[8 * i + j] = digits[(s->h[i] >> (28 - 4 * j)) & 0xf];
    hex[64] = '\0';
}

void pg_sha256_buf(const void *data, size_t len, char hex[65])
{
    sha256_state s;
    state_init(&s);
    if (len > 0) state_add(&s, data, len);
    state_finish(&s, hex);
}

int pg_sha256_file(const char *path, char hex[65], long long *size, pg_error *err)
{
    hex[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) return pg_fail_at(err, PG_EIO, path, 0, 0, "cannot open '%s': %s", path,
                              strerror(errno));
    sha256_state s;
    state_init(&s);
    unsigned char buf[1 << 16];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) state_add(&s, buf, got);
    int bad = ferror(f);
    fclose(f);
    if (bad) return pg_fail_at(err, PG_EIO, path, 0, 0, "cannot read '%s'", path);
    if (size) *size = (long long)s.nbytes;
    state_finish(&s, hex);
    return PG_OK;
}
