/* km.c -- placeholder until the Kaplan-Meier module lands (replaced wholesale). */
#include <math.h>
#include <string.h>

#include "internal.h"

void pg_km_opts_init(pg_km_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->conf_level = 0.95;
    opt->rmst_tau = NAN;
}
int pg_km_fit(const pg_frame *fr, const pg_km_opts *opt, pg_km **out, pg_error *err)
{
    (void)fr, (void)opt;
    *out = NULL;
    return pg_fail(err, PG_EANALYSIS, "km: not built yet");
}
void pg_km_free(pg_km *km) { (void)km; }
int pg_km_followup(const pg_frame *fr, const pg_km_opts *opt, pg_km_quantile *out, pg_error *err)
{
    (void)fr, (void)opt, (void)out;
    return pg_fail(err, PG_EANALYSIS, "km: not built yet");
}
const char *pg_conf_type_name(pg_conf_type t) { (void)t; return "log"; }
int pg_conf_type_parse(const char *s, pg_conf_type *out) { (void)s, (void)out; return PG_EINPUT; }
