/* dataset_read.c -- placeholder until the CSV reader lands (replaced wholesale). */
#include "dataset_impl.h"

int pg_dataset_read_csv(const char *path, const pg_csv_opts *opt, pg_dataset **out,
                        pg_error *err)
{
    return pg_dataset_read_csv_files(&path, 1, opt, out, err);
}

int pg_dataset_read_csv_files(const char *const *paths, size_t n, const pg_csv_opts *opt,
                              pg_dataset **out, pg_error *err)
{
    (void)paths;
    (void)n;
    (void)opt;
    *out = NULL;
    return pg_fail(err, PG_EINPUT, "csv reader not built yet");
}
