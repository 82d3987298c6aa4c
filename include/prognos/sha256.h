/* prognos/sha256.h -- SHA-256 digests of texts and files (FIPS 180-4), for the manifests of
 * reports: a reviewer compares the digest of each input file with the one the report names.
 * Threads: reentrant; no state is kept between calls. */
#ifndef PROGNOS_SHA256_H
#define PROGNOS_SHA256_H

#include <stddef.h>

#include "prognos/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The SHA-256 digest of the len bytes at data as 64 lowercase hexadecimal digits and a NUL,
 * written to hex. data may be NULL when len is 0. */
PG_API void pg_sha256_buf(const void *data, size_t len, char hex[65]);

/* The SHA-256 digest of the file at path into hex (as pg_sha256_buf) and its size in bytes
 * into *size (if size is not NULL), reading it once in blocks. Returns PG_OK, or PG_EIO with err
 * naming the file when it cannot be opened or read (hex is then ""). */
PG_API int pg_sha256_file(const char *path, char hex[65], long long *size, pg_error *err);

#ifdef __cplusplus
}
#endif
#endif
