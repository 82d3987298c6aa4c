/* render_coxdiag.h -- Cox residuals (pg_cox_resid), predicted curves and the baseline hazard
 * (pg_cox_curves) as tables, for `prognos cox --residuals/--newdata/--basehaz`. */
#ifndef PG_RENDER_COXDIAG_H
#define PG_RENDER_COXDIAG_H

#include "render.h"

/* One row per output row: row (1-based data row: the dataset row when fr has one, else the
 * frame row), time (Schoenfeld types only), then the values: one column named after the type
 * ("martingale", "deviance") or one per coefficient (fr's column names). text and csv give CSV,
 * md a pipe table, json {"type", "columns": [...], "rows": [{"row", ["time"], name: value}]}.
 * Numbers at full precision, NA (null in JSON) where R has NA. */
int pg_render_cox_resid(FILE *f, const pg_cox_resid *r, const pg_frame *fr, pg_format fmt,
                        pg_error *err);
const char *pg_resid_type_name(pg_resid_type t);

/* Predicted curves in long form, one row per step: newdata_row (1-based), strata (when there
 * are several), time, n_risk, n_event, cumhaz, surv, std_err, conf_low, conf_high. text and csv
 * give CSV, md a pipe table, json {"curves": [{"newdata_row", ["strata"], "time", ...}]}. */
int pg_render_cox_curves(FILE *f, const pg_cox_curves *c, pg_format fmt, pg_error *err);

/* The baseline cumulative hazard (curves of one zero row) as R's basehaz(fit, centered = FALSE):
 * hazard, time, strata (when there are several). json {"basehaz": [{"hazard", "time",
 * ["strata"]}]}. */
int pg_render_cox_basehaz(FILE *f, const pg_cox_curves *c, pg_format fmt, pg_error *err);

#endif
