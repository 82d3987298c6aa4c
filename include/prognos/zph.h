/* prognos/zph.h -- test of proportional hazards (R: survival::cox.zph, survival >= 3.0). */
#ifndef PROGNOS_ZPH_H
#define PROGNOS_ZPH_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/cox.h"
#include "prognos/frame.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { PG_ZPH_KM = 0, PG_ZPH_RANK, PG_ZPH_IDENTITY, PG_ZPH_LOG } pg_zph_transform;

typedef struct pg_zph {
    pg_zph_transform transform;
    size_t n_terms;
    char **term;              /* term labels; a factor is one term with k-1 df */
    double *chisq, *df, *pvalue;
    double global_chisq, global_df, global_p;
    size_t n_events, ncol;    /* scaled Schoenfeld residuals: n_events x p, row-major */
    double *time, *transformed_time, *resid;
    char **colname;
} pg_zph;

PG_API int pg_zph_test(const pg_frame *fr, const pg_cox *fit, pg_zph_transform transform,
                       pg_zph **out, pg_error *err);
PG_API void pg_zph_free(pg_zph *z);
PG_API int pg_zph_transform_parse(const char *s, pg_zph_transform *out);
PG_API const char *pg_zph_transform_name(pg_zph_transform t);

#ifdef __cplusplus
}
#endif
#endif
