/* model_frame.c -- placeholder until the formula evaluator lands (replaced wholesale). */
#include "frame_impl.h"

int pg_frame_new(const pg_dataset *ds, const char *formula, const pg_frame_opts *opt,
                 pg_frame **out, pg_error *err)
{
    (void)ds;
    (void)formula;
    (void)opt;
    *out = NULL;
    return pg_fail(err, PG_EINPUT, "formula evaluator not built yet");
}

int pg_frame_newdata(const pg_frame *fr, const pg_dataset *newds, double **x, size_t *m,
                     pg_error *err)
{
    (void)fr, (void)newds;
    *x = NULL;
    *m = 0;
    return pg_fail(err, PG_EINPUT, "formula evaluator not built yet");
}

int pg_frame_term_ordered(const pg_frame *fr, size_t t)
{
    (void)fr, (void)t;
    return 0;
}
