/* frame_censor.h -- left and interval censored responses of a formula frame (frame_censor.c),
 * the two steps frame_new.c calls for Surv(..., type = "left" / "interval2"). Internal. */
/* Thread safety: no global state; every function is reentrant (common.h). */
#ifndef PG_FRAME_CENSOR_H
#define PG_FRAME_CENSOR_H

#include "expr.h"
#include "formula.h"
#include "frame_impl.h"

/* After the time vt is evaluated on every row of ds: PG_EINPUT unless opt->censoring; then the
 * event (type "left") or the upper end vt2 (type "interval2") evaluated, vt replaced by the time
 * the row selection reads and ve by each row's censoring code (NA: the row is dropped). A
 * lower end above the upper one is PG_EINPUT naming the row's file and line. */
int pg_censor_eval(const pg_dataset *ds, const pg_formula *f, const pg_frame_opts *opt,
                   pg_value *vt, pg_value *ve, pg_value *vt2, pg_error *err);

/* Once fr->rows and fr->n are set: fr->time, fr->time2 (interval2), fr->censoring, fr->status
 * (1 = exact) and fr->events of the kept rows, and fr->response. PG_OK or PG_ENOMEM. */
int pg_censor_response(pg_frame *fr, const pg_value *vt, const pg_value *vt2,
                       const pg_value *ve, const char *response, pg_error *err);

#endif
