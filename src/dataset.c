/* dataset.c -- placeholder until the CSV reader lands (replaced wholesale). */
#include "internal.h"

#include <string.h>

void pg_csv_opts_init(pg_csv_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->source_column = "source";
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

void pg_dataset_free(pg_dataset *ds)
{
    (void)ds;
}
