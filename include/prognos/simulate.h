/* prognos/simulate.h -- a calibrated SYNTHETIC pooled cohort of superficial (cutaneous and
 * subcutaneous) leiomyosarcoma, for demonstrations, power studies and checking that the toolkit
 * recovers known hazard ratios. No row describes a real patient.
 * Thread safety: every function is reentrant; there is no global state (the random stream is
 * seeded from the options on each call, so equal options give equal cohorts). */
#ifndef PROGNOS_SIMULATE_H
#define PROGNOS_SIMULATE_H

#include <stddef.h>

#include "prognos/common.h"
#include "prognos/dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/* True generating hazard ratios for death from disease (proportional hazards, exponential
 * baseline per centre). The defaults are the calibration in datasets/README.md. */
typedef struct pg_sim_hr {
    double subcutaneous;   /* subcutaneous vs dermal: 5 */
    double size_gt5;       /* size > 5 cm: 3 */
    double grade2;         /* FNCLCC grade 2 vs 1: 2 */
    double grade3;         /* FNCLCC grade 3 vs 1: 4 */
    double necrosis;       /* any tumour necrosis: 2 */
    double female;         /* female vs male: 1.6 */
} pg_sim_hr;

typedef struct pg_sim_opts {
    unsigned long seed;    /* 20261121 */
    double scale;          /* multiplies every centre's size (1 = 480 patients) */
    pg_sim_hr hr;
} pg_sim_opts;

PG_API void pg_sim_opts_init(pg_sim_opts *opt);

/* Draw the cohort. Columns: id, source, age, sex, depth, site, size_cm, diff, mitoses,
 * necrosis (FNCLCC score 0-2), necrosis_pct, grade, margin, local_recurrence, lr_months,
 * metastasis, met_months, months, status (NED, AWD, DOD, DOC). Same seed, same rows. */
PG_API int pg_sim_draw(const pg_sim_opts *opt, pg_dataset **out, pg_error *err);

#ifdef __cplusplus
}
#endif
#endif
