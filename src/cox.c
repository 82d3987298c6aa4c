/* cox.c -- placeholder until the Cox module lands (replaced wholesale). */
#include <string.h>

#include "internal.h"

void pg_cox_opts_init(pg_cox_opts *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->conf_level = 0.95;
    opt->max_iter = 20;
    opt->eps = 1e-9;
    opt->toler_chol = 1.818989403545856e-12;
}
int pg_cox_fit(const pg_frame *fr, const pg_cox_opts *opt, pg_cox **out, pg_error *err)
{
    (void)fr, (void)opt;
    *out = NULL;
    return pg_fail(err, PG_EANALYSIS, "cox: not built yet");
}
void pg_cox_free(pg_cox *fit) { (void)fit; }
const char *pg_ties_name(pg_ties t) { (void)t; return "efron"; }
int pg_ties_parse(const char *s, pg_ties *out) { (void)s, (void)out; return PG_EINPUT; }
