/* render_describe.h -- the writers of `prognos describe`; the summary itself is
 * src/report/describe.h. */
/* Thread safety: no global state; every function is reentrant, and what it only reads may be
 * shared between threads (common.h). */
#ifndef PG_RENDER_DESCRIBE_H
#define PG_RENDER_DESCRIBE_H

#include "render.h"
#include "describe.h"

/* Write d as text, csv, json or md. PG_OK, PG_ENOMEM or PG_EIO. */
int pg_describe_write(FILE *f, const pg_describe *d, pg_format fmt);

#endif
