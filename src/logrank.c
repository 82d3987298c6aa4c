/* logrank.c -- placeholder until the log-rank module lands (replaced wholesale). */
#include <string.h>

#include "internal.h"

void pg_logrank_opts_init(pg_logrank_opts *opt) { memset(opt, 0, sizeof *opt); }
int pg_logrank_test(const pg_frame *fr, const pg_logrank_opts *opt, pg_logrank **out,
                    pg_error *err)
{
    (void)fr, (void)opt;
    *out = NULL;
    return pg_fail(err, PG_EANALYSIS, "logrank: not built yet");
}
void pg_logrank_free(pg_logrank *lr) { (void)lr; }
const char *pg_weights_name(pg_weights w) { (void)w; return "logrank"; }
int pg_weights_parse(const char *s, pg_weights *out) { (void)s, (void)out; return PG_EINPUT; }
