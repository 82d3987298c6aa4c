/* crr_frame.c -- Fine-Gray regression of a model frame: its causes as crr's codes. */
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "prognos/crr.h"

/* "a, b, c" of the frame's causes into buf. */
static void cause_list(const pg_frame *fr, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 1; k <= pg_frame_ncauses(fr) && used < len; k++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", k > 1 ? ", " : "",
                                 pg_frame_cause_name(fr, k));
}

int pg_crr_fit_frame(const pg_frame *fr, const pg_crr_opts *opt, pg_crr **out, pg_error *err)
{
    if (!out) return pg_fail(err, PG_EINPUT, "finegray: no place for the fit");
    *out = NULL;
    if (!fr) return pg_fail(err, PG_EINPUT, "finegray: no model frame");
    if (pg_frame_nstrata(fr) > 1)
        return pg_fail(err, PG_EANALYSIS, "finegray: strata() is not available (cmprsk::crr "
                       "has no strata); enter the variable as a covariate");
    if (pg_frame_cluster(fr))
        return pg_fail(err, PG_EANALYSIS, "finegray: cluster() is not available (crr's "
                       "variance already treats each row as independent)");
    size_t n = pg_frame_n(fr), K = pg_frame_ncauses(fr), ci = pg_frame_cause_index(fr);
    if (ci == 0 && K > 1) {
        char lc[400];
        cause_list(fr, lc, sizeof lc);
        return pg_fail(err, PG_EINPUT, "finegray: name the cause of interest with --cause "
                       "(causes: %s)", lc);
    }
    if (ci == 0) ci = 1;
    const int *cause = pg_frame_cause(fr);
    int *code = pg_malloc_array(n ? n : 1, sizeof *code);
    const char **names = pg_malloc_array(pg_frame_p(fr) + 1, sizeof *names);
    if (!code || !names) {
        free(code);
        free(names);
        return pg_fail(err, PG_ENOMEM, "finegray: out of memory");
    }
    for (size_t i = 0; i < n; i++)
        code[i] = cause[i] == 0 ? 0 : (size_t)cause[i] == ci ? 1 : 2;
    for (size_t j = 0; j < pg_frame_p(fr); j++) names[j] = pg_frame_colname(fr, j);
    int rc = pg_crr_fit(pg_frame_time(fr), code, n, pg_frame_x(fr), pg_frame_p(fr), names, opt,
                        out, err);
    free(code);
    free(names);
    return rc;
}
