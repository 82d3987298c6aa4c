/* prognos/format.h -- numbers written the way the reader of a result expects them. */
#ifndef PROGNOS_FORMAT_H
#define PROGNOS_FORMAT_H

#include <stddef.h>

#include "prognos/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A p-value as journals print it: "0.012" (three decimals below 0.1), "0.35" (two above),
 * "< 0.001", "> 0.99", "NA" for NaN. With prefix: "p = 0.012", "p < 0.001". Returns buf. */
PG_API char *pg_format_pvalue(char *buf, size_t len, double p, int prefix);

#ifdef __cplusplus
}
#endif
#endif
