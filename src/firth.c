/* firth.c -- placeholder until Firth's penalised Cox fit lands (replaced wholesale). */
#include "internal.h"

int pg_cox_fit_firth(const pg_frame *fr, const pg_cox_opts *opt, pg_cox **out, pg_error *err)
{
    (void)fr, (void)opt;
    *out = NULL;
    return pg_fail(err, PG_EANALYSIS, "cox: firth not built yet");
}
