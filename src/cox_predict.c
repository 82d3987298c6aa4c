/* cox_predict.c -- placeholder until Cox prediction lands (replaced wholesale). */
#include "internal.h"

int pg_cox_predict(const pg_frame *fr, const pg_cox *fit, const double *newx, size_t m,
                   pg_cox_curves **out, pg_error *err)
{
    (void)fr, (void)fit, (void)newx, (void)m;
    *out = NULL;
    return pg_fail(err, PG_EANALYSIS, "cox: prediction not built yet");
}
void pg_cox_curves_free(pg_cox_curves *c) { (void)c; }
