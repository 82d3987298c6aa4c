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
