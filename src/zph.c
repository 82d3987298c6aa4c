/* zph.c -- placeholder until the proportional-hazards test lands (replaced wholesale). */
#include "internal.h"

int pg_zph_test(const pg_frame *fr, const pg_cox *fit, pg_zph_transform transform, pg_zph **out,
                pg_error *err)
{
    (void)fr, (void)fit, (void)transform;
    *out = NULL;
    return pg_fail(err, PG_EANALYSIS, "zph: not built yet");
}
void pg_zph_free(pg_zph *z) { (void)z; }
int pg_zph_transform_parse(const char *s, pg_zph_transform *out) { (void)s, (void)out; return PG_EINPUT; }
const char *pg_zph_transform_name(pg_zph_transform t) { (void)t; return "km"; }
