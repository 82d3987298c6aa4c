/* cox_resid.c -- placeholder until Cox residuals land (replaced wholesale). */
#include "internal.h"

int pg_cox_residuals(const pg_frame *fr, const pg_cox *fit, pg_resid_type type,
                     pg_cox_resid **out, pg_error *err)
{
    (void)fr, (void)fit, (void)type;
    *out = NULL;
    return pg_fail(err, PG_EANALYSIS, "cox: residuals not built yet");
}
void pg_cox_resid_free(pg_cox_resid *r) { (void)r; }
int pg_resid_type_parse(const char *s, pg_resid_type *out) { (void)s, (void)out; return PG_EINPUT; }
