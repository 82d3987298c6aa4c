/* format.c -- numbers as the reader of a result expects them: p-values as journals print them. */
#include "internal.h"
#include "prognos/format.h"

#include <math.h>
#include <stdio.h>

/*
 * P-values as journals print them (AMA / NEJM style, with the third decimal kept below 0.1 so
 * that 0.012 and 0.049 stay distinguishable from 0.01 and 0.05):
 *   p < 0.001 -> "< 0.001";  p < 0.1 -> 3 decimals;  p <= 0.99 -> 2 decimals;  else "> 0.99".
 * A value that rounds up across a boundary takes the coarser format (0.0996 -> "0.10").
 */
char *pg_format_pvalue(char *buf, size_t len, double p, int prefix)
{
    const char *pre = prefix ? "p " : "", *eq = prefix ? "= " : "";
    if (isnan(p)) snprintf(buf, len, "%sNA", prefix ? "p = " : "");
    else if (p < 0.001) snprintf(buf, len, "%s< 0.001", pre);
    else if (p > 0.99) snprintf(buf, len, "%s> 0.99", pre);
    else if (round(p * 1000) / 1000 < 0.1) snprintf(buf, len, "%s%s%.3f", pre, eq, p);
    else snprintf(buf, len, "%s%s%.2f", pre, eq, p);
    return buf;
}
