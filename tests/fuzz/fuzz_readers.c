/* fuzz_readers.c -- libFuzzer harness: every reader behind pg_dataset_read (src/data/source.c,
 * xlsx.c, stat.c, the encodings) on arbitrary bytes. The first byte picks the format asked for
 * (auto-detection by content, or one of the named formats, which the content must agree with)
 * and, for CSV text, an encoding; the rest is the file. Any crash, leak, ASan/UBSan report or
 * timeout is a finding; a damaged file must end in PG_EINPUT with a message, never more. */
#include "prognos/dataset.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static void remove_tmp(void)
{
    if (path[0]) unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const formats[] = {NULL, "xlsx", "sav", "dta", "sas7bdat", "xpt", "csv"};
    static const char *const encodings[] = {NULL, "WINDOWS-1252", "UTF-16"};
    if (size == 0) return 0;
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/pg_fuzz_readers_%ld", (long)getpid());
        atexit(remove_tmp);
    }
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    pg_csv_opts opt;
    pg_csv_opts_init(&opt);
    opt.format = formats[data[0] % 7];
    if (opt.format && strcmp(opt.format, "csv") == 0) opt.encoding = encodings[(data[0] / 7) % 3];
    if (data[0] & 0x80) opt.codes = 1;
    const char *paths[] = {path};
    pg_dataset *ds = NULL;
    pg_error err = {0};
    if (pg_dataset_read(paths, 1, &opt, &ds, &err) == PG_OK) pg_dataset_free(ds);
    else if (!err.msg[0]) abort();            /* every failure says what is wrong */
    return 0;
}
